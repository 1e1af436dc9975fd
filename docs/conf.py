"""Sphinx configuration of the course website.

Every lesson in ``examples/`` is executed on NEST by sphinx-gallery at build
time; warnings raised inside a lesson are errors, so none reaches a page.
"""

import os
import sys
from pathlib import Path

from sphinx_gallery.sorting import ExplicitOrder

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS))

# The website is rendered with NEST, whatever the shell says.
os.environ["COURSE_SIMULATOR"] = "nest"
os.environ.setdefault("MPLBACKEND", "agg")

from _generate import write_generated_pages
from _launch import first_notebook_cell, hub_launch_url, hub_name
from _viewcode import defining_module

import course

# Where the course is published (the COURSE_REPOSITORY setting), the notebooks'
# first cell and the hub launch buttons: docs/_launch.py.

project = "PyNN on SpiNNaker"
author = "The PyNN on SpiNNaker course contributors"
copyright = "2026, " + author
release = course.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",  # renders and validates the docstrings (policy: _docstring_checks.py)
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
]

# Links into the documentation of the libraries the lessons use. The hosted
# builds turn it on (Read the Docs sets READTHEDOCS, the Pages workflow sets
# COURSE_INTERSPHINX=1); offline builds (CI here has no network beyond package
# registries) leave it off.
if os.environ.get("COURSE_INTERSPHINX") == "1" or os.environ.get("READTHEDOCS") == "True":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
        "neo": ("https://neo.readthedocs.io/en/stable", None),
        "elephant": ("https://elephant.readthedocs.io/en/stable", None),
        "pyNN": ("https://neuralensemble.org/docs/PyNN", None),
        "nest": ("https://nest-simulator.readthedocs.io/en/stable", None),
    }
    intersphinx_timeout = 30

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "auto_examples/*.ipynb", "generated"]
nitpicky = False
# sphinx-gallery keeps functions in its configuration; Sphinx cannot pickle
# them, which only means the configuration is re-read on every build.
suppress_warnings = ["config.cache"]

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "description"

html_theme = "pydata_sphinx_theme"
html_title = "PyNN on SpiNNaker"
html_static_path = ["_static"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "hub-launch", "sg_download_links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_context = {"default_mode": "light"}
html_css_files = ["course.css"]
html_sidebars = {"faq": [], "glossary": [], "index": []}
html_show_sourcelink = False


sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # Every lesson is executed; `nox -s docs -- <pattern>` narrows this.
    "filename_pattern": os.environ.get("COURSE_GALLERY_PATTERN", r"\.py$"),
    "ignore_pattern": r"__init__\.py|/_",
    "subsection_order": ExplicitOrder(
        [
            f"../examples/{name}"
            for name in (
                "01_building",
                "02_running",
                "03_analysing",
                "04_exercises",
                "05_next_steps",
            )
        ]
    ),
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("course",),
    "backreferences_dir": "gen_modules/backreferences",
    # Hooks by name (docs/_gallery_hooks.py, docs/_figures.py), not as function
    # objects: their text is the same in every build, so an unchanged
    # configuration does not make Sphinx write every page again, and parallel
    # workers import them. _figures.scraper is Matplotlib's scraper with
    # alternative text that says what each figure shows; the course's figure
    # style is re-applied after sphinx-gallery's Matplotlib reset.
    "image_scrapers": ("_figures.scraper", "_gallery_hooks.record_spike_digest"),
    "reset_modules": (
        "matplotlib",
        "_figures.apply_course_style",
        "_gallery_hooks.reset_lesson_state",
    ),
    "reset_modules_order": "both",
    "remove_config_comments": True,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "min_reported_time": 0,
    "capture_repr": (),
    "download_all_examples": True,
    "first_notebook_cell": first_notebook_cell(),
}
# Lessons execute in parallel, one worker process per core (each worker imports
# NEST once and runs lessons one after the other); COURSE_GALLERY_JOBS=1 runs
# them in the Sphinx process itself.
sphinx_gallery_conf["parallel"] = int(os.environ.get("COURSE_GALLERY_JOBS", os.cpu_count() or 1))

write_generated_pages(DOCS / "generated")


def _add_launch_url(app, pagename, templatename, context, doctree):
    context["hub_launch_url"] = hub_launch_url(pagename)
    context["hub_name"] = hub_name()


def setup(app):
    app.connect("html-page-context", _add_launch_url)
    app.connect("viewcode-follow-imported", defining_module)  # docs/_viewcode.py
    app.connect("source-read", place_section_recaps)  # imported with the reading aids below


# --- numpydoc renders and validates the docstrings (policy: _docstring_checks.py) --
# A docstring failing a check is a warning, so -W stops the build.
import re

from _docstring_checks import CHECKS, KNOWN_FAILURES

numpydoc_show_class_members = False  # autosummary lists the members already
numpydoc_validation_checks = set(CHECKS)
numpydoc_validation_exclude = {f"^{re.escape(name)}$" for name in KNOWN_FAILURES} | {
    # Constants (UPPER_CASE) are documented by #: comments, not docstrings.
    r"\.[A-Z][A-Z0-9_]*$"
}
# An API page lists what its module's __all__ names: a package such as
# course.plotting documents the functions it gathers from its modules.
autosummary_ignore_module_all = False


# --- Reading aids: folded worked solutions, section recaps after the lessons ------
# An exercise's worked solution, the section after ``.. rst-class:: worked-solution``,
# shows folded until opened; the downloaded script and notebook keep it whole. The
# sidebar's fold toggles get names a screen reader can say (axe-core: summary-name).
html_js_files = ["worked_solution.js", "navigation_labels.js"]

# Each gallery section's recap goes below its lessons (docs/_section_recaps.py).
from _section_recaps import place_section_recaps
