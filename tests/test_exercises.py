"""Self-checked exercises: solutions pass, stubs are "not answered", typical mistakes get their own hint."""
import math
import re

import numpy as np
import pytest
import torch

from gd_helpers import (EXERCISES, batch_critical_lr, best_momentum, check, condition_number, contraction,
                        critical_lr, curvature, seed_data)
from gd_helpers.exercises import WORDS, judge

X, Y = seed_data()
LANGS = ("en", "es")
FUNCTIONS = [name for name, exercise in EXERCISES.items() if exercise.kind == "function"]
PREFIX = {"en": ("✔ Correct!", "✘ Not yet: ", "… Not answered yet: "),
          "es": ("✔ ¡Correcto!", "✘ Todavía no: ", "… Todavía sin responder: ")}


def stub(*args):
    ...  # the body of the notebooks' stub cells


def feedback(capsys, name, answer, lang="en"):
    """Return (judge's verdict, the one line check printed), failing unless check printed one line and returned None."""
    assert check(name, answer, lang) is None  # a notebook shows nothing but the line under the cell
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 1 and out.out.endswith("\n") and out.err == "", out
    assert "0x" not in lines[0] and "Traceback" not in lines[0]
    correct, line = judge(name, answer, lang)
    assert line == lines[0]
    return correct, line


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXERCISES)
def test_every_solution_passes(capsys, name, lang):
    result, line = feedback(capsys, name, EXERCISES[name].solution, lang)
    assert result is True and line.startswith(PREFIX[lang][0])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXERCISES)
def test_none_is_not_answered_yet_and_always_prints_the_same_line(capsys, name, lang):
    kind = "function" if EXERCISES[name].kind == "function" else "value"
    result, line = feedback(capsys, name, None, lang)
    assert result is False and line == WORDS[lang][f"unanswered_{kind}"] and line.startswith(PREFIX[lang][2])
    assert feedback(capsys, name, None, lang) == (False, line)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_stub_function_is_not_answered_yet(capsys, name, lang):
    def gradient(x, y, y_pred):
        ...  # your code here

    def documented(x, y, y_pred):
        """Return the gradient."""

    for answer in (stub, gradient, documented, lambda *args: None):
        assert feedback(capsys, name, answer, lang) == (False, WORDS[lang]["unanswered_function"])


def test_not_answered_lines_are_the_ones_the_notebooks_store():
    assert WORDS["en"]["unanswered_value"] == ("… Not answered yet: replace None with your answer and run the "
                                               "cell again.")
    assert WORDS["es"]["unanswered_value"] == ("… Todavía sin responder: sustituye None por tu respuesta y vuelve "
                                               "a ejecutar la celda.")


def raises(*args):
    raise RuntimeError("something went wrong\nsecond line of the message")


NONSENSE = ["abc", "0.3", [1, 2], object(), {"w": 1}, True, float("nan"), float("inf"), 1 + 2j, Ellipsis,
            np.array([0.3, 0.3]), torch.tensor([1.0, 2.0]), raises, lambda *args: "abc", lambda *args: np.zeros(3),
            lambda *args: [[1, 2], [3]], lambda *args: float("nan"), lambda *args: object(), lambda *args: True,
            lambda *args: (1 + 2j), lambda: 0.3, print, object, int]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXERCISES)
def test_nonsense_answers_are_wrong_in_one_line_and_never_raise(capsys, name, lang):
    for answer in NONSENSE:
        result, line = feedback(capsys, name, answer, lang)
        assert result is False and line.startswith(PREFIX[lang][1]), (answer, line)
        assert (" Hint: " if lang == "en" else " Pista: ") in line


def test_an_exception_in_the_students_function_is_reported_in_one_line(capsys):
    result, line = feedback(capsys, "01_mean_gradient", raises)
    assert result is False and "raised RuntimeError: something went wrong. Hint:" in line


def test_an_exception_that_cannot_print_itself_is_still_reported(capsys):
    class Odd(Exception):
        def __str__(self):
            raise ValueError("no message")

    def gradient(x, y, y_pred):
        raise Odd()

    assert "your function raised Odd. Hint:" in feedback(capsys, "01_mean_gradient", gradient)[1]


