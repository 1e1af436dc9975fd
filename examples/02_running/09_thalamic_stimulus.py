"""
.. _lesson-09:

09. The thalamic stimulus
=========================

The layer network of the previous lessons is silent until something drives
it. In the course notes a "thalamus" of spike sources does: the sources
around the middle of the layer fire a *volley* (a few spikes each, near
10 ms) one to one onto the excitatory cells. This lesson fixes the notes'
recipe for those spike times, builds the volley with
:func:`course.stimuli.thalamic_volley`, and watches the network respond.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 25 minutes
   :Prerequisites: :ref:`lesson-04`, :ref:`lesson-08`
   :You will be able to: build a reproducible stimulus that every backend
      delivers unchanged, and predict how its width, number of spikes and
      weight shape the network's response.
"""

# %%
# Choose the simulator
# --------------------
# A 1 ms :term:`timestep`. The spike times we build below must respect this
# grid.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.network import layer_network
from course.stimuli import central_band, thalamic_volley

sim = course.setup(timestep=1.0)

# %%
# What the notes did
# ------------------
# The notes start from ``spike_times = [[]] * n``. That line does not make
# ``n`` empty lists: it makes one empty list and ``n`` references to it, so
# appending a spike to any source appends it to every source.
aliased = [[]] * 4
aliased[0].append(10.0)
print("[[]] * 4 after appending to entry 0:", aliased)
separate = [[] for _ in range(4)]
separate[0].append(10.0)
print("one list per source, same append:    ", separate)

# %%
# The notes escape this bug by luck: they *replace* an entry
# (``spike_times[i] = [...]``) rather than change it, which rebinds one slot
# only. Three other problems remain in that cell. The five times come from
# ``np.random.normal(10, 0.01)``, so:
#
# * they are not sorted, and a ``SpikeSourceArray`` needs increasing times;
# * they lie within a few hundredths of a millisecond of each other, so they
#   act as one input five times as strong rather than five spikes, and on a
#   1 ms grid several share one step;
# * the generator is not seeded, so every run gets a different stimulus.
#
# .. dropdown:: On NEST and SpiNNaker: what each does with the notes' times
#
#    PyNN refuses unsorted times on NEST ("Spike times given to
#    SpikeSourceArray must be in increasing order"). NEST keeps the five
#    times a hair apart; sPyNNaker moves them onto its timestep grid, where
#    several share one step.
notes_times = np.random.default_rng(1).normal(loc=10.0, scale=0.01, size=5)
print("five times as the notes draw them:", np.round(notes_times, 3).tolist())
print("rounded to the nearest 1 ms step: ", np.round(notes_times).tolist())

# %%
# A better volley
# ---------------
# :func:`course.stimuli.thalamic_volley` returns one separate list per
# source. The sources in a central band (here the middle 10 % of the layer)
# each fire ``n_spikes`` spikes at *different* timesteps near ``t_mean``: a
# step at time :math:`t` is picked with a probability proportional to
# :math:`\exp(-(t - t_\mathrm{mean})^2 / 2 t_\mathrm{sd}^2)`, never more than
# three standard deviations away and never before
# :func:`course.earliest_spike_time`, the first time at which a spike source
# can deliver a spike. The seed makes the volley the same on every run and
# every backend.
n_cells = 100
volley = thalamic_volley(n_cells, band=0.1, n_spikes=3, t_mean=10.0, t_sd=1.0, seed=10)
stimulated = central_band(n_cells, 0.1)
print(f"stimulated sources: {stimulated.start} to {stimulated.stop - 1}")
for index in stimulated[:3]:
    print(f"  source {index}: {volley[index]} ms")
all_times = np.concatenate([times for times in volley if times])
print(f"{all_times.size} spikes between {all_times.min():g} and {all_times.max():g} ms")

# %%
# :func:`course.check_spike_times` is the check every hand-made stimulus
# should pass before it meets a ``SpikeSourceArray``: sorted, finite, and not
# earlier than the earliest spike time. The volley passes by construction.
volley = course.check_spike_times(volley)

# %%
# The stimulus at a glance
# ------------------------
# Left: the whole thalamus, one row per source, one tick per spike; only the
# middle band fires. Right: a close-up of that band, where each spike is a
# separate tick and no source fires twice in one millisecond.
fig, (ax_layer, ax_band) = plt.subplots(1, 2, layout="constrained", figsize=(8.0, 3.6))
plotting.raster(volley, ax=ax_layer, run_time=30.0, color="C2")
ax_layer.set_ylabel("thalamic source")
ax_layer.set_title("The whole thalamus")
plotting.raster(volley[40:60], ax=ax_band, first_index=40, color="C2", marker_size=9.0)
ax_band.set_xlim(5.0, 15.0)
ax_band.set_ylabel("thalamic source")
ax_band.set_title("Sources 40 to 59, 5 to 15 ms")
plt.show()

