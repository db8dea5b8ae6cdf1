"""The gazetteer's subcommands of `conflictmap`: geoparse, gazetteer add / lookup / build /
import / sources / remove.

    $ conflictmap geoparse seeds/*.txt --format json
    {"file": "seeds/000_5c9ca67db4541b5f.txt", "surface": "Manbij", "start": 2590, ...}
    $ conflictmap geoparse --spans spans.jsonl        # lines {"id", "text", "spans": [[s, e], ...]}
    $ conflictmap gazetteer add "Tal Samin" 36.15 38.93 --country SY
    $ conflictmap gazetteer lookup Palmyra --country SY
    $ conflictmap gazetteer import UA.zip alternateNamesV2.zip   # GeoNames dump files, offline
    $ conflictmap gazetteer sources
    $ conflictmap gazetteer remove UA

`timeline.cli` calls `register(subparsers)`; each handler takes the parsed args,
prints JSON lines or a table, and returns an exit code (0 ok, 1 some input was bad,
2 nothing could be done).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from gazetteer.errors import DataFileError, GazetteerError
from gazetteer.records import Mention

FIELDS = ("file", "surface", "start", "end", "name", "lat", "lon", "geonameid", "country", "admin1",
          "feature_code", "confidence", "kind")


def register(subparsers) -> None:
    """Add `geoparse` and `gazetteer` (add, lookup, build) to an argparse subparsers object."""
    p = subparsers.add_parser("geoparse", help="find and resolve place names in text files")
    p.add_argument("paths", nargs="*", metavar="PATH", help="text files to geoparse")
    p.add_argument("--spans", metavar="FILE.jsonl",
                   help='resolve given spans: lines {"id", "text", "spans": [[start, end], ...]}')
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--overrides", metavar="CSV", help="user places file (default: ~/.config/conflictmap/places.csv)")
    p.add_argument("--online-geocoder", nargs="?", const="https://nominatim.openstreetmap.org",
                   metavar="URL", help="ask Nominatim (or the server at URL) for given spans the offline "
                                       "index lacks; off by default")
    p.add_argument("--db", metavar="PATH", help="SQLite file for the online geocoder's cache "
                                                 "(default: the store's file)")
    p.set_defaults(handler=cmd_geoparse)

    g = subparsers.add_parser("gazetteer", help="manage the offline gazetteer")
    gsub = g.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    a = gsub.add_parser("add", help="add a place GeoNames lacks to the user overrides file")
    a.add_argument("name")
    a.add_argument("lat", type=float)
    a.add_argument("lon", type=float)
    a.add_argument("--country", metavar="CC", help="ISO 3166-1 alpha-2 code")
    a.add_argument("--alias", action="append", default=[], help="another spelling (repeatable)")
    a.add_argument("--admin1", help="first-level admin code or name")
    a.add_argument("--overrides", metavar="CSV", help="file to write (default: ~/.config/conflictmap/places.csv)")
    a.set_defaults(handler=cmd_add)
    lk = gsub.add_parser("lookup", help="candidate places for a name, best first")
    lk.add_argument("name")
    lk.add_argument("--country", metavar="CC")
    lk.add_argument("--format", choices=("json", "table"), default="table")
    lk.add_argument("--overrides", metavar="CSV")
    lk.set_defaults(handler=cmd_lookup)
    b = gsub.add_parser("build", help="compile the index now (it is also compiled on first use)")
    b.add_argument("--force", action="store_true", help="rebuild even if the cache is current")
    b.set_defaults(handler=cmd_build)
    im = gsub.add_parser("import", help="import GeoNames dump files (XX.zip, allCountries.zip, cities500.zip, "
                                        "alternateNamesV2.zip, admin1CodesASCII.txt), offline")
    im.add_argument("paths", nargs="+", metavar="PATH")
    im.add_argument("--classes", default="PA", metavar="CLASSES",
                    help="GeoNames feature classes to keep (default PA: populated places and "
                         "administrative areas; add S for airports and dams, H for rivers, T for hills)")
    im.set_defaults(handler=cmd_import)
    so = gsub.add_parser("sources", help="the packaged and imported sources of the index")
    so.add_argument("--format", choices=("json", "table"), default="table")
    so.set_defaults(handler=cmd_sources)
    rm = gsub.add_parser("remove", help="forget an imported source (see `gazetteer sources`)")
    rm.add_argument("source")
    rm.set_defaults(handler=cmd_remove)
    g.set_defaults(handler=lambda args: (g.print_help(), 2)[1])


def mention_row(m: Mention, file: str) -> dict:
    p = m.place
    return {"file": file, "surface": m.surface, "start": m.start, "end": m.end,
            "name": p.name if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
            "geonameid": p.geonameid if p else None, "country": p.country if p else None,
            "admin1": p.admin1 if p else None, "feature_code": p.feature_code if p else None,
            "confidence": m.confidence, "kind": m.kind}


def _print_rows(rows: list[dict], fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    cols = [c for c in FIELDS if c not in ("start", "end", "admin1")] + (["id"] if rows and "id" in rows[0] else [])
    table = [[("" if r.get(c) is None else str(r.get(c))) for c in cols] for r in rows]
    widths = [min(40, max([len(c)] + [len(t[k]) for t in table])) for k, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    for t in table:
        out.write("  ".join(v[:w].ljust(w) for v, w in zip(t, widths)).rstrip() + "\n")


def _err(msg: str) -> None:
    print(f"conflictmap: {msg}", file=sys.stderr)


def read_text_file(path: Path) -> str:
    """A text file's content: UTF-8, else the encoding charset-normalizer detects."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
        if best is None:
            raise ValueError("not text (no encoding fits)") from None
        return str(best)


