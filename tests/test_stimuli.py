"""The thalamic volley: shape, timing, reproducibility, independence, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.stimuli import central_band, poisson_trains, thalamic_volley

# Without a simulator: the grid and the earliest time are given explicitly.
GRID = {"timestep": 1.0, "earliest": 2.0}


def test_default_volley_drives_the_middle_tenth_of_the_layer():
    volley = thalamic_volley(100, **GRID)
    assert len(volley) == 100
    firing = [index for index, times in enumerate(volley) if times]
    assert firing == list(range(45, 55))
    # Three distinct, sorted steps within 3 sd (3 ms) of 10 ms, on the 1 ms grid.
    for index in firing:
        times = volley[index]
        assert len(times) == 3
        assert times == sorted(set(times))
        assert all(7.0 <= t <= 13.0 and t == round(t) for t in times)


def test_band_as_a_fraction_or_a_range():
    assert central_band(100, 0.1) == range(45, 55)
    assert central_band(100, 0.0) == range(50, 50)
    assert central_band(100, 1.0) == range(100)
    assert central_band(7, 0.5) == range(1, 5)  # 3.5 rounds to 4 cells: 1 spare below, 2 above
    assert central_band(100, range(10, 20)) == range(10, 20)
    volley = thalamic_volley(20, band=range(0, 20, 5), n_spikes=1, **GRID)
    assert [index for index, times in enumerate(volley) if times] == [0, 5, 10, 15]


def test_the_same_seed_gives_the_same_volley_and_another_seed_another():
    first = thalamic_volley(50, band=0.5, seed=3, **GRID)
    assert thalamic_volley(50, band=0.5, seed=3, **GRID) == first
    assert thalamic_volley(50, band=0.5, seed=4, **GRID) != first


def test_lists_are_independent_objects():
    """The course notes' ``[[]] * n`` makes n names for one list; this must not."""
    volley = thalamic_volley(10, band=0.2, **GRID)
    assert len({id(times) for times in volley}) == 10
    volley[0].append(99.0)
    assert all(99.0 not in times for times in volley[1:])


def test_spread_zero_puts_every_spike_on_the_step_nearest_t_mean():
    volley = thalamic_volley(4, band=1.0, n_spikes=1, t_mean=10.4, t_sd=0.0, **GRID)
    assert volley == [[10.0]] * 4


def test_spikes_never_come_before_the_earliest_time():
    # A volley centred at 1 ms with sd 1 ms would reach -2 ms; the window is cut at 2 ms.
    volley = thalamic_volley(10, band=1.0, n_spikes=2, t_mean=1.0, t_sd=1.0, **GRID)
    assert min(min(times) for times in volley) == 2.0
    assert max(max(times) for times in volley) <= 4.0


def test_fine_timestep_times_are_clean_multiples():
    volley = thalamic_volley(
        10, band=1.0, n_spikes=4, t_mean=0.5, t_sd=0.2, timestep=0.1, earliest=0.30000000000000004
    )
    for times in volley:
        assert min(times) >= 0.30000000000000004
        assert all(abs(t * 10 - round(t * 10)) < 1e-9 for t in times)


def test_defaults_come_from_the_simulator(sim):
    volley = thalamic_volley(100, t_mean=2.0, t_sd=2.0)
    # NEST at 1 ms: nothing before min_delay + timestep = 2 ms.
    assert min(min(times) for times in volley if times) == course.earliest_spike_time() == 2.0
    assert course.check_spike_times(volley) == volley


