"""Actor lexicon: who fights, holds or flees, under their many names.

Canonical names and aliases live in ``timeline/data/actors.csv`` (columns
``canonical,aliases,kind``; aliases separated by ``|``).  Users extend it with
a CSV of the same shape, passed to `load_actors` or named by the environment
variable ``CONFLICTMAP_ACTORS`` (several paths separated by ``os.pathsep``).
A user row whose canonical name already exists adds aliases to it.

Aliases written only in capitals (``IS``, ``SDF``) match case-sensitively, so
"IS" never fires on the verb "is"; all other aliases ignore case.  The longest
alias wins at a position ("US-led coalition" beats "coalition").

    >>> lex = load_actors()
    >>> [(a.canonical, a.surface) for a in lex.find("Daesh fighters fled as the Syrian army advanced.")]
    [('ISIS', 'Daesh'), ('Syrian government', 'Syrian army')]
    >>> lex.canonical("Islamic State")
    'ISIS'
"""
from __future__ import annotations

import bisect
import csv
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from timeline.sentences import word_start_matches

#: The lexicon shipped with conflictmap.
DEFAULT_ACTORS_CSV = Path(__file__).parent / "data" / "actors.csv"
#: Descriptions whose actor depends on the war ("regime forces"): see the file's header.
DEFAULT_DESCRIPTIONS_CSV = Path(__file__).parent / "data" / "actor_descriptions.csv"
#: Descriptions of a country's own state forces, read as the state of the country an article
#: is about (`ActorLexicon._describe_states`).
STATE_DESCRIPTIONS = ("government forces", "government troops", "government soldiers", "pro-government forces",
                      "the army", "army", "army troops", "army soldiers", "army units", "units of the army", "the military",
                      "military forces", "army-aligned forces", "army-allied forces", "army-backed forces",
                      "government-aligned forces", "government-allied forces", "pro-army forces")
#: The nouns of a description that name the same fighters: "pro-government forces" are its
#: troops, soldiers and fighters too (`ActorLexicon.add_description`).
_FIGHTER_NOUNS = ("forces", "troops", "soldiers", "fighters")
# ("regime" and "junta" are left to the descriptions file: each side's media use them for the
# other's government, "the Kyiv regime")
DEFAULT_DEMONYMS_CSV = Path(__file__).parent / "data" / "actor_demonyms.csv"
DEFAULT_CAPITALS_CSV = Path(__file__).parent / "data" / "actor_capitals.csv"
#: The verbs (and the words before one) after which a capital is its state speaking or acting.
CAPITAL_VERBS = ("said", "says", "say", "claimed", "claims", "announced", "announces", "acknowledged", "acknowledges",
                 "admitted", "admits", "denied", "denies", "confirmed", "confirms", "insisted", "insists", "reported",
                 "accused", "accuses", "had", "has", "have", "held", "holds", "pulled", "pulls", "withdrew", "withdraws",
                 "captured", "took", "seized", "retook", "regained", "recaptured", "lost", "sent", "also", "now",
                 "later", "then", "still", "again")
#: Forces named by who backs them ("Turkish-backed rebels"): see the file's header.
DEFAULT_PATRONS_CSV = Path(__file__).parent / "data" / "actor_patrons.csv"
#: What a patron backs ("Turkish-backed <noun>"), and how reporting says it does.
BACKED_NOUNS = ("forces", "fighters", "rebels", "rebel forces", "rebel fighters", "rebel groups", "armed groups", "militias",
                "militia", "militiamen", "factions", "groups", "troops", "opposition", "opposition forces",
                "opposition fighters", "separatists", "proxies", "allies", "Syrian rebels", "Syrian forces",
                "Syrian fighters", "Syrian opposition", "Syrian militias", "Syrian factions", "Syrian groups",
                "Syrian armed groups", "militants", "insurgents", "gunmen")
BACKING_WORDS = ("backed", "supported", "sponsored")

#: The nouns a state's demonym turns into that state's side: "a Ukrainian counter-offensive
#: recaptured the city", "Russian paratroopers seized the airport".  Nouns naming people who
#: may fight on any side ("fighters", "volunteers") are left out: "Syrian fighters" are not
#: the Syrian government.
FORCE_NOUNS = ("forces", "troops", "army", "military", "soldiers", "units", "servicemen", "marines",
               "paratroopers", "special forces", "armed forces", "ground forces", "artillery", "tanks",
               "brigade", "brigades", "battalion", "battalions", "offensive", "counter-offensive",
               "counteroffensive", "counterattack", "counter-attack", "assault", "advance", "push",
               "operation", "offensive operation", "special operations forces", "security forces", "national guard",
               "border guards", "navy", "air force", "air forces", "convoy", "convoys", "column", "columns",
               "control", "occupation",   # "came under Russian control/occupation": the holder
               "defence ministry", "defense ministry", "general staff",   # a state's organ speaks for its side
               "ministry of defence", "ministry of defense")
#: Environment variable naming extra actor CSVs.
ACTORS_ENV = "CONFLICTMAP_ACTORS"
#: The kind of a lexicon entry that names an actor by description, resolved by country focus.
DESCRIPTION = "description"

#: A name that only qualifies the next word ("IS-held", "US-backed"), unless it leads what
#: follows ("TNLA-led forces" are the TNLA's).
_MODIFIER = re.compile(r"-(?!led\b|dominated\b)[a-z]")
#: Definite descriptions that refer back to the last armed group named
#: ("the group has transferred ..."): generic words, not names.
_GROUP_ANAPHORS = re.compile(
    r"\b(?:the|this|that)\s+(?:ethnic\s+)?(?:(?:militant|jihadist|extremist|terrorist|radical|armed|rebel|insurgent|islamist|"
    r"separatist|paramilitary)\s+)?"
    r"(?:group|organi[sz]ation|militants|jihadists|extremists|terrorists|insurgents|fighters|rebels|militias|alliance|coalition)\b",
    re.IGNORECASE)
#: A group anaphor qualified by what kind of side it is: "the rebel group", "the separatist
#: militias".  It refers back to a side named in an earlier sentence, not to one of its own.
_SIDE_QUALIFIED = re.compile(r"th(?:e|is|at)\s+(?:rebel|insurgent|islamist|separatist|paramilitary)\s")
_SENTENCE_END = re.compile(r"[.!?]\s")
#: Words that refer back to the last side named, whatever its kind ("they took the town",
#: "the troops entered", "their troops withdrew"); civilians named last leave them unresolved.
#: (Over lowercased text, led by a literal: see `_GROUP_ANAPHORS_LOW`.)
_SIDE_ANAPHORS_LOW = re.compile(r"the(?:y|\s+(?:troops|forces|soldiers|attackers|defenders)|"
                                r"ir\s+(?:troops|forces|soldiers|fighters|units)|"
                                # "the same factions took Manbij": the side named before, whatever
                                # the word alone would describe
                                r"\s+same\s+(?:factions|forces|troops|fighters|groups|militias|rebels|units|militants))\b")
#: "them" as the doer of the verb after it: "an offensive that saw them capture Dayr Hafir".
_THEM_DOING_LOW = re.compile(r"\b(?:saw|see|sees|seeing|let|lets|helped|help|helps|allowed|allows|enabled|enables)\s+(them)\s+[a-z]")
#: "its forces" after a state or a group named as one body ("the Russian Defence Ministry
#: claimed that its forces had taken X").
#: Heads of a side's anaphor that name an army's men, not a group's fighters.
_STATE_MENS_HEADS = frozenset({"soldiers"})
_ITS_ANAPHORS_LOW = re.compile(r"its\s+(?:troops|forces|soldiers|fighters|units)\b")
#: How far back (characters, inside the paragraph) a reference back may reach its actor.
ANAPHOR_REACH = 400
#: How far back "the rebels" may reach past its paragraph, when the text has named one armed
#: group only.
ARTICLE_REACH = 3000

#: The same over lowercased text, without the leading \b: a pattern that opens with a literal
#: is searched for by its prefix, ten times faster than trying `\b` at every position; the
#: word boundary before it is checked by hand (see `timeline.sentences.word_start_matches`).
_GROUP_ANAPHORS_LOW = re.compile(r"th(?:e|is|at)" + _GROUP_ANAPHORS.pattern[len(r"\b(?:the|this|that)"):])

#: A bare plural that refers back to the last armed group named, in narrative ("Later that
#: day, militants retreated from Baiji"), when nothing qualifies it: after the start of a
#: clause, a preposition or a conjunction ("Kurdish militants" are someone else).
_GENERIC_ARMED = "militants|jihadists|insurgents|extremists|terrorists"
_BARE_GROUP_ANAPHORS_LOW = re.compile(rf"\b(?:{_GENERIC_ARMED})\b")     # (over an actor's own words)
#: "It" opening a sentence, before a verb of its own: "It captured Paletwa in January".
_IT_OPENS = re.compile(r"It\s+(?=(?:\w+ly\s+|also\s+|then\s+|later\s+|now\s+)?"
                       r"(?:\w+ed|took|seized|retook|overran|has|had|holds|controls)\b)")
#: A group's name the text follows with a generic word: "ISIL insurgents", "IS militants".
_CALLED_GENERIC = re.compile(rf"\s+(?:{_GENERIC_ARMED})\b")
_BARE_BEFORE = re.compile(r"(?:^|[.,;:(]|\b(?:and|but|then|when|while|after|before|until|from|by|with|against|as))\s*$")
#: A demonym and "and" right before another side's forces: "Russian and LPR forces".
_DEMONYM_AND = re.compile(r"\b([A-Z][a-z]+)\s+and\s+(?:the\s+)?(?:pro-[A-Z][a-z]+\s+)?$")
#: A capitalised name of up to three words, then "and", right before a side's forces.
_NAME_AND = re.compile(r"\b((?:[A-Z][\w'-]*\s+){0,2}[A-Z][\w'-]*)\s+and\s+(?:the\s+)?$")
#: Words of a regular arm between a state's demonym and its forces' noun: "Iraqi counter-terrorism
#: troops", "Ethiopian federal troops" (not "opposition" or "paramilitary": those are other sides).
REGULAR_ARMS = ("federal", "ground", "airborne", "special", "elite", "regular", "government", "naval", "mechanised",
                "mechanized", "armoured", "armored", "counter-terrorism", "counterterrorism", "security", "border",
                "frontline", "front-line", "assault", "infantry", "reserve", "air", "defence", "defense", "army")
