"""Explorer: drag the learning rate and watch gradient descent converge, oscillate or diverge."""
import base64
import html
import time

import ipywidgets as widgets
import numpy as np

from .checks import check_choice, check_int, check_number
from .controls import (MAX_ITERATIONS, BatchSizeDropdown, ExactLogSlider, batch_sizes, max_epochs,
                       run_seconds)
from .data import as_data, seed_data
from .descent import gradient_descent, updates_per_epoch
from .live_figure import LiveFigure
from .text import amount, words
from .theory import (batch_critical_lr, contraction, critical_lr, curvature, fastest_lr, mse, regime,
                     trajectory)

OPTIONAL = ("gradient", "engine", "batch_size", "seed")
MAX_ABS_W0 = 1e6
BUSY_AFTER_S = 0.3  # a run expected to take longer says so first


def lr_range(X):
    """Return a slider range that covers 1e-3 .. 1 and both gradients' 1/L and 2/L with room to spare."""
    return min(1e-3, critical_lr(X, "sum") / 10), max(1.0, 4 * critical_lr(X))


def explorer_data(X, Y):
    """Return the data to explore: the seed's four points when neither X nor Y is given."""
    if (X is None) != (Y is None):
        raise ValueError("X and Y must be given together (or neither, for the seed notebook's data)")
    X, Y = as_data(*seed_data()) if X is None else as_data(X, Y)
    if not np.any(X):
        raise ValueError("X must hold at least one non-zero value: with every x = 0 the loss does not depend on w")
    return X, Y


