"""Corrections as data: an analyst's fix, kept in the store and applied after extraction on
every ingest and re-run (issue 16).

A correction is a small record (`Correction`): what kind of fix, what it applies to, the
new value, and who made it, when and why. It is keyed to what survives re-processing,
never to row ids: an article id plus the event's evidence (its sentence, normalised, and
the place names it was read from), or an article id plus a surface form.

Kinds (`KINDS`):

* ``add_place``: a place the gazetteer lacks (name, lat, lon, country, aliases); it joins
  the user overrides (`gazetteer.overrides`) for every run on this store;
* ``map_surface``: a surface form in an article (or, with no article, everywhere) is a given
  place (``field="place"``, value a gazetteer name, or lat/lon) or ``field="not_a_place"``;
* ``set_event``: set an event's actor_from, actor_to, place, origin, destination, date,
  precision or status (``field``, ``value``; ``none`` clears);
* ``reject_event``: the event is not one;
* ``merge_events``: this event is the same as another (``value``: the other's key, see
  `EventKey.text`): it is dropped and its article joins the other's sources;
* ``set_article_date``: an article's date (``value``: ISO date, or ``none``).

`Corrector.apply` runs after `timeline.pipeline.process_articles`: it re-runs extraction
for an article whose date or place mentions a correction changes, then edits, drops and
merges the event reports the corrections are keyed to. A correction that matches nothing
(its article or its sentence is gone) gets a reason in `Corrector.status`, which the store
keeps (`conflictmap corrections list`) and `conflictmap reprocess` reports; it is never
dropped.

    >>> c = new_correction("reject_event", article_id="a1", event_type="control_change",
    ...                    evidence="M23 seized  Tonenke.", anchor="Tonenke", who="ana", why="duplicate")
    >>> c.evidence, c.anchor, len(c.id)
    ('m23 seized tonenke.', 'tonenke', 16)
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from datetime import date as Date

from gazetteer.records import Place
from timeline.records import PRECISIONS, STATUSES, ArticleResult, Event

KINDS = ("add_place", "map_surface", "set_event", "reject_event", "merge_events", "set_article_date")
EVENT_KINDS = ("set_event", "reject_event", "merge_events")
SET_FIELDS = ("actor_from", "actor_to", "place", "origin", "destination", "date", "precision", "status")
PLACE_FIELDS = ("place", "origin", "destination")
NONE_VALUES = ("", "none", "null")


def norm(text: str | None) -> str:
    """Evidence and names as keys: lower case, runs of white space as one space."""
    return " ".join((text or "").split()).lower()


@dataclass(frozen=True)
class Correction:
    """One fix. `id` is a hash of what it does (kind, target, value), so importing the
    same correction twice adds it once; who/at/why say who made it, when and why."""

    id: str
    kind: str
    article_id: str = ""
    event_type: str = ""
    evidence: str = ""
    anchor: str = ""
    offset: int = -1
    field: str = ""
    value: str = ""
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    aliases: str = ""
    who: str = ""
    at: str = ""
    why: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Correction:
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})

    @property
    def key(self) -> EventKey:
        return EventKey(self.article_id, self.event_type, self.evidence, self.anchor, self.offset)

    def describe(self) -> str:
        """One line for people: what it does and to what."""
        what = {"add_place": f"add place {self.value or self.anchor!r} at {self.lat}, {self.lon}",
                "map_surface": f"{self.anchor!r} is " + ("not a place" if self.field == "not_a_place"
                                                          else f"the place {self.value or (self.lat, self.lon)!r}"),
                "set_event": f"set {self.field} = {self.value!r}",
                "reject_event": "reject the event",
                "merge_events": "merge into another event",
                "set_article_date": f"article date = {self.value!r}"}[self.kind]
        return what + (f" ({self.event_type} '{self.evidence[:60]}')" if self.kind in EVENT_KINDS else "")


COLUMNS = tuple(f.name for f in fields(Correction))


def correction_id(c: Correction) -> str:
    parts = [c.kind, c.article_id, c.event_type, c.evidence, c.anchor, c.field, c.value,
             "" if c.lat is None else f"{c.lat:.6f}", "" if c.lon is None else f"{c.lon:.6f}", c.country.upper()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_correction(kind: str, **kw) -> Correction:
    """A checked correction (ValueError names what is wrong), with its id and, unless given, the time now."""
    kw.setdefault("at", now_iso())
    for k in ("evidence", "anchor"):
        kw[k] = norm(kw.get(k, ""))
    c = Correction(id="", kind=kind, **kw)
    c = replace(c, country=c.country.upper(), id=correction_id(c))
    check(c)
    return c


# -- keys -------------------------------------------------------------------------

@dataclass(frozen=True)
class EventKey:
    """What identifies an event report across re-processing: its article, type, evidence
    sentence and the place names it was read from (not row ids, which change)."""

    article_id: str
    event_type: str
    evidence: str
    anchor: str
    offset: int = -1

    def text(self) -> str:
        """One cell: article|type|anchor|offset|evidence (evidence last: it may hold '|')."""
        return "|".join([self.article_id, self.event_type, self.anchor, str(self.offset), self.evidence])

    @classmethod
    def parse(cls, text: str) -> EventKey:
        parts = (text or "").split("|", 4)
        if len(parts) != 5 or not parts[0] or not parts[4]:
            raise ValueError("an event key is ARTICLE|TYPE|PLACES|OFFSET|EVIDENCE")
        return cls(parts[0], parts[1], norm(parts[4]), norm(parts[2]), int(parts[3] or -1))


def _role_name(e: Event, role: str) -> str:
    for r, name in e.unresolved:
        if r == role:
            return norm(name)
    p = getattr(e, role)
    if p is None:
        return ""
    m = next((m for m in e.mentions if m.place == p), None)
    return norm(m.surface if m else p.name)


def event_anchor(e: Event) -> str:
    """The place names an event was read from, as written: 'tonenke', 'tonenke>goma'."""
    if e.type == "control_change":
        return _role_name(e, "place")
    return _role_name(e, "origin") + ">" + _role_name(e, "destination")


def event_key(e: Event, article_id: str | None = None) -> EventKey:
    """The key of an event report as extracted (before any event correction)."""
    return EventKey(article_id or (e.article_ids[0] if e.article_ids else ""), e.type, norm(e.evidence),
                    event_anchor(e), e.evidence_start)


def find_report(events: list[Event], key: EventKey) -> int | None:
    """Index of the report `key` names: same type, evidence and places (the nearest offset
    among equals); else the one report of that type and evidence. None: gone."""
    same = [i for i, e in enumerate(events) if e.type == key.event_type and norm(e.evidence) == key.evidence]
    exact = [i for i in same if event_anchor(events[i]) == key.anchor]
    if exact:
        return min(exact, key=lambda i: abs(events[i].evidence_start - key.offset))
    return same[0] if len(same) == 1 else None


# -- checks -----------------------------------------------------------------------

def check(c: Correction) -> None:
    """ValueError with the reason if `c` cannot be applied as written."""
    if c.kind not in KINDS:
        raise ValueError(f"unknown kind {c.kind!r}; expected one of {', '.join(KINDS)}")
    if c.kind == "add_place":
        if not c.anchor:
            raise ValueError("add_place needs a name (anchor)")
        _check_point(c.lat, c.lon)
        if c.country and (len(c.country) != 2 or not c.country.isalpha()):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, not {c.country!r}")
    elif c.kind == "map_surface":
        if not c.anchor:
            raise ValueError("map_surface needs the surface form (anchor)")
        if c.field == "place":
            if not c.value and c.lat is None:
                raise ValueError("map_surface to a place needs a place name (value) or lat and lon")
            if c.lat is not None or c.lon is not None:
                _check_point(c.lat, c.lon)
        elif c.field != "not_a_place":
            raise ValueError(f"map_surface field must be 'place' or 'not_a_place', not {c.field!r}")
    elif c.kind == "set_article_date":
        if not c.article_id:
            raise ValueError("set_article_date needs an article id")
        if norm(c.value) not in NONE_VALUES:
            from timeline.readers import checked_date_value
            checked_date_value(c.value)
    else:
        _check_event(c)


def _check_event(c: Correction) -> None:
    if not c.article_id or not c.event_type or not c.evidence:
        raise ValueError(f"{c.kind} needs article_id, event_type and evidence")
    if c.kind == "merge_events":
        if EventKey.parse(c.value) == c.key:
            raise ValueError("an event cannot be merged into itself")
        return
    if c.kind == "reject_event":
        return
    if c.field not in SET_FIELDS:
        raise ValueError(f"set_event field must be one of {', '.join(SET_FIELDS)}, not {c.field!r}")
    value = norm(c.value)
    if c.field == "status" and value not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {c.value!r}")
    if c.field == "precision" and value not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {c.value!r}")
    if c.field == "date" and value not in NONE_VALUES:
        date_span(c.value)
    if c.field in PLACE_FIELDS and value not in NONE_VALUES and not c.value.strip():
        raise ValueError("a place needs a name")
    if c.field in PLACE_FIELDS and c.lat is not None:
        _check_point(c.lat, c.lon)


def _check_point(lat, lon) -> None:
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError("needs lat and lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")


def date_span(value: str, precision: str | None = None) -> tuple[str, str, str]:
    """(date, end, precision) of an ISO date of any granularity; `precision` widens a day."""
    parts = value.strip().split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = Date(y, m, int(parts[2][:2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        raise ValueError(f"cannot read the date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    precision = precision or ("day", "month", "year")[3 - min(3, len(parts))]
    if precision == "day":
        lo = hi = d
    elif precision == "week":
        lo = d - timedelta(days=d.weekday())
        hi = lo + timedelta(days=6)
    elif precision == "month":
        lo = d.replace(day=1)
        hi = (lo.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        lo, hi = Date(d.year, 1, 1), Date(d.year, 12, 31)
    return lo.isoformat(), hi.isoformat(), precision


# -- applying -----------------------------------------------------------------------

class Corrector:
    """The corrections of a store, ready to apply to freshly extracted results.

    gazetteer: the given (or default) gazetteer plus the places corrections add.
    status:    correction id -> None (applied) or the reason it matched nothing, for the
               corrections whose article was processed by `apply`.
    """

    def __init__(self, corrections: Iterable[Correction], gazetteer=None, actors=None):
        from gazetteer import load_gazetteer
        from timeline.actors import load_actors

        self.corrections = sorted(corrections, key=lambda c: (c.at, c.id))
        self.actors = load_actors() if actors is None else actors
        base = load_gazetteer() if gazetteer is None else gazetteer
        self.gazetteer = with_places(base, [c for c in self.corrections if c.kind == "add_place"])
        self.status: dict[str, str | None] = {}
        self._by_article: dict[str, list[Correction]] = {}
        self._surfaces = [c for c in self.corrections if c.kind == "map_surface" and not c.article_id]
        self._merge_targets: dict[str, list[Correction]] = {}
        self._place_ids = {(norm(c.anchor), round(c.lat, 5), round(c.lon, 5)): c.id
                           for c in self.corrections if c.kind == "add_place"}
        for c in self.corrections:
            if c.article_id and c.kind != "add_place":
                self._by_article.setdefault(c.article_id, []).append(c)
            if c.kind == "merge_events":
                self._merge_targets.setdefault(EventKey.parse(c.value).article_id, []).append(c)

    @classmethod
    def for_store(cls, store, gazetteer=None, actors=None) -> Corrector:
        """The store's corrections (none for a store that keeps none: a stand-in without the methods)."""
        return cls(store.corrections() if hasattr(store, "corrections") else (), gazetteer, actors)

    def save_status(self, store) -> None:
        """Keep in the store which corrections matched (and why the others did not)."""
        if self.status and hasattr(store, "set_correction_status"):
            store.set_correction_status(self.status)

    def __bool__(self) -> bool:
        return bool(self.corrections)

    def apply(self, results: Iterable) -> list:
        """Each ArticleResult corrected (exceptions, for articles that failed, pass through)."""
        return [r if isinstance(r, Exception) else self.apply_one(r) for r in results]

    def apply_one(self, result: ArticleResult) -> ArticleResult:
        if not self.corrections:
            return result
        from timeline.pipeline import process_article

        article, own = result.article, self._by_article.get(result.article.id, [])
        dated = self._dated(article, [c for c in own if c.kind == "set_article_date"])
        surfaces = self._surfaces + [c for c in own if c.kind == "map_surface"]
        mentions = self._mapped(article.text, result.mentions, surfaces)
        if dated != article or mentions != result.mentions:
            result = process_article(dated, self.gazetteer, self.actors, redate=False, mentions=mentions)
        events = [self._tag_places(e) for e in result.events]
        for c in own:
            if c.kind in EVENT_KINDS:
                events = self._apply_event(c, events)
        for c in self._merge_targets.get(article.id, ()):
            events = self._merge_into(c, events)
        return replace(result, events=tuple(events))

    def _ok(self, c: Correction, reason: str | None = None) -> None:
        if reason or c.id not in self.status:
            self.status[c.id] = reason

    def _dated(self, article, dates: list[Correction]):
        if not dates:
            return article
        c = dates[-1]   # the latest wins
        self._ok(c)
        if norm(c.value) in NONE_VALUES:
            return article.with_date(None, source="none", reason=f"date cleared by {c.who or 'a reviewer'}")
        from timeline.readers import checked_date_value

        iso, precision = checked_date_value(c.value)
        if article.published == iso and article.date_source == "user":
            return article
        return article.with_date(iso, precision=precision, source="user",
                                 reason=f"set by {c.who or 'a reviewer'}" + (f": {c.why}" if c.why else ""))

    def _mapped(self, text: str, mentions: tuple, surfaces: list[Correction]) -> tuple:
        """The mentions with each corrected surface form re-pointed (or removed); a surface the
        gazetteer did not find at all is added where the text writes it."""
        from gazetteer.records import Mention

        out = list(mentions)
        for c in surfaces:
            hits = [i for i, m in enumerate(out) if norm(m.surface) == c.anchor]
            if c.field == "not_a_place":
                out = [m for i, m in enumerate(out) if i not in hits]
                if hits or c.article_id:
                    self._ok(c, None if hits else f"no place mention {c.anchor!r} in article {c.article_id}")
                continue
            place = self._place_for(c)
            if place is None:
                self._ok(c, f"place {c.value!r} is not in the gazetteer")
                continue
            if not hits:
                out += [Mention(text[s:s + len(c.anchor)], s, s + len(c.anchor), place, 1.0)
                        for s in _occurrences(text, c.anchor)]
            out = [replace(m, place=place, confidence=1.0, alternatives=()) if i in hits else m
                   for i, m in enumerate(out)]
            if hits or len(out) > len(mentions) or c.article_id:
                self._ok(c, None if (hits or len(out) > len(mentions)) else
                         f"{c.anchor!r} does not occur in article {c.article_id}")
        out.sort(key=lambda m: (m.start, m.end))
        return tuple(out) if out != list(mentions) else mentions

    def _place_for(self, c: Correction) -> Place | None:
        if c.lat is not None:
            return Place(name=c.value or c.anchor, lat=round(c.lat, 5), lon=round(c.lon, 5),
                         country=c.country or None, source="user")
        found = self.gazetteer.lookup(c.value, country=c.country or None)
        return found[0] if found else None

    def _tag_places(self, e: Event) -> Event:
        """Mark an event whose place came from a place a correction added."""
        ids = tuple(self._place_ids[k] for p in e.places if p.source == "user"
                    for k in [(norm(p.name), round(p.lat, 5), round(p.lon, 5))] if k in self._place_ids)
        for i in ids:
            self.status[i] = None
        return replace(e, corrections=_union(e.corrections, ids)) if ids else e

    def _apply_event(self, c: Correction, events: list[Event]) -> list[Event]:
        i = find_report(events, c.key)
        if i is None:
            self._ok(c, f"no {c.event_type} event in article {c.article_id} reads '{c.evidence[:80]}'"
                        f" with places {c.anchor!r}")
            return events
        if c.kind in ("reject_event", "merge_events"):
            self._ok(c)
            return events[:i] + events[i + 1:]
        try:
            changed = self._set(events[i], c)
        except ValueError as e:
            self._ok(c, str(e))
            return events
        self._ok(c)
        return events[:i] + [replace(changed, corrections=_union(changed.corrections, (c.id,)))] + events[i + 1:]

    def _merge_into(self, c: Correction, events: list[Event]) -> list[Event]:
        i = find_report(events, EventKey.parse(c.value))
        if i is None:
            self._ok(c, f"the event it merges into is gone from article {EventKey.parse(c.value).article_id}")
            return events
        e = events[i]
        ids = e.article_ids + ((c.article_id,) if c.article_id not in e.article_ids else ())
        return events[:i] + [replace(e, article_ids=ids, corrections=_union(e.corrections, (c.id,)))] + events[i + 1:]

    def _set(self, e: Event, c: Correction) -> Event:
        value = c.value.strip()
        empty = norm(value) in NONE_VALUES
        if c.field in ("actor_from", "actor_to"):
            return replace(e, **{c.field: None if empty else value})
        if c.field == "status":
            return replace(e, status=norm(value))
        if c.field == "date":
            if empty:
                return replace(e, date=None, end=None, precision=None, date_phrase=None,
                               date_reason=f"undated by {c.who or 'a reviewer'}")
            d, end, precision = date_span(value)
            return replace(e, date=d, end=end, precision=precision, date_phrase=None,
                           date_reason=f"set by {c.who or 'a reviewer'}" + (f": {c.why}" if c.why else ""))
        if c.field == "precision":
            if e.date is None:
                raise ValueError("an undated event has no precision to set")
            d, end, precision = date_span(e.date, norm(value))
            return replace(e, date=d, end=end, precision=precision)
        if (c.field == "place") != (e.type == "control_change"):
            raise ValueError(f"a {e.type} has no {c.field}")
        place = None if empty else self._place_for(c)
        if place is None and not empty:
            raise ValueError(f"place {value!r} is not in the gazetteer")
        return replace(e, **{c.field: place}, unresolved=tuple(u for u in e.unresolved if u[0] != c.field))

    def unmatched(self, article_ids: Iterable[str]) -> list[tuple[Correction, str]]:
        """(correction, reason) for each correction that matched nothing: its article is not
        in `article_ids` (the store's), or `apply` found no span for it."""
        stored = set(article_ids)
        out = []
        for c in self.corrections:
            if c.article_id and c.article_id not in stored:
                out.append((c, f"article {c.article_id} is not in the store"))
            elif self.status.get(c.id):
                out.append((c, self.status[c.id]))
        return out


