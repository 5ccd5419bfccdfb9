"""``python -m benchmarks``: no names runs them all, --quick asks each for a short look.

The benchmarks themselves are long and not part of the suite; a stand-in module
records how it was called. The figure's arithmetic is checked on known pairs.
"""

from __future__ import annotations

import sys
import types

import pytest

from benchmarks import __main__ as cli
from benchmarks.common import Figure, alternate


@pytest.fixture
def recorded(monkeypatch) -> list[tuple[str, bool]]:
    calls: list[tuple[str, bool]] = []
    for name in ("first", "second"):
        module = types.ModuleType(f"benchmarks.{name}")
        module.run = lambda quick=False, name=name: calls.append((name, quick)) or ["fine"]
        monkeypatch.setitem(sys.modules, f"benchmarks.{name}", module)
    monkeypatch.setattr(cli, "available", lambda: ["first", "second"])
    return calls


def test_no_names_runs_every_benchmark(recorded, capsys) -> None:
    assert cli.main([]) == 0
    assert recorded == [("first", False), ("second", False)]
    assert "== second" in capsys.readouterr().out


def test_quick_runs_each_short(recorded) -> None:
    assert cli.main(["--quick", "second"]) == 0
    assert recorded == [("second", True)]


def test_an_unknown_name_is_one_line_and_exit_2(recorded, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["nope"])
    assert exited.value.code == 2
    assert "unknown benchmark nope" in capsys.readouterr().err
    assert recorded == []


def test_a_figure_is_the_median_of_pair_ratios_with_its_spread_and_verdict() -> None:
    figure = Figure("start", 1.5)
    for mine, base in ((0.3, 0.2), (0.5, 0.2), (0.2, 0.2)):
        figure.add(mine, base)
    assert figure.ratios == pytest.approx([1.5, 2.5, 1.0])
    assert figure.met  # the median pair is 1.5x
    line = figure.line()
    assert "1.50x (spread 1.00-2.50, 3 pairs" in line and "MET (goal <= 1.5x)" in line
    faster = Figure("speed", 2.0, higher_is_better=True)
    faster.add(3.0, 2.0)
    assert "MISSED (goal >= 2x)" in faster.line()


def test_pairs_alternate_which_side_goes_first() -> None:
    order: list[str] = []
    alternate(4, lambda: order.append("app") or 1.0, lambda: order.append("bare") or 1.0,
              Figure("x", None))
    assert order == ["app", "bare", "bare", "app", "app", "bare", "bare", "app"]


def test_a_child_that_hangs_silently_is_ended_at_its_timeout() -> None:
    """A start-up that stops on a dialog prints nothing: the run ends, with a clear error."""
    import time

    from benchmarks.common import run_child

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="never printed 'first-frame'"):
        run_child([sys.executable, "-c", "import signal; signal.pause()"],
                  "first-frame", timeout=1.0)
    assert time.monotonic() - started < 10
