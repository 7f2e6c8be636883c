"""Argument checks that fail with a clear message naming the argument."""
import numbers

import numpy as np


def check_number(name, value, positive=False):
    """Return `value` as a float once it is known to be a finite real number (> 0 if `positive`)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    accepted = "a finite number > 0" if positive else "a finite number"
    if not np.isfinite(value) or (positive and value <= 0):
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return float(value)


def check_int(name, value, low, high=None):
    """Return `value` as an int once it is known to be an int from `low` to `high`."""
    accepted = f"an int >= {low}" if high is None else f"an int from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {accepted}, got {type(value).__name__}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return int(value)


def check_choice(name, value, choices):
    """Return `value` once it is known to be one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_fraction(name, value):
    """Return `value` as a float once it is known to be a real number in [0, 1)."""
    accepted = "a real number in [0, 1) (0 included, 1 excluded)"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {accepted}, got {type(value).__name__}")
    if not 0 <= value < 1:  # also false for nan and inf
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return float(value)


def check_betas(name, value):
    """Return `value` as a pair of floats once both are real numbers in [0, 1), as Adam's (β₁, β₂)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair (β₁, β₂) of real numbers in [0, 1), got {value!r}")
    return tuple(check_fraction(f"{name}[{i}]", beta) for i, beta in enumerate(value))


def check_bool(name, value):
    """Return `value` once it is known to be True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


HISTORY_BUDGET_BYTES = 200 * 10**6  # the most memory one call may fill with its record of a run


def check_budget(name, count, unit_bytes, unit):
    """Refuse, before anything is allocated, a record of count + 1 `unit`s of `unit_bytes` over the budget."""
    if (count + 1) * unit_bytes > HISTORY_BUDGET_BYTES:
        raise ValueError(f"{name} = {count} would record {(count + 1) * unit_bytes / 1e6:,.0f} MB, more than "
                         f"the memory budget of {HISTORY_BUDGET_BYTES / 1e6:,.0f} MB "
                         f"(gd_helpers.checks.HISTORY_BUDGET_BYTES): ask for at most "
                         f"{HISTORY_BUDGET_BYTES // unit_bytes - 1} {unit}")


def check_vector(name, values, dtype=np.float64):
    """Return `values` as a 1-D, non-empty array of finite numbers (of `dtype`; None keeps a float dtype)."""
    if values is None:
        raise ValueError(f"{name} is missing: give a 1-D array of numbers")
    if getattr(values, "requires_grad", False):
        raise TypeError(f"{name} is a torch tensor that requires grad: pass {name}.detach() instead")
    try:
        raw = np.asarray(values)
    except (ValueError, TypeError, RuntimeError):
        raise TypeError(f"{name} must be an array-like of numbers") from None
    if raw.dtype.kind not in "biuf":  # strings such as '1' are refused, not silently converted
        raise TypeError(f"{name} must be an array-like of real numbers, got dtype {raw.dtype}")
    dtype = dtype or (raw.dtype if raw.dtype.kind == "f" else np.float64)
    with np.errstate(over="ignore"):
        array = raw.astype(dtype, copy=False)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be 1-D and non-empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite {array.dtype} numbers only")
    return array


def check_data(X, Y, dtype=np.float64):
    """Return X and Y as vectors of the same length (see check_vector), or raise a clear error."""
    X, Y = check_vector("X", X, dtype), check_vector("Y", Y, dtype)
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same length, got {len(X)} and {len(Y)}")
    return X, Y


def check_weights(name, w):
    """Return `w`, one weight or an array of weights (inf allowed: a diverged run), as float64."""
    raw = np.asarray(w)
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real number or an array of real numbers, got dtype {raw.dtype}")
    return raw.astype(np.float64)


def check_runs(runs):
    """Return `runs` once it is a non-empty dict {label: History}, as gradient_descent returns them."""
    if not isinstance(runs, dict):
        raise TypeError(f"runs must be a dict {{label: History}}, got {type(runs).__name__}")
    if not runs:
        raise ValueError("runs must hold at least one run {label: History}, got an empty dict")
    for label, h in runs.items():
        if not all(hasattr(h, field) for field in ("w", "loss", "updates_per_epoch")):
            raise TypeError(f"runs[{label!r}] must be a History (what gradient_descent returns), "
                            f"got {type(h).__name__}")
    return runs
