"""The contract every store keeps (`timeline.store.Store`), written once for any implementation.

Each test takes `store_factory`: a callable `open(name="main")` returning a store on a
database of the test's own, the same database for the same name (a second handle, as
another process or the dashboard beside an ingest would hold). `tests/test_store_contract.py`
runs these against the SQLite store; a PostgreSQL store of a later issue adds its factory
there and nothing else.
"""
from __future__ import annotations

import random
import threading
import time

import pytest

from gazetteer.records import Mention, Place
from timeline.corroborate import corroborate
from timeline.records import Article, ArticleResult, Event

#: How long the threaded test runs its 8 readers and 2 writers.
THREADED_SECONDS = 10.0


def place(n: int) -> Place:
    return Place(name=f"Town {n}", lat=30.0 + n / 1000, lon=40.0 + n / 1000, geonameid=900_000 + n, country="SY")


def article(n: int, *, published: str | None = "2017-07-05", text: str | None = None) -> Article:
    body = text or f"Rebels took Town {n} on Wednesday, residents said."
    return Article.from_text(f"Report {n}\n{body}", path=f"in/a{n}.txt", published=published,
                             published_precision="day" if published else None,
                             date_source="text" if published else "none")


def report(art: Article, n: int, *, date: str | None = "2017-07-05", where: Place | None = None,
           eid: str | None = None) -> Event:
    return Event(id=eid or f"r-{art.id}-{n}", type="control_change", evidence=f"Rebels took Town {n}.",
                 article_ids=(art.id,), date=date, end=date, precision="day" if date else None,
                 place=where or place(n), actor_to="Rebels", report_date=art.published)


def result(n: int, *, events: int = 1, **kw) -> ArticleResult:
    art = article(n, **kw)
    where = place(n)
    mention = Mention(surface=where.name, start=12, end=12 + len(where.name), place=where, confidence=0.9)
    return ArticleResult(article=art, mentions=(mention,),
                         events=tuple(report(art, n * 100 + k, where=place(n * 100 + k)) for k in range(events)))


# -- articles -------------------------------------------------------------------------------

def test_a_new_store_is_empty_and_consistent(store_factory):
    store = store_factory()
    assert store.counts() == {"articles": 0, "mentions": 0, "event_reports": 0, "events": 0}
    assert store.articles() == [] and store.events() == [] and store.event_reports() == []
    assert isinstance(store.version, int)
    assert store.check() == [] and store.check_integrity() == []


def test_articles_come_back_as_written_dated_first(store_factory):
    store = store_factory()
    undated, late, early = result(1, published=None), result(2, published="2017-08-01"), result(3)
    store.save_results([undated, late, early])
    assert [a.id for a in store.articles()] == [early.article.id, late.article.id, undated.article.id]
    assert store.article(late.article.id) == late.article
    assert store.article("no such id") is None
    assert store.has_article(early.article.id) and not store.has_article("no such id")
    assert store.article_text(early.article.id) == early.article.text
    assert store.article_text("no such id") == ""
    assert {a.text for a in store.articles(with_text=False)} == {""}
    assert [m.surface for m in store.mentions(early.article.id)] == ["Town 3"]
    assert store.mentions("no such id") == []


def test_a_short_id_finds_its_article_and_underscores_are_characters(store_factory):
    store = store_factory()
    res = result(1)
    store.save_results([res])
    prefix = res.article.id[:6]
    assert [a.id for a in store.find_articles(prefix)] == [res.article.id]
    assert store.find_articles("_") == [] and store.find_articles("%") == []


def test_a_batch_is_written_whole_or_not_at_all(store_factory):
    store = store_factory()
    good = result(1)
    broken = ArticleResult(article=Article(id="x", text=None, date_source="none"))  # a text is required
    with pytest.raises(Exception):  # noqa: B017 - each store raises its database's own error
        store.save_results([good, broken])
    assert store.counts()["articles"] == 0 and not store.has_article(good.article.id)
    store.save_results([good])
    assert store.counts()["articles"] == 1


def test_writing_an_article_again_replaces_its_mentions_and_reports(store_factory):
    store = store_factory()
    first = result(1, events=2)
    store.save_results([first])
    again = ArticleResult(article=first.article, mentions=(), events=first.events[:1])
    store.save_result(again)
    assert store.counts() == {"articles": 1, "mentions": 0, "event_reports": 1, "events": 1}
    assert [e.id for e in store.event_reports(first.article.id)] == [first.events[0].id]



def test_a_deleted_article_leaves_nothing_behind(store_factory):
    store = store_factory()
    store.save_results([result(1, events=2), result(2)])
    store.delete_articles([article(1).id])
    store.refresh_events()
    assert [a.id for a in store.articles()] == [article(2).id]
    assert store.counts() == {"articles": 1, "mentions": 1, "event_reports": 1, "events": 1}
    assert store.event_reports(article(1).id) == [] and store.mentions(article(1).id) == []