#: The nouns of forces a regular arm's words may qualify.
_ARM_NOUNS = ("troops", "forces", "soldiers", "units", "brigades", "battalions", "divisions", "marines", "paratroopers")
#: Two demonyms sharing one noun of forces: "Rwandan and Mozambican troops".
_DEMONYMS_SHARING = re.compile(r" and (?:the )?[A-Z][a-z]+ (?:troops|forces|soldiers|units)\b")
_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)$")
#: "pro-Russian " right before a name: "Russian and pro-Russian separatist forces".
_PRO_PREFIX = re.compile(r"\band\s+(?:the\s+)?pro-[A-Z][a-z]+\s+$")
#: A name that qualifies the group after it, written apart: "the Al-Qaeda linked Al-Nusra Front".
#: After a side's name, who backs it: " fighters, backed by Turkish", " backed by the Turkish" (`patron`).
_BACKED_BY_AFTER = re.compile(r"(?:\s+(?:fighters|forces|rebels|factions|troops))?\s*,?\s+(?:backed|supported)\s+by\s+"
                              r"(?:the\s+)?(?P<patron>[A-Z][\w.]*)")
_QUALIFIES_NEXT = re.compile(r"\s+(?:linked|affiliated|aligned|allied|backed|sponsored|supported|inspired)\s+"
                             r"(?!by\b|with\b|and\b)(?:to\s+)?\S")
# (but "M23 rebels backed by Rwandan troops": the name is the one backed)
_QUALIFIER_WORDS = tuple(f" {w}" for w in "linked affiliated aligned allied backed sponsored supported inspired".split())
#: A capitalised word right before a word (not opening its sentence): "Red" of "the Red Army".
_NAME_RIGHT_BEFORE = re.compile(r"(?:^|[^.!?\n]\s+)[A-Z][\w.'’-]*\s+$")
#: A capitalised "Army" named by what follows: "the Army of Conquest" (Jaish al-Fatah).
_OF_A_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
#: The head nouns of `_GROUP_ANAPHORS`: a substring test skips its regex on texts without one.
_ANAPHOR_HEADS = ("group", "organis", "organiz", "militants", "jihadists", "extremists", "terrorists", "insurgents",
                  "fighters", "rebels", "militias", "alliance", "coalition")


class ActorMention(NamedTuple):
    """One actor named in a text (a named tuple: an article names dozens, and a tuple is
    built three times faster than a frozen dataclass).

    canonical:  the lexicon's name for it ("ISIS").
    surface:    the words as written ("Daesh", "the group").
    start, end: character offsets in the text (end exclusive).
    kind:       the lexicon kind (armed_group, state, coalition, civilians, ...).
    modifier:   True when the name only qualifies another word ("IS-held",
                "US-backed"): such a mention is not a party to the action.
    anaphor:    True when resolved from "the group" to the last named armed group.
    """

    canonical: str
    surface: str
    start: int
    end: int
    kind: str = "armed_group"
    modifier: bool = False
    anaphor: bool = False


