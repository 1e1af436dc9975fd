"""Choose a backend, set it up the portable way, and keep its output quiet.

A lesson starts with::

    import course

    sim = course.setup(timestep=1.0)

and then writes real PyNN with ``sim`` (``sim.Population(...)``,
``sim.Projection(...)``, ``sim.run(...)``), so the same script runs on NEST,
on a SpiNNaker machine and on a virtual SpiNNaker board.

Which backend runs is decided, first match wins, by

1. the ``backend`` argument of :func:`setup`,
2. the environment variable ``COURSE_SIMULATOR``,
3. the first command-line argument, the way PyNN's own examples read it
   (``python lesson.py spiNNaker``),
4. otherwise NEST.
"""

from __future__ import annotations

import atexit
import configparser
import importlib
import logging
import os
import sys
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from course._checks import check_positive_integer, check_positive_number
from course.backends import BACKENDS, resolve_backend_name

__all__ = [
    "BACKEND_ENV_VAR",
    "DEFAULT_SEED",
    "DEFAULT_THREADS",
    "BackendUnavailableError",
    "SimulatorState",
    "choose_backend",
    "current",
    "is_nest",
    "is_spinnaker",
    "next_seed",
    "quiet_nest",
    "quiet_pynn",
    "setup",
    "write_virtual_board_config",
]

#: Environment variable that names the backend (``nest``, ``spiNNaker``, ``virtual``).
BACKEND_ENV_VAR = "COURSE_SIMULATOR"

#: Seed used when a lesson does not give one, so that every run gives the same spikes.
DEFAULT_SEED = 2026

#: NEST threads. Fixed rather than "all cores" so that the spikes of a
#: Poisson-driven lesson are the same on every machine (NEST draws random
#: numbers per thread); 2 uses both cores of a laptop or the course's CI.
DEFAULT_THREADS = 2

#: Environment variable that overrides the NEST thread count of every lesson
#: (used by the benchmarks to compare one and two threads).
THREADS_ENV_VAR = "COURSE_NEST_THREADS"

#: Environment variable naming a JSON file; when set, every ``sim.run`` is
#: timed and the totals are written there at exit (used by the benchmarks).
RUN_TIMING_ENV_VAR = "COURSE_RUN_TIMING"

#: Default longest delay (ms). NEST needs one; sPyNNaker ignores it.
DEFAULT_MAX_DELAY = 100.0

_SPINNAKER_CONFIG_NAME = ".spynnaker.cfg"
_MACHINE_OPTIONS = ("machineName", "spalloc_server", "remote_spinnaker_url", "virtual_board")

# Messages NEST and PyNN print on import or on every call that are not about
# the learner's model. Each is silenced exactly, by its text, nothing more.
_NEST_NOISE_WARNINGS = (
    # PyNN tries to compile its optional NEST extension models with cmake on
    # every import; the nest-simulator wheel ships no usable nest-config, so
    # the build fails. Only PyNN's extra models (stochastic synapses,
    # IF_cond_exp_gsfa_grr) are lost; no lesson uses them.
    r"Cannot find nest-config",
    r"Problem running cmake",
    r"Unable to compile NEST extensions",
    r"Unable to install NEST extensions",
    r"Cannot create build directory for nest extensions",
    # NEST 3.10 deprecations triggered inside PyNN 0.13, not by lesson code.
    r"\s*(SetStatus|GetStatus)\(\) is deprecated",
    r"\s*Provided for backward compatibility only\. Set `nest\.verbosity",
)

# numpy 2.0 deprecation raised inside PyNN 0.13's connectors (one-neuron
# populations); numpy is pinned below 2.1, where it would become an error.
_PYNN_NUMPY_DEPRECATIONS = (r"Calling nonzero on 0d arrays is deprecated",)

# PyNN's own logger reports these while probing models; they describe PyNN
# internals, not the learner's network.
_PYNN_NOISE_LOGS = ("NEST does not allow setting an initial value for",)

