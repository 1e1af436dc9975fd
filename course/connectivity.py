"""Connection lists for ``sim.FromListConnector``, built fast and checked.

The builders:

* :func:`center_surround` — the course notes' distance-based list
  (``compute_CS_list``): cells on a line connect when a Gaussian of their
  distance exceeds a threshold, with a delay that grows with distance.
* :func:`center_surround_at_positions` — the same rule between cells at any
  positions on a line, e.g. two layers of different sizes spread over the
  same stretch (:func:`course.network.layer_network`).
* :func:`partners_on_a_line` — one to one between two layers of any sizes
  that cover the same stretch of line.

The seeded small-world ring, the portable stand-in for
``sim.SmallWorldConnector``, has a module of its own (:mod:`course.small_world`).

Each returns a ``(n_connections, 4)`` array of rows
``(pre index, post index, weight, delay)``, which ``sim.FromListConnector``
takes as it is on NEST and on SpiNNaker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course._checks import (
    check_flag,
    check_non_negative_number,
    check_number,
    check_number_array,
    check_positive_integer,
    check_positive_number,
    check_probability,
)

__all__ = [
    "CONDUCTION_VELOCITY",
    "DELAY_OFFSET",
    "CenterSurroundDetails",
    "center_surround",
    "center_surround_at_positions",
    "connection_probability",
    "partners_on_a_line",
]


#: Conduction velocity of the notes' lateral axons, in cell spacings per ms.
#: With cells 1 mm apart this is 0.35 mm/ms = 0.35 m/s, the "m/s" the notes
#: wrote: a slow, unmyelinated horizontal fibre.
CONDUCTION_VELOCITY = 0.35

#: Delay (ms) of a connection between neighbours at distance 0: the synaptic
#: part of the delay, before conduction along the axon adds ``d / v``.
DELAY_OFFSET = 1.0


def connection_probability(distance, width: float, scale: float = 1.0):
    """The notes' Gaussian connection probability ``scale * exp(-d² / (2 width²))``.

    Parameters
    ----------
    distance : float or array_like
        Distance between two cells (cell spacings), 0 or more.
    width : float
        Standard deviation of the Gaussian (cell spacings), greater than 0.
    scale : float, default 1.0
        Probability at distance 0, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Probability (dimensionless) for each distance.

    Raises
    ------
    TypeError
        If a distance, ``width`` or ``scale`` is not a number.
    ValueError
        If a distance is negative or not finite, ``width`` is not positive or
        ``scale`` lies outside (0, 1].
    """
    width = check_positive_number("width", width)
    scale = _check_scale(scale)
    d = check_number_array("distance", distance, unit="cell spacings", finite=False)
    if not np.all(np.isfinite(d)) or np.any(d < 0):
        raise ValueError(f"distance must hold finite values of 0 or more, got {distance!r}")
    # Same operations, in the same order, as the notes' loop: bit-identical results.
    p = scale * np.exp(-0.5 * (d**2 / width**2))
    return float(p) if p.ndim == 0 else p


def _check_scale(scale) -> float:
    scale = check_probability("scale", scale)
    if scale == 0.0:
        raise ValueError("scale must be greater than 0 (it is the probability at distance 0)")
    return scale


def _check_rule(weight, width, p_thresh, d_thresh, scale, delay_offset, velocity) -> tuple:
    """The center-surround rule's numbers, checked, in the order given."""
    return (
        check_number("weight", weight),
        check_positive_number("width", width),
        check_probability("p_thresh", p_thresh),
        check_number("d_thresh", d_thresh),
        _check_scale(scale),
        check_non_negative_number("delay_offset", delay_offset),
        check_positive_number("velocity", velocity),
    )


@dataclass(frozen=True)
class CenterSurroundDetails:
    """Distance and probability of each connection :func:`center_surround` made.

    Parameters
    ----------
    distances : numpy.ndarray
        ``|pre - post|`` of each connection (cell spacings).
    probabilities : numpy.ndarray
        Connection probability of each connection (dimensionless).
    offsets : numpy.ndarray
        Every distance (cell spacings) that passed both thresholds, sorted.
    """

    distances: np.ndarray
    probabilities: np.ndarray
    offsets: np.ndarray


