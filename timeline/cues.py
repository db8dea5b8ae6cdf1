"""Cue lexicons for event rules: the words of war reporting that signal an event or its status.

The lexicons are data (``timeline/data/cues_events.csv``, ``cues_status.csv``,
``groups.csv``), so they can be read, reviewed and extended without touching
the rules in `timeline.events`.  This module loads and compiles them.

    >>> cues = load_cues()
    >>> [(c.cue.type, c.cue.frame, c.text) for c in cues.find_event_cues("Rebels recaptured the town and civilians fled.")]
    [('control_change', 'take', 'recaptured'), ('displacement', 'flee', 'fled')]
    >>> cues.status_words("expect").search("forces are poised to") is not None
    True
    >>> cues.group_label("Families")
    'families'

One automaton pass finds the cues' first words, the status phrases and the
actors of an article together (`CueLexicon.joint_scan`); each lexicon then
reads its share of the hits:

    >>> from timeline.actors import load_actors
    >>> text = "ISIS fighters fled the town."
    >>> hits = cues.joint_scan(text, text.lower(), load_actors())
    >>> [c.text for c in cues.find_event_cues(text, first_hits=hits.first_words)]
    ['fled']
    >>> [a.canonical for a in load_actors().find(text, raw=hits.actors)]
    ['ISIS']
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

DATA = Path(__file__).parent / "data"
EVENT_CUES_CSV = DATA / "cues_events.csv"
STATUS_CUES_CSV = DATA / "cues_status.csv"
GROUPS_CSV = DATA / "groups.csv"
VERB_FORMS_CSV = DATA / "verb_forms.csv"

#: Status kinds looked up by position (`CueLexicon.status_hits`); the others are matched on
#: short word windows by their regex (`CueLexicon.status_words`).
STATUS_KINDS_BY_POSITION = frozenset(("habitual", "blocker", "unable", "conditional", "scenario", "implicative",
                                      "negation", "denial", "expect", "historical", "claim", "own_claim"))
#: Up to six words between the parts of a split cue ("drove IS fighters out of").
#: First words of split cues that are nouns as often as verbs ("forces ... out of").
_NOUN_TOO = frozenset(("forces", "force"))
#: A quote mark, not an apostrophe inside a word ("Kyiv's") nor a plural's ("the militants' hands").
QUOTE_MARK = re.compile("[\"\u201c\u201d]|['\u2018\u2019](?:(?<!\\w.)|(?<![sS].)(?!\\w))")
#: Any character that may be a quote mark: a cheap first scan for `quote_marks`.
_QUOTE_LIKE = re.compile("[\"\u201c\u201d'\u2018\u2019]")


def quote_marks(text: str) -> list[int]:
    """Offsets of the quote marks in `text` (`QUOTE_MARK`), found by a scan for the characters
    first: most of them are apostrophes, and most texts hold few.

        >>> quote_marks("Kyiv's forces were in 'full control' of the militants' town")
        [22, 35]
    """
    return [m.start() for m in _QUOTE_LIKE.finditer(text) if QUOTE_MARK.match(text, m.start())]


def _blanked(text: str, at: list[int]) -> str:
    """`text` with a space at each offset of `at`."""
    parts, last = [], 0
    for i in at:
        parts += (text[last:i], " ")
        last = i + 1
    parts.append(text[last:])
    return "".join(parts)
#: A split cue's gap: up to six words, none ending a clause with its punctuation ("in the region,
#: is back in Russian hands" is no "in ... hands"; "180,000" is a word all the same), nor opening
#: one ("back in Lashio as Kokang army hands over city" is no "back in ... hands"), nor going
#: into a place ("drove into Wad Madani from the east" is no "drove ... from").
_GAP = r"(?:\s+(?!(?:as|while|when|where|after|because|although|but|which|who|into)\s)[^\s.;:!?]*[^\s.,;:!?]){0,6}?\s+"


@dataclass(frozen=True)
class Cue:
    """One cue family: its event type, the frame that fills roles, and the role of a direct object place."""

    type: str
    frame: str
    object_role: str
    forms: tuple[str, ...]


class CueMatch(NamedTuple):
    """A cue found in a text: which family, the words matched and their offsets (a named
    tuple, cheap to build for every cue of every article)."""

    cue: Cue
    text: str
    start: int
    end: int
    gap: tuple[int, int] | None = None   # offsets of the words inside a split cue, if any


def _phrase_regex(phrase: str) -> str:
    """Regex source for a lexicon phrase: words separated by flexible spaces, '...' a short gap."""
    parts = [p.strip() for p in phrase.split("...")]
    words = [r"\s+".join(re.escape(w) for w in part.split()) for part in parts]
    if len(words) == 1:
        return words[0]
    return words[0] + "(?P<gap>" + _GAP + ")" + words[1] if len(words) == 2 else _GAP.join(words)


#: Where a cue may begin: at a word's start, after "re-" ("re-took" is "took" again), or after a
#: single quote opening a word ("has 'liberated' X"; not the one inside "al-Qa'im").
_WORD_START = r"(?:(?<=\bre-)|(?<=\bde-)|(?<=\s')|(?<=^')|(?<![\w'-]))"


def _compile_alternatives(phrases: list[str], *, folded: bool = False) -> re.Pattern:
    """One regex for the phrases, ignoring case; `folded`: for lowercased text instead (see
    `folds_like_lower`), where the regex engine can skip ahead on the phrases' first letters
    and runs several times faster."""
    if folded:
        phrases = [p.lower() for p in phrases]
    # (the phrase itself last: of two forms as long, which is tried first must not hang on the
    # process's string hashing, or the same text reads differently from one run to the next)
    # (of forms as long, one without a gap first: "streamed out of X towards Y" left X, it is no
    # "streamed ... towards")
    phrases = sorted(set(phrases), key=lambda p: (-len(p.split()), "..." in p, -len(p), p))
    body = "|".join(f"(?:{_phrase_regex(p)})" if "..." not in p else f"(?:{_phrase_regex(p).replace('(?P<gap>', '(?:')})"
                    for p in phrases)
    return re.compile(rf"{_WORD_START}(?:{body})(?![\w-])", 0 if folded else re.IGNORECASE)


#: Characters that a case-blind regex takes for an ASCII letter though `str.lower` leaves them
#: apart (the long s, the dotless i); "İ" lowers to two characters and fails the length test.
_FOLDED_APART = ("\u017f", "\u0131")


def folds_like_lower(text: str, low: str) -> bool:
    """Whether the folded patterns over `low` (`text.lower()`) find exactly what the case-blind
    ones find over `text`, at the same offsets."""
    return len(low) == len(text) and not any(c in text for c in _FOLDED_APART)


_CHOICE = re.compile(r"\{([^{}]*)\}")


_VERB = re.compile(r"(?<![\w-])([a-z]+)\+(?!\w)")


@lru_cache(maxsize=1)
def _verb_forms() -> dict[str, tuple[str, ...]]:
    """Base form -> every inflection (`VERB_FORMS_CSV`)."""
    return {r["base"]: tuple(dict.fromkeys(r[k] for k in ("base", "third", "past", "participle", "gerund")))
            for r in _read_rows(VERB_FORMS_CSV)}


def expand_form(form: str) -> list[str]:
    """The forms a lexicon entry stands for: each "{a/b}" is one of its choices, an empty
    choice leaves the word out, and "verb+" is each of the verb's inflections.

        >>> expand_form("{take/took} {/full }control {of/on}")
        ['take control of', 'take control on', 'take full control of', 'take full control on', \
'took control of', 'took control on', 'took full control of', 'took full control on']
        >>> expand_form("head+ for")
        ['head for', 'heads for', 'headed for', 'heading for']
    """
    m = _CHOICE.search(form)
    if m is not None:
        return list(dict.fromkeys(e for choice in m.group(1).split("/")
                                  for e in expand_form(form[:m.start()] + choice + form[m.end():])))
    verb = _VERB.search(form)
    if verb is not None:
        if verb.group(1) not in _verb_forms():
            raise ValueError(f"{form!r}: no inflections of {verb.group(1)!r} in {VERB_FORMS_CSV.name}")
        return [e for inflected in _verb_forms()[verb.group(1)]
                for e in expand_form(form[:verb.start()] + inflected + form[verb.end():])]
    return [" ".join(form.split())] if form.strip() else []


def _read_rows(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ValueError(f"{path}: cannot read cue file: {e.strerror or e}") from e
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


class JointHits(NamedTuple):
    """The raw hits of one automaton pass over an article for the cue, status and actor
    lexicons together (`CueLexicon.joint_scan`), as each lexicon's own pass would give them."""

    first_words: list      # (end, first word of a cue): `CueLexicon.find_event_cues(first_hits=)`
    status: list           # (end, (phrase, kinds)): `CueLexicon.status_hits(raw=)`
    actors: tuple          # (folded, exact) alias hits: `timeline.actors.ActorLexicon.find(raw=)`


