"""timeline.seed_snapshot: the built-in store of seeds/ equals a fresh ingest (issue 15)."""
import shutil
from pathlib import Path

import pytest

from timeline.ingest import ingest_paths
from timeline.seed_snapshot import SNAPSHOT_FILE, load_seed_snapshot, read_snapshot, seeds_digest
from timeline.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _content(store):
    articles = sorted((a.to_dict() for a in store.articles(with_text=True)), key=lambda a: a["id"])
    mentions = {a["id"]: [m.to_dict() for m in store.mentions(a["id"])] for a in articles}
    reports = sorted((e.to_dict() for e in store.event_reports()), key=lambda e: e["id"])
    events = sorted((e.to_dict() for e in store.events()), key=lambda e: e["id"])
    return articles, mentions, reports, events


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("fresh") / "fresh.db")
    ingest_paths([SEEDS], store)
    yield store
    store.close()


def test_snapshot_equals_a_fresh_ingest_of_the_seeds(ingested, tmp_path):
    store = open_store(tmp_path / "snap.db")
    assert load_seed_snapshot(store, SEEDS)
    fresh, snap = _content(ingested), _content(store)
    assert snap[0] == fresh[0], "articles differ: rebuild with scripts/build_seed_snapshot.py"
    assert snap[1] == fresh[1], "mentions differ: rebuild with scripts/build_seed_snapshot.py"
    assert snap[2] == fresh[2], "event reports differ: rebuild with scripts/build_seed_snapshot.py"
    assert snap[3] == fresh[3] and len(snap[3]) > 0, "events differ: rebuild with scripts/build_seed_snapshot.py"
    assert not store.inference_pending()
    store.close()


def test_changed_seeds_or_a_filled_store_are_refused(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    store = open_store(tmp_path / "a.db")
    assert load_seed_snapshot(store, seeds)
    assert not load_seed_snapshot(store, seeds)  # not empty any more
    store.close()
    first = next(p for p in sorted(seeds.iterdir()) if p.is_file())
    first.write_text(first.read_text() + "\nOne more line.\n")
    other = open_store(tmp_path / "b.db")
    assert not load_seed_snapshot(other, seeds)
    assert other.counts()["articles"] == 0
    other.close()


def test_missing_snapshot_is_refused(tmp_path):
    store = open_store(tmp_path / "c.db")
    assert not load_seed_snapshot(store, SEEDS, path=tmp_path / "none.jsonl.gz")
    store.close()


def test_snapshot_header_names_the_seeds():
    header, results = read_snapshot(SNAPSHOT_FILE)
    assert header["seeds"] == seeds_digest(SEEDS) and len(results) == len(list(SEEDS.glob("*.txt")))
