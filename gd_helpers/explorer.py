"""Explorer: drag the learning rate and watch gradient descent converge, oscillate or diverge."""
import base64
import html
import sys
import time

import ipywidgets as widgets
import numpy as np

from .checks import check_bool, check_choice, check_fraction, check_int, check_number
from .controls import (MAX_ITERATIONS, MAX_MOMENTUM, REDRAW_BUDGET_S, BatchSizeDropdown, ExactFloatSlider,
                       ExactLogSlider, batch_sizes, max_epochs, run_seconds)
from .data import as_data, seed_data
from .descent import gradient_descent, updates_per_epoch
from .live_figure import LiveFigure
from .text import amount, words
from .theory import critical_lr
from .views import OPTIMIZER_NAMES, BowlView, CurveView, Settings

OPTIONAL = ("gradient", "engine", "batch_size", "seed", "momentum")
MENU = ("sgd", "momentum", "adagrad", "rmsprop", "adam")  # the optimizer menu's choices, in its order
MAX_ABS_START = 1e6
BUSY_AFTER_S = 0.3  # a run expected to take longer says so first
DEFAULT_ITERATIONS = 20  # fewer when the budget allows fewer (small batches with autograd)
MAX_LR_DECADES = 8  # the slider's range, in powers of ten; each lesson's data needs at most 4


def lr_range(X, bias=False):
    """Return a slider range that covers 1e-3 .. 1 and both gradients' limits with room to spare."""
    return min(1e-3, critical_lr(X, "sum", bias) / 10), max(1.0, 4 * critical_lr(X, "mean", bias))


def checked_lr_range(X, bias=False):
    """Return lr_range(X, bias) once it spans at most MAX_LR_DECADES: data whose scale the slider can show."""
    low, high = lr_range(X, bias)
    decades = np.log10(high / low)
    if decades > MAX_LR_DECADES:
        raise ValueError(f"X's scale makes the learning-rate slider span {decades:.0f} decades ({low:.1g} to "
                         f"{high:.1g}); the explorer accepts at most {MAX_LR_DECADES}: rescale X to values of "
                         f"order 1, e.g. X / {np.max(np.abs(X)):.3g}")
    return low, high


def hidden_names(hide):
    """Return the names of the controls to hide: a tuple of names from OPTIONAL, or one name alone."""
    if isinstance(hide, str):
        hide = (hide,)
    if not isinstance(hide, (tuple, list, set, frozenset)):
        raise TypeError(f"hide must be a tuple of names from {', '.join(map(repr, OPTIONAL))}, "
                        f"got {type(hide).__name__}")
    return tuple(check_choice("hide", name, OPTIONAL) for name in hide)


def explorer_data(X, Y):
    """Return the data to explore: the seed's four points when neither X nor Y is given."""
    if (X is None) != (Y is None):
        raise ValueError("X and Y must be given together (or neither, for the seed notebook's data)")
    X, Y = as_data(*seed_data()) if X is None else as_data(X, Y)
    if not np.any(X):
        raise ValueError("X must hold at least one non-zero value: with every x = 0 the loss does not depend on w")
    return X, Y


def check_start(name, value):
    """Return a starting parameter once it is a number the picture can show."""
    value = check_number(name, value)
    if abs(value) > MAX_ABS_START:
        raise ValueError(f"{name} must be between {-MAX_ABS_START:g} and {MAX_ABS_START:g}, got {value!r}")
    return value


def check_menu(optimizer, bias, momentum, hide):
    """Refuse an optimizer menu the explorer cannot show: one weight, a β without momentum, no β slider."""
    check_choice("optimizer", optimizer, MENU)
    if not bias:
        raise ValueError("optimizer (the optimizer menu) needs bias=True: the menu belongs to the bowl J(w, b)")
    if momentum > 0 and optimizer != "momentum":
        raise ValueError(f"momentum must be 0 unless optimizer='momentum', got momentum={momentum!r} with "
                         f"optimizer={optimizer!r}")
    if "momentum" in hide:
        raise ValueError("hide must not name 'momentum' with the optimizer menu: its momentum choice needs the "
                         "β slider")


