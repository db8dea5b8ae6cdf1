"""False places of `find_places`: what it reads as a place where the annotators saw none.

GeoWebNews: a found mention overlapping no gold toponym with coordinates is a false place
(the FP of ``bench/geoparse_eval.py`` (b)); printed as a count, per article, and the most
frequent surfaces with what they were read as. The sample articles (seeds/) have no place
annotation: every mention is listed once, with its reading, for a reader to judge.

    python bench/geoparse_false_places.py --gwn ../shared/eval/geowebnews/GWN.xml --seeds seeds
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from geoparse_eval import read_gwn

from gazetteer import load_gazetteer


def gwn_false_places(gz, docs) -> tuple[int, int, Counter]:
    fp, found, what = 0, 0, Counter()
    for text, gold in docs:
        for m in gz.find_places(text):
            found += 1
            if not any(s < m.end and m.start < e for s, e, *_ in gold):
                fp += 1
                what[(m.surface, m.place.name if m.place else None, m.place.country if m.place else None)] += 1
    return fp, found, what


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gwn", type=Path)
    ap.add_argument("--seeds", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)
    gz = load_gazetteer(None)
    if args.gwn:
        docs = read_gwn(args.gwn)
        fp, found, what = gwn_false_places(gz, docs)
        print(f"GeoWebNews: {fp} false places of {found} found ({fp / found:.3f}), "
              f"{fp / len(docs):.2f} per article over {len(docs)} articles")
        for (surface, name, cc), n in what.most_common(args.top):
            print(f"  {n:3d}  {surface!r:28} -> {name} ({cc})")
    if args.seeds:
        seen = Counter()
        for p in sorted(args.seeds.glob("*.txt")):
            for m in gz.find_places(p.read_text(encoding="utf-8")):
                seen[(m.surface, m.place.name if m.place else None, m.place.country if m.place else None,
                      m.place.feature_code if m.place else None)] += 1
        print(f"seeds: {sum(seen.values())} mentions, {len(seen)} distinct readings")
        for (surface, name, cc, code), n in sorted(seen.items()):
            print(f"  {n:3d}  {surface!r:28} -> {name} ({cc}, {code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
