"""The explorer's controls that need more than a stock widget, and the work budget of one redraw."""
import math

import ipywidgets as widgets
from traitlets import observe

from .descent import updates_per_epoch

MAX_ITERATIONS = 1000
MAX_MOMENTUM = 0.95
REDRAW_BUDGET_S = 0.6  # the run's share of a redraw that must stay under a second
# Measured on a 2-core machine (bench/bench_explorer.py), with margin: seconds per update, and per
# data point an update touches (all of them for the loss before the update, plus the batch's).
UPDATE_COST_S = {"numpy": 25e-6, "torch": 400e-6}
POINT_COST_S = {"numpy": 3e-9, "torch": 60e-9}
BIAS_COST = 1.5  # a bias adds a second parameter to every update
ADAPTIVE_COST = 2.0  # AdaGrad, RMSProp, Adam: measured 1.3-1.5x SGD's update in NumPy, 1.3-1.9x with torch.optim


def run_seconds(n, batch_size, engine, epochs, bias=False, optimizer="sgd"):
    """Return the estimated time of a run of `epochs` on n examples."""
    per_update = UPDATE_COST_S[engine] + POINT_COST_S[engine] * (n + (batch_size or n))
    per_update *= ADAPTIVE_COST if optimizer != "sgd" else 1
    return per_update * (BIAS_COST if bias else 1) * updates_per_epoch(n, batch_size) * epochs


def max_epochs(n, batch_size, engine, bias=False, optimizer="sgd"):
    """Return how many epochs (iterations for the full batch) fit in one redraw's budget: 0 if none does."""
    return min(MAX_ITERATIONS, int(REDRAW_BUDGET_S / run_seconds(n, batch_size, engine, 1, bias, optimizer)))


def batch_sizes(n, optimizer="sgd"):
    """Return the batch sizes to offer for n examples: 1 and the powers of 2 below n, if an epoch fits the budget."""
    sizes = [2 ** k for k in range(int(math.log2(n - 1)) + 1)] if n > 1 else []
    return [b for b in sizes if max_epochs(n, b, "torch", bias=True, optimizer=optimizer) >= 1]


class KeepsExactValue:
    """A slider whose value stays exactly what code set, although the browser snaps its handle to a grid."""

    def set_state(self, sync_data):
        """Take the browser's changes, except the value it reports after snapping ours to its grid."""
        value = sync_data.get("value")
        if value is not None and self.grid_distance(value) <= 0.5001 * self.step:
            sync_data = {key: v for key, v in sync_data.items() if key != "value"}
        super().set_state(sync_data)


class ExactLogSlider(KeepsExactValue, widgets.FloatLogSlider):
    """A log slider that keeps exact values set by code (a landmark button, a typed number)."""

    def grid_distance(self, value):
        """Return how far `value` is from the current value, in the exponent (the slider's grid unit)."""
        if value <= 0:
            return math.inf
        return abs(math.log(value, self.base) - math.log(self.value, self.base))


class ExactFloatSlider(KeepsExactValue, widgets.FloatSlider):
    """A slider that keeps exact values set by code (the best momentum β*)."""

    def grid_distance(self, value):
        """Return how far `value` is from the current value."""
        return abs(value - self.value)


class BatchSizeDropdown(widgets.Dropdown):
    """A dropdown whose first option, the full batch, has the value None (and still shows its label)."""

    @observe("value")
    def _propagate_value(self, change):
        self.index = self._options_values.index(change.new)
