"""Lesson 06's exercises: beyond the bowl (a non-convex curve, a saddle, the sharpness of a bowl)."""
import math

import numpy as np

from .exercise_bank import HALF, Case, Exercise, Mistake, _
from .nonconvex import wave, wave_slope
from .theory2d import eigenvalues

SADDLE_LR, SADDLE_B0 = 0.1, 1e-6
# |b| is multiplied by (1 + 2η) per step: the first k with b0·(1 + 2η)^k >= 1
SADDLE_STEP = math.ceil(math.log(1 / SADDLE_B0) / math.log(1 + 2 * SADDLE_LR))
LOCAL, GLOBAL = -0.27, 1.09  # the two minima of w·cos(πw) on [-1, 2], as the choices are typed
NEAR_MINIMUM = 0.01  # -0.2739, -0.273853 or 1.0904, as the lesson prints them, count as the choices
BOWL_SHARPNESS = float(eigenvalues(np.array([1.0, 2.0, 3.0, 4.0]), bias=True)[1])  # lesson 04's λmax
W_CASES = (
    Case((np.linspace(-1.0, 2.0, 13),), _("on w = -1, -0.75, ..., 2", "en w = -1, -0.75, ..., 2")),
    Case((np.random.default_rng(6).uniform(-3.0, 3.0, 9),), _("on random w in [-3, 3]",
                                                              "en w aleatorios de [-3, 3]")),
)
MEAN_NOT_SUM = _("J is the mean over the N = 4 points, with the factor 2 of the square: H = (2/N)·XᵀX",
                 "J es la media sobre los N = 4 puntos, con el factor 2 del cuadrado: H = (2/N)·XᵀX")
CURVATURE_RATIO = _("the sharpness is a curvature, the largest eigenvalue of the Hessian",
                    "la agudeza es una curvatura, el mayor autovalor de la matriz hessiana")

