"""The review loop: what needs an analyst's eye, and the actions that fix it (issue 16).

Plain functions over a store, so that the dashboard's review panel and `conflictmap fix`
are thin layers over the same code. Each action records a correction
(`timeline.corrections`) and applies it at once: the articles it touches are processed
again with the current gazetteer, lexicons and corrections, and the events are rebuilt,
so the map shows the change on its next read.

    queue = review_queue(store)                       # low confidence / unknown actor, oldest first
    places = unresolved_with_candidates(store)        # names the gazetteer lacks, with candidates
    add_place(store, "Tonenke", -1.43, 29.09, country="CD", who="ana", why="OCHA map")
    reject_event(store, event_id, who="ana", why="a rumour")
    edit_event(store, event_id, "actor_to", "M23", who="ana")

Every text these return comes from articles or analysts: escape it wherever it is shown.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta

from timeline.corrections import (
    EVENT_KINDS,
    PLACE_FIELDS,
    Correction,
    Corrector,
    EventKey,
    event_key,
    new_correction,
    norm,
)
from timeline.records import Event

#: Events read with less confidence than this join the review queue.
LOW_CONFIDENCE = 0.6
#: Articles processed, and written, per transaction when corrections are applied.
BATCH = 200


class ReviewError(ValueError):
    """An action that cannot be done as asked (no such event, an unreadable value): the message says why."""


@dataclass
class Applied:
    """What applying corrections did: the corrections kept, the articles processed again,
    those that failed (path or id, reason), and corrections that matched nothing (correction, reason)."""

    corrections: list[Correction] = field(default_factory=list)
    articles: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[tuple[Correction, str]] = field(default_factory=list)


# -- what needs review ------------------------------------------------------------------

def review_queue(store, *, below: float = LOW_CONFIDENCE, limit: int | None = None) -> list[dict]:
    """Events to check, oldest first (undated last): {"event": Event, "reasons": [...]} for
    each event read with low confidence, a control change whose new holder the text does
    not name, or one whose place the gazetteer lacks."""
    rows = []
    for e in store.events():
        reasons = []
        if e.confidence < below:
            reasons.append(f"confidence {e.confidence:.2f}")
        if e.type == "control_change" and e.actor_to is None:
            reasons.append("unknown actor_to")
        if e.unresolved:
            reasons.append("place not in the gazetteer: " + ", ".join(n for _, n in e.unresolved))
        if reasons:
            rows.append({"event": e, "reasons": reasons})
    rows.sort(key=lambda r: (r["event"].date is None, r["event"].date or "", r["event"].id))
    return rows[:limit] if limit is not None else rows


def unresolved_with_candidates(store, gazetteer=None, *, candidates: int = 3) -> list[dict]:
    """`timeline.unresolved.unresolved_places` rows, each with `candidates`: the places the
    gazetteer knows by a similar name ({name, lat, lon, geonameid, country}), best first."""
    from timeline.unresolved import unresolved_places

    gz = Corrector.for_store(store, gazetteer).gazetteer
    rows = unresolved_places(store.events())
    for r in rows:
        r["candidates"] = [p.to_json() for p in gz.lookup(r["name"])[:candidates]]
    return rows


def event_history(store, event: Event) -> list[dict]:
    """The corrections behind an event, for a history panel (see `correction_rows`)."""
    from timeline.corrections import correction_rows

    return correction_rows(store, event)


# -- actions ---------------------------------------------------------------------------

def add_place(store, name: str, lat: float, lon: float, *, country: str = "", aliases: Iterable[str] = (),
              who: str = "", why: str = "", apply: bool = True) -> Applied:
    """Add a place the gazetteer lacks (as a correction kept in the store); the articles
    that name it are processed again at once."""
    c = _checked(lambda: new_correction("add_place", anchor=name, value=name.strip(), lat=float(lat),
                                        lon=float(lon), country=country or "", aliases="|".join(aliases),
                                        who=who, why=why))
    return record(store, [c], apply=apply)


def map_surface(store, surface: str, *, place: str = "", lat: float | None = None, lon: float | None = None,
                not_a_place: bool = False, article_id: str = "", country: str = "",
                who: str = "", why: str = "", apply: bool = True) -> Applied:
    """A surface form (in one article, or everywhere) is `place` (a gazetteer name, or a point
    at lat/lon), or with `not_a_place` no place at all ("Rapid" of Rapid Support Forces)."""
    if article_id:
        article_id = _article_id(store, article_id)
    c = _checked(lambda: new_correction("map_surface", article_id=article_id, anchor=surface,
                                        field="not_a_place" if not_a_place else "place",
                                        value=place or (surface.strip() if lat is not None and not not_a_place else ""),
                                        lat=lat, lon=lon, country=country, who=who, why=why))
    if c.field == "place" and c.lat is None and not Corrector.for_store(store).gazetteer.lookup(place, country or None):
        raise ReviewError(f"no place {place!r} in the gazetteer: give --lat and --lon, or add it first")
    return record(store, [c], apply=apply)


def reject_event(store, event_id: str, *, who: str = "", why: str = "", apply: bool = True) -> Applied:
    """Reject an event: every report of it, keyed to its article and sentence."""
    return record(store, [_event_correction("reject_event", k, who=who, why=why)
                          for k in event_keys(store, event_id)], apply=apply)


def edit_event(store, event_id: str, field: str, value: str, *, lat: float | None = None,
               lon: float | None = None, country: str = "", who: str = "", why: str = "",
               apply: bool = True) -> Applied:
    """Set one field of an event (actor_from, actor_to, place, origin, destination, date,
    precision, status; "none" clears it) in every report of it."""
    keys = event_keys(store, event_id)
    cs = [_event_correction("set_event", k, field=field, value=value, lat=lat, lon=lon, country=country,
                            who=who, why=why) for k in keys]
    if field in PLACE_FIELDS and lat is None and norm(value) not in ("", "none", "null") \
            and not Corrector.for_store(store).gazetteer.lookup(value, country or None):
        raise ReviewError(f"no place {value!r} in the gazetteer: give --lat and --lon, or add it first")
    return record(store, cs, apply=apply)


def merge_events(store, event_id: str, into_id: str, *, who: str = "", why: str = "",
                 apply: bool = True) -> Applied:
    """`event_id` is the same event as `into_id`: its reports are dropped and their articles
    join the other's sources."""
    targets = event_keys(store, into_id)
    target = targets[0]
    keys = [k for k in event_keys(store, event_id) if k not in targets]
    if not keys:
        raise ReviewError("an event cannot be merged into itself")
    return record(store, [_event_correction("merge_events", k, value=target.text(), who=who, why=why)
                          for k in keys], apply=apply)


