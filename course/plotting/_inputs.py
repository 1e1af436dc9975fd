"""What every figure function does with its inputs before drawing.

A new constrained-layout figure when no axes are given, and the checks that
paired arrays (times and values, bins and rates) have matching lengths, with
one error message for all of them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


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


def paired_vectors(first_name: str, first, second_name: str, second, noun: str) -> tuple:
    """Both arrays flattened to float vectors, after checking they have the same length."""
    first = np.asarray(first, dtype=float).ravel()
    second = np.asarray(second, dtype=float).ravel()
    check_same_length(first_name, first, second_name, second, noun)
    return first, second


def as_columns(values) -> np.ndarray:
    """``values`` as a float array with one column per neuron (a 1-D signal is one neuron)."""
    values = np.asarray(values, dtype=float)
    return values[:, np.newaxis] if values.ndim == 1 else values
