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
  so do the rates (a Fano factor of the spike counts of 15 to 21 instead of
  2 to 3), and the mean ISI CV drops to about 0.7.
* Unlike Brunel's 2 ms, the refractory period is PyNN's default 0.1 ms
  (:data:`TAU_REFRAC`); it matters only for bursting regimes.

Measured over 100-500 ms and five seeds of :func:`course.setup` (2026 and
1 to 4), the excitatory cells fire at 19.4 to 21.9 Hz with a mean ISI CV of
0.95 to 0.99, above the 0.78 to 0.81 that Poisson cells of the same rates
give in so short a window (:func:`course.analysis.poisson_cv`), and without
firing together (:func:`course.analysis.synchrony` 1.5 to 2.2). The numbers
of the task's first draft (0.1 nA, ``g = 4``, input 0.15 nA, a connection
probability) give a mean-driven network instead: the mean input sits at
threshold, the fluctuations are about 3 mV and the ISI CV is about 0.4.

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
    check_number,
    check_positive_number,
    check_probability,
)
from course.portable import signed_weight
from course.results import Recording, collect
from course.seeds import make_rng, poisson_seed, random_connections

__all__ = [
    "DELAY",
    "G",
    "INPUT_RATE",
    "INPUT_WEIGHT",
    "N_EXC",
    "P_CONNECT",
    "REFERENCE_EXC_INPUTS",
    "RUN_TIME",
    "TAU_REFRAC",
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
#: Refractory period (ms): PyNN's IF_curr_exp default, not Brunel's (2000)
#: 2 ms. With 2 ms the strong-synapse regime of lesson 42 no longer bursts.
TAU_REFRAC = 0.1
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
    n_inh: int | None = None,
    p_connect: float = P_CONNECT,
    w_exc: float = W_EXC,
    g: float = G,
    input_rate: float = INPUT_RATE,
    input_weight: float = INPUT_WEIGHT,
    delay: float = DELAY,
    tau_refrac: float = TAU_REFRAC,
    v_init: tuple[float, float] = V_INIT_RANGE,
    fixed_in_degree: bool = True,
    allow_self_connections: bool = True,
    scale_weights: bool = True,
    run_time: float = RUN_TIME,
) -> Recording:
    """Build, run and record a random network of excitatory and inhibitory LIF cells.

    The one builder of the course's balanced networks: its defaults are the
    Task 3 solution of :ref:`lesson-23`, and :mod:`course.exercises.balance`
    sweeps ``g`` with it in :ref:`lesson-34`. Set the simulator up with
    ``course.setup(timestep=0.1, min_delay=1.0)`` first (``min_delay`` equal
    to ``delay``: NEST then exchanges spikes once per ``delay`` instead of at
    every step, the same network several times faster). Call it once per setup.

    It builds, in this order (the order of the random draws, so a script that
    builds the same network in the same order gets the same spikes): the
    excitatory and the inhibitory population, each with its initial
    membrane potentials and spike recording; one Poisson source per cell,
    one to one; the excitatory projections onto both populations, then the
    inhibitory ones.

    What is random, and where it is drawn: the initial membrane potentials
    and the recurrent connections are drawn on the host from seeded
    generators (the connections by :func:`course.seeds.random_connections`,
    the same pairs PyNN's connector would draw on NEST) and handed over as
    numbers and lists, so NEST and SpiNNaker build the same network. The
    Poisson input is drawn by the backend: on NEST from the seed of
    :func:`course.setup`, on SpiNNaker from each source population's seed
    (:func:`course.poisson_seed`), the same in every run there but not
    NEST's trains.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_exc : int, default 400
        Excitatory cells (at least 4).
    n_inh : int, optional
        Inhibitory cells (at least 1); ``n_exc // 4`` by default, the task's 4:1.
    p_connect : float, default 0.1
        Share of each population that projects to a cell: the exact share
        with ``fixed_in_degree``, else the probability of each connection.
    w_exc : float, default 0.25
        Excitatory weight (nA) at :data:`REFERENCE_EXC_INPUTS` inputs per cell.
    g : float, default 8.0
        Relative strength of inhibition, 0 or more: the inhibitory weight is
        ``-g * w_exc`` (its sign chosen by :func:`course.signed_weight`);
        ``g = 0`` builds no inhibitory projection. With four times as many
        excitatory as inhibitory inputs, excitation wins below 4.
    input_rate : float, default 1000.0
        Rate of each cell's Poisson input (Hz).
    input_weight : float, default 0.25
        Weight of the Poisson input (nA), never scaled.
    delay : float, default 1.0
        Delay of every connection (ms).
    tau_refrac : float, default 0.1
        Refractory period of every cell (ms): PyNN's ``IF_curr_exp`` default;
        Brunel (2000) uses 2 ms. The other cell parameters are PyNN's defaults.
    v_init : (float, float), default (-65.0, -55.0)
        Range (mV) of the uniformly drawn initial membrane potentials.
    fixed_in_degree : bool, default True
        ``True``: every cell gets exactly ``round(p_connect * n)`` inputs from
        each population of ``n`` cells (``FixedNumberPreConnector``), as in
        Brunel (2000). ``False``: each pair connects with probability
        ``p_connect`` (``FixedProbabilityConnector``), so cells differ in
        their number of inputs.
    allow_self_connections : bool, default True
        Whether a cell may be one of its own inputs.
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
    n_inh = n_exc // 4 if n_inh is None else check_integer("n_inh", n_inh, minimum=1)
    p_connect = check_probability("p_connect", p_connect)
    if p_connect == 0:
        raise ValueError("p_connect must be greater than 0, got 0.0: the network needs connections")
    check_positive_number("w_exc", w_exc)
    check_non_negative_number("g", g)
    check_positive_number("input_rate", input_rate)
    check_positive_number("input_weight", input_weight)
    check_positive_number("delay", delay)
    check_positive_number("tau_refrac", tau_refrac)
    v_low, v_high = _check_range("v_init", v_init)
    check_positive_number("run_time", run_time)
    for name, flag in (
        ("fixed_in_degree", fixed_in_degree),
        ("allow_self_connections", allow_self_connections),
        ("scale_weights", scale_weights),
    ):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    scale = REFERENCE_EXC_INPUTS / (p_connect * n_exc) if scale_weights else 1.0
    weight_exc = w_exc * scale
    weight_inh = signed_weight(g * w_exc * scale, "inhibitory", sim.IF_curr_exp)

    exc = sim.Population(n_exc, sim.IF_curr_exp(tau_refrac=tau_refrac), label="exc")
    inh = sim.Population(n_inh, sim.IF_curr_exp(tau_refrac=tau_refrac), label="inh")
    for cells in (exc, inh):
        # Drawn here and handed over as numbers: portable (lesson 04).
        uniform = sim.RandomDistribution("uniform", (v_low, v_high), rng=make_rng(host=True))
        cells.initialize(v=uniform.next(cells.size))
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
    recurrent = [(exc, "excitatory", weight_exc)]
    if g > 0:
        recurrent.append((inh, "inhibitory", weight_inh))
    for source, receptor, weight in recurrent:
        for target in (exc, inh):
            # Drawn here, from a seeded generator, and handed over as a list:
            # the same connections on NEST, on SpiNNaker and in every run.
            draw = {"p_connect": p_connect}
            if fixed_in_degree:
                draw = {"n_inputs": max(1, round(p_connect * source.size))}
            pairs = random_connections(
                source.size,
                target.size,
                make_rng(host=True),
                allow_self_connections=allow_self_connections,
                same_population=source is target,
                **draw,
            )
            connector = sim.FromListConnector(pairs)
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
        "tau_refrac": tau_refrac,
        "v_init": (v_low, v_high),
        "fixed_in_degree": fixed_in_degree,
        "allow_self_connections": allow_self_connections,
        "scale_weights": scale_weights,
        "weight_exc": weight_exc,
        "weight_inh": float(weight_inh),
        "run_time": run_time,
    }
    return collect([exc, inh], parameters)


def _check_range(name: str, value) -> tuple[float, float]:
    """Return ``(low, high)`` (mV) if ``value`` is two numbers with low < high."""
    try:
        low, high = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be two numbers (low, high) in mV, got {value!r}") from None
    low, high = check_number(f"{name}[0]", low), check_number(f"{name}[1]", high)
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {value!r}")
    return low, high


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
    mean : float
        Mean of the free membrane potential (mV).
    sd : float
        Its standard deviation (mV).
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