class Explorer(widgets.VBox):
    """Learning-rate and iterations sliders that redraw a run of gradient descent while you drag."""

    def __init__(self, X=None, Y=None, lang="en", lr=0.01, iterations=20, gradient="mean",
                 engine="numpy", w0=0.0, batch_size=None, seed=0, hide=()):
        self.X, self.Y = explorer_data(X, Y)
        self.t = words(lang)
        self.w0 = check_number("w0", w0)
        if abs(self.w0) > MAX_ABS_W0:
            raise ValueError(f"w0 must be between {-MAX_ABS_W0:g} and {MAX_ABS_W0:g}, got {w0!r}")
        low, high = lr_range(self.X)
        lr = check_number("lr", lr, positive=True)
        if not low <= lr <= high:
            raise ValueError(f"lr must be between {low:.4g} and {high:.4g} (the slider's range), got {lr!r}")
        self._make_choices(check_choice("gradient", gradient, ("mean", "sum")),
                           check_choice("engine", engine, ("numpy", "torch")),
                           self._checked_batch_size(batch_size), check_int("seed", seed, 0, 10**6))
        limit = max_epochs(len(self.X), batch_size, engine)
        self._make_sliders(lr, check_int("iterations", iterations, 1, limit), low, high)
        self._make_outputs()
        self.figure = LiveFigure(self.X, self.Y, lang, self.w0, (low, high))
        self._cache = self._drawn = None
        self._redrawing = False
        super().__init__(self._layout(hide), layout=widgets.Layout(max_width="1100px"))
        self.add_class("gd-explorer")
        for control in (self.learning_rate, self.iterations, self.gradient, self.engine, self.batch_size,
                        self.seed):
            control.observe(self.redraw, "value")
        self.lr_text.observe(self._typed_lr, "value")
        self.redraw()

    def _checked_batch_size(self, batch_size):
        """Return the batch size once it is None or one the menu offers."""
        if batch_size is None:
            return None
        sizes = batch_sizes(len(self.X))
        check_int("batch_size", batch_size, 1, len(self.X))
        if batch_size not in sizes and batch_size != len(self.X):
            raise ValueError(f"batch_size must be None or one of {sizes} for {len(self.X)} examples, "
                             f"got {batch_size!r}")
        return batch_size

    def _make_sliders(self, lr, iterations, low, high):
        """Create the learning-rate slider (log scale), its typed value, landmark buttons and iterations."""
        t = self.t
        # The slider's own readout would show the browser's snapped value: a text box shows the exact one.
        self.learning_rate = ExactLogSlider(value=lr, base=10, min=np.log10(low), max=np.log10(high), step=0.01,
                                            readout=False, description=t["lr"],
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="400px"))
        self.learning_rate.add_class("gd-lr")
        self.lr_text = widgets.Text(value=f"{lr:.4g}", continuous_update=False,
                                    layout=widgets.Layout(width="80px"))
        self.lr_text.add_class("gd-lr-value")
        self.landmark_buttons = [widgets.Button(layout=widgets.Layout(width="auto")) for _ in range(2)]
        for button, css in zip(self.landmark_buttons, ("gd-fastest", "gd-critical")):
            button.on_click(self._jump_to_landmark)
            button.add_class(css)
        self.iterations = widgets.IntSlider(value=iterations, min=1, max=MAX_ITERATIONS, description=t["iterations"],
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="300px"))
        self.iterations.add_class("gd-iterations")

    def _make_choices(self, gradient, engine, batch_size, seed):
        """Create the gradient and engine toggles, the batch-size menu and the seed box."""
        t, compact = self.t, {"button_width": "auto", "description_width": "initial"}
        self.gradient = widgets.ToggleButtons(options=[(t["mean"], "mean"), (t["sum"], "sum")], value=gradient,
                                              description=t["gradient"], style=compact)
        self.engine = widgets.ToggleButtons(options=[("NumPy", "numpy"), ("PyTorch autograd", "torch")],
                                            value=engine, description=t["engine"], style=compact)
        sizes = sorted({*batch_sizes(len(self.X)), *([batch_size] if batch_size else [])})
        self.batch_size = BatchSizeDropdown(options=[(t["full_batch"], None)] + [(str(b), b) for b in sizes],
                                            value=batch_size, description=t["batch_size"],
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="200px"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, description=t["seed"],
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="120px"))

    def _make_outputs(self):
        """Create the picture and the readout, with CSS classes that browser tests can find."""
        self.plot = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="1098px"))
        self.plot.add_class("gd-plot")
        self.status = widgets.HTML()
        self.status.add_class("gd-status")

    def _layout(self, hide):
        """Return the rows of the widget: two rows of controls, the picture, the readout."""
        for name in hide:
            check_choice("hide", name, OPTIONAL)
            getattr(self, name).layout.display = "none"
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        first = widgets.HBox([self.learning_rate, self.lr_text, *self.landmark_buttons, self.seed], layout=row)
        second = widgets.HBox([self.iterations, self.gradient, self.engine, self.batch_size], layout=row)
        return [first, second, self.plot, self.status]

    def _jump_to_landmark(self, button):
        """Set the learning rate to the landmark (1/L or 2/L) a button shows."""
        self.learning_rate.value = button.landmark

    def _typed_lr(self, change):
        """Take a learning rate typed into the box, exactly; restore the box if it is not a number in range."""
        shown = f"{self.learning_rate.value:.4g}"
        try:
            typed = float(change.new)
        except ValueError:
            typed = None
        low, high = 10 ** self.learning_rate.min, 10 ** self.learning_rate.max
        if typed is None or not low <= typed <= high:
            self.lr_text.value = shown
        elif change.new.strip() != shown:
            self.learning_rate.value = typed

    def _run(self):
        """Return the run for the current controls; reuse a longer run when only the iterations dropped."""
        key = (self.learning_rate.value, self.gradient.value, self.engine.value, self.batch_size.value,
               self.seed.value)
        n = self.iterations.value
        if self._cache is None or self._cache[0] != key or self._cache[1] < n:
            lr, gradient, engine, batch_size, seed = key
            if run_seconds(len(self.X), batch_size, engine, n) > BUSY_AFTER_S:
                self.status.value = html.escape(self.t["working"])
            start = time.perf_counter()
            h = gradient_descent(self.X, self.Y, lr, n, w0=self.w0, gradient=gradient, engine=engine,
                                 batch_size=batch_size, seed=seed)
            self.run_ms = 1000 * (time.perf_counter() - start)
            self._cache = (key, n, h)
        return self._cache[2].first(n)

    def _refresh_static_parts(self):
        """Redraw landmarks and time axes only when the gradient, batch size or iterations changed."""
        gradient, batch_size, X = self.gradient.value, self.batch_size.value, self.X
        self.iterations.max = max_epochs(len(X), batch_size, self.engine.value)
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
            self.figure.set_iterations(drawn[2], updates_per_epoch(len(X), batch_size), theory=batch_size is None)
        self._drawn = drawn

    def redraw(self, change=None):
        """Run gradient descent for the current controls and refresh the picture and the readout."""
        if self._redrawing:  # a control this redraw adjusts (the iterations' range) must not start another
            return
        self._redrawing = True
        try:
            self._redraw()
        finally:
            self._redrawing = False

    def _redraw(self):
        """Do the work of redraw()."""
        self._refresh_static_parts()
        lr, gradient, n = self.learning_rate.value, self.gradient.value, self.iterations.value
        self.lr_text.value = f"{lr:.4g}"
        h = self._run()
        note = "" if h.diverged_at is None else self.t["note_diverged"].format(k=h.diverged_at)
        full_batch = self.batch_size.value is None
        theory = trajectory(lr, n, self.X, self.Y, self.w0, gradient) if full_batch else np.array([])
        self.readout = self._readout(h)
        timing = self.t["timing"].format(ms=self.run_ms, engine=self.engine.label)  # live only: it varies
        lines = "<br>".join(html.escape(line) for line in self.readout) + " &nbsp;·&nbsp; " + html.escape(timing)
        self.status.value = f'<div style="line-height: 1.4">{lines}</div>'
        self.plot.value = self.figure.render(h, lr, theory, note)

    def _caption(self):
        """Return the line above the picture that names every control's value."""
        t, b = self.t, self.batch_size.value
        unit = "iteration" if b is None else "epoch"
        batch = t["full_batch"] if b is None else t["batch_caption"].format(b=b, seed=self.seed.value)
        return t["caption"].format(lr=self.learning_rate.value, count=amount(t, self.iterations.value, unit),
                                   gradient=t[self.gradient.value + "_short"], engine=self.engine.label,
                                   batch=batch)

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
        t = self.t
        if h.diverged_at is not None:
            return t["diverged"].format(k=h.diverged_at, w=h.w[-1])
        loss = float(mse(h.w[-1], self.X, self.Y))
        if self.batch_size.value is None:
            return t["final"].format(count=amount(t, len(h.w) - 1, "iteration"), w=h.w[-1], loss=loss)
        return t["final_batch"].format(epochs=amount(t, self.iterations.value, "epoch"),
                                       updates=amount(t, len(h.w) - 1, "iteration"), w=h.w[-1], loss=loss)

    def _repr_mimebundle_(self, **kwargs):
        """Show the live widget where widgets run, its picture where they cannot, and the readout as text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "\n".join(self.readout)
        bundle["image/png"] = base64.b64encode(self.figure.png_with_caption(self._caption())).decode("ascii")
        return bundle
