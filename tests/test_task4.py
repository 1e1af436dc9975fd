"""Task 4 (two neurons, one STDP synapse): the weight after every pairing, on NEST."""

from __future__ import annotations

import numpy as np
import pytest

import course
import course.check
from course.exercises.task4 import RULE, board_pairing, stdp_pairing
from course.stdp import StdpRule
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

# The task's rule, written out here rather than read from the code under test.
TAU_PLUS, TAU_MINUS, A_PLUS, A_MINUS, W_MAX, W_INIT, DELAY = 20.0, 10.0, 0.01, 0.012, 1.0, 0.5, 1.0

# NEST applies the rule exactly; the weights below repeat to many digits.
# 1e-4 nA (1 % of one step) catches any change of the rule, the timing or
# the order, and leaves room for the last digits.
WEIGHT_TOLERANCE_NA = 1e-4


def run_pairing(**options):
    sim = course.setup("nest", timestep=1.0)
    try:
        return stdp_pairing(sim, **options)
    finally:
        sim.end()


@pytest.fixture(scope="module")
@once_per_process
def default_run():
    return run_pairing()


def test_pre_before_post_grows_the_weight_step_by_step(default_run):
    weights = default_run.weights
    assert weights.size == 17  # the start, 15 pairings, the lone last pre spike
    steps = np.diff(weights)
    # NEST applies a potentiation at the next presynaptic spike: nothing in
    # the first gap, then one step per gap, the last one brought by the lone spike.
    assert steps[0] == 0.0
    assert np.all(steps[1:] > 0.0074)
    np.testing.assert_allclose(weights[-1], 0.61323, atol=WEIGHT_TOLERANCE_NA)


def test_each_step_follows_the_spike_pair_rule(default_run):
    pre = default_run.recording.spike_times("pre")[0]
    post = default_run.recording.spike_times("post")[0]
    assert (pre.size, post.size) == (16, 15)
    lags = post - pre[:15]
    np.testing.assert_allclose(lags, 4.92, atol=0.02)
    predicted = A_PLUS * W_MAX * np.exp(-(lags + DELAY) / TAU_PLUS)
    # Within 2 %: NEST puts the presynaptic neuron's spike on the 1 ms grid
    # (+0.8 %), and the trace of the previous pairing adds exp(-100/20) (+0.7 %).
    np.testing.assert_allclose(np.diff(default_run.weights)[1:], predicted, rtol=0.02)


def test_without_the_lone_spike_the_last_step_is_missing():
    run = run_pairing(flush=False)
    assert run.weights.size == 16
    np.testing.assert_allclose(run.weights[-1], 0.60568, atol=WEIGHT_TOLERANCE_NA)


def test_post_before_pre_shrinks_the_weight_at_once():
    run = run_pairing(lag=-5.0)
    steps = np.diff(run.weights)
    # Depression is applied at the presynaptic spike itself: from the first gap on.
    assert np.all(steps[:15] < -0.0077)
    # The lone last pre spike comes 100 ms after the last post spike: exp(-100/10).
    assert abs(steps[15]) < 1e-6
    np.testing.assert_allclose(run.weights[-1], 0.38255, atol=WEIGHT_TOLERANCE_NA)
    rule = -A_MINUS * W_MAX * np.exp(-(5.0 - DELAY) / TAU_MINUS)
    np.testing.assert_allclose(steps[1], rule, rtol=0.03)
    assert course.check.task4(run, pre_first=False).passed


@pytest.mark.parametrize(
    ("lag", "per_pairing"),
    [(2.0, 0.00875), (5.0, 0.00755), (10.0, 0.00589), (20.0, 0.00356), (40.0, 0.00128)],
)
def test_the_change_per_pairing_decays_with_the_lag(lag, per_pairing):
    run = run_pairing(lag=lag)
    change = (run.weights[-1] - run.weights[0]) / 15
    np.testing.assert_allclose(change, per_pairing, atol=0.000006)
    rule = A_PLUS * W_MAX * np.exp(-(lag + DELAY) / TAU_PLUS)
    np.testing.assert_allclose(change, rule, rtol=0.02)


