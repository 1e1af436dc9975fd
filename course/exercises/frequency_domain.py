"""Rhythms in recorded activity: band-pass, Hilbert envelope and phase, phase locking.

The notes' open exercise "compute statistics, data analysis, frequency
domain (FFT, HHT)". The power spectrum is :func:`course.analysis.power_spectrum`
(Welch's method, Elephant). This module adds the time-resolved view: a
signal filtered to one band, its Hilbert transform (Elephant's
``signal_processing.hilbert``) giving the instantaneous amplitude (envelope)
and phase, and how strongly spikes lock to that phase.

The Hilbert-Huang transform (HHT) the notes mention is out of reach here: it
needs an empirical mode decomposition, which neither Elephant nor SciPy
provides (the PyPI packages ``EMD-signal`` and ``emd`` do, but they are not
course dependencies). A band-pass filter followed by the Hilbert transform is
the standard, simpler route to the same instantaneous amplitude and phase
when the band is known.
"""

from __future__ import annotations

import numpy as np

from course._checks import check_finite_array, check_positive_number
from course.spike_data import spike_trains

__all__ = ["band_envelope_phase", "spike_phases", "vector_strength"]


def band_envelope_phase(signal, sampling_period: float, low: float, high: float):
    """Band-pass a signal, then take the amplitude and phase of its Hilbert transform.

    Parameters
    ----------
    signal : array_like, shape (n_samples,)
        Evenly sampled signal, e.g. a population rate (Hz) or a mean membrane
        potential (mV).
    sampling_period : float
        Time between samples (ms).
    low, high : float
        Pass band (Hz), ``0 < low < high`` < half the sampling rate.

    Returns
    -------
    filtered : numpy.ndarray
        The band-passed signal (same unit as ``signal``, mean removed).
    envelope : numpy.ndarray
        Its instantaneous amplitude (same unit).
    phase : numpy.ndarray
        Its instantaneous phase (radians, -pi to pi; 0 at a peak).
        All three are empty for an empty signal (a virtual board).
    """
    import neo
    import quantities as pq
    from elephant.signal_processing import butter, hilbert

    sampling_period = check_positive_number("sampling_period", sampling_period)
    low = check_positive_number("low", low)
    high = check_positive_number("high", high)
    nyquist = 500.0 / sampling_period
    if not low < high < nyquist:
        raise ValueError(
            f"the band must satisfy 0 < low < high < {nyquist:g} Hz (half the sampling rate), "
            f"got low={low:g} Hz and high={high:g} Hz"
        )
    values = check_finite_array("signal", signal)
    if values.size == 0:
        return np.empty(0), np.empty(0), np.empty(0)
    analog = neo.AnalogSignal(
        (values - values.mean())[:, np.newaxis] * pq.dimensionless,
        sampling_period=sampling_period * pq.ms,
    )
    filtered = butter(analog, highpass_frequency=low * pq.Hz, lowpass_frequency=high * pq.Hz)
    analytic = np.asarray(hilbert(filtered).magnitude).ravel()[: values.size]
    return np.asarray(filtered.magnitude).ravel(), np.abs(analytic), np.angle(analytic)


def spike_phases(spike_times, times, phase) -> np.ndarray:
    """The phase of a rhythm at each spike.

    Parameters
    ----------
    spike_times : Recording, neo.Block, neo.Segment or sequence of array_like
        Spike times (ms) of each neuron, in any form
        :func:`course.spike_data.spike_trains` accepts.
    times : array_like
        Sample times (ms) of ``phase``.
    phase : array_like
        Instantaneous phase (radians), e.g. from :func:`band_envelope_phase`.

    Returns
    -------
    numpy.ndarray
        Phase (radians) of every spike inside the sampled range, all neurons
        pooled; empty when there is none.
    """
    times = check_finite_array("times", times, unit="ms")
    phase = check_finite_array("phase", phase, unit="radians")
    if times.shape != phase.shape:
        raise ValueError(
            f"times has {times.size} samples but phase has {phase.size}; they must match"
        )
    trains = spike_trains(spike_times, name="spike_times")
    spikes = np.concatenate(trains) if trains else np.empty(0)
    if times.size == 0 or spikes.size == 0:
        return np.empty(0)
    inside = spikes[(spikes >= times[0]) & (spikes <= times[-1])]
    index = np.clip(np.searchsorted(times, inside), 0, times.size - 1)
    return phase[index]


def vector_strength(phases) -> float:
    """How strongly events lock to a phase: 1 all at one phase, near 0 spread evenly.

    Parameters
    ----------
    phases : array_like
        Phases (radians).

    Returns
    -------
    float
        Length of the mean unit vector ``|mean(exp(i phase))|``; ``nan`` for
        no phases.
    """
    phases = check_finite_array("phases", phases, unit="radians")
    if phases.size == 0:
        return float("nan")
    return float(np.abs(np.mean(np.exp(1j * phases))))
