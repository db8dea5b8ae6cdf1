"""Map furniture that needs no page layout: a legend drawn as a Leaflet control over the
map, fitting the map to the data on load, and zooming to a selected place.

Viewport across reruns (how the dashboard keeps the user's zoom while the slider moves):
streamlit-folium re-creates the Leaflet map only when the *base* map's HTML changes;
layers passed as ``st_folium(m, feature_group_to_add=[...])`` are swapped in place. So
put `FitData` (with the bounds of the *filtered* data) and the legend on the base map
and everything that changes with the date in ``feature_group_to_add``: a slider step
keeps the viewport, a filter change (new bounds, new base map) re-fits. To zoom to a
selected place or history row without rebuilding the map, pass ``**focus_on(lat, lon)``
to ``st_folium`` (its ``center``/``zoom`` arguments move the live map); keep them in
``st.session_state`` and pass the map's returned ``center``/``zoom`` back on later runs
so a rerun does not jump back (`viewport_of`).

    >>> data_bounds([36.1, 38.2, float("nan")], [35.0, 36.5, 1.0])
    ((35.0, 36.1), (36.5, 38.2))
    >>> focus_on(36.2, 37.1)
    {'center': (36.2, 37.1), 'zoom': 10}
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping

import folium
import numpy as np

from geo.headcss import HeadCss
from geo.leaflet import VerbatimMacro

#: The note under the legend whenever territory is shown.
TERRITORY_NOTE = ("Shaded areas are approximate: the land nearest each held place, within "
                  "{reach:.0f} km, split halfway between places. Not a front line.")
#: Zoom used for a selected place, and the most `FitData` zooms in on a tiny extent.
FOCUS_ZOOM, FIT_MAX_ZOOM = 10, 10


def data_bounds(lons: Iterable[float], lats: Iterable[float]):
    """((south, west), (north, east)) of the finite points, None when there are none."""
    lon = np.asarray(list(lons), float)
    lat = np.asarray(list(lats), float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return None
    return (float(lat[ok].min()), float(lon[ok].min())), (float(lat[ok].max()), float(lon[ok].max()))


def geo_bounds(*frames):
    """((south, west), (north, east)) around GeoDataFrames/GeoSeries (e.g. the places and
    `geo.flowlines.flow_geometries`, so outward arrows are inside the fitted view); None if all empty."""
    boxes = [f.total_bounds for f in frames if f is not None and len(f) and not f.is_empty.all()]
    if not boxes:
        return None
    b = np.array(boxes)
    return (float(b[:, 1].min()), float(b[:, 0].min())), (float(b[:, 3].max()), float(b[:, 2].max()))


def focus_on(lat: float, lon: float, zoom: int = FOCUS_ZOOM) -> dict:
    """Keyword arguments for ``st_folium`` that move the live map to a place."""
    return {"center": (float(lat), float(lon)), "zoom": int(zoom)}


def viewport_of(returned: Mapping | None) -> dict:
    """``center``/``zoom`` keyword arguments from what ``st_folium`` returned ({} if none),
    to pass back on the next run so the view stays where the user left it."""
    if not returned:
        return {}
    c, z = returned.get("center"), returned.get("zoom")
    if not c or z is None:
        return {}
    return {"center": (float(c["lat"]), float(c["lng"])), "zoom": int(z)}


class FitData(VerbatimMacro):
    """Fit the map to `bounds` ((south, west), (north, east)) once it is drawn, with
    `padding_px` around and at most `max_zoom` (a single town is not shown at street
    level). Add to the base map; see the module doc for reruns."""

    _template = folium.template.Template("""
    {% macro script(this, kwargs) %}
    {{ this._parent.get_name() }}.fitBounds({{ this.bounds }}, {padding: [{{ this.padding }}, {{ this.padding }}],
        maxZoom: {{ this.max_zoom }}});
    {% endmacro %}
    """)

    def __init__(self, bounds, *, padding_px: int = 30, max_zoom: int = FIT_MAX_ZOOM):
        super().__init__()
        self._name = "FitData"
        (s, w), (n, e) = bounds
        self.bounds = json.dumps([[float(s), float(w)], [float(n), float(e)]])
        self.padding, self.max_zoom = int(padding_px), int(max_zoom)


def _swatch(kind: str, color: str) -> str:
    c = html.escape(color, quote=True)
    if kind == "line":
        return f'<i class="cm-legend-sw cm-legend-line" style="border-top-color:{c}"></i>'
    if kind == "hatch":
        return (f'<i class="cm-legend-sw cm-legend-hatch" style="background:repeating-linear-gradient('
                f'45deg,{c} 0 3px,#ffffff 3px 6px)"></i>')
    if kind == "dot":
        return f'<i class="cm-legend-sw cm-legend-dot" style="background:{c}"></i>'
    return f'<i class="cm-legend-sw cm-legend-area" style="background:{c}"></i>'


def legend_html(entries: Iterable[tuple[str, str, str]], *, title: str = "Legend", note: str | None = None) -> str:
    """The legend's inner HTML; entries are (label, colour, kind) with kind one of
    area, dot, line, hatch. Every label, colour and the note are escaped."""
    rows = "".join(f'<div class="cm-legend-row">{_swatch(kind, color)}<span>{html.escape(str(label))}</span></div>'
                   for label, color, kind in entries)
    foot = f'<div class="cm-legend-note">{html.escape(note)}</div>' if note else ""
    return f'<div class="cm-legend-title">{html.escape(title)}</div>{rows}{foot}'


def legend_entries(colors: Mapping[str, str], *, territory: bool = True, flows: bool = True,
                   flow_color: str = "#1565c0") -> list[tuple[str, str, str]]:
    """Standard entries: one per holder (an area when territory is on, else a dot), contested,
    and the flow arrow."""
    out = [(name, color, "area" if territory else "dot") for name, color in colors.items()]
    if territory:
        out.append(("contested (hatched)", "#555555", "hatch"))
    if flows:
        out.append(("people displaced (arrow width ~ log of number)", flow_color, "line"))
    return out


LEGEND_CSS = """
.cm-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px; max-width: 260px;
  font: 12px/1.35 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 45vh; overflow-y: auto; }
.cm-legend-title { font-weight: 600; margin-bottom: 3px; }
.cm-legend-row { display: flex; align-items: center; gap: 6px; }
.cm-legend-sw { display: inline-block; width: 14px; height: 10px; flex: none; opacity: .8; }
.cm-legend-dot { width: 10px; border-radius: 50%; }
.cm-legend-line { height: 0; border-top: 3px solid; }
.cm-legend-note { margin-top: 4px; color: #555; font-size: 11px; }
"""


class Legend(VerbatimMacro):
    """A legend as a Leaflet control (``L.control``) over the map at `position`.

    The HTML is built escaped in Python (`legend_html`) and handed to the browser as a
    JSON string assigned to innerHTML of the control's div (class ``cm-legend``)."""

    _template = folium.template.Template("""
    {% macro script(this, kwargs) %}
    (function () {
        var legend = L.control({position: {{ this.position }}});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'cm-legend leaflet-control');
            div.innerHTML = {{ this.html }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
    })();
    {% endmacro %}
    """)

    def __init__(self, entries: Iterable[tuple[str, str, str]], *, title: str = "Legend",
                 note: str | None = None, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.position = json.dumps(position)
        self.html = json.dumps(legend_html(entries, title=title, note=note)).replace("<", "\\u003c")
        HeadCss(LEGEND_CSS, "cm_legend_css").add_to(self)