@pytest.mark.parametrize(
    # The lesson's third extension; 100 ms is the default run (0.61323 above).
    ("gap", "final"),
    [(50.0, 0.620), (30.0, 0.626), (20.0, 0.588), (12.0, 0.558)],
)
def test_close_pairings_interact(gap, final):
    np.testing.assert_allclose(run_pairing(gap=gap).weights[-1], final, atol=0.0006)


def test_default_parameters_are_the_task(default_run):
    assert default_run.rule == RULE == StdpRule(
        tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS,
        w_max=W_MAX, w_init=W_INIT, delay=DELAY,
    )  # fmt: skip
    assert default_run.rule.tau_plus > default_run.rule.tau_minus
    parameters = default_run.recording.parameters
    assert parameters["pre_stimuli"][:2] == [10.0, 110.0]
    assert parameters["post_stimuli"][:2] == [15.0, 115.0]
    assert default_run.times[0] == 0.0
    assert default_run.times[-1] == pytest.approx(1600.0)
    assert default_run.weights[0] == W_INIT


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"lag": 0.0}, ValueError, "lag must be non-zero and shorter than gap / 2 = 50 ms"),
        ({"lag": 60.0}, ValueError, "lag must be non-zero and shorter than gap / 2"),
        ({"n_pairings": 0}, ValueError, "n_pairings must be at least 1, got 0"),
        ({"flush": "no"}, TypeError, "flush must be True or False"),
        ({"rule": {"tau_plus": 20.0}}, TypeError, "rule must be a course.stdp.StdpRule"),
        ({"rule": StdpRule(delay=0.5)}, ValueError, "delay must be at least min_delay=1 ms"),
    ],
)
def test_bad_input(sim, options, error, message):
    with pytest.raises(error, match=message):
        stdp_pairing(sim, **options)


def test_a_larger_a_plus_makes_the_rounding_a_smaller_part_of_each_step():
    """Lesson 24: A_plus = 0.03 asks for 22.22 pA; the board adds 22 steps, 21.48 pA."""
    board = board_pairing(rule=StdpRule(A_plus=0.03, A_minus=0.036))
    wanted = 0.03 * np.exp(-6.0 / TAU_PLUS)
    assert wanted * 1000 == pytest.approx(22.22, abs=0.005)
    np.testing.assert_array_equal(np.diff(board.weights)[1:], 22 * BOARD_STEP_20NA)


