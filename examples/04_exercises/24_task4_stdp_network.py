"""
.. _lesson-24:

24. Task 4: an STDP network
===========================

Two neurons, one plastic synapse, and a fixed rhythm: the first neuron fires
a few milliseconds before the second, again and again, and with :term:`STDP`
each pairing strengthens the synapse a little. You read the weight after
every pairing and predict each step.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Moderate
   :Time: about 40 minutes
   :Prerequisites: :ref:`lesson-05`, :ref:`lesson-21`
   :You will be able to: give a projection spike-timing-dependent
      plasticity, read its weight back during a run, predict each weight step
      from the spike times and the rule, and check it with
      :func:`course.check.task4`.

.. admonition:: The task

   Create a network of two single-neuron LIF Populations connected by an STDP
   connection, which has a ``tau_plus`` larger than ``tau_minus``. Stimulate
   each of the Populations repeatedly with gaps between stimulations, the
   first just before the second. Plot the spikes of each.

   Start from the :download:`starter script </starters/task4_starter.py>`:
   the task's skeleton with four ``TODO`` blocks to fill in; it plots the
   spikes and the weight and runs the check at the end.

**Try it yourself first**: fill in the starter script, run it, and read
what the check says. Then open the worked solution below.
"""

# %%
# .. rst-class:: worked-solution
#
# The worked solution
# -------------------
#
# The plasticity rule
# ~~~~~~~~~~~~~~~~~~~
# The spike-pair rule changes the weight for every pair of a presynaptic and
# a postsynaptic spike. Pre before post (by ``Δt > 0``) strengthens the
# synapse (potentiation) by ``A_plus·w_max·exp(-Δt/tau_plus)``; post before
# pre weakens it (depression) by ``A_minus·w_max·exp(Δt/tau_minus)``. With
# ``tau_plus`` larger than ``tau_minus``, as the task asks, potentiation
# reaches further in time. Additive weight dependence keeps the weight
# between 0 and ``w_max``.
#
# .. dropdown:: On SpiNNaker: A_plus is a weight there, not a fraction of w_max
#
#    Those formulas are NEST's: it multiplies ``A_plus`` and ``A_minus`` by
#    ``w_max``. sPyNNaker's additive rule adds ``A_plus·exp(...)`` itself, in
#    the weight's unit (nA here), and uses ``w_max`` only as the bound. With
#    ``W_MAX`` = 1 nA the two are the same number; with ``w_max`` = 2 nA NEST's
#    steps would be twice the board's. :class:`course.stdp.StdpRule` predicts
#    either: ``rule.weight_change(dt, backend="spiNNaker")``.
import matplotlib.pyplot as plt
import numpy as np

import course
import course.check
from course import plotting
from course.stdp import StdpRule

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

TAU_PLUS, TAU_MINUS = 20.0, 10.0  # ms
A_PLUS, A_MINUS = 0.01, 0.012  # x W_MAX on NEST, nA on SpiNNaker: equal as W_MAX = 1 nA
W_MAX, W_INIT = 1.0, 0.5  # nA
DELAY = 1.0  # ms

stdp = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(
        tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS
    ),
    weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
    weight=W_INIT,
    delay=DELAY,
)

# %%
# The stimulation schedule
# ~~~~~~~~~~~~~~~~~~~~~~~~
# 15 pairings, one every 100 ms (five ``tau_plus``, so pairings barely
# interact). In each, the presynaptic neuron is stimulated first and the
# postsynaptic one 5 ms later. One more presynaptic stimulus, alone, follows
# the last pairing; the next section says why.
N_PAIRINGS, GAP, LAG, FIRST = 15, 100.0, 5.0, 10.0  # count, ms, ms, ms
pre_stimuli = [FIRST + k * GAP for k in range(N_PAIRINGS + 1)]
post_stimuli = [FIRST + k * GAP + LAG for k in range(N_PAIRINGS)]
print("pre stimuli: ", pre_stimuli[:3], "...", pre_stimuli[-1], "ms")
print("post stimuli:", post_stimuli[:3], "...", post_stimuli[-1], "ms")

