"""`control_intervals` works on arrays for speed; these tests hold it to the rules as a
plain per-place loop states them (`reference_intervals` below, written for reading,
not speed), on hand-made cases and on many random event sets with every awkward
case mixed in: contests, re-reports, losses without a new holder, coarse dates,
bad dates, bad coordinates, one place under two records, duplicate ids."""
from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from gazetteer.records import Place
from geo.control import CONTROL_STATUSES, control_at, control_intervals
from geo.places import has_valid_point, place_key
from geo.spans import span_of
from tests.data.geo_builders import HILL_VILLAGE, NORTH_TOWN, RIVER_TOWN, control

COMPARED = ["place_key", "place", "geonameid", "country", "actor", "start", "end", "event_ids",
            "evidence_ids", "ended_by", "change_event_id", "evidence", "statuses", "implied",
            "contested", "contenders", "rank"]


# -- the oracle: the module docstring's rules, one place and one change at a time -----

def reference_intervals(events, tolerance_days=0) -> list[dict]:
    by_place = defaultdict(list)
    for ev in events:
        if ev.type != "control_change" or ev.status not in CONTROL_STATUSES or ev.place is None:
            continue
        if not (ev.actor_to or ev.actor_from):
            continue
        span = span_of(ev)
        if span is None or not has_valid_point(ev.place):
            continue
        by_place[place_key(ev.place)].append((ev, *span))
    rows = []
    for key, reports in by_place.items():
        rows += _reference_place(key, reports, tolerance_days)
    return rows


def _to(ev):
    return ev.actor_to or None


def _lost(ev):
    return ev.actor_from if ev.actor_from and ev.actor_from != ev.actor_to else None


def _reference_place(key, reports, tolerance_days):
    place = Counter(ev.place for ev, _, _ in reports).most_common(1)[0][0]
    reports = sorted(reports, key=lambda r: (r[1], r[2], r[0].id))
    changes, reach = [], None
    for r in reports:  # rule 2
        if changes and r[1] <= reach + datetime.timedelta(days=tolerance_days):
            changes[-1].append(r)
            reach = max(reach, r[2])
        else:
            changes.append([r])
            reach = r[2]
    out, open_now = [], []
    for change in changes:
        claims = defaultdict(list)
        for r in change:
            if _to(r[0]):
                claims[_to(r[0])].append(r)
        if len(claims) >= 2:  # rule 3
            day = min(r[1] for r in change)
        else:
            day = min(change, key=lambda r: (r[2] - r[1], r[1]))[1]
        if (len(claims) == 1 and len(open_now) == 1 and not open_now[0]["contested"]
                and open_now[0]["actor"] == next(iter(claims))):  # rule 4
            open_now[0]["reps"] += change
            continue
        losers = [r for r in change if _lost(r[0])]
        if not open_now and losers:  # rule 5
            named = [_lost(r[0]) for r in losers]
            loser = min(set(named), key=lambda a: (-named.count(a), a))
            if loser not in claims:
                reps = [r for r in losers if _lost(r[0]) == loser]
                out.append({"actor": loser, "start": None, "end": day, "reps": reps,
                            "ended_by": [r[0].id for r in change], "implied": True, "contested": False,
                            "contenders": [loser], "rank": 0, "opened_by": reps[0][0].id})
        for iv in open_now:
            iv["end"], iv["ended_by"] = day, [r[0].id for r in change]
        if len(claims) >= 2:
            def preference(actor, claims=claims):
                return (-max(r[1] for r in claims[actor]).toordinal(),
                        -sum(len(r[0].article_ids) for r in claims[actor]), actor)
            ranked = sorted(claims, key=preference)
            open_now = [{"actor": a, "reps": list(claims[a]), "contested": True, "contenders": list(ranked),
                         "rank": i} for i, a in enumerate(ranked)]
        else:
            actor = next(iter(claims)) if claims else None
            open_now = [{"actor": actor, "reps": list(change), "contested": False,
                         "contenders": [actor] if actor else [], "rank": 0}]
        for iv in open_now:
            iv.update(start=day, end=None, ended_by=[], implied=False,
                      opened_by=min(iv["reps"], key=lambda r: (r[1], r[0].id))[0].id)
        out += open_now
    rows = []
    for iv in out:
        reps = sorted(iv["reps"], key=lambda r: (r[1], r[0].id))
        rows.append({
            "place_key": key, "place": place.name, "geonameid": place.geonameid, "country": place.country,
            "actor": iv["actor"], "start": iv["start"].isoformat() if iv["start"] else None,
            "end": iv["end"].isoformat() if iv["end"] else None,
            "event_ids": [r[0].id for r in reps], "evidence_ids": [r[0].id for r in reps],
            "ended_by": iv["ended_by"], "change_event_id": iv["opened_by"],
            "evidence": [r[0].evidence for r in reps], "statuses": sorted({r[0].status for r in reps}),
            "implied": iv["implied"], "contested": iv["contested"], "contenders": iv["contenders"],
            "rank": iv["rank"], "xy": (float(place.lon), float(place.lat)),
        })
    return rows