EXERCISES_06 = [
    Exercise(
        "06_wave_slope", "function",
        _("Write slope(w) that returns the derivative f'(w) of f(w) = w·cos(πw) (w may be a NumPy array).",
          "Escribe slope(w), que devuelva la derivada f'(w) de f(w) = w·cos(πw) (w puede ser un array de "
          "NumPy)."),
        wave_slope,
        _("By the product rule, f'(w) = cos(πw) - πw·sin(πw); at w = 0 it is 1.",
          "Por la regla del producto, f'(w) = cos(πw) - πw·sin(πw); en w = 0 vale 1."),
        _("product rule: (u·v)' = u'·v + u·v' with u = w and v = cos(πw), whose derivative is -π·sin(πw); "
          "use np.cos, np.sin and np.pi",
          "regla del producto: (u·v)' = u'·v + u·v' con u = w y v = cos(πw), cuya derivada es -π·sin(πw); "
          "usa np.cos, np.sin y np.pi"),
        mistakes=(
            Mistake(lambda w: np.cos(np.pi * w) - w * np.sin(np.pi * w),
                    _("your derivative of cos(πw) lost its factor π",
                      "a tu derivada de cos(πw) le falta su factor π"),
                    _("the chain rule: the derivative of cos(πw) is -π·sin(πw)",
                      "la regla de la cadena: la derivada de cos(πw) es -π·sin(πw)")),
            Mistake(lambda w: np.cos(np.pi * w) + np.pi * w * np.sin(np.pi * w),
                    _("one sign is wrong", "un signo está mal"),
                    _("the derivative of cos is -sin", "la derivada del coseno es -seno")),
            Mistake(lambda w: -np.pi * w * np.sin(np.pi * w),
                    _("your function misses the term cos(πw)", "a tu función le falta el término cos(πw)"),
                    _("product rule: the derivative of w, 1, times cos(πw), plus w times the derivative "
                      "of cos(πw)",
                      "regla del producto: la derivada de w, 1, por cos(πw), más w por la derivada de cos(πw)")),
            Mistake(lambda w: -np.pi * np.sin(np.pi * w),
                    _("your function differentiates cos(πw) alone, without the factor w",
                      "tu función deriva solo cos(πw), sin el factor w"),
                    _("f is a product, w times cos(πw): use the product rule",
                      "f es un producto, w por cos(πw): usa la regla del producto")),
            Mistake(wave, _("your function returns f(w) itself, not its derivative",
                            "tu función devuelve f(w), no su derivada"),
                    _("differentiate with the product rule", "deriva con la regla del producto")),
        ),
        cases=W_CASES, rtol=1e-6, atol=1e-9),
    Exercise(
        "06_saddle_step", "number",
        _(f"Predict before you run: on the saddle f(w, b) = w² - b², gradient descent with η = {SADDLE_LR} "
          f"starts at b = {SADDLE_B0:g}. After how many steps is |b| at least 1 for the first time?",
          f"Predice antes de ejecutar: en el punto de silla f(w, b) = w² - b², el descenso de gradiente con "
          f"η = {SADDLE_LR} empieza en b = {SADDLE_B0:g}. ¿Tras cuántos pasos es |b| al menos 1 por primera vez?"),
        SADDLE_STEP,
        _(f"Each step multiplies b by 1 + 2η = 1.2, so b_k = 1e-6·1.2^k, and 1.2^k >= 10^6 first at "
          f"k = {SADDLE_STEP} (ln(10^6)/ln(1.2) = 75.8).",
          f"Cada paso multiplica b por 1 + 2η = 1.2, así que b_k = 1e-6·1.2^k, y 1.2^k >= 10^6 por primera vez "
          f"en k = {SADDLE_STEP} (ln(10^6)/ln(1.2) = 75.8)."),
        _("∂f/∂b = -2b, so a step is b ← b + 2η·b = (1 + 2η)·b: solve 1e-6·(1 + 2η)^k >= 1 for the smallest "
          "whole k, with logarithms",
          "∂f/∂b = -2b, así que un paso es b ← b + 2η·b = (1 + 2η)·b: resuelve 1e-6·(1 + 2η)^k >= 1 para el "
          "menor k entero, con logaritmos"),
        _("{answer} is not the first step with |b| >= 1", "{answer} no es el primer paso con |b| >= 1"),
        mistakes=(
            Mistake(SADDLE_STEP - 1, _("{answer} rounds ln(10^6)/ln(1.2) = 75.8 down: after {answer} steps "
                                       "|b| is still 0.87",
                                       "{answer} redondea ln(10^6)/ln(1.2) = 75.8 hacia abajo: tras {answer} "
                                       "pasos |b| todavía vale 0.87"),
                    _("round up: the first whole k at or above 75.8", "redondea hacia arriba: el primer k "
                                                                        "entero mayor o igual que 75.8")),
            Mistake((69, 70), _("{answer} uses ln(1 + 2η) ≈ 2η = 0.2, too rough here",
                                "{answer} usa ln(1 + 2η) ≈ 2η = 0.2, demasiado aproximado aquí"),
                    _("ln(1.2) = 0.182, not 0.2", "ln(1.2) = 0.182, no 0.2")),
            Mistake((144, 145), _("{answer} uses a factor 1 + η per step",
                                  "{answer} usa un factor 1 + η por paso"),
                    _("the derivative of -b² is -2b: the factor is 1 + 2η = 1.2",
                      "la derivada de -b² es -2b: el factor es 1 + 2η = 1.2")),
        ),
        integer=True),
    Exercise(
        "06_which_minimum", "choice",
        _("Predict before you run: gradient descent on f(w) = w·cos(πw) starts at w = 1 with η = 0.3; its "
          "bounces around 1.09 grow until one crosses the maximum at 0.27. In which minimum does it end: "
          f"{LOCAL} or {GLOBAL}?",
          "Predice antes de ejecutar: el descenso de gradiente sobre f(w) = w·cos(πw) empieza en w = 1 con "
          "η = 0.3; sus rebotes alrededor de 1.09 crecen hasta que uno cruza el máximo en 0.27. ¿En qué "
          f"mínimo termina: {LOCAL} o {GLOBAL}?"),
        LOCAL,
        _("η = 0.3 is above 2/f''(1.09) = 0.165, so the run cannot settle at 1.09: its bounces grow until "
          "step 5 throws it over the maximum; and η is below 2/f''(-0.27) = 0.306, so the flatter local "
          "minimum holds it. Above 2/f'' a run cannot settle; whether it leaves the basin the landmarks "
          "do not say (at η = 0.2 it stays).",
          "η = 0.3 está por encima de 2/f''(1.09) = 0.165, así que la ejecución no puede asentarse en 1.09: "
          "sus rebotes crecen hasta que el paso 5 la lanza por encima del máximo; y η está por debajo de "
          "2/f''(-0.27) = 0.306, así que el mínimo local, más plano, la retiene. Por encima de 2/f'' una "
          "ejecución no puede asentarse; si sale o no de la cuenca no lo dicen las referencias (con "
          "η = 0.2 se queda)."),
        _("answer with one of the two choices; then compare η with 2/f''(w*) at each minimum: gradient descent can settle "
          "at a minimum only if η < 2/f''(w*)",
          "responde con una de las dos opciones; después compara η con 2/f''(w*) en cada mínimo: el descenso de gradiente "
          "solo puede asentarse en un mínimo si η < 2/f''(w*)"),
        _("{answer} is not the minimum it ends in", "{answer} no es el mínimo en el que termina"),
        mistakes=(
            Mistake(GLOBAL, _("1.09 is the minimum of the basin it starts in, but the run cannot settle there",
                              "1.09 es el mínimo de la cuenca donde empieza, pero la ejecución no puede "
                              "asentarse ahí"),
                    _("at 1.09, f'' = 12.1, so 2/f'' = 0.165 is below η = 0.3; a bounce over the maximum "
                      "lands in the other basin: compare η with that minimum's 2/f''",
                      "en 1.09, f'' = 12.1, así que 2/f'' = 0.165 queda por debajo de η = 0.3; un rebote por "
                      "encima del máximo cae en la otra cuenca: compara η con el 2/f'' de ese mínimo")),
        ),
        options=(LOCAL, GLOBAL), spread=NEAR_MINIMUM),
    Exercise(
        "06_bowl_sharpness", "number",
        _("Predict before you run: the sharpness of lesson 04's bowl J(w, b) on X = [1, 2, 3, 4], Y = [2, 4, 6, 8], "
          "to two decimals.",
          "Predice antes de ejecutar: la agudeza del cuenco J(w, b) de la lección 04 con X = [1, 2, 3, 4], "
          "Y = [2, 4, 6, 8], con dos decimales."),
        BOWL_SHARPNESS,
        _("The bowl's Hessian is H = [[15, 5], [5, 2]] everywhere; its largest eigenvalue is λmax = 16.70.",
          "La matriz hessiana del cuenco es H = [[15, 5], [5, 2]] en todas partes; su mayor autovalor es "
          "λmax = 16.70."),
        _("the sharpness is λmax of H = [[15, 5], [5, 2]]: (17 + √(17² - 4·5))/2",
          "la agudeza es λmax de H = [[15, 5], [5, 2]]: (17 + √(17² - 4·5))/2"),
        _("{answer} is not λmax of the bowl", "{answer} no es λmax del cuenco"),
        mistakes=(
            Mistake(15, _("15 is the diagonal entry ∂²J/∂w², not an eigenvalue",
                          "15 es el término de la diagonal ∂²J/∂w², no un autovalor"), CURVATURE_RATIO),
            Mistake(17, _("17 is the trace, the sum of both eigenvalues", "17 es la traza, la suma de los "
                                                                          "dos autovalores"), CURVATURE_RATIO),
            Mistake(0.2994, _("{answer} is λmin, the flat direction's curvature",
                              "{answer} es λmin, la curvatura de la dirección plana"), CURVATURE_RATIO),
            Mistake(0.1198, _("{answer} is the critical rate 2/λmax, not the curvature",
                              "{answer} es la tasa crítica 2/λmax, no la curvatura"), CURVATURE_RATIO),
            Mistake(55.8, _("{answer} is the condition number κ = λmax/λmin",
                            "{answer} es el número de condición κ = λmax/λmin"), CURVATURE_RATIO),
            Mistake(BOWL_SHARPNESS / 2, _("{answer} is half of it: your Hessian lost the MSE's factor 2",
                                          "{answer} es la mitad: a tu matriz hessiana le falta el factor 2 "
                                          "del MSE"), HALF),
            Mistake(2 * BOWL_SHARPNESS, _("{answer} is twice it: the Hessian XᵀX of a sum without the "
                                          "factor 2",
                                          "{answer} es el doble: la matriz hessiana XᵀX de una suma sin el "
                                          "factor 2"), MEAN_NOT_SUM),
            Mistake(4 * BOWL_SHARPNESS, _("{answer} is 4 times it: the Hessian of the sum of squares, not of "
                                          "their mean",
                                          "{answer} es 4 veces ese valor: la matriz hessiana de la suma de "
                                          "los cuadrados, no de su media"), MEAN_NOT_SUM),
        )),
]
