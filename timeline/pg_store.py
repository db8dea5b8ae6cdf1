"""The PostgreSQL/PostGIS store: the `Store` protocol over a database server, for
several ingests and dashboards at once.

    store = open_store("postgresql://user@host:5432/conflictmap")   # or CONFLICTMAP_DB=postgresql://...

The same tables, records and semantics as `timeline.store.SQLiteStore` (records are
the same JSON text; corroborated events are derived from the reports by the writer,
`refresh_events`, and flagged stale by `dirty` until then), plus, for the map:
each corroborated event's days (`first_day`, `last_day`, see `timeline.records.event_span`)
and its points as PostGIS geometries (`geom`: its place, or a displacement's origin;
`geom_to`: a displacement's destination; `geometry(Point, 4326)` with GiST indexes),
so that `events_window(start=, end=, bbox=)` runs the dashboard's filters in SQL.

The database needs the `postgis` extension (`CREATE EXTENSION postgis`, by a role
allowed to); the store creates its tables on first use.

Concurrency: each thread has its own connection. Writers take one transaction-level
advisory lock (`pg_advisory_xact_lock`), one at a time, waiting up to `LOCK_TIMEOUT`
like SQLite's write lock; a write transaction is READ COMMITTED and takes the lock
first, so it sees every write committed before it. Reads that must agree run in one
REPEATABLE READ snapshot and never wait for a writer.

Differences from SQLite: text columns compare byte-wise (`COLLATE "C"`, as SQLite
does); PostgreSQL text cannot hold NUL characters, so a NUL in an article's text or
an event's column is stored as U+FFFD (the JSON records keep it, escaped).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import wraps

import orjson

from gazetteer.records import Mention, Place
from timeline.bulk import gc_paused
from timeline.records import Article, ArticleResult, Event, event_span, to_date
from timeline.store import (
    _ARTICLE_COLS,
    _ARTICLE_FIELDS,
    EVENT_TABLE_COLUMNS,
    LOCK_TIMEOUT,
    SCHEMA_VERSION,
    StoreError,
    ThreadConnections,
    _article,
    _dumps,
    _inference_mark,
    _quoted,
    replace_events_tables,
    unreadable_records,
)

#: The advisory lock key writers hold (scoped to the database by PostgreSQL).
WRITE_LOCK = 0x636D6170  # "cmap"

_TEXT = 'TEXT COLLATE "C"'
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key {_TEXT} PRIMARY KEY, value TEXT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS article_seq;
CREATE TABLE IF NOT EXISTS articles (
    id {_TEXT} PRIMARY KEY, path {_TEXT}, url TEXT, source TEXT, title TEXT, text TEXT NOT NULL,
    published {_TEXT}, published_precision TEXT, date_source TEXT NOT NULL, updated TEXT,
    inferred_from TEXT, date_reason TEXT, added_at TIMESTAMPTZ DEFAULT now(), decoding TEXT,
    seq BIGINT NOT NULL DEFAULT nextval('article_seq'));
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE TABLE IF NOT EXISTS article_mentions (
    article_id {_TEXT} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_reports (
    id {_TEXT} PRIMARY KEY, article_id {_TEXT} NOT NULL,
    type TEXT NOT NULL, date {_TEXT}, status TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS event_reports_article ON event_reports(article_id);
CREATE TABLE IF NOT EXISTS events (
    row INTEGER PRIMARY KEY, id {_TEXT} NOT NULL UNIQUE, type TEXT NOT NULL, date {_TEXT}, "end" TEXT,
    precision TEXT, status TEXT, sources INTEGER NOT NULL, actor_from TEXT, actor_to TEXT,
    evidence TEXT, first_article TEXT, place_ref INTEGER, origin_ref INTEGER, destination_ref INTEGER,
    first_day DATE, last_day DATE, geom geometry(Point, 4326), geom_to geometry(Point, 4326));
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_days ON events(first_day, last_day);
CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST (geom);
CREATE INDEX IF NOT EXISTS events_geom_to ON events USING GIST (geom_to);
CREATE TABLE IF NOT EXISTS event_records (row INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_places (ref INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_prints (
    article_id {_TEXT} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    sampled BYTEA NOT NULL, sentences BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (
    id {_TEXT} PRIMARY KEY, kind TEXT NOT NULL, article_id {_TEXT} NOT NULL DEFAULT '', at TEXT,
    data TEXT NOT NULL, status TEXT);
"""
_TABLES = ("meta", "articles", "article_mentions", "event_reports", "events", "event_records",
           "event_places", "story_prints", "corrections")
