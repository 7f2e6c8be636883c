"""Lesson 05's exercises: the solutions are what torch.optim computes, and the usual mistakes get their own hint."""
import numpy as np
import pytest
import torch

from gd_helpers import EXERCISES, check, condition_number, hessian, seed_data
from gd_helpers.exercise_bank_05 import EXERCISES_05, rmsprop_update
from gd_helpers.exercises import judge

X, Y = seed_data()


def feedback(capsys, name, answer, lang="en"):
    """Return (verdict, the one line check printed)."""
    assert check(name, answer, lang) is None
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    return judge(name, answer, lang)[0], line.strip()


def test_lesson_05_has_at_least_three_registered_exercises():
    names = [exercise.name for exercise in EXERCISES_05]
    assert len(names) >= 3 and all(name.startswith("05_") and EXERCISES[name] is e
                                   for name, e in zip(names, EXERCISES_05))


def first_steps(optimizer, gradients):
    """Return the parameter after each step of a torch.optim optimizer fed the given gradients (float64)."""
    p = torch.zeros(len(gradients[0]), dtype=torch.float64, requires_grad=True)
    with torch.no_grad():
        p += torch.linspace(-1, 1, len(gradients[0]), dtype=torch.float64)
    opt = optimizer([p])
    values = []
    for g in gradients:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        values.append(p.detach().numpy().copy())
    return values


@pytest.mark.parametrize("alpha, eps, scale", [(0.99, 1e-8, 1.0), (0.9, 1e-6, 3.0), (0.5, 1e-8, 1e-6)])
def test_the_rmsprop_solution_takes_the_steps_of_torch_optim_rmsprop(alpha, eps, scale):
    gradients = list(np.random.default_rng(5).normal(size=(6, 4)) * scale)
    expected = first_steps(lambda params: torch.optim.RMSprop(params, lr=0.05, alpha=alpha, eps=eps), gradients)
    p, v = np.linspace(-1, 1, 4), np.zeros(4)
    for g, want in zip(gradients, expected):
        p, v = rmsprop_update(p, g, v, 0.05, alpha, eps)  # elementwise: one coordinate or many
        np.testing.assert_allclose(p, want, rtol=1e-12, atol=1e-15)


def test_the_number_answers_are_what_torch_optim_does_on_the_seed_data():
    error = 0 * X + 0 - Y
    g = [float(np.mean(2 * X * error)), float(np.mean(2 * error))]  # (-30, -10) at (0, 0)
    adam = first_steps(lambda params: torch.optim.Adam(params, lr=0.1), [g])[0] - np.linspace(-1, 1, 2)
    assert EXERCISES["05_adam_first_step"].solution == pytest.approx(adam[0], rel=1e-12)
    assert adam == pytest.approx([0.1, 0.1], rel=1e-8)  # a sign step: lr per coordinate
    steps = np.diff([np.linspace(-1, 1, 1)] + first_steps(lambda params: torch.optim.Adagrad(params, lr=0.5),
                                                          [[2.0]] * 4), axis=0)
    assert EXERCISES["05_adagrad_fourth_step"].solution == pytest.approx(-steps[3, 0], rel=1e-9)
    H = hessian(X, bias=True)
    d = np.sqrt(np.diag(H))
    eigen = np.linalg.eigvalsh(H / np.outer(d, d))
    assert EXERCISES["05_diagonal_kappa"].solution == pytest.approx(eigen[1] / eigen[0], rel=1e-12)
    assert f"{EXERCISES['05_diagonal_kappa'].solution:.2f}" == "21.95"
    assert f"{condition_number(X, bias=True):.1f}" == "55.8"


def rmsprop_eps_inside(p, g, v, lr, alpha=0.99, eps=1e-8):
    """The usual slip: eps inside the square root."""
    v = alpha * v + (1 - alpha) * g * g
    return p - lr * g / np.sqrt(v + eps), v


def rmsprop_torch(p, g, v, lr, alpha=0.99, eps=1e-8):
    """The update written with PyTorch tensors: it passes too."""
    p, g, v = (torch.as_tensor(a) for a in (p, g, v))
    v = alpha * v + (1 - alpha) * g * g
    return (p - lr * g / (v.sqrt() + eps)).numpy(), v.numpy()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_solutions_pass_and_typed_variants_too(capsys, lang):
    for name, answer in [("05_diagonal_kappa", 21.95), ("05_diagonal_kappa", 21.954), ("05_adagrad_fourth_step", 0.25),
                         ("05_adam_first_step", 0.1), ("05_rmsprop_step", rmsprop_update),
                         ("05_rmsprop_step", rmsprop_torch)]:
        assert feedback(capsys, name, answer, lang)[0] is True, (name, answer)


TYPICAL = [
    ("05_diagonal_kappa", 55.8, "κ of H itself"), ("05_diagonal_kappa", 1, "stays tilted"),
    ("05_diagonal_kappa", 22, "rounded too early"), ("05_diagonal_kappa", 7.5, "diagonal entries"),
    ("05_diagonal_kappa", 4.685, "√κ or 1/κ"),
    ("05_adagrad_fourth_step", 0.5, "the first step"), ("05_adagrad_fourth_step", 0.125, "lr/k"),
    ("05_adagrad_fourth_step", 1.0, "plain gradient step"), ("05_adagrad_fourth_step", 0.0625, "not by √s"),
    ("05_adagrad_fourth_step", 0.3536, "not their squares"), ("05_adagrad_fourth_step", 0.2887, "third step"),
    ("05_adam_first_step", 3.0, "plain gradient step"), ("05_adam_first_step", 0.316, "without the bias correction"),
    ("05_adam_first_step", 1.0, "RMSProp's first step"), ("05_adam_first_step", -0.1, "sign is wrong"),
    ("05_adam_first_step", 0.01, "m without its correction"),
    ("05_rmsprop_step", rmsprop_eps_inside, "eps inside the square root"),
]


@pytest.mark.parametrize("name, answer, words", TYPICAL)
def test_typical_mistakes_get_their_own_hint(capsys, name, answer, words):
    correct, line = feedback(capsys, name, answer)
    assert correct is False and words in line and line.startswith("✘ Not yet: "), line


def test_eps_inside_the_root_is_caught_only_by_the_tiny_gradients_cases():
    exercise = EXERCISES["05_rmsprop_step"]
    close = [np.allclose(np.asarray(rmsprop_eps_inside(*case.args)), np.asarray(rmsprop_update(*case.args)),
                         rtol=exercise.rtol, atol=exercise.atol) for case in exercise.cases]
    caught = [case.args for case, ok in zip(exercise.cases, close) if not ok]
    assert len(caught) == 2 and all(args[2] == 0 and abs(args[1]) < 1e-5 for args in caught)  # v = 0, tiny g


def test_a_function_that_ignores_alpha_and_eps_is_wrong(capsys):
    def fixed(p, g, v, lr, alpha=0.99, eps=1e-8):
        return rmsprop_update(p, g, v, lr)

    correct, line = feedback(capsys, "05_rmsprop_step", fixed)
    assert correct is False and "alpha = 0.9" in line, line


def test_a_function_that_ignores_its_eps_argument_is_wrong(capsys):
    def eps_fixed(p, g, v, lr, alpha=0.99, eps=1e-8):
        return rmsprop_update(p, g, v, lr, alpha)  # eps = 1e-8 whatever the caller passes

    correct, line = feedback(capsys, "05_rmsprop_step", eps_fixed)
    assert correct is False and "eps = 1e-06" in line, line
