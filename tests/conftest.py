"""Shared fixtures: a NEST simulator per test, and a lesson runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# Tests run on NEST unless a test asks for another backend explicitly.
os.environ["COURSE_SIMULATOR"] = "nest"
os.environ.setdefault("MPLBACKEND", "agg")


def spynnaker_installed() -> bool:
    """True when sPyNNaker can be imported (the virtual-board tests need it)."""
    try:
        import spynnaker  # noqa: F401
    except ImportError:
        return False
    return True


needs_spynnaker = pytest.mark.skipif(
    not spynnaker_installed(), reason="sPyNNaker is not installed (pip install '.[spinnaker]')"
)


@pytest.fixture
def sim():
    """A freshly set-up NEST simulator (timestep 1 ms), ended after the test."""
    import course

    simulator = course.setup("nest", timestep=1.0)
    yield simulator
    simulator.end()


@pytest.fixture
def run_lesson():
    """Run a lesson script (path relative to examples/) in a fresh process and empty folder."""
    from course.lessons import run_lesson as run

    def runner(relative_path: str, backend: str = "nest"):
        return run(EXAMPLES / relative_path, backend)

    return runner
