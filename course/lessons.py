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
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from course._checks import check_choice, check_path, check_positive_number, check_text
from course._lesson_templates import LESSON_TEMPLATE, TEST_TEMPLATE
from course.backends import resolve_backend_name

__all__ = [
    "SECTIONS",
    "TEST_FILES",
    "LessonRun",
    "find_lessons",
    "python_warnings",
    "run_lesson",
    "new_lesson",
    "main",
]

#: Gallery sections in reading order: short name -> folder in ``examples/``.
SECTIONS = {
    "building": "01_building",
    "running": "02_running",
    "analysing": "03_analysing",
    "exercises": "04_exercises",
    "next_steps": "05_next_steps",
}

#: Number of the first lesson of each section.
FIRST_NUMBERS = {"building": 1, "running": 9, "analysing": 11, "exercises": 21, "next_steps": 31}

#: A warning as Python's ``warnings`` module prints it: ``file:line: Category: message``.
#: Log records (sPyNNaker's ``... WARNING: ...``) have no such form.
_PYTHON_WARNING = re.compile(r"^\S.*?:\d+: [A-Z]\w*Warning: .*$", re.MULTILINE)

_LESSON_NAME = re.compile(r"^(?P<number>\d\d)(?P<suffix>[a-z]?)_(?P<slug>\w+)\.py$")


@dataclass
class LessonRun:
    """The outcome of running one lesson script.

    Parameters
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
    namespace : dict
        The lesson's global names after its run, when it ran in the calling
        process (the tests' ``run_lesson`` fixture does so on NEST); empty
        for a run in a separate process.
    """

    path: Path
    backend: str
    returncode: int
    seconds: float
    stdout: str
    stderr: str
    left_behind: list = field(default_factory=list)
    namespace: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the lesson exited normally."""
        return self.returncode == 0

    @property
    def warnings(self) -> list[str]:
        """The Python warnings the lesson printed on stderr, one line each."""
        return python_warnings(self.stderr)


def python_warnings(text: str) -> list[str]:
    """Find the Python warnings in what a process printed on stderr.

    A learner's terminal or notebook must show none: they would read one as
    a fault of their own.

    Parameters
    ----------
    text : str
        The printed text.

    Returns
    -------
    list of str
        Each warning's first line (``file:line: Category: message``), in
        order; log records such as sPyNNaker's ``WARNING: ...`` are not
        warnings in this sense and are left out.

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    """
    check_text("text", text)
    return _PYTHON_WARNING.findall(text)


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

    Raises
    ------
    TypeError
        If ``examples`` is not a path or ``pattern`` is not text.
    ValueError
        If ``pattern`` is not a valid regular expression.
    FileNotFoundError
        If the ``examples`` folder does not exist.
    """
    root = check_path("examples", examples)
    regex = None if pattern is None else _compile_pattern(pattern)
    if not root.is_dir():
        raise FileNotFoundError(f"examples folder {root} does not exist")
    lessons = sorted(path for path in root.rglob("*.py") if not path.name.startswith("_"))
    if regex is not None:
        lessons = [path for path in lessons if regex.search(str(path.relative_to(root)))]
    return lessons


