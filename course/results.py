"""Recorded data in one tidy structure: recover it, query it, save it, load it.

After ``sim.run()`` each population's ``get_data()`` returns a
:class:`neo.Block`. :func:`collect` gathers them into a :class:`Recording`
keyed by population label, which answers the questions lessons ask (spike
times in ms, spike counts, a signal as a time-by-neuron array) the same way
whether the data came from NEST, from SpiNNaker, or empty from a virtual board.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from course._checks import check_choice, check_non_negative_number
from course.spike_data import segment_trains

__all__ = ["SAVE_FORMATS", "Recording", "collect", "load", "save"]

#: Backends a recording can come from.
BACKENDS = ("nest", "spiNNaker", "virtual")

#: File endings :func:`save` and :func:`load` understand, with the neo IO used.
SAVE_FORMATS = {".pkl": "neo pickle (PickleIO)", ".nix": "NIX / HDF5 (NixIO, needs nixio)"}


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
    backend : str
        ``"nest"``, ``"spiNNaker"`` or ``"virtual"``.
    sizes : dict of str to int
        Number of neurons in each population, so that empty data from a
        virtual board still has the right shape.
    run_time : float or None
        Simulated time (ms) when the data was collected; ``None`` when not
        known (data loaded from files).
    """

    blocks: dict
    parameters: dict = field(default_factory=dict)
    backend: str = "nest"
    sizes: dict = field(default_factory=dict)
    run_time: float | None = None
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


def collect(
    populations,
    parameters: dict | None = None,
    backend: str | None = None,
    run_time: float | None = None,
) -> Recording:
    """Gather the recorded data of several populations after a run.

    Parameters
    ----------
    populations : sequence of pyNN.Population, or dict of str to Population
        Populations that recorded something. A sequence is keyed by each
        population's label.
    parameters : dict, optional
        Parameters to keep with the data.
    backend : str, optional
        Backend name; by default the one :func:`course.setup` chose.
    run_time : float, optional
        Simulated time (ms); by default the simulator's current time.

    Returns
    -------
    Recording
        Each population's data by label, with the parameters, backend, sizes
        and run time.
    """
    from course import simulator

    if backend is None:
        backend = simulator.current().backend
    if run_time is None:
        run_time = float(simulator.current().sim.get_current_time())
    else:
        run_time = check_non_negative_number("run_time", run_time)
    if isinstance(populations, dict):
        items = list(populations.items())
    elif isinstance(populations, (str, bytes)) or not hasattr(populations, "__iter__"):
        raise TypeError(
            "populations must be a list (or a dict by label) of PyNN Populations, got "
            f"{type(populations).__name__}"
        )
    else:
        items = [(getattr(pop, "label", None), pop) for pop in populations]
    for _, pop in items:
        if not (hasattr(pop, "get_data") and hasattr(pop, "size")):
            raise TypeError(
                f"populations must hold PyNN Populations, got {type(pop).__name__} ({pop!r})"
            )
    if backend is not None:
        check_choice("backend", backend, BACKENDS)
    labels = [label for label, _ in items]
    if len(set(labels)) != len(labels):
        raise ValueError(f"population labels must be unique to collect them, got {labels}")
    blocks = {label: pop.get_data() for label, pop in items}
    sizes = {label: pop.size for label, pop in items}
    return Recording(
        blocks=blocks,
        parameters=dict(parameters or {}),
        backend=backend,
        sizes=sizes,
        run_time=run_time,
    )


def _check_path(name: str, path):
    """Return ``path`` if it is a str or path-like, else raise TypeError naming ``name``."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file or folder path, got {path!r}")
    return path


def _io_for(path: Path, writing: bool):
    suffix = path.suffix.lower()
    if suffix == ".pkl":
        from neo.io import PickleIO

        return PickleIO(filename=str(path))
    if suffix == ".nix":
        from neo.io import NixIO

        return NixIO(filename=str(path), mode="ow" if writing else "ro")
    allowed = ", ".join(SAVE_FORMATS)
    raise ValueError(f"cannot save or load {path.name!r}: the file ending must be one of {allowed}")


def save(recording: Recording, folder, fmt: str = ".pkl") -> dict[str, Path]:
    """Write each population's block to ``folder/<label><fmt>``.

    Parameters
    ----------
    recording : Recording
        What :func:`collect` returned.
    folder : path-like
        Created if missing.
    fmt : {".pkl", ".nix"}
        neo pickle or NIX file.

    Returns
    -------
    dict of str to pathlib.Path
        The file written for each population.
    """
    if fmt not in SAVE_FORMATS:
        allowed = ", ".join(SAVE_FORMATS)
        raise ValueError(f"fmt={fmt!r} is not allowed; choose one of {allowed}")
    if not isinstance(recording, Recording):
        raise TypeError(
            f"recording must be a course.Recording (from course.collect), got "
            f"{type(recording).__name__}"
        )
    folder = Path(_check_path("folder", folder))
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for label, block in recording.blocks.items():
        path = folder / f"{label}{fmt}"
        io = _io_for(path, writing=True)
        io.write_block(block)
        if hasattr(io, "close"):
            io.close()
        written[label] = path
    return written


def load(paths, parameters: dict | None = None, backend: str = "nest") -> Recording:
    """Read files written by :func:`save` or ``Population.write_data`` back.

    Parameters
    ----------
    paths : dict of str to path-like, or sequence of path-like
        Files to read; a sequence is keyed by each file's stem.
    parameters : dict, optional
        Parameters to attach.
    backend : str, default "nest"
        Backend the data came from.

    Returns
    -------
    Recording
        Each file's block by label; ``run_time`` is ``None`` (files do not
        keep it).
    """
    check_choice("backend", backend, BACKENDS)
    if isinstance(paths, dict):
        items = [(label, Path(_check_path("paths", path))) for label, path in paths.items()]
    elif isinstance(paths, (str, bytes, os.PathLike)) or not hasattr(paths, "__iter__"):
        raise TypeError(
            f"paths must be a list of files (or a dict by label), got {paths!r}; for one file "
            "pass [path]"
        )
    else:
        items = [(Path(_check_path("paths", path)).stem, Path(path)) for path in paths]
    blocks = {}
    for label, path in items:
        if not path.is_file():
            raise FileNotFoundError(f"no saved recording at {path}")
        io = _io_for(path, writing=False)
        block = io.read_block()
        if hasattr(io, "close"):
            io.close()
        blocks[label] = block
    return Recording(blocks=blocks, parameters=dict(parameters or {}), backend=backend)
