"""Excitation against inhibition: a small random network and a sweep of ``g``.

The notes' second open exercise: "find balance, change design projection
slot". The network here is the textbook one (Brunel 2000, model A): ``N_EXC``
excitatory and ``N_INH`` inhibitory current-based LIF cells in one
population, every cell receiving inputs from a random 10 % of each group, an
inhibitory synapse ``g`` times as strong as an excitatory one, and Poisson
drive from outside. With four times as many excitatory as inhibitory inputs,
``g = 4`` cancels the mean recurrent input: below it excitation wins and the
rate climbs, above it inhibition wins and the network quietens.

:func:`balanced_network` builds and runs one network; a sweep calls it once
per value of ``g``, each time in a fresh simulation; :func:`group_rates`
reads the mean rate of each group.
"""

from __future__ import annotations

from course._checks import check_non_negative_number, check_positive_integer, check_positive_number
from course.analysis import firing_rates
from course.portable import make_rng, poisson_seed, signed_weight
from course.results import Recording, collect

__all__ = [
    "N_EXC",
    "N_INH",
    "P_CONNECT",
    "WEIGHT",
    "DELAY",
    "EXTERNAL_RATE",
    "RUN_TIME",
    "TRANSIENT",
    "CELL_PARAMETERS",
    "G_VALUES",
    "balanced_network",
    "group_rates",
]

#: Excitatory and inhibitory cells (4 : 1).
N_EXC = 160
N_INH = 40
#: Probability that a given cell connects to another.
P_CONNECT = 0.1
#: Excitatory weight (nA); an inhibitory synapse has ``g`` times this.
WEIGHT = 0.5
#: Delay of every recurrent synapse (ms).
DELAY = 1.5
#: Rate of each cell's external Poisson input (Hz), weight :data:`WEIGHT`.
EXTERNAL_RATE = 400.0
#: Simulated time and the start-up transient left out of the rates (ms).
RUN_TIME = 300.0
TRANSIENT = 100.0
#: ``IF_curr_exp`` parameters (nF, ms, mV): PyNN's defaults with a 2 ms
#: refractory period, so that a runaway network saturates below 500 Hz.
CELL_PARAMETERS = {
    "cm": 1.0,
    "tau_m": 20.0,
    "tau_syn_E": 5.0,
    "tau_syn_I": 5.0,
    "tau_refrac": 2.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -50.0,
}
#: The values of ``g`` the lesson sweeps.
G_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)


def balanced_network(
    sim,
    g: float,
    *,
    n_exc: int = N_EXC,
    n_inh: int = N_INH,
    weight: float = WEIGHT,
    external_rate: float = EXTERNAL_RATE,
    run_time: float = RUN_TIME,
) -> Recording:
    """Build the random E/I network with inhibition ``g`` times excitation, and run it.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 0.1 ms).
    g : float
        Inhibitory weight relative to the excitatory one, 0 or more.
    n_exc, n_inh : int
        Numbers of excitatory and inhibitory cells.
    weight : float, default 0.5
        Excitatory weight (nA).
    external_rate : float, default 400.0
        Rate of each cell's Poisson input (Hz).
    run_time : float, default 300.0
        Simulated time (ms).

    Returns
    -------
    Recording
        Population ``"cells"``: the first ``n_exc`` excitatory, the rest
        inhibitory; ``parameters`` holds the arguments.
    """
    g = check_non_negative_number("g", g)
    n_exc = check_positive_integer("n_exc", n_exc)
    n_inh = check_positive_integer("n_inh", n_inh)
    weight = check_positive_number("weight", weight)
    external_rate = check_positive_number("external_rate", external_rate)
    run_time = check_positive_number("run_time", run_time)

    cells = sim.Population(n_exc + n_inh, sim.IF_curr_exp(**CELL_PARAMETERS), label="cells")
    from pyNN.random import RandomDistribution

    cells.initialize(v=RandomDistribution("uniform", low=-65.0, high=-50.0, rng=make_rng()))
    cells.record("spikes")
    drive = sim.Population(
        n_exc + n_inh,
        sim.SpikeSourcePoisson(rate=external_rate),
        label="drive",
        **poisson_seed(),
    )
    sim.Projection(
        drive,
        cells,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=weight, delay=DELAY),
        receptor_type="excitatory",
    )
    sim.Projection(
        cells[:n_exc],
        cells,
        sim.FixedProbabilityConnector(P_CONNECT, allow_self_connections=False, rng=make_rng()),
        sim.StaticSynapse(weight=weight, delay=DELAY),
        receptor_type="excitatory",
    )
    if g > 0:
        sim.Projection(
            cells[n_exc:],
            cells,
            sim.FixedProbabilityConnector(P_CONNECT, allow_self_connections=False, rng=make_rng()),
            sim.StaticSynapse(
                weight=signed_weight(g * weight, "inhibitory", sim.IF_curr_exp), delay=DELAY
            ),
            receptor_type="inhibitory",
        )
    sim.run(run_time)
    parameters = {
        "g": g,
        "n_exc": n_exc,
        "n_inh": n_inh,
        "weight": weight,
        "external_rate": external_rate,
        "run_time": run_time,
    }
    return collect([cells], parameters)


def group_rates(recording: Recording, t_start: float = TRANSIENT, t_stop: float | None = None):
    """Mean firing rate of the excitatory and of the inhibitory cells.

    Parameters
    ----------
    recording : Recording
        From :func:`balanced_network`.
    t_start : float, default 100.0
        Start of the window (ms), after the start-up transient.
    t_stop : float, optional
        End of the window (ms); the end of the run by default.

    Returns
    -------
    (float, float)
        Mean rate (Hz) of the excitatory and of the inhibitory cells; ``nan``
        when nothing was recorded (virtual board).
    """
    n_exc = recording.parameters.get("n_exc", N_EXC)
    if t_stop is None:
        t_stop = recording.parameters.get("run_time", RUN_TIME)
    rates = firing_rates(recording.spike_times("cells"), t_start, t_stop)
    if rates.size == 0:
        return float("nan"), float("nan")
    return float(rates[:n_exc].mean()), float(rates[n_exc:].mean())
