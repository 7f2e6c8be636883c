"""The update rules of gradient_descent(optimizer=...), one parameter at a time, in float32 as torch.optim rounds them.

Each rule takes a parameter p, its gradient g, the rule's state for that parameter (a tuple of float32),
the update's number k (1, 2, ...) and the learning rate lr; it returns the new p and the new state.
Python floats (lr, β, eps) meet float32 numbers, so NumPy rounds them to float32 first, as PyTorch does.
"""
from dataclasses import dataclass

import numpy as np

from .checks import check_betas, check_bool, check_choice, check_fraction, check_number

OPTIMIZERS = ("sgd", "adagrad", "rmsprop", "adam")
DEFAULT_EPS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}  # torch.optim's defaults
DEFAULT_ALPHA, DEFAULT_BETAS = 0.99, (0.9, 0.999)
WITH_MOMENTUM = ("sgd", "rmsprop")  # torch.optim.Adagrad has no momentum; Adam's is betas[0]


def sgd(p, g, state, k, lr, momentum=0.0, nesterov=False):
    """Gradient descent as torch.optim.SGD: v ← β·v + g, p ← p − lr·v (Nesterov: lr·(g + β·v))."""
    (v,) = state
    v = g if momentum == 0 else momentum * v + g   # v₀ = 0, so the first v is g
    step = g + momentum * v if nesterov else v
    return p - lr * step, (v,)


def adagrad(p, g, state, k, lr, eps):
    """AdaGrad: s ← s + g² (every squared gradient so far), p ← p − lr·g / (√s + eps)."""
    (s,) = state
    s = s + g * g
    return p - lr * g / (np.sqrt(s) + eps), (s,)


def rmsprop(p, g, state, k, lr, alpha, eps, momentum=0.0):
    """RMSProp: v ← α·v + (1 − α)·g² (a moving average), p ← p − lr·g / (√v + eps); momentum as torch."""
    v, buf = state
    v = alpha * v + (1 - alpha) * g * g
    avg = np.sqrt(v) + eps
    if momentum == 0:
        return p - lr * g / avg, (v, buf)
    buf = momentum * buf + g / avg
    return p - lr * buf, (v, buf)


def lerp(start, end, weight):
    """Return start + weight·(end − start), rounded as torch.lerp rounds it (from `end` when weight ≥ 0.5)."""
    weight = np.float32(weight)
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def adam(p, g, state, k, lr, betas, eps):
    """Adam: m, v average g, g²; m̂ = m/(1 − β₁ᵏ), v̂ = v/(1 − β₂ᵏ); p ← p − lr·m̂ / (√v̂ + eps)."""
    (beta1, beta2), (m, v) = betas, state
    m = lerp(m, g, 1 - beta1)                      # β₁·m + (1 − β₁)·g, as torch's lerp_ computes it
    v = beta2 * v + (1 - beta2) * g * g
    step_size = lr / (1 - beta1 ** k)              # the bias corrections in float64, as PyTorch
    denominator = np.sqrt(v) / (1 - beta2 ** k) ** 0.5 + eps  # √v̂ + eps: eps after the square root
    return p - step_size * m / denominator, (m, v)


@dataclass(frozen=True)
class Optimizer:
    """One update rule and its hyper-parameters, with torch.optim's names."""

    name: str = "sgd"
    momentum: float = 0.0
    nesterov: bool = False
    alpha: float = DEFAULT_ALPHA
    betas: tuple = DEFAULT_BETAS
    eps: float = 1e-8

    def start(self):
        """Return the state of one parameter before the first update: zeros."""
        zero = np.float32(0)
        return (zero, zero) if self.name in ("rmsprop", "adam") else (zero,)

    def step(self, p, g, state, k, lr):
        """Return p after update k of this rule, and the new state."""
        if self.name == "sgd":
            return sgd(p, g, state, k, lr, self.momentum, self.nesterov)
        if self.name == "adagrad":
            return adagrad(p, g, state, k, lr, self.eps)
        if self.name == "rmsprop":
            return rmsprop(p, g, state, k, lr, self.alpha, self.eps, self.momentum)
        return adam(p, g, state, k, lr, self.betas, self.eps)

    def effective_lr(self, state, k, lr):
        """Return the step per unit of gradient after update k: lr / (√v̂ + eps), from the state's v (or s)."""
        square = np.float64(state[1] if self.name == "adam" else state[0])  # Adam's state is (m, v)
        if self.name == "adam":
            square = square / (1 - self.betas[1] ** k)  # v̂: Adam's bias-corrected average
        return lr / (np.sqrt(square) + self.eps)


def optimizer_settings(optimizer="sgd", momentum=0.0, nesterov=False, alpha=DEFAULT_ALPHA, betas=DEFAULT_BETAS,
                       eps=None):
    """Return the checked Optimizer; refuse a hyper-parameter that the chosen optimizer does not use."""
    name = check_choice("optimizer", optimizer, OPTIMIZERS)
    momentum, nesterov = check_fraction("momentum", momentum), check_bool("nesterov", nesterov)
    alpha, betas = check_fraction("alpha", alpha), check_betas("betas", betas)
    if eps is not None:
        eps = check_number("eps", eps, positive=True)
    if momentum > 0 and name not in WITH_MOMENTUM:
        raise ValueError(f"momentum must be 0 with optimizer={name!r} (only 'sgd' and 'rmsprop' take a momentum;"
                         f" Adam's is betas[0]), got {momentum!r}")
    if nesterov and (name != "sgd" or momentum == 0):
        raise ValueError(f"nesterov=True needs optimizer='sgd' and a momentum in (0, 1), got "
                         f"optimizer={name!r}, momentum={momentum!r}")
    for arg, value, default, owner in (("alpha", alpha, DEFAULT_ALPHA, "rmsprop"),
                                       ("betas", betas, DEFAULT_BETAS, "adam")):
        if value != default and name != owner:
            raise ValueError(f"{arg} is used by optimizer={owner!r} only; optimizer={name!r} would ignore "
                             f"{arg}={value!r}")
    if eps is not None and name == "sgd":
        raise ValueError(f"eps is used by 'adagrad', 'rmsprop' and 'adam' only; optimizer='sgd' would ignore "
                         f"eps={eps!r}")
    return Optimizer(name, momentum, nesterov, alpha, betas, DEFAULT_EPS.get(name, 1e-8) if eps is None else eps)
