"""What a learner meets on a lesson's page, measured, and the frame every lesson must have.

A lesson is a sphinx-gallery script: a docstring (title, overview, the "About this
lesson" frame) and ``# %%`` cells whose comment lines are reST. This module reads
that reST the way the page shows it and measures

* the **main flow**: words of prose outside folding or side directives (dropdowns,
  admonitions, notes, tables, figures, code) and outside code cells, what a reader
  meets before opening anything;
* the **backend share**: the part of those words in paragraphs that name NEST,
  SpiNNaker, sPyNNaker, the board, a backend or the virtual board;
* the **frame**: the "About this lesson" admonition (level, time, prerequisites,
  objectives), the "Try it yourself" that asks for a prediction and is answered in a
  ``.. dropdown:: Answer``, the closing "Key points" (three to five bullets), and the
  order of the closing sections.

The counting follows the course's shared prose hook (``lesson_prose.py``), so the
numbers agree with it. ``tests/test_lesson_frame.py`` fails a lesson past its budget
or without its frame; ``python docs/_lesson_prose.py [examples]`` (or ``nox -s prose``)
prints the table. Only the standard library is used, so the check runs anywhere.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GLOSSARY = ROOT / "docs" / "glossary.rst"

#: Directives whose content a reader does not meet in the main flow: folded boxes,
#: side boxes, tables, figures and code.
FOLDING = re.compile(
    r"^\s*\.\. (dropdown|admonition|note|tip|seealso|hint|important|warning|details|"
    r"tab-item|tab-set|attention|caution|topic|sidebar|versionadded|code-block|code|math|"
    r"list-table|csv-table|table|figure|image)::"
)
#: A paragraph naming one of these is about the backends.
BACKEND_WORDS = re.compile(r"\b(NEST|SpiNNaker|sPyNNaker|board|backends?|virtual)\b")
UNDERLINE = re.compile(r"^[=\-~^*]{3,}\s*$")

MAX_BACKEND_SHARE = 0.35
#: Lessons whose subject is the backend: their backend share is not limited.
BACKEND_LESSONS = frozenset({1, 14, 38})
#: Lessons that must link the glossary (``:term:``), at least.
MIN_LESSONS_LINKING_GLOSSARY = 25
KEY_POINTS = (3, 5)
FRAME_FIELDS = ("Level", "Time", "Prerequisites", "You will be able to")


def word_budget(number: int) -> int:
    """Most words the main flow of lesson ``number`` may have."""
    if number == 21:  # Task 1, the easy first network
        return 450
    if 1 <= number <= 13 or 22 <= number <= 29:
        return 700
    return 900  # lesson 14 (the closing, intermediate one) and the next steps, 31 on


def allowed_levels(number: int) -> frozenset[str]:
    """The levels lesson ``number`` may state: its section's levels."""
    if number <= 13:
        return frozenset({"Beginner"})
    if number == 14:
        return frozenset({"Intermediate"})
    if 21 <= number <= 29:  # the tasks keep the course notes' levels
        return frozenset({"Easy", "Moderate", "Hard"})
    return frozenset({"Intermediate", "Advanced"})


@dataclass
class Prose:
    """One lesson measured: its numbers, its frame, and what it lacks."""

    name: str
    number: int
    main_words: int = 0
    backend_words: int = 0
    folded_words: int = 0
    frame: dict[str, str] = field(default_factory=dict)
    key_points: int = 0
    terms: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def backend_share(self) -> float:
        return self.backend_words / self.main_words if self.main_words else 0.0


def page_lines(source: str) -> tuple[list[str], int]:
    """The reST lines of a lesson script, and how many of them are its docstring."""
    src = source.splitlines()
    lines: list[str] = []
    i = 0
    if src and src[0].startswith('"""'):
        i = 1
        while i < len(src) and '"""' not in src[i]:
            lines.append(src[i])
            i += 1
        i += 1
    in_docstring = len(lines)
    in_text = False
    for line in src[i:]:
        if line.startswith("# %%"):
            in_text = True
            lines.append("")
        elif in_text and (line.startswith("# ") or line == "#"):
            lines.append(line[2:])
        else:
            if in_text:
                lines.append("")
            in_text = False
    return lines, in_docstring


