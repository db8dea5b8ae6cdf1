"""Corroboration: the same event reported by several articles becomes one event with several sources.

Two reports are the same event when they have

* the same type,
* the same places in the same roles (place / origin / destination), a place being
  its GeoNames id or, without one, its point rounded to 0.01 degree (about 1 km),
* compatible dates: the days they cover (`Event.span`, the same days the map's
  filters read) overlap once widened by one day for day-precision dates (a report
  filed the next morning dates the event a day later). So a report dated "2017-07"
  (month precision, however written: "2017-07", or "2017-07-01" to "2017-07")
  covers July and absorbs "2017-07-05", while "2017-07-05" and "2017-07-20" stay
  apart;
* both are denials or neither is ("X denied capturing Y" never merges with
  "X captured Y");
* and, for control changes, they do not name two different new holders ("A took X"
  and "B took X" in the same week are rival claims, kept apart so that the control
  timeline can mark X contested).

Undated reports (and those whose date does not read as ISO 8601) merge only with
undated reports of the same type and places: a report without a date cannot be
shown compatible with a dated one, and merging them would give it a date it does
not have.

Within a group of same type, places and denial, reports are swept in date order
and each joins the current cluster while it overlaps the interval every member
shares; so the work is sorting, O(n log n).

The merged event keeps the fields of its most precise report (then the surest,
then the earliest filed), lists every article (first report first, each once),
and gets an id hashed from its type, places, date and that report's evidence,
so the same reports always give the same id.  A lone report is returned as is.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> town = Place("Manbij", 36.53, 37.95, 166365, "SY")
    >>> a = Event("a", "control_change", "SDF took Manbij.", ("art1",), date="2016-08-12",
    ...           end="2016-08-12", precision="day", place=town, confidence=0.7)
    >>> b = Event("b", "control_change", "Manbij fell in August.", ("art2",), date="2016-08-01",
    ...           end="2016-08-31", precision="month", place=town, confidence=0.6)
    >>> [(e.sources, e.date, e.article_ids) for e in corroborate([a, b])]
    [(2, '2016-08-12', ('art1', 'art2'))]
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from timeline.records import CONTROL_STATUSES, Event

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
_STATUS_STRENGTH = {"reported": 0, "claimed": 1, "historical": 2, "expected": 3, "denied": 4}
#: Slack, in days, around a day-precision date.
DAY_SLACK = 1


def group_key(e: Event) -> tuple:
    """What must be equal for two reports to be one event (dates aside)."""
    return (e.type, e.role_key("place"), e.role_key("origin"), e.role_key("destination"), e.status == "denied")


def _interval(e: Event) -> tuple[date, date] | None:
    """The days `e` covers (`Event.span`), a day wider each side at day precision; None if undated."""
    try:
        span = e.span
    except (TypeError, ValueError):   # unreadable: undated here, as on the map (geo.spans.span_of)
        return None
    if span is None:
        return None
    if span.precision == "day":
        return span.start - timedelta(days=DAY_SLACK), span.end + timedelta(days=DAY_SLACK)
    return span.start, span.end


def _representative(members: list[Event]) -> Event:
    return min(members, key=lambda e: (_PRECISION_RANK.get(e.precision, 4), -e.confidence,
                                       e.report_date or "9999", e.id))


def _merge(members: list[Event]) -> Event:
    if len(members) == 1:
        return members[0]
    rep = _representative(members)
    by_report = sorted(members, key=lambda e: (e.report_date or "9999", e.id))
    article_ids: list[str] = []
    for e in by_report:
        for a in e.article_ids:
            if a not in article_ids:
                article_ids.append(a)
    # Independent reports raise confidence: 1 - prod(1 - c) over articles, capped.
    miss = 1.0
    seen = set()
    for e in sorted(members, key=lambda e: -e.confidence):
        if e.article_ids and e.article_ids[0] in seen:
            continue
        seen.update(e.article_ids)
        miss *= 1.0 - e.confidence
    confidence = round(min(0.99, max(rep.confidence, 1.0 - miss)), 2)
    status = min((e.status for e in members), key=lambda s: _STATUS_STRENGTH.get(s, 9)) \
        if rep.status in ("claimed", "expected") else rep.status
    fill = {}
    for field in ("actor_from", "actor_to", "group", "magnitude", "magnitude_text"):
        if getattr(rep, field) is None:
            fill[field] = next((getattr(e, field) for e in by_report if getattr(e, field) is not None), None)
    key = "|".join([rep.type, *group_key(rep)[1:4], rep.date or "", rep.end or "", rep.evidence])
    merged_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return replace(rep, id=merged_id, article_ids=tuple(article_ids), confidence=confidence,
                   status=status, corrections=tuple(dict.fromkeys(c for e in by_report for c in e.corrections)),
                   **fill)


def _by_claimant(cluster: list[Event]) -> list[list[Event]]:
    """Split a cluster whose control-change reports name different new holders.

    "A took X" and "B took X" in the same days are two claims, not one event: kept
    apart, they reach the control timeline, which marks the place contested. Reports
    that name no new holder, and expectations (which claim nothing yet), join the
    claim most reports make.
    """
    claims: dict[str, list[Event]] = defaultdict(list)
    for e in cluster:
        if e.type == "control_change" and e.actor_to and e.status in CONTROL_STATUSES:
            claims[e.actor_to].append(e)
    if len(claims) < 2:
        return [cluster]
    groups = sorted(claims.values(), key=lambda g: (-len(g), min(e.id for e in g)))
    claimed = {id(e) for g in groups for e in g}
    groups[0] = groups[0] + [e for e in cluster if id(e) not in claimed]
    return groups


def merge_cluster(cluster: list[Event]) -> list[Event]:
    """The events a cluster of overlapping reports (same group, shared days) gives: one per
    claimant (`_by_claimant`), each merged (`_merge`).  Two claimants told in one sentence on
    one day ("the coalition retook X on Wednesday, months after losing it to the Houthis",
    reposted) would share the merged id: the second takes one derived from its holder."""
    out, seen = [], set()
    for e in (_merge(c) for c in _by_claimant(cluster)):
        if e.id in seen:
            e = replace(e, id=hashlib.sha256(f"{e.id}|{e.actor_to}|{e.status}".encode()).hexdigest()[:16])
        seen.add(e.id)
        out.append(e)
    return out


def corroborate(reports: list[Event]) -> list[Event]:
    """Merge reports of the same event (see the module docstring); the output is sorted by date, then id."""
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for e in reports:
        groups[group_key(e)].append(e)
    out: list[Event] = []
    for members in groups.values():
        undated = [e for e in members if _interval(e) is None]
        if undated:
            out.extend(merge_cluster(undated))
        dated = sorted(((iv, e) for e in members if (iv := _interval(e)) is not None),
                       key=lambda x: (x[0][0], x[0][1], x[1].id))
        cluster: list[Event] = []
        shared: tuple[date, date] | None = None
        for (lo, hi), e in dated:
            if shared is not None and lo <= shared[1] and shared[0] <= hi:
                cluster.append(e)
                shared = (max(shared[0], lo), min(shared[1], hi))
                continue
            if cluster:
                out.extend(merge_cluster(cluster))
            cluster, shared = [e], (lo, hi)
        if cluster:
            out.extend(merge_cluster(cluster))
    return sorted(out, key=lambda e: (e.date or "9999", e.id))


def report_columns(e: Event) -> tuple[str, int | None, int | None]:
    """What `clusters` reads of a report: its group (the text of `group_key`) and the days
    it covers as `_interval` widens them, as day ordinals (None, None: undated)."""
    iv = _interval(e)
    return repr(group_key(e)), (iv[0].toordinal() if iv else None), (iv[1].toordinal() if iv else None)


def clusters(groups, lo, hi, ids):
    """`corroborate`'s clustering of many reports given as columns (`report_columns` of each,
    and their ids), vectorised: numpy sorts and compares, and only the rows of runs where three
    or more reports overlap pairwise are swept one by one (the shared interval of a run is
    a running minimum that restarts at each new cluster).

    Returns (order, cluster): row numbers in the order `corroborate` lists the reports of each
    cluster (dated: by interval, then id; undated: as given), and the cluster number of each
    row of that order (0, 1, ... non-decreasing). A cluster is then `merge_cluster`'s input.

        >>> order, cluster = clusters(["g", "g", "g", "h"], [10, 11, 20, None], [12, 12, 21, None], ["a", "b", "c", "d"])
        >>> order.tolist(), cluster.tolist()
        ([0, 1, 2, 3], [0, 0, 1, 2])
    """
    import numpy as np
    import pandas as pd

    n = len(ids)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    group = pd.factorize(np.asarray(groups, dtype=object))[0]
    lo_a, hi_a = pd.array(lo, dtype="Int64"), pd.array(hi, dtype="Int64")
    dated = ~np.asarray(lo_a.isna())
    lo_n, hi_n = lo_a.fillna(0).to_numpy(np.int64), hi_a.fillna(0).to_numpy(np.int64)
    id_rank = np.where(dated, pd.factorize(np.asarray(ids, dtype=object), sort=True)[0], 0)
    # np.lexsort: the last key sorts first; the row number keeps equal keys as given
    order = np.lexsort((np.arange(n), id_rank, hi_n, lo_n, ~dated, group))
    g, d, lo_s, hi_s = group[order], dated[order], lo_n[order], hi_n[order]
    start = np.ones(n, dtype=bool)
    # a new group, or a dated report that starts after the one before ends: a new cluster for sure
    start[1:] = (g[1:] != g[:-1]) | (d[1:] != d[:-1]) | (d[1:] & (lo_s[1:] > hi_s[:-1]))
    run = np.cumsum(start)
    long_run = d & (np.bincount(run)[run] >= 3)
    rows = np.flatnonzero(long_run)
    if len(rows):
        starts, los, his = start[rows].tolist(), lo_s[rows].tolist(), hi_s[rows].tolist()
        shared_end = 0
        for j, (lo_j, hi_j) in enumerate(zip(los, his)):   # sorted by start: the shared end is the least end
            if starts[j] or lo_j > shared_end:
                starts[j], shared_end = True, hi_j
            elif hi_j < shared_end:
                shared_end = hi_j
        start[rows] = starts
    return order, np.cumsum(start) - 1


__all__ = ["corroborate", "group_key", "merge_cluster", "clusters", "report_columns", "DAY_SLACK"]
