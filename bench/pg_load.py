"""Store load time: N processed articles (with their mentions and event reports) written
into SQLite and into PostgreSQL/PostGIS, then the corroborated events rebuilt.

The articles are the sample corpus processed once (real mentions and reports, the
sizes an ingest writes), copied N times under new ids with their dates spread over
three years so that corroboration does not fold them into a handful of events; or,
with --from-db, the articles of a store `conflictmap ingest` wrote. Each store gets
them as an ingest writes them (`save_results` in batches of `BATCH_ARTICLES`, no
rebuild), then one `refresh_events`. Prints seconds and rows/s for each.

Without --pg, a throwaway server is started from Debian's packages (tests/pg.py),
with fsync on, as a real server runs.

    $ python bench/pg_load.py --articles 20000
    $ python bench/pg_load.py --from-db conflictmap.db --pg postgresql://me@dbhost/conflictmap

`load_times(results, sqlite_path, pg_url)` is what bench/scale.py can call.
"""
from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.ingest import BATCH_ARTICLES  # noqa: E402
from timeline.records import ArticleResult  # noqa: E402
from timeline.store import open_store  # noqa: E402

SEEDS = ROOT / "seeds"


def stored_results(db: str) -> list[ArticleResult]:
    """The articles of a store as the results that wrote them."""
    store = open_store(db, create=False)
    try:
        return [ArticleResult(article=a, mentions=tuple(store.mentions(a.id)), events=tuple(store.event_reports(a.id)))
                for a in store.articles()]
    finally:
        store.close()


def seed_results() -> list[ArticleResult]:
    """The sample corpus, processed by a real ingest into a temporary store."""
    from timeline.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seeds.db")
        store = open_store(db)
        ingest_paths([SEEDS], store)
        store.close()
        return stored_results(db)


def copies(templates: list[ArticleResult], n: int) -> list[ArticleResult]:
    """n results: the templates in turn, under new ids, dated one day apart over three years."""
    base = datetime.date(2015, 1, 1)
    out = []
    for i in range(n):
        t = templates[i % len(templates)]
        day = (base + datetime.timedelta(days=(i * 7) % 1096)).isoformat()
        aid = f"{i:016x}"
        article = replace(t.article, id=aid, path=f"bench/{i:07d}.txt", published=day,
                          published_precision="day", date_source="metadata")
        events = tuple(replace(e, id=f"{aid}{k:04d}", article_ids=(aid,), date=day, end=None, precision="day")
                       for k, e in enumerate(t.events))
        out.append(ArticleResult(article=article, mentions=t.mentions, events=events))
    return out


def time_load(db: str, results: list[ArticleResult]) -> dict:
    """Seconds to write `results` into a new store at `db` (batches, as an ingest does) and to rebuild."""
    store = open_store(db)
    try:
        t0 = time.perf_counter()
        for i in range(0, len(results), BATCH_ARTICLES):
            store.save_results(results[i:i + BATCH_ARTICLES], rebuild=False)
        t1 = time.perf_counter()
        store.refresh_events()
        t2 = time.perf_counter()
        counts = store.counts()
    finally:
        store.close()
    return {"load_s": t1 - t0, "rebuild_s": t2 - t1, **counts}


def load_times(results: list[ArticleResult], sqlite_path: str, pg_url: str) -> dict[str, dict]:
    """`time_load` into SQLite and into PostGIS (both must be new, empty stores)."""
    return {"sqlite": time_load(sqlite_path, results), "postgis": time_load(pg_url, results)}


def print_table(times: dict[str, dict]) -> None:
    print(f"{'store':8} {'articles':>9} {'reports':>9} {'load s':>8} {'articles/s':>11} {'rows/s':>9} "
          f"{'events':>8} {'rebuild s':>10} {'events/s':>9}")
    for name, t in times.items():
        rows = t["articles"] + t["event_reports"] + (t["articles"] if t["mentions"] else 0)
        print(f"{name:8} {t['articles']:9d} {t['event_reports']:9d} {t['load_s']:8.2f} "
              f"{t['articles'] / t['load_s']:11.0f} {rows / t['load_s']:9.0f} "
              f"{t['events']:8d} {t['rebuild_s']:10.2f} {t['events'] / max(t['rebuild_s'], 1e-9):9.0f}")
    print("rows: articles + event reports + mention rows (one per article) written; "
          "events/s: corroborated events rebuilt and stored")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10000, help="articles to load (default 10000)")
    ap.add_argument("--from-db", help="take the articles of this SQLite store (all of them) instead")
    ap.add_argument("--pg", help="an empty PostGIS database URL (default: a throwaway server)")
    args = ap.parse_args()
    results = stored_results(args.from_db) if args.from_db else copies(seed_results(), args.articles)
    server = None
    if args.pg is None:
        from tests.pg import PGServer

        server = PGServer.start(fsync=True)
    try:
        url = args.pg or server.create_database()
        with tempfile.TemporaryDirectory() as tmp:
            print_table(load_times(results, str(Path(tmp) / "bench.db"), url))
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
