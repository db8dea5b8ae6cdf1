"""Displacement flows drawn as curved arrows a reader sees at the zoom that fits the data.

Input is `geo.flows.aggregate_flows` output (one row per origin -> destination pair).
Each flow becomes, in geographic coordinates:

* a **shaft**: a quadratic Bezier from origin to the base of the head, bent to the
  left of the direction of travel by `BEND` of its length, `CURVE_POINTS` points;
* a **head**: a triangle at the destination pointing along the curve's last tangent;
* an **origin** and a **destination** marker point;
* a **label** point at the curve's middle with the number moved ("12,000") or "?"
  when no text gave one.

A flow with only an origin ("people left X for somewhere unreported") becomes an
*outward* arrow: from the origin away from the centre of the data, `OUTWARD_SHARE` of
the data's extent long, so it shows at the zoom that fits the data; only the origin
gets a marker. A flow with only a destination is the mirror image: an inward arrow
from outside ending at the destination. Never a ring.

Width is by magnitude on a log scale (`flow_weight`): 1.5 px + 1.5 px per factor of
ten, capped at 10 px; flows with no number are 2 px and dashed.

    >>> import geopandas as gpd, shapely
    >>> flows = gpd.GeoDataFrame({"origin": ["A", "C"], "destination": ["B", None],
    ...     "magnitude": [12000, None], "direction": [None, "from"], "count": [2, 1]},
    ...     geometry=[shapely.LineString([(38.0, 35.9), (36.7, 36.2)]), shapely.Point(39.0, 35.95)],
    ...     crs="EPSG:4326")
    >>> parts = flow_geometries(flows)
    >>> parts.groupby("flow")["part"].apply(sorted).tolist()
    [['destination', 'head', 'label', 'origin', 'shaft'], ['head', 'label', 'origin', 'shaft']]
    >>> parts.loc[parts["part"] == "label", "text"].tolist()
    ['12,000', '?']
"""
from __future__ import annotations

import math
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.headcss import HeadCss
from geo.labels import label_layer
from geo.leaflet import FeatureGroup, StyledGeoJson, safe_json
from timeline.frame import WGS84

#: Points along each curved shaft.
CURVE_POINTS = 16
#: Sideways offset of the Bezier control point, as a share of the flow's length.
BEND = 0.22
#: Length of a one-ended (outward/inward) arrow, as a share of the data extent's diagonal.
OUTWARD_SHARE = 0.12
#: Arrowhead length as a share of the extent's diagonal, and at most this share of the flow.
HEAD_SHARE, HEAD_MAX_OF_FLOW = 0.025, 0.35
#: Smallest extent diagonal assumed, degrees: one place alone still gets a visible arrow.
MIN_EXTENT_DEG = 0.5
FLOW_COLOR = "#1565c0"
PART_COLUMNS = ["flow", "part", "origin", "destination", "magnitude", "weight", "text", "geometry"]


def flow_weight(magnitude) -> float:
    """Line width in px: 1.5 + 1.5 * log10(magnitude), within 1.5..10; 2 when unknown.

    >>> [flow_weight(m) for m in (None, 1, 100, 12000, 10**9)]
    [2.0, 1.5, 4.5, 7.6, 10.0]
    """
    if magnitude is None or (isinstance(magnitude, float) and math.isnan(magnitude)) or magnitude is pd.NA:
        return 2.0
    return round(min(10.0, max(1.5, 1.5 + 1.5 * math.log10(max(float(magnitude), 1.0)))), 1)


def magnitude_text(magnitude) -> str:
    """'12,000' for a number, '?' when none was reported."""
    if magnitude is None or magnitude is pd.NA or (isinstance(magnitude, float) and math.isnan(magnitude)):
        return "?"
    return f"{int(magnitude):,}"


def _bezier(p0: np.ndarray, p1: np.ndarray, kx: float, n: int = CURVE_POINTS) -> np.ndarray:
    """Quadratic Bezier from p0 to p1 bent left, computed in the local plane (x scaled by kx)."""
    a, b = p0 * [kx, 1.0], p1 * [kx, 1.0]
    d = b - a
    ctrl = (a + b) / 2 + BEND * np.array([-d[1], d[0]])
    t = np.linspace(0.0, 1.0, n)[:, None]
    pts = (1 - t) ** 2 * a + 2 * (1 - t) * t * ctrl + t ** 2 * b
    return pts / [kx, 1.0]


