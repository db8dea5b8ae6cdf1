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
import sys
from pathlib import Path

from geo.export import FORMATS, export
from geo.filters import filter_events
from geo.spans import to_date


def _iso_date(text: str) -> str:
    """argparse type: an ISO date of any granularity ("2017", "2017-07", "2017-07-05")."""
    try:
        to_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


def register(subparsers) -> argparse.ArgumentParser:
    """Add the `export` subcommand to an argparse subparsers object; returns its parser."""
    p = subparsers.add_parser(
        "export", help="export events as geojson, control intervals, a snapshot, flowmap CSVs or gpkg",
        description="Export the stored events. Filters apply before any format is built.")
    p.add_argument("--db", default="conflictmap.db", help="the SQLite store (default: conflictmap.db)")
    p.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    p.add_argument("--out", required=True, help="output file (flowmap: a folder)")
    p.add_argument("--date", type=_iso_date, help="snapshot date (required for --format snapshot; "
                   "adds a control_snapshot layer to gpkg)")
    p.add_argument("--from", dest="date_from", type=_iso_date, help="keep events overlapping from this date")
    p.add_argument("--to", dest="date_to", type=_iso_date, help="keep events overlapping up to this date")
    p.add_argument("--type", action="append", help="event type(s); repeat or comma-separate")
    p.add_argument("--actor", action="append", help="actor(s) on either side; repeat or comma-separate")
    p.add_argument("--status", action="append", help="status(es); repeat or comma-separate")
    p.add_argument("--min-sources", type=int, default=1, help="keep events with at least this many articles")
    # timeline.cli dispatches on `handler`; `func` is the argparse idiom other callers may use
    p.set_defaults(handler=run_export, func=run_export)
    return p


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def run_export(args: argparse.Namespace) -> int:
    """Handler of `export`: load, filter, write; prints the path written. Returns an exit code."""
    from timeline.store import open_store

    if args.format == "snapshot" and not args.date:
        print("conflictmap export: error: --format snapshot needs --date YYYY-MM-DD", file=sys.stderr)
        return 2
    db = Path(args.db)
    if not db.is_file():
        print(f"conflictmap export: error: {db}: no such store (run `conflictmap ingest` first)",
              file=sys.stderr)
        return 2
    store = open_store(db)
    try:
        events = store.events()
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
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
