"""Finding place mentions in running text.

A mention needs proper-noun evidence: it lies in a run of capitalised words
("Deir ez-Zor", "Ain al-Arab", "U.S.") or is an all-capitals dateline
("BEIRUT —"). Inside each run the longest word n-gram whose key is in the index
wins (exact key first, then the loose variant key). Then the checks a reader makes:

- a frequent English word or given name ("Police", "Hope", "Kelly") is a place only
  with strong evidence (a country anywhere; mid-sentence, a region or a city of
  100,000+ such as Nice or Reading);
- a name after a title or a given name is a person ("Captain Jeff Davis",
  "Salih Muslim", "Abu Mohammad"), and so is that surname alone later in the document;
  a name followed by "said", "told", ... is a speaker unless it is a country or capital;
- short all-capitals words are acronyms unless the curated data lists them (US, UAE);
- demonyms ("Syrian", "Iraqis") are country mentions;
- "X province", "X governorate", "X countryside", "the countryside of X" mark the
  mention as an admin-area mention.

Why runs of capitals and hashed key tables rather than a pyahocorasick automaton over
the whole normalised text: with ~630,000 Latin-script names the pickled automaton took
0.9-2.3 s to load here, over the 1 s warm-start budget, and proper-noun evidence is
needed anyway; a regex finds the runs in ~30 us per 3 KB and each n-gram is one probe.

    >>> from gazetteer import load_gazetteer
    >>> spans = load_gazetteer().finder.find("Fighting near Manbij.")
    >>> spans[0].start, spans[0].end, spans[0].kind
    (14, 20, 'toponym')
"""
from __future__ import annotations

import re as std_re
from dataclasses import dataclass

import regex as re

from gazetteer.lexicon import Lexicon
from gazetteer.normalize import name_key

_APOS = "'’‘ʿʾ`"
_ARTICLES = ("al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "ez", "es", "ed", "et", "ul")
_ART = "(?:" + "|".join(_ARTICLES) + ")"
# Lowercase words that may sit inside a multi-word name ("Bay of Biscay", "Deir ez-Zor").
_PART = ("(?:" + "|".join(_ARTICLES + ("of", "the", "de", "del", "della", "des", "la", "le", "les",
                                       "du", "da", "di", "do", "dos", "das", "bin", "ibn", "and",
                                       "on", "upon", "en", "sur", "am", "im", "y", "van", "von",
                                       "der", "den")) + ")")
_SEP = r"(?:[ \u00a0]|[ ]?[-‐‑][ ]?)"
# Upper-case letters of the Latin script, spelled out for the standard `re` module, which
# scans about three times faster than `regex` with \p{Lu} on this pattern.
_UPPER = "[" + std_re.escape("".join(chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]
                                     if chr(c).isupper())) + "]"
#: A run of capitalised words with name-internal particles ("Deir ez-Zor", "Bay of Biscay",
#: "U.S."). An Arabic article glued before the first word ("al-Bab") and a leading ayn
#: apostrophe are added back in Python (cheaper than in the pattern).
CHUNK = std_re.compile(rf"{_UPPER}[\w{_APOS}]*(?:\.{_UPPER})*\.?(?:{_SEP}(?:{_PART}{_SEP})*"
                       rf"[{_APOS}]?{_UPPER}[\w{_APOS}]*)*")
# A word: letters with inner apostrophes ("'Ayn", "Ra's"); a closing quote is not part of it.
TOKEN = std_re.compile(rf"(?:{_UPPER}\.){{2,}}|[{_APOS}]?[^\W\d_](?:[^\W\d_]|[{_APOS}](?=[^\W\d_]))*")
_POSSESSIVE = re.compile(rf"[{_APOS}]s$")
_POSSESSIVE_ENDS = frozenset(a + "s" for a in _APOS)
_HYPHENS = "-‐‑"
#: "Idlib province", "Aleppo's northern countryside", "Homs Governorate".
ADMIN_AFTER = re.compile(r"(?:['’]s)?[ -]+(?:(?:northern|southern|eastern|western|north|south|east|"
                         r"west|central|rural|northeastern|northwestern|southeastern|southwestern)"
                         r"[ -]+)?(?:province|governorate|countryside|prefecture|oblast)\b",
                         re.IGNORECASE)
