"""Run a bench on an old revision and on this tree in turns, each run in a fresh process.

A speed claim on a shared machine needs the old and the new code measured in the same
run, alternately, so that both see the same load. `alternate` checks the old revision
out once (a detached git worktree under the temp folder), then runs the bench script of
*this* tree, round after round, first with ``--repo <old worktree>`` and then with
``--repo <this tree>``: the measuring code is the same, only the code under test differs.
The bench, given ``--repo``, imports the code from there (`code_root`) and prints its
figures as one JSON line (``--json``); each row printed here carries the 1-minute load
average read just before the run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def code_root(argv: list[str] | None = None) -> Path:
    """The tree whose code a bench measures: the value of ``--repo`` if given, else this one.

    Read from the command line before the bench imports anything of conflictmap."""
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        if arg == "--repo" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--repo="):
            return Path(arg.split("=", 1)[1]).resolve()
    return REPO


def worktree(rev: str) -> Path:
    """A detached worktree of `rev` (made once, then reused)."""
    sha = subprocess.run(["git", "rev-parse", "--short=10", rev], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"conflictmap-bench-{sha}"
    if not (path / ".git").exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), sha], cwd=REPO, check=True,
                       capture_output=True, text=True)
    return path


def alternate(script: Path, rev: str, rounds: int, child_args: list[str]) -> dict[str, list[dict]]:
    """Run `script` `rounds` times on `rev` and on this tree, alternately; print one row a
    run and return the figures by "old"/"new"."""
    trees = {"old": worktree(rev), "new": REPO}
    results: dict[str, list[dict]] = {"old": [], "new": []}
    for r in range(rounds):
        for label, root in trees.items():
            env = dict(os.environ, PYTHONPATH=str(root))
            load = os.getloadavg()[0]
            run = subprocess.run([sys.executable, str(script), "--repo", str(root), "--json", *child_args],
                                 cwd=root, env=env, capture_output=True, text=True)
            if run.returncode:
                raise SystemExit(f"{label} run failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            figures["load average (1 min)"] = round(load, 2)
            results[label].append(figures)
            name = rev if label == "old" else "this tree"
            print(f"round {r + 1} {label:3s} ({name}): " + ", ".join(f"{k} {v}" for k, v in figures.items()),
                  flush=True)
    return results
