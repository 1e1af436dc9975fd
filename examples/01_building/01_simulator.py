"""
.. _lesson-01:

01. Choosing and setting up the simulator
=========================================

Every PyNN script starts by choosing a simulator and setting it up: the
integration timestep and the shortest and longest synaptic delay. This lesson
shows how a lesson picks its simulator, how to explore what it offers, and
what the timestep does to the delays you ask for.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 20 minutes
   :Prerequisites: none
   :You will be able to: start a simulation on NEST or on a (virtual)
      SpiNNaker board from the same script, find the cell types and their
      parameters with ``help()``, choose a timestep and delay range, and
      predict the delay a simulator stores for the one you ask for.
"""

# %%
# The three backends
# ------------------
# PyNN is one language for many simulators: the same calls run on NEST
# (software, on your computer) and on SpiNNaker (a neuromorphic machine,
# through the sPyNNaker package). The course knows three
# :term:`backends <backend>`; the third, the :term:`virtual board`, maps a
# network onto SpiNNaker without running it.
import textwrap

import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.backends import BACKENDS, DIFFERENCES

for backend in BACKENDS.values():
    runs = "runs the network" if backend.runs_simulation else "maps only, records nothing"
    print(f"{backend.name:<10} {backend.pynn_module:<15} {runs}")
    print(f"{'':<10} {backend.summary}")

# %%
# How a lesson chooses
# --------------------
# A lesson never writes ``import pyNN.nest as sim``, which would need an edit
# to run on SpiNNaker. It calls :func:`course.setup`, which decides by the
# first rule that applies:
#
# 1. the ``backend`` argument, e.g. ``course.setup("virtual")``;
# 2. the environment variable ``COURSE_SIMULATOR`` (``nest``, ``spiNNaker`` or
#    ``virtual``);
# 3. the first command-line argument: ``python 01_simulator.py spiNNaker``;
# 4. otherwise the course chooses by itself and prints one line saying which
#    and why.
#
# :func:`course.choose_backend` applies the rules without setting up.
#
# .. dropdown:: On SpiNNaker: how the automatic choice finds the machine
#
#    SpiNNaker is chosen when sPyNNaker is installed and ``~/.spynnaker.cfg``
#    names a machine (as on the Jupyter hub), a virtual board when that file
#    sets ``virtual_board = True``, and NEST everywhere else. The course's
#    tests use ``COURSE_SIMULATOR`` to run every lesson on both.
print(f"this lesson runs on: {course.choose_backend()}")
print(f"an explicit choice wins: {course.choose_backend('SpiNNaker')}")

# %%
# Set it up
# ---------
# Three numbers, all in milliseconds:
#
# * ``timestep`` — the integration step (:term:`timestep`). Recorded samples
#   sit on this grid. 0.1 ms is more accurate than 1 ms, and slower.
# * ``min_delay`` — the shortest synaptic delay allowed; at least one timestep.
#   Simulators use it to exchange spikes in batches: nothing sent now can
#   arrive sooner than ``min_delay``.
# * ``max_delay`` — the longest delay allowed.
#
# The course always passes both delays.
#
# .. dropdown:: On NEST: why the course always passes both delays
#
#    Through PyNN 0.13, leaving ``min_delay`` at its default ``'auto'`` makes
#    spikes from a ``SpikeSourceArray`` arrive late, and leaving out
#    ``max_delay`` caps delays at 10 ms, so a longer delay fails with the
#    misleading error ``StaticSynapse is not available``. sPyNNaker ignores
#    ``max_delay`` (with a warning), which is why :func:`course.setup` passes
#    it to NEST only.
#
# .. dropdown:: On SpiNNaker: does a 0.1 ms timestep still run in real time?
#
#    Yes, by default: sPyNNaker runs one simulated millisecond per wall-clock
#    millisecond at a 1 ms step and at 0.1 ms, where each core has a tenth of
#    the time per step. If the cores cannot keep up,
#    ``course.setup(..., time_scale_factor=10)`` slows the run down.
sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=100.0)
state = course.current()
print(
    f"backend {state.backend}: timestep {state.timestep} ms, "
    f"delays from {state.min_delay} to {state.max_delay} ms, seed {state.seed}"
)

# %%
# Explore what ``sim`` offers
# ---------------------------
# ``sim`` is the simulator's PyNN module. In a notebook, type ``sim.`` and
# press Tab to list its cell types, connectors and functions; run
# ``help(sim.IF_curr_exp)`` to read one. In a script, filter ``dir(sim)`` and
# print a cell type's description and defaults (lesson 02 explains them).
cell_models = [name for name in dir(sim) if name.startswith("IF_")]
print(f"integrate-and-fire cell types here: {cell_models}")
print((sim.IF_curr_exp.__doc__ or "").strip())
print(f"defaults: {sim.IF_curr_exp.default_parameters}")

# %%
# Delays live on the timestep grid
# --------------------------------
# A delay is a whole number of timesteps. Ask for 3.857 ms at a 1 ms step and
# the simulator stores 4 ms: NEST and sPyNNaker both round to the nearest
# step (they differ only exactly halfway, as the Try it shows). To see it, we
# connect one spike source to one neuron with several delays and read them
# back after a run; lessons 02 to 08 explain each call.
requested = np.array([1.0, 1.4, 2.6, 3.857, 6.714, 12.3])
sweep = np.round(1.02 + 0.05 * np.arange(80), 2)  # 1.02 to 4.97 ms, for the figure


