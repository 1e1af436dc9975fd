"""What every self-check shares: its verdict, its findings and how it reads data."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from course.results import Recording
from course.spike_data import one_train, spike_trains

__all__ = ["CheckResult"]

#: Marks that start each message of a :class:`CheckResult`.
PASS, FAIL, UNCHECKED, NOTE = "✓", "✗", "?", "•"

#: Said whenever the data is empty.
EMPTY = (
    "If this is a virtual SpiNNaker board run, that is expected: nothing is simulated "
    "there (run on NEST or a real board to check)."
)

#: Spike times within this of a whole millisecond count as on the 1 ms grid.
GRID_TOLERANCE_MS = 1e-6


@dataclass
class CheckResult:
    """The verdict of a self-check.

    Parameters
    ----------
    task : str
        Which task was checked, e.g. ``"Task 2"``.
    passed : bool
        ``True`` when everything the task asks for was checked and no message
        reports a problem.
    messages : list of str
        One sentence per finding, starting with ``✓`` (right), ``✗`` (wrong,
        with what to try), ``?`` (could not be checked, and what to pass so
        that it can be) or ``•`` (a note).
    """

    task: str
    passed: bool
    messages: list = field(default_factory=list)

    def __str__(self) -> str:
        if self.passed:
            verdict = "all checks passed"
        elif any(message.startswith(FAIL) for message in self.messages):
            verdict = "something to fix"
        else:
            verdict = "nothing wrong found, but not everything could be checked"
        return "\n".join([f"{self.task}: {verdict}", *self.messages])


class Findings:
    """Collects the messages of one check and decides whether it passed."""

    def __init__(self, task: str):
        self.task = task
        self.messages: list[str] = []
        self.complete = True
        self.failed = False

    def good(self, text: str) -> None:
        self.messages.append(f"{PASS} {text}")

    def bad(self, text: str) -> None:
        self.messages.append(f"{FAIL} {text}")
        self.failed = True

    def unchecked(self, text: str) -> None:
        self.messages.append(f"{UNCHECKED} {text}")
        self.complete = False

    def note(self, text: str) -> None:
        self.messages.append(f"{NOTE} {text}")

    def result(self) -> CheckResult:
        return CheckResult(self.task, self.complete and not self.failed, list(self.messages))


class UnknownPopulationError(Exception):
    """The learner's Recording has no population of the label asked for."""


@contextmanager
def _population_named():
    """Turn a label the Recording lacks into an exception the checks report."""
    try:
        yield
    except KeyError as error:
        raise UnknownPopulationError(
            f"{error.args[0]}; name the population to check with the check's label argument"
        ) from None


def read_trains(data, label: str, name: str = "data") -> list[np.ndarray]:
    """Spike trains (ms) through the course's one conversion; times that are not
    finite are left out (a check never raises on odd data)."""
    with _population_named():
        return spike_trains(data, label, name=name, non_finite="drop")


def read_train(data, label: str, name: str) -> np.ndarray:
    """The one train of a one-neuron population, as :func:`read_trains` reads data."""
    with _population_named():
        return one_train(data, label, name=name, non_finite="drop")


def recorded_time(data, given) -> float | None:
    """Simulated time (ms): the value given, else the Recording's or the neo data's."""
    if given is not None:
        return float(given)
    if isinstance(data, Recording):
        return data.run_time
    segments = []
    if type(data).__module__.startswith("neo"):
        segments = getattr(data, "segments", [data])
    stops = [float(train.t_stop.rescale("ms")) for seg in segments for train in seg.spiketrains]
    return max(stops) if stops else None


def on_grid(trains) -> bool:
    """True when every spike lies on the 1 ms grid, as a SpiNNaker board records them."""
    times = np.concatenate([np.asarray(train, dtype=float) for train in trains] or [np.empty(0)])
    return bool(times.size) and bool(np.all(np.abs(times - np.round(times)) < GRID_TOLERANCE_MS))


def describe_style(found: Findings, grid: bool) -> None:
    """Tell the learner whether the spikes look like SpiNNaker's or NEST's."""
    if grid:
        found.note(
            "every spike lies on the 1 ms grid: this looks like a SpiNNaker board's data "
            "(or NEST's on-grid neurons); NEST's default precise spikes fall between steps, "
            "and a spike passes a synapse sooner on the board (a ring hop takes delay + 2 ms "
            "there, delay + 2.57 ms on NEST)"
        )
    else:
        found.note(
            "spikes fall between the 1 ms steps: this looks like NEST's precise spike "
            "timing; a SpiNNaker board records every spike on the 1 ms grid"
        )


def ms(value: float) -> str:
    return f"{value:.2f} ms"
