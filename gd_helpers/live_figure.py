"""A persistent figure of one run that redraws in a few milliseconds, for the explorer."""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .controls import MAX_ITERATIONS
from .dynamics import loss_at, minimum
from .lr_strip import LearningRateStrip
from .panels import REACH, BowlPanel, CurvePanel, box, until_outside, widen
from .plots import style_loss_axis, style_weight_axis
from .png import png_bytes
from .text import words

FIGSIZE, DPI = (12.2, 4.6), 90  # 1098 × 414 px: beside two rows of controls it fits a 1280×720 projector


def loss_limits(X, Y, start, bias=False):
    """Return fixed loss-axis limits: divergent runs get clipped, not rescaled."""
    loss_star = float(loss_at(minimum(X, Y, bias), X, Y, bias)[0])
    top = 100 * max(float(loss_at(start[:2 if bias else 1], X, Y, bias)[0]), loss_star, 1e-12)
    bottom = 0.5 * loss_star if loss_star > 1e-11 * top else 1e-17 * top  # float32 runs reach about 1e-15·J(w0)
    return bottom, top


class LiveFigure:
    """Loss, parameter and loss-surface panels plus a learning-rate strip, redrawn by blitting."""

    def __init__(self, X, Y, lang, start=(0.0, 0.0), lr_range=(1e-3, 1.0), bias=False):
        self.t = t = words(lang)
        self.fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        grid = self.fig.add_gridspec(2, 3, height_ratios=[5, 1])
        self.ax_loss, self.ax_w = (self.fig.add_subplot(grid[0, i]) for i in range(2))
        # The bowl keeps equal scales on w and b, so it is as wide as it is tall: it takes the strip's row too
        ax_right = self.fig.add_subplot(grid[:, 2] if bias else grid[0, 2])
        self.panel = (BowlPanel if bias else CurvePanel)(ax_right, X, Y, start, lang)
        self.strip = LearningRateStrip(self.fig.add_subplot(grid[1, :2] if bias else grid[1, :]), lr_range, t)
        self.names = ("w", "b") if bias else ("w",)
        star = minimum(X, Y, bias)
        style_loss_axis(self.ax_loss, lang)
        self.ax_loss.set_ylim(loss_limits(X, Y, start, bias))
        style_weight_axis(self.ax_w, star[0], lang)
        if bias:
            self.ax_w.lines[0].set_label("w*")  # short labels: the legend lists five lines
        limits = np.array(box(X, Y, start, bias))
        self.ax_w.set_ylim(limits[:, 0].min(), limits[:, 1].max())
        if bias:
            self.ax_w.axhline(star[1], color="C1", linestyle="--", linewidth=1, label=t["b_star"])
            self.ax_w.set_ylabel(t["params"])
            self.ax_loss.set_ylabel(t["loss_2d"])
        self.artists = self._dynamic_artists()
        self.legend = self.background = None
        self.laid_out = False
        self.per_epoch = 1

    def _dynamic_artists(self):
        """Create the artists that change on every redraw; blitting draws only these."""
        t = self.t
        artists = {"loss": self.ax_loss.plot([], [], color="C0", marker=".", markersize=4)[0]}
        for i, name in enumerate(self.names):
            two = len(self.names) > 1
            artists[name] = self.ax_w.plot([], [], color=f"C{i}", marker=".", markersize=4,
                                           label=t[f"measured_{name}"] if two else t["measured"])[0]
            artists["theory_" + name] = self.ax_w.plot([], [], color="C3", linestyle="--", linewidth=1,
                                                       label=(t["theory_2d"] if two else t["theory"]) if i == 0
                                                       else None)[0]
        artists |= {
            "steps": self.panel.artist,
            "note": self.ax_loss.text(0.02, 0.04, "", transform=self.ax_loss.transAxes, color="crimson",
                                      fontsize=10, fontweight="bold"),
            "caption": self.fig.text(0.005, 0.995, "", ha="left", va="top", fontsize=11),
            "lr": self.strip.marker,
        }
        for artist in artists.values():
            artist.set_animated(True)
            artist.set_in_layout(False)  # the layout must not depend on what was drawn before
        return artists

    def set_landmarks(self, edges, ticks, batch_limit=None, message=None):
        """Colour the strip by the full batch's regimes at `edges`; mark `ticks` and the worst batch's limit
        (or say `message` where no fixed limit applies)."""
        self.strip.set_landmarks(edges, ticks, batch_limit, message)
        self.background = None

    def set_iterations(self, iterations, updates_per_epoch=1, theory=True):
        """Fit the time axes to `iterations` (in epochs for mini-batches); list the theory line if it is drawn."""
        t, unit = self.t, "iteration" if updates_per_epoch == 1 else "epoch"
        self.per_epoch = updates_per_epoch
        if self.legend is not None:
            self.legend.remove()
        for name in self.names:  # the legend shows a fresh figure's markers, whatever the last run drew
            self.artists[name].set_marker(".")
        handles = [line for line in self.ax_w.lines if line.get_label()[0] != "_"
                   and (theory or line is not self.artists["theory_w"])]
        self.legend = self.fig.legend(handles=handles, loc="outside upper right", ncols=min(len(handles), 3),
                                      frameon=False)
        weight_title = "params_title" if len(self.names) > 1 else "weight_title"
        for ax, title in ((self.ax_loss, "loss_title"), (self.ax_w, weight_title)):
            ax.set_xlim(0, iterations)
            ax.set(xlabel=t[unit], title=t[f"{title}_{unit}"])
        self.background = None

    def render(self, h, lr, theory, note=""):
        """Draw the run `h` at learning rate `lr` (and the `theory` path) as PNG bytes."""
        self.draw(h, lr, theory, note)
        return self.png()

    def draw(self, h, lr, theory, note=""):
        """Draw the run `h` at learning rate `lr` (and the `theory` path, rows of parameters) on the canvas."""
        if self.background is None:
            if not self.laid_out:
                self._freeze_layout()
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        a = self.artists
        for line in (a["loss"], *(a[name] for name in self.names)):
            line.set_marker("." if len(h.w) <= 100 else "")  # a thousand markers cost more than the line
        self._draw_until_outside(a["loss"], h.loss, self.ax_loss, self.per_epoch, low=0.0)  # a dip is clipped
        reach = 0 if h.effective_lr is None else REACH  # adaptive steps are bounded: the path may come back
        for i, name in enumerate(self.names):
            self._draw_until_outside(a[name], getattr(h, name), self.ax_w, self.per_epoch, reach=reach)
            self._draw_until_outside(a["theory_" + name], theory[:, i] if len(theory) else theory, self.ax_w, 1)
        self.panel.update(h)
        a["note"].set_text(note)
        self.strip.move_marker(lr)
        self.canvas.restore_region(self.background)
        for name, artist in a.items():
            if name != "caption":  # the controls show their values live; the caption is for stored pictures
                artist.axes.draw_artist(artist)

    def _freeze_layout(self):
        """Lay the figure out once, for the longest time axis the slider allows, and keep that layout."""
        # Later full redraws (new iterations, gradient or batch size) skip the layout: half their time. Laying
        # out for the widest tick labels makes the picture the same whatever order the controls changed in.
        # The legend keeps its rows (one, two with b) with or without the theory line: its margin holds too.
        shown = self.ax_loss.get_xlim()
        for ax in (self.ax_loss, self.ax_w):
            ax.set_xlim(0, MAX_ITERATIONS)
        self.fig.get_layout_engine().execute(self.fig)
        self.fig.set_layout_engine("none")
        self.laid_out = True
        for ax in (self.ax_loss, self.ax_w):
            ax.set_xlim(shown)

    def png_with_caption(self, caption):
        """Return the current picture as PNG bytes with a caption line that names the control values."""
        self.artists["caption"].set_text(caption)
        self.fig.draw_artist(self.artists["caption"])
        return self.png()

    @staticmethod
    def _draw_until_outside(line, values, ax, per_epoch, low=None, reach=0):
        """Set a line to `values` against time, ending where it first leaves the axes (as a diverging run does),
        or `reach` axes heights beyond them."""
        bottom, top = ax.get_ylim()
        shown = values[:until_outside(values, *widen(bottom if low is None else low, top, reach))]
        line.set_data(np.arange(len(shown)) / per_epoch, shown)

    def png(self):
        """Return the canvas as PNG bytes."""
        return png_bytes(np.asarray(self.canvas.buffer_rgba()))
