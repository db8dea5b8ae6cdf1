"""The fast paths of extraction keep what the plain forms they replaced found (issue 5).

Speed work on events, actors, place references, cues, sentences and time expressions
replaced regexes tried at every position with literal-led ones plus a hand check, and
skipped pattern runs behind cheap necessary tests. What those paths find is tested as
behaviour where it matters: actors and their aliases, case rules and anaphora in
tests/test_actors.py, time expressions in tests/test_times.py, sentences and cues in
tests/test_events_rules.py, place references in tests/test_event_places.py. Kept here
are a few side-by-side checks, on sentences written for them, where a fast form is
derived by hand from a plain one and a slip would be silent (a rewritten regex, a
skip test that must never be stricter than the pattern it guards), and behaviour
tests of the edges those forms were built around.
"""
from __future__ import annotations

import random
import re

from timeline import actors as actors_mod
from timeline import event_places
from timeline import sentences as sentences_mod
from timeline import times as times_mod
from timeline.actors import ActorLexicon, _normalise, load_actors
from timeline.cues import folds_like_lower, load_cues
from timeline.events import magnitude as events_magnitude
from timeline.events import merge as events_merge
from timeline.events import patterns as events_patterns
from timeline.sentences import word_start_matches

SENTENCES = [
    "The group said it had withdrawn; the militants left this town after the city fell.",
    "Soldiers bathe the group's wounded. Breathe, the Organisation told THE GROUP.",
    "That jihadist group, this armed organization and the extremists met in the town of X.",
    "Rebels took the City Hall, then the town; this village's people fled to the stronghold of Y.",
    "On Friday, 21 May 2016, 12017 people left; in 1999a, x2015 and 2100-2199 nothing happened.",
    "Early 2019 or the late 1990s, in the spring of 2015, 3 March, March 3 and 03/14/2016.",
    "IS fighters and ISIS militants, Islamic State and the Syrian army, US-backed SDF units.",
    "The U.S. forces, Gen. Smith and Mr. Jones arrived. Then they left! Did they? Yes.",
    "Families fled toward the border, others were driven out of the area since 2014 or headed in the direction of X.",
    "The town fell to the rebels and later fell into decay; it was in the hands of IS since 2013.",
    "They are expected to have been relocated, as soon as the road is open and the crossings are.",
    "Up to 400 civilians, dozens of Yazidi families, a few hundred people and some 60 fighters.",
    "inside, into, including, within, fallen, falls, fell, headed to, heading for, gains control of",
    "On March 3rd, 2016 and 3rd of March 2016, Sept. 14, 2015, 14 Sept 2015, 2016-03-04, 4/13/2016 and 13.04.2016.",
    "Last week, this past weekend, the past two months, in recent days, a few years ago, the coming decade, "
    "early next year, in the spring, Mid-July, in late 2014, by the end of May, the 1990s, March of 2011.",
    "Forces are expected to enter within days, By Monday or in the next few hours; Residents are poised to leave.",
    "Reports that the town fell were Denied; officials Declared the city fully liberated after the militants "
    "had withdrawn, but did NOT say when the fighting is",
]





