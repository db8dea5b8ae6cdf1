"""The events frame (timeline.frame): the store's light read (`store.events_frame()`,
from `event_columns`) and its full read (detail columns, by id) are the frame over its
records; filters, spans, bounds, counts and places behave on it as the map needs.

Invented places, actors and sentences throughout; awkward records on purpose: undated
and unreadable dates, a place with no valid point, two records for one GeoNames id,
the same actor on both sides, missing actors and places, repeated ids.
"""
from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace

import pandas as pd
import pytest

from gazetteer.records import Place
from geo.control import control_intervals
from geo.filters import filter_events
from geo.flows import aggregate_flows
from geo.history import at_place
from geo.mapview import place_bounds
from geo.synthetic import synthetic_events
from geo.timewindow import daily_counts, date_span
from timeline.frame import ALL_COLUMNS, BASE_COLUMNS, frame_of_events
from timeline.records import Event
from timeline.store import EVENT_TABLE_COLUMNS, open_store

MILLBROOK = Place(name="Millbrook", lat=33.1, lon=36.2, geonameid=9200001, country="ZZ")
MILLBROOK_ALT = Place(name="Mill Brook", lat=33.1, lon=36.2, geonameid=9200001, country="ZZ", source="user")
STONEY = Place(name="Stoney Ford", lat=33.9, lon=37.0, geonameid=None, country="ZZ")
NOWHERE = Place(name="Offmap", lat=123.0, lon=37.0, geonameid=9200003)


def awkward_events() -> list[Event]:
    def cc(i, day, place, a_from, a_to, status="reported", precision="day", arts=("a1",), end=None):
        return Event(id=i, type="control_change", evidence=f"Sentence {i} about a change.", article_ids=arts,
                     date=day, end=end, precision=precision, place=place, actor_from=a_from, actor_to=a_to,
                     status=status)

    return [
        cc("k1", "2022-02-03", MILLBROOK, "Oak Party", "Elm League"),
        cc("k2", "2022-02", MILLBROOK_ALT, "Oak Party", "Elm League", precision="month", arts=("a1", "a2")),
        cc("k3", "2022-05-09", MILLBROOK, "Elm League", "Ash Union", status="claimed"),
        cc("k4", "2022-05-09", MILLBROOK, None, "Oak Party", status="claimed"),
        cc("k5", "2022-03-01", STONEY, "Ash Union", "Ash Union"),           # same actor both sides
        cc("k6", "2022-03-04", STONEY, "Ash Union", None),                  # loser only
        cc("k7", "2022-04-01", STONEY, None, None),                         # no actor at all
        cc("k8", "2022-04-02", STONEY, "Oak Party", "ELM LEAGUE", status="expected"),
        cc("k9", "2022-04-03", STONEY, "Oak Party", "Elm League", status="denied"),
        cc("k10", None, MILLBROOK, "Ash Union", "Oak Party", precision=None),  # undated
        cc("k11", "not a date", STONEY, "Oak Party", "Elm League"),          # unreadable
        cc("k12", "2022-06-01", NOWHERE, "Oak Party", "Elm League"),         # no valid point
        cc("k13", "2022-06-02", None, "Oak Party", "Elm League"),            # no place
        cc("k14", "2022-01-10", STONEY, "Elm League", "Oak Party", end="2022-01-20"),
        cc("k14", "2022-07-10", STONEY, "Oak Party", "Elm League", arts=("a3",)),  # a repeated id
        cc("k15", "2022", MILLBROOK, "Ash Union", "Elm League", status="historical", precision="year"),
        Event(id="f1", type="displacement", evidence="Families left Millbrook for Stoney Ford.",
              article_ids=("a2",), date="2022-05-10", precision="day", origin=MILLBROOK,
              destination=STONEY, magnitude=300, group="families"),
        Event(id="f2", type="displacement", evidence="Farmers fled Stoney Ford.", article_ids=("a3", "a4"),
              date="2022-05-12", precision="day", origin=STONEY, magnitude=None, group="farmers"),
        Event(id="f3", type="displacement", evidence="People arrived, date unknown.", article_ids=("a4",),
              destination=MILLBROOK),
    ]


