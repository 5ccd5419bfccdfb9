"""The 'fresh piano' playlist item: validated, and carried as one line of JSON."""

from __future__ import annotations

import json

import pytest

from ketacompanion.core.models import FreshPiano, InvalidItemError
from ketacompanion.core.special_items import special_from_json, special_to_json


def test_fresh_piano_goes_to_json_and_back() -> None:
    item = FreshPiano(45 * 60.0, seed=123456789012, arc="long-plateau")
    text = special_to_json(item)
    assert json.loads(text) == {"kind": "piano", "duration_s": 2700.0, "seed": 123456789012,
                                "arc": "long-plateau"}
    assert special_from_json(text) == item
    assert item.kind == "fresh piano"


@pytest.mark.parametrize(
    "text",
    [
        '{"kind":"piano","duration_s":2700,"seed":-1,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":1.5,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":true,"arc":"classic"}',
        '{"kind":"piano","duration_s":2700,"seed":1,"arc":"wild"}',
        '{"kind":"piano","duration_s":1e999,"seed":1,"arc":"classic"}',
        '{"kind":"piano","duration_s":"long","seed":1,"arc":"classic"}',
    ],
)
def test_a_damaged_fresh_piano_entry_is_refused_clearly(text: str) -> None:
    with pytest.raises(ValueError):
        special_from_json(text)


def test_fresh_piano_checks_its_values() -> None:
    with pytest.raises(InvalidItemError, match="seed"):
        FreshPiano(60.0, seed=-3)
    with pytest.raises(InvalidItemError, match="classic"):
        FreshPiano(60.0, arc="loud")
    with pytest.raises(InvalidItemError):
        FreshPiano(0.0)
