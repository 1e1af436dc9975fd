"""The self-check of Task 1: two inputs 1 ms apart, two LIF neurons, one to one.

The task fixes everything that sets the output: each neuron gets one input
spike through a 5 nA synapse with a 2 ms delay (``tau_syn_E`` 5 ms, PyNN's
``IF_curr_exp`` defaults otherwise). On NEST, with precise spike timing, a
neuron then fires :data:`NEST_LATENCY` = 8.50 ms after its input spike: 2 ms
of delay and 6.50 ms of charging (measured; the inputs at 2 and 3 ms give
10.50 and 11.50 ms). A SpiNNaker board time-stamps every spike on the 1 ms
grid, within a step of that (its ring hops take delay + 2 ms where NEST's
precise ones take delay + 2.57 ms, measured on the same ring), so on-grid
data is held to the nearest whole milliseconds instead.
"""

from __future__ import annotations

import numpy as np

from course.check._findings import (
    CheckResult,
    Findings,
    UnknownPopulationError,
    describe_style,
    ms,
    on_grid,
    read_trains,
)
from course.results import Recording

__all__ = ["task1"]

#: Input spikes of the task (ms): 0 and 1 ms as on SpiNNaker, and the same
#: shifted to NEST's earliest deliverable time at a 1 ms timestep.
BOARD_INPUTS = (0.0, 1.0)
NEST_INPUTS = (2.0, 3.0)
#: Time (ms) from an input spike to the neuron's spike, with the task's weight
#: (5 nA), delay (2 ms) and tau_syn_E (5 ms), measured on NEST (precise).
NEST_LATENCY = 8.5002
#: The task's synaptic delay (ms).
TASK_DELAY = 2.0
#: Allowed error (ms) of a precise spike time: covers timesteps from 0.1 to 1 ms.
PRECISE_TOLERANCE = 0.05
#: Allowed error (ms) of an on-grid spike time: one step either way of the
#: precise value rounded down, where the board puts it.
GRID_TOLERANCE = 1.0


def _input_times(data, trains, grid: bool, given):
    """The input spike times to hold the outputs against, and how they were chosen."""
    if given is not None:
        try:
            inputs = np.asarray(given, dtype=float).ravel()
        except (TypeError, ValueError):
            raise TypeError(f"input_times must be two spike times in ms, got {given!r}") from None
        if inputs.shape != (2,) or not np.all(np.isfinite(inputs)):
            raise ValueError(f"input_times must be two finite spike times in ms, got {given!r}")
        return inputs, None
    if isinstance(data, Recording) and data.backend in ("spiNNaker", "virtual"):
        return np.array(BOARD_INPUTS), "as on SpiNNaker"
    if isinstance(data, Recording) or not grid:
        return np.array(NEST_INPUTS), "NEST's earliest at a 1 ms timestep"
    # On-grid data of unknown origin: a board (inputs 0 and 1 ms) or NEST's
    # on-grid neurons (2 and 3 ms); take the one the first spike fits.
    first = trains[0][0] if trains and trains[0].size else np.nan
    if abs(first - BOARD_INPUTS[0] - NEST_LATENCY) <= GRID_TOLERANCE:
        return np.array(BOARD_INPUTS), "as on SpiNNaker"
    return np.array(NEST_INPUTS), "NEST's earliest at a 1 ms timestep"


def _check_latency(found: Findings, index: int, latency: float, source: float, grid) -> None:
    tolerance = GRID_TOLERANCE if grid else PRECISE_TOLERANCE
    error = latency - NEST_LATENCY
    if abs(error) <= tolerance:
        found.good(
            f"neuron {index} fired {ms(latency)} after its input at {ms(source)}: the task's "
            f"{TASK_DELAY:g} ms delay and 6.50 ms of charging"
        )
        return
    said = (
        f"neuron {index} fired {ms(latency)} after its input at {ms(source)}, but with the "
        f"task's weight (5 nA), delay ({TASK_DELAY:g} ms) and tau_syn_E (5 ms) a cell fires "
        f"{ms(NEST_LATENCY)} after it"
    )
    whole = round(error)
    if not grid and whole != 0 and abs(error - whole) <= tolerance and TASK_DELAY + whole > 0:
        found.bad(f"{said}: the delay looks like {TASK_DELAY + whole:g} ms, not {TASK_DELAY:g} ms")
    elif error < 0:
        found.bad(
            f"{said}: it charges too fast; is the weight above 5 nA, tau_syn_E above 5 ms, "
            "or the delay shorter than 2 ms?"
        )
    else:
        found.bad(
            f"{said}: it charges too slowly; is the weight below 5 nA, tau_syn_E below 5 ms, "
            "or the delay longer than 2 ms?"
        )


