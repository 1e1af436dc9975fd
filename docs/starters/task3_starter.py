"""Task 3 starter: a balanced random network of excitatory and inhibitory LIF cells.

The task: timestep 0.1 ms; an excitatory and an inhibitory Population of LIF
neurons in the ratio 4:1, each cell driven one to one by its own 1000 Hz
SpikeSourcePoisson; excitatory cells excite both populations, inhibitory
cells inhibit both; membrane potentials start uniformly between -65 and
-55 mV. Record and plot the excitatory spikes.

Fill in the four TODO blocks: replace the line between ``# TODO k:`` and
``# END TODO k`` with your own PyNN code. Run the script after each one; it
stops at the first TODO that is still open and says which. When all four are
written it plots your spikes and checks them (lesson 23 of the course).
"""

import matplotlib.pyplot as plt

import course
import course.check
from course import analysis, plotting

sim = course.setup(timestep=0.1, min_delay=1.0)

N_EXC, N_INH = 400, 100
K_EXC, K_INH = 40, 10  # recurrent inputs per cell from each population
TAU_REFRAC = 0.1  # ms, PyNN's default
V_INIT = (-65.0, -55.0)  # mV, the task's range of initial voltages
W_EXC = 0.25  # nA
G = 8.0  # inhibitory synapses are G times as strong as excitatory ones
W_INH = course.signed_weight(G * W_EXC, "inhibitory", sim.IF_curr_exp)  # nA
INPUT_RATE, INPUT_WEIGHT = 1000.0, 0.25  # Hz, nA
DELAY = 1.0  # ms
RUN_TIME = 500.0  # ms

# TODO 1: two Populations of IF_curr_exp cells with tau_refrac=TAU_REFRAC:
# exc (N_EXC cells, label "exc") and inh (N_INH cells, label "inh").
exc = inh = course.check.todo(1, "the excitatory and the inhibitory Population, exc and inh")
# END TODO 1

# TODO 2: for each population, draw its initial voltages uniformly from V_INIT
# with a RandomDistribution (rng=course.make_rng(host=True)), hand them to
# cells.initialize(v=...) as an array (.next(cells.size)), and record "spikes".
course.check.todo(2, "random initial voltages and spike recording for both populations")
# END TODO 2

# Every projection goes into this list, so that the check can see the network.
projections = []

# TODO 3: for each population, a SpikeSourcePoisson Population of the same size
# at INPUT_RATE (pass **course.poisson_seed()), projected one to one onto it with
# weight INPUT_WEIGHT and delay DELAY, receptor_type "excitatory"; append each
# Projection to projections.
course.check.todo(3, "one Poisson source per cell, and its projections")
# END TODO 3

# TODO 4: the four recurrent Projections: exc onto exc and inh (excitatory,
# W_EXC), inh onto exc and inh (inhibitory, W_INH); FixedNumberPreConnector with
# K_EXC or K_INH inputs and rng=course.make_rng(); delay DELAY; append each.
course.check.todo(4, "the four recurrent projections")
# END TODO 4

sim.run(RUN_TIME)
recording = course.collect([exc, inh], {"run_time": RUN_TIME})
summaries = {label: analysis.summary(recording, label, 100.0, RUN_TIME) for label in ("exc", "inh")}
print(analysis.summary_table(summaries))

fig, ax = plt.subplots(layout="constrained")
plotting.population_rasters(recording, ["exc", "inh"], ax=ax, neurons=range(100))
ax.set_title("Task 3: balanced random network")
plt.show()

result = course.check.task3(recording, projections=projections)
print(result)
sim.end()
