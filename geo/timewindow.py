"""The dashboard's clock: the span of dated events, the window ending at the slider's
date, stepping it, and events per day by kind for the timeline chart.

A window of length "week" ending on 14 October covers 8-14 October inclusive:
the map shows the state *on* the selected day and what changed in the days before.

    >>> from datetime import date
    >>> window_bounds(date(2017, 10, 14), "week")
    (datetime.date(2017, 10, 8), datetime.date(2017, 10, 14))
    >>> step_date(date(2017, 10, 14), "week", +1, (date(2017, 1, 1), date(2017, 10, 17)))
    datetime.date(2017, 10, 17)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.spans import span_of
from geo.table import EventTable
from timeline.records import Event

#: Window lengths offered by the slider, in days.
WINDOW_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91}


def date_span(events: Iterable[Event]) -> tuple[date, date] | None:
    """First and last day any dated event covers (see `geo.spans`), None if none is dated."""
    if isinstance(events, EventTable):
        dated = events.first >= 0
        if not dated.any():
            return None
        return date.fromordinal(int(events.first[dated].min())), date.fromordinal(int(events.last[dated].max()))
    spans = [s for s in map(span_of, events) if s]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def window_bounds(day: date, length: str) -> tuple[date, date]:
    """The inclusive window of `length` (a WINDOW_DAYS key) that ends on `day`."""
    return day - timedelta(days=WINDOW_DAYS[length] - 1), day


def step_date(day: date, length: str, direction: int, span: tuple[date, date]) -> date:
    """Move `day` one window forward (+1) or back (-1), clamped to `span`."""
    moved = day + timedelta(days=direction * WINDOW_DAYS[length])
    return min(max(moved, span[0]), span[1])


def daily_counts(events: Iterable[Event]) -> pd.DataFrame:
    """Events per day by kind: columns day (datetime64), kind, events. Undated events are left out."""
    counts: Counter = Counter()
    if isinstance(events, EventTable):
        counts.update(_table_day_kinds(events))
    else:
        for e in events:
            span = span_of(e)
            if span:  # counted on its first day: a month-precision event is one event, not 30
                counts[(span[0], e.type)] += 1
    rows = [{"day": pd.Timestamp(d), "kind": k, "events": n} for (d, k), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["day", "kind", "events"])


def _table_day_kinds(table: EventTable) -> dict[tuple[date, str], int]:
    """`daily_counts`' (first day, kind) -> events, from a table's columns."""
    dated = table.first >= 0
    kind_code, kinds = pd.factorize(table.types[dated])
    names = [*kinds, None]  # code -1 (no kind) -> the last name
    n_kinds = len(names)
    pairs, counts = np.unique(table.first[dated] * n_kinds + kind_code % n_kinds, return_counts=True)
    return {(date.fromordinal(p // n_kinds), names[p % n_kinds]): n
            for p, n in zip(pairs.tolist(), counts.tolist())}


def chart_rows(daily: pd.DataFrame) -> list[dict]:
    """`daily_counts` rows as Vega-Lite data values (local-midnight ISO strings)."""
    return [{"day": d.strftime("%Y-%m-%dT00:00:00"), "kind": k, "events": int(n)}
            for d, k, n in zip(daily["day"], daily["kind"], daily["events"])]


def timeline_spec(rows: list[dict], span: tuple[date, date], window: tuple[date, date], day: date,
                  kind_colors: dict[str, str], height: int = 120) -> dict:
    """A Vega-Lite spec: events per day by kind as bars, the window shaded, the day as a rule.

    Built as a plain dict (not through Altair) because it is redrawn on every slider
    step and only the window and the rule move; `rows` come from `chart_rows`.

        >>> spec = timeline_spec([], (date(2021, 1, 1), date(2021, 3, 1)),
        ...                      (date(2021, 2, 1), date(2021, 2, 7)), date(2021, 2, 7), {"a": "#000"})
        >>> [layer["mark"]["type"] for layer in spec["layer"]]
        ['rect', 'bar', 'rule']
    """
    def iso(d: date) -> str:
        return d.strftime("%Y-%m-%dT00:00:00")

    x_scale = {"domain": [iso(span[0]), iso(span[1] + timedelta(days=1))]}
    return {
        "height": height,
        "layer": [
            {"data": {"values": [{"start": iso(window[0]), "end": iso(window[1] + timedelta(days=1))}]},
             "mark": {"type": "rect", "opacity": 0.15, "color": "#444444"},
             "encoding": {"x": {"field": "start", "type": "temporal", "scale": x_scale, "title": None},
                          "x2": {"field": "end"}}},
            {"data": {"values": rows},
             "mark": {"type": "bar"},
             "encoding": {
                 "x": {"field": "day", "type": "temporal", "scale": x_scale, "title": None},
                 "y": {"field": "events", "type": "quantitative", "title": "events/day"},
                 "color": {"field": "kind", "type": "nominal", "title": None, "legend": {"orient": "top"},
                           "scale": {"domain": list(kind_colors), "range": list(kind_colors.values())}},
                 "tooltip": [{"field": "day", "type": "temporal"}, {"field": "kind", "type": "nominal"},
                             {"field": "events", "type": "quantitative"}]}},
            {"data": {"values": [{"day": iso(day)}]},
             "mark": {"type": "rule", "color": "#dd0000", "strokeWidth": 2},
             "encoding": {"x": {"field": "day", "type": "temporal", "scale": x_scale}}},
        ],
    }
