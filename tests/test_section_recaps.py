"""Each gallery section ends with a recap: three to five questions with folded answers,
placed below the section's lessons on its page (docs/_section_recaps.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docs._section_recaps import place_section_recaps

ROOT = Path(__file__).resolve().parents[1]
#: The sections' headers (the gallery's own, examples/GALLERY_HEADER.rst, has no recap).
HEADERS = sorted((ROOT / "examples").glob("*/GALLERY_HEADER.rst"))

RECAP = (
    "\n.. rst-class:: section-recap\n\nRecap\n~~~~~\n\n"
    ".. dropdown:: 1. A question?\n\n   Its answer.\n"
)
THUMBNAILS = (
    "\n.. raw:: html\n\n  <div id='sg-tag-list' class='sphx-glr-tag-list'></div>\n\n"
    ".. thumbnail-parent-div-open\n\n(thumbnails)\n\n.. toctree::\n   :hidden:\n\n   /x/01\n"
)


def _page(docname, text):
    source = [text]
    place_section_recaps(None, docname, source)
    return source[0]


def test_a_section_page_gets_its_recap_after_the_thumbnails_and_the_toctree():
    page = _page(
        "auto_examples/01_building/index", "Building\n--------\n\nIntro.\n" + RECAP + THUMBNAILS
    )
    assert page.index("(thumbnails)") < page.index(".. rst-class:: section-recap")
    assert page.index("/x/01") < page.index(".. dropdown:: 1. A question?")
    assert page.count("section-recap") == 1
    assert page.startswith("Building\n--------\n\nIntro.\n")


def test_the_page_of_all_sections_keeps_no_recap():
    page = _page(
        "auto_examples/index", "Lessons\n=======\n" + RECAP + THUMBNAILS + RECAP + THUMBNAILS
    )
    assert "section-recap" not in page
    assert page.count("(thumbnails)") == 2


def test_other_pages_are_left_alone():
    text = "FAQ\n===\n" + RECAP + THUMBNAILS
    assert _page("faq", text) == text


@pytest.mark.parametrize("header", HEADERS, ids=lambda header: header.parent.name)
def test_every_section_header_ends_with_three_to_five_folded_questions(header):
    text = header.read_text(encoding="utf-8")
    assert ".. rst-class:: section-recap" in text
    recap = text[text.index(".. rst-class:: section-recap") :]
    questions = re.findall(r"^\.\. dropdown:: (.+)$", recap, flags=re.MULTILINE)
    assert 3 <= len(questions) <= 5, questions
    assert all(question.rstrip().endswith("?") for question in questions), questions
    # Every question has an answer under it (an indented paragraph).
    blocks = re.split(r"^\.\. dropdown:: .+$", recap, flags=re.MULTILINE)[1:]
    assert all(re.search(r"^   \S", block, flags=re.MULTILINE) for block in blocks)
