"""Event extraction against the hand-made answer key of the sample articles.

Runs the real pipeline as the ingest does: read each file of seeds/, run
`timeline.pipeline.process_article` (date, time expressions, gazetteer,
events), infer dates of undated articles from a dated one they share a story
with (`timeline.inference.infer_dates`, then re-process them), and corroborate
all reports (`timeline.corroborate.corroborate`).  Then it scores per the
answer key's `about`:

* an extracted event matches a gold event when the article (one of the event's
  article_ids), the type and every place the gold names match (the resolved
  point lies within the gold tol_km, or, for a country, the same country), and,
  where the gold gives a date, the event's date agrees at the gold precision;
* recall = required gold events matched / required gold events;
* precision = extracted (event, article) pairs matching a required gold event /
  all pairs, pairs that match only an optional gold event counting neither way;
* actor agreement: over matched pairs, named gold actors equal to ours;
  status agreement: our status among the gold's.

    $ python bench/events_eval.py
    $ python bench/events_eval.py --gold tests/data/seeds_gold.json --seeds seeds -v

Targets: recall >= 0.9, precision >= 0.8.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geopy.distance import great_circle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import load_gazetteer  # noqa: E402
from timeline.actors import load_actors  # noqa: E402
from timeline.corroborate import corroborate  # noqa: E402
from timeline.pipeline import process_article  # noqa: E402
from timeline.readers import ReadError, iter_articles  # noqa: E402
from timeline.records import Event  # noqa: E402

DEFAULT_GOLD = ROOT / "tests" / "data" / "seeds_gold.json"
_PREFIX = {"day": 10, "month": 7, "year": 4}


def run_pipeline(seeds: Path) -> tuple[list[Event], dict[str, str]]:
    """All corroborated events of the files in `seeds`, and article id -> file name."""
    gz, actors = load_gazetteer(), load_actors()
    results = {}
    names = {}
    for item in iter_articles([seeds]):
        if isinstance(item, ReadError):
            print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
            continue
        res = process_article(item, gz, actors)
        results[res.article.id] = res
        names[res.article.id] = Path(item.path or "").name
    try:
        from timeline.inference import infer_dates
        for art in infer_dates([r.article for r in results.values()]):
            results[art.id] = process_article(art, gz, actors, redate=False)
    except ImportError:   # inference is someone else's module; scoring still runs without it
        pass
    reports = [e for r in results.values() for e in r.events]
    return corroborate(reports), names


def _place_ok(gold: dict | None, ours) -> bool:
    if gold is None:
        return True           # the gold names no place here: nothing to match
    if ours is None:
        return False
    if "lat" not in gold:     # a country
        return ours.country == gold.get("country") and ours.is_country
    return great_circle((gold["lat"], gold["lon"]), (ours.lat, ours.lon)).km <= gold.get("tol_km", 25)


def _date_ok(gold: dict, ev: Event) -> bool:
    if not gold.get("date"):
        return True
    if not ev.date:
        return False
    n = _PREFIX.get(gold.get("precision") or "day", 10)
    return ev.date[:n] == gold["date"][:n]


def matches(gold: dict, ev: Event, article_file: str) -> bool:
    if gold["article"] != article_file or gold["type"] != ev.type:
        return False
    if ev.type == "control_change":
        places = _place_ok(gold.get("place"), ev.place)
    else:
        places = _place_ok(gold.get("origin"), ev.origin) and _place_ok(gold.get("destination"), ev.destination)
    return places and _date_ok(gold, ev)


def score(events: list[Event], names: dict[str, str], gold_events: list[dict], verbose: bool = False) -> dict:
    # an event kept only by the name of a place the gazetteer lacks (`Event.unresolved`) is off
    # the map: neither true nor false here (bench/events_real.py scores those by name)
    pairs = [(ev, names[a]) for ev in events if ev.places for a in dict.fromkeys(ev.article_ids) if a in names]
    required = [g for g in gold_events if not g.get("optional")]
    found = [False] * len(gold_events)
    tp = fp = 0
    actor_hits = actor_total = status_hits = status_total = 0
    for ev, art in pairs:
        hit = [i for i, g in enumerate(gold_events) if matches(g, ev, art)]
        for i in hit:
            found[i] = True
        req = [i for i in hit if not gold_events[i].get("optional")]
        if req:
            tp += 1
            g = gold_events[req[0]]
            for field in ("actor_from", "actor_to"):
                if g.get(field):
                    actor_total += 1
                    actor_hits += getattr(ev, field) == g[field]
            statuses = g["status"] if isinstance(g.get("status"), list) else [g.get("status")]
            status_total += 1
            status_hits += ev.status in statuses
            tag = "ok  "
        elif hit:
            tag = "opt "
        else:
            fp += 1
            tag = "FALSE"
        if verbose:
            print(f"{tag} {art[:3]} {_describe(ev)}")
    missed = [g for i, g in enumerate(gold_events) if not found[i] and not g.get("optional")]
    if verbose:
        for g in missed:
            print(f"MISSED {g['article'][:3]} {g['type']} {g.get('place') or (g.get('origin'), g.get('destination'))} "
                  f"date={g.get('date')} | {g['evidence'][:90]}")
    n_req = len(required)
    return {
        "required_gold": n_req, "matched_gold": n_req - len(missed),
        "recall": (n_req - len(missed)) / n_req if n_req else 1.0,
        "extracted_pairs": len(pairs), "true": tp, "false": fp,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "actor_agreement": actor_hits / actor_total if actor_total else None, "actor_checked": actor_total,
        "status_agreement": status_hits / status_total if status_total else None, "status_checked": status_total,
    }


def _describe(ev: Event) -> str:
    n = lambda p: p.name if p else "-"  # noqa: E731
    where = n(ev.place) if ev.type == "control_change" else f"{n(ev.origin)} -> {n(ev.destination)}"
    return (f"{ev.type:14} {where:32} {ev.date or 'undated':10} {ev.status:10} "
            f"{ev.actor_from or '-'} -> {ev.actor_to or '-'} | {ev.evidence[:70]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every extracted event and every miss")
    args = ap.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    events, names = run_pipeline(args.seeds)
    res = score(events, names, gold["events"], args.verbose)
    print_scores(res, "events", targets=True)


def print_scores(res: dict, label: str, *, targets: bool = False) -> None:
    """The figures of `score`, one line each (shared with bench/events_heldout.py)."""
    print(f"{label}: recall {res['recall']:.3f} ({res['matched_gold']}/{res['required_gold']} required gold events)"
          + ("   target >= 0.9" if targets else ""))
    print(f"{label}: precision {res['precision']:.3f} ({res['true']} true / {res['true'] + res['false']} scored; "
          f"{res['extracted_pairs']} extracted (event, article) pairs)" + ("   target >= 0.8" if targets else ""))
    if res["actor_agreement"] is not None:
        print(f"{label}: actor agreement {res['actor_agreement']:.3f} over {res['actor_checked']} gold actor fields")
    if res["status_agreement"] is not None:
        print(f"{label}: status agreement {res['status_agreement']:.3f} over {res['status_checked']} matched events")


if __name__ == "__main__":
    main()
