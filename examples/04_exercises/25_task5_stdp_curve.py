"""
.. _lesson-25:

25. Task 5: the STDP curve
==========================

How much does one pair of spikes change a synapse, as a function of their
timing? You measure the whole :term:`STDP` window in one simulation, with
twenty independent pre/post pairs, and lay the rule's formula over the
measurement.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Hard
   :Time: about 45 minutes
   :Prerequisites: :ref:`lesson-24`, :ref:`lesson-05`
   :You will be able to: measure a plasticity window in one simulation,
      compare it with the rule's formula, explain the shift that the synaptic
      delay causes, and check the curve with :func:`course.check.task5`.

.. admonition:: The task

   Create an STDP curve graph using a ``SpikeSourceArray`` stimulating a LIF
   population, with varying spike times for the ``SpikeSourceArray``.

   Start from the :download:`starter script </starters/task5_starter.py>`:
   the task's skeleton with four ``TODO`` blocks to fill in; it draws your
   curve and runs the check at the end.

**Try it yourself first**: fill in the starter script, run it, and read
what the check says. Then open the worked solution below.
"""

# %%
# .. rst-class:: worked-solution
#
# The worked solution
# -------------------
#
# The rule
# ~~~~~~~~
# The same spike-pair rule as in :ref:`lesson-24`: potentiation
# ``A_plus·w_max·exp(-Δt/tau_plus)`` when the postsynaptic spike follows the
# presynaptic one, depression ``A_minus·w_max·exp(Δt/tau_minus)`` when it
# comes first, with ``Δt = t_post - t_pre``.
#
# .. dropdown:: On SpiNNaker: A_plus is a weight there, not a fraction of w_max
#
#    These are NEST's formulas. sPyNNaker's additive rule leaves out the
#    factor ``w_max``: it adds ``A_plus·exp(...)`` in nA. The two agree here
#    because ``W_MAX`` is 1 nA; :meth:`course.stdp.StdpRule.weight_change`
#    takes ``backend="spiNNaker"`` for the board's reading.
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
W_MAX, W_INIT = 1.0, 0.25  # nA
DELAY = 1.0  # ms

# %%
# One independent pair per spike-time difference
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Twenty differences, from -50 to 50 ms. Pair ``i`` has its own presynaptic
# spike source, its own postsynaptic LIF neuron and its own "driver" source
# that makes that neuron fire at a known time (20 nA arriving at 100 ms).
# No pair shares a neuron with another, so all twenty run at once.
delta_ts = np.array([dt for dt in range(-50, 55, 5) if dt != 0], dtype=float)
n_pairs = delta_ts.size
POST_TIME = 100.0  # ms, when each driver spike reaches its neuron

driver = sim.Population(
    n_pairs, sim.SpikeSourceArray(spike_times=[POST_TIME - 1.0]), label="driver"
)
post = sim.Population(n_pairs, sim.IF_curr_exp(tau_refrac=20.0), label="post")
post.record("spikes")
sim.Projection(
    driver,
    post,
    sim.OneToOneConnector(),
    sim.StaticSynapse(weight=20.0, delay=1.0),
    receptor_type="excitatory",
)

# %%
# The presynaptic spikes, and one more
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Source ``i`` fires ``delta_ts[i]`` before its neuron's stimulus. A plastic
# weight changes only when a *presynaptic* spike arrives (:ref:`lesson-24`),
# so every source fires once more, at 350 ms, far beyond the reach of both
# windows.
flush = POST_TIME + np.abs(delta_ts).max() + 20.0 * TAU_MINUS
pre_times = [[POST_TIME - dt, flush] for dt in delta_ts]
pre = sim.Population(n_pairs, sim.SpikeSourceArray(spike_times=pre_times), label="pre")

stdp = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(
        tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS
    ),
    weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
    weight=W_INIT,
    delay=DELAY,
)
plastic = sim.Projection(pre, post, sim.OneToOneConnector(), stdp, receptor_type="excitatory")

# %%
# Run, then measure Δt and Δw for every pair
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Δt comes from the recorded postsynaptic spike; Δw from the weight read back
# with :func:`course.connections` (one row per pair).
sim.run(flush + 10.0)
recording = course.collect([post])
post_spikes = recording.spike_times("post")
measured_dt = np.array(
    [
        spikes[0] - times[0] if spikes.size else np.nan
        for spikes, times in zip(post_spikes, pre_times, strict=True)
    ]
)
rows = course.connections(plastic)
weight_change = np.full(n_pairs, np.nan)
weight_change[rows[:, 0].astype(int)] = rows[:, 2] - W_INIT
for dt, dw in list(zip(measured_dt, weight_change, strict=True))[8:12]:
    print(f"Δt = {dt:7.2f} ms   Δw = {dw * 1000:+.3f} pA")

