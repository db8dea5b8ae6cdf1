"""The dashboard's map: per-place control state and aggregated flows as light Leaflet
layers over an offline basemap, built with folium for streamlit-folium.

The map never draws one marker per raw event: it draws one feature per place (from
`geo.control.control_at`) and one arrow per origin -> destination pair (from
`geo.flows.aggregate_flows`), so it stays light as the store grows. Features go
to the browser as one GeoJSON blob per layer and are styled from their own
properties, which keeps the payload near 300 bytes a place.

Every string that comes from an article (names, evidence, titles) is HTML-escaped
here, before it reaches a popup or tooltip: article text is untrusted.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> snap = gpd.GeoDataFrame({"place": ["Town <A>"], "controller": ["Group B"],
    ...     "since": ["2017-10-14"], "contested": [False], "changed_in_window": [True]},
    ...     geometry=[Point(40.0, 35.0)], crs="EPSG:4326")
    >>> layer = place_features(snap, actor_colors(["Group B"]))
    >>> props = layer.features[0]["properties"]
    >>> props["n"], layer.actors[props["a"]], props["f"]   # escaped; flag 2: changed hands
    ('Town &lt;A&gt;', 'Group B', 2)
    >>> layer.styles[props["s"]]["weight"] > 1             # highlighted
    True
"""
from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import folium
import numpy as np
import pandas as pd
from folium.template import Template

from geo.filters import as_frame
from geo.leaflet import FeatureGroup, VerbatimMacro, safe_json
from geo.mapcontrols import FOCUS_ZOOM
from geo.offline import MapAssets
from geo.places import is_approximate, shown_name

#: One colour per actor, assigned in sorted order: distinct, colour-blind-aware
#: first (Okabe-Ito), then Tableau. No purple: purple is the flows' colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#8c564b",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39", "#1f77b4", "#ff7f0e")
UNKNOWN_COLOR = "#9e9e9e"
FLOW_COLOR = "#7b2cbf"
#: How much of an evidence sentence a popup shows; the full text is in the history panel.
POPUP_EVIDENCE_CHARS = 220


def esc(value) -> str:
    """HTML-escape anything for a popup, tooltip or table (None -> "")."""
    return html.escape("" if value is None else str(value), quote=True)


def actor_colors(actors: Iterable[str | None]) -> dict[str, str]:
    """actor -> colour, the same for the same set of actors wherever it is drawn."""
    names = sorted({a for a in actors if a})
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(names)}


