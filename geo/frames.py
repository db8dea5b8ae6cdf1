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

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.filters import as_frame
from geo.places import PRECISION_ORDER, geo_precision
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


def _iso_z(days: pd.Series, time: str) -> pd.Series:
    """Days (NaT: undated) -> ISO 8601 UTC date-times at `time` ("00:00:00"), None when undated.
    Each distinct day is formatted once (events share a few thousand days)."""
    codes, uniques = pd.factorize(days)  # NaT -> code -1, the last slot below
    text = np.append(pd.Series(uniques).dt.strftime(f"%Y-%m-%dT{time}Z").to_numpy(dtype=object), None)
    return pd.Series(text[codes], index=days.index, dtype=object)


def _distinct(places: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The distinct Place records of a column (None counts as one) and, per row, the index
    of its record among them: events share a few thousand records, so each attribute is
    read once a record, not once an event. Told apart by identity (hashing a dataclass per
    row would cost more than reading the attribute)."""
    values = places.to_numpy(dtype=object)
    _, first, inverse = np.unique(np.fromiter(map(id, values), dtype=np.int64, count=len(values)),
                                  return_index=True, return_inverse=True)
    return values[first], inverse.reshape(-1)


def _of(places: pd.Series, attribute: str) -> np.ndarray:
    """An attribute of each Place record (None where there is no record), as an object array."""
    records, inverse = _distinct(places)
    out = np.empty(len(records), dtype=object)
    out[:] = [None if p is None else getattr(p, attribute) for p in records]
    return out[inverse]


def _ends(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per event: the place its geonameid, country and precision are read from (the place
    of a control change, the known end of a one-ended flow, the origin of a line for its
    country) and whether it is a line."""
    control = frame["event_type"] == "control_change"
    line = frame.geometry.geom_type == "LineString"
    known = frame["origin"].where(frame["direction"] == "from", frame["destination"])
    anchor = frame["place"].where(control, frame["origin"].where(line, known))
    return anchor, control, line


def _precisions(frame: pd.DataFrame, anchor: pd.Series, line: pd.Series) -> np.ndarray:
    """`geo_precision` of each event's place; a line's is the coarser of its two ends'."""
    def rank(places: pd.Series) -> np.ndarray:
        records, inverse = _distinct(places)
        ranks = np.array([-1 if p is None else PRECISION_ORDER.index(geo_precision(p)) for p in records])
        return ranks[inverse]

    is_line = line.to_numpy(dtype=bool)
    ranks = np.where(is_line, np.maximum(rank(frame["origin"]), rank(frame["destination"])), rank(anchor))
    names = np.array([*PRECISION_ORDER, None], dtype=object)  # rank -1 (no place): None
    return names[ranks]


def _source_urls(frame: pd.DataFrame, urls: dict) -> list:
    """http(s) only: a `javascript:` or `data:` url from an article never reaches an export."""
    if not urls:
        return [[] for _ in range(len(frame))]
    return [[u for u in map(http_url, map(urls.get, ids)) if u] for ids in frame["article_ids"]]


def _objects(values) -> pd.Series:
    """An object column from a Series, an array or a list (no per-row iteration for the first
    two); object on purpose: None stays None (pandas 3 would infer str with NaN)."""
    if isinstance(values, (pd.Series, np.ndarray)):
        values = np.asarray(values, dtype=object)
    return pd.Series(values, dtype=object)


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


def events_to_gdf(events, *, articles=None) -> gpd.GeoDataFrame:
    """One row per mappable event, with the export properties (see EVENT_COLUMNS), EPSG:4326.

    start/end are ISO 8601 UTC date-times: start is the first second of the event's
    first day, end the last second of its last day (both None when undated);
    `articles` (id -> Article, or a list of Articles) fills `source_urls`.
    `magnitude` is a nullable integer column; list-valued columns (`source_urls`,
    `article_ids`) hold Python lists. `events`: the events frame with its detail
    columns (`timeline.frame.ALL_COLUMNS`), or `Event` records.
    """
    return _events_gdf(as_frame(events), articles)


def _events_gdf(frame: pd.DataFrame, articles) -> gpd.GeoDataFrame:
    for event_id in frame.loc[frame.geometry.isna(), "event_id"]:
        log.warning("event %s: no place with a valid point; left off the map", event_id)
    frame = frame.loc[frame.geometry.notna().to_numpy()]
    if not len(frame):
        return empty_gdf(EVENT_COLUMNS)
    anchor, control, line = _ends(frame)
    dated = frame["first_day"].notna()
    flow = lambda col: frame[col].where(~control, None)  # noqa: E731
    cols = {
        "event_id": frame["event_id"], "event_type": frame["event_type"],
        "start": _iso_z(frame["first_day"], "00:00:00"), "end": _iso_z(frame["last_day"], "23:59:59"),
        "date_precision": frame["precision"].where(dated, None),
        "report_date": [d[:10] if d else None for d in frame["report_date"]],
        "status": frame["status"], "actor_from": frame["actor_from"], "actor_to": frame["actor_to"],
        "group": frame["group"], "magnitude": frame["magnitude"], "magnitude_text": frame["magnitude_text"],
        "place": _of(frame["place"].where(control, None), "name"),
        "origin": _of(flow("origin"), "name"), "destination": _of(flow("destination"), "name"),
        "geonameid": _of(anchor.where(~line, None), "geonameid"),
        "geo_precision": _precisions(frame, anchor, line),
        "sources": frame["sources"].astype(int), "source_urls": _source_urls(frame, article_urls(articles)),
        "evidence": frame["evidence"], "direction": frame["direction"], "country": _of(anchor, "country"),
        "origin_geonameid": _of(flow("origin"), "geonameid"),
        "destination_geonameid": _of(flow("destination"), "geonameid"),
        "article_ids": [list(ids) for ids in frame["article_ids"]],
        "date_phrase": frame["date_phrase"], "date_reason": frame["date_reason"],
        "confidence": frame["confidence"].astype(float),
        # the analyst's corrections behind each event (`timeline.corrections`): an audit trail
        "corrected": [bool(c) for c in frame["corrections"]],
        "corrections": [list(c) for c in frame["corrections"]],
    }
    df = pd.DataFrame({c: (pd.Series(v.to_numpy()) if c in ("sources", "confidence") else _objects(v))
                       for c, v in cols.items()})
    for col in ("magnitude", "geonameid", "origin_geonameid", "destination_geonameid"):
        df[col] = nullable_int(df[col])
    return gpd.GeoDataFrame(df, geometry=frame.geometry.to_numpy(), crs="EPSG:4326")
