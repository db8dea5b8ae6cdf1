"""Event rules: dated, geoparsed sentences -> control changes and displacement flows.

`extract_events` reads an article sentence by sentence.  A sentence yields an
event only where a cue of war reporting (``timeline/data/cues_events.csv``:
"recaptured", "fell to", "free of", "fled", "transferred ... families") has the
places its frame needs: the place a control change applies to, or the origin
and/or destination of a flow.  Places come from the gazetteer's mentions,
never from the text directly, and a mention only counts where the action is:
a dateline ("KABUL -"), a place that merely locates another ("Musa Qala in
northern Helmand", "Syria's Idlib"), a route ("the road between A and B")
or an organisation's name ("the Aleppo Media Center") is context.  "The city"
and "the town" refer back to the last place named.

Status comes from the words around the cue (``cues_status.csv``): "said to be
preparing to", "may", "within days" make it *expected*; "denied", "did not"
*denied*; a date well before the article, or "months ago", *historical*;
"claimed" *claimed*; else *reported*.  Intentions without a time frame
("poised to recapture"), goals ("the offensive to retake"), prospects ("the
threat of deportation"), conditions ("if the rebels take X"), scenarios ("a
proposal would see X withdraw"), blocked movements ("banned civilians from
leaving") and habits ("every time") are not events.

A side that gives way in a clause of the same sentence ("retook X after Y
withdrew") is the one that lost the place; civilians are never a side.  A
sentence whose subject is the people of the one before ("80,000 fled X. Many
headed to Y.") completes that flow, with both sentences as evidence.

Only sentences holding a cue and a place are read, and an article without a
cue costs one Aho-Corasick pass, the one that also finds the article's status
phrases and actors (`CueLexicon.joint_scan`); each sentence is tokenized once,
and a cue that only says who is out to take a place builds no event.  The article
is lowercased once for every lexicon, case-blind patterns run as lowercase
twins over it where that finds the same (`folds_like_lower`), and what the
rules ask of a cue's surroundings (the words before it, the preposition before
a place) is worked out once per cue.

Dates are never invented: an event takes the time expression of its own
sentence, else the article's date (``date_reason="report date"``), else none.

    >>> from gazetteer.records import Mention, Place
    >>> from timeline.actors import load_actors
    >>> from timeline.records import Article
    >>> text = "Rebels captured Kafr Nabl on Friday."
    >>> art = Article.from_text(text, title="t", published="2016-05-21", published_precision="day")
    >>> town = Mention("Kafr Nabl", 16, 25, Place("Kafr Nabl", 35.61, 36.56, 1, "SY"), 0.9)
    >>> [(e.type, e.place.name, e.actor_to, e.status, e.date) for e in
    ...  extract_events(art, [town], [], load_actors())]
    [('control_change', 'Kafr Nabl', 'FSA', 'reported', '2016-05-21')]
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from gazetteer.records import Mention, Place
from timeline.actors import ActorLexicon, ActorMention
from timeline.cues import CueLexicon, CueMatch, folds_like_lower, load_cues
from timeline.event_places import LOOKBACK_CHARS, PlaceRef, coordinated, marker, place_key, place_refs
from timeline.records import Article, Event, TimeSpan
from timeline.sentences import split_sentences

#: An event dated this many days or more before its article is historical.
HISTORICAL_DAYS = 30
#: How far before a sentence's first cue its words are tokenized once (see `_Rules._tokenize`).
TOKENIZED_BACK = 90

_WORD = re.compile(r"[\w'’.-]*\w|[^\w\s]")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# --- grammar words (not names): how a place is introduced -----------------------------------
_SUBJECT_BOUNDARY = re.compile(r"[;:(]|,(?!\s*(?:their|its|and)\b)|\b(?:after|before|as|while|when|since|until|because|amid|but|"
                               r"whereas|although|though|who|which)\b", re.IGNORECASE)
#: Prepositions that make the next place an origin / a destination / a route / a location.
_DEST_MARK = {"to", "towards", "toward", "into", "for", "reached", "reach", "reaching", "reaches"}
_ROUTE_MARK = {"across", "via", "through"}
_LOCATION_MARK = {"in", "inside", "at", "within", "around", "near"}
_PASSIVE_AUX = {"was", "were", "been", "being", "be", "is", "are", "got", "get", "gets"}
_BACKGROUND = {"after", "since", "following", "before", "despite"}
_CLAUSE_STOP = re.compile(
    r"[;:]|\s[–—-]\s|,\s*(?:said|says|told|according|which|who|while|but|although|whereas)\b|"
    r"\b(?:said|says|told)\b")
_PRESENT_FUTURE = re.compile(r"\b(?:after|once|until|before|when|as soon as)\s+(?:[\w'-]+\s+){0,3}(?:is|are)\s*$",
                             re.IGNORECASE)
_YEAR = re.compile(r"\b(?:since|in|by|early|late|mid-?)\s+((?:19|20)\d\d)\b")


_BY_NEXT = re.compile(r"\s+by\b")
_POSSESSOR_BEFORE = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+)?$")
_OF_AFTER = re.compile(r"\s+of\s+(?:its|their|the)?\s*(?:[\w-]+\s+){0,2}")
_PEOPLE_ADJECTIVE = re.compile(r"\b([A-Z][a-z]+(?:i|ish|ian|an|ese))\s+$")
#: "reports that X fell ... were denied": a denial written after the event.
_DENIED_AFTER = re.compile(r"\b(?:was|were|has been|have been|had been)\s+(?:denied|rejected|dismissed|refuted)\b|"
                           r"\b(?:denied|rejected|dismissed|refuted)\s+(?:the\s+|these\s+|such\s+)?(?:reports?|claims?)\b",
                           re.IGNORECASE)
#: "declared X (fully) liberated": the place comes before the cue, as in a passive.
_DECLARED_BEFORE = re.compile(r"\b(?:declared|declares|declare|declaring|pronounced|announced)\s+(?:the\s+)?"
                              r"(?:[\w'’-]+\s+){1,4}?(?:now\s+)?(?:fully|completely|totally|entirely)?\s*$", re.IGNORECASE)
#: A subject led by another actor: "rebels led by HTS" acted under HTS.
_LED_BY = re.compile(r"\s+(?:led|headed|spearheaded)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
#: Words after "fell to" that make it a quantity, not a side: "fell to a three-month low".
_NOT_A_SIDE = re.compile(r"\s+(?:a|an|its|their|\d|zero|record|the\s+lowest|the\s+highest|the\s+level)\b",
                         re.IGNORECASE)
#: A sentence whose subject is the people of the sentence before: "Many headed to Y".
_CONTINUATION = re.compile(r"\s*(?:many|most|some|others|they|several|the rest|the majority|about half|half)"
                           r"(?:\s+of\s+them)?\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
#: A clause saying a side gave way: "after Y withdrew", "as Y abandoned their positions".
_YIELDED = re.compile(r"\b(?:after|as|when|while|once)\s+(?P<side>(?:[\w'’.-]+\s+){1,6}?)(?:had\s+|have\s+)?"
                      r"(?:withdrew|withdrawn|retreated|pulled\s+out|pulled\s+back|abandoned|fled|collapsed|"
                      r"surrendered|evacuated|left)\b", re.IGNORECASE)
#: Words joining two time expressions into one interval: "today or tomorrow", "Friday and Saturday".
_SPAN_JOINER = re.compile(r"\s*(?:or|and|to|-|–)\s*")
#: A reporting verb right before a time expression or a time frame: "said on Saturday" dates the saying.
_REPORTING_BEFORE = re.compile(r"\b(?:said|says|told|reported|announced|added|stated)\s*$", re.IGNORECASE)
#: After a displacement word, a place where people live: "(displaced) people's camp".
_PEOPLES_PLACE = re.compile(r"\s+(?:people|persons|peoples?|families|civilians)['’]?s?\s+(?:camps?|sites?|settlements?|shelters?)\b",
                            re.IGNORECASE)
_CLAUSE_PUNCT = re.compile(r"[,;:(“”\"]")
_COND_BREAK = re.compile(r"[,;:]|\bthen\b")
_NOT_BEFORE = re.compile(r"(?:\b(?:not|never|no longer)\b|n't\b)", re.IGNORECASE)
_REPORTS_OF = re.compile(r"\b(?:reports?|claims?|rumou?rs?)\s+(?:that|of)\b", re.IGNORECASE)
_PERFECT_BEFORE = re.compile(r"\bto\s+have(?:\s+been)?\s*$")
#: "X, which the army retook": a place is the object of a relative clause right after it.
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:which|that)\b")
#: Verbs of arriving before "in"/"at": the place after them is where people went.
_ARRIVAL_BEFORE = re.compile(r"\b(?:arrived|arrive|arrives|arriving|settled|resettled|sheltering|sheltered|"
                             r"took\s+refuge|taking\s+refuge|ended\s+up)\s+(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
#: Between a name that only qualifies a noun and the place the noun is: " site of", " border town of".
_NAMED_KIND_OF = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}(?:site|hub|city|town|village|capital|region|district|"
                            r"province|base|crossing|port|stronghold)\s+of\s+(?:the\s+)?")
#: Precompiled so that hot paths do not look patterns up in the `re` cache at every call.
#: (Those matched on a slice stay on a slice: `pos` would let `\b` see the character before.)
_COLON = re.compile(r"[;:]")
_POSSESSIVE_S = re.compile(r"^\s*['’]s\b")
_CLAUSE_BETWEEN = re.compile(r"\b(?:who|which|that|said|says)\b|[,;]")
_SUBJECT_CLAUSE = re.compile(r"[,;:“”\"(]|\b(?:which|that|who|after|as|while|when)\b")
_SUPPORTER_BEFORE = re.compile(r"\b(?:(?:backed|supported|aided|helped|assisted)\s+by|with|by|against|alongside)\s+(?:the\s+)?$",
                               re.IGNORECASE)
_TOWARDS = re.compile(r"\b(?:to|towards|toward|into)\b")
_ITS_THEIR = re.compile(r"\b(?:its|their)\b")
_DIGITS = re.compile(r"(\d[\d,.]*)\s*(million|thousand|hundred)?")
def _lowercase_twin(rx: re.Pattern) -> re.Pattern | None:
    """`rx` without IGNORECASE, for lowercased text: the same matches when none of its literals
    is a capital (escapes like \\b aside); None when one is."""
    if any(c.isupper() for c in re.sub(r"\\.|\(\?P[<=]", "", rx.pattern)):
        return None
    return re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)


_LOWERCASE_TWINS = {rx: twin for rx in (_NOT_BEFORE, _REPORTS_OF, _DENIED_AFTER, _PRESENT_FUTURE, _DECLARED_BEFORE,
                                        _YIELDED, _SUBJECT_BOUNDARY)
                    if (twin := _lowercase_twin(rx)) is not None}
# --- the rules ---------------------------------------------------------------------------------
@dataclass
class _Sentence:
    start: int
    end: int
    text: str                      # the whole article text (offsets are absolute)
    refs: list[PlaceRef]           # usable place refs inside the sentence
    actors: list[ActorMention]     # actors inside the sentence
    times: list[TimeSpan]          # time expressions inside the sentence


class _Rules:
    """The rules over one article; `events()` returns its events."""

    def __init__(self, article: Article, mentions: Sequence[Mention], times: Sequence[TimeSpan],
                 actors: ActorLexicon, cues: CueLexicon):
        self.article = article
        self.text = article.text
        self.cues = cues
        self.anchor = _as_date(article.anchor_date)
        self._mentions = mentions
        self._lexicon = actors
        self.actors: list[ActorMention] = []
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
        self._continued: set[str] = set()      # ids of flows a later sentence completed
        self._markers: dict[tuple[int, int], str] = {}     # see `_marker`
        self.low: str | None = None            # the text lowercased, when offsets stay the same
        self._people = cues.group_words()      # people-group words, and the text to look in
        self._people_text = self.text
        self._timeframe = cues.status_words("timeframe")
        self._folded_text: str | None = None    # the lowercased text, when `_blind` may use it
        self._befores: dict[tuple[int, int, int], list[str]] = {}     # see `_before`
        self.times = sorted((t for t in times if t.char_start >= 0), key=lambda t: t.char_start)

    # -- driver ------------------------------------------------------------------------------
    def events(self) -> list[Event]:
        # Cheapest test first: most articles of a general news feed hold no cue at all, and
        # then actors, place roles and sentences need not be worked out.
        if not self._mentions:
            return []
        low = self.text.lower()
        # one automaton pass finds the cues' first words, the status phrases and the actors
        joint = self.cues.joint_scan(self.text, low, self._lexicon)
        all_cues = self.cues.find_event_cues(self.text, low=low, first_hits=joint.first_words if joint else None)
        if not all_cues:
            return []
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
        self.actors = self._lexicon.find(self.text, low=low, raw=joint.actors if joint else None)
        self.refs = place_refs(self.text, self._mentions, self.actors, low=low)
        self.usable = [r for r in self.refs if r.context is None]
        if not self.usable:
            return []
        out: list[Event] = []
        self._hits = self.cues.status_hits(self.text, low=low, raw=joint.status if joint else None)
        self._sentences = split_sentences(self.text)
        usable_starts = [r.start for r in self.usable]
        cue_starts = [c.start for c in all_cues]
        actor_starts = self._actor_starts = [a.start for a in self.actors]
        self._actor_reach = max((a.end - a.start for a in self.actors), default=0)
        time_starts = [t.char_start for t in self.times]
        prev_sentence = -1
        for n, (s0, s1) in enumerate(self._sentences):
            c0, c1 = bisect.bisect_left(cue_starts, s0), bisect.bisect_left(cue_starts, s1)
            if c0 == c1:
                continue            # no cue: nothing happens in this sentence
            a, b = bisect.bisect_left(usable_starts, s0), bisect.bisect_left(usable_starts, s1)
            if a == b:
                continue            # every event needs a place of its own sentence
            matches = self._keep_strong([c for c in all_cues[c0:c1] if c.end <= s1])
            if not matches:
                continue
            if prev_sentence != n - 1:
                self._prev_flow = None      # a flow is continued only by the very next sentence
            prev_sentence = n
            sent = _Sentence(s0, s1, self.text, self.usable[a:b],
                             self.actors[bisect.bisect_left(actor_starts, s0):bisect.bisect_left(actor_starts, s1)],
                             self.times[bisect.bisect_left(time_starts, s0):bisect.bisect_left(time_starts, s1)])
            # the rules look back at most eight words from a cue: those fit in TOKENIZED_BACK
            # characters nearly always, and the few look-ups that need more read them afresh
            self._tokenize(max(s0, matches[0].start - TOKENIZED_BACK), matches[-1].start)
            flow = None
            for i, cm in enumerate(matches):
                lo = matches[i - 1].end if i else s0
                hi = matches[i + 1].start if i + 1 < len(matches) else s1
                k = bisect.bisect_left(usable_starts, lo, a, b)
                if k == b or usable_starts[k] >= hi:
                    continue        # no place in this cue's share of the sentence
                self._segment = (lo, hi)
                stop = _CLAUSE_STOP.search(self.text, cm.end, hi)
                post_hi = stop.start() if stop else hi
                for ev in self._read(sent, cm, lo, cm.start, cm.end, post_hi):
                    if ev is not None:
                        out.append(ev)
                        flow = ev if ev.type == "displacement" else flow
            self._prev_flow = flow
        out = [e for e in out if e.id not in self._continued]
        return _fill_from_intents(_absorb_background(_dedupe(out)), self._intents)

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
            if cm.cue.frame == "move" and kept and kept[-1].cue.type == "displacement" and kept[-1].cue.frame != "move" and \
                    not _COLON.search(self.text, kept[-1].end, cm.start) and cm.start - kept[-1].end < 120:
                continue
            kept.append(cm)
        return kept

    # -- one cue --------------------------------------------------------------------------------
    def _read(self, s: _Sentence, cm: CueMatch, lo: int, c0: int, c1: int, hi: int) -> list[Event | None]:
        cue = cm.cue
        if cue.type == "displacement" and _PEOPLES_PLACE.match(self.text, cm.end, cm.end + 40):
            return []     # "a displaced people's camp in X": where people live, not a movement
        if cue.frame in ("move", "transport", "noun_people") and not self._may_name_people(s, cm, hi):
            return []     # these cues need a group of people (or the people of the sentence before)
        status, reason, cancelled = self._status(s, cm, lo)
        if cancelled:
            if cue.type == "control_change" and reason in ("goal", "no time frame"):
                # not an event, but it says who is out to take the place
                for place, taker in self._control(s, cm, lo, hi, "expected", False, intent_only=True):
                    if taker and place:
                        self._intents.setdefault(place_key(place), taker)
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
        return self._prev_flow is not None and _CONTINUATION.match(self.text, s.start, cm.start) is not None

    def _nominal(self, s: _Sentence, cm: CueMatch) -> bool:
        prev = self._before(s.start, cm.start, 1)
        return bool(prev) and prev[0] in {"the", "a", "an", "their", "its", "his", "her", "this", "mass", "'s", "’s"} \
            and cm.cue.frame in ("flee", "noun", "noun_people")

    def _goal_noun_before(self, s: _Sentence, c0: int) -> bool:
        """ "for the liberation of X", "the battle for the capture of": a goal, not an event;
        "the threat of deportation", "fears of an exodus": a prospect, not an event either."""
        prev = self._before(s.start, c0, 3)
        if "for" in prev[-2:]:
            return True
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

    # -- status -----------------------------------------------------------------------------------
    def _status(self, s: _Sentence, cm: CueMatch, lo: int) -> tuple[str, str, bool]:
        """(status, why, cancelled): cancelled when the words say nothing happened, or nothing soon."""
        t, cw, has = self.text, self.cues.status_words, self._has
        c0 = cm.start
        clause_start = s.start
        for m in _CLAUSE_PUNCT.finditer(t, s.start, c0):
            clause_start = m.end()
        w8, w4, w3 = self._word_starts(s.start, c0, (8, 4, 3))
        prev = self._before(s.start, c0, 3)
        if has("habitual", s.start, s.end):
            return "", "habitual", True
        if prev[-1:] == ["from"] and has("blocker", w8, c0):
            return "", "blocked", True
        if has("unable", w4, c0):
            return "", "blocked", True
        cond = self._last("conditional", s.start, c0)
        if cond is not None and not _COND_BREAK.search(t, cond, c0):
            return "", "condition", True      # "if the rebels take X, ...": a supposition
        scenario = has("scenario", s.start, c0)
        # "to <cue>": an intention or a goal; after "began", "forced", "managed": an act.
        infinitive = prev[-1:] == ["to"] or prev[-2:] == ["to", "be"]
        implicative = infinitive and has("implicative", w8, c0)
        if infinitive and not implicative:
            head = prev[-3:-1] if prev[-1:] == ["to"] else prev[-4:-2]
            if cw("goal").search(" ".join(head)):
                return "", "goal", True
        if self._search(_NOT_BEFORE, w4, c0) or has("negation", w3, c0) or \
                has("denial", max(s.start, c0 - 160), c0):
            return "denied", "negated", False
        if self._search(_REPORTS_OF, s.start, c0) and self._search(_DENIED_AFTER, cm.end, s.end):
            return "denied", "reported, then denied", False
        expected = (infinitive and not implicative) or scenario or has("expect", max(clause_start, w8), c0) or \
            _ends_with(t, s.start, c0, ("is", "are")) and self._search(_PRESENT_FUTURE, max(s.start, c0 - 60), c0)
        if expected and not (_ends_with(t, s.start, c0, ("have", "been")) and _PERFECT_BEFORE.search(t, s.start, c0)):
            if not self._has_time_frame(s):
                return "", "no time frame", True
            return "expected", "future or intended", False
        if has("historical", s.start, s.end):
            return "historical", "past marker", False
        if has("claim", s.start, s.end):
            return "claimed", "claim", False
        return "reported", "", False

    def _has(self, kind: str, lo: int, hi: int) -> bool:
        """Whether a status phrase of this kind lies wholly inside text[lo:hi]."""
        if kind in self.cues.split_status_kinds:
            return self.cues.status_words(kind).search(self.text, lo, hi) is not None
        hits = self._hits.get(kind)
        if not hits:
            return False
        k = bisect.bisect_left(hits, (lo, -1))
        while k < len(hits) and hits[k][0] < hi:
            if hits[k][1] <= hi:
                return True
            k += 1
        return False

    def _last(self, kind: str, lo: int, hi: int) -> int | None:
        """End offset of the last phrase of this kind inside text[lo:hi], or None."""
        hits = self._hits.get(kind) or []
        k = bisect.bisect_left(hits, (hi, -1))
        while k > 0:
            k -= 1
            a, b = hits[k]
            if a < lo:
                return None
            if b <= hi:
                return b
        return None

    def _word_starts(self, lo: int, hi: int, ns: tuple[int, ...]) -> list[int]:
        """Offsets where the last n words of text[lo:hi] begin, for each n (lo when fewer words)."""
        k0, k1 = self._token_range(lo, hi, max(ns))
        if k0 is None:
            start = max(lo, hi - 16 * max(ns) - 16)
            starts = [m.start() for m in _WORD.finditer(self.text, start, hi)]
            if start > lo and starts:
                starts = starts[1:]          # the window may have cut the first word
        else:
            starts = self._tok_starts[k0:k1]
        return [starts[-n] if n <= len(starts) else lo for n in ns]

    def _has_time_frame(self, s: _Sentence) -> bool:
        """An expected event is kept only when the text says when: "within days", "on Saturday"."""
        reporting = _REPORTING_BEFORE
        for m in self._timeframe.finditer(self._people_text, s.start, s.end):
            if not reporting.search(self.text[max(s.start, m.start() - 20):m.start()]):
                return True
        for span in s.times:
            if reporting.search(self.text[max(s.start, span.char_start - 20):span.char_start]):
                continue
            if self.anchor is None or _as_date(span.end) is None or _as_date(span.end) >= self.anchor:
                return True
        return False

    # -- control changes ----------------------------------------------------------------------
    def _control(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool, *,
                 intent_only: bool = False) -> list:
        """The control changes of one cue; with `intent_only`, only (place, taker) of each, for
        a cue that says who is out to take a place (no event is built: most cues of an article
        that do not happen are of that kind)."""
        t, frame = self.text, cm.cue.frame
        needs_actor = frame == "take_by_actor"
        frame = "take" if needs_actor else frame
        passive = bool(set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX or _BY_NEXT.match(t, cm.end)
                       or self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start)) \
            and frame in ("take", "expel")        # "was captured by", "the town, captured by IS in 2014,"
        if frame in ("lose", "handover") and set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX:
            return []     # "are you lost?", "the motion was handed over": not a place changing hands
        pre_refs = [r for r in s.refs if lo <= r.start < cm.start]
        post_refs = [r for r in s.refs if cm.end <= r.start < hi]
        # civilians flee or stay; they are never a side that takes or loses a place
        sides = [a for a in s.actors if not a.modifier and a.kind != "civilians"]
        pre_actors = [a for a in sides if lo <= a.start < cm.start]
        post_actors = [a for a in sides if cm.end <= a.start < hi]
        gap_actors = [a for a in sides if cm.gap and cm.gap[0] <= a.start < cm.gap[1]]
        subject = self._subject(s, cm, lo, pre_actors)
        by = next((a for a in post_actors if self._marker(cm.end, a.start) == "by"), None)
        frm = next((a for a in post_actors if self._marker(cm.end, a.start) in ("from", "of")), None)
        to = next((a for a in post_actors if self._marker(cm.end, a.start) in ("to",)), None)
        if to is None and cm.text.lower().endswith(" to") and post_actors and self._marker(cm.end, post_actors[0].start) == "":
            to = post_actors[0]          # "handed X over to the army"
        places: list[PlaceRef] = []
        actor_from = actor_to = None
        background = False
        # the object: the first place the verb governs directly (its preposition is part of the cue)
        object_ref = next((r for r in post_refs if self._marker(cm.end, r.start) == ""), None)
        if object_ref is not None:
            later = [r for r in post_refs if r.start > object_ref.end]
            if later and _NAMED_KIND_OF.fullmatch(t, object_ref.end, later[0].start):
                object_ref = later[0]    # "the World Heritage site of X", "the Y border town of X": X
        gap_refs = [r for r in s.refs if cm.gap and cm.gap[0] <= r.start < cm.gap[1]]
        if frame in ("handover", "free") and gap_refs:
            object_ref, post_refs = gap_refs[0], gap_refs      # "handed X over to", "cleared X of"
        if frame in ("take", "lose", "handover", "noun", "expel"):
            if object_ref is not None and not (passive and frame != "expel"):
                places = coordinated(t, post_refs, object_ref, hi)
            elif pre_refs and frame != "expel" and \
                    (passive or _RELATIVE_AFTER.match(t, pre_refs[-1].end, cm.start)):
                # "X was captured", "X, which the army retook": the place comes first
                places = [self._antecedent(pre_refs, cm)]
            if frame == "take" or frame == "noun":
                declared = self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start) is not None
                actor_to = by if (passive and not declared or nominal) else (subject or by)
                actor_from = frm or self._yielding_side(s, cm, actor_to)
                if nominal and actor_to is None and pre_actors and \
                        _POSSESSIVE_S.match(t[pre_actors[-1].end:pre_actors[-1].end + 3]):
                    actor_to = pre_actors[-1]
            elif frame == "lose":
                actor_from, actor_to = (subject if not passive else None), to
            elif frame == "handover":
                actor_from, actor_to = subject, to
            else:   # expel
                people = cm.gap and self._people.search(self._people_text, *cm.gap)
                if people and not gap_actors:
                    flows = self._displacement(s, cm, lo, hi, status, nominal)
                    return [] if intent_only else flows     # a flow has no place to take
                if passive or not cm.gap:
                    # the one expelled is the nearest actor before the verb in its clause
                    in_clause = [a for a in pre_actors if not _CLAUSE_BETWEEN.search(t[a.end:cm.start])]
                    actor_from, actor_to = (in_clause[-1] if in_clause else None), by
                    if actor_from is None:
                        return []       # "expelled from X" with nobody expelled: not a change of hands
                elif not gap_actors:
                    return []
                else:
                    actor_from, actor_to = gap_actors[0], subject
        elif frame == "fall":
            if _NOT_A_SIDE.match(t, cm.end):
                return []     # "prices fell to a three-month low": a quantity, not a side
            places = [self._antecedent(pre_refs, cm)] if pre_refs else []
            actor_to = post_actors[0] if post_actors and self._marker(cm.end, post_actors[0].start) == "" else None
        elif frame == "free":
            if not post_actors or self._marker(cm.end, post_actors[0].start) not in ("", "of", "from"):
                return []
            actor_from = post_actors[0]
            if gap_refs:
                places = [gap_refs[0]]
            else:
                places = [self._antecedent(pre_refs, cm)] if pre_refs else []
            actor_to = subject if subject is not None and not _same_span(subject, places) else None
        elif frame == "hold_since":
            places = [self._antecedent(pre_refs, cm)] if pre_refs else []
            near = [a for a in s.actors if lo <= a.start < cm.end and not a.modifier and cm.start - a.end < 80]
            actor_to = near[-1] if near else None
            status = "historical"
        places = [p for p in places if p is not None and (p.populated or p.place.is_admin_area)]
        if not places:
            return []
        if needs_actor and not (isinstance(actor_to, ActorMention) and actor_to.kind != "civilians"):
            return []     # "took the photo in X", "entered X": only an armed actor taking a place counts
        if frame in ("take", "lose", "noun", "handover") and self._background(s, cm):
            background = True
            if status == "reported":
                status = "historical"
            if subject is None and frame == "lose":
                # "After losing X, ISIS ...": the doer is the subject of the main clause
                later = [a for a in s.actors if a.start >= cm.end and not a.modifier and "," in t[cm.end:a.start]]
                actor_from = later[0] if later else None
        name = lambda a: a.canonical if isinstance(a, ActorMention) else a  # noqa: E731
        actor_from, actor_to = name(actor_from), name(actor_to)
        if actor_from is not None and actor_from == actor_to:
            actor_from = None
        if intent_only and frame != "hold_since":     # (a "since" event may not be built at all)
            return [(ref.place, actor_to) for ref in places]
        out = []
        for ref in places:
            conf = 0.75 - (0.15 if ref.anaphor else 0) - (0.1 if nominal else 0) + \
                (0.05 if actor_to else 0) + (0.05 if actor_from else 0)
            out.append(self._event(s, cm, "control_change", status, conf, background=background,
                                   place=ref, actor_from=actor_from, actor_to=actor_to,
                                   since=frame == "hold_since"))
        if intent_only:
            return [(e.place, e.actor_to) for e in out if e is not None]
        return out

    def _yielding_side(self, s: _Sentence, cm: CueMatch, taker: ActorMention | None) -> ActorMention | None:
        """The side that gave way in a clause of the same sentence: "retook X after Y withdrew"."""
        rx, text = self._blind(_YIELDED)
        for m in rx.finditer(text, cm.end, s.end):
            side = next((a for a in s.actors if m.start("side") <= a.start < m.end("side") and not a.modifier
                         and a.kind != "civilians"), None)
            if side is not None and (taker is None or side.canonical != taker.canonical):
                return side
        return None

    def _subject(self, s: _Sentence, cm: CueMatch, lo: int, pre_actors: list[ActorMention]) -> ActorMention | None:
        """The doer: the first actor of the clause before the cue that is not a supporter ("backed by")."""
        t = self.text
        clause_start = lo
        for m in _SUBJECT_CLAUSE.finditer(t[lo:cm.start]):
            # a comma closes an opening phrase ("In July, X retook"), unless an actor list runs on
            clause_start = lo + m.end()
        cands = [a for a in pre_actors if a.start >= clause_start]
        if not cands and t[clause_start:cm.start].strip() == "" and cm.text.lower().endswith(("ing", "ing control of")):
            # ", taking control of X": the participle's doer is the subject of the main clause
            cands = pre_actors[:1]
        cands = cands or pre_actors[-1:]
        for k, a in enumerate(pre_actors):
            nxt = pre_actors[k + 1] if k + 1 < len(pre_actors) else None
            if a in cands and nxt is not None and _LED_BY.fullmatch(t, a.end, nxt.start):
                return nxt       # "rebels led by HTS": the leading group is the one named
        for a in cands:
            if not _SUPPORTER_BEFORE.search(t[max(lo, a.start - 20):a.start]):
                return a
        return None

    def _antecedent(self, pre_refs: list[PlaceRef], cm: CueMatch) -> PlaceRef:
        """The place a cue refers back to: the nearest one named before it in its clause."""
        return pre_refs[-1]

    def _background(self, s: _Sentence, cm: CueMatch) -> bool:
        """ "After losing X", "since the fall of X": an earlier event the sentence builds on."""
        prev = self._before(s.start, cm.start, 2)
        return bool(prev) and (prev[-1] in _BACKGROUND or len(prev) == 2 and prev[0] in _BACKGROUND and prev[1] == "the")

    # -- displacements ------------------------------------------------------------------------
    def _displacement(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool) -> list:
        t, frame = self.text, cm.cue.frame
        origin = destination = route = None
        after_dest_marker = False
        post_refs = [r for r in s.refs if cm.end <= r.start < hi]
        for r in post_refs:
            mk = self._marker(cm.end, r.start)
            if mk == "" and not nominal:
                # a place straight after the verb: "fled X", "reached X"
                role = None if frame == "transport" else cm.cue.object_role
            elif mk == "from" or mk == "of" and frame == "noun":
                role = "origin"
            elif mk in _DEST_MARK or cm.cue.object_role == "destination" and mk in ("in", "at"):
                role = "destination"
            elif mk in _ROUTE_MARK:
                role = "route"
            elif mk in ("in", "at") and _ARRIVAL_BEFORE.search(t, max(cm.end, r.start - 40), r.start):
                role = "destination"   # "fled X (and) arrived in Y": the arrival a flight absorbed
            elif mk in _LOCATION_MARK and frame in ("flee", "transport", "noun", "noun_people"):
                # "families in X to Y": where they were; "to camps in Y": where they went
                role = "destination" if after_dest_marker else "origin"
            else:
                role = None
            if role == "origin" and origin is None:
                origin = r
            elif role == "destination" and destination is None:
                destination = r
            elif role == "route" and route is None:
                route = r
            if _TOWARDS.search(t[cm.end:r.end]):
                after_dest_marker = True
        if origin is None and not nominal and frame in ("flee", "transport"):
            # "civilians in X fled", "residents of X fled"
            for r in reversed([r for r in s.refs if lo <= r.start < cm.start]):
                if self._marker(lo, r.start) in ("in", "inside", "of", "from") and \
                        self._people.search(self._people_text[max(lo, r.start - 40):r.start]):
                    origin = r
                    break
        if origin is None and route is not None:
            origin = route
        group, magnitude, magnitude_text = self._group(s, cm, lo, hi)
        prev = self._prev_flow
        if group is None and prev is not None and prev.destination is None and destination is not None \
                and not nominal and not cm.text.lower().startswith("return") \
                and _CONTINUATION.match(t, s.start, cm.start):
            # "80,000 fled X. Many headed to Y.": the same people, one flow from X to Y
            ev = self._event(s, cm, "displacement", status, 0.6, origin=origin, destination=destination,
                             group=prev.group, magnitude=prev.magnitude, magnitude_text=prev.magnitude_text)
            if origin is None and prev.origin is not None:
                ev = replace(ev, origin=prev.origin, mentions=prev.mentions + ev.mentions)
            self._continued.add(prev.id)
            return [replace(ev, evidence=t[prev.evidence_start:s.end], evidence_start=prev.evidence_start)]
        if frame in ("transport", "move", "noun_people") and group is None:
            return []
        implicit = False
        if origin is None and destination is not None and frame in ("flee", "transport", "noun", "noun_people") \
                and not cm.text.lower().startswith("return"):
            origin = self._recent_place(s, cm, exclude=destination)
            implicit = origin is not None
        if origin is None and destination is None:
            return []
        if origin is not None and destination is not None and _same_place(origin.place, destination.place):
            destination = None
        conf = 0.7 - (0.15 if implicit else 0) - (0.1 if (origin and origin.anaphor) or (destination and destination.anaphor) else 0) \
            - (0.1 if nominal else 0) + (0.05 if group else 0) + (0.05 if origin and destination else 0)
        background = self._background(s, cm) and nominal
        if background and status == "reported":
            status = "historical"
        return [self._event(s, cm, "displacement", status, conf, background=background, origin=origin,
                            destination=destination, group=group, magnitude=magnitude,
                            magnitude_text=magnitude_text)]

    def _owner_at(self, g0: int) -> str | None:
        """The actor written right before (or around) offset g0, as in "ISIS families"."""
        # actors are in text order: only those starting at most the longest name before g0 can reach it
        for k in range(bisect.bisect_right(self._actor_starts, g0) - 1, -1, -1):
            a = self.actors[k]
            if 0 <= g0 - a.end <= 3 or a.start <= g0 < a.end:
                return a.canonical
            if a.start < g0 - 3 - self._actor_reach:
                return None
        return None

    def _salience_of(self, place: Place) -> int:
        """How often the article names this place where something may happen (references back
        aside); counted on first need: few articles leave an origin to be guessed."""
        if self._salience is None:
            self._salience = {}
            for r in self.usable:
                if not r.anaphor:
                    key = place_key(r.place)
                    self._salience[key] = self._salience.get(key, 0) + 1
        return self._salience.get(place_key(place), 0)

    def _recent_place(self, s: _Sentence, cm: CueMatch, exclude: PlaceRef) -> PlaceRef | None:
        """Where people set out from when the sentence only says where they went: the last town named."""
        cands = [r for r in self.usable if r.end <= cm.start and cm.start - r.end <= LOOKBACK_CHARS
                 and r.populated and not _same_place(r.place, exclude.place)]
        # A place the article dwells on (named twice or more), or one named in this very sentence;
        # a single passing name further back is more often a person's or a misread word.
        prev_start = max((a for a, _ in self._sentences if a < s.start), default=s.start)
        for r in reversed(cands):
            if r.start >= prev_start:
                return r          # named in this sentence or the one before
        for r in reversed(cands):
            if self._salience_of(r.place) >= 2:
                return r          # else a place the article dwells on, not a passing name
        return None

    def _group(self, s: _Sentence, cm: CueMatch, lo: int, hi: int) -> tuple[str | None, int | None, str | None]:
        """Who moved and how many: ("ISIS families", 75, "75 families")."""
        t, gw, gt = self.text, self._people, self._people_text
        post = [m for m in gw.finditer(gt, cm.gap[0], cm.gap[1])] if cm.gap else []
        post = post or list(gw.finditer(gt, cm.end, min(hi, cm.end + 80)))
        clause = max(s.start, cm.start - 100)
        rx, text = self._blind(_SUBJECT_BOUNDARY)
        for b in rx.finditer(text, clause, cm.start):
            clause = b.end()         # the subject of the cue lies after the last clause boundary
        pre = list(gw.finditer(gt, clause, cm.start))
        if cm.cue.frame == "transport" and not set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX:
            pre = []      # "X transferred families": the people moved are the object, not the subject
        order = (post + pre[::-1]) if cm.cue.frame in ("transport", "noun", "noun_people") or self._nominal(s, cm) \
            else (pre[::-1] + post)
        if not order:
            return None, None, None
        g = order[0]
        label = self.cues.group_label(g.group(0)) or g.group(0).lower()

        def subject_name() -> str | None:
            subj = self._subject(s, cm, lo, [a for a in s.actors if lo <= a.start < cm.start and not a.modifier])
            return subj.canonical if subj else None

        # whose people: "ISIS families", "their families" (the subject's), "families of its commanders"
        owner = self._owner_at(g.start())
        if owner is None and _POSSESSOR_BEFORE.search(t, max(0, g.start() - 25), g.start()):
            owner = subject_name()
        if owner is None:
            of = _OF_AFTER.match(t, g.end(), g.end() + 40)
            if of:
                owner = next((a.canonical for a in self.actors if g.end() <= a.start <= of.end()), None)
                if owner is None and _ITS_THEIR.search(of.group(0)):
                    owner = subject_name()
        adjective = _PEOPLE_ADJECTIVE.search(t, max(0, g.start() - 20), g.start())
        if owner and owner != "civilians" and label != "civilians":
            group = f"{owner} {label}"
        elif adjective:
            group = f"{adjective.group(1)} {label}"       # "Kurdish families", "Yazidi women"
        else:
            group = label
        number, text = _magnitude(t, g.start(), g.end(), self._folded_text)
        return group, number, text

    # -- building the record ------------------------------------------------------------------
    def _event(self, s: _Sentence, cm: CueMatch, type_: str, status: str, confidence: float, *,
               background: bool = False, since: bool = False, place: PlaceRef | None = None,
               origin: PlaceRef | None = None, destination: PlaceRef | None = None,
               actor_from: str | None = None, actor_to: str | None = None, group: str | None = None,
               magnitude: int | None = None, magnitude_text: str | None = None) -> Event:
        span = self._time_for(s, cm, since, *self._segment)
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
        elif report:
            date_, end, precision = report, report, self.article.published_precision or "day"
            if precision == "month":
                date_, end = report[:7] + "-01", report
            reason = "report date"
        else:
            reason = "undated: no time expression and no article date"
        places = [r for r in (place, origin, destination) if r is not None]
        # the mentions the event stands on, as written ("the city" for a reference back), without
        # the candidates they beat: the article's own mentions keep those
        used = tuple([_as_written(r.mention, self.text, r.start, r.end) for r in places])
        eid = event_id(self.article.id, type_, s.start, s.end, [r.place for r in places], date_)
        return Event(
            id=eid, type=type_, evidence=self.text[s.start:s.end], article_ids=(self.article.id,),
            date=date_, end=end, precision=precision, date_phrase=phrase, date_reason=reason,
            report_date=report, status=status,
            place=place.place if place else None, origin=origin.place if origin else None,
            destination=destination.place if destination else None,
            actor_from=actor_from, actor_to=actor_to, group=group, magnitude=magnitude,
            magnitude_text=magnitude_text, evidence_start=s.start, evidence_end=s.end,
            confidence=round(max(0.05, min(0.95, confidence)), 2), mentions=used)

    def _time_for(self, s: _Sentence, cm: CueMatch, since: bool, lo: int, hi: int) -> TimeSpan | None:
        """The time expression of the event's own clause: the one nearest the cue, between the
        cues before and after it (a date next to another cue is that cue's)."""
        own = [x for x in s.times if lo <= x.char_start < hi]
        if not own:
            return None
        if since:
            after = [x for x in own if x.char_start >= cm.start - 2 and x.char_start - cm.end < 30]
            return after[0] if after else None
        best = min(own, key=lambda x: min(abs(x.char_start - cm.end), abs(cm.start - x.char_end)))
        # "today or tomorrow", "Friday and Saturday": one interval from the first to the last
        for other in own:
            lo_, hi_ = sorted((best, other), key=lambda x: x.char_start)
            if other is not best and _SPAN_JOINER.fullmatch(self.text, lo_.char_end, hi_.char_start):
                best = TimeSpan(min(lo_.start, hi_.start), max(lo_.end, hi_.end), lo_.precision,
                                self.text[lo_.char_start:hi_.char_end], lo_.char_start, hi_.char_end,
                                f"{lo_.reason}; {hi_.reason}".strip("; "))
        return best


# --- helpers --------------------------------------------------------------------------------------
#: The fields of a Mention as `_as_written` builds one directly; should the record change,
#: `dataclasses.replace` (twice as slow) keeps every field.
_MENTION_LAYOUT = ("surface", "start", "end", "place", "confidence", "alternatives", "kind")
_MENTION_DIRECT = tuple(f.name for f in fields(Mention)) == _MENTION_LAYOUT


def _as_written(m: Mention, text: str, start: int, end: int) -> Mention:
    """The mention an event stands on, as written at [start, end) ("the city" for a reference
    back), without the candidates it beat."""
    if _MENTION_DIRECT:
        return Mention(text[start:end], start, end, m.place, m.confidence, (), m.kind)
    return replace(m, surface=text[start:end], start=start, end=end, alternatives=())


def _ends_with(text: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Whether text[lo:hi], trailing spaces aside, ends with one of `words` (any case): a cheap
    test that a pattern anchored at the end ("... is$") can match at all."""
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    # the regex engine's own case folding, so that the test is never stricter than the pattern
    return any(k - len(w) >= lo and _ANY_CASE[w].fullmatch(text, k - len(w), k) for w in words)


_ANY_CASE = {w: re.compile(w, re.IGNORECASE) for w in ("is", "are", "have", "been")}


def _magnitude(text: str, g0: int, g1: int, folded: str | None = None) -> tuple[int | None, str | None]:
    """The number or quantity words before a group word: "75 families", "dozens of Kurdish families".
    `folded`: the text lowercased, when the lowercase twins of the patterns find the same there
    (see `_Rules._blind`)."""
    if folded is not None:
        # a slice, as the patterns open with \b: the window's first word counts even if cut
        before, word, quantity = folded[max(0, g0 - 60):g0], _QUANTITY_WORD_LOW, _QUANTITY_BEFORE_LOW
    else:
        before, word, quantity = text[max(0, g0 - 60):g0], _QUANTITY_WORD, _QUANTITY_BEFORE
    if not word.search(before):
        return None, None          # no digit and no word a quantity is made of
    m = quantity.search(before)
    if not m:
        return None, None
    phrase = text[max(0, g0 - 60) + m.start():g1]
    return _number(m.group("q")), " ".join(phrase.split())


#: A quantity ending where its group word starts: "75", "up to 400", "dozens of Kurdish".
_QUANTITY_BEFORE = re.compile(
        r"(?:\b(?:up to|nearly|about|around|some|at least|more than|over|almost|approximately|an estimated)\s+)?"
        r"(?P<q>\b\d[\d,.]*(?:\s+(?:million|thousand|hundred))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
        r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|one)\s+(?:hundred|thousand|million)|"
        r"\b(?:tens of thousands|hundreds of thousands|thousands|hundreds|dozens|scores|several|many|"
        r"large numbers|a large number|a number|a few|few|one|two|three|four|five|six|seven|eight|nine|ten|"
        r"twelve|twenty|thirty|forty|fifty|millions)(?:\s+of)?)"
        r"(?:\s+(?:the\s+)?[\w-]+){0,2}?\s+$", re.IGNORECASE)
#: Something every quantity of `_QUANTITY_BEFORE` holds: a cheap test before the costly one.
_QUANTITY_WORD = re.compile(r"\d|\b(?:hundred|thousand|million|dozen|score|several|many|large|number|few|one|two|"
                            r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                            r"fifty)", re.IGNORECASE)


_QUANTITY_BEFORE_LOW = _lowercase_twin(_QUANTITY_BEFORE)
_QUANTITY_WORD_LOW = _lowercase_twin(_QUANTITY_WORD)
assert _QUANTITY_BEFORE_LOW is not None and _QUANTITY_WORD_LOW is not None, "a capital in a quantity pattern"


def _number(q: str) -> int | None:
    q = q.lower().strip()
    digits = _DIGITS.match(q)
    if digits:
        raw = digits.group(1).rstrip(".,").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            return None
        return int(value * _SCALE.get(digits.group(2) or "", 1))
    parts = q.split()
    if parts and parts[0] in _NUMBER_WORDS:
        value = _NUMBER_WORDS[parts[0]]
        if len(parts) > 1 and parts[1] in _SCALE:
            value *= _SCALE[parts[1]]
        return value
    if parts[:1] == ["a"] and len(parts) > 1 and parts[1] in _SCALE:
        return _SCALE[parts[1]]
    return None


def _as_date(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return abs(a.lat - b.lat) < 0.01 and abs(a.lon - b.lon) < 0.01 and a.feature_code == b.feature_code


def _same_span(actor, places) -> bool:
    return any(p is not None and p.start < actor.end and actor.start < p.end for p in places)


def event_id(article_id: str, type_: str, start: int, end: int, places: Sequence[Place],
             date_: str | None = None) -> str:
    """Stable id of one report: the article, the type, the evidence span, the places (and the
    date, so that "took X, held by Y since 2014" gives two events)."""
    key = "|".join([article_id, type_, str(start), str(end), *(place_key(p) for p in places), date_ or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per id: two cues of one sentence on the same place ("regained X after
    rebels withdrew from the city") are one event, the surer first, the other filling its gaps."""
    best: dict[str, Event] = {}
    for e in sorted(events, key=lambda e: -e.confidence):
        if e.id not in best:
            best[e.id] = e
            continue
        kept = best[e.id]
        fill = {f: getattr(e, f) for f in ("actor_from", "actor_to", "group", "magnitude", "magnitude_text")
                if getattr(kept, f) is None and getattr(e, f) is not None}
        if fill.get("actor_from") is not None and fill["actor_from"] == kept.actor_to or \
                fill.get("actor_to") is not None and fill["actor_to"] == kept.actor_from:
            fill.pop("actor_from", None), fill.pop("actor_to", None)
        best[e.id] = replace(kept, **fill)
    return sorted(best.values(), key=lambda e: (e.evidence_start, e.id))


def _absorb_background(events: list[Event]) -> list[Event]:
    """An undated back-reference ("after losing X") to a change the same article dates is that
    change: it is dropped, and the actors it names fill the dated one's gaps."""
    if not any(e.date is None and e.status == "historical" for e in events):
        return events                 # nothing to absorb (the common case)
    keys = [(e.type, tuple(place_key(p) for p in e.places)) for e in events]
    dated: dict[tuple, str] = {}
    for e, key in zip(events, keys):
        if e.date is not None:
            dated.setdefault(key, e.id)
    by_id = {e.id: e for e in events}
    dropped = set()
    for e, key in zip(events, keys):
        if e.date is None and e.status == "historical" and key in dated:
            kept = by_id[dated[key]]
            fill = {}
            if kept.actor_from is None and e.actor_from and e.actor_from != kept.actor_to:
                fill["actor_from"] = e.actor_from
            if kept.actor_to is None and e.actor_to and e.actor_to != kept.actor_from:
                fill["actor_to"] = e.actor_to
            if fill:
                by_id[kept.id] = replace(kept, **fill)
            dropped.add(e.id)
    return [by_id[e.id] for e in events if e.id not in dropped]


def _fill_from_intents(events: list[Event], intents: dict[str, str]) -> list[Event]:
    """Who took a place, when the sentence saying it fell does not say: the side the same article
    says was out to take it ("the SDF offensive to retake X" ... "IS was driven out of X")."""
    if not intents:
        return events
    out = []
    for e in events:
        taker = intents.get(place_key(e.place)) if e.type == "control_change" and e.place else None
        if e.actor_to is None and taker and taker != e.actor_from and e.status in ("reported", "claimed", "expected"):
            e = replace(e, actor_to=taker)
        out.append(e)
    return out


def extract_events(article: Article, mentions: Sequence[Mention], times: Sequence[TimeSpan],
                   actors: ActorLexicon) -> list[Event]:
    """Control changes and displacements of one article (pure: same input, same events and ids)."""
    return [e for e in _Rules(article, mentions, times, actors, load_cues()).events() if e is not None]


__all__ = ["extract_events", "event_id", "split_sentences", "HISTORICAL_DAYS"]
