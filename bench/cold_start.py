"""Cold start: time from a fresh process to the first map, on an empty cache and a fresh store.

    PYTHONPATH=. python bench/cold_start.py              # both ways, snapshot first
    PYTHONPATH=. python bench/cold_start.py --mode snapshot

Each run is a new Python process with CONFLICTMAP_CACHE and CONFLICTMAP_DB in a new
temporary folder (no compiled gazetteer, no store), which runs app.py once with
Streamlit's AppTest (server side: the script runs to the end and the map component's
arguments exist; a browser then needs well under a second to draw them) and exits.
Printed: wall seconds from process start to the end of that first run.

Modes:
  ingest    app.py's own first start on the empty store: its get_store fills it from the
            seed snapshot, and ingests seeds/ (compiling the gazetteer first) only if the
            snapshot is refused (seeds/ changed since it was built);
  snapshot  the empty store is first filled by `timeline.seed_snapshot.load_seed_snapshot`
            (timed apart: "store ready after"), then app.py runs and finds the store filled.
  warm      (run after each of them) the same cache and store again in a new process.
Targets: cold <= 15 s to the first map, warm <= 5 s.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 15.0
WARM_TARGET_S = 5.0


def child(mode: str) -> None:
    sys.path.insert(0, str(REPO))
    t0 = time.perf_counter()
    if mode == "snapshot":
        from timeline.seed_snapshot import load_seed_snapshot
        from timeline.store import open_store

        store = open_store(os.environ["CONFLICTMAP_DB"])
        if not load_seed_snapshot(store, REPO / "seeds"):
            raise SystemExit("the snapshot was refused (seeds changed?): run scripts/build_seed_snapshot.py")
        store.close()
    t_store = time.perf_counter() - t0
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.run()
    if at.exception:
        raise SystemExit(f"app.py failed: {at.exception[0].message}")
    maps = [e for e in at.main if e.type == "component_instance"]
    if not maps:
        raise SystemExit("no map component after the first run")
    print(f"store ready after {t_store:.2f} s; map args {len(maps[0].proto.json_args) / 1024:.0f} KB", flush=True)


def _child(mode: str, env: dict, label: str, target: float) -> float:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", mode], env=env, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode:
        raise SystemExit(f"{label}: {out.stdout}{out.stderr[-2000:]}")
    detail = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    print(f"{label:15s} first map after {wall:5.1f} s (target <= {target:.0f} s) {detail}", flush=True)
    return wall


def run(mode: str) -> float:
    """A cold start in `mode`, then a warm one (same cache and store, new process)."""
    with tempfile.TemporaryDirectory(prefix="cm-cold-") as tmp:
        env = dict(os.environ, CONFLICTMAP_CACHE=str(Path(tmp) / "cache"),
                   CONFLICTMAP_DB=str(Path(tmp) / "store.db"), PYTHONPATH=str(REPO))
        wall = _child(mode, env, f"{mode} (cold)", TARGET_S)
        _child("warm", env, f"{mode} (warm)", WARM_TARGET_S)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["snapshot", "ingest", "both"], default="both")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    for mode in (["snapshot", "ingest"] if args.mode == "both" else [args.mode]):
        run(mode)


if __name__ == "__main__":
    main()
