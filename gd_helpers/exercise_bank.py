"""The lessons' exercises: question, reference solution and typical mistakes, in Spanish and English."""
from dataclasses import dataclass
from typing import Any

import numpy as np

from .data import seed_data
from .descent import updates_per_epoch
from .theory import batch_critical_lr, critical_lr, fastest_lr, mse
from .theory2d import best_momentum, condition_number

X, Y = seed_data()
SEED = "X = [1, 2, 3, 4], Y = [2, 4, 6, 8]"


def _(en, es):
    """Return one text in both languages."""
    return {"en": en, "es": es}


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer (a value, several values or a function), what is wrong with it, and a hint."""
    answer: Any
    what: dict
    hint: dict


@dataclass(frozen=True)
class Case:
    """The arguments a function answer is called with, and how the feedback names them."""
    args: tuple
    label: dict


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise: its question, its reference solution and the data to check an answer."""
    name: str
    kind: str  # "number", "choice" or "function"
    question: dict
    solution: Any
    remark: dict  # said after "Correct!"
    hint: dict  # the hint for a wrong answer that matches no typical mistake
    wrong: dict = None  # what is wrong with such a number; "{answer}" stands for it
    mistakes: tuple = ()
    options: tuple = ()  # the choices of a "choice" exercise
    spread: float = 0.0  # a "choice": a typed value this close to an option (or to a mistake) counts as it
    cases: tuple = ()  # the inputs of a "function" exercise
    integer: bool = False  # a count: only the exact whole number is right
    rtol: float = 1e-4  # tolerance of a function's results against the solution's
    atol: float = 1e-6


def _random(seed, n, dtype, count):
    """Return `count` random vectors of length `n` and type `dtype`, from a fixed seed."""
    return list(np.random.default_rng(seed).normal(size=(count, n)).astype(dtype))


def _on_random(seed, n, dtype, count, extra=()):
    """Return a Case on random vectors, followed by the `extra` arguments."""
    label = _(f"on random {np.dtype(dtype).name} data (N = {n})",
              f"con datos aleatorios {np.dtype(dtype).name} (N = {n})")
    return Case(tuple(_random(seed, n, dtype, count)) + tuple(extra), label)


# 01 · gradient descent by hand with NumPy

def mean_gradient(x, y, y_pred):
    """Return the mean gradient dJ/dw = mean(2·x·(y_pred − y)) of the MSE."""
    return np.mean(2 * x * (y_pred - y))


SUMMED = _("your function gives N times the mean gradient: a sum",
           "tu función da N veces el gradiente medio: una suma")
HALF = _("the derivative of (w·x - y)² brings down a factor 2: keep it",
         "la derivada de (w·x - y)² saca un factor 2: consérvalo")
FORGOT_MEAN = _("you forgot the mean: wrap it in np.mean(...)", "olvidaste la media: envuélvelo en np.mean(...)")

