"""
.. _lesson-14:

14. Inside a SpiNNaker core
===========================

Run the same script on NEST and on SpiNNaker and the spike times differ.
That is not noise: a SpiNNaker core steps its neurons in a fixed order, in
fixed-point numbers, and every difference from NEST follows from that. This
lesson takes recordings that real SpiNNaker boards made for sPyNNaker's own
tests (a ring of 20 neurons), reproduces them exactly with
:mod:`course.spinnaker_model`, a model of one core's time step, runs the
same ring on NEST with precise and with on-grid spikes, and explains each
difference you will meet.
"""

# %%
# What a board recorded
# ---------------------
# sPyNNaker's integration tests build a ring of 20 ``IF_curr_exp`` neurons
# (cm 0.25 nF, tau_m 20 ms, tau_refrac 2 ms, v_reset -70 mV), each exciting
# the next with 2 nA after ``delay`` ms, kick it with one spike at 0 ms, and
# compare what the board records with reference files. The course ships
# three of them (delays 1, 7 and 17 ms; see :mod:`course.spinnaker_model.recordings`).
# Look at the 17 ms ring: neuron 0 fires at 3 ms, and each hop takes 19 ms.
import matplotlib.pyplot as plt
import numpy as np

import course
from course import spinnaker_model as sm
from course.spinnaker_model import recordings, synfire

# sphinx_gallery_thumbnail_number = 1

DELAY = 17  # ms, the ring whose membrane potential was recorded
board = recordings.load_recording(DELAY)
board_first = np.array([times[0] for times in board.spikes])
print("first spike of neurons 0-4 (ms):", board_first[:5])
print("hops (ms):", sorted({float(h) for h in np.diff(board_first)}))
print("neuron 0, v at 0-7 ms (mV):", board.signal[0, :8])

# %%
# Every recorded ``v`` is a whole multiple of 2\ :sup:`-15` mV: the core has
# no floating point, and keeps voltages and currents as 32-bit integers
# counting units of 2\ :sup:`-15` ("s16.15" fixed point).
in_lsb = board.signal / sm.LSB
print("all multiples of 2**-15 mV:", bool(np.all(in_lsb == np.round(in_lsb))))

# %%
# One step of a core
# ------------------
# In each 1 ms step a core running sPyNNaker does, for each neuron:
#
# 1. **input arrives**: all weights whose spikes were sent ``delay`` steps
#    ago are added to the synaptic current, scaled by
#    :math:`(\tau_\mathrm{syn}/\Delta t)(1 - e^{-\Delta t/\tau_\mathrm{syn}})`
#    = 0.906, the average of the decaying current over one step;
# 2. **recording**: ``v`` as it was at the start of the step, and the current;
# 3. **update**: unless refractory, ``v`` moves for one step with the current
#    held constant (the exact solution for a constant input);
# 4. **threshold**: if ``v >= v_thresh`` the neuron spikes, stamped with this
#    step's time, ``v = v_reset``, and it stays refractory for
#    :math:`\lceil \tau_\mathrm{refrac}/\Delta t \rceil` steps;
# 5. **decay**: the current shrinks by :math:`e^{-\Delta t/\tau_\mathrm{syn}}`.
#
# :func:`course.spinnaker_model.simulate` does exactly this with integer
# arithmetic. Asked for the three recorded rings, it gives every recorded
# spike at the same millisecond and every recorded value bit for bit.
agreement = {}
for delay, (run_time, signal_name) in recordings.RECORDED_DELAYS.items():
    recorded = recordings.load_recording(delay)
    predicted = synfire.model_ring(delay, run_time)
    same_spikes = all(
        np.array_equal(a, b) for a, b in zip(recorded.spikes, predicted.spikes, strict=True)
    )
    largest_error = np.abs(getattr(predicted, signal_name) - recorded.signal).max()
    agreement[delay] = (sum(map(len, recorded.spikes)), same_spikes, signal_name, largest_error)
    print(
        f"delay {delay:2d} ms: {agreement[delay][0]} spikes, all at the same ms: {same_spikes}; "
        f"largest {signal_name} difference {largest_error:g}"
    )

