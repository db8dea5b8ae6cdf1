"""Issue 15's map layers in one call, in the order they stack, for the dashboard to add.

Two calls, matching how streamlit-folium redraws (see `geo.mapcontrols`):

* `decorate_base_map(m, bounds, colors)` once on the base map: the CSS every overlay
  needs (a ``feature_group_to_add`` layer's own header CSS never reaches the page, as
  streamlit-folium reads the header before it renders those layers), the offline
  basemap detail (admin-1 borders, rivers), the legend control with the "approximate"
  note, and fitting to `bounds`. Same inputs, same HTML: the viewport survives reruns.
* `date_layers(snapshot, flows, colors, ...)` on every rerun: territory (below), flows,
  then labels of held and changed places thinned together with town labels, as a list
  for ``st_folium(m, feature_group_to_add=...)``.

    >>> import folium, geopandas as gpd, shapely
    >>> snap = gpd.GeoDataFrame({"place": ["Town A", "Town B"], "controller": ["A", "B"],
    ...     "contested": [False, False], "changed_in_window": [True, False], "event_ids": [["e1"], ["e2"]]},
    ...     geometry=[shapely.Point(36.2, 36.2), shapely.Point(36.9, 36.4)], crs="EPSG:4326")
    >>> m = folium.Map(tiles=None)
    >>> decorate_base_map(m, ((36.2, 36.2), (36.4, 36.9)), {"A": "#e41a1c", "B": "#377eb8"})
    >>> [g.layer_name for g in date_layers(snap, None, {"A": "#e41a1c", "B": "#377eb8"})]
    ['Territory (approximate)', 'Displacement flows', 'Labels']
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.basemap import basemap_layers, places_in
from geo.flowlines import FLOW_COLOR, FLOW_CSS, flow_layer
from geo.headcss import HeadCss
from geo.labels import LABEL_CSS, label_layer, layered_minzoom, place_priority
from geo.mapcontrols import LEGEND_CSS, TERRITORY_NOTE, FitData, Legend, legend_entries
from geo.territory import DEFAULT_REACH_KM, TERRITORY_CSS, territory, territory_layer


def decorate_base_map(m: folium.Map, bounds, colors: Mapping[str, str], *, territory_on: bool = True,
                      flows_on: bool = True, reach_km: float = DEFAULT_REACH_KM) -> None:
    """Add the overlays' CSS, basemap detail around `bounds`, the legend and the fit to `m`.

    `bounds` ((south, west), (north, east)) are those of the *filtered* data (None: no
    basemap detail and no fit). Town labels are not added here: `date_layers` thins them
    together with the data's labels.
    """
    HeadCss(LABEL_CSS + FLOW_CSS + LEGEND_CSS + TERRITORY_CSS, "cm_overlay_css").add_to(m)
    if bounds is not None:
        for layer in basemap_layers(bounds, place_labels=False):
            layer.add_to(m)
        FitData(bounds).add_to(m)
    note = TERRITORY_NOTE.format(reach=reach_km) if territory_on else None
    Legend(legend_entries(colors, territory=territory_on, flows=flows_on, flow_color=FLOW_COLOR), note=note).add_to(m)


def place_labels(snapshot: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Label rows (lon, lat, text, priority, kind, shown) for the places of a
    `geo.control.control_at` snapshot, split for `geo.labels.layered_minzoom`:

    * top: the places that changed in the window, by number of reports;
    * base: every place of `places` (place_key, place, Point geometry: all the places
      the filtered data knows, whatever the day; default the snapshot's), in that order
      with equal priority, so the base rows (and their thinning, memoised) stay the same
      from one day to the next; only held places that did not change are drawn from it
      (``shown``): the others keep their room, and a changed place is drawn from top.
    """
    cols = ["lon", "lat", "text", "priority", "kind", "shown"]
    if snapshot is None or snapshot.empty:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=cols)
    pts = _points(snapshot)
    changed = pts["changed_in_window"].fillna(False).astype(bool).to_numpy() if "changed_in_window" in pts \
        else np.zeros(len(pts), bool)
    # reports of the changed places only: the others' are not used
    reports = np.array([len(ids) if isinstance(ids, (list, tuple)) else 0
                        for ids in pts["event_ids"].to_numpy(dtype=object)[changed]], dtype=float) \
        if "event_ids" in pts else np.zeros(int(changed.sum()))
    held = pts["controller"].notna().to_numpy() & ~changed
    universe = _points(places) if places is not None else pts
    shown = universe["place_key"].isin(pts["place_key"].to_numpy()[held]).to_numpy() if places is not None else held
    frame = (_base_rows(universe) if places is not None else _label_rows(universe)).assign(kind="held", shown=shown)
    top = _label_rows(pts[changed]).assign(
        priority=place_priority(n=int(changed.sum()), changed=np.ones(int(changed.sum())), weight=reports),
        kind="changed", shown=True)
    return frame.reset_index(drop=True), top.reset_index(drop=True)


