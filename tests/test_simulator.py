"""The simulator layer: backend choice, portable set-up, clear errors, quiet output.

The automatic choice and the sPyNNaker configuration files have their own
tests in test_backend_choice.py; the PyNN repair in test_pynn_compat.py."""

from __future__ import annotations

import builtins
import configparser
import sys

import numpy as np
import pytest

import course
from course import simulator
from course.backends import BACKENDS, DIFFERENCES, resolve_backend_name
from course.quiet import quiet_nest
from course.spinnaker_config import write_virtual_board_config

from .conftest import EXPLICIT_NEST_CODE, needs_spynnaker

# --- choosing the backend ----------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("nest", "nest"),
        ("NEST", "nest"),
        ("pyNN.nest", "nest"),
        ("spiNNaker", "spiNNaker"),
        ("spinnaker", "spiNNaker"),
        ("virtual", "virtual"),
        ("virtual_board", "virtual"),
    ],
)
def test_backend_spellings(spelling, canonical):
    assert resolve_backend_name(spelling) == canonical


def test_unknown_backend_names_value_and_choices():
    with pytest.raises(
        ValueError, match=r"'brian' is not known; choose one of 'nest', 'spiNNaker', 'virtual'"
    ):
        resolve_backend_name("brian")


def test_backend_must_be_a_string():
    with pytest.raises(TypeError, match="backend must be a string"):
        course.choose_backend(3)


def test_explicit_choice_wins_over_environment_and_argv(monkeypatch):
    monkeypatch.setenv("COURSE_SIMULATOR", "virtual")
    assert course.choose_backend("nest", argv=["lesson.py", "spiNNaker"]) == "nest"


def test_environment_wins_over_argv(monkeypatch):
    monkeypatch.setenv("COURSE_SIMULATOR", "virtual")
    assert course.choose_backend(argv=["lesson.py", "nest"]) == "virtual"


def test_argv_is_read_like_pynn_examples(monkeypatch):
    monkeypatch.delenv("COURSE_SIMULATOR")
    assert course.choose_backend(argv=["lesson.py", "spiNNaker"]) == "spiNNaker"
    assert course.choose_backend(argv=["lesson.py", "pyNN.nest"]) == "nest"


@pytest.mark.parametrize(
    "argv",
    [
        ["lesson.py"],  # sphinx-gallery
        ["ipykernel_launcher.py", "-f", "/run/kernel-1.json"],  # Jupyter
        ["pytest", "tests/test_x.py"],  # a path
        ["lesson.py", "--quick"],  # an option
    ],
)
def test_argv_without_a_backend_word_leaves_the_choice_automatic(monkeypatch, argv):
    monkeypatch.delenv("COURSE_SIMULATOR")
    monkeypatch.setattr("course.backend_choice.spynnaker_installed", lambda: False)
    choice = course.backend_choice.decide_backend(argv=argv)
    assert (choice.backend, choice.automatic) == ("nest", True)


def test_unknown_backend_on_the_command_line_is_an_error(monkeypatch):
    monkeypatch.delenv("COURSE_SIMULATOR")
    with pytest.raises(ValueError, match="'spinaker' is not known"):
        course.choose_backend(argv=["lesson.py", "spinaker"])


def test_unknown_backend_in_environment_names_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_SIMULATOR", "loihi")
    with pytest.raises(ValueError, match="COURSE_SIMULATOR: backend 'loihi' is not known"):
        course.choose_backend()


# --- set-up arguments --------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"timestep": 0}, ValueError, "timestep must be greater than 0, got 0"),
        ({"timestep": "1"}, TypeError, "timestep must be a number, got '1'"),
        (
            {"timestep": 1.0, "min_delay": 0.5},
            ValueError,
            "min_delay=0.5 ms is shorter than timestep=1.0",
        ),
        (
            {"min_delay": 2.0, "max_delay": 1.0},
            ValueError,
            "max_delay=1.0 ms is shorter than min_delay=2.0",
        ),
        ({"seed": -1}, TypeError, "seed must be a non-negative integer, got -1"),
        ({"seed": 1.5}, TypeError, "seed must be a non-negative integer, got 1.5"),
        ({"threads": 0}, ValueError, "threads must be at least 1, got 0"),
    ],
)
def test_setup_rejects_bad_numbers(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(".", r"\.")):
        course.setup("nest", **kwargs)


