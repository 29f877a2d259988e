// The admin's autocomplete boxes (Select2) are named by their current value only, so an empty
// one has no name at all for a screen reader. Name each by its field's label as well. Select2
// builds its boxes when Django's script says so (and again for each added inline form), so
// boxes are named whenever they appear.
(function () {
  "use strict";
  function nameBy(element, label) {
    var current = element.getAttribute("aria-labelledby") || "";
    if (current.split(" ").indexOf(label.id) === -1) {
      element.setAttribute("aria-labelledby", (label.id + " " + current).trim());
    }
  }
  function nameAll() {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      var container = box.closest(".select2");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!label) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "_label";
      }
      nameBy(box, label);
      box.querySelectorAll("[role=textbox]").forEach(function (shown) {
        nameBy(shown, label);
      });
    });
  }
  nameAll();
  new MutationObserver(function (changes) {
    if (changes.some(function (change) { return change.addedNodes.length; })) {
      nameAll();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
