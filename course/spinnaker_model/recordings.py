"""Recordings from SpiNNaker boards, shipped with the course.

sPyNNaker's integration tests run a ring of 20 ``IF_curr_exp`` neurons on a
SpiNNaker board and compare what it records with reference files kept in
their repository. The course ships six of those files (Apache-2.0; provenance
in ``recordings/README.md`` next to this module) for three rings, whose
connection delay is 1, 7 or 17 ms. :func:`load_recording` reads one;
:data:`SYNFIRE_CELL_PARAMETERS` and friends describe the network they come
from, so that it can be rebuilt on NEST or in :func:`course.spinnaker_model.simulate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np

from course._checks import check_choice, check_integer

__all__ = [
    "RECORDED_DELAYS",
    "SYNFIRE_CELL_PARAMETERS",
    "SYNFIRE_INPUT",
    "SYNFIRE_NEURONS",
    "SYNFIRE_WEIGHT",
    "BoardRecording",
    "load_recording",
]

#: Cells of the recorded ring (``SynfireRunner``): cm nF, tau_* ms, v_* mV, i_offset nA.
SYNFIRE_CELL_PARAMETERS = {
    "cm": 0.25,
    "i_offset": 0.0,
    "tau_m": 20.0,
    "tau_refrac": 2.0,
    "tau_syn_E": 5.0,
    "tau_syn_I": 5.0,
    "v_reset": -70.0,
    "v_rest": -65.0,
    "v_thresh": -50.0,
}

#: Neurons in the ring.
SYNFIRE_NEURONS = 20

#: Weight (nA) of every connection, ring and input.
SYNFIRE_WEIGHT = 2.0

#: The input: one spike (ms) to neuron 0 with this delay (ms).
SYNFIRE_INPUT = {"spike_time": 0.0, "delay": 1.0}

#: Ring delay (ms) -> (run time ms, recorded signal besides spikes).
RECORDED_DELAYS = {1: (100.0, "gsyn_exc"), 7: (200.0, "gsyn_exc"), 17: (500.0, "v")}


@dataclass(frozen=True)
class BoardRecording:
    """What a SpiNNaker board recorded for one ring.

    Parameters
    ----------
    delay : float
        Ring delay (ms).
    run_time : float
        Duration (ms).
    spikes : list of numpy.ndarray
        Spike times (ms) per neuron.
    signal_name : str
        ``"v"`` (mV) or ``"gsyn_exc"`` (nA, the excitatory synaptic current).
    signal : numpy.ndarray
        That signal, shape (neurons, steps), one sample per 1 ms step.
    """

    delay: float
    run_time: float
    spikes: list[np.ndarray]
    signal_name: str
    signal: np.ndarray

    @property
    def times(self) -> np.ndarray:
        """Sample times (ms) of ``signal``."""
        return np.arange(self.signal.shape[1], dtype=float)


def _read_csv(name: str) -> np.ndarray:
    source = resources.files("course.spinnaker_model") / "recordings" / name
    with resources.as_file(source) as path:
        return np.loadtxt(path, delimiter=",", ndmin=2)


def load_recording(delay: int) -> BoardRecording:
    """Read the board's recording of the ring with ``delay`` ms between neurons.

    Parameters
    ----------
    delay : {1, 7, 17}
        Ring delay (ms).

    Returns
    -------
    BoardRecording
        Spikes per neuron and the recorded signal (``v`` for 17 ms,
        ``gsyn_exc`` for 1 and 7 ms).

    Raises
    ------
    TypeError
        If ``delay`` is not a whole number.
    ValueError
        For a delay without a recording.
    """
    delay = check_integer("delay", delay, minimum=min(RECORDED_DELAYS))
    check_choice("delay", delay, tuple(RECORDED_DELAYS))
    run_time, signal_name = RECORDED_DELAYS[delay]
    spike_rows = _read_csv(f"20_{delay}_spikes.csv")
    spikes = [spike_rows[spike_rows[:, 0] == i, 1] for i in range(SYNFIRE_NEURONS)]
    file_kind = "v" if signal_name == "v" else "gsyn"
    rows = _read_csv(f"20_{delay}_{file_kind}.csv")
    signal = rows[:, 2].reshape(SYNFIRE_NEURONS, -1)
    return BoardRecording(float(delay), run_time, spikes, signal_name, signal)
