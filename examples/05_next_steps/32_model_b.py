"""
.. _lesson-32:

32. Model B: shapes drawn on a sheet of cells
=============================================

The notes name a model B as their second "next step" and give no
specification; the one here is the course's own. Model B spreads the network
over two dimensions. A 30 x 30 sheet of excitatory ``IF_cond_exp`` cells lies on a
:class:`pyNN.space.Grid2D`, with a 15 x 15 sheet of inhibitory cells over it.
A thalamus draws shapes on the sheet, one after the other: an empty square,
an empty triangle, an empty circle and a cross. We record spikes, membrane
potential and both conductances, and find the shapes again in the recorded
activity: the variance of each cell's membrane potential, drawn as a map of
the sheet, shows the shape that was presented.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Intermediate
   :Time: about 30 minutes
   :Prerequisites: :ref:`lesson-07`, :ref:`lesson-12`, :ref:`lesson-31`
   :You will be able to: place populations on a 2-D grid, connect them by
      distance, and find a stimulus again in a map of the recorded activity.

.. admonition:: The task (the course's specification of model B)

   A 2-D network receives a geometric thalamic input: an empty square, an
   empty triangle (and more shapes). Show the stimulus as an image; record
   spikes, voltage and conductances; map the voltage variance over the sheet.
"""

# %%
# Choose the simulator
# --------------------
# One-millisecond :term:`timesteps <timestep>`, as in model A, and one
# thread.
#
# .. dropdown:: On NEST: why one thread?
#
#    Most of this lesson's time goes into calls that PyNN makes into NEST
#    one cell at a time (building the distance-dependent connections,
#    reading back the recorded signals), and with two threads each of those
#    calls waits for both.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.exercises import model_b as mb
from course.geometry import shape_mask, sheet_structure

sim = course.setup(timestep=1.0, threads=1)
# sphinx_gallery_thumbnail_number = 3

# %%
# Shapes as images
# ----------------
# :func:`course.geometry.shape_mask` draws the outline of a shape on a grid
# of cells, about one cell wide, as a boolean image (row, column). A
# population on :func:`course.geometry.sheet_structure` puts its neuron
# ``row * n_cols + col`` at that pixel, so ``mask.ravel()`` says, neuron by
# neuron, who lies on the outline.
structure = sheet_structure(mb.N_ROWS, mb.N_COLS)
positions = structure.generate_positions(mb.N_ROWS * mb.N_COLS)
print(f"neuron 31 sits at x = {positions[0, 31]:g}, y = {positions[1, 31]:g} (row 1, column 1)")
masks = {shape: shape_mask(shape, mb.N_ROWS, mb.N_COLS) for shape in mb.SHAPE_ORDER}
for shape, mask in masks.items():
    print(f"{shape:8}: {mask.sum():3d} of {mask.size} cells on the outline")

# %%
# The stimulus
# ------------
# Each shape is shown for 50 ms, with 50 ms of rest in between: the square
# from 50 ms, the triangle from 150 ms, the circle from 250 ms and the cross
# from 350 ms. While a shape is shown, the thalamic cell over each cell of its
# outline fires every 10 ms (100 Hz). Only cells that lie on some outline get
# a thalamic cell at all: a silent source would only cost memory.
#
# .. dropdown:: On SpiNNaker: why no silent thalamic cells?
#
#    A core full of silent spike sources is wasted on the board, and
#    sources with no spikes at all have caused errors in the past.
windows = mb.presentation_windows()
fig, axes = plt.subplots(1, 4, layout="constrained", figsize=(10.0, 3.0))
for ax, (shape, mask) in zip(axes, masks.items(), strict=True):
    ax.imshow(mask, cmap="cividis", interpolation="nearest")
    start, stop = windows[shape]
    ax.set_title(f"{shape}, {start:.0f}–{stop:.0f} ms")
    ax.set_xlabel("column")
axes[0].set_ylabel("row")
fig.suptitle("Thalamic input: active cells (yellow) while each shape is shown")
plt.show()

# %%
# Build, run and record
# ---------------------
# :func:`~course.exercises.model_b.model_b` builds the two sheets, the
# thalamus and three projections: thalamus to excitatory cells from a list
# (0.1 µS), each inhibitory cell from its 2 x 2 block of excitatory cells
# (``DistanceDependentProbabilityConnector("d < 1")``, 0.05 µS) and back onto
# every excitatory cell within three cell spacings (``"d < 3"``, 0.04 µS).
# It records spikes and ``v`` of all 900 excitatory cells and both
# conductances of the middle row, runs 450 ms and collects the data. The
# signals are sampled every 2 ms (``record(..., sampling_interval=2.0)``), not
# at every 1 ms step: a variance over a 50 ms presentation needs many
# samples, not all of them, and reading the signals back is the slowest
# part of this lesson, in proportion to the number of samples.
model = mb.model_b(sim)
recording = model.recording
for label in recording.labels:
    counts = recording.spike_counts(label)
    print(f"{label}: {counts.sum():4d} spikes from {np.count_nonzero(counts):3d} cells")

