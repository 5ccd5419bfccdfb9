"""``ketacompanion playlist``: list, show, import and export playlists without the window.

Opens the same database as the app, through the same storage code, and adds the
ready-made playlists the same way, so both always show the same library.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from ketacompanion.cli import FORCE_HELP, CliError, check_target

if TYPE_CHECKING:
    from ketacompanion.core.models import Playlist, PlaylistItem
    from ketacompanion.storage.playlists import PlaylistRepository


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``playlist`` sub-command and its actions."""
    parser = subparsers.add_parser(
        "playlist", help="list, show, import or export playlists",
        description="Work with the playlist library from the command line.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list all playlists")
    show = actions.add_parser("show", help="show one playlist's items and how it fits")
    show.add_argument("name", metavar="NAME")
    imp = actions.add_parser("import", help="import an M3U, M3U8, PLS or XSPF file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", help="name for the new playlist (default: from the file)")
    exp = actions.add_parser("export", help="export to .m3u, .m3u8, .pls or .xspf")
    exp.add_argument("name", metavar="NAME")
    exp.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    exp.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Do the chosen action; user mistakes raise CliError."""
    from ketacompanion.cli.unlock import open_journal
    from ketacompanion.paths import DataPaths, assets_dir, make_private
    from ketacompanion.storage.playlists import PlaylistRepository
    from ketacompanion.storage.ready_made import seed_ready_made

    paths = DataPaths(args.data_root).ensure()
    database = open_journal(paths)  # asks for the passphrase if the journal is protected
    make_private(paths.database)
    with closing(database):
        repo = PlaylistRepository(database)
        seed_ready_made(repo, assets_dir() / "audio")
        action = {"list": _list, "show": _show, "import": _import, "export": _export}
        return action[args.action](repo, args)


def _list(repo: PlaylistRepository, args: argparse.Namespace) -> int:
    from ketacompanion.core.fitting import format_duration
    from ketacompanion.paths import DataPaths
    from ketacompanion.settings import user_settings

    # Laid out with the person's blend between pieces, as "show", the app's fit and player are.
    crossfade = float(user_settings(DataPaths(args.data_root).settings).get("crossfade_s"))
    summaries = repo.summaries(crossfade)
    if not summaries:
        print("No playlists yet.")
        return 0
    width = max(len(s.name) for s in summaries)
    for s in summaries:
        count = f"{s.item_count} item{'s' if s.item_count != 1 else ''}"
        print(f"{s.name:<{width}}  for {s.target_minutes} min  {count:>10}  "
              f"{format_duration(s.total_s or 0.0)}")
    return 0


def _show(repo: PlaylistRepository, args: argparse.Namespace) -> int:
    from ketacompanion.core.fitting import describe, fit, format_duration
    from ketacompanion.core.models import END_WORDS
    from ketacompanion.core.tags import file_problem
    from ketacompanion.core.timeline import item_duration
    from ketacompanion.paths import DataPaths
    from ketacompanion.settings import user_settings

    playlist = _named(repo, args.name)
    print(f"{playlist.name}  (for {playlist.target_minutes} min; "
          f"if it ends early: {END_WORDS[playlist.end_behaviour]})")
    if playlist.bed is not None:
        print(f"binaural bed: {_label(playlist.bed)} at {round(playlist.bed_level * 100)}%")
    for number, item in enumerate(playlist.items, start=1):
        length = item_duration(item)
        shown = format_duration(length) if length else "?"
        flag = ""
        if item.kind == "music":
            problem = file_problem(item.path)  # type: ignore[union-attr]
            flag = f"  [{problem}]" if problem else ""
        print(f"{number:>3}. {item.kind:<8} {shown:>12}  {_label(item)}{flag}")
    # Laid out with the person's blend between pieces, as the app's fit and player are.
    crossfade = float(user_settings(DataPaths(args.data_root).settings).get("crossfade_s"))
    print(describe(fit(playlist, crossfade_s=crossfade)))
    return 0


def _import(repo: PlaylistRepository, args: argparse.Namespace) -> int:
    from ketacompanion.core.models import Playlist
    from ketacompanion.core.playlist_formats import PlaylistError, read_playlist
    from ketacompanion.storage.playlists import PlaylistNameError

    source = Path(args.file)
    try:
        result = read_playlist(source, keep_missing=True)
    except PlaylistError as exc:
        raise CliError(str(exc)) from None
    for problem in result.problems:
        print(f"note: {problem}", file=sys.stderr)
    if not result.items:
        raise CliError(f"{source.name} holds nothing that can be played.")
    items = [_with_tags(item) for item in result.items]

    name = args.name or repo.unique_name(result.name or source.stem)
    try:
        stored = repo.add(Playlist(name, items))
    except PlaylistNameError as exc:
        raise CliError(str(exc)) from None
    print(f"imported “{stored.name}” ({len(items)} item{'s' if len(items) != 1 else ''})")
    return 0


def _export(repo: PlaylistRepository, args: argparse.Namespace) -> int:
    from ketacompanion.core.playlist_formats import PlaylistError, write_playlist

    playlist = _named(repo, args.name)
    out = Path(args.out)
    check_target(out, args.force)
    try:
        notes = write_playlist(playlist, out)
    except PlaylistError as exc:
        raise CliError(str(exc)) from None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {out}")
    return 0


def _named(repo: PlaylistRepository, name: str) -> Playlist:
    playlist = repo.find(name)
    if playlist is None:
        raise CliError(f"no playlist called {name!r} (see: ketacompanion playlist list)")
    return playlist


def _with_tags(item: PlaylistItem) -> PlaylistItem:
    from ketacompanion.core.models import FileItem
    from ketacompanion.core.tags import read_tags

    if not isinstance(item, FileItem):
        return item
    info = read_tags(item.path)
    # The playlist's own title wins over the file's tags: it is what the person saw.
    return FileItem(item.path, item.title or info.item.title, item.artist or info.item.artist,
                    info.item.duration_s or item.duration_s)


def _label(item: object) -> str:
    from ketacompanion.core.models import BinauralSegment, FileItem, FreshPiano, NatureItem

    if isinstance(item, FileItem):
        title = item.title or Path(item.path).stem
        return f"{item.artist} - {title}" if item.artist else title
    if isinstance(item, BinauralSegment):
        return item.label or f"{item.beat_hz:g} Hz beat on {item.carrier_hz:g} Hz"
    if isinstance(item, NatureItem):
        return item.title.lower()
    if isinstance(item, FreshPiano):
        return "fresh piano"
    return "silence"
