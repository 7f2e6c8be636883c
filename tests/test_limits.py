"""No call takes the kernel down: memory budget, batches made as the loop goes, interrupts, checked input."""
import _thread
import inspect
import re
import threading
import tracemalloc

import numpy as np
import pytest
import torch

import gd_helpers
from gd_helpers import (Explorer, batch_schedule, best_momentum, checks, curvature, gradient_descent, mse,
                        plot_data, plot_loss_curve, seed_data, trajectory)

X, Y = seed_data()


def peak_bytes(call):
    """Return the largest amount of memory traced while `call()` ran (its result, or its exception)."""
    tracemalloc.start()
    try:
        call()
    except ValueError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("call", [
    lambda: gradient_descent(X, Y, 0.01, 10**9),
    lambda: gradient_descent(X, Y, 0.01, 10**9, engine="torch", bias=True),
    lambda: gradient_descent(X, Y, 0.01, 10**8, batch_size=1),
    lambda: trajectory(0.1, 10**9, X, Y),
    lambda: batch_schedule(4, 1, 10**9),
], ids=["numpy", "torch-bias", "batch-1", "trajectory", "batch_schedule"])
def test_a_call_over_the_memory_budget_is_refused_before_it_allocates(call):
    with pytest.raises(ValueError, match=r"memory budget of 200 MB.*ask for at most \d+"):
        call()
    assert peak_bytes(call) < 100_000


def test_the_refusal_says_how_many_iterations_fit_and_that_many_do(monkeypatch):
    monkeypatch.setattr(checks, "HISTORY_BUDGET_BYTES", 8_000)
    with pytest.raises(ValueError, match="iterations = 1000 ") as refused:
        gradient_descent(X, Y, 0.01, 1000)
    most = int(re.search(r"at most (\d+) iterations", str(refused.value)).group(1))
    assert len(gradient_descent(X, Y, 0.01, most).w) == most + 1
    with pytest.raises(ValueError, match="8,000 MB|0 MB"):
        gradient_descent(X, Y, 0.01, most + 1)
    assert len(trajectory(0.01, 999, X, Y)) == 1000
    with pytest.raises(ValueError, match="memory budget"):
        trajectory(0.01, 1000, X, Y)


def test_mini_batches_are_made_as_the_loop_goes():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 2, 1000)
    y = 2 * x + rng.normal(0, 0.1, 1000)
    history = 8 * (50 * 1000 + 1)  # float32 w and loss of 50 epochs of 1000 updates
    assert peak_bytes(lambda: gradient_descent(x, y, 0.01, 50, batch_size=1)) < 2 * history


def test_the_full_batch_run_keeps_only_its_float32_record():
    history = 8 * (100_000 + 1)
    assert peak_bytes(lambda: gradient_descent(X, Y, 0.01, 100_000)) < 2 * history


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_an_interrupt_stops_a_long_run(engine):
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            gradient_descent(X, Y, 0.01, 20_000_000, engine=engine)  # 160 MB: within the budget
    finally:
        timer.cancel()


BAD = [
    (lambda: mse(1.0, [1, 2], [1]), ValueError, "same length"),
    (lambda: mse("a", X, Y), TypeError, "w must"),
    (lambda: curvature([]), ValueError, "X must be 1-D and non-empty"),
    (lambda: curvature(["a"]), TypeError, "X must be an array-like of real numbers"),
    (lambda: curvature(X, gradient="median"), ValueError, "gradient must be one of"),
    (lambda: best_momentum([1, 1, 1], bias=True), ValueError, "X must hold at least two different values"),
    (lambda: best_momentum(X, bias="yes"), TypeError, "bias must be True or False"),
    (lambda: plot_loss_curve({}, X, Y, "en"), ValueError, "runs must hold at least one run"),
    (lambda: plot_loss_curve([1], X, Y, "en"), TypeError, "runs must be a dict"),
    (lambda: plot_data([1, 2, 3], [1, 2], 2.0, "en"), ValueError, "X and Y must have the same length"),
    (lambda: plot_data(X, Y, "2", "en"), TypeError, "w must be a real number"),
    (lambda: trajectory(0.1, -1, X, Y), ValueError, "iterations must be an int >= 0"),
    (lambda: trajectory(0, 5, X, Y), ValueError, "lr must be a finite number > 0"),
    (lambda: gd_helpers.critical_lr(X, momentum=1), ValueError, "momentum must be a real number in"),
    (lambda: gd_helpers.batch_critical_lr(X, 9), ValueError, "batch_size must be an int from 1 to 4"),
    (lambda: gd_helpers.eigen_rates(-1, X), ValueError, "lr must be a finite number > 0"),
    (lambda: batch_schedule(4, 5, 1), ValueError, "batch_size must be an int from 1 to 4"),
    (lambda: gradient_descent(torch.tensor([1.0, 2.0], requires_grad=True), [1, 2], 0.1, 3), TypeError,
     r"X is a torch tensor that requires grad: pass X.detach\(\)"),
    (lambda: mse(1.0, X, torch.ones(4, requires_grad=True)), TypeError, "Y is a torch tensor that requires grad"),
    (lambda: Explorer(hide=5), TypeError, "hide must be a tuple of names"),
    (lambda: Explorer([1e30, 2e30], [1, 2]), ValueError, "span 62 decades .* at most 8: rescale X"),
    (lambda: Explorer([1e-30, 2e-30], [1, 2]), ValueError, "at most 8: rescale X"),
]


@pytest.mark.parametrize("call, error, words", BAD, ids=[words for _, _, words in BAD])
def test_bad_input_gives_one_clear_line_naming_the_argument(call, error, words):
    with pytest.raises(error, match=words) as raised:
        call()
    assert "\n" not in str(raised.value)


def public_functions_with_data():
    """Return the exported functions that take the data X."""
    return [name for name in dir(gd_helpers) if inspect.isfunction(getattr(gd_helpers, name))
            and "X" in inspect.signature(getattr(gd_helpers, name)).parameters]


def call_with(name, **change):
    """Call the exported function `name` with plain arguments for its parameters, changed by `change`."""
    h = gradient_descent(X, Y, 0.01, 3)
    plain = dict(X=X, Y=Y, lr=0.01, iterations=3, w=1.0, runs={"run": h}, lang="en", batch_size=1)
    function = getattr(gd_helpers, name)
    wanted = inspect.signature(function).parameters
    return function(**{key: value for key, value in (plain | change).items() if key in wanted})


def test_every_public_function_with_data_checks_it():
    names = public_functions_with_data()
    assert {"mse", "curvature", "best_momentum", "plot_data", "plot_loss_curve", "trajectory"} <= set(names)
    for name in names:
        call_with(name)  # plain arguments work
        for bad, error in (([], ValueError), (["a"], TypeError), ([1.0, np.nan, 2.0, 3.0], ValueError),
                           (torch.ones(4, requires_grad=True), TypeError)):
            with pytest.raises(error, match="X"):
                call_with(name, X=bad)


def test_explorer_takes_one_name_to_hide():
    ex = Explorer(lang="en", hide="momentum")
    assert ex.momentum.layout.display == "none" and ex.seed.layout.display != "none"
