"""Closed-form facts of the quadratic loss J(w) = mean((w·x − y)²) of the model f = w·x."""
import numpy as np

from .checks import (check_budget, check_choice, check_data, check_fraction, check_int, check_number,
                     check_vector, check_weights)
from .theory2d import eigenvalues


def scale(X, gradient="mean"):
    """Return how many times larger the chosen gradient is than the mean one (N for "sum")."""
    return len(X) if check_choice("gradient", gradient, ("mean", "sum")) == "sum" else 1


def curvature(X, gradient="mean"):
    """Return L = J''(w) = 2·mean(x²), times N for the seed's summed gradient."""
    X = check_vector("X", X)
    return 2 * float(np.mean(np.square(X, dtype=np.float64))) * scale(X, gradient)


def minimiser(X, Y):
    """Return w* = mean(x·y) / mean(x²), the weight with the smallest loss."""
    X, Y = check_data(X, Y)
    if not np.any(X):
        return 0.0  # all x are 0: every weight has the same loss
    return float(np.mean(X * Y) / np.mean(X * X))


def mse(w, X, Y):
    """Return the loss J(w) for one weight or an array of weights, in float64."""
    X, Y = check_data(X, Y)
    w = check_weights("w", w)
    w_star = minimiser(X, Y)
    # J is a parabola: J(w) = J(w*) + mean(x²)·(w − w*)². From two sums of the data, so a
    # thousand weights on ten thousand points need no thousand-by-ten-thousand matrix.
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged weight has an infinite loss
        return np.mean((w_star * X - Y) ** 2) + np.mean(X * X) * (w - w_star) ** 2


def fastest_lr(X, gradient="mean"):
    """Return 1/L, the learning rate that reaches w* in one step."""
    return 1 / curvature(X, gradient) if curvature(X, gradient) > 0 else np.inf


def critical_lr(X, gradient="mean", bias=False, momentum=0.0):
    """Return 2(1 + β)/λmax (2/L for f = w·x): gradient descent with momentum β converges iff lr is below it."""
    momentum = check_fraction("momentum", momentum)
    lam_max = float(eigenvalues(X, gradient, bias)[-1])  # the steepest curvature sets the limit
    return 2 * (1 + momentum) / lam_max if lam_max > 0 else np.inf


def contraction(lr, X, gradient="mean"):
    """Return r = 1 − lr·L, the factor that multiplies w − w* at every step."""
    return 1 - check_number("lr", lr, positive=True) * curvature(X, gradient)


def trajectory(lr, iterations, X, Y, w0=0.0, gradient="mean"):
    """Return the exact weights w_k = w* + r^k·(w0 − w*) for k = 0 … iterations."""
    w_star, w0 = minimiser(X, Y), check_number("w0", w0)
    r = contraction(lr, X, gradient)
    iterations = check_int("iterations", iterations, 0)
    check_budget("iterations", iterations, 8, "iterations")  # one float64 per weight
    w = np.arange(iterations + 1, dtype=np.float64)      # in place: one array, however long
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging r^k overflows to inf: not an error
        np.power(r, w, out=w)
        w *= w0 - w_star
        w += w_star
    return w


def batch_critical_lr(X, batch_size, gradient="mean"):
    """Return the lr below which a step on any batch of `batch_size` examples contracts (2/L of the worst batch)."""
    X, gradient = check_vector("X", X), check_choice("gradient", gradient, ("mean", "sum"))
    batch_size = check_int("batch_size", batch_size, 1, len(X))
    x2 = np.sort(np.square(X))[::-1]
    sizes = {batch_size, len(x2) % batch_size} - {0}  # the last batch of an epoch may be smaller
    worst = max(2 * x2[:size].mean() * (size if gradient == "sum" else 1) for size in sizes)
    return 2 / worst if worst > 0 else np.inf
