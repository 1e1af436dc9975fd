"""Spike-pair STDP with additive weight dependence, as a sPyNNaker 7.4.1 core computes it.

A projection of the model may carry a :class:`course.stdp.StdpRule` (PyNN's
``SpikePairRule`` with ``AdditiveWeightDependence``). The core then keeps,
per synapse, a 16-bit weight in the units of the ring buffer
(2\\ :sup:`shift - 15` nA, or µS / 1024), and updates it the way
``synapse_dynamics_stdp_mad_impl.c`` does:

* **Deferred updates.** A weight changes only when the next presynaptic
  spike is processed (``plasticity_update_synapse``): post spikes after the
  last pre spike minus the delay are never applied.
* **The whole delay is dendritic** (``backprop_delay``): a post spike fired
  at ``t_post`` reaches the synapse at ``t_post + d``, so the rule sees
  ``s = t_post + d - t_pre``. Potentiation for each post spike in
  ``(t_lastpre - d, t_pre - d]`` from the previous pre trace, skipped when
  ``s = 0``; then one depression from the last post spike at or before
  ``t_pre - d``, also at ``s = 0`` (full depression).
* **Traces**, all-to-all through accumulation, with 11 fractional bits in 16
  bits (``timing_pair_impl.h``): ``r = (r * LUT_plus[Δt] >> 11) + 2048`` at a
  pre spike, ``o = (o * LUT_minus[Δt] >> 11) + 2048`` at a post spike. The
  lookup tables are ``floor(2048 exp(-k dt / tau))``, ``ln(2048) tau / dt``
  entries rounded up to even, 0 beyond (``get_exp_lut_array`` in
  ``plasticity/stdp/common.py``).
* **History**: 16 post spikes per neuron; past 15 the oldest is dropped
  (``post_events.h``).
* **Weight arithmetic** in s16.15 (``weight_additive_one_term_impl.h``):
  ``w = w16 << shift``; each potentiation adds
  ``floor(A_plus * (trace << 4) / 2**15)`` and clamps to ``w_max``, the
  depression subtracts ``floor(A_minus * (trace << 4) / 2**15)`` and clamps
  to ``w_min``; ``w16 = w >> shift`` once per pre spike. ``A_plus``,
  ``A_minus``, ``w_min`` and ``w_max`` are absolute weights (nA, µS × 1024),
  written half to even (``weight_dependence_additive.py``): on sPyNNaker
  ``A_plus`` is **not** multiplied by ``w_max`` as NEST does.

This is sPyNNaker 7.4.1's STDP, used with either arithmetic of the neurons
(:mod:`.onchip`): the recordings' older version made no STDP recording.
"""

from __future__ import annotations

import math

import numpy as np

from course._checks import check_positive_number
from course.spinnaker_model.fixed_point import FRACTION_BITS
from course.spinnaker_model.onchip import DEFAULT_VERSION, encode

__all__ = ["PlasticSynapses", "decay_table"]

#: Fractional bits of an STDP trace (``STDP_FIXED_POINT``).
TRACE_BITS = 11

#: 1.0 as a trace (``STDP_FIXED_POINT_ONE``).
TRACE_ONE = 1 << TRACE_BITS

#: Post spikes a neuron's history holds, the placeholder at time 0 included.
HISTORY_LENGTH = 16


def check_rule(name: str, rule):
    """``rule`` if it is a ``course.stdp.StdpRule`` the model can run, else the course's error.

    The model runs what sPyNNaker's ``SpikePairRule`` with
    ``AdditiveWeightDependence`` does; a multiplicative rule (or any other
    object) is refused.
    """
    from course.stdp import StdpRule

    if not isinstance(rule, StdpRule):
        raise TypeError(
            f"{name}: the fifth item must be a course.stdp.StdpRule (the spike-pair rule the "
            f"projection was built with), got {rule!r} ({type(rule).__name__})"
        )
    if rule.dependence != "additive":
        raise ValueError(
            f"{name}: the board model runs only spike-pair STDP with additive weight "
            f"dependence; dependence={rule.dependence!r} is not modelled"
        )
    return rule


def decay_table(tau: float, timestep: float) -> np.ndarray:
    """The lookup table of trace decay a core gets from the host: floor(2048 exp(-k dt / tau)).

    Parameters
    ----------
    tau : float
        Time constant (ms).
    timestep : float
        Simulation step (ms).

    Returns
    -------
    numpy.ndarray of int64
        One entry per step of delay, ``ln(2048) tau / dt`` entries rounded
        up to an even number (154 for 20 ms at 1 ms); a delay past the end
        decays the trace to 0.

    Raises
    ------
    TypeError
        If ``tau`` or ``timestep`` is not a number.
    ValueError
        If ``tau`` or ``timestep`` is not greater than 0.
    """
    rate = check_positive_number("timestep", timestep) / check_positive_number("tau", tau)
    pairs, extra = divmod(math.log(TRACE_ONE) / rate, 2)
    size = (int(pairs) + (extra > 0)) * 2
    return np.floor(np.exp(np.arange(size) * -rate) * TRACE_ONE).astype(np.int64)


def _decayed(trace: int, table: np.ndarray, elapsed: int) -> int:
    """``STDP_FIXED_MUL_16X16(trace, DECAY_LOOKUP(elapsed))``: 0 past the table's end.

    A negative ``elapsed`` wraps around as the core's unsigned time does: 0.
    """
    factor = int(table[elapsed]) if 0 <= elapsed < table.size else 0
    return (trace * factor) >> TRACE_BITS


