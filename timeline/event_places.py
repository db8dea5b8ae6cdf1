"""Which place mentions are where an event happens, and how a verb reaches them.

`place_refs` turns the gazetteer's mentions into `PlaceRef`s and marks those that
are only context: a dateline ("KABUL -"), a place locating another ("Musa Qala
in northern Helmand", "Syria's Idlib"), a route ("the road between A and
B"), an organisation's name ("the Aleppo Media Center"), a speaker ("Abdullah
said"), a country adjective ("Syrian"), an actor's name, or a mention the
gazetteer itself doubts.  "The city" and "the town" become references to the
place they point back to.  `marker` says which preposition introduces a place
seen from a verb ("" for its direct object).

    >>> from gazetteer.records import Mention, Place
    >>> text = "KABUL - Fighters took Musa Qala, in northern Helmand."
    >>> ms = [Mention(w, text.index(w), text.index(w) + len(w), Place(w, 0, 0, i), 0.9)
    ...       for i, w in enumerate(["KABUL", "Musa Qala", "Helmand"])]
    >>> [(text[r.start:r.end], r.context) for r in place_refs(text, ms)]
    [('KABUL', 'dateline'), ('Musa Qala', None), ('Helmand', 'modifier')]
    >>> marker(text, text.index("took") + 4, text.index("Musa"))
    ''
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from math import asin, cos, radians, sin, sqrt
from typing import NamedTuple

from gazetteer.normalize import name_key
from gazetteer.records import Mention, Place
from gazetteer.sources import country_neighbours
from timeline import times as _times
from timeline.actors import ActorMention
from timeline.sentences import word_start_matches
from timeline.times import MONTHS, WEEKDAYS

#: How far back (characters) "the city" and an unstated origin look for their place.
LOOKBACK_CHARS = 900
_WORD = re.compile(r"[\w'’.-]*\w|[^\w\s]")

#: Nouns that name a kind of place: "the town of X", "the outskirts of X" still mean X.
_PLACE_NOUNS = frozenset(
    "city cities town towns village villages hamlet hamlets settlement settlements locality localities district "
    "districts province provinces region area areas governorate countryside oblast raion "
    "outskirts suburb suburbs camp neighbourhood neighborhood neighbourhoods neighborhoods capital enclave "
    "pocket stronghold strongholds bastion bastions territory municipality parts part most much all half some rest remainder centre "
    "center heart whole entirety majority bulk control hub site base bases headquarters airport airbase garrison barracks capitals "
    "positions compound port crossing side stretch section sections quarter quarters outpost outposts hilltop "
    "bridge checkpoint checkpoints percent cent % third thirds".split())
#: Parts of a place that stand for it with "in": "overran its base in X", "seized districts in X".
_SITES_IN = frozenset(
    "base bases headquarters airport airbase garrison barracks position positions compound complex outpost outposts "
    "post posts detachment detachments camp camps palace palaces station stations building buildings prison airfield factory plant "
    "checkpoint centre center hospital refinery crossing crossings command division brigade regiment "
    "infrastructure sites installations facilities "
    "checkpoints stronghold hub district districts neighbourhood neighbourhoods neighborhood neighborhoods "
    "bridge bridges dam port harbour "
    "areas villages parts".split())
_COMPASS = frozenset("north south east west northeast northwest southeast southwest northeastern northwestern "
                     "southeastern southwestern northern southern eastern western".split())
#: Prepositions that introduce a place; anything else between a verb and a place is skipped.
_MARKERS = frozenset("from of to towards toward into for in inside at within around near across via through "
                     "by onto outside beyond reach reaches reached reaching".split())
#: Words that end the phrase a verb governs: "seized the town after X ...".
_CLAUSE_WORDS = frozenset("after before as while when since until because amid and but or that which who where "
                          "following despite during than if unless whereas".split())
#: A village this small read by a name another place bears as its own is a guess between
#: namesakes (`_a_namesakes_name`).
NAMESAKE_VILLAGE_POPULATION = 5_000
#: Mentions the gazetteer itself doubts this much are not used as event places.
MIN_MENTION_CONFIDENCE = 0.3
#: At most this many words between a verb and its object place ("the strategic hilltop town of").
_MAX_SKIPPED = 5
#: How many more words a site named before "in" may take: "the army's 20th Infantry Division headquarters".
_SITE_WORDS = 5
#: A site noun and "of", whose "in" may come many words later (`marker`).
_SITE_OF = re.compile(r"\b(?:headquarters|base|airport|airbase|garrison|barracks|compound|complex|outpost|palace|station|"
                      r"building|prison|airfield|factory|plant|hospital|refinery)\s+of\b", re.IGNORECASE)
#: Words after a country adjective that make it a place: "into Turkish territory".
_TERRITORY = re.compile(r"^[\s-]*(?:territory|territories|soil|land|lands|side)\b", re.IGNORECASE)
#: "the city", "the town": refer back to the last place named, whatever words describe it
#: ("the besieged town", "the northern Shan state city", "the Gezira state capital"), but not
#: words that point to another place ("the next town", "the nearby village").
_ANAPHOR = re.compile(r"\b(?:the|this)\s+(?:(?!(?:next|other|another|first|second|third|nearby|neighbou?ring|adjacent|"
                      r"surrounding|following|previous|new|twin|sister|rival|each|every|nearest|closest|largest|biggest|"
                      r"smallest|only|one|two|three|said|capital|city|town|village|"
                      # (words of a clause, not of a description: "the rebels took the town")
                      r"the|this|that|a|an|of|in|on|at|to|from|by|and|or|for|with|into|near|as|which|its|their|his|"
                      r"her|our|is|was|were|are|has|had|have|it|they)\b)"
                      r"[a-z][\w-]*(?<!['’]s)\s+){0,3}?"     # (no possessive: "the army's last stronghold")
                      r"(?:city|town|village|locality|port|stronghold|enclave|bastion|camp"
                      r"|(?:state|provincial|regional|province|district|governorate|oblast)\s+capital)\b"
                      # (a place after it is the one meant: "the town near Kherson")
                      r"(?!\s+(?:of|near|outside)\b)(?!['’]s)(?![\w-])", re.IGNORECASE)
#: A headline's "town" or "city" with no article, after the verb whose object it is: "flee Sinjar
#: as Islamic State overruns town", "Gwoza: thousands reach Maiduguri after Boko Haram seizes town".
_HEADLINE_ANAPHOR = re.compile(r"(?<=[a-z] )(?:(?:border|key|strategic|northern|southern|eastern|western|central|"
                               r"coastal|frontier|main|besieged|garrison|market|river|desert|oil|mining)\s+)?"
                               r"(?:town|city)(?=[ \t]*$|[ \t]*[;:,]|[ \t]+(?:after|as|amid|following|without|in|on)\b)",
                               re.MULTILINE)
#: A line that ends in no full stop: a headline.
_HEADLINE_LINE = re.compile(r"^[^\n]{10,200}?(?<![.!?\"”’'])[ \t]*$", re.MULTILINE)
#: A place right after "the camp", "the town", which it names: "the army camp at Aguelhok".
_AT_A_PLACE = re.compile(r"\s+at\s+[A-Z]")
#: Between "the town" and the place named in apposition to it: "the regional capital, Donetsk".
_APPOSITION = re.compile(r",?\s*")
#: An apposition that calls a place by a noun: ", a strategic town", ", the provincial capital" (the noun).
_CALLED_AFTER = re.compile(r",\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?|(?-i:[A-Z])[\w-]*['’]s\s+(?:[\w-]+\s+){0,2}?)"
                           r"(?P<noun>town|city|village|capital|settlement)\b", re.IGNORECASE)
# ("Aleppo, Syria's largest city": so called too)
#: The noun a place is called by before its name, with words of its own: "the northern Iraqi city of Mosul".
_CALLED_BEFORE = re.compile(r"\bthe\s+(?:[\w-]+\s+){1,3}?(?P<noun>town|city|village|capital|settlement)\s+of\s+$",
                            re.IGNORECASE)      # (a bare "the city of X" calls nothing: battle narratives write it of every town)
#: After a name, the word that makes it a camp's: "Zamzam camp", "Kakuma refugee camp".
_CALLED_A_CAMP = re.compile(r"\s+(?:(?:refugee|IDP|IDPs|displacement|transit|army|military)\s+)?camp\b", re.IGNORECASE)
#: A camp named by the name before its noun: "Zamzam camp", "Kakuma refugee camp".
_A_NAMED_CAMP = re.compile(r"\b(?!(?:The|This|That|A|An|Its|Their|Our)\b)[A-Z][\w'’-]+(?i:" + _CALLED_A_CAMP.pattern + ")")
#: Between list items after the second: "Kunduz, Sar-e Pol and Taloqan", "A, B, C".
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
#: `_ANAPHOR` over lowercased text, opening with a literal so that the regex engine jumps from
#: one "th" to the next instead of trying `\b` everywhere; the boundary is checked by hand.
_ANAPHOR_LOW = re.compile(r"th(?:e|is)" + _ANAPHOR.pattern[len(r"\b(?:the|this)"):])
#: A place followed by one of these is still the place ("Idlib City", "Idlib Province").
_NAME_SUFFIX = re.compile(r"^\s(?:City|Province|Governorate|District|Countryside|Region|Town|"
                          r"January|February|March|April|May|June|July|August|September|October|November|"
                          r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


class PlaceRef(NamedTuple):
    """A place as the event rules see it: a resolved name, or "the city" pointing back at one.
    (A named tuple: built for every mention of every article, three times faster than a
    frozen dataclass.)"""

    start: int
    end: int
    mention: Mention
    anaphor: bool = False
    context: str | None = None      # why it is not a party to the action, if it is not

    @property
    def place(self) -> Place:
        return self.mention.place

    @property
    def populated(self) -> bool:
        p = self.mention.place
        return not (p.is_country or p.is_admin_area or p.feature_code.startswith("CONT"))


def place_refs(text: str, mentions: Sequence[Mention], actors: Sequence[ActorMention] = (), *,
               low: str | None = None, topic: Mention | None = None,
               actor_countries: Sequence[str] = (), title_countries: Sequence[str] = ()) -> list[PlaceRef]:
    """Resolved mentions plus "the city"-style references, each marked with its context role, if any.

    A name that is also an actor's ("Al-Shabaab") is the actor, and a mention the gazetteer
    gives less than MIN_MENTION_CONFIDENCE is not trusted as an event's place.  `low` is
    `text.lower()` when the caller has it already.  `topic`: the place the article's title
    names (`title_topic`), which "the city" means when the text before it names none.
    `actor_countries`: where the armed groups the text names fight, which say what a text of
    one place is about; `title_countries`: the countries a title apart from the text names
    ("Northwestern Syria offensive"), which say what all of it is about (`_far_countries`)."""
    ms = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)

    named_actors = sorted((a.start, a.end) for a in actors if not a.anaphor)
    actor_starts = [a for a, _ in named_actors]
    # words of the actors' names read as places ("Haram" of "Boko Haram") say nothing of where
    # the text is
    focus = _focus_of(text, ms, named_actors, actor_starts, topic, title_countries, actor_countries)
    outside = _outside_their_locator(text, ms) if len(ms) > 1 else set()
    refs: list[PlaceRef] = []
    if low is None:
        low = text.lower()
    same_offsets = low if len(low) == len(text) else None
    # one pass: each mention's role, and what "the city" needs of the named places (their ends,
    # keys and counts) and of all mentions (how far they reach), with each place's kind read once
    named: list[PlaceRef] = []
    ends: list[int] = []
    keys: list[str] = []
    counts: dict[str, int] = {}
    starts: list[int] = []
    reach: list[int] = []
    furthest = -1
    for i, m in enumerate(ms):
        context = _context_of(text, ms, i, same_offsets)
        p = m.place
        area = p.is_country or p.is_admin_area
        if context is None and (i in outside or _doubtful(text, m, ms, title_countries)):
            context = "doubtful"
        if context is None and _inside_longer_name(text, m, ms, i, named_actors):
            context = "part of a name"
        if context is None and not area and _far_from_the_text(text, ms, i, focus, topic):
            context = "far from the text"
        if context is None and not area and _NAMED_SITE_AFTER.match(text, m.end) and p.country not in focus.sure_countries \
                and not any(x is not m and x.place is not None and x.place.country == p.country for x in ms):
            context = "site's name"     # "the Ouagadougou centre" in a story of Sirte: named after a town abroad
        if context is None and not area:
            k = bisect.bisect_left(actor_starts, m.end)       # actors starting before the mention ends
            if k and named_actors[k - 1][1] > m.start or \
                    any(e > m.start for _, e in named_actors[max(0, k - 3):k]):
                context = "actor"
        # "at Enerhodar" read as an Arabic article and a name: the English "at" is no part of the place
        ref = PlaceRef(m.start + len(_english_article(m.surface)), m.end, m, False, context)
        refs.append(ref)
        # ("the town" never means a region: `PlaceRef.populated`, less regions)
        if context is None and not area and not p.feature_code.startswith(("CONT", "RGN")):
            key = p.key
            named.append(ref)
            ends.append(m.end)
            keys.append(key)
            counts[key] = counts.get(key, 0) + 1
        starts.append(m.start)
        if m.end > furthest:
            furthest = m.end
        reach.append(furthest)      # the furthest end of the mentions up to each one
    n_mentions = len(refs)
    refs += _anaphor_refs(text, low, topic, named, (ends, keys, counts, starts, reach), _held(mentions, refs),
                          named_actors)
    if len(refs) == n_mentions:
        return refs                   # the mentions are in order already
    return sorted(refs, key=lambda r: r.start)


class _Focus(NamedTuple):
    """Where a text is, as `place_refs` reads its places against it (`_focus_of`)."""

    far: frozenset[str]             # countries whose small towns are doubtful here (`_far_countries`)
    by_actors: bool                 # `far` only from where the named groups fight
    abroad: frozenset[str]          # countries none of whose towns is an event's place
    own_named: frozenset[str]       # countries the text names itself (`_own_named_countries`)
    villages_abroad: frozenset[str]  # names shown to be villages', no towns abroad anywhere in it
    strays: frozenset[int]          # mentions of villages astray (`_stray_villages`)
    named_by: dict                  # country -> the names (surfaces) of the text that place something in it
    sure_countries: frozenset[str]  # countries the text names as such (or by a demonym), or by two names


def _focus_of(text: str, ms: list[Mention], named_actors, actor_starts, topic: Mention | None,
              title_countries: Sequence[str], actor_countries: Sequence[str]) -> _Focus:
    topic_countries = (topic.place.country,) if topic is not None and topic.place.country else tuple(title_countries)
    # words of the actors' names read as places ("Haram" of "Boko Haram") say nothing of where the text is
    far, by_actors, abroad = _far_countries([m for m in ms if not _inside_an_actor(m, named_actors, actor_starts)],
                                            topic_countries, actor_countries)
    # one sense per text: a name once shown to be a village's is no town abroad anywhere in it
    named_by: dict[str, set[str]] = {}
    sure = set()
    for m in ms:
        if m.place is not None and m.place.country:
            named_by.setdefault(m.place.country, set()).add(m.surface)
            if m.kind == "demonym" or m.place.is_country and not _NOUN_AFTER_NAME.match(text, m.end) \
                    and not _SPEAKER.match(text, m.end):
                sure.add(m.place.country)   # (not "U.S. air strikes", "Russia says": no place the text is)
    sure.update(c for c, names in named_by.items() if len(names) > 1)
    return _Focus(far, by_actors, abroad, frozenset(_own_named_countries(ms, named_actors, actor_starts)),
                  frozenset(m.surface for m in ms if _a_village_abroad(text, m, ms)), frozenset(_stray_villages(ms)),
                  named_by, frozenset(sure))


def _far_from_the_text(text: str, ms: list[Mention], i: int, focus: _Focus, topic: Mention | None) -> bool:
    """Whether mention i, a town, reads a namesake far from where the text is."""
    m = ms[i]
    p = m.place
    topic_country = topic.place.country if topic is not None else None
    if p.feature_code.startswith("RGN") and not m.alternatives:
        return False      # a region no namesake shares is no misread town: "Karabakh exodus" in a text of Armenia
    # (a town near the title's own, over a border from it, is no namesake abroad: "Akhtarin" in a
    # paragraph of "Hawar Kilis Operations Room", 30 km from Kilis in Turkey)
    abroad = not _near_topic(p, topic)
    far = (abroad and p.country in focus.far and _a_namesake_abroad(text, m, focus.by_actors)
           # a city beyond the borders of the text's focus, of any size but a capital
           or abroad and p.country in focus.abroad and p.feature_code != "PPLC"
           and ((p.population or 0) < METROPOLIS_POPULATION or _NOUN_AFTER_NAME.match(text, m.end))
           or i in focus.strays or _far_from_topic(p, topic)
           or focus.own_named and p.country not in focus.own_named and p.country != topic_country
           and (p.population or 0) < STRAY_VILLAGE_POPULATION and _another_name(m)
           and not _another_place_in_its_country(m, ms)   # ("Damascus Countryside ... Maaloula" beside
           # "Convent" of "the Convent of Saint Thecla", read in the US: Syria's)
           or m.surface in focus.villages_abroad)
    if _a_demonym_says_otherwise(text, ms, i) or _alone_in_its_country(m, focus, topic_country):
        return True       # "the southern Lebanese village of Houla" is no Syrian Houla, however near
    return bool(far) and not (i not in focus.strays and _near_sure_place(m, ms, focus.far))


def _another_place_in_its_country(m: Mention, ms: list[Mention]) -> bool:
    """Whether the text names another place (a town or an area, not the country itself) in the
    country of mention m's reading."""
    c = m.place.country
    return any(x.place is not None and x.place.country == c and not x.place.is_country and x.surface != m.surface
               for x in ms)