def center_surround(
    n_pre: int,
    n_post: int,
    weight: float,
    *,
    width: float,
    p_thresh: float,
    d_thresh: float = 0.0,
    scale: float = 1.0,
    delay_offset: float = DELAY_OFFSET,
    velocity: float = CONDUCTION_VELOCITY,
    return_details: bool = False,
):
    """Distance-thresholded connections between two layers of cells on a line.

    Presynaptic cell ``i`` sits at position ``i`` and postsynaptic cell ``j``
    at position ``j`` (both layers start at 0, one cell spacing apart), so
    their distance is ``d = |i - j|``. Each pair gets the probability
    ``p = scale * exp(-d² / (2 width²))`` and is connected, with the given
    weight and the delay ``delay_offset + d / velocity``, when

    ``d > d_thresh`` and ``p > p_thresh``

    (both strict). Nothing is drawn at random: this is the course notes'
    ``compute_CS_list`` rule, which thresholds the probability instead of
    sampling it, kept exactly as the reference. A small ``width`` with a
    positive ``d_thresh`` gives a centre (``d_thresh < 0``) or a surround
    (``d_thresh >= 1``); ``d_thresh < 0`` admits ``d = 0``, i.e. self
    connections when a population projects onto itself.

    Parameters
    ----------
    n_pre, n_post : int
        Number of presynaptic and postsynaptic cells, at least 1.
    weight : float
        Weight of every connection (µS for conductance-based cells, nA for
        current-based ones); give it the right sign with
        :func:`course.signed_weight`.
    width : float
        Width (standard deviation) of the Gaussian (cell spacings), > 0.
    p_thresh : float
        Probability a pair must exceed, in [0, 1]; 1 connects nothing.
    d_thresh : float, default 0.0
        Distance (cell spacings) a pair must exceed; the default leaves out
        ``d = 0``, a negative value keeps it.
    scale : float, default 1.0
        Probability at distance 0, in (0, 1].
    delay_offset : float, default 1.0
        Delay at distance 0 (ms), 0 or more.
    velocity : float, default 0.35
        Conduction velocity (cell spacings per ms), > 0.
    return_details : bool, default False
        Also return a :class:`CenterSurroundDetails` with each connection's
        distance and probability.

    Returns
    -------
    connections : numpy.ndarray, shape (n_connections, 4)
        Rows ``(pre, post, weight, delay)`` in the notes' order: by
        presynaptic index, then postsynaptic index. Indices are whole numbers
        stored as floats; delays are in ms.
    details : CenterSurroundDetails
        Only with ``return_details=True``.

    Raises
    ------
    TypeError, ValueError
        For a size that is not a whole number of at least 1, a probability
        outside [0, 1], a width or velocity that is not positive, a negative
        delay offset, a value that is not a finite number, or a
        ``return_details`` that is not True or False.

    Notes
    -----
    The notes loop over all ``n_pre * n_post`` pairs in Python (about 2.7 s
    for 1000 x 1000 cells). The probability depends only on the offset
    ``j - i``, so this function evaluates the rule once for each of the
    ``max(n_pre, n_post)`` possible distances, keeps the passing offsets ``S``
    (the band) and builds the rows ``(i, i + s)`` for ``s`` in ``S`` with
    numpy. Time and memory are ``O(n_pre + n_post + n_pre * |S|)``, i.e.
    proportional to the number of connections returned, never
    ``n_pre * n_post``: 100 000 cells take milliseconds. The probability and
    the delay are computed with the same floating-point operations as the
    notes' loop, so the result equals it exactly, row for row.

    The notes also return the distance and probability of every pair beyond
    ``d_thresh`` (connected or not), an ``n_pre * n_post`` list used only to
    plot the probability curve; draw that curve with
    :func:`connection_probability` instead.
    """
    n_pre = check_positive_integer("n_pre", n_pre)
    n_post = check_positive_integer("n_post", n_post)
    weight, width, p_thresh, d_thresh, scale, delay_offset, velocity = _check_rule(
        weight, width, p_thresh, d_thresh, scale, delay_offset, velocity
    )
    return_details = check_flag("return_details", return_details)

    # Every distance a pair can have, and whether it passes the rule.
    distances = np.arange(max(n_pre, n_post), dtype=float)
    offsets = distances[_passes(distances, width, scale, p_thresh, d_thresh)]

    # Signed offsets post - pre, ascending, so that each row comes out in the
    # notes' order (post ascending for each pre).
    signed = np.concatenate([-offsets[::-1], offsets[offsets > 0]] if offsets.size else [offsets])
    signed = signed.astype(np.int64)
    pre = np.arange(n_pre, dtype=np.int64)
    post = pre[:, np.newaxis] + signed[np.newaxis, :]
    inside = (post >= 0) & (post < n_post)
    pre_index = np.broadcast_to(pre[:, np.newaxis], post.shape)[inside]
    post_index = post[inside]

    distance = np.abs(post_index - pre_index).astype(float)
    table = _rows(pre_index, post_index, weight, delay_offset + distance / velocity)
    if not return_details:
        return table
    details = CenterSurroundDetails(
        distances=distance,
        probabilities=connection_probability(distance, width, scale),
        offsets=offsets,
    )
    return table, details


