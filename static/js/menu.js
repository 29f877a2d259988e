// The header's menu button on narrow screens. Without this script the button stays hidden and
// the menu stays open (it wraps), so nothing needs JavaScript to be reached. A file, not an
// inline script: the Content-Security-Policy allows only this site's own script files.
(function () {
  "use strict";
  // The account and language menus (each a <details>) close on Escape, giving the focus back
  // to their summary, and when the focus or a click goes elsewhere.
  document.querySelectorAll(".account-menu, .language-menu").forEach(function (details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (details.open && !details.contains(event.target)) {
        details.open = false;
      }
    });
    details.addEventListener("focusout", function (event) {
      if (details.open && event.relatedTarget && !details.contains(event.relatedTarget)) {
        details.open = false;
      }
    });
  });

  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }
  document.documentElement.classList.add("has-menu-button");
  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
