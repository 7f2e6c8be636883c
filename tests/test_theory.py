"""Closed-form facts against the field notes' table and against real runs."""
import numpy as np
import pytest

from gd_helpers import (batch_critical_lr, contraction, critical_lr, curvature, fastest_lr, gradient_descent,
                        minimiser, regime, seed_data)

X, Y = seed_data()


def test_seed_data_constants():
    assert curvature(X) == 15 and curvature(X, "sum") == 60
    assert minimiser(X, Y) == 2
    assert fastest_lr(X) == pytest.approx(1 / 15) and critical_lr(X) == pytest.approx(2 / 15)
    assert critical_lr(X, "sum") == pytest.approx(2 / 60)
    assert contraction(0.01, X) == pytest.approx(0.85) and contraction(0.01, X, "sum") == pytest.approx(0.4)


@pytest.mark.parametrize("lr, expected", [(0.01, "converges"), (0.06, "converges"), (0.1, "oscillates"),
                                          (0.13, "oscillates"), (0.14, "diverges"), (0.5, "diverges")])
def test_regimes_on_the_seed_data(lr, expected):
    assert regime(lr, X) == expected


def test_summed_gradient_moves_the_landmarks_by_n():
    assert regime(0.04, X, "sum") == "diverges" and regime(0.04, X) == "converges"


def test_regimes_predict_what_a_run_does_on_other_data():
    x = np.array([0.3, -1.2, 2.5, 1.7, -0.4])
    y = 0.7 * x + np.array([0.1, -0.2, 0.05, 0.0, 0.3])
    w_star, lr_crit = minimiser(x, y), critical_lr(x)
    for factor, expected in [(0.3, "converges"), (0.8, "oscillates"), (1.2, "diverges")]:
        lr = factor * lr_crit
        assert regime(lr, x) == expected
        h = gradient_descent(x, y, lr=lr, iterations=200, w0=w_star + 1)
        steps = np.diff(h.w[:10])
        if expected == "converges":
            assert np.all(steps < 0) and abs(h.w[-1] - w_star) < 1e-4
        elif expected == "oscillates":
            assert np.all(steps[:-1] * steps[1:] < 0) and abs(h.w[-1] - w_star) < 1e-3
        else:
            assert abs(h.w[-1] - w_star) > 1e6


def test_all_zero_inputs_have_no_finite_limit():
    assert critical_lr([0.0, 0.0]) == np.inf and minimiser([0.0, 0.0], [1.0, 2.0]) == 0.0


def test_exactly_at_the_stability_limit_the_weight_bounces():
    assert regime(critical_lr(X), X) == "bounces" and regime(critical_lr(X, "sum"), X, "sum") == "bounces"
    h = gradient_descent(X, Y, lr=critical_lr(X), iterations=6)
    np.testing.assert_allclose(h.w, [0, 4, 0, 4, 0, 4, 0], atol=1e-5)


def test_batch_limit_is_set_by_the_worst_batch():
    assert batch_critical_lr(X, 4) == pytest.approx(critical_lr(X))
    assert batch_critical_lr(X, 1) == pytest.approx(1 / 16)  # a single example: lr < 1/x_i², x = 4
    assert batch_critical_lr(X, 2) == pytest.approx(2 / (2 * (16 + 9) / 2))
    assert batch_critical_lr(X, 3) == pytest.approx(1 / 16)  # 4 = 3 + 1: the last batch holds one example
    assert batch_critical_lr(X, 2, "sum") == pytest.approx(batch_critical_lr(X, 2) / 2)
