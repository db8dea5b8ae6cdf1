"""How geo/ says how precise a place's point is. A place's identity is `Place.key`
(`gazetteer.records`); whether it has a usable point is `has_valid_point`.

    >>> from gazetteer.records import Place
    >>> town = Place(name="Manbij", lat=36.528, lon=37.955, geonameid=166365, country="SY")
    >>> town.key, geo_precision(town), has_valid_point(town)
    ('gn:166365', 'place', True)
    >>> has_valid_point(Place(name="Bad", lat=95.0, lon=2.0))
    False
"""
from __future__ import annotations

from gazetteer.records import NEAR_CODE, NEAR_MARK
from timeline.frame import has_valid_point

__all__ = ["PRECISION_ORDER", "coarser", "geo_precision", "has_valid_point", "is_approximate", "shown_name"]


def geo_precision(place) -> str:
    """How much ground the place's point stands for, from its GeoNames feature code:
    "place" (a town or site), "near" (a place the gazetteer lacks, put where the text says
    it lies: "X, 6 km south of Y"; within some 25 km, as ACLED's geo-precision 2), "admin1"/"admin2"/"admin" (a province or district, its
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
    if code == NEAR_CODE:
        return "near"
    return "place"


#: Coarseness order of geo_precision values (a line is as precise as its coarser end).
PRECISION_ORDER = ("place", "near", "admin2", "admin", "admin1", "country", "region")


def coarser(a: str, b: str) -> str:
    """The coarser of two geo_precision values."""
    return max(a, b, key=PRECISION_ORDER.index)


def is_approximate(key) -> bool:
    """Whether a `Place.key` is that of an approximate point (a place put where the text puts it).

        >>> is_approximate("ll:48.95,37.75~shchurove"), is_approximate("gn:704508"), is_approximate(None)
        (True, False, False)
    """
    return bool(key) and NEAR_MARK in str(key)


def shown_name(name, key) -> str:
    """A place's name as the map shows it: an approximate point (`gazetteer.relative`, whose
    `Place.key` carries the mark) says so.

        >>> shown_name("Shchurove", "ll:48.95,37.75~shchurove"), shown_name("Lyman", "gn:704508")
        ('Shchurove (approximate location)', 'Lyman')
    """
    name = str(name or "?")
    return f"{name} (approximate location)" if is_approximate(key) else name