def _normalise(text: str) -> str:
    """Same-length text with typographic apostrophes and hyphens made plain, so offsets hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2011", "-")


class ActorLexicon:
    """Canonical actor names, their aliases and kinds, and a finder over texts."""

    def __init__(self) -> None:
        self._alias_to_canonical: dict[str, str] = {}   # normalised alias (case as matched) -> canonical
        self._kinds: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}
        self._pattern: tuple | None = None    # (folded, exact) automata, built on first use
        self._descriptions: dict[str, dict[str, str]] = {}   # description key -> country -> canonical
        self._countries: dict[str, tuple[str, ...]] = {}     # canonical -> where it fights
        self._demonyms: dict[str, str] = {}                  # "Russian" -> "Russia"
        self._patrons: dict[tuple[str, str], str] = {}       # ("turkish", "SY") -> the side it backs there
        self._capitals: dict[str, str] = {}                  # "Kyiv" -> "Ukraine" (`add_capital`)
        self._capital_re: re.Pattern | None = None
        self._description_variants: set[str] = set()         # those in self._aliases[DESCRIPTION]

    # -- building -------------------------------------------------------------
    def add(self, canonical: str, aliases: list[str] | tuple[str, ...] = (), kind: str = "armed_group",
            countries: list[str] | tuple[str, ...] = ()) -> None:
        """Add an actor, or more aliases to an existing one (its kind is kept); `countries`,
        where it fights (ISO codes), added to those it has."""
        canonical = canonical.strip()
        if not canonical:
            raise ValueError("an actor needs a canonical name")
        self._kinds.setdefault(canonical, (kind or "armed_group").strip())
        codes = [c.strip().upper() for c in countries if c.strip()]
        if codes:
            self._countries[canonical] = tuple(dict.fromkeys((*self._countries.get(canonical, ()), *codes)))
        names = self._aliases.setdefault(canonical, [])
        for alias in (canonical, *aliases):
            alias = _normalise(alias.strip())
            if alias and alias not in names:
                names.append(alias)
                self._alias_to_canonical[self._key(alias)] = canonical
        self._pattern = None

    def add_demonym(self, demonym: str, canonical: str) -> None:
        """A state's demonym before one of `FORCE_NOUNS` names its side; an alias the lexicon
        already has keeps its actor ("Turkish-backed forces" stays the Turkish-backed rebels).

            >>> lex = ActorLexicon(); lex.add("Ukraine", [], "state")
            >>> lex.add_demonym("Ukrainian", "Ukraine")
            >>> [a.canonical for a in lex.find("A Ukrainian counter-offensive recaptured the city.")]
            ['Ukraine']
            >>> [a.surface for a in lex.find("Ukrainian airborne troops retook it.")]   # a regular arm's words
            ['Ukrainian airborne troops']
        """
        canonical = canonical.strip()
        self._demonyms[demonym.strip()] = canonical
        forms = [f"{demonym.strip()} {noun}" for noun in FORCE_NOUNS] + \
            [f"{demonym.strip()} {arm} {noun}" for arm in REGULAR_ARMS for noun in _ARM_NOUNS]
        fresh = [f for f in forms if self._key(_normalise(f)) not in self._alias_to_canonical]
        self.add(canonical, fresh, self._kinds.get(canonical, "state"))

    def add_capital(self, capital: str, canonical: str) -> None:
        """A seat of government that names its state as a clause's subject ("Kyiv says").

            >>> lex = ActorLexicon(); lex.add("Ukraine", [], "state")
            >>> lex.add_capital("Kyiv", "Ukraine")
            >>> [(a.canonical, a.surface) for a in lex.find("Kyiv says its troops left Soledar.")]
            [('Ukraine', 'Kyiv'), ('Ukraine', 'its troops')]
            >>> lex.find("Thousands fled to Kyiv.")
            []
        """
        self._capitals[capital.strip()] = canonical.strip()
        self._capital_re = None

    def _capital_sides(self, text: str, found: list[ActorMention]) -> list[ActorMention]:
        """`found` with the capitals named as their states' subjects (`add_capital`)."""
        if self._capital_re is None:
            names = "|".join(sorted(map(re.escape, self._capitals), key=len, reverse=True))
            self._capital_re = re.compile(rf"\b(?P<name>{names})\s+(?:{'|'.join(CAPITAL_VERBS)})\b")
        extra = []
        for m in self._capital_re.finditer(text):
            a, b = m.span("name")
            if _PREPOSITION_RIGHT_BEFORE.search(text, max(0, a - 12), a) or any(x.start < b and a < x.end for x in found):
                continue        # "fled to Kyiv said ...": the city
            canonical = self._capitals[m.group("name")]
            extra.append(ActorMention(canonical, text[a:b], a, b, self._kinds.get(canonical, "state")))
        return sorted(found + extra, key=lambda x: x.start) if extra else found

    def add_description(self, description: str, countries: list[str] | tuple[str, ...], canonical: str) -> None:
        """An actor named by a description that means `canonical` in articles about `countries`
        ("regime forces" in Syria).  A description that is already an alias stays the alias.

            >>> lex = ActorLexicon(); lex.add("Tatmadaw", [], "state")
            >>> lex.add_description("regime forces", ["MM"], "Tatmadaw")
            >>> [a.canonical for a in lex.find("Regime forces retook it.", countries=("MM",))]
            ['Tatmadaw']
            >>> lex.find("Regime forces retook it.", countries=("SY",))
            []
            >>> [a.canonical for a in lex.find("Regime fighters retook it.", countries=("MM",))]
            ['Tatmadaw']
        """
        alias = _normalise(description.strip())
        head, _, noun = alias.rpartition(" ")
        for variant in [alias] + [f"{head} {n}" for n in _FIGHTER_NOUNS if head and noun in _FIGHTER_NOUNS and n != noun]:
            # "pro-government forces" are its fighters, troops and soldiers too (a row of its own wins)
            key = self._key(variant)
            if self._alias_to_canonical.get(key, DESCRIPTION) != DESCRIPTION:
                continue
            table = self._descriptions.setdefault(key.lower(), {})
            for c in countries:
                if variant == alias or c.strip().upper() not in table:
                    table[c.strip().upper()] = canonical.strip()
            self._alias_to_canonical[key] = DESCRIPTION
            if variant not in self._description_variants:   # a set: a list's `in` was quadratic
                self._description_variants.add(variant)
                self._aliases.setdefault(DESCRIPTION, []).append(variant)
        self._pattern = None

    def add_patron(self, patrons: list[str], countries: list[str] | tuple[str, ...], canonical: str) -> None:
        """Forces named by who backs them mean `canonical` in articles about `countries`.

            >>> lex = ActorLexicon(); lex.add("SNA", [], "armed_group")
            >>> lex.add_patron(["Turkish", "Turkey"], ["SY"], "SNA")
            >>> [a.canonical for a in lex.find("Turkey-backed factions took Afrin.", countries=("SY",))]
            ['SNA']
            >>> [a.canonical for a in lex.find("Pro-Turkish militants took Afrin.", countries=("SY",))]
            ['SNA']
        """
        for patron in (p.strip() for p in patrons if p.strip()):
            for country in countries:
                self._patrons[(patron.lower(), country)] = canonical
            for word in BACKING_WORDS:
                for noun in BACKED_NOUNS:
                    self.add_description(f"{patron}-{word} {noun}", countries, canonical)
            for noun in BACKED_NOUNS:     # "rebels backed by Turkey": the patron named after
                self.add_description(f"{noun} backed by {patron}", countries, canonical)
                self.add_description(f"pro-{patron} {noun}", countries, canonical)   # "pro-Russian militants"

    def _backed_by_a_patron(self, norm: str, found: list[ActorMention], countries: tuple[str, ...]) -> list[ActorMention]:
        """Rebels described by who backs them, the patron named after them ("Free Syrian Army
        fighters, backed by Turkish tanks and warplanes", "opposition fighters backed by the Turkish
        Armed Forces"): the side that patron backs in the war (`add_patron`), as "Turkish-backed
        rebels" is.  Only the war's rebels unqualified are read so: a state's forces stay the
        state's ("Syrian troops backed by Russian jets"), a named group its own.

            >>> lex = ActorLexicon(); lex.add("FSA", ["Free Syrian Army"], "armed_group"); lex.add("SNA", [], "armed_group")
            >>> lex.add_description("rebels", ["SY"], "FSA"); lex.add_patron(["Turkish"], ["SY"], "SNA")
            >>> t = "Free Syrian Army fighters, backed by Turkish tanks, took Jarablus."
            >>> [a.canonical for a in lex.find(t, countries=("SY",))]
            ['SNA']
        """
        out = []
        rebels = self.resolve_description("rebels", countries)   # the war's rebels, unqualified
        for a in found:
            m = _BACKED_BY_AFTER.match(norm, a.end)
            # (only those: "Kurdish fighters backed by U.S.-led air strikes" stay the Kurds)
            backs = None if m is None or a.canonical != rebels or a.modifier else next(
                (self._patrons.get((m.group("patron").lower(), c)) for c in countries
                 if (m.group("patron").lower(), c) in self._patrons), None)
            out.append(a if backs is None or backs == a.canonical or self._kinds.get(backs) == "state"
                       else a._replace(canonical=backs))
        return out

    def demonym_actor(self, word: str) -> str | None:
        """The side a state's demonym names ("Russian" -> "Russia"), or None.

            >>> lex = ActorLexicon(); lex.add("Russia", [], "state"); lex.add_demonym("Russian", "Russia")
            >>> lex.demonym_actor("Russian"), lex.demonym_actor("Martian")
            ('Russia', None)
        """
        return self._demonyms.get(word)

    def _sharing_the_noun(self, text: str, found: list[ActorMention]) -> list[ActorMention]:
        """A state's demonym coordinated before another side's forces shares their noun:
        "Russian and LPR forces" are Russia's and the LPR's.

            >>> lex = ActorLexicon(); lex.add("Russia", [], "state"); lex.add("LPR", ["LPR forces"])
            >>> lex.add_demonym("Russian", "Russia")
            >>> [a.canonical for a in lex.find("Russian and LPR forces took Rubizhne.")]
            ['Russia', 'LPR']
            >>> lex.add("LPR", ["Luhansk People's Republic"])
            >>> [a.canonical for a in lex.find("Russian and Luhansk People's Republic (LPR) forces took it.")]
            ['Russia', 'LPR', 'LPR']
        """
        extra = []
        for a in found:
            if a.modifier or not (_force_noun_end(a.surface) or _BRACKET_THEN_FORCE.match(text, a.end)) or \
                    not (text.endswith(("and ", "and the "), 0, a.start) or text.endswith(" ", 0, a.start)
                         and _PRO_PREFIX.search(text, max(0, a.start - 20), a.start)):
                continue
            m = _DEMONYM_AND.search(text, max(0, a.start - 45), a.start)
            if m is not None and m.group(1) in self._demonyms and \
                    not any(b.start < m.end() and m.start() < b.end for b in found):
                extra.append(ActorMention(self._demonyms[m.group(1)], m.group(1), m.start(1), m.end(1),
                                          self._kinds.get(self._demonyms[m.group(1)], "state")))
        # "AU and Somali troops", "African Union and Somali forces": a name before "and" that is a
        # side's with the same noun ("AU troops") shares it
        for a in found:
            noun = a.surface.rsplit(" ", 1)[-1]
            if a.modifier or not _force_noun_end(a.surface) or \
                    (m := _NAME_AND.search(text, max(0, a.start - 40), a.start)) is None:
                continue
            canonical = self._alias_to_canonical.get(self._key(_normalise(f"{m.group(1)} {noun}")))
            if canonical not in (None, DESCRIPTION, a.canonical) and \
                    not any(b.start < m.end(1) and m.start(1) < b.end for b in found + extra):
                extra.append(ActorMention(canonical, m.group(1), m.start(1), m.end(1), self._kinds.get(canonical, "armed_group")))
        # "Rwandan and Mozambican troops": the first demonym shares the noun, whether the second
        # names a side of the lexicon or not
        for m in _DEMONYMS_SHARING.finditer(text):
            w = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
            canonical = self._demonyms.get(w.group(1)) if w else None
            if canonical is not None and not any(b.start < w.end(1) and w.start(1) < b.end for b in found + extra):
                extra.append(ActorMention(canonical, w.group(1), w.start(1), w.end(1), self._kinds.get(canonical, "state")))
        return sorted(found + extra, key=lambda a: a.start) if extra else found

    def describes(self, surface: str) -> bool:
        """Whether a surface is a description, whose actor depends on the war ("government forces")."""
        return _normalise(surface).lower() in self._descriptions

    def resolve_description(self, surface: str, countries: tuple[str, ...]) -> str | None:
        """The actor a description names in an article about `countries`: of the first country
        with a meaning for it; for a state's own forces ("government forces", "the army"), of the
        first country alone (an article about the Philippines that names Madaya, Myanmar, in
        passing does not make its "government forces" Myanmar's junta).

            >>> lex = ActorLexicon(); lex.add("Tatmadaw", [], "state")
            >>> lex.add_description("government forces", ["MM"], "Tatmadaw")
            >>> lex.resolve_description("government forces", ("MM", "PH")), lex.resolve_description("government forces", ("PH", "MM"))
            ('Tatmadaw', None)
        """
        table = self._descriptions.get(_normalise(surface).lower(), {})
        if not countries or not table:
            return None
        if all(self._kinds.get(a) == "state" for a in table.values()):
            return table.get(countries[0])        # a state's own forces: of the one country the text is about
        return next((table[c] for c in countries if c in table), None)

    def add_csv(self, path: str | Path) -> None:
        """Read rows canonical,aliases,kind from `path`, or the rows of a file of descriptions,
        patrons, capitals or demonyms (`add_description`, `add_patron`, `add_capital`,
        `add_demonym`), told by its header; '#' lines are comments.

        Raises ValueError naming the file and the reason when it cannot be used.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise ValueError(f"{path}: cannot read actor file: {e.strerror or e}") from e
        except UnicodeDecodeError as e:
            raise ValueError(f"{path}: actor file is not UTF-8 ({e.reason})") from e
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        header = next(csv.reader(lines[:1]), []) if lines else []
        rows = list(csv.DictReader(lines))
        columns = [h.strip() for h in header]
        countries = lambda row: (row.get("countries") or "").split("|")   # noqa: E731
        # files of one kind of row each, told by their first column: what each row adds
        keyed = {"description": lambda row: self.add_description(row["description"], countries(row), row["canonical"]),
                 "patron": lambda row: self.add_patron(row["patron"].split("|"), countries(row), row["canonical"]),
                 "capital": lambda row: self.add_capital(row["capital"], row["canonical"]),
                 "demonym": lambda row: self.add_demonym(row["demonym"], row["canonical"])}
        for key, add in keyed.items():
            if key in columns:
                for n, row in enumerate(rows, 2):
                    if not (row.get(key) or "").strip() or not (row.get("canonical") or "").strip():
                        raise ValueError(f"{path}: row {n} needs a {key} and a canonical name")
                    add(row)
                return
        if "canonical" not in columns:
            raise ValueError(f"{path}: actor file needs a header 'canonical,aliases,kind'")
        for n, row in enumerate(rows, 2):
            name = (row.get("canonical") or "").strip()
            if not name:
                raise ValueError(f"{path}: row {n} has no canonical name")
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            self.add(name, aliases, (row.get("kind") or "armed_group"), countries(row))
        self._describe_states()

    def _describe_states(self) -> None:
        """"Government troops", "the army" (`STATE_DESCRIPTIONS`) name the state of the country an
        article is about: each actor of kind state that fights in exactly one country.  Rows of
        the descriptions file read later override these.

            >>> lex = ActorLexicon(); lex.add("Yemeni government", [], "state", ["YE"])
            >>> lex._describe_states()
            >>> [a.canonical for a in lex.find("Government troops regain Hays.", countries=("YE",))]
            ['Yemeni government']
        """
        for canonical, kind in list(self._kinds.items()):
            where = self._countries.get(canonical, ())
            if kind == "state" and len(where) == 1:
                for description in STATE_DESCRIPTIONS:
                    self.add_description(description, where, canonical)

    @staticmethod
    @lru_cache(maxsize=65536)   # the lexicon's aliases, some 20,000 with descriptions' variants
    def _case_sensitive(alias: str) -> bool:
        letters = [c for c in alias if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    def _key(self, alias: str) -> str:
        return alias if self._case_sensitive(alias) else alias.lower()

    def _automaton(self):
        """Two Aho-Corasick automata, one pass each over a text: aliases that ignore case over the
        lowercased text, capitals-only aliases ("IS", "SNA") over the text as written, so that
        "is" inside "this" never reaches the boundary checks.  Each alias carries its length,
        canonical name and kind, so that a hit needs no further look-up."""
        if self._pattern is None:
            folded, exact = ahocorasick.Automaton(), ahocorasick.Automaton()
            for names in self._aliases.values():
                for alias in names:
                    canonical = self._alias_to_canonical.get(self._key(alias)) or \
                        self._alias_to_canonical.get(alias.lower())
                    value = (len(alias), canonical, self._kind_of(canonical))
                    if self._case_sensitive(alias):
                        exact.add_word(alias, value)
                    else:
                        folded.add_word(alias.lower(), value)
            for auto in (folded, exact):
                if len(auto):
                    auto.make_automaton()
            self._pattern = (folded, exact)
        return self._pattern

    def _kind_of(self, canonical: str | None) -> str | None:
        if canonical is None:
            return None
        return DESCRIPTION if canonical == DESCRIPTION else self._kinds.get(canonical, "armed_group")

    def scan_token(self) -> object:
        """An object that changes whenever the aliases do (see `scan_entries`)."""
        return self._automaton()

    def scan_entries(self) -> list[tuple[str, tuple, str | None]]:
        """What a joint automaton (`timeline.cues.CueLexicon.joint_scan`) needs to find this
        lexicon's aliases, in the order `find` adds them: per alias its lowercased key, its
        value (as `find` takes it in `raw`) and, for an alias whose case counts, the alias as
        written (None for the others)."""
        entries = []
        for names in self._aliases.values():
            for alias in names:
                canonical = self._alias_to_canonical.get(self._key(alias)) or \
                    self._alias_to_canonical.get(alias.lower())
                value = (len(alias), canonical, self._kind_of(canonical))
                exact = self._case_sensitive(alias)
                entries.append((alias.lower(), value, alias if exact else None))
        return entries

    # -- queries --------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Canonical names, in the order they were added."""
        return [n for n in self._aliases if n != DESCRIPTION]

    def aliases(self, canonical: str) -> list[str]:
        return list(self._aliases.get(canonical, ()))

    def kind(self, canonical: str) -> str | None:
        return self._kinds.get(canonical)

    def countries(self, canonical: str) -> tuple[str, ...]:
        """Where an actor fights (ISO codes), or () when it fights in many places."""
        return self._countries.get(canonical, ())

    def state_of(self, country: str | None) -> str | None:
        """The one state actor of a country (ISO code), whose forces "Ethiopia says troops have
        recaptured Dessie" means; None when the lexicon has none, or several.

            >>> lex = ActorLexicon(); lex.add("ENDF", ["Ethiopian army"], "state", ["ET"])
            >>> lex.state_of("ET"), lex.state_of("SD")
            ('ENDF', None)
        """
        states = [c for c, k in self._kinds.items() if k == "state" and self._countries.get(c) == (country,)]
        return states[0] if len(states) == 1 else None

    def countries_named(self, text: str) -> tuple[str, ...]:
        """The countries of the actors `text` names (by name, not by description), most named first:
        a hint of what a short text is about.

            >>> load_actors().countries_named("IS re-take control on Palmyra city")
            ('SY', 'IQ')
        """
        counts: dict[str, int] = {}
        for a in self.find(text, resolve_anaphora=False):
            for c in self._countries.get(a.canonical, ()):
                counts[c] = counts.get(c, 0) + 1
        return tuple(sorted(counts, key=lambda c: -counts[c]))

    def canonical(self, name: str) -> str | None:
        """The canonical name for an alias or a canonical name; None if unknown (or a
        description, whose actor depends on the war: `resolve_description`)."""
        name = _normalise(name.strip())
        found = self._alias_to_canonical.get(self._key(name)) or self._alias_to_canonical.get(name.lower())
        return None if found == DESCRIPTION else found

    def __contains__(self, name: str) -> bool:
        return self.canonical(name) is not None

    def __len__(self) -> int:
        return len(self.names)

    def find(self, text: str, *, resolve_anaphora: bool = True, low: str | None = None,
             raw: tuple[list, list] | None = None, countries: tuple[str, ...] = ()) -> list[ActorMention]:
        """Actors named in `text`, in order; with `resolve_anaphora`, "the group" and the like
        become the last armed group named before them, and "they", "the troops" the last side
        named (marked anaphor=True).  `countries`: what the text is about (`focus_countries`),
        which says whom a description ("regime forces") names; without it, none.  `low` is
        `text.lower()` when the caller has it already; `raw`, the hits of a joint automaton
        over it (`timeline.cues.JointHits.actors`), so that the text is not scanned again."""
        norm = _normalise(text)
        # `low` given is text.lower(): the apostrophes and hyphens `_normalise` makes plain have no case
        low = norm.lower() if low is None else _normalise(low)
        n = len(low)
        hits: list[tuple] = []
        if raw is None:
            found_raw = [auto.iter(haystack) for auto, haystack in zip(self._automaton(), (low, norm)) if len(auto)]
        else:
            # the joint pass ran over a text whose line breaks are spaces, and found the aliases
            # whose case counts in lowercase: keep what the separate passes would have found
            folded, exact = raw
            found_raw = [[(end, value) for end, (value, key) in folded
                          if key is None or low[end - len(key) + 1:end + 1] == key],
                         [(end, value) for end, (alias, value) in exact if norm[end - len(alias) + 1:end + 1] == alias]]
        for found_hits in found_raw:
            for end, value in found_hits:
                start = end - value[0] + 1
                if start > 0 and (low[start - 1].isalnum() or low[start - 1] in "_.'-"):
                    continue
                if end + 1 < n and (low[end + 1].isalnum() or low[end + 1] == "_"):
                    continue
                # leftmost, then longest, then in the order found (folded aliases first)
                hits.append((start, -value[0], len(hits), end + 1, value))
        hits.sort()
        found: list[ActorMention] = []
        described: list[int] = []
        last_end = -1
        for start, _, _, end, (_, canonical, kind) in hits:
            if start < last_end:
                continue
            if canonical is None:
                continue
            if kind == DESCRIPTION:
                if norm[end - 4:end] == "Army" and _OF_A_NAME.match(norm, end):
                    continue            # "the Army of Conquest", "the Army of Islam": a name, not the army
                if end - start == 4 and _NAME_RIGHT_BEFORE.search(norm, max(0, start - 30), start):
                    continue            # a bare "army" after a name is that name's: "the U.S. Army", "the Red Army"
                canonical = self.resolve_description(text[start:end], countries)
                if canonical is None:
                    continue            # the war does not say whom it names: the names inside it may
                kind = self._kinds.get(canonical, "armed_group")
                described.append(len(found))
            # "IS-held", "US-backed": the name qualifies the next word.
            modifier = end < n and (norm[end] == "-" and _MODIFIER.match(norm, end) is not None
                                    or norm.startswith(_QUALIFIER_WORDS, end) and _QUALIFIES_NEXT.match(norm, end) is not None)
            found.append(ActorMention(canonical, text[start:end], start, end, kind, modifier))
            last_end = end
        if " led by " in text:
            found = _led_by_another(text, found, self.describes)
        if described:
            found = _one_sense(found, described)
        if " led by " in text or "-led " in text:
            found = _led_throughout(text, found, self.describes)
        if " and " in text:
            found = self._sharing_the_noun(text, found)
        if "'s " in norm or "’s " in norm:
            found = _possessor_of_another(norm, found)
        if described and " of " in text:
            found = _part_of_another(text, found, self.describes)
        if "-led " in text or "-dominated " in text:
            found = _leading_another(text, found, self.describes)
        if " backed by " in text or " supported by " in text:
            found = self._backed_by_a_patron(norm, found, countries)
        if self._capitals and any(c in text for c in self._capitals):
            found = self._capital_sides(text, found)
        if "(" in text:
            found = _out_of_legal_asides(text, found)
        if found and found[0].start <= _DATELINE_REACH:
            found = _out_of_datelines(text, found)
        if not resolve_anaphora:
            return found
        return _with_references_back(found, text, low)


