"""How fast the explorer redraws, where the time goes, and its worst case over every control setting.

Run with `make bench`. Prints:
1. the in-process split of one learning-rate change (compute, draw, encode) at the default settings and
   at 1000 iterations, against a naive redraw (a new figure per change, saved with a tight bounding box,
   as `interact` with the inline backend does);
2. the slowest redraw (median of 3) over every engine, batch size the menu offers and the largest
   number of iterations the slider allows, on data of 4, 200 and 10,000 points;
3. the peak memory a redraw allocates (tracemalloc) on 10,000 points;
4. the same split for the two-parameter explorer (bias=True) against a naive redraw that draws a new
   figure with `contourf` on a 200×200 grid, the trajectory and the loss, saved with a tight box;
5. the redraw after an iterations change, which draws the whole figure (its layout is kept from the start);
6. the slowest redraw of lesson 06's curve explorer over every control, at 1000 iterations;
7. the two-parameter explorer's redraw with each choice of its optimizer menu (gradient descent, momentum,
   AdaGrad, RMSProp, Adam), NumPy and PyTorch, at 20 iterations and at the most the slider allows, against
   the naive contourf redraw of the same run, and each adaptive choice's slowest redraw over every batch size.
"""
import io
import itertools
import statistics
import time
import tracemalloc

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gd_helpers import Explorer, fastest_lr, gradient_descent, mse, seed_data, trajectory  # noqa: E402
from gd_helpers.curve_explorer import CurveExplorer  # noqa: E402
from gd_helpers.dynamics import loss_at  # noqa: E402
from gd_helpers.controls import batch_sizes, max_epochs  # noqa: E402
from gd_helpers.explorer import MENU  # noqa: E402
from gd_helpers.live_figure import loss_limits  # noqa: E402
from gd_helpers.panels import box  # noqa: E402
from gd_helpers.plots import style_curve_axis, style_loss_axis, style_weight_axis  # noqa: E402

LEARNING_RATES = [float(lr) for lr in np.geomspace(0.002, 0.4, 41)]


def naive_png(X, Y, lr, iterations):
    """Run, then draw the three panels on a new figure and save it as PNG with a tight box."""
    h = gradient_descent(X, Y, lr, iterations)
    ((w_low, w_high),) = box(X, Y, (0.0,))
    fig, (ax_loss, ax_w, ax_curve) = plt.subplots(1, 3, figsize=(12, 4), dpi=90)
    style_loss_axis(ax_loss, "en")
    style_weight_axis(ax_w, 2.0, "en")
    style_curve_axis(ax_curve, X, Y, w_low, w_high, "en")
    ax_loss.set_ylim(loss_limits(X, Y, (0.0,)))
    ax_w.set_ylim(w_low, w_high)
    ax_curve.set_ylim(0, float(mse(w_high, X, Y)))
    ax_loss.plot(h.loss)
    ax_w.plot(h.w)
    ax_w.plot(trajectory(lr, iterations, X, Y), linestyle="--")
    ax_curve.plot(h.w, mse(h.w, X, Y), marker="o")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def naive_bowl_png(X, Y, lr, iterations, **run):
    """Run with a bias, then draw the loss and the contour of J(w, b) with the path on a new figure."""
    h = gradient_descent(X, Y, lr, iterations, bias=True, **run)
    w, b = np.meshgrid(np.linspace(-3, 7, 200), np.linspace(-5, 5, 200))
    J = loss_at(np.stack([w.ravel(), b.ravel()], axis=1), X, Y, bias=True).reshape(w.shape)
    fig, (ax_loss, ax_w, ax_bowl) = plt.subplots(1, 3, figsize=(12, 4), dpi=90)
    ax_loss.semilogy(h.loss)
    ax_w.plot(h.w)
    ax_w.plot(h.b)
    ax_bowl.contourf(w, b, J, levels=12, cmap="Blues")
    ax_bowl.plot(h.w, h.b, marker="o")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def median_ms(work, values):
    """Return the median time of work(value) over values, in milliseconds."""
    times = []
    for value in values:
        start = time.perf_counter()
        work(value)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def split(iterations, bias=False):
    """Print the median compute, draw and encode time of a learning-rate change, and the naive redraw."""
    X, Y = seed_data()
    ex = Explorer(lang="en", iterations=iterations, bias=bias)
    h = gradient_descent(X, Y, 0.05, iterations, bias=bias)
    rates = [lr for lr in LEARNING_RATES if lr < 0.25]
    theory = ex.view.theory(ex.settings())
    compute = median_ms(lambda lr: gradient_descent(X, Y, lr, iterations, bias=bias), rates)
    draw = median_ms(lambda lr: ex.figure.draw(h, lr, theory), rates)
    encode = median_ms(lambda lr: ex.figure.png(), rates)
    total = median_ms(lambda lr: setattr(ex.learning_rate, "value", lr), rates)
    naive = median_ms(lambda lr: (naive_bowl_png if bias else naive_png)(X, Y, lr, iterations), rates)
    kind = "w and b" if bias else "w only "
    print(f"{kind}, {iterations:4d} iterations: compute {compute:5.1f} ms, draw {draw:5.1f} ms, encode"
          f" {encode:5.1f} ms; whole redraw {total:5.1f} ms; naive {naive:6.1f} ms ({naive / total:.1f}x slower)")


