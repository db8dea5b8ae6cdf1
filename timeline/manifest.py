"""The sidecar manifest: `manifest.csv` beside the articles, written by the user.

Columns `file,published,url,source` (any order; only `file` is required). A
manifest date wins over whatever the text says: the user knows better.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "manifest.csv").write_text("file,published,url,source\\nreport.txt,2016-05-21,,ARA News\\n")
    >>> rows = read_manifest(folder)
    >>> from timeline.records import Article, http_url
    >>> a = apply_manifest(Article.from_text("Title\\nBody.", path=str(folder / "report.txt")), rows["report.txt"])
    >>> a.published, a.date_source, a.source
    ('2016-05-21', 'manifest', 'ARA News')

A row with a date that cannot be read is skipped with a message naming the
manifest, its line and the reason (collected in `errors` when a list is
passed); a manifest without a `file` column is reported and ignored.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import replace
from pathlib import Path

from timeline.records import Article, http_url

__all__ = ["read_manifest", "apply_manifest", "ManifestError", "MANIFEST_NAME", "COLUMNS"]

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "published", "url", "source")
log = logging.getLogger(__name__)


class ManifestError(ValueError):
    """A manifest that cannot be used at all; the message names the file and the reason."""


def read_manifest(folder, errors: list[str] | None = None, *, strict: bool = False) -> dict[str, dict]:
    """Rows of `folder/manifest.csv` keyed by file name; {} when there is no manifest.

    Each row: {"file", "published" (ISO value or None), "precision", "url",
    "source", "manifest" (its path), "line"}. Bad rows are skipped and reported
    (logged, and appended to `errors` if given). A manifest that cannot be used
    at all (unreadable, no `file` column) is reported the same way and yields {},
    so one bad manifest does not stop an ingest; with `strict=True` it raises
    ManifestError instead.
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        return {}

    def unusable(why: str) -> dict:
        msg = f"{path}: {why}; manifest ignored"
        if strict:
            raise ManifestError(msg)
        log.error(msg)
        if errors is not None:
            errors.append(msg)
        return {}

    try:
        # utf-8-sig: spreadsheets often save a byte-order mark before "file"
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        return unusable(f"cannot read: {e}")
    try:
        reader = csv.DictReader(text.splitlines(), strict=True)  # strict: report broken quoting
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error as e:
        return unusable(f"not CSV: {e}")
    if "file" not in fields:
        return unusable(f"no 'file' column in header {reader.fieldnames!r} (expected {','.join(COLUMNS)})")
    reader.fieldnames = fields
    rows: dict[str, dict] = {}

    def bad(line: int, why: str) -> None:
        msg = f"{path}:{line}: {why}; row skipped"
        log.warning(msg)
        if errors is not None:
            errors.append(msg)

    try:
        for row in reader:
            _add_row(rows, row, reader.line_num, path, bad)
    except csv.Error as e:  # a NUL byte or a broken quote: keep the rows read so far
        bad(reader.line_num, f"not CSV ({e}); the rest of the manifest is ignored")
    return rows


def _add_row(rows: dict, row: dict, line: int, path: Path, bad) -> None:
    """Check one manifest row and add it to `rows`, or report it through `bad`."""
    name = (row.get("file") or "").strip()
    if not name:
        bad(line, "empty 'file'")
        return
    published = (row.get("published") or "").strip()
    precision = None
    if published:
        try:
            published, precision = _checked_date(published)
        except ValueError as e:
            bad(line, f"published: {e}")
            return
    if name in rows:
        bad(line, f"{name!r} already listed on line {rows[name]['line']}")
        return
    rows[name] = {"file": name, "published": published or None, "precision": precision,
                  "url": http_url(row.get("url")),
                  "source": (row.get("source") or "").strip() or None,
                  "manifest": str(path), "line": line}


def apply_manifest(article: Article, row: dict) -> Article:
    """`article` with what its manifest row says: the date (date_source "manifest"), url, source.

    A row without a date leaves the article's own date alone. `row` is one
    value of `read_manifest`; a hand-made {"published": "2016-05-21"} works too.
    """
    url = http_url(row.get("url")) or article.url
    source = row.get("source") or article.source
    published = row.get("published")
    if not published:
        return replace(article, url=url, source=source)
    precision = row.get("precision")
    if precision is None:
        published, precision = _checked_date(published)
    where = f"{row.get('manifest', MANIFEST_NAME)}"
    if row.get("line"):
        where += f" line {row['line']}"
    dated = article.with_date(published, precision=precision, source="manifest", reason=f"manifest ({where})")
    return replace(dated, url=url, source=source, updated=None)


def _checked_date(value: str) -> tuple[str, str]:
    from timeline.readers import checked_date_value  # readers import this module lazily too

    return checked_date_value(value)
