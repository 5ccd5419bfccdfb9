"""Measure the bundled piano pieces once and write ``assets/audio/loudness.json``.

The app then knows their loudness (ITU-R BS.1770, as the player decodes them) from
the first sample of the first session on a brand-new install, instead of playing
them at the safe default gain while they are measured in the background. Each
entry keeps the file's size, so a replaced piece is measured again as any file is.
``tests/audio/test_bundled_loudness.py`` measures the pieces again and checks this file.

Usage::

    python tools/measure_bundled_loudness.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ketacompanion.audio.loudness_meter import measure_file  # noqa: E402
from ketacompanion.services.loudness import BUNDLED_LOUDNESS_FILE  # noqa: E402

AUDIO = ROOT / "assets" / "audio"


def measure_all(audio_dir: Path) -> dict[str, dict[str, float | int]]:
    """Each ``*.ogg`` piece's size, integrated loudness (LUFS) and true peak (linear)."""
    found: dict[str, dict[str, float | int]] = {}
    for path in sorted(audio_dir.glob("*.ogg")):
        loudness = measure_file(str(path))
        if loudness is None:
            raise SystemExit(f"{path.name} is silent")
        found[path.name] = {"size": path.stat().st_size, "lufs": round(loudness.lufs, 2),
                            "true_peak": round(loudness.true_peak, 4)}
    return found


def main() -> None:
    """Measure and write the file (sorted keys, one piece a line, for a readable diff)."""
    pieces = measure_all(AUDIO)
    out = AUDIO / BUNDLED_LOUDNESS_FILE
    out.write_text(json.dumps(pieces, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for name, entry in pieces.items():
        print(f"{name}: {entry['lufs']} LUFS, true peak {entry['true_peak']}")


if __name__ == "__main__":
    main()
