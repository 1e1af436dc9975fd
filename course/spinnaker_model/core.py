"""One SpiNNaker core's time step, for every neuron at once.

In each step of ``dt`` ms a core running sPyNNaker does, for each neuron,
in this order (``neuron_impl_standard.h``):

1. **Input arrives.** The ring-buffer slot for this step (all weights whose
   spikes were sent ``delay`` steps ago) is shifted into s16.15, scaled by
   ``init = (tau_syn/dt)(1 - exp(-dt/tau_syn))`` and added to the synaptic
   state (``synapse_types_exponential_impl.h``).
2. **Recording.** ``v`` is recorded *before* the update, and the synaptic
   state as it is now (``gsyn_exc``/``gsyn_inh``: nA for current-based
   cells, µS for ``IF_cond_exp``).
3. **Update and threshold**, by the neuron model: :mod:`.lif` (``IF_curr_exp``,
   ``IF_cond_exp``) or :mod:`.izhikevich`. A neuron that spikes does so *in
   this step*: the spike is recorded at this step's time and sent; a target
   receives it in step ``t + delay`` (step 1 above).
4. **Synaptic decay.** The synaptic state is multiplied by
   ``exp(-dt/tau_syn)``.

When a spike is sent over a plastic projection, its synapses' weights are
first updated (:mod:`.plasticity`) and the new weights delivered.
Everything is integer arithmetic on s16.15 bit patterns
(:mod:`.fixed_point`), with the constants computed as the chosen
sPyNNaker version computes them (:mod:`.onchip`).

Consequences a learner meets: an input that arrives in step ``t`` moves
``v`` first at ``t + 1``; a LIF neuron driven over threshold by one input
spikes two steps after it arrives, so in a chain each hop takes
``delay + 2`` steps; refractory neurons record ``v_reset`` for
``ceil(tau_refrac/dt) + 1`` samples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from course._checks import check_number, check_positive_number
from course.spinnaker_model.fixed_point import (
    FRACTION_BITS,
    U032_BITS,
    WEIGHT_MAX,
    from_s1615,
    shifted_product,
)
from course.spinnaker_model.izhikevich import IzhikevichNeurons
from course.spinnaker_model.lif import LifNeurons
from course.spinnaker_model.onchip import DEFAULT_VERSION, check_version, synapse_constants
from course.spinnaker_model.plasticity import PlasticSynapses
from course.spinnaker_model.populations import (
    Cells,
    SpikeArray,
    _per_neuron,
    check_populations,
    steps_for,
)
from course.spinnaker_model.synapses import (
    CONDUCTANCE_WEIGHT_SCALE,
    Synapses,
    parse_projection,
    plan_synapses,
)

__all__ = ["PopulationResult", "SimulationResult", "simulate"]

#: Conductance input is shifted right by this many bits before use (µS × 1024 -> µS).
_CONDUCTANCE_SHIFT = 10


@dataclass(frozen=True)
class PopulationResult:
    """What the board would record for one population.

    Parameters
    ----------
    spikes : list of numpy.ndarray
        Spike times (ms) per neuron, on the ``timestep`` grid. For a
        :class:`SpikeArray`, the steps at which its spikes are sent.
    v : numpy.ndarray or None
        Membrane potential (mV), shape (neurons, steps), sampled at the start
        of each step, multiples of 2\\ :sup:`-15`. None for a SpikeArray.
    gsyn_exc, gsyn_inh : numpy.ndarray or None
        Synaptic state as recorded, shape (neurons, steps): current (nA) for
        current-based cells, conductance (µS) for ``IF_cond_exp``.
    timestep : float
        Simulation step (ms).
    ring_buffer_shifts : tuple of int or None, default None
        (excitatory, inhibitory) left shift, in bits, that turns the 16-bit
        weights arriving at these cells into s16.15; None for a SpikeArray.
    """

    spikes: list[np.ndarray]
    v: np.ndarray | None
    gsyn_exc: np.ndarray | None
    gsyn_inh: np.ndarray | None
    timestep: float
    ring_buffer_shifts: tuple[int, int] | None = None

    @property
    def times(self) -> np.ndarray:
        """Sample times (ms) of ``v`` and ``gsyn_*``."""
        n_steps = 0 if self.v is None else self.v.shape[1]
        return np.arange(n_steps) * self.timestep


class SimulationResult(dict):
    """What the board would record: population name -> :class:`PopulationResult`.

    A dict, so ``result["ring"].spikes`` reads one population, with two more
    attributes.

    Parameters
    ----------
    populations : mapping of str to PopulationResult, optional
        The results by population name.
    weights : sequence of numpy.ndarray, optional
        Per projection, in the order given to :func:`simulate`, the weights
        the board holds at the end of the run, one per connection in the
        order of its list: what ``Projection.get("weight", "list")`` reads
        back, the 16-bit weight divided by its scale (nA, or µS for
        ``IF_cond_exp``). Plastic and static projections alike.
    weights_at : mapping of float to list of numpy.ndarray, optional
        The same as ``weights``, read at the times (ms) asked for with
        ``simulate(weight_times=...)``, by time.
    """

    def __init__(
        self,
        populations: Mapping[str, PopulationResult] | None = None,
        weights=(),
        weights_at: Mapping[float, list] | None = None,
    ) -> None:
        super().__init__(populations or {})
        self.weights = list(weights)
        self.weights_at = dict(weights_at or {})


class _Core:
    """One population of cells on a core: ring buffer, synaptic state and neuron model."""

    def __init__(
        self, cells: Cells, timestep: float, shifts: tuple[int, int], ring_slots: int, version: str
    ):
        p = cells.parameters
        self.conductance_based = cells.conductance_based
        self.shifts = np.asarray(shifts, dtype=np.int64)[:, None]
        tau_syn = np.stack([p["tau_syn_E"], p["tau_syn_I"]])
        self.decay, self.init = synapse_constants(tau_syn, timestep, version)
        model = IzhikevichNeurons if cells.cell_type == "Izhikevich" else LifNeurons
        self.neurons = model(cells, timestep, version)
        self.synaptic = np.zeros((2, cells.n), dtype=np.int64)
        self.ring = np.zeros((ring_slots, 2, cells.n), dtype=np.int64)

    def receive(self, step: int) -> None:
        """Step 1: move this step's ring-buffer slot into the synaptic state."""
        slot = step % self.ring.shape[0]
        arriving = self.ring[slot] << self.shifts
        self.synaptic += shifted_product(arriving, self.init, U032_BITS)
        self.ring[slot] = 0

    def synaptic_input(self) -> np.ndarray:
        """Synaptic state as the neuron reads (and records) it: nA, or µS for conductances."""
        if self.conductance_based:
            return self.synaptic >> _CONDUCTANCE_SHIFT
        return self.synaptic

    def update(self, synaptic: np.ndarray) -> np.ndarray:
        """Steps 3-4; returns which neurons spiked."""
        spiked = self.neurons.update(synaptic)
        self.synaptic = shifted_product(self.synaptic, self.decay, U032_BITS)
        return spiked

    def add(self, slots, receptor, targets, weights) -> None:
        """Add 16-bit weights to ring-buffer slots (steps), saturating at 0xFFFF."""
        np.add.at(self.ring, (np.asarray(slots) % self.ring.shape[0], receptor, targets), weights)
        np.minimum(self.ring, WEIGHT_MAX, out=self.ring)

    def deliver(self, group: Synapses, counts: np.ndarray, step: int) -> None:
        """Add the weights of spikes sent now to the slots ``delay`` steps ahead."""
        sent = counts[group.sources]
        active = sent > 0
        if active.any():
            self.add(
                step + group.delay_steps[active],
                group.receptor,
                group.targets[active],
                group.stored_weights[active] * sent[active],
            )


