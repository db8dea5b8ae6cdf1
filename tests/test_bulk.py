"""The pause of Python's cyclic collector (timeline.bulk.CollectorPause), as the
dashboard's runs use it: overlapping runs keep it paused until the last one ends,
and a backlog is collected even while runs keep overlapping."""
from __future__ import annotations

import gc

import pytest

from timeline.bulk import CollectorPause, gc_paused


@pytest.fixture()
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_overlapping_runs_resume_the_collector_when_the_last_ends(collector_on):
    pause = CollectorPause()
    with pause:
        assert not gc.isenabled()
        with pause:                      # a second session's run starts meanwhile
            assert not gc.isenabled()
        assert not gc.isenabled()        # the first is still under way
    assert gc.isenabled()


def test_a_run_that_fails_resumes_the_collector(collector_on):
    pause = CollectorPause()
    with pytest.raises(RuntimeError), pause:
        raise RuntimeError("st.rerun and st.stop end a run with an exception")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused(collector_on):
    pause = CollectorPause()
    gc.disable()
    with pause:
        pass
    assert not gc.isenabled()


def test_a_backlog_is_collected_while_runs_keep_overlapping(collector_on):
    pause = CollectorPause()
    pause.BACKLOG = 1000
    with pause:
        with pause:
            kept = [[i] for i in range(5000)]    # tracked objects: the young generation grows
            assert gc.get_count()[0] > 1000
        assert gc.get_count()[0] < 1000          # the run that ended collected them
        assert not gc.isenabled() and len(kept) == 5000
    assert gc.isenabled()


def test_gc_paused_is_one_pause_for_the_whole_process(collector_on):
    with gc_paused():
        with gc_paused():        # another thread's (or a nested) holder
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
