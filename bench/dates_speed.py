"""Dating speed on one core: `date_article` + `find_time_expressions` per article.

Runs over the sample articles in seeds/ (about 3 KB each), repeated, and prints
articles per second; the target is >= 500/s. With --baseline it also times
dateparser's `search_dates` on the same texts, the approach this replaces.

    $ python bench/dates_speed.py
    $ python bench/dates_speed.py --rounds 400 --baseline
    $ python bench/dates_speed.py --inference 20000   # also: infer_dates on a synthetic corpus
    $ python bench/dates_speed.py --ingest 800 --old e8331d6   # ingest speed, old and new code alternately

--ingest N writes N short news texts (about 1.5 KB: a header from
bench/data/dates_real/headers.jsonl, then filler story paragraphs; one in 25 carries a
cue line in another language, "Published: 14 octobre 2017", as multilingual sites do)
to a temporary folder and times `ingest_paths` on them into a fresh SQLite store, in a
subprocess on one core, with the code at the git revision --old (exported with `git
archive` into a temporary folder) and with this tree, alternately, --runs times each.
The gazetteer and lexicons load before the clock starts. The target is >= 300 articles/s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline.dates import date_article
from timeline.records import Article
from timeline.times import find_time_expressions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HEADERS = ROOT / "bench" / "data" / "dates_real" / "headers.jsonl"
TARGET = 500
INGEST_TARGET = 300


def date_one(article: Article) -> int:
    dated = date_article(article)
    return len(find_time_expressions(article.text, dated.anchor_date))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=200, help="passes over the sample articles")
    ap.add_argument("--baseline", action="store_true", help="also time dateparser.search.search_dates")
    ap.add_argument("--inference", type=int, default=0, metavar="N",
                    help="also time infer_dates on N synthetic ~3 KB articles (10%% undated copies)")
    ap.add_argument("--ingest", type=int, default=0, metavar="N",
                    help="time ingest_paths on N generated short news texts, old code and new alternately")
    ap.add_argument("--old", default="e8331d6", metavar="REV", help="git revision of the old code (default e8331d6)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each code for --ingest")
    ap.add_argument("--ingest-worker", metavar="FOLDER", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ingest_worker:
        return ingest_worker(Path(args.ingest_worker))
    if args.ingest:
        return bench_ingest(args.ingest, args.old, args.runs)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    articles = [Article.from_text(p.read_text(encoding="utf-8"), path=p.name) for p in sorted(SEEDS.glob("*.txt"))]
    size = statistics.mean(len(a.text) for a in articles)
    for a in articles:  # warm up (imports, regex compilation)
        date_one(a)
    times = []
    found = 0
    for _ in range(args.rounds):
        t = time.perf_counter()
        for a in articles:
            found += date_one(a)
        times.append(time.perf_counter() - t)
    per_round = statistics.median(times)
    rate = len(articles) / per_round
    print(f"articles: {len(articles)} x {args.rounds} rounds, mean size {size / 1000:.1f} KB")
    print(f"date_article + find_time_expressions: {rate:,.0f} articles/s on one core "
          f"({per_round / len(articles) * 1000:.2f} ms/article; target >= {TARGET}/s: "
          f"{'met' if rate >= TARGET else 'NOT met'})")
    print(f"time expressions found per article: {found / (len(articles) * args.rounds):.1f}")
    if args.baseline:
        from dateparser.search import search_dates

        t = time.perf_counter()
        for a in articles:
            search_dates(a.text, languages=["en"])
        dt = (time.perf_counter() - t) / len(articles)
        print(f"baseline dateparser search_dates: {1 / dt:,.0f} articles/s ({dt * 1000:.1f} ms/article)")
    if args.inference:
        bench_inference(args.inference)


FILLER = [
    "Government forces took control of several villages on the road to {a}, a war monitor said.",
    "Thousands of families fled {a} toward {b} as the fighting spread, local officials said.",
    "Rebels said they had repelled an attack on the outskirts of {a} and killed dozens of soldiers.",
    "Air strikes hit a market in {a}, killing at least {n} people, the civil defence said.",
    "The army shelled positions held by opposition fighters east of {b} overnight.",
    "Aid agencies warned that food and medicine were running out in {a}.",
    "Kurdish-led forces said they had captured a district of {b} after heavy clashes.",
    "A spokesman for the coalition said its jets had struck targets near {a} and {b}.",
    "Some {n}00 people have arrived in camps near the border since the offensive began.",
    "Residents said the road between {a} and {b} had been cut for a third day.",
]
PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Deir ez-Zor", "Palmyra", "Manbij", "Douma", "Daraa",
          "Kobani", "Afrin", "Saraqeb", "Jarablus", "al-Bab", "Tabqa", "Qamishli", "Latakia"]
#: Cue lines in other languages, as multilingual sites print them (one article in 25).
FOREIGN_CUES = ["Published: 14 octobre 2017", "Updated: 5 Ekim 2016 14:20", "Posted 12 марта 2016",
                "Published on 3 septiembre 2015", "Date: 21 mai 2016"]


def news_texts(n: int, seed: int = 12) -> list[str]:
    """n short news texts: a header from the bench set, then filler paragraphs (~1.5 KB)."""
    rnd = random.Random(seed)
    headers = [json.loads(line)["text"] for line in HEADERS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i in range(n):
        lines = headers[i % len(headers)].splitlines()
        if i % 25 == 7:
            lines.insert(1, FOREIGN_CUES[i // 25 % len(FOREIGN_CUES)])
        paragraphs = []
        while sum(map(len, paragraphs)) < 1100:
            paragraphs.append(" ".join(rnd.choice(FILLER).format(a=rnd.choice(PLACES), b=rnd.choice(PLACES),
                                                                  n=rnd.randint(3, 60)) for _ in range(3)))
        out.append("\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + f"\n\n(ref {i})\n")
    return out


def ingest_worker(folder: Path) -> None:
    """In a subprocess (PYTHONPATH chooses the code): time ingest_paths over `folder`, print JSON."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import timeline
    from gazetteer import load_gazetteer
    from timeline.actors import load_actors
    from timeline.ingest import ingest_paths
    from timeline.store import open_store

    gazetteer, actors = load_gazetteer(overrides=None), load_actors()
    # every lexicon and automaton loaded before the clock starts, as a long-running ingest has
    # them (both codes): one small article through the whole pipeline
    from timeline.pipeline import process_article
    from timeline.records import Article
    process_article(Article.from_text("Rebels captured Manbij\n3 May 2016\nRebels captured Manbij; 300 "
                                      "families fled to Aleppo."), gazetteer, actors)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        t = time.perf_counter()
        summary = ingest_paths([folder], store, gazetteer=gazetteer, actors=actors)
        dt = time.perf_counter() - t
        dated = sum(1 for a in store.articles(with_text=False) if a.published)
    print(json.dumps({"code": str(Path(timeline.__file__).parent.parent), "articles": summary.new,
                      "seconds": dt, "dated": dated}))