FILTERS = [
    ({}, None),
    ({"start": "2022-02-10", "end": "2022-05-09"}, ["k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k15"]),
    ({"start": "2022-05"}, ["k3", "k4", "k12", "k13", "k14", "k15", "f1", "f2"]),
    ({"end": "2022"}, None),
    ({"types": ["displacement"]}, ["f1", "f2", "f3"]),
    ({"types": "control_change", "statuses": "claimed,historical"}, ["k3", "k4", "k15"]),
    ({"actors": ["elm league"]}, ["k1", "k2", "k3", "k8", "k9", "k11", "k12", "k13", "k14", "k14", "k15"]),
    ({"actors": "Ash Union", "start": "2022-03-02"}, ["k3", "k6", "k15"]),   # k5 (1 March) ends before
    ({"min_sources": 2}, ["k2", "f2"]),
]


@pytest.mark.parametrize("kw,expected", FILTERS)
def test_filters_are_masks_over_the_frame(kw, expected):
    frame = frame_of_events(awkward_events())
    kept = filter_events(frame, **kw)
    dated = [e.id for e in awkward_events() if e.id not in ("k10", "k11", "f3")]
    everything = [e.id for e in awkward_events()]
    assert kept["event_id"].tolist() == (expected if expected is not None else
                                         (dated if kw else everything))
    assert kept.index.isin(frame.index).all() and list(kept.columns) == list(frame.columns)


def test_span_bounds_and_counts_of_the_frame():
    frame = frame_of_events(awkward_events())
    assert date_span(frame) == (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))   # k15: all of 2022
    assert place_bounds(frame) == ((33.1, 36.2), (33.9, 37.0))    # Offmap has no valid point
    daily = daily_counts(frame)
    assert list(daily.columns) == ["day", "kind", "events"]
    assert daily["events"].sum() == len(frame) - 3               # the undated, unreadable and f3 left out
    feb = daily[daily["day"] == pd.Timestamp("2022-02-01")]
    assert feb[["kind", "events"]].values.tolist() == [["control_change", 1]]   # k2 counts on its first day


def test_control_intervals_pick_the_record_most_reports_name_for_a_place():
    events = awkward_events() + [replace(e, id=e.id + "b", place=MILLBROOK_ALT)
                                 for e in awkward_events() if e.id in ("k1", "k3", "k4", "k15")]
    iv = control_intervals(frame_of_events(events))
    names = set(iv.loc[iv["place_key"] == "gn:9200001", "place"])
    assert names == {"Mill Brook"}                       # five usable reports to four
    iv_plain = control_intervals(awkward_events())
    assert set(iv_plain.loc[iv_plain["place_key"] == "gn:9200001", "place"]) == {"Millbrook"}


def test_control_intervals_leave_out_what_cannot_be_placed_or_dated():
    iv = control_intervals(awkward_events())
    ids = {i for ids in iv["event_ids"] for i in ids}
    assert not ids & {"k7", "k8", "k9", "k10", "k11", "k12", "k13"}
    assert "gn:9200003" not in set(iv["place_key"])
    # the loser-only report closes the holder's interval with an unknown new holder
    stoney = iv[iv["place"] == "Stoney Ford"]
    assert None in stoney["actor"].tolist()


def scenario_store(path, events):
    store = open_store(path)
    store.put_events(events)
    store.refresh_events()
    return store


def test_the_columns_the_store_reads_match_its_records(tmp_path):
    store = scenario_store(tmp_path / "s.db", synthetic_events(600, 40, seed=5) + awkward_events()[:14])
    columns, places = store.event_columns()
    records = store.events()
    assert set(columns) == set(EVENT_TABLE_COLUMNS)
    assert list(columns["id"]) == [e.id for e in records]
    assert list(columns["evidence"]) == [e.evidence for e in records]
    assert list(columns["sources"]) == [e.sources for e in records]
    for name in ("place", "origin", "destination"):
        got = [places[r] if r is not None else None for r in columns[f"{name}_ref"]]
        assert got == [getattr(e, name) for e in records]

    light, full = store.events_frame(), store.events_frame(columns=ALL_COLUMNS)
    plain = frame_of_events(records)
    assert list(light.columns) == [*BASE_COLUMNS, "geometry"]
    pd.testing.assert_frame_equal(pd.DataFrame(light), pd.DataFrame(plain[light.columns]))
    pd.testing.assert_frame_equal(pd.DataFrame(full), pd.DataFrame(plain[full.columns]))
    pd.testing.assert_frame_equal(pd.DataFrame(control_intervals(light)), pd.DataFrame(control_intervals(records)))
    store.close()