def place_bounds(events) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) around every place the events put on the map
    (the frame's geometries: places, and both ends of a flow), None if none has a point."""
    geometry = as_frame(events).geometry
    west, south, east, north = geometry[geometry.notna()].total_bounds
    if not np.isfinite([west, south, east, north]).all():
        return None
    return (float(south), float(west)), (float(north), float(east))


#: Evidence for popups: event id -> (sentence, source title), as a mapping or a function
#: (a function is asked only about the features whose popups quote, see DETAIL_LIMIT).
EvidenceLookup = Mapping[str, tuple[str, str | None]] | Callable[[str], tuple[str, str | None] | None]


def _lookup(evidence: EvidenceLookup | None) -> Callable[[str], tuple[str, str | None] | None]:
    if evidence is None:
        return lambda _eid: None
    if isinstance(evidence, Mapping):
        return evidence.get
    return evidence


def legend_html(colors: Mapping[str, str]) -> str:
    """A compact HTML legend (escaped) for the actor colours and the marker styles."""
    def swatch(color: str, label: str, extra: str = "") -> str:
        return (f'<span style="display:inline-block;margin-right:12px;white-space:nowrap">'
                f'<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
                f'background:{color};vertical-align:middle;{extra}"></span> {esc(label)}</span>')

    parts = [swatch(c, a) for a, c in colors.items()]
    parts.append(swatch(UNKNOWN_COLOR, "controller unknown"))
    parts.append(swatch("#ffffff", "contested", "border:2px dashed #333;"))
    parts.append(swatch("#cccccc", "changed hands in window", "border:3px solid #000;"))
    parts.append(swatch("#cccccc", "approximate location", "opacity:0.5;border:1px dotted #333;"))
    parts.append(f'<span style="white-space:nowrap"><span style="display:inline-block;width:24px;'
                 f'height:4px;background:{FLOW_COLOR};vertical-align:middle"></span> displacement flow</span>')
    return '<div style="line-height:1.9">' + "".join(parts) + "</div>"


# -- features ---------------------------------------------------------------------

def _short(text: str | None, limit: int = POPUP_EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class LayerData:
    """The features of one map layer, in a compact form for the browser.

    Each feature's properties use short keys (the payload is per place, per rerun):
    ``r`` its row in the source frame (not sent to the browser), ``s`` an index into `styles`, and already
    HTML-escaped strings that the layer's JS joins into tooltip and popup:
    places ``n`` name, ``a`` index into `actors` (-1 unknown), ``d`` since, ``f``
    flags (1 contested, 2 changed in window), ``e``/``o`` evidence and its source;
    flows ``o``/``d`` ends, ``g`` who, ``m`` how many, ``c`` reports, ``w`` when,
    ``e``/``src`` evidence and its source.
    """

    def __init__(self, kind: str, actors: Iterable[str] = ()):
        self.kind = kind
        self.actors = list(actors)
        self._features: list = []  # dicts, or (make, args) until `features` is read (see add_lazy)
        self._lazy = False
        self._items: list[str | None] = []  # each feature's item as JSON when written already
        self.styles: list[dict] = []
        self._style_ids: dict[tuple, int] = {}
        self._same_object: dict[int, tuple[dict, int]] = {}  # id -> (the style, its index): kept alive

    def style_id(self, style: dict) -> int:
        seen = self._same_object.get(id(style))
        if seen is not None and seen[0] is style:  # the caller passes one dict per style: no sorting
            return seen[1]
        key = tuple(sorted(style.items()))  # style values are strings and numbers: hashable
        if key not in self._style_ids:
            self._style_ids[key] = len(self.styles)
            self.styles.append(style)
        self._same_object[id(style)] = (style, self._style_ids[key])
        return self._style_ids[key]

    def add(self, geometry: dict, style: dict, props: dict) -> None:
        self._features.append({"type": "Feature", "geometry": geometry,
                              "properties": {"s": self.style_id(style), **props}})
        self._items.append(None)

    def add_lazy(self, make: Callable[..., dict], args: tuple, item: str) -> None:
        """Add a feature with its item as JSON already written (`_item`'s form); the feature
        itself is made by ``make(*args)`` only if `features` is read (a click, a test)."""
        self._features.append((make, args))
        self._items.append(item)
        self._lazy = True

    @property
    def features(self) -> list[dict]:
        if self._lazy:
            self._features = [f if isinstance(f, dict) else f[0](*f[1]) for f in self._features]
            self._lazy = False
        return self._features

    def __len__(self) -> int:
        return len(self._features)

    def to_json(self) -> str:
        """The compact form the browser gets: ``items`` of [coordinates, style index, props]
        (GeoJSON's per-feature wrapping would be a third of the payload)."""
        items = [item if item is not None else _item(f) for f, item in zip(self._features, self._items)]
        head = safe_json({"kind": self.kind, "actors": [esc(a) for a in self.actors], "styles": self.styles})
        return head[:-1] + ',"items":[' + ",".join(items) + "]}"


def _item(feature: dict) -> str:
    """One feature as the browser gets it: [coordinates, style index, props] as safe JSON."""
    props = feature["properties"]
    # ``r`` stays here (clicks are matched in Python, `clicked_row`): 40 kB less a rerun
    return safe_json([feature["geometry"]["coordinates"], props["s"],
                      {k: v for k, v in props.items() if k != "s" and k != "r"}])


#: Popups quote evidence for at most this many features a layer (changed places and
#: the biggest flows first); the rest point to the history panel, so that the map
#: payload stays near 100 bytes a place however large the store grows.
DETAIL_LIMIT = 400


def _pt(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [round(x, 4), round(y, 4)]}


def _column(frame, *names: str) -> list:
    """A column as a plain list with missing values (None, NaN, pd.NA, NaT) as None, lists
    and arrays kept as values (first of `names` present). The test is pandas' own, over
    the whole column: asking per value cost a twentieth of a second a slider step."""
    for n in names:
        if n in frame.columns:
            values = frame[n].to_numpy(dtype=object).copy()
            values[frame[n].isna().to_numpy()] = None
            return values.tolist()
    return [None] * len(frame)


@lru_cache(maxsize=1 << 16)
def _esc_text(text: str) -> str:
    """`esc` of a string, memoised: the same place names are escaped on every slider step."""
    return html.escape(text, quote=True)


def _xy(frame) -> tuple[list, list]:
    """Representative x, y of each geometry (None where missing)."""
    import shapely

    geoms = frame.geometry.to_numpy()
    # points are their own representative point: only other geometries need one computed
    # (point_on_surface over 5,000 place points was a tenth of place_features' time)
    pts = geoms.copy()
    other = shapely.get_type_id(geoms) > 0
    if other.any():
        pts[other] = shapely.point_on_surface(geoms[other])
    xs, ys = shapely.get_x(pts).tolist(), shapely.get_y(pts).tolist()
    return ([None if math.isnan(x) else x for x in xs], [None if math.isnan(y) else y for y in ys])


def place_features(snapshot, colors: Mapping[str, str], evidence: EvidenceLookup | None = None) -> LayerData:
    """One Point feature per place of a control snapshot, styled by controller and escaped.

    `snapshot`: rows with place, controller, since, contested, changed_in_window,
    last_event_id and a Point geometry (what `geo.control.control_at` returns);
    `colors`: actor -> colour (see `actor_colors`); `evidence`: event id ->
    (sentence, source title), a mapping or a function, quoted in popups (see DETAIL_LIMIT).
    """
    quote = _lookup(evidence)
    layer = LayerData("place", colors.keys())
    actor_ix = {a: i for i, a in enumerate(layer.actors)}
    names, holders = _column(snapshot, "place", "name"), _column(snapshot, "controller")
    keys = snapshot["place_key"].tolist() if "place_key" in getattr(snapshot, "columns", ()) else [None] * len(names)
    approximate = [is_approximate(k) for k in keys]
    names = [shown_name(n, k) for n, k in zip(names, keys)]
    contested_col = [bool(v) for v in _column(snapshot, "contested")]
    changed_col = [bool(v) for v in _column(snapshot, "changed_in_window")]
    since_col, eid_col = _column(snapshot, "since"), _column(snapshot, "last_event_id")
    xs, ys = _xy(snapshot) if len(snapshot) else ([], [])
    # evidence for the places that changed hands first, then the others, up to the limit
    detailed = set(sorted(range(len(names)), key=lambda i: not changed_col[i])[:DETAIL_LIMIT])
    style_ix: dict[tuple, int] = {}  # a few distinct styles for thousands of places
    for i, name in enumerate(names):
        if xs[i] is None or ys[i] is None:
            continue
        controller, contested, changed = holders[i], contested_col[i], changed_col[i]
        key = (controller, contested, changed, approximate[i])
        if key not in style_ix:
            style_ix[key] = layer.style_id(_place_style(colors, *key))
        a = actor_ix.get(controller, -1) if controller else -1
        since = str(since_col[i])[:10] if since_col[i] else None
        found = quote(eid_col[i]) if i in detailed and eid_col[i] is not None else None
        if found:
            props = _place_props(i, name, a, contested, changed, since)
            sentence, source = found
            props["e"] = esc(_short(sentence))
            if source:
                props["o"] = esc(_short(source, 80))
            layer.add(_pt(xs[i], ys[i]), layer.styles[style_ix[key]], props)
        else:  # most places: the item written directly, the feature made only if asked for
            args = (i, name, xs[i], ys[i], a, contested, changed, since, style_ix[key])
            layer.add_lazy(_plain_feature, args, _plain_item(*args))
    return layer


def _place_props(i: int, name, a: int, contested: bool, changed: bool, since: str | None) -> dict:
    props = {"r": i, "n": _esc_text(str(name or "?")), "a": a, "f": int(contested) | (2 * int(changed))}
    if since:
        props["d"] = _esc_text(since)
    return props


def _plain_feature(i: int, name, x: float, y: float, a: int, contested: bool, changed: bool,
                   since: str | None, s: int) -> dict:
    return {"type": "Feature", "geometry": _pt(x, y), "properties": {"s": s, **_place_props(i, name, a, contested,
                                                                                          changed, since)}}


def _plain_item(i: int, name, x: float, y: float, a: int, contested: bool, changed: bool,
                since: str | None, s: int) -> str:
    """`_item` of `_plain_feature`, the same text written without json.dumps: building and
    encoding 5,000 feature dicts was 50 ms of a 0.4 s slider step (bench/dashboard_speed.py
    at 5,000 places; in its synthetic store two places in five change hands each month, so
    remembering features from step to step saved little). Floats print as json.dumps
    prints them (repr)."""
    d = ',"d":' + _json_text(_esc_text(since)) if since else ""
    return (f'[[{round(x, 4)!r},{round(y, 4)!r}],{s},{{"n":{_json_text(_esc_text(str(name or "?")))},'
            f'"a":{a},"f":{int(contested) | (2 * int(changed))}{d}}}]')


@lru_cache(maxsize=1 << 16)
def _json_text(text: str) -> str:
    """A string as safe JSON (`safe_json`), memoised: the same names on every step."""
    return safe_json(text)


def _place_style(colors: Mapping[str, str], controller, contested: bool, changed: bool,
                 approximate: bool = False) -> dict:
    """A place dot's Leaflet style: its holder's colour; hollow and dashed when contested;
    a thick dark ring and a bigger dot when it changed hands inside the window; faint with a
    dotted ring when its point is approximate (`geo.places.is_approximate`)."""
    color = colors.get(controller, UNKNOWN_COLOR) if controller else UNKNOWN_COLOR
    style = {"radius": 6, "color": "#333333", "weight": 1, "opacity": 0.9, "fillColor": color, "fillOpacity": 0.85}
    if contested:
        style.update(fillColor="#ffffff", fillOpacity=0.6, color=color if controller else "#333333",
                     weight=3, dashArray="3 3")
    if changed:
        style.update(radius=9, color="#000000", weight=3)
    if approximate:
        style.update(fillOpacity=0.45, opacity=0.7, dashArray="1 3")
    return style


def _arrowhead(x0: float, y0: float, x1: float, y1: float) -> list[list[float]] | None:
    """A small triangle at the destination end, pointing along origin -> destination."""
    k = math.cos(math.radians((y0 + y1) / 2)) or 1e-6  # degrees of lon are shorter away from the equator
    dx, dy = (x1 - x0) * k, y1 - y0
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    size = min(max(length * 0.15, 0.03), 0.4)
    ux, uy = dx / length, dy / length
    bx, by = -ux * size, -uy * size              # back from the tip
    px, py = -uy * size * 0.5, ux * size * 0.5   # half-width
    pts = [(0.0, 0.0), (bx + px, by + py), (bx - px, by - py), (0.0, 0.0)]
    return [[round(x1 + x / k, 4), round(y1 + y, 4)] for x, y in pts]


def _ends(frame) -> tuple[list, list, list, list, list]:
    """Per geometry: its type name and first/last vertex x, y (vectorised; shapely's
    per-geometry coordinate access is slow)."""
    import shapely

    geoms = frame.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms).tolist()
    is_line = shapely.get_type_id(geoms) == 1
    first = np.where(is_line, shapely.get_point(geoms, 0), geoms)
    last = np.where(is_line, shapely.get_point(geoms, -1), geoms)
    names = {0: "Point", 1: "LineString"}
    return ([names.get(k) for k in kinds], shapely.get_x(first).tolist(), shapely.get_y(first).tolist(),
            shapely.get_x(last).tolist(), shapely.get_y(last).tolist())


def flow_features(flows, evidence: EvidenceLookup | None = None) -> tuple[LayerData, LayerData]:
    """Aggregated flows as (lines, arrowheads): a line per origin -> destination pair,
    width by magnitude, a dashed ring at the known end when the other is unreported,
    and a non-interactive arrowhead at each destination.

    `flows`: rows with origin, destination, magnitude, groups, count, first, last,
    event_ids and a geometry (what `geo.flows.aggregate_flows` returns);
    `evidence`: event id -> (sentence, source title), a mapping or a function, quoted
    for the biggest flows.
    """
    quote = _lookup(evidence)
    lines, heads = LayerData("flow"), LayerData("arrowhead")
    if not len(flows):
        return lines, heads
    kinds, x0s, y0s, x1s, y1s = _ends(flows)
    origins, dests = _column(flows, "origin"), _column(flows, "destination")
    groups_col, counts = _column(flows, "groups", "group"), _column(flows, "count")
    firsts, lasts, ids_col = _column(flows, "first"), _column(flows, "last"), _column(flows, "event_ids")
    mags = [float(m or 0) for m in _column(flows, "magnitude")]
    top = max(mags, default=0) or 1.0
    detailed = set(sorted(range(len(mags)), key=lambda i: -mags[i])[:DETAIL_LIMIT])
    for i, kind in enumerate(kinds):
        if kind is None:
            continue
        mag, groups = mags[i], groups_col[i]
        if isinstance(groups, (list, tuple, set, np.ndarray)):
            groups = ", ".join(str(g) for g in groups if g)
        first, last = firsts[i], lasts[i]
        props = {"r": i, "o": esc(origins[i] or "unreported place"),
                 "d": esc(dests[i] or "unreported place"),
                 "g": esc(groups or "not stated"), "m": esc(int(mag)) if mag else "not stated",
                 "c": int(counts[i] or 0),
                 "w": esc((first if first == last else f"{first} – {last}") if first else "undated")}
        ids = list(ids_col[i]) if ids_col[i] is not None else []
        found = quote(ids[0]) if i in detailed and ids else None
        if found:
            sentence, source = found
            props["e"] = esc(_short(sentence))
            if source:
                props["src"] = esc(_short(source, 80))
        weight = round(2 + 10 * math.sqrt(mag / top), 0) if mag else 2
        x0, y0, x1, y1 = x0s[i], y0s[i], x1s[i], y1s[i]
        if kind == "Point":  # one end unreported: a dashed ring at the end we know
            lines.add(_pt(x0, y0), {"radius": 4 + weight, "color": FLOW_COLOR, "weight": 2,
                                    "fill": False, "dashArray": "2 4"}, props)
            continue
        lines.add({"type": "LineString", "coordinates": [[round(x0, 4), round(y0, 4)],
                                                         [round(x1, 4), round(y1, 4)]]},
                  {"color": FLOW_COLOR, "weight": weight, "opacity": 0.75}, props)
        head = _arrowhead(x0, y0, x1, y1)
        if head:
            heads.add({"type": "Polygon", "coordinates": [head]},
                      {"color": FLOW_COLOR, "weight": 1, "fillColor": FLOW_COLOR, "fillOpacity": 0.9}, {})
    return lines, heads


# -- Leaflet elements -------------------------------------------------------------

class FeatureLayer(VerbatimMacro):
    """A `LayerData` drawn by Leaflet: circle markers, lines and polygons styled by index,
    tooltip and popup joined from the items' pre-escaped strings (so nothing unescaped
    reaches innerHTML).

    Kept instead of `folium.GeoJson` with `GeoJsonTooltip`/`GeoJsonPopup` for the payload:
    on bench/dashboard_speed.py's view (5,000 places) folium.GeoJson sent 1.42 MB for the
    places alone (per-feature GeoJSON wrapping, properties and a style switch per feature
    id), this layer 0.40 MB; the budget is 1 MB a rerun for places and flows together.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var layer = {{ this.data }};
            var actors = layer.actors, styles = layer.styles;
            function quote(e, src) {
                return e ? "<div style='margin-top:4px'>\u201c" + e + "\u201d"
                    + (src ? " <span style='color:#666'>(" + src + ")</span>" : "") + "</div>" : "";
            }
            function texts(p) {
                if (layer.kind === "place") {
                    var holder = p.a >= 0 ? actors[p.a] : "unknown";
                    return [p.n + " \u00b7 " + holder,
                        "<b>" + p.n + "</b><br>Held by: <b>" + holder + "</b>" + (p.d ? " since " + p.d : "")
                        + (p.f & 1 ? "<br><i>contested</i>" : "")
                        + (p.f & 2 ? "<br><i>changed hands in this window</i>" : "")
                        + quote(p.e, p.o)
                        + "<br><span style='color:#666;font-size:90%'>Its full history is beside the map.</span>"];
                }
                if (layer.kind === "flow") {
                    var ends = p.o + " \u2192 " + p.d;
                    return [ends + (p.c ? " (" + p.m + ")" : ""),
                        "<b>" + ends + "</b><br>Who: " + p.g + "<br>How many: " + p.m
                        + " (" + p.c + (p.c === 1 ? " report" : " reports") + ")<br>When: " + p.w
                        + quote(p.e, p.src)];
                }
                return [null, null];
            }
            function latlngs(c) { return c.map(function (q) { return [q[1], q[0]]; }); }
            var group = L.featureGroup();
            layer.items.forEach(function (item) {
                var c = item[0], options = L.extend({}, styles[item[1]]), l;
                options.cmKind = layer.kind;
                if (layer.kind === "arrowhead") { options.interactive = false; }
                if (typeof c[0] === "number") { l = L.circleMarker([c[1], c[0]], options); }
                else if (typeof c[0][0] === "number") { l = L.polyline(latlngs(c), options); }
                else { l = L.polygon(latlngs(c[0]), options); }
                var t = texts(item[2]);
                if (layer.kind === "place") {  // selecting a place zooms to it (never out)
                    l.on("click", function () {
                        var m = l._map;
                        if (m) { m.setView(l.getLatLng(), Math.max(m.getZoom(), {{ this.focus_zoom }})); }
                    });
                }
                if (t[0]) { l.bindTooltip(t[0]); }
                if (t[1]) { l.bindPopup(t[1], {maxWidth: 380}); }
                group.addLayer(l);
            });
            return group;
        })();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, layer: LayerData):
        super().__init__()
        self._name = "FeatureLayer"
        self.data = layer.to_json()
        self.focus_zoom = FOCUS_ZOOM


class OfflineBasemap(VerbatimMacro):
    """Country boundaries in their own low pane, fetched from the app's static files
    (or inlined), so the map has a backdrop with no tile server."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>.leaflet-container { background: #dbe7f0; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane("basemap")) {
                map.createPane("basemap");
                map.getPane("basemap").style.zIndex = 250;
            }
            function draw(data) {
                L.geoJson(data, {pane: "basemap", interactive: false,
                    style: {color: "#8a8a8a", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1}}).addTo(map);
            }
            {% if this.url %}
            fetch({{ this.url }}).then(function (r) { return r.json(); }).then(draw)
                .catch(function (e) { console.warn("conflictmap: basemap not loaded", e); });
            {% else %}
            draw({{ this.inline }});
            {% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, assets: MapAssets):
        super().__init__()
        self._name = "OfflineBasemap"
        self.url = json.dumps(assets.basemap_url) if assets.basemap_url else None
        self.inline = assets.basemap_inline


