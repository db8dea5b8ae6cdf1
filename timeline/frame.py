"""Events as one GeoDataFrame: the form events take from the store outward.

`events_frame(store, columns=..., filters=...)` (what `Store.events_frame` returns) and
`frame_of_events(events)` (the same frame over records in memory) give one row per
corroborated event, in store order, EPSG:4326:

    event_id, event_type, status, actor_from, actor_to, evidence, first_article, sources
    date, date_end, precision   the event's date as stored (ISO text, any granularity)
    first_day, last_day         the inclusive span it covers (datetime64; NaT when undated)
    place, origin, destination  `gazetteer.records.Place` records (None: none)
    place_key, origin_key, destination_key   their `Place.key`
    direction                   displacement with one end: "from" or "to" the known end
    geometry                    control change: a Point at the place; displacement: a
                                LineString origin -> destination, or a Point at the one
                                known end; None when nothing has a valid point
With `columns` naming any of DETAIL_COLUMNS (magnitude, magnitude_text, group,
report_date, article_ids, date_phrase, date_reason, confidence) the full records are
read for them. `filters`: {"types", "statuses", "ids", "min_sources"}; the map's own
filters (window, actors) are masks over the frame, in `geo.filters`.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1)
    >>> evs = [Event(id="e1", type="control_change", evidence="...", article_ids=("a", "b"),
    ...              date="2017-07", precision="month", place=town, actor_to="Group B"),
    ...        Event(id="e2", type="displacement", evidence="...", article_ids=("a",), origin=town)]
    >>> f = frame_of_events(evs)
    >>> f["event_id"].tolist(), f["sources"].tolist(), f["place_key"].tolist()
    (['e1', 'e2'], [2, 1], ['gn:1', None])
    >>> str(f.loc[0, "first_day"].date()), str(f.loc[0, "last_day"].date()), f["first_day"].isna().tolist()
    ('2017-07-01', '2017-07-31', [False, True])
    >>> f.geometry.geom_type.tolist(), f["direction"].tolist()
    (['Point', 'Point'], [None, 'from'])
"""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.spans import (
    event_span,  # the one definition of an event's span (no other geo import)
)

log = logging.getLogger(__name__)

#: The frames' CRS as an object, made once: a frame built with the string "EPSG:4326"
#: parses it again (and compares it slowly), ~0.5 ms a frame, a few frames a slider step.
WGS84 = pyproj.CRS.from_user_input("EPSG:4326")

BASE_COLUMNS = (
    "event_id", "event_type", "status", "actor_from", "actor_to", "evidence", "first_article",
    "sources", "date", "date_end", "precision", "first_day", "last_day", "place", "origin",
    "destination", "place_key", "origin_key", "destination_key", "direction",
)
#: Fields only the full records hold (exports, flows, a place's history).
DETAIL_COLUMNS = ("magnitude", "magnitude_text", "group", "report_date", "article_ids",
                  "date_phrase", "date_reason", "confidence", "corrections")
ALL_COLUMNS = BASE_COLUMNS + DETAIL_COLUMNS


def has_valid_point(place, *, context: str = "") -> bool:
    """True when the place has finite WGS84 coordinates inside [-180,180] x [-90,90].

    A record that fails is logged (naming `context`, e.g. the event id) so that a
    bad gazetteer entry costs one feature, not the whole export.
    """
    try:
        lat, lon = float(place.lat), float(place.lon)
    except (TypeError, ValueError):
        lat = lon = math.nan
    ok = math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
    if not ok:
        log.warning("%s: place %r has no valid lon/lat (%r, %r); left off the map",
                    context or "geo", getattr(place, "name", None),
                    getattr(place, "lon", None), getattr(place, "lat", None))
    return ok


# -- building -------------------------------------------------------------------------

