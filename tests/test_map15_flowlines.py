"""geo.flowlines: curved flow arrows with end markers and labels (issue 15)."""
import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.flowlines import CURVE_POINTS, OUTWARD_SHARE, flow_geometries, flow_layer, flow_weight


def _flows(rows):
    return gpd.GeoDataFrame(pd.DataFrame([r[:4] for r in rows], columns=["origin", "destination", "magnitude",
                                                                        "direction"]),
                            geometry=[r[4] for r in rows], crs="EPSG:4326")


TWO_ENDS = ("Town <A>", "Town B", 12000, None, shapely.LineString([(38.0, 35.9), (36.7, 36.2)]))
FROM_ONLY = ("Town C", None, None, "from", shapely.Point(39.0, 35.95))
TO_ONLY = (None, "Town D", 300, "to", shapely.Point(37.5, 34.8))


def _part(parts, flow, name):
    return parts[(parts["flow"] == flow) & (parts["part"] == name)].geometry.iloc[0]


def test_two_ended_flow_is_a_curve_with_head_at_destination_and_both_markers():
    parts = flow_geometries(_flows([TWO_ENDS]))
    shaft, head = _part(parts, 0, "shaft"), _part(parts, 0, "head")
    assert shapely.Point(shaft.coords[0]).distance(shapely.Point(38.0, 35.9)) < 1e-9
    assert head.is_valid and head.area > 0
    assert min(shapely.Point(c).distance(shapely.Point(36.7, 36.2)) for c in head.exterior.coords) < 1e-9
    chord = shapely.LineString([(38.0, 35.9), (36.7, 36.2)])
    assert max(chord.distance(shapely.Point(c)) for c in shaft.coords) > 0.05 * chord.length  # curved
    assert CURVE_POINTS // 2 <= len(shaft.coords) <= CURVE_POINTS
    assert _part(parts, 0, "origin").equals(shapely.Point(38.0, 35.9))
    assert _part(parts, 0, "destination").equals(shapely.Point(36.7, 36.2))
    assert parts.loc[parts["part"] == "label", "text"].tolist() == ["12,000"]


def test_origin_only_flow_points_away_from_the_data_not_a_ring():
    flows = _flows([TWO_ENDS, FROM_ONLY])
    parts = flow_geometries(flows)
    shaft = _part(parts, 1, "shaft")
    start, end = np.array(shaft.coords[0]), np.array(shaft.coords[-1])
    assert np.allclose(start, (39.0, 35.95))
    assert not shaft.is_ring and shapely.Point(start).distance(shapely.Point(end)) > 0.05
    w, s, e, n = flows.total_bounds
    centre = np.array([(w + e) / 2, (s + n) / 2])
    assert np.dot(end - start, start - centre) > 0  # outward
    kx = math.cos(math.radians(35.9))
    diag = math.hypot((e - w) * kx, n - s)
    tip = max(_part(parts, 1, "head").exterior.coords, key=lambda c: math.dist(c, start))
    assert abs(math.hypot((tip[0] - start[0]) * kx, tip[1] - start[1]) - OUTWARD_SHARE * diag) < 0.02 * diag
    assert set(parts.loc[parts["flow"] == 1, "part"]) == {"shaft", "head", "origin", "label"}


def test_destination_only_flow_arrives_at_its_destination():
    parts = flow_geometries(_flows([TWO_ENDS, TO_ONLY]))
    head = _part(parts, 1, "head")
    assert min(math.dist(c, (37.5, 34.8)) for c in head.exterior.coords) < 1e-9
    assert set(parts.loc[parts["flow"] == 1, "part"]) == {"shaft", "head", "destination", "label"}


def test_lone_one_ended_flow_still_visible():
    parts = flow_geometries(_flows([FROM_ONLY]))
    assert _part(parts, 0, "shaft").length > 0.03


def test_width_grows_with_log_magnitude():
    ws = [flow_weight(m) for m in (10, 100, 1000, 10000)]
    assert ws == sorted(ws) and len(set(np.round(np.diff(ws), 6))) == 1
    assert flow_weight(None) == flow_weight(pd.NA) == 2.0 and flow_weight(10**12) == 10.0


def test_layer_classes_and_escaping():
    m = folium.Map(tiles=None)
    flow_layer(_flows([TWO_ENDS, FROM_ONLY, TO_ONLY])).add_to(m)
    html = m.get_root().render()
    for cls in ("cm-flow-shaft", "cm-flow-head", "cm-flow-origin", "cm-flow-destination", "cm-label-flow-label"):
        assert cls in html
    # names travel as JSON with "<" escaped and are set with textContent in the browser
    assert "Town <A>" not in html and "Town \\u003cA\\u003e" in html and "textContent" in html
    assert "12,000" in html and ".cm-label-flow-label" in html


def test_a_missing_direction_read_as_nan_is_a_two_ended_flow():
    flows = _flows([TWO_ENDS, FROM_ONLY])
    flows["direction"] = [np.nan, "from"]  # as pandas stores a None beside strings built from a dict
    parts = flow_geometries(flows)
    assert set(parts.loc[parts["flow"] == 0, "part"]) == {"shaft", "head", "origin", "destination", "label"}
    assert _part(parts, 0, "destination").equals(shapely.Point(36.7, 36.2))


def test_empty():
    assert flow_geometries(_flows([])).empty
