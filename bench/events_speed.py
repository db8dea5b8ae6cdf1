"""Ingest speed on one core: read, date, geoparse, extract events, store, corroborate.

Writes N variants of the sample articles (about 3 KB each; each gets one line of
its own so that content ids differ and none is skipped as already stored) to a
temporary folder, ingests them with `timeline.ingest.ingest_paths` into a fresh
SQLite file and prints articles per second (after loading the gazetteer and the
lexicons, which a run does once); the target is >= 300/s.  It then
times each per-article stage alone on the same texts, and `corroborate` on a
synthetic set of event reports.

    $ python bench/events_speed.py
    $ python bench/events_speed.py --articles 2000 --reports 100000
    $ python bench/events_speed.py --old d728881 --alternations 3   # old and new code, in turns

With --old REV the same measurements run on REV and on this tree in turns, each in a fresh
process (see bench/alternate.py), and the medians of the rounds are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import alternate, code_root  # noqa: E402 (bench/ is not a package)

ROOT = code_root()          # the code measured: this tree, or the one --repo names
sys.path.insert(0, str(ROOT))

from gazetteer import load_gazetteer  # noqa: E402
from gazetteer.records import Place  # noqa: E402
from timeline.actors import load_actors  # noqa: E402
from timeline.corroborate import corroborate  # noqa: E402
from timeline.dates import date_article  # noqa: E402
from timeline.events import extract_events  # noqa: E402
from timeline.records import Article, Event  # noqa: E402
from timeline.times import find_time_expressions  # noqa: E402

SEEDS = ROOT / "seeds"
TARGET = 300


def write_corpus(folder: Path, n: int) -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    size = 0
    for i in range(n):
        text = texts[i % len(texts)] + f"\nReference number {i}.\n"
        (folder / f"article_{i:06d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size // max(n, 1)


def time_ingest(n: int) -> dict:
    from timeline.ingest import ingest_paths
    from timeline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        avg = write_corpus(corpus, n)
        store = open_store(Path(tmp) / "bench.db")
        gz, actors = load_gazetteer(), load_actors()
        # Load and compile what every run loads once (the gazetteer index, the cue and actor
        # lexicons, the time-expression scanner) before the clock starts: the figure is the
        # per-article rate, which a one-off start-up cost would blur at this corpus size.
        from timeline.pipeline import process_article
        process_article(Article.from_text("Warm-up\n3 May 2016\nRebels captured a town near Manbij."), gz, actors)
        t0, c0 = time.perf_counter(), time.process_time()
        summary = ingest_paths([corpus], store, gazetteer=gz, actors=actors)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        if hasattr(store, "close"):
            store.close()
    rate = summary.new / dt
    # CPU time too: on a machine shared with other jobs the wall clock also counts their work.
    print(f"ingest: {summary.new} articles (~{avg} bytes each), {summary.events} event reports in {dt:.2f} s wall, "
          f"{cpu:.2f} s CPU -> {rate:.0f} articles/s wall, {summary.new / cpu:.0f} articles/s CPU   target >= {TARGET}/s",
          file=sys.stderr if _QUIET else sys.stdout)
    return {"ingest, articles/s": round(rate), "ingest, articles/CPU s": round(summary.new / cpu),
            "event reports": summary.events}


def time_stages(rounds: int, repeats: int = 3) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    articles = [Article.from_text(t + f"\n{i}") for i in range(rounds) for t in texts]
    gz, actors = load_gazetteer(), load_actors()
    dated = [date_article(a) for a in articles]
    times = [find_time_expressions(a.text, a.anchor_date) for a in dated]
    mentions = [gz.find_places(a.text) for a in dated]
    stages = {
        "date_article": lambda: [date_article(a) for a in articles],
        "find_time_expressions": lambda: [find_time_expressions(a.text, a.anchor_date) for a in dated],
        "find_places": lambda: [gz.find_places(a.text) for a in dated],
        "extract_events": lambda: [extract_events(a, m, ts, actors) for a, m, ts in zip(dated, mentions, times)],
    }
    n = len(articles)
    out = {}
    for name, stage in stages.items():
        # Best of a few passes, in CPU seconds of this process: one pass of a stage takes well
        # under a second, and a single pass varied by a third between runs of the same tree
        # (a collector pass or another job's cache traffic lands in it or not).
        dt = min(_cpu_seconds(stage) for _ in range(repeats))
        out[f"{name}, articles/CPU s"] = round(n / dt)
        if not _QUIET:
            print(f"stage {name:22} {n / dt:8.0f} articles/s CPU ({1000 * dt / n:.2f} ms each, best of {repeats})")
    if not _QUIET:
        n_events = sum(len(e) for e in stages["extract_events"]())
        print(f"extract_events: {n_events} events from {n} articles")
    return out


def _cpu_seconds(stage) -> float:
    t0 = time.process_time()
    stage()
    return time.process_time() - t0


def time_corroborate(n: int) -> dict:
    rnd = random.Random(1)
    places = [Place(f"P{i}", 30 + i / 100, 40 + i / 100, 10_000 + i, "SY") for i in range(2000)]
    reports = []
    for i in range(n):
        day = f"2017-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        reports.append(Event(id=f"r{i}", type=rnd.choice(("control_change", "displacement")),
                             evidence="x", article_ids=(f"a{i}",), date=day, end=day, precision="day",
                             place=rnd.choice(places), confidence=0.6))
    t0 = time.process_time()
    merged = corroborate(reports)
    dt = time.process_time() - t0
    if not _QUIET:
        print(f"corroborate: {n} reports -> {len(merged)} events in {dt:.2f} s CPU")
    return {"corroborate, CPU s": round(dt, 2)}


#: --json: the figures only, one line (for bench/alternate.py)
_QUIET = "--json" in sys.argv[1:]


def report_alternation(results: dict[str, list[dict]]) -> None:
    import statistics

    print("medians over the rounds (old -> new):")
    for name in results["new"][0]:
        if name == "load average (1 min)":
            continue
        old, new = (statistics.median(r[name] for r in results[k]) for k in ("old", "new"))
        verdict = f"   target >= {TARGET}/s" if name.startswith("ingest, articles/CPU") else ""
        print(f"  {name:34s} {old:>9} -> {new:<9}{verdict}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles to ingest")
    ap.add_argument("--rounds", type=int, default=100, help="passes over the seeds for the per-stage timing")
    ap.add_argument("--reports", type=int, default=100_000, help="synthetic event reports to corroborate")
    ap.add_argument("--old", metavar="REV", help="measure REV and this tree alternately (fresh processes)")
    ap.add_argument("--alternations", type=int, default=3, help="with --old: runs of each")
    ap.add_argument("--repo", type=Path, help=argparse.SUPPRESS)  # read by code_root() at import
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # figures only, one line
    args = ap.parse_args()
    if args.old:
        sizes = ["--articles", str(args.articles), "--rounds", str(args.rounds), "--reports", str(args.reports)]
        report_alternation(alternate(Path(__file__).resolve(), args.old, args.alternations, sizes))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core, as the target says
    figures = {**time_ingest(args.articles), **time_stages(args.rounds), **time_corroborate(args.reports)}
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
