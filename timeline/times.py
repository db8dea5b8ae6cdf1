"""Time expressions inside a text, resolved to intervals against the article's date.

One pass of an Aho-Corasick automaton finds the words that can head a time
expression (month and weekday names, "yesterday", "ago", "last", years);
only the few windows around them are matched against the phrase patterns
("on Friday", "last week", "in July", "May 25", "early 2014", "since 2013",
"a few months ago", explicit dates), each only as far as the window still
holds what the pattern needs (a year, a day, a month name: `_NEEDS`), and
each match is resolved by calendar arithmetic rather than a general date parser. That keeps a 3 KB article
well under a millisecond (dateparser's `search_dates` takes ~40 ms).

Relative expressions need an anchor (the article's publication day). Without
one only absolute expressions resolve: an undated article never gets a date
from "on Friday". Dates are never invented.

    >>> [(t.phrase, t.start, t.end, t.precision)
    ...  for t in find_time_expressions("Rebels left on Friday, weeks after a raid in July.", "2017-10-14")]
    [('on Friday', '2017-10-13', '2017-10-13', 'day'), ('in July', '2017-07-01', '2017-07-31', 'month')]
    >>> find_time_expressions("Rebels left on Friday.", None)
    []
    >>> [t.start for t in find_time_expressions("It has held the town since 2013.", None)]
    ['2013-01-01']

Precisions follow UCDP's date_prec in words (timeline.records.PRECISIONS):
the precision says how wide the interval is, e.g. "early 2014" is
2014-01-01..2014-04-30 at precision "year".
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.records import TimeSpan

__all__ = ["find_time_expressions", "time_for_span", "time_before", "title_year", "MONTHS", "WEEKDAYS", "month_number",
           "explicit_day", "EXPLICIT_DAY_KINDS", "interval_precision", "SANE_YEARS"]

#: Month names and abbreviations -> month number. Capitalised forms only are
#: matched in text, so the verb "may" and "march" stay verbs.
MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name: i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["Sept"] = 9
WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}  # Monday = 0
#: The names as lists: `calendar.month_name[i]` formats a date at every look-up.
_MONTH_NAMES, _DAY_NAMES = list(calendar.month_name), list(calendar.day_name)
WEEKDAY_ABBR = {name: i for i, name in enumerate(calendar.day_abbr)}
WEEKDAY_ABBR.update({"Tues": 1, "Thur": 3, "Thurs": 3})
#: Years outside this range are not dates in news text ("Resolution 2254", "1500 fighters").
SANE_YEARS = (1900, 2100)
#: How far past the anchor a year may lie and still be read as a year (plans, deadlines).
FUTURE_YEARS = 10

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "a hundred": 100, "couple of": 2, "a couple of": 2}
#: Vague quantities as (fewest, most) units.
VAGUE_NUMBERS = {"a few": (2, 4), "few": (2, 4), "several": (3, 7), "some": (2, 6)}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
#: Part of a year named by a modifier, as (first month, last month).
YEAR_PARTS = {"early": (1, 4), "beginning of": (1, 3), "start of": (1, 3), "mid": (5, 8),
              "middle of": (5, 8), "late": (9, 12), "end of": (10, 12)}
MONTH_PARTS = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
               "middle of": (11, 20), "late": (21, 31), "end of": (21, 31)}


def _alternation(words) -> str:
    # Longest first, so "September" wins over "Sep" and "Thurs" over "Thu".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _cased(words) -> list[str]:
    return [w for word in words for w in (word, word.upper())]


_MONTH_FULL = [name for name in calendar.month_name if name]
_MONTH = (rf"(?:(?:{_alternation(_cased(_MONTH_FULL))})\b"
          rf"|(?:{_alternation(_cased(set(MONTHS) - set(_MONTH_FULL)))})\b\.?)")
_WEEKDAY = rf"(?:{_alternation(_cased(WEEKDAYS))})\b"
_WEEKDAY_ANY = rf"(?:{_WEEKDAY}|(?:{_alternation(_cased(WEEKDAY_ABBR))})\b\.?)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_PREP = r"(?:[Ii]n|[Ss]ince|[Bb]etween|[Ff]or|[Dd]uring|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Tt]hroughout|[Oo]f|[Bb]efore|[Aa]fter|[Aa]round|[Oo]n|[Aa]s of|[Ss]tarting|[Tt]o|[Ee]nd of|[Bb]eginning of)"
_PART = r"(?P<part>[Ee]arly|[Mm]id|[Ll]ate|[Tt]he end of|[Ee]nd of|[Tt]he beginning of|[Bb]eginning of|[Tt]he start of|[Ss]tart of|[Tt]he middle of|[Mm]iddle of)[\s-]*"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
_NUMBER = rf"(?P<num>\d{{1,3}}|{_alternation(NUMBER_WORDS)}|{_alternation(VAGUE_NUMBERS)})"

#: Nouns that make a four-digit number a count ("2000 refugees"), not a year.
_COUNTED = (r"(?:per|percent|people|persons|km|kilometres|kilometers|metres|meters|miles|troops|fighters|"
            r"soldiers|militants|rebels|civilians|residents|refugees|children|women|men|families|houses|"
            r"homes|dead|killed|wounded|prisoners|members|cases|votes|tons|tonnes|dollars|euros|pounds)\b")
#: Weekday names inside names of days or events, not dates ("Good Friday", "Bloody Sunday").
_NOT_A_WEEKDAY = r"(?<!Good )(?<!Black )(?<!Bloody )(?<!Holy )(?<!Ash )(?<!Super )"

#: Words before a year used as an adjective ("a 2015 raid", "the group's 2014 offensive").
_DETERMINER = r"(?:[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Tt]his|[Tt]hat|\w+['’]s)"

_P = re.compile
#: (kind, pattern), most specific first; overlaps are settled longest-leftmost.
PATTERNS = [
    ("iso", _P(r"(?<![\d-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")),
    ("dmy", _P(rf"(?:\b{_WEEKDAY_ANY},?\s+)?\b(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    ("mdy", _P(rf"(?:\b{_WEEKDAY_ANY},?\s+)?\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b")),
    # "between January and April 2017", "from October to December 2016": the year written once
    ("mrange", _P(rf"\b(?:(?:[Bb]etween|[Ff]rom|[Ii]n)\s+)?(?P<mon>{_MONTH})\s+(?:and|to|until|through|[-–])\s+"
                  rf"(?P<mon2>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    ("my", _P(rf"\b(?:{_PREP}\s+)?(?:{_PART})?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    ("numeric", _P(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-]?\d)")),
    ("dm", _P(rf"(?:\b{_WEEKDAY},?\s+)?\b(?:{_PREP}\s+)?(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})(?![\w.]*,?\s*(?:{_YEAR}\b|\d(?![\d,.]*\s+[a-z])))")),
    ("md", _P(rf"(?:\b{_WEEKDAY},?\s+)?\b(?:{_PREP}\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\b(?![,.]?\d|,?\s*\d{{4}}|\s*(?:%|per|people|percent))")),
    # "in January this year", "May last year": a month of the year the article's date names
    ("myrel", _P(rf"\b(?:{_PREP}\s+)?(?:{_PART})?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<yrel>[Tt]his|[Ll]ast|[Nn]ext)\s+year\b")),
    # "on June 6 of this year", "6 March last year": a day of the year the article's date names
    ("dmrel", _P(rf"(?:\b{_WEEKDAY},?\s+)?\b(?:{_PREP}\s+)?(?:(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})|"
                 rf"(?P<mon2>{_MONTH})\s+(?P<d2>{_DAY})),?\s+(?:of\s+)?(?P<yrel>[Tt]his|[Ll]ast|[Nn]ext)\s+year\b")),
    ("month", _P(rf"\b(?:(?:{_PREP})\s+)?(?:(?P<rel>[Ll]ast|[Tt]his past|[Tt]his|[Nn]ext|[Ee]arlier this|[Ll]ater this)\s+)?(?:{_PART})?(?P<mon>{_MONTH})(?![\w.]*\s*\d)")),
    ("decade", _P(rf"\b(?:(?:{_PREP})\s+)?(?:[Tt]he\s+)?(?:{_PART})?(?P<y>(?:1[89]|20)\d0)['’]?s\b")),
    ("season", _P(rf"\b(?:{_PREP}\s+)?(?:[Tt]he\s+(?=[Ff]ollowing))?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Tt]his past|[Ff]ollowing|[Tt]hat)?\s*(?:the\s+)?(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter|[Ff]all)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b")),
    ("year", _P(rf"\b(?:(?:{_PREP})\s+)?(?:[Tt]he\s+(?:year\s+)?|{_DETERMINER}\s+(?={_YEAR}\s+[a-z]))?(?:{_PART})?(?P<y>{_YEAR})(?![\d,.]\d|-[a-z]|\s*(?:%|{_COUNTED}))(?:(?:\s*[-–]\s*|\s+(?:and|to|until|through)\s+)(?P<y2>{_YEAR})(?![\d,.]\d))?\b")),
    ("weekday", _P(rf"\b(?:(?P<rel>[Ll]ast|[Tt]his past|[Tt]his coming|[Tt]his|[Nn]ext|[Oo]n|[Ee]arly|[Ll]ate|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?{_NOT_A_WEEKDAY}(?P<wd>{_WEEKDAY})(?:['’]s)?(?:\s+(?P<tod>morning|afternoon|evening|night))?\b")),
    ("deictic", _P(r"\b(?P<word>[Tt]he day before yesterday|[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night|[Tt]his (?:morning|afternoon|evening))\b")),
    ("ago", _P(rf"\b{_NUMBER}\s+{_UNIT}\s+ago\b", re.IGNORECASE)),
    ("past", _P(rf"\b(?:(?:in|over|during|within)\s+)?the\s+(?P<dir>past|last|previous|preceding|coming|next|following)\s+(?:{_NUMBER}\s+)?{_UNIT}\b", re.IGNORECASE)),
    ("recent", _P(rf"\b(?:in\s+)?(?P<dir>recent|coming)\s+{_UNIT}\b", re.IGNORECASE)),
    ("relunit", _P(r"\b(?P<rel>last|this|next|earlier this|later this|this past|early last|late last|early this|late this|early next)\s+(?P<unit>week|weekend|month|year)\b", re.IGNORECASE)),
    # the first stretch of what the paragraph tells, from its first date: "in the first weeks of the battle"
    ("opening", _P(r"\b(?:in|during|within|over)\s+the\s+(?:first|opening|early)\s+(?:(?P<num>few|two|three|four)\s+)?"
                   r"(?P<unit>hours|days|weeks|months|day|week|month)\s+of\s+the\s+(?:battle|offensive|fighting|siege|"
                   r"war|assault|campaign|operation|attack|uprising|conflict|invasion)\b", re.IGNORECASE)),
    # narrative steps, resolved only against the last date the paragraph named ("two days later")
    ("later", _P(rf"\b(?:{_NUMBER}\s+(?P<unit>days?|weeks?|months?)\s+later|(?:(?:early|late)\s+(?:on\s+)?)?"
                 r"(?:on\s+)?the\s+(?P<next>next|following)\s+(?P<nunit>day|morning|evening|night|week|month|year)|"
                 r"(?:later|early|late)\s+(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night)|"
                 # the story's day still: "Later in the day, the army captured ...", "retook it by nightfall"
                 r"(?:later|early|late)\s+in\s+the\s+(?:day|morning|afternoon|evening|night)|"
                 r"by\s+(?:nightfall|nighttime|night-time|the\s+end\s+of\s+the\s+day)|"
                 r"(?:on\s+)?the\s+same\s+(?:day|morning|afternoon|evening|night)|"
                 r"(?:on\s+)?that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)|"
                 # the narrative's own month or year: "later that month", "by the end of the year"
                 r"(?:later\s+(?:that|the\s+same|in\s+the)|(?:by|at|towards?)\s+the\s+end\s+of\s+(?:that|the)|"
                 r"(?:early|late)\s+(?:that|the\s+same|in\s+the)|(?:in\s+)?the\s+same)\s+(?P<sunit>month|year)|"
                 # a day of the narrative's month: "lost the camp on the 19th and Ariha on the 28th", "by the 28th"
                 r"(?:on|by)\s+the\s+(?P<dth>[1-3]?\d)(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$|and\b|when\b|after\b|as\b|while\b|but\b))|"
                 # a step back: "the day before", "the previous day", "two days earlier"
                 r"(?P<back>(?:on\s+)?the\s+(?:day|night)\s+before|(?:on\s+)?the\s+previous\s+(?:day|night)|"
                 r"a\s+day\s+(?:earlier|before)|(?P<bn>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+"
                 r"(?:earlier|before)))\b",
                 re.IGNORECASE)),
]


_LEADING_DIGITS = re.compile(r"\d+")
#: Words that make a capitalised month name a date: "in May", "last March", "early June".
_MONTH_LEAD = re.compile(rf"(?:{_PREP}|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier|[Ee]arly|[Mm]id|[Ll]ate|[Tt]he|[Ee]nd|[Bb]eginning|"
                         rf"[Ss]tart|[Mm]iddle)\b")


@dataclass(frozen=True)
class _Candidate:
    kind: str
    match: re.Match

    @property
    def span(self) -> tuple[int, int]:
        return self.match.span()


def month_number(name: str) -> int:
    """Month number of an English month name or abbreviation ("Sept." -> 9)."""
    key = name.rstrip(".")
    return MONTHS.get(key) or MONTHS[key.title()]


#: Pattern kinds that name one calendar day with its year.
EXPLICIT_DAY_KINDS = ("iso", "dmy", "mdy", "numeric")


def explicit_day(kind: str, m: re.Match) -> date | None:
    """The day a match of an EXPLICIT_DAY_KINDS pattern names; None if impossible or ambiguous.

    All-numeric dates resolve only when day and month cannot be swapped
    ("14/10/2017", not "10/11/2017"): the order differs between countries.
    """
    g = m.groupdict()
    try:
        if kind == "numeric":
            a, b = int(g["a"]), int(g["b"])
            if a != b and a <= 12 and b <= 12:
                return None
            day, mon = (a, b) if a > 12 or a == b else (b, a)
        else:
            mon = int(g["m"]) if kind == "iso" else month_number(g["mon"])
            day = int(_LEADING_DIGITS.match(g["d"]).group())
        return date(int(g["y"]), mon, day)
    except (ValueError, KeyError):
        return None


def interval_precision(start: date, end: date) -> str:
    """The finest UCDP-style precision whose span covers [start, end]."""
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "year"


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _number(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    t = " ".join(text.lower().split())
    if t.isdigit():
        return int(t), int(t)
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t], NUMBER_WORDS[t]
    return VAGUE_NUMBERS.get(t)


def _unit(text: str) -> str:
    return text.lower().rstrip("s")


def _part(m: re.Match) -> str | None:
    p = m.groupdict().get("part")
    if not p:
        return None
    p = p.lower()
    return p.removeprefix("the ")


def _sane_year(y: int, anchor: date | None) -> bool:
    hi = min(SANE_YEARS[1], anchor.year + FUTURE_YEARS) if anchor else SANE_YEARS[1]
    return SANE_YEARS[0] <= y <= hi


def _span(start: date, end: date, precision: str | None, reason: str) -> tuple:
    return start, end, precision or interval_precision(start, end), reason


def _resolve(c: _Candidate, anchor: date | None) -> tuple | None:
    """(start, end, precision, reason) for a candidate, or None if it does not resolve."""
    m, kind = c.match, c.kind
    g = m.groupdict()
    try:
        if kind in EXPLICIT_DAY_KINDS:
            d = explicit_day(kind, m)
            if d is None or not _sane_year(d.year, anchor):
                return None
            return _span(d, d, "day", "explicit date")
        if kind == "mrange":
            y, first, last = int(g["y"]), month_number(g["mon"]), month_number(g["mon2"])
            if not _sane_year(y, anchor) or first == last:
                return None
            start = date(y if first < last else y - 1, first, 1)       # "December to February 2017"
            return _span(start, _month_end(y, last), "month", f"months {start.isoformat()[:7]} to {y}-{last:02d}")
        if kind == "my":
            y, mon = int(g["y"]), month_number(g["mon"])
            if not _sane_year(y, anchor):
                return None
            return _month_span(y, mon, _part(m), "explicit month")
        if kind == "year":
            y = int(g["y"])
            if m.start("y") == m.start() or not _sane_year(y, anchor):  # a bare number is no year
                return None
            if g.get("y2"):
                y2 = int(g["y2"])
                if not (_sane_year(y2, anchor) and y2 > y):
                    return None
                return _span(date(y, 1, 1), date(y2, 12, 31), "year", f"years {y} to {y2}")
            part = _part(m)
            if part:
                a, b = YEAR_PARTS[part]
                return _span(date(y, a, 1), _month_end(y, b), "year", f"{part} {y}: months {a}-{b}")
            return _span(date(y, 1, 1), date(y, 12, 31), "year", "explicit year")
        if kind == "decade":
            y = int(g["y"])
            a, b = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(_part(m) or "", (0, 9))
            return _span(date(y + a, 1, 1), date(y + b, 12, 31), "year", f"the {y}s")
        if kind == "season":
            return _season(g, anchor)
        if anchor is None:
            return None  # everything below is relative to the article's date
        if kind in ("dm", "md"):
            mon, d = month_number(g["mon"]), int(_LEADING_DIGITS.match(g["d"]).group())
            day = date(anchor.year, mon, d)
            if (day - anchor).days > _YEARLESS_DAY_AHEAD:
                # "on 20 October" in a report of 18 February: the last one, not eight months ahead
                day = date(anchor.year - 1, mon, d)
                return _span(day, day, "day", f"most recent {d} {_MONTH_NAMES[mon]} before {anchor.isoformat()}")
            return _span(day, day, "day", f"day and month in the year of {anchor.isoformat()}")
        if kind == "dmrel":
            y = anchor.year + _YEAR_STEP[g["yrel"].lower()]
            mon, d = month_number(g["mon"] or g["mon2"]), int(_LEADING_DIGITS.match(g["d"] or g["d2"]).group())
            return _span(date(y, mon, d), date(y, mon, d), "day", f"{g['yrel'].lower()} year of {anchor.isoformat()}")
        if kind == "myrel":
            y = anchor.year + _YEAR_STEP[g["yrel"].lower()]
            return _month_span(y, month_number(g["mon"]), _part(m), f"{g['yrel'].lower()} year of {anchor.isoformat()}")
        if kind == "month":
            return _relative_month(m, anchor)
        if kind == "weekday":
            return _weekday(g, anchor)
        if kind == "deictic":
            word = g["word"].lower()
            offset = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1,
                      "last night": -1}.get(word, 0)
            d = anchor + timedelta(days=offset)
            return _span(d, d, "day", f"{word} relative to {anchor.isoformat()}")
        if kind == "ago":
            return _ago(g, anchor)
        if kind in ("past", "recent"):
            return _window(g, anchor)
        if kind == "relunit":
            return _relative_unit(g, anchor)
    except (ValueError, KeyError):
        return None  # impossible calendar dates ("February 30") are not dates
    return None


#: How far after the report's date a year-less day may lie and still be of the report's year (a
#: date announced ahead: "elections are set for December 3" in a report of October); further
#: ahead it is the last one before ("on 20 October" in a report of 18 February).
_YEARLESS_DAY_AHEAD = 120


#: "this year", "last year", "next year": the year's offset from the article's date.
_YEAR_STEP = {"this": 0, "last": -1, "next": 1}


def _month_span(y: int, mon: int, part: str | None, why: str) -> tuple:
    if part:
        a, b = MONTH_PARTS[part]
        last = calendar.monthrange(y, mon)[1]
        return _span(date(y, mon, a), date(y, mon, min(b, last)), "month",
                     f"{part} {_MONTH_NAMES[mon]} {y}")
    return _span(date(y, mon, 1), _month_end(y, mon), "month", why)


def _relative_month(m: re.Match, anchor: date) -> tuple | None:
    g = m.groupdict()
    mon = month_number(g["mon"])
    phrase = m.group(0).strip()
    # A bare capitalised month with no preposition or modifier is too often
    # something else ("May" opening a sentence, "March" the verb).
    if not _MONTH_LEAD.match(phrase):
        return None
    rel = (g.get("rel") or "").lower()
    if rel == "next":
        y = anchor.year + 1 if mon <= anchor.month else anchor.year
        why = f"first {_MONTH_NAMES[mon]} after {anchor.isoformat()}"
    elif rel in ("last", "this past"):
        y = anchor.year if mon < anchor.month else anchor.year - 1
        why = f"last {_MONTH_NAMES[mon]} before {anchor.isoformat()}"
    elif rel in ("this", "earlier this"):
        y = anchor.year
        why = f"{_MONTH_NAMES[mon]} of {anchor.year}"
    else:
        y = anchor.year if mon <= anchor.month else anchor.year - 1
        why = f"most recent {_MONTH_NAMES[mon]} not after {anchor.isoformat()}"
    start, end, prec, _ = _month_span(y, mon, _part(m), why)
    return start, end, prec, why


def _season(g: dict, anchor: date | None) -> tuple | None:
    name = g["season"].lower()
    a, b = SEASONS[name]
    if g.get("y"):
        y = int(g["y"])
        if not _sane_year(y, anchor):
            return None
        why = f"{name} {y}"
    elif g.get("rel") and g["rel"].lower() in ("following", "that"):
        return None     # "the following spring", "that summer": the story's, not the report's (`_resolve_narrative`)
    elif g.get("rel") and anchor is not None and name != "fall":  # "the fall" is usually a defeat
        rel = g["rel"].lower()
        y = anchor.year + (rel == "next") - (rel in ("last", "this past"))
        why = f"{rel} {name} relative to {anchor.isoformat()}"
    else:
        return None
    start = date(y - 1 if a > b else y, a, 1)  # winter Y: December Y-1 to February Y
    return _span(start, _month_end(y, b), "year", why)


def _weekday(g: dict, anchor: date) -> tuple:
    wd = WEEKDAYS[g["wd"].title()]
    rel = (g.get("rel") or "").lower()
    back = (anchor.weekday() - wd) % 7
    if rel in ("next", "this coming"):
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
        why = f"first {_DAY_NAMES[wd]} after {anchor.isoformat()}"
    elif rel in ("last", "this past"):
        d = anchor - timedelta(days=back or 7)
        why = f"last {_DAY_NAMES[wd]} before {anchor.isoformat()}"
    elif rel == "this":  # "this Friday": the Friday of the anchor's week, before or after it
        d = _week_of(anchor)[0] + timedelta(days=wd)
        why = f"{_DAY_NAMES[wd]} of the week of {anchor.isoformat()}"
    else:
        d = anchor - timedelta(days=back)
        why = f"most recent {_DAY_NAMES[wd]} at or before {anchor.isoformat()}"
    return _span(d, d, "day", why)


def _ago(g: dict, anchor: date) -> tuple | None:
    lo, hi = _number(g["num"])
    unit = _unit(g["unit"])
    if unit == "day":
        start, end = anchor - timedelta(days=hi), anchor - timedelta(days=lo)
    elif unit == "week":
        start, end = _week_of(anchor - timedelta(weeks=hi))[0], _week_of(anchor - timedelta(weeks=lo))[1]
    elif unit == "month":
        s, e = _add_months(anchor, -hi), _add_months(anchor, -lo)
        start, end = s.replace(day=1), _month_end(e.year, e.month)
    elif unit == "year":
        start, end = date(anchor.year - hi, 1, 1), date(anchor.year - lo, 12, 31)
    else:  # "a decade ago" is a round figure: a year either side
        start, end = date(anchor.year - 10 * hi - 1, 1, 1), date(anchor.year - 10 * lo + 1, 12, 31)
    if start.year < SANE_YEARS[0]:
        return None
    prec = unit if lo == hi and unit != "decade" else None
    return _span(start, end, prec, f"{g['num']} {unit}(s) before {anchor.isoformat()}")


def _window(g: dict, anchor: date) -> tuple | None:
    unit = _unit(g["unit"])
    if g["dir"].lower() in ("previous", "preceding", "next", "following") and not g.get("num"):
        return None  # "the next day", "the previous week", "the preceding weeks" count from the story, not the article
    if g["dir"].lower() == "following":
        return None  # "over the following two days": only from the story's day (`_chained`)
    plural = g["unit"].lower().endswith("s")
    n = _number(g.get("num")) or ((2, 7) if plural and g["dir"].lower() in ("recent", "coming") else (1, 1))
    length = {"day": timedelta(days=n[1]), "week": timedelta(weeks=n[1]),
              "month": timedelta(days=30 * n[1]), "year": timedelta(days=365 * n[1]),
              "decade": timedelta(days=3652 * n[1])}[unit]
    if g["dir"].lower() in ("coming", "next"):
        start, end = anchor + timedelta(days=1), anchor + length
        why = f"{unit}s after {anchor.isoformat()}"
    else:
        start, end = anchor - length + timedelta(days=1), anchor
        why = f"{unit}s up to {anchor.isoformat()}"
    return _span(start, end, None, why)


def _relative_unit(g: dict, anchor: date) -> tuple:
    rel, unit = " ".join(g["rel"].lower().split()), g["unit"].lower()
    step = -1 if "last" in rel or rel in ("previous", "this past") else (1 if "next" in rel else 0)
    why = f"{rel} {unit} relative to {anchor.isoformat()}"
    if unit == "weekend":
        if step == -1 or rel == "this past":  # the Saturday-Sunday that ended before the anchor
            sunday = anchor - timedelta(days=(anchor.weekday() + 1) % 7 or 7)
        elif step == 1:  # the first weekend starting after the anchor
            sunday = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7) + timedelta(days=1)
        else:  # the weekend of the anchor's week
            sunday = _week_of(anchor)[1]
        return _span(sunday - timedelta(days=1), sunday, "week", why)
    if unit == "week":
        monday, sunday = _week_of(anchor + timedelta(weeks=step))
        if rel == "earlier this":
            return _span(monday, anchor, "week", why)
        if rel == "later this":
            return _span(anchor, sunday, "week", why)
        return _span(monday, sunday, "week", why)
    if unit == "month":
        first = _add_months(anchor.replace(day=1), step)
        start, end = first, _month_end(first.year, first.month)
        if rel == "earlier this":
            end = anchor
        elif rel == "later this":
            start = anchor
        return _span(start, end, "month", why)
    y = anchor.year + step
    start, end = date(y, 1, 1), date(y, 12, 31)
    if rel.startswith("early"):
        end = date(y, 4, 30)
    elif rel.startswith("late"):
        start = date(y, 9, 1)
    elif rel == "earlier this":
        end = anchor
    elif rel == "later this":
        start = anchor
    return _span(start, end, "year", why)


#: Cheap first pass: words that can head a time expression -> the pattern kinds worth
#: trying around them. Only the windows around these hits see the full patterns,
#: which is what makes a 3 KB article cost a fraction of a millisecond.
_MONTH_KINDS = ("dmy", "mdy", "mrange", "my", "myrel", "dmrel", "dm", "md", "month")
TRIGGERS = {**{w.lower(): _MONTH_KINDS for w in MONTHS},
            **{w.lower(): ("weekday", "dmy", "mdy") for w in WEEKDAYS},
            **{w: ("deictic",) for w in ("yesterday", "today", "tonight", "tomorrow", "night",
                                         "morning", "afternoon", "evening")},
            "ago": ("ago",), "recent": ("recent",), "coming": ("past", "recent"),
            **{w: ("past", "relunit") for w in ("past", "last", "previous")},
            **{w: ("relunit",) for w in ("this", "earlier")},
            "later": ("relunit", "later"), "following": ("later", "past"), "preceding": ("past",), "same": ("later",),
            "that": ("later",), "next": ("past", "relunit", "later"), "end": ("later",),
            "nightfall": ("later",), "nighttime": ("later",),
            "early": ("later",), "late": ("later",), "before": ("later",), "previous": ("past", "relunit", "later"),
            "earlier": ("relunit", "later"), "first": ("opening",), "opening": ("opening",),
            **{w: ("season",) for w in SEASONS}}
#: Month and weekday names count only when capitalised ("may" is a verb).
_CAPITALISED = {w.lower() for w in list(MONTHS) + list(WEEKDAYS)}
#: A year, not inside a longer number. Written to open with a character class (the "not after a
#: digit" test comes after it) so that the regex engine skips from one 1 or 2 to the next
#: instead of trying the look-behind at every position; same matches as
#: r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)", four times faster.
_YEAR_TRIGGER = re.compile(r"[12](?<!\d[12])(?:(?<=1)[89]|(?<=2)[01])\d\d(?!\d)")
#: "since" right before a time expression: "since last year" is a state's start, no story time.
_SINCE_RIGHT_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
#: "since" opening the clause a time expression ends: "since they entered it ".
_SINCE_CLAUSE_BEFORE = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){1,6}$", re.IGNORECASE)
#: How far before the story's day "on the 25th" may still be a day of its month.
_ORDINAL_BACKSTEP_DAYS = 10
#: "on the 28th", "by the 28th": a day of the narrative's month (a window for the "later" kind).
_ORDINAL_DAY_TRIGGER = re.compile(r"\b(?:on|by) the [1-3]?\d(?:st|nd|rd|th)\b")
_PATTERN_OF = dict(PATTERNS)
#: How far before/after a trigger word an expression may reach ("in the beginning of May").
_BEFORE, _AFTER = 40, 40


def _trigger_automaton():
    import ahocorasick  # C automaton: one pass over the text for every trigger word

    automaton = ahocorasick.Automaton()
    for word, kinds in TRIGGERS.items():
        automaton.add_word(word, (len(word), kinds))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _trigger_automaton()


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per pattern kind, the text windows around trigger words."""
    n, lower = len(text), text.lower()
    windows: dict[str, list[tuple[int, int]]] = {}
    for last, (length, kinds) in _AUTOMATON.iter(lower):
        start, end = last - length + 1, last + 1
        if (start > 0 and lower[start - 1].isalnum()) or (end < n and lower[end].isalpha()):
            continue  # inside a longer word ("Marine", "thistle")
        if lower[start:end] in _CAPITALISED and not text[start].isupper():
            continue
        span = (max(0, start - _BEFORE), min(n, end + _AFTER))
        for kind in kinds:
            windows.setdefault(kind, []).append(span)
    for m in _ORDINAL_DAY_TRIGGER.finditer(lower):
        windows.setdefault("later", []).append((m.start(), min(n, m.end() + 8)))
    for m in _YEAR_TRIGGER.finditer(text):
        span = (max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER))
        for kind in ("iso", "numeric", "year", "season", "decade"):
            windows.setdefault(kind, []).append(span)
    return windows


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


