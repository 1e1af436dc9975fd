"""
.. _lesson-23:

23. Task 3: a balanced random network
=====================================

Four excitatory cells for every inhibitory one, random connections, and a
Poisson input for every cell: the classic model of a patch of cortex. This
lesson states the task, builds the network in plain PyNN, measures its rates
and how irregular its cells fire, checks the result with
:func:`course.check.task3`, and then scales the network up and moves it
between activity regimes by changing the balance of excitation and
inhibition.

.. admonition:: The task

   Create a "balanced random network" with a timestep of 0.1 ms consisting of
   one "excitatory" and one "inhibitory" Population of LIF neurons with a size
   in the ratio of 4:1, and stimulate each in a one-to-one fashion using a
   ``SpikeSourcePoisson`` with rate 1000 Hz. Make the excitatory Population
   send excitatory spikes to itself and the inhibitory Population, and the
   inhibitory Population send inhibitory spikes to itself and the excitatory
   Population. Initialize the voltages using a random uniform distribution
   between -65.0 and -55.0 mV. Record and plot the spikes from the excitatory
   Population.
"""

# %%
# Choose the simulator and the numbers
# ------------------------------------
# The task fixes the timestep, the ratio, the input rate and the initial
# voltages; the rest is ours to choose. 400 + 100 cells, each pair connected
# with probability 0.1, so a cell receives about 40 excitatory and 10
# inhibitory inputs. An inhibitory synapse is ``g = 4`` times as strong as an
# excitatory one: 10 inputs x 0.4 nA cancel 40 x 0.1 nA, which is what makes
# the network "balanced".
import matplotlib.pyplot as plt

import course
import course.check
from course import analysis, plotting

sim = course.setup(timestep=0.1)

N_EXC, N_INH = 400, 100
P_CONNECT = 0.1
W_EXC = 0.1  # nA
G = 4.0
W_INH = course.signed_weight(G * W_EXC, "inhibitory", sim.IF_curr_exp)  # nA
INPUT_RATE, INPUT_WEIGHT = 1000.0, 0.15  # Hz, nA
DELAY = 1.0  # ms
RUN_TIME = 1000.0  # ms
print(f"excitatory weight {W_EXC} nA, inhibitory weight {W_INH} nA")

# %%
# :func:`course.signed_weight` gives the inhibitory weight the sign the
# backend needs: negative on NEST for current-based cells, while SpiNNaker
# ignores the sign and goes by ``receptor_type``.
#
# Two populations with random initial voltages
# --------------------------------------------
# A ``RandomDistribution`` draws one starting voltage per cell; its generator
# comes from :func:`course.make_rng`, so every run draws the same numbers.
exc = sim.Population(N_EXC, sim.IF_curr_exp(), label="exc")
inh = sim.Population(N_INH, sim.IF_curr_exp(), label="inh")
for cells in (exc, inh):
    cells.initialize(v=sim.RandomDistribution("uniform", (-65.0, -55.0), rng=course.make_rng()))
    cells.record("spikes")

# %%
# One Poisson source per cell
# ---------------------------
# Each population gets a population of ``SpikeSourcePoisson`` of the same
# size, connected one to one. ``**course.poisson_seed()`` seeds the sources on
# SpiNNaker (NEST takes its seed from :func:`course.setup`). On its own, 1000
# spikes per second of 0.15 nA hold a cell's membrane close to threshold.
for cells in (exc, inh):
    noise = sim.Population(
        cells.size,
        sim.SpikeSourcePoisson(rate=INPUT_RATE),
        label=f"{cells.label} input",
        **course.poisson_seed(),
    )
    sim.Projection(
        noise,
        cells,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=INPUT_WEIGHT, delay=DELAY),
        receptor_type="excitatory",
    )

# %%
# The recurrent connections
# -------------------------
# Four projections: excitatory cells excite both populations, inhibitory cells
# inhibit both. Every random connector gets its own seeded generator.
for source, receptor, weight in ((exc, "excitatory", W_EXC), (inh, "inhibitory", W_INH)):
    for target in (exc, inh):
        sim.Projection(
            source,
            target,
            sim.FixedProbabilityConnector(P_CONNECT, rng=course.make_rng()),
            sim.StaticSynapse(weight=weight, delay=DELAY),
            receptor_type=receptor,
        )

