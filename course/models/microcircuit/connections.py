"""The microcircuit's two kinds of connection, on every backend.

* :func:`poisson_background`: every neuron gets its own Poisson input;
* :func:`connect_fixed_total_number`: a fixed total number of random
  synapses between two populations.

On SpiNNaker both are plain PyNN. On NEST both go through NEST's public API,
on the NEST nodes of a PyNN population (``population.node_collection``),
exactly as NEST's own implementation of the model builds them: PyNN 0.13's
``FixedTotalNumberConnector`` draws its synapses one at a time in Python
(minutes for a few hundred thousand), its ``SpikeSourcePoisson`` relays every
train through a "parrot" neuron (more than half of the run time here), and
its projections use labelled synapses (``static_synapse_lbl``), which cost
memory on every one of the model's 0.3 billion synapses. Both functions
return ``None`` on every backend; the populations they connect are the
handles a script keeps.
"""

from __future__ import annotations

import numpy as np

from course import simulator
from course._checks import (
    check_choice,
    check_non_negative_number,
    check_population,
    check_positive_integer,
    check_positive_number,
)
from course.models.microcircuit.parameters import DELAY_REL_SD, MAX_DELAY, WEIGHT_REL_SD
from course.portable import signed_weight
from course.seeds import make_rng, poisson_seed

#: PyNN's current-based NEST synapses count in pA, the course in nA.
PICOAMPERE_PER_NANOAMPERE = 1000.0


def _uses_precise_spikes(population) -> bool:
    """Whether NEST built ``population`` from a precise-spike-timing model (``*_ps``)."""
    model = population.node_collection[0].get("model")
    return str(model).endswith("_ps")


def poisson_background(sim, population, rate: float, weight: float, delay: float, label=None):
    """Give every neuron of a population its own independent Poisson input.

    On SpiNNaker this is a ``SpikeSourcePoisson`` population of the same
    size, connected one to one and seeded with :func:`course.poisson_seed`.
    On NEST it is one NEST ``poisson_generator`` connected to every neuron,
    as in NEST's own microcircuit: NEST draws a separate, independent train
    for each target (``poisson_generator_ps`` when the course was set up with
    precise spike times).

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    population : pyNN.Population
        Current-based neurons (``IF_curr_exp``) to drive.
    rate : float
        Rate of each neuron's input (Hz).
    weight : float
        Weight of every input spike (nA), excitatory.
    delay : float
        Delay (ms).
    label : str, optional
        Label of the source population (SpiNNaker).

    Raises
    ------
    TypeError
        If ``population`` is not a PyNN Population or a number is not a number.
    ValueError
        If ``rate``, ``weight`` or ``delay`` is not a finite number above 0.
    """
    rate = check_positive_number("rate", rate)
    weight = check_positive_number("weight", weight)
    delay = check_positive_number("delay", delay)
    population = check_population("population", population)
    if simulator.is_nest():
        import nest

        model = "poisson_generator_ps" if _uses_precise_spikes(population) else "poisson_generator"
        generator = nest.Create(model, params={"rate": rate})
        nest.Connect(
            generator,
            population.node_collection,
            "all_to_all",
            {"weight": PICOAMPERE_PER_NANOAMPERE * weight, "delay": delay},
        )
        return
    sources = sim.Population(
        population.size, sim.SpikeSourcePoisson(rate=rate), label=label, **poisson_seed()
    )
    sim.Projection(
        sources,
        population,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=weight, delay=delay),
        receptor_type="excitatory",
    )


