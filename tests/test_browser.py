"""The dashboard in a real browser: Debian's Chromium driven by Playwright, the app
served by `streamlit run` on 127.0.0.1, and every request that would leave the
machine blocked and counted (the map must work offline).

Never skipped: without Chromium this fails and says how to install it.
Screenshots go to tests/artifacts/ (CI keeps that folder).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, sync_playwright

from gazetteer.records import Place
from tests.test_app import RETAKE_SENTENCE, build_store
from timeline.records import Article, ArticleResult, Event
from timeline.store import open_store

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = os.environ.get("CONFLICTMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Payloads that would set window.__xss or open a dialog if any of them ran.
XSS_TAG = '<img src=x onerror="window.__xss=1;alert(1)">'
XSS_SCRIPT = "<script>window.__xss=1;alert(1)</script>"
XSS_PLACE = Place(name=f"Fenwick{XSS_TAG}", lat=35.9, lon=38.1, geonameid=9100099, country="ZZ")
XSS_EVIDENCE = f"Armed men {XSS_SCRIPT} entered Fenwick {XSS_TAG} before noon."
XSS_UPLOAD = (f"Headline {XSS_SCRIPT} {XSS_TAG}\n\nThe body mentions {XSS_TAG} and {XSS_SCRIPT} "
              "in an invented valley.\n").encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path | None, log_path: Path, app: str | Path = "app.py"):
    """Run `streamlit run app.py` (or another script) over `db` on a free local port; yield its URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) "
                    "or set CONFLICTMAP_CHROMIUM; the browser test is never skipped.")
    port = _free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port), "--server.enableStaticServing", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=dict(os.environ, **({"CONFLICTMAP_DB": str(db)} if db is not None else {})),
            stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"streamlit did not come up: {log_path.read_text()[-2000:]}")
            time.sleep(0.5)
        try:
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over the invented scenario store plus hostile text."""
    tmp = tmp_path_factory.mktemp("browser")
    db = build_store(tmp / "browser.db")
    store = open_store(db)
    store.save_result(ArticleResult(article=Article(
        id="artx", text="x", title=f"Report {XSS_SCRIPT}{XSS_TAG}", path="hostile.txt",
        url="javascript:window.__xss=1", published="2021-05-02", published_precision="day",
        date_source="text")))
    store.put_events([Event(id="cx", type="control_change", evidence=XSS_EVIDENCE, article_ids=("artx",),
                            date="2021-05-01", precision="day", place=XSS_PLACE,
                            actor_from=f"Old {XSS_TAG}", actor_to="Red Coalition", status="reported")])
    store.close()
    yield from _serve(db, tmp / "streamlit.log")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("seeds") / "seeds.db"


@pytest.fixture(scope="module")
def seeds_server(seeds_db):
    """The app as it first opens: an empty store, which it fills from ./seeds."""
    yield from _serve(seeds_db, seeds_db.parent / "streamlit.log")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def offline_context(browser, base: str, *, height: int = 1100):
    """A 1400-wide browser context in which every request that would leave `base` (the
    local server) is blocked and recorded: (context, the list of blocked URLs)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": height})
    external: list[str] = []

    def route(r):
        if r.request.url.startswith((base, "data:", "blob:", "about:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    return ctx, external


def _open(browser, server: str):
    """A fresh page with every non-local request blocked and recorded in page.external."""
    ctx, external = offline_context(browser, server)
    pg = ctx.new_page()
    pg.external = external
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(server, wait_until="domcontentloaded")
    return ctx, pg


@pytest.fixture()
def page(browser, server):
    ctx, pg = _open(browser, server)
    yield pg
    ctx.close()


@pytest.fixture()
def seeds_page(browser, seeds_server):
    ctx, pg = _open(browser, seeds_server)
    yield pg
    ctx.close()


PLACES_JS = """() => Object.values(window.map._layers)
    .filter(l => l.options && l.options.cmKind === 'place')
    .map(l => l.getTooltip().getContent() + '|' + l.options.fillColor + '|' + l.options.radius).sort()"""


def map_frame(page: Page) -> Frame:
    page.wait_for_selector("iframe[title*='st_folium']", timeout=90_000)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if "st_folium" in (f.url or "")]
        if frames:
            frames[0].wait_for_function(
                "window.map && Object.values(window.map._layers).some(l => l.options && l.options.cmKind === 'place')",
                timeout=90_000)
            return frames[0]
        time.sleep(0.2)
    raise AssertionError("the map frame never appeared")


def drawn(frame: Frame) -> list[str]:
    return frame.evaluate(PLACES_JS)


def idle(page: Page) -> None:
    """Wait until Streamlit has finished the current run (its status widget is gone)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)


def wait_drawn(page: Page, changed_from: list[str] | None = None, equal_to: list[str] | None = None,
               timeout: float = 30) -> list[str]:
    """Poll the map until its places differ from `changed_from` (or equal `equal_to`)."""
    deadline = time.monotonic() + timeout
    now: list[str] = []
    while time.monotonic() < deadline:
        try:
            now = drawn(map_frame(page))
        except (PlaywrightError, AssertionError):  # the frame is being swapped: look again
            now = []
        if now and ((changed_from is not None and now != changed_from) or (equal_to is not None and now == equal_to)):
            return now
        time.sleep(0.3)
    raise AssertionError(f"the map did not change as expected; it shows {now}")


def click_place(page: Page, frame: Frame, name_prefix: str) -> None:
    """Click the marker whose tooltip starts with name_prefix, where the user would.

    The map is left where it is, often partly below the fold: a click there must
    still hit (see geo.mapview.StableFocus).
    """
    x, y = frame.evaluate("""(prefix) => {
        const l = Object.values(window.map._layers).find(l => l.options && l.options.cmKind === 'place'
            && l.getTooltip().getContent().startsWith(prefix));
        const p = window.map.latLngToContainerPoint(l.getLatLng());
        return [p.x, p.y];
    }""", name_prefix)
    page.frame_locator("iframe[title*='st_folium']").locator("#map_div").click(position={"x": x, "y": y})


def test_map_renders_offline_and_the_slider_changes_it(page):
    frame = map_frame(page)
    before = drawn(frame)
    assert len(before) == 5 and any(s.startswith("Kesterfield · Red Coalition") for s in before)
    frame.wait_for_function(
        "Object.values(window.map._layers).filter(l => l.options && l.options.pane === 'basemap').length > 100",
        timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-latest-day.png"), full_page=True)

    idle(page)
    page.get_by_role("button", name="◀").click()        # one month back: before the retake
    after = wait_drawn(page, changed_from=before)
    assert any(s.startswith("Kesterfield · Blue Movement") for s in after), after
    page.screenshot(path=str(ARTIFACTS / "dashboard-month-back.png"), full_page=True)
    assert page.external == [], f"the page tried to reach the network: {page.external}"


def test_clicking_a_place_shows_its_evidence_sentence(page):
    frame = map_frame(page)
    idle(page)
    click_place(page, frame, "Kesterfield")
    popup = page.frame_locator("iframe[title*='st_folium']").locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    assert "Red Coalition units pushed back into Kesterfield" in popup.inner_text()
    page.get_by_text("History: Kesterfield").wait_for(timeout=30_000)
    page.get_by_text(RETAKE_SENTENCE).wait_for(timeout=30_000)
    assert page.get_by_text("Blue Movement fighters walked into Kesterfield").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-place-history.png"), full_page=True)
    assert page.external == []


def _xss_fired(page: Page) -> bool:
    return any(f.evaluate("() => window.__xss !== undefined") for f in page.frames)


def test_hostile_article_text_never_executes(page):
    frame = map_frame(page)
    idle(page)
    # upload an article whose title and body carry the payloads, through the real uploader
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "hostile_upload.txt", "mimeType": "text/plain", "buffer": XSS_UPLOAD}])
    page.get_by_role("button", name="Ingest").click()
    page.get_by_text("Read 1 articles").wait_for(timeout=60_000)
    idle(page)
    # show every place where the payloads are rendered: tooltip, popup, history, undated panel
    frame = map_frame(page)
    click_place(page, frame, "Fenwick")
    popup = page.frame_locator("iframe[title*='st_folium']").locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    assert XSS_TAG in popup.inner_text()                 # shown as text, not parsed
    page.get_by_text("History: Fenwick").wait_for(timeout=30_000)
    page.get_by_text("Undated articles").click()
    page.get_by_text("hostile_upload", exact=False).first.wait_for(timeout=30_000)
    # the panel streams in entry by entry: wait for the seeded article's, shown as text
    page.get_by_text(f"Report {XSS_SCRIPT}", exact=False).first.wait_for(timeout=30_000)
    time.sleep(1.0)  # give an onerror handler time to fire if anything had been parsed as HTML
    assert not _xss_fired(page), "a payload from article text ran in the page"
    assert page.dialogs == [], f"a payload opened a dialog: {page.dialogs}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-hostile-text.png"), full_page=True)
    assert page.external == []


def _ascii(name: str) -> str:
    """Lower-case, without diacritics: "Al Mayādīn" and "Mayadeen" both contain "mayad"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def test_seeds_map_changes_with_the_slider_and_a_town_shows_its_sentence(seeds_page, seeds_db):
    page = seeds_page
    frame = map_frame(page)
    before = drawn(frame)
    assert len(before) >= 2, before
    # the sample corpus's control change at Mayadeen, read back from the store the app filled
    store = open_store(seeds_db)
    town = next(e for e in store.events() if e.type == "control_change" and e.place
                and "mayad" in _ascii(e.place.name))
    store.close()
    assert any(s.startswith(town.place.name) for s in before), before
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-seeds.png"), full_page=True)

    idle(page)
    page.get_by_role("button", name="◀").click()
    wait_drawn(page, changed_from=before)
    idle(page)
    page.get_by_role("button", name="▶").click()
    wait_drawn(page, equal_to=before)
    idle(page)
    frame = map_frame(page)

    click_place(page, frame, town.place.name)
    page.get_by_text(f"History: {town.place.name}").wait_for(timeout=30_000)
    sentence = " ".join(town.evidence.split())
    page.get_by_text(sentence[:60], exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "dashboard-seeds-history.png"), full_page=True)
    assert page.external == [], f"the page tried to reach the network: {page.external}"
