"""Task 4 starter: two neurons joined by an STDP synapse, paired again and again.

The task: two single-neuron LIF Populations connected by an STDP connection
whose tau_plus is larger than its tau_minus. Stimulate each Population
repeatedly with gaps between stimulations, the first just before the second.
Plot the spikes of each.

Fill in the four TODO blocks: replace the line between ``# TODO k:`` and
``# END TODO k`` with your own PyNN code. Run the script after each one; it
stops at the first TODO that is still open and says which. When all four are
written it plots the spikes and the weight and checks them (lesson 24 of the
course).
"""

import matplotlib.pyplot as plt
import numpy as np

import course
import course.check
from course import plotting
from course.stdp import StdpRule  # noqa: F401 (for your TODO 4)

sim = course.setup(timestep=1.0)

TAU_PLUS, TAU_MINUS = 20.0, 10.0  # ms
A_PLUS, A_MINUS = 0.01, 0.012  # x W_MAX on NEST, nA on SpiNNaker: equal as W_MAX = 1 nA
W_MAX, W_INIT = 1.0, 0.5  # nA
DELAY = 1.0  # ms

# TODO 1: an STDPMechanism named stdp: a SpikePairRule with TAU_PLUS, TAU_MINUS,
# A_PLUS and A_MINUS, an AdditiveWeightDependence from 0 to W_MAX, the starting
# weight W_INIT and the delay DELAY.
stdp = course.check.todo(1, "the STDPMechanism, named stdp")
# END TODO 1

# 15 pairings, one every 100 ms: pre stimulated first, post 5 ms later; then
# one lone pre stimulus, so that the last pairing's potentiation is applied.
N_PAIRINGS, GAP, LAG, FIRST = 15, 100.0, 5.0, 10.0  # count, ms, ms, ms
pre_stimuli = [FIRST + k * GAP for k in range(N_PAIRINGS + 1)]
post_stimuli = [FIRST + k * GAP + LAG for k in range(N_PAIRINGS)]

# Two neurons, each driven by its own spike source (20 nA: one spike each time).
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

# TODO 2: the plastic Projection named plastic, from cells["pre"] to cells["post"],
# one to one, with the synapse stdp, receptor_type "excitatory".
plastic = course.check.todo(2, "the plastic Projection, named plastic")
# END TODO 2

# TODO 3: run the network one GAP at a time (N_PAIRINGS + 1 times); after each
# run append the time (sim.get_current_time()) to times and the weight read
# with course.connections(plastic) (row 0, column 2) to weights.
times, weights = course.check.todo(3, "the runs, reading the weight after each")
# END TODO 3

weights = np.array(weights)
print("weight after each gap (nA):", weights.round(4).tolist())
recording = course.collect([cells["pre"], cells["post"]], {"run_time": times[-1]})

fig, (ax_spikes, ax_weight) = plt.subplots(2, 1, figsize=(8.0, 5.0), layout="constrained")
plotting.raster([recording.spike_times("pre")[0]], ax=ax_spikes, color="C0", label="pre")
plotting.raster([recording.spike_times("post")[0]], ax=ax_spikes, first_index=1, color="C3",
                label="post")  # fmt: skip
ax_spikes.set_yticks([0, 1], ["pre", "post"])
ax_spikes.set_title("Task 4: the spikes of each neuron")
ax_weight.step(times, weights, where="pre", marker="o", markersize=3)
ax_weight.set_xlabel("time (ms)")
ax_weight.set_ylabel("weight (nA)")
ax_weight.set_title("The plastic weight after every gap")
plt.show()

# TODO 4: the rule you built the synapse with, as a StdpRule named rule (its
# tau_plus, tau_minus, A_plus, A_minus, w_max, w_init and delay).
rule = course.check.todo(4, "the StdpRule of your synapse, named rule")
# END TODO 4

result = course.check.task4(recording, weights=weights, rule=rule)
print(result)
sim.end()
