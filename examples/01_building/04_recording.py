"""
.. _lesson-04:

04. Recording and initial values
================================

A simulator keeps only what you ask it to record. This lesson records the
spikes, the membrane potential and both synaptic conductances of the
excitatory layer, starts every neuron from a random membrane potential drawn
with a seeded generator, checks that draw against the normal distribution it
came from, and reads the recordings back after a run.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 25 minutes
   :Prerequisites: :ref:`lesson-02`, :ref:`lesson-03`
   :You will be able to: record spikes, membrane potentials and
      conductances, start a population from random initial values that are
      the same on every backend, and read the recordings back as plain
      arrays.
"""

# %%
# A layer with some input
# -----------------------
# The excitatory layer of the previous lesson, 100 ``IF_cond_exp`` cells with
# the test parameters. So that there is something to record, each cell gets
# its own excitatory and inhibitory Poisson spike train (random spikes at a
# given rate), one to one. Lessons 06 and 08 explain connectors and
# projections, lesson 13 Poisson input. :func:`course.population_seed` seeds
# the Poisson sources, so every run gets the same input.
#
# .. dropdown:: On SpiNNaker: why the seed goes on the population
#
#    The board draws the Poisson spikes itself, from a seed given to the
#    population (``seed=`` in ``sim.Population``); NEST draws them from the
#    seed given to :func:`course.setup`. :func:`course.population_seed`
#    passes the first on SpiNNaker and nothing on NEST.
import math

import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.parameters import IF_COND_EXP_PARAMETERS, RECORDABLES

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

N_CELLS = 100
RUN_TIME = 200.0  # ms
exc = sim.Population(N_CELLS, sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS), label="Exc")
for receptor, rate, weight in (("excitatory", 400.0, 0.02), ("inhibitory", 300.0, 0.05)):
    noise = sim.Population(
        N_CELLS, sim.SpikeSourcePoisson(rate=rate), label=receptor, **course.population_seed()
    )
    sim.Projection(
        noise,
        exc,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=course.signed_weight(weight, receptor, sim.IF_cond_exp)),
        receptor_type=receptor,
    )

# %%
# What to record
# --------------
# ``record`` takes a list of variable names. ``"spikes"`` gives spike times;
# ``"v"`` (mV), ``"gsyn_exc"`` and ``"gsyn_inh"`` (µS) are sampled every
# timestep. ``pop.can_record(name)`` tells whether a cell type has a variable.
exc.record(list(RECORDABLES))
print("recording:", ", ".join(name for name in RECORDABLES if exc.can_record(name)))

# %%
# Initial values
# --------------
# Before the first run each cell's state can be set with ``initialize``. We
# draw the membrane potentials from a normal distribution, mean -65 mV and
# standard deviation 2 mV, through a ``RandomDistribution`` with a seeded
# generator from :func:`course.make_rng`. ``host=True`` says the numbers are
# drawn here, on your computer, so every run starts from the same values on
# every backend.
#
# Draw the numbers once, with ``.next(n)``, and hand ``initialize`` the
# array: then you know exactly what the neurons start from.
# :func:`course.initial_values` reads the values back, one array per variable.
#
# .. dropdown:: On NEST and SpiNNaker: why not hand ``initialize`` the distribution itself?
#
#    It looks shorter but is not portable. sPyNNaker refuses a distribution
#    whose generator has a seed ("Use of rng in RandomDistribution for v is
#    not supported"); with an unseeded generator it accepts it and the board
#    draws new values on every run. On NEST, PyNN keeps the distribution as a
#    recipe, so every later read of ``pop.initial_values`` draws new numbers
#    that the neurons never had.
#
# .. dropdown:: On NEST and SpiNNaker: why not ``get_initial_value('v')``?
#
#    The notes read values back with ``get_initial_value('v')``: that method
#    does not exist on NEST and raises ``NotImplementedError`` on SpiNNaker.
#    ``pop.initial_values`` holds the values on both, and
#    :func:`course.initial_values` evaluates them.
V_MEAN, V_SD = -65.0, 2.0  # mV
print("initial-value names here:", ", ".join(sorted(exc.initial_values)))
v_start = sim.RandomDistribution("normal", (V_MEAN, V_SD), rng=course.make_rng(host=True)).next(
    N_CELLS
)
exc.initialize(v=v_start)
v_init = course.initial_values(exc)["v"]
print(f"read back equals the draw: {np.array_equal(v_init, v_start)}")
print(f"v at start: mean {v_init.mean():.2f} mV, sd {v_init.std(ddof=1):.2f} mV")
print(f"lowest {v_init.min():.2f} mV, highest {v_init.max():.2f} mV")


