"""Name keys: how a place name and a stretch of text are made comparable.

Two keys per name. The *exact* key folds case, diacritics, apostrophes and
hyphens ("Deir ez-Zor" and "deir ez zor" meet). The *loose* key also applies the
spelling-variant rules of ``data/variant_rules.csv`` (Arabic article dropped,
Ain/'Ayn/Ayn, Tel/Tal/Tall, ee/i, ou/u, q/k, doubled letters), so unseen
transliterations of the same name still meet.

    >>> name_key("Ra’s al ‘Ayn")
    'ras al ayn'
    >>> loose_key(name_key("Ras el-Ain")) == loose_key(name_key("Ra's al 'Ayn"))
    True
    >>> loose_key(name_key("Meyadeen")) == loose_key(name_key("Al Mayādīn"))
    True
"""
from __future__ import annotations

import csv
import hashlib
import unicodedata
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

DATA_DIR = Path(__file__).resolve().parent / "data"

# Apostrophe-like marks (ayn/hamza transliterations, typographic quotes) vanish;
# separators become spaces so "Deir ez-Zor" == "Deir ez Zor".
_PUNCT = {ord(c): None for c in "'’‘`´ʿʾʼʻ\u02bc"}
_PUNCT.update({ord(c): " " for c in "-‐‑‒–—―_./,;:()[]{}\"“”«»!?&+*\\|"})


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Exact key: lowercase ASCII words separated by single spaces."""
    s = name.translate(_PUNCT)
    if not s.isascii():
        # NFKD keeps the base letter of "ā", "ç"; unidecode handles the rest ("ı", "ø", "ß").
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
        if not s.isascii():
            s = unidecode(s).translate(_PUNCT)
    return " ".join(s.lower().split())


class VariantRules:
    """The spelling-variant rules of one rules file (see data/variant_rules.csv)."""

    def __init__(self, path: Path = DATA_DIR / "variant_rules.csv"):
        self.drop: set[str] = set()
        self.token: dict[str, str] = {}
        self.sub: list[tuple[str, str]] = []
        self.suffix: list[tuple[str, str]] = []
        self.collapse_doubles = False
        with open(path, encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
        for kind, src, dst in ((r + ["", ""])[:3] for r in rows):
            if kind == "drop":
                self.drop.add(src)
            elif kind == "token":
                self.token[name_key(src)] = dst
            elif kind == "sub":
                self.sub.append((src, dst))
            elif kind == "suffix":
                self.suffix.append((src, dst))
            elif kind == "double":
                self.collapse_doubles = True
            else:
                raise ValueError(f"{path}: unknown rule kind {kind!r}")

    def apply(self, key: str) -> str:
        toks = key.split()
        if len(toks) > 1:
            kept = [t for t in toks if t not in self.drop]
            toks = kept or toks
        out = []
        for t in toks:
            t = self.token.get(t, t)
            for src, dst in self.sub:
                t = t.replace(src, dst)
            if self.collapse_doubles:
                t = "".join(c for i, c in enumerate(t) if i == 0 or c != t[i - 1])
            for src, dst in self.suffix:
                if len(t) > len(src) + 2 and t.endswith(src):
                    t = t[: -len(src)] + dst
                    break
            out.append(t)
        return " ".join(out)


_RULES: VariantRules | None = None


@lru_cache(maxsize=200_000)
def loose_key(key: str) -> str:
    """Loose key of an exact key: the variant rules applied."""
    global _RULES
    if _RULES is None:
        _RULES = VariantRules()
    return _RULES.apply(key)


def key_hash(key: str) -> int:
    """Stable 63-bit hash of a key (Python's hash() changes between processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") >> 1
