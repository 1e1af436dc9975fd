"""The published data of the Potjans & Diesmann (2014) microcircuit.

Every table of the model, at full scale, with its source. The values agree
with NEST's own implementation, INM-6/microcircuit-PD14-model (the
``microcircuit`` package on PyPI, file ``network_params.py``), written by the
model's authors, which the course read and re-typed.
"""

from __future__ import annotations

import math

import numpy as np

from course._checks import check_positive_number

#: Population labels, in the published order (L2/3 excitatory first).
POPULATIONS = ("L23e", "L23i", "L4e", "L4i", "L5e", "L5i", "L6e", "L6i")

#: Neurons per population at full scale (Potjans & Diesmann 2014, Table 5);
#: 77,169 in all.
FULL_SIZES = (20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948)

#: Connection probability from a source population (column) to a target
#: population (row), in the order of :data:`POPULATIONS` (Potjans & Diesmann
#: 2014, Table 5).
CONNECTION_PROBABILITIES = (
    (0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0),
    (0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0),
    (0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0),
    (0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0),
    (0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0),
    (0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0),
    (0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252),
    (0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443),
)

#: External (background) in-degree of each population at full scale
#: (the layer-specific values of Potjans & Diesmann 2014, Table 5).
EXTERNAL_INDEGREES = (1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100)

#: Rate of each background input (Hz).
BACKGROUND_RATE = 8.0

#: Mean peak of an excitatory postsynaptic potential (mV); with the neuron
#: parameters below it needs a postsynaptic current of 87.8 pA.
PSP_EXC_MEAN = 0.15

#: Inhibitory synapses are this many times stronger than excitatory ones
#: (g = -4 in the papers; the sign is given by the receptor here).
RELATIVE_INHIBITION = 4.0

#: Relative standard deviation of the weights.
WEIGHT_REL_SD = 0.1

#: Mean delay of excitatory and of inhibitory connections (ms).
DELAY_EXC_MEAN = 1.5
DELAY_INH_MEAN = 0.75

#: Relative standard deviation of the delays.
DELAY_REL_SD = 0.5

#: Delay of the background input (ms).
DELAY_EXTERNAL = 1.5

#: Longest delay drawn (ms). The normal delay distributions are clipped here;
#: with means of 1.5 and 0.75 ms this is more than ten standard deviations
#: away, so the clip changes nothing measurable.
MAX_DELAY = 10.0

#: Parameters of every neuron (PyNN units: nF, ms, mV, nA). ``IF_curr_exp``
#: is NEST's ``iaf_psc_exp`` of the reference implementation when the course
#: is set up with ``spike_precision="on_grid"``.
NEURON_PARAMETERS = {
    "cm": 0.25,
    "tau_m": 10.0,
    "tau_syn_E": 0.5,
    "tau_syn_I": 0.5,
    "tau_refrac": 2.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -50.0,
    "i_offset": 0.0,
}

#: Mean and standard deviation (mV) of each population's initial membrane
#: potential: the "optimized" values of the reference implementation, which
#: shrink the burst of activity at the start of a run.
V0_MEAN = (-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43)
V0_SD = (5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48)

#: Mean firing rate (Hz) of each population in the full-scale model: the
#: ``full_mean_rates`` of INM-6/microcircuit-PD14-model
#: (``PyNEST/src/microcircuit/network_params.py``; ``microcircuit`` 1.0 on
#: PyPI), also NEST's ``Potjans_2014`` example since NEST 3.4. They come from
#: one full-scale NEST simulation (4 threads, both scalings 1), as that file
#: says, so they are a reference, not a published measurement; Potjans &
#: Diesmann (2014, Fig. 6) show the same pattern (L2/3e and L6e below about
#: 1 Hz, L5 fastest). The DC compensation of a network with scaled
#: in-degrees assumes these rates.
REFERENCE_RATES = (0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829)

#: Approximate range of the mean ISI CV in every population at full scale:
#: firing is irregular, close to Poisson (Potjans & Diesmann 2014, Fig. 6;
#: van Albada et al. 2018, Fig. 4). Read from figures, so approximate.
PUBLISHED_CV_RANGE = (0.7, 1.0)

