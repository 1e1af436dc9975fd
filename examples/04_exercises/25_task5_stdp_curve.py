"""
.. _lesson-25:

25. Task 5: the STDP curve
==========================

How much does one pair of spikes change a synapse, as a function of their
timing? This lesson measures the whole STDP window in one simulation, with
twenty independent pre/post pairs, and lays the spike-pair rule's formula
over the measurement: on NEST they agree to within a millionth, once the
synaptic delay is counted the way NEST and sPyNNaker count it. Then it compares
additive with multiplicative weight dependence and changes the rule's
parameters.

After it you will be able to measure a plasticity window in one simulation,
compare it with the rule's formula, and explain the shift that the synaptic
delay causes.

.. admonition:: The task

   Create an STDP curve graph using a ``SpikeSourceArray`` stimulating a LIF
   population, with varying spike times for the ``SpikeSourceArray``.
"""

# %%
# Choose the simulator and the rule
# ---------------------------------
# The same spike-pair rule as in :ref:`lesson-24`: potentiation
# ``A_plus·w_max·exp(-Δt/tau_plus)`` when the postsynaptic spike follows the
# presynaptic one, depression ``A_minus·w_max·exp(Δt/tau_minus)`` when it
# comes first, with ``Δt = t_post - t_pre``. These are NEST's formulas;
# sPyNNaker's additive rule leaves out the factor ``w_max`` (it adds
# ``A_plus·exp(...)`` in nA), so the two agree here only because ``W_MAX`` is
# 1 nA.
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
# ----------------------------------------------
# Twenty differences, from -50 to 50 ms. Pair ``i`` has its own presynaptic
# spike source, its own postsynaptic LIF neuron and its own "driver" source
# that makes that neuron fire at a known time (20 nA arriving at 100 ms; the
# neuron fires 0.8 ms later). Because no pair shares a neuron with another,
# all twenty can run at once, in one short simulation.
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
# ------------------------------------
# Source ``i`` fires ``delta_ts[i]`` before its neuron's stimulus. Both NEST
# and sPyNNaker change a plastic weight only when a *presynaptic* spike
# arrives, so a potentiation earned by a pre-then-post pair stays invisible
# until the next presynaptic spike. Every source therefore fires once more,
# at 350 ms: 200 ms (20 ``tau_minus``) after the last pairing, far beyond the
# reach of both windows.
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
# ------------------------------------------
# Δt comes from the recorded postsynaptic spike; Δw from the weight read back
# with :func:`course.connections` (one row per pair, sorted by source).
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
# -------------------------
# :meth:`course.stdp.StdpRule.weight_change` computes the rule's
# prediction. The one subtlety is the delay: NEST and sPyNNaker treat all of
# it as *dendritic*. A presynaptic spike acts on the synapse at once, while
# the postsynaptic spike needs ``DELAY`` to travel back to the synapse, so the
# rule sees ``Δt + DELAY``. The whole window is shifted 1 ms to the left: a
# postsynaptic spike up to 1 ms *before* the presynaptic one still
# potentiates.
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
# each depression step is larger (``A_minus`` > ``A_plus``). The area under
# the depression side, ``A_minus·tau_minus`` = 0.12 ms, is smaller than the
# potentiation side's ``A_plus·tau_plus`` = 0.2 ms, so random, uncorrelated
# timing would on average strengthen this synapse.
#
# Check your own solution
# -----------------------
# :func:`course.check.task5` takes your Δt (``t_post - t_pre``, ms) and Δw
# (nA) arrays and your rule. It checks the sign on both sides of the window,
# fits the two time constants and the two steps and compares them with the
# rule, and recognises the common slips: a mirrored curve (Δt computed as pre
# minus post), a flat one (no late presynaptic spike on NEST) and Δw in the
# wrong unit (pA for nA).
print(course.check.task5(measured_dt, weight_change, rule=rule))
sim.end()

# %%
# Further extensions
# ------------------
# :func:`course.exercises.task5.stdp_curve` packs the measurement above into
# one call and returns the measured Δt and Δw with the rule's prediction
# (``curve.predicted()``). Call ``course.setup()`` before each run and
# ``sim.end()`` after. Try each extension before you open its solution.
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
# On SpiNNaker
# ------------
# * sPyNNaker, too, counts the whole delay as dendritic (it refuses any
#   other ``dendritic_delay_fraction``) and updates a weight when a
#   presynaptic spike arrives: keep the late extra spike.
# * At a 1 ms timestep the postsynaptic spike comes on the 1 ms grid, so the
#   measured Δt are whole milliseconds.
# * Weights are 16-bit fixed point: with ``w_max`` = 1 nA a step is a few
#   pA, so each Δw comes back rounded to the nearest representable value and
#   the smallest ones, far out on the window's tails, may read as 0.
# * On a virtual board nothing runs: the weights read back unchanged and the
#   check reports that no weight changed.
#
# Try it yourself
# ---------------
# Give each presynaptic source a second spike 10 ms after its first. The
# pairs are no longer single pairs. Predict first: for which Δt will the
# measured change leave the single-pair formula, and in which direction?
# Then run it and compare.