def test_lesson_grows_the_weight_and_is_the_solution(run_lesson, default_run):
    run = run_lesson("04_exercises/24_task4_stdp_network.py")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []
    lesson = run.namespace
    weights = lesson["weights"]
    # Quoted: "climbs by about 0.0075 nA per pairing, 15 steps in all, from
    # 0.5 to 0.613 nA"; nothing in the first gap (deterministic on NEST).
    assert weights.size == 17 and weights[1] == weights[0] == 0.5
    np.testing.assert_allclose(weights[-1], 0.613, atol=5e-4)
    np.testing.assert_allclose(np.diff(weights)[1:], 0.0075, atol=1e-4)
    # Quoted: post - pre 4.92 ms, and the steps 0.8 to 1.6 % above the rule.
    np.testing.assert_allclose(lesson["lags"].mean(), 4.92, atol=0.01)
    assert lesson["excess"].min() == pytest.approx(0.8, abs=0.05)
    assert lesson["excess"].max() == pytest.approx(1.6, abs=0.05)

    # The lesson's plain PyNN builds what the solution function builds: the
    # same rule and schedule give the same weights and spikes.
    assert (lesson["TAU_PLUS"], lesson["TAU_MINUS"]) == (TAU_PLUS, TAU_MINUS)
    assert (lesson["A_PLUS"], lesson["A_MINUS"]) == (A_PLUS, A_MINUS)
    assert (lesson["W_MAX"], lesson["W_INIT"], lesson["DELAY"]) == (W_MAX, W_INIT, DELAY)
    np.testing.assert_array_equal(weights, default_run.weights)
    for label in ("pre", "post"):
        np.testing.assert_array_equal(
            lesson["recording"].spike_times(label)[0],
            default_run.recording.spike_times(label)[0],
        )

    # What SpiNNaker will show. Quoted: 6.84 pA per pairing on the board
    # (7.55 on NEST), 0.603 against 0.613 nA, steps of 0.98 pA.
    board = lesson["board"]
    np.testing.assert_allclose(np.diff(board.weights)[1:] * 1000, 6.84, atol=0.005)
    np.testing.assert_allclose(board.weights[-1], 0.603, atol=5e-4)
    assert board.weight_step * 1000 == pytest.approx(0.98, abs=0.005)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"A_plus": 1.5},
            ValueError,
            r"A_plus must lie between 0 and 1 \(a fraction of w_max on NEST",
        ),
        ({"w_init": 2.0}, ValueError, r"w_init must lie between 0 and w_max=1 nA, got 2\.0"),
        ({"tau_minus": 0.0}, ValueError, "tau_minus must be greater than 0"),
        ({"tau_plus": "20"}, TypeError, "tau_plus must be a number"),
        ({"dependence": "gutig"}, ValueError, "dependence='gutig' is not allowed"),
    ],
)
def test_a_rule_names_the_bad_value(options, error, message):
    with pytest.raises(error, match=message):
        StdpRule(**options)


# --- the lesson's Try it yourself and the starter script ---------------------------

LESSON = "04_exercises/24_task4_stdp_network.py"


def test_try_it_multiplicative_steps_shrink_as_the_weight_grows(tmp_path, monkeypatch):
    """The answer: first step 0.00375 nA (half the additive 0.0075), the fifteenth
    0.0034 nA, the weight ends at 0.554 nA."""
    lesson = run_variant(
        LESSON,
        tmp_path,
        monkeypatch,
        {"sim.AdditiveWeightDependence(": "sim.MultiplicativeWeightDependence("},
    )
    steps = np.diff(lesson["weights"])[1:]  # the first gap brings nothing
    # NEST computes the rule exactly; 1e-5 nA is under 0.3 % of a step.
    np.testing.assert_allclose(steps[0], 0.00375, atol=1e-5)
    np.testing.assert_allclose(steps[-1], 0.0034, atol=1e-5)
    assert np.all(np.diff(steps) <= 0)
    np.testing.assert_allclose(lesson["weights"][-1], 0.554, atol=5e-4)


# --- what a SpiNNaker board would record (course.spinnaker_model) -------------------

#: One step of the weight on the board with the task's 20 nA stimuli: the ring
#: buffer's shift is 5 bits, so 2**(5 - 15) nA (sPyNNaker sizes it for the
#: largest weights onto the neuron).
BOARD_STEP_20NA = 2.0**-10


def test_board_rounds_each_pairing_down_to_whole_steps():
    board = board_pairing()
    assert board.weight_step == BOARD_STEP_20NA
    # Spikes on the 1 ms grid: each neuron fires 1 ms after its stimulus.
    np.testing.assert_array_equal(board.pre_spikes, 11.0 + 100.0 * np.arange(16))
    np.testing.assert_array_equal(board.post_spikes, 16.0 + 100.0 * np.arange(15))
    # The rule as sPyNNaker reads it (A_plus in nA), s = 5 + 1 ms, plus the
    # previous pairing's trace exp(-100/20) after the first: 7.41 and 7.46 pA,
    # each rounded down to 7 whole steps of 0.98 pA = 6.84 pA.
    first = A_PLUS * np.exp(-6.0 / TAU_PLUS)
    later = first * (1.0 + np.exp(-100.0 / TAU_PLUS))
    whole = [np.floor(first / BOARD_STEP_20NA), np.floor(later / BOARD_STEP_20NA)]
    assert whole == [7.0, 7.0]
    steps = np.diff(board.weights)
    assert steps[0] == 0.0  # applied one pairing late, as on NEST
    np.testing.assert_array_equal(steps[1:], 7 * BOARD_STEP_20NA)
    assert board.weights[-1] == 0.5 + 15 * 7 * BOARD_STEP_20NA  # 0.6025 nA


