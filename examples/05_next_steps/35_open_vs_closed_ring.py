"""
.. _lesson-35:

35. Exercise: open ring, closed ring
====================================

"Open ring, close ring", say the notes. A synfire chain passes one spike
from neuron to neuron along a list of connections ``i -> i + 1``. Left open,
the wave crosses the chain once and stops at the last neuron; closed with a
link from the last neuron back to the first, it goes round and round for as
long as the run lasts. Whether the wave survives at all depends on the
weight of the links: too weak and it dies at the first link, too strong and
each neuron fires more than once, the wave grows at every link, and the ring
fills up. We build the open chain and three closed rings side by side and
watch.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Intermediate
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-08`, :ref:`lesson-22`
   :You will be able to: predict from a chain's wiring and weights whether
      its activity stops, circulates or runs away, and measure how fast it
      travels.
"""

# %%
# Choose the simulator
# --------------------
import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.exercises.task2 import chain_connections

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

# %%
# Links as a list
# ---------------
# A chain is a :term:`connector` of the list kind, ``FromListConnector``,
# with rows ``(pre, post, weight, delay)``.
# :func:`course.exercises.task2.chain_connections`, from the synfire-chain
# task (:ref:`lesson-22`), writes them: the open chain has 99 links; closing
# it adds the 100th, from neuron 99 back to neuron 0.
n_neurons, delay = 100, 1.0
print("last two links of a closed ring:", chain_connections(n_neurons, 6.0, delay)[-2:])
print(
    "last link of the open chain:    ", chain_connections(n_neurons, 6.0, delay, closed=False)[-1]
)

# %%
# Four chains, one kick each
# --------------------------
# One open chain and three closed rings, with 4, 6 and 9 nA links, each a
# population of 100 ``IF_curr_exp`` cells. One spike source kicks neuron 0 of
# every chain once, at the earliest time the backend delivers, with a weight
# (8 nA) that makes it fire exactly once.
#
# .. dropdown:: On SpiNNaker: why is the kick not at 0 ms?
#
#    ``course.earliest_spike_time()`` is 2 ms on NEST at a 1 ms step (an
#    earlier input spike would be lost there) and 0 ms on SpiNNaker; the
#    chains do not care when the kick comes.
variants = {
    "open, 6 nA": (6.0, False),
    "closed, 4 nA": (4.0, True),
    "closed, 6 nA": (6.0, True),
    "closed, 9 nA": (9.0, True),
}
kick_time = course.earliest_spike_time()
kick = sim.Population(1, sim.SpikeSourceArray(spike_times=[kick_time]), label="kick")
chains = {}
for label, (weight, closed) in variants.items():
    chain = sim.Population(n_neurons, sim.IF_curr_exp(), label=label)
    chain.record("spikes")
    sim.Projection(
        chain,
        chain,
        sim.FromListConnector(
            chain_connections(n_neurons, weight, delay, closed=closed),
            column_names=["weight", "delay"],
        ),
        receptor_type="excitatory",
    )
    sim.Projection(
        kick,
        chain,
        sim.FromListConnector([(0, 0, 8.0, delay)], column_names=["weight", "delay"]),
        receptor_type="excitatory",
    )
    chains[label] = chain

run_time = 1500.0
sim.run(run_time)
recording = course.collect(list(chains.values()))

# %%
# What happened
# -------------
# For each chain: how many spikes, the last one, and the laps of the wave
# (the times neuron 0 fired). One link takes the 1 ms delay plus the time
# the next cell needs to reach threshold, so a lap of 100 links takes about
# half a second at 6 nA. For the 9 nA ring we also ask when each neuron
# starts to fire non-stop (no interval longer than 2 ms from then on), and
# how often it fires then.
print(f"{'chain':14} {'spikes':>7} {'last spike (ms)':>16} {'laps (neuron 0 spikes)':>24}")
for label in variants:
    times = recording.spike_times(label)
    counts = recording.spike_counts(label)
    last = max((t.max() for t in times if t.size), default=float("nan"))
    laps = times[0]
    print(f"{label:14} {counts.sum():7d} {last:16.1f} {laps.size:24d}")
    if laps.size > 1:
        print(f"{'':14} lap period {np.mean(np.diff(laps)):.1f} ms")


def nonstop_from(train, longest_gap=2.0):
    """Time (ms) from which a neuron's intervals all stay below ``longest_gap``."""
    if train.size == 0:
        return np.nan
    gaps = np.flatnonzero(np.diff(train) > longest_gap)
    return train[gaps[-1] + 1] if gaps.size else train[0]


runaway = recording.spike_times("closed, 9 nA")
onsets = np.array([nonstop_from(train) for train in runaway])
late_intervals = np.concatenate([np.diff(train[train > 1000.0]) for train in runaway])
if np.isfinite(onsets).any():
    print(
        f"9 nA ring: half the neurons fire non-stop from {np.nanmedian(onsets):.0f} ms, "
        f"all from {np.nanmax(onsets):.0f} ms, "
        f"one spike every {np.median(late_intervals):.1f} ms"
    )

