"""What SpiNNaker will show: a model of how a SpiNNaker core steps a neuron.

sPyNNaker runs ``IF_curr_exp`` and ``IF_cond_exp`` neurons in 1 ms steps of
fixed-point arithmetic, and its results differ from NEST's in ways a learner
can predict: each hop of a synfire chain takes ``delay + 2`` ms, spike times
lie on the step grid, ``v`` is a multiple of 2\\ :sup:`-15` mV. This package
reproduces that stepping, vectorised over neurons, so a lesson can say what
the board will record next to what NEST records::

    from course import spinnaker_model as sm

    result = sm.simulate(
        populations={"input": sm.SpikeArray([[0.0]]),
                     "ring": sm.Cells(20, "IF_curr_exp", {"cm": 0.25, "tau_refrac": 2.0})},
        projections=[("input", "ring", [(0, 0, 2.0, 1.0)], "excitatory"),
                     ("ring", "ring", [(i, (i + 1) % 20, 2.0, 1.0) for i in range(20)],
                      "excitatory")],
        run_time=100.0)
    result["ring"].spikes   # one array of spike times (ms) per neuron
    result["ring"].v        # (neurons, steps), mV, as the board records it

It is a model for predicting and teaching, **not a simulator backend**: it
has no routing, no real-time deadline, no dropped spikes, no plasticity and
no other cell types. It reproduces the three recordings that sPyNNaker's
integration tests take on SpiNNaker boards (:mod:`.recordings`) spike for
spike and bit for bit.
"""

from course.spinnaker_model.core import PopulationResult, simulate
from course.spinnaker_model.fixed_point import LSB
from course.spinnaker_model.populations import CELL_DEFAULTS, Cells, SpikeArray

__all__ = ["CELL_DEFAULTS", "LSB", "Cells", "PopulationResult", "SpikeArray", "simulate"]
