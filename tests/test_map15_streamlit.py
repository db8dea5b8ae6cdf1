"""The issue-15 layers through Streamlit and streamlit-folium in a real Chromium (outside
hosts blocked): passed as feature_group_to_add they draw, keep their CSS, and a slider
step redraws the territory without moving the user's viewport."""
import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.test_browser import _serve

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "tests" / "data" / "map15_app.py"
CHROMIUM = os.environ.get("CONFLICTMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The small test app (tests/data/map15_app.py) on a free local port."""
    yield from _serve(None, tmp_path_factory.mktemp("st") / "streamlit.log", app=APP)


FILLS = "[...document.querySelectorAll('path.cm-territory:not(.cm-territory-hatch)')].map(e => e.getAttribute('fill')).sort().join(',')"


def _frame(page):
    page.wait_for_selector("iframe[title*='st_folium']", timeout=90_000)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if "st_folium" in (f.url or "")]
        if frames:
            frames[0].wait_for_function("window.map && document.querySelectorAll('path.cm-territory').length > 0",
                                        timeout=90_000)
            return frames[0]
        time.sleep(0.2)
    raise AssertionError("no map frame")


def test_layers_through_streamlit_folium(server):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        external = []
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith((server, "data:", "blob:", "about:"))
                  else (external.append(r.request.url), r.abort()))
        page = ctx.new_page()
        page.goto(server, wait_until="domcontentloaded")
        frame = _frame(page)
        frame.wait_for_timeout(800)
        # the timeline axis as Streamlit's Vega renders it: month ticks, every one with its year
        page.wait_for_function("document.querySelectorAll('svg text').length > 3", timeout=30_000)
        ticks = page.evaluate("[...document.querySelectorAll('svg text')].map(t => t.textContent)")
        months = [t for t in ticks if re.fullmatch(r"[A-Z][a-z]{2} 20\d\d", t)]
        assert "Dec 2016" in months and "Jan 2017" in months and len(months) >= 8, ticks
        assert frame.evaluate(FILLS).split(",").count("#1b9e77") >= 1
        assert set(frame.evaluate(FILLS).split(",")) == {"#1b9e77", "#d95f02"}
        assert frame.evaluate("document.querySelector('#cm-territory-hatch') !== null && "
                              "document.querySelector('path.cm-territory-hatch').getAttribute('fill')") \
            == "url(#cm-territory-hatch)"
        for cls in ("cm-flow-shaft", "cm-flow-head", "cm-flow-origin", "cm-flow-destination"):
            assert frame.locator(f"path.{cls}").count() >= 1, cls
        assert frame.locator(".cm-label span").count() >= 3
        # the label CSS reached the page although the labels came in through feature_group_to_add
        assert frame.evaluate("getComputedStyle(document.querySelector('.cm-label span')).position") == "absolute"
        assert "approximate" in frame.locator(".cm-legend").inner_text()
        assert frame.locator("path.cm-admin1").count() >= 1 and frame.locator("path.cm-river").count() >= 1
        zoom0 = frame.evaluate("window.map.getZoom()")
        assert zoom0 >= 6  # fitted to the data, not the world
        frame.evaluate("window.map.setView([49.5, 37.0], window.map.getZoom() + 1, {animate: false})")
        frame.wait_for_timeout(300)
        before = frame.evaluate(FILLS)
        view = frame.evaluate("[window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
        page.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                frame = _frame(page)
                if frame.evaluate(FILLS) != before:
                    break
            except Exception:  # the frame is being updated: look again
                pass
            time.sleep(0.3)
        else:
            raise AssertionError("the territory did not change with the slider")
        after = frame.evaluate("[window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
        assert after[0] == view[0] and abs(after[1] - view[1]) < 1e-6 and abs(after[2] - view[2]) < 1e-6
        assert external == []
        page.screenshot(path=str(REPO / "tests" / "artifacts" / "map15_streamlit.png"))
        browser.close()
