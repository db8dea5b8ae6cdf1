"""Place names -> places, offline.

STUB: the gazetteer issue (#3) replaces this with the compiled GeoNames index.

    >>> gz = load_gazetteer()
    >>> [m.surface for m in gz.find_places("Fighting near Manbij.")]  # doctest: +SKIP
    ['Manbij']
"""
from __future__ import annotations

from gazetteer.records import Mention, Place


class Gazetteer:
    def find_places(self, text: str) -> list[Mention]:
        return []

    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[Mention]:
        return [Mention(surface=text[s:e], start=s, end=e) for s, e in spans]


_LOADED: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    global _LOADED
    if _LOADED is None:
        _LOADED = Gazetteer()
    return _LOADED


__all__ = ["Gazetteer", "Mention", "Place", "load_gazetteer"]
