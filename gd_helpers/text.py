"""The words the helpers put on screen, in Spanish and English (terms from the glossary)."""
from .checks import check_choice

TEXT = {
    "en": {
        "iteration": "iteration",
        "loss": "loss J(w) (MSE)",
        "weight": "weight w",
        "w_star": "w* (minimum)",
        "loss_title": "Loss per iteration (log scale)",
        "weight_title": "Weight per iteration",
        "curve_title": "Loss curve J(w) and the steps",
        "curve": "J(w)",
        "converges": "converges",
        "oscillates": "oscillates",
        "diverges": "diverges",
    },
    "es": {
        "iteration": "iteración",
        "loss": "pérdida J(w) (MSE)",
        "weight": "peso w",
        "w_star": "w* (mínimo)",
        "loss_title": "Pérdida por iteración (escala log)",
        "weight_title": "Peso por iteración",
        "curve_title": "Curva de pérdida J(w) y los pasos",
        "curve": "J(w)",
        "converges": "converge",
        "oscillates": "oscila",
        "diverges": "diverge",
    },
}


def words(lang):
    """Return the on-screen words for `lang` ("es" or "en")."""
    return TEXT[check_choice("lang", lang, tuple(TEXT))]
