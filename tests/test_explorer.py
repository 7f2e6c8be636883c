"""The Explorer widget contract: controls, landmarks, regimes in words, pictures, display bundle."""
import ast
import base64
import inspect
import sys
import tracemalloc
import warnings

import ipywidgets as widgets
import matplotlib.mathtext
import matplotlib.text
import numpy as np
import pytest

from gd_helpers import Explorer, best_momentum, critical_lr, descent, gradient_descent, numpy_loop, theory
from gd_helpers import dynamics, live_figure, lr_strip, panels, text, theory2d, views
from gd_helpers import explorer as explorer_module
from gd_helpers.controls import REDRAW_BUDGET_S, batch_sizes, max_epochs, run_seconds


def png(ex):
    """Return the explorer's current picture as bytes."""
    return bytes(ex.plot.value)


def test_controls_cover_the_ranges_of_the_contract():
    ex = Explorer(lang="en")
    assert isinstance(ex, widgets.Widget) and isinstance(ex.plot, widgets.Image)
    assert 10 ** ex.learning_rate.min <= 1e-3 and 10 ** ex.learning_rate.max >= 0.5
    assert ex.iterations.min <= 1 and ex.iterations.max >= 1000
    assert png(ex).startswith(b"\x89PNG") and "0.1333" in ex.status.value


@pytest.mark.parametrize("bias", [False, True])
def test_a_new_explorer_parses_no_mathtext(bias, monkeypatch):
    """Mathtext labels are parsed again for every new figure: the explorer's labels are plain text."""
    def refuse(self, text, *args, **kwargs):
        raise AssertionError(f"mathtext parsed: {text}")
    monkeypatch.setattr(matplotlib.mathtext.MathTextParser, "parse", refuse)
    Explorer(bias=bias).learning_rate.value = 0.5  # a diverging run redraws the note too


def test_a_change_redraws_before_the_assignment_returns():
    ex = Explorer(lang="en")
    before, status = png(ex), ex.status.value
    ex.learning_rate.value = 0.05
    assert png(ex) != before and ex.status.value != status
    before = png(ex)
    ex.iterations.value = 200
    assert png(ex) != before and "After 200 iterations" in ex.status.value


@pytest.mark.parametrize("lang, words", [("en", ["converges", "oscillat", "diverges"]),
                                         ("es", ["converge", "oscila", "diverge"])])
def test_regimes_in_words_on_the_seed_data(lang, words):
    ex = Explorer(lang=lang)
    for lr, word in zip([0.05, 0.1, 0.2], words):
        ex.learning_rate.value = lr
        assert word in ex.readout[1], (lr, ex.readout)
    assert "r = 1 - lr·L = -2: |r| = 2 > 1" in ex.readout[1]  # lr = 0.2, L = 15: signed r, then its size


def test_landmarks_follow_the_gradient_and_other_data():
    ex = Explorer(lang="en")
    assert "2/L = 0.1333" in ex.readout[0] and "1/L = 0.06667" in ex.readout[0]
    assert ex.landmark_buttons[1].description.startswith("2/L = 0.1333")
    ex.gradient.value = "sum"
    assert "2/L = 0.03333" in ex.readout[0] and ex.landmark_buttons[1].description.startswith("2/L = 0.03333")
    x, y = [0.5, 1.5, -2.0], [1.0, 2.0, -3.0]
    other = Explorer(x, y, lang="en")
    assert f"2/L = {critical_lr(x):.4g}" in other.readout[0]
    other.learning_rate.value = 0.99 * critical_lr(x)
    assert "oscillates" in other.readout[1]


def test_landmark_buttons_set_the_learning_rate():
    ex = Explorer(lang="en")
    ex.landmark_buttons[0].click()
    assert ex.learning_rate.value == pytest.approx(1 / 15)
    assert "After 20 iterations: w = 2," in ex.readout[2]


