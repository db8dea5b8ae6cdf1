"""The PostgreSQL/PostGIS store (issue 17) against the SQLite store.

The `test_contract_*` functions take `either_store` (below), which runs
each against a SQLite file and a database on a real PostgreSQL/PostGIS server
(tests/pg.py): they state what any store must do, so that they can join the store
contract suite. The others check what only the PostGIS store has (SQL-side window,
several writers, server errors) and that both stores give the same results.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from gazetteer.records import Mention, Place
from timeline.errors import is_store_error
from timeline.records import Article, ArticleResult, Event
from timeline.store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# a few places and articles made up for these tests (no sample article's sentence)
TOWNS = [Place(name=f"Town {i}", lat=30.0 + i, lon=35.0 + 2 * i, geonameid=900000 + i, country="ZZ")
         for i in range(6)]
NOWHERE = Place(name="Bad point", lat=95.0, lon=500.0, geonameid=999999)   # not a WGS84 point


def _event(n: int, article_id: str, *, date: str | None = "2019-03-04", precision: str | None = "day",
           place: Place | None = TOWNS[0], kind: str = "control_change", **kw) -> Event:
    if kind == "displacement":
        kw.setdefault("origin", place)
        kw.setdefault("destination", TOWNS[(TOWNS.index(place) + 1) % len(TOWNS)] if place in TOWNS else None)
        place = None
    return Event(id=f"r{n}-{article_id}", type=kind, evidence=f"Sentence {n} of {article_id}.",
                 article_ids=(article_id,), date=date, precision=precision, place=place,
                 actor_from="Group A", actor_to="Group B" if kind == "control_change" else None, **kw)


def _result(n: int, *, published: str | None = "2019-03-05", events: int = 2, path: str | None = None,
            text: str | None = None) -> ArticleResult:
    text = text or f"Article number {n}. Forces took Town {n % 6} after days of fighting; families fled."
    article = Article(id=f"a{n:03d}", text=text, title=f"Title {n}", path=path or f"/corpus/{n:03d}.txt",
                      published=published, published_precision="day" if published else None,
                      date_source="metadata" if published else "none")
    place = TOWNS[n % len(TOWNS)]
    mentions = (Mention(surface=place.name, start=30, end=30 + len(place.name), place=place),
                Mention(surface="Town", start=5, end=9, place=place))
    evs = tuple(_event(n * 10 + k, article.id, place=place, date=published,
                       kind="displacement" if k % 2 else "control_change") for k in range(events))
    return ArticleResult(article=article, mentions=mentions, events=evs)


def _snapshot(store) -> dict:
    """Everything a reader can get from a store, as comparable values."""
    columns, places = store.event_columns()
    return {
        "counts": store.counts(),
        "articles": [a.to_dict() for a in store.articles()],
        "articles_no_text": [a.to_dict() for a in store.articles(with_text=False)],
        "reports": [e.to_dict() for e in store.event_reports()],
        "events": [e.to_dict() for e in store.events()],
        "columns": {k: list(v) for k, v in columns.items()},
        "places": [p.to_dict() for p in places],
        "mentions": {a.id: [m.to_dict() for m in store.mentions(a.id)] for a in store.articles(with_text=False)},
        "pending": store.inference_pending(),
        "written": sorted(store.written_since_inference()),
        "check": store.check(),
    }


@pytest.fixture(params=["sqlite", "postgis"])
def either_store(request, tmp_path):
    """A function opening a new, empty store of each kind (`open_store` of a SQLite file,
    or of a postgresql:// URL); every store it opened is closed at the end."""
    from timeline.store import open_store

    opened = []
    if request.param == "sqlite":
        target = str(tmp_path / "store.db")
    else:
        target = request.getfixturevalue("pg_url")

    def factory(**kwargs):
        store = open_store(target, **kwargs)
        opened.append(store)
        return store

    factory.kind = request.param
    factory.target = target
    yield factory
    for store in opened:
        store.close()


# -- the contract: any store ---------------------------------------------------------------
def test_contract_empty_store(either_store):
    store = either_store()
    assert store.counts() == {"articles": 0, "mentions": 0, "event_reports": 0, "events": 0}
    assert store.check() == [] and store.check_integrity() == []
    assert store.events() == [] and store.articles() == [] and store.event_reports() == []
    assert store.event_columns()[1] == [] and store.event_columns()[0]["id"] == ()
    assert isinstance(store.version, int)
    assert not store.inference_pending() and store.written_since_inference() == set()
    assert store.refresh_events() is False


def test_contract_articles_round_trip(either_store):
    store = either_store()
    results = [_result(n, published=None if n == 2 else f"2019-03-{10 - n:02d}") for n in range(5)]
    before = store.version
    store.save_results(results)
    assert store.version != before
    assert store.counts() == {"articles": 5, "mentions": 10, "event_reports": 10, "events": 10}
    # dated first, by date; undated last
    assert [a.id for a in store.articles()] == ["a004", "a003", "a001", "a000", "a002"]
    assert store.article("a001") == results[1].article
    assert store.article("nope") is None and not store.has_article("nope") and store.has_article("a003")
    assert store.article_text("a003") == results[3].article.text and store.article_text("nope") == ""
    assert all(a.text == "" for a in store.articles(with_text=False))
    assert [m.start for m in store.mentions("a000")] == [5, 30]      # text order
    assert store.mentions("nope") == []
    assert [e.id for e in store.event_reports("a001")] == ["r10-a001", "r11-a001"]
    assert store.event_reports("a001")[0] == results[1].events[0]
    assert all(e.mentions == () for e in store.event_reports(with_mentions=False))
    assert store.check() == ["date inference has not run over the last articles written"]


def test_contract_find_articles_takes_the_prefix_as_text(either_store):
    store = either_store()
    arts = [replace(_result(n).article, id=i) for n, i in enumerate(["ab_1", "abx1", "ab%2", "zz"])]
    store.save_results([ArticleResult(article=a) for a in arts])
    assert sorted(a.id for a in store.find_articles("ab_")) == ["ab_1"]
    assert sorted(a.id for a in store.find_articles("ab%")) == ["ab%2"]
    assert sorted(a.id for a in store.find_articles("ab")) == ["ab%2", "ab_1", "abx1"]
    assert store.find_articles("q") == []


def test_contract_rewrite_replaces_and_marks_written(either_store):
    store = either_store()
    store.save_results([_result(n) for n in range(3)])
    store.mark_inference_done()
    assert not store.inference_pending() and store.written_since_inference() == set()
    redated = _result(1, published="2019-04-01", events=1)
    store.save_result(redated)
    assert store.written_since_inference() == {"a001"} and store.inference_pending()
    assert [e.id for e in store.event_reports("a001")] == ["r10-a001"]   # the old reports are gone
    assert store.article("a001").published == "2019-04-01"
    assert store.counts()["event_reports"] == 5
    store.mark_inference_done()
    store.clear_inference_mark()
    assert store.written_since_inference() == {"a000", "a001", "a002"}


def test_contract_events_are_derived_by_the_writer(either_store):
    store = either_store()
    store.save_results([_result(n) for n in range(3)], rebuild=False)
    assert store.counts()["events"] == 0       # reads never rebuild
    assert any("not rebuilt" in p for p in store.check())
    assert store.refresh_events() is True and store.refresh_events() is False
    assert store.refresh_events(force=True) is True
    events = store.events()
    assert len(events) == store.counts()["events"] == 6
    # the columns are the events in the same order; refs index the places
    columns, places = store.event_columns()
    assert list(columns["id"]) == [e.id for e in events]
    assert [places[r].name if r is not None else None for r in columns["place_ref"]] == \
        [e.place.name if e.place else None for e in events]
    ids = [events[3].id, "missing", events[0].id]
    assert [e.id for e in store.events_by_id(ids)] == [events[3].id, events[0].id]
    store.mark_inference_done()
    assert store.check() == []


def test_contract_corroboration_of_put_events(either_store):
    """Two reports of one event (same place, day, kind) from two articles: one event, two sources."""
    store = either_store()
    a = _event(1, "x1", place=TOWNS[2])
    b = replace(_event(2, "x2", place=TOWNS[2]), evidence="Another wording of it.")
    store.put_events([a, b, _event(3, "x3", place=TOWNS[4], date=None, precision=None)])
    events = store.events()
    assert store.counts()["event_reports"] == 3
    assert sorted(e.sources for e in events) == [1, 2]
    assert events[-1].date is None           # undated last
    assert any(p.startswith("foreign key") for p in store.check())   # reports without stored articles


def test_contract_a_failed_batch_writes_nothing(either_store):
    store = either_store()
    store.save_results([_result(0)])
    before = _snapshot(store)
    bad = ArticleResult(article=replace(_result(2).article, text=None))   # text is NOT NULL
    with pytest.raises(Exception) as info:
        store.save_results([_result(1), bad])
    assert is_store_error(info.value)        # the CLI reports it in one line
    assert _snapshot(store) == before


def test_contract_story_prints_and_threads(either_store):
    store = either_store()
    errors = []

    def write(k):
        try:
            for n in range(k * 10, k * 10 + 10):
                store.save_results([_result(n)], rebuild=n % 3 == 0)
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)

    def read():
        try:
            for _ in range(20):
                columns, places = store.event_columns()
                assert all(r is None or r < len(places) for r in columns["place_ref"])
        except Exception as e:   # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(3)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store.refresh_events()
    # the 60 reports are of one day: one event per town (6) and kind (2), corroborated
    assert store.counts() == {"articles": 30, "mentions": 60, "event_reports": 60, "events": 12}
    assert sorted(e.sources for e in store.events()) == [5] * 12
    prints = store.story_prints()
    assert set(prints) == {f"a{n:03d}" for n in range(30)}
    again = either_store()     # another connection to the same store sees it all
    assert again.story_prints() == prints and again.counts() == store.counts()


