"""Offline basemap detail: admin-1 borders, major rivers and populated-place labels.

The files in ``geo/data/`` (built by ``scripts/build_basemap_detail.py``; sources and
licences in ``geo/data/README.md``) cover the world; only the part around the data is
sent to the browser (`basemap_layers(bounds)`), so the payload stays small whatever the
war. Nothing is fetched at run time.

    >>> bounds = ((35.0, 36.0), (37.0, 40.0))  # (south, west), (north, east)
    >>> len(lines_in("admin1", bounds)) > 0 and len(lines_in("rivers", bounds)) > 0
    True
    >>> "Aleppo" in set(places_in(bounds)["text"])
    True
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import shapely

from geo.labels import label_layer
from geo.leaflet import FeatureGroup, StyledGeoJson

DATA = Path(__file__).parent / "data"
LINE_FILES = {"admin1": DATA / "ne_10m_admin1_lines.npz", "rivers": DATA / "rivers_major.npz"}
PLACES_FILE = DATA / "places_50k.csv.gz"
#: Degrees added around the data bounds before cutting the basemap detail.
PAD_DEG = 2.0
STYLES = {
    "admin1": {"color": "#8d8d8d", "weight": 0.8, "dashArray": "4 3", "opacity": 0.9,
               "className": "cm-basemap cm-admin1"},
    "rivers": {"color": "#6fa8dc", "weight": 1.2, "opacity": 0.9, "className": "cm-basemap cm-river"},
}


@cache
def load_lines(kind: str) -> tuple[np.ndarray, shapely.STRtree]:
    """All lines of `kind` ("admin1" or "rivers") as shapely LineStrings, with a search tree."""
    with np.load(LINE_FILES[kind]) as z:
        xy, starts = z["xy"].astype(np.float64) / 100.0, z["starts"]
    index = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(xy))))
    lines = shapely.linestrings(xy, indices=index)
    return lines, shapely.STRtree(lines)


def _box(bounds, pad: float) -> shapely.Polygon:
    (s, w), (n, e) = bounds
    return shapely.box(w - pad, max(s - pad, -90), e + pad, min(n + pad, 90))


def lines_in(kind: str, bounds, pad: float = PAD_DEG) -> np.ndarray:
    """The lines of `kind` within `bounds` ((south, west), (north, east)) plus `pad` degrees, cut to that box."""
    lines, tree = load_lines(kind)
    box = _box(bounds, pad)
    hits = lines[tree.query(box, predicate="intersects")]
    parts = shapely.get_parts(shapely.intersection(hits, box))
    return parts[shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING]


@lru_cache(maxsize=1)
def load_places() -> pd.DataFrame:
    """Populated places (GeoNames, >= 50k inhabitants): name, lon, lat, population, country."""
    return pd.read_csv(PLACES_FILE, keep_default_na=False, dtype={"name": str, "country": str})


def places_in(bounds, pad: float = PAD_DEG, limit: int = 300) -> pd.DataFrame:
    """Label rows (lon, lat, text, priority, kind="basemap") for the `limit` most populous
    places in the padded bounds. Priorities are negative so that, thinned together with
    data labels (`geo.labels.place_priority`, always >= 0), every data label wins."""
    p = load_places()
    (s, w), (n, e) = bounds
    inside = p["lon"].between(w - pad, e + pad) & p["lat"].between(s - pad, n + pad)
    top = p[inside].nlargest(limit, "population")
    pop = top["population"].to_numpy(float)
    return pd.DataFrame({"lon": top["lon"].to_numpy(), "lat": top["lat"].to_numpy(), "text": top["name"].to_numpy(),
                         "priority": -1.0 + pop / (pop + 1e6), "kind": "basemap"})


def _lines_layer(kind: str, bounds, name: str) -> folium.FeatureGroup:
    group = FeatureGroup(name=name, control=False)
    geoms = lines_in(kind, bounds)
    if len(geoms):
        # the base map is drawn on every rerun: GEOS writes the JSON (no per-point Python)
        geometry = shapely.to_geojson(shapely.multilinestrings(geoms))
        StyledGeoJson('{"type":"Feature","properties":{"s":0},"geometry":' + geometry + "}", [STYLES[kind]],
                      interactive=False, smooth_factor=1.5).add_to(group)
    return group


def basemap_layers(bounds, *, place_labels: bool = True) -> list[folium.FeatureGroup]:
    """folium layers for the area around `bounds`: admin-1 borders (dashed grey, class
    ``cm-admin1``), rivers (blue, ``cm-river``) and, when `place_labels`, zoom-thinned
    populated-place labels (``cm-label-basemap``). Add them to the base map before the data
    layers. To thin place labels together with the data's labels instead, pass
    ``place_labels=False`` and concatenate `places_in(bounds)` with the data label rows
    for one `geo.labels.label_layer`."""
    layers = [_lines_layer("admin1", bounds, "Provinces"), _lines_layer("rivers", bounds, "Rivers")]
    if place_labels:
        layers.append(label_layer(places_in(bounds), name="Towns"))
    return layers
