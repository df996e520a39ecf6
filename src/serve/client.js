// fachwerk serve: the live-reload hook. `fachwerk serve` adds this script to every
// HTML page it serves; `fachwerk build` never does. It listens to the server's
// events (/_fachwerk/events, Server-Sent Events):
//   hello        on every (re)connect: reload if the page is from another build,
//                show or hide the error overlay
//   reload       a new build is served: pages it did not change stay as they are;
//                a page whose change lies inside <main> (an edited text) gets the
//                new <main> patched in place, keeping scroll position and scripts;
//                any other change reloads the page
//   css          only stylesheets changed: swap them without a reload
//   build-error  the build failed: show the overlay (the last good build stays)
// Styles are set through the CSSOM, so a Content-Security-Policy that forbids inline
// styles does not break the overlay.
(() => {
  'use strict';
  const script = document.currentScript;
  let build = script ? script.dataset.fachwerkBuild || '' : '';
  let overlay = null;
  let inerted = [];
  let returnFocus = null;
  let retryDelay = 1000;
  // Reload events are handled one after the other.
  let updates = Promise.resolve();

  function connect() {
    const source = new EventSource('/_fachwerk/events');
    source.addEventListener('hello', (e) => {
      retryDelay = 1000;
      const state = JSON.parse(e.data);
      if (state.build && state.build !== build) {
        location.reload();
        return;
      }
      if (state.errors) showOverlay(state.errors, state.texts);
      else hideOverlay();
    });
    source.addEventListener('reload', (e) => {
      const msg = JSON.parse(e.data);
      updates = updates.then(() => update(msg));
    });
    source.addEventListener('css', (e) => swapStylesheets(JSON.parse(e.data).build));
    source.addEventListener('build-error', (e) => {
      const msg = JSON.parse(e.data);
      showOverlay(msg.errors, msg.texts);
    });
    source.onerror = () => {
      // While the server is away the browser retries by itself; if it gave up
      // (closed stream), try again later, slower each time.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      }
    };
  }

  // The page's HTML as served (its build's), to tell a change inside <main> from
  // one elsewhere; fetched once the page has loaded.
  let served = null;
  function remember() {
    const mine = build;
    fetch(location.href, { cache: 'no-store' })
      .then((res) => (res.ok ? res.text() : null))
      .then((text) => {
        if (text && buildOf(text) === mine && build === mine) served = text;
      })
      .catch(() => {});
  }
  if (document.readyState === 'complete') remember();
  else addEventListener('load', remember, { once: true });

  function buildOf(text) {
    const m = /data-fachwerk-build="([^"]*)"/.exec(text);
    return m ? m[1] : null;
  }

  // The output file this page is: /projekte/a/ → projekte/a/index.html.
  function ownFile() {
    let p = decodeURIComponent(location.pathname).replace(/^\//, '');
    if (p === '' || p.endsWith('/')) p += 'index.html';
    return p;
  }

  // Everything of a page but the content of <main> and the reload hook.
  function outsideMain(doc) {
    doc.querySelectorAll('script[data-fachwerk-build]').forEach((s) => s.remove());
    doc.querySelector('main').replaceChildren();
    return doc.documentElement.outerHTML;
  }

  async function update(msg) {
    if (msg.changed && !msg.changed.includes(ownFile())) {
      build = msg.build;
      served = null;
      remember();
      return;
    }
    const before = served;
    let text;
    try {
      const res = await fetch(location.href, { cache: 'no-store' });
      text = res.ok ? await res.text() : null;
    } catch {
      text = null;
    }
    const parse = (t) => new DOMParser().parseFromString(t, 'text/html');
    const now = text && parse(text);
    const fresh = now && now.querySelector('main');
    const live = document.querySelector('main');
    if (!before || !fresh || !live || overlay || fresh.querySelector('script') ||
        buildOf(text) !== msg.build) {
      location.reload();
      return;
    }
    const patch = fresh.cloneNode(true);
    if (outsideMain(parse(before)) !== outsideMain(now)) {
      location.reload();
      return;
    }
    morph(live, patch);
    build = msg.build;
    served = text;
  }

  // Makes `live` like `fresh`, changing only what differs, so that elements (and
  // what scripts attached to them) stay where the text around them changed.
  function morph(live, fresh) {
    if (live.nodeType !== fresh.nodeType || live.nodeName !== fresh.nodeName) {
      live.replaceWith(document.importNode(fresh, true));
      return;
    }
    if (live.nodeType !== Node.ELEMENT_NODE) {
      if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
      return;
    }
    for (const { name, value } of [...fresh.attributes]) {
      if (live.getAttribute(name) !== value) live.setAttribute(name, value);
    }
    for (const { name } of [...live.attributes]) {
      if (!fresh.hasAttribute(name)) live.removeAttribute(name);
    }
    const now = [...live.childNodes];
    const next = [...fresh.childNodes];
    next.forEach((node, i) => {
      if (i < now.length) morph(now[i], node);
      else live.append(document.importNode(node, true));
    });
    now.slice(next.length).forEach((node) => node.remove());
  }

  // Hashed file names change with the content, so the new addresses come from the
  // page as the server has it now; links are matched by their order in the page.
  async function swapStylesheets(newBuild) {
    const selector = 'link[rel~="stylesheet" i]';
    let hrefs;
    try {
      const res = await fetch(location.href, { cache: 'no-store' });
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      hrefs = [...doc.querySelectorAll(selector)].map((l) => l.getAttribute('href'));
    } catch {
      location.reload();
      return;
    }
    const links = [...document.querySelectorAll(selector)];
    if (hrefs.length !== links.length || hrefs.some((h) => !h)) {
      location.reload();
      return;
    }
    build = newBuild;
    links.forEach((old, i) => {
      const url = new URL(hrefs[i], location.href);
      url.searchParams.set('fachwerk-build', newBuild);
      const fresh = old.cloneNode();
      fresh.href = url.href;
      // The old sheet stays until the new one is there: no flash of unstyled text.
      const done = () => old.remove();
      fresh.addEventListener('load', done, { once: true });
      fresh.addEventListener('error', done, { once: true });
      old.after(fresh);
    });
  }

  function el(tag, css, text) {
    const node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The overlay's words come from the server, in the language of the site's
  // messages (the catalogue's words `overlay-*`); the script holds no text of its own.
  function showOverlay(errors, texts) {
    hideOverlay(false);
    returnFocus = document.activeElement;
    overlay = el('div', 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);' +
      'display:flex;align-items:flex-start;justify-content:center;padding:1rem;overflow:auto;' +
      'box-sizing:border-box;font:16px/1.5 system-ui,sans-serif;');
    overlay.id = 'fachwerk-overlay';
    overlay.lang = texts.lang;
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-labelledby', 'fachwerk-overlay-title');
    overlay.setAttribute('aria-describedby', 'fachwerk-overlay-intro');
    const panel = el('div', 'background:#fff;color:#1a1a1a;max-width:60rem;width:100%;' +
      'border-top:.5rem solid #b00020;border-radius:.25rem;padding:1.5rem;box-sizing:border-box;');
    const title = el('h2', 'margin:0 0 .5rem;font-size:1.375rem;color:#1a1a1a;',
      texts.title);
    title.id = 'fachwerk-overlay-title';
    const n = errors.length;
    const intro = el('p', 'margin:0 0 1rem;',
      n === 1 ? texts.introOne : texts.introMany.replace('{count}', String(n)));
    intro.id = 'fachwerk-overlay-intro';
    const list = el('ol', 'margin:0 0 1rem;padding:0;list-style:none;max-height:60vh;overflow:auto;');
    list.tabIndex = 0;
    list.setAttribute('aria-label', texts.list);
    for (const error of errors) {
      const item = el('li', 'margin:0 0 .75rem;');
      item.append(el('pre', 'margin:0;padding:.75rem;background:#f4f4f4;color:#1a1a1a;' +
        'border-left:.25rem solid #b00020;white-space:pre-wrap;overflow-wrap:anywhere;' +
        'font:14px/1.45 ui-monospace,monospace;', error.text));
      list.append(item);
    }
    const close = el('button', 'font:inherit;padding:.5rem 1rem;border:2px solid #1a1a1a;' +
      'border-radius:.25rem;background:#1a1a1a;color:#fff;cursor:pointer;', texts.close);
    close.type = 'button';
    close.addEventListener('click', () => hideOverlay());
    panel.append(title, intro, list, close);
    overlay.append(panel);
    overlay.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        hideOverlay();
      } else if (e.key === 'Tab') {
        // Keep the focus inside the dialog: the list and the button.
        e.preventDefault();
        (document.activeElement === close ? list : close).focus();
      }
    });
    inerted = [...document.body.children].filter((c) => !c.inert);
    inerted.forEach((c) => { c.inert = true; });
    document.body.append(overlay);
    close.focus();
  }

  function hideOverlay(restoreFocus = true) {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    inerted.forEach((c) => { c.inert = false; });
    inerted = [];
    if (restoreFocus && returnFocus && returnFocus.focus) returnFocus.focus();
  }

  connect();
})();
