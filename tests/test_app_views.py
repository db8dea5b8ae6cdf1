"""The dashboard's view logic without Streamlit: map layers, escaping, history, clock, offline assets."""
from __future__ import annotations

import json
import re
from datetime import date

import geopandas as gpd
import pytest
import streamlit_folium
from shapely.geometry import LineString, Point

from gazetteer.records import Place
from geo import mapview
from geo.history import md_escape, place_history, safe_url
from geo.mapview import (
    DETAIL_LIMIT,
    actor_colors,
    base_map,
    clicked_row,
    data_layers,
    flow_features,
    layer_bytes,
    legend_html,
    place_bounds,
    place_features,
    safe_json,
)
from geo.offline import BASEMAP_FILE, load_basemap, prepare_assets
from geo.timewindow import daily_counts, date_span, step_date, window_bounds
from timeline.records import Article, Event

XSS_NAME = '<script>window.__xss=1</script>Fenwick'
XSS_EVIDENCE = 'Militia left <img src=x onerror="window.__xss=1"> the old mill & "the bridge".'


def snapshot(rows):
    return gpd.GeoDataFrame(
        {"place_key": [r[0] for r in rows], "place": [r[1] for r in rows],
         "controller": [r[2] for r in rows], "since": ["2021-03-05"] * len(rows),
         "contested": [r[3] for r in rows], "changed_in_window": [r[4] for r in rows],
         "last_event_id": [f"e{i}" for i in range(len(rows))]},
        geometry=[Point(38 + i, 34 + i) for i in range(len(rows))], crs="EPSG:4326")


def test_actor_colours_are_stable_and_distinct():
    a = actor_colors(["Blue Movement", "Red Coalition", None, "Green Assembly"])
    b = actor_colors(["Green Assembly", "Red Coalition", "Blue Movement"])
    assert a == b
    assert len(set(a.values())) == 3
    assert mapview.FLOW_COLOR not in a.values()


def test_place_layer_styles_contested_and_changed_places_apart():
    snap = snapshot([("k1", "Ashby", "Red Coalition", False, False),
                     ("k2", "Borton", "Red Coalition", True, False),
                     ("k3", "Colwick", "Blue Movement", False, True),
                     ("k4", "Dunmore", None, False, False)])
    layer = place_features(snap, actor_colors(["Red Coalition", "Blue Movement"]))
    styles = [layer.styles[f["properties"]["s"]] for f in layer.features]
    plain, contested, changed, unknown = styles
    assert contested.get("dashArray") and contested["fillColor"] == "#ffffff"
    assert changed["radius"] > plain["radius"] and changed["weight"] > plain["weight"]
    assert unknown["fillColor"] == mapview.UNKNOWN_COLOR
    assert plain["fillColor"] != changed["fillColor"]  # different controllers, different colours
    assert [f["properties"]["f"] for f in layer.features] == [0, 1, 2, 0]


def test_article_text_is_escaped_in_every_browser_string():
    snap = snapshot([("k1", XSS_NAME, "Red <b>Coalition</b>", False, True)])
    layer = place_features(snap, {"Red <b>Coalition</b>": "#123456"}, {"e0": (XSS_EVIDENCE, "<i>T</i>")})
    flows = gpd.GeoDataFrame({"origin": [XSS_NAME], "destination": ["Elm <svg onload=alert(1)>"],
                              "magnitude": [30], "groups": [["<b>families</b>"]], "count": [1],
                              "first": ["2021-06-18"], "last": ["2021-06-18"], "event_ids": [["f1"]]},
                             geometry=[LineString([(38, 34), (39, 35)])], crs="EPSG:4326")
    lines, heads = flow_features(flows, {"f1": (XSS_EVIDENCE, None)})
    blob = layer.to_json() + lines.to_json() + heads.to_json()
    assert "<" not in blob and ">" not in blob          # nothing can open a tag, even inside <script>
    decoded = json.loads(blob[: len(layer.to_json())])
    props = decoded["items"][0][2]
    assert props["n"] == "&lt;script&gt;window.__xss=1&lt;/script&gt;Fenwick"
    assert props["e"].startswith("Militia left &lt;img src=x onerror=&quot;")
    assert decoded["actors"] == ["Red &lt;b&gt;Coalition&lt;/b&gt;"]
    assert "&lt;" in legend_html({"<b>x</b>": "#000"}) and "<b>x</b>" not in legend_html({"<b>x</b>": "#000"})