def _check_projections(projections, populations, timestep: float) -> list[Synapses]:
    if isinstance(projections, (str, bytes)) or not isinstance(projections, Sequence):
        raise TypeError(
            "projections must be a list of (pre, post, connections, receptor[, rule]) tuples, "
            f"got {projections!r}"
        )
    parsed = [
        parse_projection(projection, populations, timestep, name=f"projections[{k}]")
        for k, projection in enumerate(projections)
    ]
    rules = {}
    for k, group in enumerate(parsed):
        if group.rule is None:
            continue
        first = rules.setdefault(group.post, (k, group.rule))
        if first[1] != group.rule:
            raise ValueError(
                f"projections[{k}] ({group.pre}->{group.post}): its STDP rule differs from "
                f"projections[{first[0]}]'s; sPyNNaker allows one rule per post population"
            )
    return parsed


def _check_i_offset_changes(changes, populations, timestep: float) -> dict:
    """``{name: [(step, i_offset per neuron)]}`` from ``{name: [(time ms, i_offset nA)]}``."""
    if changes is None:
        return {}
    if not isinstance(changes, Mapping):
        raise TypeError(
            "i_offset_changes must map population names to lists of (time ms, i_offset nA), "
            f"got {changes!r}"
        )
    checked = {}
    for name, steps in changes.items():
        if not isinstance(populations.get(name), Cells):
            cells = sorted(k for k, v in populations.items() if isinstance(v, Cells))
            raise ValueError(
                f"i_offset_changes: {name!r} is not a Cells population; allowed: {cells}"
            )
        if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
            raise TypeError(
                f"i_offset_changes[{name!r}] must be a list of (time ms, i_offset nA), "
                f"got {steps!r}"
            )
        entries = []
        for k, change in enumerate(steps):
            label = f"i_offset_changes[{name!r}][{k}]"
            if (
                isinstance(change, (str, bytes))
                or not isinstance(change, Sequence)
                or len(change) != 2
            ):
                raise TypeError(f"{label} must be a (time ms, i_offset nA) pair, got {change!r}")
            time = check_number(f"{label} time", change[0])
            if time < 0:
                raise ValueError(f"{label}: time must be 0 ms or later, got {time!r}")
            values = _per_neuron(f"{label} i_offset", change[1], populations[name].n)
            entries.append((steps_for(time, timestep) if time > 0 else 0, values))
        checked[name] = sorted(entries, key=lambda entry: entry[0])
    return checked


