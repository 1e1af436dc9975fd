"""Spike statistics with Elephant, on plain spike-time arrays in ms.

Every function takes spike times in any form :func:`course.spike_data.spike_trains`
reads (one array per neuron in ms, as :meth:`course.Recording.spike_times`
returns them, or a neo Block or Segment) plus the analysis window, converts
them to :class:`neo.SpikeTrain` objects and lets Elephant compute. Empty input
(a silent network, or a virtual SpiNNaker board) gives zeros or ``nan``, never
an exception.
"""

from __future__ import annotations

import math

import neo
import numpy as np
import quantities as pq

from course._checks import (
    check_finite_array,
    check_integer,
    check_non_negative_number,
    check_positive_number,
)
from course._elephant import quiet_elephant
from course.spectra import peak_frequency, power_spectrum
from course.spike_data import spike_trains

__all__ = [
    "to_spiketrains",
    "firing_rates",
    "isi_cv",
    "fano_factor",
    "population_rate",
    # Re-exported from course.spectra, so that a lesson finds every statistic here.
    "power_spectrum",
    "peak_frequency",
    "summary",
    "SUMMARY_COLUMNS",
    "summary_table",
    "synchrony",
    "poisson_cv",
]


def _window(t_start, t_stop) -> tuple[float, float]:
    t_start = check_non_negative_number("t_start", t_start)
    t_stop = check_positive_number("t_stop", t_stop)
    if t_stop <= t_start:
        raise ValueError(f"t_stop={t_stop} ms must be later than t_start={t_start} ms")
    return t_start, t_stop


def _in_window(spike_times, t_start: float, t_stop: float) -> list[np.ndarray]:
    """Each neuron's spike times (ms) within [t_start, t_stop], as plain arrays.

    Plain arrays let Elephant skip unit handling, which costs far more than
    the statistics themselves for a hundred neurons.
    """
    return [
        times[(times >= t_start) & (times <= t_stop)]
        for times in spike_trains(spike_times, name="spike_times")
    ]


def _mean_or_nan(values) -> float:
    """Mean of the finite values, ``nan`` when there are none (without a warning)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else float("nan")


def to_spiketrains(spike_times, t_start: float, t_stop: float) -> list[neo.SpikeTrain]:
    """Turn spike-time arrays (ms) into neo spike trains cut to a window.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Analysis window (ms); spikes outside it are dropped, spikes on
        either edge are kept.

    Returns
    -------
    list of neo.SpikeTrain
        One train per neuron, in ms, from ``t_start`` to ``t_stop``.

    Raises
    ------
    TypeError
        If ``spike_times`` is a flat list of numbers instead of one array per
        neuron.
    ValueError
        For a time that is not finite or a window that ends before it starts.
    """
    t_start, t_stop = _window(t_start, t_stop)
    trains = []
    for times in spike_trains(spike_times, name="spike_times"):
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

    t_start, t_stop = _window(t_start, t_stop)
    rates = []
    for times in _in_window(spike_times, t_start, t_stop):
        # Elephant refuses an empty train; a silent neuron's rate is 0.
        per_ms = mean_firing_rate(times, t_start=t_start, t_stop=t_stop) if times.size else 0.0
        rates.append(1000.0 * float(per_ms))
    return np.array(rates, dtype=float)


def isi_cv(spike_times, min_spikes: int = 3) -> np.ndarray:
    """Coefficient of variation of the inter-spike intervals of each neuron.

    ``CV = std(ISI) / mean(ISI)``, with the intervals ``ISI_k = t_{k+1} - t_k``
    of one neuron (population standard deviation). A regular neuron has CV 0;
    a Poisson process, whose intervals are exponentially distributed, has CV 1.
    The value is Elephant's ``cv(isi(times))``, computed with numpy directly:
    Elephant's goes through ``scipy.stats.variation``, which costs about 1 ms
    per neuron.

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
    min_spikes = check_integer("min_spikes", min_spikes, minimum=3)
    values = []
    for times in spike_trains(spike_times, name="spike_times"):
        intervals = np.diff(np.sort(times))
        if times.size < min_spikes or not intervals.any():
            values.append(np.nan)  # too few spikes, or all at one time: no interval
            continue
        values.append(float(np.std(intervals) / np.mean(intervals)))
    return np.array(values, dtype=float)


