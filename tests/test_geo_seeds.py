"""Acceptance on the sample corpus: the real ingest into a real SQLite file, then snapshots.

Tests may name seed places; the library code never does. The Mosul checks use
article 003 alone: "retook X from ISIS in July" must imply ISIS held X before July
(geo.control rule 5) and the new holder from July on.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from geo.control import control_at, control_intervals
from timeline.ingest import ingest_paths
from timeline.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


#: GeoNames points of the places checked; a snapshot row matches within 25 km
#: (the gazetteer may spell a name differently: "Al Mayadin", "Mayadeen").
MAYADEEN = (35.020, 40.452)
MOSUL = (36.335, 43.119)


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _controller(events, day: str, point: tuple[float, float]) -> str | None:
    snap = control_at(events, day)
    dist = [_km(*point, g.y, g.x) for g in snap.geometry]
    near = [(d, i) for i, d in enumerate(dist) if d <= 25]
    assert near, f"nothing within 25 km of {point} on {day}: {snap[['place', 'controller']].values.tolist()}"
    return snap.iloc[min(near)[1]]["controller"]


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("seeds") / "seeds.db")
    summary = ingest_paths([SEEDS], store)
    assert summary.read == 5 and not summary.skipped
    events = store.events()
    store.close()
    return events


@pytest.fixture(scope="module")
def article_003_events(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("seed003") / "one.db")
    ingest_paths(sorted(SEEDS.glob("003_*.txt")), store)
    events = store.events()
    store.close()
    return events


def test_mayadeen_held_by_the_syrian_government_on_2017_10_15(seed_events):
    assert _controller(seed_events, "2017-10-15", MAYADEEN) == "Syrian government"


def test_mosul_before_and_after_its_recapture_from_article_003_alone(article_003_events):
    assert _controller(article_003_events, "2017-01-01", MOSUL) == "ISIS"
    assert _controller(article_003_events, "2017-08-01", MOSUL) == "Iraqi government"


def test_seed_intervals_never_start_from_undated_or_expected_events(seed_events):
    ivs = control_intervals(seed_events)
    by_id = {e.id: e for e in seed_events}
    used = {i for ids in ivs["event_ids"] for i in ids}
    assert used, "no control interval built from the seeds"
    for event_id in used:
        ev = by_id[event_id]
        assert ev.date is not None and ev.status not in ("expected", "denied")
