"""Developer sessions: ``nox -s tests``, ``docs``, ``lint``, ``spinnaker``.

Each session installs what it needs into its own virtual environment, pinned
by ``.ci/constraints.txt`` (the exact package set CI used). Arguments after
``--`` are passed on:

* ``nox -s tests -- -k task1``            pytest arguments
* ``nox -s docs -- task1``                execute only lessons whose path matches
* ``nox -s spinnaker -- 0[1-3]_``         map only matching lessons
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ("-c", str(ROOT / ".ci" / "constraints.txt"))

nox.options.sessions = ["lint", "tests", "spinnaker", "docs"]
nox.options.reuse_existing_virtualenvs = True


def install(session: nox.Session, extras: str) -> None:
    """Install the course with ``extras``, pinned to the versions CI used."""
    session.install("-e", f".[{extras}]", *CONSTRAINTS)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite on NEST (and the virtual-board checks)."""
    install(session, "test,spinnaker")
    session.run("pytest", *session.posargs, env={"MPLBACKEND": "agg"})


@nox.session
def docs(session: nox.Session) -> None:
    """Build the website, executing every lesson (or those matching the pattern)."""
    install(session, "docs")
    env = {"MPLBACKEND": "agg"}
    if session.posargs:
        env["COURSE_GALLERY_PATTERN"] = session.posargs[0]
    else:
        # A full build starts from nothing, so every lesson is executed again.
        for stale in (
            "docs/_build",
            "docs/auto_examples",
            "docs/gen_modules",
            "docs/api/generated",
        ):
            shutil.rmtree(ROOT / stale, ignore_errors=True)
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-j",
        "1",
        "docs",
        "docs/_build/html",
        env=env,
    )
    session.log(f"website: {ROOT / 'docs/_build/html/index.html'}")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff."""
    session.install("ruff>=0.8", *CONSTRAINTS)
    session.run("ruff", "check", "course", "examples", "tests", "docs", "noxfile.py")


@nox.session
def spinnaker(session: nox.Session) -> None:
    """Map every lesson onto the virtual SpiNNaker board; fail if one does not complete."""
    install(session, "spinnaker")
    args = ["examples", *session.posargs[:1]]
    session.run(
        "python",
        "-m",
        "course.lessons",
        "--backend",
        "virtual",
        *args,
        env={"MPLBACKEND": "agg", "COURSE_SIMULATOR": "virtual"},
    )
    leftovers = [
        name for name in ("reports", "application_generated_data_files") if (ROOT / name).exists()
    ]
    if leftovers:
        session.error(f"sPyNNaker wrote {', '.join(leftovers)} into the repository")


@nox.session(name="constraints")
def constraints(session: nox.Session) -> None:
    """Re-create .ci/constraints.txt from a fresh install of every extra."""
    install_unpinned = ["-e", ".[dev]"]
    session.install(*install_unpinned)
    frozen = session.run("pip", "freeze", "--exclude-editable", silent=True)
    lines = [line for line in frozen.splitlines() if line and not line.startswith("-e ")]
    header = "# Exact versions CI used; regenerate with `nox -s constraints`.\n"
    (ROOT / ".ci" / "constraints.txt").write_text(header + "\n".join(sorted(lines)) + "\n")
    session.log(f"wrote {len(lines)} pins")


if os.environ.get("CI"):
    nox.options.error_on_missing_interpreters = True
