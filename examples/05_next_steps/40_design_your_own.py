"""
.. _lesson-40:

40. A recipe to design your own network
=======================================

The course notes end with a "receipt to design your own network": thalamic
input, simulation time and dt, layers, dimensions, connection types, cell
types, synapse types, weight tuning, recordings, visualisation and analysis.
This lesson is that recipe as a template. Each step is a cell with a
decision to make (marked **TODO**) and a small working choice already in
place, so the whole file runs as it is: a tiny two-layer network driven by
Poisson "thalamic" input. Download it, replace the choices one by one, and
rerun after each change.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Intermediate
   :Time: about 30 minutes to read and run; as long as you like to make it yours
   :Prerequisites: :ref:`lesson-06`, :ref:`lesson-09`, :ref:`lesson-13`
   :You will be able to: design a network of your own step by step, from
      its input to its analysis, with a network that runs at every step.
"""

# %%
# Step 1. Simulation time and timestep
# ------------------------------------
# **TODO** choose the :term:`timestep` (1 ms is enough for most networks;
# 0.1 ms resolves fast synapses, at ten times the steps) and how long to
# simulate. Start short: every run of the template costs that much. Choose
# the number of threads too: one for a few hundred cells, more for
# thousands.
#
# .. dropdown:: On SpiNNaker: which timestep runs in real time, and are threads used?
#
#    Both 1 ms and 0.1 ms run in real time by default: sPyNNaker picks a
#    time scale factor so that a simulated millisecond takes a millisecond
#    (lesson 01). At 0.1 ms each step has a tenth of the time, so a busy
#    core may fall behind; ``course.setup(..., time_scale_factor=10)`` slows
#    the run down. Threads are a NEST option; SpiNNaker ignores them.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import analysis, plotting
from course.seeds import random_connections
from course.stimuli import poisson_trains

TIMESTEP = 1.0  # ms
RUN_TIME = 500.0  # ms
TRANSIENT = 50.0  # ms left out of the analysis
THREADS = 1  # NEST threads

# %%
# Step 2. Thalamic input
# ----------------------
# **TODO** decide what drives the network: a brief volley
# (:func:`course.stimuli.thalamic_volley`, :ref:`lesson-09`), steady or
# rhythmic Poisson trains (:func:`course.stimuli.poisson_trains`), shapes on
# a sheet (:func:`course.geometry.shape_mask`, :ref:`lesson-32`), or current
# (:ref:`lesson-39`). Compute spike times with numpy *before* building, so
# they are the same wherever the network runs. Here: 40 Hz Poisson trains, one per
# excitatory cell.
INPUT_RATE = 40.0  # Hz


def thalamic_input(n_sources):
    """Spike times (ms) of the thalamic cells; replace with your stimulus."""
    return poisson_trains(n_sources, INPUT_RATE, RUN_TIME, seed=40)


# %%
# Step 3. Layers and their sizes
# ------------------------------
# **TODO** list your populations and their sizes. A common start: excitatory
# and inhibitory cells in a 4 : 1 ratio.
LAYERS = {"Exc": 80, "Inh": 20}

# %%
# Step 4. Dimensions
# ------------------
# **TODO** give each layer a structure if connections should depend on
# distance: ``Line`` (1-D), ``Grid2D`` (2-D), or none. Here both
# layers lie on a line, one cell spacing apart, the inhibitory cells spread
# over the same length.
from pyNN.space import Line

STRUCTURES = {"Exc": Line(dx=1.0), "Inh": Line(dx=4.0, x0=1.5)}

# %%
# Step 5. Cell types
# ------------------
# **TODO** pick a portable model (compare them in :ref:`lesson-36`) and its
# parameters. Give inhibitory weights through :func:`course.signed_weight`,
# which gives each cell type the sign it needs.
CELL_TYPE = "IF_cond_exp"
CELL_PARAMETERS = {
    "tau_m": 20.0,
    "v_rest": -65.0,
    "v_thresh": -50.0,
    "v_reset": -65.0,
    "tau_refrac": 2.0,
}

# %%
# Step 6. Synapse types
# ---------------------
# **TODO** static synapses, or plastic ones (``STDPMechanism`` with a timing
# and a weight dependence). Delays must lie between ``min_delay`` and
# ``max_delay``, and be whole multiples of the timestep: a 1.5 ms delay at a
# 1 ms step is the halfway case of :ref:`lesson-01`, rounded differently by
# different simulators. Weights come in step 8.
DELAYS = {"input": 1.0, "Exc": 2.0, "Inh": 1.0}  # ms

