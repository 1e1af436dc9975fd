"""Recorded data recovered after a run, saved to files and loaded back whole.

After ``sim.run()`` each population's ``get_data()`` returns a
:class:`neo.Block`. :func:`collect` gathers them into a :class:`Recording`
keyed by population label, which answers the questions lessons ask (spike
times in ms, spike counts, a signal as a time-by-neuron array) the same way
whether the data came from NEST, from SpiNNaker, or empty from a virtual board.

:func:`save` writes one file per population and keeps in each what the
Recording knows besides the data (run time, parameters, backend, number of
neurons, the course's version) as a neo annotation; :func:`load` restores it,
so a recording saved on the SpiNNaker hub loads back on a laptop as it was.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import re
from pathlib import Path

import numpy as np

from course import simulator
from course._checks import check_choice, check_non_negative_number
from course._recording import Recording
from course.backends import BACKENDS as _BACKEND_TABLE

__all__ = ["SAVE_FORMATS", "Recording", "collect", "load", "save"]

#: Backends a recording can come from.
BACKENDS = tuple(_BACKEND_TABLE)

#: File endings :func:`save` and :func:`load` understand, with the neo IO used.
SAVE_FORMATS = {".pkl": "neo pickle (PickleIO)", ".nix": "NIX / HDF5 (NixIO, needs nixio)"}

#: The block annotation that holds the course's record of a saved population.
METADATA_KEY = "course_recording"

#: How PyNN names the simulator in a block's annotations, for each backend name
#: that is certain from it (sPyNNaker writes the same name for a board and for
#: a virtual board, so its files say nothing certain).
_PYNN_SIMULATOR_NAMES = {"NEST": "nest"}


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
        Each population's data by label, with the parameters, backend, sizes,
        run time and the course's version.
    """
    from course import __version__

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
    check_choice("backend", backend, BACKENDS)
    labels = [label for label, _ in items]
    if len(set(labels)) != len(labels):
        raise ValueError(f"population labels must be unique to collect them, got {labels}")
    return Recording(
        blocks={label: pop.get_data() for label, pop in items},
        parameters=dict(parameters or {}),
        backend=backend,
        sizes={label: pop.size for label, pop in items},
        run_time=run_time,
        course_version=__version__,
    )


def _check_path(name: str, path):
    """Return ``path`` if it is a str or path-like, else raise TypeError naming ``name``."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file or folder path, got {path!r}")
    return path


def _check_format(path: Path) -> None:
    """Raise ValueError unless ``path`` ends in one of :data:`SAVE_FORMATS`."""
    if path.suffix.lower() not in SAVE_FORMATS:
        allowed = ", ".join(SAVE_FORMATS)
        raise ValueError(
            f"cannot save or load {path.name!r}: the file ending must be one of {allowed}"
        )


def _io_for(path: Path, io_path: Path, writing: bool):
    """The neo IO for ``path``'s format, reading or writing the file at ``io_path``."""
    if path.suffix.lower() == ".pkl":
        from neo.io import PickleIO

        return PickleIO(filename=str(io_path))
    from neo.io import NixIO

    return NixIO(filename=str(io_path), mode="ow" if writing else "ro")


