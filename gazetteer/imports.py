"""GeoNames dump files a user brings (``conflictmap gazetteer import PATH...``), offline.

Accepted files (plain ``.txt`` or the ``.zip`` GeoNames ships):

- a country extract ``XX.zip`` / ``XX.txt``, ``allCountries``, ``cities500/1000/5000/15000``:
  the 19 tab-separated columns of the ``geoname`` table (geonameid, name, asciiname,
  alternatenames, latitude, longitude, feature class, feature code, country code, cc2,
  admin1..4 codes, population, elevation, dem, timezone, modification date);
- ``alternateNamesV2`` (alternateNameId, geonameid, isolanguage, name, isPreferredName,
  isShortName, isColloquial, isHistoric, from, to): Latin-script names added to places
  already known (imported or packaged);
- ``admin1CodesASCII.txt`` (code, name, ascii name, geonameid): names of the first-level
  areas, added to those areas.

Feature classes P (populated places) and A (administrative areas) by default; others (S
for airports and dams, H for rivers, T for hills, ...) on request. Historical features
(PPLH, ADM1H, PCLH, ...) are left out: a name on today's map is what news means.

How imports are stored, and why
-------------------------------
Each imported file becomes one *source*: a SQLite file ``<source>.sqlite`` in the imports
folder (``$CONFLICTMAP_IMPORTS``, else ``imports/`` under the index cache, see
`gazetteer.index.cache_dir`), listed in ``manifest.json`` there (file, size, when, feature
classes, places, names). Imports live outside the compiled index's pickle, so compiling
it again (a new package version, ``gazetteer build --force``) keeps them;
``gazetteer remove SOURCE`` deletes one file and its manifest entry.

A SQLite table is queried on lookup rather than loaded into Python dicts: the packaged
index (272,000 places) already costs ~0.4 s and ~300 MB to unpickle; allCountries holds
about 13 M rows (some 5 M of them P and A) and as Python lists and dicts would take
several GB and tens of seconds to load, against a budget of 2 s and 1.5 GB. In SQLite a
warm start opens a file (milliseconds, no memory), and a name costs a few B-tree probes
the first time a text uses it (about 1 ms on a busy machine with the file out of the page
cache; the first imported name of a process also maps the packaged GeoNames ids, ~0.1 s):
the index memoises name lookups, so a news stream, whose vocabulary repeats, pays it once
per name.

Measured with ``bench/geonames_synth.py`` (13 M synthetic rows in allCountries' format and
class mix, 5.0 M of them P/A; a 2-core machine shared with three other jobs, load 9-15):
import 340 s of CPU (31 min wall at a 15-20 % share of a core), peak RSS 390 MB, a 0.82 GB
database with 26 M name keys; warm load 1.2 s wall (0.45 s CPU) with it attached, ~170 MB
after loading, ~210 MB after 400 imported names looked up. Only places a text actually names are
copied into the in-memory index (`CompiledIndex` appends them to its lists), so the
resolver and finder stay as fast as before. An mmap'ed array of hashes would answer
faster still but needs a hand-made on-disk format for the place records and for
removal; SQLite gives both, plus safe concurrent readers, from the standard library.

Tables of a source file::

    places(gid INTEGER PRIMARY KEY, name, lat, lon, cc, admin1, fcode, pop)
    names(h, gid) PRIMARY KEY (h, gid) WITHOUT ROWID   -- h: key_hash of an exact key,
                                                        -- or of "~" + its loose key
    starts(h INTEGER PRIMARY KEY, n)                     -- first word of a multi-word
                                                        -- name -> most words it has
    meta(k PRIMARY KEY, v)

The import streams the file line by line (a zip member is read through), writes rows
in batches to a staging file, then sorts them into the tables: memory stays flat
whatever the file's size.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from gazetteer.errors import DataFileError
from gazetteer.normalize import key_hash, loose_key, name_key
from gazetteer.sources import _usable_alias

#: Feature classes imported when none are asked for.
DEFAULT_CLASSES = "PA"
ALL_CLASSES = "ADHLPRSTUV"
#: Historical features: a name that no longer stands for a place on today's map.
HISTORICAL_CODES = frozenset({"PPLH", "PPLCH", "ADM1H", "ADM2H", "ADM3H", "ADM4H", "ADM5H", "ADMDH",
                              "PCLH", "STMH", "LKH", "RSVH", "ISLF"})
#: Alternate names of these "languages" are codes and links, not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793", "abbr", "tcid"})
#: At most this many alternate names per place from the geoname table's own column (a big
#: city lists hundreds, mostly in other scripts).
MAX_ALT_NAMES = 60
BATCH = 20_000
#: A source name: the file's stem ("UA", "allCountries", "cities500").
_SOURCE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def imports_dir() -> Path:
    """Where imported sources live: $CONFLICTMAP_IMPORTS, else <index cache>/imports."""
    env = os.environ.get("CONFLICTMAP_IMPORTS")
    if env:
        return Path(env)
    from gazetteer.index import cache_dir
    return cache_dir() / "imports"


def source_name(path: Path) -> str:
    """The source a file becomes: its name without .zip / .txt ("UA", "allCountries")."""
    name = path.name
    for ext in (".zip", ".txt"):
        if name.lower().endswith(ext):
            name = name[: -len(ext)]
            break
    return name


def read_manifest(folder: Path | None = None) -> list[dict]:
    """The imported sources, oldest first ([] when nothing was imported)."""
    path = (folder or imports_dir()) / "manifest.json"
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(path, f"unreadable manifest: {exc}") from exc
    return list(data.get("sources", []))


def _write_manifest(folder: Path, sources: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".manifest-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"sources": sources}, fh, indent=1)
    os.replace(tmp, folder / "manifest.json")


def _open_lines(path: Path):
    """The text lines of a dump file, a .zip's data member read as a stream."""
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise DataFileError(path, f"not a readable zip file: {exc}") from exc
        members = [m for m in zf.namelist() if m.lower().endswith(".txt") and "readme" not in m.lower()
                   and "iso-languagecodes" not in m.lower()]
        if not members:
            raise DataFileError(path, "no .txt data file inside the zip")
        member = max(members, key=lambda m: zf.getinfo(m).file_size)
        return io.TextIOWrapper(zf.open(member), encoding="utf-8", errors="replace", newline="\n")
    try:
        return open(path, encoding="utf-8", errors="replace", newline="\n")
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror}") from exc


