"""Lesson 06's curve explorer in JupyterLab at projector size: exact landmarks, typed rates, the start, the fit.

The readouts it waits for are computed here, in Python, from the lesson's own explorer call: the test follows
whatever settings the lesson starts from.
"""
import ast
import json

import pytest

from explorer_page import (EXPLORER, LR_BOX, NEW_SRC_JS, PLOT, STATUS, open_lesson, report, shoot, src, type_lr,
                           wait_status)
from gd_helpers.curve_explorer import CurveExplorer

REFUSED = {"en": "“abc” is not a rate from 0.001 to 1", "es": "«abc» no es una tasa de 0.001 a 1"}
CLIPPED_JS = "(sel) => { const box = document.querySelector(sel); return box.scrollHeight - box.clientHeight; }"


def lesson_call(lab, notebook, lang):
    """Return the keyword arguments of the lesson's CurveExplorer(...) call, with its language."""
    cells = json.loads((lab.root / notebook).read_text())["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    source = next(text for text in sources if "CurveExplorer(" in text)
    call = next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CurveExplorer")
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "lang"} | {"lang": lang}


def wait_readout(page, text):
    """Wait until the readout contains text, and check that its fixed box shows every line whole."""
    wait_status(page, text)
    assert page.evaluate(CLIPPED_JS, STATUS) <= 0, page.locator(STATUS).first.inner_text()


def end_line(kwargs, **change):
    """Return the readout's last line, as Python computes it, for the lesson's settings with `change`."""
    return CurveExplorer(**(kwargs | change)).readout[2]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_lesson_06_curve_explorer_landmarks_typed_rates_start_and_fit(lang, lab_page, lab):
    """The buttons land on 2/f''(w*) exactly, a decimal comma is a rate, the start slider redraws, it fits."""
    results = open_lesson(lab_page, lab, lang, "06")
    kwargs = lesson_call(lab, results["notebook"], lang)
    wait_readout(lab_page, end_line(kwargs))  # the browser shows what Python computes for the lesson's call
    expected = CurveExplorer(**kwargs)
    for button, css in zip(expected.landmark_buttons, (".gd-local", ".gd-global")):
        assert lab_page.locator(f"{EXPLORER} {css}").first.inner_text() == button.description
        old = src(lab_page)
        lab_page.locator(f"{EXPLORER} {css}").first.click()
        wait_readout(lab_page, end_line(kwargs, lr=button.landmark))
        lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
        assert lab_page.locator(LR_BOX).first.input_value() == f"{button.landmark:.4g}"
    shoot(lab_page, f"{lang}_06_global_limit.png")
    type_lr(lab_page, "0,3")  # the Spanish decimal comma
    wait_readout(lab_page, "lr = 0.3 ")
    wait_readout(lab_page, end_line(kwargs, lr=0.3))
    type_lr(lab_page, "abc")  # refused, saying why and what the range is
    wait_readout(lab_page, REFUSED[lang])
    assert lab_page.locator(LR_BOX).first.input_value() == "0.3"
    old = src(lab_page)
    lab_page.locator(f"{EXPLORER} .gd-start .noUi-handle").first.press("ArrowRight")  # one step of 0.01
    wait_readout(lab_page, end_line(kwargs, lr=0.3, w0=round(kwargs.get("w0", -0.5) + 0.01, 2)))
    lab_page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    shoot(lab_page, f"{lang}_06_start_moved.png")
    report(f"{lang}_06_fit.json", results)
