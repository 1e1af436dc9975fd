"""Task 5 (STDP curve): the measured window against the spike-pair rule, on NEST."""

from __future__ import annotations

import numpy as np
import pytest

import course
import course.check
from course.exercises.task5 import DELTA_TS, RULE, board_curve, stdp_curve
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

# NEST's stdp_synapse computes exactly the rule PyNN defines (steps scaled by
# w_max, the whole delay dendritic); measured and predicted changes differ
# only by floating-point rounding (2e-9 relative). 1e-6 leaves room for that
# and would still catch a 1 ms shift of the window (a 5 % change at least).
RELATIVE_TOLERANCE = 1e-6


def run_curve(flush=True, **rule):
    sim = course.setup("nest", timestep=1.0)
    try:
        return stdp_curve(sim, rule=StdpRule(**{"w_init": 0.25, **rule}), flush=flush)
    finally:
        sim.end()


@pytest.fixture(scope="module")
@once_per_process
def additive():
    return run_curve()


def _at(curve, requested):
    index = list(curve.requested_delta_t).index(requested)
    return curve.delta_t[index], curve.weight_change[index]


def test_measured_curve_is_the_rule_at_every_point(additive):
    assert additive.delta_t.size == len(DELTA_TS) == 20
    np.testing.assert_allclose(
        additive.weight_change, additive.predicted(), rtol=RELATIVE_TOLERANCE
    )


def test_the_delay_shifts_the_window(additive):
    # The rule written out here, without the delay (tau_plus 20 ms, tau_minus
    # 10 ms, A_plus 0.01, A_minus 0.012, w_max 1 nA). NEST counts the whole
    # 1 ms delay as dendritic, so every measured step is this one times
    # exp(-1/tau_plus) = 0.951 (post after pre) or exp(1/tau_minus) = 1.105
    # (post before pre): 5 to 10 % off, far beyond the rounding tolerance.
    dt, dw = additive.delta_t, additive.weight_change
    undelayed = np.where(dt > 0, 0.01 * np.exp(-dt / 20.0), -0.012 * np.exp(dt / 10.0))
    shift = np.where(dt > 0, np.exp(-1.0 / 20.0), np.exp(1.0 / 10.0))
    np.testing.assert_allclose(dw / undelayed, shift, rtol=RELATIVE_TOLERANCE)


def test_post_spikes_come_a_latency_after_their_stimulus(additive):
    # 20 nA reach threshold in about 0.8 ms; a preceding presynaptic input
    # makes it slightly sooner.
    latency = additive.delta_t - additive.requested_delta_t
    assert np.all((latency > 0.78) & (latency < 0.84))


def test_lesson_numbers(additive):
    dt, dw = _at(additive, -5.0)
    np.testing.assert_allclose([dt, dw * 1000], [-4.17, -8.741], atol=0.005)
    dt, dw = _at(additive, 5.0)
    np.testing.assert_allclose([dt, dw * 1000], [5.79, 7.121], atol=0.005)
    assert course.check.task5(additive).passed


def test_multiplicative_dependence_scales_by_the_weight(additive):
    curve = run_curve(dependence="multiplicative")
    np.testing.assert_allclose(curve.weight_change, curve.predicted(), rtol=RELATIVE_TOLERANCE)
    # w = w_max / 4: potentiation 3/4, depression 1/4 of the additive steps.
    after, before = additive.delta_t > 0, additive.delta_t < 0
    np.testing.assert_allclose(
        curve.weight_change[after], 0.75 * additive.weight_change[after], rtol=1e-3
    )
    np.testing.assert_allclose(
        curve.weight_change[before], 0.25 * additive.weight_change[before], rtol=1e-3
    )
    np.testing.assert_allclose(
        [_at(curve, 5.0)[1] * 1000, _at(curve, -5.0)[1] * 1000], [5.34, -2.19], atol=0.005
    )