# %%
# Spikes through the four presentations
# -------------------------------------
# The excitatory cells on the current outline fire at the input's 100 Hz
# rhythm; the inhibitory cells over them follow. Between shapes the sheet is
# silent.
fig, ax = plt.subplots(layout="constrained", figsize=(8.0, 5.0))
plotting.population_rasters(recording, ["Exc", "Inh"], ax=ax, run_time=recording.run_time)
for shape, (start, stop) in windows.items():
    ax.axvspan(start, stop, color="0.9", zorder=0)
    ax.text((start + stop) / 2, 1.01, shape, transform=ax.get_xaxis_transform(), ha="center")
ax.set_title("Spikes of both sheets (grey: a shape is shown)", pad=18)
plt.show()

# %%
# The variance map reveals the shape
# ----------------------------------
# :func:`~course.exercises.model_b.variance_maps` takes the variance over
# time of each cell's ``v`` during each presentation, and lays it out as an
# image of the sheet. A cell on the outline swings between the -70 mV reset
# and the -48 mV threshold (tens of mV²); a cell off it stays near rest,
# nudged only by inhibition (well under 1 mV²). The colour scale is
# logarithmic, so that the faint inhibitory surround shows too.
from matplotlib.colors import LogNorm

norm = LogNorm(vmin=1e-3, vmax=1e2)
maps = mb.variance_maps(model)
recorded = not all(np.all(np.isnan(image)) for image in maps.values())
fig, axes = plt.subplots(1, 4, layout="constrained", figsize=(10.0, 3.2))
for ax, (shape, image) in zip(axes, maps.items(), strict=True):
    mask = model.masks[shape]
    ax.set_title(shape)
    ax.set_xlabel("column")
    if not recorded:
        plotting.mark_empty(ax, "no data recorded")
        continue
    shown = ax.imshow(
        np.clip(image, 1e-3, None), cmap="viridis", norm=norm, interpolation="nearest"
    )
    on, off = image[mask].mean(), image[~mask].mean()
    print(f"{shape:8}: variance {on:5.1f} mV² on the outline, {off:5.2f} mV² off it")
axes[0].set_ylabel("row")
if recorded:
    fig.colorbar(shown, ax=axes, label="variance of v (mV²)", shrink=0.8)
fig.suptitle("Variance of the membrane potential during each presentation")
plt.show()

# %%
# Both conductances along the middle row
# --------------------------------------
# Row 15 crosses every shape: the square's and the triangle's sides, the
# circle's rim, the cross's horizontal bar. The excitatory conductance lights
# up where the outline crosses the row; the inhibitory conductance is
# broader, since each inhibitory cell reaches three cell spacings around it.
fig, axes = plt.subplots(2, 1, layout="constrained", figsize=(8.0, 5.5), sharex=True)
for ax, (name, label, cmap) in zip(
    axes,
    [
        ("gsyn_exc", "excitatory conductance (µS)", "magma"),
        ("gsyn_inh", "inhibitory conductance (µS)", "cividis"),
    ],
    strict=True,
):
    times, values = recording.signal("Exc", name)
    plotting.heatmap(times, values, ax=ax, label=label, cmap=cmap)
    ax.set_ylabel("column (row 15)")
    ax.set_title(f"{name} of the excitatory cells in row 15")
axes[0].set_xlabel("")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# Expect the same pictures, not the same numbers.
#
# .. dropdown:: On SpiNNaker: what must change on a 2-D sheet, and what differs?
#
#    * A population on a ``Grid2D`` must be cut into 2-D blocks, one per
#      core, or mapping fails: :func:`course.set_max_atoms_per_core` does it
#      there (here 10 x 10 for the excitatory sheet, 5 x 5 for the
#      inhibitory one) and nothing on NEST.
#    * ``DistanceDependentProbabilityConnector`` needs the populations'
#      ``structure`` on both backends; with ``"d < 1"`` and ``"d < 3"`` its
#      probabilities are 0 or 1, so nothing random is drawn and the
#      connections are the same on both.
#    * The variance map uses ``v`` of all 900 cells. SpiNNaker records it on
#      the board in fixed point, with its own update rule; a spike can move
#      by a whole step.
#
# Try it yourself
# ---------------
# Strengthen the inhibition onto the excitatory sheet from 0.04 to 0.1 µS:
# change ``model = mb.model_b(sim)`` to ``model = mb.model_b(sim,
# weights={("Inh", "Exc"): 0.1})``. Before you run it, write down whether
# the shapes in the variance maps will get sharper or fade, and what happens
# to the variance off the outline.
#
# .. dropdown:: Answer
#
#    The shapes fade a little instead of getting sharper. On the outline the
#    variance hardly changes (59.5 instead of 61.2 mV² for the square): the
#    outline cells still fire, a little less (661 excitatory spikes instead
#    of 727, from the same 187 cells). Off the outline it more than doubles
#    (0.53 instead of 0.21 mV² for the square, 0.23 instead of 0.11 for the
#    cross): the cells there are moved only by inhibition, and stronger
#    inhibition moves them more. The contrast falls from about 300 to about
#    110 times, still plain to see.
#
# Key points
# ----------
# * A ``Grid2D`` structure gives each cell of a population a position on a
#   sheet; distance-dependent connectors use it.
# * A stimulus computed as an image (a mask of the sheet) becomes input
#   spikes cell by cell, on the same grid.
# * The variance of each cell's membrane potential, laid out as an image,
#   shows where the input arrived, even for cells that never fire.
# * Record signals at a coarser sampling interval when a statistic needs
#   many samples, not all of them.
