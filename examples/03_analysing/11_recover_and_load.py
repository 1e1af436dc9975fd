"""
.. _lesson-11:

11. Recovering and loading results
==================================

After a run every population holds its recordings as a :term:`neo` block:
segments, spike trains and analog signals, each with units. This lesson
gathers them with :func:`course.collect` into one :class:`course.Recording`
that answers in plain numbers and milliseconds, saves it to files, loads it
back, and checks that nothing changed on the way: neither the data nor what
the recording knows about its run.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-09`, :ref:`lesson-10`
   :You will be able to: get every spike train and signal of a run out in
      plain numbers, save a run to files and load it back whole, and choose
      the file format that is safe for the job.
"""

# %%
# A run to recover
# ----------------
# The layer network of :ref:`lesson-09`, driven by the thalamic volley and
# run for 60 ms.
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

import course
from course import plotting
from course.network import layer_network
from course.results import load, save
from course.stimuli import thalamic_volley

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1
net = layer_network(sim, thalamus_spike_times=thalamic_volley(100))
exc, inh = net.populations["Exc"], net.populations["Inh"]
run_time = 60.0
sim.run(run_time)

# %%
# From neo blocks to one recording
# --------------------------------
# The course notes copied ``get_data().segments[0]`` of each population
# into a dictionary. That works for one run, but ``segments[0]`` is only the
# *first* segment (after a ``sim.reset()`` later trials are silently left
# out), the values are still neo objects whose units every later step must
# strip, and nothing keeps a population's size or the network's parameters.
#
# :func:`course.collect` takes the populations (or a dict of label to
# population) and keeps the blocks with each population's size, the run
# time, where it ran and whatever parameters you hand it.
#
# .. dropdown:: On SpiNNaker: why an empty recording still has 100 cells
#
#    A virtual board maps the network but runs nothing, so every spike train
#    and signal is empty. The recording still knows each population's size,
#    so ``spike_counts`` gives 100 zeros rather than an empty array, and
#    every plot and statistic of the course works on it.
recording = course.collect([exc, inh], parameters=net.parameters)
print(f"populations: {recording.labels}, run for {recording.run_time:g} ms on {recording.backend}")
for label in recording.labels:
    counts = recording.spike_counts(label)
    print(f"{label}: {recording.size(label)} cells, {counts.sum()} spikes")

# %%
# Asking the recording
# --------------------
# :meth:`~course.Recording.spike_times` gives one array of spike times (ms)
# per cell; :meth:`~course.Recording.signal` gives the sample times (ms) and
# a time-by-cell array of a signal, ``v`` in mV, ``gsyn_exc`` and
# ``gsyn_inh`` in µS. Ask for a signal that was not recorded and the error
# names those that were.
print(f"Exc cell 50 fired at {recording.spike_times('Exc')[50].tolist()} ms")
times, v = recording.signal("Exc", "v")
print(f"v of Exc: {v.shape[0]} samples x {v.shape[1]} cells")
times, g_exc = recording.signal("Exc", "gsyn_exc")
print(f"largest excitatory conductance in Exc: {g_exc.max(initial=0.0):.3f} µS")
print(f"stimulated cells (from the parameters): {recording.parameters['stimulated_cells']}")
try:
    recording.signal("Exc", "isyn_exc")
except KeyError as error:
    print(f"KeyError: {error}")

# %%
# Save and load again
# -------------------
# :func:`course.results.save` writes one file per population, ``.pkl`` (neo
# pickle) or ``.nix`` (:term:`NIX`), and :func:`course.results.load` reads
# them back into a :class:`~course.Recording`. Besides the data, each file
# keeps the recording's run time, parameters, backend and population size,
# so what you load is the recording you saved. ``load`` also reads files
# written by ``Population.write_data``; those keep only the data, so their
# run time and parameters come back as unknown (``None`` and ``{}``).
#
# .. warning::
#
#    Loading a pickle runs whatever code its author put into it. Load
#    ``.pkl`` files only when you saved them yourself; exchange recordings
#    with others as ``.nix`` files, which hold data only.
#
# NIX writes each cell's data as separate objects, which is slow for many
# cells, so for NIX we collect only the middle of each layer: a dict of label
# to :class:`~pyNN.common.PopulationView`, ``exc[44:56]`` being cells 44 to
# 55 (the stimulated cells and one neighbour on each side), numbered 0 to 11.
centre = course.collect({"Exc": exc[44:56], "Inh": inh[44:56]}, parameters=net.parameters)


def identical(first, second) -> bool:
    """True when two recordings hold exactly the same spikes and signals."""
    for label in first.labels:
        pairs = zip(first.spike_times(label), second.spike_times(label), strict=True)
        if not all(np.array_equal(a, b) for a, b in pairs):
            return False
        for name in ("v", "gsyn_exc", "gsyn_inh"):
            for a, b in zip(first.signal(label, name), second.signal(label, name), strict=True):
                if not np.array_equal(a, b):
                    return False
    return True


