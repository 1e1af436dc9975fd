"""What the lessons and DIFFERENCES say about NEST and sPyNNaker, read from the software.

Each test pins one sentence of :data:`course.backends.DIFFERENCES` (and the
lessons that repeat it) to what the installed NEST, PyNN or sPyNNaker does, so
that a release that changes the behaviour fails here instead of misleading a
learner. NEST and pure-source tests run in the normal suite; the ones that
need a virtual-board run are marked ``spinnaker``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import course
from course.backends import DIFFERENCES, PORTABLE_CELL_TYPES
from tests.conftest import needs_spynnaker

#: Delays (ms) at a 0.1 ms step: three halfway between two steps, one not.
TIE_DELAYS = (0.25, 0.45, 1.25, 0.75)


def difference(topic: str):
    """The DIFFERENCES entry with this topic."""
    (entry,) = [entry for entry in DIFFERENCES if entry.topic == topic]
    return entry


def stored_tie_delays(sim) -> list[float]:
    """Connect one source to one cell with TIE_DELAYS; run 1 ms; the stored delays, in order."""
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    cell = sim.Population(1, sim.IF_cond_exp())
    rows = [(0, 0, 0.01, delay) for delay in TIE_DELAYS]
    projection = sim.Projection(
        source,
        cell,
        sim.FromListConnector(rows, column_names=["weight", "delay"]),
        receptor_type="excitatory",
    )
    sim.run(1.0)
    stored = projection.get("delay", format="list", with_address=False)
    return [round(float(delay), 6) for delay in stored]


# --- NEST (through PyNN 0.13) -----------------------------------------------------------


def test_nest_rounds_a_half_step_delay_up():
    sim = course.setup("nest", timestep=0.1, min_delay=0.1, max_delay=10.0)
    try:
        assert stored_tie_delays(sim) == [0.3, 0.5, 1.3, 0.8]
    finally:
        sim.end()
    text = difference("Rounding delays to the timestep").nest
    assert "0.25 ms is stored as 0.3 ms" in text


def test_pynn_default_structure_is_a_line_on_nest(sim):
    from pyNN.space import Line

    cells = sim.Population(4, sim.IF_cond_exp())
    assert isinstance(cells.structure, Line)
    np.testing.assert_array_equal(course.cell_positions(cells)[0], [0.0, 1.0, 2.0, 3.0])


def test_only_some_cell_types_fire_off_grid_on_nest(sim):
    """PyNN defaults to off_grid; IF_curr_exp has a precise NEST model, IF_cond_exp has not."""
    assert course.current().sim.simulator.state.spike_precision == "off_grid"
    curr = sim.Population(1, sim.IF_curr_exp())
    cond = sim.Population(1, sim.IF_cond_exp())
    assert curr.node_collection.get("model") == "iaf_psc_exp_ps"
    assert cond.node_collection.get("model") == "iaf_cond_exp"
    assert sim.IF_cond_exp.nest_name["on_grid"] == sim.IF_cond_exp.nest_name["off_grid"]
    text = difference("Timing and precision").nest
    assert "IF_curr_exp becomes iaf_psc_exp_ps" in text
    assert "IF_cond_exp is iaf_cond_exp either way" in text


def test_an_if_curr_exp_cell_fires_between_grid_points_on_nest(sim):
    """A 1 nA step from 0 ms: the precise model's first spike is not a multiple of the 1 ms step."""
    cell = sim.Population(1, sim.IF_curr_exp(i_offset=1.0))
    cell.record("spikes")
    sim.run(50.0)
    first = course.collect([cell]).spike_times(cell.label)[0][0]
    assert abs(first - round(first)) > 1e-3, first