#: What a stretch of text must hold for a pattern kind to match in it: something every match of
#: that kind contains (a year for "dmy", a day before a month name for "dm", ...), found by a
#: regex far cheaper than the pattern itself.  A window without it is not searched, and the
#: search of a window stops once the rest of it has none (most of a window lies after its
#: one expression).  Kinds not listed are searched to the end of every window.
_NEEDS = {kind: re.compile(rx, flags) for kind, rx, flags in (
    # a year after a space (what comes before it is cheaper checked by the pattern itself)
    ("dmy", r"\s(?:1[89]|2[01])\d\d", 0),
    ("my", r"\s(?:1[89]|2[01])\d\d", 0),
    ("mrange", r"\s(?:1[89]|2[01])\d\d", 0),
    ("mdy", r"\s(?:1[89]|2[01])\d\d", 0),
    # a day, then a month name (capitalised)
    ("dm", r"\d(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Z]", 0),
    # a day after a space (after the month name)
    ("md", r"\s\d", 0),
    ("month", _MONTH, 0),
    ("myrel", r"\syear\b", 0),
    ("dmrel", r"\syear\b", 0),
    ("weekday", _WEEKDAY, 0),
    ("iso", r"\d-[01]\d-[0-3]\d", 0),
    ("numeric", r"\d[/.][0-3]?\d[/.](?:19|20)\d\d", 0),
    ("year", r"(?:1[89]|2[01])\d\d", 0),
    ("season", r"spring|summer|autumn|winter|fall", re.IGNORECASE),
    ("decade", r"(?:1[89]|20)\d0", 0),
    # a unit of time
    ("past", r"day|week|month|year|decade", re.IGNORECASE),
    ("recent", r"day|week|month|year|decade", re.IGNORECASE),
    ("ago", r"ago", re.IGNORECASE),
    ("relunit", r"week|month|year", re.IGNORECASE),
    ("later", r"day|week|month|year|morning|afternoon|evening|night|\d(?:st|nd|rd|th)", re.IGNORECASE),
)}


