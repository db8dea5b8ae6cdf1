"""Pick the events a map or an export shows: date window, types, actors, statuses, sources.

The dashboard's sidebar and `conflictmap export --from --to --type --actor --status`
both call `filter_events`, so the map and the file hold the same events. Events are
the one events frame (`timeline.frame`); each constraint is a boolean mask over it.

    >>> from timeline.records import Event
    >>> e = Event(id="e1", type="control_change", evidence="...", article_ids=("a",),
    ...           date="2017-07", precision="month", actor_from="A", actor_to="B")
    >>> filter_events([e], start="2017-07-20", end="2017-08-31")["event_id"].tolist()
    ['e1']
    >>> len(filter_events([e], start="2017-08-01"))
    0
    >>> filter_events([e], actors=["b"])["event_id"].tolist()
    ['e1']
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.spans import DateLike, to_date
from timeline.frame import frame_of_events, has_valid_point


def as_frame(events) -> gpd.GeoDataFrame:
    """`events` if it is an events frame already, else the frame over these `Event` records."""
    if isinstance(events, pd.DataFrame):
        return events
    return frame_of_events(events)


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    """None, "a,b" or ["a", "b"] -> a lower-cased set (None = no constraint)."""
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    out = {v.strip().lower() for v in values if v and v.strip()}
    return out or None


def _lower_in(column: pd.Series, allowed: set[str]) -> pd.Series:
    """Mask of the values whose lower-cased text is in `allowed` (None counts as "")."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))   # few distinct values: test each once
    keep = np.array([str(u).lower() in allowed for u in uniques] + ["" in allowed], dtype=bool)
    return pd.Series(keep[codes], index=column.index)  # code -1 (None) picks the last entry


def in_window(frame: pd.DataFrame, start: DateLike = None, end: DateLike = None) -> pd.Series:
    """Mask of the events whose span overlaps [start, end] (inclusive; either may be None).
    Undated events are out as soon as either bound is given."""
    lo, hi = to_date(start), to_date(end, upper=True)
    keep = pd.Series(True, index=frame.index)
    if lo is None and hi is None:
        return keep
    keep &= frame["first_day"].notna()
    if lo is not None:
        keep &= frame["last_day"] >= pd.Timestamp(lo)
    if hi is not None:
        keep &= frame["first_day"] <= pd.Timestamp(hi)
    return keep


def in_box(frame: pd.DataFrame, bbox: tuple[float, float, float, float] | None) -> pd.Series:
    """Mask of the events with a point in `bbox` (west, south, east, north; WGS84 degrees,
    edges included): a control change's place, a displacement's origin or destination
    (`PostGISStore.events_window` selects the same in SQL). Events without a valid point are out."""
    keep = pd.Series(True, index=frame.index)
    if bbox is None:
        return keep
    west, south, east, north = map(float, bbox)
    if west > east or south > north:
        raise ValueError(f"bbox {bbox}: give (west, south, east, north), west <= east, south <= north")

    def inside(p) -> bool:
        return p is not None and has_valid_point(p) and west <= p.lon <= east and south <= p.lat <= north

    ends = zip(frame["place"], frame["origin"], frame["destination"])
    return pd.Series([inside(p if p is not None else o) or inside(d) for p, o, d in ends], index=frame.index)


def filter_events(events, *, start: DateLike = None, end: DateLike = None,
                  types: str | Iterable[str] | None = None,
                  actors: str | Iterable[str] | None = None,
                  statuses: str | Iterable[str] | None = None,
                  min_sources: int = 1) -> gpd.GeoDataFrame:
    """The rows of the events frame that pass every given constraint, in their order.

    start, end: window bounds (ISO strings of any granularity, or dates), inclusive.
                An event is in the window when its span (date..end at its precision)
                overlaps it; undated events are dropped as soon as either bound is given.
    types:      event types to keep ("control_change", "displacement").
    actors:     keep events whose actor_from or actor_to is one of these (case-insensitive).
    statuses:   keep these statuses (reported, claimed, expected, historical, denied).
    min_sources: keep events reported by at least this many articles.
    Each of types/actors/statuses may be a list or a comma-separated string.
    `events`: the events frame, or `Event` records (the frame is built over them).
    """
    frame = as_frame(events)
    type_set, actor_set, status_set = _as_set(types), _as_set(actors), _as_set(statuses)
    keep = (frame["sources"] >= min_sources) & in_window(frame, start, end)
    if type_set is not None:
        keep &= _lower_in(frame["event_type"], type_set)
    if status_set is not None:
        keep &= _lower_in(frame["status"], status_set)
    if actor_set is not None:
        keep &= _lower_in(frame["actor_from"], actor_set) | _lower_in(frame["actor_to"], actor_set)
    return frame.loc[keep.to_numpy()]


def parse_scope(text: str | None) -> dict:
    """The part of a store a dashboard reads (`CONFLICTMAP_SCOPE`), as `events_frame` window
    filters: "bbox=W,S,E,N" (WGS84 degrees) and/or "start=YYYY-MM-DD", "end=YYYY-MM-DD",
    separated by ";".  On the PostGIS store these run as SQL, so a dashboard over a store of
    millions reads one region and period only.  A bad value raises ValueError with the reason.

        >>> parse_scope("bbox=36,35,38,37; end=2016-12-31")
        {'bbox': (36.0, 35.0, 38.0, 37.0), 'end': '2016-12-31'}
        >>> parse_scope("")
        {}
    """
    scope: dict = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        key, sep, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in ("bbox", "start", "end"):
            raise ValueError(f"scope {part!r}: give bbox=W,S,E,N, start=YYYY-MM-DD or end=YYYY-MM-DD")
        if key == "bbox":
            try:
                box = tuple(float(v) for v in value.split(","))
            except ValueError:
                box = ()
            if len(box) != 4 or not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
                raise ValueError(f"scope bbox {value!r}: give four degrees west,south,east,north "
                                 "with west <= east and south <= north")
            scope["bbox"] = box
        else:
            try:
                day = to_date(value)
            except (TypeError, ValueError):
                day = None
            if day is None:
                raise ValueError(f"scope {key} {value!r}: not a date (YYYY-MM-DD)")
            scope[key] = value
    if "start" in scope and "end" in scope and to_date(scope["start"]) > to_date(scope["end"]):
        raise ValueError(f"scope: start {scope['start']} is after end {scope['end']}")
    return scope
