"""The standard cell models both backends have, given the same input side by side.

The notes' open exercise "compare cell models". Every model in
:data:`course.backends.PORTABLE_CELL_TYPES` that is a neuron (not a spike
source) gets one cell, with PyNN's default parameters, and the same two-part
input:

1. **current steps**: the same :class:`StepCurrentSource` into every cell
   (0 to 400 ms);
2. **synaptic input**: the same spike trains from 20 sources (400 to 800 ms),
   each synapse scaled so that one input spike raises a cell at rest by
   :data:`PSP_PEAK` mV, whatever the synapse model: :func:`equivalent_weight`.

The Izhikevich model has no membrane capacitance: PyNN (and NEST) feed its
current in pA straight into ``dv/dt`` (mV/ms), so 0.01 nA is already a
strong drive. It gets the same current steps scaled down by
:data:`IZHIKEVICH_CURRENT_SCALE`.

:func:`izhikevich_on_board` predicts, with :mod:`course.spinnaker_model`,
what a SpiNNaker board records for the same Izhikevich cell and input:
sPyNNaker adds the current in nA and gives the cell exponential current
synapses, so the same script drives it very differently.
"""

from __future__ import annotations

import numpy as np

from course import simulator
from course._checks import (
    check_choice,
    check_finite_array,
    check_flag,
    check_non_negative_number,
    check_number,
    check_positive_number,
    check_recording,
)
from course.backends import PORTABLE_CELL_TYPES
from course.models.microcircuit.parameters import psp_to_psc
from course.results import Recording, collect
from course.stimuli import poisson_trains

__all__ = [
    "CELL_MODELS",
    "STEP_TIMES",
    "STEP_AMPLITUDES",
    "IZHIKEVICH_CURRENT_SCALE",
    "SYNAPTIC_START",
    "RUN_TIME",
    "PSP_PEAK",
    "N_SOURCES",
    "SOURCE_RATE",
    "INPUT_SEED",
    "DELAY",
    "equivalent_weight",
    "input_trains",
    "compare_cell_models",
    "count_phases",
    "phase_spike_counts",
    "izhikevich_on_board",
]

#: The neuron models both NEST and sPyNNaker 7.4 have.
CELL_MODELS = tuple(name for name in PORTABLE_CELL_TYPES if not name.startswith("SpikeSource"))
#: Start of each current step (ms), and its amplitude (nA); 0 after 400 ms.
STEP_TIMES = (50.0, 150.0, 250.0, 350.0)
STEP_AMPLITUDES = (0.6, 0.8, 1.2, 0.0)
#: Factor applied to the current steps for the Izhikevich model: 0.6 nA
#: becomes 6 pA, i.e. ``I = 6`` in its equation.
IZHIKEVICH_CURRENT_SCALE = 0.01
#: When the synaptic input starts (ms) and the run ends (ms).
SYNAPTIC_START = 400.0
RUN_TIME = 800.0
#: Peak PSP of one input spike at rest (mV).
PSP_PEAK = 1.5
#: Input spike sources and the rate of each (Hz).
N_SOURCES = 20
SOURCE_RATE = 20.0
#: Seed of the input spike trains.
INPUT_SEED = 36
#: Synaptic delay (ms).
DELAY = 1.0


def _alpha_peak_per_na(cm: float, tau_m: float, tau_syn: float) -> float:
    """Peak PSP (mV) of a 1 nA alpha-shaped current ``(t/tau) e^(1 - t/tau)``.

    The membrane's response has a closed form, ``V(t) = e / (tau_syn cm)
    e^(-t/tau_m) (1 - e^(-c t) (1 + c t)) / c**2`` with ``c = 1/tau_syn -
    1/tau_m``; its maximum is found on a fine grid of times.
    """
    c = 1.0 / tau_syn - 1.0 / tau_m
    times = np.linspace(0.0, 10.0 * max(tau_m, tau_syn), 100001)
    response = (
        np.e
        / (tau_syn * cm)
        * np.exp(-times / tau_m)
        * (1.0 - np.exp(-c * times) * (1.0 + c * times))
        / c**2
    )
    return float(response.max())


