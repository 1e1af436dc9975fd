"""Build and run the microcircuit in the simulator :func:`course.setup` returned."""

from __future__ import annotations

import time
from dataclasses import dataclass

from course import simulator
from course._checks import check_positive_number
from course.models.microcircuit.connections import connect_fixed_total_number, poisson_background
from course.models.microcircuit.nest_limits import check_fits_in_nest
from course.models.microcircuit.parameters import (
    BACKGROUND_RATE,
    DELAY_EXC_MEAN,
    DELAY_EXTERNAL,
    DELAY_INH_MEAN,
    NEURON_PARAMETERS,
    POPULATIONS,
    RUN_TIME,
    SPINNAKER_NEURONS_PER_CORE,
    V0_MEAN,
    V0_SD,
)
from course.models.microcircuit.scaling import (
    K_SCALE,
    N_SCALE,
    MicrocircuitParameters,
    microcircuit_parameters,
)
from course.portable import set_neurons_per_core
from course.results import Recording, collect
from course.seeds import make_rng


@dataclass
class Microcircuit:
    """The populations of a built microcircuit.

    Parameters
    ----------
    parameters : MicrocircuitParameters
        The scale it was built at.
    populations : dict of str to pyNN.Population
        Neuron populations by label (:data:`~.parameters.POPULATIONS`),
        recording their spikes.
    """

    parameters: MicrocircuitParameters
    populations: dict


def build_microcircuit(sim, parameters: MicrocircuitParameters, *, record_v: int = 0):
    """Create the microcircuit's populations and connections in ``sim``.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 0.1 ms as
        published; 1 ms works but changes the dynamics). On NEST, set it up
        with ``spike_precision="on_grid"`` for the reference's grid-based
        ``iaf_psc_exp``, and with enough threads for the scale
        (:func:`~.nest_limits.nest_threads`).
    parameters : MicrocircuitParameters
        From :func:`~.scaling.microcircuit_parameters`.
    record_v : int, default 0
        Record the membrane potential of this many neurons per population
        (spikes are always recorded from every neuron).

    Returns
    -------
    Microcircuit
        The scale it was built at and its eight neuron populations.

    Raises
    ------
    ValueError
        On NEST, before building anything, if NEST has too few virtual
        processes for this many connections (the message says how many
        threads to set up).
    """
    if not isinstance(parameters, MicrocircuitParameters):
        raise TypeError(
            f"parameters must come from microcircuit_parameters(), got {type(parameters).__name__}"
        )
    if isinstance(record_v, bool) or not isinstance(record_v, int) or record_v < 0:
        raise ValueError(f"record_v must be a whole number of at least 0, got {record_v!r}")
    if simulator.is_nest():
        import nest

        check_fits_in_nest(parameters, nest.total_num_virtual_procs)
    from pyNN.random import RandomDistribution

    set_neurons_per_core(sim.IF_curr_exp, SPINNAKER_NEURONS_PER_CORE)
    set_neurons_per_core(sim.SpikeSourcePoisson, SPINNAKER_NEURONS_PER_CORE)

    populations = {}
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
            poisson_background(
                sim,
                population,
                parameters.external_indegrees[index] * BACKGROUND_RATE,
                parameters.external_weight,
                DELAY_EXTERNAL,
                label=f"{label} background",
            )

    for target_index, target in enumerate(POPULATIONS):
        for source_index, source in enumerate(POPULATIONS):
            n_synapses = int(parameters.synapses[target_index, source_index])
            if n_synapses == 0:
                continue
            mean_weight = float(parameters.weights[target_index, source_index])
            excitatory = mean_weight > 0
            connect_fixed_total_number(
                sim,
                populations[source],
                populations[target],
                n_synapses,
                weight=abs(mean_weight),
                delay=DELAY_EXC_MEAN if excitatory else DELAY_INH_MEAN,
                receptor_type="excitatory" if excitatory else "inhibitory",
            )
    return Microcircuit(parameters, populations)


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
        See :func:`~.scaling.microcircuit_parameters`.
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
        One entry per population in :data:`~.parameters.POPULATIONS`. Its
        ``parameters`` hold the scales, sizes, synapse count, and the wall
        times (s) of building (``build_seconds``) and simulating
        (``run_seconds``).
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
