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
            word = re.search(r"([\w.]+)$", text[start:m.start()])
            w = word.group(1).lower().rstrip(".") if word else ""
            if text[m.start()] == "." and (w in _ABBREV or (len(w) == 1 and w.isalpha())):
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
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    blocks: list[list[int]] = []
    for s, e in lines:
        if blocks:
            ps, pe = blocks[-1]
            prev = text[ps:pe].rstrip()
            nxt = text[s:e].lstrip()
            last_line = prev[prev.rfind("\n") + 1:]
            wrapped = (len(last_line) >= 40 and prev[-1:] not in '.!?:"”’'
                       and nxt[:1].islower() and text[pe:s].count("\n") == 1)
            if wrapped:
                blocks[-1][1] = e
                continue
        blocks.append([s, e])
    return [(s, e) for s, e in blocks]


__all__ = ["split_sentences"]