def test_divergence_draws_a_picture_and_names_the_iteration_without_warnings():
    ex = Explorer(lang="en", iterations=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.learning_rate.value = 0.5
    # Counted as on the axes: w_k after k updates. w_23 is finite, its float32 loss is not (|r|^23 = 6.5^23).
    w = ex.history.w
    with np.errstate(over="ignore"):
        assert len(w) == 24 and np.isfinite(w[23]) and not np.isfinite(np.mean((w[23] * ex.X - ex.Y) ** 2))
    assert "overflow at iteration 23:" in ex.readout[2] and len(png(ex)) > 10_000
    assert ex.figure.artists["note"].get_text().endswith("iteration 23")


def test_engines_give_the_same_run():
    ex = Explorer(lang="en", lr=0.1, iterations=30)
    numpy_readout = ex.readout
    ex.engine.value = "torch"
    assert ex.readout == numpy_readout


def test_fewer_iterations_show_the_start_of_the_same_run():
    ex = Explorer(lang="en", lr=0.1, iterations=50)
    ex.iterations.value = 5
    fresh = Explorer(lang="en", lr=0.1, iterations=5)
    assert ex.readout == fresh.readout and png(ex) == png(fresh)


def test_display_bundle_has_the_widget_the_picture_and_the_readout():
    ex = Explorer(lang="es")
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(b"\x89PNG") and picture != png(ex)  # the stored picture adds its caption
    assert bundle["text/plain"] == "\n".join(ex.readout) and "converge" in bundle["text/plain"]


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(lang="fr"), ValueError, "lang"),
    (dict(lr=0), ValueError, "lr"),
    (dict(iterations=0), ValueError, "iterations"),
    (dict(iterations=5000), ValueError, "iterations"),
    (dict(gradient="max"), ValueError, "gradient"),
    (dict(engine="jax"), ValueError, "engine"),
    (dict(X=[1, 2], Y=[1]), ValueError, "same length"),
    (dict(X=[0, 0], Y=[1, 2]), ValueError, "non-zero"),
])
def test_bad_arguments_are_named(kwargs, error, word):
    with pytest.raises(error, match=word):
        Explorer(**kwargs)


def test_starting_at_the_minimum_draws_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = Explorer(lang="en", w0=2.0)
        ex.learning_rate.value = 0.5
    assert "w = 2," in ex.readout[2]


def test_the_readout_never_rounds_a_weight_onto_the_minimum():
    ex = Explorer(lang="en", iterations=1000)  # float32 stalls 3 ulps below w* = 2
    assert ex.history.w[-1] != 2 and "w = 1.9999996," in ex.readout[2]
    assert "w = 2," in Explorer(lang="en", lr=1 / 15).readout[2]  # 1/L: exactly 2 after one step
    below_2 = np.nextafter(np.float32(2), np.float32(0))
    assert [text.float32_text(v) for v in (below_2, 2.0, 1.195109e-07, 0.0, -3.4e38)] == [
        "1.9999999", "2", "1.195109e-07", "0", "-3.4e+38"]
    rng = np.random.default_rng(0)
    values = (rng.standard_normal(200) * 10.0 ** rng.integers(-8, 8, 200)).astype(np.float32)
    assert all(np.float32(text.float32_text(v)) == v for v in values)


def test_pictures_are_deterministic():
    assert np.array_equal(np.frombuffer(png(Explorer(lang="en")), np.uint8),
                          np.frombuffer(png(Explorer(lang="en")), np.uint8))


def test_the_2_over_l_button_lands_on_the_limit_and_says_so():
    ex = Explorer(lang="en")
    ex.landmark_buttons[1].click()
    assert "bounces between two values" in ex.readout[1]