def _kind(path: Path, first: str) -> str:
    """geoname / alternate / admin1, by name and, failing that, by the first line's columns."""
    stem = source_name(path).lower()
    if stem.startswith("alternatenames"):
        return "alternate"
    if stem.startswith("admin1codes"):
        return "admin1"
    n = first.count("\t") + 1
    if n >= 19:
        return "geoname"
    if n == 4 and "." in first.split("\t", 1)[0]:
        return "admin1"
    if n >= 8:
        return "alternate"
    raise DataFileError(path, f"not a GeoNames dump file: the first line has {n} tab-separated columns, "
                              "a geoname table line has 19")


def place_prior_of(fcode: str, pop: int) -> float:
    """The static prior of an imported place (the same rule as `gazetteer.index.place_prior`)."""
    from gazetteer.index import FEATURE_PRIOR
    return math.log10(max(pop, 0) + 1) + FEATURE_PRIOR.get(fcode, 0.0)


class _Writer:
    """Staging rows of one source, then sorting them into its tables."""

    def __init__(self, db: Path):
        self.db = db
        self.stage = db.with_suffix(".stage")
        for p in (db, self.stage):
            p.unlink(missing_ok=True)
        self.con = sqlite3.connect(db, isolation_level=None)
        c = self.con
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE",
                       "cache_size=-100000", "temp_store=FILE"):
            c.execute(f"PRAGMA {pragma}")
        c.execute("ATTACH DATABASE ? AS st", (str(self.stage),))
        c.execute("PRAGMA st.journal_mode=OFF")
        c.execute("PRAGMA st.synchronous=OFF")
        c.execute("CREATE TABLE places(gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, "
                  "admin1 TEXT, fcode TEXT, pop INTEGER)")
        c.execute("CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT)")
        c.execute("CREATE TABLE st.names(h INTEGER, gid INTEGER)")
        c.execute("CREATE TABLE st.starts(h INTEGER, n INTEGER)")
        c.execute("BEGIN")
        self.places: list[tuple] = []
        self.names: list[tuple] = []
        self.starts: list[tuple] = []

    def add_names(self, gid: int, names) -> None:
        keys = {name_key(n) for n in names if n}
        keys.discard("")
        for k in keys:
            self.names.append((key_hash(k), gid))
            lk = loose_key(k)
            if lk:
                self.names.append((key_hash("~" + lk), gid))
            if " " in k:
                self.starts.append((key_hash(k.split(" ", 1)[0]), k.count(" ") + 1))
        if len(self.names) >= BATCH * 4:
            self.flush()

    def add_place(self, row: tuple) -> None:
        self.places.append(row)
        if len(self.places) >= BATCH:
            self.flush()

    def flush(self) -> None:
        c = self.con
        if self.places:
            c.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", self.places)
        if self.names:
            c.executemany("INSERT INTO st.names VALUES (?,?)", self.names)
        if self.starts:
            c.executemany("INSERT INTO st.starts VALUES (?,?)", self.starts)
        self.places, self.names, self.starts = [], [], []

    def finish(self, meta: dict) -> dict:
        self.flush()
        c = self.con
        c.execute("COMMIT")
        c.execute("BEGIN")
        # Sorted inserts build the B-trees page by page (SQLite's external sorter): far
        # cheaper than inserting unsorted keys into a WITHOUT ROWID table row by row.
        c.execute("CREATE TABLE names(h INTEGER, gid INTEGER, PRIMARY KEY (h, gid)) WITHOUT ROWID")
        c.execute("INSERT OR IGNORE INTO names SELECT h, gid FROM st.names ORDER BY h, gid")
        c.execute("CREATE TABLE starts(h INTEGER PRIMARY KEY, n INTEGER)")
        c.execute("INSERT INTO starts SELECT h, max(n) FROM st.starts GROUP BY h ORDER BY h")
        counts = {"places": c.execute("SELECT count(*) FROM places").fetchone()[0],
                  "names": c.execute("SELECT count(*) FROM names").fetchone()[0]}
        meta = {**meta, **counts}
        c.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in meta.items()])
        c.execute("COMMIT")
        c.execute("DETACH DATABASE st")
        c.close()
        self.stage.unlink(missing_ok=True)
        return meta

    def abort(self) -> None:
        try:
            self.con.close()
        finally:
            self.db.unlink(missing_ok=True)
            self.stage.unlink(missing_ok=True)


