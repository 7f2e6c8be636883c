"""The (η·λ, β) map of momentum against numpy's roots, its region edges, and runs of torch.optim.SGD."""
import matplotlib
import numpy as np
import pytest
import torch

from gd_helpers import (best_momentum, eigen_rates, eigenvalues, heavy_ball_rate, long_run_ratio, nesterov_rate,
                        plot_rate_map, region, region_edges, region_name, seed_data, sgd_distances)
from gd_helpers.dynamics import kinds

matplotlib.use("Agg")
GRID = [(h, beta) for h in np.linspace(0, 4.5, 37) for beta in np.linspace(0, 0.98, 15)]


@pytest.mark.parametrize("h, beta", GRID[::7])
def test_rates_are_the_largest_root_numpy_finds(h, beta):
    assert heavy_ball_rate(h, beta) == pytest.approx(np.abs(np.roots([1, -(1 + beta - h), beta])).max(),
                                                     rel=1e-6, abs=1e-6)
    assert nesterov_rate(h, beta) == pytest.approx(
        np.abs(np.roots([1, -(1 + beta) * (1 - h), beta * (1 - h)])).max(), rel=1e-6, abs=1e-6)


def test_the_map_works_on_arrays_and_matches_the_lessons_eigen_rates():
    X, _ = seed_data()
    beta, lr = best_momentum(X, bias=True)
    for b in [0.0, 0.3, beta, 0.9]:
        np.testing.assert_allclose(heavy_ball_rate(lr * eigenvalues(X, bias=True), b),
                                   eigen_rates(lr, X, bias=True, momentum=b), rtol=1e-6)
    h, b = np.meshgrid([0.5, 1.0, 3.5], [0.1, 0.6])
    assert heavy_ball_rate(h, b).shape == (2, 3)


def test_complex_roots_have_rate_sqrt_beta_and_without_momentum_the_rate_is_one_minus_h():
    h = np.linspace(0, 4, 81)
    np.testing.assert_allclose(heavy_ball_rate(h, 0.0), np.abs(1 - h), atol=1e-12)
    inside = region(h, 0.64) == "complex"
    assert inside.sum() > 10
    np.testing.assert_allclose(heavy_ball_rate(h[inside], 0.64), 0.8, rtol=1e-9)
    assert np.all(heavy_ball_rate(h[~inside], 0.64) >= 0.8 - 1e-9)


@pytest.mark.parametrize("beta", [0.0, 0.25, 0.5834, 0.81, 0.95])
def test_region_edges_are_where_the_discriminant_and_the_rate_change(beta):
    low, high, limit = region_edges(beta)
    eps = 1e-6
    assert region(low - eps, beta) == "real" or low < eps
    assert region(low + eps, beta) == "complex" or beta == 0
    assert region(high - eps, beta) == "complex" or beta == 0
    assert region(high + eps, beta) == "real"
    assert region(limit - eps, beta) == "real" and region(limit, beta) == "diverges"
    assert heavy_ball_rate(limit - eps, beta) < 1 < heavy_ball_rate(limit + eps, beta)
    assert heavy_ball_rate(limit, beta) == pytest.approx(1)
    # Between the edges the discriminant (1 + β − h)² − 4β is negative, outside it is not.
    for h, sign in [(low - eps, 1), ((low + high) / 2, -1), (high + eps, 1)]:
        if beta > 0 and h >= 0:
            assert np.sign((1 + beta - h) ** 2 - 4 * beta) == sign


def test_the_lessons_best_pair_sits_on_both_edges_of_the_complex_region():
    X, _ = seed_data()
    beta, lr = best_momentum(X, bias=True)
    lam_min, lam_max = eigenvalues(X, bias=True)
    low, high, _ = region_edges(beta)
    assert lr * lam_min == pytest.approx(low) and lr * lam_max == pytest.approx(high)


def test_at_the_best_pair_both_directions_have_a_double_real_root_not_a_spiral():
    X, _ = seed_data()
    beta, lr = best_momentum(X, bias=True)
    assert kinds(lr, X, bias=True, momentum=beta) == ["smooth", "zigzag"]  # z = +ρ flat, z = −ρ steep
    assert kinds(lr, X, bias=True, momentum=beta + 1e-6) == ["spiral", "spiral"]  # just inside the band
    assert kinds(lr, X, bias=True, momentum=0.7) == ["spiral", "spiral"]
    assert kinds(0.05, X, bias=True, momentum=0.0) == ["smooth", "smooth"]