def _matches(kind: str, text: str, ws: int, we: int):
    """`PATTERNS[kind].finditer(text, ws, we)`, without searching what cannot hold a match."""
    pattern, needs = _PATTERN_OF[kind], _NEEDS.get(kind)
    if needs is None:
        yield from pattern.finditer(text, ws, we)
        return
    pos = ws
    while needs.search(text, pos, we) is not None:
        m = pattern.search(text, pos, we)
        if m is None:
            return
        if m.end() == m.start():        # never for these patterns; finditer's rule for it, to be safe
            yield from pattern.finditer(text, m.start(), we)
            return
        yield m
        pos = m.end()


def _candidates(text: str) -> list[_Candidate]:
    """Every pattern match around a trigger word; overlapping ones included."""
    found: dict[tuple, _Candidate] = {}
    for kind, spans in _windows(text).items():
        for ws, we in _merged(spans):
            for m in _matches(kind, text, ws, we):
                found.setdefault((kind, m.span()), _Candidate(kind, m))
    return list(found.values())


def find_time_expressions(text: str, anchor: str | None, year_hint: int | None = None,
                          month_years: dict[int, int] | None = None) -> list[TimeSpan]:
    """Every time expression in `text` that resolves, in text order.

    anchor: ISO date (or date-time) of the article; relative expressions resolve
    against its day. None, or an anchor known only to the month or year
    ("2015-02"): only absolute expressions (explicit dates, years, "in July
    2017") resolve, since "on Friday" needs a day to count back from.

    Narrative time: a day or month written without its year ("On 10 May"), and a
    step ("two days later", "the next day"), take the year or day of the last date
    the same paragraph named before them, not the article's (see `_chained`):

        >>> [(t.phrase, t.start) for t in find_time_expressions(
        ...     "On 15 June 2022, troops left. Two days later they returned. On 2 July, calm.", None)]
        [('15 June 2022', '2022-06-15'), ('Two days later', '2022-06-17'), ('On 2 July', '2022-07-02')]
        >>> [t.start for t in find_time_expressions(
        ...     "On 5 September 2017, the army broke the siege, held since 2014. Three days later, it left.", None)]
        ['2017-09-05', '2014-01-01', '2017-09-08']

    year_hint: the year an undated article's title names ("Battle of X (2016)", see
    `title_year`); a paragraph's year-less days and months take it until a date of the
    paragraph says otherwise.  month_years: the year of each month an undated article's title
    spans across a new year (see `title_month_years`), for a paragraph's first year-less date.

        >>> [t.start for t in find_time_expressions("On 9 January, the army took Rahjan. In November, ...", None,
        ...                                         month_years={11: 2017, 12: 2017, 1: 2018})]
        ['2018-01-09', '2017-11-01']
    """
    anchor_day = date.fromisoformat(anchor[:10]) if anchor and len(anchor) >= 10 else None
    resolved = []
    for c in _candidates(text):
        r = _resolve(c, anchor_day)
        if r is not None or c.kind in _NARRATIVE_KINDS or c.kind == "opening" or \
                c.kind == "past" and c.match.group("dir").lower() in ("following", "preceding", "previous", "next") \
                and c.match.group("unit").lower().endswith("s"):
            # ("in the following days": the story's, resolved in `_chained` or not at all)
            s, e = c.span
            while s < e and text[s].isspace():  # patterns with optional prefixes may start on a space
                s += 1
            resolved.append((s, e, r, c))
    # Longest first: "21 May 2016" over "May 2016", "on Thursday, March 29, 2018" over
    # "on Thursday"; then whatever does not overlap what is already taken.
    resolved.sort(key=lambda x: (x[0] - x[1], x[0]))
    kept: list[tuple] = []
    for item in resolved:
        s, e = item[0], item[1]
        if all(e <= ks or s >= ke for ks, ke, *_ in kept):
            kept.append(item)
    return [TimeSpan(start=start.isoformat(), end=end.isoformat(), precision=precision,
                     phrase=text[s:e], char_start=s, char_end=e, reason=reason)
            for s, e, (start, end, precision, reason) in _chained(text, sorted(kept, key=lambda x: x[0]), anchor_day, year_hint, month_years or {})]


