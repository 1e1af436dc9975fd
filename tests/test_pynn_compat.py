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
from tests.conftest import oldest_generation_walks


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


# --- connection lists in one nest.Connect call --------------------------------------


def _list(rng, n_pre, n_post, p, columns=()):
    """A shuffled (i, j, *columns) list: each pair with probability p, random column values."""
    rows = [
        (i, j, *(float(rng.uniform(0.5, 2.0)) for _ in columns))
        for i in range(n_pre)
        for j in range(n_post)
        if rng.random() < p
    ]
    rng.shuffle(rows)
    return rows


def _network_through_lists(sim):
    """Projections of every kind the one-call path takes and of kinds it leaves to PyNN."""
    rng = np.random.default_rng(7)
    drive = sim.Population(12, sim.SpikeSourceArray(spike_times=[2.0, 9.0, 17.0]))
    exc = sim.Population(30, sim.IF_curr_exp(tau_refrac=2.0))
    cond = sim.Population(20, sim.IF_cond_exp())
    part_exc, part_cond = exc[5:20], cond[2:12]  # views
    izh = sim.Population(5, sim.Izhikevich())
    static = sim.StaticSynapse
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(),
        weight_dependence=sim.AdditiveWeightDependence(),
        weight=0.2,
        delay=1.0,
    )
    drawn = sim.RandomDistribution("uniform", (0.01, 0.02), rng=sim.NumpyRNG(seed=3))
    both, weight, delay = ["weight", "delay"], ["weight"], ["delay"]
    projections = [
        # taken in one call: weights and delays from the list, from the synapse, or mixed
        (drive, exc, _list(rng, 12, 30, 0.4, both), both, static(), "excitatory"),
        (exc, exc, _list(rng, 30, 30, 0.2, weight), weight, static(delay=1.5), "inhibitory"),
        (drive, cond, _list(rng, 12, 20, 0.5), [], static(weight=0.02, delay=2.0), "excitatory"),
        (exc, cond, _list(rng, 30, 20, 0.3, delay), delay, static(weight=0.05), "inhibitory"),
        (part_exc, part_cond, _list(rng, 15, 10, 0.4), [], static(weight=0.01), "excitatory"),
        (drive, exc, [(3, 4)], [], static(weight=0.5, delay=1.0), "excitatory"),
        # left to PyNN: a source twice for one target, a cell with receptor scaling,
        # STDP, and weights drawn at random
        (drive, exc, [(0, 1), (0, 1), (2, 1)], [], static(weight=0.3, delay=1.0), "excitatory"),
        (drive, izh, _list(rng, 12, 5, 0.5), [], static(weight=2.0, delay=1.0), "excitatory"),
        (drive, exc, _list(rng, 12, 30, 0.2), [], stdp, "excitatory"),
        (drive, cond, _list(rng, 12, 20, 0.3), [], static(weight=drawn, delay=1.0), "excitatory"),
    ]  # fmt: skip
    made = [
        sim.Projection(pre, post, sim.FromListConnector(rows, column_names=names), synapse,
                       receptor_type=receptor)
        for pre, post, rows, names, synapse, receptor in projections
    ]  # fmt: skip
    one_to_one = [
        # taken in one call: populations of unequal size, views, inhibition (current
        # and conductance)
        (drive, exc, static(weight=1.5, delay=1.0), "excitatory"),
        (exc, cond, static(weight=0.03, delay=2.0), "inhibitory"),
        (part_exc, exc[0:15], static(weight=-0.4, delay=1.5), "inhibitory"),
        # left to PyNN: weights drawn at random, a cell with receptor scaling
        (drive, cond, static(weight=drawn, delay=1.0), "excitatory"),
        (drive, izh, static(weight=3.0, delay=1.0), "excitatory"),
    ]
    made += [
        sim.Projection(pre, post, sim.OneToOneConnector(), synapse, receptor_type=receptor)
        for pre, post, synapse, receptor in one_to_one
    ]
    seeded = sim.NumpyRNG(seed=11)
    maps = [
        # taken in one call: PyNN draws the connections and parameters, target by
        # target, and only the calls to NEST are joined
        (drive, exc, sim.AllToAllConnector(), static(weight=0.1, delay=1.0), "excitatory"),
        (exc, cond, sim.FixedProbabilityConnector(0.3, rng=seeded), static(weight=0.02,
                                                                            delay=1.5),
         "inhibitory"),
        (drive, exc, sim.FixedNumberPreConnector(4, with_replacement=True, rng=seeded),
         static(weight=drawn, delay=1.0), "excitatory"),
        (part_exc, part_cond, sim.FixedNumberPostConnector(2, rng=seeded),
         static(weight=0.01, delay=1.0), "excitatory"),
        (exc, exc, sim.DistanceDependentProbabilityConnector("d < 3",
                                                             allow_self_connections=False),
         static(weight=-0.2, delay="0.5 + 0.2 * d"), "inhibitory"),
        # left to PyNN: a cell with receptor scaling, STDP
        (drive, izh, sim.AllToAllConnector(), static(weight=1.0, delay=1.0), "excitatory"),
        (drive, cond, sim.FixedProbabilityConnector(0.3, rng=seeded), stdp, "excitatory"),
    ]  # fmt: skip
    made += [
        sim.Projection(pre, post, connector, synapse, receptor_type=receptor)
        for pre, post, connector, synapse, receptor in maps
    ]
    for population in (exc, cond, izh):
        population.record("spikes")
    sim.run(40.0)
    import nest

    keys = ["source", "target", "weight", "delay", "receptor", "synapse_model"]
    table = nest.GetConnections().get(keys, output="")
    # The order NEST lists them in is its own (it sorts by source before simulating).
    rows = sorted(zip(*(table[key] for key in keys), strict=True))
    read_back = [
        sorted(map(tuple, p.get(["weight", "delay"], format="list", with_address=True)))
        for p in made
    ]
    spikes = [
        [np.asarray(train).tolist() for train in population.get_data().segments[0].spiketrains]
        for population in (exc, cond, izh)
    ]
    return rows, read_back, spikes


