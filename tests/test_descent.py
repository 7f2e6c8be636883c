"""The gradient_descent() contract: seed numbers, closed form, engines, divergence, bad input."""
import warnings

import numpy as np
import pytest

from gd_helpers import gradient_descent, seed_data, trajectory

X, Y = seed_data()


def test_seed_data_is_the_seed_notebooks_float32_points():
    assert X.dtype == Y.dtype == np.float32
    assert X.tolist() == [1, 2, 3, 4] and Y.tolist() == [2, 4, 6, 8]


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_mean_gradient_follows_the_closed_form(engine):
    h = gradient_descent(X, Y, lr=0.01, iterations=20, engine=engine)
    np.testing.assert_allclose(h.w, 2 * (1 - 0.85 ** np.arange(21)), rtol=1e-5, atol=1e-6)
    assert f"{h.w[1]:.3f}" == "0.300" and f"{5 * h.w[-1]:.3f}" == "9.612"


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_summed_gradient_is_the_seeds_run(engine):
    h = gradient_descent(X, Y, lr=0.01, iterations=20, gradient="sum", engine=engine)
    np.testing.assert_allclose(h.w, 2 * (1 - 0.4 ** np.arange(21)), rtol=1e-5, atol=1e-6)
    assert [f"{w:.3f}" for w in h.w[1:4]] == ["1.200", "1.680", "1.872"]


def test_history_shapes_and_the_loss_before_each_update():
    h = gradient_descent(X, Y, lr=0.01, iterations=7, w0=1.0)
    assert h.w.shape == (8,) and h.loss.shape == (7,) and h.w[0] == 1.0
    np.testing.assert_allclose(h.loss, [np.mean((w * X - Y) ** 2) for w in h.w[:-1]], rtol=1e-6)
    assert h.diverged_at is None and h.updates_per_epoch == 1


def test_zero_iterations_keep_w0():
    h = gradient_descent(X, Y, lr=0.1, iterations=0, w0=-3)
    assert h.w.tolist() == [-3.0] and h.loss.size == 0


@pytest.mark.parametrize("gradient", ["mean", "sum"])
@pytest.mark.parametrize("lr", [0.001, 0.05, 0.12, 0.2])
def test_engines_agree_on_other_data(gradient, lr):
    rng = np.random.default_rng(1)
    x = rng.uniform(-2, 3, size=9)
    y = 1.5 * x + rng.normal(0, 0.3, size=9)
    a = gradient_descent(x, y, lr=lr, iterations=60, gradient=gradient, w0=0.5)
    b = gradient_descent(x, y, lr=lr, iterations=60, gradient=gradient, w0=0.5, engine="torch")
    assert a.diverged_at == b.diverged_at
    np.testing.assert_allclose(a.w, b.w, rtol=2e-5, atol=1e-5)
    np.testing.assert_allclose(a.loss, b.loss, rtol=2e-5, atol=1e-6)


def test_numpy_loop_matches_the_closed_form_on_other_data():
    x, y = [0.5, -1.0, 2.0], [1.0, 0.0, 3.0]
    h = gradient_descent(x, y, lr=0.1, iterations=30, w0=2.0)
    np.testing.assert_allclose(h.w, trajectory(0.1, 30, x, y, w0=2.0), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_divergence_is_a_result_with_no_warning(engine):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = gradient_descent(X, Y, lr=0.5, iterations=1000, engine=engine)
    assert h.diverged_at is not None and 1 < h.diverged_at < 1000
    assert len(h.loss) == h.diverged_at - 1 and len(h.w) == h.diverged_at
    assert np.all(np.isfinite(h.w)) and np.all(np.isfinite(h.loss))
    assert abs(h.w[-1]) > 1e15


BAD = [
    (dict(lr=0), ValueError, "lr"),
    (dict(lr=-0.1), ValueError, "lr"),
    (dict(lr=float("nan")), ValueError, "lr"),
    (dict(lr="0.1"), TypeError, "lr"),
    (dict(lr=True), TypeError, "lr"),
    (dict(iterations=-1), ValueError, "iterations"),
    (dict(iterations=2.5), TypeError, "iterations"),
    (dict(w0=float("inf")), ValueError, "w0"),
    (dict(engine="jax"), ValueError, "engine"),
    (dict(gradient="median"), ValueError, "gradient"),
    (dict(X=[1, 2, 3]), ValueError, "same length"),
    (dict(X=[]), ValueError, "X"),
    (dict(X=[[1, 2], [3, 4]]), ValueError, "X"),
    (dict(Y=[1, 2, float("nan"), 4]), ValueError, "Y"),
    (dict(X=[1, 2, 3, 1e300]), ValueError, "X"),
    (dict(X=["a", "b", "c", "d"]), TypeError, "X"),
    (dict(X=None), ValueError, "X"),
]


@pytest.mark.parametrize("change, error, word", BAD, ids=[str(c) for c, _, _ in BAD])
def test_bad_input_names_the_argument(change, error, word):
    args = dict(X=X, Y=Y, lr=0.01, iterations=5) | change
    with pytest.raises(error, match=word):
        gradient_descent(args.pop("X"), args.pop("Y"), args.pop("lr"), args.pop("iterations"), **args)


def noisy_line(n=50, seed=0):
    """Return n noisy points around y = 2x, for the batch tests."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, n)
    return x, 2 * x + rng.normal(0, 0.5, n)


def test_full_size_batches_give_the_batch_result():
    x, y = noisy_line()
    full = gradient_descent(x, y, lr=0.1, iterations=30)
    same = gradient_descent(x, y, lr=0.1, iterations=30, batch_size=len(x))
    np.testing.assert_allclose(same.w, full.w, rtol=1e-5)
    assert same.updates_per_epoch == 1


def test_mini_batches_count_every_update_and_keep_a_smaller_last_batch():
    x, y = noisy_line(n=5)
    h = gradient_descent(x, y, lr=0.05, iterations=4, batch_size=2)
    assert h.updates_per_epoch == 3 and len(h.w) == 4 * 3 + 1 and len(h.loss) == 12
    np.testing.assert_allclose(h.loss, [np.mean((w * x - y) ** 2) for w in h.w[:-1]], rtol=1e-5)


def test_sgd_on_the_seed_data_converges_exactly():
    h = gradient_descent(X, Y, lr=0.02, iterations=100, batch_size=1)
    assert h.updates_per_epoch == 4 and abs(h.w[-1] - 2) < 1e-6


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_engines_make_the_same_updates_in_the_same_order(batch_size):
    x, y = noisy_line(n=20)
    a = gradient_descent(x, y, lr=0.1, iterations=10, batch_size=batch_size, seed=5)
    b = gradient_descent(x, y, lr=0.1, iterations=10, batch_size=batch_size, seed=5, engine="torch")
    np.testing.assert_allclose(a.w, b.w, rtol=1e-5, atol=1e-6)
    c = gradient_descent(x, y, lr=0.1, iterations=10, batch_size=batch_size, seed=6)
    assert not np.allclose(a.w, c.w)


@pytest.mark.parametrize("batch_size, error", [(0, ValueError), (5, ValueError), (2.5, TypeError),
                                               ("2", TypeError)])
def test_bad_batch_size_names_the_argument_and_the_range(batch_size, error):
    with pytest.raises(error, match=r"batch_size must be an int from 1 to 4"):
        gradient_descent(X, Y, lr=0.01, iterations=3, batch_size=batch_size)
