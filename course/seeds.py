"""Random numbers that behave the same way on every backend.

A lesson seeds its random numbers once, through :func:`course.setup`; every
generator and population seed after that comes from one sequence, so a run
on NEST is the same each time. Where the numbers are drawn decides what can
be seeded: numbers drawn on the host with ``.next(n)`` may come from a seeded
generator everywhere, while numbers drawn on the SpiNNaker machine come from
the population's seed, because sPyNNaker 7.4 refuses a seeded generator
there. :func:`random_connections` draws a random connector's pairs on the
host, so that a ``FromListConnector`` builds the same network on every
backend.
"""

from __future__ import annotations

import numpy as np

from course import simulator
from course._checks import check_flag, check_integer, check_probability, check_seed

__all__ = ["make_rng", "poisson_seed", "population_seed", "random_connections"]


def make_rng(seed: int | None = None, *, host: bool = False):
    """Return a :class:`pyNN.random.NumpyRNG` for distributions and connectors.

    Where the numbers are drawn decides whether the generator may be seeded.
    Numbers drawn here, on your computer, with ``distribution.next(n)`` and
    handed to PyNN as an array, are the same on every backend when the
    generator is seeded; ask for that with ``host=True``. A generator handed
    to a PyNN connector or ``RandomDistribution`` may be used on the
    SpiNNaker machine instead, where sPyNNaker 7.4 refuses a seeded one
    ("Use of rng in ... is not supported") and draws from the population's
    seed (:func:`population_seed`): there the numbers differ from NEST's.
    For connections, draw the pairs on the host instead, with
    :func:`random_connections`.

    Parameters
    ----------
    seed : int, optional
        Seed to use. By default each call takes the next seed in a sequence
        that starts at the seed given to :func:`course.setup`, so two
        generators in one lesson differ and every run of the lesson is the same.
    host : bool, default False
        True when every number is drawn on the host with ``.next(n)``: the
        generator is then seeded on every backend.

    Returns
    -------
    pyNN.random.NumpyRNG
        Seeded on NEST, and on SpiNNaker when ``host`` is True; otherwise
        unseeded on SpiNNaker. The sequence of seeds advances either way, so
        the NEST run of the same script is unchanged.

    Raises
    ------
    TypeError, ValueError
        For a seed that is not a whole number from 0 to 2**32 - 1, or a
        ``host`` that is not True or False.
    """
    from pyNN.random import NumpyRNG

    check_flag("host", host)
    seed = simulator.next_seed() if seed is None else check_seed("seed", seed)
    if simulator.is_spinnaker() and not host:
        return NumpyRNG()
    return NumpyRNG(seed=seed)


def population_seed(seed: int | None = None) -> dict:
    """Keyword arguments that seed a population's random numbers on SpiNNaker.

    Use as ``sim.Population(n, cell_type, **course.population_seed())``.
    sPyNNaker draws two kinds of random numbers on the machine from a
    population's seed: the spikes of a ``SpikeSourcePoisson`` population,
    and the random connections, weights and delays of projections *into* a
    neuron population. It takes the seed as
    ``additional_parameters={"seed": ...}``, which NEST would reject; NEST is
    seeded by :func:`course.setup` and needs nothing here.

    Parameters
    ----------
    seed : int, optional
        Seed for this population; by default the next seed in the lesson's
        sequence (see :func:`make_rng`).

    Returns
    -------
    dict
        ``{}`` on NEST, ``{"additional_parameters": {"seed": seed}}`` on SpiNNaker.

    Raises
    ------
    TypeError, ValueError
        For a seed that is not a whole number from 0 to 2**32 - 1.
    """
    seed = simulator.next_seed() if seed is None else check_seed("seed", seed)
    if simulator.is_nest():
        return {}
    return {"additional_parameters": {"seed": seed}}


def poisson_seed(seed: int | None = None) -> dict:
    """Keyword arguments that seed a ``SpikeSourcePoisson`` population on SpiNNaker.

    The same as :func:`population_seed`, whose name says that it serves any
    population; kept for the scripts that seed Poisson sources with it.

    Parameters
    ----------
    seed : int, optional
        As for :func:`population_seed`.

    Returns
    -------
    dict
        As for :func:`population_seed`.
    """
    return population_seed(seed)