def set_article_date(store, article_id: str, date: str | None, *, who: str = "", why: str = "") -> Correction:
    """Set (None or "none": clear) an article's date as a correction; its events are re-dated."""
    from timeline.ingest import set_article_date as redate

    article_id = _article_id(store, article_id)
    try:
        c = new_correction("set_article_date", article_id=article_id, value=date or "none", who=who, why=why)
    except ValueError as e:
        raise ReviewError(f"cannot read the date {date!r}: {e} (use YYYY-MM-DD)") from None
    store.add_correction(c)
    try:
        redate(store, article_id, None if norm(c.value) == "none" else c.value)
    except ValueError as e:
        store.remove_correction(c.id)
        raise ReviewError(str(e)) from None
    return c


def remove(store, correction_id: str, *, apply: bool = True) -> Applied:
    """Withdraw a correction (an id or a unique prefix of one); its articles are processed again."""
    found = [c for c in store.corrections() if c.id.startswith(correction_id)]
    if len(found) != 1:
        raise ReviewError(f"{'no' if not found else 'more than one'} correction with id {correction_id!r}")
    store.remove_correction(found[0].id)
    done = apply_now(store, affected_articles(store, found)) if apply else Applied()
    done.corrections = found
    return done


# -- applying ---------------------------------------------------------------------------

def record(store, corrections: list[Correction], *, apply: bool = True) -> Applied:
    """Keep `corrections` in the store and, with `apply`, process their articles again now."""
    for c in corrections:
        store.add_correction(c)
    done = apply_now(store, affected_articles(store, corrections)) if apply else Applied()
    done.corrections = corrections
    mine = {c.id for c in corrections}
    done.unmatched = [(c, r) for c, r in unmatched(store) if c.id in mine]
    return done


def affected_articles(store, corrections: Iterable[Correction]) -> list[str]:
    """Ids of the stored articles these corrections apply to: the ones they name, and for a
    place or a surface form meant everywhere, the articles whose text has the name."""
    from timeline.corrections import _occurrences

    ids: dict[str, None] = {}
    names = []
    for c in corrections:
        if c.article_id:
            ids[c.article_id] = None
        elif c.kind in ("add_place", "map_surface"):
            names += [c.value or c.anchor, c.anchor, *[a for a in c.aliases.split("|") if a.strip()]]
        if c.kind == "merge_events":
            ids[EventKey.parse(c.value).article_id] = None
    if names:
        for a in store.articles():
            if any(_occurrences(a.text, n) for n in set(filter(None, names))):
                ids[a.id] = None
    return [i for i in ids if store.has_article(i)]


