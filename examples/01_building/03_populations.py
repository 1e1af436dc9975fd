"""
.. _lesson-03:

03. Populations
===============

A population is a group of neurons of one cell type, created in one call.
This lesson builds the course's two layers, an excitatory ``Exc`` and an
inhibitory ``Inh`` population of ``IF_cond_exp`` cells with the notes' test
parameters; it reads their labels, sizes and parameters, selects parts of
them with views, and places cells in space, on a line and on a grid.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-01`, :ref:`lesson-02`
   :You will be able to: create populations, read and change the parameters
      of all or some of their cells, give them positions, and cut a
      population into pieces that fit SpiNNaker's cores.
"""

# %%
# Two layers of neurons
# ---------------------
# ``sim.Population(size, cell_type, label=...)`` creates ``size`` neurons (a
# :term:`population`).
# The cell type is an instance, ``sim.IF_cond_exp(**parameters)``, holding the
# parameters; :data:`course.parameters.IF_COND_EXP_PARAMETERS` is the notes' set
# (units in its documentation). The notes gave the inhibitory layer PyNN's
# defaults instead; the course uses the same cells for both layers, so that
# what differs between them is only how they connect (a later lesson).
import matplotlib.pyplot as plt
import numpy as np
from pyNN.space import Grid2D, Line

import course
from course.parameters import IF_COND_EXP_PARAMETERS

sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1

cell_type = sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS)
pops = {
    "Exc": sim.Population(100, cell_type, label="Exc"),
    "Inh": sim.Population(100, cell_type, label="Inh"),
}
for label, pop in pops.items():
    print(f"{label}: {pop.size} cells of {pop.celltype.__class__.__name__}")

# %%
# A population answers questions about itself: its label, its size
# (``len(pop)`` too), and the value of any parameter, one per cell, with
# ``pop.get``.
exc, inh = pops["Exc"], pops["Inh"]
thresholds = np.asarray(exc.get("v_thresh"), dtype=float)
print(f"label {exc.label!r}, size {len(exc)}, thresholds {np.unique(thresholds).tolist()} mV")

# %%
# Views: part of a population
# ---------------------------
# Indexing a population with a slice, a list or a boolean mask gives a
# ``PopulationView``: the same cells, not copies. Anything set through the
# view changes those cells in the parent. Here the ten middle cells get a
# longer :term:`refractory period`, and the parent sees it.
middle = exc[45:55]
every_tenth = exc[::10]
chosen = exc[[3, 14, 15, 92]]
print(f"views of {middle.size}, {every_tenth.size} and {chosen.size} cells")
print(f"a view's parent is {middle.parent.label!r}")

middle.set(tau_refrac=5.0)
refractory = np.asarray(exc.get("tau_refrac"), dtype=float)
print(f"tau_refrac after setting the view: cells 44-46 have {refractory[44:47].tolist()} ms")

# %%
# Cells in space
# --------------
# A population's ``structure`` gives every cell a position (x, y, z); always
# pass one when positions matter. The course's layers are a
# :class:`pyNN.space.Line` with one unit between neighbours, so that
# "distance" means "number of cells apart". A :class:`pyNN.space.Grid2D` puts
# cells on a square grid instead. Positions matter for distance-dependent
# connectors and delays (lessons 05 to 07). :func:`course.cell_positions`
# returns them as x, y, z rows.
#
# .. dropdown:: On SpiNNaker: why ``structure=`` and ``course.cell_positions``
#
#    Without a structure, NEST (through PyNN) puts the cells on PyNN's default
#    ``Line``, but sPyNNaker gives them no positions at all (``pop.positions``
#    raises). ``pop.positions`` holds x, y, z rows on NEST but one row per
#    cell on sPyNNaker; :func:`course.cell_positions` returns x, y, z rows on
#    both.
line = sim.Population(20, cell_type, structure=Line(dx=1.0), label="line")
grid = sim.Population(
    400, cell_type, structure=Grid2D(aspect_ratio=1.0, dx=1.0, dy=1.0), label="grid"
)
line_xyz, grid_xyz = course.cell_positions(line), course.cell_positions(grid)
print(f"line: x from {line_xyz[0].min():g} to {line_xyz[0].max():g}")
print(f"grid: {np.unique(grid_xyz[0]).size} x {np.unique(grid_xyz[1]).size} cells")

