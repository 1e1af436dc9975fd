"""Shared fixtures: a NEST simulator per test, and a lesson runner.

Each lesson runs once per test process, however many tests read its outcome:
``run_lesson`` keeps every run (keyed by the lesson's path, text and backend)
and hands each test its own copy of the run's name table. With pytest-xdist
(``--dist loadgroup``, set in pyproject.toml), the tests that name the same
lesson, or use the same module-scoped fixture, are sent to the same worker
(``pytest_collection_modifyitems`` below), so a lesson or a module's shared
set-up runs once per suite, not once per worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import inspect
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


@contextlib.contextmanager
def oldest_generation_walks():
    """The number of objects each full garbage collection inside the block walks.

    Yields a list that gets one entry per collection of the oldest generation
    (nixio's ``gc.collect()`` on closing a file is one).
    """
    walked = []

    def count_oldest(phase, info):
        if phase == "start" and info["generation"] == 2:
            walked.append(len(gc.get_objects(generation=2)))

    gc.callbacks.append(count_oldest)
    try:
        yield walked
    finally:
        gc.callbacks.remove(count_oldest)


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


def _run_in_process(lesson: Path, folder: Path, monkeypatch, capfd, backend: str = "nest"):
    """Execute a lesson the way sphinx-gallery does: in this process, as __main__.

    ``backend`` reaches the lesson's ``course.setup()`` through
    ``COURSE_SIMULATOR``, as in ``course.lessons.run_lesson``. Warnings are
    errors here (pytest's filterwarnings), as in the docs build; capfd sees
    everything written to stdout and stderr, by Python, NEST or sPyNNaker.
    """
    import matplotlib.pyplot as plt

    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys, "argv", [str(lesson)])
    monkeypatch.setenv("COURSE_SIMULATOR", backend)
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
        if backend == "virtual":
            _end_spynnakers_process()
    seconds = time.perf_counter() - start
    out, err = capfd.readouterr()
    left_behind = sorted(os.listdir(folder))
    from course.lessons import LessonRun

    return LessonRun(lesson, backend, returncode, seconds, out, err, left_behind, namespace)


def _end_spynnakers_process():
    """Print what sPyNNaker prints when a learner's Python ends, then forget it.

    At exit, spinn_utilities repeats the run's log warnings ("!WARNING: 2 log
    messages were generated ...", from the last run's log store). A run in
    this process prints that into its own output, as its process would, and
    the test process does not print it again when it ends.
    """
    from spinn_utilities.log import FormatAdapter

    FormatAdapter.atexit_handler()
    FormatAdapter.set_log_store(None)


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
    seen: set = set()
    texts = _strings_of(code, function.__globals__, seen)
    # ... and in the fixtures of its own module it uses (one that reads a lesson's run).
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        for definition in definitions:
            fixture = inspect.unwrap(definition.func)
            if getattr(fixture, "__module__", None) == function.__module__:
                texts |= _strings_of(fixture.__code__, function.__globals__, seen)
    pattern = re.compile(r"\d\d[a-z]?_\w+\.py")
    return {
        lesson_files[name]
        for text in texts
        for name in pattern.findall(text)
        if name in lesson_files
    }


#: Session fixtures of this file that start a process: the tests using one share a worker.
_SHARED_SESSION_FIXTURES = {"explicit_nest_process"}


def _shared_fixtures(item) -> set[str]:
    """The module-, class- or shared session-scoped fixtures a test uses (run once per
    worker that needs them)."""
    info = getattr(item, "_fixtureinfo", None)
    keys = set()
    for name, definitions in info.name2fixturedefs.items() if info else ():
        for definition in definitions:
            if definition.scope in ("module", "class"):
                keys.add(f"fixture-{item.path.stem}-{name}")
            elif definition.scope == "session" and name in _SHARED_SESSION_FIXTURES:
                keys.add(f"fixture-{name}")
    return keys


def _suffix_group(config, item, group: str) -> None:
    """Give an xdist worker's test the ``@group`` suffix that ``--dist loadgroup`` reads.

    pytest-xdist (3.8) adds it by assigning ``item._nodeid``; from pytest 9.2 a
    node's id lives in ``item._id`` and that assignment changes nothing, so
    every group was silently spread over both workers (a lesson ran once per
    worker, a module's shared set-up too). Where that happens, set it here.
    """
    if not getattr(config.option, "loadgroup", False) or hasattr(item, "_nodeid"):
        return  # not an xdist worker, or one whose xdist adds the suffix itself
    from _pytest.nodeid import NodeId

    item._id = NodeId.parse(f"{item.nodeid}@{group}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Send the tests that share an expensive run to one xdist worker (``xdist_group``).

    Tests that name the same lesson share its run (``run_lesson``); tests that
    use the same module- or class-scoped fixture share its set-up. A test that
    names several lessons (at most a few: a test over every lesson stays
    free) or fixtures joins their groups. Other tests are spread freely.
    Without xdist the marks do nothing.
    """
    lesson_files = _lesson_files()
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    grouped = {}
    for item in items:
        stems = lessons_named_by(item, lesson_files)
        keys = {f"lesson-{stem}" for stem in stems} if len(stems) <= 3 else set()
        keys |= _shared_fixtures(item)
        if keys:
            grouped[item] = sorted(keys)
            first, *others = grouped[item]
            for other in others:
                parent[root(other)] = root(first)
    for item, keys in grouped.items():
        group = root(keys[0])
        item.add_marker(pytest.mark.xdist_group(group))
        _suffix_group(config, item, group)
    if config.getoption("changed"):
        select_changed(config, items)


#: Values of the module-scoped fixtures marked ``once_per_process``: (module, name) -> value.
_FIXTURE_VALUES: dict = {}


def once_per_process(function):
    """Keep a module-scoped fixture's value for the whole test process.

    Under xdist a worker may receive a module's tests in several batches, with
    other modules' tests between them; pytest then tears the module's fixtures
    down and sets them up again, repeating their simulations (measured: model
    A and model B twice each). Only for fixtures that return a value the tests
    only read, with no teardown: the value is what a module-scoped fixture
    gives every test of the module anyway.
    """
    key = (function.__module__, function.__qualname__)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if key not in _FIXTURE_VALUES:
            _FIXTURE_VALUES[key] = function(*args, **kwargs)
        return _FIXTURE_VALUES[key]

    return wrapper


#: What the fresh process of ``explicit_nest_process`` runs: set up, build, record, run, read.
EXPLICIT_NEST_CODE = (
    "import course\n"
    "sim = course.setup()\n"
    "p = sim.Population(3, sim.IF_cond_exp())\n"
    "p.record(['spikes', 'v'])\n"
    "p.initialize(v=-60.0)\n"
    "sim.run(5.0)\n"
    "p.get_data()\n"
    "sim.end()\n"
)


@pytest.fixture(scope="session")
def explicit_nest_process(tmp_path_factory):
    """One fresh Python that chooses NEST explicitly (``COURSE_SIMULATOR=nest``) in an
    empty home (no SpiNNaker configuration) and runs ``EXPLICIT_NEST_CODE``.

    Its output is read by two tests: NEST's set-up and run print nothing
    (test_simulator), and an explicit choice prints no "running on" line
    (test_backend_choice); one process instead of two.
    """
    import subprocess

    home = tmp_path_factory.mktemp("explicit_home")
    env = {key: value for key, value in os.environ.items() if key != "COURSE_SIMULATOR"}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CONFIG_DIRS=str(home / "system"),
        COURSE_SIMULATOR="nest",
    )
    return subprocess.run(
        [sys.executable, "-c", EXPLICIT_NEST_CODE],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def run_lesson(tmp_path, monkeypatch, capfd):
    """Run a lesson script (path relative to examples/) in an empty folder.

    On NEST and on the virtual board it runs in this process, as the docs
    build runs it (imports are paid once per test process: sPyNNaker's take
    2 s); ``fresh_process=True``, and a real board, run it in a new Python
    process, as a learner would (`nox -s spinnaker` and the hub stage run
    every lesson so on the virtual board). A NEST run
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
        if backend == "virtual" and not fresh_process:
            # Nothing runs on a virtual board, so there are no spikes to compare.
            return _run_in_process(lesson, folder, monkeypatch, capfd, backend)
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


@pytest.fixture
def run_on_virtual_board(tmp_path, monkeypatch, capfd):
    """Run a script on the virtual board in this process; return its ``LessonRun``.

    The runner takes the script's path and, optionally, the folder to run it
    in (by default an empty one). What it prints, what it leaves behind and
    its names are read as for a lesson (``run_lesson``).
    """

    def runner(script: Path, cwd: Path | None = None):
        folder = cwd if cwd is not None else tmp_path / "virtual_work"
        folder.mkdir(exist_ok=True)
        return _run_in_process(script, folder, monkeypatch, capfd, "virtual")

    return runner


def run_variant(
    lesson: str,
    tmp_path,
    monkeypatch,
    replacements: dict[str, str],
    stop_before: str | None = None,
) -> dict:
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
    stop_before : str, optional
        Text of the first cell (``# %%``) the answer does not need: the variant
        runs the cells before it only. It must occur in the lesson exactly once.

    Returns
    -------
    dict
        The variant's global names after its run (a variant runs once per test
        process: a second test asking for the same replacements gets a copy of
        the first run's names).
    """
    path = EXAMPLES / lesson
    key = (str(path), _digest(path), tuple(replacements.items()), stop_before)
    if key not in _VARIANT_RUNS:
        _VARIANT_RUNS[key] = _run_variant_once(
            path, tmp_path, monkeypatch, replacements, stop_before
        )
    return dict(_VARIANT_RUNS[key])


def _cells_before(source: str, text: str, name: str) -> str:
    """The lesson's cells (``# %%``) before the one that holds ``text``."""
    assert source.count(text) == 1, f"{text!r} occurs {source.count(text)} times in {name}"
    cut = source.rfind("\n# %%", 0, source.index(text))
    assert cut > 0, f"{text!r} is in the first cell of {name}"
    return source[: cut + 1]


def _run_variant_once(path: Path, tmp_path, monkeypatch, replacements, stop_before) -> dict:
    import matplotlib.pyplot as plt

    source = path.read_text(encoding="utf-8")
    if stop_before is not None:
        source = _cells_before(source, stop_before, path.name)
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


# --- the inner loop: `pytest --changed` (nox -s quick) ---------------------------------
COURSE = ROOT / "course"
_COURSE_REFERENCE = re.compile(r"\bcourse((?:\.\w+)*)(?:\s+import\s+([\w\s,()]+))?")


def pytest_addoption(parser):
    parser.addoption(
        "--changed",
        action="store",
        default=None,
        metavar="PATHS",
        help="run only the tests that a change touches: 'git' (files changed against main, "
        "committed or not) or comma-separated paths (lessons, course/ modules, test files)",
    )


def _module_of(path: Path) -> str:
    """``course/a/b.py`` -> ``course.a.b``; a package's ``__init__.py`` -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _course_modules_named(text: str) -> set[str]:
    """The course modules a piece of code names: ``course.a.b`` or ``from course.a import b``."""
    found = set()
    for match in _COURSE_REFERENCE.finditer(text):
        dotted = "course" + match[1]
        names = re.findall(r"\w+", match[2] or "")
        candidates = [dotted, *(f"{dotted}.{name}" for name in names)]
        for candidate in candidates:
            # the longest prefix that is a module of the course
            parts = candidate.split(".")
            for end in range(len(parts), 0, -1):
                relative = Path(*parts[:end])
                if (ROOT / relative).with_suffix(".py").exists() or (ROOT / relative).is_dir():
                    found.add(".".join(parts[:end]))
                    break
    return found


@functools.cache
def _course_imports() -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Module -> the course modules it imports (absolute or relative), and its packages;
    and package -> {name: the module of the package that defines it}, from the
    package's ``from .module import name`` lines (its re-exports)."""
    import ast

    needs, reexports = {}, {}
    for path in COURSE.rglob("*.py"):
        module = _module_of(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, *([base] if base else [])])
                imported |= {base, *(f"{base}.{alias.name}" for alias in node.names)}
                if path.name == "__init__.py" and base.startswith(module + "."):
                    for alias in node.names:
                        reexports.setdefault(module, {})[alias.asname or alias.name] = base
        named = _course_modules_named(" ".join(f"{name} " for name in imported))
        packages = {".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 1)}
        needs[module] = (named | packages) - {module}
    return needs, reexports


@functools.cache
def _course_imports_by_name() -> dict[str, set[str]]:
    """:func:`_course_imports` with a package needing only what its own code uses: the
    modules it merely re-exports names from are reached through those names
    (``course.check.task1`` reaches ``course.check.simple_network``, not the STDP checks
    that ``course.check`` also gathers)."""
    needs, reexports = _course_imports()
    by_name = dict(needs)
    for package, names in reexports.items():
        by_name[package] = needs[package] - set(names.values())
    return by_name


def _touched_by(changed_modules: set[str], named: set[str], needs: dict[str, set[str]]) -> bool:
    """True when code naming the modules ``named`` depends on any changed module."""
    seen, todo = set(), set(named) | {"course"}  # every lesson and test imports course
    while todo:
        module = todo.pop()
        if module in changed_modules:
            return True
        seen.add(module)
        todo |= needs.get(module, set()) - seen
    return False


def _changed_paths(value: str) -> list[Path]:
    import subprocess

    if value != "git":
        return [(ROOT / name.strip()).resolve() for name in value.split(",") if name.strip()]

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()

    branches = git("branch", "--all", "--format=%(refname:short)")
    main = next((name for name in ("main", "origin/main") if name in branches), "HEAD")
    base = git("merge-base", "HEAD", main)[0]
    names = git("diff", "--name-only", base) + git("ls-files", "--others", "--exclude-standard")
    return [(ROOT / name).resolve() for name in names]


def _course_modules_used_by(item) -> set[str] | None:
    """The course modules a test reaches through its names: the modules and the objects
    it names (and those held in the tables it names), in its own code, in its module's
    helpers and fixtures it calls, and in functions it is parametrized with;
    ``course.a.b`` chains count every module called ``a`` or ``b``. None when the test
    has no code to read (it is then kept)."""
    import types

    function = getattr(item, "function", None)
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    own_globals, own_module = function.__globals__, function.__module__
    codes = [code]
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        for definition in definitions:
            fixture = inspect.unwrap(definition.func)
            if getattr(fixture, "__module__", None) == own_module:
                codes.append(fixture.__code__)
    params = getattr(getattr(item, "callspec", None), "params", {})
    codes += [value.__code__ for value in params.values() if hasattr(value, "__code__")]
    # A parameter may name what the test reaches: "course.stdp.StdpRule".
    named = _course_modules_named(" ".join(v for v in params.values() if isinstance(v, str)))
    names: set[str] = set()
    seen: set[int] = set()
    while codes:
        current = codes.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names.update(current.co_names)
        codes += [constant for constant in current.co_consts if hasattr(constant, "co_names")]
        for name in current.co_names:
            value = own_globals.get(name)
            if getattr(value, "__module__", None) == own_module and hasattr(value, "__code__"):
                codes.append(value.__code__)  # a helper of the same test module
    by_stem = _course_modules_by_stem()
    used = set(named)
    for name in names:
        value = own_globals.get(name)
        # A table of the test module (FUNCTIONS = {"save": course.save, ...}) reaches
        # what it holds: the entries its parameters name, or else all of them.
        if isinstance(value, dict):
            keys = [key for key in params.values() if isinstance(key, str) and key in value]
            held = [value[key] for key in keys] if keys else list(value.values())
        else:
            held = list(value) if isinstance(value, (list, tuple, set, frozenset)) else []
        for thing in [value, *held]:
            module = thing.__name__ if isinstance(thing, types.ModuleType) else None
            module = module or getattr(thing, "__module__", None)
            if isinstance(module, str) and module.split(".")[0] == "course":
                used.add(module)
        used |= by_stem.get(name, set())
        # a name a package gathers from one of its modules: course.check.task1
        used |= {names_of[name] for names_of in _course_imports()[1].values() if name in names_of}
    return used


@functools.cache
def _course_modules_by_stem() -> dict[str, set[str]]:
    """Module or package name (``stdp``) -> the course modules of that name."""
    found: dict[str, set[str]] = {}
    for path in COURSE.rglob("*.py"):
        module = _module_of(path)
        found.setdefault(module.rpartition(".")[2], set()).add(module)
    return found


def select_changed(config, items) -> None:
    """Keep the tests a change touches: tests in changed test files; tests naming a
    changed lesson, or a lesson that uses a changed course module (through any chain
    of imports); and, in a test file that uses a changed module, the tests whose own
    names reach it (``_course_modules_used_by``). A change to the test set-up runs
    everything."""
    changed = [path for path in _changed_paths(config.getoption("changed")) if path.exists()]
    if any(path.name in ("conftest.py", "pyproject.toml") for path in changed):
        return
    needs = _course_imports()[0]
    modules = {
        _module_of(path) for path in changed if path.suffix == ".py" and COURSE in path.parents
    }
    lessons = {path.stem for path in changed if EXAMPLES in path.parents}
    for lesson in EXAMPLES.rglob("[0-9]*.py"):
        if _touched_by(modules, _course_modules_named(lesson.read_text(encoding="utf-8")), needs):
            lessons.add(lesson.stem)
    lesson_files = _lesson_files()
    touched_files: dict[Path, bool] = {}
    selected, deselected = [], []
    for item in items:
        path = Path(item.path).resolve()
        if path not in touched_files:
            touched_files[path] = _touched_by(
                modules, _course_modules_named(path.read_text(encoding="utf-8")), needs
            )
        if path in changed or lessons_named_by(item, lesson_files) & lessons:
            keep = True
        elif touched_files[path]:  # the file uses a changed module: does this test?
            used = _course_modules_used_by(item)
            keep = used is None or _touched_by(modules, used, _course_imports_by_name())
        else:
            keep = False
        (selected if keep else deselected).append(item)
    config.hook.pytest_deselected(items=deselected)
    items[:] = selected


# --- Starter scripts ----------------------------------------------------------------
# A starter (``docs/starters/taskN_starter.py``) marks every part the learner writes as
# a block ``# TODO k: ...`` / ``name = course.check.todo(k, "...")`` / ``# END TODO k``
# and ends with ``result = course.check.taskN(...)``. fill_starter replaces the inside
# of every block with its answer; every answer line must stand in the task's lesson
# (the worked solution), so starter and lesson cannot drift apart unnoticed. These
# live here, not in a module of their own, so that test files can import them under
# every pytest import mode (``from tests.conftest import fill_starter``).

#: The task starter scripts the lessons link (docs/starters/taskN_starter.py).
STARTERS = ROOT / "docs" / "starters"

_BLOCK = re.compile(r"^# TODO (\d+):.*?\n(.*?)^# END TODO \1\n", re.MULTILINE | re.DOTALL)


def starter_path(task: int) -> Path:
    """The starter script of task ``task``."""
    return STARTERS / f"task{task}_starter.py"


def todo_numbers(source: str) -> list[int]:
    """The numbers of the TODO blocks in a starter's source, in order."""
    return [int(match[1]) for match in _BLOCK.finditer(source)]


def fill_starter(task: int, lesson: Path, answers: dict[int, str]) -> str:
    """Return the starter of ``task`` with every TODO block replaced by its answer.

    Every non-blank answer line must occur (stripped) in ``lesson``; every
    block must get an answer, and no ``course.check.todo`` call may remain.
    """
    source = starter_path(task).read_text(encoding="utf-8")
    lesson_lines = {line.strip() for line in lesson.read_text(encoding="utf-8").splitlines()}
    numbers = todo_numbers(source)
    assert numbers, f"{starter_path(task).name} has no TODO blocks"
    assert sorted(answers) == sorted(numbers), f"answers for {sorted(answers)}, TODOs {numbers}"
    for answer in answers.values():
        for line in answer.splitlines():
            assert not line.strip() or line.strip() in lesson_lines, (
                f"{line.strip()!r} is not a line of {lesson.name}: the starter's answer "
                "and the worked solution have drifted apart"
            )

    def replace(match: re.Match) -> str:
        header = match[0].splitlines(keepends=True)[0]
        body = answers[int(match[1])].rstrip("\n") + "\n"
        return f"{header}{body}# END TODO {match[1]}\n"

    filled = _BLOCK.sub(replace, source)
    assert "course.check.todo(" not in filled, "a TODO is left after filling"
    return filled


def run_starter(source: str, tmp_path: Path, monkeypatch) -> dict:
    """Run a (filled) starter's source as ``__main__`` in ``tmp_path``; return its namespace."""
    import matplotlib.pyplot as plt

    script = tmp_path / "starter.py"
    script.write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        return runpy.run_path(str(script), run_name="__main__")
    finally:
        plt.close("all")


def unfilled_starter_stop(task: int, tmp_path: Path, monkeypatch, capfd) -> str:
    """Run task ``task``'s starter as given (no TODO written) in this process.

    It must stop with :class:`course.check.StarterIncomplete`, having written
    nothing to stderr before; returns the message it stops with. Being a
    ``SystemExit``, that is what a learner's ``python taskN_starter.py`` prints
    on stderr, with exit status 1 (test_task1 checks that in a fresh process).
    """
    import pytest

    from course.check import StarterIncomplete

    capfd.readouterr()
    with pytest.raises(StarterIncomplete) as stop:
        run_starter(starter_path(task).read_text(encoding="utf-8"), tmp_path, monkeypatch)
    assert capfd.readouterr().err == ""
    assert isinstance(stop.value.code, str)
    return stop.value.code


def check_starter_on_virtual_board(
    task: int, lesson: Path, answers: dict[int, str], run_on_virtual_board, tmp_path
):
    """Run the filled starter of ``task`` unchanged on a virtual board, as a learner would.

    It must map and finish, leave no files, and its check must say that the
    recording came from a virtual board (empty data) and that it cannot pass.
    ``run_on_virtual_board`` is the test's fixture of that name.
    """
    script = tmp_path / f"task{task}_starter.py"
    script.write_text(fill_starter(task, lesson, answers), encoding="utf-8")
    run = run_on_virtual_board(script)
    assert run.ok, run.stderr[-3000:]
    assert run.left_behind == []
    assert f"Task {task}: something to fix" in run.stdout
    assert "virtual SpiNNaker board" in run.stdout
