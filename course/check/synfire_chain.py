"""The self-check of Task 2: a synfire chain that one spike travels around.

The task: 100 neurons, each connected to the next and the last back to the
first, neuron 0 stimulated at the start, 2 s simulated. The check reads the
wiring from the order in which the neurons fire: the wave must start at
neuron 0, pass the neurons in order, every neuron once per lap, and come
back. Where it stops tells a missing link (the wave crossed other links of
the same kind before) from a weight too small to cross any.
"""

from __future__ import annotations

import itertools

import numpy as np

from course._checks import check_integer, check_positive_number
from course.check._findings import (
    EMPTY,
    CheckResult,
    Findings,
    UnknownPopulationError,
    describe_style,
    ms,
    on_grid,
    read_trains,
    recorded_time,
)

__all__ = ["task2"]

#: Neurons in the task's chain.
TASK_NEURONS = 100
#: Simulated time the task asks for (ms).
TASK_RUN_TIME = 2000.0
#: Latest first spike of neuron 0 (ms) that still counts as "stimulated at
#: the start": an input at NEST's earliest time (2 ms) needs a few ms more.
START_WINDOW = 20.0


def task2(
    data,
    *,
    closed: bool = True,
    n_neurons: int = TASK_NEURONS,
    run_time: float | None = None,
    label: str = "chain",
) -> CheckResult:
    """Check a Task 2 solution: a synfire chain that a spike travels along.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the chain's neurons (ms), neuron 0 first.
    closed : bool, default True
        ``True`` for the task's ring (last neuron -> neuron 0), ``False`` for
        an open chain.
    n_neurons : int, default 100
        Neurons the chain should have: the task's 100, or another number for
        an extension.
    run_time : float, optional
        Simulated time (ms); by default a Recording's ``run_time`` or the end
        of neo data. The task asks for 2 s; also tells "the wave did not come
        back" from "the run ended".
    label : str, default "chain"
        Population to read from a :class:`course.Recording` with several.

    Returns
    -------
    CheckResult
        ``passed`` and the messages on what is right, wrong or not checked.
    """
    n_neurons = check_integer("n_neurons", n_neurons, minimum=2)
    if not isinstance(closed, bool):
        raise TypeError(f"closed must be True or False, got {closed!r}")
    if run_time is not None:
        run_time = check_positive_number("run_time", run_time)
    found = Findings("Task 2")
    try:
        trains = read_trains(data, label)
    except UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    run_time = recorded_time(data, run_time)
    if not any(train.size for train in trains):
        found.bad(
            "no spikes at all: did you stimulate neuron 0 with a SpikeSourceArray? On NEST "
            "a spike at 0 ms is dropped; use course.earliest_spike_time(). " + EMPTY
        )
        return found.result()
    if len(trains) != n_neurons:
        found.bad(
            f"the chain has {len(trains)} neurons; the task's has {n_neurons} (pass "
            "n_neurons= to check another length)"
        )
        return found.result()
    describe_style(found, on_grid(trains))
    _check_run_time(found, run_time, closed)
    firsts = np.array([train[0] if train.size else np.nan for train in trains])
    counts = np.array([train.size for train in trains])
    if counts[0] == 0:
        found.bad(
            "neuron 0 never fired although others did: the stimulus must go to neuron 0, "
            "the start of the chain"
        )
        return found.result()
    starter = int(np.nanargmin(firsts))
    if starter != 0:
        found.bad(
            f"neuron {starter} fired first, at {ms(firsts[starter])}: the wave should start "
            "at neuron 0; connect the stimulus to neuron 0"
        )
        return found.result()
    if firsts[0] > START_WINDOW:
        found.bad(
            f"neuron 0 first fired at {ms(firsts[0])}: the task stimulates it at the start; "
            "give the SpikeSourceArray a spike at course.earliest_spike_time()"
        )
    silent = np.flatnonzero(counts == 0)
    reached = int(silent[0]) if silent.size else n_neurons
    if silent.size:
        _explain_stop(found, reached, counts)
    disorder = [i for i in range(1, reached) if firsts[i] <= firsts[i - 1]]
    if disorder:
        first = disorder[0]
        found.bad(
            f"neuron {first} fired before neuron {first - 1}: check the wiring i -> i + 1 "
            f"({len(disorder)} neuron(s) out of order)"
        )
    elif reached > 1:
        found.good(
            f"the wave travelled through neurons 0 to {reached - 1} in order "
            f"({ms(firsts[0])} to {ms(firsts[reached - 1])})"
        )
    if disorder or silent.size:
        return found.result()
    laps = trains[0]
    lap_counts = [
        np.array([np.count_nonzero((t >= start) & (t < end)) for t in trains])
        for start, end in itertools.pairwise(laps)
    ]
    if closed:
        _check_ring(found, trains, counts, laps, lap_counts, run_time)
    elif counts.max() > 1:
        found.bad(
            f"neurons fired up to {counts.max()} times: in an open chain each fires once; "
            f"is the last neuron connected back to neuron 0, or the weight so large that "
            "a neuron fires twice?"
        )
    else:
        found.good(f"each of the {n_neurons} neurons fired exactly once, as in an open chain")
    return found.result()


