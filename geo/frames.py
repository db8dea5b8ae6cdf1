"""Events -> a GeoDataFrame, one row per event: what the map draws and what exports write.

Control changes are Points at the place that changed hands. Displacements are
LineStrings origin -> destination when both ends are known (a province or a
country end uses its representative point, which is what `Place.lat/lon` hold),
and Points at the known end otherwise, with `direction` saying which end it is:
"from" (people left this place for somewhere unreported) or "to" (they arrived
here from somewhere unreported). Events with no usable place are left off the
map, with a warning naming the event.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> a = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1, country="SY")
    >>> b = Place(name="Town B", lat=36.0, lon=41.0, geonameid=2, country="SY")
    >>> evs = [Event(id="c1", type="control_change", evidence="...", article_ids=("x",),
    ...              date="2017-10-14", precision="day", place=a, actor_to="Group B"),
    ...        Event(id="d1", type="displacement", evidence="...", article_ids=("x",),
    ...              origin=a, destination=b, magnitude=400)]
    >>> gdf = events_to_gdf(evs)
    >>> list(gdf.geometry.geom_type), gdf.loc[0, "start"], gdf.loc[0, "end"]
    (['Point', 'LineString'], '2017-10-14T00:00:00Z', '2017-10-14T23:59:59Z')
    >>> gdf.crs.to_epsg()
    4326
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.places import coarser, geo_precision, has_valid_point
from geo.spans import end_z, event_span, start_z
from timeline.bulk import gc_paused
from timeline.records import http_url

log = logging.getLogger(__name__)

#: The export properties, in the order the exports write them (the issue's list first).
EVENT_COLUMNS = (
    "event_id", "event_type", "start", "end", "date_precision", "report_date", "status",
    "actor_from", "actor_to", "group", "magnitude", "magnitude_text", "place", "origin",
    "destination", "geonameid", "geo_precision", "sources", "source_urls", "evidence",
    # beyond the list: what a popup or an analyst needs to trust a feature
    "direction", "country", "origin_geonameid", "destination_geonameid", "article_ids",
    "date_phrase", "date_reason", "confidence", "corrected", "corrections",
)




def article_urls(articles) -> dict[str, str | None]:
    """article id -> url, from a mapping of id -> Article, or an iterable of Articles."""
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return {k: getattr(a, "url", None) for k, a in articles.items()}
    return {a.id: a.url for a in articles}


@lru_cache(maxsize=65536)
def _span_z(date: str | None, end: str | None, precision: str | None) -> tuple:
    """(start, end, precision) as exported: ISO Z date-times, or Nones when undated."""
    try:
        span = event_span(date, end, precision)
    except (ValueError, TypeError):
        log.warning("unreadable event date %r..%r; exported as undated", date, end)
        span = None
    if span is None:
        return None, None, None
    return start_z(span[0]), end_z(span[1]), precision


def _row(ev, urls: dict) -> tuple[tuple, str, tuple] | None:
    """Property values in EVENT_COLUMNS order, and the geometry ("point"|"line", coords)."""
    place = origin = destination = None
    geonameid = country = direction = None
    if ev.type == "control_change":
        if ev.place is None or not has_valid_point(ev.place, context=f"event {ev.id}"):
            log.warning("event %s: control change without a mappable place; left off the map", ev.id)
            return None
        place = ev.place
        kind, xy = "point", (place.lon, place.lat)
        geonameid, country, precision = place.geonameid, place.country, geo_precision(place)
    else:
        o = ev.origin if ev.origin is not None and has_valid_point(ev.origin, context=f"event {ev.id}") else None
        d = (ev.destination if ev.destination is not None
             and has_valid_point(ev.destination, context=f"event {ev.id}") else None)
        origin, destination = ev.origin, ev.destination
        if o is not None and d is not None:
            kind, xy = "line", (o.lon, o.lat, d.lon, d.lat)
            precision = coarser(geo_precision(o), geo_precision(d))
            country = o.country
        elif o is not None or d is not None:
            known = o if o is not None else d
            direction = "from" if o is not None else "to"
            kind, xy = "point", (known.lon, known.lat)
            precision, geonameid, country = geo_precision(known), known.geonameid, known.country
        else:
            log.warning("event %s: displacement with neither end on the map; left off", ev.id)
            return None
    start, end, date_precision = _span_z(ev.date, ev.end, ev.precision)
    # http(s) only: a `javascript:` or `data:` url from an article never reaches an export
    source_urls = [u for u in map(http_url, map(urls.get, ev.article_ids)) if u] if urls else []
    values = (
        ev.id, ev.type, start, end, date_precision,
        ev.report_date[:10] if ev.report_date else None,
        ev.status, ev.actor_from, ev.actor_to, ev.group, ev.magnitude, ev.magnitude_text,
        place.name if place else None,
        origin.name if origin else None,
        destination.name if destination else None,
        geonameid, precision, len(ev.article_ids), source_urls, ev.evidence, direction, country,
        origin.geonameid if origin else None,
        destination.geonameid if destination else None,
        list(ev.article_ids), ev.date_phrase, ev.date_reason, ev.confidence,
        bool(getattr(ev, "corrections", ())), list(getattr(ev, "corrections", ())),
    )
    return values, kind, xy


def build_geometries(kinds: list[str], coords: list[tuple]) -> np.ndarray:
    """Points and two-vertex LineStrings from ("point"|"line", coords) pairs, vectorised."""
    geoms = np.empty(len(kinds), dtype=object)
    kind_arr = np.asarray(kinds, dtype=object)
    pt = np.flatnonzero(kind_arr == "point")
    ln = np.flatnonzero(kind_arr == "line")
    if len(pt):
        xy = np.array([coords[i] for i in pt], dtype=float)
        geoms[pt] = shapely.points(xy)
    if len(ln):
        xy = np.array([coords[i] for i in ln], dtype=float).reshape(-1, 2, 2)
        geoms[ln] = shapely.linestrings(xy)
    return geoms


def object_frame(rows: list[dict], columns: Iterable[str]) -> pd.DataFrame:
    """Rows -> a DataFrame whose columns keep Python values (None stays None, lists stay lists).

    pandas 3 infers a `str` dtype that turns None into NaN; the records' contract is
    None for "not known", so the columns are built as object columns on purpose.
    """
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns})


def nullable_int(series: pd.Series) -> pd.Series:
    """An integer column with missing values (pandas Int64); left as it is when a
    record holds something that is not a whole number, rather than failing the map."""
    try:
        return series.astype("Int64")
    except (TypeError, ValueError):
        log.warning("column %s holds non-integer values; kept as given", series.name)
        return series


def empty_gdf(columns: Iterable[str]) -> gpd.GeoDataFrame:
    """A GeoDataFrame with these columns, no rows, EPSG:4326."""
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns},
                            geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def events_to_gdf(events: Iterable, *, articles=None) -> gpd.GeoDataFrame:
    """One row per mappable event, with the export properties (see EVENT_COLUMNS), EPSG:4326.

    start/end are ISO 8601 UTC date-times: start is the first second of the event's
    first day, end the last second of its last day (both None when undated);
    `articles` (id -> Article, or a list of Articles) fills `source_urls`.
    `magnitude` is a nullable integer column; list-valued columns (`source_urls`,
    `article_ids`) hold Python lists.
    """
    urls = article_urls(articles)
    rows, kinds, coords = [], [], []
    with gc_paused():
        for ev in events:
            out = _row(ev, urls)
            if out is None:
                continue
            rows.append(out[0])
            kinds.append(out[1])
            coords.append(out[2])
    if not rows:
        return empty_gdf(EVENT_COLUMNS)
    # transpose once in C rather than one comprehension per column
    df = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in zip(EVENT_COLUMNS, zip(*rows))})
    df["sources"] = df["sources"].astype(int)
    df["confidence"] = df["confidence"].astype(float)
    for col in ("magnitude", "geonameid", "origin_geonameid", "destination_geonameid"):
        df[col] = nullable_int(df[col])
    return gpd.GeoDataFrame(df, geometry=build_geometries(kinds, coords), crs="EPSG:4326")