# %%
# The four chains side by side
# ----------------------------
# The open chain draws one diagonal and stops at neuron 99, about 510 ms
# after the kick. The 4 nA ring never gets past neuron 0: one spike of 4 nA
# does not bring the next cell to threshold. The 6 nA ring wraps around: a
# new diagonal every 512 ms. The 9 nA ring starts the same way, but each
# spike leaves enough synaptic current behind for another one; the bursts
# grow longer from link to link. From about 330 ms, when the wave has come
# round to neuron 0 again (the 320 ms of :ref:`lesson-22`), the neurons one
# after the other fire non-stop, one spike every 1.5 ms, and by about
# 480 ms the whole ring does.
fig, axes = plt.subplots(2, 2, layout="constrained", figsize=(10.0, 7.0), sharex=True, sharey=True)
for ax, label in zip(axes.flat, variants, strict=True):
    plotting.raster(recording.spike_times(label), ax=ax, run_time=run_time, marker_size=2.0)
    ax.set_title(label)
for ax in axes[0]:
    ax.set_xlabel("")
for ax in axes[:, 1]:
    ax.set_ylabel("")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# What SpiNNaker will show
# ------------------------
# :mod:`course.spinnaker_model` steps the four chains the way a SpiNNaker
# core does. The table compares its spikes and laps with the run above.
#
# .. dropdown:: On SpiNNaker: why are the laps and the 9 nA ring different?
#
#    The model kicks at 0 ms. A link takes the delay plus a whole number of
#    steps, so a lap is shorter. And the 0.1 ms refractory period is rounded
#    up to a whole 1 ms step on the board, while the current left over from
#    a spike keeps decaying: whether that leaves enough for a second spike
#    decides whether the 9 nA ring fills up.
from course import spinnaker_model as sm

board_populations = {"kick": sm.SpikeArray([[0.0]])}
board_projections = []
for label, (weight, closed) in variants.items():
    board_populations[label] = sm.Cells(n_neurons, "IF_curr_exp")
    board_links = [tuple(row) for row in chain_connections(n_neurons, weight, delay, closed=closed)]
    board_projections.append((label, label, board_links, "excitatory"))
    board_projections.append(("kick", label, [(0, 0, 8.0, delay)], "excitatory"))
on_board = sm.simulate(board_populations, board_projections, run_time=run_time)
here = "NEST" if course.is_nest() else "recorded here"
columns = ("chain", "SpiNNaker spikes", "lap (ms)", f"{here} spikes", "lap (ms)")
print("  {:14} {:>17} {:>9} {:>17} {:>9}".format(*columns))
for label in variants:
    board_times = on_board[label].spikes
    board_lap = np.mean(np.diff(board_times[0])) if board_times[0].size > 1 else np.nan
    nest_laps = recording.spike_times(label)[0]
    lap = np.mean(np.diff(nest_laps)) if nest_laps.size > 1 else np.nan
    board_count = sum(t.size for t in board_times)
    count = recording.spike_counts(label).sum()
    print(f"  {label:14} {board_count:17d} {board_lap:9.1f} {count:17d} {lap:9.1f}")

# %%
# On SpiNNaker
# ------------
# Compare which rings die, circulate or fill up, and the spikes per lap, not
# the times.
#
# .. dropdown:: On SpiNNaker: what changes, and what does recording cost?
#
#    * The kick comes at 0 ms on SpiNNaker and at 2 ms on NEST
#      (``course.earliest_spike_time()``).
#    * A link takes the delay plus a whole number of 1 ms steps, so the laps
#      are shorter on the board than on NEST.
#    * The 0.1 ms refractory period becomes one whole step on the board,
#      which changes the fate of the 9 nA ring (see the table): a runaway on
#      NEST is not necessarily one on SpiNNaker.
#    * Recording spikes costs the same whatever the rate (one bit per neuron
#      per step); a long run with much recorded data is paused and read out
#      automatically, which costs time, not data.
#
# Try it yourself
# ---------------
# Give the weakest ring 5 nA instead of 4: change ``"closed, 4 nA": (4.0,
# True)`` to ``"closed, 4 nA": (5.0, True)`` (keep the label, or change it in
# the plots too). Before you run it, write down whether it will circulate,
# and if so whether its lap will be longer or shorter than the 6 nA ring's
# 512 ms.
#
# .. dropdown:: Answer
#
#    It circulates: 5 nA is above the 4.77 nA that one input spike needs to
#    lift a resting cell the 15 mV to threshold (:ref:`lesson-22`). Its lap
#    is longer, 750 ms instead of 512 ms: a weaker input takes longer to
#    bring the next cell to threshold, at each of the 100 links. In 1.5 s
#    neuron 0 fires twice (after the kick and when the wave returns), and
#    the ring fires 200 spikes: two passes of the wave.
#
# Key points
# ----------
# * A chain of ``i -> i + 1`` links passes one wave; closing it with a link
#   back to the first neuron makes the wave circulate.
# * The weight decides the fate: below threshold for one spike the wave
#   dies, just above it circulates, and far above it each neuron fires
#   several times and the ring fills up.
# * A lap takes the delays plus the time each cell needs to reach
#   threshold; weaker links make slower waves.
# * On SpiNNaker compare what happens (dies, circulates, fills up), not the
#   spike times.
