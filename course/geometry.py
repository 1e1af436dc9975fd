"""Shapes drawn on a 2-D sheet of neurons, as boolean images.

Model B of the course shows a shape to a sheet of cells: the thalamic sources
inside the shape's outline fire, the others stay silent. This module draws
those outlines and maps them onto a PyNN population on a
:class:`pyNN.space.Grid2D`::

    from course.geometry import shape_mask, sheet_structure

    mask = shape_mask("triangle", 30, 30)       # (30, 30) array of bool
    cells = sim.Population(900, sim.IF_cond_exp(), structure=sheet_structure(30, 30))
    active = mask.ravel()                        # one bool per neuron, in index order

Pixel ``(row, col)`` of every image here is neuron ``row * n_cols + col``,
which is where :func:`sheet_structure` puts that neuron: ``Grid2D`` fills its
x coordinate slowest, so x is the row and y the column.

Every shape is an *outline* ("empty" shape) about one cell wide: a cell
belongs to it when its centre lies within ``thickness / 2`` cell spacings of
the shape's boundary.
"""

from __future__ import annotations

import numpy as np

from course._checks import (
    check_choice,
    check_number,
    check_number_array,
    check_positive_integer,
    check_positive_number,
)

__all__ = ["SHAPES", "shape_mask", "sheet_structure", "sheet_image"]

#: Shapes :func:`shape_mask` can draw.
SHAPES = ("square", "triangle", "circle", "cross")

# A pixel centre exactly thickness / 2 from the boundary counts as on it.
_TOLERANCE = 1e-9


def _segment_distance(rows, cols, start, end) -> np.ndarray:
    """Distance (cell spacings) from each pixel centre to the segment start-end."""
    (r0, c0), (r1, c1) = start, end
    dr, dc = r1 - r0, c1 - c0
    length2 = dr * dr + dc * dc
    if length2 == 0.0:
        along = np.zeros_like(rows)
    else:
        along = np.clip(((rows - r0) * dr + (cols - c0) * dc) / length2, 0.0, 1.0)
    return np.hypot(rows - (r0 + along * dr), cols - (c0 + along * dc))


def _boundary_distance(shape, rows, cols, center, size) -> np.ndarray:
    r0, c0 = center
    if shape == "circle":
        return np.abs(np.hypot(rows - r0, cols - c0) - size / 2.0)
    # Vertices on whole cells, symmetric about the cell nearest the centre,
    # so that straight sides run through cell centres and stay one cell wide.
    mid_r, mid_c = np.floor(r0 + 0.5), np.floor(c0 + 0.5)
    half = np.floor(size / 2.0 + 0.5)
    top, bottom, left, right = mid_r - half, mid_r + half, mid_c - half, mid_c + half
    if shape == "square":
        corners = [(top, left), (top, right), (bottom, right), (bottom, left)]
        segments = list(zip(corners, corners[1:] + corners[:1], strict=True))
    elif shape == "triangle":
        # Apex at the top centre, base along the bottom: as wide as it is high.
        apex, base_left, base_right = (top, mid_c), (bottom, left), (bottom, right)
        segments = [(apex, base_right), (base_right, base_left), (base_left, apex)]
    else:  # cross: a vertical and a horizontal bar through the centre
        segments = [((top, mid_c), (bottom, mid_c)), ((mid_r, left), (mid_r, right))]
    distances = [_segment_distance(rows, cols, start, end) for start, end in segments]
    return np.min(distances, axis=0)


