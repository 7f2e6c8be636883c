"""Gradient descent with the gradient computed by PyTorch autograd."""
import torch


def torch_descent(X, Y, w0, lr, batches, gradient="mean"):
    """Run one update per batch; return the weights, the losses and where the run diverged."""
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    ws, losses = [w.item()], []
    for i, batch in enumerate(batches, start=1):
        loss = ((w * X - Y) ** 2).mean()
        objective = loss if batch is None else ((w * X[batch] - Y[batch]) ** 2).mean()
        if gradient == "sum":
            objective = objective * (len(X) if batch is None else len(batch))
        objective.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        if not (torch.isfinite(loss) and torch.isfinite(w)):
            return ws, losses, i
        ws.append(w.item())
        losses.append(loss.item())
    return ws, losses, None
