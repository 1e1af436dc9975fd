"""Argument checks shared by every public ``course`` function.

Each check raises a :class:`TypeError` or :class:`ValueError` whose message
names the parameter, the value received and what is allowed, so a learner
never meets a traceback from deep inside NEST or sPyNNaker for a mistake the
course could have caught.
"""

from __future__ import annotations

import numbers
import os
from pathlib import Path

import numpy as np

from course._recording import Recording


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_number(name: str, value) -> float:
    """Return ``value`` as a float, or raise TypeError if it is not a real number."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def check_positive_number(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number > 0."""
    value = check_number(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return value


def check_non_negative_number(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number >= 0."""
    value = check_number(name, value)
    if value < 0:
        raise ValueError(f"{name} must be 0 or greater, got {value!r}")
    return value


def check_integer(name: str, value, *, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def check_positive_integer(name: str, value) -> int:
    """Return ``value`` as an int if it is a whole number >= 1."""
    return check_integer(name, value, minimum=1)


def check_probability(name: str, value) -> float:
    """Return ``value`` as a float if it lies in [0, 1]."""
    value = check_number(name, value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie between 0 and 1, got {value!r}")
    return value


def check_choice(name: str, value, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``."""
    if value not in allowed:
        options = ", ".join(repr(option) for option in allowed)
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {options}")
    return value


def check_finite_array(name: str, values, *, unit: str = "") -> np.ndarray:
    """Return ``values`` as a flat float array, checking that every value is a finite number.

    Raises
    ------
    TypeError
        If ``values`` is text or holds something that is not a number.
    ValueError
        If a value is not finite.
    """
    what = f"numbers ({unit})" if unit else "numbers"
    if isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be a sequence of {what}, got {values!r}")
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of {what}, got {values!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite {what}, got {values!r}")
    return array


def check_spike_train(name: str, times, *, earliest: float = 0.0) -> np.ndarray:
    """Return one spike train as a sorted float array, checking it first.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    times : sequence of float
        Spike times (ms).
    earliest : float, default 0.0
        Smallest time allowed (ms).

    Raises
    ------
    TypeError
        If the times are not numbers.
    ValueError
        If a time is not finite, lies before ``earliest`` or the times are not
        in increasing order.
    """
    try:
        array = np.asarray(times, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of spike times in ms, got {times!r}") from None
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be a flat list of spike times in ms, got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite spike times, got {times!r}")
    if array.size and array.min() < earliest:
        raise ValueError(
            f"{name} holds a spike at {array.min():g} ms; the earliest allowed is {earliest:g} ms"
        )
    if np.any(np.diff(array) < 0):
        raise ValueError(f"{name} must be sorted in increasing order, got {times!r}")
    return array


def check_flag(name: str, value) -> bool:
    """Return ``value`` if it is True or False (not 1, 0 or "yes")."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def check_text(name: str, value) -> str:
    """Return ``value`` if it is a string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (a str), got {value!r} ({type(value).__name__})")
    return value


def check_path(name: str, value) -> Path:
    """Return ``value`` as a :class:`pathlib.Path` if it is a str or path-like."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(
            f"{name} must be a path (a str or pathlib.Path), got {value!r} ({type(value).__name__})"
        )
    return Path(value)


#: Largest seed numpy's and PyNN's generators take (2**32 - 1).
MAX_SEED = 2**32 - 1


def check_seed(name: str, value) -> int:
    """Return ``value`` as an int if it is a whole number from 0 to 2**32 - 1."""
    value = check_integer(name, value, minimum=0)
    if value > MAX_SEED:
        raise ValueError(f"{name} must be at most 2**32 - 1 = {MAX_SEED}, got {value!r}")
    return value


def check_number_array(name: str, values, *, unit: str = "", finite: bool = True) -> np.ndarray:
    """Return ``values`` as a float array of the same shape, checking every value is a number.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    values : array_like
        The numbers, of any shape.
    unit : str, optional
        Their unit, for the messages (e.g. ``"ms"``).
    finite : bool, default True
        Refuse ``nan`` and infinities; False lets them through.

    Raises
    ------
    TypeError
        If ``values`` is text or holds something that is not a number.
    ValueError
        If ``finite`` is True and a value is not finite.
    """
    what = f"numbers ({unit})" if unit else "numbers"
    if isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be a number or an array of {what}, got {values!r}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of {what}, got {values!r}") from None
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite {what}, got {values!r}")
    return array


def _check_pynn_object(name: str, value, attributes, what: str):
    """Return ``value`` if it has every one of ``attributes``, else raise TypeError."""
    if isinstance(value, (str, bytes)) or not all(hasattr(value, key) for key in attributes):
        raise TypeError(f"{name} must be {what}, got {value!r} ({type(value).__name__})")
    return value


def check_population(name: str, value):
    """Return ``value`` if it looks like a PyNN Population (NEST's or sPyNNaker's)."""
    return _check_pynn_object(
        name,
        value,
        ("size", "label", "celltype"),
        "a PyNN Population (what sim.Population returns)",
    )


def check_projection(name: str, value):
    """Return ``value`` if it looks like a PyNN Projection (NEST's or sPyNNaker's)."""
    return _check_pynn_object(
        name, value, ("pre", "post", "get"), "a PyNN Projection (what sim.Projection returns)"
    )


def check_cell_type(name: str, value, *, instances: bool = True) -> str:
    """Return the name of a PyNN cell type given as a class, an instance or a name.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    value : type, cell-type instance or str
        A cell-type class such as ``sim.IF_cond_exp`` (NEST's or sPyNNaker's),
        an instance of one, or the name of a PyNN standard cell type.
    instances : bool, default True
        Accept an instance and a name; False accepts only a class.

    Raises
    ------
    TypeError
        If ``value`` is none of these.
    ValueError
        If a name names no PyNN standard cell type.
    """
    if isinstance(value, type) and hasattr(value, "default_parameters"):
        return value.__name__
    allowed = "a PyNN cell type class such as sim.IF_cond_exp"
    if instances:
        allowed += ", an instance of one, or its name"
    if instances and isinstance(value, str):
        known = _standard_cell_type_names()
        if value not in known:
            raise ValueError(
                f"{name}={value!r} names no PyNN standard cell type; choose one of "
                + ", ".join(repr(option) for option in known)
            )
        return value
    if instances and not isinstance(value, type) and hasattr(type(value), "default_parameters"):
        return type(value).__name__
    raise TypeError(f"{name} must be {allowed}, got {value!r} ({type(value).__name__})")


def _standard_cell_type_names() -> tuple[str, ...]:
    """Names of PyNN's standard cell types, as ``pyNN.standardmodels.cells`` defines them."""
    from pyNN.standardmodels import StandardCellType, cells

    return tuple(
        sorted(
            name
            for name, obj in vars(cells).items()
            if isinstance(obj, type)
            and issubclass(obj, StandardCellType)
            and obj is not StandardCellType
        )
    )


def check_recording(name: str, value):
    """Return ``value`` if it is a :class:`course.Recording`, else raise TypeError."""
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
