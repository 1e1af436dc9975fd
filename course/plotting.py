"""Figures for recorded activity, with units on every axis.

Every function draws on a Matplotlib ``Axes`` it is given (or a new one) and
returns it, and every function accepts empty data, as a virtual SpiNNaker
board returns, by saying so on the axes instead of failing.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = [
    "EMPTY_DATA_NOTE",
    "NO_ACTIVITY_NOTE",
    "POPULATION_COLORS",
    "mark_empty",
    "raster",
    "population_rasters",
    "traces",
    "heatmap",
    "histogram",
    "rate_plot",
    "spectrum_plot",
    "connection_matrix",
]

#: Text shown on axes that received no data.
EMPTY_DATA_NOTE = "no data recorded\n(a virtual SpiNNaker board records nothing)"

#: Text shown over a rate or spectrum that is zero everywhere.
NO_ACTIVITY_NOTE = "no activity\n(a silent network, or a virtual SpiNNaker board)"

#: Colours of stacked populations, in order: blue, red, green, ... (Matplotlib's
#: default cycle, which stays distinguishable for colour-blind readers in pairs).
POPULATION_COLORS = ("C0", "C3", "C2", "C1", "C4", "C5")


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
        Tick height (points); by default most of a row's height.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    spike_times = list(spike_times)
    n_spikes = _draw_spikes(ax, spike_times, first_index, color, label, marker_size)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron index")
    n_rows = len(spike_times)
    if n_rows:
        ax.set_ylim(first_index - 0.5, first_index + n_rows - 0.5)
    if run_time is not None:
        ax.set_xlim(0.0, run_time)
    if n_spikes == 0:
        mark_empty(ax)
    return ax


def _row_height(ax, n_rows: int) -> float:
    """Tick height (points) that fills most of one raster row of ``ax``, within 2-20 points."""
    axes_height_points = ax.get_position().height * ax.figure.get_figheight() * 72.0
    return float(np.clip(0.8 * axes_height_points / max(n_rows, 1), 2.0, 20.0))


def _draw_spikes(ax, spike_times, first_index, color, label, marker_size) -> int:
    """Draw one row of ticks per neuron from row ``first_index``; return the spike count."""
    trains = [np.asarray(times, dtype=float).ravel() for times in spike_times]
    xs = np.concatenate(trains) if trains else np.empty(0)
    ys = (
        np.concatenate([np.full(len(times), first_index + row) for row, times in enumerate(trains)])
        if trains
        else np.empty(0)
    )
    if marker_size is None:
        marker_size = _row_height(ax, len(trains))
    ax.plot(xs, ys, "|", color=color, markersize=marker_size, markeredgewidth=1.5, label=label)
    return int(xs.size)


def population_rasters(
    recording, labels=None, ax=None, *, neurons=None, run_time=None, colors=None
):
    """Rasters of several populations stacked on one axes, one colour each.

    The first population takes the top rows; a thin line separates the
    populations, and the y axis names each one with the neuron indices shown.

    Parameters
    ----------
    recording : course.Recording
        What :func:`course.collect` returned.
    labels : sequence of str, optional
        Populations to show, top to bottom; all recorded ones by default.
    ax : matplotlib.axes.Axes, optional
    neurons : range, optional
        The same neuron indices of every population, e.g. ``range(30, 70)`` to
        zoom in on the middle of a layer; all neurons by default.
    run_time : float, optional
        Simulated time (ms); sets the x range so that silence is visible.
    colors : sequence of colors, optional
        One per population; :data:`POPULATION_COLORS` by default.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not hasattr(recording, "spike_times"):
        raise TypeError(
            f"recording must be a course.Recording (from course.collect), got "
            f"{type(recording).__name__}"
        )
    labels = list(recording.labels if labels is None else labels)
    if not labels:
        raise ValueError("labels is empty; name at least one population to draw")
    colors = list(POPULATION_COLORS if colors is None else colors)
    if len(colors) < len(labels):
        raise ValueError(f"{len(labels)} populations need {len(labels)} colors, got {len(colors)}")
    sizes = [recording.size(label) for label in labels]
    if neurons is not None:
        if not isinstance(neurons, range) or len(neurons) == 0 or neurons.step < 1:
            raise ValueError(f"neurons must be a non-empty, increasing range, got {neurons!r}")
        if neurons.start < 0 or neurons[-1] >= min(sizes):
            raise ValueError(
                f"neurons={neurons!r} reaches beyond the smallest population shown "
                f"({min(sizes)} neurons)"
            )
    ax = _axes(ax)
    shown = [range(size) if neurons is None else neurons for size in sizes]
    total = sum(len(rows) for rows in shown)
    marker_size = _row_height(ax, total)
    n_spikes = 0
    ticks, tick_labels, first_row = [], [], total
    for label, rows, color in zip(labels, shown, colors[: len(labels)], strict=True):
        first_row -= len(rows)
        spike_times = recording.spike_times(label)
        selected = [spike_times[index] for index in rows]
        n_spikes += _draw_spikes(ax, selected, first_row, color, label, marker_size)
        ticks.append(first_row + (len(rows) - 1) / 2)
        tick_labels.append(f"{label}\n{rows[0]}–{rows[-1]}" if len(rows) else label)
        if first_row > 0:
            ax.axhline(first_row - 0.5, color="0.6", linewidth=0.8)
    ax.set_yticks(ticks, tick_labels)
    ax.set_ylim(-0.5, total - 0.5)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("population and neuron indices")
    if run_time is not None:
        ax.set_xlim(0.0, run_time)
    if n_spikes == 0:
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
    """
    times = np.asarray(times, dtype=float).ravel()
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, np.newaxis]
    if values.ndim != 2 or times.shape[0] != values.shape[0]:
        raise ValueError(
            f"values must have one row per sample time: times has {times.shape[0]} samples "
            f"but values has shape {values.shape}"
        )
    ax = _axes(ax)
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
    xlabel : str
        What the values are, with their unit, e.g. ``"firing rate (Hz)"``.
    ylabel : str, default "neurons"
    bins : int or sequence of float, default 20
        Number of bins or bin edges, as for :meth:`matplotlib.axes.Axes.hist`.
    color : color, default "C0"
    label : str, optional
        Legend label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.asarray(values, dtype=float).ravel()
    finite = values[np.isfinite(values)]
    ax = _axes(ax)
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
    bin_size : float, optional
        Bin width (ms); taken from ``bin_starts`` by default (1 ms for one bin).
    color : color, default "C0"
    label : str, optional
        Legend label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    starts = np.asarray(bin_starts, dtype=float).ravel()
    rate = np.asarray(rate, dtype=float).ravel()
    if starts.shape != rate.shape:
        raise ValueError(
            f"bin_starts has {starts.size} bins but rate has {rate.size}; they must match"
        )
    if bin_size is None:
        bin_size = float(starts[1] - starts[0]) if starts.size > 1 else 1.0
    ax = _axes(ax)
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
    signal_unit : str, default "Hz"
        Unit of the analysed signal: "Hz" for a population rate, "mV" for a
        membrane potential.
    color : color, default "C0"
    label : str, optional
        Legend label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frequencies = np.asarray(frequencies, dtype=float).ravel()
    power = np.asarray(power, dtype=float).ravel()
    if frequencies.shape != power.shape:
        raise ValueError(
            f"frequencies has {frequencies.size} values but power has {power.size}; they must match"
        )
    ax = _axes(ax)
    shown = (frequencies > 0) & (power > 0)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel(f"power spectral density ({signal_unit}²/Hz)")
    if not shown.any():
        return mark_empty(ax, EMPTY_DATA_NOTE if frequencies.size == 0 else NO_ACTIVITY_NOTE)
    ax.loglog(frequencies[shown], power[shown], color=color, label=label)
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
