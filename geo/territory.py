"""Approximate control areas ("territory") from the places held on a day.

Each held place gets the area closer to it than to any other held place (its Voronoi
cell, `shapely.voronoi_polygons`), cut to

* a distance limit: ``reach_km`` around the place (default 30 km, `DEFAULT_REACH_KM`),
  so a lone town in a desert does not colour half a country, and
* the country it lies in (the packaged Natural Earth 1:110m outlines, `geo.offline`),
  so an area never leaks across an international border or into the sea.

Cells are then dissolved by (holder, contested): one shape per holder, plus one per
holder for its contested places, which the map hatches. This is an *approximation*
made from where reports are, not a front line: the legend says so (see
`geo.legend.TERRITORY_NOTE`).

Geometry is computed in a local equirectangular plane (longitude scaled by the cosine
of the data's mean latitude, units of degrees of latitude), which is accurate to a few
per cent over a country-sized extent and needs no projection library. Cells depend only
on the set of places, not on who holds them, so they are cached per point set
(`_cells`): stepping the slider re-dissolves but does not re-tessellate.

    >>> rows = [(36.20, 37.15, "Group A", False), (36.30, 37.40, "Group A", False),
    ...         (36.90, 37.00, "Group B", True)]
    >>> terr = territory(rows)
    >>> sorted(zip(terr["holder"], terr["contested"]))
    [('Group A', False), ('Group B', True)]
    >>> bool(terr.geometry.is_valid.all()) and bool((shapely.area(terr.geometry.values) > 0).all())
    True
"""
from __future__ import annotations

import hashlib
import html
import math
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.leaflet import FeatureGroup, StyledGeoJson, VerbatimMacro, delta_polygons, safe_json
from timeline.frame import WGS84

#: Default distance limit around a held place, km: about a day's reach by road, and the
#: typical spacing of towns in the wars we map (20-40 km); beyond it nothing is shaded.
DEFAULT_REACH_KM = 30.0
#: Output simplification, degrees (~2 km): keeps the payload small (at 5,000 places a
#: fifth less than 0.01 with 0.001 rounding); the areas are approximate by design.
SIMPLIFY_DEG = 0.02
#: Output coordinates are rounded to this grid, degrees (~1 km), i.e. to PRECISION_DECIMALS places.
PRECISION_DEG = 0.01
PRECISION_DECIMALS = 2
KM_PER_DEG = 111.32
COLUMNS = ["holder", "contested", "places", "geometry"]
#: Colour of areas whose holder is not reported.
UNKNOWN_COLOR = "#9e9e9e"


def _as_frame(held) -> pd.DataFrame:
    """lon, lat, holder, contested columns from a (Geo)DataFrame or (lon, lat, holder, contested) rows.

    A GeoDataFrame may name the holder ``holder`` or ``controller`` (as
    `geo.control.control_at` does); points come from its geometry.
    """
    if isinstance(held, gpd.GeoDataFrame):
        holder_col = "holder" if "holder" in held.columns else "controller"
        # on arrays rather than GeoSeries accessors: the dashboard calls this on every slider step
        geoms = np.asarray(held.geometry.values)
        ok = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)  # points (missing: -1)
        contested = pd.Series(held["contested"].to_numpy(object)[ok]).fillna(False).astype(bool).to_numpy() \
            if "contested" in held.columns else False
        return pd.DataFrame({"lon": shapely.get_x(geoms[ok]), "lat": shapely.get_y(geoms[ok]),
                             "holder": held[holder_col].to_numpy(object)[ok], "contested": contested})
    rows = list(held)
    frame = pd.DataFrame(rows, columns=["lon", "lat", "holder", "contested"])
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    frame["contested"] = frame["contested"].fillna(False).astype(bool)
    return frame


@lru_cache(maxsize=1)
def _countries() -> tuple[np.ndarray, shapely.STRtree]:
    from geo.offline import load_basemap

    geoms = np.asarray(shapely.make_valid(load_basemap().geometry.to_numpy()))
    return geoms, shapely.STRtree(geoms)


def _country_of(points: np.ndarray, reach_deg: float) -> np.ndarray:
    """Index of the country each point lies in (the nearest within the reach when none), -1 if none."""
    geoms, tree = _countries()
    out = np.full(len(points), -1, dtype=np.int64)
    pi, ci = tree.query(points, predicate="intersects")
    out[pi] = ci  # a point on a shared border takes one of them
    lost = np.flatnonzero(out < 0)
    if len(lost):  # coastal towns just off the simplified outline
        pi, ci = tree.query_nearest(points[lost], max_distance=reach_deg)
        out[lost[pi]] = ci
    return out