_EXTRA_EVENT_COLUMNS = ("first_day", "last_day", "geom", "geom_to")


def is_postgres_url(path) -> bool:
    """True for a `postgresql://` (or `postgres://`) URL: `open_store` opens a PostGISStore."""
    return isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))


def shown_url(url: str) -> str:
    """The URL with its password masked, for messages."""
    return re.sub(r"^(\w+://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _one_line(error: BaseException) -> str:
    msg = " ".join(str(error).split()) or type(error).__name__
    return msg if len(msg) <= 240 else msg[:240] + "..."


def _reported(method):
    """Any database error of a public method becomes a one-line StoreError naming the store."""
    @wraps(method)
    def call(self, *args, **kwargs):
        import psycopg

        try:
            return method(self, *args, **kwargs)
        except psycopg.Error as e:
            raise StoreError(_reason(self.path, e)) from None
    return call


def _reason(where: str, error) -> str:
    import psycopg

    msg = _one_line(error)
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return (f"{where}: the store is locked by another writer (waited {LOCK_TIMEOUT:g} s); "
                "try again when it has finished")
    if isinstance(error, psycopg.errors.DiskFull):
        return f"{where}: the database server's disk is full; free space and re-run"
    if isinstance(error, psycopg.OperationalError):
        return f"{where}: the PostgreSQL server cannot be used ({msg})"
    return f"{where}: PostgreSQL error: {msg}"


class PostGISStore(ThreadConnections):
    """The PostgreSQL/PostGIS store. Open it with `open_store("postgresql://...")`.

    Safe to share between threads: each gets its own connection (autocommit; the
    store begins and ends its transactions), closed when its thread has ended or by
    `close`. `create=False`: a StoreError if the database has no conflictmap tables."""

    def __init__(self, url: str, *, create: bool = True):
        self.url = url
        self.path = shown_url(url)   # what messages name, like SQLiteStore.path
        self._init_connections()
        try:
            upgraded = self._init_schema(create)
        except BaseException:
            self.close()
            raise
        if upgraded:
            self.refresh_events()

    # -- connections (`timeline.store.ThreadConnections`) -------------------------------
    def _connect(self):
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"{self.path}: the PostgreSQL store needs psycopg "
                             "(python3 -m pip install 'psycopg[binary]>=3.1')") from None
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                   application_name="conflictmap")
        except psycopg.Error as e:
            raise StoreError(f"{self.path}: cannot connect to the PostgreSQL server ({_one_line(e)})") from None

    def _tx(self):
        """A write transaction holding the store's write lock (see `_Transaction`)."""
        return _Transaction(self, write=True)

    def _read(self):
        """A read snapshot: several reads that must agree."""
        return _Transaction(self, write=False)

    def _rows(self, sql: str, params=None) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params=None):
        row = self._db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _meta(self, key: str) -> str | None:
        return self._one("SELECT value FROM meta WHERE key=%s", (key,))

    # -- schema --------------------------------------------------------------------
    @_reported
    def _init_schema(self, create: bool) -> bool:
        """Check the postgis extension; create or check the tables. True if the events
        tables were made anew (a database of an older shape): rebuilt at once."""
        if self._one("SELECT 1 FROM pg_extension WHERE extname='postgis'") is None:
            raise StoreError(f"{self.path}: the database has no postgis extension; run "
                             "`CREATE EXTENSION postgis` in it as a role allowed to (Debian: postgresql-NN-postgis-3)")
        names = {r[0] for r in self._rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        if names and "meta" not in names and names & set(_TABLES):
            raise StoreError(f"{self.path}: a PostgreSQL database, but not a conflictmap store")
        if not set(_TABLES) <= names:
            if not create and "meta" not in names:
                raise StoreError(f"{self.path}: no such store (run `conflictmap ingest` first, or check --db)")
            with self._tx():   # the write lock: two first ingests do not create the tables at once
                for stmt in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(stmt)
                self._db.execute("INSERT INTO meta VALUES ('schema_version', %s), ('content_version', '0'), "
                                 "('dirty', '0') ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION),))
        version = self._meta("schema_version")
        if version is None or int(version) != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version}, this conflictmap reads "
                             f"{SCHEMA_VERSION}; re-ingest into a new database")
        return self._upgrade_events_table()

    def _upgrade_events_table(self) -> bool:
        cols = {r[0] for r in self._rows("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = current_schema() AND table_name = 'events'")}
        return replace_events_tables(self, _SCHEMA, cols, {"row", *EVENT_TABLE_COLUMNS, *_EXTRA_EVENT_COLUMNS})

    def _touch(self, dirty: bool = True) -> None:
        """Inside a write transaction: bump the content version, flag derived events stale."""
        self._db.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key='content_version'")
        if dirty:
            self._db.execute("UPDATE meta SET value='1' WHERE key='dirty'")

    @property
    @_reported
    def version(self) -> int:
        """Changes whenever the content changes: a cache key for readers."""
        return int(self._meta("content_version"))

    # -- articles --------------------------------------------------------------------
    @_reported
    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id=%s", (article_id,)) is not None

    @_reported
    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=%s", (article_id,)).fetchone()
        return _article(row) if row else None

    @_reported
    def articles(self, *, with_text: bool = True) -> list[Article]:
        """Every article, dated first (see `SQLiteStore.articles`)."""
        cols = _ARTICLE_COLS if with_text else ", ".join("'' AS text" if f == "text" else f for f in _ARTICLE_FIELDS)
        rows = self._rows(f"SELECT {cols} FROM articles ORDER BY published IS NULL, published, path")
        return [_article(r) for r in rows]

    @_reported
    def find_articles(self, prefix: str) -> list[Article]:
        """Articles whose id starts with `prefix`, compared as text (no wildcards)."""
        rows = self._rows(f"SELECT {_ARTICLE_COLS} FROM articles WHERE substr(id, 1, %s) = %s",
                          (len(prefix), prefix))
        return [_article(r) for r in rows]

    @_reported
    def article_text(self, article_id: str) -> str:
        return self._one("SELECT text FROM articles WHERE id=%s", (article_id,)) or ""

    @_reported
    def mentions(self, article_id: str) -> list[Mention]:
        data = self._one("SELECT data FROM article_mentions WHERE article_id=%s", (article_id,))
        mentions = [Mention.from_dict(d) for d in orjson.loads(data)] if data else []
        return sorted(mentions, key=lambda m: (m.start, m.end))

    # -- date inference's bookkeeping --------------------------------------------------
    @_reported
    def story_prints(self) -> dict:
        """Article id -> StoryPrint; missing prints are computed and kept (writers only)."""
        from timeline.inference import StoryPrint, story_print

        missing = self._rows("SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM story_prints)")
        if missing:
            rows = [(i, p.sampled, p.sentences) for i, text in missing for p in (story_print(text),)]
            with self._tx():
                self._db.cursor().executemany(
                    "INSERT INTO story_prints VALUES (%s, %s, %s) ON CONFLICT (article_id) DO UPDATE "
                    "SET sampled = excluded.sampled, sentences = excluded.sentences", rows)
        return {i: StoryPrint(bytes(a), bytes(b))
                for i, a, b in self._rows("SELECT article_id, sampled, sentences FROM story_prints")}

    def _mark(self) -> int:
        mark = self._meta("inference_mark")
        return int(mark) if mark else 0

    @_reported
    def written_since_inference(self) -> set[str]:
        """Ids of the articles written since `mark_inference_done` (every one if it never ran):
        each write of an article gives it a new `seq`, as SQLite's INSERT OR REPLACE a new rowid."""
        return {r[0] for r in self._rows("SELECT id FROM articles WHERE seq > %s", (self._mark(),))}

    @_reported
    def inference_pending(self) -> bool:
        return self._one("SELECT coalesce(max(seq), 0) FROM articles") > self._mark()

    @_reported
    def clear_inference_mark(self) -> None:
        with self._tx():
            self._db.execute("DELETE FROM meta WHERE key='inference_mark'")

    @_reported
    def inference_point(self) -> int:
        """Where the articles stand now (see `SQLiteStore.inference_point`): writers take the
        store's write lock before they draw a `seq`, so every article written later has a higher one."""
        return int(self._one("SELECT coalesce(max(seq), 0) FROM articles"))

    @_reported
    def mark_inference_done(self, point: int | None = None, written: Iterable[str] = ()) -> None:
        """See `SQLiteStore.mark_inference_done`."""
        with self._tx():
            mark = _inference_mark(self._db.execute, "seq", point, written)
            self._db.execute("INSERT INTO meta VALUES ('inference_mark', %s) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(mark),))

    # -- writes ----------------------------------------------------------------------
    def save_result(self, result: ArticleResult, *, rebuild: bool = True) -> None:
        """Write (or replace) one article with its mentions and event reports, atomically."""
        self.save_results((result,), rebuild=rebuild)

    @_reported
    def save_results(self, results: Iterable[ArticleResult], *, rebuild: bool = True) -> None:
        """Write (or replace) several articles in one transaction: all of them or none;
        then rebuild the events unless `rebuild=False` (see `SQLiteStore.save_results`)."""
        results = list(results)
        if not results:
            return
        ids = [r.article.id for r in results]
        with self._tx():
            self._db.execute("DELETE FROM article_mentions WHERE article_id = ANY(%s)", (ids,))
            self._db.execute("DELETE FROM event_reports WHERE article_id = ANY(%s)", (ids,))
            # a rewritten article gets a new seq (written since inference), like a new rowid
            self._upsert("articles", _ARTICLE_FIELDS, ["text"] * len(_ARTICLE_FIELDS),
                         [tuple(_text(getattr(r.article, f)) for f in _ARTICLE_FIELDS) for r in results],
                         also=", added_at = now(), seq = nextval('article_seq')")
            self._upsert("article_mentions", ("article_id", "n", "data"), ("text", "int", "text"),
                         [(r.article.id, len(r.mentions), _dumps(r.mentions)) for r in results if r.mentions])
            self._insert_reports([(e, r.article.id) for r in results for e in r.events])
            self._touch()
        if rebuild:
            self.refresh_events()

    @_reported
    def delete_articles(self, ids: Iterable[str]) -> None:
        """Remove articles with their mentions and reports (see `SQLiteStore.delete_articles`)."""
        ids = list(ids)
        with self._tx():
            self._db.execute("DELETE FROM event_reports WHERE article_id = ANY(%s)", (ids,))   # no foreign key here
            self._db.execute("DELETE FROM articles WHERE id = ANY(%s)", (ids,))   # mentions, prints cascade
            self._touch()

    def _upsert(self, table: str, cols, types, rows: list[tuple], also: str = "") -> None:
        """Insert rows (keyed by their first column) in one statement, a row already stored
        with that key replaced, as SQLite's INSERT OR REPLACE; of rows with one key, the last."""
        rows = list({r[0]: r for r in rows}.values())
        if not rows:
            return
        names = ", ".join(map(_quoted, cols))
        arrays = ", ".join(f"%b::{t}[]" for t in types)   # binary: long JSON texts unescaped
        sets = ", ".join(f"{_quoted(c)} = excluded.{_quoted(c)}" for c in cols[1:]) + also
        self._db.execute(f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) "
                         f"ON CONFLICT ({_quoted(cols[0])}) DO UPDATE SET {sets}", [list(c) for c in zip(*rows)])

    @_reported
    def put_events(self, events: Iterable[Event], *, rebuild: bool = True) -> None:
        """Write ready-made events as reports (synthetic stores, imports); articles are not
        required. Then the events are rebuilt, unless `rebuild=False`."""
        with self._tx():
            self._insert_reports((e, None) for e in events)
            self._touch()
        if rebuild:
            self.refresh_events()

    def _insert_reports(self, reports: Iterable[tuple[Event, str | None]]) -> None:
        """(event, article id) pairs; without an article id, the event's first article.
        A report id already stored is replaced (moved to this article), as INSERT OR REPLACE does."""
        self._upsert("event_reports", ("id", "article_id", "type", "date", "status", "data"), ["text"] * 6,
                     [(e.id, article_id or (e.article_ids[0] if e.article_ids else ""), e.type, e.date, e.status,
                       _dumps(e)) for e, article_id in reports])

    # -- events ----------------------------------------------------------------------
    @_reported
    def event_reports(self, article_id: str | None = None, *, with_mentions: bool = True) -> list[Event]:
        """The reports (of one article, or all of them, by date); see `SQLiteStore.event_reports`."""
        if article_id is None:
            rows = self._db.execute("SELECT data FROM event_reports ORDER BY date IS NULL, date, id")
        else:
            rows = self._db.execute("SELECT data FROM event_reports WHERE article_id=%s ORDER BY id", (article_id,))
        places: dict = {}
        out = []
        with gc_paused():
            for (data,) in rows:
                d = orjson.loads(data)
                if not with_mentions:
                    d["mentions"] = ()
                out.append(Event.from_dict(d, places))
        return out

    @_reported
    def events(self) -> list[Event]:
        """Corroborated events, as of the last rebuild (reading never rebuilds)."""
        rows = self._db.execute("SELECT data FROM event_records ORDER BY row")
        places: dict = {}
        with gc_paused():
            return [Event.from_dict(orjson.loads(r[0]), places) for r in rows]

    @_reported
    def event_columns(self, *, start=None, end=None,
                      bbox: tuple[float, float, float, float] | None = None) -> tuple[dict[str, tuple], list[Place]]:
        """Corroborated events as columns (see `SQLiteStore.event_columns`); with `start`,
        `end` or `bbox`, those of that window only, selected in SQL as `events_window` does."""
        names = ", ".join(f"e.{_quoted(c)}" for c in EVENT_TABLE_COLUMNS)
        where, params = _window_sql(start, end, bbox)
        with gc_paused(), self._read():  # many acyclic row tuples (see SQLiteStore.event_columns)
            rows = self._rows(f"SELECT {names} FROM events e WHERE {where} ORDER BY e.row", params)
            place_rows = self._rows("SELECT data FROM event_places ORDER BY ref")
            columns = dict(zip(EVENT_TABLE_COLUMNS, zip(*rows))) if rows else {c: () for c in EVENT_TABLE_COLUMNS}
            return columns, [Place.from_dict(orjson.loads(r[0])) for r in place_rows]

    @_reported
    def events_by_id(self, ids: Iterable[str], places: dict | None = None) -> list[Event]:
        """The corroborated events with these ids, in the order given (unknown ids left out)."""
        ids = list(ids)
        places = {} if places is None else places
        with gc_paused():
            rows = self._rows("SELECT e.id, r.data FROM events e JOIN event_records r USING (row) "
                              "WHERE e.id = ANY(%s)", (ids,))
            found = {i: Event.from_dict(orjson.loads(d), places) for i, d in rows}
        return [found[i] for i in ids if i in found]

    @_reported
    def events_window(self, *, start=None, end=None,
                      bbox: tuple[float, float, float, float] | None = None) -> list[Event]:
        """The corroborated events of a time window and a bounding box, selected in SQL
        (the days index and the GiST indexes of the points), in the order of `events()`.

        start, end: inclusive bounds as `geo.filters.filter_events` takes them (ISO
        dates of any granularity, or dates): an event is in when its days overlap the
        window; undated events are left out as soon as a bound is given.
        bbox: (west, south, east, north) in WGS84 degrees, edges included: an event is in
        when its place, origin or destination lies inside (events without a point are
        left out when a bbox is given). A box across the antimeridian (west > east) is
        a ValueError."""
        where, params = _window_sql(start, end, bbox)
        rows = self._db.execute("SELECT r.data FROM events e JOIN event_records r USING (row) "
                                f"WHERE {where} ORDER BY e.row", params)
        places: dict = {}
        with gc_paused():
            return [Event.from_dict(orjson.loads(r[0]), places) for r in rows]

    @_reported
    def refresh_events(self, force: bool = False) -> bool:
        """Rebuild corroborated events from the reports if anything changed. True if rebuilt.
        Safe beside concurrent writers, as `SQLiteStore.refresh_events`: stored only if no
        write came in since the snapshot the reports were read in."""
        return self._rebuild_if_dirty(force)

    def _write_events(self, merged: list[Event]) -> None:
        """Inside a write transaction: store the corroborated events (COPY), clear the flag."""
        refs: dict = {}

        def ref(place):
            return None if place is None else refs.setdefault(place, len(refs))

        for table in ("events", "event_records", "event_places"):
            self._db.execute(f"DELETE FROM {table}")
        cur = self._db.cursor()
        cols = ", ".join(map(_quoted, ("row", *EVENT_TABLE_COLUMNS, *_EXTRA_EVENT_COLUMNS)))
        with cur.copy(f"COPY events ({cols}) FROM STDIN") as copy:
            for n, e in enumerate(merged):
                days = _days(e)
                copy.write_row((n, e.id, e.type, e.date, e.end, e.precision, e.status, e.sources,
                                _text(e.actor_from), _text(e.actor_to), _text(e.evidence),
                                e.article_ids[0] if e.article_ids else None,
                                ref(e.place), ref(e.origin), ref(e.destination),
                                days[0] if days else None, days[1] if days else None,
                                _point(e.place or e.origin), _point(e.destination)))
        with cur.copy("COPY event_records (row, data) FROM STDIN") as copy:
            for n, e in enumerate(merged):
                copy.write_row((n, _dumps(replace(e, mentions=()))))
        with cur.copy("COPY event_places (ref, data) FROM STDIN") as copy:
            for p, i in refs.items():
                copy.write_row((i, _dumps(p)))
        self._db.execute("UPDATE meta SET value='0' WHERE key='dirty'")
        self._touch(dirty=False)

    # -- the whole store -----------------------------------------------------------
    @_reported
    def counts(self) -> dict:
        """Rows of each kind; `events` as of the last rebuild."""
        counts = {t: self._one(f"SELECT count(*) FROM {t}") for t in ("articles", "event_reports", "events")}
        counts["mentions"] = self._one("SELECT coalesce(sum(n), 0) FROM article_mentions")
        return {t: int(counts[t]) for t in ("articles", "mentions", "event_reports", "events")}

    @_reported
    def check_integrity(self) -> list[str]:
        """What SQLite's foreign key check would report: reports whose article is not
        stored (the other tables' keys PostgreSQL enforces itself). Empty list: fine."""
        rows = self._rows("SELECT id FROM event_reports r WHERE NOT EXISTS "
                          "(SELECT 1 FROM articles a WHERE a.id = r.article_id) ORDER BY id")
        return [f"foreign key: ('event_reports', {r[0]!r}, 'articles', 0)" for r in rows]

    @_reported
    def check(self) -> list[str]:
        """`check_integrity` plus the store's own invariants (see `SQLiteStore.check`)."""
        problems = self.check_integrity()
        if problems:
            return problems
        with self._read():
            problems += self._check_records()
            dirty = self._meta("dirty") == "1"
            if dirty:
                problems.append("events not rebuilt since the last write (a run stopped before its end, "
                                "or one still running)")
            if not dirty and not problems:
                from timeline.corroborate import corroborate

                stored = {r[0] for r in self._rows("SELECT id FROM events")}
                derived = {e.id for e in corroborate(self.event_reports(with_mentions=False))}
                if stored != derived:
                    problems.append(f"stale events: {len(derived - stored)} missing, "
                                    f"{len(stored - derived)} no longer reported")
        if self.inference_pending():
            problems.append("date inference has not run over the last articles written")
        return problems

    def _check_records(self) -> list[str]:
        problems = unreadable_records(self._db.execute("SELECT article_id, n, data FROM article_mentions"),
                                      self._db.execute("SELECT id, data FROM event_reports"))
        orphans = self._one("SELECT count(*) FROM event_reports WHERE article_id NOT IN "
                            "(SELECT id FROM articles) AND article_id != ''")
        if orphans:
            problems.append(f"{orphans} event reports of articles that are not stored")
        bad_dates = self._one("SELECT count(*) FROM articles WHERE (published IS NULL) != (date_source = 'none')")
        if bad_dates:
            problems.append(f"{bad_dates} articles whose date and date source disagree")
        return problems

    def events_frame(self, columns=None, filters: dict | None = None):
        """Corroborated events as one GeoDataFrame (`timeline.frame.events_frame`); its window
        filters (`start`, `end`, `bbox`) run in SQL (`events_window`)."""
        from timeline.frame import events_frame

        return events_frame(self, columns, filters, window_in_sql=True)

    # -- corrections (timeline.corrections), as the SQLite store keeps them ---------
    @_reported
    def corrections(self) -> list:
        """The analyst's corrections, oldest first (`timeline.corrections.Correction`)."""
        from timeline.corrections import Correction

        rows = self._rows("SELECT data FROM corrections ORDER BY at, id")
        return [Correction.from_dict(orjson.loads(r[0])) for r in rows]

    @_reported
    def add_correction(self, correction) -> bool:
        """Keep a correction (False: the same one is kept already)."""
        with self._tx():
            cur = self._db.execute("INSERT INTO corrections (id, kind, article_id, at, data) VALUES "
                                   "(%s,%s,%s,%s,%s) ON CONFLICT (id) DO NOTHING",
                                   (correction.id, correction.kind, correction.article_id, correction.at,
                                    _dumps(correction)))
            self._touch(dirty=False)
        return cur.rowcount == 1

    @_reported
    def remove_correction(self, correction_id: str) -> bool:
        with self._tx():
            cur = self._db.execute("DELETE FROM corrections WHERE id=%s", (correction_id,))
            self._touch(dirty=False)
        return cur.rowcount == 1

    @_reported
    def correction_status(self) -> dict[str, str | None]:
        """Correction id -> "ok", the reason it matched nothing, or "" (not applied yet)."""
        return dict(self._rows("SELECT id, coalesce(status, '') FROM corrections"))

    @_reported
    def set_correction_status(self, status: dict[str, str | None]) -> None:
        if status:
            with self._tx():
                self._db.cursor().executemany("UPDATE corrections SET status=%s WHERE id=%s",
                                              [("ok" if v is None else v, i) for i, v in status.items()])


