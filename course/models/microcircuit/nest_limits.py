"""How many NEST threads the microcircuit needs at a given scale.

NEST stores the connections of each synapse model separately in every
virtual process (VP: a thread of one process; this course runs one process),
next to their target neurons, and numbers them with 27 bits: a VP holds at
most 134,217,726 connections of one synapse model. Building more fails with
"Too many connections: at most 134217726 connections supported per virtual
process and synapse model". The full-scale microcircuit has about 0.3
billion synapses of one model (``static_synapse``), so it needs at least
three VPs. NEST accepts more threads than the machine has cores; on a
2-core machine four threads share the cores evenly, three do not (one core
then carries two threads and sets the pace).
"""

from __future__ import annotations

import math

import numpy as np

from course._checks import check_positive_integer
from course.models.microcircuit.scaling import MicrocircuitParameters

#: Most connections of one synapse model that one NEST virtual process can
#: hold (NEST 3.10: 2**27 - 2; the number in NEST's "Too many connections"
#: error).
MAX_CONNECTIONS_PER_VIRTUAL_PROCESS = 134_217_726

#: Share of that limit the course plans to use, leaving room for the
#: random spread of synapses over the virtual processes (a relative standard
#: deviation of about 1e-4 at full scale).
SAFETY_FRACTION = 0.98


def _check_parameters(parameters) -> None:
    if not isinstance(parameters, MicrocircuitParameters):
        raise TypeError(
            f"parameters must come from microcircuit_parameters(), got {type(parameters).__name__}"
        )


def connections_per_virtual_process(parameters: MicrocircuitParameters, virtual_processes: int):
    """Largest expected number of ``static_synapse`` connections in one NEST VP.

    NEST deals the neurons of each population out to the virtual processes
    in turn, and a connection lives with its target, so a VP holds
    ``ceil(N / vps) / N`` of the synapses into a population of ``N``
    neurons. Besides the recurrent synapses, every neuron has one connection
    from its Poisson generator (with a Poisson background) and one to its
    spike recorder.

    Parameters
    ----------
    parameters : MicrocircuitParameters
        From :func:`~course.models.microcircuit.microcircuit_parameters`.
    virtual_processes : int
        NEST threads times MPI processes (at least 1).

    Returns
    -------
    int
        Connections in the fullest virtual process.

    Raises
    ------
    TypeError
        If ``parameters`` does not come from ``microcircuit_parameters()`` or
        ``virtual_processes`` is not a whole number.
    ValueError
        If ``virtual_processes`` is below 1.
    """
    _check_parameters(parameters)
    virtual_processes = check_positive_integer("virtual_processes", virtual_processes)
    sizes = np.asarray(parameters.sizes, dtype=float)
    share = np.ceil(sizes / virtual_processes) / sizes
    into_each_population = parameters.synapses.sum(axis=1)
    per_neuron = 2 if parameters.background == "poisson" else 1
    devices = per_neuron * np.ceil(sizes / virtual_processes)
    return int(np.ceil((share * into_each_population + devices).sum()))


def nest_threads(parameters: MicrocircuitParameters, threads: int = 2) -> int:
    """Threads to give :func:`course.setup` so that NEST can hold the network.

    Parameters
    ----------
    parameters : MicrocircuitParameters
        From :func:`~course.models.microcircuit.microcircuit_parameters`.
    threads : int, default 2
        The threads you would use otherwise (usually your cores).

    Returns
    -------
    int
        ``threads`` if the network fits, else the smallest multiple of
        ``threads`` that gives every virtual process room (a multiple, so
        that the cores share the threads evenly): 4 for the full-scale
        model with ``threads=2``, 3 with ``threads=1``.

    Raises
    ------
    TypeError
        If ``parameters`` does not come from ``microcircuit_parameters()`` or
        ``threads`` is not a whole number.
    ValueError
        If ``threads`` is below 1.
    """
    _check_parameters(parameters)
    threads = check_positive_integer("threads", threads)
    limit = SAFETY_FRACTION * MAX_CONNECTIONS_PER_VIRTUAL_PROCESS
    multiple = 1
    while connections_per_virtual_process(parameters, threads * multiple) > limit:
        multiple += 1
    return threads * multiple


def check_fits_in_nest(parameters: MicrocircuitParameters, virtual_processes: int) -> None:
    """Refuse a NEST set-up with too few virtual processes, saying what to do.

    Parameters
    ----------
    parameters : MicrocircuitParameters
        The scale to build, from :func:`~.scaling.microcircuit_parameters`.
    virtual_processes : int
        NEST's ``total_num_virtual_procs``.

    Raises
    ------
    TypeError
        If ``parameters`` does not come from ``microcircuit_parameters()`` or
        ``virtual_processes`` is not a whole number.
    ValueError
        If ``virtual_processes`` is below 1, or one virtual process would get
        more connections than NEST allows; the message names the thread
        count that fits.
    """
    _check_parameters(parameters)
    virtual_processes = check_positive_integer("virtual_processes", virtual_processes)
    needed = nest_threads(parameters, virtual_processes)
    if needed == virtual_processes:
        return
    fullest = connections_per_virtual_process(parameters, virtual_processes)
    minimum = math.ceil(
        fullest * virtual_processes / (SAFETY_FRACTION * MAX_CONNECTIONS_PER_VIRTUAL_PROCESS)
    )
    raise ValueError(
        f"NEST holds at most {MAX_CONNECTIONS_PER_VIRTUAL_PROCESS:,} connections of one "
        f"synapse model per virtual process; this microcircuit (n_scale={parameters.n_scale}, "
        f"k_scale={parameters.k_scale}) would put {fullest:,} in each of "
        f"{virtual_processes} virtual processes. Set up NEST with at least {minimum} threads, "
        f"for example course.setup(timestep=0.1, threads={needed}) "
        "(threads=mc.nest_threads(parameters, your_cores) computes it; more threads than "
        "cores is allowed)."
    )
