"""`nox -s new_lesson`: the new lesson and its test land where the other lessons' do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.lessons import SECTIONS, TEST_FILES, find_lessons, new_lesson

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path):
    """A copy of the repository's examples/ and tests/ to write new lessons into, with
    the docs module the tests' run_lesson fixture imports (docs/_spike_digest.py)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(
        ROOT / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "_spike_digest.py", tmp_path / "docs" / "_spike_digest.py")
    return tmp_path


def _lesson_tests(repo: Path, section: str) -> list[Path]:
    """The test files that run a lesson of ``section`` through the run_lesson fixture."""
    folder = SECTIONS[section]
    return sorted(
        path
        for path in (repo / "tests").glob("test_*.py")
        if f'run_lesson("{folder}/' in path.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("section", ["building", "running", "analysing", "next_steps"])
def test_a_lesson_test_is_added_to_its_sections_test_file(repo, section):
    test_file = repo / "tests" / TEST_FILES[section]
    before = test_file.read_text(encoding="utf-8")
    lesson, test = new_lesson("Gap junctions", section, repo / "examples", repo / "tests")
    assert test == test_file
    # The file is the one that already tests the section's lessons.
    assert test_file in _lesson_tests(repo, section)
    after = test.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing of the old file changes
    number = lesson.name.split("_")[0]  # 08a after 08: 09 belongs to "running"
    assert f"def test_lesson_{number}_gap_junctions(run_lesson):" in after
    assert f'run_lesson("{SECTIONS[section]}/{lesson.name}")' in after
    assert 'run.namespace["recording"]' in after and "run.stdout" not in after[len(before) :]
    compile(after, str(test), "exec")


def test_an_exercise_gets_its_own_task_file(repo):
    lesson, test = new_lesson("Gap junctions", "exercises", repo / "examples", repo / "tests")
    # Lessons 21-25 are tasks 1-5, tested in test_task1.py ... test_task5.py.
    assert lesson.name == "26_gap_junctions.py"
    assert test == repo / "tests" / "test_task6.py"
    assert all((repo / "tests" / f"test_task{task}.py").exists() for task in range(1, 6))
    text = test.read_text(encoding="utf-8")
    assert text.startswith('"""Lesson 26: Gap junctions')
    assert "import pytest" in text and "def test_lesson_26_gap_junctions(run_lesson):" in text


def test_the_new_test_reads_the_lessons_results_and_fails_until_completed(repo):
    """Run the generated test with the repository's fixtures: it runs the lesson on
    NEST, reads its spike counts from the namespace, and fails asking for asserts."""
    lesson, test = new_lesson("Gap junctions", "next_steps", repo / "examples", repo / "tests")
    node = f"{test.relative_to(repo)}::test_lesson_{lesson.name.split('_')[0]}_gap_junctions"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", node, "-q", "-p", "no:cacheprovider", "-n", "0"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout[-3000:]
    assert "1 failed" in completed.stdout
    # The template's ten cells get 1 nA each: every one fires, the same number of times.
    assert "measured spike counts [" in completed.stdout
    assert "assert this lesson's outcome" in completed.stdout
    assert "AssertionError" not in completed.stdout  # the lesson ran quietly and left nothing


def test_refusals(repo):
    new_lesson("Gap junctions", "next_steps", repo / "examples", repo / "tests")
    with pytest.raises(ValueError, match="a lesson called 'Gap junctions' exists already"):
        new_lesson("Gap junctions", "building", repo / "examples", repo / "tests")
    with pytest.raises(ValueError, match="section='misc' is not allowed"):
        new_lesson("Other", "misc", repo / "examples", repo / "tests")
    with pytest.raises(ValueError, match="needs at least one letter or digit"):
        new_lesson(" -- ", "next_steps", repo / "examples", repo / "tests")
    (repo / "tests" / "test_task6.py").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"test_task6\.py exists already"):
        new_lesson("Plasticity", "exercises", repo / "examples", repo / "tests")


def test_find_lessons_selects_by_pattern_and_refuses_a_broken_one():
    examples = Path(__file__).resolve().parents[1] / "examples"
    # Lessons 01 to 08 live in 01_building: the pattern is matched against the path.
    assert [path.parent.name for path in find_lessons(examples, "^01_building/")] == [
        "01_building"
    ] * len(list((examples / "01_building").glob("[0-9]*.py")))
    with pytest.raises(ValueError, match=r"pattern='\(' is not a valid regular expression"):
        find_lessons(examples, "(")