def fano_factor(spike_times, t_start: float, t_stop: float) -> float:
    """Fano factor of the spike counts across neurons (variance / mean).

    ``F = Var(N) / E(N)`` over the counts ``N_i`` of the neurons in the
    window (population variance). Equal counts give 0; independent Poisson
    neurons of one rate give 1.

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

    t_start, t_stop = _window(t_start, t_stop)
    counted = _in_window(spike_times, t_start, t_stop)
    if sum(times.size for times in counted) == 0:
        return float("nan")
    return float(fanofactor(counted))


def population_rate(spike_times, t_start: float, t_stop: float, bin_size: float = 1.0):
    """Population firing rate in time bins, averaged over neurons.

    ``r(t) = n(t, t + Δt) / (N Δt)``: the spikes ``n`` of all ``N`` neurons in
    the bin starting at ``t``, per neuron and per second.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    t_start, t_stop : float
        Window (ms).
    bin_size : float, default 1.0
        Bin width (ms). Bins are half open, ``[start, start + bin_size)``; a
        last bin that would stick out of the window is dropped.

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
    end = t_start + n_bins * bin_size
    # Bins are half open, [start, start + bin_size): a spike exactly at the end
    # of the last bin belongs to the next one, outside the window.
    inside = [times[times < end] for times in spike_trains(spike_times, name="spike_times")]
    trains = to_spiketrains(inside, t_start, end)
    if not trains:
        return starts, np.zeros(n_bins)
    with quiet_elephant():
        histogram = time_histogram(trains, bin_size=bin_size * pq.ms, output="rate")
    return starts, np.asarray(histogram.rescale("Hz").magnitude, dtype=float).ravel()


def summary(recording, label: str, t_start: float, t_stop: float, min_spikes: int = 3) -> dict:
    """The spike statistics of one population, in one tidy dictionary.

    Parameters
    ----------
    recording : course.Recording
        What :func:`course.collect` or :func:`course.results.load` returned.
    label : str
        Population label.
    t_start, t_stop : float
        Analysis window (ms).
    min_spikes : int, default 3
        Fewest spikes a neuron needs for its ISI CV (see :func:`isi_cv`).

    Returns
    -------
    dict
        ``neurons`` (count), ``spikes`` (total in the window),
        ``active_fraction`` (share of neurons with at least one spike),
        ``rate_hz`` and ``rate_sd_hz`` (mean and standard deviation of the
        neurons' rates, Hz), ``cv_isi`` (mean ISI CV over the neurons that have
        one, ``nan`` if none), ``cv_neurons`` (how many have one) and
        ``fano_factor`` (``nan`` if silent). A virtual board's empty recording
        gives zeros and ``nan``.
    """
    if not hasattr(recording, "spike_times"):
        raise TypeError(
            f"recording must be a course.Recording (from course.collect), got "
            f"{type(recording).__name__}"
        )
    t_start, t_stop = _window(t_start, t_stop)
    spike_times = recording.spike_times(label)
    rates = firing_rates(spike_times, t_start, t_stop)
    inside = _in_window(spike_times, t_start, t_stop)
    cvs = isi_cv(inside, min_spikes=min_spikes)
    counts = np.array([times.size for times in inside], dtype=int)
    return {
        "neurons": len(spike_times),
        "spikes": int(counts.sum()),
        "active_fraction": float(np.mean(counts > 0)) if counts.size else 0.0,
        "rate_hz": float(rates.mean()) if rates.size else 0.0,
        "rate_sd_hz": float(rates.std()) if rates.size else 0.0,
        "cv_isi": _mean_or_nan(cvs),
        "cv_neurons": int(np.isfinite(cvs).sum()),
        "fano_factor": fano_factor(spike_times, t_start, t_stop),
    }


#: Column headings of :func:`summary_table`, with units, by :func:`summary` key.
SUMMARY_COLUMNS = {
    "neurons": "neurons",
    "spikes": "spikes",
    "active_fraction": "active",
    "rate_hz": "rate (Hz)",
    "rate_sd_hz": "rate sd (Hz)",
    "cv_isi": "ISI CV",
    "cv_neurons": "CV from",
    "fano_factor": "Fano",
}


def summary_table(summaries: dict) -> str:
    """Format several :func:`summary` results as a small text table.

    Parameters
    ----------
    summaries : dict of str to dict
        One :func:`summary` result per population label.

    Returns
    -------
    str
        One header line and one line per population; ``nan`` shows as "-".
    """
    if not isinstance(summaries, dict):
        raise TypeError(
            f"summaries must be a dict of population label to summary(), got "
            f"{type(summaries).__name__}"
        )
    label_width = max([len("population"), *(len(str(label)) for label in summaries)])
    widths = {key: max(len(title), 6) for key, title in SUMMARY_COLUMNS.items()}
    header = "population".ljust(label_width) + "".join(
        f"  {title:>{widths[key]}}" for key, title in SUMMARY_COLUMNS.items()
    )
    lines = [header]
    for label, stats in summaries.items():
        missing = [key for key in SUMMARY_COLUMNS if key not in stats]
        if missing:
            raise ValueError(f"summaries[{label!r}] lacks {', '.join(missing)}; use summary()")
        cells = []
        for key in SUMMARY_COLUMNS:
            value = stats[key]
            if isinstance(value, (int, np.integer)):
                text = f"{int(value)}"
            elif not np.isfinite(value):
                text = "-"
            elif key == "active_fraction":
                text = f"{value:.0%}"
            else:
                text = f"{value:.2f}"
            cells.append(f"  {text:>{widths[key]}}")
        lines.append(str(label).ljust(label_width) + "".join(cells))
    return "\n".join(lines)