# %%
# Two neurons, each with its own stimulus
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Each neuron gets a ``SpikeSourceArray`` that hits it with 20 nA: one input
# spike, one output spike; a 20 ms refractory period (a pause after each
# spike) stops a second one. The plastic projection joins ``pre`` to
# ``post``; its 0.5 nA are too weak to make ``post`` fire, so only the
# stimuli decide the spike times.
cells = {}
for label, stimuli in (("pre", pre_stimuli), ("post", post_stimuli)):
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=stimuli), label=f"{label} stimulus")
    cells[label] = sim.Population(1, sim.IF_curr_exp(tau_refrac=20.0), label=label)
    cells[label].record("spikes")
    sim.Projection(
        source,
        cells[label],
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=20.0, delay=1.0),
        receptor_type="excitatory",
    )
plastic = sim.Projection(
    cells["pre"], cells["post"], sim.OneToOneConnector(), stdp, receptor_type="excitatory"
)

# %%
# Run one gap at a time and read the weight
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# ``sim.run`` can be called again and again; the network continues where it
# stopped. After each 100 ms :func:`course.connections` reads the weight.
times, weights = [0.0], [W_INIT]
for _ in range(N_PAIRINGS + 1):
    sim.run(GAP)
    rows = course.connections(plastic)
    times.append(sim.get_current_time())
    weights.append(rows[0, 2] if len(rows) else np.nan)
weights = np.array(weights)
print("weight after each gap (nA):", weights.round(4).tolist())

# %%
# The spikes and the weight
# ~~~~~~~~~~~~~~~~~~~~~~~~~
# Top: every 100 ms a pair of spikes, pre (blue) a few ms ahead of post
# (red); middle: one pairing close up. Bottom: the weight after every gap
# (dots). It climbs by about 0.0075 nA per pairing, from 0.5 to 0.613 nA.
recording = course.collect([cells["pre"], cells["post"]], {"run_time": times[-1]})
pre_spikes = recording.spike_times("pre")[0]
post_spikes = recording.spike_times("post")[0]

fig, (ax_spikes, ax_zoom, ax_weight) = plt.subplots(
    3, 1, figsize=(8.0, 7.0), layout="constrained", height_ratios=(1, 1, 2)
)
for ax, window in ((ax_spikes, (0.0, times[-1])), (ax_zoom, (105.0, 125.0))):
    plotting.raster([pre_spikes], ax=ax, color="C0", label="pre")
    plotting.raster([post_spikes], ax=ax, first_index=1, color="C3", label="post")
    ax.set_ylim(-0.5, 1.5)
    ax.set_yticks([0, 1], ["pre", "post"])
    ax.set_ylabel("neuron")
    ax.set_xlim(*window)
ax_spikes.set_title(f"{N_PAIRINGS} pairings, pre {LAG:g} ms before post, then one lone pre spike")
ax_zoom.set_title("The second pairing, close up")
for pairing in post_spikes:
    ax_weight.axvline(pairing, color="0.85", linewidth=1.0, zorder=0)
ax_weight.step(times, weights, where="pre", color="C2", marker="o", markersize=3)
ax_weight.set_xlabel("time (ms)")
ax_weight.set_ylabel("weight (nA)")
ax_weight.set_xlim(0.0, times[-1])
ax_weight.set_title("Plastic weight, read after every 100 ms")
plt.show()

# %%
# Why each step comes one pairing late
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Nothing changes in the first gap. A plastic synapse is updated only when a
# *presynaptic* spike reaches it: the potentiation of pairing 1 is applied
# when the presynaptic spike of pairing 2 arrives. Without the last, lone
# presynaptic spike the fifteenth pairing would never count. (Depression is
# computed at the presynaptic spike itself.)
#
# Each step matches the rule once the delay is counted: the whole delay is
# *dendritic*, as if the postsynaptic spike took ``DELAY`` to reach the
# synapse, so the rule sees ``Δt`` + 1 ms.
steps = np.diff(weights[np.isfinite(weights)])
lags = post_spikes - pre_spikes[: post_spikes.size]
if steps.size > 2 and lags.size:
    predicted = A_PLUS * W_MAX * np.exp(-(lags.mean() + DELAY) / TAU_PLUS)
    print(f"post - pre: {lags.mean():.2f} ms; predicted step {predicted:.5f} nA")
    print(f"measured steps: first {steps[1]:.5f} nA, later {steps[2]:.5f} nA")
    excess = 100.0 * (steps[1:] / predicted - 1.0)
    print(f"larger than predicted by {excess.min():.1f} to {excess.max():.1f} %")

