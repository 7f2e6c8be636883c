"""Gradient descent with the gradient written by hand in NumPy."""
import math

import numpy as np

from .adaptive import Optimizer


def batch_gradient(terms, gradient="mean"):
    """Return one batch's gradient from its per-example terms: their sum (the seed's) or their mean."""
    total = np.sum(terms)                              # the seed's np.dot: a SUM over the batch
    return total if gradient == "sum" else total / len(terms)


def numpy_descent(X, Y, w0, lr, batches, record, gradient="mean", b0=None, rule=Optimizer()):
    """Run one update per batch with `rule` (SGD, AdaGrad, RMSProp, Adam), writing each into `record`;
    return where the run diverged, or None."""
    w, b = np.float32(w0), None if b0 is None else np.float32(b0)  # b is None: the model has no bias
    state_w, state_b = rule.start(), rule.start()      # velocities, sums of squares...: zeros
    # np.sum/np.mean of elementwise products, not np.dot: BLAS sums in a CPU-specific order,
    # numpy's own reductions do not, so the printed digits are the same on every machine.
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is a result, not a warning
        for k, batch in enumerate(batches, start=1):
            y_pred = w * X if b is None else w * X + b  # forward pass on all the data
            error = y_pred - Y
            loss = np.mean(error * error)              # MSE before the update
            x, e = (X, error) if batch is None else (X[batch], error[batch])
            w, state_w = rule.step(w, batch_gradient(2 * x * e, gradient), state_w, k, lr)  # ∂J/∂w
            if b is not None:                          # ∂J/∂b: the same terms without the x; e still
                                                       # holds the old w, so both move at once
                b, state_b = rule.step(b, batch_gradient(2 * e, gradient), state_b, k, lr)
            if not (math.isfinite(loss) and math.isfinite(w) and (b is None or math.isfinite(b))):
                return k
            states = (state_w,) if b is None else (state_w, state_b)
            rates = None if rule.name == "sgd" else [rule.effective_lr(state, k, lr) for state in states]
            record.add(w, b, loss, rates)
    return None
