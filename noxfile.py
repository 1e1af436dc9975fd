"""Developer sessions. ``nox -l`` lists them; arguments after ``--`` are passed on.

* ``nox -s tests [-- pytest args]``          the test suite on NEST (+ virtual-board checks)
* ``nox -s docs``                            full website build, every lesson executed
* ``nox -s docs -- <pattern>``               rebuild executing only lessons whose path matches
* ``nox -s live [-- <pattern>]``             live-rebuilding website while you edit
* ``nox -s spinnaker [-- <pattern>]``        map lessons onto the virtual SpiNNaker board
* ``nox -s browser``                         drive headless Chromium through the built website
* ``nox -s lint``                            ruff
* ``nox -s new_lesson -- "<title>" [--section <name>]``  start a new lesson and its test
* ``nox -s bench``                           benchmark table for the Performance page
* ``nox -s bench_microcircuit [-- --scales 1.0]``  the microcircuit against NEST's own (PD14)

Each session installs what it needs into its own environment, pinned by
``.ci/constraints.txt``, the exact package set CI used. Add ``-R`` to skip
re-installing when iterating (``nox -R -s docs -- task2``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ("-c", str(ROOT / ".ci" / "constraints.txt"))
#: Written by a full `nox -s spinnaker`; tests/test_consistency.py reads it.
VIRTUAL_BOARD_REPORT = ROOT / "build" / "virtual_board.json"
GENERATED_DOCS = ("docs/_build", "docs/auto_examples", "docs/gen_modules", "docs/api/generated")

nox.options.sessions = ["lint", "tests", "spinnaker", "docs"]
nox.options.reuse_existing_virtualenvs = True


def install(session: nox.Session, extras: str) -> None:
    """Install the course with ``extras``, pinned to the versions CI used."""
    session.install("-e", f".[{extras}]", *CONSTRAINTS)


def print_slowest_lessons(session: nox.Session, count: int = 5) -> None:
    """Log the slowest lessons of the last build (sphinx-gallery's timing tables)."""
    rows = []
    for table in (ROOT / "docs" / "auto_examples").rglob("sg_execution_times.rst"):
        text = table.read_text(encoding="utf-8")
        for match in re.finditer(r"\(``(\S+?)\.py``\)\s*\n\s*- ([\d:.]+)", text):
            minutes, _, seconds = match[2].rpartition(":")
            rows.append((float(minutes or 0) * 60 + float(seconds), match[1]))
    for seconds, name in sorted(rows, reverse=True)[:count]:
        session.log(f"slow lesson: {seconds:6.2f} s  {name}")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite on NEST, on both cores (pytest-xdist)."""
    install(session, "test,spinnaker")
    args = session.posargs or ["-n", "2"]
    session.run("pytest", *args, env={"MPLBACKEND": "agg"})


@nox.session
def docs(session: nox.Session) -> None:
    """Build the website, executing every lesson (or only those matching the pattern)."""
    install(session, "docs")
    env = {"MPLBACKEND": "agg"}
    if session.posargs:
        # Only matching lessons run; the others keep their last executed pages.
        env["COURSE_GALLERY_PATTERN"] = session.posargs[0]
    else:
        for stale in GENERATED_DOCS:
            shutil.rmtree(ROOT / stale, ignore_errors=True)
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html", env=env
    )
    print_slowest_lessons(session)
    session.log(f"website: {ROOT / 'docs' / '_build' / 'html' / 'index.html'}")


@nox.session
def live(session: nox.Session) -> None:
    """Serve the website and rebuild it on every change (open http://127.0.0.1:8000)."""
    install(session, "live")
    env = {"MPLBACKEND": "agg"}
    if session.posargs:
        env["COURSE_GALLERY_PATTERN"] = session.posargs[0]
    session.run(
        "sphinx-autobuild",
        "docs",
        "docs/_build/html",
        "--watch",
        "examples",
        "--watch",
        "course",
        "--ignore",
        "*/auto_examples/*",
        "--ignore",
        "*/gen_modules/*",
        "--ignore",
        "*/api/generated/*",
        "--ignore",
        "*/generated/*",
        env=env,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff."""
    session.install("ruff", *CONSTRAINTS)
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


@nox.session
def spinnaker(session: nox.Session) -> None:
    """Map every lesson onto the virtual SpiNNaker board, then run the virtual-board tests."""
    install(session, "spinnaker,test")
    report = [] if session.posargs else ["--report", str(VIRTUAL_BOARD_REPORT)]
    session.run(
        "python",
        "-m",
        "course.lessons",
        "--backend",
        "virtual",
        *report,
        "examples",
        *session.posargs[:1],
        env={"MPLBACKEND": "agg"},
    )
    leftovers = [
        name for name in ("reports", "application_generated_data_files") if (ROOT / name).exists()
    ]
    if leftovers:
        session.error(f"sPyNNaker wrote {', '.join(leftovers)} into the repository")
    if not session.posargs:
        session.run("pytest", "-m", "spinnaker", "-n", "2", env={"MPLBACKEND": "agg"})


@nox.session
def browser(session: nox.Session) -> None:
    """Serve the built website and check it in headless Chromium (build it first: nox -s docs)."""
    if not (ROOT / "docs" / "_build" / "html" / "index.html").exists():
        session.error("no built website: run `nox -s docs` first")
    if not shutil.which("chromium"):
        session.error("headless Chromium is needed: apt-get install chromium")
    install(session, "browser")
    session.run(
        "pytest", "tests/browser", "-m", "browser", "-p", "no:cacheprovider", *session.posargs
    )


@nox.session(venv_backend="none")
def new_lesson(session: nox.Session) -> None:
    """Create the next numbered lesson and a test that fails until its outcome is asserted."""
    import argparse
    import sys

    sys.path.insert(0, str(ROOT))
    from course.lessons import SECTIONS
    from course.lessons import new_lesson as create

    parser = argparse.ArgumentParser(prog='nox -s new_lesson -- "<title>"')
    parser.add_argument("title")
    parser.add_argument("--section", default="next_steps", choices=list(SECTIONS))
    args = parser.parse_args(session.posargs)
    try:
        lesson, test = create(args.title, args.section, ROOT / "examples", ROOT / "tests")
    except ValueError as error:
        session.error(str(error))
    session.log(f"created {lesson.relative_to(ROOT)}")
    session.log(f"created {test.relative_to(ROOT)} (fails until you assert the outcome)")
    session.log("next: write the lesson, then")
    session.log(f"  nox -R -s docs -- {lesson.stem}      render just this lesson")
    session.log(f"  nox -R -s spinnaker -- {lesson.stem} check it maps onto SpiNNaker")
    session.log(f"  nox -R -s tests -- {test.relative_to(ROOT)}")
    session.log("and read CONTRIBUTING.md for the review checklist.")


@nox.session
def bench(session: nox.Session) -> None:
    """Measure build, lesson and builder speed; write benchmarks/results/course.md."""
    install(session, "docs,spinnaker")
    session.run("python", "benchmarks/course_bench.py", *session.posargs, env={"MPLBACKEND": "agg"})


@nox.session
def bench_microcircuit(session: nox.Session) -> None:
    """The course's microcircuit against NEST's own (PD14); full scale peaks near 15 GB."""
    install(session, "bench")
    script = "benchmarks/microcircuit_vs_pd14.py"
    session.run("python", script, *session.posargs, env={"MPLBACKEND": "agg"})


@nox.session
def constraints(session: nox.Session) -> None:
    """Re-create .ci/constraints.txt from a fresh, unpinned install of every extra."""
    session.install("-e", ".[dev,browser,live]")
    frozen = session.run("pip", "freeze", "--exclude-editable", silent=True)
    lines = sorted(line for line in frozen.splitlines() if line and not line.startswith("-e "))
    header = "# Exact versions CI used; regenerate with `nox -s constraints`.\n"
    (ROOT / ".ci" / "constraints.txt").write_text(header + "\n".join(lines) + "\n")
    session.log(f"wrote {len(lines)} pins")
