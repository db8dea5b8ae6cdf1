"""`conflictmap fix`, `conflictmap corrections` and `conflictmap reprocess` (issue 16).

    $ conflictmap fix place "Tonenke" -1.43 29.09 --country CD --who ana --why "OCHA map"
    $ conflictmap fix place Rapid --not-a-place --why "Rapid Support Forces"
    $ conflictmap fix event 3f2a91c0 --reject --why "a rumour"
    $ conflictmap fix event 3f2a91c0 --set actor_to=M23 --set date=2025-01-20
    $ conflictmap fix article 1d559f61 --date 2017-10-14
    $ conflictmap corrections list
    $ conflictmap corrections export corrections.csv
    $ conflictmap corrections import corrections.csv
    $ conflictmap reprocess

Each fix is kept in the store as a correction (who, when, why) and applied at once to the
articles it touches; every later ingest and reprocess applies it again. Exit codes: 0 done;
1 some rows of an import were bad, or some corrections match nothing (each printed with
the reason); 2 nothing could be done (bad arguments, no such event or article, no such
store), one line, never a traceback.
"""
from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from timeline.errors import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED


def register(sub) -> None:
    from timeline.cli import _db_arg, _format_arg

    p = sub.add_parser("fix", help="correct a place, an event or an article (kept and re-applied on every run)")
    fsub = p.add_subparsers(dest="fix_what", metavar="WHAT")
    pl = fsub.add_parser("place", help="add a place (NAME LAT LON), or say what a name in the text is")
    pl.add_argument("name")
    pl.add_argument("coords", nargs="*", type=float, metavar="LAT LON")
    pl.add_argument("--country", default="", metavar="CC", help="ISO 3166-1 alpha-2 code")
    pl.add_argument("--alias", action="append", default=[], help="another spelling (repeatable)")
    pl.add_argument("--not-a-place", action="store_true", help="NAME in the text is no place")
    pl.add_argument("--same-as", metavar="PLACE", help="NAME in the text is this gazetteer place")
    pl.add_argument("--article", default="", metavar="ID",
                    help="only in this article (with --not-a-place, --same-as or LAT LON)")
    ev = fsub.add_parser("event", help="set a field of an event, reject it, or merge it into another")
    ev.add_argument("event_id", metavar="ID")
    ev.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="actor_from, actor_to, place, origin, destination, date, precision or status "
                         "(repeatable; 'none' clears)")
    ev.add_argument("--lat", type=float, help="with --set place=NAME (or origin/destination): its point")
    ev.add_argument("--lon", type=float)
    ev.add_argument("--country", default="", metavar="CC")
    ev.add_argument("--reject", action="store_true", help="the event is not one")
    ev.add_argument("--merge-into", metavar="ID", help="the event is the same as event ID")
    ar = fsub.add_parser("article", help="set an article's date")
    ar.add_argument("article_id", metavar="ID")
    ar.add_argument("--date", required=True, help="YYYY-MM-DD, or 'none' to undate")
    for q in (pl, ev, ar):
        _db_arg(q)
        q.add_argument("--who", default=_user(), help="who makes the correction (default: your login)")
        q.add_argument("--why", default="", help="why (kept with the correction)")
        q.set_defaults(handler=cmd_fix)
    p.set_defaults(handler=lambda args: (p.print_help(), EXIT_FAILED)[1])

    c = sub.add_parser("corrections", help="list, export, import or remove the analyst's corrections")
    csub = c.add_subparsers(dest="corrections_action", metavar="ACTION")
    ls = csub.add_parser("list", help="the corrections, with whether each still matches")
    _format_arg(ls)
    ex = csub.add_parser("export", help="write the corrections as CSV")
    ex.add_argument("file", metavar="FILE.csv")
    im = csub.add_parser("import", help="read corrections from CSV (bad rows are reported, the rest kept)")
    im.add_argument("file", metavar="FILE.csv")
    im.add_argument("--no-apply", action="store_true", help="keep them; apply at the next reprocess")
    rm = csub.add_parser("remove", help="withdraw a correction")
    rm.add_argument("correction_id", metavar="ID")
    for q in (ls, ex, im, rm):
        _db_arg(q)
        q.set_defaults(handler=cmd_corrections)
    c.set_defaults(handler=lambda args: (c.print_help(), EXIT_FAILED)[1])

    r = sub.add_parser("reprocess", help="extract again over the stored articles with the current gazetteer, "
                                         "lexicons and corrections")
    _db_arg(r)
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.set_defaults(handler=cmd_reprocess)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container): the analyst can say with --who
        return ""


def _err(msg: str) -> int:
    print(f"conflictmap: {msg}", file=sys.stderr)
    return EXIT_FAILED


def cmd_fix(args) -> int:
    from timeline import review
    from timeline.store import open_store

    store = open_store(args.db, create=False)
    try:
        done = _fix(review, store, args)
    except review.ReviewError as e:
        return _err(f"fix {args.fix_what}: {e}")
    if isinstance(done, int):
        return done
    for c in done.corrections:
        print(f"{c.id}  {c.describe()}")
    print(f"{len(done.corrections)} correction(s) kept; {done.articles} article(s) processed again")
    return _report(done.failed, done.unmatched)