def _check_weight_times(weight_times, run_time: float, timestep: float) -> dict[int, list]:
    """``{steps run: [times]}`` from the times (ms) at which to read the weights."""
    if isinstance(weight_times, (str, bytes)) or not isinstance(weight_times, Sequence):
        raise TypeError(
            f"weight_times must be a list of times (ms) up to run_time, got {weight_times!r}"
        )
    by_step: dict[int, list] = {}
    for k, time in enumerate(weight_times):
        time = check_number(f"weight_times[{k}]", time)
        if not 0 < time <= run_time:
            raise ValueError(
                f"weight_times[{k}] must be after 0 ms and at most run_time ({run_time} ms), "
                f"got {time!r}"
            )
        by_step.setdefault(steps_for(time, timestep), []).append(time)
    return by_step


def _weights_read_back(synapses, plastic, shifts, populations) -> list[np.ndarray]:
    """Per projection, the weights ``Projection.get`` reads back now (nA, or µS)."""
    weights = []
    for k, group in enumerate(synapses):
        stored = np.asarray(plastic[k].weights) if k in plastic else group.stored_weights
        scale = 2.0 ** (FRACTION_BITS - shifts[group.post][group.receptor])
        if populations[group.post].conductance_based:
            scale *= CONDUCTANCE_WEIGHT_SCALE
        weights.append(stored / scale)
    return weights


