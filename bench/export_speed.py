"""Export speed: 100k synthetic events to GeoJSON, and control_at over 10k places.

Targets (issue 6): GeoJSON export of 100k events <= 5 s on one core; control_at
over 10k places <= 0.2 s. The process pins itself to one CPU to measure "one core".

    $ python bench/export_speed.py              # prints the figures
    $ python bench/export_speed.py --events 20000 --places 2000
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gazetteer.records import Place  # noqa: E402
from geo.control import control_at, control_intervals  # noqa: E402
from geo.export import to_geojson  # noqa: E402
from geo.frames import events_to_gdf  # noqa: E402
from timeline.records import Event  # noqa: E402

ACTORS = [f"Actor {i}" for i in range(8)]
STATUSES = ["reported", "reported", "claimed", "historical", "expected", "denied"]
PRECISIONS = ["day", "day", "day", "week", "month", "year"]


def synthetic_places(n: int, rng: random.Random) -> list[Place]:
    return [Place(name=f"Place {i}", lat=rng.uniform(-60, 70), lon=rng.uniform(-179, 179),
                  geonameid=10_000_000 + i, country="XX",
                  feature_code=rng.choice(["PPL", "PPL", "PPLA", "ADM1", "PCLI"]))
            for i in range(n)]


def synthetic_events(n: int, places: list[Place], rng: random.Random) -> list[Event]:
    """About 60% control changes spread over `places`, 40% displacements (some with one end)."""
    day0 = datetime.date(2014, 1, 1)
    events = []
    for i in range(n):
        d = day0 + datetime.timedelta(days=rng.randrange(0, 1500))
        prec = rng.choice(PRECISIONS)
        date = d.isoformat() if prec in ("day", "week") else (
            d.isoformat()[:7] if prec == "month" else str(d.year))
        common = dict(id=f"ev{i:07d}", evidence=f"Synthetic sentence number {i} with \"quotes\" & <tags>.",
                      article_ids=(f"art{i % 5000}",), date=date if rng.random() > 0.05 else None,
                      precision=prec, status=rng.choice(STATUSES), report_date=d.isoformat())
        if not common["date"]:
            common["precision"] = None
        if rng.random() < 0.6:
            a, b = rng.sample(ACTORS, 2)
            events.append(Event(type="control_change", place=rng.choice(places),
                                actor_from=a if rng.random() < 0.7 else None, actor_to=b, **common))
        else:
            o, dst = rng.choice(places), rng.choice(places)
            r = rng.random()
            events.append(Event(type="displacement", origin=o if r > 0.1 else None,
                                destination=dst if r < 0.8 else None, group="civilians",
                                magnitude=rng.choice([None, 50, 400, 1200]),
                                magnitude_text="some people", **common))
    return events


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--places", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--all-cores", action="store_true", help="do not pin the process to one CPU")
    args = ap.parse_args(argv)
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rng = random.Random(args.seed)
    places = synthetic_places(args.places, rng)
    events = synthetic_events(args.events, places, rng)

    # wall time, and CPU time: on a shared machine the CPU time is what one core spent
    c0, t0 = time.process_time(), time.perf_counter()
    gdf = events_to_gdf(events)
    t1 = time.perf_counter()
    text = to_geojson(gdf)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "events.geojson").write_text(text, encoding="utf-8")
    t3, c3 = time.perf_counter(), time.process_time()
    print(f"geojson export of {len(events):,} events ({len(gdf):,} features, {len(text) / 1e6:.1f} MB): "
          f"{t3 - t0:.2f} s wall, {c3 - c0:.2f} s CPU  [events_to_gdf {t1 - t0:.2f} s, "
          f"to_geojson {t2 - t1:.2f} s, write {t3 - t2:.2f} s]  target <= 5 s")

    # control: one change per place per ~year, 10k places
    ctl = [e for e in events if e.type == "control_change"]
    c0, t0 = time.process_time(), time.perf_counter()
    ivs = control_intervals(ctl)
    t1, c1 = time.perf_counter(), time.process_time()
    n_places = ivs["place_key"].nunique()
    times, cpu = [], []
    for day in ("2015-01-01", "2016-03-15", "2017-06-30", "2018-02-01", "2019-01-01"):
        c, s = time.process_time(), time.perf_counter()
        snap = control_at(ivs, day, window_start="2014-06-01")
        times.append(time.perf_counter() - s)
        cpu.append(time.process_time() - c)
    print(f"control_intervals over {len(ctl):,} control changes, {n_places:,} places "
          f"-> {len(ivs):,} intervals: {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU")
    print(f"control_at over {n_places:,} places ({len(snap):,} rows on the last date): "
          f"median {statistics.median(times) * 1000:.0f} ms wall ({statistics.median(cpu) * 1000:.0f} ms CPU), "
          f"max {max(times) * 1000:.0f} ms  target <= 200 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
