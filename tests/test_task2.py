"""Task 2 (synfire ring): the wave, its lap time, its limits, on NEST."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import course
import course.check
from course.exercises.task2 import chain_connections, lap_times, synfire_chain
from tests.conftest import (
    EXAMPLES,
    check_starter_on_virtual_board,
    fill_starter,
    needs_spynnaker,
    once_per_process,
    run_starter,
    run_variant,
    unfilled_starter_stop,
)

# NEST integrates IF_curr_exp exactly and reports off-grid spike times, so
# laps repeat to floating-point precision; 0.01 ms is far below any real
# change (one link's latency changes by 0.1 ms between 8.5 and 9 nA) and far
# above rounding.
LAP_TOLERANCE_MS = 0.01
#: Neurons whose first-lap spikes the runaway test counts.
N_FIRST_LAP_CHECKED = 20


def run_chain(**options):
    sim = course.setup("nest", timestep=1.0)
    try:
        return synfire_chain(sim, **options)
    finally:
        sim.end()


@pytest.fixture(scope="module")
@once_per_process
def default_ring():
    return run_chain()


def test_wave_travels_the_ring_in_order_once_per_lap(default_ring):
    spikes = default_ring.spike_times("chain")
    firsts = np.array([times[0] for times in spikes])
    assert np.all(np.diff(firsts) > 0)  # neuron i + 1 after neuron i, the whole way round
    laps = lap_times(spikes)
    assert laps.size == 4
    for start, end in itertools.pairwise(laps):
        per_lap = [np.count_nonzero((times >= start) & (times < end)) for times in spikes]
        assert per_lap == [1] * 100
    assert default_ring.spike_counts("chain").sum() == 390


def test_lap_period_is_delays_plus_latencies(default_ring):
    spikes = default_ring.spike_times("chain")
    delays = np.array(default_ring.parameters["delays"])
    # The latency of one link: from the input's arrival to the next spike.
    latency = spikes[1][0] - spikes[0][0] - delays[0]
    np.testing.assert_allclose(latency, 4.117, atol=0.001)
    periods = np.diff(lap_times(spikes))
    np.testing.assert_allclose(periods, delays.sum() + 100 * latency, atol=LAP_TOLERANCE_MS)
    np.testing.assert_allclose(periods, 511.66, atol=LAP_TOLERANCE_MS)


def test_stimulus_comes_at_the_earliest_time_nest_allows(default_ring):
    assert default_ring.parameters["stimulus_time"] == 2.0
    np.testing.assert_allclose(default_ring.spike_times("chain")[0][0], 5.57, atol=0.01)


@pytest.mark.parametrize(
    ("weight", "spikes", "period"),
    [(4.5, 1, None), (4.8, 221, 904.87), (8.5, 595, 335.71)],
)
def test_weight_decides_whether_and_how_fast_the_wave_runs(weight, spikes, period):
    # The numbers of the lesson's first extension (2 s on NEST).
    recording = run_chain(weight=weight)
    assert recording.spike_counts("chain").sum() == spikes
    laps = lap_times(recording.spike_times("chain"))
    if period is None:
        assert laps.size == 1
    else:
        np.testing.assert_allclose(np.diff(laps), period, atol=LAP_TOLERANCE_MS)


@pytest.mark.parametrize(("weight", "survives"), [(4.76, False), (4.77, True)])
def test_threshold_weight_is_where_the_peak_psp_reaches_15_mv(weight, survives):
    # Peak PSP 3.15 mV per nA: 15 mV needs 4.762 nA.
    recording = run_chain(weight=weight, run_time=100.0)
    assert bool(recording.spike_counts("chain")[1] > 0) == survives


def test_strong_weight_runs_away_and_the_check_says_so():
    recording = run_chain(weight=9.0)
    counts = recording.spike_counts("chain")
    # Quoted in extension 1: 116 820 spikes, 1122 to 1217 per neuron, about
    # 580 Hz on average; every neuron fires every 1.5 ms once the wave has
    # come back to neuron 0, after about 320 ms (deterministic on NEST).
    assert counts.sum() == 116_820
    assert (counts.min(), counts.max()) == (1122, 1217)
    assert counts.mean() / 2.0 == pytest.approx(584.1, abs=0.1)
    spikes = recording.spike_times("chain")
    assert spikes[0][1] == pytest.approx(321.2, abs=0.1)  # neuron 0's second spike
    late = np.concatenate([np.diff(times[times > 400.0]) for times in spikes])
    assert np.median(late) == pytest.approx(1.49, abs=0.01)
    # "neuron 1 fires twice, neuron 2 three times, ..." in the first lap.
    first_lap = [spikes[k][spikes[k] < 300.0].size for k in range(N_FIRST_LAP_CHECKED)]
    assert first_lap[:3] == [1, 2, 3]
    assert np.all(np.diff(first_lap) >= 0)
    result = course.check.task2(recording)
    assert not result.passed
    assert "in lap 1 some neurons fired 135 times: the wave is running away" in str(result)
    # The lesson says which is which: 135 per lap (the first, 5.6 to 321.2 ms),
    # 1122 to 1217 per run.
    laps = lap_times(spikes)
    assert (laps[0], laps[1]) == pytest.approx((5.6, 321.2), abs=0.1)
    assert max(np.count_nonzero((t >= laps[0]) & (t < laps[1])) for t in spikes) == 135


def test_random_delays_add_up_to_the_lap():
    rng = np.random.default_rng(2026)
    delays = rng.integers(1, 11, size=100).astype(float)
    recording = run_chain(delay=delays)
    assert delays.sum() == 548.0
    laps = lap_times(recording.spike_times("chain"))
    np.testing.assert_allclose(np.diff(laps), 548.0 + 100 * 4.1166, atol=0.02)
    np.testing.assert_allclose(np.diff(laps), 959.66, atol=LAP_TOLERANCE_MS)


def test_shorter_chain_halves_the_lap():
    laps = lap_times(run_chain(n_neurons=50).spike_times("chain"))
    np.testing.assert_allclose(np.diff(laps), 255.83, atol=LAP_TOLERANCE_MS)


def test_open_chain_is_crossed_once():
    recording = run_chain(closed=False)
    assert recording.spike_counts("chain").tolist() == [1] * 100
    np.testing.assert_allclose(recording.spike_times("chain")[-1], [512.11], atol=0.01)
    assert course.check.task2(recording, closed=False).passed


def test_chain_connections_are_exactly_the_ring():
    sim = course.setup("nest", timestep=1.0)
    try:
        ring = chain_connections(4, 6.0, 1.0)
        chain = chain_connections(4, 6.0, [1.0, 2.0, 3.0], closed=False)
    finally:
        sim.end()
    assert ring == [(0, 1, 6.0, 1.0), (1, 2, 6.0, 1.0), (2, 3, 6.0, 1.0), (3, 0, 6.0, 1.0)]
    assert chain == [(0, 1, 6.0, 1.0), (1, 2, 6.0, 2.0), (2, 3, 6.0, 3.0)]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"n_neurons": 1}, ValueError, "n_neurons must be at least 2, got 1"),
        ({"weight": 0.0}, ValueError, "weight must be greater than 0, got 0.0"),
        ({"delay": [1.0, 2.0]}, ValueError, "one number or 100 numbers"),
        ({"delay": 0.5}, ValueError, "at least min_delay=1 ms, got 0.5 ms"),
        ({"delay": 200.0}, ValueError, "at most max_delay=100 ms on NEST"),
        ({"delay": "1"}, TypeError, "delay must be a number or a sequence"),
        ({"closed": "yes"}, TypeError, "closed must be True or False"),
        ({"run_time": -1.0}, ValueError, "run_time must be greater than 0"),
    ],
)
def test_bad_input(sim, options, error, message):
    with pytest.raises(error, match=message):
        synfire_chain(sim, **options)


def test_lap_times_of_empty_data():
    assert lap_times([]).size == 0
    assert lap_times([np.empty(0)] * 3).size == 0


def test_lesson_circulates_and_is_the_solution(run_lesson):
    run = run_lesson("04_exercises/22_task2_synfire_chain.py")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []
    lesson = run.namespace
    recording = lesson["recording"]
    # Quoted: 390 spikes, laps of 511.66 ms, a step of 5.117 ms = 1 ms delay
    # + 4.117 ms to threshold (deterministic on NEST: no random element).
    assert recording.spike_counts("chain").sum() == 390
    np.testing.assert_allclose(np.diff(lesson["laps"]), 511.66, atol=LAP_TOLERANCE_MS)
    assert lesson["step"] == pytest.approx(5.117, abs=0.001)
    assert lesson["step"] - lesson["DELAY"] == pytest.approx(4.117, abs=0.001)
    assert lesson["links"][-1] == (99, 0, 6.0, 1.0)
    assert course.check.task2(recording).passed

    # The lesson's plain PyNN and the solution function, at the lesson's
    # parameters: the same spikes, exactly.
    solution = run_chain(
        n_neurons=lesson["N_NEURONS"],
        weight=lesson["WEIGHT"],
        delay=lesson["DELAY"],
        run_time=lesson["RUN_TIME"],
        stimulus_weight=lesson["STIMULUS_WEIGHT"],
    )
    assert solution.parameters["stimulus_time"] == lesson["start"]
    for mine, reference in zip(
        recording.spike_times("chain"), solution.spike_times("chain"), strict=True
    ):
        np.testing.assert_array_equal(mine, reference)


# --- the lesson's Try it yourself and the starter script ---------------------------

LESSON = "04_exercises/22_task2_synfire_chain.py"


def test_try_it_second_stimulus_runs_two_waves(tmp_path, monkeypatch):
    """The answer: 780 spikes, neuron 0 every 255.83 ms, and the check fails at neuron 50."""
    lesson = run_variant(
        LESSON,
        tmp_path,
        monkeypatch,
        {
            "[(0, 0, STIMULUS_WEIGHT, DELAY)]": (
                "[(0, 0, STIMULUS_WEIGHT, DELAY), (0, 50, STIMULUS_WEIGHT, DELAY)]"
            )
        },
    )
    recording = lesson["recording"]
    # Deterministic on NEST: exactly twice the 390 spikes of one wave.
    assert recording.spike_counts("chain").sum() == 780
    np.testing.assert_allclose(np.diff(lesson["laps"]), 255.83, atol=LAP_TOLERANCE_MS)
    # Each wave still takes 511.66 ms for the whole ring: every second spike of
    # neuron 0 belongs to the same wave.
    np.testing.assert_allclose(np.diff(lesson["laps"][::2]), 511.66, atol=LAP_TOLERANCE_MS)
    assert not lesson["result"].passed
    assert "neuron 50 fired before neuron 49" in str(lesson["result"])


#: The answer to each TODO of the starter: lines of the lesson's worked solution.
STARTER_ANSWERS = {
    1: "links = [(i, (i + 1) % N_NEURONS, WEIGHT, DELAY) for i in range(N_NEURONS)]",
    2: """chain = sim.Population(N_NEURONS, sim.IF_curr_exp(), label="chain")
