"""Gradient descent with the gradient computed by PyTorch autograd."""
import torch


def velocity(v, g, momentum):
    """Return the step direction as torch.optim.SGD computes it: g, or with momentum v ← β·v + g (v₀ = 0)."""
    if momentum == 0:
        return g
    return g.clone() if v is None else v.mul_(momentum).add_(g)


def torch_descent(X, Y, w0, lr, batches, record, gradient="mean", b0=None, momentum=0.0):
    """Run one update per batch, writing each into `record`; return where the run diverged, or None."""
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    b = None if b0 is None else torch.tensor(b0, dtype=torch.float32, requires_grad=True)
    params = [w] if b is None else [w, b]
    velocities = [None] * len(params)

    def error(x, y):
        """Return y_pred − y for the model f = w·x, or f = w·x + b with a bias."""
        return w * x - y if b is None else w * x + b - y

    for i, batch in enumerate(batches, start=1):
        loss = (error(X, Y) ** 2).mean()
        objective = loss if batch is None else (error(X[batch], Y[batch]) ** 2).mean()
        if gradient == "sum":
            objective = objective * (len(X) if batch is None else len(batch))
        objective.backward()
        with torch.no_grad():
            for j, p in enumerate(params):
                velocities[j] = velocity(velocities[j], p.grad, momentum)
                # p − lr·v rounded twice, as NumPy does: the same bits on every CPU. torch.optim.SGD's
                # p.add_(v, alpha=-lr) is the same step, but AVX2/AVX-512 kernels fuse it (last bit).
                p -= lr * velocities[j]
                p.grad.zero_()
        if not (torch.isfinite(loss) and torch.isfinite(w) and (b is None or torch.isfinite(b))):
            return i
        record.add(w.item(), None if b is None else b.item(), loss.item())
    return None
