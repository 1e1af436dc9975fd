"""Parameter sets the lessons share, written down once with their units.

The course notes build their populations from one parameter set for PyNN's
``IF_cond_exp`` cell (a leaky integrate-and-fire neuron with exponentially
decaying synaptic conductances; the notes call it ``testing_pars``). It lives
here as :data:`IF_COND_EXP_PARAMETERS`, beside the units of every parameter
and what the "Building the network" lessons record, so that a lesson, a test
and :mod:`course.network` cannot drift apart.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "CELL_PARAMETER_UNITS",
    "RECORDABLES",
    "IF_COND_EXP_PARAMETERS",
    "describe_parameters",
]

#: The ``IF_cond_exp`` parameters of the course's cells (the notes'
#: ``testing_pars``). Read-only; copy it with ``dict(IF_COND_EXP_PARAMETERS)``
#: to change a value. Compared with PyNN's defaults the threshold is higher
#: (-48 instead of -50 mV), the reset lower (-70 instead of -65 mV) and the
#: refractory period longer (2 instead of 0.1 ms).
#:
#: ==============  ========  ======  ==========================================
#: name            value     unit    meaning
#: ==============  ========  ======  ==========================================
#: ``tau_m``       20.0      ms      membrane time constant (cm / leak conductance)
#: ``cm``          1.0       nF      membrane capacitance
#: ``v_rest``      -65.0     mV      resting (leak reversal) potential
#: ``v_reset``     -70.0     mV      potential after a spike
#: ``v_thresh``    -48.0     mV      spike threshold
#: ``tau_syn_E``   5.0       ms      decay time of the excitatory conductance
#: ``tau_syn_I``   5.0       ms      decay time of the inhibitory conductance
#: ``tau_refrac``  2.0       ms      refractory period
#: ``i_offset``    0.0       nA      constant injected current
#: ``e_rev_E``     0.0       mV      excitatory reversal potential
#: ``e_rev_I``     -70.0     mV      inhibitory reversal potential
#: ==============  ========  ======  ==========================================
IF_COND_EXP_PARAMETERS = MappingProxyType(
    {
        "tau_m": 20.0,
        "cm": 1.0,
        "v_rest": -65.0,
        "v_reset": -70.0,
        "v_thresh": -48.0,
        "tau_syn_E": 5.0,
        "tau_syn_I": 5.0,
        "tau_refrac": 2.0,
        "i_offset": 0.0,
        "e_rev_E": 0.0,
        "e_rev_I": -70.0,
    }
)

#: Unit of every ``IF_cond_exp`` / ``IF_curr_exp`` parameter, for tables and labels.
CELL_PARAMETER_UNITS = MappingProxyType(
    {
        "tau_m": "ms",
        "cm": "nF",
        "v_rest": "mV",
        "v_reset": "mV",
        "v_thresh": "mV",
        "tau_syn_E": "ms",
        "tau_syn_I": "ms",
        "tau_refrac": "ms",
        "i_offset": "nA",
        "e_rev_E": "mV",
        "e_rev_I": "mV",
    }
)

#: What the lessons record from a conductance-based population: spikes, the
#: membrane potential (mV) and both synaptic conductances (µS).
RECORDABLES = ("spikes", "v", "gsyn_exc", "gsyn_inh")


def describe_parameters(parameters) -> list[str]:
    """One line per parameter, ``name = value unit``, for printing in a lesson.

    Parameters
    ----------
    parameters : mapping of str to float
        Cell parameters, e.g. :data:`IF_COND_EXP_PARAMETERS` or
        ``sim.IF_cond_exp.default_parameters``.

    Returns
    -------
    list of str
        Lines such as ``"tau_m      =  20 ms"``; a parameter without a known
        unit is shown without one.

    Raises
    ------
    TypeError
        If ``parameters`` is not a mapping.
    """
    if not hasattr(parameters, "items"):
        raise TypeError(
            f"parameters must be a mapping of names to values, got {parameters!r} "
            f"({type(parameters).__name__})"
        )
    width = max((len(name) for name in parameters), default=0)
    lines = []
    for name, value in parameters.items():
        unit = CELL_PARAMETER_UNITS.get(name, "")
        lines.append(f"{name:<{width}} = {value:>6g} {unit}".rstrip())
    return lines