def nest_pair_change(amplitudes: dict, w_max: float) -> tuple[float, float]:
    """One pre-then-post pair through an additive STDP synapse on NEST (0.1 ms step).

    The presynaptic source fires at 10 ms; a teacher input makes the cell fire
    a few ms later; a second presynaptic spike, 390 ms after the pair, applies
    the change (NEST updates at the next pre spike), its own depression being
    below exp(-19) of the amplitude. Weights start at 0.02 µS, tau is 20 ms,
    the delay 1 ms.

    Returns
    -------
    (float, float)
        Delta t = t_post - t_pre + delay (ms), and the weight change (µS).
    """
    tau, w_start, delay, t_pre = 20.0, 0.02, 1.0, 10.0
    sim = course.setup("nest", timestep=0.1, min_delay=0.1, max_delay=10.0)
    try:
        rule = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=tau, tau_minus=tau, **amplitudes),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
            weight=w_start,
            delay=delay,
        )
        pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_pre, 400.0]))
        teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=[15.0]))
        post = sim.Population(1, sim.IF_cond_exp())
        post.record("spikes")
        plastic = sim.Projection(pre, post, sim.OneToOneConnector(), rule)
        sim.Projection(
            teacher,
            post,
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=0.1, delay=delay),
            receptor_type="excitatory",
        )
        sim.run(450.0)
        (t_post,) = course.collect([post]).spike_times(post.label)[0]
        change = course.connections(plastic)[0, 2] - w_start
    finally:
        sim.end()
    return t_post - t_pre + delay, change


def test_nest_additive_stdp_change_is_a_fraction_of_w_max():
    """One pre-then-post pair on NEST: dw = A_plus * w_max * exp(-(t_post - t_pre + d) / tau)."""
    a_plus, w_max = 0.05, 0.04
    dt, change = nest_pair_change({"A_plus": a_plus, "A_minus": a_plus}, w_max)
    # Floating point throughout; 1e-6 relative leaves room for the exp(-19) depression.
    assert change == pytest.approx(a_plus * w_max * math.exp(-dt / 20.0), rel=1e-6)
    assert (
        "A_plus * w_max * exp(-dt / tau_plus)"
        in difference("STDP amplitudes (additive weight dependence)").nest
    )


# --- sPyNNaker's source (no run needed) ---------------------------------------------------


class _RecordingSpec:
    """Stands in for sPyNNaker's data specification: keeps every value written."""

    def __init__(self):
        self.values: list[float] = []

    def write_value(self, data, data_type=None):
        self.values.append(float(data))


@needs_spynnaker
def test_spynnaker_writes_additive_amplitudes_without_w_max():
    from spynnaker.pyNN.models.neuron.plasticity.stdp.weight_dependence import (
        WeightDependenceAdditive,
    )

    rule = WeightDependenceAdditive(w_min=0.0, w_max=0.04)
    rule.set_a_plus_a_minus(0.05, 0.06)
    spec = _RecordingSpec()
    scale = 8.0  # any global weight scale: everything written is multiplied by it
    rule.write_parameters(spec, scale, np.array([1.0]), 1)
    # w_min, w_max, A_plus, A_minus, each times the weight scale; no factor w_max on A.
    assert spec.values == pytest.approx([0.0, 0.04 * scale, 0.05 * scale, 0.06 * scale])
    assert "without w_max" in difference("STDP amplitudes (additive weight dependence)").spinnaker


@needs_spynnaker
def test_spynnaker_default_time_scale_factor_keeps_real_time_at_0_1_ms():
    """The rule sPyNNaker applies when no factor is given: max(1, ceil(step_us / 10000))."""
    import inspect

    from spynnaker.pyNN.data.spynnaker_data_writer import SpynnakerDataWriter

    source = inspect.getsource(SpynnakerDataWriter)
    assert re.search(r"max\(\s*1\.0,\s*math\.ceil\(simulation_time_step_us / 10000\.0\)\)", source)
    assert (
        "time scale factor max(1, ceil(timestep / 10 ms)) = 1"
        in difference("Timing and precision").spinnaker
    )


