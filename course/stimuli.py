"""Input spike trains for SpikeSourceArray populations.

:func:`thalamic_volley` builds the course's thalamic stimulus: the sources in
a band around the middle of a layer each fire a few spikes close to one
moment, every other source stays silent. :func:`poisson_trains` gives every
source irregular, optionally rhythmic, firing for as long as you like.

Both return one independent list of spike times per source, seeded, sorted,
on the simulation's time grid and never earlier than the backend can deliver,
ready for ``sim.SpikeSourceArray(spike_times=...)``. Because the times are
drawn here, with numpy, the input is the same on NEST and on SpiNNaker, unlike
a ``SpikeSourcePoisson`` whose random numbers each backend draws its own way.
"""

from __future__ import annotations

import numbers

import numpy as np

from course._checks import (
    check_integer,
    check_non_negative_number,
    check_number,
    check_positive_integer,
    check_positive_number,
    check_probability,
)

__all__ = ["DEFAULT_VOLLEY_SEED", "central_band", "thalamic_volley", "poisson_trains"]

#: Seed of :func:`thalamic_volley` when none is given, so every run is the same.
DEFAULT_VOLLEY_SEED = 10

# Slack (in timesteps) for float round-off when times are put on the grid:
# 0.2 / 0.1 is 2.0000000000000004, which must still count as step 2.
_GRID_TOLERANCE = 1e-9

# Largest window (in timesteps) a volley may spread over; guards memory.
_MAX_WINDOW_STEPS = 1_000_000


def central_band(n_sources: int, band) -> range:
    """Indices of the sources that belong to a stimulated band.

    Parameters
    ----------
    n_sources : int
        Number of sources in the layer (at least 1).
    band : float or range
        A number in [0, 1]: that fraction of the layer, rounded to a whole
        number of sources (halves to even) and centred on its middle (``0.1``
        of 100 sources is ``range(45, 55)``). Or a ``range`` of
        source indices, used as it is.

    Returns
    -------
    range
        The stimulated indices, in increasing order.

    Raises
    ------
    TypeError
        If ``band`` is neither a number nor a range.
    ValueError
        If a fraction lies outside [0, 1] or a range leaves the layer or
        steps backwards.
    """
    n_sources = check_positive_integer("n_sources", n_sources)
    if isinstance(band, range):
        if band.step < 1:
            raise ValueError(f"band={band!r} must step forwards (step of at least 1)")
        if len(band) and (band[0] < 0 or band[-1] >= n_sources):
            raise ValueError(
                f"band={band!r} holds indices outside the layer of {n_sources} sources "
                f"(allowed 0 to {n_sources - 1})"
            )
        return band
    if isinstance(band, bool) or not isinstance(band, numbers.Real):
        raise TypeError(
            f"band must be a fraction of the layer (a number in [0, 1]) or a range of "
            f"indices, got {band!r} ({type(band).__name__})"
        )
    fraction = check_probability("band", band)
    width = round(fraction * n_sources)
    start = (n_sources - width) // 2
    return range(start, start + width)


def _simulation_grid(timestep, earliest) -> tuple[float, float]:
    """Timestep and earliest deliverable time (ms), from the arguments or the simulator."""
    if timestep is None or earliest is None:
        from course import portable, simulator

        if timestep is None:
            timestep = simulator.current().timestep
        if earliest is None:
            earliest = portable.earliest_spike_time()
    return check_positive_number("timestep", timestep), check_non_negative_number(
        "earliest", earliest
    )