def _out_of_legal_asides(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """Without the states a legal aside names: Russian agencies write "Militants of the Islamic
    State (outlawed in Russia) recaptured Palmyra", where Russia is no party to the change.

        >>> t = "Militants of the Islamic State (outlawed in Russia) recaptured Palmyra."
        >>> found = [ActorMention("ISIS", "Islamic State", 16, 29, "armed_group"), ActorMention("Russia", "Russia", 44, 50, "state")]
        >>> [a.canonical for a in _out_of_legal_asides(t, found)]
        ['ISIS']
    """
    return [a for a in found if not (_LEGAL_ASIDE_BEFORE.search(text, max(0, a.start - 60), a.start)
                                     and _ASIDE_CLOSES.match(text, a.end))]


def _out_of_datelines(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """Without a country a dateline names: "MOSUL, Iraq (Reuters) - Sunni militants overran
    Mosul" says where the report was filed, not that Iraq took the city.

        >>> t = "MOSUL, Iraq (Reuters) - Militants overran the city."
        >>> [a.canonical for a in _out_of_datelines(t, [ActorMention("Iraqi government", "Iraq", 7, 11, "state")])]
        []
    """
    out = []
    for a in found:
        line_start = text.rfind("\n", 0, a.start) + 1
        if a.start - line_start <= _DATELINE_REACH and _DATELINE_TOWN.fullmatch(text, line_start, a.start) \
                and _DATELINE_REST.match(text, a.end):
            continue
        out.append(a)
    return out


#: A dateline: "MOSUL, " before a country, ", June 10 (Reuters) - " or " (AFP) — " after it.
_DATELINE_REACH = 40
_DATELINE_TOWN = re.compile(r"[A-Z][A-Z .'’-]{1,30},\s*")
_DATELINE_REST = re.compile(r"(?:\s*,\s*[\w .'’-]{2,30}){0,2}\s*(?:\([^)]*\)\s*)?[–—-]{1,2}\s")


#: A preposition right before a name: the name is a place there ("fled to Kyiv").
_PREPOSITION_RIGHT_BEFORE = re.compile(r"\b(?:in|to|from|into|near|of|toward|towards|around|outside|at|for|via|and|by)\s+$",
                                       re.IGNORECASE)
#: "(outlawed in ", "(a terrorist organisation banned in the ", "(prohibited in ": a legal aside.
_LEGAL_ASIDE_BEFORE = re.compile(r"\([^()]{0,40}?\b(?:outlawed|banned|prohibited|proscribed|illegal|designated\s+as\s+"
                                 r"(?:a\s+)?terrorists?(?:\s+(?:group|organi[sz]ation))?)\s+in\s+(?:the\s+)?$",
                                 re.IGNORECASE)
_ASIDE_CLOSES = re.compile(r"[^()]{0,30}\)")


def _leading_another(text: str, found: list[ActorMention], describes) -> list[ActorMention]:
    """A side leading another side it names qualifies it: "the YPG-led SDF" is the SDF (but
    "TNLA-led forces" and "HTS-led rebels", a description, are the leader's: `describes` tells).

        >>> t = "The YPG-led SDF captured Tell Rifaat."
        >>> found = [ActorMention("YPG", "YPG", 4, 7, "armed_group"), ActorMention("SDF", "SDF", 12, 15, "armed_group")]
        >>> [(a.canonical, a.modifier) for a in _leading_another(t, found, lambda surface: False)]
        [('YPG', True), ('SDF', False)]
    """
    out = list(found)
    for k, a in enumerate(found[:-1]):
        if (m := _LEADING.match(text, a.end)) and m.end() == found[k + 1].start and not describes(found[k + 1].surface):
            out[k] = a._replace(modifier=True)
    return out


_LEADING = re.compile(r"-(?:led|dominated)\s+(?:the\s+)?")


def _led_by_another(text: str, found: list[ActorMention], describes) -> list[ActorMention]:
    """A description of a side (or a common noun naming one) "led by" a side it names is the
    leader's, as "HTS-led rebels" is
    (`_leading_another`): "Syrian rebels led by the Islamist group Hayat Tahrir al-Sham swept into
    Hama" tells of HTS's gain.

        >>> t = "Rebels led by the al-Nusra Front captured the town."
        >>> found = [ActorMention("FSA", "Rebels", 0, 6, "armed_group"), ActorMention("HTS", "al-Nusra Front", 18, 32, "armed_group")]
        >>> [a.canonical for a in _led_by_another(t, found, lambda surface: surface == "Rebels")]
        ['HTS', 'HTS']
    """
    out = list(found)
    for k, a in enumerate(found[:-1]):
        if a.modifier or a.anaphor or not (describes(a.surface) or a.surface.split()[-1].islower()):
            continue    # (a name stays its own: "the SDF, led by the YPG" is the SDF; "Syrian rebels" are described)
        if (leader := _leader_named_after(text, found, k, describes)) is not None:
            out[k] = a._replace(canonical=leader.canonical, kind=leader.kind)
    # a coalition the lexicon does not know, opening its sentence, "led by" a side it knows: "Jaish
    # al-Fatah, led by Jabhat al-Nusra, seized Jisr al-Shughur" tells of the leader's gain
    for b in found:
        m = _UNKNOWN_LED_BY.search(text, max(0, b.start - 80), b.start)
        if m is not None and not b.modifier and not any(a.start < m.end("name") and m.start("name") < a.end for a in found):
            out.append(ActorMention(b.canonical, m.group("name"), m.start("name"), m.end("name"), b.kind))
    return sorted(out, key=lambda a: a.start)


def _leader_named_after(text: str, found: list[ActorMention], k: int, describes) -> ActorMention | None:
    """The side found[k] is "led by", named right after it (and maybe described on its way: "led
    by the Islamist group Hayat Tahrir al-Sham"), else None."""
    leader = next((b for b in found[k + 1:k + 3] if not describes(b.surface)), None)
    return leader if leader is not None and _LED_BY.fullmatch(text, found[k].end, leader.start) else None


def _led_throughout(text: str, found: list[ActorMention], describes) -> list[ActorMention]:
    """A description the text once says a side leads is that side's all through the text:
    "Syrian rebels said they had taken Damascus. Late on Saturday the rebels, led by Hayat Tahrir
    al-Sham, had announced full control of Homs" (both HTS's), "HTS-led rebels seize Homs. The
    rebels then took Hama".

        >>> t = "Syrian rebels took Damascus. The rebels, led by HTS, took Homs."
        >>> found = [ActorMention("FSA", "Syrian rebels", 0, 13, "armed_group"), ActorMention("FSA", "rebels", 33, 39, "armed_group"),
        ...          ActorMention("HTS", "HTS", 48, 51, "armed_group")]
        >>> [a.canonical for a in _led_throughout(t, found, lambda surface: "rebels" in surface)]
        ['HTS', 'HTS', 'HTS']
    """
    def described(a: ActorMention) -> bool:
        return not a.modifier and not a.anaphor and (describes(a.surface) or a.surface.split()[-1].islower())

    leaders: dict[str, ActorMention] = {}
    rebels_led_by = None        # "HTS-led fighters": the rebels the text describes are that side's
    for k, a in enumerate(found):
        if not a.modifier and (m := _LEADING_REBELS.match(text, a.end)) and not any(b.start == m.start("noun") for b in found):
            rebels_led_by = rebels_led_by or a
        if k + 1 == len(found):
            break
        nxt = found[k + 1]
        if described(a):
            if (leader := _leader_named_after(text, found, k, describes)) is not None:
                if leader.canonical != a.canonical:
                    leaders.setdefault(a.canonical, leader)
                if a.surface.split()[-1].lower() in _REBEL_NOUNS:
                    rebels_led_by = rebels_led_by or leader    # "a coalition of rebel factions led by HTS"
        elif (m := _LEADING.match(text, a.end)) and m.end() == nxt.start and described(nxt) and nxt.canonical != a.canonical:
            leaders.setdefault(nxt.canonical, a)
    # "the Army of Conquest, a coalition led by the al-Nusra Front ... The coalition then turned west"
    for m in _A_COALITION_LED_BY.finditer(text) if "coalition " in text or "alliance " in text else ():
        leader = next((b for b in found if b.start == m.end() and not b.modifier), None)
        for a in found if leader is not None else ():
            if a.start > m.end() and described(a) and a.surface.split()[-1].lower() in ("coalition", "alliance") \
                    and a.canonical != leader.canonical:
                leaders.setdefault(a.canonical, leader)
    # (the side a bare "the rebels" names, not "Turkish-backed Syrian factions", which name another)
    bare = next((a.canonical for a in found if described(a) and a.surface.lower() in _REBEL_NOUNS), None)
    if rebels_led_by is not None and bare is not None and bare != rebels_led_by.canonical:
        leaders.setdefault(bare, rebels_led_by)
    if not leaders:
        return found
    return [a._replace(canonical=leaders[a.canonical].canonical, kind=leaders[a.canonical].kind)
            if described(a) and a.canonical in leaders else a for a in found]


#: A coalition the text introduces with its leader: "a coalition led by the al-Nusra Front".
_A_COALITION_LED_BY = re.compile(r"\b(?:a|an|the)\s+(?:[\w-]+\s+)?(?:coalition|alliance)\s+(?:of\s+(?:[\w-]+\s+){1,4})?"
                                 r"(?:led|headed|dominated)\s+by\s+(?:the\s+)?")
#: Words a text calls an insurgent coalition by.
_REBEL_NOUNS = frozenset(("rebels", "insurgents", "opposition", "factions", "fighters"))
#: A side leading fighters no name is given to: "HTS-led fighters attacked", "HTS-led rebels".
_LEADING_REBELS = re.compile(r"-led\s+(?:rebel\s+|opposition\s+|armed\s+)?(?P<noun>fighters|rebels|forces|factions|insurgents|"
                             r"opposition|alliance|coalition|groups)\b")


#: From a description to the side leading it: " led by the Islamist group ", ", led by ".
_LED_BY = re.compile(r"(?:\s+of\s+(?:the\s+)?['\"‘“]?[A-Z][\w'’ -]{0,40}?['\"’”]?)?"   # "Factions of the 'Military Operations Command', led by"
                     r",?\s+led\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?")
#: A name opening a sentence, a line's label or the clause after an opening phrase, then "led by":
#: "On 25 April 2015, Jaish al-Fatah, led by ".
_UNKNOWN_LED_BY = re.compile(r"(?:^|(?<=[.!?:,]\s)|(?<=\n))(?P<name>[A-Z][\w'’-]*(?:\s+(?:(?:al|el|ash|as|ad|an|ar)-)?[A-Z][\w'’-]*){0,3})"
                             r",?\s+led\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$")


def _part_of_another(text: str, found: list[ActorMention], describes) -> list[ActorMention]:
    """A side's generic word before "of" and a side's name is that side: "Factions of the Syrian
    National Army took Tal Rifaat" are the SNA's, whatever "factions" alone would describe.

        >>> t = "Factions of the Syrian National Army took Tal Rifaat"
        >>> found = [ActorMention("FSA", "Factions", 0, 8, "armed_group"), ActorMention("SNA", "Syrian National Army", 16, 36, "armed_group")]
        >>> [a.canonical for a in _part_of_another(t, found, lambda s: s.lower() == "factions")]
        ['SNA', 'SNA']
    """
    out = list(found)
    for k, a in enumerate(found[:-1]):
        nxt = found[k + 1]
        if describes(a.surface) and not nxt.modifier and _PART_OF.fullmatch(text, a.end, nxt.start):
            out[k] = a._replace(canonical=nxt.canonical, kind=nxt.kind)
    return out


_PART_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


def _possessor_of_another(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """A side owning the next side named qualifies it: "Iraq's Hashd paramilitaries" are the PMF.

        >>> found = [ActorMention("Iraqi government", "Iraq", 0, 4, "state"), ActorMention("PMF", "Hashd", 7, 12, "militia")]
        >>> [a.modifier for a in _possessor_of_another("Iraq's Hashd paramilitaries took Sinjar", found)]
        [True, False]
    """
    out = list(found)
    for k, a in enumerate(found[:-1]):
        if text[a.end:a.end + 1] in "'’" and _POSSESSING.fullmatch(text, a.end, found[k + 1].start):
            out[k] = a._replace(modifier=True)
    return out


_POSSESSING = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+)?")


#: The forces' noun after a side's name, an abbreviation in brackets between: "DNR forces",
#: "Luhansk People's Republic (LPR) forces".
_BRACKET_THEN_FORCE = re.compile(r"(?:\s*\([^()]{1,12}\))?\s+(?:forces|troops|units|fighters|militias?)\b", re.IGNORECASE)


#: Words for irregular fighters: "the militants" never means a side named as forces or troops.
#: The stems of generic words a text may call a group by ("PKK/YPG terrorists", "ISIL militants").
_GENERIC_STEMS = ("terrorist", "militant", "jihadist", "insurgent", "extremist")
_IRREGULAR_HEADS = frozenset(("militants", "insurgents", "jihadists", "terrorists", "extremists", "gunmen",
                              "militant", "insurgent", "jihadist", "terrorist"))


def _force_noun_end(surface: str) -> bool:
    """Whether an actor's words end with a noun of armed forces ("LPR forces", "Wagner troops")."""
    return surface.lower().rsplit(" ", 1)[-1] in _FORCE_HEADS


_FORCE_HEADS = frozenset(n.rsplit(" ", 1)[-1] for n in FORCE_NOUNS)


def _one_sense(found: list[ActorMention], described: list[int]) -> list[ActorMention]:
    """One sense per text: a bare description ("the rebels") means the actor its fuller form in
    the same text names ("Turkish-backed rebels", the SNA), when that form names one actor only.

        >>> f = [ActorMention("FSA", "the rebels", 0, 10, "armed_group"),
        ...      ActorMention("SNA", "Turkish-backed rebels", 40, 61, "armed_group")]
        >>> [a.canonical for a in _one_sense(f, [0])]
        ['SNA', 'SNA']
    """
    def words(a: ActorMention) -> list[str]:
        w = a.surface.lower().split()
        return w[1:] if w[:1] == ["the"] else w

    fuller: dict[str, set[str]] = {}
    for a in found:
        w = words(a)
        if len(w) > 1 and not a.modifier:
            fuller.setdefault(w[-1], set()).add(a.canonical)
    if not fuller:
        return found
    out = list(found)
    for i in described:
        w = words(out[i])
        sense = fuller.get(w[-1], set()) if len(w) == 1 else set()
        if w[-1:] == ["army"] and out[i].kind == "state" and all(
                a.kind != "state" for a in found if a.canonical in sense and len(words(a)) > 1):
            continue    # "the army" is the state's, not a group named an army ("the Free Syrian Army")
        if len(sense) == 1 and out[i].canonical not in sense:
            out[i] = out[i]._replace(canonical=next(iter(sense)))
    return out


def _with_references_back(found: list[ActorMention], text: str, low: str) -> list[ActorMention]:
    """`found` plus the references back: "the group" to the last armed group named, "they"
    and "the troops" to the last side named (not civilians), inside the paragraph and within
    `ANAPHOR_REACH` characters."""
    norm = _normalise(text)
    extra = []
    # "the same factions" refers back, whatever "factions" alone would describe
    found = [a for a in found if not (a.surface[:1].islower() and low[max(0, a.start - 9):a.start] == "the same ")]
    sides = [a for a in found if not a.modifier]
    if not sides:
        return found                      # nothing to refer back to
    groups = [a for a in sides if a.kind in ("armed_group", "militia")]
    side_ends, group_ends = [a.end for a in sides], [a.end for a in groups]
    covered = [(a.start, a.end) for a in found]
    bare = _bare_generics(low)
    hits = _reference_words(low)
    for n, (start, end, armed_only) in enumerate(hits):
        if not armed_only and n and hits[n - 1][2] and extra:
            sides = sorted(sides + extra, key=lambda a: a.start)
            side_ends = [a.end for a in sides]
        k = bisect.bisect_right(covered, (end, len(norm)))
        if k and covered[k - 1][1] > start:
            continue                      # inside or over a name ("the Islamic State group")
        # ("the alliance" is any side named an alliance, a coalition of groups too)
        pool, ends = (groups, group_ends) if armed_only and not low[start:end].endswith(("alliance", "coalition")) \
            else (sides, side_ends)
        j = bisect.bisect_right(ends, start)
        if not j:
            continue
        ref = _not_driven_out(text, pool[:j], start)
        if armed_only:
            ref = _group_referred(low, start, end, pool[:j], extra, ref)
            if ref is None:
                continue
        if not armed_only and (said := _SPEAKER_BEFORE_THEY.search(text, max(0, start - 60), start)) is not None \
                and not _IMPERSONAL_BEFORE.search(text, max(0, said.start("verb") - 30), said.start("verb")):
            # "Libyan forces claimed they retook X": the speaker, named or not (not the side before)
            ref = next((a for a in sides if said.start() <= a.start < said.start("verb")), None)
            if ref is None:
                continue
        elif not armed_only and low.startswith("its ", start) and (own := _clause_subject_before(text, sides, start)):
            ref = own       # "Kyiv acknowledged its troops' withdrawal": the clause's subject owns them
        elif not armed_only:
            # (a sentence may open with a reference back itself: "Their first target was Bayhan:
            # on 1 January they captured Usaylan" refers to whom "Their" did)
            told = sorted(sides + [x for x in extra if x.end <= start], key=lambda a: a.start) if extra else sides
            ref = (_same_side(text, told, start, end) if low.startswith("the same ", start) else None) or \
                _previous_subject(text, told, start) or _coordinated_subject(text, told, start) or ref
        head = low[start:end].rsplit(" ", 1)[-1]
        if head in _STATE_MENS_HEADS and ref.kind != "state":
            # "the soldiers" are an army's: "The Malian army retook Anefis. The CMA said it had
            # withdrawn. On 14 November the soldiers entered Kidal" (the army, not the CMA)
            ref = next((a for a in reversed(sides[:bisect.bisect_right(side_ends, start)]) if a.kind == "state"), ref)
        ref = _leader_of(ref, sides, text)
        if head in ("alliance", "coalition", "militias"):
            # "the alliance" is the last side named an alliance, not the last group of it named;
            # "the militias" the last named militias ("Fano militias"), not ISIL they fight
            word = head.removesuffix("s")
            ref = next((a for a in reversed(sides) if a.end <= start
                        and (word in a.canonical.lower() or word in a.surface.lower())), None)
            if ref is None:
                continue
        if ref.kind == "civilians" or not _reaches(text, ref, start, pool[:j] if armed_only else []):
            continue
        if _SIDE_QUALIFIED.match(low, start) and not _SENTENCE_END.search(text, ref.end, start):
            continue    # "YPG members, who were captured by the rebel group": another, unnamed, group
            # ("M23 entered Goma. The next day the rebel group took Sake": M23)
        extra.append(ActorMention(ref.canonical, text[start:end], start, end, ref.kind, False, True))
    if "It " in text:
        extra += _it_references(found, sides, text)
    if bare:
        extra += _bare_generic_references(found, groups, bare, text, low)
    return sorted(found + extra, key=lambda a: a.start)


def _reference_words(low: str) -> list[tuple[int, int, bool]]:
    """(start, end, for an armed group only) of the words in `low` that refer back to a side:
    "the group" (a group), "they", "the troops", "them", "its forces" (any side); the group
    words first: "they" may refer back to a clause "the group" opens ("...; by 28 January the
    group held the whole city. They then pushed south": the group's)."""
    hits = [(m.start(), m.end(), True) for m in word_start_matches(_GROUP_ANAPHORS_LOW, low)] \
        if any(w in low for w in _ANAPHOR_HEADS) else []
    hits += [(m.start(), m.end(), False) for m in word_start_matches(_SIDE_ANAPHORS_LOW, low)]
    if "them " in low:
        hits += [(m.start(1), m.end(1), False) for m in _THEM_DOING_LOW.finditer(low)]
    if "its " in low:
        hits += [(m.start(), m.end(), False) for m in word_start_matches(_ITS_ANAPHORS_LOW, low)]
    hits.sort(key=lambda h: not h[2])
    return hits


def _group_referred(low: str, start: int, end: int, pool: list[ActorMention], extra: list[ActorMention],
                    last: ActorMention) -> ActorMention | None:
    """The group a group word at low[start:end] refers back to (`_with_references_back`): the
    group the text called by that word, else the one last referred to after the last named,
    else for an irregular's word the last group not named as a regular force, else `last`;
    None when no group fits."""
    stem = next((w for w in _GENERIC_STEMS if w in low[start:end]), None)
    called = [a for a in pool if stem and low.startswith(stem, a.end + 1) and low[a.end:a.end + 1] == " "]
    if called:
        # "the terrorist organization" is the group the text called terrorists ("cleared Tal
        # Rifaat of PKK/YPG terrorists, the SNA said"), not the last one named
        return called[-1]
    told = next((x for x in reversed(extra) if x.end <= start and x.kind in ("armed_group", "militia")), None)
    if told is not None and told.start > pool[-1].end:
        # the group last referred to, after the last one named: "Peshmerga moved into Kirkuk to
        # keep it out of the militants' hands. Tal Afar fell to the group": the militants'
        return told
    if low[start:end].rsplit(" ", 1)[-1] in _IRREGULAR_HEADS:
        # "the militants" are no "Peshmerga forces": the last group not named as a regular force
        # (nor "Kurdish Peshmerga", whose side the lexicon calls "Kurdish forces")
        return next((a for a in reversed(pool) if not _force_noun_end(a.surface) and not _force_noun_end(a.canonical)),
                    None)
    return last


def _it_references(found: list[ActorMention], sides: list[ActorMention], text: str) -> list[ActorMention]:
    """A sentence-opening "It" after a sentence whose subject is a group or state: "The Arakan
    Army now controls the border. It captured Paletwa in January" (only then: "it" is most often
    a thing)."""
    out = []
    for m in _its_opening(text):
        ref = _previous_subject(text, sides, m.start())
        if ref is not None and ref.kind != "civilians" and not any(a.start <= m.start() < a.end for a in found):
            out.append(ActorMention(ref.canonical, "It", m.start(), m.start() + 2, ref.kind, False, True))
    return out


def _bare_generic_references(found: list[ActorMention], groups: list[ActorMention], bare: list[tuple[int, int]],
                             text: str, low: str) -> list[ActorMention]:
    """A bare "militants" is the last group the text itself called so ("ISIL insurgents ...
    militants retreated"), not merely the last one named (the Kurdish forces they fight)."""
    called = [a for a in groups if _CALLED_GENERIC.match(low, a.end) or _BARE_GROUP_ANAPHORS_LOW.search(a.surface.lower())]
    out = []
    for start, end in bare:
        if any(a.start < end and start < a.end for a in found):
            continue
        ref = next((a for a in reversed(called) if a.end <= start), None)
        if ref is not None and start - ref.end <= ANAPHOR_REACH and text.find("\n", ref.end, start) < 0:
            out.append(ActorMention(ref.canonical, text[start:end], start, end, ref.kind, False, True))
    return out


def _not_driven_out(text: str, groups: list[ActorMention], at: int) -> ActorMention:
    """The last of `groups` (named before offset `at`) that "the rebels" at `at` stands for:
    past a sentence's end, not one the sentence named as driven out ("... entered Korem, driving
    out the Amhara militias. ... the rebels were in control of Weldiya": those who drove them
    out); in the same sentence, the last named ("drove out IS forces after the jihadist group had
    taken Mosul": IS)."""
    ref = groups[-1]
    if ref.kind == "civilians" or not (_beaten(text, ref) and _A_SENTENCE_ENDS.search(text, ref.end, at)):
        return ref      # (people who fled are whom "they" names next: "Residents fled. They hid.")
    return next((a for a in reversed(groups[:-1]) if not _beaten(text, a)), ref)


def _beaten(text: str, a: ActorMention) -> bool:
    """Whether a side is named as driven out, killed or fleeing: "driving out the Amhara
    militias", "after killing dozens of Daesh terrorists", "after ISIS mercenaries fled"."""
    return _DRIVEN_OUT_BEFORE.search(text, max(0, a.start - 40), a.start) is not None or \
        _FLED_AFTER.match(text, a.end) is not None


def _leader_of(ref: ActorMention, sides: list[ActorMention], text: str) -> ActorMention:
    """The side that leads `ref`, named right after it: "Rebel fighters led by Hayat Tahrir
    al-Sham said they had taken Homs" (they are HTS's); else `ref` itself."""
    m = _LED_BY_AFTER.match(text, ref.end)
    if m is None:
        return ref
    return next((a for a in sides if a.start == m.end()), ref)


#: A side named as the one driven out: "driving out the Amhara militias", "expelled ISIS from".
_DRIVEN_OUT_BEFORE = re.compile(r"\b(?:driving|drove|drive|drives|pushing|pushed|forcing|forced|chasing|chased)\s+out\s+"
                                r"(?:the\s+)?$|\b(?:expelling|expelled|expels|ousting|ousted|routing|routed|dislodging|"
                                r"dislodged)\s+(?:the\s+)?$|\b(?:killing|killed)\s+(?:(?:dozens|scores|hundreds|tens|"
                                r"several|many)\s+of\s+|\d+\s+)?(?:the\s+)?$", re.IGNORECASE)
#: A side's flight right after its name (or the sides it is listed with): "ISIS mercenaries fled
#: towards Ain Issa", "the fighters of Jabhat al-Nusra and other Islamic factions withdrew".
_FLED_AFTER = re.compile(r"(?:\s+(?:mercenaries|militants|fighters|terrorists|forces|troops|members|gunmen|jihadists|"
                         r"insurgents|rebels|militiamen))?(?:\s+and\s+(?:the\s+)?(?:other\s+)?(?:[\w-]+\s+){0,2}[\w-]+)?"
                         r"\s+(?:(?:had|have|has)\s+)?(?:fled|withdrew|retreated|pulled\s+out|surrendered|"
                         r"(?:were|had\s+been)\s+(?:driven|pushed|forced|killed))\b", re.IGNORECASE)
#: The end of a sentence.
_A_SENTENCE_ENDS = re.compile(r"[.!?](?:\s|$)")
#: "led by" right after a side: its leader follows.
_LED_BY_AFTER = re.compile(r"\s*,?\s+(?:led|headed|spearheaded|commanded)\s+by\s+(?:the\s+)?")
#: A sentence opening with a clause before its subject: "After the counterattack, ...".
_LEADING_CLAUSE = re.compile(r"(?:After|When|As|While|Following|Although|Though|Before|Since|Despite|Once|On|In|"
                             r"By|During|Later|Meanwhile|Amid|With|Having|Shortly)\b[^,.;]{0,120},")
#: A leading clause after a semicolon, in lower case and maybe with no comma: "; on 31 August they".
_LEADING_CLAUSE_LOW = re.compile(r"(?:after|when|while|following|on|in|by|later|meanwhile|during)\b[^,.;]{0,120}?,?"
                                 r"(?=\s+they\b)")
#: A time opening a sentence with no comma before "they": "Three days later they took X",
#: "The next day they entered Y".
_LEADING_TIME = re.compile(r"(?:(?:Two|Three|Four|Five|Six|Seven|Several|A\s+few|\d+)\s+(?:days|weeks|hours|months)\s+later|"
                           r"The\s+(?:next|following)\s+(?:day|morning|evening|night|week)|"
                           r"Later\s+that\s+(?:day|week|month)|On\s+\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)(?=\s+they\b)")
#: A speaker right before "they": "Libyan forces claimed they", "the army said that they".
_SPEAKER_BEFORE_THEY = re.compile(r"\b[\w'’-]+(?:\s+[\w'’-]+){0,3}\s+(?P<verb>said|says|claimed|claims|announced|stated|"
                                  r"insisted|reported)\s+(?:that\s+)?$")
#: "it was claimed they": no speaker named ("it was incorrectly claimed they recaptured X").
_IMPERSONAL_BEFORE = re.compile(r"\b(?:it|It)\s+(?:was|is|has\s+been|had\s+been)\s+(?:\w+ly\s+)?$")
#: A date opening a clause with no comma after it: "by 28 January the group held the city".
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_LEADING_DATE = re.compile(rf"(?:(?:[Bb]y|[Oo]n|[Ii]n|[Uu]ntil)\s+(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:\d{{1,2}}\s+)?"
                           rf"(?:{_MONTH_NAMES})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|"
                           # "Over the following days the militants overran ...": a stretch of time
                           r"(?:Over|In|During|Within|For)\s+(?:the\s+)?(?:following|next|subsequent|first|coming)?\s*"
                           r"(?:(?:few|two|three|four|five|several)\s+)?(?:days|weeks|months|hours)|"
                           r"(?:Two|Three|Four|Five|Several|A\s+few)\s+(?:days|weeks|months)\s+later)(?:,?\s+)")
_SENTENCE_BREAK_BEFORE = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])")
#: A sentence break, or a semicolon or colon opening a clause of its own: "...; on 31 August they
#: retook X", "Their first target was Bayhan: on 1 January they captured Usaylan".
_CLAUSE_BREAK_BEFORE = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])|[;:]\s+")


