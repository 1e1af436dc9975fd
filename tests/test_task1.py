"""Task 1 (two spike sources -> two LIF neurons): the expected spikes on NEST."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import course
import course.check
from course.exercises.task1 import simple_network
from tests.conftest import (
    EXAMPLES,
    check_starter_on_virtual_board,
    fill_starter,
    needs_spynnaker,
    run_starter,
    run_variant,
    starter_path,
)

# NEST integrates IF_curr_exp exactly and reports off-grid spike times; the
# only spread comes from floating point, so 0.05 ms catches any real change
# (even a shift of half a 0.1 ms step) without depending on the last digits.
SPIKE_TIME_TOLERANCE_MS = 0.05


def test_default_solution_fires_once_per_neuron_after_ten_ms(sim):
    recording = simple_network(sim)
    assert recording.parameters["spike_times"] == [[2.0], [3.0]]
    times = recording.spike_times("neurons")
    assert [len(t) for t in times] == [1, 1]
    np.testing.assert_allclose([t[0] for t in times], [10.50, 11.50], atol=SPIKE_TIME_TOLERANCE_MS)
    # So a 10 ms run, as the task states it, shows no spike on NEST.
    assert all(t[0] > 10.0 for t in times)


@pytest.mark.parametrize(
    ("tau_syn_E", "expected"), [(1.0, None), (2.0, None), (10.0, [8.06, 9.06])]
)
def test_synaptic_time_constant_sets_whether_and_when_they_fire(sim, tau_syn_E, expected):
    times = simple_network(sim, tau_syn_E=tau_syn_E).spike_times("neurons")
    if expected is None:
        assert [len(t) for t in times] == [0, 0]
    else:
        np.testing.assert_allclose([t[0] for t in times], expected, atol=SPIKE_TIME_TOLERANCE_MS)


def test_ten_ms_run_shows_nothing_and_the_check_says_why(sim):
    result = course.check.task1(simple_network(sim, run_time=10.0))
    assert not result.passed
    assert "no spikes at all" in str(result)
    assert "run 20 ms" in str(result)


@pytest.mark.parametrize(
    ("weight", "expected"),
    # The lesson's first extension; 4.77 nA is the least that reaches threshold
    # (peak PSP 3.15 mV per nA, 15 mV from rest to threshold).
    [(4.5, None), (4.76, None), (4.77, [12.68, 13.68]), (6.0, [8.12, 9.12])],
)
def test_weight_sets_whether_and_when_they_fire(sim, weight, expected):
    recording = simple_network(sim, weight=weight)
    times = recording.spike_times("neurons")
    if expected is None:
        assert [len(t) for t in times] == [0, 0]
    else:
        np.testing.assert_allclose([t[0] for t in times], expected, atol=SPIKE_TIME_TOLERANCE_MS)


def test_fine_timestep_with_early_inputs():
    sim = course.setup("nest", timestep=0.1)
    try:
        recording = simple_network(sim, spike_times=[[0.2], [1.0]])
    finally:
        sim.end()
    times = recording.spike_times("neurons")
    np.testing.assert_allclose([t[0] for t in times], [8.70, 9.50], atol=SPIKE_TIME_TOLERANCE_MS)


def test_same_spikes_every_run():
    runs = []
    for _ in range(2):
        sim = course.setup("nest")
        runs.append(simple_network(sim).spike_times("neurons"))
        sim.end()
    for first, second in zip(*runs, strict=True):
        np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"weight": 0.0}, ValueError, "weight must be greater than 0, got 0.0"),
        ({"delay": -2.0}, ValueError, "delay must be greater than 0, got -2.0"),
        (
            {"spike_times": [[0.0], [1.0]]},
            ValueError,
            "earliest spike a SpikeSourceArray delivers is at 2 ms",
        ),
        ({"spike_times": [[3.0]]}, ValueError, "one list per source"),
        ({"run_time": "10"}, TypeError, "run_time must be a number"),
    ],
)
def test_bad_input(sim, kwargs, error, message):
    with pytest.raises(error, match=message):
        simple_network(sim, **kwargs)


def test_lesson_runs_quietly_in_a_fresh_process(run_lesson):
    """As a learner runs it: `python lesson.py` in a fresh process prints nothing on stderr."""
    run = run_lesson("04_exercises/21_task1_simple_network.py", fresh_process=True)
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []


def test_lesson_fires_after_ten_ms_and_is_the_solution(run_lesson):
    run = run_lesson("04_exercises/21_task1_simple_network.py")
    assert run.ok, run.stderr
    lesson = run.namespace
    assert lesson["spike_times"] == [[2.0], [3.0]]
    times = lesson["recording"].spike_times("neurons")
    assert [len(t) for t in times] == [1, 1]
    # Quoted: 10.50 and 11.50 ms, "after 10 ms".
    np.testing.assert_allclose([t[0] for t in times], [10.50, 11.50], atol=SPIKE_TIME_TOLERANCE_MS)
    rows = lesson["projection_rows"]
    np.testing.assert_array_equal(rows, [[0, 0, 5.0, 2.0], [1, 1, 5.0, 2.0]])
    assert course.check.task1(lesson["recording"]).passed

    # The lesson's plain PyNN and the solution function, at the lesson's
    # parameters: the same spikes and the same membrane potential.
    sim = course.setup("nest", timestep=1.0, min_delay=1.0, max_delay=10.0)
    try:
        solution = simple_network(
            sim,
            weight=lesson["WEIGHT"],
            delay=lesson["DELAY"],
            spike_times=lesson["spike_times"],
            run_time=lesson["RUN_TIME"],
        )
    finally:
        sim.end()
    for mine, reference in zip(times, solution.spike_times("neurons"), strict=True):
        np.testing.assert_array_equal(mine, reference)
    np.testing.assert_array_equal(
        lesson["recording"].signal("neurons", "v")[1], solution.signal("neurons", "v")[1]
    )


def test_tasks_run_on_nests_precise_model(sim):
    """Lesson 21 says so: PyNN runs IF_curr_exp as NEST's iaf_psc_exp_ps, off the grid."""
    import nest

    cells = sim.Population(1, sim.IF_curr_exp())
    assert cells.celltype.nest_name[sim.state.spike_precision] == "iaf_psc_exp_ps"
    assert nest.GetStatus(cells.node_collection, "model")[0] == "iaf_psc_exp_ps"
    # Hence the task's spike times lie between two 1 ms steps (10.50 ms).
    times = simple_network(sim).spike_times("neurons")
    assert times[0][0] % 1.0 == pytest.approx(0.5, abs=SPIKE_TIME_TOLERANCE_MS)