# %%
# Why each hop takes delay + 2 ms
# -------------------------------
# Follow neuron 0 step by step in the model. The input spike is sent in step
# 0 and arrives in step 1 (delay 1 ms): the current jumps to
# 2 nA × 0.906 = 1.8127 nA. ``v`` is recorded before each update, so the
# update made *in* step 1 shows at 2 ms; the update in step 3 crosses
# threshold, and the spike is stamped 3 ms, two steps after the input
# arrived. The same holds for every neuron of the ring, so each hop takes
# the delay plus 2 steps: 19 ms here.
model = synfire.model_ring(DELAY, board.run_time)
print(" t (ms)   current (nA)   v (mV)")
for t in range(8):
    print(f"{t:6d} {model.gsyn_exc[0, t]:14.5f} {model.v[0, t]:10.5f}")

# %%
# The same ring on this backend
# -----------------------------
# :func:`course.spinnaker_model.synfire.build_ring` builds the ring with
# PyNN, with its input at :func:`course.earliest_spike_time`. On a SpiNNaker
# machine that is 0 ms, as on the boards, and you re-record the files above.
# On NEST it is 2 ms (PyNN sends an array spike ``min_delay`` early, and NEST
# has no time before 0), so from here on all times are measured from the
# input spike.
sim = course.setup(timestep=1.0)
input_time = course.earliest_spike_time()
ring, stimulus = synfire.build_ring(sim, DELAY, input_time=input_time)
sim.run(input_time + board.run_time)
this_backend = synfire.read_ring(ring, input_time)
sim.end()
backend_name = "NEST, precise spikes" if course.is_nest() else "this backend"

# %%
# Board, model and NEST side by side
# ----------------------------------
# For all three recorded rings: when neuron 0 first fires after the input,
# how long a hop takes, and when neuron 19 first fires (one lap). On NEST
# the ring also runs with on-grid spikes (``iaf_psc_exp`` instead of
# ``iaf_psc_exp_ps``), 1 ms steps and a 1 ms ``min_delay``: NEST as
# SpiNNaker-like as it gets.


def first_spikes(spikes, start=0.0):
    """First spike (ms after the input) of each neuron; NaN if it never fired."""
    return np.array([s[0] - start if len(s) else np.nan for s in spikes])


first = {}
for delay, (run_time, _) in recordings.RECORDED_DELAYS.items():
    first[delay, "board"] = first_spikes(recordings.load_recording(delay).spikes)
    first[delay, "model"] = first_spikes(synfire.model_ring(delay, run_time).spikes)
    if course.is_nest():
        for precision in ("off_grid", "on_grid"):
            nest_run = synfire.run_ring_on_nest(delay, run_time, precision)
            first[delay, f"NEST {precision}"] = first_spikes(nest_run.spikes, nest_run.input_time)
            if delay == DELAY and precision == "on_grid":
                on_grid = nest_run
hops = {key: float(np.mean(np.diff(times))) for key, times in first.items()}
for (delay, source), times in first.items():
    print(
        f"delay {delay:2d} ms, {source:13s}: neuron 0 at {times[0]:7.3f} ms, "
        f"hop {hops[delay, source]:7.3f} ms, neuron 19 at {times[-1]:8.3f} ms"
    )

# %%
# On the board a hop takes delay + 2 ms; on NEST delay + 2.569 ms with
# precise spikes and delay + 3 ms on the grid. The gap grows by the same
# amount every hop: the last neuron of the 1 ms ring first fires 60 ms after
# the input on the board, 71.4 ms on NEST (precise) and 80 ms on NEST (on
# grid), and the gap keeps growing lap by lap.
#
# The figure shows neuron 0 of the 17 ms ring, sampled every 1 ms (every
# other neuron repeats it one hop later). The model's circles sit exactly on
# the board's samples. NEST on the grid records the same rise and the same
# reset at 4 ms, but stamps the spike 4 ms instead of 3 ms; with precise
# spikes NEST fires at 3.569 ms and its refractory period ends earlier.
# Below, the first spike of each neuron of the 1 ms ring: the lines fan out.
fig, (ax_v, ax_lap) = plt.subplots(2, 1, layout="constrained", figsize=(6.4, 6.4))
window = slice(0, 30)
ax_v.plot(board.times[window], board.signal[0, window], "s-", color="k", ms=4, label="board")
ax_v.plot(model.times[window], model.v[0, window], "o", mfc="none", color="C0", ms=8, label="model")
if this_backend.v.size:
    since_input = this_backend.times - input_time
    keep = (since_input >= 0) & (since_input < 30)
    ax_v.plot(since_input[keep], this_backend.v[0, keep], color="C1", label=backend_name)
if course.is_nest():
    since_input = on_grid.times - on_grid.input_time
    keep = (since_input >= 0) & (since_input < 30)
    ax_v.plot(since_input[keep], on_grid.v[0, keep], color="C2", label="NEST, on-grid spikes")