def connect_fixed_total_number(
    sim,
    presynaptic,
    postsynaptic,
    n_synapses: int,
    *,
    weight: float,
    delay: float,
    receptor_type: str,
    weight_rel_sd: float = WEIGHT_REL_SD,
    delay_rel_sd: float = DELAY_REL_SD,
):
    """Connect two populations with a fixed total number of random synapses.

    Each of the ``n_synapses`` synapses picks its source and its target at
    random, repeats allowed, with normally distributed weights (clipped to
    keep their sign) and delays (redrawn outside one timestep to
    :data:`~.parameters.MAX_DELAY`).

    On NEST, NEST's ``fixed_total_number`` rule draws them with NEST's
    generators (seeded by :func:`course.setup`) into plain ``static_synapse``
    connections, as NEST's own microcircuit does. On SpiNNaker it is PyNN's
    ``FixedTotalNumberConnector``, which sPyNNaker generates on the machine;
    on a virtual board, where sPyNNaker 7.4.1 fails to build it on the host
    for a target spread over several cores, a ``FixedNumberPreConnector``
    with the same mean in-degree stands in, so that the mapping can still be
    checked.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    presynaptic, postsynaptic : pyNN.Population
        Source and target populations; the targets current-based
        (``IF_curr_exp``).
    n_synapses : int
        Number of synapses, at least 1.
    weight : float
        Mean weight magnitude (nA); its sign is set for ``receptor_type``.
    delay : float
        Mean delay (ms).
    receptor_type : {"excitatory", "inhibitory"}
    weight_rel_sd, delay_rel_sd : float
        Standard deviations relative to the means.

    Raises
    ------
    TypeError
        If ``presynaptic`` or ``postsynaptic`` is not a PyNN Population, or
        a number is not a number.
    ValueError
        If ``n_synapses`` is below 1, ``weight`` or ``delay`` not above 0,
        a relative standard deviation negative, a number not finite, or
        ``receptor_type`` not one of the two.
    """
    presynaptic = check_population("presynaptic", presynaptic)
    postsynaptic = check_population("postsynaptic", postsynaptic)
    n_synapses = check_positive_integer("n_synapses", n_synapses)
    weight = check_positive_number("weight", weight)
    delay = check_positive_number("delay", delay)
    check_choice("receptor_type", receptor_type, ("excitatory", "inhibitory"))
    weight_rel_sd = check_non_negative_number("weight_rel_sd", weight_rel_sd)
    delay_rel_sd = check_non_negative_number("delay_rel_sd", delay_rel_sd)
    timestep = simulator.current().timestep
    signed = signed_weight(weight, receptor_type, postsynaptic.celltype)
    low, high = (0.0, np.inf) if signed > 0 else (-np.inf, 0.0)
    if simulator.is_nest():
        _nest_fixed_total_number(
            presynaptic,
            postsynaptic,
            n_synapses,
            weight=(signed, weight * weight_rel_sd, low, high),
            delay=(delay, delay * delay_rel_sd, timestep, MAX_DELAY),
        )
        return
    from pyNN.random import RandomDistribution

    if simulator.current().backend == "virtual":
        connector = sim.FixedNumberPreConnector(
            max(1, round(n_synapses / postsynaptic.size)),
            allow_self_connections=True,
            with_replacement=True,
            rng=make_rng(),
        )
    else:
        connector = sim.FixedTotalNumberConnector(
            n_synapses, allow_self_connections=True, with_replacement=True, rng=make_rng()
        )

    def clipped_normal(mean, sd, low, high):
        return RandomDistribution(
            "normal_clipped", mu=mean, sigma=sd, low=low, high=high, rng=make_rng()
        )

    synapse = sim.StaticSynapse(
        weight=clipped_normal(signed, weight * weight_rel_sd, low, high),
        delay=clipped_normal(delay, delay * delay_rel_sd, timestep, MAX_DELAY),
    )
    sim.Projection(presynaptic, postsynaptic, connector, synapse, receptor_type=receptor_type)


def _nest_fixed_total_number(presynaptic, postsynaptic, n_synapses, *, weight, delay):
    """NEST's ``fixed_total_number`` rule between two PyNN populations' NEST nodes.

    ``weight`` and ``delay`` are (mean, sd, low, high) of clipped normal
    distributions, in nA and ms.
    """
    import nest

    def clipped_normal(mean, sd, low, high):
        if sd == 0.0:
            return mean
        return nest.math.redraw(nest.random.normal(mean=mean, std=sd), min=low, max=high)

    scale = PICOAMPERE_PER_NANOAMPERE
    weight_pa = tuple(value * scale for value in weight)
    nest.Connect(
        presynaptic.node_collection,
        postsynaptic.node_collection,
        {
            "rule": "fixed_total_number",
            "N": n_synapses,
            "allow_autapses": True,
            "allow_multapses": True,
        },
        {
            "synapse_model": "static_synapse",
            "weight": clipped_normal(*weight_pa),
            "delay": clipped_normal(*delay),
        },
    )
