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
compared in full. What the index needs of an article is its `StoryPrint`, a
few hundred bytes; hashes are stable across processes, so a store keeps the
prints and a later ingest matches against them without re-reading every text. Dates are not chained: only an article dated by its text,
metadata, a manifest or the user can lend its date. Long sentences that dated
articles carry on many different dates (site footers, legal notices) are
boilerplate and never count as a shared passage.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from timeline.records import Article

__all__ = ["infer_dates", "shared_sentences", "story_print", "StoryPrint", "SHINGLE_WORDS",
           "MIN_SHARED_SENTENCES", "lender_index", "text_shingle_set", "dated_copy",
           "story_print_and_comparison", "prepared_counts", "lender_boilerplate", "index_of_sampled"]

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

_WORD_OR_END = re.compile(r"(\w+)|[.!?]+[\"'”’»)\]]*(?=\s)|\n")


def _words_and_sentences(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Lower-cased words of `text` and the word ranges of its sentences."""
    words: list[str] = []
    sentences: list[tuple[int, int]] = []
    first = 0
    # one scan: a word is its own text, a sentence end comes out as "" (no group matched)
    for word in _WORD_OR_END.findall(text.lower()):
        if word:
            words.append(word)
        elif len(words) > first:
            sentences.append((first, len(words)))
            first = len(words)
    if len(words) > first:
        sentences.append((first, len(words)))
    return words, sentences


#: Odd 64-bit multiplier of the rolling hash (any large odd constant spreads the bits).
_ROLL = np.uint64(0x9E3779B97F4A7C15)
#: word -> its stable hash; cleared when it grows past `_WORD_CACHE_MAX` words.
_WORD_HASHES: dict[str, int] = {}
_WORD_CACHE_MAX = 500_000


def _word_hash(word: str) -> int:
    # CRC-32, not Python's hash(): that one changes with every process, and prints are stored
    h = _WORD_HASHES[word] = zlib.crc32(word.encode("utf-8"))
    return h


def _shingles(words: list[str]) -> np.ndarray:
    """A hash for every run of SHINGLE_WORDS consecutive words (int64 array).

    A polynomial rolling hash over the words' own hashes, computed with numpy: the
    same value for the same words in any text and any process, without joining every
    15-word run into a string (that was most of the inference's time)."""
    n = SHINGLE_WORDS
    count = len(words) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    if len(_WORD_HASHES) > _WORD_CACHE_MAX:
        _WORD_HASHES.clear()
    for word in set(words).difference(_WORD_HASHES):  # set operations run in C; few words are new
        _word_hash(word)
    word_hashes = np.array(list(map(_WORD_HASHES.__getitem__, words)), dtype=np.uint64)
    word_hashes *= _ROLL  # spread CRC-32's 32 bits over 64 before mixing
    out = np.zeros(count, dtype=np.uint64)
    for j in range(n):  # wraps modulo 2**64, as a hash should
        out *= _ROLL
        out += word_hashes[j:j + count]
    return out.view(np.int64)


@dataclass(frozen=True)
class StoryPrint:
    """What date inference keeps of an article: the sampled hashes of its 15-word runs
    (to find candidate stories) and the hashes of its long sentences (to spot
    boilerplate), as int64 bytes so that a store can keep them.

        >>> text = " ".join(f"word{i}" for i in range(20)) + ". A short one."
        >>> p = story_print(text)
        >>> p.sentence_hashes.size, p == story_print(text)     # one long sentence; same text, same print
        (1, True)
    """

    sampled: bytes
    sentences: bytes

    @property
    def sampled_hashes(self) -> np.ndarray:
        return np.frombuffer(self.sampled, dtype="<i8")

    @property
    def sentence_hashes(self) -> np.ndarray:
        return np.frombuffer(self.sentences, dtype="<i8")


def story_print(text: str) -> StoryPrint:
    """The `StoryPrint` of a text."""
    return story_print_and_comparison(text)[0]


def story_print_and_comparison(text: str) -> tuple[StoryPrint, int, bytes, bytes]:
    """The `StoryPrint` of a text and what a full comparison needs of it, from one reading
    (the Dask map writes them, so that inference's reduce never tokenises a text again):
    its number of words, its long sentences as int64 triples (first word, end, hash) and
    its shingles in word order (int64 bytes; see `prepared_counts`)."""
    words, sentences = _words_and_sentences(text)
    shingles = _shingles(words)
    hashes = _sentence_hashes(words, sentences)
    sampled = np.unique(shingles[shingles % SAMPLE == 0])
    long_ones = np.unique(np.asarray([h for h in hashes if h], dtype=np.int64))
    # a sentence hash is never 0 for a long sentence: 0 marks the short ones
    triples = np.asarray([(s, e, h) for (s, e), h in zip(sentences, hashes) if h], dtype=np.int64).reshape(-1, 3)
    return (StoryPrint(sampled.astype("<i8").tobytes(), long_ones.astype("<i8").tobytes()), len(words),
            triples.astype("<i8").tobytes(), shingles.astype("<i8").tobytes())


def shared_sentences(undated_text: str, dated_text: str) -> int:
    """How many sentences of 15+ words of `undated_text` appear word for word in `dated_text`.

    Punctuation and case are ignored; a sentence counts when every word of it lies in a
    run of 15 words that both texts share.
    """
    words, sentences = _words_and_sentences(undated_text)
    return _count_shared(len(words), _long_sentences(words, sentences), _shingles(words),
                         np.unique(_shingles(_words_and_sentences(dated_text)[0])))


def _long_sentences(words: list[str], sentences, boilerplate: set[int] = frozenset()) -> np.ndarray:
    """(first word, end) of the sentences that can count as a shared passage: long, not boilerplate."""
    kept = [(s, e) for (s, e), h in zip(sentences, _sentence_hashes(words, sentences))
            if e - s >= SHINGLE_WORDS and h not in boilerplate]
    return np.asarray(kept, dtype=np.int64).reshape(-1, 2)


def _count_shared(n_words: int, long_sentences: np.ndarray, shingles: np.ndarray, other: np.ndarray) -> int:
    """How many of `long_sentences` lie wholly inside shingles that `other` (sorted, unique) holds too."""
    if not len(other):
        return 0
    at = np.searchsorted(other, shingles)
    np.minimum(at, len(other) - 1, out=at)
    shared = np.flatnonzero(other[at] == shingles)
    if not len(shared):   # no word covered: no sentence (15 words or more) can be
        return 0
    # difference array: +1 at each shared shingle's first word, -1 after its last (the
    # indices of each are distinct, so plain fancy-index updates are exact; add.at is slow)
    covered = np.zeros(n_words + 1, dtype=np.int32)
    covered[shared] += 1
    covered[shared + SHINGLE_WORDS] -= 1
    covered_before = np.zeros(n_words + 1, dtype=np.int64)   # covered words before i
    np.cumsum(np.cumsum(covered[:n_words]) > 0, out=covered_before[1:])
    starts, ends = long_sentences[:, 0], long_sentences[:, 1]
    return int(np.count_nonzero(covered_before[ends] - covered_before[starts] == ends - starts))


def _lends(a: Article) -> bool:
    return bool(a.published) and a.date_source in LENDING_SOURCES


def _lent_value(a: Article) -> tuple[str, str]:
    precision = a.published_precision or "day"
    return (a.published[:10] if precision == "day" else a.published), precision


def _day_number(a: Article) -> int:
    y, m, d = (a.published[:10].split("-") + ["01", "01"])[:3]
    return date(int(y), int(m), int(d)).toordinal()


def _sentence_hashes(words: list[str], sentences) -> list[int]:
    """A stable hash per sentence of SHINGLE_WORDS+ words, 0 for shorter ones."""
    return [int.from_bytes(hashlib.blake2b(" ".join(words[s:e]).encode("utf-8"), digest_size=8).digest(),
                           "little", signed=True) or 1
            if e - s >= SHINGLE_WORDS else 0 for s, e in sentences]


def _boilerplate(sentence_hashes: np.ndarray, days: np.ndarray) -> set[int]:
    """Long sentences that dated articles of many different dates carry (footers, disclaimers).

    A story copied by several outlets spans days; a sentence spanning more than
    BOILERPLATE_SPAN days on at least BOILERPLATE_DATES dates is not a story.
    """
    if not len(sentence_hashes):
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


class _LenderIndex:
    """Sampled hashes of the dated articles (those kept), sorted, with their owners."""

    def __init__(self, prints: list[StoryPrint], keep: list[bool] | None = None):
        kept = [i for i in range(len(prints)) if keep is None or keep[i]]
        hashes = [prints[i].sampled_hashes for i in kept]
        owners = [np.full(h.size, i, dtype=np.int64) for i, h in zip(kept, hashes)]
        self.hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.int64)
        order = np.argsort(self.hashes, kind="stable")
        self.hashes = self.hashes[order]
        self.owners = (np.concatenate(owners) if owners else np.empty(0, dtype=np.int64))[order]

    def candidates(self, sampled: np.ndarray) -> list[int]:
        """The dated articles (indices) sharing most of `sampled` hashes, best first."""
        lo = np.searchsorted(self.hashes, sampled, side="left")
        hi = np.searchsorted(self.hashes, sampled, side="right")
        # a hash held by very many articles is boilerplate: it cannot point to one story
        keep = (hi > lo) & (hi - lo <= MAX_OWNERS)
        lo, counts = lo[keep], (hi - lo)[keep]
        if not len(lo):
            return []
        # every index position in the [lo, hi) runs, without a Python loop over them
        firsts = np.cumsum(counts) - counts
        positions = np.arange(counts.sum()) - np.repeat(firsts, counts) + np.repeat(lo, counts)
        owners, hits = np.unique(self.owners[positions], return_counts=True)
        best = np.argsort(-hits, kind="stable")[:MAX_CANDIDATES]  # ties: the earlier article first
        return owners[best].tolist()


def infer_dates(articles: list[Article], *, prints: Mapping[str, StoryPrint] | None = None,
                text_of: Callable[[str], str] | None = None,
                written_since: Collection[str] | None = None) -> list[Article]:
    """Copies of the undated `articles` that share a story with a dated one, dated from it.

    Only the articles that got a date are returned (as new records; the inputs
    are not changed). See the module doc for the rule.

    For a store that keeps what it can between runs:
    - `prints` (article id -> `StoryPrint`) stand in for texts: articles with a print
      may come without text, and `text_of(id)` fetches the few texts compared in full;
    - `written_since`: ids of the articles written since the last inference. An
      undated article not among them was tried then against every other lender, so it
      is compared with the dated articles among them alone (more lenders never make an
      earlier one qualify: they only add boilerplate and owners).
    """
    articles = list(articles)
    dated = [a for a in articles if _lends(a)]
    undated = [a for a in articles if not a.published and a.date_source == "none"]
    if not dated or not undated:
        return []
    prints = prints or {}

    def text(a: Article) -> str:
        return a.text or (text_of(a.id) if text_of else "")

    dated_prints = [prints.get(a.id) or story_print(text(a)) for a in dated]
    boilerplate, every_lender = lender_index(dated, dated_prints)
    written_since = None if written_since is None else set(written_since)
    only_new = None if written_since is None else _LenderIndex(
        dated_prints, keep=[a.id in written_since for a in dated])

    out = []
    shingle_sets: dict[int, np.ndarray] = {}  # a dated article checked for one undated one is often checked again

    def shingle_set(owner: int) -> np.ndarray:
        if owner not in shingle_sets:
            shingle_sets[owner] = text_shingle_set(text(dated[owner]))
        return shingle_sets[owner]

    for a in undated:
        checked_before = only_new is not None and a.id in prints and a.id not in written_since
        index = only_new if checked_before else every_lender
        if checked_before:  # its print finds the candidates; its text is read only if there are some
            candidates = index.candidates(prints[a.id].sampled_hashes)
            if not candidates:
                continue
        words, sentences = _words_and_sentences(text(a))
        shingles = _shingles(words)
        if not checked_before:
            candidates = index.candidates(np.unique(shingles[shingles % SAMPLE == 0]))
        verified = [(n, dated[owner]) for owner, n in
                    _shared_counts(words, sentences, shingles, candidates, shingle_set, boilerplate)
                    if dated[owner].id != a.id]
        if verified:
            out.append(dated_copy(a, verified))
    return out


def lender_index(dated: list[Article], dated_prints: list[StoryPrint]) -> tuple[set[int], _LenderIndex]:
    """The boilerplate sentences of the lenders `dated` (with their prints) and the index
    that finds an undated article's candidate lenders (their positions in `dated`)."""
    return lender_boilerplate(dated, dated_prints), _LenderIndex(dated_prints)


def lender_boilerplate(dated: list[Article], dated_prints: list[StoryPrint]) -> set[int]:
    """The boilerplate sentences of the lenders `dated` (with their prints)."""
    return _boilerplate(
        np.concatenate([p.sentence_hashes for p in dated_prints]),
        np.concatenate([np.full(p.sentence_hashes.size, _day_number(a), dtype=np.int64)
                        for a, p in zip(dated, dated_prints)]))


def index_of_sampled(sampled: list[bytes]) -> _LenderIndex:
    """The index `lender_index` builds, from the lenders' `StoryPrint.sampled` bytes in their
    order (a reduce task reads them from Parquet rather than receiving the prints)."""
    sizes = np.fromiter((len(b) // 8 for b in sampled), dtype=np.int64, count=len(sampled))
    index = object.__new__(_LenderIndex)
    hashes = np.frombuffer(b"".join(sampled), dtype="<i8")
    order = np.argsort(hashes, kind="stable")   # as `_LenderIndex` sorts: ties keep the lenders' order
    index.hashes = hashes[order]
    index.owners = np.repeat(np.arange(len(sampled), dtype=np.int64), sizes)[order]
    return index


def text_shingle_set(text: str) -> np.ndarray:
    """The shingles of a lender's text, sorted and unique: what a copy is compared with."""
    return np.unique(_shingles(_words_and_sentences(text)[0]))


def prepared_counts(n_words: int, triples: bytes, shingles: bytes, candidates: list,
                    shingle_set: Callable[[object], np.ndarray], boilerplate: Collection[int]) -> list[tuple[object, int]]:
    """(candidate, shared passages) for each of `candidates` with which an undated text shares
    at least MIN_SHARED_SENTENCES passages: the full comparison of `infer_dates`, for a text
    given as `story_print_and_comparison` wrote it (its words' count, long-sentence triples,
    shingles), as a reduce task over stored prints has it. `shingle_set(candidate)` is
    `np.unique` of the lender's written shingles (the same as `text_shingle_set`)."""
    long = np.frombuffer(triples, dtype="<i8").reshape(-1, 3)
    keep = np.fromiter((h not in boilerplate for h in long[:, 2].tolist()), dtype=bool, count=len(long))
    long_sentences = np.ascontiguousarray(long[keep, :2], dtype=np.int64)
    ours = np.frombuffer(shingles, dtype="<i8")
    counts = [(c, _count_shared(n_words, long_sentences, ours, shingle_set(c))) for c in candidates]
    return [(c, n) for c, n in counts if n >= MIN_SHARED_SENTENCES]


def _shared_counts(words, sentences, shingles, candidates, shingle_set, boilerplate) -> list[tuple[object, int]]:
    long_sentences = _long_sentences(words, sentences, boilerplate)
    counts = [(c, _count_shared(len(words), long_sentences, shingles, shingle_set(c))) for c in candidates]
    return [(c, n) for c, n in counts if n >= MIN_SHARED_SENTENCES]


def dated_copy(a: Article, verified: list[tuple[int, Article]]) -> Article:
    """Undated `a` dated from the best of its `verified` lenders ((shared passages, lender)):
    most shared passages wins; on a tie the earliest date (the story's first report)."""
    n, other = min(verified, key=lambda v: (-v[0], v[1].published))
    value, precision = _lent_value(other)
    name = other.title or other.path or other.id
    reason = (f"inferred: shares {n} passages of {SHINGLE_WORDS}+ words with '{name[:80]}'"
              f" ({other.path or other.id}), dated {other.published} from {other.date_source}")
    return a.with_date(value, precision=precision, source="inferred", reason=reason, inferred_from=other.id)
