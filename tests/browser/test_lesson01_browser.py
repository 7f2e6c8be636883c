"""Lesson 01's explorer in JupyterLab at projector size: exact landmarks and typed values."""
import pytest

from explorer_page import WORDS, open_lesson, report, shoot, type_lr, wait_status


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_01_landmarks_typed_values_and_fit(lang, lab_page, lab):
    """Landmarks and typed values land exactly, and the explorer fits a projector."""
    words, results = WORDS[lang], open_lesson(lab_page, lab, lang, "01")

    for name in ("fastest", "critical"):
        lab_page.locator(f".gd-{name}").first.click()
        for text in words[name]:
            wait_status(lab_page, text)
    shoot(lab_page, f"{lang}_01_critical.png")
    for value in (0.1, 0.2, 0.01):
        type_lr(lab_page, value)
        wait_status(lab_page, words[value])

    report(f"{lang}_01_fit.json", results)
