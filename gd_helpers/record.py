"""Record: a run's weights, biases and losses, in float32 arrays sized before the run starts."""
import numpy as np


class Record:
    """The weights (and biases) after every update and the loss before it, written in place."""

    def __init__(self, updates, w0, b0=None, adaptive=False):
        self.w = np.empty(updates + 1, dtype=np.float32)
        self.b = None if b0 is None else np.empty(updates + 1, dtype=np.float32)
        self.loss = np.empty(updates, dtype=np.float32)
        self.steps = 0
        # adaptive optimizers: lr/(√v̂ + eps) of every parameter at every update (float64)
        self.effective_lr = np.empty((updates, 1 if b0 is None else 2)) if adaptive else None
        self.w[0] = w0
        if b0 is not None:
            self.b[0] = b0

    def add(self, w, b, loss, effective_lr=None):
        """Write the weight and bias after one more update, the loss before it (and the effective rates)."""
        self.steps += 1
        self.w[self.steps], self.loss[self.steps - 1] = w, loss
        if self.b is not None:
            self.b[self.steps] = b
        if effective_lr is not None:
            self.effective_lr[self.steps - 1] = effective_lr

    def rates(self):
        """Return the recorded effective learning rates (None for SGD), trimmed to the updates made."""
        return None if self.effective_lr is None else self.effective_lr[:self.steps]

    def arrays(self):
        """Return the recorded w, loss and b (None without a bias), trimmed to the updates made."""
        k = self.steps
        if k == len(self.loss):
            return self.w, self.loss, self.b
        return self.w[:k + 1].copy(), self.loss[:k].copy(), None if self.b is None else self.b[:k + 1].copy()
