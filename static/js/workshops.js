/* Samskap workshops: keeps the facilitator's wall and the projector view up to date.
 * Progressive enhancement only: without JavaScript the "Oppdater" link reloads the page.
 * Polls the wall's JSON every few seconds with If-None-Match; a 304 costs almost nothing. */
(function () {
  "use strict";

  var wall = document.querySelector("[data-wall-json]");
  if (!wall || !window.fetch) {
    return;
  }
  var url = wall.getAttribute("data-wall-json");
  var template = wall.querySelector("template[data-note-template]");
  var status = wall.querySelector("[data-wall-status]");
  var etag = null;
  var seconds = 4;

  // A count with its word: «1 prikk», «2 prikker» (data-one/data-many from the page's language).
  function showCount(el, n) {
    var one = el.getAttribute("data-one");
    var many = el.getAttribute("data-many");
    el.textContent = one && many ? (n === 1 ? one : many.replace("{n}", String(n))) : String(n);
  }

  function setText(selector, value) {
    var el = wall.querySelector(selector);
    if (el) {
      el.textContent = String(value);
    }
  }

  function listFor(themeId) {
    var key = themeId === null ? "" : String(themeId);
    return wall.querySelector('[data-notes-for="' + key + '"]') ||
      wall.querySelector('[data-notes-for=""]');
  }

  function newCard(note) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.id = "lapp-" + note.id;
    card.setAttribute("data-note-id", String(note.id));
    card.querySelector(".note-text").textContent = note.text;
    card.querySelectorAll("form").forEach(function (form) {
      form.action = form.getAttribute("action").replace("/lapper/0/", "/lapper/" + note.id + "/");
    });
    card.querySelectorAll("[id]").forEach(function (el) {
      el.id = el.id.replace(/-0$/, "-" + note.id);
    });
    card.querySelectorAll("label[for]").forEach(function (el) {
      el.htmlFor = el.htmlFor.replace(/-0$/, "-" + note.id);
    });
    card.querySelectorAll("[aria-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby",
        el.getAttribute("aria-describedby").replace(/-0$/, "-" + note.id));
    });
    card.querySelectorAll("select[name=theme] option").forEach(function (option) {
      option.selected = option.value === (note.theme_id === null ? "" : String(note.theme_id));
    });
    return card;
  }

  function addMergeOption(note) {
    document.querySelectorAll(".note-select select").forEach(function (select) {
      var option = document.createElement("option");
      option.value = String(note.id);
      option.textContent = "#" + note.id + ": " + note.text.slice(0, 60);
      select.appendChild(option);
    });
  }

  function render(data) {
    setText('[data-total="notes"]', data.totals.notes);
    setText('[data-total="participants"]', data.totals.participants);
    setText('[data-total="dots"]', data.totals.dots);
    data.themes.forEach(function (theme) {
      var section = wall.querySelector('[data-theme-id="' + theme.id + '"] [data-theme-dots]');
      if (section) {
        showCount(section, theme.dots);
      }
    });
    var added = 0;
    data.notes.forEach(function (note) {
      var card = wall.querySelector('[data-note-id="' + note.id + '"]');
      var onWall = !note.hidden && note.merged_into_id === null;
      if (card && !onWall) {
        card.remove();
        return;
      }
      if (!card && onWall && template) {
        card = newCard(note);
        listFor(note.theme_id).appendChild(card);
        if (!note.published) {
          addMergeOption(note);
        }
        added += 1;
      }
      if (card) {
        var dots = card.querySelector("[data-dots]");
        if (dots) {
          showCount(dots, note.dots);
        }
      }
    });
    if (added) {
      var empty = wall.querySelector("[data-empty]");
      if (empty) {
        empty.remove();
      }
      if (status) {
        status.textContent = added === 1 ? status.getAttribute("data-one") :
          status.getAttribute("data-many").replace("{n}", String(added));
      }
    }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 304 || !response.ok) {
          return null;
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) {
          render(data);
        }
      })
      .catch(function () { /* offline for a moment: try again next round */ })
      .then(function () {
        window.setTimeout(poll, (document.hidden ? 4 : 1) * seconds * 1000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();
