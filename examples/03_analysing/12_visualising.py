"""
.. _lesson-12:

12. Visualising the activity
============================

Four pictures tell most of what a layer network did: a raster of the
spikes, the membrane potential of every cell over time, the excitatory and
inhibitory conductances that caused it, and a few single traces to read the
values off. This lesson draws each with :mod:`course.plotting`, with units
on every axis and colour bar and colour maps that read correctly in
greyscale and for colour-blind readers.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-09`, :ref:`lesson-11`
   :You will be able to: draw a run's spikes, potentials and conductances
      so that a reader compares them correctly, and tell when a colour map
      misleads.
"""

# %%
# A run to look at
# ----------------
# The layer network and its thalamic volley, run for 60 ms, recorded into one
# :class:`course.Recording` (see :ref:`lesson-11`).
import matplotlib.pyplot as plt

import course
from course import plotting
from course.network import layer_network
from course.stimuli import thalamic_volley

sim = course.setup(timestep=1.0)
net = layer_network(sim, thalamus_spike_times=thalamic_volley(100))
run_time = 60.0
sim.run(run_time)
recording = net.collect()
for label in recording.labels:
    print(f"{label}: {recording.spike_counts(label).sum()} spikes")

# %%
# Spikes: rasters
# ---------------
# :func:`course.plotting.population_rasters` stacks the populations on one
# time axis, excitatory in blue above inhibitory in red, so cause and effect
# line up vertically. The whole layer (left) shows how local the response
# is; a close-up of the middle (right) shows its order: the stimulated
# excitatory cells first, their neighbours and inhibitory partners later.
fig, (ax_all, ax_middle) = plt.subplots(1, 2, layout="constrained", figsize=(9.0, 4.5))
plotting.population_rasters(recording, ["Exc", "Inh"], ax=ax_all, run_time=run_time)
ax_all.set_title("Both layers, all 100 cells")
plotting.population_rasters(
    recording, ["Exc", "Inh"], ax=ax_middle, neurons=range(40, 60), run_time=run_time
)
ax_middle.set_title("Cells 40 to 59")
plt.show()

# %%
# Membrane potential: heatmaps
# ----------------------------
# With 100 cells, one line per cell is unreadable. A heatmap shows every cell
# as a row and time across, the potential as colour.
# :func:`course.plotting.heatmap` puts times (ms) on the x axis, keeps the
# cells in order from the bottom, and labels the colour bar with its unit.
# Both panels share one colour range, from the reset potential (-70 mV) to
# the threshold (-48 mV), so equal colours mean equal potentials. The colour
# map, *viridis*, grows steadily brighter from dark blue to yellow.
#
# .. dropdown:: Why viridis and not a rainbow map
#
#    In viridis a difference in colour means the same difference in value
#    everywhere on the scale, for colour-blind readers too, and the picture
#    survives printing in grey. Rainbow maps ("jet") do neither; the try-it
#    below shows what that does to this picture.
v_range = {"vmin": -70.0, "vmax": -48.0}
fig, axes = plt.subplots(2, 1, sharex=True, layout="constrained", figsize=(7.0, 6.0))
for ax, label in zip(axes, ("Exc", "Inh"), strict=True):
    times, v = recording.signal(label, "v")
    plotting.heatmap(times, v, ax=ax, label="membrane potential (mV)", **v_range)
    ax.set_title(f"{label}: membrane potential")
axes[0].set_xlabel("")
plt.show()

# %%
# The stimulated band is a bright stripe from about 10 ms: depolarised cells
# close to threshold, dark where a spike has just reset them to -70 mV. The
# inhibitory cells depolarise as soon as their excitatory partners fire
# (15 ms) and fire themselves from about 24 ms. Late in the run the
# excitatory cells at the edges of the band (around 40 and 58) turn darker
# than the resting blue: inhibition pulls them below rest, towards the
# inhibitory reversal potential of -70 mV.

# %%
# Synaptic conductances
# ---------------------
# The cells have :term:`conductance-based synapses <conductance-based
# synapse>`: the excitatory conductance ``gsyn_exc`` and the inhibitory one
# ``gsyn_inh``, in µS. We use *magma*, a map that starts at black, so zero
# conductance, which most cells have most of the time, recedes into the
# background. Each column shares its colour range.
fig, axes = plt.subplots(2, 2, sharex=True, sharey=True, layout="constrained", figsize=(9.0, 6.0))
kinds = {"gsyn_exc": "excitatory", "gsyn_inh": "inhibitory"}
for column, name in enumerate(kinds):
    peak = max(recording.signal(label, name)[1].max(initial=0.0) for label in ("Exc", "Inh"))
    for row, label in enumerate(("Exc", "Inh")):
        times, g = recording.signal(label, name)
        plotting.heatmap(
            times,
            g,
            ax=axes[row, column],
            label=f"{kinds[name]} conductance (µS)",
            cmap="magma",
            vmin=0.0,
            vmax=peak or None,
        )
        axes[row, column].set_title(f"{label}: {name}")
