"""Every public function of ``course`` answers bad input with its own clear error.

The sweep takes every function named in the ``__all__`` of every public
module of ``course`` (found by walking the package, so a new function is
swept or this file says it is missing) and calls it once per parameter with a
value of the wrong type and once with a value out of range, the other
arguments valid. Each call must raise the course's own ``TypeError`` or
``ValueError`` (raised in a ``course`` module, not in numpy, PyNN or NEST
below it) whose message names the parameter.

The bad values follow from the valid one: a number gets a word ("1.0") and
``nan``, a whole number ``2.5`` and ``-1000000``, a flag ``"yes"``, a choice
``3`` and ``"no such option"``, a list of numbers a word and the list with a
``nan`` in it, an object a word. Where the generic out-of-range value is in
fact allowed (any real ``t_mean``, any text for a label), the parameter is
listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import traceback
from pathlib import Path

import numpy as np
import pytest

import course

ROOT = Path(__file__).resolve().parents[1]
#: Where the course under test is installed: the source tree, or site-packages
#: when the tests run against the built wheel.
COURSE = Path(course.__file__).resolve().parent


def public_functions() -> dict[str, object]:
    """Every function in a public module's ``__all__``, by bare name (re-exports once)."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(course.__path__, "course."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj not in found.values():
                key = name if name not in found else f"{info.name}.{name}"
                found[key] = obj
    return found


FUNCTIONS = public_functions()

#: Functions that take no argument: nothing to sweep.
NO_ARGUMENTS = {name for name, f in FUNCTIONS.items() if not inspect.signature(f).parameters}


