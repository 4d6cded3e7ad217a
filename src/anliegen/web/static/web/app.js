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
})();
