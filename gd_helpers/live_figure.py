"""A persistent figure of one run that redraws in a few milliseconds, for the explorer."""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .plots import style_curve_axis, style_loss_axis, style_weight_axis
from .text import words
from .theory import minimiser, mse

ZONES = (("zone_converges", "#d9f0d3"), ("zone_oscillates", "#fee8a8"), ("zone_diverges", "#f8c9c4"))


def view_limits(X, Y, w0):
    """Return fixed (w_low, w_high) and (loss_low, loss_high): divergent runs get clipped, not rescaled."""
    w_star = minimiser(X, Y)
    span = 2.5 * (abs(w0 - w_star) or 1.0)
    loss_star, loss_0 = float(mse(w_star, X, Y)), float(mse(w0, X, Y))
    top = 100 * max(loss_0, loss_star, 1e-12)
    bottom = 0.5 * loss_star if loss_star > 1e-11 * top else 1e-17 * top  # float32 runs reach about 1e-15·J(w0)
    return (w_star - span, w_star + span), (bottom, top)


def curve_limits(X, Y, w0, w_high):
    """Return loss limits for the J(w) panel that show w0's height with room for an overshoot."""
    bottom = 0.9 * float(mse(minimiser(X, Y), X, Y))
    top = 2.5 * float(mse(w0, X, Y))
    return bottom, top if top > bottom else float(mse(w_high, X, Y))


class LiveFigure:
    """Loss, weight and loss-curve panels plus a learning-rate strip, redrawn by blitting."""

    def __init__(self, X, Y, lang, w0=0.0, lr_range=(1e-3, 1.0)):
        self.X, self.Y, self.t = X, Y, words(lang)
        self.fig = Figure(figsize=(12, 4.6), dpi=90, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        grid = self.fig.add_gridspec(2, 3, height_ratios=[6, 1])
        self.ax_loss, self.ax_w, self.ax_curve = (self.fig.add_subplot(grid[0, i]) for i in range(3))
        self.ax_lr = self.fig.add_subplot(grid[1, :])
        (w_low, w_high), loss_limits = view_limits(X, Y, w0)
        style_loss_axis(self.ax_loss, lang)
        style_weight_axis(self.ax_w, minimiser(X, Y), lang)
        style_curve_axis(self.ax_curve, X, Y, w_low, w_high, lang)
        self.ax_loss.set_ylim(loss_limits)
        self.ax_w.set_ylim(w_low, w_high)
        self.ax_curve.set_ylim(curve_limits(X, Y, w0, w_high))
        self.ax_lr.set(xscale="log", xlim=lr_range, ylim=(0, 1), yticks=[], xlabel=self.t["lr_axis"])
        self.landmarks = []
        self.artists = self._dynamic_artists()
        self.legend = None
        self.background = None
        self.per_epoch = 1

    def _dynamic_artists(self):
        """Create the artists that change on every redraw; blitting draws only these."""
        t = self.t
        artists = {
            "loss": self.ax_loss.plot([], [], color="C0", marker=".", markersize=4)[0],
            "w": self.ax_w.plot([], [], color="C0", marker=".", markersize=4, label=t["measured"])[0],
            "theory": self.ax_w.plot([], [], color="C3", linestyle="--", linewidth=1, label=t["theory"])[0],
            "steps": self.ax_curve.plot([], [], color="C0", marker="o", markersize=4, linewidth=0.8)[0],
            "note": self.ax_loss.text(0.03, 0.04, "", transform=self.ax_loss.transAxes, color="crimson",
                                      fontsize=10, fontweight="bold"),
            "lr": self.ax_lr.plot([], [], marker="v", markersize=11, markevery=[1], linewidth=2.5, color="black",
                                  clip_on=False)[0],
        }
        for artist in artists.values():
            artist.set_animated(True)
            artist.set_in_layout(False)  # the layout must not depend on what was drawn before
        return artists

    def set_landmarks(self, fastest, critical, batch_limit=None):
        """Colour the learning-rate strip by regime, mark 1/L and 2/L, and the worst batch's limit if given."""
        for artist in self.landmarks:
            artist.remove()
        ax, (low, high) = self.ax_lr, self.ax_lr.get_xlim()
        edges = np.clip([low, fastest, critical, high], low, high)
        self.landmarks = []
        for (key, colour), left, right in zip(ZONES, edges, edges[1:]):
            if left < right:
                self.landmarks.append(ax.axvspan(left, right, color=colour))
                self.landmarks.append(ax.text(np.sqrt(left * right), 0.72, self.t[key], ha="center", va="center"))
        for value, name in ((fastest, "1/L"), (critical, "2/L")):
            if low < value < high:
                self.landmarks.append(ax.axvline(value, color="black", linewidth=1))
                self.landmarks.append(ax.text(value * 1.03, 0.25, f"{name} = {value:.3g}", va="center", fontsize=9))
        if batch_limit is not None and low < batch_limit < high:
            self.landmarks.append(ax.axvline(batch_limit, color="crimson", linestyle="--", linewidth=1.5))
            self.landmarks.append(ax.text(batch_limit / 1.03, 0.45, self.t["batch_mark"].format(v=batch_limit),
                                          ha="right", va="center", fontsize=9, color="crimson"))
        self.background = None

    def set_iterations(self, iterations, updates_per_epoch=1, theory=True):
        """Fit the time axes to `iterations` (in epochs for mini-batches); list the theory line if it is drawn."""
        self.per_epoch = updates_per_epoch
        if self.legend is not None:
            self.legend.remove()
        handles = [line for line in self.ax_w.lines if theory or line is not self.artists["theory"]]
        self.legend = self.fig.legend(handles=handles, loc="outside upper center", ncols=3, frameon=False)
        for ax in (self.ax_loss, self.ax_w):
            ax.set_xlim(0, iterations)
            ax.set_xlabel(self.t["iteration" if updates_per_epoch == 1 else "epoch"])
        self.background = None

    def render(self, h, lr, theory, note=""):
        """Draw the run `h` at learning rate `lr` (and the `theory` weights) as PNG bytes."""
        if self.background is None:
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        a = self.artists
        for line in (a["loss"], a["w"]):
            line.set_marker("." if len(h.w) <= 100 else "")  # a thousand markers cost more than the line
        a["loss"].set_data(np.arange(len(h.loss)) / self.per_epoch, h.loss)
        a["w"].set_data(np.arange(len(h.w)) / self.per_epoch, h.w)
        a["theory"].set_data(np.arange(len(theory)), theory)
        a["steps"].set_data(h.w, mse(h.w, self.X, self.Y))
        a["note"].set_text(note)
        a["lr"].set_data([lr, lr], [0, 1])
        self.canvas.restore_region(self.background)
        for artist in a.values():
            artist.axes.draw_artist(artist)
        return self.png()

    def png(self):
        """Return the canvas as PNG bytes (fast compression: speed matters more than size here)."""
        width, height = self.canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        rgba.convert("RGB").save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
