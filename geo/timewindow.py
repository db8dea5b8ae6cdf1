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

from datetime import date, timedelta

import pandas as pd

from geo.filters import as_frame
from geo.timeaxis import vega_axis

#: Window lengths offered by the slider, in days.
WINDOW_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91}


def date_span(events) -> tuple[date, date] | None:
    """First and last day any dated event covers (see `geo.spans`), None if none is dated.
    `events`: the events frame (or `Event` records)."""
    frame = as_frame(events)
    first, last = frame["first_day"].min(), frame["last_day"].max()
    return None if pd.isna(first) else (first.date(), last.date())


def window_bounds(day: date, length: str) -> tuple[date, date]:
    """The inclusive window of `length` (a WINDOW_DAYS key) that ends on `day`."""
    return day - timedelta(days=WINDOW_DAYS[length] - 1), day


def step_date(day: date, length: str, direction: int, span: tuple[date, date]) -> date:
    """Move `day` one window forward (+1) or back (-1), clamped to `span`."""
    moved = day + timedelta(days=direction * WINDOW_DAYS[length])
    return min(max(moved, span[0]), span[1])


def daily_counts(events) -> pd.DataFrame:
    """Events per day by kind: columns day (datetime64), kind, events. Undated events are
    left out; an event counts on its first day (a month-precision event is one event, not 30)."""
    frame = as_frame(events)
    counts = (frame.groupby([frame["first_day"].rename("day"), frame["event_type"].rename("kind")])
              .size().rename("events").reset_index())
    counts["day"] = counts["day"].astype("datetime64[ns]")
    counts["kind"] = counts["kind"].astype(object)
    return counts.sort_values(["day", "kind"], ignore_index=True)


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
    spec = {
        "height": height,
        "layer": [
            {"data": {"values": [{"start": iso(window[0]), "end": iso(window[1] + timedelta(days=1))}]},
             "mark": {"type": "rect", "opacity": 0.15, "color": "#444444"},
             "encoding": {"x": {"field": "start", "type": "temporal", "scale": x_scale, "title": None},
                          "x2": {"field": "end"}}},
            {"data": {"values": rows},
             "mark": {"type": "bar", "width": 2},  # a day stays visible on a range of years
             "encoding": {
                 "x": {"field": "day", "type": "temporal", "scale": x_scale, "title": None},
                 "y": {"field": "events", "type": "quantitative", "title": "events/day"},
                 "color": {"field": "kind", "type": "nominal", "title": None, "legend": {"orient": "right", "title": None},
                           "scale": {"domain": list(kind_colors), "range": list(kind_colors.values())}},
                 "tooltip": [{"field": "day", "type": "temporal"}, {"field": "kind", "type": "nominal"},
                             {"field": "events", "type": "quantitative"}]}},
            {"data": {"values": [{"day": iso(day)}]},
             "mark": {"type": "rule", "color": "#dd0000", "strokeWidth": 2},
             "encoding": {"x": {"field": "day", "type": "temporal", "scale": x_scale}}},
        ],
    }
    axis = vega_axis(*span)  # every tick carries its year; month ticks under a year
    for layer in spec["layer"]:
        layer["mark"]["clip"] = True  # bars outside a narrowed range are not drawn
        layer["encoding"]["x"].setdefault("axis", axis)
    return spec


def rows_in(rows: list[dict], span: tuple[date, date]) -> list[dict]:
    """The `chart_rows` rows whose day lies in `span` (inclusive)."""
    lo, hi = span[0].isoformat(), span[1].isoformat()
    return [r for r in rows if lo <= r["day"][:10] <= hi]


def change_days(events) -> list[date]:
    """The days on which a control change in `events` (the events frame) begins, sorted."""
    frame = as_frame(events)
    days = frame.loc[(frame["event_type"] == "control_change").to_numpy(), "first_day"].dropna()
    # distinct days first (in C): 60k Timestamps made one by one were a tenth of a first render
    return [d.date() for d in pd.DatetimeIndex(days.unique()).sort_values()]
