"""Explorer: drag the learning rate and watch gradient descent converge, oscillate or diverge."""
import base64
import html

import ipywidgets as widgets
import numpy as np
from traitlets import observe

from .checks import check_choice, check_int, check_number
from .data import as_data, seed_data
from .descent import gradient_descent, updates_per_epoch
from .live_figure import LiveFigure
from .text import words
from .theory import (batch_critical_lr, contraction, critical_lr, curvature, fastest_lr, mse, regime,
                     trajectory)

MAX_ITERATIONS = 1000
MAX_UPDATES = 20_000  # keeps one redraw under about a second with autograd and small batches


def lr_range(X):
    """Return a slider range that covers 1e-3 .. 1 and both gradients' 1/L and 2/L with room to spare."""
    return min(1e-3, critical_lr(X, "sum") / 10), max(1.0, 4 * critical_lr(X))


def batch_sizes(n):
    """Return the batch sizes to offer for n examples: 1 and the powers of 2 below n."""
    return [2 ** k for k in range(int(np.log2(n - 1)) + 1)] if n > 1 else []


class BatchSizeDropdown(widgets.Dropdown):
    """A dropdown whose first option, the full batch, has the value None (and still shows its label)."""

    @observe("value")
    def _propagate_value(self, change):
        self.index = self._options_values.index(change.new)