def _fix(review, store, args):
    who, why = args.who, args.why
    if args.fix_what == "article":
        c = review.set_article_date(store, args.article_id, args.date, who=who, why=why)
        return review.Applied(corrections=[c], articles=1)
    if args.fix_what == "event":
        actions = len(args.set) + bool(args.reject) + bool(args.merge_into)
        if actions == 0 or (actions > 1 and (args.reject or args.merge_into)):
            return _err("fix event: give --reject, --merge-into ID, or one or more --set FIELD=VALUE")
        if args.reject:
            return review.reject_event(store, args.event_id, who=who, why=why)
        if args.merge_into:
            return review.merge_events(store, args.event_id, args.merge_into, who=who, why=why)
        done = review.Applied()
        for item in args.set:
            name, sep, value = item.partition("=")
            if not sep:
                return _err(f"fix event: --set {item!r}: write FIELD=VALUE")
            step = review.edit_event(store, args.event_id, name.strip(), value, lat=args.lat, lon=args.lon,
                                     country=args.country, who=who, why=why)
            done.corrections += step.corrections
            done.articles, done.failed, done.unmatched = step.articles, step.failed, step.unmatched
        return done
    if len(args.coords) not in (0, 2):
        return _err("fix place: give NAME LAT LON, or NAME with --not-a-place or --same-as PLACE")
    lat, lon = args.coords if args.coords else (None, None)
    if args.not_a_place or args.same_as or args.article:
        if not (args.not_a_place or args.same_as or args.coords):
            return _err("fix place: --article needs --not-a-place, --same-as PLACE, or LAT LON")
        return review.map_surface(store, args.name, place=args.same_as or "", lat=lat, lon=lon,
                                  not_a_place=args.not_a_place, article_id=args.article,
                                  country=args.country, who=who, why=why)
    if lat is None:
        return _err("fix place: give NAME LAT LON, or NAME with --not-a-place or --same-as PLACE")
    return review.add_place(store, args.name, lat, lon, country=args.country, aliases=args.alias,
                            who=who, why=why)


def _report(failed, unmatched) -> int:
    for path, reason in failed:
        print(f"  failed {path}: {reason}")
    for c, reason in unmatched:
        print(f"  unmatched correction {c.id} ({c.kind}): {reason}")
    if unmatched:
        print(f"conflictmap: {len(unmatched)} correction(s) match nothing "
              "(`conflictmap corrections list`; remove or fix them)", file=sys.stderr)
    return EXIT_SKIPPED if failed or unmatched else EXIT_OK


def cmd_corrections(args) -> int:
    from timeline import corrections, review
    from timeline.store import open_store

    action = args.corrections_action
    if action == "import":
        try:
            text = Path(args.file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            return _err(f"corrections import: {args.file}: {getattr(e, 'strerror', None) or e}")
    store = open_store(args.db, create=False)
    if action == "list":
        return _list(store, args.format)
    if action == "export":
        if Path(args.file).exists() and Path(args.file).resolve() == Path(args.db).resolve():
            return _err(f"corrections export: {args.file} is the store itself; choose another file")
        try:
            Path(args.file).write_text(corrections.to_csv(store.corrections()), encoding="utf-8", newline="")
        except OSError as e:
            return _err(f"corrections export: {args.file}: {e.strerror or e}")
        print(f"{args.file}\t{len(store.corrections())} corrections")
        return EXIT_OK
    if action == "remove":
        try:
            done = review.remove(store, args.correction_id)
        except review.ReviewError as e:
            return _err(f"corrections remove: {e}")
        print(f"removed {done.corrections[0].id}; {done.articles} article(s) processed again")
        return _report(done.failed, [])
    return _import(store, args, text)


def _import(store, args, text: str) -> int:
    from timeline import corrections, review

    good, bad = corrections.from_csv(text)
    for line, reason in bad:
        print(f"{args.file}: line {line}: {reason}", file=sys.stderr)
    if not good and bad:
        return _err(f"corrections import: {args.file}: nothing could be read")
    done = review.record(store, good, apply=not args.no_apply)
    print(f"imported {len(good)} correction(s), {len(bad)} bad row(s); {done.articles} article(s) processed again")
    code = _report(done.failed, done.unmatched)
    return EXIT_SKIPPED if bad else code


def _list(store, fmt: str) -> int:
    from timeline.corrections import correction_json
    from timeline.review import unmatched

    reasons = {c.id: r for c, r in unmatched(store)}
    status = store.correction_status()
    rows = []
    for c in store.corrections():
        row = dict(correction_json(c), article_id=c.article_id or None,
                   status="unmatched" if c.id in reasons else ("applied" if status.get(c.id) == "ok" else "kept"),
                   reason=reasons.get(c.id))
        rows.append(row)
    if fmt == "json":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        from timeline.cli import _emit

        _emit(rows, "table", ("id", "kind", "status", "who", "at", "what", "reason"))
    return EXIT_SKIPPED if reasons else EXIT_OK


def cmd_reprocess(args) -> int:
    from timeline.cli import _progress_bar
    from timeline.ingest import rebuild
    from timeline.store import open_store

    store = open_store(args.db, create=False)
    with _progress_bar(not args.no_progress, "article", "reprocess") as progress:
        summary = rebuild(store, progress=progress)
    applied = sum(1 for s in store.correction_status().values() if s == "ok")
    print(f"reprocessed {summary.articles} articles, {summary.inferred} dates inferred, {summary.events} events, "
          f"{applied} corrections applied")
    return _report(summary.failed, summary.unmatched)
