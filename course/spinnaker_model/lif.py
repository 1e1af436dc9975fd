"""The leaky integrate-and-fire neuron of a SpiNNaker core (``IF_curr_exp``, ``IF_cond_exp``).

Each step, for a neuron that is not refractory, the input is held constant
over the step and the membrane equation solved exactly for it
(``lif_neuron_closed_form`` in sPyNNaker's ``neuron_model_lif_impl.h``)::

    alpha = I * R + v_rest
    v = alpha - exp(-dt/tau_m) * (alpha - v)

with ``I = exc - inh + i_offset`` (nA). Both products are rounded down (the
7.4.1 binary's products floor, whatever the source's
``MULT_ROUND_NEAREST_ACCUM`` suggests). For ``IF_cond_exp`` each conductance
is first turned into a current with the driving force at the start of the
step (``input_type_conductance.h``): ``floor(g * (e_rev_E - v))`` for
excitation and, as the 7.4.1 binary computes it, ``floor(-g * (e_rev_I - v))``
for inhibition (the recordings' version: ``-floor(g * (e_rev_I - v))``). A
refractory neuron counts its timer down instead. If ``v >= v_thresh`` the
neuron spikes, ``v = v_reset`` and the timer starts at
``ceil(tau_refrac/dt)`` steps.
"""

from __future__ import annotations

import numpy as np

from course.spinnaker_model.fixed_point import FRACTION_BITS, shifted_product
from course.spinnaker_model.onchip import RECORDINGS_VERSION, encode, lif_constants
from course.spinnaker_model.populations import Cells

__all__ = ["LifNeurons"]


class LifNeurons:
    """The state of a population of LIF neurons, as s16.15 bit patterns, and its update.

    Parameters
    ----------
    cells : Cells
        An ``IF_curr_exp`` or ``IF_cond_exp`` population.
    timestep : float
        Simulation step (ms).
    version : str
        One of :data:`course.spinnaker_model.onchip.VERSIONS`.
    """

    def __init__(self, cells: Cells, timestep: float, version: str) -> None:
        p = cells.parameters
        self.version = version
        self.conductance_based = cells.conductance_based
        self.v_rest = encode(p["v_rest"], version)
        self.v_reset = encode(p["v_reset"], version)
        self.v_thresh = encode(p["v_thresh"], version)
        self.i_offset = encode(p["i_offset"], version)
        constants = lif_constants(p, timestep, version)
        self.r_membrane = constants["r_membrane"]
        self.exp_tc = constants["exp_tc"]
        self.refractory_steps = constants["refractory_steps"]
        if self.conductance_based:
            self.e_rev = encode(np.stack([p["e_rev_E"], p["e_rev_I"]]), version)
        self.v = encode(cells.v_init, version)
        self.refractory = np.zeros(cells.n, dtype=np.int64)

    def set_i_offset(self, i_offset: np.ndarray) -> None:
        """Change ``i_offset``, as ``Population.set`` between runs.

        Parameters
        ----------
        i_offset : numpy.ndarray
            The new offset current (nA), one per neuron.
        """
        self.i_offset = encode(i_offset, self.version)

    def _currents(self, synaptic: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Excitatory and inhibitory current (s16.15 nA) from the synaptic state."""
        if not self.conductance_based:
            return synaptic[0], synaptic[1]
        exc = shifted_product(synaptic[0], self.e_rev[0] - self.v, FRACTION_BITS)
        driving = self.e_rev[1] - self.v
        if self.version == RECORDINGS_VERSION:
            inh = -shifted_product(synaptic[1], driving, FRACTION_BITS)
        else:
            inh = shifted_product(-synaptic[1], driving, FRACTION_BITS)
        return exc, inh

    def update(self, synaptic: np.ndarray) -> np.ndarray:
        """One step: integrate, count the refractory timer down, spike.

        Parameters
        ----------
        synaptic : numpy.ndarray
            The (excitatory, inhibitory) synaptic state as the neuron reads
            it, s16.15 bit patterns (nA, or µS for ``IF_cond_exp``), shape
            (2, neurons).

        Returns
        -------
        numpy.ndarray of bool
            Which neurons spiked in this step.
        """
        exc, inh = self._currents(synaptic)
        current = exc - inh + self.i_offset
        free = self.refractory <= 0
        alpha = shifted_product(current, self.r_membrane, FRACTION_BITS) + self.v_rest
        integrated = alpha - shifted_product(self.exp_tc, alpha - self.v, FRACTION_BITS)
        self.v = np.where(free, integrated, self.v)
        self.refractory = np.where(free, self.refractory, self.refractory - 1)
        spiked = self.v >= self.v_thresh
        self.v = np.where(spiked, self.v_reset, self.v)
        self.refractory = np.where(spiked, self.refractory_steps, self.refractory)
        return spiked
