// Topics, organizations and search, built in the browser from the monthly search shards, loaded
// newest first and only while the view wants more: a visit costs a month or two, not the history.
// Data-keyed lookups are Maps: a topic called "constructor" or "__proto__" is only a name.
"use strict";
(function () {
  var main = document.querySelector("main");
  var view = main.dataset.view;
  var root = main.dataset.root;
  var msg = JSON.parse(document.getElementById("i18n").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var status = $("status");
  var results = $("results");
  var baseTitle = document.title;
  var MAX_PAPERS = 200;
  var MAX_NAMES = 300;
  var INDEX_MONTHS = 3;  // the topics and orgs indexes count the latest months' papers, then stop
  var korean = document.documentElement.lang === "ko";
  var HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  var index = { topics: new Map(), orgs: new Map(), papers: [] };
  var months = [];  // the shards not loaded yet, newest first ("2026-02"; "summaries/2026-02" in search)
  var pending = null;  // the shard being loaded
  var shardCount = 0;

  function say(key, values) {
    values = values || {};
    var text = values.n === 1 && msg[key + "_one"] ? msg[key + "_one"] : msg[key];
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  // A malformed escape (such as %E0%A4%A) reads as nothing, so the page shows its normal view.
  function decoded(text) {
    try { return decodeURIComponent(text); } catch (e) { return ""; }
  }

  // ?q= as the form sends it (+ for a space), or "" when missing or malformed.
  function askedQuery() {
    var found = /[?&]q=([^&]*)/.exec(location.search);
    return found ? decoded(found[1].replace(/\+/g, " ")) : "";
  }

  function getJSON(path) {
    return fetch(root + path).then(function (r) {
      if (!r.ok) { throw new Error(path + ": HTTP " + r.status); }
      return r.json();
    });
  }

  // The next month's shard, merged in: its papers come after those loaded (newest day first, then
  // by rank, as each shard is); the first label of a slug wins. In the search view a month's Korean
  // summaries come next, once what its shard found is on screen. Resolves false when none is left.
  function loadMore() {
    if (pending) { return pending; }
    if (!months.length) { return Promise.resolve(false); }
    pending = getJSON("data/search/" + months[0] + ".json").then(function (s) {
      months.shift();
      pending = null;
      if (s.sk) { addSummaries(s.month, new Map(Object.entries(s.sk))); return true; }
      merge(index.topics, s.topics);
      merge(index.orgs, s.orgs);
      s.papers.forEach(function (p) {
        var words = [p.t, p.tk || "", p.o ? s.orgs[p.o] : ""].concat(p.k.map(function (k) { return s.topics[k]; }), p.a);
        p.text = words.join("\n").toLowerCase();
        index.papers.push(p);
      });
      if (s.summaries && view === "search") { months.unshift("summaries/" + s.month); }
      return true;
    }, function (err) { pending = null; throw err; });
    return pending;
  }

  // The month's papers (the last loaded) are found by the words of their Korean summaries too.
  function addSummaries(month, summaries) {
    for (var i = index.papers.length - 1; i >= 0 && index.papers[i].d.slice(0, 7) === month; i--) {
      var p = index.papers[i];
      if (summaries.has(p.id)) { p.text += "\n" + summaries.get(p.id).toLowerCase(); }
    }
  }

  // Draw the view from what is loaded; load the next month while it asks for more (returns false).
  function fill(draw) {
    return draw() || !months.length ? Promise.resolve() : loadMore().then(function () { return fill(draw); });
  }

  function failed(err) {
    status.textContent = msg.load_error;
    console.error(err);
  }

  function merge(labels, table) {
    Object.keys(table).forEach(function (k) { if (!labels.has(k)) { labels.set(k, table[k]); } });
  }

  function paperItem(p) {
    var who = p.o ? say("by_org", { name: index.orgs.get(p.o) }) : p.a.length ? say("by_authors", { names: p.a.slice(0, 2).join(", ") + (p.a.length > 2 ? " …" : "") }) : "";
    var link = el("a", { href: root + "posts/" + p.d + "/#" + p.id }, [p.t]);
    if (korean && !HANGUL.test(p.t)) { link.setAttribute("lang", "en"); }  // read as English on a Korean page
    var meta = p.d + " · 👍 " + p.u + (who ? " · " + who : "");
    var ko = p.tk ? [el("br"), el("span", { class: "title-ko" }, [p.tk])] : [];
    return el("li", {}, [link].concat(ko, [el("br"), el("span", { class: "muted", title: say("upvotes", { n: p.u }) }, [meta])]));
  }

  // The papers found so far, newest first; true when the page is full (no older month can change it).
  function showPapers(papers) {
    results.replaceChildren.apply(results, papers.slice(0, MAX_PAPERS).map(paperItem));
    var full = papers.length >= MAX_PAPERS;
    if (full) { status.textContent = say("results_newest", { shown: MAX_PAPERS }); }
    else if (months.length) { status.textContent = say("results_so_far", { n: papers.length }); }
    else if (!papers.length) { status.textContent = msg.no_results; }
    else { status.textContent = say("results", { n: papers.length }); }
    return full;
  }

  // topics/ and orgs/: the index of names, or one name's papers when the address has #slug.
  function browse() {
    var kind = view, names = index[kind], field = kind === "topics" ? "k" : "o";
    var slug = location.hash === "#" + main.id ? "" : decoded(location.hash.slice(1));  // the skip link
    var label = function (s) { return names.get(s) || s; };
    var title = $("view-title");
    $("back").hidden = !slug;
    $("view-lead").hidden = !!slug;
    $("filter-box").hidden = !!slug;
    if (slug) {
      var name = label(slug);
      title.textContent = say(kind === "topics" ? "topic_title" : "org_title", { name: name });
      document.title = title.textContent + " - " + baseTitle;
      var found = index.papers.filter(function (p) { return field === "k" ? p.k.indexOf(slug) >= 0 : p.o === slug; });
      var full = showPapers(found);
      if (!found.length && !months.length) { status.textContent = say("unknown", { name: name }); }
      return full;
    }
    title.textContent = title.dataset.title;
    document.title = baseTitle;
    var counts = new Map();
    index.papers.forEach(function (p) {
      (field === "k" ? p.k : p.o ? [p.o] : []).forEach(function (s) { counts.set(s, (counts.get(s) || 0) + 1); });
    });
    var filter = $("filter").value.trim().toLowerCase();
    var slugs = Array.from(counts.keys()).filter(function (s) { return !filter || label(s).toLowerCase().indexOf(filter) >= 0; });
    slugs.sort(function (a, b) { return counts.get(b) - counts.get(a) || label(a).localeCompare(label(b)); });
    results.replaceChildren.apply(results, slugs.slice(0, MAX_NAMES).map(function (s) {
      return el("li", {}, [el("a", { href: "#" + s }, [label(s)]), el("span", { class: "muted count" }, [String(counts.get(s))])]);
    }));
    var loaded = shardCount - months.length;
    var enough = slugs.length >= MAX_NAMES || loaded >= INDEX_MONTHS;  // older months on request
    $("older").hidden = !enough || !months.length;
    if (!months.length) {
      var total = say(kind + "_count", { n: slugs.length });
      status.textContent = slugs.length > MAX_NAMES ? say("listed", { n: slugs.length, shown: MAX_NAMES }) : total;
    } else {
      var shown = Math.min(slugs.length, MAX_NAMES);
      status.textContent = enough ? say("listed_recent", { months: loaded, shown: shown }) : msg.loading;
    }
    return enough;
  }

  function search() {
    var q = $("q").value.trim().toLowerCase();
    var url = new URL(location.href);
    if (q) { url.searchParams.set("q", $("q").value.trim()); } else { url.searchParams.delete("q"); }
    history.replaceState(null, "", url);
    if (!q) {
      results.replaceChildren();
      status.textContent = msg.type_to_search;
      return true;
    }
    var terms = q.split(/\s+/);
    return showPapers(index.papers.filter(function (p) {
      return terms.every(function (term) { return p.text.indexOf(term) >= 0; });
    }));
  }

  function start() {
    var draw = view === "search" ? search : browse;
    var update = function () { return fill(draw).catch(failed); };
    if (view === "search") {
      var asked = askedQuery();
      if (asked) { $("q").value = asked; }  // else keep what was typed while the list loaded
      $("q").closest("form").addEventListener("submit", function (e) { e.preventDefault(); update(); });
      $("q").addEventListener("input", update);
    } else {
      window.addEventListener("hashchange", update);
      $("filter").addEventListener("input", update);
      $("older").addEventListener("click", function () { loadMore().then(draw).catch(failed); });
    }
    return update();
  }

  // A failed fetch, a bad shard or an error while drawing a view all end in the error message,
  // never in "loading" for ever.
  status.textContent = msg.loading;
  getJSON("data/search/index.json").then(function (list) {
    months = list.shards.slice();
    shardCount = months.length;
    return start();
  }).catch(failed);
})();