def thalamic_volley(
    n_sources: int,
    *,
    band=0.1,
    n_spikes: int = 3,
    t_mean: float = 10.0,
    t_sd: float = 1.0,
    max_sd: float = 3.0,
    seed: int = DEFAULT_VOLLEY_SEED,
    timestep: float | None = None,
    earliest: float | None = None,
) -> list[list[float]]:
    """Spike times of a brief thalamic volley onto the middle of a layer.

    Each source in ``band`` fires ``n_spikes`` spikes at distinct timesteps
    near ``t_mean``: a step at time *t* within ``max_sd`` standard deviations
    of ``t_mean`` is picked with a probability proportional to
    ``exp(-(t - t_mean)**2 / (2 * t_sd**2))``, without picking it twice. The
    other sources stay silent. Distinct steps matter because two spikes at the
    same time reach a NEST neuron as one input of double weight.

    Parameters
    ----------
    n_sources : int
        Number of spike sources (the size of the SpikeSourceArray), at least 1.
    band : float or range, default 0.1
        Which sources fire: a fraction of the layer centred on its middle, or
        a ``range`` of indices (see :func:`central_band`).
    n_spikes : int, default 3
        Spikes per stimulated source (0 gives a silent stimulus).
    t_mean : float, default 10.0
        Centre of the volley (ms).
    t_sd : float, default 1.0
        Spread of the spike times around ``t_mean`` (ms), 0 or more.
    max_sd : float, default 3.0
        No spike lies further than ``max_sd * t_sd`` from ``t_mean``.
    seed : int, default 10
        Seed of the random generator: the same seed gives the same volley.
    timestep : float, optional
        Time grid (ms) the spikes are put on; by default the timestep of the
        simulator set up by :func:`course.setup`.
    earliest : float, optional
        Earliest allowed spike time (ms); by default
        :func:`course.earliest_spike_time` of the current backend.

    Returns
    -------
    list of list of float
        ``n_sources`` separate lists of sorted spike times (ms), empty for the
        sources outside the band.

    Raises
    ------
    TypeError, ValueError
        For a bad argument, naming it; also when the allowed window holds
        fewer timesteps than ``n_spikes`` (widen ``t_sd`` or ask for fewer
        spikes) or lies entirely before ``earliest``.
    """
    n_sources = check_positive_integer("n_sources", n_sources)
    sources = central_band(n_sources, band)
    n_spikes = check_integer("n_spikes", n_spikes, minimum=0)
    t_mean = check_number("t_mean", t_mean)
    t_sd = check_non_negative_number("t_sd", t_sd)
    max_sd = check_non_negative_number("max_sd", max_sd)
    seed = check_integer("seed", seed, minimum=0)
    timestep, earliest = _simulation_grid(timestep, earliest)

    # Timesteps inside [t_mean - max_sd * t_sd, t_mean + max_sd * t_sd] and not
    # before `earliest`; with no spread, the one step nearest to t_mean.
    half_width = max_sd * t_sd
    if half_width == 0.0:
        low = high = np.round(t_mean / timestep)
    else:
        low = np.ceil((t_mean - half_width) / timestep - _GRID_TOLERANCE)
        high = np.floor((t_mean + half_width) / timestep + _GRID_TOLERANCE)
    low = max(low, np.ceil(earliest / timestep - _GRID_TOLERANCE))
    if high - low > _MAX_WINDOW_STEPS:
        raise ValueError(
            f"t_sd={t_sd:g} ms with max_sd={max_sd:g} spans more than {_MAX_WINDOW_STEPS} "
            f"timesteps of {timestep:g} ms; a volley is brief, narrow it"
        )
    # Rounding shows 30.000000000000004 as 30.0; the floor keeps float
    # round-off from putting the first step a hair before `earliest`.
    times = np.maximum(np.round(np.arange(low, high + 1) * timestep, 10), earliest)
    if t_sd > 0:
        weights = np.exp(-0.5 * ((times - t_mean) / t_sd) ** 2)
        times, weights = times[weights > 0], weights[weights > 0]
        weights /= weights.sum()
    else:
        weights = None
    if times.size < n_spikes:
        raise ValueError(
            f"n_spikes={n_spikes} distinct spikes do not fit: only {times.size} timesteps of "
            f"{timestep:g} ms lie within {half_width:g} ms of t_mean={t_mean:g} ms and not "
            f"before {earliest:g} ms; widen t_sd or max_sd, or lower n_spikes"
        )

    trains: list[list[float]] = [[] for _ in range(n_sources)]
    if n_spikes == 0:
        # A silent stimulus draws nothing, even from a window with no step in it.
        return trains
    rng = np.random.default_rng(seed)
    for index in sources:
        chosen = rng.choice(times, size=n_spikes, replace=False, p=weights)
        trains[index] = np.sort(chosen).tolist()
    return trains