# PyNN 0.13 on NEST logs three warnings from this function every time an
# STDPMechanism is used ("Several STDP models are available ...", the model
# name, "By default, stdp_synapse is used"), although the choice is the
# intended one.
_PYNN_NOISE_LOG_FUNCTIONS = ("_get_nest_synapse_model",)


class BackendUnavailableError(RuntimeError):
    """The chosen backend cannot be used here; the message says what to do."""


@dataclass(frozen=True)
class SimulatorState:
    """What :func:`setup` chose, for the helpers that must know the backend.

    Attributes
    ----------
    backend : str
        Canonical backend name (``"nest"``, ``"spiNNaker"`` or ``"virtual"``).
    sim : module
        The PyNN backend module handed back by :func:`setup`.
    timestep : float
        Simulation timestep (ms).
    min_delay : float
        Shortest synaptic delay (ms).
    max_delay : float
        Longest synaptic delay (ms).
    seed : int
        Seed of every random number generator the course creates.
    """

    backend: str
    sim: ModuleType
    timestep: float
    min_delay: float
    max_delay: float
    seed: int


_state: SimulatorState | None = None
_seeds_drawn = 0
_virtual_folder: tempfile.TemporaryDirectory | None = None


def _backend_from_argv(argv: list[str]) -> str | None:
    """Read a backend name from ``argv[1]`` the way PyNN's examples do.

    Only a bare word counts: options (``-f``), paths and file names, which
    Jupyter, pytest and sphinx-gallery put there, are not backend names.
    """
    if len(argv) < 2:
        return None
    word = argv[1]
    module_name = word.lower().startswith("pynn.")  # "pyNN.nest", as PyNN accepts
    if not module_name and (word.startswith("-") or os.sep in word or "." in word):
        return None
    return resolve_backend_name(word)


def choose_backend(backend: str | None = None, argv: list[str] | None = None) -> str:
    """Decide which backend a lesson runs on.

    Parameters
    ----------
    backend : str, optional
        An explicit choice; wins over everything else.
    argv : list of str, optional
        Command line to read; defaults to :data:`sys.argv`.

    Returns
    -------
    str
        ``"nest"``, ``"spiNNaker"`` or ``"virtual"``.

    Raises
    ------
    ValueError
        If the argument, the environment variable ``COURSE_SIMULATOR`` or the
        command line names an unknown backend.
    """
    if backend is not None:
        return resolve_backend_name(backend)
    from_env = os.environ.get(BACKEND_ENV_VAR, "").strip()
    if from_env:
        try:
            return resolve_backend_name(from_env)
        except ValueError as error:
            raise ValueError(f"environment variable {BACKEND_ENV_VAR}: {error}") from None
    from_argv = _backend_from_argv(sys.argv if argv is None else argv)
    return from_argv or "nest"


