"""The store: articles, their mentions and events, in one SQLite file.

A small interface (`Store`) so that PostgreSQL/PostGIS can stand in for SQLite;
`SQLiteStore` is the one in use.

    >>> store = open_store(":memory:")
    >>> store.counts()
    {'articles': 0, 'mentions': 0, 'event_reports': 0, 'events': 0}

Consistency: each article is written with its mentions and event reports in one
transaction (an ingest writes a batch of articles in one), so a run killed at any
point leaves every article either fully in or fully out. Corroborated events (the
same event from several articles) are derived from the reports by the writer, once
it has written (`refresh_events`); the `dirty` flag, set in the same transaction as
any write, marks them stale until then, so a run killed before its rebuild is
completed by the next ingest or `conflictmap rebuild` (and `check` reports it).
Reads never write: they read the events of the last rebuild. The story prints that
date inference matches articles by are derived from the texts too, and kept as a
cache by the writers that need them.

Threads: each thread reads and writes through its own connection; writers take
SQLite's write lock one at a time (waiting up to `LOCK_TIMEOUT`), readers read WAL
snapshots beside them.
"""
from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import orjson

from gazetteer.records import Mention, Place
from timeline.bulk import gc_paused
from timeline.records import Article, ArticleResult, Event

SCHEMA_VERSION = 1
DEFAULT_DB = "conflictmap.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT, url TEXT, source TEXT, title TEXT, text TEXT NOT NULL,
    published TEXT, published_precision TEXT, date_source TEXT NOT NULL, updated TEXT,
    inferred_from TEXT, date_reason TEXT, added_at TEXT DEFAULT CURRENT_TIMESTAMP, decoding TEXT);
