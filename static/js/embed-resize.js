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
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "samskap:embed-height", height: height }, "*");
    }
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.body);
  }
  send();
})();
