// Topics, organizations and search, built in the browser from the monthly search shards.
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
  var korean = document.documentElement.lang === "ko";
  var HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  var index = null;

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

  // Every shard, merged: papers newest day first then by rank; the first label of a slug wins.
  function load() {
    return getJSON("data/search/index.json").then(function (list) {
      return Promise.all(list.shards.map(function (m) { return getJSON("data/search/" + m + ".json"); }));
    }).then(function (shards) {
      var topics = new Map(), orgs = new Map(), papers = [];
      shards.forEach(function (s) {
        merge(topics, s.topics);
        merge(orgs, s.orgs);
        papers = papers.concat(s.papers);
      });
      papers.sort(function (a, b) { return a.d < b.d ? 1 : a.d > b.d ? -1 : a.r - b.r; });
      papers.forEach(function (p) {
        var words = [p.t, p.tk || "", p.o ? orgs.get(p.o) : ""].concat(p.k.map(function (k) { return topics.get(k); }), p.a);
        p.text = words.join("\n").toLowerCase();
      });
      index = { topics: topics, orgs: orgs, papers: papers };
      return index;
    });
  }

  function merge(labels, table) {
    Object.keys(table).forEach(function (k) { if (!labels.has(k)) { labels.set(k, table[k]); } });
  }

  function paperItem(p) {
    var who = p.o ? index.orgs.get(p.o) : p.a.slice(0, 2).join(", ");
    var link = el("a", { href: root + "posts/" + p.d + "/#" + p.id }, [p.t]);
    if (korean && !HANGUL.test(p.t)) { link.setAttribute("lang", "en"); }  // read as English on a Korean page
    var meta = p.d + " · 👍 " + p.u + (who ? " · " + who : "");
    var ko = p.tk ? [el("br"), el("span", { class: "title-ko" }, [p.tk])] : [];
    return el("li", {}, [link].concat(ko, [el("br"), el("span", { class: "muted", title: say("upvotes", { n: p.u }) }, [meta])]));
  }

  function showPapers(papers) {
    results.replaceChildren.apply(results, papers.slice(0, MAX_PAPERS).map(paperItem));
    if (!papers.length) { status.textContent = msg.no_results; }
    else if (papers.length > MAX_PAPERS) { status.textContent = say("results_capped", { n: papers.length, shown: MAX_PAPERS }); }
    else { status.textContent = say("results", { n: papers.length }); }
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
      showPapers(found);
      if (!found.length) { status.textContent = say("unknown", { name: name }); }
      return;
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
    var total = say(kind + "_count", { n: slugs.length });
    status.textContent = slugs.length > MAX_NAMES ? say("listed", { n: slugs.length, shown: MAX_NAMES }) : total;
  }

  function search() {
    var q = $("q").value.trim().toLowerCase();
    var url = new URL(location.href);
    if (q) { url.searchParams.set("q", $("q").value.trim()); } else { url.searchParams.delete("q"); }
    history.replaceState(null, "", url);
    if (!q) {
      results.replaceChildren();
      status.textContent = msg.type_to_search;
      return;
    }
    var terms = q.split(/\s+/);
    showPapers(index.papers.filter(function (p) {
      return terms.every(function (term) { return p.text.indexOf(term) >= 0; });
    }));
  }

  function start() {
    if (view === "search") {
      var asked = askedQuery();
      if (asked) { $("q").value = asked; }  // else keep what was typed while the index loaded
      $("q").closest("form").addEventListener("submit", function (e) { e.preventDefault(); search(); });
      $("q").addEventListener("input", search);
      search();
    } else {
      window.addEventListener("hashchange", browse);
      $("filter").addEventListener("input", browse);
      browse();
    }
  }

  // A failed fetch, a bad shard or an error while drawing the first view all end in the error
  // message, never in "loading" for ever.
  status.textContent = msg.loading;
  load().then(start).catch(function (err) {
    status.textContent = msg.load_error;
    console.error(err);
  });
})();
