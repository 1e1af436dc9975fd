"""Developer sessions. ``nox -l`` lists them; arguments after ``--`` are passed on.

* ``nox -s tests [-- pytest args]``   the test command: the suite against the built wheel,
                                      in a fresh laptop environment (NEST + sPyNNaker)
* ``nox -s docs [-- <pattern>]``      the website, every changed lesson executed (or matching ones)
* ``nox -s hub [-- <pattern>]``       the SpiNNaker hub's kernel: the wheel leaves numpy alone,
                                      every built notebook runs unchanged on a virtual board
* ``nox -s laptop [-- <pattern>]``    every built notebook runs unchanged in a kernel on NEST
* ``nox -s oldest [-- pytest args]``  the lowest allowed versions, Python 3.10
* ``nox -s newest [-- pytest args]``  the suite on the newest numpy, matplotlib and Python
                                      that NEST's wheel supports (no sPyNNaker)
* ``nox -s quick [-- <files>]``       the inner loop: the tests of what you changed (< 20 s)
* ``nox -s build``                    sdist + wheel into dist/, checked with twine
* ``nox -s spinnaker [-- <pattern>]`` map lesson scripts on the virtual board (no site needed)
* ``nox -s live [-- <pattern>]``      live-rebuilding website while you edit
* ``nox -s browser``                  drive headless Chromium through the built website
* ``nox -s lint``                     ruff
* ``nox -s new_lesson -- "<title>" [--section <name>]``  start a new lesson and its test
* ``nox -s bench``                    benchmark table for the Performance page
* ``nox -s bench_microcircuit [-- --scales 1.0]``  the microcircuit against NEST's own (PD14)
* ``nox -s constraints``              re-create the pinned sets in .ci/constraints-*.txt
* ``nox -s contributor_path``         CONTRIBUTING's path replayed in a scratch clone (CI runs it)

The four environments are the places the course runs: **hub** is the
SpiNNaker Jupyter hub's sPyNNaker 7.4.1 kernel (Python 3.12, numpy 2.3.4,
newest PyNN, no NEST); **laptop** is the newest versions the course allows with
NEST and sPyNNaker (numpy below 2.4, sPyNNaker's bound); **newest** is NEST
alone on the newest numpy, matplotlib and Python its wheel supports; **oldest**
is every lower bound in pyproject.toml on Python 3.10. Each is pinned by its
own ``.ci/constraints-<env>.txt``, the exact set CI used. The course goes into
them as its built wheel, never from the source tree: built from the current
source by each session, or the one file ``COURSE_WHEEL`` names (CI builds it
once). Environments are made with uv when it is installed (``pip install nox
uv``), else with virtualenv, and reused; ``-R`` also skips installing the
dependencies again, but the course itself is always put in afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
#: Written by `nox -s hub`; tests/test_consistency.py reads it.
VIRTUAL_BOARD_REPORT = ROOT / "build" / "virtual_board.json"
GENERATED_DOCS = ("docs/_build", "docs/auto_examples", "docs/gen_modules", "docs/api/generated")
BUILT_NOTEBOOKS = ROOT / "docs" / "auto_examples"
EXECUTE_NOTEBOOKS = ROOT / ".ci" / "execute_notebooks.py"

#: The SpiNNaker hub's sPyNNaker 7.4.1 kernel (SpiNNakerManchester/SpiNNakerJupyterService,
#: install_spinnaker.sh): its numpy and sPyNNaker, installed before the course.
HUB_KERNEL = ("numpy==2.3.4", "sPyNNaker==1!7.4.1", "PyNN")
#: What a Jupyter kernel needs to be driven by nbclient (the hub's image has it).
KERNEL = ("nbclient", "ipykernel")

nox.options.default_venv_backend = "uv|virtualenv"
# uv installs no bytecode (pip compiles it at install). Where Python may not write
# it either (PYTHONDONTWRITEBYTECODE=1, as on the course's CI machine), every
# process compiles every module it imports, every time: a lesson on the virtual
# board took 8.0 s, 4.5 of them importing sPyNNaker, and 3.1 s with bytecode.
# Sessions let Python write it (into the environments and __pycache__ folders,
# which git ignores): each module is compiled once, by the first process that
# imports it. Compiling everything at install (UV_COMPILE_BYTECODE) costs 15 s
# per environment instead, most of it for modules no session imports.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
nox.options.sessions = ["lint", "build", "docs", "hub", "laptop", "oldest", "newest", "tests"]
nox.options.reuse_existing_virtualenvs = True


def interpreter(version: str) -> str:
    """The Python ``version`` interpreter: pyenv's when it has one, else the version for nox."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(pyenv.glob(f"{version}.*/bin/python{version}"))
    return str(found[-1]) if found else version


