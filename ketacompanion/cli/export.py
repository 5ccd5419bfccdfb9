"""``ketacompanion export``: the journal for a therapist, as Markdown or PDF, with voice notes."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ketacompanion.cli import CliError, check_target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export", help="export the journal (Markdown or PDF, with voice notes) into a folder",
        description="Write journal.md or journal.pdf and a voice-notes folder into DIR.",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--format", default="md", choices=("md", "pdf"), help="md or pdf")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this day on")
    parser.add_argument("--rehearsals", action="store_true",
                        help="also export rehearsals (left out unless asked for)")
    parser.add_argument("--force", action="store_true",
                        help="replace an earlier export in DIR (its journal and voice notes)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export; an empty journal is said plainly (exit 1)."""
    from ketacompanion.cli.unlock import journal_key
    from ketacompanion.core.file_seal import FileSeal
    from ketacompanion.paths import DataPaths
    from ketacompanion.services.export import EmptyJournal, ExportWouldReplace, export_journal
    from ketacompanion.storage.database import Database, DatabaseError
    from ketacompanion.storage.journal import JournalRepository

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise CliError(f"--since must be a date like 2026-03-01, not {args.since!r}") from None
    out = Path(args.out)
    # DIR itself may be new (it is what export writes), the folder holding it must exist.
    check_target(out, force=True)
    paths = DataPaths(args.data_root)
    if not paths.database.exists():
        print("Your journal is empty: there are no sessions to export yet.")
        return 1
    key = journal_key(paths)  # asks for the passphrase if the journal is protected
    try:
        database = Database.open(paths.database, key=key)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    if key is not None:
        print("Note: the export leaves the vault. It is written unencrypted (readable only "
              "by you, 0600); keep it somewhere safe, or delete it once it has been shared.",
              file=sys.stderr)
    app = _gui_app()  # the PDF, and the Markdown's chart picture, are drawn by Qt
    journal = JournalRepository(database, paths.recordings)
    try:
        def write(folder: Path) -> Path:
            return export_journal(journal, folder, args.format, since,
                                  include_rehearsals=args.rehearsals,
                                  seal=FileSeal.for_data_key(key))

        target = _replacing(write, out) if args.force else write(out)
    except EmptyJournal:
        only_rehearsals = not args.rehearsals and bool(journal.entries(since=since))
        print("Your journal is empty" + (f" since {since}" if since else "")
              + ": there are no sessions to export"
              + (" (only rehearsals; add --rehearsals to export them)." if only_rehearsals
                 else "."))
        return 1
    except ExportWouldReplace as exc:
        # Refused rather than written into a fresh subfolder as the window does:
        # here the person named the folder, and scripts expect DIR/journal.md.
        raise CliError(f"{args.out} already holds {', '.join(exc.names)}; nothing was "
                       "written (choose an empty or new folder, or add --force to replace "
                       "them)") from None
    except OSError as exc:
        raise CliError(f"could not write to {args.out}: {exc.strerror or exc}") from None
    finally:
        database.close()
        del app
    print(f"wrote {target}")
    return 0


def _replacing(write: Callable[[Path], Path], out: Path) -> Path:
    """Write a whole new export beside the one in ``out``, then swap it in (``--force``).

    The earlier export stays as it was until the new one is complete, and goes as a
    whole: no voice note of it is left beside the new journal. The person's other
    files in ``out`` are not touched.
    """
    from ketacompanion.services.export import EXPORT_NAMES

    if not any(os.path.lexists(out / name) for name in EXPORT_NAMES):
        return write(out)  # nothing to replace (``out`` may not even exist yet)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))  # 0700, on the same disk
    aside = Path(tempfile.mkdtemp(prefix=".replaced-", dir=out))
    moved: list[str] = []
    try:
        written = write(staging)
        try:
            for name in EXPORT_NAMES:
                if os.path.lexists(out / name):
                    os.replace(out / name, aside / name)
                    moved.append(name)
            for name in EXPORT_NAMES:
                if os.path.lexists(staging / name):
                    os.replace(staging / name, out / name)
        except OSError:
            for name in moved:  # the earlier export goes back where it was
                if not os.path.lexists(out / name):
                    os.replace(aside / name, out / name)
            raise
        shutil.rmtree(aside)
        return out / written.name
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if aside.exists() and not any(aside.iterdir()):
            aside.rmdir()


def _gui_app() -> object:
    """QTextDocument and QPdfWriter need a QGuiApplication; no display is needed."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return QGuiApplication(["ketacompanion"])
    return QGuiApplication.instance()
