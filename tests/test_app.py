"""The dashboard under Streamlit's AppTest, on a real SQLite store built from invented events.

The scenario (invented towns, invented actors, sentences written for these tests):
Blue Movement takes Kesterfield and Lowmarsh from Red Coalition on 2021-03-05;
Red Coalition retakes Kesterfield on 2021-06-20; Red Coalition claims Brackwater from
Green Assembly on 2021-06-22; Blue Movement and Green Assembly both claim Ashcombe on
2021-04-10; 1,200 families flee Kesterfield for Ashcombe on 2021-06-18.
"""
from __future__ import annotations

import gc
import inspect
import io
import json
import re
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import shapely.geometry
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from gazetteer.records import Place
from timeline.records import Article, ArticleResult, Event
from timeline.store import open_store

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
TIMEOUT = 60

KESTERFIELD = Place(name="Kesterfield", lat=34.5, lon=38.5, geonameid=9100001, country="ZZ")
LOWMARSH = Place(name="Lowmarsh", lat=35.2, lon=39.6, geonameid=9100002, country="ZZ")
BRACKWATER = Place(name="Brackwater", lat=36.0, lon=40.5, geonameid=9100003, country="ZZ")
ASHCOMBE = Place(name="Ashcombe", lat=35.7, lon=37.8, geonameid=9100004, country="ZZ")

RETAKE_SENTENCE = "Red Coalition units pushed back into Kesterfield at dawn and raised their flag over the town hall."


def _article(n: int, title: str, day: str | None) -> Article:
    return Article(id=f"art{n}", text=f"{title}\nBody {n}.", title=title, path=f"story_{n}.txt",
                   url=f"https://news.example/{n}", published=day, published_precision="day" if day else None,
                   date_source="text" if day else "none")


def scenario_events() -> list[Event]:
    def cc(i, day, place, a_from, a_to, evidence, arts=("art1",), status="reported"):
        return Event(id=i, type="control_change", evidence=evidence, article_ids=arts, date=day,
                     precision="day", place=place, actor_from=a_from, actor_to=a_to, status=status,
                     report_date=day)
    return [
        cc("c1", "2021-03-05", KESTERFIELD, "Red Coalition", "Blue Movement",
           "Blue Movement fighters walked into Kesterfield after the garrison left overnight."),
        cc("c2", "2021-03-05", LOWMARSH, "Red Coalition", "Blue Movement",
           "Lowmarsh changed hands the same day, residents said.", arts=("art1", "art2")),
        cc("c3", "2021-06-20", KESTERFIELD, "Blue Movement", "Red Coalition", RETAKE_SENTENCE, arts=("art3",)),
        cc("c4", "2021-06-22", BRACKWATER, "Green Assembly", "Red Coalition",
           "Red Coalition says it now holds Brackwater.", arts=("art3",), status="claimed"),
        cc("c5", "2021-04-10", ASHCOMBE, None, "Blue Movement", "Blue Movement claimed the Ashcombe crossing.",
           arts=("art2",), status="claimed"),
        cc("c6", "2021-04-10", ASHCOMBE, None, "Green Assembly", "Green Assembly said its men hold Ashcombe.",
           arts=("art2",), status="claimed"),
        Event(id="d1", type="displacement", date="2021-06-18", precision="day", origin=KESTERFIELD,
              destination=ASHCOMBE, group="families", magnitude=1200, magnitude_text="1,200 families",
              evidence="Some 1,200 families left Kesterfield for camps near Ashcombe.", article_ids=("art3",)),
    ]


def build_store(path: Path) -> Path:
    """A real SQLite store with the scenario: articles with titles, and the events."""
    store = open_store(path)
    for art in (_article(1, "Blue Movement advances", "2021-03-06"), _article(2, "Two claims", "2021-04-11"),
                _article(3, "Kesterfield retaken", "2021-06-23"), _article(4, "A story with no date", None)):
        store.save_result(ArticleResult(article=art))
    store.put_events(scenario_events())
    store.close()
    return path