HUB_PYTHON = interpreter("3.12")
NEWEST_PYTHON = interpreter("3.13")
OLDEST_PYTHON = interpreter("3.10")


def pinned(environment: str) -> tuple[str, str]:
    """pip arguments pinning an environment to the set CI used."""
    return ("-c", str(ROOT / ".ci" / f"constraints-{environment}.txt"))


def install_editable(session: nox.Session, extras: str) -> None:
    """Install the course from the source tree (docs, live), pinned like the laptop."""
    session.install("-e", f".[{extras}]", *pinned("laptop"))


def build_distributions(session: nox.Session, outdir: Path) -> Path:
    """Build the sdist, then the wheel from it, into ``outdir``; return the wheel.

    Building the wheel from the sdist proves the sdist holds everything.
    """
    shutil.rmtree(outdir, ignore_errors=True)
    # setuptools keeps a copy of the package in build/lib between builds; a
    # module deleted from course/ would otherwise still be packed.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    uv = shutil.which("uv")
    if uv:
        session.run(uv, "build", "--quiet", "--out-dir", str(outdir), str(ROOT), external=True)
    else:
        session.install("build")
        session.run("python", "-m", "build", "--outdir", str(outdir), str(ROOT))
    (wheel,) = outdir.glob("*.whl")
    return wheel


def course_wheel(session: nox.Session) -> Path:
    """The course's wheel for a session that installs it.

    CI builds it once (``nox -s build``) and names it in ``COURSE_WHEEL``; every
    later stage installs that same file. Otherwise it is built from the
    current source, into the session's temporary folder.
    """
    built = os.environ.get("COURSE_WHEEL")
    if built:
        wheel = Path(built).resolve()
        if not wheel.is_file():
            session.error(f"COURSE_WHEEL={built} is not a file")
        return wheel
    return build_distributions(session, Path(session.create_tmp()) / "dist")


def install_course(session: nox.Session, wheel: Path, extras: str, *constraints: str) -> None:
    """Install the wheel with its dependencies, then the course itself once more.

    ``nox -R`` skips ``session.install``: the dependencies stay as installed,
    but the course is always put in again from ``wheel`` (no dependencies,
    about a second), so a session never tests an old copy of ``course/`` or
    misses a module added since.
    """
    requirement = f"{wheel}[{extras}]" if extras else str(wheel)
    session.install(requirement, *constraints)
    if shutil.which("uv"):
        command = ("uv", "pip", "install", "--python", python_of(session))
    else:
        command = ("python", "-m", "pip", "install", "--quiet")
    session.run(*command, "--no-deps", "--reinstall", str(wheel), external=True, silent=True)


def python_of(session: nox.Session) -> str:
    """The Python of a session's environment."""
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(Path(session.virtualenv.location) / folder / "python")


def test_environment(session: nox.Session) -> dict[str, str]:
    """Environment for pytest against the installed wheel.

    Some tests take their reference loops from benchmarks/ and the spike
    digest from docs/, which are not part of the wheel; only those folders are
    put on sys.path (through links), never the source tree, so ``import
    course`` still finds the wheel.
    """
    importable = Path(session.create_tmp()) / "importable"
    importable.mkdir(exist_ok=True)
    for folder in ("benchmarks", "docs"):
        link = importable / folder
        if not link.is_symlink():
            link.symlink_to(ROOT / folder, target_is_directory=True)
    return {"MPLBACKEND": "agg", "COURSE_TESTS_AGAINST_WHEEL": "1", "PYTHONPATH": str(importable)}


def installed_versions(session: nox.Session) -> dict[str, str]:
    """Name -> version of every package in the session's environment."""
    listing = session.run(
        "python",
        "-c",
        "import importlib.metadata as m, json; print(json.dumps("
        "{d.metadata['Name'].lower(): d.version for d in m.distributions()}))",
        silent=True,
    )
    return json.loads(listing.strip().splitlines()[-1])


