"""Static figures of gradient-descent runs, labelled in the notebook's language."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, MaxNLocator, NullFormatter

from .checks import check_choice, check_data, check_number, check_runs
from .log_axis import label_powers_of_ten
from .text import words
from .theory import minimiser, mse


def style_loss_axis(ax, lang):
    """Label an axis that shows the loss per iteration on a log scale."""
    t = words(lang)
    ax.set_yscale("log", nonpositive="mask")  # a loss of exactly 0 ends the line instead of diving off the axis
    label_powers_of_ten(ax.yaxis)
    ax.set(xlabel=t["iteration"], ylabel=t["loss"], title=t["loss_title"])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.grid(True, which="major", alpha=0.3)


def style_weight_axis(ax, w_star, lang):
    """Label an axis that shows the weight per iteration, with w* as a dashed line."""
    t = words(lang)
    ax.axhline(w_star, color="gray", linestyle="--", linewidth=1, label=t["w_star"])
    ax.set(xlabel=t["iteration"], ylabel=t["weight"], title=t["weight_title"])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.grid(True, alpha=0.3)


def style_curve_axis(ax, X, Y, w_low, w_high, lang):
    """Draw the loss curve J(w) between w_low and w_high and label the axis."""
    t = words(lang)
    w = np.linspace(w_low, w_high, 200)
    ax.plot(w, mse(w, X, Y), color="black", linewidth=1.5, label=t["curve"])
    ax.axvline(minimiser(X, Y), color="gray", linestyle="--", linewidth=1, label=t["w_star"])
    ax.set(xlabel=t["weight"], ylabel=t["loss"], title=t["curve_title"], xlim=(w_low, w_high))
    ax.grid(True, alpha=0.3)


def plot_runs(runs, X, Y, lang):
    """Plot the loss and the weight per iteration of each run in `runs` ({label: History})."""
    runs, (X, Y) = check_runs(runs), check_data(X, Y, dtype=None)
    words(lang)  # checks lang before any figure is made
    fig, (ax_loss, ax_w) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    style_loss_axis(ax_loss, lang)
    style_weight_axis(ax_w, minimiser(X, Y), lang)
    for label, h in runs.items():
        ax_loss.plot(np.arange(len(h.loss)), h.loss, marker="o", markersize=3, label=label)
        ax_w.plot(np.arange(len(h.w)), h.w, marker="o", markersize=3, label=label)
    ax_loss.legend()
    ax_w.legend()
    return fig


def plot_loss_curve(runs, X, Y, lang):
    """Draw J(w) in one panel per run in `runs` ({label: History}), with that run's steps on it."""
    runs, (X, Y), t = check_runs(runs), check_data(X, Y, dtype=None), words(lang)
    w_all = np.concatenate([h.w for h in runs.values()] + [[minimiser(X, Y)]])
    margin = 0.15 * (w_all.max() - w_all.min()) or 1.0
    fig, axes = plt.subplots(1, len(runs), figsize=(3.8 * len(runs), 4), sharey=True,
                             layout="constrained", squeeze=False)
    for i, (ax, (label, h)) in enumerate(zip(axes[0], runs.items())):
        style_curve_axis(ax, X, Y, w_all.min() - margin, w_all.max() + margin, lang)
        loss = mse(h.w, X, Y)
        ax.plot(h.w, loss, color=f"C{i}", marker="o", markersize=4, linewidth=0.8, label=t["measured"])
        for k in range(min(3, len(h.w))):  # number the first steps, so that their order shows
            ax.annotate(f"{k}", (h.w[k], loss[k]), xytext=(5, 3), textcoords="offset points",
                        color=f"C{i}", fontsize=9, fontweight="bold")
        ax.set_title(label, fontsize=10)
        ax.set_ylabel(t["loss"] if i == 0 else "")
    axes[0, 0].legend(loc="upper center")
    fig.suptitle(t["curve_title"])
    return fig


def epochs_of(values, h):
    """Return the epoch of each entry of `values` (h.w or h.loss): fractions of an epoch for mini-batches."""
    return np.arange(len(values)) / h.updates_per_epoch


def noisiest(runs):
    """Return the labels of the runs with the most updates per epoch, unless all runs have as many."""
    most = max(h.updates_per_epoch for h in runs.values())
    if all(h.updates_per_epoch == most for h in runs.values()):
        return set()
    return {label for label, h in runs.items() if h.updates_per_epoch == most}


def run_style(i, faint):
    """Return the line keywords of the i-th run: faint and underneath for the noisiest runs."""
    if faint:
        return {"color": f"C{i}", "linewidth": 0.7, "alpha": 0.35, "zorder": -10}
    return {"color": f"C{i}", "linewidth": 1.6, "zorder": -i}


def opaque_legend(ax, **options):
    """Draw the axis legend with thick lines; a run drawn faint stays faint, but less so."""
    legend = ax.legend(**options)
    for line in legend.get_lines():
        line.set_alpha(min(1, 1.6 * (line.get_alpha() or 1)))
        line.set_linewidth(2.5)


def lines_by_epoch(ax, runs, value):
    """Draw value(h) for each run ({label: History}) against epochs, the noisiest faint underneath."""
    faint = noisiest(runs)
    for i, (label, h) in enumerate(runs.items()):
        ax.plot(epochs_of(h.w, h), value(h), label=label, **run_style(i, label in faint))


