"""A built-in store of the sample corpus, so the dashboard's first start needs no gazetteer.

A fresh machine used to wait 40-50 s before the first map: an empty store is filled by
ingesting ``seeds/``, and ingesting needs the offline gazetteer, whose index compiles
once (~35 s) before it is cached. The seeds' *processed* results (articles, mentions,
event reports, exactly as an ingest writes them) are small and deterministic, so they
ship as ``timeline/data/seed_snapshot.jsonl.gz`` and an empty store is filled from it
in well under a second (`load_seed_snapshot`). The gazetteer then compiles only when
someone ingests (an upload), or ahead of time in a separate process
(`compile_gazetteer_in_background`), which does not slow the dashboard's own reruns.

It never goes stale silently:

* the snapshot records a digest of the seed files it was made from; if ``seeds/``
  changes, `load_seed_snapshot` returns False and the caller ingests as before;
* ``tests/test_map15_seed_snapshot.py`` ingests ``seeds/`` afresh and checks the events,
  mentions and articles equal the snapshot's, so a change in extraction that changes the
  seeds' results fails CI until the snapshot is rebuilt:

      PYTHONPATH=. python3 scripts/build_seed_snapshot.py

Wiring (app.py's ``get_store``): ``if not load_seed_snapshot(store, SEEDS_DIR):
ingest_paths([SEEDS_DIR], store)``.
"""
from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import orjson

from gazetteer.records import Mention
from timeline.records import Article, ArticleResult, Event

SNAPSHOT_FILE = Path(__file__).parent / "data" / "seed_snapshot.jsonl.gz"
FORMAT = 2   # 2: the seeds folder as a token


def seeds_digest(seeds_dir: str | Path) -> str:
    """sha256 over the seed files' relative paths and bytes (sorted), hidden files skipped."""
    root = Path(seeds_dir)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _records(store) -> Iterable[dict]:
    for article in store.articles(with_text=True):
        yield {"article": article.to_dict(),
               "mentions": [m.to_dict() for m in store.mentions(article.id)],
               "events": [e.to_dict() for e in store.event_reports(article.id)]}


def write_snapshot(store, seeds_dir: str | Path, out: str | Path = SNAPSHOT_FILE) -> int:
    """Write what `store` (freshly ingested from `seeds_dir` alone) holds; returns bytes written."""
    lines = [orjson.dumps({"format": FORMAT, "seeds": seeds_digest(seeds_dir)})]
    # the seeds' folder is where this clone is: kept as a token, put back by the reader
    root = _folder_json(seeds_dir)
    lines += [orjson.dumps(r, option=orjson.OPT_SORT_KEYS).replace(root, SEEDS_TOKEN) for r in _records(store)]
    data = gzip.compress(b"\n".join(lines) + b"\n", mtime=0)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    return len(data)


#: Stands in the snapshot for the seeds' folder (article paths, date reasons naming a file).
SEEDS_TOKEN = b"@SEEDS@"


def _folder_json(seeds_dir: str | Path) -> bytes:
    """The folder as it appears inside a JSON string (as given: an ingest keeps paths so)."""
    return orjson.dumps(str(Path(seeds_dir)))[1:-1]


def read_snapshot(path: str | Path = SNAPSHOT_FILE, seeds_dir: str | Path | None = None) -> tuple[dict, list[ArticleResult]]:
    """The snapshot's header and its results, one per article, with paths under `seeds_dir`."""
    data = gzip.decompress(Path(path).read_bytes())
    if seeds_dir is not None:
        data = data.replace(SEEDS_TOKEN, _folder_json(seeds_dir))
    lines = data.splitlines()
    header = orjson.loads(lines[0])
    places: dict = {}
    results = []
    for line in lines[1:]:
        if not line.strip():
            continue
        r = orjson.loads(line)
        results.append(ArticleResult(article=Article.from_dict(r["article"]),
                                     mentions=tuple(Mention.from_dict(m) for m in r["mentions"]),
                                     events=tuple(Event.from_dict(e, places) for e in r["events"])))
    return header, results


def load_seed_snapshot(store, seeds_dir: str | Path, path: str | Path = SNAPSHOT_FILE) -> bool:
    """Fill an *empty* store from the snapshot if it was made from `seeds_dir` as it is now.

    Returns True when loaded; False (store untouched) when the store is not empty, the
    snapshot is missing or of another format, or the seeds changed since it was built:
    the caller then ingests the seeds as before.
    """
    counts = store.counts()
    if counts.get("articles") or counts.get("event_reports"):
        return False
    try:
        header, results = read_snapshot(path, seeds_dir)
    except (OSError, ValueError, KeyError, IndexError):
        return False
    if header.get("format") != FORMAT or header.get("seeds") != seeds_digest(seeds_dir):
        return False
    store.save_results(results)
    store.mark_inference_done()  # the snapshot holds the results after inference
    store.refresh_events()
    return True


def compile_gazetteer_in_background() -> subprocess.Popen:
    """Compile (or load) the gazetteer's cached index in a separate process, so that a later
    upload finds it ready without slowing this process's reruns; returns the process."""
    code = "from gazetteer import load_gazetteer; load_gazetteer()"
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