def _head(curve: np.ndarray, kx: float, size: float) -> tuple[np.ndarray, shapely.Polygon]:
    """The curve cut where the head starts, and the head triangle (tip at the curve's end,
    pointing along the curve's last tangent, `size` long in degrees of latitude)."""
    plane = curve * [kx, 1.0]
    tip = plane[-1]
    u = tip - plane[-2]
    u = u / (np.hypot(*u) or 1.0)
    base = tip - u * size
    to_tip = np.hypot(*(tip - plane).T)
    shaft = np.vstack([plane[to_tip > size * 1.01], base])
    side = np.array([-u[1], u[0]]) * size * 0.55
    tri = np.array([tip, base + side, base - side, tip])
    return shaft / [kx, 1.0], shapely.Polygon(tri / [kx, 1.0])


def _extent(flows: gpd.GeoDataFrame, bounds) -> tuple[np.ndarray, float, float]:
    """Centre (lon, lat), extent diagonal (degrees of latitude) and the longitude scale."""
    if bounds is not None:
        (s, w), (n, e) = bounds
    else:
        w, s, e, n = flows.total_bounds
    kx = math.cos(math.radians((s + n) / 2))
    diag = max(math.hypot((e - w) * kx, n - s), MIN_EXTENT_DEG)
    return np.array([(w + e) / 2, (s + n) / 2]), diag, kx


def _one_ended(point: np.ndarray, centre: np.ndarray, diag: float, kx: float) -> np.ndarray:
    """The far end of an outward arrow from `point`: away from the centre of the data
    (north-east when the point is the centre), `OUTWARD_SHARE` of the extent long."""
    v = (point - centre) * [kx, 1.0]
    norm = math.hypot(*v)
    u = v / norm if norm > 1e-9 else np.array([math.sqrt(0.5), math.sqrt(0.5)])
    return point + u * OUTWARD_SHARE * diag / [kx, 1.0]


def flow_geometries(flows: gpd.GeoDataFrame, bounds=None) -> gpd.GeoDataFrame:
    """The drawable parts of every flow, one row per part (see the module doc).

    `bounds` ((south, west), (north, east)) is the extent the map fits, which sets the
    size of one-ended arrows and heads; default the flows' own bounds. Columns: flow
    (row number in `flows`), part (shaft, head, origin, destination, label), origin,
    destination, magnitude, weight (px), text (the label's words, unescaped), geometry.
    """
    if flows is None or flows.empty:
        return gpd.GeoDataFrame({c: [] for c in PART_COLUMNS[:-1]}, geometry=[], crs="EPSG:4326")
    centre, diag, kx = _extent(flows, bounds)
    rows = []
    for i, row in enumerate(flows.itertuples(index=False)):
        geom, direction = row.geometry, getattr(row, "direction", None)
        if geom is None or geom.is_empty:
            continue
        direction = direction if direction in ("from", "to") else None  # None/NaN: both ends known
        shaft, head, middle, start, end = _flow_shapes(geom.wkb, direction, tuple(centre.tolist()), diag, kx)
        mag = getattr(row, "magnitude", None)
        common = {"flow": i, "origin": row.origin, "destination": row.destination, "magnitude": mag,
                  "weight": flow_weight(mag)}
        rows += [{**common, "part": "shaft", "text": None, "geometry": shaft},
                 {**common, "part": "head", "text": None, "geometry": head},
                 {**common, "part": "label", "text": magnitude_text(mag), "geometry": middle}]
        if direction != "to":
            rows.append({**common, "part": "origin", "text": row.origin, "geometry": start})
        if direction != "from":
            rows.append({**common, "part": "destination", "text": row.destination, "geometry": end})
    frame = pd.DataFrame(rows, columns=PART_COLUMNS)
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=WGS84)


