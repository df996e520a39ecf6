/*
 * fachwerk consent panel. Loaded only on sites with a category that needs consent.
 *
 * - Nothing is stored and nothing optional loads before a choice: the scripts of a
 *   category wait in <template data-consent-category="…"> and are activated here only
 *   for categories the visitor allowed.
 * - The choice is kept in localStorage under "fachwerk-consent" (no cookie), only after
 *   the visitor chose: strictly necessary to respect the decision (§ 25 Abs. 2 Nr. 2 TDDDG).
 * - A category added to privacy.yaml later makes the panel ask again; it stays off
 *   until the visitor allows it.
 * - Withdrawing removes the category's first-party cookies named in privacy.yaml (and
 *   those starting with "name.", as Matomo's "_pk_id.1.ab12"); its scripts no longer load
 *   from the next page on.
 * No inline handlers, no eval, no inline styles: works under a strict CSP.
 */
(function () {
  'use strict';

  var KEY = 'fachwerk-consent';
  var panel = document.querySelector('[data-consent]');
  if (!panel) return;
  var settings = panel.querySelector('#consent-settings');
  var settingsButton = panel.querySelector('[data-consent-settings]');
  var saveButton = panel.querySelector('[data-consent-save]');
  var heading = panel.querySelector('#consent-heading');
  var status = document.querySelector('[data-consent-status]');
  var boxes = Array.prototype.slice.call(panel.querySelectorAll('[data-consent-category]'));
  var footer = document.querySelector('[data-consent-footer]');
  var openButton = document.querySelector('[data-consent-open]');
  var memory = null; // the choice when localStorage is unavailable
  var activated = {};
  var reopened = false;

  function read() {
    try {
      var raw = window.localStorage.getItem(KEY);
      if (!raw) return memory;
      var data = JSON.parse(raw);
      return data && Array.isArray(data.categories) ? data : memory;
    } catch (e) {
      return memory;
    }
  }

  function write(categories) {
    var asked = boxes.map(function (b) { return b.value; });
    memory = { version: 1, categories: categories, asked: asked, date: new Date().toISOString() };
    try {
      window.localStorage.setItem(KEY, JSON.stringify(memory));
    } catch (e) {
      /* storage blocked: the choice holds for this page only */
    }
  }

  function activate(categories) {
    var templates = document.querySelectorAll('template[data-consent-category]');
    Array.prototype.forEach.call(templates, function (t) {
      var category = t.getAttribute('data-consent-category');
      if (categories.indexOf(category) < 0) return;
      var scripts = t.content.querySelectorAll('script');
      Array.prototype.forEach.call(scripts, function (inert) {
        var src = inert.getAttribute('src');
        if (!src || activated[src]) return;
        activated[src] = true;
        var s = document.createElement('script');
        s.src = src;
        s.setAttribute('data-consent-loaded', category);
        document.body.appendChild(s);
      });
    });
  }

  function removeCookies(categories) {
    var templates = document.querySelectorAll('template[data-consent-category]');
    var names = [];
    Array.prototype.forEach.call(templates, function (t) {
      if (categories.indexOf(t.getAttribute('data-consent-category')) < 0) return;
      names = names.concat((t.getAttribute('data-consent-cookies') || '').split(' ').filter(Boolean));
    });
    if (!names.length || !document.cookie) return;
    document.cookie.split(';').forEach(function (pair) {
      var name = pair.split('=')[0].trim();
      var match = names.some(function (n) { return name === n || name.indexOf(n + '.') === 0; });
      if (!match) return;
      var host = window.location.hostname;
      ['', '; domain=' + host, '; domain=.' + host].forEach(function (domain) {
        document.cookie = name + '=; Max-Age=0; path=/' + domain;
      });
    });
  }

  function show(focus) {
    var choice = read();
    boxes.forEach(function (b) {
      b.checked = !!choice && choice.categories.indexOf(b.value) >= 0;
    });
    panel.hidden = false;
    if (focus) {
      heading.focus();
      heading.scrollIntoView({ block: 'start' });
    }
  }

  function hide() {
    panel.hidden = true;
    toggleSettings(false);
    if (reopened && openButton) {
      openButton.focus();
    } else {
      var main = document.getElementById('inhalt');
      if (main) main.focus();
    }
    reopened = false;
  }

  function toggleSettings(open) {
    settings.hidden = !open;
    saveButton.hidden = !open;
    settingsButton.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function choose(categories) {
    var before = read();
    var withdrawn = before ? before.categories.filter(function (c) { return categories.indexOf(c) < 0; }) : [];
    write(categories);
    removeCookies(withdrawn);
    activate(categories);
    if (status) status.textContent = status.getAttribute('data-saved');
    hide();
  }

  panel.querySelector('[data-consent-accept]').addEventListener('click', function () {
    choose(boxes.map(function (b) { return b.value; }));
  });
  panel.querySelector('[data-consent-reject]').addEventListener('click', function () {
    choose([]);
  });
  settingsButton.addEventListener('click', function () {
    toggleSettings(settings.hidden);
    if (!settings.hidden && boxes.length) boxes[0].focus();
  });
  saveButton.addEventListener('click', function () {
    choose(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
  });
  panel.addEventListener('keydown', function (e) {
    // Escape closes the panel only when a choice exists (it was reopened).
    if (e.key === 'Escape' && read()) {
      e.preventDefault();
      hide();
    }
  });
  if (openButton) {
    footer.hidden = false;
    openButton.addEventListener('click', function () {
      reopened = true;
      if (status) status.textContent = '';
      show(true);
    });
  }

  // Ask again when privacy.yaml gained a category the visitor was never asked about.
  var choice = read();
  if (choice) activate(choice.categories);
  var unasked = boxes.some(function (b) {
    return !choice || !Array.isArray(choice.asked) || choice.asked.indexOf(b.value) < 0;
  });
  if (unasked) show(false);
})();
