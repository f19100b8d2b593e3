/* For the municipality's own page: fits each Samskap iframe (data-samskap-embed) to the height
   its embed reports (static/js/embed-resize.js). It trusts only messages from the window of one
   of those iframes, coming from the iframe's own origin, and reads only a number from them.
   An external file, so a host page with a Content-Security-Policy allows it with script-src. */
(function () {
  "use strict";
  var MIN = 100;
  var MAX = 20000;
  function frames() {
    return document.querySelectorAll("iframe[data-samskap-embed]");
  }
  function ask(frame) {
    // The question carries nothing; "*" because a frame not loaded yet is still about:blank.
    if (frame.contentWindow) {
      frame.contentWindow.postMessage({ type: "samskap:embed-ask" }, "*");
    }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "samskap:embed-height" || typeof data.height !== "number") {
      return;
    }
    var all = frames();
    for (var i = 0; i < all.length; i += 1) {
      var frame = all[i];
      if (frame.contentWindow !== event.source) {
        continue;
      }
      if (new URL(frame.src, document.baseURI).origin !== event.origin) {
        return;
      }
      var height = Math.min(MAX, Math.max(MIN, Math.round(data.height)));
      frame.setAttribute("height", String(height));
      return;
    }
  });
  // The embeds that loaded before this script: ask each for its height (and again on reload).
  var all = frames();
  for (var i = 0; i < all.length; i += 1) {
    ask(all[i]);
    all[i].addEventListener("load", ask.bind(null, all[i]));
  }
})();
