"""The course's figure style: one look for every lesson's figures.

Importing :mod:`course.plotting` applies it, so every lesson that plots with the
course gets the same colours and font sizes. The colours are Okabe and Ito's
palette (Okabe & Ito 2008, *Color Universal Design*), which stays distinguishable
for the common kinds of colour blindness, in the order of Matplotlib's default
cycle: ``"C0"`` is still blue, ``"C1"`` orange, ``"C2"`` green, ``"C3"`` red. An
excitatory population is drawn blue, an inhibitory one red (vermilion). Images
use viridis (sequential, perceptually uniform, readable in grey) or, for values
of either sign, the diverging ``"RdBu_r"`` (ColorBrewer's colour-blind-safe
red-blue).
"""

from __future__ import annotations

import matplotlib

__all__ = [
    "EXCITATORY_COLOR",
    "INHIBITORY_COLOR",
    "COLOR_CYCLE",
    "SEQUENTIAL_CMAP",
    "DIVERGING_CMAP",
    "COURSE_STYLE",
    "apply_style",
]

#: Okabe-Ito blue: excitatory populations, spikes and synapses.
EXCITATORY_COLOR = "#0072B2"
#: Okabe-Ito vermilion: inhibitory populations, spikes and synapses.
INHIBITORY_COLOR = "#D55E00"
#: The colour cycle ``"C0"`` ... ``"C7"``: blue, orange, bluish green, vermilion,
#: reddish purple, sky blue, yellow, grey (Okabe-Ito, in Matplotlib's order).
COLOR_CYCLE = (
    EXCITATORY_COLOR,
    "#E69F00",
    "#009E73",
    INHIBITORY_COLOR,
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#6E6E6E",
)
#: Colour map of one-signed values (rates, weights, counts, membrane potentials).
SEQUENTIAL_CMAP = "viridis"
#: Colour map of values of either sign around zero (signed weights, differences).
DIVERGING_CMAP = "RdBu_r"

#: The Matplotlib settings :func:`apply_style` applies.
COURSE_STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=list(COLOR_CYCLE)),
    "image.cmap": SEQUENTIAL_CMAP,
    "font.size": 10.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 10.0,
    "xtick.labelsize": 9.0,
    "ytick.labelsize": 9.0,
    "legend.fontsize": 9.0,
    "figure.titlesize": 12.0,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.5,
}


def apply_style() -> None:
    """Apply the course's figure style to Matplotlib (``COURSE_STYLE``).

    Called when :mod:`course.plotting` is imported; call it again after
    ``matplotlib.pyplot.rcdefaults()`` or ``matplotlib.rcdefaults()`` reset the
    settings (as sphinx-gallery does before each lesson).

    Examples
    --------
    >>> import matplotlib
    >>> from course.plotting.style import INHIBITORY_COLOR, apply_style
    >>> apply_style()
    >>> matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][3] == INHIBITORY_COLOR
    True
    """
    matplotlib.rcParams.update(COURSE_STYLE)
