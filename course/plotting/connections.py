"""Who connects to whom: a connection list as a presynaptic-by-postsynaptic picture."""

from __future__ import annotations

import numpy as np

from course._checks import check_choice, check_flag, check_number_array, check_positive_integer
from course.plotting._inputs import axes_or_new, check_cmap
from course.plotting.empty import mark_empty

__all__ = ["connection_matrix"]


def connection_matrix(
    connections,
    n_pre: int,
    n_post: int,
    ax=None,
    *,
    value: str = "count",
    cmap: str = "viridis",
    colorbar: bool = True,
):
    """Picture of who connects to whom: presynaptic rows, postsynaptic columns.

    Parameters
    ----------
    connections : array_like, shape (n_connections, 2 or more)
        Rows of (source index, target index[, weight[, delay]]), as
        :func:`course.connections` returns them.
    n_pre, n_post : int
        Sizes of the presynaptic and postsynaptic populations.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    value : {"count", "weight", "delay"}, default "count"
        What each cell shows: the number of connections (multapses count
        more than once), the summed weight, or the mean delay (ms).
    cmap : str, default "viridis"
        A perceptually uniform colour map.
    colorbar : bool, default True
        Add a labelled colour bar.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError, ValueError
        For connections that are not rows of finite numbers with whole
        indices inside the populations, a population size below 1, an unknown
        ``value`` or colour map, or a colour bar that is not True or False.
    """
    n_pre = check_positive_integer("n_pre", n_pre)
    n_post = check_positive_integer("n_post", n_post)
    check_choice("value", value, ("count", "weight", "delay"))
    cmap = check_cmap("cmap", cmap)
    colorbar = check_flag("colorbar", colorbar)
    table = check_number_array("connections", connections)
    if table.size == 0:
        table = np.empty((0, 4))
    if table.ndim != 2 or table.shape[1] < {"count": 2, "weight": 3, "delay": 4}[value]:
        raise ValueError(
            f"connections need rows of (source, target, weight, delay), got shape {table.shape}"
        )
    indices = table[:, :2]
    if np.any(indices != np.round(indices)):
        raise ValueError("connections must hold whole source and target indices in columns 0, 1")
    sources = indices[:, 0].astype(int)
    targets = indices[:, 1].astype(int)
    if table.shape[0] and (sources.max() >= n_pre or targets.max() >= n_post or indices.min() < 0):
        raise ValueError(
            f"connections hold indices outside the populations ({n_pre} pre, {n_post} post)"
        )
    ax = axes_or_new(ax)
    counts = np.zeros((n_pre, n_post))
    np.add.at(counts, (sources, targets), 1.0)
    if value == "count":
        matrix, label = counts, "connections"
    elif value == "weight":
        matrix = np.zeros((n_pre, n_post))
        np.add.at(matrix, (sources, targets), table[:, 2])
        label = "summed weight (nA or µS)"
    else:
        sums = np.zeros((n_pre, n_post))
        np.add.at(sums, (sources, targets), table[:, 3])
        matrix = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
        label = "mean delay (ms)"
    image = ax.imshow(
        matrix,
        origin="upper",
        aspect="auto",
        cmap=cmap,
        interpolation="nearest",
        extent=(-0.5, n_post - 0.5, n_pre - 0.5, -0.5),
    )
    ax.set_xlabel("postsynaptic neuron")
    ax.set_ylabel("presynaptic neuron")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=label)
    if table.shape[0] == 0:
        mark_empty(ax, "no connections")
    return ax
