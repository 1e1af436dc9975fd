"""Self-checks for the five exercise tasks: is YOUR solution right?

Run your own network, then hand its spikes to the check of your task::

    import course.check

    result = course.check.task2(chain.get_data())
    print(result)

Every check accepts your data in the form you have it:

* a :class:`course.Recording` (what :func:`course.collect` returns),
* a :class:`neo.Block` or :class:`neo.Segment` (what ``Population.get_data()``
  returns, or a segment of it),
* a list of spike-time arrays in ms, one per neuron (what
  ``recording.spike_times(label)`` returns).

It answers with a :class:`CheckResult`: ``passed`` is ``True`` when nothing is
wrong, and ``messages`` says, line by line and in plain words, what is right
(``✓``), what is wrong and what to try (``✗``), and what to keep in mind
(``•``). A check never raises on odd data, such as the empty recordings a
virtual SpiNNaker board returns; only data of the wrong *type* gives a
:class:`TypeError`.
"""

from __future__ import annotations

import itertools
import numbers
from dataclasses import dataclass, field

import numpy as np

from course import analysis
from course.results import Recording

__all__ = ["CheckResult", "spike_trains", "task1", "task2", "task3", "task4", "task5"]

#: Marks that start each message of a :class:`CheckResult`.
PASS, FAIL, NOTE = "✓", "✗", "•"

_EMPTY = (
    "If this is a virtual SpiNNaker board run, that is expected: nothing is simulated "
    "there (run on NEST or a real board to check)."
)


@dataclass
class CheckResult:
    """The verdict of a self-check.

    Attributes
    ----------
    task : str
        Which task was checked, e.g. ``"Task 2"``.
    passed : bool
        ``True`` when no message reports a problem.
    messages : list of str
        One sentence per finding, starting with ``✓`` (right), ``✗`` (wrong,
        with what to try) or ``•`` (a note).
    """

    task: str
    passed: bool
    messages: list = field(default_factory=list)

    def __str__(self) -> str:
        verdict = "all checks passed" if self.passed else "something to fix"
        return "\n".join([f"{self.task}: {verdict}", *self.messages])


class _Findings:
    """Collects the messages of one check and decides whether it passed."""

    def __init__(self, task: str):
        self.task = task
        self.messages: list[str] = []
        self.failed = False

    def good(self, text: str) -> None:
        self.messages.append(f"{PASS} {text}")

    def bad(self, text: str) -> None:
        self.messages.append(f"{FAIL} {text}")
        self.failed = True

    def note(self, text: str) -> None:
        self.messages.append(f"{NOTE} {text}")

    def result(self) -> CheckResult:
        return CheckResult(self.task, not self.failed, list(self.messages))


# --- reading the learner's data ---------------------------------------------


def _is_neo(data, name: str) -> bool:
    return type(data).__module__.startswith("neo") and type(data).__name__ == name


def _train_ms(train) -> np.ndarray:
    """One neuron's spike times in ms, sorted; times that are not finite are left out."""
    if hasattr(train, "rescale"):
        times = np.asarray(train.rescale("ms").magnitude, dtype=float).ravel()
    else:
        times = np.asarray(train, dtype=float).ravel()
    return np.sort(times[np.isfinite(times)])