def _built_with(pynn_own: bool):
    """``_network_through_lists`` on a fresh NEST, by PyNN's own connectors if ``pynn_own``."""
    from pyNN.connectors import FromListConnector, MapConnector, OneToOneConnector

    import course

    sim = course.setup("nest", timestep=0.1)
    methods = [(FromListConnector, "connect"), (OneToOneConnector, "connect"),
               (MapConnector, "_standard_connect")]  # fmt: skip
    repaired = [getattr(owner, name) for owner, name in methods]
    if pynn_own:
        for (owner, name), method in zip(methods, repaired, strict=True):
            setattr(owner, name, method.__wrapped__)
    try:
        return _network_through_lists(sim)
    finally:
        for (owner, name), method in zip(methods, repaired, strict=True):
            setattr(owner, name, method)
        sim.end()


def test_connections_made_in_one_call_are_the_connections_pynn_makes(monkeypatch):
    import course
    from course import pynn_compat

    course.setup("nest").end()  # the repairs are in place
    taken = []

    def spying_on(plan):
        def spy(connector, projection, *rest):
            found = plan(connector, projection, *rest)
            taken.append(found is not None and found is not False)
            return found

        return spy

    for name in ("_static_list_in_pynn_order", "_static_one_to_one_in_pynn_order", "_static_map"):
        monkeypatch.setattr(pynn_compat, name, spying_on(getattr(pynn_compat, name)))
    # Map connectors' kept calls are made every 40 connections here (a million
    # otherwise), so a projection is also made in several calls, the last one partial.
    calls = []
    joined = pynn_compat._joined

    def counted(kept):
        calls.append(sum(len(sources) for sources, _, _ in kept))
        return joined(kept)

    monkeypatch.setattr(pynn_compat, "_CONNECTIONS_PER_CALL", 40)
    monkeypatch.setattr(pynn_compat, "_joined", counted)
    one_call = _built_with(pynn_own=False)
    monkeypatch.undo()
    pynn = _built_with(pynn_own=True)
    # Lists: the first six are made in one call, the last four by PyNN. One-to-one:
    # three in one call; the drawn weights go on to PyNN's map code, which draws
    # them and whose calls to NEST are joined; the Izhikevich cells stay PyNN's.
    # Map connectors: five joined, two PyNN's.
    assert taken == (
        [True] * 6 + [False] * 4 + [True] * 3 + [False, True] + [False, False]
        + [True] * 5 + [False] * 2
    )  # fmt: skip
    # Six projections joined (the drawn one-to-one and five maps), in 20 calls; none
    # passes 40 connections by more than one target's sources (30 cells at most here).
    assert len(calls) > 6 and max(calls) < 40 + 30
    connections, read_back, spikes = one_call
    assert len(connections) > 1500 and sum(len(t) for ps in spikes for t in ps) > 200
    # Every connection, with its weight (pA, nS; inhibitory conductances negative),
    # delay, receptor and synapse model, and what Projection.get reads back: identical.
    assert (connections, read_back) == pynn[:2]
    # Every spike. A cell adds up the inputs that arrive in one step in the order
    # NEST holds their connections, which the one call changes (NEST sorts them
    # by source, not keeping the order they were made in), so a sum can differ in
    # its last bit: 7e-15 ms at most here, measured. The same spikes, to 1e-9 ms.
    for ours, theirs in zip(spikes, pynn[2], strict=True):
        assert [len(train) for train in ours] == [len(train) for train in theirs]
        np.testing.assert_allclose(np.concatenate(ours), np.concatenate(theirs), rtol=0,
                                   atol=1e-9)  # fmt: skip


