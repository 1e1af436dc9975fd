"""
.. _lesson-22:

22. Task 2: a synfire chain
===========================

A ring of 100 neurons in which each neuron excites the next: one spike put
into neuron 0 runs around the ring again and again, a :term:`synfire chain`
closed on itself. You wire the ring from a list of connections, measure how
long a lap takes and why, and then find what weight keeps the wave alive and
what makes it explode.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Moderate
   :Time: about 35 minutes
   :Prerequisites: :ref:`lesson-21`, :ref:`lesson-06`
   :You will be able to: wire a network from a list of connections, measure
      how a wave of spikes travels through it, and predict from the weight
      whether the wave dies out, circulates or runs away.

.. admonition:: The task

   Create a "synfire chain" network from a single Population of 100 neurons,
   using a ``FromListConnector`` to connect each neuron to the next neuron in
   the Population, additionally looping back around from the last to the
   first. Use a ``SpikeSourceArray`` to stimulate the first neuron in the
   Population at the start. Record and plot the spikes after running for 2
   seconds.

   Start from the :download:`starter script </starters/task2_starter.py>`:
   the task's skeleton with four ``TODO`` blocks to fill in; it plots your
   spikes and runs the check at the end.

**Try it yourself first**: fill in the starter script, run it, and read
what the check says. Then open the worked solution below.
"""

# %%
# .. rst-class:: worked-solution
#
# The worked solution
# -------------------
#
# Choose the simulator and the numbers
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# A 1 ms timestep, and a 1 ms delay on every link of the chain. A weight of
# 6 nA is enough for one spike to make the next neuron fire.
import matplotlib.pyplot as plt
import numpy as np

import course
import course.check
from course import plotting

sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=20.0)
# sphinx_gallery_thumbnail_number = 1

N_NEURONS = 100
WEIGHT = 6.0  # nA, one spike is enough to make the next neuron fire
DELAY = 1.0  # ms
STIMULUS_WEIGHT = 8.0  # nA, makes neuron 0 fire exactly once
RUN_TIME = 2000.0  # ms

# %%
# The wiring as a list
# ~~~~~~~~~~~~~~~~~~~~
# A ``FromListConnector`` takes one row per connection: (source index, target
# index, weight, delay). ``(i + 1) % N_NEURONS`` is ``i + 1`` for every
# neuron except the last, whose link wraps around to neuron 0 and closes the
# ring.
links = [(i, (i + 1) % N_NEURONS, WEIGHT, DELAY) for i in range(N_NEURONS)]
print("first links:", links[:2])
print("last link:  ", links[-1])

# %%
# Build the ring and its stimulus
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# One population, one projection onto itself. The stimulus is a one-cell
# ``SpikeSourceArray`` connected to neuron 0 only, again through a list, with
# its spike "at the start": the earliest time the simulator delivers. Its
# weight, 8 nA, makes neuron 0 fire exactly once.
#
# .. dropdown:: On NEST: why the stimulus comes at 2 ms
#
#    NEST delivers no source spike before ``min_delay + timestep``, 2 ms here
#    (lesson 21 explains why); a SpiNNaker board delivers it at 0 ms, as the
#    task states. :func:`course.earliest_spike_time` gives the right time on
#    each.
chain = sim.Population(N_NEURONS, sim.IF_curr_exp(), label="chain")
chain.record("spikes")
sim.Projection(
    chain,
    chain,
    sim.FromListConnector(links, column_names=["weight", "delay"]),
    receptor_type="excitatory",
)

start = course.earliest_spike_time()
stimulus = sim.Population(1, sim.SpikeSourceArray(spike_times=[start]), label="stimulus")
sim.Projection(
    stimulus,
    chain,
    sim.FromListConnector([(0, 0, STIMULUS_WEIGHT, DELAY)], column_names=["weight", "delay"]),
    receptor_type="excitatory",
)

# %%
# Run for 2 seconds
# ~~~~~~~~~~~~~~~~~
# The times at which neuron 0 fires mark the laps: the wave starts there and
# returns there.
sim.run(RUN_TIME)
recording = course.collect([chain], {"run_time": RUN_TIME})
spikes = recording.spike_times("chain")
laps = spikes[0]
print(f"stimulus at {start} ms; {recording.spike_counts('chain').sum()} spikes in 2 s")
print(f"neuron 0 fired at {laps.round(2).tolist()} ms")
if laps.size > 1:
    print(f"one lap takes {np.diff(laps).mean():.2f} ms")