def _union(a: tuple, b: tuple) -> tuple:
    return tuple(dict.fromkeys((*a, *b)))


def _occurrences(text: str, surface: str) -> list[int]:
    """Starts of `surface` in `text` as a whole word, case-insensitive."""
    import re

    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, surface.split())) + r"(?!\w)"
    return [m.start() for m in re.finditer(pattern, text, re.IGNORECASE)]


_WITH_PLACES: dict = {}


def with_places(base, places: list[Correction]):
    """`base` plus the places `add_place` corrections add, as user overrides (they win over
    every other reading of their names). Cached: one build per set of places."""
    if not places:
        return base
    from gazetteer import Gazetteer
    from gazetteer.sources import PlaceRow

    places_key = tuple((c.anchor, c.value, c.lat, c.lon, c.country, c.aliases) for c in places)
    if getattr(base, "_correction_places", None) == places_key:
        return base   # built by this function already
    key = (id(base), places_key)
    gz = _WITH_PLACES.get(key)
    if gz is None:
        rows = [PlaceRow(_display(c), c.lat, c.lon, None, c.country or None, None, "PPL", 0, "user",
                         [_display(c), *[a.strip() for a in c.aliases.split("|") if a.strip()]])
                for c in places]
        gz = Gazetteer(base.index, rows)
        # the base's own overrides (the user's places file) stay: their ids index base.index,
        # which the new gazetteer extends
        gz._user = {**base._user, **gz._user}
        gz._correction_places = places_key
        _WITH_PLACES.clear()
        _WITH_PLACES[key] = gz
    return gz