def _passes(distances, width: float, scale: float, p_thresh: float, d_thresh: float):
    """The notes' rule: ``d > d_thresh`` and ``p(d) > p_thresh``, for each distance."""
    probabilities = connection_probability(distances, width, scale)
    return (distances > d_thresh) & (probabilities > p_thresh)


def _rows(pre, post, weight, delays) -> np.ndarray:
    """Rows ``(pre, post, weight, delay)`` as one float array."""
    table = np.empty((np.size(pre), 4))
    table[:, 0] = pre
    table[:, 1] = post
    table[:, 2] = weight
    table[:, 3] = delays
    return table


def _check_positions(name: str, positions) -> np.ndarray:
    try:
        values = np.asarray(positions, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {positions!r}") from None
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of finite positions (cell spacings), "
            f"got {positions!r}"
        )
    return values


def center_surround_at_positions(
    pre_positions,
    post_positions,
    weight: float,
    *,
    width: float,
    p_thresh: float,
    d_thresh: float = 0.0,
    scale: float = 1.0,
    delay_offset: float = DELAY_OFFSET,
    velocity: float = CONDUCTION_VELOCITY,
) -> np.ndarray:
    """The rule of :func:`center_surround` between cells at any positions on a line.

    Presynaptic cell ``i`` sits at ``pre_positions[i]`` and postsynaptic cell
    ``j`` at ``post_positions[j]``; with ``d`` their distance, the pair is
    connected when ``d > d_thresh`` and ``scale * exp(-d² / (2 width²)) >
    p_thresh``, with the delay ``delay_offset + d / velocity``. At the
    positions ``0, 1, 2, ...`` of both layers this is :func:`center_surround`,
    row for row; other positions let two layers of different sizes cover the
    same stretch of line.

    Parameters
    ----------
    pre_positions, post_positions : array_like of float
        Position of each presynaptic and postsynaptic cell (cell spacings),
        at least one each.
    weight : float
        Weight of every connection (µS for conductance-based cells, nA for
        current-based ones), signed with :func:`course.signed_weight`.
    width : float
        Width (standard deviation) of the Gaussian (cell spacings), > 0.
    p_thresh : float
        Probability a pair must exceed, in [0, 1].
    d_thresh : float, default 0.0
        Distance (cell spacings) a pair must exceed; negative keeps ``d = 0``.
    scale : float, default 1.0
        Probability at distance 0, in (0, 1].
    delay_offset : float, default 1.0
        Delay at distance 0 (ms), 0 or more.
    velocity : float, default 0.35
        Conduction velocity (cell spacings per ms), > 0.

    Returns
    -------
    numpy.ndarray, shape (n_connections, 4)
        Rows ``(pre, post, weight, delay)`` sorted by presynaptic index, then
        postsynaptic index; delays in ms.

    Raises
    ------
    TypeError, ValueError
        For positions that are not a non-empty 1-D sequence of finite numbers,
        and for the parameter values :func:`center_surround` refuses.

    Notes
    -----
    Only the postsynaptic cells within the distance where the probability
    falls to ``p_thresh`` are examined for each presynaptic cell (a binary
    search in the sorted positions), so time and memory grow with
    ``n_pre * log(n_post)`` plus the number of pairs within that distance,
    never ``n_pre * n_post`` unless every pair is that close.
    """
    pre = _check_positions("pre_positions", pre_positions)
    post = _check_positions("post_positions", post_positions)
    weight, width, p_thresh, d_thresh, scale, delay_offset, velocity = _check_rule(
        weight, width, p_thresh, d_thresh, scale, delay_offset, velocity
    )

    # Beyond this distance the probability is at most p_thresh; the small
    # margin leaves the exact decision at the edge to _passes.
    if p_thresh == 0.0:
        reach = np.inf
    elif p_thresh >= scale:
        reach = 0.0
    else:
        reach = width * np.sqrt(2.0 * np.log(scale / p_thresh)) * (1.0 + 1e-9) + 1e-9
    order = np.argsort(post, kind="stable")
    sorted_post = post[order]
    lows = np.searchsorted(sorted_post, pre - reach, side="left")
    counts = np.searchsorted(sorted_post, pre + reach, side="right") - lows
    # Every candidate pair at once: pre cell i with the sorted posts lows[i] ... .
    pre_index = np.repeat(np.arange(pre.size), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    post_index = order[np.repeat(lows, counts) + np.arange(pre_index.size) - starts]
    by_pre_then_post = np.lexsort((post_index, pre_index))
    pre_index, post_index = pre_index[by_pre_then_post], post_index[by_pre_then_post]
    distance = np.abs(post[post_index] - pre[pre_index])
    keep = _passes(distance, width, scale, p_thresh, d_thresh)
    pre_index, post_index, distance = pre_index[keep], post_index[keep], distance[keep]
    return _rows(pre_index, post_index, weight, delay_offset + distance / velocity)


def partners_on_a_line(n_pre: int, n_post: int, weight: float, delay: float) -> np.ndarray:
    """One to one between two layers of any sizes that cover the same stretch of line.

    Presynaptic cell ``i`` owns the piece ``[i, i + 1) / n_pre`` of the
    stretch and postsynaptic cell ``j`` the piece ``[j, j + 1) / n_post``;
    the two are connected when their pieces overlap by more than a point.
    Equal sizes give ``OneToOneConnector``'s list; ``n_pre = 4 n_post`` gives
    each postsynaptic cell four presynaptic partners; ``n_post = 2 n_pre``
    gives each presynaptic cell two. Every cell of both layers has at least
    one partner.

    Parameters
    ----------
    n_pre, n_post : int
        Sizes of the two layers, at least 1.
    weight : float
        Weight of every connection (µS or nA, signed).
    delay : float
        Delay of every connection (ms), > 0.

    Returns
    -------
    numpy.ndarray, shape (n_connections, 4)
        Rows ``(pre, post, weight, delay)`` sorted by pre, then post.

    Raises
    ------
    TypeError, ValueError
        For a size that is not a whole number of at least 1, or a weight or
        delay that is not a finite number (a delay must be positive).
    """
    n_pre = check_positive_integer("n_pre", n_pre)
    n_post = check_positive_integer("n_post", n_post)
    weight = check_number("weight", weight)
    delay = check_positive_number("delay", delay)
    pre = np.arange(n_pre)
    # [i, i+1)/n_pre and [j, j+1)/n_post overlap by more than a point when
    # i * n_post < (j + 1) * n_pre and j * n_pre < (i + 1) * n_post (whole numbers).
    first = (pre * n_post) // n_pre
    last = -(-((pre + 1) * n_post) // n_pre) - 1  # ceil((i + 1) n_post / n_pre) - 1
    post = np.concatenate([np.arange(a, b + 1) for a, b in zip(first, last, strict=True)])
    return _rows(np.repeat(pre, last - first + 1), post, weight, delay)
