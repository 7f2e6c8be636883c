"""How long the explorer takes from a learning-rate change to the new PNG, against a naive redraw.

Run with `make bench`. Both measurements use 1000 iterations on the seed data and the same
learning rates; the naive way builds a new figure per change and saves it with a tight bounding
box, as `interact` with the inline backend does.
"""
import io
import statistics
import time

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gd_helpers import Explorer, gradient_descent, mse, seed_data, trajectory  # noqa: E402
from gd_helpers.live_figure import view_limits  # noqa: E402
from gd_helpers.plots import style_curve_axis, style_loss_axis, style_weight_axis  # noqa: E402

ITERATIONS = 1000
LEARNING_RATES = [float(lr) for lr in np.geomspace(0.002, 0.4, 41)]


def naive_png(X, Y, lr):
    """Run, then draw the three panels on a new figure and save it as PNG with a tight box."""
    h = gradient_descent(X, Y, lr, ITERATIONS)
    (w_low, w_high), loss_limits = view_limits(X, Y, 0.0)
    fig, (ax_loss, ax_w, ax_curve) = plt.subplots(1, 3, figsize=(12, 4), dpi=90)
    style_loss_axis(ax_loss, "en")
    style_weight_axis(ax_w, 2.0, "en")
    style_curve_axis(ax_curve, X, Y, w_low, w_high, "en")
    ax_loss.set_ylim(loss_limits)
    ax_w.set_ylim(w_low, w_high)
    ax_curve.set_ylim(0, float(mse(w_high, X, Y)))
    ax_loss.plot(h.loss)
    ax_w.plot(h.w)
    ax_w.plot(trajectory(lr, ITERATIONS, X, Y), linestyle="--")
    ax_curve.plot(h.w, mse(h.w, X, Y), marker="o")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def median_ms(update):
    """Return the median time of update(lr) over LEARNING_RATES, in milliseconds."""
    times = []
    for lr in LEARNING_RATES:
        start = time.perf_counter()
        update(lr)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main():
    """Print both medians and their ratio."""
    X, Y = seed_data()
    ex = Explorer(lang="en", iterations=ITERATIONS)

    def explorer_update(lr):
        ex.learning_rate.value = lr
        assert bytes(ex.plot.value[:4]) == b"\x89PNG"

    explorer_update(0.5)  # warm up both paths once
    naive_png(X, Y, 0.5)
    explorer = median_ms(explorer_update)
    naive = median_ms(lambda lr: naive_png(X, Y, lr))
    print(f"learning-rate change to new PNG, {ITERATIONS} iterations, median of {len(LEARNING_RATES)}:")
    print(f"  explorer (persistent figure, blitting): {explorer:6.1f} ms")
    print(f"  naive (new figure, tight bbox):         {naive:6.1f} ms")
    print(f"  speed-up: {naive / explorer:.1f}x   target: <= 20 ms and >= 8x")


if __name__ == "__main__":
    main()
