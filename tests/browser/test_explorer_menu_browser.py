"""Lesson 05's explorer in a real JupyterLab at 1280×720: its optimizer menu redraws and every choice fits a projector."""
import pytest

from explorer_page import EXPLORER, NEW_SRC_JS, PLOT, STATUS, assert_fits_a_projector, open_lesson, report, shoot
from explorer_page import src, wait_status

MENU = ".gd-optimizer select"
ENABLED_JS = "(sel) => { const s = document.querySelector(sel); return s !== null && !s.hasAttribute('disabled'); }"
READOUT = {  # a choice's label in the menu, and what the readout then says (momentum: after a β key press)
    "en": [("gradient descent", "zigzags"), ("momentum", "β = 0.01"), ("AdaGrad", "AdaGrad, lr = "),
           ("RMSProp", "RMSProp, lr = "), ("Adam", "Adam, lr = ")],
    "es": [("descenso de gradiente", "zigzaguea"), ("momento", "β = 0.01"), ("AdaGrad", "AdaGrad, lr = "),
           ("RMSProp", "RMSProp, lr = "), ("Adam", "Adam, lr = ")],
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_lesson_05_optimizer_menu_redraws_and_fits(lang, lab_page, lab):
    results = open_lesson(lab_page, lab, lang, "05")
    for label, words in READOUT[lang]:
        old = src(lab_page)
        lab_page.locator(f"{EXPLORER} {MENU}").first.select_option(label=label)
        if words.startswith("β"):  # at β = 0 momentum draws gradient descent's picture: move β first
            handle = lab_page.locator(f"{EXPLORER} .gd-momentum .noUi-handle").first
            lab_page.wait_for_function(ENABLED_JS, arg=f"{EXPLORER} .gd-momentum .noUi-target")
            handle.press("ArrowRight")
        wait_status(lab_page, words)
        lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
        results[label] = assert_fits_a_projector(lab_page, f"{lang} 05, {label}")
        results[label]["readout"] = lab_page.locator(STATUS).first.inner_text()
        shoot(lab_page, f"{lang}_05_{label.replace(' ', '_')}.png")
    report(f"{lang}_05_menu.json", results)
