"""Scaling of the Dask engine: articles/s locally and on a LocalCluster of 1 and 2 workers,
the Parquet-to-store load, and corroboration over 1M reports.

    $ python bench/scale.py                          # 100k articles (bench/make_corpus.py), 1M reports
    $ python bench/scale.py --articles 5000 --reports 100000        # a quick run

Prints, for each engine: wall seconds, articles/s, CPU seconds of each worker process
(and of the client), articles per worker CPU-second, peak RSS of each worker; the
scaling efficiency of 2 workers over 1 (wall, and CPU per article); where the Dask run's
time went (map, Parquet -> store load, date inference, corroboration). Then corroboration
of N synthetic reports written as report Parquet: the Dask reduce (one task per bucket,
2 workers) plus storing the merged events, against the store's own `refresh_events` over
the same reports stored in SQLite.

The machine's load average is printed with every figure: on a machine shared with other
jobs the wall clock counts their work too, and CPU seconds are the fairer measure.
Targets (issue 17): 2 workers >= 1.6x the throughput of 1; corroboration of 1M reports < 60 s.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import write_corpus  # noqa: E402

TARGET_SPEEDUP = 1.6
TARGET_CORROBORATE_S = 60.0


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run_local(corpus: Path, db: Path) -> dict:
    """The local engine in a child process: wall, CPU and peak RSS of that process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "timeline.cli", "ingest", str(corpus), "--db", str(db),
                          "--no-progress", "--format", "json"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):
        raise SystemExit(f"local ingest failed: {out.stderr}")
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "new": summary["new"], "cpu": [cpu], "rss_mb": [after.ru_maxrss / 1024],
            "load": load()}


def _usage() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime, r.ru_maxrss / 1024


