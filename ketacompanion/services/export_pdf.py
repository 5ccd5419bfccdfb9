"""The journal export as PDF: the Markdown laid out by QTextDocument, printed by QPdfWriter.

Needs a QGuiApplication (the offscreen platform is enough, see cli/export.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from ketacompanion.core.checkins import CheckIn
from ketacompanion.core.course_export import CHART_CAPTION
from ketacompanion.core.export_summary import MOOD_CAPTION
from ketacompanion.core.files import atomic_write_bytes
from ketacompanion.core.series import MoodPoint
from ketacompanion.services.export_charts import charts_height, paint_charts

_CSS = """
h1 { font-size: 20pt; font-weight: normal; color: #2b3440; }
h2 { font-size: 14pt; font-weight: 600; color: #2b3440; margin-top: 18pt; }
p, li { font-size: 11pt; color: #22262c; line-height: 140%; }
a { color: #35506b; }
"""


_DOC_DPI = 96  # QTextDocument lays out in these units
_FOOTER_IN = 0.35  # room kept at each page's foot for its number


def write_pdf(markdown: str, path: Path, title: str = "Infusion journal",
              charts: tuple[Sequence[MoodPoint], Sequence[CheckIn]] | None = None) -> None:
    """Lay out ``markdown`` on numbered A4 pages with generous margins; write ``path`` (0600).

    ``charts`` (mood points, check-ins) are drawn as vectors under the course section's
    chart caption (core/course_export.py), when the document has one.
    """
    document = QTextDocument()
    document.setDefaultStyleSheet(_CSS)
    document.setDefaultFont(QFont("DejaVu Serif", 11))
    document.setDocumentMargin(0)
    document.setMarkdown(markdown)
    headings = _shape_headings(document)
    reserved = _reserve_charts(document, charts)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    # Laid out in memory, then written atomically and 0600 from the first byte:
    # QPdfWriter(path) creates the file with the umask's mode (0644) until finished.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("ketacompanion")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(22, 20, 22, 20), QPageLayout.Unit.Millimeter,
    ))
    paint = writer.pageLayout().paintRect(QPageLayout.Unit.Inch)
    document.setPageSize(QSizeF(paint.width() * _DOC_DPI,
                                (paint.height() - _FOOTER_IN) * _DOC_DPI))
    _break_sessions(document, headings)
    _print_numbered(document, writer, reserved)
    del writer  # the PDF is finished when the writer goes away
    atomic_write_bytes(path, bytes(buffer.data().data()))


def _reserve_charts(document: QTextDocument,
                    charts: tuple[Sequence[MoodPoint], Sequence[CheckIn]] | None,
                    ) -> Callable[[QPainter, int], None] | None:
    """Make room under the chart caption; returns what paints the charts on their page."""
    if charts is None:
        return None
    points, checkins = charts
    height = charts_height(points, checkins)
    block = document.begin()
    while block.isValid() and block.text() not in (CHART_CAPTION, MOOD_CAPTION):
        block = block.next()
    if not block.isValid() or not height:
        return None
    room = QTextBlockFormat()
    room.setBottomMargin(height + 16)
    QTextCursor(block).mergeBlockFormat(room)

    def paint(painter: QPainter, page_number: int) -> None:
        # The block's box ends where its text does; the room made below it is the margin.
        top = document.documentLayout().blockBoundingRect(block).bottom() + 8
        if int(top // document.pageSize().height()) == page_number:
            paint_charts(painter, QRectF(0, top, document.pageSize().width(), height),
                         points, checkins)

    return paint


def _print_numbered(document: QTextDocument, writer: QPdfWriter,
                    charts: Callable[[QPainter, int], None] | None = None) -> None:
    """Paint the laid-out pages one by one, each with "Page n of N" at its foot.

    QTextDocument.print_() numbers pages only when it chooses the page size
    itself, and then adds 2 cm margins of its own; painting the pages here keeps
    the writer's margins and numbers every page, so loose printed pages keep
    their order on a therapist's desk.
    """
    page = document.pageSize()
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        painter.scale(writer.resolution() / _DOC_DPI, writer.resolution() / _DOC_DPI)
        footer = QFont("DejaVu Sans")
        # In pixels of the scaled painter: a point size would be taken at the writer's 300 dpi
        # and then scaled up again.
        footer.setPixelSize(round(8 * _DOC_DPI / 72))  # 8 pt
        centred_low = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        # Body text has no colour of its own and would take the screen's palette: white
        # under a dark desktop theme. Paper gets black ink, as print_() itself does.
        context = QAbstractTextDocumentLayout.PaintContext()
        ink = QPalette(context.palette)
        ink.setColor(QPalette.ColorRole.Text, QColor("black"))
        context.palette = ink
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(QPointF(0, -number * page.height()))
            context.clip = QRectF(QPointF(0, number * page.height()), page)
            painter.setClipRect(context.clip)
            document.documentLayout().draw(painter, context)
            if charts is not None:
                charts(painter, number)
            painter.restore()
            painter.setFont(footer)
            painter.setPen(QColor("#6b7480"))
            foot = QRectF(0, page.height(), page.width(), _FOOTER_IN * _DOC_DPI)
            painter.drawText(foot, int(centred_low), f"Page {number + 1} of {pages}")
    finally:
        painter.end()


_HEADING_PT = {1: 20.0, 2: 15.0}


_KEEP_WITH_NEXT = 2 / 3  # a heading below this much of a page starts the next page


def _break_sessions(document: QTextDocument, headings: list[int]) -> None:
    """A section starts a page only where its heading would fall in a page's lowest third.

    There it would be parted from its words; elsewhere it follows on the same page,
    so no page is left mostly empty by a short session. Positions are measured on
    a fresh copy each time: Qt's layout loses paragraphs when a document is changed
    after it was asked where its blocks are.
    """
    always = QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore
    while True:
        probe = document.clone()
        probe.setDefaultFont(document.defaultFont())
        probe.setDocumentMargin(document.documentMargin())
        probe.setPageSize(document.pageSize())
        page, layout = probe.pageSize().height(), probe.documentLayout()
        for number in headings:
            block = probe.findBlockByNumber(number)
            if block.blockFormat().pageBreakPolicy() & always:
                continue
            if layout.blockBoundingRect(block).top() % page > page * _KEEP_WITH_NEXT:
                policy = QTextBlockFormat()
                policy.setPageBreakPolicy(always)
                QTextCursor(document.findBlockByNumber(number)).mergeBlockFormat(policy)
                break
        else:
            return


def _shape_headings(document: QTextDocument) -> list[int]:
    """Calm heading sizes, and air above each section.

    Markdown headings ignore the default style sheet, so they are sized here.

    Returns:
        The block numbers of the level-2 headings after the first (see _break_sessions).
    """
    block, sessions, found = document.begin(), 0, []
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level in _HEADING_PT:
            cursor = QTextCursor(block)  # no selection: block formats touch this block only
            end = QTextCursor(block)
            end.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            chars = QTextCharFormat()
            chars.setFontPointSize(_HEADING_PT[level])
            chars.setFontWeight(QFont.Weight.DemiBold if level == 2 else QFont.Weight.Normal)
            chars.setForeground(QColor("#2b3440"))
            words = QTextCursor(block)
            words.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
            words.mergeCharFormat(chars)
            if level == 2:
                sessions += 1
                policy = QTextBlockFormat()
                policy.setTopMargin(14 if sessions > 1 else 6)  # air above each section
                cursor.mergeBlockFormat(policy)
                if sessions > 1:
                    found.append(block.blockNumber())
        block = block.next()
    return found
