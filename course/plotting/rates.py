"""A population's firing rate over time, and its power spectrum.

Both take what :mod:`course.analysis` computes: :func:`rate_plot` the binned
rate of :func:`course.analysis.population_rate`, :func:`spectrum_plot` the
spectrum of :func:`course.analysis.power_spectrum`.
"""

from __future__ import annotations

import numpy as np

from course.plotting._inputs import axes_or_new, optional_positive, paired_vectors
from course.plotting.empty import EMPTY_DATA_NOTE, NO_ACTIVITY_NOTE, mark_empty

__all__ = ["rate_plot", "spectrum_plot"]


def rate_plot(bin_starts, rate, ax=None, *, bin_size: float | None = None, color="C0", label=None):
    """Population firing rate over time, as steps one bin wide.

    Parameters
    ----------
    bin_starts : array_like
        Left edge of each bin (ms), as :func:`course.analysis.population_rate`
        returns it.
    rate : array_like
        Rate in each bin (Hz).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    bin_size : float, optional
        Bin width (ms), > 0; taken from ``bin_starts`` by default (1 ms for
        one bin).
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
        For bin starts or rates that are not finite numbers, a different
        number of each, or a bin size that is not a positive number.
    """
    starts, rate = paired_vectors(
        "bin_starts", bin_starts, "rate", rate, "bins", units=("ms", "Hz")
    )
    bin_size = optional_positive("bin_size", bin_size)
    if bin_size is None:
        bin_size = float(starts[1] - starts[0]) if starts.size > 1 else 1.0
    ax = axes_or_new(ax)
    if starts.size:
        edges = np.append(starts, starts[-1] + bin_size)
        ax.stairs(rate, edges, color=color, label=label, linewidth=1.2)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("population rate (Hz)")
    if starts.size == 0:
        mark_empty(ax)
    elif not np.any(rate):
        mark_empty(ax, NO_ACTIVITY_NOTE)
    return ax


def spectrum_plot(frequencies, power, ax=None, *, signal_unit: str = "Hz", color="C0", label=None):
    """Power spectral density on log-log axes (the 0 Hz bin is left out).

    Parameters
    ----------
    frequencies : array_like
        Frequencies (Hz), e.g. from :func:`course.analysis.power_spectrum`.
    power : array_like
        Power spectral density (``signal_unit`` squared per Hz).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    signal_unit : str, default "Hz"
        Unit of the analysed signal: "Hz" for a population rate, "mV" for a
        membrane potential.
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
        For frequencies or power that are not finite numbers, or a different
        number of each.
    """
    frequencies, power = paired_vectors(
        "frequencies", frequencies, "power", power, "values", units=("Hz", f"{signal_unit}²/Hz")
    )
    ax = axes_or_new(ax)
    shown = (frequencies > 0) & (power > 0)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel(f"power spectral density ({signal_unit}²/Hz)")
    if not shown.any():
        return mark_empty(ax, EMPTY_DATA_NOTE if frequencies.size == 0 else NO_ACTIVITY_NOTE)
    ax.loglog(frequencies[shown], power[shown], color=color, label=label)
    return ax
