"""Closed-form facts against the field notes' table and against real runs."""
import numpy as np
import pytest

from gd_helpers import (batch_critical_lr, best_lr, best_momentum, condition_number, contraction, critical_lr,
                        curvature, eigen_directions, eigen_rates, eigenvalues, fastest_lr, gradient_descent, hessian,
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


# ---- two parameters: the Hessian, conditioning and momentum (issue 8) ----------------------------------

XC = X - X.mean()  # the seed's x, centred: [-1.5, -0.5, 0.5, 1.5]


def test_hessian_of_the_seed_data():
    np.testing.assert_array_equal(hessian(X, bias=True), [[15, 5], [5, 2]])
    np.testing.assert_array_equal(hessian(X, "sum", bias=True), [[60, 20], [20, 8]])  # N = 4 times larger
    np.testing.assert_array_equal(hessian(X), [[15]])
    np.testing.assert_array_equal(hessian(X, "sum"), [[60]])
    assert hessian(X)[0, 0] == curvature(X) and hessian(X, "sum")[0, 0] == curvature(X, "sum")


def test_eigenvalues_condition_number_and_critical_lr_of_the_seed_data():
    lam_min, lam_max = eigenvalues(X, bias=True)
    assert f"{lam_max:.2f}" == "16.70" and f"{lam_min:.3f}" == "0.299"
    np.testing.assert_allclose([lam_min, lam_max], np.linalg.eigvalsh([[15, 5], [5, 2]]), rtol=1e-14)
    assert lam_min * lam_max == pytest.approx(5) and lam_min + lam_max == pytest.approx(17)  # det and trace
    assert f"{condition_number(X, bias=True):.1f}" == "55.8"
    assert f"{critical_lr(X, bias=True):.4f}" == "0.1198"
    assert critical_lr(X, bias=True) == pytest.approx(2 / lam_max)


def test_summed_gradient_scales_every_eigenvalue_by_n_but_not_the_condition_number():
    np.testing.assert_allclose(eigenvalues(X, "sum", bias=True), 4 * eigenvalues(X, bias=True), rtol=1e-14)
    assert condition_number(X, "sum", bias=True) == pytest.approx(condition_number(X, bias=True), rel=1e-12)
    assert critical_lr(X, "sum", bias=True) == pytest.approx(critical_lr(X, bias=True) / 4, rel=1e-14)
    assert f"{critical_lr(X, 'sum', bias=True):.5f}" == "0.02994"
    assert best_lr(X, "sum", bias=True) == pytest.approx(best_lr(X, bias=True) / 4)
    (beta_sum, lr_sum), (beta, lr) = best_momentum(X, "sum", bias=True), best_momentum(X, bias=True)
    assert beta_sum == pytest.approx(beta) and lr_sum == pytest.approx(lr / 4)


def test_one_parameter_results_are_unchanged():
    assert critical_lr(X) == 2 / 15 and f"{critical_lr(X):.4f}" == "0.1333" and type(critical_lr(X)) is float
    assert critical_lr(X, "sum") == 2 / 60
    np.testing.assert_array_equal(eigenvalues(X), [15])
    assert condition_number(X) == 1 and best_lr(X) == pytest.approx(fastest_lr(X))
    assert best_momentum(X) == (0.0, pytest.approx(fastest_lr(X)))


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_critical_lr_is_2_times_1_plus_beta_over_lambda_max(bias, momentum):
    assert critical_lr(X, bias=bias, momentum=momentum) == pytest.approx(
        2 * (1 + momentum) / eigenvalues(X, bias=bias)[-1], rel=1e-14)


def test_centring_x_makes_the_hessian_diagonal():
    np.testing.assert_array_equal(hessian(XC, bias=True), [[2.5, 0], [0, 2]])
    assert condition_number(XC, bias=True) == 1.25
    np.testing.assert_array_equal(eigen_directions(XC, bias=True), [[0, 1], [1, 0]])  # b is flat, w is steep


@pytest.mark.parametrize("x", [[1, 2, 3, 4], [-1.5, -0.5, 0.5, 1.5], [0.1, 0.2, 0.25], [5.0, -3.0, 0.5, 2.0, 1.0],
                               [1e-3, 2e-3], [0.0, 0.0], [3.0, 3.0, 3.0]])
@pytest.mark.parametrize("gradient", ["mean", "sum"])
def test_eigen_directions_are_orthonormal_eigenvectors(x, gradient):
    H, lam, V = hessian(x, gradient, True), eigenvalues(x, gradient, True), eigen_directions(x, gradient, True)
    assert lam[0] <= lam[1]
    np.testing.assert_allclose(V.T @ V, np.eye(2), atol=1e-14)
    np.testing.assert_allclose(H @ V, V * lam, atol=1e-12 * max(lam[1], 1))


def test_an_input_constant_in_x_has_a_flat_direction():
    assert eigenvalues([3.0, 3.0, 3.0], bias=True).tolist() == [0.0, 20.0]
    assert condition_number([3.0, 3.0, 3.0], bias=True) == np.inf
    assert critical_lr([0.0, 0.0], bias=True) == 1.0  # only b is left: λmax = 2


def test_best_rates_of_the_seed_data():
    kappa = condition_number(X, bias=True)
    assert best_lr(X, bias=True) == pytest.approx(2 / 17)  # 2/(λmin + λmax), and λmin + λmax = trace = 17
    np.testing.assert_allclose(eigen_rates(2 / 17, X, bias=True), (kappa - 1) / (kappa + 1), rtol=1e-12)
    beta, lr = best_momentum(X, bias=True)
    lam_min, lam_max = eigenvalues(X, bias=True)
    assert beta == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2, rel=1e-12)
    assert lr == pytest.approx((2 / (np.sqrt(lam_max) + np.sqrt(lam_min))) ** 2, rel=1e-12)
    np.testing.assert_allclose(eigen_rates(lr, X, bias=True, momentum=beta), np.sqrt(beta), rtol=1e-6)
    assert f"{np.sqrt(beta):.4f}" == "0.7638" and f"{(kappa - 1) / (kappa + 1):.4f}" == "0.9648"
    assert best_lr(XC, bias=True) == pytest.approx(2 / 4.5)


