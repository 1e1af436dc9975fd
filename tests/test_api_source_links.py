"""The API pages' "[source]" links cannot depend on the order Sphinx reads pages in.

viewcode names a module's source page after the first page that reaches it
(docs/_viewcode.py). If a module with an API page of its own were also reached
from another page, its "[docs]" links would point at that page's anchors in
some builds and not in others (the site's link check failed on the STDP page
this way once). This test finds such a pair without building the site.
"""

import importlib
import re
from pathlib import Path

from docs._viewcode import defining_module

ROOT = Path(__file__).resolve().parents[1]


def _api_modules() -> list[str]:
    text = (ROOT / "docs" / "api.rst").read_text(encoding="utf-8")
    return re.findall(r"^   (course(?:\.\w+)*)$", text, flags=re.MULTILINE)


def _followed_module(modname: str, name: str) -> str | None:
    """The module viewcode shows for ``modname.name`` (its own rule, then ours)."""
    value = getattr(importlib.import_module(modname), name)
    return defining_module(None, modname, name) or getattr(value, "__module__", None)


def test_the_api_pages_are_found():
    modules = _api_modules()
    assert len(modules) > 30, modules
    assert "course.stdp" in modules and "course.exercises.task4" in modules


def test_a_module_with_its_own_page_is_reached_only_from_it():
    modules = set(_api_modules())
    reached_from = {}
    for modname in sorted(modules):
        for name in importlib.import_module(modname).__all__:
            followed = _followed_module(modname, name)
            if followed in modules and followed != modname:
                reached_from.setdefault(followed, []).append(f"{modname}.{name}")
    assert reached_from == {}


def test_an_instance_is_shown_where_it_is_assigned():
    # task 4's RULE is an StdpRule; its source is task 4, not course.stdp.
    assert _followed_module("course.exercises.task4", "RULE") == "course.exercises.task4"
    assert _followed_module("course.exercises.task4", "StdpPairingRun") == "course.exercises.task4"
    # A re-exported function is still followed to the module that defines it.
    assert _followed_module("course.analysis", "power_spectrum") == "course.spectra"
