"""Task 1: a simple network of two spike sources driving two LIF neurons.

The task: two SpikeSourceArray cells, spiking at 0 ms and 1 ms, connected
one-to-one to two leaky integrate-and-fire neurons with weight 5 nA and delay
2 ms, timestep 1 ms; record the spikes and run for 10 ms.

On NEST a source spike must come after ``min_delay + timestep`` (2 ms here),
so :func:`simple_network` shifts the task's input times to start at
:func:`course.earliest_spike_time` and keeps their 1 ms spacing; on SpiNNaker
they stay at 0 and 1 ms.
"""

from __future__ import annotations

from course._checks import check_flag, check_positive_number
from course.portable import check_spike_times, earliest_spike_time
from course.results import Recording, collect

__all__ = [
    "DELAY",
    "RUN_TIME",
    "TASK_SPIKE_TIMES",
    "TAU_SYN_E",
    "WEIGHT",
    "simple_network",
    "task_spike_times",
]

#: Spike time (ms) of each source as the task states it.
TASK_SPIKE_TIMES = (0.0, 1.0)
#: Synaptic weight (nA).
WEIGHT = 5.0
#: Synaptic delay (ms).
DELAY = 2.0
#: Excitatory synaptic time constant (ms), PyNN's IF_curr_exp default.
TAU_SYN_E = 5.0
#: Simulated time (ms). The task says 10 ms; on NEST the shifted inputs make
#: the neurons fire just after 10 ms, so the lesson runs 20 ms.
RUN_TIME = 20.0


def task_spike_times() -> list[list[float]]:
    """The task's input spikes, shifted to the earliest time this backend delivers.

    Returns
    -------
    list of list of float
        One single-spike train (ms) per source: ``[[0.0], [1.0]]`` on SpiNNaker,
        ``[[2.0], [3.0]]`` on NEST at a 1 ms timestep.
    """
    shift = earliest_spike_time() - TASK_SPIKE_TIMES[0]
    return [[time + max(shift, 0.0)] for time in TASK_SPIKE_TIMES]


def simple_network(
    sim,
    *,
    weight: float = WEIGHT,
    delay: float = DELAY,
    tau_syn_E: float = TAU_SYN_E,
    spike_times=None,
    run_time: float = RUN_TIME,
    record_v: bool = True,
) -> Recording:
    """Build, run and record the Task 1 network.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    weight : float, default 5.0
        Weight of each source-to-neuron synapse (nA).
    delay : float, default 2.0
        Synaptic delay (ms).
    tau_syn_E : float, default 5.0
        Excitatory synaptic time constant of the LIF neurons (ms).
    spike_times : list of list of float, optional
        One spike train (ms) per source; by default :func:`task_spike_times`.
    run_time : float, default 20.0
        Simulated time (ms).
    record_v : bool, default True
        Also record the membrane potential (mV).

    Returns
    -------
    Recording
        Populations ``"sources"`` and ``"neurons"``; the parameters used are in
        ``recording.parameters``.
    """
    check_positive_number("weight", weight)
    check_positive_number("delay", delay)
    check_positive_number("tau_syn_E", tau_syn_E)
    check_positive_number("run_time", run_time)
    record_v = check_flag("record_v", record_v)
    spike_times = check_spike_times(task_spike_times() if spike_times is None else spike_times)
    if len(spike_times) != 2 or not isinstance(spike_times[0], list):
        raise ValueError(
            f"spike_times must hold one list per source (2 sources), got {spike_times!r}"
        )

    sources = sim.Population(2, sim.SpikeSourceArray(spike_times=spike_times), label="sources")
    neurons = sim.Population(2, sim.IF_curr_exp(tau_syn_E=tau_syn_E), label="neurons")
    neurons.record(["spikes", "v"] if record_v else "spikes")
    sim.Projection(
        sources,
        neurons,
        sim.OneToOneConnector(),
        sim.StaticSynapse(weight=weight, delay=delay),
        receptor_type="excitatory",
    )
    sim.run(run_time)
    parameters = {
        "weight": weight,
        "delay": delay,
        "tau_syn_E": tau_syn_E,
        "spike_times": spike_times,
        "run_time": run_time,
    }
    return collect([neurons], parameters)
