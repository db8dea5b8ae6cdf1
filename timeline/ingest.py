"""Ingest: files -> articles -> `process_article` -> the store, then the corpus-level steps.

    >>> from timeline.store import open_store
    >>> summary = ingest_paths(["seeds"], open_store("/tmp/doctest.db"))   # doctest: +SKIP
    >>> summary.read, summary.skipped                                       # doctest: +SKIP
    (5, [])

The per-article work is `timeline.pipeline.process_article`, pure, so a Dask bag
could run it instead of the loop below; what needs the whole corpus runs after:
1. dates inferred from a story shared with a dated article (`timeline.inference`),
   whose events are then re-dated;
2. corroboration (the store rebuilds merged events from the reports on read).

Idempotent: article ids are content hashes, so ingesting the same files twice
adds nothing; each article is written in one transaction, so a killed run
loses at most the article it was on, and a re-run completes it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer import Gazetteer, load_gazetteer
from timeline.actors import ActorLexicon, load_actors
from timeline.pipeline import process_article
from timeline.readers import ReadError, list_files, read_bytes, read_file
from timeline.records import Article
from timeline.store import Store

#: progress(done, total, what): called after each file.
Progress = Callable[[int, int, str], None]


@dataclass
class IngestSummary:
    """What an ingest did. `skipped` pairs a file (or file#record) with the reason."""

    read: int = 0
    new: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    inferred: int = 0

    def to_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "skipped": [list(s) for s in self.skipped],
                "mentions": self.mentions, "events": self.events, "inferred_dates": self.inferred}


class _Ingest:
    def __init__(self, store: Store, gazetteer: Gazetteer | None, actors: ActorLexicon | None):
        self.store = store
        self.gazetteer = load_gazetteer() if gazetteer is None else gazetteer
        self.actors = load_actors() if actors is None else actors
        self.summary = IngestSummary()

    def add(self, items: Iterable[Article | ReadError]) -> None:
        for item in items:
            if isinstance(item, ReadError):
                self.summary.skipped.append((item.path, item.reason))
                continue
            self.summary.read += 1
            if self.store.has_article(item.id):
                continue
            try:
                result = process_article(item, self.gazetteer, self.actors)
            except Exception as e:  # one broken article never stops the run
                self.summary.skipped.append((item.path or item.id, f"processing failed: {type(e).__name__}: {e}"))
                continue
            self.store.save_result(result)
            self.summary.new += 1
            self.summary.mentions += len(result.mentions)
            self.summary.events += len(result.events)

    def finish(self) -> IngestSummary:
        if self.summary.new:
            self.summary.inferred = infer_missing_dates(self.store, self.gazetteer, self.actors)
        self.store.refresh_events()
        return self.summary


def ingest_paths(paths: Iterable[str | Path], store: Store, *, gazetteer: Gazetteer | None = None,
                 actors: ActorLexicon | None = None, progress: Progress | None = None) -> IngestSummary:
    """Ingest files and folders (recursively) into `store`."""
    run = _Ingest(store, gazetteer, actors)
    files = list_files(paths)
    for n, path in enumerate(files, 1):
        run.add(read_file(path))
        if progress:
            progress(n, len(files), str(path))
    return run.finish()


def ingest_uploads(files: Iterable[tuple[str, bytes]], store: Store, *, gazetteer: Gazetteer | None = None,
                   actors: ActorLexicon | None = None, progress: Progress | None = None) -> IngestSummary:
    """Ingest in-memory files (name, content), e.g. uploads from the dashboard."""
    from timeline.readers import UnreadableFile

    run = _Ingest(store, gazetteer, actors)
    files = list(files)
    for n, (name, data) in enumerate(files, 1):
        try:
            run.add(list(read_bytes(name, data, origin=name)))
        except UnreadableFile as e:
            run.add([ReadError(name, str(e))])
        if progress:
            progress(n, len(files), name)
    return run.finish()


def infer_missing_dates(store: Store, gazetteer: Gazetteer | None = None,
                        actors: ActorLexicon | None = None) -> int:
    """Date undated articles from a dated one they share a story with; re-date their events."""
    from timeline.inference import infer_dates

    inferred = infer_dates(store.articles())
    for article in inferred:
        store.save_result(_redated(store, article, gazetteer, actors))
    return len(inferred)


def _redated(store: Store, article: Article, gazetteer, actors):
    """Events of `article` under its new date; its places are those already stored."""
    return process_article(article, gazetteer, actors, redate=False,
                           mentions=tuple(store.mentions(article.id)))


def set_article_date(store: Store, article_id: str, date_iso: str | None, *,
                     gazetteer: Gazetteer | None = None, actors: ActorLexicon | None = None) -> Article:
    """Set (or with None, clear) an article's date by hand; its events are re-dated.

    A user's date wins over text, metadata, manifest and inference.
    Raises KeyError for an unknown id and ValueError for an unreadable date.
    """
    from timeline.dates import parse_date_value

    article = store.article(article_id)
    if article is None:
        raise KeyError(f"no article with id {article_id!r}")
    if date_iso is None:
        updated = article.with_date(None, source="none", reason="date cleared by the user")
    else:
        try:
            iso, precision = parse_date_value(date_iso)
        except ValueError as e:
            raise ValueError(f"cannot read the date {date_iso!r}: {e} (use YYYY-MM-DD)") from None
        updated = article.with_date(iso, precision=precision, source="user", reason="set by the user")
    result = _redated(store, updated, gazetteer, actors)
    store.save_result(result)
    store.refresh_events()
    return result.article
