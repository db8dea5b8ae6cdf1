"""The pipeline, top to bottom: one article in, dated and geoparsed events out.

`process_article` is a pure function of the article and the loaded gazetteer
(plus the actor lexicon), so a distributed engine can map it over millions of
articles:

    >>> import dask.bag as db                                  # doctest: +SKIP
    >>> gz = load_gazetteer()                                  # doctest: +SKIP
    >>> db.from_sequence(articles).map(process_article, gazetteer=gz)  # doctest: +SKIP

The stages are declared once, in `STAGES`: named functions, each taking the
`ArticleResult` so far and returning a richer one; `process_article` runs them over
one article, `process_articles` over a batch, a stage at a time. Corpus-level steps
(dates inferred from a shared story, corroboration of the same event across
articles) run after them, in `timeline.ingest`.

    >>> from timeline.records import Article
    >>> res = process_article(Article.from_text("Title\\n21 May, 2016\\nRebels captured Manbij on Friday."))
    >>> res.article.published
    '2016-05-21'
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from geopy.distance import great_circle

from gazetteer import Gazetteer, Mention, Place, load_gazetteer, name_key
from gazetteer.references import capital_mentions
from gazetteer.variants import VARIANT_MIN_POPULATION
from timeline.actors import ActorLexicon, load_actors
from timeline.dates import date_article
from timeline.event_places import STRAY_KM, is_dateline, outside_a_locator, site_elsewhere, title_topic
from timeline.events import extract_events
from timeline.records import Article, ArticleResult, Event
from timeline.times import find_time_expressions, title_month_years, title_year


def time_expressions(article: Article) -> tuple:
    """The time expressions of an article, against its date; an undated one whose title names
    a year ("Battle of X (2016)") reads its year-less dates in that year, one whose title spans
    a new year ("(October 2017–February 2018)") reads each month in its year."""
    if article.anchor_date is not None:
        return tuple(find_time_expressions(article.text, article.anchor_date))
    return tuple(find_time_expressions(article.text, None, title_year(article.title), title_month_years(article.title)))


#: Texts up to this long (headlines, wire leads, paragraphs) read the countries of the armed
#: groups they name as a hint for ambiguous place names: they have too few places of their
#: own to settle "Palmyra".  Longer articles settle it by their places.
SHORT_TEXT = 2000


#: A short text whose places include one read with less confidence than this is read again
#: with the countries of the armed groups it names.
UNSURE_PLACE = 0.7


def places_of(article: Article, gazetteer: Gazetteer, actors: ActorLexicon) -> tuple[Mention, ...]:
    """The place mentions of an article, resolved; a short text with an unsure reading also by
    the countries of the armed groups it names ("IS retook Palmyra" is about Syria)."""
    text = article.text
    mentions = gazetteer.find_places(text)
    if len(text) > SHORT_TEXT or not mentions:
        return _with_capitals(text, mentions, gazetteer)
    titled = title_countries(article, gazetteer)
    # (an actor scan: only for a text with a name read more than one way)
    fighting = actors.countries_named(text) \
        if any(m.alternatives or m.confidence < UNSURE_PLACE for m in mentions) else ()
    # a reading outside where the named groups fight is worth a second look when the name has
    # another reading ("Government troops pushed the Houthis out of Hays": Yemen's, not Kansas's)
    if any(m.confidence < UNSURE_PLACE for m in mentions) or \
            any(m.place is not None and m.place.country not in titled for m in mentions if titled) or \
            any(m.place is not None and m.alternatives and m.place.country not in fighting for m in mentions if fighting):
        read = {m.place.country for m in mentions if m.confidence >= UNSURE_PLACE}
        focus = tuple(dict.fromkeys(fighting + titled))
        if focus and not set(focus) <= read:      # the groups or the title say something the places do not
            mentions = gazetteer.find_places(text, focus=focus)
        if titled or fighting:
            # the title's countries, else where the named groups fight ("Houthis seize Hays")
            mentions = [_namesake_in(m, titled or fighting, gazetteer) for m in mentions]
    return _with_capitals(text, mentions, gazetteer)


def _with_capitals(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """The mentions, with those of the capitals "the capital" phrases mean, in text order."""
    if "capital" not in text:
        return tuple(mentions)
    caps = capital_mentions(text, mentions, gazetteer)
    return tuple(sorted([*mentions, *caps], key=lambda m: m.start)) if caps else tuple(mentions)


def _namesake_in(m: Mention, countries: tuple[str, ...], gazetteer: Gazetteer) -> Mention:
    """A doubtful reading abroad of a name that has exactly one populated namesake in the
    countries the title names (or the named armed groups fight in): that namesake, as unsure
    as before ("al-Rai", read as Rye, New York, in a paragraph of "Northern Aleppo offensive":
    Ar Ra'i, Syria)."""
    p = m.place
    if p is None or m.confidence >= UNSURE_PLACE or p.country in countries or m.kind != "toponym":
        return m
    near = [c for c in gazetteer.lookup(m.surface) if c.country in countries
            and not (c.is_country or c.is_admin_area) and c.feature_code.startswith("PP")]
    if len(near) != 1:
        return m                  # none, or several: which one, the text does not say
    return replace(m, place=near[0], alternatives=(p,) + tuple(m.alternatives or ())[:2])


def title_countries(article: Article, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The countries of the places a title names confidently, when the title is not the text's
    own first line: a paragraph of "Northern Aleppo offensive" is about Syria even where it
    names only "al-Rai" (a namesake of Rye, New York, by spelling)."""
    title = (article.title or "").strip()
    if not title or article.text.lstrip().startswith(title):
        return ()
    if title == title.lower():
        title = title.title()
    return tuple(dict.fromkeys(m.place.country for m in gazetteer.find_places(title)
                               if m.place is not None and m.place.country and m.confidence >= UNSURE_PLACE))


class Kit(NamedTuple):
    """What the stages read besides the record: the loaded gazetteer and actor lexicon."""

    gazetteer: Gazetteer
    actors: ActorLexicon


def stage_date(result: ArticleResult, kit: Kit) -> ArticleResult:
    """Article -> dated from its own text (`timeline.dates`), unless a manifest, the user or
    inference dated it."""
    article = result.article
    if article.date_source in ("none", "text", "metadata"):
        article = date_article(article)
    return replace(result, article=article)


def stage_times(result: ArticleResult, kit: Kit) -> ArticleResult:
    """+ the text's time expressions, resolved against the article's date (`timeline.times`)."""
    return replace(result, times=time_expressions(result.article))


def stage_places(result: ArticleResult, kit: Kit) -> ArticleResult:
    """+ the place mentions, resolved to places (the gazetteer)."""
    return replace(result, mentions=places_of(result.article, kit.gazetteer, kit.actors))


def stage_events(result: ArticleResult, kit: Kit) -> ArticleResult:
    """+ the events the sentences report, dated and placed (`timeline.events`)."""
    article = result.article
    topic = title_topic(article.title, article.text, kit.gazetteer)
    titled = title_countries(article, kit.gazetteer) if topic is None else ()
    events = extract_events(article, result.mentions, result.times, kit.actors, topic, titled)
    events = _far_from_the_story(events, article.text, result.mentions, kit.actors)
    if any(e.unresolved for e in events):
        events = _spelled_otherwise(events, article.text, result.mentions, titled, kit)
    return replace(result, events=tuple(events))


#: How far from every other place a text names surely, in a country it names nothing else in,
#: a town where a war event happens may lie before it is taken for a namesake of the town meant:
#: "Mozambican troops have retaken Palma" beside Pemba is no Palma de Mallorca, 7,000 km away.
#: (Where people fled to may be far: "reached Hamburg" from Aleppo; a capital is too well known.)
FAR_FROM_THE_STORY_KM = 2500.0
#: How sure the reading of a town must be for a town far from it to be doubted ("Bano" read as
#: Bagneux, France, at 0.7, casts no doubt on Deh Salah, Afghanistan).
SURE_TOWN = 0.9


def _far_from_the_story(events: list, text: str, mentions, actors: ActorLexicon) -> list:
    """The events, with the town one happened at (a control change's place, a flight's origin)
    set aside as unresolved, kept by its name, when that town lies far from every town the text
    otherwise names surely, in a country nothing else in the text is in (words of a side's name
    are no places of the text: "Haram" of "Boko Haram", "Rapid" of "Rapid Support Forces")."""
    mentions = [m for m in mentions if m.place is not None]
    far = [(i, role) for i, e in enumerate(events) for role in ("place", "origin")
           if _far_town(e, getattr(e, role), mentions) is not None]
    if not far:
        return events       # (the test over every mention first: a side's words are looked for only then)
    sides = [(a.start, a.end) for a in actors.find(text)]
    # (nor is a name that only says what a site is named after: "the Ouagadougou conference centre in Sirte")
    mentions = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in sides)
                and not site_elsewhere(text, m.end)]
    events = list(events)
    for i, role in far:
        e = events[i]
        if (own := _far_town(e, getattr(e, role), mentions)) is not None:
            events[i] = replace(e, **{role: None}, unresolved=e.unresolved + ((role, own.surface),),
                                mentions=tuple(m for m in e.mentions if m is not own))
    return events


def _far_town(e: Event, p: Place | None, mentions) -> Mention | None:
    """The mention of town `p` of event `e` when it lies far from the story (`_far_from_the_story`)."""
    if p is None or p.is_country or p.is_admin_area or p.feature_code == "PPLC":
        return None
    own = next((m for m in e.mentions if m.place == p and m.surface[:1].isupper()), None)
    # (the towns the text names: a country's or an area's point says nothing of distance)
    others = [m.place for m in mentions if m.confidence >= SURE_TOWN and m.kind != "demonym"
              and not (m.place.is_country or m.place.is_admin_area) and m.place.key != p.key]
    if own is None or not others or p.country in {m.place.country for m in mentions if m.place.key != p.key} \
            or any(great_circle((p.lat, p.lon), (o.lat, o.lon)).km <= FAR_FROM_THE_STORY_KM for o in others):
        return None
    return own


def _spelled_otherwise(events: list, text: str, mentions, titled: tuple[str, ...], kit: Kit) -> list:
    """Events whose unresolved names are places of the countries the text is about spelled
    otherwise ("Um Rawaba": Umm Ruwaba, `Gazetteer.spelling_variant`), placed there; a name
    the gazetteer holds under its own spelling, which the rules set aside as read elsewhere,
    is placed at the one place of that name in those countries, if there is exactly one."""
    # (a word of an unresolved name read as a place is no town of the text: "Bulo" of "Bulo Burde")
    spans = [(a, a + len(n)) for e in events for _, n in e.unresolved
             if (a := text.find(n, e.evidence_start, e.evidence_end)) >= 0]
    # (nor is a reading of the same name elsewhere in the text: "Alas" read as Allos, France)
    names = {name_key(n) for e in events for _, n in e.unresolved}
    sure = [m.place for m in mentions if m.place is not None and m.place.country and m.kind != "demonym"
            and m.confidence >= UNSURE_PLACE and not any(a < m.end and m.start < b for a, b in spans)
            and name_key(m.surface) not in names]
    # (an actor's name read as a place says nothing of the text's countries: "Taliban" as a
    # village in Turkey)
    countries = tuple(dict.fromkeys([m.place.country for m in mentions if m.place in sure and
                                     kit.actors.canonical(m.surface) is None] + list(titled)))
    if not countries:               # (its places read less surely: "Kenscoff residents flee to Pétion-Ville")
        countries = tuple(dict.fromkeys(m.place.country for m in mentions if m.place is not None and m.place.country
                                        and m.kind != "demonym" and kit.actors.canonical(m.surface) is None
                                        and name_key(m.surface) not in names
                                        and not any(a < m.end and m.start < b for a, b in spans)))
    towns = _towns_of(text, mentions, sure)
    # then the countries where the groups it names fight, when the text names a town for a
    # village there to lie near ("Boko Haram overruns army base in Malam-Fatori; residents
    # flee to Diffa": Nigeria's, though only Niger's Diffa is named), or no country at all
    if towns or not countries:
        countries = tuple(dict.fromkeys(countries + tuple(kit.actors.countries_named(text))))
    out = []
    for e in events:
        fill, left = {}, []
        for role, name in e.unresolved:
            place = None
            if getattr(e, role) is None:
                held = kit.gazetteer.lookup(name)
                if held:
                    # held under this name, but read elsewhere and set aside: the one place of
                    # the name in the text's countries ("al-Rai" with ISIL is Syria's Ar Rā‘ī,
                    # not Laï in Chad)
                    place = _the_one_held(held, countries, towns)
                else:
                    place = kit.gazetteer.spelling_variant(name, countries)
                # (a hamlet by a capital's radius is too often another hamlet: "the ghost city of
                # Pripyat" by Kyiv is no Prypiat of Volyn, 420 km away)
                if place is not None and towns and not (held and (place.population or 0) >= NAMED_TOWN_POPULATION
                                                        and name_key(place.name) == name_key(name)) \
                        and not any(great_circle((place.lat, place.lon), (t.lat, t.lon)).km <= (
                            km if (place.population or 0) >= VARIANT_MIN_POPULATION else STRAY_KM) for t, km in towns):
                    place = None      # (but a town of its own name, the only one in those countries, is that
                    # town wherever it lies: "Taliban seize Faizabad, Pul-e Khumri and Farah")
                if place is not None and outside_a_locator(text, mentions, text.find(name, e.evidence_start), place):
                    place = None      # "in western Aleppo, HTS captured Kafr Laha": not the one of Homs
            if place is None:
                left.append((role, name))
                continue
            fill[role] = place
            at = text.find(name, e.evidence_start, e.evidence_end)
            fill.setdefault("mentions", e.mentions)
            fill["mentions"] += (Mention(name, at, at + len(name), place, VARIANT_CONFIDENCE, (), "variant"),)
        if fill:
            e = replace(e, unresolved=tuple(left), **fill)
        out.append(e)
    return out


def _towns_of(text: str, mentions, sure: list) -> list:
    """The towns the text names surely, each with how far from it a village it names may lie:
    a namesake of the same skeleton elsewhere in the country is another village (a dateline's
    town or a capital says only roughly where: the reporter's desk, the state's seat;
    "MOGADISHU - ... captured Harardhere", 400 km away, is Xarardheere)."""
    return [(m.place, CAPITAL_KM if m.place.feature_code == "PPLC" or is_dateline(text, m) else STRAY_KM)
            for m in mentions if m.place in sure and not (m.place.is_country or m.place.is_admin_area)]


def _the_one_held(held: list[Place], countries: tuple[str, ...], towns: list) -> Place | None:
    """The one place of a held name in the text's countries; of several, the one lying near
    the towns the text names surely, if only one does ("Fuzuli was captured" beside Jabrayil
    is the town of 25,000, not the hamlet of that name 190 km north)."""
    here = [p for p in held if p.country in countries and not (p.is_country or p.is_admin_area)]
    if len(here) > 1 and towns:
        here = [p for p in here if any(great_circle((p.lat, p.lon), (t.lat, t.lon)).km <= NAMESAKE_KM
                                       for t, _ in towns)]
    return here[0] if len(here) == 1 else None


#: How near the text's towns the one of several namesakes must lie to be the one meant (a
#: common village name has a namesake within a day's drive of most towns).
NAMESAKE_KM = 50.0

#: A town this large, whose own name is the very name an event gives it (not one of its other
#: names: "Hasiyah farms" are no Ḩisyā’) and the only one of that name in the countries the
#: text is about, is placed there however far from the text's other towns.
NAMED_TOWN_POPULATION = 20_000

#: How far from a dateline's town or a capital the text names a village spelled otherwise may lie.
CAPITAL_KM = 600.0

#: Confidence of a place read from a name spelled otherwise than the gazetteer's.
VARIANT_CONFIDENCE = 0.5



#: The per-article stages, in order: each takes the `ArticleResult` so far (at first the
#: article alone) and the `Kit`, and returns a richer one (spaCy's components over a Doc).
#: `process_article` and `process_articles` both run this list.
STAGES: list[Callable[[ArticleResult, Kit], ArticleResult]] = [stage_date, stage_times, stage_places, stage_events]


def _stages(*, redate: bool, places: bool) -> list:
    """`STAGES` without the dating stage (`redate=False`: the date given stands) or the
    places stage (`places=False`: the mentions are given)."""
    skip = {stage_date} if not redate else set()
    if not places:
        skip.add(stage_places)
    return [stage for stage in STAGES if stage not in skip]


def _kit(gazetteer: Gazetteer | None, actors: ActorLexicon | None) -> Kit:
    return Kit(load_gazetteer() if gazetteer is None else gazetteer, load_actors() if actors is None else actors)


def process_article(article: Article, gazetteer: Gazetteer | None = None,
                    actors: ActorLexicon | None = None, *, redate: bool = True,
                    mentions: tuple[Mention, ...] | None = None) -> ArticleResult:
    """Run every per-article stage (`STAGES`). `redate=False` keeps the article's date as given
    (a date set by the user, a manifest or inference must not be overwritten by the text).
    `mentions` reuses an earlier geoparse of the same text: places do not depend on the
    date, so re-dating an article need not find them again."""
    kit = _kit(gazetteer, actors)
    result = ArticleResult(article=article, mentions=mentions or ())
    for stage in _stages(redate=redate, places=mentions is None):
        result = stage(result, kit)
    return result


def process_articles(articles: list[Article], gazetteer: Gazetteer | None = None,
                     actors: ActorLexicon | None = None, *, redate: bool = True) -> list[ArticleResult | Exception]:
    """`process_article` over a batch, one stage at a time (as spaCy's `nlp.pipe` runs
    one component over a batch of documents): each stage's tables stay in the CPU's
    caches while it runs over the whole batch, which made an ingest of 3 KB articles
    a tenth faster than taking each article through every stage in turn.

    The results are those of `process_article`, in order; an article that a stage
    fails on gets its exception in its place, and the others go on.

        >>> from timeline.records import Article
        >>> [r.article.published for r in process_articles([Article.from_text("A\\n3 May 2016\\nText.")])]
        ['2016-05-03']
    """
    kit = _kit(gazetteer, actors)
    out: list = [ArticleResult(article=a) for a in articles]
    for stage in _stages(redate=redate, places=True):
        for k, item in enumerate(out):
            if not isinstance(item, Exception):
                try:
                    out[k] = stage(item, kit)
                except Exception as e:  # one article's failure stays its own
                    out[k] = e
    return out
