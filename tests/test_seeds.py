"""Connections drawn on the host: PyNN's own draws, and the same on a SpiNNaker board."""

from __future__ import annotations

import numpy as np
import pytest
from pyNN.random import NumpyRNG

from course.seeds import random_connections
from tests.conftest import needs_spynnaker

#: (keyword arguments of random_connections, the PyNN connector that draws the same pairs)
CASES = {
    "probability": ({"p_connect": 0.1}, "FixedProbabilityConnector", (0.1,), {}),
    "probability, no self": (
        {"p_connect": 0.1, "allow_self_connections": False, "same_population": True},
        "FixedProbabilityConnector",
        (0.1,),
        {"allow_self_connections": False},
    ),
    "in-degree": ({"n_inputs": 5}, "FixedNumberPreConnector", (5,), {}),
    "in-degree, no self": (
        {"n_inputs": 5, "allow_self_connections": False, "same_population": True},
        "FixedNumberPreConnector",
        (5,),
        {"allow_self_connections": False},
    ),
}


def _pairs(rows) -> list[tuple[int, int]]:
    return sorted((int(i), int(j)) for i, j in np.asarray(rows)[:, :2])


@pytest.mark.parametrize("case", CASES)
def test_host_draws_are_the_pairs_pynn_draws_on_nest(sim, case):
    import course

    drawn, connector_name, args, options = CASES[case]
    cells = sim.Population(40, sim.IF_curr_exp())
    source = cells if drawn.get("same_population") else sim.Population(30, sim.IF_curr_exp())
    connector = getattr(sim, connector_name)(*args, rng=NumpyRNG(seed=11), **options)
    projection = sim.Projection(source, cells, connector)
    sim.run(1.0)
    by_pynn = _pairs(course.connections(projection))
    by_hand = random_connections(source.size, cells.size, NumpyRNG(seed=11), **drawn)
    # The expected pairs come from PyNN's connector, not from the code under test.
    assert _pairs(by_hand) == by_pynn
    if "n_inputs" in drawn:
        assert len(by_pynn) == 5 * cells.size
    if drawn.get("allow_self_connections") is False:
        assert all(i != j for i, j in by_pynn)


def test_the_generator_advances_and_a_seed_repeats():
    first = random_connections(20, 20, NumpyRNG(seed=4), n_inputs=3)
    again = random_connections(20, 20, NumpyRNG(seed=4), n_inputs=3)
    np.testing.assert_array_equal(first, again)
    rng = NumpyRNG(seed=4)
    random_connections(20, 20, rng, n_inputs=3)
    assert _pairs(random_connections(20, 20, rng, n_inputs=3)) != _pairs(first)


def test_random_connections_bad_input():
    rng = NumpyRNG(seed=1)
    with pytest.raises(ValueError, match="exactly one of p_connect and n_inputs"):
        random_connections(4, 4, rng)
    with pytest.raises(ValueError, match="exactly one of p_connect and n_inputs"):
        random_connections(4, 4, rng, p_connect=0.1, n_inputs=2)
    with pytest.raises(ValueError, match="n_inputs=4 is more than the 3 sources"):
        random_connections(
            4, 4, rng, n_inputs=4, allow_self_connections=False, same_population=True
        )
    with pytest.raises(TypeError, match="rng must be a seeded"):
        random_connections(4, 4, NumpyRNG(), p_connect=0.5)
    with pytest.raises(ValueError, match="same_population=True needs n_pre == n_post"):
        random_connections(4, 3, rng, p_connect=0.5, same_population=True)


@needs_spynnaker
def test_a_board_builds_exactly_the_listed_pairs():
    """On a virtual board: the list is what sPyNNaker builds, so nothing is drawn there."""
    import course

    sim = course.setup("virtual", timestep=1.0)
    try:
        cells = sim.Population(30, sim.IF_curr_exp())
        pairs = random_connections(30, 30, course.make_rng(host=True), n_inputs=4)
        projection = sim.Projection(cells, cells, sim.FromListConnector(pairs))
        sim.run(1.0)
        assert _pairs(course.connections(projection)) == _pairs(pairs)
    finally:
        sim.end()


def test_task3_hands_the_backend_no_random_connector(monkeypatch):
    """Task 3's network draws its pairs on the host: PyNN's random connectors are never used."""
    import course
    from course.exercises.task3 import balanced_network

    sim = course.setup("nest", timestep=0.1, min_delay=1.0, threads=1)
    try:
        for name in ("FixedProbabilityConnector", "FixedNumberPreConnector"):

            def refuse(*args, _name=name, **kwargs):
                raise AssertionError(f"{_name} would draw the pairs on the backend")

            monkeypatch.setattr(sim, name, refuse)
        for fixed_in_degree in (True, False):
            recording = balanced_network(
                sim, n_exc=20, fixed_in_degree=fixed_in_degree, run_time=5.0
            )
            assert recording.size("exc") == 20
    finally:
        sim.end()
