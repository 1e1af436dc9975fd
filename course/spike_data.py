"""Spikes in any form the course accepts, as one list of spike-time arrays in ms.

Spikes come in several forms: a :class:`course.Recording`, a :class:`neo.Block`
or :class:`neo.Segment` (what ``Population.get_data()`` returns), or a list
with one array of times per neuron (numbers in ms, or neo SpikeTrains in any
time unit). :func:`spike_trains` turns each of them into the same thing: one
sorted float array of times in ms per neuron. :class:`course.Recording`, the
statistics of :mod:`course.analysis` and the self-checks of
:mod:`course.check` all read spikes through it, so they accept the same forms
and refuse the same mistakes with the same words.
"""

from __future__ import annotations

import numbers
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["one_train", "segment_trains", "spike_trains", "train_in_ms"]

#: What to do with a spike time that is not finite.
NON_FINITE = ("raise", "drop")


@runtime_checkable
class _SpikesByLabel(Protocol):
    """What this module reads from a :class:`course.Recording`: its labels, and
    spike times by label. Naming the shape instead of importing the class keeps
    this module the bottom layer that ``Recording`` itself is built on."""

    @property
    def labels(self) -> list[str]: ...

    def spike_times(self, label: str) -> list[np.ndarray]: ...


def _is_neo(data, name: str) -> bool:
    return type(data).__module__.startswith("neo") and type(data).__name__ == name


def _is_number_list(data) -> bool:
    """True for a flat sequence of plain numbers (one neuron's train, not one per neuron)."""
    if isinstance(data, np.ndarray):
        return data.ndim == 1 and data.dtype.kind in "iuf"
    return (
        isinstance(data, (list, tuple))
        and len(data) > 0
        and all(isinstance(value, numbers.Real) for value in data)
    )


#: ms in one of each time unit seen so far, by the unit's name ("s": 1000.0).
_MS_PER_UNIT: dict[str, float] = {}


def _ms_per(times) -> float:
    """ms in one unit of a quantities array (neo SpikeTrain): the factor that
    ``times.rescale("ms")`` multiplies by, looked up once per unit instead of
    once per train (quantities takes about 0.3 ms to find it)."""
    unit = times.dimensionality.string
    if unit not in _MS_PER_UNIT:
        _MS_PER_UNIT[unit] = float(times.units.rescale("ms").magnitude)
    return _MS_PER_UNIT[unit]


