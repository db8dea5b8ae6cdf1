"""The fault suite, short version for CI (issue 13); bench/faults.py is the long one and prints
the table. Same scenarios, smaller: kills during storing, inference and corroboration; 2 ingests
and 3 readers at once; a full disk; a folder with bad files of every kind; Hypothesis property
tests over the readers, date parsing, the geoparser and event extraction.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

BENCH = Path(__file__).resolve().parents[1] / "bench" / "faults.py"
_spec = importlib.util.spec_from_file_location("bench_faults", BENCH)
faults = importlib.util.module_from_spec(_spec)
sys.modules["bench_faults"] = faults  # its dataclasses look their module up
_spec.loader.exec_module(faults)

#: Hypothesis examples per property in CI (bench/faults.py --fuzz runs more).
FUZZ_EXAMPLES = 40
_fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def compiled_gazetteer():
    from gazetteer import load_gazetteer

    load_gazetteer()  # on disk before any child starts


def test_kills_during_storing_inference_and_corroboration_leave_what_a_clean_run_leaves(tmp_path):
    # one kill in each phase: anywhere while storing, at the entry of the others
    res = faults.kills(tmp_path, n_files=150, n_kills=len(faults.PHASES), at_entry=True)
    assert res.kills == len(faults.PHASES)
    assert set(res.by_phase) >= {"infer", "redate", "corroborate"}
    assert res.identical, res.problems


def test_two_ingests_and_three_readers_lose_nothing_and_leave_nothing_stale(tmp_path):
    res = faults.concurrency(tmp_path, n_files=40, seconds=4)
    assert res.ingest_codes and all(c == 0 for c in res.ingest_codes), res.reader_errors
    assert not res.reader_errors
    assert res.reader_passes > 0
    assert (res.files_lost, res.stale_events) == (0, 0)


def test_a_full_disk_stops_the_ingest_cleanly_and_a_rerun_completes(tmp_path):
    res = faults.disk_full(tmp_path, n_files=80)
    assert res.stopped_cleanly, res.message
    assert "full" in res.message and "Traceback" not in res.message
    assert res.consistent
    assert res.completed, res.problems


def test_bad_files_of_every_kind_are_reported_and_every_good_file_stored(tmp_path):
    res = faults.corrupt_folder(tmp_path, n_files=200)
    assert res.bad >= len(faults.BAD_KINDS)
    assert (res.good_lost, res.bad_unreported, res.exit_code, res.problems) == (0, 0, 1, [])


# -- fuzzing: the same properties bench/faults.py counts -----------------------------------------

_PROPS = {}


def _prop(name):
    if not _PROPS:
        _PROPS.update({n: (s, c) for n, s, c in faults.fuzz_properties()})
    return _PROPS[name]


def _fuzz_test(name):
    strategy, check = _prop(name)

    @_fuzz
    @given(strategy)
    def run(value):
        check(value)

    run()


def test_fuzz_readers_never_raise_and_read_valid_articles():
    _fuzz_test("readers")


def test_fuzz_date_values_are_valid_or_refused():
    _fuzz_test("dates")


def test_fuzz_time_expressions_lie_inside_the_text_with_valid_dates():
    _fuzz_test("time expressions")


def test_fuzz_geoparser_offsets_lie_inside_the_text():
    _fuzz_test("geoparser")


def test_fuzz_event_extraction_raises_nothing_and_keeps_offsets_and_dates_valid():
    _fuzz_test("event extraction")


def test_the_bench_prints_its_table(capsys):
    assert faults.main(["--only", "fuzz", "--fuzz", "5"]) == 0
    out = capsys.readouterr().out
    assert "fuzz (Hypothesis)" in out and "no exception" in out
