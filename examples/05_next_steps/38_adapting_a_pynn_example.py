"""
.. _lesson-38:

38. Exercise: adapt a PyNN example to SpiNNaker
===============================================

The notes suggest taking an example from the PyNN website, written for
NEST or NEURON, and making it run on SpiNNaker. We take PyNN's
``examples/VAbenchmarks.py``: the Vogels & Abbott (2005) network in its
:term:`conductance-based <conductance-based synapse>` form ("COBA"),
benchmark 1 of Brette et al. (2007). 4000
``IF_cond_exp`` cells, 80 % excitatory, each connected to a random 2 % of
all cells, kicked into self-sustained activity by a 50 ms burst of Poisson
input. We rewrite it for the course, one change at a time, and gather every
change in a table at the end.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Advanced
   :Time: about 40 minutes
   :Prerequisites: :ref:`lesson-04`, :ref:`lesson-06`, :ref:`lesson-13`
   :You will be able to: take a PyNN script written for NEST and make it
      run on NEST and on SpiNNaker, one recorded change at a time.

.. dropdown:: What the original script does, in words

   * picks the simulator from the command line with ``pyNN.utility.get_simulator``;
   * calls ``setup(timestep=0.1, min_delay=0.2, max_delay=1.0, threads=1)``;
   * derives the cell parameters from a membrane area of 20 000 µm² (so
     ``cm = 0.2 nF``, ``tau_m = 20 ms``, leak reversal -60 mV, threshold -50 mV,
     reset -60 mV, 5 ms refractory period, synaptic time constants 5 ms
     (excitatory) and 10 ms (inhibitory), reversal potentials 0 and -80 mV);
   * creates the two populations, 20 Poisson sources firing at 100 Hz for
     50 ms, and connects everything with ``FixedProbabilityConnector``
     (``p = 0.02``, 4 nS excitatory, 51 nS inhibitory, 0.2 ms delay; the Poisson
     sources with ``p = 0.01`` and 0.1 µS), using a seeded ``NumpyRNG`` and a
     progress bar;
   * records spikes, and ``v`` of two cells, runs 1 s, prints the rates with
     ``Population.mean_spike_count()`` and the synapse counts with
     ``Projection.size()``, and writes the data to a ``Results/`` folder.
"""

# %%
# 1. Choose the simulator the course's way
# ----------------------------------------
# ``get_simulator()`` reads the backend from the command line. Here
# :func:`course.setup` does it (argument, ``COURSE_SIMULATOR`` or command
# line), and sets the timestep and delays the same way on both backends.
# ``threads`` is a NEST option, which the course passes only to NEST; we
# keep the original's one thread, which is also the faster choice for a
# network this small. ``max_delay`` is needed by NEST and ignored by
# sPyNNaker (with a warning), so the course passes it only to NEST too.
import time

import matplotlib.pyplot as plt

import course
from course import plotting
from course.seeds import random_connections

sim = course.setup(timestep=0.1, min_delay=0.2, max_delay=1.0, seed=98765, threads=1)
# sphinx_gallery_thumbnail_number = 1

# %%
# 2. Parameters: the same model, a smaller network
# ------------------------------------------------
# The cell and synapse parameters are the original's, written directly in
# PyNN's units. The network is 1000 cells instead of 4000, with the
# connection probability raised from 2 % to 8 % so that every cell still
# receives 80 inputs on average, as in the original: the gallery must run
# in seconds on NEST, where PyNN's random connectors cost about a
# millisecond per target cell. Set ``n_cells = 4000`` and
# ``p_connect = 0.02`` for the original size; both backends take it.
n_cells, p_connect = 1000, 0.08
n_exc = round(n_cells * 0.8)
n_inh = n_cells - n_exc
cell_parameters = {
    "cm": 0.2,  # nF: 1 µF/cm² over 20 000 µm²
    "tau_m": 20.0,  # ms
    "v_rest": -60.0,  # mV, the leak reversal potential
    "v_thresh": -50.0,  # mV
    "v_reset": -60.0,  # mV
    "tau_refrac": 5.0,  # ms
    "tau_syn_E": 5.0,  # ms
    "tau_syn_I": 10.0,  # ms
    "e_rev_E": 0.0,  # mV
    "e_rev_I": -80.0,  # mV
}
w_exc, w_inh = 4e-3, 51e-3  # µS (4 nS and 51 nS)
delay = 0.2  # ms
run_time = 500.0  # ms (the original runs 1000 ms)

