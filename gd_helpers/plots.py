"""Static figures of gradient-descent runs, labelled in the notebook's language."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

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


def epochs_of(values, h):
    """Return the epoch of each entry of `values` (h.w or h.loss): fractions of an epoch for mini-batches."""
    return np.arange(len(values)) / h.updates_per_epoch


def lines_by_epoch(ax, runs, value):
    """Draw value(h) for each run ({label: History}) against epochs, the first run on top."""
    for z, (label, h) in enumerate(runs.items()):
        ax.plot(epochs_of(h.w, h), value(h), linewidth=1, zorder=-z, label=label)


def plot_data(X, Y, w, lang):
    """Scatter the data (X, Y) and draw the fitted line y = w·x."""
    t = words(lang)
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.scatter(X, Y, s=12, alpha=0.6, label=t["data"])
    x = np.array([min(0.0, X.min()), X.max()])
    ax.plot(x, w * x, color="C3", linewidth=2, label=t["fit"].format(w=w))
    ax.set(xlabel=t["x"], ylabel=t["y"], title=t["data_title"])
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def plot_batch_runs(runs, lang):
    """Plot each run's loss against epochs and against iterations ({label: History})."""
    t = words(lang)
    fig, (ax_epoch, ax_update) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax in (ax_epoch, ax_update):
        style_loss_axis(ax, lang)
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
    for z, (label, h) in enumerate(runs.items()):
        ax_epoch.plot(epochs_of(h.loss, h), h.loss, linewidth=1, zorder=-z, label=label)
        ax_update.plot(np.arange(1, len(h.loss) + 1), h.loss, linewidth=1, zorder=-z, label=label)
    ax_epoch.set(xlabel=t["epoch"], title=t["loss_by_epoch"])
    ax_update.set_xscale("log")
    ax_update.set(xlabel=t["update_axis"], title=t["loss_by_update"])
    ax_epoch.legend()
    return fig


def plot_weights(runs, w_star, lang):
    """Plot each run's weight against epochs ({label: History}), with w* as a dashed line."""
    t = words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    style_weight_axis(ax, w_star, lang)
    lines_by_epoch(ax, runs, lambda h: h.w)
    ax.set(xlabel=t["epoch"], title=t["weight_by_epoch"])
    ax.legend()
    return fig


def plot_distance(runs, w_star, lang):
    """Plot each run's distance to the minimum |w − w*| against epochs on a log scale."""
    t = words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    lines_by_epoch(ax, runs, lambda h: np.abs(h.w - w_star))
    ax.set_yscale("log", nonpositive="mask")
    ax.set(xlabel=t["epoch"], ylabel=t["distance"], title=t["distance_title"])
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def plot_noise_floor(runs, X, Y, lang):
    """Plot each run's excess loss J(w) − J(w*), averaged over each epoch, on a log scale."""
    t = words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    floor = mse(minimiser(X, Y), X, Y)
    for label, h in runs.items():
        excess = (mse(h.w[1:], X, Y) - floor).reshape(-1, h.updates_per_epoch).mean(axis=1)
        ax.plot(np.arange(1, len(excess) + 1), excess, marker=".", linewidth=1, label=label)
    ax.set_yscale("log", nonpositive="mask")
    ax.set(xlabel=t["epoch"], ylabel=t["excess"], title=t["noise_title"])
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, ncols=2)
    return fig
