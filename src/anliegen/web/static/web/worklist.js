/* Worklists: "select all on this page" for the bulk actions. Progressive enhancement: without
   JavaScript the checkbox stays hidden and "all items of this list" in the bulk form works. */
(function () {
  "use strict";

  function wire(root) {
    var boxes = root.querySelectorAll("input[data-select-all]");
    for (var i = 0; i < boxes.length; i++) {
      var all = boxes[i];
      if (all.dataset.wired) {
        continue;
      }
      all.dataset.wired = "1";
      all.hidden = false;
      all.addEventListener("change", function (event) {
        var name = event.target.getAttribute("data-select-all");
        var items = document.querySelectorAll("input[type=checkbox][name='" + name + "']");
        for (var j = 0; j < items.length; j++) {
          items[j].checked = event.target.checked;
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function () { wire(document); });
})();
