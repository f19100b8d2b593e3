/* Samskap: similar ideas while a new idea's title is typed ("Kanskje du vil støtte denne i
 * stedet?"). Progressive enhancement only: without JavaScript the form's preview step shows the
 * same after the first "Send inn". Text from the server is set with textContent, never as HTML. */
(function () {
  "use strict";

  var box = document.querySelector("[data-suggest-url]");
  var title = document.getElementById("title");
  if (!box || !title || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";

  function supports(n) {
    return n === 1
      ? box.getAttribute("data-supports-one")
      : box.getAttribute("data-supports-many").replace("{n}", String(n));
  }

  function show(items) {
    box.textContent = "";
    if (!items.length) {
      return;
    }
    var heading = document.createElement("h2");
    heading.textContent = box.getAttribute("data-heading");
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      var count = document.createElement("span");
      count.className = "muted";
      count.textContent = " (" + supports(item.supports) + ")";
      li.appendChild(link);
      li.appendChild(count);
      list.appendChild(li);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function look() {
    var text = title.value.trim();
    if (text === last) {
      return;
    }
    last = text;
    if (text.length < 4) {
      show([]);
      return;
    }
    fetch(url + "?tittel=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { items: [] };
      })
      .then(function (data) {
        if (title.value.trim() === text) {
          show(data.items || []);
        }
      })
      .catch(function () {});
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(look, 350);
  });
})();
