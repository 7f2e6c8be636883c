"""The curve explorer of lesson 06: gradient descent on f(w) = w·cos(πw), which minimum a run reaches, and why."""
import ast
import base64
import inspect
import itertools
import subprocess
import sys
import time
import warnings

import ipywidgets as widgets
import matplotlib.mathtext
import matplotlib.text
import numpy as np
import pytest

from gd_helpers import curve_explorer, curve_figure
from gd_helpers.controls import REDRAW_BUDGET_S
from gd_helpers.curve_explorer import CurveExplorer, CurveSettings, basin, descend
from gd_helpers.nonconvex import wave, wave_curvature, wave_maxima, wave_minima, wave_slope

LOCAL, GLOBAL = wave_minima()


def png(ex):
    """Return the explorer's current picture as bytes."""
    return bytes(ex.plot.value)


def strip_ticks(ex):
    """Return the labels over the strip's landmarks."""
    return [label.get_text() for label in ex.figure.strip.top.get_xticklabels()]


def test_the_minima_and_their_limits_are_the_curvatures_own():
    assert (round(LOCAL, 4), round(GLOBAL, 4), round(wave_maxima()[0], 4)) == (-0.2739, 1.0904, 0.2739)
    ex = CurveExplorer(lang="en")
    limits = [button.landmark for button in ex.landmark_buttons]
    np.testing.assert_allclose(limits, [2 / wave_curvature(LOCAL), 2 / wave_curvature(GLOBAL)], rtol=1e-14)
    assert [button.description for button in ex.landmark_buttons] == ["local: 2/f'' = 0.3065",
                                                                       "global: 2/f'' = 0.1654"]
    assert ex.readout[0] == ("Minima: local w* = -0.2739 (2/f'' = 0.3065) · global w* = 1.0904 (2/f'' = 0.1654)"
                             " · their basins meet at the maximum w = 0.2739")


def test_the_run_is_gradient_descent_with_momentum_on_f():
    h = descend(0.1, 40, 1.7, momentum=0.5)
    w, v = 1.7, 0.0
    for k in range(40):
        assert h.w[k] == w and h.loss[k] == wave(w)  # the loss before each update, as gradient_descent records
        v = 0.5 * v + wave_slope(w)
        w = w - 0.1 * v
    assert h.w[40] == w and len(h.w) == 41 and h.diverged_at is None


@pytest.mark.parametrize("lang, kwargs, words", [
    ("en", dict(lr=0.05, w0=-0.5), ["near the local minimum: converges without overshooting",
                                    "After 30 iterations: reached the local minimum, w = -0.27385"]),
    ("en", dict(lr=0.05, w0=0.5), ["near the global minimum: converges", "reached the global minimum, w = 1.0904"]),
    ("es", dict(lr=0.05, w0=0.5), ["cerca del mínimo global: converge", "alcanzó el mínimo global, w = 1.0904"]),
    ("en", dict(lr=0.2, w0=1.0), ["lr = 0.2 > 2/f'' = 0.1654 of the global minimum: it pushes w away",
                                  "w = 0.81465, in the global minimum's basin but not settling"]),
    ("es", dict(lr=0.2, w0=1.0), ["lr = 0.2 > 2/f'' = 0.1654 del mínimo global: aleja a w de él",
                                  "en la cuenca del mínimo global pero sin asentarse"]),
    ("en", dict(lr=0.3, w0=1.0, iterations=200), ["lr = 0.3 near the local minimum: overshoots w*",
                                                  "reached the local minimum, w = -0.2738",
                                                  "(it started in the other basin)"]),
    ("en", dict(lr=0.05, w0=1.9, momentum=0.9, iterations=300), ["β = 0.9 near the local minimum",
                                                                 "reached the local minimum",
                                                                 "(it started in the other basin)"]),
    ("es", dict(lr=1.0, w0=0.5), ["|w| pasó de 10⁶ en la iteración 25", "se escapó (diverge)"]),
])
def test_the_readout_says_which_minimum_the_run_reached(lang, kwargs, words):
    readout = " | ".join(CurveExplorer(lang=lang, **kwargs).readout)
    for word in words:
        assert word in readout, (word, readout)