#: Characters the actor finder makes plain (`timeline.actors._normalise`) and their plain forms.
_TYPOGRAPHIC = {"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"}
#: Tags of the joint automaton's values: which lexicon a key belongs to (several: _MANY).
_FIRST, _STATUS, _STATUS_CHECKED, _FOLDED, _EXACT, _MANY = range(6)


def _blank_breaks(low: str) -> str:
    """`low` with line breaks and tabs as spaces, same length (str.translate is slower here)."""
    return low.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def _boundary_regex(tag: int, key) -> tuple[re.Pattern, str]:
    """A regex for one short word of the joint scan that finds it only where the lexicon's own
    boundary checks let it stand, and the text it runs over ("low": the lowered text, "hay":
    the joint pass's, "norm": the text with plain apostrophes and hyphens).  The word leads the
    pattern and the boundary before it is checked behind it: a pattern opening with a
    look-behind is tried at every position, one opening with a literal jumps between its hits."""
    if tag == _EXACT:                       # (alias, value): case counts, over the text as written
        word, before, after, where = key[0], r"[\w.'-]", r"\w", "norm"
    elif tag == _FOLDED:                    # the actor finder's boundaries
        word, before, after, where = key, r"[\w.'-]", r"\w", "hay"
    else:                                   # cue first words and status phrases
        word, before, after, where = key, r"[\w'-]", r"[\w-]", "low"
    w = re.escape(word)
    return re.compile(rf"{w}(?<!{before}{w})(?!{after})"), where


