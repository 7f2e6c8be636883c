"""Gradient descent with the gradient written by hand in NumPy."""
import math

import numpy as np


def numpy_descent(X, Y, w0, lr, batches, gradient="mean"):
    """Run one update per batch; return the weights, the losses and where the run diverged."""
    w = np.float32(w0)
    ws, losses = [w], []
    # np.sum/np.mean of elementwise products, not np.dot: BLAS sums in a CPU-specific order,
    # numpy's own reductions do not, so the printed digits are the same on every machine.
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is a result, not a warning
        for i, batch in enumerate(batches, start=1):
            error = w * X - Y                          # forward pass: y_pred - y on all the data
            loss = np.mean(error * error)              # MSE before the update
            x, e = (X, error) if batch is None else (X[batch], error[batch])
            total = np.sum(2 * x * e)                  # the seed's np.dot: a SUM over the batch
            w = w - lr * (total if gradient == "sum" else total / len(x))
            if not (math.isfinite(loss) and math.isfinite(w)):
                return ws, losses, i
            ws.append(w)
            losses.append(loss)
    return ws, losses, None
