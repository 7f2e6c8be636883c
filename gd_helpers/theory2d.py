"""Closed-form facts of J(w, b) = mean((w·x + b − y)²): its Hessian, conditioning and momentum."""
import numpy as np

from .checks import check_bool, check_choice, check_fraction, check_number, check_vector


def hessian(X, gradient="mean", bias=False):
    """Return the Hessian of J: [[2·mean(x²)]], or [[2·mean(x²), 2·mean(x)], [2·mean(x), 2]] with a bias."""
    X, bias = check_vector("X", X), check_bool("bias", bias)
    n = len(X) if check_choice("gradient", gradient, ("mean", "sum")) == "sum" else 1  # N times the mean one
    if not bias:
        return np.array([[2 * float(np.mean(np.square(X))) * n]])
    return 2 * n * np.array([[np.mean(X * X), np.mean(X)], [np.mean(X), 1.0]])


def eigenvalues(X, gradient="mean", bias=False):
    """Return the Hessian's eigenvalues, smallest first: the curvature of J along each eigen-direction."""
    H = hessian(X, gradient, bias)
    if not bias:
        return H[0]
    # A symmetric 2×2 [[a, c], [c, d]]: centre ± radius, with no linear-algebra library.
    (a, c), (_, d) = H
    centre, radius = (a + d) / 2, np.hypot((a - d) / 2, c)
    return np.array([max(centre - radius, 0.0), centre + radius])  # J is convex: rounding can't make λ < 0


def eigen_directions(X, gradient="mean", bias=False):
    """Return unit eigenvectors of the Hessian as columns, in the order of eigenvalues(): flat, then steep."""
    H = hessian(X, gradient, bias)                     # checks the arguments
    if not bias:
        return np.ones((1, 1))
    (a, c), (_, d) = H
    half, radius = (a - d) / 2, np.hypot((a - d) / 2, c)
    if radius == 0:                                    # a = d and c = 0: every direction is an eigenvector
        return np.eye(2)
    # (λmax − d, c) and (c, λmax − a) both solve (H − λmax·I)·v = 0; take the one without cancellation.
    steep = np.array([half + radius, c]) if a >= d else np.array([c, radius - half])
    steep = steep / np.hypot(*steep)
    return np.array([[-steep[1], steep[0]], steep]).T + 0.0  # + 0.0 turns −0.0 into 0.0


def condition_number(X, gradient="mean", bias=False):
    """Return κ = λmax / λmin: how much steeper J is along its steep direction than along its flat one."""
    lam_min, lam_max = eigenvalues(X, gradient, bias)[[0, -1]]
    return float(lam_max / lam_min) if lam_min > 0 else np.inf


def eigen_rates(lr, X, gradient="mean", bias=False, momentum=0.0):
    """Return each eigen-direction's long-run factor per step: the spectral radius of its recurrence."""
    # Along an eigen-direction of curvature λ the error obeys e' = (1 + β − lr·λ)·e − β·e_prev; its
    # long-run rate is the largest |z| with z² − (1 + β − lr·λ)·z + β = 0. Without momentum it is
    # |1 − lr·λ| at every step; with momentum the first steps can shrink less, or even grow.
    lr, momentum = check_number("lr", lr, positive=True), check_fraction("momentum", momentum)
    s = 1 + momentum - lr * eigenvalues(X, gradient, bias)
    disc = s * s - 4 * momentum
    return np.where(disc >= 0, (np.abs(s) + np.sqrt(np.maximum(disc, 0))) / 2, np.sqrt(momentum))


def best_lr(X, gradient="mean", bias=False):
    """Return the plain learning rate 2/(λmin + λmax): both directions shrink at the same (κ−1)/(κ+1)."""
    lam = eigenvalues(X, gradient, bias)
    return float(2 / (lam[0] + lam[-1])) if lam[-1] > 0 else np.inf


def best_momentum(X, gradient="mean", bias=False):
    """Return the best momentum pair (β*, lr*) = (((√κ−1)/(√κ+1))², (2/(√λmax + √λmin))²)."""
    lam_min, lam_max = eigenvalues(X, gradient, bias)[[0, -1]]
    if lam_max > 0 and lam_min == 0:
        raise ValueError("X must hold at least two different values with bias=True: with a constant x the "
                         "bowl is flat along one direction (λmin = 0), and no momentum pair is best")
    root_min, root_max = np.sqrt([lam_min, lam_max])
    beta = ((root_max - root_min) / (root_max + root_min)) ** 2 if root_max > 0 else 0.0
    return float(beta), float(4 / (root_max + root_min) ** 2) if root_max > 0 else np.inf
