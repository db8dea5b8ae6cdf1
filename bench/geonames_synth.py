"""A synthetic GeoNames dump (the 19 columns of allCountries.txt) and the cost of importing it.

allCountries itself (~13 M rows, 1.6 GB unzipped) cannot be fetched here, so this writes a
file of the same shape: random pronounceable names over real coordinates (the packaged
places' points, jittered by up to ~20 km), the feature-class mix of allCountries (P ~37 %,
H ~18 %, S ~19 %, T ~16 %, A ~3 %, L, V, U, R the rest), a population for one populated
place in five, and 0-6 alternate names a row. Then, in child processes (so that each peak
RSS is its own), it times ``gazetteer import`` of the file into a fresh imports folder, a
warm load of the gazetteer with the import attached, and lookups of imported names.

    python bench/geonames_synth.py --rows 13000000 --out /work/cache-gaz18/synth
    python bench/geonames_synth.py --rows 1000000 --out /tmp/synth    # a smaller run

It writes only under --out (never into the repository). Timings are wall and CPU time;
on a shared machine the CPU time is the steadier figure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_ONSETS = ["b", "d", "g", "h", "k", "kh", "l", "m", "n", "p", "r", "s", "sh", "t", "v", "z", "zh", "y",
           "ch", "f", "br", "dr", "kr", "st", "tr", "pr", "gr", "sl", "sv", "ts"]
_VOWELS = ["a", "e", "i", "o", "u", "y", "ai", "ia", "ou", "ei"]
_CODAS = ["", "", "", "n", "r", "l", "s", "k", "v", "m", "t", "sk", "nd"]
_SUFFIXES = ["ivka", "ove", "ne", "ka", "ino", "abad", "pur", "ville", "dorf", "ia", "an", "", "", ""]
_CLASSES = [("P", 37, ["PPL"] * 20 + ["PPLA4", "PPLA3", "PPLX", "PPLL", "PPLQ", "PPLH"]),
            ("H", 18, ["STM", "LK", "SPNG", "WLL", "RSV", "STMI"]),
            ("S", 19, ["FRM", "SCH", "CH", "HTL", "BLDG", "AIRP", "DAM", "MSQE"]),
            ("T", 16, ["HLL", "MT", "PK", "PASS", "VAL", "CAPE"]),
            ("A", 3, ["ADM4", "ADM3", "ADM2", "ADMD"]),
            ("L", 4, ["AREA", "LCTY", "PRK", "RESV"]),
            ("V", 1, ["FRST", "GRSL"]),
            ("U", 1, ["SMU", "RDGU"]),
            ("R", 1, ["RD", "TNL"])]


def _word(rng: random.Random) -> str:
    w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(rng.choice((1, 2, 2, 3))))
    return (w + rng.choice(_SUFFIXES)).capitalize()


def real_points(country: str | None = None) -> list[tuple[float, float, str]]:
    """(lat, lon, country) of the packaged places (of one country): real land, real countries."""
    sys.path.insert(0, str(ROOT))
    from gazetteer.index import load_index
    idx = load_index(imports=False)
    return [(idx.lat[i], idx.lon[i], idx.country[i]) for i in range(len(idx))
            if idx.country[i] and idx.feature_code[i].startswith("PPL")
            and (country is None or idx.country[i] == country)]


def _name_pool(rng: random.Random, n: int) -> list[str]:
    """`n` random names (some repeat, as place names do: hundreds of villages share one)."""
    out = []
    for _ in range(n):
        r = rng.random()
        out.append(_word(rng) if r < 0.75 else f"{_word(rng)} {_word(rng)}" if r < 0.95
                   else f"{_word(rng)} {_word(rng)} {_word(rng)}")
    return out


def write_file(path: Path, rows: int, seed: int = 18, country: str | None = None) -> float:
    """Write `rows` lines (over the points of `country` only, if given); returns seconds.

    Names come from a pool of rows/4 random names (at most 3 M), so a name recurs a few
    times, as in GeoNames; the random draws are numpy's, batch by batch."""
    import numpy as np
    t0 = time.perf_counter()
    rng = random.Random(seed)
    npr = np.random.default_rng(seed)
    points = real_points(country)
    plat = np.array([p[0] for p in points])
    plon = np.array([p[1] for p in points])
    pcc = [p[2] for p in points]
    pool = _name_pool(rng, max(1000, min(3_000_000, rows // 4)))
    npool = len(pool)
    weights = np.array([w for _, w, _ in _CLASSES], dtype=float)
    weights /= weights.sum()
    flat = [(c, code) for c, _, codes in _CLASSES for code in codes]
    starts = np.cumsum([0] + [len(codes) for _, _, codes in _CLASSES])
    n_alts = np.array([0, 0, 0, 1, 1, 2, 3, 6])
    path.parent.mkdir(parents=True, exist_ok=True)
    batch = 100_000
    with open(path, "w", encoding="utf-8") as fh:
        for b0 in range(0, rows, batch):
            n = min(batch, rows - b0)
            pt = npr.integers(0, len(points), n)
            lat = np.clip(plat[pt] + npr.uniform(-0.2, 0.2, n), -90, 90)
            lon = np.clip(plon[pt] + npr.uniform(-0.2, 0.2, n), -180, 180)
            cls = npr.choice(len(_CLASSES), n, p=weights)
            code = starts[cls] + (npr.random(n) * (starts[cls + 1] - starts[cls])).astype(int)
            names = npr.integers(0, npool, n)
            alts = n_alts[npr.integers(0, len(n_alts), n)]
            alt_names = npr.integers(0, npool, (n, 6))
            pops = np.where(npr.random(n) < 0.2, npr.integers(50, 5000, n), 0)
            a1 = npr.integers(1, 30, n)
            lines = []
            for k in range(n):
                fclass, fcode = flat[code[k]]
                name = pool[names[k]]
                alt = ",".join(pool[j] for j in alt_names[k, :alts[k]])
                lines.append(f"{20_000_000 + b0 + k}\t{name}\t{name}\t{alt}\t{lat[k]:.5f}\t{lon[k]:.5f}\t"
                             f"{fclass}\t{fcode}\t{pcc[pt[k]]}\t\t{a1[k]:02d}\t\t\t\t"
                             f"{pops[k] if fclass == 'P' else 0}\t\t0\tUTC\t2024-01-01\n")
            fh.write("".join(lines))
    return time.perf_counter() - t0


_CHILD_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from gazetteer.imports import import_file
t, c = time.perf_counter(), time.process_time()
e = import_file(Path(sys.argv[1]), report=lambda m: None)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "places": e["places"],
                  "names": e["names"], "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_CHILD_LOAD = """
import json, random, resource, sys, time
t, c = time.perf_counter(), time.process_time()
from gazetteer import load_gazetteer
gz = load_gazetteer(None)
load_wall, load_cpu = time.perf_counter() - t, time.process_time() - c
names = json.loads(sys.argv[1])
t = time.perf_counter()
hits = sum(bool(gz.lookup(n)) for n in names)
look = (time.perf_counter() - t) / max(1, len(names))
text = " ".join(f"Shelling hit the village of {n}." for n in names[:20])
t = time.perf_counter()
found = len(gz.find_places(text))
print(json.dumps({"load_wall": load_wall, "load_cpu": load_cpu, "lookup_ms": look * 1000, "hits": hits,
                  "asked": len(names), "find_ms": (time.perf_counter() - t) * 1000, "found": found,
                  "imports": [s["source"] for s in (gz.index.imports.sources if gz.index.imports else [])],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def sample_names(path: Path, n: int = 200) -> list[str]:
    """Names of populated places from the first lines of the file (what the import keeps)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t")
            if cols[6] == "P" and cols[7] != "PPLH":
                out.append(cols[1])
                if len(out) >= n:
                    break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=13_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/conflictmap-synth"),
                    help="folder for the file, the imports and the index cache (not the repository)")
    ap.add_argument("--keep", action="store_true", help="reuse an existing file of that size")
    ap.add_argument("--country", metavar="XX", help="only write a country extract XX.txt of --rows rows "
                                                    "over that country's points, and stop")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if ROOT in (out, *out.parents):
        ap.error("--out must lie outside the repository")
    if args.country:
        path = out / f"{args.country.upper()}.txt"
        secs = write_file(path, args.rows, country=args.country.upper())
        print(f"generated:  {args.rows:,} rows over {args.country.upper()} in {secs:.0f} s -> {path}")
        return 0
    path = out / f"allCountriesSynth{args.rows}.txt"
    if not (args.keep and path.exists()):
        secs = write_file(path, args.rows)
        print(f"generated:  {args.rows:,} rows, {path.stat().st_size / 1e9:.2f} GB in {secs:.0f} s -> {path}")
    imports = out / "imports"
    if imports.exists():
        for p in imports.iterdir():
            p.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONFLICTMAP_IMPORTS=str(imports))
    r = _child(_CHILD_IMPORT, str(path), env=env)
    db = imports / f"{path.stem}.sqlite"
    print(f"import:     {r['wall']:.0f} s wall, {r['cpu']:.0f} s CPU; {r['places']:,} places (classes P, A), "
          f"{r['names']:,} name keys; peak RSS {r['rss_mb']:.0f} MB; database {db.stat().st_size / 1e9:.2f} GB")
    names = sample_names(path)
    _child(_CHILD_LOAD, json.dumps(names[:5]), env=env)  # the page cache warm, as for any warm start
    w = _child(_CHILD_LOAD, json.dumps(names), env=env)
    print(f"warm load:  {w['load_wall']:.2f} s wall ({w['load_cpu']:.2f} s CPU) with {w['imports']} attached; "
          f"lookup of an imported name {w['lookup_ms']:.2f} ms ({w['hits']}/{w['asked']} found); "
          f"find_places on 20 sentences naming them {w['find_ms']:.1f} ms ({w['found']} found); "
          f"peak RSS {w['rss_mb']:.0f} MB")
    print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
