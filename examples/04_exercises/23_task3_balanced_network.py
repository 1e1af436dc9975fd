"""
.. _lesson-23:

23. Task 3: a balanced random network
=====================================

Four excitatory cells for every inhibitory one, random connections and a
Poisson input per cell: the classic model of a patch of cortex. You build
it, look at its spikes, measure how its cells fire, and check it.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Hard
   :Time: about 45 minutes
   :Prerequisites: :ref:`lesson-21`, :ref:`lesson-04`, :ref:`lesson-13`
   :You will be able to: build a random network of excitatory and inhibitory
      cells with Poisson input, initialise its membrane potentials at random,
      and tell from its raster, rates, ISI CV and synchrony index whether it
      fires asynchronously and irregularly.

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

   Start from the :download:`starter script </starters/task3_starter.py>`:
   the task's skeleton and numbers with four ``TODO`` blocks to fill in; it
   plots your spikes and runs the check at the end.

**Try it yourself first**: fill in the starter script, run it, and read
what the check says. Then open the worked solution below.
"""

# %%
# .. rst-class:: worked-solution
#
# The worked solution
# -------------------
#
# Choose the simulator and the numbers
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# The task leaves the sizes, weights and connections to us. We follow
# Brunel's (2000) recipe for the :term:`asynchronous irregular state`
# (:ref:`lesson-42` lists where we differ from him):
#
# * 400 + 100 cells, each with exactly 40 excitatory and 10 inhibitory
#   inputs.
# * Inhibitory synapses ``g = 8`` times as strong as excitatory ones.
#   ``g = 4`` would cancel the mean recurrent input (a :term:`balanced
#   network`); ``g = 8``, *inhibition-dominated*, makes the firing
#   irregular (lesson 42 shows why).
# * Strong synapses (0.25 and -2.0 nA), so that 50 random inputs shake the
#   membrane by several millivolts.
# * Poisson spikes of 0.25 nA; 500 ms.
#
# .. dropdown:: Why ``min_delay=1.0``, and why a 0.1 ms refractory period?
#
#    Every delay is 1 ms, so we tell :func:`course.setup` that no delay is
#    shorter: NEST then exchanges spikes between its threads once per
#    millisecond instead of at every 0.1 ms step, which makes this run
#    several times faster without changing the model. We keep PyNN's default
#    refractory period, 0.1 ms; Brunel's cells rest for 2 ms after a spike
#    (extension 2 tries it).
import matplotlib.pyplot as plt

import course
import course.check
from course import analysis, plotting

sim = course.setup(timestep=0.1, min_delay=1.0)
# sphinx_gallery_thumbnail_number = 1

N_EXC, N_INH = 400, 100
K_EXC, K_INH = 40, 10  # recurrent inputs per cell from each population
TAU_REFRAC = 0.1  # ms, PyNN's default (Brunel: 2 ms)
V_INIT = (-65.0, -55.0)  # mV, the task's range of initial voltages
W_EXC = 0.25  # nA
G = 8.0
W_INH = course.signed_weight(G * W_EXC, "inhibitory", sim.IF_curr_exp)  # nA
INPUT_RATE, INPUT_WEIGHT = 1000.0, 0.25  # Hz, nA
DELAY = 1.0  # ms
RUN_TIME = 500.0  # ms
print(f"excitatory weight {W_EXC} nA, inhibitory weight {W_INH} nA")

# %%
# :func:`course.signed_weight` gives the inhibitory weight the sign the
# simulator in use needs.
#
# .. dropdown:: On NEST and SpiNNaker: why a signed weight?
#
#    NEST needs a negative weight for inhibitory current-based synapses;
#    SpiNNaker ignores the sign and goes by ``receptor_type``.
#
# Two populations with random initial voltages
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# A ``RandomDistribution`` draws one starting voltage per cell, with a
# generator from :func:`course.make_rng`. As :ref:`lesson-04` showed, we draw
# the numbers here with ``.next(n)`` and hand ``initialize`` the array.
#
# .. dropdown:: On SpiNNaker: why draw the voltages here?
#
#    sPyNNaker refuses a distribution with a seeded generator in
#    ``initialize``; numbers drawn on the host may come from a seeded
#    generator on every backend (``host=True``), so both backends start from
#    the same voltages.
exc = sim.Population(N_EXC, sim.IF_curr_exp(tau_refrac=TAU_REFRAC), label="exc")
inh = sim.Population(N_INH, sim.IF_curr_exp(tau_refrac=TAU_REFRAC), label="inh")
for cells in (exc, inh):
    v_start = sim.RandomDistribution("uniform", V_INIT, rng=course.make_rng(host=True))
    cells.initialize(v=v_start.next(cells.size))
    cells.record("spikes")

