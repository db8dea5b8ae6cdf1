"""The error policy, in one place.

Two kinds of failure, and what each does to a run:

- **Per-item** (a file, a record of a JSON/CSV file, one article the pipeline fails
  on): whatever the exception type, it is reported with the path and a reason, and
  the run goes on with the next item. `item_reason` turns the exception into that
  reason; `timeline.readers` and `timeline.ingest` call it for every item.
- **Store-level** (the store file cannot be opened, is corrupt, is locked by another
  writer past the timeout, the disk is full, the folder is read-only): the run
  stops; nothing half-written is kept (each batch is one transaction). The CLI
  turns these into one line and exit code 2, never a traceback (`store_reason`).

Exit codes of the command line (`EXIT_*`): 0 everything was read; 1 some files
or records were skipped, and the reasons were printed; 2 nothing could be done
(bad arguments, no such store, a store or OS error).

    >>> item_reason(RecursionError("maximum recursion depth exceeded"))
    'nested too deeply to read (maximum recursion depth exceeded)'
    >>> import sqlite3
    >>> store_reason(sqlite3.OperationalError("database is locked"))
    'the store is locked by another writer (try again when it has finished)'
"""
from __future__ import annotations

import csv
import errno
import json
import sqlite3

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_FAILED = 2

#: Never caught per item: the user (Ctrl-C) or the interpreter asked to stop.
NOT_PER_ITEM = (KeyboardInterrupt, SystemExit, GeneratorExit)


def item_reason(error: BaseException) -> str:
    """Why one file or record was skipped, in words, for any exception."""
    if isinstance(error, RecursionError):
        return f"nested too deeply to read ({error})"
    if isinstance(error, csv.Error):
        msg = str(error)
        if "field larger than field limit" in msg:
            return f"CSV field larger than the limit of {csv.field_size_limit():,} characters"
        return f"malformed CSV: {msg}"
    if isinstance(error, MemoryError):
        return "too large to read in memory"
    if isinstance(error, UnicodeError):
        return f"cannot decode the text: {error}"
    if isinstance(error, OSError):
        return f"cannot open: {error.strerror or error}"
    from timeline.readers import UnreadableFile

    if isinstance(error, UnreadableFile):
        return str(error)
    return f"{type(error).__name__}: {error}"


def is_store_error(error: BaseException) -> bool:
    """Errors that stop a run: the store (or the disk under it) cannot be used. A stored
    record that is not JSON (orjson's error is a json.JSONDecodeError) is a corrupt store."""
    from timeline.store import StoreError

    return isinstance(error, (StoreError, sqlite3.Error, OSError, json.JSONDecodeError))


def store_reason(error: BaseException) -> str:
    """One line for a store-level or OS error (the CLI prints it and exits 2)."""
    from timeline.store import StoreError

    if isinstance(error, StoreError):
        return str(error)
    msg = _printable(str(error))
    if isinstance(error, ValueError) and not isinstance(error, UnicodeError):   # a stored record's JSON
        return (f"a stored record cannot be read ({msg}): the store is corrupt; run `conflictmap check`")
    if isinstance(error, sqlite3.DatabaseError):
        low = msg.lower()
        if "could not decode" in low:
            return ("the store is corrupt (a stored text is not valid UTF-8); run `conflictmap check` "
                    "and recover with a re-ingest into a new file")
        if "locked" in low or "busy" in low:
            return "the store is locked by another writer (try again when it has finished)"
        if "disk is full" in low or "database or disk is full" in low:
            return "the disk is full (or the store reached its size limit); free space and re-run"
        if "malformed" in low or "not a database" in low or "corrupt" in low:
            return (f"the store is corrupt ({msg}); run `conflictmap check` and recover with "
                    "`conflictmap rebuild` or a re-ingest into a new file")
        if "unable to open" in low or "readonly" in low or "read-only" in low:
            return f"cannot open or write the store ({msg}): is its folder writable?"
        return f"store error: {msg}"
    if isinstance(error, OSError):
        name = f"{error.filename}: " if getattr(error, "filename", None) else ""
        if error.errno == errno.ENOSPC:
            return f"{name}the disk is full; free space and re-run"
        return f"{name}{error.strerror or error}"
    return f"{type(error).__name__}: {msg}"


def _printable(msg: str, limit: int = 160) -> str:
    """An error message as one short printable line (SQLite quotes corrupt bytes back)."""
    msg = "".join(ch if ch.isprintable() else "?" for ch in " ".join(msg.split()))
    return msg if len(msg) <= limit else msg[:limit] + "..."
