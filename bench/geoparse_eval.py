"""Geoparsing accuracy on GeoWebNews (or any corpus in its XML format).

Prints
  (a) resolution given the gold spans: accuracy within 161 km, mean and median error (km);
  (b) end to end: detection precision / recall / F1 of `find_places` against the gold
      spans (overlap and exact boundaries), and accuracy@161 of the matched ones.

A country is a point in this measure, and the packaged country points (countrystatecity)
are not GeoNames' own (USA: 38,-97 against 39.76,-98.5), so the second line of (a) also
counts a mention resolved to the gold's very GeoNames id.

Gold toponyms are those with coordinates (GeoWebNews: 2,601 of 6,612; the others are
non-toponyms, expressions or demonyms without a point). Adjectives such as "Russian" in
"Russian troops" are gold toponyms there (type Non_Literal_Modifier, with coordinates), so
every mention we find, demonyms included, counts in (b).

    python bench/geoparse_eval.py ../shared/eval/geowebnews/GWN.xml
    python bench/geoparse_eval.py GWN.xml --errors 30     # also list the worst resolutions
    python bench/geoparse_eval.py GWN.xml --errors --half even   # every miss, with its candidates

``--errors`` alone prints every miss of (a): the surface and its context, the gold point
and GeoNames id, the chosen place, the top candidates with their scores and distance to
the gold, and where the gold's own id ranks among the candidates (or that the gazetteer
lacks it).
    python bench/geoparse_eval.py GWN.xml --half even     # articles 0, 2, 4, ... only
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from geopy.distance import great_circle

from gazetteer import load_gazetteer

ACC_KM = 161.0


def read_gwn(path: Path) -> list[tuple[str, list[tuple[int, int, float, float, str]]]]:
    """(text, [(start, end, lat, lon, type, geonameid), ...]) per article; gold with coordinates only."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if not lat or not lon or not (0 <= s < e <= len(text)):
                continue  # no point, or (a handful in GeoWebNews) offsets outside the text
            gid = t.findtext("geonamesID")
            gold.append((s, e, float(lat), float(lon), t.findtext("type") or "",
                         int(gid) if gid and gid.strip().isdigit() else None))
        docs.append((text, gold))
    return docs