#: Neurons per SpiNNaker core used by the SpiNNaker team's own microcircuit
#: script (SpiNNakerManchester/microcircuit_model) at a 0.1 ms timestep.
SPINNAKER_NEURONS_PER_CORE = 64

#: Timestep (ms), as in the papers.
TIMESTEP = 0.1


def psp_to_psc(psp: float, cm: float, tau_m: float, tau_syn: float) -> float:
    """Amplitude of the exponential synaptic current that gives a PSP of a given peak.

    A current ``J exp(-t / tau_syn)`` into a leaky membrane raises the
    potential by ``J tau_m tau_syn / (cm (tau_m - tau_syn)) (exp(-t / tau_m) -
    exp(-t / tau_syn))``, which peaks at ``t* = tau_m tau_syn / (tau_m -
    tau_syn) ln(tau_m / tau_syn)``; this inverts that peak.

    Parameters
    ----------
    psp : float
        Peak of the postsynaptic potential (mV).
    cm : float
        Membrane capacitance (nF).
    tau_m, tau_syn : float
        Membrane and synaptic time constants (ms); must differ.

    Returns
    -------
    float
        Current amplitude (nA). For the model's 0.15 mV it is 0.0878 nA.
    """
    psp = check_positive_number("psp", psp)
    cm = check_positive_number("cm", cm)
    tau_m = check_positive_number("tau_m", tau_m)
    tau_syn = check_positive_number("tau_syn", tau_syn)
    if math.isclose(tau_m, tau_syn):
        raise ValueError(f"tau_m={tau_m} ms and tau_syn={tau_syn} ms must differ")
    t_peak = tau_m * tau_syn / (tau_m - tau_syn) * math.log(tau_m / tau_syn)
    kernel = tau_m * tau_syn / (cm * (tau_m - tau_syn))
    peak_per_na = kernel * (math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_syn))
    return psp / peak_per_na


def excitatory_psc() -> float:
    """Current amplitude (nA) of the model's mean excitatory synapse (0.15 mV PSP).

    Returns
    -------
    float
        The PSC amplitude (nA) whose PSP peaks at ``PSP_EXC_MEAN`` (0.15 mV)
        in the model's neuron (``NEURON_PARAMETERS``).
    """
    return psp_to_psc(
        PSP_EXC_MEAN,
        NEURON_PARAMETERS["cm"],
        NEURON_PARAMETERS["tau_m"],
        NEURON_PARAMETERS["tau_syn_E"],
    )


def full_synapse_counts() -> np.ndarray:
    """Number of synapses between every pair of populations at full scale.

    The model draws a fixed total number of synapses per pair, with repeats
    allowed, such that the chance that a given pair of neurons is connected at
    least once equals the published probability ``p``:
    ``n = ln(1 - p) / ln(1 - 1 / (N_pre N_post))``.

    Returns
    -------
    numpy.ndarray, shape (8, 8)
        Synapses from source (column) to target (row), as floats.
    """
    sizes = np.asarray(FULL_SIZES, dtype=float)
    pairs = np.outer(sizes, sizes)
    probabilities = np.asarray(CONNECTION_PROBABILITIES, dtype=float)
    return np.log1p(-probabilities) / np.log1p(-1.0 / pairs)


def full_weights() -> np.ndarray:
    """Mean synaptic current amplitude of every pathway at full scale.

    Returns
    -------
    numpy.ndarray, shape (8, 8)
        Weight (nA) from source (column) to target (row): 87.8 pA from
        excitatory sources, -4 times that from inhibitory ones, and the
        L4e -> L2/3e weight doubled (Potjans & Diesmann 2014).
    """
    psc = excitatory_psc()
    by_source = np.where(np.arange(len(POPULATIONS)) % 2 == 0, psc, -RELATIVE_INHIBITION * psc)
    weights = np.tile(by_source, (len(POPULATIONS), 1))
    weights[POPULATIONS.index("L23e"), POPULATIONS.index("L4e")] *= 2.0
    return weights


#: Default simulated time and the start-up transient left out of the
#: statistics (ms).
RUN_TIME = 600.0
TRANSIENT = 100.0
