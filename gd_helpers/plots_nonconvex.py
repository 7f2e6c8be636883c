"""Static figures of lesson 06: the curve w·cos(πw) with runs on it, the saddle, the sharpness of a network."""
import matplotlib.pyplot as plt
import numpy as np

from .log_axis import label_powers_of_ten
from .nonconvex import HIGH, LOW, wave, wave_maxima, wave_minima
from .text import words

# The words of these figures, in the notebook's language (terms from the glossary).
WORDS = {
    "en": {
        "curve_title": "f(w) = w·cos(πw) and the steps of gradient descent",
        "steps_title": "Weight per iteration",
        "loss": "loss f(w)",
        "minima": "minima",
        "maximum": "maximum",
        "saddle_title": "Leaving the saddle f(w, b) = w² − b²",
        "distance_b": "|b| (log scale)",
        "escape": "|b| = 1",
        "sharpness_title": "Sharpness (largest eigenvalue of the Hessian)",
        "and_limits": " and 2/η",
        "sharpness": "sharpness",
        "limit": "2/η = {v:.3g}",
        "net_loss_title": "Loss per step (log scale)",
        "net_loss": "loss (MSE)",
        "step": "step",
        "diverges": "{label}: diverges at step {k}",
        "line_title": "Loss on the line between the networks of seeds {a} and {b}",
        "alpha": "α (0: first network, 1: second)",
    },
    "es": {
        "curve_title": "f(w) = w·cos(πw) y los pasos del descenso de gradiente",
        "steps_title": "Peso en cada iteración",
        "loss": "pérdida f(w)",
        "minima": "mínimos",
        "maximum": "máximo",
        "saddle_title": "Salir del punto de silla f(w, b) = w² − b²",
        "distance_b": "|b| (escala log.)",
        "escape": "|b| = 1",
        "sharpness_title": "Agudeza (mayor autovalor de la matriz hessiana)",
        "and_limits": " y 2/η",
        "sharpness": "agudeza",
        "limit": "2/η = {v:.3g}",
        "net_loss_title": "Pérdida en cada paso (escala log.)",
        "net_loss": "pérdida (MSE)",
        "step": "paso",
        "diverges": "{label}: diverge en el paso {k}",
        "line_title": "La pérdida en la recta entre las redes de las semillas {a} y {b}",
        "alpha": "α (0: primera red, 1: segunda)",
    },
}


def figure_words(lang):
    """Return the on-screen words for `lang` ("es" or "en") with lesson 06's figure words added."""
    return {**words(lang), **WORDS[lang]}


def plot_wave_runs(paths, lang):
    """Draw f(w) with each run's steps on it ({label: array of w}) and the weight per iteration."""
    t = figure_words(lang)
    fig, (curve, steps) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    ws = np.linspace(LOW, HIGH, 601)
    curve.plot(ws, wave(ws), color="black", linewidth=1.5, label="f(w)")
    for i, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=np.float64)
        curve.plot(path, wave(path), "o-", color=f"C{i}", markersize=3.5, linewidth=0.8, alpha=0.8, label=label)
        steps.plot(np.arange(len(path)), path, color=f"C{i}", linewidth=1.5, label=label)
    for w in wave_minima():
        curve.plot(w, wave(w), "*", color="black", markersize=13)
        steps.axhline(w, color="gray", linestyle="--", linewidth=1)
    for w in wave_maxima():
        curve.plot(w, wave(w), "^", color="gray", markersize=9)
        steps.axhline(w, color="gray", linestyle=":", linewidth=1)
    curve.plot([], [], "*", color="black", markersize=10, label=t["minima"])
    curve.plot([], [], "^", color="gray", markersize=8, label=t["maximum"])
    curve.set(xlim=(LOW, HIGH), xlabel=t["weight"], ylabel=t["loss"], title=t["curve_title"])
    steps.set(xlabel=t["iteration"], ylabel=t["weight"], title=t["steps_title"])
    for ax in (curve, steps):
        ax.grid(True, alpha=0.3)
    curve.legend(fontsize=8, loc="upper left")
    steps.legend(fontsize=8)
    return fig


def plot_saddle_escapes(runs, lang):
    """Plot |b| per iteration of saddle runs ({label: array of b}) on a log scale, with the line |b| = 1."""
    t = figure_words(lang)
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    for i, (label, b) in enumerate(runs.items()):
        ax.plot(np.arange(len(b)), np.abs(b), color=f"C{i}", linewidth=1.8, label=label)
    ax.axhline(1.0, color="gray", linestyle="--", linewidth=1, label=t["escape"])
    ax.set_yscale("log", nonpositive="mask")  # b = 0 exactly leaves no line
    label_powers_of_ten(ax.yaxis)
    ax.set(xlabel=t["iteration"], ylabel=t["distance_b"], title=t["saddle_title"])
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    return fig


def plot_sharpness(runs, lang):
    """Plot the sharpness against 2/η and the loss of network runs ({label: NetRun})."""
    t = figure_words(lang)
    fig, (sharp, loss) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
    limits = [2 / r.lr for r in runs.values() if r.optimizer == "sgd" and 2 / r.lr < 30]
    top = 1.15 * max([np.max(r.sharpness) for r in runs.values()] + limits)
    drawn = [2 / r.lr for r in runs.values() if r.optimizer == "sgd" and 2 / r.lr < top]
    for i, (label, run) in enumerate(runs.items()):
        colour = f"C{i}"
        if run.diverged_at is not None:
            label = t["diverges"].format(label=label, k=run.diverged_at)
        sharp.plot(run.checked, run.sharpness, "o-", color=colour, markersize=3, linewidth=1.6, label=label)
        if run.optimizer == "sgd" and 2 / run.lr < top:  # gradient descent's landmark, not Adam's
            sharp.axhline(2 / run.lr, color=colour, linestyle="--", linewidth=1.2,
                          label=t["limit"].format(v=2 / run.lr))
        loss.plot(np.arange(len(run.losses)), run.losses, color=colour, linewidth=1.2, label=label)
    title = t["sharpness_title"] + (t["and_limits"] if drawn else "")  # no 2/η line, no 2/η in the title
    sharp.set(ylim=(0, top), xlabel=t["step"], ylabel=t["sharpness"], title=title)
    loss.set_yscale("log")
    low = min(np.min(r.losses) for r in runs.values())
    loss.set_ylim(low / 2, 10.0)  # a diverging run leaves the panel at the top
    label_powers_of_ten(loss.yaxis)
    loss.set(xlabel=t["step"], ylabel=t["net_loss"], title=t["net_loss_title"])
    for ax in (sharp, loss):  # below the panels: inside, they would hide the lines at the edge
        ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    for ax in (sharp, loss):
        ax.grid(True, alpha=0.3)
    return fig


def plot_line(alphas, losses, seeds, lang):
    """Plot the loss along the line between the networks of two `seeds`, at the fractions `alphas`."""
    t = figure_words(lang)
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    ax.plot(alphas, losses, "o-", color="C0", markersize=3.5, linewidth=1.6)
    ax.set_yscale("log")
    label_powers_of_ten(ax.yaxis)
    ax.set(xlabel=t["alpha"], ylabel=t["net_loss"], title=t["line_title"].format(a=seeds[0], b=seeds[1]))
    ax.grid(True, alpha=0.3)
    return fig
