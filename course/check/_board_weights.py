"""How the STDP checks tell a SpiNNaker board's weights from NEST's, and how far to trust them.

A board stores each weight as a 16-bit whole number of steps of
2\\ :sup:`-k` nA (the step depends on the largest weights onto the neuron; with
the tasks' 20 nA drivers it is about 1 to 2 pA), so every weight read back
lies on that grid. NEST's weights are ordinary floating-point numbers. The
weights read back alone therefore say which backend ran, and what the rule's
prediction must allow for: on the board each update of a weight is rounded
down to a whole step (the change of a potentiation comes out up to one step
smaller, that of a depression up to one step larger in size), and the starting
weight itself is rounded to the nearest step.
"""

from __future__ import annotations

import numpy as np

from course.check._findings import Findings

#: Finest grid looked for: 2**-26 nA, a board's step for the smallest
#: weights (2**-15, divided by 1024 for conductance-based cells in µS).
FINEST_GRID_EXPONENT = 26
#: How close (in grid steps) a value must lie to the grid to count as on it.
ON_GRID = 1e-6


def weight_resolution(values) -> float | None:
    """The coarsest step 2**-k (nA) that every difference of ``values`` is a whole multiple of.

    ``None`` when the values do not differ or lie on no such grid (NEST's).
    """
    values = np.asarray(values, dtype=float).ravel()
    values = values[np.isfinite(values)]
    if values.size < 2:
        return None
    differences = values - values[0]
    if np.all(np.abs(differences) < 1e-12):
        return None
    for exponent in range(FINEST_GRID_EXPONENT + 1):
        step = 2.0**-exponent
        steps = differences / step
        if np.all(np.abs(steps - np.round(steps)) < ON_GRID):
            return step
    return None


def backend_of(resolution: float | None) -> str:
    """The backend whose reading of the rule applies: ``"spiNNaker"`` for weights on a grid."""
    return "nest" if resolution is None else "spiNNaker"


def describe_weights(found: Findings, resolution: float | None) -> None:
    """Tell the learner which backend the weights look like, and what that means for the rule."""
    if resolution is None:
        found.note(
            "the weights lie on no grid of whole steps: this looks like NEST, where an "
            "additive step is A_plus * w_max (A_minus likewise)"
        )
    else:
        found.note(
            f"every weight lies on steps of {resolution * 1000:.3g} pA: this looks like a "
            "SpiNNaker board's 16-bit weights, where an additive step is A_plus nA (not "
            "A_plus * w_max) and every update is rounded down to a whole step"
        )


def allowed_range(
    predicted: float, tolerance: float, resolution: float | None, n_updates: int
) -> tuple[float, float]:
    """Lowest and highest change (nA) that still matches a prediction of ``predicted``.

    ``tolerance`` of the prediction either way; on a board also ``n_updates``
    roundings down by one step each, and half a step of the starting weight's
    rounding either way.
    """
    low, high = sorted((predicted * (1 - tolerance), predicted * (1 + tolerance)))
    if resolution is not None:
        low -= (n_updates + 0.5) * resolution
        high += 0.5 * resolution
    return low, high
