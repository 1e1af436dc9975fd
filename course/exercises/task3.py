"""Task 3: a balanced random network of excitatory and inhibitory LIF cells.

The task: timestep 0.1 ms; an excitatory and an inhibitory population of LIF
neurons in the ratio 4:1, each cell driven one-to-one by its own 1000 Hz
Poisson source; excitatory cells excite both populations, inhibitory cells
inhibit both; membrane potentials start uniformly between -65 and -55 mV;
record the excitatory spikes.

Why these defaults
------------------
A cell can reach threshold in two ways. *Mean-driven*: the average input
alone holds the membrane above threshold, so the membrane climbs steadily
after every reset and the cell fires almost like a clock (ISI CV well below
1). *Fluctuation-driven*: the average input leaves the membrane below
threshold and spikes come from chance upward swings, at random moments, so
the intervals are nearly exponential (ISI CV near 1, as for a Poisson
process). Brunel (2000) found the second, the *asynchronous irregular*
state, in sparse random networks where inhibition dominates, ``g > 4``:
with four times as many excitatory as inhibitory inputs, ``g = 4`` cancels
the mean recurrent input exactly, and a larger ``g`` turns the network's own
activity into net inhibition.

The defaults follow that recipe with 400 + 100 cells and 500 ms:

* ``g = 8``: the recurrent input is net inhibitory. The Poisson input alone
  (1000 Hz x 0.25 nA x 5 ms = 1.25 nA, 25 mV above rest) would hold a cell
  10 mV above its -50 mV threshold; at the rates the network settles to
  (about 20 Hz) its inhibition pulls the mean about 9 mV below threshold
  (:func:`free_membrane_potential`).
* Strong synapses (0.25 nA excitatory, -2.0 nA inhibitory): with only 40 +
  10 inputs per cell, small weights would leave fluctuations of a few mV;
  these give fluctuations of more than 10 mV, which make the spikes.
* ``fixed_in_degree=True``: every cell has exactly 40 excitatory and 10
  inhibitory inputs (``FixedNumberPreConnector``), as in Brunel's model. With
  ``FixedProbabilityConnector`` the input counts differ from cell to cell,
  so do the rates (a Fano factor of the spike counts near 20 instead of
  about 2), and the mean ISI CV drops to about 0.7.

Measured over 100-500 ms, the excitatory cells fire at about 20 Hz with a
mean ISI CV of about 1, above the 0.8 that Poisson cells of the same rates
give in so short a window (:func:`course.analysis.poisson_cv`), and without firing together
(:func:`course.analysis.synchrony` about 2). The numbers of the task's first draft (0.1 nA,
``g = 4``, input 0.15 nA, a connection probability) give a mean-driven
network instead: the mean input sits at threshold, the fluctuations are
about 3 mV and the ISI CV is about 0.4.

References
----------
Brunel N (2000). Dynamics of sparsely connected networks of excitatory and
inhibitory spiking neurons. J Comput Neurosci 8:183-208.
"""

from __future__ import annotations

import math

import numpy as np

from course._checks import (
    check_integer,
    check_non_negative_number,
    check_positive_number,
    check_probability,
)
from course.portable import make_rng, poisson_seed, signed_weight
from course.results import Recording, collect

__all__ = [
    "DELAY",
    "G",
    "INPUT_RATE",
    "INPUT_WEIGHT",
    "N_EXC",
    "P_CONNECT",
    "REFERENCE_EXC_INPUTS",
    "RUN_TIME",
    "TIMESTEP",
    "V_INIT_RANGE",
    "W_EXC",
    "balanced_network",
    "free_membrane_potential",
]

#: Integration timestep (ms), as the task states.
TIMESTEP = 0.1
#: Excitatory cells; the inhibitory population has a quarter as many.
N_EXC = 400
#: Share of each population that projects to a cell: 40 excitatory and 10
#: inhibitory inputs at the default size.
P_CONNECT = 0.1
#: Excitatory weight (nA) for a cell with :data:`REFERENCE_EXC_INPUTS` inputs.
W_EXC = 0.25
#: Balance: inhibitory weight = -g x excitatory weight; above 4 inhibition wins.
G = 8.0
#: Rate of each cell's Poisson input (Hz).
INPUT_RATE = 1000.0
#: Weight of the Poisson input (nA).
INPUT_WEIGHT = 0.25
#: Delay of every recurrent connection and of the input (ms).
DELAY = 1.0
#: Range of the initial membrane potential (mV).
V_INIT_RANGE = (-65.0, -55.0)
#: Simulated time (ms).
RUN_TIME = 500.0
#: Excitatory inputs per cell that :data:`W_EXC` is meant for (p x N_EXC at
#: the default size). A larger network scales its weights by this number
#: over its own, so every cell keeps the same mean recurrent input.
REFERENCE_EXC_INPUTS = P_CONNECT * N_EXC


