// Golden Thread: the theme's version switcher links to `${url}${page}`, which a browser
// reads from the page's own folder. switcher.json gives each version's root relative to the
// site's root (the site may be served from any folder, offline), so each link is resolved
// here against this page's root, as the theme already does for switcher.json itself.
(function () {
  "use strict";
  var root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  function resolve(menu) {
    menu.querySelectorAll("a[href]:not([data-tom-resolved])").forEach(function (link) {
      link.setAttribute("href", new URL(link.getAttribute("href"), root).href);
      link.setAttribute("data-tom-resolved", "");
    });
  }
  document.querySelectorAll(".version-switcher__menu").forEach(function (menu) {
    resolve(menu);
    new MutationObserver(function () { resolve(menu); }).observe(menu, { childList: true });
  });
})();