CREATE TABLE IF NOT EXISTS article_mentions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_reports (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, date TEXT, status TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS event_reports_article ON event_reports(article_id);
CREATE TABLE IF NOT EXISTS events (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, date TEXT, "end" TEXT,
    precision TEXT, status TEXT, sources INTEGER NOT NULL, actor_from TEXT, actor_to TEXT,
    evidence TEXT, first_article TEXT, place_ref INTEGER, origin_ref INTEGER, destination_ref INTEGER);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS event_records (row INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_places (ref INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_prints (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    sampled BLOB NOT NULL, sentences BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, article_id TEXT NOT NULL DEFAULT '', at TEXT,
    data TEXT NOT NULL, status TEXT);
"""
_SCHEMA_NAMES = frozenset(re.findall(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)", _SCHEMA))


class StoreError(Exception):
    """The store file cannot be used (wrong schema version, not a conflictmap database,
    locked past the timeout, a folder that cannot be written...)."""


#: Seconds a write waits for another writer's transaction before giving up with a StoreError.
LOCK_TIMEOUT = 30.0


class Store(Protocol):
    """What the rest of conflictmap needs from a store; SQLite today, PostGIS tomorrow.

    Every method a caller uses (the dashboard, geo/, the ingest, the CLI, bench/) is
    here; `tests/store_contract.py` checks any implementation against it. A store is
    shared between threads; writes are atomic (a batch of articles is all in or all
    out), and reads never write: events are derived from the reports only by
    `refresh_events`, which writers call when they have written."""

    #: Changes whenever the content changes (a cache key for readers).
    version: int
    #: what messages name the store by (a file path, or a URL without its password)
    path: str

    # articles
    def has_article(self, article_id: str) -> bool: ...
    def article(self, article_id: str) -> Article | None: ...
    def articles(self, *, with_text: bool = True) -> list[Article]: ...
    def find_articles(self, prefix: str) -> list[Article]: ...
    def article_text(self, article_id: str) -> str: ...
    def mentions(self, article_id: str) -> list[Mention]: ...

    # date inference's bookkeeping
    def story_prints(self) -> dict: ...
    def written_since_inference(self) -> set[str]: ...
    def inference_pending(self) -> bool: ...
    def clear_inference_mark(self) -> None: ...
    def inference_point(self) -> int: ...
    def mark_inference_done(self, point: int | None = None, written: Iterable[str] = ()) -> None: ...

    # events: the reports of each article, and the corroborated events derived from them
    def event_reports(self, article_id: str | None = None, *, with_mentions: bool = True) -> list[Event]: ...
    def events(self) -> list[Event]: ...
    def event_columns(self) -> tuple[dict[str, tuple], list[Place]]: ...
    def events_by_id(self, ids: Iterable[str], places: dict | None = None) -> list[Event]: ...
    def events_window(self, *, start=None, end=None, bbox=None) -> list[Event]: ...

    # writes
    def save_result(self, result: ArticleResult, *, rebuild: bool = True) -> None: ...
    def save_results(self, results: Iterable[ArticleResult], *, rebuild: bool = True) -> None: ...
    def delete_articles(self, ids: Iterable[str]) -> None: ...
    def put_events(self, events: Iterable[Event], *, rebuild: bool = True) -> None: ...
    def refresh_events(self, force: bool = False) -> bool: ...

    # the whole store
    def counts(self) -> dict: ...
    def check_integrity(self) -> list[str]: ...
    def check(self) -> list[str]: ...
    def close(self) -> None: ...
    def events_frame(self, columns: Sequence[str] | None = None, filters: dict | None = None): ...
    # the analyst's corrections (`timeline.corrections`)
    def corrections(self) -> list: ...
    def add_correction(self, correction) -> bool: ...
    def remove_correction(self, correction_id: str) -> bool: ...
    def correction_status(self) -> dict[str, str | None]: ...
    def set_correction_status(self, status: dict[str, str | None]) -> None: ...


def replace_events_tables(store, schema: str, columns: set, expected: set) -> bool:
    """When the events table's `columns` are not the `expected` ones, new, empty events
    tables from `schema`, flagged dirty (True): the corroborated events are derived from the
    reports, so the next read's rebuild loses nothing (`SQLiteStore`, `PostGISStore`)."""
    if columns == expected:
        return False
    with store._tx():
        for table in ("events", "event_records", "event_places"):
            store._db.execute(f"DROP TABLE IF EXISTS {table}")
        for stmt in filter(str.strip, schema.split(";")):
            store._db.execute(stmt)
        store._db.execute("UPDATE meta SET value='1' WHERE key='dirty'")
    return True


class ThreadConnections:
    """A connection per thread, for a store class to mix in: `_db` is this thread's connection,
    opened by the store's `_connect()` on first use, closed once its thread has ended (when
    another thread opens one) or by `close`. `_keeper`, if set, is never closed before
    `close` (SQLite's in-memory database lives while one connection to it is open).
    It also holds what both stores do alike over their own statements: the rebuild of the
    corroborated events beside concurrent writers (`_rebuild_if_dirty`)."""

    _keeper = None

    def _init_connections(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()   # guards _connections and _closed, not the database
        self._connections: list[tuple[weakref.ref, object]] = []
        self._closed = False

    @property
    def _db(self):
        """This thread's connection (opened on first use)."""
        db = getattr(self._local, "db", None)
        if db is None or getattr(db, "closed", False) is True:
            if self._closed:
                raise self._closed_error()
            db = self._connect()
            with self._lock:
                self._close_orphans()
                self._connections.append((weakref.ref(threading.current_thread()), db))
            self._local.db = db
        return db

    def _closed_error(self) -> Exception:
        return StoreError(f"{self.path}: the store was closed")

    def _close_orphans(self) -> None:
        """Close the connections of threads that have ended (holding `_lock`)."""
        alive = []
        for thread, db in self._connections:
            t = thread()
            if (t is not None and t.is_alive()) or db is self._keeper:
                alive.append((thread, db))
            else:
                db.close()
        self._connections = alive

    def close(self) -> None:
        """Close every thread's connection (threads still using the store must be done)."""
        with self._lock:
            for _, db in self._connections:
                db.close()
            self._connections = []
            self._closed = True
        self._keeper = None
        self._local = threading.local()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    #: Rebuilds computed outside the write lock that a concurrent write made stale before
    #: they could be stored; after these many, the rebuild runs holding the write lock.
    _REFRESH_ATTEMPTS = 3

    def _rebuild_if_dirty(self, force: bool) -> bool:
        """`refresh_events` of both stores (see `SQLiteStore.refresh_events`): their `_meta`,
        `_read`, `_tx`, `event_reports` and `_write_events` do the store's own part."""
        if self._meta("dirty") != "1" and not force:
            return False
        for attempt in range(self._REFRESH_ATTEMPTS + 1):
            locked = attempt == self._REFRESH_ATTEMPTS   # the last try holds the write lock throughout
            with (self._tx() if locked else self._read()):
                version, dirty = self._meta("content_version"), self._meta("dirty")
                if dirty != "1" and not force:
                    return False
                reports = self.event_reports(with_mentions=False)
                if locked:
                    self._write_events(_corroborated(reports))
                    return True
            merged = _corroborated(reports)   # outside any lock: writers go on meanwhile
            with self._tx():
                if self._meta("content_version") == version:
                    self._write_events(merged)
                    return True
        return False  # not reached


class SQLiteStore(ThreadConnections):
    """The SQLite store. Open it with `open_store(path)`.

    Safe to share between threads (the dashboard's sessions, an upload's ingest): each
    thread gets its own connection, opened on its first use and closed when the thread
    has ended (or by `close`). Writers take SQLite's write lock (`BEGIN IMMEDIATE`), one at
    a time, each waiting up to `LOCK_TIMEOUT` for the one before; readers read a WAL
    snapshot and never wait for a writer."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True):
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store (run `conflictmap ingest` first, or check --db)")
        # ":memory:" is one database per connection: the threads' connections share one
        # in-memory database by name instead (SQLite's shared cache, which locks without a
        # busy timeout: doctests and quick tests; a file for real use)
        self._uri = None
        if self.path == ":memory:":
            self._uri = f"file:conflictmap-{next(_MEMORY_NAMES)}?mode=memory&cache=shared"
        self._init_connections()
        # an in-memory database lives while a connection to it is open: the first one stays
        self._keeper = self._db if self._uri else None
        try:
            upgraded = self._init_schema()
        except sqlite3.OperationalError as e:
            self.close()
            raise StoreError(_operational(self.path, e)) from None
        except sqlite3.DatabaseError as e:
            self.close()
            raise StoreError(f"{self.path}: the store is corrupt ({e}); run `conflictmap check`") from None
        except BaseException:
            self.close()
            raise
        if upgraded:
            self.refresh_events()   # new, empty events tables: derived from the reports at once

    # -- connections (`ThreadConnections`) ----------------------------------------------
    def _closed_error(self) -> Exception:
        return sqlite3.ProgrammingError(f"{self.path}: the store was closed")

    def _connect(self) -> sqlite3.Connection:
        """A new connection with the store's settings. `check_same_thread=False` only so that
        `close` (or the thread opening a later one) can close it once its thread is done:
        no two threads ever run statements on one connection."""
        try:
            db = sqlite3.connect(self._uri or self.path, timeout=LOCK_TIMEOUT, isolation_level=None,
                                 check_same_thread=False, uri=self._uri is not None)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open the store ({e}): does its folder exist, "
                             "and is it writable?") from None
        try:
            db.execute("PRAGMA foreign_keys = ON")
            if self._uri is None and db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                # WAL: readers (the dashboard) never block the writer (an ingest), and a
                # killed writer leaves the last committed state.
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError as e:
            db.close()
            raise StoreError(_operational(self.path, e)) from None
        except sqlite3.DatabaseError as e:
            db.close()
            raise StoreError(f"{self.path}: not a SQLite database ({e})") from None
        return db

    # -- schema -----------------------------------------------------------------
    def _init_schema(self) -> bool:
        """Create or check the tables; True if the events tables were made anew (upgraded).
        A store that has them all is only read: opening it never waits for a writer."""
        try:
            names = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a SQLite database ({e})") from None
        if names and "meta" not in names:
            raise StoreError(f"{self.path}: a SQLite file, but not a conflictmap store")
        if not _SCHEMA_NAMES <= names:
            with self._tx():
                for stmt in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(stmt)
                if self._meta("schema_version") is None:
                    self._db.executemany("INSERT INTO meta VALUES (?, ?)", [
                        ("schema_version", str(SCHEMA_VERSION)), ("content_version", "0"), ("dirty", "0")])
        version = self._meta("schema_version")
        if version is None or int(version) != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version}, this conflictmap reads "
                             f"{SCHEMA_VERSION}; re-ingest into a new file")
        self._upgrade_mentions_table()
        self._upgrade_articles_table()
        return self._upgrade_events_table()

    def _upgrade_articles_table(self) -> None:
        """A store written before articles recorded their decoding guesses gets the column."""
        cols = {r[1] for r in self._db.execute("PRAGMA table_info(articles)")}
        if "decoding" not in cols:
            with self._tx():
                self._db.execute("ALTER TABLE articles ADD COLUMN decoding TEXT")

    def _upgrade_mentions_table(self) -> None:
        """A store written when mentions had a row each moves them to one row per article
        (a JSON array in text order): an ingest spent most of its store time writing them
        one by one, and they are only ever read an article at a time."""
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='mentions'").fetchone():
            return
        with self._tx():
            self._db.execute(
                "INSERT OR REPLACE INTO article_mentions (article_id, n, data) "
                "SELECT article_id, count(*), '[' || group_concat(data, ',') || ']' "
                "FROM (SELECT article_id, data FROM mentions ORDER BY article_id, start) GROUP BY article_id")
            self._db.execute("DROP TABLE mentions")

    def _upgrade_events_table(self) -> bool:
        """A store written before the events table took its present shape (narrow rows of
        columns the dashboard reads without parsing JSON, the records beside them in
        event_records) gets new, empty tables flagged dirty (True): corroborated events are
        derived from the reports, so opening the store rebuilds them and nothing is lost."""
        cols = {r[1] for r in self._db.execute("PRAGMA table_info(events)")}
        return replace_events_tables(self, _SCHEMA, cols, {"row", *EVENT_TABLE_COLUMNS})

    def _tx(self):
        """A write transaction on this thread's connection (see `_Transaction`)."""
        return _Transaction(self._db, self._local, write=True, path=self.path)

    def _read(self):
        """A read snapshot on this thread's connection: several reads that must agree."""
        return _Transaction(self._db, self._local, write=False, path=self.path)

    @contextlib.contextmanager
    def bulk_load(self):
        """This thread's writes as a bulk load into a new store (the Dask engine filling an
        empty one): no fsync at commits and checkpoints, and a page cache of 128 MB for the
        indexes that a hundred thousand articles' ids fill in random order. A killed process
        still leaves the last commit; only a power cut in the middle could damage the file,
        and a store that was empty before the run then has nothing to lose: run it again.
        The connection's settings come back afterwards."""
        db = self._db
        sync, cache = db.execute("PRAGMA synchronous").fetchone()[0], db.execute("PRAGMA cache_size").fetchone()[0]
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -131072")
        try:
            yield
        finally:
            db.execute(f"PRAGMA synchronous = {int(sync)}")
            db.execute(f"PRAGMA cache_size = {int(cache)}")

    def _touch(self, dirty: bool = True) -> None:
        """Inside a write transaction: bump the content version, flag derived events stale."""
        self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='content_version'")
        if dirty:
            self._db.execute("UPDATE meta SET value='1' WHERE key='dirty'")

    @property
    def version(self) -> int:
        """Changes whenever the content changes: a cache key for readers."""
        return int(self._db.execute("SELECT value FROM meta WHERE key='content_version'").fetchone()[0])

    # -- articles ----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self, *, with_text: bool = True) -> list[Article]:
        """Every article, dated first. `with_text=False` leaves `text` empty: listings
        (the dashboard, exports) need titles and dates, not megabytes of text."""
        cols = _ARTICLE_COLS if with_text else ", ".join("'' AS text" if f == "text" else f for f in _ARTICLE_FIELDS)
        rows = self._db.execute(f"SELECT {cols} FROM articles ORDER BY published IS NULL, published, path")
        return [_article(r) for r in rows]

    def find_articles(self, prefix: str) -> list[Article]:
        """Articles whose id starts with `prefix` (users type short ids). The prefix is
        compared as text: `_` and `%` are characters, not LIKE wildcards."""
        rows = self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE substr(id, 1, ?) = ?",
                                (len(prefix), prefix))
        return [_article(r) for r in rows]

    def article_text(self, article_id: str) -> str:
        row = self._db.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else ""

    def story_prints(self) -> dict:
        """Article id -> `timeline.inference.StoryPrint`, for date inference.

        A cache derived from the texts: prints missing (new articles, a store written
        before prints were kept) are computed here and kept, so an ingest compares new
        articles with a big store without reading and hashing every text again. So it
        writes: only the writers (ingest, rebuild, setting a date) call it."""
        from timeline.inference import StoryPrint, story_print

        missing = self._db.execute("SELECT id, text FROM articles WHERE id NOT IN "
                                   "(SELECT article_id FROM story_prints)").fetchall()
        if missing:
            rows = [(i, p.sampled, p.sentences) for i, text in missing for p in (story_print(text),)]
            with self._tx():
                self._db.executemany("INSERT OR REPLACE INTO story_prints VALUES (?,?,?)", rows)
        return {i: StoryPrint(bytes(a), bytes(b))
                for i, a, b in self._db.execute("SELECT article_id, sampled, sentences FROM story_prints")}

    def written_since_inference(self) -> set[str]:
        """Ids of the articles written (added, or rewritten with a new date) since
        `mark_inference_done`: the only ones that can lend a date to an article that
        inference already tried. Every article, if inference never ran."""
        mark = self._db.execute("SELECT value FROM meta WHERE key='inference_mark'").fetchone()
        rows = self._db.execute("SELECT id FROM articles WHERE rowid > ?", (int(mark[0]) if mark else 0,))
        return {r[0] for r in rows}

    def inference_pending(self) -> bool:
        """True if articles were written since date inference last ran to the end (a run
        killed before it, or between its steps): the next ingest runs it again."""
        mark = self._db.execute("SELECT value FROM meta WHERE key='inference_mark'").fetchone()
        top = self._db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        return top > (int(mark[0]) if mark else 0)

    def clear_inference_mark(self) -> None:
        """Make the next inference compare every article (`conflictmap rebuild`)."""
        with self._tx():
            self._db.execute("DELETE FROM meta WHERE key='inference_mark'")

    def inference_point(self) -> int:
        """Where the articles stand now, for `mark_inference_done`: read it before inference
        reads the articles. (A written article gets a new rowid, INSERT OR REPLACE, and
        writers take turns, so every article written later has a higher one.)"""
        return self._db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    def mark_inference_done(self, point: int | None = None, written: Iterable[str] = ()) -> None:
        """Record that date inference has compared the articles: those up to `point` (its
        `inference_point()`, read before it read them) and those it wrote since (`written`:
        the ones it held for inference, the ones it dated). If another writer stored an
        article after `point`, the mark stays at `point`, so that the next inference compares
        that article; without `point`, every article stored now is marked."""
        with self._tx():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('inference_mark', ?)",
                             (_inference_mark(self._db.execute, "rowid", point, written),))

    def mentions(self, article_id: str) -> list[Mention]:
        row = self._db.execute("SELECT data FROM article_mentions WHERE article_id=?", (article_id,)).fetchone()
        mentions = [Mention.from_dict(d) for d in orjson.loads(row[0])] if row else []
        return sorted(mentions, key=lambda m: (m.start, m.end))

    # -- writes ------------------------------------------------------------------
    def save_result(self, result: ArticleResult, *, rebuild: bool = True) -> None:
        """Write (or replace) one article with its mentions and event reports, atomically."""
        self.save_results((result,), rebuild=rebuild)

    def save_results(self, results: Iterable[ArticleResult], *, rebuild: bool = True) -> None:
        """Write (or replace) several articles in one transaction: all of them or none.

        One commit per batch rather than per article: committing each article alone
        took a quarter of an ingest's store time. Then the events are rebuilt
        (`refresh_events`), unless `rebuild=False`: a writer storing many batches (an
        ingest) rebuilds once, at its end."""
        results = list(results)
        if not results:
            return
        ids = [(r.article.id,) for r in results]
        with self._tx():
            self._db.executemany("DELETE FROM article_mentions WHERE article_id=?", ids)
            self._db.executemany("DELETE FROM event_reports WHERE article_id=?", ids)
            self._db.executemany(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLS}) VALUES ({','.join('?' * len(_ARTICLE_FIELDS))})",
                [tuple(getattr(r.article, f) for f in _ARTICLE_FIELDS) for r in results])
            self._db.executemany(
                "INSERT INTO article_mentions (article_id, n, data) VALUES (?,?,?)",
                [(r.article.id, len(r.mentions), _dumps(r.mentions)) for r in results if r.mentions])
            self._insert_reports([(e, r.article.id) for r in results for e in r.events])
            self._touch()
        if rebuild:
            self.refresh_events()

    def delete_articles(self, ids: Iterable[str]) -> None:
        """Remove articles with their mentions and reports, in one transaction (an article a
        run stored ahead of its processing, which then failed: as if never stored). The
        events are rebuilt by the next writer's `refresh_events`."""
        ids = [(i,) for i in ids]
        with self._tx():
            self._db.executemany("DELETE FROM event_reports WHERE article_id=?", ids)
            self._db.executemany("DELETE FROM articles WHERE id=?", ids)   # mentions, prints cascade
            self._touch()

    def save_encoded(self, articles: list[tuple], mentions: list[tuple], reports: list[tuple], *,
                     fresh: bool = False) -> None:
        """`save_results` for records already encoded as the store keeps them (the Dask engine's
        Parquet): articles as tuples of `_ARTICLE_FIELDS`, mentions as (article id, count, JSON
        array), reports as (id, article id, type, date, status, JSON); one transaction.
        `fresh`: the articles are new to the store (a run into an empty store, each article
        once), so no older mentions or reports of theirs can be there to delete first."""
        if not articles:
            return
        with self._tx():
            if not fresh:
                ids = [(a[0],) for a in articles]
                self._db.executemany("DELETE FROM article_mentions WHERE article_id=?", ids)
                self._db.executemany("DELETE FROM event_reports WHERE article_id=?", ids)
            self._db.executemany(f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLS}) "
                                 f"VALUES ({','.join('?' * len(_ARTICLE_FIELDS))})", articles)
            self._db.executemany("INSERT INTO article_mentions (article_id, n, data) VALUES (?,?,?)", mentions)
            self._db.executemany("INSERT OR REPLACE INTO event_reports (id, article_id, type, date, status, data) "
                                 "VALUES (?,?,?,?,?,?)", reports)
            self._touch()

    def put_events(self, events: Iterable[Event], *, rebuild: bool = True) -> None:
        """Write ready-made events as reports (synthetic stores, imports); articles are not
        required. Then the events are rebuilt, unless `rebuild=False` (see `save_results`)."""
        # this thread's connection only, and only outside a transaction has it effect
        self._db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._tx():
                self._insert_reports((e, None) for e in events)
                self._touch()
        finally:
            self._db.execute("PRAGMA foreign_keys = ON")
        if rebuild:
            self.refresh_events()

    def _insert_reports(self, reports: Iterable[tuple[Event, str | None]]) -> None:
        """(event, article id) pairs; without an article id, the event's first article."""
        self._db.executemany(
            "INSERT OR REPLACE INTO event_reports (id, article_id, type, date, status, data) VALUES (?,?,?,?,?,?)",
            [(e.id, article_id or (e.article_ids[0] if e.article_ids else ""), e.type, e.date, e.status,
              _dumps(e)) for e, article_id in reports])

    # -- events ------------------------------------------------------------------
    def event_reports(self, article_id: str | None = None, *, with_mentions: bool = True) -> list[Event]:
        """The reports (of one article, or all of them, by date). `with_mentions=False` leaves
        out the mentions each was anchored on: corroboration keeps merged events without
        them (see `events`), and building them for every report was most of a rebuild's reading."""
        if article_id is None:
            rows = self._db.execute("SELECT data FROM event_reports ORDER BY date IS NULL, date, id")
        else:
            rows = self._db.execute("SELECT data FROM event_reports WHERE article_id=? ORDER BY id", (article_id,))
        places: dict = {}
        out = []
        with gc_paused():  # many acyclic records: no collector passes while they are built
            for (data,) in rows:
                d = orjson.loads(data)
                if not with_mentions:
                    d["mentions"] = ()
                out.append(Event.from_dict(d, places))
        return out

    def events(self) -> list[Event]:
        """Corroborated events: one per real-world event, with every article that reports it.

        They come without the mentions they were anchored on (those stay with each
        report, `event_reports()`): the map and exports need the places, and leaving
        the mentions' candidate lists out keeps loading 100k events fast. As of the last
        rebuild (see `refresh_events`): reading never rebuilds."""
        # event_records.row is the event's place in that order (see refresh_events)
        rows = self._db.execute("SELECT data FROM event_records ORDER BY row")
        places: dict = {}
        with gc_paused():  # 100k acyclic records: no collector passes while they are built
            return [Event.from_dict(orjson.loads(r[0]), places) for r in rows]

    def event_columns(self) -> tuple[dict[str, tuple], list[Place]]:
        """Corroborated events as columns, for readers that need a few fields of every
        event (the dashboard's map and timeline) rather than 100k records.

        Returns (columns, places): `columns` maps each name of `EVENT_TABLE_COLUMNS` to a
        tuple with one value per event, in the order of `events()`; `place_ref`,
        `origin_ref` and `destination_ref` index `places` (None: no such place). The
        full record of any event is one `events_by_id` away.

            >>> columns, places = open_store(":memory:").event_columns()
            >>> columns["id"], places
            ((), [])
        """
        names = ", ".join(map(_quoted, EVENT_TABLE_COLUMNS))
        # 100k row tuples, then the column tuples: no collector passes while they are built
        # (bench/dashboard_speed.py's store read, 0.55 -> 0.4 s CPU)
        with gc_paused(), self._read():  # one snapshot: the refs must index the places read with them
            rows = self._db.execute(f"SELECT {names} FROM events ORDER BY row").fetchall()
            place_rows = self._db.execute("SELECT data FROM event_places ORDER BY ref").fetchall()
            columns = dict(zip(EVENT_TABLE_COLUMNS, zip(*rows))) if rows else {c: () for c in EVENT_TABLE_COLUMNS}
            return columns, [Place.from_dict(orjson.loads(r[0])) for r in place_rows]

    def events_by_id(self, ids: Iterable[str], places: dict | None = None) -> list[Event]:
        """The corroborated events with these ids, in the order given (ids not in the
        store are left out). `places`: a cache shared across calls, see `Event.from_dict`."""
        ids = list(ids)
        found: dict[str, Event] = {}
        places = {} if places is None else places
        with gc_paused():
            for i in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[i:i + _IDS_PER_QUERY]
                rows = self._db.execute("SELECT e.id, r.data FROM events e JOIN event_records r USING (row) "
                                        f"WHERE e.id IN ({','.join('?' * len(chunk))})", chunk)
                found.update((r[0], Event.from_dict(orjson.loads(r[1]), places)) for r in rows)
        return [found[i] for i in ids if i in found]

    def events_window(self, *, start=None, end=None,
                      bbox: tuple[float, float, float, float] | None = None) -> list[Event]:
        """The corroborated events of a time window and a bounding box, in the order of
        `events()` (see `PostGISStore.events_window`, which selects them in SQL); here the
        events frame's masks (`geo.filters.in_window`, `in_box`) pick them."""
        from geo.filters import in_box, in_window
        from timeline.frame import frame_of_events

        events = self.events()
        frame = frame_of_events(events)
        keep = (in_window(frame, start, end) & in_box(frame, bbox)).to_numpy()
        return [e for e, k in zip(events, keep) if k]

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def refresh_events(self, force: bool = False) -> bool:
        """Rebuild corroborated events from the reports if anything changed. True if rebuilt.

        The one place events are derived: writers call it when they have written
        (`save_results`, `put_events`, the end of an ingest), and `conflictmap rebuild`
        with `force`; reads never do, so they read the events of the last rebuild.

        Safe beside concurrent writers: the flag and the reports are read in one
        snapshot, and the rebuild is stored (and the flag cleared) only if no write
        came in since that snapshot, checked inside the write transaction; otherwise
        it is computed again. A write committed meanwhile thus never ends up
        flagged clean with events that miss it."""
        return self._rebuild_if_dirty(force)

    def put_corroborated(self, columns: dict[str, Sequence], *, version: int | None = None) -> None:
        """Store events corroborated outside the store (the Dask engine's reduce) from the
        reports stored now, given as columns (`EVENT_ROW_FIELDS` -> one value per event, in
        any order; sorted here, fast when they come sorted). If the content changed after
        `version`, the store rebuilds them itself."""
        date, ids = columns["date"], columns["id"]
        order = sorted(range(len(ids)), key=lambda k: (date[k] is None, date[k] or "", ids[k]))
        if order != list(range(len(ids))):
            columns = {f: [columns[f][k] for k in order] for f in EVENT_ROW_FIELDS}
        with self._tx():
            if version is None or self._meta("content_version") == str(version):
                self._write_event_columns(columns)
                return
        self.refresh_events(force=True)

    def _write_events(self, merged: list[Event]) -> None:
        """Inside a write transaction: store the corroborated events, clear the flag."""
        self._write_event_columns(event_columns_of(merged))

    def _write_event_columns(self, columns: dict[str, Sequence]) -> None:
        """Inside a write transaction: store corroborated events given as columns of
        `EVENT_ROW_FIELDS` (in the order readers want them), clear the flag."""
        refs, places = place_refs(columns)
        n = len(columns["id"])
        for table in ("events", "event_records", "event_places"):
            self._db.execute(f"DELETE FROM {table}")
        # a page cache of 128 MB while a million events go in (their id index is written in
        # random order); the connection's setting comes back afterwards
        cache = self._db.execute("PRAGMA cache_size").fetchone()[0]
        if n > 100_000:
            self._db.execute("PRAGMA cache_size = -131072")
        try:
            # the records sit in their own table: the columns' rows stay narrow, so reading
            # them does not page through every record's JSON
            self._db.executemany(
                f"INSERT INTO events (row, {', '.join(map(_quoted, EVENT_TABLE_COLUMNS))}) "
                f"VALUES ({','.join('?' * (len(EVENT_TABLE_COLUMNS) + 1))})",
                zip(range(n), *(columns[f] for f in EVENT_ROW_FIELDS[:11]), *refs))
            self._db.executemany("INSERT INTO event_records (row, data) VALUES (?, ?)", zip(range(n), columns["record"]))
            self._db.executemany("INSERT INTO event_places (ref, data) VALUES (?, ?)", enumerate(places))
        finally:
            self._db.execute(f"PRAGMA cache_size = {int(cache)}")
        self._db.execute("UPDATE meta SET value='0' WHERE key='dirty'")
        self._touch(dirty=False)

    def counts(self) -> dict:
        """Rows of each kind; `events` as of the last rebuild."""
        counts = {t: self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "event_reports", "events")}
        counts["mentions"] = self._db.execute("SELECT coalesce(sum(n), 0) FROM article_mentions").fetchone()[0]
        return {t: counts[t] for t in ("articles", "mentions", "event_reports", "events")}

    def check_integrity(self) -> list[str]:
        """Problems SQLite itself finds (empty list: fine)."""
        rows = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        rows += [f"foreign key: {r}" for r in self._db.execute("PRAGMA foreign_key_check")]
        return [r for r in rows if r != "ok"]

    def check(self) -> list[str]:
        """`check_integrity` plus the store's own invariants (empty list: fine).

        Invariants: every record is readable JSON; each article's mention count
        matches its mentions; every report belongs to a stored article; the events
        are what the reports corroborate to (unless flagged for a rebuild); date
        inference has run over every article (else it is reported as pending)."""
        problems = self.check_integrity()
        if problems:
            return problems
        with self._read():
            problems += unreadable_records(self._db.execute("SELECT article_id, n, data FROM article_mentions"),
                                           self._db.execute("SELECT id, data FROM event_reports"))
            orphans = self._db.execute("SELECT count(*) FROM event_reports WHERE article_id NOT IN "
                                       "(SELECT id FROM articles) AND article_id != ''").fetchone()[0]
            if orphans:
                problems.append(f"{orphans} event reports of articles that are not stored")
            bad_dates = self._db.execute(
                "SELECT count(*) FROM articles WHERE (published IS NULL) != (date_source = 'none')").fetchone()[0]
            if bad_dates:
                problems.append(f"{bad_dates} articles whose date and date source disagree")
            dirty = self._meta("dirty") == "1"
            if dirty:
                problems.append("events not rebuilt since the last write (a run stopped before its end, "
                                "or one still running)")
            if not dirty and not problems:
                from timeline.corroborate import corroborate

                stored = {r[0] for r in self._db.execute("SELECT id FROM events")}
                derived = {e.id for e in corroborate(self.event_reports(with_mentions=False))}
                if stored != derived:
                    problems.append(f"stale events: {len(derived - stored)} missing, "
                                    f"{len(stored - derived)} no longer reported")
        if self.inference_pending():
            problems.append("date inference has not run over the last articles written")
        return problems

    def events_frame(self, columns: Sequence[str] | None = None, filters: dict | None = None):
        """Corroborated events as one GeoDataFrame (`timeline.frame.events_frame`)."""
        from timeline.frame import events_frame

        return events_frame(self, columns, filters)

    # -- corrections (timeline.corrections) ---------------------------------------
    def corrections(self) -> list:
        """The analyst's corrections, oldest first (`timeline.corrections.Correction`)."""
        from timeline.corrections import Correction

        rows = self._db.execute("SELECT data FROM corrections ORDER BY at, id")
        return [Correction.from_dict(orjson.loads(r[0])) for r in rows]

    def add_correction(self, correction) -> bool:
        """Keep a correction (False: the same one is kept already). Applying it is
        `timeline.corrections`' job: the store only keeps it."""
        with self._tx():
            cur = self._db.execute("INSERT OR IGNORE INTO corrections (id, kind, article_id, at, data) "
                                   "VALUES (?,?,?,?,?)", (correction.id, correction.kind, correction.article_id,
                                                          correction.at, _dumps(correction)))
            self._touch(dirty=False)
        return cur.rowcount == 1

    def remove_correction(self, correction_id: str) -> bool:
        with self._tx():
            cur = self._db.execute("DELETE FROM corrections WHERE id=?", (correction_id,))
            self._touch(dirty=False)
        return cur.rowcount == 1

    def correction_status(self) -> dict[str, str | None]:
        """Correction id -> "ok" (applied the last time its article was processed), the
        reason it matched nothing, or "" (not applied yet)."""
        return {i: s for i, s in self._db.execute("SELECT id, coalesce(status, '') FROM corrections")}

    def set_correction_status(self, status: dict[str, str | None]) -> None:
        if status:
            with self._tx():
                self._db.executemany("UPDATE corrections SET status=? WHERE id=?",
                                     [("ok" if s is None else s, i) for i, s in status.items()])