def _alone_in_its_country(m: Mention, focus: _Focus, topic_country: str | None) -> bool:
    """Whether a small town is the text's only name in its country, a country that borders none
    of the countries the text is surely about (named as such, by a demonym or by two names; not
    where its sides fight, which is many places): "Pagak" read in Indonesia, named five times in
    a story of South Sudan and Ethiopia, is a namesake far from the text."""
    p = m.place
    if (p.population or 0) >= STRAY_VILLAGE_POPULATION or p.country == topic_country or \
            p.country in focus.sure_countries or focus.named_by.get(p.country, set()) - {m.surface}:
        return False
    return bool(focus.sure_countries) and not any(p.country in country_neighbours(c) for c in focus.sure_countries)


def _a_demonym_says_otherwise(text: str, ms: list[Mention], i: int) -> bool:
    """Whether a country's demonym before the place noun of mention i ("the southern Lebanese
    village of Houla", "Lebanese villages including Kfar Kila and Houla") names another country
    than the one its reading lies in."""
    m = ms[i]
    for d in ms[max(0, i - 4):i]:
        if d.kind == "demonym" and d.place is not None and d.place.is_country and d.place.country \
                and d.place.country != m.place.country and _DEMONYM_NOUN_OF.fullmatch(text, d.end, m.start):
            return True
    return False


#: Between a country's demonym and a place it says lies in that country: " village of ",
#: " villages including Kfar Kila and ".
_DEMONYM_NOUN_OF = re.compile(r"\s+(?:[a-z-]+\s+)?(?:village|town|city|hamlet|settlement|port)s?\s+"
                              r"(?:of|including|such\s+as)\s+(?:[^.;:()]{0,60}?(?:,\s*|\s+and\s+))?")


def _anaphor_refs(text: str, low: str, topic: Mention | None, named: list[PlaceRef], index: tuple,
                  all_starts: set[int], named_actors) -> list[PlaceRef]:
    """What "the city", "the town" stand for: the named place they refer back to (`_antecedent`),
    or the title's place when none is named before.  `index`: the named places' ends, keys and
    counts, and all mentions' starts and reach, as `place_refs` gathered them."""
    ends, keys, counts, starts, reach = index
    out = []
    for a0, a1 in sorted([m.span() for m in word_start_matches(_ANAPHOR_LOW, low)] + _headline_anaphors(text)):
        k = bisect.bisect_right(starts, a0)
        if k and reach[k - 1] > a0:
            continue                  # part of a name ("the Town Hall" is not "the town")
        words = text[a0:a1].split()
        if len(words) > 2 and words[-1][0].isupper() or _AT_A_PLACE.match(text, a1):
            continue                  # a name, described: "the Marawi City Hall", "the old Gaza City";
            # or a site of a place named after it: "the army camp at Aguelhok" (not "at the weekend")
        j = bisect.bisect_left(starts, a1)
        if words[-1].lower() == "capital" and j < len(starts) and _APPOSITION.fullmatch(text, a1, starts[j]):
            continue                  # the place named next to it: "seized the regional capital, Donetsk"
            # (after "the city," a name may open the next clause: "After the fall of the city, Melitopol ...")
        k = bisect.bisect_right(ends, a0)
        # (a name that only qualifies a site or an area, "the Mürşitpınar border gate", "Lubero
        # territory", is no town referred to)
        window = [j for j in range(max(0, k - 12), k) if a0 - named[j].end <= LOOKBACK_CHARS
                  and not _SITE_NOUN_AFTER.match(text, named[j].end)]
        if words[-1].lower() == "camp":
            # "overran the camp": a place the text called a camp, else one named bare ("raided
            # Nuseirat and withdrew from the refugee camp"), unless the text named a camp the
            # gazetteer lacks ("people from Zamzam camp reached Tawila since the RSF overran the camp")
            if any(w[0].isupper() for w in words[1:-1]):
                continue              # a camp's own name: "left the Kanyaruchinya camp" (not Sake, named before)
            camps = [j for j in window if _CALLED_A_CAMP.match(text, named[j].end)]
            if not camps and _A_NAMED_CAMP.search(text, max(0, a0 - LOOKBACK_CHARS), a0):
                continue
            window = camps or window
        if len(window) > 1 and _locates_the_one_before(text, named[window[-2]], named[window[-1]]):
            window = window[:-1]      # a place that only says where the one before lies: "Tal Afar, 55 km west of Mosul"
        ref = _antecedent([named[j] for j in window], text[a0:a1].split()[-1].lower(),
                          [counts[keys[j]] for j in window], topic.place.key if topic is not None else None,
                          same_sentence=[not _SENTENCE_BREAK.search(text, named[j].end, a0) for j in window],
                          went_to=_gone_to(text, [named[j] for j in window]),
                          fled_to=[_FLED_TO.search(text, max(0, named[j].start - 30), named[j].start) is not None
                                   for j in window],
                          called=[(m.group("noun").lower() if (m := _CALLED_AFTER.match(text, named[j].end)
                                                               or _CALLED_BEFORE.search(text, max(0, named[j].start - 40),
                                                                                        named[j].start)) else None)
                                  for j in window])
        if ref is not None and _gone_to(text, [ref])[0] and _unheld_place_between(
                text, max(text.rfind(". ", 0, ref.start) + 2, text.rfind("\n", 0, ref.start) + 1), ref.start,
                all_starts, named_actors):
            continue                  # "an assault on Palma ... drove residents by boat to Pemba; the town was
            # retaken": the town is Palma, which the gazetteer lacks, not where they went
        if ref is not None and _unheld_place_between(text, ref.end, a0, all_starts, named_actors) and not (
                (c := _CALLED_AFTER.match(text, ref.end)) and c.group("noun").lower() == words[-1].lower()):
            continue                  # "the city" may be the place the gazetteer lacks: none rather than wrong
            # (but not when the text called the place so: "Aleppo, Syria's largest city, ...")
        if ref is not None:
            out.append(PlaceRef(a0, a1, ref.mention, anaphor=True))
        elif topic is not None and not window:
            ref = PlaceRef(a0, a1, Mention(text[a0:a1], a0, a1, topic.place, topic.confidence), anaphor=True)
            if _fits(ref, text[a0:a1].split()[-1].lower()):     # "the town" of a title's city of millions is another
                out.append(ref)
    return out


def in_a_headline(text: str, at: int) -> bool:
    """Whether offset `at` lies in a line that is a headline (`_HEADLINE_LINE`): its grammar
    drops articles and verbs ("M23 rebels in control of Walikale").

        >>> in_a_headline("M23 rebels in control of Walikale, residents say", 11)
        True
        >>> in_a_headline("They warned the rebels in control of the town.", 16)
        False
    """
    a, b = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    return _is_headline(text, a, len(text) if b < 0 else b)


def _is_headline(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], a whole line, is a headline (`_HEADLINE_LINE`)."""
    return _HEADLINE_LINE.fullmatch(text, a, b) is not None


def _headline_anaphors(text: str) -> list[tuple[int, int]]:
    """The spans of `_HEADLINE_ANAPHOR` in lines that are headlines (`_HEADLINE_LINE`)."""
    if "town" not in text and "city" not in text:
        return []
    out, start = [], 0
    for line in text.split("\n"):
        a, b = start, start + len(line.rstrip())
        start += len(line) + 1
        if not 10 <= b - a <= 200 or ("town" not in line and "city" not in line) or not _is_headline(text, a, b):
            continue
        # (a bare "city" after a name is the name's: "Idlib city"; not "Niger border town")
        out += [m.span() for m in _HEADLINE_ANAPHOR.finditer(text, a, b)
                if " " in m.group() or text[a:m.start()].split()[-1][:1].islower()]
    return out


def _locates_the_one_before(text: str, before: PlaceRef, ref: PlaceRef) -> bool:
    """Whether `ref` is named only to say where `before`, named just before it in the same
    sentence, lies: "Tal Afar, one of the last cities held by the militants, located 55 km west of
    Mosul" (but "landed north of Kismayo" locates a landing, not a town before it)."""
    return 0 <= ref.start - before.end <= 90 and not _SENTENCE_BREAK.search(text, before.end, ref.start) and \
        _BEARING_OF_BEFORE.search(text, max(0, ref.start - 30), ref.start) is not None and \
        text[before.end:before.end + 1] == ","