def test_the_strip_shows_the_minimum_the_run_ends_in():
    ex = CurveExplorer(lang="en", lr=0.05, w0=0.5)
    assert strip_ticks(ex) == ["1/f''", "2/f'' = 0.1654"] and "global minimum w* = 1.0904" in ex.figure.strip.ax.get_xlabel()
    ex.learning_rate.value = 0.3  # the global minimum pushes the run out; it ends in the local one
    assert basin(ex.history.w[-1]) == 0 and strip_ticks(ex) == ["1/f''", "2/f'' = 0.3065"]
    assert "local minimum w* = -0.2739" in ex.figure.strip.ax.get_xlabel()
    ex.learning_rate.value = 1.0  # no basin at the end: the start's
    assert ex.history.diverged_at is not None and strip_ticks(ex) == ["1/f''", "2/f'' = 0.1654"]
    assert "minimum of the start's basin (global, w* = 1.0904)" in ex.figure.strip.ax.get_xlabel()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_readout_line_fits_one_line_of_the_readout_box(lang):
    """The box holds three lines: at 1100 px about 170 characters each (6.4 px a character in JupyterLab)."""
    ex = CurveExplorer(lang=lang)
    tail = " · " + ex.t["timing"].format(ms=123.4, engine="float64")  # after the last line
    longest = {}
    for lr, w0, beta, iterations in itertools.product([0.001, 0.05, 0.1654, 0.2, 0.3065, 0.32, 0.5, 1.0],
                                                      [-1.0, -0.5, 0.5, 1.0, 1.99], [0.0, 0.5, 0.95], [7, 1000]):
        s = CurveSettings(lr, iterations, w0, beta)
        lines, _, _ = ex.describe(descend(lr, iterations, w0, beta), s)
        for i, line in enumerate(lines[:2] + [lines[2] + tail]):
            longest[i] = max(longest.get(i, ""), line, key=len)
    assert len(set(longest.values())) == 3 and max(map(len, longest.values())) <= 155, longest


def test_a_strip_drawn_before_is_reused_and_gives_the_same_picture_as_a_fresh_explorer():
    ex = CurveExplorer(lang="en", w0=1.0, iterations=200)
    for lr in (0.1, 0.3, 0.1, 0.3, 1.0):  # global, local, global again (reused), local again, the start's
        ex.learning_rate.value = lr
        assert png(ex) == png(CurveExplorer(lang="en", w0=1.0, iterations=200, lr=lr)), lr
    assert len(ex._backgrounds) == 3
    ex.iterations.value = 100  # new time axes: every stored strip is out of date
    assert list(ex._backgrounds) == [ex._marked]


def test_a_landmark_button_sets_the_limit_exactly_and_momentum_moves_it():
    ex = CurveExplorer(lang="en", w0=-0.5)
    ex.landmark_buttons[0].click()
    assert ex.learning_rate.value == 2 / (2 * np.sqrt(wave_curvature(LOCAL) / 2) ** 2)  # the limit of f near w*
    assert ex.lr_text.value == "0.3065" and "= 2/f'' of the local minimum: on its stability limit" in ex.readout[1]
    assert ex.readout[2].endswith("on the local minimum's limit, the distance barely shrinks")
    ex.momentum.value = 0.5
    assert ex.momentum_text.value == "0.5" and ex.momentum_text in ex.children[1].children  # β beside its slider
    assert [button.description for button in ex.landmark_buttons] == ["local: 2(1+β)/f'' = 0.4597",
                                                                       "global: 2(1+β)/f'' = 0.2481"]
    assert strip_ticks(ex)[-1] == "2(1+β)/f'' = 0.4597" and "factor per step near w* in the long run" in ex.readout[1]


def test_every_control_redraws_the_picture_and_the_readout():
    ex = CurveExplorer(lang="en")
    for control, value in ((ex.learning_rate, 0.1), (ex.iterations, 100), (ex.start, 1.5), (ex.momentum, 0.3)):
        before, readout = png(ex), ex.readout
        control.value = value
        assert png(ex) != before and ex.readout != readout, control


