"""Line counts and the largest function of the dashboard's layers, at two revisions.

    $ python bench/code_size.py 0ea8fc7          # that revision against the working tree
    $ python bench/code_size.py 0ea8fc7 HEAD

For each group (`geo/`, `timeline/events*`, `app.py`): files, lines, and the longest
function or method (by its line span, decorators and docstring included), read with `ast`
from `git show REV:path` so that no checkout is needed.
"""
from __future__ import annotations

import argparse
import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: group name -> path prefixes (git paths) it holds
GROUPS = {"geo/": ("geo/",), "timeline/events*": ("timeline/events",), "app.py": ("app.py",)}


def _files(rev: str | None) -> list[str]:
    if rev is None:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    else:
        out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if p.endswith(".py")]


def _source(rev: str | None, path: str) -> str:
    if rev is None:
        return (ROOT / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def largest_function(source: str) -> tuple[int, str]:
    """(lines, name) of the longest function or method of a module.

        >>> largest_function("def a():\\n    pass\\n\\n\\ndef b():\\n    x = 1\\n    return x\\n")
        (3, 'b')
    """
    best = (0, "")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            best = max(best, (node.end_lineno - start + 1, node.name))
    return best


def sizes(rev: str | None) -> dict[str, tuple[int, int, tuple[int, str]]]:
    """group -> (files, lines, (lines, "path:function") of its largest function)."""
    out = {}
    files = _files(rev)
    for group, prefixes in GROUPS.items():
        n = lines = 0
        top = (0, "")
        for path in (p for p in files if p.startswith(prefixes)):
            src = _source(rev, path)
            n += 1
            lines += src.count("\n")
            length, name = largest_function(src)
            top = max(top, (length, f"{path}:{name}"))
        out[group] = (n, lines, top)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", help="the earlier revision")
    ap.add_argument("after", nargs="?", default=None, help="the later revision (default: the working tree)")
    a = ap.parse_args()
    old, new = sizes(a.before), sizes(a.after)
    print(f"{'group':18} {'files':>11} {'lines':>13}  largest function (lines)")
    for group in GROUPS:
        (n0, l0, t0), (n1, l1, t1) = old[group], new[group]
        print(f"{group:18} {n0:>5} -> {n1:<4} {l0:>6} -> {l1:<5}  {t0[1]} ({t0[0]}) -> {t1[1]} ({t1[0]})")


if __name__ == "__main__":
    main()
