"""Model B (30 x 30 sheet shown four shapes): the variance map finds each shape on NEST."""

from __future__ import annotations

import numpy as np
import pytest

from course.exercises import model_b as mb
from course.geometry import shape_mask

from .conftest import needs_spynnaker

LESSON_32 = "05_next_steps/32_model_b.py"


@pytest.fixture
def full_model(run_lesson):
    """Model B at its stated size: lesson 32's ``model = mb.model_b(sim)`` (the
    defaults), read from the lesson's one run in this process."""
    run = run_lesson(LESSON_32)
    assert run.ok, run.stderr
    return run.namespace["model"]


def test_windows_follow_one_another():
    windows = mb.presentation_windows()
    assert windows == {
        "square": (50.0, 100.0),
        "triangle": (150.0, 200.0),
        "circle": (250.0, 300.0),
        "cross": (350.0, 400.0),
    }


def test_stimulus_fires_each_outline_cell_during_its_shapes_only():
    masks = {"square": shape_mask("square", 10, 10), "cross": shape_mask("cross", 10, 10)}
    windows = {"square": (50.0, 70.0), "cross": (100.0, 120.0)}
    cells, trains = mb.stimulus_spike_times(masks, windows, interval=10.0)
    union = np.flatnonzero(masks["square"].ravel() | masks["cross"].ravel())
    np.testing.assert_array_equal(cells, union)
    for cell, times in zip(cells, trains, strict=True):
        expected = []
        if masks["square"].ravel()[cell]:
            expected += [50.0, 60.0]
        if masks["cross"].ravel()[cell]:
            expected += [100.0, 110.0]
        assert times == expected


def test_variance_is_high_on_each_outline_and_low_off_it(full_model):
    maps = mb.variance_maps(full_model)
    assert list(maps) == list(mb.SHAPE_ORDER)
    for shape, image in maps.items():
        mask = full_model.masks[shape]
        on, off = image[mask].mean(), image[~mask].mean()
        # Measured about 61 mV² on the outline and 0.1-0.2 mV² off it: a cell
        # on the outline swings between reset and threshold, the rest only
        # feel inhibition. A factor of 50 leaves room for any tuning change
        # that keeps the picture, none for one that loses it.
        assert 40.0 < on < 80.0, shape
        assert on > 50.0 * off, shape
        # The shape shown, not another: its outline is far stronger than the
        # outline of every other shape during this window.
        for other, other_mask in full_model.masks.items():
            if other != shape:
                only_other = other_mask & ~mask
                assert image[only_other].mean() < 0.05 * on, (shape, other)


def test_only_outline_cells_fire(full_model):
    counts = full_model.recording.spike_counts("Exc")
    union = np.any([mask.ravel() for mask in full_model.masks.values()], axis=0)
    assert counts[~union].sum() == 0  # inhibition never makes a cell fire
    # Measured 187 of the 200 outline cells fire at least once.
    assert np.count_nonzero(counts[union]) >= 0.9 * union.sum()


def test_conductances_of_the_middle_row(full_model):
    times, gsyn_exc = full_model.recording.signal("Exc", "gsyn_exc")
    _, gsyn_inh = full_model.recording.signal("Exc", "gsyn_inh")
    assert gsyn_exc.shape == gsyn_inh.shape == (226, 30)  # 0 to 450 ms, every 2 ms
    # The square's sides cross row 15 at columns 6 and 24.
    during_square = (times >= 50) & (times < 100)
    assert gsyn_exc[during_square][:, [6, 24]].max() > 0.05
    assert gsyn_exc[during_square][:, 10:20].max() == 0.0
    assert gsyn_inh[during_square].max() > 0.0


