"""Every lesson reads as one course: within its word budget, its idea before the backend
details, framed (level, time, prerequisites, objectives), with an answered "Try it
yourself" and three to five key points; and the lessons link the glossary.

The measuring is in ``docs/_lesson_prose.py`` (``nox -s prose`` prints its table;
``pytest -s -k report`` prints it too). The synthetic lessons below prove that each
check passes a lesson that meets it and refuses one that does not.
"""

from __future__ import annotations

import re

import pytest

from docs._lesson_prose import (
    MIN_LESSONS_LINKING_GLOSSARY,
    glossary_terms,
    lesson_paths,
    measure,
    measure_file,
    table,
)

LESSONS = lesson_paths()

FRAME = """
.. admonition:: About this lesson
   :class: lesson-frame

   :Level: {level}
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-01`
   :You will be able to: build a population, run it, and read its spikes.
"""

CLOSING = """
# %%
# On SpiNNaker
# ------------
# The same script runs on the board.
#
# .. dropdown:: On SpiNNaker: why the times differ
#
#    Folded words about the machine.
#
# %%
# Try it yourself
# ---------------
# Double the weight. Before you run it, write down how many spikes you expect.
#
# .. dropdown:: Answer
#
#    Four spikes instead of two.

# %%
# Key points
# ----------
#
# * A population is a group of cells of one type.
# * A projection connects two populations.
# * Every :term:`spike` is recorded by ``record``.
"""


def lesson(
    *,
    level: str = "Beginner",
    frame: str = FRAME,
    idea_words: int = 100,
    backend_words: int = 0,
    closing: str = CLOSING,
) -> str:
    """A small lesson script: docstring with the frame, one idea cell, the closing cells."""
    idea = " ".join(["spikes"] * idea_words)
    backend = " ".join(["NEST"] * backend_words)
    return (
        '"""\n.. _lesson-99:\n\n09. A synthetic lesson\n======================\n\n'
        "One overview paragraph about populations.\n"
        + frame.format(level=level)
        + '"""\n\n# %%\n# The idea\n# --------\n# '
        + idea
        + "\n#\n# "
        + backend
        + "\nimport course\n"
        + closing
    )


def problems_of(source: str, number: int = 9) -> list[str]:
    return measure(source, "synthetic", number).problems


def test_a_lesson_that_meets_every_target_passes():
    prose = measure(lesson(), "synthetic", 9)
    assert prose.problems == []
    assert prose.frame["Level"] == "Beginner"
    assert prose.key_points == 3
    assert prose.terms == ["spike"]


def test_the_main_flow_counts_prose_outside_folded_boxes_and_code():
    """Counted by hand from ``lesson()``: the title 4 words, the overview 5, "The idea"
    2 + 100, "On SpiNNaker" 2 + 7, "Try it yourself" 3 + 14, "Key points" 2 + 24 (a
    bullet's ``*`` counts, as in the shared hook). Not counted: the frame (24 words)
    and the two dropdowns (5 + 5), which are folded, and the code."""
    prose = measure(lesson(), "synthetic", 9)
    assert prose.main_words == 4 + 5 + 102 + 9 + 17 + 26
    assert prose.backend_words == 9  # "On SpiNNaker" and its paragraph, naming the board
    assert prose.folded_words == 24 + 5 + 5


def test_a_lesson_past_its_word_budget_is_refused():
    # 600 more idea words than the passing lesson: 763 in the main flow.
    assert problems_of(lesson(idea_words=700)) == ["763 words in the main flow; at most 700"]
    # Task 1 has the smallest budget; lesson 14 and the next steps the largest.
    assert problems_of(lesson(idea_words=400, level="Easy"), 21) == [
        "463 words in the main flow; at most 450"
    ]
    assert problems_of(lesson(idea_words=700, level="Advanced"), 41) == []


def test_a_lesson_mostly_about_the_backends_is_refused_except_01_14_38():
    source = lesson(idea_words=50, backend_words=150, level="Beginner")
    assert any("about the backends; at most 35%" in p for p in problems_of(source))
    assert problems_of(source, 1) == []
    assert problems_of(lesson(idea_words=50, backend_words=150, level="Intermediate"), 14) == []


@pytest.mark.parametrize("field", ["Level", "Time", "Prerequisites", "You will be able to"])
def test_a_frame_without_one_of_its_fields_is_refused(field):
    frame = re.sub(rf"\n   :{field}:.*", "", FRAME)
    assert problems_of(lesson(frame=frame)) == [f"the frame lacks :{field}:"]


def test_a_lesson_without_the_frame_is_refused():
    assert problems_of(lesson(frame="")) == ['no "About this lesson" admonition (the lesson frame)']


def test_the_frame_belongs_in_the_docstring_at_the_top():
    moved = lesson(frame="").replace(
        "\n# %%\n# The idea", "\n# %%\n#" + FRAME.format(level="Beginner").replace("\n", "\n# ")
    )
    moved = moved.replace("\n# %%\n# \n# .. admonition", "\n# %%\n#\n# .. admonition")
    assert 'the "About this lesson" frame is not in the docstring at the top' in problems_of(moved)


def test_a_level_outside_the_section_s_levels_is_refused():
    assert problems_of(lesson(level="Easy")) == ["level 'Easy'; allowed here: ['Beginner']"]
    assert problems_of(lesson(level="Moderate"), 23) == []
    assert problems_of(lesson(level="Intermediate"), 14) == []


