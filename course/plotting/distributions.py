"""How one number per neuron (a firing rate, a CV) is spread over the neurons."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from course.plotting._inputs import axes_or_new
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
        Number of bins or bin edges, as for :meth:`matplotlib.axes.Axes.hist`.
    color : color, default "C0"
        Colour of what is drawn (a Matplotlib colour).
    label : str, optional
        Legend label.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    values = np.asarray(values, dtype=float).ravel()
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