class _Transaction:
    """A transaction on this thread's (autocommit) connection. A write: BEGIN (READ
    COMMITTED), then the store's advisory write lock, waiting up to `LOCK_TIMEOUT`; every
    statement after it sees all writes committed before. A read: a REPEATABLE READ, READ
    ONLY snapshot, no lock. COMMIT at the end, ROLLBACK on any error. One opened inside
    another joins it; a write inside a read snapshot is a mistake and raises at once."""

    def __init__(self, store: PostGISStore, *, write: bool):
        self.store = store
        self.write = write
        self.joined = False
        self.db = None   # the connection it began on: it ends there (never on a reconnection)

    def __enter__(self):
        import psycopg

        db, state = self.store._db, self.store._local
        self.db = db
        if db.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            if self.write and not getattr(state, "writing", False):
                raise RuntimeError("a write inside a read snapshot of the store")
            self.joined = True
            return db
        try:
            if self.write:
                db.execute("BEGIN")
                db.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT * 1000)}ms'")
                db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            else:
                db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except psycopg.Error as e:
            self._rollback(db)
            raise StoreError(_reason(self.store.path, e)) from None
        state.writing = self.write
        return db

    def __exit__(self, exc_type, *_):
        import psycopg

        if self.joined:
            return False
        db = self.db
        self.store._local.writing = False
        if exc_type is None:
            try:
                db.execute("COMMIT")
            except psycopg.Error as e:
                self._rollback(db)
                raise StoreError(_reason(self.store.path, e)) from None
        else:
            self._rollback(db)
        return False

    @staticmethod
    def _rollback(db) -> None:
        import psycopg

        if db.closed or db.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            return
        try:
            db.execute("ROLLBACK")
        except psycopg.Error:
            pass   # the connection is gone: the server rolled back


