/* Search page: reads ?q=&column=&year=, queries the Pagefind bundle and lists
   the articles that contain the query, title matches first, each with an
   excerpt that starts at the match.

   Pagefind finds pages by the words its Chinese segmenter cuts the query into,
   and when a word is nowhere in the index it falls back to parts of it: on its
   own "人工智能" may return pages that merely contain "人". So each result's text
   is loaded (in batches, in Pagefind's order) and a result that lacks a term of
   the query is dropped. Results whose title matched (Pagefind reports it
   without loading the page: matchedMetaFields) come first. Small result sets
   are checked whole, so their count is exact; for large ones the count is
   Pagefind's, marked 约, until every result has been checked.

   The segmenter also cuts short queries differently from running text ("自查"
   becomes 自 + 查 while the page has the word 自查), so a query that finds
   nothing is tried once more with the first character of each term, which
   Pagefind matches as a word prefix; the text check keeps only real matches. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var bundle = form.getAttribute("data-bundle");
  var q = form.elements.q, column = form.elements.column, year = form.elements.year;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10, CHECK_ALL = 40, BATCH = 20, GIVE_UP = 60, EXCERPT = 90;
  var pagefind = null, runId = 0, loading = false;
  var state = { candidates: [], loaded: 0, buffer: [], shown: 0, dropped: 0, misses: 0, terms: [], summary: "" };

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
      /* Large sites are indexed in shards of years: the other bundles are merged. */
      var shardList = fetch(bundle + "shards.json").then(function (r) { return r.ok ? r.json() : []; },
                                                         function () { return []; });
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return (pf.init ? pf.init() : Promise.resolve()).then(function () {
          return shardList;
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
  function exhausted() { return state.loaded >= state.candidates.length || state.misses >= GIVE_UP; }
  function announce() {
    var term = q.value.trim(), exact = exhausted();
    var found = exact ? state.shown + state.buffer.length : state.candidates.length - state.dropped;
    status.textContent = found
      ? "在" + state.summary + "找到" + (exact ? " " : "约 ") + found + " 篇与“" + term + "”相关的文章。"
      : "在" + state.summary + "没有找到与“" + term + "”相关的文章，请换个关键词或取消筛选。";
  }
  /* Load and check the next results until `count` wait unshown (or none are left,
     or GIVE_UP results in a row lacked the query: Pagefind's fallback matches). */
  function fill(count, id) {
    if (state.buffer.length >= count || exhausted()) return Promise.resolve();
    var batch = state.candidates.slice(state.loaded, state.loaded + BATCH), first = state.loaded;
    state.loaded += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (id !== runId) return;
      datas.forEach(function (d, index) {
        var title = plain((d.meta && d.meta.title) || d.url), content = plain(d.content);
        if (!containsAll(title + "\n" + content, state.terms)) {
          state.dropped += 1;
          state.misses += 1;
          return;
        }
        state.misses = 0;
        state.buffer.push({ url: d.url, meta: d.meta, title: title, rank: first + index,
                            inTitle: containsAll(title, state.terms),
                            excerpt: excerpt(title, content, state.terms) });
      });
      state.buffer.sort(function (x, y) { return (y.inTitle - x.inTitle) || (x.rank - y.rank); });
      return fill(count, id);
    });
  }
  /* The second try: each term's first character (ASCII terms whole), as word prefixes. */
  function prefixQuery(terms) {
    return terms.map(function (t) { return /^[\x00-\x7f]+$/.test(t) ? t : t.charAt(0); }).join(" ");
  }
  function retry(id, filters) {
    var query = prefixQuery(state.terms);
    if (state.retried || state.buffer.length || !exhausted() || query === q.value.trim()) return Promise.resolve();
    state.retried = true;
    return load().then(function (pf) { return pf.search(query, { filters: filters }); }).then(function (search) {
      if (id !== runId) return;
      var checked = {};
      state.candidates.slice(0, state.loaded).forEach(function (r) { checked[r.id] = true; });
      state.candidates = titleFirst(search.results).filter(function (r) { return !checked[r.id]; });
      state.loaded = 0;
      state.misses = 0;
      state.dropped = 0;
      return fill(CHECK_ALL, id);
    });
  }
  function showMore(filters) {
    if (loading) return Promise.resolve();
    loading = true;
    var id = runId, first = state.shown === 0 && filters !== undefined;
    var wanted = first && state.candidates.length <= CHECK_ALL ? CHECK_ALL : PAGE + 1;
    return fill(wanted, id).then(function () {
      return first ? retry(id, filters) : undefined;
    }).then(function () {
      loading = false;
      if (id !== runId) return;
      var page = state.buffer.splice(0, PAGE);
      render(page);
      state.shown += page.length;
      announce();
      more.hidden = state.buffer.length === 0 && exhausted();
    }, function (error) { loading = false; throw error; });
  }
  /* Pagefind's order, with the pages whose title matched moved to the front. */
  function titleFirst(results) {
    var inTitle = function (r) { return (r.matchedMetaFields || []).indexOf("title") >= 0 ? 1 : 0; };
    return results.map(function (r, i) { return { r: r, i: i, t: inTitle(r) }; })
      .sort(function (x, y) { return (y.t - x.t) || (x.i - y.i); })
      .map(function (x) { return x.r; });
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
    load().then(function (pf) {
      return pf.search(term, { filters: filters });
    }).then(function (search) {
      if (id !== runId) return;
      var scope = (column.value ? "“" + column.value + "”栏目" : "") + (year.value ? year.value + "年" : "");
      state = { candidates: titleFirst(search.results), loaded: 0, buffer: [], shown: 0, dropped: 0, misses: 0,
                terms: splitTerms(term), summary: scope || "全站", retried: false };
      return showMore(filters);
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
  more.addEventListener("click", function () { showMore(); });
  if (q.value.trim()) run();
})();
