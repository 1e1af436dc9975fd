"""Excitation against inhibition: the network of a sweep of ``g``, and its rates.

The notes' second open exercise: "find balance, change design projection
slot". The network is the textbook one (Brunel 2000, model A), built by the
course's one balanced-network builder,
:func:`course.exercises.task3.balanced_network`, with the settings in
:data:`NETWORK`: ``N_EXC`` excitatory and ``N_INH`` inhibitory
current-based LIF cells with a 2 ms refractory period, every cell receiving
inputs from a random 10 % of each group, an inhibitory synapse ``g`` times as
strong as an excitatory one, and Poisson drive from outside. With four times
as many excitatory as inhibitory inputs, ``g = 4`` cancels the mean recurrent
input: below it excitation wins and the rate climbs, above it inhibition wins
and the network quietens.

A sweep calls ``balanced_network(sim, g=g, **NETWORK)`` once per value of
``g``, each time in a fresh simulation; :func:`group_rates` reads the mean
rate of each group.
"""

from __future__ import annotations

import math

from course._checks import check_non_negative_number, check_recording
from course.analysis import firing_rates
from course.results import Recording

__all__ = [
    "DELAY",
    "G_VALUES",
    "NETWORK",
    "N_EXC",
    "N_INH",
    "RUN_TIME",
    "TRANSIENT",
    "group_rates",
]

#: Excitatory and inhibitory cells (4 : 1).
N_EXC = 160
N_INH = 40
#: Delay of every synapse (ms); also the ``min_delay`` to give ``course.setup``.
DELAY = 1.5
#: Simulated time and the start-up transient left out of the rates (ms).
RUN_TIME = 300.0
TRANSIENT = 100.0
#: Keyword arguments of :func:`course.exercises.task3.balanced_network` for
#: the sweep's network: each pair of cells connects with probability 0.1 (no
#: self-connections), excitatory and input weights 0.5 nA, a 400 Hz Poisson
#: input per cell, a 2 ms refractory period so that a runaway network
#: saturates below 500 Hz, initial potentials between rest and threshold, and
#: the weights as given (no scaling to the Task 3 network's 40 inputs).
NETWORK = {
    "n_exc": N_EXC,
    "n_inh": N_INH,
    "p_connect": 0.1,
    "w_exc": 0.5,
    "input_rate": 400.0,
    "input_weight": 0.5,
    "delay": DELAY,
    "tau_refrac": 2.0,
    "v_init": (-65.0, -50.0),
    "fixed_in_degree": False,
    "allow_self_connections": False,
    "scale_weights": False,
    "run_time": RUN_TIME,
}
#: The values of ``g`` the lesson sweeps.
G_VALUES = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)


def group_rates(
    recording: Recording, t_start: float = TRANSIENT, t_stop: float | None = None
) -> tuple[float, float]:
    """Mean firing rate of the excitatory and of the inhibitory cells.

    Parameters
    ----------
    recording : Recording
        From :func:`course.exercises.task3.balanced_network` (populations
        ``"exc"`` and ``"inh"``).
    t_start : float, default 100.0
        Start of the window (ms), after the start-up transient.
    t_stop : float, optional
        End of the window (ms); by default the end of the run,
        ``recording.run_time``.

    Returns
    -------
    (float, float)
        Mean rate (Hz) of the excitatory and of the inhibitory cells; ``nan``
        for a virtual board's recording, where nothing ran.

    Raises
    ------
    TypeError
        If ``recording`` is not a :class:`course.Recording`.
    ValueError
        If ``t_stop`` is not given and ``recording`` does not know its run
        time (data loaded from files), or the window is not valid.
    """
    recording = check_recording("recording", recording)
    t_start = check_non_negative_number("t_start", t_start)
    if t_stop is None:
        if recording.run_time is None:
            raise ValueError(
                "t_stop is needed: recording.run_time is None (data loaded from files); "
                "pass t_stop in ms"
            )
        t_stop = recording.run_time
    t_stop = check_non_negative_number("t_stop", t_stop)
    if recording.backend == "virtual":
        return math.nan, math.nan
    exc, inh = (
        firing_rates(recording.spike_times(label), t_start, t_stop) for label in ("exc", "inh")
    )
    return float(exc.mean()), float(inh.mean())
