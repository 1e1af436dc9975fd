"""Task 1 starter: two spike sources drive two LIF neurons, one to one.

The task: a network with a timestep of 1.0 ms of 2 SpikeSourceArray cells,
spiking at 0.0 ms and 1.0 ms, connected one-to-one to 2 LIF neurons with a
weight of 5.0 nA and a delay of 2.0 ms. Record the spikes, run, and plot them.

Fill in the five TODO blocks: replace the line between ``# TODO k:`` and
``# END TODO k`` with your own PyNN code. Run the script after each one; it
stops at the first TODO that is still open and says which. When all five are
written it plots your spikes and checks them (lesson 21 of the course).
"""

import matplotlib.pyplot as plt

import course
import course.check
from course import plotting

sim = course.setup(timestep=1.0, min_delay=1.0, max_delay=10.0)

WEIGHT = 5.0  # nA
DELAY = 2.0  # ms
RUN_TIME = 20.0  # ms: 10 ms as the task says, and a little more to see what follows

# The task's inputs at 0 and 1 ms, starting at the earliest time this
# simulator delivers a source spike (0 ms on SpiNNaker, 2 ms on NEST).
first = course.earliest_spike_time()
spike_times = [[first], [first + 1.0]]
print(f"inputs at {spike_times} ms")

# TODO 1: a Population of 2 SpikeSourceArray cells firing at spike_times, label "sources".
sources = course.check.todo(1, "a Population of two SpikeSourceArray cells, named sources")
# END TODO 1

# TODO 2: a Population of 2 IF_curr_exp neurons, label "neurons".
neurons = course.check.todo(2, "a Population of two IF_curr_exp neurons, named neurons")
# END TODO 2

# TODO 3: record the neurons' spikes and membrane potential ("spikes" and "v").
course.check.todo(3, "record the spikes and v of the neurons")
# END TODO 3

# TODO 4: a Projection from sources to neurons, one to one, with a StaticSynapse
# of weight WEIGHT and delay DELAY, receptor_type "excitatory".
projection = course.check.todo(4, "the one-to-one Projection, named projection")
# END TODO 4

# TODO 5: run the simulation for RUN_TIME ms.
course.check.todo(5, "run the simulation for RUN_TIME ms")
# END TODO 5

recording = course.collect([neurons])
for index, times in enumerate(recording.spike_times("neurons")):
    print(f"neuron {index} fired at {times.round(2).tolist()} ms")

fig, ax = plt.subplots(layout="constrained")
plotting.raster(recording.spike_times("neurons"), ax=ax, run_time=RUN_TIME)
ax.set_title("Task 1: output spikes")
plt.show()

result = course.check.task1(recording)
print(result)
sim.end()
