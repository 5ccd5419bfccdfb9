"""Tests that run a program say so, and skip with its name where it is not installed.

A laptop without espeak-ng, sox or poppler-utils used to see failures and errors
(FileNotFoundError far from the cause) instead of "needs espeak-ng". Such tests carry
``@pytest.mark.needs(...)``, handled in conftest.py; ``.ci/run`` installs every one.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from tool_programs import TOOL_PACKAGES

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def _runs(node: ast.AST) -> set[str]:
    """Programs a function starts: a known program's name first in a list (a command)."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.List) and sub.elts:
            head = sub.elts[0]
            if isinstance(head, ast.Constant) and head.value in TOOL_PACKAGES:
                found.add(head.value)
    return found


def _needs(function: ast.FunctionDef) -> set[str]:
    marked = set()
    for decorator in function.decorator_list:
        if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "needs"):
            marked |= {a.value for a in decorator.args if isinstance(a, ast.Constant)}
    return marked


def _unmarked(path: Path) -> list[str]:
    """Tests in ``path`` that run a program, themselves or through a helper or fixture,
    without a ``needs`` mark naming it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    runs = {name: _runs(f) for name, f in functions.items()}
    for _ in functions:  # what a helper or fixture it calls or takes runs, it runs too
        for name, function in functions.items():
            used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
            used |= {a.arg for a in function.args.args}
            for other in used & functions.keys() - {name}:
                runs[name] |= runs[other]
    return [f"{path.relative_to(ROOT)}::{name} runs {', '.join(sorted(runs[name] - _needs(f)))}"
            for name, f in functions.items()
            if name.startswith("test_") and runs[name] - _needs(f)]


def test_every_test_that_runs_a_program_is_marked():
    users = [p for p in sorted(TESTS.rglob("test_*.py")) if _runs(ast.parse(p.read_text()))]
    assert len(users) >= 5  # the recorder, note page, PDF, export and tag tests
    unmarked = [problem for path in users for problem in _unmarked(path)]
    assert unmarked == []


def test_the_check_sees_a_program_run_through_a_fixture():
    sample = TESTS / "audio" / "test_recorder.py"
    text = sample.read_text().replace('@pytest.mark.needs("espeak-ng", "sox")\n', "")
    scratch = TESTS / "audio" / "test_recorder_unmarked_scratch.py"
    try:
        scratch.write_text(text)
        assert any("test_recorded_take_is_sample_exact runs espeak-ng, sox" in problem
                   for problem in _unmarked(scratch))
    finally:
        scratch.unlink()


def _path_without(programs: set[str], folder: Path) -> str:
    """A PATH holding everything the real one does except ``programs``."""
    folder.mkdir()
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if not entry or not os.path.isdir(entry):
            continue
        for item in os.scandir(entry):
            link = folder / item.name
            if item.name not in programs and not os.path.lexists(link):
                link.symlink_to(item.path)
    return str(folder)


def test_without_the_programs_the_tests_skip_and_say_which(tmp_path: Path):
    users = [str(p) for p in sorted(TESTS.rglob("test_*.py")) if _runs(ast.parse(p.read_text()))]
    env = {**os.environ, "PATH": _path_without(set(TOOL_PACKAGES), tmp_path / "bin")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-m", "needs", "-p", "no:cacheprovider",
         *users], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    # Every test that needs a program is selected, and each one skips.
    assert " skipped" in out and " passed" not in out, out
    assert " failed" not in out and " error" not in out, out
    for program in ("espeak-ng", "sox", "pdftotext"):
        assert re.search(rf"SKIPPED \[\d+\] tests/\S+: needs [^\n]*\b{program}\b", out), out
    assert "(Debian package poppler-utils)" in out


def test_ci_installs_every_program_the_tests_need():
    packages = re.search(r"DEBIAN_PACKAGES=\(([^)]*)\)", (ROOT / ".ci" / "run").read_text())
    assert packages is not None
    assert set(TOOL_PACKAGES.values()) <= set(packages.group(1).split())
    readme = (ROOT / "README.md").read_text()
    for package in set(TOOL_PACKAGES.values()):
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", readme), package
