// Site chrome behaviour: the phone menu button and the dropdown toggles of the main menu.
// Without JavaScript the menu shows every link (see the .js rules in site.css).
(function () {
  "use strict";

  var nav = document.getElementById("site-nav");
  var menuButton = document.querySelector(".menu-button");
  if (!nav) {
    return;
  }

  function setOpen(button, target, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    target.classList.toggle("is-open", open);
  }

  // Phone menu button (hidden by CSS above 768px).
  if (menuButton) {
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () {
      setOpen(menuButton, nav, menuButton.getAttribute("aria-expanded") !== "true");
    });
  }

  // Dropdown toggles.
  var toggles = Array.prototype.slice.call(nav.querySelectorAll(".site-nav__toggle"));

  function submenuOf(toggle) {
    return document.getElementById(toggle.getAttribute("aria-controls"));
  }

  function closeAll(except) {
    toggles.forEach(function (toggle) {
      if (toggle !== except) {
        setOpen(toggle, submenuOf(toggle), false);
      }
    });
  }

  toggles.forEach(function (toggle) {
    var submenu = submenuOf(toggle);
    if (!submenu) {
      return;
    }
    // Keep the section of the current page open on phones.
    if (submenu.querySelector("[aria-current]") && window.matchMedia("(max-width: 768px)").matches) {
      setOpen(toggle, submenu, true);
    }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      closeAll(toggle);
      setOpen(toggle, submenu, open);
    });
  });

  // Escape closes the dropdown that has focus (focus goes back to its toggle), otherwise
  // the phone menu (focus goes back to the menu button), otherwise any open dropdown.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var focusedItem = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".site-nav__item")
      : null;
    var focusedToggle = focusedItem ? focusedItem.querySelector(".site-nav__toggle") : null;
    if (focusedToggle && focusedToggle.getAttribute("aria-expanded") === "true") {
      setOpen(focusedToggle, submenuOf(focusedToggle), false);
      focusedToggle.focus();
      return;
    }
    if (menuButton && !menuButton.hidden && menuButton.getAttribute("aria-expanded") === "true"
        && window.matchMedia("(max-width: 768px)").matches) {
      setOpen(menuButton, nav, false);
      menuButton.focus();
      return;
    }
    closeAll(null);
  });

  // A click outside the menu closes open dropdowns on the desktop layout.
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target) && window.matchMedia("(min-width: 769px)").matches) {
      closeAll(null);
    }
  });

  // Moving keyboard focus out of a dropdown closes it on the desktop layout.
  nav.addEventListener("focusout", function (event) {
    if (!window.matchMedia("(min-width: 769px)").matches) {
      return;
    }
    var item = event.target.closest(".site-nav__item");
    if (item && !item.contains(event.relatedTarget)) {
      var toggle = item.querySelector(".site-nav__toggle");
      if (toggle) {
        setOpen(toggle, submenuOf(toggle), false);
      }
    }
  });
})();