def sections(lines: list[str]) -> list[tuple[str, int, int]]:
    """(title, first line, end) of every heading, in order (an underlined line)."""
    starts = [
        (lines[i].strip(), i)
        for i in range(len(lines) - 1)
        if lines[i].strip()
        and not lines[i].startswith(" ")
        and UNDERLINE.match(lines[i + 1])
        and len(lines[i + 1].strip()) >= len(lines[i].strip())
    ]
    ends = [start for _, start in starts[1:]] + [len(lines)]
    return [(title, start, end) for (title, start), end in zip(starts, ends, strict=True)]


def count_words(lines: list[str]) -> tuple[list[str], int]:
    """Main-flow paragraphs and the folded word count (the shared hook's rules)."""
    paragraphs, folded, current, fold_indent = [], 0, [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if fold_indent is not None:
            if not line.strip() or indent > fold_indent:
                folded += len(line.split())
                continue
            fold_indent = None
        if FOLDING.match(line) or not line.strip():
            if FOLDING.match(line):
                fold_indent = indent
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if UNDERLINE.match(line.strip()) or line.strip().startswith(".. _"):
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs, folded


def directive_block(lines: list[str], start: int) -> list[str]:
    """The indented lines under the directive at ``lines[start]``."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    return block


def read_frame(lines: list[str], in_docstring: int) -> tuple[dict[str, str], list[str]]:
    """The fields of the "About this lesson" admonition, and what is wrong with it."""
    starts = [
        i for i, line in enumerate(lines) if line.strip() == ".. admonition:: About this lesson"
    ]
    if not starts:
        return {}, ['no "About this lesson" admonition (the lesson frame)']
    problems = []
    if starts[0] >= in_docstring:
        problems.append('the "About this lesson" frame is not in the docstring at the top')
    frame: dict[str, str] = {}
    name = None
    for line in directive_block(lines, starts[0]):
        found = re.match(r"^\s*:([^:]+):\s*(.*)$", line)
        if found:
            name = found[1].strip()
            frame[name] = found[2].strip()
        elif name and line.strip():
            frame[name] += " " + line.strip()
    for name in FRAME_FIELDS:
        if not frame.get(name, "").strip():
            problems.append(f"the frame lacks :{name}:")
    return frame, problems


def check_frame_values(number: int, frame: dict[str, str]) -> list[str]:
    problems = []
    level = frame.get("Level", "")
    if level and level not in allowed_levels(number):
        problems.append(f"level {level!r}; allowed here: {sorted(allowed_levels(number))}")
    time = frame.get("Time", "")
    if time and not re.search(r"\d+\s*(minutes?|min|hours?)\b", time):
        problems.append(f"time {time!r} names no minutes or hours")
    prerequisites = frame.get("Prerequisites", "")
    if prerequisites and ":ref:" not in prerequisites and prerequisites.lower() != "none":
        problems.append("prerequisites must be :ref: links to lessons, or none")
    return problems


def check_closing(lines: list[str], heads: list[tuple[str, int, int]]) -> tuple[int, list[str]]:
    """The closing sections in order, the answered try-it, and the key points."""
    problems = []
    titles = [title for title, _, _ in heads]
    if not titles or titles[-1] != "Key points":
        problems.append('the last section is not "Key points"')
    order = ["What SpiNNaker will show", "On SpiNNaker", "Try it yourself", "Key points"]
    positions = []
    for wanted in order:
        found = [i for i, title in enumerate(titles) if title.startswith(wanted)]
        if found:
            positions.append((found[-1], wanted))
        elif wanted != "What SpiNNaker will show":
            problems.append(f'no "{wanted}" section')
    if [wanted for _, wanted in sorted(positions)] != [wanted for _, wanted in positions]:
        problems.append("the closing sections are not in the order: " + ", ".join(order))
    key_points = 0
    for title, start, end in heads:
        body = lines[start + 2 : end]
        if title == "Try it yourself":
            text = " ".join(body).lower()
            if not any(line.strip() == ".. dropdown:: Answer" for line in body):
                problems.append('"Try it yourself" has no following ".. dropdown:: Answer"')
            if not re.search(r"predict|before you \w+|write down", text):
                problems.append('"Try it yourself" asks for no prediction ("Before you run it")')
        if title == "Key points":
            key_points = sum(1 for line in body if re.match(r"^[*-] \S", line))
            low, high = KEY_POINTS
            if not low <= key_points <= high:
                problems.append(f"{key_points} key points; {low} to {high} bullets wanted")
    return key_points, problems


def measure(source: str, name: str, number: int) -> Prose:
    """Measure lesson ``number`` (its script's text ``source``) and list its problems."""
    lines, in_docstring = page_lines(source)
    paragraphs, folded = count_words(lines)
    words = [len(paragraph.split()) for paragraph in paragraphs]
    prose = Prose(name=name, number=number, main_words=sum(words), folded_words=folded)
    prose.backend_words = sum(
        count
        for paragraph, count in zip(paragraphs, words, strict=True)
        if BACKEND_WORDS.search(paragraph)
    )
    found = re.findall(r":term:`(?:[^`<]*<)?([^`<>]+)>?`", "\n".join(lines))
    prose.terms = [" ".join(term.split()) for term in found]  # a role may span lines
    prose.frame, problems = read_frame(lines, in_docstring)
    problems += check_frame_values(number, prose.frame)
    prose.key_points, closing = check_closing(lines, sections(lines))
    problems += closing
    left = sorted(set(re.findall(r"\[to write: [^\]]*\]", "\n".join(lines))))
    if left:
        problems.append("template text still to write: " + ", ".join(left))
    budget = word_budget(number)
    if prose.main_words > budget:
        problems.append(f"{prose.main_words} words in the main flow; at most {budget}")
    if number not in BACKEND_LESSONS and prose.backend_share > MAX_BACKEND_SHARE:
        problems.append(
            f"{prose.backend_share:.0%} of the main flow is about the backends; "
            f"at most {MAX_BACKEND_SHARE:.0%} (fold the details into dropdowns)"
        )
    prose.problems = problems
    return prose


def lesson_number(path: Path) -> int:
    found = re.match(r"(\d+)_", path.name)
    if not found:
        raise ValueError(f"lesson file {path.name!r} does not start with its number (NN_...)")
    return int(found[1])


def lesson_paths(examples: Path = EXAMPLES) -> list[Path]:
    """Every lesson script, in number order."""
    return sorted(examples.glob("*/[0-9]*_*.py"), key=lesson_number)


def measure_file(path: Path) -> Prose:
    return measure(path.read_text(encoding="utf-8"), path.stem, lesson_number(path))


def glossary_terms(glossary: Path = GLOSSARY) -> set[str]:
    """The terms the glossary defines, lower case (Sphinx matches them so)."""
    lines = glossary.read_text(encoding="utf-8").splitlines()
    terms = set()
    for line in lines:
        # A term sits three spaces in (its definition six); several may share one entry.
        if re.match(r"^   [^\s:]", line):
            terms.add(line.strip().lower())
    return terms


def table(measured: list[Prose]) -> str:
    """The per-lesson report: words, backend share, budget, frame, and problems."""
    rows = [
        f"{'lesson':34} {'words':>5} {'budget':>6} {'backend':>7} {'folded':>6} "
        f"{'level':12} {'time':18} {'key':>3} {'terms':>5}  problems"
    ]
    for prose in measured:
        rows.append(
            f"{prose.name[:34]:34} {prose.main_words:5d} {word_budget(prose.number):6d} "
            f"{prose.backend_share:7.0%} {prose.folded_words:6d} "
            f"{prose.frame.get('Level', '-')[:12]:12} {prose.frame.get('Time', '-')[:18]:18} "
            f"{prose.key_points:3d} {len(prose.terms):5d}  {len(prose.problems)}"
        )
    linking = sum(1 for prose in measured if prose.terms)
    failing = [prose for prose in measured if prose.problems]
    rows.append(
        f"{len(measured)} lessons; {linking} link the glossary (at least "
        f"{MIN_LESSONS_LINKING_GLOSSARY} must); {len(failing)} miss their targets or frame"
    )
    for prose in failing:
        rows.append(f"  {prose.name}: " + "; ".join(prose.problems))
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    examples = Path(argv[0]) if argv else EXAMPLES
    measured = [measure_file(path) for path in lesson_paths(examples)]
    print(table(measured))
    linking = sum(1 for prose in measured if prose.terms)
    return int(any(prose.problems for prose in measured) or linking < MIN_LESSONS_LINKING_GLOSSARY)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
