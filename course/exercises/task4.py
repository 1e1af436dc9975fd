"""Task 4: two neurons joined by an STDP synapse, paired again and again.

The task: two single-neuron LIF populations connected by an STDP projection
whose ``tau_plus`` is larger than its ``tau_minus``; stimulate each population
repeatedly, with gaps between the stimulations, the first just before the
second; plot the spikes of each.

Each pairing with the presynaptic neuron firing a few ms before the
postsynaptic one strengthens the synapse (potentiation); the reversed order
weakens it (depression). :func:`stdp_pairing` runs the pairings one gap at a
time and reads the weight after each, so you see it change step by step.

NEST and sPyNNaker both update a plastic weight only when a *presynaptic*
spike reaches the synapse: the potentiation earned by a pairing shows up when
the next presynaptic spike arrives, one pairing later. A final, lone
presynaptic spike (``flush=True``) collects the last pairing's share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course import simulator
from course._checks import check_flag, check_number, check_positive_integer, check_positive_number
from course.portable import connections, earliest_spike_time
from course.results import Recording, collect
from course.stdp import StdpRule

__all__ = [
    "BoardPairing",
    "CELL_PARAMETERS",
    "DRIVE_WEIGHT",
    "FIRST_PAIRING",
    "GAP",
    "LAG",
    "N_PAIRINGS",
    "RULE",
    "StdpPairingRun",
    "board_pairing",
    "stdp_pairing",
]

#: The task's rule: ``tau_plus`` = 20 ms larger than ``tau_minus`` = 10 ms,
#: steps of 0.01 and 0.012 of ``w_max`` = 1 nA, starting at 0.5 nA, 1 ms delay.
RULE = StdpRule()
#: Number of pairings.
N_PAIRINGS = 15
#: Time between one pairing and the next (ms), many time constants long.
GAP = 100.0
#: Time of the first presynaptic stimulus (ms).
FIRST_PAIRING = 10.0
#: Stimulus time of the postsynaptic neuron minus that of the presynaptic one (ms).
LAG = 5.0
#: Weight of each stimulus (nA): one input spike makes one output spike.
DRIVE_WEIGHT = 20.0
#: LIF parameters of both neurons: a 20 ms refractory period stops the strong
#: stimulus from making a second spike.
CELL_PARAMETERS = {"tau_refrac": 20.0}


@dataclass(frozen=True)
class StdpPairingRun:
    """What :func:`stdp_pairing` recorded.

    Parameters
    ----------
    recording : Recording
        Spikes of populations ``"pre"`` and ``"post"``.
    times : numpy.ndarray
        When each weight was read (ms); 0 for the starting weight.
    weights : numpy.ndarray
        The plastic weight (nA) at each of ``times``; ``nan`` where it could
        not be read back (virtual board).
    rule : StdpRule
        The plastic synapse's rule.
    """

    recording: Recording
    times: np.ndarray
    weights: np.ndarray
    rule: StdpRule = RULE


def stdp_pairing(
    sim,
    *,
    n_pairings: int = N_PAIRINGS,
    lag: float = LAG,
    gap: float = GAP,
    flush: bool = True,
    rule: StdpRule = RULE,
) -> StdpPairingRun:
    """Build and run the Task 4 network, reading the weight after every pairing.

    Two one-neuron LIF populations, ``"pre"`` and ``"post"``, each driven by
    its own spike source, joined by an STDP projection pre -> post. Pairing
    ``k`` stimulates pre at ``FIRST_PAIRING + k * gap`` and post ``lag`` ms
    later. The network runs one ``gap`` at a time; the weight is read after
    each. Call it once after each :func:`course.setup`.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_pairings : int, default 15
        Number of pairings.
    lag : float, default 5.0
        Post stimulus time minus pre stimulus time (ms); negative for post
        first. Its size must stay below ``gap / 2``.
    gap : float, default 100.0
        Time from one pairing to the next (ms).
    flush : bool, default True
        Stimulate pre once more, one ``gap`` after the last pairing, so that
        the last pairing's potentiation is applied (see the module notes).
    rule : StdpRule, default RULE
        The plastic synapse; the task asks for ``tau_plus > tau_minus``.

    Returns
    -------
    StdpPairingRun
        The spikes, and the weight (nA) read at time 0 and after each gap.
    """
    n_pairings, lag, gap, flush = _checked_schedule(n_pairings, lag, gap, flush, rule)
    synapse = rule.synapse(sim)
    pre_stimuli, post_stimuli = _stimuli(n_pairings, lag, gap, flush, earliest_spike_time())

    cells = {}
    for label, stimuli in (("pre", pre_stimuli), ("post", post_stimuli)):
        source = sim.Population(
            1, sim.SpikeSourceArray(spike_times=stimuli), label=f"{label} stimulus"
        )
        cells[label] = sim.Population(1, sim.IF_curr_exp(**CELL_PARAMETERS), label=label)
        cells[label].record("spikes")
        sim.Projection(
            source,
            cells[label],
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=DRIVE_WEIGHT, delay=simulator.current().min_delay),
            receptor_type="excitatory",
        )
    plastic = sim.Projection(
        cells["pre"], cells["post"], sim.OneToOneConnector(), synapse, receptor_type="excitatory"
    )
    times, weights = [0.0], [rule.w_init]
    for _ in range(n_pairings + int(flush)):
        sim.run(gap)
        rows = connections(plastic)
        times.append(float(sim.get_current_time()))
        weights.append(float(rows[0, 2]) if len(rows) else float("nan"))
    parameters = {
        "n_pairings": n_pairings,
        "lag": lag,
        "gap": gap,
        "flush": flush,
        "pre_stimuli": pre_stimuli,
        "post_stimuli": post_stimuli,
    }
    recording = collect([cells["pre"], cells["post"]], parameters)
    return StdpPairingRun(recording, np.array(times), np.array(weights), rule)


def _checked_schedule(n_pairings, lag, gap, flush, rule):
    """The pairing schedule's arguments, checked."""
    n_pairings = check_positive_integer("n_pairings", n_pairings)
    lag = check_number("lag", lag)
    gap = check_positive_number("gap", gap)
    if lag == 0 or abs(lag) >= gap / 2:
        raise ValueError(
            f"lag must be non-zero and shorter than gap / 2 = {gap / 2:g} ms, got {lag!r}"
        )
    flush = check_flag("flush", flush)
    if not isinstance(rule, StdpRule):
        raise TypeError(f"rule must be a course.stdp.StdpRule, got {type(rule).__name__}")
    return n_pairings, lag, gap, flush


