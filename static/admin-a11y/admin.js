// Accessibility fixes for Django's own admin pages, where the markup is Django's:
// - the autocomplete boxes (Select2) are named by their current value only, so an empty one has
//   no name for a screen reader: each is named by its field's label as well;
// - the controls in a tabular inline's rows have no label: each is named by its column's header
//   and its row's number;
// - the filter boxes' search icons carry aria-label without a role, which assistive technology
//   may ignore: they are marked as images.
// Select2 builds its boxes when Django's script says so, and "Add another" adds rows, so the
// fixes run again whenever the page gains elements.
(function () {
  "use strict";
  function nameBy(element, label) {
    var current = element.getAttribute("aria-labelledby") || "";
    if (current.split(" ").indexOf(label.id) === -1) {
      element.setAttribute("aria-labelledby", (label.id + " " + current).trim());
    }
  }
  function nameAutocompletes() {
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
  function nameTabularControls() {
    document.querySelectorAll(".tabular table").forEach(function (table) {
      table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
        row.querySelectorAll("td[class*='field-']").forEach(function (cell) {
          var name = /(?:^|\s)field-(\S+)/.exec(cell.className)[1];
          var head = table.querySelector("thead th.column-" + CSS.escape(name));
          if (!head) {
            return;
          }
          var text = head.textContent.trim() + ", row " + (index + 1);
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (!control.labels.length && !control.hasAttribute("aria-label")) {
              control.setAttribute("aria-label", text);
            }
          });
        });
        row.querySelectorAll("td.delete input[type=checkbox]").forEach(function (box) {
          if (!box.labels.length && !box.hasAttribute("aria-label")) {
            box.setAttribute("aria-label", "Delete row " + (index + 1));
          }
        });
      });
    });
  }
  function markIcons() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  function fixAll() {
    nameAutocompletes();
    nameTabularControls();
    markIcons();
  }
  fixAll();
  document.addEventListener("DOMContentLoaded", fixAll);
  new MutationObserver(function (changes) {
    if (changes.some(function (change) { return change.addedNodes.length; })) {
      fixAll();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