def test_batch_size_and_seed_controls_redraw_the_same_run_as_gradient_descent():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 2, 40)
    y = 2 * x + rng.normal(0, 0.5, 40)
    ex = Explorer(x, y, lang="en", lr=0.05, iterations=5)
    assert ex.batch_size.value is None and ex.batch_size.label == "full batch"
    assert ex.batch_size.options[1] == ("1", 1)
    before = png(ex)
    ex.batch_size.value = 8
    h = gradient_descent(x, y, 0.05, 5, batch_size=8, seed=0)
    assert png(ex) != before and f"w = {np.float32(h.w[-1])!s}," in ex.readout[2]  # every digit
    assert "After 5 epochs (25 iterations)" in ex.readout[2] and ex.iterations.description == "epochs"
    ex.seed.value = 7
    h = gradient_descent(x, y, 0.05, 5, batch_size=8, seed=7)
    assert f"w = {np.float32(h.w[-1])!s}," in ex.readout[2]  # every digit
    ex.batch_size.value = None
    assert ex.batch_size.label == "full batch" and "After 5 iterations" in ex.readout[2]


def test_sgd_past_the_single_example_limit_is_flagged():
    ex = Explorer(lang="en", lr=0.1, batch_size=1)
    assert "lr > 0.0625" in ex.readout[1] and "move w away" in ex.readout[1]
    ex.learning_rate.value = 0.05
    assert "closer to its batch's minimum while lr < 0.0625" in ex.readout[1]


def test_the_default_iterations_fit_the_budget_and_only_an_explicit_value_out_of_range_raises():
    x = np.linspace(-1, 1, 200)  # as many examples as lesson 03
    cap = max_epochs(200, 1, "torch")
    assert 1 <= cap < 20  # autograd one example at a time: fewer than the default 20 epochs fit
    ex = Explorer(x, 2 * x, lang="en", engine="torch", batch_size=1)
    assert ex.iterations.value == cap == ex.iterations.max
    assert f"After {cap} epochs" in ex.readout[2]
    assert Explorer(x, 2 * x, lang="en", batch_size=1).iterations.value == 20  # the default where it fits
    with pytest.raises(ValueError, match=f"iterations must be an int from 1 to {cap}, got 20"):
        Explorer(x, 2 * x, lang="en", engine="torch", batch_size=1, iterations=20)


def test_small_batches_cap_the_epochs_and_the_full_batch_restores_the_range():
    x = np.linspace(0.1, 2, 400)
    ex = Explorer(x, 2 * x, lang="en", batch_size=1)
    assert 1 <= ex.iterations.max < 1000
    ex.batch_size.value = None
    assert ex.iterations.max == 1000


@pytest.mark.parametrize("n", [4, 200, 10_000])
@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_every_setting_the_controls_allow_fits_the_redraw_budget(n, engine):
    for batch_size in [None, *batch_sizes(n)]:
        epochs = max_epochs(n, batch_size, engine)
        assert epochs >= 1 and run_seconds(n, batch_size, engine, epochs) <= REDRAW_BUDGET_S


def test_a_slow_run_says_it_is_working_first(monkeypatch):
    monkeypatch.setattr(explorer_module, "BUSY_AFTER_S", 0.0)
    ex = Explorer(lang="en")
    shown = []
    ex.status.observe(lambda change: shown.append(change.new), "value")
    ex.learning_rate.value = 0.02
    assert "computing" in shown[0] and "lr = 0.02" in shown[-1]


def test_the_first_switch_to_pytorch_says_it_is_working_while_torch_loads(monkeypatch):
    """Torch is imported at the first PyTorch run (about 2 s): the status says so before, although the run
    itself is fast; once torch is loaded the same switch says nothing first."""
    import torch
    ex = Explorer(lang="en")
    assert run_seconds(len(ex.X), None, "torch", ex.iterations.value) < explorer_module.BUSY_AFTER_S
    seen, real = [], explorer_module.gradient_descent

    def run(*args, **kwargs):
        """Note the status the teacher sees while the run (and the import) goes on, then run."""
        seen.append(ex.status.value)
        sys.modules["torch"] = torch  # the import the run would do
        return real(*args, **kwargs)
    monkeypatch.setattr(explorer_module, "gradient_descent", run)
    monkeypatch.delitem(sys.modules, "torch")  # a kernel that has not run PyTorch yet
    ex.engine.value = "torch"
    assert seen == ["computing…"] and "PyTorch autograd" in ex.status.value
    ex.engine.value = "numpy"
    ex.seed.value = 1  # a new run with PyTorch, not the cached one
    ex.engine.value = "torch"
    assert len(seen) == 4 and "computing" not in seen[-1], seen


