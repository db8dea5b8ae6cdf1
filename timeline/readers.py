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
import errno
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from timeline.dates import parse_date_value
from timeline.errors import NOT_PER_ITEM, item_reason
from timeline.records import Article, http_url
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


def list_files(paths: Iterable[str | Path], errors: list[ReadError] | None = None) -> list[Path]:
    """Every file under `paths` (folders recursively, hidden files and manifests left out), sorted.

    What cannot be listed is appended to `errors` as a `ReadError` (a folder that
    cannot be opened, a dangling symbolic link, a link that loops back to a folder
    already being read) rather than left out without a word. Links to folders are
    followed once."""
    out: list[Path] = []
    report = errors.append if errors is not None else (lambda _e: None)
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(_walk(p, report)))
        elif p.is_symlink() and not p.exists():
            report(ReadError(str(p), "dangling symbolic link (its target does not exist)"))
        else:
            out.append(p)
    return out


def _walk(root: Path, report) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            st = folder.stat()
        except OSError as e:
            report(ReadError(str(folder), f"cannot open folder: {e.strerror or e}"))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            report(ReadError(str(folder), "symbolic link loop (a folder already being read); not followed"))
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            report(ReadError(str(folder), f"cannot open folder: {e.strerror or e}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError as e:
                report(ReadError(str(path), f"cannot open: {e.strerror or e}"))
                continue
            if is_dir:
                yield from walk(path)
            elif is_file:
                if entry.name != MANIFEST_NAME:
                    yield path
            elif entry.is_symlink():
                try:
                    path.stat()
                except FileNotFoundError:
                    report(ReadError(str(path), "dangling symbolic link (its target does not exist)"))
                except OSError as e:
                    reason = ("symbolic link loop" if e.errno == errno.ELOOP else f"cannot open: {e.strerror or e}")
                    report(ReadError(str(path), reason))
            # sockets, FIFOs, devices: not articles

    yield from walk(root)


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Articles from files and folders, in a stable order; unreadable ones as `ReadError`s."""
    errors: list[ReadError] = []
    files = list_files(paths, errors)
    yield from errors
    for path in files:
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Article | ReadError]:
    """All articles of one file (one for text/HTML, one per record for JSON/CSV).

    Never raises for a bad file (error policy, `timeline.errors`): whatever goes
    wrong becomes a `ReadError` naming the file and the reason."""
    try:
        if not path.exists():
            raise UnreadableFile("no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(f"too large ({size / 1e6:.1f} MB > {MAX_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except NOT_PER_ITEM:
        raise
    except Exception as e:  # noqa: BLE001 - the error policy: any failure of one file is reported
        yield ReadError(str(path), item_reason(e))
        return
    items = read_safely(path.name, data, origin=str(path))
    try:
        manifest_row = _manifest_row(path)
    except NOT_PER_ITEM:
        raise
    except Exception as e:  # noqa: BLE001
        items.append(ReadError(str(path.parent / MANIFEST_NAME), f"manifest not applied: {item_reason(e)}"))
        manifest_row = None
    for item in items:
        if manifest_row and isinstance(item, Article):
            item = _apply_manifest(item, manifest_row)
        yield item


def read_safely(name: str, data: bytes, origin: str | None = None) -> list[Article | ReadError]:
    """`read_bytes` under the error policy: never raises for bad content. Records read
    before a failure are kept; the failure is one more `ReadError`."""
    origin = origin or name
    items: list[Article | ReadError] = []
    try:
        for item in read_bytes(name, data, origin=origin):
            items.append(item)
    except NOT_PER_ITEM:
        raise
    except Exception as e:  # noqa: BLE001 - the error policy: any failure of one file is reported
        reason = item_reason(e)
        read = sum(isinstance(i, Article) for i in items)
        if read:
            reason += f" (the {read} records before it were read; the rest of the file was not)"
        items.append(ReadError(origin, reason))
    return items


def read_bytes(name: str, data: bytes, origin: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from a file's bytes; `name` picks the format, `origin` is recorded as the path.

    May raise for a bad file: callers that must go on use `read_safely`."""
    origin = origin or name
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"too large ({len(data) / 1e6:.1f} MB)")
    if not data.strip():
        raise UnreadableFile("empty file")
    text, note = decode_noted(data)
    for item in _read_text(text, suffix, origin):
        yield replace(item, decoding=note) if note and isinstance(item, Article) else item


def _read_text(text: str, suffix: str, origin: str) -> Iterator[Article | ReadError]:
    if suffix in HTML_SUFFIXES:
        yield _read_html(text, origin)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_records(_jsonl_records(text), origin)
    elif suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise UnreadableFile(f"invalid JSON: {e.msg} at line {e.lineno}") from None
        except RecursionError:
            raise UnreadableFile("invalid JSON: nested too deeply to read") from None
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
    """Bytes -> text (see `decode_noted`, which also says when the encoding was a guess)."""
    return decode_noted(data)[0]


#: Invalid UTF-8 sequences replaced (rather than the whole text read as another
#: encoding) when valid multi-byte UTF-8 characters are at least this many times as
#: many: a damaged UTF-8 file, not a file in a legacy code page (whose accented
#: letters almost never form valid UTF-8 sequences).
_UTF8_MAJORITY = 1


def decode_noted(data: bytes) -> tuple[str, str | None]:
    """Bytes -> (text, note): UTF-8 (with or without BOM) first, else the detected encoding.

    `note` is None when the text decoded as declared; otherwise it says what had to
    be guessed ("not UTF-8; read as cp1252 (a guess)", "2 invalid UTF-8 sequences
    replaced with U+FFFD"). The ingest records it on the article and reports it.
    Binary files (NUL bytes, or nothing that decodes as text) raise `UnreadableFile`.

        >>> decode_noted("Naïve".encode() + b" \\xe2\\x80")
        ('Naïve \ufffd', 'truncated UTF-8: the last, incomplete character replaced with U+FFFD')
        >>> decode_noted("Naïve".encode() + b" \\xff ok")
        ('Naïve \ufffd ok', '1 invalid UTF-8 sequence replaced with U+FFFD')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            text = data.decode("utf-16", errors="replace")
            return text, f"{text.count(chr(0xFFFD))} invalid UTF-16 sequences replaced with U+FFFD"
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for cut in (1, 2, 3):   # a file cut short in the middle of its last character
        try:
            return data[:-cut].decode("utf-8") + "\ufffd", "truncated UTF-8: the last, incomplete character replaced with U+FFFD"
        except UnicodeDecodeError:
            continue
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= _UTF8_MAJORITY * bad:
        return replaced, f"{bad} invalid UTF-8 sequence{'s' if bad != 1 else ''} replaced with U+FFFD"
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
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    return text, f"not UTF-8; read as {encoding} (a guess)"


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
    url = http_url(getattr(doc, "url", None) if doc is not None else None)
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
        except RecursionError:
            yield n, UnreadableFile(f"invalid JSON on line {n}: nested too deeply to read")


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
        try:
            yield _record_article(rec, where)
        except NOT_PER_ITEM:
            raise
        except Exception as e:  # noqa: BLE001 - the error policy: one bad record is reported
            yield ReadError(where, item_reason(e))


def _record_article(rec: object, where: str) -> Article | ReadError:
    if not isinstance(rec, dict):
        return ReadError(where, "record is not an object with title/text fields")
    text = rec.get("text") or rec.get("body") or ""
    if not isinstance(text, str) or not text.strip():
        return ReadError(where, "record has no text")
    title = rec.get("title")
    title = title.strip() if isinstance(title, str) else _str_or_none(title) or ""
    full = f"{title}\n\n{text}" if title and not text.lstrip().startswith(title) else text
    kw = dict(path=where, url=http_url(_str_or_none(rec.get("url"))), source=_str_or_none(rec.get("source")))
    published = _str_or_none(rec.get("published") or rec.get("date"))
    if published:
        try:
            iso, precision = checked_date_value(published)
        except ValueError as e:  # kept, undated: a date we cannot read is not a date
            kw.update(date_reason=f"unreadable 'published' value {published!r}: {e}")
        else:
            kw.update(published=iso, published_precision=precision, date_source="metadata",
                      date_reason=f"'published' field {published!r}")
    return Article.from_text(full, title=title or None, **kw)


_OFFSET = re.compile(r"\d[T ]?\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d\d)?\s*$", re.I)


def checked_date_value(value: str) -> tuple[str, str]:
    """`timeline.dates.parse_date_value`, refusing a UTC offset no place on Earth has
    (beyond -12:00..+14:00, or minutes past 59) instead of dropping it.

        >>> checked_date_value("2017-10-14T10:00+99:00")
        Traceback (most recent call last):
        ValueError: UTC offset +99:00 out of range (-12:00 to +14:00)
    """
    m = _OFFSET.search((value or "").strip())
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        limit = 14 if sign == "+" else 12
        if minutes > 59 or hours > limit or (hours == limit and minutes):
            raise ValueError(f"UTC offset {sign}{hours:02d}:{minutes:02d} out of range (-12:00 to +14:00)")
    return parse_date_value(value)


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