def require_built_site(session: nox.Session) -> None:
    if not any(BUILT_NOTEBOOKS.glob("*/*.ipynb")):
        session.error("no built notebooks: run `nox -s docs` first")


def execute_notebooks(session: nox.Session, expect: str, *options: str) -> None:
    """Run every built notebook unchanged in a kernel with an empty home folder."""
    with tempfile.TemporaryDirectory(prefix="course-kernel-home-") as home:
        setup_home = session.env.pop("COURSE_KERNEL_HOME_SETUP", None)
        if setup_home:
            session.run("python", "-c", setup_home, home, silent=True)
        session.run(
            "python",
            str(EXECUTE_NOTEBOOKS),
            str(BUILT_NOTEBOOKS),
            *session.posargs[:1],
            "--expect",
            expect,
            *options,
            env={"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config", "MPLBACKEND": ""},
        )


def print_slowest_lessons(session: nox.Session, count: int = 5) -> None:
    """Log the slowest lessons of the last build (sphinx-gallery's timing tables)."""
    rows = []
    for table in (ROOT / "docs" / "auto_examples").rglob("sg_execution_times.rst"):
        text = table.read_text(encoding="utf-8")
        for match in re.finditer(r"\(``(\S+?)\.py``\)\s*\n\s*- ([\d:.]+)", text):
            minutes, _, seconds = match[2].rpartition(":")
            seconds = float(minutes or 0) * 60 + float(seconds)
            if seconds > 0:  # 0 s: not executed in any build yet
                rows.append((seconds, match[1]))
    for seconds, name in sorted(rows, reverse=True)[:count]:
        session.log(f"slow lesson: {seconds:6.2f} s  {name}")


@nox.session(python=NEWEST_PYTHON)
def tests(session: nox.Session) -> None:
    """The test command: the suite against the built wheel, in a fresh laptop environment.

    Newest allowed versions, NEST and sPyNNaker (for the virtual-board tests),
    both cores (pytest-xdist). pytest's importlib mode keeps the source tree
    off sys.path, so ``import course`` finds the installed wheel.
    """
    wheel = course_wheel(session)
    install_course(session, wheel, "nest,spinnaker,test", *pinned("laptop"))
    args = session.posargs or ["-n", "2", "-m", "not browser", "--durations=10"]
    session.run("pytest", "--import-mode=importlib", *args, env=test_environment(session))


@nox.session(python=OLDEST_PYTHON)
def oldest(session: nox.Session) -> None:
    """The lowest bounds of pyproject.toml on Python 3.10: the tests against the built wheel.

    The whole suite, lessons included, on numpy 2.0 and matplotlib 3.9 (no
    sPyNNaker here: its virtual-board tests run in the other environments).
    """
    wheel = course_wheel(session)
    install_course(session, wheel, "nest,test", *pinned("oldest"))
    args = session.posargs or ["-n", "2", "--durations=10"]
    session.run("pytest", "--import-mode=importlib", *args, env=test_environment(session))


@nox.session(python=NEWEST_PYTHON)
def quick(session: nox.Session) -> None:
    """The inner loop: the tests your change touches, against the source as it is now.

    ``nox -s quick`` takes the files changed against main (committed or not);
    ``nox -s quick -- examples/01_building/05_synapses.py course/stdp.py``
    names them. It runs the tests in changed test files, the tests of changed
    lessons, and every lesson test and test file that uses a changed course
    module, through any chain of imports (``pytest --changed``, tests/conftest.py).
    """
    install_editable(session, "nest,test")
    changed = ",".join(session.posargs) if session.posargs else "git"
    session.run("pytest", f"--changed={changed}", "-n", "2", "-q", env={"MPLBACKEND": "agg"})


@nox.session(python=NEWEST_PYTHON)
def newest(session: nox.Session) -> None:
    """The newest numpy, matplotlib and Python that NEST's wheel supports: the tests.

    A NEST-only install (no sPyNNaker, so numpy is not held below 2.4): the
    whole suite, lessons included, against the built wheel; the virtual-board
    tests skip here and run in ``tests``.
    """
    wheel = course_wheel(session)
    install_course(session, wheel, "nest,test", *pinned("newest"))
    args = session.posargs or ["-n", "2", "--durations=10"]
    session.run("pytest", "--import-mode=importlib", *args, env=test_environment(session))


