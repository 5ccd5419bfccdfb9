"""Export chosen sessions (or all) for a therapist: one folder, a document, the voice notes.

Rehearsals are not part of the series and are left out unless asked for.
The folder holds ``journal.md`` or ``journal.pdf`` and a ``voice-notes`` folder
with copies of the takes, named by session (a rehearsal by its start time), so the
document's links work wherever the folder is taken; each take also as an MP3 any
phone plays. After the course, the document gives a one-page summary of the
series, and each voice note's words follow it.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from ketacompanion.core.course import places, progress
from ketacompanion.core.course_export import course_section
from ketacompanion.core.export_markdown import render_markdown
from ketacompanion.core.export_summary import render_summary
from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.files import atomic_write_bytes, atomic_write_text, copy_private
from ketacompanion.core.records import JournalEntry
from ketacompanion.core.sealed import is_sealed_file
from ketacompanion.core.series import mood_series
from ketacompanion.paths import DIR_MODE
from ketacompanion.storage.course import CourseRepository
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.transcripts import TranscriptRepository

log = logging.getLogger(__name__)

FORMATS = ("md", "pdf")
# What an export writes; if any is already in the folder, the folder is refused.
EXPORT_NAMES = ("journal.md", "journal.pdf", "voice-notes", "charts.svg")


class EmptyJournal(Exception):
    """There is nothing to export."""


class ExportWouldReplace(FileExistsError):
    """The folder already holds an export; nothing of a person's is ever replaced.

    An OSError, so a caller that only knows "the folder could not be written" still
    says something true.

    Attributes:
        names: Which of :data:`EXPORT_NAMES` are there.
    """

    def __init__(self, folder: Path, names: list[str]) -> None:
        super().__init__(errno.EEXIST, f"it already holds {', '.join(names)}", str(folder))
        self.names = names


def export_journal(
    journal: JournalRepository, out_dir: Path, fmt: str = "md", since: str | None = None,
    session_ids: Iterable[int] | None = None, hidden_takes: Iterable[int] = (),
    include_rehearsals: bool = False, seal: FileSeal = PLAIN,
) -> Path:
    """Write the export into ``out_dir`` (created if needed).

    An export leaves the vault: a protected journal's voice notes (``seal``) are
    written decrypted, 0600, as everything the export writes.

    ``hidden_takes`` are voice takes the person removed (undo still possible):
    they are left out as if already deleted. Rehearsals are left out unless
    ``include_rehearsals``: a therapist reads the real series.

    Returns:
        The document written.

    Raises:
        EmptyJournal: No session matches.
        ExportWouldReplace: ``out_dir`` already holds a journal document or voice notes.
        OSError: The folder cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    entries = [entry for entry in journal.entries(since=since, session_ids=session_ids)
               if include_rehearsals or not entry.rehearsal]
    if not entries:
        raise EmptyJournal("no sessions")
    skip = set(hidden_takes)
    for entry in entries:
        entry.takes = [t for t in entry.takes if t.id not in skip]
    # Checked before anything is written: an earlier export, or the person's own
    # journal.md, stays exactly as it was.
    taken = [name for name in EXPORT_NAMES if os.path.lexists(out_dir / name)]
    if taken:
        raise ExportWouldReplace(out_dir, taken)
    _make_private_folders(out_dir)
    voice_files = _copy_voice_notes(entries, out_dir, seal)
    course = CourseRepository(journal.database)
    plan, checkins = course.plan(), course.checkins()
    state = progress(places(course.session_starts(), plan), plan) if plan else None
    points = mood_series(entries)
    charts = bool(checkins or points)
    chart_file = "charts.svg" if charts and fmt == "md" else None
    opening = course_section(plan, state, checkins, charts, chart_file)
    phone_files = _phone_copies(entries, out_dir, voice_files)
    heard = TranscriptRepository(journal.database, out_dir).for_sessions(
        e.session_id for e in entries)
    transcripts = {take_id: (t.text, t.edited) for take_id, t in heard.items()}
    said = {e.session_id: " ".join(transcripts[t.id][0] for t in e.takes if t.id in transcripts)
            for e in entries}
    # The mood chart goes in the summary when no course section holds the charts already.
    summary = render_summary(entries, said, chart=bool(points) and not opening and fmt == "pdf")
    markdown = render_markdown(entries, voice_files, opening=[*opening, *summary],
                               transcripts=transcripts, phone_files=phone_files)
    if fmt == "md":
        if chart_file and opening:  # no course and no check-in: no section, no picture
            from ketacompanion.services.export_charts import charts_svg  # Qt only for the picture

            atomic_write_bytes(out_dir / chart_file, charts_svg(points, checkins))
        target = out_dir / "journal.md"
        atomic_write_text(target, markdown)
    else:
        from ketacompanion.services.export_pdf import write_pdf  # Qt only when a PDF is wanted

        target = out_dir / "journal.pdf"
        write_pdf(markdown, target, charts=(points, checkins) if charts else None)
    log.info("exported %d session(s) as %s with %d voice note(s)",
             len(entries), fmt, len(voice_files))
    return target


