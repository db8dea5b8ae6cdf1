"""Who held which place when: control intervals from control-change events, and
the state of every place on a given day.

The rules (each one general, none written for a particular place):

1. Only dated control changes with a place count, and only those that say
   control changed: statuses reported, claimed and historical. Expected and
   denied events never change control; undated ones never enter the timeline.
   A historical event ("X had seized the town in 2014") counts at its own date.
2. Per place, events are taken in date order and grouped into *changes*: events
   whose spans (date..end at their precision) overlap belong to one change,
   because their order cannot be told apart at the precision they were reported.
3. A change whose events all name the same new holder (or none) is a plain
   change; it happens on the start of its most precise event. A change where two
   or more actors are named as the new holder is *contested*: every contender
   gets an interval from the change's first day, flagged `contested`, and the
   preferred one (latest claim, then most sources) is the place's controller.
4. Each change closes the interval before it and opens one for its new holder,
   open-ended until the next change. A change that names only who lost the place
   ("the town was freed of A") opens an interval with actor None (holder not
   reported). A report of the current holder taking the place again adds evidence
   to its interval rather than opening a new one.
5. A change that says actor A lost the place, with nothing known before it,
   implies A held it up to that change: an `implied` interval with an unknown
   (None) start. So "B retook the town from A in July" makes A the holder on any
   earlier day and B the holder from July 1 on.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1, country="SY")
    >>> ev = lambda i, d, p, a_from, a_to, status="reported": Event(
    ...     id=i, type="control_change", evidence="...", article_ids=("x",), date=d,
    ...     precision=p, place=town, actor_from=a_from, actor_to=a_to, status=status)
    >>> events = [ev("e1", "2017-07", "month", "Group A", "Group B"),
    ...           ev("e2", "2017-09-02", "day", "Group B", "Group A", "expected")]
    >>> ivs = control_intervals(events)
    >>> ivs[["actor", "start", "end", "implied"]].values.tolist()
    [['Group A', None, '2017-07-01', True], ['Group B', '2017-07-01', None, False]]
    >>> control_at(ivs, "2017-01-01").loc[0, "controller"]
    'Group A'
    >>> control_at(ivs, "2017-10-01").loc[0, ["controller", "since"]].tolist()
    ['Group B', '2017-07-01']
"""
from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.frames import empty_gdf, gc_paused, nullable_int, object_frame
from geo.places import has_valid_point, place_key
from geo.spans import DateLike, span_of, to_date

#: Statuses that change who holds a place (rule 1).
CONTROL_STATUSES = frozenset({"reported", "claimed", "historical"})

INTERVAL_COLUMNS = (
    "place_key", "place", "geonameid", "country", "actor", "start", "end",
    "event_ids", "evidence_ids", "ended_by", "change_event_id", "evidence", "statuses",
    "implied", "contested", "contenders", "rank",
)
SNAPSHOT_COLUMNS = (
    "place_key", "place", "geonameid", "country", "controller", "since", "contested",
    "contenders", "changed_in_window", "last_event_id", "implied", "event_ids",
)


class _Report:
    """One usable control-change event with its span, for sorting and grouping."""

    __slots__ = ("ev", "first", "last")

    def __init__(self, ev, first: datetime.date, last: datetime.date):
        self.ev, self.first, self.last = ev, first, last


def _usable_reports(events: Iterable) -> dict[str, list[_Report]]:
    """Rule 1: dated control changes with a mappable place, by place key."""
    by_place: dict[str, list[_Report]] = defaultdict(list)
    for ev in events:
        if ev.type != "control_change" or ev.status not in CONTROL_STATUSES or ev.place is None:
            continue
        if not (ev.actor_to or ev.actor_from):
            continue
        span = span_of(ev)
        if span is None or not has_valid_point(ev.place, context=f"event {ev.id}"):
            continue
        by_place[place_key(ev.place)].append(_Report(ev, *span))
    return by_place


def _group_changes(reports: list[_Report], tolerance_days: int) -> list[list[_Report]]:
    """Rule 2: reports whose spans overlap (within `tolerance_days`) form one change."""
    reports = sorted(reports, key=lambda r: (r.first, r.last, r.ev.id))
    slack = datetime.timedelta(days=tolerance_days)
    changes: list[list[_Report]] = []
    reach = None
    for r in reports:
        if changes and r.first <= reach + slack:
            changes[-1].append(r)
            reach = max(reach, r.last)
        else:
            changes.append([r])
            reach = r.last
    return changes


def _actor_to(ev) -> str | None:
    return ev.actor_to or None


def _actor_from(ev) -> str | None:
    # An extractor that wrote the same actor on both sides said nothing about a loss.
    return ev.actor_from if ev.actor_from and ev.actor_from != ev.actor_to else None


