"""Self-checked exercises: `check(name, answer, lang)` prints one line of feedback; `judge` also says if correct."""
import ast
import contextlib
import dis
import functools
import io
import linecache
import numbers
import re
import signal
import sys
import threading
import warnings

import numpy as np

from .checks import check_choice
from .exercise_bank import EXERCISES
from .exercise_bank_05 import EXERCISES_05
from .exercise_bank_06 import EXERCISES_06

EXERCISES.update({exercise.name: exercise for exercise in EXERCISES_05})  # lesson 05 has its own bank
EXERCISES.update({exercise.name: exercise for exercise in EXERCISES_06})  # lesson 06 has its own bank

TIME_LIMIT_S = 3  # one call of a student's function may take this long; an endless loop is stopped
WORDS = {
    "en": {
        "correct": "✔ Correct! {remark}",
        "wrong": "✘ Not yet: {what}. Hint: {hint}.",
        "unanswered_value": "… Not answered yet: replace None with your answer and run the cell again.",
        "unanswered_function": "… Not answered yet: replace the ... in the function with your code and run "
                               "the cell again.",
        "is_none": "{typed} gives None, not your answer",
        "none_grad_hint": "a .grad is None until backward() fills it, and optimizer.zero_grad() sets it back "
                          "to None: read it right after backward()",
        "none_print_hint": "print() shows a value on the screen and gives None: assign the value itself",
        "none_call_hint": "a function without a return line gives None, even when it prints the result: "
                          "end it with return",
        "none_hint_other": "replace it with a number, or with an expression that gives one",
        "decimal_comma": "Python reads {typed} as the pair {pair}: did you type a decimal comma? "
                         "Python writes {number}",
        "decimal_comma_hint": "write decimals with a point: {number}",
        "decimal_comma_sign": " (Python drops the minus sign of -0: if you typed -{typed}, write -{number})",
        "not_number": "the answer has type {kind}, not a number",
        "number_hint": "write a single number (no quotes, no brackets); for a tensor or an array use .item()",
        "not_finite": "{answer} is not a finite number",
        "not_whole": "{answer} is not a whole number, and a count is one",
        "not_option": "{answer} is not one of the choices {options}",
        "not_function": "the answer has type {kind}, not a function",
        "function_hint": "pass the function itself, without calling it: its name with no parentheses",
        "raised": "your function raised {error}",
        "too_slow": "your function took longer than {seconds} s on one call, so it was stopped",
        "too_slow_hint": "look for a loop that never ends: every while needs a condition that becomes false",
        "returns_none": "your function returns None",
        "none_hint": "end it with a return line that gives the result",
        "prints_none": "your function prints its result but returns None",
        "prints_hint": "give the result back with return instead of print",
        "requires_grad": "your function returns a tensor that requires grad",
        "requires_grad_hint": "give back a plain number with .item() (or a tensor without its graph with .detach())",
        "element_array": "your function returns {count} values and the {nth} is {array}, not one number",
        "element_hint": "each value must be a single number: that one may be missing its np.mean",
        "nth": ("first", "second", "third", "fourth", "fifth"),
        "returns_type": "your function returns a value of type {kind}, not numbers",
        "returns": "your function returns {got} instead of {want} {case}",
        "returns_at": "your function returns {got} instead of {want} at index {i} {case}",
        "shape_0": "a number",
        "shape_one": "an array with 1 number",
        "shape_1": "{n} numbers",
        "shape_n": "an array of shape {shape}",
        "array_of": "an array of {n} numbers",
    },
    "es": {
        "correct": "✔ ¡Correcto! {remark}",
        "wrong": "✘ Todavía no: {what}. Pista: {hint}.",
        "unanswered_value": "… Todavía sin responder: sustituye None por tu respuesta y vuelve a ejecutar "
                            "la celda.",
        "unanswered_function": "… Todavía sin responder: sustituye los ... de la función por tu código y "
                               "vuelve a ejecutar la celda.",
        "is_none": "{typed} da None, no tu respuesta",
        "none_grad_hint": "un .grad vale None hasta que backward() lo rellena, y optimizer.zero_grad() lo "
                          "vuelve a poner a None: léelo justo después de backward()",
        "none_print_hint": "print() muestra un valor en pantalla y devuelve None: asigna el valor mismo",
        "none_call_hint": "una función sin línea return devuelve None, aunque imprima el resultado: "
                          "termínala con return",
        "none_hint_other": "sustitúyelo por un número, o por una expresión que dé uno",
        "decimal_comma": "Python lee {typed} como el par {pair}: ¿escribiste una coma decimal? "
                         "Python escribe {number}",
        "decimal_comma_hint": "escribe los decimales con punto: {number}",
        "decimal_comma_sign": " (Python pierde el signo menos de -0: si escribiste -{typed}, escribe -{number})",
        "not_number": "la respuesta es de tipo {kind}, no un número",
        "number_hint": "escribe un solo número (sin comillas ni corchetes); para un tensor o un array usa .item()",
        "not_finite": "{answer} no es un número finito",
        "not_whole": "{answer} no es un número entero, y la respuesta es una cuenta, un entero",
        "not_option": "{answer} no es una de las opciones {options}",
        "not_function": "la respuesta es de tipo {kind}, no una función",
        "function_hint": "pasa la función misma, sin llamarla: su nombre sin paréntesis",
        "raised": "tu función lanzó {error}",
        "too_slow": "tu función tardó más de {seconds} s en una llamada, así que se detuvo",
        "too_slow_hint": "busca un bucle que no termina: cada while necesita una condición que llegue a ser falsa",
        "returns_none": "tu función devuelve None",
        "none_hint": "termínala con una línea return que devuelva el resultado",
        "prints_none": "tu función imprime su resultado pero devuelve None",
        "prints_hint": "devuelve el resultado con return en lugar de print",
        "requires_grad": "tu función devuelve un tensor que requiere gradiente (requires_grad)",
        "requires_grad_hint": "devuelve un número con .item() (o un tensor sin su grafo con .detach())",
        "element_array": "tu función devuelve {count} valores y el {nth} es {array}, no un solo número",
        "element_hint": "cada valor debe ser un solo número: quizá a ese le falta su np.mean",
        "nth": ("primero", "segundo", "tercero", "cuarto", "quinto"),
        "returns_type": "tu función devuelve un valor de tipo {kind}, no números",
        "returns": "tu función devuelve {got} en lugar de {want} {case}",
        "returns_at": "tu función devuelve {got} en lugar de {want} en el índice {i} {case}",
        "shape_0": "un número",
        "shape_one": "un array con 1 número",
        "shape_1": "{n} números",
        "shape_n": "un array de forma {shape}",
        "array_of": "un array de {n} números",
    },
}