def _points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    point = shapely.get_type_id(np.asarray(frame.geometry.values)) == 0  # missing: -1
    return frame if point.all() else frame[point]


#: `_label_rows` of the last few `places` frames, by identity (each entry keeps its frame):
#: the dashboard passes the same frame on every slider step (with `_points` it was 5 ms of a step).
_BASE_ROWS: OrderedDict = OrderedDict()


def _base_rows(universe: gpd.GeoDataFrame) -> pd.DataFrame:
    hit = _BASE_ROWS.get(id(universe))
    if hit is None or hit[0] is not universe:
        hit = (universe, _label_rows(universe))
        _BASE_ROWS[id(universe)] = hit
        if len(_BASE_ROWS) > 4:
            _BASE_ROWS.popitem(last=False)
    return hit[1]


def _label_rows(pts: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame({"lon": pts.geometry.x.to_numpy(), "lat": pts.geometry.y.to_numpy(),
                         "text": pts["place"].astype(str).to_numpy(), "priority": 0.5})


def labels_layer(snapshot: gpd.GeoDataFrame, bounds=None, *, town_labels: bool = True,
                 places: gpd.GeoDataFrame | None = None) -> folium.FeatureGroup:
    """Zoom-thinned labels: changed places first, then held places, then towns."""
    base, top = place_labels(snapshot, places)
    if town_labels and bounds is not None:
        base = pd.concat([base, places_in(bounds).assign(shown=True)], ignore_index=True)
    base_mz, top_mz = layered_minzoom(base, top)
    rows = pd.concat([base, top], ignore_index=True)
    minzoom = np.concatenate([base_mz, top_mz])
    keep = rows["shown"].astype(bool).to_numpy()
    return label_layer(rows[keep].reset_index(drop=True), minzoom=minzoom[keep])


def date_layers(snapshot: gpd.GeoDataFrame, flows: gpd.GeoDataFrame | None, colors: Mapping[str, str], *,
                bounds=None, territory_on: bool = True, town_labels: bool = True,
                reach_km: float = DEFAULT_REACH_KM, places: gpd.GeoDataFrame | None = None
                ) -> list[folium.FeatureGroup]:
    """The layers that change with the date, bottom to top: territory (empty group when
    off), flows (`flows` from `geo.flows.aggregate_flows`, may be None), labels (`places`:
    every place the filtered data knows, see `place_labels`)."""
    held = snapshot[snapshot["controller"].notna() | snapshot["contested"].fillna(False).astype(bool)] \
        if snapshot is not None and not snapshot.empty else None
    terr = territory(held, reach_km=reach_km, sites=places) if territory_on and held is not None and len(held) \
        else None
    return [territory_layer(terr, colors, show=territory_on),
            flow_layer(flows if flows is not None else gpd.GeoDataFrame(geometry=[]), bounds),
            labels_layer(snapshot, bounds, town_labels=town_labels, places=places)]
