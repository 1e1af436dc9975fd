"""
.. _lesson-06:

06. Connectors
==============

A connector decides which cells of one population connect to which cells of
another. This lesson connects a layer of 30 cells to itself with each of
PyNN's connectors from the notes (all to all, one to one, fixed probability,
fixed number of inputs or outputs, distance-dependent probability, small
world, and an explicit list), draws each result as a connection matrix, and
counts the connections against what the rule predicts.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 25 minutes
   :Prerequisites: :ref:`lesson-03`
   :You will be able to: choose the connector that expresses a wiring rule,
      predict how many connections it makes, and write a rule PyNN lacks as a
      list that runs the same on both backends.
"""

# %%
# One layer, eight ways to wire it
# --------------------------------
# The layer is 30 ``IF_cond_exp`` cells on a line, one unit apart, so that
# the distance between cells ``i`` and ``j`` is ``|i - j|``. Each connector
# makes one projection from the layer onto itself; every synapse gets the
# same small weight and a 1 ms delay, since only *who* connects matters here.
# Random connectors take a generator from :func:`course.make_rng`, and the
# layer a seed from :func:`course.population_seed`, so the wiring is the same
# on every run.
#
# .. dropdown:: On SpiNNaker: which seed decides the random wiring
#
#    sPyNNaker refuses a seeded generator in a connector, so
#    :func:`course.make_rng` returns an unseeded one there and the layer's own
#    seed (``**course.population_seed()``) decides the wiring. On NEST the
#    generator is seeded and the population seed is not passed.
import matplotlib.pyplot as plt
import numpy as np
from pyNN.space import Line

import course
from course import plotting
from course.parameters import IF_COND_EXP_PARAMETERS
from course.small_world import small_world_ring

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

N = 30
layer = sim.Population(
    N,
    sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS),
    structure=Line(dx=1.0),
    label="layer",
    **course.population_seed(),
)
synapse = sim.StaticSynapse(weight=0.001, delay=1.0)

# %%
# The connectors
# --------------
# A :term:`connector` is the rule; a projection (lesson 08) applies it.
#
# * ``AllToAllConnector`` connects every pair; ``allow_self_connections=False``
#   leaves out a cell's synapse onto itself (an autapse).
# * ``OneToOneConnector`` connects cell ``i`` to cell ``i``.
# * ``FixedProbabilityConnector(p)`` connects each pair with probability ``p``.
# * ``FixedNumberPreConnector(n)`` gives every *target* ``n`` random inputs.
# * ``FixedNumberPostConnector(n)`` gives every *source* ``n`` random targets.
# * ``DistanceDependentProbabilityConnector("exp(-d)")`` connects with a
#   probability that is an expression of the distance ``d``.
# * ``FromListConnector(rows)`` makes exactly the listed ``(pre, post, weight,
#   delay)`` connections; the notes' list is one-to-one on five cells.
P_CONNECT = 0.25
N_FIXED = 5
notes_list = [[i, i, 0.08, 1.0] for i in range(5)]
connectors = {
    "AllToAll (no autapses)": sim.AllToAllConnector(allow_self_connections=False),
    "OneToOne": sim.OneToOneConnector(),
    f"FixedProbability({P_CONNECT})": sim.FixedProbabilityConnector(
        P_CONNECT, rng=course.make_rng()
    ),
    f"FixedNumberPre({N_FIXED})": sim.FixedNumberPreConnector(N_FIXED, rng=course.make_rng()),
    f"FixedNumberPost({N_FIXED})": sim.FixedNumberPostConnector(N_FIXED, rng=course.make_rng()),
    'DistanceDependent("exp(-d)")': sim.DistanceDependentProbabilityConnector(
        "exp(-d)", rng=course.make_rng()
    ),
    "FromList (the notes' list)": sim.FromListConnector(
        notes_list, column_names=["weight", "delay"]
    ),
}
projections = {
    name: sim.Projection(layer, layer, connector, synapse, receptor_type="excitatory")
    for name, connector in connectors.items()
}

# %%
# Small-world connectivity
# ------------------------
# ``SmallWorldConnector(degree, rewiring)`` first connects each cell to the
# cells closer than ``degree``, then moves each connection to a random target
# with probability ``rewiring``: mostly local wiring with a few shortcuts.
# Not every simulator has it; PyNN's NEST backend raises
# ``NotImplementedError`` when the projection is made:
DEGREE, REWIRING = 3, 0.1
try:
    sim.Projection(
        layer,
        layer,
        sim.SmallWorldConnector(degree=DEGREE, rewiring=REWIRING, rng=course.make_rng()),
        synapse,
        receptor_type="excitatory",
    )
    print("SmallWorldConnector: available on this backend")
except NotImplementedError:
    print("SmallWorldConnector: not implemented on this backend")