def shape_mask(
    shape: str,
    n_rows: int,
    n_cols: int,
    *,
    size: float | None = None,
    center=None,
    thickness: float = 1.0,
) -> np.ndarray:
    """Draw the outline of a shape on an ``n_rows`` x ``n_cols`` sheet.

    Parameters
    ----------
    shape : {"square", "triangle", "circle", "cross"}
        An empty square, an empty triangle (apex up), an empty circle, or a
        plus-shaped cross of two bars.
    n_rows, n_cols : int
        Size of the sheet (cells), at least 1 each.
    size : float, optional
        Side of the square, height and base of the triangle, diameter of the
        circle, length of the cross's bars (cell spacings). By default 60 % of
        the shorter side of the sheet.
    center : (float, float), optional
        Centre ``(row, col)`` of the shape in cell coordinates; by default the
        middle of the sheet.
    thickness : float, default 1.0
        Width of the outline (cell spacings); a cell is on the outline when
        its centre lies within ``thickness / 2`` of the boundary.

    Returns
    -------
    numpy.ndarray of bool, shape (n_rows, n_cols)
        True on the outline. Parts of a shape outside the sheet are cut off.

    Raises
    ------
    TypeError, ValueError
        For an unknown shape, a size or thickness that is not positive, a
        centre that is not two finite numbers, or a sheet size that is not a
        whole number of at least 1.
    """
    check_choice("shape", shape, SHAPES)
    n_rows = check_positive_integer("n_rows", n_rows)
    n_cols = check_positive_integer("n_cols", n_cols)
    if size is None:
        size = 0.6 * min(n_rows, n_cols)
    size = check_positive_number("size", size)
    thickness = check_positive_number("thickness", thickness)
    if center is None:
        center = ((n_rows - 1) / 2.0, (n_cols - 1) / 2.0)
    if isinstance(center, str) or not hasattr(center, "__len__") or len(center) != 2:
        raise TypeError(f"center must be a (row, col) pair of numbers, got {center!r}")
    center = (check_number("center[0]", center[0]), check_number("center[1]", center[1]))

    rows, cols = np.indices((n_rows, n_cols), dtype=float)
    distance = _boundary_distance(shape, rows, cols, center, size)
    return distance <= thickness / 2.0 + _TOLERANCE


def sheet_structure(n_rows: int, n_cols: int):
    """A :class:`pyNN.space.Grid2D` for an ``n_rows`` x ``n_cols`` sheet, one cell spacing apart.

    Neuron ``i`` sits at ``x = i // n_cols`` (its row) and ``y = i % n_cols``
    (its column), so ``image.ravel()`` lists a value per neuron in index
    order and :func:`sheet_image` undoes it. Both backends accept it; on
    SpiNNaker the population also needs
    ``course.set_max_atoms_per_core(population, (10, 10))`` or another 2-D
    block.

    Parameters
    ----------
    n_rows, n_cols : int
        Sheet size (cells), at least 1 each.

    Returns
    -------
    pyNN.space.Grid2D
        The structure to give ``sim.Population(..., structure=...)``.
    """
    from pyNN.space import Grid2D

    n_rows = check_positive_integer("n_rows", n_rows)
    n_cols = check_positive_integer("n_cols", n_cols)
    return Grid2D(aspect_ratio=n_rows / n_cols, dx=1.0, dy=1.0, fill_order="sequential")


def sheet_image(values, n_rows: int, n_cols: int) -> np.ndarray:
    """Arrange one value per neuron as an ``n_rows`` x ``n_cols`` image.

    Parameters
    ----------
    values : array_like, shape (n_rows * n_cols,)
        One value per neuron of a :func:`sheet_structure` population, in
        index order; may be empty (a virtual SpiNNaker board records nothing).
    n_rows, n_cols : int
        Sheet size (cells), at least 1 each.

    Returns
    -------
    numpy.ndarray, shape (n_rows, n_cols)
        The image; all ``nan`` when ``values`` is empty.

    Raises
    ------
    TypeError, ValueError
        For values that are not finite numbers, or not one per cell of the
        sheet, and a sheet size that is not a whole number of at least 1.
    """
    n_rows = check_positive_integer("n_rows", n_rows)
    n_cols = check_positive_integer("n_cols", n_cols)
    values = check_number_array("values", values).ravel()
    if values.size == 0:
        return np.full((n_rows, n_cols), np.nan)
    if values.size != n_rows * n_cols:
        raise ValueError(
            f"values holds {values.size} numbers, but a {n_rows} x {n_cols} sheet "
            f"needs {n_rows * n_cols}"
        )
    return values.reshape(n_rows, n_cols)