for ax in axes[0]:
    ax.set_xlabel("")
for ax in axes[:, 1]:
    ax.set_ylabel("")
plt.show()

# %%
# Reading the two side by side: the excitatory cells receive excitation first
# (thalamus and neighbours), then inhibition from their inhibitory partners;
# the inhibitory cells get excitation from their excitatory partner and a
# little inhibition from the inhibitory cells three to six cells away.

# %%
# One cell in detail
# ------------------
# A heatmap row is a trace. :func:`course.plotting.traces` draws chosen cells
# as lines, where values can be read off: here the stimulated excitatory
# cell 50 and its neighbour 44 at the edge of the response.
fig, (ax_v, ax_g) = plt.subplots(2, 1, sharex=True, layout="constrained", figsize=(7.0, 5.5))
times, v = recording.signal("Exc", "v")
plotting.traces(times, v, ax=ax_v, neurons=[50, 44], labels=["Exc 50", "Exc 44"])
ax_v.axhline(-48.0, color="0.5", linestyle="--", linewidth=1)
ax_v.set_title("Membrane potential (dashed: threshold)")
ax_v.set_xlabel("")
for name, style in (("gsyn_exc", "-"), ("gsyn_inh", ":")):
    times, g = recording.signal("Exc", name)
    plotting.traces(
        times, g, ax=ax_g, neurons=[50], labels=[f"Exc 50, {name}"], ylabel="conductance (µS)"
    )
    ax_g.lines[-1].set_linestyle(style)
ax_g.legend(loc="upper right", fontsize="small")
ax_g.set_title("Synaptic conductances of cell 50")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# The same figures come out of the same code; on a virtual board every panel
# says that no data were recorded instead of failing.
#
# .. dropdown:: On SpiNNaker: coarser conductances, and what recording costs
#
#    SpiNNaker computes and records in :term:`fixed point`, so very small
#    conductances come out coarser than NEST's floating-point values.
#    Recording ``v`` and both conductances of every cell at every step costs
#    one 32-bit word per cell per sample on the board, and time to fetch
#    afterwards (spikes cost one bit per cell per step, whatever the rates);
#    a run too long for the board's memory is paused, read out and resumed
#    automatically, which costs time, not data. For long runs record them
#    for a few cells only (``pop[40:60].record("v")``) or less often with
#    ``record(..., sampling_interval=...)``.
#
# Try it yourself
# ---------------
# Draw the Exc membrane-potential heatmap with ``cmap="jet"`` beside
# ``"viridis"``. Before you draw, write down which potentials you expect jet
# to make stand out, and whether it suggests a structure the data do not
# have. Then draw the two heatmaps without the shared ``vmin`` and ``vmax``:
# write down first what a reader could now wrongly conclude from comparing
# their colours.
#
# .. dropdown:: Answer
#
#    Jet's brightest colours (cyan, green, yellow) sit in the middle of its
#    range, around -59 mV here, so the cells half-way to threshold stand out
#    as bright bands while the cells at threshold (dark red) and at rest
#    (blue) recede; and its sharp changes of hue at cyan and yellow draw edges
#    across potentials that change smoothly. Viridis shows the same data
#    without those false edges.
#
#    Without the shared range each panel scales to its own data. In this run
#    nothing visible changes: both layers span -70.0 mV (cells just reset by
#    a spike) to -48.0 mV (cells at threshold), the shared range. But the
#    same colour would mean different potentials as soon as one layer spans
#    less, for example a layer that never fires, and a reader comparing the
#    panels would think its cells were as depolarised as the other layer's.

# %%
# Key points
# ----------
# * Rasters show when and where cells fire; stacking the populations on one
#   time axis lines cause and effect up.
# * A heatmap shows a signal of every cell at once; panels that are compared
#   must share one colour range.
# * Use perceptually uniform colour maps (viridis, magma), never jet.
# * Single traces are for reading values off a few chosen cells.

# sphinx_gallery_thumbnail_number = 2
