"""
.. _lesson-33:

33. Exercise: the all-to-all connector by hand
==============================================

The first open exercise of the course notes: "write an equivalent PyNN
function, AllToAll etc.". A connector is only a rule that turns two
populations into a list of connections, so we write the rule of
``AllToAllConnector`` as a plain function that returns that list, feed it to
``FromListConnector``, and check, after a run, that the simulator built
exactly the same connections, and that the two networks behave the same.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Intermediate
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-06`, :ref:`lesson-08`
   :You will be able to: write a connector as a plain function that returns
      a list of connections, and check that the simulator built exactly the
      connections you meant.
"""

# %%
# Choose the simulator
# --------------------
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

import course
from course import plotting
from course.exercises.connectors_by_hand import all_to_all_connections, same_connections

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

# %%
# The rule, written out
# ---------------------
# A :term:`connector` all to all means: every presynaptic index with every
# postsynaptic index.
# With numpy that is one ``meshgrid``; the function
# :func:`~course.exercises.connectors_by_hand.all_to_all_connections` adds
# the weight and delay columns and, for a population projecting onto
# itself, can leave out the self connections (``allow_self_connections``).
# Its whole core is these three lines:
n_pre, n_post = 4, 3
pre, post = np.meshgrid(np.arange(n_pre), np.arange(n_post), indexing="ij")
print("pairs (pre, post):", list(zip(pre.ravel().tolist(), post.ravel().tolist(), strict=True)))
print(all_to_all_connections(n_pre, n_post, weight=0.5, delay=1.0)[:4])

# %%
# Two copies of the same network
# ------------------------------
# Ten input cells drive twenty LIF cells, all to all, twice: once through
# PyNN's connector and once through our list. A third pair of projections
# connects the twenty cells to each other, without self connections, both
# ways. The input cells fire at random (seeded) times, and each of the
# twenty cells starts from its own membrane potential (the same in both
# copies), so that the cells do not all fire together and the outputs have
# something to agree about.
weight, delay = 0.4, 1.0
rng = np.random.default_rng(33)
first = course.earliest_spike_time()
input_times = [
    np.sort(rng.choice(np.arange(first, 60.0), size=4, replace=False)).tolist() for _ in range(10)
]
inputs = sim.Population(10, sim.SpikeSourceArray(spike_times=input_times), label="inputs")
by_pynn = sim.Population(20, sim.IF_curr_exp(), label="by PyNN")
by_hand = sim.Population(20, sim.IF_curr_exp(), label="by hand")
v_start = rng.uniform(-70.0, -55.0, size=20)
for cells in (by_pynn, by_hand):
    cells.initialize(v=v_start)
    cells.record("spikes")

pynn_input = sim.Projection(
    inputs,
    by_pynn,
    sim.AllToAllConnector(),
    sim.StaticSynapse(weight=weight, delay=delay),
    receptor_type="excitatory",
)
hand_input = sim.Projection(
    inputs,
    by_hand,
    sim.FromListConnector(
        all_to_all_connections(10, 20, weight, delay), column_names=["weight", "delay"]
    ),
    receptor_type="excitatory",
)
recurrent_weight = course.signed_weight(0.1, "inhibitory", sim.IF_curr_exp)
pynn_recurrent = sim.Projection(
    by_pynn,
    by_pynn,
    sim.AllToAllConnector(allow_self_connections=False),
    sim.StaticSynapse(weight=recurrent_weight, delay=delay),
    receptor_type="inhibitory",
)
hand_recurrent = sim.Projection(
    by_hand,
    by_hand,
    sim.FromListConnector(
        all_to_all_connections(
            20, 20, recurrent_weight, delay, allow_self_connections=False, same_population=True
        ),
        column_names=["weight", "delay"],
    ),
    receptor_type="inhibitory",
)