def spike_trains(data, label: str | None = None, *, name: str = "data") -> list[np.ndarray]:
    """Spike times (ms) of each neuron, from any of the forms a check accepts.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or sequence of array_like
        The recorded spikes; a sequence holds one array of times (ms) per
        neuron (neo SpikeTrains are converted to ms).
    label : str, optional
        Population label to read from a :class:`course.Recording`; needed only
        when it holds several populations.
    name : str, default "data"
        What to call ``data`` in error messages.

    Returns
    -------
    list of numpy.ndarray
        One sorted array of spike times (ms) per neuron; empty arrays for
        neurons that did not fire. Times that are not finite are left out.

    Raises
    ------
    TypeError
        If ``data`` is none of the accepted types, or holds something that is
        not a number.
    KeyError
        If ``label`` names no population of the recording.
    """
    if isinstance(data, Recording):
        if label is None or (label not in data.labels and len(data.labels) == 1):
            if len(data.labels) != 1:
                known = ", ".join(repr(key) for key in data.labels)
                raise KeyError(f"{name} holds several populations ({known}); pass label=")
            label = data.labels[0]
        return data.spike_times(label)
    if _is_neo(data, "Block"):
        data = data.segments[-1] if data.segments else None
        if data is None:
            return []
    if _is_neo(data, "Segment"):
        trains = list(data.spiketrains)
        if trains and all("source_index" in train.annotations for train in trains):
            trains.sort(key=lambda train: train.annotations["source_index"])
        return [_train_ms(train) for train in trains]
    if isinstance(data, (str, bytes, dict)) or not hasattr(data, "__len__"):
        raise TypeError(
            f"{name} must be a course.Recording, a neo Block or Segment, or a list of "
            f"spike-time arrays in ms (one per neuron), got {type(data).__name__}"
        )
    if len(data) and all(isinstance(value, numbers.Real) for value in data):
        raise TypeError(
            f"{name} looks like a single spike train ({len(data)} numbers); wrap it in a "
            "list, one array of spike times (ms) per neuron: [times]"
        )
    trains = []
    for index, train in enumerate(data):
        try:
            trains.append(_train_ms(train))
        except (TypeError, ValueError):
            raise TypeError(
                f"{name}[{index}] must be an array of spike times in ms, got {train!r}"
            ) from None
    return trains


def _one_train(data, label: str, name: str) -> np.ndarray:
    """The spikes of a one-neuron population (ms), from any accepted form.

    A Recording must hold ``label``: with two neurons to tell apart, the only
    population of a Recording is not a safe guess.
    """
    if isinstance(data, Recording):
        trains = data.spike_times(label)
        return trains[0] if trains else np.empty(0)
    if isinstance(data, np.ndarray) and data.ndim == 1:
        return _train_ms(data)
    if (
        not isinstance(data, (str, bytes))
        and hasattr(data, "__len__")
        and all(isinstance(value, numbers.Real) for value in data)
        and not _is_neo(data, "Block")
        and not _is_neo(data, "Segment")
    ):
        return _train_ms(data)
    trains = spike_trains(data, label, name=name)
    return trains[0] if trains else np.empty(0)


class _UnknownPopulationError(Exception):
    """The learner's Recording has no population of the label asked for."""


def _read(data, label, name: str = "data", *, one: bool = False):
    """Spike trains as :func:`spike_trains` reads them (or the one train of a
    one-neuron population); a label the Recording lacks becomes an exception
    that the checks turn into a message."""
    try:
        return _one_train(data, label, name) if one else spike_trains(data, label, name=name)
    except KeyError as error:
        raise _UnknownPopulationError(
            f"{error.args[0]}; name the population to check with the check's label argument"
        ) from None


def _first_spikes(trains) -> np.ndarray:
    return np.array([train[0] if train.size else np.nan for train in trains])


def _run_time(data, given) -> float | None:
    if given is not None:
        return float(given)
    if isinstance(data, Recording) and "run_time" in data.parameters:
        return float(data.parameters["run_time"])
    return None


def _ms(value: float) -> str:
    return f"{value:.2f} ms"


# --- Task 1 -----------------------------------------------------------------


def task1(data, *, label: str = "neurons") -> CheckResult:
    """Check a Task 1 solution: two inputs, two LIF neurons, one to one.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the two LIF neurons (ms).
    label : str, default "neurons"
        Population to read from a :class:`course.Recording` with several.

    Returns
    -------
    CheckResult
    """
    found = _Findings("Task 1")
    try:
        trains = _read(data, label)
    except _UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
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
    for index, train in enumerate(trains):
        if train.size == 0:
            found.bad(
                f"neuron {index} never fired: does its source spike, and is it connected "
                "(one-to-one: source i -> neuron i)?"
            )
        elif train.size > 1:
            found.bad(
                f"neuron {index} fired {train.size} times: one input spike of 5 nA should "
                "give one output spike; is the weight much larger, or the connector all-to-all?"
            )
        else:
            found.good(f"neuron {index} fired once, at {_ms(train[0])}")
    if all(train.size for train in trains):
        gap = trains[1][0] - trains[0][0]
        if abs(gap) < 0.25:
            found.bad(
                "both neurons fired together: each should see only its own input "
                "(OneToOneConnector, not AllToAllConnector)"
            )
        elif gap < 0:
            found.bad(
                f"neuron 1 fired {_ms(-gap)} before neuron 0: give source 0 the earlier "
                "spike and connect source i to neuron i"
            )
        else:
            found.good(f"neuron 1 fired {_ms(gap)} after neuron 0, as its input comes later")
    return found.result()


