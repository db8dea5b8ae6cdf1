"""Issue 16's review loop through the dashboard, in a real headless Chromium against
`streamlit run app.py`, outside hosts blocked.

A fresh store holds one article, ingested by the real pipeline, naming a village the
gazetteer lacks ("Tonenke", so its capture is kept but not on the map) and a town it
knows. Through the Review panel the analyst adds the village with coordinates: its
marker appears, held by the group the sentence names. Then a click on the town opens its
history, "reject" on its event removes it from the map. Both corrections are in the store.

Never skipped: without Chromium this fails (see tests/test_browser.py).
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.test_browser import (
    ARTIFACTS,
    _open,
    _serve,
    browser,  # noqa: F401 (the fixture)
    click_place,
    drawn,
    idle,
    map_frame,
    wait_drawn,
)
from timeline.store import open_store

VILLAGE = "Tonenke"
ARTICLE = f"""Fighting near Goma
Published: 2024-02-05

M23 rebels captured the village of {VILLAGE} on 3 February 2024, residents said.
The Congolese army took control of Sake on 4 February 2024.
"""
VILLAGE_AT = (-1.4937, 29.1021)   # where the analyst says it is (invented for the test)


@pytest.fixture(scope="module")
def review_db(tmp_path_factory) -> Path:
    from timeline.ingest import ingest_paths

    tmp = tmp_path_factory.mktemp("review")
    (tmp / "articles").mkdir()
    (tmp / "articles" / "goma.txt").write_text(ARTICLE, encoding="utf-8")
    store = open_store(tmp / "review.db")
    ingest_paths([tmp / "articles"], store)
    store.close()
    return tmp / "review.db"


@pytest.fixture(scope="module")
def review_server(review_db):
    yield from _serve(review_db, review_db.parent / "streamlit.log")


def _store_state(db: Path):
    store = open_store(db)
    try:
        return store.events(), store.corrections()
    finally:
        store.close()


def test_add_a_missing_place_and_reject_an_event_through_the_dashboard(browser, review_server, review_db):  # noqa: F811
    events, _ = _store_state(review_db)
    on_map = [e for e in events if e.type == "control_change" and e.place]
    assert len(on_map) == 1 and not any(e.place.name == VILLAGE for e in on_map)
    assert any(name == VILLAGE for e in events for _, name in e.unresolved)   # kept, not on the map
    town = on_map[0]

    ctx, page = _open(browser, review_server)
    try:
        before = drawn(map_frame(page))
        assert len(before) == 1 and before[0].startswith(town.place.name), before
        idle(page)

        # 1. the Review panel lists the village; add it with coordinates
        page.get_by_text("Review: places the gazetteer lacks").click()
        page.get_by_text("Places the gazetteer lacks (1)").wait_for(timeout=60_000)
        form = page.locator("[data-testid='stForm']").filter(has_text=f"Add {VILLAGE}")
        form.get_by_label("Latitude").fill(str(VILLAGE_AT[0]))
        form.get_by_label("Longitude").fill(str(VILLAGE_AT[1]))
        form.get_by_label("Why (source of the coordinates)").fill("OCHA settlement map")
        form.get_by_role("button", name=f"Add {VILLAGE}").click()
        after_add = wait_drawn(page, changed_from=before, timeout=90)
        assert any(s.startswith(f"{VILLAGE} · M23") for s in after_add), after_add
        page.get_by_text("1 correction kept").wait_for(timeout=30_000)
        idle(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard-review-added.png"), full_page=True)
        frame = map_frame(page)
        lat, lon = frame.evaluate("""(name) => { const l = Object.values(window.map._layers).find(l => l.options
            && l.options.cmKind === 'place' && l.getTooltip().getContent().startsWith(name));
            const p = l.getLatLng(); return [p.lat, p.lng]; }""", VILLAGE)
        assert abs(lat - VILLAGE_AT[0]) < 1e-3 and abs(lon - VILLAGE_AT[1]) < 1e-3

        # 2. the town's history: reject its event, and it leaves the map
        click_place(page, frame, town.place.name)
        page.get_by_text(f"History: {town.place.name}").wait_for(timeout=30_000)
        idle(page)
        page.get_by_role("button", name="reject").first.click()
        after_reject = wait_drawn(page, changed_from=after_add, timeout=90)
        assert not any(s.startswith(town.place.name) for s in after_reject), after_reject
        assert any(s.startswith(f"{VILLAGE} · M23") for s in after_reject), after_reject
        page.screenshot(path=str(ARTIFACTS / "dashboard-review-rejected.png"), full_page=True)
        assert page.external == [], f"the page tried to reach the network: {page.external}"
    finally:
        ctx.close()

    deadline = time.monotonic() + 10
    while True:   # the corrections are data in the store, with who did them and why
        _, corrections = _store_state(review_db)
        kinds = sorted(c.kind for c in corrections)
        if kinds == ["add_place", "reject_event"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert kinds == ["add_place", "reject_event"], corrections
    added = next(c for c in corrections if c.kind == "add_place")
    assert added.value == VILLAGE and added.why == "OCHA settlement map"