def test_variance_maps_of_an_empty_recording_are_nan(full_model):
    # What a virtual SpiNNaker board returns: a "v" signal with no samples.
    import neo
    import quantities as pq

    from course.results import Recording

    segment = neo.Segment()
    segment.analogsignals.append(
        neo.AnalogSignal(np.empty((0, 900)), units="mV", sampling_period=1 * pq.ms, name="v")
    )
    block = neo.Block()
    block.segments.append(segment)
    empty = Recording(blocks={"Exc": block}, sizes={"Exc": 900}, backend="virtual")
    model = mb.ModelB(empty, full_model.masks, full_model.windows, np.arange(30), 30, 30)
    maps = mb.variance_maps(model)
    assert all(image.shape == (30, 30) and np.isnan(image).all() for image in maps.values())


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: mb.presentation_windows(["hexagon"]), ValueError, "shapes\\[0\\]='hexagon'"),
        (lambda: mb.presentation_windows(["circle", "circle"]), ValueError, "shown once"),
        (
            lambda: mb.presentation_windows(presentation=80.0, period=50.0),
            ValueError,
            "two shapes would overlap",
        ),
        (
            lambda: mb.stimulus_spike_times({"square": np.ones((2, 2))}, {}),
            ValueError,
            "masks and windows must name the same shapes",
        ),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_rows": 31}, ValueError, "must be even"),
        ({"weights": {("Exc", "Exc"): 0.1}}, ValueError, "unknown key"),
        ({"weights": {("Inh", "Exc"): -0.1}}, ValueError, "must be greater than 0"),
        ({"sampling_interval": 0.0}, ValueError, "sampling_interval must be greater than 0"),
    ],
)
def test_bad_model_arguments(sim, kwargs, error, message):
    with pytest.raises(error, match=message):
        mb.model_b(sim, **kwargs)


def test_lesson_32_finds_every_shape_in_the_variance_map(run_lesson):
    run = run_lesson("05_next_steps/32_model_b.py")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []
    lesson = run.namespace
    recording, model, maps = lesson["recording"], lesson["model"], lesson["maps"]
    # Exact on NEST: fixed input, connectors with probabilities 0 or 1, one thread.
    for label, spikes, cells in (("Exc", 727, 187), ("Inh", 242, 77)):
        counts = recording.spike_counts(label)
        assert (counts.sum(), np.count_nonzero(counts)) == (spikes, cells)
    # Variance of v (mV²) on each shape's outline and off it, as printed.
    for shape, on, off in (("square", 61.2, 0.21), ("cross", 62.5, 0.11)):
        mask = model.masks[shape]
        assert maps[shape][mask].mean() == pytest.approx(on, abs=0.05)
        assert maps[shape][~mask].mean() == pytest.approx(off, abs=0.005)
    # Every shape stands out of its map by two orders of magnitude.
    for shape, image in maps.items():
        mask = model.masks[shape]
        assert image[mask].mean() > 100 * image[~mask].mean()


@needs_spynnaker
@pytest.mark.spinnaker
def test_small_sheet_maps_onto_the_virtual_board(run_on_virtual_board, tmp_path):
    # Grid2D populations with 2-D blocks per core and distance-dependent
    # connectors: the parts of model B that only SpiNNaker can reject.
    script = tmp_path / "model_b_virtual.py"
    script.write_text(
        "import course\n"
        "from course.exercises import model_b as mb\n"
        "sim = course.setup(timestep=1.0)\n"
        "model = mb.model_b(sim, n_rows=10, n_cols=10, shapes=['square'])\n"
        "maps = mb.variance_maps(model)\n"
        "print('recorded nothing:', model.recording.is_empty(), maps['square'].shape)\n"
        "sim.end()\n"
    )
    run = run_on_virtual_board(script)
    assert run.ok, run.stderr[-3000:]
    assert "recorded nothing: True (10, 10)" in run.stdout
    assert run.left_behind == []


def test_lesson_32_try_it_stronger_inhibition(tmp_path, monkeypatch):
    from tests.conftest import run_variant

    lesson = run_variant(
        "05_next_steps/32_model_b.py",
        tmp_path,
        monkeypatch,
        {"model = mb.model_b(sim)\n": 'model = mb.model_b(sim, weights={("Inh", "Exc"): 0.1})\n'},
    )
    recording, model, maps = lesson["recording"], lesson["model"], lesson["maps"]
    # The answer's numbers, exact on NEST (fixed input, 0-or-1 connectors).
    counts = recording.spike_counts("Exc")
    assert (counts.sum(), np.count_nonzero(counts)) == (661, 187)
    for shape, on, off in (("square", 59.5, 0.53), ("cross", 60.5, 0.23)):
        mask = model.masks[shape]
        assert maps[shape][mask].mean() == pytest.approx(on, abs=0.05)
        assert maps[shape][~mask].mean() == pytest.approx(off, abs=0.005)
    square = model.masks["square"]
    contrast = maps["square"][square].mean() / maps["square"][~square].mean()
    assert contrast == pytest.approx(110.0, rel=0.05)  # "about 110 times" (113)
