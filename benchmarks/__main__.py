"""Run every benchmark and print its ratios: ``python -m benchmarks [name ...]``."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = ("startup", "synthesis", "audio_cpu", "notes", "session_cpu", "transcription",
              "piano", "journal")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", default=list(BENCHMARKS), choices=BENCHMARKS,
                        metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    args = parser.parse_args()
    for name in args.names:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        module = importlib.import_module(f"benchmarks.{name}")
        for line in module.run():
            print(f"   {line}", flush=True)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
