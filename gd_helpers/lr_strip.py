"""The explorer's learning-rate strip: the regimes as colours, 1/L and 2/L, and the current value."""
import numpy as np

from .log_axis import label_powers_of_ten

ZONES = (("zone_converges", "#d9f0d3"), ("zone_oscillates", "#fee8a8"), ("zone_diverges", "#f8c9c4"))
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

    def set_landmarks(self, edges, ticks, batch_limit=None):
        """Colour the strip by the full batch's regimes between `edges` (smooth, critical); label `ticks`."""
        for artist in self.landmarks:
            artist.remove()
        ax, t, (low, high) = self.ax, self.t, self.ax.get_xlim()
        bounds = np.clip([low, *edges, high], low, high)
        self.landmarks = []
        for (key, colour), left, right in zip(ZONES, bounds, bounds[1:]):
            if left < right:
                self.landmarks.append(ax.axvspan(left, right, ymax=BAND, color=colour, zorder=0))
                self.landmarks.append(ax.text(np.sqrt(left * right), BAND / 2, t[key], ha="center", va="center",
                                              fontsize=11, linespacing=1.0, zorder=3,
                                              bbox={"facecolor": colour, "edgecolor": "none", "pad": 1}))
        marks = [(value, name) for value, name in ticks if low < value < high]
        for value, _ in marks:
            self.landmarks.append(ax.axvline(value, color="black", linewidth=1, zorder=2))
        self.top.set_xticks([value for value, _ in marks], [name for _, name in marks])
        mode = "lr_axis"
        if batch_limit is not None and low < batch_limit < high:
            self.landmarks.append(ax.axvline(batch_limit, ymax=BAND, color="crimson", linestyle="--",
                                             linewidth=2, zorder=2))
            mode = "lr_axis_batch"
        ax.set_xlabel(t[mode], fontsize=11)

    def move_marker(self, lr):
        """Put the ▼ over the current learning rate, in the lane above the colours."""
        self.marker.set_data([lr], [(1 + BAND) / 2])