def _import_geoname(lines, w: _Writer, classes: str, path: Path, report) -> tuple[int, int]:
    """Rows of the geoname table -> places and names. Returns (rows read, bad lines)."""
    n = bad = 0
    usable = _usable_alias
    for n, line in enumerate(lines, start=1):
        # The first 8 columns first: most rows of allCountries are of a class left out.
        cols = line.split("\t", 8)
        if len(cols) == 9 and (cols[6] not in classes or cols[7] in HISTORICAL_CODES):
            continue
        cols = line.split("\t")
        if len(cols) < 15:
            if line.strip():
                bad += 1
                if bad <= 5:
                    report(f"{path}: line {n}: {len(cols)} columns, a geoname line has 19; skipped")
            continue
        try:
            gid = int(cols[0])
            lat, lon = float(cols[4]), float(cols[5])
            pop = int(cols[14]) if cols[14].strip() else 0
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"coordinates out of range: {lat}, {lon}")
        except ValueError as exc:
            bad += 1
            if bad <= 5:
                report(f"{path}: line {n}: {exc}; skipped")
            continue
        name = cols[1]
        fcode = cols[7] or ("PPL" if cols[6] == "P" else cols[6])
        w.add_place((gid, name, lat, lon, cols[8] or None, cols[10] or None, fcode, pop))
        alts = cols[3].split(",")[:MAX_ALT_NAMES] if cols[3] else ()
        w.add_names(gid, [name, cols[2], *(a for a in alts if usable(a))])
    return n, bad


def _import_alternate(lines, w: _Writer, path: Path, report) -> tuple[int, int]:
    n = bad = 0
    usable = _usable_alias
    for n, line in enumerate(lines, start=1):
        cols = line.split("\t")
        if len(cols) < 4:
            if line.strip():
                bad += 1
                if bad <= 5:
                    report(f"{path}: line {n}: {len(cols)} columns, an alternate-name line has 10; skipped")
            continue
        if cols[2] in _NOT_NAMES or (len(cols) > 7 and cols[7].strip() == "1") or not usable(cols[3]):
            continue  # codes and links; historic names
        try:
            gid = int(cols[1])
        except ValueError:
            bad += 1
            continue
        w.add_names(gid, (cols[3],))
    return n, bad


