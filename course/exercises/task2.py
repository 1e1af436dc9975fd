"""Task 2: a synfire chain, a ring of neurons that passes one spike around.

The task: one population of 100 LIF neurons, each connected to the next with a
``FromListConnector`` (``i -> i + 1``, and ``99 -> 0`` to close the ring); a
``SpikeSourceArray`` stimulates neuron 0 at the start; record the spikes and
run for 2 s.

Each link carries one spike, so whether the wave survives depends on the
weight alone: too weak and the next neuron never reaches threshold, too strong
and the synaptic current left after a spike drives a second one, so the wave
doubles at every neuron and the ring fills with bursts. One lap takes the sum
of the delays plus one spike latency (input arrival to threshold) per link.
"""

from __future__ import annotations

import numbers

import numpy as np

from course import simulator
from course._checks import check_integer, check_positive_number
from course.portable import earliest_spike_time
from course.results import Recording, collect
from course.spike_data import spike_trains

__all__ = [
    "DELAY",
    "N_NEURONS",
    "RUN_TIME",
    "STIMULUS_WEIGHT",
    "WEIGHT",
    "chain_connections",
    "lap_times",
    "synfire_chain",
]

#: Number of neurons in the ring, as the task states.
N_NEURONS = 100
#: Weight of each link (nA). Measured on NEST with IF_curr_exp defaults and a
#: 1 ms delay: 4.5 nA lets the wave die at the first link, 4.8 nA carries it,
#: at 9 nA each link adds a spike to the wave and after one lap the whole ring
#: bursts (1122 to 1217 spikes per neuron in 2 s).
WEIGHT = 6.0
#: Delay of each link (ms).
DELAY = 1.0
#: Weight of the stimulus onto neuron 0 (nA): neuron 0 fires exactly once,
#: whatever the weight of the links.
STIMULUS_WEIGHT = 8.0
#: Simulated time (ms): the task's 2 s.
RUN_TIME = 2000.0


def _link_delays(delay, n_links: int) -> np.ndarray:
    """One delay (ms) per link, checked against the simulator's delay range."""
    if isinstance(delay, numbers.Real) and not isinstance(delay, bool):
        delays = np.full(n_links, check_positive_number("delay", delay))
    else:
        try:
            if isinstance(delay, (str, bytes)):
                raise TypeError
            delays = np.asarray(delay, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"delay must be a number or a sequence of numbers (ms), got {delay!r}"
            ) from None
        if delays.shape != (n_links,):
            raise ValueError(
                f"delay must be one number or {n_links} numbers (one per link), "
                f"got {delays.size} values"
            )
    state = simulator.current()
    shortest, longest = float(delays.min()), float(delays.max())
    if not np.all(np.isfinite(delays)) or shortest < state.min_delay:
        raise ValueError(
            f"every delay must be at least min_delay={state.min_delay:g} ms, got {shortest:g} ms"
        )
    if simulator.is_nest() and longest > state.max_delay:
        raise ValueError(
            f"every delay must be at most max_delay={state.max_delay:g} ms on NEST, "
            f"got {longest:g} ms; pass a larger max_delay to course.setup()"
        )
    return delays


def chain_connections(
    n_neurons: int = N_NEURONS, weight: float = WEIGHT, delay=DELAY, *, closed: bool = True
) -> list[tuple[int, int, float, float]]:
    """The connection list of a synfire chain, for ``sim.FromListConnector``.

    Parameters
    ----------
    n_neurons : int, default 100
        Neurons in the chain (at least 2).
    weight : float, default 6.0
        Weight of every link (nA).
    delay : float or sequence of float, default 1.0
        Delay of every link, or one delay per link (ms).
    closed : bool, default True
        Close the ring with a link from the last neuron back to neuron 0.

    Returns
    -------
    list of tuple
        Rows ``(i, i + 1, weight, delay)`` and, for a ring,
        ``(n_neurons - 1, 0, weight, delay)``; use with
        ``column_names=["weight", "delay"]``.
    """
    n_neurons = check_integer("n_neurons", n_neurons, minimum=2)
    weight = check_positive_number("weight", weight)
    if not isinstance(closed, bool):
        raise TypeError(f"closed must be True or False, got {closed!r}")
    n_links = n_neurons if closed else n_neurons - 1
    delays = _link_delays(delay, n_links)
    return [
        (index, (index + 1) % n_neurons, weight, float(delays[index])) for index in range(n_links)
    ]


def synfire_chain(
    sim,
    *,
    n_neurons: int = N_NEURONS,
    weight: float = WEIGHT,
    delay=DELAY,
    closed: bool = True,
    run_time: float = RUN_TIME,
    stimulus_weight: float = STIMULUS_WEIGHT,
) -> Recording:
    """Build, run and record the Task 2 synfire chain.

    Neuron 0 is stimulated once, at :func:`course.earliest_spike_time`
    (0 ms on SpiNNaker, 2 ms on NEST at a 1 ms timestep). Call it once after
    each :func:`course.setup`.

    Parameters
    ----------
    sim : module
        The PyNN module returned by :func:`course.setup`.
    n_neurons : int, default 100
        Neurons in the chain.
    weight : float, default 6.0
        Weight of every link (nA).
    delay : float or sequence of float, default 1.0
        Delay of every link, or one delay per link, e.g. random delays (ms).
    closed : bool, default True
        ``True`` for a ring (the last neuron feeds neuron 0), ``False`` for an
        open chain that the wave crosses once.
    run_time : float, default 2000.0
        Simulated time (ms).
    stimulus_weight : float, default 8.0
        Weight of the stimulus onto neuron 0 (nA).

    Returns
    -------
    Recording
        Population ``"chain"``; ``recording.parameters`` holds the arguments,
        the stimulus time (ms) and the delay of each link (ms).
    """
    check_positive_number("run_time", run_time)
    check_positive_number("stimulus_weight", stimulus_weight)
    links = chain_connections(n_neurons, weight, delay, closed=closed)
    stimulus_time = earliest_spike_time()

    stimulus = sim.Population(
        1, sim.SpikeSourceArray(spike_times=[stimulus_time]), label="stimulus"
    )
    chain = sim.Population(n_neurons, sim.IF_curr_exp(), label="chain")
    chain.record("spikes")
    sim.Projection(
        chain,
        chain,
        sim.FromListConnector(links, column_names=["weight", "delay"]),
        receptor_type="excitatory",
    )
    sim.Projection(
        stimulus,
        chain,
        sim.FromListConnector(
            [(0, 0, stimulus_weight, simulator.current().min_delay)],
            column_names=["weight", "delay"],
        ),
        receptor_type="excitatory",
    )
    sim.run(run_time)
    parameters = {
        "n_neurons": n_neurons,
        "weight": weight,
        "delays": [link[3] for link in links],
        "closed": closed,
        "run_time": run_time,
        "stimulus_time": stimulus_time,
        "stimulus_weight": stimulus_weight,
    }
    return collect([chain], parameters)


def lap_times(spike_times) -> np.ndarray:
    """When the wave passes neuron 0: the start of each lap (ms).

    Parameters
    ----------
    spike_times : Recording, neo.Block, neo.Segment or sequence of array_like
        Spike times (ms) of each neuron of the chain, neuron 0 first, as
        ``recording.spike_times("chain")`` returns them, or in any other form
        :func:`course.spike_data.spike_trains` accepts.

    Returns
    -------
    numpy.ndarray
        Spike times of neuron 0 (ms); ``numpy.diff`` of it gives the lap
        periods. Empty when nothing was recorded.
    """
    trains = spike_trains(spike_times, name="spike_times")
    return trains[0] if trains else np.empty(0)