# %%
# Feed it into the layer network
# ------------------------------
# :func:`course.network.layer_network` builds the two layers and a
# ``"Thalamus"`` ``SpikeSourceArray`` with our volley, projecting one to one
# onto ``"Exc"``. We also record the thalamic spikes, to see input and
# response on one time axis. Nothing outside cells 43 to 56 fires, so the
# picture below shows the middle 30 cells of each population.
net = layer_network(sim, thalamus_spike_times=volley)
thalamus = net.populations["Thalamus"]
thalamus.record("spikes")

run_time = 60.0
sim.run(run_time)
recording = course.collect([thalamus, *net.recorded])
for label in recording.labels:
    counts = recording.spike_counts(label)
    fired = np.flatnonzero(counts)
    where = f"cells {fired.min()} to {fired.max()}" if fired.size else "no cell"
    print(f"{label:8}: {counts.sum():3d} spikes, {fired.size:3d} cells fired ({where})")

# %%
# The response
# ------------
# The thalamic spikes arrive one millisecond later at the ten excitatory
# cells they target. Those fire, excite their neighbours one and two cells
# away (each spike an :term:`EPSP`), and drive their own inhibitory partners
# (the Inh cell with the same index), whose inhibition then silences the
# centre: the volley leaves a short, local burst, not lasting activity.
fig, ax = plt.subplots(layout="constrained", figsize=(7.0, 5.5))
plotting.population_rasters(
    recording, ["Thalamus", "Exc", "Inh"], ax=ax, neurons=range(35, 65), run_time=run_time
)
ax.set_title("Thalamic volley and the response of the two layers (cells 35 to 64)")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# * The volley is computed here, with numpy, before the network is built, so
#   it is the same list on NEST and on SpiNNaker.
# * A volley between 7 and 13 ms reaches the network unchanged on both.
# * On a virtual board every recording is empty, and the rasters above say
#   so instead of failing.
#
# .. dropdown:: On SpiNNaker: why a volley at 1 ms would differ between the backends
#
#    ``course.earliest_spike_time()`` is 0 ms on SpiNNaker and 2 ms on NEST
#    (at a 1 ms timestep), so moving ``t_mean`` to 1 ms would give the two
#    backends different stimuli. sPyNNaker rounds off-grid spike times up to
#    the timestep grid; this volley is on the grid already, so nothing moves.
#
# Try it yourself
# ---------------
# Widen the band with ``band=0.3``, or give each source a single spike
# (``n_spikes=1``). Before you run it, write down for each change whether the
# response will spread further or die out. Then keep ``n_spikes=1`` and find
# the smallest thalamic weight that still makes the stimulated cells fire,
# with ``layer_network(sim, thalamus_spike_times=volley, weights={("Thalamus", "Exc"): 0.1})``.
#
# .. dropdown:: Answer
#
#    With ``band=0.3`` thirty sources fire instead of ten and the response
#    spreads further: 96 excitatory spikes from cells 33 to 66 instead of 33
#    from cells 43 to 56, and 60 inhibitory spikes instead of 19; the
#    inhibition still ends it. With ``n_spikes=1`` nothing fires at all, at
#    either width: one spike of the default 0.05 µS does not lift a cell the
#    17 mV to threshold, and the network has nothing to amplify.
#
#    A single thalamic spike makes its cell fire from a weight between 0.1000
#    and 0.1005 µS on (0.1 µS itself is just too weak), the same threshold
#    lesson 02's answer finds for one input spike to this cell. Above it all
#    ten stimulated cells fire at once and the network answers with 32
#    excitatory spikes, much as it does to the three-spike volley.
#
# Key points
# ----------
# * Build ``n`` separate lists with ``[[] for _ in range(n)]``, never
#   ``[[]] * n``.
# * A stimulus is sorted, seeded, on the timestep grid and not earlier than
#   :func:`course.earliest_spike_time`; :func:`course.check_spike_times`
#   checks it.
# * In the layer network a local volley gives a short local burst that
#   feedback inhibition ends.

# sphinx_gallery_thumbnail_number = 2
