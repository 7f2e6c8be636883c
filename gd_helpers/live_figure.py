"""A persistent figure of one run that redraws in a few milliseconds, for the explorer."""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from .lr_strip import LearningRateStrip
from .plots import style_curve_axis, style_loss_axis, style_weight_axis
from .png import png_bytes
from .text import words
from .theory import minimiser, mse

FIGSIZE, DPI = (12.2, 4.9), 90  # 1098 × 441 px: beside two rows of controls it fits a 1280×720 projector


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


def until_outside(values, low, high):
    """Return how many leading values to draw: up to and including the first one outside [low, high]."""
    outside = ~((values >= low) & (values <= high))
    return int(np.argmax(outside)) + 1 if outside.any() else len(values)


class LiveFigure:
    """Loss, weight and loss-curve panels plus a learning-rate strip, redrawn by blitting."""

    def __init__(self, X, Y, lang, w0=0.0, lr_range=(1e-3, 1.0)):
        self.X, self.Y, self.t = X, Y, words(lang)
        self.fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        grid = self.fig.add_gridspec(2, 3, height_ratios=[5, 1])
        self.ax_loss, self.ax_w, self.ax_curve = (self.fig.add_subplot(grid[0, i]) for i in range(3))
        self.strip = LearningRateStrip(self.fig.add_subplot(grid[1, :]), lr_range, self.t)
        (w_low, w_high), loss_limits = view_limits(X, Y, w0)
        style_loss_axis(self.ax_loss, lang)
        style_weight_axis(self.ax_w, minimiser(X, Y), lang)
        style_curve_axis(self.ax_curve, X, Y, w_low, w_high, lang)
        self.ax_loss.set_ylim(loss_limits)
        self.ax_w.set_ylim(w_low, w_high)
        self.ax_curve.set_ylim(curve_limits(X, Y, w0, w_high))
        self.artists = self._dynamic_artists()
        self.legend = self.background = None
        self.per_epoch = 1

    def _dynamic_artists(self):
        """Create the artists that change on every redraw; blitting draws only these."""
        t = self.t
        artists = {
            "loss": self.ax_loss.plot([], [], color="C0", marker=".", markersize=4)[0],
            "w": self.ax_w.plot([], [], color="C0", marker=".", markersize=4, label=t["measured"])[0],
            "theory": self.ax_w.plot([], [], color="C3", linestyle="--", linewidth=1, label=t["theory"])[0],
            "steps": self.ax_curve.plot([], [], color="C0", marker="o", markersize=4, linewidth=0.8)[0],
            "note": self.ax_loss.text(0.02, 0.04, "", transform=self.ax_loss.transAxes, color="crimson",
                                      fontsize=10, fontweight="bold"),
            "caption": self.fig.text(0.005, 0.995, "", ha="left", va="top", fontsize=11),
            "lr": self.strip.marker,
        }
        for artist in artists.values():
            artist.set_animated(True)
            artist.set_in_layout(False)  # the layout must not depend on what was drawn before
        return artists

    def set_landmarks(self, fastest, critical, batch_limit=None):
        """Colour the strip by the full batch's regimes and mark 1/L, 2/L and the worst batch's limit."""
        self.strip.set_landmarks(fastest, critical, batch_limit)
        self.background = None

    def set_iterations(self, iterations, updates_per_epoch=1, theory=True):
        """Fit the time axes to `iterations` (in epochs for mini-batches); list the theory line if it is drawn."""
        t, unit = self.t, "iteration" if updates_per_epoch == 1 else "epoch"
        self.per_epoch = updates_per_epoch
        if self.legend is not None:
            self.legend.remove()
        handles = [line for line in self.ax_w.lines if theory or line is not self.artists["theory"]]
        self.legend = self.fig.legend(handles=handles, loc="outside upper right", ncols=3, frameon=False)
        for ax, title in ((self.ax_loss, "loss_title"), (self.ax_w, "weight_title")):
            ax.set_xlim(0, iterations)
            ax.set(xlabel=t[unit], title=t[f"{title}_{unit}"])
        self.background = None

    def render(self, h, lr, theory, note=""):
        """Draw the run `h` at learning rate `lr` (and the `theory` weights) as PNG bytes."""
        self.draw(h, lr, theory, note)
        return self.png()

    def draw(self, h, lr, theory, note=""):
        """Draw the run `h` at learning rate `lr` (and the `theory` weights) on the canvas."""
        if self.background is None:
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        a = self.artists
        for line in (a["loss"], a["w"]):
            line.set_marker("." if len(h.w) <= 100 else "")  # a thousand markers cost more than the line
        self._draw_until_outside(a["loss"], h.loss, self.ax_loss, self.per_epoch)
        self._draw_until_outside(a["w"], h.w, self.ax_w, self.per_epoch)
        self._draw_until_outside(a["theory"], theory, self.ax_w, 1)
        w_low, w_high = self.ax_curve.get_xlim()
        shown = h.w[:until_outside(h.w, w_low, w_high)]
        a["steps"].set_data(shown, mse(shown, self.X, self.Y))
        a["note"].set_text(note)
        self.strip.move_marker(lr)
        self.canvas.restore_region(self.background)
        for name, artist in a.items():
            if name != "caption":  # the controls show their values live; the caption is for stored pictures
                artist.axes.draw_artist(artist)

    def png_with_caption(self, caption):
        """Return the current picture as PNG bytes with a caption line that names the control values."""
        self.artists["caption"].set_text(caption)
        self.fig.draw_artist(self.artists["caption"])
        return self.png()

    @staticmethod
    def _draw_until_outside(line, values, ax, per_epoch):
        """Set a line to `values` against time, ending where it first leaves the axes (as a diverging run does)."""
        shown = values[:until_outside(values, *ax.get_ylim())]
        line.set_data(np.arange(len(shown)) / per_epoch, shown)

    def png(self):
        """Return the canvas as PNG bytes."""
        return png_bytes(np.asarray(self.canvas.buffer_rgba()))