# %%
# Step 7. Connection types
# ------------------------
# **TODO** choose a :term:`connector` per projection: ``OneToOneConnector``,
# random pairs with a fixed probability, pairs whose probability falls with
# distance (with the structures of step 4), or your own list
# (``FromListConnector``, :ref:`lesson-33`). Here: thalamus to Exc one to
# one, Exc to Exc with probability 0.1 and to Inh with probability 0.3, and
# Inh to Exc with probability ``exp(-d / 10)`` at distance ``d``. The random
# pairs are drawn here, from a seeded generator
# (``course.make_rng(host=True)``), and handed over as lists: the same
# network wherever and whenever it runs.
#
# .. dropdown:: On SpiNNaker: why not ``FixedProbabilityConnector(..., rng=...)``?
#
#    PyNN's random connectors draw their pairs where the backend builds the
#    network. sPyNNaker 7.4 refuses a seeded generator there and draws from
#    an unseeded one (:func:`course.make_rng` hands it one), so the board's
#    network would differ from NEST's and from run to run. A list drawn on
#    your computer is built as it is (:func:`course.seeds.random_connections`
#    draws the same pairs as ``FixedProbabilityConnector`` does on NEST).
CONNECTIONS = {
    ("Exc", "Exc"): ("probability", 0.1),
    ("Exc", "Inh"): ("probability", 0.3),
    ("Inh", "Exc"): ("distance", 10.0),  # length constant of exp(-d / 10), cell spacings
}


def connection_pairs(pre, post, kind, value, rng):
    """Pairs (pre index, post index), drawn here from the seeded generator."""
    if kind == "probability":
        return random_connections(
            pre.size, post.size, rng, p_connect=value, same_population=pre is post
        )
    x_pre, x_post = course.cell_positions(pre)[0], course.cell_positions(post)[0]
    distance = np.abs(x_pre[:, np.newaxis] - x_post[np.newaxis, :])
    draw = rng.next(distance.size, "uniform", {"low": 0.0, "high": 1.0})
    return np.argwhere(draw.reshape(distance.shape) < np.exp(-distance / value))


def build(sim, weights):
    """Build the network of steps 2-7 with the given weights (µS); return the layers."""
    cell_class = getattr(sim, CELL_TYPE)
    layers = {
        name: sim.Population(
            size, cell_class(**CELL_PARAMETERS), structure=STRUCTURES[name], label=name
        )
        for name, size in LAYERS.items()
    }
    thalamus = sim.Population(
        LAYERS["Exc"],
        sim.SpikeSourceArray(spike_times=thalamic_input(LAYERS["Exc"])),
        label="Thalamus",
    )
    sim.Projection(
        thalamus,
        layers["Exc"],
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=weights["input"], delay=DELAYS["input"]),
        receptor_type="excitatory",
    )
    for (pre, post), (kind, value) in CONNECTIONS.items():
        receptor = "excitatory" if pre == "Exc" else "inhibitory"
        pairs = connection_pairs(layers[pre], layers[post], kind, value, course.make_rng(host=True))
        connector = sim.FromListConnector(pairs)
        weight = course.signed_weight(weights[pre], receptor, cell_class)
        sim.Projection(
            layers[pre],
            layers[post],
            connector,
            sim.StaticSynapse(weight=weight, delay=DELAYS[pre]),
            receptor_type=receptor,
        )
    return layers


# %%
# Step 8. Weight tuning
# ---------------------
# **TODO** state what the network should do, in numbers, and tune the
# weights until it does. Here the target is an excitatory rate of about
# 10 Hz; we try a few input weights in fresh, short simulations and keep
# the closest. (With more weights to tune, sweep one at a time, as in
# :ref:`lesson-34`, or fit them.)
TARGET_RATE = 10.0  # Hz
weights = {"input": 0.04, "Exc": 0.01, "Inh": 0.05}  # µS
results = {}
for input_weight in (0.03, 0.04, 0.05):
    sim = course.setup(timestep=TIMESTEP, seed=40, threads=THREADS)
    layers = build(sim, {**weights, "input": input_weight})
    layers["Exc"].record("spikes")
    sim.run(200.0)
    counts = course.collect([layers["Exc"]]).spike_counts("Exc")
    results[input_weight] = counts.mean() * 1000.0 / 200.0 if counts.size else float("nan")
    sim.end()
    print(f"input weight {input_weight:.3f} µS -> excitatory rate {results[input_weight]:5.1f} Hz")
