"""The recorded synfire ring three ways: on the board, in the model, and in PyNN.

:func:`model_ring` predicts the board's recording with
:func:`course.spinnaker_model.simulate`; :func:`build_ring` builds the same
network with PyNN on any backend (it is sPyNNaker's ``SynfireRunner``
network, :mod:`.recordings`); :func:`run_ring_on_nest` runs it on NEST with
precise (PyNN's default) or on-grid spikes; :func:`hop_times` measures how
long each hop of the ring takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import numpy as np

from course._checks import (
    check_choice,
    check_non_negative_number,
    check_positive_integer,
    check_positive_number,
    check_text,
)
from course.simulator import DEFAULT_MAX_DELAY
from course.spike_data import spike_trains
from course.spinnaker_model.core import PopulationResult, simulate
from course.spinnaker_model.onchip import RECORDINGS_VERSION
from course.spinnaker_model.populations import Cells, SpikeArray
from course.spinnaker_model.recordings import (
    SYNFIRE_CELL_PARAMETERS,
    SYNFIRE_INPUT,
    SYNFIRE_NEURONS,
    SYNFIRE_WEIGHT,
)

__all__ = [
    "RingRun",
    "build_ring",
    "hop_times",
    "model_ring",
    "run_ring_on_nest",
    "spike_precision",
]

#: The settings that make NEST as SpiNNaker-like as it can be: sPyNNaker's
#: 1 ms step and shortest delay, and spikes on the step grid (NEST's
#: ``iaf_psc_exp`` instead of PyNN's default precise ``iaf_psc_exp_ps``).
NEST_LIKE_SPINNAKER = {"timestep": 1.0, "min_delay": 1.0, "spike_precision": "on_grid"}

#: NEST's spike precisions: on the step grid, or precise (PyNN's default).
PRECISIONS = ("on_grid", "off_grid")


def _check_precision(precision) -> str:
    return check_choice("precision", check_text("precision", precision), PRECISIONS)


def ring_connections(delay: float, n_neurons: int = SYNFIRE_NEURONS) -> list[tuple]:
    """``(i, j, weight, delay)`` of the ring: neuron i excites i + 1, the last the first."""
    return [(i, (i + 1) % n_neurons, SYNFIRE_WEIGHT, float(delay)) for i in range(n_neurons)]


def model_ring(
    delay: float,
    run_time: float,
    n_neurons: int = SYNFIRE_NEURONS,
    version: str = RECORDINGS_VERSION,
) -> PopulationResult:
    """What the board records for the ring, predicted by the model.

    Parameters
    ----------
    delay : float
        Delay (ms) between neighbours in the ring.
    run_time : float
        Duration (ms).
    n_neurons : int, default 20
        Neurons in the ring.
    version : {"recordings", "7.4.1"}, default "recordings"
        Whose arithmetic (:func:`course.spinnaker_model.simulate`): by
        default that of the sPyNNaker that recorded the rings, so the
        prediction can be compared with the recordings bit for bit;
        ``"7.4.1"`` for what the SpiNNaker Jupyter hub records (the same
        spikes, ``v`` within 281 LSB).

    Returns
    -------
    PopulationResult
        Spikes, ``v`` and ``gsyn_exc`` of the ring.

    Raises
    ------
    TypeError
        If ``delay`` or ``run_time`` is not a number, ``n_neurons`` not a
        whole number, or ``version`` not text.
    ValueError
        If ``delay`` or ``run_time`` is not greater than 0, ``delay`` is
        under half a step (it rounds to 0 steps), ``n_neurons`` is below 1
        or ``version`` unknown.
    """
    delay = check_positive_number("delay", delay)
    run_time = check_positive_number("run_time", run_time)
    n_neurons = check_positive_integer("n_neurons", n_neurons)
    result = simulate(
        populations={
            "input": SpikeArray([[SYNFIRE_INPUT["spike_time"]]]),
            "ring": Cells(n_neurons, "IF_curr_exp", SYNFIRE_CELL_PARAMETERS),
        },
        projections=[
            ("input", "ring", [(0, 0, SYNFIRE_WEIGHT, SYNFIRE_INPUT["delay"])], "excitatory"),
            ("ring", "ring", ring_connections(delay, n_neurons), "excitatory"),
        ],
        run_time=run_time,
        version=version,
    )
    return result["ring"]


def build_ring(
    sim,
    delay: float,
    n_neurons: int = SYNFIRE_NEURONS,
    input_time: float = SYNFIRE_INPUT["spike_time"],
):
    """Build the recorded ring with PyNN on whatever backend ``sim`` is.

    Parameters
    ----------
    sim : module
        A set-up PyNN backend (``pyNN.nest``, ``pyNN.spiNNaker``).
    delay : float
        Delay (ms) between neighbours in the ring.
    n_neurons : int, default 20
        Neurons in the ring.
    input_time : float, default 0.0
        Time (ms) of the one input spike. The boards got it at 0 ms; on NEST
        use :func:`course.earliest_spike_time` (2 ms at a 1 ms step: PyNN
        sends array spikes ``min_delay`` early there).

    Returns
    -------
    ring : pyNN.common.Population
        The ring, recording spikes and ``v`` (NEST's ``IF_curr_exp`` cannot
        record its synaptic current).
    stimulus : pyNN.common.Population
        Its one-spike input.

    Raises
    ------
    TypeError
        If ``delay`` or ``input_time`` is not a number, or ``n_neurons`` not
        a whole number.
    ValueError
        If ``delay`` is not greater than 0, ``input_time`` is negative or
        ``n_neurons`` is below 1.
    """
    delay = check_positive_number("delay", delay)
    n_neurons = check_positive_integer("n_neurons", n_neurons)
    input_time = check_non_negative_number("input_time", input_time)
    ring = sim.Population(n_neurons, sim.IF_curr_exp(**SYNFIRE_CELL_PARAMETERS), label="ring")
    ring.initialize(v=SYNFIRE_CELL_PARAMETERS["v_rest"])
    stimulus = sim.Population(1, sim.SpikeSourceArray(spike_times=[input_time]), label="stimulus")
    sim.Projection(
        stimulus,
        ring,
        sim.FromListConnector([(0, 0, SYNFIRE_WEIGHT, SYNFIRE_INPUT["delay"])]),
        sim.StaticSynapse(weight=SYNFIRE_WEIGHT, delay=SYNFIRE_INPUT["delay"]),
        receptor_type="excitatory",
    )
    sim.Projection(
        ring,
        ring,
        sim.FromListConnector(ring_connections(delay, n_neurons)),
        sim.StaticSynapse(weight=SYNFIRE_WEIGHT, delay=delay),
        receptor_type="excitatory",
    )
    ring.record(["spikes", "v"])
    return ring, stimulus


@dataclass(frozen=True)
class RingRun:
    """Spikes and traces of one run of the ring (NEST or a board), sampled every step.

    Parameters
    ----------
    spikes : list of numpy.ndarray
        Spike times (ms) per neuron.
    v : numpy.ndarray
        Membrane potential (mV), shape (neurons, samples).
    times : numpy.ndarray
        Sample times (ms).
    input_time : float
        Time (ms) of the input spike.
    """

    spikes: list
    v: np.ndarray
    times: np.ndarray
    input_time: float


def read_ring(ring, input_time: float) -> RingRun:
    """Gather a PyNN ring's recording (empty arrays when a virtual board recorded nothing)."""
    import course

    recording = course.collect([ring])
    times, v = recording.signal("ring", "v")
    return RingRun(recording.spike_times("ring"), v.T, times, float(input_time))


