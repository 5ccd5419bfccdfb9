"""README keeps exactly two copy-paste commands, and .ci/run runs the test one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_has_exactly_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 2
    run, test = (b.strip() for b in blocks)
    assert 'pip install -e ".[transcribe]"' in run and run.endswith("ketacompanion")
    assert 'pip install -e ".[test]"' in test and "pytest" in test
    assert "docs/main-window.png" in text and (ROOT / "docs" / "main-window.png").is_file()


def test_ci_takes_the_test_command_from_readme():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in script