def _rows(gdf) -> list[dict]:
    out = []
    for rec, geom in zip(gdf[COMPARED].to_dict("records"), gdf.geometry):
        rec["geonameid"] = None if pd.isna(rec["geonameid"]) else int(rec["geonameid"])
        rec["implied"], rec["contested"], rec["rank"] = bool(rec["implied"]), bool(rec["contested"]), int(rec["rank"])
        rec["xy"] = (geom.x, geom.y)
        out.append(rec)
    return out


# -- random event sets with the awkward cases mixed in --------------------------------

TOWN_B = Place(name="Town B", lat=35.5, lon=39.5, geonameid=9000020, country="SY")
TOWN_B_OTHER_NAME = Place(name="Town B (old name)", lat=35.5, lon=39.5, geonameid=9000020, country="SY",
                          source="curated")
OFF_THE_MAP = Place(name="Nowhere", lat=123.0, lon=10.0, geonameid=9000021)
PLACES = [NORTH_TOWN, RIVER_TOWN, HILL_VILLAGE, TOWN_B, TOWN_B_OTHER_NAME, OFF_THE_MAP, None]
ACTORS = ["Hill Army", "Rebel Front", "Third Party", "River Guard", "", None]


def random_events(rng: random.Random, n: int) -> list:
    events = []
    for _ in range(n):
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(90))
        precision = rng.choice(["day", "day", "day", "week", "month", "year"])
        date = {"day": day.isoformat(), "week": day.isoformat(),
                "month": rng.choice([day.isoformat()[:7], day.replace(day=1).isoformat()]),
                "year": rng.choice(["2016", "2016-01-01"])}[precision]
        date = rng.choice([date] * 10 + [None, "the other week"])
        end = (day + datetime.timedelta(days=rng.randrange(1, 15))).isoformat() if rng.random() < 0.1 else None
        frm, to = rng.choice(ACTORS), rng.choice(ACTORS)
        if rng.random() < 0.05:
            frm = to  # an extractor that wrote the same actor on both sides
        ev = control(f"e{rng.randrange(10 ** 5):05d}" if rng.random() < 0.97 else "same-id",
                     rng.choice(PLACES), date, frm=frm, to=to, precision=precision, end=end,
                     status=rng.choice(["reported", "reported", "claimed", "historical", "expected", "denied"]),
                     articles=tuple(f"art-{j}" for j in range(rng.randrange(1, 4))))
        events.append(ev)
    return events


@pytest.mark.parametrize("seed", range(0, 400, 20))
def test_same_intervals_as_the_rules_read_one_place_at_a_time(seed):
    rng = random.Random(seed)
    for k in range(8):
        events = random_events(rng, rng.randrange(0, 50))
        tolerance = rng.choice([0, 0, 4])
        got = control_intervals(events, tolerance_days=tolerance)
        assert _rows(got) == reference_intervals(events, tolerance), f"seed {seed}, set {k}"


