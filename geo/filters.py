"""Pick the events a map or an export shows: date window, types, actors, statuses, sources.

The dashboard's sidebar and `conflictmap export --from --to --type --actor --status`
both call `filter_events`, so the map and the file hold the same events.

    >>> from timeline.records import Event
    >>> e = Event(id="e1", type="control_change", evidence="...", article_ids=("a",),
    ...           date="2017-07", precision="month", actor_from="A", actor_to="B")
    >>> [x.id for x in filter_events([e], start="2017-07-20", end="2017-08-31")]
    ['e1']
    >>> filter_events([e], start="2017-08-01")
    []
    >>> [x.id for x in filter_events([e], actors=["b"])]
    ['e1']
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from geo.spans import DateLike, span_of, to_date
from geo.table import EventTable, lower_in


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    """None, "a,b" or ["a", "b"] -> a lower-cased set (None = no constraint)."""
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    out = {v.strip().lower() for v in values if v and v.strip()}
    return out or None


def filter_events(events: Iterable, *, start: DateLike = None, end: DateLike = None,
                  types: str | Iterable[str] | None = None,
                  actors: str | Iterable[str] | None = None,
                  statuses: str | Iterable[str] | None = None,
                  min_sources: int = 1) -> list:
    """The events that pass every given constraint, in their original order.

    start, end: window bounds (ISO strings of any granularity, or dates), inclusive.
                An event is in the window when its span (date..end at its precision)
                overlaps it; undated events are dropped as soon as either bound is given.
    types:      event types to keep ("control_change", "displacement").
    actors:     keep events whose actor_from or actor_to is one of these (case-insensitive).
    statuses:   keep these statuses (reported, claimed, expected, historical, denied).
    min_sources: keep events reported by at least this many articles.
    Each of types/actors/statuses may be a list or a comma-separated string.
    Given a `geo.table.EventTable`, it returns the table of the rows that pass (same rules,
    on its columns).
    """
    lo, hi = to_date(start), to_date(end, upper=True)
    type_set, actor_set, status_set = _as_set(types), _as_set(actors), _as_set(statuses)
    if isinstance(events, EventTable):
        return events.take(_table_mask(events, lo, hi, type_set, actor_set, status_set, min_sources))
    kept = []
    for ev in events:
        if type_set is not None and ev.type.lower() not in type_set:
            continue
        if status_set is not None and (ev.status or "").lower() not in status_set:
            continue
        if actor_set is not None and not (
                (ev.actor_from or "").lower() in actor_set or (ev.actor_to or "").lower() in actor_set):
            continue
        if len(ev.article_ids) < min_sources:
            continue
        if lo is not None or hi is not None:
            span = span_of(ev)
            if span is None:
                continue
            if (lo is not None and span[1] < lo) or (hi is not None and span[0] > hi):
                continue
        kept.append(ev)
    return kept


def _table_mask(table: EventTable, lo, hi, type_set, actor_set, status_set, min_sources: int) -> np.ndarray:
    """`filter_events`'s rules on a table's columns: a mask of the rows that pass."""
    keep = table.sources >= min_sources
    if type_set is not None:
        keep &= lower_in(table.types, type_set)
    if status_set is not None:
        keep &= lower_in(table.statuses, status_set)
    if actor_set is not None:
        keep &= lower_in(table.actor_from, actor_set) | lower_in(table.actor_to, actor_set)
    if lo is not None or hi is not None:
        keep &= table.first >= 0
        if lo is not None:
            keep &= table.last >= lo.toordinal()
        if hi is not None:
            keep &= table.first <= hi.toordinal()
    return keep
