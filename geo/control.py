"""Who held which place when: control intervals from control-change events, and
the state of every place on a given day.

The rules (each one general, none written for a particular place):

1. Only dated control changes with a place count, and only those that say
   control changed: statuses reported, claimed and historical. Expected and
   denied events never change control, nor do partial ones ("captured most of X");
   undated ones never enter the timeline.
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
from collections import OrderedDict, defaultdict
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.filters import as_frame
from geo.frames import empty_gdf, nullable_int
from geo.spans import DateLike, to_date
from timeline.frame import WGS84
from timeline.records import CONTROL_STATUSES

INTERVAL_COLUMNS = (
    "place_key", "place", "geonameid", "country", "actor", "start", "end",
    "event_ids", "evidence_ids", "ended_by", "change_event_id", "evidence", "statuses",
    "implied", "contested", "contenders", "rank",
)
SNAPSHOT_COLUMNS = (
    "place_key", "place", "geonameid", "country", "controller", "since", "contested",
    "contenders", "changed_in_window", "last_event_id", "implied", "event_ids",
)
_ORDINAL_1970 = datetime.date(1970, 1, 1).toordinal()


# -- the rules, one function each ------------------------------------------------------

def usable_reports(frame: pd.DataFrame) -> pd.Series:
    """Rule 1: a mask of the control changes that can change who holds a place: a status
    in CONTROL_STATUSES, a date, a place with a valid point, and an actor on either side."""
    return ((frame["event_type"] == "control_change") & frame["status"].isin(CONTROL_STATUSES)
            & frame["first_day"].notna() & frame.geometry.notna()
            & (named(frame["actor_to"]) | named(frame["actor_from"])))


def named(actors: pd.Series) -> pd.Series:
    """Mask of the actor cells that name someone (None and "" name nobody)."""
    codes, uniques = pd.factorize(actors.to_numpy(dtype=object))  # few distinct names: test each once
    return pd.Series(np.array([bool(u) for u in uniques] + [False], dtype=bool)[codes], index=actors.index)


def new_holder(report) -> str | None:
    """Who a report says took the place (None: not said)."""
    return report.actor_to or None


def loser(report) -> str | None:
    """Who a report says lost the place; an extractor that wrote the same actor on both
    sides said nothing about a loss."""
    return report.actor_from if report.actor_from and report.actor_from != report.actor_to else None


def group_changes(reports: list, tolerance_days: int = 0) -> list[list]:
    """Rule 2: one place's reports (sorted by first day, last day, id) grouped into
    changes: a report whose span overlaps the change so far (within the tolerance) joins it."""
    changes, reach = [], None
    for r in reports:
        if changes and r.first_day <= reach + datetime.timedelta(days=tolerance_days):
            changes[-1].append(r)
            reach = max(reach, r.last_day)
        else:
            changes.append([r])
            reach = r.last_day
    return changes


def claims_of(change: list) -> dict[str, list]:
    """Rule 3: the new holders a change names, each with the reports naming it (in order)."""
    claims: dict[str, list] = defaultdict(list)
    for r in change:
        if new_holder(r):
            claims[new_holder(r)].append(r)
    return claims


def change_day(change: list, claims: dict) -> datetime.date:
    """Rule 3: a contest happens on its first day; a plain change on the start of its most
    precise report (shortest span, then earliest)."""
    if len(claims) >= 2:
        return min(r.first_day for r in change)
    return min(change, key=lambda r: (r.last_day - r.first_day, r.first_day)).first_day


def contenders_ranked(claims: dict) -> list[str]:
    """Rule 3: the contenders of a contest, preferred first: latest claim, most sources, name."""
    def preference(actor: str):
        return (-max(r.first_day for r in claims[actor]).toordinal(),
                -sum(r.sources for r in claims[actor]), actor)
    return sorted(claims, key=preference)


def holder_re_reported(open_now: list[dict], claims: dict) -> bool:
    """Rule 4: the change re-reports the holder of the open, uncontested interval taking
    the place: evidence for that interval, not a new one."""
    return (len(claims) == 1 and len(open_now) == 1 and not open_now[0]["contested"]
            and open_now[0]["actor"] == next(iter(claims)))


def implied_loser(change: list, claims: dict) -> tuple[str, list] | None:
    """Rule 5: for a place's first change, the actor most of its reports name as the loser
    (ties: alphabetical) and the reports naming it, unless it is also claimed in that change."""
    named = [loser(r) for r in change if loser(r)]
    if not named:
        return None
    actor = min(set(named), key=lambda a: (-named.count(a), a))
    if actor in claims:
        return None
    return actor, [r for r in change if loser(r) == actor]


def opened_intervals(change: list, claims: dict, day: datetime.date) -> list[dict]:
    """Rules 3 and 4: the interval(s) a change opens: one per contender of a contest (by
    rank), else one for its new holder (None when it names only who lost the place)."""
    if len(claims) >= 2:
        ranked = contenders_ranked(claims)
        opened = [{"actor": a, "reps": list(claims[a]), "contested": True, "contenders": list(ranked),
                   "rank": i} for i, a in enumerate(ranked)]
    else:
        actor = next(iter(claims)) if claims else None
        opened = [{"actor": actor, "reps": list(change), "contested": False,
                   "contenders": [actor] if actor else [], "rank": 0}]
    for iv in opened:
        iv.update(start=day, end=None, ended_by=[], implied=False)
    return opened


def place_intervals(reports: list, tolerance_days: int = 0) -> list[dict]:
    """Rules 2-5 at one place: its intervals in the order they open (each a dict with
    actor, start, end, reps, ended_by, implied, contested, contenders, rank)."""
    out, open_now = [], []
    for change in group_changes(reports, tolerance_days):
        claims = claims_of(change)
        day = change_day(change, claims)
        if holder_re_reported(open_now, claims):
            open_now[0]["reps"] += change
            continue
        implied = implied_loser(change, claims) if not open_now else None
        if implied:
            out.append({"actor": implied[0], "start": None, "end": day, "reps": implied[1],
                        "ended_by": [r.event_id for r in change], "implied": True, "contested": False,
                        "contenders": [implied[0]], "rank": 0})
        for iv in open_now:
            iv["end"], iv["ended_by"] = day, [r.event_id for r in change]
        open_now = opened_intervals(change, claims, day)
        out += open_now
    return out


def _representative(records: list):
    """The place record most reports at one place resolved to (first seen on ties)."""
    counts: dict = {}
    for p in records:
        counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get)  # dicts keep first-seen order: ties go to the first


def _interval_row(key: str, place, iv: dict) -> dict:
    reps = sorted(iv["reps"], key=lambda r: (r.first_day, r.event_id))
    ids = [r.event_id for r in reps]
    opened_by = iv["reps"][0] if iv["implied"] else reps[0]  # an implied one: the loss implying it
    return {
        "place_key": key, "place": place.name, "geonameid": place.geonameid, "country": place.country,
        "actor": iv["actor"], "start": iv["start"].isoformat() if iv["start"] else None,
        "end": iv["end"].isoformat() if iv["end"] else None,
        "event_ids": ids, "evidence_ids": ids, "ended_by": iv["ended_by"],
        "change_event_id": opened_by.event_id, "evidence": [r.evidence for r in reps],
        "statuses": sorted({r.status for r in reps}), "implied": iv["implied"],
        "contested": iv["contested"], "contenders": iv["contenders"], "rank": iv["rank"],
        "xy": (float(place.lon), float(place.lat)),
    }


def control_intervals(events, *, tolerance_days: int = 0) -> gpd.GeoDataFrame:
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
    Rows come place by place (in order of each place's first report), each place's
    intervals in time order. The rules are the functions above (see the module docstring);
    `events`: the events frame or `Event` records.
    """
    rows = []
    for key, reports in _reports_by_place(as_frame(events)).items():
        place = _representative([r.place for r in reports])
        reports.sort(key=lambda r: (r.first_day, r.last_day, r.event_id))
        rows += [_interval_row(key, place, iv) for iv in place_intervals(reports, tolerance_days)]
    return _intervals_gdf(rows) if rows else empty_gdf(INTERVAL_COLUMNS)


