/* Samskap maps (places feature): Leaflet on top of pages that work without it.
 * [data-place-picker]: the idea form's map; a click sets the latitude and longitude fields
 * (which stay visible and can be typed into). [data-place-map]: the challenge's ideas from its
 * GeoJSON, in clusters; the list and the "as a list" link stay for everyone. */
(function () {
  "use strict";

  if (!window.L) {
    return;
  }

  function tiles(el) {
    return L.tileLayer(el.getAttribute("data-tiles"), {
      attribution: el.getAttribute("data-attribution"),
      maxZoom: 18,
      minZoom: 4,
    });
  }

  function box(el) {
    var b = JSON.parse(el.getAttribute("data-box"));
    return L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
  }

  function number(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isNaN(n) ? null : n;
  }

  function show(el) {
    el.hidden = false;
    el.setAttribute("role", "region");
    var map = L.map(el, { scrollWheelZoom: false });
    tiles(el).addTo(map);
    map.fitBounds(box(el));
    return map;
  }

  function picker(el) {
    var lat = document.getElementById(el.getAttribute("data-lat"));
    var lon = document.getElementById(el.getAttribute("data-lon"));
    var status = el.parentNode.querySelector("[data-place-status]");
    var label = el.getAttribute("data-marker-label");
    var map = show(el);
    var marker = null;
    // The municipality's box: a point outside it is refused, so the map shows where it is.
    L.rectangle(box(el), { fill: false, weight: 2, dashArray: "6 4", interactive: false }).addTo(map);

    function place(point) {
      if (!marker) {
        marker = L.marker(point, { keyboard: false, title: label, alt: label }).addTo(map);
      } else {
        marker.setLatLng(point);
      }
    }

    function fromFields() {
      var a = number(lat.value);
      var b = number(lon.value);
      if (a !== null && b !== null) {
        place([a, b]);
      }
    }

    fromFields();
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    map.on("click", function (event) {
      var a = event.latlng.lat.toFixed(6);
      var b = event.latlng.lng.toFixed(6);
      place(event.latlng);
      lat.value = a;
      lon.value = b;
      if (status) {
        status.textContent = el
          .getAttribute("data-chosen")
          .replace("{lat}", a)
          .replace("{lon}", b);
      }
    });
  }

  function overview(el) {
    if (!window.fetch) {
      return;
    }
    var map = show(el);
    fetch(el.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        var group = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
        L.geoJSON(data, {
          pointToLayer: function (feature, point) {
            var title = feature.properties.title;
            return L.marker(point, { title: title, alt: title });
          },
          onEachFeature: function (feature, layer) {
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.title;
            var stage = document.createElement("span");
            stage.textContent = " (" + feature.properties.stage_label + ")";
            var popup = document.createElement("p");
            popup.appendChild(link);
            popup.appendChild(stage);
            layer.bindPopup(popup);
          },
        }).addTo(group);
        map.addLayer(group);
        el.setAttribute("data-markers", String(data.features.length));
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-place-picker]"), picker);
  Array.prototype.forEach.call(document.querySelectorAll("[data-place-map]"), overview);
})();
