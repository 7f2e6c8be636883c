"""Helper-made figures speak the notebook's language and draw every run."""
import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from gd_helpers.log_axis import label_powers_of_ten  # noqa: E402
from gd_helpers.plots import plot_decay, plot_epoch_excess  # noqa: E402
from gd_helpers import (gradient_descent, plot_batch_runs, plot_data, plot_distance, plot_loss_curve,  # noqa: E402
                        plot_runs, plot_weights, seed_data)

X, Y = seed_data()
RUNS = {"a": gradient_descent(X, Y, 0.01, 5), "b": gradient_descent(X, Y, 0.02, 3, batch_size=2)}
CURVES = {"constant": [0.3, 0.2, 0.2], "decaying": [0.1, 0.05, 0.02]}  # excess loss per epoch
RATES = {"constant": [0.2] * 6, "decaying": [0.2, 0.1, 0.067, 0.05, 0.04, 0.033]}  # per iteration
FIGURES = [
    lambda lang: plot_runs(RUNS, X, Y, lang),
    lambda lang: plot_loss_curve(RUNS, X, Y, lang),
    lambda lang: plot_data(X, Y, 2.0, lang),
    lambda lang: plot_batch_runs(RUNS, X, Y, lang),
    lambda lang: plot_weights(RUNS, 2.0, lang),
    lambda lang: plot_distance(RUNS, 2.0, lang),
    lambda lang: plot_epoch_excess({"a": CURVES, "b": CURVES}, lang),
    lambda lang: plot_decay(CURVES, RATES, 2, lang),
]


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures each test opens."""
    yield
    plt.close("all")


def labels(fig):
    """Return every title and axis label of the figure as one string."""
    return " ".join(f"{ax.get_title()} {ax.get_xlabel()} {ax.get_ylabel()}" for ax in fig.axes)


@pytest.mark.parametrize("make", FIGURES)
def test_figures_are_labelled_in_each_language(make):
    spanish, english = labels(make("es")), labels(make("en"))
    assert spanish != english
    assert all(ax.get_title() and ax.get_xlabel() for ax in make("es").axes)


def test_spanish_labels_use_the_glossary():
    text = labels(plot_runs(RUNS, X, Y, "es")) + labels(plot_batch_runs(RUNS, X, Y, "es"))
    for word in ["Pérdida", "iteración", "peso", "época"]:
        assert word in text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        plot_runs(RUNS, X, Y, "fr")


def test_log_axes_label_powers_of_ten_in_plain_text():
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.set_ylim(0.011, 0.09)  # less than a decade: the ticks between powers get labels too
    label_powers_of_ten(ax.yaxis)
    fig.canvas.draw()
    assert [label.get_text() for label in ax.get_yticklabels()] == ["10⁻²", "10⁻¹"]
    assert "2×10⁻²" in [label.get_text() for label in ax.get_yticklabels(minor=True)]


def test_the_decay_figure_draws_each_rate_in_its_runs_colour():
    fig = plot_decay(CURVES, RATES, 2, "en")
    ax_loss, ax_rate = fig.axes
    assert [line.get_color() for line in ax_rate.get_lines()] == [line.get_color() for line in ax_loss.get_lines()]
    assert list(ax_rate.get_lines()[1].get_xdata()) == [0, 0.5, 1, 1.5, 2, 2.5]  # epochs: 2 iterations each
    assert ax_rate.get_yscale() == "log"
