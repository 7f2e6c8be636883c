"""CurveExplorer: gradient descent on the non-convex f(w) = w·cos(πw) of lesson 06, and which minimum it reaches."""
import math
import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .checks import check_fraction, check_int, check_number
from .controls import MAX_ITERATIONS, MAX_MOMENTUM, ExactFloatSlider
from .curve_figure import BORDER, MINIMA, WaveFigure
from .descent import History
from .dynamics import regime, smooth_edge
from .explorer import Explorer
from .nonconvex import HIGH, LOW, wave, wave_curvature, wave_slope
from .text import amount, words
from .theory import critical_lr
from .theory2d import eigen_rates

LR_RANGE = (1e-3, 1.0)  # both minima's limits 2(1+β)/f''(w*) (0.165 to 0.598) with room on either side
RUNAWAY = 1e6  # |w| past this: the run has left every basin for good, and stops
REACHED = 1e-3  # |w - w*| below this after the last iteration: the run reached w*
ROUNDING = 1e-9  # a step that lands on an end of [LOW, HIGH] in exact arithmetic may pass it by a few ulps
NO_THEORY = np.empty((0, 1))  # the run is float64 already: no second, exact path to draw
KINDS = ("curve_local", "curve_global")  # the minima of f on [-1, 2], left to right


def check_in(name, value, low, high, what):
    """Return `value` as a float once it is a number from `low` to `high` (`what` says why that range)."""
    value = check_number(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} ({what}), got {value!r}")
    return value


def descend(lr, iterations, w0, momentum=0.0):
    """Return the History of gradient descent with momentum β on f from w0, stopped once |w| passes RUNAWAY."""
    w, v, ws, losses = w0, 0.0, [w0], []
    for i in range(1, iterations + 1):
        losses.append(wave(w))
        v = momentum * v + wave_slope(w)  # the heavy ball's velocity, PyTorch's form; v = f'(w) at β = 0
        w = float(w - lr * v)
        if not abs(w) <= RUNAWAY:
            return History(np.array(ws), np.array(losses), i)
        ws.append(w)
    return History(np.array(ws), np.array(losses), None)


def near_minimum(star):
    """Return the one-point data x whose MSE (w·x − x·w*)² has f''(w*) as curvature: f near w*, up to a constant.

    With it the lessons' quadratic theory (limits, regimes, factors) speaks about the minimum w* of f."""
    return np.array([math.sqrt(wave_curvature(star) / 2)])


def basin(w):
    """Return the index of the minimum whose basin holds w (0 local, 1 global), or None outside [LOW, HIGH]."""
    if not LOW - ROUNDING <= w <= HIGH + ROUNDING:
        return None
    return int(w > BORDER)


@dataclass
class CurveSettings:
    """The values of the curve explorer's controls."""
    lr: float
    iterations: int
    w0: float
    momentum: float


