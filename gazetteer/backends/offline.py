"""The offline backend: the compiled GeoNames index behind the geopy-like interface.

    >>> OfflineBackend().geocode("Qamishli").country
    'SY'
"""
from __future__ import annotations

from gazetteer.records import Place


class OfflineBackend:
    """Best candidate of the loaded gazetteer for a bare name (no document context)."""

    def __init__(self, gazetteer=None):
        if gazetteer is None:
            from gazetteer import load_gazetteer
            gazetteer = load_gazetteer()
        self.gazetteer = gazetteer

    def geocode(self, name: str, country: str | None = None) -> Place | None:
        places = self.gazetteer.lookup(name, country=country)
        return places[0] if places else None
