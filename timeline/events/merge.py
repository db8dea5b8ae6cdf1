"""Ids of events and the merging of one article's events (one event per id, background references
absorbed, takers filled from stated intents); small tests on records the rules share."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache

from gazetteer.records import Mention, Place
from timeline.records import NEWS_STATUSES, Event

# --- helpers --------------------------------------------------------------------------------------
#: The fields of a Mention as `_as_written` builds one directly; should the record change,
#: `dataclasses.replace` (twice as slow) keeps every field.
_MENTION_LAYOUT = ("surface", "start", "end", "place", "confidence", "alternatives", "kind")
_MENTION_DIRECT = tuple(f.name for f in fields(Mention)) == _MENTION_LAYOUT


def _as_written(m: Mention, text: str, start: int, end: int) -> Mention:
    """The mention an event stands on, as written at [start, end) ("the city" for a reference
    back), without the candidates it beat."""
    if _MENTION_DIRECT:
        return Mention(text[start:end], start, end, m.place, m.confidence, (), m.kind)
    return replace(m, surface=text[start:end], start=start, end=end, alternatives=())


def _ends_with(text: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Whether text[lo:hi], trailing spaces aside, ends with one of `words` (any case): a cheap
    test that a pattern anchored at the end ("... is$") can match at all."""
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    # the regex engine's own case folding, so that the test is never stricter than the pattern
    return any(k - len(w) >= lo and _ANY_CASE[w].fullmatch(text, k - len(w), k) for w in words)


_ANY_CASE = {w: re.compile(w, re.IGNORECASE) for w in ("is", "are", "have", "been")}




