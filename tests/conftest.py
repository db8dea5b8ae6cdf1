"""Suite-wide set-up.

The gazetteer's compiled index is built once per machine (30-60 s) and then loaded
from disk in under a second. Building it here, before any test runs, keeps that
cost out of tests that start subprocesses with deadlines (a killed ingest, the
Streamlit server of the browser test).
"""
from __future__ import annotations

import pytest

# the store contract's tests live outside a test_*.py file: pytest's assertions explain them too
pytest.register_assert_rewrite("tests.store_contract")

from gazetteer import Gazetteer, load_gazetteer  # noqa: E402


def pytest_sessionstart(session):
    load_gazetteer()


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    """The packaged gazetteer without the user's overrides (tests must not depend on them)."""
    return load_gazetteer(overrides=None)
