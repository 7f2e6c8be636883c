"""The lessons' explorers in JupyterLab at projector size: landmarks, typed values, menus, momentum, fit.

One file, so that `--dist loadfile` gives every lesson test to one test process: one JupyterLab server
and one loaded page serve them all.
"""
import pytest

from explorer_page import (EXPLORER, LR_BOX, NEW_SRC_JS, PLOT, WORDS, drag_lr, open_lesson, report, shoot, src,
                           type_lr, wait_status)

ITERATIONS_HANDLE = f"{EXPLORER} .gd-iterations .noUi-handle"


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
    old = src(lab_page)
    dragged = float(drag_lr(lab_page, 60))  # the box, the readout and the picture follow the hand
    assert 0.01 < dragged < 0.1, dragged
    lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    results["dragged_to"] = dragged
    report(f"{lang}_01_fit.json", results)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_03_typed_value_batch_menu_and_fit(lang, lab_page, lab):
    """Lesson 03's explorer starts exactly at 0.1, takes typed values, restores the range and fits."""
    results = open_lesson(lab_page, lab, lang, "03")
    wait_status(lab_page, "lr = 0.1,")
    for value in (0.2, 0.02, 0.1):
        type_lr(lab_page, value)
        wait_status(lab_page, f"lr = {value},")
    type_lr(lab_page, "0,05")  # the Spanish decimal comma
    wait_status(lab_page, "lr = 0.05,")
    type_lr(lab_page, "abc")  # refused, saying why and what the range is
    refused = {"en": "“abc” is not a rate from", "es": "«abc» no es una tasa de"}
    wait_status(lab_page, refused[lang])
    assert lab_page.locator(LR_BOX).first.input_value() == "0.05"
    type_lr(lab_page, 0.1)
    wait_status(lab_page, "lr = 0.1,")
    menu = lab_page.locator(f"{EXPLORER} select").first
    menu.select_option(label="1")
    lab_page.wait_for_function("(sel) => document.querySelector(sel).getAttribute('aria-valuemax') < 1000",
                               arg=ITERATIONS_HANDLE)
    menu.select_option(index=0)
    lab_page.wait_for_function("(sel) => document.querySelector(sel).getAttribute('aria-valuemax') == 1000",
                               arg=ITERATIONS_HANDLE)
    assert lab_page.locator(ITERATIONS_HANDLE).first.get_attribute("aria-valuemax") in ("1000", "1000.0")
    report(f"{lang}_03_fit.json", results)


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