#: "the countryside of Aleppo", "province of Idlib".
ADMIN_BEFORE = re.compile(r"\b(?:province|governorate|countryside)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: What follows a dateline place: "BEIRUT —", "SURUC, Turkey –", "MOSUL (Reuters) -".
DATELINE_TAIL = re.compile(r"\s*(?:,\s*[\p{L}. ]{2,30})?\s*(?:\([^)\n]{1,30}\)\s*)?[–—-]")
#: "Kelly said": a name followed by a verb of speech is a speaker, unless it is a country or
#: a capital speaking for its government ("Washington said").
SPEECH_AFTER = re.compile(r"(?:,[^,.\n]{1,60},)?\s+(?:said|says|told|added|explained|wrote|noted|"
                          r"argued|asked|stated|tweeted|recalled|continued|insisted|replied)\b")
# Cheap pre-tests (standard `re`, plain alternation) before the full patterns.
_SPEECH_WORDS = std_re.compile(r"said|says|told|added|explained|wrote|noted|argued|asked|stated|"
                               r"tweeted|recalled|continued|insisted|replied")
_ADMIN_WORDS = std_re.compile(r"(?i)province|governorate|countryside|prefecture|oblast")
#: "X, Y" with Y capitalised: the way a town is placed in its state or country.
CONTAINER_AFTER = re.compile(r",\s+\p{Lu}")
_SENTENCE_END = ".!?:\n"
_OPENERS = " \t\"'“”‘’«(["
MAX_NGRAM = 6
_SKIP_WORDS = frozenset(_ARTICLES + ("the",))


@dataclass(slots=True)
class FoundSpan:
    """A stretch of text that names a place, before disambiguation."""

    start: int
    end: int
    ids: tuple[int, ...]          # candidate place ids, best static prior first
    kind: str = "toponym"         # toponym / demonym / admin
    loose: bool = False           # matched on the loose (variant) key only
    dateline: bool = False
    weak: bool = False            # sentence-initial single word: less sure it is a name
    admin_start: int = -1         # span of the admin phrase when kind == "admin"
    admin_end: int = -1
    user: bool = False            # matched a user override
    key: str = ""                 # the name key that matched
    partial: bool = False         # a given span matched only through a part of it


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _line_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 30):start].rstrip(" ,\t").rsplit(None, 1)
    return name_key(words[-1]) if words else ""


