"""Made-up events for benchmarks and dashboard tests: invented places, invented actors,
invented sentences. Nothing here is real reporting, and nothing is tuned to any.

    >>> evs = synthetic_events(n_events=200, n_places=20, seed=1)
    >>> len(evs), len({e.type for e in evs})
    (200, 2)
    >>> len({p.name for e in evs for p in e.places}) <= 20
    True
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from gazetteer.records import Place
from timeline.records import Event

ACTORS = ("Northern Front", "River Alliance", "Hill Brigades", "Coastal Guard", "Plains Council",
          "Desert Corps")
GROUPS = ("civilians", "families", "farmers", "students")


def synthetic_places(n: int, seed: int = 0, *, lat0: float = 30.0, lon0: float = 35.0,
                     extent: float = 8.0) -> list[Place]:
    """`n` invented towns scattered over an `extent`-degree square."""
    rng = random.Random(seed)
    return [Place(name=f"Town {i:05d}", lat=round(lat0 + rng.random() * extent, 4),
                  lon=round(lon0 + rng.random() * extent, 4), geonameid=9_000_000 + i,
                  country="ZZ", source="user") for i in range(n)]


def synthetic_events(n_events: int, n_places: int, seed: int = 0, *, start: date = date(2020, 1, 1),
                     days: int = 730, displacement_share: float = 0.3) -> list[Event]:
    """`n_events` dated events over `n_places` invented places and `days` days: control
    changes between ACTORS and displacements between places, each with its own sentence."""
    rng = random.Random(seed)
    places = synthetic_places(n_places, seed)
    events = []
    for i in range(n_events):
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        aid = f"synthetic-article-{i % max(1, n_events // 3):06d}"
        if rng.random() < displacement_share:
            o, d = rng.sample(places, 2)
            n = rng.choice((None, 50, 120, 400, 1500))
            group = rng.choice(GROUPS)
            events.append(Event(
                id=f"syn-d-{i:07d}", type="displacement", date=day, precision="day",
                evidence=f"About {n or 'many'} {group} left {o.name} for {d.name} on {day}.",
                article_ids=(aid,), origin=o, destination=d, group=group, magnitude=n,
                magnitude_text=f"{n} {group}" if n else None, report_date=day, date_reason="report date"))
        else:
            p = rng.choice(places)
            a_from, a_to = rng.sample(ACTORS, 2)
            events.append(Event(
                id=f"syn-c-{i:07d}", type="control_change", date=day, precision="day",
                evidence=f"{a_to} said it had taken {p.name} from {a_from} on {day}.",
                article_ids=(aid,), place=p, actor_from=a_from, actor_to=a_to,
                status=rng.choice(("reported", "reported", "claimed")), report_date=day,
                date_reason="report date"))
    return events
