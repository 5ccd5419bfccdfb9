"""The journal export as PDF: the Markdown laid out by QTextDocument, printed by QPdfWriter.

Needs a QGuiApplication (the offscreen platform is enough, see cli/export.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_CSS = """
h1 { font-size: 20pt; font-weight: normal; color: #2b3440; }
h2 { font-size: 14pt; font-weight: 600; color: #2b3440; margin-top: 18pt; }
p, li { font-size: 11pt; color: #22262c; line-height: 140%; }
a { color: #35506b; }
"""


def write_pdf(markdown: str, path: Path, title: str = "Infusion journal") -> None:
    """Lay out ``markdown`` on A4 pages with generous margins and write ``path`` (0600)."""
    document = QTextDocument()
    document.setDefaultStyleSheet(_CSS)
    document.setDefaultFont(QFont("DejaVu Serif", 11))
    document.setDocumentMargin(0)
    document.setMarkdown(markdown)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("ketacompanion")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(22, 20, 22, 20), QPageLayout.Unit.Millimeter,
    ))
    document.print_(writer)
    del writer  # the file is finished when the writer goes away
    os.chmod(path, 0o600)
