"""Permanent place labels that never overlap: each label gets the lowest zoom it shows at.

Thinning is computed here, in Python, once per set of labels: for each zoom level from
`MIN_ZOOM` to `MAX_ZOOM`, labels are placed greedily in screen space (Web Mercator pixels
at that zoom), highest priority first, and a label is placed only if its box overlaps
no box placed before it. A label placed at zoom z stays placed at z+1 (distances double,
boxes keep their size), so each label has one `minzoom`; labels never placed up to
`MAX_ZOOM` get `MAX_ZOOM + 1` (shown from there on, when the map is zoomed right in).

Priority: changed places first, then held ones, then by weight (population, number of
reports): `place_priority`. The browser side is `label_layer`: a few lines of JS that
add the labels whose minzoom is at most the current zoom and drop the others on every
zoom change, so only the visible few hundred are in the page's DOM.

    >>> import numpy as np
    >>> lon, lat = np.array([36.00, 36.05, 45.0]), np.array([35.00, 35.00, 35.0])
    >>> label_minzoom(lon, lat, ["Town A", "Town B", "Town C"], np.array([1.0, 2.0, 0.0])).tolist()
    [11, 3, 3]
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import folium
import numpy as np
import pandas as pd
import shapely

from geo.headcss import HeadCss
from geo.leaflet import FeatureGroup, VerbatimMacro, safe_json

MIN_ZOOM, MAX_ZOOM = 3, 12
#: Label font size (px) and the width of one character at that size, for box sizes.
FONT_PX, CHAR_PX = 11, 6.6
#: Gap between the point and its label, and padding around each label box (px).
OFFSET_PX, PAD_PX = 6, 2


def mercator_px(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at `zoom` (256 px tiles), as Leaflet computes them."""
    scale = 256 * 2.0 ** zoom
    lat = np.clip(lat, -85.05, 85.05)
    x = (np.asarray(lon, float) + 180.0) / 360.0 * scale
    s = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def label_boxes(lon, lat, texts: Sequence[str], zoom: int) -> np.ndarray:
    """(x0, y0, x1, y1) screen box of each label at `zoom`: text to the right of its point."""
    x, y = mercator_px(np.asarray(lon, float), np.asarray(lat, float), zoom)
    return _boxes(x, y, _widths(texts))


def _widths(texts: Sequence[str]) -> np.ndarray:
    return np.array([len(t) for t in texts], float) * CHAR_PX


def _boxes(x: np.ndarray, y: np.ndarray, widths: np.ndarray) -> np.ndarray:
    half = FONT_PX / 2 + 2
    return np.column_stack([x + OFFSET_PX - PAD_PX, y - half - PAD_PX, x + OFFSET_PX + widths + PAD_PX,
                            y + half + PAD_PX])


