"""Model A: a line of 1000 cells hit by five thalamic volleys.

The course notes end with "next steps: SNN model A". Model A is their
two-layer network (:func:`course.network.layer_network`: an excitatory layer
``"Exc"`` and an inhibitory layer ``"Inh"`` of ``IF_cond_exp`` cells on a
line, with centre-surround connections) grown to 1000 cells per layer, and
driven by a thalamus of 100 spike sources. The thalamic cells all fire at 50,
55, 60, 65 and 70 ms; each one excites a single cortical cell (one to one),
and which 100 of the 1000 excitatory cells they reach is drawn at random from
a fixed seed.

:func:`model_a` builds, runs and records it; :func:`volley_responses` measures
how many cells answer each volley, and how fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course._checks import (
    check_cell_indices,
    check_finite_array,
    check_integer,
    check_positive_integer,
    check_positive_number,
    check_spike_train,
)
from course.network import layer_network
from course.portable import earliest_spike_time, signed_weight
from course.results import Recording, collect
from course.spike_data import spike_trains

__all__ = [
    "N_CELLS",
    "N_THALAMIC",
    "VOLLEY_TIMES",
    "THALAMIC_WEIGHT",
    "THALAMIC_DELAY",
    "TARGET_SEED",
    "RUN_TIME",
    "SIGNAL_CELLS",
    "RESPONSE_WINDOW",
    "ModelA",
    "thalamic_targets",
    "thalamic_connections",
    "model_a",
    "volley_responses",
]

#: Cells per layer (excitatory and inhibitory).
N_CELLS = 1000
#: Thalamic spike sources.
N_THALAMIC = 100
#: When every thalamic cell fires (ms).
VOLLEY_TIMES = (50.0, 55.0, 60.0, 65.0, 70.0)
#: Weight of a thalamic synapse (µS): one volley alone brings a target cell
#: to threshold.
THALAMIC_WEIGHT = 0.15
#: Delay of a thalamic synapse (ms).
THALAMIC_DELAY = 1.0
#: Seed of the draw that picks the 100 target cells.
TARGET_SEED = 7
#: Simulated time (ms).
RUN_TIME = 150.0
#: Excitatory cells whose membrane potential and conductances are recorded
#: (spikes are recorded from every cell). Reading signals back from NEST
#: through PyNN 0.13 costs a few milliseconds per cell and signal, so a
#: 100-cell stretch of the line is recorded, not all 1000 cells.
SIGNAL_CELLS = range(450, 550)
#: A cell "responds" to a volley when it fires within this many ms after it.
RESPONSE_WINDOW = 5.0


@dataclass
class ModelA:
    """What :func:`model_a` built and recorded.

    Parameters
    ----------
    recording : Recording
        Populations ``"Exc"`` (spikes of all cells; ``v``, ``gsyn_exc``,
        ``gsyn_inh`` of ``signal_cells``), ``"Inh"`` (spikes) and
        ``"Thalamus"`` (spikes).
    targets : numpy.ndarray
        Index of the excitatory cell each thalamic cell drives, sorted.
    signal_cells : numpy.ndarray
        Excitatory cells whose signals were recorded, in column order of
        ``recording.signal("Exc", ...)``.
    """

    recording: Recording
    targets: np.ndarray
    signal_cells: np.ndarray


def thalamic_targets(
    n_cells: int = N_CELLS, n_thalamic: int = N_THALAMIC, seed: int = TARGET_SEED
) -> np.ndarray:
    """Pick the cortical cells the thalamic cells drive, one each.

    Parameters
    ----------
    n_cells : int, default 1000
        Cells in the excitatory layer.
    n_thalamic : int, default 100
        Thalamic cells; at most ``n_cells``.
    seed : int, default 7
        Seed of the draw.

    Returns
    -------
    numpy.ndarray of int, shape (n_thalamic,)
        Distinct indices in ``range(n_cells)``, sorted: thalamic cell ``i``
        drives excitatory cell ``targets[i]``.
    """
    n_cells = check_positive_integer("n_cells", n_cells)
    n_thalamic = check_positive_integer("n_thalamic", n_thalamic)
    seed = check_integer("seed", seed, minimum=0)
    if n_thalamic > n_cells:
        raise ValueError(
            f"n_thalamic={n_thalamic} thalamic cells cannot each drive a different one of "
            f"n_cells={n_cells} cortical cells"
        )
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_cells, size=n_thalamic, replace=False))


def thalamic_connections(targets, weight: float, delay: float) -> np.ndarray:
    """The one-to-one thalamo-cortical connection list for ``FromListConnector``.

    Parameters
    ----------
    targets : array_like of int
        Target of each thalamic cell (from :func:`thalamic_targets`).
    weight : float
        Weight (µS; conductance-based cells).
    delay : float
        Delay (ms).

    Returns
    -------
    numpy.ndarray, shape (len(targets), 4)
        Rows ``(thalamic index, cortical index, weight, delay)``.
    """
    weight = check_positive_number("weight", weight)
    delay = check_positive_number("delay", delay)
    targets = np.asarray(targets)
    if targets.ndim != 1 or (targets.size and not np.issubdtype(targets.dtype, np.integer)):
        raise TypeError(f"targets must be a flat list of cell indices, got {targets!r}")
    if np.unique(targets).size != targets.size:
        raise ValueError("targets must be distinct: each thalamic cell drives its own cell")
    rows = np.empty((targets.size, 4))
    rows[:, 0] = np.arange(targets.size)
    rows[:, 1] = targets
    rows[:, 2] = weight
    rows[:, 3] = delay
    return rows


def model_a(
    sim,
    *,
    n_cells: int = N_CELLS,
    n_thalamic: int = N_THALAMIC,
    volley_times=VOLLEY_TIMES,
    thalamic_weight: float = THALAMIC_WEIGHT,
    seed: int = TARGET_SEED,
    run_time: float = RUN_TIME,
    signal_cells=SIGNAL_CELLS,
) -> ModelA:
    """Build model A, run it and collect what it recorded.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 1 ms, as
        the layer network's weights were tuned for).
    n_cells : int, default 1000
        Cells per layer.
    n_thalamic : int, default 100
        Thalamic cells, each driving one random excitatory cell.
    volley_times : sequence of float, default (50, 55, 60, 65, 70)
        When every thalamic cell fires (ms).
    thalamic_weight : float, default 0.15
        Thalamo-cortical weight (µS).
    seed : int, default 7
        Seed of the choice of target cells.
    run_time : float, default 150.0
        Simulated time (ms).
    signal_cells : sequence of int, default range(450, 550)
        Excitatory cells whose ``v``, ``gsyn_exc`` and ``gsyn_inh`` are
        recorded.

    Returns
    -------
    ModelA
        The recording, the thalamic targets and the cells whose signals were
        recorded.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, the value and what is allowed.
    """
    run_time = check_positive_number("run_time", run_time)
    thalamic_weight = check_positive_number("thalamic_weight", thalamic_weight)
    volley_times = _volley_times(volley_times)
    targets = thalamic_targets(n_cells, n_thalamic, seed)
    signal_cells = check_cell_indices("signal_cells", signal_cells, n_cells)
    if signal_cells.size == 0:
        raise ValueError("signal_cells is empty; name at least one excitatory cell")

    network = layer_network(sim, n_cells, n_cells, record=False)
    excitatory = network.populations["Exc"]
    inhibitory = network.populations["Inh"]
    excitatory.record("spikes")
    inhibitory.record("spikes")
    excitatory[signal_cells].record(["v", "gsyn_exc", "gsyn_inh"])

    thalamus = sim.Population(
        n_thalamic, sim.SpikeSourceArray(spike_times=volley_times), label="Thalamus"
    )
    thalamus.record("spikes")
    weight = signed_weight(thalamic_weight, "excitatory", sim.IF_cond_exp)
    sim.Projection(
        thalamus,
        excitatory,
        sim.FromListConnector(
            thalamic_connections(targets, weight, THALAMIC_DELAY), column_names=["weight", "delay"]
        ),
        receptor_type="excitatory",
        label="Thalamus-Exc",
    )
    sim.run(run_time)
    parameters = {
        **network.parameters,
        "volley_times": volley_times,
        "thalamic_weight": thalamic_weight,
        "targets": targets.tolist(),
        "run_time": run_time,
    }
    recording = collect([excitatory, inhibitory, thalamus], parameters)
    return ModelA(recording=recording, targets=targets, signal_cells=signal_cells)


def _volley_times(volley_times) -> list[float]:
    """The volley times (ms) as a list a SpikeSourceArray accepts on this backend."""
    times = check_spike_train("volley_times", volley_times)
    if times.size == 0:
        raise ValueError(
            f"volley_times must be a flat, non-empty list of times (ms), got {volley_times!r}"
        )
    earliest = earliest_spike_time()
    if times[0] < earliest:
        raise ValueError(
            f"volley_times holds a volley at {times[0]:g} ms, but the earliest spike a "
            f"SpikeSourceArray delivers on this backend is at {earliest:g} ms"
        )
    return times.tolist()


def volley_responses(
    spike_times, volley_times=VOLLEY_TIMES, cells=None, window: float = RESPONSE_WINDOW
) -> list[dict]:
    """Which cells answer each volley, and how fast.

    Parameters
    ----------
    spike_times : Recording, neo.Block, neo.Segment or sequence of array_like
        Spike times (ms) of each cell, e.g. ``recording.spike_times("Exc")``,
        in any form :func:`course.spike_data.spike_trains` accepts.
    volley_times : sequence of float
        Times of the volleys (ms).
    cells : array_like of int, optional
        Only count these cells (e.g. the thalamic targets); all by default.
    window : float, default 5.0
        A cell responds to a volley when it fires in ``(t, t + window]``.

    Returns
    -------
    list of dict
        One per volley: ``time`` (ms), ``n_responding`` (cells with a spike in
        the window), ``latency`` (median delay from the volley to each
        responding cell's first spike, ms; ``nan`` when none responds).
    """
    window = check_positive_number("window", window)
    trains = spike_trains(spike_times, name="spike_times")
    volley_times = check_finite_array("volley_times", volley_times, unit="ms")
    chosen = (
        range(len(trains)) if cells is None else check_cell_indices("cells", cells, len(trains))
    )
    results = []
    for volley in volley_times:
        volley = float(volley)
        latencies = []
        for index in chosen:
            times = trains[index]
            after = times[(times > volley) & (times <= volley + window)]
            if after.size:
                latencies.append(after[0] - volley)
        results.append(
            {
                "time": volley,
                "n_responding": len(latencies),
                "latency": float(np.median(latencies)) if latencies else float("nan"),
            }
        )
    return results
