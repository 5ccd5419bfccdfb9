"""``ketacompanion export``: the journal for a therapist, as Markdown or PDF, with voice notes."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from ketacompanion.cli import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export", help="export the journal (Markdown or PDF, with voice notes) into a folder",
        description="Write journal.md or journal.pdf and a voice-notes folder into DIR.",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--format", default="md", choices=("md", "pdf"), help="md or pdf")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this day on")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export; an empty journal is said plainly (exit 1)."""
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
    paths = DataPaths(args.data_root)
    if not paths.database.exists():
        print("Your journal is empty: there are no sessions to export yet.")
        return 1
    try:
        database = Database.open(paths.database)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    app = _gui_app() if args.format == "pdf" else None
    try:
        target = export_journal(JournalRepository(database, paths.recordings), Path(args.out),
                                args.format, since)
    except EmptyJournal:
        print("Your journal is empty" + (f" since {since}" if since else "")
              + ": there are no sessions to export.")
        return 1
    except ExportWouldReplace as exc:
        # Refused rather than written into a fresh subfolder as the window does:
        # here the person named the folder, and scripts expect DIR/journal.md.
        raise CliError(f"{args.out} already holds {', '.join(exc.names)}; nothing was "
                       "written (choose an empty or new folder for --out)") from None
    except OSError as exc:
        raise CliError(f"could not write to {args.out}: {exc.strerror or exc}") from None
    finally:
        database.close()
        del app
    print(f"wrote {target}")
    return 0


def _gui_app() -> object:
    """QTextDocument and QPdfWriter need a QGuiApplication; no display is needed."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return QGuiApplication(["ketacompanion"])
    return QGuiApplication.instance()