def test_a_wrong_shape_is_described_in_words(capsys):
    line = feedback(capsys, "01_mean_gradient", lambda x, y, y_pred: np.array([np.mean(2 * x * (y_pred - y))]))[1]
    assert "returns an array with 1 number instead of a number" in line
    line = feedback(capsys, "02_bias_gradient", lambda x, y, w, b: (1.0, 2.0, 3.0), "es")[1]
    assert "devuelve 3 números en lugar de 2 números" in line


def test_a_function_that_prints_still_gives_one_line(capsys):
    def gradient(x, y, y_pred):
        print("debugging", x)
        return np.mean(2 * x * (y_pred - y))

    assert feedback(capsys, "01_mean_gradient", gradient) == (True, feedback(capsys, "01_mean_gradient",
                                                                            EXERCISES["01_mean_gradient"].solution)[1])


def test_a_function_that_forgets_return_is_told_so(capsys):
    def gradient(x, y, y_pred):
        g = np.mean(2 * x * (y_pred - y))  # noqa: F841

    result, line = feedback(capsys, "01_mean_gradient", gradient, "es")
    assert result is False and line == "✘ Todavía no: tu función devuelve None. Pista: termínala con una línea " \
                                       "return que devuelva el resultado."


def test_a_function_that_changes_its_inputs_does_not_change_the_cases(capsys):
    def gradient(x, y, y_pred):
        g = np.mean(2 * x * (y_pred - y))
        x[:] = 0
        return g

    assert feedback(capsys, "01_mean_gradient", gradient)[0] is True
    assert feedback(capsys, "01_mean_gradient", EXERCISES["01_mean_gradient"].solution)[0] is True


@pytest.mark.parametrize("name, answer", [
    ("01_first_step", 0.30000001), ("01_first_step", 3 / 10), ("01_first_step", np.float32(0.29999998)),
    ("01_first_step", 0.3004), ("01_which_diverges", 0.15), ("01_which_diverges", np.float64(0.15)),
    ("02_zero_grad", -60), ("02_zero_grad", torch.tensor(-60.0)), ("03_updates_per_epoch", 13.0),
    ("03_sgd_limit", 0.0625), ("03_sgd_limit", 1 / 16),
    ("01_mean_gradient", lambda x, y, y_pred: 2 * np.mean(x * (y_pred - y))),
    ("01_mean_gradient", lambda x, y, y_pred: np.sum(2 * x * (y_pred - y)) / len(x)),
    ("01_mean_gradient", lambda x, y, y_pred: float(np.dot(2 * x, y_pred - y) / len(x))),
    ("01_mean_gradient", lambda x, y, y_pred: torch.mean(2 * torch.tensor(x) * torch.tensor(y_pred - y))),
    ("02_finite_difference", lambda J, w, h=1e-4: 0.5 * (J(w + h) - J(w - h)) / h),
    ("02_bias_gradient", lambda x, y, w, b: [np.mean(2 * x * (w * x + b - y)), 2 * np.mean(w * x + b - y)]),
    ("02_bias_gradient", lambda x, y, w, b: np.array([np.dot(2 * x, w * x + b - y) / len(x),
                                                      np.sum(2 * (w * x + b - y)) / len(x)])),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 * tau / (tau + t)),
    ("04_bias_gradient", -10.0), ("04_bias_gradient", torch.tensor(-10.0)), ("04_centred_kappa", 1.25),
    ("04_centred_kappa", 5 / 4), ("04_choose_beta", 0.583), ("04_choose_beta", 0.584),
    ("04_choose_beta", ((55.8 ** 0.5 - 1) / (55.8 ** 0.5 + 1)) ** 2),
    ("04_simultaneous_step", lambda x, y, w, b, lr: [w - lr * np.mean(2 * x * (w * x + b - y)),
                                                     b - lr * 2 * np.mean(w * x + b - y)]),
    ("04_simultaneous_step", lambda x, y, w, b, lr: np.array([w, b]) - lr * np.array(
        [np.mean(2 * x * (w * x + b - y)), np.mean(2 * (w * x + b - y))])),
])
def test_other_right_answers_pass(capsys, name, answer):
    assert feedback(capsys, name, answer)[0] is True


def test_the_seed_answer_of_zero_grad_is_accepted_as_autograd_gives_it(capsys):
    w = torch.tensor(0.0, requires_grad=True)
    for _ in range(2):
        loss = ((w * torch.tensor(X) - torch.tensor(Y)) ** 2).mean()
        loss.backward()
    assert w.grad.item() == -60 and feedback(capsys, "02_zero_grad", w.grad)[0] is True


