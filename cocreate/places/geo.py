"""Points, boxes and GeoJSON: plain functions without the database.

A point is (lat, lon) in WGS 84 (EPSG:4326); GeoJSON writes it [lon, lat]. DEFAULT_BOUNDS are
approximate boxes around the reference municipalities (docs/places.md): drawn by hand from the
municipalities' extent with a margin of a few kilometres, not official boundaries. A
municipality's staff may set their own box; without one, any point in Norway's box is taken.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Box:
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    def as_list(self) -> list[float]:
        """[[south, west], [north, east]] as Leaflet's fitBounds takes it, flattened."""
        return [self.min_lat, self.min_lon, self.max_lat, self.max_lon]


# Mainland Norway with its coastal islands (not Svalbard or Jan Mayen).
NORWAY = Box(57.8, 4.0, 71.3, 31.5)

# Approximate boxes by kommunenummer (the reference municipalities of the project).
DEFAULT_BOUNDS: dict[str, Box] = {
    "3203": Box(59.45, 10.15, 59.95, 10.70),  # Asker (with Røyken and Hurum)
    "4601": Box(60.15, 4.95, 60.60, 5.75),  # Bergen
    "1804": Box(66.95, 13.50, 67.55, 15.65),  # Bodø (with Skjerstad)
    "3107": Box(59.05, 10.70, 59.40, 11.20),  # Fredrikstad
    "1806": Box(67.80, 15.90, 68.70, 18.20),  # Narvik (with Ballangen and eastern Tysfjord)
    "1103": Box(58.85, 5.40, 59.30, 6.15),  # Stavanger (with Finnøy and Rennesøy)
    "5001": Box(63.20, 10.00, 63.50, 10.75),  # Trondheim (with Klæbu)
    "1508": Box(62.30, 5.70, 62.90, 7.00),  # Ålesund
}


def round_point(lat: float, lon: float, decimals: int | None) -> tuple[float, float]:
    """The point as it may be shown: rounded to `decimals` (None: as given)."""
    if decimals is None:
        return lat, lon
    return round(lat, decimals), round(lon, decimals)


def feature(
    lat: float, lon: float, properties: dict[str, Any], decimals: int | None
) -> dict[str, Any]:
    """One GeoJSON Feature with a Point, rounded as the challenge says."""
    rlat, rlon = round_point(lat, lon, decimals)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [rlon, rlat]},
        "properties": properties,
    }


def feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}
