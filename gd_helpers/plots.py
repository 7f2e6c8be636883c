"""Static figures of gradient-descent runs, labelled in the notebook's language."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .text import words
from .theory import minimiser, mse


def style_loss_axis(ax, lang):
    """Label an axis that shows the loss per iteration on a log scale."""
    t = words(lang)
    ax.set_yscale("log", nonpositive="mask")  # a loss of exactly 0 ends the line instead of diving off the axis
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
    """Draw J(w) with the steps of each run in `runs` ({label: History}) on it."""
    w_all = np.concatenate([h.w for h in runs.values()] + [[minimiser(X, Y)]])
    margin = 0.15 * (w_all.max() - w_all.min()) or 1.0
    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    style_curve_axis(ax, X, Y, w_all.min() - margin, w_all.max() + margin, lang)
    for label, h in runs.items():
        ax.plot(h.w, mse(h.w, X, Y), marker="o", markersize=4, linewidth=0.8, label=label)
    ax.legend()
    return fig