def test_setup_returns_pynn_nest_and_records_choices(sim):
    state = course.current()
    assert sim.__name__ == "pyNN.nest"
    assert (state.backend, state.timestep, state.min_delay, state.max_delay) == (
        "nest",
        1.0,
        1.0,
        100.0,
    )
    assert sim.get_time_step() == 1.0
    assert sim.get_min_delay() == 1.0
    assert sim.get_max_delay() == 100.0
    assert course.is_nest() and not course.is_spinnaker()


def test_both_cores_are_used_on_nest(sim):
    import nest

    assert nest.local_num_threads == simulator.DEFAULT_THREADS == 2


def test_long_delays_work_because_max_delay_is_always_passed(sim):
    """Without max_delay NEST caps delays at 10 ms with a misleading error."""
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    b.record("v")
    sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=40.0))
    sim.run(60.0)
    v = b.get_data().segments[0].analogsignals[0].magnitude[:, 0]
    # The input arrives 40 ms after the 5 ms spike: v stays at rest until 45 ms.
    assert np.all(v[:45] == pytest.approx(-65.0))
    assert v[47] > -65.0


# --- SpiNNaker configuration errors --------------------------------------------


@pytest.fixture
def empty_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "system"))
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def test_spinnaker_without_configuration_says_what_to_do(empty_home):
    with pytest.raises(
        course.BackendUnavailableError,
        match=r"No SpiNNaker machine is configured: create ~/\.spynnaker\.cfg",
    ):
        course.setup("spiNNaker")
    # Unlike sPyNNaker itself, the course writes no template into the home folder.
    assert not (empty_home / ".spynnaker.cfg").exists()


def test_spinnaker_configuration_naming_no_machine(empty_home):
    (empty_home / ".spynnaker.cfg").write_text("[Machine]\nmachineName = None\nversion = 5\n")
    with pytest.raises(
        course.BackendUnavailableError,
        match="names no SpiNNaker machine: set machineName or spalloc_server",
    ):
        course.setup("spiNNaker")


def test_spinnaker_without_spynnaker_installed(empty_home, monkeypatch):
    (empty_home / ".spynnaker.cfg").write_text("[Machine]\nmachineName = 10.0.0.1\nversion = 5\n")
    real_import = builtins.__import__

    def no_spynnaker(name, *args, **kwargs):
        if name.startswith(("pyNN.spiNNaker", "spynnaker")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spynnaker)
    monkeypatch.delitem(sys.modules, "pyNN.spiNNaker", raising=False)
    with pytest.raises(
        course.BackendUnavailableError,
        match=(
            r"^The 'spiNNaker' backend needs sPyNNaker, which is not installed here: "
            r"pip install 'pynn-spinnaker-course\[spinnaker\]' \(import failed: .*\)\.$"
        ),
    ):
        course.setup("spiNNaker")


def test_virtual_board_configuration(tmp_path):
    path = write_virtual_board_config(tmp_path)
    config = configparser.ConfigParser()
    config.optionxform = str
    config.read(path)
    assert dict(config["Machine"]) == {
        "virtual_board": "True",
        "version": "5",
        "width": "8",
        "height": "8",
    }
    assert config["Reports"]["default_report_file_path"] == str(tmp_path / "reports")


# --- quiet output --------------------------------------------------------------


def test_nest_setup_and_run_print_nothing(explicit_nest_process):
    """A fresh process (set up, build, record, run, read, end): no banner, no cmake
    warning, no deprecation noise."""
    assert "sim.run(5.0)" in EXPLICIT_NEST_CODE and "p.get_data()" in EXPLICIT_NEST_CODE
    result = explicit_nest_process
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_real_errors_still_surface(sim, capfd):
    """Silencing the known noise must not hide a genuine PyNN/NEST error."""
    with pytest.raises(Exception, match="tau_bogus"):
        sim.Population(1, sim.IF_curr_exp(tau_bogus=3.0))
    capfd.readouterr()