def synchrony(spike_times, t_start: float, t_stop: float, bin_size: float = 1.0) -> float:
    """How much the cells fire together: variance over mean of the population count.

    The spikes of all cells are counted in bins of ``bin_size`` from
    ``t_start`` (a last bin that would stick out of the window is dropped);
    the index is ``Var(n) / E(n)`` of those counts. Independent Poisson cells
    give 1; cells that fire together give more, up to the number of cells
    when all of them always fire in the same bins. Unlike the standard
    deviation of the population rate, it does not change with the number of
    independent cells or their rate.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each cell.
    t_start, t_stop : float
        Window (ms).
    bin_size : float, default 1.0
        Bin width (ms).

    Returns
    -------
    float
        The index (dimensionless); ``nan`` when no cell fired in the window
        (a silent network, or a virtual board's empty recording).
    """
    t_start, t_stop = _window(t_start, t_stop)
    bin_size = check_positive_number("bin_size", bin_size)
    n_bins = int(np.floor((t_stop - t_start) / bin_size + 1e-9))
    if n_bins < 1:
        raise ValueError(
            f"the window {t_start}-{t_stop} ms must hold at least one bin of {bin_size} ms"
        )
    edges = t_start + bin_size * np.arange(n_bins + 1)
    times = spike_trains(spike_times, name="spike_times")
    pooled = np.concatenate(times) if times else np.empty(0)
    # Half-open bins, as in course.analysis.population_rate: a spike at the
    # end of the last bin belongs to the next one, outside the window.
    counts, _ = np.histogram(pooled[pooled < edges[-1]], bins=edges)
    mean = float(counts.mean())
    if mean == 0.0:
        return float("nan")
    return float(counts.var() / mean)


def poisson_cv(
    rates, t_start: float, t_stop: float, *, min_spikes: int = 3, seed: int = 3
) -> float:
    """The mean ISI CV that Poisson cells of the given rates show in a window.

    A Poisson process has CV 1, but the estimate from a few spikes is lower:
    a window cuts off the longest intervals, and the spread of a handful of
    intervals comes out small. This is the value a network of perfectly
    irregular cells with these rates would show, measured the way
    :func:`course.analysis.summary` measures (the mean over cells with at
    least ``min_spikes`` spikes in the window).

    Given ``n`` spikes in the window, a Poisson train's ``n - 1`` intervals
    are, up to one common factor, ``n - 1`` independent exponential
    intervals, so its CV depends on ``n`` alone, not on the rate or the
    window. The mean CV for each ``n`` is estimated from random draws of
    exponential intervals (precise to about 0.005); each cell weighs them
    with its Poisson probability of ``n`` spikes.

    Parameters
    ----------
    rates : array_like
        One rate (Hz) per cell, e.g. from :func:`course.analysis.firing_rates`.
    t_start, t_stop : float
        Window (ms).
    min_spikes : int, default 3
        Fewest spikes a cell needs for a CV, as in :func:`course.analysis.isi_cv`.
    seed : int, default 3
        Seed of the numpy generator that draws the exponential intervals.

    Returns
    -------
    float
        The expected mean CV (dimensionless); ``nan`` when no cell is likely
        to have ``min_spikes`` spikes (silent cells, or a virtual board's
        empty recording).
    """
    rates = check_finite_array("rates", rates, unit="Hz")
    if np.any(rates < 0):
        raise ValueError(f"rates must be finite and 0 Hz or more, got {rates!r}")
    t_start, t_stop = _window(t_start, t_stop)
    min_spikes = check_integer("min_spikes", min_spikes, minimum=3)
    rng = np.random.default_rng(check_integer("seed", seed))
    expected = rates * (t_stop - t_start) / 1000.0
    if expected.size == 0 or expected.max() == 0.0:
        return float("nan")
    # Counts beyond the largest mean + 8 sd (+ 8) have negligible probability.
    largest = int(expected.max() + 8.0 * math.sqrt(expected.max()) + 8.0)
    counts = np.arange(min_spikes, largest + 1)
    # The mean CV changes smoothly with n: estimate it at up to 48 counts,
    # closer together where it changes fast (few spikes), and interpolate.
    sampled = np.unique(np.geomspace(min_spikes, largest, 48).round().astype(int))
    sampled_cv = np.empty(sampled.size)
    for index, n in enumerate(sampled):
        # About 40 000 intervals per count: the CV of many intervals scatters
        # less, so fewer draws give the same precision (about 0.005).
        draws = max(100, 40_000 // (n - 1))
        intervals = rng.exponential(size=(draws, n - 1))
        sampled_cv[index] = np.mean(intervals.std(axis=1) / intervals.mean(axis=1))
    mean_cv = np.interp(counts, sampled, sampled_cv)
    # Poisson probabilities P(n) for each cell (rows) and each count (columns).
    log_factorial = np.array([math.lgamma(n + 1.0) for n in counts])
    with np.errstate(divide="ignore"):
        log_expected = np.log(expected)[:, None]
    probability = np.exp(counts * log_expected - expected[:, None] - log_factorial)
    weight = probability.sum(axis=1)
    if weight.sum() < 1e-9:
        return float("nan")
    return float((probability @ mean_cv).sum() / weight.sum())
