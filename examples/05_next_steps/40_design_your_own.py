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

After it you will be able to design a network of your own step by step, from
its input to its analysis, with a network that runs at every step.
"""

# %%
# Step 1. Simulation time and timestep
# ------------------------------------
# **TODO** choose ``timestep`` (1 ms runs in real time on SpiNNaker; 0.1 ms
# resolves fast synapses) and how long to simulate. Start short: every run
# of the template costs that much. On NEST, also choose the number of
# threads: one for a network of a few hundred cells (two would mostly wait
# for each other), more for thousands; SpiNNaker ignores it.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import analysis, plotting
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
# they are the same on every backend. Here: 40 Hz Poisson trains, one per
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
# distance: ``Line`` (1-D), ``Grid2D`` (2-D; on SpiNNaker also
# ``course.set_max_atoms_per_core(pop, (10, 10))``), or none. Here both
# layers lie on a line, one cell spacing apart, the inhibitory cells spread
# over the same length.
from pyNN.space import Line

STRUCTURES = {"Exc": Line(dx=1.0), "Inh": Line(dx=4.0, x0=1.5)}

# %%
# Step 5. Cell types
# ------------------
# **TODO** pick a model both backends have
# (:data:`course.backends.PORTABLE_CELL_TYPES`; compare them in
# :ref:`lesson-36`) and its parameters. Conductance-based cells need
# positive inhibitory weights on NEST, current-based ones negative:
# :func:`course.signed_weight` handles it.
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
# ``max_delay``. Weights come in step 8.
DELAYS = {"input": 1.0, "Exc": 1.5, "Inh": 1.0}  # ms

# %%
# Step 7. Connection types
# ------------------------
# **TODO** choose a connector per projection: ``OneToOneConnector``,
# ``FixedProbabilityConnector`` (seeded with ``course.make_rng()``),
# ``DistanceDependentProbabilityConnector`` (needs the structures of step
# 4), or your own list (``FromListConnector``, :ref:`lesson-33`). Here:
# thalamus to Exc one to one, Exc to Exc with probability 0.1 and to Inh
# with probability 0.3, and Inh to Exc with a probability that falls with
# distance.
CONNECTIONS = {
    ("Exc", "Exc"): ("probability", 0.1),
    ("Exc", "Inh"): ("probability", 0.3),
    ("Inh", "Exc"): ("distance", "exp(-d / 10.0)"),
}


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
        if kind == "probability":
            connector = sim.FixedProbabilityConnector(value, rng=course.make_rng())
        else:
            connector = sim.DistanceDependentProbabilityConnector(value, rng=course.make_rng())
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
# signals back costs time on NEST and memory on SpiNNaker).
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
# * Steps 1-10 run unchanged on SpiNNaker; the weight tuning of step 8 maps
#   the network once per try (a few seconds each), so keep the tries few or
#   tune on NEST first.
# * Use only the portable cell types (step 5), seed every random choice
#   (``course.make_rng()``, ``course.poisson_seed()``), and compute input
#   spike times with numpy (step 2): then both backends build the same
#   network and see the same input.
# * A ``Grid2D`` layer (step 4) needs ``course.set_max_atoms_per_core``.
#
# Try it yourself
# ---------------
# Make it yours: replace step 2 by a brief volley onto the middle of the line
# (``course.stimuli.thalamic_volley(80)``), give the inhibitory layer the same
# size as the excitatory one, and set the target of step 8 to "activity
# spreads at most ten cells from the stimulated ones". Before each run, write
# down what you expect step 8 to measure, then compare.