#: Kinds that may take their year or day from the narrative (the last date named before them).
_NARRATIVE_KINDS = frozenset(("dm", "md", "month", "later", "season"))
#: Kinds that name their own year.
_YEARED_KINDS = frozenset(("iso", "dmy", "mdy", "mrange", "my", "myrel", "dmrel", "numeric", "year"))
#: Kinds that never set the narrative date for what follows (windows and spans, not points).
_NOT_NARRATIVE = frozenset(("past", "recent", "ago", "decade", "season", "relunit"))
#: A day or month more than this many days before the narrative date is read as the next
#: year's ("On 28 December 2016 ... On 3 January"): narratives run forward across a new year,
#: but look back within one ("By the end of May 2022 the town fell.  On 4 March, ..." is the
#: March before, a flashback, not the next year's).
_NARRATIVE_BACKSTEP_DAYS = 180


#: "since 2014": the start of a state that lasts to the story's time, not a point the
#: narrative moves to ("..., which ISIL had besieged since 2014. Three days later, ...").
_SINCE = re.compile(r"since\b", re.IGNORECASE)
#: A clause telling of the time just named: "since 2014, when ...".
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)


_STEP_BACK = re.compile(r"(?:on\s+)?the\s+(?:(?:day|night)\s+before|previous\s+(?:day|night))|\w+\s+days?\s+(?:earlier|before)$",
                        re.IGNORECASE)


