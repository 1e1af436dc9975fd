"""The Izhikevich neuron of a SpiNNaker core (sPyNNaker's ``IZK_curr_exp``).

The model (Izhikevich 2003) in mV and ms::

    dv/dt = 0.04 v**2 + 5 v + 140 - u + I
    du/dt = a (b v - u)

with a spike when ``v >= 30`` mV, then ``v = c`` and ``u = u + d``. ``I``
(nA, taken as mV/ms: the equation has no capacitance) is the synaptic
current from exponential synapses plus ``i_offset``.

sPyNNaker 7.4.1 takes one explicit midpoint (second-order Runge-Kutta) step
of ``h = dt`` per tick (``rk2_kernel_midpoint`` in
``neuron_model_izh_impl.h``), in s16.15 with every product rounded down and
0.04 stored as 1311 / 2**15 (``MAGIC_MULTIPLIER``). As the compiled binary
orders the products (it re-associates ``h * (b v - u) * a`` as
``(b v - u) * (a h)``)::

    P   = 140 + I - u
    eta = v + (h * (P + (0.04 v + 5) v)) / 2
    beta = ((b v - u) * (a h)) / 2
    v'  = v + h * (P - beta + (0.04 eta + 5) eta)
    u'  = u + (b eta - u - beta) * (a h)

After a spike the next step only uses ``h = 1.85 dt`` (``SIMPLE_TQ_OFFSET``,
60620 / 2**15 as compiled), a threshold correction. The recorded ``v`` is
the value at the start of a step: it never shows the peak at or above
30 mV, and shows ``c`` in the step after a spike.
"""

from __future__ import annotations

import numpy as np

from course.spinnaker_model.fixed_point import FRACTION_BITS
from course.spinnaker_model.onchip import encode
from course.spinnaker_model.populations import Cells

__all__ = ["IzhikevichNeurons"]

#: 0.04 as the core holds it (``MAGIC_MULTIPLIER`` = 0.040008544921875).
_QUADRATIC = 1311
#: 1.85 as the compiled binary holds it (``SIMPLE_TQ_OFFSET``).
_AFTER_SPIKE_FACTOR = 60620
#: The threshold (mV): sPyNNaker's Izhikevich uses a static threshold of 30 mV.
THRESHOLD = 30.0

_ONE = 1 << FRACTION_BITS


def _product(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """s16.15 product, rounded down."""
    return (x * y) >> FRACTION_BITS


class IzhikevichNeurons:
    """The state of a population of Izhikevich neurons, as s16.15 bit patterns, and its step.

    Parameters
    ----------
    cells : Cells
        An ``Izhikevich`` population.
    timestep : float
        Simulation step (ms).
    version : str
        One of :data:`course.spinnaker_model.onchip.VERSIONS`; it sets how
        the parameters are encoded (the step itself is 7.4.1's in both).
    """

    def __init__(self, cells: Cells, timestep: float, version: str) -> None:
        p = cells.parameters
        self.version = version
        self.a, self.b, self.c, self.d = (encode(p[name], version) for name in "abcd")
        self.i_offset = encode(p["i_offset"], version)
        self.v = encode(cells.v_init, version)
        self.u = encode(cells.u_init, version)
        self.reset_h = encode(timestep, version)
        self.h = np.full(cells.n, int(self.reset_h), dtype=np.int64)
        self.threshold = encode(THRESHOLD, version)

    def set_i_offset(self, i_offset: np.ndarray) -> None:
        """Change ``i_offset``, as ``Population.set`` between runs.

        Parameters
        ----------
        i_offset : numpy.ndarray
            The new offset current (nA), one per neuron.
        """
        self.i_offset = encode(i_offset, self.version)

    def update(self, synaptic: np.ndarray) -> np.ndarray:
        """One midpoint step for every neuron.

        Parameters
        ----------
        synaptic : numpy.ndarray
            The (excitatory, inhibitory) synaptic currents, s16.15 bit
            patterns (nA), shape (2, neurons).

        Returns
        -------
        numpy.ndarray of bool
            Which neurons spiked in this step.
        """
        v, u, h = self.v, self.u, self.h
        current = synaptic[0] - synaptic[1] + self.i_offset
        pre_alpha = 140 * _ONE + current - u
        alpha = pre_alpha + _product(_product(_QUADRATIC, v) + 5 * _ONE, v)
        eta = v + (_product(alpha, h) >> 1)
        a_h = _product(self.a, h)
        beta = _product(_product(self.b, v) - u, a_h) >> 1
        slope = pre_alpha - beta + _product(_product(_QUADRATIC, eta) + 5 * _ONE, eta)
        self.v = v + _product(slope, h)
        self.u = u + _product(_product(self.b, eta) - u - beta, a_h)
        spiked = self.v >= self.threshold
        self.v = np.where(spiked, self.c, self.v)
        self.u = np.where(spiked, self.u + self.d, self.u)
        after_spike = (self.reset_h * _AFTER_SPIKE_FACTOR) >> FRACTION_BITS
        self.h = np.where(spiked, after_spike, self.reset_h)
        return spiked