@pytest.fixture()
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("CONFLICTMAP_DB", str(build_store(tmp_path / "scenario.db")))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def held(at: AppTest) -> dict[str, int]:
    """The "Places held: A 2 · B 1" line under the slider, as {actor: places}."""
    lines = [c.value for c in at.caption if c.value.startswith("Places held: ")]
    if not lines:
        return {}
    pairs = (part.rsplit(" ", 1) for part in lines[0].removeprefix("Places held: ").split(" · "))
    return {actor.replace("\\", ""): int(n) for actor, n in pairs}


def map_layers(at: AppTest) -> str:
    """The feature layers the map component was sent on this run."""
    comp = next(e for e in at.main if e.type == "component_instance")
    return json.loads(comp.proto.json_args)["feature_group"]


def drawn_places(at: AppTest) -> dict[str, str]:
    """{place: holder} as the map's place layer draws it on this run (HTML-escaped strings)."""
    for blob in re.findall(r"var layer = (\{.*?\});\n", map_layers(at)):
        layer = json.loads(blob)
        if layer["kind"] == "place":
            return {props["n"]: layer["actors"][props["a"]] if props["a"] >= 0 else None
                    for _coords, _style, props in layer["items"]}
    raise AssertionError("no place layer sent to the map")


def changed_places(at: AppTest) -> set[str]:
    """Places the map highlights as having changed hands in the window."""
    for blob in re.findall(r"var layer = (\{.*?\});\n", map_layers(at)):
        layer = json.loads(blob)
        if layer["kind"] == "place":
            return {props["n"] for _coords, _style, props in layer["items"] if props["f"] & 2}
    return set()


def goto(at: AppTest, day: date) -> AppTest:
    at.slider(key="day").set_value(day).run()
    assert not at.exception, at.exception
    return at


def test_opens_on_the_latest_day_with_the_state_then(app):
    assert app.slider(key="day").value == date(2021, 6, 22)
    # Kesterfield (retaken) and Brackwater (claimed) are Red's; Lowmarsh is Blue's; Ashcombe is
    # Blue's (the two claims of the same day: Blue's is preferred, or kept by corroboration)
    assert held(app) == {"Red Coalition": 2, "Blue Movement": 2}


