"""Firing statistics of a microcircuit run: rate, ISI CV and CV2 per population."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from course._checks import check_integer, check_number_array
from course.analysis import summary
from course.models.microcircuit.parameters import POPULATIONS, TRANSIENT
from course.results import Recording


def local_variation(spike_times, min_spikes: int = 3) -> np.ndarray:
    """CV2 of each neuron: the ISI variability measured between neighbouring intervals.

    ``CV2 = mean(2 |I[k+1] - I[k]| / (I[k+1] + I[k]))`` over consecutive
    inter-spike intervals ``I`` (Holt et al. 1996). Like the CV it is 0 for a
    clock and 1 for a Poisson process, but each term compares two
    neighbouring intervals only, so it is not biased low by short recordings
    or slow rate changes, as the CV is.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    min_spikes : int, default 3
        Neurons with fewer spikes get ``nan``.

    Returns
    -------
    numpy.ndarray
        One value per neuron (dimensionless), ``nan`` where undefined.

    Raises
    ------
    TypeError
        If ``spike_times`` is not a sequence of trains of numbers, or
        ``min_spikes`` is not a whole number.
    ValueError
        If a spike time is not finite, or ``min_spikes`` is below 3.
    """
    min_spikes = check_integer("min_spikes", min_spikes, minimum=3)
    if isinstance(spike_times, (str, bytes, dict)) or not isinstance(spike_times, Iterable):
        raise TypeError(
            f"spike_times must be a sequence of spike trains (ms), one per neuron, "
            f"got {spike_times!r}"
        )
    values = []
    for index, times in enumerate(spike_times):
        train = check_number_array(f"spike_times[{index}]", times, unit="ms")
        intervals = np.diff(np.sort(train.ravel()))
        if intervals.size < min_spikes - 1:
            values.append(np.nan)
            continue
        pairs = intervals[1:] + intervals[:-1]
        values.append(float(np.mean(2.0 * np.abs(np.diff(intervals)) / pairs)))
    return np.array(values, dtype=float)


def population_statistics(recording: Recording, t_start: float = TRANSIENT, t_stop=None):
    """Mean rate, ISI CV and CV2 of each population in a window.

    Parameters
    ----------
    recording : Recording
        From :func:`~.network.run_microcircuit`.
    t_start : float, default 100.0
        Start of the window (ms); leaves out the start-up transient.
    t_stop : float, optional
        End of the window (ms); the run's end by default.

    Returns
    -------
    dict of str to dict
        For each population label, :func:`course.analysis.summary` of its
        spikes in the window (``rate_hz``: mean over all its neurons;
        ``cv_isi``: mean ISI CV over the neurons with at least 3 spikes,
        ``nan`` if none; ``cv_neurons``: how many that is; and more), plus
        ``cv2``, the mean :func:`local_variation` over the same neurons.
    """
    if t_stop is None:
        t_stop = recording.parameters.get("run_time")
        if t_stop is None:
            raise ValueError("t_stop is needed: the recording does not say how long it ran")
    statistics = {}
    for label in POPULATIONS:
        stats = summary(recording, label, t_start, t_stop)
        inside = [
            times[(times >= t_start) & (times <= t_stop)] for times in recording.spike_times(label)
        ]
        cv2 = local_variation(inside)
        stats["cv2"] = float(np.nanmean(cv2)) if np.isfinite(cv2).any() else float("nan")
        statistics[label] = stats
    return statistics