class StableFocus(VerbatimMacro):
    """Leaflet focuses the map on mousedown; inside Streamlit's iframe a map that is
    partly scrolled out of view then scrolls the page, the marker moves from under
    the pointer and the click is lost. Focus without scrolling instead."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (!map.keyboard) { return; }
            map.keyboard.disable();
            map.keyboard._onMouseDown = function () {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            map.keyboard.enable();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)


def base_map(assets: MapAssets, bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
             *, online_tiles: bool = False, canvas: bool = False) -> folium.Map:
    """The map frame: Leaflet from `assets`, the offline basemap, and OpenStreetMap
    tiles only when `online_tiles` (opt-in: tile requests reveal where one looks).

    `bounds` ((south, west), (north, east)) should be the extent of the whole store,
    not of the current view, so that the frame stays the same while the slider moves
    and streamlit-folium keeps the user's zoom.
    """
    m = folium.Map(location=[20, 0], zoom_start=2, tiles=None, prefer_canvas=canvas,
                   control_scale=True, world_copy_jump=True)
    # Only Leaflet itself, from the installed package: folium's jQuery/Bootstrap/
    # awesome-markers CDNs are not needed for circle markers and GeoJSON.
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    OfflineBasemap(assets).add_to(m)
    StableFocus().add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", opacity=0.7).add_to(m)
    if bounds:
        (s, w), (n, e) = bounds
        pad = 0.5
        m.fit_bounds([[s - pad, w - pad], [n + pad, e + pad]])
    return m


def data_layers(places: LayerData, flows: tuple[LayerData, LayerData]) -> list[folium.FeatureGroup]:
    """The per-rerun layers, for st_folium's `feature_group_to_add`: flows under places."""
    flow_group = FeatureGroup(name="Displacement flows")
    for layer in flows:
        FeatureLayer(layer).add_to(flow_group)
    place_group = FeatureGroup(name="Control")
    FeatureLayer(places).add_to(place_group)
    return [flow_group, place_group]


