"""Corrections as records (timeline.corrections) and the review functions (timeline.review),
in process, on real SQLite stores. The loop through the command line is
tests/test_corrections_loop.py."""
from __future__ import annotations

import pytest

from gazetteer.records import Mention, Place
from timeline import review
from timeline.corrections import (
    Corrector,
    EventKey,
    date_span,
    event_key,
    from_csv,
    new_correction,
    to_csv,
)
from timeline.ingest import ingest_paths
from timeline.records import Article, ArticleResult, Event
from timeline.store import open_store

TOWN = Place("Sometown", 10.0, 20.0, 1, "ZZ")
OTHER = Place("Othertown", 11.0, 21.0, 2, "ZZ")


def _event(eid: str, article: str, evidence: str, place=TOWN, start=0, **kw) -> Event:
    return Event(eid, "control_change", evidence, (article,), date="2020-01-02", end="2020-01-02",
                 precision="day", place=place, evidence_start=start, actor_to="A",
                 mentions=(Mention(place.name, start, start + len(place.name), place, 0.9),), **kw)


def _result(article_id: str, *events: Event) -> ArticleResult:
    return ArticleResult(article=Article(id=article_id, text="x"), events=events)


def _key(e: Event) -> dict:
    k = event_key(e)
    return {"article_id": k.article_id, "event_type": k.event_type, "evidence": k.evidence,
            "anchor": k.anchor, "offset": k.offset}


def test_set_reject_and_merge_apply_by_key_not_by_row_id(gz):
    a = _event("r1", "art1", "A took  Sometown.")
    b = _event("r2", "art1", "A took Othertown.", place=OTHER, start=20)
    c = _event("r3", "art2", "Sometown fell to A.")
    fixes = [new_correction("set_event", **_key(a), field="actor_to", value="B", who="ana"),
             new_correction("reject_event", **_key(b), who="ana"),
             new_correction("merge_events", **_key(c), value=event_key(a).text(), who="ana")]
    corrector = Corrector(fixes, gz)
    # re-processing gives new row ids and moved offsets: the keys still find the reports
    moved = [_result("art1", _event("new1", "art1", "A took Sometown.", start=5),
                     _event("new2", "art1", "A took Othertown.", place=OTHER, start=30)),
             _result("art2", _event("new3", "art2", "Sometown fell to A."))]
    out = corrector.apply(moved)
    (first,), second = out[0].events, out[1].events
    assert (first.id, first.actor_to, first.article_ids) == ("new1", "B", ("art1", "art2"))
    assert set(first.corrections) == {fixes[0].id, fixes[2].id}
    assert second == ()
    assert corrector.status == {f.id: None for f in fixes}
    # the report gone: reported with the reason, never silently dropped
    gone = Corrector(fixes[:1], gz)
    gone.apply([_result("art1", _event("x", "art1", "Something else entirely."))])
    assert "no control_change event in article art1" in gone.status[fixes[0].id]
    assert [r for _, r in gone.unmatched(["art1"])] == [gone.status[fixes[0].id]]
    assert "is not in the store" in Corrector(fixes[:1], gz).unmatched([])[0][1]


def test_set_fields_dates_and_places(gz):
    e = _event("r1", "art1", "A took Sometown.", unresolved=())
    k = _key(e)

    def fixed(field, value, **kw):
        c = new_correction("set_event", **k, field=field, value=value, **kw)
        return Corrector([c], gz).apply_one(_result("art1", e)).events[0]

    assert (fixed("date", "2019-07").date, fixed("date", "2019-07").end, fixed("date", "2019-07").precision) == \
        ("2019-07-01", "2019-07-31", "month")
    assert fixed("date", "none").date is None
    assert (fixed("precision", "week").date, fixed("precision", "week").end) == ("2019-12-30", "2020-01-05")
    assert fixed("status", "claimed").status == "claimed"
    assert fixed("actor_from", "none").actor_from is None
    assert fixed("place", "Goma").place.country == "CD"
    assert fixed("place", "Newplace", lat=1.5, lon=2.5).place.to_json() == \
        {"name": "Newplace", "lat": 1.5, "lon": 2.5, "geonameid": None, "country": None}
    with pytest.raises(ValueError, match="status must be one of"):
        new_correction("set_event", **k, field="status", value="maybe")
    with pytest.raises(ValueError, match="cannot read the date"):
        new_correction("set_event", **k, field="date", value="last summer")
    assert date_span("2016") == ("2016-01-01", "2016-12-31", "year")


def test_a_surface_form_can_be_no_place_or_another_place(gz):
    text = "Fighters of the Rapid Support Forces entered Kafr Tonenke on Monday."
    art = Article.from_text(text, published="2023-05-02", published_precision="day", date_source="text")
    city = Place("Rapid City", 44.08, -103.23, 5768233, "US")
    mentions = (Mention("Rapid", 16, 21, city, 0.5),)
    result = ArticleResult(article=art, mentions=mentions)
    no = new_correction("map_surface", anchor="Rapid", field="not_a_place", who="ana")
    out = Corrector([no], gz).apply_one(result)
    assert all(m.surface != "Rapid" for m in out.mentions)
    to = new_correction("map_surface", article_id=art.id, anchor="Kafr Tonenke", field="place",
                        value="Kafr Tonenke", lat=15.1, lon=32.2, country="SD")
    out = Corrector([no, to], gz).apply_one(result)
    assert [(m.surface, m.place.lat) for m in out.mentions] == [("Kafr Tonenke", 15.1)]
    wrong = new_correction("map_surface", article_id=art.id, anchor="Nowhere", field="not_a_place")
    corrector = Corrector([wrong], gz)
    corrector.apply_one(result)
    assert "no place mention 'nowhere'" in corrector.status[wrong.id]


