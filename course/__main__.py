"""``python -m course``: what works here, in one screen.

The first thing to run on the SpiNNaker Jupyter hub or a new laptop, and what
to paste into a question: the course's and Python's versions, which backends
can be imported and their versions, which sPyNNaker configuration file is in
use, which backend a lesson would choose by itself, and what to do next.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import platform
import sys
import warnings
from dataclasses import dataclass

import course
from course.backend_choice import BACKEND_ENV_VAR, decide_backend, spynnaker_installed
from course.quiet import quiet_nest
from course.simulator import INSTALL_COMMANDS
from course.spinnaker_config import display_path, find_user_configs, read_spinnaker_config

__all__ = ["BackendStatus", "backend_statuses", "report", "main"]

_LIBRARIES = ("numpy", "PyNN", "neo", "matplotlib")


@dataclass(frozen=True)
class BackendStatus:
    """Whether one simulator's PyNN module imports here.

    Attributes
    ----------
    name : str
        ``"NEST"`` or ``"sPyNNaker"``.
    version : str or None
        Installed version, or None when it is not installed.
    works : bool
        True when its PyNN backend module imports.
    problem : str
        Why not, when it does not work ("" when it does).
    """

    name: str
    version: str | None
    works: bool
    problem: str


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _try_import(module: str) -> str:
    """Import ``module`` quietly; return "" on success, else the error in one line."""
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sink):
            warnings.simplefilter("ignore")
            importlib.import_module(module)
    except Exception as error:  # any failure to import is what the learner needs to see
        return f"{type(error).__name__}: {error}".splitlines()[0]
    return ""


def backend_statuses() -> list[BackendStatus]:
    """Try each simulator's PyNN module here.

    Returns
    -------
    list of BackendStatus
        NEST, then sPyNNaker.
    """
    statuses = []
    quiet_nest()
    for name, distribution, module in (
        ("NEST", "nest-simulator", "pyNN.nest"),
        ("sPyNNaker", "sPyNNaker", "pyNN.spiNNaker"),
    ):
        version = _version(distribution)
        installed = version is not None or (name == "sPyNNaker" and spynnaker_installed())
        if not installed:
            statuses.append(BackendStatus(name, None, False, "not installed"))
            continue
        problem = _try_import(module)
        statuses.append(BackendStatus(name, version, problem == "", problem))
    return statuses


def _config_lines() -> list[str]:
    found = find_user_configs()
    if not found:
        return ["SpiNNaker configuration: none (no ~/.spynnaker.cfg)"]
    lines = []
    for path in found:
        config = read_spinnaker_config(path)
        says = f"names {config.option}" if config.names_a_machine else "names no machine"
        lines.append(f"SpiNNaker configuration: {display_path(path)} ({says})")
    if len(found) > 1:
        lines.append("  sPyNNaker reads exactly one of these: delete all but one.")
    return lines


def _next_steps(nest: BackendStatus, spinnaker: BackendStatus, chosen: str) -> list[str]:
    if chosen in ("spiNNaker", "virtual") and spinnaker.works:
        where = "SpiNNaker" if chosen == "spiNNaker" else "a virtual board (mapping only)"
        steps = [f"Open any lesson notebook and run it: it will run on {where}."]
    elif nest.works:
        steps = ["Run any lesson, e.g. python 01_simulator.py: it will run on NEST."]
    else:
        steps = [
            f"To simulate on this computer: {INSTALL_COMMANDS['nest']}",
            "On the SpiNNaker Jupyter hub, sPyNNaker and ~/.spynnaker.cfg are already there.",
        ]
    if spinnaker.works and chosen == "nest":
        steps.append(
            "To use SpiNNaker, name a machine in ~/.spynnaker.cfg, or check the mapping "
            "with course.setup('virtual')."
        )
    if not spinnaker.works and spinnaker.version is None:
        steps.append(
            f"To check the mapping on a virtual SpiNNaker board: {INSTALL_COMMANDS['virtual']}"
        )
    return steps


def report() -> str:
    """The whole screen ``python -m course`` prints.

    Returns
    -------
    str
        Versions, backends, the sPyNNaker configuration, the backend a lesson
        would choose and why, and the next step.
    """
    libraries = ", ".join(f"{name} {_version(name) or 'missing'}" for name in _LIBRARIES)
    lines = [
        f"pynn-spinnaker-course {course.__version__} on Python {platform.python_version()} "
        f"({platform.system()} {platform.machine()})",
        libraries,
        "",
        "Backends:",
    ]
    nest, spinnaker = backend_statuses()
    for status in (nest, spinnaker):
        version = f" {status.version}" if status.version else ""
        state = "works" if status.works else status.problem
        lines.append(f"  {status.name + version:<20} {state}")
    lines += ["", *_config_lines()]
    try:
        choice = decide_backend()
        lines.append(f"A lesson started here runs on: {choice.backend} ({choice.reason})")
        chosen = choice.backend
    except ValueError as error:
        lines.append(f"A lesson started here stops: {error}")
        chosen = "none"
    lines += ["", "Next:"]
    lines += [f"  {step}" for step in _next_steps(nest, spinnaker, chosen)]
    lines.append(f"  Choose a backend yourself with course.setup('<name>') or {BACKEND_ENV_VAR}.")
    return "\n".join(lines)


def main() -> int:
    """Print :func:`report`; exit status 0."""
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