def _display(c: Correction) -> str:
    """The place's name as the analyst wrote it (`anchor` is the normalised key)."""
    return c.value or c.anchor


# -- CSV ------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = ("offset", "lat", "lon")


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading quote (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def to_csv(corrections: Iterable[Correction]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in corrections:
        w.writerow([_cell(getattr(c, k)) for k in COLUMNS])
    return buf.getvalue()


def from_csv(text: str) -> tuple[list[Correction], list[tuple[int, str]]]:
    """(corrections read, [(line number, reason)] for each bad row). A row's id is
    recomputed from what it does; an edited row thus never poses as another."""
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows, None)
    except csv.Error as e:
        return [], [(1, f"unreadable CSV: {e}")]
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        return [], [(1, f"header must be {','.join(COLUMNS)}")]
    good, bad = [], []
    while True:
        line = rows.line_num + 1   # where the row starts: a quoted cell may span lines
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            bad.append((line, f"unreadable CSV: {e}"))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            bad.append((line, f"{len(row)} cells, expected {len(COLUMNS)}"))
            continue
        d = {k: _uncell(v) for k, v in zip(COLUMNS, row)}
        try:
            d = _typed(d)
            kind = d.pop("kind")
            d.pop("id")
            good.append(new_correction(kind, **d))
        except ValueError as e:
            bad.append((line, str(e)))
    return good, bad


def _typed(d: dict) -> dict:
    try:
        d["offset"] = int(d["offset"]) if d["offset"].strip() else -1
    except ValueError:
        raise ValueError(f"offset is not a whole number: {d['offset']!r}") from None
    for k in ("lat", "lon"):
        try:
            d[k] = float(d[k]) if d[k].strip() else None
        except ValueError:
            raise ValueError(f"{k} is not a number: {d[k]!r}") from None
    if not d["at"].strip():
        d["at"] = now_iso()
    return d


def correction_rows(store, event: Event) -> list[dict]:
    """The corrections behind an event (README: events JSON `corrections`)."""
    by_id = {c.id: c for c in store.corrections()}
    return [correction_json(by_id[i]) for i in event.corrections if i in by_id]


def correction_json(c: Correction) -> dict:
    return {"id": c.id, "kind": c.kind, "field": c.field or None, "value": c.value or None,
            "who": c.who, "at": c.at, "why": c.why, "what": c.describe()}
