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
  mention as an admin-area mention;
- "X and Y streets", "the X/Y intersection", "X Street", "X St.", "the street was later
  called X" mark X as a street's name (`street_cue`; the resolver decides, see its rule 8);
- an area abbreviation that is also a word ("Wash.", "Mass.", "Ind.") is the area only
  after a name and a comma, as news copy places a town ("SPOKANE, Wash. -"); the list
  is ``data/comma_abbreviations.csv``.

Why runs of capitals and hashed key tables rather than a pyahocorasick automaton over
the whole normalised text: with ~630,000 Latin-script names the pickled automaton took
0.9-2.3 s to load here, over the 1 s warm-start budget, and proper-noun evidence is
needed anyway; a regex finds the runs in ~30 us per 3 KB and each n-gram is one probe.

Speed (about 0.3 ms to find the places of a 3 KB article): most runs are one word that
names nothing ("The", "Monday"), so runs come from ``findall`` (no match object each) and
a word seen before is one dictionary probe; the words, the segmentation, the context-free
properties and the surnames of a run are kept per run as written, since news repeats
them; the admin-area words of a text are found once, not searched for after each match.

Given spans (`MentionFinder.spans_for`, used to resolve another tool's spans) are matched
whole first ("the Gulf" with its article), then as an adjective of a place ("Central
American", "Sicilian", by the common English endings), then by their longest sub-run of
words; a match of a part only, or of the words around a number ("2231 Royal"), is flagged
`partial`; a part beside "Embassy" or "Quarter" (a country's name or adjective) or beside
"River", "Delta", "Valley", ... (an area's name) is cued "facility" or "feature"
(`MentionFinder._part_cue`). A part after a given name or a title is a surname and skipped
("Wilson" of "Ronald Wilson Reagan Middle School") unless it names a country or an area. A
part that is a common word is skipped ("Third Street" is no town called
Street) unless it is a country written in capitals ("US" of "US Treasury Department"); a
first-level area's name followed only by State, Province, Region, ... ("Rakhine State")
names that area, no part of it.

    >>> from gazetteer import load_gazetteer
    >>> spans = load_gazetteer().finder.find("Fighting near Manbij.")
    >>> spans[0].start, spans[0].end, spans[0].kind
    (14, 20, 'toponym')
"""
from __future__ import annotations

import re as std_re
from bisect import bisect_left
from dataclasses import dataclass

import regex as re

from gazetteer.lexicon import Lexicon
from gazetteer.normalize import name_key

_APOS = "'’‘ʿʾ`"
_ARTICLES = ("al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "ez", "es", "ed", "et", "ul")
_ART = "(?:" + "|".join(_ARTICLES) + ")"
#: Arabic articles that are English words too ("at Adre", "as Taliban fighters").
_ENGLISH_ARTICLES = ("at", "as", "an")
#: A name that opens with an Arabic article ("ar rai", "al bab").
_ARTICLE_FIRST = re.compile(_ART + " ")


def _trie_pattern(words) -> str:
    """A regex alternation of `words` branched letter by letter ("d(?:a(?:s)?|e...)|..."):
    the engine tries a handful of first letters where a flat alternation tries every word,
    after every capitalised word of a text. In `CHUNK` each word is followed by a separator,
    which no letter is, so at most one word can match at a place: the order of the
    alternatives changes no match."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[:1], []).append(w[1:])
    alts = []
    for first, rests in sorted(by_first.items()):
        sub = _trie_pattern([r for r in rests if r]) if any(rests) else ""
        alts.append(std_re.escape(first) + (f"(?:{sub})?" if sub and "" in rests else sub))
    return "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]


# Lowercase words that may sit inside a multi-word name ("Bay of Biscay", "Deir ez-Zor",
# "Port-au-Prince"); a French "d'"/"l'" glued to the next word stays in the run ("Côte d'Ivoire").
_PART = _trie_pattern(_ARTICLES + ("of", "the", "de", "del", "della", "des", "la", "le", "les",
                                   "du", "da", "di", "do", "dos", "das", "bin", "ibn", "and",
                                   "on", "upon", "en", "sur", "am", "im", "y", "van", "von",
                                   "der", "den", "au", "aux", "à", "sous", "lès",
                                   # the Persian ezafe: "Mazar-e Sharif", "Mazar-i-Sharif", "Sar-e Pul"
                                   "e", "i", "ye", "e-ye"))
_SEP = r"(?:[ \u00a0]|[ ]?[-‐‑][ ]?)"
# Upper-case letters of the Latin script, spelled out for the standard `re` module, which
# scans about three times faster than `regex` with \p{Lu} on this pattern.
_UPPER = "[" + std_re.escape("".join(chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]
                                     if chr(c).isupper())) + "]"
#: A run of capitalised words with name-internal particles ("Deir ez-Zor", "Bay of Biscay",
#: "U.S."). An Arabic article glued before the first word ("al-Bab") and a leading ayn
#: apostrophe are added back in Python (cheaper than in the pattern).
#: A full stop belongs to a word only in initials ("U.S.") or a short abbreviation ("St.
#: Louis", "Mt."): after a longer word it ends the sentence ("Aleppo. The army").
CHUNK = std_re.compile(rf"(?:{_UPPER}[\w{_APOS}]*(?:\.{_UPPER})+\.?|{_UPPER}[a-z]{{0,2}}\.|{_UPPER}[\w{_APOS}]*)"
                       rf"(?:{_SEP}(?:{_PART}{_SEP})*(?:[dl][{_APOS}])?[{_APOS}]?{_UPPER}[\w{_APOS}]*)*")
# A word: letters with inner apostrophes ("'Ayn", "Ra's"); a closing quote is not part of it.
TOKEN = std_re.compile(rf"(?:{_UPPER}\.){{2,}}|[{_APOS}]?[^\W\d_](?:[^\W\d_]|[{_APOS}](?=[^\W\d_]))*")
_POSSESSIVE = re.compile(rf"[{_APOS}]s$")
_POSSESSIVE_ENDS = frozenset(a + "s" for a in _APOS)
_HYPHENS = "-‐‑"
# What may glue a prefix to a run found by CHUNK ("al-Bab", "‘Ayn").
_GLUE = _HYPHENS + _APOS
#: "Idlib province", "Aleppo's northern countryside", "Homs Governorate", "Sennar state" (not
#: "Syria state TV": the state's media).
ADMIN_AFTER = re.compile(r"(?:['’]s)?[ -]+(?:(?:northern|southern|eastern|western|north|south|east|"
                         r"west|central|rural|northeastern|northwestern|southeastern|southwestern)"
                         r"[ -]+)?(?:province|governorate|countryside|prefecture|oblast|state(?![ -](?:media|television|tv|"
                         r"news|agency|broadcaster|radio|run|owned|controlled|funded|department)))\b",
                         re.IGNORECASE)
#: The word that ends a given span naming a first-level area: "Kano State", "Tigray Region".
#: Areas another spelling may name besides small towns (`Finder._area_variants`), and the
#: population under which a town is small there.
_VARIANT_AREAS = frozenset({"PCLI", "ADM1"})
_SMALL_PLACE = 10_000
ADMIN_TAIL = re.compile(r"[ -]+(?:state|province|governorate|region|oblast|prefecture)", re.IGNORECASE)
#: "the countryside of Aleppo", "province of Idlib".
ADMIN_BEFORE = re.compile(r"\b(?:province|governorate|countryside)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: What follows a dateline place: "BEIRUT —", "SURUC, Turkey –", "MOSUL (Reuters) -",
#: "ADRE, Chad, Nov 10 (AP) -" (a wire's date before the agency).
DATELINE_TAIL = re.compile(r"\s*(?:,\s*[\p{L}. ]{2,30})?\s*(?:,\s*\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}\s*)?"
                           r"(?:\([^)\n]{1,30}\)\s*)?[–—-]")
#: What the text calls a place right before its name: "the village of X", "the town of X"
#: (a settlement, not an area or a namesake country); "eastern X", "north-western X" (a
#: part of an area: a country or region before a namesake town).
CUE_BEFORE = std_re.compile(r"(?:\b(villages?|towns?|hamlets?|settlements?|cit(?:y|ies)|localit(?:y|ies))"
                            r"\s+of\s+(?:the\s+)?|\b(?:(?:north|south)(?:[- ]?(?:east|west))?ern|eastern|"
                            r"western|central)\s+)$")
#: "X airport", "X International Airport": an airport is named after its town, so X is a
#: settlement rather than the area or country of that name.
#: What makes a matched name part of a longer one: a hyphen and a capital ("Bab-Shams"), an
#: Arabic article and its word ("Nineveh al-Sharqiya", "Souq al-Ghanam": Mosul's districts), or
#: a Persian ezafe ("Pul-e-Hesar").
LONGER_NAME_AFTER = std_re.compile(r"-(?P<word>[A-Z][\w'’]*)| (?:al|el|ad|ar|as|ash|at|az|an|ez)-[A-Za-z]|-(?:e|i|ye)-[A-Z]")
#: A lowercase part after a hyphen, and a capitalised word right before: a matched name inside a
#: person's ("Chiang Kai-shek").
PERSONS_PART_AFTER = std_re.compile(r"-(?!(?:led|based|held|backed|born|run|era|area|style|bound|wide|made|like)\b)"
                                    r"[a-z]{2,4}\b(?!-)")
NAME_RIGHT_BEFORE = std_re.compile(r"\b(?!(?:The|A|An|This|That|In|On|At|By|For|From|With)\b)[A-Z][a-z]+ $")
#: The same before a matched name: "the Aleppo-Damascus highway", "Nineveh al-Sharqiya".
LONGER_NAME_BEFORE = std_re.compile(r"(?<![\w'’-])(?P<word>[A-Z][\w'’]*)-[A-Z][^-]{0,2}$|[A-Z][\w'’]* (?:al|el|ad|ar|as|ash|at|az|an|ez)-$|"
                                    r"[A-Za-z]-(?:e|i|ye)-[A-Z][^-]{0,2}$")
CUE_AFTER = std_re.compile(r" (?:international )?airport\b", std_re.IGNORECASE)
#: A military operation named after a place ("the Kharkiv counteroffensive", "the Aleppo
#: offensive", "the Afrin operation"): the name places no other name of the text near it.
_OPERATION_STARTS = frozenset(("cou", "off", "ope", "cam", "axi", "poc", "sal", "fro"))
#: A country named as the one who speaks: "Russia says it took Pokrovsk", "Israel said on Monday".
SPEAKER_AFTER = std_re.compile(r" (?:says|said|claims|claimed|announced|announces|denied|denies|accused|accuses|insists|"
                               r"insisted|warned|warns|confirmed|confirms)\b")
OPERATION_AFTER = std_re.compile(r" (?:counter-?offensive|offensive|operation|campaign|axis|pocket|salient|front)\b",
                                 std_re.IGNORECASE)
#: "Bourbon and Dauphine streets", "the Chartres/Franklin intersection", "Lafayette Street": a
#: name followed by a street word, alone or closing a short list of names, is a street's name.
STREET_AFTER = std_re.compile(rf"(?:(?:\s*/\s*|,\s+|,?\s+(?:and|&)\s+){_UPPER}[\w'’.-]*){{0,3}}\s+"
                              r"(?:(?i:streets?|avenues?|boulevards?|intersection)\b|(?:Road|Lane|Place)\b"
                              rf"|(?:St|Ave|Rd|Blvd)\.(?!\s*{_UPPER}))")
#: How what follows a street's name after a space begins (`STREET_AFTER`): a cheap test first.
_STREET_NEXT = frozenset(("and", "str", "Str", "St.", "ave", "Ave", "bou", "Bou", "Blv", "int", "Int",
                          "Roa", "Rd.", "Lan", "Pla"))
#: Words of a given span beside a country's name or adjective that make the span a building
#: or a quarter abroad ("Russian Embassy", "French Quarter"): it is in the town the text is
#: about, not in that country. (A "Russian school" or ministry is most often in Russia.)
FACILITY_WORDS = frozenset(("embassy", "embassies", "consulate", "quarter"))
#: Words of a given span after an area's name that make the span a natural feature named
#: after the area ("Mississippi River", "Niger Delta"), not the area.
FEATURE_WORDS = frozenset(("river", "delta", "valley", "basin", "canal", "lake", "bay", "mountains"))
#: "the street was later called Lafayette", "the avenue was renamed X": a name the text gives
#: to a street (looked for only right after "called" / "named").
STREET_NAMED_BEFORE = re.compile(r"\b(?:street|avenue|boulevard|road|lane)s?\b[^.!?\n]{0,100}"
                                 r"\b(?:called|named|renamed)\s+$", re.IGNORECASE)
#: "Kelly said": a name followed by a verb of speech is a speaker, unless it is a country or
#: a capital speaking for its government ("Washington said"), maybe past an aside ("Smith, a
#: spokesman, said"); an aside that goes on with more names ("Bucha, Irpin and Hostomel
#: retaken, says Ukraine") lists them instead.
SPEECH_AFTER = re.compile(r"(?:,(?!\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:and|&)\s+[A-Z])[^,.\n]{1,60},)?"
                          r"\s+(?:(?:said|says|told|added|explained|wrote|noted|"
                          r"argued|asked|stated|tweeted|recalled|insisted|replied)\b|continued(?=\s*[,:\"“]))")
# Cheap pre-tests before the full admin patterns.
_ADMIN_LIST = ("province", "governorate", "countryside", "prefecture", "oblast", "state")
_ADMIN_WORDS = std_re.compile("(?i)" + "|".join(_ADMIN_LIST))
_ADMIN_TAILS = tuple(w[1:] for w in _ADMIN_LIST)
#: "X, Y" with Y capitalised: the way a town is placed in its state or country.
CONTAINER_AFTER = re.compile(r",\s+\p{Lu}")
_SENTENCE_END = ".!?:\n"
_OPENERS = " \t\"'“”‘’«(["
MAX_NGRAM = 6
#: English adjective endings of place names and how the name ends instead, most specific first.
_ADJECTIVE_ENDINGS = (("ian", "ia"), ("ian", "y"), ("ian", ""), ("ese", "a"), ("ese", ""),
                      ("an", "a"), ("an", ""), ("i", ""))
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
    in_org: str = ""              # inside an organisation's name: "name" ("Rapid" of "Rapid Support
                                  # Forces"), "of" ("Commerce" of "Chamber of Commerce")
    cue: str = ""                 # "settlement": the text calls it a village/town ("the village of X");
                                  # "direction": "eastern X"; "street": a street's name (`street_cue`);
                                  # given spans only: "street-span" ("Atlantic Avenue"), "facility"
                                  # ("Russian Embassy"), "feature" ("Mississippi River")


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


def _uncovered(text: str, s: int, e: int, a: int, b: int) -> bool:
    """Whether text[s:e] says more than its part text[a:b]: a number ("2231 Royal") or other
    words beyond a leading "the" and a possessive."""
    rest = (text[s:a].lower().replace("the", "") + text[b:e].lower().replace("'s", "").replace("’s", ""))
    return any(c.isalnum() for c in rest)


def street_cue(text: str, s: int, e: int) -> bool:
    """Whether the text calls the name text[s:e] a street's: "X and Y streets", "the X/Y
    intersection", "X Street", "the street was later called X"."""
    c = text[e:e + 1]
    if c == " ":
        go = text[e + 1:e + 4] in _STREET_NEXT or text[e + 1:e + 2] in ("&", "/")
    else:  # "X, Y and Z streets", "the X/Y intersection": a list needs its street word
        go = c in ("/", ",") and any(w in text[e:e + 80] for w in ("treets", "venues", "ntersection"))
    if go and STREET_AFTER.match(text, e):
        return True
    return s > 6 and text[s - 1] == " " and text[s - 6:s - 1] in ("alled", "named") \
        and STREET_NAMED_BEFORE.search(text, max(0, s - 140), s) is not None


#: Words after which a given name that also names a town of 10,000 or more is the town (name_key).
_INTO_A_PLACE = frozenset("""in into near to towards toward from outside around entered captured
seized took taken retook recaptured""".split())


def _word_before(text: str, start: int) -> str:
    """name_key of the word before text[start:] (within 30 characters), skipping a comma."""
    words = text[max(0, start - 30):start].rstrip(" ,\t").rsplit(None, 1)
    return name_key(words[-1]) if words else ""


def _occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted (start, end) of every occurrence of each word in text."""
    out = []
    for w in words:
        k = text.find(w)
        while k >= 0:
            out.append((k, k + len(w)))
            k = text.find(w, k + 1)
    out.sort()
    return out


class _CueWords:
    """Where the admin-area words of one text are, found once rather than after every match.
    (A verb of speech after a name is tested by an anchored match: cheaper than a scan.)"""

    __slots__ = ("admin",)

    def __init__(self, text: str):
        # str.find per word: a regex alternation tries every word at every position and
        # costs ten times more on a 3 KB text.
        # Without its first letter each admin word is found in either case ("Province",
        # "province"); all capitals are searched apart (lower() of a whole text costs more).
        self.admin = _occurrences(text, _ADMIN_TAILS)
        if any(t.upper() in text for t in _ADMIN_TAILS):
            self.admin = sorted(self.admin + _occurrences(text, tuple(t.upper() for t in _ADMIN_TAILS)))

    @staticmethod
    def _within(spans: list[tuple[int, int]], a: int, b: int) -> bool:
        k = bisect_left(spans, (a, -1))
        return k < len(spans) and spans[k][1] <= b

    def admin_within(self, a: int, b: int) -> bool:
        """An admin-area word lies wholly inside text[a:b] (its first letter unchecked)."""
        return self._within(self.admin, a + 1, b)


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
        self._single: dict[str, bool] = {}  # one plain word as written -> names a place?
        self._tokens: dict[str, list] = {}   # a run as written -> its words (offsets within it)
        self._persons: dict[tuple, tuple] = {}  # a run's words -> the surnames it names
        self._heads: dict[tuple, tuple] = {}  # a run's words -> where an organisation's name ends
        # "Town, Wash.": area abbreviations that are also words, read only in that position.
        self._comma_ids: dict[str, tuple[int, ...]] = {}
        for abbr, (cc, area) in lexicon.comma_abbreviations.items():
            ids = tuple(i for i in self.index.ids_for(name_key(area))
                        if self.index.country[i] == cc and self.index.feature_code[i] == "ADM1")
            if ids:
                self._comma_ids[abbr] = ids[:1]
        # Starts with a literal (", "), which lets the regex engine skip ahead: a lookbehind
        # first cost 7% of the whole find + resolve.
        self._comma_re = std_re.compile(
            r", (" + "|".join(std_re.escape(a) for a in sorted(self._comma_ids, key=len, reverse=True))
            + r")(?![\w.])") if self._comma_ids else None

    def comma_area(self, text: str, s: int, e: int) -> tuple[int, ...]:
        """The area an abbreviation such as "Wash." or "Mass." stands for when text[s:e] is one
        written after a town and a comma ("SPOKANE, Wash."); else ()."""
        ids = self._comma_ids.get(text[s:e])
        if not ids or s < 3 or text[s - 2:s] != ", ":
            return ()
        w = s - 2  # the word before the comma must be a name: "Springfield, Mass." not "so, Mass."
        while w > 0 and (text[w - 1].isalnum() or text[w - 1] in ".'’-"):
            w -= 1
        return ids if w < s - 2 and text[w].isupper() else ()

    def _comma_spans(self, text: str, out: list[FoundSpan]) -> list[FoundSpan]:
        """`out` with the "Town, Abbr." area abbreviations of the text put in, in text order
        (each replaces whatever word match it overlaps)."""
        if self._comma_re is None or ", " not in text:
            return out
        for m in self._comma_re.finditer(text):
            s, e = m.start(1), m.end(1)
            if not self.comma_area(text, s, e):
                continue  # no town before the comma
            out = [f for f in out if f.end <= s or f.start >= e]
            k = bisect_left([f.start for f in out], s)
            # "SPOKANE, Wash. -" opening a line is a dateline.
            dateline = s - (text.rfind("\n", 0, s) + 1) <= 40 and bool(DATELINE_TAIL.match(text, e))
            out.insert(k, FoundSpan(s, e, self._comma_ids[m.group(1)], "toponym", key=name_key(m.group(1)),
                                    dateline=dateline))
        return out

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
            # (with another spelling's areas, a loose reading: kept only in the text's countries)
            areas = self._area_variants(key, ids, ntoks, allow_loose)
            return ids + areas, "toponym", bool(areas), False
        if ntoks == 1 and len(key) >= 4:
            # English drops the Arabic article the gazetteer keeps: "Durayhimi" is Ad Durayhimi
            for art in _ARTICLES[:8]:
                ids = self.index.ids_for(f"{art} {key}")
                if ids:
                    return ids, "toponym", False, False
        if ntoks == 2 and key.split(" ", 1)[0] in _ARTICLES:
            # "at Adre" (English "at" read as an Arabic article): the name after it, exactly; after
            # an article only Arabic writes, a place the gazetteer names with one ("al-Rai" is Ar
            # Ra'i, not Rai in France; "al-Kindi" of Mosul no Kindi in Burkina Faso)
            art, rest = key.split(" ", 1)
            ids = self.index.ids_for(rest)
            if art not in _ENGLISH_ARTICLES:
                # (the gazetteer may write the article assimilated: "al-Rai" is "Ar Ra'i")
                ids = tuple(i for i in ids if _ARTICLE_FIRST.match(name_key(self.index.name[i]))) or \
                    next((x for a in _ARTICLES[:8] if a != art and (x := self.index.ids_for(f"{a} {rest}"))), ())
            if ids:
                return ids, "toponym", False, False
        if ntoks == 2 and len(key) >= 8:
            # a name the gazetteer writes as one word: "Ceel Buur" is Ceelbuur, "Beit Hanoun" Beithanoun
            ids = self.index.ids_for(key.replace(" ", ""))
            if ids:
                return ids, "toponym", False, False
        if allow_loose and len(key) >= 4 and not key.startswith("the "):
            ids = self.index.loose_ids_for(key)
            if ids:
                return ids, "toponym", True, False
        return (), "", False, False

    def _area_variants(self, key: str, ids: tuple[int, ...], ntoks: int, allow_loose: bool) -> tuple[int, ...]:
        """First-level areas and countries another spelling of `key` names, when `key` itself
        names only small towns: "Shabwa" is a village's alternate name in Myanmar, and the
        spelling English copy uses for Yemen's Shabwah governorate; the text's countries then
        choose between them."""
        idx = self.index
        if not allow_loose or ntoks > 2 or len(key) < 4 or key.startswith("the ") or any(
                not idx.feature_code[i].startswith("PPL") or idx.population[i] >= _SMALL_PLACE for i in ids):
            return ()
        return tuple(i for i in idx.loose_ids_for(key) if i not in ids and idx.feature_code[i] in _VARIANT_AREAS)

    def find(self, text: str) -> list[FoundSpan]:
        chunks = []
        memo, lookup, single, tok_cache = self._memo, self.lookup, self._single, self._tokens
        pos = 0
        # findall and str.find rather than finditer: most runs are one word that names
        # nothing ("The", "But", "Monday"), and a match object per run is the main cost.
        # Runs do not overlap and come in order, so the first occurrence at or after the end
        # of the previous run is this run.
        for chunk in CHUNK.findall(text):
            base = text.find(chunk, pos)
            end = pos = base + len(chunk)
            named = single.get(chunk)
            if named is False and (not base or text[base - 1] not in _GLUE):
                continue
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
            named = single.get(word)
            if named is not None:
                if named:
                    chunks.append((base, ((0, end - base, word),), (word,)))
                continue
            if word.isalpha():
                key = name_key(word)
                hit = memo.get((key, True, True))
                if hit is None:
                    hit = lookup(key, 1)
                if len(single) > 500_000:
                    single.clear()  # bounded, as the lookup memo
                single[word] = bool(hit[0])
                if hit[0]:
                    chunks.append((base, ((0, end - base, word),), (word,)))
                continue
            parts = tok_cache.get(word)
            if parts is None:
                parts = tok_cache[word] = self._runs_of(word)
                if len(tok_cache) > 200_000:
                    tok_cache.clear()
            for offset, rel, words in parts:
                chunks.append((base + offset, rel, words))  # tokens relative to the run's start
        persons = self._surnames(chunks)
        # Where the cue words of the context checks are, found in one pass over the text
        # rather than searched for after every match.
        cues = _CueWords(text)
        return self._comma_spans(text, self._match_chunks(text, chunks, persons, cues))

    def _surnames(self, chunks) -> set[str]:
        """Surnames of the people the document names in full ("John Kelly" makes a later
        "Kelly" a person): the capitalised words after a given name or a title."""
        lex, persons, cache = self.lex, set(), self._persons
        for _, _, words in chunks:
            if len(words) < 2:
                continue
            found = cache.get(words)
            if found is None:
                found = []
                for k in range(len(words) - 1):
                    w = name_key(words[k])
                    if w in lex.given_names or w in lex.titles:
                        for nxt in words[k + 1:k + 3]:
                            if not nxt[:1].isupper():
                                break
                            found.append(name_key(nxt))
                if len(cache) > 200_000:
                    cache.clear()
                found = cache[words] = tuple(found)
            persons.update(found)
        return persons

    def _match_chunks(self, text: str, chunks: list[tuple], persons: set[str],
                      cues: _CueWords) -> list[FoundSpan]:
        """The matches of every run of capitalised words ((start, tokens relative to it,
        words), in text order) that pass the reader's checks (`_check`), each marked when it
        sits in an organisation's name. One loop over the runs: a call per run cost more."""
        found = []
        segments, check = self._segments, self._check
        for base, rel, words in chunks:
            # One run in six names nothing: its segmentation (kept per run) says so before
            # its tokens are placed in the text.
            hits = segments.get(words)
            if hits is None:
                hits = self._segment(words)
            if not hits:
                continue
            toks = [(base + a, base + b, w) for a, b, w in rel]
            head, of = self._org_head(words) if len(words) > 1 else (0, -1)
            for i, j, key, ids, kind, loose, user in hits:
                span = check(text, toks, i, j, key, ids, kind, loose, user, persons, cues, words)
                if span is not None:
                    # Judged by the resolver: "Rapid" of "Rapid Support Forces", "Commerce" of
                    # "Chamber of Commerce".
                    if j <= head + 1 and head:
                        span.in_org = "name"  # the words of the name, the head word too
                    elif 0 < of <= i + 1:
                        span.in_org = "of"
                    found.append(span)
        return found

    def _runs_of(self, chunk: str) -> list[tuple[int, tuple, tuple[str, ...]]]:
        """The runs of words of a capitalised chunk: (offset in the chunk, tokens (start, end,
        word) relative to the run, words).  A possessive is no part of its word ("Ra's", of a
        stem of two small letters, is a word), and after a country's or an area's name it ends
        the run: "Sudan's El Fasher" is Sudan, then El Fasher, and "Chad's Adre" no person's
        name ("Allen's Sine Qua Non" stays one run)."""
        runs: list[tuple[int, tuple, tuple[str, ...]]] = []
        rel: list[tuple[int, int, str]] = []
        offset = 0
        for t in TOKEN.finditer(chunk):
            a, b = t.start(), t.end()
            if not rel:
                offset = a
            possessive = t.group()[-2:] in _POSSESSIVE_ENDS and (b - a > 4 or t.group()[:-2].isupper())
            if possessive:
                b -= 2
            rel.append((a - offset, b - offset, chunk[a:b]))
            if possessive and t.end() < len(chunk) and self._area_word(name_key(chunk[a:b])):
                runs.append((offset, tuple(rel), tuple(w for _, _, w in rel)))
                rel = []
        if rel:
            runs.append((offset, tuple(rel), tuple(w for _, _, w in rel)))
        return runs

    def _area_word(self, key: str) -> bool:
        """Whether a one-word key names a country or a first-level area ("sudan", "idlib")."""
        ids = self.lookup(key, 1)[0]
        return bool(ids) and self.index.feature_code[ids[0]] in ("PCLI", "ADM1")

    def _country_word(self, key: str) -> bool:
        """Whether a one-word key names a country ("chad", "niger"), given name or not."""
        ids = self.lookup(key, 1)[0]
        return bool(ids) and self.index.feature_code[ids[0]] == "PCLI"

    def _org_head(self, words: tuple[str, ...]) -> tuple[int, int]:
        """(Position of the last word of a run that ends an organisation's name ("Forces",
        "Army", "Center", "Post"; data/org_heads.txt) after at least one other word, else 0:
        the words before it name the organisation; position of the "of" after the first such
        word ("Chamber of Commerce", "Institute of Market Research"), else -1: the words
        after it name it too)."""
        hit = self._heads.get(words)
        if hit is None:
            heads = self.lex.org_heads
            hit = (next((k for k in range(len(words) - 1, 0, -1) if words[k].lower() in heads), 0),
                   next((k + 1 for k in range(len(words) - 2) if words[k + 1] == "of"
                         and words[k].lower() in heads), -1))
            if len(self._heads) > 200_000:
                self._heads.clear()
            self._heads[words] = hit
        return hit

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
                last = words[j - 1]
                if last[:1].islower() and not (last[1:2] in _APOS and last[2:3].isupper()):
                    continue        # (a French "d'Ivoire", "l'Artibonite" may end a name)
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
        where common is "" (not a common word), "pass", "mid" (a place only mid-sentence),
        "after" (a place only after a preposition of place or a capture verb) or "never"."""
        # The ids follow from the words (one lookup per key), so the first one keys them.
        hit = self._props_cache.get((words, ids[0]))
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
        # (an English word is not written with a macron or an acute: "Hīt" is the town, not "hit")
        if single and (word in lex.common_words and name_part.isascii() or word in lex.given_names):
            # Areas do not count here: "Union County" or a "Western" province is no reason
            # to read a capitalised common word as a place.
            if fcode == "PCLI":
                common = "pass"
            elif fcode in ("CONT", "RGN", "OCN") or any(
                    idx.feature_code[c].startswith("PPL") and idx.population[c] >= 100_000 for c in ids[:5]):
                common = "mid"
            elif word not in lex.common_words and any(
                    idx.feature_code[c].startswith("PPL") and idx.population[c] >= 10_000 for c in ids[:5]):
                common = "after"   # a given name that is also a town ("Fuzuli", "Dana"): see _check
            else:
                common = "never"
        hit = (single, word, fcode, area, word in self.cues,
               single and len(word) <= 2 and not name_part.isupper(),  # "No", "La", "In"
               single and word in lex.titles, acronym, common)
        if len(self._props_cache) > 200_000:
            self._props_cache.clear()
        self._props_cache[(words, ids[0])] = hit
        return hit

    def _check(self, text, toks, i, j, key, ids, kind, loose, user, persons, cues, words) -> FoundSpan | None:
        """The reader's checks on one n-gram match; None when it is not a place mention."""
        s, e = toks[i][0], toks[j - 1][1]
        lex = self.lex
        # Most matches follow a word and a space: the character before that space rules out a
        # line start (and so a dateline) without a call.
        dateline = i == 0 and (s == 0 or text[s - 1] == "\n" or (
            text[s - 1] in " \t" and (s < 2 or text[s - 2] in " \t\n") and _line_start(text, s))) \
            and bool(DATELINE_TAIL.match(text, e))
        if user:
            return FoundSpan(s, e, ids, "toponym", dateline=dateline, user=True)
        run = words[i:j] if i or j < len(words) else words
        props = self._props_cache.get((run, ids[0])) or self._props(run, ids)
        single, word, fcode, area, first_name, function_word, title, acronym, common = props
        # The checks of the words alone first ("No", "ISIS", a common word that names only
        # a hamlet): they reject a third of the matches before any look at the context.
        # A demonym meets none of them (it returns before them below).
        if kind != "demonym" and (function_word or title or (not dateline and (
                acronym or common == "never"))):
            return None
        if single and word in lex.agencies and (dateline or text[s:e].isupper()):
            return None   # "SANA - Army units ...": the agency, not Sanaa
        # Only a single word is read differently at the start of a sentence.
        # After a space that follows a letter or a digit no sentence starts: no call for that.
        initial = single and i == 0 and not (s > 1 and text[s - 1] == " " and text[s - 2].isalnum()) \
            and _sentence_initial(text, s)
        # Person names: a title or a given name right before ("Captain Jeff Davis").
        if i:
            prev = toks[i - 1][2]
            last = name_key(prev)
            if last in self.cues and not (area and self.lookup(last, 1)[0]) \
                    and not (words[i][:1].islower() and self._country_word(last)):
                return None   # "Georgia Tech" is no person; "Chad at Adre" is a country, then a town
            # A title two words before; the word before the run matters only for a match near
            # its start ("spokesman Talal Silo"), and is looked for only when needed.
            if prev[:1].isupper() and ((i >= 2 and name_key(toks[i - 2][2]) in lex.titles)
                                       or (i == 1 and toks[0][0] > 0 and text[toks[0][0] - 1] in " \t"
                                           and _word_before(text, toks[0][0]) in lex.titles)):
                return None
        elif kind != "demonym" and s > 0 and text[s - 1] in " \t" and _word_before(text, s) in lex.titles:
            return None
        if single and first_name and not area and j < len(toks) and toks[j][2][:1].isupper():
            return None  # "Jeff" in "Jeff Davis": a first name, even if some hamlet is called so
        if kind == "demonym":
            return FoundSpan(s, e, ids, "demonym", dateline=dateline)
        if not dateline and text.find("-", s - 1, e + 5) >= 0 and self._part_of_a_longer_name(text, s, e):
            return None  # "the Bab-Shams district", "Nineveh al-Sharqiya": a part of a longer name
        if text[e:e + 1] == " " and text[e + 1:e + 6] in ("River", "river") and not text[e + 6:e + 7].isalpha():
            return None  # "the Siverskyi Donets River", "the Jordan River": a river, not the town or state
        if single and word in persons and fcode != "PCLI" and not CONTAINER_AFTER.match(text, e):
            return None  # a surname of someone named in full, unless "Jackson, Mississippi"
        if fcode not in ("PCLI", "PPLC") and not dateline and SPEECH_AFTER.match(text, e):
            return None
        if common == "after" and not dateline and _word_before(text, s) not in _INTO_A_PLACE:
            return None  # "Dana said", but "fled towards Dana" and "had taken Fuzuli"
        if common == "mid" and initial and not dateline and not (
                i == 0 and text.startswith(": ", e) and (s == 0 or text[s - 1] == "\n")):
            return None  # (but a headline's label, "Goma: thousands cross into Gisenyi", is the city)
        span = FoundSpan(s, e, ids, kind, loose=loose, dateline=dateline,
                         weak=initial and single and not dateline or common == "after", key=key)
        self._mark_context(span, text, toks, j, fcode, cues)
        return span

    def _mark_context(self, span: FoundSpan, text: str, toks, j: int, fcode: str, cues) -> None:
        """What the words around a found name say of it: a cue before or after it (a settlement,
        a direction, a street, an operation, a speaker), and an area word that makes it an
        administrative area ("Idlib province", "the province of Idlib")."""
        s, e = span.start, span.end
        if s > 6 and text[s - 2] in "fenl" and text[s - 1] == " " \
                and (text[s - 3:s] in ("of ", "he ") or text[s - 4:s] in ("ern ", "ral ")):
            cue = CUE_BEFORE.search(text, max(0, s - 32), s)
            if cue is not None:
                span.cue = "direction" if cue.group(1) is None else "settlement"
        if not span.cue and e + 8 < len(text) and text[e] == " " and text[e + 1] in "aAiI" \
                and CUE_AFTER.match(text, e):
            span.cue = "settlement"  # "Erbil airport": the town an airport is named after
        nxt = text[e:e + 1]
        # (the cheap tests of `street_cue` inline: most names are followed by none of its words)
        if not span.cue and (nxt in "/," and nxt or nxt == " " and (text[e + 1:e + 4] in _STREET_NEXT
                                                                      or text[e + 1:e + 2] in "&/")
                             or text[s - 6:s - 1] in ("alled", "named")) and street_cue(text, s, e):
            span.cue = "street"
        if not span.cue and nxt == " " and text[e + 1:e + 4].lower() in _OPERATION_STARTS \
                and OPERATION_AFTER.match(text, e):
            span.cue = "operation"  # "the 2022 Kharkiv counteroffensive": a name, not where the text is
        if not span.cue and nxt == " " and fcode.startswith("PCL") and SPEAKER_AFTER.match(text, e):
            span.cue = "speaker"    # "Russia says it took Pokrovsk": who speaks, not where the text is
        m = ADMIN_AFTER.match(text, e) if cues.admin_within(e, e + 40) else None
        if m and (j == len(toks) or toks[j][0] >= m.start()):
            span.kind, span.admin_start, span.admin_end = "admin", s, m.end()
        else:
            b = ADMIN_BEFORE.search(text, max(0, s - 45), s) if text[max(0, s - 9):s].rstrip()[-2:].lower() \
                in ("of", "he") else None  # "... of X" / "... of the X": cheap test first
            if b:
                span.kind, span.admin_start, span.admin_end = "admin", b.start(), e
        if fcode == "ADM1" and span.kind != "admin":
            span.kind, span.admin_start, span.admin_end = "toponym", -1, -1

    def _part_of_a_longer_name(self, text: str, s: int, e: int) -> bool:
        """Whether the name at text[s:e] is a part of a longer one the gazetteer lacks: joined by a
        hyphen to a word that names no place ("Bab-Shams"; but "the Avdiivka-Donetsk line" names
        two), by an Arabic article ("Nineveh al-Sharqiya", "Souq al-Ghanam"), or a short lowercase
        part after a capitalised word, a person's name ("Chiang Kai-shek")."""
        after = text[e:e + 1]
        m = LONGER_NAME_AFTER.match(text, e) if after in ("-", " ") else None
        if m is None and s > 1 and "-" in text[s - 1:s + 4]:
            m = LONGER_NAME_BEFORE.search(text, max(0, s - 30), s + 3)
        if m is None:
            # a person's name of three parts: "Chiang Kai-shek", "Kim Jong-un" (but "the Kherson-based")
            return after == "-" and PERSONS_PART_AFTER.match(text, e) is not None and \
                NAME_RIGHT_BEFORE.search(text, max(0, s - 20), s) is not None
        word = m.group("word")
        return word is None or not self.lookup(name_key(word), 1)[0]

    @staticmethod
    def _part_cue(toks: list, key: str, kind: str) -> str:
        """What the other words of a given span say of the place its part `key` names:
        "facility" ("Russian Embassy": a building, when the part is a country's name or
        adjective), "feature" ("Mississippi River": a river named after an area), else ""."""
        others = {name_key(w) for _, _, w in toks} - set(key.split())
        if others & FEATURE_WORDS and kind != "demonym":
            return "feature"
        if others & FACILITY_WORDS:
            return "facility"
        return ""

    def _adjective_place(self, key: str) -> tuple | None:
        """The place an adjective the demonym list lacks is formed from, by the common English
        endings ("Sicilian" -> Sicily, "Havanese" -> Havana, "Saint Lucian" -> Saint Lucia),
        when that names an area or a city of 100,000+; as a `spans_for` hit, else None."""
        head, _, last = key.rpartition(" ")
        head = head + " " if head else ""
        for suffix, repl in _ADJECTIVE_ENDINGS:
            if not last.endswith(suffix) or len(last) - len(suffix) < 3:
                continue
            stem = head + last[: len(last) - len(suffix)] + repl
            ids = self.index.ids_for(stem)
            if ids and (self.index.feature_code[ids[0]] in ("PCLI", "ADM1", "RGN", "CONT")
                        or self.index.population[ids[0]] >= 100_000):
                return ids, "demonym", False, False, stem, False
        return None

    def _country_code(self, text: str, a: int, b: int, key: str) -> bool:
        """Whether text[a:b] is a country written as its capitals ("US", "UK"), which a common
        word of the same letters ("us") is not."""
        surface = text[a:b]
        if not (surface.isupper() and len(surface) >= 2):
            return False
        ids = self.lookup(key, 1, allow_loose=False)[0]
        return bool(ids) and self.index.feature_code[ids[0]] == "PCLI"

    def _admin_tail(self, text: str, part_end: int, e: int, ids: tuple[int, ...]) -> bool:
        """Whether a given span is "<part> State" / "Province" / "Region" ... with the part a
        first-level area's name ("Kano State", "Rakhine State", "Tigray Region")."""
        return bool(ADMIN_TAIL.fullmatch(text, part_end, e)) \
            and any(self.index.feature_code[i] == "ADM1" for i in ids)

    def spans_for(self, text: str, spans: list[tuple[int, int]]) -> list[FoundSpan]:
        """FoundSpans for given character spans: the whole surface first, then its longest
        sub-run of words that names a place; a span naming nothing gets no candidates."""
        out = []
        for s, e in spans:
            toks = [(s + t.start(), s + t.end(), t.group()) for t in TOKEN.finditer(text[s:e])]
            toks = [(a, b - 2, w[:-2]) if _POSSESSIVE.search(w) and len(w) > 3 else (a, b, w)
                    for a, b, w in toks]
            hit = None
            comma = self.comma_area(text, s, e)
            if comma:
                out.append(FoundSpan(s, e, comma, "toponym", key=name_key(text[s:e])))
                continue
            for length in range(len(toks), 0, -1):
                if length == len(toks) - 1:
                    # Before the parts of the span: the whole of it as an adjective
                    # ("Central American" is Central America's, not America's).
                    hit = self._adjective_place(name_key(text[toks[0][0]:toks[-1][1]]))
                    if hit:
                        break
                for i in range(len(toks) - length + 1):
                    j = i + length
                    key = name_key(text[toks[i][0]:toks[j - 1][1]])
                    key = key.removeprefix("the ")
                    if length < len(toks) and (key in _SKIP_WORDS or toks[i][2][:1].islower()
                                               or (key in self.lex.common_words
                                                   and not self._country_code(text, toks[i][0], toks[j - 1][1], key))):
                        continue  # "Third Street" is not a town called Street; "US Treasury" is the US
                    # A part of the span must match exactly: "Samin" of "Tal Samin" is no
                    # variant spelling of some distant Zomin.
                    ids = ()
                    if length == len(toks) and text[max(0, s - 4):s].lower() == "the ":
                        # "the Gulf", "the Balkans": the article is part of some names and
                        # tells them from a bare word that names a hamlet or a district.
                        ids, kind, loose, user = self.lookup("the " + key, length + 1, allow_loose=False)
                    if not ids:
                        ids, kind, loose, user = self.lookup(key, length, allow_loose=length == len(toks))
                    if ids and length < len(toks) and i > 0 and name_key(toks[i - 1][2]) in self.cues \
                            and self.index.feature_code[ids[0]] not in ("PCLI", "ADM1", "CONT", "RGN", "OCN"):
                        continue  # "Wilson" of "Ronald Wilson Reagan School" is a surname
                    if ids:
                        hit = (ids, kind, loose, user, key,
                               length < len(toks) or _uncovered(text, s, e, toks[i][0], toks[j - 1][1]),
                               toks[j - 1][1])
                        break
                if hit:
                    break
            if hit is None and len(toks) == 1:
                hit = self._adjective_place(name_key(text[toks[0][0]:toks[-1][1]]))
            if hit is None:
                out.append(FoundSpan(s, e, ()))
                continue
            ids, kind, loose, user, key, partial, *part_end = hit  # an adjective has no part end
            admin_named = partial and bool(part_end) and self._admin_tail(text, part_end[0], e, ids)
            if admin_named:
                partial = False  # "Kano State" names the state Kano, no part of it
            fs = FoundSpan(s, e, ids, kind or "toponym", loose=loose or partial, user=user,
                           dateline=_line_start(text, s) and bool(DATELINE_TAIL.match(text, e)),
                           key=key, partial=partial)
            if partial and len(toks) > 1:
                fs.cue = self._part_cue(toks, key, kind)  # "Russian Embassy", "Mississippi River"
            if fs.cue:
                pass
            elif partial and part_end and e > part_end[0] and (m := STREET_AFTER.match(text, part_end[0])) \
                    and m.end() <= e:
                fs.cue = "street-span"  # "Atlantic Avenue", "12 Victoria St.": the span is a street
            elif street_cue(text, s, e):
                fs.cue = "street"  # "Bourbon and Dauphine streets": its name is a street's
            m = ADMIN_AFTER.match(text, e) if _ADMIN_WORDS.search(text, e, e + 40) else None
            if m or admin_named:
                fs.kind, fs.admin_start, fs.admin_end = "admin", s, e
            out.append(fs)
        return out
