"""The store: articles, their mentions and events, in one SQLite file.

A small interface (`Store`) so that PostgreSQL/PostGIS can stand in for SQLite;
`SQLiteStore` is the one in use.

    >>> store = open_store(":memory:")
    >>> store.counts()
    {'articles': 0, 'mentions': 0, 'event_reports': 0, 'events': 0}

Consistency: each article is written with its mentions and event reports in one
transaction, so a run killed at any point leaves every article either fully in
or fully out. Corroborated events (the same event from several articles) are
derived from the reports; the `dirty` flag, set in the same transaction as any
write, tells readers they must be rebuilt, so a run killed before the rebuild
still reads right.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from gazetteer.records import Mention
from timeline.bulk import gc_paused
from timeline.records import Article, ArticleResult, Event

SCHEMA_VERSION = 1
DEFAULT_DB = "conflictmap.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT, url TEXT, source TEXT, title TEXT, text TEXT NOT NULL,
    published TEXT, published_precision TEXT, date_source TEXT NOT NULL, updated TEXT,
    inferred_from TEXT, date_reason TEXT, added_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT NOT NULL, kind TEXT,
    name TEXT, lat REAL, lon REAL, geonameid INTEGER, country TEXT, confidence REAL, data TEXT NOT NULL,
    PRIMARY KEY (article_id, start, "end"));
CREATE TABLE IF NOT EXISTS event_reports (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, date TEXT, status TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS event_reports_article ON event_reports(article_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, date TEXT, "end" TEXT, status TEXT,
    sources INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
"""


class StoreError(Exception):
    """The store file cannot be used (wrong schema version, not a conflictmap database...)."""


class Store(Protocol):
    """What the rest of conflictmap needs from a store; SQLite today, PostGIS tomorrow."""

    version: int

    def has_article(self, article_id: str) -> bool: ...
    def article(self, article_id: str) -> Article | None: ...
    def articles(self) -> list[Article]: ...
    def mentions(self, article_id: str) -> list[Mention]: ...
    def event_reports(self, article_id: str | None = None) -> list[Event]: ...
    def events(self) -> list[Event]: ...
    def save_result(self, result: ArticleResult) -> None: ...
    def put_events(self, events: Iterable[Event]) -> None: ...
    def counts(self) -> dict: ...
    def close(self) -> None: ...


