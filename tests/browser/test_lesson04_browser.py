"""Lesson 04's explorer in JupyterLab at projector size: momentum, the best pair, speed."""
import pytest

from explorer_page import (EXPLORER, NEW_SRC_JS, PLOT, WORDS, assert_keeps_up, open_lesson, report, shoot,
                          speed_against_floor, src, wait_status)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_04_momentum_best_pair_speed_and_fit(lang, page, lab, tmp_path):
    """The bowl explorer takes the momentum slider and the best-pair button, fits, and keeps up."""
    words, results = WORDS[lang], open_lesson(page, lab, lang, "04", tmp_path)
    old = src(page)
    page.locator(f"{EXPLORER} .gd-momentum .noUi-handle").first.press("ArrowRight")
    wait_status(page, words["momentum"])
    page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    page.locator(".gd-best-pair").first.click()
    wait_status(page, words["best"])
    shoot(page, tmp_path, f"{lang}_04_best_pair.png")
    if lang == "en":  # the same widget in both languages: one timing keeps the suite short
        results |= speed_against_floor(page, bias=True)
        assert_keeps_up(results)
    report(tmp_path, f"{lang}_04_timings.json", results)
