"""Event rules. STUB: the events issue (#5) replaces this."""
from __future__ import annotations


def extract_events(article, mentions, times, actors) -> list:
    return []
