"""Corroboration: same type, places and compatible dates merge; everything else stays apart."""
from __future__ import annotations

import random

import orjson

from gazetteer.records import Place
from timeline.corroborate import corroborate
from timeline.records import Event

TOWN = Place("Town A", 36.5, 37.9, 1001, "SY")
OTHER = Place("Town B", 35.9, 39.0, 1002, "SY")
NO_ID = Place("Hamlet", 36.123, 37.456, None, "SY", source="user")


def ev(eid, art, date=None, precision="day", end=None, place=TOWN, type_="control_change", status="reported",
       report=None, conf=0.6, **kw):
    return Event(id=eid, type=type_, evidence=f"evidence {eid}", article_ids=(art,), date=date,
                 end=end or date, precision=precision if date else None, status=status, place=place,
                 report_date=report or date, confidence=conf, **kw)


def test_same_event_two_articles_is_one_event_with_two_sources():
    out = corroborate([ev("a", "art2", "2017-10-15", report="2017-10-16"), ev("b", "art1", "2017-10-15", report="2017-10-15")])
    assert len(out) == 1
    assert out[0].article_ids == ("art1", "art2") and out[0].sources == 2
    assert out[0].confidence > 0.6           # two independent reports are surer than one


def test_dates_compatible_at_their_precision():
    month = ev("m", "a1", "2017-07-01", "month", end="2017-07-31")
    day = ev("d", "a2", "2017-07-10")
    assert len(corroborate([month, day])) == 1
    assert corroborate([month, day])[0].date == "2017-07-10"     # the most precise report leads
    assert len(corroborate([ev("x", "a1", "2017-07-10"), ev("y", "a2", "2017-07-11")])) == 1   # one day apart
    assert len(corroborate([ev("x", "a1", "2017-07-10"), ev("y", "a2", "2017-07-14")])) == 2


def test_different_places_types_or_denials_stay_apart():
    reports = [ev("a", "a1", "2017-07-10"), ev("b", "a2", "2017-07-10", place=OTHER),
               ev("c", "a3", "2017-07-10", type_="displacement", place=None, origin=TOWN),
               ev("d", "a4", "2017-07-10", status="denied")]
    assert len(corroborate(reports)) == 4


def test_undated_merge_only_with_undated():
    out = corroborate([ev("u1", "a1"), ev("u2", "a2"), ev("d", "a3", "2017-07-10")])
    assert sorted(e.sources for e in out) == [1, 2]
    assert next(e for e in out if e.sources == 2).date is None


def test_places_without_geonames_id_match_by_rounded_point():
    near = Place("Hamlet (alt)", 36.1234, 37.4561, None, "SY", source="user")
    assert len(corroborate([ev("a", "a1", "2017-07-10", place=NO_ID), ev("b", "a2", "2017-07-10", place=near)])) == 1


def test_one_article_counted_once():
    out = corroborate([ev("a", "art", "2017-07-10"), ev("b", "art", "2017-07-10")])
    assert out[0].article_ids == ("art",)


def test_merged_id_is_stable_and_a_lone_report_unchanged():
    reports = [ev(f"r{i}", f"art{i}", "2017-07-10", conf=0.5 + i / 100) for i in range(5)] + [ev("solo", "z", "2016-01-01")]
    ids = set()
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        ids.add(tuple(sorted(e.id for e in corroborate(shuffled))))
    assert len(ids) == 1
    assert "solo" in next(iter(ids))
    assert all(len(i) == 16 for i in next(iter(ids)) if i != "solo")


def test_missing_fields_filled_from_other_reports():
    out = corroborate([ev("a", "a1", "2017-07-10", conf=0.9), ev("b", "a2", "2017-07-10", actor_to="SDF")])
    assert out[0].actor_to == "SDF"