# %%
# 3. Build the network
# --------------------
# Changes from the original, each for a reason:
#
# * Every random number is drawn here, on your computer, from one seeded
#   generator, ``course.make_rng(98765, host=True)``: the initial potentials
#   as arrays (``.next(n)``, the portable way of :ref:`lesson-04`) and the
#   random connections as lists of pairs for ``FromListConnector``
#   (:func:`course.seeds.random_connections`, with a probability ``p`` for
#   each pair, as ``FixedProbabilityConnector``). The original hands its
#   seeded generator to the backend, which sPyNNaker refuses: the network
#   would differ on the board and from run to run.
# * The Poisson sources take ``**course.poisson_seed()``: sPyNNaker seeds a
#   ``SpikeSourcePoisson`` through ``additional_parameters``, which NEST
#   rejects; NEST's sources are seeded by ``course.setup(seed=...)``. These
#   spikes are drawn by the backend: the same in every run, but not the same
#   trains on NEST and on SpiNNaker.
# * No ``callback=progress_bar`` on the connectors: sPyNNaker ignores it
#   (with a warning), and a progress bar would clutter the page.
# * Inhibitory weights go through :func:`course.signed_weight`. For this
#   conductance-based model they stay positive on both backends; for the
#   current-based variant of the benchmark ("CUBA") NEST needs them negative
#   and SpiNNaker ignores the sign, and the same line handles both.
build_start = time.perf_counter()
rng = course.make_rng(98765, host=True)
exc_cells = sim.Population(n_exc, sim.IF_cond_exp(**cell_parameters), label="Excitatory_Cells")
inh_cells = sim.Population(n_inh, sim.IF_cond_exp(**cell_parameters), label="Inhibitory_Cells")
ext_stim = sim.Population(
    20,
    sim.SpikeSourcePoisson(rate=100.0, duration=50.0),
    label="expoisson",
    **course.poisson_seed(),
)
v_init = sim.RandomDistribution("uniform", low=cell_parameters["v_reset"], high=-50.0, rng=rng)
exc_cells.initialize(v=v_init.next(n_exc))
inh_cells.initialize(v=v_init.next(n_inh))


def connector(pre, post, p=p_connect):
    """Each pair with probability p, drawn here: a list for FromListConnector."""
    pairs = random_connections(pre.size, post.size, rng, p_connect=p, same_population=pre is post)
    return sim.FromListConnector(pairs)


exc_synapse = sim.StaticSynapse(
    weight=course.signed_weight(w_exc, "excitatory", sim.IF_cond_exp), delay=delay
)
inh_synapse = sim.StaticSynapse(
    weight=course.signed_weight(w_inh, "inhibitory", sim.IF_cond_exp), delay=delay
)
ext_synapse = sim.StaticSynapse(weight=0.1, delay=delay)
connections = {
    "e→e": sim.Projection(
        exc_cells,
        exc_cells,
        connector(exc_cells, exc_cells),
        exc_synapse,
        receptor_type="excitatory",
    ),
    "e→i": sim.Projection(
        exc_cells,
        inh_cells,
        connector(exc_cells, inh_cells),
        exc_synapse,
        receptor_type="excitatory",
    ),
    "i→e": sim.Projection(
        inh_cells,
        exc_cells,
        connector(inh_cells, exc_cells),
        inh_synapse,
        receptor_type="inhibitory",
    ),
    "i→i": sim.Projection(
        inh_cells,
        inh_cells,
        connector(inh_cells, inh_cells),
        inh_synapse,
        receptor_type="inhibitory",
    ),
    "ext→e": sim.Projection(
        ext_stim,
        exc_cells,
        connector(ext_stim, exc_cells, 0.01),
        ext_synapse,
        receptor_type="excitatory",
    ),
    "ext→i": sim.Projection(
        ext_stim,
        inh_cells,
        connector(ext_stim, inh_cells, 0.01),
        ext_synapse,
        receptor_type="excitatory",
    ),
}

