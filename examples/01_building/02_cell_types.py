"""
.. _lesson-02:

02. Cell types
==============

A PyNN cell type is a point-neuron model with named parameters: a leaky
integrate-and-fire neuron, an Izhikevich neuron, or a spike source. This
lesson reads the parameters and equations of ``IF_cond_exp``, the model the
course uses most, and checks them with two input spikes.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 25 minutes
   :Prerequisites: :ref:`lesson-01`
   :You will be able to: choose a cell type that runs on both NEST and
      SpiNNaker, read and set its parameters, and predict the size of a
      postsynaptic potential from its equations.
"""

# %%
# Which cell types exist here?
# ----------------------------
# :func:`course.list_cell_types` lists the cell types of the simulator in
# use. Those marked "portable" (:data:`course.backends.PORTABLE_CELL_TYPES`)
# exist on every backend of the course: write lessons with those.
#
# .. dropdown:: On NEST: why not ``sim.list_standard_models()``?
#
#    The notes call ``sim.list_standard_models()``. On NEST that function does
#    more than list: it creates one neuron of every model to test it (adding
#    them to your network) and prints warnings for models whose NEST part is
#    missing. :func:`course.list_cell_types` lists the same names without
#    touching the network.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import plotting
from course.backends import PORTABLE_CELL_TYPES
from course.parameters import IF_COND_EXP_PARAMETERS, describe_parameters

sim = course.setup(timestep=0.1, min_delay=0.1, max_delay=10.0)
# sphinx_gallery_thumbnail_number = 1

available = course.list_cell_types()
print(f"{len(available)} cell types on {course.current().backend}:")
for name in available:
    print(f"  {name:<30} {'portable' if name in PORTABLE_CELL_TYPES else ''}".rstrip())

# %%
# Parameters, defaults and initial values
# ---------------------------------------
# ``get_parameter_names()`` lists what you may set, ``default_parameters``
# what you get when you set nothing, and ``default_initial_values`` the state
# every neuron starts from. PyNN's units are fixed: mV, ms, nF, nA and µS.
print("IF_cond_exp parameters:", ", ".join(sim.IF_cond_exp.get_parameter_names()))
print("\nPyNN defaults:")
print("\n".join(describe_parameters(sim.IF_cond_exp.default_parameters)))
print("\ninitial values:", dict(sim.IF_cond_exp.default_initial_values))

# %%
# The initial state holds the membrane potential ``v`` and the synaptic
# conductances; set ``v`` only, whose name is the same everywhere.
#
# .. dropdown:: On SpiNNaker: why the synaptic initial values have other names
#
#    NEST names the synaptic state ``gsyn_exc`` and ``gsyn_inh``
#    (conductances, µS); sPyNNaker names it ``isyn_exc`` and ``isyn_inh``, and
#    its ``default_initial_values`` say so.
#
# The course's populations use the notes' test parameter set,
# :data:`course.parameters.IF_COND_EXP_PARAMETERS`: a higher threshold
# (-48 mV), a reset below rest (-70 mV) and a 2 ms
# :term:`refractory period`.
print("\n".join(describe_parameters(IF_COND_EXP_PARAMETERS)))