def plot_data(X, Y, w, lang):
    """Scatter the data (X, Y) and draw the fitted line y = w·x."""
    (X, Y), w, t = check_data(X, Y, dtype=None), check_number("w", w), words(lang)
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.scatter(X, Y, s=12, alpha=0.6, label=t["data"])
    x = np.array([min(0.0, X.min()), X.max()])
    ax.plot(x, w * x, color="C3", linewidth=2, label=t["fit"].format(w=w))
    ax.set(xlabel=t["x"], ylabel=t["y"], title=t["data_title"])
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def plot_batch_runs(runs, X, Y, lang):
    """Plot each run's loss on (X, Y), from w0 to its last weight, against epochs and iterations."""
    runs, (X, Y), t = check_runs(runs), check_data(X, Y, dtype=None), words(lang)
    fig, (ax_epoch, ax_update) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax in (ax_epoch, ax_update):
        style_loss_axis(ax, lang)
        ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 3, 5)))  # 0.3, 0.5, 1, 2, ...: no crowding
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    faint = noisiest(runs)
    for i, (label, h) in enumerate(runs.items()):
        style = run_style(i, label in faint)
        loss = mse(h.w, X, Y)  # every weight's loss, the last one included
        ax_epoch.plot(epochs_of(h.w, h), loss, label=label, **style)
        ax_update.plot(np.arange(1, len(loss) + 1), loss, **style)
    ax_epoch.set(xlabel=t["epoch"], title=t["loss_by_epoch"])
    ax_update.set_xscale("log")
    label_powers_of_ten(ax_update.xaxis)
    ax_update.set(xlabel=t["update_axis"], title=t["loss_by_update"])
    opaque_legend(ax_epoch)
    return fig


def plot_weights(runs, w_star, lang):
    """Plot each run's weight against epochs ({label: History}), with w* as a dashed line."""
    runs, w_star, t = check_runs(runs), check_number("w_star", w_star), words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    style_weight_axis(ax, w_star, lang)
    lines_by_epoch(ax, runs, lambda h: h.w)
    ax.set(xlabel=t["epoch"], title=t["weight_by_epoch"])
    opaque_legend(ax)
    return fig


def plot_distance(runs, w_star, lang):
    """Plot each run's distance to the minimum |w − w*| against epochs on a log scale."""
    runs, w_star, t = check_runs(runs), check_number("w_star", w_star), words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    lines_by_epoch(ax, runs, lambda h: np.abs(h.w - w_star))
    ax.set_yscale("log", nonpositive="mask")
    label_powers_of_ten(ax.yaxis)
    ax.set(xlabel=t["epoch"], ylabel=t["distance"], title=t["distance_title"])
    ax.grid(True, alpha=0.3)
    opaque_legend(ax)
    return fig


# Words of the lesson-03 figures that text.py does not hold.
FIGURE_WORDS = {
    "en": {"decay_title": "SGD: constant against decaying learning rate",
           "rate_title": "The rate at each iteration"},
    "es": {"decay_title": "SGD: tasa de aprendizaje constante frente a decreciente",
           "rate_title": "La tasa en cada iteración"},
}
MARKERS = "os^Dvp"


def figure_words(lang):
    """Return the lesson-03 figure words for `lang` ("es" or "en")."""
    return FIGURE_WORDS[check_choice("lang", lang, tuple(FIGURE_WORDS))]


def excess_lines(ax, curves, lang, title):
    """Draw each epoch-mean excess loss of `curves` ({label: values}) on a log axis; return the largest."""
    t = words(lang)
    for i, (label, excess) in enumerate(curves.items()):
        ax.plot(np.arange(1, len(excess) + 1), excess, color=f"C{i}", marker=MARKERS[i % len(MARKERS)],
                markersize=4, linewidth=1.2, label=label)
    ax.set_yscale("log", nonpositive="mask")
    label_powers_of_ten(ax.yaxis)
    ax.set(xlabel=t["epoch"], ylabel=t["excess"], title=title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, loc="upper center", ncols=len(curves))  # in the headroom above the lines
    return max(np.nanmax(excess, initial=0) for excess in curves.values())


def plot_epoch_excess(panels, lang):
    """Plot epoch-mean excess losses side by side: {panel title: {label: excess loss of each epoch}}."""
    t = words(lang)
    fig, axes = plt.subplots(1, len(panels), figsize=(8 if len(panels) == 1 else 5.5 * len(panels), 4),
                             sharey=True, layout="constrained", squeeze=False)
    top = 0
    for ax, (title, curves) in zip(axes[0], panels.items()):
        top = max(top, excess_lines(ax, curves, lang, title))
    for ax in axes[0, 1:]:
        ax.set_ylabel("")
    if top > 0:
        axes[0, 0].set_ylim(top=6 * top)  # the y axis is shared: headroom for the legends
    if len(panels) > 1:
        fig.suptitle(t["noise_title"])
    return fig


def plot_decay(curves, rates, updates_per_epoch, lang):
    """Plot epoch-mean excess losses ({label: values}) beside each run's learning rate per iteration."""
    t, f = words(lang), figure_words(lang)
    fig, (ax, ax_rate) = plt.subplots(1, 2, figsize=(11, 4), width_ratios=(2, 1), layout="constrained")
    top = excess_lines(ax, curves, lang, f["decay_title"])
    if top > 0:
        ax.set_ylim(top=6 * top)  # headroom for the legend
    for i, rate in enumerate(rates.values()):  # the colours of the excess-loss lines, in the same order
        ax_rate.plot(np.arange(len(rate)) / updates_per_epoch, rate, color=f"C{i}", linewidth=1.6)
    ax_rate.set_yscale("log")
    label_powers_of_ten(ax_rate.yaxis)
    ax_rate.set(xlabel=t["epoch"], ylabel=t["lr"], title=f["rate_title"])
    ax_rate.grid(True, alpha=0.3)
    return fig
