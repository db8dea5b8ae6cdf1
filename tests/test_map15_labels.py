"""geo.labels: collision-aware label thinning by zoom (issue 15)."""
import folium
import numpy as np
import pandas as pd

from geo.labels import MAX_ZOOM, MIN_ZOOM, label_boxes, label_layer, label_minzoom, place_priority


def _random_labels(n=400, seed=1):
    rng = np.random.default_rng(seed)
    lon = 35 + rng.random(n) * 6
    lat = 32 + rng.random(n) * 5
    texts = [f"Place {'x' * int(k)}{i}" for i, k in enumerate(rng.integers(0, 12, n))]
    return lon, lat, texts, rng.random(n)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_two_labels_shown_at_a_zoom_overlap():
    lon, lat, texts, prio = _random_labels()
    mz = label_minzoom(lon, lat, texts, prio)
    for zoom in range(MIN_ZOOM, MAX_ZOOM + 1):
        shown = np.flatnonzero(mz <= zoom)
        boxes = label_boxes(lon[shown], lat[shown], [texts[i] for i in shown], zoom)
        for i in range(len(shown)):
            for j in range(i + 1, len(shown)):
                assert not _overlap(boxes[i], boxes[j]), (zoom, texts[shown[i]], texts[shown[j]])
    # thinning, not hiding: few at the lowest zoom, many more zoomed in
    assert (mz <= MIN_ZOOM).sum() < 0.1 * len(mz) < (mz <= MAX_ZOOM).sum()


def test_higher_priority_wins_a_collision():
    lon, lat, texts = np.array([36.0, 36.02]), np.array([35.0, 35.0]), ["Alpha town", "Beta town"]
    a = label_minzoom(lon, lat, texts, np.array([1.0, 0.0]))
    b = label_minzoom(lon, lat, texts, np.array([0.0, 1.0]))
    assert a[0] == MIN_ZOOM and a[1] > MIN_ZOOM
    assert b[1] == MIN_ZOOM and b[0] > MIN_ZOOM


def test_a_label_is_kept_once_shown_and_lone_labels_show_at_once():
    lon, lat, texts, prio = _random_labels(200, 5)
    lon = np.append(lon, 100.0)
    lat = np.append(lat, 60.0)
    mz = label_minzoom(lon, lat, texts + ["Far away"], np.append(prio, 0.0))
    assert mz[-1] == MIN_ZOOM
    assert ((mz >= MIN_ZOOM) & (mz <= MAX_ZOOM + 1)).all()


def test_priority_classes_order():
    p = place_priority(changed=[False, True, False], held=[True, False, False], weight=[10**6, 0, 10**7])
    assert p[1] > p[0] > p[2]


def test_layer_escapes_text_and_carries_minzoom():
    labels = pd.DataFrame({"lon": [36.0, 37.0], "lat": [35.0, 35.5],
                           "text": ["</script><script>alert(1)</script>", "Town B"],
                           "priority": [1.0, 0.5], "kind": ["changed", "held"]})
    m = folium.Map(tiles=None)
    label_layer(labels).add_to(m)
    html = m.get_root().render()
    assert "<script>alert(1)" not in html and "Town B" in html
    assert "cm-label-changed" in html and "textContent" in html and ".cm-label span" in html


def test_layered_thinning_keeps_top_labels_and_never_overlaps():
    from geo.labels import layered_minzoom

    lon, lat, texts, prio = _random_labels(300, 9)
    base = pd.DataFrame({"lon": lon[:250], "lat": lat[:250], "text": texts[:250], "priority": prio[:250]})
    top = pd.DataFrame({"lon": lon[250:], "lat": lat[250:], "text": texts[250:], "priority": prio[250:]})
    base_mz, top_mz = layered_minzoom(base, top)
    assert (top_mz == label_minzoom(top["lon"], top["lat"], list(top["text"]), top["priority"])).all()
    assert (base_mz >= label_minzoom(base["lon"], base["lat"], list(base["text"]), base["priority"])).all()
    all_lon, all_lat, mz = np.append(lon[:250], lon[250:]), np.append(lat[:250], lat[250:]), np.append(base_mz, top_mz)
    for zoom in range(MIN_ZOOM, MAX_ZOOM + 1):
        shown = np.flatnonzero(mz <= zoom)
        boxes = label_boxes(all_lon[shown], all_lat[shown], [texts[i] for i in shown], zoom)
        for i in range(len(shown)):
            for j in range(i + 1, len(shown)):
                assert not _overlap(boxes[i], boxes[j]), (zoom, texts[shown[i]], texts[shown[j]])
