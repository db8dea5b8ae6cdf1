"""Publication dates from the header zone of plain news text (issue 12): datelines and
bylines in the common styles, numeric day-month order from evidence, narrative dates
never taken, the reason quoting the header line, and the dateparser languages."""
from __future__ import annotations

import json

import pytest

from timeline.cli import main
from timeline.dates import check_languages, date_article, parse_date_value
from timeline.ingest import ingest_paths
from timeline.records import Article
from timeline.store import open_store

STORY = ("Government forces pushed into the eastern districts after a week of shelling, residents "
         "said, and hundreds of families walked toward the river crossing.")
TITLE = "Troops push into eastern districts"


def dated(text: str, **kw) -> Article:
    return date_article(Article.from_text(text, path="a.txt"), **kw)


@pytest.mark.parametrize("text, published", [
    # the date before the title on the first line
    (f"Thu Jul 7 2016 {TITLE}\n{STORY}", "2016-07-07"),
    (f"23-04-2016 {TITLE}\n{STORY}", "2016-04-23"),
    (f"24.08.2013 Syrian state media says troops advanced\n{STORY}", "2013-08-24"),
    # date lines under the title
    (f"{TITLE}\nDate of publication 12 June 2016\n{STORY}", "2016-06-12"),
    (f"{TITLE}\nPublished February 18 2015\n{STORY}", "2015-02-18"),
    (f"{TITLE}\nAFP Saturday 21 Jun 2014\n{STORY}", "2014-06-21"),
    (f"{TITLE}\nWed 05 Apr 2017\n{STORY}", "2017-04-05"),
    (f"{TITLE}\nApril 5 2017 by Sam Writer\n{STORY}", "2017-04-05"),
    (f"{TITLE}\nTuesday 22 November 2016\n{STORY}", "2016-11-22"),
    (f"{TITLE}\nPosted on August 18, 2016\n{STORY}", "2016-08-18"),
    (f"{TITLE}\nLast updated: 05 Apr 2017 14:20 GMT\n{STORY}", "2017-04-05T14:20:00+00:00"),
    (f"{TITLE}\nUpdated: 2020-03-01 19:32\n{STORY}", "2020-03-01T19:32:00"),
    (f"{TITLE}\n2016-07-07T14:20:00Z\n{STORY}", "2016-07-07T14:20:00+00:00"),
    (f"{TITLE}\n16.03.2022 14:52\n{STORY}", "2022-03-16T14:52:00"),
    (f"{TITLE}\nSource: Wire| 2016-10-05 21:35:12|Editor: desk\n{STORY}", "2016-10-05T21:35:12"),
    (f"{TITLE}\n2016/02/27 00:01\n{STORY}", "2016-02-27T00:01:00"),
    (f"{TITLE}\n01-Jan-2017\n{STORY}", "2017-01-01"),
    (f"{TITLE}\n1 March\u060c 2017\nHoms, SANA- {STORY}", "2017-03-01"),
    # datelines that open the story
    (f"{TITLE}\nJune 12, 2016 (KHARTOUM) - {STORY}", "2016-06-12"),
    (f"{TITLE}\nGENEVA, February 3, 2016 — {STORY}", "2016-02-03"),
    (f"{TITLE}\nGeneva (AFP) Sept 14, 2013 - {STORY}", "2013-09-14"),
    # a title line that runs into the story: the date before the agency tag, a stamp, a separator
    (f"{TITLE} 22 December\u060c 2016 Damascus, SANA- {STORY}", "2016-12-22"),
    (f"{TITLE} November 9, 2017 / 8:41 AM / Updated BEIRUT (Reuters) - {STORY}", "2017-11-09T08:41:00"),
    (f"{TITLE} | 12 September 2016 | {STORY}", "2016-09-12"),
    (f"{TITLE} By Sam Writer and Kim Author Aug. 21, 2013 BEIRUT, Lebanon — {STORY}", "2013-08-21"),
    # an agency line alone is no dateline: the zone goes on
    (f"{TITLE}\nANF - ALEPPO\nWednesday, 5 October 2016, 14:07\n{STORY}", "2016-10-05T14:07:00"),
    # a standfirst may come before the byline and the date line
    (f"{TITLE}\n{STORY}\nSam Writer\nTue 17 Oct 2017 13.45 BST\n{STORY}", "2017-10-17T13:45:00+01:00"),
])
def test_header_styles(text, published):
    a = dated(text)
    assert (a.published, a.published_precision, a.date_source) == (published, "day", "text")


