"""Control timeline from hand-written events: capture, recapture, a contested week,
events that must not count, implied earlier holders, snapshots at a date."""
from __future__ import annotations

import pandas as pd

from geo.control import control_at, control_intervals
from tests.data.geo_builders import HILL_VILLAGE, NORTH_TOWN, RIVER_TOWN, control


def _intervals(events, place_key):
    ivs = control_intervals(events)
    ivs = ivs[ivs["place_key"] == place_key]
    return [tuple(r) for r in ivs[["actor", "start", "end"]].itertuples(index=False)]


def _controller(events_or_intervals, day, key="gn:9000001"):
    snap = control_at(events_or_intervals, day)
    row = snap[snap["place_key"] == key]
    assert len(row) == 1, f"expected one row for {key} on {day}, got {len(row)}"
    return row.iloc[0]


def test_capture_then_recapture_gives_consecutive_intervals():
    events = [
        control("cap", NORTH_TOWN, "2016-03-10", frm="Rebel Front", to="Hill Army"),
        control("recap", NORTH_TOWN, "2016-09-02", frm="Hill Army", to="Rebel Front"),
    ]
    assert _intervals(events, "gn:9000001") == [
        ("Rebel Front", None, "2016-03-10"),          # implied by the first loss
        ("Hill Army", "2016-03-10", "2016-09-02"),
        ("Rebel Front", "2016-09-02", None),
    ]
    assert _controller(events, "2016-01-01")["controller"] == "Rebel Front"
    assert _controller(events, "2016-01-01")["since"] is None
    assert _controller(events, "2016-03-10")["controller"] == "Hill Army"
    assert _controller(events, "2016-09-01")["controller"] == "Hill Army"
    row = _controller(events, "2017-01-01")
    assert (row["controller"], row["since"], row["last_event_id"]) == ("Rebel Front", "2016-09-02", "recap")
    assert not row["contested"]


def test_expected_denied_and_undated_events_do_not_change_control():
    events = [
        control("cap", NORTH_TOWN, "2016-03-10", to="Hill Army"),
        control("soon", NORTH_TOWN, "2016-04-01", frm="Hill Army", to="Rebel Front", status="expected"),
        control("nope", NORTH_TOWN, "2016-05-01", frm="Hill Army", to="Rebel Front", status="denied"),
        control("when", NORTH_TOWN, None, frm="Hill Army", to="Third Party"),
    ]
    assert _intervals(events, "gn:9000001") == [("Hill Army", "2016-03-10", None)]
    row = _controller(events, "2016-12-31")
    assert row["controller"] == "Hill Army"
    assert row["event_ids"] == ["cap"]


def test_historical_event_counts_at_its_own_date():
    events = [
        control("old", RIVER_TOWN, "2014", precision="year", to="Hill Army", status="historical"),
        control("new", RIVER_TOWN, "2017-10-14", frm="Hill Army", to="Rebel Front"),
    ]
    assert _intervals(events, "gn:9000002") == [
        ("Hill Army", "2014-01-01", "2017-10-14"), ("Rebel Front", "2017-10-14", None)]
    assert _controller(events, "2015-06-01", "gn:9000002")["controller"] == "Hill Army"
    assert control_at(events, "2013-12-31").empty  # nothing known before 2014


def test_two_actors_claiming_a_town_in_the_same_week_is_contested():
    events = [
        control("c0", NORTH_TOWN, "2016-01-05", to="Hill Army"),
        # "this week": the whole week 2016-06-06..12
        control("wk", NORTH_TOWN, "2016-06-06", precision="week", frm="Hill Army", to="Rebel Front"),
        control("dy", NORTH_TOWN, "2016-06-09", frm="Hill Army", to="Third Party",
                articles=("art-2", "art-3")),
    ]
    ivs = control_intervals(events)
    contested = ivs[ivs["contested"]]
    assert sorted(contested["actor"]) == ["Rebel Front", "Third Party"]
    assert set(contested["start"]) == {"2016-06-06"}
    row = _controller(ivs, "2016-07-01")
    assert row["contested"]
    assert sorted(row["contenders"]) == ["Rebel Front", "Third Party"]
    assert row["controller"] == "Third Party"       # the latest claim is preferred
    before = _controller(ivs, "2016-06-05")
    assert (before["controller"], before["contested"]) == ("Hill Army", False)


