"""Files -> `Article`s: plain text, HTML, JSON, JSON Lines and CSV.

A file that cannot be read becomes a `ReadError` naming the file and the
reason, and reading goes on with the next one: one broken article never stops
an ingest of ten thousand.

    >>> from pathlib import Path
    >>> items = list(iter_articles([Path("seeds")]))                 # doctest: +SKIP
    >>> [type(i).__name__ for i in items][:1]                         # doctest: +SKIP
    ['Article']

Formats:
- ``.txt`` (and any other text file): title is the first non-empty line, the
  text is the whole file (offsets of mentions refer to it).
- ``.html``/``.htm``: main text by trafilatura, publication date from the page's
  metadata by htmldate (``date_source="metadata"``).
- ``.json`` (an object or a list of objects), ``.jsonl``, ``.csv``: records with
  ``title``, ``text``, ``url``, ``published``, ``source``; each record is an
  article, named ``file#N`` (N counts from 1).
- ``manifest.csv`` beside the files is not an article: it carries
  ``file,published,url,source`` for the files of its folder (timeline.manifest).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from timeline.dates import parse_date_value
from timeline.records import Article
from timeline.times import MONTHS, WEEKDAY_ABBR, WEEKDAYS

#: Files larger than this are refused: nothing a news article needs.
MAX_BYTES = 20 * 1024 * 1024
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MANIFEST_NAME = "manifest.csv"


@dataclass(frozen=True)
class ReadError:
    """A file (or one record of it) that was skipped, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class UnreadableFile(Exception):
    """Raised inside the readers; turned into a `ReadError` at the boundary."""


def list_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file under `paths` (folders recursively, hidden files and manifests left out), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*")
                              if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                              and f.name != MANIFEST_NAME))
        else:
            out.append(p)
    return out


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Articles from files and folders, in a stable order; unreadable ones as `ReadError`s."""
    for path in list_files(paths):
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Article | ReadError]:
    """All articles of one file (one for text/HTML, one per record for JSON/CSV)."""
    try:
        if not path.exists():
            raise UnreadableFile("no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(f"too large ({size / 1e6:.1f} MB > {MAX_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
        items = list(read_bytes(path.name, data, origin=str(path)))
    except UnreadableFile as e:
        yield ReadError(str(path), str(e))
        return
    except OSError as e:
        yield ReadError(str(path), f"cannot open: {e.strerror or e}")
        return
    manifest_row = _manifest_row(path)
    for item in items:
        if manifest_row and isinstance(item, Article):
            item = _apply_manifest(item, manifest_row)
        yield item


def read_bytes(name: str, data: bytes, origin: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from a file's bytes; `name` picks the format, `origin` is recorded as the path."""
    origin = origin or name
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"too large ({len(data) / 1e6:.1f} MB)")
    if not data.strip():
        raise UnreadableFile("empty file")
    text = decode(data)
    if suffix in HTML_SUFFIXES:
        yield _read_html(text, origin)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_records(_jsonl_records(text), origin)
    elif suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise UnreadableFile(f"invalid JSON: {e.msg} at line {e.lineno}") from None
        records = obj if isinstance(obj, list) else [obj]
        yield from _read_records(((i, r) for i, r in enumerate(records, 1)), origin)
    elif suffix == ".csv":
        yield from _read_records(_csv_records(text), origin)
    else:
        if not text.strip():
            raise UnreadableFile("empty file")
        yield Article.from_text(text, title=guess_title(text), path=origin)


# Month and weekday names come from the time-expression scanner; the rest are header words.
_DATE_WORDS = {w.lower() for w in (*MONTHS, *WEEKDAYS, *WEEKDAY_ABBR)} | {
    "am", "pm", "gmt", "utc", "updated", "published", "posted", "at", "on"}
#: A first line longer than this with no sentence end is page furniture (menus, icon lists), not a title.
_MAX_TITLE = 250