class _Transaction:
    """A transaction on one thread's (autocommit) connection: `BEGIN IMMEDIATE` for a write,
    which waits up to `LOCK_TIMEOUT` for SQLite's write lock (one writer at a time), or
    `BEGIN` for a read, a snapshot that takes no lock; COMMIT at the end, ROLLBACK on any
    error.

    One opened while the connection is already in one (a read inside a write, a write
    called from another write) joins it rather than beginning again: SQLite has no
    nested BEGIN. A write inside a read snapshot is a mistake in the store's code (the
    snapshot cannot take the write lock safely) and raises at once."""

    def __init__(self, db: sqlite3.Connection, state, *, write: bool, path: str = "the store"):
        self.db = db
        self.state = state   # the thread's namespace: `writing` tells what its open transaction is
        self.write = write
        self.path = path
        self.joined = False

    def __enter__(self):
        if self.db.in_transaction:
            if self.write and not getattr(self.state, "writing", False):
                raise RuntimeError("a write inside a read snapshot of the store")
            self.joined = True
            return self.db
        try:
            self.db.execute("BEGIN IMMEDIATE" if self.write else "BEGIN")
        except sqlite3.OperationalError as e:
            raise StoreError(_operational(self.path, e)) from None
        self.state.writing = self.write
        return self.db

    def __exit__(self, exc_type, *_):
        if self.joined:
            return False
        self.state.writing = False
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.OperationalError as e:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise StoreError(_operational(self.path, e)) from None
        elif self.db.in_transaction:  # SQLite rolls some errors back itself (a full disk)
            self.db.execute("ROLLBACK")
        return False


