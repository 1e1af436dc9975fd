"""course.pynn_compat: PyNN 0.13's map-based connectors from one neuron, on every numpy,
and recordings read back without a NEST query per cell.

Without the repair, numpy 2.1+ stops PyNN at pyNN/connectors.py
``source_mask.nonzero()`` ("Calling nonzero on 0d arrays is not allowed") and
numpy 2.0 warns there (an error under this suite's warning filter), so the
one-to-one test fails without it on every numpy the course supports (measured:
numpy 2.3.5). The other connector tests guard that what already worked still
makes the same connections with the repair in place."""

from __future__ import annotations

import numpy as np
import pytest

from course.pynn_compat import _at_least_one_dimensional


def test_numpy_scalars_become_one_element_arrays_python_bools_stay():
    for value in (np.True_, np.False_, np.array(True)):
        column = _at_least_one_dimensional(value)
        assert isinstance(column, np.ndarray) and column.shape == (1,)
        assert column[0] == bool(value)
    assert _at_least_one_dimensional(True) is True  # PyNN tests it with `is True`
    row = np.array([True, False])
    assert _at_least_one_dimensional(row) is row


def test_one_to_one_between_one_neuron_populations(sim):
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    target = sim.Population(1, sim.IF_curr_exp())
    target.record("v")
    projection = sim.Projection(
        source, target, sim.OneToOneConnector(), sim.StaticSynapse(weight=2.0, delay=1.0)
    )
    assert projection.get(["weight", "delay"], format="list") == [(0, 0, 2.0, 1.0)]
    sim.run(20.0)
    v = target.get_data().segments[0].analogsignals[0].magnitude[:, 0]
    # The 2 nA input reaches the cell 1 ms after the 5 ms spike and depolarises it.
    assert v[:6] == pytest.approx(-65.0)
    assert v[10] > -64.0


@pytest.mark.parametrize(
    ("make_connector", "expected"),
    [
        (lambda sim: sim.AllToAllConnector(allow_self_connections=False), 3),
        (lambda sim: sim.FixedProbabilityConnector(1.0), 3),
        (lambda sim: sim.FixedProbabilityConnector(0.0), 0),
        # Default positions: the source at x = 0, the targets at x = 0, 1, 2.
        (lambda sim: sim.DistanceDependentProbabilityConnector("d < 1.5"), 2),
    ],
    ids=["all-to-all", "p=1", "p=0", "distance"],
)
def test_other_map_connectors_from_one_neuron(sim, make_connector, expected):
    source = sim.Population(1, sim.IF_curr_exp())
    targets = sim.Population(3, sim.IF_curr_exp())
    projection = sim.Projection(source, targets, make_connector(sim), sim.StaticSynapse())
    assert len(projection) == expected


def test_larger_populations_are_connected_as_before(sim):
    a = sim.Population(4, sim.IF_curr_exp())
    b = sim.Population(4, sim.IF_curr_exp())
    projection = sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5))
    pairs = sorted((int(i), int(j)) for i, j, _ in projection.get(["weight"], format="list"))
    assert pairs == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_repair_wraps_once_however_often_it_is_applied(sim):
    from pyNN.parameters import LazyArray

    from course.pynn_compat import repair_one_neuron_connection_maps

    wrapped = LazyArray.by_column  # course.setup("nest") applied the repair already
    repair_one_neuron_connection_maps()
    repair_one_neuron_connection_maps()
    assert LazyArray.by_column is wrapped
    columns = list(LazyArray(lambda i, j: i == j, shape=(1, 2)).by_column())
    assert [column.shape for column in columns] == [(1,), (1,)]