# %%
# The wave in a raster plot
# ~~~~~~~~~~~~~~~~~~~~~~~~~
# Each lap is a diagonal line: neuron ``i + 1`` fires a fixed time after
# neuron ``i``. That time is the 1 ms delay plus the time the membrane needs
# to climb from rest (-65 mV) to threshold (-50 mV) once the 6 nA input
# arrives. The right panel zooms into the first 65 ms.
fig, (ax_all, ax_zoom) = plt.subplots(
    1, 2, figsize=(9.0, 4.0), layout="constrained", width_ratios=(2, 1)
)
plotting.raster(spikes, ax=ax_all, run_time=RUN_TIME, marker_size=2.0)
ax_all.set_title("Synfire ring: 100 neurons, 2 s")
plotting.raster(spikes[:12], ax=ax_zoom, run_time=65.0)
ax_zoom.set_title("The first 12 neurons, first 65 ms")
plt.show()

# %%
# Where the lap time comes from
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# The time from one neuron's spike to the next one's is the same at every
# link, so one lap is ``N_NEURONS`` times that step.
firsts = np.array([times[0] if times.size else np.nan for times in spikes])
steps = np.diff(firsts)
if np.isfinite(steps).any():
    step = np.nanmean(steps)
    print(
        f"spike to spike along the chain: {step:.3f} ms = {DELAY} ms delay + "
        f"{step - DELAY:.3f} ms to reach threshold"
    )
    print(f"{N_NEURONS} links x {step:.3f} ms = {N_NEURONS * step:.2f} ms per lap")