def _preference(actor: str, reports: list[_Report]) -> tuple:
    """Sort key among contenders, best first: latest claim, most sources, then name."""
    latest = max(r.first for r in reports)
    sources = sum(len(r.ev.article_ids) for r in reports)
    return (-latest.toordinal(), -sources, actor)


def _place_intervals(reports: list[_Report], tolerance_days: int) -> list[dict]:
    """Rules 2-5 for one place: its intervals as dicts (start/end as dates or None)."""
    # the record most reports resolved to (they may differ in name or source); first on ties
    place = Counter(r.ev.place for r in reports).most_common(1)[0][0]
    out: list[dict] = []
    open_now: list[dict] = []     # the interval(s) open now; several when contested

    def new_interval(actor, start, reps, *, implied=False, contested=False, contenders=()):
        return {"actor": actor, "start": start, "end": None, "reports": list(reps),
                "ended_by": [], "implied": implied, "contested": contested,
                "contenders": list(contenders), "rank": 0, "change_event_id": None}

    for change in _group_changes(reports, tolerance_days):
        claims: dict[str, list[_Report]] = defaultdict(list)
        for r in change:
            if _actor_to(r.ev):
                claims[_actor_to(r.ev)].append(r)
        losers = [r for r in change if _actor_from(r.ev)]
        if len(claims) >= 2:
            change_day = min(r.first for r in change)
        else:
            # the most precise report dates a plain change (rule 3)
            change_day = min(change, key=lambda r: (r.last - r.first, r.first)).first

        # Rule 4: the current holder re-reported as taking the place: more evidence, same interval.
        if (len(claims) == 1 and len(open_now) == 1 and not open_now[0]["contested"]
                and open_now[0]["actor"] == next(iter(claims))):
            open_now[0]["reports"].extend(change)
            continue

        if not open_now and losers:
            # Rule 5: the loser held it before, since an unknown date.
            # the actor most reports name as the loser (ties: alphabetical, for stable output)
            named = [_actor_from(r.ev) for r in losers]
            loser = min(set(named), key=lambda a: (-named.count(a), a))
            if loser not in claims:
                implied = new_interval(loser, None, [r for r in losers if _actor_from(r.ev) == loser],
                                       implied=True)
                implied["end"] = change_day
                implied["ended_by"] = [r.ev.id for r in change]
                implied["change_event_id"] = implied["reports"][0].ev.id
                out.append(implied)

        for iv in open_now:
            iv["end"] = change_day
            iv["ended_by"] = [r.ev.id for r in change]
        open_now = []

        if len(claims) >= 2:
            contenders = sorted(claims, key=lambda a: _preference(a, claims[a]))
            for rank, actor in enumerate(contenders):
                iv = new_interval(actor, change_day, claims[actor], contested=True,
                                  contenders=contenders)
                iv["rank"] = rank
                open_now.append(iv)
        elif len(claims) == 1:
            actor, reps = next(iter(claims.items()))
            # reports naming only the loser are evidence of the same change
            open_now.append(new_interval(actor, change_day, reps + [r for r in change if r not in reps]))
        else:
            open_now.append(new_interval(None, change_day, change))
        for iv in open_now:
            iv["change_event_id"] = min(iv["reports"], key=lambda r: (r.first, r.ev.id)).ev.id
        out.extend(open_now)

    rows = []
    for iv in out:
        reps = sorted(iv["reports"], key=lambda r: (r.first, r.ev.id))
        ids = [r.ev.id for r in reps]
        rows.append({
            "place_key": place_key(place), "place": place.name, "geonameid": place.geonameid,
            "country": place.country, "actor": iv["actor"],
            "start": iv["start"].isoformat() if iv["start"] else None,
            "end": iv["end"].isoformat() if iv["end"] else None,
            "event_ids": ids, "evidence_ids": ids, "ended_by": iv["ended_by"],
            "change_event_id": iv["change_event_id"],
            "evidence": [r.ev.evidence for r in reps],
            "statuses": sorted({r.ev.status for r in reps}),
            "implied": iv["implied"], "contested": iv["contested"],
            "contenders": iv["contenders"] or ([iv["actor"]] if iv["actor"] else []),
            "rank": iv["rank"], "lon": place.lon, "lat": place.lat,
        })
    return rows


