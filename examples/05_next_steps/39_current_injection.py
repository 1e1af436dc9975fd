"""
.. _lesson-39:

39. Exercise: inject current
============================

The notes' last open exercise, "inject current topic". PyNN has four
standard current sources: ``DCSource`` (constant), ``StepCurrentSource``
(piecewise constant), ``ACSource`` (a sine on an offset) and
``NoisyCurrentSource`` (Gaussian white noise, redrawn every ``dt``).
We inject each into one cell, then a range of constant currents into a
population, and check the firing rates against the formula for a leaky
integrate-and-fire (:term:`LIF`) cell.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Intermediate
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-02`, :ref:`lesson-04`
   :You will be able to: inject the four standard current sources into
      cells, and predict the firing rate of a leaky integrate-and-fire cell
      driven by a constant current.
"""

# %%
# Choose the simulator
# --------------------
# A 0.1 ms :term:`timestep` and one thread: fourteen cells are too few to
# share between two threads, which would mostly wait for each other at each
# step.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.exercises import current_injection as ci

sim = course.setup(timestep=0.1, threads=1)
# sphinx_gallery_thumbnail_number = 1
dt = course.current().timestep

# %%
# One cell per source
# -------------------
# Four identical ``IF_curr_exp`` cells (PyNN's defaults with a 2 ms
# refractory period: 20 MΩ, threshold 15 mV above rest, so 0.75 nA is the
# least current that makes them fire). Each gets one source, switched on
# from 20 to 180 ms. Every source has ``start`` and ``stop`` (ms) and an
# amplitude in nA; ``cell.inject(source)`` and ``source.inject_into(cells)``
# do the same thing.
sources = {
    "DCSource": sim.DCSource(amplitude=1.0, start=20.0, stop=180.0),
    "StepCurrentSource": sim.StepCurrentSource(
        times=[20.0, 70.0, 120.0, 170.0], amplitudes=[0.6, 1.0, 1.5, 0.0]
    ),
    "ACSource": sim.ACSource(
        start=20.0, stop=180.0, amplitude=0.6, offset=0.8, frequency=10.0, phase=0.0
    ),
    # On SpiNNaker the noise must be redrawn every timestep (dt = timestep).
    "NoisyCurrentSource": sim.NoisyCurrentSource(
        mean=0.9, stdev=2.0, start=20.0, stop=180.0, dt=dt
    ),
}
cells = {}
for name, source in sources.items():
    cell = sim.Population(1, sim.IF_curr_exp(**ci.CELL_PARAMETERS), label=name)
    cell.record(["spikes", "v"])
    cell.inject(source)
    cells[name] = cell

# %%
# A population: the f-I curve
# ---------------------------
# Ten more cells, each with its own ``DCSource`` from 0.5 to 2.0 nA, run for
# 1 s. A ``DCSource`` injected into a whole population
# (``population.inject(source)``) would give every cell the same current;
# here each cell takes one, via ``population[i].inject(...)``.
currents = np.linspace(0.5, 2.0, 10)
population = sim.Population(10, sim.IF_curr_exp(**ci.CELL_PARAMETERS), label="f-I")
population.record("spikes")
for index, amplitude in enumerate(currents):
    population[index : index + 1].inject(sim.DCSource(amplitude=float(amplitude)))

run_time = 1000.0
sim.run(run_time)
recording = course.collect([*cells.values(), population])

# %%
# The four sources
# ----------------
# The constant current makes the cell fire regularly; the steps change its
# rate at each step; the sine makes it fire on the rising half of each
# 100 ms cycle; the noise makes the intervals irregular although its mean
# (0.9 nA) is close to the constant current.
fig, axes = plt.subplots(4, 1, layout="constrained", figsize=(7.5, 8.0), sharex=True)
for ax, name in zip(axes, sources, strict=True):
    times, v = recording.signal(name, "v")
    plotting.traces(times, v, ax=ax, labels=[name])
    n_spikes = recording.spike_counts(name).sum()
    ax.set_title(f"{name}: {n_spikes} spikes", fontsize="medium")
    ax.set_xlabel("")
axes[-1].set_xlim(0.0, 200.0)
axes[-1].set_xlabel("time (ms)")
plt.show()