def test_the_header_counts_what_the_store_holds(tmp_path, monkeypatch):
    db = build_store(tmp_path / "counted.db")
    monkeypatch.setenv("CONFLICTMAP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    store = open_store(db)
    counts = store.counts()
    store.close()
    assert counts["articles"] == 4 and counts["events"] > 0
    assert at.caption[0].value.startswith(f"{counts['articles']} articles · {counts['events']} events · ")


def test_popups_quote_the_sentence_and_the_source_title(app):
    layers = map_layers(goto(app, date(2021, 6, 22)))
    assert "Red Coalition units pushed back into Kesterfield" in layers   # the retake's evidence
    assert "Kesterfield retaken" in layers                                 # and its article's title


def test_slider_changes_the_control_state_shown(app):
    goto(app, date(2021, 4, 1))
    # Kesterfield and Lowmarsh; Brackwater's loss in June implies Green Assembly held it before
    assert held(app) == {"Blue Movement": 2, "Green Assembly": 1}
    assert drawn_places(app) == {"Kesterfield": "Blue Movement", "Lowmarsh": "Blue Movement",
                                 "Brackwater": "Green Assembly"}
    goto(app, date(2021, 6, 22))
    assert held(app)["Red Coalition"] == 2                       # Kesterfield retaken, Brackwater claimed
    assert drawn_places(app) == {"Kesterfield": "Red Coalition", "Lowmarsh": "Blue Movement",
                                 "Brackwater": "Red Coalition", "Ashcombe": "Blue Movement"}


def test_the_chart_counts_events_per_day_and_marks_the_slider(app):
    goto(app, date(2021, 4, 10))
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    window, bars, rule = spec["layer"]
    assert rule["data"]["values"] == [{"day": "2021-04-10T00:00:00"}]
    assert window["data"]["values"] == [{"start": "2021-03-12T00:00:00", "end": "2021-04-11T00:00:00"}]
    per_day = {(r["day"][:10], r["kind"]): r["events"] for r in bars["data"]["values"]}
    assert per_day[("2021-03-05", "control change")] == 2       # Kesterfield and Lowmarsh
    assert per_day[("2021-06-18", "displacement")] == 1
    assert ("2021-06-19", "control change") not in per_day


def test_filters_narrow_what_is_shown(app):
    goto(app, date(2021, 6, 22))
    everything = held(app)
    app.multiselect(key="actors").set_value(["Green Assembly"]).run()
    narrowed = held(app)
    assert sum(narrowed.values()) < sum(everything.values()) and "Blue Movement" not in narrowed
    assert "Kesterfield" not in drawn_places(app)                # no Green Assembly event there
    app.multiselect(key="actors").set_value([]).run()
    app.number_input(key="min_sources").set_value(2).run()
    assert held(app) == {"Blue Movement": 1}                     # only Lowmarsh has two sources
    app.number_input(key="min_sources").set_value(1).run()
    app.multiselect(key="kinds").set_value(["displacement"]).run()
    assert held(app) == {} and "Kesterfield" in map_layers(app)  # no places, one flow from Kesterfield
    app.multiselect(key="kinds").set_value(["control_change"]).run()
    app.multiselect(key="statuses").set_value(["reported"]).run()
    assert "Brackwater" not in drawn_places(app)                 # its change was only claimed


def test_window_length_and_step_buttons(app):
    goto(app, date(2021, 6, 22))
    app.radio(key="window").set_value("week").run()
    app.button(key="step_back").click().run()
    assert app.slider(key="day").value == date(2021, 6, 15)
    summary = next(m.value for m in app.markdown if m.value.startswith("**2021-"))
    assert "window 2021-06-09 – 2021-06-15" in summary
    app.button(key="step_fwd").click().run()
    app.button(key="step_fwd").click().run()
    assert app.slider(key="day").value == date(2021, 6, 22)  # clamped to the last day of the span


def test_changed_in_window_is_highlighted(app):
    goto(app, date(2021, 6, 22))
    app.radio(key="window").set_value("week").run()
    summary = next(m.value for m in app.markdown if m.value.startswith("**2021-06-22"))
    assert "2 changed hands" in summary                           # Kesterfield and Brackwater
    assert changed_places(app) == {"Kesterfield", "Brackwater"}
    app.radio(key="window").set_value("day").run()
    summary = next(m.value for m in app.markdown if m.value.startswith("**2021-06-22"))
    assert "1 changed hands" in summary
    assert changed_places(app) == {"Brackwater"}


def _capture_downloads(monkeypatch) -> list[tuple[bytes, str, str | None]]:
    """What the download buttons hand to Streamlit's media store: (bytes, mimetype, filename)."""
    captured = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        captured.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


def test_exported_geojson_of_the_view_validates(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DB", str(build_store(tmp_path / "scenario.db")))
    captured = _capture_downloads(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    goto(at, date(2021, 6, 22))
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["GeoJSON of the current view", "GeoJSON of everything",
                      "Control intervals (GeoJSON)", "Flowmap CSVs (zip)"]
    data, _mime, filename = [c for c in captured if c[1] == "application/geo+json"][-1]
    assert filename.endswith(".geojson")
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    for f in doc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid and -180 <= geom.bounds[0] <= geom.bounds[2] <= 180
        assert f["properties"]["start"] <= "2021-06-22T23:59:59Z" and f["properties"]["end"] >= "2021-05-24"
    ids = {f["properties"]["event_id"] for f in doc["features"]}
    assert ids == {"c3", "c4", "d1"}                              # the month window ending 2021-06-22
    gdf = gpd.read_file(io.BytesIO(data))                          # GDAL reads it too
    assert len(gdf) == 3 and gdf.crs.to_epsg() == 4326


def test_undated_panel_lists_undated_articles_and_dating_one_updates(app):
    expander = next(e for e in app.expander if e.label.startswith("Undated articles"))
    assert expander.label == "Undated articles (1)"
    text = " ".join(m.value for m in expander.markdown)
    assert "story\\_4" in text and "story\\_1" not in text
    app.date_input(key="date_art4").set_value(date(2021, 5, 2)).run()
    app.button(key="set_art4").click().run()
    assert not app.exception, app.exception
    assert next(e for e in app.expander if e.label.startswith("Undated")).label == "Undated articles (0)"


def test_upload_reports_bad_files_and_ingests_the_rest(app):
    good = b"Invented Gazette\n3 May 2021\nA quiet day in an invented valley; nothing changed hands.\n"
    app.file_uploader(key="uploads").set_value([("good.txt", good, "text/plain"),
                                                ("broken.json", b"{not json", "application/json")])
    app.run()
    app.button(key="ingest").click().run()
    assert not app.exception, app.exception
    errors = [e.value for e in app.sidebar.error]
    assert any(e.startswith("broken") for e in errors), errors
    assert any("Read 1 articles, 1 new" in s.value for s in app.sidebar.success)
    assert app.caption[0].value.startswith("5 articles")


def test_history_panel_shows_evidence_for_a_clicked_place(app):
    goto(app, date(2021, 6, 22))
    app.session_state["place"] = "gn:9100001"                     # what a click on Kesterfield sets
    app.run()
    assert app.subheader[0].value == "History: Kesterfield"
    quotes = " ".join(m.value for m in app.markdown if m.value.startswith(">"))
    assert "Red Coalition units pushed back into Kesterfield" in quotes.replace("\\", "")
    assert len(app.dataframe) == 1 and list(app.dataframe[0].value["holder"]) == [
        "Red Coalition", "Blue Movement", "Red Coalition"]


def test_seeds_open_with_the_undated_articles_listed(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DB", str(tmp_path / "fresh.db"))   # empty: the app ingests ./seeds
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    assert at.caption[0].value.startswith("5 articles")
    expander = next(e for e in at.expander if e.label.startswith("Undated articles"))
    text = " ".join(m.value for m in expander.markdown)
    assert "002\\_" in text and "004\\_" in text
    assert "000\\_" not in text and "003\\_" not in text


def test_play_steps_through_the_timeline_to_its_end(app):
    goto(app, date(2021, 5, 1))
    started = time.monotonic()
    app.toggle(key="play").set_value(True).run(timeout=TIMEOUT)
    assert not app.exception, app.exception
    assert time.monotonic() - started < 1.0 or app.slider(key="day").value == date(2021, 5, 1)
    assert app.slider(key="day").value == date(2021, 5, 1)     # the run that starts playing does not step
    days = []
    for _ in range(3):  # what each tick of the play timer (a fragment with run_every) asks the page for
        app.session_state["_advance"] = True
        app.run()
        assert not app.exception, app.exception
        days.append(app.slider(key="day").value)
    assert days == [date(2021, 5, 31), date(2021, 6, 22), date(2021, 6, 22)]  # clamped at the end
    assert app.toggle(key="play").value is False                 # and it stopped there


def test_no_run_pauses_the_collector_of_the_whole_process(app, monkeypatch):
    # a run serves one session among many: the page and geo/ must not switch off (or
    # freeze) the cyclic collector for every thread of the server. (The store's bulk
    # reads still pause it around decoding records: timeline/store.py, issue 14's store part.)
    callers = []

    def record(*_args):
        frames = [f.filename for f in inspect.stack()[1:] if not f.filename.endswith(("bulk.py", "contextlib.py"))]
        callers.append(frames[0])

    monkeypatch.setattr(gc, "disable", record)
    monkeypatch.setattr(gc, "freeze", record)
    goto(app, date(2021, 5, 1))
    app.toggle(key="play").set_value(True).run(timeout=TIMEOUT)
    app.session_state["place"] = "gn:9100001"
    app.run()
    app.button(key="close_history").click().run()
    assert not app.exception, app.exception
    assert {Path(c).name for c in callers} <= {"store.py"}, callers
    assert gc.isenabled()


def test_a_store_that_is_not_sqlite_gets_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "notes.db"
    bad.write_text("these are notes, not a database\n" * 200)
    monkeypatch.setenv("CONFLICTMAP_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error[0].value.startswith(f"Cannot open the store {bad}")
    assert "not a SQLite database" in at.error[0].value


@pytest.mark.parametrize("served", [True, False])
def test_the_map_needs_no_network(app, served):
    from streamlit import config

    before = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", served)
    try:
        app.run()
    finally:
        config.set_option("server.enableStaticServing", before)
    args = json.loads(next(e for e in app.main if e.type == "component_instance").proto.json_args)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/" if served else "data:") for link in links)
    blob = json.dumps(args)
    assert "http://" not in blob and "https://" not in blob     # no CDN, no tile server
    assert ("ne_110m_countries.geojson" in args["script"]) == served


def test_two_sessions_scrub_the_slider_at_once(tmp_path, monkeypatch):
    # two browser sessions on one server share the store and the cached frames; each must
    # see the state of its own day, whatever the other one is doing meanwhile
    import threading

    monkeypatch.setenv("CONFLICTMAP_DB", str(build_store(tmp_path / "shared.db")))
    days = [date(2021, 3, 5), date(2021, 4, 1), date(2021, 4, 10), date(2021, 6, 18), date(2021, 6, 22)]
    alone = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    expected = {day: (held(goto(alone, day)), drawn_places(alone)) for day in days}
    assert len({str(v) for v in expected.values()}) >= 3            # the days do differ

    # a server compiles the script once for every session (one ScriptCache per runtime); each
    # AppTest run compiles it afresh, and CPython 3.11's parser is not safe to run in two
    # threads at once ("AST constructor recursion depth mismatch"): compile one at a time
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    compiled, lock = ScriptCache.get_bytecode, threading.Lock()

    def get_bytecode(self, script_path):
        with lock:
            return compiled(self, script_path)

    monkeypatch.setattr(ScriptCache, "get_bytecode", get_bytecode)
    # AppTest sets Streamlit's Runtime singleton to a mock for each run and to None when the run
    # ends, so a run ending in one thread took it from under a run in the other ("Runtime hasn't
    # been created!", seen once in about ten suite runs); a server has one Runtime for all its
    # sessions, which is what this keeps: the last mock set
    from streamlit.runtime.runtime import Runtime

    runtime_instance, last_runtime = Runtime.instance.__func__, {}

    def instance(cls):
        if cls._instance is not None:
            last_runtime["mock"] = cls._instance
            return cls._instance
        return last_runtime.get("mock") or runtime_instance(cls)

    monkeypatch.setattr(Runtime, "instance", classmethod(instance))
    sessions = [AppTest.from_file(APP, default_timeout=TIMEOUT).run() for _ in range(2)]
    seen: list[list] = [[], []]
    spans: list[list] = [[], []]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def scrub(i: int) -> None:
        try:
            start.wait()
            order = days if i == 0 else days[::-1]
            for _round in range(2):
                for day in order:
                    began = time.monotonic()
                    at = goto(sessions[i], day)
                    spans[i].append((began, time.monotonic()))
                    seen[i].append((day, held(at), drawn_places(at), at.slider(key="day").value))
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)

    threads = [threading.Thread(target=scrub, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10 * TIMEOUT)
    assert not errors, errors
    assert any(a0 < b1 and b0 < a1 for a0, a1 in spans[0] for b0, b1 in spans[1])   # runs did overlap
    for i in range(2):
        assert len(seen[i]) == 2 * len(days)
        for day, places_held, drawn, slider in seen[i]:
            assert slider == day and (places_held, drawn) == expected[day], (i, day)


def test_a_scope_reads_one_region_and_period_of_the_store(tmp_path, monkeypatch):
    # Kesterfield (34.5, 38.5) and Lowmarsh (35.2, 39.6) lie in the box, Brackwater (36.0, 40.5)
    # and Ashcombe (35.7, 37.8) do not; June is after the period
    monkeypatch.setenv("CONFLICTMAP_DB", str(build_store(tmp_path / "scenario.db")))
    monkeypatch.setenv("CONFLICTMAP_SCOPE", "bbox=38,34,40,35.5; end=2021-05-31")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert " 2 events · " in at.caption[0].value and "scope bbox=38,34,40,35.5" in at.caption[0].value
    assert held(at) == {"Blue Movement": 2}


def test_a_bad_scope_is_one_line_of_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DB", str(build_store(tmp_path / "scenario.db")))
    monkeypatch.setenv("CONFLICTMAP_SCOPE", "bbox=40,34,38")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "CONFLICTMAP_SCOPE: scope bbox '40,34,38': give four degrees west,south,east,north "
        "with west <= east and south <= north"]
