"""Lesson 05's exercises (adaptive steps: AdaGrad, RMSProp, Adam): question, solution, typical mistakes."""
import numpy as np

from .exercise_bank import Case, Exercise, Mistake, X, Y, _
from .theory2d import condition_number, hessian

H = hessian(X, bias=True)  # lesson 04's bowl: [[15, 5], [5, 2]]
COUPLING = float(H[0, 1] / np.sqrt(H[0, 0] * H[1, 1]))  # off-diagonal entry after the rescaling, 5/√30
JACOBI_KAPPA = (1 + COUPLING) / (1 - COUPLING)  # the eigenvalues of [[1, c], [c, 1]] are 1 ± c
ADAGRAD_LR, ADAGRAD_G, ADAGRAD_K = 0.5, 2.0, 4
ADAM_LR, GRAD_W = 0.1, float(np.mean(2 * X * (0 * X + 0 - Y)))  # ∂J/∂w at (0, 0) on the seed data: -30


def rmsprop_update(p, g, v, lr, alpha=0.99, eps=1e-8):
    """Return (p, v) after one RMSProp update as torch.optim.RMSprop does it."""
    v = alpha * v + (1 - alpha) * g * g
    return p - lr * g / (np.sqrt(v) + eps), v


def _rmsprop_with(average, divide):
    """Return an RMSProp update with another average or another denominator: a typical mistake."""
    def update(p, g, v, lr, alpha=0.99, eps=1e-8):
        new_v = average(v, g, alpha)
        return p - lr * g / divide(new_v, v, eps), new_v
    return update


def _rmsprop_case(seed, lr, extra=(), tiny=False):
    """Return a Case of rmsprop_step on one random coordinate (p, g, v); a tiny g and v = 0 if tiny."""
    p, g, v = np.random.default_rng(seed).normal(size=3)
    g, v = (g * 1e-6, 0.0) if tiny else (g, v * v)
    settings = "".join(f", {name} = {value}" for name, value in zip(("alpha", "eps"), extra))
    numbers = f"p = {p:.4g}, g = {g:.4g}, v = {v:.4g}, lr = {lr}{settings}"
    return Case((float(p), float(g), float(v), lr) + tuple(extra), _(f"for {numbers}", f"para {numbers}"))


KAPPA_IS_OF_EIGENVALUES = _("κ = λmax/λmin: the ratio of the eigenvalues of the rescaled matrix",
                            "κ = λmax/λmin: el cociente de los autovalores de la matriz reescalada")
ADAGRAD_SUM = _("after k equal gradients g the sum is s = k·g², so step k moves by lr·g/√(k·g²)",
                "tras k gradientes iguales g la suma vale s = k·g², así que el paso k mueve el parámetro "
                "lr·g/√(k·g²)")
ADAM_FIRST = _("on the first step, with the bias correction, m̂ = g and v̂ = g², so the step is "
               "lr·g/(|g| + eps)",
               "en el primer paso, con la corrección del sesgo, m̂ = g y v̂ = g², así que el paso es "
               "lr·g/(|g| + eps)")

