"""Suite-wide set-up.

The gazetteer's compiled index is built once per machine (30-60 s) and then loaded
from disk in under a second. Building it here, before any test runs, keeps that
cost out of tests that start subprocesses with deadlines (a killed ingest, the
Streamlit server of the browser test).
"""
from __future__ import annotations


def pytest_sessionstart(session):
    from gazetteer import load_gazetteer

    load_gazetteer()
