"""sPyNNaker's user configuration: where it is, which machine it names, a virtual board.

sPyNNaker reads exactly one user configuration file, ``.spynnaker.cfg``, from
``$XDG_CONFIG_DIRS`` (``/etc/xdg``), ``$XDG_CONFIG_HOME`` (``~/.config``) or
the home folder; two are an error and none makes it write a template into the
home folder and stop. On the SpiNNaker Jupyter hub ``~/.spynnaker.cfg``
already names the machine. This module reads those files the same way, so the
course can choose SpiNNaker automatically, report which file is in use, and
explain in one sentence what is missing before sPyNNaker is even imported.
"""

from __future__ import annotations

import atexit
import configparser
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from course._checks import check_path
from course.errors import BackendUnavailableError

__all__ = [
    "CONFIG_NAME",
    "MACHINE_OPTIONS",
    "SpiNNakerConfig",
    "check_spinnaker_config",
    "display_path",
    "find_user_configs",
    "read_spinnaker_config",
    "virtual_board_environment",
    "virtual_board_root",
    "write_virtual_board_config",
]

#: File name sPyNNaker looks for in each configuration folder.
CONFIG_NAME = ".spynnaker.cfg"

#: ``[Machine]`` options that name a machine; exactly one may be set.
MACHINE_OPTIONS = ("machineName", "spalloc_server", "remote_spinnaker_url", "virtual_board")

_UNSET = ("", "None", "False")


@dataclass(frozen=True)
class SpiNNakerConfig:
    """What a sPyNNaker user configuration file says about the machine.

    Parameters
    ----------
    path : pathlib.Path
        The configuration file.
    option : str or None
        The ``[Machine]`` option that names the machine (one of
        :data:`MACHINE_OPTIONS`), or None when none is set.
    value : str or None
        Its value, e.g. a spalloc server's address or ``"True"``.
    """

    path: Path
    option: str | None
    value: str | None

    @property
    def names_a_machine(self) -> bool:
        """True when the file names a real machine or a virtual board."""
        return self.option is not None

    @property
    def is_virtual_board(self) -> bool:
        """True when the machine is a virtual board (mapped, never run)."""
        return self.option == "virtual_board"


def find_user_configs() -> list[Path]:
    """The user configuration files sPyNNaker would read, in its own order.

    Returns
    -------
    list of pathlib.Path
        Existing files among ``$XDG_CONFIG_DIRS/.spynnaker.cfg`` (first folder,
        default ``/etc/xdg``), ``$XDG_CONFIG_HOME/.spynnaker.cfg`` (default
        ``~/.config``) and ``~/.spynnaker.cfg``. sPyNNaker accepts exactly one.
    """
    xdg_dirs = os.environ.get("XDG_CONFIG_DIRS", "/etc/xdg").split(os.pathsep)[0]
    xdg_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates = [
        Path(xdg_dirs) / CONFIG_NAME,
        Path(xdg_home) / CONFIG_NAME,
        Path.home() / CONFIG_NAME,
    ]
    return [path for path in candidates if path.is_file()]


def read_spinnaker_config(path: str | os.PathLike) -> SpiNNakerConfig:
    """Read which machine a sPyNNaker configuration file names.

    Parameters
    ----------
    path : path-like
        A ``.spynnaker.cfg`` file.

    Returns
    -------
    SpiNNakerConfig
        The first of :data:`MACHINE_OPTIONS` that is set to something other
        than ``None``/``False``/empty, or no option (also when the file
        does not exist, as sPyNNaker reads it).

    Raises
    ------
    TypeError
        If ``path`` is not a str or path-like.
    """
    path = check_path("path", path)
    config = configparser.ConfigParser(interpolation=None)
    config.optionxform = str  # sPyNNaker's option names are camelCase
    config.read(path, encoding="utf-8")
    machine = config["Machine"] if config.has_section("Machine") else {}
    for option in MACHINE_OPTIONS:
        value = machine.get(option, "None").strip()
        if value not in _UNSET:
            return SpiNNakerConfig(Path(path), option, value)
    return SpiNNakerConfig(Path(path), None, None)


def display_path(path: str | os.PathLike) -> str:
    """Write a path as a learner would type it: ``~/.spynnaker.cfg``, not the full home path.

    Parameters
    ----------
    path : path-like
        Any path.

    Returns
    -------
    str
        ``path`` relative to the home folder with a leading ``~/`` when it lies
        inside it, otherwise ``path`` unchanged.

    Raises
    ------
    TypeError
        If ``path`` is not a str or path-like.
    """
    path = check_path("path", path)
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def check_spinnaker_config() -> SpiNNakerConfig:
    """Fail early, in one sentence, unless exactly one user configuration names a machine.

    Returns
    -------
    SpiNNakerConfig
        The configuration sPyNNaker will read.

    Raises
    ------
    BackendUnavailableError
        When there is no configuration, more than one, or one naming no machine.
    """
    found = find_user_configs()
    if not found:
        raise BackendUnavailableError(
            "No SpiNNaker machine is configured: create ~/.spynnaker.cfg with a "
            "[Machine] section naming your board (machineName or spalloc_server) "
            "as on the SpiNNaker Jupyter hub, or run with backend 'virtual' to "
            "check the mapping without hardware."
        )
    if len(found) > 1:
        names = " and ".join(display_path(path) for path in found)
        raise BackendUnavailableError(
            f"sPyNNaker reads exactly one user configuration but found {names}; delete all but one."
        )
    config = read_spinnaker_config(found[0])
    if not config.names_a_machine:
        raise BackendUnavailableError(
            f"{display_path(found[0])} names no SpiNNaker machine: set machineName or "
            "spalloc_server in its [Machine] section, or run with backend "
            "'virtual' to check the mapping without hardware."
        )
    return config


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

    Raises
    ------
    TypeError
        If ``folder`` is not a str or path-like.
    """
    folder = check_path("folder", folder)
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
    path = folder / CONFIG_NAME
    with path.open("w", encoding="utf-8") as handle:
        config.write(handle)
    return path


_virtual_folder: tempfile.TemporaryDirectory | None = None


def virtual_board_root() -> Path:
    """The process's private folder for the virtual board's configuration and reports.

    Created once, before sPyNNaker is imported, so that its removal at exit is
    registered first and therefore runs last, after sPyNNaker's own exit
    handlers have finished writing their reports.

    Returns
    -------
    pathlib.Path
        The same temporary folder on every call in this process.
    """
    global _virtual_folder
    if _virtual_folder is None:
        _virtual_folder = tempfile.TemporaryDirectory(prefix="course-virtual-spinnaker-")
        atexit.register(_virtual_folder.cleanup)
    return Path(_virtual_folder.name)


@contextmanager
def virtual_board_environment():
    """Point sPyNNaker at a private virtual-board configuration while the block runs.

    For the duration of the block ``$XDG_CONFIG_DIRS``, ``$XDG_CONFIG_HOME``
    and ``$HOME`` point into a temporary folder that holds only the
    virtual-board configuration, so a learner's own ``~/.spynnaker.cfg`` (for
    a real board) is neither read nor changed.

    Yields
    ------
    None
        Control to the block; the three variables are restored when it ends,
        also when it raises.
    """
    root = virtual_board_root()
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