class Report(NamedTuple):
    """One usable control-change report, as the rules read it."""

    event_id: str
    first_day: datetime.date
    last_day: datetime.date
    actor_from: str | None
    actor_to: str | None
    status: str
    sources: int
    evidence: str
    place: object


def _reports_by_place(frame: pd.DataFrame) -> dict[str, list[Report]]:
    """Rule 1's reports, per `Place.key`, places in order of their first report."""
    usable = frame.loc[usable_reports(frame).to_numpy()]
    days = lambda col: usable[col].to_numpy(dtype="datetime64[D]").tolist()  # noqa: E731
    columns = [usable["event_id"], days("first_day"), days("last_day"), usable["actor_from"],
               usable["actor_to"], usable["status"], usable["sources"].tolist(), usable["evidence"],
               usable["place"]]
    by_place: dict[str, list[Report]] = {}
    for key, values in zip(usable["place_key"], zip(*columns)):
        by_place.setdefault(key, []).append(Report(*values))
    return by_place


def _intervals_gdf(rows: list[dict]) -> gpd.GeoDataFrame:
    df = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in INTERVAL_COLUMNS})
    for col in ("implied", "contested"):
        df[col] = df[col].astype(bool)
    df["rank"] = df["rank"].astype(int)
    df["geonameid"] = nullable_int(df["geonameid"])
    geometry = shapely.points(np.array([r["xy"] for r in rows], dtype=float))
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


