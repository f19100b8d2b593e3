/* An embed tells the page that frames it how tall it is, so the iframe can fit its content
   (static/js/embed-host.js on the municipality's page listens). Optional: without JavaScript
   the iframe keeps the height in its snippet and scrolls. Only a height is sent. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function send() {
    // The content's own height (scrollHeight is never less than the iframe's current height).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "samskap:embed-height", height: height }, "*");
    }
  }
  // The host's script may start after this page: it asks, and gets the height again.
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "samskap:embed-ask") {
      last = 0;
      send();
    }
  });
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.body);
  }
  send();
})();
