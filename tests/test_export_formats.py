"""Exports read back with pyogrio/geopandas: same feature counts, date-time fields, lon/lat in range."""
from __future__ import annotations

import io
import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.export import export, export_bytes, to_geojson
from geo.frames import events_to_gdf
from tests.data.geo_builders import (
    EAST_PROVINCE,
    NEIGHBOUR,
    NORTH_TOWN,
    RIVER_TOWN,
    WEST_EDGE,
    control,
    displacement,
)


def _events():
    return [
        control("cap", NORTH_TOWN, "2016-03-10", frm="Hill Army", to="Rebel Front"),
        control("recap", NORTH_TOWN, "2016-09-02", frm="Rebel Front", to="Hill Army"),
        control("isle", WEST_EDGE, "2016-04", precision="month", to="Rebel Front", status="historical"),
        control("undated", RIVER_TOWN, None, to="Third Party"),
        displacement("flow", NORTH_TOWN, EAST_PROVINCE, "2016-03-11", magnitude=300, text="300 people"),
        displacement("flow2", NORTH_TOWN, EAST_PROVINCE, "2016-03-11", magnitude=20),
        displacement("out", RIVER_TOWN, None, "2016-05-01"),
        displacement("abroad", RIVER_TOWN, NEIGHBOUR),
    ]


def _strict_json(text: str) -> dict:
    def no_nan(name):
        raise AssertionError(f"non-JSON constant {name} in export")
    return json.loads(text, parse_constant=no_nan)


def _all_coords(doc: dict):
    for f in doc["features"]:
        g = f["geometry"]
        pts = [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]
        yield from pts


def test_geojson_is_rfc7946_and_reads_back_with_time_fields(tmp_path):
    path = export(_events(), "geojson", tmp_path / "events.geojson")
    doc = _strict_json(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == 8
    for lon, lat in _all_coords(doc):
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    cap = next(f for f in doc["features"] if f["id"] == "cap")
    assert cap["geometry"]["coordinates"] == [38.9, 36.5]            # lon first
    props = cap["properties"]
    for key in ("event_id", "event_type", "start", "end", "date_precision", "report_date", "status",
                "actor_from", "actor_to", "group", "magnitude", "magnitude_text", "place", "origin",
                "destination", "geonameid", "geo_precision", "sources", "source_urls", "evidence"):
        assert key in props, key
    assert props["evidence"] == "evidence for cap <b>&</b>"         # data kept as written

    info = pyogrio.read_info(path)
    assert info["features"] == 8
    dtypes = dict(zip(info["fields"], info["ogr_types"]))
    assert dtypes["start"] == "OFTDateTime" and dtypes["end"] == "OFTDateTime"
    back = gpd.read_file(path, engine="pyogrio")
    assert len(back) == 8
    assert str(back["start"].dtype).startswith("datetime64") and back["start"].dt.tz is not None
    isle = back.set_index("event_id").loc["isle"]
    assert isle["start"] == pd.Timestamp("2016-04-01T00:00:00Z")
    assert isle["end"] == pd.Timestamp("2016-04-30T23:59:59Z")
    assert pd.isna(back.set_index("event_id").loc["undated", "start"])
    assert set(back.geometry.geom_type) == {"Point", "LineString"}


def test_to_geojson_turns_nan_into_null_and_rejects_projected_coordinates():
    gdf = events_to_gdf(_events())
    gdf["score"] = float("nan")
    doc = _strict_json(to_geojson(gdf))
    assert all(f["properties"]["score"] is None for f in doc["features"])
    projected = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(4_000_000, 4_000_000)])
    with pytest.raises(ValueError, match="WGS84"):
        to_geojson(projected)
    utm = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(500_000, 4_000_000)], crs="EPSG:32637")
    lon, lat = _strict_json(to_geojson(utm))["features"][0]["geometry"]["coordinates"]
    assert 38 < lon < 40 and 36 < lat < 37                           # reprojected, lon/lat order


