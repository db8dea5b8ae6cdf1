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

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.filters import as_frame, filter_events
from geo.frames import empty_gdf, nullable_int
from geo.spans import DateLike
from timeline.frame import WGS84

FLOW_COLUMNS = (
    "origin", "destination", "magnitude", "groups", "count", "event_ids", "first", "last",
    "direction", "origin_key", "destination_key", "origin_geonameid", "destination_geonameid",
    "magnitude_known", "magnitude_texts", "sources",
)


def _per_pair(evs: pd.DataFrame, pair: list) -> pd.DataFrame:
    """Per origin -> destination pair (in order of first appearance): its first event's
    row, sums and spans by groupby, and the lists of ids, groups and magnitude words."""
    code = evs.groupby(pair, sort=False).ngroup().to_numpy()
    magnitude = pd.to_numeric(evs["magnitude"], errors="coerce")
    g = pd.DataFrame({"count": 1, "sources": evs["sources"].to_numpy(), "magnitude": magnitude.to_numpy(),
                      "magnitude_known": magnitude.notna().to_numpy(), "first": evs["first_day"].to_numpy(),
                      "last": evs["last_day"].to_numpy(), "row": np.arange(len(evs))}).groupby(code)
    per = g.agg(count=("count", "size"), sources=("sources", "sum"), magnitude=("magnitude", "sum"),
                magnitude_known=("magnitude_known", "sum"), first=("first", "min"), last=("last", "max"),
                row=("row", "first"))
    ids, groups, texts = ([[] for _ in range(len(per))] for _ in range(3))
    for c, event_id, group, text in zip(code.tolist(), evs["event_id"], evs["group"], evs["magnitude_text"]):
        ids[c].append(event_id)
        if group:
            groups[c].append(group)
        if text:
            texts[c].append(text)
    per["event_ids"] = pd.Series(ids, index=per.index, dtype=object)
    per["groups"] = pd.Series([sorted(set(x)) for x in groups], index=per.index, dtype=object)
    per["magnitude_texts"] = pd.Series(texts, index=per.index, dtype=object)
    return per.reset_index(drop=True)


def _names(places: pd.Series, attribute: str) -> pd.Series:
    return pd.Series([getattr(p, attribute) if p is not None else None for p in places], dtype=object)


def aggregate_flows(events, start: DateLike = None, end: DateLike = None) -> gpd.GeoDataFrame:
    """One row per (origin, destination) pair of the displacement events in the window.

    Window: as `geo.filters.filter_events` (span overlap; undated events are dropped
    only when a bound is given). Columns:
    origin, destination   place names (None = not reported, or no valid point),
    magnitude             sum of the magnitudes the texts give (None when none gives one),
    magnitude_known       how many of the events gave one; magnitude_texts their words,
    groups                sorted list of who moved, count (events), event_ids,
    first, last           ISO dates of the earliest start / latest end (None if all undated),
    direction             None for a line, "from"/"to" for a Point at the known end,
    origin_key, destination_key, origin_geonameid, destination_geonameid, sources
    (articles behind the events), geometry (EPSG:4326).
    Rows come in order of first appearance of the pair. `events`: the events frame with
    magnitude, magnitude_text and group (`timeline.frame.DETAIL_COLUMNS`), or `Event` records.
    """
    evs = filter_events(as_frame(events), start=start, end=end, types=["displacement"])
    evs = evs.loc[evs.geometry.notna().to_numpy()]  # neither end on the map: nothing to draw
    if not len(evs):
        return empty_gdf(FLOW_COLUMNS)
    # the ends as drawn: a line joins both keys; a point keeps only its known end
    evs = evs.assign(origin=evs["origin"].where(evs["direction"] != "to", None),
                     destination=evs["destination"].where(evs["direction"] != "from", None))
    evs = evs.assign(_o=evs["origin_key"].where(evs["origin"].notna(), "-"),
                     _d=evs["destination_key"].where(evs["destination"].notna(), "-"))
    per = _per_pair(evs, ["_o", "_d"])
    firsts = evs.iloc[per["row"].to_numpy()]
    o, d = firsts["origin"], firsts["destination"]
    df = pd.DataFrame({
        "origin": _names(o, "name"), "destination": _names(d, "name"),
        "magnitude": per["magnitude"].where(per["magnitude_known"] > 0, None),
        "groups": per["groups"], "count": per["count"], "event_ids": per["event_ids"],
        "first": _iso(per["first"]), "last": _iso(per["last"]),
        "direction": pd.Series(firsts["direction"].to_numpy(), dtype=object),
        "origin_key": _names(o, "key"), "destination_key": _names(d, "key"),
        "origin_geonameid": _names(o, "geonameid"), "destination_geonameid": _names(d, "geonameid"),
        "magnitude_known": per["magnitude_known"], "magnitude_texts": per["magnitude_texts"],
        "sources": per["sources"],
    })
    for col in ("magnitude", "origin_geonameid", "destination_geonameid"):
        df[col] = nullable_int(df[col])
    for col in ("count", "magnitude_known", "sources"):
        df[col] = df[col].astype(np.int64)
    return gpd.GeoDataFrame(df, geometry=firsts.geometry.to_numpy(), crs=WGS84)


def _iso(days: pd.Series) -> pd.Series:
    """YYYY-MM-DD strings (None where missing), vectorised: a Python loop over Timestamps
    was a tenth of a second a slider step at 1,000 flows."""
    days = pd.to_datetime(pd.Series(days).reset_index(drop=True))
    out = days.dt.strftime("%Y-%m-%d").astype(object)
    return out.where(days.notna(), None)
