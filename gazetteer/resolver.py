"""Choosing among the candidate places of each mention, the way a regional analyst reads.

Evidence, in the order a reader weighs it:

1. user overrides (always win);
2. the static prior: population, feature class (country, first-level area, capital),
   curated regional reading;
3. the document's country focus: countries named, demonyms, the dateline and the
   confident first-pass choices vote, so Palmyra in an article about Homs is the
   Syrian Tadmur;
4. the document's first-level-area focus, the same vote one level down (a local story
   names towns of one state);
5. explicit containment: "X, Y", "X in Y", "X province" restrict X to Y;
6. closeness (``geopy.distance``) to the other places resolved in the same document.

A first pass picks by prior alone; the votes of that pass set the focus for the
second. Confidence is the softmax share of the winner among the candidates, lowered
for loose (variant-spelling) matches and sentence-initial single words. A span with
no candidates at all (resolution of given spans only) falls back to the document's
focus place with a low confidence, as a reader assumes an unknown street is in the
town the article is about.

    >>> import math; round(softmax_top([3.0, 1.0]), 3)
    0.881
"""
from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

from geopy.distance import great_circle
from geopy.point import Point

from gazetteer.finder import FoundSpan
from gazetteer.normalize import loose_key, name_key
from gazetteer.records import Mention

#: Weight of the document's country focus (share of votes, 0..1) in a candidate's score.
FOCUS_WEIGHT = 4.0
#: Weight of the document's first-level-area focus (share of votes, 0..1).
ADMIN_FOCUS_WEIGHT = 2.0
#: Bonus when the text says the place is in Y ("X, Y", "X in Y") and the candidate is.
CONTAINMENT_BONUS = 5.0
#: Bonus for closeness to the other places of the document: PROXIMITY_WEIGHT * exp(-d / PROXIMITY_KM).
PROXIMITY_WEIGHT = 2.5
PROXIMITY_KM = 250.0
#: Candidates scored per mention in the second pass (best prior first).
TOP_K = 10
MAX_ALTERNATIVES = 3
FALLBACK_CONFIDENCE = 0.1
#: A loose-spelling match in open text is kept only in a country with this share of the votes.
UNSURE_SHARE = 0.15

#: Bonus for a candidate whose preferred name is the surface itself.
NAME_BONUS = 1.0
#: A part of a given span ("Windsor" of "Windsor Castle") is trusted only this close to the
#: document's other places; farther, the document's focus is the better guess.
PARTIAL_MAX_KM = 500.0

_AREA_CODES = ("PCLI", "ADM1", "ADM2", "CONT", "RGN", "OCN")


@lru_cache(maxsize=100_000)
def _primary_key(name: str) -> str:
    return name_key(name)


def softmax_top(scores: list[float]) -> float:
    """Share of the best score under a softmax: how clearly it beats the rest."""
    m = max(scores)
    z = sum(math.exp(s - m) for s in scores)
    return 1.0 / z