# %%
# The equations of IF_cond_exp
# ----------------------------
# The membrane potential :math:`v` (mV) of a cell with capacitance
# :math:`c_m` (nF) obeys
#
# .. math::
#
#    c_m \frac{dv}{dt} = \frac{c_m}{\tau_m}\,(v_\mathrm{rest} - v)
#      + g_\mathrm{exc}(t)\,(E_\mathrm{rev,E} - v)
#      + g_\mathrm{inh}(t)\,(E_\mathrm{rev,I} - v) + i_\mathrm{offset}
#
# where each term is a current in nA (µS × mV = nA). Each synaptic
# conductance (µS) decays exponentially and jumps by the synaptic weight
# :math:`w` (µS) when a spike arrives at time :math:`t_k`:
#
# .. math::
#
#    \frac{dg_\mathrm{exc}}{dt} = -\frac{g_\mathrm{exc}}{\tau_\mathrm{syn,E}}
#      + \sum_k w_k\,\delta(t - t_k),
#    \qquad
#    \frac{dg_\mathrm{inh}}{dt} = -\frac{g_\mathrm{inh}}{\tau_\mathrm{syn,I}}
#      + \sum_k w_k\,\delta(t - t_k).
#
# When :math:`v` reaches :math:`v_\mathrm{thresh}` the cell spikes, :math:`v`
# is set to :math:`v_\mathrm{reset}` and held there for
# :math:`\tau_\mathrm{refrac}` (ms). The course notes link a write-up of
# this explicit formulation: `arXiv:2003.13365
# <https://arxiv.org/abs/2003.13365>`_.
#
# One input spike
# ---------------
# One source sends an excitatory spike, another an inhibitory one 35 ms
# later, to one ``IF_cond_exp`` neuron with the test parameters. With a 1 ms
# delay they arrive at 6 and 41 ms. Both weights are conductances (µS), so
# both are positive; :func:`course.signed_weight` gives each simulator the
# sign it expects. Read the projections as "connect this source to this
# neuron with weight w and delay d"; lessons 03 to 08 explain them.
W_EXC = 0.02  # µS
W_INH = 0.05  # µS
DELAY = 1.0  # ms
SEND = {"excitatory": 5.0, "inhibitory": 40.0}  # ms

neuron = sim.Population(1, sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS), label="neuron")
neuron.record(["v", "gsyn_exc", "gsyn_inh"])
for receptor, weight in (("excitatory", W_EXC), ("inhibitory", W_INH)):
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[SEND[receptor]]))
    sim.Projection(
        source,
        neuron,
        sim.OneToOneConnector(),
        sim.StaticSynapse(
            weight=course.signed_weight(weight, receptor, sim.IF_cond_exp), delay=DELAY
        ),
        receptor_type=receptor,
    )

RUN_TIME = 80.0
sim.run(RUN_TIME)
recording = course.collect([neuron])
t, v = recording.signal("neuron", "v")
_, g_exc = recording.signal("neuron", "gsyn_exc")
_, g_inh = recording.signal("neuron", "gsyn_inh")

# %%
# What to expect
# --------------
# The conductance is exact: :math:`g(t) = w\,e^{-(t - t_k)/\tau_\mathrm{syn}}`
# after the arrival :math:`t_k`. The bump each spike makes in the voltage, a
# :term:`PSP` (an :term:`EPSP` when excitatory, an :term:`IPSP` when
# inhibitory), is easy only approximately: if :math:`v` stays near
# :math:`v_\mathrm{rest}`, the driving force :math:`E_\mathrm{rev} - v` is
# almost constant and each input adds a difference of two exponentials,
#
# .. math::
#
#    v(t) - v_\mathrm{rest} \approx \frac{w\,(E_\mathrm{rev} - v_\mathrm{rest})}{c_m}\,
#    \frac{\tau_m \tau_\mathrm{syn}}{\tau_m - \tau_\mathrm{syn}}
#    \left(e^{-(t - t_k)/\tau_m} - e^{-(t - t_k)/\tau_\mathrm{syn}}\right).
p = IF_COND_EXP_PARAMETERS


def conductance(time, weight, arrival, tau_syn):
    """Exact conductance (µS) after one spike."""
    return np.where(time >= arrival, weight * np.exp(-(time - arrival) / tau_syn), 0.0)


def linear_psp(time, weight, arrival, tau_syn, e_rev):
    """Voltage change (mV) for a constant driving force e_rev - v_rest."""
    s = np.clip(time - arrival, 0.0, None)
    amplitude = weight * (e_rev - p["v_rest"]) / p["cm"]
    kernel = p["tau_m"] * tau_syn / (p["tau_m"] - tau_syn)
    return amplitude * kernel * (np.exp(-s / p["tau_m"]) - np.exp(-s / tau_syn))


