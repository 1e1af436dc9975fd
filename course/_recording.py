"""The :class:`Recording` data type: what one run recorded, by population label.

The bottom layer of the course's data: it reads spikes through
:mod:`course.spike_data` and imports nothing else of the course, so the
argument checks (:mod:`course._checks`) and the simulator layer
(:func:`course.results.collect`) can use it without importing each other.
It is public as :class:`course.results.Recording` (and ``course.Recording``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from course.spike_data import segment_trains

__all__ = ["Recording"]


def _in_ms(quantity) -> np.ndarray:
    """Magnitude of a neo/quantities array in ms (no copy when it already is)."""
    if quantity.dimensionality.string == "ms":
        return quantity.magnitude
    return quantity.rescale("ms").magnitude


@dataclass
class Recording:
    """Everything recorded in one simulation, by population label.

    Parameters
    ----------
    blocks : dict of str to neo.Block
        The data of each population, as ``Population.get_data()`` returned it.
    parameters : dict
        The parameters the network was built with, for the record.
    backend : str or None
        ``"nest"``, ``"spiNNaker"`` or ``"virtual"``; ``None`` when not known
        (a file that does not say where it was recorded).
    sizes : dict of str to int
        Number of neurons in each population, so that empty data from a
        virtual board still has the right shape.
    run_time : float or None
        Simulated time (ms) when the data was collected; ``None`` when not
        known (a file that does not keep it).
    course_version : str or None
        Version of the course that collected the data; ``None`` when not
        known.
    """

    blocks: dict
    parameters: dict = field(default_factory=dict)
    backend: str | None = "nest"
    sizes: dict = field(default_factory=dict)
    run_time: float | None = None
    course_version: str | None = None
    _spike_times: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def labels(self) -> list[str]:
        """Population labels, in the order they were collected."""
        return list(self.blocks)

    def _segment(self, label: str):
        if label not in self.blocks:
            known = ", ".join(repr(name) for name in self.blocks) or "none"
            raise KeyError(f"no population labelled {label!r} was recorded; recorded: {known}")
        segments = self.blocks[label].segments
        return segments[-1] if segments else None

    def size(self, label: str) -> int:
        """Number of neurons in population ``label``.

        Parameters
        ----------
        label : str
            Population label.

        Returns
        -------
        int
            Its number of neurons, also when a virtual board recorded nothing.
        """
        if label in self.sizes:
            return int(self.sizes[label])
        segment = self._segment(label)
        return len(segment.spiketrains) if segment is not None else 0

    def spike_times(self, label: str) -> list[np.ndarray]:
        """Spike times (ms) of each neuron of population ``label``.

        Parameters
        ----------
        label : str
            Population label.

        Returns
        -------
        list of numpy.ndarray
            One sorted array per neuron; empty arrays where a neuron did not
            fire or nothing was recorded (virtual board).
        """
        if label not in self._spike_times:
            segment = self._segment(label)
            times = segment_trains(segment) if segment is not None else []
            missing = self.size(label) - len(times)
            self._spike_times[label] = times + [np.empty(0)] * max(missing, 0)
        return [times.copy() for times in self._spike_times[label]]

    def spike_counts(self, label: str) -> np.ndarray:
        """Number of spikes of each neuron of population ``label``.

        Parameters
        ----------
        label : str
            Population label.

        Returns
        -------
        numpy.ndarray of int
            One count per neuron, in neuron order.
        """
        return np.array([len(times) for times in self.spike_times(label)], dtype=int)

    def signal(self, label: str, name: str) -> tuple[np.ndarray, np.ndarray]:
        """A recorded signal of population ``label``.

        Parameters
        ----------
        label : str
            Population label.
        name : str
            ``"v"`` (mV), ``"gsyn_exc"`` / ``"gsyn_inh"`` (µS) or another
            recorded variable.

        Returns
        -------
        times : numpy.ndarray, shape (n_samples,)
            Sample times (ms).
        values : numpy.ndarray, shape (n_samples, n_neurons)
            The signal; zero samples when nothing was recorded (virtual board).

        Raises
        ------
        KeyError
            If the variable was not recorded for this population.
        """
        segment = self._segment(label)
        signals = {sig.name: sig for sig in (segment.analogsignals if segment is not None else [])}
        if name not in signals:
            known = ", ".join(repr(key) for key in sorted(signals)) or "none"
            raise KeyError(f"{label!r} has no recorded signal {name!r}; recorded: {known}")
        sig = signals[name]
        times = np.asarray(_in_ms(sig.times), dtype=float)
        values = np.asarray(sig.magnitude, dtype=float)
        if values.ndim == 1:
            values = values[:, np.newaxis]
        return times, values

    def is_empty(self) -> bool:
        """Whether nothing at all was recorded.

        Returns
        -------
        bool
            True when no population holds a single spike or signal sample
            (what a virtual board returns).
        """
        for label in self.blocks:
            segment = self._segment(label)
            if segment is None:
                continue
            if any(len(train) for train in segment.spiketrains):
                return False
            if any(sig.shape[0] for sig in segment.analogsignals):
                return False
        return True