def train_in_ms(train, *, name: str = "train", non_finite: str = "raise") -> np.ndarray:
    """One neuron's spike times as a sorted float array in ms.

    Parameters
    ----------
    train : array_like or neo.SpikeTrain
        Spike times: plain numbers are taken as ms; a neo SpikeTrain or a
        quantities array is converted from its own time unit.
    name : str, default "train"
        What to call ``train`` in error messages.
    non_finite : {"raise", "drop"}, default "raise"
        Refuse a time that is not finite, or leave it out.

    Returns
    -------
    numpy.ndarray
        Sorted spike times (ms).

    Raises
    ------
    TypeError
        If the times are not numbers.
    ValueError
        If a time is not finite and ``non_finite`` is ``"raise"``.
    """
    if non_finite not in NON_FINITE:
        raise ValueError(f"non_finite={non_finite!r} is not allowed; choose 'raise' or 'drop'")
    if isinstance(train, (str, bytes, dict)) or (
        np.ndim(train) == 0 and not _is_neo(train, "SpikeTrain")
    ):
        raise TypeError(f"{name} must be an array of spike times in ms, got {train!r}")
    try:
        if hasattr(train, "rescale"):
            times = np.asarray(train.magnitude * _ms_per(train), dtype=float).ravel()
        else:
            times = np.asarray(train, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of spike times in ms, got {train!r}") from None
    finite = np.isfinite(times)
    if not finite.all():
        if non_finite == "raise":
            raise ValueError(f"{name} holds a time that is not finite: {times[~finite][0]!r}")
        times = times[finite]
    return np.sort(times)


def _trains_as_arrays(spiketrains) -> list | None:
    """Each neuron's spike times, as quantities arrays in neuron order, from a
    ``neo.SpikeTrainList`` that still holds them as PyNN hands them over: one
    array of all spike times and one of their neurons. None for any other list.

    Reading that form directly gives what making a ``SpikeTrain`` per neuron
    (``list(segment.spiketrains)``) and taking its times gives, in the same
    order, without building the objects: neo does that one neuron at a time
    through a mask over every spike (8 of the test suite's 165 s). Uses neo
    0.14's attributes of the form (the course requires neo 0.14).
    """
    attributes = ("_items", "_all_channel_ids", "_channel_id_array", "_spike_time_array")
    if not all(hasattr(spiketrains, name) for name in attributes):
        return None
    times, owners = spiketrains._spike_time_array, spiketrains._channel_id_array
    if spiketrains._items is not None or times is None or owners is None:
        return None
    channels = np.asarray(spiketrains._all_channel_ids)
    order = np.argsort(owners, kind="stable")  # each neuron's spikes keep their order
    sorted_owners = np.asarray(owners)[order]
    starts = np.searchsorted(sorted_owners, channels, side="left")
    stops = np.searchsorted(sorted_owners, channels, side="right")
    held = [times[order[start:stop]] for start, stop in zip(starts, stops, strict=True)]
    source_index = getattr(spiketrains, "_annotations", {}).get("source_index")
    if (
        source_index is not None
        and not isinstance(source_index, str)
        and hasattr(source_index, "__len__")
        and len(source_index) == len(held)
    ):
        held = [held[k] for k in np.argsort(np.asarray(source_index), kind="stable")]
    return held


def segment_trains(segment, *, non_finite: str = "raise") -> list[np.ndarray]:
    """The spike times (ms) of each neuron of a neo Segment, in neuron order.

    Trains carrying PyNN's ``source_index`` annotation are put in index order.

    Parameters
    ----------
    segment : neo.Segment
        One segment of what ``Population.get_data()`` returns.
    non_finite : {"raise", "drop"}, default "raise"
        Refuse a time that is not finite, or leave it out.

    Returns
    -------
    list of numpy.ndarray
        One sorted array of spike times (ms) per neuron.

    Raises
    ------
    TypeError
        If ``segment`` is not a neo Segment.
    ValueError
        If a time is not finite and ``non_finite`` is ``"raise"``.
    """
    if not _is_neo(segment, "Segment"):
        raise TypeError(f"segment must be a neo Segment, got {type(segment).__name__}")
    held = _trains_as_arrays(segment.spiketrains)
    if held is not None:
        return [
            train_in_ms(times, name=f"spike train {index}", non_finite=non_finite)
            for index, times in enumerate(held)
        ]
    trains = list(segment.spiketrains)
    if trains and all("source_index" in train.annotations for train in trains):
        trains.sort(key=lambda train: train.annotations["source_index"])
    return [
        train_in_ms(train, name=f"spike train {index}", non_finite=non_finite)
        for index, train in enumerate(trains)
    ]


def spike_trains(
    data, label: str | None = None, *, name: str = "data", non_finite: str = "raise"
) -> list[np.ndarray]:
    """Spike times (ms) of each neuron, from any form the course accepts.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or sequence of array_like
        The spikes; a sequence holds one array of times per neuron (numbers in
        ms, or neo SpikeTrains in any time unit).
    label : str, optional
        Population to read from a :class:`course.Recording`; needed only when
        it holds several.
    name : str, default "data"
        What to call ``data`` in error messages.
    non_finite : {"raise", "drop"}, default "raise"
        Refuse a time that is not finite, or leave it out.

    Returns
    -------
    list of numpy.ndarray
        One sorted array of spike times (ms) per neuron; empty arrays for
        neurons that did not fire (and for a virtual board's empty data).

    Raises
    ------
    TypeError
        If ``data`` is none of the accepted forms, is one flat train instead
        of one per neuron, or holds something that is not a time.
    ValueError
        If a time is not finite and ``non_finite`` is ``"raise"``.
    KeyError
        If ``label`` names no population of the Recording, or none is given
        for a Recording of several.
    """
    if isinstance(data, _SpikesByLabel):
        labels = data.labels
        if label is None:
            if len(labels) != 1:
                known = ", ".join(repr(key) for key in labels) or "none"
                raise KeyError(f"{name} holds several populations ({known}); pass label=")
            label = labels[0]
        return data.spike_times(label)
    if _is_neo(data, "Block"):
        if not data.segments:
            return []
        data = data.segments[-1]
    if _is_neo(data, "Segment"):
        return segment_trains(data, non_finite=non_finite)
    if isinstance(data, (str, bytes, dict)) or not hasattr(data, "__len__"):
        raise TypeError(
            f"{name} must be a course.Recording, a neo Block or Segment, or a list of "
            f"spike-time arrays in ms (one per neuron), got {type(data).__name__}"
        )
    if _is_number_list(data):
        raise TypeError(
            f"{name} looks like a single spike train ({len(data)} numbers); it needs one "
            "array per neuron, of spike times in ms: for one neuron pass [times]"
        )
    return [
        train_in_ms(train, name=f"{name}[{index}]", non_finite=non_finite)
        for index, train in enumerate(data)
    ]


def one_train(data, label: str, *, name: str = "data", non_finite: str = "raise") -> np.ndarray:
    """The spike times (ms) of a one-neuron population, from any accepted form.

    Besides the forms of :func:`spike_trains`, a flat array of times is taken
    as that neuron's train. A :class:`course.Recording` must hold ``label``:
    with two one-neuron populations to tell apart, its only population is not
    a safe guess.

    Parameters
    ----------
    data : Recording, neo.Block, neo.Segment or array_like
        The spikes of one neuron: any form :func:`spike_trains` accepts, or a
        flat array of spike times (ms).
    label : str
        Population to read from a :class:`course.Recording`.
    name : str, default "data"
        What to call ``data`` in error messages.
    non_finite : {"raise", "drop"}, default "raise"
        Refuse a time that is not finite, or leave it out.

    Returns
    -------
    numpy.ndarray
        Sorted spike times (ms); empty if the neuron did not fire.

    Raises
    ------
    TypeError
        As :func:`spike_trains`, and for data of several neurons.
    ValueError
        If a time is not finite and ``non_finite`` is ``"raise"``.
    KeyError
        If the Recording holds no population ``label``.
    """
    if _is_number_list(data):
        return train_in_ms(data, name=name, non_finite=non_finite)
    if isinstance(data, _SpikesByLabel):
        trains = data.spike_times(label)
    else:
        trains = spike_trains(data, label, name=name, non_finite=non_finite)
    if len(trains) > 1:
        raise TypeError(f"{name} holds {len(trains)} neurons; it must be one neuron's spikes")
    return trains[0] if trains else np.empty(0)
