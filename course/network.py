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
``IF_cond_exp`` cells cover the same stretch of a line: excitatory cells one
cell spacing apart, inhibitory cells spread evenly over the same stretch (one
spacing apart too when the layers are the same size). Excitatory cells
excite their near neighbours and their inhibitory partner; inhibitory cells
inhibit each other a few spacings away (a surround) and the excitatory cells
around them, centre included. An optional thalamus of spike sources drives the
excitatory layer one to one. Every projection is a fixed list, so the
network is the same on every run and every backend; only the input decides
what happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from course._checks import check_flag, check_positive_integer, check_positive_number
from course.connectivity import center_surround, center_surround_at_positions, partners_on_a_line
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
    "inhibitory_positions",
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

    Parameters
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


def inhibitory_positions(n_exc: int, n_inh: int) -> np.ndarray:
    """Where the inhibitory cells sit, spread over the excitatory layer's stretch.

    The excitatory cells sit at ``0, 1, ..., n_exc - 1`` (cell spacings). The
    line is cut into ``n_inh`` equal pieces, one per inhibitory cell, and each
    inhibitory cell sits in the middle of its piece: ``(j + 0.5) * n_exc /
    n_inh - 0.5``. With equal sizes that is ``0, 1, ..., n_inh - 1``.

    Parameters
    ----------
    n_exc, n_inh : int
        Sizes of the excitatory and inhibitory layers, at least 1.

    Returns
    -------
    numpy.ndarray, shape (n_inh,)
        Positions (cell spacings), increasing.
    """
    n_exc = check_positive_integer("n_exc", n_exc)
    n_inh = check_positive_integer("n_inh", n_inh)
    return (np.arange(n_inh) + 0.5) * (n_exc / n_inh) - 0.5


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
        Sizes of the excitatory and inhibitory layers, at least 1 each. Both
        layers cover the same stretch of line (see
        :func:`inhibitory_positions`), so a smaller inhibitory layer has its
        cells further apart; the notes use equal sizes.
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
        The populations, projections, connection lists and parameters.

    Raises
    ------
    TypeError, ValueError
        For bad sizes, unknown or non-positive weights, a ``record`` that is
        not True or False, or spike trains the backend cannot deliver (see
        :func:`course.check_spike_times`).

    Notes
    -----
    The connections, all fixed (no random draw), with distances ``d`` in
    excitatory cell spacings:

    * Exc -> Exc, excitatory: :func:`~course.connectivity.center_surround`
      with :data:`EXC_EXC` (neighbours 1 and 2 spacings away).
    * Exc -> Inh, excitatory, delay 1 ms: each excitatory cell to the
      inhibitory cell(s) sharing its piece of line
      (:func:`~course.connectivity.partners_on_a_line`); one to one when the
      layers are the same size.
    * Inh -> Inh, inhibitory: the center-surround rule with :data:`INH_INH`
      (distances above 2 and below 6.4, where the probability falls to 0.1:
      3 to 6 with equal sizes).
    * Inh -> Exc, inhibitory: the center-surround rule with :data:`INH_EXC`
      (distances below 6.4: 0 to 6 with equal sizes).
    * Thalamus -> Exc, excitatory: one to one, delay 1 ms.

    List delays are ``1 ms + d / 0.35``, as in the notes. The two rules from
    the inhibitory layer use the cells' positions
    (:func:`~course.connectivity.center_surround_at_positions`); with equal
    sizes they give exactly the lists of ``center_surround``.

    Measured on NEST at timestep 1 ms with ``thalamic_volley(100)`` (cells
    45 to 54, three spikes each between 7 and 13 ms) and the default
    :data:`WEIGHTS`: the 10 stimulated cells fire first (from 15 ms), the
    excitation spreads two cells to each side (cells 43 to 56, 33 spikes in
    all), the inhibitory partners of the centre fire from 24 ms (19 spikes),
    and by about 40 ms both layers are silent again (at timestep 0.1 ms: 34
    and 20 spikes, the same cells). Without input the network stays silent.
    With 25 inhibitory cells (4 spacings apart) the same volley gives 35
    excitatory spikes (cells 44 to 55) and 20 inhibitory ones (the three cells
    over the stimulated stretch, from 17 ms), and silence after 48 ms; with
    200 (two partners per excitatory cell) 22 and 20 spikes, silent after
    27 ms.
    """
    n_exc = check_positive_integer("n_exc", n_exc)
    n_inh = check_positive_integer("n_inh", n_inh)
    record = check_flag("record", record)
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

    positions = {"Exc": np.arange(n_exc, dtype=float), "Inh": inhibitory_positions(n_exc, n_inh)}
    inh_spacing = n_exc / n_inh
    cell_type = sim.IF_cond_exp(**dict(cell_parameters))
    populations = {
        "Exc": sim.Population(n_exc, cell_type, structure=Line(dx=1.0), label="Exc"),
        "Inh": sim.Population(
            n_inh,
            cell_type,
            structure=Line(dx=inh_spacing, x0=float(positions["Inh"][0])),
            label="Inh",
        ),
    }
    v_rest = float(dict(cell_parameters).get("v_rest", IF_COND_EXP_PARAMETERS["v_rest"]))
    for population in populations.values():
        population.initialize(v=v_rest)
        if record:
            population.record(list(RECORDABLES))

    def weight(key, receptor):
        return signed_weight(weights[key], receptor, sim.IF_cond_exp)

    def project(key, connector, receptor, synapse=None):
        return sim.Projection(
            populations[key[0]],
            populations[key[1]],
            connector,
            synapse,
            receptor_type=receptor,
            label=f"{key[0]}-{key[1]}",
        )

    def one_to_one(key):
        synapse = sim.StaticSynapse(weight=weight(key, "excitatory"), delay=LOCAL_DELAY)
        return project(key, sim.OneToOneConnector(), "excitatory", synapse)

    def from_list(key, rows, receptor):
        lists[key] = rows
        connector = sim.FromListConnector(rows, column_names=["weight", "delay"])
        return project(key, connector, receptor)

    def surround(key, geometry):
        rows = center_surround_at_positions(
            positions[key[0]], positions[key[1]], weight(key, "inhibitory"), **geometry
        )
        return from_list(key, rows, "inhibitory")

    lists: dict = {}
    exc_exc = center_surround(n_exc, n_exc, weight(("Exc", "Exc"), "excitatory"), **EXC_EXC)
    projections = {("Exc", "Exc"): from_list(("Exc", "Exc"), exc_exc, "excitatory")}
    if n_exc == n_inh:
        # The partners are i -> i: PyNN's connector, which sPyNNaker builds on the board.
        projections[("Exc", "Inh")] = one_to_one(("Exc", "Inh"))
    else:
        partners = partners_on_a_line(
            n_exc, n_inh, weight(("Exc", "Inh"), "excitatory"), LOCAL_DELAY
        )
        projections[("Exc", "Inh")] = from_list(("Exc", "Inh"), partners, "excitatory")
    projections[("Inh", "Inh")] = surround(("Inh", "Inh"), INH_INH)
    projections[("Inh", "Exc")] = surround(("Inh", "Exc"), INH_EXC)
    if thalamus_spike_times is not None:
        populations["Thalamus"] = sim.Population(
            n_exc,
            sim.SpikeSourceArray(spike_times=thalamus_spike_times),
            structure=Line(dx=1.0),
            label="Thalamus",
        )
        projections[("Thalamus", "Exc")] = one_to_one(("Thalamus", "Exc"))
    parameters = {
        "n_exc": n_exc,
        "n_inh": n_inh,
        "cell_parameters": dict(cell_parameters),
        "weights": weights,
        "geometry": {"Exc-Exc": EXC_EXC, "Inh-Inh": INH_INH, "Inh-Exc": INH_EXC},
        "inhibitory_spacing": inh_spacing,
        "thalamus_spike_times": thalamus_spike_times,
        "stimulated_cells": (
            []
            if thalamus_spike_times is None
            else np.flatnonzero([len(t) for t in thalamus_spike_times]).tolist()
        ),
    }
    return LayerNetwork(populations, projections, lists, parameters)
