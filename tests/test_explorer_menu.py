"""The two-parameter explorer's optimizer menu: gradient descent, momentum, AdaGrad, RMSProp, Adam."""
import numpy as np
import pytest

from gd_helpers import Explorer, gradient_descent, seed_data
from gd_helpers.controls import REDRAW_BUDGET_S, batch_sizes, max_epochs, run_seconds
from gd_helpers.explorer import MENU
from gd_helpers.views import OPTIMIZER_NAMES

X, Y = seed_data()
ADAPTIVE = ("adagrad", "rmsprop", "adam")


def menu_explorer(lang="en", optimizer="sgd", **kwargs):
    """Return lesson 04's bowl explorer with the optimizer menu."""
    settings = dict(lr=0.1, iterations=100, hide=("gradient", "batch_size", "seed")) | kwargs
    return Explorer(X, Y, lang=lang, bias=True, optimizer=optimizer, **settings)


def png(ex):
    """Return the explorer's current picture as bytes."""
    return bytes(ex.plot.value)


def test_without_the_argument_there_is_no_menu():
    ex = Explorer(X, Y, lang="en", bias=True, lr=0.11, iterations=100)
    rows = [child for row in ex.children[:2] for child in row.children]
    assert ex.optimizer not in rows and ex.momentum in rows and ex.settings().optimizer == "sgd"
    ex.momentum.value = 0.5
    assert ex.settings().momentum == 0.5  # the β slider works as before the menu existed
    assert "·" not in ex.caption().split("full batch")[1].replace(" · β = 0.5", "")  # no optimizer named


def test_the_menu_offers_the_five_choices_in_both_languages():
    assert MENU == ("sgd", "momentum", "adagrad", "rmsprop", "adam")
    en, es = menu_explorer("en"), menu_explorer("es")
    assert [label for label, _ in en.optimizer.options] == ["gradient descent", "momentum", "AdaGrad", "RMSProp",
                                                            "Adam"]
    assert [label for label, _ in es.optimizer.options] == ["descenso de gradiente", "momento", "AdaGrad",
                                                            "RMSProp", "Adam"]
    assert en.optimizer in en.children[1].children and en.optimizer.description == "optimizer"
    assert es.optimizer.description == "optimizador"


@pytest.mark.parametrize("optimizer", ["momentum", *ADAPTIVE])
def test_switching_the_optimizer_changes_the_path_the_loss_and_the_picture(optimizer):
    ex = menu_explorer()
    path, loss, picture = ex.figure.panel.artist.get_xydata().copy(), ex.history.loss.copy(), png(ex)
    if optimizer == "momentum":
        ex.momentum.value = 0.5
    ex.optimizer.value = optimizer
    rule, beta = ("sgd", 0.5) if optimizer == "momentum" else (optimizer, 0.0)
    expected = gradient_descent(X, Y, 0.1, 100, bias=True, optimizer=rule, momentum=beta)
    np.testing.assert_array_equal(ex.history.w, expected.w)
    np.testing.assert_array_equal(ex.history.loss, expected.loss)
    drawn = ex.figure.panel.artist.get_xydata()
    assert not np.array_equal(drawn, path) and not np.array_equal(ex.history.loss, loss) and png(ex) != picture
    np.testing.assert_array_equal(drawn[:, 0], expected.w[:len(drawn)])
    np.testing.assert_array_equal(ex.figure.artists["loss"].get_ydata(), expected.loss)


@pytest.mark.parametrize("optimizer", ADAPTIVE)
def test_going_back_to_gradient_descent_draws_what_a_new_explorer_draws(optimizer):
    ex = menu_explorer(optimizer=optimizer)
    ex.optimizer.value = "sgd"
    fresh = menu_explorer()
    assert png(ex) == png(fresh) and ex.readout == fresh.readout


@pytest.mark.parametrize("lang, words", [
    ("en", ["no fixed stability limit", "effective rate per coordinate after 100 iterations, lr/(√v̂ + ε): w "]),
    ("es", ["sin límite de estabilidad fijo", "tasa efectiva por coordenada tras 100 iteraciones, lr/(√v̂ + ε): w "]),
])
@pytest.mark.parametrize("optimizer", ADAPTIVE)
def test_an_adaptive_readout_gives_the_effective_rate_per_coordinate(optimizer, lang, words):
    ex = menu_explorer(lang, optimizer)
    name = OPTIMIZER_NAMES[optimizer]
    assert ex.readout[0].endswith(f"κ = 55.8 · {name}: {words[0]}") and "2(1+β)/λmax" not in ex.readout[0]
    w, b = ex.history.effective_lr[-1]
    assert ex.readout[1] == f"{name}, lr = 0.1: {words[1]}{w:.3g}, b {b:.3g} (b/w = {b / w:.3g})"
    assert ex.readout[2] == Explorer(X, Y, lang=lang, bias=True, lr=0.1, iterations=100).view.end_line(
        ex.history, ex.settings())


def test_adams_first_rates_are_lr_over_the_gradients_size():
    ex = menu_explorer(optimizer="adam", iterations=1)
    g = np.array([2 * np.mean(-Y * X), 2 * np.mean(-Y)])  # ∂J/∂w, ∂J/∂b at (0, 0): -30, -10
    np.testing.assert_allclose(ex.history.effective_lr[-1], 0.1 / np.abs(g), rtol=1e-6)
    assert "w 0.00333, b 0.01 (b/w = 3)" in ex.readout[1] and "after 1 iteration," in ex.readout[1]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("optimizer", ADAPTIVE)
