"""Speed and memory of the gazetteer: index build, warm load, find+resolve throughput.

Prints
  - index build: seconds and peak RSS of compiling from the packaged data (fresh cache dir);
  - warm load:   seconds to load the compiled index from the disk cache, and that process's peak RSS;
  - throughput:  articles/s of `find_places` (find + resolve) on one core, on ~3 KB news texts
                 (GeoWebNews texts when the XML is given, else the sample articles), first pass
                 and steady state, plus the peak RSS of the process.

    python bench/geoparse_speed.py                                   # sample articles
    python bench/geoparse_speed.py --gwn ../shared/eval/geowebnews/GWN.xml --skip-build
    python bench/geoparse_speed.py --gwn GWN.xml --skip-build --import UA.zip   # with an extract imported
    python bench/geoparse_speed.py --gwn GWN.xml --against d728881 --against main --rounds 5

``--against REV`` (repeatable) compares this tree with other revisions: each is checked out once
into a temporary ``git worktree``, and one child process per revision measures the steady
state on the same texts, the revisions taking turns round after round (the order rotated
each round), so that a shared machine's changing load falls on all of them alike. It prints
each round's articles per CPU-second, the median per revision and the load average.

``--import`` imports GeoNames dump files into a temporary imports folder first (see
`gazetteer.imports`; ``bench/geonames_synth.py --country UA`` writes a synthetic extract).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 3000

_CHILD_BUILD = """
import json, resource, time
t = time.perf_counter()
from gazetteer.index import load_index
idx = load_index()
print(json.dumps({"seconds": time.perf_counter() - t, "places": len(idx),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(cache: str) -> dict:
    env = dict(os.environ, CONFLICTMAP_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", _CHILD_BUILD], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def texts_3kb(gwn: Path | None) -> list[str]:
    """News texts cut at paragraph ends into pieces of about 3 KB."""
    if gwn:
        docs = [a.findtext("text") or "" for a in ET.parse(gwn).getroot().iter("article")]
    else:
        docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out = []
    for d in docs:
        piece = ""
        for para in d.split("\n"):
            piece += para + "\n"
            if len(piece) >= CHUNK:
                out.append(piece)
                piece = ""
        if len(piece) > CHUNK // 3:
            out.append(piece)
    return out


# One steady-state measurement with the gazetteer package of the working directory: the
# texts come from a file, so every revision reads exactly the same ones.
_CHILD_STEADY = """
import json, sys, time
from gazetteer import load_gazetteer
texts = json.load(open(sys.argv[1], encoding="utf-8"))
seconds = float(sys.argv[2])
gz = load_gazetteer(None)
for t in texts:
    gz.find_places(t)  # first pass: fills the per-name caches
done, t0, c0 = 0, time.perf_counter(), time.process_time()
while time.perf_counter() - t0 < seconds:
    for t in texts:
        gz.find_places(t)
    done += len(texts)
print(json.dumps({"cpu": done / (time.process_time() - c0), "wall": done / (time.perf_counter() - t0)}))
"""


def _steady_in(tree: Path, texts_file: str, seconds: float) -> dict:
    """Steady-state throughput of the gazetteer in `tree`, measured in a child process."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", _CHILD_STEADY, texts_file, str(seconds)], env=env,
                         cwd=tree, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare(revs: list[str], texts: list[str], rounds: int, seconds: float) -> None:
    """This tree against `revs`, alternated (see the module docstring); each revision is
    checked out once by `bench/alternate.py`'s `worktree`."""
    from alternate import worktree

    trees = {"this tree": ROOT}
    for rev in revs:
        label = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.strip()
        trees[f"{rev} ({label})" if label != rev else rev] = worktree(rev)
    with tempfile.TemporaryDirectory(prefix="conflictmap-against-") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        names = list(trees)
        for name in names:  # a cold cache compiles the index: not part of any round
            _steady_in(trees[name], str(texts_file), 0.1)
        cpu: dict[str, list[float]] = {n: [] for n in names}
        for r in range(rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            figures = []
            for name in order:
                cpu[name].append(_steady_in(trees[name], str(texts_file), seconds)["cpu"])
                figures.append(f"{name} {cpu[name][-1]:.0f}")
            print(f"round {r + 1}: " + ", ".join(figures) + f"  (load {os.getloadavg()[0]:.2f})", flush=True)
        for name in names:
            print(f"median {name}: {statistics.median(cpu[name]):.0f} articles per CPU-second "
                  f"({', '.join(f'{c:.0f}' for c in cpu[name])})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gwn", type=Path, help="GeoWebNews XML to take texts from")
    ap.add_argument("--skip-build", action="store_true", help="do not time a fresh build")
    ap.add_argument("--seconds", type=float, default=5.0, help="steady-state measuring time")
    ap.add_argument("--import", dest="imports", action="append", default=[], type=Path, metavar="DUMP",
                    help="GeoNames dump file to import (into a temporary folder) before measuring")
    ap.add_argument("--against", action="append", default=[], metavar="REV",
                    help="also measure git revision REV, alternated with this tree (repeatable)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of --against measurements")
    args = ap.parse_args(argv)
    if args.against:
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"{args.rounds} rounds of {args.seconds:g} s per revision", flush=True)
        compare(args.against, texts_3kb(args.gwn), args.rounds, args.seconds)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0
    tmp_imports = None
    if args.imports:
        from gazetteer.imports import import_file
        tmp_imports = tempfile.TemporaryDirectory(prefix="conflictmap-imports-")
        os.environ["CONFLICTMAP_IMPORTS"] = tmp_imports.name
        for dump in args.imports:
            t, c = time.perf_counter(), time.process_time()
            e = import_file(dump, report=lambda m: None)
            print(f"import:      {dump.name}: {e['places']} places, {e['names']} name keys in "
                  f"{time.perf_counter() - t:.1f} s wall, {time.process_time() - c:.1f} s CPU")

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            b = _child(tmp)
        print(f"index build: {b['seconds']:.1f} s, {b['places']} places, peak RSS {b['rss_mb']:.0f} MB")
    from gazetteer.index import cache_dir
    _child(str(cache_dir()))  # make sure the real cache is warm
    w = _child(str(cache_dir()))
    print(f"warm load:   {w['seconds']:.2f} s, peak RSS of a process that only loads: {w['rss_mb']:.0f} MB")

    texts = texts_3kb(args.gwn)
    mean_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    from gazetteer import load_gazetteer
    gz = load_gazetteer(None)
    t0 = time.perf_counter()
    c0 = time.process_time()
    n_mentions = sum(len(gz.find_places(t)) for t in texts)
    first = len(texts) / (time.perf_counter() - t0)
    first_cpu = len(texts) / (time.process_time() - c0)
    done, t0, c0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < args.seconds:
        for t in texts:
            gz.find_places(t)
        done += len(texts)
    steady = done / (time.perf_counter() - t0)
    steady_cpu = done / (time.process_time() - c0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU time is what one core gives when the machine is shared (here: 2 cores, 5 users).
    print(f"throughput:  {len(texts)} texts of {mean_kb:.1f} KB mean, {n_mentions} mentions; "
          f"first pass {first:.0f} articles/s wall, {first_cpu:.0f} per CPU-second; steady state {steady:.0f} articles/s wall, "
          f"{steady_cpu:.0f} articles per CPU-second (one core); peak RSS {rss:.0f} MB")
    if gz.index.imports is not None:
        print(f"imported:    {[s['source'] for s in gz.index.imports.sources]} attached; "
              f"{len(gz.index) - gz.index.packaged_count} imported places read into the index")
    return 0


if __name__ == "__main__":
    sys.exit(main())
