/* 订阅 page: "复制地址" buttons copy a feed address to the clipboard. The
   buttons stay hidden without JavaScript; the addresses are plain links. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  var status = document.querySelector(".copy-status");
  function say(text) { if (status) status.textContent = text; }
  function fallback(text) {
    var box = document.createElement("textarea");
    box.value = text;
    box.setAttribute("readonly", "");
    box.style.position = "absolute";
    box.style.left = "-9999px";
    document.body.appendChild(box);
    box.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(box);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      copy(text).then(function () {
        button.textContent = "已复制";
        say("已复制订阅地址：" + text + "。请粘贴到 RSS 阅读器的“添加订阅”中。");
        setTimeout(function () { button.textContent = "复制地址"; }, 3000);
      }, function () {
        say("无法自动复制，请长按或右键点击地址，选择“复制链接”。");
      });
    });
  });
})();
