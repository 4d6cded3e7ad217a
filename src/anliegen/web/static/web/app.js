/* anliegen staff UI: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function current(element) {
    // After an outerHTML swap the old element is detached; find its replacement by id.
    if (!element) {
      return null;
    }
    if (element.isConnected) {
      return element;
    }
    return element.id ? document.getElementById(element.id) : null;
  }

  // After htmx replaced part of the page, move the focus to the first invalid field, so that
  // keyboard and screen-reader users land on the error message (WCAG 3.3.1).
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    var scopes = [current(detail.elt), current(detail.target)];
    for (var i = 0; i < scopes.length; i++) {
      var invalid = scopes[i] && scopes[i].querySelector("[aria-invalid='true']");
      if (invalid) {
        invalid.focus();
        return;
      }
    }
    // Otherwise, if the element that had the focus was replaced, continue at the marked start
    // of the new content instead of losing the focus to the page (WCAG 2.4.3).
    var target = current(detail.target);
    var start = target && target.querySelector("[data-focus-after-swap]");
    if (start && (!document.activeElement || document.activeElement === document.body)) {
      start.focus();
    }
  });

  // A page that comes back with form errors: bring the error summary at the form into view and
  // give it the focus, so the messages are not somewhere above the visible part (defect 7).
  function showErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    summary.focus({ preventScroll: true });
    if (summary.scrollIntoView) {
      summary.scrollIntoView({ block: "start" });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showErrorSummary);
  } else {
    showErrorSummary();
  }

  // Keyboard shortcuts on lists (issue 9): j/k move, o opens, / goes to the search, ? shows the
  // help. Only an enhancement: every row is a plain link without it.
  var CURRENT = "is-kbd-current";

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function rows() {
    var main = document.getElementById("main");
    if (!main) {
      return [];
    }
    var marked = main.querySelectorAll("[data-keyboard-row]");
    var candidates = marked.length ? marked : main.querySelectorAll("table tbody tr");
    var found = [];
    for (var i = 0; i < candidates.length; i++) {
      if (target(candidates[i])) {
        found.push(candidates[i]);
      }
    }
    return found;
  }

  function target(row) {
    return row.querySelector("[data-keyboard-open]") || row.querySelector("a[href]");
  }

  function move(step) {
    var list = rows();
    if (!list.length) {
      return false;
    }
    var index = -1;
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains(CURRENT)) {
        index = i;
        list[i].classList.remove(CURRENT);
      }
    }
    index = index < 0 ? (step > 0 ? 0 : list.length - 1) : index + step;
    index = Math.max(0, Math.min(list.length - 1, index));
    var row = list[index];
    row.classList.add(CURRENT);
    target(row).focus();
    if (row.scrollIntoView) {
      row.scrollIntoView({ block: "nearest" });
    }
    return true;
  }

  function open() {
    var list = rows();
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains(CURRENT)) {
        target(list[i]).click();
        return true;
      }
    }
    return false;
  }

  function help() {
    var dialog = document.getElementById("shortcut-help");
    if (!dialog || typeof dialog.showModal !== "function") {
      return false;
    }
    if (!dialog.open) {
      dialog.showModal();
    }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (typing(event.target)) {
      return;
    }
    var dialog = document.getElementById("shortcut-help");
    if (dialog && dialog.open) {
      return; // the dialog handles Escape itself
    }
    var handled = false;
    switch (event.key) {
      case "j":
        handled = move(1);
        break;
      case "k":
        handled = move(-1);
        break;
      case "o":
        handled = open();
        break;
      case "/": {
        var search = document.querySelector("[data-search-field]");
        if (search) {
          search.focus();
          search.select();
          handled = true;
        }
        break;
      }
      case "?":
        handled = help();
        break;
    }
    if (handled) {
      event.preventDefault();
    }
  });
})();
