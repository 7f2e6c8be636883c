"""The explorer keeps up with the browser, against a widget that only swaps pictures (the floor).

Marked `timing`: `make test` runs the presses alone, after the parallel tests, so that no other test
loads the machine while they measure. The drags take longest and are a benchmark: `make bench` runs
them. The lessons open together (their kernels start side by side); each test runs one lesson's explorer
cells beside a floor widget, measures, and closes that lesson.
"""
import pytest

from explorer_page import (close_notebook, drags_against_floor, open_lessons, presses_against_floor, report,
                           run_beside_a_floor)

TIMED = [("es", "01"), ("en", "01"), ("en", "04")]  # lesson 04's explorer fits w and b


@pytest.fixture(scope="module")
def lessons(lab_page, lab):
    """Open the timed lessons side by side; return {(lang, prefix): notebook}."""
    return open_lessons(lab_page, lab, TIMED)


def measure_beside_a_floor(page, lessons, lang, prefix, measure):
    """Run a lesson's explorer beside a floor widget, measure(page), close the lesson; report and return."""
    notebook = lessons[lang, prefix]
    run_beside_a_floor(page, notebook, bias=prefix == "04")
    try:
        results = {"notebook": notebook} | measure(page)
    finally:
        close_notebook(page)  # the next lesson's widgets are then the only ones on the page
    report(f"{lang}_{prefix}_{measure.__name__}.json", results)
    return results


@pytest.mark.timing
@pytest.mark.parametrize("lang, prefix", TIMED)
def test_a_press_costs_little_more_than_on_the_floor_widget(lang, prefix, lab_page, lessons):
    # Each press on the explorer is paired with the next on the floor, under the same machine load: the
    # median of the pairs' differences is the explorer's own cost, steadier than a difference of medians.
    # Noise only adds time (one round in four went over, on a quiet machine, before and after issue 16):
    # a round over budget is measured once more, and a truly slower explorer fails both rounds.
    rounds = [measure_beside_a_floor(lab_page, lessons, lang, prefix, presses_against_floor)]
    if not within_budget(rounds[0]):
        rounds.append(measure_beside_a_floor(lab_page, lessons, lang, prefix, presses_against_floor))
    assert any(within_budget(results) for results in rounds), rounds


def within_budget(results):
    """Return whether the explorer's extra time per press is at most 30 % of the floor's, or 15 ms."""
    return results["median_extra_ms"] <= max(0.3 * results["floor_median_ms"], 15)


@pytest.mark.bench
@pytest.mark.parametrize("lang, prefix", [("es", "01"), ("en", "04")])
def test_a_drag_shows_nearly_as_many_pictures_as_on_the_floor_widget(lang, prefix, lab_page, lessons):
    drags = measure_beside_a_floor(lab_page, lessons, lang, prefix, drags_against_floor)
    counts = drags["pictures_in_two_2s_drags"]
    assert counts["explorer"] >= 0.8 * counts["floor"], drags