class CueLexicon:
    """Compiled event cues, status words and people-group words."""

    def __init__(self, event_rows: list[dict], status_rows: list[dict], group_rows: list[dict]):
        self.cues: list[Cue] = []
        self._form_to_cue: dict[str, Cue] = {}
        for row in event_rows:
            forms = tuple(dict.fromkeys(e for f in row["forms"].split("|") if f.strip() for e in expand_form(f)))
            cue = Cue(row["type"].strip(), row["frame"].strip(), row["object"].strip(), forms)
            self.cues.append(cue)
            for f in forms:
                self._form_to_cue.setdefault(self._form_key(f), cue)   # first family wins
        forms = list(self._form_to_cue)
        self._split_forms = [(f, re.compile(rf"{_WORD_START}{_phrase_regex(f)}(?![\w-])", re.IGNORECASE))
                             for f in forms if "..." in f]
        self._event_re = _compile_alternatives(forms)
        # First words of every form: a fast pass finds where a cue may start, the regex confirms.
        self._first_words = ahocorasick.Automaton()
        by_first: dict[str, list[str]] = {}
        for f in forms:
            by_first.setdefault(f.split()[0].lower(), []).append(f)
        for w in by_first:
            self._first_words.add_word(w, w)
        self._first_words.make_automaton()
        #: per first word, the forms that start with it, longest first
        self._by_first = {w: _compile_alternatives(fs) for w, fs in by_first.items()}
        #: per first word, the split forms starting with it, in lexicon order
        self._split_by_first: dict[str, list[tuple[str, re.Pattern]]] = {w: [] for w in by_first}
        for f, rx in self._split_forms:
            self._split_by_first[f.split()[0].lower()].append((f, rx))
        #: per first word, the initials its forms' second words may have (None: a form may end
        #: after it, or a gap follows it), so that a regex runs only where a cue can be
        self._second_initials: dict[str, frozenset | None] = {}
        for w, fs in by_first.items():
            seconds = [f.split()[1] if len(f.split()) > 1 else "" for f in fs]
            ok = all(x and x != "..." for x in seconds)
            self._second_initials[w] = frozenset(x[0].lower() for x in seconds) if ok else None
        status: dict[str, list[str]] = {}
        for row in status_rows:
            status.setdefault(row["kind"].strip(), []).extend(
                p.strip() for p in row["phrase"].split("|") if p.strip())
        self._status_phrases = status
        self._status_re = {k: _compile_alternatives(v) for k, v in status.items()}
        self._status_re_folded = {k: _compile_alternatives(v, folded=True) for k, v in status.items()}
        # One Aho-Corasick pass finds every plain status phrase of an article; kinds with a
        # split phrase ("told ... to") are left to their regex.
        self._status_auto = ahocorasick.Automaton()
        self.split_status_kinds = frozenset(k for k, v in status.items() if any("..." in p for p in v))
        for kind, phrases in status.items():
            if kind in self.split_status_kinds or kind not in STATUS_KINDS_BY_POSITION:
                continue
            for p in phrases:
                key = " ".join(p.lower().split())
                if key not in self._status_auto:
                    self._status_auto.add_word(key, (key, set()))
                self._status_auto.get(key)[1].add(kind)
        if len(self._status_auto):
            self._status_auto.make_automaton()
        self._groups = {row["word"].strip().lower(): row["label"].strip() for row in group_rows}
        self._joint: dict[int, tuple] = {}     # see `_joint_automaton`
        self._group_re = _compile_alternatives(list(self._groups))
        self._group_re_folded = _compile_alternatives(list(self._groups), folded=True)

    # -- one pass for every lexicon -------------------------------------------------------------
    def joint_scan(self, text: str, low: str, actors) -> JointHits | None:
        """The hits of the cue first words, the status phrases and the aliases of `actors` (an
        `ActorLexicon`) in `text`, from one automaton pass over `low` (`text.lower()`) instead
        of four: each pass costs about as much as the joint one.  None when the text's lowering
        changed its length, or a lexicon holds a character the joint pass cannot tell apart;
        then the lexicons scan on their own."""
        if len(low) != len(text):
            return None
        joint = self._joint_automaton(actors)
        if joint is None:
            return None
        auto, short = joint
        # the status phrases and the actor finder both read the text with plain apostrophes and
        # hyphens, and status phrases with line breaks as spaces: hits that only that made
        # possible are checked (`_STATUS_CHECKED` here, the alias keys in `find`)
        hay = _blank_breaks(low)
        for typographic, plain in _TYPOGRAPHIC.items():
            hay = hay.replace(typographic, plain)
        buckets: tuple[list, ...] = ([], [], [], [], [])
        for end, (tag, payload) in auto.iter(hay):
            if tag == _MANY:
                for tag2, payload2 in payload:
                    buckets[tag2].append((end, payload2))
            else:
                buckets[tag].append((end, payload))
        if short:
            # the texts the separate passes read, for the words found by regex (see `_build_joint`)
            texts = {"low": low, "hay": hay}
            if any(where == "norm" for *_, where in short):
                norm = text
                for typographic, plain in _TYPOGRAPHIC.items():
                    norm = norm.replace(typographic, plain)
                texts["norm"] = norm
            for tag, payload, rx, where in short:
                buckets[tag].extend([(m.end() - 1, payload) for m in rx.finditer(texts[where])])
        status = buckets[_STATUS]
        if buckets[_STATUS_CHECKED]:
            blank = None
            for end, (key, kinds) in buckets[_STATUS_CHECKED]:
                blank = blank or _blank_breaks(low)
                if blank[end - len(key) + 1:end + 1] == key:
                    status.append((end, (key, kinds)))
        return JointHits(buckets[_FIRST], status, (buckets[_FOLDED], buckets[_EXACT]))

    def _joint_automaton(self, actors):
        """The automaton of `joint_scan` for these actors, built once per set of aliases."""
        token = actors.scan_token()
        cached = self._joint.get(id(token))
        if cached is not None and cached[0] is token:
            return cached[1]
        if len(self._joint) >= 4:
            self._joint.clear()
        auto = self._build_joint(actors.scan_entries())
        self._joint[id(token)] = (token, auto)
        return auto

    def _build_joint(self, alias_entries) -> tuple[ahocorasick.Automaton, list] | None:
        """The joint automaton, and the words of one or two letters or digits left out of it:
        those occur inside most words ("in" in "within", "is" in "this"), so that the automaton
        would hand most of its hits to Python only to have them dropped at a word boundary.  A
        regex per word, led by the word itself and checking the boundaries each lexicon checks,
        finds only the hits that pass them (the lexicons check them again)."""
        breaks = set("\n\t\r")
        apart = set(_TYPOGRAPHIC)
        entries: dict[str, list] = {}
        for w in self._by_first:               # first words of cues: read over the text as lowered
            if breaks & set(w) or apart & set(w) or set(w) & set("'-") or " " in w:
                return None
            entries.setdefault(w, []).append((_FIRST, w))
        if len(self._status_auto):
            for key, value in self._status_auto.items():
                if breaks & set(key) or apart & set(key):
                    return None
                tag = _STATUS_CHECKED if set(key) & set("'-") else _STATUS
                entries.setdefault(key, []).append((tag, value))
        folded: dict[str, tuple] = {}
        exact: dict[str, tuple] = {}
        for key, value, alias in alias_entries:   # later aliases win, as in the actor finder
            if alias is None:
                folded[key] = value
            else:
                exact[alias] = value
        for key, value in folded.items():
            if breaks & set(key):
                return None
            # a key with a space could match across a line break: checked against the text
            entries.setdefault(key, []).append((_FOLDED, (value, key if " " in key else None)))
        for alias, value in exact.items():
            key = alias.lower()
            if breaks & set(alias) or len(key) != len(alias):
                return None
            entries.setdefault(key, []).append((_EXACT, (alias, value)))
        auto = ahocorasick.Automaton()
        short = []
        for key, tagged in entries.items():
            if len(key) <= 2 and key.isalnum():
                for tag, payload in tagged:
                    short.append((tag, payload, *_boundary_regex(tag, payload if tag == _EXACT else key)))
                continue
            auto.add_word(key, tagged[0] if len(tagged) == 1 else (_MANY, tuple(tagged)))
        if not len(auto):
            return None
        auto.make_automaton()
        return auto, short

    @staticmethod
    def _form_key(form: str) -> str:
        return " ".join(form.lower().split())

    def find_event_cues(self, text: str, start: int = 0, end: int | None = None, *,
                        low: str | None = None, first_hits: list | None = None) -> list[CueMatch]:
        """Event cues in text[start:end], leftmost-longest, offsets in `text`.
        `low` is `text.lower()` when the caller has it already; `first_hits`, the cues' first
        words found in it by `joint_scan`."""
        end = len(text) if end is None else end
        found = []
        low = text.lower() if low is None else low
        written = text
        quotes = quote_marks(text)
        if quotes:
            # quote marks between a cue's words are no words: "in 'full control' of", 'announced the
            # "total liberation" of' (same offsets; the cue keeps its text as written)
            text, low = _blanked(text, quotes), _blanked(low, quotes)
        if first_hits is None:
            first_hits = self._first_words.iter(low, start, end)
        elif start > 0 or end < len(text):
            first_hits = [(i, w) for i, w in first_hits if i - len(w) + 1 >= start and i < end]
        starts = self._whole_word_starts(low, end, first_hits)
        last_end = start
        for pos, first in starts:
            if pos < last_end:
                continue
            m = self._by_first[first].match(text, pos, end)
            if m is None:
                continue
            words = m.group(0)
            cue = self._form_to_cue.get(self._form_key(words))
            gap = None
            if cue is None:   # a split cue: find which form it was and where its gap is
                for form, rx in self._split_by_first[first]:
                    fm = rx.fullmatch(words)
                    if fm:
                        cue = self._form_to_cue[form]
                        if (fm.groupdict() or {}).get("gap", "").strip():
                            gap = (m.start() + fm.start("gap"), m.start() + fm.end("gap"))
                        break
            if gap is not None and first in _NOUN_TOO and any(
                    gap[0] < p2 < gap[1] and (m2 := self._by_first[f2].match(text, p2, end)) and m2.end() == m.end()
                    for p2, f2 in starts):
                # "Government forces drove ISIS out of": "forces" is the noun, the verb in its gap
                # the cue (but "expel the regime forces out of X" stays "expel ... out of")
                continue
            if gap is not None and written[pos].isupper() and not opens_a_sentence(low, pos) and any(
                    gap[0] <= p2 < gap[1] and self._by_first[f2].match(text, p2, end) for p2, f2 in starts):
                # "the Free Syrian Army have liberated the center of": a name's first word, not the
                # verb "free ... of"; the verb in its gap is the cue
                continue
            last_end = m.end()
            if cue is not None:
                at = m.start()
                if at >= 3 and low[at - 3:at] == "re-":
                    at -= 3         # "re-captured": the prefix is part of the verb as written
                found.append(CueMatch(cue, written[at:m.end()], at, m.end(), gap))
        return found

    def _whole_word_starts(self, low: str, end: int, first_hits) -> list[tuple[int, str]]:
        """(start, first word) of the hits that are whole words, sorted. Whole words only before
        any regex runs: most hits of the automaton are inside longer words ("in" in "within") or
        are the start of one ("in" in "including"), and a cue's first word is always followed
        by a space or a non-word character."""
        starts = []
        for i, w in first_hits:
            pos = i - len(w) + 1
            if pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] in "_'-") and not _RE_PREFIX.fullmatch(low, max(0, pos - 4), pos) \
                    and not _QUOTE_OPENS.fullmatch(low, max(0, pos - 2), pos):
                continue            # inside a word; but "re-took" is "took" again, "'liberated'" a word quoted
            j = i + 1
            if j < end:
                c = low[j]
                if c.isalnum() or c in "_-":
                    continue
                nxt = self._second_initials[w]
                if nxt is not None:     # every form goes on with another word: check its initial
                    if not c.isspace():
                        continue
                    while j < end and low[j].isspace():
                        j += 1
                    if j == end or low[j] not in nxt:
                        continue
            elif self._second_initials[w] is not None:
                continue
            starts.append((pos, w))
        starts.sort()
        return starts

    def status_hits(self, text: str, *, low: str | None = None, raw: list | None = None) -> dict[str, list[tuple[int, int]]]:
        """Every plain status phrase of `text` (whole words, case and runs of spaces ignored),
        per kind, as (start, end) offsets sorted by start.  `low` is `text.lower()` when the
        caller has it already; `raw`, the status hits `joint_scan` found in it."""
        # same-length lowering; str.translate is ten times slower than three replaces here
        low = _blank_breaks(text.lower() if low is None else low)
        out: dict[str, list[tuple[int, int]]] = {}
        if not len(self._status_auto):
            return out
        n = len(low)
        for end, (key, kinds) in (self._status_auto.iter(low) if raw is None else raw):
            start = end - len(key) + 1
            if start > 0 and (low[start - 1].isalnum() or low[start - 1] in "_'-"):
                continue
            if end + 1 < n and (low[end + 1].isalnum() or low[end + 1] in "_-"):
                continue
            for k in kinds:
                out.setdefault(k, []).append((start, end + 1))
        for hits in out.values():
            hits.sort()
        return out

    def status_words(self, kind: str, *, folded: bool = False) -> re.Pattern:
        """The compiled phrases of one status kind (expect, goal, blocker, timeframe, ...);
        `folded`: the same for lowercased text (see `folds_like_lower`)."""
        return (self._status_re_folded if folded else self._status_re).get(kind) or re.compile(r"(?!x)x")

    def group_words(self, *, folded: bool = False) -> re.Pattern:
        """People-group words ("families", "civilians"); `folded`: for lowercased text."""
        return self._group_re_folded if folded else self._group_re

    def group_label(self, word: str) -> str | None:
        return self._groups.get(word.lower())


