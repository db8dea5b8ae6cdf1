"""Place names -> places, offline: GeoNames plus curated regional names, compiled once.

    >>> gz = load_gazetteer()
    >>> [(m.surface, m.place.country) for m in gz.find_places("Fighting near Manbij, Syria.")]
    [('Manbij', 'SY'), ('Syria', 'SY')]
    >>> gz.lookup("Palmyra", country="SY")[0].name
    'Tadmur'

`load_gazetteer` compiles the index on first use (35-80 s on a busy 2-core machine;
``conflictmap gazetteer build`` does it ahead), caches it on disk under
``$CONFLICTMAP_CACHE`` or ``~/.cache/conflictmap``, and loads it in about 0.4 s after. User overrides (``~/.config/conflictmap/places.csv`` or
the file given) win over everything. The online fallback (Nominatim through geopy)
is off unless a backend is passed: see `gazetteer.backends.nominatim`. GeoNames dump files a
user imports (``conflictmap gazetteer import UA.zip``, see `gazetteer.imports`) are queried
from SQLite alongside the compiled index; `reload_gazetteer` re-reads them in a process.
"""
from __future__ import annotations

import copy
from pathlib import Path

from geopy.distance import great_circle

from gazetteer.errors import (
    DataFileError,
    GazetteerError,
    GeocoderError,
    GeocoderUnavailable,
)
from gazetteer.finder import FoundSpan, MentionFinder
from gazetteer.index import CompiledIndex, load_index, place_prior
from gazetteer.lexicon import load_lexicon
from gazetteer.normalize import name_key
from gazetteer.overrides import default_overrides_path, read_overrides
from gazetteer.records import Mention, Place
from gazetteer.resolver import Resolver
from gazetteer.sources import PlaceRow
from gazetteer.variants import MIN_SKELETON, SAME_TOWN_KM, VARIANT_MIN_POPULATION, skeleton

_PLACE_FIELDS = ("name", "lat", "lon", "geonameid", "country", "admin1", "feature_code",
                 "population", "source")


