"""Repairs to PyNN 0.13 on NEST 3.10: connections from one neuron on numpy 2.1+,
and six costs PyNN pays in NEST's slow path: recordings read back with a NEST
query per cell, connections made with a full status read per target cell, every
node's status read to learn that it is on this process, connections made one
target cell at a time, the clock read with two kernel queries, and a garbage
collection over the whole process for every NIX file written.

One-neuron connection maps
--------------------------
PyNN 0.13 builds connections from a connection map, one column per target
cell (``pyNN.parameters.LazyArray.by_column``). When the source population has
a single neuron, each column comes out as a numpy scalar rather than a
one-element array, and ``pyNN.connectors.MapConnector._standard_connect``
calls ``.nonzero()`` on it. numpy 2.0 deprecates that call on 0-d values and
numpy 2.1 forbids it ("Calling nonzero on 0d arrays is not allowed"), so on
NEST a ``OneToOneConnector`` between one-neuron populations, and every other
map-based connector from a one-neuron population, fails.

:func:`repair_one_neuron_connection_maps` makes each column at least
one-dimensional, which is what numpy's message asks for and what numpy < 2.1
did implicitly: the connections made are the same on every numpy. The course
applies it when it sets up NEST. sPyNNaker has connectors of its own and does
not go through this code, so SpiNNaker runs are not touched.

Special names on cell IDs
-------------------------
A PyNN cell ID (``population[3]``) answers an unknown attribute by reading
every parameter of its cell from NEST and looking the name up among them
(``pyNN.common.populations.IDMixin.__getattr__``), which fails with a
``KeyError``. numpy asks every object it puts into an array for
``__array_priority__`` and similar names, and PyNN puts IDs into arrays when it
reads a recording back: ``Population.get_data()`` of the membrane potential of
100 cells made 2,699 such look-ups, 3.0 of lesson 10's 4.4 s (measured with
cProfile, NEST 3.10). No cell parameter is called ``__something__``, so
:func:`answer_special_names_directly` makes such names fail at once with the
``AttributeError`` Python expects (which also lets ``copy.copy`` and
``getattr(cell, "__name__", default)`` work on an ID). Parameters are read as
before.

Node IDs of a NodeCollection
----------------------------
PyNN connects a projection one target cell at a time and, each time, lists
the source cells' IDs with NEST's ``NodeCollection.tolist()``. NEST 3.10
answers that by reading the whole status dictionary of every source node and
keeping its ``global_id``: measured with py-spy, 18 of the test suite's 187 s. NEST's
kernel hands the same IDs over in one call (``llapi_node_collection_to_array``,
which ``NodeCollection`` itself uses to print), 100 times faster for 25
nodes. :func:`read_node_ids_in_one_call` makes ``tolist`` use it; the list is
the same, in the same order, of Python ``int``.

Which nodes are local
---------------------
``NodeCollection.local`` says which nodes live on this MPI process. NEST 3.10
answers it by reading every node's whole status; its own ``set`` asks it on
every call (so does ``Create`` with parameters), and PyNN asks it of every cell
it records and every population it creates: about 8 of the suite's 165 s (py-spy). In a
NEST of one process every node is local, and NEST says so for neurons, devices
and generators alike. :func:`answer_local_from_the_process_count` answers
``True`` (one node) or a tuple of ``True`` (several) there without reading any
status; with several MPI processes it changes nothing.

Connections, one target cell at a time
--------------------------------------
PyNN's connectors make their connections one target cell at a time: per
target a ``nest.Connect``, and for a ``FromListConnector`` (the course's
portable way to connect: lists drawn on the host) a copy and translation of
the synapse parameters as well. For task 3's balanced network (1,000 list
targets, 500 one-to-one) that is 2,000 calls, 1.0 of its 2.1 s (cProfile);
over the test file of task 3, 14 of 37 s. :func:`connect_static_synapses_in_one_call`
makes their static synapses in one ``nest.Connect`` call:

* lists and one-to-one connections with the parameters PyNN computes
  (translated, inhibitory conductances negative; a one-to-one connector's
  weights checked as PyNN checks them);
* the other connectors built on PyNN's connection maps (all-to-all, fixed
  probability, fixed number pre or post, distance-dependent, ...) by PyNN's
  own code, which draws the connections and the parameters target by target
  as before; only its calls to NEST are kept and made as one (one per million
  connections, so that joining them adds at most about 32 MB).

NEST holds the same connections: the same sources, targets, weights, delays,
receptors and synapse model, read back the same by ``Projection.get``
(tests/test_pynn_compat.py compares both ways on 22 projections). What
differs is the order in which NEST holds the connections of one source: NEST
sorts them by source before it simulates, and its sort does not keep the
order they were made in. A cell adds up the inputs that arrive in one time
step in that order, so a spike time can differ in its last bit (7e-15 ms at
most in that test); every lesson prints the same with and without it. What
the one call cannot make as PyNN does (plastic or other synapse types, cells
with receptor scaling or named receptors, assemblies; for lists and one-to-one
also random or distance-dependent parameters, a source listed twice for one
target, progress callbacks) goes through PyNN's own code, as before.

The clock
---------
PyNN's current time (``sim.get_current_time()``, and every recording it reads
back, every ``run`` and every new population) is NEST's ``biological_time``
minus its ``min_delay`` (``pyNN.nest.simulator._State.t``), each asked for
with its own ``nest.GetKernelStatus``. NEST 3.10 answers either by building its
whole kernel status dictionary, about 0.1 ms, and PyNN asks for the time about
15,000 times in the test suite: 3.7 of its 94 s (py-spy). :func:`read_the_clock_in_one_call`
reads both values from one dictionary; the time is computed as before.

Writing NIX files
-----------------
``Population.write_data("x.nix")`` writes through neo's NixIO, and nixio ends
every file with ``gc.collect()``, a full garbage collection that walks every
object of the process: 0.3-0.4 s per file in a notebook kernel or test process
that has run a few lessons. :func:`collect_only_new_objects_when_writing_data`
runs ``write_data`` as :func:`course.results.save` runs its own files: the
objects that exist before are set aside (``gc.freeze``) and handed back after,
so the collection walks the objects the file made, the ones it means to free.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = [
    "answer_local_from_the_process_count",
    "collect_only_new_objects_when_writing_data",
    "connect_static_synapses_in_one_call",
    "answer_special_names_directly",
    "read_node_ids_in_one_call",
    "read_the_clock_in_one_call",
    "repair_one_neuron_connection_maps",
]

_REPAIRED = "_course_repair"


def _replace_once(owner, name: str, wrap) -> None:
    """Put ``wrap(original)`` in place of ``owner.<name>``, unless a repair is there already."""
    original = getattr(owner, name)
    if getattr(original, _REPAIRED, False):
        return
    replacement = functools.wraps(original)(wrap(original))
    setattr(replacement, _REPAIRED, True)
    setattr(owner, name, replacement)


def _at_least_one_dimensional(column):
    """A numpy scalar or 0-d array as a one-element array; anything else unchanged.

    A plain Python ``True``/``False`` ("connect to all"/"none") is left as it
    is: PyNN tests it with ``is True``.
    """
    if isinstance(column, np.generic) or (isinstance(column, np.ndarray) and column.ndim == 0):
        return np.atleast_1d(column)
    return column


def repair_one_neuron_connection_maps() -> None:
    """Make PyNN's connection-map columns one-dimensional, so numpy 2.1+ can index them.

    Wraps ``pyNN.parameters.LazyArray.by_column``; safe to call more than once.
    """
    from pyNN.parameters import LazyArray

    def wrap(original):
        def by_column(self, mask=None):
            for column in original(self, mask):
                yield _at_least_one_dimensional(column)

        return by_column

    _replace_once(LazyArray, "by_column", wrap)


def answer_special_names_directly() -> None:
    """Make a cell ID's ``__special__`` names fail at once, without asking NEST.

    Wraps ``pyNN.common.populations.IDMixin.__getattr__``, which Python calls
    only for names the ID does not have; safe to call more than once.
    """
    from pyNN.common.populations import IDMixin

    def wrap(original):
        def attribute(self, name):
            if name.startswith("__") and name.endswith("__"):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            return original(self, name)

        return attribute

    _replace_once(IDMixin, "__getattr__", wrap)


def read_node_ids_in_one_call() -> None:
    """Make NEST's ``NodeCollection.tolist()`` read the node IDs in one kernel call.

    Replaces ``nest.NodeCollection.tolist``, which read every node's status
    dictionary; safe to call more than once.
    """
    from nest.lib import hl_api_types

    def wrap(original):
        def tolist(self):
            if len(self) == 0:
                return []
            node_ids = hl_api_types.nestkernel.llapi_node_collection_to_array(self._datum, "all")
            return [int(node_id) for node_id in node_ids]

        return tolist

    _replace_once(hl_api_types.NodeCollection, "tolist", wrap)


def answer_local_from_the_process_count() -> None:
    """Make ``NodeCollection.local`` answer without reading status in a one-process NEST.

    Wraps ``nest.NodeCollection.__getattr__`` (Python calls it for names a
    collection does not have, ``local`` among them); does nothing when NEST
    runs on several MPI processes. Safe to call more than once.
    """
    import nest
    from nest.lib import hl_api_types

    if nest.NumProcesses() != 1:
        return

    def wrap(original):
        def attribute(self, name):
            if name == "local" and len(self) > 0:
                return True if len(self) == 1 else (True,) * len(self)
            return original(self, name)

        return attribute

    _replace_once(hl_api_types.NodeCollection, "__getattr__", wrap)


def connect_static_synapses_in_one_call() -> None:
    """Make PyNN's connectors create a projection's static synapses in one NEST call.

    Wraps ``FromListConnector.connect``, ``OneToOneConnector.connect`` and
    ``MapConnector._standard_connect`` (``pyNN.connectors``) for NEST
    projections; what they cannot make exactly as PyNN does (see the module's
    notes) goes to PyNN's own code. Safe to call more than once.
    """
    from pyNN.connectors import FromListConnector, MapConnector, OneToOneConnector

    def wrap_list(original):
        def connect(self, projection):
            rows = _static_list_in_pynn_order(self, projection)
            if rows is None:
                return original(self, projection)
            parameters = _translated(projection, rows, self.column_names)
            _connect_in_one_call(projection, rows[:, 0], rows[:, 1], parameters)
            self.conn_list = self.conn_list[np.argsort(self.conn_list[:, 1])]  # as PyNN leaves it

        return connect

    def wrap_one_to_one(original):
        def connect(self, projection):
            native = projection.synapse_type.native_parameters  # translated once, used twice
            pairs = _static_one_to_one_in_pynn_order(self, projection, native)
            if pairs is None:
                return original(self, projection)
            parameters = _checked_native(self, projection, native)
            _connect_in_one_call(projection, pairs, pairs, parameters)

        return connect

    def wrap_map(original):
        def standard_connect(self, projection, connection_map_generator, distance_map=None):
            if not _static_map(self, projection):
                return original(self, projection, connection_map_generator, distance_map)
            kept = _KeptCalls(projection)
            projection._convergent_connect = kept.keep  # this projection's, for this call only
            try:
                original(self, projection, connection_map_generator, distance_map)
            finally:
                del projection._convergent_connect
            kept.connect()

        return standard_connect

    _replace_once(FromListConnector, "connect", wrap_list)
    _replace_once(OneToOneConnector, "connect", wrap_one_to_one)
    _replace_once(MapConnector, "_standard_connect", wrap_map)


#: Connections kept before they are made in NEST: bounds what joining PyNN's calls
#: adds to memory (about 32 MB) for a projection of any size.
_CONNECTIONS_PER_CALL = 1_000_000


class _KeptCalls:
    """PyNN's per-target calls of one projection, made as one ``nest.Connect`` per
    ``_CONNECTIONS_PER_CALL`` connections."""

    def __init__(self, projection):
        self.projection = projection
        self.calls = []
        self.held = 0

    def keep(self, presynaptic_indices, postsynaptic_index, location_selector=None, **native):
        """Stand in for ``Projection._convergent_connect``: keep one target's call."""
        sources = np.asarray(presynaptic_indices, dtype=int)
        self.calls.append((sources, postsynaptic_index, native))
        self.held += len(sources)
        if self.held >= _CONNECTIONS_PER_CALL:
            self.connect()

    def connect(self):
        """Make the kept connections in NEST, in one call."""
        if self.calls:
            _connect_in_one_call(self.projection, *_joined(self.calls))
        self.calls, self.held = [], 0


