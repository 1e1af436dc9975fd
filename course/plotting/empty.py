"""What a figure shows where there is nothing to draw.

A virtual SpiNNaker board records nothing, and a silent network records only
zeros; every figure of :mod:`course.plotting` then writes one of these notes
on its axes instead of failing or leaving them blank.
"""

from __future__ import annotations

__all__ = ["EMPTY_DATA_NOTE", "NO_ACTIVITY_NOTE", "mark_empty"]

#: Text shown on axes that received no data.
EMPTY_DATA_NOTE = "no data recorded\n(a virtual SpiNNaker board records nothing)"

#: Text shown over a rate or spectrum that is zero everywhere.
NO_ACTIVITY_NOTE = "no activity\n(a silent network, or a virtual SpiNNaker board)"


def mark_empty(ax, note: str = EMPTY_DATA_NOTE):
    """Write ``note`` in the middle of ``ax`` to say that there is nothing to plot.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to write on.
    note : str, optional
        Text to show; ``EMPTY_DATA_NOTE`` (no data recorded) by default.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes, with the note added.
    """
    ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center", color="0.4")
    return ax