# %%
# The curve and the formula
# ~~~~~~~~~~~~~~~~~~~~~~~~~
# :meth:`course.stdp.StdpRule.weight_change` computes the rule's prediction.
# The one subtlety is the delay, all of it *dendritic*: the postsynaptic spike
# needs ``DELAY`` to reach the synapse, so the rule sees ``Δt + DELAY``. The
# window shifts 1 ms to the left: a postsynaptic spike up to 1 ms *before*
# the presynaptic one still potentiates. Measured on NEST, the points and
# the formula agree to within a millionth.
rule = StdpRule(
    tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS,
    w_max=W_MAX, w_init=W_INIT, delay=DELAY,
)  # fmt: skip
predicted = rule.weight_change(measured_dt)
if np.isfinite(weight_change).any() and np.isfinite(measured_dt).any():
    worst = np.nanmax(np.abs(weight_change - predicted) / np.abs(predicted))
    print(f"largest relative difference from the formula: {worst:.1e}")

smooth_dt = np.linspace(-55.0, 55.0, 1101)
fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
ax.axhline(0.0, color="0.6", linewidth=0.8)
ax.axvline(-DELAY, color="0.6", linestyle=":", linewidth=1.0, label=f"Δt = −delay = −{DELAY:g} ms")
smooth_dw = rule.weight_change(smooth_dt)
smooth_dw[np.isclose(smooth_dt, -DELAY)] = np.nan  # no line across the jump
ax.plot(smooth_dt, 1000 * smooth_dw, color="C1", label="spike-pair rule")
ax.plot(measured_dt, 1000 * weight_change, "o", color="C0", label="measured, one pair per point")
ax.set_xlabel("Δt = t_post − t_pre (ms)")
ax.set_ylabel("weight change Δw (pA)")
ax.set_title("STDP window: additive rule, tau_plus 20 ms, tau_minus 10 ms")
ax.legend(loc="upper right", fontsize="small")
if not np.isfinite(measured_dt).any():
    plotting.mark_empty(ax)
plt.show()

