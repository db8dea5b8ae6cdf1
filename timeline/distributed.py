"""The Dask engine: `conflictmap ingest PATHS --engine dask [--scheduler ADDRESS | --workers N]`.

The same ingest as `timeline.ingest.ingest_paths`, with the per-article work spread over a
Dask cluster (a `LocalCluster` of N worker processes, or a scheduler anywhere), and the
same results in the store. Needs the `[dask]` extra (dask, distributed, pyarrow). From
Python (a cluster of its own, so not a doctest; `tests/test_dask_engine.py` runs it)::

    from timeline.store import open_store
    ingest_dask(["seeds"], open_store("/tmp/d.db"), workers=2)

How a run goes:

1. **Map** (on the workers). The files (folders listed recursively, as the local engine
   lists them) are cut into partitions of whole files, of at most `PARTITION_BYTES` and
   at least four per worker when the files allow (a JSONL/CSV shard is one file); a
   `dask.bag` maps `run_partition` over them. A task reads its files with
   `timeline.readers.read_file` (so a bad file is reported with its path and reason
   exactly as locally), dates each article from its header, runs the per-article stages
   (`timeline.pipeline.process_articles`), computes each article's story print (what date
   inference matches on) and writes three Parquet files into the work folder:
   `articles/part-N`, `mentions/part-N`, `reports/part-N` (one row group per corroboration
   bucket), encoded as the store keeps them. Only file paths go to a worker and only a
   small summary comes back: counts, skipped files with reasons, decoding notes. A worker
   loads the gazetteer and the actor lexicon once, when it starts (the `Resources` worker
   plugin; `resources()` is the per-process cache); nothing large is pickled per task.
   Parts are written to a temporary name and renamed, so a task run twice (a retry, a
   killed worker's task run elsewhere) leaves one copy. A task that fails is retried
   (`RETRIES`); a partition that still fails is reported with each of its files, and the
   rest of the run goes on.
2. **Load** (the client, while the map goes on): each partition is loaded into the store as
   soon as it and all partitions before it are done, so the first copy of each article (by
   its position in the run, as locally) is kept. The map's tasks carry priorities in
   partition order, so they finish about in that order and the load keeps pace with the
   map (left to itself the scheduler ran the first partitions last, and the whole load
   waited for the end of the map). Each part is read once and stored in one transaction;
   into an empty store the load runs as a bulk load (`SQLiteStore.bulk_load`). An
   all-numeric header date whose order nothing in its article decided waits (its rows
   held in memory) for the end of the map, is read in the order the same source's other
   articles of the run show (when they agree), and is processed again on the cluster,
   while the client goes on with inference (its new date is stored first).
3. **Reduce**: date inference (the rule of `timeline.inference.infer_dates`) over the stored
   articles. The map wrote beside each article its story print and what a full comparison
   needs (`story_print_and_comparison`: its long sentences and shingles); the client names
   the lenders (in the order inference ranks them) and the boilerplate, and the workers
   (`infer_chunk`, tasks of consecutive undated articles over the articles Parquet) find
   each undated article's candidate lenders from an index of the prints (sorted arrays,
   built once per worker) and compare them in full; the client picks each one's lender as
   `infer_dates` does. Articles it dates are processed again on the cluster (which writes
   their new reports for corroboration) and re-stored. Corroboration runs on the workers, one task per bucket of
   `timeline.corroborate.group_key` (reports that may merge always share a bucket), over
   the report Parquet, vectorised (`corroborate_reports`): the map wrote beside each report
   what corroboration compares (its group, its days as numbers) and the event it is alone
   (`event_row`, as the store encodes it), so clustering is sorting columns, a lone report (most of
   them) is passed through as encoded, and only the reports of clusters of two or more are
   decoded and merged. The events come back as Arrow tables and go into the store as
   columns. Into a store that held articles before the run, corroboration is the store's
   own (`refresh_events`), which sees the old reports too.

Calls travel to the workers pickled, one bytes object each, so that dask neither tokenises
nor walks the articles and lists inside them.

The Parquet is kept (`keep_work=True`, `--keep-work`) or removed after a run that lost
nothing. The store ends as the local engine leaves it; one difference in the way: the
local engine caps the undated articles it holds for inference (`MAX_HELD_UNDATED`), this
one stores them undated and re-stores those inference dates.
"""
from __future__ import annotations

import contextlib
import functools
import os
import pickle
import shutil
import sys
import tempfile
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from timeline.errors import item_reason
from timeline.ingest import _DECIDED_ORDER, IngestSummary, _source_key
from timeline.readers import ReadError, list_files, read_file
from timeline.records import Article, ArticleResult, Event
from timeline.store import EVENT_ROW_FIELDS, event_row

#: Bytes of input files per partition (a task): a few seconds of work, so that a lost
#: worker costs little and progress moves, while per-task overhead stays small.
PARTITION_BYTES = 1_000_000
#: Tries of a task after its first failure (an exception, or its worker dying).
RETRIES = 2
#: Buckets of corroboration groups: reduce tasks after the map.
BUCKETS = 16
#: Articles per store transaction when the store takes records rather than encoded rows (PostGIS).
LOAD_BATCH = 1000

ARTICLE_FIELDS = ("id", "path", "url", "source", "title", "text", "published", "published_precision",
                  "date_source", "updated", "inferred_from", "date_reason", "decoding")


class DaskUnavailable(RuntimeError):
    """The [dask] extra is not installed."""


def _require():
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise DaskUnavailable(f"--engine dask needs the [dask] extra ({e.name} is not installed): "
                              "python3 -m pip install 'conflictmap[dask]'") from None


# -- per process: the gazetteer and lexicons, loaded once ---------------------------------
_RESOURCES: dict = {}


