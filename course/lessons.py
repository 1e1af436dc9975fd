"""Run lesson scripts the way a learner does, one fresh Python process each.

Used by ``nox -s spinnaker`` (every lesson on the virtual SpiNNaker board) and
by the tests; also handy on its own::

    python -m course.lessons --backend virtual examples/ task1

Each lesson runs in an empty temporary folder, so files a lesson leaves
behind (such as sPyNNaker's ``reports/``) are noticed instead of littering
the repository.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from course.backends import resolve_backend_name

__all__ = ["LessonRun", "find_lessons", "main", "run_lesson"]


@dataclass
class LessonRun:
    """The outcome of running one lesson script.

    Attributes
    ----------
    path : pathlib.Path
        The lesson script.
    backend : str
        Backend it ran on.
    returncode : int
        Exit code of the Python process.
    seconds : float
        Wall time (s), interpreter start-up and imports included.
    stdout, stderr : str
        What the lesson printed.
    left_behind : list of str
        Files and folders the lesson created in its working folder.
    """

    path: Path
    backend: str
    returncode: int
    seconds: float
    stdout: str
    stderr: str
    left_behind: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the lesson exited normally."""
        return self.returncode == 0


def find_lessons(examples, pattern: str | None = None) -> list[Path]:
    """List the lesson scripts below ``examples`` in reading order.

    Parameters
    ----------
    examples : path-like
        The ``examples/`` folder.
    pattern : str, optional
        Regular expression; only lessons whose path matches are kept.

    Returns
    -------
    list of pathlib.Path
        Sorted by section folder, then file name. Files starting with ``_``
        are helpers, not lessons.
    """
    root = Path(examples)
    if not root.is_dir():
        raise FileNotFoundError(f"examples folder {root} does not exist")
    lessons = sorted(path for path in root.rglob("*.py") if not path.name.startswith("_"))
    if pattern:
        regex = re.compile(pattern)
        lessons = [path for path in lessons if regex.search(str(path.relative_to(root)))]
    return lessons


def run_lesson(
    path, backend: str = "nest", *, cwd=None, timeout: float = 600.0, extra_env: dict | None = None
) -> LessonRun:
    """Run one lesson script in a fresh Python process.

    Parameters
    ----------
    path : path-like
        The lesson script.
    backend : str, default "nest"
        ``"nest"``, ``"spiNNaker"`` or ``"virtual"``, passed through
        ``COURSE_SIMULATOR``.
    cwd : path-like, optional
        Working folder; a new empty temporary folder by default.
    timeout : float, default 600.0
        Seconds before the lesson is stopped.
    extra_env : dict, optional
        More environment variables.

    Returns
    -------
    LessonRun
    """
    backend = resolve_backend_name(backend)
    path = Path(path).resolve()
    env = dict(os.environ, COURSE_SIMULATOR=backend, MPLBACKEND="agg", **(extra_env or {}))
    with tempfile.TemporaryDirectory(prefix="course-lesson-") as scratch:
        folder = Path(cwd) if cwd is not None else Path(scratch)
        before = set(os.listdir(folder))
        start = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(path)],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.perf_counter() - start
        left_behind = sorted(set(os.listdir(folder)) - before)
    return LessonRun(
        path=path,
        backend=backend,
        returncode=completed.returncode,
        seconds=seconds,
        stdout=completed.stdout,
        stderr=completed.stderr,
        left_behind=left_behind,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: run lessons and print one line each; exit 1 if any failed."""
    parser = argparse.ArgumentParser(
        prog="python -m course.lessons",
        description="Run lesson scripts, each in a fresh process and an empty folder.",
    )
    parser.add_argument("examples", help="the examples/ folder")
    parser.add_argument(
        "pattern", nargs="?", default=None, help="regular expression selecting lessons by path"
    )
    parser.add_argument("--backend", default="nest", help="nest, spiNNaker or virtual")
    args = parser.parse_args(argv)

    lessons = find_lessons(args.examples, args.pattern)
    if not lessons:
        print(f"no lesson matches {args.pattern!r}", file=sys.stderr)
        return 1
    failures = 0
    total = 0.0
    for lesson in lessons:
        run = run_lesson(lesson, args.backend)
        total += run.seconds
        name = lesson.relative_to(args.examples)
        status = "ok" if run.ok else "FAILED"
        print(f"{status:6} {run.seconds:6.1f} s  {name}", flush=True)
        if not run.ok:
            failures += 1
            print("\n".join("    " + line for line in run.stderr.strip().splitlines()[-25:]))
        elif run.left_behind:
            failures += 1
            print(f"    left files in its working folder: {', '.join(run.left_behind)}")
    print(f"{total:.1f} s in all on {args.backend}")
    print(f"lessons: {len(lessons) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
