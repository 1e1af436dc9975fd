"""
.. _lesson-08:

08. Projections: wiring the two layers
======================================

A projection joins two populations with a connector, a synapse type and a
receptor. This lesson wires the course's excitatory and inhibitory layers
the way the notes intend, with the right sign for every weight, fixes the
notes' inhibitory-to-excitatory projection, reads the connections back after
a run, and finally builds the whole network, thalamic input included, with
one call to :func:`course.network.layer_network`.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 30 minutes
   :Prerequisites: :ref:`lesson-04`, :ref:`lesson-06`, :ref:`lesson-07`
   :You will be able to: wire populations with projections of the right
      receptor and weight sign on both backends, read the connections back,
      and build the course's whole layer network in one call.
"""

# %%
# Two layers on a line
# --------------------
# 100 excitatory and 100 inhibitory ``IF_cond_exp`` cells with the test
# parameters, each layer on a line one cell spacing apart.
import matplotlib.pyplot as plt
import numpy as np
from pyNN.space import Line

import course
from course import plotting
from course.connectivity import center_surround
from course.network import EXC_EXC, INH_EXC, INH_INH, WEIGHTS, layer_network
from course.parameters import IF_COND_EXP_PARAMETERS
from course.stimuli import thalamic_volley

sim = course.setup(timestep=1.0)

N = 100
cells = sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS)
pops = {
    "Exc": sim.Population(N, cells, structure=Line(dx=1.0), label="Exc"),
    "Inh": sim.Population(N, cells, structure=Line(dx=1.0), label="Inh"),
}

# %%
# Receptors and the sign of a weight
# ----------------------------------
# ``receptor_type`` (:term:`receptor type`) says which synapses of the
# target a projection uses: ``"excitatory"`` or ``"inhibitory"``. For a
# conductance-based cell the weight is a conductance, so it is positive for
# both receptors; for a current-based cell an inhibitory weight is a negative
# current. :func:`course.signed_weight` takes the magnitude and returns the
# weight with the sign the target cell type needs:
#
# .. dropdown:: On SpiNNaker: is the sign of a weight needed there?
#
#    No: sPyNNaker ignores the sign and lets the receptor decide. NEST
#    refuses a negative weight onto a conductance-based cell, so the signs
#    printed below are the ones NEST needs, and they are harmless on
#    SpiNNaker.
for cell_type in (sim.IF_cond_exp, sim.IF_curr_exp):
    signed = course.signed_weight(0.1, "inhibitory", cell_type)
    print(f"inhibitory weight 0.1 onto {cell_type.__name__}: {signed:+g}")

# %%
# The four projections
# --------------------
# The weights (µS) and the center-surround settings are the ones
# :mod:`course.network` uses, so that this lesson and the network builder
# agree:
#
# * Exc → Exc: each cell excites its neighbours 1 and 2 cells away.
# * Exc → Inh: each excitatory cell drives its own inhibitory partner, one
#   to one, delay 1 ms.
# * Inh → Inh: inhibitory cells inhibit each other 3 to 6 cells away.
# * Inh → Exc: inhibitory cells inhibit the excitatory cells up to 6 cells
#   away, their partner included.
#
# .. dropdown:: The notes' Inh → Exc projection, and how the course fixes it
#
#    The notes' last projection goes from ``pops['Inh']`` to ``pops['Inh']``
#    with ``FromListConnector(connections['Inh', 'Exc'])``: it connects the
#    inhibitory layer to *itself*, and the list
#    ``connections['Inh', 'Exc']`` is never computed (only Exc-Exc and Inh-Inh
#    are), so the cell fails with a ``KeyError``. Below, the Inh → Exc list is
#    built and the projection goes from ``Inh`` to ``Exc``.
for key, value in WEIGHTS.items():
    print(f"weight {key[0]:>8} -> {key[1]}: {value} µS")


def list_projection(pre, post, geometry, receptor):
    """A center-surround FromListConnector projection with the right weight sign."""
    weight = course.signed_weight(WEIGHTS[(pre, post)], receptor, sim.IF_cond_exp)
    rows = center_surround(N, N, weight, **geometry)
    return sim.Projection(
        pops[pre],
        pops[post],
        sim.FromListConnector(rows, column_names=["weight", "delay"]),
        receptor_type=receptor,
        label=f"{pre}-{post}",
    )


projections = {
    ("Exc", "Exc"): list_projection("Exc", "Exc", EXC_EXC, "excitatory"),
    ("Exc", "Inh"): sim.Projection(
        pops["Exc"],
        pops["Inh"],
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=WEIGHTS[("Exc", "Inh")], delay=1.0),
        receptor_type="excitatory",
        label="Exc-Inh",
    ),
    ("Inh", "Inh"): list_projection("Inh", "Inh", INH_INH, "inhibitory"),
    ("Inh", "Exc"): list_projection("Inh", "Exc", INH_EXC, "inhibitory"),
}

# %%
# Read the connections back
# -------------------------
# After a run, :func:`course.connections` returns each projection as rows of
# (source, target, weight, delay). The counts follow from the rules: 394 = 4 x 100 - 6
# (the line's ends lose neighbours), 764 = 8 x 100 - 36, 1258 = 13 x 100 - 42.
sim.run(1.0)
tables = {key: course.connections(projection) for key, projection in projections.items()}
for (pre, post), table in tables.items():
    weights = np.unique(table[:, 2]).round(4).tolist() if len(table) else []
    print(f"{pre} -> {post}: {len(table):5d} connections, weights {weights} µS")