def resources():
    """(gazetteer, actors) of this process, loaded on first use (the plugin loads them at start)."""
    if not _RESOURCES:
        from gazetteer import load_gazetteer
        from timeline.actors import load_actors

        _RESOURCES["gazetteer"] = load_gazetteer()
        _RESOURCES["actors"] = load_actors()
    return _RESOURCES["gazetteer"], _RESOURCES["actors"]


def _plugin_class():
    from distributed import WorkerPlugin

    class Resources(WorkerPlugin):
        """Loads the gazetteer and the actor lexicon once per worker process, at its start
        (and on a worker that replaces a dead one)."""

        name = "conflictmap-resources"
        idempotent = True

        def setup(self, worker):
            resources()

    return Resources


# -- the map -------------------------------------------------------------------------------
def partitions(files: list[Path], target: int = PARTITION_BYTES) -> list[list[str]]:
    """Files cut into runs of about `target` bytes (whole files, in order)."""
    out: list[list[str]] = []
    size = 0
    for f in files:
        n = _size(f)   # 0 for a file that cannot be read: read_file reports it
        if not out or (size + n > target and out[-1]):
            out.append([])
            size = 0
        out[-1].append(str(f))
        size += n
    return out


def bucket_of(event: Event, buckets: int = BUCKETS) -> int:
    """The corroboration bucket of a report: reports that may merge share one."""
    from timeline.corroborate import report_columns

    return _bucket(report_columns(event)[0], buckets)


def _bucket(group: str, buckets: int) -> int:
    return zlib.crc32(group.encode("utf-8")) % buckets