def random_connections(
    n_pre: int,
    n_post: int,
    rng,
    *,
    p_connect: float | None = None,
    n_inputs: int | None = None,
    allow_self_connections: bool = True,
    same_population: bool = False,
) -> np.ndarray:
    """Draw a random connector's pairs on the host, the same on every backend.

    A random connector handed to PyNN draws its pairs where the backend
    builds the network: on NEST from a seeded generator, on SpiNNaker from
    an unseeded one (:func:`make_rng`). Drawn here instead, with a generator
    from ``course.make_rng(host=True)``, and given to
    ``sim.FromListConnector(pairs)``, the pairs are the same on NEST, on a
    SpiNNaker machine and in every run. The draws are the ones PyNN 0.13
    makes on NEST for a connector with a fresh generator of the same seed,
    so such a network on NEST is the one ``FixedProbabilityConnector`` or
    ``FixedNumberPreConnector`` would have built.

    Parameters
    ----------
    n_pre, n_post : int
        Sizes of the source and target populations (at least 1).
    rng : pyNN.random.NumpyRNG
        The generator, seeded (``course.make_rng(host=True)``); it advances.
    p_connect : float, optional
        Probability of each pair, as ``FixedProbabilityConnector(p_connect)``.
    n_inputs : int, optional
        Sources per target, drawn without repetition, as
        ``FixedNumberPreConnector(n_inputs)``. Give exactly one of
        ``p_connect`` and ``n_inputs``.
    allow_self_connections : bool, default True
        Whether a cell may connect to itself when ``same_population``.
    same_population : bool, default False
        True when sources and targets are one population (a recurrent
        projection), where a self-connection is possible.

    Returns
    -------
    numpy.ndarray
        Integer pairs ``(source index, target index)``, shape ``(n, 2)``,
        target by target; weights and delays come from the synapse type.

    Raises
    ------
    TypeError, ValueError
        For sizes that are not whole numbers of at least 1, a generator that
        is not a seeded ``NumpyRNG``, neither or both of ``p_connect`` and
        ``n_inputs``, or more inputs than there are sources to choose from.
    """
    from pyNN.random import NumpyRNG

    n_pre = check_integer("n_pre", n_pre, minimum=1)
    n_post = check_integer("n_post", n_post, minimum=1)
    if not isinstance(rng, NumpyRNG) or rng.seed is None:
        raise TypeError(
            f"rng must be a seeded pyNN.random.NumpyRNG (course.make_rng(host=True)), got {rng!r}"
        )
    check_flag("allow_self_connections", allow_self_connections)
    check_flag("same_population", same_population)
    if same_population and n_pre != n_post:
        raise ValueError(
            f"same_population=True needs n_pre == n_post, got n_pre={n_pre}, n_post={n_post}"
        )
    if (p_connect is None) == (n_inputs is None):
        raise ValueError(
            f"give exactly one of p_connect and n_inputs, got p_connect={p_connect!r}, "
            f"n_inputs={n_inputs!r}"
        )
    no_self = same_population and not allow_self_connections
    if p_connect is not None:
        p_connect = check_probability("p_connect", p_connect)
        # PyNN draws one uniform number per pair, target by target.
        uniform = rng.next(n_post * n_pre, "uniform", {"low": 0.0, "high": 1.0})
        chosen = uniform.reshape(n_post, n_pre) < p_connect
        if no_self:
            np.fill_diagonal(chosen, False)
        targets, sources = np.nonzero(chosen)
        return np.column_stack([sources, targets]).astype(int)
    available = n_pre - 1 if no_self else n_pre
    n_inputs = check_integer("n_inputs", n_inputs, minimum=1)
    if n_inputs > available:
        raise ValueError(
            f"n_inputs={n_inputs} is more than the {available} sources each target can choose from"
        )
    pairs = np.empty((n_post * n_inputs, 2), dtype=int)
    cells = np.arange(n_pre)
    for target in range(n_post):
        # PyNN shuffles the allowed sources and takes the first n_inputs.
        allowed = cells[cells != target] if no_self else cells
        rows = slice(target * n_inputs, (target + 1) * n_inputs)
        pairs[rows, 0] = rng.permutation(allowed)[:n_inputs]
        pairs[rows, 1] = target
    return pairs
