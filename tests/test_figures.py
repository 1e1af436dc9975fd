"""The site's lesson figures (docs/_figures.py): the course style before each lesson, and
alternative text that says what each figure shows."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course.plotting.style import EXCITATORY_COLOR
from docs._figures import apply_course_style, figure_description, replace_alt_texts, scraper


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def test_one_panel_says_what_it_plots_against_what(close_figures):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="cell 0")
    ax.plot([0, 1], [1, 0], label="cell 1")
    ax.set(title="Membrane potential", xlabel="time (ms)", ylabel="$V_m$ (mV)")
    ax.legend()
    assert figure_description(fig) == (
        "Figure. Membrane potential: V_m (mV) against time (ms); legend: cell 0, cell 1."
    )


def test_panels_are_numbered_and_the_colour_scale_is_named(close_figures):
    fig, (left, right) = plt.subplots(1, 2)
    fig.suptitle("Task 3:\nbalanced network")
    left.set(title="Raster", xlabel="time (ms)", ylabel="neuron")
    image = right.imshow(np.eye(3))
    right.set(xlabel="target", ylabel="source")
    fig.colorbar(image, ax=right, label="weight (nA)")
    assert figure_description(fig) == (
        "Figure: Task 3: balanced network. Panel 1 of 2, Raster: neuron against time (ms). "
        "Panel 2 of 2, source against target. Colour scale: weight (nA)."
    )


def test_a_panel_sharing_an_axis_takes_its_label_from_the_panel_that_shows_it(close_figures):
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    top.set(title="v", ylabel="v (mV)")
    bottom.set(title="Spikes", xlabel="time (ms)", ylabel="neuron")
    assert figure_description(fig) == (
        "Figure. Panel 1 of 2, v: v (mV) against time (ms). "
        "Panel 2 of 2, Spikes: neuron against time (ms)."
    )


def test_an_unlabelled_panel_with_a_note_reads_the_note(close_figures):
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "no data (virtual board)")
    assert figure_description(fig) == "Figure. Text: no data (virtual board)."


def test_the_alt_options_are_replaced_in_order_and_the_rest_is_kept():
    rst = (
        "\n.. image-sg:: /a.png\n   :alt: Spikes\n   :srcset: /a.png\n"
        "\n      .. image-sg:: /b.png\n          :alt: b\n          :class: x\n"
    )
    assert replace_alt_texts(rst, ["first figure", "second figure"]) == (
        "\n.. image-sg:: /a.png\n   :alt: first figure\n   :srcset: /a.png\n"
        "\n      .. image-sg:: /b.png\n          :alt: second figure\n          :class: x\n"
    )


def test_the_scraper_writes_the_description_into_sphinx_gallerys_rst(tmp_path, close_figures):
    """Needs sphinx-gallery (the docs extra): skipped where only the tests are installed."""
    scrapers = pytest.importorskip("sphinx_gallery.scrapers")
    _fig, ax = plt.subplots()
    ax.set(title="Rate", xlabel="time (ms)", ylabel="rate (Hz)")
    block_vars = {
        "image_path_iterator": scrapers.ImagePathIterator(tmp_path / "sphx_glr_lesson_{0:03}.png"),
        "example_globals": {},
    }
    gallery_conf = {
        "image_srcset": [],
        "matplotlib_animations": (False, None),
        "compress_images": (),
        "src_dir": str(tmp_path),
    }
    rst = scraper(None, block_vars, gallery_conf)
    assert ":alt: Figure. Rate: rate (Hz) against time (ms)." in rst
    assert (tmp_path / "sphx_glr_lesson_001.png").exists()
    assert plt.get_fignums() == []  # the scraper closes what it saved, as sphinx-gallery's


def test_the_style_hook_restores_the_course_style_before_each_lesson():
    plt.rcdefaults()
    apply_course_style({}, "lesson.py", "after")
    first = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0]
    assert matplotlib.colors.to_hex(first) == "#1f77b4"  # after a lesson: nothing done
    apply_course_style({}, "lesson.py", "before")
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == EXCITATORY_COLOR


def test_a_title_that_is_code_keeps_its_case(close_figures):
    fig, ax = plt.subplots()
    ax.set(title="sim.run(30.0) twice", xlabel="time (ms)", ylabel="neuron")
    assert figure_description(fig) == "Figure. sim.run(30.0) twice: neuron against time (ms)."
