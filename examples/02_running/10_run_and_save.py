"""
.. _lesson-10:

10. Running and saving
======================

Building a network only describes it; ``sim.run`` simulates it. This lesson
runs the layer network with its thalamic volley, shows that two ``run``
calls continue one simulation rather than start two, writes what the
populations recorded to files in two formats, and ends the simulation.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 15 minutes
   :Prerequisites: :ref:`lesson-04`, :ref:`lesson-09`
   :You will be able to: run a simulation in pieces, save what it recorded
      in a format that fits the job, and end it cleanly.
"""

# %%
# Build the network
# -----------------
# The network and the volley of :ref:`lesson-09`, rebuilt in two lines.
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.network import layer_network
from course.stimuli import thalamic_volley

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1
volley = thalamic_volley(100)
net = layer_network(sim, thalamus_spike_times=volley)
exc, inh = net.populations["Exc"], net.populations["Inh"]

# %%
# Run, and run again
# ------------------
# ``sim.run(t)`` advances the simulation by ``t`` milliseconds from wherever
# it stands. A second call carries on from the first: the neurons keep their
# membrane potentials and the spikes in flight still arrive. The notes'
# ``time_bins = 500`` is such a duration, in ms, not a number of bins.
sim.run(30.0)
print(f"after the first run:  t = {sim.get_current_time():g} ms")
sim.run(30.0)
print(f"after the second run: t = {sim.get_current_time():g} ms")

# %%
# ``get_data()`` returns a :term:`neo` ``Block``. Both runs fill the same
# *segment*, one continuous recording: a membrane potential sampled every
# millisecond from 0 to 60 ms, 61 samples per cell.
block = exc.get_data()
segment = block.segments[0]
v = segment.filter(name="v")[0]
print(f"segments: {len(block.segments)}")
print(f"v: {v.shape[0]} samples x {v.shape[1]} cells, every {v.sampling_period} from {v.t_start}")
print(f"spike trains: {len(segment.spiketrains)}, each ending at {segment.spiketrains[0].t_stop}")

# %%
# The activity does not notice the break at 30 ms: the volley ended at
# 12 ms, yet cells keep firing after the second ``run`` began, driven by
# spikes and conductances left over from the first. Two runs of 30 ms give
# exactly the spikes of one run of 60 ms.
recording = course.collect([exc, inh])
fig, ax = plt.subplots(layout="constrained", figsize=(7.0, 4.0))
plotting.population_rasters(recording, ax=ax, neurons=range(35, 65), run_time=60.0)
boundary = ax.axvline(30.0, color="0.3", linestyle=":", label="second sim.run starts")
ax.legend(handles=[boundary], loc="upper right", fontsize="small")
ax.set_title("sim.run(30.0) twice: one continuous recording (cells 35 to 64)")
plt.show()
for label in recording.labels:
    times = np.concatenate(recording.spike_times(label))
    print(f"{label}: {np.sum(times < 30.0)} spikes in the first run, {np.sum(times >= 30.0)} after")

# %%
# Save to files
# -------------
# ``Population.write_data(filename)`` writes everything the population
# recorded; the file ending picks the format. ``.pkl`` is a pickled neo
# block: compact and fast, but only for Python, and loading a pickle runs
# code, so open only your own. ``.nix`` is :term:`NIX`, which other tools
# read too; it stores each cell's data as a separate object, so for many
# cells it is slow and large, and a view such as ``exc[44:56]`` writes only
# the cells you select.
#
# Each call writes *all* recorded variables (the notes' loop over variables
# wrote four identical files per layer); ``variables=["v"]`` picks one. We
# write into a temporary folder that disappears afterwards; in your own work
# choose a real folder.
with tempfile.TemporaryDirectory() as folder:
    exc.write_data(str(Path(folder) / "Exc.pkl"))
    exc.write_data(str(Path(folder) / "Exc_v.pkl"), variables=["v"])
    exc[44:56].write_data(str(Path(folder) / "Exc_44-55.nix"))
    for path in sorted(Path(folder).iterdir()):
        print(f"{path.name:14} {path.stat().st_size / 1e3:6.0f} kB")

# %%
# Both formats hold the same numbers. :ref:`lesson-11` loads them back, and
# saves with :func:`course.results.save`, which also keeps the run time and
# the parameters in the file.

# %%
# End, or reset
# -------------
# ``sim.end()`` closes the simulation; :func:`course.setup` afterwards starts
# afresh, with the same seed.
#
# ``sim.reset()`` sets the clock back to 0 and the neurons to their initial
# values, keeps the network, and makes the next ``run`` record into a *new*
# segment: after a reset, ``get_data().segments`` holds one segment per
# trial, so reading only ``segments[0]`` (as the notes' ``recover_results``
# does) silently shows the first trial alone. To repeat a trial in this
# course, end the simulation and build the network again.
#
# .. dropdown:: On NEST: why the course does not call sim.reset()
#
#    On NEST, PyNN can reset only if ``setup`` was given ``t_flush`` (a time
#    to run the network empty), which :func:`course.setup` does not pass.
#    On SpiNNaker ``sim.reset()`` works without it; a changed network is
#    mapped again at the next run.
sim.end()

# %%
# On SpiNNaker
# ------------
# The same calls work there, and ``write_data`` writes the same files (empty
# ones on a virtual board). ``sim.end()`` matters more: it releases the board
# you were given, for the next user of the Jupyter hub.
#
# .. dropdown:: On SpiNNaker: what sim.run costs before the network runs
#
#    ``sim.run`` first maps the network onto the machine: placing, routing
#    and generating its data took 0.3 s on the host for this network on a
#    virtual board in one measurement on a 2-core machine (it depends on the
#    machine), and a real board also loads the data. Then it runs in real
#    time: 60 ms of network time take 60 ms. A second ``run`` reuses the
#    mapping (0.06 s in the same measurement).
#
# Try it yourself
# ---------------
# Write only the membrane potential of ``exc`` to a ``.nix`` file with
# ``exc.write_data(name, variables=["v"])`` and compare its size with the
# full file. Before you run it, write down the ratio you expect. Then end the
# simulation, set up a new one, build the network again and run it once for
# 60 ms: write down whether you expect exactly the spike times of the two
# 30 ms runs, then check.
#
# .. dropdown:: Answer
#
#    The ``v``-only NIX file of all 100 excitatory cells is 0.56 MB, the full
#    one 3.8 MB, about seven times larger: it also holds both conductances and
#    one spike-train object per cell, each described in the file. (The pickle
#    files are far smaller, 54 kB and 158 kB.)
#
#    One run of 60 ms gives exactly the same 33 excitatory spike times as two
#    runs of 30 ms: ``sim.run`` continues the simulation, and on NEST nothing
#    depends on where a run is cut.

# %%
# Key points
# ----------
# * ``sim.run(t)`` advances the simulation by ``t`` ms from where it stands;
#   two runs make one continuous recording in one segment.
# * ``write_data`` writes all recorded variables unless ``variables=`` picks
#   some; ``.pkl`` is small and for your own files, ``.nix`` is for sharing.
# * ``sim.reset()`` starts a new segment per trial; the course repeats a
#   trial by ending the simulation and building again.
# * ``sim.end()`` closes the simulation, and on the hub releases the board.
