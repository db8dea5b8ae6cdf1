"""What the dashboard's review panel lists and what its forms do, as plain functions over
a store (app.py only draws them; the actions are `timeline.review`'s).

Every string returned comes from articles or analysts: the caller escapes it.

    >>> candidate_label({"name": "Tonenke", "country": "CD", "lat": -1.4321, "lon": 29.0912})
    'Tonenke (CD) -1.432, 29.091'
    >>> point_from_form("Tonenke", None, None, {"name": "Tonenke", "lat": -1.43, "lon": 29.09, "country": "CD"})
    (-1.43, 29.09, 'CD')
    >>> point_from_form("Tonenke", None, 29.0, None)
    Traceback (most recent call last):
    ...
    timeline.review.ReviewError: Tonenke: give a latitude and a longitude, or pick a gazetteer candidate
"""
from __future__ import annotations

from timeline.review import Applied, ReviewError, add_place, review_queue, unresolved_with_candidates

#: Event fields the history panel's "edit" action offers (see `timeline.review.edit_event`).
EDIT_FIELDS = ("actor_from", "actor_to", "date", "precision", "status", "place")


def candidate_label(c: dict) -> str:
    """A gazetteer candidate as one line: name (country) lat, lon."""
    country = f" ({c['country']})" if c.get("country") else ""
    return f"{c['name']}{country} {float(c['lat']):.3f}, {float(c['lon']):.3f}"


def point_from_form(name: str, lat: float | None, lon: float | None, candidate: dict | None
                    ) -> tuple[float, float, str]:
    """(lat, lon, country) for a place the analyst adds: a picked candidate wins, else both
    coordinates must be given (`ReviewError` names the place otherwise)."""
    if candidate:
        return float(candidate["lat"]), float(candidate["lon"]), candidate.get("country") or ""
    if lat is None or lon is None:
        raise ReviewError(f"{name}: give a latitude and a longitude, or pick a gazetteer candidate")
    return float(lat), float(lon), ""


def add_place_from_form(store, name: str, lat: float | None, lon: float | None, candidate: dict | None, *,
                        who: str = "", why: str = "") -> Applied:
    """Add an unresolved name as a place, from the review form; applied at once."""
    lat, lon, country = point_from_form(name, lat, lon, candidate)
    return add_place(store, name, lat, lon, country=country, who=who, why=why)


def unresolved_rows(store, limit: int = 30) -> list[dict]:
    """Names the gazetteer lacks (most events first) with up to three candidates each."""
    return unresolved_with_candidates(store)[:limit]


def _where(e) -> str:
    if e.type == "displacement":
        ends = [p.name if p else "?" for p in (e.origin, e.destination)]
        return " → ".join(ends)
    return e.place.name if e.place else "no place"


def queue_rows(store, limit: int = 50) -> list[dict]:
    """The review queue (low confidence, unknown actor, unresolved place; oldest first) as
    display rows: id, when, kind, where, actors, reasons, evidence, and the event's point
    (lat, lon or None) for zooming the map to it."""
    rows = []
    for r in review_queue(store, limit=limit):
        e = r["event"]
        point = e.place or e.origin or e.destination
        rows.append({"id": e.id, "when": e.date or "undated", "kind": e.type.replace("_", " "),
                     "where": _where(e), "actors": f"{e.actor_from or '?'} → {e.actor_to or '?'}",
                     "reasons": "; ".join(r["reasons"]), "evidence": e.evidence,
                     "point": (point.lat, point.lon) if point else None,
                     "place_key": e.place.key if e.place else None})
    return rows


def applied_message(done: Applied) -> tuple[str, list[str]]:
    """A one-line summary of an action, and the problems to show (failed articles,
    corrections that matched nothing): never dropped silently."""
    n = len(done.corrections)
    msg = f"{n} correction{'s' if n != 1 else ''} kept; {done.articles} article{'s' if done.articles != 1 else ''} " \
          "processed again."
    problems = [f"{where}: {why}" for where, why in done.failed]
    problems += [f"correction {c.id[:10]} ({c.kind} {c.anchor or c.value}) matched nothing: {why}"
                 for c, why in done.unmatched]
    return msg, problems
