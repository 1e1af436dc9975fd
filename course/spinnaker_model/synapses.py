"""How a projection reaches a SpiNNaker core: whole-step delays and 16-bit weights.

sPyNNaker rounds every delay to a whole number of steps and stores every
weight as a 16-bit integer. Spikes arriving for the same step, neuron and
receptor are summed in a "ring buffer" slot (saturating at 0xFFFF); at the
start of that step the slot is shifted left by the receptor's shift into
s16.15 and added to the synaptic state. This module turns the model's
projection tuples into those integers.

Sources: sPyNNaker 7.4 ``population_vertex.py`` (``get_ring_buffer_shifts``
and its ``_Stats``: the shift covers the sum over incoming projections of
``max weight × most connections onto one neuron``, or, when delays vary
within a projection, a Poisson estimate of the largest input per step at
30 spikes/s and 5 standard deviations) and ``synapse_dynamics`` (``_round_delay``:
``rint(delay / dt)`` steps).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

from course._checks import check_positive_number, check_text
from course.spinnaker_model.fixed_point import quantise_weights, ring_buffer_shift
from course.spinnaker_model.plasticity import check_rule
from course.spinnaker_model.populations import Cells, SpikeArray, check_populations

__all__ = ["RECEPTORS", "Synapses", "plan_synapses"]

#: Receptor names, in sPyNNaker's synapse-type order.
RECEPTORS = ("excitatory", "inhibitory")

#: sPyNNaker's default expectation of a neuron's highest rate (``spikes_per_second``, Hz).
SPIKES_PER_SECOND = 30.0

#: sPyNNaker's default number of standard deviations above the mean (``ring_buffer_sigma``).
RING_BUFFER_SIGMA = 5.0

#: Standard deviations of the Poisson count summed over (``POSSION_SIGMA_SUMMATION_LIMIT``).
POISSON_SUMMATION_SIGMA = 3.0

#: sPyNNaker scales conductances (µS) by this before storing them (``get_global_weight_scale``).
CONDUCTANCE_WEIGHT_SCALE = 1024.0


@dataclass(frozen=True)
class Synapses:
    """One projection's synapses as a core stores them.

    Parameters
    ----------
    pre, post : str
        Population names.
    receptor : int
        0 excitatory, 1 inhibitory.
    sources, targets : numpy.ndarray of int
        Pre- and post-synaptic neuron indices, one per synapse.
    weights : numpy.ndarray of float
        Weights as given (nA or µS).
    delay_steps : numpy.ndarray of int
        Delays in whole steps (>= 1).
    stored_weights : numpy.ndarray of int or None, default None
        16-bit integers the board stores, one per synapse; None until
        :func:`plan_synapses` fills them in.
    rule : course.stdp.StdpRule or None, default None
        The STDP rule of a plastic projection; None for static synapses.
    """

    pre: str
    post: str
    receptor: int
    sources: np.ndarray
    targets: np.ndarray
    weights: np.ndarray
    delay_steps: np.ndarray
    stored_weights: np.ndarray | None = None
    rule: object | None = None


def _four_items(what: str, value, fields: str) -> tuple:
    """``value`` as a 4-tuple, or a TypeError/ValueError naming ``what`` and ``fields``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be a ({fields}) tuple, got {value!r}")
    items = tuple(value)
    if len(items) != 4:
        raise ValueError(f"{what} must have 4 items ({fields}), got {items!r}")
    return items