def test_safe_json_cannot_close_a_script_tag():
    text = safe_json({"a": "</script><script>alert(1)</script>", "b": "\u2028"})
    assert "</" not in text and "\u2028" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script>"


def test_popups_quote_evidence_for_changed_places_first_within_the_budget():
    n = DETAIL_LIMIT + 50
    rows = [(f"k{i}", f"P{i}", "Red Coalition", False, i >= n - 10) for i in range(n)]
    ev = {f"e{i}": ("Some sentence.", None) for i in range(n)}
    layer = place_features(snapshot(rows), actor_colors(["Red Coalition"]), ev)
    quoted = [f["properties"]["r"] for f in layer.features if "e" in f["properties"]]
    assert len(quoted) == DETAIL_LIMIT
    assert set(range(n - 10, n)) <= set(quoted)   # every place that changed hands is quoted


def test_a_lookup_function_is_asked_only_about_the_quoted_features():
    n = DETAIL_LIMIT + 300
    rows = [(f"k{i}", f"P{i}", "Red Coalition", False, i % 7 == 0) for i in range(n)]
    asked = []

    def quote(event_id):
        asked.append(event_id)
        return None if event_id == "e0" else (f"Sentence <{event_id}>.", "Desk & wire")

    layer = place_features(snapshot(rows), actor_colors(["Red Coalition"]), quote)
    assert len(asked) == DETAIL_LIMIT                  # not one lookup per place
    props = {f["properties"]["r"]: f["properties"] for f in layer.features}
    assert "e" not in props[0]                         # nothing found: no quote, no error
    assert props[7]["e"] == "Sentence &lt;e7&gt;." and props[7]["o"] == "Desk &amp; wire"
    flows = gpd.GeoDataFrame({"origin": ["A"], "destination": ["B"], "magnitude": [5], "groups": [[]],
                              "count": [1], "first": [None], "last": [None], "event_ids": [["f1"]]},
                             geometry=[LineString([(38, 34), (40, 36)])], crs="EPSG:4326")
    lines, _ = flow_features(flows, quote)
    assert lines.features[0]["properties"]["e"] == "Sentence &lt;f1&gt;." and asked[-1] == "f1"


def test_place_bounds_cover_every_end_of_every_event():
    a = Place(name="West", lat=34.0, lon=36.5, geonameid=1)
    b = Place(name="North", lat=37.25, lon=39.0, geonameid=2)
    c = Place(name="South East", lat=32.5, lon=41.0, geonameid=3)
    evs = [Event(id="1", type="control_change", evidence=".", article_ids=("a",), place=a),
           Event(id="2", type="displacement", evidence=".", article_ids=("a",), origin=b, destination=c),
           Event(id="3", type="displacement", evidence=".", article_ids=("a",), origin=a)]
    assert place_bounds(evs) == ((32.5, 36.5), (37.25, 41.0))
    off_the_map = Place(name="Typo", lat=95.0, lon=36.0, geonameid=4)
    evs.append(Event(id="5", type="control_change", evidence=".", article_ids=("a",), place=off_the_map))
    assert place_bounds(evs) == ((32.5, 36.5), (37.25, 41.0))   # a bad record does not stretch the frame
    assert place_bounds([Event(id="4", type="displacement", evidence=".", article_ids=("a",))]) is None