def test_many_reports_group_correctly():
    rnd = random.Random(7)
    reports = [ev(f"e{i}", f"art{i}", f"2017-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                  place=Place(f"P{i % 50}", 30 + i % 50, 40, 5000 + i % 50, "SY")) for i in range(5000)]
    out = corroborate(reports)
    assert sum(e.sources for e in out) == 5000          # every report lands in exactly one event
    assert len(out) < 5000


def test_rival_claims_on_one_place_stay_apart_and_unnamed_reports_join_the_majority():
    from gazetteer.records import Place
    from timeline.corroborate import corroborate
    from timeline.records import Event

    town = Place("Lowbridge", 10.0, 20.0, 990001, "ZZ")
    mk = lambda i, actor, art: Event(f"r{i}", "control_change", f"report {i}", (art,), date="2020-03-02",  # noqa: E731
                                     end="2020-03-02", precision="day", place=town, actor_to=actor,
                                     confidence=0.6)
    merged = corroborate([mk(1, "Northern Front", "a1"), mk(2, "Northern Front", "a2"),
                          mk(3, "Coastal Guard", "a3"), mk(4, None, "a4")])
    by_actor = {e.actor_to: e for e in merged}
    assert set(by_actor) == {"Northern Front", "Coastal Guard"}
    assert set(by_actor["Northern Front"].article_ids) == {"a1", "a2", "a4"}
    assert by_actor["Coastal Guard"].article_ids == ("a3",)


def test_a_month_precision_report_corroborates_a_day_inside_that_month(gz):
    """The rule: a report dated to a month covers every day of it (as the map's filters read
    it), so it is the same event as a day-precision report of a day inside that month, and
    not of a day outside it. Before, a report of an article dated "2017-07" (its events
    dated 2017-07-01 to "2017-07") counted as undated here and never merged."""
    from timeline.pipeline import process_article
    from timeline.records import Article

    def article(published: str, precision: str, body: str) -> Article:
        return Article.from_text(f"Report\n{body}", published=published, published_precision=precision,
                                 date_source="manifest")

    text = "Rebel fighters captured the town of Manbij after heavy fighting."
    july = process_article(article("2017-07", "month", text), gz, redate=False).events
    day = process_article(article("2017-07-05", "day", text + " Residents said."), gz, redate=False).events
    august = process_article(article("2017-08-02", "day", text + " Officials said."), gz, redate=False).events
    assert [(e.date, e.end, e.precision) for e in july] == [("2017-07-01", "2017-07", "month")]
    assert july[0].span.end.isoformat() == "2017-07-31"
    merged = corroborate([*july, *day, *august])
    assert sorted((e.sources, e.date) for e in merged) == [(1, "2017-08-02"), (2, "2017-07-05")]
    # written as a bare month, too
    bare = ev("m", "a1", "2017-07", "month", end=None)
    assert len(corroborate([bare, ev("d", "a2", "2017-07-05")])) == 1
    assert len(corroborate([bare, ev("d", "a2", "2017-08-05")])) == 2


def _random_reports(seed: int, n: int) -> list[Event]:
    """Reports that collide a lot: few places and days, every precision, undated and unreadable
    dates, denials, rival and unnamed claimants, shared articles, an id seen twice."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        precision = rnd.choice(("day", "day", "week", "month", "year", None))
        day = f"2017-07-{rnd.randint(1, 20):02d}"
        date = {"day": day, "week": day, "month": "2017-07", "year": "2017", None: None}[precision]
        if rnd.random() < 0.03:
            date, precision = "2017-07-99", "day"          # does not read as a date: undated
        kind = rnd.choice(("control_change", "control_change", "displacement"))
        place = rnd.choice((TOWN, OTHER, NO_ID))
        out.append(Event(
            id=f"r{i:03d}" if rnd.random() > 0.02 else "r000", type=kind, evidence=f"evidence {i}",
            article_ids=tuple(f"art{rnd.randint(0, n // 3)}" for _ in range(rnd.choice((1, 1, 2)))),
            date=date, end=None, precision=precision, report_date=rnd.choice((date, None, "2017-08-01")),
            status=rnd.choice(("reported", "claimed", "denied", "expected", "historical")),
            place=place if kind == "control_change" else None, origin=place if kind == "displacement" else None,
            actor_to=rnd.choice(("SDF", "ISIS", None)), actor_from=rnd.choice(("SDF", None)),
            magnitude=rnd.choice((None, 40)), confidence=rnd.choice((0.4, 0.6, 0.6, 0.8)),
            corrections=rnd.choice(((), ("c1",)))))
    return out


def test_the_vectorised_reduce_gives_what_corroborate_gives():
    """The Dask engine's reduce over report columns (`timeline.corroborate.clusters`, then
    `merge_cluster` for the clusters of two or more) stores what `corroborate` gives."""
    import pyarrow as pa

    from timeline.distributed import _report_row, _schemas, corroborate_reports, sorted_event_columns
    from timeline.store import event_columns_of

    for seed in range(6):
        reports = _random_reports(seed, 300)
        rows: dict = {}
        for e in reports:
            _report_row(rows, e, e.article_ids[0])
        table = pa.concat_tables([pa.Table.from_pydict(rows[b], schema=_schemas()[2]) for b in sorted(rows)])
        # corroborate reads the reports in the table's order (by bucket); a repeated id counts once
        as_read = [Event.from_dict(orjson.loads(d)) for d in table["data"].to_pylist()]
        seen: set = set()
        first = [e for e in as_read if not (e.id in seen or seen.add(e.id))]
        expected = event_columns_of(sorted(corroborate(first), key=lambda e: (e.date is None, e.date or "", e.id)))
        got = sorted_event_columns([corroborate_reports(table)])
        assert len(expected["id"]) < len(first)                  # the reports do merge
        assert got == expected


def test_two_holders_told_in_one_reposted_sentence_get_ids_of_their_own():
    # "the coalition retook X on Wednesday, months after losing it to the Houthis", in two articles:
    # two changes of one sentence and day, each reported twice; their merged ids must differ
    mk = lambda i, actor, status, art: Event(f"r{i}", "control_change", "one sentence", (art,),  # noqa: E731
                                             date="2016-05-04", end="2016-05-04", precision="day", place=TOWN,
                                             actor_to=actor, status=status, confidence=0.6)
    merged = corroborate([mk(1, "Saudi-led coalition", "reported", "a1"), mk(2, "Saudi-led coalition", "reported", "a2"),
                          mk(3, "Houthis", "historical", "a1"), mk(4, "Houthis", "historical", "a2")])
    assert sorted(e.actor_to for e in merged) == ["Houthis", "Saudi-led coalition"]
    assert len({e.id for e in merged}) == 2
    # and again the same ids: stable, as every merged id is
    assert {e.id for e in corroborate(list(reversed([mk(1, "Saudi-led coalition", "reported", "a1"),
                                                      mk(2, "Saudi-led coalition", "reported", "a2"),
                                                      mk(3, "Houthis", "historical", "a1"),
                                                      mk(4, "Houthis", "historical", "a2")])))} == {e.id for e in merged}