def equivalent_weight(cell_model: str, psp: float = PSP_PEAK, parameters=None) -> float:
    """The weight that makes one spike raise a cell at rest by ``psp`` mV.

    Parameters
    ----------
    cell_model : str
        One of :data:`CELL_MODELS`.
    psp : float, default 1.5
        Peak postsynaptic potential (mV).
    parameters : dict, optional
        Cell parameters that differ from PyNN's defaults for the model
        (``cm`` in nF, times in ms, potentials in mV).

    Returns
    -------
    float
        ``IF_curr_exp``, ``IF_curr_alpha``: current in nA; ``IF_cond_exp``:
        conductance in µS (the current at rest divided by the driving force
        ``e_rev_E - v_rest``); ``IF_curr_delta`` and ``Izhikevich`` (on NEST):
        the jump of the membrane potential itself, in mV.
    """
    from pyNN.standardmodels import cells as standard_cells

    check_choice("cell_model", cell_model, CELL_MODELS)
    psp = check_positive_number("psp", psp)
    defaults = dict(getattr(standard_cells, cell_model).default_parameters)
    if parameters is not None and not isinstance(parameters, dict):
        raise TypeError(
            f"parameters must be a dict of {cell_model} parameters, e.g. {{'tau_m': 20.0}}, "
            f"got {parameters!r}"
        )
    for key, value in (parameters or {}).items():
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise ValueError(f"parameters has {key!r}, not a parameter of {cell_model}: {known}")
        defaults[key] = check_number(f"parameters[{key!r}]", value)
    if cell_model in ("IF_curr_delta", "Izhikevich"):
        return psp
    cm, tau_m, tau_syn = defaults["cm"], defaults["tau_m"], defaults["tau_syn_E"]
    if cell_model == "IF_curr_alpha":
        return psp / _alpha_peak_per_na(cm, tau_m, tau_syn)
    current = psp_to_psc(psp, cm, tau_m, tau_syn)
    if cell_model == "IF_cond_exp":
        return current / (defaults["e_rev_E"] - defaults["v_rest"])
    return current


def input_trains() -> list[list[float]]:
    """The input spike trains of the synaptic phase, the same on every backend.

    Returns
    -------
    list of list of float
        :data:`N_SOURCES` seeded Poisson trains (:data:`SOURCE_RATE` Hz, seed
        :data:`INPUT_SEED`) on a 1 ms grid, spike times in ms from
        :data:`SYNAPTIC_START` to :data:`RUN_TIME`.
    """
    return poisson_trains(
        N_SOURCES,
        SOURCE_RATE,
        RUN_TIME,
        t_start=SYNAPTIC_START,
        seed=INPUT_SEED,
        timestep=1.0,
        earliest=SYNAPTIC_START,
    )


def _can_record_v(cell_model: str) -> bool:
    """PyNN 0.13 on NEST 3.10 cannot record ``v`` of ``IF_curr_delta``.

    It asks NEST's ``iaf_psc_delta_ps`` for a recordable named ``v`` instead
    of ``V_m`` ("Cannot connect with unknown recordable v"); every other
    model, and every model on SpiNNaker, records it.
    """
    return not (simulator.is_nest() and cell_model == "IF_curr_delta")


def compare_cell_models(sim, cell_models=CELL_MODELS, *, record_v: bool = True) -> Recording:
    """One cell per model, the same current steps and the same spikes into each.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 0.1 ms).
    cell_models : sequence of str
        Models to compare, from :data:`CELL_MODELS`.
    record_v : bool, default True
        Also record the membrane potential (mV), for every model that can
        (not ``IF_curr_delta`` on NEST: see :func:`_can_record_v`).

    Returns
    -------
    Recording
        One single-cell population per model, labelled with the model's name.
    """
    if isinstance(cell_models, (str, bytes)) or not hasattr(cell_models, "__iter__"):
        raise TypeError(
            f"cell_models must be a sequence of model names such as ('IF_curr_exp',), "
            f"got {cell_models!r}"
        )
    cell_models = list(cell_models)
    if not cell_models:
        raise ValueError("cell_models is empty; name at least one model")
    for index, name in enumerate(cell_models):
        check_choice(f"cell_models[{index}]", name, CELL_MODELS)
    record_v = check_flag("record_v", record_v)
    trains = input_trains()
    sources = sim.Population(N_SOURCES, sim.SpikeSourceArray(spike_times=trains), label="inputs")
    populations = []
    for name in cell_models:
        weight = equivalent_weight(name)
        cell = sim.Population(1, getattr(sim, name)(), label=name)
        cell.record(["spikes", "v"] if record_v and _can_record_v(name) else "spikes")
        scale = IZHIKEVICH_CURRENT_SCALE if name == "Izhikevich" else 1.0
        steps = sim.StepCurrentSource(
            times=list(STEP_TIMES), amplitudes=[scale * a for a in STEP_AMPLITUDES]
        )
        cell.inject(steps)
        sim.Projection(
            sources,
            cell,
            sim.AllToAllConnector(),
            sim.StaticSynapse(weight=weight, delay=DELAY),
            receptor_type="excitatory",
        )
        populations.append(cell)
    sim.run(RUN_TIME)
    parameters = {
        "weights": {name: equivalent_weight(name) for name in cell_models},
        "run_time": RUN_TIME,
        "input_spikes": int(sum(len(train) for train in trains)),
    }
    return collect(populations, parameters)


