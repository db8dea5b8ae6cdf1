"""Event extraction on real reporting: labelled Wikipedia battle paragraphs and headline lines.

Labels live in bench/data/events_real/ (see its GUIDE.md): paragraphs of
../shared/eval/wikipedia-battles/articles.jsonl, read by article id and paragraph
index (the CC BY-SA text is never copied here), and headline/wire lines written for
this project about other wars.  The split into dev and held-out was fixed by article
(split.jsonl) before any rule was tuned; only dev is for tuning.

Each paragraph goes through the real `timeline.pipeline.process_article` with the real
gazetteer, as an undated article titled with its battle (narrative text carries its own
dates); each headline with its publication date, as a manifest would give it.  Matching
follows tests/data/seeds_gold.json: type and every gold place within its tolerance; with
the date checked, the date must also agree at the gold precision.  Each gold event is
matched at most once; a second extracted event on the same gold is a duplicate (neither
true nor false); optional gold counts neither way.  Of several golds an event matches
equally (one place, one date), it takes the one its evidence states, then the one of its
own sides: "retook X, three years after ISIS overran it" pairs each change with its own.

    $ python bench/events_real.py                  # dev and held-out, by war
    $ python bench/events_real.py --split dev -v   # every miss and false event of dev

Printed per group: recall and precision with the date checked, the same without the
date check, new-holder agreement (actor_to of matched control changes whose gold names
one) and how often the holder named is another actor (H-wrong; the rest name none), date agreement (matched events whose gold has a date), partial marks, and recall on
the gold events whose places the gazetteer holds (R-known: the labellers marked "rare"
each place a gazetteer look-up did not find).  Events whose places are all names the
gazetteer lacks are kept off the map (`Event.unresolved`), and so are flows with one end the
gazetteer lacks (the map draws no line for them): they count neither way, and "kept" gives
how many of them name a required gold event's place, over how many there are.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from geopy.distance import great_circle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from events_eval import _date_ok as date_match  # noqa: E402  (the matching rules of the seeds' key)
from events_eval import _place_ok  # noqa: E402

from gazetteer import load_gazetteer  # noqa: E402
from timeline.actors import load_actors  # noqa: E402
from timeline.pipeline import process_article  # noqa: E402
from timeline.records import Article, Event  # noqa: E402

LABELS = ROOT / "bench" / "data" / "events_real"
WIKI = ROOT.parent / "shared" / "eval" / "wikipedia-battles" / "articles.jsonl"


def load_items(labels: Path = LABELS, wiki: Path = WIKI) -> list[dict]:
    """Every labelled item with its text: {id, group, split, text, title, published, events}."""
    items = []
    articles = {}
    if wiki.exists():
        for line in wiki.read_text(encoding="utf-8").splitlines():
            a = json.loads(line)
            articles[a["id"]] = a
    for path in sorted(labels.glob("*.jsonl")):
        if path.name == "split.jsonl":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            if "article" in row:
                art = articles.get(row["article"])
                if art is None:
                    sys.exit(f"{path.name}:{n + 1}: article {row['article']!r} not in {wiki} (use --wiki)")
                war = "syria-iraq" if art["conflict"] == "syria-iraq" else "ukraine"
                # "set": a later batch of paragraphs ("wiki2"), reported apart from the first
                items.append({"id": f"{row['article']}#{row['paragraph']}", "group": f"{row.get('set', 'wiki')} {war}",
                              "split": row["split"], "text": art["paragraphs"][row["paragraph"]],
                              "title": art["title"], "published": None, "events": row.get("events", []),
                              "kind": row.get("kind", "events")})
            else:
                # "set": the lines written in one go ("wire": ledes, headlines and dataset notes
                # written after the rules of the first set), reported apart
                items.append({"id": row["id"], "group": f"{row.get('set', 'headlines')} {row.get('conflict', '?')}",
                              "split": row["split"], "text": row["text"], "title": "",
                              "published": row.get("published"), "events": row.get("events", []),
                              "kind": row.get("kind", "events")})
    return items


def run(items: list[dict], gazetteer=None, actors=None) -> dict[str, list[Event]]:
    """Item id -> the events the pipeline extracts from it."""
    gz, act = gazetteer or load_gazetteer(), actors or load_actors()
    out = {}
    for it in items:
        if it["published"]:
            art = Article.from_text(it["text"], title=it["title"], path=it["id"], published=it["published"],
                                    published_precision="day", date_source="manifest")
        else:
            art = Article.from_text(it["text"], title=it["title"], path=it["id"])
        # an item without a publication date is dated from its own text, as an ingest dates a
        # file ("KHARTOUM, March 21, 2025 (SUNA) -"); one with a date keeps it
        out[it["id"]] = list(process_article(art, gz, act, redate=not it["published"]).events)
    return out


def _half_named(gold: list[dict], ev: Event) -> bool:
    """Whether a flow with one end unresolved names both ends of a gold flow: the known end
    within the gold's tolerance, the other by the gold's name for it."""
    names = dict(ev.unresolved)
    for g in gold:
        if g["type"] != "displacement":
            continue
        ends = [(role, g.get(role)) for role in ("origin", "destination")]
        if all(getattr(ev, role) is not None and _place_ok(end, getattr(ev, role)) if role not in names
               else end is not None and _fold(end.get("name", "")) == _fold(names[role]) for role, end in ends):
            return True
    return False


def _km(gold: dict, ev: Event) -> float:
    """How far an event's places lie from a gold event's (the sum over the roles both name)."""
    km = 0.0
    for role in ("place", "origin", "destination"):
        g, p = gold.get(role), getattr(ev, role)
        if g and p:
            km += great_circle((g["lat"], g["lon"]), (p.lat, p.lon)).km
    return km


def _read_from(gold: dict, ev: Event) -> bool:
    """Whether the event's evidence holds the gold event's labelled span: of two golds at one
    place and date ("captured X ... lost X again"), the one the event was read from."""
    s = gold.get("span")
    return bool(s) and ev.evidence_start <= s[0] and s[1] <= ev.evidence_end


def place_match(gold: dict, ev: Event) -> bool:
    if gold["type"] != ev.type:
        return False
    if ev.type == "control_change":
        return _place_ok(gold.get("place"), ev.place)
    return _place_ok(gold.get("origin"), ev.origin) and _place_ok(gold.get("destination"), ev.destination)


class Tally:
    """Counts of one group of items."""

    def __init__(self) -> None:
        self.c: dict[str, int] = defaultdict(int)

    def add(self, it: dict, events: list[Event], log: list[str] | None) -> None:
        gold = it["events"]
        # an event whose places are all names the gazetteer lacks is kept off the map: it is
        # scored apart, by name, neither true nor false on the map
        kept = [e for e in events if not e.places]
        # a flow with one end on the map and the other kept by the name of a place the gazetteer
        # lacks ("fled Makalondi for Niamey", Makalondi unknown), both as a gold event has them,
        # is scored like a kept event: the map can draw no line for it, yet it is not false
        half = [e for e in events if e.places and e.type == "displacement" and e.unresolved and _half_named(gold, e)]
        kept += half
        events = [e for e in events if e.places and e not in half]
        self._kept(gold, kept)
        for strict in (True, False):
            key = "strict" if strict else "loose"
            ok = (lambda g, e: place_match(g, e) and date_match(g, e)) if strict else place_match
            used = [False] * len(gold)
            # events whose evidence states a gold event pair first, so that an event read from
            # another sentence does not take that gold before them (one place, several changes);
            # then those of a gold's date, so that the date-free pass pairs the same events as the
            # dated one ("recaptures X a year after losing it": the recapture is the gold's, not the loss)
            for ev in sorted(events, key=lambda e: (not any(_read_from(g, e) and ok(g, e) for g in gold),
                                                    not any(place_match(g, e) and date_match(g, e) for g in gold))):
                hit = [i for i, g in enumerate(gold) if ok(g, ev)]
                # the nearest gold of those it matches; of golds at one place (a capture and the
                # hold before it), the one its evidence states, then the one of its own date
                fresh = sorted((i for i in hit if not used[i]), key=lambda i: (
                    _km(gold[i], ev), not _read_from(gold[i], ev), not date_match(gold[i], ev),
                    (gold[i].get("actor_to"), gold[i].get("actor_from")) != (ev.actor_to, ev.actor_from)))
                if fresh and gold[fresh[0]].get("optional"):
                    used[fresh[0]] = True      # an optional gold's own event: neither true nor false
                elif fresh:
                    used[fresh[0]] = True
                    self.c[f"{key}_tp"] += 1
                    if not strict:
                        g = gold[fresh[0]]
                        self._agreement(g, ev)
                        if log is not None and g["type"] == "control_change" and g.get("actor_to") \
                                and ev.actor_to != g["actor_to"]:
                            log.append(f"  HOLDER {it['id']}: {ev.actor_to} for {g['actor_to']} | {_span(it, g)}")
                elif not hit:
                    self.c[f"{key}_fp"] += 1
                    if log is not None and strict and not any(place_match(g, ev) for g in gold):
                        log.append(f"  FALSE  {it['id']}: {_describe(ev)} | {ev.evidence[:90]!r}")
                # a duplicate of a matched gold, or an optional one: neither
            n_req = sum(not g.get("optional") for g in gold)
            self.c[f"{key}_req"] += n_req
            self.c[f"{key}_found"] += sum(u and not g.get("optional") for g, u in zip(gold, used))
            if strict:
                self.c["known_req"] += sum(not g.get("optional") and not _rare(g) for g in gold)
                self.c["known_found"] += sum(u and not g.get("optional") and not _rare(g) for g, u in zip(gold, used))
            if log is not None and strict:
                for g, u in zip(gold, used):
                    if not u and not g.get("optional"):
                        loose = [e for e in events if place_match(g, e)]
                        tag = f"DATE {loose[0].date or 'undated'}" if loose else "MISS " + ("rare" if _rare(g) else "")
                        log.append(f"  {tag}  {it['id']}: {_gold_desc(g)} | {_span(it, g)}")

    def _kept(self, gold: list[dict], kept: list[Event]) -> None:
        """Events kept by the name of a place the gazetteer lacks: how many name a required
        gold event's place (same type, same name once folded), and how many name none."""
        self.c["kept"] += len(kept)
        for ev in kept:
            names = {_fold(n) for _, n in ev.unresolved}
            if any(g["type"] == ev.type and not g.get("optional") and names & {
                    _fold((g.get(k) or {}).get("name", "")) for k in ("place", "origin", "destination")}
                   for g in gold):
                self.c["kept_named"] += 1

    def _agreement(self, g: dict, ev: Event) -> None:
        if g["type"] == "control_change" and g.get("actor_to"):
            self.c["holder_n"] += 1
            self.c["holder_ok"] += ev.actor_to == g["actor_to"]
            self.c["holder_wrong"] += ev.actor_to is not None and ev.actor_to != g["actor_to"]
        if g.get("date"):
            self.c["date_n"] += 1
            self.c["date_ok"] += date_match(g, ev)
        if g.get("partial"):
            self.c["partial_n"] += 1
            self.c["partial_ok"] += ev.status == "partial"

    def figures(self) -> dict[str, float | None]:
        c = self.c
        r = lambda a, b: c[a] / c[b] if c[b] else None  # noqa: E731
        p = lambda k: c[f"{k}_tp"] / (c[f"{k}_tp"] + c[f"{k}_fp"]) if c[f"{k}_tp"] + c[f"{k}_fp"] else None  # noqa: E731
        return {"recall": r("strict_found", "strict_req"), "precision": p("strict"),
                "recall_nodate": r("loose_found", "loose_req"), "precision_nodate": p("loose"),
                "holder": r("holder_ok", "holder_n"),
                "holder_wrong": r("holder_wrong", "holder_n"), "date": r("date_ok", "date_n"),
                "partial": r("partial_ok", "partial_n"), "gold": c["strict_req"],
                "recall_known": r("known_found", "known_req"),
                "kept": c["kept"], "kept_named": c["kept_named"],
                "extracted": c["strict_tp"] + c["strict_fp"]}


