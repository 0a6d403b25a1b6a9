/* Reading aids: 标准/大字 font size and high contrast, remembered in localStorage.
   The inline script in <head> applies saved choices before first paint; this file
   shows the buttons (they stay hidden without JavaScript) and handles clicks.
   It also writes today's date in the masthead (a static page cannot know it). */
(function () {
  "use strict";
  var root = document.documentElement;
  var today = document.querySelector(".today");
  if (today) {
    var now = new Date(), week = "日一二三四五六";
    today.textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日 星期" + week.charAt(now.getDay());
    today.hidden = false;
  }
  var tools = document.querySelector(".a11y-tools");
  if (!tools) return;
  function store(key, value) {
    try {
      if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }
  function sync() {
    var large = root.getAttribute("data-font") === "large";
    var high = root.getAttribute("data-contrast") === "high";
    var buttons = tools.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i], pressed;
      if (b.hasAttribute("data-font-choice")) pressed = (b.getAttribute("data-font-choice") === "large") === large;
      else pressed = high;
      b.setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }
  tools.addEventListener("click", function (event) {
    var b = event.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-font-choice")) {
      var large = b.getAttribute("data-font-choice") === "large";
      if (large) root.setAttribute("data-font", "large"); else root.removeAttribute("data-font");
      store("font", large ? "large" : "");
    } else {
      var high = root.getAttribute("data-contrast") !== "high";
      if (high) root.setAttribute("data-contrast", "high"); else root.removeAttribute("data-contrast");
      store("contrast", high ? "high" : "");
    }
    sync();
  });
  tools.hidden = false;
  sync();
})();