def layer_bytes(places: LayerData, flows: tuple[LayerData, LayerData]) -> int:
    """Bytes of feature data the map sends per rerun (what the speed budget counts)."""
    return sum(len(layer.to_json().encode("utf-8")) for layer in (places, *flows))


def clicked_row(places: LayerData, lat: float, lon: float, tooltip: str | None = None) -> int | None:
    """The snapshot row of the place a click hit: same tooltip text if given, nearest point.

    streamlit-folium reports a click as its lat/lng and the clicked layer's tooltip text.
    """
    best, best_d = None, math.inf
    for f in places.features:
        p = f["properties"]
        if tooltip is not None:
            holder = places.actors[p["a"]] if p["a"] >= 0 else "unknown"
            if f"{html.unescape(p['n'])} · {holder}" != tooltip.strip():
                continue
        x, y = f["geometry"]["coordinates"]
        d = (x - lon) ** 2 + (y - lat) ** 2
        if d < best_d:
            best, best_d = p["r"], d
    if best is None and tooltip is not None:
        return clicked_row(places, lat, lon)
    return best


# -- the dashboard's map, with issue 15's overlays ----------------------------------

def place_layer(places: LayerData) -> folium.FeatureGroup:
    """The place dots as one feature group (class-free, styled from `places`)."""
    group = FeatureGroup(name="Control")
    FeatureLayer(places).add_to(group)
    return group


