"""Set a backend up the portable way and remember what was chosen.

A lesson starts with::

    import course

    sim = course.setup(timestep=1.0)

and then writes real PyNN with ``sim`` (``sim.Population(...)``,
``sim.Projection(...)``, ``sim.run(...)``), so the same script runs on NEST,
on a SpiNNaker machine and on a virtual SpiNNaker board. Which backend runs is
decided by :mod:`course.backend_choice`; the SpiNNaker configuration is read by
:mod:`course.spinnaker_config`; NEST's noise is muted by :mod:`course.quiet`.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType

from course._checks import check_positive_integer, check_positive_number
from course.backend_choice import BackendChoice, decide_backend
from course.backends import BACKENDS
from course.errors import BackendUnavailableError
from course.pynn_compat import (
    answer_local_from_the_process_count,
    answer_special_names_directly,
    collect_only_new_objects_when_writing_data,
    connect_static_synapses_in_one_call,
    read_node_ids_in_one_call,
    read_the_clock_in_one_call,
    repair_one_neuron_connection_maps,
)
from course.quiet import quiet_nest
from course.spinnaker_config import (
    check_spinnaker_config,
    virtual_board_environment,
    virtual_board_root,
)

__all__ = [
    "DEFAULT_MAX_DELAY",
    "DEFAULT_SEED",
    "DEFAULT_THREADS",
    "INSTALL_COMMANDS",
    "THREADS_ENV_VAR",
    "SimulatorState",
    "current",
    "is_nest",
    "is_spinnaker",
    "next_seed",
    "setup",
]

#: Seed used when a lesson does not give one, so that every run gives the same spikes.
DEFAULT_SEED = 2026

#: NEST threads. Fixed rather than "all cores" so that the spikes of a
#: Poisson-driven lesson are the same on every machine (NEST draws random
#: numbers per thread); 2 uses both cores of a laptop or the course's CI.
DEFAULT_THREADS = 2

#: Environment variable that overrides the NEST thread count of every lesson
#: (used by the benchmarks to compare one and two threads).
THREADS_ENV_VAR = "COURSE_NEST_THREADS"

#: Default longest delay (ms). NEST needs one; sPyNNaker ignores it.
DEFAULT_MAX_DELAY = 100.0

#: The pip command that adds each backend's software to the course.
INSTALL_COMMANDS = {
    "nest": "pip install 'pynn-spinnaker-course[nest]'",
    "spiNNaker": "pip install 'pynn-spinnaker-course[spinnaker]'",
    "virtual": "pip install 'pynn-spinnaker-course[spinnaker]'",
}


@dataclass(frozen=True)
class SimulatorState:
    """What :func:`setup` chose, for the helpers that must know the backend.

    Parameters
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


def _import_pynn_backend(choice: BackendChoice) -> ModuleType:
    """Import the PyNN module of the chosen backend, or say in one sentence what to do."""
    backend = choice.backend
    if backend == "nest":
        quiet_nest()
    try:
        sim = importlib.import_module(BACKENDS[backend].pynn_module)
    except ImportError as error:
        if choice.automatic and backend == "nest":
            # Nothing was chosen and nothing is ready: name both ways forward.
            raise BackendUnavailableError(
                f"No backend is ready here ({choice.reason}, and NEST is not installed): "
                f"{INSTALL_COMMANDS['nest']} to simulate on this computer, or name a "
                "SpiNNaker machine in ~/.spynnaker.cfg (import failed: "
                f"{error})."
            ) from None
        software = "NEST" if backend == "nest" else "sPyNNaker"
        raise BackendUnavailableError(
            f"The {backend!r} backend needs {software}, which is not installed here: "
            f"{INSTALL_COMMANDS[backend]} (import failed: {error})."
        ) from None
    if backend == "nest":
        repair_one_neuron_connection_maps()
        answer_special_names_directly()
        read_node_ids_in_one_call()
        answer_local_from_the_process_count()
        connect_static_synapses_in_one_call()
        read_the_clock_in_one_call()
        collect_only_new_objects_when_writing_data()
    return sim


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
        made by :func:`course.choose_backend`, and an automatic choice is
        announced in one printed line that says why.
    timestep : float, default 1.0
        Integration timestep (ms). sPyNNaker 7.4.1 runs 1 ms and 0.1 ms steps in
        real time by default.
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
    choice = decide_backend(backend)
    name = choice.backend
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
        check_spinnaker_config()
    elif name == "virtual":
        virtual_board_root()
    sim = _import_pynn_backend(choice)
    if choice.automatic:
        print(choice.announcement(), flush=True)
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
        with virtual_board_environment():
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


def next_seed() -> int:
    """Return the next seed of the lesson's sequence.

    The first call after :func:`setup` returns ``seed + 1``, the next
    ``seed + 2`` and so on, so every generator a lesson creates is different
    and every run of the lesson draws the same numbers.

    Returns
    -------
    int
        The lesson's seed plus the number of seeds drawn so far, this one included.

    Raises
    ------
    RuntimeError
        If :func:`setup` has not been called in this process.
    """
    global _seeds_drawn
    state = current()
    _seeds_drawn += 1
    return state.seed + _seeds_drawn


def current() -> SimulatorState:
    """Return what the last :func:`setup` chose.

    Returns
    -------
    SimulatorState
        The backend, PyNN module, timestep, delays (ms) and seed of that call.

    Raises
    ------
    RuntimeError
        If :func:`setup` has not been called in this process.
    """
    if _state is None:
        raise RuntimeError("no simulator is set up yet: call course.setup() first")
    return _state


def is_nest() -> bool:
    """Tell whether the lesson runs on NEST.

    Returns
    -------
    bool
        True when the last :func:`setup` chose NEST.

    Raises
    ------
    RuntimeError
        If :func:`setup` has not been called in this process.
    """
    return current().backend == "nest"


def is_spinnaker() -> bool:
    """Tell whether the lesson runs on SpiNNaker, real or virtual.

    Returns
    -------
    bool
        True when the last :func:`setup` chose ``"spiNNaker"`` or ``"virtual"``.

    Raises
    ------
    RuntimeError
        If :func:`setup` has not been called in this process.
    """
    return current().backend in ("spiNNaker", "virtual")
