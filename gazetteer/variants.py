"""Places named in another transliteration than the gazetteer's.

War reporting spells a town as its reporter hears it: "Um Rawaba" for Umm Ruwaba, "Bulo
Burde" for Buulobarde, "Harardhere" for Xarardheere, "Kyaukphyu" for Kyaukpyu. Neither the
exact nor the loose key (`gazetteer.normalize`) joins such spellings; their consonant
skeleton does: the name without spaces, hyphens and vowels after its first letter, with
doubled letters once, "x" read as "h" (Somali), "ph" as "p", "q" as "k", a "y" after a
vowel as one ("Qaryatain", Al Qaryatayn).

A skeleton is lossy, so it is asked only for a name the text already sets where a place
stands ("captured the town of Um Rawaba") and no key resolved, and it answers only with
the one populated place of that skeleton in the countries the text is about, if that is a
town of `VARIANT_MIN_POPULATION` or more.

    >>> skeleton("Um Rawaba") == skeleton("Umm Ruwaba"), skeleton("Harardhere") == skeleton("Xarardheere")
    (True, True)
    >>> from gazetteer import load_gazetteer
    >>> load_gazetteer().spelling_variant("Bulo Burde", ("SO",)).name
    'Buulobarde'
"""
from __future__ import annotations

import re

from gazetteer.normalize import name_key

#: The shortest skeleton asked for: shorter ones join too many names ("Bor", "Bur", "Bari").
MIN_SKELETON = 4
#: A place read by its skeleton is a town of at least this many people: villages share names,
#: so a hamlet's twin is more often another hamlet ("Storozheve", Donetsk, is not Storozhove,
#: 257 km away; "Qantra" is not Qenterê) than the same place spelled otherwise.
VARIANT_MIN_POPULATION = 2_000
#: Places of one skeleton this close together are one town GeoNames files twice ("Ad-Dindar"
#: and "Ad Dindar", 16 km apart): the larger stands for it.
SAME_TOWN_KM = 25.0
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez)\s+")
_VOWELS = re.compile(r"[aeiou]")
_SOUNDS = (("ph", "p"), ("x", "h"), ("q", "k"), ("ck", "k"))
_GLIDE = re.compile(r"(?<=[aeiou])y(?![aeiou])")     # (not "iya": a "y" before a vowel is a consonant)


def skeleton(name: str) -> str:
    """The consonant skeleton of a name (see the module docstring)."""
    k = _ARTICLE.sub("", name_key(name)).replace(" ", "")
    for a, b in _SOUNDS:
        k = k.replace(a, b)
    k = _GLIDE.sub("i", k)          # "Qaryatayn" and "Qaryatain": a "y" after a vowel is one
    if not k:
        return ""
    k = k[0] + _VOWELS.sub("", k[1:])
    return "".join(c for i, c in enumerate(k) if i == 0 or c != k[i - 1])


def skeleton_table(names: list[str], feature_codes: list[str]) -> dict[str, tuple[int, ...]]:
    """Skeleton -> ids of the populated places of that skeleton (names by place id)."""
    table: dict[str, list[int]] = {}
    for i, (n, code) in enumerate(zip(names, feature_codes)):
        if code.startswith("PP"):
            sk = skeleton(n)
            if len(sk) >= MIN_SKELETON:
                table.setdefault(sk, []).append(i)
    return {k: tuple(v) for k, v in table.items()}
