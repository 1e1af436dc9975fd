"""Figures: what each function draws, its labels with units, empty data, bad shapes."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import neo
import numpy as np
import pytest
import quantities as pq

from course import plotting
from course.plotting import EMPTY_DATA_NOTE, NO_ACTIVITY_NOTE, style
from course.results import Recording


@pytest.fixture
def ax():
    fig, axes = plt.subplots(layout="constrained")
    yield axes
    plt.close(fig)


def _notes(ax):
    return [text.get_text() for text in ax.texts]


def _block(trains):
    segment = neo.Segment()
    segment.spiketrains = [
        neo.SpikeTrain(np.asarray(times) * pq.ms, t_stop=100.0 * pq.ms) for times in trains
    ]
    block = neo.Block()
    block.segments.append(segment)
    return block


def _recording(exc_trains, inh_trains):
    return Recording(
        blocks={"Exc": _block(exc_trains), "Inh": _block(inh_trains)},
        sizes={"Exc": len(exc_trains), "Inh": len(inh_trains)},
    )


# --- rasters ------------------------------------------------------------------


def test_raster_draws_every_spike_on_its_row(ax):
    plotting.raster([[1.0, 5.0], [], [3.0]], ax=ax, run_time=10.0, first_index=4)
    xs, ys = ax.lines[0].get_data()
    assert xs.tolist() == [1.0, 5.0, 3.0] and ys.tolist() == [4, 4, 6]
    assert ax.get_xlabel() == "time (ms)" and ax.get_ylabel() == "neuron index"
    assert ax.get_xlim() == (0.0, 10.0) and ax.get_ylim() == (3.5, 6.5)
    assert _notes(ax) == []


def test_raster_of_empty_data_says_so(ax):
    plotting.raster([np.empty(0)] * 3, ax=ax)
    assert _notes(ax) == [EMPTY_DATA_NOTE]


def test_population_rasters_stack_populations_top_down(ax):
    recording = _recording([[10.0], [20.0, 30.0]], [[], [], [40.0]])
    plotting.population_rasters(recording, ax=ax, run_time=100.0)
    lines = {line.get_label(): line for line in ax.lines}
    exc, inh = lines["Exc"], lines["Inh"]
    # Exc (2 cells) on top: rows 3 and 4; Inh (3 cells) below: rows 0-2.
    assert exc.get_ydata().tolist() == [3, 4, 4]
    assert inh.get_ydata().tolist() == [2]
    separators = [line for line in ax.lines if line.get_label().startswith("_")]
    assert [line.get_ydata()[0] for line in separators] == [2.5]
    assert exc.get_color() != inh.get_color()
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Exc\n0–1", "Inh\n0–2"]
    assert ax.get_xlabel() == "time (ms)" and ax.get_ylabel() == "population and neuron indices"
    assert ax.get_ylim() == (-0.5, 4.5)
    assert _notes(ax) == []  # Exc fired, so the axes are not empty even where Inh was silent


def test_population_rasters_zoom_on_the_same_neurons_of_each_population(ax):
    recording = _recording([[1.0], [2.0], [3.0], [4.0]], [[5.0], [6.0], [7.0], [8.0]])
    plotting.population_rasters(recording, ax=ax, neurons=range(1, 3))
    lines = {line.get_label(): line for line in ax.lines}
    # Neurons 1 and 2 of each: Exc on rows 2-3, Inh on rows 0-1.
    assert lines["Exc"].get_xdata().tolist() == [2.0, 3.0]
    assert lines["Exc"].get_ydata().tolist() == [2, 3]
    assert lines["Inh"].get_xdata().tolist() == [6.0, 7.0]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Exc\n1–2", "Inh\n1–2"]
    with pytest.raises(ValueError, match="reaches beyond the smallest population shown"):
        plotting.population_rasters(recording, ax=ax, neurons=range(2, 5))
    with pytest.raises(ValueError, match="neurons must be a non-empty, increasing range"):
        plotting.population_rasters(recording, ax=ax, neurons=[1, 2])


def test_population_rasters_of_a_virtual_run_say_so(ax):
    plotting.population_rasters(_recording([[]] * 4, [[]] * 2), ["Inh", "Exc"], ax=ax)
    assert _notes(ax) == [EMPTY_DATA_NOTE]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Inh\n0–1", "Exc\n0–3"]


def test_population_rasters_bad_input(ax):
    recording = _recording([[]], [[]])
    with pytest.raises(TypeError, match=r"recording must be a course\.Recording"):
        plotting.population_rasters({"Exc": []}, ax=ax)
    with pytest.raises(ValueError, match="labels is empty"):
        plotting.population_rasters(recording, [], ax=ax)
    with pytest.raises(ValueError, match="2 populations need 2 colors, got 1"):
        plotting.population_rasters(recording, ax=ax, colors=["k"])
    with pytest.raises(KeyError, match="no population labelled 'Thalamus'"):
        plotting.population_rasters(recording, ["Thalamus"], ax=ax)


# --- signals ------------------------------------------------------------------


def test_traces_and_their_shape_check(ax):
    times = np.arange(5.0)
    plotting.traces(times, np.zeros((5, 2)), ax=ax, ylabel="conductance (µS)")
    assert len(ax.lines) == 2 and ax.get_ylabel() == "conductance (µS)"
    with pytest.raises(ValueError, match="times has 5 samples but values has 4"):
        plotting.traces(times, np.zeros((4, 2)), ax=ax)


def test_traces_of_empty_data_say_so(ax):
    plotting.traces(np.empty(0), np.empty((0, 3)), ax=ax)
    assert _notes(ax) == [EMPTY_DATA_NOTE]


def test_heatmap_shows_neurons_against_time_with_a_labelled_colorbar(ax):
    times = np.arange(0.0, 10.0, 0.5)
    values = np.outer(times, np.arange(3.0))  # 20 samples x 3 neurons
    plotting.heatmap(times, values, ax=ax, label="conductance (µS)", cmap="magma")
    image = ax.images[0]
    assert image.get_array().shape == (3, 20)  # neurons are rows of the picture
    assert image.get_extent() == [-0.25, 9.75, -0.5, 2.5]  # each sample is 0.5 ms wide
    assert image.get_cmap().name == "magma"
    assert ax.get_xlabel() == "time (ms)" and ax.get_ylabel() == "neuron index"
    colorbar_axes = [other for other in ax.figure.axes if other is not ax]
    assert colorbar_axes[0].get_ylabel() == "conductance (µS)"


def test_heatmap_of_empty_data_says_so(ax):
    plotting.heatmap(np.empty(0), np.empty((0, 100)), ax=ax)
    assert _notes(ax) == [EMPTY_DATA_NOTE] and len(ax.images) == 0
    assert ax.get_xlabel() == "time (ms)" and ax.get_ylim() == (-0.5, 99.5)


def test_heatmap_shape_mismatch(ax):
    with pytest.raises(ValueError, match="times has 3 samples but values has shape"):
        plotting.heatmap(np.arange(3.0), np.zeros((4, 2)), ax=ax)


# --- statistics ---------------------------------------------------------------


def test_histogram_leaves_out_nan_and_labels_its_axes(ax):
    plotting.histogram([0.5, 0.7, np.nan, 0.9], ax=ax, xlabel="ISI CV", bins=[0.0, 0.6, 1.0])
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == [1.0, 2.0]
    assert ax.get_xlabel() == "ISI CV" and ax.get_ylabel() == "neurons"
    assert _notes(ax) == []


@pytest.mark.parametrize(
    ("values", "note"),
    [
        ([], EMPTY_DATA_NOTE),
        ([np.nan, np.nan], "no values to count\n(too few spikes, or a virtual SpiNNaker board)"),
        ([0.0, 0.0, 0.0], NO_ACTIVITY_NOTE),
    ],
)
def test_histogram_of_empty_or_silent_data_says_so(ax, values, note):
    plotting.histogram(values, ax=ax, xlabel="firing rate (Hz)")
    assert _notes(ax) == [note]


def test_rate_plot_draws_bins_as_steps(ax):
    plotting.rate_plot([0.0, 5.0, 10.0], [0.0, 200.0, 50.0], ax=ax)
    steps = ax.patches[0]
    assert steps.get_data().edges.tolist() == [0.0, 5.0, 10.0, 15.0]
    assert steps.get_data().values.tolist() == [0.0, 200.0, 50.0]
    assert ax.get_xlabel() == "time (ms)" and ax.get_ylabel() == "population rate (Hz)"
    assert _notes(ax) == []


@pytest.mark.parametrize(
    ("starts", "rate", "note"),
    [([], [], EMPTY_DATA_NOTE), ([0.0, 1.0], [0.0, 0.0], NO_ACTIVITY_NOTE)],
)
def test_rate_plot_of_empty_or_silent_data_says_so(ax, starts, rate, note):
    plotting.rate_plot(starts, rate, ax=ax)
    assert _notes(ax) == [note]


def test_spectrum_plot_is_log_log_without_the_zero_frequency(ax):
    plotting.spectrum_plot([0.0, 1.0, 2.0, 4.0], [9.0, 1.0, 0.5, 0.25], ax=ax)
    assert ax.lines[0].get_xdata().tolist() == [1.0, 2.0, 4.0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "frequency (Hz)"
    assert ax.get_ylabel() == "power spectral density (Hz²/Hz)"


@pytest.mark.parametrize(
    ("frequencies", "power", "note"),
    [([], [], EMPTY_DATA_NOTE), ([0.0, 1.0], [0.0, 0.0], NO_ACTIVITY_NOTE)],
)
def test_spectrum_plot_of_empty_or_constant_data_says_so(ax, frequencies, power, note):
    plotting.spectrum_plot(frequencies, power, ax=ax, signal_unit="mV")
    assert _notes(ax) == [note]
    assert ax.get_ylabel() == "power spectral density (mV²/Hz)"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ax: plotting.rate_plot([0.0, 1.0], [1.0], ax=ax), "bin_starts has 2 bins but"),
        (lambda ax: plotting.spectrum_plot([1.0], [1.0, 2.0], ax=ax), "frequencies has 1 val"),
    ],
)
def test_shape_mismatch_errors(ax, call, message):
    with pytest.raises(ValueError, match=message):
        call(ax)


# --- connections --------------------------------------------------------------


def test_connection_matrix_counts_and_empty(ax):
    plotting.connection_matrix([[0, 1, 0.1, 1.0], [0, 1, 0.1, 1.0]], 2, 3, ax=ax)
    assert ax.images[0].get_array()[0, 1] == 2.0
    fig, empty_ax = plt.subplots()
    plotting.connection_matrix([], 2, 3, ax=empty_ax)
    assert _notes(empty_ax) == ["no connections"]
    plt.close(fig)


def test_a_new_figure_is_made_when_no_axes_are_given():
    drawn = plotting.heatmap(np.arange(2.0), np.ones((2, 2)))
    assert drawn.figure.get_layout_engine() is not None  # constrained layout
    plt.close(drawn.figure)


# --- the course's figure style -------------------------------------------------

#: Machado, Oliveira & Fernandes (2009), IEEE TVCG 15:1291, severity 1.0: how a
#: reader with protanopia, deuteranopia or tritanopia sees a linear-RGB colour.
COLOUR_VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
#: CIE76 colour difference that two line colours must keep for every reader. 2.3 is
#: a just-noticeable difference; 15 is told apart at a glance in a legend.
DISTINCT = 15.0


def _lab(color, vision):
    """CIELAB (D65) of a Matplotlib colour as a reader with ``vision`` sees it."""
    srgb = np.array(matplotlib.colors.to_rgb(color))
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(COLOUR_VISION[vision] @ linear, 0.0, 1.0)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = (xyz @ seen) / np.array([0.95047, 1.0, 1.08883])
    f = [np.cbrt(t) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _smallest_difference(colors):
    return min(
        np.linalg.norm(_lab(a, vision) - _lab(b, vision))
        for vision in COLOUR_VISION
        for i, a in enumerate(colors)
        for b in colors[i + 1 :]
    )


def test_importing_course_plotting_applies_the_course_style():
    """In a fresh interpreter, as a learner's notebook starts."""
    code = (
        "import matplotlib; import course.plotting; r = matplotlib.rcParams; "
        "print(r['axes.prop_cycle'].by_key()['color'][:4], r['image.cmap'], r['font.size'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['#0072B2', '#E69F00', '#009E73', '#D55E00'] viridis 10.0"


def test_apply_style_restores_the_style_after_a_reset():
    """sphinx-gallery resets Matplotlib before each lesson; the docs build re-applies it."""
    plt.rcdefaults()
    first = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0]
    assert matplotlib.colors.to_hex(first) == "#1f77b4"  # Matplotlib's own blue
    style.apply_style()
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == style.EXCITATORY_COLOR
    assert matplotlib.rcParams["axes.spines.top"] is False


