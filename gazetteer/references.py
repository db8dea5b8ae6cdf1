"""Places a text names by what they are, not by name: "the capital".

Wire copy names a country's capital once, or never, and then calls it "the capital"
("the RSF was driven out of the capital"; "tens of thousands fled the Sudanese capital").
Such a phrase is a mention of that capital when the text says which country it means:

- "the Sudanese capital": the country of the demonym;
- a bare "the capital": the one country most of the text's sure places lie in (at least
  `FOCUS_SHARE` of them, demonyms not counted: "Russian forces" say who acts, not where).

Nothing is read where the phrase names its city itself ("the capital, Kyiv", "the capital
Khartoum", "the capital of Gezira state"), after another qualifier ("the provincial
capital", "the state capital": some other capital), or where the text is about no one
country.

    >>> from gazetteer import load_gazetteer
    >>> gz = load_gazetteer()
    >>> text = "Sudan's army said it had driven the RSF out of the capital."
    >>> [(m.surface, m.place.name, m.kind) for m in capital_mentions(text, gz.find_places(text), gz)]
    [('the capital', 'Khartoum', 'capital')]
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from gazetteer.records import Mention

if TYPE_CHECKING:
    from gazetteer import Gazetteer

#: "the capital", "the Sudanese capital", "the capital city" (group "qualifier": the word between).
_CAPITAL = re.compile(r"\b[Tt]he\s+(?:(?P<qualifier>[A-Z][\w'’-]+)\s+)?capital(?:\s+city)?\b(?!['’]s\s+name)")
#: What follows a capital that names its city itself, or another capital: ", Kyiv", " Khartoum",
#: " of Gezira state", "s" ("the capitals").
_NAMED_AFTER = re.compile(r"(?:\s*,?\s*(?:[A-Z]|of\b|cities\b)|s\b)")
#: Share of the text's sure places one country must hold for a bare "the capital" to be its capital.
FOCUS_SHARE = 0.6
#: How sure a place must be read to say what country a text is about.
SURE = 0.5
#: Confidence of a capital read from a demonym ("the Sudanese capital"), and from the text's focus.
DEMONYM_CONFIDENCE = 0.8
FOCUS_CONFIDENCE = 0.6


def capital_mentions(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions (kind "capital") of the capitals that "the capital" phrases of `text` mean,
    given the text's place mentions; none where the text does not say which country."""
    out: list[Mention] = []
    focus: str | None = None
    focus_read = False
    for m in _CAPITAL.finditer(text):
        if _NAMED_AFTER.match(text, m.end()):
            continue
        qualifier = m.group("qualifier")
        if qualifier is not None:
            dem = next((d for d in mentions if d.kind == "demonym" and d.start == m.start("qualifier")
                        and d.place is not None and d.place.is_country), None)
            if dem is None:
                continue        # "the provincial capital", "the Kurdish capital": not a country's
            country, confidence = dem.place.country, DEMONYM_CONFIDENCE
        else:
            if not focus_read:
                focus, focus_read = _focus_country(mentions), True
            country, confidence = focus, FOCUS_CONFIDENCE
        capital = gazetteer.capital(country) if country else None
        if capital is not None:
            out.append(Mention(text[m.start():m.end()], m.start(), m.end(), capital, confidence, (), "capital"))
    return out


def _focus_country(mentions: list[Mention]) -> str | None:
    """The one country at least FOCUS_SHARE of the text's sure places (not demonyms) lie in."""
    counts = Counter(m.place.country for m in mentions
                     if m.place is not None and m.place.country and m.kind != "demonym" and m.confidence >= SURE)
    total = sum(counts.values())
    if not total:
        return None
    country, n = counts.most_common(1)[0]
    return country if n >= FOCUS_SHARE * total else None
