"""What the explorer says about a run: landmarks, theory and readout, for one weight or for (w, b)."""
from dataclasses import dataclass

import numpy as np

from .dynamics import kinds, loss_at, regime, smooth_edge, theory_path
from .text import amount, float32_text
from .theory import batch_critical_lr, critical_lr, curvature, fastest_lr, trajectory
from .theory2d import best_lr, best_momentum, condition_number, eigen_rates, eigenvalues

OPTIMIZER_NAMES = {"adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}  # the same in both languages


@dataclass
class Settings:
    """The values of the explorer's controls."""
    lr: float
    iterations: int
    gradient: str
    engine: str
    batch_size: int | None
    seed: int
    momentum: float
    optimizer: str = "sgd"  # gradient_descent's name: "sgd" (with the momentum above), "adagrad", "rmsprop", "adam"


class CurveView:
    """Landmarks, theory and readout for f = w·x: the loss curve J(w)."""

    bias = False

    def __init__(self, X, Y, start, t):
        self.X, self.Y, self.start, self.t = X, Y, start, t

    def landmarks(self, s):
        """Return the buttons [(label, tooltip, lr, momentum)], the strip's zone edges and its labelled ticks."""
        X, g, beta = self.X, s.gradient, s.momentum
        fastest, critical = fastest_lr(X, g), critical_lr(X, g, momentum=beta)
        name = "2/L" if beta == 0 else "2(1+β)/L"
        buttons = [(f"1/L = {fastest:.4g} ({self.t['fastest']})", "", fastest, None),
                   (f"{name} = {critical:.4g} ({self.t['critical']})", "", critical, None)]
        ticks = [(fastest, "1/L" if beta == 0 else ""), (critical, name)]
        return buttons, (smooth_edge(X, g, momentum=beta), critical), ticks

    def strip_message(self, s):
        """Return what the strip says instead of regimes when no fixed limit applies, or None."""
        return None

    def batch_limit(self, s):
        """Return the worst batch's limit to mark on the strip, or None."""
        if s.batch_size is None or s.momentum > 0:
            return None
        return batch_critical_lr(self.X, s.batch_size, s.gradient)

    def theory(self, s):
        """Return the path exact arithmetic takes (rows of parameters), or nothing for mini-batches."""
        if s.batch_size is not None:
            return np.empty((0, 2 if self.bias else 1))
        if not self.bias and s.momentum == 0:  # the closed form w* + r^k (w0 − w*): no loop to run
            return trajectory(s.lr, s.iterations, self.X, self.Y, self.start[0], s.gradient)[:, None]
        return theory_path(s.lr, s.iterations, self.X, self.Y, self.start, s.gradient, self.bias, s.momentum)

    def readout(self, h, s):
        """Return the readout lines: the landmarks, the regime in words, and where the run ended."""
        return [self.landmarks_line(s), self.regime_line(h, s), self.end_line(h, s)]

    def landmarks_line(self, s):
        """Say where the limits are for this data, gradient and momentum."""
        X, g, beta = self.X, s.gradient, s.momentum
        key = "landmarks" if beta == 0 else "landmarks_momentum"
        return self.t[key].format(critical=critical_lr(X, g, momentum=beta), fastest=fastest_lr(X, g),
                                  L=curvature(X, g), beta=beta)

    def regime_line(self, h, s):
        """Say what the theory predicts: the full-batch regime, or whether every batch step contracts."""
        X, t = self.X, self.t
        limit = self.batch_limit(s)
        if limit is not None:
            key = "batch_stable" if s.lr < limit else "batch_unstable"
            return t[key].format(lr=s.lr, b=s.batch_size, k=h.updates_per_epoch, limit=limit)
        rate = float(eigen_rates(s.lr, X, s.gradient, momentum=s.momentum)[0])
        if s.momentum == 0:  # one root: the signed factor r = 1 − lr·L, and its size |r| = rate
            r = 1 - s.lr * curvature(X, s.gradient)
            r = 0.0 if abs(r) < 1e-12 else r  # 1/L in floating point: show 0, not 1e-16
            line = t["regime_" + regime(s.lr, X, s.gradient)].format(lr=s.lr, r=r, size=rate)
        else:
            line = t["regime_m_" + regime(s.lr, X, s.gradient, momentum=s.momentum)].format(
                lr=s.lr, r=rate, beta=s.momentum)
        return line if s.batch_size is None else line + t["full_batch_note"]

    def end_line(self, h, s):
        """Say where the run ended: the parameters and the loss, or the iteration where it overflowed."""
        t = self.t
        if h.diverged_at is not None:
            return t["diverged"].format(k=self.overflow_iteration(h), w=h.w[-1])
        params = self.last(h)
        # w and b as the float32 they are (1.9999996, never a rounded 2); the loss to 6 digits
        values = {"w": float32_text(h.w[-1]), "b": float32_text(params[-1]),
                  "loss": float(loss_at(params, self.X, self.Y, self.bias)[0])}
        suffix = "_2d" if self.bias else ""
        if s.batch_size is None:
            return t["final" + suffix].format(count=amount(t, len(h.w) - 1, "iteration"), **values)
        return t["final_batch" + suffix].format(epochs=amount(t, s.iterations, "epoch"),
                                                updates=amount(t, len(h.w) - 1, "iteration"), **values)

    def overflow_iteration(self, h):
        """Return the iteration k, counted as on the time axes (w_k and J(w_k) after k updates), that overflowed."""
        # The run stopped in update i = h.diverged_at, which computes J(w_{i-1}) and then w_i. If the float32
        # loss of the last recorded parameters, computed as the loop does, overflows, that was iteration i - 1.
        p = self.last(h)
        with np.errstate(over="ignore", invalid="ignore"):
            error = (p[0] * self.X + p[1] if self.bias else p[0] * self.X) - self.Y
            finite = np.isfinite(np.mean(error * error))
        return h.diverged_at if finite else h.diverged_at - 1

    def last(self, h):
        """Return the last parameters of the run as a row."""
        return np.array([h.w[-1]])


class BowlView(CurveView):
    """Landmarks, theory and readout for f = w·x + b: the bowl J(w, b)."""

    bias = True

    def landmarks(self, s):
        """Return the buttons [(label, tooltip, lr, momentum)], the strip's zone edges and its labelled ticks."""
        X, g, beta, t = self.X, s.gradient, s.momentum, self.t
        critical = critical_lr(X, g, bias=True, momentum=beta)
        plain, (best_beta, best_rate) = best_lr(X, g, bias=True), best_momentum(X, g, bias=True)
        name = "2/λmax" if beta == 0 else "2(1+β)/λmax"
        # the values on the buttons themselves: a projector audience sees no tooltips
        buttons = [(f"2/(λmin+λmax) = {plain:.4g}", t["best_plain"].format(v=plain), plain, 0.0),
                   (f"{name} = {critical:.4g}", f"{name} = {critical:.4g} ({t['critical']})", critical, None),
                   (f"η*, β* = {best_rate:.3g}, {best_beta:.3g}", t["best_pair"].format(lr=best_rate, beta=best_beta),
                    best_rate, best_beta)]
        edge = smooth_edge(X, g, True, beta)
        ticks = [(edge, "1/λmax" if beta == 0 else ""), (critical, name)]
        return buttons, (edge, critical), ticks

    def batch_limit(self, s):
        """Return None: the worst-batch limit is a one-weight idea."""
        return None

    def strip_message(self, s):
        """Return the strip's words for an adaptive optimizer (no fixed stability limit), or None."""
        return None if s.optimizer == "sgd" else self.t["strip_adaptive"].format(name=OPTIMIZER_NAMES[s.optimizer])

    def theory(self, s):
        """Return the path exact arithmetic takes; nothing for an adaptive optimizer (no closed form to draw)."""
        return np.empty((0, 2)) if s.optimizer != "sgd" else super().theory(s)

    def landmarks_line(self, s):
        """Say how the bowl is shaped and where its stability limit is."""
        X, g = self.X, s.gradient
        lam_min, lam_max = eigenvalues(X, g, True)
        shape = {"lam_max": lam_max, "lam_min": lam_min, "kappa": condition_number(X, g, True)}
        if s.optimizer != "sgd":
            return self.t["landmarks_adaptive"].format(name=OPTIMIZER_NAMES[s.optimizer], **shape)
        return self.t["landmarks_2d"].format(critical=critical_lr(X, g, bias=True, momentum=s.momentum), **shape)

    def regime_line(self, h, s):
        """Say how each direction of the bowl moves: smoothly, zigzagging, spiralling, or diverging."""
        if s.optimizer != "sgd":
            return self.rates_line(h, s)
        X, g, beta, t = self.X, s.gradient, s.momentum, self.t
        flat, steep = eigen_rates(s.lr, X, g, True, beta)
        shape = regime(s.lr, X, g, True, beta)
        if shape == "oscillates":
            shape += "_spiral" if "spiral" in kinds(s.lr, X, g, True, beta) else "_zigzag"
        rates = t["rates_2d" if beta == 0 else "rates_2d_momentum"].format(steep=steep, flat=flat)
        beta_text = t["beta_part"].format(beta=beta) if beta > 0 else ""
        line = t["regime_2d_" + shape].format(lr=s.lr, beta=beta_text, rates=rates)
        return line if s.batch_size is None else line + t["full_batch_note"]

    def rates_line(self, h, s):
        """Say how far each coordinate steps per unit of gradient at the last update: lr/(√v̂ + ε) for w and b."""
        w, b = h.effective_lr[-1]
        return self.t["effective_rates"].format(name=OPTIMIZER_NAMES[s.optimizer], lr=s.lr, w=w, b=b, ratio=b / w,
                                                count=amount(self.t, len(h.effective_lr), "iteration"))

    def last(self, h):
        """Return the last parameters of the run as a row."""
        return np.array([h.w[-1], h.b[-1]])
