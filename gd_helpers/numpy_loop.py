"""Gradient descent with the gradient written by hand in NumPy."""
import math

import numpy as np


def batch_gradient(terms, gradient="mean"):
    """Return one batch's gradient from its per-example terms: their sum (the seed's) or their mean."""
    total = np.sum(terms)                              # the seed's np.dot: a SUM over the batch
    return total if gradient == "sum" else total / len(terms)


def velocity(v, g, momentum):
    """Return the heavy ball's new velocity β·v + g, PyTorch's form; without momentum it is g."""
    return g if momentum == 0 else momentum * v + g


def numpy_descent(X, Y, w0, lr, batches, record, gradient="mean", b0=None, momentum=0.0):
    """Run one update per batch, writing each into `record`; return where the run diverged, or None."""
    w, b = np.float32(w0), None if b0 is None else np.float32(b0)  # b is None: the model has no bias
    v_w = v_b = np.float32(0)                          # velocities for momentum, v₀ = 0
    # np.sum/np.mean of elementwise products, not np.dot: BLAS sums in a CPU-specific order,
    # numpy's own reductions do not, so the printed digits are the same on every machine.
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is a result, not a warning
        for i, batch in enumerate(batches, start=1):
            y_pred = w * X if b is None else w * X + b  # forward pass on all the data
            error = y_pred - Y
            loss = np.mean(error * error)              # MSE before the update
            x, e = (X, error) if batch is None else (X[batch], error[batch])
            v_w = velocity(v_w, batch_gradient(2 * x * e, gradient), momentum)  # ∂J/∂w
            w = w - lr * v_w
            if b is not None:                          # ∂J/∂b: the same terms without the x; e still
                                                       # holds the old w, so both move at once
                v_b = velocity(v_b, batch_gradient(2 * e, gradient), momentum)
                b = b - lr * v_b
            if not (math.isfinite(loss) and math.isfinite(w) and (b is None or math.isfinite(b))):
                return i
            record.add(w, b, loss)
    return None