def seed_gradient(x, y, y_pred):
    return np.dot(2 * x, y_pred - y).mean()


def sequential_step(x, y, w, b, lr):
    """Update w first, then take dJ/db at the new w: not gradient descent's simultaneous step."""
    w = w - lr * np.mean(2 * x * (w * x + b - y))
    return w, b - lr * np.mean(2 * (w * x + b - y))


TYPICAL = [  # (name, wrong answer, words its English hint must contain)
    ("01_first_step", 1.2, "np.dot already sums over the N = 4 examples"),
    ("01_first_step", -0.3, "the step goes against the gradient"),
    ("01_first_step", 30, "not the weight"), ("01_first_step", -30, "not the weight"),
    ("01_mean_gradient", seed_gradient, "N times the mean gradient"),
    ("01_mean_gradient", lambda x, y, y_pred: np.sum(2 * x * (y_pred - y)), "N times the mean gradient"),
    ("01_mean_gradient", lambda x, y, y_pred: np.mean(x * (y_pred - y)), "half the right value"),
    ("01_mean_gradient", lambda x, y, y_pred: np.mean(2 * x * (y - y_pred)), "wrong sign"),
    ("01_mean_gradient", lambda x, y, y_pred: 2 * x * (y_pred - y), "forgot the mean"),
    ("01_which_diverges", 0.1, "oscillates, but it converges"),
    ("01_which_diverges", 0.05, "converges without oscillating"),
    ("01_which_diverges", 0.2, "not one of the choices 0.05, 0.1, 0.15"),
    ("02_zero_grad", -30, "gradients accumulate"), ("02_zero_grad", 60, "the sign is wrong"),
    ("02_zero_grad", 0, "nothing sets w.grad back to 0"),
    ("02_finite_difference", lambda J, w, h=1e-4: (J(w + h) - J(w)) / h, "error is O(h²)"),
    ("02_finite_difference", lambda J, w, h=1e-4: (J(w + h) - J(w - h)) / h, "twice the right value"),
    ("02_finite_difference", lambda J, w, h=1e-4: (J(w + 1e-4) - J(w - 1e-4)) / 2e-4, "ignores its argument h"),
    ("02_bias_gradient", lambda x, y, w, b: (np.mean(x * (w * x + b - y)), np.mean(w * x + b - y)),
     "both derivatives are half"),
    ("02_bias_gradient", lambda x, y, w, b: (np.mean(2 * x * (w * x + b - y)), np.mean(2 * x * (w * x + b - y))),
     "extra factor x"),
    ("02_bias_gradient", lambda x, y, w, b: (np.sum(2 * x * (w * x + b - y)), np.sum(2 * (w * x + b - y))),
     "N times too large"),
    ("02_bias_gradient", lambda x, y, w, b: (np.mean(2 * (w * x + b - y)), np.mean(2 * x * (w * x + b - y))),
     "wrong order"),
    ("03_updates_per_epoch", 12, "last, smaller batch"), ("03_updates_per_epoch", 12.5, "last, smaller batch"),
    ("03_sgd_limit", 0.1333, "own curvature 2·x_i²"), ("03_sgd_limit", 2 / 15, "own curvature 2·x_i²"),
    ("03_sgd_limit", 0.125, "|1 - 2·lr·x_i²| < 1 means lr < 1/x_i²"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + t) * tau, "brackets"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + t * tau), "brackets"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 * np.exp(-t / tau), "exponential decay"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + (t + 1) / tau), "use t, not t + 1"),
    ("04_bias_gradient", -30, "without x"), ("04_bias_gradient", -40, "divide by N = 4"),
    ("04_bias_gradient", 10, "every error e_i = -y_i is negative"),
    ("04_simultaneous_step", sequential_step, "at the old (w, b)"),
    ("04_simultaneous_step", lambda x, y, w, b, lr: (w - lr * np.sum(2 * x * (w * x + b - y)),
                                                     b - lr * np.sum(2 * (w * x + b - y))), "np.mean, not np.sum"),
    ("04_simultaneous_step", lambda x, y, w, b, lr: (np.mean(2 * x * (w * x + b - y)), np.mean(2 * (w * x + b - y))),
     "returns the gradient"),
    ("04_centred_kappa", 55.8, "corners 2·mean(x) become 0"), ("04_centred_kappa", 0.8, "λmax / λmin"),
    ("04_centred_kappa", 1, "centring alone does not equalise"),
    ("04_choose_beta", 0.764, "β* is its square"), ("04_choose_beta", 0.965, "square root of κ first"),
    ("04_choose_beta", 0.9, "not the best β"), ("04_choose_beta", 0.58, "does not match it to three decimals"),
    ("04_choose_beta", 0.582, "does not match it to three decimals"), ("04_choose_beta", 0.5, "√55.8 = 7.47"),
]