class MentionFinder:
    """Finds candidate place spans with a `Gazetteer`'s index, lexicon and overrides."""

    def __init__(self, gazetteer, lexicon: Lexicon):
        self.gz = gazetteer
        self.index = gazetteer.index
        self.lex = lexicon
        self.cues = lexicon.titles | lexicon.given_names | lexicon.kunyas
        self._memo: dict[tuple, tuple] = {}
        self._segments: dict[tuple[str, ...], list[tuple]] = {}
        self._props_cache: dict[tuple, tuple] = {}

    def lookup(self, key: str, ntoks: int, allow_loose: bool = True) -> tuple[tuple[int, ...], str, bool, bool]:
        memo_key = (key, ntoks <= 2, allow_loose)
        hit = self._memo.get(memo_key)
        if hit is None:
            if len(self._memo) > 500_000:
                self._memo.clear()  # bounded: news vocabulary repeats, but not forever
            hit = self._memo[memo_key] = self._lookup(key, ntoks, allow_loose)
        return hit

    def _lookup(self, key: str, ntoks: int, allow_loose: bool = True) -> tuple[tuple[int, ...], str, bool, bool]:
        """(ids, kind, loose, user) for a key; ids empty when nothing matches.

        A key starting with "the" matches exactly or not at all: the loose rules drop
        the article, and "The Daily" must not become a town called Daily."""
        user = self.gz.user_ids(key)
        if user:
            return user, "toponym", False, True
        if ntoks <= 2:
            target = self.lex.demonyms.get(key)
            if target:
                i = self.gz.demonym_place(target)
                if i is not None:
                    return (i,), "demonym", False, False
        ids = self.index.ids_for(key)
        if ids:
            return ids, "toponym", False, False
        if allow_loose and len(key) >= 4 and not key.startswith("the "):
            ids = self.index.loose_ids_for(key)
            if ids:
                return ids, "toponym", True, False
        return (), "", False, False

    def find(self, text: str) -> list[FoundSpan]:
        chunks = []
        memo, lookup = self._memo, self.lookup
        for chunk in CHUNK.finditer(text):
            base, end = chunk.start(), chunk.end()
            if base and text[base - 1].isalnum():
                continue  # starts inside a word ("iPhone")
            if base >= 3 and text[base - 1] in _HYPHENS:
                k = base - 1
                while k > 0 and text[k - 1].islower():
                    k -= 1
                if text[k:base - 1] in _ARTICLES and (k == 0 or not text[k - 1].isalnum()):
                    base = k  # "al-Bab": the article belongs to the name
            elif base and text[base - 1] in _APOS and (base == 1 or text[base - 2].isspace()):
                base -= 1  # "‘Ayn ‘Īsá": the opening ayn mark belongs to the name
            word = text[base:end]
            if word.isalpha():
                # The commonest run: one plain word, mostly naming nothing ("The", "But",
                # "Monday"): one dictionary probe, and it is dropped at once.
                key = name_key(word)
                hit = memo.get((key, True, True))
                if hit is None:
                    hit = lookup(key, 1)
                if hit[0]:
                    chunks.append([(base, end, word)])
                continue
            toks = []
            for t in TOKEN.finditer(word):
                s, e = base + t.start(), base + t.end()
                if t.group()[-2:] in _POSSESSIVE_ENDS and e - s > 3:
                    e -= 2
                toks.append((s, e, text[s:e]))
            chunks.append(toks)
        persons = self._surnames(chunks)
        out: list[FoundSpan] = []
        for toks in chunks:
            out.extend(self._match_chunk(text, toks, persons))
        return out

    def _surnames(self, chunks) -> set[str]:
        """Surnames of the people the document names in full ("John Kelly" makes a later
        "Kelly" a person): the capitalised words after a given name or a title."""
        lex, persons = self.lex, set()
        for toks in chunks:
            for k in range(len(toks) - 1):
                w = name_key(toks[k][2])
                if w in lex.given_names or w in lex.titles:
                    for _, _, nxt in toks[k + 1:k + 3]:
                        if not nxt[:1].isupper():
                            break
                        persons.add(name_key(nxt))
        return persons

    def _match_chunk(self, text: str, toks: list[tuple[int, int, str]], persons=frozenset()) -> list[FoundSpan]:
        found = []
        for i, j, key, ids, kind, loose, user in self._segment(tuple(t[2] for t in toks)):
            span = self._check(text, toks, i, j, key, ids, kind, loose, user, persons)
            if span is not None:
                found.append(span)
        return found

    def _segment(self, words: tuple[str, ...]) -> list[tuple]:
        """Greedy longest-match segmentation of a run of words into name keys. It depends on
        the words alone, so it is kept per run: "President Donald Trump" or "New York"
        recur across a news stream."""
        hits = self._segments.get(words)
        if hits is not None:
            return hits
        hits = []
        n, i = len(words), 0
        while i < n:
            first = words[i]
            if first[:1].islower() and first.lower() not in _ARTICLES:
                i += 1
                continue
            hit = None
            # Longer n-grams only from a word that starts some multi-word name (or the user's).
            longest = self.index.ngram_starts.get(name_key(first), 1)
            if self.gz.has_user_names:
                longest = MAX_NGRAM
            for j in range(min(n, i + max(2, min(longest, MAX_NGRAM))), i, -1):
                if words[j - 1][:1].islower():
                    continue
                # Keys of a run of words are the key of the words joined: name_key collapses
                # the separators (space, hyphen) between them anyway.
                key = name_key(" ".join(words[i:j]))
                ids, kind, loose, user = self.lookup(key, j - i)
                if ids:
                    hit = (i, j, key, ids, kind, loose, user)
                    break
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            i = hit[1]
        if len(self._segments) > 200_000:
            self._segments.clear()
        self._segments[words] = hits
        return hits

    def _props(self, words: tuple[str, ...], ids: tuple[int, ...]) -> tuple:
        """What the checks need from the matched words alone (no context), kept per match:
        (single, word, fcode, area, first_name, function_word, title, acronym, common)
        where common is "" (not a common word), "pass", "mid" (a place only mid-sentence)
        or "never"."""
        hit = self._props_cache.get((words, ids))
        if hit is not None:
            return hit
        idx, lex = self.index, self.lex
        # The words that carry the name, without "the" and Arabic articles ("The IS", "al-Bab").
        content = [t for t in words if name_key(t) not in _SKIP_WORDS]
        single = len(content) <= 1
        word = name_key(content[0]) if content else name_key(" ".join(words))
        fcode = idx.feature_code[ids[0]]
        area = fcode in ("PCLI", "ADM1", "CONT", "RGN", "OCN")
        name_part = " ".join(content) or " ".join(words)
        letters = sum(c.isalpha() for c in name_part)
        # Acronyms (ISIS, SDF, AP) are not places unless the curated data lists them (US, UAE);
        # dotted abbreviations (D.C., N.Y.) are written for places.
        acronym = name_part.isupper() and letters <= 4 and "." not in name_part \
            and not any(idx.source[c] in ("curated", "user") for c in ids)
        common = ""
        if single and (word in lex.common_words or word in lex.given_names):
            # Areas do not count here: "Union County" or a "Western" province is no reason
            # to read a capitalised common word as a place.
            if fcode == "PCLI":
                common = "pass"
            elif fcode in ("CONT", "RGN", "OCN") or any(
                    idx.feature_code[c].startswith("PPL") and idx.population[c] >= 100_000 for c in ids[:5]):
                common = "mid"
            else:
                common = "never"
        hit = (single, word, fcode, area, word in self.cues,
               single and len(word) <= 2 and not name_part.isupper(),  # "No", "La", "In"
               single and word in lex.titles, acronym, common)
        if len(self._props_cache) > 200_000:
            self._props_cache.clear()
        self._props_cache[(words, ids)] = hit
        return hit

    def _check(self, text, toks, i, j, key, ids, kind, loose, user, persons=frozenset()) -> FoundSpan | None:
        """The reader's checks on one n-gram match; None when it is not a place mention."""
        s, e = toks[i][0], toks[j - 1][1]
        lex = self.lex
        initial = i == 0 and _sentence_initial(text, s)
        dateline = i == 0 and _line_start(text, s) and bool(DATELINE_TAIL.match(text, e))
        if user:
            return FoundSpan(s, e, ids, "toponym", dateline=dateline, user=True)
        single, word, fcode, area, first_name, function_word, title, acronym, common = \
            self._props(tuple(t[2] for t in toks[i:j]), ids)
        # Person names: a title or a given name right before ("Captain Jeff Davis").
        if i:
            prev = [toks[k][2] for k in range(max(0, i - 2), i)]
            # The word before the run matters only for a match near its start ("spokesman Talal Silo").
            before_chunk = _word_before(text, toks[0][0]) if i == 1 and toks[0][0] > 0 \
                and text[toks[0][0] - 1] in " \t" else ""
            last = name_key(prev[-1])
            if last in self.cues and not (area and self.lookup(last, 1)[0]):  # "Georgia Tech" is no person
                return None
            if prev[-1][:1].isupper() and ((len(prev) == 2 and name_key(prev[0]) in lex.titles)
                                           or before_chunk in lex.titles):
                return None
        elif kind != "demonym" and s > 0 and text[s - 1] in " \t" and _word_before(text, s) in lex.titles:
            return None
        if single and first_name and not area and j < len(toks) and toks[j][2][:1].isupper():
            return None  # "Jeff" in "Jeff Davis": a first name, even if some hamlet is called so
        if kind == "demonym":
            return FoundSpan(s, e, ids, "demonym", dateline=dateline)
        if function_word or title:
            return None
        if single and word in persons and fcode != "PCLI" and not CONTAINER_AFTER.match(text, e):
            return None  # a surname of someone named in full, unless "Jackson, Mississippi"
        if fcode not in ("PCLI", "PPLC") and not dateline and _SPEECH_WORDS.search(text, e, e + 80) \
                and SPEECH_AFTER.match(text, e):
            return None
        if acronym and not dateline:
            return None
        if common and not dateline and (common == "never" or (common == "mid" and initial)):
            return None
        span = FoundSpan(s, e, ids, kind, loose=loose, dateline=dateline,
                         weak=initial and single and not dateline, key=key)
        m = ADMIN_AFTER.match(text, e) if _ADMIN_WORDS.search(text, e, e + 40) else None
        if m and (j == len(toks) or toks[j][0] >= m.start()):
            span.kind, span.admin_start, span.admin_end = "admin", s, m.end()
        else:
            b = ADMIN_BEFORE.search(text, max(0, s - 45), s) if text[max(0, s - 9):s].rstrip()[-2:].lower() \
                in ("of", "he") else None  # "... of X" / "... of the X": cheap test first
            if b:
                span.kind, span.admin_start, span.admin_end = "admin", b.start(), e
        if fcode == "ADM1" and span.kind != "admin":
            span.kind, span.admin_start, span.admin_end = "toponym", -1, -1
        return span

    def spans_for(self, text: str, spans: list[tuple[int, int]]) -> list[FoundSpan]:
        """FoundSpans for given character spans: the whole surface first, then its longest
        sub-run of words that names a place; a span naming nothing gets no candidates."""
        out = []
        for s, e in spans:
            toks = [(s + t.start(), s + t.end(), t.group()) for t in TOKEN.finditer(text[s:e])]
            toks = [(a, b - 2, w[:-2]) if _POSSESSIVE.search(w) and len(w) > 3 else (a, b, w)
                    for a, b, w in toks]
            hit = None
            for length in range(len(toks), 0, -1):
                for i in range(len(toks) - length + 1):
                    j = i + length
                    key = name_key(text[toks[i][0]:toks[j - 1][1]])
                    key = key.removeprefix("the ")
                    if length < len(toks) and (key in self.lex.common_words or key in _SKIP_WORDS
                                               or toks[i][2][:1].islower()):
                        continue  # "Third Street" is not a town called Street
                    # A part of the span must match exactly: "Samin" of "Tal Samin" is no
                    # variant spelling of some distant Zomin.
                    ids, kind, loose, user = self.lookup(key, length, allow_loose=length == len(toks))
                    if ids:
                        hit = (ids, kind, loose, user, key, length < len(toks))
                        break
                if hit:
                    break
            if hit is None:
                out.append(FoundSpan(s, e, ()))
                continue
            ids, kind, loose, user, key, partial = hit
            fs = FoundSpan(s, e, ids, kind or "toponym", loose=loose or partial, user=user,
                           dateline=_line_start(text, s) and bool(DATELINE_TAIL.match(text, e)),
                           key=key, partial=partial)
            m = ADMIN_AFTER.match(text, e) if _ADMIN_WORDS.search(text, e, e + 40) else None
            if m:
                fs.kind, fs.admin_start, fs.admin_end = "admin", s, e
            out.append(fs)
        return out
