"""
.. _lesson-21:

21. Task 1: a simple network
============================

Your first network: two spike sources drive two leaky integrate-and-fire
neurons, one to one. This lesson states the task, solves it with plain PyNN,
and shows why the same script must shift its input by two milliseconds on
NEST but not on SpiNNaker.

.. admonition:: The task

   Create a network with a timestep of 1.0 ms consisting of 2
   ``SpikeSourceArray`` cells, spiking at 0.0 ms and 1.0 ms respectively,
   connected to 2 LIF neurons with a one-to-one connector, using a weight of
   5.0 nA and a delay of 2.0 ms. Record the spikes and run for 10 ms, plotting
   the spikes after the simulation has completed.
"""

# %%
# Choose the simulator
# --------------------
# :func:`course.setup` picks the backend (NEST unless you ask for SpiNNaker),
# sets the timestep and the delay range the same way on both, seeds the random
# generators, and hands back the PyNN module. From here on everything is
# plain PyNN through ``sim``.
import matplotlib.pyplot as plt

import course
from course import plotting

sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=10.0)

# %%
# The input spikes
# ----------------
# On NEST, PyNN relays source spikes through "parrot" neurons and subtracts
# ``min_delay`` from every time, so a spike at 0 ms or 1 ms cannot exist
# there. :func:`course.earliest_spike_time` tells the earliest usable time on
# the backend in use; we keep the task's 1 ms spacing from there.
first = course.earliest_spike_time()
spike_times = [[first], [first + 1.0]]
print(f"earliest spike on this backend: {first} ms; inputs at {spike_times} ms")

# %%
# Build the network
# -----------------
# Two populations and one projection. The weight of a current-based synapse is
# a current, in nA; the delay is in ms.
sources = sim.Population(2, sim.SpikeSourceArray(spike_times=spike_times), label="sources")
neurons = sim.Population(2, sim.IF_curr_exp(), label="neurons")
neurons.record(["spikes", "v"])

projection = sim.Projection(
    sources,
    neurons,
    sim.OneToOneConnector(),
    sim.StaticSynapse(weight=5.0, delay=2.0),
    receptor_type="excitatory",
)

# %%
# Run, then read the results
# --------------------------
# The task asks for 10 ms. We run 20 ms, to see what happens just after.
# :func:`course.collect` turns each population's neo data into one
# :class:`course.Recording` that speaks in milliseconds.
sim.run(20.0)
recording = course.collect([neurons])
for index, times in enumerate(recording.spike_times("neurons")):
    print(f"neuron {index} fired at {times.round(2).tolist()} ms")

# %%
# The spikes and the membrane potential
# -------------------------------------
# A 5 nA input decaying with the default ``tau_syn_E`` of 5 ms only just lifts
# the membrane from -65 mV to the -50 mV threshold: the first neuron fires
# about 8.5 ms after its input arrives, the second one 1 ms later. With inputs
# at 2 and 3 ms that is after 10 ms, so a 10 ms run shows no output spike on
# NEST. On SpiNNaker the inputs come at 0 and 1 ms and the output just fits.
fig, (ax_v, ax_spikes) = plt.subplots(2, 1, sharex=True, layout="constrained", figsize=(6.4, 5.0))
times, v = recording.signal("neurons", "v")
plotting.traces(times, v, ax=ax_v)
ax_v.set_xlabel("")
ax_v.axhline(-50.0, color="0.5", linestyle="--", linewidth=1, label="threshold")
ax_v.axvline(10.0, color="C3", linestyle=":", linewidth=1, label="end of the task's 10 ms")
ax_v.legend(loc="lower right", fontsize="small")
ax_v.set_title("Two LIF neurons, each driven by one input spike")
plotting.raster(recording.spike_times("neurons"), ax=ax_spikes, run_time=20.0)
ax_spikes.set_title("Output spikes")
plt.show()

# %%
# Read the connections back
# -------------------------
# After a run, :func:`course.connections` reads the projection as rows of
# (source, target, weight in nA, delay in ms), the same way on both backends.
print(course.connections(projection))

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# * Spikes at 0 ms are delivered, so ``course.earliest_spike_time()`` is 0 and
#   the inputs stay at 0 and 1 ms, as the task states.
# * The weight 5.0 is stored in 16-bit fixed point and reads back as a value
#   very close to, not exactly, 5.0.
# * Spike times come out on the 1 ms grid instead of NEST's off-grid times
#   (10.50 ms here), so compare within a timestep.
# * ``max_delay`` is not needed; the course passes it only for NEST.
#
# Try it yourself
# ---------------
# Run the lesson with ``tau_syn_E=1.0`` for the neurons
# (``sim.IF_curr_exp(tau_syn_E=1.0)``): the same 5 nA now decays five times
# faster. Does either neuron still fire? Then find the smallest weight that
# makes them fire at the default ``tau_syn_E``.
