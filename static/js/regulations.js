/* Regulations library: cite / copy-link actions on articles, print button. No dependencies. */
(function () {
  "use strict";
  var doc = document.querySelector(".reg-doc");
  if (!doc) return;
  var status = doc.querySelector(".reg-status-message");

  function announce(message) {
    if (!status) return;
    status.textContent = message;
    status.classList.add("is-visible");
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(function () {
      status.classList.remove("is-visible");
    }, 2500);
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }

  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { window.prompt("", text); }
    document.body.removeChild(area);
  }

  doc.querySelectorAll(".reg-article__actions").forEach(function (el) { el.hidden = false; });
  var copied = doc.getAttribute("data-copied") || "已复制";

  doc.addEventListener("click", function (event) {
    var button = event.target.closest("button.reg-action");
    if (!button) return;
    var text = button.getAttribute("data-cite");
    if (!text) {
      var url = window.location.href.split("#")[0] + button.getAttribute("data-link");
      text = url;
    }
    copy(text, function () { announce(copied + "：" + text); });
  });

  var printButton = document.querySelector(".reg-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
})();

(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details.reg-collapse-mobile").forEach(function (el) {
      el.open = false;
    });
  }
})();
