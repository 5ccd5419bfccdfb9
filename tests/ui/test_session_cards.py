"""The Session page's cards say what calm mode really offers."""

from __future__ import annotations

import re

import pytest

from ketacompanion.settings import user_settings
from ketacompanion.ui.calm_controls import CalmControls
from ketacompanion.ui.session_cards import DuringCard


@pytest.mark.parametrize("click_marks", [True, False])
def test_during_the_session_pairs_each_button_as_it_reads_with_its_key(qtbot, tmp_path,
                                                                        click_marks):
    settings = user_settings(tmp_path / "settings.json")
    settings.set("marker_on_click", click_marks)
    card = DuringCard(settings)
    controls = CalmControls()
    qtbot.addWidget(card)
    qtbot.addWidget(controls)
    text = card.marker_help.text()
    lines = text.splitlines()
    keys = {controls.softer_button: "Down", controls.louder_button: "Up",
            controls.pause_button: "P", controls.time_button: "T",
            controls.end_button: "Esc"}
    for button, key in keys.items():
        # The words on the screen, not a description of them, on a line with the key.
        assert any(button.text() in line and re.search(rf"\b{key}\b", line) for line in lines)
    assert "Space to mark a moment" in text and "two seconds" in text
    assert "End control" not in text
    assert ("click anywhere" in text) is click_marks
