"""The CLI is a thin layer: its JSON has the stable names of the README (issue 2)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from timeline.cli import ARTICLE_FIELDS, EVENT_FIELDS, main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_ingest_articles_events_json(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(SEEDS), "--db", db, "--no-progress", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["read"] == 5 and summary["skipped"] == []

    assert main(["articles", "--db", db, "--format", "json"]) == 0
    articles = _json_lines(capsys.readouterr().out)
    assert len(articles) == 5
    for a in articles:
        assert tuple(a) == ARTICLE_FIELDS
        assert a["date_source"] in ("text", "metadata", "manifest", "inferred", "user", "none")
        assert (a["published"] is None) == (a["date_source"] == "none")

    assert main(["events", "--db", db, "--format", "json"]) == 0
    for e in _json_lines(capsys.readouterr().out):
        assert tuple(e) == EVENT_FIELDS
        assert e["type"] in ("control_change", "displacement")
        assert e["sources"] == len(e["article_ids"]) >= 1


def test_set_date_from_the_cli(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("A headline without a date\n\nTroops moved into the valley.\n")
    main(["ingest", str(folder), "--db", db, "--no-progress"])
    capsys.readouterr()
    main(["articles", "--db", db, "--format", "json"])
    (article,) = _json_lines(capsys.readouterr().out)
    assert article["published"] is None
    assert main(["articles", "--db", db, "--set-date", article["id"][:8], "2019-06-30"]) == 0
    capsys.readouterr()
    main(["articles", "--db", db, "--format", "json"])
    (article,) = _json_lines(capsys.readouterr().out)
    assert article["published"] == "2019-06-30" and article["date_source"] == "user"
    assert main(["articles", "--db", db, "--set-date", "ffffffff", "2019-06-30"]) == 2


def test_console_script_reports_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("Fine\n\nA readable article.\n")
    (folder / "bad.txt").write_bytes(b"\x00\xff" * 100)
    out = subprocess.run([sys.executable, "-m", "timeline.cli", "ingest", str(folder),
                          "--db", str(tmp_path / "c.db"), "--no-progress"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr  # 1: some files were skipped (README "Exit codes")
    assert "skipped 1" in out.stdout and "bad.txt" in out.stdout and "binary" in out.stdout