def _joined(targets):
    """PyNN's per-target (sources, target, native parameters) as one set of arrays."""
    sources = np.concatenate([pre for pre, _, _ in targets])
    post = np.concatenate([np.full(len(pre), target) for pre, target, _ in targets])
    parameters = {}
    for name in ("weight", "delay"):
        values = [np.broadcast_to(np.asarray(native[name], dtype=float), len(pre))
                  for pre, _, native in targets]  # fmt: skip
        parameters[name] = np.concatenate(values)
    return sources, post, parameters


def _takes_static_synapses(connector, projection) -> bool:
    """Whether the one-call path can make this projection's synapses exactly as PyNN does."""
    from pyNN.nest.populations import Population, PopulationView
    from pyNN.nest.projections import Projection
    from pyNN.nest.standardmodels.synapses import StaticSynapse

    celltype = projection.post.celltype
    return (
        isinstance(projection, Projection)
        and type(projection.synapse_type) is StaticSynapse
        and getattr(connector, "location_selector", None) is None
        and isinstance(projection.pre, (Population, PopulationView))
        and isinstance(projection.post, (Population, PopulationView))
        and celltype.standard_receptor_type
        and not hasattr(celltype, "receptor_scale")
    )


def _static_map(connector, projection) -> bool:
    """Whether a map connector's per-target static synapses can be made in one call."""
    native_names = set(projection.synapse_type.native_parameters.keys())
    return _takes_static_synapses(connector, projection) and native_names == {"weight", "delay"}