def _write_atomic(path: Path, schema, tables: list) -> None:
    """Write `tables` (one row group or more each) to `path` under a temporary name, then
    rename: a reader (or a second run of the same task) never sees half a file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    with pq.ParquetWriter(tmp, schema) as w:
        for t in tables or [pa.Table.from_pylist([], schema=schema)]:
            w.write_table(t)
    os.replace(tmp, path)


@functools.lru_cache(maxsize=1)
def _schemas():
    """The Parquet schemas of the articles, mentions and reports parts (built once: every report asks)."""
    import pyarrow as pa

    s = pa.string()
    articles = pa.schema([("part", pa.int32()), ("seq", pa.int32())]
                         + [(f, s) for f in ARTICLE_FIELDS]
                         + [("order_key", s), ("order_sep", s), ("order_decided", s), ("order_open", s),
                            ("sampled", pa.binary()), ("sentences", pa.binary()),
                            # what inference's reduce compares (`story_print_and_comparison`)
                            ("n_words", pa.int32()), ("long", pa.binary()), ("shingles", pa.binary()),
                            ("n_mentions", pa.int32()), ("n_events", pa.int32())])
    mentions = pa.schema([("article_id", s), ("n", pa.int32()), ("data", s)])
    # a report as the store keeps it (data), what corroboration compares (group, lo, hi: see
    # `timeline.corroborate.clusters`) and, to store a lone report as its event, its `event_row`
    reports = pa.schema([("bucket", pa.int32()), ("article_id", s), ("data", s), ("group", s),
                         ("lo", pa.int32()), ("hi", pa.int32())]
                        + [(f, pa.int32() if f == "sources" else s) for f in EVENT_ROW_FIELDS])
    return articles, mentions, reports


def _report_row(rows: dict[int, dict[str, list]], e: Event, article_id: str, buckets: int = BUCKETS) -> None:
    """Add report `e` to the columns of its bucket (encoded as the store keeps it)."""
    from timeline.corroborate import report_columns

    group, lo, hi = report_columns(e)
    b = _bucket(group, buckets)
    r = rows.setdefault(b, {f: [] for f in _schemas()[2].names})
    for k, v in zip(("bucket", "article_id", "data", "group", "lo", "hi"),
                    (b, article_id, orjson.dumps(e).decode("utf-8"), group, lo, hi)):
        r[k].append(v)
    for k, v in zip(EVENT_ROW_FIELDS, event_row(e)):
        r[k].append(v)


def run_partition(index: int, files: list[str], out: str, languages: tuple[str, ...] | None = None,
                  buckets: int = BUCKETS) -> dict:
    """One map task: read `files`, process their articles, write the part-`index` Parquet
    files under `out`. Returns a small summary (nothing the size of the articles)."""
    import pyarrow as pa

    from timeline.bulk import gc_paused
    from timeline.dates import check_languages, date_article, order_open
    from timeline.inference import story_print_and_comparison
    from timeline.pipeline import process_articles

    languages = check_languages(languages)
    gazetteer, actors = resources()
    summary = {"index": index, "files": files, "read": 0, "skipped": [], "decoding": [], "ids": 0}
    seen: set[str] = set()
    batch: list[tuple[int, Article, tuple]] = []
    seq = 0
    for path in files:
        for item in read_file(Path(path)):
            seq += 1
            if isinstance(item, ReadError):
                summary["skipped"].append((seq, item.path, item.reason))
                continue
            summary["read"] += 1
            if item.decoding:
                summary["decoding"].append((seq, item.path or item.id, item.decoding))
            if item.id in seen:
                continue
            seen.add(item.id)
            try:
                article = date_article(item, languages)
            except Exception as e:  # one broken article never stops the run
                summary["skipped"].append((seq, item.path or item.id, f"processing failed: {item_reason(e)}"))
                continue
            m = _DECIDED_ORDER.search(article.date_reason or "") if article.date_source == "text" else None
            order = (_source_key(article), m.group("sep"), m.group("order")) if m else (None, None, None)
            batch.append((seq, article, order))
    with gc_paused():
        results = process_articles([a for _, a, _ in batch], gazetteer, actors, redate=False)
    arows = {f: [] for f in _schemas()[0].names}
    mrows = {"article_id": [], "n": [], "data": []}
    rrows: dict[int, dict[str, list]] = {}
    for (seq, article, order), result in zip(batch, results):
        if isinstance(result, Exception):
            summary["skipped"].append((seq, article.path or article.id, f"processing failed: {item_reason(result)}"))
            continue
        sp, n_words, triples, shingles = story_print_and_comparison(article.text)
        a = result.article
        row = {"part": index, "seq": seq, **{f: getattr(a, f) for f in ARTICLE_FIELDS},
               "order_key": _source_key(a) if order_open(a) else order[0], "order_sep": order[1],
               "order_decided": order[2], "order_open": order_open(a), "sampled": sp.sampled,
               "sentences": sp.sentences, "n_words": n_words, "long": triples, "shingles": shingles,
               "n_mentions": len(result.mentions), "n_events": len(result.events)}
        for k, v in row.items():
            arows[k].append(v)
        if result.mentions:
            mrows["article_id"].append(a.id)
            mrows["n"].append(len(result.mentions))
            mrows["data"].append(orjson.dumps(result.mentions).decode("utf-8"))
        for e in result.events:
            _report_row(rrows, e, a.id, buckets)
        summary["ids"] += 1
    sa, sm, sr = _schemas()
    root = Path(out)
    name = f"part-{index:06d}.parquet"
    _write_atomic(root / "mentions" / name, sm, [pa.Table.from_pydict(mrows, schema=sm)])
    _write_atomic(root / "reports" / name, sr, [pa.Table.from_pydict(rrows[b], schema=sr) for b in sorted(rrows)])
    # the articles part last: its presence marks the partition done
    _write_atomic(root / "articles" / name, sa, [pa.Table.from_pydict(arows, schema=sa)])
    return summary


def reprocess(items: list[tuple[Article, list | None]], out: str | None = None,
              name: str | None = None) -> list[ArticleResult | tuple[str, str]]:
    """Articles with a new date (inference, a source's date order), processed again. With
    stored mentions (an article stored before the run) the places are reused, as locally.
    With `out`, the new reports are written for the corroboration reduce as
    `redone/part-NAME` under it (here, beside the processing, not by the client)."""
    import pyarrow as pa

    from gazetteer.records import Mention
    from timeline.pipeline import process_article

    gazetteer, actors = resources()
    results = []
    rows: dict[int, dict[str, list]] = {}
    for article, mentions in items:
        try:
            kw = {} if mentions is None else {"mentions": tuple(Mention.from_dict(m) for m in mentions)}
            r = process_article(article, gazetteer, actors, redate=False, **kw)
        except Exception as e:  # one broken article never stops the run
            results.append((article.path or article.id, f"processing failed: {item_reason(e)}"))
            continue
        results.append(r)
        for e in r.events:
            _report_row(rows, e, article.id)
    if out is not None and rows:
        sr = _schemas()[2]
        _write_atomic(Path(out) / "redone" / f"part-{name}.parquet", sr,
                      [pa.Table.from_pydict(rows[b], schema=sr) for b in sorted(rows)])
    return results


def infer_chunk(out: str, lenders: tuple, undated: list[tuple[int, int, int]],
                boilerplate: frozenset) -> list[tuple[int, list[tuple[int, int]]]]:
    """One reduce task of date inference, over the articles Parquet as the map wrote it (no
    text is tokenised again). `lenders`: the articles that can lend a date, in the order
    inference ranks them, as arrays of (partition, seq); `undated`: (position, partition,
    seq) of undated articles. For each undated one with candidate lenders (found as
    `infer_dates` finds them, from an index of the lenders' prints built once per process
    and run), the candidates that share enough passages with it, as (position, [(lender
    position, shared passages)]) (`timeline.inference.prepared_counts`)."""
    import numpy as np

    from timeline.inference import prepared_counts

    index = _lender_index(out, lenders)
    parts: dict[int, tuple] = {}
    sets: dict[int, np.ndarray] = {}

    def written(part: int, seq: int) -> tuple:
        if part not in parts:   # a part's columns read once per task
            t = _articles_part(out, part, ["seq", "n_words", "long", "shingles"]).to_pydict()
            parts[part] = {s: row for s, *row in zip(t["seq"], t["n_words"], t["long"], t["shingles"])}
        return parts[part][seq]

    def shingle_set(lender: int) -> np.ndarray:
        if lender not in sets:
            sets[lender] = np.unique(np.frombuffer(written(int(lenders[0][lender]), int(lenders[1][lender]))[2],
                                                   dtype="<i8"))
        return sets[lender]

    out_rows = []
    for (k, part, seq), sampled in zip(undated, _sampled_of(out, [(p, s) for _, p, s in undated])):
        owners = index.candidates(np.frombuffer(sampled, dtype="<i8"))
        if owners:
            out_rows.append((k, prepared_counts(*written(part, seq), owners, shingle_set, boilerplate)))
    return out_rows


#: The lender index of the last inference reduce in this process, by (work folder, lenders'
#: digest): the tasks of one run on one worker build it once.
_LENDER_INDEX: dict = {}


def _lender_index(out: str, lenders: tuple):
    """`timeline.inference.index_of_sampled` of the `lenders` ((partition, seq) arrays), cached."""
    import hashlib

    from timeline.inference import index_of_sampled

    key = (out, hashlib.blake2b(lenders[0].tobytes() + lenders[1].tobytes(), digest_size=16).digest())
    if key not in _LENDER_INDEX:
        _LENDER_INDEX.clear()
        _LENDER_INDEX[key] = index_of_sampled(_sampled_of(out, list(zip(lenders[0].tolist(), lenders[1].tolist()))))
    return _LENDER_INDEX[key]


def _articles_part(out: str, part: int, columns: list[str]):
    import pyarrow.parquet as pq

    return pq.read_table(Path(out) / "articles" / f"part-{part:06d}.parquet", columns=columns)


def _sampled_of(out: str, keys: list[tuple[int, int]]) -> list[bytes]:
    """The print hashes (`StoryPrint.sampled`) of the articles `keys` ((partition, seq)), in order."""
    rows: dict[int, list[int]] = {}
    for j, (part, _) in enumerate(keys):
        rows.setdefault(part, []).append(j)
    found: list = [None] * len(keys)
    for part, js in rows.items():
        t = _articles_part(out, part, ["seq", "sampled"])
        where = {seq: r for r, seq in enumerate(t["seq"].to_pylist())}
        for j, sampled in zip(js, t["sampled"].take([where[keys[j][1]] for j in js]).to_pylist()):
            found[j] = sampled
    return found


def corroborate_bucket(out: str, bucket: int, parts: list[int], replaced: frozenset | set,
                       extra: str | None):
    """One reduce task: the reports of `bucket` in the map's `parts` (less those of articles
    processed again, plus their new ones from `extra`), corroborated (`corroborate_reports`)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    root = Path(out)
    columns = ["article_id", "group", "lo", "hi", *EVENT_ROW_FIELDS]
    tables = []
    for sub in ("reports", extra):
        if sub and (root / sub).is_dir():
            files = ([str(root / sub / f"part-{i:06d}.parquet") for i in parts] if sub == "reports"
                     else sorted(str(p) for p in (root / sub).glob("part-*.parquet")))
            if files:
                t = ds.dataset(files, format="parquet").to_table(columns=columns, filter=ds.field("bucket") == bucket)
                if replaced and sub == "reports":
                    t = t.filter(pc.invert(pc.is_in(t["article_id"], value_set=pa.array(sorted(replaced), pa.string()))))
                tables.append(t)
    return corroborate_reports(pa.concat_tables(tables) if tables else None)


