"""Static figures of lesson 04: the bowl J(w, b), the steep and flat directions, the loss of 2-D runs."""
import matplotlib.pyplot as plt
import numpy as np

from .checks import check_choice
from .dynamics import loss_at, minimum
from .theory2d import eigen_directions, eigenvalues

MANY_CROSSINGS = 40  # a path that crosses the valley visibly more often: thin lines, a dot every DOT_EVERY
DOT_EVERY = 10

# The words of these figures, in the notebook's language (terms from the glossary).
WORDS = {
    "en": {
        "bowl_title": "The loss J(w, b): contour lines and the path of (w, b)",
        "weight": "weight w",
        "bias": "bias b",
        "path": "(w, b) per iteration",
        "path_every": "(w, b): a dot every {n} iterations",
        "start": "start",
        "minimum": "minimum",
        "steep": "steep direction (λ = {lam:.3g})",
        "flat": "flat direction (λ = {lam:.3g})",
        "distance_title": "Distance to the minimum along the steep and the flat direction",
        "iteration": "iteration",
        "distance": "distance to the minimum (log scale)",
        "measured": "{direction}, measured",
        "theory": "theory: × |1 − lr·λ| per step",
        "steep_short": "steep",
        "flat_short": "flat",
        "loss": "loss J(w, b) (MSE, log scale)",
        "loss_title": "Loss per iteration",
        "threshold": "loss = {value:g}",
        "paths_title": "Contour lines of J(w, b) and the path of (w, b) of each method",
    },
    "es": {
        "bowl_title": "La pérdida J(w, b): curvas de nivel y el camino de (w, b)",
        "weight": "peso w",
        "bias": "sesgo b",
        "path": "(w, b) en cada iteración",
        "path_every": "(w, b): un punto cada {n} iteraciones",
        "start": "inicio",
        "minimum": "mínimo",
        "steep": "dirección empinada (λ = {lam:.3g})",
        "flat": "dirección plana (λ = {lam:.3g})",
        "distance_title": "Distancia al mínimo en la dirección empinada y en la plana",
        "iteration": "iteración",
        "distance": "distancia al mínimo (escala log.)",
        "measured": "{direction}, medida",
        "theory": "teoría: × |1 − lr·λ| por paso",
        "steep_short": "empinada",
        "flat_short": "plana",
        "loss": "pérdida J(w, b) (MSE, escala log.)",
        "loss_title": "Pérdida por iteración",
        "threshold": "pérdida = {value:g}",
        "paths_title": "Curvas de nivel de J(w, b) y el camino de (w, b) de cada método",
    },
}


def figure_words(lang):
    """Return the lesson-04 figure words for `lang` ("es" or "en")."""
    return WORDS[check_choice("lang", lang, tuple(WORDS))]


def window(paths, star):
    """Return the square (w, b) box around the minimum that holds every finite point of `paths`."""
    points = np.concatenate([p[np.all(np.isfinite(p), axis=1)] for p in paths] + [[star]])
    half = 1.15 * np.max(np.abs(points - star)) or 1.0
    return [(c - half, c + half) for c in star]


