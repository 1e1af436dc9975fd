"""course.stdp.StdpRule: the PyNN parameters as written, the steps each backend makes of them."""

from __future__ import annotations

import numpy as np
import pytest

from course.stdp import StdpRule

# A rule whose w_max is not 1 nA, so that the two backends' readings differ.
WIDE = StdpRule(A_plus=0.01, A_minus=0.012, w_max=2.0, w_init=0.5)


def test_the_parameters_are_kept_as_written():
    assert (WIDE.A_plus, WIDE.A_minus, WIDE.w_max, WIDE.w_init) == (0.01, 0.012, 2.0, 0.5)
    assert WIDE.w_min == 0.0


def test_additive_steps_are_a_times_w_max_on_nest_and_a_on_spinnaker():
    # PyNN's AdditiveWeightDependence on NEST: A * w_max (test_task5 measures it);
    # sPyNNaker 7.4.1 writes A unscaled (test_task5 reads what it writes).
    assert WIDE.potentiation_step() == WIDE.potentiation_step("nest") == pytest.approx(0.02)
    assert WIDE.depression_step("nest") == pytest.approx(0.024)
    for board in ("spiNNaker", "virtual"):
        assert WIDE.potentiation_step(board) == pytest.approx(0.01)
        assert WIDE.depression_step(board) == pytest.approx(0.012)


def test_weight_change_per_backend():
    # s = Δt + 1 ms: 9 ms after (potentiation), -11 ms (depression), -1 ms (s = 0).
    delta_t = [9.0, -11.0, -1.0]
    np.testing.assert_allclose(
        WIDE.weight_change(delta_t, backend="nest"),
        [0.02 * np.exp(-10 / 20), -0.024 * np.exp(-10 / 10), 0.0],
    )
    np.testing.assert_allclose(
        WIDE.weight_change(delta_t, backend="spiNNaker"),
        [0.01 * np.exp(-10 / 20), -0.012 * np.exp(-10 / 10), 0.0],
    )


def test_the_backends_agree_when_w_max_is_one_and_for_multiplicative_rules():
    unit = StdpRule()
    np.testing.assert_array_equal(
        unit.weight_change([5.0, -5.0], "nest"), unit.weight_change([5.0, -5.0], "spiNNaker")
    )
    multiplicative = StdpRule(w_max=2.0, w_init=0.5, dependence="multiplicative")
    for backend in ("nest", "spiNNaker"):
        # A_plus * (w_max - w_init) and A_minus * w_init on both.
        assert multiplicative.potentiation_step(backend) == pytest.approx(0.01 * 1.5)
        assert multiplicative.depression_step(backend) == pytest.approx(0.012 * 0.5)


def test_spynnaker_writes_multiplicative_amplitudes_as_fractions():
    """The multiplicative claim above, read from what sPyNNaker 7.4.1 writes to the board."""
    pytest.importorskip("spynnaker")
    from spynnaker.pyNN.models.neuron.plasticity.stdp.weight_dependence import (
        WeightDependenceMultiplicative,
    )

    class Spec:
        def __init__(self):
            self.values = []

        def write_value(self, data, data_type=None):
            self.values.append(data)

    dependence = WeightDependenceMultiplicative(w_min=0.0, w_max=2.0)
    dependence.set_a_plus_a_minus(0.01, 0.012)
    spec = Spec()
    dependence.write_parameters(spec, 1.0, np.ones(1), 1)
    # w_min, w_max (weights), then A_plus, A_minus unscaled: fractions of the room.
    assert spec.values == [0.0, 2.0, 0.01, 0.012]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: WIDE.weight_change(1.0, backend="brian2"), "backend='brian2' is not allowed"),
        (lambda: WIDE.potentiation_step("SpiNNaker"), "backend='SpiNNaker' is not allowed"),
        (
            lambda: StdpRule(A_plus=1.5),
            r"A_plus must lie between 0 and 1 \(a fraction of w_max on NEST, a weight in nA "
            r"on sPyNNaker\)",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