@lru_cache(maxsize=4096)
def _flow_shapes(wkb: bytes, direction: str | None, centre: tuple, diag: float, kx: float) -> tuple:
    """A flow's shaft, head, middle (for its number), start and end, memoised: they depend
    on its ends and the map's extent only, and the same pairs come back as the window
    slides (drawing 150 flows afresh was 40 ms of a 0.4 s slider step, bench/dashboard_speed.py)."""
    geom = shapely.from_wkb(wkb)
    if geom.geom_type == "LineString" and direction is None:
        (x0, y0), (x1, y1) = geom.coords[0], geom.coords[-1]
        start, end = np.array([x0, y0]), np.array([x1, y1])
    else:
        known = np.array(geom.coords[0] if geom.geom_type == "Point" else geom.coords[-1])
        far = _one_ended(known, np.array(centre), diag, kx)
        start, end = (far, known) if direction == "to" else (known, far)
    curve = _bezier(start, end, kx)
    length = math.hypot(*((end - start) * [kx, 1.0]))
    shaft, head = _head(curve, kx, min(HEAD_SHARE * diag, HEAD_MAX_OF_FLOW * length))
    return (shapely.LineString(shaft), head, shapely.Point(curve[len(curve) // 2]), shapely.Point(start),
            shapely.Point(end))


def _tip(row) -> str:
    """Plain text (set with textContent in the browser, never parsed as HTML)."""
    o = row.origin if isinstance(row.origin, str) else "somewhere not reported"
    d = row.destination if isinstance(row.destination, str) else "somewhere not reported"
    return f"{o} \u2192 {d}: {magnitude_text(row.magnitude)} people"


def _text_tooltips(tips: list[str]) -> str:
    """JS onEachFeature binding ``tips[properties.t]`` as a tooltip via textContent (no
    HTML parsing); the tips travel once, not once per part of a flow."""
    return """(function (tips) { return function (feature, layer) {
    var t = feature.properties.t;
    if (t !== undefined && tips[t]) {
        var span = document.createElement('span');
        span.textContent = tips[t];
        layer.bindTooltip(span, {sticky: true});
    }
}; })(""" + safe_json(tips) + ")"


def _style(color: str, part: str, weight: float, unknown: bool) -> dict:
    base = {"className": f"cm-flow cm-flow-{part}", "color": color}
    if part == "shaft":
        return {**base, "weight": weight, "opacity": 0.85, "lineCap": "round",
                "dashArray": "6 4" if unknown else None}
    if part == "head":
        return {**base, "weight": 1, "fillColor": color, "fillOpacity": 0.95}
    return {**base, "weight": 2, "radius": 5, "fillOpacity": 1.0,
            "fillColor": color if part == "destination" else "#ffffff"}


def _drawn_features(drawn: gpd.GeoDataFrame, color: str) -> tuple[str, list[dict], list[str]]:
    """The FeatureCollection text of the shafts, heads and end markers, their styles, and
    the tooltip texts (one a flow)."""
    # 1e-4 degrees (~10 m) is plenty for a drawing and halves the payload
    geoms = shapely.to_geojson(shapely.transform(drawn.geometry.to_numpy(), lambda xy: np.round(xy, 4))).tolist()
    styles: list[dict] = []
    style_ids: dict[tuple, int] = {}
    tips: list[str] = []
    tip_ids: dict[int, int] = {}
    features = []
    for row, geom in zip(drawn.itertuples(index=False), geoms):
        key = (row.part, float(row.weight), magnitude_text(row.magnitude) == "?")
        if key not in style_ids:
            style_ids[key] = len(styles)
            styles.append(_style(color, *key))
        if row.flow not in tip_ids:
            tip_ids[row.flow] = len(tips)
            tips.append(_tip(row))
        features.append(f'{{"type":"Feature","properties":{{"s":{style_ids[key]},"t":{tip_ids[row.flow]}}},'
                        f'"geometry":{geom}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}", styles, tips


def flow_layer(flows: gpd.GeoDataFrame, bounds=None, *, color: str = FLOW_COLOR,
               name: str = "Displacement flows") -> folium.FeatureGroup:
    """A folium FeatureGroup of curved flow arrows with end markers and number labels.

    One `geo.leaflet.StyledGeoJson` holds every shaft (class ``cm-flow-shaft``), head
    (``cm-flow-head``) and end marker (CircleMarkers ``cm-flow-origin``, hollow, and
    ``cm-flow-destination``, filled), so hundreds of flows stay one small layer; the
    numbers are zoom-thinned labels (``cm-label cm-flow-label``, `geo.labels`), the larger
    flows' first. Tooltips and labels are set as text (textContent), never as HTML.
    """
    group = FeatureGroup(name=name)
    parts = flow_geometries(flows, bounds)
    if parts.empty:
        return group
    data, styles, tips = _drawn_features(parts[parts["part"] != "label"], color)
    StyledGeoJson(data, styles, on_each_feature=_text_tooltips(tips)).add_to(group)
    labels = parts[parts["part"] == "label"]
    mags = pd.to_numeric(labels["magnitude"], errors="coerce").fillna(0).to_numpy(float)
    label_layer(pd.DataFrame({"lon": labels.geometry.x.to_numpy(), "lat": labels.geometry.y.to_numpy(),
                              "text": labels["text"].to_numpy(), "priority": mags, "kind": "flow-label"}),
                name="Flow numbers", into=group)
    HeadCss(FLOW_CSS, "cm_flow_css").add_to(group)
    return group


#: CSS for the number labels (added to the page header by `flow_layer`).
FLOW_CSS = """
.cm-label.cm-label-flow-label span { left: 0; top: 0; transform: translate(-50%, -50%); font-size: 11px;
  color: #0d47a1; background: rgba(255,255,255,.85); border-radius: 3px; padding: 0 3px; text-shadow: none; }
"""
