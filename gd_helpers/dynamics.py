"""The exact dynamics of gradient descent on the quadratic loss: minimum, loss from sums, theory path."""
import numpy as np

from .theory import minimiser, mse
from .theory2d import eigen_rates, eigenvalues, hessian


def minimum(X, Y, bias=False):
    """Return the minimiser: (w*,) for f = w·x, (w*, b*) for f = w·x + b (least squares)."""
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if not bias:
        return np.array([minimiser(X, Y)])
    x, y = X - X.mean(), Y - Y.mean()
    w = float(np.mean(x * y) / np.mean(x * x)) if np.any(x) else 0.0
    return np.array([w, float(Y.mean() - w * X.mean())])


def loss_at(params, X, Y, bias=False):
    """Return J at each row of params ((w,) or (w, b) per row), from a few sums of the data, in float64."""
    params = np.asarray(params, dtype=np.float64).reshape(-1, 2 if bias else 1)
    if not bias:
        return mse(params[:, 0], X, Y)
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    (w_star, b_star) = minimum(X, Y, bias=True)
    # J is a bowl: J(w, b) = J(w*, b*) + mean(x²)·dw² + 2·mean(x)·dw·db + db². No (rows × N) matrix.
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run has an infinite loss
        dw, db = params[:, 0] - w_star, params[:, 1] - b_star
        floor = np.mean((w_star * X + b_star - Y) ** 2)
        return floor + np.mean(X * X) * dw * dw + 2 * np.mean(X) * dw * db + db * db


def theory_path(lr, iterations, X, Y, start, gradient="mean", bias=False, momentum=0.0):
    """Return the parameters exact arithmetic would visit (rows of (w,) or (w, b)): the run without rounding."""
    star, H = minimum(X, Y, bias), hessian(X, gradient, bias).tolist()
    d = [float(p - s) for p, s in zip(start, star)]
    v = [0.0] * len(d)
    path = [d]
    # Plain Python floats: a thousand small steps run faster than with numpy scalars, and overflow to inf.
    for _ in range(iterations):
        g = [sum(h * e for h, e in zip(row, d)) for row in H]  # the gradient H·(p − p*)
        v = [momentum * v_i + g_i for v_i, g_i in zip(v, g)]
        d = [d_i - lr * v_i for d_i, v_i in zip(d, v)]
        path.append(d)
    with np.errstate(invalid="ignore"):  # inf − inf in a diverged path gives nan: not an error
        return np.array(path) + star


def kinds(lr, X, gradient="mean", bias=False, momentum=0.0):
    """Return how each eigen-direction moves: "smooth", "zigzag" (changes side) or "spiral" (momentum)."""
    s = 1 + momentum - lr * eigenvalues(X, gradient, bias)
    # s² = 4β is a double real root (the best pair puts both directions there): no rotation. A relative
    # tolerance keeps float rounding of s² just below 4β from calling it a spiral.
    return ["spiral" if s_i * s_i < 4 * momentum * (1 - 1e-9) else "zigzag" if s_i < 0 else "smooth"
            for s_i in s]


def regime(lr, X, gradient="mean", bias=False, momentum=0.0):
    """Return "converges", "oscillates" (some direction zigzags or spirals), "bounces" or "diverges"."""
    rate = float(np.max(eigen_rates(lr, X, gradient, bias, momentum)))
    smooth = set(kinds(lr, X, gradient, bias, momentum)) == {"smooth"}
    if np.isclose(rate, 1, rtol=0, atol=1e-9) and not smooth:  # a tiny lr also has a rate near 1: it crawls
        return "bounces"
    if rate > 1:
        return "diverges"
    return "converges" if smooth else "oscillates"


def smooth_edge(X, gradient="mean", bias=False, momentum=0.0):
    """Return the largest learning rate at which no direction changes side: (1 − √β)²/λmax (1/λmax at β = 0)."""
    lam_max = float(eigenvalues(X, gradient, bias)[-1])
    return (1 - np.sqrt(momentum)) ** 2 / lam_max if lam_max > 0 else np.inf
