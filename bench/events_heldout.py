"""Event extraction on a held-out development set written away from the seeds.

tests/data/events_heldout.jsonl holds short news paragraphs written in the
styles of Reuters, AP, AFP, Al Jazeera, the Kyiv Independent and ACLED
summaries across conflicts (Ukraine, Sudan, Gaza/Lebanon, Yemen, Myanmar, the
Sahel, Ethiopia, DRC, Somalia, Nigeria, Syria/Iraq, Afghanistan), with hard
negatives (sport, markets, politics, roads, proposals, hypotheticals, arrests)
and a hand-made gold for each: type, place / origin / destination (point and
tolerance, or a country), actors, status.  The gold was written before the
extractor was run on it.

Each paragraph goes through the real `timeline.pipeline.process_article` with
the real gazetteer, and is scored with the rules of bench/events_eval.py
(recall, precision, actor and status agreement).

    $ python bench/events_heldout.py
    $ python bench/events_heldout.py -v        # every event, every miss

Figures on 47 paragraphs (39 required gold events):

    first pass (2589775):  recall 0.615  precision 0.686  actors 0.406  status 1.000
    second pass:           recall 0.795  precision 0.861  actors 0.750  status 1.000

tests/data/events_heldout_fresh.jsonl (10 paragraphs, 8 required events) was
written after those rules, and scored once before any change: recall 0.250,
precision 0.333; three general fixes it showed up (a speaker "denied", a
relative clause only right after its place, "fled X arrived in Y") bring it
to 0.375 / 0.600, so it is no longer unseen; four of its five misses are
villages the gazetteer does not hold.

    $ python bench/events_heldout.py --set tests/data/events_heldout_fresh.jsonl

Most of what is still missed or wrong comes from the gazetteer (a village it
does not hold, a name resolved on another continent), not from the rules; run
with -v to see each case.  tests/test_events_heldout.py checks floors a margin
below the second pass.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from events_eval import print_scores, score  # noqa: E402

from gazetteer import load_gazetteer  # noqa: E402
from timeline.actors import load_actors  # noqa: E402
from timeline.pipeline import process_article  # noqa: E402
from timeline.records import Article, Event  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "data" / "events_heldout.jsonl"


def load_set(path: Path = DEFAULT_SET) -> list[dict]:
    """The paragraphs of a held-out set, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_set(items: list[dict], gazetteer=None, actors=None) -> tuple[list[Event], dict[str, str], list[dict]]:
    """Events of every paragraph, article id -> item id, and the gold with `article` set."""
    gz, act = gazetteer or load_gazetteer(), actors or load_actors()
    events, names, gold = [], {}, []
    for it in items:
        # the date is given, as a manifest would give it: the paragraphs carry no dateline
        art = Article.from_text(it["text"], title="", path=it["id"], source=it.get("source"),
                                published=it["published"], published_precision="day",
                                date_source="manifest")
        res = process_article(art, gz, act, redate=False)
        names[art.id] = it["id"]
        events.extend(res.events)
        gold.extend(dict(g, article=it["id"], evidence=it["text"]) for g in it["events"])
    return events, names, gold


def evaluate(path: Path = DEFAULT_SET, verbose: bool = False, gazetteer=None, actors=None) -> dict:
    events, names, gold = run_set(load_set(path), gazetteer, actors)
    return score(events, names, gold, verbose)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.set, args.verbose)
    print_scores(res, "heldout")


if __name__ == "__main__":
    main()
