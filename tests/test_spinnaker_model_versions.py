"""The board model in sPyNNaker 7.4.1's arithmetic and in that of the recordings' version.

Expected values come from outside the model: the boards' recordings (read
here with numpy), sPyNNaker 7.4.1's own integration tests (their expected
spike times, quoted with the test's name), the exact exponential (for the
on-chip routines, within their stated accuracy), and hand arithmetic.
The numbers of LSB by which 7.4.1's v and gsyn move on the recorded rings
(281 and 5) are those of an independent emulation of the 7.4.1 binary
(``/work/shared/spinnaker-reference/SPYNNAKER-7.4.1-ON-THE-CORE.md``, section 5).
"""

from __future__ import annotations

import math
from decimal import Decimal
from importlib import resources

import numpy as np
import pytest

from course import spinnaker_model as sm
from course.spinnaker_model import onchip, recordings

LSB = 2.0**-15
RECORDED = {1: (100.0, "gsyn"), 7: (200.0, "gsyn"), 17: (500.0, "v")}


def board_csv(name: str) -> np.ndarray:
    path = resources.files("course.spinnaker_model") / "recordings" / name
    with resources.as_file(path) as file:
        return np.loadtxt(file, delimiter=",")


def ring(delay: int, run_time: float, version: str):
    n = recordings.SYNFIRE_NEURONS
    return sm.simulate(
        {
            "input": sm.SpikeArray([[0.0]]),
            "ring": sm.Cells(n, "IF_curr_exp", recordings.SYNFIRE_CELL_PARAMETERS),
        },
        [
            ("input", "ring", [(0, 0, 2.0, 1.0)], "excitatory"),
            ("ring", "ring", [(i, (i + 1) % n, 2.0, float(delay)) for i in range(n)], "excitatory"),
        ],
        run_time,
        version=version,
    )["ring"]


# --- the three recordings in both versions -------------------------------------------------


@pytest.mark.parametrize("version", sm.VERSIONS)
@pytest.mark.parametrize("delay", sorted(RECORDED))
def test_every_recorded_spike_in_both_versions(delay, version):
    run_time, _ = RECORDED[delay]
    result = ring(delay, run_time, version)
    model = sorted((i, float(t)) for i, times in enumerate(result.spikes) for t in times)
    board = sorted((int(i), float(t)) for i, t in board_csv(f"20_{delay}_spikes.csv"))
    assert model == board


@pytest.mark.parametrize(("delay", "largest_lsb"), [(1, 5), (7, 5), (17, 281)])
def test_signals_bit_exact_in_the_recordings_version_and_close_in_7_4_1(delay, largest_lsb):
    run_time, kind = RECORDED[delay]
    board = board_csv(f"20_{delay}_{kind}.csv")[:, 2].reshape(20, -1)
    for version, expected in (("recordings", 0), ("7.4.1", largest_lsb)):
        result = ring(delay, run_time, version)
        model = result.v if kind == "v" else result.gsyn_exc
        # in LSB: v (17 ms, mV) and gsyn (1 and 7 ms, nA), both multiples of 2**-15
        assert np.abs(model - board).max() / LSB == expected, version


# --- sPyNNaker 7.4.1 integration test: one population of DC-driven LIF cells -------------

#: spynnaker_integration_tests/test_onepop/test_lif.py (OnePopLifExample): 5 cells,
#: v initialised apart, 100 ms; the board records spikes at 76, 75, 74, 73, 72 ms.
ONE_POP_LIF = {
    "tau_m": 333.33,
    "cm": 208.33,
    "v_rest": 0.1,
    "v_reset": 0.0,
    "v_thresh": 1.0,
    "tau_syn_E": 1.0,
    "tau_syn_I": 2.0,
    "tau_refrac": 2.5,
    "i_offset": 3.0,
}
ONE_POP_V = [0.0, 0.0146789550781, 0.029296875, 0.0438842773438, 0.0584106445312]


def test_dc_driven_lif_cells_spike_when_7_4_1_boards_do():
    cells = sm.Cells(5, "IF_curr_exp", ONE_POP_LIF, v_init=ONE_POP_V)
    result = sm.simulate({"pop": cells}, [], 100.0)["pop"]
    assert [s.tolist() for s in result.spikes] == [[76.0], [75.0], [74.0], [73.0], [72.0]]
    # Host-truncated constants (the recordings' version) put every spike one step early.
    older = sm.simulate({"pop": cells}, [], 100.0, version="recordings")["pop"]
    assert [s.tolist() for s in older.spikes] == [[75.0], [74.0], [73.0], [72.0], [71.0]]