class TooSlow(BaseException):
    """Stops a student's function at the time limit (not an Exception, so the student's code cannot catch it)."""


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
    print(judge(name, answer, lang, typed=typed_answer(sys._getframe(1)))[1])


def judge(name, answer, lang="en", typed=None):
    """Return whether `answer` to `name` is correct and its feedback; `typed`: the source that gave it, if known."""
    check_choice("lang", lang, tuple(WORDS))
    check_choice("name", name, tuple(EXERCISES))
    exercise = EXERCISES[name]
    if answer is None:
        return _none(exercise, lang, typed)
    judge_kind = _judge_function if exercise.kind == "function" else _judge_value
    return judge_kind(exercise, answer, lang, typed)


def typed_answer(frame):
    """Return the source text of the expression that gave check() its answer in `frame`, or None if unknown."""
    try:
        source = "".join(linecache.getlines(frame.f_code.co_filename))
        nodes = _nodes(source)
        call = _innermost(nodes, frame.f_lineno, ast.Call, lambda node: _called_name(node) == "check")
        expression = call.args[1] if len(call.args) > 1 else next(k.value for k in call.keywords
                                                                    if k.arg == "answer")
        if isinstance(expression, ast.Name):
            expression = _last_assignment(nodes, expression.id, call.lineno)
        return " ".join(ast.get_source_segment(source, expression).split())
    except Exception:  # no source (a string run by exec, a script from stdin) or an unusual call: unknown
        return None


@functools.lru_cache(maxsize=4)
def _nodes(source):
    """Return every node of a cell's (or a file's) syntax tree, parsed once however often it calls check()."""
    return [node for node in ast.walk(ast.parse(source)) if hasattr(node, "lineno")]


def _called_name(call):
    """Return the name a call calls: "check" for check(...) and for gd_helpers.check(...)."""
    return getattr(call.func, "id", getattr(call.func, "attr", None))


def _innermost(nodes, line, kind, accept=lambda node: True):
    """Return the innermost node of type `kind` (accepted by `accept`) whose lines contain `line`."""
    return max((node for node in nodes if isinstance(node, kind) and node.lineno <= line <= node.end_lineno
                and accept(node)), key=lambda node: node.lineno)


def _last_assignment(nodes, name, line):
    """Return the value last assigned to `name` before `line`, in the function (or cell) around that line."""
    try:
        scope = _innermost(nodes, line, (ast.FunctionDef, ast.AsyncFunctionDef))
        first = scope.lineno
    except ValueError:  # at the top level of a cell
        first = 1
    assignments = [node for node in nodes if isinstance(node, (ast.Assign, ast.AnnAssign))
                   and first <= node.lineno < line and node.value is not None
                   and any(getattr(target, "id", None) == name
                           for target in (node.targets if isinstance(node, ast.Assign) else [node.target]))]
    return max(assignments, key=lambda node: node.lineno).value


