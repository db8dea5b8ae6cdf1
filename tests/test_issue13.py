"""Regression tests of the defects issue 13 found (each failed on the code before it).

Defect 4 (magnitude) is the event extractor's, tested with it. The fault suite
(kills, concurrency, disk full, a folder of corrupt files, fuzzing) is tests/test_faults.py.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from gazetteer import load_gazetteer
from gazetteer.records import Place
from timeline.cli import main
from timeline.ingest import ingest_paths, ingest_uploads, set_article_date
from timeline.readers import list_files, read_file
from timeline.records import Article, Event
from timeline.store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOOD = "Fighting near the town\n\nLocal sources said that families fled towards the north on Monday.\n"


@pytest.fixture(scope="module")
def gzr():
    return load_gazetteer()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, gzr) -> Path:
    """A store of the sample articles, ingested once for the module; tests take copies."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = open_store(db)
    ingest_paths([SEEDS], store, gazetteer=gzr)
    store.close()
    assert not Path(f"{db}-wal").exists()   # closed: the copy is the whole store
    return db


@pytest.fixture
def seeded(seeds_db, tmp_path):
    """`seeded(name)`: a copy of the seeds store at tmp_path/name (what an ingest of seeds/ leaves)."""
    def copy(name: str = "c.db") -> Path:
        return Path(shutil.copy(seeds_db, tmp_path / name))
    return copy


def _good_files(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"good{i:02d}.txt").write_text(f"Report {i} from {folder.name}\n\n{GOOD}Day {i} of the siege.\n",
                                                 encoding="utf-8")


# -- 1: a huge CSV cell or deeply nested JSON never stops the run ----------------------------