# --- Task 2 -----------------------------------------------------------------


def task2(
    data, *, closed: bool = True, run_time: float | None = None, label: str = "chain"
) -> CheckResult:
    """Check a Task 2 solution: a synfire chain that a spike travels along.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the chain's neurons (ms), neuron 0 first.
    closed : bool, default True
        ``True`` for the task's ring (last neuron -> neuron 0), ``False`` for
        an open chain.
    run_time : float, optional
        Simulated time (ms); taken from a Recording's parameters if there.
        Used to tell "the wave did not come back" from "the run ended".
    label : str, default "chain"
        Population to read from a :class:`course.Recording` with several.

    Returns
    -------
    CheckResult
    """
    found = _Findings("Task 2")
    try:
        trains = _read(data, label)
    except _UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    run_time = _run_time(data, run_time)
    n_neurons = len(trains)
    if not any(train.size for train in trains):
        found.bad(
            "no spikes at all: did you stimulate neuron 0 with a SpikeSourceArray? On NEST "
            "a spike at 0 ms is dropped; use course.earliest_spike_time(). " + _EMPTY
        )
        return found.result()
    if n_neurons < 2:
        found.bad(f"a chain needs at least 2 neurons, got {n_neurons}")
        return found.result()
    firsts = _first_spikes(trains)
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
            f"neuron {starter} fired first, at {_ms(firsts[starter])}: the wave should start "
            "at neuron 0; connect the stimulus to neuron 0"
        )
        return found.result()
    silent = np.flatnonzero(counts == 0)
    if silent.size:
        stop = int(silent[0])
        found.bad(
            f"neuron {stop} never fired: the wave stopped there. One spike must lift the "
            "next neuron from rest to threshold; try a larger weight"
        )
    reached = stop if silent.size else n_neurons
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
            f"({_ms(firsts[0])} to {_ms(firsts[reached - 1])})"
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


