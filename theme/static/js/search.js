/* Search page: reads ?q=&column=&year=, queries the Pagefind bundle and lists
   results with title, column, date and a highlighted excerpt. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var bundle = form.getAttribute("data-bundle");
  var q = form.elements.q, column = form.elements.column, year = form.elements.year;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var pagefind = null, runId = 0, pending = [], shown = 0, loading = false;

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
  function render(items) {
    items.forEach(function (d) {
      var li = el("li", "search-result");
      var h = el("h2", "search-result-title");
      var a = el("a", "", (d.meta && d.meta.title) || d.url);
      a.href = d.url;
      h.appendChild(a);
      li.appendChild(h);
      var meta = el("p", "item-meta");
      if (d.meta && d.meta.column) meta.appendChild(el("span", "item-column", d.meta.column));
      if (d.meta && d.meta.date) {
        var t = el("time", "", d.meta.date);
        t.setAttribute("datetime", d.meta.date);
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(t);
      }
      li.appendChild(meta);
      var excerpt = el("p", "search-excerpt");
      excerpt.innerHTML = d.excerpt; /* Pagefind escapes page text and adds only <mark> */
      li.appendChild(excerpt);
      list.appendChild(li);
    });
  }
  function showMore() {
    if (loading) return Promise.resolve();
    loading = true;
    var id = runId, slice = pending.slice(shown, shown + PAGE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      loading = false;
      if (id !== runId) return;
      render(items);
      shown += slice.length;
      more.hidden = shown >= pending.length;
    }, function (error) { loading = false; throw error; });
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
      pending = search.results;
      shown = 0;
      var scope = (column.value ? "“" + column.value + "”栏目" : "") + (year.value ? year.value + "年" : "");
      status.textContent = pending.length
        ? "在" + (scope || "全站") + "找到 " + pending.length + " 篇与“" + term + "”相关的文章。"
        : "在" + (scope || "全站") + "没有找到与“" + term + "”相关的文章，请换个关键词或取消筛选。";
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
