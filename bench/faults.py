"""The fault suite (issue 13): nothing lost, nothing stale, no traceback.

Runs real ingests (the `conflictmap` command in child processes) against a
synthetic corpus and prints a table:

- kills:       SIGKILL at random points of an ingest (in turn while batches are stored,
               dates inferred, stored articles re-dated, events corroborated), each into
               a new store and followed by a re-run; every store must equal a clean
               run's: integrity ok, every article once, same dates, same events.
- concurrency: 2 ingests and 3 readers (reading events as the dashboard does) at
               once; afterwards nothing is lost and the events equal a fresh rebuild
               from the reports (nothing stale).
- disk full:   the store on a small tmpfs (or, where mounting is not allowed, under
               SQLite's max_page_count): the ingest stops with one clear line (exit 2),
               the store stays consistent, and a re-run with space completes.
- corrupt:     1% bad files of every kind in a folder: every good file is stored,
               every bad one reported, exit code 1.
- fuzz:        Hypothesis property tests over the readers, date parsing, the
               geoparser and event extraction: no exception escapes, every offset lies
               inside its text, every date is valid.

    $ python bench/faults.py                       # the long version (3,000 files, 10 kills, 30 s, 10,000 files)
    $ python bench/faults.py --files 300 --kills 4 --seconds 6 --corrupt-files 400 --fuzz 100   # short

tests/test_faults.py runs the same scenarios at the short size in CI.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOWNS = ("Manbij", "Raqqa", "Tabqa", "Jarabulus", "Azaz", "Afrin", "Kobani", "Palmyra", "Hasakah", "Qamishli",
         "Tal Abyad", "Deir ez-Zor", "Mosul", "Tikrit", "Fallujah", "Ramadi", "Sinjar", "Kirkuk", "Aleppo",
         "Idlib", "Homs", "Hama", "Daraa", "Douma")
ACTORS = ("Syrian Democratic Forces", "Islamic State", "Syrian government forces", "Iraqi forces",
          "Turkish-backed rebels", "Kurdish fighters", "Free Syrian Army")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
FILLER = ("Residents described shortages of bread and fuel in the markets.",
          "Aid agencies said they could not reach the area for several days.",
          "Local officials asked for medical supplies and blankets.",
          "The road between the two towns was closed by checkpoints.",
          "Witnesses reported heavy shelling during the night.",
          "A monitoring group said the situation remained tense.")


# -- the corpus --------------------------------------------------------------------------------

def article_text(i: int, rng: random.Random, *, dated: bool = True, story_of: int | None = None) -> str:
    """A synthetic news article: a headline, a date line (if `dated`), a control change, a
    displacement and a story paragraph; `story_of` reuses article `story_of`'s story (an
    undated copy that date inference can date from its source)."""
    r = random.Random(story_of if story_of is not None else i)  # the story depends on the story's number
    a, b = r.sample(TOWNS, 2)
    who, whom = r.sample(ACTORS, 2)
    day, month, year = r.randint(1, 28), r.choice(MONTHS), r.randint(2014, 2018)
    story = (f"The council of {a} said in statement number {story_of if story_of is not None else i} that "
             f"{r.randint(20, 900)} families had left their homes in {a} and walked towards {b} over "
             f"{r.randint(2, 9)} days of fighting between {who} and {whom}. "
             f"Doctors in {b} told reporters that the only hospital there had received "
             f"{r.randint(10, 300)} wounded people and had run out of anaesthetics by the evening.")
    lines = [f"{who} advance near {a} (report {i})"]
    if dated:
        lines.append(f"{day} {month} {year}")
    lines.append("")
    lines.append(f"{who} captured the town of {a} from {whom} on {day} {month} {year}, local sources said.")
    lines.append(f"About {r.randint(50, 5000)} civilians fled from {a} to {b} after the fighting.")
    lines.append(story)
    lines.extend(rng.sample(FILLER, 2))
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int, *, seed: int = 0, prefix: str = "a") -> list[Path]:
    """`n` good files: mostly .txt, every 25th a .jsonl of 3 records, every 40th a .csv of 2 records;
    every 10th article an undated copy of the one before it (date inference dates it)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        k = i + seed * 1_000_000
        if i % 25 == 24:
            path = folder / f"{prefix}{i:05d}.jsonl"
            path.write_text("".join(json.dumps({"title": f"Record {k}-{j}", "text": article_text(k * 10 + j, rng),
                                                "url": f"https://example.org/{k}/{j}"}) + "\n"
                                    for j in range(3)), encoding="utf-8")
        elif i % 40 == 39:
            path = folder / f"{prefix}{i:05d}.csv"
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["title", "text", "published", "source"])
            for j in range(2):
                w.writerow([f"Row {k}-{j}", article_text(k * 10 + 5 + j, rng, dated=False), "2016-05-21", "Wire"])
            path.write_text(buf.getvalue(), encoding="utf-8")
        else:
            copy = i % 10 == 9
            text = article_text(k, rng, dated=not copy, story_of=(k - 1) if copy else None)
            path = folder / f"{prefix}{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