def test_flows_have_width_by_magnitude_and_arrowheads():
    flows = gpd.GeoDataFrame(
        {"origin": ["A", "B", "C"], "destination": ["D", "E", None], "magnitude": [1000, 10, None],
         "groups": [["civilians"], [], []], "count": [3, 1, 1], "first": ["2021-01-01", None, None],
         "last": ["2021-01-05", None, None], "event_ids": [["x"], ["y"], ["z"]]},
        geometry=[LineString([(38, 34), (40, 36)]), LineString([(38, 34), (37, 33)]), Point(41, 35)],
        crs="EPSG:4326")
    lines, heads = flow_features(flows)
    widths = [lines.styles[f["properties"]["s"]]["weight"] for f in lines.features[:2]]
    assert widths[0] > widths[1]
    assert len(heads) == 2 and lines.features[2]["geometry"]["type"] == "Point"
    tip = heads.features[0]["geometry"]["coordinates"][0][0]
    assert tip == [40.0, 36.0]                      # the arrow points at the destination
    assert lines.features[0]["properties"]["w"] == "2021-01-01 – 2021-01-05"


def test_clicked_row_uses_tooltip_then_distance():
    snap = snapshot([("k1", "Ashby", "Red Coalition", False, False),
                     ("k2", "Borton", "Red Coalition", False, False)])
    layer = place_features(snap, actor_colors(["Red Coalition"]))
    assert clicked_row(layer, 35.0, 39.0) == 1
    assert clicked_row(layer, 35.0, 39.0, "Ashby · Red Coalition") == 0
    assert clicked_row(layer, 34.0, 38.0, "Nowhere · x") == 0


def test_streamlit_folium_gets_only_local_leaflet(tmp_path):
    assets = prepare_assets(tmp_path / "static")
    m = base_map(assets, ((34, 38), (36, 40)))
    snap = snapshot([("k1", "Ashby", "Red Coalition", False, False)])
    groups = data_layers(place_features(snap, actor_colors(["Red Coalition"])), flow_features(snap.iloc[0:0]))
    m.get_root().render()
    links = [href for el in [m] for _, href in el.default_js + el.default_css]
    assert links == ["/app/static/conflictmap/leaflet/leaflet.js", "/app/static/conflictmap/leaflet/leaflet.css"]
    for rel in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png", BASEMAP_FILE.name):
        assert (tmp_path / "static" / "conflictmap" / rel).stat().st_size > 0
    script = streamlit_folium._get_map_string(m)
    assert "http://" not in script and "https://" not in script
    fg = "".join(streamlit_folium._get_feature_group_string(g, m, i) for i, g in enumerate(groups))
    assert "Ashby" in fg and "map_div" in fg


def test_inline_assets_when_static_serving_is_off():
    assets = prepare_assets(None)
    assert assets.leaflet_js.startswith("data:text/javascript;base64,")
    assert json.loads(assets.basemap_inline)["type"] == "FeatureCollection"
    m = base_map(assets)
    m.get_root().render()
    assert "FeatureCollection" in streamlit_folium._get_map_string(m)


def test_online_tiles_only_when_asked(tmp_path):
    assets = prepare_assets(tmp_path)
    off, on = base_map(assets), base_map(assets, online_tiles=True)
    for m in (off, on):
        m.get_root().render()
    assert "tile.openstreetmap" not in streamlit_folium._get_map_string(off)
    assert "tile.openstreetmap" in streamlit_folium._get_map_string(on)


def test_basemap_is_light_and_covers_the_world():
    gdf = load_basemap()
    assert len(gdf) > 150 and gdf.crs.to_epsg() == 4326
    assert BASEMAP_FILE.stat().st_size < 400_000
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx < -170 and maxx > 170 and miny < -50 and maxy > 70


def test_payload_stays_small_for_many_places():
    rows = [(f"k{i}", f"Town {i:05d}", "Red Coalition", False, i % 10 == 0) for i in range(5000)]
    ev = {f"e{i}": ("A sentence of about a hundred characters that says who took the town and when it was.", "T")
          for i in range(5000)}
    layer = place_features(snapshot(rows), actor_colors(["Red Coalition"]), ev)
    assert layer_bytes(layer, flow_features(snapshot(rows).iloc[0:0])) < 1_000_000


