"""Time expressions inside a text. STUB: the dating issue (#4) replaces this."""
from __future__ import annotations

from timeline.records import TimeSpan


def find_time_expressions(text: str, anchor: str | None) -> list[TimeSpan]:
    return []