# %%
# Run and summarise
# -----------------
# We record both populations (the task needs only the excitatory one; the
# inhibitory one lets the check compare the two) and leave the first 100 ms
# out of the statistics, while the network settles from its random start.
sim.run(RUN_TIME)
recording = course.collect([exc, inh], {"run_time": RUN_TIME})
T_START = 100.0
summaries = {
    label: analysis.summary(recording, label, T_START, RUN_TIME) for label in ("exc", "inh")
}
print(analysis.summary_table(summaries))

# %%
# The spikes
# ----------
# The top panel shows the first 100 cells of each population; the bottom one
# the excitatory population rate in 1 ms bins. The cells fire irregularly and
# without a common rhythm: no vertical stripes in the raster, no regular
# waves in the rate, which stays near its mean of about 17 Hz.
fig, (ax_raster, ax_rate) = plt.subplots(
    2, 1, figsize=(8.0, 6.0), sharex=True, layout="constrained", height_ratios=(2, 1)
)
plotting.population_rasters(recording, ["exc", "inh"], ax=ax_raster, neurons=range(100))
ax_raster.set_xlabel("")
ax_raster.set_title("Balanced random network: 400 excitatory and 100 inhibitory cells")
bins, rate = analysis.population_rate(recording.spike_times("exc"), 0.0, RUN_TIME, bin_size=1.0)
plotting.rate_plot(bins, rate, ax=ax_rate, bin_size=1.0)
ax_rate.set_xlim(0.0, RUN_TIME)
ax_rate.set_title("Excitatory population rate")
plt.show()

# %%
# How irregular, how rhythmic?
# ----------------------------
# Three views of the same 900 ms. Left: every cell fires, at rates spread
# around the mean. Middle: the coefficient of variation (CV) of the
# inter-spike intervals is about 0.5. A clock has CV 0, a Poisson process 1:
# these cells are irregular, but more regular than Poisson, because their
# input holds the membrane close to threshold on its own, so much of each
# interval is a steady climb. Right: the power spectrum of the population
# rate has a broad hump around 20 Hz but no sharp peak: at most a loose,
# shared rhythm, the mark of asynchronous activity.
exc_spikes = recording.spike_times("exc")
rates = analysis.firing_rates(exc_spikes, T_START, RUN_TIME)
cvs = analysis.isi_cv([times[times >= T_START] for times in exc_spikes])
frequencies, power = analysis.power_spectrum(rate[int(T_START) :], 1.0, frequency_resolution=5.0)

fig, (ax_rates, ax_cv, ax_psd) = plt.subplots(1, 3, figsize=(10.0, 3.4), layout="constrained")
plotting.histogram(rates, ax=ax_rates, xlabel="firing rate (Hz)", ylabel="excitatory cells")
ax_rates.set_title("Rates")
plotting.histogram(cvs, ax=ax_cv, xlabel="ISI CV", ylabel="excitatory cells")
ax_cv.set_title("Irregularity")
plotting.spectrum_plot(frequencies, power, ax=ax_psd)
ax_psd.set_title("Population rate spectrum")
plt.show()
print(f"spectral peak at {analysis.peak_frequency(frequencies, power)} Hz")

