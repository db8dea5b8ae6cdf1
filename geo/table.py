"""Events as columns: what the dashboard's first render reads instead of 100k records.

Building 100k `Event` records (JSON, dataclasses, places) costs seconds; the map and
the timeline need only a few fields of each: kind, status, actors, sources, the days
the event covers and its places. An `EventTable` holds those as numpy arrays, one
row per event, and builds full `Event` records only for the rows that need them
(popups, the history panel, the flows of a window, exports). Iterating over a table
yields its events, so every function of `geo/` that takes events takes a table too;
the ones a first render runs (`geo.filters.filter_events`, `geo.control.control_intervals`,
`geo.timewindow.daily_counts` and `date_span`, `geo.mapview.place_bounds`) work on
its columns directly.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1)
    >>> evs = [Event(id="e1", type="control_change", evidence="...", article_ids=("a", "b"),
    ...              date="2017-07", precision="month", place=town, actor_to="Group B"),
    ...        Event(id="e2", type="displacement", evidence="...", article_ids=("a",), origin=town)]
    >>> table = EventTable.from_events(evs)
    >>> len(table), table.sources.tolist(), table.place_keys[table.place[0]]
    (2, [2, 1], 'gn:1')
    >>> table.span_days(0), table.span_days(1)       # July 2017; the second is undated
    ((datetime.date(2017, 7, 1), datetime.date(2017, 7, 31)), None)
    >>> [e.id for e in table.take(table.first >= 0)]
    ['e1']

With a store, `EventTable.from_store(store)` reads the columns the store keeps for
this (`timeline.store.SQLiteStore.event_columns`) and fetches records by id.
"""
from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from geo.places import has_valid_point, place_key
from geo.spans import event_span

log = logging.getLogger(__name__)

#: How an undated event (or a missing place) is written in the integer columns.
NONE = -1