def test_fewer_iterations_show_the_start_of_the_same_run():
    ex = CurveExplorer(lang="en", lr=0.25, w0=1.5, iterations=90)  # both with markers: at most 100 steps
    ex.iterations.value = 12
    fresh = CurveExplorer(lang="en", lr=0.25, w0=1.5, iterations=12)
    assert ex.readout == fresh.readout and png(ex) == png(fresh)


@pytest.mark.parametrize("typed, expected", [("0,3", 0.3), (" 2,5e-2 ", 0.025), ("0.1654", 0.1654)])
def test_a_typed_learning_rate_is_used_exactly_with_a_decimal_comma_too(typed, expected):
    ex = CurveExplorer(lang="es")
    ex.lr_text.value = typed
    assert ex.learning_rate.value == expected and ex.readout[1].startswith(f"lr = {expected:g}")


@pytest.mark.parametrize("lang, typed, words", [("en", "abc", "“abc” is not a rate from 0.001 to 1"),
                                                ("es", "5", "«5» no es una tasa de 0.001 a 1")])
def test_a_refused_learning_rate_says_why_and_gives_the_range(lang, typed, words):
    ex = CurveExplorer(lang=lang)
    ex.lr_text.value = typed
    assert ex.learning_rate.value == 0.05 and ex.lr_text.value == "0.05" and words in ex.status.value


BAD_INPUT = [  # (argument, value, error, message): the message names the argument and what it accepts
    ("lang", "fr", ValueError, "lang must be one of 'en', 'es'"),
    ("lr", 0, ValueError, r"lr must be between 0.001 and 1 \(the slider's range\), got 0"),
    ("lr", 5, ValueError, "lr must be between 0.001 and 1"),
    ("lr", "0.1", TypeError, "lr must be a real number"),
    ("iterations", 0, ValueError, "iterations must be an int from 1 to 1000"),
    ("iterations", 2.5, TypeError, "iterations must be an int"),
    ("w0", 3, ValueError, r"w0 must be between -1 and 2 \(the interval of f\), got 3"),
    ("w0", float("nan"), ValueError, "w0 must be a finite number"),
    ("momentum", 0.97, ValueError, "momentum must be between 0 and 0.95"),
    ("momentum", -0.1, ValueError, r"momentum must be a real number in \[0, 1\)"),
    ("momentum", "0.5", TypeError, "momentum must be a real number"),
]


@pytest.mark.parametrize("name, value, error, message", BAD_INPUT)
def test_bad_input_is_refused_naming_the_argument_and_its_range(name, value, error, message, recwarn):
    with pytest.raises(error, match=message):
        CurveExplorer(**{name: value})
    assert message.startswith(name) and not recwarn.list


def test_divergence_is_a_result_drawn_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = CurveExplorer(lang="en", lr=1.0, w0=0.5, iterations=1000)
        h = ex.history
        assert h.diverged_at == 25 and len(h.w) == 25 and abs(h.w[-1]) <= 1e6
        assert abs(h.w[-1] - 1.0 * wave_slope(h.w[-1])) > 1e6  # w_25, the step that passed 10⁶
        assert ex.figure.artists["note"].get_text() == "ran away: |w| > 10⁶ at iteration 25"
        assert ex.readout[2] == "|w| passed 10⁶ at iteration 25: the run left every basin and ran away (diverges)"
        ex.learning_rate.value = 0.001  # and back: the slowest run of all
        assert ex.figure.artists["note"].get_text() == "" and "reached the global minimum" in ex.readout[2]