def phase_spike_counts(recording: Recording, label: str) -> dict:
    """Spikes of one model in each current step and in the synaptic phase.

    Parameters
    ----------
    recording : Recording
        What :func:`compare_cell_models` returned.
    label : str
        The model, i.e. its population's label, e.g. ``"IF_curr_exp"``.

    Returns
    -------
    dict of str to int
        Keys like ``"0.6 nA"`` for each non-zero step, and ``"synaptic"``.

    Raises
    ------
    TypeError
        If ``recording`` is not a :class:`course.Recording`.
    KeyError
        If ``recording`` holds no population ``label``.
    """
    recording = check_recording("recording", recording)
    times = np.concatenate(recording.spike_times(label)) if recording.size(label) else np.empty(0)
    return count_phases(times)


def count_phases(times) -> dict:
    """Spikes in each current step and in the synaptic phase, from spike times.

    Parameters
    ----------
    times : array_like of float
        Spike times (ms) of one cell.

    Returns
    -------
    dict of str to int
        Keys like ``"0.6 nA"`` for each non-zero step, and ``"synaptic"``.

    Raises
    ------
    TypeError, ValueError
        If ``times`` are not finite numbers.
    """
    times = check_finite_array("times", times, unit="ms")
    counts = {}
    edges = [*STEP_TIMES, SYNAPTIC_START]
    for start, stop, amplitude in zip(edges[:-1], edges[1:], STEP_AMPLITUDES, strict=True):
        if amplitude > 0:
            counts[f"{amplitude:g} nA"] = int(np.count_nonzero((times >= start) & (times < stop)))
    counts["synaptic"] = int(np.count_nonzero(times >= SYNAPTIC_START))
    return counts


def izhikevich_on_board(current_scale: float = 1.0, timestep: float = 0.1):
    """What a SpiNNaker board records for the lesson's Izhikevich cell, from the board model.

    The same cell (PyNN's default Izhikevich parameters, and sPyNNaker's
    5 ms synapses), the same current steps as :func:`compare_cell_models`
    injects (``IZHIKEVICH_CURRENT_SCALE × STEP_AMPLITUDES`` nA, times
    ``current_scale``), and the same input trains with the same weight
    (:func:`equivalent_weight`), run in :func:`course.spinnaker_model.simulate`.
    sPyNNaker adds an injected current to the equation in nA, as it adds
    ``i_offset``, so the steps are modelled as ``i_offset`` changing at the
    step times; its synapses are exponential currents (nA), not the jumps
    of ``v`` (mV) of NEST's ``izhikevich``.

    Parameters
    ----------
    current_scale : float, default 1.0
        Factor on the injected current: 1 is what the script injects; 1000
        is what NEST's cell gets (PyNN passes it in pA).
    timestep : float, default 0.1
        Simulation step (ms), the lesson's.

    Returns
    -------
    course.spinnaker_model.PopulationResult
        Spikes, ``v`` (mV) and synaptic current (nA) of the one cell.

    Raises
    ------
    TypeError
        If ``current_scale`` or ``timestep`` is not a number.
    ValueError
        If ``current_scale`` is negative or not finite, or ``timestep`` is
        not greater than 0.
    """
    from course import spinnaker_model as sm

    current_scale = check_non_negative_number("current_scale", current_scale)
    timestep = check_positive_number("timestep", timestep)
    steps = [
        (start, current_scale * IZHIKEVICH_CURRENT_SCALE * amplitude)
        for start, amplitude in zip(STEP_TIMES, STEP_AMPLITUDES, strict=True)
    ]
    weight = equivalent_weight("Izhikevich")
    result = sm.simulate(
        populations={"inputs": sm.SpikeArray(input_trains()), "cell": sm.Cells(1, "Izhikevich")},
        projections=[
            ("inputs", "cell", [(i, 0, weight, DELAY) for i in range(N_SOURCES)], "excitatory")
        ],
        run_time=RUN_TIME,
        timestep=timestep,
        i_offset_changes={"cell": steps},
    )
    return result["cell"]