def test_csv_round_trip_neutralises_formulas_and_checks_every_row():
    cs = [new_correction("add_place", anchor="=cmd|' /C calc'!A0", value="=cmd|' /C calc'!A0", lat=-1.5,
                         lon=29.0, country="cd", aliases="A|B", who="+ana", why="@why\nsecond line"),
          new_correction("reject_event", article_id="art1", event_type="displacement",
                         evidence='He said: "they, fled".', anchor="x>y", offset=12, who="-bob")]
    text = to_csv(cs)
    assert ",'=cmd" in text and ",'+ana," in text and "'-bob" in text and ",-1.5," in text
    back, bad = from_csv(text)
    assert bad == [] and back == cs
    broken = text.replace(",-1.5,", ",south,") + "set_event,,,,,,,,,,,,,,,\nshort,row\n"
    back, bad = from_csv(broken)
    assert [c.kind for c in back] == ["reject_event"]
    # line numbers are where each row starts (the first row's `why` spans two lines)
    assert [(n, r.split(";")[0]) for n, r in bad] == \
        [(2, "lat is not a number: 'south'"), (5, "unknown kind ''"), (6, "2 cells, expected 16")]
    assert from_csv("a,b\n")[1] and from_csv("")[1]
    assert EventKey.parse(cs[1].key.text()) == cs[1].key


ARTICLES = {
    "seized.txt": "M23 seizes Kibumbazi\n\nGOMA, Congo, Jan 20, 2025 (Reuters) - M23 rebels captured the village "
                  "of Kibumbazi on Monday, residents said.\n",
    "retaken.txt": "Army retakes Rutshuru\n\nKINSHASA, Congo, Feb 3, 2025 (Reuters) - Congolese army troops "
                   "recaptured Rutshuru from M23 rebels on Sunday, the army said.\n",
}


@pytest.fixture
def store(tmp_path, monkeypatch, gz):
    monkeypatch.setenv("CONFLICTMAP_PLACES", str(tmp_path / "none.csv"))
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    s = open_store(tmp_path / "store.db")
    ingest_paths([tmp_path / n for n in ARTICLES], s)
    yield s
    s.close()


def test_review_queue_candidates_and_actions(store):
    queue = review.review_queue(store)
    assert any("place not in the gazetteer: Kibumbazi" in r["reasons"] for r in queue)
    dates = [r["event"].date for r in queue]
    assert dates == sorted(dates, key=lambda d: (d is None, d or ""))
    rows = review.unresolved_with_candidates(store)
    assert [(r["name"], r["candidates"]) for r in rows] == [("Kibumbazi", [])]

    done = review.add_place(store, "Kibumbazi", -1.43, 29.09, country="CD", who="ana", why="map")
    assert done.articles == 1 and done.unmatched == []
    assert review.unresolved_with_candidates(store) == []
    (village,) = [e for e in store.events() if e.place and e.place.name == "Kibumbazi"]
    assert [h["kind"] for h in review.event_history(store, village)] == ["add_place"]

    (army,) = [e for e in store.events() if e.place and e.place.name == "Rutshuru"]
    review.edit_event(store, army.id, "actor_to", "M23", who="ana")
    (army,) = [e for e in store.events() if e.place and e.place.name == "Rutshuru"]
    assert army.actor_to == "M23" and army.corrections
    # a second edit finds the event by the key of its first correction
    review.edit_event(store, army.id, "place", "Goma", who="ana")
    assert sorted(e.place.name for e in store.events() if e.place) == ["Goma", "Kibumbazi"]
    (moved,) = [e for e in store.events() if e.place and e.place.name == "Goma"]
    review.reject_event(store, moved.id, who="ana", why="wrong")
    assert [e.place.name for e in store.events() if e.place] == ["Kibumbazi"]
    with pytest.raises(review.ReviewError, match="no event with id"):
        review.reject_event(store, "nothing")
    with pytest.raises(review.ReviewError, match="no place 'Qzxvbwtown'"):
        review.edit_event(store, village.id, "place", "Qzxvbwtown")
    # withdrawing a correction brings the event back
    (rejection,) = [c for c in store.corrections() if c.kind == "reject_event"][:1]
    review.remove(store, rejection.id)
    assert sorted(e.place.name for e in store.events() if e.place) == ["Goma", "Kibumbazi"]
    assert review.unmatched(store) == []


def test_article_date_is_a_correction(store):
    (art,) = [a for a in store.articles() if a.title.startswith("Army")]
    c = review.set_article_date(store, art.id[:8], "2025-02-10", who="ana", why="wire date wrong")
    assert store.article(art.id).published == "2025-02-10" and store.article(art.id).date_source == "user"
    assert [x.id for x in store.corrections()] == [c.id]
    with pytest.raises(review.ReviewError, match="cannot read the date"):
        review.set_article_date(store, art.id, "someday")
    assert [x.id for x in store.corrections()] == [c.id]


def test_merge_two_events_as_the_same(store):
    (army,) = [e for e in store.events() if e.place and e.place.name == "Rutshuru"]
    (village,) = [e for e in store.events() if e.unresolved]
    done = review.merge_events(store, army.id, village.id, who="ana", why="one story")
    assert done.unmatched == [] and len(done.corrections) >= 1
    (merged,) = store.events()
    assert merged.unresolved == (("place", "Kibumbazi"),)
    assert sorted(merged.article_ids) == sorted(a.id for a in store.articles())
    assert {h["kind"] for h in review.event_history(store, merged)} == {"merge_events"}
    with pytest.raises(review.ReviewError, match="merged into itself"):
        review.merge_events(store, merged.id, merged.id)
