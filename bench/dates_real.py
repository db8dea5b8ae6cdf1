"""Publication dates on news headers: the date stage ingest runs on a text article (title first).

Reads bench/data/dates_real/headers.jsonl (hand-written headers: title, dateline,
byline and the first sentences of the story, with the gold publication date at the
precision the header makes certain, or null when the header shows none) and prints,
for the development and the held-out split separately:

- dated: share of the headers with a gold date that get a date;
- exact: share of all headers whose date equals the gold one at the gold precision
  (an undated header counts as exact when it stays undated; a day where the gold
  keeps only the year, a guessed day-month order, is not exact);
- within 2 days: share of the headers with a gold date dated within 2 days of it
  (for a gold month or year: inside it);
- narrative taken: headers dated from a date that is in the story, not the header
  (a wrong date equal to another date the text names, or any date on a header
  that shows none).

    $ python bench/dates_real.py          # both splits
    $ python bench/dates_real.py -v       # and every miss with its date_reason
    $ python bench/dates_real.py --split dev
    $ python bench/dates_real.py --flatten  # each header's lines joined into one
"""
from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

from timeline.dates import date_article
from timeline.records import Article
from timeline.times import EXPLICIT_DAY_KINDS, PATTERNS, explicit_day

DATA = Path(__file__).resolve().parent / "data" / "dates_real" / "headers.jsonl"
_PATTERN_OF = dict(PATTERNS)


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _value_at(value: str, precision: str) -> str:
    return value[: {"year": 4, "month": 7}.get(precision, 10)]


def _days_named(text: str) -> set[str]:
    """Every explicit day the text names (a day-month order that is unclear gives both)."""
    out = set()
    for kind in EXPLICIT_DAY_KINDS:
        for m in _PATTERN_OF[kind].finditer(text):
            d = explicit_day(kind, m)
            if d:
                out.add(d.isoformat())
    for m in re.finditer(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)(?!\d)", text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for d_, m_ in ((a, b), (b, a)):
            try:
                out.add(date(y, m_, d_).isoformat())
            except ValueError:
                pass
    return out


def judge(row: dict, article: Article) -> dict:
    gold, gp = row["published"], row["precision"]
    got, pp = article.published, article.published_precision
    res = {"dated": got is not None, "exact": False, "near": False, "narrative": False}
    if gold is None:
        res["exact"] = got is None
        res["narrative"] = got is not None
        return res
    if got is None:
        return res
    res["exact"] = pp == gp and _value_at(got, gp) == gold
    if gp == "day":
        if pp == "day":
            res["near"] = abs((date.fromisoformat(got[:10]) - date.fromisoformat(gold)).days) <= 2
    else:
        res["near"] = got.startswith(gold)
    if not res["near"] and pp == "day":
        res["narrative"] = got[:10] in _days_named(row["text"])
    return res


def evaluate(rows: list[dict], languages=None, flatten: bool = False) -> list[tuple[dict, Article, dict]]:
    out = []
    for row in rows:
        text = " ".join(row["text"].splitlines()) if flatten else row["text"]
        article = Article.from_text(text, path=row["id"] + ".txt")
        dated = date_article(article, languages=languages) if languages else date_article(article)
        out.append((row, dated, judge(row, dated)))
    return out


def report(name: str, results) -> None:
    n = len(results)
    with_gold = [r for r in results if r[0]["published"] is not None]
    dated = sum(r[2]["dated"] for r in with_gold)
    exact = sum(r[2]["exact"] for r in results)
    near = sum(r[2]["near"] for r in with_gold)
    narrative = sum(r[2]["narrative"] for r in results)
    false_dated = sum(r[2]["dated"] for r in results if r[0]["published"] is None)
    print(f"{name:8s} headers {n:3d} ({len(with_gold)} with a header date, {n - len(with_gold)} without): "
          f"dated {dated / max(1, len(with_gold)):.3f}  exact {exact / max(1, n):.3f}  "
          f"within 2 days {near / max(1, len(with_gold)):.3f}  narrative taken {narrative}  "
          f"dated without a header date {false_dated}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    ap.add_argument("--split", choices=("dev", "heldout", "both"), default="both")
    ap.add_argument("--languages", help="comma-separated dateparser languages (default: the stage's default)")
    ap.add_argument("--flatten", action="store_true",
                    help="join each header's lines into one (text scraped without its line breaks)")
    args = ap.parse_args()
    rows = load()
    langs = tuple(args.languages.split(",")) if args.languages else None
    for split in ("dev", "heldout"):
        if args.split not in (split, "both"):
            continue
        results = evaluate([r for r in rows if r["split"] == split], langs, args.flatten)
        report(split, results)
        if args.verbose:
            for row, a, res in results:
                if not res["exact"]:
                    first = row["text"].splitlines()[:3]
                    print(f"  {row['id']} [{row['style']}] gold {row['published']} ({row['precision']}) "
                          f"got {a.published} ({a.published_precision}){' NARRATIVE' if res['narrative'] else ''}")
                    print(f"      reason: {a.date_reason}")
                    print("      text: " + " / ".join(first)[:160])


if __name__ == "__main__":
    main()
