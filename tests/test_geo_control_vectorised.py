"""`control_intervals` states the rules one function each (geo/control.py);
`control_intervals_fast` gives the same rows on arrays, for the dashboard. These tests
hold the array form to the library's rules on 20 random event sets with every
awkward case mixed in (contests, re-reports, losses without a new holder, coarse dates,
bad dates, bad coordinates, one place under two records, duplicate ids), and both forms
to the same hand-made behaviour."""
from __future__ import annotations

import datetime
import functools
import random
from collections import Counter

import numpy as np
import pytest

from gazetteer.records import Place
from geo.control import control_at, control_intervals, control_intervals_fast
from tests.data.geo_builders import HILL_VILLAGE, NORTH_TOWN, RIVER_TOWN, control

BOTH = pytest.mark.parametrize("intervals", [control_intervals, control_intervals_fast],
                               ids=["rules", "arrays"])

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


#: The random sets the two forms are compared on (seeded): enough that every rule is reached
#: many times (`test_the_random_sets_do_reach_every_rule` counts it), few enough to compare in
#: about a second.
RANDOM_SETS = 20


@functools.cache
def random_sets() -> tuple[tuple[list, int], ...]:
    """(events, tolerance_days) of each random set, the same for every test of this file."""
    rng = random.Random(5)
    return tuple((random_events(rng, rng.randrange(0, 60)), rng.choice([0, 0, 4])) for _ in range(RANDOM_SETS))


def test_the_array_form_gives_the_rows_the_rules_give():
    for k, (events, tolerance) in enumerate(random_sets()):
        rules = control_intervals(events, tolerance_days=tolerance)
        arrays = control_intervals_fast(events, tolerance_days=tolerance)
        assert arrays.drop(columns="geometry").to_dict("records") == rules.drop(columns="geometry").to_dict(
            "records"), f"set {k}"
        assert list(arrays.geometry) == list(rules.geometry)


def test_the_random_sets_do_reach_every_rule():
    """The sets compared above exercise every rule, each at least 20 times."""
    seen = Counter()
    for events, tolerance in random_sets():
        ivs = control_intervals(events, tolerance_days=tolerance)
        if len(ivs):
            seen["contested"] += int(ivs["contested"].sum())
            seen["implied"] += int(ivs["implied"].sum())
            seen["re-reported"] += int((ivs["event_ids"].map(len) > 1).sum())
            seen["no holder"] += int(ivs["actor"].isna().sum())
    assert len(seen) == 4 and min(seen.values()) >= 20, seen


# -- hand-made cases ------------------------------------------------------------------

@BOTH
def test_tolerance_days_joins_nearby_reports_into_one_contest(intervals):
    events = [control("a", NORTH_TOWN, "2016-06-01", to="Rebel Front"),
              control("b", NORTH_TOWN, "2016-06-04", to="Third Party")]
    assert not intervals(events)["contested"].any()
    joined = intervals(events, tolerance_days=3)
    assert sorted(joined["actor"]) == ["Rebel Front", "Third Party"]
    assert joined["contested"].all() and set(joined["start"]) == {"2016-06-01"}


@BOTH
def test_rows_come_place_by_place_in_order_of_first_report_then_in_time(intervals):
    events = [control("r2", RIVER_TOWN, "2016-05-01", frm="Hill Army", to="Rebel Front"),
              control("n1", NORTH_TOWN, "2016-01-01", to="Hill Army"),
              control("r1", RIVER_TOWN, "2016-02-01", to="Hill Army")]
    ivs = intervals(events)
    assert list(zip(ivs["place"], ivs["start"])) == [
        ("Rivertown", "2016-02-01"), ("Rivertown", "2016-05-01"), ("Northtown", "2016-01-01")]
    assert list(ivs["ended_by"]) == [["r2"], [], []]


@BOTH
def test_one_place_under_two_records_takes_the_record_most_reports_use(intervals):
    events = [control("a", TOWN_B_OTHER_NAME, "2016-01-01", to="Hill Army"),
              control("b", TOWN_B, "2016-02-01", frm="Hill Army", to="Rebel Front"),
              control("c", TOWN_B, "2016-03-01", frm="Rebel Front", to="Hill Army")]
    ivs = intervals(events)
    assert set(ivs["place"]) == {"Town B"} and set(ivs["place_key"]) == {"gn:9000020"}
    assert len(ivs) == 3


@BOTH
def test_a_place_off_the_map_costs_its_events_only(intervals):
    events = [control("x", OFF_THE_MAP, "2016-01-01", to="Hill Army"),
              control("y", RIVER_TOWN, "2016-01-01", to="Hill Army")]
    assert list(intervals(events)["change_event_id"]) == ["y"]


@BOTH
def test_events_given_as_a_generator_are_read_once(intervals):
    events = (control(f"g{i}", NORTH_TOWN, f"2016-0{i}-01", to=("Hill Army", "Rebel Front")[i % 2])
              for i in range(1, 6))
    ivs = intervals(events)
    assert list(ivs["actor"]) == ["Rebel Front", "Hill Army", "Rebel Front", "Hill Army", "Rebel Front"]
    assert control_at(ivs, "2016-03-15").loc[0, "controller"] == "Rebel Front"


@BOTH
def test_column_types_for_the_map_and_the_exports(intervals):
    events = [control("a", NORTH_TOWN, "2016-01-01", frm="Rebel Front", to="Hill Army"),
              control("b", HILL_VILLAGE, "2016-01-01", to="Hill Army")]
    ivs = intervals(events)
    assert str(ivs["geonameid"].dtype) == "Int64" and ivs["geonameid"].isna().sum() == 1
    assert ivs["implied"].dtype == bool and ivs["contested"].dtype == bool
    assert np.issubdtype(ivs["rank"].dtype, np.integer)
    assert all(isinstance(v, list) for v in ivs["event_ids"]) and ivs.crs.to_epsg() == 4326
    assert ivs.loc[0, "start"] is None  # implied: since an unknown date, never made up