class _DropPyNNNoise(logging.Filter):
    """Drop PyNN log records that describe PyNN's internals, not the learner's model."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.funcName in _PYNN_NOISE_LOG_FUNCTIONS:
            return False
        message = record.getMessage()
        return not any(message.startswith(text) for text in _PYNN_NOISE_LOGS)


def quiet_nest() -> None:
    """Silence NEST's banner and the known, harmless NEST/PyNN messages.

    Sets ``PYNEST_QUIET`` before NEST is imported and ignores exactly the
    warnings listed in this module (PyNN's failed attempt to build its optional
    NEST extensions, NEST 3.10 deprecations raised inside PyNN). Every other
    warning and every error still reaches the learner. Safe to call twice.
    """
    os.environ.setdefault("PYNEST_QUIET", "1")
    # NEST's OpenMP threads otherwise spin while they wait; on a busy machine
    # that made every Connect call 400x slower (15 ms instead of 0.04 ms).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    for pattern in _NEST_NOISE_WARNINGS:
        warnings.filterwarnings("ignore", message=pattern, category=UserWarning)
    quiet_pynn()
    pynn_logger = logging.getLogger("PyNN")
    if not any(isinstance(f, _DropPyNNNoise) for f in pynn_logger.filters):
        pynn_logger.addFilter(_DropPyNNNoise())


def quiet_pynn() -> None:
    """Ignore the numpy 2.0 deprecation PyNN 0.13 raises inside its connectors.

    It is harmless with numpy < 2.1 (which the course pins) and says nothing
    about the learner's script. Safe to call twice.
    """
    for pattern in _PYNN_NUMPY_DEPRECATIONS:
        warnings.filterwarnings("ignore", message=pattern, category=DeprecationWarning)


def write_virtual_board_config(folder: str | os.PathLike) -> Path:
    """Write a sPyNNaker configuration for a virtual 8 x 8 SpiNNaker board.

    Parameters
    ----------
    folder : path-like
        Folder that receives ``.spynnaker.cfg``; sPyNNaker's ``reports/``
        folder is placed beside it, so nothing is written to the current
        working folder.

    Returns
    -------
    pathlib.Path
        The configuration file written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = configparser.ConfigParser()
    config.optionxform = str  # keep sPyNNaker's camelCase option names
    config["Machine"] = {
        "virtual_board": "True",
        "version": "5",
        "width": "8",
        "height": "8",
    }
    config["Reports"] = {"default_report_file_path": str(folder / "reports")}
    # Mapping progress is sPyNNaker's business; keep warnings and errors.
    config["Logging"] = {"instantiate": "True", "default": "warning"}
    path = folder / _SPINNAKER_CONFIG_NAME
    with path.open("w", encoding="utf-8") as handle:
        config.write(handle)
    return path


def _spinnaker_user_configs() -> list[Path]:
    """The user configuration files sPyNNaker would read, in its own order."""
    xdg_dirs = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(os.pathsep)[0]
    xdg_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates = [
        Path(xdg_dirs) / _SPINNAKER_CONFIG_NAME,
        Path(xdg_home) / _SPINNAKER_CONFIG_NAME,
        Path.home() / _SPINNAKER_CONFIG_NAME,
    ]
    return [path for path in candidates if path.is_file()]


def _check_spinnaker_config() -> None:
    """Fail early, in one sentence, when no SpiNNaker machine is configured."""
    found = _spinnaker_user_configs()
    if not found:
        raise BackendUnavailableError(
            "No SpiNNaker machine is configured: create ~/.spynnaker.cfg with a "
            "[Machine] section naming your board (machineName or spalloc_server) "
            "as on the SpiNNaker Jupyter hub, or run with backend 'virtual' to "
            "check the mapping without hardware."
        )
    if len(found) > 1:
        names = " and ".join(str(path) for path in found)
        raise BackendUnavailableError(
            f"sPyNNaker reads exactly one user configuration but found {names}; delete all but one."
        )
    config = configparser.ConfigParser(interpolation=None)
    config.optionxform = str
    config.read(found[0], encoding="utf-8")
    machine = config["Machine"] if config.has_section("Machine") else {}
    named = [
        option
        for option in _MACHINE_OPTIONS
        if machine.get(option, "None").strip() not in ("", "None", "False")
    ]
    if not named:
        raise BackendUnavailableError(
            f"{found[0]} names no SpiNNaker machine: set machineName or "
            "spalloc_server in its [Machine] section, or run with backend "
            "'virtual' to check the mapping without hardware."
        )


def _virtual_root() -> Path:
    """The process's private folder for the virtual board's configuration and reports.

    Created once, before sPyNNaker is imported, so that its removal at exit is
    registered first and therefore runs last, after sPyNNaker's own exit
    handlers have finished writing their reports.
    """
    global _virtual_folder
    if _virtual_folder is None:
        _virtual_folder = tempfile.TemporaryDirectory(prefix="course-virtual-spinnaker-")
        atexit.register(_virtual_folder.cleanup)
    return Path(_virtual_folder.name)


