"""Where ketacompanion keeps its data.

One private folder per user (platformdirs), or the folder named by ``--data-dir``
or ``KETACOMPANION_HOME``. The folder is created 0700 and the files in it 0600,
because what is inside is mental-health data.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ketacompanion"
ENV_HOME = "KETACOMPANION_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600


def default_data_root() -> Path:
    """The data folder when nothing else is chosen: the environment, else platformdirs."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no folder was chosen; keeps start-up light

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def assets_dir() -> Path:
    """The bundled assets: inside the installed wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets", here.parent / "assets"):
        if candidate.is_dir():
            return candidate
    return here.parent / "assets"


@dataclass(frozen=True)
class DataPaths:
    """Every file and folder ketacompanion writes, derived from one root."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite database."""
        return self.root / "ketacompanion.sqlite3"

    @property
    def keys(self) -> Path:
        """The journal's key file; present only when the journal is protected (issue 14)."""
        return self.root / "ketacompanion.keys"

    @property
    def settings(self) -> Path:
        """User settings (theme, fades, prompts...)."""
        return self.root / "settings.json"

    @property
    def window_state(self) -> Path:
        """Window geometry and last page, kept apart from user settings."""
        return self.root / "window-state.json"

    @property
    def logs(self) -> Path:
        """The rotating log files."""
        return self.root / "logs"

    @property
    def recordings(self) -> Path:
        """Voice notes."""
        return self.root / "recordings"

    @property
    def drafts(self) -> Path:
        """Autosaved drafts and unfinished recordings."""
        return self.root / "drafts"

    def ensure(self) -> DataPaths:
        """Create the private folders (0700) if needed and tighten their modes.

        Returns:
            self, for chaining.
        """
        for folder in (self.root, self.logs, self.recordings, self.drafts):
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            os.chmod(folder, DIR_MODE)
        return self


def plain_folder_problem(exc: OSError) -> str:
    """Why a folder could not be made, in words a tired person understands."""
    if isinstance(exc, FileExistsError):
        return "it is a file, not a folder"
    reasons = {
        errno.ENOTDIR: "part of its path is a file, not a folder",
        errno.EROFS: "the disk it is on is read-only",
        errno.EACCES: "you do not have permission to save there",
        errno.EPERM: "you do not have permission to save there",
        errno.ENOSPC: "the disk is full",
        errno.ENOENT: "the drive or folder it is on is not there",
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or "it could not be made"
    return reason[0].lower() + reason[1:]


def make_private(path: Path) -> None:
    """Give an existing file owner-only permissions (0600)."""
    if path.exists():
        os.chmod(path, FILE_MODE)