def _bad_record_files(folder: Path) -> dict[str, bytes]:
    nested = b"[" * 200_000 + b"]" * 200_000
    bad = {
        "b_huge_cell.csv": b"title,text\nBig," + b"x" * (1024 * 1024) + b"\n",
        "b_nested.json": nested,
        "b_nested.jsonl": b'{"title": "ok", "text": "A fine record about the town."}\n' + nested + b"\n",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    return bad


def test_1_huge_csv_cell_and_deep_json_are_reported_and_every_other_file_stored(tmp_path, gzr):
    folder = tmp_path / "in"
    _good_files(folder, 3)
    _bad_record_files(folder)
    _good_files(folder / "z_after", 3)  # files after the bad ones: lost by the old code
    store = open_store(tmp_path / "s.db")
    summary = ingest_paths([folder], store, gazetteer=gzr)
    skipped = dict(summary.skipped)
    assert any(p.endswith("b_huge_cell.csv") and "CSV field larger" in r for p, r in skipped.items())
    assert any(p.endswith("b_nested.json") and "nested too deeply" in r for p, r in skipped.items())
    assert any(p.endswith("b_nested.jsonl#2") and "nested too deeply" in r for p, r in skipped.items())
    paths = {a.path for a in store.articles()}
    assert {f"{folder}/good{i:02d}.txt" for i in range(3)} <= paths
    assert {f"{folder}/z_after/good{i:02d}.txt" for i in range(3)} <= paths
    assert f"{folder}/b_nested.jsonl#1" in paths  # the good record of a file with a bad one
    assert summary.exit_code == 1


def test_1_upload_with_a_bad_file_stores_the_good_one(tmp_path, gzr):
    bad = _bad_record_files(tmp_path)
    store = open_store(tmp_path / "s.db")
    files = [(name, data) for name, data in bad.items()] + [("good.txt", GOOD.encode())]
    summary = ingest_uploads(files, store, gazetteer=gzr)
    assert [a.path for a in store.articles() if a.path == "good.txt"] == ["good.txt"]
    assert {p for p, _ in summary.skipped} >= {"b_huge_cell.csv", "b_nested.json"}


# -- 2: a rebuild racing a write never leaves events stale and flagged clean -------------------

def _place(name: str, n: int) -> Place:
    return Place(name=name, lat=35.0 + n, lon=40.0 + n, geonameid=1000 + n, country="SY")


def _event(n: int) -> Event:
    return Event(id=f"e{n}", type="control_change", evidence=f"Group B took Town {n}.", article_ids=(f"a{n}",),
                 date=f"2017-10-{n + 1:02d}", precision="day", place=_place(f"Town {n}", n), actor_to="Group B")


def test_2_a_write_during_a_rebuild_is_not_lost_from_the_events(tmp_path):
    db = tmp_path / "s.db"
    reader, writer = open_store(db), open_store(db)
    writer.put_events([_event(1)], rebuild=False)   # a writer that leaves the rebuild to the reader's call
    original = reader.event_reports
    fired = []

    def racing_reports(*a, **kw):
        reports = original(*a, **kw)
        if not fired:   # another process commits while this reader rebuilds
            fired.append(1)
            writer.put_events([_event(2)], rebuild=False)
        return reports

    reader.event_reports = racing_reports
    reader.refresh_events()
    reader.event_reports = original
    fresh = open_store(db)
    assert {e.id for e in fresh.events()} == {"e1", "e2"}  # old code: dirty=0 and e2 missing
    from timeline.corroborate import corroborate

    assert {e.id for e in fresh.events()} == {e.id for e in corroborate(fresh.event_reports())}


# -- 3: a run killed before date inference: the re-run completes it ---------------------------

STORY = ("The provincial council said on its website that the convoy of buses carrying families "
         "left the northern town before dawn and reached the camp by the river late in the evening. "
         "Aid workers at the camp told reporters that more than two hundred people had arrived "
         "without food or water and that the only clinic there had already run out of medicine. "
         "Government forces captured the town of Manbij after heavy fighting.")


def test_3_rerun_after_a_kill_before_inference_dates_the_articles(tmp_path, monkeypatch, gzr):
    import timeline.ingest as ingest

    store = open_store(tmp_path / "s.db")
    (tmp_path / "run1").mkdir()
    (tmp_path / "run1" / "copy.txt").write_text("Families reach the camp\n" + STORY + "\n")
    ingest_paths([tmp_path / "run1"], store, gazetteer=gzr)
    (tmp_path / "run2").mkdir()
    (tmp_path / "run2" / "source.txt").write_text("Convoy leaves the town\n12 February 2015\n" + STORY + "\n")

    def killed(*_a, **_kw):
        raise KeyboardInterrupt("killed before inference")

    monkeypatch.setattr(ingest, "_infer", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([tmp_path / "run2"], store, gazetteer=gzr)
    monkeypatch.undo()
    store = open_store(tmp_path / "s.db")
    rerun = ingest_paths([tmp_path / "run2"], store, gazetteer=gzr)
    assert (rerun.new, rerun.inferred) == (0, 1)
    copy = next(a for a in store.articles() if a.path.endswith("copy.txt"))
    assert (copy.published, copy.date_source) == ("2015-02-12", "inferred")
    assert all(e.date == "2015-02-12" for e in store.event_reports(copy.id))
    assert not store.inference_pending()


# -- 5: a corrupt store: one line, exit 2, and `check` says how to recover --------------------

def _corrupt(db: Path) -> None:
    import gc

    gc.collect()  # connections left to the collector: their WAL is checkpointed into the file
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        for page in range(2, size // 4096):
            fh.seek(page * 4096 + 100)
            fh.write(bytes(range(7, 207)) * 2)


@pytest.mark.parametrize("command", [["articles"], ["events"], ["articles", "--format", "json"],
                                     ["export", "--format", "geojson", "--out", "OUT"], ["rebuild", "--no-progress"]])
def test_5_corrupt_store_is_one_clear_line_and_exit_2(tmp_path, capsys, command, seeded):
    db = seeded()
    _corrupt(db)
    capsys.readouterr()
    argv = [str(tmp_path / "o.geojson") if c == "OUT" else c for c in command] + ["--db", str(db)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "corrupt" in err or "malformed" in err


def test_5_check_finds_corruption_and_stale_state_and_rebuild_recovers(tmp_path, capsys, seeded):
    db = seeded()
    store = open_store(db)
    assert main(["check", "--db", str(db)]) == 0
    assert "ok" in capsys.readouterr().out
    before = [e.to_json() for e in store.events()]
    with sqlite3.connect(db) as con:  # events that no longer match their reports, flagged clean
        con.execute("DELETE FROM events WHERE row = 0")
        con.execute("UPDATE articles SET published=NULL, date_source='none' WHERE date_source='inferred'")
        con.execute("DELETE FROM meta WHERE key='inference_mark'")
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "stale events" in out and "conflictmap rebuild" in out
    assert main(["rebuild", "--db", str(db), "--no-progress"]) == 0
    assert main(["check", "--db", str(db)]) == 0
    assert [e.to_json() for e in open_store(db).events()] == before
    store.close()
    _corrupt(db)
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) in (1, 2)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and ("recover" in captured.out or "corrupt" in captured.err)


# -- 6: a folder that cannot hold the store, a writer lock held past the timeout ---------------

def test_6_store_in_a_folder_that_cannot_be_written_is_a_store_error(tmp_path, capsys):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        open_store(not_a_folder / "s.db")
    assert main(["ingest", str(SEEDS), "--db", str(not_a_folder / "s.db"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot open" in err


def test_6_a_lock_held_past_the_timeout_is_a_store_error(tmp_path, monkeypatch, capsys):
    import timeline.store as store_module

    db = tmp_path / "s.db"
    open_store(db).close()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked"):
            open_store(db).put_events([_event(1)])
        folder = tmp_path / "in"
        _good_files(folder, 1)
        assert main(["ingest", str(folder), "--db", str(db), "--no-progress"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "locked" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- 7: an export never replaces the store ----------------------------------------------------

@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_7_export_onto_the_store_is_refused(tmp_path, capsys, fmt, seeded):
    db = seeded()
    store = open_store(db)
    counts = store.counts()
    store.close()
    assert main(["export", "--db", str(db), "--format", fmt, "--out", str(db)]) == 2
    assert "store" in capsys.readouterr().err
    assert open_store(db).counts() == counts
    from geo.export import export

    other = tmp_path / "other.db"
    open_store(other).close()
    with pytest.raises(ValueError, match="SQLite database"):
        export([], fmt, other)
    assert open_store(other).counts()["articles"] == 0


# -- 8: CSV cells that a spreadsheet would run are neutralised ---------------------------------

def test_8_flowmap_csv_cells_cannot_run_as_formulas(tmp_path):
    from geo.export import export, export_bytes

    evil = Place(name='=HYPERLINK("http://evil.example","x")', lat=35.0, lon=40.0, geonameid=None, country="SY")
    plus = Place(name="+cmd|' /C calc'!A0", lat=36.0, lon=41.0, geonameid=None, country="SY")
    ev = Event(id="d1", type="displacement", evidence="...", article_ids=("a",), origin=evil, destination=plus,
               date="2017-10-01", precision="day", magnitude=40)
    export([ev], "flowmap", tmp_path / "flows")
    with zipfile.ZipFile(io.BytesIO(export_bytes([ev], "flowmap"))) as zf:
        zipped = {n: zf.read(n).decode() for n in zf.namelist()}
    for text in [(tmp_path / "flows" / n).read_text() for n in ("locations.csv", "flows.csv")] + list(zipped.values()):
        import csv

        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK" in zipped["locations.csv"]
    # the ids of both tables are neutralised alike: flows still point at their locations
    import pandas as pd

    loc = pd.read_csv(tmp_path / "flows" / "locations.csv")
    flows = pd.read_csv(tmp_path / "flows" / "flows.csv")
    assert set(flows.origin) | set(flows.dest) <= set(loc.id)


# -- 9: only http(s) urls reach an export -----------------------------------------------------

def test_9_javascript_urls_never_reach_source_urls(tmp_path):
    from geo.export import export_bytes
    from geo.frames import events_to_gdf

    ev = _event(1)
    ev2 = Event(**{**ev.__dict__, "id": "e9", "article_ids": ("a1", "a2")})
    articles = {"a1": Article(id="a1", text="x", url="javascript:alert(document.cookie)"),
                "a2": Article(id="a2", text="y", url="https://example.org/a2")}
    gdf = events_to_gdf([ev, ev2], articles=articles)
    assert [list(u) for u in gdf["source_urls"]] == [[], ["https://example.org/a2"]]
    doc = json.loads(export_bytes([ev2], "geojson", articles=articles))
    assert doc["features"][0]["properties"]["source_urls"] == ["https://example.org/a2"]
    assert b"javascript" not in export_bytes([ev2], "gpkg", articles=articles)


def test_9_readers_keep_only_http_urls(tmp_path):
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"title": "A", "text": "Some text here.", "url": "javascript:alert(1)"}) + "\n"
        + json.dumps({"title": "B", "text": "Other text here.", "url": "https://example.org/b"}) + "\n")
    urls = [a.url for a in read_file(tmp_path / "r.jsonl")]
    assert urls == [None, "https://example.org/b"]


# -- 10: what a folder walk cannot read is reported -------------------------------------------

def test_10_symlink_loops_dangling_links_and_unreadable_folders_are_reported(tmp_path, monkeypatch, gzr):
    folder = tmp_path / "in"
    _good_files(folder, 2)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)                 # a loop back to the top
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")  # a link to nothing
    (folder / "locked").mkdir()
    (folder / "locked" / "x.txt").write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path):   # as root, chmod cannot make a folder unreadable: the OS error is simulated
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors = []
    files = list_files([folder], errors)
    assert [f.name for f in files] == ["good00.txt", "good01.txt"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert "loop" in reasons["loop"] and "dangling" in reasons["dangling.txt"]
    assert "Permission denied" in reasons["locked"]
    summary = ingest_paths([folder], open_store(tmp_path / "s.db"), gazetteer=gzr)
    assert len(summary.skipped) == 3 and summary.exit_code == 1


# -- 11: a decoding that had to guess is recorded and reported --------------------------------

def test_11_invalid_or_truncated_utf8_is_read_as_utf8_and_the_guess_recorded(tmp_path, gzr):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "truncated.txt").write_bytes("Naïve reports\n\nThe café in the town reopened.".encode() + b" \xe2\x80")
    (folder / "damaged.txt").write_bytes("Naïve claims\n\nThe café in the town closed \xff again.".encode()
                                         .replace(b"\xc3\xbf", b"\xff"))
    (folder / "legacy.txt").write_bytes("Caf\xe9 news\n\nThe caf\xe9 in the town reopened.".encode("cp1252"))
    store = open_store(tmp_path / "s.db")
    summary = ingest_paths([folder], store, gazetteer=gzr)
    by_name = {Path(a.path).name: a for a in store.articles()}
    assert by_name["truncated.txt"].title == "Naïve reports" and "truncated UTF-8" in by_name["truncated.txt"].decoding
    assert by_name["damaged.txt"].title == "Naïve claims" and "replaced" in by_name["damaged.txt"].decoding
    assert by_name["legacy.txt"].title == "Café news" and "cp1252" in by_name["legacy.txt"].decoding
    assert {Path(p).name for p, _ in summary.decoding} == {"truncated.txt", "damaged.txt", "legacy.txt"}
    assert "decoding" in summary.to_dict()


# -- 12: ids are prefixes, not patterns; impossible offsets and filters are refused ------------

def test_12_underscore_in_an_id_prefix_is_not_a_wildcard(tmp_path, capsys, seeded):
    db = seeded()
    store = open_store(db)
    article = store.articles()[0]
    pattern = article.id[0] + "_" + article.id[2:7] + "_"
    assert store.find_articles(pattern) == []
    assert store.find_articles(article.id[:8]) == [article]
    assert main(["articles", "--db", str(db), "--set-date", pattern, "2017-10-14"]) == 2
    assert open_store(db).article(article.id).published == article.published


def test_12_impossible_utc_offsets_are_refused(tmp_path, gzr, seeded):
    store = open_store(seeded("s.db"))
    article = store.articles()[0]
    for bad in ("2017-10-14T10:00+99:00", "2017-10-14T10:00:00-13:00", "2017-10-14T10:00+05:75"):
        with pytest.raises(ValueError, match="offset"):
            set_article_date(store, article.id, bad, gazetteer=gzr)
    assert set_article_date(store, article.id, "2017-10-14T10:00+14:00", gazetteer=gzr).published.endswith("+14:00")
    (tmp_path / "r.jsonl").write_text(json.dumps({"title": "A", "text": "Text.", "published": "2017-10-14T10:00+99:00"}))
    (rec,) = read_file(tmp_path / "r.jsonl")
    assert rec.published is None and "offset" in rec.date_reason


@pytest.mark.parametrize("args", [["--from", "2018", "--to", "2016"], ["--type", "bogus"], ["--status", "won"],
                                  ["--min-sources", "-5"], ["--min-sources", "0"]])
def test_12_impossible_export_filters_exit_2(tmp_path, capsys, args, seeded):
    db = seeded()
    out = tmp_path / "o.geojson"
    try:
        code = main(["export", "--db", str(db), "--format", "geojson", "--out", str(out), *args])
    except SystemExit as e:  # argparse refuses it
        code = e.code
    assert code == 2 and not out.exists()


@pytest.mark.parametrize("command", [["articles"], ["events"], ["check"], ["rebuild"],
                                     ["export", "--format", "geojson", "--out", "o.geojson"]])
def test_12_a_mistyped_db_is_an_error_not_an_empty_store(tmp_path, capsys, command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--db", "typo.db"]) == 2
    assert "no such store" in capsys.readouterr().err
    assert not (tmp_path / "typo.db").exists()


# -- 13: the ingest's exit code says what was read; the limits are stated -----------------------

def test_13_ingest_exit_codes(tmp_path, capsys):
    good, bad, mixed = tmp_path / "good", tmp_path / "bad", tmp_path / "mixed"
    _good_files(good, 1)
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"\x00\x01" * 50)
    _good_files(mixed, 1)
    (mixed / "x.txt").write_bytes(b"\x00\x01" * 50)
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(good), "--db", db, "--no-progress"]) == 0
    assert main(["ingest", str(mixed), "--db", db, "--no-progress"]) == 1
    assert main(["ingest", str(bad), "--db", db, "--no-progress"]) == 2
    assert "binary" in capsys.readouterr().out


def test_13_the_upload_limit_is_the_readers_limit_and_documented():
    import tomllib

    from timeline.readers import MAX_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
    readme = (ROOT / "README.md").read_text()
    assert "20 MB" in readme and "Exit codes" in readme


def test_5_setting_a_date_by_hand_leaves_no_inference_owed(tmp_path, capsys, gzr):
    # a user's date can lend itself to an undated copy: inference runs then, and `check` stays clean
    db = tmp_path / "c.db"
    store = open_store(db)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "copy.txt").write_text("Families reach the camp\n" + STORY + "\n")
    (tmp_path / "in" / "source.txt").write_text("Convoy leaves the town\n" + STORY.replace("Manbij", "Tabqa") + "\n")
    ingest_paths([tmp_path / "in"], store, gazetteer=gzr)
    source = next(a for a in store.articles() if a.path.endswith("source.txt"))
    assert source.published is None
    set_article_date(store, source.id, "2015-02-12", gazetteer=gzr)
    copy = next(a for a in store.articles() if a.path.endswith("copy.txt"))
    assert (copy.published, copy.date_source, copy.inferred_from) == ("2015-02-12", "inferred", source.id)
    assert main(["check", "--db", str(db)]) == 0
