"""Status rules: whether a cue is an event at all, and if so reported, claimed, expected,
historical or denied (phrases in `timeline/data/cues_status.csv`)."""
from __future__ import annotations

import bisect
import re

from timeline.cues import QUOTE_MARK, CueMatch
from timeline.events.merge import _as_date, _ends_with
from timeline.events.patterns import (
    _ALREADY_BEFORE,
    _CLAUSE_PUNCT,
    _COND_BREAK,
    _DENIED_AFTER,
    _GOAL_FOR_NOUN,
    _NOT_BEFORE,
    _PERFECT_BEFORE,
    _PRESENT_FUTURE,
    _REPORTING_BEFORE,
    _REPORTS_OF,
    _WORD,
)
from timeline.events.records import _Sentence

#: An infinitive of its own between an implicative verb and a later "to <cue>".
_ANOTHER_INFINITIVE = re.compile(r"\bto\s+(?!be\b|help\b)[a-z]+", re.IGNORECASE)
#: An ordinal before an infinitive states a fact: "the first city in the Donbas to be captured".
#: (A passive only: "one of the first towns in Sagaing to fall" names towns in Sagaing, not Sagaing.)
_ORDINAL_TO = re.compile(r"\b(?:first|second|third|last|only|latest)\s+(?:[\w'’-]+\s+){0,6}to\s+(?:be|have\s+been)\s+$",
                         re.IGNORECASE)
#: A place that became the first of its kind to fall, its subject named: "Zaranj becomes the first
#: provincial capital to fall to the Taliban" (a fact, the place's own).
_BECAME_THE_FIRST_TO = re.compile(r"\b(?:becomes?|became|was|is)\s+the\s+(?:first|second|third|last|only|latest)\s+"
                                  r"(?:[\w'’-]+\s+){0,4}to\s+$", re.IGNORECASE)
#: A declaration of a state, no goal: "declared the city to be captured", "announced X to be liberated".
_DECLARED_TO_BE = re.compile(r"\b(?:declared|declares|declaring|announced|announces|pronounced|pronounces|confirmed|"
                             r"confirms|reported|reports)\s+(?:[\w'’-]+\s+){0,6}to\s+(?:be|have\s+been)\s+$", re.IGNORECASE)
_OPEN_QUOTES = frozenset("\"“‘'")
#: An auxiliary right before an opening quote, which then opens no clause of its own.
_AUXILIARY_BEFORE = re.compile(r"\b(?:would|will|could|may|might|must|to|be|been|is|was|were|had|has|have)\s*$", re.IGNORECASE)
_CLOSE_QUOTES = frozenset("\"”’'")


#: A side's own word about what it will do: "said its fighters ... would", "vowed to".
_VOWED_BEFORE = re.compile(r"\b(?:vowed|vows|pledged|pledges|promised|promises|threatened|threatens|swore|"
                          r"said|says|announced|claimed)\b[^.;]{0,100}\b(?:would|will|to)\b", re.IGNORECASE)


#: An order to do it, which war reports tell as done: "were ordered to withdraw from the city".
_ORDERED_TO = re.compile(r"\bordered\s+to\s+$", re.IGNORECASE)


#: "until" right after a negated verb: "was not retaken until February 2015" tells when it was.
_UNTIL_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?until\s+(?!(?:it|they|the\s+(?:army|troops|forces|rebels))\b)")

#: How a cue that holds its speaker's verb begins: "says it controls".
_SAYS_IN_CUE = ("says ", "said ", "say ", "claim")


