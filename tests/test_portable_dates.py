"""Dates are formatted with strftime directives every platform knows.

glibc's ``%-d`` (and ``%e``, ``%k``, ``%l``, ``%P``, ``%s``...) raise ValueError on
Windows, where one in a heading broke the Journal cards, the delete question, the
export dialog and the export itself. Only the directives the C standard defines, and
those Python implements itself, are allowed in the package and the tools.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from ketacompanion.core.export_markdown import session_heading
from ketacompanion.core.records import JournalEntry, parse_time

ROOT = Path(__file__).resolve().parent.parent
# C89 strftime directives (Windows' CRT has them all) and the ones Python formats itself.
PORTABLE = set("aAbBcdfHIjmMpSUwWxXyYzZ%")
_DIRECTIVE = re.compile(r"%(.)", re.DOTALL)
_DATE_CALLS = {"strftime", "strptime"}


def _formats(tree: ast.AST) -> list[tuple[int, str]]:
    """Every date format string in a module: strftime/strptime arguments, f-string specs."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _DATE_CALLS:
                found += [(arg.lineno, arg.value) for arg in ast.walk(node)
                          if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            # f"{when:%-d %B}" is strftime too, through datetime.__format__.
            spec = "".join(part.value for part in ast.walk(node.format_spec)
                           if isinstance(part, ast.Constant) and isinstance(part.value, str))
            if "%" in spec:
                found.append((node.lineno, spec))
    return found


def _unportable(text: str) -> list[str]:
    return [f"%{m.group(1)}" for m in _DIRECTIVE.finditer(text) if m.group(1) not in PORTABLE]


def test_no_platform_only_strftime_directives_in_the_source():
    sources = sorted((ROOT / "ketacompanion").rglob("*.py")) + sorted(
        (ROOT / "tools").rglob("*.py"))
    assert len(sources) > 50
    bad = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, fmt in _formats(tree):
            if _unportable(fmt):
                bad.append(f"{path.relative_to(ROOT)}:{line}: {fmt!r} uses "
                           f"{', '.join(_unportable(fmt))}")
        # A format kept in a variable: glibc's flags never mean anything else.
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"%[-#_^][A-Za-z]", text) and not text.lstrip().startswith("#"):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {text.strip()}")
    assert not bad, "platform-only strftime directives:\n" + "\n".join(bad)


def test_the_guard_catches_each_platform_only_flag():
    for sample in ("%-d", "%#d", "%e", "%l", "%k", "%P", "%s", "%-H:%M", "%_d"):
        tree = ast.parse(f"x.strftime({sample!r})\nf'{{x:{sample}}}'")
        assert [_unportable(fmt) for _, fmt in _formats(tree)] == [[sample[:2]], [sample[:2]]]
    assert _unportable("%A %d %B %Y, %H:%M") == []


def _entry(started: str, rehearsal: bool = False) -> JournalEntry:
    return JournalEntry(session_id=1, number=3, started_at=parse_time(started), ended_at=None,
                        planned_minutes=45, playlist_name=None, intention="",
                        mood_before=None, mood_after=None, rehearsal=rehearsal)


def test_session_heading_has_no_leading_zero_on_the_day():
    assert session_heading(_entry("2026-03-04T09:00:00Z"), UTC) == (
        "Session 3 · Wednesday 4 March 2026, 09:00")
    zone = timezone(timedelta(hours=-5))
    assert session_heading(_entry("2026-03-01T02:30:00Z", rehearsal=True), zone) == (
        "Rehearsal · Saturday 28 February 2026, 21:30")
    assert session_heading(_entry("2026-12-25T18:05:00Z"), UTC).endswith("Friday 25 December "
                                                                         "2026, 18:05")
    assert datetime(2026, 3, 4).strftime("%d") == "04"  # why the day is not %d
