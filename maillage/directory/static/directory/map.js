/* The social offer's map: draws the services of the search results on a Leaflet map.
 * The page works without it: the map stays hidden without JavaScript or Leaflet, and a
 * note says so when the tiles cannot load. The points come from the results' JSON
 * (#service-points), redrawn after each HTMX search. */
(function () {
  "use strict";
  var map = null;
  var layer = null;
  var CENTRE = [50.8466, 4.3528];

  function readPoints() {
    var node = document.getElementById("service-points");
    if (!node) { return []; }
    try { return JSON.parse(node.textContent) || []; } catch (e) { return []; }
  }

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    var meta = document.createElement("p");
    meta.textContent = point.theme + " · " + point.organisation;
    box.appendChild(link);
    box.appendChild(meta);
    return box;
  }

  function draw() {
    if (!map) { return; }
    layer.clearLayers();
    var points = readPoints();
    var bounds = [];
    points.forEach(function (point) {
      var marker = window.L.marker([point.lat, point.lng], { title: point.name, alt: point.name });
      marker.bindPopup(popup(point));
      layer.addLayer(marker);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else if (!map._loaded) {
      map.setView(CENTRE, 12);
    }
  }

  function start() {
    var box = document.querySelector("[data-map-box]");
    var element = document.getElementById("service-map");
    if (!box || !element || !window.L) { return; }
    box.hidden = false;
    map = window.L.map(element, { scrollWheelZoom: false });
    layer = window.L.layerGroup().addTo(map);
    // The view first (the results' bounds), then the tiles: none fetched for nothing.
    draw();
    var tiles = window.L.tileLayer(element.dataset.tiles, {
      maxZoom: 19,
      attribution: element.dataset.attribution || ""
    });
    var warned = false;
    tiles.on("tileerror", function () {
      if (warned) { return; }
      warned = true;
      var note = box.querySelector("[data-map-error]");
      note.textContent = element.dataset.tileError;
      note.hidden = false;
    });
    tiles.addTo(map);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target && event.detail.target.id === "service-results") { draw(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