def draw_bowl(ax, X, Y, limits, t):
    """Draw the contour lines of J(w, b) in `limits`, its minimum and its two eigen-directions."""
    (w_low, w_high), (b_low, b_high) = limits
    w, b = np.meshgrid(np.linspace(w_low, w_high, 200), np.linspace(b_low, b_high, 200))
    J = loss_at(np.stack([w.ravel(), b.ravel()], axis=1), X, Y, bias=True).reshape(w.shape)
    star = minimum(X, Y, bias=True)
    floor = float(loss_at(star, X, Y, bias=True)[0])
    levels = floor + np.geomspace(1e-3, 1, 12) * (J.max() - floor)  # log-spaced: the narrow valley shows
    ax.contourf(w, b, J, levels=[floor, *levels], cmap="Blues", alpha=0.4)
    ax.contour(w, b, J, levels=levels, colors="steelblue", linewidths=0.6)
    lams = eigenvalues(X, bias=True)
    reach = max(w_high - star[0], star[0] - w_low, b_high - star[1], star[1] - b_low)  # to every edge
    for (dw, db), lam, key, style in zip(eigen_directions(X, bias=True).T, lams, ("flat", "steep"),
                                         (":", "--")):
        ax.plot(star[0] + reach * np.array([-dw, dw]) * 1.5, star[1] + reach * np.array([-db, db]) * 1.5,
                color="black", linestyle=style, linewidth=1.2, label=t[key].format(lam=lam))
    ax.plot(*star, marker="*", markersize=14, color="gold", markeredgecolor="black", linestyle="none",
            label=t["minimum"], zorder=5)
    ax.set(xlim=(w_low, w_high), ylim=(b_low, b_high), xlabel=t["weight"], ylabel=t["bias"], aspect="equal")


def valley_crossings(h, X, Y, limits):
    """Return how many steps of the run h cross the valley (the flat direction) by a visible distance."""
    d = np.column_stack([h.w, h.b]).astype(np.float64) - minimum(X, Y, bias=True)
    steep = eigen_directions(X, bias=True)[:, 1]
    across = d[:, 0] * steep[0] + d[:, 1] * steep[1]   # signed distance across the valley
    visible = np.abs(across) > 0.01 * (limits[0][1] - limits[0][0])
    return int(np.count_nonzero(visible[1:] & (np.sign(across[1:]) != np.sign(across[:-1]))))


def draw_path(ax, h, X, Y, limits, t):
    """Draw the path of (w, b): every point, or thin lines and a dot every 10th when it zigzags for long."""
    if valley_crossings(h, X, Y, limits) <= MANY_CROSSINGS:
        ax.plot(h.w, h.b, color="C3", marker="o", markersize=2.5, linewidth=0.8, label=t["path"], zorder=4)
        return
    # Hundreds of zigzag segments drawn thick fill a solid wedge: thin lines show the fan, dots the progress.
    ax.plot(h.w, h.b, color="C3", marker="o", markersize=3.5, markevery=DOT_EVERY, linewidth=0.3,
            label=t["path_every"].format(n=DOT_EVERY), zorder=4)


def same_data(runs):
    """Return True if every run of `runs` ({label: (X, Y, History)}) fits the same data."""
    (X0, Y0, _), *others = runs.values()
    return all(np.array_equal(X, X0) and np.array_equal(Y, Y0) for X, Y, _ in others)


def plot_bowl(runs, lang):
    """Draw one bowl panel per run ({label: (X, Y, History)}): contours, directions and the path of (w, b)."""
    t = figure_words(lang)
    fig, axes = plt.subplots(1, len(runs), figsize=(5.2 * len(runs), 5.4), layout="constrained",
                             squeeze=False)
    paths = {label: np.column_stack([h.w, h.b]) for label, (_, _, h) in runs.items()}
    shared = same_data(runs)  # one data set: the same window in every panel, so that sizes compare
    for ax, (label, (X, Y, h)) in zip(axes[0], runs.items()):
        star = minimum(X, Y, bias=True)
        limits = window(list(paths.values()) if shared else [paths[label]], star)
        draw_bowl(ax, X, Y, limits, t)
        draw_path(ax, h, X, Y, limits, t)
        ax.plot(h.w[0], h.b[0], marker="s", markersize=7, color="C3", linestyle="none", label=t["start"],
                zorder=5)
        ax.set_title(label, fontsize=11)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=9, ncols=2)
    fig.suptitle(t["bowl_title"])
    # One layout pass now: the first pass alone leaves the square panels' titles under the suptitle when
    # the legends below are wider than the panels (the Spanish ones).
    fig.draw_without_rendering()
    return fig