class EventTable:
    """Corroborated events as parallel arrays (one row per event, in store order).

    ids, types, statuses, actor_from, actor_to, evidence, first_article: object arrays
    (None where the record has none); sources: articles behind each event (int64);
    first, last: inclusive span as day ordinals (`date.toordinal()`), -1 when undated
    or unreadable; place, origin, destination: indexes into `places` (-1: none).
    Per place: `places` (the records), `place_keys` (`geo.places.place_key`),
    `place_ok` (has a valid WGS84 point), `place_lat`, `place_lon`.
    """

    def __init__(self, columns: dict[str, np.ndarray], places: Sequence, loader: _Loader,
                 rows: np.ndarray | None = None):
        self.ids = columns["id"]
        self.types = columns["type"]
        self.statuses = columns["status"]
        self.actor_from = columns["actor_from"]
        self.actor_to = columns["actor_to"]
        self.evidence = columns["evidence"]
        self.first_article = columns["first_article"]
        self.sources = columns["sources"]
        self.first, self.last = columns["first"], columns["last"]
        self.place, self.origin, self.destination = columns["place"], columns["origin"], columns["destination"]
        self.places = places
        self._columns = columns
        self._loader = loader
        # positions of these rows in the table the loader was made for
        self._rows = np.arange(len(self.ids)) if rows is None else rows
        self._row_index: dict | None = None
        self.place_keys, self.place_ok, self.place_lat, self.place_lon = loader.place_arrays(places)

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_events(cls, events: Iterable) -> EventTable:
        """A table over `Event` records already in memory (one pass over them)."""
        events = list(events)
        place_ix: dict = {}     # Place -> index in places
        by_object: dict = {}    # id(place) -> index (events usually share their Place objects)
        places: list = []

        def ref(p) -> int:
            if p is None:
                return NONE
            i = by_object.get(id(p))
            if i is None:
                i = place_ix.get(p)
                if i is None:
                    i = place_ix[p] = len(places)
                    places.append(p)
                by_object[id(p)] = i
            return i

        columns = {
            "id": [e.id for e in events], "type": [e.type for e in events],
            "date": [e.date for e in events], "end": [e.end for e in events],
            "precision": [e.precision for e in events], "status": [e.status for e in events],
            "sources": [len(e.article_ids) for e in events],
            "actor_from": [e.actor_from for e in events], "actor_to": [e.actor_to for e in events],
            "evidence": [e.evidence for e in events],
            "first_article": [e.article_ids[0] if e.article_ids else None for e in events],
            "place_ref": [ref(e.place) for e in events], "origin_ref": [ref(e.origin) for e in events],
            "destination_ref": [ref(e.destination) for e in events],
        }
        return cls(_arrays(columns), places, _ListLoader(events))

    @classmethod
    def from_store(cls, store) -> EventTable:
        """A table over a store's corroborated events (`store.event_columns()`); records
        are fetched by id when needed (`store.events_by_id`)."""
        columns, places = store.event_columns()
        arrays = _arrays(columns)
        return cls(arrays, places, _StoreLoader(store, arrays["id"]))

    # -- rows -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator:
        return iter(self.events())

    def events(self) -> list:
        """The `Event` records of these rows, in order."""
        return self._loader.load(self._rows)

    def take(self, which: np.ndarray) -> EventTable:
        """The rows a boolean mask or an index array picks, as a table over the same places."""
        which = np.asarray(which)
        if which.dtype == bool:
            which = np.flatnonzero(which)
        sub = {k: v[which] for k, v in self._columns.items()}
        return EventTable(sub, self.places, self._loader, self._rows[which])

    def row_of(self, event_id: str) -> int | None:
        """The row of an event id (the first one when ids repeat), None if absent."""
        if self._row_index is None:  # built on the first lookup: popups ask about a few hundred
            n = len(self.ids)
            self._row_index = dict(zip(self.ids[::-1].tolist(), range(n - 1, -1, -1)))
        return self._row_index.get(event_id)

    def actor_names(self) -> list[str]:
        """Every actor named on either side, sorted."""
        names = set(pd.unique(self.actor_from)) | set(pd.unique(self.actor_to))
        return sorted(a for a in names if a)

    def span_days(self, row: int) -> tuple[datetime.date, datetime.date] | None:
        """The inclusive span of one row as dates (None when undated)."""
        if self.first[row] < 0:
            return None
        return datetime.date.fromordinal(int(self.first[row])), datetime.date.fromordinal(int(self.last[row]))

    def at_place(self, key: str) -> EventTable:
        """The rows naming the place with this `place_key` (as place, origin or destination)."""
        refs = np.flatnonzero(self.place_keys == key)
        hit = np.isin(self.place, refs) | np.isin(self.origin, refs) | np.isin(self.destination, refs)
        return self.take(hit)


# -- loaders: the records behind the rows ---------------------------------------------

class _Loader:
    def load(self, rows: np.ndarray) -> list:
        raise NotImplementedError

    def place_arrays(self, places: Sequence) -> tuple:
        """Per place: key, valid point, lat, lon (computed once per loader, shared by subsets)."""
        if getattr(self, "_place_arrays", None) is None:
            self._place_arrays = _place_arrays(places)
        return self._place_arrays


class _ListLoader(_Loader):
    def __init__(self, events: list):
        self.events = events

    def load(self, rows: np.ndarray) -> list:
        return [self.events[i] for i in rows.tolist()]


class _StoreLoader(_Loader):
    """Fetches records by id and keeps them: a slider scrubbing back and forth asks for
    the same windows again."""

    def __init__(self, store, ids: np.ndarray):
        self.store, self.ids = store, ids
        self.cache: dict[int, object] = {}
        self.places: dict = {}  # shared Place records, as store.events() builds them

    def load(self, rows: np.ndarray) -> list:
        missing = [i for i in rows.tolist() if i not in self.cache]
        if missing:
            fetched = self.store.events_by_id(self.ids[missing].tolist(), self.places)
            by_id = {e.id: e for e in fetched}
            for i in missing:
                ev = by_id.get(self.ids[i])
                if ev is not None:  # gone from the store since the table was read: left out
                    self.cache[i] = ev
        return [self.cache[i] for i in rows.tolist() if i in self.cache]


