"""The backends the course runs on, and how they differ, written down as data.

Everything the course knows about NEST versus SpiNNaker lives here once: the
simulator layer (:mod:`course.simulator`) reads it to choose and set up a
backend, and the documentation page "NEST versus SpiNNaker" is generated from
:data:`DIFFERENCES`, so the code and the page cannot drift apart.

The facts were measured with PyNN 0.13 + NEST 3.10 and sPyNNaker 7.4.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BACKENDS",
    "CONDUCTANCE_BASED_PREFIX",
    "DIFFERENCES",
    "NEST_MODELS_NEEDING_EXTENSIONS",
    "PORTABLE_CELL_TYPES",
    "PORTABLE_INITIAL_VALUES",
    "Backend",
    "Difference",
    "resolve_backend_name",
]


@dataclass(frozen=True)
class Backend:
    """One way of running a lesson.

    Parameters
    ----------
    name : str
        The canonical name, as accepted by :func:`course.setup` and on the
        command line (``python lesson.py spiNNaker``).
    pynn_module : str
        The PyNN backend module that is imported for it.
    runs_simulation : bool
        False where the network is mapped onto a machine but never executed,
        so every recording comes back empty.
    summary : str
        One sentence for learners.
    """

    name: str
    pynn_module: str
    runs_simulation: bool
    summary: str


BACKENDS: dict[str, Backend] = {
    "nest": Backend(
        name="nest",
        pynn_module="pyNN.nest",
        runs_simulation=True,
        summary="NEST on this computer: exact, floating point, uses both cores.",
    ),
    "spiNNaker": Backend(
        name="spiNNaker",
        pynn_module="pyNN.spiNNaker",
        runs_simulation=True,
        summary=(
            "A real SpiNNaker machine, named in your ~/.spynnaker.cfg "
            "(already set up on the SpiNNaker Jupyter hub)."
        ),
    ),
    "virtual": Backend(
        name="virtual",
        pynn_module="pyNN.spiNNaker",
        runs_simulation=False,
        summary=(
            "A virtual SpiNNaker board (8 x 8 chips): the network is mapped onto "
            "the machine but not run, so recordings are empty. It proves that a "
            "script fits on SpiNNaker."
        ),
    ),
}

# Spellings accepted for each backend (compared case-insensitively).
_ALIASES: dict[str, str] = {
    "nest": "nest",
    "pynn.nest": "nest",
    "spinnaker": "spiNNaker",
    "pynn.spinnaker": "spiNNaker",
    "virtual": "virtual",
    "virtual_board": "virtual",
    "virtual-board": "virtual",
    "spinnaker-virtual": "virtual",
}


def resolve_backend_name(name: str) -> str:
    """Return the canonical backend name for ``name``.

    Parameters
    ----------
    name : str
        A backend name in any case, for example ``"NEST"``, ``"spinnaker"``
        or ``"virtual"``.

    Returns
    -------
    str
        One of the keys of :data:`BACKENDS`.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` names no backend; the message lists the allowed names.
    """
    if not isinstance(name, str):
        raise TypeError(
            "backend must be a string such as 'nest' (the name of a backend), got "
            f"{name!r} ({type(name).__name__})"
        )
    try:
        return _ALIASES[name.strip().lower()]
    except KeyError:
        allowed = ", ".join(repr(key) for key in BACKENDS)
        raise ValueError(
            f"backend {name!r} is not known; choose one of {allowed} (the name may be in any case)"
        ) from None


#: Standard cell types that exist on both NEST and sPyNNaker 7.4: exactly the
#: seven standard models sPyNNaker has. NEST (through PyNN 0.13) has 15,
#: among them the alpha-conductance, EIF and Hodgkin-Huxley models.
PORTABLE_CELL_TYPES: tuple[str, ...] = (
    "IF_curr_exp",
    "IF_cond_exp",
    "IF_curr_alpha",
    "IF_curr_delta",
    "Izhikevich",
    "SpikeSourceArray",
    "SpikeSourcePoisson",
)

#: NEST standard models PyNN lists but cannot create without its compiled
#: NEST extensions, which the nest-simulator wheel cannot build.
NEST_MODELS_NEEDING_EXTENSIONS: tuple[str, ...] = ("IF_cond_exp_gsfa_grr",)

#: Initial-value names that mean the same on both backends. NEST's
#: conductance-based models call the synaptic state ``gsyn_exc``, sPyNNaker's
#: call it ``isyn_exc``; only the membrane potential is portable.
PORTABLE_INITIAL_VALUES: tuple[str, ...] = ("v",)

#: Cell types whose name starts with this are conductance based: their
#: synaptic weights are conductances (µS) and must be positive on NEST,
#: whatever the receptor.
CONDUCTANCE_BASED_PREFIX = "IF_cond"


@dataclass(frozen=True)
class Difference:
    """One place where NEST and SpiNNaker behave differently.

    Parameters
    ----------
    topic : str
        Short heading, e.g. ``"Spike sources at t = 0"``.
    nest : str
        What happens on NEST (through PyNN 0.13).
    spinnaker : str
        What happens on sPyNNaker 7.4.
    course : str
        What the course does about it, naming the helper a lesson uses.
    sources : tuple of str
        Public issue threads where users met it (``owner/repo#N``).
    """

    topic: str
    nest: str
    spinnaker: str
    course: str
    sources: tuple[str, ...] = ()


DIFFERENCES: tuple[Difference, ...] = (
    Difference(
        topic="Spike sources at t = 0",
        nest=(
            "Spike sources are relayed through parrot neurons, so PyNN subtracts "
            "min_delay from every SpikeSourceArray time: a spike at min_delay "
            "fails and an earlier one is silently dropped. With timestep = "
            "min_delay = 1 ms the earliest spike is at 2 ms."
        ),
        spinnaker="Spikes at any time on the grid, 0 ms included, are delivered.",
        course=(
            "course.earliest_spike_time() gives the first usable time on the "
            "current backend; course.check_spike_times() rejects earlier ones "
            "with a clear error instead of losing them."
        ),
        sources=("NeuralEnsemble/PyNN#503", "SpiNNakerManchester/sPyNNaker#850"),
    ),
    Difference(
        topic="min_delay and max_delay",
        nest=(
            "Both must be given to setup(): with min_delay='auto' spikes from a "
            "SpikeSourceArray arrive late, and without max_delay delays are capped "
            "at 10 ms with a misleading 'StaticSynapse is not available' error."
        ),
        spinnaker=(
            "max_delay is ignored (with a warning); delays shorter than a "
            "timestep are rounded up to one timestep; long delays use extra "
            "delay-extension cores."
        ),
        course=(
            "course.setup() always passes timestep, min_delay and max_delay, and "
            "checks that every delay lies inside them."
        ),
        sources=(
            "NeuralEnsemble/PyNN#536",
            "NeuralEnsemble/PyNN#472",
            "SpiNNakerManchester/sPyNNaker#1092",
            "SpiNNakerManchester/sPyNNaker#199",
        ),
    ),
    Difference(
        topic="Rounding delays to the timestep",
        nest=(
            "A delay is rounded to the nearest step, halves up: at a 0.1 ms step "
            "0.25 ms is stored as 0.3 ms and 0.45 ms as 0.5 ms."
        ),
        spinnaker=(
            "A delay is rounded with numpy.rint, halves to the even step: 0.25 ms is "
            "stored as 0.2 ms, 0.45 ms as 0.4 ms (0.75 ms as 0.8 ms on both)."
        ),
        course=(
            "Lessons choose delays on the timestep grid, or far from a half step, "
            "where the two agree; lesson 01 shows the rounding."
        ),
        sources=(),
    ),
    Difference(
        topic="Inhibitory weight signs",
        nest=(
            "Current-based models (IF_curr_*) need negative inhibitory weights; "
            "conductance-based models (IF_cond_*) need positive ones."
        ),
        spinnaker="The sign is ignored: the receptor type alone decides.",
        course=(
            "course.signed_weight() gives the weight with the sign the cell type "
            "needs, so the same script is right on both."
        ),
        sources=("NeuralEnsemble/PyNN#86", "NeuralEnsemble/PyNN#625"),
    ),
    Difference(
        topic="Weights and fixed point",
        nest="Weights are double-precision floats and read back exactly.",
        spinnaker=(
            "Weights are 16-bit fixed point with a per-receptor scale: 0.3 reads "
            "back as 0.29998779296875, tiny weights can round to zero and large "
            "summed input saturates. Membrane state is s16.15 fixed point."
        ),
        course=(
            "Tests compare weights with a tolerance; lessons compare spike "
            "statistics across backends, not single spike times."
        ),
        sources=(
            "SpiNNakerManchester/sPyNNaker#419",
            "SpiNNakerManchester/sPyNNaker#481",
            "SpiNNakerManchester/sPyNNaker#740",
        ),
    ),
    Difference(
        topic="Random seeds",
        nest=(
            "setup(rng_seed=...) seeds NEST's generators (Poisson sources); "
            "SpikeSourcePoisson(seed=...) is an error. A seeded NumpyRNG makes "
            "random connectors, weights and initial values repeat exactly."
        ),
        spinnaker=(
            "rng_seed is ignored with a warning; a population takes "
            "additional_parameters={'seed': ...} (a TypeError on NEST). A seeded "
            "NumpyRNG in a random connector, weight or delay is refused ('Use of "
            "rng in ... is not supported'), so random connections differ run to run."
        ),
        course=(
            "course.setup(seed=...) seeds NEST; course.population_seed() gives the "
            "Population keyword arguments that seed a population on SpiNNaker (the "
            "spikes of a Poisson source, the random connections into a neuron "
            "population). course.make_rng(host=True) is seeded on both backends, for "
            "numbers drawn on your computer with .next(n) and passed as arrays: those "
            "are the same everywhere. course.make_rng() for a connector or "
            "RandomDistribution is seeded on NEST and unseeded on SpiNNaker, which "
            "draws such numbers from the population's seed: other numbers than NEST's."
        ),
        sources=("NeuralEnsemble/PyNN#621", "SpiNNakerManchester/sPyNNaker#1157"),
    ),
    Difference(
        topic="Reading connections back",
        nest="Projection.get(...) works before and after run().",
        spinnaker=(
            "Connections exist only after the first run() (on the virtual board "
            "too); FixedNumberPostConnector reads back as zero connections after "
            "a virtual run. Projection.get(['source', 'target', ...]) fails on both."
        ),
        course=(
            "course.connections() reads (source, target, weight, delay) rows "
            "the portable way and refuses to do so before the first run()."
        ),
        sources=("SpiNNakerManchester/sPyNNaker#613",),
    ),
    Difference(
        topic="Initial values",
        nest=(
            "Population.get_initial_value() does not exist; conductance models "
            "name their synaptic state gsyn_exc / gsyn_inh."
        ),
        spinnaker=(
            "get_initial_value() raises NotImplementedError; the synaptic state "
            "is isyn_exc / isyn_inh; initialize() only before the first run() or "
            "after reset()."
        ),
        course=(
            "course.initial_values() reads the portable ones (only v) from "
            "Population.initial_values and explains the others."
        ),
        sources=("SpiNNakerManchester/sPyNNaker#600",),
    ),
    Difference(
        topic="Cell types",
        nest="15 standard models, including HH_cond_exp, IF_cond_alpha and EIF models.",
        spinnaker=(
            "7 standard models: IF_curr_exp, IF_cond_exp, IF_curr_alpha, "
            "IF_curr_delta, Izhikevich and the two spike sources; no Hodgkin-Huxley, "
            "IF_cond_alpha or EIF models (sPyNNaker does not implement them)."
        ),
        course="course.backends.PORTABLE_CELL_TYPES lists the models both have.",
        sources=(),
    ),
    Difference(
        topic="Populations on cores",
        nest=(
            "A population created without structure= is placed on PyNN's default "
            "Line(), one unit apart."
        ),
        spinnaker=(
            "A neuron population is cut into pieces of at most 256 neurons, one per "
            "core (set_number_of_neurons_per_core lowers it). A population created "
            "without structure= has none, and .positions raises ValueError."
        ),
        course=(
            "course.set_neurons_per_core() makes the SpiNNaker-only call; "
            "course.cell_positions() reads positions the same way on both and "
            "explains a missing structure."
        ),
        sources=(),
    ),
    Difference(
        topic="Connectors",
        nest="SmallWorldConnector raises NotImplementedError.",
        spinnaker=(
            "SmallWorldConnector works; Grid2D populations need "
            "set_max_atoms_per_core with a 2-D shape."
        ),
        course=(
            "course.set_max_atoms_per_core() and course.set_neurons_per_core() do "
            "the SpiNNaker-only calls and nothing on NEST."
        ),
        sources=("SpiNNakerManchester/sPyNNaker#620", "SpiNNakerManchester/sPyNNaker#636"),
    ),
    Difference(
        topic="STDP weight updates",
        nest=(
            "Potentiation is applied when the next presynaptic spike arrives, so "
            "a single pre-then-post pair reads dw = 0 until one more pre spike."
        ),
        spinnaker="Weights are updated on the machine in fixed point, also pre-synaptically.",
        course=(
            "The STDP lessons send one extra presynaptic spike after each pairing "
            "before reading the weight."
        ),
        sources=(),
    ),
    Difference(
        topic="STDP amplitudes (additive weight dependence)",
        nest=(
            "With AdditiveWeightDependence one pair changes the weight by "
            "A_plus * w_max * exp(-dt / tau_plus) (depression likewise with A_minus): "
            "A_plus and A_minus are fractions of w_max. dt = t_post - t_pre + delay, "
            "because PyNN makes the whole delay dendritic."
        ),
        spinnaker=(
            "sPyNNaker writes A_plus and A_minus to the machine scaled only by the "
            "weight scale, without w_max: one pair changes the weight by "
            "A_plus * exp(-dt / tau_plus), in weight units. The two backends agree only "
            "when w_max = 1 (as in the STDP exercises); with w_max = 0.04 µS an "
            "amplitude of 0.05 would take a weight to w_max in one pair."
        ),
        course=(
            "course.additive_stdp_amplitudes(change_plus, change_minus, w_max) returns "
            "the A_plus and A_minus that give the same weight change on the current "
            "backend; lesson 05 uses it."
        ),
        sources=(),
    ),
    Difference(
        topic="Timing and precision",
        nest=(
            "PyNN asks NEST for precise spike timing by default "
            "(spike_precision='off_grid'), but only some cell types have a precise "
            "NEST model: IF_curr_exp becomes iaf_psc_exp_ps and fires between grid "
            "points (10.500241548 ms), while IF_cond_exp is iaf_cond_exp either way "
            "and fires on the grid. The default timestep is 0.1 ms; runs as fast "
            "as the computer allows."
        ),
        spinnaker=(
            "Spike times sit on the timestep grid. By default the machine keeps real "
            "time at any timestep up to 10 ms (time scale factor max(1, ceil(timestep / "
            "10 ms)) = 1): a 0.1 ms step is 0.1 ms of machine time, so each core has a "
            "tenth of the time per step; setup(time_scale_factor=...) slows the run "
            "down when the cores need it. Time-driven neurons, event-driven synapses."
        ),
        course=(
            "Tests state a tolerance of at least one timestep for spike times; "
            "lessons use timestep 1 ms unless they need 0.1 ms. The exercises use "
            "IF_curr_exp, so their NEST spike times are off the grid (10.50 ms)."
        ),
        sources=("SpiNNakerManchester/sPyNNaker#247", "SpiNNakerManchester/sPyNNaker#1602"),
    ),
    Difference(
        topic="Recording and current sources",
        nest=(
            "PyNN 0.13 cannot record v of IF_curr_delta ('Cannot connect with "
            "unknown recordable v'); NoisyCurrentSource is seeded by rng_seed."
        ),
        spinnaker=(
            "Every model records v; NoisyCurrentSource needs dt equal to the "
            "timestep and is not seeded. Recording spikes costs one bit per neuron "
            "per timestep, whatever the rates; v and the synaptic variables one "
            "32-bit word per neuron per sample. A run too long for the board's "
            "recording memory is split into pieces automatically (auto pause and "
            "resume): the cost is time, not lost data."
        ),
        course=(
            "The cell-model lesson records spikes only for IF_curr_delta on NEST; "
            "the current-injection lesson sets dt to the timestep."
        ),
        sources=(),
    ),
    Difference(
        topic="Izhikevich currents",
        nest="i_offset and injected currents are in nA and converted to NEST's pA.",
        spinnaker=(
            "sPyNNaker passes i_offset on without that factor and uses "
            "exponential rather than delta synapses (not verified on hardware)."
        ),
        course=(
            "The cell-model lesson scales the Izhikevich current by "
            "course.exercises.cell_models.IZHIKEVICH_CURRENT_SCALE and says so."
        ),
        sources=(),
    ),
    Difference(
        topic="FixedTotalNumberConnector",
        nest=(
            "PyNN 0.13 draws the synapses one at a time in Python: minutes for a "
            "few hundred thousand."
        ),
        spinnaker=(
            "Generated on the machine; sPyNNaker 7.4.1 fails to map it on a virtual "
            "board when the target population spans several cores."
        ),
        course=(
            "The microcircuit uses NEST's own fixed_total_number rule on NEST and, "
            "on the virtual board only, a FixedNumberPreConnector of the same mean "
            "in-degree."
        ),
        sources=(),
    ),
    Difference(
        topic="Data from the virtual board",
        nest="Every recording holds data.",
        spinnaker=(
            "With virtual_board = True nothing runs and get_data() returns empty "
            "spike trains and signals ('Data from a virtual run will be empty')."
        ),
        course=(
            "Every course analysis and plotting function accepts empty data; "
            "connections do read back after a virtual run."
        ),
        sources=("SpiNNakerManchester/PyNNExamples#12",),
    ),
)