# %%
# One Poisson source per cell
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~
# A ``SpikeSourcePoisson`` population of the same size per population,
# one to one; ``**course.poisson_seed()`` seeds it where needed. The list
# ``projections`` lets the check see the network.
projections = []
for cells in (exc, inh):
    noise = sim.Population(
        cells.size,
        sim.SpikeSourcePoisson(rate=INPUT_RATE),
        label=f"{cells.label} input",
        **course.poisson_seed(),
    )
    projections.append(
        sim.Projection(
            noise,
            cells,
            sim.OneToOneConnector(),
            sim.StaticSynapse(weight=INPUT_WEIGHT, delay=DELAY),
            receptor_type="excitatory",
        )
    )

# %%
# The recurrent connections
# ~~~~~~~~~~~~~~~~~~~~~~~~~
# Excitatory cells excite both populations, inhibitory cells inhibit both.
# ``FixedNumberPreConnector`` gives every cell the same :term:`in-degree`
# (40 + 10 inputs), so the same mean recurrent input.
for source, receptor, weight, n_inputs in (
    (exc, "excitatory", W_EXC, K_EXC),
    (inh, "inhibitory", W_INH, K_INH),
):
    for target in (exc, inh):
        projections.append(
            sim.Projection(
                source,
                target,
                sim.FixedNumberPreConnector(n_inputs, rng=course.make_rng()),
                sim.StaticSynapse(weight=weight, delay=DELAY),
                receptor_type=receptor,
            )
        )

# %%
# Run and summarise
# ~~~~~~~~~~~~~~~~~
# The statistics leave out the first 100 ms, while the network settles. Per
# population: the mean rate, the mean :term:`ISI CV` (0 for a clock, about 1
# for random firing) and the :term:`Fano factor` of the spike counts (how
# unequal the cells are). The synchrony index is 1 for independent cells and
# up to 400 if all fired in the same 1 ms bins.
sim.run(RUN_TIME)
recording = course.collect([exc, inh], {"run_time": RUN_TIME})
T_START = 100.0
summaries = {
    label: analysis.summary(recording, label, T_START, RUN_TIME) for label in ("exc", "inh")
}
print(analysis.summary_table(summaries))
exc_spikes = recording.spike_times("exc")
exc_synchrony = analysis.synchrony(exc_spikes, T_START, RUN_TIME)
print(f"synchrony index {exc_synchrony:.2f}")

# %%
# The spikes
# ~~~~~~~~~~
# Top: the first 100 cells of each population; bottom: the excitatory rate
# in 1 ms bins. Each cell fires at random moments, and the cells do not fire
# together (no vertical stripes): the asynchronous irregular state. Over five
# seeds of :func:`course.setup` (2026 and 1 to 4) the excitatory cells fired
# at 19.4 to 21.9 Hz, ISI CV 0.95 to 0.99 (irregular: 0.8 or more),
# synchrony index 1.5 to 2.2.
fig, (ax_raster, ax_rate) = plt.subplots(
    2, 1, figsize=(8.0, 6.0), sharex=True, layout="constrained", height_ratios=(2, 1)
)
plotting.population_rasters(recording, ["exc", "inh"], ax=ax_raster, neurons=range(100))
ax_raster.set_xlabel("")
ax_raster.set_title("Random network, g = 8: 400 excitatory and 100 inhibitory cells")
bins, rate = analysis.population_rate(exc_spikes, 0.0, RUN_TIME, bin_size=1.0)
plotting.rate_plot(bins, rate, ax=ax_rate, bin_size=1.0)
ax_rate.axhline(summaries["exc"]["rate_hz"], color="C1", linestyle="--")
ax_rate.set_xlim(0.0, RUN_TIME)
ax_rate.set_title("Excitatory population rate in 1 ms bins (dashed: mean over 100-500 ms)")
plt.show()

