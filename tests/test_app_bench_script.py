"""The dashboard benchmark runs end to end at a small size and prints its figures and
the breakdown of a first render (no timing asserted: speed targets live in bench/)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from streamlit import config

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dashboard_speed.py"


def test_dashboard_benchmark_prints_its_figures(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICTMAP_DB", "")  # the bench points the app at its store; undone after
    served = config.get_option("server.enableStaticServing")
    spec = importlib.util.spec_from_file_location("dashboard_speed", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    try:
        assert bench.main(["--events", "1500", "--places", "60", "--steps", "1",
                           "--db", str(tmp_path / "bench.db")]) == 0
    finally:
        config.set_option("server.enableStaticServing", served)
    out = capsys.readouterr().out
    assert "built store: 1500 events over 60 places" in out
    for line in ("first render (s)", "slider step, median (s)", "map payload, max (MB)",
                 "store read: store.events_frame", "control_intervals", "imports of app.py's modules",
                 "control_at + flows + map layers"):
        assert line in out, line
