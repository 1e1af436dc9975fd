"""One SpiNNaker core's time step, for every neuron at once.

In each step of ``dt`` ms a core running sPyNNaker's ``IF_curr_exp`` or
``IF_cond_exp`` does, for each neuron, in this order
(``neuron_impl_standard.h``, ``neuron_model_lif_impl.h``):

1. **Input arrives.** The ring-buffer slot for this step (all weights whose
   spikes were sent ``delay`` steps ago) is shifted into s16.15, scaled by
   ``init = (tau_syn/dt)(1 - exp(-dt/tau_syn))`` and added to the synaptic
   state (``synapse_types_exponential_impl.h``).
2. **Recording.** ``v`` is recorded *before* the update, and the synaptic
   state as it is now (``gsyn_exc``/``gsyn_inh``: nA for ``IF_curr_exp``,
   µS for ``IF_cond_exp``).
3. **Update** (skipped while refractory, when the refractory counter
   counts down instead). The input is held constant over the step and the
   membrane equation solved exactly for it:
   ``alpha = I * R + v_rest; v = alpha - exp(-dt/tau_m) * (alpha - v)``,
   with ``I = exc - inh + i_offset`` (nA); for ``IF_cond_exp`` each
   conductance is first turned into a current with the driving force of
   ``v`` at the start of the step, ``g * (e_rev - v)``.
4. **Threshold.** If ``v >= v_thresh`` the neuron spikes *in this step*:
   ``v = v_reset`` and the refractory counter is set to
   ``ceil(tau_refrac/dt)`` steps. The spike is recorded at this step's time
   and sent; a target receives it in step ``t + delay`` (step 1 above).
5. **Synaptic decay.** The synaptic state is multiplied by
   ``exp(-dt/tau_syn)``.

Everything is integer arithmetic on s16.15 bit patterns
(:mod:`course.spinnaker_model.fixed_point`).

Consequences a learner meets: an input that arrives in step ``t`` moves
``v`` first at ``t + 1``; a neuron driven over threshold by one input
spikes two steps after it arrives, so in a chain each hop takes
``delay + 2`` steps; refractory neurons record ``v_reset`` for
``ceil(tau_refrac/dt) + 1`` samples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from course._checks import check_positive_number
from course.spinnaker_model.fixed_point import (
    FRACTION_BITS,
    U032_BITS,
    WEIGHT_MAX,
    from_s1615,
    shifted_product,
    to_s1615,
    to_u032,
)
from course.spinnaker_model.populations import Cells, SpikeArray, check_populations, steps_for
from course.spinnaker_model.synapses import Synapses, parse_projection, plan_synapses

__all__ = ["PopulationResult", "simulate"]

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
        ``IF_curr_exp``, conductance (µS) for ``IF_cond_exp``.
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


class _Core:
    """The state of one population of cells, as s16.15 bit patterns, and its step."""

    def __init__(self, cells: Cells, timestep: float, shifts: tuple[int, int], ring_slots: int):
        p = cells.parameters
        self.conductance_based = cells.conductance_based
        self.shifts = np.asarray(shifts, dtype=np.int64)[:, None]
        # Constants the host computes and writes, truncated to s16.15 / u0.32.
        self.v_rest = to_s1615(p["v_rest"])
        self.v_reset = to_s1615(p["v_reset"])
        self.v_thresh = to_s1615(p["v_thresh"])
        self.i_offset = to_s1615(p["i_offset"])
        self.r_membrane = to_s1615(p["tau_m"] / p["cm"])
        self.exp_tc = to_s1615(np.exp(-timestep / p["tau_m"]))
        self.refractory_steps = np.ceil(np.round(p["tau_refrac"] / timestep, 6)).astype(np.int64)
        tau_syn = np.stack([p["tau_syn_E"], p["tau_syn_I"]])
        decay = np.exp(-timestep / tau_syn)
        self.decay = to_u032(decay)
        self.init = to_u032(tau_syn / timestep * (1.0 - decay))
        if self.conductance_based:
            self.e_rev = to_s1615(np.stack([p["e_rev_E"], p["e_rev_I"]]))
        # State.
        self.v = to_s1615(cells.v_init)
        self.refractory = np.zeros(cells.n, dtype=np.int64)
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
        """Steps 3-5; returns which neurons spiked."""
        if self.conductance_based:
            exc = shifted_product(synaptic[0], self.e_rev[0] - self.v, FRACTION_BITS)
            inh = -shifted_product(synaptic[1], self.e_rev[1] - self.v, FRACTION_BITS)
        else:
            exc, inh = synaptic
        current = exc - inh + self.i_offset
        free = self.refractory <= 0
        alpha = shifted_product(current, self.r_membrane, FRACTION_BITS) + self.v_rest
        integrated = alpha - shifted_product(self.exp_tc, alpha - self.v, FRACTION_BITS)
        self.v = np.where(free, integrated, self.v)
        self.refractory = np.where(free, self.refractory, self.refractory - 1)
        spiked = self.v >= self.v_thresh
        self.v = np.where(spiked, self.v_reset, self.v)
        self.refractory = np.where(spiked, self.refractory_steps, self.refractory)
        self.synaptic = shifted_product(self.synaptic, self.decay, U032_BITS)
        return spiked

    def deliver(self, group: Synapses, counts: np.ndarray, step: int) -> None:
        """Add the weights of spikes sent now to the slots ``delay`` steps ahead (saturating)."""
        sent = counts[group.sources]
        active = sent > 0
        if not active.any():
            return
        slots = (step + group.delay_steps[active]) % self.ring.shape[0]
        targets = group.targets[active]
        np.add.at(
            self.ring, (slots, group.receptor, targets), group.stored_weights[active] * sent[active]
        )
        np.minimum(self.ring, WEIGHT_MAX, out=self.ring)


def simulate(
    populations: Mapping[str, Cells | SpikeArray],
    projections: Sequence[tuple] = (),
    run_time: float = 100.0,
    *,
    timestep: float = 1.0,
) -> dict[str, PopulationResult]:
    """Predict what a SpiNNaker board running sPyNNaker would record.

    This is a model of sPyNNaker's neuron update for predicting and teaching,
    not a simulator backend: it knows ``IF_curr_exp``, ``IF_cond_exp`` and
    spike arrays, static synapses and the default ring-buffer scaling, and
    nothing of routing, real-time limits or dropped packets.

    Parameters
    ----------
    populations : mapping of str to Cells or SpikeArray
        The populations by name.
    projections : sequence of tuples
        ``(pre, post, connections, receptor)``: population names, a list of
        ``(i, j, weight, delay)`` (weight nA or µS as a magnitude >= 0, delay
        ms), and ``"excitatory"`` or ``"inhibitory"``.
    run_time : float, default 100.0
        Duration (ms); the board records ``ceil(run_time / timestep)`` steps.
    timestep : float, default 1.0
        Simulation step (ms), as in ``sim.setup(timestep=...)``.

    Returns
    -------
    dict of str to PopulationResult
        Spikes, ``v`` and synaptic input per population.

    Raises
    ------
    TypeError, ValueError
        For malformed populations, projections or times; the message names
        the parameter, the value and what is allowed.

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
    if isinstance(projections, (str, bytes)) or not isinstance(projections, Sequence):
        raise TypeError(
            "projections must be a list of (pre, post, connections, receptor) tuples, "
            f"got {projections!r}"
        )
    parsed = [
        parse_projection(projection, populations, timestep, name=f"projections[{k}]")
        for k, projection in enumerate(projections)
    ]
    synapses, shifts = plan_synapses(parsed, populations, timestep)
    n_steps = steps_for(run_time, timestep)
    cores = {}
    for name, population in populations.items():
        if isinstance(population, Cells):
            longest = max(
                (g.delay_steps.max(initial=1) for g in synapses if g.post == name), default=1
            )
            cores[name] = _Core(population, timestep, shifts[name], int(longest) + 1)
    sends = {}
    for name, population in populations.items():
        if isinstance(population, SpikeArray):
            counts = np.zeros((n_steps, population.n), dtype=np.int64)
            for neuron, steps in enumerate(population.send_steps(timestep)):
                steps = steps[steps < n_steps]
                np.add.at(counts, (steps, neuron), 1)
            sends[name] = counts
    recorded = {
        name: np.zeros((3, core.v.size, n_steps), dtype=np.int64) for name, core in cores.items()
    }
    spiked = {name: np.zeros((n_steps, core.v.size), dtype=bool) for name, core in cores.items()}
    for step in range(n_steps):
        counts = {name: sends[name][step] for name in sends}
        for name, core in cores.items():
            core.receive(step)
            synaptic = core.synaptic_input()
            recorded[name][0, :, step] = core.v
            recorded[name][1:, :, step] = synaptic
            spiked[name][step] = core.update(synaptic)
            counts[name] = spiked[name][step].astype(np.int64)
        for group in synapses:
            cores[group.post].deliver(group, counts[group.pre], step)
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
    return results
