"""Task 3: a balanced random network of excitatory and inhibitory LIF cells.

The task: timestep 0.1 ms; an excitatory and an inhibitory population of LIF
neurons in the ratio 4:1, each cell driven one-to-one by its own 1000 Hz
Poisson source; excitatory cells excite both populations, inhibitory cells
inhibit both; membrane potentials start uniformly between -65 and -55 mV;
record the excitatory spikes.

With the default numbers the recurrent excitation and inhibition cancel on
average (``g = 4`` inhibitory weight per excitatory one, four times fewer
inhibitory cells), the Poisson input brings the membrane to threshold and the
cells fire asynchronously at about 17 Hz. Changing the balance ``g`` and the
input moves the network between the regimes Brunel (2000) described.

References
----------
Brunel N (2000). Dynamics of sparsely connected networks of excitatory and
inhibitory spiking neurons. J Comput Neurosci 8:183-208.
"""

from __future__ import annotations

from course._checks import (
    check_integer,
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
]

#: Integration timestep (ms), as the task states.
TIMESTEP = 0.1
#: Excitatory cells; the inhibitory population has a quarter as many.
N_EXC = 400
#: Connection probability between any two cells.
P_CONNECT = 0.1
#: Excitatory weight (nA) for a cell with :data:`REFERENCE_EXC_INPUTS` inputs.
W_EXC = 0.1
#: Balance: inhibitory weight = -g x excitatory weight.
G = 4.0
#: Rate of each cell's Poisson input (Hz).
INPUT_RATE = 1000.0
#: Weight of the Poisson input (nA).
INPUT_WEIGHT = 0.15
#: Delay of every recurrent connection and of the input (ms).
DELAY = 1.0
#: Range of the initial membrane potential (mV).
V_INIT_RANGE = (-65.0, -55.0)
#: Simulated time (ms).
RUN_TIME = 1000.0
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
    fixed_in_degree: bool = False,
    scale_weights: bool = True,
    run_time: float = RUN_TIME,
) -> Recording:
    """Build, run and record the Task 3 balanced random network.

    Set the simulator up with ``course.setup(timestep=0.1)`` first (the
    task's timestep); call this once per setup.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_exc : int, default 400
        Excitatory cells (at least 4); there are ``n_exc // 4`` inhibitory ones.
    p_connect : float, default 0.1
        Probability that a cell connects to another (both populations,
        self-connections allowed).
    w_exc : float, default 0.1
        Excitatory weight (nA) at :data:`REFERENCE_EXC_INPUTS` inputs per cell.
    g : float, default 4.0
        Relative strength of inhibition: the inhibitory weight is
        ``-g * w_exc`` (its sign chosen by :func:`course.signed_weight`).
    input_rate : float, default 1000.0
        Rate of each cell's Poisson input (Hz).
    input_weight : float, default 0.15
        Weight of the Poisson input (nA), never scaled.
    delay : float, default 1.0
        Delay of every connection (ms).
    fixed_in_degree : bool, default False
        ``False``: each pair connects with probability ``p_connect``
        (``FixedProbabilityConnector``), so cells differ in their number of
        inputs. ``True``: every cell gets exactly ``round(p_connect * n)``
        inputs from each population of ``n`` cells
        (``FixedNumberPreConnector``), as in Brunel (2000).
    scale_weights : bool, default True
        Multiply the recurrent weights by ``REFERENCE_EXC_INPUTS / (p_connect
        * n_exc)``: a bigger network keeps the mean recurrent input of the
        default one instead of running away. No effect at the default size.
    run_time : float, default 1000.0
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