def test_other_time_constants_are_fitted_back():
    curve = run_curve(tau_plus=10.0, tau_minus=20.0, A_plus=0.02)
    np.testing.assert_allclose(curve.weight_change, curve.predicted(), rtol=RELATIVE_TOLERANCE)
    np.testing.assert_allclose(_at(curve, 5.0)[1] * 1000, 10.14, atol=0.005)
    result = course.check.task5(curve)
    assert result.passed
    assert "✓ the fitted tau_plus is 10.00 ms; you set 10.00 ms" in result.messages
    assert "✓ the fitted tau_minus is 20.00 ms; you set 20.00 ms" in result.messages


def test_a_longer_delay_moves_the_window_further():
    curve = run_curve(delay=5.0)
    np.testing.assert_allclose(curve.weight_change, curve.predicted(), rtol=RELATIVE_TOLERANCE)
    dt, dw = _at(curve, -5.0)
    assert dt < 0  # the postsynaptic neuron fires first ...
    np.testing.assert_allclose(dw * 1000, 9.59, atol=0.005)  # ... and still potentiates
    result = course.check.task5(curve)
    assert result.passed
    assert "✓ post after pre potentiates in all 11 pairs" in result.messages


def test_spike_pair_rule_formula():
    # Values written out from PyNN's definition of the rule (s = Δt + delay).
    lags = np.array([-11.0, -1.0, 9.0])
    np.testing.assert_allclose(
        RULE.weight_change(lags), [-0.012 * np.exp(-1.0), 0.0, 0.01 * np.exp(-0.5)]
    )
    multiplicative = StdpRule(w_init=0.25, dependence="multiplicative")
    np.testing.assert_allclose(
        multiplicative.weight_change([-11.0, 9.0]),
        [-0.012 * 0.25 * np.exp(-1.0), 0.01 * 0.75 * np.exp(-0.5)],
    )
    with pytest.raises(ValueError, match="dependence='nearest' is not allowed"):
        StdpRule(dependence="nearest")


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"delta_ts": []}, ValueError, "delta_ts must hold at least one finite time"),
        ({"delta_ts": [95.0]}, ValueError, "every delta_t must lie between -90 and 90 ms"),
        ({"delta_ts": ["a"]}, TypeError, "delta_ts must be a sequence of times in ms"),
        ({"rule": "additive"}, TypeError, "rule must be a course.stdp.StdpRule"),
        ({"flush": 1}, TypeError, "flush must be True or False"),
    ],
)
def test_bad_input(sim, options, error, message):
    with pytest.raises(error, match=message):
        stdp_curve(sim, **options)


def test_lesson_measures_the_rule_and_is_the_solution(run_lesson, additive):
    run = run_lesson("04_exercises/25_task5_stdp_curve.py")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []
    lesson = run.namespace
    measured_dt, weight_change = lesson["measured_dt"], lesson["weight_change"]
    assert measured_dt.size == 20 and np.isfinite(weight_change).all()
    # The printed rows: -4.17 ms / -8.741 pA and 5.79 ms / +7.121 pA.
    np.testing.assert_allclose(measured_dt[[9, 10]], [-4.17, 5.79], atol=0.005)
    np.testing.assert_allclose(1000 * weight_change[[9, 10]], [-8.741, 7.121], atol=5e-4)
    assert lesson["worst"] < RELATIVE_TOLERANCE
    # The solution function at the same (default) parameters: the same curve.
    np.testing.assert_array_equal(measured_dt, additive.delta_t)
    np.testing.assert_array_equal(weight_change, additive.weight_change)

    # What SpiNNaker will show. Quoted: steps of 0.98 pA; the printed rows
    # -0.98, -8.79, +6.84 and 0 pA at Δt = -50, -5, 5 and 50 ms.
    board = lesson["board"]
    assert board.weight_step * 1000 == pytest.approx(0.98, abs=0.005)
    np.testing.assert_array_equal(board.delta_t[[0, 9, 10, 19]], [-50.0, -5.0, 5.0, 50.0])
    np.testing.assert_allclose(
        1000 * board.weight_change[[0, 9, 10, 19]], [-0.98, -8.79, 6.84, 0.0], atol=0.005
    )


