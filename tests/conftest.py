"""Shared fixtures: a NEST simulator per test, and a lesson runner.

Each lesson runs once per test process, however many tests read its outcome:
``run_lesson`` keeps every run (keyed by the lesson's path, text and backend)
and hands each test its own copy of the run's name table. With pytest-xdist
(``--dist loadgroup``, set in pyproject.toml), the tests that name the same
lesson are sent to the same worker (``pytest_collection_modifyitems`` below),
so a lesson runs once per suite, not once per worker.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import runpy
import sys
import time
import traceback
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# Tests run on NEST unless a test asks for another backend explicitly.
os.environ["COURSE_SIMULATOR"] = "nest"
os.environ.setdefault("MPLBACKEND", "agg")

# Property tests: CI (CI=true) replays the same examples every run, so a green
# CI cannot turn red by chance; locally each run draws fresh examples, so new
# counterexamples keep turning up. HYPOTHESIS_PROFILE chooses explicitly.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("local", print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "local")
)


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
#: Folder whose sitecustomize.py writes a fresh-process lesson's spike digest.
DIGEST_HOOK = Path(__file__).resolve().parent / "spike_digest_hook"


def _run_in_process(lesson: Path, folder: Path, monkeypatch, capfd):
    """Execute a lesson the way sphinx-gallery does: in this process, as __main__.

    Warnings are errors here (pytest's filterwarnings), as in the docs build;
    capfd sees everything written to stdout and stderr, by Python or by NEST.
    """
    import matplotlib.pyplot as plt

    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys, "argv", [str(lesson)])
    capfd.readouterr()
    start = time.perf_counter()
    returncode = 0
    namespace: dict = {}
    try:
        namespace = runpy.run_path(str(lesson), run_name="__main__")
    except BaseException:  # a failing lesson is reported like a failing process
        returncode = 1
        sys.stderr.write(traceback.format_exc())
    finally:
        plt.close("all")
    seconds = time.perf_counter() - start
    out, err = capfd.readouterr()
    left_behind = sorted(os.listdir(folder))
    from course.lessons import LessonRun

    return LessonRun(lesson, "nest", returncode, seconds, out, err, left_behind, namespace)


#: Every lesson run of this test process: (path, text digest, backend, fresh) -> LessonRun.
_LESSON_RUNS: dict = {}
#: Every try-it variant run of this process: (path, text digest, replacements) -> namespace.
_VARIANT_RUNS: dict = {}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy(run):
    """A run a test may change (its name table and file list) without touching the kept one."""
    return dataclasses.replace(
        run, namespace=dict(run.namespace), left_behind=list(run.left_behind)
    )


def _lesson_files() -> dict[str, str]:
    """File name -> stem of every lesson in ``examples/``."""
    return {path.name: path.stem for path in EXAMPLES.rglob("[0-9]*.py")}


def _strings_of(code, module_globals: dict, seen: set) -> set[str]:
    """Text constants a test's code holds, and the module-level texts it names."""
    if id(code) in seen:
        return set()
    seen.add(id(code))
    found = set()
    for constant in code.co_consts:
        if isinstance(constant, str):
            found.add(constant)
        elif hasattr(constant, "co_consts"):
            found |= _strings_of(constant, module_globals, seen)
    for name in code.co_names:
        value = module_globals.get(name)
        if isinstance(value, str):
            found.add(value)
        elif callable(value) and getattr(value, "__module__", None) == module_globals.get(
            "__name__"
        ):
            inner = getattr(value, "__code__", None)
            if inner is not None:  # a helper of the same test module
                found |= _strings_of(inner, module_globals, seen)
    return found


def lessons_named_by(item, lesson_files: dict[str, str]) -> set[str]:
    """The lessons (stems) a test names in its code: their file name in a text."""
    function = getattr(item, "function", None)
    code = getattr(function, "__code__", None)
    if code is None:
        return set()
    texts = _strings_of(code, function.__globals__, set())
    pattern = re.compile(r"\d\d[a-z]?_\w+\.py")
    return {
        lesson_files[name]
        for text in texts
        for name in pattern.findall(text)
        if name in lesson_files
    }


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Send the tests that name the same lesson to one xdist worker (``xdist_group``).

    Tests that name several lessons join their groups (at most a few lessons:
    a test over every lesson stays free). A test naming no lesson is spread
    freely. Without xdist the marks do nothing.
    """
    lesson_files = _lesson_files()
    parent: dict[str, str] = {}

    def root(stem: str) -> str:
        while parent.setdefault(stem, stem) != stem:
            stem = parent[stem]
        return stem

    named = {}
    for item in items:
        stems = lessons_named_by(item, lesson_files)
        if 0 < len(stems) <= 3:
            named[item] = sorted(stems)
            first, *others = named[item]
            for other in others:
                parent[root(other)] = root(first)
    for item, stems in named.items():
        item.add_marker(pytest.mark.xdist_group(f"lesson-{root(stems[0])}"))


@pytest.fixture
def run_lesson(tmp_path, monkeypatch, capfd):
    """Run a lesson script (path relative to examples/) in an empty folder.

    On NEST it runs in this process, as the docs build runs it (imports are
    paid once per test process); ``fresh_process=True``, and every other
    backend, run it in a new Python process, as a learner would. A NEST run
    also checks reproducibility: when the docs build executed the same
    version of the lesson, both runs must give identical spike counts in every
    recording the lesson keeps (docs/_spike_digest.py).
    """
    from course.lessons import run_lesson as run_in_subprocess
    from docs._spike_digest import spike_digest

    def runner(relative_path, backend: str = "nest", fresh_process: bool = False):
        lesson = EXAMPLES / relative_path
        key = (str(lesson), _digest(lesson), backend, fresh_process)
        if key not in _LESSON_RUNS:
            _LESSON_RUNS[key] = run_once(lesson, backend, fresh_process)
        return _copy(_LESSON_RUNS[key])

    def run_once(lesson: Path, backend: str, fresh_process: bool):
        folder = tmp_path / "work"
        folder.mkdir(exist_ok=True)
        if backend != "nest":
            return run_in_subprocess(lesson, backend)
        if fresh_process:
            # The hook writes the digest of the lesson's names when its process ends.
            digest_file = tmp_path / "spike_digest.jsonl"
            folders = [str(DIGEST_HOOK), str(ROOT / "docs"), os.environ.get("PYTHONPATH", "")]
            path = os.pathsep.join(folders)
            env = {"PYTHONPATH": path, "COURSE_TEST_SPIKE_DIGEST": str(digest_file)}
            result = run_in_subprocess(lesson, backend, extra_env=env)
            digest = digest_file.read_text(encoding="utf-8") if digest_file.exists() else None
        else:
            result = _run_in_process(lesson, folder, monkeypatch, capfd)
            digest = spike_digest(result.namespace)
        built = DOCS_SPIKE_DIGESTS / f"{lesson.stem}.jsonl"
        if result.ok and built.exists() and built.stat().st_mtime > lesson.stat().st_mtime:
            assert digest == built.read_text(encoding="utf-8"), (
                f"{lesson.name} gave other spike counts than in the docs build: "
                "an unseeded random generator?"
            )
        return result

    return runner


def run_variant(lesson: str, tmp_path, monkeypatch, replacements: dict[str, str]) -> dict:
    """Run a lesson on NEST with each ``old`` text replaced by ``new``; return its namespace.

    This is what a learner does for a "Try it yourself": edit the lesson and run
    it again. Every ``old`` must occur in the lesson exactly once, so a reworded
    lesson fails here instead of silently running unchanged.

    Parameters
    ----------
    lesson : str
        Path below ``examples/``, e.g. ``"01_building/05_synapses.py"``.
    tmp_path, monkeypatch
        The test's pytest fixtures: the variant is written to and run in ``tmp_path``.
    replacements : dict of str to str
        Text to replace, and its replacement.

    Returns
    -------
    dict
        The variant's global names after its run (a variant runs once per test
        process: a second test asking for the same replacements gets a copy of
        the first run's names).
    """
    path = EXAMPLES / lesson
    key = (str(path), _digest(path), tuple(replacements.items()))
    if key not in _VARIANT_RUNS:
        _VARIANT_RUNS[key] = _run_variant_once(path, tmp_path, monkeypatch, replacements)
    return dict(_VARIANT_RUNS[key])


def _run_variant_once(path: Path, tmp_path, monkeypatch, replacements: dict[str, str]) -> dict:
    import matplotlib.pyplot as plt

    source = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert source.count(old) == 1, f"{old!r} occurs {source.count(old)} times in {path.name}"
        source = source.replace(old, new)
    variant = tmp_path / f"variant_{path.name}"
    variant.write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        return runpy.run_path(str(variant), run_name="__main__")
    finally:
        plt.close("all")
        variant.unlink()
