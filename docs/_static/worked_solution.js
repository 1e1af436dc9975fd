// Fold each exercise's worked solution until the reader opens it.
//
// A lesson marks its worked solution with ``.. rst-class:: worked-solution``
// before the section's heading; the section's content after the heading moves
// into a closed <details> element. Without JavaScript the solution shows whole,
// and the downloaded script and notebook always keep it whole.
(function () {
  "use strict";

  function fold(section) {
    if (section.querySelector(":scope > details.worked-solution-fold")) {
      return;
    }
    var heading = section.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4");
    var details = document.createElement("details");
    details.className = "worked-solution-fold";
    var summary = document.createElement("summary");
    summary.textContent = "Show the worked solution (try the task yourself first)";
    details.appendChild(summary);
    var node = heading ? heading.nextSibling : section.firstChild;
    while (node) {
      var next = node.nextSibling;
      details.appendChild(node);
      node = next;
    }
    section.appendChild(details);
  }

  // A link into a folded solution (the page's table of contents, a shared URL)
  // opens it.
  function openTarget() {
    if (!window.location.hash) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) {
      return;
    }
    // The solution's own heading, or anything inside the fold.
    var details = target.matches("section.worked-solution")
      ? target.querySelector(":scope > details.worked-solution-fold")
      : target.closest("details.worked-solution-fold");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.worked-solution").forEach(fold);
    openTarget();
  });
  window.addEventListener("hashchange", openTarget);
})();
