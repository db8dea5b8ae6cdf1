"""Publication date of an article: from its header zone, metadata, or the user.

`date_article` finds the date in the article's header zone, defined by structure,
not by a character count: the title line, then the lines down to the story (bylines,
date lines, source lines), ending at the first line with an agency dateline ("BEIRUT,
Oct 5 (Reuters) -", "Aleppo, SANA-", "/TASS/.") or at the second line of prose (a
standfirst may come before the byline and the date line). A title line that runs into
the story (title, date and text on one line, as scraped text often is) is read up to
its dateline.

A date in the zone is the publication date when its place says so (`_role`): a cue
before it ("Published", "Posted on", "Last updated", "Date of publication"), a line
that is a date ("Wed 05 Apr 2017 14.20 BST", "16.03.2022 14:52", "Source: X |
2016-10-05 21:35:12"), a dateline ("June 12, 2016 (KHARTOUM) -", "... 05/10/2016 Aleppo,
SANA-"), the start of a line ("23-04-2016 <title>", "AFP Saturday 21 Jun 2014"), a
byline ("April 5 2017 by <author>"), a weekday or a time with it, or a separator
("<title> | 12 September 2016 |"). A date the story is about is never taken: one after
"on", "of", "since"... ("the siege of 3 March 2011"), one a sentence or a timeline entry
opens ("September 30, 2015 marked ...", "July 19, 2012: Rebels ..."), one in the story
past its dateline, or below the zone. An article with no header date stays undated
(dates are never invented) and its reason says so.

    >>> a = date_article(Article.from_text("Rebels advance\\nWed 05 Apr 2017 14.20 BST\\nFighting went on."))
    >>> a.published, a.published_precision, a.date_source
    ('2017-04-05T14:20:00+01:00', 'day', 'text')
    >>> date_article(Article.from_text("Rebels advance\\nFighting went on on Friday.")).published is None
    True

All-numeric dates ("03-04-2016") are read day-month or month-day from evidence: a part
over 12, the weekday shown with it ("Tue 03-04-2016"), another date of the article a
few days from one reading, the article's other numeric dates, or (in an ingest) the
same source's other articles in the run. Where nothing decides, the date keeps the
precision that is certain (the year) and `date_reason` says why. A dateline without a
year ("Oct 5 (Reuters)") takes the year that puts it nearest a date the article names.

`date_reason` quotes the header line. Original and update: when the header shows both
("Published 12 Feb 2015 ... Updated 13 Feb 2015"), `published` is the original (the
anchor for "on Friday"; "First published"/"Originally published" win) and `updated`
the update. When only an update time is shown, it is the best date the article gives
and becomes `published` too; the reason says so.

Who wins: a date from the user or inference is kept as it is. A manifest or metadata
date wins over a header date that disagrees, and the reason keeps both. A metadata date
that the header gives with more detail (a time) is refined by it (`date_source` "text").

dateparser reads only header lines our grammar cannot, and only in the configured
`languages` (default English: `DEFAULT_LANGUAGES`; `conflictmap ingest --languages`).

`parse_date_value` reads a date typed in a manifest, a JSON/CSV field or by
the user; it only accepts absolute dates, so "3 hours ago" never becomes a date.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from timeline import times as _times
from timeline.records import Article
from timeline.times import EXPLICIT_DAY_KINDS, PATTERNS, explicit_day, month_number

__all__ = ["date_article", "dateline_span", "parse_date_value", "header_dates", "HeaderDate", "HEADER_LINES", "DEFAULT_LANGUAGES",
           "order_open", "check_languages"]

#: The header zone never reaches past this many non-empty lines (it mostly ends sooner,
#: at the story's first line).
HEADER_LINES = 12
#: A date line carries at most this many other words beside its dates, times and cues
#: (the title line at most 2: "Remembering 3 March 2011" is a headline).
MAX_OTHER_WORDS = 7

#: Time-zone abbreviations with one meaning in news sites. Ambiguous ones
#: (CST, IST, AST) are left out: an unknown zone keeps the time naive.
TZ_OFFSETS = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120,
              "EEST": 180, "MSK": 180, "TRT": 180, "EST": -300, "EDT": -240, "PST": -480,
              "PDT": -420, "GST": 240, "PKT": 300}
_TZ = "|".join(sorted(TZ_OFFSETS, key=len, reverse=True))
#: What may follow a clock time: am/pm and a zone ("4:30 pm GMT", "14:05 +0300").
_AMPM_ZONE = rf"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<tz>[+-](?:[01]\d):?[0-5]\d|(?:{_TZ})\b)?"
_TIME = re.compile(
    rf"\s*(?:,|at|@|-|–|\||T|/|•|·)?\s*(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?:[:.](?P<s>[0-5]\d))?(?:\.\d+)?"
    rf"{_AMPM_ZONE}(?:\s*\(?(?:UTC|GMT)\s*(?P<tz2>[+-]\d{{1,2}}(?::?\d\d)?)\)?)?")
_TIME_BEFORE = re.compile(
    rf"(?<![\d:])(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?{_AMPM_ZONE}\s*(?:,|on|-|–|\|)?\s*$")
def _leftmost_longest(found: list[tuple]) -> list[tuple]:
    """Matches (start, end, ...) that do not overlap, the leftmost and then longest first."""
    out, end = [], -1
    for f in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if f[0] >= end:
            out.append(f)
            end = f[1]
    return out


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
    return _leftmost_longest(found)


def _strip_spans(line: str, spans) -> str:
    for start, end, *_ in sorted(spans, reverse=True):
        line = line[:start] + " " + line[end:]
    return line


# ---------------------------------------------------------------------------
# The header zone and its dates
# ---------------------------------------------------------------------------

#: Languages dateparser may try on a header line our own grammar cannot read. One
#: language is fast; dateparser with every locale it knows took 0.4 s per article.
DEFAULT_LANGUAGES = ("en",)
#: A line (other than the title) with more words than this beside its dates is story prose:
#: the header zone ends with it.
PROSE_WORDS = 12
#: Of a title line that runs into the story (title, date and text on one line), only
#: this much is read.
TITLE_LEAD_CHARS = 300
#: How close (days) another date of the article must lie to one reading of "03-04-2016"
#: to decide its order.
ORDER_EVIDENCE_DAYS = 3

_MONTH_RE = _times._MONTH
_WEEKDAY_RE = _times._WEEKDAY_ANY
_FULL_MONTHS = "|".join(m for m in calendar.month_name if m)
#: All-numeric dates: "23-04-2016", "24.08.2013", "05/10/2016" (day-month order decided later).
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)"
                      r"(?![\d]|[/.-]\d)")
#: Year first with slashes or dots: "2016/02/27" (year-month-day everywhere).
_YMD = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)(?P<sep>[/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d])")
#: "01-Jan-2017"
_D_MON_Y = re.compile(rf"(?<![\w-])(?P<d>[0-3]?\d)-(?P<mon>{_MONTH_RE})-(?P<y>(?:19|20)\d\d)\b")
#: A weekday right before a date: "Tue 03-04-2016", "Saturday, 09-02-2017".
_WEEKDAY_BEFORE = re.compile(rf"(?P<wd>{_WEEKDAY_RE}),?\s*$")
#: Agency tags and datelines that open a story: "(Reuters) -", "(AP) —", "/TASS/.",
#: "Aleppo, SANA-", "(KHARTOUM) -", "(Xinhua) --", "BEIRUT —", "BEIRUT:".
_TAG = r"\([A-Z][\w.&'/-]*(?:\s+[A-Z][\w.&'/-]*){0,2}\)"
_STORY_START = re.compile(
    rf"{_TAG}\s*(?:[-–—]+|:)|/[A-Za-z-]{{2,12}}/\.?|(?:^|,\s*|\s)[A-Z]{{2,6}}\s*[-–—]+(?=\s*[A-Z])"
    rf"|\b[A-Z][A-Z'’.-]{{2,}}(?:[,/ ]+[A-Z][\w'’.-]*){{0,3}}\s*(?:[-–—]+|:)\s+(?=[A-Z(])"
    rf"|^{_TAG}\s+(?=[A-Z])")
#: What may follow a dateline's date: "(Reuters) -", "(KHARTOUM) -", "-", "/TASS/.", "Aleppo, SANA-".
_AFTER_DATELINE = re.compile(
    rf"\s*[,.]?\s*(?:(?:{_TAG}\s*)?(?:[-–—]+|:)(?=\s)|{_TAG}|/[A-Za-z-]{{2,12}}/"
    rf"|[A-Z][\w'’ -]{{0,40}}?,?\s*[A-Z]{{2,6}}\s*[-–—]|[A-Z]{{3,}}[\w'’ ,.]{{0,30}}?\s*(?:{_TAG}\s*)?[-–—])")
#: Yearless dateline dates: "BEIRUT, Oct 5 (Reuters) -", "MOSCOW, July 7. /TASS/.".
_YEARLESS = re.compile(
    rf"(?:\b(?P<mon>{_MONTH_RE})\s+(?P<d>[0-3]?\d)\b|\b(?P<d2>[0-3]?\d)\s+(?P<mon2>{_MONTH_RE}))\.?"
    rf"(?=\s*(?:{_TAG}|/[A-Za-z-]{{2,12}}/))")
_SEPARATOR_BEFORE = re.compile(r"(?:[|•·–—]|\s-|\s--)\s*$")
_SEPARATOR_AFTER = re.compile(r"\s*(?:$|[|•·–—]|-\s|--)")
#: Words that make a date what the story is about: "the siege of 3 March 2011", "since 5 May 2015".
_NARRATIVE_BEFORE = re.compile(
    r"\b(?:on|of|since|in|until|till|from|to|after|before|between|and|through|during|the|this|that|last|"
    r"early|late|mid|by|at|until|for|around|about|remembering|marking|marks|anniversary)\W*$", re.IGNORECASE)
_CUE_WORDS = re.compile(
    r"\b(?:(?P<first>first published|originally published|date of publication|publication date|issued)"
    r"|(?P<upd>last updated|last modified|updated|update|modified|edited|revised|amended)"
    r"|(?P<orig>published|posted|created|released|date|as of))\b", re.IGNORECASE)
#: Between a cue and its date: a colon, "on", "at", a time, a zone, a weekday, "by <name> on".
_CUE_GAP = re.compile(r"[^.!?\d\n]{0,40}?(?:\d{1,4}[:.]?\d{0,2}\s*(?:[ap]\.?m\.?)?[^.!?\n]{0,25}?)?$",
                      re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{2,}")
#: Words a date line may carry beside its date without being prose.
_DATE_LINE_WORDS = re.compile(
    rf"^(?:{_FULL_MONTHS}|{'|'.join(calendar.month_abbr[1:])}|Sept|{'|'.join(calendar.day_name)}|"
    rf"{'|'.join(calendar.day_abbr)}|am|pm|by|on|at|gmt|utc|bst|est|edt|et|cet|ksa|local|time|and)$", re.IGNORECASE)


class _Cand(NamedTuple):
    line_no: int
    start: int
    end: int
    value: str                  # ISO value (a year alone when the day-month order is open)
    precision: str
    role: str                   # cue | date_line | dateline | line_start | separated | title_run
    kind: str                   # original | updated | first
    line: str
    readings: tuple = ()        # for an open numeric order: the (day-month, month-day) ISO days
    yearless: tuple = ()        # for "Oct 5 (Reuters)": (month, day)
    note: str = ""


def _clean(line: str) -> str:
    """The line with look-alikes made plain, keeping every offset: the Arabic comma,
    "May." for "May", non-breaking spaces."""
    line = line.replace("\u060c", ",").replace("\xa0", " ").replace("\u202f", " ")
    return re.sub(rf"\b({_FULL_MONTHS})\.", r"\1 ", line)


def _readings(a: int, b: int, y: int) -> tuple[date | None, date | None]:
    def mk(d, m):
        try:
            return date(y, m, d)
        except ValueError:
            return None
    return mk(a, b), mk(b, a)   # (day-month, month-day)


def _line_candidates(line: str) -> list[tuple[int, int, str, str, tuple, tuple, str]]:
    """Dates in one header line: (start, end, value, precision, readings, yearless, note)."""
    found = []
    if _HAS_YEAR.search(line):
        for start, end, value, precision in _line_dates(line):
            if not _NUMERIC.fullmatch(line, start, end):  # all-numeric dates: read below, with their order
                found.append((start, end, value, precision, (), (), ""))
        for m in _YMD.finditer(line):
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            value, before, after = _with_time(day, line[:m.start()], line[m.end():])
            found.append((m.start() - before, m.end() + after, value, "day", (), (), ""))
        for m in _D_MON_Y.finditer(line):
            try:
                day = date(int(m.group("y")), month_number(m.group("mon")), int(m.group("d")))
            except ValueError:
                continue
            found.append((m.start(), m.end(), day.isoformat(), "day", (), (), ""))
        for m in _NUMERIC.finditer(line):
            a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
            dm, md = _readings(a, b, y)
            if dm is None and md is None:
                continue
            start = m.start()
            wd = _WEEKDAY_BEFORE.search(line[max(0, start - 14):start])
            note = ""
            if dm and md and dm != md and wd:
                want = _weekday_number(wd.group("wd"))
                fits = [d for d in (dm, md) if d.weekday() == want]
                if len(fits) == 1:
                    note = f"{m.group(0)} read {'day-month' if fits[0] == dm else 'month-day'} from the weekday {wd.group('wd')}"
                    dm = md = fits[0]
                start -= len(wd.group(0))
            elif wd:
                start -= len(wd.group(0))
            if dm and md and dm != md:
                found.append((start, m.end(), f"{y:04d}", "year", (dm.isoformat(), md.isoformat()), (), ""))
                continue
            day = dm or md
            if not note and a != b:
                note = f"{m.group(0)} read {'day-month' if day == dm else 'month-day'}: {max(a, b)} cannot be a month"
            value, before, after = _with_time(day, line[:start], line[m.end():])
            found.append((start - before, m.end() + after, value, "day", (), (), note))
    for m in (_YEARLESS.finditer(line) if ("(" in line or "/" in line) else ()):
        mon, d = (m.group("mon"), m.group("d")) if m.group("mon") else (m.group("mon2"), m.group("d2"))
        found.append((m.start(), m.end(), "", "day", (), (month_number(mon), int(d)), ""))
    return _leftmost_longest(found)


def _weekday_number(name: str) -> int:
    key = name.rstrip(".").title()
    return _times.WEEKDAYS.get(key, _times.WEEKDAY_ABBR.get(key, -1))


def _other_words(line: str, spans) -> int:
    rest = _strip_spans(line, spans)
    rest = _CUE_WORDS.sub(" ", rest)
    return sum(1 for w in _WORD.findall(rest) if not _DATE_LINE_WORDS.match(w))


def _cue_before(before: str):
    """The cue word introducing a date ("Published", "Updated: Monday,"), if any."""
    best = None
    for m in _CUE_WORDS.finditer(before):
        best = m
    if best is None or not _CUE_GAP.fullmatch(before[best.end():]):
        return None
    return best


#: After a date that opens a line: a timeline entry or a sentence about the date, not a stamp.
_SUBJECT_AFTER = re.compile(r"\s*:\s+\S|\s+(?!by\b|updated\b|last\b)[a-z]|\.\s+[A-Z][a-z]*\s+[a-z]")
_BYLINE_AFTER = re.compile(r"\s*[,|]?\s*(?:by|By|BY)\s+[A-Z]")
_BYLINE_BEFORE = re.compile(r"\b(?:By|BY)\s+(?:(?:[A-Z][\w'’.-]*|and),?\s+){1,6}(?:[|,•-]\s*)?$")
_AGENCY_BEFORE = re.compile(r"(?:^|\s)[A-Z]{2,6}\s*[,|:]?\s*$")
#: At most this many words of title before a date the title line runs into.
TITLE_WORDS = 30

#: Story states of a zone line: header, the story's first line (only its dateline
#: counts), a short line after a prose line (only date lines and cues count).
_HEADER, _STORY, _AFTER_PROSE = 0, 1, 2
#: Prose has sentences: a word ending with a full stop (menus and bylines do not).
_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"”’)]?(?:\s|$)")


def _role(line: str, line_no: int, start: int, end: int, spans, state: int, lead_end: int,
          weekday: bool, stamp: bool = False) -> str | None:
    """Why a date in a header line is the publication date, or None if it is not."""
    before, after = line[:start], line[end:]
    cue = _cue_before(before)
    words_before = len(_WORD.findall(before))
    dateline = bool(_AFTER_DATELINE.match(after)) and (words_before <= 6 or (line_no == 0 and words_before <= TITLE_WORDS))
    if start >= lead_end and before.strip() and not dateline:
        return None  # in the story, past its dateline
    if cue:
        return "cue"
    others = _other_words(line, spans)
    if state == _AFTER_PROSE:
        return "date_line" if others <= MAX_OTHER_WORDS and not _NARRATIVE_BEFORE.search(before[-20:]) \
            and not _SENTENCE_END.search(line) and not _SUBJECT_AFTER.match(after) else None
    stripped = before.strip(" \t,:|•·-–—")
    if not stripped or re.fullmatch(r"[A-Z]{2,6}|\([A-Z][\w.]*\)", stripped):
        # "23-04-2016 <title>", "AFP Saturday 21 Jun 2014", "June 12, 2016 (KHARTOUM) -"
        if _SUBJECT_AFTER.match(after):
            return None  # "March 15, 2011: five years on", "September 30, 2015 marked ..."
        if state == _STORY and not (dateline or weekday or stamp or _SEPARATOR_AFTER.match(after)):
            return None  # a paragraph of the story that opens with a date ("August 21, 2013. Rockets ...")
        return "line_start"
    if _NARRATIVE_BEFORE.search(before[-20:]):
        return None
    if dateline:
        return "dateline"
    if state == _HEADER and others <= (2 if line_no == 0 else MAX_OTHER_WORDS) \
            and not (others >= 3 and _SENTENCE_END.search(line)):
        return "date_line"     # not a caption ("A man walks through Baba Amr, 4 March 2012.")
    if state == _STORY or (line_no == 0 and words_before > TITLE_WORDS):
        return None
    if _BYLINE_AFTER.match(after) or _BYLINE_BEFORE.search(before):
        return "byline"        # "April 5 2017 by <author>", "By <author> | March 3, 2016"
    if _AGENCY_BEFORE.search(before):
        return "agency"        # "<title> AFP Saturday 21 Jun 2014 <story>"
    if weekday:
        return "weekday"
    if stamp:
        return "stamp"         # "<title> November 9, 2017 / 8:41 AM / ...": a date with its time       # "<title> Wed 05 Apr 2017 <story>": a stamp, not prose
    if _SEPARATOR_BEFORE.search(before) and (_SEPARATOR_AFTER.match(after) or line_no == 0):
        return "separated"
    if line_no == 0 and re.match(r"[\s,]*[A-Z][a-z]", after):
        return "title_run"  # "<title> 5 April 2017 The number of people killed ..."
    return None


def _zone(text: str, lines: int):
    """The header zone: (line number, cleaned line, story state, lead end).

    The title, then the lines down to the story: the first line with an agency dateline
    ("BEIRUT, Oct 5 (Reuters) -"), of which only the dateline counts, or the second line
    of prose (a standfirst may come before the byline and the date line). After a line of
    prose only date lines count. A title line that runs into the story ends the zone.
    """
    n = prose_lines = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        line = _clean(line[:400] if n else line[:TITLE_LEAD_CHARS])
        marker = _STORY_START.search(line, 0, 160 if n else TITLE_LEAD_CHARS)
        if marker and len(_WORD.findall(line, marker.end())) < 4:
            marker = None  # "ANF - AFRIN" on its own line: an agency line, not the story's dateline
        if n == 0:
            blob = marker and marker.start() > 0 and len(_WORD.findall(line)) > PROSE_WORDS
            yield n, line, _HEADER, marker.end() if blob else len(line)
            if blob:
                return  # title and story on one line
        else:
            # a line a cue or "By" opens ("Posted on 9 Aug 2016 by the news desk, ...") is a
            # date line or a byline; page furniture runs its parts together with bars
            prose = (len(_WORD.findall(line)) > PROSE_WORDS and _SENTENCE_END.search(line) is not None
                     and not _CUE_WORDS.match(line) and not line.startswith("By ") and "|" not in line)
            if marker:
                yield n, line, _STORY, marker.end()
                return
            if prose:
                yield n, line, _STORY, 0
                prose_lines += 1
                if prose_lines >= 2:
                    return
            else:
                yield n, line, _AFTER_PROSE if prose_lines else _HEADER, len(line)
        n += 1
        if n >= lines:
            return


def dateline_span(text: str, lines: int = 3) -> tuple[int, int] | None:
    """Offsets of the agency dateline that opens the story ("MAIDUGURI, Nigeria, Jan 5
    (Reuters) - "), within its first `lines` lines; None without one.  Its date is the
    report's, never an event's.

        >>> t = "MAIDUGURI, Nigeria, Jan 5 (Reuters) - Boko Haram fighters seized Baga on Saturday."
        >>> a, b = dateline_span(t); t[a:b]
        'MAIDUGURI, Nigeria, Jan 5 (Reuters) -'
    """
    offset = 0
    for raw in text[:600].splitlines(keepends=True)[:lines]:    # (a dateline opens the story)
        marker = _STORY_START.search(raw, 0, 160)
        if marker and len(_WORD.findall(raw, marker.end())) >= 4:
            return offset + len(raw) - len(raw.lstrip()), offset + marker.end()
        offset += len(raw)
    return None


def _candidates(text: str, lines: int = HEADER_LINES, languages=DEFAULT_LANGUAGES) -> list[_Cand]:
    out = []
    for line_no, line, state, lead_end in _zone(text, lines):
        found = _line_candidates(line)
        if not found:
            if _HAS_YEAR.search(line) and state != _STORY:
                fb = _fallback_line(line, languages)
                if fb:
                    out.append(_Cand(line_no, 0, len(line), fb[0], "day", "cue", fb[2], line, note="read by dateparser"))
            continue
        spans = [(s, e) for s, e, *_ in found]
        for start, end, value, precision, readings, yearless, note in found:
            weekday = bool(re.match(_WEEKDAY_RE, line[start:end]))
            role = _role(line, line_no, start, end, spans, state, lead_end, weekday, "T" in value)
            if role is None or (yearless and role not in ("dateline", "line_start", "cue")):
                continue
            cue = _cue_before(line[:start]) if role == "cue" else None
            kind = "original"
            if cue:
                kind = "updated" if cue.group("upd") else "first" if cue.group("first") else "original"
            out.append(_Cand(line_no, start, end, value, precision, role, kind, line, readings, yearless, note))
    return out


_STRONG = ("cue", "date_line", "dateline", "line_start", "byline", "agency", "weekday", "stamp")


def _fallback_line(line: str, languages) -> tuple[str, str, str] | None:
    """A zone line our grammar cannot read: dateparser in the configured languages, on a
    line a cue introduces ("Published: ...") or, for other languages than English, on a
    short line that is a date."""
    cue = _CUE_WORDS.search(line)
    if cue:
        text, kind = line[cue.end():].strip(" :-|"), ("updated" if cue.group("upd") else "original")
    elif tuple(languages) != ("en",) and len(line) <= 60:
        text, kind = line, "original"
    else:
        return None
    if tuple(languages) == ("en",) and not _ENGLISH_MONTH.search(text):
        return None  # our grammar reads English dates; without a month name dateparser finds none
    fb = _dateparser_fallback(text, languages)
    if fb is None and cue is None:
        # "Publié le 5 octobre 2016": from the word before the first number, then from the number
        digit = re.search(r"\d", text)
        if digit and digit.start() > 0:
            word = text.rfind(" ", 0, max(0, text.rfind(" ", 0, digit.start())))
            fb = _dateparser_fallback(text[word + 1:], languages) or _dateparser_fallback(text[digit.start():], languages)
    return (fb[0], fb[1], kind) if fb else None


def check_languages(languages) -> tuple[str, ...]:
    """The languages as a tuple, checked: ValueError naming the codes dateparser does not know."""
    codes = tuple(dict.fromkeys(code.strip().lower() for code in (languages or ()) if code and code.strip()))
    if not codes:
        return DEFAULT_LANGUAGES
    if codes != DEFAULT_LANGUAGES:
        from dateparser.languages.loader import default_loader

        try:
            list(default_loader.get_locales(languages=list(codes)))
        except ValueError as e:
            raise ValueError(f"{e} (use ISO 639-1 codes such as en, fr, ar, ru, uk, tr)") from None
    return codes


_ENGLISH_MONTH = re.compile(rf"\b(?:{_FULL_MONTHS}|{'|'.join(calendar.month_abbr[1:])}|Sept)\b", re.IGNORECASE)


def _dateparser_fallback(text: str, languages=DEFAULT_LANGUAGES) -> tuple[str, str] | None:
    """A header line our grammar could not read: let dateparser try, absolute dates only,
    in the configured languages only."""
    if _NUMERIC.search(text):
        return None  # "10/11/2017": day and month swappable; dateparser would guess
    import dateparser

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                # absolute parsers only: "Updated 3 hours ago" must not become today's date
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    try:
        dt = dateparser.parse(text[:60], languages=list(languages), settings=settings)
    except (ValueError, OverflowError):
        return None
    if dt is None or not 1900 <= dt.year <= 2100:
        return None
    has_time = dt.time() != datetime.min.time() or dt.tzinfo is not None
    return (dt.isoformat(timespec="seconds") if has_time else dt.date().isoformat()), "day"


def header_dates(text: str, lines: int = HEADER_LINES, languages=DEFAULT_LANGUAGES) -> list[HeaderDate]:
    """Publication-date candidates in the header zone, top first (day-month orders left open
    show as a year)."""
    return [HeaderDate(c.value or "", c.precision, "updated" if c.kind == "updated" else "original", c.line)
            for c in _candidates(text, lines, languages)]


def _text_days(text: str) -> list[date]:
    """Every day the text names unambiguously (for the year of a yearless dateline and
    the order of an all-numeric date)."""
    out = []
    if not _HAS_YEAR.search(text):
        return out
    for kind in ("iso", "dmy", "mdy"):
        for m in _PATTERN_OF[kind].finditer(text):
            d = explicit_day(kind, m)
            if d and 1900 <= d.year <= 2100:
                out.append(d)
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        dm, md = _readings(a, b, y)
        if (dm is None) != (md is None) or (dm and dm == md):
            out.append(dm or md)
    return out


def _numeric_orders(text: str) -> dict[str, set[str]]:
    """Separator -> the orders ('dm', 'md') the article's decidable numeric dates use."""
    orders: dict[str, set[str]] = {}
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            orders.setdefault(m.group("sep"), set()).add("dm")
        elif b > 12 >= a:
            orders.setdefault(m.group("sep"), set()).add("md")
    return orders


def _decide_order(c: _Cand, text: str, days: list[date], hint: str | None) -> _Cand:
    """An all-numeric date whose day and month can swap, decided from the article's other
    dates (one reading within a few days of another date it names, or its other numeric
    dates' order), else from the source's order in this run (`hint`); else kept to the year."""
    dm, md = date.fromisoformat(c.readings[0]), date.fromisoformat(c.readings[1])
    shown = _NUMERIC.search(c.line, c.start)
    shown_text = shown.group(0) if shown else c.value
    near = {r for r in (dm, md) for d in days if abs((d - r).days) <= ORDER_EVIDENCE_DAYS}
    pick, why = None, ""
    if len(near) == 1:
        pick = near.pop()
        why = f"{shown_text} read {'day-month' if pick == dm else 'month-day'}: another date of the article is {pick.isoformat()} or within {ORDER_EVIDENCE_DAYS} days of it"
    else:
        orders = _numeric_orders(text).get(shown.group("sep") if shown else "", set())
        if len(orders) == 1:
            order = next(iter(orders))
            pick = dm if order == "dm" else md
            why = f"{shown_text} read {'day-month' if order == 'dm' else 'month-day'} like the article's other numeric dates"
        elif hint in ("dm", "md", "day-month", "month-day"):
            hint = "dm" if hint in ("dm", "day-month") else "md"
            pick = dm if hint == "dm" else md
            why = f"{shown_text} read {'day-month' if hint == 'dm' else 'month-day'} like this source's other dates in the run"
    if pick is None:
        return c._replace(note=f"{shown_text} is {dm.strftime('%-d %B')} or {md.strftime('%-d %B %Y')} and nothing "
                               f"decides the order: kept to the year")
    value, _, _ = _with_time(pick, "", c.line[c.end:])
    return c._replace(value=value, precision="day", readings=(), note=why)


def _year_for(c: _Cand, days: list[date]) -> _Cand | None:
    """A yearless dateline ("Oct 5 (Reuters)") in the year that puts it nearest the dates
    the article names; None if it names none."""
    mon, d = c.yearless
    best = None
    for ref in days:
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                cand = date(y, mon, d)
            except ValueError:
                continue
            gap = abs((cand - ref).days)
            if best is None or gap < best[0]:
                best = (gap, cand, ref)
    if best is None or best[0] > 183:
        return None
    return c._replace(value=best[1].isoformat(), yearless=(),
                      note=f"the dateline gives no year: {best[1].year} from the date {best[2].isoformat()} "
                           f"the article names")


def _quote(line: str, start: int = 0, end: int | None = None, limit: int = 100) -> str:
    """The header line, or for a long one the part around the date."""
    if len(line) <= limit:
        return line
    end = len(line) if end is None else end
    lo = max(0, min(start - 40, end + 20 - limit))
    hi = min(len(line), lo + limit)
    return ("…" if lo else "") + line[lo:hi] + ("…" if hi < len(line) else "")


def _header_result(text: str, languages=DEFAULT_LANGUAGES, order_hint: str | None = None) -> dict | None:
    """Field values for the article from its header zone, or None if it shows no date."""
    cands = _candidates(text, HEADER_LINES, languages)
    if not cands:
        return None
    days = None
    resolved = []
    for c in cands:
        if c.readings or c.yearless:
            if days is None:
                days = _text_days(text)
            c = _decide_order(c, text, days, order_hint) if c.readings else _year_for(c, days)
            if c is None:
                continue
        resolved.append(c)
    strong = [c for c in resolved if c.role in _STRONG] or resolved
    if not strong:
        return None
    first = [c for c in strong if c.kind == "first"]
    originals = first or [c for c in strong if c.kind == "original"]
    updated = next((c for c in strong if c.kind == "updated"), None)
    original = originals[0] if originals else None
    if original and original.precision == "year":
        # an open day-month order: another header date of the same year says more
        better = next((c for c in originals if c.precision == "day" and c.value[:4] == original.value), None)
        if better:
            original = better
    def says(c: _Cand) -> str:
        return f"header line '{_quote(c.line, c.start, c.end)}'" + (f" ({c.note})" if c.note else "")
    if original:
        reason = says(original)
        upd = updated.value if updated and updated.precision == "day" else None
        if updated:
            reason += f"; updated '{_quote(updated.line, updated.start, updated.end)}'"
        return {"published": original.value, "published_precision": original.precision,
                "updated": upd, "date_reason": reason}
    if updated:
        return {"published": updated.value, "published_precision": updated.precision,
                "updated": updated.value if updated.precision == "day" else None,
                "date_reason": says(updated) + " (only an update time is shown)"}
    return None


def order_open(article: Article) -> str | None:
    """The separator of the article's header date when its day-month order is left open."""
    if article.date_source != "text" or article.published_precision != "year":
        return None
    m = _OPEN_ORDER.search(article.date_reason or "")
    return m.group("sep") if m else None


#: The note `_decide_order` leaves on a date whose order nothing decided.
_OPEN_ORDER = re.compile(r"\((?P<date>[0-3]?\d(?P<sep>[/.-])[0-3]?\d(?P=sep)(?:19|20)\d\d) is [^()]* and nothing decides the order")


def _refines(meta: Article, value: str) -> bool:
    """Does a header date agree with a metadata date and say more (a time, or a day in a month)?"""
    m, t = meta.published or "", value
    if meta.published_precision == "day" or len(m) >= 10:
        return t[:10] == m[:10] and len(t) > len(m)
    return t.startswith(m) and len(t) > len(m)


def _agrees(given: str, found: str) -> bool:
    n = min(len(given), len(found), 10)
    return given[:n] == found[:n]


_LOSES = "; the header says"


def date_article(article: Article, languages=DEFAULT_LANGUAGES, order_hint: str | None = None) -> Article:
    """`article` with its publication date read from its header zone (see module doc).

    `languages`: the languages dateparser may try on a header line our grammar cannot
    read (default English only). `order_hint`: 'day-month' or 'month-day', the order this
    article's source uses in the run, for an all-numeric header date nothing else decides.
    """
    if article.date_source in ("user", "inferred"):
        return article
    languages = tuple(languages) if languages else DEFAULT_LANGUAGES
    if article.date_source == "manifest":
        found = _header_result(article.text, languages, order_hint)
        if found and article.published and not _agrees(article.published, found["published"]) \
                and _LOSES not in (article.date_reason or ""):
            return replace(article, date_reason=f"{article.date_reason or 'manifest'}{_LOSES} "
                                                f"{found['published']} ({found['date_reason']}): the manifest wins")
        return article
    found = _header_result(article.text, languages, order_hint)
    if article.date_source == "metadata" and article.published:
        if found and _refines(article, found["published"]):
            found["date_reason"] += f", agreeing with metadata {article.published}"
            return replace(article, **found, date_source="text")
        if found and not _agrees(article.published, found["published"]) and _LOSES not in (article.date_reason or ""):
            return replace(article, date_reason=f"{article.date_reason or 'metadata'}{_LOSES} "
                                                f"{found['published']} ({found['date_reason']}): the metadata wins")
        return article
    if found is None:
        return replace(article, published=None, published_precision=None, updated=None,
                       date_source="none", date_reason="no date in the header lines", inferred_from=None)
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