def _doubtful(text: str, m: Mention, ms: list[Mention], title_countries: Sequence[str]) -> bool:
    """Whether a reading is too unsure to place an event: a low confidence (unless the title's
    country has this name alone), a namesake's name, a guess between namesakes, or a thing's
    name ("the loss of the Moskva and ...": a ship, not Moscow)."""
    return m.confidence < MIN_MENTION_CONFIDENCE and not _titled_and_only(m, title_countries) \
        or _a_namesakes_name(m) or _a_guess_between_namesakes(m, ms) \
        or m.place.feature_code.startswith("PPL") and _a_things_name(text, m.start, m.end)


def _held(mentions: Sequence[Mention], refs: list[PlaceRef]) -> set[int]:
    """Starts of the names that hold no place "the town" after them could mean: all the
    mentions but a district read where a town stands ("closed in on Laukkaing", a township in
    GeoNames) and a reading set aside ("attacked Palma": not Palma de Mallorca, the town meant)."""
    return {m.start for m in mentions} - {r.mention.start for r in refs if r.context in _SET_ASIDE
                                          or r.place.feature_code in _DISTRICTS}


def _a_things_name(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] has "the" before it and no noun after it: a ship's
    or a thing's name ("the loss of the Moskva and ..."), not a town's, which takes no "the"
    unless a noun follows it ("the Mosul Dam", "the Kherson region").

        >>> t = "after the loss of the Moskva and the airstrikes"
        >>> _a_things_name(t, 22, 28), _a_things_name("the Mosul Dam", 4, 9)
        (True, False)
    """
    return _THE_BEFORE.search(text, max(0, start - 4), start) is not None and _NO_NOUN_AFTER.match(text, end) is not None


#: "the" right before a name, and what may follow a name that is a thing's ("the Moskva and"):
#: a town is named without "the" unless a noun follows it ("the Mosul Dam", "the Kherson region").
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
_NO_NOUN_AFTER = re.compile(r"\s*(?:[.,;:)]|\s(?:but|was|is|had|has|sank|which|that)\b|$|\s(?:and|or)\b(?!(?:\s+[A-Z][\w'’-]+){1,3}\s+"
                            r"(?:regions?|oblasts?|provinces?|districts?|governorates?|areas?|villages?|towns?|cities|states?)\b))")

#: Above this population a place is not called "the town"; below the lower bound not "the city".
TOWN_MAX_POPULATION = 250_000
CITY_MIN_POPULATION = 10_000


#: Capitalised words that may stand right before a place without being part of its name.
_FREE_BEFORE = frozenset(
    "the a an in on at by from to and but after before as with for near into towards toward of since during while "
    "when meanwhile later also both then outside inside around across over under between until despite via "
    "north south east west northern southern eastern western central greater upper lower northeastern northwestern "
    "southeastern southwestern liberated occupied besieged rebel-held government-held".split())
#: A capitalised word (or an Arabic article and one) joined to a mention by a space or hyphen.
_WORD_BEFORE = re.compile(r"(?:^|[^\w'’.-])([A-Z][\w'’]*)[ -]$")
_WORD_AFTER = re.compile(r"[ -](?:(?:al|el|ad|ar|as|ash|at|az|an|ul|ur|bin|ibn)-)?[A-Z][\w'’]*")


def _english_article(surface: str) -> str:
    """The English word a reading took for an Arabic article, with its space: "at " of "at
    Enerhodar" (the gazetteer reads "at Adre" as Adre); "" for "al-Bab" or a plain name."""
    return surface[:3] if surface[:3] in ("at ", "as ", "an ", "ad ") else ""


def _inside_longer_name(text: str, m: Mention, ms: list[Mention], i: int, actor_spans) -> bool:
    """Whether a mention is only part of a longer capitalised name the gazetteer does not hold:
    "Battal" in "Tall Battal", "Hamam" in "Hamam al-Alil", "Research" in "Scientific Research
    area".  Such a part resolves to a namesake elsewhere, so it is no event's place (a missing
    place is honest, a wrong one is not)."""
    # cheap tests first: most mentions stand after a lowercase word and before punctuation
    b, e = m.start + len(_english_article(m.surface)), m.end
    before = _WORD_BEFORE.search(text, max(0, b - 25), b) \
        if b >= 2 and text[b - 1] in " -" and text[b - 2].isalnum() else None
    if before is not None:
        word = before.group(1)
        joined_to_prev = i > 0 and ms[i - 1].end >= before.start(1)
        is_actor = _in_spans(actor_spans, before.start(1))
        if not joined_to_prev and not is_actor and word.lower() not in _FREE_BEFORE \
                and not _ADJECTIVE.fullmatch(word) and word not in MONTHS and word not in WEEKDAYS and not _sentence_start(text, before.start(1)):
            return True
    after = _WORD_AFTER.match(text, e, e + 30) if text[e:e + 1] in (" ", "-") else None
    if after is not None and not _NAME_SUFFIX.match(text[m.end:m.end + 30]):
        a = after.start() + 1
        joined_to_next = i + 1 < len(ms) and ms[i + 1].start <= a + 4
        is_actor = _in_spans(actor_spans, a)
        word = after.group(0)[1:]
        if not joined_to_next and not is_actor and word.lower() not in _FREE_BEFORE and word not in MONTHS \
                and word not in WEEKDAYS and "-" in after.group(0)[1:] and word[:3].lower() in _ARTICLES:
            return True           # "Hamam al-Alil", "Mughar Al-Hamam"
        if not joined_to_next and not is_actor and after.group(0).startswith("-") and word[:1].isupper():
            return True           # "Pisky" of "Pisky-Radkivskyi" (but "the Damascus-Homs highway": two places)
    return False


#: A capitalised adjective of a people or a land before a place: "the Kurdish Afrin canton".
_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:ish|ian|ean|an|ese|i)")
_ARTICLES = frozenset(("al-", "el-", "ad-", "ar-", "as-", "ash", "at-", "az-", "an-", "ul-", "ur-", "bin", "ibn"))


def _in_spans(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether offset `at` lies in one of `spans` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (at, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


def _sentence_start(text: str, at: int) -> bool:
    """Whether offset `at` opens a sentence or a line (a capital there says nothing of a name)."""
    k = at - 1
    while k >= 0 and text[k] in " \t\"“(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:;"


#: A town in a country the text is not about, and does not name, is no event's place below
#: this population: such a name is far more often a word or a namesake ("Liberation" in
#: France, "Karama" in Australia in a text about Iraq) than a town of another country.
FAR_TOWN_MAX_POPULATION = 100_000


def _inside_an_actor(m: Mention, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a mention overlaps an actor's name (`spans`, sorted, with their `starts`)."""
    k = bisect.bisect_left(starts, m.end)
    return any(e > m.start for _, e in spans[max(0, k - 3):k])


def _own_named_countries(ms: list[Mention], spans: list[tuple[int, int]], starts: list[int]) -> set[str]:
    """The countries the text names places of by their own names: a reading by another name
    elsewhere ("Kalma" as Calmar, Iowa, beside Nyala) is a namesake's spelling.  A word of a
    side's name ("Iraq" of "the Islamic State of Iraq and the Levant", "Boko" of "Boko Haram")
    names no place of the text, nor does a country, so often named as a side, a patron or a
    border ("a supply line from Turkey")."""
    return {m.place.country for m in ms if m.place.country and not m.place.is_country
            and not _another_name(m) and not _inside_an_actor(m, spans, starts)}


#: "the town of X", "the northern village of X": what the text calls the place it names next.
_TOWN_OF_BEFORE = re.compile(r"\b(?:town|village|hamlet|settlement)\s+of\s+$", re.IGNORECASE)


#: The text calling a place a village: a town abroad read by another name is a namesake's
#: spelling ("the coastal village of Samra" in Latakia is no Mazıdağı, Turkey).
_VILLAGE_OF_BEFORE = re.compile(r"\b(?:village|hamlet)\s+of\s+(?:the\s+)?$|\bvillages?\s+(?:such\s+as\s+|including\s+)?$",
                                re.IGNORECASE)


def _a_village_abroad(text: str, m: Mention, ms: list[Mention]) -> bool:
    """Whether the text calls a place a village that was read, by another name, as a town of a
    country none of the text's other towns lie in: a namesake's spelling ("the coastal village
    of Samra", beside Kessab in Latakia, is no Mazıdağı, Turkey)."""
    p = m.place
    if not _VILLAGE_OF_BEFORE.search(text, max(0, m.start - 30), m.start) or not _another_name(m):
        return False
    towns = {o.place.country for o in ms if o is not m and o.place.country and o.place.country != p.country
             and not (o.place.is_country or o.place.is_admin_area) and o.surface != m.surface}
    return bool(towns) and not any(o.place.country == p.country and o.surface != m.surface
                                   and not (o.place.is_country or o.place.is_admin_area) for o in ms)


def _a_namesake_abroad(text: str, m: Mention, by_actors: bool) -> bool:
    """Whether a reading in a country the text is not about is a namesake: a small town (unless
    only the groups the text names say where it is), a reading by another name, a big city the
    text calls a town, or a village ("Boko Haram overran Baga" is no Bagà, Spain; a population
    of 0 is unknown, not small)."""
    pop = m.place.population or 0
    return pop < FAR_TOWN_MAX_POPULATION and not by_actors or _another_name(m) or _called_a_town(text, m, m.place) \
        or 0 < pop < STRAY_VILLAGE_POPULATION


def _called_a_town(text: str, m: Mention, p) -> bool:
    """Whether the text calls a city of more than TOWN_MAX_POPULATION a town or a village: a
    reading abroad that big is then a namesake ("the northern town of Palma", Mozambique,
    is not Palma de Mallorca)."""
    return (p.population or 0) > TOWN_MAX_POPULATION and \
        _TOWN_OF_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def _far_countries(ms: list[Mention], topic_countries: Sequence[str] = (),
                   actor_countries: Sequence[str] = ()) -> tuple[frozenset[str], bool, frozenset[str]]:
    """Countries whose small towns are doubtful in this text: those outside the countries
    at least half of its place names lie in, or outside the countries its title names (of the
    town it names, `topic_countries`), when the text does not name them itself; and whether
    they are only those outside where the armed groups it names fight (`actor_countries`),
    which is all a text of one place says of what it is about.  That is weaker (IS fought in Sirte too):
    there only a reading by another name is doubtful ("Al-Shabaab fighters retook Mahas
    after Ethiopian troops left" is not about Mahis, Jordan).

    Third, the far countries none of whose towns, of any size, is an event's place: those
    beyond the borders of a focus the title or the text itself names ("MOZAMBIQUE - ... armed
    groups attacked Palma town": not Palma de Mallorca; "the rebels also captured Ma'taram",
    in "Northwestern Syria offensive": not Mataram, Indonesia).  A name said twice counts once:
    "Soba" twice does not make a text datelined KHARTOUM half about Nigeria."""
    names: dict[str, set[str]] = {}
    named = set()
    for m in ms:
        c = m.place.country
        if not c:
            continue
        if m.place.is_country or m.kind == "demonym":
            named.add(c)
        if m.kind != "demonym":       # "Russian forces took X": who acts, not where the text is
            names.setdefault(c, set()).add(name_key(m.surface))
    counts = {c: len(k) for c, k in names.items()}
    total = sum(counts.values())
    said = sum(1 for m in ms if m.place.country and m.kind != "demonym")
    if topic_countries:
        # a title's town (or country) outweighs any count of small namesakes: "Rye" (for
        # "al-Rai") and "Thunderbolt" (for an A-10 Thunderbolt) in a paragraph of "Northern
        # Aleppo offensive"
        focus = set(topic_countries)
    else:
        focus = {c for c, k in counts.items() if k >= 0.5 * total}
        # of countries as often read, the one the text names, else the one its groups fight in
        if focus & named:
            focus &= named
        elif len(focus) > 1 and focus & set(actor_countries):
            focus &= set(actor_countries)
        # (the places outweigh the groups when the text names its country and many of its towns:
        # "PEMBA, Mozambique" with a dozen towns of Cabo Delgado and "the Islamic State group")
        settled = bool(focus & named) and sum(counts[c] for c in focus) >= SETTLED_NAMES
        if not focus or said < 2 or actor_countries and not focus & set(actor_countries) and not settled:
            # (also when the places read point elsewhere than where every named group fights:
            # "RSF occupied Wad al-Noura" read as Vad, Russia, and Norassouba, Guinea)
            if not actor_countries:
                return frozenset(), False, frozenset()
            return frozenset(c for c in counts if c not in actor_countries and c not in named), True, frozenset()
    far = frozenset(c for c in counts if c not in focus and c not in named)
    if not (topic_countries or focus & named):
        return far, False, frozenset()
    # (nor a country where a group the text names fights: Sirte, Libya, in a paragraph of "War
    # against the Islamic State", a title read as Syria's)
    borders = set(focus).union(*(country_neighbours(c) for c in focus), actor_countries)
    return far, False, frozenset(c for c in far if c not in borders)


#: How many distinct names of its places settle where a text is that names its country too.
SETTLED_NAMES = 4


#: A village this small, farther than STRAY_KM from every other place a text names surely (and
#: outside the first-level areas it names), is doubtful: cities500 holds one "Makarivka" of
#: the many there are, and a paragraph about Donetsk front villages means another one.
STRAY_VILLAGE_POPULATION = 10_000
STRAY_KM = 150.0
#: A bearing from a place, which then only locates another: "55 km west of Mosul".
_BEARING_OF_BEFORE = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+"
                                r"(?:the\s+(?:city|town)\s+of\s+)?$", re.IGNORECASE)
#: A lowercase noun right after a name, which the name then only qualifies: "the Cordoba mosque".
_NOUN_AFTER_NAME = re.compile(r" (?!(?:fell|was|is|has|had|and|or|in|on|to|from|after|before|by|with|at|itself|city)\b)[a-z]{3,}")
#: A city this large is that city wherever the text's focus lies ("Shanghai fell to Japan"): a
#: namesake abroad is never read for it.
METROPOLIS_POPULATION = 1_000_000
#: How sure a mention must be to vouch for the places near it.
SURE_MENTION = 0.7


def _outside_their_locator(text: str, ms: list[Mention]) -> set[int]:
    """Indexes of `ms` that are towns lying outside the area a clause opens with ("Meanwhile, in
    western Aleppo, HTS captured the villages of Kafr Laha, ...": not the Kafr Laha of Homs, 140 km
    away): farther than LOCATOR_KM from a town or city named so, or in another first-level area
    than an area named so.  The clause ends at its sentence's end or a semicolon.

        >>> from gazetteer.records import Mention, Place
        >>> text = "Meanwhile, in western Aleppo, HTS captured Kafr Laha and Atarib."
        >>> aleppo = Place("Aleppo", 36.2, 37.16, 1, "SY", "09", "PPLA", 2_000_000)
        >>> kafr = Place("Kafr Laha", 34.89, 36.5, 2, "SY", "11", "PPL", 21_819)
        >>> atarib = Place("Atarib", 36.14, 36.83, 3, "SY", "09", "PPL", 10_000)
        >>> ms = [Mention("Aleppo", 22, 28, aleppo, 0.7), Mention("Kafr Laha", 43, 52, kafr, 0.95),
        ...       Mention("Atarib", 57, 63, atarib, 0.95)]
        >>> _outside_their_locator(text, ms)
        {1}
    """
    out: set[int] = set()
    for loc, end in _clause_locators(text, ms):
        for j, m in enumerate(ms):
            if loc.end < m.start < end and _beyond(loc.place, m.place):
                out.add(j)
    for i, loc in enumerate(ms):
        # a list the area closes: "retaken Sudzha and villages of Melovoy and Podol in Kursk region"
        # (not Ukraine's Podil): its towns of another country are namesakes
        # (the item right before it must be followed by " in " alone: the loop's first test)
        if i and not loc.place.is_country and (loc.place.is_admin_area or _AREA_WORD_AFTER.match(text, loc.end)):
            j, nxt = i - 1, loc.start
            while j >= 0 and (j == i - 1 and _CLOSING_LOCATOR_BEFORE.fullmatch(text, ms[j].end, nxt)
                              or j < i - 1 and joins_a_list(text[ms[j].end:nxt])):
                p = ms[j].place
                # (another country's only: first-level codes change with reforms, "Djugu in Ituri
                # province" is Ituri's though GeoNames files it under the old Orientale)
                if not (p.is_country or p.is_admin_area or (p.population or 0) >= LOCATOR_TOWN_MAX) and \
                        p.country != loc.place.country:
                    out.add(j)
                j, nxt = j - 1, ms[j].start
    return out


def outside_a_locator(text: str, mentions: Sequence[Mention], at: int, place: Place) -> bool:
    """Whether a place read at offset `at` lies outside the area its clause opens with
    (`_outside_their_locator`): for a name the gazetteer holds that a rule placed afresh."""
    ms = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)
    return any(loc.end < at < end and _beyond(loc.place, place) for loc, end in _clause_locators(text, ms))


def _clause_locators(text: str, ms: list[Mention]) -> list[tuple[Mention, int]]:
    """The places clauses open with ("in western Aleppo, ..."), each with its clause's end."""
    out = []
    for loc in ms:
        if text[loc.end:loc.end + 1] != "," or loc.place.is_country:
            continue
        opening = _SENTENCE_OPENING.search(text, max(0, loc.start - 80), loc.start)
        if opening is None or not _LOCATOR_BEFORE.fullmatch(text, opening.end(), loc.start):
            continue
        stop = _CLAUSE_END.search(text, loc.end)
        out.append((loc, stop.start() if stop else len(text)))
    return out


def _beyond(area: Place, p: Place) -> bool:
    """Whether a town lies outside the area a locator names: another first-level area than an
    area's, farther than LOCATOR_KM from a town's (a large town is itself, wherever it lies)."""
    if p.is_country or p.is_admin_area or (p.population or 0) >= LOCATOR_TOWN_MAX:
        return False
    if area.is_admin_area:
        return p.country != area.country or p.admin1 != area.admin1
    return _km(p.lat, p.lon, area.lat, area.lon) > LOCATOR_KM


#: How far a town may lie from the town or city a clause opens with ("in western Aleppo, ...")
#: and still be read in it: the reach of a Syrian governorate or a Ukrainian oblast around it.
LOCATOR_KM = 100.0
#: A town this large named in the clause is itself, wherever it lies.
LOCATOR_TOWN_MAX = 100_000
#: Where a sentence opens: after its full stop, a semicolon or a line break (or the text's start).
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?;]\s+|\n)(?!.*[.!?;\n]\s)", re.DOTALL)
#: What opens a clause with the area it happens in: "Meanwhile, in western ", "On 4 June, in the ".
_LOCATOR_BEFORE = re.compile(
    r"(?:(?:meanwhile|elsewhere|also|later|further\s+\w+|in\s+addition)\s*,?\s*)?"
    r"(?:(?:on|by|in)\s+(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{1,4})?(?:,?\s+\d{4})?\s*,\s*)?"
    r"in\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?western|"
    r"north-?eastern|south-?western|south-?eastern|rural)\s+)?", re.IGNORECASE)
