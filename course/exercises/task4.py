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
from course._checks import check_number, check_positive_integer, check_positive_number
from course.portable import connections, earliest_spike_time
from course.results import Recording, collect

__all__ = [
    "A_MINUS",
    "A_PLUS",
    "CELL_PARAMETERS",
    "DELAY",
    "DRIVE_WEIGHT",
    "FIRST_PAIRING",
    "GAP",
    "LAG",
    "N_PAIRINGS",
    "TAU_MINUS",
    "TAU_PLUS",
    "W_INIT",
    "W_MAX",
    "StdpPairingRun",
    "check_stdp_parameters",
    "stdp_mechanism",
    "stdp_pairing",
]

#: Time constant of the potentiation window (ms); larger than :data:`TAU_MINUS`.
TAU_PLUS = 20.0
#: Time constant of the depression window (ms).
TAU_MINUS = 10.0
#: Size of one potentiation step, as a fraction of :data:`W_MAX`.
A_PLUS = 0.01
#: Size of one depression step, as a fraction of :data:`W_MAX`.
A_MINUS = 0.012
#: Largest weight the plastic synapse may reach (nA); the smallest is 0.
W_MAX = 1.0
#: Starting weight of the plastic synapse (nA).
W_INIT = 0.5
#: Delay of the plastic synapse (ms); NEST and sPyNNaker count it all as dendritic.
DELAY = 1.0
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


def check_stdp_parameters(
    *,
    tau_plus: float,
    tau_minus: float,
    A_plus: float,
    A_minus: float,
    w_max: float,
    w_init: float,
    delay: float,
) -> None:
    """Check the parameters of a spike-pair STDP synapse.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, the value and what is allowed.
    """
    for name, value in (("tau_plus", tau_plus), ("tau_minus", tau_minus), ("w_max", w_max)):
        check_positive_number(name, value)
    for name, value in (("A_plus", A_plus), ("A_minus", A_minus)):
        value = check_number(name, value)
        if not 0.0 <= value <= 1.0:
            raise ValueError(
                f"{name} must lie between 0 and 1 (a fraction of w_max), got {value!r}"
            )
    w_init = check_number("w_init", w_init)
    if not 0.0 <= w_init <= w_max:
        raise ValueError(f"w_init must lie between 0 and w_max={w_max:g} nA, got {w_init!r}")
    delay = check_positive_number("delay", delay)
    state = simulator.current()
    if delay < state.min_delay:
        raise ValueError(f"delay must be at least min_delay={state.min_delay:g} ms, got {delay!r}")


def stdp_mechanism(
    sim,
    *,
    tau_plus: float = TAU_PLUS,
    tau_minus: float = TAU_MINUS,
    A_plus: float = A_PLUS,
    A_minus: float = A_MINUS,
    w_max: float = W_MAX,
    w_init: float = W_INIT,
    delay: float = DELAY,
    dependence: str = "additive",
):
    """A spike-pair STDP synapse type, written the same way for every backend.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    tau_plus, tau_minus : float
        Time constants of potentiation and depression (ms).
    A_plus, A_minus : float
        Step sizes, as fractions of ``w_max`` (additive) or of the distance to
        the bound (multiplicative).
    w_max : float
        Largest weight (nA); the smallest is 0 (NEST allows no other).
    w_init : float
        Starting weight (nA).
    delay : float
        Synaptic delay (ms).
    dependence : {"additive", "multiplicative"}, default "additive"
        ``AdditiveWeightDependence``: every step is ``A * w_max``.
        ``MultiplicativeWeightDependence``: potentiation ``A_plus * (w_max - w)``,
        depression ``A_minus * w``.

    Returns
    -------
    pyNN.standardmodels.synapses.STDPMechanism
    """
    check_stdp_parameters(
        tau_plus=tau_plus,
        tau_minus=tau_minus,
        A_plus=A_plus,
        A_minus=A_minus,
        w_max=w_max,
        w_init=w_init,
        delay=delay,
    )
    dependences = {
        "additive": sim.AdditiveWeightDependence,
        "multiplicative": sim.MultiplicativeWeightDependence,
    }
    if dependence not in dependences:
        raise ValueError(
            f"dependence={dependence!r} is not allowed; choose 'additive' or 'multiplicative'"
        )
    return sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(
            tau_plus=tau_plus, tau_minus=tau_minus, A_plus=A_plus, A_minus=A_minus
        ),
        weight_dependence=dependences[dependence](w_min=0.0, w_max=w_max),
        weight=w_init,
        delay=delay,
    )


@dataclass(frozen=True)
class StdpPairingRun:
    """What :func:`stdp_pairing` recorded.

    Attributes
    ----------
    recording : Recording
        Spikes of populations ``"pre"`` and ``"post"``.
    times : numpy.ndarray
        When each weight was read (ms); 0 for the starting weight.
    weights : numpy.ndarray
        The plastic weight (nA) at each of ``times``; ``nan`` where it could
        not be read back (virtual board).
    """

    recording: Recording
    times: np.ndarray
    weights: np.ndarray

    @property
    def parameters(self) -> dict:
        """The parameters the network was built with."""
        return self.recording.parameters


def stdp_pairing(
    sim,
    *,
    n_pairings: int = N_PAIRINGS,
    lag: float = LAG,
    gap: float = GAP,
    flush: bool = True,
    tau_plus: float = TAU_PLUS,
    tau_minus: float = TAU_MINUS,
    A_plus: float = A_PLUS,
    A_minus: float = A_MINUS,
    w_max: float = W_MAX,
    w_init: float = W_INIT,
    delay: float = DELAY,
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
    tau_plus, tau_minus, A_plus, A_minus, w_max, w_init, delay
        The STDP synapse, as in :func:`stdp_mechanism` (ms, nA).

    Returns
    -------
    StdpPairingRun
        The spikes, and the weight (nA) read at time 0 and after each gap.
    """
    n_pairings = check_positive_integer("n_pairings", n_pairings)
    lag = check_number("lag", lag)
    gap = check_positive_number("gap", gap)
    if lag == 0 or abs(lag) >= gap / 2:
        raise ValueError(
            f"lag must be non-zero and shorter than gap / 2 = {gap / 2:g} ms, got {lag!r}"
        )
    if not isinstance(flush, bool):
        raise TypeError(f"flush must be True or False, got {flush!r}")
    synapse = stdp_mechanism(
        sim,
        tau_plus=tau_plus,
        tau_minus=tau_minus,
        A_plus=A_plus,
        A_minus=A_minus,
        w_max=w_max,
        w_init=w_init,
        delay=delay,
    )
    first = max(FIRST_PAIRING, earliest_spike_time() - min(lag, 0.0))
    pre_stimuli = [first + k * gap for k in range(n_pairings + int(flush))]
    post_stimuli = [first + k * gap + lag for k in range(n_pairings)]

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
    times, weights = [0.0], [w_init]
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
        "tau_plus": tau_plus,
        "tau_minus": tau_minus,
        "A_plus": A_plus,
        "A_minus": A_minus,
        "w_max": w_max,
        "w_init": w_init,
        "delay": delay,
        "pre_stimuli": pre_stimuli,
        "post_stimuli": post_stimuli,
        "run_time": float(sim.get_current_time()),
    }
    recording = collect([cells["pre"], cells["post"]], parameters)
    return StdpPairingRun(recording, np.array(times), np.array(weights))