def test_reason_quotes_the_header_line():
    a = dated(f"{TITLE}\nWed 05 Apr 2017 14.20 BST\n{STORY}")
    assert a.date_reason == "header line 'Wed 05 Apr 2017 14.20 BST'"
    long_title = "Army units restore security and stability to several farms and villages in the countryside"
    b = dated(f"{long_title} 05 October 2016 Aleppo, SANA- {STORY}")
    assert b.published == "2016-10-05"
    assert "05 October 2016 Aleppo, SANA-" in b.date_reason and len(b.date_reason) < 140


@pytest.mark.parametrize("text", [
    f"{TITLE}\nOn 12 March 2016 the army began a campaign that displaced thousands from the valley villages.",
    f"{TITLE}\nBy Sam Writer\nWhen the army retook the town on 14 April 2018, it found tunnels under the market.",
    f"{TITLE}\nBEIRUT (Reuters) - Turkey shelled positions near the border after the air base fell on February 10, 2016.",
    "Remembering 15 March 2011: the day the uprising began\n" + STORY,
    "Survivors recall the siege of 3 March 2011\n" + STORY,
    f"{TITLE}\n{STORY} The strike on 2019-07-22 was the deadliest in weeks.",
    f"{TITLE} The army said the truce of 27 February 2016 had collapsed and that fighting went on in the north.",
    f"{TITLE}\n{STORY}\n{STORY}\n12 February 2015\n",
    # timeline entries, sentences about a date, captions, "On Saturday 7 April 2018"
    "Timeline of the battle\nJuly 19, 2012: Rebels launch an offensive on the city.\nDecember 22, 2016: The army retakes the east.",
    "Russia's role\nSeptember 30, 2015 marked Moscow's entry into the war. Since then its jets flew thousands of sorties.",
    "Remembering Ghouta\nAugust 21, 2013. Rockets filled with sarin hit the suburbs at dawn.",
    "The fall of Raqqa\nBy Sam Writer\nOctober 17, 2017 was the day the SDF raised its flag over the stadium.",
    "Witnesses describe the attack\nOn Saturday 7 April 2018 residents smelled chlorine, medics said.",
    "Photo essay: Homs\nA man walks through Baba Amr, 4 March 2012.\nThe district was shelled for weeks.",
])
def test_narrative_dates_are_never_taken(text):
    a = dated(text)
    assert (a.published, a.date_source) == (None, "none")
    assert a.date_reason == "no date in the header lines"


def test_narrative_date_beside_a_header_date_is_left():
    a = dated("March 15, 2011: five years since the first protests\nTuesday 15 March 2016\n"
              "Five years ago, on 15 March 2011, a few dozen protesters marched.")
    assert a.published == "2016-03-15"


def test_open_day_month_order_keeps_the_year_and_says_why():
    a = dated(f"{TITLE}\n03-04-2016\n{STORY}")
    assert (a.published, a.published_precision, a.date_source) == ("2016", "year", "text")
    assert "03-04-2016" in a.date_reason and "3 April" in a.date_reason and "4 March 2016" in a.date_reason
    assert "kept to the year" in a.date_reason
    assert dated(f"{TITLE}\n05.05.2016\n{STORY}").published == "2016-05-05"  # the same either way


@pytest.mark.parametrize("header, published, why", [
    ("23/04/2016", "2016-04-23", "cannot be a month"),
    ("04/23/2016", "2016-04-23", "cannot be a month"),
    ("Fri 03/04/2016", "2016-03-04", "weekday"),   # 4 March 2016 was a Friday
    ("Sun 03/04/2016", "2016-04-03", "weekday"),   # 3 April 2016 was a Sunday
    ("Saturday, 09-02-2017", "2017-09-02", "weekday"),
])
def test_numeric_order_from_a_part_over_12_or_the_weekday(header, published, why):
    a = dated(f"{TITLE}\n{header}\n{STORY}")
    assert (a.published, a.published_precision) == (published, "day")
    assert why in a.date_reason


def test_numeric_order_from_the_articles_other_dates():
    near = dated(f"{TITLE}\n12/02/2016\nMUNICH, Feb. 12, 2016 - {STORY}")
    assert (near.published, near.published_precision) == ("2016-02-12", "day")
    update = dated(f"{TITLE}\n09.10.2019 - Update : 10.10.2019\n{STORY}")
    assert update.published == "2019-10-09"
    style = dated(f"{TITLE}\n06/05/2015\n{STORY} The siege began on 25/03/2015.")
    assert style.published == "2015-05-06" and "other numeric dates" in style.date_reason
    far = dated(f"{TITLE}\n04/07/2019\n{STORY} Some 330,000 have fled since 30 April 2019.")
    assert far.published_precision == "year"