# %%
# 4. Record, run, read
# --------------------
# * Recording: unchanged (spikes of all cells, ``v`` of two excitatory cells
#   through a view, which both backends accept).
# * ``mean_spike_count()`` exists on both, but reading the data once with
#   :func:`course.collect` and taking the rates from
#   ``recording.spike_counts()`` also works on a virtual board's empty data.
# * ``Projection.size()`` raises ``NotImplementedError`` on sPyNNaker;
#   ``len(course.connections(projection))`` counts the connections on both,
#   after the run (when SpiNNaker has built them).
# * No ``write_data``: a lesson leaves no files behind. Use
#   :func:`course.results.save` to keep the data.
exc_cells.record("spikes")
inh_cells.record("spikes")
exc_cells[0:2].record("v")
build_seconds = time.perf_counter() - build_start

run_start = time.perf_counter()
sim.run(run_time)
run_seconds = time.perf_counter() - run_start
recording = course.collect([exc_cells, inh_cells])

exc_rate = recording.spike_counts("Excitatory_Cells").mean() * 1000.0 / run_time
inh_rate = recording.spike_counts("Inhibitory_Cells").mean() * 1000.0 / run_time
counts = {name: len(course.connections(projection)) for name, projection in connections.items()}
print("--- Vogels-Abbott network (COBA), adapted ---")
print(f"backend                : {course.current().backend}")
print(f"neurons                : {n_cells} ({n_exc} excitatory, {n_inh} inhibitory)")
print("synapses               : " + ", ".join(f"{n} {name}" for name, n in counts.items()))
print(f"excitatory rate        : {exc_rate:.2f} Hz")
print(f"inhibitory rate        : {inh_rate:.2f} Hz")
print(f"build / simulation     : {build_seconds:.1f} s / {run_seconds:.1f} s of wall time")

# %%
# The activity
# ------------
# The 50 ms kick starts irregular firing, held by strong inhibition (51 nS)
# against weak excitation (4 nS), but at this size it does not last: with
# this seed the network falls silent about 20 ms after the kick ends. How
# long it lasts depends on the random network: the seeds 1 to 4 keep it
# going until 70 to 380 ms (measured on NEST). Keeping the in-degree (the
# number of inputs per cell) is not enough: at the original 4000 cells the
# script keeps firing, at about 15 Hz, for the whole second (measured on
# NEST; about a minute of wall time, too long for the gallery). Smaller
# networks are more synchronous, and one synchronous dip can end the
# activity: size itself is part of the model.
fig, (ax_raster, ax_v) = plt.subplots(
    2, 1, layout="constrained", figsize=(8.0, 6.0), height_ratios=(2.0, 1.0), sharex=True
)
plotting.population_rasters(recording, ax=ax_raster, neurons=range(150), run_time=run_time)
ax_raster.set_title("Vogels-Abbott network: first 150 cells of each population")
ax_raster.set_xlabel("")
times, v = recording.signal("Excitatory_Cells", "v")
plotting.traces(times, v, ax=ax_v, labels=["excitatory cell 0", "excitatory cell 1"])
plt.show()

# %%
# Clean up
# --------
sim.end()