@pytest.mark.parametrize("lang, words", [("en", ["bounces", "After 20 iterations: w = 0,"]),
                                         ("es", ["salta entre dos valores", "Tras 20 iteraciones: w = 0,"])])
def test_the_2_over_l_button_bounces_between_0_and_4(lang, words):
    ex = Explorer(lang=lang)
    ex.landmark_buttons[1].click()
    assert ex.learning_rate.value == critical_lr(ex.X) and ex.lr_text.value == "0.1333"
    assert words[0] in ex.readout[1] and words[1] in ex.readout[2]
    np.testing.assert_allclose(ex.history.w[:5], [0, 4, 0, 4, 0], atol=1e-5)


def snap(slider, value):
    """Return `value` snapped to the slider's grid, as the browser's handle does."""
    steps = round((np.log10(value) - slider.min) / slider.step)
    return 10 ** (slider.min + steps * slider.step)


def test_the_browsers_snapped_echo_does_not_move_an_exact_value():
    ex = Explorer(lang="en")
    ex.landmark_buttons[1].click()
    ex.learning_rate.set_state({"value": snap(ex.learning_rate, critical_lr(ex.X))})
    assert ex.learning_rate.value == critical_lr(ex.X) and "bounces" in ex.readout[1]
    dragged = 10 ** (np.log10(snap(ex.learning_rate, critical_lr(ex.X))) + ex.learning_rate.step)
    ex.learning_rate.set_state({"value": dragged})
    assert ex.learning_rate.value == dragged and "diverges" in ex.readout[1]


@pytest.mark.parametrize("typed, expected", [("0.1", 0.1), (" 0.5 ", 0.5), ("2e-3", 0.002)])
def test_a_typed_learning_rate_is_used_exactly(typed, expected):
    ex = Explorer(lang="en")
    ex.lr_text.value = typed
    assert ex.learning_rate.value == expected and ex.readout[1].startswith(f"lr = {expected:g}")


@pytest.mark.parametrize("typed", ["abc", "100", "-0.1", ""])
def test_a_typed_value_out_of_range_is_undone(typed):
    ex = Explorer(lang="en")
    ex.lr_text.value = typed
    assert ex.learning_rate.value == 0.01 and ex.lr_text.value == "0.01"


def test_the_learning_rate_box_shows_four_significant_figures():
    ex = Explorer([10, 20, 30, 40], [20, 40, 60, 80], lang="en")
    ex.learning_rate.value = 0.0003272
    assert ex.lr_text.value == "0.0003272"


@pytest.mark.parametrize("lang, line", [("en", "After 1 iteration:"), ("es", "Tras 1 iteración:")])
def test_one_iteration_is_singular(lang, line):
    assert Explorer(lang=lang, iterations=1).readout[2].startswith(line)


def test_the_picture_names_every_control_value():
    ex = Explorer(lang="es", lr=0.05, iterations=7, engine="torch")
    ex._repr_mimebundle_()
    assert ex.figure.artists["caption"].get_text() == (
        "lr = 0.05 · 7 iteraciones · gradiente: media · PyTorch autograd · lote completo · β = 0")
    ex = Explorer(lang="en", batch_size=2, hide=("momentum",))
    ex._repr_mimebundle_()
    assert ex.figure.artists["caption"].get_text() == (
        "lr = 0.01 · 20 epochs · gradient: mean · NumPy · batch size 2, seed 0")


def test_a_diverging_theory_line_stops_where_it_leaves_the_axes():
    ex = Explorer(lang="en", iterations=1000, lr=0.5)
    for name in ("theory_w", "w", "loss"):
        assert len(ex.figure.artists[name].get_xdata()) < 10, name


