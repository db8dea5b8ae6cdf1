"""The `conflictmap` command: a thin layer over the package's functions.

    $ conflictmap ingest seeds/ --db conflictmap.db
    $ conflictmap articles --format json
    $ conflictmap events --format table
    $ conflictmap articles --set-date 1d559f61 2017-10-14
    $ conflictmap check --db conflictmap.db
    $ conflictmap rebuild --db conflictmap.db

Exit codes (`timeline.errors`): 0 everything was read (or done); 1 some files or
records were skipped (or `check` found problems), the reasons printed; 2 nothing
could be done: bad arguments, no such store, a store or OS error, printed as one
line, never a traceback.

Subcommands of other packages register themselves: `gazetteer.cli` (geoparse,
gazetteer add), `geo.cli` (export), `timeline.unresolved` (places) and
`timeline.corrections_cli` (fix, corrections, reprocess).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import contextmanager

from timeline.errors import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_SKIPPED,
    is_store_error,
    store_reason,
)
from timeline.store import DEFAULT_DB, StoreError, open_store

ARTICLE_FIELDS = ("id", "path", "title", "published", "published_precision", "date_source", "inferred_from",
                  "published_at", "date_reason", "decoding")
EVENT_FIELDS = ("id", "type", "date", "end", "precision", "status", "place", "origin", "destination",
                "actor_from", "actor_to", "group", "magnitude", "magnitude_text", "evidence",
                "article_ids", "sources", "confidence", "unresolved", "corrected", "corrections")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return run_guarded(args.handler, args)


def run_guarded(handler, args) -> int:
    """Run a command under the error policy (`timeline.errors`): a store or OS error
    becomes one line on stderr and exit code 2, never a traceback."""
    try:
        return handler(args) or EXIT_OK
    except BrokenPipeError:  # `conflictmap events | head`
        return EXIT_OK
    except Exception as e:
        if not is_store_error(e):
            raise
        db = getattr(args, "db", None)
        reason = store_reason(e)
        where = f"{db}: " if db and not isinstance(e, StoreError) and not reason.startswith(str(db)) else ""
        print(f"conflictmap: {where}{reason}", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conflictmap", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles (files or folders) into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _db_arg(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--format", choices=("table", "json"), default="table", help="summary format")
    p.add_argument("--languages", default="en", metavar="CODES",
                   help="comma-separated languages (ISO 639-1) header dates may be written in, "
                        "e.g. en,fr,ar (default: en; each language costs time)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this process (default); dask: a Dask cluster (needs the [dask] extra)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="--engine dask: a running scheduler (tcp://host:8786), or sync/threads/processes "
                        "for a local Dask scheduler (default: a LocalCluster of --workers processes)")
    p.add_argument("--workers", type=int, metavar="N", help="--engine dask: LocalCluster worker processes "
                                                           "(default: the CPU count)")
    p.add_argument("--work-dir", metavar="DIR", help="--engine dask: folder for the Parquet the workers write "
                                                    "(on a cluster: one every worker and this machine can reach)")
    p.add_argument("--keep-work", action="store_true", help="--engine dask: keep the Parquet after the run")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("articles", help="list stored articles, or set an article's date")
    _db_arg(p)
    _format_arg(p)
    p.add_argument("--set-date", nargs=2, metavar=("ID", "DATE"),
                   help="set an article's publication date (YYYY-MM-DD, or 'none' to clear); "
                        "its events are re-dated")
    p.set_defaults(handler=cmd_articles)

    p = sub.add_parser("events", help="list stored (corroborated) events")
    _db_arg(p)
    _format_arg(p)
    p.add_argument("--type", choices=("control_change", "displacement"))
    p.set_defaults(handler=cmd_events)

    p = sub.add_parser("check", help="check the store: SQLite's integrity check and the store's own invariants")
    _db_arg(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("rebuild", help="re-derive dates inferred, mentions and events from the stored articles")
    _db_arg(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_rebuild)

    for module in ("gazetteer.cli", "geo.cli", "timeline.unresolved", "timeline.corrections_cli"):
        _register(module, sub)
    return parser


def _register(module: str, sub) -> None:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        return
    mod.register(sub)


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=os.environ.get("CONFLICTMAP_DB") or DEFAULT_DB,
                   help=f"the store: a SQLite file, or a postgresql://USER@HOST/DB URL for PostGIS "
                        f"(default: $CONFLICTMAP_DB, else {DEFAULT_DB})")


def _format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table for people, json for one object per line")


def cmd_ingest(args) -> int:
    from timeline.dates import check_languages
    from timeline.ingest import ingest_paths

    try:
        languages = check_languages(args.languages.split(","))
    except ValueError as e:
        print(f"conflictmap ingest: --languages: {e}", file=sys.stderr)
        return 2
    if args.engine == "local" and (args.scheduler or args.workers or args.work_dir or args.keep_work):
        print("conflictmap ingest: --scheduler, --workers, --work-dir and --keep-work need --engine dask",
              file=sys.stderr)
        return 2
    store = open_store(args.db)
    if args.engine == "dask":
        from timeline.distributed import DaskUnavailable, ingest_dask

        try:
            summary = ingest_dask(args.paths, store, scheduler=args.scheduler, workers=args.workers,
                                  progress=not args.no_progress, languages=languages, work_dir=args.work_dir,
                                  keep_work=args.keep_work)
        except DaskUnavailable as e:
            print(f"conflictmap ingest: {e}", file=sys.stderr)
            return 2
        for _index, files, reason in summary.failed_partitions:
            print(f"conflictmap: {reason}; its files: {', '.join(files)}", file=sys.stderr)
    else:
        with _progress_bar(not args.no_progress, "file", "ingest") as progress:
            summary = ingest_paths(args.paths, store, progress=progress, languages=languages)
    if args.format == "json":
        print(json.dumps(summary.to_dict()))
    else:
        print(f"read {summary.read} articles ({summary.new} new), skipped {len(summary.skipped)}, "
              f"{summary.mentions} place mentions, {summary.events} event reports"
              + (f", {summary.inferred} dates inferred" if summary.inferred else "")
              + (f", {len(summary.decoding)} decoded with a guess" if summary.decoding else ""))
        for path, reason in summary.skipped:
            print(f"  skipped {path}: {reason}")
        for path, note in summary.decoding:
            print(f"  decoding {path}: {note}")
        counts = store.counts()
        print(f"store {args.db}: {counts['articles']} articles, {counts['events']} events")
    if summary.skipped:
        print(f"conflictmap: {len(summary.skipped)} skipped" + (" (nothing could be read)" if not summary.read else ""),
              file=sys.stderr)
    return summary.exit_code


def cmd_check(args) -> int:
    """0: fine; 1: problems found (printed, with how to recover); 2: not a store at all."""
    store = open_store(args.db, create=False)
    try:
        damaged = store.check_integrity()
    except sqlite3.DatabaseError as e:
        damaged = [f"SQLite: {e}"]
    problems = damaged or store.check()
    if not problems:
        counts = store.counts()
        print(f"{args.db}: ok ({counts['articles']} articles, {counts['events']} events)")
        return EXIT_OK
    for p in problems:
        print(f"{args.db}: {p}")
    if damaged:
        print("recover: the file itself is damaged. Re-ingest the articles into a new store "
              "(`conflictmap ingest PATH --db new.db`), or salvage it with "
              f"`sqlite3 {args.db} .recover | sqlite3 new.db` and then `conflictmap rebuild --db new.db`.")
    else:
        print(f"recover: `conflictmap rebuild --db {args.db}` re-derives inferred dates, events and their "
              "corroboration from the stored articles.")
    return EXIT_SKIPPED


def cmd_rebuild(args) -> int:
    from timeline.ingest import rebuild

    store = open_store(args.db, create=False)
    with _progress_bar(not args.no_progress, "article", "rebuild") as progress:
        summary = rebuild(store, progress=progress)
    print(f"rebuilt {summary.articles} articles, {summary.inferred} dates inferred, {summary.events} events")
    for path, reason in summary.failed:
        print(f"  kept as stored {path}: {reason}")
    return EXIT_SKIPPED if summary.failed else EXIT_OK


@contextmanager
def _progress_bar(shown: bool, unit: str, desc: str):
    """A `progress(done, total, what)` callback drawing a tqdm bar on stderr (or nothing)."""
    bar = None
    if shown:
        from tqdm import tqdm

        bar = tqdm(total=0, unit=unit, desc=desc, file=sys.stderr, leave=False)

    def progress(done: int, total: int, _what: str) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def cmd_articles(args) -> int:
    store = open_store(args.db, create=False)
    if args.set_date:
        # the date is kept as a correction (timeline.corrections), re-applied on every run
        from timeline.review import set_article_date

        prefix, date = args.set_date
        try:
            c = set_article_date(store, prefix, date)
        except ValueError as e:
            print(f"conflictmap: {e}", file=sys.stderr)
            return 2
        article = store.article(c.article_id)
        print(f"{article.id} {article.published or 'undated'} ({article.date_source})")
        return 0
    rows = [article_json(a) for a in store.articles()]
    _emit(rows, args.format, ("id", "published", "date_source", "title"))
    return 0


def cmd_events(args) -> int:
    store = open_store(args.db, create=False)
    events = [e for e in store.events() if not args.type or e.type == args.type]
    rows = [event_json(e) for e in events]
    if any(e.corrections for e in events):   # the records behind the ids (timeline.corrections)
        from timeline.corrections import correction_json

        by_id = {c.id: correction_json(c) for c in store.corrections()}
        for row in rows:
            row["corrections"] = [by_id.get(i, {"id": i}) for i in row["corrections"]]
    _emit(rows, args.format, ("id", "type", "date", "status", "where", "actor_from", "actor_to", "sources"))
    return 0


def article_json(a) -> dict:
    """The stable JSON of an article (README: "articles")."""
    d = a.to_dict()
    # `published` is the ISO date (the stable field); `published_at` keeps time and zone when known
    d["published_at"] = a.published
    d["published"] = a.anchor_date if a.published_precision in (None, "day") else a.published
    return {k: d.get(k) for k in ARTICLE_FIELDS}


def event_json(e) -> dict:
    """The stable JSON of an event (README: "events")."""
    d = e.to_json()
    return {k: d.get(k) for k in EVENT_FIELDS}


def _emit(rows: list[dict], fmt: str, columns: Sequence[str]) -> None:
    if fmt == "json":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return
    table = [[_cell(r, c) for c in columns] for r in rows]
    widths = [min(60, max([len(c)] + [len(row[i]) for row in table])) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for row in table:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)))
    print(f"({len(rows)} rows)")


def _cell(row: dict, column: str) -> str:
    if column == "where":
        ends = [row.get(k) for k in ("place", "origin", "destination")]
        if row.get("type") == "displacement":
            return f"{(ends[1] or {}).get('name', '?')} -> {(ends[2] or {}).get('name', '?')}"
        return (ends[0] or {}).get("name", "?")
    if column == "id":
        return str(row.get("id"))[:12]
    v = row.get(column)
    return "" if v is None else " ".join(str(v).split())


if __name__ == "__main__":
    sys.exit(main())