def test_claims_a_week_apart_at_day_precision_are_a_sequence_not_a_contest():
    events = [
        control("a", NORTH_TOWN, "2016-06-01", to="Rebel Front"),
        control("b", NORTH_TOWN, "2016-06-08", frm="Rebel Front", to="Third Party"),
    ]
    assert not control_intervals(events)["contested"].any()
    assert _controller(events, "2016-06-08")["controller"] == "Third Party"


def test_a_later_unambiguous_change_ends_the_contest():
    events = [
        control("wk", NORTH_TOWN, "2016-06-06", precision="week", to="Rebel Front"),
        control("dy", NORTH_TOWN, "2016-06-09", to="Third Party"),
        control("end", NORTH_TOWN, "2016-08-01", to="Hill Army"),
    ]
    row = _controller(events, "2016-08-15")
    assert (row["controller"], row["contested"], row["since"]) == ("Hill Army", False, "2016-08-01")


def test_same_holder_reported_again_adds_evidence_not_a_new_interval():
    events = [
        control("first", NORTH_TOWN, "2015", precision="year", to="Hill Army", status="historical"),
        control("again", NORTH_TOWN, "2016-02-01", to="Hill Army"),
    ]
    ivs = control_intervals(events)
    assert len(ivs) == 1
    assert ivs.iloc[0]["event_ids"] == ["first", "again"]
    assert ivs.iloc[0]["start"] == "2015-01-01"


def test_loss_without_new_holder_leaves_controller_unknown():
    events = [control("free", NORTH_TOWN, "2016-05-01", frm="Hill Army")]
    assert _intervals(events, "gn:9000001") == [("Hill Army", None, "2016-05-01"), (None, "2016-05-01", None)]
    assert _controller(events, "2016-06-01")["controller"] is None


def test_month_precision_change_dates_from_the_first_of_the_month():
    events = [control("m", NORTH_TOWN, "2017-07", precision="month", frm="Hill Army", to="Rebel Front",
                      status="historical")]
    assert _controller(events, "2017-06-30")["controller"] == "Hill Army"
    assert _controller(events, "2017-07-01")["controller"] == "Rebel Front"


def test_changed_in_window_and_places_without_geonameid():
    events = [
        control("a", NORTH_TOWN, "2016-01-01", to="Hill Army"),
        control("b", HILL_VILLAGE, "2016-05-20", to="Rebel Front"),
    ]
    snap = control_at(events, "2016-06-01", window_start="2016-05-01").set_index("place")
    assert bool(snap.loc["Hill Village", "changed_in_window"]) is True
    assert bool(snap.loc["Northtown", "changed_in_window"]) is False
    assert pd.isna(snap.loc["Hill Village", "geonameid"])
    assert snap.loc["Northtown", "geonameid"] == 9000001
    assert round(snap.loc["Hill Village", "geometry"].x, 2) == 37.2
    assert round(snap.loc["Northtown", "geometry"].y, 2) == 36.5


def test_snapshot_from_events_equals_snapshot_from_intervals():
    events = [
        control("cap", NORTH_TOWN, "2016-03-10", frm="Rebel Front", to="Hill Army"),
        control("r", RIVER_TOWN, "2016-04-10", to="Rebel Front"),
    ]
    a = control_at(events, "2016-05-01")
    b = control_at(control_intervals(events), "2016-05-01")
    assert a.drop(columns="geometry").to_dict("records") == b.drop(columns="geometry").to_dict("records")
    assert len(a) == 2


def test_unreadable_date_or_missing_place_costs_one_event_only():
    events = [
        control("bad", NORTH_TOWN, "14th of Octember", to="Hill Army"),
        control("noplace", None, "2016-01-01", to="Hill Army"),
        control("good", RIVER_TOWN, "2016-01-01", to="Rebel Front"),
    ]
    ivs = control_intervals(events)
    assert list(ivs["change_event_id"]) == ["good"]