sim.end()

# %%
# The four connection matrices, coloured by delay, zoomed on cells 30 to 70
# (white: no connection). The one-to-one projection is the diagonal at 1 ms;
# the center-surround ones are bands whose delay grows with distance
# (1 + d / 0.35 ms, rounded to the 1 ms step); the Inh → Inh band has a hole
# in the middle, the surround.
fig, axes = plt.subplots(2, 2, layout="constrained", figsize=(8.0, 7.0))
for ax, ((pre, post), table) in zip(axes.flat, tables.items(), strict=True):
    plotting.connection_matrix(table, N, N, ax=ax, value="delay", cmap="viridis")
    ax.set_xlim(29.5, 70.5)
    ax.set_ylim(70.5, 29.5)
    ax.set_title(f"{pre} → {post}: {len(table)} connections")
    ax.set_xlabel(f"postsynaptic cell ({post})")
    ax.set_ylabel(f"presynaptic cell ({pre})")
plt.show()

# %%
# The whole network in one call
# -----------------------------
# :func:`course.network.layer_network` builds exactly these two layers and
# four projections, records spikes, ``v`` and both conductances of both
# layers, and, given one spike train per thalamic cell, adds a ``Thalamus``
# of spike sources that drives ``Exc`` one to one (0.05 µS, 1 ms); the
# thalamus is the brain region that relays sensory input to the cortex.
# :func:`course.stimuli.thalamic_volley` makes the notes' stimulus: the ten
# thalamic cells in the middle of the line (45 to 54) fire three spikes each
# around 10 ms.
sim = course.setup(timestep=1.0)
net = layer_network(sim, thalamus_spike_times=thalamic_volley(N))
print("populations:", ", ".join(f"{label} ({pop.size})" for label, pop in net.populations.items()))
print("projections:", ", ".join(f"{pre}->{post}" for pre, post in net.projections))
RUN_TIME = 100.0
sim.run(RUN_TIME)
recording = net.collect()

# %%
# The response
# ------------
# The stimulated cells fire first; their excitation spreads a couple of cells
# to each side along the line; their inhibitory partners fire some 10 ms
# later and shut the activity down: feedback inhibition. (Measured: 33
# excitatory spikes from cells 43 to 56 between 15 and 37 ms, 19 inhibitory
# spikes from 24 ms, and silence after about 41 ms.)
for label in ("Exc", "Inh"):
    counts = recording.spike_counts(label)
    active = np.flatnonzero(counts)
    times = np.concatenate(recording.spike_times(label))
    if active.size:
        print(
            f"{label}: {counts.sum()} spikes from cells {active.min()} to {active.max()}, "
            f"between {times.min():.0f} and {times.max():.0f} ms"
        )
    else:
        print(f"{label}: no spikes recorded")

fig, axes = plt.subplots(2, 1, layout="constrained", figsize=(6.4, 6.0), sharex=True)
plotting.raster(recording.spike_times("Exc"), ax=axes[0], run_time=RUN_TIME, marker_size=6)
axes[0].axhspan(44.5, 54.5, color="C1", alpha=0.15, label="stimulated cells")
axes[0].set_title("Excitatory layer")
axes[0].set_ylabel("Exc cell (position on the line)")
axes[0].legend(loc="upper right", fontsize="small")
axes[0].set_xlabel("")
plotting.raster(
    recording.spike_times("Inh"), ax=axes[1], run_time=RUN_TIME, color="C3", marker_size=6
)
axes[1].set_title("Inhibitory layer")
axes[1].set_ylabel("Inh cell (position on the line)")
for ax in axes:
    ax.set_ylim(30, 70)
plt.show()

sim.end()

# %%
# On SpiNNaker
# ------------
# * The lists are built on your computer, so the same connections are made;
#   weights read back in 16-bit :term:`fixed point`.
# * The longest delay, 1 + 6 / 0.35 ms, is stored as 18 ms and uses
#   :term:`delay extension` cores.
# * The virtual board builds the connections but records no spikes, so the
#   rasters stay empty.
#
# Try it yourself
# ---------------
# Build the network with ``layer_network(sim, thalamus_spike_times=...,
# weights={("Inh", "Exc"): 0.02})``: with a fifth of the feedback
# inhibition, does the activity still stop, or does it spread along the whole
# line? Before you run it, write down your prediction. Then count the spikes,
# and run longer (``RUN_TIME = 600.0``) to see where it goes.
#
# .. dropdown:: Answer
#
#    It no longer stops. In the 100 ms run the excitatory layer fires 284
#    spikes instead of 33, from cells 37 to 62 instead of 43 to 56, and it is
#    still firing when the run ends. Each excitatory cell excites its
#    neighbours one and two cells away; a fifth of the inhibition is too weak
#    to cancel that, so the activity keeps itself going and creeps outwards,
#    a few cells every 100 ms: run for 600 ms and every cell of the line,
#    0 to 99, has fired. The strong feedback inhibition is what confines the
#    response to the stimulated region and ends it.
#
# Key points
# ----------
# * A projection = two populations + a connector + a synapse type (weight,
#   delay) + a receptor type.
# * Pass weights through :func:`course.signed_weight` so that each cell type
#   gets the sign it needs.
# * Read connections back after a run with :func:`course.connections`.
# * In the layer network, feedback inhibition confines and ends the response
#   to a local stimulus.

# sphinx_gallery_thumbnail_number = 2