@contextmanager
def _virtual_board_environment():
    """Point sPyNNaker at a private virtual-board configuration.

    sPyNNaker insists on exactly one user configuration among
    ``$XDG_CONFIG_DIRS``, ``$XDG_CONFIG_HOME`` and the home folder, and writes
    a template into the home folder when it finds none. For the duration of
    ``setup()`` all three point into a temporary folder that holds only the
    virtual-board configuration, so a learner's own ``~/.spynnaker.cfg`` (for a
    real board) is neither read nor changed.
    """
    root = _virtual_root()
    config_home = root / "config"
    write_virtual_board_config(config_home)
    (root / "home").mkdir(exist_ok=True)
    (root / "system").mkdir(exist_ok=True)
    overrides = {
        "XDG_CONFIG_HOME": str(config_home),
        "XDG_CONFIG_DIRS": str(root / "system"),
        "HOME": str(root / "home"),
    }
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _import_pynn_backend(backend: str) -> ModuleType:
    module_name = BACKENDS[backend].pynn_module
    if backend == "nest":
        quiet_nest()
        try:
            return importlib.import_module(module_name)
        except ImportError as error:
            raise BackendUnavailableError(
                "The NEST backend needs PyNN and NEST: pip install "
                f"'PyNN>=0.13' 'nest-simulator>=3.10' (import failed: {error})."
            ) from None
    quiet_pynn()
    try:
        return importlib.import_module(module_name)
    except ImportError as error:
        raise BackendUnavailableError(
            f"The {backend!r} backend needs sPyNNaker, which is not installed here: "
            "pip install 'pynn-spinnaker-course[spinnaker]' "
            f"(import failed: {error})."
        ) from None