def _copy_voice_notes(entries: list[JournalEntry], out_dir: Path,
                      seal: FileSeal = PLAIN) -> dict[int, str]:
    copied: dict[int, str] = {}
    folder = out_dir / "voice-notes"
    used: set[str] = set()
    for entry in entries:
        label = _free_label(_session_label(entry), used)
        for number, take in enumerate(entry.takes, start=1):
            if not take.path.exists():
                log.warning("voice take %d missing on disk; not copied", take.id)
                continue
            _make_private_folders(folder)
            name = f"{label}-voice-{number}{take.path.suffix}"
            if is_sealed_file(take.path):
                _write_new_private(folder / name, seal.read(take.path))
            else:
                copy_private(take.path, folder / name)  # 0600 from its first byte
            copied[take.id] = f"voice-notes/{name}"
    return copied


def _phone_copies(entries: list[JournalEntry], out_dir: Path,
                  voice_files: dict[int, str]) -> dict[int, str]:
    """An MP3 beside each copied take, for a phone; a take that cannot be encoded has none."""
    copies: dict[int, str] = {}
    for entry in entries:
        for take in entry.takes:
            if take.id not in voice_files:
                continue
            mp3 = (out_dir / voice_files[take.id]).with_suffix(".mp3")
            try:
                write_mp3(out_dir / voice_files[take.id], mp3)  # the copy: never sealed
            except (OSError, RuntimeError) as exc:  # an export without MP3s is still whole
                log.warning("voice take %d not copied as MP3: %s", take.id, exc)
                continue
            copies[take.id] = f"voice-notes/{mp3.name}"
    return copies


def _write_new_private(target: Path, data: bytes) -> None:
    """Write ``data`` to a new file, 0600 from its first byte (as core.files.copy_private)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def write_mp3(source: Path, target: Path) -> None:
    """Encode ``source`` as MP3 at ``target``, 0600 from its first byte, never replacing.

    libsndfile (1.1+) writes MP3 through LAME; the file is created with O_EXCL.

    Raises:
        OSError, soundfile.LibsndfileError (a RuntimeError): Not written; no file is left.
    """
    import soundfile

    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            with soundfile.SoundFile(source) as audio, soundfile.SoundFile(
                    handle, "w", audio.samplerate, audio.channels, "MPEG_LAYER_III",
                    format="MP3") as sink:
                for block in audio.blocks(blocksize=65536, dtype="float32"):
                    sink.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _make_private_folders(folder: Path) -> None:
    """Make ``folder`` and its missing parents 0700 (it holds mental-health notes).

    Folders already there, such as the person's Documents, keep their own modes.
    """
    missing: list[Path] = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        os.chmod(path, DIR_MODE)  # exactly 0700, whatever the umask took from mkdir's mode


def _session_label(entry: JournalEntry) -> str:
    """``2026-03-01-session-03``; a rehearsal has no number, so its start time tells it apart."""
    start = entry.started_at
    local = start.astimezone() if start else None
    day = local.strftime("%Y-%m-%d") if local else "undated"
    if not entry.rehearsal:
        return f"{day}-session-{entry.number:02d}"
    return f"{day}-rehearsal-{local.strftime('%H%M')}" if local else f"{day}-rehearsal"


def _free_label(label: str, used: set[str]) -> str:
    """``label``, or ``label-2``, ``-3``...: one session's files never replace another's."""
    free, count = label, 1
    while free in used:
        count += 1
        free = f"{label}-{count}"
    used.add(free)
    return free
