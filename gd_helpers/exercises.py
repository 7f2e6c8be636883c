"""Self-checked exercises: `check(name, answer, lang)` prints one line of feedback; `judge` also says if correct."""
import contextlib
import dis
import io
import numbers
import re
import warnings

import numpy as np

from .checks import check_choice
from .exercise_bank import EXERCISES

WORDS = {
    "en": {
        "correct": "✔ Correct! {remark}",
        "wrong": "✘ Not yet: {what}. Hint: {hint}.",
        "unanswered_value": "… Not answered yet: replace None with your answer and run the cell again.",
        "unanswered_function": "… Not answered yet: replace the ... in the function with your code and run "
                               "the cell again.",
        "not_number": "the answer has type {kind}, not a number",
        "number_hint": "write a single number (no quotes, no brackets); for a tensor or an array use .item()",
        "not_finite": "{answer} is not a finite number",
        "not_option": "{answer} is not one of the choices {options}",
        "not_function": "the answer has type {kind}, not a function",
        "function_hint": "pass the function itself, without calling it: its name with no parentheses",
        "raised": "your function raised {error}",
        "returns_none": "your function returns None",
        "none_hint": "end it with a return line that gives the result",
        "returns_type": "your function returns a value of type {kind}, not numbers",
        "returns": "your function returns {got} instead of {want} {case}",
        "returns_at": "your function returns {got} instead of {want} at index {i} {case}",
        "shape_0": "a number",
        "shape_one": "an array with 1 number",
        "shape_1": "{n} numbers",
        "shape_n": "an array of shape {shape}",
    },
    "es": {
        "correct": "✔ ¡Correcto! {remark}",
        "wrong": "✘ Todavía no: {what}. Pista: {hint}.",
        "unanswered_value": "… Todavía sin responder: sustituye None por tu respuesta y vuelve a ejecutar "
                            "la celda.",
        "unanswered_function": "… Todavía sin responder: sustituye los ... de la función por tu código y "
                               "vuelve a ejecutar la celda.",
        "not_number": "la respuesta es de tipo {kind}, no un número",
        "number_hint": "escribe un solo número (sin comillas ni corchetes); para un tensor o un array usa .item()",
        "not_finite": "{answer} no es un número finito",
        "not_option": "{answer} no es una de las opciones {options}",
        "not_function": "la respuesta es de tipo {kind}, no una función",
        "function_hint": "pasa la función misma, sin llamarla: su nombre sin paréntesis",
        "raised": "tu función lanzó {error}",
        "returns_none": "tu función devuelve None",
        "none_hint": "termínala con una línea return que devuelva el resultado",
        "returns_type": "tu función devuelve un valor de tipo {kind}, no números",
        "returns": "tu función devuelve {got} en lugar de {want} {case}",
        "returns_at": "tu función devuelve {got} en lugar de {want} en el índice {i} {case}",
        "shape_0": "un número",
        "shape_one": "un array con 1 número",
        "shape_1": "{n} números",
        "shape_n": "un array de forma {shape}",
    },
}


def _is_stub(function):
    """Return True if `function` does nothing but return None: a body of `...`, `pass` or a docstring."""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    return all(op.opname in ("RESUME", "NOP", "RETURN_VALUE")
               or (op.opname in ("LOAD_CONST", "RETURN_CONST") and op.argval is None)
               for op in dis.get_instructions(code))


def check(name, answer, lang="en"):
    """Print one line of feedback on `answer` to exercise `name` in `lang` (nothing else shows under the cell)."""
    print(judge(name, answer, lang)[1])


def judge(name, answer, lang="en"):
    """Return whether `answer` to exercise `name` is correct, and the line of feedback in `lang`."""
    check_choice("lang", lang, tuple(WORDS))
    check_choice("name", name, tuple(EXERCISES))
    exercise = EXERCISES[name]
    judge_kind = _judge_function if exercise.kind == "function" else _judge_value
    return judge_kind(exercise, answer, lang)


def _wrong(lang, what, hint):
    """Return the one-line feedback for a wrong answer."""
    return False, WORDS[lang]["wrong"].format(what=what, hint=hint)


def _right(exercise, lang):
    """Return the one-line feedback for a correct answer."""
    return True, WORDS[lang]["correct"].format(remark=exercise.remark[lang])


def _unanswered(exercise, lang):
    """Return the one-line feedback for an exercise not answered yet."""
    return False, WORDS[lang][f"unanswered_{'function' if exercise.kind == 'function' else 'value'}"]


def _num(value, digits=6):
    """Return a number as Python prints it, to `digits` significant digits."""
    return format(float(value), f".{digits}g")


def _close(value, target):
    """Return True if a typed number matches `target` (relative or absolute tolerance 1e-3)."""
    return abs(value - target) <= max(1e-3 * abs(target), 1e-3)


def _as_number(answer):
    """Return (the answer as a float, None), or (None, the name of its type) if it is not one number."""
    if isinstance(answer, (bool, np.bool_, str, bytes)) or callable(answer):
        return None, type(answer).__name__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", np.exceptions.ComplexWarning)  # it would drop an imaginary part
        try:
            if isinstance(answer, numbers.Real) or (np.ndim(answer) == 0 and hasattr(answer, "__float__")):
                return float(answer), None
        except Exception:  # any object may raise anything: it is simply not a number
            pass
    return None, type(answer).__name__


