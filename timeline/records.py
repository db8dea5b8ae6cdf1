"""Records the timeline speaks: an `Article`, a `TimeSpan` found in it, and an `Event`.

Dates are ISO 8601 strings ("2017-10-14", "2017-10-14T21:41:42+00:00") so that
records go to JSON, SQLite and Dask unchanged. A date that is not known is
None, never a guess: see DEVELOPERS.md, "Dates are never invented".

    >>> a = Article.from_text("Title\\nBody text.", path="a.txt")
    >>> a.title, a.date_source
    ('Title', 'none')
"""
from __future__ import annotations

import calendar
import datetime
import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from gazetteer.records import Mention, Place

#: Precisions, coarsest last (UCDP's date_prec in words).
PRECISIONS = ("day", "week", "month", "year")
#: Where an article's publication date came from.
DATE_SOURCES = ("text", "metadata", "manifest", "inferred", "user", "none")
EVENT_TYPES = ("control_change", "displacement")
#: How an event is reported.  "partial": only part of a place is said to have changed hands
#: ("captured most of X", "40% of X"), which never changes who holds it on the map.
STATUSES = ("reported", "claimed", "expected", "historical", "denied", "partial")
#: The statuses that assert who holds a place: they change control on the map, and two
#: of them naming different holders make a place contested.
CONTROL_STATUSES = frozenset({"reported", "claimed", "historical"})
#: Statuses of a change a report tells as news: not background, plans or denials.
NEWS_STATUSES = frozenset({"reported", "claimed", "partial"})