def _connection_table(label: str, connections, n_pre: int, n_post: int) -> np.ndarray:
    """Check ``(i, j, weight, delay)`` tuples and return them as an (n, 4) float array."""
    if isinstance(connections, (str, bytes)) or not isinstance(connections, Iterable):
        raise TypeError(
            f"{label}: connections must be a list of (i, j, weight, delay) tuples, "
            f"got {connections!r}"
        )
    rows = []
    for k, connection in enumerate(connections):
        i, j, weight, delay = _four_items(
            f"{label}: connection {k}", connection, "i, j, weight, delay"
        )
        for name, index, size in (("i", i, n_pre), ("j", j, n_post)):
            if isinstance(index, bool) or not isinstance(index, numbers.Integral):
                raise TypeError(f"{label}: connection {k} has {name}={index!r}; it must be an int")
            if not 0 <= index < size:
                raise ValueError(
                    f"{label}: connection {k} has {name}={index}; allowed 0 to {size - 1}"
                )
        for name, value in (("weight", weight), ("delay", delay)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(
                    f"{label}: connection {k} has {name}={value!r}; it must be a number"
                )
            if not math.isfinite(value):
                raise ValueError(f"{label}: connection {k} has {name}={value!r}; it must be finite")
        if weight < 0:
            raise ValueError(
                f"{label}: connection {k} has weight={weight!r}; weights are magnitudes (>= 0), "
                "the receptor 'inhibitory' makes an input inhibitory"
            )
        rows.append((i, j, weight, delay))
    if not rows:
        return np.zeros((0, 4))
    return np.asarray(rows, dtype=float)


def _check_ends(name: str, pre, post, populations: Mapping[str, Cells | SpikeArray]) -> None:
    """Refuse a projection ``name`` unless it leads from a population into Cells."""
    for role, population in (("pre", pre), ("post", post)):
        check_text(f"{name}: {role}", population)
        if population not in populations:
            raise ValueError(
                f"{name}: {role}={population!r} is not a population; allowed: {sorted(populations)}"
            )
    if not isinstance(populations[post], Cells):
        raise ValueError(f"{name}: post={post!r} is a SpikeArray; only Cells receive input")


def _projection_items(name: str, projection) -> tuple:
    """``projection`` as (pre, post, connections, receptor, rule or None)."""
    fields = "pre, post, connections, receptor[, rule]"
    if isinstance(projection, (str, bytes)) or not isinstance(projection, Iterable):
        raise TypeError(f"{name} must be a ({fields}) tuple, got {projection!r}")
    items = tuple(projection)
    if len(items) == 4:
        return (*items, None)
    if len(items) == 5:
        return items
    raise ValueError(f"{name} must have 4 or 5 items ({fields}), got {items!r}")


def parse_projection(
    projection,
    populations: Mapping[str, Cells | SpikeArray],
    timestep: float,
    name: str = "projection",
) -> Synapses:
    """Check one ``(pre, post, connections, receptor[, rule])`` tuple; delays to steps.

    ``name`` is what the messages call the tuple, e.g. ``"projections[2]"``.
    A fifth item is the :class:`course.stdp.StdpRule` of a plastic projection.
    """
    pre, post, connections, receptor, rule = _projection_items(name, projection)
    _check_ends(name, pre, post, populations)
    if rule is not None:
        rule = check_rule(f"{name} ({pre}->{post})", rule)
    if receptor not in RECEPTORS:
        raise ValueError(
            f"{name} ({pre}->{post}): receptor must be one of {RECEPTORS}, got {receptor!r}"
        )
    label = f"{name} ({pre}->{post})"
    table = _connection_table(label, connections, populations[pre].n, populations[post].n)
    delay_steps = np.rint(table[:, 3] / timestep).astype(np.int64)
    if (delay_steps < 1).any():
        bad = float(table[delay_steps < 1, 3][0])
        raise ValueError(
            f"{label}: delay={bad!r} ms rounds to {int(np.rint(bad / timestep))} steps of "
            f"{timestep} ms; a delay must be at least one step"
        )
    return Synapses(
        pre=pre,
        post=post,
        receptor=RECEPTORS.index(receptor),
        sources=table[:, 0].astype(np.int64),
        targets=table[:, 1].astype(np.int64),
        weights=table[:, 2],
        delay_steps=delay_steps,
        rule=rule,
    )


class _PooledStats:
    """Count, mean and sample variance of groups of items, pooled (as sPyNNaker's RunningStats)."""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self.sum_squares = 0.0

    def add(self, mean: float, variance: float, count: int) -> None:
        if count <= 0:
            return
        total = self.count + count
        delta = mean - self.mean
        self.sum_squares += variance * (count - 1) + delta * delta * self.count * count / total
        self.mean = (self.count * self.mean + count * mean) / total
        self.count = total

    @property
    def variance(self) -> float:
        return self.sum_squares / (self.count - 1) if self.count > 1 else 0.0


def poisson_upper_bound(
    weight_mean: float, weight_sd: float, rate: float, n_synapses: int, timestep: float
) -> float:
    """Largest input per step that sPyNNaker expects from Poisson-like input.

    Mean plus :data:`RING_BUFFER_SIGMA` standard deviations of the summed
    weight of ``n_synapses`` inputs firing at ``rate`` (Hz), including the
    spread of the weights (``_ring_buffer_expected_upper_bound``).
    """
    spikes_per_step = n_synapses * rate * timestep / 1000.0
    poisson_variance = spikes_per_step * weight_mean**2
    weight_variance = 0.0
    if weight_sd > 0:
        upper = round(spikes_per_step + POISSON_SUMMATION_SIGMA * math.sqrt(spikes_per_step))
        log_ratio = math.log(spikes_per_step) * upper - special.gammaln(1 + upper)
        if -701.0 < log_ratio < 701.0 and log_ratio != 0.0:
            tail = math.exp(spikes_per_step) * special.gammaincc(1 + upper, spikes_per_step)
            weight_variance = math.exp(
                -spikes_per_step
                + math.log(spikes_per_step)
                + 2.0 * math.log(weight_sd)
                + math.log(tail - math.exp(log_ratio))
            )
    return spikes_per_step * weight_mean + RING_BUFFER_SIGMA * math.sqrt(
        poisson_variance + weight_variance
    )


def expected_max_input(
    synapses: list[Synapses], n_post: int, timestep: float, scale: float
) -> float:
    """Largest input per step sPyNNaker plans for, for one receptor of one population.

    A plastic projection counts its rule's ``w_max`` as its weights' maximum and mean.
    """
    total = 0.0
    biggest = 0.0
    weights = _PooledStats()
    delays = _PooledStats()
    for group in synapses:
        if group.weights.size == 0:
            continue
        most_onto_one = int(np.bincount(group.targets, minlength=n_post).max())
        magnitudes = np.abs(group.weights)
        w_max = float(magnitudes.max())
        mean, variance = float(magnitudes.mean()), float(magnitudes.var())
        if group.rule is not None:
            # A plastic weight may grow to the rule's w_max: sPyNNaker plans for
            # every weight at that maximum (synapse_dynamics_stdp.py, get_weight_mean).
            w_max = max(w_max, group.rule.w_max)
            mean, variance = w_max, 0.0
        total += w_max * most_onto_one
        biggest = max(biggest, w_max * scale)
        weights.add(mean * scale, variance * scale**2, most_onto_one)
        delays.add(0.0, float(np.var(group.delay_steps * timestep)), most_onto_one)
    if delays.variance == 0.0:
        return max(total, biggest)
    bound = poisson_upper_bound(
        weights.mean, math.sqrt(weights.variance), SPIKES_PER_SECOND, weights.count, timestep
    )
    return max(min(bound, total), biggest)


def _check_planned(projections, populations: Mapping[str, Cells | SpikeArray]) -> None:
    """Refuse ``projections`` unless it is a list of Synapses between ``populations``."""
    if isinstance(projections, (str, bytes)) or not isinstance(projections, Iterable):
        raise TypeError(f"projections must be a list of Synapses, got {projections!r}")
    for k, group in enumerate(projections):
        if not isinstance(group, Synapses):
            raise TypeError(
                f"projections[{k}] must be a Synapses, got {group!r} ({type(group).__name__})"
            )
        _check_ends(f"projections[{k}]", group.pre, group.post, populations)


def plan_synapses(
    projections: list[Synapses], populations: Mapping[str, Cells | SpikeArray], timestep: float
) -> tuple[list[Synapses], dict[str, tuple[int, int]]]:
    """Choose each population's ring-buffer shifts and store each weight in 16 bits.

    Parameters
    ----------
    projections : list of Synapses
        All projections of the network, delays already in steps
        (``stored_weights`` not yet set).
    populations : mapping of str to Cells or SpikeArray
        The populations by name; every ``Cells`` population gets shifts,
        whether or not it receives input.
    timestep : float
        Simulation step (ms); it sets the spikes per step expected when
        delays vary within a projection.

    Returns
    -------
    synapses : list of Synapses
        The projections with ``stored_weights`` filled in.
    shifts : dict of str to tuple of int
        Population name -> (excitatory, inhibitory) left shift in bits.

    Raises
    ------
    TypeError
        If ``projections`` is not a list of Synapses, ``populations`` not a
        mapping of names to Cells or SpikeArray, or ``timestep`` not a number.
    ValueError
        If a projection names a population that ``populations`` lacks, or
        leads into a SpikeArray, or ``timestep`` is not greater than 0.
    """
    populations = check_populations(populations)
    timestep = check_positive_number("timestep", timestep)
    _check_planned(projections, populations)
    shifts = {}
    for name, population in populations.items():
        if not isinstance(population, Cells):
            continue
        scale = CONDUCTANCE_WEIGHT_SCALE if population.conductance_based else 1.0
        shifts[name] = tuple(
            ring_buffer_shift(
                expected_max_input(
                    [p for p in projections if p.post == name and p.receptor == receptor],
                    population.n,
                    timestep,
                    scale,
                )
            )
            for receptor in range(len(RECEPTORS))
        )
    planned = []
    for group in projections:
        post = populations[group.post]
        scale = CONDUCTANCE_WEIGHT_SCALE if post.conductance_based else 1.0
        stored = quantise_weights(group.weights, shifts[group.post][group.receptor], scale)
        planned.append(replace(group, stored_weights=stored))
    return planned, shifts
