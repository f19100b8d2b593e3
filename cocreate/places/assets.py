"""The map's files and tile source: Leaflet from static/vendor/leaflet/ (make vendor), our glue
in static/js/places.js, tiles from MAP_TILE_URL. Without the vendor files there is no map and
the pages keep their lists and links (the map is an enhancement, never the only way)."""

import os
from typing import Any

from flask import current_app

from ..assets import static_url

VENDOR = "vendor/leaflet"
SCRIPTS = (f"{VENDOR}/leaflet.js", f"{VENDOR}/leaflet.markercluster.js", "js/places.js")
STYLES = (
    f"{VENDOR}/leaflet.css",
    f"{VENDOR}/MarkerCluster.css",
    f"{VENDOR}/MarkerCluster.Default.css",
)


def vendor_present() -> bool:
    folder = current_app.static_folder or ""
    return all(os.path.isfile(os.path.join(folder, name)) for name in (*SCRIPTS, *STYLES))


def map_config() -> dict[str, Any] | None:
    """What a page needs to draw a map, or None when Leaflet is not installed."""
    tiles = current_app.config.get("MAP_TILE_URL") or ""
    if not tiles or not vendor_present():
        return None
    return {
        "tiles": tiles,
        "attribution": current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
        "scripts": [static_url(name) for name in SCRIPTS],
        "styles": [static_url(name) for name in STYLES],
    }
