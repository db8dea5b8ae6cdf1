"""Time expressions against a fixed anchor: Saturday 14 October 2017."""
from __future__ import annotations

import pytest

from timeline.times import find_time_expressions, interval_precision, time_for_span

ANCHOR = "2017-10-14"  # a Saturday


def one(text: str, anchor: str | None = ANCHOR):
    spans = find_time_expressions(text, anchor)
    assert len(spans) == 1, [s.phrase for s in spans]
    s = spans[0]
    assert text[s.char_start:s.char_end] == s.phrase
    return s.phrase, s.start, s.end, s.precision


@pytest.mark.parametrize("text, phrase, start, precision", [
    ("The convoy left the camp on Friday.", "on Friday", "2017-10-13", "day"),
    ("Militia leaders met last Tuesday in the old market.", "last Tuesday", "2017-10-10", "day"),
    ("Fighters are expected to leave Saturday night.", "Saturday night", "2017-10-14", "day"),
    ("The checkpoint was abandoned on Sunday evening.", "on Sunday evening", "2017-10-08", "day"),
    ("Shelling resumed on Thursday morning.", "on Thursday morning", "2017-10-12", "day"),
    ("Talks will resume next Monday.", "next Monday", "2017-10-16", "day"),
    ("The vote was held this Tuesday.", "this Tuesday", "2017-10-10", "day"),
    ("The same unit attacked last Saturday.", "last Saturday", "2017-10-07", "day"),
    ("Wednesday's strike killed four.", "Wednesday's", "2017-10-11", "day"),
    ("Wednesday’s strike killed four.", "Wednesday’s", "2017-10-11", "day"),
])
def test_weekdays_resolve_to_most_recent_such_day(text, phrase, start, precision):
    assert one(text) == (phrase, start, start, precision)


@pytest.mark.parametrize("text, phrase, start, end", [
    ("Aid trucks arrived yesterday.", "yesterday", "2017-10-13", "2017-10-13"),
    ("The bridge may reopen tomorrow.", "tomorrow", "2017-10-15", "2017-10-15"),
    ("Clashes broke out last night near the dam.", "last night", "2017-10-13", "2017-10-13"),
])
def test_deictic_days(text, phrase, start, end):
    assert one(text) == (phrase, start, end, "day")


@pytest.mark.parametrize("text, phrase, start, end, precision", [
    ("Last week the council announced a curfew.", "Last week", "2017-10-02", "2017-10-08", "week"),
    ("Earlier this week the road was cut.", "Earlier this week", "2017-10-09", "2017-10-14", "week"),
    ("Prices doubled last month.", "last month", "2017-09-01", "2017-09-30", "month"),
    ("The army withdrew last year.", "last year", "2016-01-01", "2016-12-31", "year"),
    ("Three days ago the well ran dry.", "Three days ago", "2017-10-11", "2017-10-11", "day"),
    ("The camp opened two weeks ago.", "two weeks ago", "2017-09-25", "2017-10-01", "week"),
    ("The families fled a few months ago.", "a few months ago", "2017-06-01", "2017-08-31", "year"),
    ("The well was dug a decade ago.", "a decade ago", "2006-01-01", "2008-12-31", "year"),
    ("Forty years ago the valley was farmland.", "Forty years ago", "1977-01-01", "1977-12-31", "year"),
    ("Hundreds arrived in the past week.", "in the past week", "2017-10-08", "2017-10-14", "week"),
    ("An offensive is planned in the coming days.", "in the coming days", "2017-10-15", "2017-10-21", "week"),
    ("Rebuilding will take the coming year.", "the coming year", "2017-10-15", "2018-10-14", "year"),
])
def test_relative_periods(text, phrase, start, end, precision):
    assert one(text) == (phrase, start, end, precision)


@pytest.mark.parametrize("text, phrase, start, end", [
    ("In July, the brigade took the airport.", "In July", "2017-07-01", "2017-07-31"),
    ("The ceasefire collapsed in June.", "in June", "2017-06-01", "2017-06-30"),
    ("Water ran out in October.", "in October", "2017-10-01", "2017-10-31"),
    ("Snow closed the pass in November.", "in November", "2016-11-01", "2016-11-30"),
    ("The siege began last July.", "last July", "2017-07-01", "2017-07-31"),
    ("The siege began last October.", "last October", "2016-10-01", "2016-10-31"),  # not this one
    ("Fighting peaked in early August.", "in early August", "2017-08-01", "2017-08-10"),
])
def test_month_names_are_the_most_recent_such_month(text, phrase, start, end):
    assert one(text) == (phrase, start, end, "month")