# %%
# Only ``v`` has the same initial-value name everywhere (lesson 02), so that
# is all this lesson sets; what is *recorded* is called ``gsyn_exc`` and
# ``gsyn_inh`` everywhere.
#
# The distribution of the draw
# ----------------------------
# The notes plotted the initial voltages as two histograms without units. A
# better check compares the draw with the distribution it came from: the
# empirical CDF (each cell a step of 1/100) against the normal CDF, and the
# histogram as a density against the normal PDF. A Kolmogorov–Smirnov
# distance says how far apart the two CDFs are at most.
def normal_cdf(x, mean, sd):
    """Fraction of a normal distribution below x."""
    return 0.5 * (1.0 + np.vectorize(math.erf)((np.asarray(x) - mean) / (sd * math.sqrt(2.0))))


def normal_pdf(x, mean, sd):
    """Density (1/mV) of a normal distribution at x."""
    return np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * math.sqrt(2.0 * math.pi))


sorted_v = np.sort(v_init)
ks_distance = np.max(
    np.maximum(
        np.arange(1, N_CELLS + 1) / N_CELLS - normal_cdf(sorted_v, V_MEAN, V_SD),
        normal_cdf(sorted_v, V_MEAN, V_SD) - np.arange(N_CELLS) / N_CELLS,
    )
)
print(f"largest gap between the CDFs: {ks_distance:.3f} (5 % critical value for 100 cells: 0.136)")

x = np.linspace(V_MEAN - 4 * V_SD, V_MEAN + 4 * V_SD, 200)
fig, (ax_cdf, ax_pdf) = plt.subplots(1, 2, layout="constrained", figsize=(8.0, 3.6))
ax_cdf.step(sorted_v, np.arange(1, N_CELLS + 1) / N_CELLS, where="post", label="100 cells")
ax_cdf.plot(x, normal_cdf(x, V_MEAN, V_SD), "--", color="C1", label="normal(-65, 2)")
ax_cdf.set_xlabel("initial membrane potential (mV)")
ax_cdf.set_ylabel("fraction of cells at or below")
ax_cdf.set_title("Cumulative distribution")
ax_cdf.legend(loc="upper left", fontsize="small")
ax_pdf.hist(v_init, bins=15, density=True, color="C0", edgecolor="white", label="100 cells")
ax_pdf.plot(x, normal_pdf(x, V_MEAN, V_SD), "--", color="C1", label="normal(-65, 2)")
ax_pdf.set_xlabel("initial membrane potential (mV)")
ax_pdf.set_ylabel("probability density (1/mV)")
ax_pdf.set_title("Density")
ax_pdf.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# Run and read back
# -----------------
# After ``sim.run``, ``pop.get_data()`` returns a :term:`neo` ``Block``;
# :func:`course.collect` wraps the blocks of several populations into one
# :class:`course.Recording` that hands out spike times in ms and signals as
# time-by-neuron arrays. The first sample of ``v`` is the initial value.
sim.run(RUN_TIME)
recording = course.collect([exc])
counts = recording.spike_counts("Exc")
t, v = recording.signal("Exc", "v")
_, g_exc = recording.signal("Exc", "gsyn_exc")
_, g_inh = recording.signal("Exc", "gsyn_inh")
print(f"{counts.sum()} spikes, {counts.mean() / RUN_TIME * 1000:.1f} Hz per cell on average")
print(f"v recorded: {v.shape[0]} samples x {v.shape[1]} cells")
if v.size:
    start_gap = np.abs(v[0] - v_init).max()
    print(f"first v sample equals the initial value to within {start_gap:.1e} mV")
    print(f"mean g_exc {g_exc.mean():.4f} µS, mean g_inh {g_inh.mean():.4f} µS")

