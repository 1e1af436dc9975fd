"""The notes' two-layer network: exact connection counts and the volley response on NEST."""

from __future__ import annotations

import numpy as np
import pytest

import course
from course.network import WEIGHTS, layer_network
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
        ({"n_exc": 50}, ValueError, "n_exc=50 and n_inh=100 must be equal"),
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