measured = {w: rate for w, rate in results.items() if np.isfinite(rate)}
if measured:
    weights["input"] = min(measured, key=lambda w: abs(measured[w] - TARGET_RATE))
print(f"chosen input weight: {weights['input']} µS")

# %%
# Step 9. Recordings
# ------------------
# **TODO** record what you will analyse, no more: spikes of every cell are
# cheap; ``v`` and conductances of a few cells are enough for traces (reading
# signals back costs time and memory).
sim = course.setup(timestep=TIMESTEP, seed=40, threads=THREADS)
# sphinx_gallery_thumbnail_number = 1
layers = build(sim, weights)
for layer in layers.values():
    layer.record("spikes")
layers["Exc"][0:3].record(["v", "gsyn_exc", "gsyn_inh"])
sim.run(RUN_TIME)
recording = course.collect(list(layers.values()))
sim.end()

# %%
# Step 10. Visualise and analyse
# ------------------------------
# **TODO** pick the figures and numbers that answer your question. A raster
# of every layer, the traces of a few cells and a table of spike statistics
# are a good first look (:ref:`lesson-37` goes further).
summaries = {
    name: analysis.summary(recording, name, TRANSIENT, RUN_TIME) for name in recording.labels
}
print(analysis.summary_table(summaries))

fig, (ax_raster, ax_v) = plt.subplots(
    2, 1, layout="constrained", figsize=(8.0, 6.0), height_ratios=(2.0, 1.0), sharex=True
)
plotting.population_rasters(recording, ax=ax_raster, run_time=RUN_TIME)
ax_raster.set_title("Your network (the template's example)")
ax_raster.set_xlabel("")
times, v = recording.signal("Exc", "v")
plotting.traces(times, v, ax=ax_v, labels=["Exc cell 0", "Exc cell 1", "Exc cell 2"])
plt.show()

# %%
# On SpiNNaker
# ------------
# Steps 1-10 run unchanged on SpiNNaker, and both backends build the same
# network and see the same input: nothing in this template is drawn on the
# board.
#
# .. dropdown:: On SpiNNaker: what would make the two networks differ, and what costs time?
#
#    * The input spikes are computed with numpy (step 2) and the random
#      pairs drawn on your computer (step 7), both from seeds. If you add a
#      ``SpikeSourcePoisson``, its spikes are drawn on the board from the
#      population's seed (``**course.poisson_seed()``): the same in every
#      run there, but not NEST's trains. A connector or
#      ``RandomDistribution`` given a generator is drawn on the board from
#      an unseeded one: draw on the host instead.
#    * The weight tuning of step 8 maps the network once per try (a few
#      seconds each), so keep the tries few or tune on NEST first.
#    * Use only the portable cell types (step 5,
#      :data:`course.backends.PORTABLE_CELL_TYPES`); conductance-based cells
#      need positive inhibitory weights on NEST, current-based ones negative,
#      and SpiNNaker ignores the sign. A ``Grid2D`` layer (step 4) needs
#      ``course.set_max_atoms_per_core(pop, (10, 10))``.
#
# Try it yourself
# ---------------
# Make the inhibition four times stronger: in step 8, change ``"Inh": 0.05``
# to ``"Inh": 0.2``. Before you run it, write down whether step 8 will
# still choose 0.04 µS, and how much you expect the three rates to fall.
#
# .. dropdown:: Answer
#
#    The rates fall, but much less than four times: 5.3, 8.7 and 11.0 Hz
#    instead of 5.8, 10.7 and 13.7 Hz, and step 8 now chooses 0.05 µS
#    (11.0 Hz is closer to the 10 Hz target than 8.7 Hz). The inhibitory
#    cells fire only when the excitatory cells make them, so stronger
#    inhibition partly holds itself back: a network with feedback
#    inhibition answers a change of weight by less than the change.
#
# Key points
# ----------
# * Design in steps (input, time, layers, structure, cells, synapses,
#   connections, weights, recordings, analysis), with a network that runs
#   after each change.
# * Compute input spikes and draw random connections on your computer from
#   seeds: the same network and input wherever it runs.
# * Tune weights against a target stated in numbers, in short fresh runs.
# * Keep delays whole multiples of the timestep.