# -- the same rules on arrays, for the dashboard --------------------------------------
#
# Kept for speed: on bench/dashboard_speed.py's store (100k events over 5k places; 99k
# pass the default filters, 64k intervals) the rules above took 1.9-2.1 s CPU and this
# array form 0.9-1.1 s CPU (same process, alternately, on a loaded 2-core machine), and a
# first render must stay within 3 s all told (store read, imports, map). Exports and the
# CLI use the rules; tests/test_geo_control_vectorised.py holds this form to them.

_ORDINAL_SPAN = 1 << 22  # > date.max.toordinal(): packs (code, day) pairs into one int64
_EPOCH = np.datetime64("0001-01-01", "D")  # day ordinal 1


def _ordinals(days: pd.Series) -> np.ndarray:
    return days.to_numpy(dtype="datetime64[D]").astype(np.int64) + _ORDINAL_1970


class _Reports:
    """The usable control-change reports (rule 1) as parallel arrays, sorted by
    place (in order of first appearance), first day, last day and id.

    place: index into `place_keys`/`places`; first, last: day ordinals of the span;
    to/frm: indexes into `actors` (-1: none; frm is -1 when it repeats `to`);
    ids, status, evidence: per report (status_code: index into status_names);
    sources: articles behind each report.
    """

    def __init__(self, frame: pd.DataFrame):
        usable = usable_reports(frame).to_numpy()
        self.size = n = int(usable.sum())
        if not n:
            return
        def col(name: str) -> np.ndarray:
            return frame[name].to_numpy(dtype=object)[usable]

        # places in order of first appearance; several records may share one key
        code, key_order = pd.factorize(col("place_key"))
        self.place_keys = np.asarray(key_order, dtype=object)
        # by identity: a frame holds one record object per distinct place (see timeline.frame)
        place_objects = col("place")
        refs, _ = pd.factorize(np.fromiter(map(id, place_objects), dtype=np.int64, count=n))
        records = place_objects[np.unique(refs, return_index=True)[1]]
        self.places = _representative_places(code, refs, records, len(key_order))
        first, last = _ordinals(frame["first_day"])[usable], _ordinals(frame["last_day"])[usable]
        ids = col("event_id")
        id_rank = np.empty(n, dtype=np.int64)
        # as fixed-width text: numpy compares it in C (code point order, as Python does)
        id_rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(n)
        order = np.lexsort((id_rank, last, first, code))
        to_col, frm_col = col("actor_to"), col("actor_from")
        to = np.where(named(frame["actor_to"]).to_numpy()[usable], to_col, None)
        frm = np.where(named(frame["actor_from"]).to_numpy()[usable] & (frm_col != to), frm_col, None)
        actor_codes, self.actors = pd.factorize(np.concatenate([to, frm]))
        self.place = code[order]
        self.first, self.last, self.id_rank = first[order], last[order], id_rank[order]
        self.ids = ids[order]
        self.to = actor_codes[:n][order]
        self.frm = actor_codes[n:][order]
        self.sources = frame["sources"].to_numpy()[usable][order]
        self.status = col("status")[order]
        self.status_code, self.status_names = pd.factorize(self.status)
        self.evidence = col("evidence")[order]