def _import_admin1(lines, w: _Writer, path: Path, report) -> tuple[int, int]:
    n = bad = 0
    for n, line in enumerate(lines, start=1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or not cols[3].strip().isdigit():
            if line.strip():
                bad += 1
                if bad <= 5:
                    report(f"{path}: line {n}: not 'code<TAB>name<TAB>ascii name<TAB>geonameid'; skipped")
            continue
        w.add_names(int(cols[3]), [c for c in cols[1:3] if _usable_alias(c)])
    return n, bad


def import_file(path: str | Path, classes: str = DEFAULT_CLASSES, folder: Path | None = None,
                report=print) -> dict:
    """Import one GeoNames dump file as a source (replacing an earlier import of the same
    name) and record it in the manifest. Returns its manifest entry.

    Raises DataFileError naming the file when it cannot be read or is no GeoNames dump;
    a bad line is reported through `report` (file, line, reason) and skipped."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(path, "no such file")
    classes = "".join(sorted(set(classes.upper())))
    if not classes or any(c not in ALL_CLASSES for c in classes):
        raise DataFileError(path, f"feature classes must be among {ALL_CLASSES}, not {classes!r}")
    sid = source_name(path)
    if not _SOURCE_RE.match(sid):
        raise DataFileError(path, f"cannot name a source {sid!r} (letters, digits, _ . - only)")
    folder = folder or imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    lines = _open_lines(path)
    with lines:
        first = lines.readline()
        if not first:
            raise DataFileError(path, "empty file")
        kind = _kind(path, first)
        w = _Writer(folder / f".{sid}.importing.sqlite")
        try:
            chained = _chain(first, lines)
            if kind == "geoname":
                rows, bad = _import_geoname(chained, w, classes, path, report)
            elif kind == "alternate":
                rows, bad = _import_alternate(chained, w, path, report)
            else:
                rows, bad = _import_admin1(chained, w, path, report)
            entry = {"source": sid, "file": str(path.resolve()), "kind": kind,
                     "bytes": path.stat().st_size, "classes": classes if kind == "geoname" else "",
                     "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "rows": rows, "bad_lines": bad}
            entry = w.finish(entry)
        except BaseException:
            w.abort()
            raise
    if kind == "geoname" and entry["places"] == 0:
        (folder / f".{sid}.importing.sqlite").unlink(missing_ok=True)
        raise DataFileError(path, f"no place of feature class {classes} in {rows} lines")
    os.replace(folder / f".{sid}.importing.sqlite", folder / f"{sid}.sqlite")
    entry["seconds"] = round(time.perf_counter() - t0, 1)
    sources = [s for s in read_manifest(folder) if s["source"] != sid] + [entry]
    _write_manifest(folder, sources)
    return entry


def _chain(first: str, rest):
    yield first
    yield from rest


def remove_source(sid: str, folder: Path | None = None) -> dict:
    """Forget an imported source; returns its manifest entry. KeyError when there is none."""
    folder = folder or imports_dir()
    sources = read_manifest(folder)
    entry = next((s for s in sources if s["source"] == sid), None)
    if entry is None:
        raise KeyError(sid)
    _write_manifest(folder, [s for s in sources if s["source"] != sid])
    (folder / f"{sid}.sqlite").unlink(missing_ok=True)
    return entry


class ImportSet:
    """The imported sources, read-only, queried by name-key hash.

    Connections open on first use and per process (a pickled copy, e.g. in a Dask worker,
    opens its own); one lock serialises queries so that threads may share it."""

    def __init__(self, folder: Path, sources: list[dict]):
        self.folder = folder
        self.sources = [s for s in sources if (folder / f"{s['source']}.sqlite").exists()]
        self._cons: list[sqlite3.Connection] | None = None
        self._pid = -1
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.sources)

    def __getstate__(self):
        return {"folder": self.folder, "sources": self.sources}

    def __setstate__(self, state):
        self.__init__(state["folder"], state["sources"])

    def _connections(self) -> list[sqlite3.Connection]:
        if self._cons is None or self._pid != os.getpid():
            cons = []
            for s in self.sources:
                uri = (self.folder / f"{s['source']}.sqlite").resolve().as_uri() + "?mode=ro"
                cons.append(sqlite3.connect(uri, uri=True, check_same_thread=False))
            self._cons, self._pid = cons, os.getpid()
        return self._cons

    def gids(self, h: int) -> list[int]:
        """GeoNames ids whose names have key hash `h`, in source order, each once."""
        out: list[int] = []
        with self._lock:
            for con in self._connections():
                out.extend(g for (g,) in con.execute("SELECT gid FROM names WHERE h = ?", (h,)))
        return list(dict.fromkeys(out)) if len(self.sources) > 1 else out

    def place(self, gid: int) -> tuple | None:
        """(source, name, lat, lon, cc, admin1, fcode, pop) of an imported place, else None."""
        with self._lock:
            for s, con in zip(self.sources, self._connections()):
                r = con.execute("SELECT name, lat, lon, cc, admin1, fcode, pop FROM places WHERE gid = ?",
                                (gid,)).fetchone()
                if r is not None:
                    return (s["source"], *r)
        return None

    def starts(self, h: int) -> int:
        """Most words of a multi-word imported name starting with the word of hash `h` (0: none)."""
        best = 0
        with self._lock:
            for con in self._connections():
                r = con.execute("SELECT n FROM starts WHERE h = ?", (h,)).fetchone()
                if r is not None and r[0] > best:
                    best = r[0]
        return best


def load_imports(folder: Path | None = None) -> ImportSet | None:
    """The imported sources of the imports folder, or None when there are none."""
    folder = folder or imports_dir()
    sources = read_manifest(folder)
    imp = ImportSet(folder, sources)
    return imp if imp else None