EXERCISES_01 = [
    Exercise(
        "01_first_step", "number",
        _("Predict before you run: on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8], from w = 0 with lr = 0.01, "
          "what is w after ONE step of gradient descent with the mean gradient?",
          "Predice antes de ejecutar: con los datos X = [1, 2, 3, 4], Y = [2, 4, 6, 8], desde w = 0 y con "
          "lr = 0.01, ¿cuánto vale w después de UN paso de descenso de gradiente con el gradiente medio?"),
        0.3,
        _("The mean gradient at w = 0 is -30, so w = 0 - 0.01·(-30) = 0.3.",
          "El gradiente medio en w = 0 es -30, así que w = 0 - 0.01·(-30) = 0.3."),
        _("one step is w - lr·dJ/dw, with dJ/dw = mean(2·x·(w·x - y)) at w = 0",
          "un paso es w - lr·dJ/dw, con dJ/dw = mean(2·x·(w·x - y)) en w = 0"),
        _("{answer} is not w after one step", "{answer} no es w después de un paso"),
        mistakes=(
            Mistake(1.2, _("1.2 is the step of the original notebook's summed gradient",
                           "1.2 es el paso del gradiente sumado del cuaderno original"),
                    _("np.dot already sums over the N = 4 examples, so its .mean() changes nothing: that "
                      "gradient is 4 times too large; use the mean",
                      "np.dot ya suma sobre los N = 4 ejemplos, así que su .mean() no cambia nada: ese "
                      "gradiente es 4 veces demasiado grande; usa la media")),
            Mistake(0.15, _("{answer} is half the step: your gradient lost its factor 2",
                            "{answer} es la mitad del paso: a tu gradiente le falta su factor 2"), HALF),
            Mistake(-0.3, _("the sign is wrong", "el signo está mal"),
                    _("the step goes against the gradient, w - lr·dJ/dw, and dJ/dw = -30 is negative, so w grows",
                      "el paso va en contra del gradiente, w - lr·dJ/dw, y dJ/dw = -30 es negativo, así que w "
                      "crece")),
            Mistake((30, -30), _("{answer} is the gradient (up to its sign), not the weight",
                                 "{answer} es el gradiente (salvo el signo), no el peso"),
                    _("the question asks for w after the step: w - lr·dJ/dw",
                      "la pregunta pide w después del paso: w - lr·dJ/dw")),
        )),
    Exercise(
        "01_mean_gradient", "function",
        _("Write gradient(x, y, y_pred) that returns the mean gradient dJ/dw = mean(2·x·(y_pred - y)) "
          "of the MSE as a single number.",
          "Escribe gradient(x, y, y_pred), que devuelva el gradiente medio dJ/dw = mean(2·x·(y_pred - y)) "
          "del MSE como un solo número."),
        mean_gradient,
        _("Your gradient is a mean, not the original notebook's sum: -30 on the data at w = 0.",
          "Tu gradiente es una media, no la suma del cuaderno original: -30 con los datos en w = 0."),
        _("each example's error is y_pred - y: multiply it by 2·x element by element, then average the "
          "products with np.mean",
          "el error de cada ejemplo es y_pred - y: multiplícalo por 2·x elemento a elemento y luego promedia "
          "los productos con np.mean"),
        mistakes=(
            Mistake(lambda x, y, y_pred: np.dot(2 * x, y_pred - y).mean(), SUMMED,
                    _("np.dot already sums, so .mean() of its single number does nothing; "
                      "multiply element by element and let np.mean do the averaging",
                      "np.dot ya suma, así que .mean() de su único número no hace nada; "
                      "multiplica elemento a elemento y deja que np.mean haga la media")),
            Mistake(lambda x, y, y_pred: np.mean(x * (y_pred - y)),
                    _("your function gives half the right value", "tu función da la mitad del valor correcto"),
                    HALF),
            Mistake(lambda x, y, y_pred: np.mean(2 * x * (y - y_pred)),
                    _("your function has the wrong sign", "tu función tiene el signo cambiado"),
                    _("the error is y_pred - y, not y - y_pred: on the data at w = 0 the gradient is -30",
                      "el error es y_pred - y, no y - y_pred: con los datos en w = 0 el gradiente es -30")),
            Mistake(lambda x, y, y_pred: 2 * x * (y_pred - y),
                    _("your function returns an array, one value per example, instead of a number",
                      "tu función devuelve un array, un valor por ejemplo, en lugar de un número"),
                    FORGOT_MEAN),
        ),
        cases=(
            Case((X, Y, np.zeros_like(X)), _(f"on the data {SEED} with y_pred = 0",
                                             f"con los datos {SEED} y las predicciones y_pred = 0")),
            Case((X, Y, np.float32(1.2) * X), _(f"on the data {SEED} with y_pred = 1.2·X",
                                                f"con los datos {SEED} y las predicciones y_pred = 1.2·X")),
            _on_random(0, 5, np.float64, 3), _on_random(1, 7, np.float32, 3), _on_random(2, 10, np.float64, 3),
        )),
    Exercise(
        "01_which_diverges", "choice",
        _("Predict before you run: which of the learning rates 0.05, 0.1, 0.15 makes gradient descent with "
          "the mean gradient diverge on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8]? Answer with the number.",
          "Predice antes de ejecutar: ¿cuál de las tasas de aprendizaje 0.05, 0.1, 0.15 hace divergir el "
          "descenso de gradiente con el gradiente medio en los datos X = [1, 2, 3, 4], Y = [2, 4, 6, 8]? "
          "Responde con el número."),
        0.15,
        _("Here L = 2·mean(x²) = 15 and 2/L = 0.1333: each step multiplies w - w* by 1 - 0.15·15 = -1.25.",
          "Aquí L = 2·mean(x²) = 15 y 2/L = 0.1333: cada paso multiplica w - w* por 1 - 0.15·15 = -1.25."),
        _("gradient descent converges if and only if lr < 2/L, with L = 2·mean(x²)",
          "el descenso de gradiente converge si y solo si lr < 2/L, con L = 2·mean(x²)"),
        _("{answer} does not make it diverge", "{answer} no lo hace divergir"),
        options=(0.05, 0.1, 0.15),
        mistakes=(
            Mistake(0.1, _("with 0.1 it oscillates, but it converges", "con 0.1 oscila, pero converge"),
                    _("between 1/L = 0.0667 and 2/L = 0.1333 each step jumps over w* but lands closer: "
                      "1 - 0.1·15 = -0.5",
                      "entre 1/L = 0.0667 y 2/L = 0.1333 cada paso salta por encima de w* pero cae más cerca: "
                      "1 - 0.1·15 = -0.5")),
            Mistake(0.05, _("with 0.05 it converges without oscillating", "con 0.05 converge sin oscilar"),
                    _("below 1/L = 0.0667 each step moves towards w* without jumping over it: "
                      "1 - 0.05·15 = 0.25; diverging needs lr > 2/L",
                      "por debajo de 1/L = 0.0667 cada paso avanza hacia w* sin pasarse: "
                      "1 - 0.05·15 = 0.25; para divergir hace falta lr > 2/L")),
        )),
]


# 02 · the same with PyTorch autograd

def central_difference(J, w, h=1e-4):
    """Return the central difference (J(w + h) − J(w − h)) / (2h), an estimate of J'(w)."""
    return (J(w + h) - J(w - h)) / (2 * h)


def bias_gradients(x, y, w, b):
    """Return (dJ/dw, dJ/db) of J = mean((w·x + b − y)²)."""
    error = w * x + b - y
    return np.mean(2 * x * error), np.mean(2 * error)


def quadratic(w):
    """Return 3w² − 2w + 1, a smooth test function."""
    return 3 * w ** 2 - 2 * w + 1


def seed_mse(w):
    """Return the MSE of f = w·x on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8], in float64."""
    return mse(w, X, Y)


def _on_function(J, name, w, h=None):
    """Return a Case that evaluates a finite difference of J at w (with the default h if h is None)."""
    if h is None:
        return Case((J, w), _(f"for {name['en']} at w = {w}", f"para {name['es']} en w = {w}"))
    return Case((J, w, h), _(f"for {name['en']} at w = {w} with h = {h}", f"para {name['es']} en w = {w} con h = {h}"))