@pytest.mark.parametrize("text, phrase, start", [
    ("Joint patrols start as of May 25 under the deal.", "as of May 25", "2017-05-25"),
    ("Elections are set for December 3.", "for December 3", "2017-12-03"),  # ahead: a planned date
    ("On 2 March the shelling stopped.", "On 2 March", "2017-03-02"),
])
def test_day_and_month_take_the_anchor_year_even_ahead(text, phrase, start):
    assert one(text) == (phrase, start, start, "day")


def test_a_day_and_month_far_ahead_of_the_report_is_the_last_one_before_it():
    found = find_time_expressions("Between 20 October and late November 2024, attacks displaced 300,000.", "2025-02-18")
    assert [(t.phrase, t.start) for t in found][:1] == [("Between 20 October", "2024-10-20")]


@pytest.mark.parametrize("text, phrase, start, end, precision", [
    ("The group seized the valley in early 2014.", "in early 2014", "2014-01-01", "2014-04-30", "year"),
    ("Rebels have held the district since 2013.", "since 2013", "2013-01-01", "2013-12-31", "year"),
    ("Aid stopped in late 2015.", "in late 2015", "2015-09-01", "2015-12-31", "year"),
    ("The dam was finished in mid-2016.", "in mid-2016", "2016-05-01", "2016-08-31", "year"),
    ("The revolt lasted from 2011-2013.", "from 2011-2013", "2011-01-01", "2013-12-31", "year"),
    ("Refugees crossed in the summer of 2015.", "in the summer of 2015", "2015-06-01", "2015-08-31", "year"),
    ("The town fell on 12 February 2015.", "12 February 2015", "2015-02-12", "2015-02-12", "day"),
    ("On March 3, 2016, the talks failed.", "March 3, 2016", "2016-03-03", "2016-03-03", "day"),
    ("Prices rose between 2010 and 2012, then fell.", "between 2010 and 2012", "2010-01-01", "2012-12-31", "year"),
    ("He had planned a 2015 raid on the depot.", "a 2015", "2015-01-01", "2015-12-31", "year"),
    ("Trade grew through the 1990s.", "the 1990s", "1990-01-01", "1999-12-31", "year"),
    ("Dams were built in the late 1970s.", "in the late 1970s", "1976-01-01", "1979-12-31", "year"),
    ("The order is dated 2016-05-21.", "2016-05-21", "2016-05-21", "2016-05-21", "day"),
    ("The bombing began in July 2017 and went on.", "in July 2017", "2017-07-01", "2017-07-31", "month"),
    ("They have fought since March 2011.", "since March 2011", "2011-03-01", "2011-03-31", "month"),
])
def test_absolute_expressions_resolve_with_and_without_anchor(text, phrase, start, end, precision):
    assert one(text) == (phrase, start, end, precision)
    assert one(text, None) == (phrase, start, end, precision)


@pytest.mark.parametrize("text", [
    "The convoy left the camp on Friday.", "Last week the council announced a curfew.",
    "In July, the brigade took the airport.", "Aid trucks arrived yesterday.",
    "Elections are set for December 3.", "The families fled a few months ago.",
])
def test_relative_expressions_need_an_anchor(text):
    assert find_time_expressions(text, None) == []


def test_coarse_anchor_resolves_only_absolute_expressions():
    spans = find_time_expressions("On Friday, as in 2014, the road closed.", "2017-10")
    assert [s.phrase for s in spans] == ["in 2014"]


def test_anchor_with_time_uses_its_day():
    assert one("Aid trucks arrived yesterday.", "2017-10-14T23:30:00+03:00")[1] == "2017-10-13"