def test_contract_create_false_on_a_missing_store(either_store):
    with pytest.raises(StoreError, match="no such store"):
        either_store(create=False)
    either_store().save_results([_result(0)])
    assert either_store(create=False).counts()["articles"] == 1


# -- both stores give the same results ------------------------------------------------------
def test_the_same_operations_give_the_same_stores(tmp_path, pg_url):
    stores = [open_store(tmp_path / "s.db"), open_store(pg_url)]
    try:
        for store in stores:
            store.save_results([_result(n, published=None if n % 4 == 0 else f"2019-0{1 + n % 9}-0{1 + n % 7}")
                                for n in range(12)])
            store.put_events([_event(500, "zz", place=TOWNS[1], date="2019-02", precision="month")])
            store.save_result(_result(5, published="2018-12-31"))
            store.mark_inference_done()
            store.save_result(_result(7, published=None), rebuild=False)
        sqlite, postgis = (_snapshot(s) for s in stores)
        for key in sqlite:
            if key != "check":
                assert postgis[key] == sqlite[key], key
        # the foreign key problem is worded by each database; the rest is the same
        assert len(postgis["check"]) == len(sqlite["check"])
        assert sqlite["check"][0].startswith("foreign key") and postgis["check"][0].startswith("foreign key")
        assert stores[0].story_prints() == stores[1].story_prints()
        # the dashboard's frame of events reads the same from both (columns, then records by id)
        frames = [s.events_frame() for s in stores]
        for col in ("event_id", "first_article", "place_key", "status", "actor_to"):
            assert frames[1][col].tolist() == frames[0][col].tolist(), col
        ids = frames[0]["event_id"].tolist()
        assert [e.to_dict() for e in stores[1].events_by_id(ids)] == [e.to_dict() for e in stores[0].events_by_id(ids)]
    finally:
        for s in stores:
            s.close()


