"""The Potjans & Diesmann (2014) cortical microcircuit, in portable PyNN, at any scale.

The model stands for the neurons under 1 mm² of early sensory cortex: four
layers (L2/3, L4, L5, L6), each with an excitatory (``e``) and an inhibitory
(``i``) population of current-based LIF neurons, 77,169 neurons and about 0.3
billion synapses in all, driven by Poisson background input. It is the
flagship benchmark of SpiNNaker (van Albada et al. 2018; Rhodes et al. 2020)
and of NEST.

The package is split like NEST's own implementation
(INM-6/microcircuit-PD14-model):

* :mod:`~course.models.microcircuit.parameters`: the published tables and
  the reference rates, with their sources;
* :mod:`~course.models.microcircuit.scaling`: sizes, synapse numbers,
  weights and DC compensation at a scale;
* :mod:`~course.models.microcircuit.nest_limits`: the NEST threads a scale
  needs;
* :mod:`~course.models.microcircuit.connections` and
  :mod:`~course.models.microcircuit.network`: building and running it on
  NEST or SpiNNaker;
* :mod:`~course.models.microcircuit.statistics`: rates and irregularity.

Every public name is also available here, as ``mc.NAME`` after
``from course.models import microcircuit as mc``.

References
----------
Potjans TC, Diesmann M (2014) The cell-type specific cortical microcircuit:
relating structure and activity in a full-scale spiking network model.
Cereb Cortex 24:785-806.

van Albada SJ, Helias M, Diesmann M (2015) Scalability of asynchronous
networks is limited by one-to-one mapping between effective connectivity and
correlations. PLoS Comput Biol 11:e1004490.

van Albada SJ et al. (2018) Performance comparison of the digital neuromorphic
hardware SpiNNaker and the neural network simulation software NEST for a
full-scale cortical microcircuit model. Front Neurosci 12:291.

Rhodes O et al. (2020) Real-time cortical simulation on neuromorphic hardware.
Phil Trans R Soc A 378:20190160.
"""

from course.models.microcircuit.connections import connect_fixed_total_number, poisson_background
from course.models.microcircuit.nest_limits import (
    MAX_CONNECTIONS_PER_VIRTUAL_PROCESS,
    check_fits_in_nest,
    connections_per_virtual_process,
    nest_threads,
)
from course.models.microcircuit.network import (
    Microcircuit,
    ProgressReport,
    build_microcircuit,
    run_microcircuit,
)
from course.models.microcircuit.parameters import (
    BACKGROUND_RATE,
    CONNECTION_PROBABILITIES,
    DELAY_EXC_MEAN,
    DELAY_EXTERNAL,
    DELAY_INH_MEAN,
    DELAY_REL_SD,
    EXTERNAL_INDEGREES,
    FULL_SIZES,
    MAX_DELAY,
    NEURON_PARAMETERS,
    POPULATIONS,
    PSP_EXC_MEAN,
    PUBLISHED_CV_RANGE,
    REFERENCE_RATES,
    RELATIVE_INHIBITION,
    RUN_TIME,
    SPINNAKER_NEURONS_PER_CORE,
    TIMESTEP,
    TRANSIENT,
    V0_MEAN,
    V0_SD,
    WEIGHT_REL_SD,
    excitatory_psc,
    full_synapse_counts,
    full_weights,
    psp_to_psc,
)
from course.models.microcircuit.scaling import (
    BACKGROUNDS,
    K_SCALE,
    N_SCALE,
    MicrocircuitParameters,
    microcircuit_parameters,
)
from course.models.microcircuit.statistics import local_variation, population_statistics

__all__ = [
    "BACKGROUNDS",
    "BACKGROUND_RATE",
    "CONNECTION_PROBABILITIES",
    "DELAY_EXC_MEAN",
    "DELAY_EXTERNAL",
    "DELAY_INH_MEAN",
    "DELAY_REL_SD",
    "EXTERNAL_INDEGREES",
    "FULL_SIZES",
    "K_SCALE",
    "MAX_CONNECTIONS_PER_VIRTUAL_PROCESS",
    "MAX_DELAY",
    "Microcircuit",
    "MicrocircuitParameters",
    "NEURON_PARAMETERS",
    "N_SCALE",
    "POPULATIONS",
    "PSP_EXC_MEAN",
    "PUBLISHED_CV_RANGE",
    "ProgressReport",
    "REFERENCE_RATES",
    "RELATIVE_INHIBITION",
    "RUN_TIME",
    "SPINNAKER_NEURONS_PER_CORE",
    "TIMESTEP",
    "TRANSIENT",
    "V0_MEAN",
    "V0_SD",
    "WEIGHT_REL_SD",
    "build_microcircuit",
    "check_fits_in_nest",
    "connect_fixed_total_number",
    "connections_per_virtual_process",
    "excitatory_psc",
    "full_synapse_counts",
    "full_weights",
    "local_variation",
    "microcircuit_parameters",
    "nest_threads",
    "poisson_background",
    "population_statistics",
    "psp_to_psc",
    "run_microcircuit",
]
