"""A place the gazetteer lacks: kept by name, listed, added, and resolved on the next run.

The whole loop through the command line, on a real SQLite store: ingest an article naming a
village the gazetteer lacks, see it in `conflictmap places --unresolved`, add it with
`conflictmap gazetteer add`, re-derive the events with `conflictmap rebuild`, and find the
control change on the map at the right point."""
from __future__ import annotations

import json

from timeline.cli import main

ARTICLE = """M23 seizes Tonenke

GOMA, Congo, Jan 20, 2025 (Reuters) - M23 rebels captured the village of Tonenke on Monday,
residents said. Thousands of civilians fled Tonenke towards Goma.
"""


def _json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_an_unknown_village_is_kept_listed_added_and_then_mapped(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICTMAP_PLACES", str(tmp_path / "places.csv"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "store.db")

    assert main(["ingest", str(tmp_path / "in"), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["events", "--db", db, "--format", "json"]) == 0
    events = _json_lines(capsys)
    taken = [e for e in events if e["type"] == "control_change"]
    assert [(e["place"], e["unresolved"], e["actor_to"]) for e in taken] == \
        [(None, [{"role": "place", "name": "Tonenke"}], "M23")]
    assert "Tonenke" in taken[0]["evidence"]

    assert main(["places", "--unresolved", "--db", db, "--format", "json"]) == 0
    rows = _json_lines(capsys)
    assert [(r["name"], r["count"], sorted(r["roles"])) for r in rows] == [("Tonenke", 2, ["origin", "place"])]
    assert "Tonenke" in rows[0]["sample"]

    assert main(["gazetteer", "add", "Tonenke", "-1.38", "29.08", "--country", "CD"]) == 0
    assert main(["rebuild", "--db", db, "--no-progress"]) == 0
    capsys.readouterr()

    assert main(["places", "--unresolved", "--db", db, "--format", "json"]) == 0
    assert _json_lines(capsys) == []
    assert main(["events", "--db", db, "--format", "json"]) == 0
    events = _json_lines(capsys)
    taken = [e for e in events if e["type"] == "control_change"]
    assert [(e["place"]["name"], e["place"]["lat"], e["place"]["lon"], e["actor_to"], e["unresolved"])
            for e in taken] == [("Tonenke", -1.38, 29.08, "M23", [])]
    flows = [e for e in events if e["type"] == "displacement"]
    assert [(e["origin"]["name"], e["destination"]["name"]) for e in flows] == [("Tonenke", "Goma")]

    out = tmp_path / "events.geojson"
    assert main(["export", "--format", "geojson", "--db", db, "--out", str(out)]) == 0
    feats = json.loads(out.read_text())["features"]
    points = [f["geometry"]["coordinates"] for f in feats if f["properties"]["event_type"] == "control_change"]
    assert points == [[29.08, -1.38]]
