"""Shape outlines on a sheet of cells (course.geometry): exact pixels, mapping, errors."""

from __future__ import annotations

import numpy as np
import pytest

from course.geometry import SHAPES, shape_mask, sheet_image, sheet_structure


@pytest.mark.parametrize(
    ("shape", "n_cells"),
    # Exact pixel counts of the 30 x 30 defaults (size 18, centre cell 15, 15):
    # drawing is deterministic, so any change to the drawing rule shows here.
    [("square", 72), ("triangle", 71), ("circle", 60), ("cross", 37)],
)
def test_default_outlines_have_known_sizes(shape, n_cells):
    mask = shape_mask(shape, 30, 30)
    assert mask.shape == (30, 30)
    assert mask.dtype == bool
    assert mask.sum() == n_cells


def test_square_is_an_empty_one_cell_wide_frame():
    mask = shape_mask("square", 30, 30)
    # Corners at rows/columns 6 and 24: 4 sides of 19 cells, corners shared.
    assert mask[6, 6:25].all() and mask[24, 6:25].all()
    assert mask[6:25, 6].all() and mask[6:25, 24].all()
    assert not mask[7:24, 7:24].any()  # empty inside
    assert mask.sum() == 4 * 19 - 4


def test_shapes_are_symmetric_about_the_centre_column():
    # The triangle, circle, square and cross are all mirror-symmetric about
    # column 15 when centred on cell (15, 15) of a 31-wide sheet.
    for shape in SHAPES:
        mask = shape_mask(shape, 31, 31, center=(15, 15))
        np.testing.assert_array_equal(mask, mask[:, ::-1], err_msg=shape)


def test_circle_cells_lie_within_half_a_cell_of_the_radius():
    mask = shape_mask("circle", 40, 40, size=20, center=(20, 20))
    rows, cols = np.nonzero(mask)
    radii = np.hypot(rows - 20, cols - 20)
    assert np.all(np.abs(radii - 10) <= 0.5 + 1e-9)
    # A closed ring: every angle in 5° steps passes near an outline cell.
    angles = np.deg2rad(np.arange(0, 360, 5))
    for angle in angles:
        r, c = 20 + 10 * np.sin(angle), 20 + 10 * np.cos(angle)
        assert np.min(np.hypot(rows - r, cols - c)) <= 1.0


def test_thickness_widens_the_outline():
    thin = shape_mask("square", 30, 30, thickness=1.0)
    thick = shape_mask("square", 30, 30, thickness=3.0)
    assert thick[thin].all()  # the thin outline lies inside the thick one
    assert thick.sum() > 2.5 * thin.sum()


def test_shape_partly_outside_the_sheet_is_cut_off():
    # Centred on the corner cell: corners at -4 and 4, so only the bottom and
    # right sides fall on the sheet, meeting at cell (4, 4).
    mask = shape_mask("square", 10, 10, size=8, center=(0, 0))
    assert mask.shape == (10, 10)
    assert mask[4, :5].all() and mask[:5, 4].all()
    assert mask.sum() == 5 + 5 - 1


def test_sheet_structure_puts_neuron_row_times_ncols_plus_col_at_its_pixel():
    structure = sheet_structure(4, 6)
    positions = structure.generate_positions(24)
    rows, cols = np.indices((4, 6))
    np.testing.assert_array_equal(positions[0], rows.ravel())
    np.testing.assert_array_equal(positions[1], cols.ravel())


def test_sheet_image_round_trips_and_accepts_empty_data():
    values = np.arange(12.0)
    image = sheet_image(values, 3, 4)
    np.testing.assert_array_equal(image.ravel(), values)
    assert image[1, 0] == 4.0
    empty = sheet_image([], 3, 4)
    assert empty.shape == (3, 4) and np.isnan(empty).all()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: shape_mask("star", 10, 10), ValueError, "shape='star' is not allowed"),
        (lambda: shape_mask("circle", 0, 10), ValueError, "n_rows must be at least 1, got 0"),
        (lambda: shape_mask("circle", 10, 2.5), TypeError, "n_cols must be a whole number"),
        (lambda: shape_mask("circle", 10, 10, size=0), ValueError, "size must be greater than 0"),
        (
            lambda: shape_mask("circle", 10, 10, thickness=-1),
            ValueError,
            "thickness must be greater than 0",
        ),
        (lambda: shape_mask("circle", 10, 10, center=5), TypeError, "center must be a"),
        (
            lambda: shape_mask("circle", 10, 10, center=(1, np.inf)),
            ValueError,
            r"center\[1\] must be finite",
        ),
        (lambda: sheet_image(np.ones(5), 2, 2), ValueError, "holds 5 numbers, but a 2 x 2"),
        (lambda: sheet_structure(3, 0), ValueError, "n_cols must be at least 1"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
