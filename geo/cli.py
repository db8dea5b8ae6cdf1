"""`conflictmap export`: write the stored events as GeoJSON, control intervals, a
control snapshot, flowmap.blue CSVs or a GeoPackage.

The main CLI (`timeline.cli`) calls `register(subparsers)`; this module also runs
on its own with the same arguments:

    $ conflictmap export --db conflictmap.db --format geojson --out events.geojson
    $ conflictmap export --db conflictmap.db --format snapshot --date 2017-10-15 --out snap.geojson
    $ python -m geo.cli export --db conflictmap.db --format flowmap --out flows/ --type displacement

    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="conflictmap")
    >>> _ = register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["export", "--db", "x.db", "--format", "snapshot",
    ...                           "--out", "s.geojson", "--date", "2017-10-15", "--actor", "A,B"])
    >>> args.format, args.date, args.actor
    ('snapshot', '2017-10-15', ['A,B'])
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo.formats import FORMATS
from geo.spans import to_date


def _iso_date(text: str) -> str:
    """argparse type: an ISO date of any granularity ("2017", "2017-07", "2017-07-05")."""
    try:
        to_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


def _at_least_one(text: str) -> int:
    """argparse type: a whole number >= 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def _check_choices(values: list[str] | None, allowed: tuple[str, ...], what: str) -> str | None:
    """An error message if a --type/--status value is not one conflictmap knows."""
    bad = [v for v in values or () if v not in allowed]
    if bad:
        return f"unknown {what} {', '.join(map(repr, bad))}; expected {', '.join(allowed)}"
    return None


def register(subparsers) -> argparse.ArgumentParser:
    """Add the `export` subcommand to an argparse subparsers object; returns its parser."""
    p = subparsers.add_parser(
        "export", help="export events as geojson, control intervals, a snapshot, flowmap CSVs or gpkg",
        description="Export the stored events. Filters apply before any format is built.")
    p.add_argument("--db", default=os.environ.get("CONFLICTMAP_DB") or "conflictmap.db",
                   help="the store: a SQLite file or a postgresql:// URL (default: $CONFLICTMAP_DB, else conflictmap.db)")
    p.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    p.add_argument("--out", required=True, help="output file (flowmap: a folder)")
    p.add_argument("--date", type=_iso_date, help="snapshot date (required for --format snapshot; "
                   "adds a control_snapshot layer to gpkg)")
    p.add_argument("--from", dest="date_from", type=_iso_date, help="keep events overlapping from this date")
    p.add_argument("--to", dest="date_to", type=_iso_date, help="keep events overlapping up to this date")
    p.add_argument("--type", action="append", help="event type(s); repeat or comma-separate")
    p.add_argument("--actor", action="append", help="actor(s) on either side; repeat or comma-separate")
    p.add_argument("--status", action="append", help="status(es); repeat or comma-separate")
    p.add_argument("--min-sources", type=_at_least_one, default=1,
                   help="keep events with at least this many articles (1 or more)")
    # timeline.cli dispatches on `handler`; `func` is the argparse idiom other callers may use
    p.set_defaults(handler=run_export, func=run_export)
    return p


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def run_export(args: argparse.Namespace) -> int:
    """Handler of `export`: load, filter, write; prints the path written. Returns an exit code."""
    # geopandas is imported here, not at the top: every command builds this module's parser
    from geo.export import export
    from geo.filters import filter_events
    from timeline.store import open_store

    if args.format == "snapshot" and not args.date:
        print("conflictmap export: error: --format snapshot needs --date YYYY-MM-DD", file=sys.stderr)
        return 2
    from timeline.records import EVENT_TYPES, STATUSES

    def fail(message: str) -> int:
        print(f"conflictmap export: error: {message}", file=sys.stderr)
        return 2

    from timeline.pg_store import is_postgres_url

    db = args.db if is_postgres_url(args.db) else Path(args.db)
    if isinstance(db, Path) and not db.is_file():
        return fail(f"{db}: no such store (run `conflictmap ingest` first)")
    for problem in (_check_choices(_split(args.type), EVENT_TYPES, "event type"),
                    _check_choices(_split(args.status), STATUSES, "status")):
        if problem:
            return fail(problem)
    if args.date_from and args.date_to and to_date(args.date_from) > to_date(args.date_to, upper=True):
        return fail(f"--from {args.date_from} is after --to {args.date_to}")
    out = Path(args.out)
    if isinstance(db, Path) and out.exists() and out.resolve() == db.resolve():
        return fail(f"--out {out} is the store itself; choose another file")
    from timeline.frame import ALL_COLUMNS

    store = open_store(db, create=False)
    try:
        events = store.events_frame(columns=ALL_COLUMNS)
        articles = {a.id: a for a in store.articles(with_text=False)}
    finally:
        store.close()
    events = filter_events(events, start=args.date_from, end=args.date_to, types=_split(args.type),
                           actors=_split(args.actor), statuses=_split(args.status),
                           min_sources=args.min_sources)
    try:
        path = export(events, args.format, args.out, date=args.date, articles=articles)
    except (ValueError, OSError) as exc:
        print(f"conflictmap export: error: {args.out}: {exc}", file=sys.stderr)
        return 2
    print(f"{path}\t{len(events)} events\t{args.format}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run `export` on its own (`python -m geo.cli export ...`)."""
    parser = argparse.ArgumentParser(prog="conflictmap")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    from timeline.cli import run_guarded

    return run_guarded(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