def balanced_network(
    sim,
    *,
    n_exc: int = N_EXC,
    p_connect: float = P_CONNECT,
    w_exc: float = W_EXC,
    g: float = G,
    input_rate: float = INPUT_RATE,
    input_weight: float = INPUT_WEIGHT,
    delay: float = DELAY,
    fixed_in_degree: bool = True,
    scale_weights: bool = True,
    run_time: float = RUN_TIME,
) -> Recording:
    """Build, run and record the Task 3 balanced random network.

    Set the simulator up with ``course.setup(timestep=0.1, min_delay=1.0)``
    first: the task's timestep, and a shortest delay equal to the network's
    1 ms delays, which lets NEST exchange spikes once per millisecond instead
    of every step (the same network, several times faster). Call this
    once per setup. The defaults give the asynchronous irregular state (see
    the module notes).

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_exc : int, default 400
        Excitatory cells (at least 4); there are ``n_exc // 4`` inhibitory ones.
    p_connect : float, default 0.1
        Share of each population that projects to a cell (self-connections
        allowed): the exact share with ``fixed_in_degree``, else the
        probability of each connection.
    w_exc : float, default 0.25
        Excitatory weight (nA) at :data:`REFERENCE_EXC_INPUTS` inputs per cell.
    g : float, default 8.0
        Relative strength of inhibition: the inhibitory weight is
        ``-g * w_exc`` (its sign chosen by :func:`course.signed_weight`).
        Below 4 excitation wins, above 4 inhibition does.
    input_rate : float, default 1000.0
        Rate of each cell's Poisson input (Hz).
    input_weight : float, default 0.25
        Weight of the Poisson input (nA), never scaled.
    delay : float, default 1.0
        Delay of every connection (ms).
    fixed_in_degree : bool, default True
        ``True``: every cell gets exactly ``round(p_connect * n)`` inputs from
        each population of ``n`` cells (``FixedNumberPreConnector``), as in
        Brunel (2000). ``False``: each pair connects with probability
        ``p_connect`` (``FixedProbabilityConnector``), so cells differ in
        their number of inputs.
    scale_weights : bool, default True
        Multiply the recurrent weights by ``REFERENCE_EXC_INPUTS / (p_connect
        * n_exc)``: a bigger network keeps the mean recurrent input of the
        default one instead of running away. No effect at the default size.
    run_time : float, default 500.0
        Simulated time (ms).

    Returns
    -------
    Recording
        Spikes of populations ``"exc"`` and ``"inh"``; ``recording.parameters``
        holds the arguments and the recurrent weights used (nA).
    """
    n_exc = check_integer("n_exc", n_exc, minimum=4)
    p_connect = check_probability("p_connect", p_connect)
    if p_connect == 0:
        raise ValueError("p_connect must be greater than 0, got 0.0: the network needs connections")
    check_positive_number("w_exc", w_exc)
    check_positive_number("g", g)
    check_positive_number("input_rate", input_rate)
    check_positive_number("input_weight", input_weight)
    check_positive_number("delay", delay)
    check_positive_number("run_time", run_time)
    for name, flag in (("fixed_in_degree", fixed_in_degree), ("scale_weights", scale_weights)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    n_inh = n_exc // 4
    scale = REFERENCE_EXC_INPUTS / (p_connect * n_exc) if scale_weights else 1.0
    weight_exc = w_exc * scale
    weight_inh = signed_weight(g * w_exc * scale, "inhibitory", sim.IF_curr_exp)

    exc = sim.Population(n_exc, sim.IF_curr_exp(), label="exc")
    inh = sim.Population(n_inh, sim.IF_curr_exp(), label="inh")
    for cells in (exc, inh):
        cells.initialize(v=sim.RandomDistribution("uniform", V_INIT_RANGE, rng=make_rng()))
        cells.record("spikes")
    for cells in (exc, inh):
        noise = sim.Population(
            cells.size,
            sim.SpikeSourcePoisson(rate=input_rate),
            label=f"{cells.label} input",
            **poisson_seed(),
        )
        sim.Projection(
            noise,
            cells,
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=input_weight, delay=delay),
            receptor_type="excitatory",
        )
    for source, receptor, weight in (
        (exc, "excitatory", weight_exc),
        (inh, "inhibitory", weight_inh),
    ):
        for target in (exc, inh):
            if fixed_in_degree:
                connector = sim.FixedNumberPreConnector(
                    max(1, round(p_connect * source.size)), rng=make_rng()
                )
            else:
                connector = sim.FixedProbabilityConnector(p_connect, rng=make_rng())
            sim.Projection(
                source,
                target,
                connector,
                sim.StaticSynapse(weight=weight, delay=delay),
                receptor_type=receptor,
            )
    sim.run(run_time)
    parameters = {
        "n_exc": n_exc,
        "n_inh": n_inh,
        "p_connect": p_connect,
        "w_exc": w_exc,
        "g": g,
        "input_rate": input_rate,
        "input_weight": input_weight,
        "delay": delay,
        "fixed_in_degree": fixed_in_degree,
        "scale_weights": scale_weights,
        "weight_exc": weight_exc,
        "weight_inh": float(weight_inh),
        "run_time": run_time,
    }
    return collect([exc, inh], parameters)


