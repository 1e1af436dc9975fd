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


DOCS_SPIKE_DIGESTS = ROOT / "build" / "spike_digests" / "docs"


@pytest.fixture
def run_lesson(tmp_path):
    """Run a lesson script (path relative to examples/) in a fresh process and empty folder.

    On NEST it also checks reproducibility: when the docs build executed the
    same version of the lesson, both runs must give identical spike counts in
    every ``course.collect`` call.
    """
    from course.lessons import run_lesson as run
    from course.results import SPIKE_DIGEST_ENV_VAR

    def runner(relative_path: str, backend: str = "nest"):
        lesson = EXAMPLES / relative_path
        digests = tmp_path / "spike_digests"
        result = run(lesson, backend, extra_env={SPIKE_DIGEST_ENV_VAR: str(digests)})
        built = DOCS_SPIKE_DIGESTS / f"{lesson.stem}.jsonl"
        mine = digests / f"{lesson.stem}.jsonl"
        if (
            result.ok
            and backend == "nest"
            and built.exists()
            and built.stat().st_mtime > lesson.stat().st_mtime
        ):
            assert mine.read_text() == built.read_text(), (
                f"{lesson.name} gave other spike counts than in the docs build: "
                "an unseeded random generator?"
            )
        return result

    return runner
