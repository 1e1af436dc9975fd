"""Argument checks for flags, recordings and cell indices.

They complete :mod:`course._checks` (numbers, choices, arrays, spike trains)
with the same contract: a :class:`TypeError` or :class:`ValueError` whose
message names the parameter, the value received and what is allowed.
"""

from __future__ import annotations

import numbers

import numpy as np


def check_flag(name: str, value) -> bool:
    """Return ``value`` if it is ``True`` or ``False``, else raise TypeError naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def check_recording(name: str, value):
    """Return ``value`` if it is a :class:`course.Recording`, else raise TypeError."""
    from course.results import Recording

    if not isinstance(value, Recording):
        raise TypeError(
            f"{name} must be a course.Recording (what course.collect returns), got "
            f"{type(value).__name__}"
        )
    return value


def check_cell_indices(name: str, values, n_cells: int | None = None) -> np.ndarray:
    """Return ``values`` as an int array of cell indices, each in ``range(n_cells)``.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    values : sequence of int
        Cell indices; a ``range`` is fine.
    n_cells : int, optional
        Size of the population; indices are only checked to be >= 0 without it.

    Raises
    ------
    TypeError
        If ``values`` is text or holds something that is not a whole number.
    ValueError
        If an index lies outside ``range(n_cells)``.
    """
    refusal = f"{name} must be a sequence of cell indices (whole numbers), got {values!r}"
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(refusal)
    items = list(values)
    if not all(
        isinstance(item, (numbers.Integral, np.integer)) and not isinstance(item, bool)
        for item in items
    ):
        raise TypeError(refusal)
    indices = np.asarray(items, dtype=int)
    top = "" if n_cells is None else f" to {n_cells - 1}"
    if indices.size and (indices.min() < 0 or (n_cells is not None and indices.max() >= n_cells)):
        raise ValueError(f"{name} must hold indices from 0{top}, got {indices.tolist()}")
    return indices


def check_number_array(name: str, values, what: str) -> np.ndarray:
    """Return ``values`` as a float array of the same shape, every value a finite number.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    values : float or array_like
        The numbers.
    what : str
        What ``values`` must be, for the message, e.g. ``"a number or numbers in nA"``.

    Raises
    ------
    TypeError
        If ``values`` is text or holds something that is not a number.
    ValueError
        If a value is not finite.
    """
    refusal = f"{name} must be {what}, got {values!r}"
    if isinstance(values, (str, bytes, dict)):
        raise TypeError(refusal)
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(refusal) from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {values!r}")
    return array
