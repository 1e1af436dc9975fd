"""Connection-list builders: exact equality with the notes' loop, checks and properties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# The notes' double loop, kept once, faithfully, as the oracle (it is also the
# benchmark's reference).
from benchmarks.center_surround import notes_loop
from course.connectivity import (
    CONDUCTION_VELOCITY,
    DELAY_OFFSET,
    center_surround,
    center_surround_at_positions,
    connection_probability,
    partners_on_a_line,
)
from course.small_world import small_world_ring


def fast(n_pre, n_post, weight, d_thresh, p_thresh, width):
    return center_surround(n_pre, n_post, weight, width=width, p_thresh=p_thresh, d_thresh=d_thresh)


ORACLE_CASES = [
    # The notes' excitatory and inhibitory parameter sets.
    (100, 100, 0.008, 0, 0.1, 1),
    (100, 100, 0.008, 2, 0.1, 3),
    # Distance threshold above 0 with a wide Gaussian, unequal layers both ways.
    (40, 70, 0.08, 5, 0.05, 10),
    (70, 40, 0.08, 5.5, 0.05, 10),
    # p_thresh edge cases: 0 keeps every pair whose probability is not 0.0 in
    # floating point; 1 keeps nothing; a threshold equal to p(1) is excluded (strict >).
    (60, 60, 0.1, -1, 0.0, 2),
    (30, 30, 0.1, -1, 1.0, 50),
    (30, 30, 0.1, 0, float(np.exp(-0.5)), 1),
    # Gaussian so wide that every pair passes: all to all, self connections included.
    (25, 35, 0.1, -1, 0.0, 1000),
    # One-to-one-like: only d = 0 passes.
    (30, 30, 0.1, -0.5, 0.5, 0.5),
    # Single cells.
    (1, 1, 0.1, -1, 0.5, 1),
    (1, 5, 0.1, 0, 0.1, 1),
]


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_equals_the_notes_loop_exactly(case):
    np.testing.assert_array_equal(fast(*case), notes_loop(*case))


def test_notes_parameter_sets_give_known_counts():
    # Excitatory: neighbours at distance 1 and 2 -> 4 per cell, minus 6 at the edges.
    assert len(fast(100, 100, 0.008, 0, 0.1, 1)) == 394
    # Inhibitory: distances 3..6 -> 8 per cell, minus 2 * (3 + 4 + 5 + 6) at the edges.
    assert len(fast(100, 100, 0.008, 2, 0.1, 3)) == 764
    # All to all and one to one as particular cases.
    assert len(fast(25, 35, 0.1, -1, 0.0, 1000)) == 25 * 35
    rows = fast(30, 30, 0.1, -0.5, 0.5, 0.5)
    np.testing.assert_array_equal(rows[:, 0], np.arange(30))
    np.testing.assert_array_equal(rows[:, 1], np.arange(30))


def test_delays_follow_distance_over_velocity():
    rows = fast(20, 20, 0.5, 0, 0.1, 1)
    distance = np.abs(rows[:, 0] - rows[:, 1])
    np.testing.assert_allclose(rows[:, 3], DELAY_OFFSET + distance / CONDUCTION_VELOCITY)
    assert set(np.round(rows[:, 3], 3)) == {3.857, 6.714}
    np.testing.assert_array_equal(rows[:, 2], 0.5)


def test_details_give_each_connections_distance_and_probability():
    rows, details = center_surround(
        50, 50, 0.1, width=3, p_thresh=0.1, d_thresh=2, return_details=True
    )
    np.testing.assert_array_equal(details.distances, np.abs(rows[:, 0] - rows[:, 1]))
    np.testing.assert_array_equal(details.probabilities, np.exp(-0.5 * details.distances**2 / 9))
    np.testing.assert_array_equal(details.offsets, [3.0, 4.0, 5.0, 6.0])
    assert np.all(details.probabilities > 0.1)


def test_large_layer_is_fast_and_right():
    # 100 000 cells: the loop would visit 10**10 pairs; the band has 8 offsets.
    rows = center_surround(100_000, 100_000, 0.1, width=3, p_thresh=0.1, d_thresh=2)
    assert len(rows) == 8 * 100_000 - 36
    assert np.all(np.diff(rows[:, 0]) >= 0)


def test_connection_probability():
    assert connection_probability(0.0, 2.0) == 1.0
    assert connection_probability(2.0, 2.0, scale=0.5) == pytest.approx(0.5 * np.exp(-0.5))
    np.testing.assert_allclose(connection_probability([0, 3], 3), [1.0, np.exp(-0.5)])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_pre": -3}, ValueError, "n_pre must be at least 1, got -3"),
        ({"n_pre": 0}, ValueError, "n_pre must be at least 1, got 0"),
        ({"n_post": 2.5}, TypeError, r"n_post must be a whole number, got 2.5 \(float\)"),
        ({"n_post": True}, TypeError, "n_post must be a whole number"),
        ({"p_thresh": 1.5}, ValueError, "p_thresh must lie between 0 and 1, got 1.5"),
        ({"p_thresh": -0.1}, ValueError, "p_thresh must lie between 0 and 1, got -0.1"),
        ({"width": 0.0}, ValueError, "width must be greater than 0, got 0.0"),
        ({"width": -1.0}, ValueError, "width must be greater than 0, got -1.0"),
        ({"velocity": 0.0}, ValueError, "velocity must be greater than 0, got 0.0"),
        ({"velocity": -0.35}, ValueError, "velocity must be greater than 0"),
        ({"scale": 0.0}, ValueError, "scale must be greater than 0"),
        ({"scale": 2.0}, ValueError, "scale must lie between 0 and 1, got 2.0"),
        ({"delay_offset": -1.0}, ValueError, "delay_offset must be 0 or greater"),
        ({"d_thresh": float("nan")}, ValueError, "d_thresh must be finite"),
        ({"weight": "0.1"}, TypeError, "weight must be a number"),
    ],
)
def test_center_surround_bad_input(kwargs, error, message):
    arguments = {"n_pre": 10, "n_post": 10, "weight": 0.1, "width": 1.0, "p_thresh": 0.1}
    arguments.update(kwargs)
    n_pre, n_post, weight = (arguments.pop(name) for name in ("n_pre", "n_post", "weight"))
    with pytest.raises(error, match=message):
        center_surround(n_pre, n_post, weight, **arguments)


@pytest.mark.parametrize(
    ("distance", "width", "message"),
    [
        (-1.0, 1.0, "distance must hold finite values of 0 or more"),
        ([1.0, np.inf], 1.0, "distance must hold finite values"),
        (1.0, 0.0, "width must be greater than 0"),
    ],
)
def test_connection_probability_bad_input(distance, width, message):
    with pytest.raises(ValueError, match=message):
        connection_probability(distance, width)


@settings(max_examples=50, deadline=None)
@given(
    n_pre=st.integers(1, 40),
    n_post=st.integers(1, 40),
    d_thresh=st.one_of(st.integers(-2, 10), st.floats(-2.0, 10.0)),
    p_thresh=st.floats(0.0, 1.0),
    width=st.floats(0.05, 30.0),
)
def test_property_equals_oracle_shapes_and_ranges(n_pre, n_post, d_thresh, p_thresh, width):
    rows = fast(n_pre, n_post, 0.25, d_thresh, p_thresh, width)
    np.testing.assert_array_equal(rows, notes_loop(n_pre, n_post, 0.25, d_thresh, p_thresh, width))
    assert rows.shape[1] == 4 and rows.shape[0] <= n_pre * n_post
    if rows.size:
        assert rows[:, 0].min() >= 0 and rows[:, 0].max() < n_pre
        assert rows[:, 1].min() >= 0 and rows[:, 1].max() < n_post
        distance = np.abs(rows[:, 0] - rows[:, 1])
        assert np.all(distance > d_thresh)
        assert np.all(rows[:, 3] >= DELAY_OFFSET)
        # Sorted by pre, then post, and no pair twice.
        assert np.all(np.diff(rows[:, 0] * n_post + rows[:, 1]) > 0)
    if d_thresh >= 0 and rows.size:
        # d_thresh >= 0 forbids d = 0: no self connections.
        assert np.all(rows[:, 0] != rows[:, 1])


# --- center-surround at any positions ------------------------------------------


def pair_loop(pre_positions, post_positions, weight, d_thresh, p_thresh, width):
    """Every pair, one at a time: the rule as the notes state it, at given positions."""
    rows = []
    for i, x in enumerate(pre_positions):
        for j, y in enumerate(post_positions):
            d = abs(y - x)
            if d > d_thresh and np.exp(-0.5 * (d**2 / width**2)) > p_thresh:
                rows.append((i, j, weight, DELAY_OFFSET + d / CONDUCTION_VELOCITY))
    return np.array(rows).reshape(-1, 4)


def at_positions(pre_positions, post_positions, weight, d_thresh, p_thresh, width):
    return center_surround_at_positions(
        pre_positions, post_positions, weight, width=width, p_thresh=p_thresh, d_thresh=d_thresh
    )


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_at_grid_positions_equals_the_notes_loop_exactly(case):
    n_pre, n_post, *rule = case
    rows = at_positions(np.arange(n_pre), np.arange(n_post), *rule)
    np.testing.assert_array_equal(rows, notes_loop(*case))


@settings(max_examples=50, deadline=None)
@given(
    pre=st.lists(st.floats(-20.0, 20.0), min_size=1, max_size=25),
    post=st.lists(st.floats(-20.0, 20.0), min_size=1, max_size=25),
    d_thresh=st.floats(-2.0, 10.0),
    p_thresh=st.floats(0.0, 1.0),
    width=st.floats(0.05, 30.0),
)
def test_property_at_positions_equals_every_pair(pre, post, d_thresh, p_thresh, width):
    rows = at_positions(pre, post, 0.25, d_thresh, p_thresh, width)
    np.testing.assert_allclose(rows, pair_loop(pre, post, 0.25, d_thresh, p_thresh, width))


def test_two_layers_on_one_stretch():
    # 4 cells spread over the stretch of 8 (spacing 2, each centred on a pair):
    # width 1.5 gives p(0.5) = 0.95 and p(1.5) = 0.61, so a threshold of 0.7
    # keeps exactly the two grid cells 0.5 spacings away.
    rows = at_positions(np.arange(4) * 2.0 + 0.5, np.arange(8.0), 1.0, -1, 0.7, 1.5)
    assert [rows[rows[:, 0] == i, 1].tolist() for i in range(4)] == [
        [0.0, 1.0],  # p(1.5) = 0.61 passes at both sides; p(2.5) = 0.25 does not
        [2.0, 3.0],
        [4.0, 5.0],
        [6.0, 7.0],
    ]
    np.testing.assert_allclose(rows[:, 3], DELAY_OFFSET + 0.5 / CONDUCTION_VELOCITY)


@pytest.mark.parametrize(
    ("pre", "post", "error", "message"),
    [
        ([], [0.0], ValueError, "pre_positions must be a non-empty 1-D sequence"),
        ([0.0], [[0.0, 1.0]], ValueError, "post_positions must be a non-empty 1-D"),
        ([0.0, np.nan], [0.0], ValueError, "finite positions"),
        (["a"], [0.0], TypeError, "pre_positions must be a sequence of numbers"),
    ],
)
def test_at_positions_bad_input(pre, post, error, message):
    with pytest.raises(error, match=message):
        at_positions(pre, post, 0.1, 0, 0.1, 1)
    with pytest.raises(ValueError, match="width must be greater than 0"):
        at_positions([0.0], [0.0], 0.1, 0, 0.1, 0.0)


# --- partners of two layers on one stretch ---------------------------------------


@pytest.mark.parametrize(
    ("n_pre", "n_post"), [(1, 1), (6, 6), (8, 2), (2, 8), (5, 3), (3, 5), (7, 1)]
)
def test_partners_share_a_piece_of_the_line(n_pre, n_post):
    rows = partners_on_a_line(n_pre, n_post, 0.1, 1.0)
    # Oracle: pieces [i, i + 1) / n_pre and [j, j + 1) / n_post in exact fractions.
    expected = [
        (i, j)
        for i in range(n_pre)
        for j in range(n_post)
        if max(Fraction(i, n_pre), Fraction(j, n_post))
        < min(Fraction(i + 1, n_pre), Fraction(j + 1, n_post))
    ]
    assert [tuple(pair) for pair in rows[:, :2].astype(int).tolist()] == expected
    assert set(rows[:, 0]) == set(range(n_pre)) and set(rows[:, 1]) == set(range(n_post))
    np.testing.assert_array_equal(rows[:, 2:], np.tile([0.1, 1.0], (len(rows), 1)))


def test_partners_of_equal_layers_are_one_to_one_and_bad_input():
    np.testing.assert_array_equal(
        partners_on_a_line(4, 4, 0.1, 1.0)[:, :2], [[0, 0], [1, 1], [2, 2], [3, 3]]
    )
    with pytest.raises(ValueError, match="n_post must be at least 1, got 0"):
        partners_on_a_line(3, 0, 0.1, 1.0)
    with pytest.raises(ValueError, match="delay must be greater than 0"):
        partners_on_a_line(3, 3, 0.1, 0.0)


# --- small-world ring ----------------------------------------------------------


def test_small_world_without_rewiring_is_a_ring_lattice():
    rows = small_world_ring(10, 2.5, 0.0, weight=0.1, delay=1.0, seed=1)
    # degree 2.5: ring distances 1 and 2 connect -> 4 targets per cell.
    assert len(rows) == 40
    targets = rows[rows[:, 0] == 0, 1].tolist()
    assert targets == [1.0, 2.0, 8.0, 9.0]


def test_small_world_full_rewiring_keeps_out_degree():
    rows = small_world_ring(50, 3, 1.0, weight=0.1, delay=1.0, seed=7)
    pre, counts = np.unique(rows[:, 0], return_counts=True)
    np.testing.assert_array_equal(pre, np.arange(50))
    assert set(counts) == {4}


def test_small_world_rewiring_fraction_is_binomial():
    n_cells, rewiring = 200, 0.2
    rows = small_world_ring(n_cells, 3, rewiring, weight=0.1, delay=1.0, seed=3)
    distance = np.abs(rows[:, 0] - rows[:, 1])
    ring = np.minimum(distance, n_cells - distance)
    far = np.count_nonzero(ring >= 3)
    n_edges = len(rows)
    # Each of the 800 lattice edges moves with probability 0.2 and then lands beyond
    # ring distance 2 unless it hits one of the few freed lattice places. So the count
    # of far edges is binomial(800, 0.2) to within a few; allow 4 standard deviations.
    sd = np.sqrt(n_edges * rewiring * (1 - rewiring))
    assert abs(far - n_edges * rewiring) <= 4 * sd


@settings(max_examples=50, deadline=None)
@given(
    n_cells=st.integers(2, 60),
    degree=st.floats(0.5, 8.0),
    rewiring=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**31),
)
def test_property_small_world(n_cells, degree, rewiring, seed):
    rows = small_world_ring(n_cells, degree, rewiring, weight=0.1, delay=2.0, seed=seed)
    again = small_world_ring(n_cells, degree, rewiring, weight=0.1, delay=2.0, seed=seed)
    np.testing.assert_array_equal(rows, again)  # reproducible with a seed
    assert rows.shape[1] == 4
    if rows.size:
        assert np.all(rows[:, 0] != rows[:, 1])  # no self connections
        assert rows[:, :2].min() >= 0 and rows[:, :2].max() < n_cells
        pairs = rows[:, 0] * n_cells + rows[:, 1]
        assert np.unique(pairs).size == pairs.size  # no duplicates
        assert np.all(np.diff(pairs) > 0)  # sorted by pre, then post
        np.testing.assert_array_equal(rows[:, 2:], [[0.1, 2.0]] * len(rows))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_cells": 1}, ValueError, "n_cells must be at least 2, got 1"),
        ({"n_cells": 5.0}, TypeError, "n_cells must be a whole number"),
        ({"degree": 0}, ValueError, "degree must be greater than 0"),
        ({"rewiring": 1.2}, ValueError, "rewiring must lie between 0 and 1"),
        ({"delay": 0.0}, ValueError, "delay must be greater than 0"),
        ({"seed": -1}, ValueError, "seed must be at least 0"),
    ],
)
def test_small_world_bad_input(kwargs, error, message):
    arguments = {"n_cells": 10, "degree": 2, "rewiring": 0.1, "weight": 0.1, "delay": 1.0}
    arguments["seed"] = 1
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        small_world_ring(
            arguments.pop("n_cells"),
            arguments.pop("degree"),
            arguments.pop("rewiring"),
            **arguments,
        )


# --- portable helpers ------------------------------------------------------------


def test_cell_positions_are_xyz_rows(sim):
    from pyNN.space import Grid2D, Line

    from course import cell_positions

    line = sim.Population(4, sim.IF_cond_exp(), structure=Line(dx=2.5))
    np.testing.assert_array_equal(cell_positions(line)[0], [0.0, 2.5, 5.0, 7.5])
    grid = sim.Population(9, sim.IF_cond_exp(), structure=Grid2D(aspect_ratio=1.0))
    xyz = cell_positions(grid)
    assert xyz.shape == (3, 9)
    assert sorted(set(xyz[0].tolist())) == [0.0, 1.0, 2.0]


def test_pynn_stdp_model_notice_is_dropped(sim, caplog):
    import logging

    import course.connectivity  # noqa: F401  (installs the filter)

    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.1),
        weight=0.01,
        delay=1.0,
    )
    cells = sim.Population(2, sim.IF_cond_exp())
    with caplog.at_level(logging.WARNING, logger="PyNN"):
        sim.Projection(cells, cells, sim.AllToAllConnector(), stdp)
    assert not [r for r in caplog.records if "STDP models" in r.getMessage()]
