"""What the model can simulate: spike sources, integrate-and-fire and Izhikevich cells.

:class:`SpikeArray` plays back given spike times, like PyNN's
``SpikeSourceArray``; :class:`Cells` is a population of ``IF_curr_exp``,
``IF_cond_exp`` or ``Izhikevich`` neurons with PyNN's parameter names,
units and defaults.
Both check their arguments when they are made, so a mistake is reported
with the parameter, the value and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from course._checks import check_number, check_positive_integer, check_text

__all__ = ["CELL_DEFAULTS", "Cells", "SpikeArray"]

_IF_CURR_EXP_DEFAULTS = {
    "cm": 1.0,
    "tau_m": 20.0,
    "tau_refrac": 0.1,
    "tau_syn_E": 5.0,
    "tau_syn_I": 5.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -50.0,
    "i_offset": 0.0,
}
#: PyNN's default parameters (PyNN 0.13 ``standardmodels.cells``), per cell type;
#: for ``Izhikevich``, whose PyNN model has no synaptic time constants,
#: sPyNNaker's ``tau_syn_E`` and ``tau_syn_I`` (5 ms, ``IzkCurrExpBase``).
#: Units: cm nF, tau_* ms, v_*, e_rev_* and c mV, i_offset nA, d mV/ms,
#: a 1/ms, b 1/ms.
CELL_DEFAULTS: dict[str, dict[str, float]] = {
    "IF_curr_exp": _IF_CURR_EXP_DEFAULTS,
    "IF_cond_exp": {**_IF_CURR_EXP_DEFAULTS, "e_rev_E": 0.0, "e_rev_I": -70.0},
    "Izhikevich": {
        "a": 0.02,
        "b": 0.2,
        "c": -65.0,
        "d": 2.0,
        "i_offset": 0.0,
        "tau_syn_E": 5.0,
        "tau_syn_I": 5.0,
    },
}

#: PyNN's default initial membrane potential (mV) of the LIF cell types.
DEFAULT_V_INIT = -65.0

#: PyNN's default initial values of the Izhikevich model: v (mV) and u (mV/ms).
IZHIKEVICH_INITIAL = {"v": -70.0, "u": -14.0}

_POSITIVE = ("cm", "tau_m", "tau_syn_E", "tau_syn_I")


def _per_neuron(name: str, value, n: int) -> np.ndarray:
    """A number or one number per neuron, as a float array of length ``n``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return np.full(n, check_number(name, value))
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(
            f"{name} must be a number or one number per neuron, got {value!r} "
            f"({type(value).__name__})"
        )
    values = [check_number(f"{name}[{i}]", item) for i, item in enumerate(value)]
    if len(values) != n:
        raise ValueError(
            f"{name} has {len(values)} values for {n} neurons; give one number or {n} numbers"
        )
    return np.asarray(values, dtype=float)


class Cells:
    """A population of neurons of one standard PyNN type, as sPyNNaker runs them.

    Parameters
    ----------
    n : int
        Number of neurons (at least 1).
    cell_type : {"IF_curr_exp", "IF_cond_exp", "Izhikevich"}
        PyNN's name of the model: leaky integrate-and-fire with exponential
        current-based synapses (weights in nA) or conductance-based synapses
        (weights in µS), or Izhikevich's model with exponential current-based
        synapses (weights in nA).
    parameters : mapping of str to number or sequence, optional
        PyNN parameters, each a number or one number per neuron; missing
        ones take the defaults in :data:`CELL_DEFAULTS`. LIF: ``cm`` nF,
        ``tau_m`` ms, ``tau_refrac`` ms, ``tau_syn_E``/``tau_syn_I`` ms,
        ``v_rest``/``v_reset``/``v_thresh`` mV, ``i_offset`` nA, and for
        ``IF_cond_exp`` ``e_rev_E``/``e_rev_I`` mV. Izhikevich: ``a``,
        ``b`` (1/ms), ``c`` (mV), ``d`` (mV/ms), ``i_offset`` (nA),
        ``tau_syn_E``/``tau_syn_I`` (ms).
    v_init : float or sequence of float, optional
        Initial membrane potential (mV), one number or one per neuron; PyNN's
        default, -65 mV for the LIF models and -70 mV for Izhikevich.
    u_init : float or sequence of float, optional
        Initial recovery variable ``u`` (mV/ms) of an Izhikevich model;
        PyNN's default -14. The LIF models have none.

    Raises
    ------
    TypeError, ValueError
        For an unknown cell type or parameter, a value that is not a finite
        number, a time constant or capacitance that is not positive, a
        negative ``tau_refrac``, or ``u_init`` for a LIF model.
    """

    def __init__(
        self,
        n: int,
        cell_type: str,
        parameters: Mapping[str, float | Sequence[float]] | None = None,
        *,
        v_init: float | Sequence[float] | None = None,
        u_init: float | Sequence[float] | None = None,
    ) -> None:
        self.n = check_positive_integer("n", n)
        if check_text("cell_type", cell_type) not in CELL_DEFAULTS:
            raise ValueError(f"cell_type must be one of {sorted(CELL_DEFAULTS)}, got {cell_type!r}")
        self.cell_type = cell_type
        if parameters is None:
            parameters = {}
        if not isinstance(parameters, Mapping):
            raise TypeError(
                "parameters must be a mapping of PyNN parameter names to values, "
                f"got {parameters!r} ({type(parameters).__name__})"
            )
        defaults = CELL_DEFAULTS[cell_type]
        unknown = sorted(set(parameters) - set(defaults))
        if unknown:
            raise ValueError(
                f"{cell_type} has no parameter {unknown[0]!r}; allowed: {sorted(defaults)}"
            )
        values = {**defaults, **parameters}
        self.parameters = {name: _per_neuron(name, values[name], self.n) for name in defaults}
        for name in _POSITIVE:
            if name not in self.parameters:
                continue
            bad = self.parameters[name] <= 0
            if bad.any():
                raise ValueError(
                    f"{name} must be greater than 0, got {float(self.parameters[name][bad][0])!r}"
                )
        if "tau_refrac" in self.parameters:
            shortest_refractory = float(self.parameters["tau_refrac"].min())
            if shortest_refractory < 0:
                raise ValueError(f"tau_refrac must be 0 or greater, got {shortest_refractory!r}")
        izhikevich = cell_type == "Izhikevich"
        if v_init is None:
            v_init = IZHIKEVICH_INITIAL["v"] if izhikevich else DEFAULT_V_INIT
        self.v_init = _per_neuron("v_init", v_init, self.n)
        if u_init is not None and not izhikevich:
            raise ValueError(
                f"u_init is a state of the Izhikevich model; {cell_type} has none, got {u_init!r}"
            )
        self.u_init = _per_neuron(
            "u_init", IZHIKEVICH_INITIAL["u"] if u_init is None else u_init, self.n
        )

    @property
    def conductance_based(self) -> bool:
        """True for ``IF_cond_exp`` (weights are conductances in µS)."""
        return self.cell_type == "IF_cond_exp"

    def __repr__(self) -> str:
        return f"Cells({self.n}, {self.cell_type!r})"


