// The progress entry form's type-ahead pickers, with Tom Select (static/vendor/tom-select/).
// Without this script, or without JavaScript, the form keeps its plain drop-downs and works
// the same; the server checks every choice either way. A file, not an inline script: the
// Content-Security-Policy allows only this site's own script files.
//
// - Commitment: searched on the server (states:commitment_choices) by symbol, paragraph label
//   and words, as the person types; the chosen commitment's text is then quoted below it
//   (states:commitment_quote).
// - State: the ~195 states of the page's own drop-down, found by any part of their name.
(function () {
  "use strict";
  // Words in the reader's language, from Django's JavaScript catalog (jsi18n/, loaded first);
  // English when it is missing.
  var gettext = window.gettext || function (words) { return words; };
  var form = document.querySelector("form.entry-form");
  if (!form || typeof window.TomSelect === "undefined") {
    return;
  }

  // Tom Select's own input stands in for the drop-down: it takes over the help and error
  // texts the drop-down was described by, and its marking as invalid. The drop-down stays,
  // out of sight and out of the tab order, to be posted: out of screen readers' way too, or
  // they would meet a second, unnamed "State" (Tom Select gave its label to the input).
  function describeLikeOriginal(picker, select) {
    ["aria-describedby", "aria-invalid", "aria-required"].forEach(function (name) {
      var value = select.getAttribute(name);
      if (value) {
        picker.control_input.setAttribute(name, value);
      }
    });
    select.setAttribute("aria-hidden", "true");
  }

  function text(tag, className, content) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = content;
    return element;
  }

  function message(content) {
    return text("div", "no-results", content);
  }

  var commitmentSelect = form.querySelector("select[name=commitment]");
  var quote = document.getElementById("commitment-quote");
  if (commitmentSelect && form.dataset.commitmentSearch) {
    var searchUrl = form.dataset.commitmentSearch;
    var quoteUrl = form.dataset.commitmentQuote; // ".../commitments/0/quote/"
    // What the server found for each query, in its order: the options are shared by all the
    // queries typed, so each query shows only its own results, in the server's order.
    var found = {};
    var more = {};
    var latestQuote = 0;

    var commitmentPicker = new window.TomSelect(commitmentSelect, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      // The server matches symbols, labels and words its own way: marking each typed letter
      // pair wherever it occurs ("op" in "cooperate") would mislead.
      highlight: false,
      maxOptions: null,
      loadThrottle: 250,
      closeAfterSelect: true,
      placeholder: gettext("Type a symbol, OP 16 or words"),
      shouldLoad: function (query) {
        return query.length > 0;
      },
      load: function (query, callback) {
        fetch(searchUrl + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(response.status);
            }
            return response.json();
          })
          .then(function (data) {
            var order = {};
            data.results.forEach(function (item, index) {
              order[item.id] = index;
            });
            found[query] = order;
            more[query] = data.more;
            callback(data.results);
          })
          .catch(function () {
            found[query] = {};
            callback();
          });
      },
      score: function (query) {
        return function (item) {
          var order = found[query] || {};
          return item.id in order ? 1 / (1 + order[item.id]) : 0;
        };
      },
      sortField: [{ field: "$score", direction: "desc" }],
      render: {
        option: function (item) {
          var option = document.createElement("div");
          option.className = "commitment-option";
          if (!item.reference) {
            option.textContent = item.text;
            return option;
          }
          // Spaces between the parts, so that the option's name reads as words.
          option.append(text("span", "reference", item.reference), " ");
          if (item.lead_in) {
            option.append(text("span", "lead-in", item.lead_in), " ");
          }
          option.append(text("span", "excerpt", item.excerpt));
          return option;
        },
        item: function (item) {
          return text("div", "item", item.text);
        },
        loading: function () {
          return message(gettext("Searching…"));
        },
        not_loading: function () {
          return message(gettext("Type a symbol (65/190), a paragraph (OP 16, 16(a)) or words of the text."));
        },
        no_results: function () {
          return message(
            gettext(
              "No adopted commitment matches: try the resolution's symbol, the paragraph " +
                "number or other words (a paragraph that only introduces sub-paragraphs is " +
                "not listed: choose one of them)."
            )
          );
        },
      },
      onType: function () {
        moreNote.hidden = true;
      },
      onLoad: function () {
        moreNote.hidden = !more[this.inputValue()];
      },
    });
    // Said below the list when it shows only the first of the commitments found.
    var moreNote = text("div", "more-results", gettext("More commitments match: type more to narrow the list."));
    moreNote.hidden = true;
    commitmentPicker.dropdown.appendChild(moreNote);
    describeLikeOriginal(commitmentPicker, commitmentSelect);
    // While one types, the search takes the place of the current choice (a long line that
    // would push the typed text onto a line of its own).
    var typing = function () {
      commitmentPicker.wrapper.classList.toggle("is-typing", commitmentPicker.inputValue() !== "");
    };
    ["type", "blur", "item_add", "dropdown_close"].forEach(function (event) {
      commitmentPicker.on(event, typing);
    });
    // The page's long list is not searched here: only the server's results (and the choice).
    commitmentPicker.clearOptions();

    commitmentPicker.on("change", function (value) {
      var ticket = ++latestQuote;
      if (!value || !quote) {
        if (quote) {
          quote.replaceChildren();
        }
        return;
      }
      fetch(quoteUrl.replace("/0/", "/" + encodeURIComponent(value) + "/"), {
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          if (ticket === latestQuote) {
            // Our own template's markup (states/_commitment_quote.html), never typed text.
            quote.innerHTML = html;
          }
        })
        .catch(function () {
          if (ticket === latestQuote) {
            quote.replaceChildren();
          }
        });
    });
  }

  var stateSelect = form.querySelector("select[name=state]");
  if (stateSelect) {
    var statePicker = new window.TomSelect(stateSelect, {
      maxOptions: null,
      allowEmptyOption: false,
      placeholder: gettext("Type a state's name"),
      plugins: ["clear_button"],
      render: {
        no_results: function () {
          return message(gettext("No state by that name."));
        },
      },
    });
    describeLikeOriginal(statePicker, stateSelect);
  }
})();
