/* Search page: reads ?q=&column=&year=, queries the Pagefind bundle and lists
   the articles that contain the query, title matches first, each with an
   excerpt that starts at the match.

   Pagefind ranks pages by the words its Chinese segmenter finds, so on its own
   "人工智能" also returns pages that merely contain "人". Each term of the query
   is therefore also searched as an exact phrase ("…" in Pagefind), and only
   pages in every phrase result are kept; a result whose text, once loaded,
   still lacks a term is dropped. Pagefind's own ranking (titles weigh most,
   data-pagefind-weight on <h1>) orders the rest, and among the results loaded
   ahead (LOOKAHEAD) those whose title holds every term come first. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var bundle = form.getAttribute("data-bundle");
  var q = form.elements.q, column = form.elements.column, year = form.elements.year;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10, LOOKAHEAD = 30, EXCERPT = 90;
  var pagefind = null, runId = 0, loading = false;
  var state = { candidates: [], loaded: 0, buffer: [], shown: 0, dropped: 0, terms: [], summary: "" };

  function setSelect(select, value) {
    select.value = value || "";
    if (select.value !== (value || "")) select.value = "";
  }
  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  setSelect(column, params.get("column"));
  setSelect(year, params.get("year"));

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return (pf.init ? pf.init() : Promise.resolve()).then(function () {
          /* Large sites are indexed in shards of years: merge the other bundles. */
          return fetch(bundle + "shards.json").then(function (r) { return r.ok ? r.json() : []; },
                                                    function () { return []; });
        }).then(function (shards) {
          var base = new URL(bundle, window.location.href);
          return shards.reduce(function (done, path) {
            return done.then(function () { return pf.mergeIndex(new URL(path, base).href); });
          }, Promise.resolve());
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }
  function updateUrl() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    if (column.value) p.set("column", column.value);
    if (year.value) p.set("year", year.value);
    var query = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  /* Pagefind puts zero-width spaces between the words of Chinese text. */
  function plain(text) { return (text || "").replace(/\u200b/g, ""); }
  function splitTerms(query) {
    var seen = {};
    return query.replace(/["“”]/g, " ").split(/\s+/).filter(function (t) {
      var key = t.toLowerCase();
      if (!t || seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }
  function containsAll(text, terms) {
    var lower = text.toLowerCase();
    return terms.every(function (t) { return lower.indexOf(t.toLowerCase()) >= 0; });
  }
  /* Text with every occurrence of the terms wrapped in <mark>, built as DOM nodes. */
  function highlighted(node, text, terms) {
    var pattern = new RegExp("(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    text.split(pattern).forEach(function (part, index) {
      if (!part) return;
      node.appendChild(index % 2 ? el("mark", "", part) : document.createTextNode(part));
    });
    return node;
  }
  /* The body text (the title Pagefind keeps in front removed), from the first match on. */
  function excerpt(title, content, terms) {
    var body = content;
    if (title && body.indexOf(title) === 0) body = body.slice(title.length).replace(/^[\s.。]+/, "");
    var lower = body.toLowerCase(), start = -1;
    terms.forEach(function (t) {
      var at = lower.indexOf(t.toLowerCase());
      if (at >= 0 && (start < 0 || at < start)) start = at;
    });
    var from = Math.max(start, 0);
    var text = body.slice(from, from + EXCERPT);
    return (from > 0 ? "…" : "") + text + (from + EXCERPT < body.length ? "…" : "");
  }
  function render(items) {
    items.forEach(function (d) {
      var li = el("li", "search-result");
      var h = el("h2", "search-result-title");
      var a = highlighted(el("a"), d.title, state.terms);
      a.href = d.url;
      h.appendChild(a);
      li.appendChild(h);
      var meta = el("p", "item-meta");
      if (d.meta && d.meta.column) meta.appendChild(el("span", "item-column", d.meta.column));
      if (d.meta && d.meta.date) {
        var t = el("time", "", d.meta.date);
        t.setAttribute("datetime", d.meta.date);
        meta.appendChild(t);
      }
      li.appendChild(meta);
      li.appendChild(highlighted(el("p", "search-excerpt"), d.excerpt, state.terms));
      list.appendChild(li);
    });
  }
  function announce() {
    var found = state.candidates.length - state.dropped, term = q.value.trim();
    status.textContent = found
      ? "在" + state.summary + "找到 " + found + " 篇与“" + term + "”相关的文章。"
      : "在" + state.summary + "没有找到与“" + term + "”相关的文章，请换个关键词或取消筛选。";
  }
  /* Load the data of the next candidates so that at least `count` wait unshown. */
  function fill(count, id) {
    var wanted = Math.min(state.candidates.length, state.loaded + Math.max(0, count - state.buffer.length));
    var batch = state.candidates.slice(state.loaded, wanted);
    state.loaded = wanted;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (id !== runId) return;
      datas.forEach(function (d, index) {
        var title = plain((d.meta && d.meta.title) || d.url), content = plain(d.content);
        if (!containsAll(title + "\n" + content, state.terms)) { state.dropped += 1; return; }
        state.buffer.push({ url: d.url, meta: d.meta, title: title, rank: state.loaded - batch.length + index,
                            inTitle: containsAll(title, state.terms),
                            excerpt: excerpt(title, content, state.terms) });
      });
      state.buffer.sort(function (x, y) { return (y.inTitle - x.inTitle) || (x.rank - y.rank); });
    });
  }
  function showMore() {
    if (loading) return Promise.resolve();
    loading = true;
    var id = runId, first = state.shown === 0;
    return fill(first ? LOOKAHEAD : PAGE * 2, id).then(function () {
      loading = false;
      if (id !== runId) return;
      var page = state.buffer.splice(0, PAGE);
      if (page.length < PAGE && state.loaded < state.candidates.length) return showMore();
      render(page);
      state.shown += page.length;
      announce();
      more.hidden = state.buffer.length === 0 && state.loaded >= state.candidates.length;
    }, function (error) { loading = false; throw error; });
  }
  function idsOf(search) {
    var ids = {};
    search.results.forEach(function (r) { ids[r.id] = true; });
    return ids;
  }
  function run() {
    var term = q.value.trim(), id = ++runId;
    loading = false; /* a newer search supersedes one still loading */
    updateUrl();
    list.textContent = "";
    more.hidden = true;
    if (!term) {
      status.textContent = "请输入要搜索的关键词。";
      return;
    }
    status.textContent = "正在搜索……";
    var filters = {};
    if (column.value) filters.column = column.value;
    if (year.value) filters.year = year.value;
    var terms = splitTerms(term);
    load().then(function (pf) {
      return Promise.all([pf.search(term, { filters: filters })].concat(terms.map(function (t) {
        return pf.search("\"" + t + "\"", { filters: filters });
      })));
    }).then(function (searches) {
      if (id !== runId) return;
      var exact = searches.slice(1).map(idsOf);
      var ranked = searches[0].results, seen = {};
      var candidates = ranked.filter(function (r) {
        seen[r.id] = true;
        return exact.every(function (ids) { return ids[r.id]; });
      });
      /* A page every phrase search found but the ranked search missed still counts. */
      searches[1].results.forEach(function (r) {
        if (!seen[r.id] && exact.every(function (ids) { return ids[r.id]; })) candidates.push(r);
      });
      var scope = (column.value ? "“" + column.value + "”栏目" : "") + (year.value ? year.value + "年" : "");
      state = { candidates: candidates, loaded: 0, buffer: [], shown: 0, dropped: 0, terms: terms,
                summary: scope || "全站" };
      if (!candidates.length) { announce(); return; }
      return showMore();
    }).catch(function () {
      if (id !== runId) return;
      status.textContent = "搜索暂时不可用，请稍后再试，或从首页按栏目浏览。";
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  column.addEventListener("change", run);
  year.addEventListener("change", run);
  more.addEventListener("click", showMore);
  if (q.value.trim()) run();
})();
