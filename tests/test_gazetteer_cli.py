"""`conflictmap geoparse` and `conflictmap gazetteer ...` through the gazetteer's own argparse entry."""
from __future__ import annotations

import json

from gazetteer.cli import FIELDS, main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_geoparse_prints_one_json_line_per_mention(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Displaced families reached Qamishli and Hama province.", encoding="utf-8")
    rc, out, _ = run(capsys, "geoparse", str(f), "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rc == 0
    assert [r["surface"] for r in rows] == ["Qamishli", "Hama province"]
    assert set(FIELDS) <= set(rows[0])
    assert rows[0]["file"] == str(f) and rows[0]["country"] == "SY" and rows[1]["feature_code"] == "ADM1"
    text = f.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["surface"] for r in rows)


def test_geoparse_reports_a_bad_file_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Convoys left Homs.", encoding="utf-8")
    rc, out, err = run(capsys, "geoparse", str(tmp_path / "nope.txt"), str(good))
    assert rc == 1
    assert "nope.txt" in err
    assert json.loads(out.splitlines()[0])["surface"] == "Homs"


def test_geoparse_spans_resolves_exactly_the_given_spans_and_keeps_ids(tmp_path, capsys):
    spans = tmp_path / "spans.jsonl"
    recs = [{"id": "x1", "text": "Trucks moved from Kilis to Azaz.", "spans": [[18, 23], [27, 31]]},
            {"id": "x2", "text": "Nothing here.", "spans": []}]
    spans.write_text("\n".join(json.dumps(r) for r in recs) + "\n{broken\n", encoding="utf-8")
    rc, out, err = run(capsys, "geoparse", "--spans", str(spans))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["surface"], r["country"]) for r in rows] == [("x1", "Kilis", "TR"), ("x1", "Azaz", "SY")]
    assert rc == 1 and "spans.jsonl: line 3" in err


def test_geoparse_table_format(tmp_path, capsys):
    f = tmp_path / "b.txt"
    f.write_text("Talks were held in Geneva.", encoding="utf-8")
    rc, out, _ = run(capsys, "geoparse", str(f), "--format", "table")
    assert rc == 0
    header, row = out.splitlines()[:2]
    assert header.split()[:3] == ["file", "surface", "name"] and "Geneva" in row and "CH" in row


def test_gazetteer_add_then_geoparse_and_lookup_find_the_new_place(tmp_path, capsys):
    csv_path = tmp_path / "places.csv"
    rc, out, _ = run(capsys, "gazetteer", "add", "Khirbet Zughba", "36.21", "38.77", "--country", "sy",
                     "--alias", "Kherbet Zoghba", "--overrides", str(csv_path))
    assert rc == 0 and json.loads(out)["country"] == "SY"
    f = tmp_path / "c.txt"
    f.write_text("Shepherds fled Kherbet Zoghba at night.", encoding="utf-8")
    rc, out, _ = run(capsys, "geoparse", str(f), "--overrides", str(csv_path))
    row = json.loads(out.splitlines()[0])
    assert (row["name"], row["lat"], row["lon"], row["confidence"]) == ("Khirbet Zughba", 36.21, 38.77, 1.0)
    rc, out, _ = run(capsys, "gazetteer", "lookup", "Khirbet Zughba", "--overrides", str(csv_path),
                     "--format", "json")
    assert rc == 0 and json.loads(out.splitlines()[0])["country"] == "SY"


def test_gazetteer_add_rejects_bad_coordinates(tmp_path, capsys):
    rc, _, err = run(capsys, "gazetteer", "add", "Nowhere", "123", "38", "--overrides", str(tmp_path / "p.csv"))
    assert rc == 2 and "out of range" in err
    assert not (tmp_path / "p.csv").exists()


def test_geoparse_without_input_is_a_usage_error(capsys):
    rc, _, err = run(capsys, "geoparse")
    assert rc == 2 and "--spans" in err


def test_register_adds_the_subcommands_to_a_parent_parser():
    import argparse

    from gazetteer.cli import register
    parser = argparse.ArgumentParser(prog="conflictmap")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["gazetteer", "add", "X", "1", "2", "--country", "SY"])
    assert (args.name, args.lat, args.lon, args.country) == ("X", 1.0, 2.0, "SY")
    assert callable(args.handler)
