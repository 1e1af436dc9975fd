"""Current injection: the four current sources, and the LIF rate they should give.

The notes' last open exercise, "inject current". PyNN has four standard
current sources, and sPyNNaker 7.4 implements all four
(``spynnaker/pyNN/models/current_sources``): ``DCSource``,
``StepCurrentSource``, ``ACSource`` and ``NoisyCurrentSource``. A constant
current into a leaky integrate-and-fire cell has a closed-form firing rate,
:func:`lif_rate`, against which a simulation can be checked.
"""

from __future__ import annotations

import numpy as np

from course._checks import (
    check_non_negative_number,
    check_number,
    check_number_array,
    check_positive_number,
)

__all__ = ["CELL_PARAMETERS", "SOURCE_NAMES", "lif_rate", "threshold_current"]

#: ``IF_curr_exp`` parameters of the lesson's cells (nF, ms, mV): PyNN's
#: defaults with a 2 ms refractory period. Membrane resistance
#: ``tau_m / cm`` = 20 MΩ.
CELL_PARAMETERS = {
    "cm": 1.0,
    "tau_m": 20.0,
    "tau_refrac": 2.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -50.0,
}

#: The four standard current sources, all available on NEST and sPyNNaker.
SOURCE_NAMES = ("DCSource", "StepCurrentSource", "ACSource", "NoisyCurrentSource")


def threshold_current(cm: float, tau_m: float, v_rest: float, v_thresh: float) -> float:
    """The least constant current (nA) that makes a LIF cell fire.

    It is ``cm (v_thresh - v_rest) / tau_m``: the current whose steady-state
    depolarisation just reaches threshold.

    Parameters
    ----------
    cm : float
        Membrane capacitance (nF).
    tau_m : float
        Membrane time constant (ms).
    v_rest, v_thresh : float
        Resting and threshold potentials (mV); ``v_thresh`` above ``v_rest``.

    Returns
    -------
    float
        The rheobase current (nA).

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, the value and what is allowed.
    """
    cm = check_positive_number("cm", cm)
    tau_m = check_positive_number("tau_m", tau_m)
    v_rest = check_number("v_rest", v_rest)
    v_thresh = check_number("v_thresh", v_thresh)
    if v_thresh <= v_rest:
        raise ValueError(f"v_thresh={v_thresh} mV must lie above v_rest={v_rest} mV")
    return cm * (v_thresh - v_rest) / tau_m


def lif_rate(
    current,
    *,
    cm: float = CELL_PARAMETERS["cm"],
    tau_m: float = CELL_PARAMETERS["tau_m"],
    tau_refrac: float = CELL_PARAMETERS["tau_refrac"],
    v_rest: float = CELL_PARAMETERS["v_rest"],
    v_reset: float = CELL_PARAMETERS["v_reset"],
    v_thresh: float = CELL_PARAMETERS["v_thresh"],
):
    """Firing rate of a leaky integrate-and-fire cell under a constant current.

    With ``R = tau_m / cm`` the membrane relaxes towards ``v_rest + R I``;
    from ``v_reset`` it reaches ``v_thresh`` after
    ``T = tau_m ln((v_rest + R I - v_reset) / (v_rest + R I - v_thresh))``,
    then stays refractory for ``tau_refrac``: the rate is
    ``1 / (tau_refrac + T)``, and 0 when ``v_rest + R I`` stays below threshold.

    Parameters
    ----------
    current : float or array_like
        Injected current (nA).
    cm : float
        Membrane capacitance (nF).
    tau_m, tau_refrac : float
        Membrane time constant and refractory period (ms).
    v_rest, v_reset, v_thresh : float
        Resting, reset and threshold potentials (mV).

    Returns
    -------
    float or numpy.ndarray
        Rate (Hz) for each current.
    """
    cm = check_positive_number("cm", cm)
    tau_m = check_positive_number("tau_m", tau_m)
    tau_refrac = check_non_negative_number("tau_refrac", tau_refrac)
    rheobase = threshold_current(cm, tau_m, v_rest, v_thresh)
    v_reset = check_number("v_reset", v_reset)
    if v_reset >= v_thresh:
        raise ValueError(f"v_reset={v_reset} mV must lie below v_thresh={v_thresh} mV")
    values = check_number_array("current", current, unit="nA")
    resistance = tau_m / cm
    target = v_rest + resistance * values
    rates = np.zeros_like(values)
    above = values > rheobase
    with np.errstate(divide="ignore"):
        time_to_threshold = tau_m * np.log((target[above] - v_reset) / (target[above] - v_thresh))
    rates[above] = 1000.0 / (tau_refrac + time_to_threshold)
    return float(rates) if rates.ndim == 0 else rates
