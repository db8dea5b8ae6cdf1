"""Dating speed on one core: `date_article` + `find_time_expressions` per article.

Runs over the sample articles in seeds/ (about 3 KB each), repeated, and prints
articles per second; the target is >= 500/s. With --baseline it also times
dateparser's `search_dates` on the same texts, the approach this replaces.

    $ python bench/dates_speed.py
    $ python bench/dates_speed.py --rounds 400 --baseline
    $ python bench/dates_speed.py --inference 20000   # also: infer_dates on a synthetic corpus
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from timeline.dates import date_article
from timeline.records import Article
from timeline.times import find_time_expressions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TARGET = 500


def date_one(article: Article) -> int:
    dated = date_article(article)
    return len(find_time_expressions(article.text, dated.anchor_date))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=200, help="passes over the sample articles")
    ap.add_argument("--baseline", action="store_true", help="also time dateparser.search.search_dates")
    ap.add_argument("--inference", type=int, default=0, metavar="N",
                    help="also time infer_dates on N synthetic ~3 KB articles (10%% undated copies)")
    args = ap.parse_args()
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
