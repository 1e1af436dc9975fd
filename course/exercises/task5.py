"""Task 5: the STDP curve, weight change against spike-time difference.

The task: draw an STDP curve with ``SpikeSourceArray`` inputs stimulating a
LIF population, varying the spike times of the source.

:func:`stdp_curve` measures every point of the curve in one simulation: pair
``i`` has its own presynaptic spike source, its own postsynaptic LIF neuron
and its own spike source that makes that neuron fire at a known time, so the
pairs cannot disturb each other. The presynaptic spike comes ``Δt`` before the
postsynaptic one; one more, lone presynaptic spike long afterwards makes the
simulator apply the potentiation (both NEST and sPyNNaker update a plastic
weight only when a presynaptic spike arrives).

:meth:`course.stdp.StdpRule.weight_change` gives the curve the spike-pair
rule predicts. NEST and sPyNNaker count the whole synaptic delay ``d`` as
dendritic: the postsynaptic spike reaches the synapse ``d`` after it is fired,
so what the rule sees is ``Δt + d`` with ``Δt = t_post - t_pre``, and the curve
is shifted by ``d`` to the left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course import simulator
from course._checks import check_flag, check_positive_number
from course.exercises.task4 import DRIVE_WEIGHT
from course.portable import connections
from course.results import Recording, collect
from course.stdp import StdpRule

__all__ = [
    "BoardCurve",
    "DELTA_TS",
    "FLUSH_AFTER",
    "POST_TIME",
    "POST_CELL_PARAMETERS",
    "RULE",
    "StdpCurve",
    "board_curve",
    "stdp_curve",
]

#: Spike-time differences t_post - t_pre asked for (ms): -50 to 50 in 5 ms
#: steps, leaving out 0, close to where the curve jumps from depression to
#: potentiation.
DELTA_TS = tuple(float(t) for t in range(-50, 55, 5) if t != 0)
#: When each postsynaptic stimulus arrives (ms); the neuron fires about
#: 0.8 ms later.
POST_TIME = 100.0
#: The lone presynaptic spike comes this many ``tau_minus`` after the last
#: pairing, so that its own depression is below 1e-8 of a step.
FLUSH_AFTER = 20.0
#: The rule of Task 4, starting at a quarter of ``w_max`` (0.25 nA), so that
#: additive and multiplicative dependence give visibly different curves.
RULE = StdpRule(w_init=0.25)
#: LIF parameters of the postsynaptic neurons (see task4.CELL_PARAMETERS).
POST_CELL_PARAMETERS = {"tau_refrac": 20.0}


@dataclass(frozen=True)
class StdpCurve:
    """What :func:`stdp_curve` measured.

    Parameters
    ----------
    delta_t : numpy.ndarray
        Measured ``t_post - t_pre`` of each pair (ms); ``nan`` where the
        postsynaptic neuron recorded no spike (virtual board).
    weight_change : numpy.ndarray
        Final minus starting weight of each pair (nA); ``nan`` where the weight
        could not be read back.
    requested_delta_t : numpy.ndarray
        The spike-time differences asked for (ms).
    recording : Recording
        Spikes of the postsynaptic population ``"post"``.
    rule : StdpRule
        The rule of every plastic synapse.
    """

    delta_t: np.ndarray
    weight_change: np.ndarray
    requested_delta_t: np.ndarray
    recording: Recording
    rule: StdpRule = RULE

    def predicted(self, delta_t=None) -> np.ndarray:
        """The rule's weight change (nA) at the measured (or given) ``delta_t``.

        Parameters
        ----------
        delta_t : array_like, optional
            Where to evaluate (ms); by default at the measured ``delta_t``.

        Returns
        -------
        numpy.ndarray
            Predicted weight change (nA) at each ``delta_t``.
        """
        return self.rule.weight_change(self.delta_t if delta_t is None else delta_t)


def stdp_curve(
    sim,
    *,
    delta_ts=DELTA_TS,
    rule: StdpRule = RULE,
    flush: bool = True,
) -> StdpCurve:
    """Measure the STDP curve: one independent pre/post pair per ``Δt``.

    Pair ``i``: a postsynaptic LIF neuron driven by a strong input spike that
    arrives at :data:`POST_TIME`, and a presynaptic spike source that fires
    ``delta_ts[i]`` earlier and once more long after the
    pairings (:data:`FLUSH_AFTER` times ``tau_minus``). All pairs run at
    once in one simulation. Call it once after
    each :func:`course.setup`.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    delta_ts : sequence of float, default DELTA_TS
        Spike-time differences ``t_post - t_pre`` to ask for (ms), each
        between -90 and 90 ms. The neuron fires about 0.8 ms after its input
        arrives, so the measured ones are that much larger.
    rule : StdpRule, default RULE
        The rule of every plastic synapse.
    flush : bool, default True
        Give every presynaptic source its late, lone spike. Without it the
        potentiation is never applied and that half of the curve reads 0.

    Returns
    -------
    StdpCurve
        The measured ``Δt`` and weight change (nA) of every pair, the
        requested ``Δt``, the recording and the rule.
    """
    requested, flush = _checked_pairs(delta_ts, rule, flush)
    synapse = rule.synapse(sim)
    n_pairs = requested.size
    min_delay = simulator.current().min_delay
    # The driver fires min_delay early so that its spike arrives at POST_TIME.
    driver = sim.Population(
        n_pairs, sim.SpikeSourceArray(spike_times=[POST_TIME - min_delay]), label="post stimulus"
    )
    post = sim.Population(n_pairs, sim.IF_curr_exp(**POST_CELL_PARAMETERS), label="post")
    post.record("spikes")
    flush_time, pre_times = _pre_times(requested, rule, flush)
    pre = sim.Population(n_pairs, sim.SpikeSourceArray(spike_times=pre_times), label="pre")
    sim.Projection(
        driver,
        post,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=DRIVE_WEIGHT, delay=min_delay),
        receptor_type="excitatory",
    )
    plastic = sim.Projection(
        pre, post, sim.OneToOneConnector(), synapse, receptor_type="excitatory"
    )
    sim.run(flush_time + 10.0)

    rows = connections(plastic)
    weights = np.full(n_pairs, np.nan)
    weights[rows[:, 0].astype(int)] = rows[:, 2]
    recording = collect([post], {"delta_ts": requested.tolist(), "flush": flush})
    return StdpCurve(
        delta_t=_measured(recording.spike_times("post"), pre_times),
        weight_change=weights - rule.w_init,
        requested_delta_t=requested,
        recording=recording,
        rule=rule,
    )


def _checked_pairs(delta_ts, rule, flush) -> tuple[np.ndarray, bool]:
    """The requested spike-time differences (ms) and the flush flag, checked."""
    try:
        requested = np.asarray(delta_ts, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"delta_ts must be a sequence of times in ms, got {delta_ts!r}") from None
    if requested.size == 0 or not np.all(np.isfinite(requested)):
        raise ValueError(f"delta_ts must hold at least one finite time (ms), got {delta_ts!r}")
    if np.abs(requested).max() > POST_TIME - 10.0:
        raise ValueError(
            f"every delta_t must lie between -{POST_TIME - 10.0:g} and {POST_TIME - 10.0:g} ms, "
            f"got {np.abs(requested).max():g}"
        )
    if not isinstance(rule, StdpRule):
        raise TypeError(f"rule must be a course.stdp.StdpRule, got {type(rule).__name__}")
    return requested, check_flag("flush", flush)


def _pre_times(requested, rule: StdpRule, flush: bool) -> tuple[float, list]:
    """The lone late spike's time (ms), and each pre source's spike times (ms)."""
    flush_time = POST_TIME + np.abs(requested).max() + FLUSH_AFTER * rule.tau_minus
    return flush_time, [[POST_TIME - lag, *([flush_time] if flush else [])] for lag in requested]


def _measured(post_spikes, pre_times) -> np.ndarray:
    """``t_post - t_pre`` (ms) of each pair from its first spikes; nan without a post spike."""
    return np.array(
        [
            train[0] - times[0] if len(train) else np.nan
            for train, times in zip(post_spikes, pre_times, strict=True)
        ]
    )


@dataclass(frozen=True)
class BoardCurve:
    """What a SpiNNaker board would measure for the Task 5 network (:func:`board_curve`).

    Parameters
    ----------
    delta_t : numpy.ndarray
        ``t_post - t_pre`` of each pair (ms), whole milliseconds.
    weight_change : numpy.ndarray
        Final weight minus ``w_init`` of each pair (nA), whole weight steps.
    requested_delta_t : numpy.ndarray
        The spike-time differences asked for (ms).
    weight_step : float
        The board's weight resolution for these synapses (nA).
    rule : StdpRule
        The rule of every plastic synapse.
    """

    delta_t: np.ndarray
    weight_change: np.ndarray
    requested_delta_t: np.ndarray
    weight_step: float
    rule: StdpRule = RULE

    def predicted(self, delta_t=None) -> np.ndarray:
        """The rule's weight change (nA) as sPyNNaker reads it, before the rounding.

        Parameters
        ----------
        delta_t : array_like, optional
            Where to evaluate (ms); by default at the measured ``delta_t``.

        Returns
        -------
        numpy.ndarray
            ``rule.weight_change(delta_t, backend="spiNNaker")`` (nA).
        """
        where = self.delta_t if delta_t is None else delta_t
        return self.rule.weight_change(where, backend="spiNNaker")


def board_curve(
    *,
    delta_ts=DELTA_TS,
    rule: StdpRule = RULE,
    flush: bool = True,
    drive_weight: float = DRIVE_WEIGHT,
) -> BoardCurve:
    """What a SpiNNaker board running sPyNNaker 7.4.1 would measure for :func:`stdp_curve`.

    The same pairs (the driver's spike arriving at :data:`POST_TIME`), stepped
    by :mod:`course.spinnaker_model`, weights read at the end. The board
    stores weights in 16-bit steps whose size grows with the largest weights
    onto the neurons: ``drive_weight`` sets it.

    Parameters
    ----------
    delta_ts : sequence of float, default DELTA_TS
        Spike-time differences ``t_post - t_pre`` to ask for (ms), each
        between -90 and 90 ms.
    rule : StdpRule, default RULE
        The rule of every plastic synapse; additive dependence only (the
        model's).
    flush : bool, default True
        Give every presynaptic source its late, lone spike.
    drive_weight : float, default 20.0
        Weight of each driver spike (nA); it must make its neuron fire.

    Returns
    -------
    BoardCurve
        The board's ``Δt`` and weight change (nA) of every pair, and the
        weight resolution.
    """
    from course import spinnaker_model as sm

    requested, flush = _checked_pairs(delta_ts, rule, flush)
    drive_weight = check_positive_number("drive_weight", drive_weight)
    n_pairs = requested.size
    flush_time, pre_times = _pre_times(requested, rule, flush)
    one_to_one = range(n_pairs)
    plastic = [(i, i, rule.w_init, rule.delay) for i in one_to_one]
    result = sm.simulate(
        populations={
            "driver": sm.SpikeArray([[POST_TIME - 1.0]] * n_pairs),
            "pre": sm.SpikeArray(pre_times),
            "post": sm.Cells(n_pairs, "IF_curr_exp", POST_CELL_PARAMETERS),
        },
        projections=[
            ("driver", "post", [(i, i, drive_weight, 1.0) for i in one_to_one], "excitatory"),
            ("pre", "post", plastic, "excitatory", rule),
        ],
        run_time=flush_time + 10.0,
    )
    shift = result["post"].ring_buffer_shifts[0]
    step = 2.0 ** (shift - 15)
    return BoardCurve(
        delta_t=_measured(result["post"].spikes, pre_times),
        weight_change=np.asarray(result.weights[-1], dtype=float) - rule.w_init,
        requested_delta_t=requested,
        weight_step=step,
        rule=rule,
    )