def events_frame(store, columns: Sequence[str] | None = None, filters: dict | None = None, *,
                 window_in_sql: bool = False) -> gpd.GeoDataFrame:
    """The store's corroborated events as one GeoDataFrame (see the module docstring).

    Without detail columns or an `ids` filter it reads the light columns the store keeps
    for this (`store.event_columns()`), not 100k records. The window filters, `start`,
    `end` (as `geo.filters.in_window`) and `bbox` (as `geo.filters.in_box`), are masks over
    the frame; with `window_in_sql` (the PostGIS store) the store selects them in SQL
    (`store.events_window`, and `store.event_columns` with the same bounds).
    """
    filters = dict(filters or {})
    window = {k: filters.pop(k) for k in ("start", "end", "bbox") if k in filters}
    sql = window_in_sql and any(v is not None for v in window.values()) and "ids" not in filters
    wanted = tuple(columns) if columns is not None else BASE_COLUMNS
    unknown = set(wanted) - set(ALL_COLUMNS)
    if unknown:
        raise ValueError(f"unknown event column(s): {', '.join(sorted(unknown))}")
    ids = filters.pop("ids", None)
    if ids is not None:
        frame = frame_of_events(store.events_by_id(list(ids)))
    elif set(wanted) & set(DETAIL_COLUMNS):
        frame = frame_of_events(store.events_window(**window) if sql else store.events())
    else:
        cols, places = store.event_columns(**window) if sql else store.event_columns()
        frame = _frame(_store_columns(cols, places), places)
    if window and not sql:
        from geo.filters import in_box, in_window

        frame = frame.loc[(in_window(frame, window.get("start"), window.get("end"))
                           & in_box(frame, window.get("bbox"))).to_numpy()].reset_index(drop=True)
    frame = frame.loc[_mask(frame, **filters)].reset_index(drop=True) if filters else frame
    return frame[[*wanted, "geometry"]]


def frame_of_events(events: Iterable) -> gpd.GeoDataFrame:
    """The events frame (every column) over `Event` records already in memory."""
    events = list(events)
    refs, places = _PlaceRefs(), []
    cols = {
        "event_id": [e.id for e in events], "event_type": [e.type for e in events],
        "status": [e.status for e in events], "actor_from": [e.actor_from for e in events],
        "actor_to": [e.actor_to for e in events], "evidence": [e.evidence for e in events],
        "first_article": [e.article_ids[0] if e.article_ids else None for e in events],
        "sources": [len(e.article_ids) for e in events],
        "date": [e.date for e in events], "date_end": [e.end for e in events],
        "precision": [e.precision for e in events],
        "place_ref": [refs(e.place, places) for e in events],
        "origin_ref": [refs(e.origin, places) for e in events],
        "destination_ref": [refs(e.destination, places) for e in events],
    }
    for name in DETAIL_COLUMNS:
        cols[name] = [getattr(e, name) for e in events]
    # the records' own tuples: no new container per event for the collector to track
    cols["article_ids"] = [e.article_ids for e in events]
    cols["corrections"] = [e.corrections for e in events]
    return _frame(cols, places)


class _PlaceRefs:
    """Index of each distinct Place in a list (events usually share their Place objects)."""

    def __init__(self):
        self.by_object: dict = {}
        self.by_value: dict = {}

    def __call__(self, place, places: list) -> int | None:
        if place is None:
            return None
        i = self.by_object.get(id(place))
        if i is None:
            i = self.by_value.get(place)
            if i is None:
                i = self.by_value[place] = len(places)
                places.append(place)
            self.by_object[id(place)] = i
        return i


def _store_columns(cols: dict, places: list) -> dict:
    """`store.event_columns()` names -> the frame's names."""
    out = {new: cols[old] for new, old in (
        ("event_id", "id"), ("event_type", "type"), ("status", "status"), ("actor_from", "actor_from"),
        ("actor_to", "actor_to"), ("evidence", "evidence"), ("first_article", "first_article"),
        ("sources", "sources"), ("date", "date"), ("date_end", "end"), ("precision", "precision"),
        ("place_ref", "place_ref"), ("origin_ref", "origin_ref"), ("destination_ref", "destination_ref"))}
    return out


