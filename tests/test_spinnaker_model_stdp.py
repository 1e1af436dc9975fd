"""Pair-additive STDP in the board model, against sPyNNaker's own tests and hand arithmetic.

The expected values come from sPyNNaker 7.4.1's integration test
``test_stdp/test_STDP_pair_additive.py`` (its network, its post spike times
and its tolerance against sPyNNaker's reference formula, ported below from
``synapse_dynamics_utils.py``), from an independent emulation of the 7.4.1
binary (``SPYNNAKER-7.4.1-ON-THE-CORE.md``, section 4: 5126 / 2048) and from
trace arithmetic done by hand in the tests.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course import spinnaker_model as sm
from course.spinnaker_model.plasticity import decay_table
from course.stdp import StdpRule


def reference_pair_additive_weight(
    pre_spikes, post_spikes, initial_weight, plastic_delay, a_plus, a_minus, tau_plus, tau_minus
):
    """sPyNNaker's ``calculate_spike_pair_additive_stdp_weight``, ported (floating point).

    Only pairs the board can apply count: post spikes before the last pre
    spike minus the delay; potentiation from every earlier pre spike,
    depression towards every pre spike.
    """
    pre = np.asarray(pre_spikes, dtype=float)
    post = np.asarray(post_spikes, dtype=float)
    considered = post[post < pre[-1] - plastic_delay]
    if considered.size == 0:
        return initial_weight
    potentiation = np.subtract.outer(considered + plastic_delay, pre[:-1]).ravel()
    depression = np.subtract.outer(considered + plastic_delay, pre).ravel()
    up = a_plus * np.exp(-potentiation[potentiation > 0] / tau_plus)
    down = a_minus * np.exp(depression[depression < 0] / tau_minus)
    return initial_weight + up.sum() - down.sum()


#: test_STDP_pair_additive.potentiation_and_depression
RULE = StdpRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01, w_max=5.0, w_init=2.5,
                delay=3.0)  # fmt: skip
PRE_SPIKES = [1010.0, 1050.0]


def _pair_additive_network():
    """(populations, projections) of ``test_STDP_pair_additive.potentiation_and_depression``."""
    return (
        {
            "pre": sm.SpikeArray([PRE_SPIKES]),
            "extra": sm.SpikeArray([[1030.0]]),
            "post": sm.Cells(1, "IF_curr_exp"),
        },
        [
            ("pre", "post", [(0, 0, 5.0, 1.0)], "excitatory"),
            ("extra", "post", [(0, 0, 5.0, 1.0)], "excitatory"),
            ("pre", "post", [(0, 0, 2.5, 3.0)], "excitatory", RULE),
        ],
    )


def potentiation_and_depression():
    return sm.simulate(*_pair_additive_network(), run_time=1100.0)


def test_spynnaker_pair_additive_test_post_spikes_and_weight():
    result = potentiation_and_depression()
    post = result["post"].spikes[0]
    assert post.tolist() == [1014.0, 1032.0, 1053.0]
    expected = reference_pair_additive_weight(PRE_SPIKES, post, 2.5, 3, 0.01, 0.01, 20.0, 20.0)
    assert expected == pytest.approx(2.50327, abs=1e-5)
    final = result.weights[2]
    # the upstream test: numpy.allclose(weights, exact, rtol=0.001)
    assert np.allclose(final, expected, rtol=1e-3)
    # the 16-bit weight: shift 4 (5 + 5 static + w_max 5 = 15 nA per step), 1/2048 nA units
    assert result["post"].ring_buffer_shifts == (4, 0)
    assert final.tolist() == [5126 / 2048]
    # static projections read back their weight
    assert result.weights[0].tolist() == result.weights[1].tolist() == [5.0]


def test_spynnaker_post_spike_same_time_test():
    # test_STDP_pair_additive.post_spike_same_time: pre spikes 0, 2, ..., 8 ms, no post spike
    rule = StdpRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.01, w_max=5.0,
                    w_init=4.0, delay=1.0)  # fmt: skip
    pre = [0.0, 2.0, 4.0, 6.0, 8.0]
    result = sm.simulate(
        {"pre": sm.SpikeArray([pre]), "post": sm.Cells(1, "IF_curr_exp")},
        [("pre", "post", [(0, 0, 4.0, 1.0)], "excitatory", rule)],
        run_time=12.0,
    )
    post = result["post"].spikes[0]
    expected = reference_pair_additive_weight(pre, post, 4.0, 1, 0.01, 0.01, 20.0, 20.0)
    assert np.allclose(result.weights[0], expected, rtol=1e-3)


def test_lookup_table_as_the_host_writes_it():
    table = decay_table(20.0, 1.0)
    assert table.size == 154  # ln(2048) * 20 = 152.5, rounded up to even
    assert table[0] == 2048 and table[1] == math.floor(2048 * math.exp(-1 / 20)) == 1948
    assert decay_table(10.0, 1.0).size == 78


def one_pair(lag: int, rule: StdpRule, w: float = 0.5, driver: float = 10.0):
    """Pre at 10 ms, post forced at 10 + lag ms (one 10 nA kick 2 ms before), pre again at 200."""
    result = sm.simulate(
        {
            "pre": sm.SpikeArray([[10.0, 200.0]]),
            "kick": sm.SpikeArray([[10.0 + lag - 2.0]]),
            "post": sm.Cells(1, "IF_curr_exp", {"tau_refrac": 2.0}),
        },
        [
            ("kick", "post", [(0, 0, driver, 1.0)], "excitatory"),
            ("pre", "post", [(0, 0, w, rule.delay)], "excitatory", rule),
        ],
        run_time=250.0,
    )
    return result


def test_a_plus_is_an_absolute_step_not_a_fraction_of_w_max():
    # One pair at s = t_post + d - t_pre; potentiation floor(A+ * (trace << 4) / 2**15) in
    # s16.15 with the pre trace 2048 decayed by the table: weight steps of 2**(shift-15) nA.
    rule = StdpRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.1, A_minus=0.0, w_max=2.0,
                    w_init=0.5, delay=1.0)  # fmt: skip
    result = one_pair(10, rule)
    post = result["post"].spikes[0]
    assert post.tolist() == [20.0]  # kicked at 18 ms, arrives at 19, spikes at 20
    shift = result["post"].ring_buffer_shifts[0]
    assert shift == 4  # 10 nA + w_max 2 nA = 12 nA per step -> 16
    s = int(post[0]) + 1 - 10  # 11 steps
    trace = (2048 * math.floor(2048 * math.exp(-s / 20))) >> 11
    a_plus = round(0.1 * 2**15)
    w = (round(0.5 * 2 ** (15 - shift)) << shift) + ((a_plus * (trace << 4)) >> 15)
    assert result.weights[1].tolist() == [(w >> shift) * 2.0 ** (shift - 15)]
    # NEST's A_plus * w_max would be twice as big: the board's step is A_plus itself.
    assert result.weights[1][0] - 0.5 == pytest.approx(0.1 * math.exp(-s / 20), abs=2**-10)


def test_a_pair_at_zero_lag_depresses_fully_and_never_potentiates():
    # post spike at 9 ms, delay 1: it reaches the synapse at 10, with the pre spike: s = 0
    rule = StdpRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.1, A_minus=0.05, w_max=2.0,
                    w_init=0.1, delay=1.0)  # fmt: skip
    result = one_pair(-1, rule, w=0.1)
    assert result["post"].spikes[0].tolist() == [9.0]
    shift = result["post"].ring_buffer_shifts[0]
    assert shift == 4
    a_minus = round(0.05 * 2**15)
    # At 10 ms: the post trace 2048, LUT[0] = 2048, so exactly A-; no potentiation (the
    # first pre spike has no earlier pre trace). At 200 ms the post spike is outside the
    # window (9 > 10 - 1 is false) and 190 steps old, past the 154-entry table: nothing.
    w = (round(0.1 * 2 ** (15 - shift)) << shift) - ((a_minus * (2048 << 4)) >> 15)
    assert result.weights[1].tolist() == [(w >> shift) * 2.0 ** (shift - 15)]
    assert result.weights[1][0] == pytest.approx(0.1 - 0.05, abs=2.0 ** (shift - 15))


def test_a_weight_changes_only_when_the_next_pre_spike_arrives():
    rule = StdpRule(A_plus=0.1, A_minus=0.0, w_max=2.0, w_init=0.5, delay=1.0)
    before = one_pair(10, rule)
    # cut the second pre spike: the pair is never applied, the weight stays as stored
    only_first = sm.simulate(
        {
            "pre": sm.SpikeArray([[10.0]]),
            "kick": sm.SpikeArray([[18.0]]),
            "post": sm.Cells(1, "IF_curr_exp", {"tau_refrac": 2.0}),
        },
        [
            ("kick", "post", [(0, 0, 10.0, 1.0)], "excitatory"),
            ("pre", "post", [(0, 0, 0.5, 1.0)], "excitatory", rule),
        ],
        run_time=250.0,
    )
    assert only_first["post"].spikes[0].tolist() == before["post"].spikes[0].tolist() == [20.0]
    assert only_first.weights[1].tolist() == [0.5]
    assert before.weights[1][0] > 0.5


def test_weights_saturate_at_w_max():
    # w_max 0.6 nA is 19661 LSB (half to even); with shift 4 the weight floors to
    # 19661 >> 4 = 1228 units of 2**-11 nA: 0.5996 nA, the largest weight the board holds.
    rule = StdpRule(A_plus=1.0, A_minus=0.0, w_max=0.6, w_init=0.5, delay=1.0)
    result = one_pair(2, rule)
    assert result["post"].ring_buffer_shifts[0] == 4
    assert result.weights[1].tolist() == [(round(0.6 * 2**15) >> 4) * 2.0**-11]


@pytest.mark.parametrize(
    ("rule", "error", "pattern"),
    [
        (
            StdpRule(dependence="multiplicative"),
            ValueError,
            r"only spike-pair STDP with additive weight dependence; "
            r"dependence='multiplicative' is not modelled",
        ),
        ("pair", TypeError, r"the fifth item must be a course.stdp.StdpRule"),
    ],
)
def test_what_the_model_does_not_run_is_refused(rule, error, pattern):
    with pytest.raises(error, match=pattern):
        sm.simulate(
            {"pre": sm.SpikeArray([[1.0]]), "post": sm.Cells(1, "IF_curr_exp")},
            [("pre", "post", [(0, 0, 0.5, 1.0)], "excitatory", rule)],
            run_time=10.0,
        )


def test_two_rules_into_one_population_are_refused():
    populations = {"pre": sm.SpikeArray([[1.0]]), "post": sm.Cells(1, "IF_curr_exp")}
    with pytest.raises(ValueError, match=r"projections\[1\] \(pre->post\): its STDP rule differs"):
        sm.simulate(
            populations,
            [
                ("pre", "post", [(0, 0, 0.5, 1.0)], "excitatory", StdpRule()),
                ("pre", "post", [(0, 0, 0.5, 1.0)], "excitatory", StdpRule(tau_plus=10.0)),
            ],
            run_time=10.0,
        )
    with pytest.raises(ValueError, match=r"must have 4 or 5 items"):
        sm.simulate(populations, [("pre", "post", [], "excitatory", StdpRule(), 1)], 10.0)


def test_weights_read_during_one_run_are_those_of_runs_that_end_there():
    # Reading at weight_times must give what a run of that length reads back at
    # its end (the way board_pairing used to read, one run per reading): the
    # pair-additive test network, read before, between and after its weight changes.
    network = _pair_additive_network()
    times = [5.0, 1012.0, 1049.5, 1051.0, 1052.0, 1100.0]
    one_run = sm.simulate(*network, run_time=1100.0, weight_times=times)
    assert sorted(one_run.weights_at) == times
    changes = 0
    for time in times:
        separate = sm.simulate(*network, run_time=time)
        for read, expected in zip(one_run.weights_at[time], separate.weights, strict=True):
            assert read.tolist() == expected.tolist(), time
        changes += separate.weights[2][0] != 2.5
    assert changes >= 2  # the plastic weight has changed by the later readings
    assert [w.tolist() for w in one_run.weights_at[1100.0]] == [w.tolist() for w in one_run.weights]


@pytest.mark.parametrize(
    ("weight_times", "error", "pattern"),
    [
        ("10", TypeError, r"weight_times must be a list of times \(ms\) up to run_time"),
        ([10.0, "x"], TypeError, r"weight_times\[1\]"),
        ([0.0], ValueError, r"weight_times\[0\] must be after 0 ms and at most run_time"),
        ([1100.5], ValueError, r"weight_times\[0\] must be after 0 ms and at most run_time"),
        ([math.nan], ValueError, r"weight_times\[0\]"),
    ],
)
def test_bad_weight_times_are_refused(weight_times, error, pattern):
    with pytest.raises(error, match=pattern):
        sm.simulate(*_pair_additive_network(), run_time=1100.0, weight_times=weight_times)