QUADRATIC = _("J(w) = 3w² - 2w + 1", "J(w) = 3w² - 2w + 1")
SINE = _("J = sin", "J = sin")
MSE = _(f"the MSE of the data {SEED}", f"el MSE de los datos {SEED}")
ONE_SIDED = (_("your function computes a one-sided difference", "tu función calcula una diferencia de un solo lado"),
             _("evaluate J on both sides of w, at w + h and at w - h: the central difference's error is O(h²), "
               "a one-sided one's is O(h)",
               "evalúa J a los dos lados de w, en w + h y en w - h: el error de la diferencia centrada es O(h²), "
               "el de una de un solo lado es O(h)"))
EXTRA_X = (_("your dJ/db has an extra factor x", "tu dJ/db tiene un factor x de más"),
           _("b is added to every prediction as it is, so de/db = 1: dJ/db has no factor x",
             "b se suma tal cual a cada predicción, así que de/db = 1: dJ/db no lleva el factor x"))
HALF_PAIR = _("the derivative of e² is 2·e times the derivative of e: keep the factor 2",
              "la derivada de e² es 2·e por la derivada de e: conserva el factor 2")

EXERCISES_02 = [
    Exercise(
        "02_zero_grad", "number",
        _("Predict before you run: at w = 0 on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8] you compute the "
          "loss and call backward() twice (computing the loss again before the second call) without zeroing "
          "the gradient. What is w.grad then?",
          "Predice antes de ejecutar: en w = 0, con los datos X = [1, 2, 3, 4], Y = [2, 4, 6, 8], calculas la "
          "pérdida y llamas a backward() dos veces (calculando la pérdida de nuevo antes de la segunda "
          "llamada) sin poner el gradiente a cero. ¿Cuánto vale entonces w.grad?"),
        -60.0,
        _("backward() adds to w.grad: -30 + (-30) = -60. That is why the loop zeroes it after each update.",
          "backward() acumula en w.grad: -30 + (-30) = -60. Por eso el bucle lo pone a cero después de cada "
          "actualización."),
        _("one backward() gives dJ/dw = mean(2·x·(w·x - y)) = -30 at w = 0; think about what the second call "
          "does to w.grad",
          "un backward() da dJ/dw = mean(2·x·(w·x - y)) = -30 en w = 0; piensa qué hace la segunda llamada "
          "con w.grad"),
        _("{answer} is not w.grad after two backward() calls",
          "{answer} no es w.grad después de dos llamadas a backward()"),
        mistakes=(
            Mistake(-30, _("-30 is the gradient of one backward() call", "-30 es el gradiente de una sola "
                                                                         "llamada a backward()"),
                    _("backward() adds the new gradient to w.grad instead of replacing it: gradients "
                      "accumulate until you zero them",
                      "backward() suma el gradiente nuevo a w.grad en lugar de reemplazarlo: los gradientes "
                      "se acumulan hasta que los pones a cero")),
            Mistake(60, _("the sign is wrong", "el signo está mal"),
                    _("at w = 0 the predictions are below y, so the loss falls as w grows: dJ/dw is negative",
                      "en w = 0 las predicciones quedan por debajo de y, así que la pérdida baja al crecer w: "
                      "dJ/dw es negativo")),
            Mistake(0, _("nothing sets w.grad back to 0 here", "aquí nada vuelve a poner w.grad a 0"),
                    _("only w.grad.zero_() (or optimizer.zero_grad()) clears it; backward() adds to it",
                      "solo w.grad.zero_() (u optimizer.zero_grad()) lo borra; backward() acumula en él")),
            Mistake(30, _("30 is the loss at w = 0, the mean of y², not its gradient",
                          "30 es la pérdida en w = 0, la media de y², no su gradiente"),
                    _("w.grad holds the derivative dJ/dw, which is negative at w = 0; then count how many "
                      "times backward() adds to it",
                      "w.grad guarda la derivada dJ/dw, que es negativa en w = 0; luego cuenta cuántas veces "
                      "backward() acumula en él")),
        )),
    Exercise(
        "02_finite_difference", "function",
        _("Write finite_difference(J, w, h=1e-4) that returns the central difference "
          "(J(w + h) - J(w - h)) / (2h), an estimate of the derivative J'(w).",
          "Escribe finite_difference(J, w, h=1e-4), que devuelva la diferencia centrada "
          "(J(w + h) - J(w - h)) / (2h), una estimación de la derivada J'(w)."),
        central_difference,
        _("Its error is O(h²), small enough to check a gradient written by hand.",
          "Su error es O(h²), lo bastante pequeño para verificar un gradiente escrito a mano."),
        _("evaluate J at w + h and at w - h, with the h you are given, and divide the difference by the "
          "distance between those two points",
          "evalúa J en w + h y en w - h, con la h que recibes, y divide la diferencia entre la distancia "
          "que separa esos dos puntos"),
        mistakes=(
            Mistake(lambda J, w, h=1e-4: (J(w + h) - J(w)) / h, *ONE_SIDED),
            Mistake(lambda J, w, h=1e-4: (J(w) - J(w - h)) / h, *ONE_SIDED),
            Mistake(lambda J, w, h=1e-4: (J(w + h) - J(w - h)) / h,
                    _("your function gives twice the right value", "tu función da el doble del valor correcto"),
                    _("w + h and w - h are 2h apart: divide by 2 * h",
                      "w + h y w - h están a 2h de distancia: divide entre 2 * h")),
            Mistake(lambda J, w, h=1e-4: (J(w + h) - J(w - h)) / 2 * h,
                    _("your function divides by 2 and then multiplies by h: Python reads / 2 * h as (… / 2) * h",
                      "tu función divide entre 2 y luego multiplica por h: Python lee / 2 * h como (… / 2) * h"),
                    _("* and / go from left to right: put the whole denominator in brackets",
                      "* y / se aplican de izquierda a derecha: pon todo el denominador entre paréntesis")),
            Mistake(lambda J, w, h=1e-4: central_difference(J, w),
                    _("your function ignores its argument h", "tu función ignora su argumento h"),
                    _("use the h it receives, not a fixed step", "usa la h que recibe, no un paso fijo")),
        ),
        cases=(_on_function(quadratic, QUADRATIC, 0.4), _on_function(quadratic, QUADRATIC, -1.3, 0.1),
               _on_function(np.sin, SINE, 0.5), _on_function(np.sin, SINE, 2.0, 0.1),
               _on_function(seed_mse, MSE, 0.5), _on_function(seed_mse, MSE, 3.0, 0.01)),
        rtol=1e-6, atol=1e-9),
    Exercise(
        "02_bias_gradient", "function",
        _("Write gradients(x, y, w, b) that returns the pair (dJ/dw, dJ/db) of J = mean((w·x + b - y)²).",
          "Escribe gradients(x, y, w, b), que devuelva el par (dJ/dw, dJ/db) de J = mean((w·x + b - y)²)."),
        bias_gradients,
        _("With e = w·x + b - y, dJ/dw = mean(2·x·e) and dJ/db = mean(2·e): the same error, with and "
          "without the factor x.",
          "Con e = w·x + b - y, dJ/dw = mean(2·x·e) y dJ/db = mean(2·e): el mismo error, con y sin el "
          "factor x."),
        _("with e = w·x + b - y, J = mean(e²): apply the chain rule, with de/dw = x and de/db = 1",
          "con e = w·x + b - y, J = mean(e²): aplica la regla de la cadena, con de/dw = x y de/db = 1"),
        mistakes=(
            Mistake(lambda x, y, w, b: tuple(g / 2 for g in bias_gradients(x, y, w, b)),
                    _("both derivatives are half the right value", "las dos derivadas valen la mitad de lo "
                                                                   "correcto"), HALF_PAIR),
            Mistake(lambda x, y, w, b: (bias_gradients(x, y, w, b)[0] / 2, bias_gradients(x, y, w, b)[1]),
                    _("your dJ/dw is half the right value", "tu dJ/dw vale la mitad de lo correcto"), HALF_PAIR),
            Mistake(lambda x, y, w, b: (bias_gradients(x, y, w, b)[0], bias_gradients(x, y, w, b)[1] / 2),
                    _("your dJ/db is half the right value", "tu dJ/db vale la mitad de lo correcto"), HALF_PAIR),
            Mistake(lambda x, y, w, b: (bias_gradients(x, y, w, b)[0],) * 2,
                    *EXTRA_X),
            Mistake(lambda x, y, w, b: tuple(g * len(x) for g in bias_gradients(x, y, w, b)),
                    _("your derivatives are N times too large: sums", "tus derivadas son N veces demasiado "
                                                                      "grandes: sumas"),
                    _("J is a mean, so its derivatives are means too: np.mean, not np.sum or np.dot",
                      "J es una media, así que sus derivadas también: np.mean, no np.sum ni np.dot")),
            Mistake(lambda x, y, w, b: bias_gradients(x, y, w, b)[::-1],
                    _("your pair is in the wrong order", "tu par está en el orden equivocado"),
                    _("return (dJ/dw, dJ/db): the derivative for w first",
                      "devuelve (dJ/dw, dJ/db): primero la derivada respecto de w")),
            Mistake(lambda x, y, w, b: (2 * x * (w * x + b - y), 2 * (w * x + b - y)),
                    _("your function returns arrays, one value per example", "tu función devuelve arrays, "
                                                                             "un valor por ejemplo"),
                    _("take the mean of each one with np.mean(...)", "toma la media de cada uno con np.mean(...)")),
        ),
        cases=(
            Case((X, Y, 0.0, 0.0), _(f"on the data {SEED} at w = 0, b = 0", f"con los datos {SEED} en w = 0, b = 0")),
            Case((X, Y, 1.5, 0.5), _(f"on the data {SEED} at w = 1.5, b = 0.5",
                                     f"con los datos {SEED} en w = 1.5, b = 0.5")),
            _on_random(3, 5, np.float64, 2, (0.7, -0.2)), _on_random(4, 8, np.float32, 2, (-1.1, 0.4)),
            _on_random(5, 12, np.float64, 2, (2.5, 1.5)),
        )),
]