# %%
# Every change, and why
# ---------------------
#
# .. list-table::
#    :header-rows: 1
#    :widths: 35 30 35
#
#    * - Original (PyNN ``examples/VAbenchmarks.py``)
#      - Here
#      - Why
#    * - ``get_simulator()`` reads the command line
#      - ``course.setup()``
#      - one way to choose NEST, SpiNNaker or the virtual board
#    * - ``setup(..., threads=1)``
#      - kept, passed to NEST only
#      - a NEST option; sPyNNaker has no threads to set
#    * - ``max_delay=1.0``
#      - kept, passed to NEST only
#      - sPyNNaker ignores it, with a warning
#    * - 4000 cells, ``p = 0.02``
#      - 1000 cells, ``p = 0.08``, 500 ms
#      - the gallery's time budget (80 inputs per cell either way); the
#        smaller network does not sustain its activity
#    * - ``NumpyRNG(seed=98765, parallel_safe=True)`` handed to the
#        connectors and to ``initialize()``
#      - ``course.make_rng(98765, host=True)``; connections as lists
#        (``FromListConnector``), initial ``v`` as arrays
#      - drawn on the host, the same network on both backends; sPyNNaker
#        refuses a seeded generator
#    * - ``SpikeSourcePoisson(...)``
#      - ``..., **course.poisson_seed()``
#      - sPyNNaker seeds Poisson sources per population
#    * - ``FixedProbabilityConnector(..., callback=...)``
#      - no callback
#      - sPyNNaker ignores connector callbacks
#    * - positive inhibitory weights
#      - ``course.signed_weight(...)``
#      - same for COBA; CUBA needs negative weights on NEST only
#    * - ``Population.mean_spike_count()``
#      - ``course.collect`` and ``recording.spike_counts()``
#      - one data path for both backends and for empty data
#    * - ``Projection.size()``
#      - ``len(course.connections(projection))``
#      - ``size()`` raises ``NotImplementedError`` on sPyNNaker
#    * - ``write_data(...)`` into ``Results/``
#      - not saved
#      - lessons leave no files; use ``course.results.save``
#    * - host name, ``num_processes()``, ``Timer``
#      - ``time.perf_counter()``
#      - MPI details mean nothing on SpiNNaker
#
# On SpiNNaker
# ------------
# The adapted script runs there unchanged; the network is the same, the
# Poisson kick is not.
#
# .. dropdown:: On SpiNNaker: will a core keep up, and what about delays and weights?
#
#    * At a 0.1 ms timestep sPyNNaker tries to run in real time (each
#      0.1 ms step in 0.1 ms of wall time). A core with 256
#      conductance-based cells and 80 inputs each may not keep up; if the
#      run reports timer overruns (steps a core could not finish in
#      time), put fewer cells on a core (``course.set_neurons_per_core(sim.IF_cond_exp, 64)``) or
#      slow the machine down: ``course.setup(..., time_scale_factor=10)``
#      runs ten times slower than real time.
#    * A 0.2 ms delay is two timesteps, which SpiNNaker handles without
#      delay extensions (extra cores that hold spikes for long delays).
#    * Weights of 4 and 51 nS are stored in 16-bit fixed point per receptor
#      type; at this size they read back within a fraction of a percent.
#
# Try it yourself
# ---------------
# Draw another network of the same kind: change
# ``rng = course.make_rng(98765, host=True)`` to ``rng =
# course.make_rng(1, host=True)``. Before you run it, write down whether you
# expect the activity to end at the same time, and whether the numbers of
# synapses will change much.
#
# .. dropdown:: Answer
#
#    The synapse counts barely move (each is a sum of many independent
#    draws: 51,285 e→e instead of 51,019, both within 1 % of the expected
#    51,200), but the activity does: it now lasts until 380 ms, and the mean
#    excitatory rate over the 500 ms rises from 2.98 Hz to 10.6 Hz. At 1000 cells the
#    network sits at the edge between dying out and sustaining itself, and
#    the details of one random draw decide on which side.
#
# Key points
# ----------
# * Adapt a script one change at a time, and write down each change and its
#   reason.
# * Choose the backend with ``course.setup``; pass backend-only options
#   (``threads``, ``max_delay``) where they mean something.
# * Draw random networks and initial values on the host from a seeded
#   generator, and hand them over as lists and arrays: the same network on
#   every backend. Poisson sources are seeded per backend, so their spikes
#   differ between NEST and SpiNNaker.
# * Read results through one path (``course.collect``) that also works on a
#   virtual board's empty data.
