"""folium elements that render their scripts verbatim, and a GeoJSON layer styled by index.

folium's `MacroElement.render` wraps each rendered macro in a new `branca.Element`, which
compiles that text as a Jinja template. For a layer carrying a few hundred kB of features
that is a compile of the data on every rerun (about a fifth of a slider step on
bench/dashboard_speed.py's view, 55 compiles a step), and text such as ``{{`` in an
article would be read as Jinja. `VerbatimMacro` adds the rendered text as it is.

`StyledGeoJson` draws a FeatureCollection whose features carry ``properties.s``, an index
into a list of Leaflet path options, written once as compact JSON: folium.GeoJson calls
a style function and `json.dumps` per feature and writes a style switch listing every
feature id (a third of the flow layer's bytes).

    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> group = FeatureGroup(name="Areas").add_to(m)
    >>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"s": 0},
    ...       "geometry": {"type": "Point", "coordinates": [36.2, 35.1]}}]}
    >>> _ = StyledGeoJson(fc, [{"radius": 5, "className": "cm-x {{y}}"}]).add_to(group)
    >>> page = m.get_root().render()
    >>> "cm-x {{y}}" in page and "L.geoJson(" in page
    True
"""
from __future__ import annotations

import json

import folium
import numpy as np
import shapely
from branca.element import Element
from folium.template import Template


def safe_json(obj) -> str:
    """JSON that is also safe inside an HTML <script>: no raw <, >, & or line separators."""
    return (json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Verbatim(Element):
    """Text that renders as itself (no templating)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(folium.MacroElement):
    """A MacroElement whose rendered header, html and script go to the figure as they are
    (see the module doc), then its children render as usual."""

    def render(self, **kwargs):
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Verbatim(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class FeatureGroup(folium.FeatureGroup, VerbatimMacro):
    """folium's FeatureGroup, rendered verbatim (Layer.render's super() reaches VerbatimMacro)."""


class StyledGeoJson(VerbatimMacro):
    """A FeatureCollection drawn by L.geoJson, each feature styled by ``styles[properties.s]``;
    points become circle markers with that style. `on_each_feature`: JS source of an
    onEachFeature function (tooltips), or None; `interactive`: False lets the pointer through."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var styles = {{ this.styles }}, data = {{ this.data }};
            function style(f) { return styles[f.properties.s]; }
            function ring(r, scale) {  // integer deltas -> [lon, lat] pairs (see delta_polygons)
                var out = [], x = 0, y = 0;
                for (var i = 0; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; out.push([x / scale, y / scale]); }
                return out;
            }
            (data.features || [data]).forEach(function (f) {
                var g = f.geometry;
                if (g && g.type === "DeltaPolygons") {
                    f.geometry = {type: "MultiPolygon", coordinates: g.p.map(function (poly) {
                        return poly.map(function (r) { return ring(r, g.s); }); })};
                }
            });
            return L.geoJson(data, {style: style, interactive: {{ this.interactive }},
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, style(f)); }
                {%- if this.on_each_feature %}, onEachFeature: {{ this.on_each_feature }}{% endif %}
                {%- if this.smooth_factor %}, smoothFactor: {{ this.smooth_factor }}{% endif %}});
        })();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: dict | str, styles: list[dict], *, on_each_feature: str | None = None,
                 interactive: bool = True, smooth_factor: float | None = None):
        super().__init__()
        self._name = "StyledGeoJson"
        self.data = data if isinstance(data, str) else safe_json(data)
        self.styles = safe_json(styles)
        self.on_each_feature = on_each_feature
        self.interactive = "true" if interactive else "false"
        self.smooth_factor = smooth_factor


def delta_polygons(geom, decimals: int) -> str:
    """A (Multi)Polygon as the JSON text of a ``DeltaPolygons`` geometry, which
    `StyledGeoJson` turns back into a MultiPolygon in the browser: per polygon, per ring,
    a flat list of integers, the first vertex at 10**decimals scale and each next one as
    the difference from the one before. Coordinates already rounded to `decimals` come
    back exactly; the text is under half of GeoJSON's (the territory layer was a quarter
    of the map's bytes a rerun).

        >>> delta_polygons(shapely.box(36.0, 35.0, 36.5, 35.25), 2)
        '{"type":"DeltaPolygons","s":100,"p":[[[3650,3500,0,25,-50,0,0,-25,50,0]]]}'
    """
    scale = 10 ** decimals
    polygons = shapely.get_parts(geom)
    rings, of_polygon = shapely.get_rings(polygons, return_index=True)
    xy, of_ring = shapely.get_coordinates(rings, return_index=True)
    q = np.round(xy * scale).astype(np.int64)
    deltas = q.copy()
    deltas[1:] -= q[:-1]
    starts = np.flatnonzero(np.diff(of_ring, prepend=-1))  # each ring's first vertex: absolute
    deltas[starts] = q[starts]
    flat = np.split(deltas.ravel(), 2 * starts[1:])
    out: list[list] = [[] for _ in range(len(polygons))]
    for p, ring in zip(of_polygon.tolist(), flat):
        out[p].append(ring.tolist())
    return f'{{"type":"DeltaPolygons","s":{scale},"p":{json.dumps(out, separators=(",", ":"))}}}'