def task1(data, *, input_times=None, label: str = "neurons") -> CheckResult:
    """Check a Task 1 solution: two inputs, two LIF neurons, one to one.

    The check holds each neuron's spike against its input: one spike per
    neuron, neuron 1 one millisecond after neuron 0 (as its input), each
    8.50 ms after its input (the task's 5 nA, 2 ms delay and ``tau_syn_E``
    5 ms; on the 1 ms grid, within a step).

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the two LIF neurons (ms).
    input_times : sequence of two float, optional
        The spike time (ms) of each source. By default the task's: 0 and 1 ms
        for a SpiNNaker recording, 2 and 3 ms (NEST's earliest at a 1 ms
        timestep) for NEST's.
    label : str, default "neurons"
        Population to read from a :class:`course.Recording` with several.

    Returns
    -------
    CheckResult
        ``passed`` and the messages on what is right, wrong or not checked.
    """
    found = Findings("Task 1")
    try:
        trains = read_trains(data, label)
    except UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    grid = on_grid(trains)
    inputs, assumed = _input_times(data, trains, grid, input_times)
    if len(trains) != 2 and any(train.size for train in trains):
        found.bad(f"expected 2 LIF neurons, got {len(trains)}: the task has two cells")
        return found.result()
    if not any(train.size for train in trains):
        found.bad(
            "no spikes at all. With 5 nA and tau_syn_E = 5 ms a cell fires 8.5 ms after "
            "its source spike (2 ms delay, then 6.5 ms to reach threshold), so on NEST, "
            "with inputs at 2 and 3 ms, after 10 ms: run 20 ms. Below 4.77 nA, or with "
            "tau_syn_E of 2 ms or less, a cell never reaches threshold. (On a virtual "
            "SpiNNaker board nothing is simulated.)"
        )
        return found.result()
    describe_style(found, grid)
    if assumed:
        found.note(
            f"inputs taken at {inputs[0]:g} and {inputs[1]:g} ms ({assumed}); pass "
            "input_times= if yours differ"
        )
    for index, train in enumerate(trains):
        if train.size == 0:
            found.bad(
                f"neuron {index} never fired: does its source spike, and is it connected "
                "(one-to-one: source i -> neuron i, excitatory)?"
            )
        elif train.size > 1:
            found.bad(
                f"neuron {index} fired {train.size} times: one input spike of 5 nA should "
                "give one output spike; is the weight much larger, or the connector all-to-all?"
            )
        else:
            found.good(f"neuron {index} fired once, at {ms(train[0])}")
    if not all(train.size for train in trains):
        return found.result()
    firsts = np.array([train[0] for train in trains])
    gap, wanted = firsts[1] - firsts[0], inputs[1] - inputs[0]
    tolerance = GRID_TOLERANCE if grid else PRECISE_TOLERANCE
    if abs(gap) < 0.25 and abs(wanted) >= 0.25:
        found.bad(
            "both neurons fired together: each should see only its own input "
            "(OneToOneConnector, not AllToAllConnector), and the inputs come 1 ms apart"
        )
        return found.result()
    if gap < 0 < wanted:
        found.bad(
            f"neuron 1 fired {ms(-gap)} before neuron 0: give source 0 the earlier "
            "spike and connect source i to neuron i"
        )
        return found.result()
    if abs(gap - wanted) > min(tolerance, 0.5):
        found.bad(
            f"neuron 1 fired {ms(gap)} after neuron 0, but its input comes {ms(wanted)} "
            "after neuron 0's: check the spike times of the sources (the task's are 1 ms "
            "apart) and that source i drives neuron i"
        )
        return found.result()
    found.good(f"neuron 1 fired {ms(gap)} after neuron 0, as its input comes later")
    for index in (0, 1):
        _check_latency(found, index, firsts[index] - inputs[index], inputs[index], grid)
    return found.result()