def starts_a_state(phrase: str) -> bool:
    """Whether a time expression gives when a state began ("since 2014"), no point of the story.

        >>> starts_a_state("since 2014"), starts_a_state("in 2014")
        (True, False)
    """
    return _SINCE.match(phrase.lstrip()) is not None


def in_a_since_clause(text: str, at: int) -> bool:
    """Whether the time expression at offset `at` ends a clause "since" opens: when a state
    began, no point of the story.

        >>> in_a_since_clause("the first district lost since they entered it in summer 2012", 46)
        True
    """
    return _SINCE_CLAUSE_BEFORE.search(text, max(0, at - 45), at) is not None


def is_step_back(phrase: str) -> bool:
    """Whether a time expression steps back from the story's day ("the previous day", "two days
    earlier"): a flashback, not a day the story moves on from.

        >>> is_step_back("the previous day"), is_step_back("Two days later")
        (True, False)
    """
    return _STEP_BACK.match(phrase) is not None


def _chained(text: str, kept: list[tuple], anchor: date | None = None, year_hint: int | None = None,
             month_years: dict[int, int] | None = None) -> list[tuple]:
    """(start, end, resolution) in text order, the narrative kinds resolved against the last
    date the same paragraph named.  A year-less day or month takes the narrative's year only
    when that came from a date written with its year (or chained from one), and never lands
    after the article's own date; a step ("the next day") follows any dated point."""
    out = []
    narrative: tuple[date, str, str] | None = None     # (day, precision, phrase)
    yeared = False                                      # the narrative date had its year written
    para_end = -1
    across = False          # the narrative date is a paragraph before's: its year carries, no step counts from it
    before = None           # the last paragraph's story day, which a step opening this one counts from
    first_day = None        # the paragraph's first day, which "in the first weeks of the battle" counts from
    for s, e, r, c in kept:
        if s > para_end:
            # (past paragraphs that name no time of their own: "Residents said ...")
            before = narrative if narrative is not None and narrative[1] == "day" and not across else before
            narrative, yeared, across = _paragraph_opening(narrative, yeared, anchor, year_hint)
            first_day = None
            nl = text.find("\n", s)
            para_end = len(text) if nl < 0 else nl
        chained = False
        if c.kind == "opening":
            # "in the first weeks of the battle": from the paragraph's first day (the battle's)
            if first_day is not None and (w := _opening_window(c, first_day)) is not None:
                out.append((s, e, w))
            continue
        if anchor is None and month_years and _title_month(c) in month_years:
            # "On 9 January" in "campaign (October 2017–February 2018)": the title's span says
            # its year, the paragraph's last date cannot ("In November" after it is November 2017)
            narrative, yeared, across = (date(month_years[_title_month(c)], 1, 1), "year", "the title's months"), True, False
        if c.kind == "later" and (narrative is None or across or narrative[1] != "day") and before is not None and \
                not text[text.rfind("\n", 0, s) + 1:s].strip():
            r = _step_from_the_paragraph_before(c, before, anchor)
            chained = r is not None
        elif narrative is not None and (c.kind == "later" and not across or c.kind in _NARRATIVE_KINDS and c.kind != "later"
                                        and yeared):
            n = _resolve_narrative(c, *narrative, where="the text" if across else "the paragraph")
            if n is not None and not (anchor and n[0] > anchor):
                r, chained = n, True
            elif c.kind == "later":
                r = None
        elif narrative is not None and not across and narrative[1] == "day" and _days_of_the_story(c, text, s):
            r = _story_window(c, narrative, anchor)
        if r is None:
            continue
        out.append((s, e, r))
        if first_day is None and r[2] == "day" and not in_a_since_clause(text, s) and not starts_a_state(text[s:e]):
            first_day = (r[0], text[s:e])
        if c.kind == "year" and narrative is not None and r[0] < narrative[0] and \
                _PLUPERFECT_BEFORE.search(text, max(0, s - 50), s):
            continue    # "the old quarter where the uprising had begun in 2011": a flashback, the story's year stays
        if in_a_since_clause(text, s):
            continue    # a clause "since" opens: "the first district the factions lost since they
            # entered it in summer 2012. On the next day ...": the story's day stays
        if c.kind not in _NOT_NARRATIVE and not starts_a_state(text[s:e]) and not is_step_back(text[s:e]):
            # (a step back, "the damage done the previous day", is a flashback: the story's day stays)
            start, end, precision, _ = r
            if c.kind != "year" or (end - start).days < 366:     # "2014-2016" sets no narrative year
                narrative = (start, precision, text[s:e])
                yeared = c.kind in _YEARED_KINDS or (chained and yeared)
                across = False
        elif starts_a_state(text[s:e]) and c.kind in _YEARED_KINDS and _WHEN_AFTER.match(text, e):
            # "on the front line since 2014, when separatists seized Donetsk in April": the clause
            # that "when" opens tells of that year (April 2014), though the state runs on
            narrative, yeared, across = (r[0], r[2], text[s:e]), True, False
        elif c.kind == "relunit" and c.match.group("unit").lower() in ("year", "month") \
                and not _SINCE_RIGHT_BEFORE.search(text, max(0, s - 7), s):
            # "... collapsed in June 2011. Earlier this year the KIA took Sinbo in April": the
            # report's year (or month) is the story's again, not the older date named before it
            narrative, yeared, across = (r[0], r[2], text[s:e]), True, False
        elif c.kind == "season" and c.match.group("y"):
            # "In the autumn of 2020 ... on 4 October": a season written with its year gives the
            # story its year (not a day a step could count from)
            narrative, yeared, across = (r[0], "year", text[s:e]), True, False
    return out