def _load(args):
    from gazetteer import load_gazetteer
    gz = load_gazetteer(args.overrides)
    if getattr(args, "online_geocoder", None):
        from gazetteer.backends.nominatim import NominatimFallback
        url = urlsplit(args.online_geocoder if "//" in args.online_geocoder else "https://" + args.online_geocoder)
        db = args.db
        if db is None:
            from timeline.store import DEFAULT_DB
            db = DEFAULT_DB
        gz = gz.with_online(NominatimFallback(db, domain=url.netloc, scheme=url.scheme or "https"))
    return gz


def cmd_geoparse(args) -> int:
    if not args.paths and not args.spans:
        _err("geoparse: give PATH... or --spans FILE.jsonl")
        return 2
    try:
        gz = _load(args)
    except (DataFileError, GazetteerError) as exc:
        _err(str(exc))
        return 2
    failed = 0
    for name in args.paths:
        path = Path(name)
        try:
            text = read_text_file(path)
        except (OSError, ValueError) as exc:
            _err(f"{path}: {getattr(exc, 'strerror', None) or exc}")
            failed += 1
            continue
        _print_rows([mention_row(m, str(path)) for m in gz.find_places(text)], args.format)
    if args.spans:
        failed += _geoparse_spans(gz, Path(args.spans), args.format)
    return 1 if failed else 0


def _geoparse_spans(gz, path: Path, fmt: str) -> int:
    """Resolve the spans of a JSONL file; a bad line is reported (file and line) and skipped."""
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the `with` below
    except OSError as exc:
        _err(f"{path}: {exc.strerror}")
        return 1
    failed = 0
    with fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text, spans = rec["text"], [(int(s), int(e)) for s, e in rec["spans"]]
                mentions = gz.resolve_spans(text, spans)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                _err(f"{path}: line {n}: {type(exc).__name__}: {exc}")
                failed += 1
                continue
            rows = []
            for m in mentions:
                r = mention_row(m, str(path))
                r["id"] = rec.get("id")
                rows.append(r)
            _print_rows(rows, fmt)
    return failed


def cmd_add(args) -> int:
    from gazetteer.overrides import add_place, default_overrides_path
    path = Path(args.overrides) if args.overrides else default_overrides_path()
    try:
        add_place(path, args.name, args.lat, args.lon, country=args.country, aliases=args.alias,
                  admin1=args.admin1)
    except ValueError as exc:
        _err(f"gazetteer add: {exc}")
        return 2
    print(json.dumps({"added": args.name, "lat": args.lat, "lon": args.lon,
                      "country": (args.country or "").upper() or None, "file": str(path)}))
    return 0


