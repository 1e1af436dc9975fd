"""Spike statistics against answers known on paper, empty data, and bad input."""

from __future__ import annotations

import neo
import numpy as np
import pytest
import quantities as pq

from course import analysis
from course.results import Recording


def _poisson_train(rate_hz, duration_ms, rng):
    """A homogeneous Poisson spike train (ms): exponential intervals of mean 1/rate."""
    n_expected = int(rate_hz * duration_ms / 1000.0)
    intervals = rng.exponential(1000.0 / rate_hz, size=2 * n_expected + 100)
    times = np.cumsum(intervals)
    return times[times < duration_ms]


def _modulated_poisson_trains(n, base_hz, depth, frequency_hz, duration_ms, rng):
    """Poisson trains with rate base * (1 + depth * sin(2 pi f t)), by thinning."""
    peak = base_hz * (1.0 + depth)
    trains = []
    for _ in range(n):
        candidates = _poisson_train(peak, duration_ms, rng)
        rate = base_hz * (1.0 + depth * np.sin(2 * np.pi * frequency_hz * candidates / 1000.0))
        trains.append(candidates[rng.uniform(0.0, peak, candidates.size) < rate])
    return trains


def _recording(trains, label="cells"):
    segment = neo.Segment()
    segment.spiketrains = [
        neo.SpikeTrain(np.asarray(times) * pq.ms, t_stop=1000.0 * pq.ms) for times in trains
    ]
    block = neo.Block()
    block.segments.append(segment)
    return Recording(blocks={label: block}, sizes={label: len(trains)})


# --- firing rates -----------------------------------------------------------


def test_rates_of_known_trains_are_exact():
    trains = [np.arange(100.0, 1000.0, 100.0), [], [500.0]]  # 9, 0 and 1 spikes in 1 s
    np.testing.assert_array_equal(analysis.firing_rates(trains, 0.0, 1000.0), [9.0, 0.0, 1.0])
    # Half the window: 5 spikes (100 to 500 ms; a spike on an edge counts) in 0.5 s.
    np.testing.assert_array_equal(analysis.firing_rates(trains[:1], 0.0, 500.0), [10.0])


# --- ISI coefficient of variation ---------------------------------------------


def test_regular_train_has_cv_zero():
    cvs = analysis.isi_cv([np.arange(5.0, 1000.0, 25.0)])
    assert cvs[0] == pytest.approx(0.0, abs=1e-12)  # equal intervals: zero spread


def test_long_poisson_train_has_cv_one():
    rng = np.random.default_rng(11)
    train = _poisson_train(20.0, 100_000.0, rng)  # about 2000 intervals
    cv = analysis.isi_cv([train])[0]
    # Exponential intervals have CV 1; by the delta method the estimate from N
    # intervals has standard error 1/sqrt(N) (0.022 for N = 2000): allow 4 of them.
    assert cv == pytest.approx(1.0, abs=4 / np.sqrt(train.size - 1))


def test_cv_is_elephants():
    """The reference is Elephant's cv(isi(t)) (scipy.stats.variation), not our formula."""
    from elephant.statistics import cv, isi

    rng = np.random.default_rng(5)
    trains = [np.sort(rng.uniform(0.0, 1000.0, size)) for size in (3, 4, 17, 250)]
    expected = [float(cv(isi(train))) for train in trains]
    np.testing.assert_allclose(analysis.isi_cv(trains), expected, rtol=1e-12)
    # All spikes at one time: no interval to spread, so no CV (Elephant: 0/0).
    assert np.isnan(analysis.isi_cv([[5.0, 5.0, 5.0]])[0])


def test_cv_needs_three_spikes():
    cvs = analysis.isi_cv([[10.0, 20.0], [10.0, 20.0, 40.0], []])
    assert np.isnan(cvs[0]) and np.isnan(cvs[2])
    assert cvs[1] == pytest.approx(1.0 / 3.0)  # intervals 10 and 20 ms: std 5 / mean 15


# --- Fano factor --------------------------------------------------------------


def test_fano_factor_of_equal_counts_is_zero():
    trains = [[10.0, 20.0, 30.0], [15.0, 25.0, 35.0], [1.0, 2.0, 3.0]]
    assert analysis.fano_factor(trains, 0.0, 100.0) == 0.0


def test_fano_factor_is_variance_over_mean():
    # Counts 1 and 3: mean 2, population variance 1, so F = 0.5.
    assert analysis.fano_factor([[5.0], [5.0, 6.0, 7.0]], 0.0, 10.0) == pytest.approx(0.5)


