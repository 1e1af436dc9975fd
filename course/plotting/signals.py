"""Recorded signals (membrane potential, conductances) against time.

:func:`traces` draws chosen neurons as lines; :func:`heatmap` draws a whole
population as an image, neurons up and time across.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from course._checks import check_flag, check_number
from course.plotting._inputs import as_columns, axes_or_new, check_cmap, check_same_length, vector
from course.plotting.empty import mark_empty

__all__ = ["traces", "heatmap"]


def traces(
    times, values, ax=None, *, neurons=None, ylabel: str = "membrane potential (mV)", labels=None
):
    """Plot recorded signals against time, one line per neuron.

    Parameters
    ----------
    times : array_like, shape (n_samples,)
        Sample times (ms).
    values : array_like, shape (n_samples, n_neurons)
        Signal values, e.g. from ``recording.signal("cells", "v")``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    neurons : sequence of int, optional
        Which columns to draw; all by default.
    ylabel : str, default "membrane potential (mV)"
        Label of the y axis, with its unit.
    labels : sequence of str, optional
        Legend entry per drawn neuron; ``"neuron i"`` by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For times or values that are not finite numbers, a different number
        of times and samples, or a neuron index out of range.
    """
    times = vector("times", times, "ms")
    values = as_columns("values", values, "")
    check_same_length("times", times, "values", values, "samples")
    ax = axes_or_new(ax)
    columns = range(values.shape[1]) if neurons is None else list(neurons)
    for position, column in enumerate(columns):
        if not 0 <= column < values.shape[1]:
            raise ValueError(
                f"neurons[{position}]={column} is out of range; values has "
                f"{values.shape[1]} neurons"
            )
        name = labels[position] if labels is not None else f"neuron {column}"
        ax.plot(times, values[:, column], label=name)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(ylabel)
    if times.size == 0:
        mark_empty(ax)
    elif len(columns) > 1 and len(columns) <= 10:
        ax.legend(loc="best", fontsize="small")
    return ax


def heatmap(
    times,
    values,
    ax=None,
    *,
    label: str = "membrane potential (mV)",
    cmap: str = "viridis",
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar: bool = True,
):
    """A signal of many neurons as an image: neurons up, time across, value as colour.

    Parameters
    ----------
    times : array_like, shape (n_samples,)
        Sample times (ms), evenly spaced.
    values : array_like, shape (n_samples, n_neurons)
        The signal, e.g. from ``recording.signal("Exc", "v")``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    label : str, default "membrane potential (mV)"
        Colour-bar label, with its unit (conductances: ``"... (µS)"``).
    cmap : str, default "viridis"
        A perceptually uniform colour map (viridis, cividis, magma, ...).
    vmin, vmax : float, optional
        Colour range; the data's range by default. Give the same range to
        panels that should be compared.
    colorbar : bool, default True
        Add a labelled colour bar.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For times or values that are not finite numbers, values without one
        row per time, an unknown colour map or a colour bar that is not
        True or False.
    """
    times = vector("times", times, "ms")
    values = as_columns("values", values, "")
    cmap = check_cmap("cmap", cmap)
    colorbar = check_flag("colorbar", colorbar)
    vmin = None if vmin is None else check_number("vmin", vmin)
    vmax = None if vmax is None else check_number("vmax", vmax)
    if values.ndim != 2 or times.shape[0] != values.shape[0]:
        raise ValueError(
            f"values must have one row per sample time: times has {times.shape[0]} samples "
            f"but values has shape {values.shape}"
        )
    ax = axes_or_new(ax)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron index")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if values.shape[1]:
        ax.set_ylim(-0.5, values.shape[1] - 0.5)
    if values.size == 0:
        return mark_empty(ax)
    step = float(np.median(np.diff(times))) if times.size > 1 else 1.0
    image = ax.imshow(
        values.T,
        origin="lower",
        aspect="auto",
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        interpolation="nearest",
        extent=(times[0] - step / 2, times[-1] + step / 2, -0.5, values.shape[1] - 0.5),
    )
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=label)
    return ax
