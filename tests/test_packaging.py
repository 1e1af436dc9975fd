"""The package people install: one version, the notebooks' first cell, the
publishing setting, and ``python -m course``."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import course
from course import __main__ as report_module
from course.__main__ import BackendStatus

ROOT = Path(__file__).resolve().parents[1]
BUILT_NOTEBOOKS = sorted((ROOT / "docs" / "auto_examples").rglob("*.ipynb"))
BUILT_SITE = ROOT / "docs" / "_build" / "html"


def _launch_module():
    """docs/_launch.py, loaded by path (it needs no Sphinx)."""
    spec = importlib.util.spec_from_file_location(
        "course_docs_launch", ROOT / "docs" / "_launch.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- one version --------------------------------------------------------------------


def test_the_version_is_written_once():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "course.__version__" }' in pyproject
    assert not re.search(r"^version\s*=\s*\"", pyproject, re.MULTILINE)
    assert importlib.metadata.version("pynn-spinnaker-course") == course.__version__


@pytest.mark.skipif(
    not os.environ.get("COURSE_TESTS_AGAINST_WHEEL"),
    reason="only `nox -s tests` installs the built wheel (COURSE_TESTS_AGAINST_WHEEL=1)",
)
def test_tests_exercise_the_installed_wheel_not_the_source_tree():
    package = Path(course.__file__).resolve().parent
    assert package != ROOT / "course", course.__file__
    assert "site-packages" in package.parts, course.__file__


# --- the notebooks' first cell and the one publishing setting ------------------------


def test_first_notebook_cell_installs_only_when_missing_and_forces_nothing():
    cell = _launch_module().first_notebook_cell()
    assert 'if importlib.util.find_spec("course") is None:' in cell
    assert cell.rstrip().endswith("%pip install --quiet pynn-spinnaker-course")
    # No URL, no backend forced, numpy never pinned or upgraded.
    for forbidden in ("http", "git+", "COURSE_SIMULATOR", "numpy", "--upgrade", "-U ", "=="):
        assert forbidden not in cell, forbidden


def test_no_repository_url_and_no_hub_button_without_the_setting(monkeypatch):
    monkeypatch.delenv("COURSE_REPOSITORY", raising=False)
    launch = _launch_module()
    assert launch.repository() is None
    assert launch.hub_launch_url("auto_examples/01_building/01_simulator") is None


def test_the_setting_gives_the_hub_button_its_notebook(monkeypatch):
    monkeypatch.setenv("COURSE_REPOSITORY", "https://git.example.org/team/course/")
    monkeypatch.setenv("COURSE_HUB_URL", "https://hub.example.org/")
    launch = _launch_module()
    url = launch.hub_launch_url("auto_examples/01_building/01_simulator")
    assert url.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert "repo=https%3A%2F%2Fgit.example.org%2Fteam%2Fcourse&" in url
    assert "urlpath=lab%2Ftree%2Fcourse%2F01_building%2F01_simulator.ipynb" in url
    assert launch.hub_launch_url("auto_examples/index") is None
    assert launch.hub_launch_url("getting_started") is None


@pytest.mark.skipif(not BUILT_NOTEBOOKS, reason="the website is not built (nox -s docs)")
def test_built_notebooks_start_with_the_install_cell_and_name_no_repository():
    expected = _launch_module().first_notebook_cell()
    for notebook in BUILT_NOTEBOOKS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = [cell for cell in cells if cell["cell_type"] == "code"]
        assert "".join(code[0]["source"]) == expected, notebook.name
        text = notebook.read_text(encoding="utf-8")
        assert "git+" not in text and "COURSE_SIMULATOR'" not in text, notebook.name


@pytest.mark.skipif(
    not BUILT_SITE.exists() or bool(os.environ.get("COURSE_REPOSITORY")),
    reason="needs a website built without COURSE_REPOSITORY (nox -s docs)",
)
def test_built_site_names_no_repository():
    offenders = [
        path.relative_to(BUILT_SITE).as_posix()
        for path in BUILT_SITE.rglob("*")
        if path.suffix in (".html", ".ipynb", ".txt", ".py")
        and re.search(
            r"git-pull\?|pynn-spinnaker-course/pynn-spinnaker-course",
            path.read_text(encoding="utf-8", errors="replace"),
        )
    ]
    assert offenders == []


# --- python -m course ------------------------------------------------------------------


def test_python_m_course_prints_one_screen(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COURSE_SIMULATOR"}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_CONFIG_DIRS="/nowhere")
    result = subprocess.run(
        [sys.executable, "-m", "course"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) < 25  # one screen
    assert lines[0].startswith(f"pynn-spinnaker-course {course.__version__} on Python ")
    nest_version = importlib.metadata.version("nest-simulator")
    assert re.search(rf"^  NEST {re.escape(nest_version)}\s+works$", result.stdout, re.MULTILINE)
    assert "SpiNNaker configuration: none (no ~/.spynnaker.cfg)" in lines
    assert any(line.startswith("A lesson started here runs on: nest (") for line in lines)
    assert "  Run any lesson, e.g. python 01_simulator.py: it will run on NEST." in lines
    assert str(tmp_path) not in result.stdout


def test_report_on_the_hub(monkeypatch, tmp_path):
    """What a learner sees on the hub: no NEST, sPyNNaker works, the hub's config in use."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", "/nowhere")
    monkeypatch.delenv("COURSE_SIMULATOR")
    monkeypatch.setattr(sys, "argv", ["-m"])
    (tmp_path / ".spynnaker.cfg").write_text("[Machine]\nspalloc_server = spalloc.example.org\n")
    monkeypatch.setattr("course.backend_choice.spynnaker_installed", lambda: True)
    monkeypatch.setattr(
        report_module,
        "backend_statuses",
        lambda: [
            BackendStatus("NEST", None, False, "not installed"),
            BackendStatus("sPyNNaker", "1!7.4.1", True, ""),
        ],
    )
    text = report_module.report()
    assert re.search(r"^  NEST\s+not installed$", text, re.MULTILINE)
    assert re.search(r"^  sPyNNaker 1!7\.4\.1\s+works$", text, re.MULTILINE)
    assert "SpiNNaker configuration: ~/.spynnaker.cfg (names spalloc_server)" in text
    assert "A lesson started here runs on: spiNNaker (~/.spynnaker.cfg names a machine" in text
    assert "Open any lesson notebook and run it: it will run on SpiNNaker." in text
    assert "spalloc.example.org" not in text  # addresses stay out of pasted reports


def test_report_when_nothing_works_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setattr("course.backend_choice.spynnaker_installed", lambda: False)
    monkeypatch.setattr(
        report_module,
        "backend_statuses",
        lambda: [
            BackendStatus("NEST", "3.10.0", False, "ImportError: libgomp.so.1: cannot open"),
            BackendStatus("sPyNNaker", None, False, "not installed"),
        ],
    )
    text = report_module.report()
    assert re.search(r"^  NEST 3\.10\.0\s+ImportError: libgomp", text, re.MULTILINE)
    assert "To simulate on this computer: pip install 'pynn-spinnaker-course[nest]'" in text