@lru_cache(maxsize=16)
def _tessellation(coords: bytes, reach_km: float) -> tuple[np.ndarray, object]:
    """For distinct points (lon, lat float64 bytes): their Voronoi cells, in degrees, and
    the region they may colour: each country's part within the reach of its own points.

    Cells are clipped to the region here, once per point set, so that a slider step only
    dissolves (`shapely.coverage_union_all`, fast on an exact coverage). Clipping to the
    region is the same as clipping each cell to its own point's circle: a spot in cell i
    within the reach of any point j is at least as close to i, so it is within the reach
    of i too. Most cells (4,764 of 5,000 in bench/dashboard_speed.py) lie wholly inside the
    region and are kept as they are, so their shared edges still match exactly; only the
    others are cut (12 ms at 5,000 places, where cutting each group's union on every step
    was 55 ms of a 0.4 s step).
    """
    lonlat = np.frombuffer(coords, dtype=np.float64).reshape(-1, 2)
    reach_deg = reach_km / KM_PER_DEG
    kx = math.cos(math.radians(float(lonlat[:, 1].mean())))
    planar = shapely.points(lonlat[:, 0] * kx, lonlat[:, 1])
    circles = shapely.transform(shapely.buffer(planar, reach_deg, quad_segs=6), lambda xy: xy / np.array([kx, 1.0]))
    if len(lonlat) == 1:
        cells = circles.copy()
    else:
        frame = shapely.box(*shapely.total_bounds(planar)).buffer(2 * reach_deg)
        cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(planar), extend_to=frame, ordered=True))
        cells = shapely.transform(cells, lambda xy: xy / np.array([kx, 1.0]))
    country = _country_of(shapely.points(lonlat), reach_deg)
    geoms, _ = _countries()
    parts = []
    for c in np.unique(country):
        reach = shapely.union_all(circles[country == c])
        parts.append(reach if c < 0 else shapely.intersection(reach, geoms[c]))
    region = shapely.simplify(shapely.union_all(parts), SIMPLIFY_DEG / 2)
    shapely.prepare(region)
    cut = ~shapely.contains_properly(region, cells)
    cells = cells.copy()
    cells[cut] = shapely.intersection(cells[cut], region)
    return cells, region


def _union(parts: np.ndarray):
    """Dissolve Voronoi cells (an exact coverage: the fast union); an overlay union if GEOS disagrees."""
    if len(parts) == 1:
        return parts[0]
    try:
        return shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:
        return shapely.union_all(parts)


_AREAS: OrderedDict = OrderedDict()
_AREAS_MAX = 256


def _group_area(cells: np.ndarray, idx: np.ndarray, key: tuple):
    """One group's dissolved (cells come clipped), simplified and rounded area (None if empty),
    memoised on (point set, reach, holder, contested, members): a slider step recomputes
    only the groups whose members changed."""
    if key in _AREAS:
        _AREAS.move_to_end(key)
        return _AREAS[key]
    parts = cells[idx]
    parts = parts[~shapely.is_empty(parts)]  # cells wholly outside the region (at sea, say)
    area = _union(parts) if len(parts) else None
    if area is None or area.is_empty:
        area = None
    else:
        # for drawing only: plain simplification and rounding (set_precision's re-noding took
        # a third of the time and the browser does not need valid polygons, just small ones)
        area = shapely.simplify(area, SIMPLIFY_DEG, preserve_topology=False)
        # np.round to decimals gives the double nearest 38.66, which JSON writes as "38.66";
        # rounding as round(x / 0.01) * 0.01 wrote 38.660000000000004, a sixth of the layer's bytes
        area = shapely.transform(area, lambda xy: np.round(xy, PRECISION_DECIMALS))
        area = None if area.is_empty else area
    _AREAS[key] = area
    if len(_AREAS) > _AREAS_MAX:
        _AREAS.popitem(last=False)
    return area


