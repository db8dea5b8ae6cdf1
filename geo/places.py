"""How geo/ identifies a place on the map and says how precise its point is.

    >>> from gazetteer.records import Place
    >>> town = Place(name="Manbij", lat=36.528, lon=37.955, geonameid=166365, country="SY")
    >>> place_key(town), geo_precision(town), has_valid_point(town)
    ('gn:166365', 'place', True)
    >>> place_key(Place(name="Somewhere", lat=1.0, lon=2.0, geonameid=None))
    'Somewhere@1.0000,2.0000'
    >>> has_valid_point(Place(name="Bad", lat=95.0, lon=2.0))
    False
"""
from __future__ import annotations

import logging
import math

log = logging.getLogger(__name__)


def place_key(place) -> str:
    """A stable key for grouping by place: the GeoNames id when there is one, else name@lat,lon."""
    if place.geonameid is not None:
        return f"gn:{place.geonameid}"
    return f"{place.name}@{place.lat:.4f},{place.lon:.4f}"


def has_valid_point(place, *, context: str = "") -> bool:
    """True when the place has finite WGS84 coordinates inside [-180,180] x [-90,90].

    A record that fails is logged (naming `context`, e.g. the event id) so that a
    bad gazetteer entry costs one feature, not the whole export.
    """
    try:
        lat, lon = float(place.lat), float(place.lon)
    except (TypeError, ValueError):
        lat = lon = math.nan
    ok = math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
    if not ok:
        log.warning("%s: place %r has no valid lon/lat (%r, %r); left off the map",
                    context or "geo", getattr(place, "name", None),
                    getattr(place, "lon", None), getattr(place, "lat", None))
    return ok


def geo_precision(place) -> str:
    """How much ground the place's point stands for, from its GeoNames feature code:
    "place" (a town or site), "admin1"/"admin2"/"admin" (a province or district, its
    representative point), "country", or "region" (continents, supranational areas)."""
    code = (place.feature_code or "PPL").upper()
    if code.startswith("PCL"):
        return "country"
    if code in ("ADM1", "ADM1H"):
        return "admin1"
    if code in ("ADM2", "ADM2H"):
        return "admin2"
    if code.startswith("ADM"):
        return "admin"
    if code in ("CONT", "RGN", "ZN"):
        return "region"
    return "place"


#: Coarseness order of geo_precision values (a line is as precise as its coarser end).
PRECISION_ORDER = ("place", "admin2", "admin", "admin1", "country", "region")


def coarser(a: str, b: str) -> str:
    """The coarser of two geo_precision values."""
    return max(a, b, key=PRECISION_ORDER.index)