def _wrong(lang, what, hint):
    """Return the one-line feedback for a wrong answer."""
    return False, WORDS[lang]["wrong"].format(what=what, hint=hint)


def _right(exercise, lang):
    """Return the one-line feedback for a correct answer."""
    return True, WORDS[lang]["correct"].format(remark=exercise.remark[lang])


def _unanswered(exercise, lang):
    """Return the one-line feedback for an exercise not answered yet."""
    return False, WORDS[lang][f"unanswered_{'function' if exercise.kind == 'function' else 'value'}"]


def _none(exercise, lang, typed):
    """Return the feedback for an answer that is None: not answered yet, unless the cell computed that None."""
    if typed is None or typed == "None":
        return _unanswered(exercise, lang)
    words = WORDS[lang]
    if re.search(r"\.grad$", typed):
        hint = words["none_grad_hint"]
    elif typed.startswith("print("):
        hint = words["none_print_hint"]
    else:
        hint = words["none_call_hint" if typed.endswith(")") else "none_hint_other"]
    shown = typed if len(typed) <= 40 else typed[:39] + "…"
    return _wrong(lang, words["is_none"].format(typed=shown), hint)


def _num(value, digits=6):
    """Return a number as Python prints it, to `digits` significant digits."""
    return format(float(value), f".{digits}g")


def _close(value, target, rtol=1e-3):
    """Return True if a typed number is within `rtol` of `target`, relatively (exactly, for a target of 0)."""
    return abs(value - target) <= rtol * abs(target)


def _near(value, target, exercise, rtol=1e-3):
    """Return True if a typed number stands for `target`: within `rtol`, or within the exercise's spread."""
    return _close(value, target, rtol) or abs(value - target) <= exercise.spread


def _is_solution(value, exercise):
    """Return True if a number answers the exercise: exactly for a count, within 0.1 % otherwise."""
    return value == exercise.solution if exercise.integer else _near(value, exercise.solution, exercise)


def _decimal_comma(answer, typed):
    """Return what was typed and the number a decimal comma meant ("0,3", "0.3"), or None if it is no such pair."""
    if not (isinstance(answer, tuple) and len(answer) == 2 and answer[1] >= 0
            and all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in answer)):
        return None
    if typed is None or not re.fullmatch(r"\(?-?\d+ ?, ?\d+\)?", typed):
        typed = f"{answer[0]},{answer[1]}"  # the source is unknown: the pair's digits (a typed "-0" lost its sign)
    return typed, re.sub(r" ?, ?", ".", typed.strip("()"))


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


def _judge_value(exercise, answer, lang, typed):
    """Return (correct, feedback) for a "number" or "choice" exercise."""
    words = WORDS[lang]
    comma = _decimal_comma(answer, typed)
    if comma is not None:
        what = words["decimal_comma"].format(typed=comma[0], pair=answer, number=comma[1])
        hint = words["decimal_comma_hint"].format(number=comma[1])
        if typed is None and answer[0] == 0:  # the source is unknown, and (-0, 27) == (0, 27)
            hint += words["decimal_comma_sign"].format(typed=comma[0], number=comma[1])
        return _wrong(lang, what, hint)
    value, kind = _as_number(answer)
    if value is None:
        return _wrong(lang, words["not_number"].format(kind=kind), words["number_hint"])
    if not np.isfinite(value):
        return _wrong(lang, words["not_finite"].format(answer=_num(value)), exercise.hint[lang])
    if _is_solution(value, exercise):
        return _right(exercise, lang)
    for mistake in exercise.mistakes:
        if any(_near(value, wrong, exercise, rtol=1e-2) for wrong in np.atleast_1d(mistake.answer)):
            return _wrong(lang, mistake.what[lang].format(answer=_num(value)), mistake.hint[lang])
    if exercise.integer and value != round(value):
        return _wrong(lang, words["not_whole"].format(answer=_num(value)), exercise.hint[lang])
    if exercise.options and not any(_near(value, option, exercise) for option in exercise.options):
        options = ", ".join(_num(option) for option in exercise.options)
        return _wrong(lang, words["not_option"].format(answer=_num(value), options=options), exercise.hint[lang])
    return _wrong(lang, exercise.wrong[lang].format(answer=_num(value)), exercise.hint[lang])


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise TooSlow in the block after `seconds` (with SIGALRM: in the main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum, frame):
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call(function, args):
    """Return (result, exception raised or None, whether it printed) of function(*args), on copies of arrays."""
    args = tuple(np.copy(arg) if isinstance(arg, np.ndarray) else arg for arg in args)
    quiet = io.StringIO()  # a function that prints must not add lines to the feedback
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), warnings.catch_warnings(), \
            np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            with _time_limit(TIME_LIMIT_S):
                result = function(*args)
            return result, None, bool(quiet.getvalue())
        except (Exception, SystemExit, TooSlow) as error:  # the student's code may raise anything (not ^C)
            return None, error, bool(quiet.getvalue())


