"""Ingest: files -> articles -> `process_article` -> the store, then the corpus-level steps.

    >>> from timeline.store import open_store
    >>> summary = ingest_paths(["seeds"], open_store("/tmp/doctest.db"))   # doctest: +SKIP
    >>> summary.read, summary.skipped                                       # doctest: +SKIP
    (5, [])

The per-article work is `timeline.pipeline.process_article`, pure, so a Dask bag
could run it instead of the loop below, which runs its batch form
(`process_articles`) over 200 articles at a time; what needs the whole corpus
runs after:
1. dates inferred from a story shared with a dated article (`timeline.inference`).
   Articles of this run that have no date of their own are held back until then
   (up to `MAX_HELD_UNDATED`), so that each is processed once, with the date it
   gets; stored articles that get a date have their events re-dated;
2. corroboration (the store rebuilds merged events from the reports on read).

Publication dates come from each article's header (`timeline.dates`, dateparser only in
`languages`, default English). An all-numeric header date whose day and month can swap
("03-04-2016") and that nothing in its article decides is held back too: at the end of
the run it is read in the order the same source's other articles show (a part over 12,
a weekday), when they agree; otherwise it stays at the year.

Idempotent: article ids are content hashes, so ingesting the same files twice
adds nothing. Articles are written in batches (`BATCH_ARTICLES`, or whatever
`BATCH_SECONDS` of reading gathered), one transaction each, so a killed run loses
at most the batch it was on (and the undated articles held back), and a re-run
completes it.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gazetteer import Gazetteer, load_gazetteer
from timeline.actors import ActorLexicon, load_actors
from timeline.bulk import gc_paused
from timeline.corrections import Corrector
from timeline.dates import check_languages, date_article, order_open
from timeline.errors import item_reason
from timeline.pipeline import process_article, process_articles
from timeline.readers import ReadError, list_files, read_file, read_safely
from timeline.records import Article
from timeline.store import Store

#: progress(done, total, what): called after each file.
Progress = Callable[[int, int, str], None]

#: Articles processed as a batch (see `timeline.pipeline.process_articles`) and written in
#: one transaction: one commit per article was a fifth of an ingest's time.
BATCH_ARTICLES = 200
#: ...or fewer, so that a slow run still commits (and a killed one loses little) every few seconds.
BATCH_SECONDS = 2.0
#: Undated articles held back for date inference; past this many they are processed
#: undated at once (and re-dated if inference dates them), to bound memory.
MAX_HELD_UNDATED = 20_000


@dataclass
class IngestSummary:
    """What an ingest did. `skipped` pairs a file (or file#record) with the reason;
    `decoding` pairs an article read with a guessed decoding with what was guessed."""

    read: int = 0
    new: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    inferred: int = 0
    decoding: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "skipped": [list(s) for s in self.skipped],
                "mentions": self.mentions, "events": self.events, "inferred_dates": self.inferred,
                "decoding": [list(d) for d in self.decoding]}

    @property
    def exit_code(self) -> int:
        """0: everything was read; 1: some files or records were skipped; 2: nothing could be read."""
        from timeline.errors import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED

        if not self.skipped:
            return EXIT_OK
        return EXIT_SKIPPED if self.read else EXIT_FAILED


class _Ingest:
    def __init__(self, store: Store, gazetteer: Gazetteer | None, actors: ActorLexicon | None,
                 languages: Iterable[str] | None = None):
        self.store = store
        self.languages = check_languages(languages)
        self._orders: dict[tuple[str, str], Counter] = {}  # (source, separator) -> day-month orders seen
        self._order_held: dict[str, Article] = {}  # article id -> article whose date's order is open
        # the analyst's corrections (timeline.corrections): their places join the gazetteer,
        # and they are applied to every article processed, after extraction
        self.corrector = Corrector.for_store(store, gazetteer, actors)
        self.gazetteer, self.actors = self.corrector.gazetteer, self.corrector.actors
        self.summary = IngestSummary()
        self._queue: dict[str, Article] = {}   # article id -> dated article awaiting its batch
        self._held: dict[str, Article] = {}    # article id -> undated article awaiting inference
        self._since = time.monotonic()

    def add(self, items: Iterable[Article | ReadError]) -> None:
        for item in items:
            if isinstance(item, ReadError):
                self.summary.skipped.append((item.path, item.reason))
                continue
            self.summary.read += 1
            if item.decoding:
                self.summary.decoding.append((item.path or item.id, item.decoding))
            if item.id in self._queue or item.id in self._held or item.id in self._order_held \
                    or self.store.has_article(item.id):
                continue
            try:
                article = date_article(item, self.languages)
            except Exception as e:  # one broken article never stops the run
                self._failed(item, e)
                continue
            self._learn_order(article)
            if order_open(article) and len(self._order_held) < MAX_HELD_UNDATED:
                self._order_held[article.id] = article  # dated in finish(), by its source's order
                continue
            if article.published is None and len(self._held) < MAX_HELD_UNDATED:
                self._held[article.id] = article  # processed in finish(), once its date is known
                continue
            self._queue[article.id] = article
            if len(self._queue) >= BATCH_ARTICLES or time.monotonic() - self._since >= BATCH_SECONDS:
                self.flush()

    def flush(self) -> None:
        """Process the queued articles (a stage at a time over the batch) and write them
        in one transaction."""
        articles = list(self._queue.values())
        self._queue.clear()
        results = []
        # dated in add() (or by inference): the text must not redo it. The collector is
        # paused meanwhile: a batch builds many short-lived objects and no cycles, and each
        # full collection would rescan the gazetteer's and the lexicons' caches.
        with gc_paused():
            batch = self.corrector.apply(process_articles(articles, self.gazetteer, self.actors, redate=False))
        for article, result in zip(articles, batch):
            if isinstance(result, Exception):  # one broken article never stops the run
                self._failed(article, result)
                continue
            results.append(result)
            self.summary.new += 1
            self.summary.mentions += len(result.mentions)
            self.summary.events += len(result.events)
        self.store.save_results(results, rebuild=False)   # rebuilt once, in finish()
        self._since = time.monotonic()

    def _failed(self, article: Article, error: Exception) -> None:
        self.summary.skipped.append((article.path or article.id, f"processing failed: {item_reason(error)}"))

    def _learn_order(self, article: Article) -> None:
        """Count the day-month order a decided all-numeric header date shows for its source."""
        m = _DECIDED_ORDER.search(article.date_reason or "") if article.date_source == "text" else None
        if m:
            self._orders.setdefault((_source_key(article), m.group("sep")), Counter())[m.group("order")] += 1

    def _date_order_held(self) -> None:
        """Articles whose numeric header date had an open order, read in their source's order
        when the source's decided dates in this run agree on one (else left at the year)."""
        for article in self._order_held.values():
            seen = self._orders.get((_source_key(article), order_open(article) or ""), Counter())
            if len(seen) == 1:
                try:
                    article = date_article(article, self.languages, order_hint=next(iter(seen)))
                except Exception as e:  # one broken article never stops the run
                    self._failed(article, e)
                    continue
            self._queue[article.id] = article
            if len(self._queue) >= BATCH_ARTICLES:
                self.flush()
        self._order_held.clear()

    def finish(self) -> IngestSummary:
        self._date_order_held()
        self.flush()
        # inference also runs when a run before this one stored articles and was killed
        # before it (or between its steps): nothing new now, but dates still owed
        if self.summary.new or self._held or self.store.inference_pending():
            point = self.store.inference_point()   # before inference reads the articles
            inferred = {a.id: a for a in _infer(self.store, list(self._held.values()))}
            self.summary.inferred = len(inferred)
            written = [*self._held, *inferred]
            for article_id, article in self._held.items():
                self._queue[article_id] = inferred.pop(article_id, article)
                if len(self._queue) >= BATCH_ARTICLES:
                    self.flush()
            self._held.clear()
            self.flush()
            _save_redated(self.store, list(inferred.values()), self.gazetteer, self.actors)
            self.store.mark_inference_done(point, written)
        self.corrector.save_status(self.store)
        self.store.refresh_events()
        return self.summary


def ingest_paths(paths: Iterable[str | Path], store: Store, *, gazetteer: Gazetteer | None = None,
                 actors: ActorLexicon | None = None, progress: Progress | None = None,
                 languages: Iterable[str] | None = None) -> IngestSummary:
    """Ingest files and folders (recursively) into `store`. `languages`: the languages
    (ISO 639-1 codes) dateparser may read header dates in; default English only."""
    run = _Ingest(store, gazetteer, actors, languages)
    errors: list[ReadError] = []
    files = list_files(paths, errors)
    run.add(errors)
    for n, path in enumerate(files, 1):
        run.add(read_file(path))
        if progress:
            progress(n, len(files), str(path))
    return run.finish()


def ingest_uploads(files: Iterable[tuple[str, bytes]], store: Store, *, gazetteer: Gazetteer | None = None,
                   actors: ActorLexicon | None = None, progress: Progress | None = None,
                   languages: Iterable[str] | None = None) -> IngestSummary:
    """Ingest in-memory files (name, content), e.g. uploads from the dashboard."""
    run = _Ingest(store, gazetteer, actors, languages)
    files = list(files)
    for n, (name, data) in enumerate(files, 1):
        run.add(read_safely(name, data, origin=name))   # never raises for a bad file
        if progress:
            progress(n, len(files), name)
    return run.finish()


#: A header date whose order a part over 12 or a weekday decided (see `timeline.dates`).
_DECIDED_ORDER = re.compile(r"(?<![\d/.-])[0-3]?\d(?P<sep>[/.-])[0-3]?\d(?P=sep)(?:19|20)\d\d read "
                            r"(?P<order>day-month|month-day)(?:: \d+ cannot be a month| from the weekday)")


def _source_key(article: Article) -> str:
    """Whose articles share a date style: the source, or else the folder the file is in."""
    if article.source:
        return article.source
    return str(Path((article.path or "").split("#")[0]).parent)


@dataclass
class RebuildSummary:
    """What `rebuild` did."""

    articles: int = 0
    inferred: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    unmatched: list = field(default_factory=list)   # (Correction, reason): corrections matching nothing


def rebuild(store: Store, *, gazetteer: Gazetteer | None = None, actors: ActorLexicon | None = None,
            progress: Progress | None = None) -> RebuildSummary:
    """Re-derive everything derived from the stored articles: inferred dates, mentions,
    event reports, corroborated events (`conflictmap rebuild`).

    Dates of the articles' own (text, metadata, manifest) and the user's stay; inferred
    ones are inferred afresh. Each batch is one transaction, and every article is
    written with its final date, so a rebuild killed halfway leaves a consistent store
    and running it again completes it."""
    corrector = Corrector.for_store(store, gazetteer, actors)
    gazetteer, actors = corrector.gazetteer, corrector.actors
    summary = RebuildSummary()
    point = store.inference_point()   # before inference reads the articles
    stored = store.articles(with_text=False)
    base = {a.id: a.with_date(None, source="none", reason=None) if a.date_source == "inferred" else a
            for a in stored}
    from timeline.inference import infer_dates

    inferred = {a.id: a for a in infer_dates(list(base.values()), prints=store.story_prints(),
                                              text_of=store.article_text)}
    summary.inferred = len(inferred)
    ids = list(base)
    for start in range(0, len(ids), BATCH_ARTICLES):
        chunk = [inferred.get(i, base[i]) for i in ids[start:start + BATCH_ARTICLES]]
        chunk = [replace(a, text=store.article_text(a.id)) for a in chunk]
        with gc_paused():
            batch = corrector.apply(process_articles(chunk, gazetteer, actors, redate=False))
        results = []
        for article, result in zip(chunk, batch):
            if isinstance(result, Exception):   # kept as stored; named in the summary
                summary.failed.append((article.path or article.id, f"processing failed: {item_reason(result)}"))
                continue
            results.append(result)
        store.save_results(results, rebuild=False)
        summary.articles += len(results)
        if progress:
            progress(min(start + BATCH_ARTICLES, len(ids)), len(ids), "")
    store.mark_inference_done(point, ids)
    corrector.save_status(store)
    summary.unmatched = corrector.unmatched(base)
    store.refresh_events(force=True)
    summary.events = store.counts()["events"]
    return summary


def _infer(store: Store, held: list[Article] = ()) -> list[Article]:
    """Articles (stored, or `held` in memory) that inference dates from a stored dated one."""
    from timeline.inference import infer_dates

    stored = store.articles(with_text=False)
    if not held and not any(a.published is None for a in stored):
        return []  # nothing to date: no need for the prints
    # the stored articles come without their texts: the prints stand in for them, and
    # the few texts compared in full are fetched by id; undated articles stored before the
    # last inference were tried then, and now need comparing with the articles written since
    inferred = infer_dates(stored + list(held), prints=store.story_prints(), text_of=store.article_text,
                           written_since=store.written_since_inference())
    return [a if a.text else replace(a, text=store.article_text(a.id)) for a in inferred]


def _save_redated(store: Store, articles: list[Article], gazetteer, actors) -> None:
    """Stored `articles`, now with new dates: re-date their events and write them back."""
    for start in range(0, len(articles), BATCH_ARTICLES):
        store.save_results([_redated(store, article, gazetteer, actors)
                            for article in articles[start:start + BATCH_ARTICLES]], rebuild=False)


def _redated(store: Store, article: Article, gazetteer, actors):
    """Events of `article` under its new date (and the analyst's corrections); its places
    are those already stored."""
    corrector = Corrector.for_store(store, gazetteer, actors)
    return corrector.apply_one(process_article(article, corrector.gazetteer, corrector.actors, redate=False,
                                               mentions=tuple(store.mentions(article.id))))


def set_article_date(store: Store, article_id: str, date_iso: str | None, *,
                     gazetteer: Gazetteer | None = None, actors: ActorLexicon | None = None) -> Article:
    """Set (or with None, clear) an article's date by hand; its events are re-dated.

    A user's date wins over text, metadata, manifest and inference.
    Raises KeyError for an unknown id and ValueError for an unreadable date.
    """
    from timeline.readers import checked_date_value

    article = store.article(article_id)
    if article is None:
        raise KeyError(f"no article with id {article_id!r}")
    if date_iso is None:
        updated = article.with_date(None, source="none", reason="date cleared by the user")
    else:
        try:
            iso, precision = checked_date_value(date_iso)
        except ValueError as e:
            raise ValueError(f"cannot read the date {date_iso!r}: {e} (use YYYY-MM-DD)") from None
        updated = article.with_date(iso, precision=precision, source="user", reason="set by the user")
    result = _redated(store, updated, gazetteer, actors)
    store.save_result(result, rebuild=False)   # rebuilt once, below
    # the new date may lend itself to undated copies of the story: inference runs over what
    # was written since it last ran (this article), so the store owes no inference afterwards
    gazetteer = load_gazetteer() if gazetteer is None else gazetteer
    actors = load_actors() if actors is None else actors
    point = store.inference_point()   # before inference reads the articles
    inferred = _infer(store)
    _save_redated(store, inferred, gazetteer, actors)
    store.mark_inference_done(point, [a.id for a in inferred])
    store.refresh_events()
    return result.article
