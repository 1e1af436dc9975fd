"""PyNN's simple connectors written out by hand, as connection lists.

The notes' first open exercise: "write an equivalent PyNN function,
AllToAll etc.". Each function here returns the ``(pre, post, weight, delay)``
rows a connector would create, for ``sim.FromListConnector``, so that a
lesson can build both projections and check that the simulator made the same
connections.
"""

from __future__ import annotations

import numpy as np

from course._checks import (
    check_flag,
    check_non_negative_number,
    check_number,
    check_number_array,
    check_positive_integer,
    check_positive_number,
)

__all__ = ["all_to_all_connections", "one_to_one_connections", "same_connections"]


def all_to_all_connections(
    n_pre: int,
    n_post: int,
    weight: float,
    delay: float,
    *,
    allow_self_connections: bool = True,
    same_population: bool = False,
) -> np.ndarray:
    """Every presynaptic cell to every postsynaptic cell, like ``AllToAllConnector``.

    Parameters
    ----------
    n_pre, n_post : int
        Sizes of the two populations, at least 1.
    weight : float
        Weight of every connection (nA or µS, with the sign the receptor and
        cell type need; see :func:`course.signed_weight`).
    delay : float
        Delay of every connection (ms), greater than 0.
    allow_self_connections : bool, default True
        With ``same_population=True``, whether cell ``i`` connects to itself.
    same_population : bool, default False
        True when the projection goes from a population onto itself; only
        then does ``allow_self_connections`` matter, as in PyNN.

    Returns
    -------
    numpy.ndarray, shape (n_connections, 4)
        Rows ``(pre, post, weight, delay)``, sorted by ``pre`` then ``post``:
        ``n_pre * n_post`` of them, minus the ``n_pre`` self connections
        when they are left out.
    """
    n_pre = check_positive_integer("n_pre", n_pre)
    n_post = check_positive_integer("n_post", n_post)
    weight = check_number("weight", weight)
    delay = check_positive_number("delay", delay)
    allow_self_connections = check_flag("allow_self_connections", allow_self_connections)
    same_population = check_flag("same_population", same_population)
    if same_population and n_pre != n_post:
        raise ValueError(
            f"a population projecting onto itself has one size, got n_pre={n_pre} and "
            f"n_post={n_post}"
        )
    pre, post = np.meshgrid(np.arange(n_pre), np.arange(n_post), indexing="ij")
    pre, post = pre.ravel(), post.ravel()
    if same_population and not allow_self_connections:
        keep = pre != post
        pre, post = pre[keep], post[keep]
    rows = np.empty((pre.size, 4))
    rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3] = pre, post, weight, delay
    return rows


def one_to_one_connections(n: int, weight: float, delay: float) -> np.ndarray:
    """Cell ``i`` to cell ``i``, like ``OneToOneConnector``.

    Parameters
    ----------
    n : int
        Size of both populations, at least 1.
    weight : float
        Weight of every connection (nA or µS).
    delay : float
        Delay of every connection (ms), greater than 0.

    Returns
    -------
    numpy.ndarray, shape (n, 4)
        Rows ``(i, i, weight, delay)``.
    """
    n = check_positive_integer("n", n)
    weight = check_number("weight", weight)
    delay = check_positive_number("delay", delay)
    index = np.arange(n)
    return np.column_stack([index, index, np.full(n, weight), np.full(n, delay)])


def same_connections(first, second, weight_tolerance: float = 0.0) -> bool:
    """Whether two connection tables hold the same connections.

    Parameters
    ----------
    first, second : array_like, shape (n, 4)
        Rows ``(pre, post, weight, delay)``, e.g. from
        :func:`course.connections`; their order does not matter.
    weight_tolerance : float, default 0.0
        Largest weight difference still counted as equal, 0 or more
        (SpiNNaker stores weights in 16-bit fixed point, so compare with a
        tolerance there).

    Returns
    -------
    bool
        True when both hold the same (pre, post) pairs, each with the same
        delay and a weight within the tolerance.
    """
    weight_tolerance = check_non_negative_number("weight_tolerance", weight_tolerance)
    tables = []
    for name, table in (("first", first), ("second", second)):
        table = check_number_array(name, table, unit="pre, post, weight, delay")
        if table.size == 0:
            table = np.empty((0, 4))
        if table.ndim != 2 or table.shape[1] != 4:
            raise ValueError(
                f"{name} must hold rows of (pre, post, weight, delay), got shape {table.shape}"
            )
        tables.append(table[np.lexsort((table[:, 1], table[:, 0]))])
    first, second = tables
    if first.shape != second.shape:
        return False
    return bool(
        np.array_equal(first[:, :2], second[:, :2])
        and np.allclose(first[:, 3], second[:, 3])
        and np.all(np.abs(first[:, 2] - second[:, 2]) <= weight_tolerance)
    )