class Explorer(widgets.VBox):
    """Learning-rate and iterations sliders that redraw a run of gradient descent while you drag."""

    def __init__(self, X=None, Y=None, lang="en", lr=0.01, iterations=20, gradient="mean",
                 engine="numpy", w0=0.0, batch_size=None, seed=0):
        self.X, self.Y = as_data(*seed_data()) if X is None and Y is None else as_data(X, Y)
        if not np.any(self.X):
            raise ValueError("X must hold at least one non-zero value: with every x = 0 the loss does not depend on w")
        self.t = words(lang)
        self.w0 = check_number("w0", w0)
        low, high = lr_range(self.X)
        self._make_sliders(check_number("lr", lr, positive=True), check_int("iterations", iterations, 1,
                                                                            MAX_ITERATIONS), low, high)
        self._make_choices(check_choice("gradient", gradient, ("mean", "sum")),
                           check_choice("engine", engine, ("numpy", "torch")),
                           None if batch_size is None else check_int("batch_size", batch_size, 1, len(self.X)),
                           check_int("seed", seed, 0, 10**6))
        self._make_outputs()
        self.figure = LiveFigure(self.X, self.Y, lang, self.w0, (low, high))
        self._cache = self._drawn = None
        super().__init__([widgets.HBox([self.learning_rate, *self.landmark_buttons]), self.iterations,
                          self.gradient, self.engine, widgets.HBox([self.batch_size, self.seed]),
                          self.plot, self.status])
        for control in (self.learning_rate, self.iterations, self.gradient, self.engine, self.batch_size,
                        self.seed):
            control.observe(self.redraw, "value")
        self.redraw()

    def _make_sliders(self, lr, iterations, low, high):
        """Create the learning-rate slider (log scale), its landmark buttons and the iterations slider."""
        t = self.t
        self.learning_rate = self._slider(widgets.FloatLogSlider, "gd-lr", t["lr"], value=lr, base=10,
                                          min=np.log10(low), max=np.log10(high), step=0.01,
                                          readout_format=".4f")
        self.landmark_buttons = [widgets.Button(layout=widgets.Layout(width="auto")) for _ in range(2)]
        for button in self.landmark_buttons:
            button.on_click(self._jump_to_landmark)
        self.iterations = self._slider(widgets.IntSlider, "gd-iterations", t["iterations"], value=iterations,
                                       min=1, max=MAX_ITERATIONS)

    def _make_choices(self, gradient, engine, batch_size, seed):
        """Create the gradient and engine toggles, the batch-size menu and the seed box."""
        t = self.t
        self.gradient = widgets.ToggleButtons(options=[(t["mean"], "mean"), (t["sum"], "sum")], value=gradient,
                                              description=t["gradient"])
        self.engine = widgets.ToggleButtons(options=[("NumPy", "numpy"), ("PyTorch autograd", "torch")],
                                            value=engine, description=t["engine"])
        sizes = sorted({*batch_sizes(len(self.X)), *([batch_size] if batch_size else [])})
        self.batch_size = BatchSizeDropdown(options=[(t["full_batch"], None)] + [(str(b), b) for b in sizes],
                                            value=batch_size, description=t["batch_size"],
                                            style={"description_width": "initial"})
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, description=t["seed"],
                                           layout=widgets.Layout(width="180px"))

    def _make_outputs(self):
        """Create the picture and the readout, with CSS classes that browser tests can find."""
        self.plot = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="1080px"))
        self.plot.add_class("gd-plot")
        self.status = widgets.HTML()
        self.status.add_class("gd-status")

    @staticmethod
    def _slider(kind, css_class, description, **kwargs):
        """Return a wide slider with a readable description and a CSS class for browser tests."""
        slider = kind(description=description, style={"description_width": "initial"},
                      layout=widgets.Layout(width="560px"), **kwargs)
        slider.add_class(css_class)
        return slider

    def _jump_to_landmark(self, button):
        """Set the learning rate to the landmark (1/L or 2/L) a button shows."""
        self.learning_rate.value = button.landmark

    def _run(self):
        """Return the run for the current controls; reuse a longer run when only the iterations dropped."""
        key = (self.learning_rate.value, self.gradient.value, self.engine.value, self.batch_size.value,
               self.seed.value)
        n = self.iterations.value
        if self._cache is None or self._cache[0] != key or self._cache[1] < n:
            lr, gradient, engine, batch_size, seed = key
            h = gradient_descent(self.X, self.Y, lr, n, w0=self.w0, gradient=gradient, engine=engine,
                                 batch_size=batch_size, seed=seed)
            self._cache = (key, n, h)
        return self._cache[2].first(n)

    def _refresh_static_parts(self):
        """Redraw landmarks and time axes only when the gradient, batch size or iterations changed."""
        gradient, batch_size, X = self.gradient.value, self.batch_size.value, self.X
        per_epoch = updates_per_epoch(len(X), batch_size)
        self.iterations.max = min(MAX_ITERATIONS, max(10, MAX_UPDATES // per_epoch))
        self.iterations.description = self.t["iterations" if batch_size is None else "epochs"]
        drawn = (gradient, batch_size, self.iterations.value)
        if self._drawn is None or drawn[:2] != self._drawn[:2]:
            fastest, critical = fastest_lr(X, gradient), critical_lr(X, gradient)
            limit = None if batch_size is None else batch_critical_lr(X, batch_size, gradient)
            self.figure.set_landmarks(fastest, critical, limit)
            for button, value, name, word in zip(self.landmark_buttons, (fastest, critical),
                                                 ("1/L", "2/L"), (self.t["fastest"], self.t["critical"])):
                button.landmark, button.description = value, f"{name} = {value:.4g} ({word})"
        if self._drawn is None or drawn[1:] != self._drawn[1:]:
            self.figure.set_iterations(drawn[2], per_epoch, theory=batch_size is None)
        self._drawn = drawn

    def redraw(self, change=None):
        """Run gradient descent for the current controls and refresh the picture and the readout."""
        self._refresh_static_parts()
        lr, gradient, n = self.learning_rate.value, self.gradient.value, self.iterations.value
        h = self._run()
        note = "" if h.diverged_at is None else self.t["note_diverged"].format(k=h.diverged_at)
        full_batch = self.batch_size.value is None
        theory = trajectory(lr, n, self.X, self.Y, self.w0, gradient) if full_batch else np.array([])
        self.readout = self._readout(h)
        self.status.value = "<br>".join(html.escape(line) for line in self.readout)
        self.plot.value = self.figure.render(h, lr, theory, note)

    def _readout(self, h):
        """Return the readout lines: the landmarks, the regime in words, and where the run ended."""
        X, gradient = self.X, self.gradient.value
        landmarks = self.t["landmarks"].format(critical=critical_lr(X, gradient), fastest=fastest_lr(X, gradient),
                                               L=curvature(X, gradient))
        return [landmarks, self._regime_line(h), self._end_line(h)]

    def _regime_line(self, h):
        """Say what the theory predicts: the full-batch regime, or whether every batch step contracts."""
        X, lr, gradient, b = self.X, self.learning_rate.value, self.gradient.value, self.batch_size.value
        if b is None:
            return self.t["regime_" + regime(lr, X, gradient)].format(lr=lr, r=abs(contraction(lr, X, gradient)))
        limit = batch_critical_lr(X, b, gradient)
        key = "batch_stable" if lr < limit else "batch_unstable"
        return self.t[key].format(lr=lr, b=b, k=h.updates_per_epoch, limit=limit)

    def _end_line(self, h):
        """Say where the run ended: the final weight and loss, or the iteration where it overflowed."""
        if h.diverged_at is not None:
            return self.t["diverged"].format(k=h.diverged_at, w=h.w[-1])
        loss = float(mse(h.w[-1], self.X, self.Y))
        if self.batch_size.value is None:
            return self.t["final"].format(n=len(h.w) - 1, w=h.w[-1], loss=loss)
        return self.t["final_batch"].format(n=self.iterations.value, u=len(h.w) - 1, w=h.w[-1], loss=loss)

    def _repr_mimebundle_(self, **kwargs):
        """Show the live widget where widgets run, its picture where they cannot, and the readout as text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "\n".join(self.readout)
        bundle["image/png"] = base64.b64encode(self.plot.value).decode("ascii")
        return bundle