# %%
# Check your own solution
# ~~~~~~~~~~~~~~~~~~~~~~~
# :func:`course.check.task3` takes the spikes (a Recording, neo ``Block`` or
# arrays in ms) and the projections: it checks the structure, and whether
# the cells fire irregularly and independently.
result = course.check.task3(recording, projections=projections)
print(result)
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task3.balanced_network` builds and runs this
# network in one call.
#
# **1. Scale the network up to 1000 cells.**
#
# .. dropdown:: Solution: scale the weights with the number of inputs
#
#    With the same share of connections a cell of a bigger network has more
#    inputs: 80 excitatory instead of 40 at 800 + 200 cells. Keep each
#    weight as it is and every cell receives twice the recurrent excitation
#    and twice the inhibition: the bigger network is a different network
#    (try ``scale_weights=False``). To keep the mean input a cell receives,
#    divide every recurrent weight by the number of inputs relative to the
#    400-cell network (``scale_weights=True``, the default, multiplies by
#    40 / 80).
#
#    .. code-block:: python
#
#        from course.exercises.task3 import balanced_network
#
#        sim = course.setup(timestep=0.1, min_delay=1.0)
#        recording = balanced_network(sim, n_exc=800)
#        sim.end()
#        print(recording.parameters["weight_exc"], recording.parameters["weight_inh"])
#        print(analysis.summary(recording, "exc", 100.0, 500.0))
#
#    With weights 0.125 and -1.0 nA the 800 excitatory cells fire at 14.5
#    to 16.0 Hz with ISI CV 0.72 to 0.77 (five seeds): moderately irregular,
#    as irregular as Poisson cells of those rates and this short window
#    (0.74 to 0.77, :func:`course.analysis.poisson_cv`), but less so than
#    the small network (0.95 to 0.99). At equal rates the mean input would be
#    the same, but twice as many inputs of half the weight fluctuate less
#    (the spread of the input shrinks by the square root of 2), so the cells
#    fire less often and more regularly. The theory of balanced networks (van
#    Vreeswijk and Sompolinsky 1996) scales the weights with one over the
#    square root of the number of inputs instead: the fluctuations stay,
#    while the mean excitation and inhibition both grow and cancel each
#    other.
#
# **2. Give the cells Brunel's refractory period of 2 ms.**
#
# .. dropdown:: Solution: ``tau_refrac=2.0``
#
#    .. code-block:: python
#
#        sim = course.setup(timestep=0.1, min_delay=1.0)
#        recording = balanced_network(sim, tau_refrac=2.0)
#        sim.end()
#        print(analysis.summary(recording, "exc", 100.0, 500.0))
#
#    The network fires a little slower and less irregularly: 16.4 to
#    17.9 Hz, ISI CV 0.72 to 0.80 over five seeds, about what Poisson cells
#    of those rates give in this window. The refractory period matters most
#    where cells burst; :ref:`lesson-42` shows such a regime.
#
# **3. Move the network into other regimes.**
#
# .. dropdown:: Solution: see lesson 42
#
#    Stronger synapses, a weaker inhibition, a stronger input or random
#    in-degrees each give the network another firing regime.
#    :ref:`lesson-42` runs all of them, explains them with the mean and the
#    fluctuations of the input, and places them in Brunel's phase diagram.

# %%
# On SpiNNaker
# ------------
# The same script runs there; a virtual board records nothing, and the check
# then reports empty data instead of failing.
#
# .. dropdown:: On SpiNNaker: what differs, and will the numbers match?
#
#    * sPyNNaker runs a 0.1 ms timestep in real time by default, so every
#      core has a tenth of a millisecond per step for its neurons; if a run
#      fails because cores fall behind, put fewer neurons on each core with
#      :func:`course.set_neurons_per_core`.
#    * ``min_delay=1.0`` speeds up NEST only; sPyNNaker accepts it.
#    * ``course.poisson_seed()`` passes the seed as
#      ``additional_parameters={"seed": ...}``, which only sPyNNaker accepts.
#      :func:`course.make_rng` generators handed to a connector are unseeded
#      there, so the connections differ from NEST's and the numbers above
#      change a little.
#    * Weights are 16-bit fixed point: 0.25 and -2.0 nA read back as very
#      close, not identical, values, and the sign of the inhibitory weight is
#      ignored.
#
# Try it yourself
# ---------------
# Start every cell at -65 mV: ``cells.initialize(v=-65.0)``. Before you run
# it, write down what the raster will show in the first 50 ms, and whether
# the statistics over 100-500 ms will leave the ranges quoted above.
#
# .. dropdown:: Answer
#
#    No cell fires for the first 14.8 ms: every cell climbs from -65 mV at
#    the same pace. Then 151 of the 400 excitatory cells fire between 14 and
#    25 ms, a vertical stripe in the raster, and the inhibition they recruit
#    silences the network for a moment. The synchrony index over the first
#    50 ms is 9.5, against 4.8 with random starts (which start with a
#    smaller volley); from 50 ms on it is near 1 again. Over 100-500 ms the
#    network has forgotten its start: 18.1 Hz, ISI CV 1.00, synchrony index
#    1.95 (seed 2026), the rate just below and the CV just above the
#    five-seed ranges. Other starting voltages change the spikes as another
#    seed does, not the regime.

# %%
# Key points
# ----------
# * Two populations, one Poisson source per cell, four recurrent
#   projections.
# * A fixed in-degree gives every cell the same mean recurrent input.
# * Dominant inhibition and strong synapses make cells fire irregularly and
#   independently.
# * The numbers depend on the seed: quote ranges over several seeds.
