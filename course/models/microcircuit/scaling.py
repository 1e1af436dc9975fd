"""Scaling the microcircuit down: fewer neurons, fewer synapses per neuron.

``n_scale`` multiplies every population size; ``k_scale`` multiplies every
in-degree (recurrent and external). Scaling neuron numbers alone changes
nothing else: each neuron keeps its in-degree. Scaling in-degrees changes the
input each neuron receives, so, as in van Albada, Helias & Diesmann (2015)
and in the reference implementation (INM-6/microcircuit-PD14-model,
``helpers.adjust_weights_and_input_to_synapse_scaling``), the weights are
multiplied by ``1 / sqrt(k_scale)``, which keeps the variance of the input,
and a DC current makes up for the mean input that is lost, computed from the
reference full-scale rates (:data:`~.parameters.REFERENCE_RATES`). The
compensation holds the mean and variance only: a network with fewer inputs
per neuron is more synchronous, and its rates drift from the full-scale ones
(lesson 41 shows by how much).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from course._checks import check_choice, check_positive_number
from course.models.microcircuit.parameters import (
    BACKGROUND_RATE,
    EXTERNAL_INDEGREES,
    FULL_SIZES,
    NEURON_PARAMETERS,
    REFERENCE_RATES,
    excitatory_psc,
    full_synapse_counts,
    full_weights,
)

#: Default scaling of neuron numbers and in-degrees: 2 % of the neurons
#: (1,544) with 10 % of the in-degrees (the in-degree scaling of NEST's own
#: example), about 600,000 synapses: small enough for the website's build.
N_SCALE = 0.02
K_SCALE = 0.1

#: Kinds of background input: Poisson spikes (as published) or the equivalent
#: DC current (cheaper, less noisy).
BACKGROUNDS = ("poisson", "dc")


@dataclass(frozen=True)
class MicrocircuitParameters:
    """Everything needed to build the microcircuit at one scale.

    Parameters
    ----------
    n_scale, k_scale : float
        Scaling of neuron numbers and of in-degrees.
    background : {"poisson", "dc"}
        Kind of background input.
    sizes : tuple of int
        Neurons per population.
    synapses : numpy.ndarray, shape (8, 8)
        Number of synapses from source (column) to target (row).
    weights : numpy.ndarray, shape (8, 8)
        Mean weight (nA), negative for inhibitory sources.
    external_indegrees : tuple of int
        Background inputs per neuron.
    external_weight : float
        Weight of each background input (nA).
    dc_current : tuple of float
        Constant current into each population's neurons (nA): the
        compensation for scaled in-degrees, plus the whole background when
        ``background == "dc"``.
    """

    n_scale: float
    k_scale: float
    background: str
    sizes: tuple
    synapses: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    external_indegrees: tuple
    external_weight: float
    dc_current: tuple

    @property
    def n_neurons(self) -> int:
        """Neurons in all populations."""
        return int(sum(self.sizes))

    @property
    def n_synapses(self) -> int:
        """Recurrent synapses (background inputs not counted)."""
        return int(self.synapses.sum())


def _check_scale(name: str, value) -> float:
    value = check_positive_number(name, value)
    if value > 1.0:
        raise ValueError(f"{name} must lie in (0, 1], got {value!r}")
    return value


def microcircuit_parameters(
    n_scale: float = N_SCALE, k_scale: float = K_SCALE, background: str = "poisson"
) -> MicrocircuitParameters:
    """Derive sizes, synapse numbers, weights and currents at one scale.

    Parameters
    ----------
    n_scale : float, default 0.02
        Fraction of the neurons to build, in (0, 1].
    k_scale : float, default 0.1
        Fraction of the in-degrees to keep, in (0, 1]; the weights grow by
        ``1 / sqrt(k_scale)`` and a DC current restores the mean input.
    background : {"poisson", "dc"}, default "poisson"
        Poisson background spikes, as published, or the DC current with the
        same mean.

    Returns
    -------
    MicrocircuitParameters
        Sizes, synapse counts, weights, background and DC compensation at
        this scale.
    """
    n_scale = _check_scale("n_scale", n_scale)
    k_scale = _check_scale("k_scale", k_scale)
    check_choice("background", background, BACKGROUNDS)

    sizes = tuple(max(1, round(size * n_scale)) for size in FULL_SIZES)
    full_synapses = full_synapse_counts()
    synapses = np.rint(full_synapses * n_scale * k_scale).astype(int)
    weights = full_weights()
    psc_exc = excitatory_psc()

    # Mean synaptic current per neuron at full scale (nA * Hz): recurrent
    # input at the reference rates plus the background.
    tau_syn_s = NEURON_PARAMETERS["tau_syn_E"] / 1000.0
    full_indegrees = full_synapses / np.asarray(FULL_SIZES, dtype=float)[:, np.newaxis]
    recurrent_drive = (weights * full_indegrees * np.asarray(REFERENCE_RATES)).sum(axis=1)
    background_drive = psc_exc * np.asarray(EXTERNAL_INDEGREES, dtype=float) * BACKGROUND_RATE
    # Scaling the in-degrees by k and the weights by 1/sqrt(k) leaves
    # sqrt(k) of the mean input; the DC current supplies the rest.
    lost = 1.0 - math.sqrt(k_scale)
    dc_current = tau_syn_s * lost * (recurrent_drive + background_drive)
    if background == "dc":
        dc_current = dc_current + tau_syn_s * math.sqrt(k_scale) * background_drive

    return MicrocircuitParameters(
        n_scale=n_scale,
        k_scale=k_scale,
        background=background,
        sizes=sizes,
        synapses=synapses,
        weights=weights / math.sqrt(k_scale),
        external_indegrees=tuple(max(1, round(k * k_scale)) for k in EXTERNAL_INDEGREES),
        external_weight=psc_exc / math.sqrt(k_scale),
        dc_current=tuple(float(value) for value in dc_current),
    )
