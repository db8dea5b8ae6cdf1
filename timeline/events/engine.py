"""The driver: an article's sentences, the cues in them, and the record each event becomes."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from gazetteer.records import Mention, Place
from gazetteer.relative import place_among, place_near
from timeline.actors import ActorLexicon, ActorMention, focus_countries
from timeline.cues import CueLexicon, CueMatch, folds_like_lower, load_cues
from timeline.dates import dateline_span
from timeline.event_places import _VERB_AFTER, LISTED_NAMES, PlaceRef, in_a_headline, marker, place_refs, site_elsewhere
from timeline.events.control import ControlRules
from timeline.events.flows import FlowRules
from timeline.events.merge import (
    REPORT_DATE,
    _absorb_background,
    _as_date,
    _as_written,
    _dedupe,
    _fill_from_earlier_holder,
    _fill_from_intents,
    _fill_from_paragraph,
    _fill_from_sides,
    _join_flow_ends,
    _origin_from_change,
    event_id,
    load_war_sides,
)
from timeline.events.patterns import (
    _AS_A_PARTICLE,
    _ATTRIBUTION_ASIDE,
    _BOTH_PLACES,
    _BRACKET_OPEN,
    _CLAIMED_NAME_NEXT,
    _CLAUSE_BREAK,
    _CLAUSE_STOP,
    _CLOSED_RELATIVE,
    _COLON,
    _CONTINUATION,
    _COUNT_MOVED_BEFORE,
    _COUNTED_PLACES,
    _COUNTED_TOWNS_BEFORE,
    _DISPLACED_FROM_BEFORE,
    _FLIGHT_IN_A_RELATIVE,
    _IT_FELL,
    _IT_OBJECT,
    _IT_WAS,
    _IT_WAS_ANYWHERE,
    _LISTED_NAME,
    _LOWERCASE_TWINS,
    _MARCHED_IN,
    _NAME_AFTER,
    _NAME_BEFORE,
    _NAME_INSIDE,
    _NEXT_CLAUSE,
    _NOT_NAMES,
    _PARTICIPLE_CLAUSE,
    _PEOPLES_ADJECTIVE,
    _PEOPLES_PLACE,
    _RELATIVE_OPEN,
    _REPORTED_SPEECH,
    _ROAD_AFTER,
    _SAID,
    _SPAN_JOINER,
    _THEM_OUT,
    _UNITS_AFTER,
    _WORD,
    _WORD_COUNT_MOVED_BEFORE,
    _YEAR,
    HISTORICAL_DAYS,
    TOKENIZED_BACK,
)
from timeline.events.records import _Sentence
from timeline.events.status import StatusRules
from timeline.records import Article, Event, TimeSpan
from timeline.sentences import split_sentences
from timeline.times import MONTHS, WEEKDAYS, is_step_back, starts_a_state, time_before, title_year

#: A time, then a relative "when" clause that the cue opens: "until 15 June, when forces recaptured".
_WHEN_THEN = re.compile(r",?\s*when\s+[^,;.]{0,80}$")
#: An operation's start right before a time: "the operation launched on Saturday" (not the cue's time).
_LAUNCHED_RIGHT_BEFORE = re.compile(r"(?<!since the )(?<!since an )(?<!since )\b(?:operation|offensive|campaign|counter-?offensive|assault|attack|push|battle)[\"”']?"
                                    r"\s+(?:(?:which|that)\s+(?:was|were|had\s+been)\s+)?(?:launched|started|begun|began|initiated)\s+$",
                                    re.IGNORECASE)
#: "from" right after a word: where people came from.
_FROM_AFTER = re.compile(r"\s+from\b")
#: What a span of days ends with: "the battle lasted from A to B and ended with X recapturing Y".
_ENDED_WITH = re.compile(r"\b(?:ended|ending|ends|concluded|culminated|culminating)\s+(?:with|in)\b[^,;]*$", re.IGNORECASE)
#: Readings of the gazetteer the rules set aside as doubtful (`timeline.event_places`).
#: Words that put a cue after the one before it in time: a new change of hands.
_THEN = re.compile(r"\b(?:until|then|later|again|only\s+to|before\s+being|before\s+it\s+was)\b", re.IGNORECASE)
_DOUBTFUL = frozenset(("doubtful", "part of a name", "far from the text", "organisation"))


#: Mentions this sure say which countries a text is about (a doubtful "Rye" for "al-Rai" does not).
_SURE = 0.5
#: A date this close to a sentence's start opens it ("On 24 March, ...", "Later on 27 February, ...").
_OPENING_CHARS = 12
#: "and" joining two verbs of one clause.
_AND_WORD = re.compile(r"\sand\s")
#: A clause of the same time after a comma: ", while units recaptured X".
_WHILE_JOIN = re.compile(r",\s+(?:while|as)\s")


#: A sentence's end ("_Rules._sentence_before_time").
_SENTENCE_BREAKS = re.compile(r"[.!?][\"'’”)]*\s+(?=[\"“(]?[A-Z0-9])")
#: The first word of a sentence, when capitalised (see `_Rules._names_first`).
_FIRST_WORD = re.compile(r"\s*(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?([A-Z][a-z][\w'’-]*)")



#: Between a list item's time told ahead of it and the item: ", " or " ".
_TIME_AHEAD_OF_ITEM = re.compile(r"\s*,?\s*")
#: Before such a time: the list's joining word ("and,", "and then,", ", and").
_ITEM_AHEAD = re.compile(r"(?:\band|\bthen|,)\s*,?\s*$")


def _outside_times(hits: dict[str, list[tuple[int, int]]], times) -> dict[str, list[tuple[int, int]]]:
    """Status phrases that are no part of a date: "on 21 May 2019" holds the month, not the
    modal "may" of an expected event."""
    spans = [(t.char_start, t.char_end) for t in times]
    if not spans:
        return hits
    return {kind: [h for h in found if not any(a <= h[0] and h[1] <= b for a, b in spans)]
            for kind, found in hits.items()}

#: A side left in control by the other's going: "pulled out overnight, leaving African Union
#: troops in control of the city".
_LEAVING_BEFORE = re.compile(r"\b(?:leaving|left|leaves|leave)\s+(?:[\w'’-]+\s+){1,6}$", re.IGNORECASE)


#: A side launching an offensive, right after its name: " and allied factions launched their offensive".
_LAUNCHED_AN_OFFENSIVE = re.compile(r"\s+(?:and\s+(?:its\s+|their\s+)?(?:allied\s+)?(?:allies|factions|groups|militias)\s+)?"
                                    r"(?:had\s+|have\s+|has\s+)?(?:launched|began|started|opened|mounted|initiated)\s+"
                                    r"(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:offensive|operation|assault|campaign|"
                                    r"counter-offensive|counteroffensive)\b", re.IGNORECASE)


class _Rules(StatusRules, ControlRules, FlowRules):
    """The rules over one article; `events()` returns its events."""

    def __init__(self, article: Article, mentions: Sequence[Mention], times: Sequence[TimeSpan],
                 actors: ActorLexicon, cues: CueLexicon, topic: Mention | None = None,
                 title_countries: Sequence[str] = ()):
        self.article = article
        self._title_countries = tuple(title_countries)
        self.text = article.text
        self.cues = cues
        self.anchor = _as_date(article.anchor_date)
        self._mentions = mentions
        self._topic = topic
        self._lexicon = actors
        self.actors: list[ActorMention] = []
        self._countries: tuple[str, ...] = ()      # what the text is about (`focus_countries`)
        self.refs: list[PlaceRef] = []
        self.usable: list[PlaceRef] = []
        self._sentences: list[tuple[int, int]] = []
        self._segment: tuple[int, int] = (0, len(self.text))   # the current cue's share of its sentence
        self._salience: dict[str, int] | None = None     # see `_salience_of`
        self._hits: dict[str, list[tuple[int, int]]] = {}   # status phrases of the article, per kind
        self._tok_span: tuple[int, int] = (0, -1)           # the sentence tokenized (see `_tokenize`)
        self._tok_starts: list[int] = []
        self._tok_ends: list[int] = []
        self._tok_words: list[str] = []
        self._intents: dict[str, str] = {}     # place key -> actor said to be out to take it
        self._prev_flow: Event | None = None   # the displacement of the sentence before, if any
        self._flow_in_sentence: Event | None = None    # the last one told so far in this sentence
        self._continued: set[str] = set()      # ids of flows a later sentence completed
        self._told_with_hosts: list[tuple[int, int]] = []   # where a host's people fled, told with it
        self._unnamed_takers: set[str] = set()  # ids of changes whose subject names a side we do not know
        self._markers: dict[tuple[int, int], str] = {}     # see `_marker`
        self.low: str | None = None            # the text lowercased, when offsets stay the same
        self._people = cues.group_words()      # people-group words, and the text to look in
        self._people_text = self.text
        self._timeframe = cues.status_words("timeframe")
        self._folded_text: str | None = None    # the lowercased text, when `_blind` may use it
        self._befores: dict[tuple[int, int, int], list[str]] = {}     # see `_before`
        # the date of an agency dateline ("MAIDUGURI, Nigeria, Jan 5 (Reuters) -") is the report's,
        # which an event without a time of its own takes anyway: it never dates one by itself
        dateline = dateline_span(self.text) if times else None
        self.times = sorted((t for t in times if t.char_start >= 0 and not (
            dateline is not None and dateline[0] <= t.char_start < dateline[1])), key=lambda t: t.char_start)
        self._time_ends = [t.char_end for t in self.times]

    # -- driver ------------------------------------------------------------------------------
    def events(self) -> list[Event]:
        # Cheapest test first: most articles of a general news feed hold no cue at all, and
        # then actors, place roles and sentences need not be worked out.
        low = self.text.lower()
        # one automaton pass finds the cues' first words, the status phrases and the actors
        joint = self.cues.joint_scan(self.text, low, self._lexicon)
        all_cues = self.cues.find_event_cues(self.text, low=low, first_hits=joint.first_words if joint else None)
        if not all_cues:
            return []
        self._prepare(low, joint)
        out: list[Event] = []
        cue_starts = [c.start for c in all_cues]
        prev_sentence = -1
        for n, (s0, s1) in enumerate(self._sentences):
            c0, c1 = bisect.bisect_left(cue_starts, s0), bisect.bisect_left(cue_starts, s1)
            if c0 == c1:
                continue            # no cue: nothing happens in this sentence
            a, b = bisect.bisect_left(self._usable_starts, s0), bisect.bisect_left(self._usable_starts, s1)
            if a == b and not _NAME_INSIDE.search(self.text, s0 + 1, s1) and not _IT_WAS_ANYWHERE.search(self.text, s0, s1) \
                    and not self._names_first(s0, s1):
                continue            # every event needs a place of its own sentence, resolved, named or "it"
            matches = self._keep_strong([c for c in all_cues[c0:c1] if c.end <= s1 and not self._in_actor_name(c.start)
                                         and not self._claims_no_place(c) and not self._bare_control_in_prose(c)])
            if not matches:
                continue
            if prev_sentence != n - 1:
                self._prev_flow = None      # a flow is continued only by the very next sentence
            prev_sentence = n
            out.extend(self._sentence_events(s0, s1, a, b, matches))
        out = [e for e in out if e.id not in self._continued]
        sides, country = load_war_sides(), self._country_of_unresolved
        out = _origin_from_change(_join_flow_ends(_dedupe(out)), self.text)
        out = _fill_from_sides(_fill_from_intents(_fill_from_earlier_holder(_absorb_background(out), self.text),
                                                  self._intents),
                               sides, country, self.actors)
        # the side a paragraph follows, once the other side of each change named by one is known
        return _fill_from_sides(_fill_from_paragraph(out, self.text, self._unnamed_takers, self._offensive_sides()),
                                sides, country, self.actors)

    def _offensive_sides(self) -> dict[int, str]:
        """Paragraph -> the first side named as launching an offensive in it ("Hay'at Tahrir
        al-Sham and allied factions launched their offensive from Idlib")."""
        out: dict[int, str] = {}
        if "offensive" not in self.text and "operation" not in self.text:
            return out
        for a in self.actors:
            if not a.modifier and a.kind != "civilians" and _LAUNCHED_AN_OFFENSIVE.match(self.text, a.end):
                out.setdefault(self.text.count("\n", 0, a.start), a.canonical)
        return out

    def _country_of_unresolved(self, e: Event) -> str | None:
        """Where a place the gazetteer lacks lies: the country a demonym right before its noun
        names ("the southern Lebanese village of Khiam"), the one all its namesakes lie in
        ("Pisky", four villages in Ukraine), else the one the text is about."""
        name = dict(e.unresolved).get("place")
        at = self.text.find(name, e.evidence_start, e.evidence_end) if name else -1
        if at > 0:
            for m in self._mentions:
                if m.kind == "demonym" and at - 45 <= m.end <= at and _DEMONYM_OF_PLACE.fullmatch(self.text, m.end, at):
                    return m.place.country
                if m.start == at and m.place is not None and m.place.country and \
                        any(a.name == m.place.name for a in m.alternatives) and \
                        all(a.country == m.place.country for a in m.alternatives):
                    return m.place.country      # a guess between namesakes all of one country: that country
        return self._countries[0] if self._countries else None

    def _capitals_speaking(self) -> list[ActorMention]:
        """A capital that speaks for its state ("Moscow says its forces captured X", "Kyiv claims
        recapture of Y"): that state's side, as "Russia says" is, where the lexicon has one."""
        out = []
        for r in self.refs:
            if r.context == "speaker" and r.place.feature_code == "PPLC" and \
                    not any(a.start <= r.start < a.end for a in self.actors) and \
                    (state := self._state_speaking_for(r.place.country)) is not None:
                out.append(ActorMention(state, self.text[r.start:r.end], r.start, r.end, "state"))
        return out

    def _state_speaking_for(self, country: str | None) -> str | None:
        """The state side a country's capital speaks for: its one state actor, else the side its
        demonym names ("Moscow": Russia, which fights in several countries)."""
        if (state := self._lexicon.state_of(country)) is not None or not country:
            return state
        from gazetteer.lexicon import load_lexicon
        sides = {self._lexicon.demonym_actor(d.title()) for d, cc in load_lexicon().demonyms.items() if cc == country}
        sides.discard(None)
        return sides.pop() if len(sides) == 1 else None

    def _names_first(self, s0: int, s1: int) -> bool:
        """Whether a sentence may open with a place's name ("Tonenke was captured by the RSF"):
        its first word is capitalised and no pronoun, article or other common opener."""
        m = _FIRST_WORD.match(self.text, s0, s1)
        return m is not None and m.group(1) not in _NOT_NAMES

    def _prepare(self, low: str, joint) -> None:
        """What every sentence's rules read: actors, place references, status phrases, sentences."""
        # offsets in the lowercased text are those of the text (as the lexicons assume) unless
        # lowering changed its length ("İ" -> "i̇"); then the tokens are lowered one by one
        self.low = low if len(low) == len(self.text) else None
        # group words and time frames are searched for in the lowercased text when that finds
        # the same (several times faster than a case-blind regex)
        folded = folds_like_lower(self.text, low)
        self._people = self.cues.group_words(folded=folded)
        self._people_text = low if folded else self.text
        self._timeframe = self.cues.status_words("timeframe", folded=folded)
        self._folded_text = low if folded else None
        countries = focus_countries([m for m in self._mentions if m.confidence >= _SURE])
        if self._title_countries:
            # a title naming a country ("Northwestern Syria offensive") says which war it is
            countries = tuple(dict.fromkeys(self._title_countries + countries))
        if self._topic is not None and self._topic.place.country:
            # the title's town says which war a paragraph is about ("the rebels" of "Northern Aleppo
            # offensive" are Syrian ones), before the paragraph's own, maybe doubtful, names
            countries = (self._topic.place.country,) + tuple(c for c in countries if c != self._topic.place.country)
        self.actors = self._lexicon.find(self.text, low=low, raw=joint.actors if joint else None,
                                         countries=countries)
        fighting_in = tuple(dict.fromkeys(c for a in self.actors if not a.anaphor
                                          for c in self._lexicon.countries(a.canonical)))
        if countries and fighting_in and countries[0] not in fighting_in:
            # the places read first point away from where every named group fights ("Ahrar
            # ash-Sham" read as a place in the Emirates, "U.S." as a speaker): the war's country first
            where = next((c for c in countries if c in fighting_in), fighting_in[0])
            countries = (where,) + tuple(c for c in countries if c != where)
            self.actors = self._lexicon.find(self.text, low=low, raw=joint.actors if joint else None,
                                             countries=countries)
        if not countries and fighting_in:
            # no sure place says which war this is; the groups it names do ("Government troops
            # pushed the Houthis out of Hays": Yemen's government)
            countries = fighting_in
            self.actors = self._lexicon.find(self.text, low=low, raw=joint.actors if joint else None,
                                             countries=countries)
        self._countries = countries
        self.refs = place_refs(self.text, self._mentions, self.actors, low=low, topic=self._topic,
                               actor_countries=fighting_in, title_countries=self._title_countries)
        if (speakers := self._capitals_speaking()):
            self.actors = sorted(self.actors + speakers, key=lambda a: a.start)
        self.usable = [r for r in self.refs if r.context is None]
        self._usable_starts = [r.start for r in self.usable]
        self._hits = _outside_times(self.cues.status_hits(self.text, low=low, raw=joint.status if joint else None),
                                    self.times)
        self._sentences = split_sentences(self.text)
        self._actor_starts = [a.start for a in self.actors]
        self._actor_reach = max((a.end - a.start for a in self.actors), default=0)
        self._time_starts = [t.char_start for t in self.times]
        # mentions whose reading the rules set aside as doubtful: their names may still be kept
        # by name (`Event.unresolved`), as for a place the gazetteer lacks
        doubtful = {(r.start, r.end) for r in self.refs if r.context in _DOUBTFUL}
        self._read_mentions = [m for m in self._mentions if (m.start, m.end) not in doubtful]
        self._mention_starts = sorted(m.start for m in self._read_mentions)

    def _sentence_events(self, s0: int, s1: int, a: int, b: int, matches: list[CueMatch]) -> list[Event]:
        """The events of one sentence: each cue read over its share of the sentence (from the
        cue before it to the cue after it)."""
        actor_starts, time_starts = self._actor_starts, self._time_starts
        sent = _Sentence(s0, s1, self.text, self.usable[a:b],
                         self.actors[bisect.bisect_left(actor_starts, s0):bisect.bisect_left(actor_starts, s1)],
                         self.times[bisect.bisect_left(time_starts, s0):bisect.bisect_left(time_starts, s1)])
        # the rules look back at most eight words from a cue: those fit in TOKENIZED_BACK
        # characters nearly always, and the few look-ups that need more read them afresh
        self._tokenize(max(s0, matches[0].start - TOKENIZED_BACK), matches[-1].start)
        out: list[Event] = []
        flow = None
        for i, cm in enumerate(matches):
            lo = matches[i - 1].end if i else s0
            hi = matches[i + 1].start if i + 1 < len(matches) else s1
            k = bisect.bisect_left(self._usable_starts, lo, a, b)
            if (k == b or self._usable_starts[k] >= hi) and not self._may_name_a_place(cm, lo, hi):
                continue        # no place in this cue's share of the sentence, resolved or named
            self._segment = (lo, hi)
            self._flow_in_sentence = flow
            stop = _CLAUSE_STOP.search(self.text, cm.end, hi)
            if stop is not None and stop.group() == ":" and (
                    _COUNTED_PLACES.search(self.text, cm.end, stop.start())
                    or _COUNTED_TOWNS_BEFORE.search(self.text, max(s0, cm.start - 80), cm.start)):
                # "seized 4 villages: A, B and C"; "the three capitals fell in as many days: A, B and C"
                stop = _CLAUSE_STOP.search(self.text, stop.end(), hi)
            if stop is not None and cm.cue.type == "displacement" and \
                    (aside := _ATTRIBUTION_ASIDE.match(self.text, stop.start(), hi)) is not None:
                # "fled X last week, the UN said, most of them to Y": the way goes on past who told it
                stop = _CLAUSE_STOP.search(self.text, aside.end(), hi)
            post_hi = stop.start() if stop else hi
            for ev in self._read(sent, cm, lo, cm.start, cm.end, post_hi):
                if ev is not None:
                    out.append(ev)
                    if ev.type == "displacement" and (flow is None or ev.origin is not None or flow.origin is None) \
                            and not (flow is not None and self._told_in_a_relative(cm)):
                        flow = ev       # (a flight's count of arrivals after it, "where 12,000 arrivals
                        # were recorded in Y", does not hide where its people came from)
        self._prev_flow = flow
        return out

    def _claims_no_place(self, cm: CueMatch) -> bool:
        """Whether a bare "claims" claims something other than a place the gazetteer holds, named
        right after it: "Moscow claims Chasiv Yar" is a capture claimed, but not "claimed the attack
        on Kabul airport", "claims capture of X" (the capture's own cue) or "the False Claims Act"."""
        if cm.text[:5].lower() != "claim" or " " in cm.text.strip():
            return False        # ("claims control of city": a cue of its own, whose frame wants a place)
        name = _CLAIMED_NAME_NEXT.match(self.text, cm.end)
        k = bisect.bisect_left(self._usable_starts, name.end() - 1) if name else len(self._usable_starts)
        return k == len(self._usable_starts) or self._usable_starts[k] != name.end() - 1

    def _bare_control_in_prose(self, cm: CueMatch) -> bool:
        """Whether a bare "in control of" (or "under X control") lies outside a headline: a headline
        drops its "are" ("M23 rebels in control of Walikale", "Sudzha under Russian control again"),
        prose uses it to describe ("a warning to the rebel forces in control of the town", "areas
        under government control")."""
        if cm.cue.frame == "fall" and cm.text.lower().startswith("under ") and cm.text.lower().endswith(" control"):
            return not in_a_headline(self.text, cm.start)   # "Sudzha under Russian control again" (a headline's)
        return cm.text.lower() == "in control of" and not in_a_headline(self.text, cm.start) and \
            not _LEAVING_BEFORE.search(self.text, max(0, cm.start - 70), cm.start)

    def _in_actor_name(self, at: int) -> bool:
        """Whether offset `at` lies inside an actor's name past its first word: "forces" in
        "the regime forces out of X" is a name, not the verb "forces ... out of"; or opens a name
        of several words: "Free" of "the Free Syrian Army from the countryside" frees nothing."""
        k = bisect.bisect_right(self._actor_starts, at) - 1
        return k >= 0 and (self.actors[k].start < at < self.actors[k].end or
                           self.actors[k].start == at and " " in self.actors[k].surface and not self.actors[k].anaphor
                           and self.actors[k].kind != "civilians")     # ("displaced people from X" are people fleeing)

    def _marker(self, lo: int, ref_start: int) -> str:
        """`marker(text, lo, ref_start)`, worked out once: the rules ask the same question of an
        actor or a place several times ("by"? "from"? "to"?)."""
        key = (lo, ref_start)
        mk = self._markers.get(key)
        if mk is None:
            # over the lowercased text when it has the same offsets: the words come out lowered
            mk = self._markers[key] = marker(self.text if self.low is None else self.low, lo, ref_start)
        return mk

    def _blind(self, rx: re.Pattern) -> tuple[re.Pattern, str]:
        """A case-blind pattern and the text to run it over: its lowercase twin and the
        lowercased text when they find the same (several times faster), else itself and the text."""
        if self._folded_text is not None:
            twin = _LOWERCASE_TWINS.get(rx)
            if twin is not None:
                return twin, self._folded_text
        return rx, self.text

    def _search(self, rx: re.Pattern, lo: int, hi: int) -> re.Match | None:
        rx, text = self._blind(rx)
        return rx.search(text, lo, hi)

    def _keep_strong(self, matches: list[CueMatch]) -> list[CueMatch]:
        """A weak movement word after a flight in the same clause is its direction ("fled X heading to Y")."""
        kept: list[CueMatch] = []
        for cm in matches:
            if self._people_noun(cm):
                continue        # "Most of the displaced reached Shendi": who moved, not a flight
            if cm.cue.frame == "move" and kept and kept[-1].cue.type == "displacement" and kept[-1].cue.frame != "move" and \
                    not self._adjective_flight(kept[-1]) and not self._in_a_closed_relative(kept[-1], cm) and \
                    not _COLON.search(self.text, kept[-1].end, cm.start) and cm.start - kept[-1].end < 120 and \
                    not cm.text.lower().startswith(("return", "went back", "gone back", "going back")):
                continue        # (but "people displaced from X returned home": a return, not the flight's way)
            kept.append(cm)
        return kept

    def _in_a_closed_relative(self, flight: CueMatch, cm: CueMatch) -> bool:
        """Whether `flight` is told in a relative clause that a comma closes before `cm`: "people,
        many of whom had already fled Khartoum, left Wad Madani for Sennar" ("left" is the main
        verb, not the earlier flight's way)."""
        return "," in self.text[flight.end:cm.start] and self._told_in_a_relative(flight)

    def _told_in_a_relative(self, flight: CueMatch) -> bool:
        """Whether a flight word opens a relative clause of the people ("many of whom had fled X")."""
        return _FLIGHT_IN_A_RELATIVE.search(self.text, max(0, flight.start - 70), flight.start) is not None

    def _adjective_flight(self, cm: CueMatch) -> bool:
        """Whether a flight word is an adjective of the people after it ("displaced Palestinians
        began walking back", "Displaced families reach Cúcuta": who they are, the flight told
        by another verb, if any; but "displaced families from Kherson settled in Mykolaiv" tell
        a flight)."""
        if cm.text.lower() not in ("displaced", "uprooted") or self.text[cm.end:cm.end + 1] != " ":
            return False
        who = self._people.match(self._people_text, cm.end + 1, min(len(self.text), cm.end + 40))
        return who is not None and not _FROM_AFTER.match(self.text, who.end())

    def _people_noun(self, cm: CueMatch) -> bool:
        """Whether a flight word is a noun for people: "the displaced" (but "the displaced
        families" are told as "displaced" + people, `_read`)."""
        return cm.text.lower() in ("displaced", "uprooted") and \
            self.text[max(0, cm.start - 4):cm.start].lower() == "the " and \
            not self._people.match(self._people_text, cm.end + 1, min(len(self.text), cm.end + 40))

    # -- one cue --------------------------------------------------------------------------------
    def _read(self, s: _Sentence, cm: CueMatch, lo: int, c0: int, c1: int, hi: int) -> list[Event | None]:
        if self.text[s.start:s.end].rstrip(" \"'”’)").endswith("?"):
            return []     # a question tells nothing: "Has Bakhmut fallen?", "Did Russia capture Avdiivka?"
        if cm.text.lower().endswith("ing") and _IS_THEIR_GOAL_AFTER.match(self.text, cm.end, s.end):
            return []     # "say liberating the city is their next goal": a goal, no event
        if (change := self._as_control(s, cm, lo)) is not None:
            cm = change
        cue = cm.cue
        if cue.type == "displacement" and _PEOPLES_PLACE.match(self.text, cm.end, cm.end + 40):
            return []     # "a displaced people's camp in X": where people live, not a movement
        if self._adjective_flight(cm):
            return []     # "thousands of displaced Palestinians began walking back": an adjective, who they are
        if cue.frame == "move" and cm.text.lower() == "leaving" and \
                self.text[max(s.start, cm.start - 3):cm.start].rstrip().endswith(","):
            return []     # "..., leaving the town exposed to fighters": a result, not a departure
        if cue.frame in ("move", "transport", "noun_people") and not self._may_name_people(s, cm, hi):
            return []     # these cues need a group of people (or the people of the sentence before)
        status, reason, cancelled = self._status(s, cm, lo)
        if cancelled:
            if cue.type == "control_change" and reason in ("goal", "no time frame"):
                # not an event, but it says who is out to take the place
                for place, taker in self._control(s, cm, lo, hi, "expected", False, intent_only=True):
                    if taker and place:
                        self._intents.setdefault(place.key, taker)
            return []
        nominal = cue.frame in ("noun", "noun_people") or self._nominal(s, cm)
        if nominal and self._goal_noun_before(s, c0):
            return []
        if nominal and self.cues.status_words("compound").match(self.text, cm.end + 1, min(s.end, cm.end + 30)) \
                and self.text[cm.end:cm.end + 1] == " ":
            return []     # "an evacuation deal", "displacement camps": a thing named after the act
        if cue.type == "control_change":
            return self._control(s, cm, lo, hi, status, nominal)
        return self._displacement(s, cm, lo, hi, status, nominal)

    def _may_name_people(self, s: _Sentence, cm: CueMatch, hi: int) -> bool:
        """A cheap test that `_group` could find someone (a window wider than the one it reads),
        or that the sentence continues the flow of the one before."""
        lo = max(s.start, cm.start - 100)
        if self._people.search(self._people_text, lo, max(cm.end, min(hi, cm.end + 80))):
            return True
        if _COUNT_MOVED_BEFORE.search(self.text, max(s.start, cm.start - 50), cm.start) or \
                _WORD_COUNT_MOVED_BEFORE.search(self.text, max(0, s.start - 2, cm.start - 40), cm.start):
            return True     # "a further 400 were bused", "Thousands more have left": a count of people
        if self._others_of_a_flight(s, cm):
            return True     # "fled Hawija ...; others reached Kirkuk": the others of that flight
        return self._prev_flow is not None and _CONTINUATION.match(self.text, s.start, cm.start) is not None

    def _nominal(self, s: _Sentence, cm: CueMatch) -> bool:
        prev = self._before(s.start, cm.start, 1)
        return bool(prev) and prev[0] in {"the", "a", "an", "their", "its", "his", "her", "this", "mass", "'s", "’s"} \
            and cm.cue.frame in ("flee", "noun", "noun_people")

    def _goal_noun_before(self, s: _Sentence, c0: int) -> bool:
        """ "for the liberation of X", "the battle for the capture of": a goal, not an event;
        "the threat of deportation", "fears of an exodus", "the planned seizure of": a prospect,
        not an event either."""
        prev = self._before(s.start, c0, 3)
        if "for" in prev[-2:]:
            return True
        if prev and self.cues.status_words("unrealised").fullmatch(prev[-1]):
            return True     # "upon the planned seizure of Kyiv", "an attempted capture": not done
        if prev[-1:] in (["of"], ["an"], ["a"], ["the"]):
            of = prev.index("of") if "of" in prev else -1
            return of > 0 and self.cues.status_words("goal").fullmatch(prev[of - 1]) is not None
        return False

    def _before(self, lo: int, hi: int, n: int) -> list[str]:
        """The last `n` words (lowercased) of text[lo:hi] (a list the caller must not change)."""
        key = (lo, hi, n)
        words = self._befores.get(key)
        if words is None:
            # the rules look back from the same cue several times ("to"? "was"? "the"?)
            words = self._befores[key] = self._read_before(lo, hi, n)
        return words

    def _read_before(self, lo: int, hi: int, n: int) -> list[str]:
        k0, k1 = self._token_range(lo, hi, n)
        if k0 is None:
            start = max(lo, hi - 16 * n - 16)
            words = _WORD.findall(self.text, start, hi)
            if start > lo and words:
                words = words[1:]          # the window may have cut the first word
            return [w.lower() for w in words[-n:]]
        return self._tok_words[max(k0, k1 - n):k1]

    def _token_range(self, lo: int, hi: int, n: int) -> tuple[int | None, int]:
        """Indices of the tokenized words lying inside text[lo:hi], when they hold its last
        `n` words (all of them, or at least n); (None, 0) when text[lo:hi] must be read afresh."""
        t0, t1 = self._tok_span
        if hi > t1 or hi < t0:
            return None, 0
        k0, k1 = bisect.bisect_left(self._tok_starts, lo), bisect.bisect_right(self._tok_ends, hi)
        if lo < t0 and k1 - k0 < n:
            return None, 0                 # the words before the tokenized stretch are needed
        return k0, k1

    def _tokenize(self, s0: int, s1: int) -> None:
        """Words and punctuation of the stretch of a sentence its cues look back over, once:
        the status and role rules look back from every cue, and a regex pass per look was
        most of their cost."""
        if self.low is not None:
            ms = list(_WORD.finditer(self.low, s0, s1))
            words = [m.group() for m in ms]
        else:
            ms = list(_WORD.finditer(self.text, s0, s1))
            words = [m.group().lower() for m in ms]
        starts = [m.start() for m in ms]
        if starts and starts[0] == s0 and s0 > 0 and self.text[s0 - 1].isalnum():
            ms, starts, words = ms[1:], starts[1:], words[1:]    # the stretch may have cut the first word
        self._tok_span = (s0, s1)
        self._befores.clear()              # words before a cue are read from the new stretch
        self._tok_starts = starts
        self._tok_ends = [m.end() for m in ms]
        self._tok_words = words

    # -- building the record ------------------------------------------------------------------
    def _event(self, s: _Sentence, cm: CueMatch, type_: str, status: str, confidence: float, *,
               background: bool = False, since: bool = False, place: PlaceRef | None = None,
               origin: PlaceRef | None = None, destination: PlaceRef | None = None,
               actor_from: str | None = None, actor_to: str | None = None, group: str | None = None,
               magnitude: int | None = None, magnitude_text: str | None = None,
               unresolved: tuple[tuple[str, str], ...] = (), listed: Sequence[PlaceRef] = ()) -> Event:
        span = self._span_of(s, cm, place or origin or destination, unresolved, background, since)
        if span is None and not since:
            # "held out until the night of 12 August, when ... the Taliban walked in": the time the
            # "when" clause hangs on
            span = next((x for x in reversed(s.times) if x.char_end <= cm.start
                         and _WHEN_CLAUSE.fullmatch(self.text, x.char_end, cm.start)), None)
        if (told := self._date_told_after(s)) is not None and (span is None and not since or span is not None and _within(told, span)):
            span = told       # "... the Iraqi army abandoned Mosul. It was 10 June 2014;"
        report = self.article.anchor_date
        date_ = end = precision = phrase = None
        if span is not None:
            date_, end, precision, phrase = span.start, span.end, span.precision, span.phrase
            reason = span.reason or f"time expression '{span.phrase}' in the sentence"
            if self.anchor and _as_date(span.end) and _as_date(span.end) <= self.anchor - timedelta(days=HISTORICAL_DAYS) \
                    and status in ("reported", "claimed"):
                status = "historical"
        elif since:
            year = _YEAR.search(self.text, cm.end, min(s.end, cm.end + 30))
            if year is None:
                return None
            y = year.group(1)
            date_, end, precision, phrase, reason = f"{y}", f"{y}-12-31", "year", year.group(0), f"year written in '{year.group(0)}'"
            date_ = f"{y}-01-01"
        elif status == "historical" or background:
            reason = "earlier than the report; the text gives no date"
        elif report and self._past_perfect(s, cm):
            reason = "earlier than the report (a past perfect); the text gives no date"
        elif report and (story := self._sentence_before_time(s)) is not None:
            # "On 12 May, RSF occupied X. Residents fled to Y.": the day the sentence before gives
            date_, end, precision, phrase = story.start, story.end, story.precision, story.phrase
            reason = f"the date of the sentence before, '{story.phrase}'"
        elif report:
            date_, end, precision = report, report, self.article.published_precision or "day"
            if precision == "month":
                date_, end = report[:7] + "-01", report
            reason = REPORT_DATE
        elif (story := self._narrative_time(s.start)) is not None:
            # an undated narrative ("On 5 March ... The town fell."): the paragraph's last date
            date_, end, precision, phrase = story.start, story.end, story.precision, story.phrase
            reason = f"the paragraph's last date before it, '{story.phrase}'"
        elif not report and (titled := title_year(self.article.title)) is not None:
            # "After the seizure of Jisr al-Shughur" in "Northwestern Syria offensive (April–June
            # 2015)": an undated text's events of no time of their own are of its title's year
            date_, end, precision = f"{titled}-01-01", f"{titled}-12-31", "year"
            reason = f"the title's year {titled}; the text gives no date"
        else:
            reason = "undated: no time expression and no article date"
        places = [r for r in (place, origin, destination) if r is not None]
        # the mentions the event stands on, as written ("the city" for a reference back), without
        # the candidates they beat: the article's own mentions keep those
        used = tuple([_as_written(r.mention, self.text, r.start, r.end) for r in places])
        # "captured by Russia until it was liberated": a later change of the same place in the
        # same sentence is another event, not a second account of the first (see `_dedupe`)
        later = ("then",) if self._segment[0] > s.start and _THEN.search(self.text, self._segment[0], cm.start) else ()
        eid = event_id(self.article.id, type_, s.start, s.end, [r.place for r in places], date_,
                       [f"{role}?{name}" for role, name in unresolved] + list(later))
        # a name the gazetteer lacks that the sentence places ("Shchurove, 6 km southwest of
        # Lyman"), or lists among nearby towns of the same capture, gets that approximate point;
        # it stays listed as unresolved all the same
        near = {role: self._placed_near(name, s) or place_among(name, [r.mention for r in listed if not r.anaphor])
                for role, name in unresolved}
        if any(near.values()):
            confidence -= 0.1
        return Event(
            id=eid, type=type_, evidence=self.text[s.start:s.end], article_ids=(self.article.id,),
            date=date_, end=end, precision=precision, date_phrase=phrase, date_reason=reason,
            report_date=report, status=status,
            place=place.place if place else near.get("place"), origin=origin.place if origin else near.get("origin"),
            destination=destination.place if destination else near.get("destination"),
            actor_from=actor_from, actor_to=actor_to, group=group, magnitude=magnitude,
            magnitude_text=magnitude_text, evidence_start=s.start, evidence_end=s.end,
            confidence=round(max(0.05, min(0.95, confidence)), 2), mentions=used, unresolved=unresolved)

    def _span_of(self, s: _Sentence, cm: CueMatch, where: PlaceRef | None, unresolved: tuple,
                 background: bool, since: bool) -> TimeSpan | None:
        """The time expression that dates an event: the place's own bracket, else the cue's
        clause's time, else the time the sentence opens with."""
        if (after := _UNITS_AFTER.search(self.text, max(s.start, cm.start - 100), cm.start)) is not None:
            # "entered Sake on Wednesday, a day after the group seized Goma": a day before Wednesday
            main = next((x for x in reversed(s.times) if x.char_end <= after.start()), None) or (
                TimeSpan(self.anchor.isoformat(), self.anchor.isoformat(), "day", "the report date")
                if self.anchor is not None and not s.times else None)
            if main is not None and (got := time_before(main, after.group("num"), after.group("unit"),
                                                        after.group("rel"), after.start(), after.end("rel"))):
                return got
        name_end = None
        if where is None and unresolved and (at := self.text.find(unresolved[0][1], cm.start, s.end)) >= 0:
            name_end = at + len(unresolved[0][1])
        # (a place another sentence named, "both towns" pointing back at it, brings no date of its own)
        own = self._own_time(where, name_end) if where is None or where.start >= s.start else None
        if own is not None and (where.end if where else name_end) <= cm.start and "," in self.text[own.char_end:cm.start]:
            # a place named before the cue, in another clause, and referred to by "it" brings no
            # date of its own: "recaptured Saraqib on 27 February, but the army retook it on
            # 2 March", "retook Al Bayda on Wednesday, months after losing it" (but "Makariv
            # (22 March) was retaken" is dated by its bracket)
            own = None
        span = own or self._time_for(s, cm, since, *self._segment) or \
            (None if since else self._opening_time(s) or self._coordinated_time(s, cm))
        if own is None and not since and where is not None and not where.anaphor and \
                (span is None or span.char_end <= cm.start and ";" in self.text[span.char_end:cm.start]) and \
                (told := self._told_of_before(s, where, cm)) is not None:
            span = told
        if background and span is not None and span.char_end <= cm.start and own is None:
            return None     # "retook X on Wednesday, months after losing it": the main clause's day
        if span is not None and span.start != span.end and span.precision == "day" and \
                _ENDED_WITH.search(self.text, max(s.start, cm.start - 50), cm.start):
            # "The battle lasted from 27 February to 28 March and ended with Ukraine recapturing
            # the city": the last day of the span
            span = replace(span, start=span.end, reason=f"the end of '{span.phrase}' (it ended with the change)")
        return span

    def _told_of_before(self, s: _Sentence, where: PlaceRef, cm: CueMatch) -> TimeSpan | None:
        """The day the sentence gave the same place earlier, in a clause before a semicolon: "the UN
        mission left Tessalit on the 21st and Aguelhok ten days later; Malian soldiers moved into
        Tessalit" (the 21st, not the ten days later of the last clause's other town)."""
        for r in s.refs:
            if r.end <= cm.start and r is not where and not r.anaphor and r.place.key == where.place.key and \
                    ";" in self.text[r.end:cm.start]:
                return self._own_time(r)
        return None

    def _placed_near(self, name: str, s: _Sentence) -> Place | None:
        """`gazetteer.relative.place_near` for a name of sentence `s`, anchored on the towns the
        rules read (not those set aside as doubtful)."""
        at = self.text.find(name, s.start, s.end)
        if at < 0:
            return None
        return place_near(name, self.text, at + len(name),
                          [m for m in self._read_mentions if at < m.start < s.end])

    def _may_name_a_place(self, cm: CueMatch, lo: int, hi: int) -> bool:
        """Whether a cue with no resolved place in its share names one the gazetteer lacks,
        where its frame would read it (a cheap test before the rules run)."""
        if _IT_WAS.search(self.text, max(lo, cm.start - 40), cm.start) or _BOTH_PLACES.match(self.text, cm.end) or \
                cm.cue.type == "control_change" and (_IT_OBJECT.match(self.text, cm.end) or (_MARCHED_IN.fullmatch(cm.text) and _AS_A_PARTICLE.match(self.text, cm.end)
                                                          or _THEM_OUT.fullmatch(cm.text))) or \
                cm.cue.frame == "fall" and _IT_FELL.search(self.text, max(lo, cm.start - 30), cm.start) or \
                cm.text.lower().endswith("home") and _DISPLACED_FROM_BEFORE.search(self.text, max(0, cm.start - 120), cm.start):
            return True             # "it was captured", "regained both towns", "displaced from X returned home"
        if not _NAME_INSIDE.search(self.text, lo + 1, hi) and not self._names_first(lo, hi):
            return False
        return self._unresolved_match(cm.end, hi) is not None or \
            self._unresolved_match(lo, cm.start, before=True) is not None

    def _listed_names(self, after: int, hi: int) -> list[str]:
        """Names the gazetteer lacks that continue a list of places ending at `after`:
        "retook A, B and Tonenke" (A and B resolved)."""
        names = []
        while (m := _LISTED_NAME.match(self.text, after, hi)) is not None:
            a, b = m.span("name")
            if _no_place_name(m.group("name").split()) or \
                    any(x.start < b and a < x.end for x in self.actors) or _SAID.match(self.text, b + 1) \
                    or _VERB_AFTER.match(self.text, b):
                break       # (", Prigozhin said": a speaker closes the list; ", and Woldiya fell a
                # week later": a clause of its own)
            k = bisect.bisect_left(self._mention_starts, a)
            if k < len(self._mention_starts) and self._mention_starts[k] == a:
                break       # a resolved place: the list goes on in the mentions
            names.append(m.group("name"))
            after = b
        return names

    def _unresolved_name(self, lo: int, hi: int, before: bool = False) -> str | None:
        m = self._unresolved_match(lo, hi, before)
        return m.group("name") if m else None

    def _unresolved_match(self, lo: int, hi: int, before: bool = False) -> re.Match | None:
        """A place name in text[lo:hi] where the frame expects one (after the cue, or with
        `before`, right before it) that no mention covers: a place the gazetteer lacks, kept by
        name ("captured the village of Tonenke") rather than dropped."""
        if before:
            # (from the character before the stretch: the pattern's "^" holds only at the text's
            # start, and a sentence after the first opens with the name it is about)
            m = _NAME_BEFORE.search(self.text, max(lo - 1, hi - 120, 0), hi)
        else:
            m = _NAME_AFTER.match(self.text, lo, hi)
        if m is None:
            return None
        a, b = m.span("name")
        words = m.group("name").split()
        if _no_place_name(words) or any(w in MONTHS or w in WEEKDAYS for w in words) \
                or len(words[0]) == 1 and self.text[b:b + 1] == ".":
            return None     # (nor an initial, "U" of "U.N.")
        if _SIDE_NOUN_AFTER.match(self.text, b):
            return None     # "seize Tuareg rebel stronghold": a people's or a side's qualifier, no place
        if len(words) == 1 and (_PEOPLES_ADJECTIVE.match(self.text, a) or any(
                m.kind == "demonym" and m.start == a for m in self._mentions)):
            return None     # "a largely abandoned Christian town", "the Gazan side": a people's adjective
        if _ROAD_AFTER.match(self.text, b):
            return None     # "regained control of the Ithriya-Thawrah road": a road, no place
        if site_elsewhere(self.text, b) and any(b < r.start <= b + 40 for r in self.usable):
            return None     # a site's name: "the Ouagadougou conference centre in Sirte" is at Sirte
        if any(x.start < b and a < x.end for x in self.actors) or \
                any(x.start < b and a < x.end for x in self._read_mentions):
            return None     # an actor, or a name the gazetteer read
        return m

    def _past_perfect(self, s: _Sentence, cm: CueMatch) -> bool:
        """Whether the cue is a past perfect of the story's own telling ("The rebels had seized
        Minova in the preceding weeks"): before the report, so the report's date is not its
        date.  Not in reported speech, whose past perfect is the report's own news ("the army
        said it had recaptured X")."""
        return bool(_HAD_BEFORE.search(self.text, max(s.start, cm.start - 30), cm.start)) and \
            not _REPORTED_SPEECH.search(self.text, s.start, cm.start)

    def _own_time(self, ref: PlaceRef | None, name_end: int | None = None) -> TimeSpan | None:
        """A date written in brackets right after the place (or the name the gazetteer lacks,
        ending at `name_end`): "retook Makariv (22 March) and Lukyanovka (24 March)" dates each
        place by its own; or a list item's time told between the joining word and the item
        ("retook Bama on 16 March and, eleven days later, Gwoza")."""
        end = ref.end if ref is not None and ref.end > ref.start else name_end
        if end is None:
            return None
        k = bisect.bisect_left(self._time_starts, end)
        if k < len(self.times) and _BRACKET_OPEN.fullmatch(self.text, end, self.times[k].char_start):
            return self.times[k]
        if k < len(self.times) and (items := LISTED_NAMES.match(self.text, end, self.times[k].char_start)) \
                and _BRACKET_OPEN.fullmatch(self.text, items.end(), self.times[k].char_start):
            return self.times[k]   # "then Zangilan and Gubadli later that month": the items' time
        start = ref.start if ref is not None and ref.end > ref.start else None
        k = bisect.bisect_left(self._time_starts, start) - 1 if start is not None else -1
        if k >= 0 and _TIME_AHEAD_OF_ITEM.fullmatch(self.text, self.times[k].char_end, start) and \
                _ITEM_AHEAD.search(self.text, max(0, self.times[k].char_start - 12), self.times[k].char_start):
            return self.times[k]   # "retook Bama on 16 March and, eleven days later, Gwoza"
        return None

    def _opening_time(self, s: _Sentence) -> TimeSpan | None:
        """The date a sentence opens with, which scopes all its clauses: "On 24 March, mines were
        cleared, allowing the army to enter X" (the clause of "enter" names no date itself)."""
        first = s.times[0] if s.times else None
        if first is None or first.char_start - s.start > _OPENING_CHARS or first.char_start >= self._segment[0]:
            return None
        return replace(first, reason="; ".join(filter(None, (f"the sentence opens with '{first.phrase}'", first.reason))))

    def _coordinated_time(self, s: _Sentence, cm: CueMatch) -> TimeSpan | None:
        """The date of a verb the cue's is coordinated with: "on 28 December the army raised the
        flag over the compound and declared Ramadi liberated" (one clause, one date)."""
        before = [x for x in s.times if x.char_end <= self._segment[0]]
        if not before:
            return None
        t, a = self.text, before[-1].char_end
        joined = not _CLAUSE_BREAK.search(t, a, cm.start) and _AND_WORD.search(t, a, cm.start)
        if not joined and (w := _WHILE_JOIN.search(t, a, cm.start)) is not None:
            # "retook Wad Madani on Jan. 11, while units pushing down from the north recaptured
            # the al-Jaili refinery": the same time, told of another side of the front
            joined = not _CLAUSE_BREAK.search(t, a, w.start()) and not _CLAUSE_BREAK.search(t, w.end(), cm.start)
        if not joined:
            return None
        return replace(before[-1], reason="; ".join(filter(None, (f"the date of the verb joined to it, "
                                                                  f"'{before[-1].phrase}'", before[-1].reason))))

    def _date_told_after(self, s: _Sentence) -> TimeSpan | None:
        """The date a sentence gives right after the event's to say when it was: "Ahmed watched
        as the army abandoned Mosul. It was 10 June 2014; ...", "That was 10 August 2019"."""
        m = _IT_WAS_AFTER.match(self.text, s.end)
        if m is None:
            return None
        k = bisect.bisect_left(self._time_starts, m.end())
        x = self.times[k] if k < len(self.times) else None
        if x is None or x.char_start != m.end() or x.precision not in ("day", "month"):
            return None
        return TimeSpan(x.start, x.end, x.precision, x.phrase, x.char_start, x.char_end,
                        f"the date the next sentence gives: '{self.text[m.start():x.char_end].strip()}'")

    def _sentence_before_time(self, s: _Sentence) -> TimeSpan | None:
        """The day or month the sentence right before gives (`_narrative_time`), which a
        sentence with no date of its own goes on with; none across a paragraph."""
        story = self._narrative_time(s.start)
        if story is None or story.precision not in ("day", "month") or \
                len(_SENTENCE_BREAKS.findall(self.text, story.char_end, s.start)) > 1:
            return None
        if (rel := _RELATIVE_OPEN.search(self.text, max(0, story.char_start - 80), story.char_start)) and \
                not _SENTENCE_BREAKS.search(self.text, rel.end(), story.char_start):
            return None     # "... from the RSF, which seized it in July. Residents said RSF fighters had left": not July
        return story

    def _times_blanked(self, lo: int, hi: int) -> str:
        """text[lo:hi] with each time phrase in it written as letters of the same length, so
        that the commas and points of a date ("on Oct. 26, 2023, and took X") break no clause."""
        t = self.text[lo:hi]
        k = bisect.bisect_left(self._time_starts, lo)
        while k < len(self.times) and self.times[k].char_start < hi:
            a, b = self.times[k].char_start - lo, min(self.times[k].char_end, hi) - lo
            t = t[:a] + "x" * (b - a) + t[b:]
            k += 1
        return t

    def _narrative_time(self, at: int) -> TimeSpan | None:
        """The last time expression before offset `at` in its paragraph (a point, not a span
        of years), which a narrative sentence without a date of its own continues."""
        k = bisect.bisect_right(self._time_ends, at)
        while k > 0:
            k -= 1
            t = self.times[k]
            if "\n" in self.text[t.char_end:at]:
                return None
            if (t.precision in ("day", "month") or t.start[:4] == t.end[:4]) and not starts_a_state(t.phrase) \
                    and not is_step_back(t.phrase):
                return t            # ("since 2014" starts a state, "the previous day" looks back: no point of the story)
        return None

    def _time_for(self, s: _Sentence, cm: CueMatch, since: bool, lo: int, hi: int) -> TimeSpan | None:
        """The time expression of the event's own clause: the one nearest the cue, between the
        cues before and after it (a date next to another cue is that cue's)."""
        own = [x for x in s.times if lo <= x.char_start < hi]
        if not own:
            return None
        if since:
            after = [x for x in own if x.char_start >= cm.start - 2 and x.char_start - cm.end < 60]
            return after[0] if after else None
        own = [x for x in own if not self._anothers_time(x, s, cm)]
        if any(x.char_start >= cm.end and not _a_clause_break(self.text, cm.end, x.char_start) for x in own):
            # "attacked X on 25 February, and captured it by 1 March": a time in the cue's own
            # stretch after it beats one across a clause break before it, and one after the verb
            # before ("seized X in June 2022 and captured Y that October": June is the seizure's)
            own = [x for x in own if x.char_start >= cm.end or not (
                _CLAUSE_BREAK.search(self.text, x.char_end, cm.start) or lo > s.start and x.char_start >= lo)]
        if not own:
            return None
        # "seized Daraa, cradle of the 2011 uprising, on Friday": a year naming another event
        # is no date of the cue's while the clause has one of its own
        own = [x for x in own if not self._a_years_event(x)] or own
        best = min(own, key=lambda x: min(abs(x.char_start - cm.end), abs(cm.start - x.char_end)))
        # "today or tomorrow", "Friday and Saturday": one interval from the first to the last
        for other in own:
            lo_, hi_ = sorted((best, other), key=lambda x: x.char_start)
            if other is not best and _SPAN_JOINER.fullmatch(self.text, lo_.char_end, hi_.char_start) \
                    and not _STEP_ON.search(hi_.phrase) and not _OWN_PREPOSITION.match(hi_.phrase):
                # (but "on 5 August and a week later captured X" is the next step, no interval, and
                # "took X on 4 October and on 9 October entered Y" tells two days, each its own)
                best = TimeSpan(min(lo_.start, hi_.start), max(lo_.end, hi_.end), lo_.precision,
                                self.text[lo_.char_start:hi_.char_end], lo_.char_start, hi_.char_end,
                                f"{lo_.reason}; {hi_.reason}".strip("; "))
        return best

    def _a_years_event(self, x: TimeSpan) -> bool:
        """Whether a year qualifies the noun after it: "the 2011 uprising", "of the 2016 Dabiq
        offensive" name an event of that year, not when the cue's happened."""
        return x.precision == "year" and _THE_OPENS.match(x.phrase) is not None and \
            _NOUN_AFTER.match(self.text, x.char_end) is not None

    def _anothers_time(self, x: TimeSpan, s: _Sentence, cm: CueMatch) -> bool:
        """Whether a time dates something else than the cue: a state's start ("held since
        2014"), a relative clause closed before the cue ("Bashiqa, which ISIS had taken in
        2014, was retaken on 7 November"), or one opened after it ("captured Pisky, which had
        been fortified since 2014"), or the time of a clause after the cue's when the sentence
        gives one before it ("As of 30 March, they had retaken Irpin, and by 1 April, Bucha"), or
        the end of a state ("held until 2019")."""
        t = self.text
        if (_UNTIL_BEFORE.search(t, max(s.start, x.char_start - 8), x.char_start) or x.phrase.lower().startswith(("until", "till"))) \
                and not _WHEN_THEN.match(t, x.char_end, cm.start) \
                and not (_NOT_RIGHT_BEFORE.search(t, max(s.start, cm.start - 12), cm.start)
                         and _UNTIL_RIGHT_AFTER.fullmatch(t, cm.end, x.char_start)):
            return True     # "held by the rebels until 2019": when a state ended, not when it began
                            # (but "little progress until 15 June, when government forces recaptured X";
                            # "was not retaken until February 2015": it was retaken then)
        if starts_a_state(x.phrase) and not (cm.cue.type == "displacement" and x.precision == "day") \
                and not (x.char_end <= cm.start and _WHEN_THEN.match(t, x.char_end, cm.start)):
            return True     # "for the first time since 2016": a state's start, wherever it stands
                            # (but "3,000 families have fled X since Friday": the flight began then;
                            # "had occupied X since February 2016, when it seized the town": then)
        if x.char_start >= cm.end:
            # (and "within the operation launched on Saturday, the command said on Monday": when the
            # operation began, while the sentence tells another time; alone it bounds the cue's)
            return bool(_RELATIVE_OPEN.search(t, cm.end, x.char_start) or _PARTICIPLE_CLAUSE.search(t, cm.end, x.char_start) or
                        len(s.times) > 1 and _LAUNCHED_RIGHT_BEFORE.search(t, max(cm.end, x.char_start - 40), x.char_start) or
                        _NEXT_CLAUSE.search(t, cm.end, x.char_start) and any(y.char_end <= cm.start for y in s.times))
        if x.char_end > cm.start:
            return False
        return bool(_CLOSED_RELATIVE.search(t, x.char_end, cm.start) and
                    _RELATIVE_OPEN.search(t, max(s.start, x.char_start - 80), x.char_start))


#: After a gerund cue and its object, the goal it is: "(liberating) the city is their next goal".
_IS_THEIR_GOAL_AFTER = re.compile(r"[^.;:]{0,60}?\b(?:is|was|remains|remained|would\s+be|will\s+be)\s+(?:their|its|the|our|his|"
                                  r"her)\s+(?:(?:next|main|ultimate|stated|declared|first|top|primary|immediate)\s+)?"
                                  r"(?:goal|aim|objective|target|priority|mission)\b", re.IGNORECASE)
#: From a time to a verb of the "when" clause that hangs on it: "(12 August), when the governor left
#: and the Taliban (walked in)".
_WHEN_CLAUSE = re.compile(r",?\s+when\s+[^.;:]*")
#: A sentence that opens by saying when the one before happened: "It was 10 June 2014;".
_IT_WAS_AFTER = re.compile(r"\s*(?:It|That|This)\s+was\s+(?:on\s+|in\s+)?")


def _within(x: TimeSpan, outer: TimeSpan) -> bool:
    """Whether time x lies inside `outer` and says it more finely: 10 June 2014 in "2014"."""
    return outer.precision in ("year", "month") and x.precision != outer.precision and \
        str(outer.start) <= str(x.start) and str(x.end) <= str(outer.end)


def _a_clause_break(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] holds a comma, semicolon or colon that ends a clause, not one between
    the names of a list ("expelled the Houthis from the Bayhan, Usaylan and Ain districts by 10
    January": the time is the verb's own)."""
    return any(not (m.group() == "," and _LIST_COMMA.match(text, m.end())) for m in _CLAUSE_BREAK.finditer(text, a, b))


#: After a comma, a name and then another comma or "and": the comma joins a list's items.
_LIST_COMMA = re.compile(r"\s+(?:al-|el-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?:,|\s+(?:and|&)\s)")
#: A side's noun right after a name, which then qualifies the side: "Tuareg rebel(s)", "Kokang fighters".
_SIDE_NOUN_AFTER = re.compile(r"\s+(?:rebels?|militias?|militiamen|fighters|forces|troops|separatists?|insurgents?|"
                              r"jihadists?|guerrillas?|army|soldiers)\b"
                              r"(?!\s+(?:base|camp|post|barracks|headquarters|garrison|outpost))", re.IGNORECASE)   # (a site of the place)
#: A year's phrase opening with an article ("the 2011", "of the 2016"), and a noun after it.
_THE_OPENS = re.compile(r"(?:(?:of|in|during|since)\s+)?the\s+\d", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+(?!and\b|or\b|to\b|until\b|through\b)[A-Za-z]")
#: A time told as a step after another one: "a week later", "the next day", "the following month".
#: A time expression that opens with its own preposition ("on 9 October", "by 1 March").
_OWN_PREPOSITION = re.compile(r"(?:on|by|in|during)\s", re.IGNORECASE)
_STEP_ON = re.compile(r"\b(?:later|after|afterwards|next|following|subsequent)\b", re.IGNORECASE)
#: A past perfect right before a cue: "had seized", "had been captured", "had already taken".
_HAD_BEFORE = re.compile(r"\bhad\s+(?:\w+ly\s+|also\s+|already\s+|just\s+|since\s+)?(?:been\s+)?$", re.IGNORECASE)
#: Between a demonym and the name of the place it locates: " village of ", " border town of ".
_DEMONYM_OF_PLACE = re.compile(r"\s+(?:[a-z-]+\s+)?(?:village|town|city|hamlet|settlement|district|area)\s+of\s+")
#: A negation right before a cue, and "until" right after it: "was not retaken until February".
_NOT_RIGHT_BEFORE = re.compile(r"\b(?:not|never)\s+$", re.IGNORECASE)
_UNTIL_RIGHT_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:(?:until|till)\s+)?", re.IGNORECASE)
#: "until" right before a time: the end of a state, no date of a change.
_UNTIL_BEFORE = re.compile(r"\b(?:until|till)\s+$", re.IGNORECASE)


def _no_place_name(words: list[str]) -> bool:
    """Whether capitalised words where a place would stand name none: a pronoun, article or
    other common opener first, a person's name, a possessive ("Darfur's state capitals": it
    qualifies what follows), or an acronym ("DTM field teams", "IOM": an organisation's).

        >>> _no_place_name(["DTM"]), _no_place_name(["The"]), _no_place_name(["Tonenke"])
        (True, True, False)
    """
    return words[0] in _NOT_NAMES or _a_persons_name(words) or words[-1].endswith(("'s", "’s")) \
        or all(w.isupper() and len(w) <= 5 for w in words)


def _a_persons_name(words: list[str]) -> bool:
    """Whether capitalised words read as a person's name: a given name and one more word
    ("the home village of Nadia Murad" names no village Nadia Murad), or a title first
    ("Major General Sergei Goryachev").

        >>> _a_persons_name(["Nadia", "Murad"]), _a_persons_name(["Wadi", "Huwash"])
        (True, False)
        >>> _a_persons_name(["Major", "General", "Sergei", "Goryachev"])
        True
    """
    from gazetteer.lexicon import load_lexicon

    lexicon = load_lexicon()
    head = words[0].lower()
    if head in _TOPONYM_HEADS:
        return False
    return head.rstrip(".") in lexicon.titles and len(words) > 1 or len(words) == 2 and head in lexicon.given_names


#: First words of place names that are also given names ("Wadi", "Jabal", "Nova", "Mala").
_TOPONYM_HEADS = frozenset("jabal jebel wadi nova novo mala malo velyka imam mar tal tell umm abu bir ain ras deir "
                           "kafr khan beit sidi ben san santa saint port fort mount lake cape sheikh shaykh sheik".split())


def extract_events(article: Article, mentions: Sequence[Mention], times: Sequence[TimeSpan],
                   actors: ActorLexicon, topic: Mention | None = None,
                   title_countries: Sequence[str] = ()) -> list[Event]:
    """Control changes and displacements of one article (pure: same input, same events and ids).
    `topic`: the place the title names, when the title is not part of the text
    (`timeline.event_places.title_topic`); `title_countries`: the countries it names
    (`timeline.pipeline.title_countries`), which say what the text is about."""
    return [e for e in _Rules(article, mentions, times, actors, load_cues(), topic, title_countries).events()
            if e is not None]