@pytest.mark.parametrize("text", [
    "We will not leave, the mayor said.",              # "We" is not Wednesday
    "Some 800 fighters and 3.3 million civilians remain.",
    "The council passed Resolution 2254 unanimously.",
    "A fort was built in 1850 on the hill.",            # before the sane range
    "The plan runs in 2090 at the latest.",             # too far past the anchor
    "They may march on the capital; Marines waited.",
    "Militants entered the village of Maybrook.",
    "After the fall of the city, looting spread.",
    "The court met on February 30, 2016.",               # no such day
    "Sun and Sat TV channels aired the speech.",
    "He won the 2000-metre race.",
    "Aid reached the 2000 refugees in the camp.",
    "Crowds gathered on Good Friday and remembered Bloody Sunday.",
])
def test_false_positives_are_filtered(text):
    assert find_time_expressions(text, ANCHOR) == []


def test_several_expressions_in_text_order_with_offsets():
    text = "On Friday the militia said it had held the ridge since 2014, and in June it lost it."
    spans = find_time_expressions(text, ANCHOR)
    assert [s.phrase for s in spans] == ["On Friday", "since 2014", "in June"]
    assert all(text[s.char_start:s.char_end] == s.phrase for s in spans)
    assert all(s.reason for s in spans)


def test_longest_expression_wins_over_its_parts():
    spans = find_time_expressions("Shops closed on Wed, 05 Apr 2017 at noon.", ANCHOR)
    assert [(s.phrase, s.start) for s in spans] == [("Wed, 05 Apr 2017", "2017-04-05")]


def test_weekday_with_full_date_is_one_expression():
    spans = find_time_expressions("The vote took place on Thursday, March 29, 2018, in the north.", ANCHOR)
    assert [(s.phrase, s.start) for s in spans] == [("Thursday, March 29, 2018", "2018-03-29")]
    spans = find_time_expressions("Talks open next Wednesday, April 11, in the capital.", "2018-04-05")
    assert [s.start for s in spans] == ["2018-04-11"]


def test_time_for_span_picks_the_clause_own_expression():
    text = "In July the brigade took the airport. Talks resumed on Friday, officials said."
    spans = find_time_expressions(text, ANCHOR)
    first_end = text.index(".") + 1
    assert time_for_span(spans, 0, first_end).phrase == "In July"
    assert time_for_span(spans, first_end, len(text)).phrase == "on Friday"
    assert time_for_span(spans, text.index("officials"), len(text)) is None


def test_interval_precision_follows_width():
    from datetime import date
    assert interval_precision(date(2017, 1, 1), date(2017, 1, 1)) == "day"
    assert interval_precision(date(2017, 1, 1), date(2017, 1, 7)) == "week"
    assert interval_precision(date(2017, 1, 1), date(2017, 1, 31)) == "month"
    assert interval_precision(date(2017, 1, 1), date(2017, 3, 1)) == "year"


def test_random_token_soup_never_crashes_and_spans_are_sane():
    import random
    from datetime import date

    rnd = random.Random(11)
    tokens = ["on", "in", "last", "next", "since", "early", "the", "of", "ago", "a few", "weeks", "days",
              "May", "may", "March", "Sept.", "Friday", "Wed", "yesterday", "this", "week", "summer",
              "2014", "1999", "2250", "31", "29", "2", "14/10/2017", "2016-02-30", "2016-02-29", ",", ".",
              "1990s", "mid-", "coming", "past", "month", "year", "Feb", "30", "800", "3.3", "We"]
    for _ in range(300):
        text = " ".join(rnd.choices(tokens, k=rnd.randint(1, 30)))
        for anchor in (ANCHOR, "2016-02-29", None):
            for s in find_time_expressions(text, anchor):
                assert text[s.char_start:s.char_end] == s.phrase and s.phrase.strip() == s.phrase
                assert date.fromisoformat(s.start) <= date.fromisoformat(s.end)
                assert s.precision in ("day", "week", "month", "year")
                assert 1900 <= date.fromisoformat(s.start).year <= 2100


def test_this_weekday_can_lie_ahead_in_the_anchor_week():
    assert one("Talks open this Friday.", "2017-10-09") == ("this Friday", "2017-10-13", "2017-10-13", "day")


def test_a_narrative_runs_forward_across_a_new_year_but_looks_back_within_one():
    text = ("On 28 December 2016 the army attacked. On 3 January the town fell. "
            "At the end of May 2022 the town fell. On 4 March, troops had entered.")
    got = {t.phrase: t.start for t in find_time_expressions(text, None)}
    assert got["On 3 January"] == "2017-01-03"       # after December: the new year
    assert got["On 4 March"] == "2022-03-04"         # before May: the same year, looked back on


