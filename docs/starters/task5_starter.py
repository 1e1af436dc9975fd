"""Task 5 starter: the STDP curve, weight change against spike timing.

The task: an STDP curve graph using a SpikeSourceArray stimulating a LIF
population, with varying spike times for the SpikeSourceArray.

Fill in the four TODO blocks: replace the line between ``# TODO k:`` and
``# END TODO k`` with your own PyNN code. Run the script after each one; it
stops at the first TODO that is still open and says which. When all four are
written it draws your curve and checks it (lesson 25 of the course).
"""

import matplotlib.pyplot as plt
import numpy as np

import course
import course.check
from course.stdp import StdpRule

sim = course.setup(timestep=1.0)

TAU_PLUS, TAU_MINUS = 20.0, 10.0  # ms
A_PLUS, A_MINUS = 0.01, 0.012  # x W_MAX on NEST, nA on SpiNNaker: equal as W_MAX = 1 nA
W_MAX, W_INIT = 1.0, 0.25  # nA
DELAY = 1.0  # ms

# One independent pair per spike-time difference: each postsynaptic neuron is
# made to fire by its own driver, whose 20 nA spike arrives at POST_TIME.
delta_ts = np.array([dt for dt in range(-50, 55, 5) if dt != 0], dtype=float)
n_pairs = delta_ts.size
POST_TIME = 100.0  # ms
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
flush = POST_TIME + np.abs(delta_ts).max() + 20.0 * TAU_MINUS  # ms, one late spike

# TODO 1: pre_times, one list of spike times per pair: a spike delta_ts[i]
# before POST_TIME, and one more at flush.
pre_times = course.check.todo(1, "the presynaptic spike times, named pre_times")
# END TODO 1

pre = sim.Population(n_pairs, sim.SpikeSourceArray(spike_times=pre_times), label="pre")

# TODO 2: an STDPMechanism named stdp: a SpikePairRule with TAU_PLUS, TAU_MINUS,
# A_PLUS and A_MINUS, an AdditiveWeightDependence from 0 to W_MAX, the starting
# weight W_INIT and the delay DELAY.
stdp = course.check.todo(2, "the STDPMechanism, named stdp")
# END TODO 2

# TODO 3: the plastic Projection named plastic, from pre to post, one to one,
# with the synapse stdp, receptor_type "excitatory".
plastic = course.check.todo(3, "the plastic Projection, named plastic")
# END TODO 3

sim.run(flush + 10.0)
recording = course.collect([post])
measured_dt = np.array(
    [
        spikes[0] - times[0] if spikes.size else np.nan
        for spikes, times in zip(recording.spike_times("post"), pre_times, strict=True)
    ]
)

# TODO 4: weight_change, one value per pair (nA): read the weights with
# course.connections(plastic) (rows of source, target, weight, delay) and
# subtract W_INIT, placing each row's change at its source index.
weight_change = course.check.todo(4, "the weight change of each pair, named weight_change")
# END TODO 4

fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
ax.axhline(0.0, color="0.6", linewidth=0.8)
ax.plot(measured_dt, 1000 * weight_change, "o")
ax.set_xlabel("Δt = t_post − t_pre (ms)")
ax.set_ylabel("weight change Δw (pA)")
ax.set_title("Task 5: the STDP curve")
plt.show()

rule = StdpRule(
    tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS,
    w_max=W_MAX, w_init=W_INIT, delay=DELAY,
)  # fmt: skip
result = course.check.task5(measured_dt, weight_change, rule=rule)
print(result)
sim.end()
