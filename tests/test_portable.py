"""Portability helpers: each measured NEST/SpiNNaker trap handled or refused clearly."""

from __future__ import annotations

import re

import numpy as np
import pytest

import course


def test_earliest_spike_time_on_nest_is_min_delay_plus_one_step(sim):
    assert course.earliest_spike_time() == 2.0


def test_earliest_spike_time_at_fine_timestep():
    sim = course.setup("nest", timestep=0.1)
    try:
        assert course.earliest_spike_time() == pytest.approx(0.2)
    finally:
        sim.end()


def test_a_spike_at_the_earliest_time_is_delivered(sim):
    """The time earliest_spike_time() returns really reaches the network on NEST."""
    first = course.earliest_spike_time()
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[first]))
    source.record("spikes")
    sim.run(10.0)
    spikes = source.get_data().segments[0].spiketrains[0].magnitude
    np.testing.assert_allclose(spikes, [first])


def test_check_spike_times_refuses_times_nest_would_drop(sim):
    with pytest.raises(
        ValueError,
        match=r"spike_times\[0\] holds a spike at 0 ms, but on nest the earliest .* is at 2 ms",
    ):
        course.check_spike_times([[0.0], [1.0]])


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([5.0, 3.0], "must be sorted in increasing order"),
        ([5.0, float("nan")], "must hold finite spike times"),
        ([-1.0], "holds a spike at -1 ms"),
        ("5.0", "must be a list of times in ms"),
        ([[5.0], ["x"]], r"spike_times\[1\] must be a sequence of spike times"),
    ],
)
def test_check_spike_times_bad_input(sim, times, message):
    with pytest.raises((ValueError, TypeError), match=message):
        course.check_spike_times(times)


def test_check_spike_times_returns_plain_lists(sim):
    assert course.check_spike_times([[3.0, 4.0], []]) == [[3.0, 4.0], []]
    assert course.check_spike_times(np.array([3.0, 5.0])) == [3.0, 5.0]


@pytest.mark.parametrize(
    ("weight", "receptor", "cell", "expected"),
    [
        (0.5, "inhibitory", "IF_curr_exp", -0.5),
        (-0.5, "inhibitory", "IF_curr_exp", -0.5),
        (0.5, "excitatory", "IF_curr_exp", 0.5),
        (-0.02, "inhibitory", "IF_cond_exp", 0.02),
        (0.02, "excitatory", "IF_cond_exp", 0.02),
    ],
)
def test_signed_weight(weight, receptor, cell, expected):
    assert course.signed_weight(weight, receptor, cell) == expected


def test_signed_weight_accepts_classes_instances_and_arrays(sim):
    np.testing.assert_array_equal(
        course.signed_weight([0.1, -0.2], "inhibitory", sim.IF_curr_exp), [-0.1, -0.2]
    )
    assert course.signed_weight(0.1, "inhibitory", sim.IF_cond_exp()) == 0.1


def test_signed_weight_bad_input():
    with pytest.raises(ValueError, match="receptor_type='gaba' is not allowed"):
        course.signed_weight(0.1, "gaba", "IF_curr_exp")
    with pytest.raises(TypeError, match="weight must be a number or an array"):
        course.signed_weight("heavy", "excitatory", "IF_curr_exp")


def test_inhibition_with_signed_weight_hyperpolarises_on_both_cell_kinds(sim):
    """The same magnitude, signed by the helper, inhibits current- and conductance-based cells."""
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    curr = sim.Population(1, sim.IF_curr_exp(v_rest=-60.0))
    cond = sim.Population(1, sim.IF_cond_exp(v_rest=-60.0, e_rev_I=-80.0))
    for cells, magnitude in ((curr, 1.0), (cond, 0.05)):
        cells.initialize(v=-60.0)
        cells.record("v")
        weight = course.signed_weight(magnitude, "inhibitory", cells.celltype)
        sim.Projection(
            source,
            cells,
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=weight, delay=1.0),
            receptor_type="inhibitory",
        )
    sim.run(20.0)
    for cells in (curr, cond):
        v = cells.get_data().segments[0].analogsignals[0].magnitude[:, 0]
        assert v.min() < -60.5, f"{cells.celltype} was not inhibited (min v {v.min():.2f} mV)"