arrive_exc = SEND["excitatory"] + DELAY
arrive_inh = SEND["inhibitory"] + DELAY
grid = np.arange(0.0, RUN_TIME, 0.01)
expected_g_exc = conductance(grid, W_EXC, arrive_exc, p["tau_syn_E"])
expected_g_inh = conductance(grid, W_INH, arrive_inh, p["tau_syn_I"])
expected_v = (
    p["v_rest"]
    + linear_psp(grid, W_EXC, arrive_exc, p["tau_syn_E"], p["e_rev_E"])
    + linear_psp(grid, W_INH, arrive_inh, p["tau_syn_I"], p["e_rev_I"])
)

before = grid < arrive_inh
if v.size:
    lowest = v[t >= arrive_inh].min()
    print(
        f"EPSP peak: {v[t < arrive_inh].max() - p['v_rest']:.2f} mV measured, "
        f"{expected_v[before].max() - p['v_rest']:.2f} mV linearised"
    )
    print(
        f"lowest v after the inhibitory spike: {lowest:.2f} mV measured, "
        f"{expected_v[~before].min():.2f} mV linearised"
    )
    print(f"g_exc peak: {g_exc.max():.4f} µS (weight {W_EXC} µS)")
    print(f"g_inh peak: {g_inh.max():.4f} µS (weight {W_INH} µS)")

# %%
# The conductances follow the exact curves. The EPSP is a little smaller
# than the linear estimate: as :math:`v` rises, the driving force
# :math:`E_\mathrm{rev,E} - v` shrinks. The inhibition is weak although its
# weight is 2.5 times larger: its reversal potential (-70 mV) lies only 5 mV
# below rest, 13 times closer than the excitatory one. It mostly speeds up
# the return to rest and pulls :math:`v` only about 0.1 mV below rest.
fig, axes = plt.subplots(3, 1, sharex=True, layout="constrained", figsize=(6.4, 6.6))
panels = (
    (v, expected_v, "membrane potential (mV)", "linearised estimate"),
    (g_exc, expected_g_exc, "g_exc (µS)", "exact"),
    (g_inh, expected_g_inh, "g_inh (µS)", "exact"),
)
for ax, (measured, expected, ylabel, kind) in zip(axes, panels, strict=True):
    plotting.traces(
        t, measured, ax=ax, ylabel=ylabel, labels=["NEST" if course.is_nest() else "recorded"]
    )
    ax.plot(grid, expected, "--", color="C1", linewidth=1.2, label=kind)
    for arrival, color in ((arrive_exc, "C2"), (arrive_inh, "C3")):
        ax.axvline(arrival, color=color, linewidth=0.8, linestyle=":")
    ax.legend(loc="upper right", fontsize="small")
    ax.set_xlabel("")
axes[0].set_title("One IF_cond_exp neuron: excitatory spike at 6 ms, inhibitory at 41 ms")
axes[-1].set_xlabel("time (ms)")
plt.show()

sim.end()

# %%
# What SpiNNaker will show
# ------------------------
# :mod:`course.spinnaker_model` steps this neuron the way a SpiNNaker core
# does. Its prediction of the board's recording, beside NEST's above: the
# voltages agree to about a hundredth of a millivolt, and the conductance
# peaks are a little lower on the board.
#
# .. dropdown:: On SpiNNaker: how a core computes this neuron, and why its peaks are lower
#
#    A core steps the neuron in 0.1 ms steps of :term:`fixed point` numbers
#    (s16.15: 16 integer and 15 fractional bits), each conductance stored as a
#    16-bit weight, held constant over a step at its step average and turned
#    into a current with the driving force of ``v`` at the step's start. The
#    board records the average of the decaying conductance over the first
#    step, a factor
#    :math:`(\tau_\mathrm{syn}/\Delta t)(1 - e^{-\Delta t/\tau_\mathrm{syn}})`
#    below the weight (:ref:`lesson-14` explains each difference).
from course import spinnaker_model as sm

