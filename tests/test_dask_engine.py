"""`conflictmap ingest --engine dask`: the same store as the local engine, on a real Dask
LocalCluster (worker processes), also when a worker is killed mid-run, and a partition
that cannot be written is reported with its files.

The corpus: the sample articles (seeds/), a few hundred generated ones
(bench/make_corpus.py: several wars, header styles, undated reposts that inference dates,
all-numeric dates read in their source's order, exact duplicates) and one bad file.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

# dask, distributed and pyarrow come with the test extra (scripts/test.sh installs it): a
# missing one fails here, never skips
from bench.make_corpus import write_corpus
from timeline.cli import main
from timeline.distributed import ingest_dask
from timeline.store import open_store

ROOT = Path(__file__).resolve().parent.parent
BAD = b"\xff\xfe\x00{not json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dask-corpus")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    write_corpus(360, root / "generated", seed=17, shard=40)
    (root / "generated" / "broken.json").write_bytes(BAD)
    return root


def _ingest_cli(args: list[str], capsys) -> tuple[int, dict]:
    code = main(["ingest", *args, "--no-progress", "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> tuple[dict, dict]:
    """The local engine's summary (as `--format json` prints it) and store, for the corpus."""
    from timeline.ingest import ingest_paths

    db = tmp_path_factory.mktemp("local") / "local.db"
    summary = ingest_paths([corpus], open_store(db))
    return json.loads(json.dumps(summary.to_dict())), dump(db)


def dump(db: Path) -> dict:
    """Everything an ingest writes, as sorted rows."""
    with sqlite3.connect(db) as c:
        return {
            "articles": sorted(c.execute("SELECT id, path, url, source, title, text, published, published_precision, "
                                         "date_source, updated, inferred_from, date_reason, decoding FROM articles")),
            "mentions": sorted(c.execute("SELECT article_id, n, data FROM article_mentions")),
            "reports": sorted(c.execute("SELECT id, article_id, type, date, status, data FROM event_reports")),
            "events": list(c.execute("SELECT e.*, r.data FROM events e JOIN event_records r USING (row) "
                                     "ORDER BY e.row")),
        }


def _same(local: dict, other: dict) -> None:
    for table in local:
        assert len(other[table]) == len(local[table]), table
        assert other[table] == local[table], table


def _summary_core(d: dict) -> dict:
    return {k: (sorted(map(tuple, v)) if isinstance(v, list) else v)
            for k, v in d.items() if k in ("read", "new", "skipped", "mentions", "events", "inferred_dates", "decoding")}


def test_same_store_as_the_local_engine_on_two_workers(corpus, local, tmp_path, capsys):
    local, base = local
    code_d, dask = _ingest_cli([str(corpus), "--db", str(tmp_path / "dask.db"), "--engine", "dask", "--workers", "2"],
                               capsys)
    assert code_d == 1
    assert _summary_core(dask) == _summary_core(local)
    assert [s[0] for s in local["skipped"]] == [str(corpus / "generated" / "broken.json")]
    assert local["inferred_dates"] > 0 and local["new"] < local["read"]   # inference and duplicates are exercised
    assert dask["partitions"] > 1
    assert len(base["events"]) > 100
    _same(base, dump(tmp_path / "dask.db"))
    # the dask store passes the store's own checks (events equal the reports' corroboration)
    assert open_store(tmp_path / "dask.db").check() == []
    # a second run adds nothing, as locally
    code, again = _ingest_cli([str(corpus), "--db", str(tmp_path / "dask.db"), "--engine", "dask",
                               "--scheduler", "sync"], capsys)
    assert again["new"] == 0 and again["read"] == local["read"]
    _same(base, dump(tmp_path / "dask.db"))


def test_into_a_store_that_holds_articles_on_a_local_dask_scheduler(corpus, tmp_path, capsys):
    """A store that already holds articles (the seeds), then a shard and the seeds again: without
    a cluster (`--scheduler sync`, dask.diagnostics.ProgressBar), the same store as locally."""
    sub = tmp_path / "sub"
    shutil.copytree(corpus / "seeds", sub / "seeds")
    shutil.copy(corpus / "generated" / "shard-00000.jsonl", sub)
    for db in ("local.db", "dask.db"):
        assert main(["ingest", str(sub / "seeds"), "--db", str(tmp_path / db), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["ingest", str(sub), "--db", str(tmp_path / "local.db"), "--no-progress"]) == 0
    local_out = capsys.readouterr().out
    code = main(["ingest", str(sub), "--db", str(tmp_path / "dask.db"), "--engine", "dask", "--scheduler", "sync"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "100% Completed" in err   # dask's ProgressBar, on stderr
    assert out.splitlines()[0] == local_out.splitlines()[0]   # "read 45 articles (39 new), ..."
    assert "new)" in out and "(0 new)" not in out
    _same(dump(tmp_path / "local.db"), dump(tmp_path / "dask.db"))


def test_cluster_options_need_the_dask_engine(tmp_path, capsys):
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--workers", "2"]) == 2
    assert "need --engine dask" in capsys.readouterr().err


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(corpus, local, tmp_path):
    from distributed import Client, LocalCluster

    work = tmp_path / "work"
    result: dict = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        store = open_store(tmp_path / "dask.db")

        def run():
            try:
                result["summary"] = ingest_dask([corpus], store, scheduler=cluster.scheduler_address, progress=False,
                                                work_dir=work, partition_bytes=20_000)
            except BaseException as e:  # surfaced below
                result["error"] = e

        t = threading.Thread(target=run)
        t.start()
        deadline = time.monotonic() + 60
        while not list((work / "articles").glob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = client.run(os.getpid)
        busy = [w for w, tasks in client.processing().items() if tasks]
        assert busy, "no worker was busy: the corpus is too small to kill one mid-run"
        victim = pids[busy[0]]
        os.kill(victim, signal.SIGKILL)
        t.join(120)
        assert not t.is_alive()
        after = client.run(os.getpid)
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert victim not in after.values()           # the worker did die (its nanny started another)
    assert summary.partitions > 4 and not summary.failed_partitions
    assert summary.read == 5 + 360 and [p for p, _ in summary.skipped] == [str(corpus / "generated" / "broken.json")]
    _same(local[1], dump(tmp_path / "dask.db"))


def test_a_partition_that_keeps_failing_is_reported_with_its_files(corpus, tmp_path):
    """The part file of one partition cannot be written (a folder stands in its way): the task
    is retried, then the partition is reported file by file, and everything else is stored."""
    work = tmp_path / "work"
    (work / "articles" / "part-000001.parquet").mkdir(parents=True)
    store = open_store(tmp_path / "dask.db")
    summary = ingest_dask([corpus], store, scheduler="sync", progress=False, work_dir=work, partition_bytes=20_000)
    assert [i for i, _, _ in summary.failed_partitions] == [1]
    files = summary.failed_partitions[0][1]
    assert files
    reported = {p: r for p, r in summary.skipped}
    for f in files:
        assert "partition 1 failed after 3 tries" in reported[f] and "Is a directory" in reported[f]
    assert summary.exit_code == 1
    stored = {a.path.split("#")[0] for a in store.articles(with_text=False)}
    assert not stored & set(files)
    assert stored   # the other partitions are in
    assert store.check() == []