# %%
# The measured steps come 0.8 to 1.6 % larger than that prediction.
#
# .. dropdown:: On NEST: why the steps are about 1 % larger than the rule
#
#    The neurons are NEST's precise ``iaf_psc_exp_ps`` (see
#    :ref:`lesson-21`): the presynaptic neuron fires off the grid, at 11.8 ms,
#    but the STDP synapse takes a presynaptic spike at the end of its 1 ms
#    step, 12 ms, which shortens the lag it sees by 0.2 ms (+0.8 %). From the
#    second pairing on, what is left of the previous pairing's presynaptic
#    trace (``exp(-100/20)``, 0.7 %) adds a little more.
#
# Check your own solution
# ~~~~~~~~~~~~~~~~~~~~~~~
# :func:`course.check.task4` takes the spikes, the weights you read (a
# static synapse gives the same spikes) and your rule as a
# :class:`course.stdp.StdpRule`, and checks the rule, the order of every
# pairing, and the direction and size of the change.
rule = StdpRule(
    tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS,
    w_max=W_MAX, w_init=W_INIT, delay=DELAY,
)  # fmt: skip
print(course.check.task4(recording, weights=weights, rule=rule))
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task4.stdp_pairing` packs the network above into
# one call. Try each extension before you open its solution.
#
# **1. Reverse the order: post first, then pre.**
#
# .. dropdown:: Solution: post before pre weakens the synapse
#
#    .. code-block:: python
#
#        from course.exercises.task4 import stdp_pairing
#
#        sim = course.setup(timestep=1.0)
#        run = stdp_pairing(sim, lag=-5.0)
#        sim.end()
#        print(run.weights)
#        print(course.check.task4(run, pre_first=False))
#
#    The weight falls by 0.0078 nA per pairing, from 0.5 to 0.383 nA. The
#    rule's depression is ``A_minus·w_max·exp(-(5 - 1)/tau_minus)`` = 0.0080 nA:
#    the 1 ms dendritic delay brings the post spike 1 ms closer to the pre
#    spike. Unlike potentiation, each step appears in the gap of its own
#    pairing.
#
# **2. Change the time between the two spikes of a pairing.**
#
# .. dropdown:: Solution: the window decays with tau_plus
#
#    .. code-block:: python
#
#        for lag in (2.0, 5.0, 10.0, 20.0, 40.0):
#            sim = course.setup(timestep=1.0)
#            run = stdp_pairing(sim, lag=lag)
#            sim.end()
#            print(lag, (run.weights[-1] - run.weights[0]) / 15)
#
#    ============== ===================
#    lag            change per pairing
#    ============== ===================
#    2 ms           0.00875 nA
#    5 ms           0.00755 nA
#    10 ms          0.00589 nA
#    20 ms          0.00356 nA
#    40 ms          0.00128 nA
#    ============== ===================
#
#    Each is within 2 % of ``A_plus·w_max·exp(-(lag + 1 ms)/tau_plus)``: the
#    longer the pre neuron leads, the less it counts. With ``tau_minus`` half
#    of ``tau_plus`` the same lags in the reversed order would fade twice as
#    fast.
#
# **3. Shorten the gaps between pairings.**
#
# .. dropdown:: Solution: close pairings interact
#
#    .. code-block:: python
#
#        for gap in (100.0, 50.0, 30.0, 20.0, 12.0):
#            sim = course.setup(timestep=1.0)
#            run = stdp_pairing(sim, gap=gap)
#            sim.end()
#            print(gap, run.weights[-1])
#
#    Final weights after 15 pairings: 0.613 nA (100 ms gaps), 0.620 (50 ms),
#    0.626 (30 ms), 0.588 (20 ms), 0.558 (12 ms). Down to 30 ms the
#    presynaptic spikes of earlier pairings still add to each potentiation.
#    Below that, the post spike of one pairing and the pre spike of the next
#    are only 15 ms (or 7 ms) apart, a post-before-pre pair whose depression
#    eats the gain. The "pairings" are then no longer what the network sees:
#    it sees one long train of pre and post spikes.

# %%
# What SpiNNaker will show
# ------------------------
# :func:`course.exercises.task4.board_pairing` steps the same network as a
# SpiNNaker core does (:mod:`course.spinnaker_model`). The weight climbs in
# the same fifteen steps, but each is 6.84 pA instead of NEST's 7.55 pA: it
# ends at 0.603 nA instead of 0.613 nA. The check accepts both.
#
# .. dropdown:: On SpiNNaker: why are the steps smaller, and what can I change?
#
#    The board stores a weight as a 16-bit whole number of steps. The step
#    grows with the largest weights onto the neuron, here the 20 nA stimulus:
#    2\ :sup:`-10` nA = 0.98 pA. Its spikes lie on the 1 ms grid, exactly
#    5 ms apart, so the rule asks for ``0.01·exp(-6/20)`` = 7.41 pA per
#    pairing (``A_plus`` in nA: sPyNNaker does not multiply it by ``w_max``),
#    and each update is rounded *down* to a whole step: 7 steps, 6.84 pA,
#    8 % less. Weaker stimuli give finer steps: with 5 nA the step is
#    0.24 pA, the neurons fire 4 ms apart, and the steps become 7.57 then
#    7.81 pA (32 whole steps), close to the rule. A larger ``A_plus`` makes
#    the same rounding a smaller part of each step: with ``A_plus`` = 0.03
#    the rule asks for 22.22 pA and the board adds 21.48 pA (22 steps, 3 %
#    less).
from course.exercises.task4 import board_pairing

board = board_pairing()
print(f"weight step on the board: {board.weight_step * 1000:.2f} pA")
print(f"each pairing adds {np.diff(board.weights)[1] * 1000:.2f} pA on the board")
print(f"final weight: board {board.weights[-1]:.4f} nA, here {weights[-1]:.4f} nA")
print(course.check.task4(board.pre_spikes, board.post_spikes, board.weights, rule=rule))

fig, ax = plt.subplots(figsize=(7.0, 3.6), layout="constrained")
ax.step(times, weights, where="pre", color="C2", marker="o", markersize=3, label="this run")
ax.step(board.times, board.weights, where="pre", color="C1", marker="s", markersize=3,
        label="SpiNNaker board (model)")  # fmt: skip
ax.set_xlabel("time (ms)")
ax.set_ylabel("weight (nA)")
ax.set_title("The weight after each pairing, here and on a SpiNNaker board")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# On SpiNNaker
# ------------
# The same script runs there unchanged, lone last presynaptic spike included.
#
# .. dropdown:: On SpiNNaker: why does reading the weight 16 times take so long?
#
#    Each ``sim.run`` is a separate run on the machine, and reading the
#    weights copies them back from the board: with 16 short runs this costs
#    far more time than the simulation itself. On a virtual board nothing
#    runs: the spikes are empty, the weights stay at their starting value, and
#    the figure and the check say so.
#
# Try it yourself
# ---------------
# Replace ``sim.AdditiveWeightDependence`` by
# ``sim.MultiplicativeWeightDependence``, whose potentiation is
# ``A_plus·(w_max - w)·exp(-Δt/tau_plus)``. Before you run it, write down the
# first step from 0.5 nA, and whether the later steps grow or shrink.
#
# .. dropdown:: Answer
#
#    The first step is half the additive one, 0.00375 nA instead of
#    0.0075 nA: the room left is 0.5 nA, not 1 nA. The steps then shrink a
#    little, as the weight climbs and the room shrinks: the fifteenth is
#    0.0034 nA, and the weight ends at 0.554 nA instead of 0.613 nA. Repeated,
#    the weight would creep towards ``w_max`` ever more slowly.

# %%
# Key points
# ----------
# * An ``STDPMechanism`` joins a timing rule (``SpikePairRule``) and a weight
#   dependence; pre before post strengthens the synapse.
# * Each step follows the rule at ``Δt + delay``: the whole delay counts as
#   dendritic.
# * A weight is updated when the next presynaptic spike arrives: end with a
#   lone presynaptic spike.
# * ``sim.run`` can be called again and again; read the weight between runs.