def _generated_corpus(folder: Path, n: int, first: int = 0) -> Path:
    """JSONL articles made from the seeds' paragraphs recombined, each with its own date."""
    paras = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text().split("\n\n")[1:] if len(p) > 80]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gen{first}.jsonl"
    with path.open("w") as f:
        for i in range(first, first + n):
            body = "\n\n".join(paras[(i * 7 + k * 3) % len(paras)] for k in range(3))
            f.write(json.dumps({"title": f"Generated report {i}", "text": body,
                                "published": f"2018-{1 + i % 12:02d}-{1 + i % 27:02d}"}) + "\n")
    return path


def _cli(*args, env=None, timeout=300, cwd=ROOT):
    """`conflictmap ARGS` as a real process (its exit code, its stderr whole)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "timeline.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout)


def _events_json(cli, db: str) -> set[str]:
    done = cli("events", "--format", "json", "--db", db)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines())


def test_seeds_and_generated_articles_give_the_same_events(tmp_path, pg_url, cli):
    gen = _generated_corpus(tmp_path / "gen", 12)
    sqlite = str(tmp_path / "s.db")
    for db in (sqlite, pg_url):
        done = cli("ingest", str(SEEDS), str(gen), "--db", db, "--no-progress")
        assert done.returncode == 0, done.stderr
    events = _events_json(cli, sqlite)
    assert len(events) > 16
    assert _events_json(cli, pg_url) == events
    done = cli("check", "--db", pg_url)
    assert done.returncode == 0 and "ok (17 articles" in done.stdout, done.stdout + done.stderr


def test_two_concurrent_ingests_lose_nothing_and_duplicate_nothing(tmp_path, pg_url, cli):
    """Two processes ingest overlapping corpora (a shared file, and one of their own each)
    into one database at once: the result is that of one ingest of everything.

    The articles are all dated: which undated article date inference can date from
    which depends on what is stored when it runs, so two runs at once are compared
    with one run only when inference has nothing to do (see the report of pg17)."""
    shared = str(_generated_corpus(tmp_path / "shared", 12, 0))
    one, two = [shared, str(_generated_corpus(tmp_path / "one", 12, 100))], \
        [shared, str(_generated_corpus(tmp_path / "two", 12, 200))]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "timeline.cli", "ingest", *paths, "--db", pg_url,
                               "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=ROOT) for paths in (one, two)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    sqlite = str(tmp_path / "all.db")
    assert cli("ingest", *one, two[1], "--db", sqlite, "--no-progress").returncode == 0
    reference, store = open_store(sqlite), open_store(pg_url)
    try:
        assert store.counts() == reference.counts()
        assert store.counts()["articles"] == 36
        assert {a.id for a in store.articles(with_text=False)} == {a.id for a in reference.articles(with_text=False)}
        assert sorted(e.id for e in store.event_reports()) == sorted(e.id for e in reference.event_reports())
        assert store.check() == []
    finally:
        store.close()
        reference.close()
    assert _events_json(cli, pg_url) == _events_json(cli, sqlite)


# -- what only the PostGIS store has -----------------------------------------------------
def _window_events() -> list[Event]:
    dates = [("2017", "year"), ("2017-07", "month"), ("2017-07-05", "day"), ("2017-06-05", "week"),
             ("2018-01-31", "day"), (None, None), ("2016-12-31", "day")]
    out = []
    for n in range(42):
        date, precision = dates[n % len(dates)]
        place = NOWHERE if n % 13 == 0 else TOWNS[n % len(TOWNS)]
        out.append(_event(n, f"w{n}", date=date, precision=precision, place=place,
                          kind="displacement" if n % 3 == 0 else "control_change"))
    return out


def _in_box(event: Event, box) -> bool:
    west, south, east, north = box
    return any(p is not None and -180 <= p.lon <= 180 and -90 <= p.lat <= 90
               and west <= p.lon <= east and south <= p.lat <= north
               for p in (event.place, event.origin, event.destination))


@pytest.mark.parametrize("start, end, box", [
    ("2017-07-01", "2017-07-31", None), ("2017-07-06", None, None), (None, "2017", None),
    ("2018", "2018", None), (None, None, (36.0, 31.0, 41.0, 33.0)), ("2017-06", "2017-07", (34.0, 29.0, 39.5, 32.0)),
    (None, None, (0.0, 0.0, 1.0, 1.0)), (None, None, None),
])
def test_events_window_selects_in_sql_what_the_python_filter_does(pg_url, start, end, box):
    from geo.filters import filter_events

    store = open_store(pg_url)
    try:
        store.put_events(_window_events())
        events = store.events()
        kept = set(filter_events(events, start=start, end=end)["event_id"])
        expected = [e.id for e in events if e.id in kept and (box is None or _in_box(e, box))]
        assert [e.id for e in store.events_window(start=start, end=end, bbox=box)] == expected
    finally:
        store.close()


@pytest.mark.parametrize("start, end, box", [
    ("2017-07-01", "2017-07-31", None), (None, "2017", None), (None, None, (36.0, 31.0, 41.0, 33.0)),
    ("2017-06", "2017-07", (34.0, 29.0, 39.5, 32.0)), (None, None, None),
])
def test_the_events_frame_window_runs_in_sql_on_postgis(pg_url, tmp_path, start, end, box):
    """`events_frame(filters={"start", "end", "bbox"})`: on PostGIS the store selects the rows
    (the columns read with `events_window`'s bounds), on SQLite the frame's masks do; the same
    events either way, also with the detail columns and the other filters."""
    from timeline.frame import ALL_COLUMNS

    pg, lite = open_store(pg_url), open_store(tmp_path / "w.db")
    asked = []
    columns = pg.event_columns
    pg.event_columns = lambda **kw: asked.append(kw) or columns(**kw)
    try:
        for store in (pg, lite):
            store.put_events(_window_events())
        window = {"start": start, "end": end, "bbox": box}
        expected = [e.id for e in lite.events_window(**window)]
        assert [e.id for e in pg.events_window(**window)] == expected
        for store in (pg, lite):
            assert list(store.events_frame(filters=window)["event_id"]) == expected
            detail = store.events_frame(columns=ALL_COLUMNS, filters={**window, "types": ["displacement"]})
            assert list(detail["event_id"]) == [i for i in expected if i in set(
                store.events_frame(filters={"types": ["displacement"]})["event_id"])]
        assert asked[0] == (window if any(v is not None for v in window.values()) else {})
    finally:
        pg.close()
        lite.close()


def test_event_points_are_postgis_geometries_with_a_gist_index(pg_url):
    import psycopg

    store = open_store(pg_url)
    store.put_events(_window_events())
    store.close()
    with psycopg.connect(pg_url) as db:
        kinds = dict(db.execute("SELECT f_geometry_column, type || ':' || srid FROM geometry_columns "
                                "WHERE f_table_name = 'events'").fetchall())
        gist = {r[0] for r in db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'events' "
                                         "AND indexdef LIKE '%USING gist%'")}
        bad = db.execute("SELECT count(*) FROM events WHERE geom IS NULL AND place_ref IS NOT NULL").fetchone()[0]
        x, y = db.execute("SELECT ST_X(geom), ST_Y(geom) FROM events WHERE geom IS NOT NULL LIMIT 1").fetchone()
    assert kinds == {"geom": "POINT:4326", "geom_to": "POINT:4326"}
    assert gist == {"events_geom", "events_geom_to"}
    assert bad > 0     # the place without a valid point has no geometry (and is not an error)
    assert any((t.lon, t.lat) == (x, y) for t in TOWNS)


def test_a_writer_waits_for_the_lock_then_reports_it_in_one_line(pg_url, monkeypatch):
    import psycopg

    import timeline.pg_store as pg_store

    store = open_store(pg_url)
    monkeypatch.setattr(pg_store, "LOCK_TIMEOUT", 0.5)
    with psycopg.connect(pg_url) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (pg_store.WRITE_LOCK,))   # held until rollback
        with pytest.raises(StoreError, match="locked by another writer") as info:
            store.save_results([_result(0)])
        other.rollback()
    assert "\n" not in str(info.value)
    store.save_results([_result(0)])      # the lock released: it writes
    assert store.counts()["articles"] == 1
    store.close()


def _one_line_exit_2(done):
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    return done.stderr


def test_server_errors_are_one_line_with_exit_code_2(pg_server, cli):
    from tests.pg import free_port

    down = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
    # a real process: its exit code, and no traceback; the others run main() here
    assert "cannot connect" in _one_line_exit_2(_cli("events", "--db", down))
    assert "cannot connect" in _one_line_exit_2(cli("ingest", str(SEEDS), "--db", down, "--no-progress"))
    assert "cannot connect" in _one_line_exit_2(cli("export", "--db", down, "--format", "geojson",
                                                    "--out", "/tmp/never.geojson"))
    bad = "postgresql://postgres@127.0.0.1:notaport/x"
    assert bad.split("@")[0] in _one_line_exit_2(cli("check", "--db", bad))
    no_postgis = pg_server.create_database(postgis=False)
    assert "postgis" in _one_line_exit_2(cli("ingest", str(SEEDS), "--db", no_postgis, "--no-progress"))
    empty = pg_server.create_database()
    assert "no such store" in _one_line_exit_2(cli("events", "--db", empty))


def test_a_password_is_not_shown_in_messages(pg_server, cli):
    from tests.pg import free_port

    err = _one_line_exit_2(cli("events", "--db", f"postgresql://postgres:s3cret@127.0.0.1:{free_port()}/x"))
    assert "s3cret" not in err and "postgres:***@" in err


def test_conflictmap_db_selects_the_postgis_store(pg_url, tmp_path, cli, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DB", pg_url)
    monkeypatch.chdir(tmp_path)
    done = cli("ingest", str(SEEDS), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "conflictmap.db").exists()     # not the default SQLite file
    store = open_store(pg_url, create=False)
    assert store.counts()["articles"] == 5
    store.close()
    out = tmp_path / "events.geojson"
    done = cli("export", "--format", "geojson", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["features"]) > 0


def test_the_dashboard_opens_on_a_postgis_store(pg_url, monkeypatch, cli):
    from streamlit.testing.v1 import AppTest

    done = cli("ingest", str(SEEDS), "--db", pg_url, "--no-progress")
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("CONFLICTMAP_DB", pg_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    store = open_store(pg_url)
    counts = store.counts()
    store.close()
    assert at.caption[0].value.startswith(f"{counts['articles']} articles · {counts['events']} events · ")


def test_the_dashboards_scope_is_read_in_sql_on_postgis(pg_url, monkeypatch, cli):
    from streamlit.testing.v1 import AppTest

    from geo.filters import parse_scope

    done = cli("ingest", str(SEEDS), "--db", pg_url, "--no-progress")
    assert done.returncode == 0, done.stderr
    scope = "bbox=38.5,35.5,39.5,36.5"          # around Raqqa: some of the seeds' events, not all
    monkeypatch.setenv("CONFLICTMAP_DB", pg_url)
    monkeypatch.setenv("CONFLICTMAP_SCOPE", scope)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    store = open_store(pg_url)
    total, inside = store.counts()["events"], len(store.events_frame(filters=parse_scope(scope)))
    store.close()
    assert 0 < inside < total
    assert f" {inside} events · " in at.caption[0].value


def test_the_dashboard_reports_a_server_it_cannot_reach_in_one_line(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.pg import free_port

    monkeypatch.setenv("CONFLICTMAP_DB", f"postgresql://me:s3cret@127.0.0.1:{free_port()}/cm")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("Cannot open the store postgresql://me:***@127.0.0.1:") and "cannot connect" in message
    assert "s3cret" not in message and "\n" not in message


def test_a_lost_connection_is_a_store_error_and_the_next_call_reconnects(pg_url):
    import psycopg

    store = open_store(pg_url)
    store.save_results([_result(0)])

    def kill_store_connections():
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = 'conflictmap' AND pid <> pg_backend_pid()")

    kill_store_connections()
    with pytest.raises(StoreError, match="server") as info:
        store.counts()
    assert "\n" not in str(info.value)
    assert store.counts()["articles"] == 1          # a new connection
    # a write whose connection is lost before its commit leaves nothing behind
    original = store._touch

    def touch_then_lose(dirty=True):
        original(dirty)
        kill_store_connections()

    store._touch = touch_then_lose
    with pytest.raises(StoreError):
        store.save_results([_result(1)])
    store._touch = original
    assert store.counts()["articles"] == 1 and not store.has_article("a001")
    store.close()