def run_dask(corpus: Path, db: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from timeline.distributed import ingest_dask, resources
    from timeline.store import open_store

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        client.run(resources)                     # workers up and loaded before the clock
        cpu0 = client.run(_usage)
        c0, t0 = time.process_time(), time.perf_counter()
        summary = ingest_dask([corpus], open_store(db), scheduler=cluster.scheduler_address, progress=False)
        wall, client_cpu = time.perf_counter() - t0, time.process_time() - c0
        usage = client.run(_usage)
    cpu = [usage[w][0] - cpu0[w][0] for w in sorted(usage)]
    return {"wall": wall, "new": summary.new, "cpu": cpu, "rss_mb": [usage[w][1] for w in sorted(usage)],
            "client_cpu": client_cpu, "seconds": summary.seconds, "partitions": summary.partitions,
            "skipped": len(summary.skipped), "load": load()}


def show(name: str, r: dict) -> None:
    rate = r["new"] / r["wall"]
    cpu = sum(r["cpu"])
    line = (f"{name:16} {r['new']:7d} articles in {r['wall']:7.1f} s wall -> {rate:6.0f} articles/s;"
            f" worker CPU s {', '.join(f'{c:.0f}' for c in r['cpu'])} -> {r['new'] / cpu:5.0f} articles/CPU-s;"
            f" peak RSS MB {', '.join(f'{m:.0f}' for m in r['rss_mb'])}")
    if "client_cpu" in r:
        line += f"; client CPU {r['client_cpu']:.0f} s"
    print(line + f"  [{r['load']}]", flush=True)
    if "seconds" in r:
        s = r["seconds"]
        print(f"{'':16} map {s['map']:.1f} s ({r['new'] / s['map']:.0f} articles/s, {r['partitions']} partitions; "
              f"the last part loaded at {s['map_and_load']:.1f} s), Parquet -> SQLite load {s['load']:.1f} s "
              f"(client, mostly beside the map), inference {s['inference']:.1f} s, "
              f"corroboration {s['corroborate']:.1f} s", flush=True)
        print(f"{'':16} after the map: " + ", ".join(f"{k} {s[k]:.1f} s" for k in
                                                     ("order_redo", "inference", "inferred_redo", "corroborate")
                                                     if k in s), flush=True)


def write_reports(n: int, root: Path, per_part: int = 50_000) -> list[int]:
    """N synthetic reports (places of the gazetteer, several wars' worth of dates) as report
    Parquet parts under `root` (kept: a second run with the same N reuses them); the part numbers."""
    import random

    import pyarrow as pa

    from gazetteer import load_gazetteer
    from timeline.distributed import _report_row, _schemas, _write_atomic
    from timeline.records import Event

    parts = list(range((n + per_part - 1) // per_part))
    done = root / f"reports-{n}.done"
    if done.exists():
        return parts
    rnd = random.Random(5)
    gz = load_gazetteer()
    from bench.make_corpus import war_places

    places = [p for names in war_places().values() for name in names for p in gz.lookup(name)[:1]]
    actors = ("ISIS", "SDF", "RSF", "SAF", "Russia", "Ukraine", "M23", "Houthis", "Hamas", "Israel", None)
    _, _, sr = _schemas()
    t0 = time.perf_counter()
    for start in range(0, n, per_part):
        rows: dict[int, dict[str, list]] = {}
        for i in range(start, min(n, start + per_part)):
            y, m, d = rnd.randint(2014, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
            precision = rnd.choice(("day", "day", "day", "month", "year"))
            day = f"{y}-{m:02d}-{d:02d}" if precision == "day" else (f"{y}-{m:02d}-01" if precision == "month" else f"{y}-01-01")
            end = day if precision == "day" else (f"{y}-{m:02d}-28" if precision == "month" else f"{y}-12-31")
            kind = rnd.choice(("control_change", "displacement"))
            p, q = rnd.choice(places), rnd.choice(places)
            e = Event(id=f"r{i:08d}", type=kind, evidence=f"Report {i} of the fighting.", article_ids=(f"a{i // 3}",),
                      date=day, end=end, precision=precision, report_date=day,
                      status=rnd.choice(("reported", "reported", "claimed", "denied", "expected")),
                      place=p if kind == "control_change" else None,
                      origin=p if kind == "displacement" else None, destination=q if kind == "displacement" else None,
                      actor_to=rnd.choice(actors), confidence=round(rnd.uniform(0.4, 0.9), 2))
            _report_row(rows, e, e.article_ids[0])
        _write_atomic(root / "reports" / f"part-{start // per_part:06d}.parquet", sr,
                      [pa.Table.from_pydict(rows[b], schema=sr) for b in sorted(rows)])
    done.touch()
    print(f"corroboration: {n} synthetic reports written as Parquet in {time.perf_counter() - t0:.1f} s", flush=True)
    return parts


def _store_reports(store, root: Path) -> None:
    """The Parquet's reports into the store as they are encoded (no articles: foreign keys off)."""
    import pyarrow.dataset as ds

    t = ds.dataset(str(root / "reports"), format="parquet").to_table(
        columns=["id", "article_id", "type", "date", "status", "data"])
    store._db.execute("PRAGMA foreign_keys = OFF")
    with store._tx():
        store._db.executemany("INSERT OR REPLACE INTO event_reports (id, article_id, type, date, status, data) "
                              "VALUES (?,?,?,?,?,?)", zip(*(c.to_pylist() for c in t.columns)))
        store._touch()
    store._db.execute("PRAGMA foreign_keys = ON")


def bench_corroboration(n: int, tmp: Path, workers: int = 2) -> None:
    """N synthetic reports as report Parquet (`write_reports`); the Dask reduce against the
    store's own rebuild."""
    from distributed import Client, LocalCluster

    from timeline.distributed import BUCKETS, corroborate_bucket, sorted_event_columns
    from timeline.store import open_store

    root = tmp / "corroborate"
    parts = write_reports(n, root)
    for f in tmp.glob("corroborate.db*"):
        f.unlink()
    store = open_store(tmp / "corroborate.db")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        client.run(_usage)
        cpu0 = client.run(_usage)
        t0 = time.perf_counter()
        futures = client.map(corroborate_bucket, [str(root)] * BUCKETS, range(BUCKETS), [parts] * BUCKETS,
                             [frozenset()] * BUCKETS, [None] * BUCKETS, pure=False)
        tables = client.gather(futures)
        reduce_s = time.perf_counter() - t0
        usage = client.run(_usage)
    cpu = [usage[w][0] - cpu0[w][0] for w in sorted(usage)]
    # the merged events go into a store that holds the reports (as after an ingest)
    _store_reports(store, root)
    t1, c1 = time.perf_counter(), time.process_time()
    store.put_corroborated(sorted_event_columns(tables))
    put_s, put_cpu = time.perf_counter() - t1, time.process_time() - c1
    total = reduce_s + put_s
    n_events = sum(t.num_rows for t in tables)
    print(f"corroboration: Dask reduce on {workers} workers {reduce_s:.1f} s (worker CPU s "
          f"{', '.join(f'{c:.1f}' for c in cpu)}) -> {n_events} events, "
          f"storing them {put_s:.1f} s ({put_cpu:.1f} CPU s) -> {total:.1f} s   "
          f"target < {TARGET_CORROBORATE_S:.0f} s  [{load()}]", flush=True)
    reduced = _events_digest(store)
    t2, c2 = time.perf_counter(), time.process_time()
    store.refresh_events(force=True)
    print(f"corroboration: the store's own rebuild (one process) over the same {n} reports "
          f"{time.perf_counter() - t2:.1f} s wall, {time.process_time() - c2:.1f} s CPU  [{load()}]", flush=True)
    same = _events_digest(store) == reduced
    print(f"corroboration: the reduce's events {'equal' if same else 'DIFFER FROM'} the store's, row for row "
          f"({store.counts()['events']})", flush=True)


def _events_digest(store) -> str:
    """A digest of the stored events, every column and record, in their order."""
    import hashlib

    h = hashlib.sha256()
    for row in store._db.execute("SELECT e.*, r.data FROM events e JOIN event_records r USING (row) ORDER BY e.row"):
        h.update(repr(row).encode("utf-8"))
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--reports", type=int, default=1_000_000, help="synthetic reports to corroborate (0: skip)")
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder (default: made under the temp folder)")
    ap.add_argument("--engines", default="local,dask1,dask2", help="which runs, comma-separated")
    ap.add_argument("--tmp", type=Path, help="folder for the corpus and stores (default: a new temp folder)")
    args = ap.parse_args()
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="conflictmap-scale-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs; {load()}; work in {tmp}", flush=True)
    corpus = args.corpus
    if args.articles and corpus is None:
        corpus = tmp / f"corpus-{args.articles}"
        if not corpus.is_dir():
            t0 = time.perf_counter()
            stats = write_corpus(args.articles, corpus)
            print(f"corpus: {stats['articles']} articles, {stats['bytes'] / 1e6:.0f} MB in {stats['shards']} shards, "
                  f"made in {time.perf_counter() - t0:.0f} s", flush=True)
    results = {}
    for name in filter(None, args.engines.split(",")) if args.articles else ():
        db = tmp / f"{name}.db"
        for f in tmp.glob(f"{name}.db*"):
            f.unlink()
        r = run_local(corpus, db) if name == "local" else run_dask(corpus, db, int(name[4:]))
        results[name] = r
        show(name, r)
    if "dask1" in results and "dask2" in results:
        one, two = results["dask1"], results["dask2"]
        speed = (two["new"] / two["wall"]) / (one["new"] / one["wall"])
        map_speed = one["seconds"]["map"] / two["seconds"]["map"]
        cpu_ratio = (sum(one["cpu"]) / one["new"]) / (sum(two["cpu"]) / two["new"])
        print(f"scaling 1 -> 2 workers: {speed:.2f}x whole run, {map_speed:.2f}x map (efficiency "
              f"{speed / 2:.0%} / {map_speed / 2:.0%}); CPU per article 2 workers vs 1: {1 / cpu_ratio:.2f}x   "
              f"target >= {TARGET_SPEEDUP}x", flush=True)
    if args.reports:
        bench_corroboration(args.reports, tmp)


if __name__ == "__main__":
    main()
