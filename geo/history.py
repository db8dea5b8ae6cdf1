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
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import pandas as pd

from geo.filters import as_frame

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
    if pd.isna(ev.first_day):
        return "undated"
    first, last = ev.first_day.date(), ev.last_day.date()
    return first.isoformat() if first == last else f"{first} – {last}"


def _summary(ev) -> str:
    if ev.event_type == "control_change":
        return f"{ev.actor_from or '?'} → {ev.actor_to or '?'}"
    ends = f"{ev.origin.name if ev.origin else '?'} → {ev.destination.name if ev.destination else '?'}"
    size = f" ({ev.magnitude_text or ev.magnitude})" if (ev.magnitude_text or ev.magnitude) else ""
    return f"{ev.group or 'people'}: {ends}{size}"


def at_place(events, key: str) -> pd.DataFrame:
    """The events naming the place with this `Place.key`, as place, origin or destination."""
    frame = as_frame(events)
    return frame.loc[((frame["place_key"] == key) | (frame["origin_key"] == key)
                      | (frame["destination_key"] == key)).to_numpy()]


def _sources(ev, articles: Mapping) -> list[tuple[str, str | None]]:
    sources = []
    for aid in ev.article_ids:
        art = articles.get(aid)
        title = (art.title or art.path or aid) if art else aid
        sources.append((title, safe_url(art.url) if art else None))
    return sources


def place_history(key: str, events, articles: Mapping, intervals: pd.DataFrame | None = None
                  ) -> PlaceHistory:
    """The history of the place with `Place.key` `key`.

    events: the events frame with its detail columns (or `Event` records) to look through
    (control changes at it, displacements from or to it);
    articles: article id -> Article, for source titles and links;
    intervals: `geo.control.control_intervals` output (rows of other places are ignored).
    """
    mine = at_place(events, key)
    name = next((p.name for ev in mine.itertuples(index=False) for p in (ev.place, ev.origin, ev.destination)
                 if p is not None and p.key == key), None)
    entries = [HistoryEntry(event_id=ev.event_id, kind=ev.event_type.replace("_", " "), when=_when(ev),
                            status=ev.status, summary=_summary(ev), evidence=ev.evidence,
                            sources=_sources(ev, articles))
               for ev in mine.itertuples(index=False)]
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