#: A first-level area's word after a town's name: "Kursk region", "Donetsk oblast".
_AREA_WORD_AFTER = re.compile(r"\s+(?:region|oblast|province|governorate|state)\b", re.IGNORECASE)
#: Between the last item of a list and the area it lies in: " in ", " in the ".
_CLOSING_LOCATOR_BEFORE = re.compile(r"\s+in\s+(?:the\s+)?", re.IGNORECASE)
#: The end of the clause a locator governs.
_CLAUSE_END = re.compile(r"[.!?;](?:\s|$)|\n|,\s+(?:while|whereas)\s|\s+and\s+in\s")


def _stray_villages(ms: list[Mention]) -> set[int]:
    """Indexes of `ms` that are small villages lying far from all the text's other sure places,
    when two of those lie near each other.

        >>> from gazetteer.records import Mention, Place
        >>> vp = [("Velyka Novosilka", 47.84, 36.84, 5000), ("Vuhledar", 47.78, 37.25, 15000),
        ...       ("Makarivka", 46.24, 33.53, 800)]
        >>> ms = [Mention(n, i, i + 1, Place(n, la, lo, i, "UA", "05", "PPL", pop), 0.9)
        ...       for i, (n, la, lo, pop) in enumerate(vp)]
        >>> _stray_villages(ms)      # Makarivka in Kherson oblast, 300 km from the others
        {2}
    """
    sure = [m for m in ms if m.confidence >= SURE_MENTION and not m.place.is_country]
    if len(sure) < 2:
        return set()
    areas = {(m.place.country, m.place.admin1) for m in sure if m.place.is_admin_area}
    points = [(m.place.key, m.place.lat, m.place.lon) for m in sure if not m.place.is_admin_area]
    out = set()
    for i, m in enumerate(ms):
        p = m.place
        if p.is_country or p.is_admin_area or (p.population or 0) >= STRAY_VILLAGE_POPULATION or \
                (p.country, p.admin1) in areas:
            continue
        others = list({(la, lo) for k, la, lo in points if k != p.key})
        # the others must agree among themselves (two of them near each other): one stray reading
        # elsewhere ("Liberation" of "Front for Liberation", in France) says nothing of the village
        agree = any(_km(*a, *b) <= STRAY_KM for n, a in enumerate(others) for b in others[n + 1:])
        if agree and all(_km(p.lat, p.lon, la, lo) > STRAY_KM for la, lo in others):
            out.add(i)
    return out


def _near_topic(p, topic: Mention | None) -> bool:
    """Whether a town lies within STRAY_KM of the town the title names (`_km_from_topic`):
    Akhtarin, Syria, 30 km from Kilis, Turkey, in a paragraph of "Hawar Kilis Operations Room"."""
    km = _km_from_topic(p, topic)
    return km is not None and km <= STRAY_KM


def _km_from_topic(p, topic: Mention | None) -> float | None:
    """How far a town lies from the town the title names; None when either is no town (a
    country, an area, a region the title names: "Rojava–Islamist conflict" is no town to lie near).

        >>> from gazetteer.records import Mention, Place
        >>> kilis = Mention("Kilis", 0, 5, Place("Kilis", 36.72, 37.12, 1, "TR", population=90000), 0.97)
        >>> round(_km_from_topic(Place("Akhtarin", 36.52, 37.33, 2, "SY", population=9000), kilis))
        29
        >>> _km_from_topic(Place("Syria", 35.0, 38.0, 3, "SY", "00", "PCLI"), kilis) is None
        True
    """
    if topic is None or topic.place.is_country or topic.place.is_admin_area or topic.place.feature_code == "RGN" \
            or p.is_country or p.is_admin_area:
        return None
    return _km(p.lat, p.lon, topic.place.lat, topic.place.lon)


def _far_from_topic(p, topic: Mention | None) -> bool:
    """Whether a village lies farther than STRAY_KM from the town the title names: in "Second
    battle of Lyman", "Dibrova" and "Ozerne" are Lyman's neighbours, not namesakes in Poltava
    and Zhytomyr oblasts.

        >>> from gazetteer.records import Mention, Place
        >>> lyman = Mention("Lyman", 0, 5, Place("Lyman", 48.99, 37.81, 1, "UA", population=20066), 0.9)
        >>> _far_from_topic(Place("Dibrova", 49.80, 34.26, 2, "UA", population=650), lyman)
        True
        >>> _far_from_topic(Place("Yampil", 48.93, 38.04, 3, "UA", population=2000), lyman)
        False
    """
    if (p.population or 0) >= STRAY_VILLAGE_POPULATION or topic is not None and p.key == topic.place.key:
        return False
    km = _km_from_topic(p, topic)
    return km is not None and km > STRAY_KM


def _near_sure_place(m: Mention, ms: list[Mention], far: frozenset[str]) -> bool:
    """Whether a town abroad lies within STRAY_KM of a town the text surely names in the
    countries it is about: "fled El Geneina for Adre in Chad" (El Geneina, 30 km over the
    border, is no namesake's spelling for being in Sudan).

        >>> from gazetteer.records import Mention, Place
        >>> adre = Mention("Adre", 20, 24, Place("Adré", 13.47, 22.2, 1, "TD"), 1.0)
        >>> geneina = Mention("El Geneina", 0, 10, Place("Al-Junaynah", 13.45, 22.45, 2, "SD"), 0.6)
        >>> _near_sure_place(geneina, [geneina, adre], frozenset({"SD"}))
        True
    """
    p = m.place
    return any(o is not m and o.confidence >= SURE_MENTION and o.place.country not in far
               and not (o.place.is_country or o.place.is_admin_area) and o.place.country != p.country
               and _km(p.lat, p.lon, o.place.lat, o.place.lon) <= STRAY_KM for o in ms)


def _titled_and_only(m: Mention, title_countries: Sequence[str]) -> bool:
    """Whether an unsure reading is the one place of its name in the country the title names
    ("Palmyra", read as Tadmur with three Palmyras of the United States as rivals, in "Russian
    intervention in the Syrian civil war"): the title settles what the resolver could not.

        >>> from gazetteer.records import Mention, Place
        >>> us = Place("Palmyra", 40.0, -75.0, 2, "US")
        >>> m = Mention("Palmyra", 0, 7, Place("Tadmur", 34.56, 38.28, 1, "SY", population=51015), 0.18, (us,))
        >>> _titled_and_only(m, ("SY",)), _titled_and_only(m, ("UA",))
        (True, False)
    """
    return bool(title_countries) and m.place.country in title_countries and m.kind == "toponym" \
        and not any(a.country == m.place.country for a in m.alternatives)


