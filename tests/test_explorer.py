"""The Explorer widget contract: controls, landmarks, regimes in words, pictures, display bundle."""
import base64
import warnings

import ipywidgets as widgets
import numpy as np
import pytest

from gd_helpers import Explorer, critical_lr, gradient_descent


def png(ex):
    """Return the explorer's current picture as bytes."""
    return bytes(ex.plot.value)


def test_controls_cover_the_ranges_of_the_contract():
    ex = Explorer(lang="en")
    assert isinstance(ex, widgets.Widget) and isinstance(ex.plot, widgets.Image)
    assert 10 ** ex.learning_rate.min <= 1e-3 and 10 ** ex.learning_rate.max >= 0.5
    assert ex.iterations.min <= 1 and ex.iterations.max >= 1000
    assert png(ex).startswith(b"\x89PNG") and "0.1333" in ex.status.value


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
    assert "|1 - lr·L| = 2.000" in ex.readout[1]  # lr = 0.2, L = 15


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
    assert "iteration 24" in ex.readout[2] and len(png(ex)) > 10_000


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
    assert base64.b64decode(bundle["image/png"]) == png(ex)
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
    assert png(ex) != before and f"w = {h.w[-1]:.6g}" in ex.readout[2]
    assert "After 5 epochs (25 iterations)" in ex.readout[2] and ex.iterations.description == "epochs"
    ex.seed.value = 7
    h = gradient_descent(x, y, 0.05, 5, batch_size=8, seed=7)
    assert f"w = {h.w[-1]:.6g}" in ex.readout[2]
    ex.batch_size.value = None
    assert ex.batch_size.label == "full batch" and "After 5 iterations" in ex.readout[2]


def test_sgd_past_the_single_example_limit_is_flagged():
    ex = Explorer(lang="en", lr=0.1, batch_size=1)
    assert "lr > 0.0625" in ex.readout[1] and "move w away" in ex.readout[1]
    ex.learning_rate.value = 0.05
    assert "closer to its batch's minimum while lr < 0.0625" in ex.readout[1]


def test_small_batches_cap_the_epochs_so_a_redraw_stays_short():
    x = np.linspace(0.1, 2, 400)
    ex = Explorer(x, 2 * x, lang="en", batch_size=1)
    assert ex.iterations.max * 400 <= 20_000
    ex.batch_size.value = None
    assert ex.iterations.max == 1000