def free_membrane_potential(
    exc_rate: float,
    inh_rate: float,
    *,
    exc_inputs: int = round(P_CONNECT * N_EXC),
    inh_inputs: int = round(P_CONNECT * N_EXC / 4),
    w_exc: float = W_EXC,
    g: float = G,
    input_rate: float = INPUT_RATE,
    input_weight: float = INPUT_WEIGHT,
) -> tuple[float, float]:
    """Mean and spread of a cell's membrane potential if it never fired.

    Campbell's theorem for Poisson inputs: an input of rate ``nu`` and weight
    ``J`` (nA) adds ``nu * J * R * tau_syn`` to the mean and ``nu * J**2 *
    integral(h**2)`` to the variance, where ``h`` is the membrane's response
    (mV per nA) to one exponential synaptic current and ``R = tau_m / cm``.
    The cell is PyNN's default ``IF_curr_exp`` (rest -65 mV, threshold
    -50 mV, ``tau_m`` 20 ms, ``cm`` 1 nF, ``tau_syn`` 5 ms). A mean above
    threshold means mean-driven, regular firing; a mean below threshold with
    a spread of several mV means fluctuation-driven, irregular firing. The
    result ignores spikes and resets, so it describes the drive, not the
    membrane trace of a firing cell.

    Parameters
    ----------
    exc_rate, inh_rate : float
        Mean rates (Hz) of the excitatory and inhibitory cells; 0 for the
        Poisson input alone.
    exc_inputs, inh_inputs : int, default 40 and 10
        Recurrent inputs per cell from each population.
    w_exc : float, default 0.25
        Excitatory weight (nA); the inhibitory one is ``-g * w_exc``.
    g : float, default 8.0
        Relative strength of inhibition.
    input_rate : float, default 1000.0
        Rate of the cell's Poisson input (Hz).
    input_weight : float, default 0.25
        Weight of the Poisson input (nA).

    Returns
    -------
    mean, sd : float
        Mean and standard deviation (mV) of the free membrane potential.
    """
    from pyNN.standardmodels.cells import IF_curr_exp

    exc_rate = check_non_negative_number("exc_rate", exc_rate)
    inh_rate = check_non_negative_number("inh_rate", inh_rate)
    exc_inputs = check_integer("exc_inputs", exc_inputs)
    inh_inputs = check_integer("inh_inputs", inh_inputs)
    w_exc = check_non_negative_number("w_exc", w_exc)
    g = check_non_negative_number("g", g)
    input_rate = check_non_negative_number("input_rate", input_rate)
    input_weight = check_non_negative_number("input_weight", input_weight)
    cell = IF_curr_exp.default_parameters
    tau_m, tau_syn = cell["tau_m"], cell["tau_syn_E"]
    resistance = tau_m / cell["cm"]  # MΩ = mV / nA
    # (total rate in spikes per ms, weight in nA) of each kind of input.
    inputs = np.array(
        [
            (input_rate / 1000.0, input_weight),
            (exc_inputs * exc_rate / 1000.0, w_exc),
            (inh_inputs * inh_rate / 1000.0, -g * w_exc),
        ]
    )
    rates, weights = inputs[:, 0], inputs[:, 1]
    mean = cell["v_rest"] + resistance * tau_syn * float(np.sum(rates * weights))
    # integral of h(t)**2 for h(t) = R tau_syn / (tau_m - tau_syn) (e^(-t/tau_m) - e^(-t/tau_syn))
    kernel = (resistance * tau_syn / (tau_m - tau_syn)) ** 2 * (
        tau_m / 2 + tau_syn / 2 - 2 * tau_m * tau_syn / (tau_m + tau_syn)
    )
    return mean, math.sqrt(kernel * float(np.sum(rates * weights**2)))