# 03 · batch, stochastic and mini-batch gradient descent

def decayed_lr(lr0, t, tau):
    """Return the learning rate lr0 / (1 + t/tau) of iteration t."""
    return lr0 / (1 + t / tau)


PRECEDENCE = (_("your brackets compute a different formula", "tus paréntesis calculan otra fórmula"),
              _("divide t by tau first, add 1, then divide lr0 by the result: the brackets set that order",
                "divide t entre tau primero, suma 1 y luego divide lr0 entre el resultado: los paréntesis "
                "fijan ese orden"))
LAST_BATCH = (_("{answer} forgets the last, smaller batch", "{answer} olvida el último lote, más pequeño"),
              _("200 / 16 = 12.5: after 12 full batches 8 examples are left, and an epoch uses every example",
                "200 / 16 = 12.5: tras 12 lotes completos quedan 8 ejemplos, y una época usa todos los ejemplos"))
FULL_BATCH = (_("{answer} is a limit of the full batch (1/L or 2/L, L = 15)",
                "{answer} es un límite del lote completo (1/L o 2/L, L = 15)"),
              _("with SGD each example has its own curvature 2·x_i²; the largest, 2·4² = 32, sets the limit",
                "con SGD cada ejemplo tiene su propia curvatura 2·x_i²; la mayor, 2·4² = 32, fija el límite"))