def _compile_pattern(pattern) -> re.Pattern:
    """``pattern`` compiled, or the course's error naming it."""
    check_text("pattern", pattern)
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(
            f"pattern={pattern!r} is not a valid regular expression: {error}"
        ) from None


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
        Seconds before the lesson is stopped, > 0.
    extra_env : dict, optional
        More environment variables.

    Returns
    -------
    LessonRun
        How the run ended, what it printed and what it left behind.

    Raises
    ------
    TypeError, ValueError
        For a path or working folder that is not path-like, an unknown
        backend or a timeout that is not a positive number.
    subprocess.TimeoutExpired
        If the lesson runs longer than ``timeout``.
    """
    backend = resolve_backend_name(backend)
    path = check_path("path", path).resolve()
    timeout = check_positive_number("timeout", timeout)
    cwd = None if cwd is None else check_path("cwd", cwd)
    env = dict(os.environ, COURSE_SIMULATOR=backend, MPLBACKEND="agg", **(extra_env or {}))
    with tempfile.TemporaryDirectory(prefix="course-lesson-") as scratch:
        folder = cwd if cwd is not None else Path(scratch)
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


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    if not words:
        raise ValueError(f"title {title!r} needs at least one letter or digit")
    return "_".join(words)[:40].rstrip("_")


def _next_number(examples: Path, section: str) -> str:
    """The next lesson number of a section: one more than its last lesson, or,
    when another section already uses that number, the last one with a letter."""
    used = {}
    for path in Path(examples).rglob("*.py"):
        match = _LESSON_NAME.match(path.name)
        if match:
            used[match["number"] + match["suffix"]] = path.parent.name
    folder = SECTIONS[section]
    own = sorted(key for key, where in used.items() if where == folder)
    if not own:
        return f"{FIRST_NUMBERS[section]:02d}"
    last = own[-1]
    candidate = f"{int(last[:2]) + 1:02d}"
    if candidate not in used:
        return candidate
    for letter in "abcdefghijklmnopqrstuvwxyz":
        candidate = f"{last[:2]}{letter}"
        if candidate not in used:
            return candidate
    raise ValueError(f"no free lesson number after {last} in {folder}")


#: The level a new lesson of each section starts with (the lesson frame).
LEVELS = {
    "building": "Beginner",
    "running": "Beginner",
    "analysing": "Beginner",
    "exercises": "Moderate",
    "next_steps": "Intermediate",
}

#: Where the tests of each section's lessons live in ``tests/``: one file per
#: section, except the exercises, where each task has a file of its own
#: (``{task}`` is the lesson's place in its section: lesson 21 is task 1).
TEST_FILES = {
    "building": "test_lessons_building.py",
    "running": "test_lessons_running.py",
    "analysing": "test_lessons_analysing.py",
    "exercises": "test_task{task}.py",
    "next_steps": "test_next_steps.py",
}

_TEST_FILE_HEADER = '''"""{heading}"""

from __future__ import annotations

import pytest
'''


def _test_file(tests: Path, section: str, examples: Path) -> Path:
    """The test file of a new lesson in ``section``: its section's, or a new task's."""
    name = TEST_FILES[section]
    if "{task}" in name:
        folder = examples / SECTIONS[section]
        existing = [path for path in folder.glob("*.py") if _LESSON_NAME.match(path.name)]
        name = name.format(task=len(existing) + 1)
    return tests / name


def new_lesson(title: str, section: str, examples, tests) -> tuple[Path, Path]:
    """Create the next numbered lesson of a section and a failing test of it.

    The test goes where the tests of the section's other lessons live (see
    :data:`TEST_FILES`): it is added at the end of the section's test file,
    or, for an exercise, written as the new task's own file.

    Parameters
    ----------
    title : str
        Lesson title, e.g. ``"Gap junctions"``.
    section : str
        One of the keys of :data:`SECTIONS`.
    examples, tests : path-like
        The ``examples/`` and ``tests/`` folders.

    Returns
    -------
    lesson : pathlib.Path
        The lesson written, from the template.
    test : pathlib.Path
        The test file that holds its new test, ``test_lesson_<number>_<slug>``.
        The test runs the lesson through the ``run_lesson`` fixture and fails,
        showing the spike counts of every recording the lesson keeps (read
        from ``run.namespace``, whatever their names), until the lesson's
        outcome is asserted.

    Raises
    ------
    TypeError
        For a title that is not text, or folders that are not path-like.
    ValueError
        For an unknown section, an empty title, or a lesson or test with the
        same name that exists already.
    """
    title = check_text("title", title).strip()
    check_choice("section", section, tuple(SECTIONS))
    slug = _slug(title)
    examples, tests = check_path("examples", examples), check_path("tests", tests)
    for existing in examples.rglob(f"*_{slug}.py"):
        raise ValueError(f"a lesson called {title!r} exists already: {existing}")
    folder = SECTIONS[section]
    number = _next_number(examples, section)
    lesson = examples / folder / f"{number}_{slug}.py"
    test = _test_file(tests, section, examples)
    test_code = TEST_TEMPLATE.format(number=number, slug=slug, relative=f"{folder}/{lesson.name}")
    if test.exists():
        existing_tests = test.read_text(encoding="utf-8")
        if f"def test_lesson_{number}_{slug}(" in existing_tests:
            raise ValueError(f"{test} already has a test_lesson_{number}_{slug}")
        if section == "exercises":
            raise ValueError(f"a test file {test} exists already")
        if not re.search(r"^import pytest$", existing_tests, flags=re.MULTILINE):
            raise ValueError(f"{test} does not import pytest; add the import and try again")
    else:
        heading = f"Lesson {number}: {title}: the lesson's outcomes on NEST."
        existing_tests = _TEST_FILE_HEADER.format(heading=heading)
    heading = f"{number}. {title}"
    lesson.write_text(
        LESSON_TEMPLATE.format(
            number=number, title=title, underline="=" * len(heading), level=LEVELS[section]
        ),
        encoding="utf-8",
    )
    test.write_text(existing_tests.rstrip("\n") + "\n" + test_code, encoding="utf-8")
    return lesson, test


def main(argv: list[str] | None = None) -> int:
    """Command line: run lessons and print one line each; exit 1 if any failed.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (``sys.argv[1:]`` when omitted): the ``examples/``
        folder, an optional pattern, ``--backend``, ``--report`` and
        ``--list`` (list the matching lessons without running them).

    Returns
    -------
    int
        The exit status: 0 when every lesson passed, 1 otherwise (also when
        no lesson matches the pattern).
    """
    parser = argparse.ArgumentParser(
        prog="python -m course.lessons",
        description="Run lesson scripts, each in a fresh process and an empty folder.",
    )
    parser.add_argument("examples", help="the examples/ folder")
    parser.add_argument(
        "pattern", nargs="?", default=None, help="regular expression selecting lessons by path"
    )
    parser.add_argument("--backend", default="nest", help="nest, spiNNaker or virtual")
    parser.add_argument(
        "--report", default=None, help="also write the outcome of every lesson to this JSON file"
    )
    parser.add_argument(
        "--list", action="store_true", help="only list the matching lessons, run none"
    )
    args = parser.parse_args(argv)

    lessons = find_lessons(args.examples, args.pattern)
    if not lessons:
        print(f"no lesson matches {args.pattern!r}", file=sys.stderr)
        return 1
    if args.list:
        print("\n".join(str(lesson.relative_to(args.examples)) for lesson in lessons))
        return 0
    failures = 0
    total = 0.0
    outcomes = []
    for lesson in lessons:
        run = run_lesson(lesson, args.backend)
        outcomes.append(
            {
                "lesson": str(lesson.relative_to(args.examples)),
                "ok": run.ok,
                "seconds": round(run.seconds, 2),
                "left_behind": run.left_behind,
                "warnings": run.warnings,
            }
        )
        total += run.seconds
        if not run.ok:
            problems = run.stderr.strip().splitlines()[-25:] or [
                f"exited with status {run.returncode}"
            ]
        else:
            problems = [f"printed a warning: {line}" for line in run.warnings]
            if run.left_behind:
                problems.append(f"left files in its working folder: {', '.join(run.left_behind)}")
        failures += bool(problems)
        status = "FAILED" if problems else "ok"
        print(f"{status:6} {run.seconds:6.1f} s  {lesson.relative_to(args.examples)}", flush=True)
        print("".join(f"    {line}\n" for line in problems), end="")
    if args.report:
        report = Path(args.report)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps({"backend": args.backend, "lessons": outcomes}, indent=1))
    print(f"{total:.1f} s in all on {args.backend}")
    print(f"lessons: {len(lessons) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
