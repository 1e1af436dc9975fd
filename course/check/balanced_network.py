"""The self-check of Task 3: a balanced random network of 4 excitatory : 1 inhibitory.

Two things are checked. The *structure* the task asks for, read from the
network's projections when they are given (:func:`course.check.summarize_projection`):
the 4:1 ratio, every cell driven one-to-one by its own 1000 Hz Poisson
source, excitatory cells exciting both populations and inhibitory cells
inhibiting both. And the *state* the course asks for, read from the spikes:
active but not running away, irregular, asynchronous. Spikes alone cannot
prove the structure (a network without recurrent synapses can fire like a
balanced one), so without the projections the check says what it could not
check and does not pass.
"""

from __future__ import annotations

import numpy as np

from course import analysis
from course._checks import check_non_negative_number, check_positive_number
from course.check._findings import (
    EMPTY,
    CheckResult,
    Findings,
    UnknownPopulationError,
    read_trains,
    recorded_time,
)
from course.check.network_structure import ProjectionSummary, summarize_projection
from course.results import Recording

__all__ = ["task3"]

#: Rate of every cell's Poisson input (Hz), as the task states.
TASK_INPUT_RATE = 1000.0
#: Excitatory cells per inhibitory cell, as the task states.
TASK_RATIO = 4.0

#: Mean rate (Hz) above which Task 3's network counts as running away.
RUNAWAY_RATE = 100.0
#: Mean rate (Hz) below which Task 3's network counts as silent.
SILENT_RATE = 0.5
#: Mean ISI CV below which firing counts as regular (the course's definition:
#: see "irregular" in the glossary).
REGULAR_CV = 0.5
#: Share of the Poisson value (same rates, same window) that the mean ISI CV
#: must reach to count as irregular; a few spikes per cell bias the estimate
#: low, so the reference is measured the same way
#: (:func:`course.analysis.poisson_cv`), not taken as 1.
IRREGULAR_SHARE = 0.85
#: Mean ISI CV above which the cells fire in bursts rather than at random.
BURSTY_CV = 2.0
#: Synchrony index (:func:`course.analysis.synchrony`, 1 ms bins)
#: above which the excitatory cells count as firing together.
SYNCHRONOUS_INDEX = 10.0


