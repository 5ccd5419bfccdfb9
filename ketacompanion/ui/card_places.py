"""Where the Journal's cards are, at the column's width, and which of them to build.

Pure geometry and policy, no widgets: the column (``card_column``) asks it which
cards reach into a stretch of the view, which to build next and which to let go,
and tells it each card's height as it is measured.

A height holds for the width it was measured at. When the window's width changes,
the heights of the cards let go are out of date until they are measured again at
the new one (:meth:`CardPlaces.stale`), so the gaps they leave become right again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Container, Iterable
from enum import Enum
from itertools import accumulate

SPACING = 16  # between two cards
STEP = 120  # px: a wheel step; cards that close below the view are built with it
AHEAD = 0.5  # of a view: built around it after each frame, so a scroll step finds cards ready
KEEP = 1.5  # of a view: cards further than this from it are let go
GUESS = 300  # px: a card not yet measured at this width (corrected once it is built)

Known = dict[int, tuple[int, int]]  # session id -> (height, the width it was measured at)


class Work(Enum):
    """One short piece of work between two frames, on one card."""

    READ = "read"  # what it shows (a query alone in a pass; the card in the next)
    BUILD = "build"  # near the view
    APPEND = "append"  # the next session, below those held
    LET_GO = "let go"  # far from the view
    MEASURE = "measure"  # let go, measured at another width: its gap is measured again


class CardPlaces:
    """The heights of the cards held, in order, each with the width it was measured at."""

    def __init__(self) -> None:
        self.width = 0  # the column's width: heights measured at another are stale
        self._heights: list[int] = []
        self._widths: list[int] = []  # 0: a guess, never measured
        self._tops: list[int] | None = None  # where each card starts (computed when needed)
        self._fresh: int | None = None  # a width every height is known at (no scan needed)

    def __len__(self) -> int:
        return len(self._heights)

    # -- heights -------------------------------------------------------------------------

    def known(self, ids: Iterable[int]) -> Known:
        """The heights measured so far, by session (``ids``: the sessions, in order)."""
        return {session: (height, width) for session, height, width
                in zip(ids, self._heights, self._widths, strict=True) if width}

    def reset(self, ids: Iterable[int], known: Known) -> None:
        """Hold ``ids``; those in ``known`` keep their heights, the others are guessed."""
        fresh = [height for height, width in known.values() if width == self.width]
        guess = round(sum(fresh) / len(fresh)) if fresh else GUESS
        pairs = [known.get(session, (guess, 0)) for session in ids]
        self._heights = [height for height, _ in pairs]
        self._widths = [width for _, width in pairs]
        self._tops = self._fresh = None

    def append(self) -> None:
        """One more card, below the others, not measured yet."""
        self._heights.append(GUESS)
        self._widths.append(0)
        self._tops = self._fresh = None

    def height(self, index: int) -> int:
        """The height of the card at ``index`` (as last measured, or guessed)."""
        return self._heights[index]

    def measured(self, index: int, height: int, width: int) -> bool:
        """The card at ``index`` is ``height`` tall at ``width``; True if its place changed."""
        if height <= 0:
            return False
        self._widths[index] = width
        if height == self._heights[index]:
            return False
        self._heights[index] = height
        self._tops = None
        return True

    def stale(self, top: float, built: Collection[int]) -> list[int]:
        """The cards let go whose height is from another width, nearest to ``top`` first."""
        if self._fresh == self.width:
            return []
        starts = self.starts()
        stale = sorted((i for i, width in enumerate(self._widths)
                        if width != self.width and i not in built),
                       key=lambda i: abs(starts[i] - top))
        if not stale and all(self._widths[i] == self.width for i in built):
            self._fresh = self.width
        return stale

    # -- where things are ----------------------------------------------------------------

    def starts(self) -> list[int]:
        """Where each card starts, and (last) where one after the last would start."""
        if self._tops is None:
            self._tops = [0, *accumulate(height + SPACING for height in self._heights)]
        return self._tops

    def end(self) -> int:
        """Where the last card held ends."""
        return self.starts()[-1] - SPACING if self._heights else 0

    def span(self, top: float, bottom: float) -> range:
        """The positions of the cards that reach between ``top`` and ``bottom``."""
        starts = self.starts()
        low = max(0, bisect_right(starts, top) - 1)
        return range(low, max(low, min(len(self._heights), bisect_left(starts, bottom))))

    def read(self, top: int, bottom: int, built: Collection[int]) -> int | None:
        """The card read: the first built whose top shows, else the one across the top."""
        starts = self.starts()
        shown = [i for i in self.span(top, bottom) if i in built]
        return next((i for i in shown if starts[i] >= top), shown[0]) if shown else None

    # -- which cards ---------------------------------------------------------------------

    def to_build(self, top: int, bottom: int, built: Collection[int],
                 kept: Collection[int]) -> list[int]:
        """The cards to build, first first: the kept ones, then the nearest around the view."""
        around = AHEAD * (bottom - top)
        starts = self.starts()
        wanted = [i for i in (*self.span(top - around, bottom + around), *sorted(kept))
                  if i not in built]
        wanted.sort(key=lambda i: (i not in kept, abs(starts[i] - top)))
        return wanted

    def keep(self, top: int, bottom: int) -> range:
        """The cards near enough to the view to stay built."""
        far = KEEP * (bottom - top)
        return self.span(top - far, bottom + far)

    def to_let_go(self, top: int, bottom: int, built: Iterable[int],
                  kept: Collection[int]) -> list[int]:
        """The cards built that are far from the view (not kept), farthest first."""
        keep, starts = self.keep(top, bottom), self.starts()
        return sorted((i for i in built if i not in keep and i not in kept),
                      key=lambda i: -abs(starts[i] - top))

    def next_work(self, top: int, bottom: int, built: Collection[int], kept: Collection[int],
                  read: Container[int], total: int) -> tuple[Work, int] | None:
        """What to do next around the view ``top``-``bottom`` (None: nothing, all is ready).

        Args:
            top: The view's top, in the column's coordinates.
            bottom: Its bottom.
            built: The positions of the cards built.
            kept: Those never let go (focused, playing, read).
            read: The positions whose cards' contents are read.
            total: How many sessions there are to hold.
        """
        wanted = self.to_build(top, bottom, built, kept)
        if wanted:
            return (Work.BUILD if wanted[0] in read else Work.READ), wanted[0]
        count = len(self)
        if self.end() < bottom + AHEAD * (bottom - top) and count < total:
            return (Work.APPEND if count in read else Work.READ), count
        loose = self.to_let_go(top, bottom, built, kept)
        if loose:
            return Work.LET_GO, loose[0]
        stale = self.stale(top, built)
        if stale:
            return (Work.MEASURE if stale[0] in read else Work.READ), stale[0]
        return None