# %%
# Reading the curve: potentiation reaches further (``tau_plus`` = 20 ms) but
# each depression step is larger (``A_minus`` > ``A_plus``). The depression
# side's area, ``A_minus·tau_minus`` = 0.12 ms, is smaller than the
# potentiation side's ``A_plus·tau_plus`` = 0.2 ms, so random timing would on
# average strengthen this synapse.
#
# Check your own solution
# ~~~~~~~~~~~~~~~~~~~~~~~
# :func:`course.check.task5` takes your Δt (``t_post - t_pre``, ms) and Δw
# (nA) and your rule. It checks the sign on both sides, the time constants
# and the steps, and names the common slips: a mirrored curve, a flat one (no
# late presynaptic spike) and Δw in pA.
print(course.check.task5(measured_dt, weight_change, rule=rule))
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task5.stdp_curve` packs the measurement above into
# one call. Try each extension before you open its solution.
#
# **1. Additive or multiplicative weight dependence?**
#
# .. dropdown:: Solution: multiplicative steps depend on the weight
#
#    .. code-block:: python
#
#        from course.exercises.task5 import stdp_curve
#        from course.stdp import StdpRule
#
#        sim = course.setup(timestep=1.0)
#        curve = stdp_curve(sim, rule=StdpRule(w_init=0.25, dependence="multiplicative"))
#        sim.end()
#        print(curve.weight_change, curve.predicted())
#
#    Multiplicative dependence scales potentiation by the room left below
#    ``w_max`` and depression by the weight itself:
#    ``A_plus·(w_max - w)·exp(-s/tau_plus)`` and ``-A_minus·w·exp(s/tau_minus)``.
#    Starting at ``w = 0.25 nA`` = ``w_max/4``, potentiation is 0.75 and
#    depression 0.25 of the additive steps: at Δt = 5.8 ms, +5.34 pA instead
#    of +7.12 pA; at Δt = -4.2 ms, -2.19 pA instead of -8.74 pA. A weight
#    under multiplicative STDP therefore settles where the two balance
#    instead of running to 0 or ``w_max``. The measurement again matches the
#    formula to within a millionth.
#
# **2. Change the time constants and amplitudes.**
#
# .. dropdown:: Solution: swap the time constants, double A_plus
#
#    .. code-block:: python
#
#        sim = course.setup(timestep=1.0)
#        rule = StdpRule(tau_plus=10.0, tau_minus=20.0, A_plus=0.02, w_init=0.25)
#        curve = stdp_curve(sim, rule=rule)
#        sim.end()
#        print(course.check.task5(curve))
#
#    The check fits ``tau_plus`` = 10.00 ms and ``tau_minus`` = 20.00 ms back
#    from the measured points. Potentiation now peaks higher (+10.14 pA at
#    Δt = 5.8 ms) but fades twice as fast, depression reaches twice as far:
#    the window now favours depression for random timing
#    (``A_minus·tau_minus`` = 0.24 ms against ``A_plus·tau_plus`` = 0.2 ms).
#
# **3. What does the synaptic delay do?**
#
# .. dropdown:: Solution: a 5 ms delay shifts the window by 5 ms
#
#    .. code-block:: python
#
#        sim = course.setup(timestep=1.0)
#        curve = stdp_curve(sim, rule=StdpRule(w_init=0.25, delay=5.0))
#        sim.end()
#        print(course.check.task5(curve))
#
#    With ``delay=5.0`` the pair at Δt = -4.2 ms (the postsynaptic neuron
#    fires *first*) potentiates by +9.59 pA: the rule sees -4.2 + 5 = +0.8 ms.
#    The check, given the delay, counts 11 potentiating and 9 depressing
#    pairs and still fits 20 and 10 ms.

# %%
# What SpiNNaker will show
# ------------------------
# :func:`course.exercises.task5.board_curve` measures the same twenty pairs
# the way a SpiNNaker core computes them (:mod:`course.spinnaker_model`). The
# board's curve (squares) follows NEST's, but as a staircase: every Δw is a
# whole number of 0.98 pA steps. The far potentiating pairs read 0 or one
# step, the far depressing pairs one step; the check accepts the staircase.
#
# .. dropdown:: On SpiNNaker: why a staircase, and how to make it finer
#
#    The board stores each weight as a 16-bit whole number of steps; the step
#    grows with the largest weights onto the neuron, here the 20 nA driver:
#    2\ :sup:`-10` nA = 0.98 pA. Each update is rounded *down*. A
#    potentiation of 0.78 pA (Δt = 50 ms) becomes 0 steps, one of 1.0 pA one
#    step; a depression of -0.09 pA (Δt = -50 ms) becomes -0.98 pA, a whole
#    step down. The board's spikes lie on the 1 ms grid, so its Δt are whole
#    milliseconds: each neuron fires at exactly 100 ms.
#    With 5 nA drivers the step is 0.24 pA and the far pairs read 0.24 to
#    0.49 pA, but the neurons then fire later, which moves every Δt by 5 or
#    6 ms.
from course.exercises.task5 import board_curve

board = board_curve()
print(f"weight step on the board: {board.weight_step * 1000:.2f} pA")
for i in (0, 9, 10, 19):
    dt, dw = board.delta_t[i], board.weight_change[i]
    print(f"board: Δt = {dt:5.1f} ms   Δw = {dw * 1000:+.2f} pA")
print(course.check.task5(board.delta_t, board.weight_change, rule=rule))

fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
ax.axhline(0.0, color="0.6", linewidth=0.8)
ax.plot(smooth_dt, 1000 * smooth_dw, color="C1", label="spike-pair rule")
ax.plot(measured_dt, 1000 * weight_change, "o", color="C0", label="this run")
ax.plot(board.delta_t, 1000 * board.weight_change, "s", color="C2", markerfacecolor="none",
        label="SpiNNaker board (model)")  # fmt: skip
ax.set_xlabel("Δt = t_post − t_pre (ms)")
ax.set_ylabel("weight change Δw (pA)")
ax.set_title("The STDP window here and on a SpiNNaker board")
ax.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# On SpiNNaker
# ------------
# The same script runs there unchanged, late presynaptic spikes included.
#
# .. dropdown:: On SpiNNaker: what does a virtual board give?
#
#    sPyNNaker, too, counts the whole delay as dendritic (it refuses any other
#    ``dendritic_delay_fraction``). On a virtual board nothing runs: the
#    weights read back unchanged and the check reports that no weight
#    changed.
#
# Try it yourself
# ---------------
# Give each presynaptic source a second spike 10 ms after its first. The
# pairs are no longer single pairs. Before you run it, write down: for which
# Δt will the measured change leave the single-pair formula, and in which
# direction?
#
# .. dropdown:: Answer
#
#    Every pair moves. With post before pre (Δt < 0) the second presynaptic
#    spike also comes after the postsynaptic one and adds its own depression,
#    ``exp(-10/10)`` = 0.37 of the first: every depression grows by 37 %
#    (at Δt = -4.2 ms, -11.96 pA instead of -8.74 pA). With post after pre
#    by more than 10 ms the second spike also comes before the postsynaptic
#    one, 10 ms closer, and adds a larger potentiation: at Δt = 10.8 ms,
#    +14.70 pA instead of +5.55 pA. At Δt = 5.8 ms the second spike comes
#    4.2 ms *after* the postsynaptic one; its depression outweighs the
#    potentiation and the pair now weakens the synapse (-1.58 pA). The check
#    refuses this curve: it is no longer the single-pair window.

# %%
# Key points
# ----------
# * One independent pair per Δt measures the whole STDP window in one run.
# * The rule sees ``Δt + delay``: the window shifts by the delay.
# * ``A_minus·tau_minus`` against ``A_plus·tau_plus`` says whether random
#   timing strengthens or weakens a synapse.
# * Give every presynaptic source one late spike, or potentiation never
#   shows.