def _check_run_time(found: Findings, run_time, closed: bool) -> None:
    if run_time is None:
        found.unchecked("the run time is unknown: pass run_time= (ms) to check the task's 2 s")
    elif closed and run_time < TASK_RUN_TIME - 1e-9:
        found.bad(f"the network ran {ms(run_time)}; the task runs it for 2 s: sim.run(2000.0)")


def _explain_stop(found: Findings, stop: int, counts: np.ndarray) -> None:
    """Why the wave stopped at neuron ``stop``: a weak weight or a missing link."""
    later = np.flatnonzero(counts[stop + 1 :]) + stop + 1
    if later.size:
        found.bad(
            f"neuron {stop} never fired but neuron {int(later[0])} did: the wave skipped "
            f"it; connect every neuron to the next one, i -> i + 1 (is there a link "
            f"{stop - 1} -> {stop}?)"
        )
    elif stop == 1:
        found.bad(
            "neuron 1 never fired: the wave stopped at the first link. Is there a link "
            "0 -> 1, excitatory? If so, one spike must lift the next neuron from rest to "
            "threshold: try a larger weight (IF_curr_exp defaults need 4.77 nA)"
        )
    else:
        found.bad(
            f"neuron {stop} never fired: the wave crossed {stop - 1} links but not "
            f"{stop - 1} -> {stop}, so that link is missing or weaker than the others; "
            "check your connection list"
        )


def _check_ring(found, trains, counts, laps, lap_counts, run_time) -> None:
    n_neurons = len(trains)
    last = trains[-1][0]
    if laps.size == 1:
        room = run_time is None or run_time > last + 20.0
        if room:
            found.bad(
                f"the wave reached neuron {n_neurons - 1} at {ms(last)} but never came back "
                f"to neuron 0: close the ring with the connection {n_neurons - 1} -> 0"
            )
        else:
            found.note("the run ended before the wave could come back to neuron 0")
        return
    doubled = [k for k, lap in enumerate(lap_counts) if lap.max() > 1]
    if doubled:
        found.bad(
            f"in lap {doubled[0] + 1} some neurons fired {lap_counts[doubled[0]].max()} times: "
            "the wave is running away. Each spike leaves enough synaptic current for a "
            "second one; use a smaller weight"
        )
        return
    if any(lap.min() == 0 for lap in lap_counts):
        found.bad("some neurons missed a lap: the wave does not pass every neuron every time")
        return
    if _restarted(found, trains, laps):
        return
    periods = np.diff(laps)
    found.good(
        f"each neuron fired once per lap, {laps.size - 1} complete lap(s), "
        f"{int(counts.sum())} spikes in all"
    )
    found.good(
        f"one lap takes {ms(periods.mean())} ({ms(periods.mean() / n_neurons)} per link: "
        "delay + time to threshold)"
    )


def _restarted(found: Findings, trains, laps) -> bool:
    """True (and says so) when neuron 0 fires again long after the last neuron.

    In a ring neuron 0 fires one hop after the last neuron; a chain left open
    and stimulated again looks like laps, but neuron 0 then fires whenever the
    stimulus says, not one hop after the last neuron.
    """
    firsts = np.array([train[0] for train in trains])
    hop = float(np.median(np.diff(firsts)))
    last = trains[-1]
    back = np.array([laps[k + 1] - last[k] for k in range(min(laps.size - 1, last.size))])
    late = np.flatnonzero(back > 2.0 * hop + 1.0)
    if late.size == 0:
        return False
    k = int(late[0])
    found.bad(
        f"neuron 0 fired again {ms(back[k])} after neuron {len(trains) - 1} (lap {k + 2}), "
        f"but one hop takes {ms(hop)}: the wave did not come back through the link "
        f"{len(trains) - 1} -> 0. Is neuron 0 stimulated again instead? Close the ring "
        f"with the connection {len(trains) - 1} -> 0 and stimulate neuron 0 once"
    )
    return True
