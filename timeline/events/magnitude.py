"""How many people moved: the quantity written before a group word ("75 families")."""
from __future__ import annotations

import re

from timeline.events.patterns import _lowercase_twin

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DIGITS = re.compile(r"(\d[\d,.]*)\s*(million|thousand|hundred)?")



def _magnitude(text: str, g0: int, g1: int, folded: str | None = None, lo: int = 0) -> tuple[int | None, str | None]:
    """The number or quantity words before a group word: "75 families", "dozens of Kurdish families".
    `folded`: the text lowercased, when the lowercase twins of the patterns find the same there
    (see `_Rules._blind`); `lo`: the start of the sentence, which the quantity never reaches past
    (a year ending the sentence before is no quantity).

        >>> _magnitude("It began in 2017. About 5000 people fled.", 29, 35, lo=18)
        (5000, 'About 5000 people')
        >>> _magnitude("It began in 2017. Families fled.", 18, 26, lo=18)
        (None, None)
    """
    w0 = max(lo, g0 - 60)
    if folded is not None:
        # a slice, as the patterns open with \b: the window's first word counts even if cut
        before, word, quantity = folded[w0:g0], _QUANTITY_WORD_LOW, _QUANTITY_BEFORE_LOW
    else:
        before, word, quantity = text[w0:g0], _QUANTITY_WORD, _QUANTITY_BEFORE
    if not word.search(before):
        return None, None          # no digit and no word a quantity is made of
    m = quantity.search(before)
    if not m or _YEAR_NOT_COUNT.search(before, 0, m.start("q")) and _A_YEAR.fullmatch(m.group("q")):
        return None, None          # "in 2017 families fled": a year, not a count
    phrase = text[w0 + m.start():g1]
    return _number(m.group("q")), " ".join(phrase.split())


#: A year after one of these words is a date: "since 2014 families have fled", "In August 2021
#: thousands of Afghans sought asylum".
_YEAR_NOT_COUNT = re.compile(r"\b(?:in|since|of|by|until|from|early|late|mid|January|February|March|April|May|June|July|"
                             r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
                             r"\.?,?\s+$", re.IGNORECASE)
_A_YEAR = re.compile(r"(?:19|20)\d\d")


#: A quantity ending where its group word starts: "75", "up to 400", "dozens of Kurdish".
_QUANTITY_BEFORE = re.compile(
        r"(?:\b(?:up to|nearly|about|around|some|at least|more than|over|almost|approximately|an estimated)\s+)?"
        r"(?P<q>\b\d[\d,.]*(?:\s+(?:million|thousand|hundred))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
        r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|one)\s+(?:hundred|thousand|million)|"
        r"\b(?:tens of thousands|hundreds of thousands|thousands|hundreds|dozens|scores|several|many|"
        r"large numbers|a large number|a number|a few|few|one|two|three|four|five|six|seven|eight|nine|ten|"
        r"twelve|twenty|thirty|forty|fifty|millions)(?:\s+of)?)"
        r"(?:\s+(?:the\s+)?[\w-]+){0,2}?\s+$", re.IGNORECASE)
#: Something every quantity of `_QUANTITY_BEFORE` holds: a cheap test before the costly one.
_QUANTITY_WORD = re.compile(r"\d|\b(?:hundred|thousand|million|dozen|score|several|many|large|number|few|one|two|"
                            r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                            r"fifty)", re.IGNORECASE)


_QUANTITY_BEFORE_LOW = _lowercase_twin(_QUANTITY_BEFORE)
_QUANTITY_WORD_LOW = _lowercase_twin(_QUANTITY_WORD)
assert _QUANTITY_BEFORE_LOW is not None and _QUANTITY_WORD_LOW is not None, "a capital in a quantity pattern"


def _number(q: str) -> int | None:
    q = q.lower().strip()
    digits = _DIGITS.match(q)
    if digits:
        raw = digits.group(1).rstrip(".,").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            return None
        return int(value * _SCALE.get(digits.group(2) or "", 1))
    parts = q.split()
    if parts and parts[0] in _NUMBER_WORDS:
        value = _NUMBER_WORDS[parts[0]]
        if len(parts) > 1 and parts[1] in _SCALE:
            value *= _SCALE[parts[1]]
        return value
    if parts[:1] == ["a"] and len(parts) > 1 and parts[1] in _SCALE:
        return _SCALE[parts[1]]
    return None