@pytest.mark.parametrize("text,days", [
    ("In May 2015, the regime lost the camp on the 19th and the city of Ariha on the 28th.",
     ["2015-05-01", "2015-05-19", "2015-05-28"]),
    # well before the story's day, the next month's; a few days before it, a step back
    ("The town fell on 30 May 2015 and the village on the 2nd.", ["2015-05-30", "2015-06-02"]),
    ("On 24 May 2014 rebels attacked. The following day they took a checkpoint. Four died in the takeover of "
     "the base on the 23rd.", ["2014-05-24", "2014-05-25", "2014-05-23"]),
    # an ordinal that is no day, and one with no story date to count from
    ("Troops of the 28th Brigade entered the 19th century fort.", []),
    ("The base fell on the 25th.", []),
])
def test_a_bare_ordinal_day_is_a_day_of_the_storys_month(text, days):
    assert [t.start for t in find_time_expressions(text, "2015-06-10")] == days


def test_a_time_in_a_since_clause_is_no_day_of_the_story():
    text = ("Troops took control on Saturday 26 November 2016 on Masaken Hanano, the first district the factions "
            "lose since they entered it in summer 2012. On the next day, troops took Jabal Badro.")
    assert [t.start for t in find_time_expressions(text, None)] == ["2016-11-26", "2012-06-01", "2016-11-27"]


@pytest.mark.parametrize("text,span", [
    # a few days after or before the story's day: its week
    ("On 18 March 2018 the army took Afrin. Thousands fled in the following days.", ("2018-03-19", "2018-03-25")),
    ("On 18 March 2018 the army took Afrin. Thousands had left the city in the preceding days.",
     ("2018-03-11", "2018-03-17")),
])
def test_the_following_or_preceding_days_of_the_story(text, span):
    t = find_time_expressions(text, "2018-06-25")[-1]
    assert (t.start, t.end) == span


def test_the_following_day_is_still_the_next_day():
    text = "On 24 May 2014, rebels attacked. The following day, they took the checkpoint."
    assert [t.start for t in find_time_expressions(text, None)] == ["2014-05-24", "2014-05-25"]


@pytest.mark.parametrize("text,starts", [
    # "this year" / "last year" name the story's year again after an older date
    ("The ceasefire collapsed in June 2011. Earlier this year the KIA took Sinbo in April.",
     ["2011-06-01", "2024-01-01", "2024-04-01"]),
    ("The town fell in March 2019. Last year rebels retook it on 5 June.", ["2019-03-01", "2023-01-01", "2023-06-05"]),
    # "since last year" is when a state began: a bare month stays the report's
    ("Since last year the army has held the town. In April the rebels took it.", ["2023-01-01", "2024-04-01"]),
])
def test_this_year_or_last_year_is_the_storys_year_again(text, starts):
    assert [t.start for t in find_time_expressions(text, "2024-08-30")] == starts


@pytest.mark.parametrize("text,start", [
    # a day "of this year" is the report's year, whatever date the paragraph named before
    ("The campaign began on November 6, 2016, and the forces entered the city on June 6 of this year.", "2017-06-06"),
    ("The town fell in 2014. On 6 June last year the army retook it.", "2016-06-06"),
    ("On Monday, 3 July this year, it fell.", "2017-07-03"),
])
def test_a_day_of_this_or_last_year(text, start):
    assert find_time_expressions(text, "2017-10-17")[-1].start == start


def test_an_undated_texts_year_carries_into_the_next_paragraph_but_not_its_day():
    text = "Armenian troops entered Aghdam on 23 July 1993.\n\nIn August the offensive moved south. " \
           "Fuzuli fell on 23 August; the next day, calm.\n\nOn 3 January the army struck back."
    got = [(t.phrase, t.start) for t in find_time_expressions(text, None)]
    # the step "the next day" counts from the paragraph's own day, and January follows August
    assert got == [("23 July 1993", "1993-07-23"), ("In August", "1993-08-01"), ("on 23 August", "1993-08-23"),
                   ("the next day", "1993-08-24"), ("On 3 January", "1994-01-03")]
    reasons = {t.phrase: t.reason for t in find_time_expressions(text, None)}
    assert "earlier in the text" in reasons["In August"]
    # a step opening a paragraph counts from the story's day in the one before (news copy goes on so:
    # "... took Dinder on 2 July.\n\nTwo days later ..."); a dated article keeps its own year
    assert [t.start for t in find_time_expressions("Troops entered Aghdam on 23 July 1993.\n\nThe next day, calm.", None)] \
        == ["1993-07-23", "1993-07-24"]
    assert [t.start for t in find_time_expressions("Troops entered Aghdam on 23 July 1993.\n\nOn 23 August, calm.",
                                                   "2024-05-01")] == ["1993-07-23", "2024-08-23"]