def corroborate_reports(reports):
    """`timeline.corroborate.corroborate` over reports given as a table of report Parquet
    columns (`_schemas`), vectorised: the clusters come from `timeline.corroborate.clusters`
    over the columns; a lone report's event is its `event_row` columns as the map wrote them,
    and only the reports of clusters of two or more are decoded and merged
    (`timeline.corroborate.merge_cluster`). A report id seen twice (a duplicate article's
    reports) counts once, the first. Returns the events as a table of `EVENT_ROW_FIELDS`."""
    import numpy as np
    import pyarrow as pa

    from timeline.bulk import gc_paused
    from timeline.corroborate import clusters, merge_cluster

    schema = pa.schema([f for f in _schemas()[2] if f.name in EVENT_ROW_FIELDS])
    if reports is None or reports.num_rows == 0:
        return pa.Table.from_pylist([], schema=schema)
    ids = reports["id"].to_numpy(zero_copy_only=False)
    _, first = np.unique(ids, return_index=True)
    t = reports.take(np.sort(first))
    order, cluster = clusters(t["group"].to_numpy(zero_copy_only=False), t["lo"].to_pylist(),
                              t["hi"].to_pylist(), t["id"].to_numpy(zero_copy_only=False))
    size = np.bincount(cluster)
    lone = order[size[cluster] == 1]
    shared = order[size[cluster] > 1]
    out = [t.select(list(EVENT_ROW_FIELDS)).take(lone)]
    if len(shared):
        records = t["record"].take(shared).to_pylist()
        bounds = np.flatnonzero(np.diff(cluster[size[cluster] > 1])) + 1
        places: dict = {}
        with gc_paused():
            members = [Event.from_dict(orjson.loads(r), places) for r in records]
            merged = [event_row(e) for c in np.split(np.arange(len(members)), bounds)
                      for e in merge_cluster([members[k] for k in c])]
        out.append(pa.Table.from_pydict(dict(zip(EVENT_ROW_FIELDS, zip(*merged))), schema=schema))
    return pa.concat_tables(out)


# -- running tasks: a distributed client, or a local scheduler ------------------------------
class _Engine:
    """Runs lists of calls as a dask.bag on the cluster (`client`), or on a local Dask scheduler."""

    def __init__(self, client=None, scheduler: str = "processes", progress: bool = True):
        self.client = client
        self.scheduler = scheduler
        self.progress = progress

    def slots(self) -> int:
        """Tasks that can run at once."""
        if self.client is not None:
            return max(1, sum(self.client.nthreads().values()))
        return 1 if self.scheduler in ("sync", "synchronous") else (os.cpu_count() or 1)

    def run(self, fn, calls: list[tuple]) -> list[tuple[object, BaseException | None]]:
        """(result, None) or (None, error) per call, in order."""
        return self.submit(fn, calls)()

    def submit(self, fn, calls: list[tuple]):
        """Start `calls` now and return a function that waits for them and returns `run`'s
        list: the client works on meanwhile. (On a local scheduler they run when it is called.)"""
        if self.client is None or not calls:
            return lambda: self._gather(self.stream(fn, calls), len(calls))
        futures = self._futures(fn, calls)
        return lambda: self._gather(self._finished(futures), len(calls))

    @staticmethod
    def _gather(stream, n: int) -> list[tuple[object, BaseException | None]]:
        out: list = [None] * n
        for i, res, err in stream:
            out[i] = (res, err)
        return out

    def stream(self, fn, calls: list[tuple]):
        """Yields (index, result, None) or (index, None, error) per call as each finishes (on a
        local scheduler: all at the end, in order). A failed task is retried `RETRIES` times
        first; on a cluster a task whose worker dies runs again elsewhere."""
        if not calls:
            return
        if self.client is not None:
            yield from self._finished(self._futures(fn, calls))
            return
        import dask
        from dask.diagnostics import ProgressBar

        bag = _bag(calls).map(_tried, fn)
        with (ProgressBar(out=sys.stderr) if self.progress else contextlib.nullcontext()):
            results = dask.compute(bag, scheduler=self.scheduler)[0]
        for i, (res, err) in enumerate(results):
            yield i, res, err

    def _futures(self, fn, calls: list[tuple]) -> list:
        delayed = _bag(calls).map(_call, fn).to_delayed()
        # each task with its own priority, the earlier first: computed together, the
        # scheduler ran them in an order of its own (often the first partitions last), and
        # the loader, which stores partitions in order, waited for the end of the map
        return [self.client.compute(d, retries=RETRIES, priority=len(delayed) - i) for i, d in enumerate(delayed)]

    def _finished(self, futures: list):
        """(index, result, None) or (index, None, error) of `futures` as each finishes."""
        from distributed import as_completed

        index = {f.key: i for i, f in enumerate(futures)}
        bar = _progress_thread(futures, self.client) if self.progress else None
        try:
            for f in as_completed(futures):
                if f.status == "finished":
                    yield index[f.key], f.result()[0], None
                else:
                    try:
                        err = f.exception()
                    except Exception as e:  # a cancelled future
                        err = e
                    yield index[f.key], None, err
        finally:
            if bar is not None:
                bar.join(5)