def _on_t(lr0, t, tau, t_label):
    """Return a Case of decayed_lr(lr0, t, tau), naming t as `t_label` (one text, or one per language)."""
    en, es = (t_label, t_label) if isinstance(t_label, str) else (t_label["en"], t_label["es"])
    return Case((lr0, t, tau), _(f"for lr0 = {lr0}, t = {en}, tau = {tau}", f"para lr0 = {lr0}, t = {es}, tau = {tau}"))


EXERCISES_03 = [
    Exercise(
        "03_updates_per_epoch", "number",
        _("Predict before you run: with N = 200 examples and batch size 16, how many updates (iterations) "
          "does one epoch make?",
          "Predice antes de ejecutar: con N = 200 ejemplos y tamaño de lote 16, ¿cuántas actualizaciones "
          "(iteraciones) hace una época?"),
        updates_per_epoch(200, 16),
        _("200 = 12·16 + 8: twelve full batches and a last one of 8 examples, so ceil(200 / 16) = 13.",
          "200 = 12·16 + 8: doce lotes completos y un último lote de 8 ejemplos, así que "
          "ceil(200 / 16) = 13."),
        _("an epoch uses every example once and makes one update per batch",
          "una época usa cada ejemplo una vez y hace una actualización por lote"),
        _("{answer} is not the number of updates in one epoch",
          "{answer} no es el número de actualizaciones de una época"),
        integer=True,
        mistakes=(
            Mistake((12, 12.5), *LAST_BATCH),
            Mistake(200, _("200 is the count of SGD (batch size 1)", "200 es la cuenta de SGD (tamaño de lote 1)"),
                    _("with batch size 16 each update uses 16 examples",
                      "con tamaño de lote 16 cada actualización usa 16 ejemplos")),
        )),
    Exercise(
        "03_sgd_limit", "number",
        _("With SGD (batch size 1) on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8], below which learning rate "
          "does every single step move w closer to the minimum of its own example's loss?",
          "Con SGD (tamaño de lote 1) en los datos X = [1, 2, 3, 4], Y = [2, 4, 6, 8], ¿por debajo de qué "
          "tasa de aprendizaje cada paso acerca w al mínimo de la pérdida de su propio ejemplo?"),
        batch_critical_lr(X, 1),
        _("The step on example i multiplies w - w_i* by 1 - 2·lr·x_i², whose absolute value is below 1 only "
          "for lr < 1/x_i²; x = 4 sets the limit 1/16 = 0.0625.",
          "El paso con el ejemplo i multiplica w - w_i* por 1 - 2·lr·x_i², cuyo valor absoluto es menor "
          "que 1 solo si lr < 1/x_i²; x = 4 fija el límite 1/16 = 0.0625."),
        _("the step on example i multiplies w - w_i* by 1 - 2·lr·x_i²: find where its absolute value stays "
          "below 1 for every x_i",
          "el paso con el ejemplo i multiplica w - w_i* por 1 - 2·lr·x_i²: busca dónde su valor absoluto "
          "se queda por debajo de 1 para todo x_i"),
        _("{answer} is not that limit", "{answer} no es ese límite"),
        mistakes=(
            Mistake((critical_lr(X), fastest_lr(X)), *FULL_BATCH),
            Mistake(2 / 16, _("0.125 = 2/16 takes x_i² as the curvature", "0.125 = 2/16 toma x_i² como curvatura"),
                    _("(w·x_i - y_i)² has curvature 2·x_i², not x_i², so the factor is 1 - 2·lr·x_i²: "
                      "solve |1 - 2·lr·x_i²| < 1 for lr",
                      "(w·x_i - y_i)² tiene curvatura 2·x_i², no x_i², así que el factor es 1 - 2·lr·x_i²: "
                      "despeja lr en |1 - 2·lr·x_i²| < 1")),
            Mistake(1 / 32, _("at 1/32 = 0.03125 the step on x = 4 lands exactly on its minimum",
                              "con 1/32 = 0.03125 el paso con x = 4 cae justo en su mínimo"),
                    _("above 1/32 that step jumps over its minimum but still lands closer while its factor "
                      "1 - 32·lr stays above -1",
                      "por encima de 1/32 ese paso salta por encima de su mínimo, pero aun así cae más cerca "
                      "mientras su factor 1 - 32·lr no baje de -1")),
            Mistake(1, _("1 = 1/1² is the limit of the smallest x", "1 = 1/1² es el límite de la x más pequeña"),
                    _("every example's step must get closer, so the example with the largest x sets the limit",
                      "el paso de cada ejemplo debe acercarse, así que el ejemplo con la mayor x fija el "
                      "límite")),
        )),
    Exercise(
        "03_decaying_lr", "function",
        _("Write decayed_lr(lr0, t, tau) that returns the learning rate lr0 / (1 + t/tau) of iteration "
          "t = 0, 1, 2, ... It must also work when t is a NumPy array.",
          "Escribe decayed_lr(lr0, t, tau), que devuelva la tasa de aprendizaje lr0 / (1 + t/tau) de la "
          "iteración t = 0, 1, 2, ... Debe funcionar también cuando t es un array de NumPy."),
        decayed_lr,
        _("It starts at lr0, halves at t = tau and keeps shrinking like 1/t.",
          "Empieza en lr0, se reduce a la mitad en t = tau y sigue bajando como 1/t."),
        _("the rate must be lr0 at t = 0 and lr0 / 2 at t = tau; + and / work on whole arrays",
          "la tasa debe valer lr0 en t = 0 y lr0 / 2 en t = tau; + y / funcionan con arrays enteros"),
        mistakes=(
            Mistake(lambda lr0, t, tau: lr0 / (1 + t) * tau, *PRECEDENCE),
            Mistake(lambda lr0, t, tau: lr0 / (1 + t) / tau, *PRECEDENCE),
            Mistake(lambda lr0, t, tau: lr0 / (1 + t * tau), *PRECEDENCE),
            Mistake(lambda lr0, t, tau: lr0 + t / tau, *PRECEDENCE),
            Mistake(lambda lr0, t, tau: lr0 * np.exp(-t / tau),
                    _("your function is the exponential decay lr0·exp(-t/tau)",
                      "tu función es el decaimiento exponencial lr0·exp(-t/tau)"),
                    _("that is another schedule; this one divides lr0 by 1 + t/tau and shrinks like 1/t",
                      "ese es otro plan de la tasa; este divide lr0 entre 1 + t/tau y baja como 1/t")),
            Mistake(lambda lr0, t, tau: lr0 / (1 + (t + 1) / tau),
                    _("your function is one iteration late: it gives less than lr0 at t = 0",
                      "tu función va una iteración por detrás: da menos que lr0 en t = 0"),
                    _("iterations start at t = 0, where the rate must be lr0 itself: use t, not t + 1",
                      "las iteraciones empiezan en t = 0, donde la tasa debe ser el propio lr0: usa t, no t + 1")),
        ),
        cases=(
            _on_t(0.1, 0, 10, "0"), _on_t(0.1, 5, 10, "5"), _on_t(0.05, 100, 20.0, "100"),
            _on_t(0.1, np.arange(50), 10, "np.arange(50)"),
            _on_t(0.2, np.arange(20, dtype=np.float32), 4, "np.arange(20, dtype=np.float32)"),
            _on_t(0.3, np.random.default_rng(6).uniform(0, 1000, size=30), 7.5,
                  _("30 random float64 values", "30 valores aleatorios float64")),
        )),
]