def test_the_strip_says_no_limit_applies_instead_of_marking_one(optimizer, lang):
    ex = menu_explorer(lang, optimizer)
    strip = ex.figure.strip
    texts = [artist.get_text() for artist in strip.landmarks if hasattr(artist, "get_text")]
    assert len(texts) == 1 and texts[0].startswith(f"{OPTIMIZER_NAMES[optimizer]}: ")
    assert ("stability limit" if lang == "en" else "límite de estabilidad") in texts[0]
    assert "▼" in strip.ax.get_xlabel() and "regime" not in strip.ax.get_xlabel()
    labels = strip.top.get_xticklabels()  # kept for the layout, but transparent: no limit is shown
    assert len(labels) == 2 and all(label.get_color() == (0, 0, 0, 0) for label in labels)
    ex.optimizer.value = "sgd"
    labels = strip.top.get_xticklabels()
    assert [label.get_text() for label in labels] == ["1/λmax", "2/λmax"]
    assert all(label.get_color() == "black" for label in labels)


def test_the_menu_shows_the_beta_slider_and_the_landmarks_only_where_they_apply():
    ex = menu_explorer()
    shown = lambda widget: widget.layout.display != "none"  # noqa: E731
    grey = lambda: ex.momentum_text.style.text_color is not None  # noqa: E731  (the β label follows the slider)
    assert ex.momentum.disabled and grey() and all(shown(button) for button in ex.landmark_buttons)
    ex.optimizer.value = "momentum"
    assert not ex.momentum.disabled and not grey() and all(shown(button) for button in ex.landmark_buttons)
    for optimizer in ADAPTIVE:
        ex.optimizer.value = optimizer
        assert ex.momentum.disabled and grey() and not any(shown(button) for button in ex.landmark_buttons)
        assert ex.settings().momentum == 0.0 and " · β" not in ex.caption()
        assert ex.caption().endswith(f" · {OPTIMIZER_NAMES[optimizer]}")


def test_the_best_pair_button_chooses_momentum():
    ex = menu_explorer()
    ex.landmark_buttons[2].click()
    assert ex.optimizer.value == "momentum" and ex.settings().momentum == pytest.approx(0.5835, abs=1e-4)
    assert "β = 0.583" in ex.readout[1] and ex.momentum_text.value == "0.583"
    ex.optimizer.value = "sgd"
    assert ex.settings().momentum == 0.0 and "β = " not in ex.readout[1]


def test_momentum_in_the_menu_is_todays_momentum_explorer():
    ex = menu_explorer(optimizer="momentum", momentum=0.5)
    old = Explorer(X, Y, lang="en", bias=True, lr=0.1, iterations=100, momentum=0.5,
                   hide=("gradient", "batch_size", "seed"))
    assert ex.readout == old.readout and png(ex) == png(old)


@pytest.mark.parametrize("engine", ["numpy", "torch"])
@pytest.mark.parametrize("optimizer", ADAPTIVE)
def test_engines_and_mini_batches_follow_the_menu(optimizer, engine):
    ex = menu_explorer(optimizer=optimizer, engine=engine, hide=(), batch_size=2, iterations=10)
    expected = gradient_descent(X, Y, 0.1, 10, bias=True, optimizer=optimizer, engine=engine, batch_size=2)
    np.testing.assert_array_equal(ex.history.w, expected.w)
    assert "After 10 epochs (20 iterations)" in ex.readout[2] and "after 20 iterations" in ex.readout[1]


@pytest.mark.parametrize("n", [4, 200, 10_000])
@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_every_menu_setting_fits_the_redraw_budget(n, engine):
    for batch_size in [None, *batch_sizes(n, "adam")]:
        for optimizer in ("sgd", *ADAPTIVE):
            epochs = max_epochs(n, batch_size, engine, True, optimizer)
            assert epochs >= 1 and run_seconds(n, batch_size, engine, epochs, True, optimizer) <= REDRAW_BUDGET_S
    assert max_epochs(4, None, "torch", True, "adam") < max_epochs(4, None, "torch", True)  # adaptive costs more


def test_a_capped_choice_restores_the_teachers_iterations():
    most = max_epochs(4, None, "torch", True)
    ex = menu_explorer(engine="torch", iterations=most, hide=())
    assert ex.iterations.value == most
    ex.optimizer.value = "adam"
    assert ex.iterations.value == ex.iterations.max < most and "capped at" in ex.readout[2]
    ex.optimizer.value = "sgd"
    assert ex.iterations.value == most


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizer="adamw"), "optimizer must be one of 'sgd', 'momentum', 'adagrad', 'rmsprop', 'adam', got 'adamw'"),
    (dict(optimizer=3), "optimizer must be one of"),
    (dict(optimizer="adam", bias=False), "optimizer (the optimizer menu) needs bias=True"),
    (dict(optimizer="adam", momentum=0.5), "momentum must be 0 unless optimizer='momentum', got momentum=0.5"),
    (dict(optimizer="sgd", momentum=0.5), "momentum must be 0 unless optimizer='momentum'"),
    (dict(optimizer="adam", hide="momentum"), "hide must not name 'momentum' with the optimizer menu"),
])
def test_bad_menu_arguments_name_the_argument(kwargs, message):
    settings = dict(bias=True) | kwargs
    with pytest.raises(ValueError) as raised:
        Explorer(X, Y, lang="en", **settings)
    assert message in str(raised.value)
