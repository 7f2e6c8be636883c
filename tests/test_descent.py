"""The gradient_descent() contract: seed numbers, closed form, engines, divergence, bad input."""
import platform
import warnings

import numpy as np
import pytest
import torch

from gd_helpers import batch_schedule, gradient_descent, seed_data, trajectory

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


# ---- bias=True and momentum=β (issue 8) ----------------------------------------------------------------

ENGINE_GRID = [(engine, gradient, batch_size) for engine in ["numpy", "torch"] for gradient in ["mean", "sum"]
               for batch_size in [None, 1, 4, 11]]


def line_with_offset(n=11, seed=7):
    """Return n noisy points around y = 0.8x − 1.1, not the seed's data."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 3, n)
    return x, 0.8 * x - 1.1 + rng.normal(0, 0.2, n)


def small_lr(gradient, n=11):
    """Return a learning rate that is stable for every batch size and momentum used below."""
    return 0.01 if gradient == "mean" else 0.01 / n


def test_without_bias_history_b_is_none_and_explicit_defaults_change_nothing():
    h = gradient_descent(X, Y, lr=0.01, iterations=20)
    assert h.b is None and h.first(5).b is None
    same = gradient_descent(X, Y, lr=0.01, iterations=20, bias=False, b0=0.0, momentum=0.0)
    assert same.b is None
    assert h.w.tobytes() == same.w.tobytes() and h.loss.tobytes() == same.loss.tobytes()


@pytest.mark.parametrize("engine, gradient, batch_size", ENGINE_GRID)
def test_history_b_has_one_entry_per_weight_for_every_engine_gradient_and_batch(engine, gradient, batch_size):
    x, y = line_with_offset()
    h = gradient_descent(x, y, lr=small_lr(gradient), iterations=6, engine=engine, gradient=gradient,
                         batch_size=batch_size, bias=True, b0=0.25, momentum=0.5)
    assert h.b.dtype == np.float32 and h.b.shape == h.w.shape and h.b[0] == 0.25
    assert len(h.loss) == len(h.w) - 1 == 6 * h.updates_per_epoch
    np.testing.assert_allclose(h.loss, [np.mean((w * x + b - y) ** 2) for w, b in zip(h.w[:-1], h.b[:-1])],
                               rtol=1e-5)
    two = h.first(2)
    assert two.b.tolist() == h.b[:2 * h.updates_per_epoch + 1].tolist() and two.b.shape == two.w.shape


def test_first_step_with_a_bias_is_the_simultaneous_update_by_hand():
    h = gradient_descent(X, Y, lr=0.01, iterations=1, bias=True)
    # From (0, 0): ∂J/∂w = mean(2·x·(0 − y)) = −2·mean(x·y) = −30, ∂J/∂b = −2·mean(y) = −10.
    # Updating b with the new w instead would give b = 0.01·2·mean(y − 0.3·x) = 0.085.
    assert h.w[1] == pytest.approx(0.3, rel=1e-6) and h.b[1] == pytest.approx(0.1, rel=1e-6)


@pytest.mark.parametrize("engine", ["numpy", "torch"])
@pytest.mark.parametrize("momentum", [0.0, 0.6])
def test_bias_fits_the_least_squares_line(engine, momentum):
    x, y = line_with_offset()
    h = gradient_descent(x, y, lr=0.1, iterations=800, engine=engine, bias=True, momentum=momentum)
    slope, intercept = np.polyfit(x, y, 1)
    assert h.diverged_at is None
    assert h.w[-1] == pytest.approx(slope, abs=1e-5) and h.b[-1] == pytest.approx(intercept, abs=1e-5)


def heavy_ball_by_recursion(x, y, lr, iterations, w0, momentum):
    """Return w_k of f = w·x from the closed recursion of the error e = w − w*, in float64."""
    w_star, L = np.mean(x * y) / np.mean(x * x), 2 * np.mean(x * x)
    errors = [w0 - w_star, (1 - lr * L) * (w0 - w_star)]      # v₀ = 0: the first step is a plain one
    for _ in range(iterations - 1):
        errors.append((1 + momentum - lr * L) * errors[-1] - momentum * errors[-2])
    return w_star + np.array(errors)


@pytest.mark.parametrize("momentum", [0.3, 0.9])
@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_momentum_follows_the_heavy_ball_recursion(momentum, engine):
    x, y = np.array([0.5, -1.0, 2.0, 1.5]), np.array([1.0, 0.0, 3.0, 2.0])
    h = gradient_descent(x, y, lr=0.2, iterations=40, w0=2.0, momentum=momentum, engine=engine)
    np.testing.assert_allclose(h.w, heavy_ball_by_recursion(x, y, 0.2, 40, 2.0, momentum), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("engine, gradient, batch_size", ENGINE_GRID)
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_numpy_and_torch_agree_to_float32_precision_with_bias_and_momentum(engine, gradient, batch_size, momentum):
    if engine == "torch":
        return  # each pair is compared once, from its numpy side
    x, y = line_with_offset()
    runs = [gradient_descent(x, y, lr=small_lr(gradient), iterations=50, engine=e, gradient=gradient,
                             batch_size=batch_size, seed=3, w0=0.5, bias=True, b0=-0.3, momentum=momentum)
            for e in ["numpy", "torch"]]
    a, b = runs
    assert a.diverged_at is None and b.diverged_at is None
    for got, expected in [(b.w, a.w), (b.b, a.b), (b.loss, a.loss)]:
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def sgd_trajectory(x, y, lr, iterations, momentum, bias, gradient="mean", batch_size=None, seed=0):
    """Train w (and b) with a hand-written loop around torch.optim.SGD; return their values at every step."""
    X_t, Y_t = torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(-0.3, requires_grad=True)
    params = [w, b] if bias else [w]
    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum)
    ws, bs = [w.item()], [b.item()]
    for batch in batch_schedule(len(x), batch_size, iterations, seed):
        xb, yb = (X_t, Y_t) if batch is None else (X_t[batch], Y_t[batch])
        y_pred = w * xb + b if bias else w * xb
        loss = ((y_pred - yb) ** 2).mean()
        if gradient == "sum":
            loss = loss * len(xb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        ws.append(w.item())
        bs.append(b.item())
    return np.array(ws, dtype=np.float32), np.array(bs, dtype=np.float32) if bias else None


# To see the bits agree on an AVX2 machine, run this test by hand with ATEN_CPU_CAPABILITY=default:
# tests and CI never set a kernel variable.
X86 = platform.machine().lower() in ("x86_64", "amd64")
UNFUSED = X86 and torch.backends.cpu.get_cpu_capability() == "DEFAULT"


@pytest.mark.parametrize("gradient, batch_size", [("mean", None), ("sum", None), ("mean", 1), ("sum", 4)])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_torch_engine_is_torch_optim_sgd_with_momentum(gradient, batch_size, bias, momentum):
    x, y = line_with_offset()
    lr = small_lr(gradient)
    h = gradient_descent(x, y, lr=lr, iterations=30, engine="torch", gradient=gradient, batch_size=batch_size,
                         seed=3, w0=0.5, bias=bias, b0=-0.3, momentum=momentum)
    ws, bs = sgd_trajectory(x, y, lr, 30, momentum, bias, gradient, batch_size, seed=3)
    if UNFUSED:  # the same float32 operations, so the same bits
        np.testing.assert_array_equal(h.w, ws)
        np.testing.assert_array_equal(h.b, bs)
    else:  # SGD's p.add_(v, alpha=-lr) is one fused multiply-add on AVX2/AVX-512 kernels: last bit only
        np.testing.assert_allclose(h.w, ws, rtol=1e-6, atol=1e-7)
        if bias:
            np.testing.assert_allclose(h.b, bs, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_momentum_lets_a_rate_above_2_over_lambda_max_converge(engine):
    lr = 0.15  # seed data with a bias: 2/λmax = 0.1198 < 0.15 < 2(1 + 0.5)/λmax = 0.1796
    plain = gradient_descent(X, Y, lr=lr, iterations=2000, engine=engine, bias=True)
    heavy = gradient_descent(X, Y, lr=lr, iterations=2000, engine=engine, bias=True, momentum=0.5)
    assert plain.diverged_at is not None
    assert heavy.diverged_at is None and heavy.loss[-1] < 1e-10


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_divergence_with_a_bias_and_momentum_is_a_result_with_no_warning(engine):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = gradient_descent(X, Y, lr=0.5, iterations=1000, engine=engine, bias=True, momentum=0.7)
    assert h.diverged_at is not None and 1 < h.diverged_at < 1000
    assert len(h.b) == len(h.w) == h.diverged_at and len(h.loss) == h.diverged_at - 1
    assert np.all(np.isfinite(h.w)) and np.all(np.isfinite(h.b)) and np.all(np.isfinite(h.loss))


MOMENTUM_RANGE = r"momentum must be a real number in \[0, 1\)"
BAD_NEW = [
    (dict(momentum=1.0), ValueError, MOMENTUM_RANGE),
    (dict(momentum=1), ValueError, MOMENTUM_RANGE),
    (dict(momentum=-0.1), ValueError, MOMENTUM_RANGE),
    (dict(momentum=float("nan")), ValueError, MOMENTUM_RANGE),
    (dict(momentum=float("inf")), ValueError, MOMENTUM_RANGE),
    (dict(momentum=10 ** 400), ValueError, MOMENTUM_RANGE),
    (dict(momentum="0.5"), TypeError, MOMENTUM_RANGE),
    (dict(momentum=True), TypeError, MOMENTUM_RANGE),
    (dict(momentum=None), TypeError, MOMENTUM_RANGE),
    (dict(momentum=0.5j), TypeError, MOMENTUM_RANGE),
    (dict(bias=1), TypeError, "bias must be True or False"),
    (dict(bias="yes"), TypeError, "bias must be True or False"),
    (dict(bias=None), TypeError, "bias must be True or False"),
    (dict(b0=float("inf")), ValueError, "b0 must be a finite number"),
    (dict(b0=float("nan"), bias=True), ValueError, "b0 must be a finite number"),
    (dict(b0="1", bias=True), TypeError, "b0 must be a real number"),
]


@pytest.mark.parametrize("change, error, message", BAD_NEW, ids=[str(c) for c, _, _ in BAD_NEW])
def test_bad_bias_b0_or_momentum_names_the_argument_and_the_range(change, error, message):
    with pytest.raises(error, match=message):
        gradient_descent(X, Y, lr=0.01, iterations=5, **change)


def test_numpy_bools_and_numbers_are_accepted():
    h = gradient_descent(X, Y, lr=0.01, iterations=3, bias=np.bool_(True), b0=np.float32(1),
                         momentum=np.float64(0.5))
    assert h.b[0] == 1.0 and len(h.b) == 4