def territory(held, *, reach_km: float = DEFAULT_REACH_KM, sites=None) -> gpd.GeoDataFrame:
    """Approximate control areas: one row per (holder, contested) with the dissolved cells.

    `held`: a GeoDataFrame of Point places with ``holder`` (or ``controller``) and
    ``contested`` columns (e.g. `geo.control.control_at(...)`), or an iterable of
    ``(lon, lat, holder, contested)`` rows. A holder of None means "held, holder not
    reported" and is kept as its own group. Places sharing a point count once (the first
    row's holder wins). Returns columns holder, contested, places (count), geometry
    (EPSG:4326, simplified to `SIMPLIFY_DEG` and rounded to `PRECISION_DEG`).

    Near a border the limit is "within reach of a held place of that country", so an
    area may reach a few km past a border where the neighbour has held places too.

    `sites` (a GeoDataFrame of Points, or an (n, 2) lon/lat array): the places the cells
    are drawn around, when not only the held ones: the dashboard passes every place its
    filtered data knows, so that the tessellation (about 0.2 s at 5,000 places) is the same
    from one slider step to the next; a place not held that day then keeps its own cell
    unshaded instead of lending it to a held neighbour.
    """
    frame = _as_frame(held)
    frame = frame[np.isfinite(frame["lon"]) & np.isfinite(frame["lat"])]
    frame = frame.drop_duplicates(["lon", "lat"]).reset_index(drop=True)
    if frame.empty:
        return gpd.GeoDataFrame({c: [] for c in COLUMNS[:-1]}, geometry=[], crs="EPSG:4326")
    coords, site_of = _sites(frame, sites)
    cells, _ = _tessellation(coords.tobytes(), float(reach_km))
    point_set = hashlib.blake2b(coords.tobytes(), digest_size=16).digest()
    rows = []
    groups = frame.groupby([frame["holder"].fillna("\0"), "contested"], sort=True).indices
    for (holder, contested), idx in groups.items():
        idx = site_of[idx]
        area = _group_area(cells, idx, (point_set, float(reach_km), holder, bool(contested),
                                                hashlib.blake2b(idx.tobytes(), digest_size=16).digest()))
        if area is not None:
            rows.append((None if holder == "\0" else holder, bool(contested), len(idx), area))
    out = gpd.GeoDataFrame(pd.DataFrame([r[:3] for r in rows], columns=COLUMNS[:3]),
                           geometry=[r[3] for r in rows], crs=WGS84)
    return out[~out.geometry.is_empty].reset_index(drop=True)


def _sites(frame: pd.DataFrame, sites) -> tuple[np.ndarray, np.ndarray]:
    """The distinct points to tessellate (lon, lat float64, C order) and, for each row of
    `frame`, the index of its point among them: `sites` first, then any held point they lack."""
    held = frame[["lon", "lat"]].to_numpy(np.float64)
    if sites is None:
        return np.ascontiguousarray(held), np.arange(len(held))
    known = _known_sites(sites)
    if known is not None:  # the dashboard's case: the same sites, every held place among them
        where = [known[1].get(xy, -1) for xy in zip(held[:, 0].tolist(), held[:, 1].tolist())]
        if -1 not in where:
            return known[0], np.asarray(where, dtype=np.int64)
    return _match_sites(held, sites)


def _match_sites(held: np.ndarray, sites) -> tuple[np.ndarray, np.ndarray]:
    """`_sites` with pandas indexes, for any `sites` and held points."""
    if isinstance(sites, gpd.GeoDataFrame):
        geom = sites.geometry
        geom = geom[geom.notna() & (geom.geom_type == "Point")]
        sites = np.column_stack([geom.x.to_numpy(float), geom.y.to_numpy(float)])
    both = pd.DataFrame(np.vstack([np.asarray(sites, np.float64).reshape(-1, 2), held]), columns=["lon", "lat"])
    both = both[np.isfinite(both.to_numpy()).all(axis=1)]
    points = both.drop_duplicates().reset_index(drop=True)
    where = pd.MultiIndex.from_frame(points).get_indexer(pd.MultiIndex.from_arrays([held[:, 0], held[:, 1]]))
    return np.ascontiguousarray(points.to_numpy(np.float64)), where


#: The distinct points of the last few `sites` frames, by identity (each entry keeps its
#: frame, so an id is not reused while cached): the dashboard passes the same frame on
#: every slider step, and matching 5,000 held places to its points with pandas indexes
#: was 9 ms of a step (bench/dashboard_speed.py).
_KNOWN_SITES: OrderedDict = OrderedDict()


def _known_sites(sites) -> tuple[np.ndarray, dict] | None:
    """(distinct points as `_sites` orders them, point -> its index) of a GeoDataFrame."""
    if not isinstance(sites, gpd.GeoDataFrame):
        return None
    hit = _KNOWN_SITES.get(id(sites))
    if hit is None or hit[0] is not sites:
        points, _ = _match_sites(np.zeros((0, 2)), sites)
        hit = (sites, points, dict(zip(zip(points[:, 0].tolist(), points[:, 1].tolist()), range(len(points)))))
        _KNOWN_SITES[id(sites)] = hit
        if len(_KNOWN_SITES) > 4:
            _KNOWN_SITES.popitem(last=False)
    return hit[1], hit[2]


# -- the folium layer ------------------------------------------------------------------

HATCH_ID = "cm-territory-hatch"