def test_fano_factor_of_independent_poisson_neurons_is_near_one():
    rng = np.random.default_rng(5)
    trains = [_poisson_train(20.0, 5000.0, rng) for _ in range(400)]
    # Counts are Poisson (mean 100), so F = 1; the variance estimate from 400
    # neurons has a relative standard error of about sqrt(2 / 400) = 0.07: allow 3 of them.
    assert analysis.fano_factor(trains, 0.0, 5000.0) == pytest.approx(1.0, abs=0.21)


# --- population rate ----------------------------------------------------------


def test_population_rate_integrates_to_the_spike_count():
    rng = np.random.default_rng(3)
    trains = [rng.uniform(0.0, 499.0, size=count) for count in (0, 5, 17, 40)]
    starts, rate = analysis.population_rate(trains, 0.0, 500.0, bin_size=5.0)
    assert starts[0] == 0.0 and starts[-1] == 495.0 and rate.size == 100
    # Rate (Hz) x bin width (s) x neurons = spikes in the bin; summed: every spike once.
    assert np.sum(rate) * 5.0 / 1000.0 * len(trains) == pytest.approx(62.0)


def test_population_rate_bins_are_half_open():
    # A spike exactly at the window's end lies outside the last bin [9, 10).
    _, rate = analysis.population_rate([[0.0, 9.5, 10.0]], 0.0, 10.0, bin_size=1.0)
    assert rate.tolist() == [1000.0] + [0.0] * 8 + [1000.0]


def test_population_rate_of_one_synchronous_volley():
    trains = [[12.5]] * 10
    starts, rate = analysis.population_rate(trains, 0.0, 20.0, bin_size=1.0)
    # All 10 neurons fire in the bin [12, 13): 10 spikes / 10 neurons / 1 ms = 1000 Hz.
    np.testing.assert_array_equal(rate, np.where(starts == 12.0, 1000.0, 0.0))


# --- power spectrum -----------------------------------------------------------


def test_psd_of_a_modulated_rate_peaks_at_the_modulation_frequency():
    rng = np.random.default_rng(8)
    trains = _modulated_poisson_trains(100, 20.0, 0.8, 25.0, 4000.0, rng)
    _, rate = analysis.population_rate(trains, 0.0, 4000.0, bin_size=1.0)
    frequencies, power = analysis.power_spectrum(rate, 1.0, frequency_resolution=1.0)
    # 1 Hz bins: the peak falls on 25 Hz exactly, far above the flat Poisson floor.
    assert frequencies[np.argmax(power)] == pytest.approx(25.0)
    assert power.max() > 20 * np.median(power)


def test_psd_of_a_pure_sine_peaks_at_its_frequency():
    t = np.arange(0.0, 2000.0, 0.5)  # ms, 2 kHz sampling
    frequencies, power = analysis.power_spectrum(np.sin(2 * np.pi * 40.0 * t / 1000.0), 0.5)
    assert frequencies[np.argmax(power)] == pytest.approx(40.0)


def test_peak_frequency_leaves_out_zero_and_needs_power():
    assert analysis.peak_frequency([0.0, 4.0, 8.0, 12.0], [9.0, 1.0, 3.0, 2.0]) == 8.0
    assert np.isnan(analysis.peak_frequency([0.0, 4.0], [5.0, 0.0]))
    assert np.isnan(analysis.peak_frequency([], []))
    with pytest.raises(ValueError, match="frequencies has 2 values but power has 1"):
        analysis.peak_frequency([0.0, 1.0], [1.0])


def test_constant_signal_has_no_peak():
    frequencies, power = analysis.power_spectrum(np.zeros(1000), 1.0)
    assert np.isnan(analysis.peak_frequency(frequencies, power))


# --- summary ------------------------------------------------------------------


def test_summary_of_known_trains():
    trains = [np.arange(100.0, 1000.0, 100.0), [], [200.0, 300.0, 500.0, 900.0]]
    stats = analysis.summary(_recording(trains), "cells", 0.0, 1000.0)
    assert stats["neurons"] == 3 and stats["spikes"] == 13
    assert stats["active_fraction"] == pytest.approx(2 / 3)
    assert stats["rate_hz"] == pytest.approx(13 / 3)  # rates 9, 0 and 4 Hz
    assert stats["rate_sd_hz"] == pytest.approx(np.std([9.0, 0.0, 4.0]))
    # CVs 0 (regular) and std(100, 200, 400) / mean = 0.535: two neurons have one.
    assert stats["cv_neurons"] == 2
    assert stats["cv_isi"] == pytest.approx(np.std([100, 200, 400]) / np.mean([100, 200, 400]) / 2)
    assert stats["fano_factor"] == pytest.approx(np.var([9, 0, 4]) / np.mean([9, 0, 4]))