def test_a_cell_id_answers_special_names_without_asking_nest(sim, monkeypatch):
    """numpy asks every ID it puts into an array for ``__array_priority__``; without the
    repair each question read all parameters of the cell from NEST and failed with a
    KeyError (2,699 look-ups, 3.0 of lesson 10's 4.4 s)."""
    from pyNN.common.populations import IDMixin
    from pyNN.errors import NonExistentParameterError

    from course.pynn_compat import answer_special_names_directly

    answer_special_names_directly()  # applied by course.setup already; a second call is safe

    cells = sim.Population(20, sim.IF_curr_exp(tau_m=15.0))
    cells.record("v")
    sim.run(5.0)
    lookups = []
    original = IDMixin.get_parameters
    monkeypatch.setattr(
        IDMixin, "get_parameters", lambda cell: lookups.append(int(cell)) or original(cell)
    )
    assert not hasattr(cells[3], "__array_priority__")
    v = cells.get_data().segments[0].filter(name="v")[0]
    assert v.shape == (6, 20)
    assert lookups == []  # reading the recording back asked NEST about no cell
    # Parameters are read as before, one look-up each, and unknown ones fail as before.
    assert cells[3].tau_m == pytest.approx(15.0)
    with pytest.raises(NonExistentParameterError):
        getattr(cells[3], "no_such_parameter")  # noqa: B009 (the attribute look-up is the test)
    assert lookups == [int(cells[3]), int(cells[3])]


def test_node_ids_are_listed_in_one_call_and_unchanged(sim, monkeypatch):
    """NodeCollection.tolist() gives the IDs NEST's own status gives, for every kind of
    collection PyNN hands it, without reading a node's status (18 s of the suite)."""
    import nest

    from course.pynn_compat import read_node_ids_in_one_call

    read_node_ids_in_one_call()  # applied by course.setup already; a second call is safe
    cells = sim.Population(30, sim.IF_curr_exp())
    parrots = sim.Population(7, sim.SpikeSourceArray())
    nodes = cells.node_collection
    collections = {
        "whole": nodes,
        "slice": nodes[2:29:3],
        "indexed": nodes[[0, 4, 5, 17]],
        "one": nodes[6],
        "composite": nodes + parrots.node_collection,
        "sliced composite": (nodes + parrots.node_collection)[5:37:4],
    }
    expected = {
        name: [int(node_id) for node_id in np.atleast_1d(collection.get("global_id"))]
        for name, collection in collections.items()
    }
    reads = []
    original = nest.NodeCollection.get
    monkeypatch.setattr(
        nest.NodeCollection, "get", lambda *a, **k: reads.append(a) or original(*a, **k)
    )
    for name, collection in collections.items():
        listed = collection.tolist()
        assert listed == expected[name], name
        assert all(type(node_id) is int for node_id in listed)
    assert reads == []
    # ... and the connections PyNN makes through it are the ones asked for.
    projection = sim.Projection(
        parrots, cells, sim.FromListConnector([(0, 3), (6, 3), (2, 29)]), sim.StaticSynapse()
    )
    assert sorted(projection.get("weight", format="list")) == [
        (0, 3, 0.0),
        (2, 29, 0.0),
        (6, 3, 0.0),
    ]


def test_local_is_answered_as_nest_answers_it_without_reading_status(sim, monkeypatch):
    """In a one-process NEST every node is local; the reference is NEST's own answer
    (``get("local")``, which reads each node's status), for every kind of node."""
    import nest

    from course.pynn_compat import answer_local_from_the_process_count

    answer_local_from_the_process_count()  # applied by course.setup already; safe again
    neurons, parrots = nest.Create("iaf_psc_alpha", 5), nest.Create("parrot_neuron", 3)
    recorder, meter = nest.Create("spike_recorder"), nest.Create("multimeter")
    generators = nest.Create("poisson_generator", 2)
    collections = [neurons, neurons[1], neurons[::2], neurons + parrots, recorder, meter]
    collections += [generators, generators[0], neurons + generators]
    expected = [collection.get("local") for collection in collections]
    assert expected[1] is True and expected[0] == (True,) * 5  # NEST's own shapes
    reads = []
    original = nest.NodeCollection.get
    monkeypatch.setattr(
        nest.NodeCollection, "get", lambda *a, **k: reads.append(a) or original(*a, **k)
    )
    assert [collection.local for collection in collections] == expected
    assert reads == []
    # PyNN's cells ask it too, and setting a parameter (which asks it) still works.
    cells = sim.Population(4, sim.IF_curr_exp())
    assert cells[2].local is True
    cells.set(tau_m=12.0)
    assert cells.get("tau_m") == 12.0 and cells[3].tau_m == 12.0
