"""The one-line JSON form of binaural segments, silences, fresh piano and nature sounds.

They travel this way inside our own playlist exports (an ``#EXTKC:`` line in M3U,
an extension in XSPF) and in the database's playlist rows, so a segment written
by one reads back the same through the other.
"""

from __future__ import annotations

import json

from ketacompanion.core.models import (
    BinauralSegment,
    FreshPiano,
    InvalidItemError,
    NatureItem,
    NatureSound,
    NoiseColour,
    SilenceItem,
)

SpecialItem = BinauralSegment | SilenceItem | FreshPiano | NatureItem


def special_to_json(item: SpecialItem) -> str:
    """One-line JSON for a binaural segment, a silence, a fresh piano or a nature sound."""
    if isinstance(item, SilenceItem):
        data: dict[str, object] = {"kind": "silence", "duration_s": item.duration_s}
    elif isinstance(item, FreshPiano):
        data = {"kind": "piano", "duration_s": item.duration_s, "seed": item.seed,
                "arc": item.arc}
    elif isinstance(item, NatureItem):
        data = {"kind": "nature", "sound": item.sound.value, "duration_s": item.duration_s,
                "label": item.label}
    else:
        data = {
            "kind": "binaural",
            "carrier_hz": item.carrier_hz,
            "beat_hz": item.beat_hz,
            "duration_s": item.duration_s,
            "to_carrier_hz": item.to_carrier_hz,
            "to_beat_hz": item.to_beat_hz,
            "noise": item.noise.value if item.noise else None,
            "noise_level": item.noise_level,
            "label": item.label,
        }
        if item.arc is not None:  # only then: older copies read the same bytes as before
            data["arc"] = item.arc
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


def special_from_json(text: str) -> SpecialItem:
    """Rebuild a segment or silence from :func:`special_to_json` output.

    Raises:
        ValueError: The text is not such an entry or holds impossible values.

    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    kind = data.get("kind")
    if kind == "silence":
        return SilenceItem(_number(data, "duration_s"))
    if kind == "piano":
        seed, arc = data.get("seed", 0), data.get("arc", "classic")
        if isinstance(seed, bool) or not isinstance(seed, int) or not isinstance(arc, str):
            raise ValueError("seed must be a whole number and arc a name")
        return FreshPiano(_number(data, "duration_s"), seed, arc)
    if kind == "nature":
        return _nature(data)
    if kind != "binaural":
        raise ValueError(f"unknown kind {kind!r}")
    label = data.get("label", "")
    noise = data.get("noise")
    arc = data.get("arc")
    if not all(isinstance(v, str) for v in (label,) + tuple(x for x in (noise, arc) if x)):
        raise ValueError("label, noise and arc must be text")
    return BinauralSegment(
        carrier_hz=_number(data, "carrier_hz"),
        beat_hz=_number(data, "beat_hz"),
        duration_s=_number(data, "duration_s"),
        to_carrier_hz=_optional_number(data, "to_carrier_hz"),
        to_beat_hz=_optional_number(data, "to_beat_hz"),
        noise=NoiseColour(noise) if noise is not None else None,
        noise_level=_optional_number(data, "noise_level") or 0.0,
        label=label,
        arc=arc or None,
    )


def _nature(data: dict[str, object]) -> NatureItem:
    sound, label = data.get("sound"), data.get("label", "")
    if not isinstance(sound, str) or not isinstance(label, str):
        raise ValueError("sound and label must be text")
    if sound not in {s.value for s in NatureSound}:
        raise InvalidItemError(f"unknown nature sound {sound!r}")
    return NatureItem(NatureSound(sound), _number(data, "duration_s"), label)


def _optional_number(data: dict[str, object], key: str) -> float | None:
    return None if data.get(key) is None else _number(data, key)


def _number(data: dict[str, object], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number")
    return float(value)