def apply_now(store, article_ids: Iterable[str], *, gazetteer=None, actors=None) -> Applied:
    """Process these stored articles again with the gazetteer, lexicons and corrections of
    now (their dates as stored), write them, and rebuild the events."""
    from timeline.errors import item_reason
    from timeline.pipeline import process_articles

    corrector = Corrector.for_store(store, gazetteer, actors)
    done = Applied()
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), BATCH):
        articles = [a for a in map(store.article, ids[start:start + BATCH]) if a is not None]
        batch = corrector.apply(process_articles(articles, corrector.gazetteer, corrector.actors, redate=False))
        results = []
        for article, result in zip(articles, batch):
            if isinstance(result, Exception):
                done.failed.append((article.path or article.id, f"processing failed: {item_reason(result)}"))
            else:
                results.append(result)
        store.save_results(results)
        done.articles += len(results)
    corrector.save_status(store)
    done.unmatched = [(c, r) for c, r in unmatched(store) if c.article_id in ids]
    store.refresh_events()
    return done


def unmatched(store) -> list[tuple[Correction, str]]:
    """Corrections that matched nothing the last time their articles were processed, or
    whose article is not in the store: never dropped, listed with the reason."""
    status = store.correction_status()
    stored = {a.id for a in store.articles(with_text=False)}
    out = []
    for c in store.corrections():
        if c.article_id and c.article_id not in stored:
            out.append((c, f"article {c.article_id} is not in the store"))
        elif status.get(c.id) not in ("", "ok", None):
            out.append((c, status[c.id]))
    return out


# -- events and their reports -------------------------------------------------------------

def event_keys(store, event_id: str) -> list[EventKey]:
    """The keys of the reports behind an event: `event_id` (or a unique prefix) names a
    corroborated event (as `conflictmap events` lists) or one report."""
    if not event_id:
        raise ReviewError("no event id given")
    events = [e for e in store.events() if e.id.startswith(event_id)]
    if len(events) > 1:
        raise ReviewError(f"more than one event with id {event_id!r}")
    reports = store.event_reports()
    if events:
        members = [r for r in reports if _member(r, events[0])]
    else:
        members = [r for r in reports if r.id.startswith(event_id)]
        if len(members) > 1:
            raise ReviewError(f"more than one event with id {event_id!r}")
    if not members:
        raise ReviewError(f"no event with id {event_id!r}")
    by_id = {c.id: c for c in store.corrections()}
    return list(dict.fromkeys(_raw_key(r, by_id) for r in members))


def _raw_key(report: Event, by_id: dict[str, Correction]) -> EventKey:
    """A stored report's key as extracted: an event correction on it already holds that
    (its fields may since differ from the text's)."""
    for cid in report.corrections:
        c = by_id.get(cid)
        if c is not None and c.kind in EVENT_KINDS and c.kind != "merge_events":
            return c.key
    return event_key(report)


def _member(report: Event, event: Event) -> bool:
    from timeline.corroborate import group_key

    if not report.article_ids or report.article_ids[0] not in event.article_ids:
        return False
    if group_key(report) != group_key(event):
        return False
    if report.date is None or event.date is None:
        return report.date is None and event.date is None
    slack = timedelta(days=1)
    try:
        lo, hi = Date.fromisoformat(report.date[:10]), Date.fromisoformat((report.end or report.date)[:10])
        elo, ehi = Date.fromisoformat(event.date[:10]), Date.fromisoformat((event.end or event.date)[:10])
    except ValueError:
        return report.date == event.date
    return lo - slack <= ehi and elo - slack <= hi


def _event_correction(kind: str, key: EventKey, **kw) -> Correction:
    return _checked(lambda: new_correction(kind, article_id=key.article_id, event_type=key.event_type,
                                           evidence=key.evidence, anchor=key.anchor, offset=key.offset, **kw))


def _article_id(store, prefix: str) -> str:
    matches = store.find_articles(prefix) if hasattr(store, "find_articles") else (
        [a] if (a := store.article(prefix)) else [])
    if len(matches) != 1:
        raise ReviewError(f"{'no' if not matches else 'more than one'} article with id {prefix!r}")
    return matches[0].id


def _checked(make) -> Correction:
    try:
        return make()
    except (ValueError, TypeError) as e:
        raise ReviewError(str(e)) from None
