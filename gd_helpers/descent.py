"""The reusable training loop: gradient_descent() and the History it returns."""
from dataclasses import dataclass
import itertools

import numpy as np

from .adaptive import DEFAULT_ALPHA, DEFAULT_BETAS, optimizer_settings
from .checks import check_bool, check_budget, check_choice, check_int, check_number
from .data import as_data
from .numpy_loop import numpy_descent
from .record import Record


def torch_descent(*args, **kwargs):
    """Run the autograd loop (torch_loop.torch_descent); PyTorch is imported on the first call, not before."""
    from .torch_loop import torch_descent as autograd_descent  # NumPy-only kernels never load torch
    return autograd_descent(*args, **kwargs)


ENGINES = {"numpy": numpy_descent, "torch": torch_descent}


@dataclass
class History:
    """What one run recorded: the weights (and biases), the loss before each update, where it diverged."""

    w: np.ndarray
    loss: np.ndarray
    diverged_at: int | None
    updates_per_epoch: int = 1
    b: np.ndarray | None = None  # the bias at every step, like w; None for the model f = w·x
    # adaptive optimizers: lr/(√v̂ + eps) at every update, one column per parameter (w, b); None for SGD
    effective_lr: np.ndarray | None = None

    def first(self, epochs):
        """Return the history of the first `epochs` epochs only."""
        updates = epochs * self.updates_per_epoch
        if self.diverged_at is not None and self.diverged_at <= updates:
            return self
        b = None if self.b is None else self.b[:updates + 1]
        rates = None if self.effective_lr is None else self.effective_lr[:updates]
        return History(self.w[:updates + 1], self.loss[:updates], None, self.updates_per_epoch, b, rates)


def updates_per_epoch(n, batch_size):
    """Return how many updates one pass over n examples makes: ceil(n / batch_size), or 1 for the full batch."""
    return 1 if batch_size is None else -(-n // batch_size)


def iter_batches(n, batch_size, epochs, seed=0):
    """Yield the batch of every update, one at a time: None (all the data) or the indices of a batch."""
    if batch_size is None:
        yield from itertools.repeat(None, epochs)
        return
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            yield order[start:start + batch_size]


def batch_schedule(n, batch_size, epochs, seed=0):
    """Return the batches of every update as a list: None (all the data) or the indices of a batch."""
    n, epochs, seed = check_int("n", n, 1), check_int("epochs", epochs, 0), check_int("seed", seed, 0)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, 1, n)
    per_epoch = 8 if batch_size is None else 120 * updates_per_epoch(n, batch_size) + 8 * n  # views, indices
    check_budget("epochs", epochs, per_epoch, "epochs")
    return list(iter_batches(n, batch_size, epochs, seed))


def check_history_fits(n, batch_size, iterations, bias, adaptive=False):
    """Refuse a run whose recorded weights (and biases) and losses would not fit the memory budget."""
    per_update = 4 * (3 if bias else 2)                # float32 w, loss (and b) after every update
    per_update += 8 * (2 if bias else 1) if adaptive else 0  # float64 effective rates of w (and b)
    check_budget("iterations", iterations, per_update * updates_per_epoch(n, batch_size),
                 "iterations" if batch_size is None else "epochs")
    return updates_per_epoch(n, batch_size) * iterations


def gradient_descent(X, Y, lr, iterations, *, w0=0.0, engine="numpy", gradient="mean",
                     batch_size=None, seed=0, bias=False, b0=0.0, momentum=0.0, optimizer="sgd",
                     nesterov=False, alpha=DEFAULT_ALPHA, betas=DEFAULT_BETAS, eps=None):
    """Fit f = w·x (w·x + b with bias=True) on the MSE by gradient descent (momentum β), or by "adagrad",
    "rmsprop" or "adam" with torch.optim's hyper-parameters and defaults (eps=None: the optimizer's own);
    return its History."""
    X, Y = as_data(X, Y)
    lr = check_number("lr", lr, positive=True)
    iterations = check_int("iterations", iterations, 0)
    w0 = check_number("w0", w0)
    bias = check_bool("bias", bias)
    b0 = check_number("b0", b0)
    rule = optimizer_settings(optimizer, momentum, nesterov, alpha, betas, eps)
    check_choice("engine", engine, tuple(ENGINES))
    check_choice("gradient", gradient, ("mean", "sum"))
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, 1, len(X))
    check_int("seed", seed, 0)
    adaptive = rule.name != "sgd"
    record = Record(check_history_fits(len(X), batch_size, iterations, bias, adaptive), w0,
                    b0 if bias else None, adaptive)
    diverged_at = ENGINES[engine](X, Y, w0, lr, iter_batches(len(X), batch_size, iterations, seed), record,
                                  gradient, b0 if bias else None, rule)
    w, loss, b = record.arrays()
    return History(w, loss, diverged_at, updates_per_epoch(len(X), batch_size), b, record.rates())
