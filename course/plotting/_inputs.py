"""What every figure function does with its inputs before drawing.

A new constrained-layout figure when no axes are given, and the checks of the
data: numbers where numbers belong, paired arrays (times and values, bins and
rates) of matching lengths, and colour maps Matplotlib knows, each with one
error message for all figures.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from course._checks import check_number_array, check_positive_number


def axes_or_new(ax):
    """Return ``ax``, or the axes of a new constrained-layout figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


def check_same_length(first_name: str, first, second_name: str, second, noun: str) -> None:
    """Raise ValueError naming both arrays when their first dimensions differ."""
    if len(first) != len(second):
        raise ValueError(
            f"{first_name} has {len(first)} {noun} but {second_name} has {len(second)}; "
            "they must match"
        )


def vector(name: str, values, unit: str) -> np.ndarray:
    """``values`` as a flat float vector of finite numbers in ``unit``."""
    return check_number_array(name, values, unit=unit).ravel()


def paired_vectors(
    first_name: str, first, second_name: str, second, noun: str, *, units=("", "")
) -> tuple:
    """Both arrays as finite float vectors in ``units``, after checking that their lengths match."""
    first = vector(first_name, first, units[0])
    second = vector(second_name, second, units[1])
    check_same_length(first_name, first, second_name, second, noun)
    return first, second


def as_columns(name: str, values, unit: str) -> np.ndarray:
    """``values`` as a float array with one column per neuron (a 1-D signal is one neuron)."""
    values = check_number_array(name, values, unit=unit)
    return values[:, np.newaxis] if values.ndim == 1 else values


def optional_positive(name: str, value) -> float | None:
    """``value`` as a float > 0, or None when it is None."""
    return None if value is None else check_positive_number(name, value)


def check_cmap(name: str, cmap):
    """Return ``cmap`` if it is a Matplotlib colour map or the name of one."""
    if isinstance(cmap, matplotlib.colors.Colormap):
        return cmap
    if not isinstance(cmap, str):
        raise TypeError(
            f"{name} must be the name of a Matplotlib colour map such as 'viridis', "
            f"got {cmap!r} ({type(cmap).__name__})"
        )
    if cmap not in matplotlib.colormaps:
        raise ValueError(
            f"{name}={cmap!r} is not a Matplotlib colour map; use a perceptually uniform "
            "one such as 'viridis', 'cividis', 'magma' or 'inferno'"
        )
    return cmap