# -- history --------------------------------------------------------------------------

def test_place_history_lists_events_with_sources_and_safe_links():
    town = Place(name="Kesterfield", lat=34.5, lon=38.5, geonameid=9100001)
    other = Place(name="Lowmarsh", lat=35.2, lon=39.6, geonameid=9100002)
    arts = {"a1": Article(id="a1", text=".", title="Blue Movement enters town", url="https://news.example/a1"),
            "a2": Article(id="a2", text=".", title="Evil", url="javascript:alert(1)")}
    evs = [Event(id="c1", type="control_change", evidence="The Blue Movement entered Kesterfield.",
                 article_ids=("a1", "a2"), date="2021-03-05", precision="day", place=town,
                 actor_from="Red Coalition", actor_to="Blue Movement"),
           Event(id="d1", type="displacement", evidence="Families fled Kesterfield for Lowmarsh.",
                 article_ids=("a1",), origin=town, destination=other, group="families", magnitude=300),
           Event(id="c2", type="control_change", evidence="Unrelated.", article_ids=("a1",),
                 date="2021-03-01", place=other, actor_to="Red Coalition")]
    h = place_history("gn:9100001", evs, arts)
    assert h.name == "Kesterfield"
    assert [e.event_id for e in h.entries] == ["c1", "d1"]   # dated first, undated last; not c2
    assert h.entries[0].sources == [("Blue Movement enters town", "https://news.example/a1"), ("Evil", None)]
    assert h.entries[1].when == "undated" and "300" in h.entries[1].summary


def test_md_escape_neutralises_markdown_and_html():
    out = md_escape("[click](javascript:alert(1)) <img src=x onerror=alert(1)> **b** :red[x] $x$")
    assert re.search(r"(?<!\\)[\[\]()<>*:$]", out) is None   # every markup character is escaped
    assert out.replace("\\", "") == "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **b** :red[x] $x$"
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    assert safe_url("data:text/html,<script>") is None and safe_url(None) is None
    assert safe_url("https://a.example/)![x](https://b.example/i.png") == (
        "https://a.example/%29!%5Bx%5D%28https://b.example/i.png")


# -- clock ----------------------------------------------------------------------------

@pytest.mark.parametrize("length,start", [("day", date(2021, 6, 30)), ("week", date(2021, 6, 24)),
                                          ("month", date(2021, 6, 1)), ("quarter", date(2021, 4, 1))])
def test_window_ends_on_the_selected_day(length, start):
    assert window_bounds(date(2021, 6, 30), length) == (start, date(2021, 6, 30))


def test_step_is_clamped_to_the_span():
    span = (date(2021, 1, 1), date(2021, 12, 31))
    assert step_date(date(2021, 12, 20), "month", 1, span) == date(2021, 12, 31)
    assert step_date(date(2021, 1, 5), "week", -1, span) == date(2021, 1, 1)
    assert step_date(date(2021, 6, 5), "week", 1, span) == date(2021, 6, 12)


def test_span_and_daily_counts_ignore_undated_events():
    mk = lambda i, d, t, p="day": Event(id=i, type=t, evidence=".", article_ids=("a",), date=d,  # noqa: E731
                                        precision=p if d else None)
    evs = [mk("1", "2021-02-03", "control_change"), mk("2", "2021-02-03", "displacement"),
           mk("3", "2021-05", "control_change", "month"), mk("4", None, "displacement")]
    assert date_span(evs) == (date(2021, 2, 3), date(2021, 5, 31))
    counts = daily_counts(evs)
    assert counts["events"].sum() == 3
    assert set(zip(counts["day"].dt.strftime("%Y-%m-%d"), counts["kind"])) == {
        ("2021-02-03", "control_change"), ("2021-02-03", "displacement"), ("2021-05-01", "control_change")}
    assert date_span([mk("4", None, "displacement")]) is None
