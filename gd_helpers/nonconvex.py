"""Lesson 06: a one-weight non-convex loss, a saddle, and a tiny tanh network with its sharpness.

PyTorch is imported inside the functions that need it, so `import gd_helpers.nonconvex` stays light.
The network is built with broadcasting and sums, never a matrix product: no BLAS, so the numbers it
prints do not depend on the CPU's matrix kernels.
"""
import math
from dataclasses import dataclass

import numpy as np

from .checks import check_choice, check_int, check_number

LOW, HIGH = -1.0, 2.0  # the interval of w·cos(πw) that d2l draws
HIDDEN = 16  # hidden units of the tiny network
OPTIMIZERS = ("sgd", "adam")


def wave(w):
    """Return f(w) = w·cos(πw), the one-weight non-convex loss (floats or NumPy arrays)."""
    return w * np.cos(np.pi * w)


def wave_slope(w):
    """Return f'(w) = cos(πw) - πw·sin(πw), by the product rule."""
    return np.cos(np.pi * w) - np.pi * w * np.sin(np.pi * w)


def wave_curvature(w):
    """Return f''(w) = -2π·sin(πw) - π²w·cos(πw)."""
    return -2 * np.pi * np.sin(np.pi * w) - np.pi ** 2 * w * np.cos(np.pi * w)


def bisect(function, low, high, iterations=200):
    """Return the root of `function` between `low` and `high`, where it changes sign, by bisection."""
    f_low = function(low)
    if f_low * function(high) > 0:
        raise ValueError(f"function must change sign between low = {low} and high = {high}")
    for _ in range(iterations):
        middle = (low + high) / 2
        if middle in (low, high):  # no float left between them
            break
        if f_low * function(middle) <= 0:
            high = middle
        else:
            low, f_low = middle, function(middle)
    return (low + high) / 2


def stationary_points(low=LOW, high=HIGH, grid=301):
    """Return the w in (low, high) where f'(w) = 0: sign changes on a grid, refined by bisection."""
    low, high = check_number("low", low), check_number("high", high)
    if not low < high:
        raise ValueError(f"low must be below high, got low = {low}, high = {high}")
    ws = np.linspace(low, high, check_int("grid", grid, 3))
    slopes = wave_slope(ws)
    changes = np.flatnonzero(np.sign(slopes[:-1]) * np.sign(slopes[1:]) < 0)
    return [bisect(lambda w: float(wave_slope(w)), float(ws[i]), float(ws[i + 1])) for i in changes]


def wave_minima(low=LOW, high=HIGH):
    """Return the local minima of f inside (low, high), left to right: stationary points with f'' > 0."""
    return [w for w in stationary_points(low, high) if wave_curvature(w) > 0]


def wave_maxima(low=LOW, high=HIGH):
    """Return the local maxima of f inside (low, high): stationary points with f'' < 0."""
    return [w for w in stationary_points(low, high) if wave_curvature(w) < 0]


def saddle(w, b):
    """Return the saddle f(w, b) = w² - b²: a minimum along w, a maximum along b."""
    return w ** 2 - b ** 2


def saddle_gradient(w, b):
    """Return the gradient (2w, -2b) of the saddle."""
    return 2 * w, -2 * b


def sine_data(n=32):
    """Return x (n points evenly spaced on [-2, 2]) and y = sin(2x), float64 tensors."""
    import torch
    x = torch.linspace(-2.0, 2.0, check_int("n", n, 2), dtype=torch.float64)
    return x, torch.sin(2 * x)


def init_params(seed, hidden=HIDDEN):
    """Return the 3·hidden + 1 parameters of a 1 -> hidden -> 1 tanh network, drawn from `seed`, float64."""
    import torch
    hidden = check_int("hidden", hidden, 1)
    generator = torch.Generator().manual_seed(check_int("seed", seed, 0))
    w1 = torch.randn(hidden, generator=generator, dtype=torch.float64)
    b1 = 0.5 * torch.randn(hidden, generator=generator, dtype=torch.float64)
    w2 = torch.randn(hidden, generator=generator, dtype=torch.float64) / math.sqrt(hidden)
    return torch.cat([w1, b1, w2, torch.zeros(1, dtype=torch.float64)])


def unpack(theta):
    """Return (w1, b1, w2, b2) from the flat parameter vector theta of length 3·hidden + 1."""
    hidden = (len(theta) - 1) // 3
    if len(theta) != 3 * hidden + 1 or hidden < 1:
        raise ValueError(f"theta must have 3·hidden + 1 entries (49 for 16 hidden units), got {len(theta)}")
    return theta[:hidden], theta[hidden:2 * hidden], theta[2 * hidden:3 * hidden], theta[3 * hidden]


def predict(theta, x):
    """Return the network's predictions: w2 · tanh(w1·x + b1) summed over hidden units, + b2."""
    w1, b1, w2, b2 = unpack(theta)
    hidden = (x[:, None] * w1 + b1).tanh()  # broadcasting: one row per point, one column per unit
    return (hidden * w2).sum(dim=1) + b2  # a sum, not a matrix product


def net_loss(theta, x, y):
    """Return the mean squared error of the network with parameters theta on (x, y)."""
    return ((predict(theta, x) - y) ** 2).mean()


def hessian_of(loss, theta):
    """Return the Hessian of loss(theta) with respect to the vector theta (torch.autograd.functional)."""
    import torch
    return torch.autograd.functional.hessian(loss, theta.detach(), vectorize=True)


def sharpness(loss, theta):
    """Return the sharpness of loss at theta: the largest eigenvalue of its Hessian (nan if not finite)."""
    import torch
    matrix = hessian_of(loss, theta)
    if not torch.isfinite(matrix).all():
        return math.nan
    return torch.linalg.eigvalsh(matrix)[-1].item()


@dataclass
class NetRun:
    """A training run: the loss at every step, the sharpness every few steps, the final parameters."""
    lr: float
    losses: np.ndarray  # losses[k]: the loss after k updates
    checked: np.ndarray  # the steps at which the sharpness was computed
    sharpness: np.ndarray
    theta: object  # the final parameters (a float64 tensor)
    diverged_at: int = None  # the first step whose loss is not finite (or over 1e12), if any
    optimizer: str = "sgd"  # "sgd" or "adam"


def train(theta, x, y, lr, steps, every=100, optimizer="sgd"):
    """Train a copy of theta by full-batch torch.optim.SGD (or Adam); sharpness every `every` steps."""
    import torch
    lr = check_number("lr", lr, positive=True)
    steps, every = check_int("steps", steps, 1), check_int("every", every, 1)
    kind = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[check_choice("optimizer", optimizer, OPTIMIZERS)]
    theta = theta.detach().clone().requires_grad_(True)
    step_with = kind([theta], lr=lr)

    def loss_of(t):
        """Return the loss at parameters t: the function whose Hessian gives the sharpness."""
        return net_loss(t, x, y)

    losses, checked, sharp, diverged_at = [], [], [], None
    for step in range(steps + 1):
        loss = loss_of(theta)
        if not math.isfinite(loss.item()) or loss.item() > 1e12:
            diverged_at = step
            break
        losses.append(loss.item())
        if step % every == 0:
            checked.append(step)
            sharp.append(sharpness(loss_of, theta))
        if step == steps:
            break
        step_with.zero_grad()
        loss.backward()
        step_with.step()
    return NetRun(lr, np.array(losses), np.array(checked), np.array(sharp), theta.detach(), diverged_at,
                  optimizer)
