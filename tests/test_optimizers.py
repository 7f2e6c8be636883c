"""gradient_descent(optimizer=...): AdaGrad, RMSProp and Adam by hand (NumPy) against torch.optim, and bad input.

Tolerance for NumPy against torch.optim: 16 float32 ulps of the largest parameter the run reaches. Both engines
round every operation to float32 in the same order, but torch's AVX2/AVX-512 kernels fuse a multiply and an add
(addcmul_, add_ with alpha) into one rounding where NumPy rounds twice: a last-bit difference in one update, which
these contracting runs carry along without amplifying it (measured on this machine: at most 4 ulps, most runs
bit-identical). Runs that end in float32 noise (lr far above the bowl's scale) amplify such a bit, so the
comparisons stay on runs that converge or crawl.
"""
import inspect

import numpy as np
import pytest
import torch

from gd_helpers import adaptive, gradient_descent, numpy_loop, seed_data
from gd_helpers.adaptive import DEFAULT_EPS, Optimizer, optimizer_settings

X, Y = seed_data()
DATA = {  # name: (X, Y, bias)
    "seed": (X, Y, False),                        # the seed notebook's f = w·x
    "lesson04": (X, Y, True),                     # lesson 04's bowl: w and b coupled, κ = 55.8
    "axis_aligned": (10 * (X - X.mean()), Y, True),  # centred and scaled: the steep and flat axes are w and b
}
RATES = {"adagrad": [0.1, 1.0], "rmsprop": [0.001, 0.05], "adam": [0.01, 0.3]}
CASES = [(opt, lr, name) for opt, rates in RATES.items() for lr in rates for name in DATA]


def params(h):
    """Return a run's parameters as rows: w, and b with a bias."""
    return np.stack([h.w] + ([] if h.b is None else [h.b]))


def assert_float32_close(a, b):
    """Assert that two runs agree within 16 float32 ulps of their largest parameter (see the module docstring)."""
    pa, pb = params(a), params(b)
    assert a.diverged_at is None and b.diverged_at is None and pa.shape == pb.shape
    tolerance = 16 * np.spacing(np.float32(np.abs(pa).max()))
    assert np.abs(pa - pb).max() <= tolerance
    np.testing.assert_allclose(a.loss, b.loss, rtol=16 * 2.0 ** -23, atol=tolerance)


@pytest.mark.parametrize("batch_size", [None, 2])
@pytest.mark.parametrize("optimizer, lr, data", CASES)
def test_numpy_rules_match_torch_optim(optimizer, lr, data, batch_size):
    x, y, bias = DATA[data]
    kwargs = dict(optimizer=optimizer, bias=bias, batch_size=batch_size)
    a = gradient_descent(x, y, lr, 200, **kwargs)
    b = gradient_descent(x, y, lr, 200, engine="torch", **kwargs)
    assert_float32_close(a, b)
    assert a.effective_lr.shape == b.effective_lr.shape == (len(a.loss), 2 if bias else 1)
    np.testing.assert_allclose(a.effective_lr, b.effective_lr, rtol=1e-6)