def dashboard_map(assets: MapAssets, bounds, colors: Mapping[str, str], *, territory_on: bool = True,
                  online_tiles: bool = False, canvas: bool = False) -> folium.Map:
    """The base map the dashboard draws once per filter state: the frame (`base_map`) with
    `geo.overlays.decorate_base_map` (overlay CSS, admin-1 borders and rivers around
    `bounds`, the legend as a Leaflet control, fitting to `bounds`).

    `bounds` are those of the *filtered* data: the same filters give the same HTML, so
    streamlit-folium keeps the user's viewport while the slider moves, and re-fits when
    the filters change.
    """
    from geo.overlays import decorate_base_map

    m = base_map(assets, None, online_tiles=online_tiles, canvas=canvas)
    decorate_base_map(m, bounds, colors, territory_on=territory_on)
    return m


#: The map draws at most this many flows of a window, the largest first: more arrows than
#: this are unreadable and cost the step budget (bench/dashboard_speed.py); the summary
#: line says how many there are, and the exports hold them all.
MAP_FLOWS_MAX = 150


def largest_flows(flows, limit: int = MAP_FLOWS_MAX):
    """The `limit` largest flows (by number of people, then of reports), or all if fewer.

        >>> import pandas as pd
        >>> f = pd.DataFrame({"magnitude": [10, None, 300, 20], "count": [1, 5, 1, 2]})
        >>> largest_flows(f, 2)["magnitude"].tolist()
        [300.0, 20.0]
    """
    if flows is None or len(flows) <= limit:
        return flows
    mag = pd.to_numeric(flows["magnitude"], errors="coerce").fillna(0) if "magnitude" in flows else 0
    count = flows["count"] if "count" in flows else 0
    order = pd.DataFrame({"m": mag, "c": count}).sort_values(["m", "c"], ascending=False, kind="stable").index
    return flows.loc[order[:limit]]


def dashboard_layers(snapshot, flows, places: LayerData, colors: Mapping[str, str], *, bounds=None,
                     territory_on: bool = True, known_places=None) -> list[folium.FeatureGroup]:
    """The layers that change with the date, bottom to top: territory, flow arrows (both
    end markers, numbers), place dots, labels (`geo.overlays.date_layers`; `known_places`:
    every place of the filtered data, which keeps the label thinning the same from day to
    day). The dots are above the flows so that a click on a place that people fled from
    still picks the place; the arrow leaves the dot and shows beside it."""
    from geo.overlays import date_layers

    terr, flow_group, labels = date_layers(snapshot, largest_flows(flows), colors, bounds=bounds,
                                           territory_on=territory_on, places=known_places)
    return [terr, flow_group, place_layer(places), labels]
