"""What SpiNNaker will show: a model of how a SpiNNaker core steps a neuron.

sPyNNaker runs ``IF_curr_exp``, ``IF_cond_exp`` and ``Izhikevich`` neurons in
1 ms steps of fixed-point arithmetic, and its results differ from NEST's in
ways a learner can predict: each hop of a synfire chain takes ``delay + 2``
ms, spike times lie on the step grid, ``v`` is a multiple of 2\\ :sup:`-15`
mV, an STDP weight moves in steps of 2\\ :sup:`shift - 15` nA. This package
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
    result.weights          # per projection, the weights read back at the end

``simulate(..., weight_times=[...])`` also reads them during the run, into
``result.weights_at[time]``, as ``sim.run(time)`` and ``Projection.get``
would.

A projection may carry a fifth item, the :class:`course.stdp.StdpRule` it
was built with: its weights then follow sPyNNaker's spike-pair STDP with
additive weight dependence (:mod:`.plasticity`).

By default the arithmetic is sPyNNaker 7.4.1's, which the SpiNNaker Jupyter
hub runs; ``version="recordings"`` gives that of the older sPyNNaker whose
boards recorded the three rings shipped with the course (:mod:`.onchip`).
In each mode the model reproduces sPyNNaker's board tests: the recordings
bit for bit (older version), spike for spike (7.4.1), and 7.4.1's own
integration tests of a DC-driven LIF population, an Izhikevich synfire
chain, Izhikevich cells whose ``i_offset`` changes between runs, and
pair-additive STDP.

It is a model for predicting and teaching, **not a simulator backend**: it
has no routing, no real-time deadline, no dropped spikes, no other cell
types, plasticity rules or weight dependences (it refuses them), and models
the single-core binaries that sPyNNaker uses at a 1 ms step.
"""

from course.spinnaker_model.core import PopulationResult, SimulationResult, simulate
from course.spinnaker_model.fixed_point import LSB
from course.spinnaker_model.onchip import DEFAULT_VERSION, RECORDINGS_VERSION, VERSIONS
from course.spinnaker_model.populations import CELL_DEFAULTS, Cells, SpikeArray

__all__ = [
    "CELL_DEFAULTS",
    "DEFAULT_VERSION",
    "LSB",
    "RECORDINGS_VERSION",
    "VERSIONS",
    "Cells",
    "PopulationResult",
    "SimulationResult",
    "SpikeArray",
    "simulate",
]
