"""Lesson 06's helpers: w·cos(πw) and its minima, the saddle, the tiny tanh network, its sharpness, its exercises."""
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from gd_helpers import EXERCISES
from gd_helpers.exercises import judge
from gd_helpers.nonconvex import (bisect, init_params, net_loss, predict, saddle, saddle_gradient, sharpness,
                                  sine_data, stationary_points, train, unpack, wave, wave_curvature, wave_maxima,
                                  wave_minima, wave_slope)

GD_HELPERS = Path(__file__).resolve().parent.parent / "gd_helpers"


def test_derivatives_match_autograd():
    w = torch.linspace(-3.0, 3.0, 101, dtype=torch.float64, requires_grad=True)
    first, = torch.autograd.grad((w * torch.cos(torch.pi * w)).sum(), w, create_graph=True)
    second, = torch.autograd.grad(first.sum(), w)
    ws = w.detach().numpy()
    np.testing.assert_allclose(wave(ws), ws * np.cos(np.pi * ws))
    np.testing.assert_allclose(wave_slope(ws), first.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(wave_curvature(ws), second.numpy(), atol=1e-12)


def test_minima_are_where_the_slope_vanishes_and_curves_up():
    local, global_ = wave_minima()
    assert abs(wave_slope(local)) < 1e-12 and abs(wave_slope(global_)) < 1e-12
    assert wave_curvature(local) > 0 and wave_curvature(global_) > 0
    assert -0.3 < local < -0.25 and 1.05 < global_ < 1.1
    assert wave(global_) < wave(local)  # the global one is lower ...
    assert wave_curvature(global_) > wave_curvature(local)  # ... and sharper: 2/f'' = 0.1654 < 0.3065
    assert round(2 / wave_curvature(global_), 4) == 0.1654 and round(2 / wave_curvature(local), 4) == 0.3065
    (top,) = wave_maxima()
    assert wave_curvature(top) < 0 and top == pytest.approx(-local, abs=1e-12)  # f' is even
    # a finer grid finds nothing else in [-1, 2]
    assert len(stationary_points(grid=3001)) == 3


def test_minima_are_not_where_a_grid_point_is():
    fine = np.linspace(-1, 2, 100001)
    best = fine[np.argmin(wave(fine))]
    assert abs(best - wave_minima()[1]) < 1e-4 and wave(wave_minima()[1]) <= wave(best)


def test_bisect_refuses_an_interval_without_a_sign_change():
    assert bisect(lambda w: w - 0.3, 0.0, 1.0) == pytest.approx(0.3, abs=1e-15)
    with pytest.raises(ValueError, match="change sign"):
        bisect(lambda w: w * w + 1, -1.0, 1.0)


@pytest.mark.parametrize("kwargs, error", [({"low": 2.0, "high": 1.0}, ValueError), ({"low": "a"}, TypeError),
                                           ({"grid": 2}, ValueError), ({"grid": 3.5}, TypeError)])
def test_stationary_points_refuse_bad_input(kwargs, error):
    with pytest.raises(error):
        stationary_points(**kwargs)


def test_saddle_and_its_escape_step():
    assert saddle(3.0, 2.0) == 5.0 and saddle_gradient(3.0, 2.0) == (6.0, -4.0)
    b, lr = 1e-6, 0.1
    steps = 0
    while abs(b) < 1:
        b -= lr * saddle_gradient(1.0, b)[1]
        steps += 1
    assert steps == math.ceil(math.log(1e6) / math.log(1.2)) == 76


def test_network_is_a_sum_over_units_and_matches_a_matrix_product():
    x, y = sine_data()
    assert len(x) == 32 and x.dtype == torch.float64 and torch.allclose(y, torch.sin(2 * x))
    theta = init_params(0)
    assert len(theta) == 49 and theta.dtype == torch.float64 and theta[-1] == 0
    assert torch.equal(theta, init_params(0)) and not torch.equal(theta, init_params(1))
    w1, b1, w2, b2 = unpack(theta)
    by_matrix = torch.tanh(x[:, None] * w1 + b1) @ w2 + b2  # the same function, written with @ (test only)
    assert torch.allclose(predict(theta, x), by_matrix, atol=1e-12)
    assert net_loss(theta, x, y).item() == pytest.approx(((by_matrix - y) ** 2).mean().item(), rel=1e-12)
    with pytest.raises(ValueError, match="3·hidden"):
        unpack(torch.zeros(11))


def test_no_matrix_product_in_the_module():
    source = (GD_HELPERS / "nonconvex.py").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in source.splitlines() if not line.lstrip().startswith("@"))
    assert not re.search(r"@|matmul|\bmm\(|\.dot\(|einsum", code)


def test_sharpness_of_a_quadratic_is_its_largest_eigenvalue():
    a = torch.tensor([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]], dtype=torch.float64)

    def quadratic(p):
        return 0.5 * (p * (a * p).sum(dim=1)).sum()

    expected = np.linalg.eigvalsh(a.numpy())[-1]
    for point in [torch.zeros(3, dtype=torch.float64), torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)]:
        assert sharpness(quadratic, point) == pytest.approx(expected, rel=1e-12)
    x4 = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
    bowl = sharpness(lambda p: ((p[0] * x4 + p[1] - 2 * x4) ** 2).mean(), torch.zeros(2, dtype=torch.float64))
    assert bowl == pytest.approx((17 + math.sqrt(17 ** 2 - 20)) / 2, rel=1e-12)


def test_sharpness_of_a_non_finite_point_is_nan():
    assert math.isnan(sharpness(lambda p: (p ** 2).sum() * float("inf"), torch.ones(2, dtype=torch.float64)))