@pytest.mark.parametrize("lang, words", [("en", ["real", "complex", "diverges"]),
                                         ("es", ["reales", "complejas", "diverge"])])
def test_region_names_follow_the_language(lang, words):
    assert [region_name(h, 0.5, lang) for h in (0.01, 1.0, 3.5)] == words
    with pytest.raises(ValueError, match="lang"):
        region_name(1.0, 0.5, "fr")


@pytest.mark.parametrize("h, beta, nesterov", [(0.1, 0.3, False), (0.9, 0.5, False), (2.2, 0.2, False),
                                               (2.5, 0.1, False), (0.05, 0.9, False), (0.1, 0.3, True),
                                               (1.5, 0.6, True), (0.05, 0.9, True)])
def test_torch_sgd_runs_shrink_at_the_maps_rate(h, beta, nesterov):
    lam = 16.7
    distances = sgd_distances(h / lam, beta, lam, 600, nesterov=nesterov)
    rate = (nesterov_rate if nesterov else heavy_ball_rate)(h, beta)
    assert long_run_ratio(distances, 100) == pytest.approx(rate, abs=2e-4)


def test_sgd_distances_is_torchs_own_recurrence():
    # The heavy ball on λθ²/2: θ₁ = 1 − h, then θ_{k+1} = (1 + β − h)·θ_k − β·θ_{k−1}.
    h, beta, lam = 0.7, 0.4, 2.0
    theta = [1.0, 1 - h]
    for _ in range(8):
        theta.append((1 + beta - h) * theta[-1] - beta * theta[-2])
    np.testing.assert_allclose(sgd_distances(h / lam, beta, lam, 9), np.abs(theta), rtol=1e-12)


def test_long_run_ratio_of_a_known_sequence():
    k = np.arange(400)
    assert long_run_ratio(0.9 ** k * np.abs(np.cos(0.7 * k + 0.3)) + 1e-300, 50) == pytest.approx(0.9, abs=1e-3)
    assert long_run_ratio(1.1 ** k, 0, window=1) == pytest.approx(1.1)


def test_the_map_figure_has_labels_in_each_language():
    for lang, word in [("en", "momentum coefficient β"), ("es", "coeficiente de momento β")]:
        fig = plot_rate_map(lang, {"a": (0.5, 0.5), "b": (3.1, 0.58)})
        ax = fig.axes[0]
        assert ax.get_ylabel() == word and fig.axes[1].get_ylabel() != ""
        assert len(ax.get_legend().get_texts()) == 4
        matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("call, error", [
    (lambda: heavy_ball_rate(-0.1, 0.5), ValueError), (lambda: heavy_ball_rate(1.0, 1.0), ValueError),
    (lambda: heavy_ball_rate(np.nan, 0.5), ValueError), (lambda: heavy_ball_rate("1", 0.5), TypeError),
    (lambda: region(1.0, -0.1), ValueError), (lambda: nesterov_rate(True, 0.5), TypeError),
    (lambda: sgd_distances(0, 0.5, 1.0, 10), ValueError), (lambda: sgd_distances(0.1, 0.5, 1.0, 0), ValueError),
    (lambda: sgd_distances(0.1, 0.5, 1.0, 10, nesterov=1), TypeError),
    (lambda: long_run_ratio([1.0, 0.5], 0), ValueError), (lambda: long_run_ratio(np.zeros(50), 0), ValueError),
    (lambda: plot_rate_map("fr"), ValueError)])
def test_bad_input_is_named(call, error):
    with pytest.raises(error):
        call()


def test_pytorch_dampening_differs_from_the_moving_average_at_the_first_step_only():
    # SGD(dampening=β) updates buf ← β·buf + (1 − β)·g, but its first buf is g, not (1 − β)·g.
    beta, lr = 0.5, 0.1
    theta = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=beta, dampening=beta)
    (theta * theta / 2).backward()
    optimizer.step()
    assert theta.item() == pytest.approx(1 - lr * 1.0) and theta.item() != pytest.approx(1 - lr * (1 - beta))


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_nesterov_diverges_from_a_lower_h_than_the_heavy_ball(beta):
    limit = (2 + 2 * beta) / (1 + 2 * beta)  # where z = −1 solves Nesterov's polynomial
    assert nesterov_rate(limit - 1e-6, beta) < 1 < nesterov_rate(limit + 1e-6, beta)
    assert limit <= region_edges(beta)[2] and heavy_ball_rate(limit + 1e-6, beta) < 1 or beta == 0
    assert isinstance(heavy_ball_rate(0.5, beta), float) and isinstance(region(0.5, beta), str)
