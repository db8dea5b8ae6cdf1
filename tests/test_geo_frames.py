"""Events -> GeoDataFrame rows, flows per origin/destination pair, and event filters."""
from __future__ import annotations

import datetime

import pandas as pd

from gazetteer.records import Place
from geo.filters import filter_events
from geo.flows import aggregate_flows
from geo.frames import EVENT_COLUMNS, events_to_gdf
from tests.data.geo_builders import (
    EAST_PROVINCE,
    NEIGHBOUR,
    NORTH_TOWN,
    RIVER_TOWN,
    control,
    displacement,
)
from timeline.records import Article


def test_rows_geometries_and_direction_hints():
    events = [
        control("c", NORTH_TOWN, "2016-03-10", frm="Hill Army", to="Rebel Front"),
        displacement("both", NORTH_TOWN, EAST_PROVINCE, "2016-03-11", magnitude=300),
        displacement("out", RIVER_TOWN, None),
        displacement("in", None, NEIGHBOUR),
        displacement("nowhere", None, None),
    ]
    gdf = events_to_gdf(events)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    rows = gdf.set_index("event_id")
    assert "nowhere" not in rows.index                   # nothing to draw
    assert rows.loc["c", "geometry"].geom_type == "Point"
    assert (rows.loc["c", "geometry"].x, rows.loc["c", "geometry"].y) == (38.9, 36.5)   # lon, lat
    line = rows.loc["both", "geometry"]
    assert line.geom_type == "LineString"
    assert list(line.coords) == [(38.9, 36.5), (40.7, 36.4)]   # province end at its representative point
    assert rows.loc["both", "geo_precision"] == "admin1"
    assert rows.loc["both", "magnitude"] == 300
    assert (rows.loc["out", "direction"], rows.loc["out", "geometry"].x) == ("from", 40.4)
    assert (rows.loc["in", "direction"], rows.loc["in", "geo_precision"]) == ("to", "country")
    assert rows.loc["in", "start"] is None and rows.loc["in", "end"] is None   # undated stays undated
    assert rows.loc["c", "start"] == "2016-03-10T00:00:00Z"
    assert rows.loc["c", "end"] == "2016-03-10T23:59:59Z"


def test_partial_dates_cover_their_period_and_urls_come_from_articles():
    art = Article.from_text("Headline\nBody", url="https://example.org/a1")
    ev = control("m", NORTH_TOWN, "2017-07", precision="month", to="Rebel Front", articles=(art.id, "other"))
    row = events_to_gdf([ev], articles=[art]).iloc[0]
    assert (row["start"], row["end"]) == ("2017-07-01T00:00:00Z", "2017-07-31T23:59:59Z")
    assert row["source_urls"] == ["https://example.org/a1"]
    assert row["sources"] == 2


def test_bad_coordinates_cost_one_feature():
    broken = Place(name="Broken", lat=123.0, lon=10.0, geonameid=5)
    gdf = events_to_gdf([control("bad", broken, "2016-01-01", to="X"),
                         control("ok", NORTH_TOWN, "2016-01-01", to="X")])
    assert list(gdf["event_id"]) == ["ok"]