def _as_tensors(args):
    """Return the arguments with every NumPy array turned into a tensor of the same type."""
    import torch  # already loaded: _call_any retries with tensors only when the notebook imported torch
    return tuple(torch.from_numpy(arg) if isinstance(arg, np.ndarray) else arg for arg in args)


def _call_any(function, args):
    """Call a student's function on NumPy arrays and, if that raises, on tensors: PyTorch code passes too."""
    outcome = _call(function, args)
    error = outcome[1]
    if error is None or isinstance(error, TooSlow) or not any(isinstance(arg, np.ndarray) for arg in args):
        return outcome
    if "torch" not in sys.modules:  # code that never imported torch cannot be PyTorch code: keep kernels light
        return outcome
    retry = _call(function, _as_tensors(args))
    torch_code = re.search(r"Tensor|numpy\.ndarray", _describe_error(error))
    return retry if retry[1] is None or torch_code else outcome


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


def _parts(result):
    """Return the values a function returned: the items of a tuple or list, else the result itself."""
    return list(result) if isinstance(result, (tuple, list)) else [result]


def _ndim(value):
    """Return how many dimensions a value has as an array (0 for anything that is not array-like)."""
    try:
        return np.ndim(value)
    except Exception:  # ragged lists and odd objects
        return 0


def _array_inside(result, lang):
    """Return "returns 2 values and the second is an array of 5 numbers", or None if no value is an array."""
    if not isinstance(result, (tuple, list)):
        return None
    for i, value in enumerate(result):
        if _ndim(value) > 0:
            words, shape = WORDS[lang], np.shape(value)
            nth = words["nth"][i] if i < len(words["nth"]) else f"#{i + 1}"
            array = words["array_of"].format(n=shape[0]) if len(shape) == 1 else words["shape_n"].format(shape=shape)
            return words["element_array"].format(count=len(result), nth=nth, array=array)
    return None


def _describe_error(error):
    """Return "ClassName: message" of an exception, on one short line and without memory addresses."""
    try:
        lines = str(error).strip().splitlines()
    except Exception:  # an exception class of the student's may even fail to print itself
        lines = []
    message = re.sub(r" at 0x[0-9a-fA-F]+", "", lines[0] if lines else "").rstrip(".")
    message = message if len(message) <= 80 else message[:79] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _problem(outcome, exercise, lang):
    """Return (what, hint) if a call raised, ran too long, or returned something that is not numbers; else None."""
    result, error, printed = outcome
    words = WORDS[lang]
    if isinstance(error, TooSlow):
        return words["too_slow"].format(seconds=TIME_LIMIT_S), words["too_slow_hint"]
    if error is not None:
        return words["raised"].format(error=_describe_error(error)), exercise.hint[lang]
    if result is None:
        return (words["prints_none"], words["prints_hint"]) if printed else (words["returns_none"], words["none_hint"])
    if any(getattr(part, "requires_grad", False) is True for part in _parts(result)):
        return words["requires_grad"], words["requires_grad_hint"]
    if _as_array(result) is None:
        inside = _array_inside(result, lang)
        return (inside, words["element_hint"]) if inside else (words["returns_type"].format(
            kind=type(result).__name__), exercise.hint[lang])
    return None


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


def _judge_function(exercise, answer, lang, typed):
    """Return (correct, feedback) for a "function" exercise, calling the answer on every case."""
    words = WORDS[lang]
    if not callable(answer):
        return _wrong(lang, words["not_function"].format(kind=type(answer).__name__), words["function_hint"])
    if _is_stub(answer):
        return _unanswered(exercise, lang)
    results = []
    for case in exercise.cases:
        outcome = _call_any(answer, case.args)
        problem = _problem(outcome, exercise, lang)
        if problem is not None:
            return _wrong(lang, *problem)
        results.append(outcome[0])
    got, want = [_as_array(result) for result in results], _results(exercise.solution, exercise)
    if _matches(got, want, exercise):
        return _right(exercise, lang)
    for mistake in exercise.mistakes:
        if _matches(got, _results(mistake.answer, exercise), exercise):
            return _wrong(lang, mistake.what[lang], mistake.hint[lang])
    for result, g, w, case in zip(results, got, want, exercise.cases):
        if not _matches([g], [w], exercise):
            inside = _array_inside(result, lang)  # a pair of arrays: say so before comparing shapes
            if inside is not None:
                return _wrong(lang, inside, words["element_hint"])
            return _wrong(lang, _difference(g, w, case, exercise, lang), exercise.hint[lang])
