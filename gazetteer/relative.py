"""Places the gazetteer lacks, put on the map where the text itself puts them.

A village the gazetteer does not hold is often placed by the sentence that names it:
"Shchurove, 6 km southwest of Lyman", "the Tal al-Sultan neighbourhood in western Rafah",
"Thinganyinaung army base near Myawaddy". `place_near` reads that relation to a town the
text names and the gazetteer resolved, and returns an approximate point for the name: the
town's point, moved by the distance and bearing when the text gives both. This is how
ACLED (geo-precision 2) and UCDP GED (where_prec 2) code a place known only as "near" a
town. The point is marked as such (`NEAR`: `geo.places.geo_precision` "near"), and the
name stays listed as one the gazetteer lacks, so an analyst can add it and a re-run
places it exactly.

Only an explicit relation counts: a town merely named in the same sentence is no anchor
("Kawlin, first district town taken in Sagaing": Sagaing is a region there), and neither
is a province or a country, or a distance over `MAX_KM`.

    >>> from gazetteer.records import NEAR_CODE, Mention, Place
    >>> lyman = Place(name="Lyman", lat=48.989, lon=37.802, geonameid=704508, country="UA")
    >>> text = "Ukraine liberated the town of Shchurove, 6 km southwest of Lyman."
    >>> at = text.index("Lyman")
    >>> m = Mention("Lyman", at, at + 5, lyman, 0.9)
    >>> p = place_near("Shchurove", text, text.index(",") , [m])
    >>> p.name, p.feature_code, round(p.lat, 3), round(p.lon, 3), p.country
    ('Shchurove', 'NEAR', 48.951, 37.744, 'UA')
    >>> place_near("Shchurove", "Shchurove and Lyman fell.", 9, [Mention("Lyman", 14, 19, lyman, 0.9)]) is None
    True
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from geopy.distance import distance as geodesic_distance

from gazetteer.records import NEAR_CODE, Mention, Place

__all__ = ["LIST_SPREAD_KM", "MAX_KM", "NEAR_CODE", "place_among", "place_near"]

#: A stated distance past which the town says too little of where the place is.
MAX_KM = 40.0

#: Least resolver confidence of the town a place is put near.
_SURE = 0.5

#: Towns listed with a name in one capture lie within this of their centre, for the name to be
#: put among them ("captured Qalaat al-Madiq and the villages of Tell Huwash and Al-Karkat").
LIST_SPREAD_KM = 20.0
#: A lone town listed with a name is a place of its own size: a city may be listed with villages
#: far from it ("Ayn Issa and Al-Hasakah"), a village with its neighbours.
LONE_TOWN_MAX_POPULATION = 50_000

_BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
    "west": 270, "northwest": 315,
    "north-northeast": 22.5, "east-northeast": 67.5, "east-southeast": 112.5, "south-southeast": 157.5,
    "south-southwest": 202.5, "west-southwest": 247.5, "west-northwest": 292.5, "north-northwest": 337.5,
}
_BEARING = r"(?:north|south)?-?(?:north|south|east|west)(?:-?(?:north|south)?(?:east|west))?"
_SITE = (r"village|town|settlement|hamlet|hill|heights|neighbou?rhood|district|suburb|quarter|area|"
         r"base|air\s?base|airbase|airport|airfield|crossing|camp|plant|factory|palace|complex|"
         r"checkpoint|junction|bridge|dam")
_NAME_WORD = r"(?-i:[A-Z][\w'’-]*)"     # capitalised, though the pattern ignores case
_SITE_WORD = re.compile(rf"\b(?:{_SITE})s?\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b(?:neighbou?rhood|quarter|suburb|district)s?\s+(?:in|of)\b", re.IGNORECASE)
_CITY_CENTRE = re.compile(r"\b(?:central|downtown)\s+$", re.IGNORECASE)
_VILLAGE_WORD = re.compile(r"\b(?:village|town|settlement|hamlet|area)s?\b", re.IGNORECASE)

# The relation after a name, written as one pattern with the pieces it may take:
#   [, and B, C]  [, a/the (small) village,]  [about]  [6 km]  [southwest of | near | outside |
#   on the (western) outskirts of | in (central|western) ...]  [the city of]  TOWN
_RELATION = re.compile(
    rf"""(?:\s*(?:,|and|&)\s*{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}}){{0,4}}     # "A, B and C, ..."
    \s*(?:\(\s*)?,?\s*
    (?:(?:an?|the)\s+(?:small\s+|nearby\s+|strategic\s+|key\s+|former\s+)?(?:army\s+|military\s+)?
       (?:{_SITE})s?\s*,?\s*)?                                                # ", a village"
    (?:(?:army\s+|military\s+)?(?:{_SITE})s?\s+)?                              # "Tal al-Sultan neighbourhood"
    (?:(?:located|situated|lying|just|some|about|around|roughly|approximately|nearly|only|less\s+than)\s+){{0,2}}
    (?:(?P<n>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>km|kms|kilomet(?:er|re)s?|mi|miles?)\s+)?
    (?:(?P<bearing>{_BEARING})(?:ern)?\s+(?:of|from)
       |(?P<from>from)(?=\s)
       |near|outside|close\s+to|next\s+to
       |(?:on|in|at)\s+the\s+(?:(?:{_BEARING})(?:ern)?\s+)?(?:outskirts|edge|fringes?|suburbs)\s+of
       |(?P<inside>in|of)\s+(?:central|downtown|(?:{_BEARING})(?:ern)?)
       |(?P<site_in>in))
    \s+(?:the\s+(?:city|town|village)\s+of\s+|the\s+)?""",
    re.VERBOSE | re.IGNORECASE)


def place_near(name: str, text: str, end: int, mentions: Sequence[Mention]) -> Place | None:
    """An approximate point for `name`, which ends at offset `end` of `text`, from the relation
    the text writes right after it to a resolved town among `mentions`; None when the text
    writes none (see the module's docstring)."""
    m = _RELATION.match(text, end)
    if m is None or m.group("from") and not m.group("n"):
        return None     # a bare "from Y" says where something came from, a distance "12 km from Y" where it lies
    if m.group("site_in") and not _site_named(name + text[end:m.start("site_in")]):
        return None     # "Tonenke in Menaka" may be a region's name; "the X base in Y" is a site in a town
    anchor = next((x for x in mentions if x.start == m.end()), None)
    if anchor is None or anchor.place is None or anchor.confidence < _SURE or not _town(anchor.place):
        return None
    km = _km(m)
    if km is None or (not km and _QUARTER.search(text, end, m.end()) is None and not _CITY_CENTRE.search(m.group())
                      and any(a.feature_code == "ADM1" for a in anchor.alternatives)):
        return None     # too far, or "north of Aleppo": the province's name too, which may be meant
        # (but "in central Khartoum", "downtown Aleppo" is the city's centre)
    lat, lon = anchor.place.lat, anchor.place.lon
    bearing = (m.group("bearing") or "").lower().replace("ern", "")
    if km and bearing:
        point = geodesic_distance(kilometers=km).destination((lat, lon), _BEARINGS[_compass(bearing)])
        lat, lon = point.latitude, point.longitude
    return Place(name=name, lat=round(lat, 5), lon=round(lon, 5), country=anchor.place.country,
                 admin1=anchor.place.admin1, feature_code=NEAR_CODE, source="text")


def _km(m: re.Match) -> float | None:
    """The stated distance in km (0 when none is written), None when it is too far to tell."""
    if not m.group("n"):
        return 0.0
    km = float(m.group("n")) * (1.609 if m.group("unit").lower().startswith("mi") else 1.0)
    return km if km <= MAX_KM else None


def _compass(word: str) -> str:
    """ "north-east" -> "northeast", "north-north-east" -> "north-northeast"."""
    w = word.replace("-", "")
    for key in sorted(_BEARINGS, key=len, reverse=True):
        if w == key.replace("-", ""):
            return key
    return w


def _site_named(words: str) -> bool:
    """Whether the name and the words after it, before a plain "in", name a site or a quarter
    ("the Republican Palace in", "the Karkojli neighbourhood in"), not a village that may lie
    in a larger area of the same name."""
    return _SITE_WORD.search(words) is not None and _VILLAGE_WORD.search(words) is None


def _town(place: Place) -> bool:
    code = place.feature_code or "PPL"
    return not (code.startswith(("PCL", "ADM", "CONT", "RGN")) or code == NEAR_CODE)


def place_among(name: str, listed: Sequence[Mention]) -> Place | None:
    """An approximate point for `name`, listed with the towns of `listed` as the places one
    capture took ("retook Kafr Zita, Lataminah and Tonenke"): their centre, when they lie close
    together (within LIST_SPREAD_KM of it) and, if only one, it is no city; else None.

        >>> from gazetteer.records import Mention, Place
        >>> a = Mention("Kafr Zita", 0, 9, Place("Kafr Zayta", 35.373, 36.601, 1, "SY", population=9000), 0.9)
        >>> b = Mention("Lataminah", 11, 20, Place("Al Lataminah", 35.317, 36.618, 2, "SY", population=9000), 0.9)
        >>> p = place_among("Tonenke", [a, b])
        >>> p.feature_code, round(p.lat, 3), round(p.lon, 3)
        ('NEAR', 35.345, 36.609)
        >>> place_among("Tonenke", [Mention("Al-Hasakah", 0, 10, Place("Al-Hasakah", 36.5, 40.7, 3, "SY", population=188000), 0.9)]) is None
        True
    """
    towns = [m.place for m in listed if m.place is not None and m.confidence >= _SURE and _town(m.place)]
    if not towns or len({p.country for p in towns}) > 1 or \
            len(towns) == 1 and (towns[0].population or 0) >= LONE_TOWN_MAX_POPULATION:
        return None
    lat = sum(p.lat for p in towns) / len(towns)
    lon = sum(p.lon for p in towns) / len(towns)
    if any(geodesic_distance((lat, lon), (p.lat, p.lon)).km > LIST_SPREAD_KM for p in towns):
        return None
    return Place(name=name, lat=round(lat, 5), lon=round(lon, 5), country=towns[0].country,
                 admin1=towns[0].admin1, feature_code=NEAR_CODE, source="text")

