/* Autocomplete on titles for the search page (vanilla JS, keyboard accessible). */
(function () {
  "use strict";
  var form = document.querySelector(".srch-form[data-autocomplete-url]");
  if (!form) return;
  var input = form.querySelector(".srch-form__input");
  var list = form.querySelector(".srch-suggest");
  var url = form.getAttribute("data-autocomplete-url");
  var timer = null;
  var active = -1;
  var items = [];
  var lastText = "";

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
    items = [];
  }

  function highlight(index) {
    var nodes = list.querySelectorAll("li");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0 && nodes[index]) {
      input.setAttribute("aria-activedescendant", nodes[index].id);
    }
  }

  function render(results) {
    list.innerHTML = "";
    items = results;
    if (!results.length) {
      close();
      return;
    }
    results.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "srch-suggest-" + i;
      li.setAttribute("role", "option");
      var type = document.createElement("span");
      type.className = "srch-suggest__type";
      type.textContent = item.type_label;
      var title = document.createElement("span");
      title.textContent = item.title;
      li.appendChild(type);
      li.appendChild(title);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = item.url;
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text === lastText) return;
    lastText = text;
    if (text.length < 2) {
      close();
      return;
    }
    fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() === text) render(data.results || []);
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(items.length - 1, active + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(-1, active - 1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });

  var sort = form.querySelector(".srch-form__sort");
  if (sort) {
    sort.addEventListener("change", function () { form.submit(); });
  }
})();

/* On narrow screens the facets start folded, so the results come first. */
(function () {
  "use strict";
  var details = document.querySelector(".srch-facets__details");
  if (details && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    details.removeAttribute("open");
  }
})();
