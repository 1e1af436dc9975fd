"""Figures for recorded activity, with units on every axis.

Every function draws on a Matplotlib ``Axes`` it is given (or a new one) and
returns it, and every function accepts empty data, as a virtual SpiNNaker
board returns, by saying so on the axes instead of failing.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["EMPTY_DATA_NOTE", "mark_empty", "raster", "traces"]

#: Text shown on axes that received no data.
EMPTY_DATA_NOTE = "no data recorded\n(a virtual SpiNNaker board records nothing)"


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


def mark_empty(ax, note: str = EMPTY_DATA_NOTE):
    """Write ``note`` in the middle of ``ax`` to say that there is nothing to plot.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    note : str, optional
        Text to show.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center", color="0.4")
    return ax


def raster(
    spike_times,
    ax=None,
    *,
    run_time: float | None = None,
    first_index: int = 0,
    color="C0",
    label: str | None = None,
    marker_size: float | None = None,
):
    """Raster plot: one row per neuron, one dot per spike.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron, e.g. ``recording.spike_times("exc")``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    run_time : float, optional
        Simulated time (ms); sets the x range so that silence is visible.
    first_index : int, default 0
        Index of the first neuron, for stacking populations.
    color : color, default "C0"
    label : str, optional
        Legend label.
    marker_size : float, optional
        Tick height (points); by default larger for fewer neurons.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    trains = [np.asarray(times, dtype=float).ravel() for times in spike_times]
    xs = np.concatenate(trains) if trains else np.empty(0)
    ys = (
        np.concatenate([np.full(len(times), first_index + row) for row, times in enumerate(trains)])
        if trains
        else np.empty(0)
    )
    if marker_size is None:
        marker_size = float(np.clip(200.0 / max(len(trains), 1), 2.0, 20.0))
    ax.plot(xs, ys, "|", color=color, markersize=marker_size, markeredgewidth=1.5, label=label)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron index")
    if trains:
        ax.set_ylim(first_index - 0.5, first_index + len(trains) - 0.5)
    if run_time is not None:
        ax.set_xlim(0.0, run_time)
    if xs.size == 0:
        mark_empty(ax)
    return ax


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
    neurons : sequence of int, optional
        Which columns to draw; all by default.
    ylabel : str, default "membrane potential (mV)"
        Label of the y axis, with its unit.
    labels : sequence of str, optional
        Legend entry per drawn neuron; ``"neuron i"`` by default.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    times = np.asarray(times, dtype=float)
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, np.newaxis]
    if times.shape[0] != values.shape[0]:
        raise ValueError(
            f"times has {times.shape[0]} samples but values has {values.shape[0]}; they must match"
        )
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


def connection_matrix(
    connections,
    n_pre: int,
    n_post: int,
    ax=None,
    *,
    value: str = "count",
    cmap: str = "viridis",
    colorbar: bool = True,
):
    """Picture of who connects to whom: presynaptic rows, postsynaptic columns.

    Parameters
    ----------
    connections : array_like, shape (n_connections, 2 or more)
        Rows of (source index, target index[, weight[, delay]]), as
        :func:`course.connections` returns them.
    n_pre, n_post : int
        Sizes of the presynaptic and postsynaptic populations.
    ax : matplotlib.axes.Axes, optional
    value : {"count", "weight", "delay"}, default "count"
        What each cell shows: the number of connections (multapses count
        more than once), the summed weight, or the mean delay (ms).
    cmap : str, default "viridis"
        A perceptually uniform colour map.
    colorbar : bool, default True
        Add a labelled colour bar.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from course._checks import check_choice, check_positive_integer

    n_pre = check_positive_integer("n_pre", n_pre)
    n_post = check_positive_integer("n_post", n_post)
    check_choice("value", value, ("count", "weight", "delay"))
    table = np.asarray(connections, dtype=float)
    if table.size == 0:
        table = np.empty((0, 4))
    if table.ndim != 2 or table.shape[1] < {"count": 2, "weight": 3, "delay": 4}[value]:
        raise ValueError(
            f"connections need rows of (source, target, weight, delay), got shape {table.shape}"
        )
    ax = _axes(ax)
    sources = table[:, 0].astype(int)
    targets = table[:, 1].astype(int)
    if table.shape[0] and (
        sources.max() >= n_pre or targets.max() >= n_post or table[:, :2].min() < 0
    ):
        raise ValueError(
            f"connections hold indices outside the populations ({n_pre} pre, {n_post} post)"
        )
    counts = np.zeros((n_pre, n_post))
    np.add.at(counts, (sources, targets), 1.0)
    if value == "count":
        matrix, label = counts, "connections"
    elif value == "weight":
        matrix = np.zeros((n_pre, n_post))
        np.add.at(matrix, (sources, targets), table[:, 2])
        label = "summed weight (nA or µS)"
    else:
        sums = np.zeros((n_pre, n_post))
        np.add.at(sums, (sources, targets), table[:, 3])
        matrix = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
        label = "mean delay (ms)"
    image = ax.imshow(
        matrix,
        origin="upper",
        aspect="auto",
        cmap=cmap,
        interpolation="nearest",
        extent=(-0.5, n_post - 0.5, n_pre - 0.5, -0.5),
    )
    ax.set_xlabel("postsynaptic neuron")
    ax.set_ylabel("presynaptic neuron")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=label)
    if table.shape[0] == 0:
        mark_empty(ax, "no connections")
    return ax