# %%
# Check your own solution
# -----------------------
# :func:`course.check.task3` takes the excitatory spikes (and, if you have
# them, the inhibitory ones) as a :class:`course.Recording`, neo ``Block`` or
# list of arrays in ms, and says whether the network is silent, running
# away, regular or irregular, and whether the ratio is 4:1.
print(course.check.task3(recording))
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task3.balanced_network` packs the network above
# into one call, with the size, the connection probability, the weights, the
# balance ``g`` and the input as arguments; its defaults build this network.
# Call ``course.setup(timestep=0.1)`` before each run and ``sim.end()`` after.
# Try each extension before you open its solution.
#
# **1. Scale the network up to 1000 cells.**
#
# .. dropdown:: Solution: scale the weights with the number of inputs
#
#    With the same connection probability a cell of a bigger network has more
#    inputs: 80 excitatory instead of 40 at 800 + 200 cells. Keep each
#    weight as it is and the recurrent input grows with the network; grown
#    to 4000 cells this way, a network like this one ran away (more than 10
#    minutes and 5 GB before it was stopped). Brunel (2000) keeps the input
#    a cell receives fixed instead: here every recurrent weight is divided by
#    the number of inputs relative to the 400-cell network
#    (``scale_weights=True``, the default, multiplies by 40 / 80).
#
#    .. code-block:: python
#
#        from course.exercises.task3 import balanced_network
#
#        sim = course.setup(timestep=0.1)
#        recording = balanced_network(sim, n_exc=800, run_time=500.0)
#        sim.end()
#        print(recording.parameters["weight_exc"], recording.parameters["weight_inh"])
#        print(analysis.summary(recording, "exc", 100.0, 500.0))
#
#    With weights 0.05 and -0.2 nA the 800 excitatory cells fire at 15.8 Hz
#    with ISI CV 0.41, close to the 400-cell network (17.4 Hz, 0.47 over a
#    full second). At this size the unscaled network
#    (``scale_weights=False``) still behaves; the scaling is what keeps a
#    tenfold larger one from running away.
#
# **2. Move the network between regimes with g and the input.**
#
# .. dropdown:: Solution: regular and irregular regimes
#
#    .. code-block:: python
#
#        for options in (
#            {"g": 2.0},
#            {"g": 8.0, "w_exc": 0.3, "input_weight": 0.2, "fixed_in_degree": True},
#        ):
#            sim = course.setup(timestep=0.1)
#            recording = balanced_network(sim, run_time=500.0, **options)
#            sim.end()
#            print(options, analysis.summary(recording, "exc", 100.0, 500.0))
#
#    Measured on NEST (excitatory cells, 100-500 ms):
#
#    ======================================== ========= ======== ==================
#    network                                  rate      ISI CV   regime
#    ======================================== ========= ======== ==================
#    ``g = 2`` (excitation wins)              65.1 Hz   0.20     fast and regular
#    ``g = 4`` (the task, 1 s)                17.4 Hz   0.47     asynchronous
#    ``g = 8``, strong synapses, 40+10 inputs 12.3 Hz   0.81     irregular
#    ======================================== ========= ======== ==================
#
#    With ``g = 2`` the recurrent excitation is twice the inhibition: every
#    spike makes more spikes, and the rate climbs until the cells fire almost
#    as fast as their input lets them, at regular intervals, as on the
#    excitation-dominated side of Brunel's diagram. A larger ``g`` lets
#    inhibition win and lowers the rate, but on its own it does not move the
#    CV close to 1: the input alone brings the membrane to threshold, so the
#    cells fire on a steady climb. Brunel's asynchronous irregular state
#    needs the membrane to sit *below* threshold and spikes to come from
#    fluctuations. Three changes get there: ``g = 8``; recurrent synapses
#    three times stronger (0.3 nA excitatory, 2.4 nA inhibitory), which make
#    large fluctuations; and ``fixed_in_degree=True``, which gives every cell
#    exactly 40 excitatory and 10 inhibitory inputs, as in Brunel's model,
#    so that no cell gets more excitation than its neighbours. A stronger
#    input (0.2 nA) keeps the cells firing against the stronger inhibition.
#    The ISI CV rises to 0.81, much closer to a Poisson process.
#
# **3. Which numbers tell the regimes apart?**
#
# .. dropdown:: Solution: rate, CV, Fano factor and spectrum
#
#    :func:`course.analysis.summary` gives them in one call: the mean rate
#    (how active), the mean ISI CV (0 clock-like, 1 Poisson), the Fano factor
#    of spike counts across cells (how unequal the cells are) and, with
#    :func:`course.analysis.power_spectrum` of the population rate, whether
#    the population shares a rhythm (a sharp peak). In the task's network the
#    spectrum shows only a broad hump around 20 Hz: no common rhythm, the
#    mark of asynchronous activity. At ``g = 2`` the Fano factor is lower
#    (2.7 against 4.2: the cells are more alike) and the CV drops to 0.2.

# %%
# On SpiNNaker
# ------------
# * sPyNNaker runs a 0.1 ms timestep in real time by default, so every core
#   has a tenth of a millisecond per step for its neurons; if a run fails
#   because cores fall behind, put fewer neurons on each core with
#   :func:`course.set_neurons_per_core`.
# * ``course.poisson_seed()`` passes the seed as
#   ``additional_parameters={"seed": ...}``, which only sPyNNaker accepts.
# * Weights are 16-bit fixed point: 0.1 and -0.4 nA read back as very close,
#   not identical, values, and the sign of the inhibitory weight is ignored.
# * On a virtual board the recording is empty: the figures say so and the
#   check reports empty data instead of failing.
#
# Try it yourself
# ---------------
# Start every cell at -65 mV instead of a random voltage. What happens in the
# first 50 ms, and is the network any different after 100 ms?