class SQLiteStore:
    """The SQLite store. Open it with `open_store(path)`."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = str(path)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                # WAL: readers (the dashboard) never block the writer (an ingest), and a
                # killed writer leaves the last committed state.
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as e:
            self._db.close()
            raise StoreError(f"{self.path}: not a SQLite database ({e})") from None
        self._init_schema()

    # -- schema -----------------------------------------------------------------
    def _init_schema(self) -> None:
        try:
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a SQLite database ({e})") from None
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: a SQLite file, but not a conflictmap store")
        with self._tx():
            for stmt in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(stmt)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                self._db.execute("INSERT INTO meta VALUES ('content_version', '0')")
                self._db.execute("INSERT INTO meta VALUES ('dirty', '0')")
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {row[0]}, this conflictmap reads "
                                 f"{SCHEMA_VERSION}; re-ingest into a new file")

    def _tx(self):
        return _Transaction(self._db)

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
        """Articles whose id starts with `prefix` (users type short ids)."""
        rows = self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id LIKE ?",
                                (prefix.replace("%", "") + "%",))
        return [_article(r) for r in rows]

    def mentions(self, article_id: str) -> list[Mention]:
        rows = self._db.execute("SELECT data FROM mentions WHERE article_id=? ORDER BY start", (article_id,))
        return [Mention.from_dict(json.loads(r[0])) for r in rows]

    # -- writes ------------------------------------------------------------------
    def save_result(self, result: ArticleResult) -> None:
        """Write (or replace) one article with its mentions and event reports, atomically."""
        a = result.article
        with self._tx():
            self._db.execute("DELETE FROM mentions WHERE article_id=?", (a.id,))
            self._db.execute("DELETE FROM event_reports WHERE article_id=?", (a.id,))
            self._db.execute(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLS}) VALUES ({','.join('?' * len(_ARTICLE_FIELDS))})",
                tuple(getattr(a, f) for f in _ARTICLE_FIELDS))
            self._db.executemany(
                'INSERT OR REPLACE INTO mentions (article_id, start, "end", surface, kind, name, lat, lon, '
                "geonameid, country, confidence, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(a.id, m.start, m.end, m.surface, m.kind,
                  m.place.name if m.place else None, m.place.lat if m.place else None,
                  m.place.lon if m.place else None, m.place.geonameid if m.place else None,
                  m.place.country if m.place else None, m.confidence, json.dumps(m.to_dict()))
                 for m in result.mentions])
            self._insert_reports(result.events, a.id)
            self._touch()

    def put_events(self, events: Iterable[Event]) -> None:
        """Write ready-made events as reports (synthetic stores, imports); articles are not required."""
        self._db.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction has effect
        try:
            with self._tx():
                self._insert_reports(events, None)
                self._touch()
        finally:
            self._db.execute("PRAGMA foreign_keys = ON")

    def _insert_reports(self, events: Iterable[Event], article_id: str | None) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO event_reports (id, article_id, type, date, status, data) VALUES (?,?,?,?,?,?)",
            [(e.id, article_id or (e.article_ids[0] if e.article_ids else ""), e.type, e.date, e.status,
              json.dumps(e.to_dict(), ensure_ascii=False)) for e in events])

    # -- events ------------------------------------------------------------------
    def event_reports(self, article_id: str | None = None) -> list[Event]:
        if article_id is None:
            rows = self._db.execute("SELECT data FROM event_reports ORDER BY date IS NULL, date, id")
        else:
            rows = self._db.execute("SELECT data FROM event_reports WHERE article_id=? ORDER BY id", (article_id,))
        return [Event.from_dict(json.loads(r[0])) for r in rows]

    def events(self) -> list[Event]:
        """Corroborated events: one per real-world event, with every article that reports it.

        They come without the mentions they were anchored on (those stay with each
        report, `event_reports()`): the map and exports need the places, and leaving
        the mentions' candidate lists out keeps loading 100k events fast."""
        self.refresh_events()
        rows = self._db.execute("SELECT data FROM events ORDER BY date IS NULL, date, id")
        places: dict = {}
        with gc_paused():  # 100k acyclic records: no collector passes while they are built
            return [Event.from_dict(json.loads(r[0]), places) for r in rows]

    def refresh_events(self, force: bool = False) -> bool:
        """Rebuild corroborated events from the reports if anything changed. True if rebuilt."""
        dirty = self._db.execute("SELECT value FROM meta WHERE key='dirty'").fetchone()[0] == "1"
        if not (dirty or force):
            return False
        from timeline.corroborate import corroborate

        merged = corroborate(self.event_reports())
        with self._tx():
            self._db.execute("DELETE FROM events")
            self._db.executemany(
                'INSERT INTO events (id, type, date, "end", status, sources, data) VALUES (?,?,?,?,?,?,?)',
                [(e.id, e.type, e.date, e.end, e.status, e.sources,
                  json.dumps({**e.to_dict(), "mentions": []}, ensure_ascii=False)) for e in merged])
            self._db.execute("UPDATE meta SET value='0' WHERE key='dirty'")
            self._touch(dirty=False)
        return True

    def counts(self) -> dict:
        self.refresh_events()
        return {t: self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "event_reports", "events")}

    def check_integrity(self) -> list[str]:
        """Problems SQLite itself finds (empty list: fine)."""
        rows = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        rows += [f"foreign key: {r}" for r in self._db.execute("PRAGMA foreign_key_check")]
        return [r for r in rows if r != "ok"]

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


_ARTICLE_FIELDS = ("id", "path", "url", "source", "title", "text", "published", "published_precision",
                   "date_source", "updated", "inferred_from", "date_reason")
_ARTICLE_COLS = ", ".join(_ARTICLE_FIELDS)


def _article(row) -> Article:
    return Article(**dict(zip(_ARTICLE_FIELDS, row)))


def open_store(path: str | Path = DEFAULT_DB) -> SQLiteStore:
    """Open (creating if needed) the store at `path`."""
    return SQLiteStore(path)