def spike_precision(sim, precision: str) -> AbstractContextManager:
    """Set NEST's spike precision inside a ``with`` block, and PyNN's default after it.

    PyNN keeps the precision across ``setup()`` calls, so a lesson that
    switches to ``"on_grid"`` must switch back, or every later script in the
    same Python process would run on the grid too.

    Parameters
    ----------
    sim : module
        PyNN's NEST backend (``pyNN.nest``); it is set up with a 1 ms step
        and 1 ms shortest delay.
    precision : {"on_grid", "off_grid"}
        ``"on_grid"``: spikes on the step grid (``iaf_psc_exp``);
        ``"off_grid"``: PyNN's default, precise spike times
        (``iaf_psc_exp_ps``).

    Returns
    -------
    contextlib.AbstractContextManager
        Entering it sets ``sim`` up with ``precision`` and gives ``sim``;
        leaving it ends ``sim`` and resets the precision to ``"off_grid"``.

    Raises
    ------
    TypeError
        If ``precision`` is not text.
    ValueError
        For a ``precision`` other than ``"on_grid"`` or ``"off_grid"``.
    """
    return _precision_block(sim, _check_precision(precision))


@contextmanager
def _precision_block(sim, precision: str) -> Iterator:
    timing = {
        "timestep": NEST_LIKE_SPINNAKER["timestep"],
        "min_delay": NEST_LIKE_SPINNAKER["min_delay"],
        "max_delay": DEFAULT_MAX_DELAY,
    }
    sim.setup(**timing, spike_precision=precision)
    try:
        yield sim
    finally:
        sim.end()
        sim.setup(**timing, spike_precision="off_grid")
        sim.end()


