"""Self-checked exercises: solutions pass, stubs are "not answered", typical mistakes get their own hint."""
import _thread
import ast
import inspect
import linecache
import math
import re
import signal
import sys
import threading

import numpy as np
import pytest
import torch

from gd_helpers import (EXERCISES, batch_critical_lr, best_momentum, check, condition_number, contraction,
                        critical_lr, curvature, seed_data)
from gd_helpers import exercises
from gd_helpers.exercises import WORDS, judge
from test_lessons import NOT_IN_SPANISH

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
    ("01_first_step", 0.3002), ("01_which_diverges", 0.15), ("01_which_diverges", np.float64(0.15)),
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
    ("01_first_step", 0.15, "lost its factor 2"), ("02_zero_grad", 30, "the loss at w = 0"),
    ("02_finite_difference", lambda J, w, h=1e-4: (J(w + h) - J(w - h)) / 2 * h, "Python reads / 2 * h"),
    ("04_bias_gradient", 30, "the loss J(0, 0)"),
    ("04_simultaneous_step", lambda x, y, w, b, lr: EXERCISES["04_simultaneous_step"].solution(x, y, w, b, lr)[::-1],
     "wrong order: (b, w)"),
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
    ("03_sgd_limit", 0.125, "curvature 2·x_i², not x_i²"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + t) * tau, "brackets"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + t * tau), "brackets"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 * np.exp(-t / tau), "exponential decay"),
    ("03_decaying_lr", lambda lr0, t, tau: lr0 / (1 + (t + 1) / tau), "use t, not t + 1"),
    ("04_bias_gradient", -30, "no factor x"), ("04_bias_gradient", -40, "divide by N = 4"),
    ("04_bias_gradient", 10, "every error e_i = -y_i is negative"),
    ("04_simultaneous_step", sequential_step, "at the old (w, b)"),
    ("04_simultaneous_step", lambda x, y, w, b, lr: (w - lr * np.sum(2 * x * (w * x + b - y)),
                                                     b - lr * np.sum(2 * (w * x + b - y))), "np.mean, not np.sum"),
    ("04_simultaneous_step", lambda x, y, w, b, lr: (np.mean(2 * x * (w * x + b - y)), np.mean(2 * (w * x + b - y))),
     "returns the gradient"),
    ("04_centred_kappa", 55.8, "off-diagonal entries 2·mean(x) become 0"), ("04_centred_kappa", 0.8, "λmax / λmin"),
    ("04_centred_kappa", 1, "centring alone does not equalise"),
    ("04_choose_beta", 0.764, "β* is its square"), ("04_choose_beta", 0.965, "square root of κ first"),
    ("04_choose_beta", 0.9, "not the best β"), ("04_choose_beta", 0.58, "further from it than half a unit"),
    ("04_choose_beta", 0.582, "than half a unit of the third decimal"), ("04_choose_beta", 0.5, "√55.8 = 7.4699"),
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


# Issue 15: the checker's weak spots, found by about 250 tried answers.

def error_of(x, y, w, b):
    """Return the errors w·x + b - y of the model with a bias."""
    return w * x + b - y


def test_a_pair_with_an_array_inside_says_which_value_and_how_long(capsys):
    line = feedback(capsys, "02_bias_gradient", lambda x, y, w, b: (np.mean(2 * x * error_of(x, y, w, b)),
                                                                    2 * error_of(x, y, w, b)))[1]
    assert "returns 2 values and the second is an array of 4 numbers, not one number" in line
    assert line.endswith("Hint: each value must be a single number: that one may be missing its np.mean.")
    line = feedback(capsys, "04_simultaneous_step", lambda x, y, w, b, lr: (
        w - lr * 2 * x * error_of(x, y, w, b), b - lr * 2 * error_of(x, y, w, b)), "es")[1]
    assert "devuelve 2 valores y el primero es un array de 4 números, no un solo número" in line


def test_a_tensor_that_requires_grad_gets_a_hint_about_item(capsys):
    def gradient(x, y, y_pred):
        x = torch.tensor(x, requires_grad=True)
        return torch.mean(2 * x * torch.tensor(y_pred - y))

    line = feedback(capsys, "01_mean_gradient", gradient)[1]
    assert "returns a tensor that requires grad" in line and ".item()" in line and ".detach()" in line


def torch_bias_gradients(x, y, w, b):
    """The solution of 02_bias_gradient written with PyTorch, as lesson 02's tensors invite."""
    error = w * x + b - y
    return torch.mean(2 * x * error), torch.mean(2 * error)