def _check_ring(found, trains, counts, laps, lap_counts, run_time) -> None:
    n_neurons = len(trains)
    last = trains[-1][0]
    if laps.size == 1:
        room = run_time is None or run_time > last + 20.0
        if room:
            found.bad(
                f"the wave reached neuron {n_neurons - 1} at {_ms(last)} but never came back "
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
    periods = np.diff(laps)
    found.good(
        f"each neuron fired once per lap, {laps.size - 1} complete lap(s), "
        f"{int(counts.sum())} spikes in all"
    )
    found.good(
        f"one lap takes {_ms(periods.mean())} ({_ms(periods.mean() / n_neurons)} per link: "
        "delay + time to threshold)"
    )


# --- Task 3 -----------------------------------------------------------------

#: Mean rate (Hz) above which Task 3's network counts as running away.
RUNAWAY_RATE = 100.0
#: Mean rate (Hz) below which Task 3's network counts as silent.
SILENT_RATE = 0.5
#: Mean ISI CV below which firing counts as regular, clock-like.
REGULAR_CV = 0.3
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
    run_time: float | None = None,
    t_start: float = 100.0,
    label_exc: str = "exc",
    label_inh: str = "inh",
) -> CheckResult:
    """Check a Task 3 solution: a balanced random network of 4 exc : 1 inh.

    The course asks for the asynchronous irregular state: every population
    active but not running away (between 0.5 and 100 Hz), irregular firing
    (a mean ISI CV near what Poisson cells of the same rates give in the
    same window, and below 2) and excitatory cells that do not fire together
    (synchrony index below 10).

    Parameters
    ----------
    exc : Recording, neo.Block, neo.Segment or list of array_like
        Spikes of the excitatory population (ms); a Recording with both
        populations also supplies ``inh``.
    inh : same types as ``exc``, optional
        Spikes of the inhibitory population (ms).
    run_time : float, optional
        Simulated time (ms); taken from a Recording's parameters, or else from
        the last spike.
    t_start : float, default 100.0
        Start of the analysis window (ms), skipping the onset.
    label_exc, label_inh : str
        Population labels in a :class:`course.Recording`.

    Returns
    -------
    CheckResult
    """
    from course.analysis import poisson_cv, synchrony

    found = _Findings("Task 3")
    if inh is None and isinstance(exc, Recording) and label_inh in exc.labels:
        inh = exc
    try:
        exc_trains = _read(exc, label_exc, "exc")
        inh_trains = _read(inh, label_inh, "inh") if inh is not None else None
    except _UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    run_time = _run_time(exc, run_time)
    everything = exc_trains + (inh_trains or [])
    if not any(train.size for train in everything):
        found.bad(
            "no spikes at all: check the Poisson input (1000 Hz, one-to-one onto every "
            "cell, excitatory). " + _EMPTY
        )
        return found.result()
    if inh_trains is not None and inh_trains:
        ratio = len(exc_trains) / len(inh_trains)
        if abs(ratio - 4.0) > 0.25:
            found.bad(
                f"{len(exc_trains)} excitatory and {len(inh_trains)} inhibitory cells "
                f"(ratio {ratio:.2f}): the task asks for 4:1"
            )
        else:
            found.good(f"{len(exc_trains)} excitatory and {len(inh_trains)} inhibitory cells, 4:1")
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
        reference = poisson_cv(rates, t_start, run_time)
        measured = f"mean ISI CV {cv:.2f}; Poisson cells of these rates give {reference:.2f}"
        if cv < REGULAR_CV:
            found.bad(
                f"{name} firing is regular ({measured}): the cells are driven by their mean "
                "input; strengthen inhibition (larger g)"
            )
        elif cv < IRREGULAR_SHARE * reference:
            found.bad(
                f"{name} firing is only partly irregular ({measured}): the mean input holds "
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
    index = synchrony(exc_trains, t_start, run_time) if run_time - t_start >= 1.0 else np.nan
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


# --- Task 4 -----------------------------------------------------------------


def task4(
    pre,
    post=None,
    weights=None,
    *,
    pre_first: bool = True,
    label_pre: str = "pre",
    label_post: str = "post",
) -> CheckResult:
    """Check a Task 4 solution: two neurons paired repeatedly through STDP.

    Parameters
    ----------
    pre : Recording, neo.Block, neo.Segment or array_like
        Spikes of the presynaptic neuron (ms); a Recording with both
        populations also supplies ``post``. An object with ``recording``,
        ``times`` and ``weights`` attributes (what
        :func:`course.exercises.task4.stdp_pairing` returns) supplies all three.
    post : same types as ``pre``, optional
        Spikes of the postsynaptic neuron (ms).
    weights : array_like, optional
        The synaptic weight (nA) read after each pairing, the initial weight
        first.
    pre_first : bool, default True
        ``True`` if the presynaptic neuron should fire first (the task),
        ``False`` for the reversed order.
    label_pre, label_post : str
        Population labels in a :class:`course.Recording`.

    Returns
    -------
    CheckResult
    """
    found = _Findings("Task 4")
    if hasattr(pre, "recording") and hasattr(pre, "weights"):
        weights = pre.weights if weights is None else weights
        pre = pre.recording
    if post is None and isinstance(pre, Recording):
        post = pre
    if post is None:
        raise TypeError("post is missing: pass the postsynaptic spikes (or a Recording of both)")
    try:
        pre_times = _read(pre, label_pre, "pre", one=True)
        post_times = _read(post, label_post, "post", one=True)
    except _UnknownPopulationError as problem:
        found.bad(str(problem))
        return found.result()
    if pre_times.size == 0 and post_times.size == 0:
        found.bad("no spikes at all: is each neuron driven by its own spike source? " + _EMPTY)
        return found.result()
    for name, times in (("presynaptic", pre_times), ("postsynaptic", post_times)):
        if times.size < 2:
            found.bad(
                f"the {name} neuron fired {times.size} time(s): stimulate it repeatedly "
                "(one strong input spike per pairing)"
            )
    if pre_times.size == 0 or post_times.size == 0:
        return found.result()
    partners = np.array([pre_times[np.argmin(np.abs(pre_times - t))] for t in post_times])
    lags = post_times - partners
    unpaired = pre_times.size - np.unique(partners).size
    wanted = "pre before post" if pre_first else "post before pre"
    right_order = lags > 0 if pre_first else lags < 0
    if not np.all(right_order):
        wrong = int(np.count_nonzero(~right_order))
        found.bad(
            f"{wrong} of {lags.size} pairings are in the wrong order: you asked for {wanted}; "
            "check the stimulus times of the two spike sources"
        )
    else:
        found.good(
            f"{lags.size} pairings, each {wanted}, post − pre from "
            f"{_ms(lags.min())} to {_ms(lags.max())}"
        )
    if unpaired > 0:
        found.note(
            f"{unpaired} presynaptic spike(s) without a postsynaptic partner, such as a last, "
            "lone spike that makes NEST apply the last pairing's potentiation"
        )
    if np.abs(lags).max() > 50.0:
        found.note(
            "some pairs are more than 50 ms apart: the STDP window decays within a few tau, "
            "so those pairs barely change the weight"
        )
    gaps = np.diff(post_times)
    if gaps.size and gaps.min() < 4.0 * np.abs(lags).max():
        found.note(
            f"pairings come only {_ms(gaps.min())} apart, not much more than the lag within a "
            "pair: the spikes of neighbouring pairings also pair up; leave longer gaps"
        )
    if weights is None:
        found.note("pass weights= (read after each pairing) to check the weight change")
        return found.result()
    _check_weights(found, np.asarray(weights, dtype=float).ravel(), pre_first)
    return found.result()


def _check_weights(found, weights, pre_first: bool) -> None:
    weights = weights[np.isfinite(weights)]
    if weights.size < 2:
        found.bad(
            "fewer than two weights to compare: read the weight before and after the "
            "pairings. (A virtual SpiNNaker board reads back nothing useful.)"
        )
        return
    change = weights[-1] - weights[0]
    scale = max(abs(weights[0]), 1e-9)
    if abs(change) < 1e-6 * scale:
        found.bad(
            "the weight never changed. On NEST potentiation is applied only when the next "
            "presynaptic spike arrives: add one more presynaptic spike after the last "
            "pairing. On a virtual SpiNNaker board weights are never updated."
        )
    elif (change > 0) == pre_first:
        verb = "grew" if change > 0 else "shrank"
        found.good(f"the weight {verb} from {weights[0]:.4g} to {weights[-1]:.4g} nA")
    else:
        verb = "grew" if change > 0 else "shrank"
        expected = "grow (potentiation)" if pre_first else "shrink (depression)"
        found.bad(
            f"the weight {verb} from {weights[0]:.4g} to {weights[-1]:.4g} nA but should "
            f"{expected}: check the order of the two stimuli and A_plus / A_minus"
        )


# --- Task 5 -----------------------------------------------------------------


def task5(
    delta_t=None,
    weight_change=None,
    *,
    delay: float = 0.0,
    tau_plus: float | None = None,
    tau_minus: float | None = None,
    rel_tolerance: float = 0.1,
) -> CheckResult:
    """Check a Task 5 solution: an STDP curve, weight change against timing.

    Parameters
    ----------
    delta_t : array_like or curve object
        Spike-time differences ``t_post − t_pre`` (ms), one per pair; or an
        object with ``delta_t``, ``weight_change`` and ``parameters``
        attributes (what :func:`course.exercises.task5.stdp_curve` returns),
        which supplies everything.
    weight_change : array_like
        Weight change of each pair (nA).
    delay : float, default 0.0
        Synaptic delay (ms). The whole delay counts as dendritic (NEST and
        sPyNNaker), so the window's centre sits at ``t_post − t_pre = −delay``.
    tau_plus, tau_minus : float, optional
        The time constants you set (ms), to compare with the ones the curve shows.
    rel_tolerance : float, default 0.1
        Allowed relative error of the fitted time constants.

    Returns
    -------
    CheckResult
    """
    found = _Findings("Task 5")
    if hasattr(delta_t, "delta_t") and hasattr(delta_t, "weight_change"):
        curve = delta_t
        delta_t, weight_change = curve.delta_t, curve.weight_change
        parameters = getattr(curve, "parameters", {})
        delay = parameters.get("delay", delay)
        tau_plus = parameters.get("tau_plus", tau_plus) if tau_plus is None else tau_plus
        tau_minus = parameters.get("tau_minus", tau_minus) if tau_minus is None else tau_minus
    if delta_t is None or weight_change is None:
        raise TypeError("task5 needs delta_t and weight_change (or one stdp_curve result)")
    try:
        lags = np.asarray(delta_t, dtype=float).ravel()
        changes = np.asarray(weight_change, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError("delta_t and weight_change must be arrays of numbers (ms, nA)") from None
    if lags.size != changes.size:
        found.bad(
            f"{lags.size} time differences but {changes.size} weight changes: "
            "give one weight change per pair"
        )
        return found.result()
    keep = np.isfinite(lags) & np.isfinite(changes)
    lags, changes = lags[keep] + delay, changes[keep]
    if lags.size == 0:
        found.bad("empty data: no pair has a measured Δt. " + _EMPTY)
        return found.result()
    if np.all(np.abs(changes) < 1e-12):
        found.bad(
            "no weight changed at all. On NEST potentiation is applied only when the next "
            "presynaptic spike arrives: give each pre neuron one more, late spike. On a "
            "virtual SpiNNaker board weights are never updated."
        )
        return found.result()
    after, before = lags > 0, lags < 0
    if after.sum() < 2 or before.sum() < 2:
        found.bad(
            "cover both sides of the window: at least two pairs with post after pre and "
            "two with post before pre"
        )
        return found.result()
    if np.all(changes[after] == 0) and np.any(changes[before] != 0):
        found.bad(
            "no pair with post after pre changed the weight, although depression works. On "
            "NEST potentiation is applied only when the next presynaptic spike arrives: give "
            "each pre neuron one more, late spike"
        )
        return found.result()
    mirrored = np.all(changes[after] < 0) and np.all(changes[before] > 0)
    if mirrored:
        found.bad(
            "the curve is mirrored: potentiation where post fires before pre. Is your "
            "Δt computed as t_pre − t_post? The convention is t_post − t_pre"
        )
        return found.result()
    for side, wanted, name in ((after, 1, "post after pre"), (before, -1, "post before pre")):
        signs = np.sign(changes[side])
        if np.all(signs == wanted):
            kind = "potentiates" if wanted > 0 else "depresses"
            found.good(f"{name} {kind} in all {int(side.sum())} pairs")
        else:
            found.bad(
                f"{int(np.count_nonzero(signs != wanted))} pair(s) with {name} changed the "
                "weight the wrong way; check the spike times and the delay"
            )
    for side, tau, name in ((after, tau_plus, "tau_plus"), (before, tau_minus, "tau_minus")):
        fitted = _decay_constant(lags[side], changes[side])
        if not np.isfinite(fitted):
            found.bad(f"|Δw| does not decay with |Δt| on the {name} side of the window")
        elif tau is None:
            found.good(f"|Δw| decays exponentially on the {name} side, time constant {_ms(fitted)}")
        elif abs(fitted - tau) <= rel_tolerance * tau:
            found.good(f"the fitted {name} is {_ms(fitted)}; you set {_ms(tau)}")
        else:
            found.bad(
                f"the fitted {name} is {_ms(fitted)} but you set {_ms(tau)}: check that "
                "each pair is independent (its own neurons, far from other spikes)"
            )
    return found.result()


def _decay_constant(lags: np.ndarray, changes: np.ndarray) -> float:
    """Time constant (ms) of |change| = a·exp(−|lag| / tau), by a log-linear fit."""
    magnitude = np.abs(changes)
    usable = magnitude > 0
    if np.count_nonzero(usable) < 2:
        return float("nan")
    slope = np.polyfit(np.abs(lags[usable]), np.log(magnitude[usable]), 1)[0]
    return float(-1.0 / slope) if slope < 0 else float("nan")
