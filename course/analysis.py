"""Spike statistics with Elephant, on plain spike-time arrays in ms.

Every function takes spike times the way :meth:`course.Recording.spike_times`
returns them (one array per neuron, in ms) plus the analysis window, converts
them to :class:`neo.SpikeTrain` objects and lets Elephant compute. Empty input
(a silent network, or a virtual SpiNNaker board) gives zeros or ``nan``, never
an exception.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import neo
import numpy as np
import quantities as pq

from course._checks import check_non_negative_number, check_positive_number

__all__ = [
    "to_spiketrains",
    "firing_rates",
    "isi_cv",
    "fano_factor",
    "population_rate",
    "power_spectrum",
]


@contextmanager
def _quiet_elephant():
    """Mute one deprecation Elephant 1.2 triggers inside quantities 0.16.

    It concerns Elephant's internals (an ignored ``copy`` argument), not the
    analysis; every other warning still surfaces.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The 'copy' argument in Quantity is deprecated")
        yield


def _window(t_start, t_stop) -> tuple[float, float]:
    t_start = check_non_negative_number("t_start", t_start)
    t_stop = check_positive_number("t_stop", t_stop)
    if t_stop <= t_start:
        raise ValueError(f"t_stop={t_stop} ms must be later than t_start={t_start} ms")
    return t_start, t_stop


def to_spiketrains(spike_times, t_start: float, t_stop: float) -> list[neo.SpikeTrain]:
    """Turn spike-time arrays (ms) into neo spike trains cut to a window.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Analysis window (ms); spikes outside it are dropped.

    Returns
    -------
    list of neo.SpikeTrain
    """
    t_start, t_stop = _window(t_start, t_stop)
    trains = []
    for index, times in enumerate(spike_times):
        times = np.asarray(times, dtype=float).ravel()
        if not np.all(np.isfinite(times)):
            raise ValueError(f"spike_times[{index}] holds a time that is not finite")
        inside = np.sort(times[(times >= t_start) & (times <= t_stop)])
        train = neo.SpikeTrain(inside * pq.ms, t_start=t_start * pq.ms, t_stop=t_stop * pq.ms)
        trains.append(train)
    return trains


def firing_rates(spike_times, t_start: float, t_stop: float) -> np.ndarray:
    """Mean firing rate of each neuron in a window.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Window (ms).

    Returns
    -------
    numpy.ndarray
        One rate per neuron (Hz); empty for no neurons.
    """
    from elephant.statistics import mean_firing_rate

    trains = to_spiketrains(spike_times, t_start, t_stop)
    with _quiet_elephant():
        rates = [float(mean_firing_rate(train).rescale("Hz").magnitude) for train in trains]
    return np.array(rates, dtype=float)


def isi_cv(spike_times, min_spikes: int = 3) -> np.ndarray:
    """Coefficient of variation of the inter-spike intervals of each neuron.

    A regular neuron has CV 0; a Poisson process has CV 1.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    min_spikes : int, default 3
        Neurons with fewer spikes (under two intervals) get ``nan``.

    Returns
    -------
    numpy.ndarray
        One CV per neuron (dimensionless), ``nan`` where undefined.
    """
    from elephant.statistics import cv, isi

    if isinstance(min_spikes, bool) or not isinstance(min_spikes, int) or min_spikes < 3:
        raise ValueError(f"min_spikes must be a whole number of at least 3, got {min_spikes!r}")
    values = []
    for times in spike_times:
        times = np.sort(np.asarray(times, dtype=float).ravel())
        if times.size < min_spikes:
            values.append(np.nan)
            continue
        with _quiet_elephant():
            values.append(float(cv(isi(times))))
    return np.array(values, dtype=float)


def fano_factor(spike_times, t_start: float, t_stop: float) -> float:
    """Fano factor of the spike counts across neurons (variance / mean).

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Counting window (ms).

    Returns
    -------
    float
        ``nan`` when no neuron fired.
    """
    from elephant.statistics import fanofactor

    trains = to_spiketrains(spike_times, t_start, t_stop)
    if not trains or sum(len(train) for train in trains) == 0:
        return float("nan")
    with _quiet_elephant():
        return float(fanofactor(trains))


def population_rate(spike_times, t_start: float, t_stop: float, bin_size: float = 1.0):
    """Population firing rate in time bins, averaged over neurons.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Window (ms).
    bin_size : float, default 1.0
        Bin width (ms).

    Returns
    -------
    bin_starts : numpy.ndarray
        Left edge of each bin (ms).
    rate : numpy.ndarray
        Mean rate per neuron in each bin (Hz); zeros for no neurons.
    """
    from elephant.statistics import time_histogram

    t_start, t_stop = _window(t_start, t_stop)
    bin_size = check_positive_number("bin_size", bin_size)
    n_bins = int(np.floor((t_stop - t_start) / bin_size + 1e-9))
    if n_bins < 1:
        raise ValueError(
            f"bin_size={bin_size} ms is longer than the window ({t_stop - t_start} ms)"
        )
    starts = t_start + bin_size * np.arange(n_bins)
    trains = to_spiketrains(spike_times, t_start, t_start + n_bins * bin_size)
    if not trains:
        return starts, np.zeros(n_bins)
    with _quiet_elephant():
        histogram = time_histogram(trains, bin_size=bin_size * pq.ms, output="rate")
    return starts, np.asarray(histogram.rescale("Hz").magnitude, dtype=float).ravel()


def power_spectrum(signal, sampling_period: float, frequency_resolution: float = 2.0):
    """Power spectral density of a signal by Welch's method (Elephant).

    Parameters
    ----------
    signal : array_like, shape (n_samples,)
        A population rate (Hz) or a mean membrane potential (mV), sampled evenly.
    sampling_period : float
        Time between samples (ms).
    frequency_resolution : float, default 2.0
        Width of a frequency bin (Hz); sets Welch's segment length.

    Returns
    -------
    frequencies : numpy.ndarray
        Frequencies (Hz).
    power : numpy.ndarray
        Power spectral density (signal unit squared per Hz); empty for an
        empty signal.
    """
    from elephant.spectral import welch_psd

    sampling_period = check_positive_number("sampling_period", sampling_period)
    frequency_resolution = check_positive_number("frequency_resolution", frequency_resolution)
    values = np.asarray(signal, dtype=float).ravel()
    if values.size == 0:
        return np.empty(0), np.empty(0)
    duration_s = values.size * sampling_period / 1000.0
    if frequency_resolution * duration_s < 1.0:
        raise ValueError(
            f"frequency_resolution={frequency_resolution} Hz needs at least "
            f"{1000.0 / frequency_resolution:g} ms of signal, got {duration_s * 1000.0:g} ms"
        )
    fs = 1000.0 / sampling_period
    with _quiet_elephant():
        frequencies, power = welch_psd(
            values - values.mean(), fs=fs, frequency_resolution=frequency_resolution
        )
    return np.asarray(frequencies, dtype=float), np.asarray(power, dtype=float)