def test_weaker_stimuli_give_finer_weight_steps():
    """Lesson 24: with 5 nA stimuli the step is 0.24 pA; 7.57 then 7.81 pA per pairing."""
    board = board_pairing(drive_weight=5.0)
    step = 2.0**-12  # the shift drops by two bits with a quarter of the weight
    assert board.weight_step == step
    lags = board.post_spikes - board.pre_spikes[:15]
    np.testing.assert_array_equal(lags, 4.0)  # the neurons now fire 4 ms apart
    first = np.floor(A_PLUS * np.exp(-5.0 / TAU_PLUS) / step) * step
    later = np.floor(A_PLUS * np.exp(-5.0 / TAU_PLUS) * (1 + np.exp(-5.0)) / step) * step
    np.testing.assert_allclose(1000 * np.array([first, later]), [7.568, 7.8125], atol=5e-4)
    np.testing.assert_array_equal(np.diff(board.weights)[1:3], [first, later])


#: The answer to each TODO of the starter: lines of the lesson's worked solution.
STARTER_ANSWERS = {
    1: """stdp = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(
        tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS
    ),
    weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
    weight=W_INIT,
    delay=DELAY,
)""",
    2: """plastic = sim.Projection(
    cells["pre"], cells["post"], sim.OneToOneConnector(), stdp, receptor_type="excitatory"
)""",
    3: """times, weights = [0.0], [W_INIT]
for _ in range(N_PAIRINGS + 1):
    sim.run(GAP)
    rows = course.connections(plastic)
    times.append(sim.get_current_time())
    weights.append(rows[0, 2] if len(rows) else np.nan)""",
    4: """rule = StdpRule(
    tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS,
    w_max=W_MAX, w_init=W_INIT, delay=DELAY,
)  # fmt: skip""",
}


def test_filled_starter_passes_its_check(tmp_path, monkeypatch):
    source = fill_starter(4, EXAMPLES / LESSON, STARTER_ANSWERS)
    starter = run_starter(source, tmp_path, monkeypatch)
    assert starter["result"].passed, str(starter["result"])
    # The same weights as the lesson's (0.613 nA after 15 pairings).
    np.testing.assert_allclose(starter["weights"][-1], 0.61323, atol=WEIGHT_TOLERANCE_NA)
    # A wrong solution in the same starter is refused: the time constants swapped
    # in the synapse, not in the rule handed to the check.
    wrong = source.replace(
        "tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS\n",
        "tau_plus=TAU_MINUS, tau_minus=TAU_PLUS, A_plus=A_PLUS, A_minus=A_MINUS\n",
    )
    assert wrong != source
    result = run_starter(wrong, tmp_path, monkeypatch)["result"]
    assert not result.passed
    assert "are tau_plus and tau_minus swapped" in str(result)


def test_unfilled_starter_stops_at_todo_1(tmp_path, monkeypatch, capfd):
    # In this process: test_task1 runs a starter as a learner does (exit status 1).
    assert unfilled_starter_stop(4, tmp_path, monkeypatch, capfd) == (
        "TODO 1 is not written yet: the STDPMechanism, named stdp. Replace the line between "
        "'# TODO 1:' and '# END TODO 1' with your code, then run the script again."
    )


@needs_spynnaker
@pytest.mark.spinnaker
def test_filled_starter_maps_onto_the_virtual_board(run_on_virtual_board, tmp_path):
    """Unchanged on SpiNNaker: it maps, runs, and the check reports the unchanged weights."""
    check_starter_on_virtual_board(
        4, EXAMPLES / LESSON, STARTER_ANSWERS, run_on_virtual_board, tmp_path
    )