def task3(
    exc,
    inh=None,
    *,
    projections=None,
    run_time: float | None = None,
    t_start: float = 100.0,
    label_exc: str = "exc",
    label_inh: str = "inh",
) -> CheckResult:
    """Check a Task 3 solution: a balanced random network of 4 exc : 1 inh.

    The structure the task asks for is checked from ``projections``: 4:1,
    every cell driven one-to-one by its own Poisson source at 1000 Hz
    (excitatory), ``exc`` exciting ``exc`` and ``inh``, ``inh`` inhibiting
    both. The state the course asks for is checked from the spikes: the
    asynchronous irregular state, every population active but not running
    away (between 0.5 and 100 Hz), irregular firing (a mean ISI CV near what
    Poisson cells of the same rates give in the same window, and below 2) and
    excitatory cells that do not fire together (synchrony index below 10).
    What it was not given enough to check, it says, and then it does not pass.

    Parameters
    ----------
    exc : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the excitatory population (ms); a Recording with both
        populations also supplies ``inh``.
    inh : same types as ``exc``, optional
        Spikes of the inhibitory population (ms).
    projections : sequence of pyNN Projection or ProjectionSummary, optional
        Every projection of the network, Poisson inputs included, read after
        ``sim.run()`` and before ``sim.end()``.
    run_time : float, optional
        Simulated time (ms); by default a Recording's ``run_time``, the end of
        neo data, or else the last spike.
    t_start : float, default 100.0
        Start of the analysis window (ms), skipping the onset.
    label_exc, label_inh : str
        Population labels, in a :class:`course.Recording` and in the projections.

    Returns
    -------
    CheckResult
        ``passed`` and the messages on what is right, wrong or not checked.
    """
    t_start = check_non_negative_number("t_start", t_start)
    if run_time is not None:
        run_time = check_positive_number("run_time", run_time)
    summaries = _summaries(projections)
    found = Findings("Task 3")
    if inh is None and isinstance(exc, Recording) and label_inh in exc.labels:
        inh = exc
    try:
        exc_trains = read_trains(exc, label_exc, "exc")
        inh_trains = read_trains(inh, label_inh, "inh") if inh is not None else None
    except UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    run_time = recorded_time(exc, run_time)
    everything = exc_trains + (inh_trains or [])
    silent = not any(train.size for train in everything)
    if silent:
        found.bad(
            "no spikes at all: check the Poisson input (1000 Hz, one-to-one onto every "
            "cell, excitatory). " + EMPTY
        )
    if inh_trains is not None and inh_trains:
        ratio = len(exc_trains) / len(inh_trains)
        if abs(ratio - TASK_RATIO) > 0.25:
            found.bad(
                f"{len(exc_trains)} excitatory and {len(inh_trains)} inhibitory cells "
                f"(ratio {ratio:.2f}): the task asks for 4:1"
            )
        else:
            found.good(f"{len(exc_trains)} excitatory and {len(inh_trains)} inhibitory cells, 4:1")
    else:
        found.unchecked(
            "only excitatory spikes given: pass inh= (or a Recording of both) to check the "
            "4:1 ratio and the inhibitory cells"
        )
    if summaries is None:
        found.unchecked(
            "the structure was not checked: spikes alone cannot show the one-to-one "
            "Poisson drive or the recurrent excitation and inhibition; pass "
            "projections=[...] (every sim.Projection of your network, before sim.end())"
        )
    else:
        _check_structure(found, summaries, label_exc, label_inh)
    if silent:
        return found.result()
    if run_time is None:
        run_time = float(np.ceil(max(train.max() for train in everything if train.size)))
    if run_time <= t_start:
        t_start = 0.0
    populations = [("excitatory", exc_trains)]
    if inh_trains:
        populations.append(("inhibitory", inh_trains))
    for name, trains in populations:
        rates = analysis.firing_rates(trains, t_start, run_time)
        rate = float(rates.mean())
        if rate > RUNAWAY_RATE:
            found.bad(
                f"{name} cells fire at {rate:.0f} Hz: the network runs away. Inhibition must "
                "win: inhibitory projections use receptor_type='inhibitory' (a negative weight "
                "on NEST: course.signed_weight), g = |w_inh| / w_exc above 4, and no synapse so "
                "strong that a few inputs fire a cell"
            )
            continue
        if rate < SILENT_RATE:
            found.bad(
                f"{name} cells are almost silent ({rate:.2f} Hz): is the Poisson input strong "
                "enough, and not inhibitory?"
            )
            continue
        found.good(f"{name} cells fire at {rate:.1f} Hz on average")
        cvs = analysis.isi_cv([train[train >= t_start] for train in trains])
        if np.all(np.isnan(cvs)):
            found.note(f"too few {name} spikes per cell to judge regularity; run longer")
            continue
        cv = float(np.nanmean(cvs))
        reference = analysis.poisson_cv(rates, t_start, run_time)
        measured = f"mean ISI CV {cv:.2f}; Poisson cells of these rates give {reference:.2f}"
        if cv < REGULAR_CV:
            found.bad(
                f"{name} firing is regular ({measured}): the cells are driven by their mean "
                "input; strengthen inhibition (larger g)"
            )
        elif cv < IRREGULAR_SHARE * reference:
            found.bad(
                f"{name} firing is only moderately irregular ({measured}): the mean input holds "
                "the cells near threshold. Let inhibition dominate (g above 4) with synapses "
                "strong enough to make large fluctuations, and give every cell the same "
                "number of inputs (FixedNumberPreConnector)"
            )
        elif cv > BURSTY_CV:
            found.bad(
                f"{name} cells fire in bursts ({measured}): weaken the recurrent synapses "
                "or the input"
            )
        else:
            found.good(f"{name} firing is irregular ({measured})")
    # Synchrony needs at least one 1 ms bin in the window.
    index = (
        analysis.synchrony(exc_trains, t_start, run_time) if run_time - t_start >= 1.0 else np.nan
    )
    if index > SYNCHRONOUS_INDEX:
        found.bad(
            f"the excitatory cells fire together (synchrony index {index:.1f}; independent "
            "cells give 1): the network is in a synchronous state; weaken the recurrent "
            "synapses or strengthen inhibition"
        )
    elif np.isfinite(index):
        found.good(
            f"the excitatory cells fire asynchronously (synchrony index {index:.1f}; "
            "independent cells give 1)"
        )
    return found.result()


