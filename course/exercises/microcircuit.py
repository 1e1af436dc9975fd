"""The Potjans & Diesmann (2014) cortical microcircuit, in portable PyNN, at any scale.

The model stands for the neurons under 1 mm² of early sensory cortex: four
layers (L2/3, L4, L5, L6), each with an excitatory (``e``) and an inhibitory
(``i``) population of current-based LIF neurons, 77,169 neurons and about 0.3
billion synapses in all, driven by Poisson background input. It is the
flagship benchmark of SpiNNaker (van Albada et al. 2018; Rhodes et al. 2020)
and of NEST.

Everything published about it is written here as data (the population sizes,
the table of connection probabilities, the external in-degrees, the neuron
and synapse parameters) with the sources named next to each table. The values
agree with the NEST example ``Potjans_2014`` and PyNN's ``examples/Potjans2014``
(both written by the model's authors), which the course read and re-typed.

Scaling. ``n_scale`` multiplies every population size; ``k_scale``
multiplies every in-degree (recurrent and external). Scaling in-degrees alone
would change the input each neuron receives, so, as in van Albada, Helias &
Diesmann (2015), the weights are multiplied by ``1 / sqrt(k_scale)`` (which
keeps the variance of the input) and a DC current makes up for the mean input
that is lost (computed from the published full-scale rates). Scaling neuron
numbers alone changes nothing else: the in-degrees are kept.

References
----------
Potjans TC, Diesmann M (2014) The cell-type specific cortical microcircuit:
relating structure and activity in a full-scale spiking network model.
Cereb Cortex 24:785-806.

van Albada SJ, Helias M, Diesmann M (2015) Scalability of asynchronous
networks is limited by one-to-one mapping between effective connectivity and
correlations. PLoS Comput Biol 11:e1004490.

van Albada SJ et al. (2018) Performance comparison of the digital neuromorphic
hardware SpiNNaker and the neural network simulation software NEST for a
full-scale cortical microcircuit model. Front Neurosci 12:291.

Rhodes O et al. (2020) Real-time cortical simulation on neuromorphic hardware.
Phil Trans R Soc A 378:20190160.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from course import simulator
from course._checks import check_choice, check_non_negative_number, check_positive_number
from course.analysis import summary
from course.portable import make_rng, poisson_seed, set_neurons_per_core, signed_weight
from course.results import Recording, collect

__all__ = [
    "POPULATIONS",
    "FULL_SIZES",
    "CONNECTION_PROBABILITIES",
    "EXTERNAL_INDEGREES",
    "BACKGROUND_RATE",
    "PSP_EXC_MEAN",
    "RELATIVE_INHIBITION",
    "WEIGHT_REL_SD",
    "DELAY_EXC_MEAN",
    "DELAY_INH_MEAN",
    "DELAY_REL_SD",
    "DELAY_EXTERNAL",
    "MAX_DELAY",
    "NEURON_PARAMETERS",
    "V0_MEAN",
    "V0_SD",
    "PUBLISHED_RATES",
    "PUBLISHED_CV_RANGE",
    "SPINNAKER_NEURONS_PER_CORE",
    "N_SCALE",
    "K_SCALE",
    "RUN_TIME",
    "TRANSIENT",
    "TIMESTEP",
    "BACKGROUNDS",
    "MicrocircuitParameters",
    "Microcircuit",
    "ProgressReport",
    "psp_to_psc",
    "poisson_background",
    "fixed_total_number_projection",
    "full_synapse_counts",
    "microcircuit_parameters",
    "build_microcircuit",
    "run_microcircuit",
    "local_variation",
    "population_statistics",
]

#: Population labels, in the published order (L2/3 excitatory first).
POPULATIONS = ("L23e", "L23i", "L4e", "L4i", "L5e", "L5i", "L6e", "L6i")

#: Neurons per population at full scale (Potjans & Diesmann 2014, Table 5);
#: 77,169 in all.
FULL_SIZES = (20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948)

#: Connection probability from a source population (column) to a target
#: population (row), in the order of :data:`POPULATIONS` (Potjans & Diesmann
#: 2014, Table 5).
CONNECTION_PROBABILITIES = (
    (0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0),
    (0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0),
    (0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0),
    (0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0),
    (0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0),
    (0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0),
    (0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252),
    (0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443),
)

#: External (background) in-degree of each population at full scale
#: (the layer-specific values of Potjans & Diesmann 2014, Table 5).
EXTERNAL_INDEGREES = (1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100)

#: Rate of each background input (Hz).
BACKGROUND_RATE = 8.0

#: Mean peak of an excitatory postsynaptic potential (mV); with the neuron
#: parameters below it needs a postsynaptic current of 87.8 pA.
PSP_EXC_MEAN = 0.15

#: Inhibitory synapses are this many times stronger than excitatory ones
#: (g = -4 in the papers; the sign is given by the receptor here).
RELATIVE_INHIBITION = 4.0

#: Relative standard deviation of the weights.
WEIGHT_REL_SD = 0.1

#: Mean delay of excitatory and of inhibitory connections (ms).
DELAY_EXC_MEAN = 1.5
DELAY_INH_MEAN = 0.75

#: Relative standard deviation of the delays.
DELAY_REL_SD = 0.5

#: Delay of the background input (ms).
DELAY_EXTERNAL = 1.5

#: Longest delay drawn (ms). The normal delay distributions are clipped here;
#: with means of 1.5 and 0.75 ms this is more than ten standard deviations
#: away, so the clip changes nothing measurable.
MAX_DELAY = 10.0

#: Parameters of every neuron (PyNN units: nF, ms, mV, nA); ``IF_curr_exp``
#: is the PyNN name of NEST's ``iaf_psc_exp`` used in the papers.
NEURON_PARAMETERS = {
    "cm": 0.25,
    "tau_m": 10.0,
    "tau_syn_E": 0.5,
    "tau_syn_I": 0.5,
    "tau_refrac": 2.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -50.0,
    "i_offset": 0.0,
}

#: Mean and standard deviation (mV) of each population's initial membrane
#: potential: the "optimized" values of the NEST example, which shrink the
#: burst of activity at the start of a run.
V0_MEAN = (-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43)
V0_SD = (5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48)

#: Mean firing rate (Hz) of each population in the full-scale model, as the
#: NEST example ``Potjans_2014`` lists them (``full_mean_rates``; obtained
#: with NEST, both scalings 1). Potjans & Diesmann (2014, Fig. 6) show the
#: same pattern: L2/3e and L6e fire below about 1 Hz, L5 fastest. They are
#: also the rates the DC compensation of a down-scaled network assumes.
PUBLISHED_RATES = (0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851)

#: Approximate range of the mean ISI CV in every population at full scale:
#: firing is irregular, close to Poisson (Potjans & Diesmann 2014, Fig. 6;
#: van Albada et al. 2018, Fig. 4). Read from figures, so approximate.
PUBLISHED_CV_RANGE = (0.7, 1.0)

#: Neurons per SpiNNaker core used by the SpiNNaker team's own microcircuit
#: script (SpiNNakerManchester/microcircuit_model) at a 0.1 ms timestep.
SPINNAKER_NEURONS_PER_CORE = 64

#: Default scaling of neuron numbers and in-degrees: 2 % of the neurons
#: (1,544) with 10 % of the in-degrees (the NEST example's default in-degree
#: scaling), about 600,000 synapses. Measured on NEST, 2 threads: 1 s to
#: build, 2 s to simulate 600 ms. At 5 % of the in-degrees the rates fall
#: to about 60 % of the published ones on average (L2/3e to a third); at
#: 10 % they are within about 25 % (L2/3e lowest).
N_SCALE = 0.02
K_SCALE = 0.1

#: Default simulated time and the start-up transient left out of the
#: statistics (ms).
RUN_TIME = 600.0
TRANSIENT = 100.0

#: Timestep (ms), as in the papers.
TIMESTEP = 0.1

#: Kinds of background input: Poisson spikes (as published) or the equivalent
#: DC current (cheaper, less noisy).
BACKGROUNDS = ("poisson", "dc")


def psp_to_psc(psp: float, cm: float, tau_m: float, tau_syn: float) -> float:
    """Amplitude of the exponential synaptic current that gives a PSP of a given peak.

    A current ``J exp(-t / tau_syn)`` into a leaky membrane raises the
    potential by ``J tau_m tau_syn / (cm (tau_m - tau_syn)) (exp(-t / tau_m) -
    exp(-t / tau_syn))``, which peaks at ``t* = tau_m tau_syn / (tau_m -
    tau_syn) ln(tau_m / tau_syn)``; this inverts that peak.

    Parameters
    ----------
    psp : float
        Peak of the postsynaptic potential (mV).
    cm : float
        Membrane capacitance (nF).
    tau_m, tau_syn : float
        Membrane and synaptic time constants (ms); must differ.

    Returns
    -------
    float
        Current amplitude (nA). For the model's 0.15 mV it is 0.0878 nA.
    """
    psp = check_positive_number("psp", psp)
    cm = check_positive_number("cm", cm)
    tau_m = check_positive_number("tau_m", tau_m)
    tau_syn = check_positive_number("tau_syn", tau_syn)
    if math.isclose(tau_m, tau_syn):
        raise ValueError(f"tau_m={tau_m} ms and tau_syn={tau_syn} ms must differ")
    t_peak = tau_m * tau_syn / (tau_m - tau_syn) * math.log(tau_m / tau_syn)
    kernel = tau_m * tau_syn / (cm * (tau_m - tau_syn))
    peak_per_na = kernel * (math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_syn))
    return psp / peak_per_na


def full_synapse_counts() -> np.ndarray:
    """Number of synapses between every pair of populations at full scale.

    The model draws a fixed total number of synapses per pair, with repeats
    allowed, such that the chance that a given pair of neurons is connected at
    least once equals the published probability ``p``:
    ``n = ln(1 - p) / ln(1 - 1 / (N_pre N_post))``.

    Returns
    -------
    numpy.ndarray, shape (8, 8)
        Synapses from source (column) to target (row), as floats.
    """
    sizes = np.asarray(FULL_SIZES, dtype=float)
    pairs = np.outer(sizes, sizes)
    probabilities = np.asarray(CONNECTION_PROBABILITIES, dtype=float)
    return np.log1p(-probabilities) / np.log1p(-1.0 / pairs)


@dataclass(frozen=True)
class MicrocircuitParameters:
    """Everything needed to build the microcircuit at one scale.

    Attributes
    ----------
    n_scale, k_scale : float
        Scaling of neuron numbers and of in-degrees.
    background : {"poisson", "dc"}
        Kind of background input.
    sizes : tuple of int
        Neurons per population.
    synapses : numpy.ndarray, shape (8, 8)
        Number of synapses from source (column) to target (row).
    weights : numpy.ndarray, shape (8, 8)
        Mean weight (nA), negative for inhibitory sources.
    external_indegrees : tuple of int
        Background inputs per neuron.
    external_weight : float
        Weight of each background input (nA).
    dc_current : tuple of float
        Constant current into each population's neurons (nA): the
        compensation for scaled in-degrees, plus the whole background when
        ``background == "dc"``.
    """

    n_scale: float
    k_scale: float
    background: str
    sizes: tuple
    synapses: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    external_indegrees: tuple
    external_weight: float
    dc_current: tuple

    @property
    def n_neurons(self) -> int:
        """Neurons in all populations."""
        return int(sum(self.sizes))

    @property
    def n_synapses(self) -> int:
        """Recurrent synapses (background inputs not counted)."""
        return int(self.synapses.sum())


def _check_scale(name: str, value) -> float:
    value = check_positive_number(name, value)
    if value > 1.0:
        raise ValueError(f"{name} must lie in (0, 1], got {value!r}")
    return value


def microcircuit_parameters(
    n_scale: float = N_SCALE, k_scale: float = K_SCALE, background: str = "poisson"
) -> MicrocircuitParameters:
    """Derive sizes, synapse numbers, weights and currents at one scale.

    Parameters
    ----------
    n_scale : float, default 0.02
        Fraction of the neurons to build, in (0, 1].
    k_scale : float, default 0.1
        Fraction of the in-degrees to keep, in (0, 1]; the weights grow by
        ``1 / sqrt(k_scale)`` and a DC current restores the mean input.
    background : {"poisson", "dc"}, default "poisson"
        Poisson background spikes, as published, or the DC current with the
        same mean.

    Returns
    -------
    MicrocircuitParameters
    """
    n_scale = _check_scale("n_scale", n_scale)
    k_scale = _check_scale("k_scale", k_scale)
    check_choice("background", background, BACKGROUNDS)

    sizes = tuple(max(1, round(size * n_scale)) for size in FULL_SIZES)
    full_synapses = full_synapse_counts()
    synapses = np.rint(full_synapses * n_scale * k_scale).astype(int)

    psc_exc = psp_to_psc(
        PSP_EXC_MEAN,
        NEURON_PARAMETERS["cm"],
        NEURON_PARAMETERS["tau_m"],
        NEURON_PARAMETERS["tau_syn_E"],
    )
    full_weights = np.tile(
        np.where(np.arange(len(POPULATIONS)) % 2 == 0, psc_exc, -RELATIVE_INHIBITION * psc_exc),
        (len(POPULATIONS), 1),
    )
    full_weights[POPULATIONS.index("L23e"), POPULATIONS.index("L4e")] *= 2.0

    # Mean synaptic current per neuron at full scale (nA * Hz): recurrent
    # input from the published rates plus the background.
    tau_syn_s = NEURON_PARAMETERS["tau_syn_E"] / 1000.0
    full_indegrees = full_synapses / np.asarray(FULL_SIZES, dtype=float)[:, np.newaxis]
    recurrent_drive = (full_weights * full_indegrees * np.asarray(PUBLISHED_RATES)).sum(axis=1)
    background_drive = psc_exc * np.asarray(EXTERNAL_INDEGREES, dtype=float) * BACKGROUND_RATE
    # Scaling the in-degrees by k and the weights by 1/sqrt(k) leaves
    # sqrt(k) of the mean input; the DC current supplies the rest.
    lost = 1.0 - math.sqrt(k_scale)
    dc_current = tau_syn_s * lost * (recurrent_drive + background_drive)
    if background == "dc":
        dc_current = dc_current + tau_syn_s * math.sqrt(k_scale) * background_drive

    return MicrocircuitParameters(
        n_scale=n_scale,
        k_scale=k_scale,
        background=background,
        sizes=sizes,
        synapses=synapses,
        weights=full_weights / math.sqrt(k_scale),
        external_indegrees=tuple(max(1, round(k * k_scale)) for k in EXTERNAL_INDEGREES),
        external_weight=psc_exc / math.sqrt(k_scale),
        dc_current=tuple(float(value) for value in dc_current),
    )


@dataclass
class Microcircuit:
    """The populations and projections of a built microcircuit.

    Attributes
    ----------
    parameters : MicrocircuitParameters
    populations : dict of str to pyNN.Population
        Neuron populations by label (:data:`POPULATIONS`).
    projections : dict of (str, str) to pyNN.Projection
        Recurrent projections by (source, target) label.
    background : dict
        The Poisson sources of each population (empty for a DC background):
        a ``SpikeSourcePoisson`` population on SpiNNaker, one NEST
        ``poisson_generator`` (a ``nest.NodeCollection``) on NEST; see
        :func:`poisson_background`.
    """

    parameters: MicrocircuitParameters
    populations: dict
    projections: dict
    background: dict


def _nest_fixed_total_number(sim, n_synapses: int, weight: dict, delay: dict):
    """A FixedTotalNumberConnector that lets NEST draw the synapses itself."""
    import nest

    def clipped_normal(mean, sd, low, high):
        return nest.math.redraw(nest.random.normal(mean=mean, std=sd), min=low, max=high)

    class NativeFixedTotalNumberConnector(sim.FixedTotalNumberConnector):
        def connect(self, projection):
            # PyNN's NEST StaticSynapse works in pA (nS); the course in nA (µS).
            scale = 1000.0
            rule = {
                "rule": "fixed_total_number",
                "N": n_synapses,
                "allow_autapses": True,
                "allow_multapses": True,
            }
            synapse = {
                "synapse_model": projection.nest_synapse_model,
                "weight": clipped_normal(
                    weight["mean"] * scale,
                    weight["sd"] * scale,
                    weight["low"] * scale,
                    weight["high"] * scale,
                ),
                "delay": clipped_normal(delay["mean"], delay["sd"], delay["low"], delay["high"]),
            }
            # What PyNN's own NEST connectors do, minus a slow read-back of
            # every source: any presynaptic neuron may be a source here.
            synapse["synapse_label"] = projection.nest_synapse_label
            nest.Connect(
                projection.pre.node_collection, projection.post.node_collection, rule, synapse
            )
            projection._simulator.state.stale_connection_cache = True
            projection._sources.update(projection.pre.node_collection.tolist())

    return NativeFixedTotalNumberConnector(n_synapses, with_replacement=True)


def _nest_poisson_generator(sim, population, rate: float, weight: float, delay: float):
    """One NEST ``poisson_generator`` that sends every neuron its own train."""
    import nest

    precision = sim.simulator.state.spike_precision
    generator = nest.Create(sim.SpikeSourcePoisson.nest_name[precision], params={"rate": rate})
    # PyNN's NEST current-based synapses work in pA; the course in nA.
    nest.Connect(
        generator,
        population.node_collection,
        "all_to_all",
        {"weight": 1000.0 * weight, "delay": delay},
    )
    return generator


def poisson_background(sim, population, rate: float, weight: float, delay: float, label=None):
    """Give every neuron of a population its own independent Poisson input.

    On SpiNNaker this is a ``SpikeSourcePoisson`` population of the same
    size, connected one to one and seeded with :func:`course.poisson_seed`.
    On NEST the same input comes from one NEST ``poisson_generator``
    connected to every neuron, as in the NEST microcircuit example: NEST
    draws a separate, independent train for each target. PyNN's
    ``SpikeSourcePoisson`` would pass every one of those trains through a
    relay ("parrot") neuron, and relaying the background spikes (about 15,000
    per second into every neuron here) takes more than half the run time.

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

    Returns
    -------
    pyNN.Population or nest.NodeCollection
        The sources: a population on SpiNNaker, the generator on NEST.
    """
    rate = check_positive_number("rate", rate)
    weight = check_positive_number("weight", weight)
    delay = check_positive_number("delay", delay)
    if simulator.is_nest():
        return _nest_poisson_generator(sim, population, rate, weight, delay)
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
    return sources


def fixed_total_number_projection(
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
    label: str | None = None,
):
    """Connect two populations with a fixed total number of random synapses.

    Each of the ``n_synapses`` synapses picks its source and its target at
    random, repeats allowed (PyNN's ``FixedTotalNumberConnector`` with
    replacement), with normally distributed weights and delays clipped to keep
    their sign and to stay at least one timestep.

    On SpiNNaker this is PyNN's ``FixedTotalNumberConnector``, which sPyNNaker
    can generate on the machine (on a virtual board, where sPyNNaker 7.4.1
    fails to build it, a ``FixedNumberPreConnector`` with the same mean
    in-degree stands in, so that the mapping can still be checked). On NEST,
    PyNN 0.13 draws that connector's synapses one at a time in Python
    (minutes for a few hundred thousand), so
    here NEST's own ``fixed_total_number`` rule draws them, as the NEST
    microcircuit example does; the random numbers then come from NEST's
    generators, seeded by :func:`course.setup`.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    presynaptic, postsynaptic : pyNN.Population
    n_synapses : int
        Number of synapses, at least 1.
    weight : float
        Mean weight magnitude (nA for current-based, µS for conductance-based
        cells); its sign is set for ``receptor_type``.
    delay : float
        Mean delay (ms).
    receptor_type : {"excitatory", "inhibitory"}
    weight_rel_sd, delay_rel_sd : float
        Standard deviations relative to the means.
    label : str, optional

    Returns
    -------
    pyNN.Projection
    """
    from pyNN.random import RandomDistribution

    if isinstance(n_synapses, bool) or not isinstance(n_synapses, numbers.Integral):
        raise TypeError(f"n_synapses must be a whole number, got {n_synapses!r}")
    if n_synapses < 1:
        raise ValueError(f"n_synapses must be at least 1, got {n_synapses!r}")
    weight = check_positive_number("weight", weight)
    delay = check_positive_number("delay", delay)
    check_choice("receptor_type", receptor_type, ("excitatory", "inhibitory"))
    weight_rel_sd = check_non_negative_number("weight_rel_sd", weight_rel_sd)
    delay_rel_sd = check_non_negative_number("delay_rel_sd", delay_rel_sd)
    timestep = simulator.current().timestep
    signed = signed_weight(weight, receptor_type, postsynaptic.celltype)
    weights = {
        "mean": signed,
        "sd": weight * weight_rel_sd,
        "low": 0.0 if signed > 0 else -np.inf,
        "high": np.inf if signed > 0 else 0.0,
    }
    delays = {"mean": delay, "sd": delay * delay_rel_sd, "low": timestep, "high": MAX_DELAY}
    if simulator.is_nest():
        connector = _nest_fixed_total_number(sim, int(n_synapses), weights, delays)
        synapse = sim.StaticSynapse()
    else:
        if simulator.current().backend == "virtual":
            # A virtual board makes sPyNNaker 7.4.1 build synapses on the host,
            # where its FixedTotalNumberConnector (MultapseConnector) fails for a
            # target population spread over several cores ("The truth value of
            # an array ... is ambiguous", in _get_n_connections). A real board
            # generates them on the machine. To check the mapping, the virtual
            # board gets the same mean in-degree through FixedNumberPreConnector.
            connector = sim.FixedNumberPreConnector(
                max(1, round(n_synapses / postsynaptic.size)),
                allow_self_connections=True,
                with_replacement=True,
                rng=make_rng(),
            )
        else:
            connector = sim.FixedTotalNumberConnector(
                int(n_synapses), allow_self_connections=True, with_replacement=True, rng=make_rng()
            )
        synapse = sim.StaticSynapse(
            weight=RandomDistribution(
                "normal_clipped",
                mu=weights["mean"],
                sigma=weights["sd"],
                low=weights["low"],
                high=weights["high"],
                rng=make_rng(),
            ),
            delay=RandomDistribution(
                "normal_clipped",
                mu=delays["mean"],
                sigma=delays["sd"],
                low=delays["low"],
                high=delays["high"],
                rng=make_rng(),
            ),
        )
    return sim.Projection(
        presynaptic, postsynaptic, connector, synapse, receptor_type=receptor_type, label=label
    )


def build_microcircuit(sim, parameters: MicrocircuitParameters, *, record_v: int = 0):
    """Create the microcircuit's populations and projections in ``sim``.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 0.1 ms as
        published; 1 ms works but changes the dynamics).
    parameters : MicrocircuitParameters
        From :func:`microcircuit_parameters`.
    record_v : int, default 0
        Record the membrane potential of this many neurons per population
        (spikes are always recorded from every neuron).

    Returns
    -------
    Microcircuit
    """
    if not isinstance(parameters, MicrocircuitParameters):
        raise TypeError(
            f"parameters must come from microcircuit_parameters(), got {type(parameters).__name__}"
        )
    if isinstance(record_v, bool) or not isinstance(record_v, int) or record_v < 0:
        raise ValueError(f"record_v must be a whole number of at least 0, got {record_v!r}")
    from pyNN.random import RandomDistribution

    set_neurons_per_core(sim.IF_curr_exp, SPINNAKER_NEURONS_PER_CORE)
    set_neurons_per_core(sim.SpikeSourcePoisson, SPINNAKER_NEURONS_PER_CORE)

    populations = {}
    background = {}
    for index, label in enumerate(POPULATIONS):
        cell = sim.IF_curr_exp(**{**NEURON_PARAMETERS, "i_offset": parameters.dc_current[index]})
        population = sim.Population(parameters.sizes[index], cell, label=label)
        population.initialize(
            v=RandomDistribution("normal", mu=V0_MEAN[index], sigma=V0_SD[index], rng=make_rng())
        )
        population.record("spikes")
        if record_v:
            population[: min(record_v, population.size)].record("v")
        populations[label] = population
        if parameters.background == "poisson":
            background[label] = poisson_background(
                sim,
                population,
                parameters.external_indegrees[index] * BACKGROUND_RATE,
                parameters.external_weight,
                DELAY_EXTERNAL,
                label=f"{label} background",
            )

    projections = {}
    for target_index, target in enumerate(POPULATIONS):
        for source_index, source in enumerate(POPULATIONS):
            n_synapses = int(parameters.synapses[target_index, source_index])
            if n_synapses == 0:
                continue
            mean_weight = float(parameters.weights[target_index, source_index])
            excitatory = mean_weight > 0
            projections[source, target] = fixed_total_number_projection(
                sim,
                populations[source],
                populations[target],
                n_synapses,
                weight=abs(mean_weight),
                delay=DELAY_EXC_MEAN if excitatory else DELAY_INH_MEAN,
                receptor_type="excitatory" if excitatory else "inhibitory",
                label=f"{source} -> {target}",
            )
    return Microcircuit(parameters, populations, projections, background)


class ProgressReport:
    """A ``sim.run(..., callbacks=[...])`` callback that prints progress.

    PyNN calls it with the simulated time (ms) and runs until the time it
    returns, so it prints one line every ``interval`` ms of simulated time.

    Parameters
    ----------
    run_time : float
        Total simulated time of the run (ms).
    interval : float
        Simulated time between two lines (ms).
    printer : callable, default print
        Where the lines go.
    """

    def __init__(self, run_time: float, interval: float, printer=print):
        self.run_time = check_positive_number("run_time", run_time)
        self.interval = check_positive_number("interval", interval)
        self.printer = printer
        self._start_wall = None
        self._start_time = None

    def __call__(self, t: float) -> float:
        if self._start_wall is None:
            self._start_wall = time.perf_counter()
            self._start_time = t
        else:
            done = t - self._start_time
            wall = time.perf_counter() - self._start_wall
            self.printer(
                f"  simulated {done:6.0f} of {self.run_time:.0f} ms "
                f"({100.0 * done / self.run_time:3.0f} %) in {wall:5.1f} s of wall time"
            )
        return t + self.interval


def run_microcircuit(
    sim,
    *,
    n_scale: float = N_SCALE,
    k_scale: float = K_SCALE,
    background: str = "poisson",
    run_time: float = RUN_TIME,
    record_v: int = 0,
    progress_interval: float | None = None,
) -> Recording:
    """Build the microcircuit, run it and collect its spikes.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_scale, k_scale : float
        See :func:`microcircuit_parameters`.
    background : {"poisson", "dc"}, default "poisson"
    run_time : float, default 600.0
        Simulated time (ms).
    record_v : int, default 0
        Neurons per population whose membrane potential is recorded.
    progress_interval : float, optional
        Print a progress line every this many ms of simulated time.

    Returns
    -------
    Recording
        One entry per population in :data:`POPULATIONS`. Its ``parameters``
        hold the scales, sizes, synapse count, and the wall times (s) of
        building (``build_seconds``) and simulating (``run_seconds``).
    """
    run_time = check_positive_number("run_time", run_time)
    if progress_interval is not None:
        progress_interval = check_positive_number("progress_interval", progress_interval)
    parameters = microcircuit_parameters(n_scale, k_scale, background)
    start = time.perf_counter()
    circuit = build_microcircuit(sim, parameters, record_v=record_v)
    build_seconds = time.perf_counter() - start
    callbacks = None
    if progress_interval is not None:
        callbacks = [ProgressReport(run_time, progress_interval)]
    start = time.perf_counter()
    sim.run(run_time, callbacks=callbacks)
    run_seconds = time.perf_counter() - start
    summary = {
        "n_scale": parameters.n_scale,
        "k_scale": parameters.k_scale,
        "background": background,
        "sizes": dict(zip(POPULATIONS, parameters.sizes, strict=True)),
        "n_neurons": parameters.n_neurons,
        "n_synapses": parameters.n_synapses,
        "run_time": run_time,
        "build_seconds": build_seconds,
        "run_seconds": run_seconds,
    }
    return collect(circuit.populations, summary)


def local_variation(spike_times, min_spikes: int = 3) -> np.ndarray:
    """CV2 of each neuron: the ISI variability measured between neighbouring intervals.

    ``CV2 = mean(2 |I[k+1] - I[k]| / (I[k+1] + I[k]))`` over consecutive
    inter-spike intervals ``I`` (Holt et al. 1996). Like the CV it is 0 for a
    clock and 1 for a Poisson process, but each term compares two
    neighbouring intervals only, so it is not biased low by short recordings
    or slow rate changes, as the CV is.

    Parameters
    ----------
    spike_times : sequence of array_like
        Spike times (ms) of each neuron.
    min_spikes : int, default 3
        Neurons with fewer spikes get ``nan``.

    Returns
    -------
    numpy.ndarray
        One value per neuron (dimensionless), ``nan`` where undefined.
    """
    if isinstance(min_spikes, bool) or not isinstance(min_spikes, int) or min_spikes < 3:
        raise ValueError(f"min_spikes must be a whole number of at least 3, got {min_spikes!r}")
    values = []
    for times in spike_times:
        intervals = np.diff(np.sort(np.asarray(times, dtype=float).ravel()))
        if intervals.size < min_spikes - 1:
            values.append(np.nan)
            continue
        pairs = intervals[1:] + intervals[:-1]
        values.append(float(np.mean(2.0 * np.abs(np.diff(intervals)) / pairs)))
    return np.array(values, dtype=float)


def population_statistics(recording: Recording, t_start: float = TRANSIENT, t_stop=None):
    """Mean rate, ISI CV and CV2 of each population in a window.

    Parameters
    ----------
    recording : Recording
        From :func:`run_microcircuit`.
    t_start : float, default 100.0
        Start of the window (ms); leaves out the start-up transient.
    t_stop : float, optional
        End of the window (ms); the run's end by default.

    Returns
    -------
    dict of str to dict
        For each population label, :func:`course.analysis.summary` of its
        spikes in the window (``rate_hz``: mean over all its neurons;
        ``cv_isi``: mean ISI CV over the neurons with at least 3 spikes,
        ``nan`` if none; ``cv_neurons``: how many that is; and more), plus
        ``cv2``, the mean :func:`local_variation` over the same neurons.
    """
    if t_stop is None:
        t_stop = recording.parameters.get("run_time")
        if t_stop is None:
            raise ValueError("t_stop is needed: the recording does not say how long it ran")
    statistics = {}
    for label in POPULATIONS:
        stats = summary(recording, label, t_start, t_stop)
        inside = [
            times[(times >= t_start) & (times <= t_stop)] for times in recording.spike_times(label)
        ]
        cv2 = local_variation(inside)
        stats["cv2"] = float(np.nanmean(cv2)) if np.isfinite(cv2).any() else float("nan")
        statistics[label] = stats
    return statistics