def poisson_trains(
    n_sources: int,
    rate: float,
    t_stop: float,
    *,
    t_start: float = 0.0,
    modulation_depth: float = 0.0,
    modulation_frequency: float = 0.0,
    seed: int = DEFAULT_VOLLEY_SEED,
    timestep: float | None = None,
    earliest: float | None = None,
) -> list[list[float]]:
    """Independent Poisson spike trains on the time grid, optionally rhythmic.

    In each timestep ``dt`` each source fires with probability
    ``rate(t) * dt``, independently of everything else (a Bernoulli process,
    the Poisson process of a clocked simulator), where

    ``rate(t) = rate * (1 + modulation_depth * sin(2 pi modulation_frequency t))``.

    Parameters
    ----------
    n_sources : int
        Number of spike sources, at least 1.
    rate : float
        Mean rate of each source (Hz), 0 or more.
    t_stop : float
        End of the input (ms); no spike at or after it.
    t_start : float, default 0.0
        Start of the input (ms); moved to :func:`course.earliest_spike_time`
        when that is later.
    modulation_depth : float, default 0.0
        Relative size of the rhythm, in [0, 1]; 0 is a steady rate.
    modulation_frequency : float, default 0.0
        Frequency of the rhythm (Hz).
    seed : int, default 10
        Seed of the random generator.
    timestep, earliest : float, optional
        Time grid and earliest allowed spike (ms); by default those of the
        current simulator, as in :func:`thalamic_volley`.

    Returns
    -------
    list of list of float
        ``n_sources`` separate lists of sorted spike times (ms).

    Raises
    ------
    TypeError, ValueError
        For a bad argument, naming it; also when the peak rate asks for more
        than one spike per timestep.
    """
    n_sources = check_positive_integer("n_sources", n_sources)
    rate = check_non_negative_number("rate", rate)
    t_stop = check_number("t_stop", t_stop)
    t_start = check_non_negative_number("t_start", t_start)
    if t_stop <= t_start:
        raise ValueError(f"t_stop={t_stop:g} ms must be later than t_start={t_start:g} ms")
    depth = check_probability("modulation_depth", modulation_depth)
    frequency = check_non_negative_number("modulation_frequency", modulation_frequency)
    seed = check_integer("seed", seed, minimum=0)
    timestep, earliest = _simulation_grid(timestep, earliest)
    peak_probability = rate * (1.0 + depth) * timestep / 1000.0
    if peak_probability > 1.0:
        raise ValueError(
            f"rate={rate:g} Hz with modulation_depth={depth:g} peaks at "
            f"{rate * (1.0 + depth):g} Hz, more than one spike per {timestep:g} ms timestep; "
            f"the most a source can fire is {1000.0 / timestep:g} Hz"
        )
    first = np.ceil(max(t_start, earliest) / timestep - _GRID_TOLERANCE)
    last = np.ceil(t_stop / timestep - _GRID_TOLERANCE) - 1
    if last - first > _MAX_WINDOW_STEPS:
        raise ValueError(
            f"t_stop={t_stop:g} ms spans more than {_MAX_WINDOW_STEPS} timesteps of "
            f"{timestep:g} ms; generate the input in pieces"
        )
    times = np.maximum(np.round(np.arange(first, last + 1) * timestep, 10), earliest)
    probability = (
        rate * (1.0 + depth * np.sin(2.0 * np.pi * frequency * times / 1000.0)) * timestep / 1000.0
    )
    rng = np.random.default_rng(seed)
    fires = rng.random((n_sources, times.size)) < probability
    return [times[row].tolist() for row in fires]
