// Golden Thread: a table's region takes the keyboard's focus only when it has something to
// scroll (an extra stop on every table would slow keyboard users down for nothing).
(function () {
  "use strict";
  function update() {
    document.querySelectorAll(".tom-scroll").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1 ||
        region.scrollHeight > region.clientHeight + 1;
      if (scrolls) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("load", update);
  window.addEventListener("resize", update);
})();
