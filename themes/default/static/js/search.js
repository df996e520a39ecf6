// fachwerk's site search and project finder. Reads the index that fachwerk writes
// below suche/index/<language>/ (src/search/), from the site itself: no other host,
// no cookie, no storage. Every URL is relative to the base the page names in the
// data-url attribute of [data-search] or [data-finder] (fachwerk moves it under the
// site's path). Loaded only by /suche/ and /projekte/.
(function () {
  'use strict';

  // ---- Words as the index keeps them (src/search/text.rs does the same) ----

  var MAX_WORD_CHARS = 40;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var DIGIT = /\p{N}/u;
  var VOWELS = 'aeiouyäöü';

  function isVowel(c) {
    return c !== undefined && VOWELS.indexOf(c) >= 0;
  }

  function endsWith(w, suffix, end) {
    var s = Array.from(suffix);
    if (end < s.length) return false;
    for (var i = 0; i < s.length; i++) if (w[end - s.length + i] !== s[i]) return false;
    return true;
  }

  // Snowball's German stemmer, version 3.0 (the algorithm of the pagefind_stem crate
  // that indexes the site), on a lower-case word.
  function stemGerman(word) {
    var w = Array.from(word);
    var i;
    // u and y between vowels are consonants: mark them.
    for (i = 1; i < w.length - 1; i++) {
      if ((w[i] === 'u' || w[i] === 'y') && isVowel(w[i - 1]) && isVowel(w[i + 1])) {
        w[i] = w[i].toUpperCase();
      }
    }
    // ß is ss; ae, oe and ue are umlauts, except in qu.
    var v = [];
    for (i = 0; i < w.length;) {
      var c = w[i];
      var n = w[i + 1];
      if (c === 'ß') {
        v.push('s', 's');
        i += 1;
      } else if (c === 'q' && n === 'u') {
        v.push('q', 'u');
        i += 2;
      } else if (n === 'e' && (c === 'a' || c === 'o' || c === 'u')) {
        v.push(c === 'a' ? 'ä' : c === 'o' ? 'ö' : 'ü');
        i += 2;
      } else {
        v.push(c);
        i += 1;
      }
    }
    w = v;
    // R1 starts after the first non-vowel that follows a vowel (at least at 3),
    // R2 after the next such non-vowel.
    var len = w.length;
    var p1 = len;
    var p2 = len;
    if (len >= 3) {
      var at = afterVowelRun(w, 0);
      if (at >= 0) {
        p1 = Math.max(at, 3);
        at = afterVowelRun(w, at);
        if (at >= 0) p2 = at;
      }
    }
    var end = w.length;
    // Step 1.
    var s1 = longest(w, end, ['erinnen', 'erin', 'lns', 'ern', 'em', 'en', 'er', 'es', 'ln', 'e', 's']);
    if (s1 && end - s1.length >= p1) {
      var start = end - s1.length;
      if (s1 === 'em') {
        if (!endsWith(w, 'syst', start)) end = start;
      } else if (s1 === 'erinnen' || s1 === 'erin' || s1 === 'ern' || s1 === 'er') {
        end = start;
      } else if (s1 === 'e' || s1 === 'en' || s1 === 'es') {
        end = start;
        if (endsWith(w, 'niss', end)) end -= 1;
      } else if (s1 === 's') {
        if (start > 0 && 'bdfghklmnrt'.indexOf(w[start - 1]) >= 0) end = start;
      } else {
        // ln, lns: l
        w = w.slice(0, start).concat(['l']);
        end = start + 1;
      }
    }
    w = w.slice(0, end);
    // Step 2.
    var s2 = longest(w, end, ['est', 'en', 'er', 'et', 'st']);
    if (s2 && end - s2.length >= p1) {
      var start2 = end - s2.length;
      if (s2 === 'en' || s2 === 'er' || s2 === 'est') {
        end = start2;
      } else if (s2 === 'st') {
        if (start2 >= 4 && 'bdfghklmnt'.indexOf(w[start2 - 1]) >= 0) end = start2;
      } else if ('Udfgklmnrstzä'.indexOf(w[start2 - 1]) >= 0 && start2 > 0) {
        // et, except after tick, plan, geordn, intern, tr
        var kept = ['tick', 'plan', 'geordn', 'intern', 'tr'].some(function (e) {
          return endsWith(w, e, start2);
        });
        if (!kept) end = start2;
      }
    }
    w = w.slice(0, end);
    // Step 3, in R2.
    var s3 = longest(w, end, ['heit', 'isch', 'keit', 'lich', 'end', 'ung', 'ig', 'ik']);
    if (s3 && end - s3.length >= p2) {
      var start3 = end - s3.length;
      if (s3 === 'end' || s3 === 'ung') {
        end = start3;
        if (endsWith(w, 'ig', end) && w[end - 3] !== 'e' && end - 2 >= p2) end -= 2;
      } else if (s3 === 'ig' || s3 === 'ik' || s3 === 'isch') {
        if (w[start3 - 1] !== 'e') end = start3;
      } else if (s3 === 'lich' || s3 === 'heit') {
        end = start3;
        if ((endsWith(w, 'er', end) || endsWith(w, 'en', end)) && end - 2 >= p1) end -= 2;
      } else {
        // keit
        end = start3;
        if (endsWith(w, 'lich', end) && end - 4 >= p2) end -= 4;
        else if (endsWith(w, 'ig', end) && end - 2 >= p2) end -= 2;
      }
    }
    w = w.slice(0, end);
    var back = { U: 'u', Y: 'y', 'ä': 'a', 'ö': 'o', 'ü': 'u' };
    return w.map(function (c) {
      return back[c] || c;
    }).join('');
  }

  // The index just past the first non-vowel after a vowel at or after `from`, or -1.
  function afterVowelRun(w, from) {
    var i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    if (i >= w.length) return -1;
    i++;
    while (i < w.length && isVowel(w[i])) i++;
    if (i >= w.length) return -1;
    return i + 1;
  }

  // The longest of `suffixes` (listed longest first) that `w` ends with before `end`.
  function longest(w, end, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      if (endsWith(w, suffixes[i], end)) return suffixes[i];
    }
    return null;
  }

  // Harman's S stemmer, as english_plural in src/search/text.rs.
  function stemEnglish(word) {
    var n = Array.from(word).length;
    var ends = function (s) {
      return word.slice(-s.length) === s;
    };
    if (n > 3 && ends('ies') && !ends('eies') && !ends('aies')) return word.slice(0, -3) + 'y';
    if (n > 3 && ends('es') && !ends('aes') && !ends('ees') && !ends('oes')) return word.slice(0, -1);
    if (n > 2 && ends('s') && !ends('us') && !ends('ss')) return word.slice(0, -1);
    return word;
  }

  // The terms of `text`, each with where its word stands in text.normalize('NFC').
  function analyze(text, language, stop) {
    var stem = language === 'en' ? stemEnglish : stemGerman;
    var out = [];
    var normalized = text.normalize('NFC');
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(normalized)) !== null) {
      var word = m[0];
      if (Array.from(word).length > MAX_WORD_CHARS) continue;
      var lower = word.toLowerCase();
      if (stop.has(lower)) continue;
      out.push({ term: DIGIT.test(lower) ? lower : stem(lower), at: m.index, len: word.length });
    }
    return out;
  }

  // ---- The index ----

  function Index(base, language) {
    this.dir = new URL('suche/index/' + language + '/', base);
    this.language = language;
    this.chunks = new Map();
  }

  Index.prototype.load = function () {
    var self = this;
    if (!this.manifest) {
      this.manifest = fetch(new URL('index.json', this.dir), { cache: 'no-cache', credentials: 'omit' })
        .then(ok)
        .then(function (r) {
          return r.json();
        })
        .then(function (m) {
          if (m.format !== 1) throw new Error('unknown index format ' + m.format);
          self.stop = new Set(m.stop);
          return m;
        });
    }
    return this.manifest;
  };

  function ok(response) {
    if (!response.ok) throw new Error(response.url + ': ' + response.status);
    return response;
  }

  Index.prototype.file = function (name) {
    return fetch(new URL(name, this.dir), { credentials: 'omit' }).then(ok);
  };

  // The decoded chunk number i: { terms: [...], lists: [[[doc, weight], ...], ...],
  // parts: [[head, tail] or null, ...] }.
  Index.prototype.chunk = function (m, i) {
    var self = this;
    if (!this.chunks.has(i)) {
      this.chunks.set(i, this.file(m.chunks[i][1]).then(function (r) {
        return r.arrayBuffer();
      }).then(function (buffer) {
        return readChunk(new Uint8Array(buffer));
      }));
      this.chunks.get(i).catch(function () {
        self.chunks.delete(i);
      });
    }
    return this.chunks.get(i);
  };

  // The format of src/search/encode.rs.
  function readChunk(bytes) {
    var at = 0;
    var decoder = new TextDecoder();
    function number() {
      var n = 0;
      var scale = 1;
      for (;;) {
        var b = bytes[at++];
        if (b === undefined) throw new Error('truncated chunk');
        n += (b & 0x7f) * scale;
        if (b < 0x80) return n;
        scale *= 128;
      }
    }
    var count = number();
    var terms = [];
    var lists = [];
    var parts = [];
    var previous = new Uint8Array(0);
    for (var t = 0; t < count; t++) {
      var shared = number();
      var len = number();
      var term = new Uint8Array(shared + len);
      term.set(previous.subarray(0, shared));
      term.set(bytes.subarray(at, at + len), shared);
      at += len;
      previous = term;
      var df = number();
      var docs = new Array(df);
      var doc = 0;
      for (var d = 0; d < df; d++) {
        doc += number();
        docs[d] = doc;
      }
      var list = new Array(df);
      for (d = 0; d < df; d++) list[d] = [docs[d], bytes[at + d]];
      at += df;
      var own = [];
      for (var p = number(); p > 0; p--) {
        var plen = number();
        own.push(decoder.decode(bytes.subarray(at, at + plen)));
        at += plen;
      }
      terms.push(decoder.decode(term));
      lists.push(list);
      parts.push(own.length === 2 ? own : null);
    }
    return { terms: terms, lists: lists, parts: parts };
  }

  // Compares like Rust's byte order of UTF-8 strings (code point order), which
  // differs from JavaScript's UTF-16 order only above U+FFFF.
  function compare(a, b) {
    var x = Array.from(a);
    var y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  // Documents with `term`, and (with prefix) with terms that begin with it: a Map
  // from document to { score, terms }. Prefix matches weigh less. The map's `parts`
  // are the compound's parts when the index split `term` (ausbildungsbetrieb:
  // ausbild, betrieb).
  Index.prototype.lookup = function (m, term, prefix) {
    var self = this;
    var first = 0;
    for (var i = 0; i < m.chunks.length; i++) {
      if (compare(m.chunks[i][0], term) <= 0) first = i;
      else break;
    }
    var wanted = [first];
    if (prefix) {
      // At most three chunks of terms that begin with it.
      for (var j = first + 1; j < m.chunks.length && wanted.length < 3; j++) {
        if (m.chunks[j][0].indexOf(term) === 0) wanted.push(j);
        else break;
      }
    }
    return Promise.all(wanted.map(function (c) {
      return self.chunk(m, c);
    })).then(function (chunks) {
      var found = new Map();
      chunks.forEach(function (chunk) {
        chunk.terms.forEach(function (t, k) {
          var exact = t === term;
          if (exact && chunk.parts[k]) found.parts = chunk.parts[k];
          if (!exact && !(prefix && t.indexOf(term) === 0)) return;
          var list = chunk.lists[k];
          var rarity = Math.log(1 + (m.docs - list.length + 0.5) / (list.length + 0.5));
          var factor = exact ? 1 : 0.6;
          list.forEach(function (entry) {
            var score = rarity * entry[1] * factor;
            var hit = found.get(entry[0]);
            if (!hit) found.set(entry[0], { score: score, terms: [t] });
            else {
              hit.score = Math.max(hit.score, score);
              hit.terms.push(t);
            }
          });
        });
      });
      return found;
    });
  };

  // The documents that match every word of `query`, best first (those found through
  // a compound's parts last): { terms: [...], hits: [{ doc, score, terms, partial }] }.
  Index.prototype.search = function (query) {
    var self = this;
    return this.load().then(function (m) {
      var words = analyze(query, self.language, self.stop);
      var terms = [];
      words.forEach(function (w) {
        if (terms.indexOf(w.term) < 0) terms.push(w.term);
      });
      if (terms.length === 0) return { terms: [], hits: [] };
      return Promise.all(terms.map(function (t) {
        return self.lookup(m, t, Array.from(t).length >= 3).then(function (found) {
          return found.parts ? self.withParts(m, found) : found;
        });
      })).then(function (maps) {
        var hits = [];
        maps[0].forEach(function (hit, doc) {
          var score = hit.score;
          var matched = hit.terms.slice();
          var partial = Boolean(hit.partial);
          for (var k = 1; k < maps.length; k++) {
            var other = maps[k].get(doc);
            if (!other) return;
            score += other.score;
            matched = matched.concat(other.terms);
            partial = partial || Boolean(other.partial);
          }
          hits.push({ doc: doc, score: score, terms: matched, partial: partial });
        });
        hits.sort(function (a, b) {
          return (a.partial - b.partial) || b.score - a.score || a.doc - b.doc;
        });
        return { terms: terms, hits: hits };
      });
    });
  };

  // Adds to the documents of a compound those that have both its parts, marked as
  // partial hits, which rank below the others: "Ausbildungsbetriebe" also finds
  // "Ausbildung" in "Betrieben".
  Index.prototype.withParts = function (m, found) {
    var self = this;
    return Promise.all(found.parts.map(function (part) {
      return self.lookup(m, part, false);
    })).then(function (both) {
      both[0].forEach(function (head, doc) {
        var tail = both[1].get(doc);
        if (!tail || found.has(doc)) return;
        found.set(doc, { score: (head.score + tail.score) / 2, terms: head.terms.concat(tail.terms), partial: true });
      });
      return found;
    });
  };

  Index.prototype.doc = function (m, id) {
    return this.file('d/' + id + '.json?v=' + m.version).then(function (r) {
      return r.json();
    });
  };

  Index.prototype.facets = function (m) {
    if (!m.facets) return Promise.resolve(null);
    return this.file(m.facets).then(function (r) {
      return r.json();
    });
  };

  // ---- Excerpts ----

  // The passage of about 30 words around the first hit in `text`, with the words of
  // the hit terms marked, as DOM nodes; null when no word of the text matches.
  function excerpt(text, language, stop, terms) {
    var normalized = text.normalize('NFC');
    var words = analyze(normalized, language, stop);
    var exact = new Set(terms);
    var tails = terms.filter(function (t) {
      return Array.from(t).length >= 4;
    });
    // A hit, or a compound that ends with one (the index gives "Betrieb" the pages
    // of "Ausbildungsbetriebe").
    var matched = {
      has: function (term) {
        return exact.has(term) || tails.some(function (t) {
          return term.length > t.length && term.slice(-t.length) === t;
        });
      },
    };
    var first = -1;
    for (var i = 0; i < words.length; i++) {
      if (matched.has(words[i].term)) {
        first = i;
        break;
      }
    }
    if (first < 0) return null;
    var from = Math.max(0, first - 10);
    var to = Math.min(words.length - 1, first + 20);
    var start = from === 0 ? 0 : words[from].at;
    var stopAt = to === words.length - 1 ? normalized.length : words[to].at + words[to].len;
    var nodes = [];
    if (start > 0) nodes.push(document.createTextNode('… '));
    var cursor = start;
    for (var k = from; k <= to; k++) {
      if (!matched.has(words[k].term)) continue;
      nodes.push(document.createTextNode(normalized.slice(cursor, words[k].at)));
      var mark = document.createElement('mark');
      mark.textContent = normalized.slice(words[k].at, words[k].at + words[k].len);
      nodes.push(mark);
      cursor = words[k].at + words[k].len;
    }
    nodes.push(document.createTextNode(normalized.slice(cursor, stopAt)));
    if (stopAt < normalized.length) nodes.push(document.createTextNode(' …'));
    return nodes;
  }

  // ---- Shared helpers ----

  function baseOf(el) {
    return new URL(el.getAttribute('data-url') || '/', document.baseURI);
  }

  function languageOf() {
    var lang = (document.documentElement.lang || 'de').toLowerCase().split('-')[0];
    return lang === 'en' ? 'en' : 'de';
  }

  // A root-relative URL of the index, moved under the site's base path.
  function siteUrl(base, url) {
    if (typeof url !== 'string' || url.charAt(0) !== '/' || url.charAt(1) === '/') return null;
    return new URL(url.slice(1), base).href;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    var call = function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
    call.cancel = function () {
      clearTimeout(timer);
    };
    return call;
  }

  // ---- /suche/ ----

  function SearchPage(root) {
    this.root = root;
    this.base = baseOf(root);
    this.index = new Index(this.base, languageOf());
    this.form = root.querySelector('form');
    this.input = this.form.querySelector('input[type="search"]');
    this.status = root.querySelector('[data-search-status]');
    this.list = root.querySelector('[data-search-results]');
    this.more = root.querySelector('[data-search-more]');
    this.shown = 0;
    this.generation = 0;
    var off = root.querySelector('[data-search-noscript]');
    if (off) off.hidden = true;
    var self = this;
    var typed = debounce(function () {
      self.run();
    }, 200);
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      // Enter answers at once; the search still pending from typing would redraw the
      // results a moment later and take the focus from a result reached by Tab.
      typed.cancel();
      // Enter announces the count again, also when the results are already shown.
      self.status.textContent = '';
      self.run();
    });
    this.input.addEventListener('input', typed);
    this.more.addEventListener('click', function () {
      self.showMore(true);
    });
    var q = new URLSearchParams(location.search).get('q');
    if (q) {
      this.input.value = q;
      this.run();
    }
  }

  SearchPage.prototype.text = function (key, values) {
    return fill(this.root.getAttribute('data-' + key) || '', values || {});
  };

  SearchPage.prototype.run = function () {
    var self = this;
    var query = this.input.value.trim();
    var generation = ++this.generation;
    var url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (!query) {
      this.clear();
      this.status.textContent = '';
      return;
    }
    this.index.search(query).then(function (result) {
      if (generation !== self.generation) return;
      self.result = result;
      self.query = query;
      self.clear();
      var n = result.hits.length;
      var key = n === 0 ? 'count-none' : n === 1 ? 'count-one' : 'count-many';
      self.status.textContent = self.text(key, { count: n.toLocaleString(document.documentElement.lang || 'de'), query: query });
      return self.showMore(false);
    }).catch(function () {
      if (generation !== self.generation) return;
      self.clear();
      self.status.textContent = self.text('failed');
    });
  };

  SearchPage.prototype.clear = function () {
    this.list.textContent = '';
    this.list.hidden = true;
    this.more.hidden = true;
    this.shown = 0;
  };

  // Shows the next ten results; with focusFirst, moves the focus to the first new
  // one (after "more results", so that keyboard users continue there).
  SearchPage.prototype.showMore = function (focusFirst) {
    var self = this;
    var generation = this.generation;
    var hits = this.result.hits.slice(this.shown, this.shown + 10);
    this.shown += hits.length;
    return this.index.load().then(function (m) {
      return Promise.all(hits.map(function (hit) {
        return self.index.doc(m, hit.doc).then(function (doc) {
          return { hit: hit, doc: doc };
        });
      }));
    }).then(function (entries) {
      if (generation !== self.generation) return;
      var firstLink = null;
      entries.forEach(function (entry) {
        var item = self.item(entry.doc, entry.hit);
        if (item) {
          self.list.appendChild(item);
          firstLink = firstLink || item.querySelector('a');
        }
      });
      self.list.hidden = self.list.children.length === 0;
      self.more.hidden = self.shown >= self.result.hits.length;
      if (focusFirst && firstLink) firstLink.focus();
    });
  };

  SearchPage.prototype.item = function (doc, hit) {
    var href = siteUrl(this.base, doc.url);
    if (!href) return null;
    var li = document.createElement('li');
    li.className = 'search-result';
    var heading = document.createElement('h2');
    heading.className = 'search-result__title';
    var a = document.createElement('a');
    a.href = href;
    a.textContent = doc.title || doc.url;
    heading.appendChild(a);
    var kind = document.createElement('p');
    kind.className = 'search-result__kind';
    kind.textContent = doc.kind;
    var p = document.createElement('p');
    p.className = 'search-result__excerpt';
    var lang = this.index.language;
    var stop = this.index.stop;
    var nodes = excerpt(doc.text || '', lang, stop, hit.terms) ||
      excerpt(doc.excerpt || '', lang, stop, hit.terms) ||
      [document.createTextNode(doc.excerpt || '')];
    nodes.forEach(function (n) {
      p.appendChild(n);
    });
    li.appendChild(heading);
    if (doc.kind) li.appendChild(kind);
    if (p.textContent) li.appendChild(p);
    return li;
  };

  // ---- The project finder on /projekte/ ----

  function Finder(form) {
    this.form = form;
    this.base = baseOf(form);
    this.index = new Index(this.base, languageOf());
    this.status = form.querySelector('[data-finder-status]');
    this.teasers = Array.from(document.querySelectorAll('.teaser--project'));
    var self = this;
    this.index.load().then(function (m) {
      return self.index.facets(m);
    }).then(function (facets) {
      if (!facets) return;
      self.start(facets);
    }).catch(function () {
      // The static lists stay as they are, and the form hidden.
    });
  }

  Finder.prototype.start = function (facets) {
    var self = this;
    this.facets = facets;
    this.byPath = new Map();
    facets.urls.forEach(function (url, k) {
      var href = siteUrl(self.base, url);
      if (href) self.byPath.set(new URL(href).pathname, k);
    });
    this.fillSelect('traeger', 'carrier');
    this.restore();
    this.form.hidden = false;
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.update(true);
    });
    var typed = debounce(function () {
      self.update(true);
    }, 250);
    // Checkboxes and selects at once, typed text and numbers after a pause.
    this.form.addEventListener('input', function (e) {
      if (e.target.type === 'search' || e.target.type === 'number') typed();
      else self.update(true);
    });
    this.form.addEventListener('reset', function () {
      setTimeout(function () {
        self.update(true);
      }, 0);
    });
    this.update(false);
  };

  // Adds the facet's values to an empty select (the template may list them itself).
  Finder.prototype.fillSelect = function (name, facet) {
    var select = this.form.elements[name];
    var filter = this.facets.filters[facet];
    if (!select || !filter || select.options.length > 1) return;
    filter.values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  };

  // Sets the form from the address (?q=…&thema=…&jahr=…&traeger=…&ab=…&bis=…).
  Finder.prototype.restore = function () {
    var params = new URLSearchParams(location.search);
    Array.from(this.form.elements).forEach(function (el) {
      if (!el.name) return;
      if (el.type === 'checkbox') el.checked = params.getAll(el.name).indexOf(el.value) >= 0;
      else if (params.has(el.name)) el.value = params.get(el.name);
    });
  };

  Finder.prototype.update = function (announce) {
    var self = this;
    var data = new FormData(this.form);
    var params = new URLSearchParams();
    data.forEach(function (value, key) {
      if (String(value).trim() !== '') params.append(key, String(value).trim());
    });
    var search = params.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : '') + location.hash);
    var generation = this.generation = (this.generation || 0) + 1;
    var query = params.get('q') || '';
    var text = query ? this.index.search(query) : Promise.resolve(null);
    text.then(function (result) {
      if (generation !== self.generation) return;
      self.apply(params, result, announce);
    }).catch(function () {
      self.apply(params, null, announce);
    });
  };

  Finder.prototype.matches = function (k, params, textDocs) {
    var f = this.facets;
    if (textDocs && !textDocs.has(f.docs[k])) return false;
    var topics = params.getAll('thema');
    var own = function (facet) {
      var filter = f.filters[facet];
      return filter ? filter.of[k].map(function (i) {
        return filter.values[i];
      }) : [];
    };
    if (topics.length && !topics.some(function (t) {
      return own('topic').indexOf(t) >= 0;
    })) return false;
    if (params.get('jahr') && own('year').indexOf(params.get('jahr')) < 0) return false;
    if (params.get('traeger') && own('carrier').indexOf(params.get('traeger')) < 0) return false;
    var amount = f.numbers.amount ? f.numbers.amount[k] : null;
    var min = parseFloat(params.get('ab'));
    var max = parseFloat(params.get('bis'));
    if (!isNaN(min) && (amount === null || amount < min)) return false;
    if (!isNaN(max) && (amount === null || amount > max)) return false;
    return true;
  };

  Finder.prototype.apply = function (params, result, announce) {
    var self = this;
    var textDocs = result ? new Set(result.hits.map(function (h) {
      return h.doc;
    })) : null;
    var shown = 0;
    this.teasers.forEach(function (teaser) {
      var link = teaser.querySelector('a[href]');
      var k = link ? self.byPath.get(new URL(link.href).pathname) : undefined;
      var visible = k === undefined ? params.toString() === '' : self.matches(k, params, textDocs);
      teaser.hidden = !visible;
      if (visible) shown++;
    });
    // A year whose projects are all hidden goes too.
    document.querySelectorAll('.year-group').forEach(function (group) {
      group.hidden = !group.querySelector('.teaser--project:not([hidden])');
    });
    if (!announce) return;
    var total = this.teasers.length;
    var key = params.toString() === '' ? 'count-all' : shown === 0 ? 'count-none' : shown === 1 ? 'count-one' : 'count-many';
    this.status.textContent = fill(this.form.getAttribute('data-' + key) || '', { count: shown, total: total });
  };

  // ---- Start ----

  function start() {
    document.querySelectorAll('[data-search]').forEach(function (root) {
      new SearchPage(root);
    });
    document.querySelectorAll('form[data-finder]').forEach(function (form) {
      new Finder(form);
    });
  }

  if (typeof document === 'undefined') {
    // Node, for the tests: the text analysis alone.
    module.exports = { stemGerman: stemGerman, stemEnglish: stemEnglish, analyze: analyze };
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