@contextlib.contextmanager
def _collecting_only_new_objects():
    """Let a garbage collection inside the block see only the objects made inside it.

    nixio closes every file with a full ``gc.collect()``, to free the HDF5
    handles its own reference cycles hold; those are all made while the file
    is open. A full collection walks every object of the process: 0.3 s per
    file in a process holding 600,000, as a notebook kernel or the test suite
    does after a few lessons. The objects that exist before the file is opened
    are set aside (``gc.freeze``) and handed back afterwards, as they were;
    if the caller has frozen objects of its own, nothing is changed.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# Parameters travel as JSON text, which both formats keep exactly. Values JSON
# has no type for (tuples, numpy arrays and scalars, dicts with keys that are
# not text) are written as a one-key dict naming the type, and read back as it.


def _encode(value, where: str):
    """``value`` as JSON-ready data that :func:`_decode` turns back into it."""
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "biufU":
        return {"__numpy__": [value.dtype.str, np.asarray(value).tolist()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_encode(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, tuple):
        return {
            "__tuple__": [_encode(item, f"{where}[{index}]") for index, item in enumerate(value)]
        }
    if isinstance(value, dict):
        pairs = [
            [_encode(key, where), _encode(item, f"{where}[{key!r}]")] for key, item in value.items()
        ]
        return {"__dict__": pairs}
    raise ValueError(
        f"{where} is a {type(value).__name__} ({value!r}), which a saved file cannot keep; "
        "keep the recording's parameters to numbers, text, lists, tuples, dicts and numpy "
        "arrays of numbers"
    )


def _decode(data):
    """The value :func:`_encode` encoded as ``data``."""
    if isinstance(data, list):
        return [_decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    ((kind, content),) = data.items()
    if kind == "__numpy__":
        dtype, values = content
        array = np.array(values, dtype=dtype)
        return array[()] if array.ndim == 0 else array
    if kind == "__tuple__":
        return tuple(_decode(item) for item in content)
    return {_decode(key): _decode(item) for key, item in content}


def _metadata(recording: Recording, label: str) -> str:
    """What ``recording`` knows about population ``label`` besides its data, as JSON text."""
    return json.dumps(
        {
            "backend": recording.backend,
            "run_time": recording.run_time,
            "size": recording.sizes.get(label),
            "course_version": recording.course_version,
            "parameters": _encode(recording.parameters, "parameters"),
        }
    )


def save(recording: Recording, folder, fmt: str = ".pkl") -> dict[str, Path]:
    """Write each population's block to ``folder/<label><fmt>``, with its record.

    Each file keeps, besides the data, the recording's run time, parameters,
    backend, the population's number of neurons and the course's version (in
    the block annotation ``"course_recording"``), so :func:`load` gives back
    the same :class:`Recording`. Every file is first written beside its final
    name and moved into place only when all are complete: a save that fails
    half-way (a full disk, a restarted kernel) leaves the files of the last
    save as they were and no partial file under a final name.

    Parameters
    ----------
    recording : Recording
        What :func:`collect` returned.
    folder : path-like
        Created if missing.
    fmt : {".pkl", ".nix"}
        neo pickle (for your own files) or NIX file (to share).

    Returns
    -------
    dict of str to pathlib.Path
        The file written for each population.

    Raises
    ------
    ValueError
        For an unknown ``fmt``, or parameters a file cannot keep (anything
        but numbers, text, lists, tuples, dicts and numpy arrays of numbers).
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
    records = {label: _metadata(recording, label) for label in recording.labels}
    folder.mkdir(parents=True, exist_ok=True)
    partial = {}
    try:
        for label, block in recording.blocks.items():
            path = folder / f"{label}{fmt}"
            partial[label] = path.with_name(f".{path.stem}.{os.getpid()}.partial{fmt}")
            _write_block(block, records[label], path, partial[label])
    except BaseException:
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise
    written = {}
    for label, path in partial.items():
        written[label] = folder / f"{label}{fmt}"
        os.replace(path, written[label])
    return written


def _write_block(block, record: str, path: Path, io_path: Path) -> None:
    """Write ``block`` with ``record`` in its annotations to ``io_path`` (format of ``path``)."""
    had_key = METADATA_KEY in block.annotations
    previous = block.annotations.get(METADATA_KEY)
    block.annotations[METADATA_KEY] = record
    try:
        with _collecting_only_new_objects():
            io = _io_for(path, io_path, writing=True)
            try:
                io.write_block(block)
            finally:
                if hasattr(io, "close"):
                    io.close()
    finally:
        if had_key:
            block.annotations[METADATA_KEY] = previous
        else:
            del block.annotations[METADATA_KEY]


def load(paths, parameters: dict | None = None, backend: str | None = None) -> Recording:
    """Read files written by :func:`save` or ``Population.write_data`` back.

    What :func:`save` kept in each file (run time, parameters, backend,
    number of neurons, course version) is restored; a file written by
    ``Population.write_data`` keeps only the data and PyNN's own record, so
    what it does not say stays unknown (``None``), never guessed.

    .. warning::

       Loading a ``.pkl`` file runs whatever code its author put into it.
       Load ``.pkl`` files only when you saved them yourself; exchange
       recordings with others as ``.nix`` files. Only the files named in
       ``paths`` are read.

    Parameters
    ----------
    paths : dict of str to path-like, or sequence of path-like
        Files to read; a sequence is keyed by each file's stem.
    parameters : dict, optional
        Parameters to attach instead of the ones the files kept.
    backend : {"nest", "spiNNaker", "virtual"}, optional
        Backend the data came from, for files that do not say; must agree
        with the files that do.

    Returns
    -------
    Recording
        Each file's block by label, with what the files kept.

    Raises
    ------
    FileNotFoundError
        If a file does not exist.
    ValueError
        If a file is truncated, is not a neo file of its ending's format, or
        the files disagree (with each other or with ``backend``) about the
        run they come from.
    """
    if backend is not None:
        check_choice("backend", backend, BACKENDS)
    if parameters is not None and not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict, got {type(parameters).__name__}")
    if isinstance(paths, dict):
        items = [(label, Path(_check_path("paths", path))) for label, path in paths.items()]
    elif isinstance(paths, (str, bytes, os.PathLike)) or not hasattr(paths, "__iter__"):
        raise TypeError(
            f"paths must be a list of files (or a dict by label), got {paths!r}; for one file "
            "pass [path]"
        )
    else:
        items = [(Path(_check_path("paths", path)).stem, Path(path)) for path in paths]
    blocks, records = {}, {}
    for label, path in items:
        blocks[label], records[label] = _read_block(path)
    known = {
        name: _agreed(name, {path: records[label].get(name) for label, path in items})
        for name in ("backend", "run_time", "course_version", "parameters")
    }
    if backend is not None and known["backend"] not in (None, backend):
        raise ValueError(
            f"backend={backend!r}, but the files say they were recorded on "
            f"{known['backend']!r}; leave backend out to use what the files say"
        )
    if known["parameters"] is not None:
        known["parameters"] = _decode(known["parameters"])
    sizes = {label: size for label in blocks if (size := records[label].get("size")) is not None}
    return Recording(
        blocks=blocks,
        parameters=dict(parameters if parameters is not None else known["parameters"] or {}),
        backend=known["backend"] if known["backend"] is not None else backend,
        sizes=sizes,
        run_time=known["run_time"],
        course_version=known["course_version"],
    )


