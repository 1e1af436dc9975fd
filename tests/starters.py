"""Fill a task's starter script with the worked solution's lines, as a learner would.

A starter (``docs/starters/taskN_starter.py``) marks every part the learner
writes as a block::

    # TODO k: what to write
    name = course.check.todo(k, "what to write")
    # END TODO k

and ends with ``result = course.check.taskN(...)``. :func:`fill_starter`
replaces the inside of every block with the answer for it; every line of an
answer must stand in the task's lesson (the worked solution), so the starter
and the lesson cannot drift apart unnoticed.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
