"""
.. _lesson-01:

01. Choosing and setting up the simulator
=========================================

Every PyNN script starts by choosing a simulator and setting it up: the
timestep of the integration and the shortest and longest synaptic delay. This
lesson shows the three backends the course runs on, how a lesson picks one,
what ``timestep``, ``min_delay`` and ``max_delay`` mean, why the course always
passes both delays, and what changes when the same script runs on SpiNNaker.

After it you will be able to start a simulation on NEST or on a (virtual)
SpiNNaker board from the same script, choose a timestep and delay range, and
predict the delay a simulator stores for the one you ask for.
"""

# %%
# The three backends
# ------------------
# PyNN is one language for many simulators: the same ``sim.Population`` and
# ``sim.Projection`` calls run on NEST (software, on your computer) and on
# SpiNNaker (a neuromorphic machine, through the sPyNNaker package). The course
# knows three ways to run a lesson, listed in :data:`course.backends.BACKENDS`.
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
# A lesson never writes ``import pyNN.nest as sim``: that line would have to be
# edited to run on SpiNNaker. It calls :func:`course.setup`, which decides, the
# first rule that applies winning:
#
# 1. the ``backend`` argument, e.g. ``course.setup("virtual")``;
# 2. the environment variable ``COURSE_SIMULATOR`` (``nest``, ``spiNNaker`` or
#    ``virtual``), which is how the course's tests run every lesson on both;
# 3. the first command-line argument, as in PyNN's own examples:
#    ``python 01_simulator.py spiNNaker``;
# 4. otherwise the course chooses by itself: SpiNNaker when sPyNNaker is
#    installed and ``~/.spynnaker.cfg`` names a machine (as on the hub), a
#    virtual board when that file sets ``virtual_board = True``, NEST
#    everywhere else, and it prints one line saying which and why.
#
# :func:`course.choose_backend` applies the same rules without setting
# anything up, so you can ask which backend a script would use.
print(f"this lesson runs on: {course.choose_backend()}")
print(f"an explicit choice wins: {course.choose_backend('SpiNNaker')}")

# %%
# Set it up
# ---------
# Three numbers, all in milliseconds:
#
# * ``timestep`` — the integration step. Every recorded sample sits on this
#   grid, and so does every spike, except on NEST for the cell types that have
#   a precise NEST model (``IF_curr_exp`` fires between grid points there,
#   ``IF_cond_exp`` on them). 0.1 ms is more accurate than 1 ms. SpiNNaker
#   keeps real time at either by default: at 0.1 ms each core has a tenth of
#   the time per step, and ``course.setup(..., time_scale_factor=10)`` slows
#   the run down if the cores cannot keep up.
# * ``min_delay`` — the shortest synaptic delay allowed; at least one timestep.
#   Simulators use it to exchange spikes in batches: nothing sent now can
#   arrive sooner than ``min_delay``.
# * ``max_delay`` — the longest delay allowed.
#
# Why pass both delays, always? On NEST (through PyNN 0.13) leaving
# ``min_delay`` at its default ``'auto'`` makes spikes from a
# ``SpikeSourceArray`` arrive late, and leaving out ``max_delay`` caps delays
# at 10 ms, so a longer delay fails with the misleading error
# ``StaticSynapse is not available``. sPyNNaker ignores ``max_delay`` (with a
# warning), which is why :func:`course.setup` passes it to NEST only.
sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=100.0)
state = course.current()
print(
    f"backend {state.backend}: timestep {state.timestep} ms, "
    f"delays from {state.min_delay} to {state.max_delay} ms, seed {state.seed}"
)

# %%
# Delays live on the timestep grid
# --------------------------------
# A delay is a whole number of timesteps. Ask for 3.857 ms at a 1 ms step and
# the simulator stores 4 ms: NEST and sPyNNaker both round to the nearest
# step. (They differ only exactly halfway between two steps, which the Try it
# below explores.) To see it, we connect one spike source to one neuron with
# several delays through a list of ``(pre, post, weight, delay)`` rows and
# read the delays back after a run (SpiNNaker builds connections only when it
# runs). We use spike sources, populations, a connector and a projection
# here; lessons 02 to 08 explain each of them.
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
# center-surround lesson; at 0.1 ms it follows the request closely. (The
# virtual board runs nothing, but it builds the connections, so the delays
# read back there too.)
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
# The course writes every measured difference between the backends down once,
# in :data:`course.backends.DIFFERENCES`; the "NEST versus SpiNNaker" page is
# generated from it, and each later lesson ends with the ones it meets. Here
# are the three entries that concern this lesson.
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
# * ``max_delay`` is ignored (with a warning) and
#   ``sim.get_min_delay()`` / ``sim.get_max_delay()`` raise, so this lesson reads
#   the values from :func:`course.current` instead.
# * Delays shorter than one timestep are raised to one timestep; delays longer
#   than the cores' own delay range use extra "delay extension" cores.
# * The virtual board maps the network onto a machine but runs nothing: it
#   builds the connections, so the delays above read back, but it records no
#   spikes.
#
# Try it yourself
# ---------------
# Predict the stored delays of ``[0.25, 0.75]`` ms at a 0.1 ms step with
# ``min_delay=0.1``: both lie exactly halfway between two steps. Write your
# prediction down, then check it with ``stored_delays([0.25, 0.75])`` after a
# ``course.setup(timestep=0.1, min_delay=0.1, max_delay=100.0)``, first on
# NEST and then on the virtual board (``python 01_simulator.py virtual`` with
# sPyNNaker installed).
#
# .. dropdown:: Answer
#
#    NEST stores 0.3 and 0.8 ms: it rounds a half step up. sPyNNaker stores
#    0.2 and 0.8 ms: it rounds with ``numpy.rint``, which sends a half to the
#    even step (2.5 steps become 2, 7.5 steps become 8). The same script can
#    therefore get delays one step apart on the two backends when a delay
#    lies exactly halfway; choose delays on the grid to avoid it.

# sphinx_gallery_thumbnail_number = 1
