"""Lesson 03's explorer in JupyterLab at projector size: typed values, the batch menu, the range."""
import pytest

from explorer_page import (EXPLORER, open_lesson, report, type_lr, wait_status)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_03_typed_value_batch_menu_and_fit(lang, lab_page, lab):
    """Lesson 03's explorer starts exactly at 0.1, takes typed values, restores the range and fits."""
    results = open_lesson(lab_page, lab, lang, "03")
    wait_status(lab_page, "lr = 0.1,")
    for value in (0.2, 0.02, 0.1):
        type_lr(lab_page, value)
        wait_status(lab_page, f"lr = {value},")
    menu = lab_page.locator(f"{EXPLORER} select").first
    handle = lab_page.locator(f"{EXPLORER} .gd-iterations .noUi-handle").first
    menu.select_option(label="1")
    lab_page.wait_for_function("(sel) => document.querySelector(sel).getAttribute('aria-valuemax') < 1000",
                           arg=f"{EXPLORER} .gd-iterations .noUi-handle")
    menu.select_option(index=0)
    lab_page.wait_for_function("(sel) => document.querySelector(sel).getAttribute('aria-valuemax') == 1000",
                           arg=f"{EXPLORER} .gd-iterations .noUi-handle")
    assert handle.get_attribute("aria-valuemax") in ("1000", "1000.0")
    report(f"{lang}_03_fit.json", results)