def bench_ingest(n: int, old_rev: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder, old = tmp / "texts", tmp / "old"
        folder.mkdir()
        old.mkdir()
        for i, text in enumerate(news_texts(n)):
            (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", old_rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = {"old": old, "new": ROOT}
        rates: dict[str, list[float]] = {"old": [], "new": []}
        dated = {}
        print(f"ingest of {n} generated short news texts ({folder}), old = {old_rev}, new = {ROOT}, one core")
        for r in range(runs):
            for name in ("old", "new"):
                env = dict(os.environ, PYTHONPATH=str(trees[name]))
                out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--ingest-worker", str(folder)],
                                     env=env, cwd=str(trees[name]), check=True, capture_output=True, text=True).stdout
                res = json.loads(out.strip().splitlines()[-1])
                assert Path(res["code"]).resolve() == trees[name].resolve(), res["code"]
                rates[name].append(res["articles"] / res["seconds"])
                dated[name] = res["dated"] / max(1, res["articles"])
                print(f"  run {r + 1} {name}: {res['articles']} articles in {res['seconds']:.2f} s = "
                      f"{rates[name][-1]:,.0f} articles/s, dated {dated[name]:.3f}")
        for name in ("old", "new"):
            med = statistics.median(rates[name])
            print(f"{name}: median {med:,.0f} articles/s over {runs} runs; dated {dated[name]:.3f}"
                  + (f" (target >= {INGEST_TARGET}/s: {'met' if med >= INGEST_TARGET else 'NOT met'})"
                     if name == "new" else ""))


def bench_inference(n: int) -> None:
    """infer_dates over n synthetic articles: 90% dated stories, 10% undated copies of 3 of their sentences."""
    import random

    from timeline.inference import infer_dates

    rnd = random.Random(4)
    vocab = [f"w{i}" for i in range(20000)]

    def sentence() -> str:
        return " ".join(rnd.choices(vocab, k=rnd.randint(15, 30))) + "."

    dated = [Article.from_text("\n".join(sentence() for _ in range(22)), path=f"d{i}.txt").with_date(
        f"2016-{i % 12 + 1:02d}-{i % 28 + 1:02d}", source="text") for i in range(n - n // 10)]
    copies, truth = [], {}
    for i in range(n // 10):
        src = rnd.choice(dated)
        lines = src.text.split("\n")
        k = rnd.randrange(len(lines) - 3)
        copy = Article.from_text(f"copy {i}\n" + "\n".join(lines[k:k + 3] + [sentence() for _ in range(10)]))
        copies.append(copy)
        # the expected source: the article sharing most passages (another story may share them too, rarely)
        truth[copy.id] = src.published
    t = time.perf_counter()
    got = infer_dates(dated + copies)
    dt = time.perf_counter() - t
    right = sum(1 for a in got if truth.get(a.id) == a.published)
    print(f"infer_dates: {n:,} articles ({len(copies):,} undated copies) in {dt:.1f} s = {n / dt:,.0f} articles/s; "
          f"{len(got):,} dated by inference, {right:,} with the source's date")


if __name__ == "__main__":
    main()