@pytest.mark.parametrize("name, answer", [
    ("01_mean_gradient", lambda x, y, y_pred: torch.mean(2 * x * (y_pred - y))),
    ("02_bias_gradient", torch_bias_gradients),
    ("04_simultaneous_step", lambda x, y, w, b, lr: tuple(
        p - lr * g.item() for p, g in zip((w, b), torch_bias_gradients(x, y, w, b)))),
])
def test_pytorch_code_passes_although_the_cases_are_numpy_arrays(capsys, name, answer):
    assert feedback(capsys, name, answer) == (True, judge(name, EXERCISES[name].solution)[1])


def test_a_bug_in_pytorch_code_is_reported_as_pytorch_raised_it(capsys):
    line = feedback(capsys, "01_mean_gradient", lambda x, y, y_pred: torch.mean(2 * x * (y_pred - y), dim=1))[1]
    assert "raised IndexError: Dimension out of range" in line


def test_the_stub_lines_still_say_not_answered_yet_when_the_source_is_known(capsys):
    answer = None  # your prediction: w after one step
    check("01_first_step", answer, "es")
    check("02_zero_grad", None)
    assert capsys.readouterr().out.splitlines() == [WORDS["es"]["unanswered_value"], WORDS["en"]["unanswered_value"]]


def test_an_expression_that_gives_none_is_named_not_unanswered(capsys):
    w = torch.tensor(0.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.01)
    ((w * torch.tensor(X) - torch.tensor(Y)) ** 2).mean().backward()
    optimizer.zero_grad()
    answer = w.grad
    check("02_zero_grad", answer)
    assert capsys.readouterr().out == ("✘ Not yet: w.grad gives None, not your answer. Hint: a .grad is None until "
                                       "backward() fills it, and optimizer.zero_grad() sets it back to None: read "
                                       "it right after backward().\n")

    def first_step():
        print(0 - 0.01 * np.mean(2 * X * (0 * X - Y)))

    answer = first_step()
    check("01_first_step", answer, "es")
    assert capsys.readouterr().out.splitlines()[-1] == (
        "✘ Todavía no: first_step() da None, no tu respuesta. Pista: una función sin línea return devuelve None, "
        "aunque imprima el resultado: termínala con return.")
    check("01_first_step", print(0.3))
    assert "print() shows a value on the screen and gives None" in capsys.readouterr().out.splitlines()[-1]


def test_a_cell_is_read_as_ipython_keeps_it_and_an_unknown_source_means_not_answered(capsys):
    cell = "w = Grad()\nanswer = w.grad\ncheck('02_zero_grad', answer, 'en')\n"
    filename = "/tmp/ipykernel_1/0123.py"  # IPython keeps each cell's source in linecache under such a name
    linecache.cache[filename] = (len(cell), None, cell.splitlines(True), filename)
    namespace = {"check": check, "Grad": type("Grad", (), {"grad": None})}
    try:
        exec(compile(cell, filename, "exec"), namespace)
    finally:
        del linecache.cache[filename]
    assert "w.grad gives None" in capsys.readouterr().out
    exec(compile(cell, "<string>", "exec"), namespace)  # no source to read: None is "not answered yet"
    assert capsys.readouterr().out == WORDS["en"]["unanswered_value"] + "\n"


def test_a_function_that_prints_instead_of_returning_is_told_so(capsys):
    def gradient(x, y, y_pred):
        print(np.mean(2 * x * (y_pred - y)))

    assert feedback(capsys, "01_mean_gradient", gradient)[1] == (
        "✘ Not yet: your function prints its result but returns None. Hint: give the result back with return "
        "instead of print.")


@pytest.mark.parametrize("lang, words", [("en", "did you type a decimal comma? Python writes 0.3"),
                                         ("es", "¿escribiste una coma decimal? Python escribe 0.3")])
def test_a_decimal_comma_is_recognised(capsys, lang, words):
    result, line = feedback(capsys, "01_first_step", (0, 3), lang)
    assert result is False and words in line and "(0, 3)" in line


def test_a_decimal_comma_keeps_the_sign_that_was_typed(capsys):
    answer = -0,3  # noqa: E231 (a decimal comma, as a Spanish speaker types it; the pair is (0, 3))
    check("01_first_step", answer)
    assert "Python reads -0,3 as the pair (0, 3): did you type a decimal comma? Python writes -0.3" in \
        capsys.readouterr().out


def test_a_count_must_be_a_whole_number(capsys):
    assert feedback(capsys, "03_updates_per_epoch", 13)[0] is True
    for answer in (13.01, 13.0004, 12.999):
        result, line = feedback(capsys, "03_updates_per_epoch", answer)
        assert result is False and f"{answer:g} is not a whole number" in line