# --- the on-chip routines ------------------------------------------------------------------


def test_expk_is_within_about_one_lsb_of_the_exponential():
    x = np.arange(-340695, 1, 97)  # every s16.15 argument down to expk's lower limit
    exact = np.exp(x * LSB) / LSB
    assert np.abs(onchip.expk(x) - exact).max() < 1.05
    # saturation, as in expk: above 363408 the largest s16.15, below -340695 zero
    assert onchip.expk([363409, -340696]).tolist() == [2**31 - 1, 0]


def test_expulr_is_a_u032_exponential_to_about_one_millionth():
    x = np.arange(-340695, 0, 97)
    exact = np.exp(x * LSB) * 2.0**32
    assert np.abs(onchip.expulr(x) - exact).max() < 2e-6 * 2**32


def test_kdivk_is_the_shifted_integer_quotient_rounded_down():
    assert onchip.kdivk(1 << 15, 20 << 15) == (1 << 30) // (20 << 15) == 1638  # 0.04998...
    assert onchip.kdivk([3, 7], [2, 2]).tolist() == [(3 << 15) // 2, (7 << 15) // 2]
    with pytest.raises(ValueError, match=r"b must hold bit patterns of numbers > 0"):
        onchip.kdivk(1, 0)
    with pytest.raises(TypeError, match=r"a must be s16.15 bit patterns"):
        onchip.kdivk(0.5, 1)


def test_7_4_1_computes_exp_tc_on_the_chip_one_lsb_above_the_hosts():
    # dt/tau_m = 1/20 is 1638 LSB on the chip (floor of 1638.4); exp(-1638/2**15) * 2**15 =
    # 31170.27, which expk truncates to 31170; the host truncated exp(-1/20) * 2**15 = 31169.87.
    exact = math.exp(-1638 / 2**15) * 2**15
    assert math.floor(exact) == 31170
    assert abs(int(onchip.expk(-1638)) - exact) < 1
    assert sm.Cells(1, "IF_curr_exp").parameters["tau_m"][0] == 20.0
    from course.spinnaker_model.lif import LifNeurons

    on_chip = LifNeurons(sm.Cells(1, "IF_curr_exp"), 1.0, "7.4.1")
    on_host = LifNeurons(sm.Cells(1, "IF_curr_exp"), 1.0, "recordings")
    assert (int(on_chip.exp_tc[0]), int(on_host.exp_tc[0])) == (31170, 31169)


def test_parameters_are_written_half_to_even_from_their_decimal_text():
    # 0.1 * 2**15 = 3276.8 -> 3277; 1.5 LSB and 2.5 LSB both -> 2 (half to even)
    values = [0.1, 1.5 * LSB, 2.5 * LSB, -65.0, 208.33]
    expected = [round(Decimal(str(x)) * 32768) for x in values]
    assert expected == [3277, 2, 2, -65 * 32768, 6826557]
    from course.spinnaker_model.lif import LifNeurons

    cells = sm.Cells(5, "IF_curr_exp", {"i_offset": values})
    assert LifNeurons(cells, 1.0, "7.4.1").i_offset.tolist() == expected
    # the recordings' version truncated toward zero
    assert LifNeurons(cells, 1.0, "recordings").i_offset.tolist() == [
        3276,
        1,
        2,
        -65 * 32768,
        6826557,
    ]


def test_conductance_inhibition_is_floored_after_the_sign_in_7_4_1():
    from course.spinnaker_model.lif import LifNeurons

    g, v = 1639, -(65 << 15) + 12345  # 0.05 uS; v = -65 mV + 12345 LSB
    drive = (-70 << 15) - v  # e_rev_I - v, in LSB
    assert (g * drive) % 2**15 != 0  # the product has a fractional part
    synaptic = np.array([[0], [g]], dtype=np.int64)
    currents = {}
    for version in sm.VERSIONS:
        neurons = LifNeurons(sm.Cells(1, "IF_cond_exp"), 1.0, version)
        neurons.v = np.array([v], dtype=np.int64)
        currents[version] = int(neurons._currents(synaptic)[1][0])
    assert currents["7.4.1"] == (-g * drive) // 2**15  # floor(-g (E - V)), the binary
    assert currents["recordings"] == -((g * drive) // 2**15)  # -floor(g (E - V))
    assert currents["7.4.1"] == currents["recordings"] - 1


# --- the version switch ----------------------------------------------------------------------


def test_model_ring_follows_the_recordings_unless_told_otherwise():
    from course.spinnaker_model import synfire

    board = board_csv("20_17_v.csv")[:, 2].reshape(20, -1)
    assert np.array_equal(synfire.model_ring(17, 500.0).v, board)
    assert np.abs(synfire.model_ring(17, 500.0, version="7.4.1").v - board).max() == 281 * LSB


@pytest.mark.parametrize(
    ("version", "error", "pattern"),
    [
        ("7.4", ValueError, r"version='7.4' is not allowed; choose one of '7.4.1', 'recordings'"),
        (741, TypeError, r"version must be text"),
    ],
)
def test_an_unknown_version_is_refused(version, error, pattern):
    with pytest.raises(error, match=pattern):
        sm.simulate({"c": sm.Cells(1, "IF_curr_exp")}, [], 10.0, version=version)


def test_i_offset_changes_act_from_their_step_as_a_set_between_runs():
    # 2 nA on cm 0.25: R = 80 MOhm drives v over threshold in 2 steps; 0 nA: never.
    cells = sm.Cells(1, "IF_curr_exp", {"cm": 0.25})
    result = sm.simulate({"c": cells}, [], 20.0, i_offset_changes={"c": [(10.0, 2.0)]})["c"]
    assert result.spikes[0].tolist() == [11.0, 14.0, 17.0]


@pytest.mark.parametrize(
    ("changes", "error", "pattern"),
    [
        ({"d": [(1.0, 1.0)]}, ValueError, r"i_offset_changes: 'd' is not a Cells population"),
        ({"c": (1.0, 1.0)}, TypeError, r"i_offset_changes\['c'\]\[0\] must be a \(time ms"),
        ({"c": [(-1.0, 1.0)]}, ValueError, r"time must be 0 ms or later, got -1.0"),
        ({"c": [(1.0, "1")]}, TypeError, r"i_offset_changes\['c'\]\[0\] i_offset must be"),
        ([("c", 1.0)], TypeError, r"i_offset_changes must map population names"),
    ],
)
def test_bad_i_offset_changes_are_refused(changes, error, pattern):
    with pytest.raises(error, match=pattern):
        sm.simulate({"c": sm.Cells(1, "IF_curr_exp")}, [], 10.0, i_offset_changes=changes)


def test_synaptic_constants_computed_on_the_chip_for_5_ms():
    # dt/tau = 1/5 is 6553 LSB on the chip (floor of 6553.6); decay = expulr(-6553 LSB),
    # within expulr's accuracy of exp(-6553/2**15) * 2**32; init = (tau/dt)(1 - decay) with
    # 1 - decay taken from 0xFFFFFFFF and tau/dt = 5 exactly, shifted right by 15.
    decay, init = onchip.synapse_constants(np.array([5.0]), 1.0, "7.4.1")
    assert abs(int(decay[0]) - math.exp(-6553 / 2**15) * 2**32) < 5300
    assert int(init[0]) == ((0xFFFFFFFF - int(decay[0])) * (5 << 15)) >> 15
    # the recordings' version: both truncated from floating point on the host
    old_decay, old_init = onchip.synapse_constants(np.array([5.0]), 1.0, "recordings")
    assert int(old_decay[0]) == int(math.exp(-0.2) * 2**32)
    assert int(old_init[0]) == int(5 * (1 - math.exp(-0.2)) * 2**32)


def test_lif_constants_of_the_recorded_ring_in_both_versions():
    p = {name: np.array([value]) for name, value in recordings.SYNFIRE_CELL_PARAMETERS.items()}
    new = onchip.lif_constants(p, 1.0, "7.4.1")
    old = onchip.lif_constants(p, 1.0, "recordings")
    # R = tau_m / cm = 20 / 0.25 = 80 MOhm: kdivk of 20 and 0.25 (8192 LSB) is exact
    assert int(new["r_membrane"][0]) == int(old["r_membrane"][0]) == 80 << 15
    assert (int(new["exp_tc"][0]), int(old["exp_tc"][0])) == (31170, 31169)
    assert int(new["refractory_steps"][0]) == int(old["refractory_steps"][0]) == 2


def test_version_and_rule_checks_name_what_they_refuse():
    from course.spinnaker_model.plasticity import check_rule
    from course.stdp import StdpRule

    assert onchip.check_version("recordings") == "recordings"
    with pytest.raises(ValueError, match=r"version='8.0' is not allowed"):
        onchip.check_version("8.0")
    rule = StdpRule()
    assert check_rule("projections[0]", rule) is rule
    with pytest.raises(ValueError, match=r"projections\[0\]: .*'multiplicative' is not modelled"):
        check_rule("projections[0]", StdpRule(dependence="multiplicative"))