def cmd_lookup(args) -> int:
    from gazetteer import load_gazetteer
    try:
        gz = load_gazetteer(args.overrides)
    except DataFileError as exc:
        _err(str(exc))
        return 2
    places = gz.lookup(args.name, country=args.country)
    rows = [{"file": "", "surface": args.name, "start": None, "end": None, "name": p.name, "lat": p.lat,
             "lon": p.lon, "geonameid": p.geonameid, "country": p.country, "admin1": p.admin1,
             "feature_code": p.feature_code, "confidence": None, "kind": None} for p in places]
    _print_rows(rows, args.format)
    return 0 if places else 1


def cmd_build(args) -> int:
    from gazetteer.index import cache_dir, load_index
    t0 = time.perf_counter()
    idx = load_index(rebuild=args.force)
    imported = [{"source": s["source"], "places": s.get("places", 0), "imported_at": s["imported_at"]}
                for s in (idx.imports.sources if idx.imports is not None else [])]
    print(json.dumps({"places": len(idx), "fingerprint": idx.fingerprint, "cache": str(cache_dir()),
                      "seconds": round(time.perf_counter() - t0, 2), "imports": imported}))
    return 0


def cmd_import(args) -> int:
    """Import each file as a source; a file that cannot be imported is reported and the others
    go on (exit 1). Prints one JSON line per imported source."""
    from gazetteer import reload_gazetteer
    from gazetteer.imports import import_file
    failed = 0
    for name in args.paths:
        try:
            entry = import_file(Path(name), classes=args.classes, report=_err)
        except DataFileError as exc:
            _err(str(exc))
            failed += 1
            continue
        except (OSError, UnicodeError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            # a zip cut short mid-stream, a full disk
            _err(f"{name}: cannot read it to the end (a damaged or cut-short file?): {type(exc).__name__}: {exc}; "
                 "nothing of it was imported")
            failed += 1
            continue
        print(json.dumps(entry, ensure_ascii=False))
    reload_gazetteer()
    return 2 if failed == len(args.paths) else 1 if failed else 0


def cmd_sources(args) -> int:
    from gazetteer.imports import imports_dir, read_manifest
    from gazetteer.index import load_index
    from gazetteer.sources import source_versions
    try:
        imported = read_manifest()
    except DataFileError as exc:
        _err(str(exc))
        return 2
    idx = load_index(imports=False)
    rows = [{"source": "packaged", "kind": "packaged", "places": idx.packaged_count,
             "imported_at": "", "file": ", ".join(f"{k} {v}" for k, v in sorted(source_versions().items()))}]
    rows += [{"source": s["source"], "kind": s["kind"], "places": s.get("places", 0), "names": s.get("names", 0),
              "classes": s.get("classes", ""), "imported_at": s["imported_at"], "file": s["file"]}
             for s in imported]
    if args.format == "json":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    cols = ("source", "kind", "places", "imported_at", "file")
    table = [[str(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(len(c), *(len(t[k]) for t in table)) for k, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip())
    for t in table:
        print("  ".join(v.ljust(w) for v, w in zip(t, widths)).rstrip())
    print(f"imports folder: {imports_dir()}")
    return 0


def cmd_remove(args) -> int:
    from gazetteer import reload_gazetteer
    from gazetteer.imports import remove_source
    if args.source == "packaged":
        _err("gazetteer remove: the packaged sources cannot be removed")
        return 2
    try:
        entry = remove_source(args.source)
    except KeyError:
        _err(f"gazetteer remove: no imported source {args.source!r} (see `conflictmap gazetteer sources`)")
        return 2
    reload_gazetteer()
    print(json.dumps({"removed": entry["source"], "places": entry.get("places", 0)}))
    return 0


def main(argv=None) -> int:
    """Run the gazetteer subcommands on their own: `python -m gazetteer.cli geoparse ...`."""
    parser = argparse.ArgumentParser(prog="conflictmap")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