@pytest.mark.parametrize("name, answer", [("03_sgd_limit", 0.0616), ("03_sgd_limit", 0.0632),
                                          ("01_first_step", 0.3004), ("04_choose_beta", 0.5825)])
def test_a_small_target_has_a_relative_tolerance(capsys, name, answer):
    assert feedback(capsys, name, answer)[0] is False


def endless(x, y, y_pred):
    """A student's loop that never ends, and that even swallows every Exception."""
    while True:
        try:
            pass
        except Exception:
            pass


def test_an_endless_loop_is_stopped_and_the_alarm_left_as_it_was(capsys, monkeypatch):
    monkeypatch.setattr(exercises, "TIME_LIMIT_S", 0.2)
    previous = signal.getsignal(signal.SIGALRM)
    for lang, words in (("en", "took longer than 0.2 s on one call"), ("es", "tardó más de 0.2 s en una llamada")):
        result, line = feedback(capsys, "01_mean_gradient", endless, lang)
        assert result is False and words in line
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is previous


def test_a_keyboard_interrupt_still_stops_the_check(capsys):
    interrupt = threading.Timer(0.3, _thread.interrupt_main)  # the teacher presses the stop button
    interrupt.start()
    with pytest.raises(KeyboardInterrupt):
        check("01_mean_gradient", endless)
    interrupt.join()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_system_exit_in_the_students_function_is_caught(capsys):
    line = feedback(capsys, "01_mean_gradient", lambda x, y, y_pred: sys.exit(3))[1]
    assert "your function raised SystemExit: 3" in line


def hints(exercise):
    """Return every text a wrong answer to `exercise` can show, as {lang: text}: its hint, each mistake's words."""
    return [exercise.hint] + [t for mistake in exercise.mistakes for t in (mistake.what, mistake.hint)]


def texts(exercise):
    """Return every text of an exercise, as {lang: text}: question, remark, hints and mistakes."""
    return [exercise.question, exercise.remark] + ([exercise.wrong] if exercise.wrong else []) + hints(exercise)


def test_the_diagonal_is_not_called_a_corner():
    assert not [t for e in EXERCISES.values() for t in texts(e) if "corner" in t["en"] or "esquina" in t["es"]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [n for n, e in EXERCISES.items() if e.kind != "function"])
def test_no_hint_prints_the_number_it_asks_for(name, lang):
    solution = float(EXERCISES[name].solution)
    shown = {f"{solution:g}", f"{solution:.3f}".rstrip("0").rstrip(".")}
    for text in (t[lang] for t in hints(EXERCISES[name])):
        assert not [s for s in shown if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text)], text


def code(text):
    """Return code or a formula without spaces, np. prefixes and middle dots, to compare them."""
    return text.replace(" ", "").replace("np.", "").replace("·", "*")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_no_hint_quotes_the_solutions_code(name, lang):
    tree = ast.parse(inspect.getsource(EXERCISES[name].solution))
    returned = code(ast.unparse(next(n for n in ast.walk(tree) if isinstance(n, ast.Return)).value))
    assert not [t[lang] for t in hints(EXERCISES[name]) if returned.strip("()") in code(t[lang])]


def test_the_feedback_speaks_the_glossarys_spanish():
    spanish = [t["es"] for exercise in EXERCISES.values() for t in texts(exercise)]
    spanish += [w for w in WORDS["es"].values() if isinstance(w, str)]
    found = {word: better for word, better in NOT_IN_SPANISH.items() for t in spanish if re.search(word, t, re.I)}
    assert not found, f"write instead: {found}"


def test_the_new_numbers_in_the_feedback_are_facts_of_the_seed_data():
    assert float(np.mean(Y ** 2)) == 30  # the loss at w = 0 (and at (w, b) = (0, 0))
    assert 0 - 0.01 * float(np.mean(X * (0 * X - Y))) == pytest.approx(0.15)  # the step without the factor 2
    assert float(np.mean((X - X.mean()) ** 2)) == 1.25  # mean(x_c²), so the first diagonal entry is 2.5, not 2


def test_no_hint_or_reason_ends_in_punctuation_that_the_line_doubles():
    words = [w for lang in LANGS for key, w in WORDS[lang].items() if isinstance(w, str) and key not in
             ("correct", "wrong") and not key.startswith("unanswered")]
    parts = words + [t[lang] for e in EXERCISES.values() for t in hints(e) for lang in LANGS]
    assert not [part for part in parts if part.rstrip()[-1] in ".?!:;,"]