def _representative_places(code: np.ndarray, refs: np.ndarray, records, n_keys: int) -> list:
    """Per place key, the record most reports resolved to (they may differ in name or
    source; first seen on ties). Reports usually share one record per key."""
    _, first_row = np.unique(code, return_index=True)
    out = [records[refs[i]] for i in first_row]
    pairs = pd.DataFrame({"c": code, "r": refs, "i": np.arange(len(code))})
    n_records = pairs.groupby("c", sort=False)["r"].nunique()
    mixed = n_records.index[n_records.to_numpy() > 1]
    if len(mixed):
        per = (pairs[pairs["c"].isin(mixed)].groupby(["c", "r"], sort=False)
               .agg(n=("i", "size"), first=("i", "min")).reset_index()
               .sort_values(["c", "n", "first"], ascending=[True, False, True], kind="stable")
               .drop_duplicates("c"))
        for c, r in zip(per["c"].tolist(), per["r"].tolist()):
            out[c] = records[r]
    return out


# -- rules 2-5 on arrays ------------------------------------------------------------

class _Changes:
    """Rule 2: runs of reports at one place whose spans overlap (within the tolerance),
    with what rules 3 and 4 need per change. Arrays are per change, in report order."""

    def __init__(self, r: _Reports, tolerance_days: int):
        n = r.size
        # running max of last day within a place: codes are sorted, so offsetting each
        # place by its code keeps one global accumulate from crossing places
        reach = np.maximum.accumulate(r.last + r.place * _ORDINAL_SPAN)
        new = np.ones(n, dtype=bool)
        new[1:] = (r.place[1:] != r.place[:-1]) | (
            r.first[1:] + r.place[1:] * _ORDINAL_SPAN > reach[:-1] + tolerance_days)
        self.of_report = np.cumsum(new) - 1
        self.start = np.flatnonzero(new)              # first report of each change
        self.stop = np.append(self.start[1:], n)      # one past its last report
        self.size = count = len(self.start)
        self.place = r.place[self.start]
        self.first_at_place = np.ones(count, dtype=bool)
        self.first_at_place[1:] = self.place[1:] != self.place[:-1]

        # distinct new holders named in each change (rule 3)
        n_actors = max(len(r.actors), 1)
        claimed = r.to >= 0
        self.claim_pairs = np.unique(self.of_report[claimed] * n_actors + r.to[claimed])
        self.n_actors = n_actors
        self.n_claims = np.bincount(self.claim_pairs // n_actors, minlength=count)
        self.claim = np.maximum.reduceat(r.to, self.start)   # the holder when n_claims == 1
        self.contested = self.n_claims >= 2
        # a contest starts on its first day; a plain change on the start of its most
        # precise report (shortest span, then earliest)
        earliest = np.minimum.reduceat(r.first, self.start)
        precise = np.minimum.reduceat((r.last - r.first) * _ORDINAL_SPAN + r.first, self.start)
        self.day = np.where(self.contested, earliest, precise % _ORDINAL_SPAN)

        # rule 4: the holder of the open (uncontested) interval re-reported as taking it
        same_as_before = np.zeros(count, dtype=bool)
        same_as_before[1:] = ((self.n_claims[:-1] == 1) & (self.claim[:-1] == self.claim[1:])
                              & ~self.first_at_place[1:])
        self.merged = same_as_before & (self.n_claims == 1)
        # the change whose interval(s) each change belongs to: itself, or the last opening one
        idx = np.arange(count)
        self.opened_by = np.maximum.accumulate(np.where(self.merged, -1, idx))
        # the next opening change at the same place closes the interval(s) a change opened
        opening = np.flatnonzero(~self.merged)
        self.closed_by = np.full(count, -1, dtype=np.int64)
        same_place = self.place[opening[1:]] == self.place[opening[:-1]]
        self.closed_by[opening[:-1][same_place]] = opening[1:][same_place]


def _contest_ranks(r: _Reports, ch: _Changes) -> pd.DataFrame:
    """Rule 3 for contested changes: one row per (change, contender) with its rank,
    best first: latest claim, most sources, then name."""
    rows = np.flatnonzero(ch.contested[ch.of_report] & (r.to >= 0))
    if not len(rows):
        return pd.DataFrame({"change": [], "actor": [], "rank": []}, dtype=np.int64)
    claims = pd.DataFrame({"change": ch.of_report[rows], "actor": r.to[rows],
                           "first": r.first[rows], "sources": r.sources[rows]})
    per = claims.groupby(["change", "actor"], sort=False).agg(latest=("first", "max"),
                                                             sources=("sources", "sum")).reset_index()
    per["name"] = r.actors[per["actor"].to_numpy()]
    per = per.sort_values(["change", "latest", "sources", "name"],
                          ascending=[True, False, False, True], kind="stable")
    per["rank"] = per.groupby("change").cumcount()
    return per[["change", "actor", "rank"]].reset_index(drop=True)


def _implied_losers(r: _Reports, ch: _Changes) -> pd.DataFrame:
    """Rule 5: for the first change at a place, the actor most of its reports name as
    the loser (ties: alphabetical), unless it is also claimed in that change."""
    rows = np.flatnonzero(ch.first_at_place[ch.of_report] & (r.frm >= 0))
    if not len(rows):
        return pd.DataFrame({"change": [], "actor": []}, dtype=np.int64)
    named = pd.DataFrame({"change": ch.of_report[rows], "actor": r.frm[rows]})
    per = named.groupby(["change", "actor"], sort=False).size().rename("n").reset_index()
    per["name"] = r.actors[per["actor"].to_numpy()]
    per = per.sort_values(["change", "n", "name"], ascending=[True, False, True], kind="stable")
    per = per.drop_duplicates("change")
    claimed = np.isin(per["change"].to_numpy() * ch.n_actors + per["actor"].to_numpy(), ch.claim_pairs)
    return per.loc[~claimed, ["change", "actor"]].reset_index(drop=True)


def _iso_days(ordinals: np.ndarray) -> np.ndarray:
    """Day ordinals (-1: none) -> ISO date strings or None, as an object array.

    Formats each distinct day once: intervals share few days compared with their number.
    """
    days, where = np.unique(ordinals, return_inverse=True)
    text = (_EPOCH + (np.maximum(days, 1) - 1).astype("timedelta64[D]")).astype(str).astype(object)
    text[days < 0] = None
    return text[where]


def _members(r: _Reports, ch: _Changes, plain: np.ndarray, ranks: pd.DataFrame, losers: pd.DataFrame,
             iv_implied: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which reports each interval stands on, as (report, interval) pairs, and per interval
    the report an implied one stands for (-1 for the others). Intervals are numbered as
    `_build_intervals` numbers them: plain changes, then contenders, then implied holders."""
    contested_change = ranks["change"].to_numpy(dtype=np.int64)
    implied_change = losers["change"].to_numpy(dtype=np.int64)
    n_iv = len(iv_implied)
    by_plain = np.full(ch.size, -1, dtype=np.int64)
    by_plain[plain] = np.arange(len(plain))
    rep_change = ch.opened_by[ch.of_report]                  # merged reports join the interval
    member_rep = [np.flatnonzero(by_plain[rep_change] >= 0)]
    member_iv = [by_plain[rep_change][member_rep[0]]]
    if len(contested_change):  # a contender's interval: its own claims in that change
        pair_iv = pd.Series(len(plain) + np.arange(len(contested_change)),
                            index=contested_change * ch.n_actors + ranks["actor"].to_numpy(dtype=np.int64))
        rows = np.flatnonzero(ch.contested[ch.of_report] & (r.to >= 0))
        member_rep.append(rows)
        member_iv.append(pair_iv.loc[ch.of_report[rows] * ch.n_actors + r.to[rows]].to_numpy())
    if len(implied_change):    # an implied holder: the reports naming it as the loser
        pair_iv = pd.Series(len(plain) + len(contested_change) + np.arange(len(implied_change)),
                            index=implied_change * ch.n_actors + losers["actor"].to_numpy(dtype=np.int64))
        rows = np.flatnonzero(ch.first_at_place[ch.of_report] & (r.frm >= 0))
        key = ch.of_report[rows] * ch.n_actors + r.frm[rows]
        hit = np.isin(key, pair_iv.index.to_numpy())
        member_rep.append(rows[hit])
        member_iv.append(pair_iv.loc[key[hit]].to_numpy())
    rep = np.concatenate(member_rep)
    ivs = np.concatenate(member_iv)

    # an implied interval stands for the loss that implies it (the first in change order)
    implied_first = np.full(n_iv, -1, dtype=np.int64)
    if len(implied_change):
        sel = iv_implied[ivs]
        implied_first_rep = pd.Series(rep[sel]).groupby(ivs[sel]).min()
        implied_first[implied_first_rep.index.to_numpy()] = implied_first_rep.to_numpy()

    return rep, ivs, implied_first


def _build_intervals(r: _Reports, ch: _Changes) -> gpd.GeoDataFrame:
    """Rules 3-5 on the changes: one row per interval, in place order, then in the
    order the intervals open (an implied one first, contenders by rank)."""
    ranks = _contest_ranks(r, ch)
    losers = _implied_losers(r, ch)
    plain = np.flatnonzero(~ch.merged & ~ch.contested)
    contested_change = ranks["change"].to_numpy(dtype=np.int64)
    implied_change = losers["change"].to_numpy(dtype=np.int64)
    # every interval: the change that opened it, its actor, its rank, implied or not
    iv_change = np.concatenate([plain, contested_change, implied_change])
    iv_actor = np.concatenate([np.where(ch.n_claims[plain] == 1, ch.claim[plain], -1),
                               ranks["actor"].to_numpy(dtype=np.int64),
                               losers["actor"].to_numpy(dtype=np.int64)])
    iv_rank = np.concatenate([np.zeros(len(plain), dtype=np.int64), ranks["rank"].to_numpy(dtype=np.int64),
                              np.zeros(len(implied_change), dtype=np.int64)])
    iv_implied = np.zeros(len(iv_change), dtype=bool)
    iv_implied[len(plain) + len(contested_change):] = True
    n_iv = len(iv_change)

    rep, ivs, implied_first = _members(r, ch, plain, ranks, losers, iv_implied)

    # each interval's reports, first report first (by first day, then id)
    order = np.lexsort((r.id_rank[rep], r.first[rep], ivs))
    rep, ivs = rep[order], ivs[order]
    bounds = np.searchsorted(ivs, np.arange(n_iv + 1))
    ids = r.ids[rep].tolist()
    evidence = r.evidence[rep].tolist()
    status_code, status_names = r.status_code[rep], r.status_names
    status_bits = np.bitwise_or.reduceat(np.left_shift(1, status_code, dtype=np.int64), bounds[:-1]) \
        if len(rep) else np.zeros(0, dtype=np.int64)
    status_lists = {m: sorted(s for i, s in enumerate(status_names) if m >> i & 1)
                    for m in np.unique(status_bits).tolist()}

    # output order: by the change that opens each interval (places are in first-seen
    # order), implied holder first, then contenders by rank
    out = np.lexsort((iv_rank, ~iv_implied, iv_change))
    lo, hi = bounds[:-1][out].tolist(), bounds[1:][out].tolist()
    implied_out = iv_implied[out]
    place_code = ch.place[iv_change]
    starts = np.where(iv_implied, -1, ch.day[iv_change])
    closer = np.where(iv_implied, iv_change, ch.closed_by[iv_change])
    ends = np.where(closer >= 0, ch.day[np.maximum(closer, 0)], -1)
    actor_names = np.append(np.asarray(r.actors, dtype=object), None)  # index -1: no actor
    actor = actor_names[iv_actor[out]].tolist()
    cols: dict[str, object] = {}
    cols["actor"] = actor
    cols["event_ids"] = [ids[a:b] for a, b in zip(lo, hi)]
    cols["evidence_ids"] = cols["event_ids"]  # the same lists: evidence ids are event ids
    cols["evidence"] = [evidence[a:b] for a, b in zip(lo, hi)]
    cols["statuses"] = [list(status_lists[m]) for m in status_bits[out].tolist()]
    change_ids = r.ids.tolist()
    close_lo = np.where(closer >= 0, ch.start[np.maximum(closer, 0)], 0)[out].tolist()
    close_hi = np.where(closer >= 0, ch.stop[np.maximum(closer, 0)], 0)[out].tolist()
    cols["ended_by"] = [change_ids[a:b] for a, b in zip(close_lo, close_hi)]
    first_rep = np.where(iv_implied, implied_first, rep[bounds[:-1].clip(max=max(len(rep) - 1, 0))])
    cols["change_event_id"] = r.ids[first_rep[out]].tolist()
    contenders = (ranks.assign(name=r.actors[ranks["actor"].to_numpy(dtype=np.int64)])
                  .groupby("change", sort=False)["name"].agg(list).to_dict() if len(ranks) else {})
    contested_out = ch.contested[iv_change[out]] & ~implied_out
    cols["contenders"] = [list(contenders[k]) if c else ([a] if a else [])
                          for k, c, a in zip(iv_change[out].tolist(), contested_out.tolist(), actor)]
    places = [r.places[c] for c in place_code[out].tolist()]
    cols["place_key"] = r.place_keys[place_code[out]].tolist()
    cols["place"] = [p.name for p in places]
    cols["geonameid"] = [p.geonameid for p in places]
    cols["country"] = [p.country for p in places]
    cols["start"] = _iso_days(starts[out]).tolist()
    cols["end"] = _iso_days(ends[out]).tolist()
    cols["implied"] = implied_out
    cols["contested"] = contested_out
    cols["rank"] = iv_rank[out].astype(int)
    # object columns on purpose: None stays None, lists stay lists (pandas 3 would infer str with NaN)
    df = pd.DataFrame({c: (pd.Series(cols[c], dtype=object) if isinstance(cols[c], list) else cols[c])
                       for c in INTERVAL_COLUMNS})
    df["geonameid"] = nullable_int(df["geonameid"])
    xy = np.array([(float(p.lon), float(p.lat)) for p in r.places], dtype=float)
    geom = shapely.points(xy)[place_code[out]]  # one shared Point per place: 60k fewer objects to collect
    return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")


def control_intervals_fast(events, *, tolerance_days: int = 0) -> gpd.GeoDataFrame:
    """`control_intervals`, the same rows, computed on arrays (see the comment above)."""
    reports = _Reports(as_frame(events))
    if not reports.size:
        return empty_gdf(INTERVAL_COLUMNS)
    return _build_intervals(reports, _Changes(reports, tolerance_days))


def _days(values: pd.Series) -> np.ndarray:
    """ISO date strings / None -> datetime64[D] with NaT, vectorised."""
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").to_numpy(dtype="datetime64[D]")


#: Parsed start/end days of the last few interval frames asked about, by identity (each
#: entry keeps its frame, so an id is not reused while cached): the dashboard asks about
#: the same intervals on every slider step, and parsing 64k ISO dates twice was a tenth
#: of control_at's time.
_PARSED_DAYS: OrderedDict = OrderedDict()


def _interval_days(intervals: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Start and end days, place codes (in place_key order) and ranks of `intervals`, kept
    per frame (see `_PARSED_DAYS`): control_at sorts the day's intervals by these numbers
    rather than by the key strings (pandas' sort and groupby were half its 18 ms a step,
    bench/dashboard_speed.py)."""
    hit = _PARSED_DAYS.get(id(intervals))
    if hit is None or hit[0] is not intervals:
        codes = pd.factorize(intervals["place_key"], sort=True)[0]
        hit = (intervals, _days(intervals["start"]), _days(intervals["end"]), codes,
               intervals["rank"].to_numpy(dtype=np.int64))
        _PARSED_DAYS[id(intervals)] = hit
        if len(_PARSED_DAYS) > 8:  # oldest first out (sessions' threads share this)
            _PARSED_DAYS.popitem(last=False)
    return hit[1:]


def _day_rows(intervals: pd.DataFrame, t: np.datetime64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The intervals covering day `t`, by place then rank (positions), whether each row
    is its place's first, and the covering rows' count per place (one per first row)."""
    starts, ends, codes, rank = _interval_days(intervals)
    covering = (np.isnat(starts) | (starts <= t)) & (np.isnat(ends) | (t < ends))
    pos = np.flatnonzero(covering)
    pos = pos[np.lexsort((rank[pos], codes[pos]))]  # stable: ties keep the frame's order
    first = np.ones(len(pos), dtype=bool)
    first[1:] = codes[pos[1:]] != codes[pos[:-1]]
    counts = np.diff(np.append(np.flatnonzero(first), len(pos)))
    return pos, first, counts


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
    given = events_or_intervals
    intervals = given if isinstance(given, pd.DataFrame) and "rank" in given.columns else control_intervals(given)
    day = to_date(date)
    if day is None:
        raise ValueError("control_at needs a date")
    if intervals.empty:
        return empty_gdf(SNAPSHOT_COLUMNS)
    t = np.datetime64(day, "D")
    pos, first, counts = _day_rows(intervals, t)
    sel = pos[first]  # preferred contender first, then one row per place
    snap = intervals.iloc[sel]
    contested = snap["contested"].to_numpy(dtype=bool)
    contenders = snap["contenders"].to_numpy(dtype=object).copy()
    multi = counts > 1
    if multi.any():
        # contenders that are still covering on this day (all of them, normally)
        actors, heads = intervals["actor"].to_numpy(dtype=object)[pos], np.flatnonzero(first)
        contested = contested | multi
        for k in np.flatnonzero(multi).tolist():
            contenders[k] = list(actors[heads[k]:heads[k] + counts[k]])
    since = snap["start"]
    if window_start is not None:
        lo = np.datetime64(to_date(window_start), "D")
        s = _interval_days(intervals)[0][sel]
        changed = ~np.isnat(s) & (s >= lo) & (s <= t)
    else:
        changed = np.zeros(len(snap), dtype=bool)
    obj = lambda s: pd.Series(s.to_numpy(dtype=object), dtype=object)  # noqa: E731
    out = pd.DataFrame({
        "place_key": obj(snap["place_key"]), "place": obj(snap["place"]),
        "geonameid": snap["geonameid"].to_numpy(), "country": obj(snap["country"]),
        "controller": obj(snap["actor"]), "since": obj(since),
        "contested": contested, "contenders": pd.Series(contenders, dtype=object),
        "changed_in_window": changed, "last_event_id": obj(snap["change_event_id"]),
        "implied": snap["implied"].to_numpy(dtype=bool), "event_ids": obj(snap["event_ids"]),
    })
    out["geonameid"] = nullable_int(out["geonameid"])
    return gpd.GeoDataFrame(out, geometry=snap.geometry.to_numpy(), crs=WGS84)
