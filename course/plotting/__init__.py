"""Figures for recorded activity, with units on every axis.

Every function draws on a Matplotlib ``Axes`` it is given (or a new one) and
returns it, and every function accepts empty data, as a virtual SpiNNaker
board returns, by saying so on the axes instead of failing. The functions
live in modules by what they draw, and are all importable from here::

    from course import plotting

    plotting.raster(recording.spike_times("Exc"), run_time=100.0)

======================================  ====================================================
module                                  draws
======================================  ====================================================
``course.plotting.spikes``              spike trains: rasters of one or more populations
``course.plotting.signals``             recorded signals (v, conductances): traces, heatmaps
``course.plotting.rates``               population rate over time and its power spectrum
``course.plotting.distributions``       one number per neuron (rates, CVs): histograms
``course.plotting.connections``         who connects to whom: connection matrices
``course.plotting.empty``               the notes drawn where there is no data
``course.plotting.style``               the course's figure style (colours, colour maps, fonts)
======================================  ====================================================

Importing this package applies the course's figure style
(:func:`course.plotting.style.apply_style`): colour-blind-safe colours (excitatory
blue ``EXCITATORY_COLOR``, inhibitory vermilion ``INHIBITORY_COLOR``), viridis for
images, and one set of font sizes, so the figures of every lesson look alike.

Three constants come with them: ``EMPTY_DATA_NOTE`` and ``NO_ACTIVITY_NOTE``,
the texts written on axes with no data or only zeros, and
``POPULATION_COLORS``, the colours of stacked populations in order.
"""

from __future__ import annotations

from course.plotting.connections import connection_matrix
from course.plotting.distributions import histogram
from course.plotting.empty import EMPTY_DATA_NOTE, NO_ACTIVITY_NOTE, mark_empty
from course.plotting.rates import rate_plot, spectrum_plot
from course.plotting.signals import heatmap, traces
from course.plotting.spikes import POPULATION_COLORS, population_rasters, raster
from course.plotting.style import EXCITATORY_COLOR, INHIBITORY_COLOR, apply_style

apply_style()

__all__ = [
    "EMPTY_DATA_NOTE",
    "NO_ACTIVITY_NOTE",
    "POPULATION_COLORS",
    "EXCITATORY_COLOR",
    "INHIBITORY_COLOR",
    "apply_style",
    "mark_empty",
    "raster",
    "population_rasters",
    "traces",
    "heatmap",
    "histogram",
    "rate_plot",
    "spectrum_plot",
    "connection_matrix",
]
