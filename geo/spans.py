"""The time span an event covers, and the ISO 8601 forms the exports write.

An `Event` carries `date` (ISO start), `end` (ISO inclusive end) and `precision`.
Extractors may write a partial date ("2017", "2017-07") or a full one; this module
turns any of them into an inclusive `(first_day, last_day)` pair of
`datetime.date`, and never makes one up: an undated event has no span.

    >>> event_span("2017-07", None, "month")
    (datetime.date(2017, 7, 1), datetime.date(2017, 7, 31))
    >>> event_span("2017-06-05", None, "week")
    (datetime.date(2017, 6, 5), datetime.date(2017, 6, 11))
    >>> event_span(None, None, None) is None
    True
    >>> start_z(datetime.date(2017, 10, 14)), end_z(datetime.date(2017, 10, 14))
    ('2017-10-14T00:00:00Z', '2017-10-14T23:59:59Z')
"""
from __future__ import annotations

import calendar
import datetime
import logging
from functools import lru_cache

log = logging.getLogger(__name__)

DateLike = str | datetime.date | datetime.datetime | None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=65536)
def parse_iso_span(text: str) -> tuple[datetime.date, datetime.date]:
    """The days an ISO 8601 date of any granularity covers ("2017", "2017-07",
    "2017-07-05", "2017-07-05T21:41:42+00:00" -> that day in UTC).

    Raises ValueError on anything else, so that a bad record is reported, not guessed.
    """
    s = text.strip()
    if len(s) == 4 and s.isdigit():
        y = int(s)
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    if len(s) == 7 and s[4] == "-":
        y, m = int(s[:4]), int(s[5:])
        return datetime.date(y, m, 1), _month_end(y, m)
    if len(s) == 10:
        d = datetime.date.fromisoformat(s)
        return d, d
    dt = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    if dt.tzinfo is not None:
        dt = dt.astimezone(datetime.timezone.utc)
    return dt.date(), dt.date()


def _widen_by_precision(first: datetime.date, precision: str | None) -> datetime.date:
    """Last day of the period `precision` names, when `first` opens such a period.

    Only a date that starts its period is widened ("2017-07-01" at month precision
    is July); a mid-period day is taken as written.
    """
    if precision == "week":
        return first + datetime.timedelta(days=6)
    if precision == "month" and first.day == 1:
        return _month_end(first.year, first.month)
    if precision == "year" and (first.month, first.day) == (1, 1):
        return datetime.date(first.year, 12, 31)
    return first


@lru_cache(maxsize=65536)
def event_span(date: str | None, end: str | None = None,
               precision: str | None = None) -> tuple[datetime.date, datetime.date] | None:
    """Inclusive (first_day, last_day) an event covers, or None when it is undated.

    `end` wins when given; otherwise a partial date covers its whole period and a
    full date that opens a week/month/year covers it at that precision.
    """
    if not date:
        return None
    first, last = parse_iso_span(date)
    if end:
        last = max(first, parse_iso_span(end)[1])
    elif last == first:
        last = _widen_by_precision(first, precision)
    return first, last


def span_of(event) -> tuple[datetime.date, datetime.date] | None:
    """`event_span` of a `timeline.records.Event` (anything with date/end/precision).

    A date that does not parse makes the event undated (with a warning naming the
    event), rather than failing a whole map or export for one bad record.
    """
    try:
        return event_span(event.date, event.end, event.precision)
    except (ValueError, TypeError) as exc:
        log.warning("event %s: unreadable date %r..%r (%s); treated as undated",
                    getattr(event, "id", "?"), event.date, event.end, exc)
        return None


def to_date(value: DateLike, *, upper: bool = False) -> datetime.date | None:
    """A date from a user-given bound: ISO string of any granularity, date or datetime.

    `upper=True` takes the last day of a partial date ("2017" as an upper bound is
    2017-12-31), so that `--to 2017` includes December.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    first, last = parse_iso_span(str(value))
    return last if upper else first


def start_z(day: datetime.date | None) -> str | None:
    """The first instant of a day as an ISO 8601 UTC date-time ("...T00:00:00Z")."""
    return None if day is None else day.isoformat() + "T00:00:00Z"


def end_z(day: datetime.date | None) -> str | None:
    """The last second of a day as an ISO 8601 UTC date-time ("...T23:59:59Z")."""
    return None if day is None else day.isoformat() + "T23:59:59Z"