# %%
# A simulator may cut a large population into pieces, one per processor
# core. A population on a grid is cut into rectangular blocks, and
# :func:`course.set_max_atoms_per_core` sets their size: here 10 x 10 cells
# per core, so the grid takes 4 cores.
#
# .. dropdown:: On SpiNNaker: why a grid needs a block size
#
#    SpiNNaker puts up to a fixed number of neurons on each core (256 by
#    default, fewer when a core runs out of time or memory). A population on
#    a grid must be cut into rectangular blocks, so without a 2-D block size
#    building the network fails. On NEST the call does nothing.
course.set_max_atoms_per_core(grid, (10, 10))

# %%
# The positions, drawn: the line of 20 cells and the 20 x 20 grid, coloured by
# cell index. Along the line the index is the x position; on the grid the
# indices fill one column (y) before moving on in x.
fig, (ax_line, ax_grid) = plt.subplots(
    1, 2, layout="constrained", figsize=(8.0, 4.4), width_ratios=(1.0, 1.3)
)
x_line = line_xyz[0]
ax_line.scatter(x_line, np.zeros_like(x_line), c=np.arange(line.size), cmap="viridis", s=40)
ax_line.set_yticks([])
ax_line.set_ylim(-1.5, 1.5)
ax_line.set_aspect("equal")
ax_line.set_xlabel("x (cell spacings)")
ax_line.set_title("Line: 20 cells")
points = ax_grid.scatter(grid_xyz[0], grid_xyz[1], c=np.arange(grid.size), cmap="viridis", s=12)
ax_grid.set_aspect("equal")
ax_grid.set_xlabel("x (cell spacings)")
ax_grid.set_ylabel("y (cell spacings)")
ax_grid.set_title("Grid2D: 20 x 20 cells")
fig.colorbar(points, ax=ax_grid, label="cell index")
plt.show()

# %%
# Nothing is recorded yet (that is the next lesson), but a short run builds
# every population; a grid without a block size would fail here.
sim.run(1.0)
n_cells = sum(pop.size for pop in (exc, inh, line, grid))
print(f"simulated {sim.get_current_time():g} ms with {n_cells} cells")
sim.end()

# %%
# On SpiNNaker
# ------------
# * At most 256 neurons per core by default; Grid2D populations need a 2-D
#   block, as above.
# * A projection from a ``PopulationView`` needs a contiguous view (a slice
#   without a step).
# * There is no ``Assembly``: ``exc + inh`` raises ``NotImplementedError``.
#
# .. dropdown:: On SpiNNaker: changing the neurons per core, and living without Assembly
#
#    ``course.set_neurons_per_core(sim.IF_cond_exp, n)`` lowers the limit for
#    every population of a cell type, ``course.set_max_atoms_per_core(pop, n)``
#    for one population (both do nothing on NEST). Without ``Assembly`` the
#    course records and sets each population on its own.
#
# Try it yourself
# ---------------
# Make the grid 15 x 15 (225 cells). Before you run it, write down which
# block sizes divide it into whole blocks and how many cores each needs.
# Then set one with ``course.set_max_atoms_per_core`` and check on the
# virtual board (``python 03_populations.py virtual``) that it still maps.
#
# .. dropdown:: Answer
#
#    Each side of a block must divide 15, so its sides are 1, 3, 5 or 15
#    cells: ``(5, 5)`` cuts the grid into 9 blocks, one core each; ``(3, 5)``
#    into 15; ``(3, 3)`` into 25; ``(15, 15)`` puts all 225 cells on one core,
#    which the default limit of 256 neurons per core allows. Measured on the
#    virtual board: ``(5, 5)`` maps onto 9 cores, ``(3, 5)`` onto 15 and
#    ``(15, 15)`` onto 1. Smaller blocks use more cores but leave each core
#    less work per timestep.
#
# Key points
# ----------
# * ``sim.Population(size, cell_type, label=...)`` makes a group of neurons
#   of one type; ``pop.get`` and ``pop.set`` read and change parameters.
# * Indexing gives a view: the same cells, so setting a view changes the
#   parent.
# * Give a ``structure`` (``Line``, ``Grid2D``) when positions matter.
# * Large populations are cut into pieces, one per core; a grid is cut into
#   rectangular blocks.