EXERCISES_05 = [
    Exercise(
        "05_diagonal_kappa", "number",
        _("Predict before you run: divide every entry H_ij of lesson 04's Hessian H = [[15, 5], [5, 2]] by "
          "√(H_ii·H_jj), which is D^(-1/2)·H·D^(-1/2) with D the diagonal of H. What is the condition number "
          "κ of the result, to two decimals?",
          "Predice antes de ejecutar: divide cada término H_ij de la matriz hessiana de la lección 04, "
          "H = [[15, 5], [5, 2]], entre √(H_ii·H_jj), es decir, D^(-1/2)·H·D^(-1/2) con D la diagonal de H. "
          "¿Cuánto vale el número de condición κ del resultado, con dos decimales?"),
        JACOBI_KAPPA,
        _("The diagonal becomes 1 and the off-diagonal entries 5/√30 = 0.913: the eigenvalues are 1 ± 0.913 and "
          "κ = 1.91287/0.08713 = 21.95. Rescaling the coordinates took κ from 55.8 to about 22, not to 1.",
          "La diagonal pasa a valer 1 y los términos fuera de la diagonal 5/√30 = 0.913: los autovalores son "
          "1 ± 0.913 y κ = 1.91287/0.08713 = 21.95. Reescalar las coordenadas bajó κ de 55.8 a unos 22, no a 1."),
        _("the rescaled matrix is [[1, c], [c, 1]] with c = 5/√(15·2); its eigenvalues are 1 - c and 1 + c",
          "la matriz reescalada es [[1, c], [c, 1]] con c = 5/√(15·2); sus autovalores son 1 - c y 1 + c"),
        _("{answer} is not κ of the rescaled matrix", "{answer} no es κ de la matriz reescalada"),
        mistakes=(
            Mistake((condition_number(X, bias=True), 55.8),
                    _("{answer} is κ of H itself", "{answer} es κ de la propia H"),
                    _("the rescaling changes the matrix: its diagonal becomes 1 and its off-diagonal entries "
                      "5/√30",
                      "el reescalado cambia la matriz: su diagonal pasa a valer 1 y sus términos fuera de la "
                      "diagonal, 5/√30")),
            Mistake(1, _("κ = 1 would be a round bowl, and this one stays tilted",
                         "κ = 1 sería un cuenco redondo, y este sigue inclinado"),
                    _("the off-diagonal entries do not vanish: the eigenvalues of [[1, c], [c, 1]] are 1 - c "
                      "and 1 + c",
                      "los términos fuera de la diagonal no se anulan: los autovalores de [[1, c], [c, 1]] son "
                      "1 - c y 1 + c")),
            Mistake(7.5, _("7.5 = 15/2 is the ratio of H's diagonal entries",
                           "7.5 = 15/2 es el cociente de los términos de la diagonal de H"), KAPPA_IS_OF_EIGENVALUES),
            Mistake((JACOBI_KAPPA ** 0.5, 1 / JACOBI_KAPPA),
                    _("{answer} is √κ or 1/κ, not κ", "{answer} es √κ o 1/κ, no κ"), KAPPA_IS_OF_EIGENVALUES),
            Mistake((22, 21.9, 22.1),
                    _("{answer} is close to κ, but rounded too early", "{answer} se acerca a κ, pero redondeado "
                                                                       "demasiado pronto"),
                    _("keep four digits of c = 5/√30 and round only (1 + c)/(1 - c)",
                      "conserva cuatro cifras de c = 5/√30 y redondea solo (1 + c)/(1 - c)")),
        )),
    Exercise(
        "05_adagrad_fourth_step", "number",
        _(f"Predict before you run: AdaGrad with lr = {ADAGRAD_LR} sees the same gradient g = {ADAGRAD_G:g} at each "
          f"of its first {ADAGRAD_K} steps (eps is negligible). How far does its step number {ADAGRAD_K} move the "
          f"parameter?",
          f"Predice antes de ejecutar: AdaGrad con lr = {ADAGRAD_LR} recibe el mismo gradiente g = {ADAGRAD_G:g} en "
          f"cada uno de sus {ADAGRAD_K} primeros pasos (eps es despreciable). ¿Cuánto mueve el parámetro su paso "
          f"número {ADAGRAD_K}?"),
        ADAGRAD_LR * ADAGRAD_G / np.sqrt(ADAGRAD_K * ADAGRAD_G ** 2),
        _("s = 4·2² = 16 and the step is 0.5·2/√16 = 0.5/√4: after k equal gradients AdaGrad steps lr/√k, "
          "whatever g is.",
          "s = 4·2² = 16 y el paso es 0.5·2/√16 = 0.5/√4: tras k gradientes iguales AdaGrad da pasos de lr/√k, "
          "sea cual sea g."),
        ADAGRAD_SUM,
        _("{answer} is not the fourth step", "{answer} no es el cuarto paso"),
        mistakes=(
            Mistake(ADAGRAD_LR, _("{answer} is the first step, lr itself", "{answer} es el primer paso, la propia lr"),
                    ADAGRAD_SUM),
            Mistake(ADAGRAD_LR / ADAGRAD_K, _("{answer} is lr/k", "{answer} es lr/k"),
                    _("s grows like k, but the step divides by its square root",
                      "s crece como k, pero el paso divide entre su raíz cuadrada")),
            Mistake(ADAGRAD_LR * ADAGRAD_G, _("{answer} is a plain gradient step, lr·g",
                                              "{answer} es un paso de descenso de gradiente, lr·g"),
                    _("AdaGrad divides lr·g by √s", "AdaGrad divide lr·g entre √s")),
            Mistake(ADAGRAD_LR * ADAGRAD_G / np.sqrt(ADAGRAD_K * ADAGRAD_G),
                    _("{answer} sums the gradients, not their squares", "{answer} suma los gradientes, no sus "
                                                                        "cuadrados"),
                    _("s adds up g² at every step", "s acumula g² en cada paso")),
            Mistake(ADAGRAD_LR * ADAGRAD_G / (ADAGRAD_K * ADAGRAD_G ** 2),
                    _("{answer} divides by s, not by √s", "{answer} divide entre s, no entre √s"),
                    _("the denominator is the square root of the sum", "el denominador es la raíz cuadrada de "
                                                                       "la suma")),
            Mistake(ADAGRAD_LR / np.sqrt(ADAGRAD_K - 1),
                    _("{answer} is the third step", "{answer} es el tercer paso"),
                    _("at step k the sum already holds the k-th gradient: s = k·g²",
                      "en el paso k la suma ya incluye el gradiente k: s = k·g²")),
        )),
    Exercise(
        "05_rmsprop_step", "function",
        _("Write rmsprop_step(p, g, v, lr, alpha=0.99, eps=1e-8) that returns the pair (p, v) after one RMSProp "
          "update, as torch.optim.RMSprop does it: first the moving average v of the squared gradients, then the "
          "step. p, g and v are the numbers of one coordinate.",
          "Escribe rmsprop_step(p, g, v, lr, alpha=0.99, eps=1e-8), que devuelva el par (p, v) después de una "
          "actualización de RMSProp, como la hace torch.optim.RMSprop: primero la media móvil v de los "
          "gradientes al cuadrado y luego el paso. p, g y v son los números de una coordenada."),
        rmsprop_update,
        _("Your update takes the same steps as torch.optim.RMSprop; eps sits after the square root, so a "
          "coordinate whose gradients are all tiny still moves.",
          "Tu actualización da los mismos pasos que torch.optim.RMSprop; eps va después de la raíz cuadrada, "
          "así que una coordenada con gradientes diminutos también se mueve."),
        _("v ← α·v + (1 - α)·g², then p ← p - lr·g/(√v + eps), with the new v",
          "v ← α·v + (1 - α)·g², luego p ← p - lr·g/(√v + eps), con la v nueva"),
        mistakes=(
            Mistake(_rmsprop_with(lambda v, g, a: a * v + (1 - a) * g * g, lambda new, old, eps: np.sqrt(new + eps)),
                    _("your function puts eps inside the square root", "tu función pone eps dentro de la raíz "
                                                                       "cuadrada"),
                    _("PyTorch adds eps after the square root: √v + eps; inside, it swamps tiny gradients",
                      "PyTorch suma eps después de la raíz cuadrada: √v + eps; dentro, ahoga los gradientes "
                      "diminutos")),
            Mistake(_rmsprop_with(lambda v, g, a: a * v + (1 - a) * g * g, lambda new, old, eps: np.sqrt(old) + eps),
                    _("your step divides by the old v", "tu paso divide entre la v de antes"),
                    _("update v with this gradient first, then divide by the square root of the new v",
                      "actualiza v con este gradiente primero y luego divide entre la raíz cuadrada de la v "
                      "nueva")),
            Mistake(_rmsprop_with(lambda v, g, a: (1 - a) * v + a * g * g, lambda new, old, eps: np.sqrt(new) + eps),
                    _("your average gives the new g² the weight α", "tu media da al nuevo g² el peso α"),
                    _("the old average keeps the weight α (0.99 by default), the new g² gets 1 - α",
                      "la media anterior conserva el peso α (0.99 por defecto) y el nuevo g² recibe 1 - α")),
            Mistake(_rmsprop_with(lambda v, g, a: a * v + g * g, lambda new, old, eps: np.sqrt(new) + eps),
                    _("your average forgets the factor 1 - α on g²", "tu media olvida el factor 1 - α de g²"),
                    _("v ← α·v + (1 - α)·g² keeps v an average of g²", "v ← α·v + (1 - α)·g² hace de v una "
                                                                       "media de g²")),
            Mistake(_rmsprop_with(lambda v, g, a: a * v + (1 - a) * g * g, lambda new, old, eps: new + eps),
                    _("your function divides by v, not by its square root", "tu función divide entre v, no entre "
                                                                            "su raíz cuadrada"),
                    _("the denominator is √v + eps: it has the units of g", "el denominador es √v + eps: tiene "
                                                                            "las unidades de g")),
            Mistake(lambda p, g, v, lr, alpha=0.99, eps=1e-8: (2 * p - rmsprop_update(p, g, v, lr, alpha, eps)[0],
                                                               rmsprop_update(p, g, v, lr, alpha, eps)[1]),
                    _("your step goes uphill", "tu paso va cuesta arriba"),
                    _("step against the gradient: p - lr·…", "da el paso en contra del gradiente: p - lr·…")),
            Mistake(lambda p, g, v, lr, alpha=0.99, eps=1e-8: rmsprop_update(p, g, v, lr, alpha, eps)[::-1],
                    _("your pair is in the wrong order: (v, p)", "tu par está en el orden equivocado: (v, p)"),
                    _("return (p, v): the new parameters first", "devuelve (p, v): primero los parámetros nuevos")),
        ),
        cases=(
            _rmsprop_case(10, 0.01), _rmsprop_case(11, 0.1), _rmsprop_case(12, 0.05, (0.9, 1e-6)),
            _rmsprop_case(13, 0.01, tiny=True), _rmsprop_case(14, 0.2, (0.5, 1e-8)), _rmsprop_case(15, 0.3),
            _rmsprop_case(16, 0.01, (0.99, 1e-6), tiny=True),  # eps = 1e-6 outweighs √v ≈ 0.1·|g| ≈ 1e-7
        ),
        rtol=1e-4, atol=1e-7),
    Exercise(
        "05_adam_first_step", "number",
        _(f"Predict before you run: Adam with lr = {ADAM_LR} and PyTorch's defaults (betas = (0.9, 0.999), "
          f"eps = 1e-8) starts at (w, b) = (0, 0) on the data X = [1, 2, 3, 4], Y = [2, 4, 6, 8], where "
          f"∂J/∂w = {GRAD_W:g}. What is w after its first step?",
          f"Predice antes de ejecutar: Adam con lr = {ADAM_LR} y los valores por defecto de PyTorch "
          f"(betas = (0.9, 0.999), eps = 1e-8) empieza en (w, b) = (0, 0) con los datos X = [1, 2, 3, 4], "
          f"Y = [2, 4, 6, 8], donde ∂J/∂w = {GRAD_W:g}. ¿Cuánto vale w después de su primer paso?"),
        -ADAM_LR * GRAD_W / (abs(GRAD_W) + 1e-8),
        _("m̂ = g and √v̂ = |g|: the first step moves every coordinate by lr, whatever the size of its gradient "
          "(a sign step).",
          "m̂ = g y √v̂ = |g|: el primer paso mueve cada coordenada una distancia lr, sea cual sea el tamaño de "
          "su gradiente (un paso de signo)."),
        ADAM_FIRST,
        _("{answer} is not w after Adam's first step", "{answer} no es w después del primer paso de Adam"),
        mistakes=(
            Mistake(-ADAM_LR * GRAD_W, _("{answer} is a plain gradient step, lr·30",
                                         "{answer} es un paso de descenso de gradiente, lr·30"), ADAM_FIRST),
            Mistake(-ADAM_LR * GRAD_W * 0.1 / np.sqrt(0.001 * GRAD_W ** 2),
                    _("{answer} is the step without the bias correction", "{answer} es el paso sin la corrección "
                                                                          "del sesgo"),
                    _("divide m by 1 - β₁ and v by 1 - β₂ before the step: m̂ = g and v̂ = g² at k = 1",
                      "divide m entre 1 - β₁ y v entre 1 - β₂ antes del paso: m̂ = g y v̂ = g² en k = 1")),
            Mistake(-ADAM_LR * GRAD_W / np.sqrt(0.01 * GRAD_W ** 2),
                    _("{answer} is RMSProp's first step, 10·lr", "{answer} es el primer paso de RMSProp, 10·lr"),
                    _("RMSProp has no bias correction; Adam divides v by 1 - β₂",
                      "RMSProp no corrige el sesgo; Adam divide v entre 1 - β₂")),
            Mistake(ADAM_LR * GRAD_W / abs(GRAD_W),
                    _("the sign is wrong", "el signo está mal"),
                    _("∂J/∂w is negative at (0, 0), and the step goes against it, so w grows",
                      "∂J/∂w es negativo en (0, 0), y el paso va en contra, así que w crece")),
            Mistake(-ADAM_LR * GRAD_W * 0.1 / abs(GRAD_W),
                    _("{answer} is lr·(1 - β₁): m without its correction", "{answer} es lr·(1 - β₁): m sin su "
                                                                           "corrección"),
                    _("with the correction m̂ = m/(1 - β₁) = g on the first step",
                      "con la corrección, m̂ = m/(1 - β₁) = g en el primer paso")),
        )),
]
