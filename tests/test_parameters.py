"""Shared parameter sets: the notes' values, their units, and their use on NEST."""

from __future__ import annotations

import pytest

from course.parameters import (
    CELL_PARAMETER_UNITS,
    IF_COND_EXP_PARAMETERS,
    RECORDABLES,
    describe_parameters,
)

# The notes' "testing_pars" dictionary, copied by value.
NOTES_TESTING_PARS = {
    "tau_m": 20,
    "cm": 1.0,
    "v_rest": -65.0,
    "v_reset": -70.0,
    "v_thresh": -48.0,
    "tau_syn_E": 5.0,
    "tau_syn_I": 5.0,
    "tau_refrac": 2,
    "i_offset": 0.0,
    "e_rev_E": 0.0,
    "e_rev_I": -70.0,
}


def test_cell_parameters_are_the_notes_values():
    assert dict(IF_COND_EXP_PARAMETERS) == NOTES_TESTING_PARS
    assert all(isinstance(value, float) for value in IF_COND_EXP_PARAMETERS.values())
    assert RECORDABLES == ("spikes", "v", "gsyn_exc", "gsyn_inh")


def test_cell_parameters_are_read_only():
    with pytest.raises(TypeError):
        IF_COND_EXP_PARAMETERS["v_thresh"] = -50.0  # type: ignore[index]


def test_every_parameter_has_a_unit():
    assert set(CELL_PARAMETER_UNITS) == set(IF_COND_EXP_PARAMETERS)


def test_names_match_pynn_if_cond_exp(sim):
    assert set(IF_COND_EXP_PARAMETERS) == set(sim.IF_cond_exp.get_parameter_names())
    cells = sim.Population(3, sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS))
    # Homogeneous parameters come back as one number.
    assert cells.get("v_thresh") == -48.0
    assert cells.get("tau_refrac") == 2.0


def test_describe_parameters():
    lines = describe_parameters(IF_COND_EXP_PARAMETERS)
    assert lines[0] == "tau_m      =     20 ms"
    assert "v_thresh   =    -48 mV" in lines
    assert describe_parameters({"gain": 2.5}) == ["gain =    2.5"]
    assert describe_parameters({}) == []


def test_describe_parameters_refuses_non_mappings():
    with pytest.raises(TypeError, match="parameters must be a mapping of names to values"):
        describe_parameters([("tau_m", 20.0)])
