"""Displacement flows: events aggregated per origin -> destination pair over a window.

A pair with both ends known is a LineString between their points (a province or
country end uses its representative point). A pair with one end unknown is kept
as a Point at the known end with `direction` "from" (people left it for somewhere
unreported) or "to" (they arrived from somewhere unreported); a pair with neither
end known has nothing to draw and is left out.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> a = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1)
    >>> b = Place(name="Town B", lat=36.0, lon=41.0, geonameid=2)
    >>> mk = lambda i, o, d, n, day: Event(id=i, type="displacement", evidence="...",
    ...     article_ids=("x",), origin=o, destination=d, magnitude=n, group="civilians",
    ...     date=day, precision="day")
    >>> f = aggregate_flows([mk("1", a, b, 100, "2017-06-01"), mk("2", a, b, None, "2017-06-03"),
    ...                      mk("3", a, None, 50, "2017-06-02")])
    >>> f[["origin", "destination", "magnitude", "count", "direction"]].values.tolist()
    [['Town A', 'Town B', 100, 2, None], ['Town A', None, 50, 1, 'from']]
"""
from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np

from geo.filters import filter_events
from geo.frames import build_geometries, empty_gdf, nullable_int, object_frame
from geo.places import has_valid_point, place_key
from geo.spans import DateLike, span_of

FLOW_COLUMNS = (
    "origin", "destination", "magnitude", "groups", "count", "event_ids", "first", "last",
    "direction", "origin_key", "destination_key", "origin_geonameid", "destination_geonameid",
    "magnitude_known", "magnitude_texts", "sources",
)


def _end(place, event_id: str):
    return place if place is not None and has_valid_point(place, context=f"event {event_id}") else None


def aggregate_flows(events: Iterable, start: DateLike = None, end: DateLike = None) -> gpd.GeoDataFrame:
    """One row per (origin, destination) pair of the displacement events in the window.

    Window: as `geo.filters.filter_events` (span overlap; undated events are dropped
    only when a bound is given). Columns:
    origin, destination   place names (None = not reported),
    magnitude             sum of the magnitudes the texts give (None when none gives one),
    magnitude_known       how many of the events gave one; magnitude_texts their words,
    groups                sorted list of who moved, count (events), event_ids,
    first, last           ISO dates of the earliest start / latest end (None if all undated),
    direction             None for a line, "from"/"to" for a Point at the known end,
    origin_key, destination_key, origin_geonameid, destination_geonameid, sources
    (articles behind the events), geometry (EPSG:4326).
    Rows come in order of first appearance of the pair.
    """
    evs = filter_events(events, start=start, end=end, types=["displacement"])
    pairs: dict[tuple, dict] = {}
    for ev in evs:
        o, d = _end(ev.origin, ev.id), _end(ev.destination, ev.id)
        if o is None and d is None:
            continue
        key = (place_key(o) if o else None, place_key(d) if d else None)
        row = pairs.get(key)
        if row is None:
            row = pairs[key] = {
                "origin": o.name if o else None, "destination": d.name if d else None,
                "magnitude": None, "groups": set(), "count": 0, "event_ids": [],
                "first": None, "last": None,
                "direction": None if (o and d) else ("from" if o else "to"),
                "origin_key": key[0], "destination_key": key[1],
                "origin_geonameid": o.geonameid if o else None,
                "destination_geonameid": d.geonameid if d else None,
                "magnitude_known": 0, "magnitude_texts": [], "sources": 0,
                "_geom": ("line", (o.lon, o.lat, d.lon, d.lat)) if (o and d)
                else ("point", ((o or d).lon, (o or d).lat)),
            }
        row["count"] += 1
        row["event_ids"].append(ev.id)
        row["sources"] += len(ev.article_ids)
        if ev.group:
            row["groups"].add(ev.group)
        if ev.magnitude is not None:
            row["magnitude"] = (row["magnitude"] or 0) + int(ev.magnitude)
            row["magnitude_known"] += 1
        if ev.magnitude_text:
            row["magnitude_texts"].append(ev.magnitude_text)
        span = span_of(ev)
        if span is not None:
            row["first"] = min(row["first"] or span[0], span[0])
            row["last"] = max(row["last"] or span[1], span[1])
    if not pairs:
        return empty_gdf(FLOW_COLUMNS)
    rows = list(pairs.values())
    for r in rows:
        r["groups"] = sorted(r["groups"])
        r["first"] = r["first"].isoformat() if r["first"] else None
        r["last"] = r["last"].isoformat() if r["last"] else None
    geoms = build_geometries([r["_geom"][0] for r in rows], [r["_geom"][1] for r in rows])
    df = object_frame(rows, FLOW_COLUMNS)
    for col in ("magnitude", "origin_geonameid", "destination_geonameid"):
        df[col] = nullable_int(df[col])
    for col in ("count", "magnitude_known", "sources"):
        df[col] = df[col].astype(np.int64)
    return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:4326")
