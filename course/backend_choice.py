"""Decide which backend a lesson runs on, and say why when nobody chose.

The first of these that is given wins:

1. the ``backend`` argument of :func:`course.setup`;
2. the environment variable ``COURSE_SIMULATOR``;
3. the first command-line argument, the way PyNN's own examples read it
   (``python lesson.py spiNNaker``);
4. otherwise the automatic choice: SpiNNaker when sPyNNaker is installed and
   the user's sPyNNaker configuration names a machine (as on the SpiNNaker
   Jupyter hub), a virtual board when that configuration asks for one, and
   NEST everywhere else.

Only the automatic choice is announced (one line, by :func:`course.setup`):
an explicit choice is the learner's own, and the docs build and the tests make
one, so their pages and output stay clean.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

from course._checks import check_text
from course.backends import resolve_backend_name
from course.spinnaker_config import display_path, find_user_configs, read_spinnaker_config

__all__ = [
    "BACKEND_ENV_VAR",
    "BackendChoice",
    "automatic_choice",
    "choose_backend",
    "decide_backend",
    "spynnaker_installed",
]

#: Environment variable that names the backend (``nest``, ``spiNNaker``, ``virtual``).
BACKEND_ENV_VAR = "COURSE_SIMULATOR"

_LABELS = {
    "nest": "NEST",
    "spiNNaker": "SpiNNaker",
    "virtual": "a virtual SpiNNaker board (mapped, not run: recordings are empty)",
}


@dataclass(frozen=True)
class BackendChoice:
    """Which backend runs, and why.

    Parameters
    ----------
    backend : str
        Canonical backend name (``"nest"``, ``"spiNNaker"`` or ``"virtual"``).
    reason : str
        Why, as a clause a learner can act on.
    automatic : bool
        True when nobody named a backend and the course chose.
    """

    backend: str
    reason: str
    automatic: bool

    def announcement(self) -> str:
        """Say in one line which backend runs and why, for the learner's screen.

        Returns
        -------
        str
            The backend, the reason, and how to choose another one.
        """
        return (
            f"course: running on {_LABELS[self.backend]} because {self.reason}; to choose, "
            f"pass 'nest', 'spiNNaker' or 'virtual' to course.setup() or set {BACKEND_ENV_VAR}."
        )


def spynnaker_installed() -> bool:
    """Tell whether sPyNNaker can be imported here, without importing it.

    Returns
    -------
    bool
        True when Python finds the ``spynnaker`` package.
    """
    return importlib.util.find_spec("spynnaker") is not None


def automatic_choice() -> BackendChoice:
    """Choose a backend from what this computer has.

    Returns
    -------
    BackendChoice
        SpiNNaker when sPyNNaker is installed and exactly one user
        configuration names a machine; a virtual board when it sets
        ``virtual_board = True``; otherwise NEST. With more than one user
        configuration SpiNNaker is chosen, so that :func:`course.setup` stops
        with sPyNNaker's rule (exactly one) rather than running elsewhere.
    """
    if not spynnaker_installed():
        return BackendChoice("nest", "sPyNNaker is not installed", automatic=True)
    found = find_user_configs()
    if not found:
        return BackendChoice(
            "nest", "sPyNNaker is installed but no ~/.spynnaker.cfg names a machine", True
        )
    if len(found) > 1:
        names = " and ".join(display_path(path) for path in found)
        return BackendChoice("spiNNaker", f"sPyNNaker configurations exist ({names})", True)
    config = read_spinnaker_config(found[0])
    where = display_path(config.path)
    if not config.names_a_machine:
        return BackendChoice("nest", f"{where} names no SpiNNaker machine", True)
    if config.is_virtual_board:
        return BackendChoice("virtual", f"{where} sets virtual_board = True", True)
    return BackendChoice("spiNNaker", f"{where} names a machine ({config.option})", True)


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


def _check_argv(argv) -> None:
    """Raise TypeError unless ``argv`` is a list or tuple of strings, like :data:`sys.argv`."""
    if not isinstance(argv, (list, tuple)):
        raise TypeError(
            "argv must be a list of command-line words (str), like sys.argv, got "
            f"{argv!r} ({type(argv).__name__})"
        )
    for index, word in enumerate(argv):
        check_text(f"argv[{index}]", word)


def decide_backend(backend: str | None = None, argv: list[str] | None = None) -> BackendChoice:
    """Decide which backend a lesson runs on, and why.

    Parameters
    ----------
    backend : str, optional
        An explicit choice; wins over everything else.
    argv : list of str, optional
        Command line to read; defaults to :data:`sys.argv`.

    Returns
    -------
    BackendChoice
        The canonical backend name, the reason, and whether the course chose
        it automatically.

    Raises
    ------
    ValueError
        If the argument, the environment variable ``COURSE_SIMULATOR`` or the
        command line names an unknown backend.
    TypeError
        If ``backend`` is not a string or ``argv`` is not a list of strings.
    """
    if argv is not None:
        _check_argv(argv)
    if backend is not None:
        return BackendChoice(resolve_backend_name(backend), "course.setup() named it", False)
    from_env = os.environ.get(BACKEND_ENV_VAR, "").strip()
    if from_env:
        try:
            name = resolve_backend_name(from_env)
        except ValueError as error:
            raise ValueError(f"environment variable {BACKEND_ENV_VAR}: {error}") from None
        return BackendChoice(name, f"{BACKEND_ENV_VAR}={from_env}", False)
    from_argv = _backend_from_argv(sys.argv if argv is None else argv)
    if from_argv:
        return BackendChoice(from_argv, "the command line named it", False)
    return automatic_choice()


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
    TypeError
        If ``backend`` is not a string or ``argv`` is not a list of strings.
    """
    return decide_backend(backend, argv).backend