with tempfile.TemporaryDirectory() as folder:
    pickled = save(recording, Path(folder) / "pickle", ".pkl")
    nix = save(centre, Path(folder) / "nix", ".nix")
    print("written:", [path.name for path in (*pickled.values(), *nix.values())])
    from_pickle = load(pickled)
    from_nix = load(nix)

print(f"pickle round trip exact: {identical(recording, from_pickle)}")
print(f"NIX round trip exact:    {identical(centre, from_nix)}")
for name, loaded in (("pickle", from_pickle), ("NIX", from_nix)):
    print(
        f"from {name}: {loaded.run_time:g} ms on {loaded.backend}, sizes {loaded.sizes}, "
        f"{len(loaded.parameters)} parameters kept"
    )
print(f"stimulated cells, loaded: {from_pickle.parameters['stimulated_cells']}")

# %%
# "Exact" means bit for bit: every spike time and every sample of every
# signal compares equal, not just close. Both formats store the 64-bit
# floats as they are. A file that is missing, cut short or not a recording
# gets an error that names it and says what to do, and a save that fails
# half-way leaves the files of the last good save untouched.
#
# The picture below shows it: the membrane potential of the stimulated cell
# 50 (cell 6 of the centre) as recorded and as loaded from the NIX file, and
# the spike count of every centre cell, live and loaded.
fig, (ax_v, ax_counts) = plt.subplots(1, 2, layout="constrained", figsize=(9.0, 3.6))
live_times, live_v = centre.signal("Exc", "v")
nix_times, nix_v = from_nix.signal("Exc", "v")
plotting.traces(live_times, live_v, ax=ax_v, neurons=[6], labels=["recorded"])
ax_v.plot(nix_times, nix_v[:, 6], "--", color="C1", label="from NIX")
ax_v.legend(loc="lower right", fontsize="small")
ax_v.set_title("Exc cell 50: membrane potential")

cells = np.arange(44, 56)
ax_counts.bar(cells, centre.spike_counts("Exc"), color="C0", label="recorded")
ax_counts.plot(cells, from_nix.spike_counts("Exc"), "o", color="C1", label="from NIX")
ax_counts.set_xlabel("Exc cell index")
ax_counts.set_ylabel("spikes in 60 ms")
ax_counts.xaxis.set_major_locator(MaxNLocator(integer=True))
ax_counts.yaxis.set_major_locator(MaxNLocator(integer=True))
ax_counts.set_title("Spike count per cell")
ax_counts.margins(y=0.3)  # room above the bars for the legend
ax_counts.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# ``get_data()``, :func:`course.collect`, ``save`` and ``load`` work the same
# way there. A recording saved on the Jupyter hub loads on your laptop with
# its backend (``"spiNNaker"``, or ``"virtual"``), run time and parameters,
# so you can analyse a board's run at home.
#
# .. dropdown:: On SpiNNaker: what else differs when recovering data
#
#    The data arrive from the board after the run, which takes a moment for
#    long recordings. The synaptic state has other names there
#    (``isyn_exc`` instead of ``gsyn_exc`` for the *initial values*); the
#    recorded variables keep the PyNN names ``gsyn_exc`` and ``gsyn_inh``.
#
# Try it yourself
# ---------------
# Save the full ``recording`` as NIX too and time it with
# ``time.perf_counter()``. Before you run it, write down how you expect the
# file size to grow with the number of cells; then save the first 12, 25 and
# 100 cells of each layer (``course.collect({"Exc": exc[0:n], "Inh":
# inh[0:n]})``) and compare. Then load your own ``Exc.pkl`` with
# ``pickle.load`` directly and find the membrane potential inside the neo
# block by hand, as the notes did.
#
# .. dropdown:: Answer
#
#    The NIX files grow in proportion to the number of cells, by about 37 kB
#    per cell: 1.1 MB for the first 12 cells of each layer,
#    7.6 MB for all 100. NIX stores each cell's spike train as its own
#    described object, so the writing time grows with the number of cells
#    too; time it on your computer.
#
#    ``pickle.load`` on ``Exc.pkl`` gives a :class:`neo.Block` with one
#    segment; ``block.segments[0].analogsignals`` holds ``gsyn_exc``,
#    ``gsyn_inh`` and ``v``, and ``block.segments[0].filter(name="v")[0]`` is
#    the membrane potential, 61 samples by 100 cells, in mV.

# %%
# Key points
# ----------
# * :func:`course.collect` turns the neo blocks of a run into one
#   :class:`~course.Recording` that answers in ms, mV and µS, with each
#   population's size, the run time, the backend and your parameters.
# * :func:`course.results.save` and :func:`course.results.load` round-trip a
#   recording exactly: every spike, every sample and what it knows about its
#   run.
# * A pickle runs code when loaded: ``.pkl`` for your own files, ``.nix`` for
#   files you share or receive.
# * Data saved on the SpiNNaker hub load on a laptop and say where they were
#   recorded.
