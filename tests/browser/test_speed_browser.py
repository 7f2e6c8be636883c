"""The explorer keeps up with the browser: each press and each drag against a widget that does no work.

Marked `timing`: `make test` runs these alone, after the parallel tests, so that no other test
loads the machine while they measure. Each opens a lesson and runs only its explorer's cells.
"""
import pytest

from explorer_page import assert_keeps_up, notebook_for, open_and_run_explorer, report, speed_against_floor

pytestmark = pytest.mark.timing


# Presses in each language; drags once for each kind of explorer (one parameter, two), as they take longest.
@pytest.mark.parametrize("lang, prefix, drag", [("es", "01", True), ("en", "01", False), ("en", "04", True)])
def test_the_explorer_keeps_up_with_a_floor_widget(lang, prefix, drag, lab_page, lab, tmp_path):
    notebook = notebook_for(lab.root, lang, prefix)
    open_and_run_explorer(lab_page, notebook)
    results = {"notebook": notebook} | speed_against_floor(lab_page, bias=prefix == "04", drag=drag)
    report(tmp_path, f"{lang}_{prefix}_timings.json", results)
    assert_keeps_up(results)
