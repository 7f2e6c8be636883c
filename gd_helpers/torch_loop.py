"""Gradient descent with the gradient computed by PyTorch autograd; AdaGrad, RMSProp and Adam by torch.optim."""
import torch

from .adaptive import Optimizer


def velocity(v, g, momentum):
    """Return the step direction as torch.optim.SGD computes it: g, or with momentum v ← β·v + g (v₀ = 0)."""
    if momentum == 0:
        return g
    return g.clone() if v is None else v.mul_(momentum).add_(g)


def torch_optimizer(params, lr, rule):
    """Return torch.optim's AdaGrad, RMSprop or Adam for `rule` (its other settings at PyTorch's defaults)."""
    if rule.name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=rule.eps)
    if rule.name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=rule.alpha, eps=rule.eps, momentum=rule.momentum)
    return torch.optim.Adam(params, lr=lr, betas=rule.betas, eps=rule.eps)


def state_of(optimizer, p):
    """Return torch.optim's state of parameter p as the tuple the NumPy rules keep: (s,), (v, buf) or (m, v)."""
    state = optimizer.state[p]
    if "sum" in state:
        return (state["sum"].item(),)
    if "square_avg" in state:
        return (state["square_avg"].item(), None)
    return (state["exp_avg"].item(), state["exp_avg_sq"].item())


def torch_descent(X, Y, w0, lr, batches, record, gradient="mean", b0=None, rule=Optimizer()):
    """Run one update per batch with `rule`, writing each into `record`; return where the run diverged, or None."""
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    b = None if b0 is None else torch.tensor(b0, dtype=torch.float32, requires_grad=True)
    params = [w] if b is None else [w, b]
    velocities = [None] * len(params)
    optimizer = None if rule.name == "sgd" else torch_optimizer(params, lr, rule)

    def error(x, y):
        """Return y_pred − y for the model f = w·x, or f = w·x + b with a bias."""
        return w * x - y if b is None else w * x + b - y

    for k, batch in enumerate(batches, start=1):
        loss = (error(X, Y) ** 2).mean()
        objective = loss if batch is None else (error(X[batch], Y[batch]) ** 2).mean()
        if gradient == "sum":
            objective = objective * (len(X) if batch is None else len(batch))
        objective.backward()
        if optimizer is not None:
            optimizer.step()
            optimizer.zero_grad()
        else:
            with torch.no_grad():
                for j, p in enumerate(params):
                    velocities[j] = velocity(velocities[j], p.grad, rule.momentum)
                    step = p.grad + rule.momentum * velocities[j] if rule.nesterov else velocities[j]
                    # p − lr·v rounded twice, as NumPy does: the same bits on every CPU. torch.optim.SGD's
                    # p.add_(v, alpha=-lr) is the same step, but AVX2/AVX-512 kernels fuse it (last bit).
                    p -= lr * step
                    p.grad.zero_()
        if not (torch.isfinite(loss) and torch.isfinite(w) and (b is None or torch.isfinite(b))):
            return k
        rates = None if optimizer is None else [rule.effective_lr(state_of(optimizer, p), k, lr) for p in params]
        record.add(w.item(), None if b is None else b.item(), loss.item(), rates)
    return None