# %%
# The portable way is to build the same kind of graph as a list and hand it to
# ``FromListConnector``. :func:`course.small_world.small_world_ring` builds a
# seeded Watts–Strogatz ring: each cell connects to the cells less than
# ``degree`` apart around the ring (2 on each side here), then each
# connection moves with probability ``rewiring`` to a new target that is
# neither the cell itself nor already one of its targets.
ring = small_world_ring(N, DEGREE, REWIRING, weight=0.001, delay=1.0, seed=7)
name = f"small-world ring list ({DEGREE}, {REWIRING})"
projections[name] = sim.Projection(
    layer,
    layer,
    sim.FromListConnector(ring, column_names=["weight", "delay"]),
    receptor_type="excitatory",
)

# %%
# Count the connections
# ---------------------
# Connections are read back after a run, when every simulator has built them.
# Each count is compared with what the rule predicts: exact
# numbers for the deterministic connectors, the mean of a binomial count for
# the random ones. FixedNumberPre and FixedNumberPost are exact in number but
# random in who.
sim.run(1.0)
p_distance = np.exp(-np.abs(np.subtract.outer(np.arange(N), np.arange(N))))
expected = {
    "AllToAll (no autapses)": f"{N * (N - 1)}",
    "OneToOne": f"{N}",
    f"FixedProbability({P_CONNECT})": (
        f"{P_CONNECT * N * N:.0f} ± {np.sqrt(N * N * P_CONNECT * (1 - P_CONNECT)):.0f}"
    ),
    f"FixedNumberPre({N_FIXED})": f"{N_FIXED * N}",
    f"FixedNumberPost({N_FIXED})": f"{N_FIXED * N}",
    'DistanceDependent("exp(-d)")': (
        f"{p_distance.sum():.0f} ± {np.sqrt((p_distance * (1 - p_distance)).sum()):.0f}"
    ),
    "FromList (the notes' list)": f"{len(notes_list)}",
    name: f"{len(ring)}",
}
tables = {label: course.connections(projection) for label, projection in projections.items()}
print(f"{'connector':<36}{'connections':>12}   expected")
for label, table in tables.items():
    print(f"{label:<36}{len(table):>12}   {expected[label]}")

# %%
# The connection matrices
# -----------------------
# Each picture has a row per presynaptic and a column per postsynaptic cell,
# a bright square where they connect. All to all fills the square except its
# diagonal; one to one *is* the diagonal; the fixed-number connectors put
# exactly five bright squares in every column (Pre) or every row (Post); the
# distance rule and the small world hug the diagonal, the small world with a
# few long-range shortcuts.
fig, axes = plt.subplots(2, 4, layout="constrained", figsize=(10.0, 5.6))
for ax, (label, table) in zip(axes.flat, tables.items(), strict=True):
    plotting.connection_matrix(table, N, N, ax=ax, colorbar=False)
    ax.set_title(f"{label}\n{len(table)} connections", fontsize="small")
    ax.set_aspect("equal")
for ax in axes[0]:
    ax.set_xlabel("")
for ax in axes[:, 1:].flat:
    ax.set_ylabel("")
fig.suptitle("Who connects to whom: 30 cells onto themselves (bright = connected)")
plt.show()

sim.end()

# %%
# On SpiNNaker
# ------------
# * ``SmallWorldConnector`` works there, but its rewired targets may repeat
#   or hit the cell itself; the course's list runs the same everywhere.
# * ``FixedNumberPostConnector`` reads back as zero connections on the
#   virtual board: check the count.
# * Connections are built when the run starts, so read them after it.
#
# .. dropdown:: On SpiNNaker: the details of these three points
#
#    ``SmallWorldConnector`` needs the layer to have a ``structure``. The
#    zero count of ``FixedNumberPostConnector`` was measured with sPyNNaker
#    7.4 on the virtual board; what a real board reads back is untested. A
#    ``DistanceDependentProbabilityConnector`` on a ``Grid2D`` population
#    needs ``course.set_max_atoms_per_core(pop, (10, 10))`` (lesson 03).
#
# Try it yourself
# ---------------
# Replace ``"exp(-d)"`` by ``"d < 3"``. Before you run it, write down the
# exact number of connections (each cell reaches the cells 0, 1 and 2 apart,
# fewer at the ends) and whether any other connector in this lesson gives the
# same matrix. Then check the printed count.
#
# .. dropdown:: Answer
#
#    144 connections: 30 pairs at distance 0 (the connector allows a cell to
#    connect to itself unless told otherwise), 2 x 29 at distance 1 and
#    2 x 28 at distance 2. The probability is 1 or 0, so nothing is random
#    any more. No other connector here gives the same matrix. The nearest,
#    the small-world ring with ``rewiring=0``, also connects cells less than
#    3 apart, but around a ring (cell 0 reaches cells 28 and 29) and never
#    to itself: 120 connections.
#
# Key points
# ----------
# * A connector is a wiring rule; the same rule can connect any two
#   populations.
# * Deterministic connectors give exact counts; random ones give counts you
#   can predict on average (binomial mean and spread).
# * Seed random connectors with ``course.make_rng()`` and
#   ``**course.population_seed()`` to get the same wiring on every run.
# * A rule PyNN lacks, or one a simulator lacks, becomes a
#   ``FromListConnector`` list.