# 04 · two parameters: the J(w, b) bowl and momentum

def simultaneous_step(x, y, w, b, lr):
    """Return (w, b) after one step of gradient descent on J = mean((w·x + b − y)²), both at once."""
    dw, db = bias_gradients(x, y, w, b)
    return w - lr * dw, b - lr * db


def _w_first(x, y, w, b, lr):
    """A typical mistake: update w, then compute dJ/db with the new w."""
    w = w - lr * bias_gradients(x, y, w, b)[0]
    return w, b - lr * bias_gradients(x, y, w, b)[1]


def _b_first(x, y, w, b, lr):
    """A typical mistake: update b, then compute dJ/dw with the new b."""
    b = b - lr * bias_gradients(x, y, w, b)[1]
    return w - lr * bias_gradients(x, y, w, b)[0], b


def _step_with(scale_w, scale_b):
    """Return a step whose gradients are scaled by scale_w and scale_b: a typical mistake of a factor."""
    def step(x, y, w, b, lr):
        dw, db = bias_gradients(x, y, w, b)
        return w - lr * dw * scale_w(x), b - lr * db * scale_b(x)
    return step


def _on_seed(w, b, lr):
    """Return a Case of a step on the seed data from (w, b) with learning rate lr."""
    return Case((X, Y, w, b, lr), _(f"on the data {SEED} at w = {w}, b = {b}, lr = {lr}",
                                    f"con los datos {SEED} en w = {w}, b = {b}, lr = {lr}"))


X_CENTRED = X - X.mean()
BETA_STAR = best_momentum(X, bias=True)[0]
NEAR_BETA = tuple(BETA_STAR + sign * k * 0.002 for sign in (-1, 1) for k in range(1, 6))  # within 0.011
SEQUENTIAL = _("your step is sequential: the second derivative is taken at the already updated parameter",
               "tu paso es secuencial: la segunda derivada se calcula con el parámetro ya actualizado")
AT_THE_OLD_POINT = _("compute dJ/dw and dJ/db both at the old (w, b), before you change either, then "
                     "update both",
                     "calcula dJ/dw y dJ/db los dos en el (w, b) de antes, sin cambiar ninguno, y luego "
                     "actualiza ambos")
KAPPA_IS_A_RATIO = _("κ = λmax / λmin: the larger eigenvalue divided by the smaller",
                     "κ = λmax / λmin: el autovalor mayor dividido entre el menor")