def _static_list_in_pynn_order(connector, projection):
    """The connector's rows in the order PyNN connects them, or None to leave it to PyNN."""
    synapse = projection.synapse_type
    columns = set(connector.column_names)
    if not _takes_static_synapses(connector, projection) or not columns <= {"weight", "delay"}:
        return None
    fixed = set(synapse.get_parameter_names()) - columns
    if not all(synapse.parameter_space[name].is_homogeneous for name in fixed):
        return None
    conn_list = connector.conn_list
    if conn_list.size == 0 or np.any(conn_list[:, 0] >= projection.pre.size):
        return None  # PyNN says what is wrong, or that there is nothing to do
    pairs = conn_list[:, :2].astype(int)
    if len(np.unique(pairs[:, 0] * projection.post.size + pairs[:, 1])) != len(pairs):
        return None  # one target with a source twice: PyNN splits the call
    local = np.arange(projection.post.size)[projection.post._mask_local]
    rows = conn_list[np.isin(pairs[:, 1], local)]
    return rows[np.lexsort((rows[:, 0], rows[:, 1]))]  # as PyNN: by target, then by source


def _static_one_to_one_in_pynn_order(connector, projection, native):
    """Indices ``i`` of the pairs (i, i) PyNN connects, or None to leave it to PyNN.

    ``native`` is the synapse's translated ParameterSpace (``native_parameters``).
    """
    if (
        not _takes_static_synapses(connector, projection)
        or connector.callback is not None
        or any(callable(map.base_value) or not map.is_homogeneous for _, map in native.items())
    ):
        return None
    pairs = np.arange(min(projection.pre.size, projection.post.size))
    return pairs[projection.post._mask_local[pairs]]