# -- events -----------------------------------------------------------------------------------

def test_reports_of_one_event_from_two_articles_become_one_event(store_factory):
    store = store_factory()
    a, b = article(1), article(2, published="2017-07-06")
    town = place(7)
    store.save_results([ArticleResult(article=a, events=(report(a, 1, where=town),)),
                        ArticleResult(article=b, events=(report(b, 2, where=town, date="2017-07-06"),))])
    assert store.counts()["event_reports"] == 2
    (event,) = store.events()
    assert event.sources == 2 and set(event.article_ids) == {a.id, b.id}
    assert [e.id for e in store.events()] == [e.id for e in corroborate(store.event_reports())]
    assert {e.id for e in store.event_reports(a.id)} == {report(a, 1).id}


def test_event_columns_and_events_by_id_agree_with_events(store_factory):
    store = store_factory()
    store.save_results([result(n, events=2) for n in range(1, 4)] + [result(9, published=None)])
    events = store.events()
    columns, places = store.event_columns()
    assert list(columns["id"]) == [e.id for e in events]
    for k, e in enumerate(events):
        ref = columns["place_ref"][k]
        assert (places[ref] if ref is not None else None) == e.place
        assert (columns["date"][k], columns["sources"][k], columns["actor_to"][k]) == (e.date, e.sources, e.actor_to)
    wanted = [events[3].id, "no such id", events[0].id]
    assert [e.id for e in store.events_by_id(wanted)] == [events[3].id, events[0].id]
    assert store.events_by_id([]) == []


def test_ready_made_events_need_no_articles(store_factory):
    store = store_factory()
    v0 = store.version
    e = report(article(1), 1)
    store.put_events([e])
    assert store.version != v0
    assert [x.id for x in store.events()] == [e.id] and store.counts()["articles"] == 0


def test_reads_never_write_and_the_writer_rebuilds(store_factory):
    store = store_factory()
    store.save_results([result(1)])
    before = (store.version, [e.id for e in store.events()])
    store.save_results([result(2)], rebuild=False)   # a writer with more batches to come
    store.mark_inference_done()
    version = store.version
    for _ in range(2):   # reading, however often, changes nothing
        assert [e.id for e in store.events()] == before[1]
        assert len(store.event_columns()[0]["id"]) == store.counts()["events"] == 1
        assert store.version == version
    assert store.check() != []   # the rebuild still owed is reported
    assert store.refresh_events() is True and store.refresh_events() is False
    assert store.version != version and store.counts()["events"] == 2
    assert store.check() == []
    assert store.refresh_events(force=True) is True


def test_another_handle_sees_the_writes(store_factory):
    writer, reader = store_factory("shared"), store_factory("shared")
    writer.save_results([result(1)])
    assert reader.counts() == writer.counts() and reader.version == writer.version
    assert [e.id for e in reader.events()] == [e.id for e in writer.events()]


# -- date inference's bookkeeping -----------------------------------------------------------

def test_inference_marks_follow_the_writes(store_factory):
    store = store_factory()
    first = result(1)
    store.save_results([first])
    assert store.inference_pending() and store.written_since_inference() == {first.article.id}
    store.mark_inference_done()
    assert not store.inference_pending() and store.written_since_inference() == set()
    second = result(2)
    store.save_results([second])
    assert store.inference_pending() and store.written_since_inference() == {second.article.id}
    store.clear_inference_mark()
    assert store.written_since_inference() == {first.article.id, second.article.id}


def test_an_article_written_while_inference_runs_is_compared_next_time(store_factory):
    """The mark records what inference read (`inference_point`, read before it reads the
    articles) plus what it wrote itself: an article another writer stored meanwhile stays
    owed to the next inference, even when this one writes after it."""
    store, other = store_factory("race"), store_factory("race")
    store.save_results([result(1)])
    point = store.inference_point()          # inference reads the articles from here
    other.save_results([result(2)])          # another ingest stores an article meanwhile
    own = result(3)
    store.save_results([own])                # then this one stores what it held and dated
    store.mark_inference_done(point, [own.article.id])
    assert store.inference_pending() and result(2).article.id in store.written_since_inference()
    # without a writer in between, what this inference wrote is marked with the rest
    point = store.inference_point()
    store.save_results([result(4)])
    store.mark_inference_done(point, [result(4).article.id])
    assert not store.inference_pending() and store.written_since_inference() == set()


def test_an_inference_that_ends_last_does_not_take_back_a_later_ones_mark(store_factory):
    """Two ingests at once: the one whose inference started first may end last; its mark (its
    point, another writer's article after it) never moves the mark below the other's."""
    store, other = store_factory("two"), store_factory("two")
    store.save_results([result(1)])
    point = store.inference_point()          # this ingest's inference starts reading here
    other.save_results([result(2)])          # the other ingest writes, infers and marks all
    other.mark_inference_done()
    assert not other.inference_pending()
    store.mark_inference_done(point, [])     # this one ends last: result(2) was not its own
    assert not store.inference_pending() and store.written_since_inference() == set()