def _miss(gz, n, text, spans, k, m, g, scores) -> str:
    """One miss of (a): where, what the gold is, what was chosen and the candidates' scores."""
    s, e, lat, lon, typ, gid = g
    idx = gz.index
    found = gz.finder.spans_for(text, [spans[k]])[0]
    ctx = text[max(0, s - 50):e + 40].replace("\n", " ")
    lines = [f"[{n}] {text[s:e]!r} ({typ}) gold=({lat:.2f},{lon:.2f}) gid={gid} "
             f"kind={found.kind} partial={found.partial} loose={found.loose} cands={len(found.ids)}",
             f"      ...{ctx}..."]
    if m.place is not None:
        d = great_circle((m.place.lat, m.place.lon), (lat, lon)).km
        lines.append(f"      chose {m.place.name} ({m.place.country} {m.place.admin1} "
                     f"{m.place.feature_code} pop={m.place.population}) conf={m.confidence} {d:.0f} km")
    else:
        lines.append("      chose nothing")
    for i in sorted(scores, key=scores.get, reverse=True)[:5]:
        d = great_circle((idx.lat[i], idx.lon[i]), (lat, lon)).km
        lines.append(f"        {scores[i]:6.2f}  {idx.name[i]} ({idx.country[i]} {idx.admin1[i]} "
                     f"{idx.feature_code[i]} pop={idx.population[i]}) {d:.0f} km")
    rank = next((r for r, i in enumerate(found.ids) if gid is not None and idx.geonameid[i] == gid), None)
    near = next((r for r, i in enumerate(found.ids)
                 if great_circle((idx.lat[i], idx.lon[i]), (lat, lon)).km <= ACC_KM), None)
    lines.append(f"      gold id rank={rank} nearest-ok rank={near}"
                 + ("  NOT IN GAZETTEER" if near is None else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("xml", type=Path)
    ap.add_argument("--errors", type=int, nargs="?", const=-1, default=0,
                    help="list the N worst resolutions of (a); alone: every miss with its candidates")
    ap.add_argument("--half", choices=("even", "odd"),
                    help="keep only the articles with an even / odd index (0-based): error "
                         "analysis on one half, the other half checks that a change generalises")
    args = ap.parse_args(argv)
    docs = read_gwn(args.xml)
    if args.half:
        docs = docs[0 if args.half == "even" else 1::2]
    gz = load_gazetteer()

    # (a) resolution given the gold spans
    t0 = time.perf_counter()
    errs, worst, same_entity, misses = [], [], 0, []
    for n, (text, gold) in enumerate(docs):
        spans = [(s, e) for s, e, *_ in gold]
        gz.resolver.explain = {} if args.errors < 0 else None
        for k, (m, (s, e, lat, lon, typ, gid)) in enumerate(zip(gz.resolve_spans(text, spans), gold)):
            if m.place is None:
                d = 20037.5  # unresolved: half the earth's circumference, as is customary
            else:
                d = great_circle((m.place.lat, m.place.lon), (lat, lon)).km
            errs.append(d)
            same_entity += d <= ACC_KM or (gid is not None and m.place is not None
                                           and m.place.geonameid == gid)
            worst.append((d, text[s:e], typ, m.place.name if m.place else None,
                          m.place.country if m.place else None, m.confidence))
            if args.errors < 0 and d > ACC_KM:
                misses.append(_miss(gz, n, text, spans, k, m, gold[k], gz.resolver.explain.get(k, {})))
    gz.resolver.explain = None
    ta = time.perf_counter() - t0
    acc = sum(d <= ACC_KM for d in errs) / len(errs)
    print(f"(a) resolution given gold spans: n={len(errs)}  acc@161km={acc:.3f}  "
          f"mean_km={statistics.fmean(errs):.0f}  median_km={statistics.median(errs):.1f}  ({ta:.1f}s)")
    print(f"    same place (within 161 km, or the gold's own GeoNames id at another point): "
          f"{same_entity / len(errs):.3f}")

    # (b) end to end
    t0 = time.perf_counter()
    tp = fp = fn = exact = 0
    matched_err = []
    for text, gold in docs:
        pred = gz.find_places(text)
        used = set()
        for s, e, lat, lon, *_ in gold:
            hit = None
            for k, m in enumerate(pred):
                if k not in used and m.start < e and s < m.end:
                    hit = k
                    break
            if hit is None:
                fn += 1
                continue
            used.add(hit)
            tp += 1
            m = pred[hit]
            exact += (m.start, m.end) == (s, e)
            matched_err.append(great_circle((m.place.lat, m.place.lon), (lat, lon)).km
                               if m.place else 20037.5)
        fp += len(pred) - len(used)
    tb = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    pe = exact / (tp + fp) if tp + fp else 0.0
    re_ = exact / (tp + fn) if tp + fn else 0.0
    fe = 2 * pe * re_ / (pe + re_) if pe + re_ else 0.0
    acc_b = sum(d <= ACC_KM for d in matched_err) / len(matched_err) if matched_err else 0.0
    print(f"(b) end to end: overlap P={p:.3f} R={r:.3f} F1={f1:.3f}  exact-boundary P={pe:.3f} "
          f"R={re_:.3f} F1={fe:.3f}  acc@161km of matched={acc_b:.3f} (n={len(matched_err)})  ({tb:.1f}s)")
    if args.errors < 0:
        print(f"misses of (a): {len(misses)}")
        print("\n".join(misses))
    elif args.errors:
        worst.sort(key=lambda w: -w[0])
        for d, surf, typ, name, cc, conf in worst[:args.errors]:
            print(f"  {d:8.0f} km  {surf!r:30} {typ:20} -> {name} ({cc}) conf={conf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