@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "adam"])
def test_the_torch_engine_calls_torch_optim(optimizer, monkeypatch):
    name = {"adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}[optimizer]
    made = []
    real = getattr(torch.optim, name)

    class Spy(real):
        def __init__(self, *args, **kwargs):
            made.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(torch.optim, name, Spy)
    gradient_descent(X, Y, 0.1, 3, engine="torch", optimizer=optimizer, bias=True)
    assert len(made) == 1 and made[0]["lr"] == 0.1 and made[0]["eps"] == DEFAULT_EPS[optimizer]


def test_defaults_are_torch_optims():
    for optimizer, cls in (("adagrad", torch.optim.Adagrad), ("rmsprop", torch.optim.RMSprop),
                           ("adam", torch.optim.Adam)):
        signature = inspect.signature(cls.__init__).parameters
        rule = optimizer_settings(optimizer)
        assert rule.eps == signature["eps"].default
        if "alpha" in signature:
            assert rule.alpha == signature["alpha"].default
        if "betas" in signature:
            assert rule.betas == signature["betas"].default
    adagrad = inspect.signature(torch.optim.Adagrad.__init__).parameters
    assert adagrad["lr_decay"].default == adagrad["initial_accumulator_value"].default == 0  # what the rule assumes
    assert DEFAULT_EPS == {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}


@pytest.mark.parametrize("engine", ["numpy", "torch"])
@pytest.mark.parametrize("lr", [0.1, 0.003])
def test_adams_first_step_moves_every_coordinate_by_lr(engine, lr):
    """m̂ = g and √v̂ = |g| after one update: the step is lr·g/(|g| + eps), a sign step."""
    for w0, b0 in [(0.0, 0.0), (5.0, -3.0), (1.0, 1.5)]:
        h = gradient_descent(X, Y, lr, 1, engine=engine, optimizer="adam", bias=True, w0=w0, b0=b0)
        g = 2 * np.mean((w0 * X + b0 - Y) * np.stack([X, np.ones_like(X)]), axis=1)  # ∂J/∂w, ∂J/∂b
        moved = np.array([h.w[1] - w0, h.b[1] - b0])
        np.testing.assert_allclose(moved, -lr * np.sign(g), rtol=4 * 2.0 ** -23 * max(1, abs(w0), abs(b0)) / lr)
        np.testing.assert_allclose(h.effective_lr[0], lr / (np.abs(g) + 1e-8), rtol=1e-6)


def test_rmsprops_first_step_is_lr_over_the_root_of_one_minus_alpha():
    """v = (1 − α)·g² after one update: the step is lr·g/(√(1 − α)·|g|) = 10·lr at α = 0.99."""
    for engine in ("numpy", "torch"):
        h = gradient_descent(X, Y, 0.01, 1, engine=engine, optimizer="rmsprop")
        assert h.w[1] == pytest.approx(0.1, rel=1e-6)


def test_adagrads_step_after_k_equal_gradients_is_lr_over_root_k():
    """s = k·g² after k equal gradients, so the k-th step is lr·g/(√k·|g| + eps) ≈ lr/√k."""
    rule, lr = optimizer_settings("adagrad"), 0.5
    for g in (np.float32(3.0), np.float32(-0.25)):
        state = rule.start()
        for k in range(1, 101):
            step, state = rule.step(np.float32(0), g, state, k, lr)  # from 0: the step itself, unrounded by p
            assert -float(step) == pytest.approx(np.sign(g) * lr / np.sqrt(k), rel=1e-6), k
            assert rule.effective_lr(state, k, lr) == pytest.approx(lr / (np.sqrt(k) * abs(g)), rel=1e-6)


def test_adagrad_rule_steps_like_torch_optim_on_equal_gradients():
    """The same k equal gradients fed to torch.optim.Adagrad: the same float32 parameter after every step."""
    rule, lr, g = optimizer_settings("adagrad"), 0.5, 3.0
    theta = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.Adagrad([theta], lr=lr)
    p, state = np.float32(0), rule.start()
    for k in range(1, 51):
        theta.grad = torch.tensor(g)
        optimizer.step()
        p, state = rule.step(p, np.float32(g), state, k, lr)
        assert abs(float(p) - theta.item()) <= 2 * np.spacing(np.float32(abs(p)))


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_sgd_with_nesterov_is_torch_optim_sgd(engine):
    h = gradient_descent(X, Y, 0.05, 40, engine=engine, bias=True, momentum=0.5, nesterov=True)
    w, b = torch.zeros((), requires_grad=True), torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.05, momentum=0.5, nesterov=True)
    for k in range(40):
        optimizer.zero_grad()
        ((w * torch.from_numpy(X) + b - torch.from_numpy(Y)) ** 2).mean().backward()
        optimizer.step()
        assert abs(h.w[k + 1] - w.item()) <= 16 * np.spacing(np.float32(2)), k
        assert abs(h.b[k + 1] - b.item()) <= 16 * np.spacing(np.float32(2)), k
    plain = gradient_descent(X, Y, 0.05, 40, engine=engine, bias=True, momentum=0.5)
    assert not np.array_equal(plain.w, h.w)


@pytest.mark.parametrize("batch_size", [None, 1])
def test_rmsprop_with_momentum_matches_torch_optim(batch_size):
    kwargs = dict(optimizer="rmsprop", momentum=0.5, bias=True, batch_size=batch_size)
    a = gradient_descent(X, Y, 0.01, 100, **kwargs)
    assert_float32_close(a, gradient_descent(X, Y, 0.01, 100, engine="torch", **kwargs))
    assert not np.array_equal(a.w, gradient_descent(X, Y, 0.01, 100, optimizer="rmsprop", bias=True,
                                                    batch_size=batch_size).w)


@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "adam"])
def test_hyper_parameters_reach_both_engines(optimizer):
    settings = {"adagrad": {"eps": 1e-3}, "rmsprop": {"alpha": 0.9, "eps": 1e-3},
                "adam": {"betas": (0.5, 0.9), "eps": 1e-3}}[optimizer]
    a = gradient_descent(X, Y, 0.05, 60, optimizer=optimizer, bias=True, **settings)
    assert_float32_close(a, gradient_descent(X, Y, 0.05, 60, engine="torch", optimizer=optimizer, bias=True,
                                             **settings))
    assert not np.array_equal(a.w, gradient_descent(X, Y, 0.05, 60, optimizer=optimizer, bias=True).w)


