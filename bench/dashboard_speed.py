"""Dashboard speed on a large synthetic store: first render, slider step, map payload.

    python bench/dashboard_speed.py                 # 100k events over 5k places
    python bench/dashboard_speed.py --events 20000 --places 1000 --steps 5

Builds a real SQLite store of invented events (`geo.synthetic`), then drives app.py
with Streamlit's AppTest (server side only: no browser) and prints:
  first render  the first run of the script in a fresh process (store read, control
                intervals, map layers), target <= 3 s;
  slider step   a rerun after moving the date slider, target <= 0.5 s;
  map payload   bytes of the map component's arguments per rerun (script + layers),
                target <= 2 MB.
Each time is printed as wall time and, beside it, this process's CPU time (AppTest
runs the script in a thread of this process): on a machine shared with other work
the CPU figure says what the dashboard itself spent.
The store is kept (--db) so that a second invocation measures without the build.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.synthetic import synthetic_events
from timeline.store import open_store

TARGETS = {"first render (s)": 3.0, "slider step, median (s)": 0.5, "map payload, max (MB)": 2.0}


def build(db: Path, n_events: int, n_places: int) -> None:
    store = open_store(db)
    if store.counts()["event_reports"] != n_events:
        t = time.perf_counter()
        store.put_events(synthetic_events(n_events, n_places, seed=7))
        print(f"built store: {n_events} events over {n_places} places in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        store.refresh_events()  # what an ingest does at its end: corroborate once
        print(f"corroborated in {time.perf_counter() - t:.1f} s")
    store.close()


def payload_bytes(at) -> int:
    comp = next(e for e in at.main if e.type == "component_instance")
    return len(comp.proto.json_args.encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--places", type=int, default=5_000)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "conflictmap-bench.db")
    args = ap.parse_args()

    build(args.db, args.events, args.places)
    os.environ["CONFLICTMAP_DB"] = str(args.db)
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    # as .streamlit/config.toml sets it for `streamlit run`: Leaflet and the basemap are
    # fetched from /app/static once, not sent with every rerun
    config.set_option("server.enableStaticServing", True)

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    # wall time and this process's CPU time (AppTest runs the script in a thread of this
    # process): on a shared machine the wall figure alone mixes in other programs' load
    t, cpu = time.perf_counter(), time.process_time()
    at.run()
    first, first_cpu = time.perf_counter() - t, time.process_time() - cpu
    if at.exception:
        raise SystemExit(f"app failed: {at.exception}")
    payloads = [payload_bytes(at)]

    # slider steps: one week back each time, as a user scrubbing the timeline
    step_times, step_cpu = [], []
    day = at.slider(key="day").value
    for _ in range(args.steps):
        day -= timedelta(days=7)
        t, cpu = time.perf_counter(), time.process_time()
        at.slider(key="day").set_value(day).run()
        step_times.append(time.perf_counter() - t)
        step_cpu.append(time.process_time() - cpu)
        payloads.append(payload_bytes(at))

    places = next(c.value for c in at.caption if c.value.startswith("Places held"))

    # where a first render goes: the parts outside the dashboard's own code
    from geo.control import control_intervals

    store = open_store(args.db)
    t, cpu = time.perf_counter(), time.process_time()
    events = store.events()
    load, load_cpu = time.perf_counter() - t, time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    control_intervals(events)
    intervals, intervals_cpu = time.perf_counter() - t, time.process_time() - cpu
    store.close()
    figures = {
        "first render (s)": first,
        "slider step, median (s)": statistics.median(step_times),
        "map payload, max (MB)": max(payloads) / 1e6,
    }
    print(json.dumps({"events": args.events, "places": args.places, "steps": args.steps,
                      "first render, CPU (s)": round(first_cpu, 2),
                      "slider step, max (s)": round(max(step_times), 3),
                      "slider step, median CPU (s)": round(statistics.median(step_cpu), 3),
                      "of the first render: store.events() (s)": round(load, 2),
                      "store.events(), CPU (s)": round(load_cpu, 2),
                      "of the first render: control_intervals() (s)": round(intervals, 2),
                      "control_intervals(), CPU (s)": round(intervals_cpu, 2),
                      "last view": places[:120]}, indent=None))
    for name, value in figures.items():
        ok = "ok" if value <= TARGETS[name] else "OVER"
        print(f"{name:28s} {value:8.3f}   target <= {TARGETS[name]}   {ok}")


if __name__ == "__main__":
    main()