def companion_radius(lr, lam, momentum):
    """Return the spectral radius of the heavy ball's step matrix on a curvature λ, with numpy.linalg."""
    return max(abs(np.linalg.eigvals([[1 + momentum - lr * lam, -momentum], [1, 0]])))


@pytest.mark.parametrize("momentum", [0.0, 0.2, 0.5834475, 0.9])
@pytest.mark.parametrize("lr", [0.005, 0.05, 0.1, 0.1198, 0.15, 0.2, 0.25])
def test_eigen_rates_are_the_spectral_radius_of_each_direction(lr, momentum):
    rates = eigen_rates(lr, X, bias=True, momentum=momentum)
    expected = [companion_radius(lr, lam, momentum) for lam in eigenvalues(X, bias=True)]
    np.testing.assert_allclose(rates, expected, rtol=1e-6, atol=1e-7)
    stable = lr < critical_lr(X, bias=True, momentum=momentum)
    assert (max(rates) < 1) == stable


def test_plain_rates_are_one_minus_lr_lambda_and_match_contraction():
    assert eigen_rates(0.01, X) == pytest.approx(abs(contraction(0.01, X)))
    assert eigen_rates(0.1, X) == pytest.approx(abs(contraction(0.1, X)))
    np.testing.assert_allclose(eigen_rates(0.1, X, bias=True), np.abs(1 - 0.1 * eigenvalues(X, bias=True)))


def test_each_eigen_direction_shrinks_at_its_rate_in_a_real_run():
    x = np.array([0.3, -1.2, 2.5, 1.7, -0.4, 3.1])
    y = 0.7 * x + 0.4 + np.array([0.1, -0.2, 0.05, 0.0, 0.3, -0.1])
    slope, intercept = np.polyfit(x, y, 1)
    lr = 0.8 * critical_lr(x, bias=True)
    h = gradient_descent(x, y, lr=lr, iterations=8, w0=slope + 3, bias=True, b0=intercept - 2)
    errors = np.stack([h.w - slope, h.b - intercept])            # (w − w*, b − b*) at every step
    along = eigen_directions(x, bias=True).T @ errors              # its coordinate along each direction
    measured = np.abs(along[:, 1:] / along[:, :-1])
    np.testing.assert_allclose(measured, np.repeat(eigen_rates(lr, x, bias=True)[:, None], 8, axis=1), rtol=1e-3)


def test_with_momentum_the_rate_is_a_long_run_rate_not_a_bound_on_each_step():
    """At the best pair each direction has a double root z = ±ρ: its error is e0·(1 + c·k)·zᵏ, c = 1 − z."""
    beta, lr = best_momentum(X, bias=True)
    rho = eigen_rates(lr, X, bias=True, momentum=beta).max()
    h = gradient_descent(X, Y, lr=lr, iterations=40, bias=True, momentum=beta)
    errors = np.stack([h.w.astype(np.float64) - 2, h.b.astype(np.float64)])
    flat, steep = eigen_directions(X, bias=True).T @ errors
    k = np.arange(41)
    np.testing.assert_allclose(flat, flat[0] * (1 + (1 - rho) * k) * rho ** k, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(steep, steep[0] * (1 + (1 + rho) * k) * (-rho) ** k, rtol=1e-4, atol=1e-6)
    assert steep[1] / steep[0] == pytest.approx(1 - lr * eigenvalues(X, bias=True)[1])  # step 1 is a plain step
    ratios = np.hypot(flat[1:], steep[1:]) / np.hypot(flat[:-1], steep[:-1])
    assert ratios[:3].min() > 1 and ratios.min() > rho and ratios[-1] < rho + 0.02  # grows first, then tends to ρ


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_critical_lr_with_bias_and_momentum_predicts_what_a_run_does_on_other_data(momentum):
    x = np.array([0.3, -1.2, 2.5, 1.7, -0.4, 3.1])
    y = 0.7 * x + 0.4
    limit = critical_lr(x, bias=True, momentum=momentum)
    below = gradient_descent(x, y, lr=0.97 * limit, iterations=3000, bias=True, momentum=momentum)
    above = gradient_descent(x, y, lr=1.03 * limit, iterations=3000, bias=True, momentum=momentum)
    assert below.diverged_at is None and below.loss[-1] < 1e-8
    assert above.diverged_at is not None


@pytest.mark.parametrize("engine", ["numpy", "torch"])
def test_iterations_to_a_loss_below_1e_minus_6_from_the_origin(engine):
    def iterations(x, lr, momentum=0.0):
        h = gradient_descent(x, Y, lr=lr, iterations=400, engine=engine, bias=True, momentum=momentum)
        return int(np.argmax(h.loss < 1e-6))
    beta, lr = best_momentum(X, bias=True)
    assert iterations(X, best_lr(X, bias=True)) == 241
    assert iterations(XC, best_lr(XC, bias=True)) == 4
    assert iterations(X, lr, beta) == 49


def test_a_tiny_rate_or_flat_data_converges_slowly_and_does_not_bounce():
    assert regime(1e-12, X) == "converges" and regime(0.01, np.zeros(4)) == "converges"
    assert regime(critical_lr(X), X) == "bounces"
