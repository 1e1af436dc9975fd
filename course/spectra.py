"""Frequency content of a signal: Welch's power spectrum and its peak.

A population rate (Hz) or a mean membrane potential (mV), sampled evenly,
turned into a power spectral density with Elephant, and the frequency where
the power is largest. :mod:`course.analysis` offers both beside the spike
statistics.
"""

from __future__ import annotations

import numpy as np

from course._checks import check_finite_array, check_positive_number
from course._elephant import quiet_elephant

__all__ = ["power_spectrum", "peak_frequency"]


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
    values = check_finite_array("signal", signal)
    if values.size == 0:
        return np.empty(0), np.empty(0)
    duration_s = values.size * sampling_period / 1000.0
    if frequency_resolution * duration_s < 1.0:
        raise ValueError(
            f"frequency_resolution={frequency_resolution} Hz needs at least "
            f"{1000.0 / frequency_resolution:g} ms of signal, got {duration_s * 1000.0:g} ms"
        )
    fs = 1000.0 / sampling_period
    with quiet_elephant():
        frequencies, power = welch_psd(
            values - values.mean(), fs=fs, frequency_resolution=frequency_resolution
        )
    return np.asarray(frequencies, dtype=float), np.asarray(power, dtype=float)


def peak_frequency(frequencies, power) -> float:
    """The frequency (Hz) with the most power, leaving out 0 Hz.

    Parameters
    ----------
    frequencies, power : array_like
        A spectrum, as :func:`power_spectrum` returns it.

    Returns
    -------
    float
        The peak frequency (Hz); ``nan`` when there is no power above 0 Hz
        (an empty or constant signal, e.g. from a virtual board).
    """
    frequencies = check_finite_array("frequencies", frequencies, unit="Hz")
    power = check_finite_array("power", power)
    if frequencies.shape != power.shape:
        raise ValueError(
            f"frequencies has {frequencies.size} values but power has {power.size}; they must match"
        )
    above_zero = frequencies > 0
    if not np.any(power[above_zero] > 0):
        return float("nan")
    return float(frequencies[above_zero][np.argmax(power[above_zero])])