def test_task_spike_times_start_at_the_earliest_usable_time(sim):
    from course.exercises.task1 import task_spike_times

    # NEST at a 1 ms timestep: the task's 0 and 1 ms become 2 and 3 ms.
    assert task_spike_times() == [[2.0], [3.0]]


# --- the lesson's Try it yourself and the starter script ---------------------------

LESSON = "04_exercises/21_task1_simple_network.py"


def test_try_it_all_to_all_fires_together_twice(tmp_path, monkeypatch):
    """The answer: both neurons fire at 6.43 and 12.19 ms; the check marks three faults."""
    lesson = run_variant(
        LESSON, tmp_path, monkeypatch, {"sim.OneToOneConnector()": "sim.AllToAllConnector()"}
    )
    times = lesson["recording"].spike_times("neurons")
    for train in times:
        np.testing.assert_allclose(train, [6.43, 12.19], atol=SPIKE_TIME_TOLERANCE_MS)
    text = str(lesson["result"])
    assert not lesson["result"].passed
    assert text.count("fired 2 times") == 2
    assert "both neurons fired together" in text


#: The answer to each TODO of the starter: lines of the lesson's worked solution.
STARTER_ANSWERS = {
    1: (
        "sources = sim.Population("
        '2, sim.SpikeSourceArray(spike_times=spike_times), label="sources")'
    ),
    2: 'neurons = sim.Population(2, sim.IF_curr_exp(), label="neurons")',
    3: 'neurons.record(["spikes", "v"])',
    4: """projection = sim.Projection(
    sources,
    neurons,
    sim.OneToOneConnector(),
    sim.StaticSynapse(weight=WEIGHT, delay=DELAY),
    receptor_type="excitatory",
)""",
    5: "sim.run(RUN_TIME)",
}


def test_filled_starter_passes_its_check(tmp_path, monkeypatch):
    source = fill_starter(1, EXAMPLES / LESSON, STARTER_ANSWERS)
    starter = run_starter(source, tmp_path, monkeypatch)
    assert starter["result"].passed, str(starter["result"])
    times = starter["recording"].spike_times("neurons")
    np.testing.assert_allclose([t[0] for t in times], [10.50, 11.50], atol=SPIKE_TIME_TOLERANCE_MS)
    # A wrong solution in the same starter is refused: all-to-all wiring.
    wrong = source.replace("sim.OneToOneConnector()", "sim.AllToAllConnector()")
    assert not run_starter(wrong, tmp_path, monkeypatch)["result"].passed


def test_unfilled_starter_stops_at_todo_1():
    process = subprocess.run(
        [sys.executable, str(starter_path(1))],
        capture_output=True,
        text=True,
        env={**os.environ, "COURSE_SIMULATOR": "nest", "MPLBACKEND": "agg"},
        timeout=300,
    )
    assert process.returncode == 1
    assert process.stderr.strip() == (
        "TODO 1 is not written yet: a Population of two SpikeSourceArray cells, named sources. "
        "Replace the line between '# TODO 1:' and '# END TODO 1' with your code, then run the "
        "script again."
    )


@needs_spynnaker
@pytest.mark.spinnaker
def test_filled_starter_maps_onto_the_virtual_board(run_on_virtual_board, tmp_path):
    """Unchanged on SpiNNaker: it maps, runs, and the check reports the empty recording."""
    check_starter_on_virtual_board(
        1, EXAMPLES / LESSON, STARTER_ANSWERS, run_on_virtual_board, tmp_path
    )