class Resolver:
    """Resolves the FoundSpans of one document to Mentions against a `Gazetteer`."""

    def __init__(self, gazetteer):
        self.gz = gazetteer
        self.idx = gazetteer.index
        self._points: dict[int, Point] = {}
        self._pair_km: dict[tuple[int, int], float] = {}
        self._priors: dict[tuple, dict[int, float]] = {}

    # -- scoring -----------------------------------------------------------------
    def _prior(self, i: int, span: FoundSpan, ids: tuple[int, ...]) -> float:
        idx = self.idx
        p = idx.prior[i]
        if span.key and len(ids) > 1 and _primary_key(idx.name[i]) == span.key:
            # Written as the place's own name, not one of its alternate or historic names
            # ("Salisbury" is Salisbury before it is Harare's old name).
            p += NAME_BONUS
        if idx.feature_code[i] in ("ADM1", "ADM2") and span.kind != "admin":
            # A first-level area named like its own main town ("Aleppo") is the town
            # unless the text says province/governorate/countryside.
            cc, a1 = idx.country[i], idx.admin1[i]
            own = loose_key(_primary_key(idx.name[i]))
            for c in ids[:TOP_K]:
                if c != i and idx.country[c] == cc and idx.admin1[c] == a1 \
                        and idx.feature_code[c].startswith("PPL") \
                        and loose_key(_primary_key(idx.name[c])) == own:
                    p = min(p, idx.prior[c] - 1.5)
                    break
        return p

    def _containers(self, text: str, spans: list[FoundSpan], picks: list[int | None]) -> dict[int, int]:
        """span index -> index of the span that contains it ("X, Y" / "X in Y")."""
        out = {}
        for k in range(len(spans) - 1):
            a, b = spans[k], spans[k + 1]
            gap = text[a.end:b.start]
            if gap in (", ", " in ", ",", " ,") or gap.lower() in (" in northern ", " in southern ",
                                                                  " in eastern ", " in western "):
                y = picks[k + 1]
                if y is not None and self.idx.feature_code[y] in ("PCLI", "ADM1"):
                    out[k] = k + 1
        return out

    def resolve(self, text: str, spans: list[FoundSpan], drop_unsure: bool = False) -> list[Mention]:
        """Mentions for `spans`, in order. `drop_unsure` (used when finding places in open
        text) drops loose-spelling matches that land outside the document's countries:
        "Abdullah" is a person far more often than a Russian town spelled Abdulino."""
        idx = self.idx
        by_key = self._priors  # priors depend on the name alone: kept across documents
        if len(by_key) > 100_000:
            by_key.clear()
        priors = []
        for s in spans:
            k = (s.ids, s.kind, s.key)
            p = by_key.get(k)
            if p is None:
                p = by_key[k] = {i: self._prior(i, s, s.ids) for i in s.ids[:TOP_K]}
            priors.append(p)
        picks = [max(p, key=p.get) if p else None for p in priors]
        # Country focus: votes of explicit country mentions, demonyms, the dateline, and
        # the first-pass choices weighted by how clear they were.
        votes: dict[str, float] = defaultdict(float)
        clarity: dict[int, float] = {}
        for s, p, pick in zip(spans, priors, picks):
            if pick is None or idx.country[pick] is None:
                continue
            if id(p) not in clarity:
                clarity[id(p)] = 1.0 if len(p) == 1 else 0.5 * softmax_top(list(p.values()))
            w = clarity[id(p)]
            if idx.feature_code[pick] == "PCLI" or s.kind == "demonym":
                w = 1.5
            if s.dateline:
                w += 1.0
            votes[idx.country[pick]] += w
        total = sum(votes.values()) or 1.0
        share = {cc: v / total for cc, v in votes.items()}
        # The same vote one level down: which first-level areas the document is about
        # (a local story names its state, or several towns of it).
        avotes: dict[tuple, float] = defaultdict(float)
        for s, p, pick in zip(spans, priors, picks):
            if pick is not None and idx.admin1[pick] and idx.feature_code[pick] not in ("PCLI", "CONT", "RGN", "OCN"):
                avotes[(idx.country[pick], idx.admin1[pick])] += 1.5 if idx.feature_code[pick] == "ADM1" \
                    else clarity.get(id(p), 0.5)
        atotal = sum(avotes.values()) or 1.0
        ashare = {k: v / atotal for k, v in avotes.items()}
        containers = self._containers(text, spans, picks)
        # Anchors for proximity: confident point places (not countries or regions).
        anchors = []
        clear: dict[int, float] = {}
        for p, pick in zip(priors, picks):
            if pick is not None and pick not in clear and idx.feature_code[pick] not in _AREA_CODES:
                clear[pick] = 1.0 if len(p) == 1 else softmax_top(list(p.values()))
        for pick, c in clear.items():
            if c > 0.8:
                anchors.append((pick, (idx.lat[pick], idx.lon[pick])))
        anchors = list(dict(anchors).items())[:4]
        # Per-document state lives in locals, never on self: one Gazetteer may serve
        # several threads (a Dask bag on the threaded scheduler).
        dist: dict[int, float | None] = {}
        memo: dict[tuple, tuple[int, float, list[int]]] = {}
        mentions = []
        for k, (s, p) in enumerate(zip(spans, priors)):
            if not p:
                mentions.append(self._fallback(text, s, picks, share))
                continue
            cont = containers.get(k)
            cont_pick = picks[cont] if cont is not None else None
            mkey = (s.ids[:TOP_K], s.kind, cont_pick, s.key)
            if mkey not in memo:
                memo[mkey] = self._choose(p, share, ashare, anchors, dist, cont_pick, s.kind == "admin")
            best, conf, ranked = memo[mkey]
            others = [a for a, _ in anchors if a != best]
            if s.partial and others and idx.feature_code[best] not in _AREA_CODES and min(
                    self._km(best, a) for a in others) > PARTIAL_MAX_KM:
                mentions.append(self._fallback(text, s, picks, share))
                continue
            if drop_unsure and s.loose and not s.user and idx.source[best] != "curated" \
                    and share.get(idx.country[best], 0.0) < UNSURE_SHARE:
                continue
            if s.loose:
                conf *= 0.8
            if s.weak:
                conf *= 0.6
            if s.user:
                conf = 1.0
            mentions.append(self._mention(text, s, best, conf, ranked))
        return mentions

    def _choose(self, prior: dict[int, float], share: dict[str, float], ashare: dict[tuple, float],
                anchors, dist: dict, cont_pick,
                admin: bool = False):
        idx = self.idx
        if len(prior) == 1:
            (i,) = prior
            return i, 0.95, [i]
        scores = {}
        for i, p in prior.items():
            sc = p + FOCUS_WEIGHT * share.get(idx.country[i], 0.0) \
                + ADMIN_FOCUS_WEIGHT * ashare.get((idx.country[i], idx.admin1[i]), 0.0)
            if cont_pick is not None and idx.country[i] == idx.country[cont_pick] and (
                    idx.feature_code[cont_pick] == "PCLI" or idx.admin1[i] == idx.admin1[cont_pick]):
                sc += CONTAINMENT_BONUS
            scores[i] = sc
        if anchors:
            # Only candidates that closeness could still lift to the top are worth a distance.
            best_score = max(scores.values())
            for i in [c for c in sorted(scores, key=scores.get, reverse=True)[:4]
                      if scores[c] > best_score - PROXIMITY_WEIGHT]:
                if idx.feature_code[i] in _AREA_CODES:
                    continue
                d = self._distance_to_anchors(i, anchors, dist)
                if d is not None:
                    scores[i] += PROXIMITY_WEIGHT * math.exp(-d / PROXIMITY_KM)
        ranked = sorted(scores, key=scores.get, reverse=True)
        conf = softmax_top([scores[i] for i in ranked])
        if admin:
            # "Idlib countryside": the town and the province both stand for the same area,
            # so the confidence is the share of every candidate inside the chosen area.
            top = ranked[0]
            m = max(scores.values())
            z = sum(math.exp(v - m) for v in scores.values())
            conf = sum(math.exp(scores[i] - m) for i in ranked
                       if idx.country[i] == idx.country[top] and idx.admin1[i] == idx.admin1[top]) / z
        return ranked[0], conf, ranked

    def _distance_to_anchors(self, i: int, anchors, dist: dict) -> float | None:
        """km from place i to the nearest anchor other than itself (memoised per document)."""
        d = dist.get(i, -1.0)
        if d == -1.0:
            ds = [self._km(i, a) for a, _ in anchors if a != i]
            d = dist[i] = min(ds) if ds else None
        return d

    def _km(self, i: int, j: int) -> float:
        """geopy great-circle km between places i and j; pairs recur across a news stream
        about one region, so they are kept (bounded)."""
        key = (i, j) if i < j else (j, i)
        d = self._pair_km.get(key)
        if d is None:
            if len(self._pair_km) > 200_000:
                self._pair_km.clear()
            d = self._pair_km[key] = great_circle(self._point(i), self._point(j)).km
        return d

    def _point(self, i: int) -> Point:
        """geopy Point of place i, built once: geopy's own parsing is the costly part of a distance."""
        p = self._points.get(i)
        if p is None:
            if len(self._points) > 100_000:
                self._points.clear()
            p = self._points[i] = Point(self.idx.lat[i], self.idx.lon[i])
        return p

    def _mention(self, text: str, s: FoundSpan, best: int, conf: float, ranked: list[int]) -> Mention:
        idx, gz = self.idx, self.gz
        kind, start, end = s.kind, s.start, s.end
        if kind == "admin":
            area = best if idx.feature_code[best] == "ADM1" else \
                idx.admin_area.get(f"{idx.country[best]}.{idx.admin1[best]}")
            if area is not None:
                best = area
                start, end = s.admin_start, s.admin_end
            else:
                kind = "toponym"
        alts = tuple(gz.place(i) for i in ranked[1:1 + MAX_ALTERNATIVES] if i != best)
        return Mention(surface=text[start:end], start=start, end=end, place=gz.place(best),
                       confidence=round(min(max(conf, 0.0), 1.0), 3), alternatives=alts, kind=kind)

    def _fallback(self, text: str, s: FoundSpan, picks, share) -> Mention:
        """No name matched: the document's focus point, flagged by a low confidence."""
        idx = self.idx
        best = None
        counts: dict[int, int] = defaultdict(int)
        for pick in picks:
            if pick is not None and idx.feature_code[pick] not in _AREA_CODES:
                counts[pick] += 1
        if counts:
            best = max(counts, key=lambda i: (counts[i], idx.prior[i]))
        elif share:
            cc = max(share, key=share.get)
            best = idx.country_place.get(cc)
        if best is None:
            return Mention(surface=text[s.start:s.end], start=s.start, end=s.end)
        return Mention(surface=text[s.start:s.end], start=s.start, end=s.end,
                       place=self.gz.place(best), confidence=FALLBACK_CONFIDENCE, kind="toponym")
