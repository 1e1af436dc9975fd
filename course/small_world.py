"""A seeded Watts–Strogatz small-world ring as a connection list.

:func:`small_world_ring` is the portable stand-in for
``sim.SmallWorldConnector``, which NEST does not implement: its rows
``(pre index, post index, weight, delay)`` go into ``sim.FromListConnector``
as they are, on NEST and on SpiNNaker. ``from course.connectivity import
small_world_ring`` works too.
"""

from __future__ import annotations

import numpy as np

from course._checks import check_integer, check_number, check_positive_number, check_probability

__all__ = ["small_world_ring"]


def small_world_ring(
    n_cells: int,
    degree: float,
    rewiring: float,
    *,
    weight: float,
    delay: float,
    seed: int,
) -> np.ndarray:
    """A seeded Watts–Strogatz small-world ring as a connection list.

    The cells sit on a ring. First every cell ``i`` connects to every other
    cell whose ring distance ``min(|i - j|, n_cells - |i - j|)`` is below
    ``degree`` — the same local rule as ``sim.SmallWorldConnector(degree,
    rewiring)``, whose region is ``d < degree``. Then each connection, with
    probability ``rewiring``, is moved to a new target drawn uniformly from
    the cells that are neither ``i`` nor already a target of ``i``. So the
    list has no self connections and no duplicates, and every cell keeps its
    out-degree.

    Parameters
    ----------
    n_cells : int
        Number of cells on the ring, at least 2.
    degree : float
        Ring distance (cell spacings) below which cells connect, > 0; a cell
        gets ``2 * (ceil(degree) - 1)`` targets when the ring is large enough.
    rewiring : float
        Probability of moving each connection, in [0, 1]; 0 keeps the ring
        lattice, 1 gives a random graph.
    weight : float
        Weight of every connection (µS or nA).
    delay : float
        Delay of every connection (ms), > 0.
    seed : int
        Seed of the generator; the same seed always gives the same list.

    Returns
    -------
    numpy.ndarray, shape (n_connections, 4)
        Rows ``(pre, post, weight, delay)`` sorted by pre, then post.

    Raises
    ------
    TypeError, ValueError
        For bad sizes, probabilities, delays or seeds; the message names the
        parameter.

    Notes
    -----
    Time and memory are ``O(n_cells * k)`` for ``k`` targets per cell (a
    rewired target is drawn again while it hits a taken cell, a few draws on
    average while ``k`` is well below ``n_cells``).
    """
    n_cells = check_integer("n_cells", n_cells, minimum=2)
    degree = check_positive_number("degree", degree)
    rewiring = check_probability("rewiring", rewiring)
    weight = check_number("weight", weight)
    delay = check_positive_number("delay", delay)
    seed = check_integer("seed", seed)
    rng = np.random.default_rng(seed)

    steps = np.arange(1, n_cells // 2 + 1)
    steps = steps[steps < degree]
    offsets = np.unique(np.concatenate([steps, n_cells - steps]) % n_cells)
    offsets = offsets[offsets != 0]
    rows = []
    for pre in range(n_cells):
        targets = (pre + offsets) % n_cells
        taken = {pre, *targets.tolist()}
        for position in np.flatnonzero(rng.random(targets.size) < rewiring):
            if len(taken) == n_cells:
                break  # every other cell is already a target: nowhere to move
            new_target = int(rng.integers(n_cells))
            while new_target in taken:
                new_target = int(rng.integers(n_cells))
            taken.discard(int(targets[position]))
            taken.add(new_target)
            targets[position] = new_target
        rows.append(np.column_stack([np.full(targets.size, pre), np.sort(targets)]))
    pairs = np.concatenate(rows) if rows else np.empty((0, 2))
    weights, delays = np.full(len(pairs), weight), np.full(len(pairs), delay)
    return np.column_stack([pairs, weights, delays]).astype(float)
