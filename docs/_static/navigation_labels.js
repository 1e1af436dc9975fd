// Name the theme's fold toggles in the sidebar navigation for screen readers.
//
// pydata-sphinx-theme draws each toggle as a <summary> holding only a chevron
// icon, which a screen reader announces without a name (axe-core: summary-name).
// Each toggle gets the name of the section it opens.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("li.has-children > details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) {
        return;
      }
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      var section = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the pages of " + section);
    });
  });
})();