# %%
# Rate against current, simulated and predicted
# ---------------------------------------------
# Below 0.75 nA the membrane settles under threshold and the cell stays
# silent. Above it, :func:`~course.exercises.current_injection.lif_rate`
# predicts ``1 / (t_ref + tau_m ln((R I + v_rest - v_reset) / (R I + v_rest - v_thresh)))``.
# We measure each cell's rate from its mean inter-spike interval, which does
# not depend on when the first spike fell.
spike_times = recording.spike_times("f-I")
measured = np.array(
    [1000.0 / np.mean(np.diff(times)) if times.size > 1 else 0.0 for times in spike_times]
)
predicted = ci.lif_rate(currents)
print(" current   simulated   formula")
for amplitude, simulated, formula in zip(currents, measured, predicted, strict=True):
    print(f"{amplitude:5.2f} nA   {simulated:7.2f} Hz  {formula:6.2f} Hz")

fine = np.linspace(0.0, 2.1, 400)
fig, ax = plt.subplots(layout="constrained", figsize=(6.0, 4.0))
ax.plot(fine, ci.lif_rate(fine), color="0.3", label="LIF formula")
ax.plot(currents, measured, "o", color="C1", label=f"simulated ({course.current().backend})")
ax.axvline(
    ci.threshold_current(1.0, 20.0, -65.0, -50.0),
    color="0.6",
    linestyle=":",
    label="threshold current",
)
ax.set_xlabel("injected current (nA)")
ax.set_ylabel("firing rate (Hz)")
ax.set_title("f-I curve of a LIF cell")
ax.legend()
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# On SpiNNaker
# ------------
# sPyNNaker 7.4 implements all four sources (in
# ``spynnaker/pyNN/models/current_sources``), and the virtual board maps
# them; compare rates within a few percent.
#
# .. dropdown:: On SpiNNaker: what differs for each source?
#
#    * Current sources are computed on the neuron's own core.
#    * ``NoisyCurrentSource`` must use ``dt`` equal to the timestep there
#      (any other value raises an error), and sPyNNaker 7.4 draws its noise
#      on the board from an unseeded generator: two runs give different
#      noise. On NEST the noise is seeded by ``course.setup(seed=...)``.
#    * Fixed-point arithmetic and a once-per-step update make SpiNNaker's
#      rates differ from the formula by a little more than NEST's, which
#      integrates ``IF_curr_exp`` exactly.
#    * NEST can record the current a source injects (``source.record()``);
#      sPyNNaker cannot, which is why this lesson plots only the cells.
#
# Try it yourself
# ---------------
# Give the ten f-I cells a 5 ms refractory period instead of 2 ms: change
# ``sim.IF_curr_exp(**ci.CELL_PARAMETERS), label="f-I"`` to
# ``sim.IF_curr_exp(**{**ci.CELL_PARAMETERS, "tau_refrac": 5.0}),
# label="f-I"``. Before you run it, write down, from the formula of this
# lesson, the rate at 1 nA and at 2 nA, and the rate no current can exceed.
#
# .. dropdown:: Answer
#
#    The formula with ``t_ref`` = 5 ms: at 1 nA the membrane needs
#    20 ms x ln(20 / 5) = 27.7 ms to reach threshold, so 1 / 32.7 ms =
#    30.6 Hz (33.6 Hz with 2 ms); at 2 nA it needs 9.4 ms, so 69.4 Hz
#    instead of 87.7 Hz. The simulation gives the same, 30.56 and 69.44 Hz.
#    No current can make a cell fire faster than once per refractory
#    period, 200 Hz: the stronger the current, the more of each interval
#    the refractory period takes, so the longer period costs most at the
#    top of the curve. The threshold current stays 0.75 nA.
#
# Key points
# ----------
# * PyNN's four standard current sources (``DCSource``,
#   ``StepCurrentSource``, ``ACSource``, ``NoisyCurrentSource``) are
#   injected with ``cells.inject(source)``; one source into a population
#   gives every cell the same current.
# * A LIF cell fires only above a threshold current (here 0.75 nA); above
#   it the rate follows a formula of the membrane's time constant, the
#   threshold and the refractory period.
# * The refractory period caps the rate at one spike per ``tau_refrac``.
# * Constant currents give regular firing; noise makes it irregular.