def _bare_generics(low: str) -> list[tuple[int, int]]:
    """Spans of the bare plurals of `_GENERIC_ARMED` after a clause's start, a preposition or a
    conjunction (found word by word with `str.find`: a regex alternation would try every character)."""
    out = []
    for word in _GENERIC_ARMED.split("|"):
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()) \
                    and _BARE_BEFORE.search(low, max(0, at - 12), at):
                out.append((at, end))
            at = low.find(word, end)
    return sorted(out)


def _reaches(text: str, ref: ActorMention, start: int, groups_before: list[ActorMention]) -> bool:
    """Whether a reference back at `start` reaches the actor `ref`: inside its paragraph within
    ANAPHOR_REACH; past its paragraph, "the rebels" still means the one armed group the article
    has named (`groups_before`, the groups named up to it): an agency story names it in the lede
    and refers back to it after."""
    if start - ref.end <= ANAPHOR_REACH and text.find("\n", ref.end, start) < 0:
        return True
    return bool(groups_before) and start - ref.end <= ARTICLE_REACH and len({a.canonical for a in groups_before}) == 1


def _its_opening(text: str):
    """The matches of `_IT_OPENS`, found from each "It " (a plain search: the pattern's
    look-behind would be tried at every character)."""
    at = text.find("It ")
    while at >= 0:
        m = _IT_OPENS.match(text, at)
        if m is not None and (at == 0 or text[at - 2:at - 1] in ".!?" and text[at - 1].isspace()):
            yield m
        at = text.find("It ", at + 3)


