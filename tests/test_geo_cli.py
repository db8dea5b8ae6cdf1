"""`conflictmap export` against a real SQLite store file."""
from __future__ import annotations

import argparse
import json

import geopandas as gpd
import pyogrio
import pytest

from geo import cli
from tests.data.geo_builders import (
    EAST_PROVINCE,
    NORTH_TOWN,
    RIVER_TOWN,
    control,
    displacement,
)
from timeline.store import open_store


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path)
    store.put_events([
        control("cap", NORTH_TOWN, "2016-03-10", frm="Hill Army", to="Rebel Front"),
        control("hold", RIVER_TOWN, "2015-06-01", to="Hill Army", status="historical"),
        control("soon", RIVER_TOWN, "2016-08-01", frm="Hill Army", to="Rebel Front", status="expected"),
        displacement("flow", NORTH_TOWN, EAST_PROVINCE, "2016-03-11", magnitude=300),
    ])
    store.close()
    return path


def _run(*argv):
    return cli.main(["export", *map(str, argv)])


def test_every_format_writes_a_readable_file(db, tmp_path, capsys):
    assert _run("--db", db, "--format", "geojson", "--out", tmp_path / "e.geojson") == 0
    assert "4 events" in capsys.readouterr().out
    assert pyogrio.read_info(tmp_path / "e.geojson")["features"] == 4

    assert _run("--db", db, "--format", "intervals", "--out", tmp_path / "i.geojson") == 0
    assert len(gpd.read_file(tmp_path / "i.geojson", engine="pyogrio")) == 3

    assert _run("--db", db, "--format", "snapshot", "--date", "2016-09-01",
                "--out", tmp_path / "s.geojson") == 0
    snap = {f["properties"]["place"]: f["properties"]
            for f in json.loads((tmp_path / "s.geojson").read_text())["features"]}
    assert snap["Rivertown"]["controller"] == "Hill Army"        # the expected change does not count
    assert snap["Northtown"]["controller"] == "Rebel Front"
    assert {"place", "controller", "since", "contested"} <= set(snap["Northtown"])

    assert _run("--db", db, "--format", "flowmap", "--out", tmp_path / "fm") == 0
    assert (tmp_path / "fm" / "flows.csv").read_text().splitlines()[1] == "gn:9000001,gn:9000003,300,2016-03-11"

    assert _run("--db", db, "--format", "gpkg", "--out", tmp_path / "o.gpkg") == 0
    assert len(gpd.read_file(tmp_path / "o.gpkg", layer="events", engine="pyogrio")) == 4


def test_filters_apply_before_export(db, tmp_path):
    out = tmp_path / "f.geojson"
    assert _run("--db", db, "--format", "geojson", "--out", out, "--type", "control_change",
                "--status", "reported,historical", "--from", "2016-01", "--to", "2016-12") == 0
    ids = [f["id"] for f in json.loads(out.read_text())["features"]]
    assert ids == ["cap"]
    assert _run("--db", db, "--format", "geojson", "--out", out, "--actor", "hill army") == 0
    assert sorted(f["id"] for f in json.loads(out.read_text())["features"]) == ["cap", "hold", "soon"]


def test_clear_errors(db, tmp_path, capsys):
    assert _run("--db", tmp_path / "missing.db", "--format", "geojson", "--out", tmp_path / "x") == 2
    assert "missing.db: no such store" in capsys.readouterr().err
    assert _run("--db", db, "--format", "snapshot", "--out", tmp_path / "x") == 2
    assert "needs --date" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run("--db", db, "--format", "snapshot", "--date", "15/10/2017", "--out", tmp_path / "x")
    assert "not an ISO date" in capsys.readouterr().err
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    assert _run("--db", db, "--format", "geojson", "--out", blocker / "e.geojson") == 2
    err = capsys.readouterr().err
    assert "a_file/e.geojson" in err and "error" in err


def test_register_adds_export_to_any_parser():
    parser = argparse.ArgumentParser(prog="conflictmap")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", "--format", "gpkg", "--out", "o.gpkg", "--type", "displacement",
                              "--type", "control_change"])
    assert args.func is cli.run_export and args.type == ["displacement", "control_change"]
    assert args.db == "conflictmap.db"


def test_main_conflictmap_command_dispatches_to_export(db, tmp_path):
    from timeline.cli import main as conflictmap

    out = tmp_path / "via_main.geojson"
    assert conflictmap(["export", "--db", str(db), "--format", "geojson", "--out", str(out)]) == 0
    assert pyogrio.read_info(out)["features"] == 4