def eigen_distances(h, X, Y):
    """Return |component of (w, b) − minimum| along the flat and the steep direction at every step."""
    d = np.column_stack([h.w, h.b]).astype(np.float64) - minimum(X, Y, bias=True)
    flat, steep = eigen_directions(X, bias=True).T
    return np.abs(d[:, 0] * flat[0] + d[:, 1] * flat[1]), np.abs(d[:, 0] * steep[0] + d[:, 1] * steep[1])


def plot_eigen_distances(runs, X, Y, lang):
    """Plot the distance to the minimum along each direction for plain runs ({lr: History}), with theory."""
    t = figure_words(lang)
    fig, axes = plt.subplots(1, len(runs), figsize=(5.5 * len(runs), 4), sharey=True, layout="constrained",
                             squeeze=False)
    lams = eigenvalues(X, bias=True)
    for ax, (lr, h) in zip(axes[0], runs.items()):
        k = np.arange(len(h.w))
        for distance, lam, key, colour in zip(eigen_distances(h, X, Y), lams, ("flat", "steep"), ("C0", "C3")):
            direction = t[f"{key}_short"]
            ax.plot(k, distance, color=colour, linewidth=2, label=t["measured"].format(direction=direction))
            with np.errstate(over="ignore"):
                theory = distance[0] * np.abs(1 - lr * lam) ** k
            ax.plot(k, theory, color="black", linestyle="--", linewidth=1,
                    label=t["theory"] if key == "steep" else None)
        ax.set_yscale("log")
        ax.set(xlabel=t["iteration"], title=f"lr = {lr:g}")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=9)
    axes[0, 0].set_ylabel(t["distance"])
    fig.suptitle(t["distance_title"])
    return fig


def plot_losses(runs, lang, threshold=None):
    """Plot the loss per iteration of each run ({label: History}) on a log scale, with a threshold line."""
    t = figure_words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    for i, (label, h) in enumerate(runs.items()):
        ax.plot(np.arange(len(h.loss)), h.loss, color=f"C{i}", linewidth=1.8, label=label)
    if threshold is not None:
        ax.axhline(threshold, color="gray", linestyle="--", linewidth=1, label=t["threshold"].format(value=threshold))
    ax.set_yscale("log", nonpositive="mask")  # a loss of exactly 0 ends its line
    ax.set(xlabel=t["iteration"], ylabel=t["loss"], title=t["loss_title"])
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    return fig


def plot_paths(bowls, lang):
    """Draw one bowl per panel ({title: (X, Y, {label: History})}) with the path of every run on it.

    A panel's tuple may end with its window ((w_low, w_high), (b_low, b_high)): that panel shows only that
    box, stretched to fill the panel (w and b then have different scales). Earlier runs are drawn wider,
    so a later path that retraces an earlier one leaves it visible.
    """
    t = figure_words(lang)
    fig, axes = plt.subplots(1, len(bowls), figsize=(5.6 * len(bowls), 6.2), layout="constrained",
                             squeeze=False)
    for ax, (title, (X, Y, runs, *box)) in zip(axes[0], bowls.items()):
        star = minimum(X, Y, bias=True)
        limits = box[0] if box else window([np.column_stack([h.w, h.b]) for h in runs.values()], star)
        draw_bowl(ax, X, Y, limits, t)
        if box:
            ax.set_aspect("auto")
        for i, (label, h) in enumerate(runs.items()):
            wide = len(runs) - 1 - i  # 0 for the last run
            ax.plot(h.w, h.b, color=f"C{i + 1}", marker="o", markersize=2 + 0.5 * wide,
                    linewidth=0.8 + 0.35 * wide, label=label, zorder=4)
        first = next(iter(runs.values()))
        ax.plot(first.w[0], first.b[0], marker="s", markersize=7, color="black", linestyle="none",
                label=t["start"], zorder=5)
        ax.set_title(title, fontsize=11)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=9, ncols=2)
    fig.suptitle(t["paths_title"])
    fig.draw_without_rendering()  # one layout pass, as in plot_bowl
    return fig