def _a_namesakes_name(m: Mention) -> bool:
    """Whether a mention reads a place by a name other than its own, when other places of the
    same country bear that name as their own: "Andriivka" near Bakhmut read as Sukhanivka (once
    called Andriivka) while a dozen Andriivkas lie elsewhere is a guess between namesakes, and
    the village meant may be none of them.

        >>> from gazetteer.records import Mention, Place
        >>> other = Place("Andriivka", 46.2, 30.1, 2, "UA")
        >>> sukhanivka = Place("Sukhanivka", 48.5, 38.0, 1, "UA", population=1325)
        >>> _a_namesakes_name(Mention("Andriivka", 0, 9, sukhanivka, 0.6, (other,)))
        True
        >>> _a_namesakes_name(Mention("Andriivka", 0, 9, other, 0.6, (sukhanivka,)))
        False
    """
    if m.place is None or m.place.is_country or m.place.is_admin_area or not _another_name(m) \
            or not 0 < (m.place.population or 0) < NAMESAKE_VILLAGE_POPULATION:
        return False        # (a town is known by its other spellings: "Kupiansk" is Kupyansk; a
                            # population of 0 is unknown, not small)
    key = name_key(m.surface).removeprefix("the ")
    return any(a.country == m.place.country and name_key(a.name) == key for a in m.alternatives)


def _a_guess_between_namesakes(m: Mention, ms: list[Mention]) -> bool:
    """Whether a village is read by its own name while a village of the same country bears that
    name too, and nothing else the text names lies near the one chosen (no town within
    STRAY_KM, no first-level area it lies in): a guess between namesakes that nothing in the
    text confirms ("the DPR claimed Pisky" is none of the four Piskys the gazetteer holds).

        >>> from gazetteer.records import Mention, Place
        >>> pisky = Place("Pisky", 50.37, 33.45, 1, "UA", "18", "PPL", 900)
        >>> other = Place("Pisky", 47.35, 32.25, 2, "UA", "16", "PPL", 700)
        >>> _a_guess_between_namesakes(Mention("Pisky", 0, 5, pisky, 0.8, (other,)), [])
        True
        >>> poltava = Mention("Poltava", 9, 16, Place("Poltava", 49.59, 34.55, 3, "UA", "18", "PPLA", 300000), 0.9)
        >>> _a_guess_between_namesakes(Mention("Pisky", 0, 5, pisky, 0.8, (other,)), [poltava])
        False
    """
    p = m.place
    if p is None or p.is_country or p.is_admin_area or not 0 < (p.population or 0) < NAMESAKE_VILLAGE_POPULATION \
            or _another_name(m):
        return False
    key = name_key(p.name)
    if not any(a.country == p.country and name_key(a.name) == key and a.key != p.key for a in m.alternatives):
        return False
    for o in ms:
        q = o.place
        if q is None or o.surface == m.surface or q.is_country:
            continue
        if q.is_admin_area and q.country == p.country and q.admin1 == p.admin1 or \
                not q.is_admin_area and _km(p.lat, p.lon, q.lat, q.lon) <= STRAY_KM:
            return False
    return True


def _another_name(m: Mention) -> bool:
    """Whether a mention reads a place by a name other than its own: "Mare'" read as Malé,
    "Boni" as Bonn.  Abroad, such a reading of even a big city is more often a namesake's
    spelling than the city (a text naming Bonn itself is read as it is).

        >>> from gazetteer.records import Mention, Place
        >>> _another_name(Mention("Boni", 0, 4, Place("Bonn", 50.7, 7.1, 1, "DE"), 0.9))
        True
        >>> _another_name(Mention("Bonn", 0, 4, Place("Bonn", 50.7, 7.1, 1, "DE"), 0.9))
        False
        >>> _another_name(Mention("Aleppo Governorate", 0, 18, Place("Aleppo", 36.2, 37.4, 2, "SY"), 0.9))
        False
    """
    surface = _AREA_KIND_AT_END.sub("", name_key(m.surface).removeprefix("the "))
    return surface != name_key(m.place.name)