def run_ring_on_nest(delay: float, run_time: float, precision: str = "off_grid") -> RingRun:
    """Run the recorded ring on NEST and return what it records.

    Parameters
    ----------
    delay : float
        Ring delay (ms).
    run_time : float
        Duration (ms) after the input spike, which comes at
        :func:`course.earliest_spike_time` (2 ms).
    precision : {"off_grid", "on_grid"}
        ``"off_grid"``: PyNN's default, precise spike times
        (``iaf_psc_exp_ps``). ``"on_grid"``: spikes on the 1 ms grid
        (``iaf_psc_exp``), as SpiNNaker-like as NEST gets.

    Returns
    -------
    RingRun
        Spikes and ``v`` of the ring, sampled every 1 ms step, with the
        time (ms) of its input spike.

    Raises
    ------
    TypeError
        If ``delay`` or ``run_time`` is not a number, or ``precision`` not
        text.
    ValueError
        If ``delay`` or ``run_time`` is not greater than 0, or for a
        ``precision`` other than ``"off_grid"`` or ``"on_grid"``.
    """
    import course

    delay = check_positive_number("delay", delay)
    run_time = check_positive_number("run_time", run_time)
    _check_precision(precision)

    sim = course.setup(backend="nest", timestep=NEST_LIKE_SPINNAKER["timestep"])
    input_time = course.earliest_spike_time()
    with spike_precision(sim, precision):
        ring, _ = build_ring(sim, delay, input_time=input_time)
        sim.run(input_time + run_time)
        return read_ring(ring, input_time)


def hop_times(spikes, n_neurons: int = SYNFIRE_NEURONS) -> np.ndarray:
    """Times (ms) between successive neurons' first spikes along the ring's first lap.

    Parameters
    ----------
    spikes : list of array_like
        Spike times (ms) per neuron, in ring order.
    n_neurons : int, default 20
        Neurons in the ring; only the first ``n_neurons`` entries of
        ``spikes`` are used.

    Returns
    -------
    numpy.ndarray
        ``n_neurons - 1`` hop times; NaN where a neuron did not fire.

    Raises
    ------
    TypeError
        If ``spikes`` is not one array of spike times per neuron, or
        ``n_neurons`` not a whole number.
    ValueError
        If a spike time is not finite, or ``n_neurons`` is below 1.
    """
    trains = spike_trains(spikes, name="spikes")
    n_neurons = check_positive_integer("n_neurons", n_neurons)
    first = np.array([s[0] if s.size else np.nan for s in trains[:n_neurons]], dtype=float)
    return np.diff(first)
