"""Places that reporting names and the gazetteer lacks: the names events keep unresolved.

An event whose place the gazetteer cannot resolve ("captured the village of Tonenke") is
stored with the name and its evidence, off the map (`timeline.records.Event.unresolved`).
This lists those names, most reported first, so that an analyst can add them
(`conflictmap gazetteer add NAME LAT LON`); processing the articles again then resolves them.

    $ conflictmap places --unresolved --format json

    >>> from timeline.records import Event
    >>> ev = Event(id="e1", type="control_change", evidence="M23 seized Tonenke.", article_ids=("a1",),
    ...            unresolved=(("place", "Tonenke"),))
    >>> [(r["name"], r["count"], r["articles"], r["sample"]) for r in unresolved_places([ev])]
    [('Tonenke', 1, ['a1'], 'M23 seized Tonenke.')]
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from timeline.records import Event


def unresolved_places(events: Iterable[Event]) -> list[dict]:
    """One row per name (names that differ only in case and spacing are one): name, count of
    events, roles, the articles reporting them, and a sample sentence; most events first."""
    rows: dict[str, dict] = {}
    for e in events:
        for role, name in e.unresolved:
            key = " ".join(name.lower().split())
            row = rows.setdefault(key, {"name": name, "count": 0, "roles": [], "articles": [],
                                        "types": [], "sample": e.evidence})
            row["count"] += 1
            for field, value in (("roles", role), ("types", e.type)):
                if value not in row[field]:
                    row[field].append(value)
            for a in e.article_ids:
                if a not in row["articles"]:
                    row["articles"].append(a)
    return sorted(rows.values(), key=lambda r: (-r["count"], r["name"].lower()))


def register(sub) -> None:
    """The `places` subcommand of `conflictmap` (see `timeline.cli`)."""
    from timeline.cli import _db_arg, _format_arg

    p = sub.add_parser("places", help="places the stored events name: --unresolved lists the names "
                                      "the gazetteer lacks")
    _db_arg(p)
    _format_arg(p)
    p.add_argument("--unresolved", action="store_true", required=True,
                   help="names of places events keep unresolved, with counts and a sample sentence")
    p.set_defaults(handler=cmd_places)


def cmd_places(args) -> int:
    from timeline.cli import _emit
    from timeline.store import open_store

    rows = unresolved_places(open_store(args.db).events())
    if args.format == "json":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    _emit([dict(r, articles=len(r["articles"]), roles=",".join(r["roles"])) for r in rows], "table",
          ("name", "count", "roles", "articles", "sample"))
    return 0
