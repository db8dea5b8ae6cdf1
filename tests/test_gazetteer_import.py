"""`conflictmap gazetteer import / sources / remove`: GeoNames dump files a user brings (issue 18).

The files are generated here in the GeoNames format; the villages are made up, with
coordinates in the real areas (Donetsk oblast, North Darfur) and names the packaged data
lacks (checked first, so that each test can fail)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer import load_gazetteer, reload_gazetteer
from gazetteer.cli import main as gz_main
from gazetteer.errors import DataFileError
from gazetteer.imports import import_file, read_manifest
from tests.geonames_files import geoname_line, write_dump

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ("Shyrokyi Bairak", 48.412, 37.861)   # made up; a point in Donetsk oblast
SUDAN_VILLAGE = ("Umm Dabakir", 13.912, 25.318)  # made up; a point in North Darfur


def _ua_lines():
    name, lat, lon = VILLAGE
    return [
        geoname_line(99000001, name, lat, lon, alternates=("Shyrokyy Bayrak", "Широкий Байрак"), admin1="14"),
        geoname_line(99000002, "Stepova Dolyna", 47.61, 35.44, admin1="26"),
        # a hill and a historical village: left out unless asked for / always
        geoname_line(99000003, "Kalynova Mohyla", 48.0, 37.5, fclass="T", fcode="HLL"),
        geoname_line(99000004, "Staryi Khutir", 48.1, 37.6, fcode="PPLH"),
        "this line is broken",
    ]


@pytest.fixture()
def imports(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    monkeypatch.setenv("CONFLICTMAP_IMPORTS", str(folder))
    reload_gazetteer()
    yield folder
    monkeypatch.delenv("CONFLICTMAP_IMPORTS")
    reload_gazetteer()


def test_the_made_up_names_are_not_in_the_packaged_data(gz):
    for name in (VILLAGE[0], SUDAN_VILLAGE[0], "Stepova Dolyna", "Kalynova Mohyla"):
        assert gz.lookup(name) == [], name


def test_import_a_zipped_country_extract_then_lookup_sources_and_remove(tmp_path, imports, capsys):
    dump = write_dump(tmp_path / "UA.zip", _ua_lines())
    assert gz_main(["gazetteer", "import", str(dump)]) == 0
    out, err = capsys.readouterr()
    entry = json.loads(out.splitlines()[-1])
    assert entry["source"] == "UA" and entry["places"] == 2 and entry["classes"] == "AP"
    assert entry["bad_lines"] == 1 and "UA.zip: line 5" in err      # reported, the rest imported
    assert (imports / "UA.sqlite").exists()

    gz = load_gazetteer(None)
    (p,) = gz.lookup(VILLAGE[0])
    assert (p.name, p.country, p.geonameid, p.source) == (VILLAGE[0], "UA", 99000001, "import:UA")
    assert (round(p.lat, 3), round(p.lon, 3)) == VILLAGE[1:]
    assert gz.lookup("Shyrokyy Bayrak")[0].geonameid == 99000001     # an alternate name
    assert gz.lookup("Kalynova Mohyla") == [] and gz.lookup("Staryi Khutir") == []
    # packaged places keep answering, and the packaged reading of a shared name stays first
    assert gz.lookup("Kharkiv")[0].country == "UA"

    assert gz_main(["gazetteer", "sources", "--format", "json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["source"] for r in rows] == ["packaged", "UA"]
    assert rows[1]["places"] == 2 and rows[1]["imported_at"] and rows[1]["file"].endswith("UA.zip")

    assert gz_main(["gazetteer", "remove", "UA"]) == 0
    assert json.loads(capsys.readouterr().out)["removed"] == "UA"
    assert read_manifest(imports) == [] and not (imports / "UA.sqlite").exists()
    assert load_gazetteer(None).lookup(VILLAGE[0]) == []
    assert gz_main(["gazetteer", "remove", "UA"]) == 2


def test_other_feature_classes_on_request_and_a_reimport_replaces(tmp_path, imports):
    dump = write_dump(tmp_path / "UA.txt", _ua_lines())
    import_file(dump, report=lambda m: None)
    assert load_gazetteer(None).lookup("Kalynova Mohyla") == []
    entry = import_file(dump, classes="PT", report=lambda m: None)
    assert entry["places"] == 3 and [s["source"] for s in read_manifest(imports)] == ["UA"]
    reload_gazetteer()
    (hill,) = load_gazetteer(None).lookup("Kalynova Mohyla")
    assert hill.feature_code == "HLL"


def test_alternate_names_and_admin1_codes_add_names_to_known_places(tmp_path, imports):
    import_file(write_dump(tmp_path / "UA.txt", _ua_lines()), report=lambda m: None)
    kharkiv = load_gazetteer(None).lookup("Kharkiv")[0]
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("\n".join([
        "1\t99000001\tuk\tShyrokyi Bairak Village\t\t\t\t\t\t",
        f"2\t{kharkiv.geonameid}\ten\tKharkivopolis\t\t\t\t\t\t",
        f"3\t{kharkiv.geonameid}\tlink\thttps://en.wikipedia.org/wiki/Kharkiv\t\t\t\t\t\t",
        "4\t99000002\ten\tOld Dolyna\t\t\t\t1\t\t",            # historic: left out
        "5\t12345678901\ten\tNowhere Village\t\t\t\t\t\t",      # a place no source holds
    ]) + "\n", encoding="utf-8")
    entry = import_file(alt, report=lambda m: None)
    assert entry["kind"] == "alternate"
    reload_gazetteer()
    gz = load_gazetteer(None)
    assert gz.lookup("Shyrokyi Bairak Village")[0].geonameid == 99000001
    hit = gz.lookup("Kharkivopolis")
    assert hit and hit[0].geonameid == kharkiv.geonameid and hit[0].source != "import:alternateNamesV2"
    assert gz.lookup("Old Dolyna") == [] and gz.lookup("Nowhere Village") == []


def test_bad_files_are_named_with_the_reason(tmp_path, imports, capsys):
    (tmp_path / "XX.txt").write_text("not\ta\tgeonames\tfile\n", encoding="utf-8")
    (tmp_path / "YY.zip").write_bytes(b"PK\x03\x04 truncated")
    good = write_dump(tmp_path / "UA.txt", _ua_lines())
    rc = gz_main(["gazetteer", "import", str(tmp_path / "XX.txt"), str(tmp_path / "YY.zip"), str(good),
                  str(tmp_path / "missing.zip")])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "XX.txt" in err and "YY.zip" in err and "missing.zip" in err
    assert [json.loads(x)["source"] for x in out.splitlines()] == ["UA"]
    with pytest.raises(DataFileError, match="feature classes"):
        import_file(good, classes="PZ")


def test_an_import_is_kept_when_the_index_is_compiled_again(tmp_path, imports):
    import_file(write_dump(tmp_path / "UA.txt", _ua_lines()), report=lambda m: None)
    from gazetteer.index import load_index
    idx = load_index(rebuild=False)  # what `gazetteer build` does; --force recompiles the same way
    assert idx.imports is not None and [s["source"] for s in idx.imports.sources] == ["UA"]
    assert [idx.name[i] for i in idx.ids_for("shyrokyi bairak")] == [VILLAGE[0]]


def _run(env, *argv):
    return subprocess.run([sys.executable, "-m", "timeline.cli", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_whole_path_import_then_geoparse_and_ingest_make_the_event(tmp_path, imports, cli):
    """Issue 18: after the import, `geoparse` resolves a sentence naming the village, and a
    rebuild of a store ingested before, or an ingest into a fresh store, turns its capture into
    a control event at the village's point. The commands run `timeline.cli.main` in this
    process, but for one `geoparse` after the import in a process of its own (which finds the
    import on disk, as the next command a user types does)."""
    name, lat, lon = VILLAGE
    sname, slat, slon = SUDAN_VILLAGE
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONFLICTMAP_IMPORTS=str(imports))
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "ua.txt").write_text(
        "Front line report\n\nPublished 12 March 2024\n\n"
        f"Russian forces captured the village of {name} on Monday, the defence ministry said.\n",
        encoding="utf-8")
    sentence = tmp_path / "s.txt"
    sentence.write_text(f"Shelling hit {name} in Ukraine's Donetsk region overnight.\n"
                        f"The RSF attacked {sname}, a village west of El Fasher in Sudan.\n", encoding="utf-8")

    def geoparse(r):
        assert r.returncode == 0, r.stderr
        return {x["surface"]: x for x in map(json.loads, r.stdout.splitlines())}

    before = geoparse(cli("geoparse", str(sentence), "--format", "json"))
    assert name not in before and sname not in before
    # a store ingested before the import: no control event on the map for the village yet
    old_db = str(tmp_path / "old.db")
    r = cli("ingest", str(arts), "--db", old_db, "--no-progress", "--format", "json")
    assert r.returncode == 0, r.stderr

    def control_places(db):
        r = cli("events", "--db", db, "--format", "json")
        assert r.returncode == 0, r.stderr
        return [e["place"] for e in map(json.loads, r.stdout.splitlines())
                if e["type"] == "control_change" and e["place"]]

    assert not [p for p in control_places(old_db) if p["name"] == name]
    ua = write_dump(tmp_path / "UA.zip", _ua_lines())
    sd = write_dump(tmp_path / "SD.txt", [geoname_line(99100001, sname, slat, slon, cc="SD", admin1="55")])
    r = cli("gazetteer", "import", str(ua), str(sd))
    assert r.returncode == 0, r.stderr
    for after in (geoparse(cli("geoparse", str(sentence), "--format", "json")),
                  geoparse(_run(env, "geoparse", str(sentence), "--format", "json"))):   # a new process
        assert (after[name]["lat"], after[name]["lon"], after[name]["country"]) == (lat, lon, "UA")
        assert (after[sname]["lat"], after[sname]["lon"], after[sname]["country"]) == (slat, slon, "SD")

    # `conflictmap rebuild` re-derives the old store's events with the import
    r = cli("rebuild", "--db", old_db, "--no-progress")
    assert r.returncode == 0, r.stderr
    assert [(p["lat"], p["lon"]) for p in control_places(old_db) if p["name"] == name] == [(lat, lon)]

    db = str(tmp_path / "fresh.db")
    r = cli("ingest", str(arts), "--db", db, "--no-progress", "--format", "json")
    assert r.returncode == 0, r.stderr
    r = cli("events", "--db", db, "--format", "json")
    events = [json.loads(x) for x in r.stdout.splitlines()]
    control = [e for e in events if e["type"] == "control_change"]
    assert control, events
    place = control[0]["place"]
    assert (place["name"], place["lat"], place["lon"], place["country"]) == (name, lat, lon, "UA")
    assert control[0]["actor_to"] == "Russia" and name in control[0]["evidence"]


def test_an_imported_hamlet_needs_its_country_in_the_text_or_a_cue(tmp_path, imports):
    """Among millions of imported names, a capitalised word that names a hamlet somewhere is
    read as that hamlet only where the text is about its country, or calls it a village."""
    import_file(write_dump(tmp_path / "UA.txt", _ua_lines()), report=lambda m: None)
    gz = load_gazetteer(None)
    assert [m.surface for m in gz.find_places("Talks on Stepova Dolyna went nowhere.")] == []
    found = gz.find_places("Talks on Stepova Dolyna in Ukraine went nowhere.")
    assert [(m.surface, m.place.geonameid) for m in found][:1] == [("Stepova Dolyna", 99000002)]
    (m,) = gz.find_places("Troops entered the village of Stepova Dolyna.")
    assert m.place.geonameid == 99000002


def test_a_zip_cut_short_is_reported_and_nothing_of_it_kept(tmp_path, imports, capsys):
    whole = write_dump(tmp_path / "whole.zip", [geoname_line(99200000 + i, f"Selo Nomer{chr(97 + i % 26)}", 48.0, 37.0)
                                                for i in range(20000)], member="KK.txt")
    data = whole.read_bytes()
    cut = tmp_path / "KK.zip"
    cut.write_bytes(data[: len(data) // 2] + data[-300:])
    rc = gz_main(["gazetteer", "import", str(cut)])
    _, err = capsys.readouterr()
    assert rc == 2 and "KK.zip" in err and "nothing of it was imported" in err
    assert read_manifest(imports) == [] and not list(imports.glob("*.sqlite"))


def test_user_overrides_and_imports_together(tmp_path, imports):
    """A user overrides file makes a copy of the index with its own rows: imported places
    then get ids in that copy without disturbing the shared index."""
    import_file(write_dump(tmp_path / "UA.txt", _ua_lines()), report=lambda m: None)
    base = load_gazetteer(None)
    overrides = tmp_path / "places.csv"
    overrides.write_text("name,aliases,lat,lon,country\nKhutir Made-Up,,47.5,36.5,UA\n", encoding="utf-8")
    mine = load_gazetteer(overrides)
    assert mine.index is not base.index
    for gz in (mine, base, mine):
        assert [p.geonameid for p in gz.lookup("Stepova Dolyna")] == [99000002]
        assert [p.geonameid for p in gz.lookup(VILLAGE[0])] == [99000001]
    assert [p.name for p in mine.lookup("Khutir Made-Up")] == ["Khutir Made-Up"]
    assert base.lookup("Khutir Made-Up") == []
    # ids of the copy point at the same records as the shared index's
    text = f"Troops left {VILLAGE[0]} and the village of Stepova Dolyna in Ukraine."
    assert [(m.surface, m.place.geonameid) for m in mine.find_places(text)] == \
        [(m.surface, m.place.geonameid) for m in base.find_places(text)]
