"""XSPF playlists (XML Shareable Playlist Format, http://xspf.org/ns/0/).

Binaural segments and silences go in a playlist-level ``<extension>`` under our
own identifier, each with its position in the list; other players ignore
extensions they do not know. The identifier is a URI that never resolves: the app
makes no network connections.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ketacompanion.core.models import FileItem, PlaylistItem
from ketacompanion.core.playlist_entries import (
    EntryCollector,
    PlaylistFormatError,
    uri_for,
)
from ketacompanion.core.special_items import SpecialItem, special_to_json

XSPF_NS = "http://xspf.org/ns/0/"
APPLICATION = "https://ketacompanion.invalid/"
KC_NS = "https://ketacompanion.invalid/ns/1"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_xspf(data: bytes, collector: EntryCollector) -> str | None:
    """Read XSPF bytes into ``collector``; returns the playlist title if there is one.

    Raises:
        PlaylistFormatError: The XML is damaged, cut short, or not an XSPF playlist.

    """
    if b"<!ENTITY" in data:
        # XSPF needs no entities; refusing them rules out entity-expansion bombs.
        raise PlaylistFormatError("This XSPF playlist declares XML entities, which it may not.")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError, LookupError) as exc:
        raise PlaylistFormatError(f"This XSPF playlist is damaged or incomplete ({exc}).") from exc
    if _local(root.tag) != "playlist":
        raise PlaylistFormatError("This XML file is not an XSPF playlist.")
    collector.marked = True
    name = _child_text(root, "title")
    for child in root:
        if _local(child.tag) == "trackList":
            for number, track in enumerate(
                (node for node in child if _local(node.tag) == "track"), start=1
            ):
                _add_track(collector, number, track)
    for child in root:
        if _local(child.tag) == "extension" and child.get("application") == APPLICATION:
            for node in child:
                _add_special(collector, node)
    return name


def render_xspf(items: Sequence[PlaylistItem], base_dir: Path, name: str | None = None) -> bytes:
    """XSPF document for ``items``; locations relative to ``base_dir`` where possible."""
    ET.register_namespace("", XSPF_NS)
    ET.register_namespace("kc", KC_NS)
    root = ET.Element(f"{{{XSPF_NS}}}playlist", {"version": "1"})
    if name:
        ET.SubElement(root, f"{{{XSPF_NS}}}title").text = _clean(name)
    specials: list[tuple[int, SpecialItem]] = [
        (at, item) for at, item in enumerate(items) if not isinstance(item, FileItem)]
    if specials:
        # The schema puts playlist <extension> elements before <trackList>.
        extension = ET.SubElement(root, f"{{{XSPF_NS}}}extension", {"application": APPLICATION})
        for at, special in specials:
            node = ET.SubElement(extension, f"{{{KC_NS}}}item", {"at": str(at)})
            node.text = special_to_json(special)
    track_list = ET.SubElement(root, f"{{{XSPF_NS}}}trackList")
    for item in items:
        if isinstance(item, FileItem):
            track = ET.SubElement(track_list, f"{{{XSPF_NS}}}track")
            ET.SubElement(track, f"{{{XSPF_NS}}}location").text = uri_for(item.path, base_dir)
            if item.title:
                ET.SubElement(track, f"{{{XSPF_NS}}}title").text = _clean(item.title)
            if item.artist:
                ET.SubElement(track, f"{{{XSPF_NS}}}creator").text = _clean(item.artist)
            if item.duration_s is not None:
                milliseconds = str(round(item.duration_s * 1000))
                ET.SubElement(track, f"{{{XSPF_NS}}}duration").text = milliseconds
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _add_track(collector: EntryCollector, number: int, track: ET.Element) -> None:
    where = f"track {number}"
    locations = [(node.text or "").strip() for node in track if _local(node.tag) == "location"]
    locations = [text for text in locations if text]
    if not locations:
        collector.problem(f"{where}: no location, skipped")
        return
    duration: float | None = None
    written = _child_text(track, "duration")
    if written and written.isascii() and written.isdigit() and 0 < int(written) < 10**10:
        duration = int(written) / 1000
    title = _child_text(track, "title")
    artist = _child_text(track, "creator")
    collector.add_location(locations[0], where, title, artist, duration, uri=True)


def _add_special(collector: EntryCollector, node: ET.Element) -> None:
    at = node.get("at", "")
    where = f"ketacompanion entry at {at or '?'}"
    if _local(node.tag) != "item" or not (at.isascii() and at.isdigit() and len(at) < 10):
        collector.problem(f"{where}: not understood, skipped")
        return
    collector.add_special(node.text or "", where, at=int(at))


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _local(tag: object) -> str:
    # Tags are "{namespace}name"; writers that forget the namespace still count.
    # Comments and processing instructions have a function as tag.
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)