BAD_KINDS = ("binary", "huge_csv_cell", "nested_json", "nested_jsonl", "invalid_json", "csv_without_text",
             "empty", "too_large", "html_without_text", "json_not_records", "dangling_link", "symlink_loop")


def write_bad(folder: Path, kind: str, i: int) -> Path:
    """One bad file (or link) of `kind`; returns the path the ingest must report."""
    folder.mkdir(parents=True, exist_ok=True)
    nested = b"[" * 100_000 + b"]" * 100_000
    name = f"bad_{kind}_{i:04d}"
    if kind == "binary":
        path = folder / f"{name}.txt"
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "huge_csv_cell":
        path = folder / f"{name}.csv"
        path.write_bytes(b"title,text\nBig," + b"x" * 300_000 + b"\n")
    elif kind == "nested_json":
        path = folder / f"{name}.json"
        path.write_bytes(nested)
    elif kind == "nested_jsonl":
        path = folder / f"{name}.jsonl"
        path.write_bytes(nested + b"\n")
    elif kind == "invalid_json":
        path = folder / f"{name}.json"
        path.write_bytes(b'{"title": "x", "text": "unterminated')
    elif kind == "csv_without_text":
        path = folder / f"{name}.csv"
        path.write_text("title,body_missing\nA,B\n")
    elif kind == "empty":
        path = folder / f"{name}.txt"
        path.write_bytes(b"   \n")
    elif kind == "too_large":
        path = folder / f"{name}.txt"
        with open(path, "wb") as fh:   # sparse: costs no disk
            fh.truncate(21 * 1024 * 1024)
    elif kind == "html_without_text":
        path = folder / f"{name}.html"
        path.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    elif kind == "json_not_records":
        path = folder / f"{name}.json"
        path.write_text("[1, 2, 3]")
    elif kind == "dangling_link":
        path = folder / f"{name}.txt"
        path.symlink_to(folder / f"{name}_missing_target.txt")
    elif kind == "symlink_loop":
        sub = folder / f"{name}_dir"
        sub.mkdir()
        path = sub / "loop"
        path.symlink_to(folder)
    else:
        raise ValueError(kind)
    return path