def _translated(projection, rows, column_names) -> dict:
    """NEST's weight and delay of each row, translated as PyNN translates them."""
    from copy import deepcopy

    parameters = deepcopy(projection.synapse_type.parameter_space)
    parameters.shape = (len(rows),)
    for column, name in enumerate(column_names, 2):
        parameters.update(**{name: rows[:, column]})
    parameters = projection.synapse_type.translate(parameters)
    parameters.evaluate()
    return {"weight": parameters["weight"], "delay": parameters["delay"]}


def _checked_native(connector, projection, native) -> dict:
    """NEST's (homogeneous) weight and delay in ``native``, checked as a map connector
    checks them."""
    synapse = projection.synapse_type
    native.shape = (projection.pre.size, projection.post.size)
    values = {name: native[name].evaluate(simplify=True) for name in ("weight", "delay")}
    if connector.safe:
        for name, check in getattr(synapse, "parameter_checks", {}).items():
            native_name = synapse.translations[name]["translated_name"]
            if native_name in values:
                check(values[native_name], projection)
    return values


def _connect_in_one_call(projection, pre_indices, post_indices, parameters: dict) -> None:
    """Connect pre cell k to post cell k with NEST's ``parameters`` in one ``nest.Connect``."""
    import nest
    from pyNN import errors

    n = len(pre_indices)
    # one value per connection (a homogeneous parameter, or a single row, is a scalar)
    weights = np.broadcast_to(np.asarray(parameters["weight"], dtype=float), n).copy()
    delays = np.broadcast_to(np.asarray(parameters["delay"], dtype=float), n).copy()
    if projection.receptor_type == "inhibitory" and projection.post.conductance_based:
        weights = -weights  # as PyNN: NEST wants inhibitory conductances negative
    sources = np.asarray(projection.pre.node_collection.tolist(), dtype=np.int64)
    targets = np.asarray(projection.post.node_collection.tolist(), dtype=np.int64)
    pre = sources[np.asarray(pre_indices, dtype=int)]
    post = targets[np.asarray(post_indices, dtype=int)]
    try:
        nest.Connect(
            pre,
            post,
            "one_to_one",
            {
                "synapse_model": projection.nest_synapse_model,
                "synapse_label": projection.nest_synapse_label,
                "weight": weights,
                "delay": delays,
            },
        )
    except nest.NESTError as error:
        raise errors.ConnectionError(
            f"{error}. synapse model='{projection.nest_synapse_model}'"
        ) from None
    projection._sources.update(pre.tolist())
    projection._connections = None
    projection._simulator.state.stale_connection_cache = True


