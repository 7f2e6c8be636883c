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


def check_bool(name, value):
    """Return `value` once it is known to be True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)
