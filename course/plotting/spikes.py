"""Spike trains as rasters: one row per neuron, one tick per spike.

:func:`raster` draws the trains of one population; :func:`population_rasters`
stacks several populations of a :class:`course.Recording` on one axes, one
colour each.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from course._checks import check_integer
from course.plotting._inputs import axes_or_new, optional_positive
from course.plotting.empty import mark_empty
from course.plotting.style import EXCITATORY_COLOR, INHIBITORY_COLOR
from course.spike_data import spike_trains

__all__ = ["POPULATION_COLORS", "raster", "population_rasters"]

#: Colours of stacked populations, in order: the excitatory blue, the inhibitory
#: vermilion, then green, orange, purple and sky blue (the course's colour-blind-safe
#: palette, :mod:`course.plotting.style`).
POPULATION_COLORS = (EXCITATORY_COLOR, INHIBITORY_COLOR, "C2", "C1", "C4", "C5")


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
        Spike times (ms) of each neuron, e.g. ``recording.spike_times("exc")``;
        any form :func:`course.spike_data.spike_trains` reads (a one-population
        :class:`course.Recording`, a neo Block or Segment) works too.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    run_time : float, optional
        Simulated time (ms), > 0; sets the x range so that silence is visible.
    first_index : int, default 0
        Index of the first neuron, 0 or more, for stacking populations.
    color : color, default "C0"
        Colour of what is drawn (a Matplotlib colour).
    label : str, optional
        Legend label.
    marker_size : float, optional
        Tick height (points), > 0; by default most of a row's height.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For spike times that are not one array of finite times per neuron,
        or a run time, first index or marker size out of range.
    """
    spike_times = spike_trains(spike_times, name="spike_times")
    run_time = optional_positive("run_time", run_time)
    first_index = check_integer("first_index", first_index)
    marker_size = optional_positive("marker_size", marker_size)
    ax = axes_or_new(ax)
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


def _draw_spikes(ax, trains, first_index, color, label, marker_size) -> int:
    """Draw one row of ticks per float array of ``trains`` from row ``first_index``.

    Returns the number of spikes drawn.
    """
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
        Axes to draw on; a new figure is made when omitted.
    neurons : range, optional
        The same neuron indices of every population, e.g. ``range(30, 70)`` to
        zoom in on the middle of a layer; all neurons by default.
    run_time : float, optional
        Simulated time (ms), > 0; sets the x range so that silence is visible.
    colors : sequence of colors, optional
        One per population; ``POPULATION_COLORS`` (blue, vermilion, green, orange,
        purple, sky blue) by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For a recording that is not a :class:`course.Recording`, no labels,
        too few colours, neurons that are not an increasing range inside
        every population shown, or a run time that is not a positive number.
    KeyError
        If a label names no population of the recording.
    """
    if not hasattr(recording, "spike_times"):
        raise TypeError(
            f"recording must be a course.Recording (from course.collect), got "
            f"{type(recording).__name__}"
        )
    run_time = optional_positive("run_time", run_time)
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
    ax = axes_or_new(ax)
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