def read_the_clock_in_one_call() -> None:
    """Make PyNN's NEST clock (``_State.t``) read the kernel's status once, not twice.

    Replaces the property ``t`` of ``pyNN.nest.simulator.state``'s class; the
    time is computed as PyNN computes it. Safe to call more than once.
    """
    import nest
    from pyNN.nest import simulator

    state_class = type(simulator.state)  # PyNN deletes its name after making its one state
    if getattr(state_class.t.fget, _REPAIRED, False):
        return

    def t(self):
        # As PyNN: one min_delay past the requested time is simulated, and the
        # time is rounded to 12 decimals against floating-point noise.
        biological_time, min_delay = nest.GetKernelStatus(("biological_time", "min_delay"))
        return max(np.around(biological_time - min_delay - self._time_offset, decimals=12), 0.0)

    functools.update_wrapper(t, state_class.t.fget)  # PyNN's own stays at t.__wrapped__
    setattr(t, _REPAIRED, True)
    state_class.t = property(t)


def collect_only_new_objects_when_writing_data() -> None:
    """Make ``write_data`` set the objects that exist before aside from nixio's collection.

    Applies to populations, views and assemblies: wraps
    ``pyNN.common.populations.BasePopulation.write_data`` and
    ``Assembly.write_data`` with the context :func:`course.results.save` uses.
    What is written is unchanged. Safe to call more than once.
    """
    from pyNN.common.populations import Assembly, BasePopulation

    from course.results import _collecting_only_new_objects

    def wrap(original):
        def write_data(self, *args, **kwargs):
            with _collecting_only_new_objects():
                return original(self, *args, **kwargs)

        return write_data

    _replace_once(BasePopulation, "write_data", wrap)
    _replace_once(Assembly, "write_data", wrap)
