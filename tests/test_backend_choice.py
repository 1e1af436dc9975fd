"""The automatic backend choice, its one-line announcement, and sPyNNaker's config files.

sPyNNaker is not needed: whether it is installed is replaced by a stand-in, and
configuration files are written into a temporary home folder, as sPyNNaker
would find them (~/.spynnaker.cfg, $XDG_CONFIG_HOME, $XDG_CONFIG_DIRS)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import course
from course import simulator
from course.backend_choice import automatic_choice, decide_backend
from course.spinnaker_config import (
    check_spinnaker_config,
    display_path,
    find_user_configs,
    read_spinnaker_config,
)
from tests.conftest import EXPLICIT_NEST_CODE

HUB_CONFIG = "[Machine]\nspalloc_server = spalloc.example.org\nversion = 5\n"
VIRTUAL_CONFIG = "[Machine]\nvirtual_board = True\nversion = 5\nwidth = 8\nheight = 8\n"
NO_MACHINE_CONFIG = "[Machine]\nmachineName = None\nspalloc_server = None\nversion = 5\n"


@pytest.fixture
def home(monkeypatch, tmp_path):
    """An empty home folder and empty XDG folders; no COURSE_SIMULATOR, no argv word."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "system"))
    monkeypatch.delenv("COURSE_SIMULATOR")
    monkeypatch.setattr(sys, "argv", ["lesson.py"])
    for folder in ("home", "config", "system"):
        (tmp_path / folder).mkdir()
    return tmp_path / "home"


def spynnaker(monkeypatch, installed: bool) -> None:
    monkeypatch.setattr("course.backend_choice.spynnaker_installed", lambda: installed)


# --- the automatic choice ----------------------------------------------------------


def test_laptop_without_spynnaker_runs_on_nest(home, monkeypatch):
    spynnaker(monkeypatch, installed=False)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)  # a config alone is not enough
    choice = automatic_choice()
    assert (choice.backend, choice.reason) == ("nest", "sPyNNaker is not installed")


def test_hub_with_a_machine_runs_on_spinnaker(home, monkeypatch):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    choice = automatic_choice()
    assert (choice.backend, choice.automatic) == ("spiNNaker", True)
    assert choice.reason == "~/.spynnaker.cfg names a machine (spalloc_server)"


@pytest.mark.parametrize("option", ["machineName = 192.168.240.1", "remote_spinnaker_url = x"])
def test_every_machine_option_counts(home, monkeypatch, option):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(f"[Machine]\n{option}\n")
    assert automatic_choice().backend == "spiNNaker"


def test_config_under_xdg_config_home_is_found(home, monkeypatch, tmp_path):
    spynnaker(monkeypatch, installed=True)
    (tmp_path / "config" / ".spynnaker.cfg").write_text(HUB_CONFIG)
    assert automatic_choice().backend == "spiNNaker"


def test_virtual_board_config_runs_on_the_virtual_board(home, monkeypatch):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(VIRTUAL_CONFIG)
    choice = automatic_choice()
    assert (choice.backend, choice.reason) == (
        "virtual",
        "~/.spynnaker.cfg sets virtual_board = True",
    )


@pytest.mark.parametrize("config", [None, NO_MACHINE_CONFIG, "[Mapping]\nx = 1\n"])
def test_spynnaker_without_a_machine_runs_on_nest(home, monkeypatch, config):
    spynnaker(monkeypatch, installed=True)
    if config is not None:
        (home / ".spynnaker.cfg").write_text(config)
    assert automatic_choice().backend == "nest"


def test_two_configs_choose_spinnaker_so_that_setup_names_the_rule(home, monkeypatch, tmp_path):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    (tmp_path / "config" / ".spynnaker.cfg").write_text(HUB_CONFIG)
    assert automatic_choice().backend == "spiNNaker"
    with pytest.raises(course.BackendUnavailableError, match="exactly one user configuration"):
        check_spinnaker_config()


def test_explicit_choices_are_not_automatic(home, monkeypatch):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    assert decide_backend("nest").automatic is False
    assert decide_backend(argv=["lesson.py", "nest"]).backend == "nest"
    monkeypatch.setenv("COURSE_SIMULATOR", "virtual")
    assert (decide_backend().backend, decide_backend().automatic) == ("virtual", False)


def test_argv_must_be_command_line_words(home):
    # a tuple of words is read like sys.argv; anything else is refused before reading
    assert decide_backend(argv=("lesson.py", "spiNNaker")).backend == "spiNNaker"
    with pytest.raises(TypeError, match=r"argv must be a list of command-line words .*got 'nest'"):
        decide_backend(argv="nest")
    with pytest.raises(TypeError, match=r"argv\[1\] must be text \(a str\), got 3 \(int\)"):
        decide_backend(argv=["lesson.py", 3])