def _days_of_the_story(c: _Candidate, text: str, s: int) -> bool:
    """Whether a window of days is the story's, not the report's: "captured Ramadi on 17 May.
    25,000 people fled over the next two days", "in the following days", "had left in the
    preceding days" (not "talks are planned over the next two weeks")."""
    return c.kind == "past" and c.match.group("dir").lower() in ("next", "following", "previous", "preceding") \
        and (c.match.group("num") or c.match.group("unit").lower() in ("days", "weeks")) \
        and not _FUTURE_IN_SENTENCE.search(text, max(text.rfind(". ", 0, s), text.rfind("\n", 0, s), 0), s)


def _story_window(c: _Candidate, narrative: tuple, anchor: date | None) -> tuple | None:
    """The story's days a window names (`_days_of_the_story`), from the narrative day (a few: a
    week, "the following weeks": three); None when it would start after the article's date."""
    back = c.match.group("dir").lower() in ("previous", "preceding")
    few = "seven" if c.match.group("unit").lower() == "days" else "three"
    w = _window({**c.match.groupdict(), "dir": "last" if back else "next", "num": c.match.group("num") or few},
                narrative[0] - timedelta(days=1) if back else narrative[0])
    return None if w is None or anchor and w[0] > anchor else \
        (w[0], w[1], w[2], f"the {c.match.group('dir').lower()} {c.match.group('num') or 'few'} "
                           f"{_unit(c.match.group('unit'))}s {'before' if back else 'after'} '{narrative[2]}'")