def guess_title(text: str) -> str:
    """The headline of a plain-text article: the first non-empty line that is not
    page furniture (an over-long run of menu words) and not a bare date line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines[:10]:
        words = re.findall(r"[A-Za-z]+", line)
        if not words or all(w.lower() in _DATE_WORDS for w in words):
            continue
        if len(line) > _MAX_TITLE:
            continue
        return line
    return lines[0][:_MAX_TITLE] if lines else ""


def decode(data: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM) first, else the detected encoding.

    Binary files (NUL bytes, or nothing that decodes as text) raise `UnreadableFile`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise UnreadableFile("binary or undecodable file (no text encoding fits)")
    # Short texts often fit several single-byte code pages equally well; on ties take
    # windows-1252, the web's usual non-UTF-8 encoding (WHATWG maps latin-1 to it).
    ties = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence - 0.05]
    best = next((m for m in ties if "cp1252" in m.could_be_from_charset), best)
    text = str(best)
    # A 'text' full of control characters is a binary file that happened to decode.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:8192]) * 0.05:
        raise UnreadableFile("binary file (control characters)")
    return text


def _read_html(html: str, origin: str) -> Article | ReadError:
    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      favor_recall=True)
    body = (getattr(doc, "text", None) if doc is not None else None) or ""
    title = (getattr(doc, "title", None) if doc is not None else None) or ""
    if not body.strip():
        return ReadError(origin, "no article text found in the HTML")
    if not title:
        m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
        title = " ".join(m.group(1).split()) if m else body.strip().splitlines()[0]
    url = getattr(doc, "url", None) if doc is not None else None
    source = getattr(doc, "sitename", None) if doc is not None else None
    text = f"{title}\n\n{body}"
    published = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    kw = {}
    if published:
        kw = dict(published=published, published_precision="day", date_source="metadata",
                  date_reason="HTML metadata (htmldate)")
    return Article.from_text(text, title=title, path=origin, url=url, source=source, **kw)


def _jsonl_records(text: str) -> Iterator[tuple[int, object]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            yield n, UnreadableFile(f"invalid JSON on line {n}: {e.msg}")


def _csv_records(text: str) -> Iterator[tuple[int, object]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        raise UnreadableFile("CSV has no 'text' column (expected title,text,url,published,source)")
    for n, row in enumerate(reader, 2):  # line 1 is the header
        yield n, {(k or "").strip().lower(): v for k, v in row.items()}


def _read_records(records: Iterable[tuple[int, object]], origin: str) -> Iterator[Article | ReadError]:
    for n, rec in records:
        where = f"{origin}#{n}"
        if isinstance(rec, UnreadableFile):
            yield ReadError(where, str(rec))
            continue
        if not isinstance(rec, dict):
            yield ReadError(where, "record is not an object with title/text fields")
            continue
        text = rec.get("text") or rec.get("body") or ""
        if not isinstance(text, str) or not text.strip():
            yield ReadError(where, "record has no text")
            continue
        title = str(rec.get("title") or "").strip()
        full = f"{title}\n\n{text}" if title and not text.lstrip().startswith(title) else text
        kw = dict(path=where, url=_str_or_none(rec.get("url")), source=_str_or_none(rec.get("source")))
        published = _str_or_none(rec.get("published") or rec.get("date"))
        if published:
            try:
                iso, precision = parse_date_value(published)
            except ValueError as e:  # kept, undated: a date we cannot read is not a date
                kw.update(date_reason=f"unreadable 'published' value {published!r}: {e}")
            else:
                kw.update(published=iso, published_precision=precision, date_source="metadata",
                          date_reason=f"'published' field {published!r}")
        yield Article.from_text(full, title=title or None, **kw)


def _str_or_none(v) -> str | None:
    return str(v).strip() or None if v not in (None, "") else None


def _manifest_row(path: Path) -> dict | None:
    manifest = path.parent / MANIFEST_NAME
    if not manifest.is_file():
        return None
    return _manifest_of(str(path.parent), manifest.stat().st_mtime_ns).get(path.name)


@lru_cache(maxsize=64)
def _manifest_of(folder: str, _mtime: int) -> dict:
    # cached per folder and modification time: read once per ingest, not once per file
    from timeline.manifest import read_manifest

    return read_manifest(Path(folder))


def _apply_manifest(article: Article, row: dict) -> Article:
    from timeline.manifest import apply_manifest

    return apply_manifest(article, row)