# %%
# The spikes of all cells, the membrane potential of three of them, and the
# two conductances of the first one. Each input spike makes its conductance
# jump by the weight (0.02 or 0.05 µS) and decay with 5 ms.
fig, axes = plt.subplots(
    3, 1, sharex=True, layout="constrained", figsize=(6.4, 7.0), height_ratios=(1.2, 1, 1)
)
plotting.raster(recording.spike_times("Exc"), ax=axes[0], run_time=RUN_TIME)
axes[0].set_title("Spikes of the 100 cells")
plotting.traces(t, v, ax=axes[1], neurons=[0, 1, 2])
axes[1].axhline(IF_COND_EXP_PARAMETERS["v_thresh"], color="0.5", linestyle="--", linewidth=1)
axes[1].set_title("Membrane potential (threshold dashed)")
plotting.traces(
    t,
    np.column_stack([g_exc[:, :1], g_inh[:, :1]]) if v.size else np.empty((0, 2)),
    ax=axes[2],
    ylabel="conductance (µS)",
    labels=["g_exc, cell 0", "g_inh, cell 0"],
)
axes[2].set_title("Synaptic conductances of cell 0")
for ax in axes[:2]:
    ax.set_xlabel("")
plt.show()

sim.end()

# %%
# On SpiNNaker
# ------------
# * Recordings are kept in the board's memory (:term:`SDRAM`) during the run
#   and read out after it. Record only what you need to keep runs fast.
# * ``initialize`` works only before the first run (or after ``sim.reset()``).
# * On the virtual board every recording comes back empty; the figures above
#   say so instead of failing.
#
# .. dropdown:: On SpiNNaker: what recording costs, and what happens when memory runs out
#
#    Spikes cost one bit per neuron per timestep, whatever the rates; ``v``
#    and each conductance one 32-bit word per neuron per sample. When a run
#    would need more memory than the board has, sPyNNaker splits it into
#    shorter runs and reads the data out in between (auto pause and resume):
#    the cost is time, not lost data. Record fewer variables or cells, or use
#    ``sampling_interval=``.
#
# Try it yourself
# ---------------
# Draw the initial potentials from ``RandomDistribution("uniform", (-65.0,
# -55.0), rng=course.make_rng(host=True))``, as in the notes' exercise 3, and
# replace the normal curves by the uniform ones. Before you run it, write
# down whether the first spikes will come earlier, and whether there will be
# more spikes in the first 20 ms. Then count them with and without the change
# (``np.sum(np.concatenate(recording.spike_times("Exc")) < 20.0)``).
#
# .. dropdown:: Answer
#
#    The uniform draw starts the cells 5 mV higher on average (-60 mV instead
#    of -65 mV), 12 mV instead of 17 mV below the threshold, so the first
#    spikes come a little earlier and there are a few more of them. With the
#    lesson's seeds on NEST the first spike comes at 10 ms instead of 12 ms,
#    and the first 20 ms hold 18 spikes instead of 15. The effect is short:
#    within about one membrane time constant (20 ms) the Poisson input has
#    erased most of the difference in starting points, and the whole 200 ms
#    hold 470 spikes instead of 464.
#
# Key points
# ----------
# * A simulator keeps only what you ``record``: spikes, ``v``, conductances.
# * Set the starting state with ``initialize`` before the first run; draw
#   random values once, from a seeded generator, and pass the array.
# * :func:`course.collect` turns the recordings into spike times (ms) and
#   time-by-neuron arrays.
# * Compare a random draw with the distribution it came from, with units.
