"""The course notes' entry-level network: two layers of cells on a line.

:func:`layer_network` builds it in one call::

    import course
    from course.network import layer_network
    from course.stimuli import thalamic_volley

    sim = course.setup(timestep=1.0)
    net = layer_network(sim, thalamus_spike_times=thalamic_volley(100))
    sim.run(100.0)
    recording = net.collect()

An excitatory layer ``"Exc"`` and an inhibitory layer ``"Inh"`` of
``IF_cond_exp`` cells sit on a line, one cell spacing apart. Excitatory cells
excite their near neighbours and their own inhibitory partner; inhibitory
cells inhibit each other a few spacings away (a surround) and the excitatory
cells around them, centre included. An optional thalamus of spike sources drives the
excitatory layer one to one. Every projection is a fixed list, so the
network is the same on every run and every backend; only the input decides
what happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from course._checks import check_positive_integer, check_positive_number
from course.connectivity import center_surround
from course.parameters import IF_COND_EXP_PARAMETERS, RECORDABLES
from course.portable import check_spike_times, signed_weight
from course.results import Recording, collect

__all__ = [
    "EXC_EXC",
    "INH_EXC",
    "INH_INH",
    "LOCAL_DELAY",
    "WEIGHTS",
    "LayerNetwork",
    "layer_network",
]

#: Synaptic weights (µS) of each projection, keyed ``(pre, post)``. Measured
#: on NEST (timestep 1 ms, 100 + 100 cells) with the default thalamic volley
#: of :func:`course.stimuli.thalamic_volley`: see :func:`layer_network`.
WEIGHTS = MappingProxyType(
    {
        ("Thalamus", "Exc"): 0.05,
        ("Exc", "Exc"): 0.055,
        ("Exc", "Inh"): 0.1,
        ("Inh", "Inh"): 0.02,
        ("Inh", "Exc"): 0.1,
    }
)

#: Local excitation: excitatory cells excite neighbours 1 and 2 spacings away
#: (width 1 cell spacing, probability above 0.1, distance above 0).
EXC_EXC = {"width": 1.0, "p_thresh": 0.1, "d_thresh": 0.0}

#: The inhibitory layer inhibits itself 3 to 6 spacings away (width 3,
#: probability above 0.1, distance above 2), as in the notes.
INH_INH = {"width": 3.0, "p_thresh": 0.1, "d_thresh": 2.0}

#: Feedback inhibition: each inhibitory cell inhibits the excitatory cells up
#: to 6 spacings away, its own partner included (width 3, probability above
#: 0.1, distance above -1, i.e. 0 to 6). The notes meant a list here but never
#: computed it. Inhibition that reaches the centre is what ends the response
#: to a volley; with a surround only (distances 3 to 6) the centre keeps
#: exciting itself for as long as the run lasts.
INH_EXC = {"width": 3.0, "p_thresh": 0.1, "d_thresh": -1.0}

#: Delay (ms) of the one-to-one projections (thalamus to Exc, Exc to Inh).
LOCAL_DELAY = 1.0


@dataclass
class LayerNetwork:
    """The populations and projections :func:`layer_network` created.

    Attributes
    ----------
    populations : dict of str to pyNN.Population
        ``"Exc"``, ``"Inh"`` and, with a stimulus, ``"Thalamus"``.
    projections : dict of (str, str) to pyNN.Projection
        Keyed ``(pre, post)``: ``("Exc", "Exc")``, ``("Exc", "Inh")``,
        ``("Inh", "Inh")``, ``("Inh", "Exc")`` and ``("Thalamus", "Exc")``.
    connection_lists : dict of (str, str) to numpy.ndarray
        The ``(pre, post, weight, delay)`` rows given to each list-based
        projection, to compare with what the simulator read back.
    parameters : dict
        Everything the network was built with, for the record.
    """

    populations: dict
    projections: dict
    connection_lists: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)

    @property
    def recorded(self) -> list:
        """The populations that record spikes, v and conductances: Exc and Inh."""
        return [self.populations["Exc"], self.populations["Inh"]]

    def collect(self) -> Recording:
        """Gather the recordings of Exc and Inh after ``sim.run()``.

        Returns
        -------
        Recording
            Populations ``"Exc"`` and ``"Inh"``, with :attr:`parameters`.
        """
        return collect(self.recorded, self.parameters)


def _check_weights(weights) -> dict:
    if not hasattr(weights, "items"):
        raise TypeError(f"weights must be a dict keyed (pre, post), got {weights!r}")
    unknown = set(weights) - set(WEIGHTS)
    if unknown:
        allowed = ", ".join(repr(key) for key in WEIGHTS)
        raise ValueError(f"weights has unknown keys {sorted(unknown)}; allowed keys: {allowed}")
    merged = dict(WEIGHTS)
    for key, value in weights.items():
        merged[key] = check_positive_number(f"weights[{key!r}]", value)
    return merged


def layer_network(
    sim,
    n_exc: int = 100,
    n_inh: int = 100,
    *,
    cell_parameters=IF_COND_EXP_PARAMETERS,
    thalamus_spike_times=None,
    weights=None,
    record: bool = True,
) -> LayerNetwork:
    """Build the notes' two-layer network on a line, ready to run.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_exc, n_inh : int, default 100
        Sizes of the excitatory and inhibitory layers; they must be equal,
        because each excitatory cell drives its own inhibitory partner.
    cell_parameters : mapping, default IF_COND_EXP_PARAMETERS
        ``IF_cond_exp`` parameters of both layers (see
        :data:`course.parameters.IF_COND_EXP_PARAMETERS` for units).
    thalamus_spike_times : list of list of float, optional
        One spike train (ms) per thalamic cell (``n_exc`` of them), e.g.
        :func:`course.stimuli.thalamic_volley`. When given, a
        ``SpikeSourceArray`` population ``"Thalamus"`` drives ``"Exc"`` one to
        one; when omitted the network gets no input and stays silent.
    weights : dict, optional
        Weights (µS, magnitudes) to change, keyed like :data:`WEIGHTS`.
    record : bool, default True
        Record spikes, ``v`` (mV), ``gsyn_exc`` and ``gsyn_inh`` (µS) of both
        layers.

    Returns
    -------
    LayerNetwork

    Raises
    ------
    TypeError, ValueError
        For bad sizes, unequal layers, unknown or non-positive weights, or
        spike trains the backend cannot deliver (see
        :func:`course.check_spike_times`).

    Notes
    -----
    The connections, all fixed (no random draw):

    * Exc -> Exc, excitatory: :func:`~course.connectivity.center_surround`
      with :data:`EXC_EXC` (neighbours 1 and 2 spacings away).
    * Exc -> Inh, excitatory: one to one, delay 1 ms.
    * Inh -> Inh, inhibitory: center_surround with :data:`INH_INH`
      (distances 3 to 6).
    * Inh -> Exc, inhibitory: center_surround with :data:`INH_EXC`
      (distances 0 to 6).
    * Thalamus -> Exc, excitatory: one to one, delay 1 ms.

    List delays are ``1 ms + d / 0.35`` (d in cell spacings), as in the notes.

    Measured on NEST at timestep 1 ms with ``thalamic_volley(100)`` (cells
    45 to 54, three spikes each between 7 and 13 ms) and the default
    :data:`WEIGHTS`: the 10 stimulated cells fire first (from 15 ms), the
    excitation spreads two cells to each side (cells 43 to 56, 33 spikes in
    all), the inhibitory partners of the centre fire from 24 ms (19 spikes),
    and by about 40 ms both layers are silent again (at timestep 0.1 ms: 34
    and 20 spikes, the same cells). Without input the network stays silent.
    """
    n_exc = check_positive_integer("n_exc", n_exc)
    n_inh = check_positive_integer("n_inh", n_inh)
    if n_exc != n_inh:
        raise ValueError(
            f"n_exc={n_exc} and n_inh={n_inh} must be equal: each excitatory cell "
            "drives its own inhibitory partner one to one"
        )
    if not hasattr(cell_parameters, "items"):
        raise TypeError(
            f"cell_parameters must be a dict of IF_cond_exp parameters, got {cell_parameters!r}"
        )
    weights = _check_weights({} if weights is None else weights)
    if thalamus_spike_times is not None:
        thalamus_spike_times = check_spike_times(thalamus_spike_times)
        if len(thalamus_spike_times) != n_exc or not all(
            isinstance(train, list) for train in thalamus_spike_times
        ):
            raise ValueError(
                f"thalamus_spike_times must hold one list of times per excitatory cell "
                f"({n_exc} lists), got {len(thalamus_spike_times)} entries"
            )

    from pyNN.space import Line

    cell_type = sim.IF_cond_exp(**dict(cell_parameters))
    populations = {
        "Exc": sim.Population(n_exc, cell_type, structure=Line(dx=1.0), label="Exc"),
        "Inh": sim.Population(n_inh, cell_type, structure=Line(dx=1.0), label="Inh"),
    }
    v_rest = float(dict(cell_parameters).get("v_rest", IF_COND_EXP_PARAMETERS["v_rest"]))
    for population in populations.values():
        population.initialize(v=v_rest)
        if record:
            population.record(list(RECORDABLES))

    def synapse(key, receptor, delay=LOCAL_DELAY):
        weight = signed_weight(weights[key], receptor, sim.IF_cond_exp)
        return sim.StaticSynapse(weight=weight, delay=delay)

    def from_list(key, geometry, receptor):
        rows = center_surround(
            populations[key[0]].size,
            populations[key[1]].size,
            signed_weight(weights[key], receptor, sim.IF_cond_exp),
            **geometry,
        )
        lists[key] = rows
        return sim.Projection(
            populations[key[0]],
            populations[key[1]],
            sim.FromListConnector(rows, column_names=["weight", "delay"]),
            receptor_type=receptor,
            label=f"{key[0]}-{key[1]}",
        )

    lists: dict = {}
    projections = {
        ("Exc", "Exc"): from_list(("Exc", "Exc"), EXC_EXC, "excitatory"),
        ("Exc", "Inh"): sim.Projection(
            populations["Exc"],
            populations["Inh"],
            sim.OneToOneConnector(),
            synapse(("Exc", "Inh"), "excitatory"),
            receptor_type="excitatory",
            label="Exc-Inh",
        ),
        ("Inh", "Inh"): from_list(("Inh", "Inh"), INH_INH, "inhibitory"),
        ("Inh", "Exc"): from_list(("Inh", "Exc"), INH_EXC, "inhibitory"),
    }
    if thalamus_spike_times is not None:
        populations["Thalamus"] = sim.Population(
            n_exc,
            sim.SpikeSourceArray(spike_times=thalamus_spike_times),
            structure=Line(dx=1.0),
            label="Thalamus",
        )
        projections[("Thalamus", "Exc")] = sim.Projection(
            populations["Thalamus"],
            populations["Exc"],
            sim.OneToOneConnector(),
            synapse(("Thalamus", "Exc"), "excitatory"),
            receptor_type="excitatory",
            label="Thalamus-Exc",
        )
    parameters = {
        "n_exc": n_exc,
        "n_inh": n_inh,
        "cell_parameters": dict(cell_parameters),
        "weights": weights,
        "geometry": {"Exc-Exc": EXC_EXC, "Inh-Inh": INH_INH, "Inh-Exc": INH_EXC},
        "thalamus_spike_times": thalamus_spike_times,
        "stimulated_cells": (
            []
            if thalamus_spike_times is None
            else np.flatnonzero([len(t) for t in thalamus_spike_times]).tolist()
        ),
    }
    return LayerNetwork(populations, projections, lists, parameters)