@nox.session(python=HUB_PYTHON)
def hub(session: nox.Session) -> None:
    """The SpiNNaker hub's kernel: the wheel leaves numpy alone; every notebook runs there.

    Python 3.12 with the hub's numpy 2.3.4 and sPyNNaker 7.4.1, newest PyNN, no
    NEST. The course goes in as its built wheel; then every notebook of the
    built website runs unchanged in a Jupyter kernel whose home folder has a
    ~/.spynnaker.cfg naming a virtual board, so the automatic choice picks
    SpiNNaker as on the hub (a virtual board maps every network, runs none).
    Writes build/virtual_board.json for tests/test_consistency.py.
    """
    require_built_site(session)
    session.install(*HUB_KERNEL, *KERNEL, *pinned("hub"))
    before = installed_versions(session)
    wheel = course_wheel(session)
    install_course(session, wheel, "", *pinned("hub"))
    after = installed_versions(session)
    changed = sorted(name for name in before if after.get(name) != before[name])
    added = sorted(set(after) - set(before))
    session.log(f"the wheel added {', '.join(added)}; changed {changed or 'nothing'}")
    if changed or "nest-simulator" in after:
        session.error(f"installing the course changed the hub's kernel: {changed}")
    session.env["COURSE_KERNEL_HOME_SETUP"] = (
        "import sys; from course.spinnaker_config import write_virtual_board_config; "
        "write_virtual_board_config(sys.argv[1])"
    )
    report = [] if session.posargs else ["--report", str(VIRTUAL_BOARD_REPORT)]
    execute_notebooks(
        session,
        "course: running on a virtual SpiNNaker board",
        "--backend",
        "virtual",
        *report,
    )


@nox.session(python=NEWEST_PYTHON)
def laptop(session: nox.Session) -> None:
    """Every notebook of the built website runs unchanged in a Jupyter kernel on NEST.

    Newest allowed versions with NEST, the course from its built wheel, a
    kernel with an empty home folder: the automatic choice picks NEST.
    """
    require_built_site(session)
    session.install(*KERNEL, *pinned("laptop"))
    install_course(session, course_wheel(session), "nest", *pinned("laptop"))
    execute_notebooks(session, "course: running on NEST")