def test_nest_scales_additive_steps_by_w_max(additive):
    """Lessons 24 and 25: on NEST a step is A·w_max·exp(...), so w_max = 2 doubles it."""
    doubled = run_curve(w_max=2.0)
    np.testing.assert_allclose(doubled.weight_change, 2.0 * additive.weight_change, rtol=1e-6)


def test_spynnaker_writes_additive_steps_without_w_max():
    """Lessons 24 and 25: sPyNNaker adds A·exp(...) itself; w_max is only the bound."""
    pytest.importorskip("spynnaker")
    from spynnaker.pyNN.models.neuron.plasticity.stdp.weight_dependence import (
        WeightDependenceAdditive,
    )

    class Spec:
        """Collects what write_parameters writes, in order."""

        def __init__(self):
            self.values = []

        def write_value(self, data, data_type=None):
            self.values.append(data)

    for w_max in (1.0, 2.0):
        dependence = WeightDependenceAdditive(w_min=0.0, w_max=w_max)
        dependence.set_a_plus_a_minus(0.01, 0.012)
        spec = Spec()
        dependence.write_parameters(spec, 1.0, np.ones(1), 1)
        # w_min, w_max, A_plus, A_minus: the amplitudes do not grow with w_max.
        assert spec.values == [0.0, w_max, 0.01, 0.012]


# --- what a SpiNNaker board would measure (course.spinnaker_model) --------------------

#: One weight step with the task's 20 nA drivers: a 5-bit ring-buffer shift.
BOARD_STEP = 2.0**-10


def test_board_curve_is_the_rule_rounded_down_to_whole_steps():
    board = board_curve()
    assert board.weight_step == BOARD_STEP
    # Spikes on the 1 ms grid: every neuron fires at 100 ms, Δt as requested.
    np.testing.assert_array_equal(board.delta_t, DELTA_TS)
    # The rule as sPyNNaker reads it (A in nA), written out here, s = Δt + 1 ms.
    # sPyNNaker rounds each update down to a whole step of 2**-10 nA; before
    # that its trace tables and amplitudes (floor(2048 exp(-s/tau)), A in
    # 2**-15) shrink a change by under 1 %: each Δw lies within one step below
    # the rule and 1 % above it (at Δt = -15 ms the rule's -2.96 pA becomes
    # -2.93 pA, exactly 3 steps, so it is not rounded further).
    s = np.array(DELTA_TS) + 1.0
    rule = np.where(s > 0, 0.01 * np.exp(-s / 20.0), -0.012 * np.exp(s / 10.0))
    steps = board.weight_change / BOARD_STEP
    np.testing.assert_array_equal(steps, np.round(steps))
    difference = board.weight_change - rule
    assert np.all(difference > -BOARD_STEP)
    assert np.all(difference < 0.01 * np.abs(rule))
    # Far pairs: potentiation of 0.78 pA (Δt = 50 ms) reads 0, depression of
    # 0.09 pA (Δt = -50 ms) a whole step down.
    assert board.weight_change[-1] == 0.0
    assert board.weight_change[0] == -BOARD_STEP


def test_weaker_drivers_give_a_finer_staircase():
    """Lesson 25: 5 nA drivers, steps of 0.24 pA, far pairs 0.24 to 0.49 pA; the neurons
    fire later, which moves every Δt by 5 or 6 ms."""
    board = board_curve(drive_weight=5.0)
    assert board.weight_step == 2.0**-12
    assert set(board.delta_t - np.array(DELTA_TS)) == {5.0, 6.0}
    np.testing.assert_allclose(1000 * board.weight_change[[0, -1]], [-0.24, 0.49], atol=0.005)


# --- the lesson's Try it yourself ----------------------------------------------------


