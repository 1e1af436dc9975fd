"""
.. _lesson-09:

09. The thalamic stimulus
=========================

The layer network of the previous lessons is silent until something drives
it. In the course notes a "thalamus" of spike sources does: the sources
around the middle of the layer each fire a few spikes near 10 ms, one to one
onto the excitatory cells. This lesson looks at how the notes built those
spike times, fixes three problems in that recipe, and builds the stimulus
with :func:`course.stimuli.thalamic_volley` instead: seeded, sorted, on the
simulation's time grid and never earlier than the backend can deliver. Then
it feeds the volley into the network and watches the response.

After it you will be able to build a reproducible stimulus that every
backend delivers unchanged, and to predict how its width, number of spikes
and weight shape the network's response.
"""

# %%
# Choose the simulator
# --------------------
# One millisecond steps, as on SpiNNaker in real time. The spike times we
# build below must respect this grid.
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
# ``np.random.normal(10, 0.01)``: they are not sorted, and PyNN refuses
# unsorted times on NEST ("Spike times given to SpikeSourceArray must be in
# increasing order"). They lie within a few hundredths of a millisecond of
# each other, so they act as one input five times as strong rather than five
# spikes: NEST keeps them a hair apart, SpiNNaker moves them onto its 1 ms
# grid, where several share one step. And the generator is not seeded, so
# every run gets a different stimulus.
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
# :func:`course.earliest_spike_time`. The seed makes the volley the same on
# every run and every backend.
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
# earlier than the backend delivers. The volley passes by construction.
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
# away, and drive their own inhibitory partners, whose inhibition then
# silences the centre: the volley leaves a short, local burst, not lasting
# activity.
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
# * ``course.earliest_spike_time()`` is 0 ms on SpiNNaker and 2 ms on NEST
#   (at a 1 ms timestep); a volley between 7 and 13 ms is the same on both.
#   Move ``t_mean`` to 1 ms and the two backends would get different stimuli.
# * SpiNNaker works on the 1 ms grid and rounds off-grid spike times up;
#   the volley is on the grid already, so nothing moves.
# * On a virtual board the network is mapped but not run: every recording is
#   empty, and the rasters above say so instead of failing.
#
# Try it yourself
# ---------------
# Widen the band with ``band=0.3``, or give each source a single spike
# (``n_spikes=1``): predict first whether the response spreads further or
# dies out, then run it. Then keep ``n_spikes=1`` and find the smallest
# thalamic weight that still makes the stimulated cells fire, with
# ``layer_network(sim, thalamus_spike_times=volley, weights={("Thalamus", "Exc"): 0.1})``.
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

# sphinx_gallery_thumbnail_number = 2