def _judge_value(exercise, answer, lang):
    """Return (correct, feedback) for a "number" or "choice" exercise."""
    if answer is None:
        return _unanswered(exercise, lang)
    value, kind = _as_number(answer)
    words = WORDS[lang]
    if value is None:
        return _wrong(lang, words["not_number"].format(kind=kind), words["number_hint"])
    if not np.isfinite(value):
        return _wrong(lang, words["not_finite"].format(answer=_num(value)), exercise.hint[lang])
    if _close(value, exercise.solution):
        return _right(exercise, lang)
    for mistake in exercise.mistakes:
        if any(_close(value, wrong) for wrong in np.atleast_1d(mistake.answer)):
            return _wrong(lang, mistake.what[lang].format(answer=_num(value)), mistake.hint[lang])
    if exercise.options and not any(_close(value, option) for option in exercise.options):
        options = ", ".join(_num(option) for option in exercise.options)
        return _wrong(lang, words["not_option"].format(answer=_num(value), options=options), exercise.hint[lang])
    return _wrong(lang, exercise.wrong[lang].format(answer=_num(value)), exercise.hint[lang])


def _call(function, args):
    """Return (result, None) of function(*args) on copies of the arrays, or (None, the exception it raised)."""
    args = tuple(np.copy(arg) if isinstance(arg, np.ndarray) else arg for arg in args)
    quiet = io.StringIO()  # a function that prints must not add lines to the feedback
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), warnings.catch_warnings(), \
            np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return function(*args), None
        except Exception as error:  # the student's code may raise anything: report it in one line
            return None, error


def _as_array(result):
    """Return a function's result as a float64 array, or None if it is not made of real numbers."""
    if isinstance(result, (str, bytes)):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array = np.asarray(result)
        except Exception:  # ragged tuples, tensors that need grad, ...: not plain numbers
            return None
    return array.astype(np.float64) if array.dtype.kind in "iuf" else None


def _describe_error(error):
    """Return "ClassName: message" of an exception, on one short line and without memory addresses."""
    try:
        lines = str(error).strip().splitlines()
    except Exception:  # an exception class of the student's may even fail to print itself
        lines = []
    message = re.sub(r" at 0x[0-9a-fA-F]+", "", lines[0] if lines else "").rstrip(".")
    message = message if len(message) <= 80 else message[:79] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _describe_shape(shape, lang):
    """Return "a number", "an array with 1 number", "4 numbers" or "an array of shape (2, 4)" in `lang`."""
    words = WORDS[lang]
    if shape == ():
        return words["shape_0"]
    if len(shape) == 1:
        return words["shape_one"] if shape[0] == 1 else words["shape_1"].format(n=shape[0])
    return words["shape_n"].format(shape=shape)


def _matches(got, want, exercise):
    """Return True if every result has the expected shape and values, within the exercise's tolerance."""
    return all(g.shape == w.shape and np.allclose(g, w, rtol=exercise.rtol, atol=exercise.atol)
               for g, w in zip(got, want))


def _results(function, exercise):
    """Return the float64 results of a trusted function (the solution or a mistake) on every case."""
    with np.errstate(all="ignore"):
        return [_as_array(function(*case.args)) for case in exercise.cases]


def _difference(got, want, case, exercise, lang):
    """Return what differs between a result and the expected one on `case`, in words."""
    words = WORDS[lang]
    if got.shape != want.shape:
        return words["returns"].format(got=_describe_shape(got.shape, lang), want=_describe_shape(want.shape, lang),
                                       case=case.label[lang])
    bad = ~np.isclose(got, want, rtol=exercise.rtol, atol=exercise.atol)
    i = int(np.flatnonzero(bad)[0])
    g, w = got.flat[i], want.flat[i]
    digits = 6 if _num(g) != _num(w) else 12
    template = words["returns"] if got.shape == () else words["returns_at"]
    return template.format(got=_num(g, digits), want=_num(w, digits), i=i, case=case.label[lang])


def _judge_function(exercise, answer, lang):
    """Return (correct, feedback) for a "function" exercise, calling the answer on every case."""
    words = WORDS[lang]
    if answer is None:
        return _unanswered(exercise, lang)
    if not callable(answer):
        return _wrong(lang, words["not_function"].format(kind=type(answer).__name__), words["function_hint"])
    if _is_stub(answer):
        return _unanswered(exercise, lang)
    results = []
    for case in exercise.cases:
        result, error = _call(answer, case.args)
        if error is not None:
            return _wrong(lang, words["raised"].format(error=_describe_error(error)), exercise.hint[lang])
        if result is None:
            return _wrong(lang, words["returns_none"], words["none_hint"])
        results.append(result)
    got = [_as_array(result) for result in results]
    for result, array in zip(results, got):
        if array is None:
            return _wrong(lang, words["returns_type"].format(kind=type(result).__name__), exercise.hint[lang])
    want = _results(exercise.solution, exercise)
    if _matches(got, want, exercise):
        return _right(exercise, lang)
    for mistake in exercise.mistakes:
        if _matches(got, _results(mistake.answer, exercise), exercise):
            return _wrong(lang, mistake.what[lang], mistake.hint[lang])
    for g, w, case in zip(got, want, exercise.cases):
        if not _matches([g], [w], exercise):
            return _wrong(lang, _difference(g, w, case, exercise, lang), exercise.hint[lang])
