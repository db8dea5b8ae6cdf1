"""Sentences of an article, as character spans of its text.

A line break ends a headline or a paragraph, except inside hard-wrapped
running text; a full stop ends a sentence unless it closes an abbreviation
("U.S.", "Gen.") or an initial.

    >>> t = "Headline here\\nU.S. forces left. Rebels took the town."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Headline here', 'U.S. forces left.', 'Rebels took the town.']
"""
from __future__ import annotations

import re

_ABBREV = {"u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "maj", "capt", "st",
           "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "vs", "etc", "approx", "gov", "sen", "rep", "prof", "brig", "adm", "cpl", "pvt"}
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")


def _word_before(text: str, lo: int, hi: int) -> str:
    """The run of word characters and dots ending at `hi` (not before `lo`), lowercased and
    without trailing dots: what `[\\w.]+$` finds in text[lo:hi], read backwards so that a
    long sentence is not scanned again at every full stop."""
    if hi > lo and text[hi - 1] == "\n":
        hi -= 1                 # `$` also matches before a final newline
    k = hi
    while k > lo and (text[k - 1].isalnum() or text[k - 1] in "_."):
        k -= 1
    return text[k:hi].lower().rstrip(".")


def word_start_matches(pattern: re.Pattern, low: str):
    """Matches of `pattern` in `low` (a lowercased text) that begin a word, in order, as
    `finditer` with a leading `\\b` gives them, without paying for that `\\b` at every
    character: a pattern that starts with a literal is searched for fast, and the few
    matches inside a longer word ("breathe" for "the") are stepped over.

        >>> [m.start() for m in word_start_matches(re.compile(r"the town"), "breathe the town")]
        [8]
    """
    pos = 0
    while True:
        m = pattern.search(low, pos)
        if m is None:
            return
        k = m.start()
        if k > 0 and (low[k - 1].isalnum() or low[k - 1] == "_"):
            pos = k + 1
            continue
        yield m
        pos = m.end()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`; a line break ends a headline or paragraph.

        >>> t = "Headline here\\nU.S. forces left. Rebels took the town."
        >>> [t[s:e] for s, e in split_sentences(t)]
        ['Headline here', 'U.S. forces left.', 'Rebels took the town.']
    """
    spans: list[tuple[int, int]] = []
    for block in _blocks(text):
        b0, b1 = block
        start = b0
        for m in _SENT_END.finditer(text, b0, b1):
            if text[m.start()] == ".":
                w = _word_before(text, start, m.start())
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, b1))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: split at line breaks, except inside hard-wrapped running text."""
    lines = [m.span() for m in _LINE.finditer(text)]
    blocks: list[list[int]] = []
    for s, e in lines:
        if blocks:
            j = s
            while j < e and text[j].isspace():
                j += 1                   # the first character of the new line
            # a wrapped line goes on in lowercase: most lines do not, and need no more reading
            if j < e and text[j].islower():
                ps, pe = blocks[-1]
                # read in place rather than sliced: a block grows with every wrapped line
                k = pe
                while k > ps and text[k - 1].isspace():
                    k -= 1                   # the block so far, trailing spaces aside
                last_line_start = text.rfind("\n", ps, k) + 1 or ps
                if k - last_line_start >= 40 and text[k - 1] not in '.!?:"”’' and text.count("\n", pe, s) == 1:
                    blocks[-1][1] = e
                    continue
        blocks.append([s, e])
    return [(s, e) for s, e in blocks]


__all__ = ["split_sentences"]
