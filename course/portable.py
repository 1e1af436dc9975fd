"""Helpers that make one script right on both NEST and SpiNNaker.

Each function here handles one of the measured differences listed in
:data:`course.backends.DIFFERENCES`: it either does the backend-specific thing
for the lesson, or stops with a clear error where a script would work on one
backend and silently misbehave on the other.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from course import simulator
from course._checks import (
    check_cell_type,
    check_choice,
    check_number,
    check_number_array,
    check_population,
    check_positive_integer,
    check_projection,
    check_spike_train,
)
from course.backends import (
    CONDUCTANCE_BASED_PREFIX,
    NEST_MODELS_NEEDING_EXTENSIONS,
    PORTABLE_INITIAL_VALUES,
)

__all__ = [
    "check_spike_times",
    "connections",
    "earliest_spike_time",
    "initial_values",
    "list_cell_types",
    "cell_positions",
    "additive_stdp_amplitudes",
    "set_max_atoms_per_core",
    "set_neurons_per_core",
    "signed_weight",
]


def earliest_spike_time() -> float:
    """Return the earliest spike time (ms) a SpikeSourceArray can deliver.

    On NEST PyNN relays source spikes through parrot neurons and subtracts
    ``min_delay`` from every time, so only times later than ``min_delay`` reach
    the network: the earliest is ``min_delay + timestep`` (2 ms at a 1 ms
    timestep). On SpiNNaker it is 0 ms.

    Returns
    -------
    float
        Time in ms.
    """
    state = simulator.current()
    if state.backend == "nest":
        return state.min_delay + state.timestep
    return 0.0


def check_spike_times(spike_times):
    """Check spike times for a SpikeSourceArray and return them as lists.

    Parameters
    ----------
    spike_times : sequence of float, or sequence of sequences of float
        One spike train (ms) shared by every source, or one train per source.

    Returns
    -------
    list of float, or list of list of float
        The same times, as plain lists that every backend accepts.

    Raises
    ------
    ValueError
        If a time is negative, not finite, out of order, or earlier than
        :func:`earliest_spike_time` on the current backend (NEST would drop
        it without a word or fail deep inside).
    """
    if isinstance(spike_times, np.ndarray) and spike_times.ndim == 1:
        spike_times = spike_times.tolist()
    if not isinstance(spike_times, (Sequence, np.ndarray)) or isinstance(spike_times, str):
        raise TypeError(
            f"spike_times must be a list of times in ms or a list of such lists, "
            f"got {spike_times!r}"
        )
    nested = len(spike_times) > 0 and all(
        isinstance(train, (Sequence, np.ndarray)) and not isinstance(train, str)
        for train in spike_times
    )

    if nested:
        names = [f"spike_times[{index}]" for index in range(len(spike_times))]
        trains = [
            check_spike_train(name, train) for name, train in zip(names, spike_times, strict=True)
        ]
    else:
        names, trains = ["spike_times"], [check_spike_train("spike_times", spike_times)]
    # Only well-formed times reach the question that needs a simulator.
    earliest = earliest_spike_time()
    for name, train in zip(names, trains, strict=True):
        if train.size and train.min() < earliest:
            raise ValueError(
                f"{name} holds a spike at {train.min():g} ms, but on "
                f"{simulator.current().backend} the earliest spike a SpikeSourceArray "
                f"delivers is at {earliest:g} ms (min_delay + timestep); use "
                "course.earliest_spike_time() to shift it"
            )
    lists = [train.tolist() for train in trains]
    return lists if nested else lists[0]


def signed_weight(weight, receptor_type: str, cell_type):
    """Give a synaptic weight the sign its receptor and cell type need.

    NEST wants inhibitory weights negative on current-based cells (IF_curr_*,
    nA) and positive on conductance-based cells (IF_cond_*, µS); SpiNNaker
    ignores the sign. Write the magnitude once and let this function choose.

    Parameters
    ----------
    weight : float or array_like
        Magnitude of the weight (nA for current-based, µS for
        conductance-based cells); the sign given is ignored.
    receptor_type : {"excitatory", "inhibitory"}
        The receptor the projection targets.
    cell_type : str, type or cell-type instance
        The postsynaptic cell type, e.g. ``sim.IF_cond_exp``.

    Returns
    -------
    float or numpy.ndarray
        ``|weight|``, negated for inhibitory input onto a current-based cell.

    Raises
    ------
    TypeError, ValueError
        For a weight that is not a finite number or array of them, an unknown
        receptor type, or a cell type that is neither a PyNN cell type (class
        or instance) nor the name of a standard one.
    """
    check_choice("receptor_type", receptor_type, ("excitatory", "inhibitory"))
    if isinstance(weight, numbers.Real) and not isinstance(weight, bool):
        magnitude = abs(check_number("weight", weight))
    else:
        try:
            magnitude = np.abs(check_number_array("weight", weight, unit="nA or µS"))
        except TypeError:
            raise TypeError(
                f"weight must be a number or an array of numbers (nA or µS), got {weight!r}; "
                "for a random weight draw the magnitudes first, then pass the array"
            ) from None
    conductance = check_cell_type("cell_type", cell_type).startswith(CONDUCTANCE_BASED_PREFIX)
    if receptor_type == "inhibitory" and not conductance:
        return -magnitude
    return magnitude


def additive_stdp_amplitudes(change_plus, change_minus, w_max) -> dict:
    r"""``A_plus`` and ``A_minus`` for a given weight change, on the current backend.

    With ``AdditiveWeightDependence`` the two backends read the amplitudes of
    ``SpikePairRule`` differently. NEST (through PyNN) changes the weight by
    :math:`A_\pm \, w_\mathrm{max}\, e^{-|\Delta t|/\tau_\pm}`;
    sPyNNaker 7.4 by :math:`A_\pm e^{-|\Delta t|/\tau_\pm}`, without the
    ``w_max`` factor. Give the largest change of one pair in weight units and
    this returns the amplitudes that produce it on the current backend.

    Parameters
    ----------
    change_plus, change_minus : float
        Weight change (µS for conductance-based, nA for current-based cells)
        of one pair at :math:`\Delta t \to 0`, potentiation and depression;
        at least 0.
    w_max : float
        The ``w_max`` of the ``AdditiveWeightDependence`` (same units), above 0.

    Returns
    -------
    dict
        ``{"A_plus": ..., "A_minus": ...}``, for ``sim.SpikePairRule(..., **amplitudes)``.
    """
    values = {"change_plus": change_plus, "change_minus": change_minus, "w_max": w_max}
    for name, value in values.items():
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if not np.isfinite(value) or value < 0.0 or (name == "w_max" and value == 0.0):
            allowed = "above 0" if name == "w_max" else "at least 0"
            raise ValueError(f"{name} must be finite and {allowed}, got {value!r}")
    scale = 1.0 if simulator.is_spinnaker() else float(w_max)
    return {"A_plus": change_plus / scale, "A_minus": change_minus / scale}


def connections(projection) -> np.ndarray:
    """Read a projection's connections back, the same way on every backend.

    Parameters
    ----------
    projection : pyNN.Projection
        A projection of the current simulation.

    Returns
    -------
    numpy.ndarray, shape (n_connections, 4)
        Rows of (source index, target index, weight, delay (ms)), sorted by
        source then target. Weights are in nA or µS; on SpiNNaker they carry
        the 16-bit fixed-point rounding. Empty (0 rows) when nothing connects.

    Raises
    ------
    TypeError
        If ``projection`` is not a PyNN Projection.
    RuntimeError
        Before the first ``sim.run()``: SpiNNaker builds connections only when
        it runs, so a portable script reads them afterwards.
    """
    check_projection("projection", projection)
    state = simulator.current()
    if state.sim.get_current_time() <= 0.0:
        raise RuntimeError(
            "connections can be read back only after sim.run(): SpiNNaker builds them "
            "when the network first runs, so a portable script reads them afterwards"
        )
    if simulator.is_nest() and len(projection.nest_connections) == 0:
        # PyNN 0.13 on NEST fails to read back a projection with no connections. Its
        # NEST connections, unlike len(projection), are kept for the read below.
        return np.empty((0, 4))
    rows = projection.get(["weight", "delay"], format="list")
    table = np.array([tuple(row) for row in rows], dtype=float).reshape(-1, 4)
    order = np.lexsort((table[:, 1], table[:, 0]))
    return table[order]


def initial_values(population, names: Sequence[str] = PORTABLE_INITIAL_VALUES) -> dict:
    """Return a population's initial values as one array per variable.

    ``Population.get_initial_value()`` exists on neither backend; this reads
    ``Population.initial_values`` and evaluates it.

    Parameters
    ----------
    population : pyNN.Population
        The population whose initial values to read.
    names : sequence of str, default ("v",)
        Variables to read. Only ``"v"`` means the same on both backends; the
        synaptic state is ``gsyn_exc`` on NEST and ``isyn_exc`` on SpiNNaker.

    Returns
    -------
    dict of str to numpy.ndarray
        One value per neuron (mV for ``v``).

    Raises
    ------
    TypeError
        If ``population`` is not a PyNN Population or ``names`` is not a
        sequence of names.
    ValueError
        If a name is not an initial value of the population on this backend,
        or its value was set from a ``RandomDistribution``.
    """
    from pyNN.random import RandomDistribution

    check_population("population", population)
    if not isinstance(names, (list, tuple)) or not all(isinstance(name, str) for name in names):
        raise TypeError(f"names must be a sequence of variable names such as ('v',), got {names!r}")
    available: Mapping = population.initial_values
    result = {}
    for name in names:
        if name not in available:
            known = ", ".join(sorted(available))
            hint = ""
            if name not in PORTABLE_INITIAL_VALUES:
                hint = " (only 'v' has the same name on NEST and SpiNNaker)"
            raise ValueError(
                f"initial value {name!r} does not exist for {population.label}; this "
                f"backend has {known}{hint}; choose names from these"
            )
        value = available[name]
        base = getattr(value, "base_value", value)
        if isinstance(base, RandomDistribution):
            raise ValueError(
                f"initial value {name!r} of {population.label} was set from a "
                "RandomDistribution, which PyNN draws again on every read (NEST) or cannot "
                "read back (SpiNNaker); draw the values once, e.g. "
                "distribution.next(population.size), and pass the array to initialize()"
            )
        if hasattr(value, "evaluate"):
            value = value.evaluate(simplify=False)
        result[name] = np.broadcast_to(np.asarray(value, dtype=float), (population.size,)).copy()
    return result


def list_cell_types() -> list[str]:
    """Names of the standard cell types the current backend can simulate.

    Unlike ``sim.list_standard_models()`` this neither creates neurons in the
    network nor prints anything.

    Returns
    -------
    list of str
        Sorted names, e.g. ``["IF_cond_exp", "IF_curr_exp", ...]``.
    """
    from pyNN.standardmodels import StandardCellType

    sim = simulator.current().sim
    if simulator.is_spinnaker():
        # sPyNNaker's list neither creates nor prints anything.
        return sorted(
            name for name in sim.list_standard_models() if not name.startswith("Abstract")
        )
    import nest

    names = []
    for name, obj in vars(sim).items():
        if not (isinstance(obj, type) and issubclass(obj, StandardCellType)):
            continue
        if obj is StandardCellType or name.startswith("Abstract") or name == "PointNeuron":
            continue
        nest_name = getattr(obj, "nest_name", None)
        if not isinstance(nest_name, dict) or name in NEST_MODELS_NEEDING_EXTENSIONS:
            continue
        if nest_name["off_grid"] not in nest.node_models:
            continue
        names.append(name)
    return sorted(names)


def cell_positions(population) -> np.ndarray:
    """Positions of a population's cells as a (3, n) array, on every backend.

    PyNN's ``population.positions`` is ``(3, n)`` (x, y and z rows) on NEST
    but ``(n, 3)`` on sPyNNaker 7.4, which returns the transpose. A population
    created without ``structure=`` is a :class:`pyNN.space.Line` on NEST
    (PyNN's default) but has no positions at all on sPyNNaker.

    Parameters
    ----------
    population : pyNN.Population
        A population with a ``structure`` (e.g. :class:`pyNN.space.Line`).

    Returns
    -------
    numpy.ndarray, shape (3, n)
        The x, y and z of each cell, in the structure's units.

    Raises
    ------
    TypeError
        If ``population`` is not a PyNN Population.
    ValueError
        On SpiNNaker, for a population created without ``structure=``.
    """
    check_population("population", population)
    if simulator.is_spinnaker():
        if population.structure is None:
            raise ValueError(
                f"population {population.label!r} has no structure, so it has no positions "
                "on SpiNNaker (NEST would place it on PyNN's default Line()); create it with "
                "structure=Line() or another pyNN.space structure"
            )
        return np.asarray(population.positions, dtype=float).T.copy()
    return np.asarray(population.positions, dtype=float).copy()


def set_neurons_per_core(cell_type, n_neurons: int) -> None:
    """Limit how many neurons of a cell type SpiNNaker puts on one core.

    Needed on SpiNNaker when a core runs out of time or memory (sPyNNaker's
    default is 256 per core); does nothing on NEST.

    Parameters
    ----------
    cell_type : type
        A PyNN cell type class, e.g. ``sim.IF_cond_exp``.
    n_neurons : int
        Neurons per core, at least 1.

    Raises
    ------
    TypeError, ValueError
        If ``cell_type`` is not a cell-type class or ``n_neurons`` is not a
        whole number of at least 1.
    """
    check_cell_type("cell_type", cell_type, instances=False)
    check_positive_integer("n_neurons", n_neurons)
    if simulator.is_spinnaker():
        simulator.current().sim.set_number_of_neurons_per_core(cell_type, n_neurons)


def set_max_atoms_per_core(population, shape) -> None:
    """Set how many neurons of one population SpiNNaker puts on a core.

    A population on a :class:`pyNN.space.Grid2D` needs a 2-D shape such as
    ``(10, 10)`` on SpiNNaker or it cannot be mapped; does nothing on NEST.

    Parameters
    ----------
    population : pyNN.Population
        The population to split over cores.
    shape : int or tuple of int
        Neurons per core, or a 2-D block of neurons per core, each at least 1.

    Raises
    ------
    TypeError, ValueError
        If ``population`` is not a PyNN Population or ``shape`` is not one or
        two whole numbers of at least 1.
    """
    check_population("population", population)
    if isinstance(shape, numbers.Integral):
        dims = (check_positive_integer("shape", shape),)
    elif isinstance(shape, (tuple, list)) and len(shape) in (1, 2):
        dims = tuple(check_positive_integer(f"shape[{i}]", size) for i, size in enumerate(shape))
    else:
        raise TypeError(
            f"shape must be a whole number of neurons or a (rows, columns) pair of them, "
            f"got {shape!r}"
        )
    if simulator.is_spinnaker():
        population.set_max_atoms_per_core(dims[0] if len(dims) == 1 else dims)
