"""Dates inferred from a shared story: an undated copy of a dated article gets its date.

Agencies' stories are republished with the date line stripped. An undated
article that repeats several long sentences (15+ words each) of a dated one
word for word is taken to be the same story, and gets the dated one's day,
flagged: `date_source="inferred"`, `inferred_from` its id, and a reason naming
it and the number of shared passages. A copy can appear later than the
original, so the inferred day is the story's day, not a claim about the copy.

    >>> from timeline.records import Article
    >>> story = ("The council said that the convoy of buses carrying families left the northern town "
    ...          "before dawn and reached the camp by the river late in the evening. "
    ...          "Aid workers at the camp reported that more than two hundred people arrived without "
    ...          "food or water and that the clinic there had run out of medicine.")
    >>> dated = Article.from_text("Convoy leaves\\n12 February 2015\\n" + story, path="a.txt").with_date(
    ...     "2015-02-12", source="text")
    >>> copy = Article.from_text("Families reach camp\\n" + story + " More were expected.", path="b.txt")
    >>> [(a.published, a.date_source, a.inferred_from == dated.id) for a in infer_dates([dated, copy])]
    [('2015-02-12', 'inferred', True)]

Scale: candidate pairs come from an index of word 15-gram hashes (a
content-defined sample of one in `SAMPLE`, held in sorted numpy arrays), so
the cost grows with the corpus, not with its square; only candidates are
compared in full. Dates are not chained: only an article dated by its text,
metadata, a manifest or the user can lend its date. Long sentences that dated
articles carry on many different dates (site footers, legal notices) are
boilerplate and never count as a shared passage.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import numpy as np

from timeline.records import Article

__all__ = ["infer_dates", "shared_sentences", "SHINGLE_WORDS", "MIN_SHARED_SENTENCES"]

#: A passage counts when it is a sentence of at least this many words, repeated verbatim.
SHINGLE_WORDS = 15
#: "Several": fewer shared sentences is a shared quote, not a shared story.
MIN_SHARED_SENTENCES = 2
#: One shingle in SAMPLE goes into the index (chosen by hash, so both copies pick the same ones).
SAMPLE = 4
#: Candidates per undated article verified in full, best sampled overlap first.
MAX_CANDIDATES = 5
#: A sampled hash held by more articles than this is skipped when looking for candidates.
MAX_OWNERS = 1000
#: Long sentences found on at least this many dates, spread over more than this many days,
#: are boilerplate (a footer, a disclaimer) and do not count as a shared story.
BOILERPLATE_DATES, BOILERPLATE_SPAN = 3, 31
#: Sources whose date may be lent to another article.
LENDING_SOURCES = ("text", "metadata", "manifest", "user")

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)|\n")


def _words_and_sentences(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Lower-cased words of `text` and the word ranges of its sentences."""
    words: list[str] = []
    sentences: list[tuple[int, int]] = []
    pos = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        first = len(words)
        words.extend(w.lower() for w in _WORD.findall(text, pos, end))
        if len(words) > first:
            sentences.append((first, len(words)))
        pos = end
    return words, sentences


def _shingles(words: list[str]) -> list[int]:
    n = SHINGLE_WORDS
    # Python's str hash is stable within one process, which is all the index needs.
    return [hash(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)]


def shared_sentences(undated_text: str, dated_text: str) -> int:
    """How many sentences of 15+ words of `undated_text` appear word for word in `dated_text`.

    Punctuation and case are ignored; a sentence counts when every word of it lies in a
    run of 15 words that both texts share.
    """
    words, sentences = _words_and_sentences(undated_text)
    return _count_shared(words, sentences, _shingles(words), set(_shingles(_words_and_sentences(dated_text)[0])))


def _count_shared(words, sentences, shingles, other: set[int], boilerplate: set[int] = frozenset()) -> int:
    covered = np.zeros(len(words) + 1, dtype=np.int32)
    for i, h in enumerate(shingles):
        if h in other:  # difference array: +1 at the shingle's first word, -1 after its last
            covered[i] += 1
            covered[i + SHINGLE_WORDS] -= 1
    covered = np.cumsum(covered)[:len(words)] > 0
    return sum(1 for (s, e), h in zip(sentences, _sentence_hashes(words, sentences))
               if e - s >= SHINGLE_WORDS and h not in boilerplate and covered[s:e].all())


def _lends(a: Article) -> bool:
    return bool(a.published) and a.date_source in LENDING_SOURCES


