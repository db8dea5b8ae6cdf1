"""Publication dates from header lines; undated stays undated."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from timeline.dates import date_article, header_dates, parse_date_value
from timeline.records import Article

BODY = ("Government troops pushed into the eastern suburbs after a week of heavy shelling, "
        "residents said, and hundreds of families walked toward the river crossing.\n"
        "A spokesman for the opposition council said the road south was still open.")


def article(header: str, body: str = BODY, **kw) -> Article:
    return Article.from_text("Troops push into suburbs\n" + header + "\n\n" + body, path="t.txt", **kw)


@pytest.mark.parametrize("header, published", [
    ("21 May, 2016 06:41", "2016-05-21T06:41:00"),
    ("Wed 05 Apr 2017", "2017-04-05"),
    ("Wed 05 Apr 2017 14.20 BST", "2017-04-05T14:20:00+01:00"),
    ("12 February 2015", "2015-02-12"),
    ("By Sam Writer | March 3, 2016 5:10 pm", "2016-03-03T17:10:00"),
    ("2015-02-12T08:30:00Z", "2015-02-12T08:30:00+00:00"),
    ("Posted on 2016-08-09 by the news desk, with reporting from the field office staff", "2016-08-09"),
    ("Date: 3 June 2014", "2014-06-03"),
    ("Published 14:20 GMT, 5 April 2017", "2017-04-05T14:20:00+00:00"),
    ("Saturday, 14/10/2017 - 09:15", "2017-10-14T09:15:00"),
    ("Published: 2017/10/14", "2017-10-14"),  # read by the dateparser fallback
])
def test_header_date_forms(header, published):
    a = date_article(article(header))
    assert (a.published, a.published_precision, a.date_source) == (published, "day", "text")
    assert header.split()[0] in a.date_reason and a.date_reason.startswith("header line")


def test_update_only_header_becomes_published_and_updated():
    a = date_article(article("By Wire Staff | Updated at 2017-10-14 21:41:42 +0000"))
    assert a.published == a.updated == "2017-10-14T21:41:42+00:00"
    assert a.anchor_date == "2017-10-14"
    assert "update" in a.date_reason


def test_original_and_update_keep_both_original_is_anchor():
    a = date_article(article("Published: 12 February 2015 09:00 GMT | Updated: 13 February 2015 10:15 GMT"))
    assert a.published == "2015-02-12T09:00:00+00:00"
    assert a.updated == "2015-02-13T10:15:00+00:00"
    assert a.anchor_date == "2015-02-12"


def test_updated_line_before_published_line():
    a = date_article(article("Last modified 20 June 2016\nFirst published 18 June 2016"))
    assert (a.published, a.updated) == ("2016-06-18", "2016-06-20")


def test_news_dateline():
    a = date_article(Article.from_text("Troops advance\nBEIRUT, Oct 14, 2017 (Reuters) - Troops advanced. " + BODY))
    assert a.published == "2017-10-14"


def test_month_only_header_has_month_precision():
    a = date_article(article("February 2015"))
    assert (a.published, a.published_precision) == ("2015-02", "month")
    assert a.anchor_date == "2015-02"[:10]


def test_dates_in_prose_are_not_publication_dates():
    prose = ("On 3 March 2014 the army began a long campaign that displaced thousands of people "
             "from the farming villages along the river valley.")
    assert date_article(article(prose)).published is None


def test_date_in_a_headline_is_not_the_publication_date():
    a = date_article(Article.from_text("Survivors recall the siege of 3 March 2011\n" + BODY))
    assert a.published is None
    b = date_article(Article.from_text("3 March 2011 09:30\nSurvivors recall the siege\n" + BODY))
    assert b.published == "2011-03-03T09:30:00"


def test_dates_deep_in_the_body_are_not_publication_dates():
    filler = "\n".join(f"Paragraph {i} of the report goes on about the fighting." for i in range(15))
    a = date_article(Article.from_text("Title\n" + filler + "\n12 February 2015\n"))
    assert a.published is None and a.date_source == "none"


@pytest.mark.parametrize("body", [
    "Rebels entered the town on Friday and last week took the hill.",
    "Shelling resumed yesterday, a few months after the truce of May 25.",
    "Updated 3 hours ago\nFighting continued in the north on Sunday evening.",
    "Posted by 12 users\nThe siege began in July.",
])
def test_undated_input_stays_undated(body):
    a = date_article(Article.from_text("Fighting continues\n" + body))
    assert (a.published, a.published_precision, a.date_source, a.updated) == (None, None, "none", None)


@pytest.mark.parametrize("source", ["user", "inferred"])
def test_dates_from_user_inference_are_kept(source):
    a = article("12 February 2015").with_date("2015-03-01", source=source, reason="given")
    assert date_article(a) == a


def test_manifest_date_wins_over_a_disagreeing_header_and_the_reason_keeps_both():
    a = article("12 February 2015").with_date("2015-03-01", source="manifest", reason="given")
    got = date_article(a)
    assert (got.published, got.date_source) == ("2015-03-01", "manifest")
    assert got.date_reason.startswith("given") and "2015-02-12" in got.date_reason
    assert "12 February 2015" in got.date_reason and "manifest wins" in got.date_reason
    assert date_article(got) == got  # re-dating adds nothing
    agree = article("1 March 2015").with_date("2015-03-01", source="manifest", reason="given")
    assert date_article(agree) == agree


def test_metadata_date_kept_when_text_disagrees_refined_when_it_agrees():
    meta = article("12 February 2015 08:00").with_date("2015-02-11", source="metadata", reason="html")
    kept = date_article(meta)
    assert (kept.published, kept.date_source) == ("2015-02-11", "metadata")
    assert kept.date_reason.startswith("html") and "2015-02-12" in kept.date_reason
    assert "metadata wins" in kept.date_reason and date_article(kept) == kept
    agree = article("11 February 2015 08:00").with_date("2015-02-11", source="metadata", reason="html")
    refined = date_article(agree)
    assert (refined.published, refined.date_source) == ("2015-02-11T08:00:00", "text")
    assert "metadata" in refined.date_reason


def test_undated_metadata_article_gets_text_date():
    a = replace(article("12 February 2015"), date_source="metadata")
    assert date_article(a).published == "2015-02-12"


def test_redating_is_idempotent():
    a = date_article(article("12 February 2015"))
    assert date_article(a) == a


def test_header_dates_lists_candidates_with_kind():
    found = header_dates("Title\nPublished 1 May 2016\nUpdated 2 May 2016\nBody text here.")
    assert [(h.value, h.kind) for h in found] == [("2016-05-01", "original"), ("2016-05-02", "updated")]


@pytest.mark.parametrize("value, expected", [
    ("2016", ("2016", "year")),
    ("2016-5", ("2016-05", "month")),
    ("2016-05-21", ("2016-05-21", "day")),
    ("2016-05-21 06:41", ("2016-05-21T06:41:00", "day")),
    ("2016-05-21T06:41:00Z", ("2016-05-21T06:41:00+00:00", "day")),
    ("21 May 2016", ("2016-05-21", "day")),
    ("May 21, 2016", ("2016-05-21", "day")),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "3 hours ago", "2016-13", "1850", "next week",
                                   "21 May", "not a date", "2016-02-30"])
def test_parse_date_value_rejects(value):
    with pytest.raises(ValueError):
        parse_date_value(value)


GOLD = Path(__file__).resolve().parent / "data" / "seeds_gold.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_seed_articles_dated_as_the_answer_key():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    assert len(gold) == len(list(SEEDS.glob("*.txt")))
    for name, want in gold.items():
        a = date_article(Article.from_text((SEEDS / name).read_text(encoding="utf-8"), path=name))
        assert a.anchor_date == want["published"], name
        if want["published"]:
            assert (a.published_precision, a.date_source) == (want["precision"], "text"), name
        else:
            assert a.date_source == "none", name
