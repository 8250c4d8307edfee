// A thumbnail that fails to load shows the site's placeholder instead of a broken-image icon
// (the CSP allows no inline onerror=). Errors before this ran are found by the sweep below.
"use strict";
(function () {
  var placeholder = new URL("placeholder.svg", document.currentScript.src).href;
  function mend(img) {
    if (img.src !== placeholder) { img.src = placeholder; img.classList.add("missing"); }
  }
  document.addEventListener("error", function (e) {
    if (e.target instanceof HTMLImageElement) { mend(e.target); }
  }, true);
  document.querySelectorAll("img").forEach(function (img) {
    if (img.complete && !img.naturalWidth) { mend(img); }
  });
})();
