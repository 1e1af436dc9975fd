"""`nox -s new_lesson`: the new lesson and its test land where the other lessons' do."""

from __future__ import annotations

import ast
import re
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
    assert "run.namespace.items()" in after and "run.stdout" not in after[len(before) :]
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
    # An exercise gets a test file of its own: the run collects nothing else.
    lesson, test = new_lesson("Gap junctions", "exercises", repo / "examples", repo / "tests")
    text = lesson.read_text(encoding="utf-8")
    renamed = text.replace('"cells"', '"neurons"').replace("'cells'", "'neurons'")
    lesson.write_text(re.sub(r"\brecording\b", "rec", renamed), encoding="utf-8")
    node = f"{test.relative_to(repo)}::test_lesson_{lesson.name.split('_')[0]}_gap_junctions"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", node, "-q", "-p", "no:cacheprovider", "-n", "0"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = completed.stdout
    assert completed.returncode == 1, completed.stdout[-3000:]
    assert "1 failed" in completed.stdout
    # The template's ten cells get 1 nA each: every one fires, the same number of times;
    # the population and the recording are renamed, and the test still finds them.
    counts = re.search(r"measured spike counts \{\"rec\['neurons'\]\": \[(\d+)(, \1){9}\]\}", out)
    assert counts and int(counts[1]) > 0, out[-3000:]
    assert "assert this lesson's outcome" in out
    assert "AssertionError" not in out  # the lesson ran quietly and left nothing


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


#: What a lesson test checks to see that the lesson ran cleanly: not an outcome.
_RAN_CLEANLY = {"ok", "stderr", "left_behind", "returncode"}


def _outcome_checks(test: ast.FunctionDef) -> int:
    """Assertions of a test beyond ``run.ok``, ``run.stderr`` and ``run.left_behind``."""
    count = 0
    for node in ast.walk(test):
        if isinstance(node, ast.Assert):
            names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            attributes = {n.attr for n in ast.walk(node.test) if isinstance(n, ast.Attribute)}
            count += not (names <= {"run"} and attributes <= _RAN_CLEANLY)
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else ""
            count += (name or getattr(function, "id", "")).startswith("assert_")
    return count


def _calls(test: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
        for node in ast.walk(test)
    )


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("test_*.py")), ids=lambda p: p.name)
def test_every_lesson_test_asserts_an_outcome(path):
    """A lesson test made by the scaffold (``test_lesson_NN_<slug>``) that runs its lesson
    must assert an outcome: deleting only the template's ``pytest.fail`` call is refused."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    empty = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and re.match(r"test_lesson_\d\d[a-z]?_", node.name)
        and _calls(node, "run_lesson")
        and not _calls(node, "fail")
        and _outcome_checks(node) == 0
    ]
    assert empty == [], f"{path.name}: these lesson tests assert no outcome of their lesson"


def test_the_outcome_check_refuses_the_template_without_its_fail_call(repo):
    """The scaffold's test with its ``pytest.fail`` call deleted and nothing added is
    caught; one outcome assertion added is enough."""
    lesson, test = new_lesson("Gap junctions", "next_steps", repo / "examples", repo / "tests")
    name = f"test_lesson_{lesson.name.split('_')[0]}_gap_junctions"
    source = test.read_text(encoding="utf-8")
    function = next(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.name == name
    )
    body = ast.get_source_segment(source, function)
    without_fail = body[: body.index("    pytest.fail(")]
    stripped = ast.parse(without_fail).body[0]
    assert _calls(stripped, "run_lesson") and not _calls(stripped, "fail")
    assert _outcome_checks(stripped) == 0
    completed = ast.parse(without_fail + "    assert sum(spike_counts.values(), []) == [5] * 10\n")
    assert _outcome_checks(completed.body[0]) == 1


def test_quick_keeps_the_tests_that_reach_a_changed_module():
    """``pytest --changed`` (nox -s quick), for a change to course/stdp.py: in the files
    that use it, the tests whose own code (or parameter) reaches it are kept, the others
    are left out; a file that does not use it is left out whole. Read off by hand from
    the tests named here."""
    files = [
        "tests/test_stdp.py",
        "tests/test_geometry.py",
        "tests/test_docstrings.py",
        "tests/test_check.py",
        "tests/test_bad_input_sweep.py",
    ]
    options = ["--collect-only", "-q", "-p", "no:cacheprovider", "-n", "0"]
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", *options, "--changed=course/stdp.py", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    docstring = "tests/test_docstrings.py::test_docstring_passes_numpydoc_validation[{}]"
    sweep = "tests/test_bad_input_sweep.py::test_bad_input_gets_the_courses_own_error[{}]"
    kept = [
        "tests/test_stdp.py::test_weight_change_per_backend",  # StdpRule, imported by name
        docstring.format("course.stdp.StdpRule.weight_change"),  # named by its parameter
        docstring.format("course.check.stdp_pairing.task4"),  # a module that imports stdp
        "tests/test_check.py::test_task4_right",  # course.check.task4 is stdp_pairing's
        sweep.format("simulate-run_time-wrong_type"),  # the board model runs STDP rules
    ]
    left_out = [
        # In test_stdp.py, but it reads sPyNNaker alone.
        "tests/test_stdp.py::test_spynnaker_writes_multiplicative_amplitudes_as_fractions",
        docstring.format("course.geometry.shape_mask"),
        # course.check gathers the STDP checks too, but task1 is simple_network's.
        "tests/test_check.py::test_task1_right",
        sweep.format("save-fmt-wrong_type"),  # the sweep's table entry for course.save
    ]
    assert all(node in collected for node in kept), collected[-3:]
    assert not any(node in collected for node in left_out)
    assert not any(line.startswith("tests/test_geometry.py") for line in collected)


def test_a_variant_stops_before_the_cell_that_holds_the_text():
    """run_variant(stop_before=...) runs the cells before the named one, and refuses a
    text the lesson does not hold exactly once."""
    from tests.conftest import _cells_before

    source = '"""Title."""\n\n# %%\n# Run\nx = 1\n\n# %%\n# On the board\ny = 2\n\n# %%\nz = 3\n'
    assert _cells_before(source, "On the board", "lesson.py") == (
        '"""Title."""\n\n# %%\n# Run\nx = 1\n\n'
    )
    namespace: dict = {}
    exec(_cells_before(source, "z = 3", "lesson.py"), namespace)
    assert (namespace["x"], namespace["y"]) == (1, 2) and "z" not in namespace
    for text, message in (("w = 4", "occurs 0 times"), ("# %%", "occurs 3 times")):
        with pytest.raises(AssertionError, match=message):
            _cells_before(source, text, "lesson.py")
