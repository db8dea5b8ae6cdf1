"""Rebuild timeline/data/seed_snapshot.jsonl.gz: ingest seeds/ into a fresh store and write it out.

    PYTHONPATH=. python3 scripts/build_seed_snapshot.py

Run it whenever tests/test_map15_seed_snapshot.py says the snapshot is stale (the
seeds, or what extraction makes of them, changed). See timeline/seed_snapshot.py.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from timeline.ingest import ingest_paths  # noqa: E402
from timeline.seed_snapshot import SNAPSHOT_FILE, write_snapshot  # noqa: E402
from timeline.store import open_store  # noqa: E402


def main() -> None:
    seeds = REPO / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        store = open_store(Path(tmp) / "seeds.db")
        summary = ingest_paths([seeds], store)
        size = write_snapshot(store, seeds)
        store.close()
    print(f"{SNAPSHOT_FILE.relative_to(REPO)}: {summary.new} articles, {summary.events} event reports, "
          f"{size / 1024:.1f} KB in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