class Env:
    """Valid arguments that need a simulator, built on first use (NEST, 1 ms)."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self._sim = None

    @property
    def sim(self):
        if self._sim is None:
            self._sim = course.setup("nest", timestep=1.0)
        return self._sim

    @property
    def population(self):
        return self.sim.Population(4, self.sim.IF_curr_exp(), label="cells")

    @property
    def projection(self):
        cells = self.population
        projection = self.sim.Projection(cells, cells, self.sim.OneToOneConnector())
        self.sim.run(1.0)
        return projection

    def end(self):
        if self._sim is not None:
            self._sim.end()


def _recording(labels=("cells",)):
    import neo
    import quantities as pq

    from course.results import Recording

    blocks = {}
    for label in labels:
        block = neo.Block()
        segment = neo.Segment()
        for times in ([10.0, 30.0, 45.0, 80.0], [20.0, 60.0]):
            segment.spiketrains.append(neo.SpikeTrain(times * pq.ms, t_stop=100.0 * pq.ms))
        block.segments.append(segment)
        blocks[label] = block
    return Recording(blocks=blocks, run_time=100.0)


def _numpy_rng():
    from pyNN.random import NumpyRNG

    return NumpyRNG(seed=3)


def _rule():
    from course.stdp import StdpRule

    return StdpRule()


def _spinnaker_populations():
    from course import spinnaker_model as sm

    return {"input": sm.SpikeArray([[0.0]]), "cell": sm.Cells(1, "IF_curr_exp", {"cm": 0.25})}


#: A projection of the model: (pre, post, (i, j, weight nA, delay ms) list, receptor).
SPINNAKER_PROJECTION = ("input", "cell", [(0, 0, 2.0, 1.0)], "excitatory")


def _spinnaker_synapses(populations):
    from course.spinnaker_model.synapses import parse_projection

    return [parse_projection(SPINNAKER_PROJECTION, populations, 1.0)]


SPIKES = [[10.0, 30.0, 45.0, 80.0], [20.0, 60.0]]
MASK = np.ones((4, 4), dtype=bool)

#: Valid keyword arguments of each function (``env`` builds simulator objects).
VALID = {
    "fano_factor": lambda env: {"spike_times": SPIKES, "t_start": 0.0, "t_stop": 100.0},
    "firing_rates": lambda env: {"spike_times": SPIKES, "t_start": 0.0, "t_stop": 100.0},
    "isi_cv": lambda env: {"spike_times": SPIKES, "min_spikes": 3},
    "peak_frequency": lambda env: {"frequencies": [0.0, 1.0, 2.0], "power": [0.0, 2.0, 1.0]},
    "poisson_cv": lambda env: {
        "rates": [10.0, 20.0],
        "t_start": 0.0,
        "t_stop": 500.0,
        "min_spikes": 3,
        "seed": 3,
    },
    "population_rate": lambda env: {
        "spike_times": SPIKES,
        "t_start": 0.0,
        "t_stop": 100.0,
        "bin_size": 5.0,
    },
    "power_spectrum": lambda env: {
        "signal": np.sin(np.arange(2000) / 10.0),
        "sampling_period": 1.0,
        "frequency_resolution": 2.0,
    },
    "summary": lambda env: {
        "recording": _recording(),
        "label": "cells",
        "t_start": 0.0,
        "t_stop": 100.0,
        "min_spikes": 3,
    },
    "summary_table": lambda env: {"summaries": {"cells": {}}},
    "synchrony": lambda env: {
        "spike_times": SPIKES,
        "t_start": 0.0,
        "t_stop": 100.0,
        "bin_size": 1.0,
    },
    "to_spiketrains": lambda env: {"spike_times": SPIKES, "t_start": 0.0, "t_stop": 100.0},
    "resolve_backend_name": lambda env: {"name": "nest"},
    "summarize_projection": lambda env: {"projection": env.projection},
    "task1": lambda env: {"data": [[10.5], [11.5]], "input_times": [2.0, 3.0]},
    "task2": lambda env: {"data": SPIKES, "closed": True, "n_neurons": 2, "run_time": 2000.0},
    "task3": lambda env: {
        "exc": SPIKES,
        "inh": SPIKES,
        "projections": [],
        "run_time": 100.0,
        "t_start": 0.0,
    },
    "task4": lambda env: {
        "pre": [10.0, 110.0],
        "post": [15.0, 115.0],
        "weights": [0.5, 0.6],
        "pre_first": True,
        "rule": _rule(),
    },
    # A starter script's placeholder: with valid arguments it stops the script.
    "todo": lambda env: {"number": 1, "what": "make the two spike sources"},
    "task5": lambda env: {
        "delta_t": [-10.0, -5.0, 5.0, 10.0],
        "weight_change": [-0.003, -0.007, 0.007, 0.004],
        "rel_tolerance": 0.1,
        "rule": _rule(),
    },
    "center_surround": lambda env: {
        "n_pre": 10,
        "n_post": 10,
        "weight": 1.0,
        "width": 2.0,
        "p_thresh": 0.1,
        "d_thresh": 0.0,
        "scale": 1.0,
        "delay_offset": 1.0,
        "velocity": 0.35,
        "return_details": False,
    },
    "connection_probability": lambda env: {"distance": [0.0, 1.0], "width": 2.0, "scale": 1.0},
    "center_surround_at_positions": lambda env: {
        "pre_positions": [0.0, 1.0, 2.0],
        "post_positions": [0.5, 1.5],
        "weight": 1.0,
        "width": 2.0,
        "p_thresh": 0.1,
        "d_thresh": 0.0,
        "scale": 1.0,
        "delay_offset": 1.0,
        "velocity": 0.35,
    },
    "partners_on_a_line": lambda env: {"n_pre": 4, "n_post": 2, "weight": 1.0, "delay": 1.0},
    "small_world_ring": lambda env: {
        "n_cells": 10,
        "degree": 2.0,
        "rewiring": 0.1,
        "weight": 1.0,
        "delay": 1.0,
        "seed": 1,
    },
    "balanced_network": lambda env: {
        "sim": env.sim,
        "n_exc": 8,
        "n_inh": 2,
        "p_connect": 0.5,
        "w_exc": 0.25,
        "g": 8.0,
        "input_rate": 1000.0,
        "input_weight": 0.25,
        "delay": 1.0,
        "tau_refrac": 2.0,
        "v_init": (-65.0, -55.0),
        "fixed_in_degree": True,
        "allow_self_connections": True,
        "scale_weights": True,
        "run_time": 10.0,
    },
    "group_rates": lambda env: {
        "recording": _recording(("exc", "inh")),
        "t_start": 0.0,
        "t_stop": 100.0,
    },
    "compare_cell_models": lambda env: {
        "sim": env.sim,
        "cell_models": ("IF_curr_exp",),
        "record_v": False,
    },
    "equivalent_weight": lambda env: {
        "cell_model": "IF_curr_exp",
        "psp": 1.5,
        "parameters": {"tau_m": 20.0},
    },
    "phase_spike_counts": lambda env: {"recording": _recording(), "label": "cells"},
    "count_phases": lambda env: {"times": [60.0, 420.0]},
    "izhikevich_on_board": lambda env: {"current_scale": 1.0, "timestep": 1.0},
    "all_to_all_connections": lambda env: {
        "n_pre": 3,
        "n_post": 3,
        "weight": 1.0,
        "delay": 1.0,
        "allow_self_connections": True,
        "same_population": False,
    },
    "one_to_one_connections": lambda env: {"n": 3, "weight": 1.0, "delay": 1.0},
    "same_connections": lambda env: {
        "first": [(0, 0, 1.0, 1.0)],
        "second": [(0, 0, 1.0, 1.0)],
        "weight_tolerance": 0.0,
    },
    "lif_rate": lambda env: {
        "current": 2.0,
        "cm": 1.0,
        "tau_m": 20.0,
        "tau_refrac": 2.0,
        "v_rest": -65.0,
        "v_reset": -65.0,
        "v_thresh": -50.0,
    },
    "threshold_current": lambda env: {
        "cm": 1.0,
        "tau_m": 20.0,
        "v_rest": -65.0,
        "v_thresh": -50.0,
    },
    "band_envelope_phase": lambda env: {
        "signal": np.sin(np.arange(1000) / 5.0),
        "sampling_period": 1.0,
        "low": 20.0,
        "high": 40.0,
    },
    "spike_phases": lambda env: {
        "spike_times": [[1.0, 2.0]],
        "times": [0.0, 1.0, 2.0, 3.0],
        "phase": [0.0, 1.0, 2.0, 3.0],
    },
    "vector_strength": lambda env: {"phases": [0.0, 0.1, 0.2]},
    "full_synapse_counts": lambda env: {},
    "local_variation": lambda env: {"spike_times": SPIKES, "min_spikes": 3},
    "microcircuit_parameters": lambda env: {
        "n_scale": 0.02,
        "k_scale": 0.1,
        "background": "poisson",
    },
    "psp_to_psc": lambda env: {"psp": 0.15, "cm": 0.25, "tau_m": 10.0, "tau_syn": 0.5},
    "population_statistics": lambda env: {
        "recording": _recording(),
        "t_start": 0.0,
        "t_stop": 100.0,
    },
    "run_microcircuit": lambda env: {
        "sim": env.sim,
        "n_scale": 0.005,
        "k_scale": 0.05,
        "background": "poisson",
        "run_time": 10.0,
        "record_v": 0,
    },
    "poisson_background": lambda env: {
        "sim": env.sim,
        "population": env.population,
        "rate": 8.0,
        "weight": 0.1,
        "delay": 1.0,
    },
    "connect_fixed_total_number": lambda env: {
        "sim": env.sim,
        "presynaptic": env.population,
        "postsynaptic": env.population,
        "n_synapses": 4,
        "weight": 0.1,
        "delay": 1.0,
        "receptor_type": "excitatory",
        "weight_rel_sd": 0.1,
        "delay_rel_sd": 0.5,
    },
    "connections_per_virtual_process": lambda env: {
        "parameters": FUNCTIONS["microcircuit_parameters"](n_scale=0.005, k_scale=0.05),
        "virtual_processes": 2,
    },
    "nest_threads": lambda env: {
        "parameters": FUNCTIONS["microcircuit_parameters"](n_scale=0.005, k_scale=0.05),
        "threads": 2,
    },
    "check_fits_in_nest": lambda env: {
        "parameters": FUNCTIONS["microcircuit_parameters"](n_scale=0.005, k_scale=0.05),
        "virtual_processes": 1,
    },
    "build_microcircuit": lambda env: {
        "sim": env.sim,
        "record_v": 0,
        "parameters": FUNCTIONS["microcircuit_parameters"](n_scale=0.005, k_scale=0.05),
    },
    "model_a": lambda env: {
        "sim": env.sim,
        "n_cells": 100,
        "n_thalamic": 10,
        "volley_times": (50.0,),
        "thalamic_weight": 0.15,
        "seed": 7,
        "run_time": 60.0,
        "signal_cells": range(40, 60),
    },
    "thalamic_connections": lambda env: {"targets": [1, 2], "weight": 0.1, "delay": 1.0},
    "thalamic_targets": lambda env: {"n_cells": 100, "n_thalamic": 10, "seed": 7},
    "volley_responses": lambda env: {
        "spike_times": SPIKES,
        "volley_times": (10.0,),
        "cells": [0, 1],
        "window": 5.0,
    },
    "model_b": lambda env: {
        "sim": env.sim,
        "n_rows": 6,
        "n_cols": 6,
        "shapes": ("square",),
        "presentation": 20.0,
        "period": 40.0,
        "shape_size": 4.0,
        "thickness": 1.0,
        "weights": {("Exc", "Inh"): 0.05},
        "sampling_interval": 2.0,
    },
    "presentation_windows": lambda env: {
        "shapes": ("square",),
        "onset": 50.0,
        "presentation": 50.0,
        "period": 100.0,
    },
    "stimulus_spike_times": lambda env: {
        "masks": {"square": MASK},
        "windows": {"square": (10.0, 20.0)},
        "interval": 5.0,
    },
    "variance_maps": lambda env: {"model": object()},
    "simple_network": lambda env: {
        "sim": env.sim,
        "weight": 5.0,
        "delay": 2.0,
        "tau_syn_E": 5.0,
        "spike_times": [[2.0], [3.0]],
        "run_time": 20.0,
        "record_v": False,
    },
    "chain_connections": lambda env: {
        "n_neurons": 4,
        "weight": 6.0,
        "delay": 1.0,
        "closed": True,
    },
    "lap_times": lambda env: {"spike_times": SPIKES},
    "synfire_chain": lambda env: {
        "sim": env.sim,
        "n_neurons": 4,
        "weight": 6.0,
        "delay": 1.0,
        "closed": True,
        "run_time": 20.0,
        "stimulus_weight": 8.0,
    },
    "free_membrane_potential": lambda env: {
        "exc_rate": 10.0,
        "inh_rate": 10.0,
        "exc_inputs": 40,
        "inh_inputs": 10,
        "w_exc": 0.25,
        "g": 8.0,
        "input_rate": 1000.0,
        "input_weight": 0.25,
    },
    "stdp_pairing": lambda env: {
        "sim": env.sim,
        "n_pairings": 2,
        "lag": 5.0,
        "gap": 100.0,
        "flush": True,
        "rule": _rule(),
    },
    "stdp_curve": lambda env: {
        "sim": env.sim,
        "delta_ts": (-5.0, 5.0),
        "rule": _rule(),
        "flush": True,
    },
    "board_pairing": lambda env: {
        "n_pairings": 2,
        "lag": 5.0,
        "gap": 100.0,
        "flush": True,
        "rule": _rule(),
        "drive_weight": 20.0,
    },
    "board_curve": lambda env: {
        "delta_ts": (-5.0, 5.0),
        "rule": _rule(),
        "flush": True,
        "drive_weight": 20.0,
    },
    "shape_mask": lambda env: {
        "shape": "square",
        "n_rows": 6,
        "n_cols": 6,
        "size": 3.0,
        "thickness": 1.0,
    },
    "sheet_image": lambda env: {"values": np.zeros(6), "n_rows": 2, "n_cols": 3},
    "sheet_structure": lambda env: {"n_rows": 2, "n_cols": 3},
    "find_lessons": lambda env: {"examples": ROOT / "examples", "pattern": "01_"},
    "python_warnings": lambda env: {"text": "x.py:1: UserWarning: w\n"},
    "main": lambda env: {"argv": ["--backend", "nest", "--list", str(ROOT / "examples")]},
    "new_lesson": lambda env: {
        "title": "A new lesson",
        "section": "building",
        "examples": env.tmp_path / "examples",
        "tests": env.tmp_path / "tests",
    },
    "run_lesson": lambda env: {
        "path": env.tmp_path / "lesson.py",
        "backend": "nest",
        "timeout": 60.0,
    },
    "inhibitory_positions": lambda env: {"n_exc": 10, "n_inh": 5},
    "layer_network": lambda env: {
        "sim": env.sim,
        "n_exc": 10,
        "n_inh": 10,
        "record": True,
    },
    "describe_parameters": lambda env: {"parameters": {"tau_m": 20.0}},
    "connection_matrix": lambda env: {
        "connections": [(0, 1, 1.0, 1.0)],
        "n_pre": 2,
        "n_post": 2,
        "value": "count",
        "cmap": "viridis",
        "colorbar": True,
    },
    "heatmap": lambda env: {
        "times": [0.0, 1.0],
        "values": [[1.0, 2.0], [3.0, 4.0]],
        "cmap": "viridis",
        "colorbar": True,
    },
    "histogram": lambda env: {"values": [1.0, 2.0], "xlabel": "rate (Hz)", "bins": 5},
    "mark_empty": lambda env: {"ax": _axes()},
    "population_rasters": lambda env: {
        "recording": _recording(),
        "labels": ["cells"],
        "run_time": 100.0,
    },
    "raster": lambda env: {
        "spike_times": SPIKES,
        "run_time": 100.0,
        "first_index": 0,
        "marker_size": 2.0,
    },
    "rate_plot": lambda env: {"bin_starts": [0.0, 1.0], "rate": [1.0, 2.0], "bin_size": 1.0},
    "spectrum_plot": lambda env: {"frequencies": [0.0, 1.0], "power": [1.0, 2.0]},
    "traces": lambda env: {"times": [0.0, 1.0], "values": [[1.0], [2.0]]},
    "cell_positions": lambda env: {"population": env.population},
    "check_spike_times": lambda env: {"spike_times": [[1.0, 2.0]]},
    "connections": lambda env: {"projection": env.projection},
    "initial_values": lambda env: {"population": env.population, "names": ("v",)},
    "make_rng": lambda env: {"seed": 3},
    "poisson_seed": lambda env: {"seed": 3},
    "population_seed": lambda env: {"seed": 3},
    "random_connections": lambda env: {
        "n_pre": 4,
        "n_post": 4,
        "rng": _numpy_rng(),
        "p_connect": 0.5,
        "allow_self_connections": False,
        "same_population": True,
    },
    "additive_stdp_amplitudes": lambda env: {
        "change_plus": 0.01,
        "change_minus": 0.012,
        "w_max": 1.0,
    },
    "set_max_atoms_per_core": lambda env: {"population": env.population, "shape": 4},
    "set_neurons_per_core": lambda env: {"cell_type": env.sim.IF_curr_exp, "n_neurons": 64},
    "signed_weight": lambda env: {
        "weight": 0.5,
        "receptor_type": "inhibitory",
        "cell_type": env.sim.IF_curr_exp,
    },
    "collect": lambda env: {
        "populations": [env.population],
        "parameters": {},
        "backend": "nest",
        "run_time": 1.0,
    },
    "load": lambda env: {
        "paths": list(FUNCTIONS["save"](_recording(), env.tmp_path).values()),
        "backend": "nest",
    },
    "save": lambda env: {"recording": _recording(), "folder": env.tmp_path, "fmt": ".pkl"},
    "choose_backend": lambda env: {"backend": "nest", "argv": []},
    "decide_backend": lambda env: {"backend": "nest", "argv": []},
    "setup": lambda env: {
        "backend": "nest",
        "timestep": 1.0,
        "min_delay": 1.0,
        "max_delay": 10.0,
        "seed": 1,
    },
    "write_virtual_board_config": lambda env: {"folder": env.tmp_path},
    "display_path": lambda env: {"path": env.tmp_path / ".spynnaker.cfg"},
    # A missing file is valid: it names no machine, as sPyNNaker reads it.
    "read_spinnaker_config": lambda env: {"path": env.tmp_path / ".spynnaker.cfg"},
    "one_train": lambda env: {"data": [1.0, 2.0], "label": "pre", "non_finite": "raise"},
    "segment_trains": lambda env: {
        "segment": _recording().blocks["cells"].segments[0],
        "non_finite": "raise",
    },
    "spike_trains": lambda env: {"data": SPIKES, "non_finite": "raise"},
    "train_in_ms": lambda env: {"train": [1.0, 2.0], "non_finite": "raise"},
    "central_band": lambda env: {"n_sources": 10, "band": 0.5},
    "poisson_trains": lambda env: {
        "n_sources": 3,
        "rate": 10.0,
        "t_stop": 100.0,
        "t_start": 0.0,
        "modulation_depth": 0.0,
        "modulation_frequency": 0.0,
        "seed": 1,
        "timestep": 1.0,
        "earliest": 2.0,
    },
    "thalamic_volley": lambda env: {
        "n_sources": 10,
        "band": 0.5,
        "n_spikes": 2,
        "t_mean": 10.0,
        "t_sd": 1.0,
        "max_sd": 3.0,
        "seed": 1,
        "timestep": 1.0,
        "earliest": 2.0,
    },
    # course.spinnaker_model
    "simulate": lambda env: {
        "populations": _spinnaker_populations(),
        "projections": [SPINNAKER_PROJECTION],
        "run_time": 10.0,
        "timestep": 1.0,
        "version": "7.4.1",
        "i_offset_changes": {"cell": [(5.0, 1.0)]},
        "weight_times": [5.0, 10.0],
    },
    "expk": lambda env: {"bits": [-1638, 0]},
    "expulr": lambda env: {"bits": [-1638, -6554]},
    "kdivk": lambda env: {"a": [2**15], "b": [20 * 2**15]},
    "decay_table": lambda env: {"tau": 20.0, "timestep": 1.0},
    "to_s1615": lambda env: {"value": [0.5, -65.0]},
    "from_s1615": lambda env: {"bits": [-(2**15), 0]},
    "to_u032": lambda env: {"value": [0.5, 0.25]},
    "multiply_s1615": lambda env: {"a": [-3, 3], "b": 2**14},
    "decay_s1615": lambda env: {"x": [-1, 2**15], "factor_u032": 2**31},
    "ring_buffer_shift": lambda env: {"max_input": 20.48},
    "quantise_weights": lambda env: {"weights": [0.3, 10.0], "shift": 0, "global_scale": 1.0},
    "plan_synapses": lambda env: {
        "projections": _spinnaker_synapses(_spinnaker_populations()),
        "populations": _spinnaker_populations(),
        "timestep": 1.0,
    },
    "load_recording": lambda env: {"delay": 17},
    "model_ring": lambda env: {
        "delay": 1.0,
        "run_time": 10.0,
        "n_neurons": 4,
        "version": "recordings",
    },
    "build_ring": lambda env: {
        "sim": env.sim,
        "delay": 1.0,
        "n_neurons": 4,
        "input_time": 2.0,
    },
    "spike_precision": lambda env: {"sim": env.sim, "precision": "on_grid"},
    "run_ring_on_nest": lambda env: {"delay": 1.0, "run_time": 10.0, "precision": "on_grid"},
    "hop_times": lambda env: {"spikes": [[3.0, 63.0], [6.0], [9.0]], "n_neurons": 3},
}


def _axes():
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


#: Parameters whose generic out-of-range value is in fact allowed: (function,
#: parameter) -> why.
ALLOWED = {
    ("todo", "what"): "any words describe what a TODO asks for",
    ("thalamic_volley", "t_mean"): "any real time is a volley centre",
    ("lif_rate", "v_rest"): "any potential (mV)",
    ("lif_rate", "v_reset"): "any potential (mV)",
    ("lif_rate", "v_thresh"): "any potential (mV)",
    ("threshold_current", "v_rest"): "any potential (mV)",
    ("threshold_current", "v_thresh"): "any potential (mV)",
    ("find_lessons", "pattern"): "any regular expression",
    ("python_warnings", "text"): "any printed text",
    ("new_lesson", "title"): "any title with a letter or digit",
    # Leaves out values that are not finite: a CV is nan for a neuron with too
    # few spikes, and the figure counts the others.
    ("histogram", "values"): "nan marks a neuron without a value; it is left out",
    # A self-check never raises on odd data: spike times and weights that are
    # not finite (a virtual board reads back nan) are left out, and the check
    # says what is missing.
    ("task1", "data"): "a check leaves out times that are not finite",
    ("task2", "data"): "a check leaves out times that are not finite",
    ("task3", "exc"): "a check leaves out times that are not finite",
    ("task3", "inh"): "a check leaves out times that are not finite",
    ("task4", "pre"): "a check leaves out times that are not finite",
    ("task4", "post"): "a check leaves out times that are not finite",
    ("task4", "weights"): "a virtual board reads back nan weights; the check says so",
    ("task5", "delta_t"): "a virtual board gives nan for pairs without a spike",
    ("task5", "weight_change"): "a virtual board gives nan for weights it cannot read",
    ("multiply_s1615", "b"): "any whole number is an s16.15 bit pattern (-1000000: -30.52)",
}

#: Parameters of one function not swept, with the reason.
NOT_SWEPT_IN = {
    ("main", "argv"): "command-line words: argparse answers bad ones with its usage and exit 2",
    ("histogram", "xlabel"): "any text",
    ("collect", "parameters"): "a free-form record of the caller's parameters",
    ("load", "parameters"): "a free-form record of the caller's parameters",
    ("one_train", "name"): "free text for messages",
    ("spike_trains", "name"): "free text for messages",
    ("train_in_ms", "name"): "free text for messages",
}

#: Parameters not swept in any function, with the reason.
NOT_SWEPT = {
    "sim": "the PyNN module from course.setup(); no lesson passes anything else",
    "ax": "any matplotlib Axes, or None for a new one",
    "label": "free text or a population label; a wrong one is a KeyError that names it",
    "labels": "free text",
    "ylabel": "free text",
    "color": "any matplotlib colour",
    "colors": "any matplotlib colours",
    "note": "free text",
    "signal_unit": "free text",
    "label_exc": "a population label",
    "label_inh": "a population label",
    "label_pre": "a population label",
    "label_post": "a population label",
    "cwd": "a folder",
    "extra_env": "environment variables for the subprocess",
    "tests": "a folder",
    "examples": "a folder",
}


def _bad_values(value):
    """(kind, bad value) pairs: one of the wrong type, one out of range."""
    if isinstance(value, bool):
        return [("wrong type", "yes")]
    if isinstance(value, Path):
        return [("wrong type", 3)]
    if isinstance(value, int):
        return [("wrong type", 2.5), ("out of range", -1_000_000)]
    if isinstance(value, float):
        return [("wrong type", "1.0"), ("out of range", math.nan)]
    if isinstance(value, str):
        return [("wrong type", 3), ("out of range", "no such option")]
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) > 0:
        with_nan = _with_nan(value)
        out_of_range = [("out of range", with_nan)] if with_nan is not None else []
        return [("wrong type", "abc"), *out_of_range]
    return [("wrong type", "abc")]


def _with_nan(value):
    """``value`` as lists with its first number replaced by nan; None if it holds none."""
    items = [item.tolist() if isinstance(item, np.ndarray) else item for item in value]
    for index, item in enumerate(items):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            items[index] = math.nan
            return items
        if isinstance(item, (list, tuple)):
            inner = _with_nan(item)
            if inner is not None:
                items[index] = inner
                return items
    return None


def _cases():
    """(function, parameter, kind, bad value) for every parameter of every function."""
    cases = []
    for name, function in sorted(FUNCTIONS.items()):
        if name in NO_ARGUMENTS or name not in VALID:
            continue
        valid = VALID[name](_Probe())
        for parameter in inspect.signature(function).parameters:
            if parameter in NOT_SWEPT or (name, parameter) in NOT_SWEPT_IN:
                continue
            if parameter not in valid:
                continue
            for kind, bad in _bad_values(valid[parameter]):
                if kind == "out of range" and (name, parameter) in ALLOWED:
                    continue
                cases.append((name, parameter, kind, bad))
    return cases


class _Probe:
    """Stands in for Env while the cases are listed: only the types matter."""

    tmp_path = Path("tmp")
    population = projection = object()

    class sim:  # noqa: N801 - stands in for the PyNN module
        IF_curr_exp = object()


CASES = _cases()

#: Calls that still fail the sweep in modules other helpers own: the lead
#: reconciles them. Each stays an expected failure (strict: fixing it turns
#: this into an error that says to remove the entry).
EXPECTED_FAILURES: dict[tuple[str, str, str], str] = {}


def _id(case) -> str:
    name, parameter, kind, _ = case
    return f"{name}-{parameter}-{kind.replace(' ', '_')}"


def _params():
    for case in CASES:
        reason = EXPECTED_FAILURES.get(case[:3])
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(*case, marks=marks, id=_id(case))


def test_every_public_function_is_swept():
    missing = sorted(set(FUNCTIONS) - set(VALID) - NO_ARGUMENTS)
    assert missing == [], "add valid arguments for these to VALID"
    stale = sorted(set(VALID) - set(FUNCTIONS))
    assert stale == [], "these are no longer public functions"
    swept = {case[0] for case in CASES}
    # main takes only command-line words, mark_empty only an Axes and a note.
    assert set(FUNCTIONS) - NO_ARGUMENTS - swept == {"main", "mark_empty"}


def _raised_in_course(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(COURSE)


@pytest.mark.parametrize(("name", "parameter", "kind", "bad"), list(_params()))
def test_bad_input_gets_the_courses_own_error(name, parameter, kind, bad, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)  # whatever a call writes by mistake lands here
    env = Env(tmp_path)
    try:
        arguments = VALID[name](env)
        arguments[parameter] = bad
        with pytest.raises((TypeError, ValueError)) as caught:
            FUNCTIONS[name](**arguments)
    finally:
        env.end()
        plt.close("all")
    error = caught.value
    where = traceback.extract_tb(error.__traceback__)[-1]
    assert _raised_in_course(error), (
        f"{name}({parameter}={bad!r}) raised {type(error).__name__} in {where.filename}: {error}"
    )
    assert parameter in str(error), f"the message does not name {parameter}: {error}"


@pytest.mark.parametrize("fmt", [".pkl", ".nix"])
@pytest.mark.parametrize("damage", ["missing", "empty", "truncated", "foreign"])
def test_load_answers_a_bad_file_with_the_courses_own_error(fmt, damage, tmp_path):
    """``load`` of a missing, empty, truncated or foreign file: an error that names it."""
    path = FUNCTIONS["save"](_recording(), tmp_path, fmt)["cells"]
    data = path.read_bytes()
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes({"empty": b"", "truncated": data[: len(data) // 2]}.get(damage, b"a,b\n"))
    expected = FileNotFoundError if damage == "missing" else ValueError
    with pytest.raises(expected) as caught:
        FUNCTIONS["load"]([path])
    assert _raised_in_course(caught.value), caught.value
    assert str(path) in str(caught.value)