EXERCISES_04 = [
    Exercise(
        "04_bias_gradient", "number",
        _("Predict before you run: for f = w·x + b on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8], "
          "what is dJ/db at (w, b) = (0, 0)?",
          "Predice antes de ejecutar: para f = w·x + b con los datos X = [1, 2, 3, 4], Y = [2, 4, 6, 8], "
          "¿cuánto vale dJ/db en (w, b) = (0, 0)?"),
        float(np.mean(2 * (0 * X + 0 - Y))),
        _("At (0, 0) every error is e_i = -y_i, so dJ/db = mean(2·e_i) = -2·mean(y) = -10.",
          "En (0, 0) cada error es e_i = -y_i, así que dJ/db = mean(2·e_i) = -2·mean(y) = -10."),
        _("at (0, 0) each error is e_i = w·x_i + b - y_i = -y_i, and dJ/db = mean(2·e_i)",
          "en (0, 0) cada error es e_i = w·x_i + b - y_i = -y_i, y dJ/db = mean(2·e_i)"),
        _("{answer} is not dJ/db at (0, 0)", "{answer} no es dJ/db en (0, 0)"),
        mistakes=(
            Mistake(-30, _("-30 is dJ/dw, with its factor x", "-30 es dJ/dw, con su factor x"),
                    _("b enters every prediction as it is, so de_i/db = 1: dJ/db has no factor x",
                      "b entra tal cual en cada predicción, así que de_i/db = 1: dJ/db no lleva el factor x")),
            Mistake(-40, _("-40 is a sum over the 4 examples", "-40 es una suma sobre los 4 ejemplos"),
                    _("J is a mean, so its derivative is a mean too: divide by N = 4",
                      "J es una media, así que su derivada también: divide entre N = 4")),
            Mistake(-5, _("-5 is half the right value", "-5 es la mitad del valor correcto"), HALF_PAIR),
            Mistake(10, _("the sign is wrong", "el signo está mal"),
                    _("at (0, 0) every prediction is below its y, so every error e_i = -y_i is negative",
                      "en (0, 0) cada predicción queda por debajo de su y, así que cada error e_i = -y_i es "
                      "negativo")),
            Mistake(30, _("30 is the loss J(0, 0), the mean of y², not a derivative",
                          "30 es la pérdida J(0, 0), la media de y², no una derivada"),
                    _("dJ/db is how fast J changes when b grows: at (0, 0) it is mean(2·e_i) with e_i = -y_i",
                      "dJ/db es lo rápido que cambia J al crecer b: en (0, 0) vale mean(2·e_i) con e_i = -y_i")),
        )),
    Exercise(
        "04_simultaneous_step", "function",
        _("Write step(x, y, w, b, lr) that returns (w, b) after ONE step of gradient descent on "
          "J = mean((w·x + b - y)²), updating w and b simultaneously.",
          "Escribe step(x, y, w, b, lr), que devuelva (w, b) después de UN paso de descenso de gradiente "
          "sobre J = mean((w·x + b - y)²), actualizando w y b a la vez."),
        simultaneous_step,
        _("Both derivatives come from the same error e = w·x + b - y, at the old (w, b).",
          "Las dos derivadas salen del mismo error e = w·x + b - y, en el (w, b) de antes."),
        _("compute both derivatives from the same error e = w·x + b - y at the (w, b) you receive, then "
          "move each parameter against its own derivative",
          "calcula las dos derivadas con el mismo error e = w·x + b - y en el (w, b) que recibes y luego "
          "mueve cada parámetro en contra de su propia derivada"),
        mistakes=(
            Mistake(_w_first, SEQUENTIAL, AT_THE_OLD_POINT),
            Mistake(_b_first, SEQUENTIAL, AT_THE_OLD_POINT),
            Mistake(lambda x, y, w, b, lr: (w + lr * bias_gradients(x, y, w, b)[0],
                                            b + lr * bias_gradients(x, y, w, b)[1]),
                    _("your step goes uphill", "tu paso va cuesta arriba"),
                    _("step against the gradient: w - lr·dw and b - lr·db",
                      "da el paso en contra del gradiente: w - lr·dw y b - lr·db")),
            Mistake(lambda x, y, w, b, lr: bias_gradients(x, y, w, b),
                    _("your function returns the gradient, not the new (w, b)",
                      "tu función devuelve el gradiente, no el nuevo (w, b)"),
                    _("return the parameters after the step, not the derivatives",
                      "devuelve los parámetros después del paso, no las derivadas")),
            Mistake(lambda x, y, w, b, lr: simultaneous_step(x, y, w, b, lr)[::-1],
                    _("your pair is in the wrong order: (b, w)", "tu par está en el orden equivocado: (b, w)"),
                    _("return (w, b): the new w first", "devuelve (w, b): primero el nuevo w")),
            Mistake(_step_with(len, len),
                    _("your step is N times too large: summed gradients", "tu paso es N veces demasiado "
                                                                          "grande: gradientes sumados"),
                    _("J is a mean, so its derivatives are means too: np.mean, not np.sum or np.dot",
                      "J es una media, así que sus derivadas también: np.mean, no np.sum ni np.dot")),
            Mistake(_step_with(lambda x: 0.5, lambda x: 0.5),
                    _("your step is half the right size", "tu paso tiene la mitad del tamaño correcto"), HALF_PAIR),
            Mistake(lambda x, y, w, b, lr: (w - lr * bias_gradients(x, y, w, b)[0],
                                            b - lr * bias_gradients(x, y, w, b)[0]),
                    *EXTRA_X),
        ),
        cases=(
            _on_seed(0.0, 0.0, 0.01), _on_seed(1.5, 0.5, 0.05),
            _on_random(7, 5, np.float64, 2, (0.7, -0.2, 0.1)), _on_random(8, 8, np.float32, 2, (-1.1, 0.4, 0.03)),
            _on_random(9, 12, np.float64, 2, (2.5, 1.5, 0.2)),
        )),
    Exercise(
        "04_centred_kappa", "number",
        _("Predict before you run: centre the inputs, x_c = x - mean(x), so that X_c = [-1.5, -0.5, 0.5, 1.5], "
          "and fit f = w·x_c + b. What is the condition number κ = λmax/λmin of the new Hessian?",
          "Predice antes de ejecutar: centra las entradas, x_c = x - mean(x), de modo que "
          "X_c = [-1.5, -0.5, 0.5, 1.5], y ajusta f = w·x_c + b. ¿Cuánto vale el número de condición "
          "κ = λmax/λmin de la nueva matriz hessiana?"),
        condition_number(X_CENTRED, bias=True),
        _("mean(x_c) = 0 makes the off-diagonal entries of H = [[2.5, 0], [0, 2]] zero: κ = 2.5/2 = 1.25, "
          "an almost round bowl.",
          "mean(x_c) = 0 anula los términos fuera de la diagonal de H = [[2.5, 0], [0, 2]]: κ = 2.5/2 = 1.25, "
          "un cuenco casi redondo."),
        _("H = [[2·mean(x_c²), 2·mean(x_c)], [2·mean(x_c), 2]]; with mean(x_c) = 0 its eigenvalues are on the "
          "diagonal",
          "H = [[2·mean(x_c²), 2·mean(x_c)], [2·mean(x_c), 2]]; con mean(x_c) = 0 sus autovalores están en "
          "la diagonal"),
        _("{answer} is not κ of the centred data", "{answer} no es κ de los datos centrados"),
        mistakes=(
            Mistake((condition_number(X, bias=True), 55.8),
                    _("{answer} is κ of the raw data", "{answer} es κ de los datos sin centrar"),
                    _("centring changes the Hessian: its off-diagonal entries 2·mean(x) become 0",
                      "centrar cambia la matriz hessiana: sus términos fuera de la diagonal, 2·mean(x), pasan "
                      "a ser 0")),
            Mistake(0.8, _("0.8 is λmin/λmax", "0.8 es λmin/λmax"), KAPPA_IS_A_RATIO),
            Mistake((2, 2.5), _("{answer} is one eigenvalue, not their ratio",
                                "{answer} es un autovalor, no su cociente"), KAPPA_IS_A_RATIO),
            Mistake(1, _("κ = 1 would be a perfectly round bowl", "κ = 1 sería un cuenco perfectamente redondo"),
                    _("the first diagonal entry, 2·mean(x_c²), is not 2: centring alone does not equalise the "
                      "curvatures",
                      "el primer término de la diagonal, 2·mean(x_c²), no vale 2: centrar no basta para igualar "
                      "las curvaturas")),
            Mistake(7.5, _("7.5 = 15/2 is the ratio of the raw diagonal", "7.5 = 15/2 es el cociente de la "
                                                                          "diagonal sin centrar"),
                    _("centring changes mean(x²) too: compute mean(x_c²) from X_c = [-1.5, -0.5, 0.5, 1.5]",
                      "centrar también cambia mean(x²): calcula mean(x_c²) con X_c = [-1.5, -0.5, 0.5, 1.5]")),
        )),
    Exercise(
        "04_choose_beta", "number",
        _("For the raw seed data with a bias, κ = 55.8. Compute the best momentum coefficient "
          "β* = ((√κ - 1)/(√κ + 1))², to three decimals.",
          "Para los datos originales con sesgo, κ = 55.8. Calcula el mejor coeficiente de momento "
          "β* = ((√κ - 1)/(√κ + 1))², con tres decimales."),
        BETA_STAR,
        _("With β* and η*, in the long run the distance to the minimum is multiplied by about √β* = 0.764 "
          "per step, against 0.965 for plain gradient descent at its best rate.",
          "Con β* y η*, a largo plazo la distancia al mínimo se multiplica por unos √β* = 0.764 en cada paso, "
          "frente a 0.965 sin momento y con la mejor tasa."),
        _("√55.8 = 7.4699: compute (√κ - 1)/(√κ + 1), square it, and round only at the end; in Python, "
          "x ** 0.5 is √x",
          "√55.8 = 7.4699: calcula (√κ - 1)/(√κ + 1), elévalo al cuadrado y redondea solo al final; "
          "en Python, x ** 0.5 es √x"),
        _("{answer} is not β*", "{answer} no es β*"),
        mistakes=(
            Mistake(NEAR_BETA, _("{answer} is close to β*, but further from it than half a unit of the third decimal",
                                 "{answer} se acerca a β*, pero se aleja de él más de media unidad del tercer "
                                 "decimal"),
                    _("keep more digits along the way and round only the result to three decimals",
                      "conserva más cifras por el camino y redondea solo el resultado a tres decimales")),
            Mistake(BETA_STAR ** 0.5,
                    _("{answer} is (√κ - 1)/(√κ + 1), the long-run factor per step",
                      "{answer} es (√κ - 1)/(√κ + 1), el factor por paso a largo plazo"),
                    _("β* is its square", "β* es su cuadrado")),
            Mistake(((55.8 - 1) / (55.8 + 1), ((55.8 - 1) / (55.8 + 1)) ** 2),
                    _("{answer} uses κ where the formula has √κ", "{answer} usa κ donde la fórmula lleva √κ"),
                    _("take the square root of κ first: √55.8 = 7.47",
                      "saca primero la raíz cuadrada de κ: √55.8 = 7.47")),
            Mistake(0.9, _("0.9 is a common default, not the best β for this bowl",
                           "0.9 es un valor habitual por defecto, no el mejor β para este cuenco"),
                    _("compute the formula with κ = 55.8", "calcula la fórmula con κ = 55.8")),
        )),
]

EXERCISES = {exercise.name: exercise for exercise in EXERCISES_01 + EXERCISES_02 + EXERCISES_03 + EXERCISES_04}
