"""The store contract (`tests/store_contract.py`) run against each store implementation.

A new implementation (the PostgreSQL store of a later issue) adds its factory to
`FACTORIES`: a function of pytest's `tmp_path` returning `open(name="main") -> Store`, one
database per name and test.
"""
from __future__ import annotations

import pytest

from tests.store_contract import *  # noqa: F403 (the contract's tests, collected here)
from timeline.store import open_store


def sqlite_factory(tmp_path):
    opened = []

    def open_(name: str = "main"):
        store = open_store(tmp_path / f"{name}.db")
        opened.append(store)
        return store

    open_.opened = opened
    return open_


def postgis_factory(tmp_path, server):
    """Databases on the session's PostgreSQL/PostGIS server (tests/pg.py, a real one)."""
    opened, urls = [], {}

    def open_(name: str = "main"):
        if name not in urls:
            urls[name] = server.create_database()
        store = open_store(urls[name])
        opened.append(store)
        return store

    open_.opened = opened
    return open_


FACTORIES = {"sqlite": sqlite_factory, "postgis": postgis_factory}
#: Session fixtures a factory takes after tmp_path.
NEEDS = {"postgis": ("pg_server",)}


@pytest.fixture(params=sorted(FACTORIES))
def store_factory(request, tmp_path):
    factory = FACTORIES[request.param](tmp_path, *map(request.getfixturevalue, NEEDS.get(request.param, ())))
    yield factory
    for store in factory.opened:
        store.close()


def test_the_protocol_lists_every_method_its_callers_use():
    """What the dashboard, geo/, timeline/ and bench/ call on a store is in `Store`, so that
    another implementation of the protocol serves them all (private names aside)."""
    import re
    from pathlib import Path

    from timeline.store import SQLiteStore, Store

    root = Path(__file__).resolve().parents[1]
    files = [root / "app.py", *(root / "geo").glob("*.py"), *(root / "timeline").rglob("*.py"),
             *(root / "bench").glob("*.py")]
    used = {name for f in files if f.name != "store.py"
            for name in re.findall(r"\bstore\.([a-z]\w*)\b", f.read_text(encoding="utf-8"))}
    listed = {n for n in vars(Store) if not n.startswith("_")} | set(Store.__annotations__)
    # fast paths a store may offer, which their one caller (the Dask engine) looks up with
    # hasattr; and "store.db", a file name in a string
    used -= {"save_encoded", "put_corroborated", "bulk_load", "db"}
    assert len(used) >= 15 and used <= listed, sorted(used - listed)
    methods = listed - {"path"}         # an attribute each store sets when it opens
    assert all(hasattr(SQLiteStore, n) for n in methods), sorted(n for n in methods if not hasattr(SQLiteStore, n))