class Explorer(widgets.VBox):
    """Controls that redraw a run of gradient descent while you drag: f = w·x, or w·x + b with bias=True."""

    def __init__(self, X=None, Y=None, lang="en", lr=0.01, iterations=None, gradient="mean",
                 engine="numpy", w0=0.0, batch_size=None, seed=0, hide=(), bias=False, b0=0.0, momentum=0.0,
                 optimizer=None):
        self.X, self.Y = explorer_data(X, Y)
        self.t = words(lang)
        self.bias = check_bool("bias", bias)
        self.menu = optimizer is not None  # None: no optimizer menu, gradient descent with the β slider
        hide = hidden_names(hide)
        start = (check_start("w0", w0), check_start("b0", b0))
        low, high = checked_lr_range(self.X, self.bias)
        lr = check_number("lr", lr, positive=True)
        if not low <= lr <= high:
            raise ValueError(f"lr must be between {low:.4g} and {high:.4g} (the slider's range), got {lr!r}")
        momentum = check_fraction("momentum", momentum)
        if momentum > MAX_MOMENTUM:
            raise ValueError(f"momentum must be between 0 and {MAX_MOMENTUM} (the slider's range), got {momentum!r}")
        if self.menu:
            check_menu(optimizer, self.bias, momentum, hide)
        self._make_choices(check_choice("gradient", gradient, ("mean", "sum")),
                           check_choice("engine", engine, ("numpy", "torch")),
                           self._checked_batch_size(batch_size), check_int("seed", seed, 0, 10**6),
                           optimizer or "momentum")
        limit = max_epochs(len(self.X), batch_size, engine, self.bias, self._rule())
        iterations = (min(DEFAULT_ITERATIONS, limit) if iterations is None
                      else check_int("iterations", iterations, 1, limit))
        self._make_sliders(lr, iterations, momentum, low, high)
        self._make_outputs()
        self.view = (BowlView if self.bias else CurveView)(self.X, self.Y, start, self.t)
        self.figure = LiveFigure(self.X, self.Y, lang, start, (low, high), self.bias)
        self._cache = self._drawn = None
        self._redrawing = self._capping = False
        self._wanted_iterations = iterations  # the teacher's value, restored when a cap lifts
        super().__init__(self._layout(hide), layout=widgets.Layout(max_width="1100px"))
        self.add_class("gd-explorer")
        self.iterations.observe(self._chosen_iterations, "value")  # first: before a redraw caps it
        for control in self._controls():
            control.observe(self.redraw, "value")
        self.lr_text.observe(self._typed_lr, "value")
        self.redraw()

    def _controls(self):
        """Return every control whose value changes the run."""
        return (self.learning_rate, self.iterations, self.gradient, self.engine, self.batch_size, self.seed,
                self.momentum, self.optimizer)

    def _rule(self):
        """Return gradient_descent's optimizer for the menu's choice: "sgd" for gradient descent and momentum."""
        return "sgd" if self.optimizer.value in ("sgd", "momentum") else self.optimizer.value

    def _batch_sizes(self):
        """Return the batch sizes the menu offers: with the optimizer menu, those whose epoch fits any choice."""
        return batch_sizes(len(self.X), "adam" if self.menu else "sgd")

    def _checked_batch_size(self, batch_size):
        """Return the batch size once it is None or one the menu offers."""
        if batch_size is None:
            return None
        sizes = self._batch_sizes()
        check_int("batch_size", batch_size, 1, len(self.X))
        if batch_size not in sizes and batch_size != len(self.X):
            raise ValueError(f"batch_size must be None or one of {sizes} for {len(self.X)} examples, "
                             f"got {batch_size!r}")
        return batch_size

    def _make_sliders(self, lr, iterations, momentum, low, high):
        """Create the learning-rate slider (log scale), its exact-value box, landmarks, iterations, momentum."""
        t, wide = self.t, {"description_width": "initial"}
        # The slider's own readout would show the browser's snapped value: a text box shows the exact one.
        self.learning_rate = ExactLogSlider(value=lr, base=10, min=np.log10(low), max=np.log10(high), step=0.01,
                                            readout=False, description=t["lr"], style=wide,
                                            layout=widgets.Layout(width="380px"))
        self.learning_rate.add_class("gd-lr")
        self.lr_text = widgets.Text(value=f"{lr:.4g}", continuous_update=False, layout=widgets.Layout(width="80px"))
        self.lr_text.add_class("gd-lr-value")
        self.landmark_buttons = [widgets.Button(layout=widgets.Layout(width="auto"))
                                 for _ in range(3 if self.bias else 2)]
        for button, css in zip(self.landmark_buttons, ("gd-fastest", "gd-critical", "gd-best-pair")):
            button.on_click(self._jump_to_landmark)
            button.add_class(css)
        self.iterations = widgets.IntSlider(value=iterations, min=1, max=MAX_ITERATIONS, description=t["iterations"],
                                            style=wide, layout=widgets.Layout(width="300px"))
        self.iterations.add_class("gd-iterations")
        # As for the rate: the browser would draw the snapped β (0.00 for β* = 0.00311), a label the exact one
        self.momentum = ExactFloatSlider(value=momentum, min=0, max=MAX_MOMENTUM, step=0.01, readout=False,
                                         readout_format=".3g", description=t["momentum"], style=wide,
                                         layout=widgets.Layout(width="200px"))
        self.momentum.add_class("gd-momentum")
        self.momentum_text = widgets.Label(layout=widgets.Layout(width="60px"))  # room for "0.00311"
        self.momentum_text.add_class("gd-momentum-value")
        self.momentum.observe(self._show_momentum, ["value", "disabled"])
        self._show_momentum()

    def _show_momentum(self, change=None):
        """Write the exact β beside its slider, greyed as the slider is when disabled."""
        self.momentum_text.value = f"{self.momentum.value:{self.momentum.readout_format}}"
        self.momentum_text.style.text_color = "#9e9e9e" if self.momentum.disabled else None

    def _make_choices(self, gradient, engine, batch_size, seed, optimizer):
        """Create the gradient and engine toggles, the batch-size and optimizer menus and the seed box."""
        t, compact = self.t, {"button_width": "auto", "description_width": "initial"}
        self.gradient = widgets.ToggleButtons(options=[(t["mean"], "mean"), (t["sum"], "sum")], value=gradient,
                                              description=t["gradient"], style=compact)
        self.engine = widgets.ToggleButtons(options=[("NumPy", "numpy"), ("PyTorch autograd", "torch")],
                                            value=engine, description=t["engine"], style=compact)
        sizes = sorted({*self._batch_sizes(), *([batch_size] if batch_size else [])})
        self.batch_size = BatchSizeDropdown(options=[(t["full_batch"], None)] + [(str(b), b) for b in sizes],
                                            value=batch_size, description=t["batch_size"],
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="230px"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, description=t["seed"],
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="120px"))
        names = {"sgd": t["opt_sgd"], "momentum": t["opt_momentum"], **OPTIMIZER_NAMES}
        self.optimizer = widgets.Dropdown(options=[(names[choice], choice) for choice in MENU], value=optimizer,
                                          description=t["optimizer"], style={"description_width": "initial"},
                                          layout=widgets.Layout(width="270px"))
        self.optimizer.add_class("gd-optimizer")

    def _make_outputs(self):
        """Create the picture and the readout, with CSS classes that browser tests can find."""
        self.plot = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="1098px"))
        self.plot.add_class("gd-plot")
        self.status = widgets.HTML(layout=widgets.Layout(height="62px", overflow="hidden"))  # a fixed box: no relayout
        self.status.add_class("gd-status")

    def _layout(self, hide):
        """Return the rows of the widget: two rows of controls, the picture, the readout."""
        for name in hide:
            getattr(self, name).layout.display = "none"
        self.momentum_text.layout.display = self.momentum.layout.display
        if "momentum" in hide:  # no best pair (η*, β*): it would set a momentum nobody can see
            del self.landmark_buttons[2:]
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        first = widgets.HBox([self.learning_rate, self.lr_text, *self.landmark_buttons, self.seed], layout=row)
        menu = [self.optimizer] if self.menu else []
        second = widgets.HBox([*menu, self.iterations, self.momentum, self.momentum_text, self.gradient,
                               self.engine, self.batch_size], layout=row)
        return [first, second, self.plot, self.status]

    def settings(self):
        """Return the current values of the controls."""
        momentum = self.momentum.value if self.optimizer.value == "momentum" else 0.0
        return Settings(self.learning_rate.value, self.iterations.value, self.gradient.value, self.engine.value,
                        self.batch_size.value, self.seed.value, momentum, self._rule())

    def _jump_to_landmark(self, button):
        """Set the learning rate (and the momentum, for the best pair) to the landmark a button shows."""
        self._redrawing = True  # one redraw for both values
        try:
            if button.momentum is not None:
                self.momentum.value = button.momentum
            if button.momentum and self.optimizer.value == "sgd":  # the best pair needs the momentum choice
                self.optimizer.value = "momentum"
            self.learning_rate.value = button.landmark
        finally:
            self._redrawing = False
        self.redraw()

    def _chosen_iterations(self, change):
        """Remember the iterations the teacher chose, not the ones a cap imposed."""
        if not self._capping:
            self._wanted_iterations = change.new

    def _typed_lr(self, change):
        """Take a learning rate typed into the box (a decimal comma too); refuse other text, saying why."""
        shown = f"{self.learning_rate.value:.4g}"
        text = change.new.strip().replace(",", ".")
        try:
            typed = float(text)
        except ValueError:
            typed = None
        low, high = 10 ** self.learning_rate.min, 10 ** self.learning_rate.max
        if typed is None or not low <= typed <= high:
            self.lr_text.value = shown
            typed = change.new.strip()
            typed = typed if len(typed) <= 6 else typed[:5] + "…"  # short: the readout box has three lines
            self._write_status(self.t["lr_refused"].format(typed=typed, low=low, high=high))
        elif text != shown and typed != self.learning_rate.value:
            self.learning_rate.value = typed
        elif change.new != shown:  # the value already shown, written another way ("0,05")
            self.lr_text.value = shown

    def _run(self, s):
        """Return the run for settings `s`; reuse a longer run when only the iterations dropped."""
        key = (s.lr, s.gradient, s.engine, s.batch_size, s.seed, s.momentum, s.optimizer)
        if self._cache is None or self._cache[0] != key or self._cache[1] < s.iterations:
            if self._slow(s):
                self.status.value = html.escape(self.t["working"])
            start = time.perf_counter()
            h = gradient_descent(self.X, self.Y, s.lr, s.iterations, w0=self.view.start[0], gradient=s.gradient,
                                 engine=s.engine, batch_size=s.batch_size, seed=s.seed, bias=self.bias,
                                 b0=self.view.start[1], momentum=s.momentum, optimizer=s.optimizer)
            self.run_ms = 1000 * (time.perf_counter() - start)
            self._cache = (key, s.iterations, h)
        return self._cache[2].first(s.iterations)

    def _slow(self, s):
        """Say whether the run for settings `s` keeps the teacher waiting: a long run, or the first with PyTorch
        (the kernel imports torch then, about 2 s)."""
        first_torch = s.engine == "torch" and "torch" not in sys.modules
        return first_torch or run_seconds(len(self.X), s.batch_size, s.engine, s.iterations, self.bias,
                                          s.optimizer) > BUSY_AFTER_S

    def _refresh_static_parts(self):
        """Redraw landmarks and time axes only when the gradient, batch size, momentum or iterations changed."""
        X, batch_size = self.X, self.batch_size.value
        self._capping = True
        try:
            self.iterations.max = max_epochs(len(X), batch_size, self.engine.value, self.bias, self._rule())
            self.iterations.value = min(self._wanted_iterations, self.iterations.max)
        finally:
            self._capping = False
        self.iterations.description = self.t["iterations" if batch_size is None else "epochs"]
        s = self.settings()
        theory = batch_size is None and s.optimizer == "sgd"  # the dashed line: full-batch SGD only
        drawn = ((s.gradient, s.batch_size, s.momentum, self.optimizer.value), (s.batch_size, s.iterations, theory))
        if self._drawn is None or drawn[0] != self._drawn[0]:
            buttons, edges, ticks = self.view.landmarks(s)
            self.figure.set_landmarks(edges, ticks, self.view.batch_limit(s), self.view.strip_message(s))
            for button, (label, tooltip, lr, momentum) in zip(self.landmark_buttons, buttons):
                button.description, button.tooltip, button.landmark, button.momentum = label, tooltip, lr, momentum
            if self.menu:
                self._show_for_choice()
        if self._drawn is None or drawn[1] != self._drawn[1]:
            self.figure.set_iterations(s.iterations, updates_per_epoch(len(X), batch_size), theory)
        self._drawn = drawn

    def _show_for_choice(self):
        """Enable the β slider for momentum only, and show the landmark buttons only where a fixed limit exists."""
        # Disabled, not hidden: a slider the browser first drew hidden ignored its arrow keys (Chromium)
        self.momentum.disabled = self.optimizer.value != "momentum"
        for button in self.landmark_buttons:
            button.layout.display = None if self._rule() == "sgd" else "none"

    def redraw(self, change=None):
        """Run gradient descent for the current controls and refresh the picture and the readout."""
        if self._redrawing:  # a control this redraw adjusts (the iterations' range) must not start another
            return
        self._redrawing = True
        try:
            self._refresh_static_parts()
            self._redraw(self.settings())
        finally:
            self._redrawing = False

    def _redraw(self, s):
        """Draw the run for settings `s` and write the readout."""
        self.lr_text.value = f"{s.lr:.4g}"
        self.history = h = self._run(s)
        overflowed = None if h.diverged_at is None else self.view.overflow_iteration(h)
        note = "" if overflowed is None else self.t["note_diverged"].format(k=overflowed)
        self.readout = self.view.readout(h, s)
        self.readout[-1] += self.cap_clause(s)
        self.plot.value = self.figure.render(h, s.lr, self.view.theory(s), note)  # first: the words never lead
        self._write_status(self.t["timing"].format(ms=self.run_ms, engine=self.engine.label))  # live only: it varies

    def cap_clause(self, s):
        """Return the readout's clause saying that the time budget caps the iterations; '' if it does not."""
        cap = self.iterations.max
        if cap >= MAX_ITERATIONS or self._wanted_iterations < cap:
            return ""
        unit = self.t["iteration_n" if s.batch_size is None else "epoch_n"]
        return self.t["capped"].format(cap=cap, unit=unit, budget=REDRAW_BUDGET_S)

    def _write_status(self, tail):
        """Show the readout, then `tail`: the run's time, or why a typed value was refused."""
        lines = "<br>".join(html.escape(line) for line in self.readout) + " &nbsp;·&nbsp; " + html.escape(tail)
        self.status.value = f'<div style="line-height: 1.3">{lines}</div>'

    def caption(self):
        """Return the line above the stored picture that names every control's value."""
        t, s = self.t, self.settings()
        unit = "iteration" if s.batch_size is None else "epoch"
        batch = t["full_batch"] if s.batch_size is None else t["batch_caption"].format(b=s.batch_size, seed=s.seed)
        line = t["caption"].format(lr=s.lr, count=amount(t, s.iterations, unit), gradient=t[s.gradient + "_short"],
                                   engine=self.engine.label, batch=batch)
        line += t["caption_optimizer"].format(name=self.optimizer.label) if self.menu else ""
        shown = self.momentum.layout.display != "none" and not self.momentum.disabled
        return line + (t["caption_momentum"].format(beta=s.momentum) if shown or s.momentum > 0 else "")

    def _repr_mimebundle_(self, **kwargs):
        """Show the live widget where widgets run, its picture where they cannot, and the readout as text."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "\n".join(self.readout)
        bundle["image/png"] = base64.b64encode(self.figure.png_with_caption(self.caption())).decode("ascii")
        return bundle