def test_unused_controls_can_be_hidden():
    ex = Explorer(lang="en", hide=("batch_size", "seed"))
    assert ex.batch_size.layout.display == "none" and ex.seed.layout.display == "none"
    assert ex.gradient.layout.display is None
    with pytest.raises(ValueError, match="hide"):
        Explorer(lang="en", hide=("learning_rate",))


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(lr=100), ValueError, "lr must be between"),
    (dict(lr=1e-9), ValueError, "lr must be between"),
    (dict(w0=1e200), ValueError, "w0 must be between"),
    (dict(X=[1, 2, 3]), ValueError, "X and Y must be given together"),
    (dict(X=["1", "2", "3", "4"], Y=[2, 4, 6, 8]), TypeError, "X must be an array-like of real numbers"),
    (dict(batch_size=3), ValueError, "batch_size"),
    (dict(momentum=0.97), ValueError, "momentum must be between 0 and 0.95"),
    (dict(momentum=1.0), ValueError, "momentum"),
    (dict(momentum="0.5"), TypeError, "momentum"),
    (dict(bias="yes"), TypeError, "bias"),
    (dict(bias=True, b0=float("nan")), ValueError, "b0"),
])
def test_bad_input_is_refused_clearly_without_warnings(kwargs, error, word):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=word):
            Explorer(**kwargs)


def test_memory_of_a_redraw_stays_proportional_to_the_work():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 2, 10_000)
    ex = Explorer(x, 2 * x + rng.normal(0, 0.3, 10_000), lang="en", lr=0.05,
                  batch_size=batch_sizes(10_000)[0], iterations=1)
    ex.iterations.value = ex.iterations.max
    tracemalloc.start()
    ex.learning_rate.value = 0.01
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(ex.history.w) > 1000 and peak < 100e6


BLAS = ("dot", "matmul", "inner", "vdot", "tensordot", "einsum")


class NoBlas:
    """Stands for numpy in a helper module, and fails on any call that would reach BLAS."""

    def __getattr__(self, name):
        if name in BLAS:
            raise AssertionError(f"a helper called np.{name} (BLAS)")
        return getattr(np, name)


HELPERS = (numpy_loop, descent, theory, theory2d, dynamics, panels, views, explorer_module, live_figure, lr_strip)


def test_the_helpers_loops_call_no_blas(monkeypatch):
    """BLAS sums in a CPU-specific order: printed digits would depend on the machine."""
    for module in HELPERS:
        monkeypatch.setattr(module, "np", NoBlas())
    for engine in ["numpy", "torch"]:
        for gradient in ["mean", "sum"]:
            for batch_size in [None, 1, 3]:
                gradient_descent([1, 2, 3, 4], [2, 4, 6, 9], 0.01, 3, engine=engine, gradient=gradient,
                                 batch_size=batch_size)
    for ex in (Explorer(lang="en"), Explorer(lang="en", bias=True)):
        for control, value in [(ex.gradient, "sum"), (ex.engine, "torch"), (ex.batch_size, 2), (ex.momentum, 0.5)]:
            control.value = value
    for tree in (ast.parse(inspect.getsource(module)) for module in HELPERS):
        assert not any(isinstance(node, ast.MatMult) for node in ast.walk(tree)), "the @ operator is BLAS"