def _bag(calls: list[tuple]):
    """A bag of `calls`, one partition each. Each call travels pickled, as one bytes object:
    dask then hashes it rather than tokenising and walking every article and list inside."""
    import dask.bag as db

    return db.from_sequence([pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in calls],
                            npartitions=len(calls))


def _call(payload: bytes, fn):
    return fn(*pickle.loads(payload))


def _tried(payload: bytes, fn):
    """On a local scheduler: the call, retried `RETRIES` times; (result, None) or (None, error)."""
    for attempt in range(RETRIES + 1):
        try:
            return fn(*pickle.loads(payload)), None
        except Exception as e:  # retried, then reported
            if attempt == RETRIES:
                return None, e


def _progress_thread(futures, client):
    """distributed's text progress bar, on stderr (stdout carries the summary), beside the
    loop that loads finished partitions."""
    import threading

    from distributed.diagnostics.progressbar import TextProgressBar

    class _Bar(TextProgressBar):
        def _draw_bar(self, remaining, all, **kwargs):
            frac = (1 - remaining / all) if all else 1.0
            sys.stderr.write("\r[{0:<{1}}] | {2}% Completed | {3:.1f}s".format(
                "#" * int(self.width * frac), self.width, int(100 * frac), self.elapsed))
            sys.stderr.flush()

        def _draw_stop(self, **kwargs):
            sys.stderr.write("\n")
            sys.stderr.flush()

    def run():
        with contextlib.suppress(Exception):   # a progress bar never stops a run
            _Bar(futures, scheduler=client.scheduler.address)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@contextlib.contextmanager