def _as_date(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return abs(a.lat - b.lat) < 0.01 and abs(a.lon - b.lon) < 0.01 and a.feature_code == b.feature_code


def _same_span(actor, places) -> bool:
    return any(p is not None and p.start < actor.end and actor.start < p.end for p in places)


def event_id(article_id: str, type_: str, start: int, end: int, places: Sequence[Place],
             date_: str | None = None, names: Sequence[str] = ()) -> str:
    """Stable id of one report: the article, the type, the evidence span, the places (and the
    date, so that "took X, held by Y since 2014" gives two events); `names`, the places the
    gazetteer could not resolve."""
    key = "|".join([article_id, type_, str(start), str(end), *(p.key for p in places), date_ or "", *names])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per id: two cues of one sentence on the same place ("regained X after
    rebels withdrew from the city") are one event, the surer first, the other filling its gaps."""
    # a cue of the sentence with no time of its own (dated by the report) and one with a time are
    # one change of the same place: "entered X on Monday ... after its soldiers pulled out of the city"
    # when each names the side the other does not (a state "held since 2015", or "captured ...
    # until it was liberated", is another change)
    timed = {_sentence_key(e): e for e in events
             if e.date is not None and e.date_reason != REPORT_DATE and e.status in NEWS_STATUSES | {"historical"}}
    same = {e.id: e.id for e in events}
    for e in events:
        # (or no date at all: "announced on Thursday the restoration of security to Aleppo after
        # liberating it", the liberation's clause dated by none)
        t = timed.get(_sentence_key(e)) if (e.date is None or e.date_reason == REPORT_DATE) \
            and e.status in NEWS_STATUSES else None
        # (a change told long before the report is historical: still the one the other verb tells)
        if t is not None and (t.status in NEWS_STATUSES and _other_sides(t, e) or _one_taker(t, e)):
            same[e.id] = t.id
    best: dict[str, Event] = {}
    for e in sorted(events, key=lambda e: (same[e.id] != e.id, -e.confidence)):
        key = same[e.id]
        if key in best and best[key].actor_to is not None and e.actor_to is not None \
                and best[key].actor_to != e.actor_to:
            # two sides taking the place in one sentence ("Hamas seized Sderot, but Israeli forces
            # retook it"): two changes, the second with an id of its own
            e = replace(e, id=hashlib.sha256(f"{e.id}|{e.actor_to}".encode()).hexdigest()[:16])
            key = e.id
        if key not in best:
            best[key] = e
            continue
        kept = best[key]
        fill = {f: getattr(e, f) for f in ("actor_from", "actor_to", "group", "magnitude", "magnitude_text")
                if getattr(kept, f) is None and getattr(e, f) is not None}
        if fill.get("actor_from") is not None and fill["actor_from"] == kept.actor_to or \
                fill.get("actor_to") is not None and fill["actor_to"] == kept.actor_from:
            fill.pop("actor_from", None), fill.pop("actor_to", None)
        best[key] = replace(kept, **fill)
    return sorted(best.values(), key=lambda e: (e.evidence_start, e.id))


#: `Event.date_reason` of an event dated by the report alone (`_Rules._event`).
REPORT_DATE = "report date"


def _other_sides(a: Event, b: Event) -> bool:
    """Whether one change names only who took it and the other only who lost it, two sides."""
    return (a.actor_to is not None and a.actor_from is None and b.actor_from is not None and b.actor_to is None
            or a.actor_from is not None and a.actor_to is None and b.actor_to is not None and b.actor_from is None) \
        and {a.actor_to, a.actor_from} != {b.actor_to, b.actor_from}


def _one_taker(a: Event, b: Event) -> bool:
    """Whether two changes name the same taker and no other loser: "stormed X and captured it on
    25 April" is one change, told by two verbs."""
    return a.actor_to is not None and a.actor_to == b.actor_to and (b.actor_from is None or b.actor_from == a.actor_from)


def _sentence_key(e: Event) -> tuple:
    """An event's kind, places and sentence: what two cues of one change share."""
    return (e.type, e.role_key("place"), e.role_key("origin"), e.role_key("destination"),
            e.evidence_start, e.evidence_end)


def _absorb_background(events: list[Event]) -> list[Event]:
    """An undated back-reference ("after losing X") to a change the same article dates is that
    change: it is dropped, and the actors it names fill the dated one's gaps."""
    if not any(e.date is None and e.status == "historical" for e in events):
        return events                 # nothing to absorb (the common case)
    keys = [(e.type, e.role_key("place"), e.role_key("origin"), e.role_key("destination")) for e in events]
    dated: dict[tuple, str] = {}
    for e, key in zip(events, keys):
        if e.date is not None:
            dated.setdefault(key, e.id)
    by_id = {e.id: e for e in events}
    dropped = set()
    for e, key in zip(events, keys):
        if e.date is None and e.status == "historical" and key in dated:
            kept = by_id[dated[key]]
            fill = {}
            if kept.actor_from is None and e.actor_from and e.actor_from != kept.actor_to:
                fill["actor_from"] = e.actor_from
            if kept.actor_to is None and e.actor_to and e.actor_to != kept.actor_from:
                fill["actor_to"] = e.actor_to
            elif kept.actor_from is None and e.actor_to and kept.actor_to and e.actor_to != kept.actor_to:
                # "retook X on Wednesday, months after losing it to the Houthis": they held it
                fill["actor_from"] = e.actor_to
            if fill:
                by_id[kept.id] = replace(kept, **fill)
            dropped.add(e.id)
    return [by_id[e.id] for e in events if e.id not in dropped]


def _join_listed_origins(to: Event, frm: list[Event], flows: list[Event], joined: dict, dropped: set) -> None:
    """"5,000 households flee Oicha and Mavivi and take refuge in Beni": each place listed as left
    (and each listed name the gazetteer lacks) goes to the one place the sentence says they
    reached, when the sentence tells of nothing else."""
    kept_by_name = [e for e in flows if not e.places and any(r == "origin" for r, _ in e.unresolved)]
    if len(flows) != 1 + len(frm) + len(kept_by_name) or any(
            e.status != to.status or _same_place(e.origin, to.destination) for e in frm) or to.status not in NEWS_STATUSES:
        return
    for b in frm + kept_by_name:
        joined[b.id] = replace(b, destination=to.destination, mentions=b.mentions + to.mentions)
    dropped.add(to.id)


def _join_flow_ends(events: list[Event]) -> list[Event]:
    """One flight told in two clauses of a sentence, one naming where people went and the other
    where they left ("5,000 IDPs sought refuge in Goma after fleeing fighting around Sake"): one
    flow from the one to the other.

        >>> from gazetteer.records import Place
        >>> ev = lambda i, o, d: Event(id=i, type="displacement", evidence="...", article_ids=("a",),
        ...                            origin=o and Place(o, 0, 0, 1), destination=d and Place(d, 1, 1, 2))
        >>> [(e.origin.name, e.destination.name) for e in _join_flow_ends([ev("a", None, "Goma"), ev("b", "Sake", None)])]
        [('Sake', 'Goma')]

    and a flow with one end that another flow of the sentence has with both ends is that flow:

        >>> [e.id for e in _join_flow_ends([ev("a", "Sake", "Goma"), ev("b", "Sake", None)])]
        ['a']
    """
    by_sentence: dict[tuple, list[Event]] = {}
    for e in events:
        if e.type == "displacement":
            by_sentence.setdefault((e.evidence_start, e.evidence_end), []).append(e)
    joined: dict[str, Event] = {}
    dropped: set[str] = set()
    for flows in by_sentence.values():
        for part in flows:
            # "1,200 people left X for Lviv aboard an evacuation train": the flow from X with no
            # end is the one from X to Lviv told again
            whole = next((g for g in flows if g is not part and g.origin is not None and g.destination is not None
                          and (part.destination is None and part.origin is not None and _same_place(g.origin, part.origin)
                               or part.origin is None and part.destination is not None
                               and _same_place(g.destination, part.destination))), None)
            if whole is not None and part.status == whole.status:
                fill = {f: getattr(part, f) for f in ("group", "magnitude", "magnitude_text")
                        if getattr(joined.get(whole.id, whole), f) is None}
                joined[whole.id] = replace(joined.get(whole.id, whole), **fill)
                dropped.add(part.id)
        flows = [e for e in flows if e.id not in dropped]
        to = [e for e in flows if e.origin is None and e.destination is not None]
        frm = [e for e in flows if e.origin is not None and e.destination is None]
        if len(flows) == 2 and len(to) == 1 and len(frm) == 1 and not _same_place(frm[0].origin, to[0].destination) \
                and not to[0].unresolved and not frm[0].unresolved \
                and to[0].status == frm[0].status and to[0].status in NEWS_STATUSES:
            # (not "fled Minova to Goma", Minova unknown; not an earlier flight, "already displaced from X")
            a, b = to[0], frm[0]
            fill = {f: getattr(b, f) for f in ("group", "magnitude", "magnitude_text") if getattr(a, f) is None}
            joined[a.id] = replace(a, origin=b.origin, mentions=a.mentions + b.mentions, **fill)
            dropped.add(b.id)
        elif len(to) == 1 and frm and len(flows) > 2 and not to[0].unresolved:
            _join_listed_origins(to[0], frm, flows, joined, dropped)
    if not joined:
        return events
    return [joined.get(e.id, e) for e in events if e.id not in dropped]


def _origin_from_change(events: list[Event], text: str) -> list[Event]:
    """Where people fled from, when their sentence does not say: the place a change of hands
    told in the same sentence or the one right before took ("RSF took control of Al Malha
    town; residents fled south towards Mellit": from Al Malha), by name when the gazetteer
    lacks it.  Not when the flight's sentence names where it went as that same place.

        >>> from gazetteer.records import Place
        >>> took = Event(id="c", type="control_change", evidence="...", article_ids=("a",),
        ...              unresolved=(("place", "Al Malha"),), evidence_start=0, evidence_end=30)
        >>> fled = Event(id="f", type="displacement", evidence="...", article_ids=("a",),
        ...              destination=Place("Mellit", 14.1, 25.5, 1, "SD"), evidence_start=31, evidence_end=60)
        >>> _origin_from_change([took, fled], "x" * 30 + " " + "y" * 29)[1].unresolved
        (('origin', 'Al Malha'),)
    """
    changes = [e for e in events if e.type == "control_change" and e.status in NEWS_STATUSES
               and (e.place is not None or e.unresolved)]
    out = []
    for e in events:
        placeless = e.type == "displacement" and e.origin is None and e.destination is None and not e.unresolved
        if placeless:
            # a flight told with a change of hands only ("Thousands flee as M23 takes Uvira"): from
            # the place taken in the same sentence, or no flight at all
            took = [c for c in changes if c.evidence_start == e.evidence_start]
            if len({c.role_key("place") if c.place is not None else dict(c.unresolved).get("place") for c in took}) == 1:
                out.append(replace(e, origin=took[0].place, mentions=e.mentions + took[0].mentions) if took[0].place
                           is not None else replace(e, unresolved=(("origin", dict(took[0].unresolved)["place"]),)))
            continue
        if e.type == "displacement" and e.origin is None and e.destination is not None and \
                not any(role == "origin" for role, _ in e.unresolved) and e.status in NEWS_STATUSES:
            before = [c for c in changes if c.evidence_start == e.evidence_start or
                      c.evidence_end <= e.evidence_start and not text[c.evidence_end:e.evidence_start].strip()]
            where = {c.role_key("place") if c.place is not None else dict(c.unresolved).get("place") for c in before}
            if len(where) == 1 and before[-1].place is not None and not _same_place(before[-1].place, e.destination):
                e = replace(e, origin=before[-1].place, mentions=e.mentions + before[-1].mentions)
            elif len(where) == 1 and before[-1].place is None:
                e = replace(e, unresolved=e.unresolved + (("origin", dict(before[-1].unresolved)["place"]),))
        out.append(e)
    return out


def _fill_from_earlier_holder(events: list[Event], text: str) -> list[Event]:
    """Who lost a place, when its sentence does not say: the side that took it last before, in the
    same paragraph ("ISIS captured Rawah in June 2014. On 17 November 2017 Iraqi forces recaptured
    Rawah": from ISIS).  A partial gain, or a change of another day told after this one, says
    nothing of who held the place then; nor is a change with no taker known (it may be the same
    change told again: "celebrations after the capture of the city").

        >>> from gazetteer.records import Place
        >>> ev = lambda i, at, fr, to, d: Event(id=i, type="control_change", evidence="...", article_ids=("a",),
        ...     place=Place("X", 0, 0, 1, "IQ"), actor_from=fr, actor_to=to, evidence_start=at, date=d)
        >>> [e.actor_from for e in _fill_from_earlier_holder(
        ...     [ev("a", 0, None, "ISIS", "2014-06"), ev("b", 9, None, "Iraqi government", "2017-11-17")], "...")]
        [None, 'ISIS']
        >>> [e.actor_from for e in _fill_from_earlier_holder(
        ...     [ev("a", 0, None, "ISIS", "2018-06"), ev("b", 9, None, "Iraqi government", "2017-11-17")], "...")]
        [None, None]
    """
    held: dict[tuple, tuple] = {}       # (paragraph, place) -> (holder, date) of the last change told
    filled: dict[str, Event] = {}
    for e in sorted(events, key=lambda e: e.evidence_start):
        if e.type != "control_change" or e.place is None or e.status not in NEWS_STATUSES | {"historical"}:
            continue
        key = (text.count("\n", 0, e.evidence_start), e.role_key("place"))
        before = held.get(key)
        later = before is not None and (before[1] is None or e.date is None or before[1] < e.date
                                         and not e.date.startswith(before[1]))
        if e.actor_from is None and before is not None and before[0] != e.actor_to and e.status != "partial" and later \
                and (e.actor_to is not None or _TAKEN_BACK.search(e.evidence)):
            # (with no taker named, only a place taken back tells who lost it: "recapturing Lalibela")
            e = filled[e.id] = replace(e, actor_from=before[0])
        if e.actor_to is not None and e.status != "partial":
            held[key] = (e.actor_to, e.date)
    return [filled.get(e.id, e) for e in events] if filled else events


def _fill_from_paragraph(events: list[Event], text: str, unnamed: set[str] = frozenset(),
                         launched: dict[int, str] | None = None) -> list[Event]:
    """Who took a place, when its sentence does not say ("Makariv was recaptured on 3 March"):
    the one side that the paragraph's other changes name as the taker, if they all name the
    same one (the side the narrative follows), and it did not lose the place.  `unnamed`: ids of
    changes whose subject names a side the lexicon does not know ("the SLF captured X"): theirs.
    `launched`: paragraph -> the side that launched its offensive ("HTS launched their offensive
    from Idlib ... Homs was taken on 8 December"), the taker when no change of it names one.

        >>> from gazetteer.records import Place
        >>> ev = lambda i, at, to: Event(id=i, type="control_change", evidence="...", article_ids=("a",),
        ...                              place=Place("X", 0, 0, 1, "UA"), actor_to=to, evidence_start=at)
        >>> [e.actor_to for e in _fill_from_paragraph([ev("a", 0, "Ukraine"), ev("b", 5, None)], "...")]
        ['Ukraine', 'Ukraine']
        >>> [e.actor_to for e in _fill_from_paragraph([ev("a", 0, "Ukraine"), ev("b", 5, "Russia"),
        ...                                            ev("c", 9, None)], "...")]
        ['Ukraine', 'Russia', None]
        >>> on = lambda e, d: replace(e, date=d)
        >>> [e.actor_to for e in _fill_from_paragraph([on(ev("a", 0, None), "2014-04-12"), replace(
        ...     on(ev("b", 5, "Ukraine"), "2014-07-05"), actor_from="Russia")], "...")]
        [None, 'Ukraine']
    """
    takers: dict[int, set] = {}         # paragraph -> (taker, date) of its changes
    took_there: set[tuple] = set()
    lost_there: dict[tuple, tuple] = {}
    para = {}
    for e in events:
        if e.type == "control_change" and e.status in NEWS_STATUSES:
            para[e.id] = text.count("\n", 0, e.evidence_start)
            if e.actor_to is not None:
                takers.setdefault(para[e.id], set()).add((e.actor_to, e.date))
                if e.actor_from is not None:
                    took_there.add((para[e.id], e.role_key("place"), e.actor_to, e.date))
                    lost_there.setdefault((para[e.id], e.role_key("place")), (e.actor_from, e.actor_to, e.date))
    out = []
    for e in events:
        back = lost_there.get((para.get(e.id), e.role_key("place"))) if e.id in para else None
        if back is not None and e.actor_to is None and e.date and back[2] and e.date > back[2] \
                and e.actor_from in (None, back[1]) and _TAKEN_BACK.search(e.evidence):
            # "ISWAP took the base in Gajiram from the army on 5 May; the base was retaken two days
            # later": taken back by the side that lost it
            out.append(replace(e, actor_to=back[0], actor_from=back[1]))
            continue
        if e.id in para and e.actor_to is None and e.id not in unnamed:
            # the sides taking places within four months of this change (a narrative that spans
            # years follows one side, then another: "Kidal fell on 30 March 2012 ... French and
            # Malian troops recaptured Gao on 26 January 2013")
            side = {a for a, d in takers.get(para[e.id], set()) if _within_days(d, e.date, 120)}
            if not takers.get(para[e.id]) and launched and para[e.id] in launched:
                side = {launched[para[e.id]]}
            taker = next(iter(side)) if len(side) == 1 else None
            # a place the side took from another on another day changed hands back and forth
            # ("On 12 April, militants seized X ... On 5 July, the insurgents abandoned X and
            # Ukrainian forces raised the flag"): the other change is not its (the same day, or
            # undated, it is the same change told twice; with no loser, or a partial gain, the
            # side's advance by stages)
            if taker and e.actor_from != taker and (e.status == "partial" or not any(
                    (para[e.id], e.role_key("place"), taker, d) in took_there
                    for d in _other_days(e.date, {t[3] for t in took_there}))):
                e = replace(e, actor_to=taker)
        out.append(e)
    return out


#: Words of a place taken back: the side that lost it before took it.
_TAKEN_BACK = re.compile(r"\b(?:re-?tak|retook|re-?captur|regain|reclaim|won\s+back|win\s+back|taken\s+back|took\s+back)",
                         re.IGNORECASE)


def _within_days(a: str | None, b: str | None, days: int) -> bool:
    """Whether two dates lie within `days` of each other (an unknown one: yes)."""
    da, db = _as_date(a), _as_date(b)
    return da is None or db is None or abs((da - db).days) <= days


def _other_days(date: str | None, dates: set) -> list[str]:
    """The dates among `dates` that are another day than `date` (none when either is unknown):
    a month ("2014-07") is the same time as any day in it."""
    if date is None:
        return []
    return [d for d in dates if d is not None and not (d.startswith(date) or date.startswith(d))]


def _fill_from_intents(events: list[Event], intents: dict[str, str]) -> list[Event]:
    """Who took a place, when the sentence saying it fell does not say: the side the same article
    says, before, was out to take it ("the SDF offensive to retake X" ... "IS was driven out of
    X"; "Russian forces were likely to capture X in the coming weeks" ... "X fell five days later")."""
    expected = [e for e in events if e.status == "expected" and e.type == "control_change" and e.place and e.actor_to]
    if not intents and not expected:
        return events
    out = []
    for e in events:
        taker = intents.get(e.place.key) if e.type == "control_change" and e.place else None
        if taker is None and e.type == "control_change" and e.place:
            taker = next((x.actor_to for x in expected if x.place.key == e.place.key
                          and x.evidence_start < e.evidence_start), None)
        if e.actor_to is None and taker and taker != e.actor_from and e.status in ("reported", "claimed", "expected"):
            e = replace(e, actor_to=taker)
        out.append(e)
    return out


def _fill_from_sides(events: list[Event], sides: dict[str, list[tuple[str, frozenset]]],
                     country: str | None = None, named=()) -> list[Event]:
    """The other side of a two-sided war, for a control change that names only one side:
    "Russian troops withdrew from Lyman" was Ukraine's gain (`timeline/data/war_sides.csv`).
    A place the gazetteer lacks is taken to lie in `country`, the country the text is about (or
    a function of the event saying where its unresolved place lies).
    A side listed with no name (the many groups fighting Myanmar's junta) is never filled in,
    nor is a change whose sentence names a side of neither (`named`: the text's actor mentions;
    "Hezbollah said its fighters forced Israeli troops to withdraw from Aitaroun" is no loss to Hamas).

        >>> from gazetteer.records import Place
        >>> lyman = Place("Lyman", 48.98, 37.81, 1, "UA")
        >>> ev = Event(id="e", type="control_change", evidence="...", article_ids=("a",), place=lyman,
        ...            actor_from="Russia")
        >>> _fill_from_sides([ev], load_war_sides())[0].actor_to
        'Ukraine'
    """
    out = []
    for e in events:
        where = (e.place.country if e.place is not None else
                 country(e) if callable(country) else country) if e.type == "control_change" else None
        two = sides.get(where) if where else None
        if two is None and e.type == "control_change" and e.place is not None and e.place.admin1:
            two = sides.get(f"{e.place.country}-{e.place.admin1}")   # a war in one area of a country
        if two and named and any(a.canonical not in two[0][1] and a.canonical not in two[1][1]
                                 for a in named if e.evidence_start <= a.start < e.evidence_end
                                 and not a.modifier and a.kind != "civilians"):
            two = None      # a third side in the sentence: the war is not only these two's
        if two and (e.actor_from is None) != (e.actor_to is None):
            known = e.actor_from or e.actor_to
            mine = [k for k, (_, members) in enumerate(two) if known in members]
            other = two[1 - mine[0]][0] if len(mine) == 1 else ""
            if other:
                e = replace(e, actor_to=other) if e.actor_to is None else replace(e, actor_from=other)
        out.append(e)
    return out


@lru_cache(maxsize=1)
def load_war_sides(path: str | None = None) -> dict[str, list[tuple[str, frozenset]]]:
    """country (or "CC-A1", a first-level area) -> its two sides, each (the actor named for it,
    the actors fighting on it)."""
    import csv
    from pathlib import Path

    p = Path(path) if path else Path(__file__).resolve().parent.parent / "data" / "war_sides.csv"
    lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    table: dict[str, list[tuple[str, frozenset]]] = {}
    for row in csv.DictReader(lines):
        table.setdefault(row["country"].strip(), []).append(
            (row["side"].strip(), frozenset(a.strip() for a in row["actors"].split("|"))))
    return {c: v for c, v in table.items() if len(v) == 2}
