"""The course holds together: every lesson tested, placed, mapped, with a thumbnail;
every public course function documented and used."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
from pathlib import Path

import pytest

import course
from course.backends import PORTABLE_CELL_TYPES
from course.lessons import SECTIONS, find_lessons
from tests.conftest import spynnaker_installed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LESSONS = find_lessons(EXAMPLES)
VIRTUAL_BOARD_REPORT = ROOT / "build" / "virtual_board.json"
LESSON_NAME = re.compile(r"^\d\d[a-z]?_\w+\.py$")


def _lesson_id(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _test_sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests").rglob("*.py"))


@pytest.mark.parametrize("lesson", LESSONS, ids=_lesson_id)
def test_lesson_sits_in_a_gallery_section_with_a_stable_number(lesson):
    assert lesson.parent.name in SECTIONS.values(), f"{lesson} is not in a gallery section"
    assert lesson.parent.parent == EXAMPLES
    assert LESSON_NAME.match(lesson.name), f"{lesson.name} is not named NN_title.py"
    number = lesson.name.split("_", 1)[0]
    source = lesson.read_text(encoding="utf-8")
    assert f".. _lesson-{number}:" in source, "the docstring needs its reference label"
    assert re.search(rf"^{number}\. \S", source, re.MULTILINE), "the title starts with its number"


def test_lesson_numbers_are_unique():
    numbers = [lesson.name.split("_", 1)[0] for lesson in LESSONS]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("lesson", LESSONS, ids=_lesson_id)
def test_lesson_has_a_test(lesson):
    assert lesson.name in _test_sources(), f"no test names {lesson.name}"


@pytest.mark.parametrize("lesson", LESSONS, ids=_lesson_id)
def test_lesson_states_a_thumbnail(lesson):
    source = lesson.read_text(encoding="utf-8")
    assert re.search(r"^# sphinx_gallery_thumbnail_(number|path) = ", source, re.MULTILINE), (
        f"{lesson.name} should choose its thumbnail (# sphinx_gallery_thumbnail_number = N)"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=_lesson_id)
def test_lesson_is_portable_by_construction(lesson):
    code = [
        line
        for line in lesson.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    source = "\n".join(code)
    assert "course.setup(" in source, "a lesson chooses its backend through course.setup()"
    for backend_import in (
        "import pyNN.nest",
        "import pyNN.spiNNaker",
        "from pyNN.nest",
        "from pyNN.spiNNaker",
    ):
        assert backend_import not in source, f"{lesson.name} imports a backend directly"
    assert "sim.end()" in source


def _newer_than(path: Path) -> list[str]:
    """Lessons and course modules changed after ``path`` was written."""
    written = path.stat().st_mtime
    sources = [*LESSONS, *(ROOT / "course").rglob("*.py")]
    newer = [source for source in sources if source.stat().st_mtime > written]
    return sorted(source.relative_to(ROOT).as_posix() for source in newer)


def test_every_lesson_completed_on_the_virtual_board(run_lesson):
    """`nox -s spinnaker` (run before the tests in CI) maps every lesson onto the
    virtual board and writes a report: it must cover every lesson, each mapped
    without error, litter or a printed warning, and be newer than every lesson and course module.
    Without a report, the first lesson is mapped here, so the board mapping is
    still checked."""
    if not VIRTUAL_BOARD_REPORT.exists():
        if not spynnaker_installed():
            pytest.skip("sPyNNaker is not installed (pip install '.[spinnaker]')")
        run = run_lesson(_lesson_id(LESSONS[0]), "virtual")
        assert run.ok, run.stderr
        assert run.left_behind == []
        return
    report = json.loads(VIRTUAL_BOARD_REPORT.read_text())
    assert report["backend"] == "virtual"
    outcomes = {entry["lesson"]: entry for entry in report["lessons"]}
    missing = [_lesson_id(lesson) for lesson in LESSONS if _lesson_id(lesson) not in outcomes]
    failed = [
        name
        for name, entry in outcomes.items()
        if not entry["ok"] or entry["left_behind"] or entry["warnings"]
    ]
    assert (missing, failed) == ([], [])
    stale = _newer_than(VIRTUAL_BOARD_REPORT)
    assert stale == [], (
        f"the virtual-board report is older than {', '.join(stale)}: run `nox -s spinnaker` again"
    )


def test_property_tests_replay_fixed_examples_in_ci():
    """CI must not go red by chance: with CI=true Hypothesis is derandomized."""
    from hypothesis import settings

    profile = os.environ.get("HYPOTHESIS_PROFILE") or (
        "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "local"
    )
    assert settings.default.derandomize == (profile == "ci")
    assert settings.get_profile("ci").derandomize


def _public_functions():
    for info in pkgutil.walk_packages(course.__path__, "course."):
        module = importlib.import_module(info.name)
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield info.name, name, obj


PUBLIC = sorted(_public_functions(), key=lambda item: (item[0], item[1]))


@pytest.mark.parametrize(
    ("module", "name", "obj"), PUBLIC, ids=lambda v: v if isinstance(v, str) else ""
)
def test_public_function_has_a_docstring(module, name, obj):
    doc = inspect.getdoc(obj) or ""
    assert len(doc) > 20, f"{module}.{name} needs a numpydoc docstring"


def test_every_public_function_is_used_by_a_lesson_or_a_test():
    """Classes are return types and data holders; every public *function* is exercised."""
    corpus = _test_sources() + "\n".join(p.read_text(encoding="utf-8") for p in LESSONS)
    corpus += (ROOT / "noxfile.py").read_text(encoding="utf-8")
    corpus += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "benchmarks").rglob("*.py"))
    unused = [
        f"{module}.{name}"
        for module, name, obj in PUBLIC
        if inspect.isfunction(obj) and not re.search(rf"\b{re.escape(name)}\b", corpus)
    ]
    assert unused == []


def test_no_rainbow_colour_maps():
    """Figures use perceptually uniform colour maps (viridis, cividis, magma, ...)."""
    rainbow = re.compile(r"""["'](jet|rainbow|gist_rainbow|hsv|nipy_spectral|gist_ncar)["']""")
    offenders = []
    for path in [*LESSONS, *(ROOT / "course").rglob("*.py")]:
        code = (line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
        if any(rainbow.search(line) for line in code):
            offenders.append(path.name)
    assert offenders == []


def test_contributing_names_the_portable_cell_types():
    """CONTRIBUTING.md lists exactly the cell types both backends run."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    sentence = re.search(r"the portable cell\s+types are (.*?)\(`course\.backends", text, re.S)
    assert sentence, "CONTRIBUTING.md no longer names the portable cell types"
    named = re.findall(r"`(\w+)`", sentence[1])
    assert sorted(named) == sorted(PORTABLE_CELL_TYPES)


def test_the_benchmark_table_describes_the_current_lessons():
    """benchmarks/results/course.md (``nox -s bench``) has one row per lesson, no more."""
    table = (ROOT / "benchmarks" / "results" / "course.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\d\d[a-z]?_\w+)` \|", table, re.MULTILINE)
    assert sorted(rows) == sorted(lesson.stem for lesson in LESSONS), (
        "benchmarks/results/course.md describes other lessons than examples/ holds: "
        "run `nox -s bench`"
    )