#: An area's kind after its name, part of it as written ("Aleppo Governorate" is Aleppo's own name).
_AREA_KIND_AT_END = re.compile(r"\s+(?:governorate|province|district|oblast|region|state|county|raion|city)$")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine; a few hundred calls per text)."""
    a = sin(radians(lat2 - lat1) / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * asin(sqrt(min(1.0, a)))


def title_topic(title: str, text: str, gazetteer) -> Mention | None:
    """The town or city a title names when the title is not the text's own first line ("Battle
    of Kharkiv (2022)"): what "the city" of a paragraph means when the paragraph names none.
    A title written in lower case is read in title case."""
    title = (title or "").strip()
    if not title or text.lstrip().startswith(title):
        return None
    if title == title.lower():
        title = title.title()
    for m in gazetteer.find_places(title):
        p = m.place
        if p is not None and m.confidence >= 0.5 and not (p.is_country or p.is_admin_area or p.feature_code == "RGN"):
            return m
    return None


#: A place someone fled or fell back to: "fled to X", "escaped to X", "government forces withdrew
#: towards Homs" (`_antecedent`: no town fought over that "the city" means after).
#: The verbs of people's flight that `_FLED_TO` and `_FLIGHT_BEFORE_A_ROAD` look for.
FLIGHT_VERBS = r"fled|flee|flees|fleeing|escaped|escaping|evacuated"
_FLED_TO = re.compile(rf"\b(?:{FLIGHT_VERBS}|withdrew|withdrawn|retreated|fell\s+back|pulled\s+back)\s+"
                      r"(?:[\w-]+\s+){0,2}?(?:to|towards|toward|into|for)\s+(?:the\s+)?$", re.IGNORECASE)
#: A place people went to: "fled to X", "heading towards X" (`_antecedent`).
_WENT_TO = re.compile(r"\b(?:to|towards|toward|into|for)\s+(?:the\s+)?$", re.IGNORECASE)
#: The same, with a listed place between ("towards Sinjar mountain & Dohuk", "to the hills and Dohuk").
_WENT_TO_LISTED = re.compile(r"\b(?:to|towards|toward|into|for)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}(?:&|and|,)\s*$",
                             re.IGNORECASE)


def _gone_to(text: str, refs: list[PlaceRef]) -> list[bool]:
    """Whether each place is one people went to ("fled to Y"), and so are those listed with it
    ("fled north to Lubero and Butembo": both)."""
    out: list[bool] = []
    for k, r in enumerate(refs):
        went = _WENT_TO.search(text, max(0, r.start - 12), r.start) is not None or \
            _WENT_TO_LISTED.search(text, max(0, r.start - 45), r.start) is not None
        if not went and k and out[-1] and _LIST_GOES_ON.fullmatch(text, refs[k - 1].end, r.start):
            went = True
        out.append(went)
    return out


def _antecedent(window: list[PlaceRef], noun: str, counts: list[int], topic: str | None = None,
                same_sentence: list[bool] | None = None, went_to: list[bool] | None = None,
                called: list[str | None] | None = None, fled_to: list[bool] | None = None) -> PlaceRef | None:
    """What "the town" / "the city" refers to among the places named just before it (oldest first):
    a place of a fitting size named earlier in the same sentence wins ("broke off towards
    Vovchansk, capturing the city": Vovchansk, even in an article about Kharkiv), the nearest one
    that no one went to (`went_to`: "fled to Y"), or the title's place if it is among them (and
    never, while another fits, one that someone fled to, `fled_to`: "the SDF had held Deir ez-Zor
    ... three days after Assad fled to Moscow, the SDF withdrew from the city"); else
    the place the title names (`topic`, its key) when it is among them, else the last one the text
    called by the same noun (`called`: "Kanyabayonga, a strategic town", then "the town"), else the
    latest one of a fitting size, unless the article dwells on another one clearly more (`counts`:
    how often the article names each one's place)."""
    same_noun = [r for r, c in zip(window, called or [None] * len(window)) if c == noun and _fits(r, noun)]
    if same_sentence is not None and any(same_sentence):
        went = went_to or [False] * len(window)
        near = [(r, n, w) for r, n, s, w in zip(window, counts, same_sentence, went) if s and _fits(r, noun)]
        # "Residents of X fled to Y after insurgents overran the town": X, not where they went (nor,
        # when only such places are near, a town called so before: "X, a strategic town ... fled
        # to Y, and people fleeing the town reached Z")
        fled = fled_to or [False] * len(window)
        near = [x for x in near if not x[2]] or ([] if same_noun or any(fled) and len(fled) > sum(fled) else near)
        if near:
            own = [r for r, _, _ in near if topic is not None and r.place.key == topic]
            return own[-1] if own else near[-1][0]
    if topic is not None:
        own = [r for r in window if r.place.key == topic and _fits(r, noun)]     # "the town" is no city of millions
        if own:
            return own[-1]
    if same_noun:
        return same_noun[-1]
    fled = fled_to or [False] * len(window)
    cands = [(r, n) for r, n, f in zip(window, counts, fled) if _fits(r, noun) and not f] or \
        [(r, n) for r, n in zip(window, counts) if _fits(r, noun)]     # (not where someone fled, if another fits)
    if not cands:
        return None       # "the town" after Latakia (700,000) alone means a town the text names otherwise
    best, best_n = cands[-1]
    for r, n in reversed(cands):
        if n >= best_n + 2:
            best, best_n = r, n
    return best


#: A name where a place stands after a preposition or a verb of taking: "withdrawal from Neskuchne",
#: "the village of Tonenke", "recaptured Kafr Nabudah".
PLACE_SLOT = re.compile(r"\b(?:from|in|into|near|at|on|towards?|outside|around|of|captured|recaptured|seized|took|retook|"
                         r"liberated|entered|overran|stormed|attacked|besieged|surrounded|encircled|reached|approached|controlled|held)"
                         r"\s+(?:the\s+(?:village|town|city|"
                         r"settlement)\s+of\s+)?(?P<name>(?:(?:al|el|ad|ar|as|at|az|an)-)?[A-Z][a-z][\w'’-]*"
                         r"(?:\s+[A-Z][a-z][\w'’-]*){0,2})(?=\s*[,.;:)]|\s+(?:and|on|by|after|before|as|to|toward|towards|"
                         r"was|were|had|has|the|that|which|while|where|in|killed|displaced|drove|forced)\b)")   # ("an assault on Palma killed")


#: First words of names that are no town: "at Camp Speicher", "to Mount Sinjar".
_NOT_A_TOWN = frozenset("camp mount lake river airport base hospital university bridge dam hill hills valley road "
                        "street square highway gate port fort".split())


def _unheld_place_between(text: str, a: int, b: int, mention_starts, actor_spans) -> bool:
    """Whether text[a:b] names, where a place stands, a place no mention covers (one the
    gazetteer lacks): "the city" after it may mean that place, not the one named before it.

        >>> t = "Fighting went on near Kupiansk. Russia announced a withdrawal from Neskuchne, and the city was liberated."
        >>> _unheld_place_between(t, t.index("Kupiansk") + 8, t.index("the city"), {t.index("Kupiansk")}, [])
        True
        >>> _unheld_place_between(t, 0, t.index("Kupiansk"), set(), [])   # "near Kupiansk" stands before the end
        False
    """
    from gazetteer.lexicon import load_lexicon

    common = load_lexicon().common_words
    for m in PLACE_SLOT.finditer(text, a, b):
        s, e = m.span("name")
        words = m.group("name").split()
        first = words[0]
        # (a name is a common word only when all its words are: "Kafr Nabudah" is a village;
        # "Camp Speicher", "Mount Sinjar" are no town "the city" could mean)
        if e > b or s in mention_starts or first in MONTHS or first in WEEKDAYS or first.lower() in _NOT_A_TOWN \
                or all(w.lower() in common for w in words) \
                or any(x0 < e and s < x1 for x0, x1 in actor_spans) or first.endswith(("ian", "ese", "ish")):
            continue
        return True
    return False


def _fits(ref: PlaceRef, noun: str) -> bool:
    """Whether a place's size fits the noun that refers back to it ("the town", "the city")."""
    pop = ref.place.population or 0
    if noun in ("town", "village", "locality", "camp", "city", "port") and \
            (ref.place.is_country or ref.place.feature_code in ("ADM1", "RGN", "CONT")):
        return False    # "part of the Aleppo Governorate, ... capturing the town": no province is a town
    if noun in ("town", "village", "locality", "camp"):     # ("the border locality": French "la localité")
        return pop <= TOWN_MAX_POPULATION
    if noun == "city":
        return pop == 0 or pop >= CITY_MIN_POPULATION
    return True


#: A day number after a month name: "Nov 10", "May 3,".
_DAY_AFTER = re.compile(r"\.?\s\d{1,2}\b")
#: A site named after the town it serves and lies by, which stands for the town in a change of
#: hands: "Aleppo International Airport", "Kherson Airport" (not "Mosul Dam", 40 km off, nor a
#: power plant named after its region's capital).
_SITE_OF_THE_TOWN = re.compile(r"\s+(?:International\s+)?(?:Airport|Military\s+Airport|Port)\b")
#: A site's noun right after a name that qualifies it: "Mürşitpınar border gate", "Tabqa dam".
_SITE_NOUN_AFTER = re.compile(r"\s+(?:border\s+)?(?:gate|crossing|checkpoint|airport|airbase|air\s+base|dam|bridge|refinery|"
                              r"border\s+post|port|territory|township|district|county|locality|cercle|woreda|"
                              r"governorate|province|prefecture|region|oblast|raion)\b")
#: Sites often named after a place elsewhere: "the Ouagadougou conference centre", "the Baghdad Hotel".
#: (not a bare "centre": "displaced to Afrin center" is the town's)
_NAMED_SITE_AFTER = re.compile(r"\s+(?:(?:conference|convention|cultural|trade)\s+(?:centre|center)|hotel|stadium|university|mosque|"
                               r"school|street|avenue|square|roundabout)\b", re.IGNORECASE)
#: Second-level and lower areas, which often bear their main town's name.
_DISTRICTS = frozenset(("ADM2", "ADM3", "ADM4", "ADM5"))
#: Contexts of readings set aside, whose name may still be a town's.
_SET_ASIDE = frozenset(("doubtful", "far from the text"))
#: A sentence ends between a place and a word referring back to it.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]*\s+[\"“(]?[A-Z0-9]|\n")
_DATELINE_HEAD = re.compile(r"[a-z]{2,}\s+[a-z]")
#: What follows a dateline's town: a country and a date ("MAIDUGURI, Nigeria, Jan 5 (Reuters) -").
_DATELINE_TAIL = re.compile(r"(?:\s*,\s*[\w .'’-]{2,30}){0,2}\s*(?:\([^)]*\)\s*)?[–—-]{1,2}\s")
_SPEAKER = re.compile(r"\s+(?:said|says|added|told|stated|explained|noted|reported|warned|denied|denies|"
                      r"claimed|claims|announced|confirmed|insisted|admitted|acknowledged|declared|declares)\b")
#: A capital's word, the state's: "Baku's claim", "Moscow's announcement", "Kyiv's denial".
_POSSESSIVE_WORD = re.compile(r"['’]s\s+(?:(?:latest|earlier|first|own|official|repeated)\s+)?(?:claims?|statements?|"
                              r"announcements?|assertions?|denials?|account|version|words?|assurances?|insistence)\b")
#: A place's officials who speak ("Robotyne, Zaporizhzhia governor says"): the place names
#: them, it is not where the action is.
_OFFICIALS_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:regional|region['’]s|city|oblast|provincial|local|military|"
                              r"state)\s+)?(?:governor|mayor|officials?|authorities|administration|police|"
                              r"prosecutors?|spokes(?:wo)?man|health\s+ministry)\b(?!\s+(?:building|office|"
                              r"headquarters|compound|station|stations|post|academy|base))", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
#: Where someone speaks, right before the place: "told reporters in X", "said in X", "speaking in X".
_SPOKEN_IN_BEFORE = re.compile(r"\b(?:told\s+(?:reporters|journalists|a\s+(?:news|press)\s+conference|[A-Z]\w*)|said|says|"
                               r"speaking|spoke|briefed\s+reporters)\s+in\s+$")
#: Between a place and the place it owns: "Syria's Tabqa", "Ukraine's second city, Kharkiv" (but
#: not "Bakhmut's fall to Wagner": a noun of what happened to it).
_POSSESSIVE_GAP = re.compile(r"['’]s\s+(?:(?:[A-Z][\w-]*|northern|southern|eastern|western|central|second|third|largest|"
                             r"biggest|main|capital|city|town|port|province|region|key|strategic|former|de\s+facto)"
                             r"[\s,]+){0,4}")
_CAPITAL_NEXT = re.compile(r"\s[A-Z][a-z]+")
#: A site named after a place and placed in another: "the Ouagadougou conference centre in
#: Sirte", "the Tishreen dam in Aleppo province" (but "the Kherson airport" is at Kherson).
#: Sites that name one right after them; a place named after "in" or "at" is where they are.
_SITE_WORDS_OWN = frozenset("centre center hotel stadium university hospital airport plant factory mosque church "
                            "school market building complex compound base barracks prison station square bridge dam "
                            "refinery palace airbase headquarters camp post checkpoint garrison".split())
#: (a month or a day is no name of a place: "seized Khartoum airport in April 2023")
_IN_OR_AT_A_NAME = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?"
                              rf"(?!(?:{'|'.join(sorted(set(MONTHS) | set(WEEKDAYS), key=len, reverse=True))})\b)[A-Z]")
_SITE_ELSEWHERE = re.compile(rf"\s+(?:[a-z]+\s+)?(?:{'|'.join(sorted(_SITE_WORDS_OWN))}){_IN_OR_AT_A_NAME.pattern}")


def _site_in_its_own_area(m: Mention, nxt: Mention | None) -> bool:
    """Whether the place after a site named after `m` is an area holding m's place: "the
    Taftanaz air base in Idlib province" lies at Taftanaz."""
    if nxt is None or nxt.place is None or not (nxt.place.is_admin_area or nxt.place.is_country):
        return False
    a, p = nxt.place, m.place
    return p.country == a.country and (a.is_country or a.feature_code == "ADM1" and p.admin1 == a.admin1)


def site_elsewhere(text: str, end: int) -> bool:
    """Whether the name ending at `end` names a site placed in another place after it.

        >>> site_elsewhere("the Ouagadougou conference centre in Sirte", 15)
        True
        >>> site_elsewhere("the Kherson airport on Monday", 11)
        False
        >>> site_elsewhere("the Zaporizhzhia Nuclear Power Plant at Enerhodar", 36)
        True
    """
    if _SITE_ELSEWHERE.match(text, end, end + 60) is not None:
        return True
    # a name that is itself a site's: "the Zaporizhzhia Nuclear Power Plant at Enerhodar"
    last = text[max(0, end - 12):end].rsplit(None, 1)[-1:] or [""]
    return last[0].lower() in _SITE_WORDS_OWN and _IN_OR_AT_A_NAME.match(text, end) is not None


_FUNCTION_NEXT = re.compile(r"\s(?:The|A|An|In|On|At|And|But|As|It|He|She|They|From|To|Of|After|Amid|With|For|"
                            r"By|Near|Into|Towards|Toward|Over|Under|Before|Since|Says|Said)\b")
_LOCATING_GAP = re.compile(r"\s*,?\s*(?:\(|(?:in|of)\s+(?:the\s+)?(?:(?:[a-z]+ern|north|south|east|west|central|rural)\s+)?"
                           r"(?:(?:countryside|province|region|governorate|district|outskirts)\s+of\s+)?)")
_COMMA_GAP = re.compile(r"\s*,\s*")
#: An area's word and a comma after a name: " region, ", " province, ".
_AREA_COMMA_GAP = re.compile(r"\s+(?:region|state|province|governorate|oblast|district|county|department)\s*,\s*",
                             re.IGNORECASE)
#: A capitalised name and a comma right before a mention: "Makarivka, ".
_NAME_COMMA_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?,\s*$")


#: Kinds of ship that name one right after them: "the cruiser Moskva", "the landing ship Saratov".
_VESSELS = frozenset("cruiser warship ship frigate flagship vessel submarine tanker destroyer corvette tug tugboat "
                     "ferry carrier boat".split())


def _ship_before(text: str, at: int) -> bool:
    """Whether a kind of ship (and maybe "the") stands right before offset `at` (a word test,
    not a regex: it runs for every mention)."""
    end = at - 1                          # the space before the name
    if end <= 0 or text[end] != " ":
        return False
    start = text.rfind(" ", max(0, end - 12), end) + 1
    word = text[start:end].lower()
    if word == "the" and start > 1:
        end = start - 1
        start = text.rfind(" ", max(0, end - 12), end) + 1
        word = text[start:end].lower()
    return word in _VESSELS
#: The indefinite article right before a name: "a Tornado", "an Abrams".
_INDEFINITE_BEFORE = re.compile(r"(?<![\w'’-])an?\s$")
#: What ends a noun phrase right after a name: a name after "a" that ends its phrase is a thing's.
_NOUN_ENDS_AFTER = re.compile(r"\s*(?:[,.;:)]|$)|\s+(?:that|which|and|or|in|on|at|to|from|with|by|over|near|was|were)\b")
#: A word after a name that makes it an area's: "Zaporizhzhia region", "Donetsk oblast".
_AREA_WORD_AFTER = re.compile(r"\s+(?:region|oblast|province|governorate|state|district|raion|county|prefecture)\b",
                              re.IGNORECASE)


def _a_town_listed_next(text: str, ms, i: int) -> bool:
    """Whether a town follows the mention `i` as the next item of a list: an area so listed
    is one of the list ("took Kunduz, Sar-e Pol and Taloqan"), not an address of the name before."""
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    return nxt is not None and not (nxt.place.is_country or nxt.place.is_admin_area) and \
        _LIST_GOES_ON.fullmatch(text, ms[i].end, nxt.start) is not None and \
        not _AREA_WORD_AFTER.search(ms[i].surface) and not _AREA_WORD_AFTER.match(text, ms[i].end)
    # (an area written as one, "Donetsk Oblast", is an address: "took Makarivka, Donetsk Oblast, and Kupiansk")


def _locates_a_name(text: str, at: int) -> bool:
    """Whether an area named at `at` follows a name and a comma, as an address does
    ("Makarivka, Donetsk Oblast"), rather than opening a clause ("On Monday, Idlib ...")."""
    m = _NAME_COMMA_BEFORE.search(text, max(0, at - 40), at)
    if m is None:
        return False
    word = m.group(1)
    return word not in MONTHS and word not in WEEKDAYS and word.lower() not in _FREE_BEFORE \
        and not _sentence_start(text, m.start(1))
_AND_GAP = re.compile(r"\s*(?:,\s*|\s+)?(?:and|or|&)\s*")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
_ROUTE_BEFORE = re.compile(r"\b(?:between|road|roads|highway|motorway|route)\s+(?:(?:to|from|linking|connecting|"
                           r"between)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: What follows a place linked by dashes to others in the name of a road or a front line:
#: "-Homs highway" after "Damascus" in "the Damascus-Homs highway", " highway" after "Homs".
_LINKED_ROUTE = re.compile(r"(?:[–-][A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?)*\s+(?:highway|road|railway|railroad|motorway|"
                           r"axis|pipeline|front|frontline|front line|line|corridor)\b")
#: A road named after a place, right after the place's name: "Salah al-Din road", "Homs highway".
_ROAD_NAMED_AFTER = re.compile(r"\s+(?:road|highway|street|motorway|avenue|boulevard)\b", re.IGNORECASE)
_ROUTE_WORDS = ("between", "road", "highway", "motorway", "route")
#: A road named by where it leads: "the road to ", "the highway west towards ".
_WAY_TO_BEFORE = re.compile(r"\b(?:road|highway|motorway|route)\s+(?:(?:north|south|east|west)\w*\s+)?(?:to|towards?)\s+$",
                            re.IGNORECASE)
#: People fleeing earlier in the sentence, whom such a road takes somewhere.
_FLIGHT_BEFORE_A_ROAD = re.compile(rf"\b(?:{FLIGHT_VERBS}|streamed|streaming|poured|pouring|jamming|clogging)\b[^.;]{{0,120}}$",
                                   re.IGNORECASE)
#: People held up on their way: "stranded for days at the bridge on the road to X".
_STUCK_ON_THE_WAY = re.compile(r"\b(?:stranded|stuck|trapped|blocked|held\s+up|stopped|turned\s+back)\b[^.;]{0,70}$", re.IGNORECASE)
#: "by road": how people went, not a road named after where it leads ("fled by boat and road to X").
_BY_ROAD = re.compile(r"\bby\s+(?:[a-z]+\s+(?:and|or)\s+)?road\s+(?:to\s+)?$", re.IGNORECASE)
_ROUTE_WORD = re.compile("|".join(_ROUTE_WORDS))
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier|crossing)\b", re.IGNORECASE)
_CROSSING_AFTER = re.compile(r"\s+(?:border\s+)?(?:crossing|gate|post|checkpoint)\b", re.IGNORECASE)
_BORDER_BEFORE = re.compile(r"\bborder\s+with\s+(?:the\s+)?$", re.IGNORECASE)


#: A name (resolved or not) and an opening bracket: "Léré (", "Umm Sumeima village (".
_NAME_THEN_BRACKET = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:village|town|city|camp|base|district|area|site|post))?\s*\(\s*$")
#: The same bracket, at a later item of it: "Makalondi (Torodi department, " before "Tillaberi)".
_NAME_THEN_BRACKET_ITEM = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:village|town|city|camp|base|district|area|site|post))?\s*"
                                     r"\(\s*[^()]{1,60},\s*$")
