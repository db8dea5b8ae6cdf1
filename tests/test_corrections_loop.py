"""The analyst's loop through the command line (issue 16), on real SQLite stores, each step
a `conflictmap` command (`timeline.cli.main` run in this process with a HOME of its own and
its output captured; one command runs as a real subprocess, for its exit code): ingest an
article naming a village the gazetteer lacks, see it in `places --unresolved`, add it with
`fix place`, `reprocess`, find the control change at the right point in the events and the
GeoJSON export, reject another event, re-ingest the folder with a new article, and find the
place and the rejection still holding. Then the exported corrections rebuild the same events
in a fresh store, and a correction whose article is gone is reported, not dropped.

The village's name is invented (no gazetteer has it); the wording is the kind wire reports use.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SEIZED = """M23 seizes Kibumbazi

GOMA, Congo, Jan 20, 2025 (Reuters) - M23 rebels captured the village of Kibumbazi on Monday,
residents said. Thousands of civilians fled Kibumbazi towards Goma.
"""
RETAKEN = """Army retakes Rutshuru

KINSHASA, Congo, Feb 3, 2025 (Reuters) - Congolese army troops recaptured Rutshuru from M23 rebels on Sunday,
the army said.
"""
LATER = """Families flee Kibumbazi

GOMA, Congo, Mar 8, 2025 (Reuters) - Hundreds of families fled Kibumbazi for Goma on Friday, aid workers said.
"""
VILLAGE = ("Kibumbazi", -1.43, 29.09)


def subprocess_run(*args: str, home: Path, ok: tuple[int, ...]) -> subprocess.CompletedProcess:
    """`conflictmap ARGS` as a real process: its exit code, and never a traceback."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(home), CONFLICTMAP_PLACES=str(home / "no-user-places.csv"))
    proc = subprocess.run([sys.executable, "-m", "timeline.cli", *args], capture_output=True, text=True,
                          check=False, env=env, cwd=home, timeout=300)
    assert proc.returncode in ok, (args, proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def lines(proc) -> list[dict]:
    return [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]


@pytest.fixture
def cli(cli, tmp_path, monkeypatch):
    """`cli(*args, ok=(0,))`: the suite's in-process `conflictmap ARGS` (tests/conftest.py) in a
    HOME of its own without user places; the exit code must be in `ok`."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CONFLICTMAP_PLACES", str(home / "no-user-places.csv"))
    monkeypatch.chdir(home)

    def run(*args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        done = cli(*args)
        assert done.returncode in ok, (args, done.returncode, done.stdout, done.stderr)
        return done

    run.home = home
    return run


def events(cli, db: Path) -> list[dict]:
    return lines(cli("events", "--db", str(db), "--format", "json"))


def control_changes(evs: list[dict]) -> list[dict]:
    return [e for e in evs if e["type"] == "control_change"]


def test_the_review_loop_holds_across_reprocess_and_reingest(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seized.txt").write_text(SEIZED, encoding="utf-8")
    (folder / "retaken.txt").write_text(RETAKEN, encoding="utf-8")
    db = tmp_path / "store.db"
    cli("ingest", str(folder), "--db", str(db), "--no-progress")

    # 1-2. the village is kept by name, off the map, and listed
    taken = [e for e in control_changes(events(cli, db)) if e["unresolved"]]
    assert [(e["place"], e["unresolved"], e["corrected"]) for e in taken] == \
        [(None, [{"role": "place", "name": "Kibumbazi"}], False)]
    rows = lines(cli("places", "--unresolved", "--db", str(db), "--format", "json"))
    assert [r["name"] for r in rows] == ["Kibumbazi"]

    # 3-4. add it (a correction kept in the store), then reprocess
    name, lat, lon = VILLAGE
    cli("fix", "place", name, str(lat), str(lon), "--country", "CD", "--who", "Ana", "--why", "OCHA map",
        "--db", str(db))
    out = cli("reprocess", "--db", str(db), "--no-progress").stdout
    assert "reprocessed 2 articles" in out
    assert lines(cli("places", "--unresolved", "--db", str(db), "--format", "json")) == []

    # 5. the control change is on the map at the village, corrected, with the correction behind it
    evs = events(cli, db)
    at_village = [e for e in control_changes(evs) if e["place"] and e["place"]["name"] == name]
    assert [(e["place"]["lat"], e["place"]["lon"], e["actor_to"], e["date"]) for e in at_village] == \
        [(lat, lon, "M23", "2025-01-20")]
    assert at_village[0]["corrected"] is True
    assert [(c["kind"], c["who"], c["why"]) for c in at_village[0]["corrections"]] == \
        [("add_place", "Ana", "OCHA map")]
    geojson = tmp_path / "events.geojson"
    cli("export", "--format", "geojson", "--db", str(db), "--out", str(geojson))
    feats = json.loads(geojson.read_text())["features"]
    village = [f for f in feats if f["geometry"]["coordinates"] == [lon, lat]
               and f["properties"]["event_type"] == "control_change"]
    assert len(village) == 1 and village[0]["properties"]["corrected"] is True
    untouched = [f for f in feats if f["properties"]["place"] == "Rutshuru"]
    assert len(untouched) == 1 and untouched[0]["properties"]["corrected"] is False

    # 6. reject another event (the army's retaking of Rutshuru)
    rutshuru = [e for e in control_changes(evs) if e["place"] and e["place"]["name"] == "Rutshuru"]
    assert len(rutshuru) == 1
    cli("fix", "event", rutshuru[0]["id"][:10], "--reject", "--who", "Ana", "--why", "single unverified claim",
        "--db", str(db))
    assert not [e for e in events(cli, db) if e["place"] and e["place"]["name"] == "Rutshuru"]

    # 7. re-ingest the same folder plus a new article naming the village
    (folder / "later.txt").write_text(LATER, encoding="utf-8")
    out = cli("ingest", str(folder), "--db", str(db), "--no-progress").stdout
    assert "(1 new)" in out

    # 8. the rejection and the place hold, in old and new articles, and after another reprocess
    for step in ("after re-ingest", "after reprocess"):
        evs = events(cli, db)
        assert not [e for e in evs if e["place"] and e["place"]["name"] == "Rutshuru"], step
        assert [(e["place"]["lat"], e["place"]["lon"]) for e in control_changes(evs)] == [(lat, lon)], step
        flights = [e for e in evs if e["type"] == "displacement"]
        assert {(e["origin"]["name"], e["origin"]["lat"]) for e in flights} == {(name, lat)}, step
        assert {("Goma", "2025-01-20"), ("Goma", "2025-03-07")} <= \
            {((e["destination"] or {}).get("name"), e["date"]) for e in flights}, step
        assert all(e["corrected"] for e in flights), step
        cli("reprocess", "--db", str(db), "--no-progress")
    listed = lines(cli("corrections", "list", "--db", str(db), "--format", "json"))
    assert sorted(r["kind"] for r in listed) == ["add_place", "reject_event", "reject_event"]
    assert {r["status"] for r in listed} == {"applied"}

    # the exported corrections give the same events in a fresh store
    exported = tmp_path / "corrections.csv"
    cli("corrections", "export", str(exported), "--db", str(db))
    fresh = tmp_path / "fresh.db"
    cli("ingest", str(folder), "--db", str(fresh), "--no-progress")
    assert [e for e in events(cli, fresh) if e["place"] and e["place"]["name"] == "Rutshuru"]
    out = cli("corrections", "import", str(exported), "--db", str(fresh)).stdout
    assert "imported 3 correction(s), 0 bad row(s)" in out
    def strip(evs):
        return sorted(json.dumps({k: v for k, v in e.items() if k != "corrections"}, sort_keys=True) for e in evs)
    assert strip(events(cli, fresh)) == strip(events(cli, db))
    # importing the same file again adds nothing
    again = cli("corrections", "import", str(exported), "--db", str(fresh)).stdout
    assert "imported 3 correction(s)" in again
    assert len(lines(cli("corrections", "list", "--db", str(fresh), "--format", "json"))) == 3


def test_a_correction_that_no_longer_matches_is_reported(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "retaken.txt").write_text(RETAKEN, encoding="utf-8")
    db = tmp_path / "store.db"
    cli("ingest", str(folder), "--db", str(db), "--no-progress")
    (ev,) = control_changes(events(cli, db))
    cli("fix", "event", ev["id"], "--set", "actor_to=M23", "--why", "misread", "--db", str(db))
    assert [e["actor_to"] for e in control_changes(events(cli, db))] == ["M23"]
    exported = tmp_path / "corrections.csv"
    cli("corrections", "export", str(exported), "--db", str(db))

    # the same corrections in a store whose article says something else: the span is gone
    other = tmp_path / "other"
    other.mkdir()
    (other / "retaken.txt").write_text(RETAKEN.replace("recaptured Rutshuru", "recaptured Sake"), encoding="utf-8")
    db2 = tmp_path / "other.db"
    cli("ingest", str(other), "--db", str(db2), "--no-progress")
    proc = cli("corrections", "import", str(exported), "--db", str(db2), ok=(1,))
    assert "unmatched correction" in proc.stdout and "is not in the store" in proc.stdout
    listed = lines(cli("corrections", "list", "--db", str(db2), "--format", "json", ok=(1,)))
    assert {r["status"] for r in listed} == {"unmatched"}
    assert all(r["reason"] for r in listed)

    # in the first store, a changed sentence: the article is re-read with new text under its id
    import sqlite3

    with sqlite3.connect(db) as con:
        con.execute("UPDATE articles SET text = replace(text, 'recaptured Rutshuru', 'shelled Rutshuru')")
    proc = cli("reprocess", "--db", str(db), "--no-progress", ok=(1,))
    assert "unmatched correction" in proc.stdout and "no control_change event" in proc.stdout
    assert "match nothing" in proc.stderr
    listed = lines(cli("corrections", "list", "--db", str(db), "--format", "json", ok=(1,)))
    # the headline still reads the same: its correction holds; the changed sentence's is reported
    assert sorted((r["status"], bool(r["reason"])) for r in listed) == [("applied", False), ("unmatched", True)]
    assert [e["actor_to"] for e in control_changes(events(cli, db))] == ["M23"]


def test_import_reports_bad_rows_with_line_and_reason_and_keeps_the_rest(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seized.txt").write_text(SEIZED, encoding="utf-8")
    db = tmp_path / "store.db"
    cli("ingest", str(folder), "--db", str(db), "--no-progress")
    from timeline.corrections import COLUMNS

    path = tmp_path / "in.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerow({"kind": "add_place", "anchor": "Kibumbazi", "value": "Kibumbazi", "lat": "-1.43",
                    "lon": "29.09", "country": "CD", "who": "=HYPERLINK(\"http://x\")", "why": "ok"})
        w.writerow({"kind": "add_place", "anchor": "Nowhere", "lat": "95", "lon": "10"})
        w.writerow({"kind": "set_event", "article_id": "abc", "event_type": "control_change",
                    "evidence": "x", "field": "colour", "value": "red"})
        w.writerow({"kind": "teleport"})
    proc = cli("corrections", "import", str(path), "--db", str(db), ok=(1,))
    assert "imported 1 correction(s), 3 bad row(s)" in proc.stdout
    err = proc.stderr
    assert "line 3: coordinates out of range" in err
    assert "line 4: set_event field must be one of" in err
    assert "line 5: unknown kind 'teleport'" in err
    assert [e["place"]["name"] for e in control_changes(events(cli, db))] == ["Kibumbazi"]

    # export neutralises the formula the import read as text
    out = tmp_path / "out.csv"
    cli("corrections", "export", str(out), "--db", str(db))
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["who"] == "'=HYPERLINK(\"http://x\")"
    assert row["lat"] == "-1.43"

    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("kind,value\nadd_place,x\n", encoding="utf-8")
    # as a real process: exit code 2 and the message, no traceback
    proc = subprocess_run("corrections", "import", str(bad_header), "--db", str(db), home=cli.home, ok=(2,))
    assert "line 1: header must be" in proc.stderr
    proc = cli("fix", "event", "ffffffffffff", "--reject", "--db", str(db), ok=(2,))
    assert "no event with id 'ffffffffffff'" in proc.stderr