def test_the_store_frame_reads_the_detail_of_the_rows_asked_for(tmp_path):
    store = scenario_store(tmp_path / "s.db", synthetic_events(300, 30, seed=9))
    frame = store.events_frame()
    window = filter_events(frame, start="2020-06-01", end="2020-06-30", types=["displacement"])
    assert 0 < len(window) < len(frame)
    got = store.events_frame(columns=ALL_COLUMNS, filters={"ids": window["event_id"].tolist()})
    assert got["event_id"].tolist() == window["event_id"].tolist()
    assert (got["event_type"] == "displacement").all() and got["group"].notna().all()
    assert store.events_frame(filters={"ids": ["no such id"]}).empty
    assert store.events_frame(filters={"types": ["displacement"], "min_sources": 1})["event_id"].tolist() == \
        frame.loc[frame["event_type"] == "displacement", "event_id"].tolist()
    with pytest.raises(ValueError, match="unknown event column"):
        store.events_frame(columns=["event_id", "no such column"])
    # flows of the window from the frame are the flows of the same records
    f_frame = aggregate_flows(got, "2020-06-01", "2020-06-30")
    f_records = aggregate_flows(store.events(), "2020-06-01", "2020-06-30")
    assert f_frame[["origin", "destination", "count", "event_ids"]].values.tolist() == \
        f_records[["origin", "destination", "count", "event_ids"]].values.tolist()
    store.close()


def test_events_at_a_place_are_found_as_place_origin_or_destination():
    frame = frame_of_events(awkward_events())
    at_stoney = at_place(frame, STONEY.key)["event_id"].tolist()
    assert STONEY.key == "ll:33.90,37.00"
    assert {"k5", "k6", "f1", "f2"} <= set(at_stoney) and "k1" not in at_stoney
    assert set(at_place(frame, "gn:9200001")["event_id"]) >= {"k1", "k2", "k3", "f1", "f3"}
    assert len(at_place(frame, "gn:404")) == 0


def test_store_ids_fetch_in_the_order_asked_and_skip_unknown_ones(tmp_path):
    store = scenario_store(tmp_path / "s.db", synthetic_events(2000, 50, seed=2))
    ids = [e.id for e in store.events()][::-1]
    got = store.events_by_id(ids[:1500] + ["missing"] + ids[1500:])   # more than one query's worth
    assert [e.id for e in got] == ids
    store.close()


OLD_EVENTS_TABLE = """CREATE TABLE events (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, date TEXT, "end" TEXT, status TEXT,
    sources INTEGER NOT NULL, data TEXT NOT NULL)"""


def test_a_store_with_the_old_events_table_rebuilds_it_on_open(tmp_path):
    path = tmp_path / "old.db"
    store = scenario_store(path, synthetic_events(200, 20, seed=4))
    expected = [e.id for e in store.events()]
    store.close()
    db = sqlite3.connect(path)   # what a store written before the columns looks like
    db.execute("DROP TABLE events")
    db.execute("DROP TABLE event_places")
    db.execute(OLD_EVENTS_TABLE)
    db.execute("INSERT INTO events VALUES ('stale', 'control_change', NULL, NULL, 'reported', 1, '{}')")
    db.commit()
    db.close()

    store = open_store(path)
    columns, _ = store.event_columns()
    assert list(columns["id"]) == expected                      # rebuilt from the reports
    assert [e.id for e in store.events()] == expected
    store.close()


@pytest.mark.parametrize("fmt", ["geojson", "intervals", "flowmap"])
def test_exports_of_the_store_frame_are_the_exports_of_its_records(tmp_path, fmt):
    from geo.export import export_bytes

    store = scenario_store(tmp_path / "s.db", synthetic_events(400, 25, seed=6) + awkward_events()[:14])
    frame, records = store.events_frame(columns=ALL_COLUMNS), store.events()
    view = filter_events(frame, start="2020-03-01", end="2020-09-30")
    assert export_bytes(frame, fmt) == export_bytes(records, fmt)
    assert export_bytes(view, fmt) == export_bytes(filter_events(records, start="2020-03-01", end="2020-09-30"),
                                                   fmt)
    store.close()