def test_a_step_that_lands_on_the_end_of_the_interval_stays_inside():
    h = descend(1.0, 1, 1.0)  # 1 - f'(1) = 2 exactly; in floating point 2.0000000000000004
    assert h.w[1] > 2 and basin(h.w[1]) == 1
    assert "outside" not in CurveExplorer(lang="en", lr=1.0, w0=1.0, iterations=1).readout[2]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_stored_picture_and_text_name_every_control(lang):
    ex = CurveExplorer(lang=lang, lr=0.2, iterations=7, w0=1.0, momentum=0.25)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/plain"] == "\n".join(ex.readout)
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(b"\x89PNG") and picture != png(ex)  # the stored picture adds its caption
    count = {"en": "7 iterations", "es": "7 iteraciones"}[lang]
    assert ex.figure.artists["caption"].get_text() == f"lr = 0.2 · {count} · w0 = 1 · β = 0.25"


def test_pictures_are_deterministic():
    assert png(CurveExplorer(lang="en", lr=0.4)) == png(CurveExplorer(lang="en", lr=0.4))


def test_a_new_curve_explorer_parses_no_mathtext(monkeypatch):
    """Mathtext labels are parsed again for every new figure: the explorer's labels are plain text."""
    def refuse(self, text, *args, **kwargs):
        raise AssertionError(f"mathtext parsed: {text}")
    monkeypatch.setattr(matplotlib.mathtext.MathTextParser, "parse", refuse)
    CurveExplorer(lang="es").learning_rate.value = 1.0


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kwargs", [dict(lr=0.05, w0=-0.5), dict(lr=1.0, w0=0.5), dict(lr=0.001, momentum=0.95)])
def test_every_text_lies_inside_the_picture_and_is_readable_on_a_projector(lang, kwargs):
    ex = CurveExplorer(lang=lang, **kwargs)
    ex._repr_mimebundle_()
    fig, renderer = ex.figure.fig, ex.figure.canvas.get_renderer()
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text() and t.get_visible()]
    assert len(texts) > 20 and min(t.get_fontsize() for t in texts) >= 10  # 12.5 px at 90 dpi
    for t in texts:
        box = t.get_window_extent(renderer)
        if box.x1 < 0 or box.x0 > fig.bbox.width:  # a tick label beyond the axis' limits: never drawn
            continue
        assert 0 <= box.x0 and box.x1 <= fig.bbox.width and 0 <= box.y0 and box.y1 <= fig.bbox.height, t.get_text()


def test_the_widget_has_the_explorers_controls_and_classes():
    ex = CurveExplorer(lang="en")
    assert isinstance(ex, widgets.VBox) and "gd-explorer" in ex._dom_classes
    assert [control.value for control in ex._controls()] == [0.05, 30, -0.5, 0.0]
    assert (ex.start.min, ex.start.max) == (-1, 2) and ex.iterations.max == 1000 and ex.momentum.max == 0.95
    assert "gd-local" in ex.landmark_buttons[0]._dom_classes and "gd-global" in ex.landmark_buttons[1]._dom_classes
    ex.start.set_state({"value": 1.0})  # the browser's slider: any value on its grid is taken
    assert ex.start.value == 1.0 and "global" in ex.readout[2]


def test_the_longest_run_and_its_readout_fit_the_redraw_budget():
    ex = CurveExplorer(lang="en")
    start = time.perf_counter()
    descend(0.001, 1000, -1.0, momentum=0.95)
    h = descend(0.5, 1000, 1.0)  # wanders: the readout looks at the basin of 500 weights
    lines, _, _ = ex.describe(h, CurveSettings(0.5, 1000, 1.0, 0.0))
    assert time.perf_counter() - start < REDRAW_BUDGET_S / 10 and "back and forth" in lines[2]  # about 15 ms


def test_the_curve_explorer_imports_no_torch():
    code = ("import sys; from gd_helpers.curve_explorer import CurveExplorer; CurveExplorer(lang='es'); "
            "print('torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_curve_explorer_calls_no_blas():
    """BLAS sums in a CPU-specific order: the readout's digits would depend on the machine."""
    for module in (curve_explorer, curve_figure):
        tree = ast.parse(inspect.getsource(module))
        assert not any(isinstance(node, ast.MatMult) for node in ast.walk(tree)), module
        assert not any(isinstance(node, ast.Attribute) and node.attr in ("dot", "matmul", "einsum", "tensordot")
                       for node in ast.walk(tree)), module
