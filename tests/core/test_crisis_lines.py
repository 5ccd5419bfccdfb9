"""The crisis words for each choice; the default is local emergency services."""

from __future__ import annotations

from ketacompanion.core.crisis_lines import CRISIS_LINES, LOCAL, LOCAL_TEXT, OWN, crisis_text


def test_each_country_names_its_verified_number():
    numbers = {line.key: line.text for line in CRISIS_LINES}
    assert "988" in numbers["us"] and "9-8-8" in numbers["ca"]
    assert "116 123" in numbers["gb"] and "116 123" in numbers["ie"]
    assert "13 11 14" in numbers["au"] and "000" in numbers["au"]


def test_the_default_and_unknown_choices_point_to_local_emergency_services():
    assert crisis_text(LOCAL, "") == LOCAL_TEXT
    assert crisis_text("xx", "mine") == LOCAL_TEXT
    assert "emergency" in LOCAL_TEXT


def test_own_words_are_shown_as_written_and_never_an_empty_panel():
    assert crisis_text(OWN, "My clinic: 555-0100") == "My clinic: 555-0100"
    assert crisis_text(OWN, "  ") == LOCAL_TEXT
