// Page settings the theme would otherwise write as inline scripts, which the site's
// Content-Security-Policy forbids: copied from this script's data-options attribute.
(function () {
  "use strict";
  var options = document.currentScript && document.currentScript.dataset.options;
  if (options && typeof DOCUMENTATION_OPTIONS === "object") {
    Object.assign(DOCUMENTATION_OPTIONS, JSON.parse(options));
  }
})();