def test_year_trigger_on_digit_runs():
    rnd = random.Random(2)
    plain = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
    for _ in range(300):
        text = "".join(rnd.choice("0123456789 a-") for _ in range(rnd.randint(1, 30)))
        assert [m.span() for m in times_mod._YEAR_TRIGGER.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_anaphors_are_those_of_the_plain_regexes():
    for text in SENTENCES:
        low = _normalise(text).lower()
        fast = [m.span() for m in word_start_matches(actors_mod._GROUP_ANAPHORS_LOW, low)]
        assert fast == [m.span() for m in actors_mod._GROUP_ANAPHORS.finditer(_normalise(text))], text
        fast = [m.span() for m in word_start_matches(event_places._ANAPHOR_LOW, text.lower())]
        assert fast == [m.span() for m in event_places._ANAPHOR.finditer(text)], text


def test_an_anaphor_starts_at_a_word():
    hits = load_actors().find("Daesh lost ground. Soldiers bathe the wounded; breathe, the group withdrew.")
    assert [(a.surface, a.anaphor) for a in hits] == [("Daesh", False), ("the group", True)]
    assert load_actors().find("Daesh lost ground. Bathethe group withdrew.")[1:] == []


def test_the_fixtures_hold_what_the_fast_paths_look_for():
    """The checks above would pass vacuously on texts without a single hit."""
    assert sum(len(list(actors_mod._GROUP_ANAPHORS.finditer(t))) for t in SENTENCES) >= 5
    assert sum(len(list(event_places._ANAPHOR.finditer(t))) for t in SENTENCES) >= 3
    assert sum(len(times_mod._YEAR_TRIGGER.findall(t)) for t in SENTENCES) >= 6
    cues = load_cues()
    assert sum(len(cues.group_words().findall(t)) for t in SENTENCES) >= 5
    assert sum(len(cues.status_words("timeframe").findall(t)) for t in SENTENCES) >= 2
    assert sum(len(cues.status_words("expect").findall(t)) for t in SENTENCES) >= 1
    for rx in events_patterns._LOWERCASE_TWINS:       # some are anchored at the end: try every prefix
        assert any(rx.search(t, 0, k) for t in SENTENCES for k in range(len(t) + 1)), rx.pattern


def test_time_windows_are_skipped_only_where_their_pattern_cannot_match():
    for text in SENTENCES:
        for kind, needs in times_mod._NEEDS.items():
            pattern = times_mod._PATTERN_OF[kind]
            for start in range(0, len(text), 7):
                for end in (start + 20, start + 80):
                    if needs.search(text, start, end) is None:
                        assert next(pattern.finditer(text, start, end), None) is None, (kind, text[start:end])


def _plain_cues(lex, text: str) -> list[tuple[str, int, int]]:
    """Cue matches without the whole-word and second-word filters: every first-word hit tried."""
    low = text.lower()
    starts = sorted({(i - len(w) + 1, w) for i, w in lex._first_words.iter(low)})
    found, last_end = [], 0
    for pos, first in starts:
        if pos < last_end or pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] in "_'-"):
            continue
        m = lex._by_first[first].match(text, pos)
        if m is not None:
            last_end = m.end()
            found.append((m.group(0), m.start(), m.end()))
    return found


def test_cue_filters_drop_no_cue():
    lex = load_cues()
    for text in SENTENCES:
        fast = [(c.text, c.start, c.end) for c in lex.find_event_cues(text)]
        assert fast == _plain_cues(lex, text), text


def test_cue_fixtures_hold_cues_of_several_words():
    lex = load_cues()
    words = [c.text.lower() for t in SENTENCES for c in lex.find_event_cues(t)]
    assert any(" " in w for w in words) and len(words) >= 6, words


def test_an_alias_added_later_is_found_with_its_canonical_name():
    lex = ActorLexicon()
    lex.add("Rebels", ["insurgents"], "armed_group")
    assert [a.canonical for a in lex.find("Insurgents advanced.")] == ["Rebels"]
    lex.add("Militia X", ["insurgents"], "armed_group")      # an alias already taken keeps its first owner
    lex.add("Militia Y", ["MY"], "militia")
    assert [(a.canonical, a.kind) for a in lex.find("MY and insurgents advanced.")] == \
        [("Militia Y", "militia"), ("Militia X", "armed_group")]


def test_ending_tests_are_never_stricter_than_the_patterns_they_guard():
    for text in SENTENCES:
        for hi in range(1, len(text) + 1):
            if events_patterns._PRESENT_FUTURE.search(text, max(0, hi - 60), hi):
                assert events_merge._ends_with(text, 0, hi, ("is", "are"))
            if events_patterns._PERFECT_BEFORE.search(text, 0, hi):
                assert events_merge._ends_with(text, 0, hi, ("have", "been"))
            before = text[max(0, hi - 60):hi]
            if events_magnitude._QUANTITY_BEFORE.search(before):
                assert events_magnitude._QUANTITY_WORD.search(before)


def test_ending_tests_reject_what_cannot_match():
    text = "The convoy is said to be about to leave"
    assert not events_merge._ends_with(text, 0, len(text), ("is", "are"))
    assert events_merge._ends_with("once the road IS  ", 0, 18, ("is", "are"))
    assert not events_magnitude._QUANTITY_WORD.search("the frightened displaced ")


