"""Build, run and analyse spiking networks with PyNN on NEST and SpiNNaker.

A lesson selects its backend through :func:`course.setup`, which hands back
the PyNN module, and then writes real PyNN::

    import course

    sim = course.setup(timestep=1.0)
    cells = sim.Population(2, sim.IF_curr_exp(), label="cells")

The submodules :mod:`course.stimuli`, :mod:`course.connectivity`,
:mod:`course.analysis`, :mod:`course.plotting`, :mod:`course.results`,
:mod:`course.exercises` and :mod:`course.check` are imported on first use,
so ``import course`` stays light.
"""

from __future__ import annotations

import importlib

from course.backend_choice import choose_backend
from course.errors import BackendUnavailableError
from course.portable import (
    additive_stdp_amplitudes,
    cell_positions,
    check_spike_times,
    connections,
    earliest_spike_time,
    initial_values,
    list_cell_types,
    set_max_atoms_per_core,
    set_neurons_per_core,
    signed_weight,
)
from course.results import Recording, collect
from course.seeds import make_rng, poisson_seed, population_seed
from course.simulator import current, is_nest, is_spinnaker, setup

#: The one place the version is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

__all__ = [
    "BackendUnavailableError",
    "Recording",
    "cell_positions",
    "check_spike_times",
    "choose_backend",
    "collect",
    "connections",
    "current",
    "earliest_spike_time",
    "initial_values",
    "is_nest",
    "is_spinnaker",
    "list_cell_types",
    "additive_stdp_amplitudes",
    "make_rng",
    "poisson_seed",
    "population_seed",
    "set_max_atoms_per_core",
    "set_neurons_per_core",
    "setup",
    "signed_weight",
]

_LAZY_SUBMODULES = {
    "analysis",
    "backend_choice",
    "backends",
    "check",
    "connectivity",
    "errors",
    "exercises",
    "geometry",
    "lessons",
    "models",
    "network",
    "parameters",
    "plotting",
    "pynn_compat",
    "quiet",
    "results",
    "seeds",
    "simulator",
    "small_world",
    "spectra",
    "spike_data",
    "spinnaker_config",
    "spinnaker_model",
    "stdp",
    "stimuli",
}


def __getattr__(name: str):
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"course.{name}")
    raise AttributeError(f"module 'course' has no attribute {name!r}")