def engine(scheduler: str | None = None, workers: int | None = None, progress: bool = True):
    """An `_Engine`: a client of the scheduler at `scheduler` (an address), a local Dask
    scheduler (`scheduler` "sync", "threads" or "processes"), or, by default, a
    LocalCluster of `workers` processes (default: the CPU count), one thread each."""
    _require()
    if scheduler in ("sync", "synchronous", "threads", "processes"):
        yield _Engine(None, scheduler, progress)
        return
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None, memory_limit=0)
        client = Client(cluster)
    try:
        client.register_plugin(_plugin_class()())
        yield _Engine(client, "distributed", progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- the whole run -------------------------------------------------------------------------
@dataclass
class DaskSummary(IngestSummary):
    """`IngestSummary` plus where the time went and the partitions that failed."""

    partitions: int = 0
    failed_partitions: list[tuple[int, list[str], str]] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    work_dir: str | None = None

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(engine="dask", partitions=self.partitions,
                 failed_partitions=[{"index": i, "files": f, "reason": r} for i, f, r in self.failed_partitions],
                 seconds={k: round(v, 3) for k, v in self.seconds.items()})
        return d


def ingest_dask(paths: Iterable[str | Path], store, *, scheduler: str | None = None, workers: int | None = None,
                progress: bool = True, languages: Iterable[str] | None = None, work_dir: str | Path | None = None,
                keep_work: bool = False, partition_bytes: int = PARTITION_BYTES) -> DaskSummary:
    """Ingest `paths` into `store` on a Dask cluster (see the module doc); the store ends
    as `timeline.ingest.ingest_paths` leaves it."""
    from timeline.dates import check_languages

    _require()
    languages = check_languages(languages)
    summary = DaskSummary()
    clock = time.perf_counter()
    errors: list[ReadError] = []
    files = list_files(paths, errors)
    own_dir = work_dir is None
    root = Path(tempfile.mkdtemp(prefix="conflictmap-dask-", dir=_work_parent(store))) if own_dir else Path(work_dir)
    root.mkdir(parents=True, exist_ok=True)
    summary.work_dir = str(root)
    with engine(scheduler, workers, progress) as eng:
        # parts of at most `partition_bytes`, and at least 4 per worker thread when the files allow
        total = sum(_size(f) for f in files)
        parts = partitions(files, max(1, min(partition_bytes, total // (4 * eng.slots()))))
        summary.partitions = len(parts)
        loader = _Loader(store, root, eng, languages, summary)
        # a run into an empty store fills it as a bulk load (see `SQLiteStore.bulk_load`)
        bulk = store.bulk_load() if loader.fresh and hasattr(store, "bulk_load") else contextlib.nullcontext()
        with bulk:
            _map_and_load(eng, parts, root, languages, loader, clock)
            summary.skipped.extend((e.path, e.reason) for e in errors)
            loader.finish()
    summary.seconds["total"] = time.perf_counter() - clock
    if own_dir and not keep_work and not summary.failed_partitions:
        shutil.rmtree(root, ignore_errors=True)
    return summary


def _map_and_load(eng: _Engine, parts: list[list[str]], root: Path, languages, loader: _Loader,
                  clock: float) -> None:
    """The map (`run_partition` over `parts`), each partition loaded as soon as it and all
    partitions before it are done (the first copy of an article wins), each once."""
    summary = loader.summary
    finished: dict[int, tuple[dict | None, BaseException | None]] = {}
    following = 0
    mapped = clock
    for i, res, err in eng.stream(run_partition, [(i, fs, str(root), languages) for i, fs in enumerate(parts)]):
        mapped = time.perf_counter()   # the map ends when the last task's result is in, loaded or not
        finished[i] = (res, err)
        while following in finished:
            res, err = finished.pop(following)
            if err is not None:
                reason = f"partition {following} failed after {RETRIES + 1} tries: {item_reason(err)}"
                summary.failed_partitions.append((following, parts[following], reason))
                loader.skipped.append((following, 0, [(f, reason) for f in parts[following]]))
            else:
                summary.read += res["read"]
                loader.skipped.append((following, 0, [(p, r) for _, p, r in sorted(res["skipped"])]))
                summary.decoding.extend((p, r) for _, p, r in sorted(res["decoding"]))
                loader.load_part(following)
            following += 1
    summary.seconds["map"] = mapped - clock
    summary.seconds["map_and_load"] = time.perf_counter() - clock


def sorted_event_columns(tables: list) -> dict[str, list]:
    """Tables of `EVENT_ROW_FIELDS` (the reduce's) as one set of columns, sorted in the
    order readers want the events (undated last, by date, then id; sorted by Arrow, so that
    the store finds them in order)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = pa.concat_tables(tables) if tables else corroborate_reports(None)
    keys = pa.table({"undated": pc.is_null(t["date"]), "date": pc.fill_null(t["date"], ""), "id": t["id"]})
    order = pc.sort_indices(keys, sort_keys=[("undated", "ascending"), ("date", "ascending"), ("id", "ascending")])
    t = t.take(order)
    return {f: t[f].to_pylist() for f in EVENT_ROW_FIELDS}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _work_parent(store) -> str | None:
    path = getattr(store, "path", None)
    if path and path != ":memory:":
        return str(Path(path).resolve().parent)
    return None


def _rows_of(tables: tuple, seqs) -> tuple:
    """The rows of a partition's (articles, mentions, reports) tables for the articles `seqs`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arts = tables[0].filter(pc.is_in(tables[0]["seq"], value_set=pa.array(sorted(seqs), pa.int32())))
    return (arts, *_of_articles(tables[1], tables[2], arts["id"]))


def _of_articles(ment, reps, ids) -> tuple:
    """The mentions and reports tables' rows of the articles `ids`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pa.array(ids, pa.string()) if isinstance(ids, list) else ids.combine_chunks()
    return (ment.filter(pc.is_in(ment["article_id"], value_set=ids)),
            reps.filter(pc.is_in(reps["article_id"], value_set=ids)))


class _Loader:
    """Parquet -> store as the partitions finish, in order; then inference and corroboration
    (steps 2 and 3 of the module doc)."""

    def __init__(self, store, root: Path, eng: _Engine, languages, summary: DaskSummary):
        self.store, self.root, self.eng = store, root, eng
        self.languages, self.summary = languages, summary
        self.fresh = store.counts()["articles"] == 0
        self.parts: list[int] = []                       # the partitions loaded
        self.skipped: list[tuple[int, int, list]] = []   # (partition, 0, [(path, reason)]), in run order
        self._seen: set[str] = set()                     # article ids of the run (the first copy is kept)
        self._orders: dict[tuple[str, str], Counter] = {}   # (source, separator) -> day-month orders seen
        # partition -> ({seq: (source, separator)} of the articles whose order is open, their rows)
        self._held: dict[int, tuple[dict[int, tuple[str, str]], tuple]] = {}
        self._new_ids: set[str] = set()                  # articles this run stored
        self._counts: dict[str, tuple[int, int]] = {}    # their mentions and reports, as loaded
        self.prints = {} if self.fresh else dict(store.story_prints())
        self._where: dict[str, tuple[int, int]] = {}     # article id -> (partition, seq) it was stored from
        self.load_seconds = 0.0

    def _file(self, kind: str, i: int) -> Path:
        return self.root / kind / f"part-{i:06d}.parquet"

    def load_part(self, i: int) -> None:
        """Store the first copies of the articles of partition `i` (all partitions before it
        are in); those whose numeric date's order is open wait for the run's end, their rows
        held in memory (a few in a hundred), so that no part is read twice."""
        t0 = time.perf_counter()
        self.parts.append(i)
        tables = self._read_part(i)
        keep: list[int] = []
        held: dict[int, tuple[str, str]] = {}
        columns = ("seq", "id", "order_key", "order_sep", "order_decided", "order_open")
        for seq, aid, key, sep, decided, open_sep in zip(*(tables[0][c].to_pylist() for c in columns)):
            if aid in self._seen or (not self.fresh and self.store.has_article(aid)):
                self._seen.add(aid)
                continue
            self._seen.add(aid)
            if decided:
                self._orders.setdefault((key, sep), Counter())[decided] += 1
            if open_sep:
                held[seq] = (key, open_sep)
                continue
            keep.append(seq)
        if held:
            self._held[i] = (held, _rows_of(tables, held))
        self._store_rows(i, _rows_of(tables, keep) if len(keep) < tables[0].num_rows else tables)
        self.load_seconds += time.perf_counter() - t0

    def _read_part(self, i: int) -> tuple:
        """The articles, mentions and reports of partition `i`, the columns the load stores."""
        import pyarrow.parquet as pq

        arts = pq.read_table(self._file("articles", i), columns=[
            "seq", *ARTICLE_FIELDS, "sampled", "sentences", "order_key", "order_sep", "order_decided", "order_open"])
        ment = pq.read_table(self._file("mentions", i), columns=["article_id", "n", "data"])
        reps = pq.read_table(self._file("reports", i), columns=["id", "article_id", "type", "date", "status", "data"])
        return arts, ment, reps

    def _store_rows(self, i: int, tables: tuple, redate: dict[int, str] | None = None) -> list:
        """Store the articles of `tables` (partition `i`'s rows, `_rows_of`) as the map processed
        them; those of `redate` (seq -> order hint) are returned, dated in that order, to be
        processed again (and stored then)."""
        from timeline.inference import StoryPrint

        arts, ment, reps = tables
        a = {f: arts[f].to_pylist() for f in ("seq", *ARTICLE_FIELDS, "sampled", "sentences")}
        redo, stored = [], []
        for k, (seq, aid) in enumerate(zip(a["seq"], a["id"])):
            self._new_ids.add(aid)
            self.summary.new += 1
            # inference needs a lender's print, and an undated article's to find its candidates
            self.prints[aid] = StoryPrint(a["sampled"][k], a["sentences"][k])
            self._where[aid] = (i, seq)
            if redate and seq in redate:
                from timeline.dates import date_article

                article = Article(**{f: a[f][k] for f in ARTICLE_FIELDS})
                try:
                    redo.append((date_article(article, self.languages, order_hint=redate[seq]), None))
                except Exception as e:  # one broken article never stops the run
                    self.skipped.append((i, seq, [(article.path or article.id, f"processing failed: {item_reason(e)}")]))
                    self.summary.new -= 1
                continue   # stored once it is processed with its date
            stored.append(k)
        if len(stored) < len(a["id"]):
            ment, reps = _of_articles(ment, reps, [a["id"][k] for k in stored])
        self._save(a, stored, ment, reps)
        return redo

    def _save(self, a: dict[str, list], stored: list[int], ment, reps) -> None:
        """Articles `stored` (rows of the columns `a`) with their mentions and reports (tables of
        theirs alone) into the store, in one transaction: as encoded where the store takes
        that (SQLite), as records otherwise."""
        if not stored:
            return
        m_ids, m_n = ment["article_id"].to_pylist(), ment["n"].to_pylist()
        r_ids = reps["article_id"].to_pylist()
        n_mentions, n_reports = dict(zip(m_ids, m_n)), Counter(r_ids)
        for k in stored:
            self._counts[a["id"][k]] = (n_mentions.get(a["id"][k], 0), n_reports[a["id"][k]])
        self.summary.mentions += sum(m_n)
        self.summary.events += len(r_ids)
        articles = [tuple(a[f][k] for f in ARTICLE_FIELDS) for k in stored]
        # the reports grouped by article, in the articles' order (the store keeps that order)
        position = {a["id"][k]: j for j, k in enumerate(stored)}
        order = sorted(range(len(r_ids)), key=lambda r: position[r_ids[r]])
        r_cols = [reps[c].to_pylist() for c in ("id", "article_id", "type", "date", "status", "data")]
        reports = [tuple(col[r] for col in r_cols) for r in order]
        mentions = list(zip(m_ids, m_n, ment["data"].to_pylist()))
        if hasattr(self.store, "save_encoded"):   # spared decoding and encoding them again
            self.store.save_encoded(articles, mentions, reports, fresh=self.fresh)
            return
        from gazetteer.records import Mention

        ms = {aid: tuple(Mention.from_dict(m) for m in orjson.loads(data)) for aid, _, data in mentions}
        evs: dict[str, list[Event]] = {}
        for r in reports:
            evs.setdefault(r[1], []).append(Event.from_dict(orjson.loads(r[5])))
        results = [ArticleResult(article=Article(**dict(zip(ARTICLE_FIELDS, row))), mentions=ms.get(row[0], ()),
                                 events=tuple(evs.get(row[0], ()))) for row in articles]
        for j in range(0, len(results), LOAD_BATCH):
            self.store.save_results(results[j:j + LOAD_BATCH], rebuild=False)

    def finish(self) -> None:
        """After the map: the held articles, date inference, corroboration (module doc, 2-3)."""
        t0 = time.perf_counter()
        # the reports of articles processed again are written there by this run's tasks alone
        shutil.rmtree(self.root / "redone", ignore_errors=True)
        # held articles: read in the order their source's other articles of the run show,
        # when they agree (as `timeline.ingest` does at the end of a run)
        redo: list = []
        for i, (held, tables) in sorted(self._held.items()):
            hints = {seq: next(iter(self._orders[k])) for seq, k in held.items() if len(self._orders.get(k, ())) == 1}
            redo += self._store_rows(i, tables, hints)
        self._held.clear()
        self.summary.seconds["load"] = self.load_seconds + time.perf_counter() - t0
        # they are processed again on the cluster while the client finds inference's candidates:
        # their new dates are stored now (inference reads them), their events when they come
        if redo:
            self.store.save_results([ArticleResult(article=a, mentions=(), events=()) for a, _ in redo],
                                    rebuild=False)
        pending = self._redo_start(redo, "order")
        t1 = time.perf_counter()
        replaced: set[str] = set()
        inferred = self._infer_stored()
        self.summary.seconds["inference"] = time.perf_counter() - t1
        self._redo_store(*pending, replaced, ahead=True)
        self.summary.seconds["order_redo"] = time.perf_counter() - t1 - self.summary.seconds["inference"]
        t2 = time.perf_counter()
        if inferred[1]:
            self._redo_store(*self._redo_start(inferred[1], "inferred"), replaced)
        self.summary.seconds["inferred_redo"] = time.perf_counter() - t2
        self.store.mark_inference_done(inferred[0], [a.id for a, _ in redo + inferred[1]])
        # the skipped items in run order: files that could not be listed first, then by partition
        listed = self.summary.skipped[:]
        self.summary.skipped[:] = listed + [x for _, _, xs in sorted(self.skipped, key=lambda s: s[:2]) for x in xs]
        t3 = time.perf_counter()
        self._corroborate(replaced)
        self.summary.seconds["corroborate"] = time.perf_counter() - t3

    def _infer_stored(self) -> tuple[int, list[tuple[Article, list | None]]]:
        """Date inference over everything stored, with the workers' story prints: the store's
        `inference_point` before it, and the articles it dated, with their texts and (for
        articles stored before the run) their stored mentions, ready to be processed again."""
        from dataclasses import replace as dc_replace

        point = self.store.inference_point()   # before inference reads the articles
        stored = self.store.articles(with_text=False)
        inferred = []
        if any(a.published is None for a in stored):
            inferred = self._inferred(stored)
        self.summary.inferred = len(inferred)
        self.prints = {}
        del stored
        return point, [(a if a.text else dc_replace(a, text=self.store.article_text(a.id)),
                        None if a.id in self._new_ids else [m.to_dict() for m in self.store.mentions(a.id)])
                       for a in inferred]

    def _corroborate(self, replaced: set[str]) -> None:
        """Corroboration: a reduce over the report buckets (into a fresh store), or the store's own."""
        version = self.store.version
        if self.fresh and hasattr(self.store, "put_corroborated"):
            extra = "redone" if replaced else None
            res = self.eng.run(corroborate_bucket, [(str(self.root), b, self.parts, frozenset(replaced), extra)
                                                    for b in range(BUCKETS)])
            if any(err is not None for _, err in res):   # the store derives the events itself, from its reports
                self.store.refresh_events(force=True)
            else:
                self.store.put_corroborated(sorted_event_columns([table for table, _ in res]), version=version)
        else:
            self.store.refresh_events()

    def _inferred(self, stored: list[Article]) -> list[Article]:
        """`timeline.inference.infer_dates` over the `stored` articles, on the cluster: a reduce
        over what the map wrote of each text and print to the articles Parquet, `infer_chunk`,
        in tasks of consecutive undated articles, which find each one's candidate lenders and
        compare them in full; the client names the lenders and the boilerplate (from the
        prints) and picks each one's lender as `infer_dates` does. Into a store that held
        articles before the run (not all in this run's Parquet) it runs locally."""
        import numpy as np

        from timeline.inference import _lends, dated_copy, infer_dates, lender_boilerplate

        if not self.fresh:
            return infer_dates(stored, prints=self.prints, text_of=self.store.article_text,
                               written_since=self.store.written_since_inference())
        dated = [a for a in stored if _lends(a)]
        undated = [a for a in stored if not a.published and a.date_source == "none"]
        if not dated or not undated:
            return []
        boilerplate = frozenset(lender_boilerplate(dated, [self.prints[a.id] for a in dated]))
        lenders = tuple(np.array([self._where[a.id][j] for a in dated], dtype=np.int32) for j in (0, 1))
        todo = [(k, *self._where[a.id]) for k, a in enumerate(undated)]
        size = max(1, -(-len(todo) // (2 * self.eng.slots())))   # two tasks per slot: even ends
        calls = [(str(self.root), lenders, todo[j:j + size], boilerplate) for j in range(0, len(todo), size)]
        out = []
        for call, (res, err) in zip(calls, self.eng.run(infer_chunk, calls)):
            # a task that failed on the cluster is done here: the Parquet is the client's too
            for k, found in (infer_chunk(*call) if err is not None else res):
                verified = [(n, dated[o]) for o, n in found if dated[o].id != undated[k].id]
                if verified:
                    out.append(dated_copy(undated[k], verified))
        return out

    def _redo_start(self, items: list[tuple[Article, list | None]], what: str) -> tuple:
        """Start processing `items` again on the cluster (which writes their reports for the
        corroboration reduce); `_redo_store` waits for them."""
        chunks = [items[k:k + 200] for k in range(0, len(items), 200)]
        return chunks, self.eng.submit(reprocess, [(c, str(self.root), f"{what}-{k:05d}") for k, c in enumerate(chunks)])

    def _redo_store(self, chunks: list, wait, replaced: set[str], ahead: bool = False) -> None:
        """Store the articles processed again (`_redo_start`) as they come back; those of
        `replaced` have their map reports left out of the corroboration reduce. `ahead`: the
        articles were stored before (their dates alone), and one that fails is removed, as
        the local engine never stores an article whose processing failed."""
        failed: list[str] = []
        for chunk, (res, err) in zip(chunks, wait()):
            if err is not None:   # reported; these articles keep what is stored (if anything)
                self.skipped.append((1 << 30, 0, [(a.path or a.id, f"processing failed on the cluster: "
                                                   f"{item_reason(err)}") for a, _ in chunk]))
                failed += [a.id for a, _ in chunk]
                continue
            results = []
            for (article, _), r in zip(chunk, res):
                if isinstance(r, tuple):
                    self.skipped.append((1 << 30, 0, [r]))
                    failed.append(article.id)
                    continue
                results.append(r)
                replaced.add(article.id)
                if article.id in self._new_ids:
                    m0, e0 = self._counts.get(article.id, (0, 0))
                    self.summary.mentions += len(r.mentions) - m0
                    self.summary.events += len(r.events) - e0
                    self._counts[article.id] = (len(r.mentions), len(r.events))
            self.store.save_results(results, rebuild=False)   # corroborated once, at the end
        if ahead and failed:
            self.store.delete_articles(failed)
            self.summary.new -= len(failed)
            self._new_ids.difference_update(failed)