# -- columns ------------------------------------------------------------------------------

def _objects(values: Sequence) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _refs(values: Sequence) -> np.ndarray:
    """Place refs with None -> -1, as int64."""
    refs = np.array(values, dtype=float)  # None -> NaN, in C
    return np.where(np.isnan(refs), NONE, refs).astype(np.int64)


def _arrays(columns: dict[str, Sequence]) -> dict[str, np.ndarray]:
    """Store columns -> the table's arrays (dates become day-ordinal spans)."""
    ids = _objects(columns["id"])
    first, last = _span_ordinals(columns["date"], columns["end"], columns["precision"], ids)
    return {
        "id": ids, "type": _objects(columns["type"]), "status": _objects(columns["status"]),
        "actor_from": _objects(columns["actor_from"]), "actor_to": _objects(columns["actor_to"]),
        "evidence": _objects(columns["evidence"]), "first_article": _objects(columns["first_article"]),
        "sources": np.array(columns["sources"], dtype=np.int64).reshape(-1),
        "first": first, "last": last,
        "place": _refs(columns["place_ref"]), "origin": _refs(columns["origin_ref"]),
        "destination": _refs(columns["destination_ref"]),
    }


def _span_ordinals(dates: Sequence, ends: Sequence, precisions: Sequence,
                   ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, last) day ordinals of each event's span (`geo.spans.event_span`), -1 when
    undated. Each distinct (date, end, precision) is resolved once: events share few of
    them. A date that does not parse makes its events undated, logged once naming one."""
    # one code per distinct triple, from per-column codes (hashing in C, not a Python dict)
    codes = np.zeros(len(ids), dtype=np.int64)
    for column in (dates, ends, precisions):
        col_codes, uniques = pd.factorize(_objects(column))
        codes = codes * (len(uniques) + 1) + col_codes + 1
    distinct, first_row, codes = np.unique(codes, return_index=True, return_inverse=True)
    firsts = np.full(len(distinct), NONE, dtype=np.int64)
    lasts = firsts.copy()
    for c, row in enumerate(first_row.tolist()):
        date, end, precision = dates[row], ends[row], precisions[row]
        try:
            span = event_span(date, end, precision)
        except (ValueError, TypeError) as exc:
            log.warning("event %s (and any with the same date): unreadable date %r..%r (%s); "
                        "treated as undated", ids[row], date, end, exc)
            span = None
        if span is not None:
            firsts[c], lasts[c] = span[0].toordinal(), span[1].toordinal()
    return firsts[codes], lasts[codes]


def _place_arrays(places: Sequence) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ok = np.array([has_valid_point(p, context="events") for p in places],
                  dtype=bool)
    keys = _objects([place_key(p) if good else None for p, good in zip(places, ok)])
    lat = np.array([_number(p.lat) for p in places], dtype=float)
    lon = np.array([_number(p.lon) for p in places], dtype=float)
    return keys, ok, lat, lon


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# -- vectorised helpers the geo/ functions share -------------------------------------------

def lower_in(values: np.ndarray, allowed: set[str]) -> np.ndarray:
    """Mask of the values whose lower-cased text is in `allowed` (None counts as "")."""
    codes, uniques = pd.factorize(values)
    keep = np.array([str(u).lower() in allowed for u in uniques] + [("" in allowed)], dtype=bool)
    return keep[codes]  # code -1 (None) picks the last entry


def one_of(values: np.ndarray, allowed) -> np.ndarray:
    """Mask of the values that are in `allowed` (exact match; None never is)."""
    codes, uniques = pd.factorize(values)
    keep = np.array([u in allowed for u in uniques] + [False], dtype=bool)
    return keep[codes]


def truthy(values: np.ndarray) -> np.ndarray:
    """Mask of the values that are neither None nor empty."""
    codes, uniques = pd.factorize(values)
    keep = np.array([bool(u) for u in uniques] + [False], dtype=bool)
    return keep[codes]


def as_table(events) -> EventTable:
    """`events` if it is a table, else a table over the records."""
    return events if isinstance(events, EventTable) else EventTable.from_events(events)