def test_announcement_is_one_line_naming_backend_reason_and_how_to_choose(home, monkeypatch):
    spynnaker(monkeypatch, installed=True)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    line = automatic_choice().announcement()
    assert "\n" not in line
    assert line.startswith("course: running on SpiNNaker because ~/.spynnaker.cfg names")
    assert "course.setup()" in line and "COURSE_SIMULATOR" in line
    assert str(home) not in line  # no local path on a learner's screen


# --- set-up with the automatic choice ------------------------------------------------


def _run(code: str, env_home, extra_env=None) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if k != "COURSE_SIMULATOR"}
    env.update(
        HOME=str(env_home),
        XDG_CONFIG_HOME=str(env_home / "config"),
        XDG_CONFIG_DIRS=str(env_home / "system"),
        **(extra_env or {}),
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_automatic_setup_prints_exactly_one_line_explicit_prints_none(
    tmp_path, explicit_nest_process
):
    code = "import course\nsim = course.setup()\nsim.end()\n"
    automatic = _run(code, tmp_path)
    assert automatic.returncode == 0, automatic.stderr
    assert automatic.stderr == ""
    lines = automatic.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("course: running on NEST because ")
    # The same set-up with COURSE_SIMULATOR=nest (and an empty home), in the
    # fresh process shared with test_simulator: not a line.
    assert code.splitlines()[1] in EXPLICIT_NEST_CODE.splitlines()
    explicit = explicit_nest_process
    assert (explicit.returncode, explicit.stdout, explicit.stderr) == (0, "", "")


def test_missing_nest_names_the_pip_command(monkeypatch, home):
    real_import = simulator.importlib.import_module

    def no_nest(name, *args, **kwargs):
        if name == "pyNN.nest":
            raise ImportError("No module named 'nest'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(simulator.importlib, "import_module", no_nest)
    with pytest.raises(
        course.BackendUnavailableError,
        match=(
            r"^The 'nest' backend needs NEST, which is not installed here: "
            r"pip install 'pynn-spinnaker-course\[nest\]' \(import failed: No module named"
        ),
    ):
        course.setup("nest")
    # Nothing chosen, nothing ready (as on a hub kernel without a config): both ways out.
    spynnaker(monkeypatch, installed=True)
    with pytest.raises(
        course.BackendUnavailableError,
        match=r"^No backend is ready here \(sPyNNaker is installed but no ~/\.spynnaker\.cfg",
    ) as caught:
        course.setup()
    assert "pip install 'pynn-spinnaker-course[nest]'" in str(caught.value)
    assert "name a SpiNNaker machine in ~/.spynnaker.cfg" in str(caught.value)


# --- reading the files -----------------------------------------------------------------


def test_read_config_reports_the_option_naming_the_machine(tmp_path):
    path = tmp_path / "x.cfg"
    path.write_text("[Machine]\nmachineName = None\nspalloc_server = spalloc.example.org\n")
    config = read_spinnaker_config(path)
    assert (config.option, config.value, config.names_a_machine) == (
        "spalloc_server",
        "spalloc.example.org",
        True,
    )
    assert not config.is_virtual_board


def test_a_missing_config_names_no_machine(tmp_path):
    config = read_spinnaker_config(tmp_path / "absent.cfg")
    assert (config.option, config.value, config.names_a_machine) == (None, None, False)


def test_find_user_configs_in_spynnakers_order(home, tmp_path):
    for folder in ("system", "config"):
        (tmp_path / folder / ".spynnaker.cfg").write_text(HUB_CONFIG)
    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    assert find_user_configs() == [
        tmp_path / "system" / ".spynnaker.cfg",
        tmp_path / "config" / ".spynnaker.cfg",
        home / ".spynnaker.cfg",
    ]


def test_display_path_abbreviates_the_home_folder(home):
    assert display_path(home / ".spynnaker.cfg") == "~/.spynnaker.cfg"
    assert display_path("/etc/xdg/.spynnaker.cfg") == "/etc/xdg/.spynnaker.cfg"


def test_virtual_board_environment_hides_the_learners_config_and_restores_it(home):
    from course.spinnaker_config import virtual_board_environment, virtual_board_root

    (home / ".spynnaker.cfg").write_text(HUB_CONFIG)
    with virtual_board_environment():
        (config,) = find_user_configs()
        assert read_spinnaker_config(config).is_virtual_board
        assert virtual_board_root() in config.parents
    assert find_user_configs() == [home / ".spynnaker.cfg"]
    assert (home / ".spynnaker.cfg").read_text() == HUB_CONFIG