def _overlapping(boxes: np.ndarray, others: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) with ``boxes[i]`` and ``others[j]`` overlapping strictly (touching is
    not overlapping): every pair compared when they are few, else from a search-tree
    query (the boxes are their own envelopes; making the shapely boxes was the query's
    main cost for a few hundred)."""
    if len(boxes) * len(others) <= 1 << 16:
        a, b = boxes[:, None, :], others[None, :, :]
        hit = (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])
        return np.nonzero(hit)
    i, j = shapely.STRtree(shapely.box(*others.T)).query(shapely.box(*boxes.T))
    a, b = boxes[i], others[j]
    hit = (a[:, 0] < b[:, 2]) & (b[:, 0] < a[:, 2]) & (a[:, 1] < b[:, 3]) & (b[:, 1] < a[:, 3])
    return i[hit], j[hit]


def _greedy_free(boxes: np.ndarray, chunk: int = 256) -> np.ndarray:
    """Which of `boxes` (in priority order) a greedy pass places: each box that overlaps
    no box placed before it. Done on arrays, `chunk` boxes at a time (`_greedy_rounds`),
    each chunk's winners then striking out the later boxes they overlap: thinning the
    ~1,900 places that change hands in a month (bench/dashboard_speed.py) box by box in
    Python took 50 ms of a 0.4 s slider step. Chunks keep the pairs few where nearly all
    boxes overlap (a country at zoom 3)."""
    free = np.zeros(len(boxes), bool)
    left = np.arange(len(boxes))
    while len(left):
        head, left = left[:chunk], left[chunk:]
        won = head[_greedy_rounds(boxes[head])]
        free[won] = True
        if len(left) and len(won):
            left = np.delete(left, np.unique(_overlapping(boxes[left], boxes[won])[0]))
    return free


def _greedy_rounds(boxes: np.ndarray) -> np.ndarray:
    """`_greedy_free` of a few boxes, in rounds: each round places the boxes all of whose
    earlier overlapping boxes are rejected and rejects those with one placed, which is
    what the box-by-box pass decides for them."""
    n = len(boxes)
    q, p = _overlapping(boxes, boxes)
    p, q = p[p < q], q[p < q]  # p before q in priority order
    state = np.zeros(n, np.int8)  # 0 undecided, 1 placed, 2 rejected
    while (state == 0).any():
        undecided = state == 0
        blocked = np.zeros(n, bool)
        blocked[q[state[p] == 1]] = True
        waiting = np.zeros(n, bool)
        waiting[q[state[p] == 0]] = True
        state[undecided & blocked] = 2
        state[undecided & ~blocked & ~waiting] = 1
        live = (state[q] == 0) & (state[p] != 2)  # pairs that can still decide something
        p, q = p[live], q[live]
    return state == 1


def label_minzoom(lon, lat, texts: Sequence[str], priority, *, min_zoom: int = MIN_ZOOM,
                  max_zoom: int = MAX_ZOOM) -> np.ndarray:
    """The lowest zoom at which each label shows without overlapping a higher-priority one.

    `priority`: larger first (ties: input order). Returns an int array; `max_zoom + 1`
    for labels that find no room up to `max_zoom`. About 0.3 s for 5k labels, so results
    are memoised on the inputs (a slider step that changes nothing recomputes nothing).
    """
    key = (np.asarray(lon, float).tobytes(), np.asarray(lat, float).tobytes(), tuple(map(str, texts)),
           np.asarray(priority, float).tobytes(), min_zoom, max_zoom)
    return _minzoom_memo(key).copy()


@lru_cache(maxsize=32)
def _minzoom_memo(key: tuple) -> np.ndarray:
    lon, lat, texts, priority = (np.frombuffer(key[0]), np.frombuffer(key[1]), key[2], np.frombuffer(key[3]))
    return _greedy(lon, lat, texts, priority, key[4], key[5])


def _greedy(lon, lat, texts, priority, min_zoom: int, max_zoom: int) -> np.ndarray:
    n = len(texts)
    out = np.full(n, max_zoom + 1, dtype=np.int64)
    if n == 0:
        return out
    order = np.lexsort((np.arange(n), -np.asarray(priority, float)))
    placed = np.zeros(n, bool)
    # pixels at zoom 0 and the widths once: a zoom's pixels are these times a power of two,
    # exactly (mercator_px scales by 256 * 2**zoom), so the boxes are label_boxes' own
    x0, y0 = mercator_px(np.asarray(lon, float), np.asarray(lat, float), 0)
    widths = _widths(texts)
    for zoom in range(min_zoom, max_zoom + 1):
        array = _boxes(x0 * 2.0 ** zoom, y0 * 2.0 ** zoom, widths)
        # labels placed at a lower zoom are still free of each other here: drop the labels
        # that hit one of them in one search-tree query, then place the rest greedily among
        # themselves. Re-inserting every placed label into the grid at every zoom took most
        # of the time (thinning a month's changed places is part of every slider step).
        candidates = order[~placed[order]]
        if placed.any():
            done = np.flatnonzero(placed)
            tree = shapely.STRtree(shapely.box(*array[done].T))
            # boxes: their envelopes are the boxes, so the tree's envelope test is the whole test
            free = np.ones(len(candidates), bool)
            free[tree.query(shapely.box(*array[candidates].T))[0]] = False
            candidates = candidates[free]
        won = candidates[_greedy_free(array[candidates])] if len(candidates) else candidates
        placed[won] = True
        out[won] = zoom
        if placed.all():
            break
    return out


def layered_minzoom(base: pd.DataFrame, top: pd.DataFrame, *, min_zoom: int = MIN_ZOOM,
                    max_zoom: int = MAX_ZOOM) -> tuple[np.ndarray, np.ndarray]:
    """Minzooms for a large, stable `base` set and a small `top` set that always wins.

    Thinning 5k labels takes a few tenths of a second, too long for every slider step,
    while most of the labels (the store's places, towns) stay the same from one day to
    the next. So `base` (columns lon, lat, text, priority) is thinned on its own and
    memoised (`label_minzoom`), `top` (the places that changed that day, a few hundred
    at most) is thinned on its own, and then each base label is held back until the
    first zoom at which it overlaps no top label shown there. No two labels shown at a
    zoom overlap, and a top label is never hidden by a base one.

    Returns (base minzooms, top minzooms).
    """
    b_lon, b_lat, b_text = base["lon"].to_numpy(float), base["lat"].to_numpy(float), base["text"].astype(object).tolist()
    t_lon, t_lat, t_text = top["lon"].to_numpy(float), top["lat"].to_numpy(float), top["text"].astype(object).tolist()
    base_mz = label_minzoom(b_lon, b_lat, b_text, base["priority"].to_numpy(float), min_zoom=min_zoom,
                            max_zoom=max_zoom) if len(base) else np.zeros(0, np.int64)
    top_mz = label_minzoom(t_lon, t_lat, t_text, top["priority"].to_numpy(float), min_zoom=min_zoom,
                           max_zoom=max_zoom) if len(top) else np.zeros(0, np.int64)
    if not len(base) or not len(top):
        return base_mz, top_mz
    blocked_until = np.full(len(base), min_zoom - 1)
    tx, ty = mercator_px(t_lon, t_lat, 0)  # zoom 0: see `_greedy`
    tw = _widths(t_text)
    base_key = (b_lon.tobytes(), b_lat.tobytes(), tuple(map(str, b_text)))
    for zoom in range(min_zoom, max_zoom + 1):
        shown = np.flatnonzero(top_mz <= zoom)
        if not len(shown):
            continue
        tb = _boxes(tx[shown] * 2.0 ** zoom, ty[shown] * 2.0 ** zoom, tw[shown])
        tree = _box_tree(*base_key, zoom)  # envelope test only: the boxes are their envelopes
        blocked_until[tree.query(shapely.box(tb[:, 0], tb[:, 1], tb[:, 2], tb[:, 3]))[1]] = zoom
    return np.maximum(base_mz, blocked_until + 1), top_mz


@lru_cache(maxsize=4 * (MAX_ZOOM - MIN_ZOOM + 1))
def _box_tree(lon: bytes, lat: bytes, texts: tuple, zoom: int) -> shapely.STRtree:
    """A search tree over the base labels' boxes at `zoom`: the base stays the same from
    one slider step to the next, and building the boxes took a tenth of a second a step."""
    bb = label_boxes(np.frombuffer(lon), np.frombuffer(lat), texts, zoom)
    return shapely.STRtree(shapely.box(bb[:, 0], bb[:, 1], bb[:, 2], bb[:, 3]))


def place_priority(changed=None, held=None, weight=None, n: int | None = None) -> np.ndarray:
    """A sortable priority: changed places first, then held ones, then by `weight`.

    Each argument is an array-like (or None = all False / all 0). Weight is squashed
    into [0, 1) so it only breaks ties within a class.

    >>> place_priority([True, False, False], [False, True, False], [1, 1, 1e6]).round(6).tolist()
    [2.5, 1.5, 0.999999]
    """
    size = n if n is not None else len(next(a for a in (changed, held, weight) if a is not None))

    def arr(a, default):
        return np.full(size, default, float) if a is None else np.asarray(pd.Series(a).fillna(default), float)

    w = np.maximum(arr(weight, 0.0), 0.0)
    return 2.0 * arr(changed, 0.0) + arr(held, 0.0) + w / (w + 1.0)


class _ZoomLabels(VerbatimMacro):
    """Labels added to and removed from the map as its zoom crosses their minzoom."""

    _template = folium.template.Template("""
    {% macro script(this, kwargs) %}
    (function () {
        var group = {{ this._parent.get_name() }};
        var data = {{ this.data }}, kinds = {{ this.kinds }};
        var shown = new Array(data.length);
        function update() {
            var map = group._map;
            if (!map) { return; }
            var z = map.getZoom();
            for (var i = 0; i < data.length; i++) {
                var want = data[i][3] <= z;
                if (want && !shown[i]) {
                    var span = document.createElement('span');
                    span.textContent = data[i][2];
                    shown[i] = L.marker([data[i][0], data[i][1]], {interactive: false, keyboard: false,
                        icon: L.divIcon({className: 'cm-label ' + kinds[data[i][4]], html: span, iconSize: null})});
                    group.addLayer(shown[i]);
                } else if (!want && shown[i]) {
                    group.removeLayer(shown[i]);
                    shown[i] = null;
                }
            }
        }
        group.on('add', function () { group._map.on('zoomend', update); update(); });
        if (group._map) { group._map.on('zoomend', update); update(); }
    })();
    {% endmacro %}
    """)

    def __init__(self, rows: list, kinds: list[str]):
        super().__init__()
        self._name = "ZoomLabels"
        # JSON inside <script>: "<" escaped so no text can close the script element; compact,
        # the class an index into `kinds`: thousands of labels a rerun
        self.data, self.kinds = safe_json(rows), safe_json(kinds)


LABEL_CSS = f"""
.cm-label {{ white-space: nowrap; pointer-events: none; }}
.cm-label span {{ position: absolute; left: {OFFSET_PX}px; top: -{FONT_PX // 2 + 2}px; font: 600 {FONT_PX}px/1.2 sans-serif; color: #222;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.cm-label.cm-label-changed span {{ color: #b71c1c; }}
.cm-label.cm-label-basemap span {{ font-weight: 400; color: #555; font-style: italic; }}
"""


def label_layer(labels: pd.DataFrame, *, name: str = "Labels", minzoom: np.ndarray | None = None,
                show: bool = True, into: folium.FeatureGroup | None = None) -> folium.FeatureGroup:
    """A folium FeatureGroup of zoom-thinned permanent labels.

    `labels`: columns lon, lat, text, priority and optionally kind (a CSS suffix:
    "changed", "held", "basemap"; each label gets class ``cm-label cm-label-<kind>``).
    `minzoom` defaults to `label_minzoom` of the frame. Text is set with textContent
    in the browser (never parsed as HTML). `into`: add to this group instead of a new one.
    """
    group = into if into is not None else FeatureGroup(name=name, show=show)
    if labels is None or labels.empty:
        return group
    if minzoom is None:
        minzoom = label_minzoom(labels["lon"].to_numpy(), labels["lat"].to_numpy(), list(labels["text"]),
                                labels["priority"].to_numpy())
    kinds = labels["kind"] if "kind" in labels.columns else pd.Series("place", index=labels.index)
    # each row names its class by index (thousands of labels a rerun, a few kinds)
    names = sorted(set(kinds.astype(object).tolist()), key=str)
    classes = {k: i for i, k in enumerate(names)}
    css = ["cm-label-" + "".join(ch for ch in str(k) if ch.isalnum() or ch == "-") for k in names]
    rows = [[y, x, str(t), z, classes[k]] for x, y, t, z, k in zip(
        np.round(labels["lon"].to_numpy(float), 4).tolist(), np.round(labels["lat"].to_numpy(float), 4).tolist(),
        labels["text"].astype(object).tolist(), np.asarray(minzoom, np.int64).tolist(), kinds.astype(object).tolist())]
    _ZoomLabels(rows, css).add_to(group)
    HeadCss(LABEL_CSS, "cm_label_css").add_to(group)
    return group