def test_flows_aggregate_per_pair_with_summed_known_magnitudes():
    events = [
        displacement("1", NORTH_TOWN, RIVER_TOWN, "2016-05-01", magnitude=120, group="civilians"),
        displacement("2", NORTH_TOWN, RIVER_TOWN, "2016-05-20", group="fighters' families",
                     text="dozens of families"),
        displacement("3", NORTH_TOWN, RIVER_TOWN, "2016-05-03", magnitude=30),
        displacement("4", RIVER_TOWN, NORTH_TOWN, "2016-05-04", magnitude=7),
        displacement("5", NORTH_TOWN, None, "2016-05-05", magnitude=40),
        displacement("6", NORTH_TOWN, RIVER_TOWN, "2016-09-01", magnitude=999),   # outside the window
        control("c", NORTH_TOWN, "2016-05-02", to="X"),                             # not a flow
    ]
    flows = aggregate_flows(events, start="2016-05-01", end="2016-05-31")
    by_pair = {(r.origin, r.destination): r for r in flows.itertuples()}
    assert set(by_pair) == {("Northtown", "Rivertown"), ("Rivertown", "Northtown"), ("Northtown", None)}
    main = by_pair[("Northtown", "Rivertown")]
    assert (main.magnitude, main.magnitude_known, main.count) == (150, 2, 3)
    assert main.groups == ["civilians", "fighters' families"]
    assert (main.first, main.last) == ("2016-05-01", "2016-05-20")
    assert main.geometry.geom_type == "LineString" and main.direction is None
    one_end = by_pair[("Northtown", None)]
    assert (one_end.geometry.geom_type, one_end.direction) == ("Point", "from")


def test_flows_without_known_magnitude_and_without_window_keep_undated_events():
    flows = aggregate_flows([displacement("u", RIVER_TOWN, NEIGHBOUR)])
    assert len(flows) == 1
    assert pd.isna(flows.iloc[0]["magnitude"])
    assert flows.iloc[0]["first"] is None
    assert aggregate_flows([displacement("u", RIVER_TOWN, NEIGHBOUR)], start="2016-01-01").empty


def test_filter_events_by_window_type_actor_status_sources():
    events = [
        control("a", NORTH_TOWN, "2016-03-10", frm="Hill Army", to="Rebel Front"),
        control("b", NORTH_TOWN, "2016", precision="year", to="Hill Army", status="historical",
                articles=("x", "y")),
        control("c", NORTH_TOWN, None, to="Third Party"),
        displacement("d", NORTH_TOWN, RIVER_TOWN, "2016-07-01", status="expected"),
    ]
    ids = lambda evs: evs["event_id"].tolist()  # noqa: E731
    assert ids(filter_events(events, start="2016-03-01", end=datetime.date(2016, 3, 31))) == ["a", "b"]
    assert ids(filter_events(events, start="2016-04")) == ["b", "d"]
    assert ids(filter_events(events, end="2015")) == []
    assert ids(filter_events(events, types="displacement")) == ["d"]
    assert ids(filter_events(events, actors=["hill army"])) == ["a", "b"]
    assert ids(filter_events(events, statuses="reported,expected")) == ["a", "c", "d"]
    assert ids(filter_events(events, min_sources=2)) == ["b"]
    assert ids(filter_events(events)) == ["a", "b", "c", "d"]


def test_a_point_the_text_placed_is_exported_and_drawn_as_approximate():
    from gazetteer.records import Mention
    from gazetteer.relative import place_near
    from geo.control import control_at
    from geo.mapview import actor_colors, place_features
    text = "Rebels took Tonenke, 6 km north of North Town."
    at = text.index("North Town")
    near = place_near("Tonenke", text, text.index(","), [Mention("North Town", at, at + 10, NORTH_TOWN, 0.9)])
    events = [control("a", near, "2016-03-10", to="Rebel Front"), control("b", NORTH_TOWN, "2016-03-10", to="Hill Army")]
    rows = events_to_gdf(events).set_index("event_id")
    assert list(rows["geo_precision"]) == ["near", "place"]
    assert 5.5 < (rows.loc["a", "geometry"].y - NORTH_TOWN.lat) * 111.2 < 6.5     # 6 km north
    snap = control_at(events, datetime.date(2016, 4, 1))
    assert len(snap) == 2                       # a place of its own, not the town it was put near
    layer = place_features(snap, actor_colors(["Rebel Front", "Hill Army"]))
    styles = {f["properties"]["n"]: layer.styles[f["properties"]["s"]] for f in layer.features}
    assert sorted(styles) == [NORTH_TOWN.name, "Tonenke (approximate location)"]
    assert styles["Tonenke (approximate location)"].get("dashArray") and not styles[NORTH_TOWN.name].get("dashArray")