@nox.session
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel into dist/ and check them with twine."""
    session.install("twine", *pinned("laptop"))
    wheel = build_distributions(session, ROOT / "dist")
    built = sorted([wheel, *wheel.parent.glob("*.tar.gz")])
    session.run("twine", "check", "--strict", *map(str, built))
    session.log(f"built {', '.join(path.name for path in built)}")


#: What an executed lesson page depends on besides the lesson itself (sphinx-gallery
#: keeps a page while its lesson's checksum is unchanged): a change here executes
#: every lesson again.
PAGE_INPUTS = ("course", "docs/conf.py", "pyproject.toml", ".ci/constraints-laptop.txt")
PAGE_INPUTS_STAMP = ROOT / "docs" / "auto_examples" / ".page-inputs"


def page_inputs_digest() -> str:
    """One checksum of every file in PAGE_INPUTS (names and contents)."""
    digest = hashlib.sha256()
    for name in PAGE_INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file() or "__pycache__" in file.parts:
                continue
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def check_pattern(session: nox.Session, pattern: str) -> list[str]:
    """The lessons ``pattern`` matches (``python -m course.lessons --list``); none is an error."""
    listing = session.run(
        "python",
        "-m",
        "course.lessons",
        "--list",
        "examples",
        pattern,
        silent=True,
        success_codes=[0, 1],
    )
    lessons = [line for line in listing.splitlines() if line.endswith(".py")]
    if not lessons:
        session.error(
            f"no lesson matches {pattern!r}: see `python -m course.lessons --list examples`"
        )
    return lessons


def pages_not_executed() -> list[str]:
    """Lessons whose page shows no output from their current text (sphinx-gallery's checksum)."""
    stale = []
    for lesson in sorted((ROOT / "examples").glob("*/[0-9]*.py")):
        copy = BUILT_NOTEBOOKS / lesson.parent.name / lesson.name
        checksum = copy.with_name(copy.name + ".md5")
        current = hashlib.md5(lesson.read_text(encoding="utf-8").encode()).hexdigest()
        if not checksum.exists() or checksum.read_text().strip() != current:
            stale.append(lesson.stem)
    return stale


@nox.session(python=NEWEST_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the website: every changed lesson executed (or only those matching the pattern).

    A lesson whose text is unchanged keeps its executed page, as long as
    nothing in PAGE_INPUTS (the course package, the Sphinx configuration, the
    pinned versions) changed since it ran; otherwise every lesson runs again.
    Lessons execute two at a time (sphinx-gallery's ``parallel``).
    """
    install_editable(session, "docs")
    env = {"MPLBACKEND": "agg"}
    inputs = page_inputs_digest()
    stamp = PAGE_INPUTS_STAMP.read_text() if PAGE_INPUTS_STAMP.exists() else ""
    if session.posargs:
        matched = check_pattern(session, session.posargs[0])
        session.log(f"executing {len(matched)} lesson(s): {', '.join(matched)}")
        env["COURSE_GALLERY_PATTERN"] = session.posargs[0]
    elif stamp != inputs:
        for generated in GENERATED_DOCS:
            shutil.rmtree(ROOT / generated, ignore_errors=True)
    # -j auto: pages are read and written on every core (27 -> 19 s for the site,
    # lessons not counted); the lessons execute two at a time through sphinx-gallery.
    try:
        session.run(
            "sphinx-build", "-W", "--keep-going", "-j", "auto", "-b", "html", "docs",
            "docs/_build/html", env=env,
        )  # fmt: skip
    except nox.command.CommandFailed:
        # Sphinx reports a page's warnings only when it reads the page, and the next
        # build would not read it again: it passed, the warning unfixed. Without its
        # saved environment the next build reads every page and repeats them.
        shutil.rmtree(ROOT / "docs" / "_build" / "html" / ".doctrees", ignore_errors=True)
        raise
    if not session.posargs or stamp == inputs:
        PAGE_INPUTS_STAMP.write_text(inputs)
    print_slowest_lessons(session)
    stale = pages_not_executed()
    if stale:
        session.warn(
            f"{len(stale)} lesson page(s) show no output from their current text "
            f"(run `nox -s docs` once to execute them): {', '.join(stale)}"
        )
    elif session.posargs and stamp != inputs:
        session.warn(
            "the other lessons' pages were executed with an older course/ or configuration: "
            "run `nox -s docs` to execute them again"
        )
    session.log(f"website: {ROOT / 'docs' / '_build' / 'html' / 'index.html'}")


@nox.session(python=NEWEST_PYTHON)
def live(session: nox.Session) -> None:
    """Serve the website and rebuild it on every change (open http://127.0.0.1:8000)."""
    install_editable(session, "live")
    env = {"MPLBACKEND": "agg"}
    if session.posargs:
        check_pattern(session, session.posargs[0])
        env["COURSE_GALLERY_PATTERN"] = session.posargs[0]
    # The build writes these files itself; watching them would rebuild forever.
    written_by_the_build = (
        "*/auto_examples/*",
        "*/gen_modules/*",
        "*/api/generated/*",
        "*/generated/*",
        "*/sg_execution_times.rst",
    )
    ignored = [option for pattern in written_by_the_build for option in ("--ignore", pattern)]
    session.run(
        "sphinx-autobuild",
        "docs",
        "docs/_build/html",
        "--watch",
        "examples",
        "--watch",
        "course",
        *ignored,
        env=env,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff."""
    session.install("ruff", *pinned("laptop"))
    session.run("ruff", "check", "course", "examples", "tests", "docs", "benchmarks", "noxfile.py")
    session.run(
        "ruff",
        "format",
        "--check",
        "course",
        "examples",
        "tests",
        "docs",
        "benchmarks",
        "noxfile.py",
    )


@nox.session(python=HUB_PYTHON)
def spinnaker(session: nox.Session) -> None:
    """Map lesson scripts onto the virtual board in the hub's environment (no website needed)."""
    session.install(*HUB_KERNEL, *pinned("hub"))
    install_course(session, course_wheel(session), "", *pinned("hub"))
    session.run(
        "python",
        "-m",
        "course.lessons",
        "--backend",
        "virtual",
        str(ROOT / "examples"),
        *session.posargs[:1],
        env={"MPLBACKEND": "agg"},
    )


@nox.session(python=NEWEST_PYTHON)
def browser(session: nox.Session) -> None:
    """Serve the built website and check it in headless Chromium (build it first: nox -s docs)."""
    if not (ROOT / "docs" / "_build" / "html" / "index.html").exists():
        session.error("no built website: run `nox -s docs` first")
    if not shutil.which("chromium"):
        session.error("headless Chromium is needed: apt-get install chromium")
    install_editable(session, "browser,test")  # tests/conftest.py needs the test extra
    session.run(
        "pytest",
        "tests/browser",
        "-m",
        "browser",
        "-p",
        "no:cacheprovider",
        *session.posargs,
    )


#: `nox -s new_lesson` runs this in its own small environment (numpy is all
#: course.lessons needs), with the source tree importable: nox's own Python may
#: have nothing but nox.
NEW_LESSON_SCRIPT = """
import sys
from pathlib import Path

from course.lessons import new_lesson

try:
    lesson, test = new_lesson(sys.argv[1], sys.argv[2], Path("examples"), Path("tests"))
except ValueError as error:
    sys.exit(f"error: {error}")
print(lesson.as_posix())
print(test.as_posix())
"""


@nox.session(python=NEWEST_PYTHON)
def new_lesson(session: nox.Session) -> None:
    """Create the next numbered lesson and a test that fails until its outcome is asserted."""
    import argparse

    parser = argparse.ArgumentParser(prog='nox -s new_lesson -- "<title>"')
    parser.add_argument("title")
    # course.lessons refuses an unknown section, naming the allowed ones.
    parser.add_argument("--section", default="next_steps")
    args = parser.parse_args(session.posargs)
    session.install("numpy", *pinned("laptop"))
    session.chdir(ROOT)
    output = session.run("python", "-c", NEW_LESSON_SCRIPT, args.title, args.section, silent=True)
    lesson, test = (ROOT / line for line in output.strip().splitlines()[-2:])
    session.log(f"created {lesson.relative_to(ROOT)}")
    session.log(f"added its test to {test.relative_to(ROOT)} (fails until you assert the outcome)")
    session.log("next: write the lesson, then")
    session.log(f"  nox -s docs -- {lesson.stem}      render just this lesson")
    session.log(f"  nox -s spinnaker -- {lesson.stem} check it maps onto SpiNNaker")
    session.log("  nox -s quick                  run the tests of what you changed")
    session.log("and read CONTRIBUTING.md for the review checklist.")


#: The module and lesson lines `nox -s contributor_path` adds, as a contributor would.
REPLAY_MODULE = '''"""Spike totals for the contributor-path replay (``nox -s contributor_path``)."""

__all__ = ["total_spikes"]


def total_spikes(recording, label):
    """Number of spikes of one population.

    Parameters
    ----------
    recording : course.Recording
        What the lesson recorded.
    label : str
        The population's label.

    Returns
    -------
    int
        Spikes of all its neurons together.
    """
    return int(recording.spike_counts(label).sum())
'''
REPLAY_LESSON_LINES = (
    "from course.replay_helper import total_spikes\n\n"
    'total = total_spikes(recording, "cells")\n'
    'print(f"{total} spikes in all")\n'
)


@nox.session(venv_backend="none")
def contributor_path(session: nox.Session) -> None:
    """Replay CONTRIBUTING's path in a scratch clone with the real sessions.

    Scaffold a lesson (new_lesson), add a module to course/ and use it in the
    lesson, build its page (docs), assert its outcome and run its tests
    (quick), map it onto the virtual board (spinnaker). Each step must pass;
    the new module must be found by every session that tests the course.
    """
    # The sessions in the clone must test the clone's own source, never a wheel
    # that CI built from this tree before the contributor's change.
    os.environ.pop("COURSE_WHEEL", None)
    with tempfile.TemporaryDirectory(prefix="course-contributor-") as scratch:
        clone = Path(scratch) / "course"
        session.run("git", "clone", "--quiet", str(ROOT), str(clone), external=True)
        session.chdir(clone)
        session.run("nox", "-s", "new_lesson", "--", "Replay check", external=True)
        (lesson,) = clone.glob("examples/05_next_steps/*_replay_check.py")
        (clone / "course" / "replay_helper.py").write_text(REPLAY_MODULE, encoding="utf-8")
        text = lesson.read_text(encoding="utf-8")
        marker = "\nsim.end()\n"
        lesson.write_text(text.replace(marker, "\n" + REPLAY_LESSON_LINES + marker, 1))
        test = clone / "tests" / "test_next_steps.py"
        source = test.read_text(encoding="utf-8")
        start = source.rindex("    pytest.fail(")
        # The template's ten cells get 1 nA each: all fire, equally often.
        outcome = (
            "    (counts,) = spike_counts.values()\n"
            "    assert len(set(counts)) == 1 and counts[0] > 0\n"
            '    assert run.namespace["total"] == 10 * counts[0]\n'
        )
        test.write_text(source[:start] + outcome, encoding="utf-8")
        session.run("nox", "-s", "docs", "--", lesson.stem, external=True)
        page = clone / "docs" / "_build" / "html" / "auto_examples" / "05_next_steps"
        if "spikes in all" not in (page / f"{lesson.stem}.html").read_text(encoding="utf-8"):
            session.error("the lesson's page shows no output")
        changed = [str(lesson.relative_to(clone)), "course/replay_helper.py"]
        session.run("nox", "-s", "quick", "--", *changed, external=True)
        session.run("nox", "-s", "spinnaker", "--", lesson.stem, external=True)
        session.log("the contributor's path works: scaffold, module, page, test, mapping")


@nox.session(python=NEWEST_PYTHON)
def bench(session: nox.Session) -> None:
    """Measure build, lesson and builder speed; write benchmarks/results/course.md."""
    install_editable(session, "docs,spinnaker")
    session.run("python", "benchmarks/course_bench.py", *session.posargs, env={"MPLBACKEND": "agg"})


@nox.session(python=NEWEST_PYTHON)
def bench_microcircuit(session: nox.Session) -> None:
    """The course's microcircuit against NEST's own (PD14); full scale peaks near 15 GB."""
    install_editable(session, "nest,bench")
    script = "benchmarks/microcircuit_vs_pd14.py"
    session.run("python", script, *session.posargs, env={"MPLBACKEND": "agg"})


ENVIRONMENTS = {
    # environment: (Python, what is installed, uv resolution)
    "hub": (HUB_PYTHON, [*HUB_KERNEL, *KERNEL, "."], "highest"),
    "laptop": (NEWEST_PYTHON, [".[dev,browser,live]", *KERNEL, "twine"], "highest"),
    "oldest": (OLDEST_PYTHON, [".[nest,test]"], "lowest-direct"),
    "newest": (NEWEST_PYTHON, [".[nest,test]"], "highest"),
}


@nox.session(venv_backend="none")
def constraints(session: nox.Session) -> None:
    """Re-create .ci/constraints-<env>.txt from fresh, unpinned installs (needs uv)."""
    uv = shutil.which("uv") or session.error("this session needs uv: pip install uv")
    for name, (python, requirements, resolution) in ENVIRONMENTS.items():
        with tempfile.TemporaryDirectory() as venv:
            session.run(uv, "venv", "--quiet", "--python", python, venv, external=True)
            env = {"VIRTUAL_ENV": venv}
            session.run(
                uv,
                "pip",
                "install",
                "--quiet",
                "--resolution",
                resolution,
                *requirements,
                env=env,
                external=True,
            )
            frozen = session.run(
                uv, "pip", "freeze", "--exclude-editable", env=env, external=True, silent=True
            )
        lines = sorted(
            line
            for line in frozen.splitlines()
            if "==" in line and not line.lower().startswith("pynn-spinnaker-course")
        )
        header = (
            f"# Exact versions CI used for `nox -s {name}`; regenerate with `nox -s constraints`.\n"
        )
        (ROOT / ".ci" / f"constraints-{name}.txt").write_text(header + "\n".join(lines) + "\n")
        session.log(f"{name}: wrote {len(lines)} pins")


@nox.session(venv_backend="none")
def prose(session: nox.Session) -> None:
    """Per-lesson words, backend share and frame against the targets (docs/_lesson_prose.py)."""
    session.run("python", str(ROOT / "docs" / "_lesson_prose.py"), str(ROOT / "examples"))
