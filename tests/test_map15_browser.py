"""The issue-15 map pieces in a real headless Chromium, outside hosts blocked.

A folium page is built from the new layers alone (territory, flows, labels, basemap
detail, legend, fit to data) for invented holders over real Ukrainian coordinates, and
served from 127.0.0.1 with Leaflet from the installed package. The browser must show:
one territory fill colour per holder plus the hatch, labels that do not overlap, a flow
arrow with both end markers that is visible at the fitted zoom, the legend control with
its "approximate" note, and the map fitted to Ukraine (another continent than the seeds).
A second test drives the keyboard-stepping snippet with real key presses.
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from playwright.sync_api import sync_playwright

from geo.basemap import basemap_layers, places_in
from geo.flowlines import flow_geometries, flow_layer
from geo.labels import label_layer, place_priority
from geo.mapcontrols import TERRITORY_NOTE, FitData, Legend, data_bounds, geo_bounds, legend_entries
from geo.offline import prepare_assets
from geo.territory import DEFAULT_REACH_KM, territory, territory_layer
from geo.timeaxis import keyboard_stepper_html
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, offline_context

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HOSTILE = '<img src=x onerror="window.__xss=1">'

# (name, lon, lat, holder, contested, changed): invented holders, real coordinates
PLACES = [
    ("Kharkiv", 36.23, 49.99, "Group A", False, True), ("Izium", 37.26, 49.21, "Group B", False, True),
    ("Kupiansk", 37.61, 49.71, "Group B", True, False), ("Chuhuiv", 36.69, 49.84, "Group A", False, False),
    ("Balakliia", 36.86, 49.46, "Group A", False, False), ("Lyman", 37.80, 48.99, "Group B", False, False),
    ("Sloviansk", 37.62, 48.85, f"Group C {HOSTILE}", False, False),
    ("Kramatorsk", 37.56, 48.72, f"Group C {HOSTILE}", False, False),
    ("Bakhmut", 38.00, 48.59, "Group B", False, True), ("Lozova", 36.32, 48.89, "Group A", False, False),
]
COLORS = {"Group A": "#1b9e77", "Group B": "#d95f02", f"Group C {HOSTILE}": "#7570b3"}


def _page(tmp: Path) -> Path:
    assets = prepare_assets(tmp / "static", url_prefix="/static")
    m = folium.Map(location=[20, 0], zoom_start=2, tiles=None, control_scale=True)
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    frame = pd.DataFrame(PLACES, columns=["name", "lon", "lat", "holder", "contested", "changed"])
    bounds = data_bounds(frame["lon"], frame["lat"])
    for layer in basemap_layers(bounds, place_labels=False):
        layer.add_to(m)
    terr = territory(list(frame[["lon", "lat", "holder", "contested"]].itertuples(index=False, name=None)))
    territory_layer(terr, COLORS).add_to(m)
    flows = gpd.GeoDataFrame(
        {"origin": ["Izium", "Bakhmut"], "destination": ["Kharkiv", None], "magnitude": [12000, 800],
         "direction": [None, "from"]},
        geometry=[shapely.LineString([(37.26, 49.21), (36.23, 49.99)]), shapely.Point(38.00, 48.59)], crs="EPSG:4326")
    flow_layer(flows, bounds).add_to(m)
    labels = pd.DataFrame({"lon": frame["lon"], "lat": frame["lat"], "text": frame["name"],
                           "priority": place_priority(frame["changed"], [True] * len(frame)),
                           "kind": ["changed" if c else "held" for c in frame["changed"]]})
    label_layer(pd.concat([labels, places_in(bounds)], ignore_index=True)).add_to(m)
    Legend(legend_entries(COLORS), note=TERRITORY_NOTE.format(reach=DEFAULT_REACH_KM)).add_to(m)
    FitData(geo_bounds(terr, flow_geometries(flows, bounds))).add_to(m)
    (tmp / "index.html").write_text(m.get_root().render(), encoding="utf-8")
    (tmp / "map_name.txt").write_text(m.get_name())
    return tmp


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = _page(tmp_path_factory.mktemp("map15"))
    (root / "keys.html").write_text(
        '<button id="p">Previous</button><button id="n">Next</button><div id="out">0</div>'
        '<input id="box"><script>var c = 0; document.getElementById("n").onclick = function () {'
        'c++; document.getElementById("out").textContent = c; };'
        'document.getElementById("p").onclick = function () { c--; document.getElementById("out").textContent = c; };'
        '</script><iframe id="f" style="height:0;border:0"></iframe>', encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium, or set CONFLICTMAP_CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url: str, base: str):
    ctx, external = offline_context(browser, base, height=1000)
    page = ctx.new_page()
    page.goto(url, wait_until="load")
    return ctx, page, external


def test_territory_labels_flows_legend_and_fit_in_a_real_browser(browser, served):
    base, root = served
    ctx, page, external = _open(browser, f"{base}/index.html", base)
    name = (root / "map_name.txt").read_text()
    page.wait_for_function(f"window['{name}'] && document.querySelectorAll('path.cm-territory').length > 0")
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map15_ukraine.png"))

    fills = page.eval_on_selector_all("path.cm-territory:not(.cm-territory-hatch)", "els => els.map(e => e.getAttribute('fill'))")
    assert sorted(set(fills)) == sorted(COLORS.values())
    assert page.evaluate("document.querySelector('#cm-territory-hatch') !== null")
    assert page.eval_on_selector_all("path.cm-territory-hatch", "els => els.map(e => e.getAttribute('fill'))") \
        == ["url(#cm-territory-hatch)"]

    labels = page.eval_on_selector_all(".cm-label span", """els => els.map(e => {
        const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; })""")
    texts = [t for t, *_ in labels]
    assert "Kharkiv" in texts and "Izium" in texts and "Bakhmut" in texts  # changed places first
    boxes = [b for _, *b in labels]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), \
                (texts[i], texts[j])

    for cls in ("cm-flow-shaft", "cm-flow-head", "cm-flow-origin", "cm-flow-destination"):
        assert page.locator(f"path.{cls}").count() >= 1, cls
    sizes = page.eval_on_selector_all("path.cm-flow-shaft", "els => els.map(e => { const r = e.getBoundingClientRect();"
                                                           " return Math.hypot(r.width, r.height); })")
    assert min(sizes) > 40  # both arrows, the outward one too, are visible at the fitted zoom
    assert "12,000" in page.inner_text(".leaflet-marker-pane")

    legend = page.locator(".leaflet-bottom.leaflet-right .cm-legend")
    assert legend.count() == 1 and "approximate" in legend.inner_text()
    assert HOSTILE in legend.inner_text()  # shown as text, not markup
    assert not page.evaluate("window.__xss === 1")

    view = page.evaluate(f"(() => {{ const m = window['{name}'], b = m.getBounds(); return [m.getZoom(),"
                         " b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    zoom, s, w, n, e = view
    assert zoom >= 6 and s <= 48.59 and n >= 49.99 and w <= 36.23 and e >= 38.0
    assert 44 < (s + n) / 2 < 53 and 22 < (w + e) / 2 < 41  # Ukraine, not Europe or Africa
    assert external == []
    ctx.close()


def test_arrow_keys_click_the_step_buttons(browser, served):
    base, _ = served
    ctx, page, _ = _open(browser, f"{base}/keys.html", base)
    page.evaluate("html => { document.getElementById('f').srcdoc = html; }", keyboard_stepper_html("Previous", "Next"))
    page.wait_for_timeout(300)
    page.locator("body").click(position={"x": 600, "y": 300})
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#out") == "1"
    page.locator("#box").click()
    page.keyboard.press("ArrowRight")  # typing in a field is left alone
    assert page.inner_text("#out") == "1"
    ctx.close()