def simulate(
    populations: Mapping[str, Cells | SpikeArray],
    projections: Sequence[tuple] = (),
    run_time: float = 100.0,
    *,
    timestep: float = 1.0,
    version: str = DEFAULT_VERSION,
    i_offset_changes: Mapping[str, Sequence[tuple]] | None = None,
    weight_times: Sequence[float] = (),
) -> SimulationResult:
    """Predict what a SpiNNaker board running sPyNNaker would record.

    This is a model of sPyNNaker's neuron update for predicting and teaching,
    not a simulator backend: it knows ``IF_curr_exp``, ``IF_cond_exp``,
    ``Izhikevich`` and spike arrays, static synapses, spike-pair STDP with
    additive weight dependence and the default ring-buffer scaling, and
    nothing of routing, real-time limits or dropped packets.

    Parameters
    ----------
    populations : mapping of str to Cells or SpikeArray
        The populations by name.
    projections : sequence of tuples
        ``(pre, post, connections, receptor)`` or, for a plastic projection,
        ``(pre, post, connections, receptor, rule)``: population names, a
        list of ``(i, j, weight, delay)`` (weight nA or µS as a magnitude
        >= 0, delay ms), ``"excitatory"`` or ``"inhibitory"``, and the
        :class:`course.stdp.StdpRule` the projection was built with (only
        additive dependence; its ``w_max``, ``A_plus``, ``A_minus``,
        ``tau_plus`` and ``tau_minus`` are used, the connections' own
        weights and delays).
    run_time : float, default 100.0
        Duration (ms); the board records ``ceil(run_time / timestep)`` steps.
    timestep : float, default 1.0
        Simulation step (ms), as in ``sim.setup(timestep=...)``.
    version : {"7.4.1", "recordings"}, default "7.4.1"
        Whose arithmetic: sPyNNaker 7.4.1's, which the SpiNNaker Jupyter hub
        runs (constants computed on the chip, parameters rounded half to
        even), or that of the older sPyNNaker that made the board recordings
        shipped with the course (:mod:`.onchip`). The Izhikevich step and
        STDP are 7.4.1's in both; only their parameters' encoding and the
        synaptic constants follow ``version``.
    i_offset_changes : mapping of str to list of (float, float), optional
        Per population name, ``(time, i_offset)`` pairs (ms, nA; the nA a
        number or one per neuron): from that time on the cells have that
        ``i_offset``, as after ``sim.run(time)``, ``population.set(i_offset=
        ...)`` and a further ``sim.run``.
    weight_times : sequence of float, default ()
        Times (ms, after 0 and at most ``run_time``) at which to read every
        projection's weights as well, as ``sim.run(time)`` and
        ``Projection.get`` would: one run instead of one per reading.

    Returns
    -------
    SimulationResult
        Population name -> spikes, ``v`` and synaptic input; ``.weights``
        holds every projection's weights at the end, ``.weights_at`` those
        read at ``weight_times``.

    Raises
    ------
    TypeError, ValueError
        For malformed populations, projections, times or changes, an
        unknown version, or an STDP rule the model does not run
        (multiplicative, or two rules into one population); the message
        names the parameter, the value and what is allowed.

    Notes
    -----
    Like a board recording everything, it keeps ``v`` and both synaptic
    inputs of every neuron at every step: 24 bytes per neuron and step
    (48 MB for 1000 neurons over 2 s).

    Examples
    --------
    >>> from course import spinnaker_model as sm
    >>> result = sm.simulate(
    ...     populations={"input": sm.SpikeArray([[0.0]]),
    ...                  "cell": sm.Cells(1, "IF_curr_exp", {"cm": 0.25})},
    ...     projections=[("input", "cell", [(0, 0, 2.0, 1.0)], "excitatory")],
    ...     run_time=10.0)
    >>> result["cell"].spikes[0]
    array([3.])
    """
    populations = check_populations(populations)
    run_time = check_positive_number("run_time", run_time)
    timestep = check_positive_number("timestep", timestep)
    version = check_version(version)
    parsed = _check_projections(projections, populations, timestep)
    changes = _check_i_offset_changes(i_offset_changes, populations, timestep)
    readings = _check_weight_times(weight_times, run_time, timestep)
    synapses, shifts = plan_synapses(parsed, populations, timestep)
    n_steps = steps_for(run_time, timestep)
    cores = {}
    for name, population in populations.items():
        if isinstance(population, Cells):
            longest = max(
                (g.delay_steps.max(initial=1) for g in synapses if g.post == name), default=1
            )
            cores[name] = _Core(population, timestep, shifts[name], int(longest) + 1, version)
    plastic = {}
    for k, group in enumerate(synapses):
        if group.rule is not None:
            post = populations[group.post]
            plastic[k] = PlasticSynapses(
                group.rule,
                group.sources,
                group.targets,
                group.delay_steps,
                group.stored_weights,
                shifts[group.post][group.receptor],
                CONDUCTANCE_WEIGHT_SCALE if post.conductance_based else 1.0,
                timestep,
                post.n,
            )
    sends = {}
    for name, population in populations.items():
        if isinstance(population, SpikeArray):
            counts = np.zeros((n_steps, population.n), dtype=np.int64)
            for neuron, steps in enumerate(population.send_steps(timestep)):
                steps = steps[steps < n_steps]
                np.add.at(counts, (steps, neuron), 1)
            sends[name] = counts
    recorded = {
        name: np.zeros((3, core.synaptic.shape[1], n_steps), dtype=np.int64)
        for name, core in cores.items()
    }
    spiked = {name: np.zeros((n_steps, recorded[name].shape[1]), dtype=bool) for name in cores}
    weights_at = {}
    for step in range(n_steps):
        counts = {name: sends[name][step] for name in sends}
        for name, core in cores.items():
            for change_step, values in changes.get(name, []):
                if change_step == step:
                    core.neurons.set_i_offset(values)
            core.receive(step)
            synaptic = core.synaptic_input()
            recorded[name][0, :, step] = core.neurons.v
            recorded[name][1:, :, step] = synaptic
            spiked[name][step] = core.update(synaptic)
            counts[name] = spiked[name][step].astype(np.int64)
        for k, group in enumerate(synapses):
            if k in plastic:
                _deliver_plastic(plastic[k], group, cores[group.post], counts[group.pre], step)
                for neuron in np.flatnonzero(counts[group.post]):
                    plastic[k].add_post_spike(int(neuron), step)
            else:
                cores[group.post].deliver(group, counts[group.pre], step)
        for time in readings.get(step + 1, ()):
            weights_at[time] = _weights_read_back(synapses, plastic, shifts, populations)
    results = {}
    for name, population in populations.items():
        if name in cores:
            v, exc, inh = (from_s1615(x) for x in recorded[name])
            steps_of = [np.flatnonzero(spiked[name][:, i]) for i in range(population.n)]
            results[name] = PopulationResult(
                spikes=[s * timestep for s in steps_of],
                v=v,
                gsyn_exc=exc,
                gsyn_inh=inh,
                timestep=timestep,
                ring_buffer_shifts=shifts[name],
            )
        else:
            results[name] = PopulationResult(
                spikes=[np.flatnonzero(sends[name][:, i]) * timestep for i in range(population.n)],
                v=None,
                gsyn_exc=None,
                gsyn_inh=None,
                timestep=timestep,
            )
    weights = _weights_read_back(synapses, plastic, shifts, populations)
    return SimulationResult(results, weights, weights_at)


def _deliver_plastic(
    plastic: PlasticSynapses, group: Synapses, core: _Core, counts: np.ndarray, step: int
) -> None:
    """Update the weights of the plastic synapses whose pre neuron spiked, then deliver them."""
    for neuron in np.flatnonzero(counts):
        for _ in range(int(counts[neuron])):
            indices = plastic.pre_spike(int(neuron), step)
            if indices:
                weights = [plastic.weights[k] for k in indices]
                core.add(
                    step + group.delay_steps[indices],
                    group.receptor,
                    group.targets[indices],
                    weights,
                )