#: What follows a place that locates the name before it: "cercle, ", " territory, ", ")".
_LOCATOR_AFTER = re.compile(r"(?:\s+(?:cercle|district|territory|township|county|department|prefecture|commune|"
                            r"locality|province|region|state|governorate|oblast|raion|municipality|woreda|LGA))?"
                            r"\s*[,)]", re.IGNORECASE)


def is_dateline(text: str, m: Mention) -> bool:
    """Whether a mention is a dateline's town: "BEIRUT -", "Suruc, Turkey -" at the start of a
    paragraph, at most 30 characters after a line break (looked for no further back than that):
    where the reporter files from, not where the story happens.

        >>> from gazetteer.records import Mention, Place
        >>> text = "MOGADISHU, Jan 16 (Reuters) - Troops captured Harardhere."
        >>> is_dateline(text, Mention("MOGADISHU", 0, 9, Place("Mogadishu", 2.04, 45.34), 1.0))
        True
    """
    c = text[m.end:m.end + 1]
    if not (c.isspace() or c in ",(–—-"):
        return False
    w0 = max(0, m.start - 31)
    nl = text.rfind("\n", w0, m.start)
    line_start = nl + 1 if nl >= 0 else w0
    return m.start - line_start <= 30 and _DATELINE_TAIL.match(text, m.end, m.end + 40) is not None and \
        not _DATELINE_HEAD.search(text, line_start, m.start)


def _context_of(text: str, ms: list[Mention], i: int, low: str | None = None) -> str | None:
    """Why mention i is context rather than where the action is, or None.  `low`, when given,
    is `text.lower()` with the same offsets."""
    m = ms[i]
    end = m.end
    # The patterns read after the mention run over the text between pos and endpos, which is
    # what they would find in the 40-character slice (none looks behind its start), and each
    # only where the character right after the mention lets it match at all: most mentions are
    # followed by a space or a full stop, and a regex call costs more than a character test.
    stop = end + 40
    c = text[end:end + 1]
    space = c.isspace()
    if (space or c in ",(–—-") and is_dateline(text, m):
        return "dateline"
    if text[m.start - 2:m.start] in ("a ", "n ") and _INDEFINITE_BEFORE.search(text, max(0, m.start - 4), m.start) and \
            _NOUN_ENDS_AFTER.match(text, end, stop):
        return "common noun"      # "lost a Tornado", "bought a Kalashnikov": a thing named after a place
    if _ship_before(text, m.start):
        return "vessel"           # "the loss of the cruiser Moskva": a ship named after a place
    if m.surface in MONTHS and _DAY_AFTER.match(text, end, stop):
        return "date"             # "ADRE, Chad, Nov 10 (AP)": a month, not the town of Nov
    if space and _SPEAKER.match(text, end, stop):
        return "speaker"          # "Abdullah said": a person (or a capital speaking for a state)
    if (c == "'" or c == "’") and _POSSESSIVE_WORD.match(text, end, stop):
        return "speaker"          # "Yerevan denies Baku's claim that Martuni has fallen": who claims
    if (space or c in "'’") and _OFFICIALS_AFTER.match(text, end, stop):
        return "officials"        # "Zaporizhzhia governor says", "Kharkiv's regional administration"
    if text[m.start - 4:m.start] == " in " and _SPOKEN_IN_BEFORE.search(text, max(0, m.start - 50), m.start):
        return "speech"           # "told reporters in Juba that troops entered the town": where words were said
    if m.kind == "demonym" and not _TERRITORY.match(text[end:stop]):
        return "adjective"
    if (c == "'" or c == "’") and (m.place.is_country or m.place.is_admin_area or m.place.feature_code == "RGN") \
            and _POSSESSIVE_TOWNS.match(text, end, stop):
        return "modifier"         # "most of Darfur's state capitals": unnamed towns of it, not it
    if (c == "'" or c == "’") and _POSSESSIVE.match(text, end, stop):  # "Syria's Tabqa": the country only locates the town
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if nxt is not None and nxt.start - end <= 30 and _POSSESSIVE_GAP.fullmatch(text, end, nxt.start):
            return "modifier"
    if space and m.kind != "admin" and _CAPITAL_NEXT.match(text, end, stop) and not _NAME_SUFFIX.match(text[end:stop]) \
            and not _FUNCTION_NEXT.match(text, end, stop) and not _SITE_OF_THE_TOWN.match(text, end, stop):
        return "organisation"     # "the Aleppo Media Center" (but "Aleppo International Airport" is at Aleppo)
    if space and site_elsewhere(text, end) and not _site_in_its_own_area(m, ms[i + 1] if i + 1 < len(ms) else None):
        return "organisation"     # "the Ouagadougou conference centre in Sirte": the site's name
        # (but "the Taftanaz air base in Idlib province" is at Taftanaz)
    if text[m.start - 1:m.start] == "(" or text[m.start - 2:m.start] == "( ":
        if _NAME_THEN_BRACKET.search(text, max(0, m.start - 60), m.start) and _LOCATOR_AFTER.match(text, end, stop):
            return "modifier"     # "Léré (Niafunké cercle, Timbuktu region)": it locates the name before
    elif text[m.start - 2:m.start] == ", " and _LOCATOR_AFTER.match(text, end, stop) and \
            _NAME_THEN_BRACKET_ITEM.search(text, max(0, m.start - 120), m.start):
        return "modifier"         # "Anefis (Anefif commune, Kidal)": Kidal region locates Anefis too
    if i > 0:
        prev = ms[i - 1]
        if m.start - prev.end <= 45 and _LOCATING_GAP.fullmatch(text, prev.end, m.start):
            return "modifier"     # "X, in northern Y", "X (Y)", "X in the Y countryside"
        if _COMMA_GAP.fullmatch(text, prev.end, m.start) and (m.place.is_country or m.place.is_admin_area) and \
                not (prev.place.is_country or prev.place.is_admin_area) and not _a_town_listed_next(text, ms, i):
            return "modifier"     # "X, Syria" (but "took Kunduz, Sar-e Pol and Taloqan" lists three)
        if m.place.is_country and prev.place.country == m.place.country and (
                prev.place.is_admin_area and _COMMA_GAP.fullmatch(text, prev.end, m.start)
                or _AREA_COMMA_GAP.fullmatch(text, prev.end, m.start)) and not _a_town_listed_next(text, ms, i):
            return "modifier"     # "into Gambella region, Ethiopia": the country of the region before
        if _AND_GAP.fullmatch(text, prev.end, m.start) and _BETWEEN_BEFORE.search(text[max(0, prev.start - 40):prev.start]):
            return "route"        # "between X and Y"
    if (m.place.is_country or m.place.is_admin_area or _AREA_WORD_AFTER.match(text, end, stop)) and \
            _locates_a_name(text, m.start) and not _a_town_listed_next(text, ms, i):
        return "modifier"         # "Makarivka, Donetsk Oblast" with Makarivka unknown: it only locates it
    if space and (m.place.is_country or m.place.is_admin_area or m.place.feature_code.startswith("RGN")) and \
            (town := _AREAS_TOWN_AFTER.match(text, end, stop)) and (town.group("gap") or m.kind == "admin"
                                                                    or town.group("noun") in ("town", "village", "capital", "junction", "crossroads")):
        return "modifier"         # "the Gezira state capital", "the North Kordofan market town", "retakes
        # White Nile town", "key Amhara junction": a town of it (but "Marib city" is the city)
    if (m.place.is_country or m.place.is_admin_area) and _CAPITAL_OF_BEFORE.search(text, max(0, m.start - 40), m.start):
        return "modifier"         # "retaking the capital of Gezira state": its capital, not the state
    if (m.place.is_country or m.place.is_admin_area) and i + 1 < len(ms) and \
            _CAPITAL_GAP.fullmatch(text, end, ms[i + 1].start):
        return "modifier"         # "Tigray capital Mekelle", "Ukraine's capital, Kyiv": the capital is meant
    return _route_or_border(text, m, low, stop, c)


def _route_or_border(text: str, m: Mention, low: str | None, stop: int, c: str) -> str | None:
    """`_context_of` for a name that only names a road or a front ("route": "the Damascus-Homs
    highway", "the road to X") or a border ("border": "the border with X"), else None."""
    end, space = m.end, c.isspace()
    if (c in "-–" or text[m.start - 1:m.start] in ("-", "–")) and _LINKED_ROUTE.match(text, end, end + 80):
        return "route"            # "the Damascus-Homs highway", "the Kupiansk–Lyman axis"
    if space and _ROAD_NAMED_AFTER.match(text, end, stop):
        return "route"            # "along Salah al-Din road", "the Aleppo highway": a road named after it
    b0 = max(0, m.start - 40)
    if low is None:
        low, b0_low, b1_low = text[b0:m.start].lower(), 0, None
    else:
        b0_low, b1_low = b0, m.start
    # substring tests first: the anchored-at-the-end regexes try every position of the window
    # (the route and border words are plain ASCII: the lowered window holds them where the
    # lowered text does)
    if _ROUTE_WORD.search(low, b0_low, m.start - b0 if b1_low is None else b1_low) and \
            _ROUTE_BEFORE.search(text[b0:m.start]) and not _BY_ROAD.search(text[b0:m.start]) and \
            not (_WAY_TO_BEFORE.search(text, b0, m.start) and _FLIGHT_BEFORE_A_ROAD.search(text, max(0, m.start - 140), m.start)
                 and not _STUCK_ON_THE_WAY.search(text, max(0, m.start - 90), m.start)):
        return "route"            # "the road to X", "between X and Y" (but "fled by boat and road to X": X;
        # "fled Macomia, others along the road to Pemba", "jamming the highway west towards Tartus": where they went;
        # not "fled east, many stranded at the Bzebiz bridge on the road to Baghdad": they did not get there)
    if space and _BORDER_AFTER.match(text, end, stop) and (m.place.is_country or m.place.is_admin_area
                                                           or not _CROSSING_AFTER.match(text, end, stop)) or \
            low.find("border", b0_low, m.start - b0 if b1_low is None else b1_low) >= 0 and \
            _BORDER_BEFORE.search(text[b0:m.start]):
        return "border"           # (but "the Rafah crossing", "the Tal Abyad border gate": at the town)
    return None


#: A possessive before unnamed towns: "Darfur's state capitals", "the region's main towns".
_POSSESSIVE_TOWNS = re.compile(r"['’]s\s+(?:[a-z][a-z-]*\s+){0,2}(?:capitals|towns|cities|villages|settlements|"
                               r"hamlets)\b")
#: An area's name before a town noun with a word between: "the Gezira state capital", "the North
#: Kordofan market town", "the Donetsk oblast town of" (but "Kherson city" is the city); or with
#: none when the area is named with its own noun (a mention "Gezira state" before "capital"), or
#: the noun is "town" or "village" ("White Nile town").
_AREAS_TOWN_AFTER = re.compile(r"\s+(?P<gap>(?:[a-z][a-z-]*\s+){0,2})(?P<noun>capital|town|city|village|port|hub|stronghold|"
                               r"junction|crossroads)(?:s|es)?\b")      # ("all five Darfur state capitals": towns of it too)

_QUOTES = frozenset("\"'“”‘’")


#: The next item of a list a colon opens after a count of places, joined by a comma or "and"
#: past an aside: "wrested three provincial capitals: Kunduz, where soldiers retreated to the
#: airport, and Sar-e-Pul".
_COLON_LIST_ITEM = re.compile(r"\b(?:villages|towns|cities|settlements|localities|hamlets|capitals|districts|bases)\b"
                              r"[^.;:!?]{0,60}:\s[^.;:!?]*,[^.;:!?]*(?:,\s+and|,|\sand)\s$")