def test_yearless_dateline_takes_its_year_from_the_article_or_stays_undated():
    a = dated(f"{TITLE}\nBEIRUT, Oct 5 (Reuters) - {STORY} The truce collapsed on Sept. 19, 2016.")
    assert a.published == "2016-10-05" and "gives no year" in a.date_reason
    b = dated(f"{TITLE}\nMOSCOW, October 3. /TASS/. {STORY}")
    assert (b.published, b.date_source) == (None, "none")


def test_first_published_is_the_original_and_a_stamp_above_the_dateline_wins():
    a = dated(f"{TITLE}\nPosted: 13 Jun 2016\nOriginally published: 12 Jun 2016\n{STORY}")
    assert a.published == "2016-06-12"
    b = dated(f"{TITLE}\nSource: Wire| 2018-03-24 03:31:29|Editor: desk\nDAMASCUS, March 23 (Xinhua) -- {STORY}")
    assert b.published == "2018-03-24T03:31:29"


def test_undated_header_stays_undated_and_says_so():
    a = dated(f"{TITLE}\nBy Sam Writer\nBEIRUT (AP) — {STORY}")
    assert (a.published, a.published_precision, a.date_source) == (None, None, "none")
    assert a.date_reason == "no date in the header lines"


FRENCH = f"{TITLE}\nPublié le 5 octobre 2016\n{STORY}"


def test_other_languages_only_when_configured():
    assert dated(FRENCH).published is None  # default: English only
    a = dated(FRENCH, languages=("en", "fr"))
    assert (a.published, a.date_source) == ("2016-10-05", "text")
    assert "Publié le 5 octobre 2016" in a.date_reason
    # a short date line in a configured language needs no cue
    assert dated(f"{TITLE}\n16 березня 2022\n{STORY}", languages=("uk",)).published == "2022-03-16"
    # English header dates are read whatever the setting
    assert dated(f"{TITLE}\n12 June 2016\n{STORY}", languages=("fr",)).published == "2016-06-12"


def test_languages_setting_is_checked():
    assert check_languages(None) == ("en",)
    assert check_languages(["FR", " en", "fr"]) == ("fr", "en")
    with pytest.raises(ValueError, match="zz"):
        check_languages(["zz"])


def test_ingest_languages_in_the_python_api_and_the_cli(tmp_path, gz, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    store = open_store(tmp_path / "api.db")
    ingest_paths([folder], store, gazetteer=gz, languages=["en", "fr"])
    assert [a.published for a in store.articles(with_text=False)] == ["2016-10-05"]
    db = str(tmp_path / "cli.db")
    assert main(["ingest", str(folder), "--db", db, "--no-progress", "--languages", "en,fr"]) == 0
    capsys.readouterr()
    main(["articles", "--db", db, "--format", "json"])
    assert json.loads(capsys.readouterr().out.splitlines()[0])["published"] == "2016-10-05"
    assert main(["ingest", str(folder), "--db", db, "--no-progress", "--languages", "en,zz"]) == 2
    assert "zz" in capsys.readouterr().err


def test_open_order_read_like_the_same_sources_other_articles_in_the_run(tmp_path, gz):
    wire, other = tmp_path / "wire", tmp_path / "other"
    wire.mkdir()
    other.mkdir()
    (wire / "a.txt").write_text(f"{TITLE}\n23/04/2016\n{STORY}")
    (wire / "b.txt").write_text(f"Convoy reaches the town\n03/04/2016\n{STORY}")
    (other / "c.txt").write_text(f"Talks resume in the capital\n03/04/2016\n{STORY}")
    store = open_store(tmp_path / "s.db")
    ingest_paths([tmp_path], store, gazetteer=gz)
    got = {a.path.split("/")[-1]: a for a in store.articles(with_text=False)}
    assert got["b.txt"].published == "2016-04-03" and "this source" in got["b.txt"].date_reason
    assert (got["c.txt"].published, got["c.txt"].published_precision) == ("2016", "year")


def test_parse_date_value_unchanged_for_manifests():
    assert parse_date_value("21 May 2016") == ("2016-05-21", "day")


def test_manifest_date_wins_in_an_ingest_and_the_reason_keeps_the_header_date(tmp_path, gz):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{TITLE}\nWed 05 Apr 2017\n{STORY}")
    (folder / "manifest.csv").write_text("file,published\na.txt,2017-04-07\n")
    store = open_store(tmp_path / "s.db")
    ingest_paths([folder], store, gazetteer=gz)
    [a] = store.articles(with_text=False)
    assert (a.published, a.date_source) == ("2017-04-07", "manifest")
    assert "manifest" in a.date_reason and "2017-04-05" in a.date_reason and "Wed 05 Apr 2017" in a.date_reason