on_board = sm.simulate(
    populations={
        "sources": sm.SpikeArray([[SEND["excitatory"]], [SEND["inhibitory"]]]),
        "neuron": sm.Cells(1, "IF_cond_exp", dict(IF_COND_EXP_PARAMETERS)),
    },
    projections=[
        ("sources", "neuron", [(0, 0, W_EXC, DELAY)], "excitatory"),
        ("sources", "neuron", [(1, 0, W_INH, DELAY)], "inhibitory"),
    ],
    run_time=RUN_TIME,
    timestep=course.current().timestep,
)["neuron"]
board_before = on_board.times < arrive_inh
predicted = {
    "EPSP peak (mV)": on_board.v[0, board_before].max() - p["v_rest"],
    "lowest v after the inhibitory spike (mV)": on_board.v[0, ~board_before].min(),
    "g_exc peak (µS)": on_board.gsyn_exc[0].max(),
    "g_inh peak (µS)": on_board.gsyn_inh[0].max(),
}
measured = {}
if v.size:
    measured = {
        "EPSP peak (mV)": v[t < arrive_inh].max() - p["v_rest"],
        "lowest v after the inhibitory spike (mV)": v[t >= arrive_inh].min(),
        "g_exc peak (µS)": g_exc.max(),
        "g_inh peak (µS)": g_inh.max(),
    }
here = "NEST" if course.is_nest() else "recorded here"
for name, value in predicted.items():
    beside = f", {here} {measured[name]:.4f}" if name in measured else ""
    print(f"{name}: SpiNNaker {value:.4f}{beside}")

# %%
# On SpiNNaker
# ------------
# * sPyNNaker has 7 standard models, the ones marked "portable" above:
#   ``IF_cond_exp``, ``IF_curr_exp``, ``IF_curr_alpha``, ``IF_curr_delta``,
#   ``Izhikevich`` and the two spike sources. Hodgkin-Huxley,
#   ``IF_cond_alpha`` and the EIF models are simply not implemented there.
# * Traces differ from NEST's by small amounts, and a spike can come a
#   timestep earlier or later: compare shapes and rates, not single spike
#   times.
#
# .. dropdown:: On SpiNNaker: why a spike can move by a whole timestep
#
#    The neuron's state is held in s16.15 fixed point and updated once per
#    step. When a threshold crossing falls near a step boundary, the small
#    differences from NEST's exact integration decide on which side of the
#    boundary it lands.
#
# .. dropdown:: On SpiNNaker: what happens to the sign of an inhibitory weight
#
#    sPyNNaker ignores it (the receptor decides); NEST needs it positive for
#    conductance-based cells, so write
#    ``course.signed_weight(w, "inhibitory", sim.IF_cond_exp)`` and both are
#    right.
#
# Try it yourself
# ---------------
# Give the inhibitory synapse a reversal potential of -90 mV
# (``e_rev_I=-90.0`` in a copy of the parameters). Before you run it, write
# down how much deeper the linearised IPSP becomes, and, from the linearised
# EPSP, the excitatory weight at which the neuron first fires. Then raise
# ``W_EXC`` until it does: how close was your estimate?
#
# .. dropdown:: Answer
#
#    The linearised IPSP is proportional to the driving force
#    :math:`E_\mathrm{rev,I} - v_\mathrm{rest}`, which grows from -5 to
#    -25 mV: five times deeper (its peak from 0.79 to 3.94 mV). Measured on
#    NEST, the lowest ``v`` after the inhibitory spike goes from 0.11 to
#    2.86 mV below rest (the linearised sum of the EPSP's tail and the IPSP
#    says 0.03 and 3.02 mV).
#
#    The linearised EPSP is 4.09 mV for 0.02 µS, so 17 mV (from -65 to
#    -48 mV) would need :math:`0.02 \times 17 / 4.09 = 0.083` µS. The neuron
#    first fires at 0.1001 µS on NEST (it is silent at 0.1000 µS): the linear
#    estimate is about 17 % too low, because the driving force
#    :math:`E_\mathrm{rev,E} - v` shrinks from 65 mV at rest to 48 mV at
#    threshold, so each µS of conductance drives less current as ``v`` rises.
#
# Key points
# ----------
# * A cell type is a model with named parameters in fixed units (mV, ms, nF,
#   nA, µS); use the portable ones.
# * In ``IF_cond_exp`` a spike makes a conductance jump by the weight and
#   decay.
# * The current it drives is proportional to ``v``'s distance from the
#   reversal potential, so PSPs shrink as ``v`` approaches it.
