"""Each gallery section's recap, placed below the section's lessons.

A section's ``GALLERY_HEADER.rst`` ends with its recap: a part that starts with
``.. rst-class:: section-recap`` and holds three to five questions, each a folded
``.. dropdown::`` with its answer. sphinx-gallery writes the whole header above
the lessons' thumbnails, and copies it into the page of all sections too.
:func:`place_section_recaps`, a Sphinx ``source-read`` handler, moves the recap
below the thumbnails on the section's page and leaves it out of the page of all
sections, which stays a list of lessons.
"""

from __future__ import annotations

import re

#: A recap starts at its class marker and ends where sphinx-gallery's own content
#: (a raw HTML block) begins.
RECAP = re.compile(r"\n\.\. rst-class:: section-recap\n.*?(?=\n\.\. raw:: html\n)", re.DOTALL)
GALLERY = "auto_examples"


def place_section_recaps(app, docname: str, source: list[str]) -> None:
    """Move a section page's recap to its end; drop recaps from the gallery's page."""
    if not (docname.startswith(f"{GALLERY}/") and docname.endswith("/index")):
        return
    recaps = RECAP.findall(source[0])
    if not recaps:
        return
    text = RECAP.sub("", source[0])
    if docname != f"{GALLERY}/index":
        text = text.rstrip("\n") + "\n\n" + "\n".join(recaps) + "\n"
    source[0] = text
