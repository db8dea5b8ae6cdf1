"""The pipeline, top to bottom: one article in, dated and geoparsed events out.

`process_article` is a pure function of the article and the loaded gazetteer
(plus the actor lexicon), so a distributed engine can map it over millions of
articles:

    >>> import dask.bag as db                                  # doctest: +SKIP
    >>> gz = load_gazetteer()                                  # doctest: +SKIP
    >>> db.from_sequence(articles).map(process_article, gazetteer=gz)  # doctest: +SKIP

Corpus-level steps (dates inferred from a shared story, corroboration of the
same event across articles) run after it, in `timeline.ingest`.

    >>> from timeline.records import Article
    >>> res = process_article(Article.from_text("Title\\n21 May, 2016\\nRebels captured Manbij on Friday."))
    >>> res.article.published
    '2016-05-21'
"""
from __future__ import annotations

from gazetteer import Gazetteer, Mention, load_gazetteer
from timeline.actors import ActorLexicon, load_actors
from timeline.dates import date_article
from timeline.event_places import title_topic
from timeline.events import extract_events
from timeline.records import Article, ArticleResult
from timeline.times import find_time_expressions, title_year

#: The stages, in order. Each takes the record(s) of the one before and returns richer ones.
STAGES = (
    "date_article           Article -> Article with published/date_source (timeline.dates)",
    "find_time_expressions  text, anchor -> TimeSpan[] (timeline.times)",
    "find_places            text -> Mention[] resolved to Places (gazetteer)",
    "extract_events         Article, Mention[], TimeSpan[], actors -> Event[] (timeline.events)",
)


def time_expressions(article: Article) -> tuple:
    """The time expressions of an article, against its date; an undated one whose title names
    a year ("Battle of X (2016)") reads its year-less dates in that year."""
    hint = title_year(article.title) if article.anchor_date is None else None
    return tuple(find_time_expressions(article.text, article.anchor_date, hint))


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
    if len(text) <= SHORT_TEXT and any(m.confidence < UNSURE_PLACE for m in mentions):
        read = {m.place.country for m in mentions if m.confidence >= UNSURE_PLACE}
        focus = actors.countries_named(text)
        if focus and not set(focus) <= read:      # the groups say something the places do not
            mentions = gazetteer.find_places(text, focus=focus)
    return tuple(mentions)


def process_article(article: Article, gazetteer: Gazetteer | None = None,
                    actors: ActorLexicon | None = None, *, redate: bool = True,
                    mentions: tuple[Mention, ...] | None = None) -> ArticleResult:
    """Run every per-article stage. `redate=False` keeps the article's date as given
    (a date set by the user, a manifest or inference must not be overwritten by the text).
    `mentions` reuses an earlier geoparse of the same text: places do not depend on the
    date, so re-dating an article need not find them again."""
    gazetteer = load_gazetteer() if gazetteer is None else gazetteer
    actors = load_actors() if actors is None else actors
    if redate:
        article = _redated(article)
    times = time_expressions(article)
    if mentions is None:
        mentions = places_of(article, gazetteer, actors)
    events = tuple(extract_events(article, mentions, times, actors, title_topic(article.title, article.text, gazetteer)))
    return ArticleResult(article=article, mentions=mentions, times=times, events=events)


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
    gazetteer = load_gazetteer() if gazetteer is None else gazetteer
    actors = load_actors() if actors is None else actors
    out: list = list(articles)

    def stage(fn) -> None:
        for k, item in enumerate(out):
            if not isinstance(item, Exception):
                try:
                    out[k] = fn(item)
                except Exception as e:  # one article's failure stays its own
                    out[k] = e

    if redate:
        stage(_redated)
    stage(lambda a: (a, time_expressions(a)))
    stage(lambda at: (*at, places_of(at[0], gazetteer, actors)))
    stage(lambda atm: ArticleResult(article=atm[0], mentions=atm[2], times=atm[1],
                                    events=tuple(extract_events(atm[0], atm[2], atm[1], actors,
                                                                title_topic(atm[0].title, atm[0].text, gazetteer)))))
    return out


def _redated(article: Article) -> Article:
    """The article dated from its own text, unless a manifest, the user or inference dated it."""
    return date_article(article) if article.date_source in ("none", "text", "metadata") else article