@pytest.mark.parametrize("name, answer, words", TYPICAL)
def test_typical_mistakes_get_their_own_hint(capsys, name, answer, words):
    result, line = feedback(capsys, name, answer)
    assert result is False and words in line and line.startswith("✘ Not yet: ")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXERCISES)
def test_every_registered_mistake_is_recognised(capsys, name, lang):
    exercise = EXERCISES[name]
    assert exercise.mistakes
    for mistake in exercise.mistakes:
        for answer in (np.atleast_1d(mistake.answer) if exercise.kind != "function" else [mistake.answer]):
            result, line = feedback(capsys, name, answer, lang)
            assert result is False and mistake.hint[lang] in line, line


def test_wrong_numbers_without_a_typical_mistake_get_the_generic_hint(capsys):
    assert feedback(capsys, "01_first_step", 0.5, "es")[1] == (
        "✘ Todavía no: 0.5 no es w después de un paso. Pista: un paso es w - lr·dJ/dw, con "
        "dJ/dw = mean(2·x·(w·x - y)) en w = 0.")
    result, line = feedback(capsys, "01_mean_gradient", lambda x, y, y_pred: np.mean(3 * x * (y_pred - y)))
    assert "returns -45 instead of -30 on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8] with y_pred = 0" in line


def test_bad_use_by_the_author_raises_naming_the_argument():
    with pytest.raises(ValueError, match="name"):
        check("01_no_such_exercise", 0.3)
    with pytest.raises(ValueError, match="lang"):
        check("01_first_step", 0.3, lang="fr")


def test_names_questions_and_lessons():
    for name, exercise in EXERCISES.items():
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", name) and exercise.name == name
        assert exercise.kind in ("number", "choice", "function")
        assert all(exercise.question[lang].strip() for lang in LANGS)
    for lesson in ("01", "02", "03", "04"):
        assert sum(name.startswith(lesson + "_") for name in EXERCISES) >= 3


def test_the_numbers_in_the_feedback_are_facts_of_the_seed_data():
    mean_gradient = float(np.mean(2 * X * (0 * X - Y)))
    assert mean_gradient == -30 and 0 - 0.01 * mean_gradient == pytest.approx(0.3)
    assert 0 - 0.01 * float(np.dot(2 * X, 0 * X - Y).mean()) == pytest.approx(1.2)
    assert curvature(X) == 15 and f"{critical_lr(X):.4f}" == "0.1333" and f"{1 / curvature(X):.4f}" == "0.0667"
    assert [contraction(lr, X) for lr in (0.05, 0.1, 0.15)] == pytest.approx([0.25, -0.5, -1.25])
    assert math.ceil(200 / 16) == 13 and 200 - 12 * 16 == 8
    assert batch_critical_lr(X, 1) == 1 / 16 == 0.0625 and 2 * max(X) ** 2 == 32
    assert float(np.mean(2 * (0 * X - Y))) == -10  # dJ/db on the seed data at w = b = 0


def test_the_numbers_of_lesson_04_are_facts_of_the_seed_data():
    assert float(np.mean(2 * (0 * X + 0 - Y))) == -10  # dJ/db at (0, 0)
    assert condition_number(X - X.mean(), bias=True) == 1.25 and f"{condition_number(X, bias=True):.1f}" == "55.8"
    beta = best_momentum(X, bias=True)[0]
    assert f"{beta:.3f}" == "0.583" and f"{beta ** 0.5:.3f}" == "0.764"
    kappa = condition_number(X, bias=True)
    assert f"{(kappa - 1) / (kappa + 1):.3f}" == "0.965"
    step = EXERCISES["04_simultaneous_step"].solution
    assert np.allclose(step(X, Y, 0.0, 0.0, 0.01), (0.3, 0.1))
    assert np.allclose(sequential_step(X, Y, 0.0, 0.0, 0.01), (0.3, 0.085))  # the mistake differs from step 1