def _summaries(projections) -> list[ProjectionSummary] | None:
    if projections is None:
        return None
    if isinstance(projections, (str, bytes, dict)) or not hasattr(projections, "__iter__"):
        raise TypeError(
            "projections must be a list of the network's sim.Projection objects, got "
            f"{type(projections).__name__}"
        )
    return [
        item if isinstance(item, ProjectionSummary) else summarize_projection(item)
        for item in projections
    ]


def _check_structure(found: Findings, summaries, label_exc: str, label_inh: str) -> None:
    """The task's wiring: Poisson drive one-to-one at 1000 Hz, E excites, I inhibits."""
    problems_before = len(found.messages)
    for target in (label_exc, label_inh):
        drives = [
            s for s in summaries if s.post == target and s.source_type == "SpikeSourcePoisson"
        ]
        if not drives:
            found.bad(
                f"no Poisson input onto {target!r}: drive every cell one-to-one by its own "
                "SpikeSourcePoisson at 1000 Hz"
            )
            continue
        for drive in drives:
            _check_drive(found, drive)
    wanted = {
        (label_exc, label_exc): "excitatory",
        (label_exc, label_inh): "excitatory",
        (label_inh, label_exc): "inhibitory",
        (label_inh, label_inh): "inhibitory",
    }
    for (pre, post), receptor in wanted.items():
        found_any = [s for s in summaries if (s.pre, s.post) == (pre, post)]
        if not found_any:
            verb = "excite" if receptor == "excitatory" else "inhibit"
            found.bad(
                f"no projection {pre} -> {post}: the task's {pre!r} cells {verb} both "
                f"populations ({pre} -> {label_exc} and {pre} -> {label_inh})"
            )
            continue
        for summary in found_any:
            _check_recurrent(found, summary, receptor)
    if not any(message.startswith("✗") for message in found.messages[problems_before:]):
        found.good(
            "structure as the task asks: one Poisson source per cell at 1000 Hz, one to "
            f"one; {label_exc} excites both populations, {label_inh} inhibits both"
        )


def _check_drive(found: Findings, drive: ProjectionSummary) -> None:
    name = drive.describe()
    if not drive.is_one_to_one:
        found.bad(
            f"the Poisson input {name} is not one-to-one ({len(drive.connections)} "
            f"connections from {drive.pre_size} sources onto {drive.post_size} cells): give "
            "every cell its own source, a population of the same size with OneToOneConnector"
        )
    if (
        drive.source_rate is not None
        and abs(drive.source_rate - TASK_INPUT_RATE) > 1e-6 * TASK_INPUT_RATE
    ):
        found.bad(
            f"the Poisson input {name} fires at {drive.source_rate:g} Hz; the task says "
            f"{TASK_INPUT_RATE:g} Hz"
        )
    weights = drive.connections[:, 2]
    if drive.receptor_type != "excitatory" or np.any(weights < 0):
        found.bad(
            f"the Poisson input {name} is not excitatory (receptor_type "
            f"{drive.receptor_type!r}): it must drive the cells, receptor_type='excitatory' "
            "with a positive weight"
        )


def _check_recurrent(found: Findings, summary: ProjectionSummary, receptor: str) -> None:
    name = summary.describe()
    weights = summary.connections[:, 2]
    if weights.size == 0 or not np.any(weights != 0):
        found.bad(f"the projection {name} has no connections (or only zero weights)")
    elif summary.receptor_type != receptor:
        what = "excite" if receptor == "excitatory" else "inhibit"
        found.bad(
            f"the projection {name} uses receptor_type {summary.receptor_type!r}: "
            f"{summary.pre!r} cells {what}, so use receptor_type={receptor!r}"
            + (" (its weight negative on NEST: course.signed_weight)" if what == "inhibit" else "")
        )
    elif receptor == "excitatory" and np.any(weights < 0):
        found.bad(
            f"the projection {name} has negative weights: an excitatory projection needs "
            "positive ones"
        )
