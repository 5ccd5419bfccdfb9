"""Playlists with damaged lines among good ones: the good lines import, each bad one is a problem.

Built line by line (unlike the byte fuzzing in test_playlist_formats_roundtrip.py, which
rarely makes a ``file://[`` address or a ``1e999`` silence), in every format.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ketacompanion.core.models import MAX_ITEM_SECONDS, MIN_ITEM_SECONDS, FileItem
from ketacompanion.core.playlist_formats import parse_playlist_bytes
from ketacompanion.core.special_items import special_to_json
from ketacompanion.core.xspf import APPLICATION

_BASE = Path(tempfile.mkdtemp(prefix="kc-damaged-"))
_GOOD = [_BASE / f"{n} piece.ogg" for n in range(3)]
for _path in _GOOD:
    _path.write_bytes(b"x")

# Addresses that name no file here: odd hosts, brackets, escapes; none may crash the reader.
_damaged = st.text(st.sampled_from("[]%:@/?#ab.é 0\\"), max_size=16).map(lambda t: "file://" + t)
# Lengths as JSON writes them, and as a damaged or hand-made file may hold them.
_lengths = (st.floats(allow_nan=True, allow_infinity=True).map(json.dumps)
            | st.sampled_from(["1e999", "-1e999", "1e300", "1e-300", "86400", "86400.5"]))
_special = st.tuples(st.sampled_from(["silence", "binaural"]), _lengths)
_entry = st.one_of(st.sampled_from(_GOOD), _damaged, _special)


def _json(kind: str, length: str) -> str:
    extra = '"carrier_hz":200,"beat_hz":6,' if kind == "binaural" else ""
    return f'{{"kind":"{kind}",{extra}"duration_s":{length}}}'


def _render(entries: list, suffix: str) -> bytes:
    if suffix == ".pls":
        files = [e for e in entries if not isinstance(e, tuple)]
        lines = ["[playlist]"] + [f"File{n}={_location(e)}" for n, e in enumerate(files, 1)]
        return "\n".join(lines).encode()
    if suffix == ".xspf":
        tracks = "".join(f"<track><location>{escape(_location(e))}</location></track>"
                         for e in entries if not isinstance(e, tuple))
        specials = "".join(f"<item at='{at}'>{escape(_json(*e))}</item>"
                           for at, e in enumerate(entries) if isinstance(e, tuple))
        return (f"<playlist xmlns='http://xspf.org/ns/0/'><extension application='{APPLICATION}'>"
                f"{specials}</extension><trackList>{tracks}</trackList></playlist>").encode()
    return "\n".join(["#EXTM3U"] + [f"#EXTKC:{_json(*e)}" if isinstance(e, tuple)
                                    else _location(e) for e in entries]).encode()


def _location(entry: Path | str) -> str:
    return entry.as_uri() if isinstance(entry, Path) else entry


def _fits(length: str) -> bool:
    value = json.loads(length)
    return math.isfinite(value) and MIN_ITEM_SECONDS <= value <= MAX_ITEM_SECONDS


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(_entry, max_size=10), suffix=st.sampled_from([".m3u", ".pls", ".xspf"]))
@example(entries=[_GOOD[0], "file://[broken/b.mp3", ("silence", "1e999"), ("silence", "1e300"),
                  _GOOD[1]], suffix=".m3u")
@example(entries=[_GOOD[0], "file://[broken/b.mp3", ("binaural", "1e999")], suffix=".xspf")
@example(entries=[_GOOD[0], "file://[broken/b.mp3"], suffix=".pls")
def test_good_entries_import_and_damaged_ones_are_problems(entries: list, suffix: str) -> None:
    result = parse_playlist_bytes(_render(entries, suffix), suffix, _BASE)
    files = [item for item in result.items if isinstance(item, FileItem)]
    assert files == [FileItem(str(e)) for e in entries if isinstance(e, Path)]
    specials = [item for item in result.items if not isinstance(item, FileItem)]
    fitting = [e for e in entries if isinstance(e, tuple) and _fits(e[1])]
    assert [item.kind for item in specials] == ([] if suffix == ".pls" else
                                                [kind for kind, _ in fitting])
    for item in specials:
        special_to_json(item)  # what storage writes: finite numbers only
        assert MIN_ITEM_SECONDS <= item.duration_s <= MAX_ITEM_SECONDS
    written = [e for e in entries if suffix != ".pls" or not isinstance(e, tuple)]
    dropped = len(written) - len(files) - len(specials)
    assert len(result.problems) >= min(dropped, 1)  # what was left out is said
    assert all("\n" not in line for line in result.problems)