def http_url(url: str | None) -> str | None:
    """`url` if it is a plain http(s) address, else None: article texts are untrusted, and a
    `javascript:` or `data:` link must not reach an export or a page.

        >>> http_url("https://example.org/a"), http_url("javascript:alert(1)"), http_url(" HTTP://x.org ")
        ('https://example.org/a', None, 'HTTP://x.org')
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _HTTP_URL.match(url) else None


_HTTP_URL = re.compile(r"^https?://[^\s\"'<>\\]+$", re.IGNORECASE)


def content_id(text: str) -> str:
    """Stable id of a piece of content: same text, same id, whatever the file is called."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article as read from a file, a row or a record.

    id:                  content hash of title + text (see `content_id`).
    path:                file it was read from (for rows of a CSV/JSONL: "file#row").
    url:                 its address on the web, if given.
    source:              outlet or agency ("ARA News", "Reuters"), if known.
    title:               headline; for .txt files the first non-empty line.
    text:                the full text the offsets of mentions and events refer to.
    published:           ISO date or date-time of first publication, None if unknown.
    published_precision: "day", "month", "year" (or None when undated).
    date_source:         text / metadata / manifest / inferred / user / none.
    updated:             ISO date-time of an update shown beside the original, if any.
    inferred_from:       for date_source "inferred": id of the article the date came from.
    date_reason:         human-readable why, e.g. "header line '21 May, 2016 06:41'".
    decoding:            what had to be guessed to decode the file ("not UTF-8; read as
                         cp1252 (a guess)", "2 invalid UTF-8 sequences replaced"), None if nothing.
    """

    id: str
    text: str
    title: str = ""
    path: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    published_precision: str | None = None
    date_source: str = "none"
    updated: str | None = None
    inferred_from: str | None = None
    date_reason: str | None = None
    decoding: str | None = None

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, **kw) -> Article:
        """Build an article; the title defaults to the first non-empty line."""
        if title is None:
            title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        return cls(id=content_id(title + "\n" + text), text=text, title=title, **kw)

    @property
    def anchor_date(self) -> str | None:
        """The date relative expressions are resolved against: the original publication day."""
        return self.published[:10] if self.published else None

    def with_date(self, published: str | None, *, precision: str | None = "day",
                  source: str = "user", reason: str | None = None,
                  inferred_from: str | None = None) -> Article:
        return replace(self, published=published, published_precision=precision if published else None,
                       date_source=source if published else "none", date_reason=reason,
                       inferred_from=inferred_from)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Article:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True)
class TimeSpan:
    """A time expression found in a text, resolved to an interval.

    start, end: ISO dates, inclusive ("2017-07-01", "2017-07-31").
    precision:  day / week / month / year.
    phrase:     the words it came from ("In July").
    char_start, char_end: offsets of the phrase in the text.
    reason:     how it was resolved ("most recent July not after 2017-10-14").
    """

    start: str
    end: str
    precision: str
    phrase: str
    char_start: int = -1
    char_end: int = -1
    reason: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


class Span(NamedTuple):
    """The days an event covers, both inclusive, and the precision its date was given at."""

    start: datetime.date
    end: datetime.date
    precision: str | None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=65536)
def parse_iso_span(text: str) -> tuple[datetime.date, datetime.date]:
    """The days an ISO 8601 date of any granularity covers ("2017", "2017-07",
    "2017-07-05", "2017-07-05T21:41:42+00:00" -> that day in UTC).

    Raises ValueError on anything else, so that a bad record is reported, not guessed.

        >>> parse_iso_span("2017-02")
        (datetime.date(2017, 2, 1), datetime.date(2017, 2, 28))
    """
    s = text.strip()
    if len(s) == 4 and s.isdigit():
        y = int(s)
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    if len(s) == 7 and s[4] == "-":
        y, m = int(s[:4]), int(s[5:])
        return datetime.date(y, m, 1), _month_end(y, m)
    if len(s) == 10:
        d = datetime.date.fromisoformat(s)
        return d, d
    dt = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    if dt.tzinfo is not None:
        dt = dt.astimezone(datetime.UTC)
    return dt.date(), dt.date()


def _widen_by_precision(first: datetime.date, precision: str | None) -> datetime.date:
    """Last day of the period `precision` names, when `first` opens such a period.

    Only a date that starts its period is widened ("2017-07-01" at month precision
    is July); a mid-period day is taken as written.
    """
    if precision == "week":
        return first + datetime.timedelta(days=6)
    if precision == "month" and first.day == 1:
        return _month_end(first.year, first.month)
    if precision == "year" and (first.month, first.day) == (1, 1):
        return datetime.date(first.year, 12, 31)
    return first


@lru_cache(maxsize=65536)
def event_span(date: str | None, end: str | None = None,
               precision: str | None = None) -> tuple[datetime.date, datetime.date] | None:
    """Inclusive (first_day, last_day) an event dated so covers, or None when it is
    undated: the one definition the filters, the map, the exports and corroboration use
    (as `Event.span`).

    `end` wins when given; otherwise a partial date covers its whole period and a
    full date that opens a week/month/year covers it at that precision. Extractors may
    write a partial date ("2017", "2017-07") or a full one; none is ever made up.

        >>> event_span("2017-07", None, "month")
        (datetime.date(2017, 7, 1), datetime.date(2017, 7, 31))
        >>> event_span("2017-07-01", "2017-07", "month")
        (datetime.date(2017, 7, 1), datetime.date(2017, 7, 31))
        >>> event_span("2017-06-05", None, "week")
        (datetime.date(2017, 6, 5), datetime.date(2017, 6, 11))
        >>> event_span(None, None, None) is None
        True
    """
    if not date:
        return None
    first, last = parse_iso_span(date)
    if end:
        last = max(first, parse_iso_span(end)[1])
    elif last == first:
        last = _widen_by_precision(first, precision)
    return first, last


@dataclass(frozen=True)
class Event:
    """A control change or a displacement, with the evidence it stands on.

    id:            stable hash of (type, places, date, evidence) after corroboration,
                   of (article id, type, span) for a single report.
    type:          "control_change" or "displacement".
    date, end:     ISO start and inclusive end of when it happened; None if undated.
    precision:     day / week / month / year of `date`; None if undated.
    date_phrase:   the time expression the date came from; None when the date is the
                   article's own date (then `date_reason` says "report date").
    date_reason:   why this date.
    report_date:   the article's publication date (ISO date) or None.
    status:        reported / claimed / expected / historical / denied / partial (`STATUSES`).
    place:         control_change: the place that changed hands.
    origin, destination: displacement ends (either may be None).
    actor_from, actor_to: canonical actor names (see timeline/data/actors.csv), or None.
    group:         who moved ("civilians", "ISIS families", ...), displacement only.
    magnitude:     a number when the text gives one (400), else None.
    magnitude_text: the words ("400 civilians", "dozens of families").
    evidence:      the sentence(s) it was read from.
    evidence_start, evidence_end: character span of the evidence in its article.
    article_ids:   every article reporting it (corroboration), first report first.
    sources:       len(article_ids).
    confidence:    0..1.
    mentions:      the resolved mentions the event is anchored on.
    unresolved:    (role, name) of each place the text names that the gazetteer could not
                   resolve ("place", "Tonenke"): the event is kept, off the map, until the
                   name is added to the gazetteer and the articles are processed again.
    corrections:   ids of the analyst's corrections behind this event (`timeline.corrections`).
    """

    id: str
    type: str
    evidence: str
    article_ids: tuple[str, ...]
    date: str | None = None
    end: str | None = None
    precision: str | None = None
    date_phrase: str | None = None
    date_reason: str | None = None
    report_date: str | None = None
    status: str = "reported"
    place: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    actor_from: str | None = None
    actor_to: str | None = None
    group: str | None = None
    magnitude: int | None = None
    magnitude_text: str | None = None
    evidence_start: int = -1
    evidence_end: int = -1
    confidence: float = 0.5
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    unresolved: tuple[tuple[str, str], ...] = ()
    corrections: tuple[str, ...] = ()

    @property
    def sources(self) -> int:
        return len(self.article_ids)

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(p for p in (self.place, self.origin, self.destination) if p)

    @property
    def span(self) -> Span | None:
        """The days the event covers (`event_span` of date, end, precision), None if
        undated. Raises ValueError for a date that does not read as ISO 8601.

            >>> Event("e", "control_change", "...", (), date="2017-07", precision="month").span
            Span(start=datetime.date(2017, 7, 1), end=datetime.date(2017, 7, 31), precision='month')
        """
        days = event_span(self.date, self.end, self.precision)
        return None if days is None else Span(*days, self.precision)

    def to_json(self) -> dict:
        """The stable CLI/JSON form (README: "events")."""
        pj = lambda p: p.to_json() if p else None  # noqa: E731
        return {
            "id": self.id, "type": self.type, "date": self.date, "end": self.end,
            "precision": self.precision, "status": self.status,
            "place": pj(self.place), "origin": pj(self.origin), "destination": pj(self.destination),
            "actor_from": self.actor_from, "actor_to": self.actor_to, "group": self.group,
            "magnitude": self.magnitude, "magnitude_text": self.magnitude_text,
            "evidence": self.evidence, "article_ids": list(self.article_ids),
            "sources": self.sources, "confidence": self.confidence,
            "report_date": self.report_date, "date_phrase": self.date_phrase,
            "date_reason": self.date_reason,
            "unresolved": [{"role": role, "name": name} for role, name in self.unresolved],
            "corrected": bool(self.corrections), "corrections": list(self.corrections),
        }

    def role_key(self, role: str) -> str:
        """Identity of the place in `role` (place / origin / destination): `Place.key`, "?name"
        for a name the gazetteer could not resolve, "-" for none."""
        p = getattr(self, role)
        if p is not None:
            return p.key
        name = next((n for r, n in self.unresolved if r == role), None)
        return "?" + " ".join(name.lower().split()) if name else "-"

    def to_dict(self) -> dict:
        """Every field, JSON-ready (built by hand: dataclasses.asdict deep-copies, too slow to store 100k)."""
        d = {f: getattr(self, f) for f in _EVENT_FIELDS}
        for k in ("place", "origin", "destination"):
            d[k] = d[k].to_dict() if d[k] else None
        d["mentions"] = [m.to_dict() for m in self.mentions]
        d["article_ids"] = list(self.article_ids)
        d["unresolved"] = [list(u) for u in self.unresolved]
        d["corrections"] = list(self.corrections)
        return d

    @classmethod
    def from_dict(cls, d: dict, places: dict | None = None) -> Event:
        """The inverse of `to_dict`. `places` is an optional cache shared across calls, so
        that loading 100k events builds each of their few thousand places once."""
        kw = {k: d[k] for k in _EVENT_FIELDS if k in d}
        for k in ("place", "origin", "destination"):
            p = d.get(k)
            if p and places is not None:
                key = (p.get("geonameid"), p.get("name"), p.get("lat"), p.get("lon"))
                kw[k] = places.get(key) or places.setdefault(key, Place.from_dict(p))
            else:
                kw[k] = Place.from_dict(p)
        kw["mentions"] = tuple(Mention.from_dict(m) for m in d.get("mentions", ()))
        kw["article_ids"] = tuple(d.get("article_ids", ()))
        kw["unresolved"] = tuple(tuple(u) for u in d.get("unresolved") or ())
        kw["corrections"] = tuple(d.get("corrections") or ())
        return cls(**kw)


_EVENT_FIELDS = tuple(Event.__dataclass_fields__)


@dataclass(frozen=True)
class ArticleResult:
    """What processing one article yields: the pure output of `timeline.pipeline.process_article`."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeSpan, ...] = ()
    events: tuple[Event, ...] = ()


def to_date(value: str | datetime.date | None, *, upper: bool = False) -> datetime.date | None:
    """A date from a user-given bound: ISO string of any granularity, date or datetime.

    `upper=True` takes the last day of a partial date ("2017" as an upper bound is
    2017-12-31), so that `--to 2017` includes December.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    first, last = parse_iso_span(str(value))
    return last if upper else first
