"""Izhikevich cells in the board model, against sPyNNaker 7.4.1's own board tests and by hand.

The expected spikes come from sPyNNaker's integration tests (quoted with
their names); the single step is worked out in the test from the equations
of ``neuron_model_izh_impl.h`` as the 7.4.1 binary orders them.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from course import spinnaker_model as sm

#: The cells of both upstream tests (test_synfire_Izhikevich, test_set_toffset_izk).
IZK = {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "tau_syn_E": 2.0, "tau_syn_I": 2.0,
       "i_offset": 0.0}  # fmt: skip


def test_spynnaker_synfire_izhikevich_test_has_215_spikes():
    # test_various/test_synfire_Izhikevich.py: 200 cells (v -75, u 0) in a ring, weight
    # 40 nA, delay 1 ms, one input at 50 ms, 500 ms: the board records 215 spikes.
    n = 200
    result = sm.simulate(
        {
            "ring": sm.Cells(n, "Izhikevich", IZK, v_init=-75.0, u_init=0.0),
            "input": sm.SpikeArray([[50.0]]),
        },
        [
            ("ring", "ring", [(i, (i + 1) % n, 40.0, 1.0) for i in range(n)], "excitatory"),
            ("input", "ring", [(0, 0, 40.0, 1.0)], "excitatory"),
        ],
        run_time=500.0,
    )["ring"]
    assert sum(s.size for s in result.spikes) == 215
    first = np.array([s[0] for s in result.spikes[:215] if s.size])
    assert np.all(np.diff(first) > 0)  # the wave runs around the ring in order


def test_spynnaker_set_toffset_izk_test():
    # test_change_neuron_parameters_between_runs/test_set_toffset_izk.py: 32 cells, i_offset
    # 0 nA for 1000 ms, then 2, then 4 nA (set between runs); every cell spikes at these times.
    result = sm.simulate(
        {"pop": sm.Cells(32, "Izhikevich", IZK, v_init=-75.0, u_init=0.0)},
        [],
        run_time=3000.0,
        i_offset_changes={"pop": [(1000.0, 2.0), (2000.0, 4.0)]},
    )["pop"]
    expected = [2011.0, 2148.0, 2288.0, 2427.0, 2565.0, 2703.0, 2844.0, 2982.0]
    assert all(s.tolist() == expected for s in result.spikes)


def one_step_by_hand(v, u, current, a=0.02, b=0.2, h=1.0):
    """One midpoint step in s16.15 as the 7.4.1 binary computes it (all products floored)."""

    def bits(x):
        return round(x * 2**15)

    def mul(x, y):
        return (x * y) >> 15

    v, u, i, a, b, h = (bits(x) for x in (v, u, current, a, b, h))
    m, five = 1311, bits(5.0)
    p = bits(140.0) + i - u
    alpha = p + mul(mul(m, v) + five, v)
    eta = v + mul(mul(alpha, h), bits(0.5))
    beta = mul(mul(mul(b, v) - u, mul(a, h)), bits(0.5))
    v_new = v + mul(p - beta + mul(mul(m, eta) + five, eta), h)
    u_new = u + mul(mul(b, eta) - u - beta, mul(a, h))
    return v_new / 2**15, u_new / 2**15


def test_one_step_from_pynns_initial_state():
    result = sm.simulate({"c": sm.Cells(1, "Izhikevich", {"i_offset": 5.0})}, [], 3.0)["c"]
    v1, u1 = one_step_by_hand(-70.0, -14.0, 5.0)
    v2, _ = one_step_by_hand(v1, u1, 5.0)
    assert result.v[0].tolist() == [-70.0, v1, v2]
    # one midpoint step of 1 ms against the equations solved accurately: the midpoint rule's
    # own error is 0.17 mV here (-66.22 against -66.04 mV)
    exact = solve_ivp(
        lambda t, y: [0.04 * y[0] ** 2 + 5 * y[0] + 140 - y[1] + 5.0, 0.02 * (0.2 * y[0] - y[1])],
        (0.0, 1.0),
        [-70.0, -14.0],
        rtol=1e-10,
        atol=1e-10,
    ).y[0, -1]
    assert v1 == pytest.approx(exact, abs=0.2)


def test_recorded_v_shows_c_after_a_spike_and_never_the_peak():
    cells = sm.Cells(1, "Izhikevich", {"i_offset": 10.0})
    result = sm.simulate({"c": cells}, [], 200.0)["c"]
    spikes = (result.spikes[0]).astype(int)
    assert spikes.size >= 3
    assert result.v.max() < 30.0  # v is recorded at the start of a step
    assert np.all(result.v[0, spikes + 1] == -65.0)  # c, in the step after each spike


def test_izhikevich_gets_its_defaults_and_refuses_lif_parameters():
    cells = sm.Cells(2, "Izhikevich")
    assert cells.v_init.tolist() == [-70.0, -70.0] and cells.u_init.tolist() == [-14.0, -14.0]
    assert cells.parameters["d"].tolist() == [2.0, 2.0]
    with pytest.raises(ValueError, match=r"Izhikevich has no parameter 'tau_m'; allowed"):
        sm.Cells(1, "Izhikevich", {"tau_m": 20.0})
    with pytest.raises(ValueError, match=r"u_init is a state of the Izhikevich model"):
        sm.Cells(1, "IF_curr_exp", u_init=-14.0)
    with pytest.raises(ValueError, match=r"cell_type must be one of .*'Izhikevich'.*got 'HH"):
        sm.Cells(1, "HH_cond_exp")


def test_spynnaker_gives_izhikevich_5_ms_synapses():
    builds = pytest.importorskip("spynnaker.pyNN.models.neuron.builds.izk_curr_exp_base")
    assert builds.IzkCurrExpBase.default_parameters == sm.CELL_DEFAULTS["Izhikevich"]