_ARTICLE_FIELDS = ("id", "path", "url", "source", "title", "text", "published", "published_precision",
                   "date_source", "updated", "inferred_from", "date_reason", "decoding")
_ARTICLE_COLS = ", ".join(_ARTICLE_FIELDS)


def unreadable_records(mention_rows: Iterable[tuple], report_rows: Iterable[tuple]) -> list[str]:
    """What `check` says of stored records that do not read back: (article id, count, JSON)
    mention rows and (report id, JSON) report rows, as any store keeps them."""
    problems = []
    for article_id, n, data in mention_rows:
        try:
            found = len(orjson.loads(data))
        except orjson.JSONDecodeError:
            problems.append(f"article {article_id}: unreadable mentions")
            continue
        if found != n:
            problems.append(f"article {article_id}: {found} mentions stored, {n} counted")
    for report_id, data in report_rows:
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            problems.append(f"event report {report_id}: unreadable record")
    return problems


def _dumps(record) -> str:
    """JSON text of a record: the same object as its `to_dict()`, because orjson writes a
    dataclass field by field (nested ones and tuples too) without building the dicts
    first; with the stdlib encoder, building and encoding them took most of an
    ingest's store time."""
    return orjson.dumps(record).decode("utf-8")


#: The columns of the events table that `event_columns` reads (besides the full record in `data`).
EVENT_TABLE_COLUMNS = ("id", "type", "date", "end", "precision", "status", "sources", "actor_from", "actor_to",
                       "evidence", "first_article", "place_ref", "origin_ref", "destination_ref")