def test_summary_counts_only_the_window():
    trains = [np.arange(100.0, 1000.0, 100.0)]
    stats = analysis.summary(_recording(trains), "cells", 450.0, 950.0)
    assert stats["spikes"] == 5 and stats["rate_hz"] == pytest.approx(10.0)


def test_summary_table_lines_up():
    table = analysis.summary_table(
        {
            "Exc": analysis.summary(_recording([[1.0, 2.0, 4.0]]), "cells", 0.0, 1000.0),
            "Inh": analysis.summary(_recording([[]]), "cells", 0.0, 1000.0),
        }
    )
    header, exc, inh = table.splitlines()
    assert header.split()[:3] == ["population", "neurons", "spikes"]
    assert exc.split()[:5] == ["Exc", "1", "3", "100%", "3.00"]
    assert inh.split() == ["Inh", "1", "0", "0%", "0.00", "0.00", "-", "0", "-"]
    assert len({len(line) for line in (header, exc, inh)}) == 1


# --- empty data (a virtual SpiNNaker board) -----------------------------------


def test_empty_input_gives_nan_or_zeros():
    silent = [np.empty(0)] * 4
    assert analysis.firing_rates([], 0.0, 100.0).size == 0
    np.testing.assert_array_equal(analysis.firing_rates(silent, 0.0, 100.0), np.zeros(4))
    assert np.isnan(analysis.isi_cv(silent)).all()
    assert np.isnan(analysis.fano_factor(silent, 0.0, 100.0))
    assert np.isnan(analysis.fano_factor([], 0.0, 100.0))
    starts, rate = analysis.population_rate([], 0.0, 10.0)
    assert starts.tolist() == list(range(10)) and rate.tolist() == [0.0] * 10
    frequencies, power = analysis.power_spectrum([], 1.0)
    assert frequencies.size == 0 and power.size == 0


def test_summary_of_an_empty_recording():
    recording = _recording([[]] * 5)
    stats = analysis.summary(recording, "cells", 0.0, 500.0)
    assert stats["neurons"] == 5 and stats["spikes"] == 0
    assert stats["rate_hz"] == 0.0 and stats["active_fraction"] == 0.0
    assert np.isnan(stats["cv_isi"]) and stats["cv_neurons"] == 0
    assert np.isnan(stats["fano_factor"])


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: analysis.firing_rates([[1.0]], 10.0, 5.0), ValueError, "t_stop=5.0 ms must be"),
        (lambda: analysis.firing_rates([[1.0]], -1.0, 5.0), ValueError, "t_start must be 0 or"),
        (lambda: analysis.firing_rates([1.0, 2.0], 0.0, 5.0), TypeError, "one array per neuron"),
        (
            lambda: analysis.firing_rates(5.0, 0.0, 5.0),
            TypeError,
            "spike_times must be a course.Recording",
        ),
        (lambda: analysis.firing_rates([["a"]], 0.0, 5.0), TypeError, r"spike_times\[0\] must"),
        (lambda: analysis.isi_cv([[np.nan, 1.0, 2.0]]), ValueError, "is not finite"),
        (lambda: analysis.isi_cv([[1.0]], min_spikes=2), ValueError, "min_spikes must be at"),
        (lambda: analysis.isi_cv([[1.0]], min_spikes=3.0), TypeError, "min_spikes must be a w"),
        (lambda: analysis.population_rate([], 0.0, 5.0, 10.0), ValueError, "longer than the"),
        (lambda: analysis.population_rate([], 0.0, 5.0, 0.0), ValueError, "bin_size must be"),
        (lambda: analysis.power_spectrum(np.ones(100), 1.0, 2.0), ValueError, "needs at least"),
        (lambda: analysis.power_spectrum(np.ones(100), -1.0), ValueError, "sampling_period"),
        (lambda: analysis.summary({"cells": []}, "cells", 0.0, 1.0), TypeError, "course.Rec"),
        (lambda: analysis.summary(_recording([]), "exc", 0.0, 1.0), KeyError, "no population"),
        (lambda: analysis.summary_table([1]), TypeError, "summaries must be a dict"),
        (lambda: analysis.summary_table({"a": {}}), ValueError, r"summaries\['a'\] lacks"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_to_spiketrains_cuts_to_the_window_and_keeps_units():
    trains = analysis.to_spiketrains([[5.0, 15.0, 25.0], []], t_start=10.0, t_stop=30.0)
    assert [train.magnitude.tolist() for train in trains] == [[15.0, 25.0], []]
    assert all(train.units == pq.ms for train in trains)
    assert float(trains[0].t_start) == 10.0 and float(trains[0].t_stop) == 30.0
    with pytest.raises(ValueError, match=r"t_stop=5\.0 ms must be later than t_start=10\.0 ms"):
        analysis.to_spiketrains([[1.0]], t_start=10.0, t_stop=5.0)