class Gazetteer:
    """The loaded gazetteer: find and resolve place mentions, look up names.

    index:     the compiled index (shared, read-only).
    user_rows: rows of a user overrides file; their names win over every other reading.
    online:    an optional fallback backend with ``geocode(name) -> Place | None``
               (see `gazetteer.backends.nominatim`), asked only for given spans the
               offline index does not know. Off by default.
    """

    def __init__(self, index: CompiledIndex, user_rows: list[PlaceRow] | None = None, online=None):
        self.index = index
        self.online = online
        self._user: dict[str, tuple[int, ...]] = {}
        self._places: dict[int, Place] = {}
        self._capitals: dict[str, int] | None = None    # country -> its PPLC, read once (`capital`)
        if user_rows:
            self._add_user_rows(user_rows)
        self.finder = MentionFinder(self, load_lexicon())
        self.resolver = Resolver(self)

    def _add_user_rows(self, rows: list[PlaceRow]) -> None:
        # An overlay: the shared index's lists are copied, never changed in place,
        # so another Gazetteer on the same index does not see these rows.
        idx = copy.copy(self.index)
        idx.fork_imports()  # imported places get ids in this copy's own lists from now on
        by_gid = None
        new: list[PlaceRow] = []
        for r in rows:
            target = None
            if r.lat != r.lat:  # NaN: the row points at a GeoNames place by id
                if by_gid is None:
                    by_gid = {g: i for i, g in enumerate(idx.geonameid) if g is not None}
                target = by_gid.get(r.geonameid)
                if target is None:
                    raise DataFileError("overrides", f"{r.name}: geonameid {r.geonameid} is not in the gazetteer")
            else:
                target = len(idx.name) + len(new)
                new.append(r)
            for n in r.names:
                self._user[name_key(n)] = (target,)
        if new:
            for attr in _PLACE_FIELDS:
                setattr(idx, attr, getattr(idx, attr) + [getattr(r, attr) for r in new])
            idx.prior = idx.prior + [place_prior(r) for r in new]
        self.index = idx

    def with_online(self, backend) -> Gazetteer:
        """A copy of this gazetteer (same index and overrides) that asks `backend` for
        given spans the offline index does not know."""
        clone = copy.copy(self)
        clone.online = backend
        clone.finder = MentionFinder(clone, load_lexicon())
        clone.resolver = Resolver(clone)
        return clone

    @property
    def has_user_names(self) -> bool:
        return bool(self._user)

    def user_ids(self, key: str) -> tuple[int, ...]:
        return self._user.get(key, ()) if self._user else ()

    def demonym_place(self, target: str) -> int | None:
        """Place id a demonym stands for: a country code ("SY") or a place name ("Asia")."""
        if len(target) == 2:
            return self.index.country_place.get(target)
        ids = self.index.ids_for(name_key(target))
        return ids[0] if ids else None

    def spelling_variant(self, name: str, countries: tuple[str, ...]) -> Place | None:
        """The one populated place of `countries` whose name is `name` in another
        transliteration (`gazetteer.variants`), or None: none, or several."""
        sk = skeleton(name)
        if len(sk) < MIN_SKELETON or not countries:
            return None
        idx = self.index
        ids = [i for i in idx.skeletons.get(sk, ()) if idx.country[i] in countries]
        if len(ids) > 1:
            # one town GeoNames files twice ("Ad-Dindar" and "Ad Dindar", 16 km apart): the larger
            top = max(ids, key=lambda i: idx.population[i])
            if all(great_circle((idx.lat[i], idx.lon[i]), (idx.lat[top], idx.lon[top])).km <= SAME_TOWN_KM for i in ids):
                ids = [top]
        if len(ids) != 1 or idx.population[ids[0]] < VARIANT_MIN_POPULATION:
            return None     # none, several, or a hamlet (whose twin is more often another hamlet)
        return self.place(ids[0])

    def capital(self, country: str) -> Place | None:
        """The capital (GeoNames PPLC) of a country by its ISO code, if the index holds it.

            >>> load_gazetteer().capital("SD").name
            'Khartoum'
        """
        caps = self._capitals
        if caps is None:
            idx = self.index
            caps = self._capitals = {idx.country[i]: i for i, code in enumerate(idx.feature_code) if code == "PPLC"}
        i = caps.get(country)
        return self.place(i) if i is not None else None

    def place(self, i: int) -> Place:
        """The Place record of place id `i`."""
        p = self._places.get(i)
        if p is None:
            idx = self.index
            p = Place(name=idx.name[i], lat=round(idx.lat[i], 5), lon=round(idx.lon[i], 5),
                      geonameid=idx.geonameid[i], country=idx.country[i], admin1=idx.admin1[i],
                      feature_code=idx.feature_code[i], population=idx.population[i],
                      source=idx.source[i])
            self._places[i] = p
        return p

    def find_places(self, text: str, focus: tuple[str, ...] = ()) -> list[Mention]:
        """Every place mention in `text`, resolved, in text order.  `focus`: countries the
        text is known to be about from other evidence (the armed groups it names), which
        count as a country named once each when a name is ambiguous."""
        spans = self.finder.find(text)
        return self.resolver.resolve(text, spans, drop_unsure=True, focus=focus)

    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[Mention]:
        """Resolve exactly the given (start, end) spans, each in the context of the others."""
        for s, e in spans:
            if not (0 <= s < e <= len(text)):
                raise ValueError(f"span ({s}, {e}) is outside the text (length {len(text)})")
        found = self.finder.spans_for(text, [tuple(x) for x in spans])
        mentions = self.resolver.resolve(text, found)
        if self.online is not None:
            mentions = [self._ask_online(m, f) for m, f in zip(mentions, found)]
        return mentions

    def _ask_online(self, m: Mention, f: FoundSpan) -> Mention:
        if f.ids and not f.partial:
            return m  # the offline index knows the whole name
        try:
            place = self.online.geocode(m.surface)
        except GeocoderError:
            return m  # the fallback is a bonus; an unreachable service loses nothing offline
        if place is None:
            return m
        return Mention(surface=m.surface, start=m.start, end=m.end, place=place,
                       confidence=0.5, alternatives=(), kind=m.kind)

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Candidate places for a name, best static prior first (optionally in one country)."""
        key = name_key(name)
        ids = self.user_ids(key) or self.index.ids_for(key) or self.index.loose_ids_for(key)
        if not ids:
            target = load_lexicon().demonyms.get(key)
            i = self.demonym_place(target) if target else None
            ids = (i,) if i is not None else ()
        places = [self.place(i) for i in ids]
        if country:
            places = [p for p in places if p.country == country.upper()]
        return places


_LOADED: dict[str, Gazetteer] = {}


def load_gazetteer(overrides: str | Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (one per overrides file).

    overrides: a user places CSV; None reads the default user file
    (``$CONFLICTMAP_PLACES`` or ``~/.config/conflictmap/places.csv``) when it exists.
    A bad overrides file raises DataFileError naming the file and line.
    """
    path = Path(overrides) if overrides is not None else default_overrides_path()
    if overrides is None and not path.exists():
        path = None
    key = str(path.resolve()) if path else ""
    if path is not None:
        key += f"@{path.stat().st_mtime_ns}" if path.exists() else ""
    gz = _LOADED.get(key)
    if gz is None:
        rows = read_overrides(path) if path is not None else None
        gz = Gazetteer(_index(), rows)
        _LOADED[key] = gz
    return gz


_INDEX: CompiledIndex | None = None


def _index() -> CompiledIndex:
    global _INDEX
    if _INDEX is None:
        _INDEX = load_index()
    return _INDEX


def reload_gazetteer() -> None:
    """Forget the loaded index and gazetteers: the next `load_gazetteer` reads the index and
    the imported sources (``conflictmap gazetteer import``) afresh."""
    global _INDEX
    _INDEX = None
    _LOADED.clear()


__all__ = ["DataFileError", "Gazetteer", "GazetteerError", "GeocoderError", "GeocoderUnavailable",
           "Mention", "Place", "load_gazetteer", "reload_gazetteer"]