class StatusRules:
    """Mixed into `timeline.events.engine._Rules`."""

    def _status(self, s: _Sentence, cm: CueMatch, lo: int) -> tuple[str, str, bool]:
        """(status, why, cancelled): cancelled when the words say nothing happened, or nothing soon."""
        t, cw, has = self.text, self.cues.status_words, self._has
        c0 = cm.start
        clause_start = s.start
        for m in _CLAUSE_PUNCT.finditer(t, s.start, c0):
            if t[m.start()] in _OPEN_QUOTES and _AUXILIARY_BEFORE.search(t, max(s.start, m.start() - 12), m.start()):
                continue      # 'Marib would "soon be liberated"': a quote inside the verb's own clause
            clause_start = m.end()
        w8, w4, w3 = self._word_starts(s.start, c0, (8, 4, 3))
        prev = self._before(s.start, c0, 5)
        prev = prev[:-1] if prev[-1:] and prev[-1] in _OPEN_QUOTES else prev[-4:]   # 'to "liberate" X': to liberate
        if len(prev) > 1 and prev[-1].endswith("ly") and prev[-2] == "to":
            prev = prev[:-1]          # a split infinitive: "to fully capture" is "to capture"
        prev = prev[-3:]
        if has("habitual", s.start, s.end):
            return "", "habitual", True
        if prev[-1:] == ["from"] and has("blocker", max(clause_start, c0 - 150), c0):
            # "to prevent the 1,400 troops stationed in Transnistria from crossing into Ukraine"
            return "", "blocked", True
        if has("unable", w4, c0):
            return "", "blocked", True
        gerund = t[c0:cm.end].lower().endswith("ing")
        if (cm.cue.frame == "noun" or gerund) and _GOAL_FOR_NOUN.search(t, max(clause_start, c0 - 60), c0):
            return "", "goal", True           # "ending chances for a swift capture of X"
        cond = self._last("conditional", s.start, c0)
        if cond is not None and not _COND_BREAK.search(t, cond, c0):
            return "", "condition", True      # "if the rebels take X, ...": a supposition
        scenario = has("scenario", s.start, c0)
        # "to <cue>": an intention or a goal; after "began", "forced", "managed": an act.
        infinitive = prev[-1:] == ["to"] or prev[-2:] in (["to", "be"], ["to", "help"])   # "to help push X from Y"
        began = self._last("implicative", w8, c0) if infinitive else None
        # "began their offensive to recapture X": the infinitive is the goal noun's, not the verb's
        # ("began to advance south to capture X": "began" governs the first infinitive, not this one)
        implicative = infinitive and (began is not None and not cw("goal").search(t, began, c0)
                                      and not _ANOTHER_INFINITIVE.search(t, began, max(began, c0 - 3)) or
                                      _ORDINAL_TO.search(t, max(clause_start, c0 - 80), c0) is not None
                                      or _BECAME_THE_FIRST_TO.search(t, max(clause_start, c0 - 80), c0) is not None
                                      or _DECLARED_TO_BE.search(t, max(clause_start, c0 - 80), c0) is not None
                                      or prev[-2:-1] in (["claimed"], ["claims"], ["claiming"], ["claim"]))
        # ("DPR forces claimed to control half of Marinka": a claim of a fact, not a goal)
        if infinitive and not implicative:
            head = prev[-3:-1] if prev[-1:] == ["to"] else prev[-4:-2]
            if cw("goal").search(" ".join(head)) or cw("goal").search(t, max(clause_start, w8), c0):
                # "an offensive along a 500-mile front to fully capture X": the goal may stand
                # a few words before "to", in the same clause
                return "", "goal", True
        negated = self._search(_NOT_BEFORE, w4, c0) or has("negation", w3, c0)
        if negated and _UNTIL_AFTER.match(t, cm.end, min(s.end, cm.end + 30)):
            negated = False         # "was not cleared until the following February": it was, then
        if negated and has("expect", w4, c0):
            return "", "negated intent", True     # "Turkey will not evacuate its posts": nothing happened
        if negated or has("denial", max(s.start, c0 - 160), c0):
            return "denied", "negated", False
        if self._search(_REPORTS_OF, s.start, c0) and self._search(_DENIED_AFTER, cm.end, s.end):
            return "denied", "reported, then denied", False
        if cm.text.lower() == "entering" and _ends_with(t, s.start, c0, ("is", "are")) and not infinitive:
            return "partial", "entering now", False    # "Ukrainian units are entering Kherson": inside, not yet in full control
        expected = (infinitive and not implicative) or scenario or has("expect", max(clause_start, w8), c0) or \
            _ends_with(t, s.start, c0, ("is", "are")) and self._search(_PRESENT_FUTURE, max(s.start, c0 - 60), c0)
        if expected and not (_ends_with(t, s.start, c0, ("have", "been")) and _PERFECT_BEFORE.search(t, s.start, c0)):
            if not self._has_time_frame(s):
                return "", "no time frame", True
            if _VOWED_BEFORE.search(t, max(s.start, c0 - 120), c0) and not _ORDERED_TO.search(t, max(s.start, c0 - 20), c0):
                return "", "a side's vow", True     # "his spokesman said the forces would free the city
                                                     # before Ramadan", "vowed his fighters would take it"
            return "expected", "future or intended", False
        if has("historical", s.start, s.end):
            return "historical", "past marker", False
        if self._search(_ALREADY_BEFORE, max(s.start, c0 - 40), c0):
            return "historical", "done before (had already)", False    # undated unless its clause dates it
        if has("claim", s.start, s.end) or (cm.cue.type == "control_change" and has("own_claim", w8, c0)) or \
                cm.text.lower().startswith(_SAYS_IN_CUE):     # "Kyiv says it controls Sudzha": a side's own word
            return "claimed", "claim", False
        if t[c0 - 1:c0] in _OPEN_QUOTES and t[cm.end:cm.end + 1] in _CLOSE_QUOTES and c0 > s.start or \
                QUOTE_MARK.search(cm.text) is not None:
            return "claimed", "a verb in quotes", False     # 'its troops had "liberated" X', 'announced the
            # "total liberation" of X': the reporter distances
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
