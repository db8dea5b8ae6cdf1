"""Territory speed and payload at N held places (default 5k), printed, not asserted.

    PYTHONPATH=. python bench/territory_speed.py [--places 5000]

Two holder layouts over the same invented places (`geo.synthetic`): "fronts" (each
place takes the holder of the nearest of six invented centres, 5% flipped: what a war
map looks like) and "random" (every place a random holder: the worst case, every cell
its own island). For each: the first call (tessellation, cached per point set), the
median of calls with a whole new layout, the median of slider-like steps (1% of places
go to one holder: only the groups whose members changed are recomputed), and the
bytes of the rendered folium layer. Target: step <= 0.1 s and layer <= ~300 KB on "fronts".
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time


def _timed(fn):
    """(wall, cpu) seconds of fn(): on a shared machine the CPU figure is what territory itself spent."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium  # noqa: E402

from geo.synthetic import ACTORS, synthetic_places  # noqa: E402
from geo.territory import _tessellation, territory, territory_layer  # noqa: E402

COLORS = dict(zip(ACTORS, ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628"]))


def layouts(n: int, seed: int):
    places = synthetic_places(n, 7)
    rng = random.Random(seed)
    centres = [(rng.choice(places).lon, rng.choice(places).lat, a) for a in ACTORS]

    def fronts():
        out = []
        for p in places:
            holder = min(centres, key=lambda c: (c[0] - p.lon) ** 2 + (c[1] - p.lat) ** 2)[2]
            if rng.random() < 0.05:
                holder = rng.choice(ACTORS)
            out.append((p.lon, p.lat, holder, rng.random() < 0.03))
        return out

    def randomly():
        return [(p.lon, p.lat, rng.choice(ACTORS), rng.random() < 0.03) for p in places]

    return {"fronts": fronts, "random": randomly}


def layer_bytes(terr) -> int:
    m = folium.Map(tiles=None)
    territory_layer(terr, COLORS).add_to(m)
    return len(m.get_root().render().encode()) - len(folium.Map(tiles=None).get_root().render().encode())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--places", type=int, default=5000)
    ap.add_argument("--steps", type=int, default=7)
    args = ap.parse_args()
    for name, make in layouts(args.places, 3).items():
        _tessellation.cache_clear()
        rows = make()
        terr, first, first_cpu = _timed(lambda rows=rows: territory(rows))
        steps, cpus = [], []
        for _ in range(args.steps):
            rows = make()
            terr, wall, cpu = _timed(lambda rows=rows: territory(rows))
            steps.append(wall)
            cpus.append(cpu)
        print(f"{name:7s} {args.places} places: first {first:.3f} s (cpu {first_cpu:.3f}), new-layout median "
              f"{statistics.median(steps):.3f} s (cpu {statistics.median(cpus):.3f}), {len(terr)} areas, layer {layer_bytes(terr) / 1024:.0f} KB")
        rng = random.Random(11)
        steps, cpus = [], []
        for _ in range(args.steps):  # a slider step: 1% of places change hands, one holder's
            holder = rng.choice(ACTORS)
            rows = [(x, y, holder if rng.random() < 0.01 else h, c) for x, y, h, c in rows]
            _, wall, cpu = _timed(lambda rows=rows: territory(rows))
            steps.append(wall)
            cpus.append(cpu)
        print(f"{'':7s} slider step (1% of places to one holder): median {statistics.median(steps):.3f} s "
              f"(cpu {statistics.median(cpus):.3f})")


if __name__ == "__main__":
    main()
