"""Lesson 04's figures speak the notebook's language, draw every run and put the bowl in the right place."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from gd_helpers import best_lr, eigen_directions, gradient_descent, seed_data  # noqa: E402
from gd_helpers.dynamics import loss_at, minimum  # noqa: E402
from gd_helpers.plots2d import (eigen_distances, plot_bowl, plot_eigen_distances, plot_losses,  # noqa: E402
                                plot_paths)

X, Y = seed_data()
XC = X - X.mean()
PLAIN = gradient_descent(X, Y, 0.05, 30, bias=True)
ZIGZAG = gradient_descent(X, Y, 0.11, 30, bias=True)
CENTRED = gradient_descent(XC, Y, 0.4, 10, bias=True)
HEAVY = gradient_descent(X, Y, 0.15, 40, bias=True, momentum=0.5)
DIVERGING = gradient_descent(X, Y, 0.15, 200, bias=True)  # above 2/λmax = 0.1198: overflows
FIGURES = {
    "bowl": (lambda lang: plot_bowl({"a": (X, Y, PLAIN), "b": (XC, Y, CENTRED), "c": (X, Y, HEAVY)}, lang), 3),
    "distances": (lambda lang: plot_eigen_distances({0.05: PLAIN, 0.11: ZIGZAG}, X, Y, lang), 4),
    "losses": (lambda lang: plot_losses({"a": PLAIN, "b": CENTRED, "c": HEAVY, "d": DIVERGING}, lang, 1e-6), 4),
    "paths": (lambda lang: plot_paths({"raw": (X, Y, {"a": PLAIN, "b": HEAVY}), "centred": (XC, Y, {"c": CENTRED})},
                                      lang), 3),
}


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures each test opens."""
    yield
    plt.close("all")


def labels(fig):
    """Return every title, axis label and legend entry of the figure, and its title, as one string."""
    parts = [fig.get_suptitle()]
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        parts += [text.get_text() for text in legend.get_texts()] if legend else []
    return " ".join(parts)


@pytest.mark.parametrize("name", FIGURES)
def test_figures_are_labelled_in_each_language(name):
    make, _ = FIGURES[name]
    spanish, english = labels(make("es")), labels(make("en"))
    assert spanish != english
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in make("es").axes[:1])


def test_spanish_labels_use_the_glossary():
    text = " ".join(labels(make("es")) for make, _ in FIGURES.values())
    for word in ["peso w", "sesgo b", "curvas de nivel", "dirección empinada", "dirección plana", "iteración",
                 "pérdida", "mínimo"]:
        assert word in text, word


def path_lines(fig):
    """Return the lines of the figure that have more than two points: runs, not reference lines."""
    return [line for ax in fig.axes for line in ax.get_lines() if len(line.get_xdata()) > 2]


@pytest.mark.parametrize("name", FIGURES)
def test_every_run_is_drawn(name):
    make, count = FIGURES[name]
    fig = make("en")
    runs = [line for line in path_lines(fig) if line.get_linestyle() == "-"]
    assert len(runs) == count


def test_the_bowl_panels_draw_each_run_where_it_went():
    fig = plot_bowl({"raw": (X, Y, PLAIN), "centred": (XC, Y, CENTRED)}, "en")
    for ax, h in zip(fig.axes, (PLAIN, CENTRED)):
        path = [line for line in ax.get_lines() if len(line.get_xdata()) == len(h.w)]
        assert len(path) == 1
        np.testing.assert_array_equal(path[0].get_xdata(), h.w)
        np.testing.assert_array_equal(path[0].get_ydata(), h.b)
        (w_low, w_high), (b_low, b_high) = ax.get_xlim(), ax.get_ylim()
        assert w_low <= h.w.min() and h.w.max() <= w_high and b_low <= h.b.min() and h.b.max() <= b_high


def test_the_paths_panels_draw_every_run_of_their_bowl_where_it_went():
    fig = plot_paths({"raw": (X, Y, {"plain": PLAIN, "heavy": HEAVY}), "centred": (XC, Y, {"c": CENTRED})}, "en")
    for ax, runs in zip(fig.axes, ({"plain": PLAIN, "heavy": HEAVY}, {"c": CENTRED})):
        drawn = {line.get_label(): line for line in ax.get_lines() if line.get_label() in runs}
        assert drawn.keys() == runs.keys()
        (w_low, w_high), (b_low, b_high) = ax.get_xlim(), ax.get_ylim()
        for label, h in runs.items():
            np.testing.assert_array_equal(drawn[label].get_xdata(), h.w)
            assert w_low <= h.w.min() and h.w.max() <= w_high and b_low <= h.b.min() and h.b.max() <= b_high
    assert [ax.get_title() for ax in fig.axes] == ["raw", "centred"]


def test_a_long_zigzag_is_drawn_thin_with_a_dot_every_10th_iteration():
    """At the best plain rate the path crosses the valley ~100 times: thick lines would fill a solid wedge."""
    long = gradient_descent(X, Y, best_lr(X, bias=True), 300, bias=True)
    fig = plot_bowl({"long": (X, Y, long), "short": (X, Y, ZIGZAG)}, "en")
    long_path, short_path = path_lines(fig)
    assert long_path.get_markevery() == 10 and long_path.get_linewidth() < short_path.get_linewidth()
    assert short_path.get_markevery() is None
    legends = [" ".join(t.get_text() for t in ax.get_legend().get_texts()) for ax in fig.axes]
    assert "a dot every 10 iterations" in legends[0] and "a dot every" not in legends[1]


def test_the_minimum_and_the_loss_of_the_bowl():
    assert minimum(X, Y, bias=True) == pytest.approx((2, 0), abs=1e-12)
    assert minimum(XC, Y, bias=True) == pytest.approx((2, 5), abs=1e-12)
    w, b = np.meshgrid(np.linspace(-1, 3, 7), np.linspace(-2, 2, 5))
    direct = np.mean((w[..., None] * X + b[..., None] - Y) ** 2, axis=-1)
    grid = loss_at(np.stack([w.ravel(), b.ravel()], axis=1), X, Y, bias=True).reshape(w.shape)
    np.testing.assert_allclose(grid, direct, rtol=1e-12, atol=1e-12)


def test_eigen_distances_shrink_by_the_theoretical_factor():
    flat, steep = eigen_distances(PLAIN, X, Y)
    lam_flat, lam_steep = 0.29939027, 16.70060973
    np.testing.assert_allclose(flat[1:] / flat[:-1], abs(1 - 0.05 * lam_flat), rtol=1e-4)
    np.testing.assert_allclose(steep[1:6] / steep[:5], abs(1 - 0.05 * lam_steep), rtol=1e-3)
    d = np.array([PLAIN.w[0] - 2, PLAIN.b[0]])
    assert np.hypot(flat[0], steep[0]) == pytest.approx(np.hypot(*d))
    assert flat[0] == pytest.approx(abs(d @ eigen_directions(X, bias=True)[:, 0]))


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        plot_losses({"a": PLAIN}, "fr")


def test_a_paths_panel_with_its_own_window_shows_that_box_and_keeps_retraced_paths_visible():
    box = ((-0.5, 3.5), (-1.0, 1.0))
    fig = plot_paths({"raw": (X, Y, {"plain": PLAIN, "heavy": HEAVY}, box)}, "en")
    ax = fig.axes[0]
    assert (ax.get_xlim(), ax.get_ylim()) == box and ax.get_aspect() == "auto"
    widths = {line.get_label(): line.get_linewidth() for line in ax.get_lines()}
    assert widths["plain"] > widths["heavy"]  # the earlier run is wider
