"""Where the course is published, and what the website builds from it.

One setting decides every URL of the course that reaches the built website and
its notebooks: the environment variable ``COURSE_REPOSITORY``, the public URL
of the course's git repository (the GitHub Pages workflow sets it to the
repository it runs in). Unset, as in local and CI builds, no repository URL
appears anywhere in the built output and the lesson pages have no "Run on the
hub" button. The notebooks' first cell never contains a URL: it installs the
course by its package name, and only where it is missing.

``COURSE_NOTEBOOK_BRANCH`` (default ``notebooks``), ``COURSE_HUB_URL`` and
``COURSE_HUB_NAME`` say where the hub buttons point; they are used only when
``COURSE_REPOSITORY`` is set. tests/test_packaging.py checks all of this.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

#: The name the course is published under (pyproject.toml's ``name``).
PACKAGE = "pynn-spinnaker-course"

#: Environment variable holding the public URL of the course's repository.
REPOSITORY_ENV_VAR = "COURSE_REPOSITORY"


def repository() -> str | None:
    """The public repository URL, or None when ``COURSE_REPOSITORY`` is not set."""
    return os.environ.get(REPOSITORY_ENV_VAR, "").strip().rstrip("/") or None


def first_notebook_cell() -> str:
    """The first cell of every downloaded notebook.

    It installs the course only when ``course`` cannot be imported (a fresh hub
    kernel), by package name, so pip keeps the numpy and simulators already
    there when they fit the course's bounds, and it forces no backend: the
    course chooses SpiNNaker on the hub and NEST on a laptop, and says which.
    """
    return (
        "# Runs unchanged on the SpiNNaker Jupyter hub (on SpiNNaker) and on your\n"
        "# computer (on NEST): course.setup() chooses and prints which. This cell\n"
        "# installs the course only where it is missing (a fresh hub kernel).\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("course") is None:\n'
        f"    %pip install --quiet {PACKAGE}"
    )


def hub_launch_url(pagename: str) -> str | None:
    """nbgitpuller link that opens a lesson's notebook on the hub, or None.

    None for pages that are not lessons, and for every page when
    ``COURSE_REPOSITORY`` is not set.
    """
    source = repository()
    lesson_page = pagename.startswith("auto_examples/")
    if source is None or not lesson_page or pagename.endswith(("index", "sg_execution_times")):
        return None
    notebook = pagename.removeprefix("auto_examples/") + ".ipynb"
    folder = source.rsplit("/", 1)[-1]
    query = urlencode(
        {
            "repo": source,
            "branch": os.environ.get("COURSE_NOTEBOOK_BRANCH", "notebooks"),
            "urlpath": f"lab/tree/{folder}/{notebook}",
        }
    )
    hub = os.environ.get("COURSE_HUB_URL", "https://lab.ebrains.eu").rstrip("/")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def hub_name() -> str:
    """The hub's name on the launch button."""
    return os.environ.get("COURSE_HUB_NAME", "EBRAINS / SpiNNaker hub")
