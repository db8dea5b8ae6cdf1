"""Issue-15 overlays at dashboard scale: `geo.overlays.date_layers` per slider step.

    PYTHONPATH=. python bench/overlays_speed.py [--events 100000 --places 5000 --steps 6]

Invented events (`geo.synthetic`: random holders, the worst case for territory), their
control intervals once, then for weekly steps: `control_at` and the window's flows
(not timed), and, timed, building territory + flows + labels and rendering them to
HTML as streamlit-folium does; printed with wall and CPU seconds (on a shared machine
the CPU figure is what the code itself spent) and the layers' bytes. The first step
includes the tessellation and the thinning of the stable labels, cached after it.
Budget for the whole slider step in the dashboard: 0.3 s, payload 1.5 MB.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium  # noqa: E402

from geo.control import control_at, control_intervals  # noqa: E402
from geo.flows import aggregate_flows  # noqa: E402
from geo.mapcontrols import data_bounds  # noqa: E402
from geo.overlays import date_layers  # noqa: E402
from geo.synthetic import ACTORS, synthetic_events  # noqa: E402

COLORS = dict(zip(ACTORS, ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--places", type=int, default=5000)
    ap.add_argument("--steps", type=int, default=6)
    args = ap.parse_args()
    events = synthetic_events(args.events, args.places, seed=7)
    displacements = [e for e in events if e.type == "displacement"]
    intervals = control_intervals(events)
    empty = len(folium.Map(tiles=None).get_root().render())
    day = date(2021, 6, 1)
    walls, cpus, sizes = [], [], []
    for i in range(args.steps):
        start = day - timedelta(days=6)
        snap = control_at(intervals, day, window_start=start)
        flows = aggregate_flows(displacements, start=start, end=day)
        bounds = data_bounds(snap.geometry.x, snap.geometry.y)
        t, c = time.perf_counter(), time.process_time()
        m = folium.Map(tiles=None)
        for layer in date_layers(snap, flows, COLORS, bounds=bounds):
            layer.add_to(m)
        size = len(m.get_root().render().encode()) - empty
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"{day}: {wall:.3f} s (cpu {cpu:.3f}), {size / 1024:.0f} KB, "
              f"{int(snap['changed_in_window'].sum())} changed places, {len(flows)} flows")
        if i:
            walls.append(wall)
            cpus.append(cpu)
        sizes.append(size)
        day += timedelta(days=7)
    print(f"steps after the first: median {statistics.median(walls):.3f} s (cpu {statistics.median(cpus):.3f}); "
          f"payload max {max(sizes) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
