"""The explorer's right-hand panel: the loss curve J(w) for one weight, the bowl J(w, b) for two."""
import numpy as np

from .dynamics import loss_at, minimum
from .plots import style_curve_axis
from .plots2d import draw_bowl, figure_words
from .text import words
from .theory2d import eigen_directions


REACH = 100  # adaptive steps stay bounded: a path that leaves may come back, so draw it (clipped) this far out


def widen(low, high, reach):
    """Return the range [low, high] widened by `reach` times its width on each side."""
    return low - reach * (high - low), high + reach * (high - low)


def until_outside(values, low, high):
    """Return how many leading values to draw: up to and including the first one outside [low, high]."""
    outside = ~((values >= low) & (values <= high))
    return int(np.argmax(outside)) + 1 if outside.any() else len(values)


def box(X, Y, start, bias=False):
    """Return the parameter box to show: centred on the minimum, the start well inside, room to overshoot."""
    star = minimum(X, Y, bias)
    half = 2.5 * (np.max(np.abs(np.asarray(start[:len(star)]) - star)) or 1.0)
    return [(p - half, p + half) for p in star]


class CurvePanel:
    """The loss curve J(w) with the visited weights on it."""

    def __init__(self, ax, X, Y, start, lang):
        self.X, self.Y = X, Y
        (self.w_limits,) = box(X, Y, start)
        style_curve_axis(ax, X, Y, *self.w_limits, lang)
        bottom = 0.9 * float(loss_at(minimum(X, Y), X, Y)[0])
        top = 2.5 * float(loss_at(start[:1], X, Y)[0])
        ax.set_ylim(bottom, top if top > bottom else float(loss_at(self.w_limits[1], X, Y)[0]))
        self.artist = ax.plot([], [], color="C0", marker="o", markersize=4, linewidth=0.8)[0]

    def update(self, h):
        """Put the run's weights on the curve, up to where they leave the panel."""
        shown = h.w[:until_outside(h.w, *self.w_limits)]
        self.artist.set_data(shown, loss_at(shown, self.X, self.Y))


class BowlPanel:
    """Contour lines of J(w, b), its steep and flat directions, and the visited (w, b)."""

    def __init__(self, ax, X, Y, start, lang):
        t = words(lang)
        self.limits = box(X, Y, start, bias=True)
        draw_bowl(ax, X, Y, self.limits, figure_words(lang))  # the same bowl as lesson 04's figures
        star, (_, high) = minimum(X, Y, True), self.limits[0]
        for (dw, db), key in zip(eigen_directions(X, bias=True).T, ("flat", "steep")):
            reach = 0.8 * (high - star[0])
            ax.annotate(t[key], (star[0] + reach * dw, star[1] + reach * db), fontsize=10, ha="center",
                        va="center", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        ax.set_title(t["bowl_title"])
        self.artist = ax.plot([], [], color="C3", marker="o", markersize=2.5, linewidth=0.8)[0]

    def update(self, h):
        """Draw the run's (w, b) path, up to where it leaves the panel (far beyond it for adaptive runs)."""
        reach = 0 if h.effective_lr is None else REACH
        (w_low, w_high), (b_low, b_high) = (widen(*limits, reach) for limits in self.limits)
        n = min(until_outside(h.w, w_low, w_high), until_outside(h.b, b_low, b_high))
        self.artist.set_data(h.w[:n], h.b[:n])
