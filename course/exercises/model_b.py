"""Model B: a 2-D sheet of cells shown a sequence of outlined shapes.

The course notes end with "next steps: SNN model B". Model B spreads the
excitatory layer over a 30 x 30 sheet (:func:`course.geometry.sheet_structure`)
with a coarser 15 x 15 sheet of inhibitory cells over it, one per 2 x 2 block
of excitatory cells. A thalamus draws shapes on the sheet, one after the
other: an empty square, an empty triangle, an empty circle and a cross
(:func:`course.geometry.shape_mask`). While a shape is shown, the thalamic
cell under each cell of its outline fires regularly; every other thalamic cell
is silent.

Where the shape falls, the membrane potential swings between reset and
threshold; elsewhere it stays near rest, pushed down a little by the
inhibition the active cells recruit. So the variance of the membrane
potential over the sheet, computed over each shape's presentation, draws the
shape back: :func:`variance_maps`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course._checks import check_choice, check_positive_integer, check_positive_number
from course.geometry import SHAPES, shape_mask, sheet_image, sheet_structure
from course.parameters import IF_COND_EXP_PARAMETERS
from course.portable import check_spike_times, set_max_atoms_per_core, signed_weight
from course.results import Recording, collect

__all__ = [
    "N_ROWS",
    "N_COLS",
    "SHAPE_ORDER",
    "ONSET",
    "PRESENTATION",
    "PERIOD",
    "INPUT_INTERVAL",
    "WEIGHTS",
    "DELAY",
    "SPINNAKER_BLOCK",
    "SAMPLING_INTERVAL",
    "ModelB",
    "presentation_windows",
    "stimulus_spike_times",
    "model_b",
    "variance_maps",
]

#: Size of the excitatory sheet (cells); the inhibitory sheet is half as
#: fine in each direction.
N_ROWS = 30
N_COLS = 30
#: Shapes shown, in this order.
SHAPE_ORDER = ("square", "triangle", "circle", "cross")
#: Start of the first presentation (ms).
ONSET = 50.0
#: How long each shape is shown (ms).
PRESENTATION = 50.0
#: Time from one shape's onset to the next one's (ms): 50 ms on, 50 ms off.
PERIOD = 100.0
#: Time between two spikes of an active thalamic cell (ms): 100 Hz.
INPUT_INTERVAL = 10.0
#: Synaptic weights (µS), keyed (pre, post).
WEIGHTS = {
    ("Thalamus", "Exc"): 0.1,
    ("Exc", "Inh"): 0.05,
    ("Inh", "Exc"): 0.04,
}
#: Delay of every synapse (ms).
DELAY = 1.0
#: Neurons per SpiNNaker core, as a 2-D block of the sheet.
SPINNAKER_BLOCK = (10, 10)
#: Time between two recorded samples of ``v`` and the conductances (ms). A
#: variance over a 50 ms presentation needs many samples, not every 1 ms
#: step; half the samples take half the time to read back from NEST, where
#: reading the 900 recorded cells is the slowest part of the model.
SAMPLING_INTERVAL = 2.0


@dataclass
class ModelB:
    """What :func:`model_b` built and recorded.

    Parameters
    ----------
    recording : Recording
        ``"Exc"`` (spikes and ``v`` of every cell, ``gsyn_exc`` and
        ``gsyn_inh`` of ``conductance_cells``), ``"Inh"`` (spikes).
    masks : dict of str to numpy.ndarray
        The outline of each shape shown, ``(n_rows, n_cols)`` booleans.
    windows : dict of str to (float, float)
        When each shape was shown (ms).
    conductance_cells : numpy.ndarray
        Excitatory cells whose conductances were recorded: the middle row.
    n_rows, n_cols : int
        Sheet size.
    """

    recording: Recording
    masks: dict
    windows: dict
    conductance_cells: np.ndarray
    n_rows: int
    n_cols: int


def presentation_windows(
    shapes=SHAPE_ORDER,
    onset: float = ONSET,
    presentation: float = PRESENTATION,
    period: float = PERIOD,
) -> dict:
    """When each shape is shown.

    Parameters
    ----------
    shapes : sequence of str
        Shapes, in the order they are shown.
    onset, presentation, period : float
        First onset, duration of a presentation and onset-to-onset time (ms).

    Returns
    -------
    dict of str to (float, float)
        ``(start, stop)`` of each shape's presentation (ms).
    """
    onset = check_positive_number("onset", onset)
    presentation = check_positive_number("presentation", presentation)
    period = check_positive_number("period", period)
    if presentation > period:
        raise ValueError(
            f"presentation={presentation} ms is longer than period={period} ms: "
            "two shapes would overlap"
        )
    shapes = list(shapes)
    for index, shape in enumerate(shapes):
        check_choice(f"shapes[{index}]", shape, SHAPES)
    if len(set(shapes)) != len(shapes):
        raise ValueError(f"each shape may be shown once, got {shapes}")
    return {
        shape: (onset + index * period, onset + index * period + presentation)
        for index, shape in enumerate(shapes)
    }


def stimulus_spike_times(masks: dict, windows: dict, interval: float = INPUT_INTERVAL):
    """Spike trains of the thalamic cells that draw the shapes.

    Parameters
    ----------
    masks : dict of str to numpy.ndarray
        Outline of each shape (same sheet size for all).
    windows : dict of str to (float, float)
        Presentation window of each shape (ms).
    interval : float, default 10.0
        Time between two spikes of an active cell (ms).

    Returns
    -------
    cells : numpy.ndarray of int
        Sheet index of every cell on at least one outline, sorted; thalamic
        cell ``k`` sits over sheet cell ``cells[k]``.
    spike_times : list of list of float
        Spike times (ms) of each of those thalamic cells: every ``interval``
        ms from the start of each window its cell belongs to, until its end.
    """
    interval = check_positive_number("interval", interval)
    if set(masks) != set(windows):
        raise ValueError(
            f"masks and windows must name the same shapes, got {sorted(masks)} and "
            f"{sorted(windows)}"
        )
    flat = {shape: np.asarray(mask, dtype=bool).ravel() for shape, mask in masks.items()}
    cells = np.flatnonzero(np.any(list(flat.values()), axis=0)) if flat else np.empty(0, int)
    trains = []
    for cell in cells:
        times = []
        for shape, (start, stop) in sorted(windows.items(), key=lambda item: item[1]):
            if flat[shape][cell]:
                times.extend(np.arange(start, stop, interval).round(6).tolist())
        trains.append(times)
    return cells, trains


def model_b(
    sim,
    *,
    n_rows: int = N_ROWS,
    n_cols: int = N_COLS,
    shapes=SHAPE_ORDER,
    presentation: float = PRESENTATION,
    period: float = PERIOD,
    shape_size: float | None = None,
    thickness: float = 1.0,
    weights=None,
    sampling_interval: float = SAMPLING_INTERVAL,
) -> ModelB:
    """Build model B, show it the shapes one after the other, and record it.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup` (timestep 1 ms).
    n_rows, n_cols : int, default 30
        Excitatory sheet size; both must be even (the inhibitory sheet has
        one cell per 2 x 2 block).
    shapes : sequence of str, default ("square", "triangle", "circle", "cross")
        Shapes to show, in order (:data:`course.geometry.SHAPES`).
    presentation, period : float
        How long each shape is shown and onset-to-onset time (ms).
    shape_size, thickness : float, optional
        Size and outline width of the shapes (cell spacings), passed to
        :func:`course.geometry.shape_mask`.
    weights : dict, optional
        Weights (µS) to change, keyed like :data:`WEIGHTS`.
    sampling_interval : float, default 2.0
        Time between two recorded samples of ``v``, ``gsyn_exc`` and
        ``gsyn_inh`` (ms); a multiple of the timestep.

    Returns
    -------
    ModelB
        The recording, the shapes' masks and windows, the cells whose
        conductances were recorded and the sheet size.
    """
    n_rows = check_positive_integer("n_rows", n_rows)
    n_cols = check_positive_integer("n_cols", n_cols)
    if n_rows % 2 or n_cols % 2:
        raise ValueError(
            f"n_rows={n_rows} and n_cols={n_cols} must be even: each inhibitory cell "
            "covers a 2 x 2 block of excitatory cells"
        )
    sampling_interval = check_positive_number("sampling_interval", sampling_interval)
    if shape_size is not None:
        shape_size = check_positive_number("shape_size", shape_size)
    if weights is not None and not isinstance(weights, dict):
        raise TypeError(
            f"weights must be a dict keyed like WEIGHTS, e.g. {{('Exc', 'Inh'): 0.05}}, "
            f"got {weights!r}"
        )
    merged = dict(WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in WEIGHTS:
            allowed = ", ".join(repr(name) for name in WEIGHTS)
            raise ValueError(f"weights has an unknown key {key!r}; allowed keys: {allowed}")
        merged[key] = check_positive_number(f"weights[{key!r}]", value)
    windows = presentation_windows(shapes, ONSET, presentation, period)
    masks = {
        shape: shape_mask(shape, n_rows, n_cols, size=shape_size, thickness=thickness)
        for shape in windows
    }
    cells, trains = stimulus_spike_times(masks, windows)
    trains = check_spike_times(trains)

    from pyNN.space import Grid2D

    cell_type = sim.IF_cond_exp(**dict(IF_COND_EXP_PARAMETERS))
    excitatory = sim.Population(
        n_rows * n_cols, cell_type, structure=sheet_structure(n_rows, n_cols), label="Exc"
    )
    # One inhibitory cell at the centre of every 2 x 2 block of excitatory cells.
    inhibitory = sim.Population(
        (n_rows // 2) * (n_cols // 2),
        cell_type,
        structure=Grid2D(aspect_ratio=n_rows / n_cols, dx=2.0, dy=2.0, x0=0.5, y0=0.5),
        label="Inh",
    )
    set_max_atoms_per_core(excitatory, SPINNAKER_BLOCK)
    set_max_atoms_per_core(inhibitory, (SPINNAKER_BLOCK[0] // 2, SPINNAKER_BLOCK[1] // 2))
    for population in (excitatory, inhibitory):
        population.initialize(v=IF_COND_EXP_PARAMETERS["v_rest"])
    excitatory.record("spikes")
    excitatory.record("v", sampling_interval=sampling_interval)
    conductance_cells = (n_rows // 2) * n_cols + np.arange(n_cols)
    excitatory[conductance_cells].record(
        ["gsyn_exc", "gsyn_inh"], sampling_interval=sampling_interval
    )
    inhibitory.record("spikes")

    thalamus = sim.Population(
        len(cells), sim.SpikeSourceArray(spike_times=trains), label="Thalamus"
    )
    rows = np.column_stack(
        [
            np.arange(len(cells)),
            cells,
            np.full(len(cells), signed_weight(merged["Thalamus", "Exc"], "excitatory", cell_type)),
            np.full(len(cells), DELAY),
        ]
    )
    sim.Projection(
        thalamus,
        excitatory,
        sim.FromListConnector(rows, column_names=["weight", "delay"]),
        receptor_type="excitatory",
        label="Thalamus-Exc",
    )
    # Each inhibitory cell listens to its 2 x 2 block (distance 0.71 cell
    # spacings) and inhibits every excitatory cell within 3 spacings.
    sim.Projection(
        excitatory,
        inhibitory,
        sim.DistanceDependentProbabilityConnector("d < 1"),
        sim.StaticSynapse(
            weight=signed_weight(merged["Exc", "Inh"], "excitatory", cell_type), delay=DELAY
        ),
        receptor_type="excitatory",
        label="Exc-Inh",
    )
    sim.Projection(
        inhibitory,
        excitatory,
        sim.DistanceDependentProbabilityConnector("d < 3"),
        sim.StaticSynapse(
            weight=signed_weight(merged["Inh", "Exc"], "inhibitory", cell_type), delay=DELAY
        ),
        receptor_type="inhibitory",
        label="Inh-Exc",
    )
    run_time = max(stop for _, stop in windows.values()) + (period - presentation)
    sim.run(run_time)
    parameters = {
        "n_rows": n_rows,
        "n_cols": n_cols,
        "windows": windows,
        "weights": merged,
        "run_time": run_time,
        "sampling_interval": sampling_interval,
        "stimulated_cells": cells.tolist(),
    }
    recording = collect([excitatory, inhibitory], parameters)
    return ModelB(recording, masks, windows, conductance_cells, n_rows, n_cols)


def variance_maps(model: ModelB) -> dict:
    """Variance of each excitatory cell's membrane potential during each shape.

    Parameters
    ----------
    model : ModelB
        From :func:`model_b`.

    Returns
    -------
    dict of str to numpy.ndarray
        For each shape, an ``(n_rows, n_cols)`` image of the variance of
        ``v`` over its presentation window (mV²); all ``nan`` when nothing
        was recorded (virtual board).

    Raises
    ------
    TypeError
        If ``model`` is not a :class:`ModelB`.
    """
    if not isinstance(model, ModelB):
        raise TypeError(
            f"model must be the ModelB that model_b() returns, got {type(model).__name__}"
        )
    times, v = model.recording.signal("Exc", "v")
    maps = {}
    for shape, (start, stop) in model.windows.items():
        inside = (times >= start) & (times < stop)
        if not inside.any() or v.shape[1] == 0:
            maps[shape] = sheet_image([], model.n_rows, model.n_cols)
        else:
            maps[shape] = sheet_image(v[inside].var(axis=0), model.n_rows, model.n_cols)
    return maps