def test_in_process_run_is_quiet(sim, capfd):
    cells = sim.Population(2, sim.IF_curr_exp(i_offset=1.0))
    cells.record("spikes")
    sim.run(100.0)
    counts = [len(train) for train in cells.get_data().segments[0].spiketrains]
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    # 1 nA into 1 nF with tau_m = 20 ms drives v towards -45 mV; from -65 mV it
    # crosses -50 mV after 20 ln(20/5) = 27.7 ms, then again 27.8 ms after each
    # reset (0.1 ms refractory): spikes near 27.7, 55.5 and 83.3 ms.
    assert counts == [3, 3]


# --- the differences are data, and the docs use them -----------------------------


def test_every_difference_names_what_the_course_does():
    assert len(DIFFERENCES) >= 10
    for item in DIFFERENCES:
        assert item.topic and item.nest and item.spinnaker and item.course
        for source in item.sources:
            assert "#" in source


def test_backends_table_has_the_three_backends():
    assert list(BACKENDS) == ["nest", "spiNNaker", "virtual"]
    assert not BACKENDS["virtual"].runs_simulation


# --- the virtual board -------------------------------------------------------------


@needs_spynnaker
@pytest.mark.spinnaker
def test_first_lesson_maps_onto_the_virtual_board(run_lesson):
    run = run_lesson("04_exercises/21_task1_simple_network.py", backend="virtual")
    assert run.ok, run.stderr[-3000:]
    # On SpiNNaker spikes at 0 ms are allowed, so the task's own times are used.
    assert "earliest spike on this backend: 0.0 ms; inputs at [[0.0], [1.0]] ms" in run.stdout
    # Nothing runs on a virtual board: no spikes, but no crash either.
    assert "neuron 0 fired at [] ms" in run.stdout
    # The virtual-board configuration and reports live in a temporary folder.
    assert run.left_behind == []


def test_seed_sequence_restarts_at_every_setup():
    sim = course.setup("nest", seed=100)
    first = [simulator.next_seed(), simulator.next_seed()]
    sim.end()
    sim = course.setup("nest", seed=100)
    again = simulator.next_seed()
    sim.end()
    assert first == [101, 102]
    assert again == 101


def test_quiet_nest_mutes_exactly_the_known_messages():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_nest()
        warnings.warn("Problem running cmake. Output was: ...", UserWarning, stacklevel=1)
        warnings.warn("\nSetStatus() is deprecated and will be removed", UserWarning, stacklevel=1)
        warnings.warn("your weight is suspicious", UserWarning, stacklevel=1)
        # numpy's 0-d nonzero deprecation is no longer muted: course.pynn_compat
        # removes its cause, so one raised anywhere else must be seen.
        warnings.warn(
            "Calling nonzero on 0d arrays is deprecated", DeprecationWarning, stacklevel=1
        )
    assert [str(w.message) for w in caught] == [
        "your weight is suspicious",
        "Calling nonzero on 0d arrays is deprecated",
    ]


def test_time_scale_factor_is_checked_and_ignored_on_nest():
    with pytest.raises(ValueError, match="time_scale_factor must be at least 1, got 0"):
        course.setup("nest", time_scale_factor=0)
    sim = course.setup("nest", time_scale_factor=10)
    assert sim.get_time_step() == 1.0
    sim.end()


@needs_spynnaker
@pytest.mark.spinnaker
def test_time_scale_factor_reaches_spinnaker(run_on_virtual_board, tmp_path):
    """On the virtual board the factor is handed to sPyNNaker (mapped, not run)."""
    import textwrap

    script = tmp_path / "slow.py"
    script.write_text(
        textwrap.dedent("""
        import course
        sim = course.setup("virtual", time_scale_factor=4)
        from spynnaker.pyNN.data import SpynnakerDataView
        print("factor", SpynnakerDataView.get_time_scale_factor())
        sim.end()
    """)
    )
    run = run_on_virtual_board(script)
    assert run.ok, run.stderr[-2000:]
    assert "factor 4" in run.stdout