def test_the_first_four_cycle_colours_stay_distinct_for_colour_blind_readers():
    assert _smallest_difference(style.COLOR_CYCLE[:4]) >= DISTINCT
    # Excitatory and inhibitory differ most: in lightness as well as hue.
    assert _smallest_difference([style.EXCITATORY_COLOR, style.INHIBITORY_COLOR]) >= 4 * DISTINCT


def test_the_colour_check_refuses_matplotlib_s_default_cycle_and_red_against_green():
    """The check above is no formality: tab10's blue, orange, green, red fall to a
    difference of about 5 for a reader with protanopia, red and green to about 7."""
    assert _smallest_difference(["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]) < DISTINCT
    assert _smallest_difference(["#d62728", "#2ca02c"]) < DISTINCT


def test_stacked_populations_are_drawn_excitatory_blue_then_inhibitory_vermilion(ax):
    recording = _recording([[10.0]], [[20.0]])
    plotting.population_rasters(recording, ax=ax, run_time=100.0)
    lines = {line.get_label(): line for line in ax.lines}
    assert lines["Exc"].get_color() == style.EXCITATORY_COLOR
    assert lines["Inh"].get_color() == style.INHIBITORY_COLOR


def test_the_course_colour_maps_exist_and_are_the_ones_images_get():
    assert style.SEQUENTIAL_CMAP in matplotlib.colormaps
    assert style.DIVERGING_CMAP in matplotlib.colormaps
    style.apply_style()
    fig, ax = plt.subplots()
    image = ax.imshow(np.eye(2))
    assert image.get_cmap().name == "viridis"
    plt.close(fig)
