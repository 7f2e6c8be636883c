"""The explorer's learning-rate strip: the regimes as colours, 1/L and 2/L, and the current value."""
import numpy as np

from .log_axis import label_powers_of_ten

ZONES = (("zone_converges", "#d9f0d3"), ("zone_oscillates", "#fee8a8"), ("zone_diverges", "#f8c9c4"))
NO_LIMIT = "#e8e8e8"  # one grey band: an adaptive optimizer has no fixed regimes to colour
BAND = 0.62  # the colours fill the lower part; the marker of the current value has the upper lane to itself


class LearningRateStrip:
    """A log axis of learning rates: zones below, the current value's ▼ in its own lane above them."""

    def __init__(self, ax, lr_range, t):
        self.ax, self.t = ax, t
        ax.set(xscale="log", xlim=lr_range, ylim=(0, 1), yticks=[])
        label_powers_of_ten(ax.xaxis)
        ax.tick_params(labelsize=11)
        self.top = ax.secondary_xaxis("top")
        self.top.tick_params(labelsize=11, length=4)
        self.top.minorticks_off()
        # not clipped by the axes: at either end of the range the ▼ would be cut in half
        self.marker = ax.plot([], [], marker="v", markersize=13, color="black", linestyle="none", clip_on=False)[0]
        self.landmarks = []

    def set_landmarks(self, edges, ticks, batch_limit=None, message=None):
        """Colour the strip by the full batch's regimes between `edges` (smooth, critical); label `ticks`.
        With a `message` (no fixed limit applies), one grey band says it in words instead."""
        for artist in self.landmarks:
            artist.remove()
        ax, t, (low, high) = self.ax, self.t, self.ax.get_xlim()
        marks = [(value, name) for value, name in ticks if low < value < high]
        self.top.set_xticks([value for value, _ in marks], [name for _, name in marks])
        # With a message the tick labels stay, transparent: the layout, frozen at the first drawing, keeps
        # their room whichever choice came first, and no limit that does not apply is shown.
        self.top.tick_params(colors=(0, 0, 0, 0) if message is not None else "black")
        if message is not None:
            self.landmarks = [ax.axvspan(low, high, ymax=BAND, color=NO_LIMIT, zorder=0),
                              ax.text(0.5, BAND / 2, message, transform=ax.transAxes, ha="center", va="center",
                                      fontsize=11, zorder=3)]
            ax.set_xlabel(t["lr_axis_adaptive"], fontsize=11)
            return
        bounds = np.clip([low, *edges, high], low, high)
        self.landmarks = []
        for (key, colour), left, right in zip(ZONES, bounds, bounds[1:]):
            if left < right:
                self.landmarks.append(ax.axvspan(left, right, ymax=BAND, color=colour, zorder=0))
                self.landmarks.append(ax.text(np.sqrt(left * right), BAND / 2, t[key], ha="center", va="center",
                                              fontsize=11, linespacing=1.0, zorder=3,
                                              bbox={"facecolor": colour, "edgecolor": "none", "pad": 1}))
        for value, _ in marks:
            self.landmarks.append(ax.axvline(value, color="black", linewidth=1, zorder=2))
        mode = "lr_axis"
        if batch_limit is not None and low < batch_limit < high:
            self.landmarks.append(ax.axvline(batch_limit, ymax=BAND, color="crimson", linestyle="--",
                                             linewidth=2, zorder=2))
            mode = "lr_axis_batch"
        ax.set_xlabel(t[mode], fontsize=11)

    def move_marker(self, lr):
        """Put the ▼ over the current learning rate, in the lane above the colours."""
        self.marker.set_data([lr], [(1 + BAND) / 2])
