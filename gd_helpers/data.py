"""Data sets: the seed notebook's four points, and the checks any data set must pass."""
import numpy as np


def seed_data():
    """Return the seed notebook's data X = [1, 2, 3, 4], Y = [2, 4, 6, 8] as float32 arrays."""
    X = np.array([1, 2, 3, 4], dtype=np.float32)
    Y = np.array([2, 4, 6, 8], dtype=np.float32)
    return X, Y


def as_vector(name, values):
    """Return `values` as a 1-D, non-empty, finite float32 array, or raise naming `name`."""
    if values is None:
        raise ValueError(f"{name} is missing: give a 1-D array of numbers")
    try:
        raw = np.asarray(values)
    except ValueError:
        raise TypeError(f"{name} must be an array-like of numbers") from None
    if raw.dtype.kind not in "biuf":  # strings such as '1' are refused, not silently converted
        raise TypeError(f"{name} must be an array-like of real numbers, got dtype {raw.dtype}")
    with np.errstate(over="ignore"):
        array = raw.astype(np.float32)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be 1-D and non-empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite float32 numbers only")
    return array


def as_data(X, Y):
    """Return X and Y as float32 vectors of the same length, or raise a clear error."""
    X, Y = as_vector("X", X), as_vector("Y", Y)
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same length, got {len(X)} and {len(Y)}")
    return X, Y
