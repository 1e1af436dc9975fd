"""What a self-check can read from a PyNN Projection: who connects to whom, how.

Spikes alone cannot show how a network was built: a network with no
recurrent synapses can fire like a balanced one. :func:`summarize_projection`
reads one Projection after the run (before ``sim.end()``) into a
:class:`ProjectionSummary`, the same way on NEST and on SpiNNaker, so that a
check can compare the structure with what the task asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ProjectionSummary", "summarize_projection"]


@dataclass(frozen=True)
class ProjectionSummary:
    """One projection, as a check needs to see it.

    Parameters
    ----------
    pre, post : str
        Labels of the source and target populations.
    pre_size, post_size : int
        Their numbers of cells.
    source_type : str
        Cell type of the source population, e.g. ``"SpikeSourcePoisson"``.
    source_rate : float or None
        Mean rate (Hz) of a Poisson source population, else ``None``.
    receptor_type : str
        ``"excitatory"`` or ``"inhibitory"``.
    connections : numpy.ndarray, shape (n, 4)
        One row per connection: source index, target index, weight (nA or
        µS), delay (ms).
    """

    pre: str
    post: str
    pre_size: int
    post_size: int
    source_type: str
    source_rate: float | None
    receptor_type: str
    connections: np.ndarray

    @property
    def is_one_to_one(self) -> bool:
        """True when source ``i`` drives target ``i`` and nothing else, for every target."""
        rows = self.connections
        if self.pre_size != self.post_size or len(rows) != self.post_size:
            return False
        sources, targets = rows[:, 0].astype(int), rows[:, 1].astype(int)
        return bool(np.array_equal(sources, targets) and np.unique(targets).size == self.post_size)

    def describe(self) -> str:
        """The projection as ``"pre -> post"``, for messages.

        Returns
        -------
        str
            The source and target labels joined by an arrow.
        """
        return f"{self.pre} -> {self.post}"


def summarize_projection(projection) -> ProjectionSummary:
    """Read a PyNN Projection into a :class:`ProjectionSummary`.

    Call it after ``sim.run()`` and before ``sim.end()``; the connections are
    read with :func:`course.connections`, the same way on every backend.

    Parameters
    ----------
    projection : pyNN Projection
        A projection of the network.

    Returns
    -------
    ProjectionSummary
        Labels, sizes, source type and rate, receptor type and the
        connections of ``projection``.

    Raises
    ------
    TypeError
        If ``projection`` is not a PyNN Projection.
    """
    from course.portable import connections

    if not all(hasattr(projection, name) for name in ("pre", "post", "get")):
        raise TypeError(
            f"projection must be a PyNN Projection (what sim.Projection returns), got "
            f"{type(projection).__name__}"
        )
    pre = projection.pre
    celltype = pre.celltype
    rate = None
    if "rate" in celltype.get_parameter_names():
        rate = float(np.mean(pre.get("rate", gather=True)))
    rows = np.asarray(connections(projection), dtype=float).reshape(-1, 4)
    return ProjectionSummary(
        pre=str(pre.label),
        post=str(projection.post.label),
        pre_size=int(pre.size),
        post_size=int(projection.post.size),
        source_type=type(celltype).__name__,
        source_rate=rate,
        receptor_type=_receptor_type(projection),
        connections=rows,
    )


def _receptor_type(projection) -> str:
    """The receptor a projection targets. PyNN keeps it as ``receptor_type``;
    sPyNNaker 7.4's Projection has no such attribute and keeps it only in its
    synapse information."""
    if hasattr(projection, "receptor_type"):
        return str(projection.receptor_type)
    return str(projection._synapse_information.receptor_type)
