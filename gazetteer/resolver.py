"""Choosing among the candidate places of each mention, the way a regional analyst reads.

Evidence, in the order a reader weighs it:

1. user overrides (always win);
2. the static prior: population, feature class (country, first-level area, capital),
   curated regional reading;
3. the document's country focus: countries named, demonyms, the dateline and the
   confident first-pass choices vote, so Palmyra in an article about Homs is the
   Syrian Tadmur;
4. the document's first-level-area focus, the same vote one level down (a local story
   names towns of one state);
5. explicit containment: "X, Y", "X in Y", "X province" restrict X to Y, and "Y's X"
   ("Lebanon's Tripoli", never a list) twice as firmly;
6. closeness (``geopy.distance``) to the other places resolved in the same document;
7. coherence with the document's other places: a name that is a country and another
   country's state ("Georgia") is the state among the text's other states of that country
   (`SIBLING_BONUS`), and does not vote for itself; a town far smaller than the towns the
   text reads clearly loses to a namesake of their size (`SCALE_WEIGHT`: Portland beside
   Dallas, Houston and Oakland is Oregon's); short capitals that are the initials of a
   country the text is about are that country ("SA" in a text on Limpopo); a name follows
   the reading of the text's longer name for it ("Suffolk" after "Suffolk County");
8. what the text calls a name: a name it calls a street's ("Bourbon and Dauphine streets", "the
   Chartres/Franklin intersection", "the street was later called Lafayette", "Victoria St.",
   see `gazetteer.finder.street_cue`) is that street wherever the text names it, and votes for
   no country (`Resolver._street`: areas, capitals and cities of a million keep their reading,
   "Washington Street" is no reason to doubt Washington); a given span that is an embassy or a
   quarter named after a country ("Russian Embassy", "French Quarter") or a river or a valley
   named after an area ("Mississippi River", "Niger Delta") is in the text's town, not in that
   country or area (`Resolver._named_after`).

An alternate name made of common English words ("White House" for Casablanca) does not
outrank (`PHRASE_ALIAS_PENALTY`), and a name that is such a phrase, or a landmark's name of
several words (`LANDMARK_TAILS`: "Washington Square", "Union Station"), read as a small town
far from the text's places and areas is placed like an unknown name (given spans) or dropped
(open text). "X, Y, Z and W" is a list: X need not lie in Y.

A first pass picks by prior alone; the votes of that pass set the focus for the
second, where a name whose first reading won narrowly is judged without its own votes
(three "Birmingham" next to Tuscaloosa do not make the text English); a clear reading keeps
them ("Toronto" named fifteen times stays Canadian beside a few US mentions). Confidence is the softmax share of the winner among the candidates, lowered
for loose (variant-spelling) matches and sentence-initial single words.

Names the index lacks (resolution of given spans only: streets, buildings, quarters)
fall back, with confidence `FALLBACK_CONFIDENCE`, to the town the text is about around
them: first the town or area the words around it place it in ("Quintrell Farm, near
Tralee", "a clinic in Qamishli", "Marseille's Quintrell Market", "the clinic, where he is
treated in Galway"); else the towns read with
some confidence, weighted by that confidence, those named before the span in its
paragraph and those close to it in the text weighing most, and only those inside the
first-level areas the text names if it names any ("Texas"); else the area, else the
country the document is about. A big city's whole name of several words inside a longer
span ("San Diego" of "San Diego Jazz Orchestra") counts as a town read there. The
same fallback takes

- a part of a span ("Christopher" of "Christopher Inn") far from the document's
  confident places, and a part that is an area of a country the text names nothing else
  in ("Southern District" of a court in Osaka is no Israeli district);
- an ambiguous small town won without confidence and far from every confident place
  ("Franklin", "Hubbard" in a city story are its streets before they are one of twenty
  hamlets so named);
- an area of a country the text names nothing else in ("West Coast" read as a Gambian
  province);
- a variant-spelling match outside the document's countries, or in a country the text
  names nothing else in ("State" is no variant of an Italian Statte).

In open text (`Gazetteer.find_places`) such readings are dropped rather than placed,
except the parts of spans and the strays, which only given spans have.

Evaluated on GeoWebNews with ``bench/geoparse_eval.py`` (see the gazetteer README).

    >>> import math; round(softmax_top([3.0, 1.0]), 3)
    0.881
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import pairwise

from geopy.distance import great_circle
from geopy.point import Point

from gazetteer.finder import FoundSpan
from gazetteer.lexicon import load_lexicon
from gazetteer.normalize import loose_key, name_key
from gazetteer.records import Mention

#: Weight of the document's country focus (share of votes, 0..1) in a candidate's score.
FOCUS_WEIGHT = 4.0
#: Weight of the document's first-level-area focus (share of votes, 0..1).
ADMIN_FOCUS_WEIGHT = 2.0
#: Bonus when the text says the place is in Y ("X, Y", "X in Y"; twice for "Y's X") and the
#: candidate is.
CONTAINMENT_BONUS = 5.0
#: Bonus for a place in a first-level area the text names as an area ("X governorate", "Y oblast").
NAMED_AREA_BONUS = 3.0
#: Bonus for closeness to the other places of the document: PROXIMITY_WEIGHT * exp(-d / PROXIMITY_KM).
PROXIMITY_WEIGHT = 2.5
PROXIMITY_KM = 250.0
#: A name whose first-pass reading wins less clearly than this is judged without its own
#: votes; a clear one ("Toronto" named fifteen times) keeps them, or a few mentions of
#: another country would carry it off to a namesake there.
OWN_VOTE_CLEAR = 0.8
#: Candidates scored per mention in the second pass (best prior first).
TOP_K = 10
MAX_ALTERNATIVES = 3
FALLBACK_CONFIDENCE = 0.1
#: A mention counts as context for an unknown name only with this confidence or more.
FALLBACK_SOLID = 0.3
#: Extra weight of a town named before an unknown name in its paragraph.
FALLBACK_NEAR_BONUS = 1.5
#: ... and that extra weight fades over this many characters of text between them.
FALLBACK_NEAR_CHARS = 500.0
#: A town of this size may be the seat an "X governorate" / "X province" is named after.
_NAMES_ITS_AREA = 20_000
#: A loose-spelling match in open text is kept only in a country with this share of the votes.
UNSURE_SHARE = 0.15
#: ... or when it reads a city this big: "Hodeidah" for Al Hudaydah is the port, even in a
#: headline that names nothing else ("Abdullah" for Abdulino, a town of 20,000, is a person).
LOOSE_CITY_POPULATION = 300_000

#: Bonus for a candidate whose preferred name is the surface itself.
NAME_BONUS = 2.0
#: Penalty for a candidate named so only by an alternate name made of common English words
#: ("White House" is a translation of Casablanca's Arabic name; in English text it is a
#: phrase before it is that city), see `_common_phrase`.
PHRASE_ALIAS_PENALTY = 3.0
#: A part of a given span ("Windsor" of "Windsor Castle") is trusted only this close to the
#: document's other places; farther, the document's focus is the better guess. With no
#: other confident place to compare, only a clear reading of a city is trusted ("the New
#: Orleans Railways and Light Company").
PARTIAL_MAX_KM = 500.0
PARTIAL_CLEAR = 0.8
PARTIAL_MIN_POPULATION = 100_000
#: ... but a big city's whole name of several words in a span ("Los Angeles" of "Los Angeles
#: Philharmonic") is trusted when it wins at least this share, near the other places or not.
PARTIAL_SEVERAL_WORDS = 0.5

#: A given span whose best reading is an ambiguous town of fewer people than this, won with
#: less confidence than that and far from every confident place of the text, is placed
#: like an unknown name (see `Resolver.resolve`).
STRAY_POPULATION = 50_000
STRAY_CONFIDENCE = 0.6
#: ... unless it lies in a first-level area with this share of the text's area votes.
STRAY_AREA_SHARE = 0.2

#: A name the text calls a street's (`gazetteer.finder.street_cue`) is the street unless its
#: reading is an area, a capital or a city of this many people (`Resolver._street`).
STREET_CITY_POPULATION = 1_000_000

#: Bonus of a first-level area named like a country for each other first-level area of its
#: country the text names (at most `SIBLING_MAX`): among "Florida, Louisiana, Nevada and
#: Alaska", "Georgia" is the state.
SIBLING_BONUS = 1.0
SIBLING_MAX = 3

#: Scale coherence (`Resolver._scale`): a candidate town more than SCALE_SLACK orders of
#: magnitude smaller than the median confident town of a text (of at least SCALE_MIN_TOWNS)
#: loses SCALE_WEIGHT per further order of magnitude, at most SCALE_MAX_GAP of them.
SCALE_MIN_TOWNS = 3
SCALE_CLEAR = 0.5
SCALE_SLACK = 1.0
SCALE_WEIGHT = 1.0
SCALE_MAX_GAP = 2.0

#: A town of the area this big, named like the area, is its main town (see `Resolver._prior`).
MAIN_TOWN_POPULATION = 1_000_000

#: Prior bonus of a candidate of the kind the words before the name call for ("the village
#: of X": a populated place; "eastern X": an area).
CUE_BONUS = 1.0
DIRECTION_BONUS = 1.0
#: Words of an organisation's name ("Rapid" of "Rapid Support Forces") are a place in open text
#: only as a country, demonym or area, a city of ten times this size, or as the own name of a
#: city of this size or of a town in a country the rest of the text names ("Aleppo Media
#: Center", "The Washington Post", "New York Times").
ORG_CITY_POPULATION = 100_000

#: A reading this sure makes the same place the reading of another, unsure name of the text
#: that can stand for it (`Resolver._same_place`).
SAME_PLACE_SURE = 0.9

#: The vote of a country a text is known to be about from other evidence (`resolve(focus=)`),
#: as much as a country named once.
FOCUS_VOTE = 1.5
#: The country vote of a country named as the one who speaks ("Russia says ..."): a state's
#: claims are as often of places abroad as at home.
SPEAKER_VOTE = 0.0
_AREA_CODES = ("PCLI", "ADM1", "ADM2", "CONT", "RGN", "OCN")

#: Confidence of a country read from its initials (`Resolver._country_initials`).
INITIALS_CONFIDENCE = 0.8
_SMALL_WORDS = frozenset(("of", "the", "and"))

#: "Syria's Idlib": the place before the possessive contains the one after.
_POSSESSIVE_GAPS = ("'s ", "’s ")
#: What may stand between an unknown name and the town that places it: "Quintrell Farm,
#: near Tralee", "Quintrell Street, Aleppo", "a clinic in Qamishli", "the camp outside Hasakah".
_PLACED_BY = re.compile(r"(?:, ?| )(?:(?:in|near|outside|at|of) (?:the )?)?")
#: ... at most this long.
_PLACED_BY_MAX = 14
#: ... or by a clause that follows it: "the hospital where he is treated in Liverpool".
_PLACED_LATER = re.compile(r",? (?:where|which|that) [^.!?;:\n]{0,50}? (?:in|near|outside) (?:the )?")
_PLACED_LATER_MAX = 72


@lru_cache(maxsize=100_000)
def _primary_key(name: str) -> str:
    return name_key(name)


@lru_cache(maxsize=20_000)
def _common_phrase(key: str) -> bool:
    """Whether every word of a name key is a frequent English word (data/common_words.txt).

    >>> _common_phrase("white house"), _common_phrase("new york")
    (True, False)
    """
    words = load_lexicon().common_words
    return all(w in words for w in key.split())


#: Last words that make a name of several words a landmark's ("Washington Square", "Union
#: Station"): such a name read as a small town far from the text's places is the landmark.
LANDMARK_TAILS = frozenset(("square", "park", "plaza", "street", "avenue", "center", "centre", "tower",
                            "mall", "gardens", "station", "bridge", "market", "stadium"))


@lru_cache(maxsize=20_000)
def _phrase_like(key: str) -> bool:
    """Whether a name key reads as a phrase or a landmark before a town: all its words are
    frequent English words (`_common_phrase`), or it is several words ending in a landmark's
    word (`LANDMARK_TAILS`).

    >>> _phrase_like("white house"), _phrase_like("washington square"), _phrase_like("new york")
    (True, True, False)
    """
    return _common_phrase(key) or (" " in key and key.rsplit(" ", 1)[1] in LANDMARK_TAILS)


@lru_cache(maxsize=1_000)
def _initials(name: str) -> str:
    """Capital initials of a name's words, small words left out.

    >>> _initials("Democratic Republic of the Congo"), _initials("South Africa")
    ('DRC', 'SA')
    """
    return "".join(w[0].upper() for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL_WORDS)


def softmax_top(scores: list[float]) -> float:
    """Share of the best score under a softmax: how clearly it beats the rest."""
    m = max(scores)
    z = sum(math.exp(s - m) for s in scores)
    return 1.0 / z


class _Doc:
    """What the first pass says of one document (`Resolver._votes`): country and first-level
    area votes and shares (with their totals), what each unsure name voted itself, the names
    read in each country and as its first-level areas, the countries it is about, the anchors
    for closeness, the scale of its towns, and the names it calls streets' ("X and Y streets")."""

    __slots__ = ("votes", "avotes", "share", "ashare", "total", "atotal", "own_v", "own_av",
                 "named_in", "areas_named", "countries", "anchors", "scale", "scale_pop", "streets", "named_areas")

    def __init__(self):
        self.votes: dict[str, float] = defaultdict(float)
        self.avotes: dict[tuple, float] = defaultdict(float)
        self.own_v: dict[str, float] = defaultdict(float)
        self.own_av: dict[str, float] = defaultdict(float)
        self.named_in: dict[str, set] = defaultdict(set)
        self.areas_named: dict[str, set] = defaultdict(set)
        self.countries: set[str] = set()
        self.named_areas: dict = {}     # (country, admin1) of areas named as such ("X governorate") -> its span