_IDS_PER_QUERY = 900  # bound parameters per `IN (...)`: well under any SQLite build's limit


_MEMORY_NAMES = itertools.count()  # each ":memory:" store's database has a name of its own


def _quoted(column: str) -> str:
    return f'"{column}"'


def _article(row) -> Article:
    return Article(**dict(zip(_ARTICLE_FIELDS, row)))


#: What `event_row` gives of a corroborated event, in its order: the events table's columns
#: (places as their JSON, not yet numbered) and the record without its mentions.
EVENT_ROW_FIELDS = (*EVENT_TABLE_COLUMNS[:11], "place", "origin", "destination", "record")


def event_row(e: Event) -> tuple:
    """A corroborated event as the store writes it (`EVENT_ROW_FIELDS`): computed once per
    report where the reports are made (the Dask engine's map), a lone report is stored as is."""
    return (e.id, e.type, e.date, e.end, e.precision, e.status, e.sources, e.actor_from, e.actor_to, e.evidence,
            e.article_ids[0] if e.article_ids else None,
            *(None if p is None else _dumps(p) for p in (e.place, e.origin, e.destination)),
            _dumps(replace(e, mentions=())))


def _inference_mark(execute, seq: str, point: int | None, written: Iterable[str]) -> int:
    """Inside a write transaction: the mark `mark_inference_done` records, given the column
    that numbers the writes (SQLite's rowid, PostgreSQL's seq) and how `execute` marks a parameter."""
    top = execute(f"SELECT coalesce(max({seq}), 0) FROM articles").fetchone()[0]
    if point is None or top <= point:
        return top
    mark = "?" if seq == "rowid" else "%s"
    since = {r[0] for r in execute(f"SELECT id FROM articles WHERE {seq} > {mark}", (point,))}
    if since <= set(written):
        return top
    # another writer's articles since `point`: the mark stays there, unless an inference that
    # ran meanwhile (two ingests at once) already compared further; a mark never moves back
    row = execute("SELECT value FROM meta WHERE key='inference_mark'").fetchone()
    return max(point, int(row[0]) if row else 0)