def stored_delays(delays):
    """Connect one source to one cell once per delay; return the stored delays, sorted."""
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[50.0]), label="source")
    cell = sim.Population(1, sim.IF_cond_exp(), label="cell")
    rows = [(0, 0, 0.01, delay) for delay in delays]
    projection = sim.Projection(
        source,
        cell,
        sim.FromListConnector(rows, column_names=["weight", "delay"]),
        receptor_type="excitatory",
    )
    sim.run(1.0)
    return np.sort(course.connections(projection)[:, 3])


# Rounding never changes the order of two delays, so sorted stored delays line
# up with sorted requested ones.
everything = np.sort(np.concatenate([requested, sweep]))
coarse = stored_delays(everything)
print(f"requested delays (ms):      {requested.tolist()}")
picked = np.isin(everything, requested)
if coarse.size:
    print(f"stored at timestep 1.0 ms:  {coarse[picked].round(3).tolist()}")

# %%
# The same at a finer timestep
# ----------------------------
# ``sim.end()`` closes a simulation; ``course.setup`` may then start a new one,
# here with a 0.1 ms step. Now the rounding error is at most 0.05 ms.
sim.end()
sim = course.setup(timestep=0.1, min_delay=0.1, max_delay=100.0)
fine = stored_delays(everything)
if fine.size:
    print(f"stored at timestep 0.1 ms:  {fine[picked].round(3).tolist()}")

# %%
# The figure sweeps the requested delay from 1 to 5 ms in 0.05 ms steps. At a
# 1 ms timestep the stored delay is a staircase and can be off by half a
# millisecond, which matters when delays encode distance, as in the
# center-surround lesson; at 0.1 ms it follows the request closely.
in_sweep = np.isin(everything, sweep)
fig, ax = plt.subplots(layout="constrained", figsize=(6.4, 4.4))
ax.plot([1.0, 5.0], [1.0, 5.0], color="0.6", linewidth=1, label="stored = requested")
if coarse.size:
    ax.plot(everything[in_sweep], coarse[in_sweep], ".", color="C0", label="timestep 1.0 ms")
if fine.size:
    ax.plot(everything[in_sweep], fine[in_sweep], ".", color="C1", label="timestep 0.1 ms")
else:
    plotting.mark_empty(ax)
ax.set_xlim(1.0, 5.0)
ax.set_ylim(0.8, 5.2)
ax.set_xlabel("requested delay (ms)")
ax.set_ylabel("stored delay (ms)")
ax.set_title("Delays are rounded to the nearest timestep")
ax.legend(loc="upper left", fontsize="small")
plt.show()

sim.end()

# %%
# What differs on SpiNNaker
# -------------------------
# Every measured difference between the backends is written down once, in
# :data:`course.backends.DIFFERENCES`. These three concern this lesson.
THIS_LESSON = ("min_delay and max_delay", "Rounding delays to the timestep", "Timing and precision")
for difference in DIFFERENCES:
    if difference.topic in THIS_LESSON:
        print(f"\n{difference.topic}")
        for who, text in (
            ("NEST", difference.nest),
            ("SpiNNaker", difference.spinnaker),
            ("course", difference.course),
        ):
            print(
                textwrap.fill(
                    text, 88, initial_indent=f"  {who + ':':<11}", subsequent_indent=" " * 13
                )
            )

# %%
# On SpiNNaker
# ------------
# * ``max_delay`` is ignored (with a warning) and ``sim.get_min_delay()`` /
#   ``sim.get_max_delay()`` raise, so this lesson reads the values from
#   :func:`course.current`.
# * Delays shorter than one timestep are raised to one timestep; longer delays
#   than a core holds use extra cores (:term:`delay extension`).
# * The virtual board builds the connections, so the delays above read back,
#   but it records no spikes.
#
# Try it yourself
# ---------------
# The delays 0.25 and 0.75 ms lie exactly halfway between two 0.1 ms steps.
# Before you run it, write down what you expect NEST and sPyNNaker to store.
# Then, after ``course.setup(timestep=0.1, min_delay=0.1, max_delay=100.0)``,
# print ``stored_delays([0.25, 0.75])`` on NEST and on the virtual board
# (``python 01_simulator.py virtual``).
#
# .. dropdown:: Answer
#
#    NEST stores 0.3 and 0.8 ms: it rounds a half step up. sPyNNaker stores
#    0.2 and 0.8 ms: it rounds with ``numpy.rint``, which sends a half to the
#    even step (2.5 steps become 2, 7.5 steps become 8). The same script can
#    therefore get delays one step apart on the two backends when a delay
#    lies exactly halfway; choose delays on the grid to avoid it.
#
# Key points
# ----------
# * ``sim = course.setup(...)`` picks the simulator; everything after it is
#   plain PyNN.
# * Explore ``sim`` with Tab completion, ``dir(sim)`` and ``help()``.
# * ``timestep``, ``min_delay`` and ``max_delay`` are in ms; pass all three.
# * Delays are rounded to whole timesteps: choose delays on the grid when
#   exact delays matter.

# sphinx_gallery_thumbnail_number = 1
