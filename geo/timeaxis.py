"""A readable timeline: axis ticks that always carry the year, jumping to the next
change, and stepping with the keyboard.

Ticks (`axis_ticks`): over a range of at most a year, one tick per month labelled
"Feb 2017" (month *and* year, so "February" is never ambiguous); longer ranges get one
tick per year ("2017"), or every 2/5/10 years when there would be more than
`max_ticks`. `vega_axis` turns them into a Vega-Lite axis for the timeline chart.

    >>> from datetime import date
    >>> [label for _, label in axis_ticks(date(2016, 11, 20), date(2017, 3, 2))]
    ['Dec 2016', 'Jan 2017', 'Feb 2017', 'Mar 2017']
    >>> [label for _, label in axis_ticks(date(2014, 5, 1), date(2018, 2, 1))]
    ['2015', '2016', '2017', '2018']
    >>> next_change(date(2017, 3, 1), [date(2017, 1, 5), date(2017, 3, 1), date(2017, 6, 9)])
    datetime.date(2017, 6, 9)
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: A range up to this many days gets month ticks; longer ones year ticks.
MONTH_TICKS_MAX_DAYS = 366


def _month_starts(start: date, end: date) -> list[date]:
    d = date(start.year, start.month, 1)
    if d < start:
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    out = []
    while d <= end:
        out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def axis_ticks(start: date, end: date, max_ticks: int = 12) -> list[tuple[date, str]]:
    """(day, label) ticks for the range start..end, every label carrying its year.

    A range with no tick inside it (e.g. 3-20 March) gets one at its start, labelled
    with the day: "3 Mar 2017".
    """
    if end < start:
        start, end = end, start
    if (end - start).days <= MONTH_TICKS_MAX_DAYS:
        months = _month_starts(start, end)
        every = max(1, -(-len(months) // max_ticks))
        ticks = [(d, f"{MONTHS[d.month - 1]} {d.year}") for d in months[::every]]
    else:
        years = [date(y, 1, 1) for y in range(start.year, end.year + 1) if date(y, 1, 1) >= start]
        every = next(k for k in (1, 2, 5, 10, 20, 50, 100, 10**9) if len(years) <= k * max_ticks)
        ticks = [(d, str(d.year)) for d in years if d.year % every == 0 or every == 1]
    if not ticks:
        ticks = [(start, f"{start.day} {MONTHS[start.month - 1]} {start.year}")]
    return ticks


def vega_axis(start: date, end: date, max_ticks: int = 12) -> dict:
    """A Vega-Lite ``axis`` for a temporal x encoding with `axis_ticks`' ticks and labels.

    Tick values are local-midnight ISO strings, as `geo.timewindow.chart_rows` writes
    days; the labels come from a time format that always includes the year ("%b %Y",
    "%Y", or "%-d %b %Y" for a range with no month start), so no locale default can
    drop it. (A format, not a labelExpr: Streamlit evaluates Vega expressions with
    the CSP-safe interpreter, which this keeps out of the picture.)
    """
    ticks = axis_ticks(start, end, max_ticks)
    label = ticks[0][1]
    fmt = "%Y" if label.isdigit() else "%b %Y" if len(label.split()) == 2 else "%-d %b %Y"
    return {"values": [d.strftime("%Y-%m-%dT00:00:00") for d, _ in ticks], "format": fmt, "formatType": "time",
            "labelOverlap": False, "grid": False, "title": None}


def _ordinals(days: Iterable[date]) -> np.ndarray:
    return np.unique(np.fromiter((d.toordinal() for d in days if d is not None), dtype=np.int64))


def next_change(day: date, change_days: Iterable[date]) -> date | None:
    """The first day after `day` on which a change happens (None if none does)."""
    ords = _ordinals(change_days)
    i = int(np.searchsorted(ords, day.toordinal(), side="right"))
    return date.fromordinal(int(ords[i])) if i < len(ords) else None


def previous_change(day: date, change_days: Iterable[date]) -> date | None:
    """The last day before `day` on which a change happens (None if none does)."""
    ords = _ordinals(change_days)
    i = int(np.searchsorted(ords, day.toordinal(), side="left"))
    return date.fromordinal(int(ords[i - 1])) if i > 0 else None


def slider_step(span: tuple[date, date], target_steps: int = 200) -> timedelta:
    """A slider step for `span` so the handle moves visibly: about `target_steps` steps
    across the range, rounded to a day, a week or a month (30 days)."""
    days = max(1, (span[1] - span[0]).days)
    raw = days / target_steps
    return timedelta(days=1 if raw <= 2 else 7 if raw <= 15 else 30)


def clamp_range(value, span: tuple[date, date]) -> tuple[date, date]:
    """A date range from `st.date_input` (which gives a 1-tuple while the user has picked
    only the first day, or a single date) clamped to `span`; a half-picked range keeps
    the span's end."""
    if isinstance(value, date):
        value = (value,)
    value = tuple(v for v in (value or ()) if v is not None)
    lo = value[0] if value else span[0]
    hi = value[1] if len(value) > 1 else span[1]
    lo, hi = min(lo, hi), max(lo, hi)
    clamp = lambda d: min(max(d, span[0]), span[1])  # noqa: E731
    return clamp(lo), clamp(hi)


def keyboard_stepper_html(prev_label: str, next_label: str) -> str:
    """HTML for ``streamlit.components.v1.html(..., height=0)``: the left/right arrow keys
    click the buttons labelled `prev_label` / `next_label` on the page.

    Streamlit has no key events of its own, and a custom component would be a
    frontend build; this zero-height component (a same-origin srcdoc iframe) listens
    on the parent document instead. Keys typed into an input, a textarea or a
    contenteditable are left alone. Labels are passed as JSON, never spliced raw.
    """
    labels = json.dumps({"ArrowLeft": prev_label, "ArrowRight": next_label}).replace("<", "\\u003c")
    return ("<script>(function () {\n"
            "  var doc = window.parent.document, labels = " + labels + ";\n"
            "  if (doc._cmKeys) { doc.removeEventListener('keydown', doc._cmKeys); }\n"
            "  doc._cmKeys = function (e) {\n"
            "    var t = e.target, tag = (t && t.tagName) || '';\n"
            "    if (!labels[e.key] || e.altKey || e.ctrlKey || e.metaKey || tag === 'INPUT' ||\n"
            "        tag === 'TEXTAREA' || (t && t.isContentEditable)) { return; }\n"
            "    var buttons = doc.querySelectorAll('button');\n"
            "    for (var i = 0; i < buttons.length; i++) {\n"
            "      if (buttons[i].innerText.trim() === labels[e.key]) { e.preventDefault(); buttons[i].click(); return; }\n"
            "    }\n"
            "  };\n"
            "  doc.addEventListener('keydown', doc._cmKeys);\n"
            "})();</script>")