def _in_a_colon_list(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] ends in `_COLON_LIST_ITEM` (a colon first: `marker` runs for every place)."""
    return text.find(":", a, b) >= 0 and _COLON_LIST_ITEM.search(text, a, b) is not None


def marker(text: str, lo: int, ref_start: int) -> str:
    """The preposition that introduces a place seen from text[lo:]: "" for a direct object
    ("retook the town of X"), "from", "to", "in", ...; "near" for "south of X"; "|" when
    punctuation or too many words stand between."""
    if text[lo:lo + 1] in _QUOTES:
        lo += 1               # the closing quote of a word quoted ('had "liberated" X'): not punctuation between
    if text[ref_start - 1:ref_start] == " " and _in_a_colon_list(text, max(lo, ref_start - 160), ref_start):
        return ""             # the next item of a colon's list past an aside ("three capitals: Kunduz, where
                              # soldiers retreated to the airport, and Sar-e-Pul")
    # The answer nearly always lies in the last few words: read 48 characters back first, and
    # all 120 only when those do not settle it (their first word may be cut, and is not used).
    if ref_start - 48 > lo:
        mk = _marker_of([w.lower() for w in _WORD.findall(text, ref_start - 48, ref_start)], 2)
        if mk is not None and not (mk in ("in", "at") and _SITE_OF.search(text, max(lo, ref_start - 120), ref_start)) \
                and not (mk == "|" and ":" in text[ref_start - 48:ref_start]):
            return mk     # ("in" may be a site's named further back: "the headquarters of the X Command in Y";
            # a colon's list may count its places further back: "three capitals from government forces in a day: X")
    words = [w.lower() for w in _WORD.findall(text, max(lo, ref_start - 120), ref_start)]
    if ref_start - 120 > lo and words:
        words = words[1:]
    return _marker_of(words, 0) or ""


def _marker_of(words: list[str], first: int) -> str | None:
    """`marker` read back over `words` down to words[first] (and words[first - 1] as the word
    before it); None when that settles nothing and first > 0, "" when first == 0."""
    skipped = 0
    site = False                               # read back past a site's "in": "the palace and the camps in X"
    for k in range(len(words) - 1, first - 1, -1):
        w = words[k]
        prev = words[k - 1] if k > 0 else ""
        if site and w == "and":
            continue
        if w in _LIST_OPENERS and _PLACE_NOUNS.intersection(words[max(0, k - 9):k] + words[k + 1:k + 4]) or \
                w in ":(" and any(x in _PLACE_NOUNS and x.endswith("s") for x in words[max(0, k - 12):k]):
            return ""                          # "three villages, including X", "4 villages from ISIS: X, Y"
        if w == "," and prev in _NAMED_NEXT:
            continue                           # "captured Tigray's capital, Mekelle": the capital named;
                                               # "its last stronghold, the village of Baghouz"
        if w in ",;:()[]\"“”—–":
            return "|"
        if w == "of":
            if prev in _PLACE_NOUNS or prev in _FORCES_OF:
                continue                       # "the town of X"; "by forces of X" is by X
            if prev == "direction":
                return "to"                    # "in the direction of X"
            if prev == "out":
                return "from"                  # "out of X"
            if prev in _COMPASS or prev in ("outskirts", "edge", "south-east", "north-east"):
                return "near"                  # "south of X": somewhere else
            return "of"
        if w in ("in", "at") and prev not in _SITES_IN and any(
                words[j] in _SITES_IN and words[j + 1] == "of" for j in range(max(first, k - 9), k - 1)):
            skipped -= _SITE_WORDS             # "the headquarters of the state broadcaster in X"
            site = True
            continue
        if w in ("in", "at") and prev in _SITES_IN:
            if prev in _NEAR_PLACES and not (k >= 2 and words[k - 2] in ("all", "any", "every")) or \
                    k >= 2 and _COUNTED.fullmatch(words[k - 2]) and prev.endswith("s"):
                return "|"                     # "(23) villages in X": unnamed places near X, not X
            skipped -= _SITE_WORDS             # "the army's 20th Infantry Division headquarters in X":
            site = True                        # the site's own words; "its base in X", "districts in X"
            continue
        if w in _MARKERS:
            return "from" if w == "from" else w
        if w in _OVERLOOKING:
            return "near"                      # "a hilltop overlooking X": somewhere else
        if w == "and" and prev in _NEAR_PLACES and k >= 2 and (_COUNTED.fullmatch(words[k - 2]) or words[k - 2] == "the") \
                and [x for x in words[k + 1:k + 4] if x != "the"][:2] in (["town", "of"], ["city", "of"], ["village", "of"]):
            skipped -= 3          # "captured several villages and the town of X": X is an object too
            continue
        if w in _CLAUSE_WORDS:
            return "|"
        if w == "out" or w == "away":
            continue
        skipped += 1
        if skipped > _MAX_SKIPPED:
            return "|"
    return None if first > 0 else ""


#: "the capital of" right before an area's name: the capital is meant.
_CAPITAL_OF_BEFORE = re.compile(r"\b(?:capital|capitals|main\s+town|largest\s+city|seat)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: Between an area and its capital named right after it: "Tigray capital Mekelle".
_CAPITAL_GAP = re.compile(r"(?:['’]s)?\s+(?:(?:provincial|regional|state|national)\s+)?capital,?\s+(?:city\s+of\s+)?")
#: Words that place what comes before them by a place they look onto: "a hilltop overlooking X".
_OVERLOOKING = frozenset(("overlooking", "overlook", "overlooks", "bordering"))
#: Unnamed places of their own, near the place named after them: "villages in the eastern
#: countryside of X" are not X ("all villages in X" are).
_NEAR_PLACES = frozenset("villages towns hamlets settlements areas".split())
#: Nouns of men whose "of" names their side: "by forces of the Government of National Accord".
_FORCES_OF = frozenset("forces troops fighters units militias soldiers elements".split())
#: Nouns a place named after a comma stands for: "its last stronghold, Baghouz".
_NAMED_NEXT = frozenset("capital stronghold bastion town city village hub enclave".split())
#: Words opening a list of the places a plural noun stands for: "villages, including X".
_LIST_OPENERS = frozenset(("including", "namely", "notably", "among", "incl", "like"))
#: A count before a plural place noun: "two villages", "23 more villages".
_COUNTED = re.compile(r"\d+|two|three|four|five|six|seven|eight|nine|ten|several|more|dozens|many|some|numerous|other")

#: An apposition after a place, between commas: ", the region's biggest port,", ", 25 km to the east,"
#: (no clause: no verb or relative word in it).
APPOSITION_ASIDE = (r",\s*(?:the|a|an|its|their|once|some|about|\d[\d,.]*)\s+"
                    r"(?![^,;:()]*\b(?:was|were|is|are|had|has|have|which|who|where|when|after|before|while)\b)"
                    r"[^,;:()]{1,50}(?=,)")
#: What stands between places listed together: ", ", " and ", ", and the towns of ", ", as well as the villages of ".
_MONTH = _times._MONTH      # a month's name, as the time expressions read it
#: A list item's time told from the item before it (`_LIST_JOINER`).
_ITEM_TIME = (r"(?:the\s+(?:next|following|same)\s+(?:day|week|month)|later\s+(?:that|the\s+same)\s+(?:day|week|month)"
              r"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a\s+few|several|\d{1,2})"
              r"\s+(?:days?|weeks?|months?)\s+later"
              r"|on\s+the\s+\d{1,2}(?:st|nd|rd|th))")
_LIST_JOINER = re.compile(r"(?:\s+(?:district|town|city|village|region|province|governorate|oblast|raion|township|"
                          r"county|area|(?:international\s+|military\s+)?(?:air\s*base|airport)|border\s+crossing|mountains?|hills?|"
                          r"valley|plains?)(?![\w-]))?"    # the kind of the place before, or
                          # its site: "Aghdam district on 20 November, ", "the Jufra air base and the town of Hun"
                          r"(?:\s*\([^()]{1,40}\))?"       # an aside on the place before: "Makariv (22 March), "
                          # or its own date: "Lalibela on 5 August and Dessie on 30 October", after an aside
                          # between commas too: "Marinka, 25 km to the northeast, in December 2023, and ..."
                          rf"(?:(?:{APPOSITION_ASIDE},)?\s+(?:on|in|by)\s+(?:(?:early|mid|late)[\s-]|the\s+(?:start|end|middle)\s+of\s+)?"     # ("in mid-June")
                          rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}|{_MONTH})(?:,?\s+\d{{4}})?"
                          # or a time told from the item before: "Kidal on 30 March, Gao the next day and Timbuktu
                          # on 1 April", "left Tessalit on the 21st and Aguelhok ten days later"
                          rf"|\s+{_ITEM_TIME})?"
                          r"\s*(?:,\s*(?:and\s+)?(?:then\s+)?|and\s+(?:then\s*)?(?:on\s+to\s+)?|and(?=,)|&\s*|"   # ("to X and on to Y")
                          r",?\s*(?:including|such\s+as|like|notably|as\s+well\s+as|along\s+with|together\s+with)\s+|"
                          r",?\s*or\s+(?:even\s+)?(?:further\s+|farther\s+)?(?:to\s+)?)"
                          # a time told from the item before, ahead of the next one: "retook Bama on
                          # 16 March and, eleven days later, Gwoza"
                          rf"(?:,?\s*{_ITEM_TIME}\s*,?\s+)?"
                          r"(?:(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:town|city|village|hamlet|cities|towns|villages|hamlets|"
                          r"settlements?)\s+of\s+|the\s+(?:[a-z-]+\s+)?(?:capital|port|port\s+city),?\s+)?")   # ("and the capital Baku",
                          # "and the regional capital, Hinche")


def coordinated_before(text: str, refs: list[PlaceRef], last: PlaceRef, lo: int) -> list[PlaceRef]:
    """The place and those listed before it: "A, B and C fell to X" (text order).

        >>> from gazetteer.records import Mention, Place
        >>> text = "Um Rawaba and Al Rahad cleared of RSF"
        >>> refs = [PlaceRef(a, b, Mention(text[a:b], a, b, Place(text[a:b], 0, 0, a), 0.9))
        ...         for a, b in ((0, 9), (14, 22))]
        >>> [text[r.start:r.end] for r in coordinated_before(text, refs, refs[1], 0)]
        ['Um Rawaba', 'Al Rahad']
    """
    out = [last]
    for r in reversed(refs):
        if r.start >= out[0].start or r.start < lo:
            continue
        gap = text[r.end:out[0].start]
        if joins_a_list(gap) and not (_OPENING_LOCATOR.search(text, max(0, r.start - 12), r.start) and not _JOINING_WORD.search(gap)):
            out.insert(0, r)
        else:
            break     # ("In Hama province, the village of Kafr Zita was captured": the province locates it)
    return out


#: A word that joins list items, as a bare comma after a locator does not.
_JOINING_WORD = re.compile(r"\b(?:and|or|including|such|like|notably|as|along|together)\b|&")
#: A preposition that makes the place after it a locator opening the clause: "In Hama province, ...".
_OPENING_LOCATOR = re.compile(r"(?:^|[.;:]\s*|\b)(?:[Ii]n|[Ww]ithin|[Ii]nside|[Aa]cross|[Nn]ear)\s+(?:the\s+)?$")


def coordinated(text: str, refs: list[PlaceRef], first: PlaceRef, hi: int) -> list[PlaceRef]:
    """The place and those listed with it: "captured A, B and C"."""
    out, aside = [first], None
    for r in refs:
        if r.start <= out[-1].start or r.start >= hi:
            continue
        if r.anaphor and aside is None and _APPOSITIVE_REF.fullmatch(text, out[-1].end, r.start) and text.startswith(",", r.end):
            aside = r         # the item before called so in an aside: "took Goma, the lakeside city, on 21 January, and Sake"
            continue
        if (joins_a_list(text[out[-1].end:r.start]) or aside is not None and joins_a_list(text[aside.end:r.start])
                or _in_a_colon_list(text, max(0, r.start - 160), r.start)) and not _VERB_AFTER.match(text, r.end):
            aside = None
            out.append(r)     # (or a colon's list goes on past an aside: "Kunduz, where ..., and Sar-e-Pul")
        else:
            break             # (", and Snihurivka was liberated the day before": a clause of its own)
    return out


def joins_a_list(gap: str) -> bool:
    """Whether the text between two places joins them as items of one list (`_LIST_JOINER`),
    maybe past items the gazetteer lacks ("Kidal, Tonenke and Gao"), each with its own time
    ("took Jabrayil on 4 October and Fuzuli on 17 October, then Zangilan")."""
    if _LIST_JOINER.fullmatch(gap) is not None or \
            (m := LISTED_NAMES.match(gap)) is not None and _LIST_JOINER.fullmatch(gap, m.end()) is not None:
        return True
    at = 0
    while (m := _UNKNOWN_ITEM_TOLD.match(gap, at)) is not None and m.end() > at:
        at = m.end()
    return at > 0 and _LIST_JOINER.fullmatch(gap, at) is not None


#: Further items of a list by name: those the gazetteer lacks, between two it holds ("captured
#: Kidal, Tonenke and Gao": kept by name on their own, `timeline.events.engine`), or items up to
#: the time they share ("then Zangilan and Gubadli later that month").
LISTED_NAMES = re.compile(r"(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:(?:al|el|ad|ar|as|an)-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)+")
#: An item the gazetteer lacks after the list's joiner and the time of the item before it: " on 4
#: October and Fuzuli".
_UNKNOWN_ITEM_TOLD = re.compile(_LIST_JOINER.pattern + r"(?:(?:al|el|ad|ar|as|an)-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?")
#: Between a place and a reference back to it that stands in apposition: "Goma(, the lakeside )city".
_APPOSITIVE_REF = re.compile(r",\s*(?:(?:the|its|a)\s+(?:[\w'’-]+\s+){0,3})?")
#: A verb right after a name: the name opens a clause of its own, it is no item of a list.
_VERB_AFTER = re.compile(r"\s+(?:was|were|is|are|has|had|fell|remained|came|followed)\b")


__all__ = ["PlaceRef", "place_refs", "title_topic", "marker", "coordinated", "coordinated_before", "in_a_headline", "joins_a_list",
           "LISTED_NAMES", "PLACE_SLOT",
           "LOOKBACK_CHARS", "MIN_MENTION_CONFIDENCE"]