def _same_side(text: str, sides: list[ActorMention], at: int, end: int) -> ActorMention | None:
    """The side "the same forces" at text[at:end] refers back to: the last one named by that
    word in its paragraph ("pro-Hadi forces retook Aden. The Houthis withdrew north. On 4 August
    the same forces captured al-Anad": the pro-Hadi forces), else the first side of the
    sentence before (`_first_side_of_the_sentence_before`)."""
    head = text[at:end].split()[-1].lower()
    para = text.rfind("\n", 0, at) + 1
    named = next((a for a in reversed(sides) if para <= a.start and a.end <= at and head in a.surface.lower()
                  and a.kind != "civilians" and not a.anaphor), None)
    return named or _first_side_of_the_sentence_before(text, sides, at)


def _first_side_of_the_sentence_before(text: str, sides: list[ActorMention], at: int) -> ActorMention | None:
    """The first side the sentence before `at` names, for "the same forces" that opens a
    sentence: the one that sentence is about ("Forces aligned with Libya's government said
    they had captured al-Watiya, the last foothold of Haftar's forces. The same forces seized
    Sabratha": the government's), none if it names no side."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    if not ends or text[ends[-1]:at].strip():
        return None
    start = ends[-2] if len(ends) > 1 else 0
    return next((a for a in sides if start <= a.start < ends[-1] and a.kind != "civilians"), None)


def _previous_subject(text: str, sides: list[ActorMention], at: int) -> ActorMention | None:
    """The side a sentence-opening "They" or "Their troops" refers back to: the subject of the
    sentence before, not the last side it named ("Russian forces fought Ukrainian soldiers
    and were repulsed.  They invaded Hostomel once more": the Russians).  None when "they"
    does not open a sentence, or the sentence before opens with no side.

        >>> t = "Russian forces fought Ukrainian soldiers. They took Hostomel."
        >>> sides = [ActorMention("Russia", "Russian forces", 0, 14, "state"),
        ...          ActorMention("Ukraine", "Ukrainian soldiers", 22, 40, "state")]
        >>> _previous_subject(t, sides, t.index("They")).canonical
        'Russia'
    """
    head = text[max(0, at - 3):at]
    breaks = [b.end() for b in _CLAUSE_BREAK_BEFORE.finditer(text, max(0, at - 600), at + 1)]
    if breaks and breaks[-1] != at:
        # "On 6 February, they also captured X": "they" opens the sentence past a leading clause
        lead = _LEADING_CLAUSE.match(text, breaks[-1]) or _LEADING_CLAUSE_LOW.match(text, breaks[-1]) \
            or _LEADING_TIME.match(text, breaks[-1])
        if lead is None or text[lead.end():at].strip():
            return None
        breaks[-1] = at       # the sentence's start, for the one before
    elif at and not (head.rstrip().endswith((".", "!", "?")) and head[-1:].isspace()):
        return None
    if not breaks or breaks[-1] != at:
        return None
    start = breaks[-2] if len(breaks) > 1 else (max(0, text.rfind("\n", 0, at) + 1) if at - 600 <= 0 else None)
    if start is None:
        return None
    if (last := _last_coordinated_subject(text, sides, start, at)) is not None:
        return last
    if _OPENS_WITH_THEIR.match(text, start):
        # the sentence before opens by referring back itself ("Their first target was Bayhan"):
        # the subject of the one before it ("the Giants Brigades moved into Shabwa governorate")
        before = breaks[-3] if len(breaks) > 2 else text.rfind("\n", 0, start) + 1
        return None if "\n" in text[before:start] or start - before > 600 else \
            _opening_subject(text, sides, before, start, 2)
    return _opening_subject(text, sides, start, at, 2)


def _last_coordinated_subject(text: str, sides: list[ActorMention], start: int, at: int) -> ActorMention | None:
    """The side opening the last clause "and" joins to the sentence text[start:at], if any: what a
    "They" after it refers to ("the army's division withdrew from its base, and on 18 December the
    paramilitaries took Wad Madani. In the following weeks they spread across Gezira": the RSF)."""
    for a in reversed(sides):
        if a.start < start or a.end > at:
            continue
        if a.kind != "civilians" and not a.modifier and _AND_CLAUSE_BEFORE_SIDE.search(text, max(start, a.start - 60), a.start) \
                and _VERB_AFTER_SIDE.match(text, a.end):
            return a
        return None         # the last side named opens no such clause
    return None


#: Before a side opening a clause of its own joined by "and": ", and on 18 December the ".
_AND_CLAUSE_BEFORE_SIDE = re.compile(r",\s+and\s+(?:then\s+|later\s+)?(?:(?:on|by|in|at)\s+(?:the\s+)?[\w ]{1,25}?\s+|"
                                     r"(?:a|one|two|three|four|five|six|several)\s+(?:days?|weeks?)\s+later\s+|"
                                     r"the\s+(?:next|following)\s+(?:day|week)\s+)?(?:the\s+)?$")
#: A verb (maybe after an auxiliary or an adverb) right after a side: " took", " had captured".
_VERB_AFTER_SIDE = re.compile(r"\s+(?:(?:had|has|have|were|was|also|then|quickly|finally)\s+)*[a-z]+ed\b|\s+took\b|\s+(?:overran|retook|seized|fought|won|held)\b")


#: A sentence opening with a possessive that refers back: "Their first target was ...".
_OPENS_WITH_THEIR = re.compile(r"(?:Their|Its)\s")


def _opening_subject(text: str, sides: list[ActorMention], start: int, at: int, words: int) -> ActorMention | None:
    """The side a sentence starting at `start` opens with (past a leading clause, "After the
    counterattack, ..."), at most `words` words in, before `at`; None when it opens with
    something else, or with civilians."""
    lead = _LEADING_DATE.match(text, start) or _LEADING_CLAUSE.match(text, start)
    if lead is None and (town := _DATELINE_TOWN.match(text, start)) is not None:
        lead = _DATELINE_REST.match(text, town.end() - 2)   # "HERAT, Afghanistan, July 11 (Reuters) - Taliban fighters ..."
    begin = lead.end() if lead else start
    subject = next((a for a in sides if begin <= a.start < at), None)
    if subject is not None and _FORCES_OF.fullmatch(text, begin, subject.start):
        return subject        # "forces loyal to the Tripoli-based Government of National Accord ..."
    if subject is None or subject.kind == "civilians" or text[begin:subject.start].strip(" ,\"“(").count(" ") > words \
            or "," in text[begin:subject.start]:
        return None           # the sentence opens with something else: its subject is no side named
    return subject


#: Before a side named as its forces' master: "forces loyal to the", "fighters of the", "units allied with".
_FORCES_OF = re.compile(r"\s*(?:the\s+)?(?:forces|troops|fighters|units|militias|soldiers|militiamen)\s+"
                        r"(?:loyal\s+to|of|allied\s+(?:to|with)|aligned\s+with)\s+(?:the\s+)?", re.IGNORECASE)


def _clause_subject_before(text: str, sides: list[ActorMention], at: int) -> ActorMention | None:
    """The side named as the subject of the clause an "its" at `at` stands in: a side a few
    words before it with no clause break between ("Russia claimed X; Kyiv acknowledged its
    troops' withdrawal": Kyiv)."""
    side = next((a for a in reversed(sides) if a.end <= at), None)
    if side is None or at - side.end > 40 or any(c in text[side.end:at] for c in ",;:.()"):
        return None
    return side if _VERB_THEN_ITS.fullmatch(text, side.end, at) else None


#: A verb (maybe after an auxiliary) and nothing else between a side and "its": " acknowledged ".
_VERB_THEN_ITS = re.compile(r"\s+(?:(?:has|had|have|also|then|later)\s+)*[a-z]+(?:ed|s)\s+(?:that\s+)?")


def _coordinated_subject(text: str, sides: list[ActorMention], at: int) -> ActorMention | None:
    """The side "they" refers to in a clause joined by "and" (or by "after", "when" ...) to its
    sentence's first clause: that clause's subject ("A convoy of the Golden Division arrived at
    positions retaken by the Peshmerga, and they also captured Bartella": the Golden Division).
    None when "they" follows neither, or the sentence opens with no side.

        >>> t = "A convoy of the Golden Division reached positions taken by the Peshmerga, and they took Bartella."
        >>> sides = [ActorMention("Iraqi government", "Golden Division", 16, 31, "state"),
        ...          ActorMention("Kurdish forces", "Peshmerga", 62, 71, "armed_group")]
        >>> _coordinated_subject(t, sides, t.index("they")).canonical
        'Iraqi government'
        >>> t = "The Golden Division fought the Peshmerga; two days later they took Bartella."
        >>> sides = [ActorMention("Iraqi government", "Golden Division", 4, 19, "state"),
        ...          ActorMention("Kurdish forces", "Peshmerga", 30, 39, "armed_group")]
        >>> _coordinated_subject(t, sides, t.index("they")).canonical
        'Iraqi government'
    """
    if not _AND_BEFORE.search(text, max(0, at - 40), at) and not _SUBORDINATOR_BEFORE.search(text, max(0, at - 9), at) \
            and not _SEMICOLON_CLAUSE_BEFORE.search(text, max(0, at - 40), at):
        return None
    breaks = [b.end() for b in _SENTENCE_BREAK_BEFORE.finditer(text, max(0, at - 600), at)]
    start = breaks[-1] if breaks else max(0, text.rfind("\n", 0, at) + 1)
    subject = _opening_subject(text, sides, start, at, 4)
    if subject is None and (colon := text.rfind(": ", start, at)) >= 0:
        # the first clause after a colon: "Their first target was Bayhan: on 1 January they
        # captured Usaylan, and over the following days they retook Ain"
        subject = _opening_subject(text, sides, colon + 2, at, 4)
    return subject


#: "and" before "they", maybe with a time between: ", and the following month they overran X".
_AND_BEFORE = re.compile(r",?\s+and\s+(?:(?:the\s+)?(?:following|next)\s+(?:day|week|month|year|morning|evening)\s+|"
                         r"(?:then|later|also|soon)\s+|(?:two|three|four|five|six|several|a\s+few)\s+(?:days|weeks|months)\s+later\s+|"
                         # ("and over the following days they retook Ain", "and on 9 December they took X")
                         r"(?:over|in|during|within)\s+the\s+(?:following|next|subsequent|coming)\s+(?:few\s+)?(?:days|weeks|months)\s+|"
                         rf"(?:on|by|in|at)\s+(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:\d{{1,2}}\s+)?(?:{_MONTH_NAMES})"
                         r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?\s+)?$")
#: "they" opening a clause after a semicolon, past a time: "...; five days later they also took X".
_SEMICOLON_CLAUSE_BEFORE = re.compile(r";\s*(?:[\w'-]+\s+){0,4}$")
#: "they" in a clause of time or cause is the main clause's subject: "AMISOM took Buulobarde
#: from al-Shabaab, three days after they entered Jalalaqsi" (AMISOM entered it).
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:after|before|when|once|until|since|because|as)\s+$")


def focus_countries(mentions, share: float = 0.25) -> tuple[str, ...]:
    """The countries a text is about: those of at least `share` of its resolved place mentions
    (a country's own name and its demonym count half, as they name who acts more often than
    where: "Turkish-backed factions take Ras al-Ain", "Rwanda-backed rebels seized Goma"), most
    named first.

        >>> from gazetteer.records import Mention, Place
        >>> ms = [Mention(n, 0, 1, Place(n, 0, 0, i, c), 0.9) for i, (n, c) in
        ...       enumerate([("Homs", "SY"), ("Hama", "SY"), ("Ankara", "TR")])]
        >>> focus_countries(ms)
        ('SY', 'TR')
    """
    counts: dict[str, float] = {}
    for m in mentions:
        p = m.place
        c = p.country if p is not None else None
        if c:
            counts[c] = counts.get(c, 0) + (0.5 if m.kind == "demonym" or p.feature_code.startswith("PCL") else 1)
    total = sum(counts.values())
    return tuple(c for c, k in sorted(counts.items(), key=lambda x: -x[1]) if k >= share * total)


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...]) -> ActorLexicon:
    lex = ActorLexicon()
    for p in paths:
        lex.add_csv(p)
    return lex


def load_actors(extra_path: str | Path | None = None) -> ActorLexicon:
    """The shipped lexicon, extended by ``$CONFLICTMAP_ACTORS`` and then by `extra_path`.

    Raises ValueError (naming the file and the reason) for an unreadable extra file.
    The result is cached per set of files; treat it as read-only.
    """
    paths = [str(DEFAULT_ACTORS_CSV), str(DEFAULT_DESCRIPTIONS_CSV), str(DEFAULT_DEMONYMS_CSV), str(DEFAULT_PATRONS_CSV),
             str(DEFAULT_CAPITALS_CSV)]
    env = os.environ.get(ACTORS_ENV, "")
    paths += [p for p in env.split(os.pathsep) if p.strip()]
    if extra_path:
        paths.append(str(extra_path))
    return _load_cached(tuple(paths))


__all__ = ["ActorLexicon", "ActorMention", "load_actors", "focus_countries", "DEFAULT_ACTORS_CSV",
           "DEFAULT_DESCRIPTIONS_CSV", "DEFAULT_DEMONYMS_CSV", "DEFAULT_PATRONS_CSV", "DEFAULT_CAPITALS_CSV",
           "CAPITAL_VERBS", "FORCE_NOUNS", "ACTORS_ENV"]
