"""Publication date of an article: from its header lines, metadata, or the user.

`date_article` reads the first lines of an article (title, byline, date line)
and takes the date line: "21 May, 2016 06:41", "Updated at 2017-10-14
21:41:42 +0000", "Wed 05 Apr 2017 14.20 BST", "12 February 2015", ISO 8601.
Dates further down are what the story is about, not when it was published,
and an article with no date line stays undated (dates are never invented).

    >>> a = date_article(Article.from_text("Rebels advance\\nWed 05 Apr 2017 14.20 BST\\nFighting went on."))
    >>> a.published, a.published_precision, a.date_source
    ('2017-04-05T14:20:00+01:00', 'day', 'text')
    >>> date_article(Article.from_text("Rebels advance\\nFighting went on on Friday.")).published is None
    True

Original and update: when the header shows both ("Published 12 Feb 2015 ...
Updated 13 Feb 2015"), `published` is the original (the anchor for "on
Friday") and `updated` the update. When only an update time is shown, it is the
best date the article gives and becomes `published` too; the reason says so.

Who wins: a date from a manifest, the user or inference is kept as it is. A
metadata date (HTML metadata, a `published` field) is kept unless the header
gives the same day, or a day inside a coarser metadata date, with more detail
(a time): the header date then refines it and `date_source` becomes "text".

`parse_date_value` reads a date typed in a manifest, a JSON/CSV field or by
the user; it only accepts absolute dates, so "3 hours ago" never becomes a date.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from timeline.records import Article
from timeline.times import EXPLICIT_DAY_KINDS, PATTERNS, explicit_day, month_number

__all__ = ["date_article", "parse_date_value", "header_dates", "HeaderDate", "HEADER_LINES"]

#: How many non-empty lines from the top count as the header.
HEADER_LINES = 12
#: A line with more words than this beside its date is prose, not a date line,
#: unless a cue ("Published", "Updated") introduces the date or it is a dateline.
MAX_OTHER_WORDS = 7
#: The same for the first line, usually the headline ("Remembering 3 March 2011").
MAX_OTHER_WORDS_FIRST_LINE = 2

#: Time-zone abbreviations with one meaning in news sites. Ambiguous ones
#: (CST, IST, AST) are left out: an unknown zone keeps the time naive.
TZ_OFFSETS = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120,
              "EEST": 180, "MSK": 180, "TRT": 180, "EST": -300, "EDT": -240, "PST": -480,
              "PDT": -420, "GST": 240, "PKT": 300}
_TZ = "|".join(sorted(TZ_OFFSETS, key=len, reverse=True))
_TIME = re.compile(
    rf"\s*(?:,|at|@|-|–|\||T)?\s*(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?:[:.](?P<s>[0-5]\d))?(?:\.\d+)?"
    rf"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<tz>[+-](?:[01]\d):?[0-5]\d|(?:{_TZ})\b)?"
    rf"(?:\s*\(?(?:UTC|GMT)\s*(?P<tz2>[+-]\d{{1,2}}(?::?\d\d)?)\)?)?")
_TIME_BEFORE = re.compile(
    rf"(?<![\d:])(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    rf"\s*(?P<tz>[+-](?:[01]\d):?[0-5]\d|(?:{_TZ})\b)?\s*(?:,|on|-|–|\|)?\s*$")
_ORIGINAL_CUES = r"published|posted|first published|created|released|dated?|issued"
_UPDATED_CUES = r"updated|last updated|modified|last modified|edited|revised|amended"
_CUE = re.compile(rf"\b(?:(?P<upd>{_UPDATED_CUES})|(?P<orig>{_ORIGINAL_CUES}))\b\W*(?:(?:at|on)\W+)?\S*\W*$",
                  re.IGNORECASE)
_CUE_ANYWHERE = re.compile(rf"\b(?:{_UPDATED_CUES}|{_ORIGINAL_CUES})\b", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][\w .,'’()/-]{0,60}?[,(]?\s*$")
_HAS_YEAR = re.compile(r"(?:19|20|21)\d\d")
_PATTERN_OF = dict(PATTERNS)


class HeaderDate(NamedTuple):
    """A publication-date candidate found in a header line."""

    value: str      # ISO date or date-time
    precision: str  # "day" or "month"
    kind: str       # "original" or "updated"
    line: str       # the header line it was read from


def _tz(m: re.Match) -> timezone | None:
    raw = m.group("tz") or m.groupdict().get("tz2")
    if not raw:
        return None
    if raw.upper() in TZ_OFFSETS:
        return timezone(timedelta(minutes=TZ_OFFSETS[raw.upper()]))
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _at_time(day: date, m: re.Match) -> str | None:
    """ISO date-time of `day` at the time matched by `m`, or None if it is no time of day."""
    h, mi = int(m.group("h")), int(m.group("mi"))
    if m.group("ampm"):
        pm = m.group("ampm").lower().startswith("p")
        h = h % 12 + (12 if pm else 0)
    if h > 23:
        return None
    dt = datetime(day.year, day.month, day.day, h, mi, int(m.group("s") or 0), tzinfo=_tz(m))
    return dt.isoformat(timespec="seconds")


def _with_time(day: date, before: str, after: str) -> tuple[str, int, int]:
    """ISO value for `day` plus a time right after it (or else right before it) in its line,
    with the number of characters the time takes before and after the date."""
    m = _TIME.match(after)
    # "5.30" straight after a date without a zone or am/pm is too likely a number
    if m and not ("." in m.group(0) and not m.group("tz") and not m.group("ampm")
                  and not after[: m.start("h")].strip()):
        value = _at_time(day, m)
        if value:
            return value, 0, m.end()
    m = _TIME_BEFORE.search(before[-40:])
    if m and (value := _at_time(day, m)):
        return value, len(before[-40:]) - m.start(), 0
    return day.isoformat(), 0, 0


def _line_dates(line: str) -> list[tuple[int, int, str, str]]:
    """Full dates in one line as (start, end, iso value, precision), in order."""
    if not _HAS_YEAR.search(line):
        return []  # cheap test first: every date a header can carry has a year
    found = []
    for kind in EXPLICIT_DAY_KINDS:
        for m in _PATTERN_OF[kind].finditer(line):
            day = explicit_day(kind, m)
            if day is None or not 1900 <= day.year <= 2100:
                continue
            value, before, after = _with_time(day, line[:m.start()], line[m.end():])
            found.append((m.start() - before, m.end() + after, value, "day"))
    if not found:
        m = _PATTERN_OF["my"].search(line)  # "February 2015" alone on a line
        if m and len(re.findall(r"[A-Za-z]+", line)) <= 3:
            found.append((m.start(), m.end(), f"{int(m.group('y')):04d}-{month_number(m.group('mon')):02d}",
                          "month"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out, end = [], -1
    for f in found:
        if f[0] >= end:
            out.append(f)
            end = f[1]
    return out


def _dateparser_fallback(text: str) -> tuple[str, str] | None:
    """A cue line our grammar could not read: let dateparser try, absolute dates only."""
    if _PATTERN_OF["numeric"].search(text):
        return None  # "10/11/2017": our grammar found day and month swappable; dateparser would guess
    import dateparser

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                # absolute parsers only: "Updated 3 hours ago" must not become today's date
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    dt = dateparser.parse(text[:60], settings=settings)
    if dt is None or not 1900 <= dt.year <= 2100:
        return None
    has_time = dt.time() != datetime.min.time() or dt.tzinfo is not None
    return (dt.isoformat(timespec="seconds") if has_time else dt.date().isoformat()), "day"


def header_dates(text: str, lines: int = HEADER_LINES) -> list[HeaderDate]:
    """Publication-date candidates in the first `lines` non-empty lines, top first."""
    out: list[HeaderDate] = []
    seen = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > lines:
            break
        line = line[:400]
        if not _HAS_YEAR.search(line):
            continue  # every date a header can carry has a year: cheap test first
        found = _line_dates(line)
        if not found:
            cue = _CUE_ANYWHERE.search(line)
            fb = _dateparser_fallback(line[cue.end():].strip(" :-|")) if cue else None
            if fb:
                kind = "updated" if re.match(_UPDATED_CUES, cue.group(0), re.IGNORECASE) else "original"
                out.append(HeaderDate(fb[0], fb[1], kind, line))
            continue
        other_words = len(re.findall(r"[A-Za-z]{2,}", _strip_spans(line, found)))
        for start, end, value, precision in found:
            cue = _CUE.search(line[:start])
            dateline = start <= 60 and re.match(r"\s*(?:\([^)]*\)\s*)?[-–—:]", line[end:]) \
                and _DATELINE.match(line[:start])
            most = MAX_OTHER_WORDS_FIRST_LINE if seen == 1 else MAX_OTHER_WORDS
            if not (cue or dateline or other_words <= most):
                continue
            kind = "updated" if cue and cue.group("upd") else "original"
            out.append(HeaderDate(value, precision, kind, line))
    return out


def _strip_spans(line: str, spans) -> str:
    for start, end, *_ in sorted(spans, reverse=True):
        line = line[:start] + " " + line[end:]
    return line


def _quote(line: str, limit: int = 100) -> str:
    return line if len(line) <= limit else "…" + line[-(limit - 1):]


def _header_result(text: str) -> dict | None:
    """Field values for the article from its header, or None if it shows no date."""
    found = header_dates(text)
    original = next((h for h in found if h.kind == "original"), None)
    updated = next((h for h in found if h.kind == "updated"), None)
    if original:
        reason = f"header line '{_quote(original.line)}'"
        if updated:
            reason += f"; updated '{_quote(updated.line)}'"
        return {"published": original.value, "published_precision": original.precision,
                "updated": updated.value if updated else None, "date_reason": reason}
    if updated:
        return {"published": updated.value, "published_precision": updated.precision, "updated": updated.value,
                "date_reason": f"header line '{_quote(updated.line)}' (only an update time is shown)"}
    return None


def _refines(meta: Article, value: str) -> bool:
    """Does a header date agree with a metadata date and say more (a time, or a day in a month)?"""
    m, t = meta.published or "", value
    if meta.published_precision == "day" or len(m) >= 10:
        return t[:10] == m[:10] and len(t) > len(m)
    return t.startswith(m) and len(t) > len(m)


def date_article(article: Article) -> Article:
    """`article` with its publication date read from its header lines (see module doc)."""
    if article.date_source in ("manifest", "user", "inferred"):
        return article
    found = _header_result(article.text)
    if article.date_source == "metadata" and article.published:
        if found and _refines(article, found["published"]):
            found["date_reason"] += f", agreeing with metadata {article.published}"
            return replace(article, **found, date_source="text")
        return article
    if found is None:
        return replace(article, published=None, published_precision=None, updated=None,
                       date_source="none", date_reason=None, inferred_from=None)
    return replace(article, **found, date_source="text", inferred_from=None)


def parse_date_value(value: str) -> tuple[str, str]:
    """A date as typed in a manifest, a JSON/CSV field or by the user -> (ISO value, precision).

    Accepts "2016", "2016-05", "2016-05-21", ISO date-times with or without a
    zone, and written dates ("21 May 2016", "May 21, 2016 06:41 GMT").
    Raises ValueError saying why otherwise.

        >>> parse_date_value("2016-05"), parse_date_value("21 May, 2016 06:41")
        (('2016-05', 'month'), ('2016-05-21T06:41:00', 'day'))
    """
    v = (value or "").strip()
    if not v:
        raise ValueError("empty date")
    if re.fullmatch(r"\d{4}", v):
        year = int(v)
        if 1900 <= year <= 2100:
            return v, "year"
        raise ValueError(f"year {v} out of range 1900-2100")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", v):
        if 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{int(m.group(2)):02d}", "month"
        raise ValueError(f"no month {m.group(2)} in {v!r}")
    try:
        dt = datetime.fromisoformat(v.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", v) else v)
    except ValueError:
        dt = None
    if dt is not None:
        if not 1900 <= dt.year <= 2100:
            raise ValueError(f"year {dt.year} out of range 1900-2100")
        if len(v) == 10:
            return dt.date().isoformat(), "day"
        return dt.isoformat(timespec="seconds"), "day"
    found = _line_dates(v)
    if len(found) == 1 and not re.search(r"[A-Za-z]{2,}", _strip_spans(v, found).replace("on", "")):
        return found[0][2], found[0][3]
    raise ValueError(f"not a date: {v!r} (use YYYY-MM-DD, YYYY-MM, YYYY or e.g. '21 May 2016')")
