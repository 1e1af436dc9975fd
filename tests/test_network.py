"""The notes' two-layer network: exact connection counts and the volley response on NEST."""

from __future__ import annotations

import numpy as np
import pytest

import course
from course.network import WEIGHTS, inhibitory_positions, layer_network
from course.stimuli import thalamic_volley


def edge_corrected_count(n_cells: int, distances) -> int:
    """Connections of a fixed-offset rule on a line of n cells: two per distance, fewer at edges."""
    return sum(2 * (n_cells - d) if d > 0 else n_cells for d in distances)


@pytest.fixture
def volley_run(sim):
    """The default network driven by the default thalamic volley, run for 100 ms."""
    net = layer_network(sim, thalamus_spike_times=thalamic_volley(100))
    sim.run(100.0)
    return net, net.collect()


def test_connection_counts_are_exact(volley_run):
    net, _ = volley_run
    # Every projection is a fixed list or one to one, so the counts are exact.
    expected = {
        ("Exc", "Exc"): edge_corrected_count(100, [1, 2]),  # 394
        ("Exc", "Inh"): 100,
        ("Inh", "Inh"): edge_corrected_count(100, [3, 4, 5, 6]),  # 764
        ("Inh", "Exc"): edge_corrected_count(100, range(7)),  # 1258
        ("Thalamus", "Exc"): 100,
    }
    assert {key: len(course.connections(p)) for key, p in net.projections.items()} == expected
    assert expected[("Exc", "Exc")] == 394 and expected[("Inh", "Exc")] == 1258


def test_read_back_lists_match_what_was_built(volley_run):
    net, _ = volley_run
    for key, rows in net.connection_lists.items():
        read = course.connections(net.projections[key])
        np.testing.assert_array_equal(read[:, :2], rows[:, :2])
        # NEST stores weights as doubles; delays are rounded to the 1 ms grid.
        np.testing.assert_allclose(read[:, 2], WEIGHTS[key])
        np.testing.assert_allclose(read[:, 3], np.round(rows[:, 3]), atol=1e-9)


def test_volley_gives_a_local_response_that_dies_out(volley_run):
    _, recording = volley_run
    exc = recording.spike_counts("Exc")
    inh = recording.spike_counts("Inh")
    exc_times = np.concatenate(recording.spike_times("Exc"))
    inh_times = np.concatenate(recording.spike_times("Inh"))
    # NEST integrates this fixed network deterministically: measured 33 Exc and
    # 19 Inh spikes. +-3 spikes allows a NEST update to move one cell by one
    # spike per side without hiding a real change of regime.
    assert abs(exc.sum() - 33) <= 3
    assert abs(inh.sum() - 19) <= 3
    # Local: only cells near the stimulated band 45-54 fire (measured 43-56).
    assert set(np.flatnonzero(exc)) <= set(range(41, 59))
    assert set(range(45, 55)) <= set(np.flatnonzero(exc))
    assert set(np.flatnonzero(inh)) <= set(range(43, 57))
    # Timing: input arrives 7-13 ms (+1 ms delay); measured first Exc spike 15 ms,
    # first Inh spike 24 ms, last spike 41 ms. One timestep (1 ms) of slack.
    assert 13.0 <= exc_times.min() <= 16.0
    assert 22.0 <= inh_times.min() <= 25.0
    # Not runaway: both layers are silent well before the end of the run.
    assert max(exc_times.max(), inh_times.max()) <= 45.0


def test_without_input_the_network_is_silent(sim):
    net = layer_network(sim)
    assert "Thalamus" not in net.populations
    sim.run(50.0)
    recording = net.collect()
    assert recording.spike_counts("Exc").sum() == 0
    assert recording.spike_counts("Inh").sum() == 0
    _, v = recording.signal("Exc", "v")
    np.testing.assert_allclose(v, -65.0)


def test_populations_and_labels(sim):
    net = layer_network(sim, n_exc=20, n_inh=20, thalamus_spike_times=[[]] * 20)
    assert {label: pop.size for label, pop in net.populations.items()} == {
        "Exc": 20,
        "Inh": 20,
        "Thalamus": 20,
    }
    assert [pop.label for pop in net.recorded] == ["Exc", "Inh"]
    assert net.parameters["stimulated_cells"] == []


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_exc": 0}, ValueError, "n_exc must be at least 1, got 0"),
        ({"n_exc": 2.5}, TypeError, "n_exc must be a whole number"),
        ({"n_inh": 0}, ValueError, "n_inh must be at least 1, got 0"),
        ({"weights": {("Exc", "Exc"): -0.1}}, ValueError, "must be greater than 0"),
        ({"weights": {("Exc", "Thalamus"): 0.1}}, ValueError, "unknown keys"),
        ({"weights": 0.1}, TypeError, "weights must be a dict"),
        ({"cell_parameters": 3}, TypeError, "cell_parameters must be a dict"),
        ({"thalamus_spike_times": [[20.0]] * 99}, ValueError, r"one list of times per excit"),
        ({"thalamus_spike_times": [[1.0]] * 100}, ValueError, "earliest spike"),
    ],
)
def test_bad_input(sim, kwargs, error, message):
    with pytest.raises(error, match=message):
        layer_network(sim, **kwargs)


