"""The scoring of bench/events_eval.py follows the answer key's matching rules."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from gazetteer.records import Place
from timeline.records import Event

_spec = importlib.util.spec_from_file_location("events_eval", Path(__file__).resolve().parents[1] / "bench" / "events_eval.py")
events_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(events_eval)

TOWN = Place("Town", 36.50, 38.00, 1, "SY")
NEAR = Place("Town (other record)", 36.55, 38.05, 2, "SY")        # ~7 km away
FAR = Place("Elsewhere", 35.00, 40.00, 3, "SY")
COUNTRY = Place("Turkey", 39.0, 35.0, 4, "TR", feature_code="PCLI")
GOLD = [
    {"article": "a.txt", "type": "control_change", "place": {"lat": 36.5, "lon": 38.0, "tol_km": 25},
     "actor_to": "SDF", "date": "2017-07", "precision": "month", "status": ["reported", "expected"]},
    {"article": "a.txt", "type": "displacement", "origin": {"lat": 36.5, "lon": 38.0, "tol_km": 25},
     "destination": {"name": "Turkey", "country": "TR"}, "status": "reported"},
    {"article": "b.txt", "type": "control_change", "place": {"lat": 35.0, "lon": 40.0, "tol_km": 25},
     "status": "historical", "optional": True},
]
NAMES = {"A": "a.txt", "B": "b.txt"}


def ev(eid, type_, art="A", **kw):
    return Event(id=eid, type=type_, evidence="x", article_ids=(art,), **kw)


def test_matching_rules_and_counts():
    events = [
        ev("1", "control_change", place=NEAR, date="2017-07-20", actor_to="SDF", status="reported"),   # match
        ev("2", "displacement", origin=TOWN, destination=COUNTRY, status="claimed"),                   # match
        ev("3", "control_change", place=TOWN, date="2017-08-01"),             # wrong month: false
        ev("4", "control_change", place=FAR, art="B", status="historical"),   # optional: neither way
        ev("5", "displacement", origin=TOWN, destination=FAR),                # wrong destination: false
    ]
    res = events_eval.score(events, NAMES, GOLD)
    assert (res["matched_gold"], res["required_gold"]) == (2, 2)
    assert (res["true"], res["false"]) == (2, 2)
    assert res["precision"] == 0.5 and res["recall"] == 1.0
    assert res["actor_agreement"] == 1.0 and res["status_agreement"] == 0.5


def test_undated_event_does_not_match_a_dated_gold_and_misses_count():
    res = events_eval.score([ev("1", "control_change", place=TOWN)], NAMES, GOLD)
    assert (res["matched_gold"], res["false"]) == (0, 1)