def test_later_in_the_day_and_by_nightfall_are_the_storys_day():
    got = [(t.phrase, t.start) for t in find_time_expressions(
        "On 26 February 2016, the army entered Khanasir. The following day, rebels attacked. Later in the day, the "
        "army retook the villages, and it held the ridge by nightfall.", None)]
    assert got == [("26 February 2016", "2016-02-26"), ("The following day", "2016-02-27"),
                   ("Later in the day", "2016-02-27"), ("by nightfall", "2016-02-27")]


@pytest.mark.parametrize("anchor, year_hint", [("2024-07-20", None), (None, 2024), (None, None)])
def test_a_step_opening_a_paragraph_counts_from_the_story_day_of_the_one_before(anchor, year_hint):
    text = ("The RSF took control of Dinder on 2 July 2024.\n\nResidents said the fighters took over the hospital.\n\n"
            "Two days later the paramilitaries entered Al Suki.")
    got = {s.phrase: (s.start, s.precision) for s in find_time_expressions(text, anchor, year_hint=year_hint)}
    assert got["Two days later"] == ("2024-07-04", "day"), got


def test_a_step_inside_a_paragraph_or_after_a_year_alone_takes_no_day_from_a_paragraph_before():
    # the step counts within its paragraph ("On 5 July ... the next day"), and a year is no day to count from
    text = "The RSF took Dinder on 2 July 2024.\n\nOn 5 July it took Sinja. The next day it entered Al Suki."
    got = {s.phrase: s.start for s in find_time_expressions(text, "2024-07-20")}
    assert got["The next day"] == "2024-07-06", got
    text = "The RSF took Dinder in 2024.\n\nTwo days later the paramilitaries entered Al Suki."
    assert "Two days later" not in {s.phrase for s in find_time_expressions(text, "2024-07-20")}


def test_a_year_told_in_the_past_perfect_is_a_flashback_and_keeps_the_storys_year():
    t = ("The offensive began on 19 June 2018. On 12 July the army raised the flag in Daraa al-Balad, the old "
         "quarter where the uprising had begun in 2011. Nawa came under government control on 17 July.")
    got = {x.phrase: x.start for x in find_time_expressions(t, None)}
    assert got["in 2011"] == "2011-01-01" and got["on 17 July"] == "2018-07-17", got
    # a year told as the story's own still sets it
    t = "The offensive began on 19 June 2018. In 2019 the army moved north. On 17 July it took Nawa."
    assert {x.phrase: x.start for x in find_time_expressions(t, None)}["On 17 July"] == "2019-07-17"


@pytest.mark.parametrize("phrase, start, end", [
    ("in the first weeks of the battle", "2023-11-11", "2023-12-01"),
    ("in the first two days of the offensive", "2023-11-11", "2023-11-12"),
    ("during the first months of the war", "2023-11-11", "2024-02-10"),
])
def test_the_first_stretch_of_a_battle_counts_from_the_paragraphs_first_day(phrase, start, end):
    t = f"The offensive opened on 11 November 2023 with an attack on Loikaw. The army left Bawlakhe on 2 December. " \
        f"Most residents left {phrase}."
    got = {x.phrase: (x.start, x.end) for x in find_time_expressions(t, None)}
    assert got[phrase] == (start, end), got
    # with no day told before it, it is no time at all
    assert phrase not in {x.phrase for x in find_time_expressions(f"Most residents left {phrase}.", "2024-01-10")}


def test_by_the_nth_is_a_day_of_the_narratives_month():
    t = "M23 fighters entered Goma on 26 January. By the 28th, the airport was in their hands."
    assert [(x.phrase, x.start) for x in find_time_expressions(t, "2025-01-30")] == \
        [("on 26 January", "2025-01-26"), ("By the 28th", "2025-01-28")]