def event_columns_of(events: Iterable[Event]) -> dict[str, list]:
    """`event_row` of each event, as columns (`EVENT_ROW_FIELDS` -> one value per event)."""
    rows = [event_row(e) for e in events]
    return {f: [r[k] for r in rows] for k, f in enumerate(EVENT_ROW_FIELDS)}


def place_refs(columns: dict[str, Sequence]) -> tuple[list[list], list[str]]:
    """The place, origin and destination columns (a place's JSON, or None) as refs into
    a list of the distinct places, numbered in the order events name them (events share a
    few thousand places): ([place refs, origin refs, destination refs], places).

        >>> place_refs({"place": ["A", None], "origin": [None, "B"], "destination": [None, "A"]})
        ([[0, None], [None, 1], [None, 0]], ['A', 'B'])
    """
    n = len(columns["place"])
    if n < _FACTORIZE_IN_PANDAS:
        # a dict numbers a day's ingest as fast, without importing pandas (0.3 s) into the CLI
        ids: dict[str, int] = {}
        refs = [[], [], []]
        for i in range(n):
            for role, f in zip(refs, ("place", "origin", "destination")):
                v = columns[f][i]
                role.append(None if v is None else ids.setdefault(v, len(ids)))
        return refs, list(ids)
    import numpy as np
    import pandas as pd

    roles = np.stack([np.asarray(columns[f], dtype=object) for f in ("place", "origin", "destination")], axis=1)
    codes, uniques = pd.factorize(roles.ravel())   # in the order of first appearance; None -> -1
    refs = [[None if c < 0 else c for c in role] for role in codes.reshape(-1, 3).T.tolist()]
    return refs, list(uniques)


