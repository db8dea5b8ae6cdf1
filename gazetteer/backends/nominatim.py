"""Opt-in online fallback: geopy's Nominatim for names the offline index lacks.

Off by default (``--online-geocoder`` turns it on). Every answer, found or not, is
kept in a ``geocode_cache`` table of the SQLite file the caller passes (the store's
file), so a name is asked once; requests go through geopy's RateLimiter (Nominatim's
usage policy allows one per second). Network failures raise nothing to the caller
beyond `GeocoderUnavailable` / `GeocoderError` from `gazetteer.errors`. With a server
(tests/test_gazetteer_online.py runs one on 127.0.0.1), for example::

    fb = NominatimFallback("conflictmap.db", domain="127.0.0.1:8080", scheme="http")
    fb.geocode("Tal Samin")
    # Place(name='Tal Samin', lat=36.15, lon=38.93, ..., source='nominatim')
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from geopy.exc import GeocoderServiceError, GeocoderTimedOut
from geopy.exc import GeocoderUnavailable as GeopyUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.errors import GeocoderError, GeocoderUnavailable
from gazetteer.normalize import name_key
from gazetteer.records import Place

USER_AGENT = "conflictmap-gazetteer/0.1 (offline-first geoparser; online fallback)"

_SCHEMA = """CREATE TABLE IF NOT EXISTS geocode_cache (
    query TEXT PRIMARY KEY,      -- name_key of the asked name
    result TEXT,                 -- Place as JSON, or NULL when the service found nothing
    source TEXT NOT NULL,        -- the service's domain
    fetched_at REAL NOT NULL     -- unix time of the answer
)"""


class NominatimFallback:
    """geocode(name) through Nominatim, cached in `db_path`, rate-limited.

    db_path:   SQLite file holding the cache table (created if missing).
    domain, scheme: where Nominatim is ("nominatim.openstreetmap.org", "https" by default).
    min_delay_seconds: RateLimiter spacing between requests.
    """

    def __init__(self, db_path: str | Path, *, domain: str = "nominatim.openstreetmap.org",
                 scheme: str = "https", user_agent: str = USER_AGENT, timeout: float = 10.0,
                 min_delay_seconds: float = 1.0):
        self.domain = domain
        self._db = sqlite3.connect(str(db_path), timeout=30, isolation_level=None)
        self._db.execute(_SCHEMA)
        self._geocoder = Nominatim(domain=domain, scheme=scheme, user_agent=user_agent, timeout=timeout)
        # swallow_exceptions=False: a failure must reach us so it is not cached as "not found".
        self._geocode = RateLimiter(self._geocoder.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=0, swallow_exceptions=False)

    def cached(self, name: str) -> tuple[bool, Place | None]:
        """(known, place): whether the cache has an answer for `name`, and that answer."""
        row = self._db.execute("SELECT result FROM geocode_cache WHERE query = ?",
                               (name_key(name),)).fetchone()
        if row is None:
            return False, None
        return True, Place.from_dict(json.loads(row[0])) if row[0] else None

    def geocode(self, name: str) -> Place | None:
        known, place = self.cached(name)
        if known:
            return place
        try:
            loc = self._geocode(name, exactly_one=True, addressdetails=True)
        except (GeopyUnavailable, GeocoderTimedOut) as exc:
            raise GeocoderUnavailable(f"{self.domain}: {exc}") from exc
        except GeocoderServiceError as exc:
            raise GeocoderError(f"{self.domain}: {exc}") from exc
        place = None
        if loc is not None:
            raw = loc.raw if isinstance(loc.raw, dict) else {}
            address = raw.get("address") or {}
            cc = (address.get("country_code") or "").upper() or None
            label = (raw.get("name") or str(loc.address or name).split(",")[0]).strip() or name
            place = Place(name=label, lat=float(loc.latitude), lon=float(loc.longitude),
                          country=cc, feature_code=_feature_code(raw), source="nominatim")
        self._db.execute(
            "INSERT OR REPLACE INTO geocode_cache (query, result, source, fetched_at) VALUES (?, ?, ?, ?)",
            (name_key(name), json.dumps(place.to_dict()) if place else None, self.domain, time.time()))
        return place

    def close(self) -> None:
        self._db.close()


def _feature_code(raw: dict) -> str:
    """A GeoNames-like feature code from Nominatim's class/type/addresstype."""
    kind = raw.get("addresstype") or raw.get("type") or ""
    if kind == "country":
        return "PCLI"
    if kind in ("state", "province", "region"):
        return "ADM1"
    if kind in ("county", "district", "state_district"):
        return "ADM2"
    return "PPL"
