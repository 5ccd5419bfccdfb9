"""Run the benchmarks and print their ratios: ``python -m benchmarks [--quick] [NAME ...]``.

With no names, every benchmark runs. ``--quick`` runs each with fewer pairs and
smaller cases (for a look while developing; the full run is the one to trust).
Each benchmark module has ``run(quick: bool) -> list[str]``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import sys
import time

from benchmarks.common import load_note

# In the order they run; a module not (yet) present is left out.
BENCHMARKS = ("startup", "playlists", "journal", "notes", "synthesis", "audio_cpu",
              "session_cpu", "transcription", "piano", "vault")


def available() -> list[str]:
    """The benchmark names whose modules exist."""
    return [name for name in BENCHMARKS if importlib.util.find_spec(f"benchmarks.{name}")]


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmarks (all by default); 0, or 2 for an unknown name."""
    names = available()
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"any of: {', '.join(names)} (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer pairs and smaller cases: a short look, not the verdict")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in names]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (choose from {', '.join(names)})")
    print(f"{'quick' if args.quick else 'full'} run; {load_note()}", flush=True)
    for name in args.names or names:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        run = importlib.import_module(f"benchmarks.{name}").run
        lines = run(quick=args.quick) if "quick" in inspect.signature(run).parameters else run()
        for line in lines:
            print(f"   {line}", flush=True)
        print(f"   ({time.monotonic() - started:.0f} s; {load_note()})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