def _as_int16(value: int) -> int:
    """A trace as the core stores it: 16 bits, two's complement (it wraps)."""
    return ((value + 0x8000) & 0xFFFF) - 0x8000


class PlasticSynapses:
    """The STDP state of one plastic projection: weights, pre traces, post histories.

    Parameters
    ----------
    rule : course.stdp.StdpRule
        The additive spike-pair rule (:func:`check_rule`).
    sources, targets : numpy.ndarray of int
        Pre- and post-synaptic neuron of each synapse.
    delay_steps : numpy.ndarray of int
        Delay of each synapse (steps), all of it dendritic.
    stored_weights : numpy.ndarray of int
        The initial 16-bit weights.
    shift : int
        The post population's ring-buffer shift for this receptor.
    global_scale : float
        1024 for conductance-based cells, 1 for current-based.
    timestep : float
        Simulation step (ms).
    n_post : int
        Neurons in the post population.
    """

    def __init__(
        self,
        rule,
        sources: np.ndarray,
        targets: np.ndarray,
        delay_steps: np.ndarray,
        stored_weights: np.ndarray,
        shift: int,
        global_scale: float,
        timestep: float,
        n_post: int,
    ) -> None:
        version = DEFAULT_VERSION  # STDP as 7.4.1 runs it, whichever version the neurons follow
        self.weights = [int(w) for w in stored_weights]
        self.sources = sources
        self.targets = [int(j) for j in targets]
        self.delays = [int(d) for d in delay_steps]
        self.shift = int(shift)
        self.w_min = int(encode(0.0, version))
        self.w_max = int(encode(rule.w_max * global_scale, version))
        self.a_plus = int(encode(rule.A_plus * global_scale, version))
        self.a_minus = int(encode(rule.A_minus * global_scale, version))
        self.tau_plus_table = decay_table(rule.tau_plus, timestep)
        self.tau_minus_table = decay_table(rule.tau_minus, timestep)
        self.by_source: dict[int, list[int]] = {}
        for k, i in enumerate(sources):
            self.by_source.setdefault(int(i), []).append(k)
        self.pre_time: dict[int, int] = {}
        self.pre_trace: dict[int, int] = {}
        # per post neuron: [(time, trace)], the first a placeholder at time 0
        self.history = [[(0, 0)] for _ in range(n_post)]

    def add_post_spike(self, neuron: int, step: int) -> None:
        """Record a post spike in the neuron's history (``post_events_add``).

        Parameters
        ----------
        neuron : int
            Index of the post neuron.
        step : int
            The step in which it spiked.
        """
        events = self.history[neuron]
        last_time, last_trace = events[-1]
        trace = _decayed(last_trace, self.tau_minus_table, step - last_time) + TRACE_ONE
        events.append((step, _as_int16(trace)))
        if len(events) > HISTORY_LENGTH:
            del events[1]

    def _window(self, neuron: int, begin: int, end: int) -> tuple[int, list]:
        """Index of the event before the window, and the events with begin < time <= end."""
        events = self.history[neuron]
        last = len(events) - 1
        while last > 0 and events[last][0] > end:
            last -= 1
        first = last
        while first > 0 and events[first][0] > begin:
            first -= 1
        return first, events[first + 1 : last + 1]

    def _updated_weight(self, k: int, step: int, last_time: int, last_trace: int) -> int:
        """Synapse ``k``'s weight after a pre spike in ``step`` (``plasticity_update_synapse``)."""
        delay = self.delays[k]
        weight = self.weights[k] << self.shift
        previous, window = self._window(
            self.targets[k], max(last_time - delay, 0), max(step - delay, 0)
        )
        events = self.history[self.targets[k]]
        prev_time, prev_trace = events[previous]
        valid = previous > 0
        for post_time, post_trace in window:
            since_pre = post_time + delay - last_time
            if since_pre > 0:
                trace = _decayed(last_trace, self.tau_plus_table, since_pre)
                weight += (self.a_plus * (trace << 4)) >> FRACTION_BITS
                weight = min(weight, self.w_max)
            prev_time, prev_trace, valid = post_time, post_trace, True
        if valid:
            trace = _decayed(prev_trace, self.tau_minus_table, step - (prev_time + delay))
            weight -= (self.a_minus * (trace << 4)) >> FRACTION_BITS
            weight = max(weight, self.w_min)
        return weight >> self.shift

    def pre_spike(self, neuron: int, step: int) -> list[int]:
        """Process a pre spike: update the weights of the neuron's synapses.

        The weights in :attr:`weights` are updated as the core processes the
        spike's row, and are what the spike then delivers.

        Parameters
        ----------
        neuron : int
            Index of the pre neuron.
        step : int
            The step in which the spike was sent.

        Returns
        -------
        list of int
            Indices of the synapses of ``neuron``, whose weights were updated.
        """
        last_time = self.pre_time.get(neuron, 0)
        last_trace = self.pre_trace.get(neuron, 0)
        trace = _decayed(last_trace, self.tau_plus_table, step - last_time) + TRACE_ONE
        self.pre_time[neuron] = step
        self.pre_trace[neuron] = _as_int16(trace)
        synapses = self.by_source.get(neuron, [])
        for k in synapses:
            self.weights[k] = self._updated_weight(k, step, last_time, last_trace)
        return synapses