# --- sPyNNaker on the virtual board -------------------------------------------------------


@needs_spynnaker
@pytest.mark.spinnaker
def test_virtual_board_facts():
    """One mapped run at a 0.1 ms step answers several claims at once."""
    from spinn_front_end_common.utilities.constants import BYTES_PER_WORD
    from spinn_utilities.config_holder import get_config_bool
    from spynnaker.pyNN.data import SpynnakerDataView

    sim = course.setup("virtual", timestep=0.1, min_delay=0.1, max_delay=10.0)
    try:
        unstructured = sim.Population(3, sim.IF_curr_exp(), label="unstructured")
        seeded = [
            sim.Population(10, sim.IF_curr_exp(), **course.population_seed(seed))
            for seed in (5, 5, 6)
        ]
        machine_seeds = [tuple(population._vertex.pop_seed) for population in seeded]
        big = sim.Population(1000, sim.IF_curr_exp(), label="big")
        big.record(["spikes", "v"])
        delays = stored_tie_delays(sim)
        factor = SpynnakerDataView.get_time_scale_factor()
        hardware_step_us = SpynnakerDataView.get_hardware_time_step_us()
        per_core = big._vertex.get_max_atoms_per_core()
        recorder = big._vertex.neuron_recorder
        spike_bytes = recorder._get_buffered_sdram_per_record("spikes", 100)
        v_bytes = recorder._get_buffered_sdram_per_record("v", 100)
        auto_pause = get_config_bool("Buffers", "use_auto_pause_and_resume")
        models = sorted(
            name for name in sim.list_standard_models() if not name.startswith("Abstract")
        )
        assert unstructured.structure is None
        with pytest.raises(ValueError, match="unstructured population"):
            unstructured.positions  # noqa: B018
        with pytest.raises(ValueError, match="'unstructured' has no structure"):
            course.cell_positions(unstructured)
    finally:
        sim.end()
    # A neuron population's seed is what sPyNNaker draws its random numbers from.
    assert machine_seeds[0] == machine_seeds[1] != machine_seeds[2]
    # Item: numpy.rint, halves to the even step.
    assert delays == [0.2, 0.4, 1.2, 0.8]
    # Item: 0.1 ms step in real time.
    assert (factor, hardware_step_us) == (1.0, 100)
    # Item: 256 neurons per core.
    assert per_core == 256
    assert "at most 256 neurons" in difference("Populations on cores").spinnaker
    # Item: one bit per neuron per step for spikes (plus a time stamp), a word per neuron for v.
    timestamp = spike_bytes - math.ceil(100 / 32) * BYTES_PER_WORD
    assert timestamp == BYTES_PER_WORD
    assert v_bytes == timestamp + 100 * BYTES_PER_WORD
    assert auto_pause
    # Item: the portable cell types are exactly sPyNNaker's standard models.
    assert set(models) == set(PORTABLE_CELL_TYPES)
    assert f"{len(models)} standard models" in difference("Cell types").spinnaker


@needs_spynnaker
@pytest.mark.spinnaker
@pytest.mark.parametrize("seed", [None, 7])
def test_spynnaker_refuses_only_a_seeded_generator_in_an_initial_value(seed):
    """Lesson 04: a RandomDistribution for ``v`` is refused only when its generator has a seed."""
    from pyNN.random import NumpyRNG
    from spinn_front_end_common.utilities.exceptions import ConfigurationException

    sim = course.setup("virtual", timestep=1.0)
    try:
        cells = sim.Population(10, sim.IF_cond_exp(), label="cells")
        cells.initialize(v=sim.RandomDistribution("normal", (-65.0, 2.0), rng=NumpyRNG(seed=seed)))
        if seed is None:
            sim.run(1.0)  # maps: the board draws v itself
        else:
            with pytest.raises(ConfigurationException, match="Use of rng in RandomDistrib"):
                sim.run(1.0)
    finally:
        sim.end()
