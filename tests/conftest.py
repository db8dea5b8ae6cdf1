"""Suite-wide set-up.

The gazetteer's compiled index is built once per machine (30-60 s) and then loaded
from disk in under a second. Building it here, before any test runs, keeps that
cost out of tests that start subprocesses with deadlines (a killed ingest, the
Streamlit server of the browser test).
"""
from __future__ import annotations

import subprocess

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


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL/PostGIS server for the session, each xdist worker its own
    (`tests/pg.py`): started on first use, stopped at the end. If it cannot be started the
    tests using it FAIL with the reason (never skip): scripts/test.sh installs Debian's
    postgresql and postgis."""
    from tests.pg import PGServer, PGServerError

    try:
        server = PGServer.start()
    except PGServerError as e:
        pytest.fail(f"cannot start the PostgreSQL/PostGIS test server: {e}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a fresh database with the postgis extension, on the session's server."""
    return pg_server.create_database()


@pytest.fixture
def cli(capsys):
    """`cli(*args)`: `conflictmap ARGS` run by `timeline.cli.main` in this process, its result
    as `subprocess.run` gives it (returncode, stdout, stderr). An exception, or a traceback
    printed, fails the test as it would in a subprocess's stderr; tests that check a real
    process's exit code run one themselves."""
    from timeline.cli import main

    def run(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as e:   # argparse's usage errors
            code = e.code
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return subprocess.CompletedProcess(args, code, out, err)

    return run