def test_blocks_are_paragraphs_with_their_wrapped_lines_joined():
    wrapped = ("Rebels advanced on the town from the north and the east in\n"
               "the early hours, residents said, and government forces withdrew\n"
               "  towards the river.\n\nA new paragraph starts here.\n   \nshort\nlines stay apart\n")
    # the three wrapped lines are one block; the blank-ish line and the short lines stay apart
    blocks = [wrapped[s:e] for s, e in sentences_mod._blocks(wrapped)]
    assert blocks == [wrapped[:wrapped.index("\n\n")], "A new paragraph starts here.", "   ", "short",
                      "lines stay apart"]
    # a long line ending a sentence, or followed by a capital, ends its block
    assert len(sentences_mod._blocks("x" * 50 + ".\nnext line\n")) == 2
    assert len(sentences_mod._blocks("x" * 50 + "\nNext line\n")) == 2


def test_texts_lowering_apart_from_case_blind_matching_are_told():
    assert not folds_like_lower("Mosul İslam", "Mosul İslam".lower())      # lowering changes the length
    assert not folds_like_lower("ſeven families", "ſeven families".lower())  # the long s: a case-blind "s"
    assert load_cues().group_words().search("FAMILIES fled") is not None
    assert load_cues().group_words(folded=True).search("families fled") is not None


def test_lowercase_twins_find_what_the_case_blind_patterns_find():
    for text in SENTENCES:
        low = text.lower()
        for blind, twin in events_patterns._LOWERCASE_TWINS.items():
            assert [m.span() for m in twin.finditer(low)] == [m.span() for m in blind.finditer(text)], blind.pattern
            for end in range(0, len(text) + 1, 3):      # as the rules use them: up to a cue
                fast, plain = twin.search(low, 0, end), blind.search(text, 0, end)
                assert (fast and fast.span()) == (plain and plain.span()), (blind.pattern, text[:end])


def test_a_pattern_with_capitals_gets_no_lowercase_twin():
    assert events_patterns._lowercase_twin(re.compile(r"\b[A-Z][a-z]+\s+said", re.IGNORECASE)) is None
    assert events_patterns._lowercase_twin(re.compile(r"(?P<side>\w+)\s+withdrew", re.IGNORECASE)) is not None
    assert len(events_patterns._LOWERCASE_TWINS) == 7


def test_a_mention_as_written_is_the_mention_replaced():
    from dataclasses import replace

    from gazetteer.records import Mention, Place
    text = "Rebels took the town of Tabqa; the city fell."
    m = Mention("Tabqa", 24, 29, Place("Tabqa", 35.8, 38.5, 1), 0.8, (Place("Other", 1.0, 2.0, 2),), "toponym")
    start, end = text.index("the city"), text.index("the city") + 8
    assert events_merge._as_written(m, text, start, end) == \
        replace(m, surface="the city", start=start, end=end, alternatives=())


def test_dateline_is_looked_for_where_it_was():
    from gazetteer.records import Mention, Place

    def plain_dateline(text: str, m: Mention) -> bool:
        after = text[m.end:m.end + 40]
        head = text[text.rfind("\n", 0, m.start) + 1:m.start]
        return len(head) <= 30 and bool(event_places._DATELINE_TAIL.match(after)) and \
            not event_places._DATELINE_HEAD.search(head)

    checked = 0
    for pad in range(0, 45, 3):
        for lead in ("", "Intro line\n", "x" * 50 + "\n", "By Staff Writer\n\n"):
            for pre in (" " * pad, "(AFP) " + " " * pad, "a" * pad):
                text = f"{lead}{pre}HOMS, Syria - Rebels took the town."
                start = text.index("HOMS")
                m = Mention("HOMS", start, start + 4, Place("Homs", 34.7, 36.7, 1), 0.9)
                got = event_places._context_of(text, [m], 0) == "dateline"
                assert got == plain_dateline(text, m), text
                checked += got
    assert checked >= 10        # the datelines were there to be found


