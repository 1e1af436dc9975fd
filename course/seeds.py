"""Random numbers that behave the same way on every backend.

A lesson seeds its random numbers once, through :func:`course.setup`; every
generator and population seed after that comes from one sequence, so a run
on NEST is the same each time. Where the numbers are drawn decides what can
be seeded: numbers drawn on the host with ``.next(n)`` may come from a seeded
generator everywhere, while numbers drawn on the SpiNNaker machine come from
the population's seed, because sPyNNaker 7.4 refuses a seeded generator
there.
"""

from __future__ import annotations

from course import simulator
from course._checks import check_flag, check_seed

__all__ = ["make_rng", "poisson_seed", "population_seed"]


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