class SpikeArray:
    """Spike sources that fire at given times, like PyNN's ``SpikeSourceArray``.

    Parameters
    ----------
    spike_times : sequence of sequences of float
        One sequence of times (ms, >= 0) per source neuron, e.g.
        ``[[0.0], [5.0, 10.0]]`` for two sources.

    Notes
    -----
    sPyNNaker sends a spike in the step ``ceil(t / dt)`` (after truncating
    ``t`` to whole microseconds), so a time between two steps is sent at the
    later one (``_as_numpy_ticks`` in ``spike_source_array_vertex.py``).
    """

    def __init__(self, spike_times: Sequence[Sequence[float]]) -> None:
        if isinstance(spike_times, (str, bytes)) or not isinstance(
            spike_times, (Sequence, np.ndarray)
        ):
            raise TypeError(
                "spike_times must be one sequence of times (ms) per source neuron, "
                f"e.g. [[0.0, 5.0]], got {spike_times!r}"
            )
        times = []
        for i, neuron_times in enumerate(spike_times):
            if isinstance(neuron_times, numbers.Real) or not isinstance(
                neuron_times, (Sequence, np.ndarray)
            ):
                raise TypeError(
                    f"spike_times[{i}] must be a sequence of times (ms), got {neuron_times!r}; "
                    "give one sequence per source neuron, e.g. [[0.0, 5.0]]"
                )
            checked = [
                check_number(f"spike_times[{i}][{k}]", t) for k, t in enumerate(neuron_times)
            ]
            negative = [t for t in checked if t < 0]
            if negative:
                raise ValueError(f"spike_times[{i}] must be 0 ms or later, got {negative[0]!r}")
            times.append(np.sort(np.asarray(checked, dtype=float)))
        if not times:
            raise ValueError("spike_times must name at least one source neuron, got []")
        self.spike_times = times
        self.n = len(times)

    def send_steps(self, timestep: float) -> list[np.ndarray]:
        """The step in which each spike is sent, per source neuron.

        Parameters
        ----------
        timestep : float
            Simulation step (ms).

        Returns
        -------
        list of numpy.ndarray of int
            Per source neuron, the indices (0 = the step starting at 0 ms) of
            the steps in which its spikes are sent: ``ceil(t / timestep)``
            with ``t`` truncated to whole µs.
        """
        step_us = round(timestep * 1000.0)
        return [
            np.ceil(np.floor(times * 1000.0) / step_us).astype(np.int64)
            for times in self.spike_times
        ]

    def __repr__(self) -> str:
        return f"SpikeArray({self.n} sources)"


def check_populations(populations) -> dict[str, Cells | SpikeArray]:
    """Return ``populations`` as a dict if it maps names (str) to Cells or SpikeArray.

    Parameters
    ----------
    populations : mapping of str to Cells or SpikeArray
        The populations of a network, by name.

    Returns
    -------
    dict of str to Cells or SpikeArray
        The same populations.

    Raises
    ------
    TypeError
        If ``populations`` is not a non-empty mapping, a name is not a str or
        a population is neither Cells nor a SpikeArray.
    """
    if not isinstance(populations, Mapping) or not populations:
        raise TypeError(
            "populations must be a non-empty mapping of names to sm.Cells or sm.SpikeArray, "
            f"got {populations!r}"
        )
    for name, population in populations.items():
        if not isinstance(name, str):
            raise TypeError(f"populations: names must be strings, got {name!r}")
        if not isinstance(population, (Cells, SpikeArray)):
            raise TypeError(
                f"populations: population {name!r} must be sm.Cells or sm.SpikeArray, "
                f"got {population!r} ({type(population).__name__})"
            )
    return dict(populations)


def steps_for(duration: float, timestep: float) -> int:
    """Number of whole steps of ``timestep`` ms in ``duration`` ms (rounded up)."""
    return math.ceil(duration / timestep - 1e-9)