# %%
# Check your own solution
# ~~~~~~~~~~~~~~~~~~~~~~~
# :func:`course.check.task2` reads a :class:`course.Recording`, the neo
# ``Block`` from ``chain.get_data()``, or a list of spike-time arrays (ms),
# and says what is right and what is wrong.
result = course.check.task2(recording)
print(result)
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task2.synfire_chain` packs the solution into one
# call, with the weight, the delays, the chain length and an open or closed
# ring as arguments. Try each extension before you open its solution.
#
# **1. What weight keeps the wave alive, and what makes it explode?**
#
# .. dropdown:: Solution: scan the weight
#
#    .. code-block:: python
#
#        from course.exercises.task2 import synfire_chain
#
#        for weight in (4.5, 4.8, 6.0, 8.5, 9.0):
#            sim = course.setup(timestep=1.0)
#            recording = synfire_chain(sim, weight=weight)
#            sim.end()
#            counts = recording.spike_counts("chain")
#            print(weight, counts.sum(), counts.min(), counts.max())
#            print(course.check.task2(recording))
#
#    Measured on NEST (delay 1 ms, IF_curr_exp defaults):
#
#    ========== ============== ================================================
#    weight     spikes in 2 s  what happens
#    ========== ============== ================================================
#    4.5 nA     1              neuron 1 never reaches threshold: the wave dies
#    4.8 nA     221            it circulates slowly, one lap every 904.87 ms
#    6.0 nA     390            one lap every 511.66 ms
#    8.5 nA     595            one lap every 335.71 ms
#    9.0 nA     116 820        1122 to 1217 spikes per neuron: the ring bursts
#    ========== ============== ================================================
#
#    One input spike lifts the membrane by at most 3.15 mV per nA of weight
#    (``tau_m`` 20 ms, ``tau_syn_E`` 5 ms, 1 nF), so the 15 mV from rest to
#    threshold need 4.77 nA: at 4.76 nA the wave dies, at 4.77 nA it survives.
#    Above that, a stronger input reaches threshold sooner and the wave runs
#    faster. At 9 nA the current left after a spike (it decays with
#    ``tau_syn_E`` = 5 ms, while the refractory period is only 0.1 ms) drives
#    a second spike; the next neuron answers both, the wave grows at every
#    link (neuron 1 fires twice, neuron 2 three times, ...), and when it
#    comes back to neuron 0, after about 320 ms, the whole ring bursts: every
#    neuron fires every 1.5 ms. Over the whole 2 s run each neuron fires 1122
#    to 1217 times, about 580 Hz on average. The check counts per lap
#    instead, from one spike of neuron 0 to its next: "in lap 1 some neurons
#    fired 135 times: the wave is running away". 135 is the most any neuron
#    fired in that first lap (5.6 to 321.2 ms). The chain has no random
#    element, so every run on NEST gives these same numbers.
#
# **2. Give every link its own random delay. How long is a lap now?**
#
# .. dropdown:: Solution: random delays
#
#    .. code-block:: python
#
#        rng = np.random.default_rng(2026)
#        delays = rng.integers(1, 11, size=100).astype(float)  # 1 to 10 ms
#        sim = course.setup(timestep=1.0)
#        recording = synfire_chain(sim, delay=delays)
#        sim.end()
#        laps = recording.spike_times("chain")[0]
#        print(delays.sum(), np.diff(laps))
#
#    The delays add up to 548 ms; one lap takes 959.66 ms, which is the sum
#    of the delays plus 100 times the 4.117 ms each neuron needs to reach
#    threshold (548 + 411.66). The wave still visits the neurons in order; the
#    diagonal lines of the raster become jagged.
#
# **3. Make the chain shorter or longer.**
#
# .. dropdown:: Solution: chain length
#
#    .. code-block:: python
#
#        sim = course.setup(timestep=1.0)
#        recording = synfire_chain(sim, n_neurons=50)
#        sim.end()
#
#    With 50 neurons a lap takes 255.83 ms, half of the 511.66 ms of 100
#    neurons: the lap time is proportional to the number of links.
#
# **4. Break the ring: leave out the link from the last neuron to the first.**
#
# .. dropdown:: Solution: an open chain
#
#    .. code-block:: python
#
#        sim = course.setup(timestep=1.0)
#        recording = synfire_chain(sim, closed=False)
#        sim.end()
#        print(recording.spike_counts("chain").sum())
#        print(course.check.task2(recording, closed=False))
#
#    The wave crosses the chain once: 100 spikes, one per neuron, the last one
#    at 512.11 ms, and then the network is silent for the rest of the 2 s.
#    The check, told that the chain is open, confirms that each neuron fired
#    exactly once.

# %%
# What SpiNNaker will show
# ------------------------
# :mod:`course.spinnaker_model` steps the ring the way a SpiNNaker core does,
# with the stimulus at 0 ms: there a lap takes 500 ms, shorter than on NEST.
#
# .. dropdown:: On SpiNNaker: why is the lap shorter, in whole milliseconds?
#
#    A spike is stamped with the start of the step in which ``v`` crossed
#    threshold, so every link takes the delay plus a whole number of steps
#    and the spike times are whole milliseconds (NEST reports exact, off-grid
#    times). A whole number differs from NEST's 5.117 ms per link by at least
#    0.117 ms, and the 100 links of a lap add that up: the board's lap
#    differs from NEST's 511.66 ms by at least 11.7 ms. Compare the order of
#    the spikes and the spikes per lap, not the times.
from course import spinnaker_model as sm

on_board = sm.simulate(
    populations={
        "stimulus": sm.SpikeArray([[0.0]]),
        "chain": sm.Cells(N_NEURONS, "IF_curr_exp"),
    },
    projections=[
        ("chain", "chain", links, "excitatory"),
        ("stimulus", "chain", [(0, 0, 8.0, DELAY)], "excitatory"),
    ],
    run_time=2000.0,
)["chain"]
board_laps = on_board.spikes[0]
here = "NEST" if course.is_nest() else "recorded here"
print(f"SpiNNaker: neuron 0 fires at {board_laps.tolist()} ms")
print(f"SpiNNaker: one lap takes {np.diff(board_laps).mean():.2f} ms")
if laps.size > 1:
    print(f"{here}: one lap takes {np.diff(laps).mean():.2f} ms")

# %%
# On SpiNNaker
# ------------
# The same script runs there unchanged; a virtual board records nothing, and
# the check then says so instead of failing.
#
# .. dropdown:: On SpiNNaker: do the 6 nA weights read back exactly?
#
#    Weights are stored as 16-bit integers times a power of two; 6 nA is a
#    whole multiple of that step and reads back as 6.0.
#
# Try it yourself
# ---------------
# Add a second stimulus spike to neuron 50 at the start. Before you run it,
# write down: how many waves will run around the ring, how many spikes will
# the 2 s hold, what will the lesson print as "one lap", and will the check
# still pass?
#
# .. dropdown:: Answer
#
#    Two waves run half a ring apart, and the 2 s hold 780 spikes, twice 390.
#    Neuron 0 now fires every 255.83 ms, half of 511.66 ms: the printed "one
#    lap" is the gap between the two waves, while each wave still needs
#    511.66 ms for the whole ring. The check fails: "neuron 50 fired before
#    neuron 49", which for a single wave would mean wrong wiring.

# %%
# Key points
# ----------
# * A ``FromListConnector`` wires any network from rows of (source, target,
#   weight, delay).
# * One lap takes the sum of the delays plus one time-to-threshold per link.
# * Too weak a weight and the wave dies; too strong and each link adds
#   spikes until the whole ring bursts.
# * :func:`course.check.task2` counts the spikes per lap and says which of
#   these happened.
