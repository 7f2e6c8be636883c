"""The curve explorer's picture: the explorer's live figure, drawn for f(w) = w·cos(πw) instead of data."""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .live_figure import DPI, FIGSIZE, LiveFigure
from .lr_strip import LearningRateStrip
from .nonconvex import HIGH, LOW, wave, wave_maxima, wave_minima
from .panels import until_outside

MARGIN = 0.25  # room around [LOW, HIGH] on the weight axis: a step just outside still shows
MINIMA, (BORDER,) = wave_minima(), wave_maxima()  # found once: their basins meet at the maximum BORDER


def figure_words(t):
    """Return the words of the live figure for f: its own loss title, and 'leaves w*' for the last zone."""
    return {**t, "loss_title_iteration": t["curve_loss_title"], "zone_diverges": t["curve_zone_leaves"]}


def loss_range():
    """Return the loss axis' limits: f over [LOW, HIGH], with a margin."""
    values = wave(np.linspace(LOW, HIGH, 601))
    pad = 0.1 * (values.max() - values.min())
    return values.min() - 1.5 * pad, values.max() + pad  # room below for the minima's names


class WavePanel:
    """The curve f(w) on [LOW, HIGH], its minima and the maximum between their basins, with the visited weights."""

    def __init__(self, ax, t):
        w = np.linspace(LOW, HIGH, 400)
        ax.plot(w, wave(w), color="black", linewidth=1.5)
        for star, kind in zip(MINIMA, ("curve_local", "curve_global")):
            ax.plot([star], [wave(star)], marker="*", markersize=11, color="gray", linestyle="none")
            ax.annotate(t[kind], (star, wave(star)), xytext=(0, -16), textcoords="offset points", ha="center",
                        fontsize=10, color="dimgray")
        ax.axvline(BORDER, color="gray", linestyle=":", linewidth=1)
        ax.set(xlabel=t["weight"], ylabel=t["curve_loss"], title=t["curve_f_title"], xlim=(LOW, HIGH),
               ylim=loss_range())
        ax.grid(True, alpha=0.3)
        self.artist = ax.plot([], [], color="C0", marker="o", markersize=4, linewidth=0.8)[0]

    def update(self, h):
        """Put the run's weights on the curve, up to where they leave the weight axis (the interval and a margin)."""
        shown = h.w[:until_outside(h.w, LOW - MARGIN, HIGH + MARGIN)]
        self.artist.set_data(shown, wave(shown))


class WaveFigure(LiveFigure):
    """Loss and weight per iteration, the curve f(w) and the learning-rate strip: the live figure's layout,
    blitting and PNG, with panels for f. Only the axes are built here; drawing is LiveFigure's."""

    def __init__(self, t, lr_range):
        self.t = figure_words(t)
        self.fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        axes = self.fig.subplot_mosaic([["loss", "w", "curve"], ["strip", "strip", "strip"]],
                                       height_ratios=[5, 1])
        self.ax_loss, self.ax_w = axes["loss"], axes["w"]
        self.panel = WavePanel(axes["curve"], self.t)
        self.strip = LearningRateStrip(axes["strip"], lr_range, self.t)
        self.names = ("w",)
        self._style_time_axes()
        self.artists = self._dynamic_artists()
        self.legend = self.background = None
        self.laid_out = False
        self.per_epoch = 1

    def _style_time_axes(self):
        """Label the loss and weight axes, with the minima's values dashed and the basins' border dotted."""
        t = self.t
        for ax, values, label in ((self.ax_loss, wave(np.array(MINIMA)), t["curve_loss"]),
                                  (self.ax_w, MINIMA, t["weight"])):
            for i, value in enumerate(values):
                ax.axhline(value, color="gray", linestyle="--", linewidth=1,
                           label=t["curve_minima"] if ax is self.ax_w and i == 0 else None)
            ax.set_ylabel(label)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
            ax.grid(True, alpha=0.3)
        self.ax_w.axhline(BORDER, color="gray", linestyle=":", linewidth=1, label=t["curve_border"])
        self.ax_loss.set_ylim(loss_range())
        self.ax_w.set_ylim(LOW - MARGIN, HIGH + MARGIN)

    @staticmethod
    def _draw_until_outside(line, values, ax, per_epoch, low=None, **options):
        """Set a line to `values` against time, ending where it leaves the axes: f(w) may be below 0, so no floor."""
        LiveFigure._draw_until_outside(line, values, ax, per_epoch, **options)