class _HatchPattern(VerbatimMacro):
    """An SVG <pattern> of diagonal stripes added to the map's overlay SVG once it exists,
    so contested areas can be filled with ``url(#cm-territory-hatch)``."""

    _template = folium.template.Template("""
    {% macro script(this, kwargs) %}
    (function () {
        var group = {{ this._parent.get_name() }};
        function addHatch(map) {
            var svg = map.getPanes().overlayPane.querySelector('svg');
            if (!svg || svg.querySelector('#{{ this.hatch_id }}')) { return; }
            var ns = svg.namespaceURI;  // the SVG namespace, without a URL in the page
            var defs = svg.querySelector('defs') || svg.insertBefore(document.createElementNS(ns, 'defs'), svg.firstChild);
            var p = document.createElementNS(ns, 'pattern');
            p.setAttribute('id', '{{ this.hatch_id }}'); p.setAttribute('patternUnits', 'userSpaceOnUse');
            p.setAttribute('width', '8'); p.setAttribute('height', '8');
            p.setAttribute('patternTransform', 'rotate(45)');
            var r = document.createElementNS(ns, 'rect');
            r.setAttribute('width', '3'); r.setAttribute('height', '8'); r.setAttribute('fill', '#333333');
            r.setAttribute('fill-opacity', '0.55');
            p.appendChild(r); defs.appendChild(p);
        }
        function watch(map) {
            if (!map || map._cmHatch) { return; }
            map._cmHatch = true;
            map.whenReady(function () { addHatch(map); });
            map.on('layeradd', function () { addHatch(map); });
        }
        watch(group._map);
        group.on('add', function () { watch(group._map); });
    })();
    {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "TerritoryHatch"
        self.hatch_id = HATCH_ID


#: Binds each area's ``tip`` (escaped in Python, see `territory_layer`) as its tooltip.
_HTML_TOOLTIP = """function (feature, layer) {
    if (feature.properties && feature.properties.tip) { layer.bindTooltip(feature.properties.tip, {sticky: true}); }
}"""

#: The stripes over contested areas let clicks and hovers through to the area below.
TERRITORY_CSS = """
.leaflet-pane > svg path.cm-territory-hatch { pointer-events: none !important; }
"""


def _feature(geometry: str, props: dict) -> str:
    return '{"type":"Feature","properties":' + safe_json(props) + ',"geometry":' + geometry + "}"


def holder_class(holder: str | None, colors: Mapping[str, str]) -> str:
    """The CSS class of a holder's areas: ``cm-territory-h<N>`` with N its index in `colors`."""
    keys = list(colors)
    return f"cm-territory-h{keys.index(holder)}" if holder in colors else "cm-territory-hx"


def territory_layer(terr: gpd.GeoDataFrame, colors: Mapping[str, str], *, name: str = "Territory (approximate)",
                    show: bool = True, opacity: float = 0.35) -> folium.FeatureGroup:
    """A folium FeatureGroup drawing `territory()` output: one fill colour per holder.

    Each area is a path of one `geo.leaflet.StyledGeoJson` with class ``cm-territory`` plus
    ``cm-territory-h<N>`` (`holder_class`) and, when contested, ``cm-territory-contested``;
    contested areas get a dashed outline and a second, striped fill (an SVG pattern, see
    `_HatchPattern`) over their holder's colour. A browser test can count fill colours with
    ``document.querySelectorAll('path.cm-territory')``. Holder names are escaped in tooltips.
    Put it in the map *below* the place markers (add it first) and add a LayerControl
    for the on/off toggle (`show` sets the initial state).
    """
    group = FeatureGroup(name=name, show=show)
    if terr is None or terr.empty:
        return group
    # one layer for every area (and the stripes over contested ones), each geometry as
    # integer deltas (`delta_polygons`): building dicts for json.dumps and folium.GeoJson's
    # per-feature style mapping took a tenth of a second a slider step, and plain GeoJSON
    # was 300 kB of bench/dashboard_speed.py's 1.18 MB a rerun
    features, styles = [], []
    for holder, contested, places, geom in zip(terr["holder"], terr["contested"], terr["places"], terr.geometry):
        color = colors.get(holder, UNKNOWN_COLOR) if holder is not None else UNKNOWN_COLOR
        classes = f"cm-territory {holder_class(holder, colors)}" + (" cm-territory-contested" if contested else "")
        label = html.escape(holder if holder is not None else "holder not reported")
        tip = f"{label}{' (contested)' if contested else ''}: area around {int(places)} place(s), approximate"
        geometry = delta_polygons(geom, PRECISION_DECIMALS)
        styles.append({"fillColor": color, "color": color, "weight": 1, "fillOpacity": opacity, "opacity": 0.6,
                       "className": classes, "dashArray": "4 3" if contested else None})
        features.append(_feature(geometry, {"s": len(styles) - 1, "tip": tip}))
        if contested:  # the stripes on top of the holder's colour (no pointer events, see TERRITORY_CSS)
            styles.append({"fillColor": f"url(#{HATCH_ID})", "fillOpacity": 1.0, "stroke": False,
                           "className": "cm-territory-hatch"})
            features.append(_feature(geometry, {"s": len(styles) - 1}))
    StyledGeoJson('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}", styles,
                  on_each_feature=_HTML_TOOLTIP).add_to(group)
    _HatchPattern().add_to(group)
    return group
