"""Silences and binaural segments last from a millisecond to a day, or are refused when built."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacompanion.core.models import (
    MAX_ITEM_SECONDS,
    MIN_ITEM_SECONDS,
    BinauralSegment,
    InvalidItemError,
    SilenceItem,
)
from ketacompanion.core.special_items import special_to_json

DAY = 24 * 3600.0
REFUSED = [math.inf, -math.inf, math.nan, 1e300, DAY + 1, 0.0, -1.0, 1e-300, 0.0009]


def test_items_last_from_a_millisecond_to_a_day() -> None:
    assert (MIN_ITEM_SECONDS, MAX_ITEM_SECONDS) == (0.001, DAY)
    for seconds in (0.001, DAY):
        assert SilenceItem(seconds).duration_s == seconds
        assert BinauralSegment(200, 6, seconds).duration_s == seconds


@pytest.mark.parametrize("seconds", REFUSED)
def test_a_silence_of_no_time_or_endless_time_is_refused(seconds: float) -> None:
    with pytest.raises(InvalidItemError, match="silence"):
        SilenceItem(seconds)


@pytest.mark.parametrize("seconds", REFUSED)
def test_a_segment_of_no_time_or_endless_time_is_refused(seconds: float) -> None:
    with pytest.raises(InvalidItemError, match="duration"):
        BinauralSegment(200, 6, seconds)


@pytest.mark.parametrize("value", ["10", None, True])
def test_a_silence_length_that_is_not_a_number_is_refused(value: object) -> None:
    with pytest.raises(InvalidItemError, match="silence"):
        SilenceItem(value)  # type: ignore[arg-type]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_silence_that_is_built_can_be_stored(seconds: float) -> None:
    try:
        item = SilenceItem(seconds)
    except InvalidItemError:
        assert not MIN_ITEM_SECONDS <= seconds <= DAY
    else:
        assert json.loads(special_to_json(item))["duration_s"] == seconds