def _stimuli(n_pairings, lag, gap, flush, earliest) -> tuple[list, list]:
    """Stimulus times (ms) of pre and post: pairing k at FIRST_PAIRING + k * gap."""
    first = max(FIRST_PAIRING, earliest - min(lag, 0.0))
    pre_stimuli = [first + k * gap for k in range(n_pairings + int(flush))]
    post_stimuli = [first + k * gap + lag for k in range(n_pairings)]
    return pre_stimuli, post_stimuli


@dataclass(frozen=True)
class BoardPairing:
    """What a SpiNNaker board would record for the Task 4 network (:func:`board_pairing`).

    Parameters
    ----------
    pre_spikes, post_spikes : numpy.ndarray
        Spike times of the two neurons (ms), on the 1 ms grid.
    times : numpy.ndarray
        When each weight is read (ms); 0 for the starting weight.
    weights : numpy.ndarray
        The plastic weight (nA) the board holds at each of ``times``.
    weight_step : float
        The board's weight resolution for this synapse (nA): every weight is
        a whole multiple of it.
    rule : StdpRule
        The plastic synapse's rule.
    """

    pre_spikes: np.ndarray
    post_spikes: np.ndarray
    times: np.ndarray
    weights: np.ndarray
    weight_step: float
    rule: StdpRule = RULE


def board_pairing(
    *,
    n_pairings: int = N_PAIRINGS,
    lag: float = LAG,
    gap: float = GAP,
    flush: bool = True,
    rule: StdpRule = RULE,
    drive_weight: float = DRIVE_WEIGHT,
) -> BoardPairing:
    """What a SpiNNaker board running sPyNNaker 7.4.1 would record for :func:`stdp_pairing`.

    The same network and schedule (inputs from 0 ms on, as a board delivers
    them), stepped by :mod:`course.spinnaker_model`, with the weight read
    after every ``gap`` as ``sim.run(gap)`` and reading it back would. The
    board stores the weight in 16-bit steps whose size grows with the
    largest weights onto the neuron: ``drive_weight`` sets it.

    Parameters
    ----------
    n_pairings : int, default 15
        Number of pairings, as for :func:`stdp_pairing`.
    lag : float, default 5.0
        Post stimulus time minus pre stimulus time (ms).
    gap : float, default 100.0
        Time from one pairing to the next (ms).
    flush : bool, default True
        Stimulate pre once more, one ``gap`` after the last pairing.
    rule : StdpRule, default RULE
        The plastic synapse; additive dependence only (the model's).
    drive_weight : float, default 20.0
        Weight of each neuron's stimulus (nA); it must make the neuron fire.

    Returns
    -------
    BoardPairing
        The spikes, the weight (nA) at time 0 and after each gap, and the
        weight resolution.
    """
    from course import spinnaker_model as sm

    n_pairings, lag, gap, flush = _checked_schedule(n_pairings, lag, gap, flush, rule)
    drive_weight = check_positive_number("drive_weight", drive_weight)
    pre_stimuli, post_stimuli = _stimuli(n_pairings, lag, gap, flush, earliest=0.0)
    populations = {
        "pre stimulus": sm.SpikeArray([pre_stimuli]),
        "post stimulus": sm.SpikeArray([post_stimuli]),
        "pre": sm.Cells(1, "IF_curr_exp", CELL_PARAMETERS),
        "post": sm.Cells(1, "IF_curr_exp", CELL_PARAMETERS),
    }
    projections = [
        ("pre stimulus", "pre", [(0, 0, drive_weight, 1.0)], "excitatory"),
        ("post stimulus", "post", [(0, 0, drive_weight, 1.0)], "excitatory"),
        ("pre", "post", [(0, 0, rule.w_init, rule.delay)], "excitatory", rule),
    ]
    times = [k * gap for k in range(1, n_pairings + int(flush) + 1)]
    result = sm.simulate(populations, projections, run_time=times[-1], weight_times=times)
    weights = [rule.w_init] + [float(result.weights_at[time][-1][0]) for time in times]
    shift = result["post"].ring_buffer_shifts[0]
    return BoardPairing(
        pre_spikes=result["pre"].spikes[0],
        post_spikes=result["post"].spikes[0],
        times=np.array([0.0, *times]),
        weights=np.array(weights),
        weight_step=2.0 ** (shift - 15),
        rule=rule,
    )