class Resolver:
    """Resolves the FoundSpans of one document to Mentions against a `Gazetteer`."""

    def __init__(self, gazetteer):
        self.gz = gazetteer
        self.idx = gazetteer.index
        self._points: dict[int, Point] = {}
        self._pair_km: dict[tuple[int, int], float] = {}
        self._priors: dict[tuple, tuple] = {}
        self._alts: dict[tuple, tuple] = {}  # (chosen, runners-up) -> (its Place, runners-up as Places)
        #: Set to a dict to have `resolve` record, per span index, the scores of its candidates
        #: (error analysis: ``bench/geoparse_eval.py --errors``); None in normal use.
        self.explain: dict[int, dict[int, float]] | None = None

    # -- scoring -----------------------------------------------------------------
    def _prior(self, i: int, span: FoundSpan, ids: tuple[int, ...]) -> float:
        idx = self.idx
        p = idx.prior[i]
        if span.key and len(ids) > 1:
            if loose_key(_primary_key(idx.name[i])) == loose_key(span.key):
                # Written as the place's own name, not one of its alternate or historic names
                # ("Salisbury" is Salisbury before it is Harare's old name).
                p += NAME_BONUS
            elif idx.source[i] != "curated" and _common_phrase(span.key):
                # An alternate name that is an English phrase ("White House" for Casablanca)
                # is the phrase, or a place called so by its own name, before it is that place.
                p -= PHRASE_ALIAS_PENALTY
        if idx.feature_code[i] in ("ADM1", "ADM2") and span.kind != "admin" and span.cue != "direction":
            # A first-level area named like its own main town ("Aleppo") is the town
            # unless the text says province/governorate/countryside, or a direction
            # ("northern Aleppo": the area north of the town).
            cc, a1 = idx.country[i], idx.admin1[i]
            own = loose_key(_primary_key(idx.name[i]))
            for c in ids[:TOP_K]:
                # Every candidate bears the name, so a big town of the area that is also
                # called so ("New York" City) is its main town even if GeoNames names it longer.
                if c != i and idx.country[c] == cc and idx.admin1[c] == a1 \
                        and idx.feature_code[c].startswith("PPL") \
                        and (loose_key(_primary_key(idx.name[c])) == own
                             or idx.population[c] >= MAIN_TOWN_POPULATION):
                    p = min(p, idx.prior[c] - 1.5)
                    break
        if span.cue in ("settlement", "direction"):
            # "the village of X" is a settlement; "eastern X" a part of an area (a country or
            # region before a namesake town: "eastern Congo", "northern Syria").
            area = idx.feature_code[i] in _AREA_CODES
            if span.cue == "settlement":
                p += CUE_BONUS if idx.feature_code[i].startswith("PPL") else -CUE_BONUS if area else 0.0
            elif area:
                p += DIRECTION_BONUS
        return p

    def _containers(self, text: str, spans: list[FoundSpan], picks: list[int | None],
                    in_order: bool = False) -> dict[int, tuple[int, float]]:
        """span index -> (index of the span that contains it, bonus of the candidates inside):
        "X, Y" / "X in Y" (which may also be a list: the bonus) or "Y's X" (never a list:
        twice the bonus). Found spans come `in_order` (text order), given ones in any order."""
        out = {}
        order = range(len(spans)) if in_order else sorted(range(len(spans)), key=lambda k: spans[k].start)
        for k, n in pairwise(order):
            a, b = spans[k], spans[n]
            d = b.start - a.end
            if d > 13 or d <= 0:  # longer than the longest gap below
                continue
            gap = text[a.end:b.start]
            if gap in _POSSESSIVE_GAPS:
                inner, outer = n, k  # "Syria's Idlib", "Iraq's Anbar province": never a list
            elif (gap in (", ", " in ", ",", " ,") or gap.lower() in (" in northern ", " in southern ",
                                                                     " in eastern ", " in western ")) \
                    and text[b.end:b.end + 2] not in ("'s", "’s") and b.kind != "demonym":
                # (but "captured Soledar, Russia's defence ministry said", "After capturing
                # Lysychansk, Russian troops moved on": a new phrase, no container)
                inner, outer = k, n
            else:
                continue
            y = picks[outer]
            if y is not None and self.idx.feature_code[y] in ("PCLI", "ADM1"):
                firm = inner == n or not self._list_goes_on(text, spans, order, n, y)
                out[inner] = (outer, CONTAINMENT_BONUS * (2.0 if inner == n else 1.0), firm)
        return out

    def _list_goes_on(self, text: str, spans: list[FoundSpan], order, n: int, y: int) -> bool:
        """Whether "X, Y" goes on as a list ("Saipan, Guam, Alaska and Hawaii"): Y is followed
        by ", " or " and " and a name that is no area containing Y (as "Ukraine" contains
        Donetsk Oblast in "Makarivka, Donetsk Oblast, Ukraine"). Then X need not lie in Y.

        Found spans come in text order; given ones are looked up by position."""
        b = spans[n]
        nxt = min((j for j in order if spans[j].start > b.end), key=lambda j: spans[j].start, default=None)
        if nxt is None or text[b.end:spans[nxt].start] not in (", ", " and ", ", and "):
            return False
        z = spans[nxt].ids[0] if spans[nxt].ids else None
        if z is None:
            return False
        idx = self.idx
        return not (idx.feature_code[z] == "PCLI" and idx.country[z] == idx.country[y])

    def resolve(self, text: str, spans: list[FoundSpan], drop_unsure: bool = False,
                focus: tuple[str, ...] = ()) -> list[Mention]:
        """Mentions for `spans`, in order. `drop_unsure` (used when finding places in open
        text) drops loose-spelling matches that land outside the document's countries:
        "Abdullah" is a person far more often than a Russian town spelled Abdulino."""
        idx = self.idx
        priors, picks, clears, entries = self._first_pass(spans)
        # Per-document state lives in locals, never on self: one Gazetteer may serve
        # several threads (a Dask bag on the threaded scheduler).
        doc = self._votes(text, spans, entries, focus)
        containers = self._containers(text, spans, picks, in_order=drop_unsure)
        countries, fcode = doc.countries, idx.feature_code
        packaged = idx.packaged_count  # imported places come after the packaged ones
        dist: dict[int, float | None] = {}
        memo: dict[tuple, tuple[int, float, list[int], dict]] = {}
        mentions: list[Mention | None] = []
        unknown: list[int] = []  # spans that name nothing known: placed after the others
        chosen: list[tuple] = []  # (span, place, confidence, ranked): for `_same_place`
        unsure = False
        for k, (s, p) in enumerate(zip(spans, priors)):
            if s.end - s.start <= 4 and countries and (not p or fcode[picks[k]] != "PCLI") \
                    and text[s.start:s.end].isupper():
                i = self._country_initials(text[s.start:s.end], countries)
                if i is not None and i not in p:
                    # "SA" in a text on South Africans: the initials of a country it names.
                    mentions.append(self._mention(text, s, i, INITIALS_CONFIDENCE, [i]))
                    chosen.append((k, i, INITIALS_CONFIDENCE, [i]))
                    continue
            if not p:
                mentions.append(None)
                unknown.append(k)
                continue
            cont = containers.get(k)
            cont_pick, cont_bonus = (picks[cont[0]], cont[1]) if cont is not None else (None, 0.0)
            # The prior dict stands for (ids, kind, key): it is cached per name across documents.
            mkey = (id(p), cont_pick, cont_bonus, s.key)
            if mkey not in memo:
                memo[mkey] = self._choose_in(doc, s, entries[k], dist, cont_pick, cont_bonus)
            best, conf, ranked, scores = memo[mkey]
            if self.explain is not None:
                self.explain[k] = scores
            if s.cue == "direction" and fcode[best] == "PCLI":
                # "eastern Congo": of two countries one name, the region is the larger one's
                # in common usage, whatever else the text names (Brazzaville, say).
                big = max((i for i in p if fcode[i] == "PCLI"), key=lambda i: idx.population[i])
                if big != best:
                    best, ranked = big, [big, *(i for i in ranked if i != big)]
            if (s.cue or doc.streets) and self._not_the_place(s, best, doc.streets, drop_unsure):
                mentions.append(None)  # a street, "Russian Embassy", "Mississippi River"
                if not drop_unsure:
                    unknown.append(k)
                continue
            # Most readings meet none of the checks of `_rejected`: a cheap test first.
            out = self._rejected(text, spans, k, best, conf, doc, picks, drop_unsure,
                                 (cont_pick, cont[2] and clears[cont[0]] >= 0.99) if cont is not None else None) \
                if (cont is not None or s.partial or s.loose or s.in_org or best >= packaged
                    or (conf < STRAY_CONFIDENCE and not drop_unsure) or entries[k][5]) else None
            if out is not None:
                mentions.append(None)
                if out:
                    unknown.append(k)
                continue
            if s.loose:
                conf *= 0.8
            if s.weak:
                conf *= 0.6
            if s.user:
                conf = 1.0
            mentions.append(self._mention(text, s, best, conf, ranked))
            chosen.append((k, best, conf, ranked))
            if conf < SAME_PLACE_SURE and len(ranked) > 1:
                unsure = True
        if unsure and len(chosen) > 1:
            self._same_place(text, spans, mentions, chosen)
        for k in unknown:
            mentions[k] = self._fallback(text, spans, k, mentions, doc.share)
        if drop_unsure:
            return [m for m in mentions if m is not None]
        return mentions

    def _choose_in(self, doc: _Doc, s: FoundSpan, entry: tuple, dist: dict, cont_pick, cont_bonus: float):
        """`_choose` for span s of the document `doc`: with the focus of the whole text or, for
        a name that voted for its own unsure reading, without its own votes; with the scale
        where it tells the name's towns apart."""
        focus = (doc.share, doc.ashare)
        if s.key in doc.own_v or s.key in doc.own_av:
            country, admin1 = self.idx.country, self.idx.admin1
            pick, ov, oav = entry[1], doc.own_v.get(s.key, 0.0), doc.own_av.get(s.key, 0.0)
            focus = (doc.votes, doc.avotes, doc.total - ov, doc.atotal - oav,
                     country[pick], ov, (country[pick], admin1[pick]), oav)
        town_pops = entry[4]
        # The scale tells apart only towns on both sides of its limit (`_scale_penalties`).
        scale = doc.scale if town_pops and town_pops[0] < doc.scale_pop <= town_pops[1] else 0.0
        # (an area's own name is no place the area holds: "Idlib" by "the countryside of Idlib")
        named = [a for a, sp in doc.named_areas.items() if sp.key != s.key] if doc.named_areas else ()
        return self._choose(entry, focus, doc.anchors, dist, cont_pick, s.kind == "admin", cont_bonus, named,
                            (doc.areas_named, s.key) if entry[3] else None, scale)

    def _first_pass(self, spans: list[FoundSpan]) -> tuple[list, list, list, list]:
        """Per span: the prior of each candidate, the first-pass pick, how clearly it wins, and
        the whole entry kept per name across documents (they depend on the name alone):
        (priors, pick, clearness, whether it is read as a country that is also another
        country's first-level area, (smallest, largest) population of its towns or None,
        whether the name is an English phrase, what it says in `_votes` (`_vote_facts`), what
        `_choose` needs of its candidates (`_candidate_facts`))."""
        by_key = self._priors
        if len(by_key) > 100_000:
            by_key.clear()
        priors, picks, clears, entries = [], [], [], []
        pop, fcode = self.idx.population, self.idx.feature_code
        for s in spans:
            k = (s.ids, s.kind, s.key, s.cue)
            entry = by_key.get(k)
            if entry is None:
                p = {i: self._prior(i, s, s.ids) for i in s.ids[:TOP_K]}
                pick = max(p, key=p.get) if p else None
                clear_share = (1.0 if len(p) == 1 else softmax_top(list(p.values()))) if p else 0.0
                dual = len(p) > 1 and self._country_and_state(pick, p)
                if dual and clear_share >= OWN_VOTE_CLEAR:
                    # "Georgia": the country does not vote for itself against the state.
                    clear_share = OWN_VOTE_CLEAR - 0.01
                # The range of the sizes of its towns (`_scale_penalties`).
                pops = [pop[i] for i in p if pop[i] > 0 and fcode[i].startswith("PPL")] if len(p) > 1 else ()
                phrase = bool(s.key) and _phrase_like(s.key)
                entry = by_key[k] = (p, pick, clear_share, dual, (min(pops), max(pops)) if pops else None,
                                     phrase, self._vote_facts(s, p, pick, clear_share, phrase),
                                     *self._candidate_facts(p))
            priors.append(entry[0])
            picks.append(entry[1])
            clears.append(entry[2])
            entries.append(entry)
        return priors, picks, clears, entries

    def _candidate_facts(self, p: dict[int, float]) -> tuple[tuple, tuple]:
        """Per name, what `_choose` looks up of each candidate in every document that names it:
        ((id, prior, country, (country, first-level area), whether a first-level area), ...)
        and its towns of known size ((id, population, log10 of population + 1), ...) for
        `_scale_penalties`. Empty for a name of one candidate (`_choose` needs no scores)."""
        if len(p) < 2:
            return (), ()
        idx = self.idx
        country, admin1, fcode, pop = idx.country, idx.admin1, idx.feature_code, idx.population
        cands = tuple((i, v, country[i], (country[i], admin1[i]), fcode[i] == "ADM1") for i, v in p.items())
        towns = tuple((i, pop[i], math.log10(pop[i] + 1)) for i in p if pop[i] > 0 and fcode[i].startswith("PPL"))
        return cands, towns

    def _vote_facts(self, s: FoundSpan, p: dict, pick: int | None, c: float, phrase: bool) -> tuple | None:
        """What a name's first-pass reading adds to the votes of `_votes`, worked out once per
        name (it depends on the name alone), so that a document only adds it up: (its country,
        its country vote, whether it names the country, whether it won narrowly, whether it
        may set the scale, whether it names a first-level area clearly, (country, area) and
        the area vote or None, whether it may anchor, minus its population, the pick), or
        None without a reading."""
        if pick is None:
            return None
        idx = self.idx
        cc, code = idx.country[pick], idx.feature_code[pick]
        w = 1.0 if len(p) == 1 else 0.5 * c
        names_country = code == "PCLI" or s.kind == "demonym"
        area = None
        if idx.admin1[pick] and code not in ("PCLI", "CONT", "RGN", "OCN"):
            area = ((cc, idx.admin1[pick]), 1.5 if code == "ADM1" else (w if cc is not None else 0.5))
        return (cc, 1.5 if names_country else w, names_country, len(p) > 1 and c < OWN_VOTE_CLEAR,
                c >= SCALE_CLEAR and code.startswith("PPL"), code == "ADM1" and c >= OWN_VOTE_CLEAR,
                area, code not in _AREA_CODES and c > 0.8 and not phrase, -idx.population[pick], pick)

    def _votes(self, text: str, spans: list[FoundSpan], entries: list[tuple], focus: tuple[str, ...]) -> _Doc:
        """What the first-pass readings say of the document (see `_Doc`): country focus from
        explicit country mentions, demonyms, the dateline, and the first-pass choices weighted
        by how clear they were; the same vote one level down; anchors; scale."""
        idx = self.idx
        doc = _Doc()
        votes, avotes, named_in = doc.votes, doc.avotes, doc.named_in
        own_v, own_av, clear, scale_towns = doc.own_v, doc.own_av, {}, set()
        # One sense per discourse: a name the text once calls a street's ("Franklin and
        # Chartres streets") is that street wherever it names it, and votes for no country.
        streets = doc.streets = {s.key for s in spans if s.cue == "street"}
        for s, entry in zip(spans, entries):
            facts = entry[6]
            if facts is None or (streets and s.key in streets):
                continue
            cc, v, names_country, unclear, scale_town, area_clear, area, anchor, minus_pop, pick = facts
            if s.cue == "speaker":
                # a state that speaks says little of where the places it speaks of lie ("Russia
                # says it took Pokrovsk": Pokrovsk in Donetsk oblast, not in Yakutia)
                v, names_country = SPEAKER_VOTE, False
            if cc is not None:
                named_in[cc].add(s.key or str(pick))
                if names_country:
                    doc.countries.add(cc)
                if s.dateline:
                    v += 1.0
                votes[cc] += v
                if unclear:
                    own_v[s.key] += v
            if scale_town and not (s.partial or s.loose):
                scale_towns.add(pick)
            if area_clear:
                doc.areas_named[cc].add(s.key)
            # The same vote one level down: which first-level areas the document is about
            # (a local story names its state, or several towns of it).
            if s.kind == "admin" and pick is not None and idx.admin1[pick] and not (
                    idx.country[pick] == "US" and "State" in text[max(s.start, s.admin_start):max(s.end, s.admin_end) + 6]):
                # ("Aleppo governorate": the city's area; but "Mississippi State", "Ohio State": a US
                # state's name with a capitalised "State" is a university or its team as often)
                doc.named_areas[(idx.country[pick], idx.admin1[pick])] = s
            if area is not None and s.cue != "operation":
                avotes[area[0]] += area[1]
                if unclear:
                    own_av[s.key] += area[1]
            # Anchors for proximity: confident point places (not countries or regions), and
            # not a name an operation is called by ("the Kharkiv counteroffensive" took Lyman,
            # Donetsk oblast: Kharkiv is no reason to read Lyman near Kharkiv)
            if anchor and s.cue != "operation":
                # Whole names before parts of names ("Christopher" of "Christopher Inn"),
                # then the bigger place.
                rank = (s.partial or s.loose, minus_pop)
                if rank < clear.get(pick, (True, 1)):
                    clear[pick] = rank
        for cc in focus:
            votes[cc] += FOCUS_VOTE         # a country the text is about by other evidence
        total = sum(votes.values())
        doc.share = {cc: v / total for cc, v in votes.items()} if total else {}
        # The countries the text is about: named, or with a fair share of the votes.
        doc.countries.update(cc for cc, v in doc.share.items() if v >= UNSURE_SHARE)
        atotal = sum(avotes.values())
        doc.ashare = {k: v / atotal for k, v in avotes.items()} if atotal else {}
        doc.total, doc.atotal = total or 1.0, atotal or 1.0
        doc.anchors = [(pick, (idx.lat[pick], idx.lon[pick])) for pick in sorted(clear, key=clear.get)[:4]]
        doc.scale = self._scale(scale_towns)
        doc.scale_pop = 10.0 ** (doc.scale - SCALE_SLACK) - 1.0 if doc.scale else math.inf
        return doc

    def _rejected(self, text: str, spans: list[FoundSpan], k: int, best: int, conf: float, doc: _Doc,
                  picks: list, drop_unsure: bool, cont) -> bool | None:
        """Whether the reading `best` of span k is no reading: None if it stands; else True if
        the span is to be placed like an unknown name (`_fallback`), False if dropped.
        `cont`: (the place the text puts it in, whether it says so firmly and clearly), or None."""
        idx, s = self.idx, spans[k]
        named_in, share = doc.named_in, doc.share
        fcode = idx.feature_code
        if cont is not None and cont[1] and s.kind != "admin" and fcode[best] not in _AREA_CODES \
                and not self._inside(best, cont[0]):
            # "Makarivka, Donetsk Oblast" and the index holds only the one in Kherson: a
            # namesake outside the area the text puts it in is not the place
            return not drop_unsure
        if s.partial and not self._part_trusted(best, conf, doc.anchors, s, named_in):
            return True
        code = fcode[best]
        phrase = (code in ("ADM1", "ADM2") or (code.startswith("PPL") and idx.population[best] < STRAY_POPULATION)) \
            and _phrase_like(s.key) and not self._area_named(best, k, spans, picks)
        if not s.user and (phrase or (not drop_unsure and len(s.ids) > 1 and conf < STRAY_CONFIDENCE)) \
                and self._stray(best, s, doc.anchors, doc.ashare, named_in, phrase):
            # In open text a phrase read as a far hamlet ("the White House") is no place.
            return not drop_unsure
        if drop_unsure and not s.user and (
                (s.in_org and not self._org_place(best, s, named_in))
                or (best >= idx.packaged_count and idx.source[best].startswith("import:")
                    and s.cue != "settlement"
                    and (share.get(idx.country[best], 0.0) < UNSURE_SHARE
                         or not (named_in.get(idx.country[best], set()) - {s.key})))):
            # A word of an organisation's name that is no place by itself; a place known
            # only from an imported file (a hamlet among millions of names) named where
            # nothing else in the text is in its country and nothing calls it a village.
            return False
        if s.loose and not s.partial and not s.user and idx.source[best] != "curated" \
                and (idx.population[best] < LOOSE_CITY_POPULATION or idx.feature_code[best] == "ADM1") \
                and (share.get(idx.country[best], 0.0) < UNSURE_SHARE
                     or not (named_in.get(idx.country[best], set()) - {s.key})):
            # A variant spelling that lands outside the document's countries: in open
            # text most likely no place at all, in a given span a local name the index lacks
            # (an area's population says nothing of how well its name is known: "Jizah", a
            # quarter of Sirte, is no spelling of Egypt's Giza governorate there).
            return not drop_unsure
        return None

    def _same_place(self, text: str, spans: list[FoundSpan], mentions: list, chosen: list[tuple]) -> None:
        """One place per discourse: an unsure reading yields to a candidate of its name that
        another name of the text was read as with confidence ("Washington" after "Olympia,
        Wash." is the state, not the capital), or that the text's longer name for it was read
        as ("Suffolk" after "Suffolk County": that county)."""
        unsure = [c for c in chosen if c[2] < SAME_PLACE_SURE and len(c[3]) > 1]
        if not unsure:
            return
        sure: dict[int, set[str]] = {}
        longer: dict[str, set[int]] = {}  # "suffolk" -> the reading of "Suffolk County"
        unsure_keys = {spans[c[0]].key for c in unsure}
        for k, best, conf, _ in chosen:
            key = spans[k].key
            if conf >= SAME_PLACE_SURE:
                keys = sure.get(best)
                if keys is None:
                    keys = sure[best] = set()
                keys.add(key)
            if " " in key and not spans[k].partial:
                head = key.rsplit(" ", 1)[0]
                if head in unsure_keys:
                    longer.setdefault(head, set()).add(best)
        if not sure and not longer:
            return
        idx = self.idx
        for k, best, _conf, ranked in unsure:
            key = spans[k].key
            long_reads = longer.get(key, ())
            for i in ranked[:TOP_K]:
                keys = sure.get(i)
                if i in long_reads and i != best:
                    # The text's longer name for it says which ("Suffolk County" read in New
                    # York makes a later "Suffolk" that county, not the Virginian city).
                    keys = {""}
                if i == best or keys is None or (len(keys) == 1 and key in keys):
                    continue
                # Not between an area and a town of it ("Chernihiv Oblast" then "Chernihiv"):
                # that is the main-town reading's business (`_prior`).
                if (idx.country[i], idx.admin1[i]) != (idx.country[best], idx.admin1[best]):
                    mentions[k] = self._mention(text, spans[k], i, _conf, [i, *(j for j in ranked if j != i)])
                break

    def _org_place(self, best: int, s: FoundSpan, named_in) -> bool:
        """Whether a place read inside an organisation's name is a place by itself (see
        ORG_CITY_POPULATION): "Syrian" of "Free Syrian Army", "Aleppo" of "Aleppo Media
        Center" are; "Rapid" of "Rapid Support Forces" (Rapid City only by an alternate name)
        and "Media" of that center (a small US town) are not."""
        idx = self.idx
        if s.kind == "demonym" or idx.feature_code[best] in _AREA_CODES:
            return True
        pop = idx.population[best]
        if pop >= 10 * ORG_CITY_POPULATION:
            return True  # a big city by its common name ("New York" of "New York Times")
        if loose_key(_primary_key(idx.name[best])) != loose_key(s.key):
            return False
        # After "of" ("Chamber of Commerce", "University of Reading") a town of the text's
        # country is as likely a field of work as that town: only a city says where.
        return pop >= ORG_CITY_POPULATION or (s.in_org == "name"
                                              and bool(named_in.get(idx.country[best], set()) - {s.key}))

    def _inside(self, i: int, area: int) -> bool:
        """Whether place i lies in `area` (a country, or a first-level area of one)."""
        idx = self.idx
        if idx.country[i] != idx.country[area]:
            return False
        return idx.feature_code[area] != "ADM1" or idx.admin1[i] == idx.admin1[area]

    def _part_trusted(self, best: int, conf: float, anchors, s: FoundSpan, named_in) -> bool:
        """Whether a place named by a part of a given span is the span's place: an area
        ("California State University"), a place near the document's confident places, or,
        with no other such place to compare, a clear reading of a city.

        An area inside a country the text names nothing else in is no such part: "Central
        District" of a court in Osaka is not Israel's, "Delta" of a river's delta not
        Nigeria's, "Western" of a city's hospital not a Rwandan province. A country is
        ("Bank of Korea", "Imperial Japan"): its name is rarely anything else."""
        idx = self.idx
        code = idx.feature_code[best]
        if code in ("ADM1", "ADM2"):
            return bool(named_in.get(idx.country[best], set()) - {s.key})
        if code in _AREA_CODES:
            return True
        if self._near_anchors(best, anchors):
            return True
        big = self.idx.population[best] >= PARTIAL_MIN_POPULATION
        if big and conf >= PARTIAL_SEVERAL_WORDS and " " in s.key:
            return True  # a city's whole name of several words ("San Diego Jazz Orchestra") is its own
        others = [a for a, _ in anchors if a != best]
        return not others and big and conf >= PARTIAL_CLEAR

    def _stray(self, best: int, s: FoundSpan, anchors, ashare, named_in, phrase: bool = False) -> bool:
        """Whether an unsure reading of a given span is better placed like an unknown name:
        an ambiguous small town far from every confident place of the text and outside the
        first-level areas it is about ("Franklin", "Grand", "Hubbard" in a city story are its
        streets and quarters far more often than one of the many hamlets so named), or an
        area of a country the text names nothing else in ("West Coast", "Western" are a
        Gambian or a Sri Lankan province only to a gazetteer)."""
        idx = self.idx
        code = idx.feature_code[best]
        if code.startswith("PPL"):
            # A name that is an English phrase ("White House", "Grand") needs no other place to
            # compare: outside the areas the text is about it is the phrase's building or street.
            # Its own votes make the area share of such a name: only the distance counts.
            return idx.population[best] < STRAY_POPULATION and (phrase or bool(anchors)) \
                and not self._near_anchors(best, anchors) \
                and (phrase or ashare.get((idx.country[best], idx.admin1[best]), 0.0) < STRAY_AREA_SHARE)
        if code in ("ADM1", "ADM2"):
            return not (named_in.get(idx.country[best], set()) - {s.key})
        return False

    def _not_the_place(self, s: FoundSpan, best: int, streets: set[str], drop_unsure: bool) -> bool:
        """Whether what the text calls span s makes its reading `best` no reading: a street's
        name (`_street`), or in a given span a street, a building or a feature named after it
        (`_named_after`). Placed like an unknown name (given spans) or dropped (open text)."""
        if s.key in streets and not s.user and self._street(best):
            return True
        if drop_unsure or s.user:
            return False
        # A span that says it is a street ("Atlantic Avenue") is none of its part's places.
        return s.cue == "street-span" or (s.cue in ("facility", "feature") and self._named_after(s, best))

    def _named_after(self, s: FoundSpan, best: int) -> bool:
        """Whether a given span is a building or a natural feature named after the place its
        part reads as (`FoundSpan.cue`): a building after a country ("Russian Embassy", "French
        Quarter" are in a town, seldom in that country's middle), a river or a valley after an
        area ("Mississippi River" is not the state, "Niger Delta" not the country)."""
        code = self.idx.feature_code[best]
        if s.cue == "facility":
            return s.kind == "demonym" or code == "PCLI"
        return code in ("PCLI", "ADM1", "ADM2")

    def _street(self, best: int) -> bool:
        """Whether a name the text calls a street's is the street rather than its reading
        `best`: yes unless that is a country, an area, a capital or a city of a million,
        which lend their names to streets everywhere and are named for themselves far more
        often ("Washington Street", "the Aleppo road")."""
        idx = self.idx
        code = idx.feature_code[best]
        return code not in _AREA_CODES and code != "PPLC" and idx.population[best] < STREET_CITY_POPULATION

    def _country_initials(self, surface: str, countries: set[str]) -> int | None:
        """The country among `countries` whose name's initials are `surface` ("SA": South
        Africa, "DRC": Democratic Republic of the Congo), else None.

        >>> from gazetteer import load_gazetteer
        >>> r = load_gazetteer().resolver
        >>> r.idx.name[r._country_initials("SA", {"ZA", "AU"})]
        'South Africa'
        """
        if len(surface) < 2:
            return None
        idx = self.idx
        for cc in countries:
            i = idx.country_place.get(cc)
            if i is not None and _initials(idx.name[i]) == surface:
                return i
        return None

    def _area_named(self, best: int, k: int, spans: list[FoundSpan], picks: list) -> bool:
        """Whether another name of the text reads in place `best`'s first-level area (the
        "Tenn." of "White House, Tenn.", a Nashville nearby)."""
        idx = self.idx
        area = (idx.country[best], idx.admin1[best])
        return any(j != k and i is not None and spans[j].key != spans[k].key
                   and (idx.country[i], idx.admin1[i]) == area for j, i in enumerate(picks))

    def _near_anchors(self, best: int, anchors) -> bool:
        """Whether a place lies near the document's confident places (other than itself)."""
        others = [a for a, _ in anchors if a != best]
        if not others:
            return False
        return min(self._km(best, a) for a in others) <= PARTIAL_MAX_KM

    def _choose(self, entry: tuple, focus: tuple, anchors, dist: dict, cont_pick,
                admin: bool = False, cont_bonus: float = CONTAINMENT_BONUS, named_areas=frozenset(), siblings=None,
                scale: float = 0.0):
        """(best, confidence, ranked candidates, their scores) of one name, from its first-pass
        `entry`. `focus` is (country shares, area shares), or, for a name whose own votes are
        left out, (country votes, area votes, their totals without its own, its country, its
        votes there, its area, its votes there): arithmetic per candidate rather than new
        share tables per name."""
        prior = entry[0]
        if len(prior) == 1:
            (i,) = prior
            return i, 0.95, [i], prior
        scores = self._scores(entry, focus, cont_pick, cont_bonus, named_areas, siblings,
                              self._scale_penalties(entry[8], scale) if scale else None)
        ranked = sorted(scores, key=scores.get, reverse=True)
        if anchors and self._closeness(scores, ranked, anchors, dist):
            ranked = sorted(scores, key=scores.get, reverse=True)  # else the order stands
        # softmax_top of the ranked scores, inline: the best score comes first.
        m = scores[ranked[0]]
        conf = 1.0 / sum([math.exp(scores[i] - m) for i in ranked])
        if admin:
            # "Idlib countryside": the town and the province both stand for the same area,
            # so the confidence is the share of every candidate inside the chosen area.
            idx = self.idx
            top = ranked[0]
            m = max(scores.values())
            z = sum(math.exp(v - m) for v in scores.values())
            conf = sum(math.exp(scores[i] - m) for i in ranked
                       if idx.country[i] == idx.country[top] and idx.admin1[i] == idx.admin1[top]) / z
        return ranked[0], conf, ranked, scores

    def _scores(self, entry: tuple, focus: tuple, cont_pick, cont_bonus: float, named_areas, siblings, small) -> dict:
        """Scores of the candidates of a name (`_choose`) before closeness: prior, focus,
        containment, sibling areas and scale."""
        scores = {}
        if cont_pick is not None:
            idx = self.idx
            cont_cc, cont_a1 = idx.country[cont_pick], idx.admin1[cont_pick]
            whole_country = idx.feature_code[cont_pick] == "PCLI"
        # A state named like a country ("Georgia") among the states of the text: see `_sibling_bonus`.
        sib = siblings is not None and bool(siblings[0])
        plain = len(focus) == 2
        if plain:
            cshare, ashare_get = focus[0].get, focus[1].get
        else:
            votes, avotes, total, atotal, own_cc, own_v, own_area, own_av = focus
            cshare, ashare_get = votes.get, avotes.get
            # Shares once its own votes are out (a text of that name alone has no focus).
            cscale = FOCUS_WEIGHT / total if total > 1e-9 else 0.0
            ascale = ADMIN_FOCUS_WEIGHT / atotal if atotal > 1e-9 else 0.0
        for i, p, cc, area, is_adm1 in entry[7]:
            if plain:
                sc = p + FOCUS_WEIGHT * cshare(cc, 0.0) + ADMIN_FOCUS_WEIGHT * ashare_get(area, 0.0)
            else:
                cv = cshare(cc, 0.0) - (own_v if cc == own_cc else 0.0)
                av = ashare_get(area, 0.0) - (own_av if area == own_area else 0.0)
                sc = p + cscale * cv + ascale * av
            if cont_pick is not None and cc == cont_cc and (whole_country or area[1] == cont_a1):
                sc += cont_bonus
            elif named_areas and area in named_areas and not is_adm1:
                # "In Aleppo governorate, rebels captured the village of Sawran": the Sawran of
                # the area the text names as such, not a bigger namesake in Hama
                sc += NAMED_AREA_BONUS
            if sib and is_adm1:
                sc += self._sibling_bonus(cc, *siblings)
            if small:
                sc -= small.get(i, 0.0)
            scores[i] = sc
        return scores

    def _closeness(self, scores: dict, ranked: list, anchors, dist: dict) -> bool:
        """Adds to `scores` the closeness bonus of the candidates that closeness could still
        lift to the top (`ranked`: best first); whether any score changed."""
        fcode = self.idx.feature_code
        lifted = False
        floor = scores[ranked[0]] - PROXIMITY_WEIGHT
        for i in ranked[:4]:
            if scores[i] <= floor:
                break  # ranked: the rest score no higher
            if fcode[i] in _AREA_CODES:
                continue
            d = self._distance_to_anchors(i, anchors, dist)
            if d is not None:
                scores[i] += PROXIMITY_WEIGHT * math.exp(-d / PROXIMITY_KM)
                lifted = True
        return lifted

    def _scale(self, towns: set[int]) -> float:
        """The scale of the towns a text is about: the median log10 population of the towns it
        names in full and reads fairly clearly (`SCALE_CLEAR`), if there are `SCALE_MIN_TOWNS`
        of them, else 0 (no scale)."""
        if len(towns) < SCALE_MIN_TOWNS:
            return 0.0
        pop = self.idx.population
        pops = sorted([pop[i] for i in towns if pop[i] > 0])
        return math.log10(pops[len(pops) // 2] + 1) if len(pops) >= SCALE_MIN_TOWNS else 0.0

    def _scale_penalties(self, towns: tuple, scale: float) -> dict[int, float] | None:
        """Penalties of the towns far smaller than the towns of the text, when a namesake is of
        their size: a story on Dallas, Houston, San Antonio and Oakland speaks of Portland,
        Oregon, not of the small Texan town; of two villages beside Kharkiv neither is of its
        size, and the scale says nothing (None). Areas and towns of unknown size are exempt:
        `towns` holds a name's towns of known size (`_candidate_facts`)."""
        lim = scale - SCALE_SLACK
        lim_pop = 10.0 ** lim - 1.0  # a town of at least this many people fits
        small = [(i, log_pop) for i, n, log_pop in towns if n < lim_pop]
        if not small or len(small) == len(towns):  # none small, or none fits
            return None
        return {i: SCALE_WEIGHT * min(lim - log_pop, SCALE_MAX_GAP) for i, log_pop in small}

    def _country_and_state(self, pick: int, prior: dict[int, float]) -> bool:
        """Whether a name read first as a country is also a first-level area of another
        country ("Georgia")."""
        idx = self.idx
        fcode, country = idx.feature_code, idx.country
        return fcode[pick] == "PCLI" and any(fcode[i] == "ADM1" and country[i] != country[pick] for i in prior)

    @staticmethod
    def _sibling_bonus(cc: str, areas_named: dict, key: str) -> float:
        """Bonus of a first-level area of country `cc` for the other first-level areas of `cc`
        the text names: a name that is a country and a state ("Georgia") is the state in a
        list of states, the country beside Armenia and Azerbaijan.

        >>> Resolver._sibling_bonus("US", {"US": {"florida", "nevada", "georgia"}}, "georgia")
        2.0
        """
        named = areas_named.get(cc)
        if not named:
            return 0.0
        n = len(named) - (key in named)
        return SIBLING_BONUS * min(n, SIBLING_MAX) if n >= 2 else 0.0

    def _distance_to_anchors(self, i: int, anchors, dist: dict) -> float | None:
        """km from place i to the nearest anchor other than itself (memoised per document)."""
        d = dist.get(i, -1.0)
        if d == -1.0:
            # The pair cache of `_km` read here: a call per anchor costs more than the look-up.
            pair_km = self._pair_km
            ds = [pair_km.get((i, a) if i < a else (a, i)) or self._km(i, a) for a, _ in anchors if a != i]
            d = dist[i] = min(ds) if ds else None
        return d

    def _km(self, i: int, j: int) -> float:
        """geopy great-circle km between places i and j; pairs recur across a news stream
        about one region, so they are kept (bounded)."""
        key = (i, j) if i < j else (j, i)
        d = self._pair_km.get(key)
        if d is None:
            if len(self._pair_km) > 200_000:
                self._pair_km.clear()
            d = self._pair_km[key] = great_circle(self._point(i), self._point(j)).km
        return d

    def _point(self, i: int) -> Point:
        """geopy Point of place i, built once: geopy's own parsing is the costly part of a distance."""
        p = self._points.get(i)
        if p is None:
            if len(self._points) > 100_000:
                self._points.clear()
            p = self._points[i] = Point(self.idx.lat[i], self.idx.lon[i])
        return p

    def _mention(self, text: str, s: FoundSpan, best: int, conf: float, ranked: list[int]) -> Mention:
        idx, gz = self.idx, self.gz
        kind, start, end = s.kind, s.start, s.end
        if kind == "admin":
            # "Idlib governorate": the area the town is the seat of; a village gives no area its
            # name ("Shabwa governorate" is no area of Myanmar's Sha Bwa, which "Shabwa" also names)
            area = best if idx.feature_code[best] == "ADM1" else \
                idx.admin_area.get(f"{idx.country[best]}.{idx.admin1[best]}")
            if area is not None and area != best and idx.population[best] < _NAMES_ITS_AREA and \
                    loose_key(_primary_key(idx.name[area])) != loose_key(s.key):
                area = None
            if area is not None:
                best = area
                start, end = s.admin_start, s.admin_end
            else:
                kind = "toponym"
        # The place and its runners-up as Places, in one look-up per mention.
        top = (best, *ranked[1:1 + MAX_ALTERNATIVES]) if len(ranked) > 1 else (best,)
        places = self._alts.get(top)
        if places is None:
            if len(self._alts) > 100_000:
                self._alts.clear()
            places = self._alts[top] = (gz.place(best), tuple(gz.place(i) for i in top[1:] if i != best))
        # Positional: a frozen dataclass's keyword call costs a third more, per mention.
        return Mention(text[start:end], start, end, places[0],
                       1.0 if conf >= 1.0 else round(conf, 3) if conf > 0.0 else 0.0, places[1], kind)

    def _fallback(self, text: str, spans: list[FoundSpan], k: int, mentions: list, share) -> Mention:
        """No name matched (a street, a building, a landmark): the place the text is about
        around it, flagged by a low confidence. A reader puts "Royal Street" in the town the
        paragraph is about, else in the town the article names most, else in the area or
        country it is about.

        Only solid readings count: whole names (not a part of a span, not a variant
        spelling) resolved with some confidence. A town or area named right after the span
        as its place ("Quintrell Farm, near Tralee", "a clinic in Qamishli") comes first."""
        idx = self.idx
        s = spans[k]
        placed = self._placed_by(text, spans, k, mentions)
        if placed is not None:
            return Mention(surface=text[s.start:s.end], start=s.start, end=s.end,
                           place=self.gz.place(placed), confidence=FALLBACK_CONFIDENCE, kind="toponym")
        para_start = text.rfind("\n", 0, s.start) + 1
        towns: dict[int, float] = defaultdict(float)
        areas: dict[int, float] = defaultdict(float)
        for j, m in enumerate(mentions):
            if m is None or m.place is None or j == k:
                continue
            f = spans[j]
            if (f.partial and not self._whole_city_part(f, m)) or (f.loose and not f.partial) \
                    or f.kind == "demonym" or m.confidence < FALLBACK_SOLID:
                continue  # "Sicilian farmers" says nothing of where a street is
            i = f.ids[0] if len(f.ids) == 1 else self._index_of(m, f)
            if i is None:
                continue
            code = idx.feature_code[i]
            if code.startswith("PPL"):
                # The towns named close to the span weigh most, before it in its paragraph most.
                gap = s.start - f.end if f.start < s.start else f.start - s.end
                towns[i] += (1.0 + FALLBACK_NEAR_BONUS * math.exp(-max(gap, 0) / FALLBACK_NEAR_CHARS)
                             + (FALLBACK_NEAR_BONUS if para_start <= f.start < s.start else 0.0)) * m.confidence
            elif code in ("ADM1", "ADM2", "RGN"):
                areas[i] += 1.0
        # A text that names its first-level area ("Texas") has its streets in a town of it.
        inside = {(idx.country[a], idx.admin1[a]) for a in areas if idx.feature_code[a] in ("ADM1", "ADM2")}
        local = {i: w for i, w in towns.items() if (idx.country[i], idx.admin1[i]) in inside}
        pool = local or towns or areas
        best = max(pool, key=lambda i: (pool[i], idx.prior[i])) if pool else None
        if best is None and share:
            best = idx.country_place.get(max(share, key=share.get))
        if best is None:
            return Mention(surface=text[s.start:s.end], start=s.start, end=s.end)
        return Mention(surface=text[s.start:s.end], start=s.start, end=s.end,
                       place=self.gz.place(best), confidence=FALLBACK_CONFIDENCE, kind="toponym")

    def _whole_city_part(self, f: FoundSpan, m: Mention) -> bool:
        """Whether a part of a given span is a big city's whole name of several words ("San
        Diego" of "San Diego Jazz Orchestra"), as solid as the name alone."""
        return " " in f.key and m.place.feature_code.startswith("PPL") \
            and m.place.population >= PARTIAL_MIN_POPULATION and m.confidence >= FALLBACK_SOLID

    def _placed_by(self, text: str, spans: list[FoundSpan], k: int, mentions: list) -> int | None:
        """The town or first/second-level area the text places span k in: named right after it
        ("X, near Y", "X in Y", "X, Y") or before it as its owner ("Marseille's old port"), when
        that name reads solidly; else None."""
        s = spans[k]
        # Spans may come in any order (given spans): the next one and the one right before.
        nxt = min((j for j, f in enumerate(spans) if s.end < f.start <= s.end + _PLACED_BY_MAX),
                  key=lambda j: spans[j].start, default=None)
        if nxt is not None and not _PLACED_BY.fullmatch(text, s.end, spans[nxt].start):
            nxt = None
        if nxt is None:
            nxt = min((j for j, f in enumerate(spans) if s.end < f.start <= s.end + _PLACED_LATER_MAX),
                      key=lambda j: spans[j].start, default=None)
            if nxt is not None and not _PLACED_LATER.fullmatch(text, s.end, spans[nxt].start):
                nxt = None
        if nxt is None:
            nxt = next((j for j, f in enumerate(spans) if text[f.end:s.start] in _POSSESSIVE_GAPS), None)
        if nxt is None:
            return None
        f, m = spans[nxt], mentions[nxt]
        if m is None or m.place is None or f.partial or f.loose or f.kind == "demonym" \
                or m.confidence < FALLBACK_SOLID:
            return None
        i = f.ids[0] if len(f.ids) == 1 else self._index_of(m, f)
        if i is None:
            return None
        code = self.idx.feature_code[i]
        return i if code.startswith("PPL") or code in ("ADM1", "ADM2") else None

    def _index_of(self, m: Mention, f: FoundSpan) -> int | None:
        """Place id of a mention's place among its span's candidates."""
        idx = self.idx
        for i in f.ids[:TOP_K]:
            if idx.name[i] == m.place.name and idx.geonameid[i] == m.place.geonameid:
                return i
        return None
