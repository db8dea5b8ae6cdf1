"""The time span an event covers, and the ISO 8601 forms the exports write.

An `Event` carries `date` (ISO start), `end` (ISO inclusive end) and `precision`;
the days they cover are defined once, by `timeline.records.event_span` (`Event.span`),
and read here: an inclusive `(first_day, last_day)` pair of `datetime.date`, never
made up (an undated event has no span).

    >>> event_span("2017-07", None, "month")
    (datetime.date(2017, 7, 1), datetime.date(2017, 7, 31))
    >>> start_z(datetime.date(2017, 10, 14)), end_z(datetime.date(2017, 10, 14))
    ('2017-10-14T00:00:00Z', '2017-10-14T23:59:59Z')
"""
from __future__ import annotations

import datetime
import logging

from timeline.records import event_span, parse_iso_span, to_date

__all__ = ["DateLike", "end_z", "event_span", "parse_iso_span", "span_of", "start_z", "to_date"]

log = logging.getLogger(__name__)

DateLike = str | datetime.date | datetime.datetime | None


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



def start_z(day: datetime.date | None) -> str | None:
    """The first instant of a day as an ISO 8601 UTC date-time ("...T00:00:00Z")."""
    return None if day is None else day.isoformat() + "T00:00:00Z"


def end_z(day: datetime.date | None) -> str | None:
    """The last second of a day as an ISO 8601 UTC date-time ("...T23:59:59Z")."""
    return None if day is None else day.isoformat() + "T23:59:59Z"