def test_the_random_sets_do_reach_every_rule():
    rng = random.Random(1)
    seen = Counter()
    for _ in range(200):
        ivs = control_intervals(random_events(rng, rng.randrange(0, 50)), tolerance_days=rng.choice([0, 4]))
        if len(ivs):
            seen["contested"] += int(ivs["contested"].sum())
            seen["implied"] += int(ivs["implied"].sum())
            seen["re-reported"] += int((ivs["event_ids"].map(len) > 1).sum())
            seen["no holder"] += int(ivs["actor"].isna().sum())
    assert min(seen.values()) >= 20, seen


# -- hand-made cases ------------------------------------------------------------------

def test_tolerance_days_joins_nearby_reports_into_one_contest():
    events = [control("a", NORTH_TOWN, "2016-06-01", to="Rebel Front"),
              control("b", NORTH_TOWN, "2016-06-04", to="Third Party")]
    assert not control_intervals(events)["contested"].any()
    joined = control_intervals(events, tolerance_days=3)
    assert sorted(joined["actor"]) == ["Rebel Front", "Third Party"]
    assert joined["contested"].all() and set(joined["start"]) == {"2016-06-01"}


def test_rows_come_place_by_place_in_order_of_first_report_then_in_time():
    events = [control("r2", RIVER_TOWN, "2016-05-01", frm="Hill Army", to="Rebel Front"),
              control("n1", NORTH_TOWN, "2016-01-01", to="Hill Army"),
              control("r1", RIVER_TOWN, "2016-02-01", to="Hill Army")]
    ivs = control_intervals(events)
    assert list(zip(ivs["place"], ivs["start"])) == [
        ("Rivertown", "2016-02-01"), ("Rivertown", "2016-05-01"), ("Northtown", "2016-01-01")]
    assert list(ivs["ended_by"]) == [["r2"], [], []]


def test_one_place_under_two_records_takes_the_record_most_reports_use():
    events = [control("a", TOWN_B_OTHER_NAME, "2016-01-01", to="Hill Army"),
              control("b", TOWN_B, "2016-02-01", frm="Hill Army", to="Rebel Front"),
              control("c", TOWN_B, "2016-03-01", frm="Rebel Front", to="Hill Army")]
    ivs = control_intervals(events)
    assert set(ivs["place"]) == {"Town B"} and set(ivs["place_key"]) == {"gn:9000020"}
    assert len(ivs) == 3


def test_a_place_off_the_map_costs_its_events_only():
    events = [control("x", OFF_THE_MAP, "2016-01-01", to="Hill Army"),
              control("y", RIVER_TOWN, "2016-01-01", to="Hill Army")]
    assert list(control_intervals(events)["change_event_id"]) == ["y"]


def test_events_given_as_a_generator_are_read_once():
    events = (control(f"g{i}", NORTH_TOWN, f"2016-0{i}-01", to=("Hill Army", "Rebel Front")[i % 2])
              for i in range(1, 6))
    ivs = control_intervals(events)
    assert list(ivs["actor"]) == ["Rebel Front", "Hill Army", "Rebel Front", "Hill Army", "Rebel Front"]
    assert control_at(ivs, "2016-03-15").loc[0, "controller"] == "Rebel Front"


def test_column_types_for_the_map_and_the_exports():
    events = [control("a", NORTH_TOWN, "2016-01-01", frm="Rebel Front", to="Hill Army"),
              control("b", HILL_VILLAGE, "2016-01-01", to="Hill Army")]
    ivs = control_intervals(events)
    assert str(ivs["geonameid"].dtype) == "Int64" and ivs["geonameid"].isna().sum() == 1
    assert ivs["implied"].dtype == bool and ivs["contested"].dtype == bool
    assert np.issubdtype(ivs["rank"].dtype, np.integer)
    assert all(isinstance(v, list) for v in ivs["event_ids"]) and ivs.crs.to_epsg() == 4326
    assert ivs.loc[0, "start"] is None  # implied: since an unknown date, never made up