def control_intervals(events: Iterable, *, tolerance_days: int = 0) -> gpd.GeoDataFrame:
    """For each place, the sequence of who held it, from its control-change events.

    One row per interval, EPSG:4326 Points at the place:
    place_key, place, geonameid, country,
    actor          the holder (None: lost by someone, new holder not reported),
    start, end     ISO dates; the holder holds from `start` (inclusive) until `end`
                   (exclusive: the day the next change happened). start None = since
                   an unknown date (an implied interval), end None = still held as
                   far as anything later is known,
    event_ids      the events this interval stands on, first report first
                   (`evidence_ids` is the same list, `evidence` their sentences),
    ended_by       ids of the events of the change that closed it,
    change_event_id the event that opened it (for an implied interval: the loss that implies it),
    implied, contested (bool), contenders (list of actors claiming it in that change),
    rank           0 for the preferred contender (always 0 when not contested).
    `tolerance_days` widens the "same change" test beyond the reports' own precision.
    See the module docstring for the rules.
    """
    rows = []
    with gc_paused():
        for reports in _usable_reports(events).values():
            rows.extend(_place_intervals(reports, tolerance_days))
    if not rows:
        return empty_gdf(INTERVAL_COLUMNS)
    geom = shapely.points(np.array([(r["lon"], r["lat"]) for r in rows], dtype=float))
    df = object_frame(rows, INTERVAL_COLUMNS)
    df["geonameid"] = nullable_int(df["geonameid"])
    for col in ("implied", "contested"):
        df[col] = df[col].astype(bool)
    df["rank"] = df["rank"].astype(int)
    return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")


def _days(values: pd.Series) -> np.ndarray:
    """ISO date strings / None -> datetime64[D] with NaT, vectorised."""
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").to_numpy(dtype="datetime64[D]")


def control_at(events_or_intervals, date: DateLike, *,
               window_start: DateLike = None) -> gpd.GeoDataFrame:
    """One row per place with its controller on `date` (an ISO date or datetime.date).

    Takes events (intervals are built first) or the GeoDataFrame `control_intervals`
    returned, which is much faster when called for many dates. Columns:
    place_key, place, geonameid, country,
    controller     the holder on that day (None: lost by someone, new holder not reported),
    since          ISO date it changed hands last (None when only implied by a later loss),
    contested      True when reports disagree about the latest change (see control_intervals),
    contenders     the actors claiming it (just [controller] when not contested),
    changed_in_window True when `window_start` is given and it changed hands between
                   window_start and `date` (False when no window is given),
    last_event_id  the event the state stands on (the change; for an implied holder the later loss),
    implied, event_ids, geometry (Point, EPSG:4326).
    Places with nothing known on that day (first known change is later) are not listed.
    """
    intervals = (events_or_intervals if isinstance(events_or_intervals, pd.DataFrame)
                 else control_intervals(events_or_intervals))
    day = to_date(date)
    if day is None:
        raise ValueError("control_at needs a date")
    if intervals.empty:
        return empty_gdf(SNAPSHOT_COLUMNS)
    t = np.datetime64(day, "D")
    starts, ends = _days(intervals["start"]), _days(intervals["end"])
    covering = (np.isnat(starts) | (starts <= t)) & (np.isnat(ends) | (t < ends))
    cur = intervals.loc[covering]
    # preferred contender first, then one row per place
    cur = cur.sort_values(["place_key", "rank"], kind="stable")
    first = ~cur["place_key"].duplicated()
    snap = cur.loc[first]
    contested = snap["contested"].to_numpy(dtype=bool)
    contenders = snap["contenders"].copy()
    multi = cur["place_key"].duplicated(keep=False).to_numpy()
    if multi.any():
        # contenders that are still covering on this day (all of them, normally)
        groups = cur.loc[multi].groupby("place_key", sort=False)["actor"].agg(list)
        idx = snap["place_key"].isin(groups.index).to_numpy()
        contested = contested | idx
        contenders.loc[idx] = snap.loc[idx, "place_key"].map(groups)
    since = snap["start"]
    if window_start is not None:
        lo = np.datetime64(to_date(window_start), "D")
        s = _days(since)
        changed = ~np.isnat(s) & (s >= lo) & (s <= t)
    else:
        changed = np.zeros(len(snap), dtype=bool)
    obj = lambda s: pd.Series(s.to_numpy(dtype=object), dtype=object)  # noqa: E731  keep None
    out = pd.DataFrame({
        "place_key": obj(snap["place_key"]), "place": obj(snap["place"]),
        "geonameid": snap["geonameid"].to_numpy(), "country": obj(snap["country"]),
        "controller": obj(snap["actor"]), "since": obj(since),
        "contested": contested, "contenders": obj(contenders),
        "changed_in_window": changed, "last_event_id": obj(snap["change_event_id"]),
        "implied": snap["implied"].to_numpy(dtype=bool), "event_ids": obj(snap["event_ids"]),
    })
    out["geonameid"] = nullable_int(out["geonameid"])
    return gpd.GeoDataFrame(out, geometry=snap.geometry.to_numpy(), crs="EPSG:4326")