def _fold(name: str) -> str:
    """A place name without case, accents, articles and punctuation, for matching by name."""
    import unicodedata
    n = unicodedata.normalize("NFKD", name.lower())
    n = "".join(c for c in n if c.isalnum() or c == " ")
    return " ".join(w for w in n.split() if w not in ("al", "el", "the", "ad", "ar", "as", "at"))


def _rare(g: dict) -> bool:
    """Whether the labeller found a place of this gold event missing from the gazetteer."""
    return any((g.get(k) or {}).get("rare") for k in ("place", "origin", "destination"))


def _describe(ev: Event) -> str:
    n = lambda p: p.name if p else "-"  # noqa: E731
    where = n(ev.place) if ev.type == "control_change" else f"{n(ev.origin)} -> {n(ev.destination)}"
    return f"{ev.type[:7]} {where} {ev.date or 'undated'} {ev.status} {ev.actor_from or '-'}->{ev.actor_to or '-'}"


def _gold_desc(g: dict) -> str:
    n = lambda p: p["name"] if p else "-"  # noqa: E731
    where = n(g.get("place")) if g["type"] == "control_change" else f"{n(g.get('origin'))} -> {n(g.get('destination'))}"
    return f"{g['type'][:7]} {where} {g.get('date') or 'undated'} {g.get('actor_from') or '-'}->{g.get('actor_to') or '-'}"


