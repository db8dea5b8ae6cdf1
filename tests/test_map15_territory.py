"""geo.territory: approximate control areas from held places (issue 15)."""
import math

import folium
import geopandas as gpd
import pytest
import shapely

from geo.offline import load_basemap
from geo.territory import DEFAULT_REACH_KM, KM_PER_DEG, territory, territory_layer

# invented holders over real coordinates (northern Syria, near the Turkish border and the coast)
ROWS = [
    (37.16, 36.20, "North Group", False),
    (37.40, 36.30, "North Group", False),
    (38.00, 36.50, "East Group", False),
    (38.20, 36.30, "East Group", True),
    (35.78, 35.52, "Coast Group", False),   # on the coast: must not colour the sea
]


def _country(name_part):
    world = load_basemap()
    return world[world["name"].str.contains(name_part)].geometry.union_all()


def test_one_area_per_holder_and_contested_flag():
    terr = territory(ROWS)
    assert sorted(zip(terr["holder"], terr["contested"])) == [
        ("Coast Group", False), ("East Group", False), ("East Group", True), ("North Group", False)]
    assert dict(zip(zip(terr["holder"], terr["contested"]), terr["places"]))[("North Group", False)] == 2
    assert terr.crs.to_epsg() == 4326
    assert (shapely.area(terr.geometry.values) > 0).all()


def test_areas_stay_within_reach_of_their_places():
    terr = territory(ROWS, reach_km=20)
    kx = math.cos(math.radians(36.0))
    for geom in terr.geometry:
        for x, y in shapely.get_coordinates(geom):
            d_km = min(math.hypot((x - lon) * kx, y - lat) for lon, lat, *_ in ROWS) * KM_PER_DEG
            assert d_km <= 20 * 1.06 + 2  # polygonised circle, simplification and rounding


def test_areas_stay_in_the_country_and_out_of_the_sea():
    terr = territory(ROWS)
    syria = _country("Syria")
    for geom in terr.geometry:
        outside = geom.difference(syria.buffer(0.02))
        assert outside.area <= 0.02 * geom.area, outside.area / geom.area
    coast = terr[terr["holder"] == "Coast Group"].geometry.iloc[0]
    reach_deg = DEFAULT_REACH_KM / KM_PER_DEG
    assert coast.area < 0.8 * math.pi * reach_deg ** 2 * math.cos(math.radians(35.5))  # the sea half is cut


def test_holders_change_without_new_points():
    flipped = [(x, y, "North Group", c) for x, y, _, c in ROWS]
    terr = territory(flipped)
    assert set(terr["holder"]) == {"North Group"}
    assert territory(ROWS)["holder"].nunique() == 3


def test_geodataframe_input_from_control_at_columns_and_unknown_holder():
    gdf = gpd.GeoDataFrame({"controller": ["A", None, "A"], "contested": [False, False, None]},
                           geometry=gpd.points_from_xy([37.16, 37.40, 38.0], [36.2, 36.3, 36.5]), crs="EPSG:4326")
    terr = territory(gdf)
    assert sorted(terr["holder"].fillna("?")) == ["?", "A"]


def test_empty_and_single_place():
    assert territory([]).empty
    one = territory([(37.16, 36.20, "A", False)])
    assert len(one) == 1 and one.geometry.iloc[0].area > 0


def test_folium_layer_one_fill_per_holder_escaped_and_hatched():
    rows = ROWS + [(37.6, 36.0, "<script>alert(1)</script>", False)]
    terr = territory(rows)
    colors = {"North Group": "#e41a1c", "East Group": "#377eb8", "Coast Group": "#4daf4a",
              "<script>alert(1)</script>": "#984ea3"}
    m = folium.Map(tiles=None)
    territory_layer(terr, colors).add_to(m)
    html = m.get_root().render()
    for i, color in enumerate(colors.values()):
        assert f"cm-territory-h{i}" in html and color in html
    assert "cm-territory-contested" in html and "url(#cm-territory-hatch)" in html
    assert "<script>alert(1)</script>" not in html
    # the tooltip text is HTML-escaped in Python; inside the layer's JSON the "&" may itself be
    # written as \u0026 (folium's HTML-safe JSON), which the browser's JSON parse turns back
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped in html or escaped.replace("&", "\\u0026") in html


@pytest.mark.parametrize("n", [300])
def test_many_places_tessellate_without_error(n):
    from geo.synthetic import ACTORS, synthetic_places

    places = synthetic_places(n, 3)
    terr = territory([(p.lon, p.lat, ACTORS[i % 3], i % 17 == 0) for i, p in enumerate(places)])
    assert set(terr["holder"]) == set(ACTORS[:3]) and terr["contested"].any()