def test_volley_reaches_the_network_unchanged(sim):
    volley = thalamic_volley(20, band=0.25, n_spikes=2, t_mean=6.0, t_sd=1.0)
    sources = sim.Population(20, sim.SpikeSourceArray(spike_times=volley), label="thalamus")
    sources.record("spikes")
    sim.run(15.0)
    recorded = course.collect([sources]).spike_times("thalamus")
    # The SpikeSourceArray emits exactly the requested times (on the grid, so exact).
    assert [times.tolist() for times in recorded] == volley


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_sources": 0}, ValueError, "n_sources must be at least 1, got 0"),
        ({"n_sources": 10.0}, TypeError, "n_sources must be a whole number, got 10.0"),
        ({"band": 1.5}, ValueError, "band must lie between 0 and 1, got 1.5"),
        ({"band": -0.1}, ValueError, "band must lie between 0 and 1, got -0.1"),
        ({"band": "middle"}, TypeError, "band must be a fraction of the layer"),
        ({"band": range(5, 200)}, ValueError, "holds indices outside the layer of 100 sources"),
        ({"band": range(50, 40, -1)}, ValueError, "must step forwards"),
        ({"n_spikes": -1}, ValueError, "n_spikes must be at least 0, got -1"),
        ({"n_spikes": 2.5}, TypeError, "n_spikes must be a whole number"),
        ({"t_sd": -1.0}, ValueError, "t_sd must be 0 or greater, got -1.0"),
        ({"t_mean": float("nan")}, ValueError, "t_mean must be finite"),
        ({"max_sd": -2}, ValueError, "max_sd must be 0 or greater"),
        ({"seed": -5}, ValueError, "seed must be at least 0, got -5"),
        ({"timestep": 0.0}, ValueError, "timestep must be greater than 0"),
        ({"n_spikes": 8}, ValueError, "n_spikes=8 distinct spikes do not fit: only 7 timesteps"),
        ({"t_sd": 1e7}, ValueError, "spans more than 1000000 timesteps"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(kwargs, error, message):
    arguments = {"n_sources": 100, **GRID, **kwargs}
    with pytest.raises(error, match=message):
        thalamic_volley(**arguments)


def test_without_simulator_or_grid_it_asks_for_setup(monkeypatch):
    from course import simulator

    monkeypatch.setattr(simulator, "_state", None)
    with pytest.raises(RuntimeError, match=r"call course\.setup"):
        thalamic_volley(10)


@settings(max_examples=50, deadline=None)
@given(
    n_sources=st.integers(1, 60),
    fraction=st.floats(0.0, 1.0),
    n_spikes=st.integers(0, 4),
    t_mean=st.floats(0.0, 50.0),
    t_sd=st.floats(0.5, 5.0),
    max_sd=st.floats(2.0, 4.0),
    timestep=st.sampled_from([0.1, 0.5, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_properties_of_any_volley(
    n_sources, fraction, n_spikes, t_mean, t_sd, max_sd, timestep, seed
):
    earliest = 2 * timestep
    try:
        volley = thalamic_volley(
            n_sources,
            band=fraction,
            n_spikes=n_spikes,
            t_mean=t_mean,
            t_sd=t_sd,
            max_sd=max_sd,
            seed=seed,
            timestep=timestep,
            earliest=earliest,
        )
    except ValueError as error:
        # Only refusal allowed: the clipped window is too narrow for n_spikes distinct steps.
        assert "distinct spikes do not fit" in str(error)
        return
    band = central_band(n_sources, fraction)
    assert len(volley) == n_sources
    for index, times in enumerate(volley):
        assert len(times) == (n_spikes if index in band else 0)
        assert times == sorted(set(times))
        for t in times:
            assert t >= earliest
            assert abs(t - t_mean) <= max_sd * t_sd + 1e-9
            assert abs(t / timestep - round(t / timestep)) < 1e-6


def test_a_silent_volley_whose_window_lies_before_the_earliest_time():
    # Drawn by Hypothesis once: the window 0 +- 1 ms lies wholly before 2 ms, and
    # numpy refused to draw 0 spikes from it ("Probabilities do not sum to 1").
    volley = thalamic_volley(
        1, band=1.0, n_spikes=0, t_mean=0.0, t_sd=0.5, max_sd=2.0, timestep=1.0, earliest=2.0
    )
    assert volley == [[]]
    with pytest.raises(ValueError, match="n_spikes=1 distinct spikes do not fit"):
        thalamic_volley(
            1, band=1.0, n_spikes=1, t_mean=0.0, t_sd=0.5, max_sd=2.0, timestep=1.0, earliest=2.0
        )


# --- Poisson trains -------------------------------------------------------------


def test_poisson_trains_have_the_asked_rate():
    trains = poisson_trains(200, 20.0, 1000.0, **GRID)
    assert len(trains) == 200 and len({id(train) for train in trains}) == 200
    counts = np.array([len(train) for train in trains])
    # 998 steps (2 to 999 ms) at p = 0.02: 19.96 expected per source. The mean of
    # 200 binomial counts has sd sqrt(998 * 0.02 * 0.98 / 200) = 0.31: allow 4 of them.
    assert counts.mean() == pytest.approx(19.96, abs=1.25)
    # Counts are binomial, so their Fano factor is 1 - p = 0.98 (sd about 0.1 for 200).
    assert counts.var() / counts.mean() == pytest.approx(0.98, abs=0.3)
    for train in trains:
        assert train == sorted(set(train))
        assert all(2.0 <= t < 1000.0 and t == round(t) for t in train)


def test_poisson_trains_follow_their_rhythm():
    trains = poisson_trains(
        100, 40.0, 2000.0, modulation_depth=1.0, modulation_frequency=5.0, **GRID
    )
    phase = np.concatenate([np.asarray(train) for train in trains]) % 200.0 / 200.0
    # rate(t) = 40 (1 + sin): the rising half-cycle (phase < 0.5) holds (1 + 2/pi) / 2 = 82 %
    # of the spikes; with about 8000 spikes the binomial sd of that share is 0.4 %.
    assert np.mean(phase < 0.5) == pytest.approx(0.5 + 1 / np.pi, abs=0.02)


def test_poisson_trains_are_reproducible_and_start_late_enough():
    first = poisson_trains(5, 100.0, 50.0, t_start=0.0, seed=1, **GRID)
    assert poisson_trains(5, 100.0, 50.0, t_start=0.0, seed=1, **GRID) == first
    assert min(min(train) for train in first if train) >= 2.0
    assert poisson_trains(3, 0.0, 50.0, **GRID) == [[], [], []]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"rate": -1.0}, ValueError, "rate must be 0 or greater"),
        ({"rate": 600.0, "modulation_depth": 1.0}, ValueError, "peaks at 1200 Hz"),
        ({"modulation_depth": 1.5}, ValueError, "modulation_depth must lie between 0 and 1"),
        ({"modulation_frequency": -8.0}, ValueError, "modulation_frequency must be 0 or"),
        ({"t_stop": 0.0}, ValueError, "t_stop=0 ms must be later than t_start=0 ms"),
        ({"n_sources": 2.0}, TypeError, "n_sources must be a whole number"),
        ({"t_stop": 1e9}, ValueError, "generate the input in pieces"),
    ],
)
def test_poisson_trains_bad_input(kwargs, error, message):
    arguments = {"n_sources": 10, "rate": 10.0, "t_stop": 100.0, **GRID, **kwargs}
    with pytest.raises(error, match=message):
        poisson_trains(**arguments)
