"""Issue 15 through the dashboard itself: `streamlit run app.py` in a real headless
Chromium, every request that would leave the machine blocked and counted.

The store is fresh and holds one short article about Ukraine, ingested with the real
pipeline (gazetteer, dates, event rules): two towns change hands and people flee from
one town to another. The dashboard must show, on its first page: place labels, the
territory layer with one fill colour per holder, a flow arrow with both end markers and
its number, the legend as a Leaflet control with the "approximate" note, year ticks on
the timeline axis, and the map fitted to Ukraine (the seeds are in Syria: a map that
does not follow the data opens elsewhere). Then a click on a place zooms to it and
opens its history below the map, and the left arrow key steps the timeline back.

Never skipped: without Chromium this fails (see tests/test_browser.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.test_browser import (
    ARTIFACTS,
    _open,
    _serve,
    browser,  # noqa: F401 (the fixture)
    click_place,
    idle,
    map_frame,
)
from timeline.store import open_store

ARTICLE = """Fighting in eastern Ukraine
Published: 2023-03-14

Russian forces captured the town of Soledar on 12 March 2023, local officials said.
Ukrainian troops took control of Kupiansk on 13 March 2023.
About 4,000 people fled from Bakhmut to Kramatorsk on 13 March 2023, the regional governor said.
"""


@pytest.fixture(scope="module")
def ukraine_db(tmp_path_factory) -> Path:
    from timeline.ingest import ingest_paths

    tmp = tmp_path_factory.mktemp("ukraine")
    (tmp / "articles").mkdir()
    (tmp / "articles" / "donbas.txt").write_text(ARTICLE, encoding="utf-8")
    store = open_store(tmp / "ukraine.db")
    ingest_paths([tmp / "articles"], store)
    store.close()
    return tmp / "ukraine.db"


@pytest.fixture(scope="module")
def ukraine_server(ukraine_db):
    yield from _serve(ukraine_db, ukraine_db.parent / "streamlit.log")


@pytest.fixture()
def ukraine_page(browser, ukraine_server):  # noqa: F811 (the imported fixture)
    ctx, pg = _open(browser, ukraine_server)
    yield pg
    ctx.close()


def _events(db: Path) -> list:
    store = open_store(db)
    try:
        return store.events()
    finally:
        store.close()


VIEW_JS = """() => { const m = window.map, b = m.getBounds();
    return [m.getZoom(), b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""


def axis_labels(page: Page) -> list[str]:
    """The timeline chart's x-axis labels as drawn (Vega renders the chart as SVG text)."""
    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg", timeout=60_000)
    return page.eval_on_selector_all(
        "[data-testid='stVegaLiteChart'] svg g[aria-label^='X-axis'] g.role-axis-label text, "
        "[data-testid='stVegaLiteChart'] svg g.role-axis:first-of-type g.role-axis-label text",
        "els => els.map(e => e.textContent)")


def test_the_dashboard_map_is_readable_and_follows_the_data(ukraine_page, ukraine_db):
    page = ukraine_page
    events = _events(ukraine_db)
    changes = [e for e in events if e.type == "control_change" and e.place]
    flows = [e for e in events if e.type == "displacement" and e.origin and e.destination]
    assert len(changes) == 2 and len(flows) == 1, events   # what the article says, read by the pipeline
    holders = {e.actor_to for e in changes}

    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.cm-territory').length > 0", timeout=60_000)
    idle(page)
    frame.wait_for_timeout(800)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-ukraine.png"))

    # labels: each place that changed hands carries a permanent label with its name
    labels = frame.eval_on_selector_all(".cm-label span", "els => els.map(e => e.textContent)")
    for e in changes:
        assert e.place.name in labels, (e.place.name, labels)

    # territory: one fill colour per holder, the colour of that holder's place dots
    fills = frame.eval_on_selector_all("path.cm-territory:not(.cm-territory-hatch)",
                                       "els => els.map(e => e.getAttribute('fill'))")
    dots = frame.evaluate("""() => Object.values(window.map._layers)
        .filter(l => l.options && l.options.cmKind === 'place').map(l => l.options.fillColor)""")
    assert len(set(fills)) == len(holders) == 2, (fills, holders)
    assert set(fills) == set(dots), (fills, dots)

    # the flow: a shaft, its head, a marker at each end, and the number
    for cls in ("cm-flow-shaft", "cm-flow-head", "cm-flow-origin", "cm-flow-destination"):
        assert frame.locator(f"path.{cls}").count() >= 1, cls
    assert "4,000" in frame.inner_text(".leaflet-marker-pane")

    # the legend is a Leaflet control over the map, and says the areas are approximate
    legend = frame.locator(".leaflet-control-container .cm-legend")
    assert legend.count() == 1 and "approximate" in legend.inner_text()
    assert page.locator("iframe[title*='st_folium']").bounding_box()["height"] >= 700  # >= 70% of 1000 px

    # the map is fitted to the data: Ukraine, at a regional zoom (not Europe and Africa)
    zoom, s, w, n, e = frame.evaluate(VIEW_JS)
    lats = [ev.place.lat for ev in changes] + [flows[0].origin.lat, flows[0].destination.lat]
    lons = [ev.place.lon for ev in changes] + [flows[0].origin.lon, flows[0].destination.lon]
    assert zoom >= 6, zoom
    assert s <= min(lats) and n >= max(lats) and w <= min(lons) and e >= max(lons), (s, w, n, e)
    assert 44 < (s + n) / 2 < 53 and 22 < (w + e) / 2 < 41, (s, w, n, e)

    # the timeline axis: every tick label carries the year
    ticks = axis_labels(page)
    assert ticks and all(re.search(r"\b2023\b", t) for t in ticks), ticks
    assert page.external == [], f"the page tried to reach the network: {page.external}"


def test_a_click_zooms_to_the_place_and_the_arrow_keys_step(ukraine_page, ukraine_db):
    page = ukraine_page
    town = next(e for e in _events(ukraine_db) if e.type == "control_change" and e.place)
    frame = map_frame(page)
    idle(page)
    fitted = frame.evaluate(VIEW_JS)[0]
    click_place(page, frame, town.place.name)
    page.get_by_text(f"History: {town.place.name}").wait_for(timeout=30_000)
    idle(page)
    frame = map_frame(page)
    frame.wait_for_function("window.map.getZoom() === 10", timeout=30_000)
    c = frame.evaluate("() => window.map.getCenter()")
    assert abs(c["lat"] - town.place.lat) < 0.05 and abs(c["lng"] - town.place.lon) < 0.05, c
    assert frame.evaluate(VIEW_JS)[0] > fitted
    # history opens below the map
    map_box = page.locator("iframe[title*='st_folium']").bounding_box()
    assert page.get_by_text(f"History: {town.place.name}").bounding_box()["y"] > map_box["y"] + map_box["height"]

    thumb = "[data-testid='stSliderThumbValue']"
    before = page.inner_text(thumb)
    page.locator("h2").first.click()           # focus the page, not an input
    page.keyboard.press("ArrowLeft")           # one window back: clamped to the first day
    page.wait_for_function(f"document.querySelector(\"{thumb}\").innerText.trim() !== '{before}'",
                           timeout=30_000)
    assert page.inner_text(thumb).strip() < before.strip()
    idle(page)
    # the viewport stays where the user left it across the step (no jump back to the fit)
    frame = map_frame(page)
    assert frame.evaluate(VIEW_JS)[0] == 10
    assert page.external == []