def test_train_is_the_sgd_loop_and_records_sharpness():
    x, y = sine_data()
    theta = init_params(3)
    run = train(theta, x, y, lr=0.05, steps=30, every=10)
    mine = theta.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([mine], lr=0.05)
    losses = []
    for _ in range(31):
        loss = net_loss(mine, x, y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert list(run.losses) == losses and list(run.checked) == [0, 10, 20, 30]
    assert run.sharpness[0] == sharpness(lambda t: net_loss(t, x, y), theta)
    assert run.diverged_at is None and torch.equal(theta, init_params(3))  # the start is not modified
    assert run.losses[-1] < run.losses[0]


def test_train_stops_a_diverging_run():
    x, y = sine_data()
    run = train(init_params(0), x, y, lr=0.5, steps=100, every=5)
    assert run.diverged_at is not None and run.diverged_at < 30
    assert len(run.losses) == run.diverged_at and np.all(np.isfinite(run.sharpness))


def test_train_with_adam_and_bad_arguments():
    x, y = sine_data()
    run = train(init_params(0), x, y, lr=0.01, steps=20, every=20, optimizer="adam")
    assert run.optimizer == "adam" and run.losses[-1] < run.losses[0]
    with pytest.raises(ValueError, match="optimizer"):
        train(init_params(0), x, y, lr=0.01, steps=5, optimizer="rmsprop")
    with pytest.raises(ValueError, match="lr"):
        train(init_params(0), x, y, lr=-0.1, steps=5)
    with pytest.raises(TypeError, match="steps"):
        train(init_params(0), x, y, lr=0.1, steps=2.5)


def test_torch_is_imported_only_inside_functions():
    for name in ("nonconvex.py", "plots_nonconvex.py", "exercise_bank_06.py"):
        source = (GD_HELPERS / name).read_text(encoding="utf-8")
        assert not re.search(r"^(import torch|from torch)", source, re.MULTILINE), name


@pytest.mark.parametrize("answer, correct", [
    (lambda w: np.cos(np.pi * w) - np.pi * w * np.sin(np.pi * w), True),
    (lambda w: torch.cos(torch.pi * w) - torch.pi * w * torch.sin(torch.pi * w), True),
    (lambda w: np.cos(np.pi * w) - w * np.sin(np.pi * w), False),
    (lambda w: -np.pi * np.sin(np.pi * w), False),
    (wave, False),
])
def test_exercise_slope(answer, correct):
    ok, feedback = judge("06_wave_slope", answer, "en")
    assert ok is correct, feedback


@pytest.mark.parametrize("name, right, wrongs", [
    ("06_saddle_step", 76, [75, 70, 145, 77]),
    ("06_which_minimum", -0.27, [1.09, 0.5]),
    ("06_which_minimum", -0.2739, [1.0904, -0.29]),
    ("06_which_minimum", -0.273853, [1.090408, 0.2739]),
    ("06_bowl_sharpness", 16.70, [15, 17, 0.2994, 0.1198, 55.8, 16.5, 8.35, 33.4, 66.8]),
])
def test_number_exercises(name, right, wrongs):
    assert judge(name, right, "en")[0] and judge(name, right, "es")[0]
    for wrong in wrongs:
        ok, feedback = judge(name, wrong, "es")
        assert not ok and feedback.startswith("✘ Todavía no")


@pytest.mark.parametrize("wrong, says", [
    (1.0904, "cannot settle"),  # the lesson's printed value matches the mistake, as the option does
    (0.5, "one of the two choices"),
    (8.35, "factor 2"),
    (33.4, "XᵀX"),
    (66.8, "sum of squares"),
])
def test_typical_wrong_answers_get_their_own_feedback(wrong, says):
    name = "06_which_minimum" if wrong in (1.0904, 0.5) else "06_bowl_sharpness"
    ok, feedback = judge(name, wrong, "en")
    assert not ok and says in feedback, feedback


def test_decimal_comma_with_a_lost_minus_sign_is_explained():
    ok, feedback = judge("06_which_minimum", (0, 27), "es")  # what Python makes of -0,27
    assert not ok and "si escribiste -0,27, escribe -0.27" in feedback


def test_exercise_solutions_are_computed():
    assert EXERCISES["06_saddle_step"].solution == 76
    assert EXERCISES["06_bowl_sharpness"].solution == pytest.approx(16.7006, abs=1e-4)
    local, global_ = wave_minima()
    assert round(local, 2) == EXERCISES["06_which_minimum"].solution
    # the run the exercise describes ends where the solution says
    w = 1.0
    for _ in range(400):
        w -= 0.3 * wave_slope(w)
    assert abs(w - local) < 1e-6


def test_sharpness_title_names_2_over_eta_only_when_a_line_is_drawn():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from gd_helpers.plots_nonconvex import plot_line, plot_sharpness
    x, y = sine_data()
    gd = train(init_params(0), x, y, lr=0.2, steps=4, every=2)
    adam = train(init_params(0), x, y, lr=0.01, steps=4, every=2, optimizer="adam")
    fast = plot_sharpness({"gd": gd}, "en")
    only_adam = plot_sharpness({"adam": adam}, "es")
    line = plot_line(np.linspace(0, 1, 3), np.ones(3), (0, 1), "en")
    assert fast.axes[0].get_title().endswith("and 2/η")
    assert "2/η" not in only_adam.axes[0].get_title()
    assert "seeds 0 and 1" in line.axes[0].get_title()
    plt.close("all")
