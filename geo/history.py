"""A place's history for the dashboard's side panel: who held it when, and every event
at it with the sentence it was read from and the articles that reported it.

    >>> from gazetteer.records import Place
    >>> from timeline.records import Article, Event
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=7)
    >>> art = Article(id="a1", text="...", title="Town A falls", url="https://example.org/a")
    >>> ev = Event(id="e1", type="control_change", evidence="Group B took Town A.",
    ...            article_ids=("a1",), date="2017-10-14", precision="day", place=town,
    ...            actor_from="Group A", actor_to="Group B")
    >>> h = place_history("gn:7", [ev], {"a1": art})
    >>> h.name, h.entries[0].summary, h.entries[0].sources
    ('Town A', 'Group A → Group B', [('Town A falls', 'https://example.org/a')])
    >>> md_escape("*bold* <img src=x>")
    '\\\\*bold\\\\* \\\\<img src=x\\\\>'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import pandas as pd

from geo.places import place_key
from geo.spans import span_of

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$:])")


def md_escape(text) -> str:
    """Text made inert for Streamlit markdown: every markup character backslash-escaped,
    so article text can neither format, link nor inject HTML."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else " ".join(str(text).split()))


def safe_url(url: str | None) -> str | None:
    """The url if it is plain http(s), else None (no javascript: or data: links from articles).

    Brackets, parentheses and the like are percent-encoded, so that the url cannot end a
    markdown link early and smuggle markup after it.
    """
    if url and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.IGNORECASE):
        return quote(url.strip(), safe=":/?#@!$&*+,;=%-._~")
    return None


@dataclass(frozen=True)
class HistoryEntry:
    """One event at a place, as the history panel lists it."""

    event_id: str
    kind: str
    when: str                 # "2017-10-14", "2017-07-01 – 2017-07-31" or "undated"
    status: str
    summary: str              # "Group A → Group B", "civilians: Town A → Town B (400)"
    evidence: str
    sources: list[tuple[str, str | None]] = field(default_factory=list)  # (title, http url)


@dataclass(frozen=True)
class PlaceHistory:
    name: str
    intervals: pd.DataFrame   # holder, from, until, contested, implied, statuses
    entries: list[HistoryEntry]


def _when(ev) -> str:
    span = span_of(ev)
    if span is None:
        return "undated"
    return span[0].isoformat() if span[0] == span[1] else f"{span[0]} – {span[1]}"


def _summary(ev) -> str:
    if ev.type == "control_change":
        return f"{ev.actor_from or '?'} → {ev.actor_to or '?'}"
    ends = f"{ev.origin.name if ev.origin else '?'} → {ev.destination.name if ev.destination else '?'}"
    size = f" ({ev.magnitude_text or ev.magnitude})" if (ev.magnitude_text or ev.magnitude) else ""
    return f"{ev.group or 'people'}: {ends}{size}"


def place_history(key: str, events: Iterable, articles: Mapping, intervals: pd.DataFrame | None = None
                  ) -> PlaceHistory:
    """The history of the place with `geo.places.place_key` `key`.

    events: the events to look through (control changes at it, displacements from or to it);
    articles: article id -> Article, for source titles and links;
    intervals: `geo.control.control_intervals` output (rows of other places are ignored).
    """
    name = None
    entries = []
    for ev in events:
        hits = [p for p in ev.places if place_key(p) == key]
        if not hits:
            continue
        name = name or hits[0].name
        sources = []
        for aid in ev.article_ids:
            art = articles.get(aid)
            title = (art.title or art.path or aid) if art else aid
            sources.append((title, safe_url(art.url) if art else None))
        entries.append(HistoryEntry(event_id=ev.id, kind=ev.type.replace("_", " "), when=_when(ev),
                                    status=ev.status, summary=_summary(ev), evidence=ev.evidence,
                                    sources=sources))
    entries.sort(key=lambda e: (e.when == "undated", e.when))
    table = pd.DataFrame(columns=["holder", "from", "until", "contested", "implied", "statuses"])
    if intervals is not None and len(intervals):
        mine = intervals[intervals["place_key"] == key]
        if len(mine):
            name = name or mine["place"].iloc[0]
            table = pd.DataFrame({
                "holder": mine["actor"].fillna("not reported").to_numpy(),
                "from": mine["start"].fillna("unknown").to_numpy(),
                "until": mine["end"].fillna("—").to_numpy(),
                "contested": mine["contested"].to_numpy(),
                "implied": mine["implied"].to_numpy(),
                "statuses": [", ".join(s) for s in mine["statuses"]],
            })
    return PlaceHistory(name=name or key, intervals=table, entries=entries)