def test_a_time_without_minutes_and_prerequisites_without_links_are_refused():
    frame = FRAME.replace("about 20 minutes", "short").replace(":ref:`lesson-01`", "lesson 1")
    assert problems_of(lesson(frame=frame)) == [
        "time 'short' names no minutes or hours",
        "prerequisites must be :ref: links to lessons, or none",
    ]
    assert problems_of(lesson(frame=FRAME.replace(":ref:`lesson-01`", "none"))) == []


def test_a_try_it_without_a_folded_answer_is_refused():
    closing = CLOSING.replace(".. dropdown:: Answer", "Answer:")
    assert problems_of(lesson(closing=closing)) == [
        '"Try it yourself" has no following ".. dropdown:: Answer"'
    ]


@pytest.mark.parametrize(
    "asking", ["Before you draw it, guess", "Predict", "First write down how many spikes"]
)
def test_a_try_it_may_ask_for_the_prediction_in_its_own_words(asking):
    closing = CLOSING.replace("Before you run it, write down", asking)
    assert problems_of(lesson(closing=closing)) == []


def test_a_try_it_that_asks_for_no_prediction_is_refused():
    closing = CLOSING.replace("Before you run it, write down", "Count")
    assert problems_of(lesson(closing=closing)) == [
        '"Try it yourself" asks for no prediction ("Before you run it")'
    ]


@pytest.mark.parametrize("bullets", [2, 6])
def test_too_few_or_too_many_key_points_are_refused(bullets):
    points = "".join(f"# * Point number {i}.\n" for i in range(bullets))
    closing = re.sub(r"(# \* .*\n)+", points, CLOSING)
    assert problems_of(lesson(closing=closing)) == [f"{bullets} key points; 3 to 5 bullets wanted"]


def test_key_points_that_are_not_the_last_section_are_refused():
    closing = CLOSING + "\n# %%\n# Clean up\n# --------\nsim.end()\n"
    assert 'the last section is not "Key points"' in problems_of(lesson(closing=closing))


def test_closing_sections_out_of_order_are_refused():
    on_spinnaker, rest = CLOSING.split("# %%\n# Try it yourself")
    swapped = "# %%\n# Try it yourself" + rest.split("# %%\n# Key points")[0] + on_spinnaker
    swapped += "# %%\n# Key points" + rest.split("# %%\n# Key points")[1]
    assert problems_of(lesson(closing=swapped)) == [
        "the closing sections are not in the order: "
        "What SpiNNaker will show, On SpiNNaker, Try it yourself, Key points"
    ]


def test_a_glossary_link_broken_over_two_lines_names_one_term():
    closing = CLOSING.replace(
        "# * Every :term:`spike` is", "# * Every :term:`fired\n#   spike <spike\n#   train>` is"
    )
    assert measure(lesson(closing=closing), "synthetic", 9).terms == ["spike train"]


def test_the_glossary_terms_are_read_as_sphinx_reads_them(tmp_path):
    glossary = tmp_path / "glossary.rst"
    glossary.write_text(
        "Glossary\n========\n\n.. glossary::\n   :sorted:\n\n   EPSP\n   IPSP\n"
        "      Post-synaptic potentials.\n\n   LIF\n      Leaky integrate-and-fire.\n"
    )
    assert glossary_terms(glossary) == {"epsp", "ipsp", "lif"}


# --- the lessons themselves ---------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_meets_its_budget_and_has_its_frame(path):
    prose = measure_file(path)
    assert prose.problems == [], f"{path.name}: " + "; ".join(prose.problems)


def test_every_glossary_link_of_a_lesson_names_a_glossary_term():
    defined = glossary_terms()
    missing = sorted(
        f"{path.stem}: {term}"
        for path in LESSONS
        for term in measure_file(path).terms
        if term.strip().lower() not in defined
    )
    assert missing == []


def test_enough_lessons_link_the_glossary():
    linking = [path.stem for path in LESSONS if measure_file(path).terms]
    assert len(linking) >= MIN_LESSONS_LINKING_GLOSSARY, linking


def test_report(capsys):
    """The per-lesson table (``pytest -s -k report`` shows it); it always passes."""
    report = table([measure_file(path) for path in LESSONS])
    with capsys.disabled():
        print("\n" + report)
    assert report.count("\n") >= len(LESSONS)


@pytest.mark.parametrize("section", ["building", "exercises", "next_steps"])
def test_a_new_lesson_is_framed_and_refused_until_its_template_text_is_written(section, tmp_path):
    from course.lessons import new_lesson

    examples, tests = tmp_path / "examples", tmp_path / "tests"
    for folder in ("01_building", "02_running", "03_analysing", "04_exercises", "05_next_steps"):
        (examples / folder).mkdir(parents=True)
    tests.mkdir()
    lesson, _ = new_lesson("Gap junctions", section, examples, tests)
    source = lesson.read_text(encoding="utf-8")
    number = int(lesson.name[:2])
    problems = measure(source, lesson.name, number).problems
    assert len(problems) == 1 and problems[0].startswith("template text still to write: ")
    written = re.sub(r"\[to write[^\]]*\]", "Words of the lesson's author.", source)
    assert measure(written, lesson.name, number).problems == []