def setup(
    backend: str | None = None,
    *,
    timestep: float = 1.0,
    min_delay: float | None = None,
    max_delay: float = DEFAULT_MAX_DELAY,
    seed: int = DEFAULT_SEED,
    threads: int | None = None,
    time_scale_factor: int | None = None,
    spike_precision: str = "off_grid",
) -> ModuleType:
    """Set up a simulator the same way on every backend and return PyNN.

    Parameters
    ----------
    backend : str, optional
        ``"nest"``, ``"spiNNaker"`` or ``"virtual"``; when omitted the choice is
        made by :func:`choose_backend`.
    timestep : float, default 1.0
        Integration timestep (ms). SpiNNaker runs in real time at 1 ms.
    min_delay : float, optional
        Shortest synaptic delay (ms); defaults to ``timestep``.
    max_delay : float, default 100.0
        Longest synaptic delay (ms). Always passed: NEST misbehaves without it.
    seed : int, default 2026
        Seed for NEST's random generators and for :func:`course.make_rng`.
    threads : int, optional
        NEST threads (ignored on SpiNNaker); by default ``COURSE_NEST_THREADS``
        if set, else 2.
    time_scale_factor : int, optional
        SpiNNaker only: run this many times slower than real time, for networks
        too busy for real time (ignored on NEST).
    spike_precision : {"off_grid", "on_grid"}, default "off_grid"
        NEST only: PyNN's default ``"off_grid"`` gives precise spike times
        (``IF_curr_exp`` becomes NEST's ``iaf_psc_exp_ps``); ``"on_grid"``
        gives the grid-based models most NEST references use
        (``iaf_psc_exp``), with spikes on the timestep grid as on SpiNNaker.

    Returns
    -------
    module
        The PyNN backend module (``pyNN.nest`` or ``pyNN.spiNNaker``), already
        set up, to be used as ``sim``.

    Raises
    ------
    ValueError, TypeError
        For an unknown backend or bad numbers; the message names the parameter.
    BackendUnavailableError
        If the backend's software or machine configuration is missing.
    """
    global _state, _seeds_drawn
    name = choose_backend(backend)
    check_positive_number("timestep", timestep)
    if min_delay is None:
        min_delay = timestep
    check_positive_number("min_delay", min_delay)
    check_positive_number("max_delay", max_delay)
    if min_delay < timestep:
        raise ValueError(
            f"min_delay={min_delay} ms is shorter than timestep={timestep} ms; "
            "it must be at least one timestep"
        )
    if max_delay < min_delay:
        raise ValueError(
            f"max_delay={max_delay} ms is shorter than min_delay={min_delay} ms; "
            "it must be at least min_delay"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    if threads is None:
        threads = _threads_from_environment()
    check_positive_integer("threads", threads)
    if time_scale_factor is not None:
        check_positive_integer("time_scale_factor", time_scale_factor)
    if spike_precision not in ("off_grid", "on_grid"):
        raise ValueError(f"spike_precision={spike_precision!r} is not one of 'off_grid', 'on_grid'")

    if name == "spiNNaker":
        _check_spinnaker_config()
    elif name == "virtual":
        _virtual_root()
    sim = _import_pynn_backend(name)
    options = {"timestep": timestep, "min_delay": min_delay}
    if name != "nest" and time_scale_factor is not None:
        options["time_scale_factor"] = time_scale_factor
    if name == "nest":
        sim.setup(
            **options,
            max_delay=max_delay,
            rng_seed=seed,
            threads=threads,
            spike_precision=spike_precision,
        )
    elif name == "virtual":
        # sPyNNaker ignores max_delay (and warns), so it is not passed there.
        with _virtual_board_environment():
            sim.setup(**options)
    else:
        sim.setup(**options)
    _state = SimulatorState(
        backend=name,
        sim=sim,
        timestep=float(timestep),
        min_delay=float(min_delay),
        max_delay=float(max_delay),
        seed=seed,
    )
    _seeds_drawn = 0
    if os.environ.get(RUN_TIMING_ENV_VAR):
        _time_runs(sim, Path(os.environ[RUN_TIMING_ENV_VAR]))
    return sim


def _threads_from_environment() -> int:
    text = os.environ.get(THREADS_ENV_VAR, "").strip()
    if not text:
        return DEFAULT_THREADS
    try:
        return int(text)
    except ValueError:
        raise ValueError(
            f"environment variable {THREADS_ENV_VAR}={text!r} must be a whole number of threads"
        ) from None


_run_totals = {"simulated_ms": 0.0, "run_seconds": 0.0, "backend": None}


def _time_runs(sim: ModuleType, report: Path) -> None:
    """Wrap ``sim.run`` to add up simulated and wall time; write them at exit.

    Only active when ``COURSE_RUN_TIMING`` names a file (benchmarks); lessons
    and learners never see it.
    """
    import json
    import time

    if getattr(sim.run, "_course_timed", False):
        return
    plain_run = sim.run

    def timed_run(simtime, *args, **kwargs):
        start = time.perf_counter()
        result = plain_run(simtime, *args, **kwargs)
        _run_totals["run_seconds"] += time.perf_counter() - start
        _run_totals["simulated_ms"] += float(simtime)
        return result

    timed_run._course_timed = True
    sim.run = timed_run
    _run_totals["backend"] = current().backend
    atexit.register(lambda: report.write_text(json.dumps(_run_totals), encoding="utf-8"))


def next_seed() -> int:
    """Return the next seed of the lesson's sequence.

    The first call after :func:`setup` returns ``seed + 1``, the next
    ``seed + 2`` and so on, so every generator a lesson creates is different
    and every run of the lesson draws the same numbers.
    """
    global _seeds_drawn
    state = current()
    _seeds_drawn += 1
    return state.seed + _seeds_drawn


def current() -> SimulatorState:
    """Return what the last :func:`setup` chose.

    Raises
    ------
    RuntimeError
        If :func:`setup` has not been called in this process.
    """
    if _state is None:
        raise RuntimeError("no simulator is set up yet: call course.setup() first")
    return _state


def is_nest() -> bool:
    """True when the lesson runs on NEST."""
    return current().backend == "nest"


def is_spinnaker() -> bool:
    """True when the lesson runs on SpiNNaker, real or virtual."""
    return current().backend in ("spiNNaker", "virtual")
