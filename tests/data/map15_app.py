"""A minimal Streamlit page wiring the issue-15 layers the way the dashboard will:
`geo.overlays.decorate_base_map` on the base map, `geo.overlays.date_layers` through
st_folium's feature_group_to_add, a date slider that changes who holds what.
Invented holders over real Ukrainian coordinates. Run by tests/test_map15_streamlit.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.mapcontrols import data_bounds  # noqa: E402
from geo.offline import prepare_assets  # noqa: E402
from geo.overlays import date_layers, decorate_base_map  # noqa: E402

PLACES = [("Kharkiv", 36.23, 49.99), ("Izium", 37.26, 49.21), ("Kupiansk", 37.61, 49.71), ("Chuhuiv", 36.69, 49.84),
          ("Balakliia", 36.86, 49.46), ("Lyman", 37.80, 48.99), ("Sloviansk", 37.62, 48.85),
          ("Kramatorsk", 37.56, 48.72), ("Bakhmut", 38.00, 48.59), ("Lozova", 36.32, 48.89)]
COLORS = {"Group A": "#1b9e77", "Group B": "#d95f02"}

st.set_page_config(layout="wide")
# the timeline axis: a 10-month range, so month ticks, each with its year
from datetime import date  # noqa: E402

from geo.timeaxis import vega_axis  # noqa: E402

st.vega_lite_chart({"height": 80, "data": {"values": [{"day": "2016-11-20T00:00:00", "n": 1},
                                                      {"day": "2017-08-30T00:00:00", "n": 2}]},
                    "mark": "bar", "encoding": {
                        "x": {"field": "day", "type": "temporal", "axis": vega_axis(date(2016, 11, 20), date(2017, 8, 30))},
                        "y": {"field": "n", "type": "quantitative"}}}, use_container_width=True)
step = st.slider("Step", 0, 3, 0, key="step")
holders = ["Group A" if (i + step) % 3 else "Group B" for i in range(len(PLACES))]
snapshot = gpd.GeoDataFrame(
    {"place": [p[0] for p in PLACES], "controller": holders, "contested": [i == 2 for i in range(len(PLACES))],
     "changed_in_window": [i == step for i in range(len(PLACES))], "event_ids": [["e"]] * len(PLACES)},
    geometry=[shapely.Point(p[1], p[2]) for p in PLACES], crs="EPSG:4326")
flows = gpd.GeoDataFrame({"origin": ["Izium", "Bakhmut"], "destination": ["Kharkiv", None], "magnitude": [12000, 800],
                          "direction": [None, "from"]},
                         geometry=[shapely.LineString([(37.26, 49.21), (36.23, 49.99)]), shapely.Point(38.0, 48.59)],
                         crs="EPSG:4326")
bounds = data_bounds([p[1] for p in PLACES], [p[2] for p in PLACES])
assets = prepare_assets(None)
m = folium.Map(location=[20, 0], zoom_start=2, tiles=None)
m.default_js = [("leaflet", assets.leaflet_js)]
m.default_css = [("leaflet_css", assets.leaflet_css)]
decorate_base_map(m, bounds, COLORS)
st_folium(m, key="map", height=700, use_container_width=True, returned_objects=[],
          feature_group_to_add=date_layers(snapshot, flows, COLORS, bounds=bounds))
