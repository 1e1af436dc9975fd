"""Task 2 starter: a synfire chain, a ring of 100 neurons that passes one spike around.

The task: one Population of 100 neurons; a FromListConnector connects each
neuron to the next, and the last one back to the first; a SpikeSourceArray
stimulates the first neuron at the start. Record the spikes, run for 2 s, and
plot them.

Fill in the four TODO blocks: replace the line between ``# TODO k:`` and
``# END TODO k`` with your own PyNN code. Run the script after each one; it
stops at the first TODO that is still open and says which. When all four are
written it plots your spikes and checks them (lesson 22 of the course).
"""

import matplotlib.pyplot as plt

import course
import course.check
from course import plotting

sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=20.0)

N_NEURONS = 100
WEIGHT = 6.0  # nA, one spike is enough to make the next neuron fire
DELAY = 1.0  # ms
STIMULUS_WEIGHT = 8.0  # nA, makes neuron 0 fire exactly once
RUN_TIME = 2000.0  # ms

# "At the start": the earliest time this simulator delivers a source spike
# (0 ms on SpiNNaker, 2 ms on NEST at a 1 ms timestep).
start = course.earliest_spike_time()

# TODO 1: the list of connections, one row (source, target, WEIGHT, DELAY) per link:
# i -> i + 1 for every neuron, and N_NEURONS - 1 -> 0 to close the ring.
links = course.check.todo(1, "the list of links i -> i + 1, closed into a ring, named links")
# END TODO 1

# TODO 2: a Population of N_NEURONS IF_curr_exp neurons, label "chain", recording its spikes.
chain = course.check.todo(2, "the Population of the ring, named chain, recording its spikes")
# END TODO 2

# TODO 3: a Projection from chain onto itself through a FromListConnector of links
# (column_names=["weight", "delay"]), receptor_type "excitatory".
course.check.todo(3, "the Projection of the ring onto itself, from links")
# END TODO 3

# TODO 4: a one-cell SpikeSourceArray firing at start, named stimulus, and a
# Projection from it to neuron 0 of the chain with weight STIMULUS_WEIGHT.
course.check.todo(4, "the stimulus and its Projection onto neuron 0")
# END TODO 4

sim.run(RUN_TIME)
recording = course.collect([chain], {"run_time": RUN_TIME})
print(f"{recording.spike_counts('chain').sum()} spikes in 2 s")

fig, ax = plt.subplots(layout="constrained")
plotting.raster(recording.spike_times("chain"), ax=ax, run_time=RUN_TIME, marker_size=2.0)
ax.set_title("Task 2: synfire ring")
plt.show()

result = course.check.task2(recording)
print(result)
sim.end()
