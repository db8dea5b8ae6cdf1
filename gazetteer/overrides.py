"""User overrides: a CSV of surface form -> place that wins over everything else.

Columns (a header line is required; lines starting with # are comments)::

    name,aliases,lat,lon,country,admin1,feature_code,population,geonameid,source

A row with lat/lon is a new place (one GeoNames lacks); a row with only a
geonameid points its name and aliases at that GeoNames place.
``conflictmap gazetteer add NAME LAT LON --country CC`` appends rows here.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "places.csv"
    >>> add_place(p, "Tal Samin", 36.15, 38.93, country="SY")
    >>> [r.name for r in read_overrides(p)]
    ['Tal Samin']
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

from gazetteer.errors import DataFileError
from gazetteer.sources import PlaceRow, read_place_csv

COLUMNS = ["name", "aliases", "lat", "lon", "country", "admin1", "feature_code", "population",
           "geonameid", "source"]


def default_overrides_path() -> Path:
    """$CONFLICTMAP_PLACES, else ~/.config/conflictmap/places.csv."""
    env = os.environ.get("CONFLICTMAP_PLACES")
    return Path(env) if env else Path.home() / ".config" / "conflictmap" / "places.csv"


def read_overrides(path: str | Path) -> list[PlaceRow]:
    """The rows of an overrides file; DataFileError names the file and line of a bad row."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(path, "overrides file does not exist")
    return read_place_csv(path, "user")


def add_place(path: str | Path, name: str, lat: float, lon: float, *, country: str | None = None,
              aliases: list[str] | None = None, admin1: str | None = None,
              feature_code: str = "PPL", note: str = "user") -> None:
    """Append a place to the overrides file (created with its header if missing)."""
    if not name.strip():
        raise ValueError("a place needs a name")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, not {country!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(COLUMNS)
        w.writerow([name.strip(), "|".join(aliases or []), f"{lat:.6f}", f"{lon:.6f}",
                    (country or "").upper(), admin1 or "", feature_code, "", "", note])