def test_make_rng_sequence_is_reproducible():
    sim = course.setup("nest", seed=7)
    first = [course.make_rng().next(3) for _ in range(2)]
    sim.end()
    sim = course.setup("nest", seed=7)
    second = [course.make_rng().next(3) for _ in range(2)]
    sim.end()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], first[1])


def test_poisson_seed_is_empty_on_nest_and_spikes_repeat(sim):
    assert course.poisson_seed() == {}

    def poisson_counts():
        s = course.setup("nest", seed=11)
        noise = s.Population(20, s.SpikeSourcePoisson(rate=50.0), **course.poisson_seed())
        noise.record("spikes")
        s.run(200.0)
        counts = [len(t) for t in noise.get_data().segments[0].spiketrains]
        s.end()
        return counts

    first, second = poisson_counts(), poisson_counts()
    assert first == second
    # 20 sources x 50 Hz x 0.2 s = 200 expected spikes; Poisson sd ~14, so +-60 is > 4 sd.
    assert 140 <= sum(first) <= 260


def test_connections_refused_before_run_and_sorted_after(sim):
    a = sim.Population(3, sim.IF_curr_exp())
    b = sim.Population(3, sim.IF_curr_exp())
    proj = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=2.0))
    with pytest.raises(RuntimeError, match=r"only after sim\.run\(\)"):
        course.connections(proj)
    sim.run(1.0)
    table = course.connections(proj)
    assert table.shape == (9, 4)
    np.testing.assert_array_equal(table[:, 0], [0, 0, 0, 1, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(table[:, 1], [0, 1, 2] * 3)
    np.testing.assert_allclose(table[:, 2:], [[0.5, 2.0]] * 9)


def test_connections_of_an_empty_projection(sim):
    a = sim.Population(3, sim.IF_curr_exp())
    proj = sim.Projection(a, a, sim.FixedProbabilityConnector(0.0))
    sim.run(1.0)
    assert course.connections(proj).shape == (0, 4)


def test_initial_values_portable_and_helpful(sim):
    cells = sim.Population(4, sim.IF_cond_exp())
    drawn = sim.RandomDistribution("uniform", (-70.0, -60.0), rng=course.make_rng()).next(4)
    cells.initialize(v=drawn)
    values = course.initial_values(cells)
    np.testing.assert_array_equal(values["v"], drawn)
    with pytest.raises(
        ValueError,
        match=(
            r"initial value 'isyn_exc' does not exist for .*; this backend has "
            r"gsyn_exc, gsyn_inh, v \(only 'v' has the same name"
        ),
    ):
        course.initial_values(cells, ["isyn_exc"])


def test_initial_values_refuses_a_distribution_that_would_be_drawn_again(sim):
    """PyNN evaluates a RandomDistribution anew on each read: not the neurons' values."""
    cells = sim.Population(4, sim.IF_cond_exp())
    cells.initialize(v=sim.RandomDistribution("uniform", (-70.0, -60.0), rng=course.make_rng()))
    with pytest.raises(
        ValueError, match=r"was set from a RandomDistribution, .* draw the values once"
    ):
        course.initial_values(cells)


def test_list_cell_types_is_quiet_and_creates_nothing(sim, capfd):
    import nest

    names = course.list_cell_types()
    assert (capfd.readouterr().out, nest.network_size) == ("", 0)
    assert {"IF_curr_exp", "IF_cond_exp", "Izhikevich", "SpikeSourceArray"} <= set(names)
    assert "IF_cond_exp_gsfa_grr" not in names
    assert set(course.backends.PORTABLE_CELL_TYPES) <= set(names)


def test_spinnaker_only_calls_do_nothing_on_nest(sim):
    cells = sim.Population(10, sim.IF_curr_exp())
    course.set_neurons_per_core(sim.IF_curr_exp, 64)
    course.set_max_atoms_per_core(cells, (5, 2))
    with pytest.raises(ValueError, match="n_neurons must be at least 1, got 0"):
        course.set_neurons_per_core(sim.IF_curr_exp, 0)
    with pytest.raises(TypeError, match=r"shape\[1\] must be a whole number, got 2\.5"):
        course.set_max_atoms_per_core(cells, (5, 2.5))


def test_helpers_need_setup_first(monkeypatch):
    from course import simulator

    monkeypatch.setattr(simulator, "_state", None)
    with pytest.raises(RuntimeError, match=r"call course\.setup\(\) first"):
        course.earliest_spike_time()


def test_make_rng_for_host_draws_is_seeded_on_every_backend(monkeypatch):
    """host=True: the same numbers on NEST and (pretending to be) SpiNNaker."""
    from course import simulator

    sim = course.setup("nest", seed=7)
    nest_draw = course.make_rng(host=True).next(3)
    sim.end()
    sim = course.setup("nest", seed=7)
    monkeypatch.setattr(simulator, "is_spinnaker", lambda: True)
    spinnaker_draw = course.make_rng(host=True).next(3)
    unseeded = course.make_rng()
    sim.end()
    np.testing.assert_array_equal(nest_draw, spinnaker_draw)
    assert unseeded.seed is None
    with pytest.raises(TypeError, match="host must be True or False, got 'yes'"):
        course.make_rng(host="yes")


def test_population_seed_and_poisson_seed_agree(sim, monkeypatch):
    from course import simulator

    assert course.population_seed() == course.poisson_seed() == {}
    monkeypatch.setattr(simulator, "is_nest", lambda: False)
    assert course.population_seed(5) == {"additional_parameters": {"seed": 5}}
    assert course.poisson_seed(5) == course.population_seed(5)


def test_additive_stdp_amplitudes(sim, monkeypatch):
    from course import simulator

    # NEST multiplies A by w_max, so A = change / w_max.
    assert course.additive_stdp_amplitudes(0.002, 0.001, w_max=0.04) == pytest.approx(
        {"A_plus": 0.05, "A_minus": 0.025}
    )
    # sPyNNaker writes A as a weight (tests/test_backend_facts.py reads that from its source).
    monkeypatch.setattr(simulator, "is_spinnaker", lambda: True)
    assert course.additive_stdp_amplitudes(0.002, 0.001, w_max=0.04) == {
        "A_plus": 0.002,
        "A_minus": 0.001,
    }


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((0.002, 0.001, 0.0), ValueError, "w_max must be finite and above 0, got 0.0"),
        ((-0.002, 0.001, 1.0), ValueError, "change_plus must be finite and at least 0"),
        ((0.002, float("nan"), 1.0), ValueError, "change_minus must be finite"),
        ((0.002, "0.001", 1.0), TypeError, "change_minus must be a number, got '0.001'"),
    ],
)
def test_additive_stdp_amplitudes_bad_input(sim, arguments, error, message):
    with pytest.raises(error, match=re.escape(message)):
        course.additive_stdp_amplitudes(*arguments)


def test_additive_stdp_amplitudes_give_the_asked_change_on_nest():
    """One pair with A from the helper changes a w_max = 0.04 µS weight by change * exp(-dt/tau)."""
    import math

    from tests.test_backend_facts import nest_pair_change

    change = 0.002
    dt, grown = nest_pair_change(course.additive_stdp_amplitudes(change, change, w_max=0.04), 0.04)
    assert grown == pytest.approx(change * math.exp(-dt / 20.0), rel=1e-6)
