"""Dashboard speed on a large synthetic store: first render, slider step, map payload.

    python bench/dashboard_speed.py                 # 100k events over 5k places
    python bench/dashboard_speed.py --events 20000 --places 1000 --steps 5

Builds a real SQLite store of invented events (`geo.synthetic`), then drives app.py
with Streamlit's AppTest (server side only: no browser) and prints:
  first render  the first run of the script in a fresh process (store read, control
                intervals, map layers), target <= 3 s;
  slider step   a rerun after moving the date slider, target <= 0.3 s (median);
  map payload   bytes of the map component's arguments per rerun (script + layers),
                target <= 1.5 MB (issue 15: with territory, labels and flow arrows).
Each time is printed as wall time and, beside it, this process's CPU time (AppTest
runs the script in a thread of this process): on a machine shared with other work
the CPU figure says what the dashboard itself spent.
Then the steps of a first render one by one (imports in a fresh process, the store
read, the timeline, control intervals, the map layers) and, for scale, the Streamlit
runtime start that AppTest's first run includes (`streamlit run` does it at server
start, before any page is served); they are not subtracted from the first render.
The store is kept (--db) so that a second invocation measures without the build.

    python bench/dashboard_speed.py --old d728881 --rounds 3   # old and new, alternately

With --old REV the figures of REV and of this tree are measured in turns, each run in a
fresh process on the same store (see bench/alternate.py), each row with the load average.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import alternate, code_root  # noqa: E402 (bench/ is not a package)

REPO = code_root()  # the code measured: this tree, or the one --repo names
sys.path.insert(0, str(REPO))

from geo.synthetic import synthetic_events  # noqa: E402 (after the path is set)
from timeline.store import open_store  # noqa: E402

#: Issue 15's budget, with territory, labels and flow arrows on the map: the payload target
#: went from 1.0 MB (places and flows only) to 1.5 MB.
TARGETS = {"first render (s)": 3.0, "slider step, median (s)": 0.3, "map payload, max (MB)": 1.5}


def build(db: Path, n_events: int, n_places: int) -> None:
    store = open_store(db)
    if store.counts()["event_reports"] != n_events:
        t = time.perf_counter()
        store.put_events(synthetic_events(n_events, n_places, seed=7), rebuild=False)  # timed apart, below
        print(f"built store: {n_events} events over {n_places} places in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        store.refresh_events()  # what an ingest does at its end: corroborate once
        print(f"corroborated in {time.perf_counter() - t:.1f} s")
    store.close()


def payload_bytes(at) -> int:
    comp = next(e for e in at.main if e.type == "component_instance")
    return len(comp.proto.json_args.encode("utf-8"))


def _timed(steps: dict, name: str, fn):
    t, cpu = time.perf_counter(), time.process_time()
    out = fn()
    steps[name] = (time.perf_counter() - t, time.process_time() - cpu)
    return out


IMPORTS = """
import time
import streamlit  # AppTest has it loaded before the script runs
t, cpu = time.perf_counter(), time.process_time()
import streamlit_folium, geo.control, geo.export, geo.filters, geo.flows, geo.history, geo.mapview
import geo.offline, geo.timewindow, timeline.frame, timeline.store
print(time.perf_counter() - t, time.process_time() - cpu)
"""


def runtime_start() -> tuple[float, float]:
    """Wall and CPU seconds of the component discovery AppTest runs before a first script
    run (Streamlit's runtime does it once at server start)."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    t, cpu = time.perf_counter(), time.process_time()
    BidiComponentManager().discover_and_register_components(start_file_watching=False)
    return time.perf_counter() - t, time.process_time() - cpu


def first_render_breakdown(db: Path) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds of the steps of a first render, run one by one as app.py runs
    them (the store read is cold for Python, warm for the OS page cache)."""
    import subprocess

    from geo.control import control_at, control_intervals_fast
    from geo.filters import filter_events
    from geo.flows import aggregate_flows
    from geo.mapview import actor_colors, flow_features, place_bounds, place_features
    from geo.timewindow import daily_counts, date_span, window_bounds
    from timeline.frame import ALL_COLUMNS
    from timeline.records import STATUSES

    steps: dict[str, tuple[float, float]] = {}
    out = subprocess.run([sys.executable, "-c", IMPORTS], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout.split()
    steps["imports of app.py's modules"] = (float(out[-2]), float(out[-1]))
    store = open_store(db)
    frame = _timed(steps, "store read: store.events_frame", lambda: store.events_frame())
    actors = sorted({a for a in frame["actor_from"].tolist() + frame["actor_to"].tolist() if a})
    span = _timed(steps, "date_span + place_bounds", lambda: (date_span(frame), place_bounds(frame)))[0]
    evs = _timed(steps, "filter_events (sidebar defaults)",
                 lambda: filter_events(frame, statuses=[s for s in STATUSES if s != "denied"]))
    _timed(steps, "daily_counts", lambda: daily_counts(evs))
    intervals = _timed(steps, "control_intervals (array form)", lambda: control_intervals_fast(evs))
    win = window_bounds(span[1], "month") if span else (None, None)

    def layers():
        snap = control_at(intervals, span[1], window_start=win[0])
        shown = filter_events(evs, start=win[0], end=win[1], types=["displacement"])
        detail = store.events_frame(columns=ALL_COLUMNS, filters={"ids": shown["event_id"].tolist()})
        flows = aggregate_flows(detail, win[0], win[1])
        return place_features(snap, actor_colors(actors)), flow_features(flows)

    if span is not None:
        _timed(steps, "control_at + flows + map layers", layers)
    store.close()
    return steps


def measure(db: Path, steps: int) -> dict:
    """Drive app.py with AppTest: a first render, then `steps` slider steps a week back each."""
    os.environ["CONFLICTMAP_DB"] = str(db)
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
    for _ in range(steps):
        day -= timedelta(days=7)
        t, cpu = time.perf_counter(), time.process_time()
        at.slider(key="day").set_value(day).run()
        step_times.append(time.perf_counter() - t)
        step_cpu.append(time.process_time() - cpu)
        payloads.append(payload_bytes(at))
    places = next(c.value for c in at.caption if c.value.startswith("Places held"))
    return {"first render (s)": round(first, 3), "first render, CPU (s)": round(first_cpu, 2),
            "slider step, median (s)": round(statistics.median(step_times), 3),
            "slider step, median CPU (s)": round(statistics.median(step_cpu), 3),
            "slider step, max (s)": round(max(step_times), 3),
            "map payload, max (MB)": round(max(payloads) / 1e6, 3), "last view": places[:120]}


def report_alternation(results: dict[str, list[dict]]) -> None:
    """Medians of old and new, each against its target."""
    print("medians over the rounds (old -> new):")
    for name in ("first render (s)", "first render, CPU (s)", "slider step, median (s)",
                 "slider step, median CPU (s)", "map payload, max (MB)"):
        old, new = (statistics.median(r[name] for r in results[k]) for k in ("old", "new"))
        target = TARGETS.get(name.replace(", CPU", "").replace(" CPU", ""))  # CPU: the same budget
        verdict = "" if target is None else f"   target <= {target}   {'ok' if new <= target else 'OVER'}"
        print(f"  {name:28s} {old:8.3f} -> {new:8.3f}{verdict}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--places", type=int, default=5_000)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "conflictmap-bench.db")
    ap.add_argument("--old", metavar="REV", help="measure REV and this tree alternately (fresh processes)")
    ap.add_argument("--rounds", type=int, default=3, help="with --old: runs of each")
    ap.add_argument("--repo", type=Path, help=argparse.SUPPRESS)  # read by code_root() at import
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # figures only, one line
    args = ap.parse_args(argv)

    build(args.db, args.events, args.places)
    if args.old:
        sizes = ["--events", str(args.events), "--places", str(args.places), "--steps", str(args.steps),
                 "--db", str(args.db)]
        report_alternation(alternate(Path(__file__).resolve(), args.old, args.rounds, sizes))
        return 0
    measured = measure(args.db, args.steps)
    if args.json:
        print(json.dumps(measured))
        return 0
    breakdown = first_render_breakdown(args.db)
    breakdown["(AppTest's Streamlit runtime start, inside first render)"] = runtime_start()
    print(json.dumps({"events": args.events, "places": args.places, "steps": args.steps,
                      **{k: measured[k] for k in ("first render, CPU (s)", "slider step, max (s)",
                                                  "slider step, median CPU (s)", "last view")}}))
    print("where a first render goes (each step again, in this process; imports in a fresh one):")
    for name, (wall, cpu) in breakdown.items():
        print(f"  {name:56s} {wall:6.3f} s   CPU {cpu:6.3f} s")
    for name, target in TARGETS.items():
        value = measured[name]
        print(f"{name:28s} {value:8.3f}   target <= {target}   {'ok' if value <= target else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