# %%
# Run, then compare the connections
# ---------------------------------
# We read the connections back after ``sim.run()``, which works everywhere.
# :func:`course.connections` returns sorted ``(pre, post, weight, delay)``
# rows, and :func:`~course.exercises.connectors_by_hand.same_connections`
# compares two such tables, allowing the weights to differ by 1/1000 of the
# weight.
#
# .. dropdown:: On SpiNNaker: why after the run, and why a tolerance?
#
#    SpiNNaker builds its connections when the network first runs, so
#    before ``sim.run()`` there is nothing to read back (on a virtual board
#    too). Weights come back in 16-bit fixed point: 0.4 nA may read back as
#    0.39999... The (pre, post) pairs and the delays match exactly.
run_time = 100.0
sim.run(run_time)
tolerance = 1e-3 * weight
compared = {}  # name: (connections by PyNN, connections by hand, the same?)
for name, pynn_projection, hand_projection in [
    ("input", pynn_input, hand_input),
    ("recurrent", pynn_recurrent, hand_recurrent),
]:
    from_pynn = course.connections(pynn_projection)
    from_hand = course.connections(hand_projection)
    equal = same_connections(from_pynn, from_hand, weight_tolerance=tolerance)
    compared[name] = (len(from_pynn), len(from_hand), equal)
    print(
        f"{name:9}: {len(from_pynn)} connections by PyNN, {len(from_hand)} by hand, same: {equal}"
    )

# %%
# Who connects to whom
# --------------------
# The recurrent projections as matrices: every cell to every other, the
# diagonal (self connections) empty, in both.
fig, axes = plt.subplots(1, 2, layout="constrained", figsize=(8.0, 3.8))
for ax, projection, title in [
    (axes[0], pynn_recurrent, "AllToAllConnector(allow_self_connections=False)"),
    (axes[1], hand_recurrent, "FromListConnector(all_to_all_connections(...))"),
]:
    plotting.connection_matrix(course.connections(projection), 20, 20, ax=ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize="small")
plt.show()

# %%
# Same connections, same spikes
# -----------------------------
# With the same connections and the same input, the two populations fire the
# same spikes, to the last digit on NEST.
recording = course.collect([by_pynn, by_hand])
identical = all(
    np.array_equal(a, b)
    for a, b in zip(recording.spike_times("by PyNN"), recording.spike_times("by hand"), strict=True)
)
print(
    f"spikes: {recording.spike_counts('by PyNN').sum()} by PyNN, "
    f"{recording.spike_counts('by hand').sum()} by hand, identical trains: {identical}"
)
fig, ax = plt.subplots(layout="constrained", figsize=(7.0, 4.0))
plotting.population_rasters(recording, ax=ax, run_time=run_time)
ax.set_title("The two copies of the network")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# The same comparison runs there; read the connections after the run.
#
# .. dropdown:: On SpiNNaker: where is each connector built?
#
#    ``AllToAllConnector`` is generated on the SpiNNaker machine itself; a
#    ``FromListConnector`` is built on the host and sent to the board. For a
#    few hundred connections nobody notices; for millions, prefer PyNN's own
#    connectors (see :ref:`lesson-41`).
#
# Try it yourself
# ---------------
# Let the hand-made recurrent list keep its self connections: in the
# ``hand_recurrent`` projection change ``allow_self_connections=False,
# same_population=True`` to ``allow_self_connections=True,
# same_population=True``. Before you run it, write down how many recurrent
# connections the list will have, whether ``same_connections`` will still
# find the two projections equal, and whether the spike trains will stay
# identical.
#
# .. dropdown:: Answer
#
#    The list has 400 recurrent connections instead of 380: the 20 self
#    connections are back, and ``same_connections`` finds the projections
#    different. Both copies still fire 40 spikes, but the trains are no
#    longer identical: each cell's first spike is the same, and its later
#    spikes come 0.1 to 0.7 ms later, because a cell that now inhibits
#    itself after every spike needs longer to reach threshold again.
#
# Key points
# ----------
# * A connector is a rule that turns two populations into a list of
#   ``(pre, post, weight, delay)`` rows; ``FromListConnector`` takes any
#   such list.
# * Check what the simulator built by reading the connections back after
#   the run (:func:`course.connections`) and comparing them.
# * Same connections and same input give the same spikes; one extra
#   connection is enough to change them.
# * For random connectors compare statistics (counts, in-degrees), or draw
#   the same random numbers (:func:`course.seeds.random_connections`).