def _objects(values) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def _frame(cols: dict, places: list) -> gpd.GeoDataFrame:
    """Columns with place refs (indexes into `places`) -> the events frame."""
    n = len(cols["event_id"])
    out = {name: _objects(values) for name, values in cols.items()
           if not name.endswith("_ref") and name != "sources"}
    out["sources"] = pd.Series(np.asarray(cols["sources"], dtype=np.int64).reshape(-1))
    out["first_day"], out["last_day"] = _spans(cols["date"], cols["date_end"], cols["precision"],
                                               cols["event_id"])
    records = np.empty(len(places) + 1, dtype=object)
    records[:-1] = places                  # the last slot stands for "no place" (ref -1)
    ok = np.array([has_valid_point(p, context="events") for p in places] + [False], dtype=bool)
    keys = np.array([p.key for p in places] + [None], dtype=object)
    lon = np.array([_number(p.lon) for p in places] + [math.nan])
    lat = np.array([_number(p.lat) for p in places] + [math.nan])
    ref = {role: _refs(cols[f"{role}_ref"]) for role in ("place", "origin", "destination")}
    for role, r in ref.items():
        out[role] = _objects(records[r])
        out[f"{role}_key"] = _objects(keys[r])
    geometry, direction = _geometries(np.asarray(out["event_type"], dtype=object), ref, ok, lon, lat)
    out["direction"] = _objects(direction)
    df = pd.DataFrame({c: out[c] for c in (*ALL_COLUMNS, "article_ids") if c in out}, index=pd.RangeIndex(n))
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs=WGS84), crs=WGS84)


def _geometries(types: np.ndarray, ref: dict, ok: np.ndarray, lon: np.ndarray, lat: np.ndarray):
    """Per event: its geometry and its direction (see the module docstring), vectorised."""
    n = len(types)
    geometry = np.full(n, None, dtype=object)
    control = types == "control_change"
    o_ok, d_ok = ok[ref["origin"]] & ~control, ok[ref["destination"]] & ~control
    at = np.where(control, ref["place"], np.where(o_ok, ref["origin"], ref["destination"]))
    point = (control & ok[ref["place"]]) | (~control & (o_ok ^ d_ok))
    line = o_ok & d_ok
    if point.any():
        # one Point per place, shared by its events (geometries are immutable): 60k fewer
        # objects at 100k events for the cyclic collector to walk on every full pass
        points = np.full(len(ok), None, dtype=object)
        points[ok] = shapely.points(lon[ok], lat[ok])
        geometry[point] = points[at[point]]
    if line.any():
        o, d = ref["origin"][line], ref["destination"][line]
        xy = np.stack([np.column_stack([lon[o], lat[o]]), np.column_stack([lon[d], lat[d]])], axis=1)
        geometry[line] = shapely.linestrings(xy)
    direction = np.full(n, None, dtype=object)
    direction[~control & o_ok & ~d_ok] = "from"
    direction[~control & d_ok & ~o_ok] = "to"
    return geometry, direction


def _refs(values) -> np.ndarray:
    """Place refs with None -> -1 (the "no place" slot), as int64."""
    refs = np.array(list(values), dtype=float).reshape(-1)  # None -> NaN, in C
    return np.where(np.isnan(refs), -1, refs).astype(np.int64)


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _spans(dates, ends, precisions, ids) -> tuple[pd.Series, pd.Series]:
    """(first_day, last_day) of each event (`geo.spans.event_span`), NaT when undated.
    Each distinct (date, end, precision) is resolved once: events share few of them. A
    date that does not parse makes its events undated, logged naming one of them."""
    codes = np.zeros(len(ids), dtype=np.int64)
    for column in (dates, ends, precisions):  # one code per distinct triple, hashed in C
        col_codes, uniques = pd.factorize(np.asarray(list(column), dtype=object))
        codes = codes * (len(uniques) + 1) + col_codes + 1
    _, first_row, codes = np.unique(codes, return_index=True, return_inverse=True)
    firsts, lasts = [], []
    for row in first_row.tolist():
        try:
            span = event_span(dates[row], ends[row], precisions[row])
        except (ValueError, TypeError) as exc:
            log.warning("event %s (and any with the same date): unreadable date %r..%r (%s); "
                        "treated as undated", ids[row], dates[row], ends[row], exc)
            span = None
        firsts.append(span[0] if span else None)
        lasts.append(span[1] if span else None)

    def days(values: list) -> pd.Series:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)).to_numpy()[codes.reshape(-1)])

    return days(firsts), days(lasts)


def _mask(frame: pd.DataFrame, *, types=None, statuses=None, min_sources: int = 1) -> np.ndarray:
    """The store-level filters as a mask (exact values, as stored)."""
    keep = frame["sources"].to_numpy() >= min_sources
    if types is not None:
        keep &= frame["event_type"].isin(list(types)).to_numpy()
    if statuses is not None:
        keep &= frame["status"].isin(list(statuses)).to_numpy()
    return keep
