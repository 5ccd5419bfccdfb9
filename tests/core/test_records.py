"""The one stored time format, and the session states, as core/records.py holds them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ketacompanion.core.records import OPEN_STATES, SessionState, parse_time, stamp

MOMENT = datetime(2026, 3, 5, 9, 32, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", [
    "2026-03-05T09:32:00.000+00:00",  # sessions and markers
    "2026-03-05T09:32:00Z",  # notes, takes, transcripts, the course
    "2026-03-05T09:32:00+00:00",  # playlists, loudness
    "2026-03-05T11:32:00+02:00",  # check-ins, in the person's own offset
    "2026-03-05T09:32:00",  # naive: UTC
])
def test_every_format_ever_written_reads_as_the_same_moment(text):
    assert parse_time(text) == MOMENT
    assert stamp(parse_time(text)) == "2026-03-05T09:32:00.000+00:00"


@pytest.mark.parametrize("text", [None, "", "x", "2026-13-40T00:00:00Z"])
def test_what_is_no_time_reads_as_none(text):
    assert parse_time(text) is None


def test_stamps_sort_as_text_in_time_order_whatever_the_zone():
    athens = timezone(timedelta(hours=2))
    moments = [datetime(2026, 3, 5, 10, 30, tzinfo=athens), MOMENT,
               MOMENT + timedelta(microseconds=1500), datetime(2026, 3, 5, 9, 32, 1)]
    texts = [stamp(m) for m in moments]
    assert sorted(texts) == texts and len({len(t) for t in texts}) == 1


def test_states_are_the_words_stored_and_only_running_and_recovery_stay_open():
    assert [str(s) for s in SessionState] == [
        "running", "recovery", "completed", "ended_early", "interrupted"]
    assert SessionState("running") is SessionState.RUNNING
    assert [s for s in SessionState if s.is_open] == list(OPEN_STATES)