class CurveExplorer(Explorer):
    """Drag the learning rate, the start and β, and see which minimum of f(w) = w·cos(πw) gradient descent reaches.

    The explorer's controls, rate box, landmark buttons, readout box and stored picture, on the curve f."""

    def __init__(self, lang="en", lr=0.05, iterations=30, w0=-0.5, momentum=0.0):
        self.t, self.bias = words(lang), False
        lr = check_in("lr", lr, *LR_RANGE, "the slider's range")
        iterations = check_int("iterations", iterations, 1, MAX_ITERATIONS)
        w0 = check_in("w0", w0, LOW, HIGH, "the interval of f")
        if check_fraction("momentum", momentum) > MAX_MOMENTUM:
            raise ValueError(f"momentum must be between 0 and {MAX_MOMENTUM} (the slider's range), got {momentum!r}")
        self.minima = MINIMA
        self._make_sliders(lr, iterations, float(momentum), *LR_RANGE)
        for button, kind in zip(self.landmark_buttons, ("gd-local", "gd-global")):
            button.add_class(kind)
        self.start = ExactFloatSlider(value=w0, min=LOW, max=HIGH, step=0.01, description=self.t["curve_start"],
                                      style={"description_width": "initial"}, layout=widgets.Layout(width="260px"))
        self.start.add_class("gd-start")
        self._make_outputs()
        self.figure = WaveFigure(self.t, LR_RANGE)
        self._drawn = self._marked = None
        self._backgrounds = {}  # the picture without the run for each strip drawn since β or the iterations changed
        self._redrawing = False
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        rows = [widgets.HBox([self.learning_rate, self.lr_text, *self.landmark_buttons], layout=row),
                widgets.HBox([self.iterations, self.start, self.momentum, self.momentum_text], layout=row),
                self.plot, self.status]
        super(Explorer, self).__init__(rows, layout=widgets.Layout(max_width="1100px"))  # a VBox of these rows
        self.add_class("gd-explorer")
        for control in self._controls():
            control.observe(self.redraw, "value")
        self.lr_text.observe(self._typed_lr, "value")
        self.redraw()

    def _controls(self):
        """Return every control whose value changes the run."""
        return self.learning_rate, self.iterations, self.start, self.momentum

    def settings(self):
        """Return the current values of the controls."""
        return CurveSettings(self.learning_rate.value, self.iterations.value, self.start.value, self.momentum.value)

    def limit_name(self, beta):
        """Return the name of a minimum's stability limit: 2/f'' without momentum, 2(1+β)/f'' with it."""
        return "2/f''" if beta == 0 else "2(1+β)/f''"

    def _refresh_static_parts(self):
        """Relabel the buttons when β changed, refit the time axes when the iterations changed."""
        s = self.settings()
        drawn = (s.momentum, s.iterations)
        if self._drawn is None or drawn != self._drawn:
            self._backgrounds.clear()
        if self._drawn is None or drawn[0] != self._drawn[0]:
            name = self.limit_name(s.momentum)
            for button, star, kind in zip(self.landmark_buttons, self.minima, KINDS):
                button.landmark, button.momentum = critical_lr(near_minimum(star), momentum=s.momentum), None
                button.description = f"{self.t[kind]}: {name} = {button.landmark:.4g}"
        if self._drawn is None or drawn[1] != self._drawn[1]:
            self.figure.set_iterations(s.iterations, 1, theory=False)
        self._drawn = drawn

    def _mark_strip(self, index, from_start, beta):
        """Colour the strip by the regimes near minimum `index`; name it, and say if it is the start's basin."""
        key = (index, from_start, beta)
        if self._marked == key:
            return
        X, t, star = near_minimum(self.minima[index]), self.t, self.minima[index]
        critical = critical_lr(X, momentum=beta)
        ticks = [(smooth_edge(X, momentum=beta), "1/f''" if beta == 0 else ""),
                 (critical, f"{self.limit_name(beta)} = {critical:.4g}")]
        self.figure.set_landmarks((smooth_edge(X, momentum=beta), critical), ticks)
        label = t["curve_lr_axis_start" if from_start else "curve_lr_axis"]
        self.figure.strip.ax.set_xlabel(label.format(kind=t[KINDS[index]], w=star), fontsize=11)
        # Dragging the rate across a limit flips the strip between two minima: reuse the picture drawn before
        self.figure.background, self._marked = self._backgrounds.get(key), key

    def _redraw(self, s):
        """Run gradient descent on f for settings `s`, draw it and write the readout."""
        self.lr_text.value = f"{s.lr:.4g}"
        start = time.perf_counter()
        self.history = h = descend(s.lr, s.iterations, s.w0, s.momentum)
        self.run_ms = 1000 * (time.perf_counter() - start)
        self.readout, index, from_start = self.describe(h, s)
        self._mark_strip(index, from_start, s.momentum)
        self.plot.value = self.figure.render(h, s.lr, NO_THEORY, self.note(h))  # first: the words never lead
        self._backgrounds[self._marked] = self.figure.background
        self._write_status(self.t["timing"].format(ms=self.run_ms, engine="float64"))

    def describe(self, h, s):
        """Return the readout of run `h` under settings `s`, the minimum to show on the strip, and whether that
        is only the start's (the run ended in no basin)."""
        end = None if h.diverged_at is not None else basin(h.w[-1])
        index = basin(s.w0) if end is None else end
        return [self.landmarks_line(s), self.regime_line(s, index), self.end_line(h, s, end)], index, end is None

    def landmarks_line(self, s):
        """Say where the two minima are and the stability limit of each."""
        name = self.limit_name(s.momentum)
        local, best = (critical_lr(near_minimum(star), momentum=s.momentum) for star in self.minima)
        return self.t["curve_landmarks"].format(name=name, w0=self.minima[0], w1=self.minima[1], c0=local, c1=best,
                                                border=BORDER)

    def regime_line(self, s, index):
        """Say what the quadratic theory predicts near minimum `index`: converge, oscillate, or be pushed away."""
        t, X = self.t, near_minimum(self.minima[index])
        rate = float(eigen_rates(s.lr, X, momentum=s.momentum)[0])
        shape = regime(s.lr, X, momentum=s.momentum)
        beta = t["beta_part"].format(beta=s.momentum) if s.momentum > 0 else ""
        factor = t["curve_rate" if s.momentum == 0 else "curve_rate_momentum"].format(r=rate)
        return t["curve_regime_" + shape].format(lr=s.lr, beta=beta, kind=t[KINDS[index]], rate=factor,
                                                 name=self.limit_name(s.momentum),
                                                 limit=critical_lr(X, momentum=s.momentum))

    def end_line(self, h, s, end):
        """Say where the run ended: which minimum it reached or is bouncing around, or that it left every basin."""
        t, w = self.t, h.w[-1]
        if h.diverged_at is not None:
            return t["curve_ran_away"].format(k=h.diverged_at)
        count = amount(t, len(h.w) - 1, "iteration")
        if end is None:
            return t["curve_left"].format(count=count, w=w)
        star, kind = self.minima[end], t[KINDS[end]]
        shapes = [regime(s.lr, near_minimum(m), momentum=s.momentum) for m in self.minima]
        if shapes == ["diverges", "diverges"] and {basin(v) for v in h.w[len(h.w) // 2:]} == {0, 1}:
            return t["curve_wanders"].format(count=count, w=w, name=self.limit_name(s.momentum))
        shape = shapes[end]
        if shape == "diverges":  # w* repels: near it, every step takes w further away
            return t["curve_bouncing"].format(count=count, kind=kind, w=w, name=self.limit_name(s.momentum))
        if abs(w - star) <= REACHED:
            line = t["curve_reached"].format(count=count, kind=kind, w=w, loss=wave(w))
            return line + (t["curve_other_basin"] if basin(s.w0) != end else "")
        key = "curve_on_the_limit" if shape == "bounces" else "curve_on_its_way"
        return t[key].format(count=count, kind=kind, w=w, gap=abs(w - star))

    def note(self, h):
        """Return the red note on the loss panel: where the run left [LOW, HIGH] or ran away; '' otherwise."""
        if h.diverged_at is not None:
            return self.t["curve_note_ran_away"].format(k=h.diverged_at)
        outside = np.flatnonzero((h.w < LOW - ROUNDING) | (h.w > HIGH + ROUNDING))
        return self.t["curve_note_left"].format(k=outside[0]) if len(outside) else ""

    def caption(self):
        """Return the line above the stored picture that names every control's value."""
        s = self.settings()
        return self.t["curve_caption"].format(lr=s.lr, count=amount(self.t, s.iterations, "iteration"), w0=s.w0,
                                              beta=s.momentum)