def _lent_value(a: Article) -> tuple[str, str]:
    precision = a.published_precision or "day"
    return (a.published[:10] if precision == "day" else a.published), precision


def _day_number(a: Article) -> int:
    y, m, d = (a.published[:10].split("-") + ["01", "01"])[:3]
    return date(int(y), int(m), int(d)).toordinal()


def _sentence_hashes(words: list[str], sentences) -> list[int]:
    return [hash(" ".join(words[s:e])) if e - s >= SHINGLE_WORDS else 0 for s, e in sentences]


def _boilerplate(sentence_hashes: list[int], days: list[int]) -> set[int]:
    """Long sentences that dated articles of many different dates carry (footers, disclaimers).

    A story copied by several outlets spans days; a sentence spanning more than
    BOILERPLATE_SPAN days on at least BOILERPLATE_DATES dates is not a story.
    """
    if not sentence_hashes:
        return set()
    h, d = np.asarray(sentence_hashes, dtype=np.int64), np.asarray(days, dtype=np.int64)
    order = np.lexsort((d, h))
    h, d = h[order], d[order]
    distinct = np.r_[True, (h[1:] != h[:-1]) | (d[1:] != d[:-1])]
    h, d = h[distinct], d[distinct]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    ends = np.r_[starts[1:], len(h)]
    many = ((ends - starts) >= BOILERPLATE_DATES) & ((d[ends - 1] - d[starts]) > BOILERPLATE_SPAN)
    return set(h[starts[many]].tolist())


def infer_dates(articles: list[Article]) -> list[Article]:
    """Copies of the undated `articles` that share a story with a dated one, dated from it.

    Only the articles that got a date are returned (as new records; the inputs
    are not changed). See the module doc for the rule.
    """
    articles = list(articles)
    dated = [a for a in articles if _lends(a)]
    undated = [a for a in articles if not a.published and a.date_source == "none"]
    if not dated or not undated:
        return []
    hashes, owners, sentence_hashes, sentence_days = [], [], [], []
    for i, a in enumerate(dated):
        words, sentences = _words_and_sentences(a.text)
        sampled = {h for h in _shingles(words) if h % SAMPLE == 0}
        hashes.extend(sampled)
        owners.extend([i] * len(sampled))
        long_ones = {h for h in _sentence_hashes(words, sentences) if h}
        sentence_hashes.extend(long_ones)
        sentence_days.extend([_day_number(a)] * len(long_ones))
    boilerplate = _boilerplate(sentence_hashes, sentence_days)
    index_hashes = np.asarray(hashes, dtype=np.int64)
    order = np.argsort(index_hashes, kind="stable")
    index_hashes, index_owners = index_hashes[order], np.asarray(owners, dtype=np.int64)[order]

    out = []
    shingle_sets: dict[int, set[int]] = {}  # a dated article checked for one undated one is often checked again
    for a in undated:
        words, sentences = _words_and_sentences(a.text)
        shingles = _shingles(words)
        sampled = np.asarray(sorted({h for h in shingles if h % SAMPLE == 0}), dtype=np.int64)
        if not len(sampled) or not len(index_hashes):
            continue
        lo = np.searchsorted(index_hashes, sampled, side="left")
        hi = np.searchsorted(index_hashes, sampled, side="right")
        # a hash held by very many articles is boilerplate: it cannot point to one story
        hits = Counter(int(o) for l, h in zip(lo, hi) if h - l <= MAX_OWNERS for o in index_owners[l:h])
        verified = []
        for owner, _ in hits.most_common(MAX_CANDIDATES):
            other = dated[owner]
            if owner not in shingle_sets:
                shingle_sets[owner] = set(_shingles(_words_and_sentences(other.text)[0]))
            n = _count_shared(words, sentences, shingles, shingle_sets[owner], boilerplate)
            if n >= MIN_SHARED_SENTENCES and other.id != a.id:
                verified.append((n, other))
        if verified:
            # most shared sentences wins; on a tie the earliest date (the story's first report)
            n, other = min(verified, key=lambda v: (-v[0], v[1].published))
            value, precision = _lent_value(other)
            name = other.title or other.path or other.id
            reason = (f"inferred: shares {n} passages of {SHINGLE_WORDS}+ words with '{name[:80]}'"
                      f" ({other.path or other.id}), dated {other.published} from {other.date_source}")
            out.append(a.with_date(value, precision=precision, source="inferred", reason=reason,
                                   inferred_from=other.id))
    return out