def test_one_to_one_in_one_call_refuses_the_weights_pynn_refuses(sim):
    from pyNN.errors import ConnectionError

    cells = sim.Population(3, sim.IF_curr_exp())
    with pytest.raises(ConnectionError, match="Weights must be negative for current-based"):
        sim.Projection(
            cells, cells, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5),
            receptor_type="inhibitory",
        )  # fmt: skip
    with pytest.raises(ConnectionError, match="Weights must be positive for conductance-based"):
        sim.Projection(
            cells, sim.Population(3, sim.IF_cond_exp()), sim.OneToOneConnector(),
            sim.StaticSynapse(weight=-0.5),
        )  # fmt: skip


def test_the_one_call_repair_wraps_once(sim):
    from pyNN.connectors import FromListConnector, MapConnector, OneToOneConnector

    from course.pynn_compat import connect_static_synapses_in_one_call

    def methods():
        return (FromListConnector.connect, OneToOneConnector.connect,
                MapConnector._standard_connect)  # fmt: skip

    wrapped = methods()  # course.setup applied them
    connect_static_synapses_in_one_call()
    connect_static_synapses_in_one_call()
    assert methods() == wrapped
    assert all(method.__wrapped__.__module__ == "pyNN.connectors" for method in wrapped)


def test_a_list_made_in_one_call_takes_new_parameters_as_before(sim):
    cells = sim.Population(4, sim.IF_curr_exp())
    rows = [(0, 1, 0.5, 1.0), (2, 1, 0.7, 2.0), (3, 0, 0.9, 3.0)]
    projection = sim.Projection(
        cells, cells, sim.FromListConnector(rows, column_names=["weight", "delay"])
    )
    projection.set(delay=2.0)
    read = np.array(sorted(projection.get(["weight", "delay"], format="list")))
    np.testing.assert_allclose(read, [(0, 1, 0.5, 2.0), (2, 1, 0.7, 2.0), (3, 0, 0.9, 2.0)])