#: A past perfect right before a year: "where the uprising had begun in 2011".
_PLUPERFECT_BEFORE = re.compile(r"\bhad\s+(?:(?:already|first|long|once|been)\s+)?[a-z]+\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


#: How many units "the first days" or "the first weeks" of a battle span.
_OPENING_SPAN = {"hours": (1, "days"), "day": (1, "days"), "days": (7, "days"), "week": (7, "days"),
                 "weeks": (21, "days"), "month": (1, "months"), "months": (3, "months")}


def _opening_window(c: _Candidate, first: tuple[date, str]) -> tuple | None:
    """ "In the first weeks of the battle": the stretch from the paragraph's first day."""
    num = {"few": None, "two": 2, "three": 3, "four": 4}.get((c.match.group("num") or "few").lower())
    unit = c.match.group("unit").lower()
    n, kind = _OPENING_SPAN[unit]
    if num is not None:
        n = num * (7 if unit == "weeks" else 1) if kind == "days" else num
    day, phrase = first
    end = day + timedelta(days=n - 1) if kind == "days" else _add_months(day, n) - timedelta(days=1)
    return _span(day, end, interval_precision(day, end), f"the first {unit} from '{phrase}' earlier in the paragraph")


def _paragraph_opening(narrative: tuple | None, yeared: bool, anchor: date | None,
                       year_hint: int | None) -> tuple[tuple | None, bool, bool]:
    """(narrative, yeared, across) at a new paragraph (`_chained`): no narrative day carries
    over; in an undated text the year does ("... on 23 July 1993.  In August ... Fuzuli fell on
    23 August"), for days and months written without their year only, and a title's year first."""
    if year_hint is not None and anchor is None:
        return (date(year_hint, 1, 1), "year", f"the title's year {year_hint}"), True, False
    if anchor is None and yeared and narrative is not None:
        return narrative, True, True
    return None, False, False


def _step_from_the_paragraph_before(c: _Candidate, before: tuple, anchor: date | None) -> tuple | None:
    """A step opening a paragraph, counted from the story's day in the one before: "... took
    Dinder on 2 July 2024.\n\nTwo days later the paramilitaries entered Al Suki"; None when it
    would land after the article's own date."""
    n = _resolve_narrative(c, *before, where="the paragraph before")
    return n if n is not None and not (anchor and n[0] > anchor) else None


def _title_month(c: _Candidate) -> int | None:
    """The month of a year-less day or month ("On 9 January", "In November"), else None."""
    if c.kind not in ("dm", "md", "month") or c.match.groupdict().get("rel"):
        return None
    return month_number(c.match.group("mon"))


#: Words of a future or a plan: "talks are planned over the next two weeks" counts from the report.
_FUTURE_IN_SENTENCE = re.compile(r"\b(?:will|would|shall|expected|expects|planned|plans|planning|set\s+to|is\s+to|are\s+to|"
                                 r"could|may|might|likely)\b", re.IGNORECASE)


#: "the following" before a month name: its next coming after the story's date.
_FOLLOWING_BEFORE = re.compile(r"\b(?:following|subsequent)\s+$", re.IGNORECASE)


def _resolve_narrative(c: _Candidate, day: date, precision: str, phrase: str, where: str = "the paragraph") -> tuple | None:
    """A year-less day or month, or a narrative step, resolved against the narrative date."""
    g = c.match.groupdict()
    why = f"in {phrase}" if phrase.startswith("the title") else f"after '{phrase}' earlier in {where}"
    try:
        if c.kind == "season":
            return _story_season(g, day, why)
        if c.kind in ("dm", "md"):
            mon, d = month_number(g["mon"]), int(_LEADING_DIGITS.match(g["d"]).group())
            when = date(day.year, mon, d)
            if (day - when).days > _NARRATIVE_BACKSTEP_DAYS:
                when = date(day.year + 1, mon, d)
            return _span(when, when, "day", f"day and month {why}")
        if c.kind == "month":
            if g.get("rel"):
                return None                # "last July": relative to the report, not the story
            mon = month_number(g["mon"])
            y = day.year + 1 if (day - date(day.year, mon, 1)).days > _NARRATIVE_BACKSTEP_DAYS + 31 else day.year
            if _FOLLOWING_BEFORE.search(c.match.string, max(0, c.match.start() - 20), c.match.start()):
                y = day.year + (mon <= day.month)     # "In April 2014 ... The following February": 2015
                return _month_span(y, mon, _part(c.match), f"the following {g['mon']} {why}")
            return _month_span(y, mon, _part(c.match), f"month {why}")
        if g.get("sunit"):
            # "later that month", "by the end of the year": the narrative's own month or year
            if g["sunit"].lower() == "year":
                return _span(date(day.year, 1, 1), date(day.year, 12, 31), "year", f"the same year {why}")
            if precision not in ("day", "month"):
                return None
            return _month_span(day.year, day.month, None, f"the same month {why}")
        if g.get("next") and g["nunit"].lower() in ("month", "year") and \
                (precision in ("day", "month") or precision == "year" and g["nunit"].lower() == "year"):
            # "In September 2021 they took X, and the following month Y": a month is enough
            if g["nunit"].lower() == "year":
                return _span(date(day.year + 1, 1, 1), date(day.year + 1, 12, 31), "year", f"the following year {why}")
            start = _add_months(day.replace(day=1), 1)
            return _span(start, _month_end(start.year, start.month), "month", f"the following month {why}")
        if g.get("dth"):
            # "In May ... on the 19th": that month's day (a step back of a few days too: "the
            # takeover of the base on the 25th" after the 26th); well before the story's day, the
            # next month's ("fell on 30 May, and the village on the 2nd")
            if precision not in ("day", "month"):
                return None
            d = int(g["dth"])
            first = day.replace(day=1)
            if precision == "day" and d < day.day - _ORDINAL_BACKSTEP_DAYS:
                first = _add_months(first, 1)
            when = first.replace(day=d)
            return _span(when, when, "day", f"day {d} of the month {why}")
        if precision != "day":
            return None                    # "two days later" needs a day to count from
        if g.get("back"):
            n = _number(g.get("bn")) if g.get("bn") else (1, 1)
            if n is None or n[0] != n[1]:
                return None
            when = day - timedelta(days=n[0])
            return _span(when, when, "day", f"{n[0]} day(s) before, {why}")
        if g.get("unit"):
            n = _number(g.get("num"))
            if n is None or n[0] != n[1]:
                return None                # "a few days later": no day to name
            unit = _unit(g["unit"])
            when = day + timedelta(days=n[0]) if unit == "day" else \
                day + timedelta(weeks=n[0]) if unit == "week" else _add_months(day, n[0])
            return _span(when, when, "day" if unit == "day" else unit, f"{n[0]} {unit}(s) {why}")
        if g.get("next"):
            unit = g["nunit"].lower()
            if unit in ("week", "month"):
                start = day + timedelta(days=7) if unit == "week" else _add_months(day.replace(day=1), 1)
                end = start + timedelta(days=6) if unit == "week" else _month_end(start.year, start.month)
                return _span(start, end, unit, f"the following {unit} {why}")
            return _span(day + timedelta(days=1), day + timedelta(days=1), "day", f"the next day {why}")
        return _span(day, day, "day", f"the same day {why}")
    except (ValueError, KeyError):
        return None


def _story_season(g: dict, day: date, why: str) -> tuple | None:
    """"the following spring" (the next one after the story's date) or "that summer" (the one
    of the story's year); None for any other season, which `_season` reads alone.

        >>> _story_season({"rel": "following", "season": "spring"}, date(2014, 11, 1), "x")[:3]
        (datetime.date(2015, 3, 1), datetime.date(2015, 5, 31), 'year')
    """
    rel, name = (g.get("rel") or "").lower(), g["season"].lower()
    if rel not in ("following", "that") or g.get("y") or name == "fall":
        return None     # ("following the fall of Baghdad": a defeat)
    a, b = SEASONS[name]
    y = day.year + (rel == "following" and a <= day.month)
    start = date(y, a, 1)
    end = _month_end(y + (b < a), b)
    return _span(start, end, "year", f"the {rel} {name} {why}")


_TITLE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def title_year(title: str | None) -> int | None:
    """The one year a title names ("Battle of Raqqa (2013)", "Offensive (March–June 2016)"),
    else None: a title naming two years ("2016–2017") or none says no single year.

        >>> title_year("Northern Aleppo offensive (March–June 2016)"), title_year("Siege (2016–2017)")
        (2016, None)
    """
    years = {int(y) for y in _TITLE_YEAR.findall(title or "")}
    return years.pop() if len(years) == 1 else None


_TITLE_MONTH_SPAN = re.compile(rf"\b(?P<m1>{'|'.join(_MONTH_FULL)})\s+(?P<y1>(?:19|20)\d\d)\s*[–-]\s*"
                               rf"(?P<m2>{'|'.join(_MONTH_FULL)})\s+(?P<y2>(?:19|20)\d\d)\b", re.IGNORECASE)


def title_month_years(title: str | None) -> dict[int, int]:
    """The year of each month an undated article's title spans across a new year, for
    titles such as "Northwestern Syria campaign (October 2017–February 2018)": its
    year-less "On 9 January" is January 2018, its "In November" November 2017.  Empty when
    the title spans no new year, or twelve months or more (a month then names two years).

        >>> title_month_years("Idlib clashes (June 2012–April 2013)")[1], title_month_years("Siege (2016–2017)")
        (2013, {})
    """
    m = _TITLE_MONTH_SPAN.search(title or "")
    if m is None:
        return {}
    first, last = (int(m["y1"]), month_number(m["m1"].capitalize())), (int(m["y2"]), month_number(m["m2"].capitalize()))
    months = (last[0] - first[0]) * 12 + last[1] - first[1]
    if last[0] == first[0] or not 0 < months < 12:
        return {}
    return {(first[1] + k - 1) % 12 + 1: first[0] + (first[1] + k - 1) // 12 for k in range(months + 1)}


#: The units a time of each precision can step back by ("N months after" a month or a day).
_STEPS_BACK = {"day": ("day", "week", "month", "year"), "month": ("month", "year"), "year": ("year",)}


def time_before(span: TimeSpan, num: str, unit: str, phrase: str, char_start: int, char_end: int) -> TimeSpan | None:
    """The time `num` `unit`s before the day `span` gives: what "a day after the group seized
    Goma" dates in "M23 entered Sake on Wednesday, a day after the group seized Goma".  None
    when `span` is no single day, or the number is vague ("days after").

        >>> wed = TimeSpan("2012-11-21", "2012-11-21", "day", "on Wednesday")
        >>> t = time_before(wed, "a", "day", "a day after", 30, 41)
        >>> t.start, t.precision, t.reason
        ('2012-11-20', 'day', "a day before 'on Wednesday' (2012-11-21)")
        >>> time_before(wed, "seven", "months", "seven months after", 30, 48).start
        '2012-04-01'

    A month steps back by months or years, a year by years ("recaptured Palmyra in December
    2016, nine months after troops had driven them out": March 2016).

        >>> dec = TimeSpan("2016-12-01", "2016-12-31", "month", "in December 2016")
        >>> t = time_before(dec, "nine", "months", "nine months after", 30, 47)
        >>> t.start, t.end, t.precision
        ('2016-03-01', '2016-03-31', 'month')
    """
    n = _number(num)
    if n is None or n[0] != n[1]:
        return None
    if span.precision not in _STEPS_BACK or _unit(unit) not in _STEPS_BACK[span.precision] or \
            span.precision == "day" and span.start != span.end:
        return None
    got = _ago({"num": num, "unit": unit}, date.fromisoformat(span.start))
    if got is None:
        return None
    start, end, precision, _ = got
    return TimeSpan(start.isoformat(), end.isoformat(), precision, phrase, char_start, char_end,
                    f"{num} {_unit(unit)} before '{span.phrase}' ({span.start})")


def time_for_span(times, start: int, end: int) -> TimeSpan | None:
    """The time expression governing the character range [start, end) of a text.

    The first expression lying inside the range wins (a clause's own time comes
    before any time in a trailing attribution such as "..., officials said
    Saturday"); None when the range holds none (the caller then falls back to
    the article's date, marked as the report date).

        >>> ts = find_time_expressions("In July rebels took the town. Talks resume on Friday.", "2017-10-14")
        >>> time_for_span(ts, 0, 29).phrase, time_for_span(ts, 30, 53).phrase
        ('In July', 'on Friday')
    """
    inside = [t for t in times if t.char_start >= start and t.char_end <= end]
    return min(inside, key=lambda t: t.char_start) if inside else None
