"""Word lists the mention finder reads: demonyms, common words, person-name cues.

All live in ``gazetteer/data/`` so that no name is written into Python logic.

    >>> lex = load_lexicon()
    >>> lex.demonyms["syrians"], "police" in lex.common_words, "captain" in lex.titles
    ('SY', True, True)
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache

from gazetteer.errors import DataFileError
from gazetteer.normalize import DATA_DIR, name_key


@dataclass(frozen=True)
class Lexicon:
    demonyms: dict[str, str]        # name_key of demonym (and its plural) -> country code or place name
    common_words: frozenset[str]    # lowercase frequent English words
    titles: frozenset[str]          # name_key of words that precede a person's name
    given_names: frozenset[str]     # name_key of given names (name_cues.csv + given_names.txt)
    kunyas: frozenset[str]          # Arabic name prefixes (Abu, Umm, Bin)
    #: abbreviation as written ("Wash.") -> (country code, area name): read as the area only
    #: in the "Town, Abbr." position (see data/comma_abbreviations.csv)
    comma_abbreviations: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: lowercase words that end an organisation's name (data/org_heads.txt)
    org_heads: frozenset[str] = frozenset()
    #: name_key of news agencies named like a place ("SANA" is no Sanaa): not a place in a
    #: dateline or written in capitals
    agencies: frozenset[str] = frozenset()


def _rows(name: str) -> list[list[str]]:
    path = DATA_DIR / name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror}") from exc


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    demonyms: dict[str, str] = {}
    for row in _rows("demonyms.csv")[1:]:
        if len(row) < 2:
            raise DataFileError(DATA_DIR / "demonyms.csv", f"bad row {row!r}")
        k = name_key(row[0])
        target = row[1].strip()
        target = target.upper() if len(target) == 2 else target
        demonyms[k] = target
        demonyms.setdefault(k + "s", target)
    words: set[str] = set()
    with open(DATA_DIR / "common_words.txt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                words.update(w.lower() for w in line.split())
    cues: dict[str, set[str]] = {"title": set(), "given": set(), "kunya": set(), "agency": set()}
    for row in _rows("name_cues.csv"):
        kind, word = row[0].strip(), row[1].strip()
        if kind not in cues:
            raise DataFileError(DATA_DIR / "name_cues.csv", f"unknown cue kind {kind!r}")
        cues[kind].add(name_key(word))
    with open(DATA_DIR / "given_names.txt", encoding="utf-8") as fh:
        cues["given"].update(name_key(ln) for ln in fh if ln.strip() and not ln.startswith("#"))
    comma: dict[str, tuple[str, str]] = {}
    for row in _rows("comma_abbreviations.csv"):
        if len(row) < 3 or "-" not in row[0]:
            raise DataFileError(DATA_DIR / "comma_abbreviations.csv", f"bad row {row!r}")
        for abbr in row[1].split("|"):
            if abbr.strip():
                comma[abbr.strip()] = (row[0].split("-", 1)[0].strip(), row[2].strip())
    heads: set[str] = set()
    with open(DATA_DIR / "org_heads.txt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                heads.update(w.lower() for w in line.split())
    return Lexicon(demonyms, frozenset(words), frozenset(cues["title"]),
                   frozenset(cues["given"]), frozenset(cues["kunya"]), comma, frozenset(heads),
                   frozenset(cues["agency"]))