#: "re-" before a verb ("re-took", "re-take control on"): the verb itself, done again; "de-" before
#: "occupied" ("ZSU de-occupied Dudchany", Ukrainian outlets): the side took it back, as "occupied" reads.
_RE_PREFIX = re.compile(r"(?:^|[^\w'-])?(?:re|de)-")
#: A single quote opening a word, not inside one: "has 'liberated' Avdiivka" (but "al-Qa'im"); the
#: first-word filter's side of what `_WORD_START` lets a cue's pattern match after.
_QUOTE_OPENS = re.compile(r"(?:^|\s)'")


def opens_a_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens the text, a line, a sentence, a headline's clause or a
    quote, where any word is capitalised (a capital there says nothing of a name).

        >>> opens_a_sentence("Night fell. Kobo fell.", 12), opens_a_sentence("and Kobo fell", 4)
        (True, False)
    """
    k = at - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n-–—|(\"“‘"


@lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    """The shipped cue lexicons, compiled once per process."""
    return CueLexicon(_read_rows(EVENT_CUES_CSV), _read_rows(STATUS_CUES_CSV), _read_rows(GROUPS_CSV))


__all__ = ["Cue", "CueMatch", "CueLexicon", "JointHits", "load_cues", "folds_like_lower", "opens_a_sentence"]