def test_try_it_a_second_presynaptic_spike_leaves_the_single_pair_rule(tmp_path, monkeypatch):
    """The answer: depression 37 % larger everywhere (-11.96 pA at -4.2 ms); +14.70 pA
    instead of +5.55 at 10.8 ms; -1.58 pA at 5.8 ms; the check refuses."""
    lesson = run_variant(
        "04_exercises/25_task5_stdp_curve.py",
        tmp_path,
        monkeypatch,
        {
            "pre_times = [[POST_TIME - dt, flush] for dt in delta_ts]": (
                "pre_times = [[POST_TIME - dt, POST_TIME - dt + 10.0, flush] for dt in delta_ts]"
            )
        },
    )
    dt, dw, predicted = lesson["measured_dt"], lesson["weight_change"], lesson["predicted"]
    before = dt < 0
    # The second pre spike comes 10 ms after the first: its depression is
    # exp(-10/10) of the first's. NEST computes the rule exactly (1e-6).
    np.testing.assert_allclose(dw[before] / predicted[before], 1 + np.exp(-1.0), rtol=1e-6)
    np.testing.assert_allclose(1000 * dw[[9, 10, 11]], [-11.957, -1.584, 14.695], atol=0.005)
    np.testing.assert_allclose(1000 * predicted[[9, 11]], [-8.741, 5.548], atol=0.005)
    assert not course.check.task5(dt, dw, rule=lesson["rule"]).passed


# --- the starter script ----------------------------------------------------------------

LESSON = "04_exercises/25_task5_stdp_curve.py"

#: The answer to each TODO of the starter: lines of the lesson's worked solution.
STARTER_ANSWERS = {
    1: "pre_times = [[POST_TIME - dt, flush] for dt in delta_ts]",
    2: """stdp = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(
        tau_plus=TAU_PLUS, tau_minus=TAU_MINUS, A_plus=A_PLUS, A_minus=A_MINUS
    ),
    weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
    weight=W_INIT,
    delay=DELAY,
)""",
    3: (
        "plastic = sim.Projection(pre, post, sim.OneToOneConnector(), stdp, "
        'receptor_type="excitatory")'
    ),
    4: """rows = course.connections(plastic)
weight_change = np.full(n_pairs, np.nan)
weight_change[rows[:, 0].astype(int)] = rows[:, 2] - W_INIT""",
}


def test_filled_starter_passes_its_check(tmp_path, monkeypatch, additive):
    source = fill_starter(5, EXAMPLES / LESSON, STARTER_ANSWERS)
    starter = run_starter(source, tmp_path, monkeypatch)
    assert starter["result"].passed, str(starter["result"])
    # The lesson's curve, point for point.
    np.testing.assert_array_equal(starter["weight_change"], additive.weight_change)
    # A wrong solution in the same starter is refused: Δt computed as pre - post.
    wrong = source.replace(
        "spikes[0] - times[0] if spikes.size else np.nan",
        "times[0] - spikes[0] if spikes.size else np.nan",
    )
    assert wrong != source
    result = run_starter(wrong, tmp_path, monkeypatch)["result"]
    assert not result.passed and "the curve is mirrored" in str(result)


def test_unfilled_starter_stops_at_todo_1(tmp_path, monkeypatch, capfd):
    # In this process: test_task1 runs a starter as a learner does (exit status 1).
    assert unfilled_starter_stop(5, tmp_path, monkeypatch, capfd) == (
        "TODO 1 is not written yet: the presynaptic spike times, named pre_times. Replace the "
        "line between '# TODO 1:' and '# END TODO 1' with your code, then run the script again."
    )


@needs_spynnaker
@pytest.mark.spinnaker
def test_filled_starter_maps_onto_the_virtual_board(run_on_virtual_board, tmp_path):
    """Unchanged on SpiNNaker: it maps, runs, and the check reports the unchanged weights."""
    check_starter_on_virtual_board(
        5, EXAMPLES / LESSON, STARTER_ANSWERS, run_on_virtual_board, tmp_path
    )