ax_v.axhline(recordings.SYNFIRE_CELL_PARAMETERS["v_thresh"], color="C3", lw=0.8, ls=":")
ax_v.set_xlabel("time after the input spike (ms)")
ax_v.set_ylabel("v of neuron 0 (mV)")
ax_v.legend(fontsize="small", loc="upper right")

neurons = np.arange(recordings.SYNFIRE_NEURONS)
styles = {
    "board": ("k", "board"),
    "model": ("C0", "model"),
    "NEST off_grid": ("C1", "NEST, precise spikes"),
    "NEST on_grid": ("C2", "NEST, on-grid spikes"),
}
for source, (color, label) in styles.items():
    if (1, source) in first:
        marker = "x" if source == "model" else "o-"
        ax_lap.plot(neurons, first[1, source], marker, color=color, ms=4, label=label)
ax_lap.set_xlabel("neuron in the 1 ms ring")
ax_lap.set_ylabel("first spike after the input (ms)")
ax_lap.legend(fontsize="small")
plt.show()

# %%
# Every difference, and why
# -------------------------
# * **Spike time stamps (1 ms per hop, on the grid).** A core stamps a spike
#   with the *start* of the step whose update crossed threshold; NEST stamps
#   it with the *end* of the step. The spike is also sent with that stamp,
#   so on-grid NEST is exactly one step behind per hop: delay + 3 ms.
# * **Precise spikes (0.569 ms per hop).** PyNN's default on NEST
#   (``iaf_psc_exp_ps``) finds the crossing inside the step: 2.569 ms after
#   the input arrives, where the board can only say "in the second step
#   after".
# * **Input arrival.** Both apply an input from the step it arrives in, but
#   the board adds it scaled to its step average (1.8127 nA, not 2 nA) and
#   holds it constant for the step. So ``v`` after one step is -57.924 mV on
#   the board and -57.933 mV on NEST: close, not equal.
# * **Fixed point.** ``v`` is a multiple of 2\ :sup:`-15` mV and products are
#   rounded down, so a neuron relaxing to rest stops 20 units short
#   (-64.99939 mV) on the board. Weights travel as 16-bit integers with a
#   per-receptor shift; 2 nA is exact, but a weight such as 0.3 nA becomes
#   0.2999878 nA.
# * **Refractory period.** The board holds ``v_reset`` for
#   :math:`\lceil \tau_\mathrm{refrac}/\Delta t\rceil` = 2 steps after the
#   spike step, so ``v_reset`` appears in 3 recorded samples, as on NEST on
#   the grid. A ``tau_refrac`` that is not a whole number of steps is rounded
#   up on the board; NEST's precise model ends it at the exact time.
# * **Input at 0 ms.** The board sends a spike in step 0; PyNN on NEST
#   cannot deliver one earlier than ``min_delay``.
# * **Threshold.** Both fire when ``v >= v_thresh``; the board looks once
#   per step, at the end of the update.
v_reset = recordings.SYNFIRE_CELL_PARAMETERS["v_reset"]
refractory_samples = {"board": int(np.sum(board.signal[0, :10] == v_reset))}
if course.is_nest():
    start = int(on_grid.input_time)
    refractory_samples["NEST on_grid"] = int(np.sum(on_grid.v[0, start : start + 10] == v_reset))
for source, count in refractory_samples.items():
    print(f"{source}: v_reset recorded in {count} samples after the first spike")
print(f"board: v settles at {board.signal[0, 300]:.7f} mV (v_rest -65 mV)")

# %%
# On SpiNNaker
# ------------
# On a SpiNNaker machine (the Jupyter hub) this lesson builds the ring with
# its input at 0 ms and records it: expect the same spikes as the files, at
# 3, 22, 41, ... ms, which is what the model predicts. On the virtual board
# the ring is mapped but nothing runs, so only the recordings and the model
# appear. The model is for predicting and teaching, not a backend: it knows
# two cell types and static synapses, and nothing of routing, real-time
# deadlines or dropped spikes.
#
# Try it yourself
# ---------------
# Predict, before running it, when neuron 5 of a ring with 4 ms delays first
# fires on the board (``synfire.model_ring(4, 100.0).spikes[5]``), and on
# NEST with precise spikes. Then change ``tau_refrac`` in a copy of
# ``recordings.SYNFIRE_CELL_PARAMETERS`` to 2.5 ms and count the samples at
# ``v_reset`` again.