chain.record("spikes")""",
    3: """sim.Projection(
    chain,
    chain,
    sim.FromListConnector(links, column_names=["weight", "delay"]),
    receptor_type="excitatory",
)""",
    4: """stimulus = sim.Population(1, sim.SpikeSourceArray(spike_times=[start]), label="stimulus")
sim.Projection(
    stimulus,
    chain,
    sim.FromListConnector([(0, 0, STIMULUS_WEIGHT, DELAY)], column_names=["weight", "delay"]),
    receptor_type="excitatory",
)""",
}


def test_filled_starter_passes_its_check(tmp_path, monkeypatch):
    source = fill_starter(2, EXAMPLES / LESSON, STARTER_ANSWERS)
    starter = run_starter(source, tmp_path, monkeypatch)
    assert starter["result"].passed, str(starter["result"])
    recording = starter["recording"]
    assert recording.spike_counts("chain").sum() == 390
    np.testing.assert_allclose(
        np.diff(lap_times(recording.spike_times("chain"))), 511.66, atol=LAP_TOLERANCE_MS
    )
    # A wrong solution in the same starter is refused: a ring left open.
    wrong = source.replace("(i + 1) % N_NEURONS", "i + 1").replace(
        "for i in range(N_NEURONS)]", "for i in range(N_NEURONS - 1)]"
    )
    assert wrong != source
    assert not run_starter(wrong, tmp_path, monkeypatch)["result"].passed


def test_unfilled_starter_stops_at_todo_1(tmp_path, monkeypatch, capfd):
    # In this process: test_task1 runs a starter as a learner does (exit status 1).
    assert unfilled_starter_stop(2, tmp_path, monkeypatch, capfd) == (
        "TODO 1 is not written yet: the list of links i -> i + 1, closed into a ring, named "
        "links. Replace the line between '# TODO 1:' and '# END TODO 1' with your code, then "
        "run the script again."
    )


@needs_spynnaker
@pytest.mark.spinnaker
def test_filled_starter_maps_onto_the_virtual_board(run_on_virtual_board, tmp_path):
    """Unchanged on SpiNNaker: it maps, runs, and the check reports the empty recording."""
    check_starter_on_virtual_board(
        2, EXAMPLES / LESSON, STARTER_ANSWERS, run_on_virtual_board, tmp_path
    )