#: Events above this many have their places numbered by pandas (a million: 0.3 s, not 1 s).
_FACTORIZE_IN_PANDAS = 100_000


def _corroborated(reports: list[Event]) -> list[Event]:
    """The reports corroborated, numbered in the order readers want them (undated last):
    `events()` and `event_columns` read by row number, without sorting 100k rows."""
    from timeline.corroborate import corroborate

    return sorted(corroborate(reports), key=lambda e: (e.date is None, e.date or "", e.id))


def _operational(path: str, error: sqlite3.OperationalError) -> str:
    msg = str(error)
    if "locked" in msg or "busy" in msg:
        return (f"{path}: the store is locked by another writer (waited {LOCK_TIMEOUT:g} s); "
                "try again when it has finished")
    if "unable to open" in msg or "readonly" in msg:
        return f"{path}: cannot open the store for writing ({msg}): does its folder exist, and is it writable?"
    if "disk" in msg and "full" in msg:
        return f"{path}: the disk is full; free space and re-run"
    return f"{path}: {msg}"


def open_store(path: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """Open the store at `path`, creating it if needed (`create=False`: a StoreError
    if there is no such file, so a mistyped --db does not make an empty store).
    A `postgresql://` URL opens the PostgreSQL/PostGIS store (`timeline.pg_store`)."""
    if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
        from timeline.pg_store import PostGISStore

        return PostGISStore(path, create=create)
    return SQLiteStore(path, create=create)