def test_story_prints_cover_every_article(store_factory):
    from timeline.inference import story_print

    store = store_factory()
    results = [result(n, text=f"Families fled Town {n}. " * 5) for n in range(3)]
    store.save_results(results)
    prints = store.story_prints()
    assert set(prints) == {r.article.id for r in results}
    assert prints[results[0].article.id] == story_print(results[0].article.text)


# -- threads ---------------------------------------------------------------------------------

def _reader(store, stop: threading.Event, errors: list, passes: list) -> None:
    seen = 0
    try:
        while not stop.is_set():
            counts = store.counts()
            assert counts["articles"] >= seen, "an article read before is gone"
            seen = counts["articles"]
            columns, places = store.event_columns()
            assert all(r is None or 0 <= r < len(places) for r in columns["place_ref"])
            events = store.events()
            if events:
                ids = [events[0].id, events[-1].id]
                assert [e.id for e in store.events_by_id(ids)] == ids
            store.articles(with_text=False)
            passes.append(1)
    except Exception as e:   # reported by the test, with the thread's name
        errors.append(f"{threading.current_thread().name}: {type(e).__name__}: {e}")


def _writer(store, k: int, stop: threading.Event, errors: list, written: list) -> None:
    rng = random.Random(k)
    n = 0
    try:
        while not stop.is_set():
            batch = [result(10_000 * (k + 1) + n + i) for i in range(rng.randint(1, 4))]
            store.save_results(batch, rebuild=rng.random() < 0.5)
            written.extend(batch)
            n += len(batch)
    except Exception as e:
        errors.append(f"{threading.current_thread().name}: {type(e).__name__}: {e}")


def test_eight_readers_and_two_writers_lose_nothing(store_factory):
    """8 reader and 2 writer threads for THREADED_SECONDS: the writers and half the readers
    share one handle (as the dashboard's sessions share its store), the other readers have
    their own. No error, and every article and event written is there at the end."""
    shared = store_factory("threads")
    stop = threading.Event()
    errors: list[str] = []
    passes: list[int] = []
    written: list[ArticleResult] = []
    handles = [shared if k % 2 == 0 or k >= 8 else store_factory("threads") for k in range(10)]
    threads = [threading.Thread(target=_reader, args=(handles[k], stop, errors, passes), name=f"reader{k}")
               for k in range(8)]
    threads += [threading.Thread(target=_writer, args=(handles[8 + k], k, stop, errors, written),
                                 name=f"writer{k}") for k in range(2)]
    for t in threads:
        t.start()
    time.sleep(THREADED_SECONDS)
    stop.set()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    print(f"{len(passes)} reader passes, {len(written)} articles written in {THREADED_SECONDS:g} s")
    assert len(passes) >= 8 and len(written) >= 20
    shared.refresh_events()   # the last batch may have left its rebuild to a later writer
    shared.mark_inference_done()
    fresh = store_factory("threads")
    assert {a.id for a in fresh.articles(with_text=False)} == {r.article.id for r in written}
    reports = {e.id for r in written for e in r.events}
    assert {e.id for e in fresh.event_reports()} == reports
    assert {e.id for e in fresh.events()} == reports   # a town each: no two reports merge
    assert fresh.check() == []


def test_corrections_are_kept_listed_marked_and_removed(store_factory):
    """The analyst's corrections (`timeline.corrections`) are the store's data like any other."""
    from timeline.corrections import new_correction

    store = store_factory()
    art = article(40)
    store.save_result(ArticleResult(art, (), (report(art, 40),)))
    reject = new_correction("reject_event", article_id=art.id, event_type="control_change",
                            evidence="Rebels took Town 40.", who="analyst", why="a rumour",
                            at="2026-01-01T10:00:00Z")
    place_fix = new_correction("add_place", anchor="Tonenke", lat=-1.5, lon=29.1, country="CD", who="analyst",
                               at="2026-01-02T10:00:00Z")
    v0 = store.version
    assert store.add_correction(reject) and store.add_correction(place_fix)
    assert not store.add_correction(reject)            # the same correction is kept once
    assert store.version != v0                          # readers' caches see the change
    assert [c.id for c in store.corrections()] == [reject.id, place_fix.id]      # oldest first
    assert store.corrections()[0].why == "a rumour"
    assert store.correction_status() == {reject.id: "", place_fix.id: ""}
    store.set_correction_status({reject.id: None, place_fix.id: "article gone"})
    assert store_factory().correction_status() == {reject.id: "ok", place_fix.id: "article gone"}
    assert store.remove_correction(reject.id) and not store.remove_correction(reject.id)
    assert [c.id for c in store_factory().corrections()] == [place_fix.id]