def iterations_change():
    """Print the median redraw of an iterations change: new time axes, so a full draw, not a blit."""
    for bias in (False, True):
        ex = Explorer(lang="en", bias=bias)
        ms = median_ms(lambda k: setattr(ex.iterations, "value", k), range(21, 62, 2))
        print(f"iterations change, {'w and b' if bias else 'w only '}: whole redraw {ms:5.1f} ms (median of 21)")


def data(n):
    """Return n seeded noisy points on y = 2x."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 2, n)
    return x, 2 * x + rng.normal(0, 0.3, n)


def worst_redraws():
    """Print the slowest redraw per engine over every batch size at its largest number of iterations."""
    worst = {}
    for n in (4, 200, 10_000):
        X, Y = (seed_data() if n == 4 else data(n))
        lr = 0.5 * fastest_lr(np.asarray(X, dtype=np.float32))
        for engine, bias in itertools.product(("numpy", "torch"), (False, True)):
            for batch_size in [None, *batch_sizes(n)]:
                ex = Explorer(X, Y, lang="en", lr=lr, engine=engine, batch_size=batch_size, iterations=1,
                              bias=bias, momentum=0.5 if bias else 0.0)
                ex.iterations.value = max_epochs(n, batch_size, engine, bias)
                ms = median_ms(lambda k: setattr(ex.learning_rate, "value", lr * (1 + k / 100)), [1, 2, 3])
                case = (ms, f"N = {n}, bias {bias}, batch size {batch_size or 'full'}, "
                            f"{ex.iterations.value} epochs")
                worst[engine] = max(worst.get(engine, case), case)
    for engine, (ms, case) in worst.items():
        print(f"slowest redraw with {engine:5s}: {ms:6.0f} ms ({case})   target <= 1000 ms")


def peak_memory():
    """Print the peak memory one redraw allocates on 10,000 points with the smallest batch and most epochs."""
    X, Y = data(10_000)
    size = batch_sizes(10_000)[0]
    ex = Explorer(X, Y, lang="en", lr=0.01, batch_size=size, iterations=1)
    ex.iterations.value = max_epochs(10_000, size, "numpy")
    tracemalloc.start()
    ex.learning_rate.value = 0.02
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory of a redraw, N = 10,000, batch size {size}, {ex.iterations.value} epochs:"
          f" {peak / 1e6:.1f} MB   target < 100 MB")


def curve_worst():
    """Print the slowest redraw of the curve explorer: every control moved at 1000 iterations, from several starts."""
    worst, times = (0.0, ""), []
    for w0, beta in itertools.product((-1.0, 0.5, 1.9), (0.0, 0.9)):
        ex = CurveExplorer(lang="en", iterations=1000, w0=w0, momentum=beta)
        moves = [(ex.learning_rate, lr) for lr in np.geomspace(1e-3, 1.0, 13)]  # the strip follows the minimum
        moves += [(ex.momentum, 0.95 - beta), (ex.start, -w0 / 2), (ex.iterations, 999), (ex.iterations, 1000)]
        for control, value in moves:
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value
            ms, cpu_ms = 1000 * (time.perf_counter() - start), 1000 * (time.process_time() - cpu)
            times.append(ms)
            worst = max(worst, (ms, f"{control.description} -> {value:.3g}, w0 = {w0}, β = {beta}; "
                                    f"CPU {cpu_ms:.0f} ms"))
    print(f"curve explorer (lesson 06), 1000 iterations: median redraw {statistics.median(times):5.1f} ms over "
          f"{len(times)} changes; slowest {worst[0]:5.0f} ms ({worst[1]})   target <= 1000 ms")


def run_settings(choice, engine):
    """Return gradient_descent's settings for a choice of the explorer's optimizer menu."""
    rule = "sgd" if choice in ("sgd", "momentum") else choice
    return {"optimizer": rule, "momentum": 0.5 if choice == "momentum" else 0.0, "engine": engine}


def optimizer_menu():
    """Print the two-parameter explorer's redraw with each optimizer of its menu, against the naive redraw."""
    X, Y = seed_data()
    rates = [lr for lr in LEARNING_RATES if lr < 0.25]
    for engine, choice in itertools.product(("numpy", "torch"), MENU):
        beta = 0.5 if choice == "momentum" else 0.0
        ex = Explorer(X, Y, lang="en", bias=True, optimizer=choice, engine=engine, momentum=beta)
        for iterations in (20, ex.iterations.max):
            ex.iterations.value = iterations
            total = median_ms(lambda lr: setattr(ex.learning_rate, "value", lr), rates)
            naive = median_ms(lambda lr: naive_bowl_png(X, Y, lr, iterations, **run_settings(choice, engine)),
                              rates[::4])
            print(f"menu: {ex.optimizer.label:16s} {engine:5s} {iterations:4d} iterations: whole redraw "
                  f"{total:6.1f} ms; naive {naive:6.1f} ms ({naive / total:4.1f}x slower)")
    for choice in MENU[2:]:  # gradient descent and momentum: worst_redraws() above (bias True, β = 0.5)
        worst = (0.0, "")
        for n, engine in itertools.product((4, 200, 10_000), ("numpy", "torch")):
            X, Y = (seed_data() if n == 4 else data(n))
            lr = 0.5 * fastest_lr(np.asarray(X, dtype=np.float32))
            for batch_size in [None, *batch_sizes(n, "adam")]:
                ex = Explorer(X, Y, lang="en", lr=lr, engine=engine, batch_size=batch_size, iterations=1,
                              bias=True, optimizer=choice, momentum=0.5 if choice == "momentum" else 0.0)
                ex.iterations.value = ex.iterations.max
                ms = median_ms(lambda k: setattr(ex.learning_rate, "value", lr * (1 + k / 100)), [1, 2, 3])
                worst = max(worst, (ms, f"N = {n}, {engine}, batch size {batch_size or 'full'}, "
                                        f"{ex.iterations.value} epochs"))
        print(f"menu: slowest redraw with {choice:8s}: {worst[0]:6.0f} ms ({worst[1]})   target <= 1000 ms")


def main():
    """Print the split, the worst redraws, the peak memory and the iterations change."""
    print(f"learning-rate change to new PNG, median of {len(LEARNING_RATES)}:")
    split(20)
    split(1000)
    split(20, bias=True)
    split(1000, bias=True)
    worst_redraws()
    peak_memory()
    iterations_change()
    curve_worst()
    optimizer_menu()


if __name__ == "__main__":
    main()