def test_intervals_and_snapshot_exports(tmp_path):
    ivs = export(_events(), "intervals", tmp_path / "intervals.geojson")
    doc = _strict_json(ivs.read_text(encoding="utf-8"))
    got = [(f["properties"]["place"], f["properties"]["actor"], f["properties"]["start"],
            f["properties"]["end"]) for f in doc["features"]]
    assert len(got) == 4 and set(got) == {
        ("Date Line Isle", "Rebel Front", "2016-04-01T00:00:00Z", None),
        ("Northtown", "Hill Army", None, "2016-03-10T00:00:00Z"),
        ("Northtown", "Hill Army", "2016-09-02T00:00:00Z", None),
        ("Northtown", "Rebel Front", "2016-03-10T00:00:00Z", "2016-09-02T00:00:00Z"),
    }
    assert pyogrio.read_info(ivs)["features"] == 4
    assert "OFTDateTime" in pyogrio.read_info(ivs)["ogr_types"]

    snap = export(_events(), "snapshot", tmp_path / "snap.geojson", date="2016-06-01")
    props = {f["properties"]["place"]: f["properties"] for f in _strict_json(snap.read_text())["features"]}
    assert props["Northtown"]["controller"] == "Rebel Front"
    assert props["Northtown"]["since"] == "2016-03-10"
    assert props["Northtown"]["contested"] is False
    assert set(props) == {"Northtown", "Date Line Isle"}
    assert len(gpd.read_file(snap, engine="pyogrio")) == 2
    with pytest.raises(ValueError, match="date"):
        export(_events(), "snapshot", tmp_path / "nodate.geojson")
    with pytest.raises(ValueError, match="unknown export format"):
        export(_events(), "kml", tmp_path / "x.kml")


def test_flowmap_csvs(tmp_path):
    folder = export(_events(), "flowmap", tmp_path / "flowmap")
    loc = pd.read_csv(folder / "locations.csv")
    flows = pd.read_csv(folder / "flows.csv", keep_default_na=False)
    assert list(loc.columns) == ["id", "name", "lat", "lon"]
    assert list(flows.columns) == ["origin", "dest", "count", "time"]
    assert set(loc["name"]) == {"Northtown", "East Province", "Rivertown", "Neighbourland"}
    assert set(flows["origin"]) | set(flows["dest"]) <= set(loc["id"])
    rows = {(r.origin, r.dest): r for r in flows.itertuples()}
    same_day = rows[("gn:9000001", "gn:9000003")]
    assert (same_day.count, same_day.time) == (320, "2016-03-11")
    abroad = rows[("gn:9000002", "gn:9000004")]
    assert (abroad.count, abroad.time) == (1, "")                     # one report, undated
    zipped = zipfile.ZipFile(io.BytesIO(export_bytes(_events(), "flowmap")))
    assert sorted(zipped.namelist()) == ["flows.csv", "locations.csv"]
    assert zipped.read("flows.csv").decode() == (folder / "flows.csv").read_text()


def test_geopackage_layers_read_back(tmp_path):
    path = export(_events(), "gpkg", tmp_path / "out.gpkg", date="2016-06-01")
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"events", "control_intervals", "flows", "control_snapshot"}
    events = gpd.read_file(path, layer="events", engine="pyogrio")
    assert len(events) == 8
    assert str(events["start"].dtype).startswith("datetime64")
    assert len(gpd.read_file(path, layer="control_intervals", engine="pyogrio")) == 4
    assert len(gpd.read_file(path, layer="flows", engine="pyogrio")) == 3
    assert len(gpd.read_file(path, layer="control_snapshot", engine="pyogrio")) == 2
    data = export_bytes(_events(), "gpkg")
    assert data[:16] == b"SQLite format 3\x00"


def test_export_bytes_matches_file_export(tmp_path):
    path = export(_events(), "geojson", tmp_path / "e.geojson")
    assert export_bytes(_events(), "geojson") == path.read_bytes()
    empty = _strict_json(export_bytes([], "geojson").decode())
    assert empty == {"type": "FeatureCollection", "features": []}


def test_datetime_columns_are_written_as_utc_z_strings():
    gdf = gpd.GeoDataFrame(
        {"naive": pd.to_datetime(["2017-10-14 12:30:00", None]),
         "aware": pd.to_datetime(["2017-10-14T12:30:00+03:00", None]),
         "count": pd.array([3, None], dtype="Int64")},
        geometry=[shapely.Point(40.0, 35.0), shapely.Point(41.0, 36.0)], crs="EPSG:4326")
    props = [f["properties"] for f in _strict_json(to_geojson(gdf))["features"]]
    assert props[0] == {"naive": "2017-10-14T12:30:00Z", "aware": "2017-10-14T09:30:00Z", "count": 3}
    assert props[1] == {"naive": None, "aware": None, "count": None}