def _agreed(name: str, values: dict):
    """The one value of ``name`` the files that know it give, or None if none knows it."""
    given = {path: value for path, value in values.items() if value is not None}
    first = next(iter(given.values()), None)
    if len({json.dumps(value) for value in given.values()}) > 1:
        listed = "; ".join(f"{path.name}: {value!r}" for path, value in given.items())
        raise ValueError(
            f"the files were not saved from one run: their {name} differs ({listed}); "
            "load the files of each run separately"
        )
    return first


def _read_block(path: Path):
    """The block in ``path`` and the record it keeps (empty for files without one)."""
    if path.is_dir():
        raise ValueError(
            f"{path} is a folder, not a file: pass the files to load by name, for example "
            "the dict of files that course.results.save returned"
        )
    if not path.is_file():
        raise FileNotFoundError(
            f"no saved recording at {path}: the file does not exist; check its name and "
            f"folder (course.results.save writes <label>{path.suffix or '.pkl'} files into "
            "the folder it is given)"
        )
    _check_format(path)
    io = None
    with _collecting_only_new_objects():
        try:
            io = _io_for(path, path, writing=False)
            block = io.read_block()
        except Exception as error:  # what a damaged file raises depends on where it ends
            raise _damaged_file_error(path, error) from error
        finally:
            if io is not None and hasattr(io, "close"):
                io.close()
    if type(block).__module__.split(".")[0] != "neo" or type(block).__name__ != "Block":
        raise ValueError(
            f"{path} holds a {type(block).__name__}, not a neo Block: it is not a recording "
            "saved by course.results.save or Population.write_data; check that it is the file "
            "you meant"
        )
    text = block.annotations.pop(METADATA_KEY, None)
    if text is None:
        return block, _pynn_record(block)
    return block, json.loads(text)


def _pynn_record(block) -> dict:
    """What PyNN's own annotations of ``block`` say for certain: its size and, for NEST, backend."""
    record = {}
    if "size" in block.annotations:
        record["size"] = int(block.annotations["size"])
    backend = _PYNN_SIMULATOR_NAMES.get(block.annotations.get("simulator"))
    if backend is not None:
        record["backend"] = backend
    return record


def _damaged_file_error(path: Path, error: Exception) -> ValueError:
    """The course's error for a file its reader could not read."""
    size = path.stat().st_size
    again = "save it again (or copy it again from where it was saved)"
    if size == 0:
        return ValueError(
            f"{path} is empty (0 bytes): the save or copy that wrote it did not finish; {again}"
        )
    stored = re.search(r"eof = (\d+).*stored_eof = (\d+)", str(error))
    if stored:
        return ValueError(
            f"{path} is truncated ({stored.group(1)} of {stored.group(2)} bytes): the save or "
            f"copy that wrote it did not finish; {again}"
        )
    if isinstance(error, EOFError) or (
        isinstance(error, pickle.UnpicklingError) and "truncated" in str(error)
    ):
        return ValueError(
            f"{path} is truncated ({size} bytes, and the data goes on past its end): the save "
            f"or copy that wrote it did not finish; {again}"
        )
    expected = {".pkl": "neo pickle", ".nix": "NIX"}[path.suffix.lower()]
    return ValueError(
        f"{path} is not a {expected} file ({size} bytes; reading it failed with "
        f"{type(error).__name__}: {error}): load reads the files course.results.save or "
        "Population.write_data wrote; check that it is the file you meant, and that its "
        "ending matches its format"
    )