def _window_sql(start, end, bbox) -> tuple[str, list]:
    """The WHERE condition (over `events e`) and parameters of `PostGISStore.events_window`."""
    lo, hi = to_date(start), to_date(end, upper=True)
    where, params = ["TRUE"], []
    if lo is not None or hi is not None:
        where.append("e.first_day IS NOT NULL")
    if lo is not None:
        where.append("e.last_day >= %s")
        params.append(lo)
    if hi is not None:
        where.append("e.first_day <= %s")
        params.append(hi)
    if bbox is not None:
        west, south, east, north = map(float, bbox)
        if west > east or south > north:
            raise ValueError(f"bbox {bbox}: give (west, south, east, north), west <= east, south <= north")
        where.append("(e.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
                     "OR e.geom_to && ST_MakeEnvelope(%s, %s, %s, %s, 4326))")
        params += [west, south, east, north] * 2
    return " AND ".join(where), params


def _text(value):
    """A str as PostgreSQL text takes it: NUL (which it cannot hold) as U+FFFD, same length."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


def _point(place: Place | None) -> str | None:
    """EWKT of a place's point (None: no place, or no valid WGS84 point)."""
    if place is None:
        return None
    try:
        lat, lon = float(place.lat), float(place.lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return f"SRID=4326;POINT({lon!r} {lat!r})"


def _days(event: Event):
    """The event's (first_day, last_day), None when undated or unreadable (as the map,
    `geo.spans.span_of`, takes it)."""
    try:
        return event_span(event.date, event.end, event.precision)
    except (ValueError, TypeError):
        return None
