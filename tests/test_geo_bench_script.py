"""The export benchmark runs end to end at a small size and prints its figures (no timing asserted)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "export_speed.py"


def test_export_benchmark_prints_its_figures(capsys):
    spec = importlib.util.spec_from_file_location("export_speed", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--events", "3000", "--places", "300", "--all-cores"]) == 0
    out = capsys.readouterr().out
    assert "geojson export of 3,000 events (3,000 features" in out
    assert "control_at over" in out and "target <= 200 ms" in out
