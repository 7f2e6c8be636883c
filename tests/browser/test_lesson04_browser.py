"""Lesson 04's explorer in JupyterLab at projector size: momentum and the best pair."""
import pytest

from explorer_page import EXPLORER, NEW_SRC_JS, PLOT, WORDS, open_lesson, report, shoot, src, wait_status


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_04_momentum_best_pair_and_fit(lang, lab_page, lab):
    """The bowl explorer takes the momentum slider and the best-pair button, and fits a projector."""
    words, results = WORDS[lang], open_lesson(lab_page, lab, lang, "04")
    old = src(lab_page)
    lab_page.locator(f"{EXPLORER} .gd-momentum .noUi-handle").first.press("ArrowRight")
    wait_status(lab_page, words["momentum"])
    lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    old = src(lab_page)
    lab_page.locator(".gd-best-pair").first.click()
    wait_status(lab_page, words["best"])
    lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    shoot(lab_page, f"{lang}_04_best_pair.png")
    report(f"{lang}_04_fit.json", results)