# --- layers of different sizes ------------------------------------------------------


def test_inhibitory_cells_spread_over_the_excitatory_stretch():
    np.testing.assert_array_equal(inhibitory_positions(100, 100), np.arange(100.0))
    # 4 excitatory cells per inhibitory one: each sits in the middle of its four.
    np.testing.assert_allclose(inhibitory_positions(100, 25), 4 * np.arange(25) + 1.5)
    np.testing.assert_allclose(inhibitory_positions(100, 200), 0.5 * np.arange(200) - 0.25)
    # Any sizes: the same centre as the excitatory layer, evenly spaced.
    positions = inhibitory_positions(7, 3)
    assert positions.mean() == pytest.approx(3.0) and np.ptp(np.diff(positions)) < 1e-12


def pairs_within(pre, post, low, high):
    """Pairs whose distance d satisfies low < d < high, counted one pair at a time."""
    return sum(1 for x in pre for y in post if low < abs(x - y) < high)


# The center-surround rules keep p = exp(-d² / (2 * 3²)) > 0.1, i.e. d < 3 * sqrt(2 ln 10).
REACH = 3.0 * np.sqrt(2.0 * np.log(10.0))  # 6.44 cell spacings


@pytest.mark.parametrize("n_inh", [25, 200])
def test_unequal_layers_are_wired_by_position(sim, n_inh):
    net = layer_network(sim, 100, n_inh)
    inh = net.populations["Inh"].positions[0]  # x coordinates, as PyNN stores them
    np.testing.assert_allclose(inh, inhibitory_positions(100, n_inh))
    exc = np.arange(100.0)
    sim.run(1.0)  # SpiNNaker builds connections only at run time; keep the test portable
    counts = {key: len(course.connections(p)) for key, p in net.projections.items()}
    assert counts == {
        ("Exc", "Exc"): edge_corrected_count(100, [1, 2]),
        # Every excitatory cell has one partner (25 cells), or two (200 cells).
        ("Exc", "Inh"): 100 * max(1, n_inh // 100),
        ("Inh", "Inh"): pairs_within(inh, inh, 2.0, REACH),
        ("Inh", "Exc"): pairs_within(inh, exc, -1.0, REACH),
    }
    # The counts of the smaller layer, by hand: neighbours 4 spacings apart (24 pairs
    # each way); 12 excitatory cells within 5.5 spacings of each inhibitory one, 8 at the ends.
    if n_inh == 25:
        assert counts[("Inh", "Inh")] == 48 and counts[("Inh", "Exc")] == 23 * 12 + 2 * 8
    partners = course.connections(net.projections[("Exc", "Inh")])
    # Partners share their piece of line: within half an inhibitory spacing.
    spacing = 100 / n_inh
    distance = np.abs(inh[partners[:, 1].astype(int)] - exc[partners[:, 0].astype(int)])
    assert np.all(distance <= spacing / 2 + 1e-9)
    assert set(partners[:, 1].astype(int)) == set(range(n_inh))


@pytest.mark.parametrize(
    ("n_inh", "exc_spikes", "inh_cells", "first_inh", "last_spike"),
    [
        # 4 excitatory cells drive each inhibitory one: the inhibitory cells over the
        # volley fire earlier (17 ms) than with one partner each (24 ms).
        (25, 35, {11, 12, 13}, 17.0, 48.0),
        # Two inhibitory partners per excitatory cell and 2516 inhibitory synapses
        # onto Exc: the response is cut short.
        (200, 22, set(range(90, 110)), 24.0, 27.0),
    ],
)
def test_unequal_layers_give_a_local_response_that_dies_out(
    sim, n_inh, exc_spikes, inh_cells, first_inh, last_spike
):
    net = layer_network(sim, 100, n_inh, thalamus_spike_times=thalamic_volley(100))
    sim.run(100.0)
    recording = net.collect()
    exc = recording.spike_counts("Exc")
    inh = recording.spike_counts("Inh")
    exc_times = np.concatenate(recording.spike_times("Exc"))
    inh_times = np.concatenate(recording.spike_times("Inh"))
    # Deterministic on NEST (fixed lists, timestep 1 ms); the tolerances are those of
    # the equal-size test: +-3 spikes, one timestep.
    assert abs(exc.sum() - exc_spikes) <= 3
    assert abs(inh.sum() - 20) <= 3  # measured 20 for both sizes
    # Local: excitatory cells near the stimulated band 45-54 (measured 44-55), and
    # exactly the inhibitory cells whose piece of line lies over it.
    assert set(range(45, 55)) <= set(np.flatnonzero(exc)) <= set(range(41, 59))
    assert set(np.flatnonzero(inh)) == inh_cells
    assert 13.0 <= exc_times.min() <= 16.0
    assert abs(inh_times.min() - first_inh) <= 1.0
    assert abs(max(exc_times.max(), inh_times.max()) - last_spike) <= 1.0