def test_every_text_in_the_picture_is_readable_on_a_projector():
    x = np.linspace(0.1, 2, 40)
    ex = Explorer(x, 2 * x, lang="es", lr=0.5, batch_size=4, iterations=30)
    ex._repr_mimebundle_()
    texts = [t for t in ex.figure.fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert len(texts) > 20 and min(t.get_fontsize() for t in texts) >= 10  # 12.5 px at 90 dpi


def test_the_bowl_readout_gives_the_shape_and_the_limit():
    ex = Explorer(lang="en", bias=True)
    assert ex.readout[0] == ("Hessian eigenvalues λmax = 16.7, λmin = 0.299, κ = 55.8 · "
                             "critical learning rate 2(1+β)/λmax = 0.1198")
    labels = [(button.description, button.tooltip) for button in ex.landmark_buttons]
    assert labels == [("2/(λmin+λmax) = 0.1176", "2/(λmin+λmax) = 0.1176 (best without momentum)"),
                      ("2/λmax = 0.1198", "2/λmax = 0.1198 (critical)"),
                      ("η*, β* = 0.186, 0.583", "η* = 0.1863, β* = 0.583 (best with momentum)")]
    assert ex.readout[2].startswith("After 20 iterations: w = 1.758315, b = 0.5584478")


def test_without_the_momentum_slider_there_is_no_best_pair_button():
    ex = Explorer(lang="en", bias=True, lr=0.05, hide=("momentum",))
    shown = [c.description for c in ex.children[0].children if isinstance(c, widgets.Button)]
    assert shown == [b.description for b in ex.landmark_buttons] == ["2/(λmin+λmax) = 0.1176",
                                                                     "2/λmax = 0.1198"]
    ex.landmark_buttons[1].click()
    assert ex.momentum.value == 0 and "on the stability limit" in ex.readout[1]
    ex.landmark_buttons[0].click()
    assert ex.momentum.value == 0 and ex.learning_rate.value == 2 / 17


@pytest.mark.parametrize("lr, momentum, words", [
    (0.05, 0.0, "converges without zigzag"), (0.1, 0.0, "zigzags across the steep direction"),
    (0.125, 0.0, "diverges along the steep direction"), (0.1, 0.5, "spirals in"),
    (0.125, 0.5, "spirals in")])
def test_the_bowl_regimes_in_words(lr, momentum, words):
    ex = Explorer(lang="en", bias=True, lr=lr, momentum=momentum)
    assert words in ex.readout[1]


def test_the_best_pair_button_sets_both_values_exactly_and_zigzags_without_spiral():
    ex = Explorer(lang="es", bias=True, iterations=49)
    ex.landmark_buttons[2].click()
    beta, lr = best_momentum(ex.X, bias=True)
    assert ex.momentum.value == beta and ex.learning_rate.value == lr
    assert "zigzaguea" in ex.readout[1] and "β = 0.583" in ex.readout[1]  # a double real root: no rotation
    assert float(ex.readout[2].split("pérdida = ")[1]) < 1e-6  # 49 iterations, as the lesson counts
    ex.momentum.set_state({"value": round(beta, 2)})  # the browser's slider snaps β* to its grid
    assert ex.momentum.value == beta


def test_momentum_moves_the_limit_on_the_strip_and_in_the_readout():
    ex = Explorer(lang="en")
    ex.momentum.value = 0.5
    assert "2(1+β)/L = 0.2 " in ex.readout[0] and ex.landmark_buttons[1].description.startswith("2(1+β)/L = 0.2 ")
    assert [label.get_text() for label in ex.figure.strip.top.get_xticklabels()] == ["", "2(1+β)/L"]
    ex.landmark_buttons[1].click()
    assert "on the stability limit" in ex.readout[1]


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_the_bowl_explorer_draws_the_run_of_gradient_descent(engine):
    x, y = np.array([0.5, 1.5, -2.0, 3.0]), np.array([1.0, 2.5, -3.0, 4.0])
    ex = Explorer(x, y, lang="en", bias=True, lr=0.05, momentum=0.3, engine=engine, iterations=30)
    h = gradient_descent(x, y, 0.05, 30, bias=True, momentum=0.3, engine=engine)
    np.testing.assert_array_equal(ex.history.w, h.w)
    np.testing.assert_array_equal(ex.history.b, h.b)
    theory = ex.view.theory(ex.settings())
    np.testing.assert_allclose(theory[:, 0], h.w, atol=1e-5)
    np.testing.assert_allclose(theory[:, 1], h.b, atol=1e-5)
    assert len(ex.figure.artists["steps"].get_xdata()) == 31


def test_a_loss_that_dips_below_the_axis_floor_is_clipped_not_ended():
    X, Y = np.float32([1, 2, 3, 4]), np.float32([2, 4, 6, 8])
    beta, lr = best_momentum(X, bias=True)
    ex = Explorer(X, Y, lang="en", bias=True, lr=lr, momentum=beta, iterations=100)
    loss = ex.history.loss
    assert loss.min() < ex.figure.ax_loss.get_ylim()[0]  # float32 rounding dips below the floor
    assert len(ex.figure.artists["loss"].get_xdata()) == len(loss)


def test_a_cap_keeps_the_teachers_iterations_and_says_why():
    x = np.linspace(-1, 1, 200)  # lesson 03: batch size 1, NumPy, then PyTorch and back
    ex = Explorer(x, 2 * x, lang="en", batch_size=1)
    wanted = ex.iterations.value = ex.iterations.max
    assert ex.cap_clause(ex.settings()) in ex.readout[2] and "capped at" in ex.readout[2]
    ex.engine.value = "torch"
    cap = max_epochs(200, 1, "torch")
    assert cap < wanted and ex.iterations.value == cap and f"After {cap} epochs" in ex.readout[2]
    assert ex.readout[2].endswith(f"capped at {cap} epochs: more would take over {REDRAW_BUDGET_S:g} s")
    ex.engine.value = "numpy"
    assert ex.iterations.value == wanted and f"After {wanted} epochs" in ex.readout[2]
    ex.iterations.value = 5  # a value under the cap is the teacher's new choice, and needs no clause
    ex.engine.value = "torch"
    assert ex.iterations.value == 5 and "capped" not in ex.readout[2]


@pytest.mark.parametrize("lang, words", [("en", "capped at 998 iterations"), ("es", "tope de 998 iteraciones")])
def test_the_bowls_maximum_says_it_is_capped(lang, words):
    ex = Explorer(lang=lang, bias=True, engine="torch")  # lesson 04: the slider ends at 998, not 1000
    ex.iterations.value = 1000
    assert ex.iterations.max == ex.iterations.value == 998 and words in ex.readout[2]
    ex.iterations.value = 100
    assert "998" not in ex.readout[2]


@pytest.mark.parametrize("typed, expected", [("0,05", 0.05), (" 2,5e-2 ", 0.025), ("0.01", 0.01)])
def test_a_decimal_comma_is_a_learning_rate(typed, expected):
    ex = Explorer(lang="es")
    ex.lr_text.value = typed
    assert ex.learning_rate.value == expected and ex.lr_text.value == f"{expected:.4g}"


@pytest.mark.parametrize("lang, typed, words", [
    ("en", "abc", "“abc” is not a rate from 0.001 to 1"),
    ("en", "0.0001", "“0.0001” is not a rate from 0.001 to 1"),
    ("es", "5", "«5» no es una tasa de 0.001 a 1")])
def test_a_refused_learning_rate_says_why_and_gives_the_range(lang, typed, words):
    ex = Explorer(lang=lang)
    low, high = 10 ** ex.learning_rate.min, 10 ** ex.learning_rate.max
    assert f"{low:.4g}, {high:.4g}" == "0.001, 1"
    ex.lr_text.value = typed
    assert ex.learning_rate.value == 0.01 and ex.lr_text.value == "0.01" and words in ex.status.value
    ex.lr_text.value = "0.02"
    assert "not a rate" not in ex.status.value and "no es una tasa" not in ex.status.value


def test_the_momentum_slider_shows_the_readouts_beta():
    xc = np.array([1, 2, 3, 4], dtype=np.float32) - 2.5  # lesson 04's centred x
    ex = Explorer(xc, 2 * xc + 2.5, lang="en", bias=True)
    ex.landmark_buttons[2].click()
    beta = best_momentum(ex.X, bias=True)[0]
    assert 0 < beta < 0.005 and ex.momentum.value == beta  # rounds to "0.00" at two decimals
    shown = f"{beta:{ex.momentum.readout_format}}"
    assert shown != "0.00" and f"β = {shown}" in ex.readout[1]
    # The browser draws a slider's own readout from its snapped value: the label beside it shows β
    assert not ex.momentum.readout and ex.momentum_text.value == shown
    ex.momentum.set_state({"value": round(beta, 2)})  # the handle snaps to 0.00: the label keeps β
    assert ex.momentum_text.value == shown
    ex.momentum.value = 0.5
    assert ex.momentum_text.value == "0.5"