# -- running the command -------------------------------------------------------------------------

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _child_cmd(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def ingest_cmd(db: Path, paths: list[Path]) -> list[str]:
    return [sys.executable, "-m", "timeline.cli", "ingest", *map(str, paths), "--db", str(db), "--no-progress"]


def snapshot(db: Path) -> dict:
    """What must be identical to a clean run: integrity, the articles with their dates, the events."""
    from timeline.cli import article_json, event_json
    from timeline.store import open_store

    store = open_store(db, create=False)
    try:
        articles = store.articles(with_text=False)
        return {
            "integrity": store.check_integrity(),
            "paths": sorted(a.path for a in articles),
            "dates": sorted((a.id, a.published, a.published_precision, a.date_source, a.inferred_from)
                            for a in articles),
            "events": sorted(json.dumps(event_json(e), sort_keys=True) for e in store.events()),
            "reports": store.counts()["event_reports"],
            "articles_json": sorted(json.dumps(article_json(a), sort_keys=True) for a in articles),
        }
    finally:
        store.close()


def differences(got: dict, want: dict) -> list[str]:
    out = []
    if got["integrity"]:
        out.append(f"integrity: {got['integrity'][:3]}")
    if len(got["paths"]) != len(set(got["paths"])):
        out.append("an article stored twice")
    for key in ("paths", "dates", "events", "reports"):
        if got[key] != want[key]:
            if isinstance(got[key], list):
                missing, extra = set(want[key]) - set(got[key]), set(got[key]) - set(want[key])
                out.append(f"{key}: {len(missing)} missing, {len(extra)} extra"
                           + (f" e.g. {sorted(missing or extra)[0][:160]}" if missing or extra else " (order)"))
            else:
                out.append(f"{key}: {got[key]} != {want[key]}")
    return out


# -- kills -------------------------------------------------------------------------------------

@dataclass
class KillResult:
    kills: int = 0
    by_phase: dict = field(default_factory=dict)
    missed: int = 0
    identical: bool = False
    problems: list = field(default_factory=list)
    clean_seconds: float = 0.0


def _run_phased(db: Path, corpus: Path, kill: tuple[str, int, float] | None,
                timeout: float = 900) -> tuple[str | None, list[tuple[float, str]]]:
    """Run the phase-reporting ingest child. `kill` = (phase, n, delay): the child SIGKILLs
    itself `delay` s after it enters `phase` for the n-th time (a timer thread, so the kill
    lands wherever the work has got to). Returns (the phase it was killed in, or None if it
    ended first; the phases it entered, with their times from the start)."""
    t0 = time.perf_counter()
    env = _env()
    env["FAULTS_MAX_HELD"] = str(max(1, sum(1 for _ in corpus.iterdir()) // 40))
    if kill:
        env["FAULTS_KILL"] = f"{kill[0]}:{kill[1]}:{kill[2]}"
    proc = subprocess.Popen(_child_cmd("_phased-ingest", str(db), str(corpus)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    marks: list[tuple[float, str]] = []
    out, err = proc.communicate(timeout=timeout)
    for line in out.splitlines():
        if line.startswith("PHASE "):
            t, phase = float(line.split()[2]), line.split()[1]
            if not marks or marks[-1][1] != phase:
                marks.append((t, phase))
    marks.append((time.perf_counter() - t0, "end"))
    if proc.returncode == -signal.SIGKILL:
        return (marks[-2][1] if len(marks) > 1 else "start"), marks
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    return None, marks


def _windows(marks: list[tuple[float, str]]) -> dict[str, float]:
    """Phase -> how long the clean run spent from first entering it to the next phase."""
    out: dict[str, float] = {}
    for (t, phase), (t_next, _) in zip(marks, marks[1:]):
        if phase not in out:
            out[phase] = t_next - t
        elif phase == "store":   # batches after inference: the storing phase goes on
            out[phase] += t_next - t
    return out


#: Where kills land, in turn: storing batches, inferring dates, re-dating the stored articles
#: inference dated (after the run's own articles are all in: the re-run has nothing new),
#: corroborating events.
PHASES = ("store", "infer", "redate", "corroborate")


def kills(work: Path, n_files: int, n_kills: int, seed: int = 1, *, at_entry: bool = False) -> KillResult:
    """`n_kills` trials: an ingest into a new store SIGKILLed at a random point (in turn while
    batches are stored, dates inferred, stored articles re-dated, events corroborated), then a
    re-run to the end; each store compared with a clean run's. A kill point that falls after
    the run has ended is drawn again for the same phase, at its entry. `at_entry`: every kill
    but the storing ones at the entry of its phase (so each phase is surely hit: CI)."""
    rng = random.Random(seed)
    corpus = work / "kill_corpus"
    write_corpus(corpus, n_files, seed=seed)
    res = KillResult()
    clean = work / "kill_clean.db"
    t0 = time.perf_counter()
    _, marks = _run_phased(clean, corpus, None)
    res.clean_seconds = time.perf_counter() - t0
    windows = _windows(marks)
    want = snapshot(clean)
    attempts = 0
    missed_last = False
    while res.kills < n_kills and attempts < n_kills * 4:
        phase = PHASES[res.kills % len(PHASES)]
        attempts += 1
        db = work / f"kill{attempts}.db"
        if missed_last:
            kill = (phase, 1, 0.0)
        elif phase == "store":   # anywhere in the storing of the run's batches
            kill = (phase, 1, rng.uniform(0, 0.95 * windows.get("store", 1.0)))
        elif at_entry:
            kill = (phase, 1, 0.0)
        else:
            kill = (phase, 1, rng.choice((0.0, rng.uniform(0, 0.9 * windows.get(phase, 0.01)))))
        killed_in, _ = _run_phased(db, corpus, kill)
        missed_last = killed_in is None
        if killed_in is None:
            res.missed += 1
            db.unlink(missing_ok=True)
            continue
        res.kills += 1
        res.by_phase[killed_in] = res.by_phase.get(killed_in, 0) + 1
        con = sqlite3.connect(db)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
        if ok != "ok":
            res.problems.append(f"kill {res.kills} ({killed_in}): integrity {ok}")
        _run_phased(db, corpus, None)
        diff = differences(snapshot(db), want)
        if diff:
            res.problems.append(f"kill {res.kills} ({killed_in}, {kill[2]:.2f} s in): " + "; ".join(diff))
        db.unlink()
    res.identical = not res.problems
    return res


def _phased_ingest(db: str, corpus: str) -> int:
    """Child: the `conflictmap ingest` command, printing each phase it enters (and the time),
    and SIGKILLing itself where $FAULTS_KILL says (phase:n:delay)."""
    import timeline.ingest as ingest
    from timeline.cli import main
    from timeline.store import SQLiteStore

    t0 = time.perf_counter()
    spec = os.environ.get("FAULTS_KILL")
    kill_phase, kill_n, kill_delay = (spec.split(":") if spec else (None, "0", "0"))
    entered: dict[str, int] = {}

    def say(phase: str) -> None:
        print(f"PHASE {phase} {time.perf_counter() - t0:.4f}", flush=True)
        entered[phase] = entered.get(phase, 0) + 1
        if phase == kill_phase and entered[phase] == int(kill_n):
            def die():
                os.kill(os.getpid(), signal.SIGKILL)
            if float(kill_delay) <= 0:
                die()
            timer = threading.Timer(float(kill_delay), die)
            timer.daemon = True   # a run that ends first is not kept waiting for it
            timer.start()

    infer, write_events, save, redate = (ingest._infer, SQLiteStore._write_events, SQLiteStore.save_results,
                                         ingest._save_redated)
    # fewer undated articles held back than the corpus has: the rest are stored undated at once
    # and re-dated after inference, so kills land in both paths (the outcome is the same)
    ingest.MAX_HELD_UNDATED = int(os.environ.get("FAULTS_MAX_HELD", ingest.MAX_HELD_UNDATED))

    def phased_infer(*a, **kw):
        say("infer")
        return infer(*a, **kw)

    def phased_redate(*a, **kw):
        say("redate")
        return redate(*a, **kw)

    def phased_write_events(self, *a, **kw):   # inside the write transaction of a rebuild
        say("corroborate")
        return write_events(self, *a, **kw)

    def phased_save(self, results, **kw):
        results = list(results)
        if results:
            say("store")
        return save(self, results, **kw)

    ingest._infer = phased_infer
    ingest._save_redated = phased_redate
    SQLiteStore._write_events = phased_write_events
    SQLiteStore.save_results = phased_save
    say("start")
    return main(["ingest", corpus, "--db", db, "--no-progress"])


# -- concurrency ---------------------------------------------------------------------------------

@dataclass
class ConcurrencyResult:
    runs: int = 0
    files_lost: int = 0
    stale_events: int = 0
    stale_runs: int = 0
    reader_passes: int = 0
    reader_errors: list = field(default_factory=list)
    ingest_codes: list = field(default_factory=list)


def concurrency(work: Path, n_files: int, seconds: float, runs: int = 1) -> ConcurrencyResult:
    """2 ingests and 3 readers at once for `seconds`; each ingest re-runs until the time is up
    (over a fresh corpus each time), the readers read events as the dashboard does."""
    from timeline.corroborate import corroborate
    from timeline.store import open_store

    res = ConcurrencyResult()
    rng = random.Random(11)
    for run in range(runs):
        db = work / f"conc{run}.db"
        corpora = [work / f"conc{run}_{k}" for k in range(2)]
        expected: set[str] = set()
        end = time.time() + seconds
        readers = [subprocess.Popen(_child_cmd("_reader", str(db), str(seconds + 5)), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=_env()) for _ in range(3)]
        rounds = 0
        while time.time() < end or rounds == 0:
            batch = []
            # ingests of different sizes, the second started a little later: one finishes
            # (and rebuilds) while the other still commits batches, as users' ingests do
            for k, folder in enumerate(corpora):
                sub = folder / f"r{rounds}"
                write_corpus(sub, n_files if k == 0 else max(1, n_files // 3),
                             seed=1000 * run + 10 * rounds + k + 7, prefix=f"c{k}")
            for k, folder in enumerate(corpora):
                if k:
                    time.sleep(rng.uniform(0, 1.0))
                batch.append(subprocess.Popen(ingest_cmd(db, [folder / f"r{rounds}"]), stdout=subprocess.DEVNULL,
                                              stderr=subprocess.PIPE, text=True, env=_env()))
            for p in batch:
                p.wait()
                res.ingest_codes.append(p.returncode)
                if p.returncode != 0:
                    res.reader_errors.append(f"ingest exit {p.returncode}: {p.stderr.read()[-300:]}")
            rounds += 1
            for folder in corpora:
                expected |= {str(f) for f in (folder / f"r{rounds - 1}").iterdir()}
        for r in readers:
            out, err = r.communicate()
            if r.returncode != 0:
                res.reader_errors.append(f"reader exit {r.returncode}: {err[-300:]}")
            res.reader_passes += int(out.split()[0]) if out.split() else 0
        store = open_store(db, create=False)
        stored = {a.path.split("#")[0] for a in store.articles(with_text=False)}
        res.files_lost += len(expected - stored)
        got = {e.id: json.dumps(e.to_json(), sort_keys=True) for e in store.events()}
        fresh = {e.id: json.dumps(e.to_json(), sort_keys=True)
                 for e in corroborate(store.event_reports(with_mentions=False))}
        stale = len(set(got.items()) ^ set(fresh.items()))
        res.stale_events += stale
        res.stale_runs += bool(stale)
        store.close()
        res.runs += 1
    return res


def _reader(db: str, seconds: str) -> int:
    """Child: read the store as the dashboard does, in a loop, for `seconds`; prints its passes."""
    from timeline.store import StoreError, open_store

    end = time.time() + float(seconds)
    passes = 0
    while time.time() < end:
        if not Path(db).exists():
            time.sleep(0.05)
            continue
        try:
            store = open_store(db)
            store.event_columns()
            store.events()
            store.close()
            passes += 1
        except StoreError as e:   # a lock past the timeout would be one; reported, not hidden
            print(f"reader: {e}", file=sys.stderr)
            return 1
        time.sleep(0.02)
    print(passes)
    return 0


# -- disk full -----------------------------------------------------------------------------------

@dataclass
class DiskFullResult:
    method: str = ""
    stopped_cleanly: bool = False
    message: str = ""
    consistent: bool = False
    completed: bool = False
    problems: list = field(default_factory=list)


def _try_mount(mnt: Path, size: str) -> bool:
    mnt.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
                          capture_output=True).returncode == 0


def disk_full(work: Path, n_files: int, *, allow_mount: bool = True) -> DiskFullResult:
    """The store on a volume too small for the corpus: the ingest must stop with one clear line and
    exit 2, leave a consistent store, and complete once there is space."""
    res = DiskFullResult()
    corpus = work / "full_corpus"
    write_corpus(corpus, n_files, seed=3)
    clean = work / "full_clean.db"
    subprocess.run(ingest_cmd(clean, [corpus]), capture_output=True, env=_env(), check=False)
    want = snapshot(clean)
    full_size = clean.stat().st_size
    mnt = work / "small_volume"
    if allow_mount and _try_mount(mnt, f"{max(64, full_size // 3 // 1024)}k"):
        res.method = "tmpfs"
        try:
            db = mnt / "s.db"
            out = subprocess.run(ingest_cmd(db, [corpus]), capture_output=True, text=True, env=_env())
            res.message = (out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "").replace(str(db), "STORE")
            res.stopped_cleanly = out.returncode == 2 and "Traceback" not in out.stderr and "full" in out.stderr
            con = sqlite3.connect(db)
            res.consistent = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            con.close()
            subprocess.run(["mount", "-o", "remount,size=512m", str(mnt)], check=True)
            again = subprocess.run(ingest_cmd(db, [corpus]), capture_output=True, text=True, env=_env())
            res.problems = differences(snapshot(db), want)
            res.completed = again.returncode in (0, 1) and not res.problems
        finally:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        return res
    # no mount allowed: SQLite's own size limit plays the full disk, in the ingest's process
    res.method = "max_page_count"
    from timeline.errors import store_reason
    from timeline.ingest import ingest_paths
    from timeline.store import StoreError, open_store

    db = work / "limited.db"
    store = open_store(db)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    page_size = store._db.execute("PRAGMA page_size").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {max(pages + 8, full_size // page_size // 3)}")
    try:
        ingest_paths([corpus], store)
    except (StoreError, sqlite3.Error) as e:
        res.message = store_reason(e)
        res.stopped_cleanly = "full" in res.message
    store.close()
    con = sqlite3.connect(db)
    res.consistent = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    again = subprocess.run(ingest_cmd(db, [corpus]), capture_output=True, text=True, env=_env())
    res.problems = differences(snapshot(db), want)
    res.completed = again.returncode in (0, 1) and not res.problems
    return res


# -- a folder with corrupt files ------------------------------------------------------------------

@dataclass
class CorruptResult:
    files: int = 0
    bad: int = 0
    good_lost: int = 0
    bad_unreported: int = 0
    exit_code: int = -1
    problems: list = field(default_factory=list)


def corrupt_folder(work: Path, n_files: int, bad_share: float = 0.01) -> CorruptResult:
    """`n_files` files, `bad_share` of them bad, of every kind in BAD_KINDS, spread through the folder."""
    res = CorruptResult(files=n_files)
    folder = work / "corrupt"
    n_bad = max(len(BAD_KINDS), round(n_files * bad_share))
    good = write_corpus(folder / "good", n_files - n_bad, seed=5)
    bad = [write_bad(folder / f"part{i % 7}", BAD_KINDS[i % len(BAD_KINDS)], i) for i in range(n_bad)]
    res.bad = len(bad)
    db = work / "corrupt.db"
    out = subprocess.run(ingest_cmd(db, [folder]) + ["--format", "json"], capture_output=True, text=True,
                         env=_env())
    res.exit_code = out.returncode
    if "Traceback" in out.stderr:
        res.problems.append(out.stderr[-500:])
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    reported = {p.split("#")[0] for p, _ in summary["skipped"]}
    from timeline.store import open_store

    stored = {a.path.split("#")[0] for a in open_store(db, create=False).articles(with_text=False)}
    res.good_lost = len({str(p) for p in good} - stored)
    res.bad_unreported = sum(1 for p in bad if str(p) not in reported)
    return res


# -- fuzzing ---------------------------------------------------------------------------------------

def _words_strategy():
    from hypothesis import strategies as st

    vocab = list(TOWNS) + list(ACTORS) + list(MONTHS) + [
        "captured", "seized", "took", "control", "of", "the", "town", "fled", "from", "to", "on", "in", "last",
        "week", "Monday", "yesterday", "2016", "2017", "12", "civilians", "families", "thousands", "of",
        "withdrew", "retook", "lost", "displaced", "were", "said", ".", ",", "\n", "—", "’s", "al-", "near"]
    return st.lists(st.one_of(st.sampled_from(vocab), st.text(max_size=8)), max_size=60).map(" ".join)


def _sentences_strategy():
    """Reporting-like sentences (actors, verbs, places, numbers, time phrases) in random
    combinations: texts that reach the event rules, not only the tokenizer."""
    from hypothesis import strategies as st

    times = st.sampled_from(["on Monday", "last week", "yesterday", "in March 2016", "two days ago", "since 2014",
                             "between 3 and 5 May", "on 31 February 2017", "earlier this month", "in the 1990s",
                             "by the end of the year", "on 12/13/2016", "at dawn on Friday", "in 2016 and 2017",
                             "three years ago", "on 29 February 2015", "in late 2017", ""])
    numbers = st.one_of(st.integers(0, 10**15).map(str), st.sampled_from(
        ["tens of thousands of", "dozens of", "1,000,000,000,000", "hundreds of", "2.5 million", "some 400",
         "more than 1.2m", "0", "-5", "a third of the"]))
    verbs = st.sampled_from(["captured", "seized", "retook", "lost", "withdrew from", "took control of",
                             "fled", "were displaced from", "returned to", "claimed", "denied capturing",
                             "is expected to capture", "besieged", "liberated"])
    sentence = st.builds(
        lambda a, v, t, n, g, b, when: f"{a} {v} {t} {when}. {n} {g} fled from {t} to {b} {when}.",
        st.sampled_from(ACTORS + ("ISIS", "SDF", "rebels", "Turkey")), verbs, st.sampled_from(TOWNS), numbers,
        st.sampled_from(["civilians", "families", "people", "residents", "fighters"]), st.sampled_from(TOWNS), times)
    return st.lists(st.one_of(sentence, st.text(max_size=30)), min_size=1, max_size=8).map(" ".join)


def fuzz_properties():
    """The property checks, each a (name, strategy, check) triple; `check` raises AssertionError
    (or any other exception: that escaped) on a violation."""
    from hypothesis import strategies as st

    from gazetteer import load_gazetteer
    from timeline.actors import load_actors

    gz, actors = load_gazetteer(), load_actors()
    text = st.one_of(_words_strategy(), st.text(max_size=300))
    return [_readers_property(st), _dates_property(st), _times_property(st, text),
            ("geoparser", text, lambda t: _check_geoparse(gz, t)), _events_property(st, text, gz, actors)]


def _iso_ok(value: str | None) -> None:
    """Raises unless `value` is None or an ISO date of a year, a month or a day (with a time)."""
    if value is None:
        return
    from datetime import date, datetime

    if len(value) == 4:
        assert 1 <= int(value) <= 9999
    elif len(value) == 7:
        date.fromisoformat(value + "-01")
    else:
        datetime.fromisoformat(value)


def _readers_property(st) -> tuple:
    """Any file body, under any suffix the readers know, reads to articles with text and a valid date."""
    from timeline.readers import RECORD_SUFFIXES, read_safely
    from timeline.records import Article

    def check_reader(args) -> None:
        name, data = args
        for item in read_safely(name, data):
            if isinstance(item, Article):
                assert item.text.strip()
                _iso_ok(item.published)

    suffixes = sorted(RECORD_SUFFIXES | {".txt", ".html", ".bin"})
    structured = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                              lambda c: st.lists(c, max_size=4) | st.dictionaries(
                                  st.sampled_from(["title", "text", "url", "published", "date", "source", "x"]),
                                  c, max_size=5), max_leaves=12)
    reader_input = st.one_of(
        st.tuples(st.sampled_from(suffixes).map(lambda s: "f" + s), st.binary(max_size=400)),
        st.tuples(st.sampled_from(["f.json", "f.jsonl"]),
                  structured.map(lambda o: json.dumps(o).encode())),
        st.tuples(st.just("f.csv"), st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), max_size=4)
                  .map(lambda rows: ("title,text,published\n" + "\n".join(",".join(r) for r in rows)).encode())))
    return "readers", reader_input, check_reader


def _dates_property(st) -> tuple:
    """A date value either raises ValueError or reads to a valid ISO date with its precision."""
    from timeline.readers import checked_date_value

    def check_date(value: str) -> None:
        try:
            iso, precision = checked_date_value(value)
        except ValueError:
            return
        assert precision in ("day", "month", "year")
        _iso_ok(iso)

    date_input = st.one_of(st.text(max_size=40), st.from_regex(
        r"\A[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2}([T ][0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2})?)?)?)?\Z"),
        st.builds(lambda d, m, y: f"{d} {m} {y}", st.integers(-3, 40), st.sampled_from(MONTHS), st.integers(0, 3000)))
    return "dates", date_input, check_date


def _times_property(st, text) -> tuple:
    """Time expressions lie inside the text and run forwards, with valid ISO ends."""
    from timeline.times import find_time_expressions

    def check_times(args) -> None:
        t, anchor = args
        for span in find_time_expressions(t, anchor):
            assert 0 <= span.char_start <= span.char_end <= len(t)
            _iso_ok(span.start)
            _iso_ok(span.end)
            assert span.start <= span.end

    times_input = st.tuples(st.one_of(_sentences_strategy(), text),
                            st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    return "time expressions", times_input, check_times


def _check_geoparse(gz, t: str) -> None:
    """Every mention found lies inside the text and is the text it says it is."""
    for m in gz.find_places(t):
        assert 0 <= m.start < m.end <= len(t)
        assert t[m.start:m.end] == m.surface


def _events_property(st, text, gz, actors) -> tuple:
    """Whole-article extraction: valid dates, and evidence and mentions inside the text."""
    from datetime import date

    from timeline.pipeline import process_article
    from timeline.records import Article

    def check_events(args) -> None:
        t, published = args
        article = Article.from_text(t or " ", path="fuzz.txt")
        if published:
            article = article.with_date(published, source="metadata")
        result = process_article(article, gz, actors)
        n = len(result.article.text)
        for e in result.events:
            _iso_ok(e.date)
            _iso_ok(e.end)
            if e.evidence_start is not None:
                assert 0 <= e.evidence_start <= e.evidence_end <= n
            for m in e.mentions:
                assert 0 <= m.start <= m.end <= n
        for m in result.mentions:
            assert 0 <= m.start <= m.end <= n

    published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1))
                          .map(lambda d: d.isoformat()))
    return "event extraction", st.tuples(st.one_of(_sentences_strategy(), text), published), check_events


def fuzz(examples: int, seed: int = 0) -> dict:
    """Run every property for `examples` cases; returns {name: (cases run, failure or None)}."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed

    out = {}
    for name, strategy, check in fuzz_properties():
        count = [0]
        failure = [None]

        @hseed(seed)
        @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def prop(value):
            count[0] += 1   # noqa: B023 - prop runs within this iteration
            check(value)    # noqa: B023

        try:
            prop()
        except Exception as e:  # noqa: BLE001 - reported in the table with the falsifying input
            failure[0] = f"{type(e).__name__}: {str(e)[:300]}"
        out[name] = (count[0], failure[0])
    return out


# -- the table --------------------------------------------------------------------------------------

def table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3000, help="files of the killed ingest")
    ap.add_argument("--kills", type=int, default=10, help="SIGKILLs")
    ap.add_argument("--seconds", type=float, default=30, help="length of the concurrency run")
    ap.add_argument("--concurrency-runs", type=int, default=2, help="concurrency runs")
    ap.add_argument("--concurrency-files", type=int, default=60, help="files per ingest round")
    ap.add_argument("--full-files", type=int, default=300, help="files of the disk-full ingest")
    ap.add_argument("--corrupt-files", type=int, default=10_000, help="files in the corrupt folder")
    ap.add_argument("--fuzz", type=int, default=500, help="Hypothesis examples per property")
    ap.add_argument("--only", action="append", help="kills, concurrency, disk, corrupt, fuzz")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args(argv)
    only = set(args.only or ["kills", "concurrency", "disk", "corrupt", "fuzz"])
    from gazetteer import load_gazetteer

    load_gazetteer()   # compiled once before any child starts
    work = Path(tempfile.mkdtemp(prefix="conflictmap-faults-"))
    rows = [("scenario", "figure", "result")]
    ok = True
    try:
        if "kills" in only:
            t = time.perf_counter()
            k = kills(work, args.files, args.kills)
            phases = ", ".join(f"{n} {p}" for p, n in sorted(k.by_phase.items()))
            rows.append(("SIGKILL during ingest", f"{k.kills} kills survived ({phases}) of a {args.files:,}-file "
                         f"ingest, then a re-run", "identical to a clean run" if k.identical else
                         "DIFFERS: " + "; ".join(k.problems)[:300]))
            rows.append(("", f"({time.perf_counter() - t:.0f} s; clean run {k.clean_seconds:.1f} s; "
                         f"{k.missed} kill points fell after the run had ended and were drawn again)", ""))
            ok &= k.identical and k.kills == args.kills
        if "concurrency" in only:
            c = concurrency(work, args.concurrency_files, args.seconds, args.concurrency_runs)
            rows.append(("2 ingests + 3 readers", f"{c.runs} concurrent run(s) of {args.seconds:g} s, "
                         f"{len(c.ingest_codes)} ingests, {c.reader_passes} reader passes",
                         f"files lost {c.files_lost}, stale events {c.stale_events} (in {c.stale_runs} runs)"
                         + (f", errors: {'; '.join(c.reader_errors)[:200]}" if c.reader_errors else "")))
            ok &= c.files_lost == 0 and c.stale_events == 0 and not c.reader_errors
        if "disk" in only:
            d = disk_full(work, args.full_files)
            rows.append(("disk full", f"{d.method}: stopped with \"{d.message[:110]}\"",
                         ("store consistent" if d.consistent else "STORE INCONSISTENT") + ", "
                         + ("re-run with space complete" if d.completed else "RE-RUN INCOMPLETE: "
                            + "; ".join(d.problems)[:200])))
            ok &= d.stopped_cleanly and d.consistent and d.completed
        if "corrupt" in only:
            r = corrupt_folder(work, args.corrupt_files)
            rows.append(("corrupt files", f"{r.bad} bad files ({len(BAD_KINDS)} kinds) in {r.files:,}",
                         f"good files lost {r.good_lost}, bad unreported {r.bad_unreported}, exit {r.exit_code}"
                         + (f", {r.problems}" if r.problems else "")))
            ok &= r.good_lost == 0 and r.bad_unreported == 0 and r.exit_code == 1 and not r.problems
        if "fuzz" in only:
            f = fuzz(args.fuzz)
            total = sum(n for n, _ in f.values())
            failures = {k: v for k, (_, v) in f.items() if v}
            rows.append(("fuzz (Hypothesis)", f"{total:,} cases over " + ", ".join(
                f"{k} {n}" for k, (n, _) in f.items()),
                "no exception, offsets inside, dates valid" if not failures else f"FAILED: {failures}"))
            ok &= not failures
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder: {work}")
    print(table(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_phased-ingest":
        sys.exit(_phased_ingest(*sys.argv[2:4]))
    if len(sys.argv) > 1 and sys.argv[1] == "_reader":
        sys.exit(_reader(*sys.argv[2:4]))
    sys.exit(main())