def _span(it: dict, g: dict) -> str:
    s = g.get("span")
    return it["text"][s[0]:s[1]][:110] if s else (g.get("note") or "")


def evaluate(items: list[dict], events: dict[str, list[Event]], verbose: bool = False) -> dict[tuple, dict]:
    """(split, group) -> figures, with ("all" ...) totals; misses printed with `verbose`."""
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for it in items:
        log: list[str] | None = [] if verbose else None
        war = it["group"] if it["group"].startswith("wiki") else it["group"].split()[0]
        for key in ((it["split"], war), (it["split"], "all"), ("all", "all")):
            tallies[key].add(it, events[it["id"]], log if key[1] == "all" and key[0] != "all" else None)
        if log:
            print("\n".join(log))
    return {k: t.figures() for k, t in sorted(tallies.items())}


def print_table(figs: dict[tuple, dict]) -> None:
    f = lambda x: "  -  " if x is None else f"{x:.3f}"  # noqa: E731
    print(f"{'split':8} {'group':16} {'gold':>5} {'ext':>5}  {'recall':>6} {'prec':>6}  "
          f"{'R-nodate':>8} {'P-nodate':>8}  {'holder':>6} {'H-wrong':>7} {'date':>6} {'partial':>7}  {'R-known':>7}  {'kept':>9}")
    for (split, group), x in figs.items():
        print(f"{split:8} {group:16} {x['gold']:5d} {x['extracted']:5d}  {f(x['recall']):>6} {f(x['precision']):>6}  "
              f"{f(x['recall_nodate']):>8} {f(x['precision_nodate']):>8}  {f(x['holder']):>6} {f(x['holder_wrong']):>7} {f(x['date']):>6} "
              f"{f(x['partial']):>7}  {f(x['recall_known']):>7}  {x['kept_named']:4d}/{x['kept']:<4d}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--wiki", type=Path, default=WIKI, help="the battle articles (../shared/eval/wikipedia-battles)")
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false events (never of held-out)")
    args = ap.parse_args()
    items = load_items(args.labels, args.wiki)
    if args.split != "all":
        items = [it for it in items if it["split"] == args.split]
    if args.verbose and any(it["split"] == "heldout" for it in items):
        sys.exit("-v lists misses: use it with --split dev only (held-out is never tuned on)")
    events = run(items)
    print_table(evaluate(items, events, args.verbose))


if __name__ == "__main__":
    main()
