"""Records the gazetteer speaks: a `Place` and a `Mention` of one in a text.

Both are small, immutable and JSON-friendly so that they cross process
boundaries (Dask workers) and the store unchanged.

    >>> p = Place(name="Manbij", lat=36.528, lon=37.955, geonameid=166365, country="SY")
    >>> Mention(surface="Manbij", start=10, end=16, place=p, confidence=0.9).place.country
    'SY'
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: The feature code of a point placed by a relation in the text (`gazetteer.relative`), and
#: the mark of such a place's key: its point is approximate.
NEAR_CODE = "NEAR"
NEAR_MARK = "~"


@dataclass(frozen=True)
class Place:
    """A point on the map that a name can stand for.

    name:         preferred (English) name of the place, e.g. "Deir ez-Zor".
    lat, lon:     WGS84 degrees of its representative point (for an admin area
                  or a country: its capital or centroid).
    geonameid:    GeoNames id when the place comes from GeoNames, else None.
    country:      ISO 3166-1 alpha-2 code ("SY"), None for supranational places.
    admin1:       first-level admin code or name inside the country, if known.
    feature_code: GeoNames feature code: PPL*, PPLC (capital), ADM1 (province),
                  PCLI (country), CONT (continent), ... ; "PPL" when unknown; "NEAR" for a
                  place the gazetteer lacks, put where the text puts it ("X, 6 km south of
                  Y": `gazetteer.relative`), an approximate point.
    population:   population as GeoNames gives it (0 when unknown); a prior.
    source:       where the record comes from: geonames, curated, user, nominatim, text.
    """

    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    feature_code: str = "PPL"
    population: int = 0
    source: str = "geonames"

    @property
    def key(self) -> str:
        """Identity of a place for event ids and corroboration: its GeoNames id, else its point
        rounded to 0.01 degrees (about a kilometre); for an approximate point, its name too
        (two villages put near one town are two places)."""
        if self.feature_code == NEAR_CODE:
            return f"ll:{self.lat:.2f},{self.lon:.2f}{NEAR_MARK}{' '.join(self.name.lower().split())}"
        return f"gn:{self.geonameid}" if self.geonameid is not None else f"ll:{self.lat:.2f},{self.lon:.2f}"

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_admin_area(self) -> bool:
        return self.feature_code.startswith("ADM")

    def to_json(self) -> dict:
        """The short form used in CLI JSON and exports: {name, lat, lon, geonameid, country}."""
        return {"name": self.name, "lat": self.lat, "lon": self.lon,
                "geonameid": self.geonameid, "country": self.country}

    def to_dict(self) -> dict:
        # by hand, not dataclasses.asdict: that deep-copies and dominates the cost of storing
        return {f: getattr(self, f) for f in _PLACE_FIELDS}

    @classmethod
    def from_dict(cls, d: dict | None) -> Place | None:
        if not d:
            return None
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)


_PLACE_FIELDS = tuple(Place.__dataclass_fields__)


@dataclass(frozen=True)
class Mention:
    """One place name found in a text and what it was resolved to.

    surface:      the text as written ("Deir al-Zor", "Syrian", "HASAKAH").
    start, end:   character offsets of the surface in the article text (end exclusive).
    place:        the chosen Place, or None if nothing plausible was found.
    confidence:   0..1, how sure the resolver is of `place`.
    alternatives: the other candidates it beat, best first (a few at most).
    kind:         "toponym" (a name), "demonym" ("Syrian" -> Syria),
                  "admin" ("Hasakah province" -> the province), or "capital" ("the
                  capital" -> the capital of the country the text is about,
                  `gazetteer.references`).
    """

    surface: str
    start: int
    end: int
    place: Place | None = None
    confidence: float = 0.0
    alternatives: tuple[Place, ...] = field(default_factory=tuple)
    kind: str = "toponym"

    def to_dict(self) -> dict:
        return {
            "surface": self.surface, "start": self.start, "end": self.end,
            "place": self.place.to_dict() if self.place else None,
            "confidence": self.confidence,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Mention:
        return cls(surface=d["surface"], start=d["start"], end=d["end"],
                   place=Place.from_dict(d.get("place")),
                   confidence=d.get("confidence", 0.0),
                   alternatives=tuple(Place.from_dict(a) for a in d.get("alternatives", [])),
                   kind=d.get("kind", "toponym"))