def test_sgd_keeps_its_numerics_and_records_no_effective_rate():
    default = gradient_descent(X, Y, 0.05, 30, bias=True, momentum=0.3)
    named = gradient_descent(X, Y, 0.05, 30, bias=True, momentum=0.3, optimizer="sgd")
    assert np.array_equal(default.w, named.w) and np.array_equal(default.b, named.b)
    assert default.effective_lr is None and named.first(10).effective_lr is None
    assert f"{gradient_descent(X, Y, 0.01, 20).w[-1] * 5:.3f}" == "9.612"  # the seed's f(5) after 20 steps


def test_first_keeps_the_effective_rates_of_the_updates_it_keeps():
    h = gradient_descent(X, Y, 0.1, 50, optimizer="adagrad", bias=True)
    short = h.first(10)
    assert short.effective_lr.shape == (10, 2) and np.array_equal(short.effective_lr, h.effective_lr[:10])
    assert np.all(np.diff(h.effective_lr, axis=0) <= 0)  # AdaGrad's sum only grows: its steps only shrink


def test_the_numpy_rules_call_no_blas(monkeypatch):
    """BLAS sums in a CPU-specific order: the rules use elementwise float32 arithmetic only."""
    class NoBlas:
        def __getattr__(self, name):
            if name in ("dot", "matmul", "inner", "vdot", "tensordot", "einsum"):
                raise AssertionError(f"np.{name} is BLAS")
            return getattr(np, name)

    for module in (adaptive, numpy_loop):
        monkeypatch.setattr(module, "np", NoBlas())
    for optimizer in ("adagrad", "rmsprop", "adam"):
        gradient_descent(X, Y, 0.1, 5, optimizer=optimizer, bias=True, batch_size=3)


def test_the_rules_are_one_small_function_each():
    for rule in (adaptive.sgd, adaptive.adagrad, adaptive.rmsprop, adaptive.adam):
        assert len(inspect.getsource(rule).splitlines()) <= 12 and rule.__doc__


BAD = [
    (dict(optimizer="adamw"), ValueError, "optimizer must be one of 'sgd', 'adagrad', 'rmsprop', 'adam'"),
    (dict(optimizer=None), ValueError, "optimizer must be one of"),
    (dict(optimizer="adam", betas=(0.9, 1.0)), ValueError, "betas[1] must be a real number in [0, 1)"),
    (dict(optimizer="adam", betas=(-0.1, 0.999)), ValueError, "betas[0] must be a real number in [0, 1)"),
    (dict(optimizer="adam", betas=(0.9, float("nan"))), ValueError, "betas[1] must be"),
    (dict(optimizer="adam", betas=0.9), TypeError, "betas must be a pair (β₁, β₂)"),
    (dict(optimizer="adam", betas="ab"), TypeError, "betas must be a pair"),
    (dict(optimizer="adam", betas=(0.9, "0.999")), TypeError, "betas[1] must be a real number in [0, 1)"),
    (dict(optimizer="adam", eps=0), ValueError, "eps must be a finite number > 0"),
    (dict(optimizer="adagrad", eps=-1e-8), ValueError, "eps must be a finite number > 0"),
    (dict(optimizer="rmsprop", eps="1e-8"), TypeError, "eps must be a real number"),
    (dict(optimizer="rmsprop", alpha=1.0), ValueError, "alpha must be a real number in [0, 1)"),
    (dict(optimizer="rmsprop", alpha=-0.5), ValueError, "alpha must be a real number in [0, 1)"),
    (dict(optimizer="adam", momentum=0.9), ValueError, "momentum must be 0 with optimizer='adam'"),
    (dict(optimizer="adagrad", momentum=0.5), ValueError, "momentum must be 0 with optimizer='adagrad'"),
    (dict(nesterov=True), ValueError, "nesterov=True needs optimizer='sgd' and a momentum in (0, 1)"),
    (dict(optimizer="adam", nesterov=True), ValueError, "nesterov=True needs optimizer='sgd'"),
    (dict(momentum=0.5, nesterov="yes"), TypeError, "nesterov must be True or False"),
    (dict(optimizer="adam", alpha=0.9), ValueError, "alpha is used by optimizer='rmsprop' only"),
    (dict(optimizer="rmsprop", betas=(0.8, 0.99)), ValueError, "betas is used by optimizer='adam' only"),
    (dict(eps=1e-8), ValueError, "eps is used by 'adagrad', 'rmsprop' and 'adam' only"),
]


@pytest.mark.parametrize("kwargs, error, message", BAD)
def test_bad_optimizer_settings_name_the_argument_and_the_range(kwargs, error, message):
    with pytest.raises(error) as raised:
        gradient_descent(X, Y, 0.1, 5, **kwargs)
    assert message in str(raised.value)


def test_an_adaptive_record_counts_against_the_memory_budget():
    with pytest.raises(ValueError, match="memory budget"):
        gradient_descent(X, Y, 0.1, 8_000_000, optimizer="adam", bias=True)  # 8e6 × 28 bytes = 224 MB
    assert Optimizer().name == "sgd"