def test_lists_made_in_one_call_refuse_what_pynn_refuses(sim):
    from pyNN.errors import ConnectionError

    cells = sim.Population(3, sim.IF_curr_exp())
    with pytest.raises(ConnectionError, match="source index out of range"):
        sim.Projection(cells, cells, sim.FromListConnector([(5, 0)]), sim.StaticSynapse())
    with pytest.raises(ValueError, match="tau_plus is not a valid parameter for StaticSynapse"):
        sim.Projection(
            cells, cells, sim.FromListConnector([(0, 1, 5.0)], column_names=["tau_plus"])
        )


@pytest.mark.parametrize(
    ("timestep", "min_delay", "runs"), [(1.0, None, (7.0, 1.0, 25.0)), (0.1, 1.5, (7.3, 0.1, 25.0))]
)
def test_the_clock_reads_the_kernel_once_and_tells_pynns_time(
    monkeypatch, timestep, min_delay, runs
):
    """sim.get_current_time() is PyNN's own time (its _State.t, kept as __wrapped__)
    at every point of a run, from one kernel status read instead of two."""
    import course
    from course.pynn_compat import read_the_clock_in_one_call

    options = {} if min_delay is None else {"min_delay": min_delay}
    sim = course.setup("nest", timestep=timestep, **options)  # imports PyNN quietly
    try:
        from nest.lib import hl_api_simulation

        state = sim.simulator.state
        read_the_clock_in_one_call()  # applied by course.setup already; a second call is safe
        repaired = type(state).t.fget
        pynns_own = repaired.__wrapped__
        assert pynns_own.__module__ == "pyNN.nest.simulator"
        cells = sim.Population(2, sim.IF_cond_exp(i_offset=1.0))
        cells.record("spikes")
        reads = []
        kernel = hl_api_simulation.nestkernel  # what nest.GetKernelStatus asks
        original = kernel.llapi_get_kernel_status
        counted = lambda: reads.append(1) or original()  # noqa: E731
        monkeypatch.setattr(kernel, "llapi_get_kernel_status", counted)
        times = []
        for duration in (0.0, *runs):
            if duration:
                sim.run(duration)
            reads.clear()
            now = sim.get_current_time()
            assert len(reads) == 1  # PyNN's own reads twice
            assert now == pynns_own(state)
            times.append(now)
        # The reference is NEST's clock: the time asked for, to the step.
        assert times == pytest.approx(np.cumsum([0.0, *runs]), abs=1e-9)
    finally:
        sim.end()


def test_write_data_lets_nixios_collection_see_only_the_files_own_objects(sim, tmp_path):
    """Population.write_data to NIX: nixio's gc.collect() on close walks the objects the
    file made, not the 400,000 held here; the file reads back as PyNN's own writes it."""
    import gc

    import neo
    from pyNN.common.populations import BasePopulation

    from course.pynn_compat import collect_only_new_objects_when_writing_data

    repaired = BasePopulation.write_data  # course.setup applied it
    collect_only_new_objects_when_writing_data()  # a second call changes nothing
    assert BasePopulation.write_data is repaired
    cells = sim.Population(3, sim.IF_curr_exp(i_offset=1.0))
    cells.record(["spikes", "v"])
    sim.run(100.0)
    held = [[k] for k in range(400_000)]
    with oldest_generation_walks() as walked:
        cells.write_data(str(tmp_path / "repaired.nix"))
    assert walked and max(walked) < 100_000, walked  # PyNN's own walks all 400,000
    assert gc.get_freeze_count() == 0 and len(held) == 400_000
    BasePopulation.write_data.__wrapped__(cells, str(tmp_path / "pynn.nix"))
    blocks = []
    for name in ("repaired.nix", "pynn.nix"):
        io = neo.io.NixIO(str(tmp_path / name), mode="ro")
        blocks.append(io.read_block())
        io.close()
    (ours,), (theirs,) = (block.segments for block in blocks)
    assert [train.tolist() for train in ours.spiketrains] == [
        train.tolist() for train in theirs.spiketrains
    ]
    assert sum(len(train) for train in ours.spiketrains) > 3  # the cells fired
    np.testing.assert_array_equal(ours.analogsignals[0], theirs.analogsignals[0])
