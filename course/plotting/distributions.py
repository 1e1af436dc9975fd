"""How one number per neuron (a firing rate, a CV) is spread over the neurons."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from course._checks import check_number_array, check_positive_integer
from course.plotting._inputs import axes_or_new, vector
from course.plotting.empty import EMPTY_DATA_NOTE, NO_ACTIVITY_NOTE, mark_empty

__all__ = ["histogram"]


def histogram(
    values,
    ax=None,
    *,
    xlabel: str,
    ylabel: str = "neurons",
    bins=20,
    color="C0",
    label: str | None = None,
):
    """Histogram of one number per neuron (rates, CVs); ``nan`` values are left out.

    When every value is ``nan`` (a CV needs three spikes) or missing, the axes
    say so; when every value is 0 (a silent network, or a virtual board) the
    single bar is drawn and labelled.

    Parameters
    ----------
    values : array_like
        One value per neuron, e.g. :func:`course.analysis.firing_rates`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    xlabel : str
        What the values are, with their unit, e.g. ``"firing rate (Hz)"``.
    ylabel : str, default "neurons"
        Label of the y axis.
    bins : int or sequence of float, default 20
        Number of bins (at least 1), or at least two increasing bin edges in
        the unit of ``values``.
    color : color, default "C0"
        Colour of what is drawn (a Matplotlib colour).
    label : str, optional
        Legend label.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For values that are not numbers, or bins that are neither a whole
        number of at least 1 nor two or more increasing, finite edges.
    """
    values = check_number_array("values", values, finite=False).ravel()
    bins = _check_bins(bins)
    finite = values[np.isfinite(values)]
    ax = axes_or_new(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if finite.size == 0:
        note = (
            EMPTY_DATA_NOTE
            if values.size == 0
            else "no values to count\n(too few spikes, or a virtual SpiNNaker board)"
        )
        return mark_empty(ax, note)
    ax.hist(finite, bins=bins, color=color, label=label, edgecolor="white", linewidth=0.5)
    if not np.any(finite):
        mark_empty(ax, NO_ACTIVITY_NOTE)
    return ax


def _check_bins(bins):
    """``bins`` as a number of bins (at least 1) or an array of increasing, finite edges."""
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        return check_positive_integer("bins", bins)
    edges = vector("bins", bins, "")
    if edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(
            f"bins must be a whole number of bins (at least 1) or two or more increasing "
            f"bin edges, got {bins!r}"
        )
    return edges
