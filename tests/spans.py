"""Resolving given surfaces of a test sentence: the gazetteer tests' shared step."""
from __future__ import annotations


def resolve(gz, text: str, surfaces: list[str]):
    """`gz.resolve_spans` over the first occurrence of each surface in `text`."""
    spans = []
    for w in surfaces:
        i = text.index(w)
        spans.append((i, i + len(w)))
    return gz.resolve_spans(text, spans)
