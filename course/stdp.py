"""The spike-pair STDP rule as one value: its parameters, its synapse, its prediction.

A :class:`StdpRule` holds the PyNN parameters of a spike-pair STDP synapse
exactly as you write them, checked once when it is made. It builds the PyNN
synapse the same way on every backend (:meth:`StdpRule.synapse`) and says what
weight change one pre/post spike pair should cause
(:meth:`StdpRule.weight_change`). Tasks 4 and 5 and their self-checks all
take one.

The same parameters do not mean the same steps everywhere. With additive
weight dependence NEST (through PyNN) multiplies ``A_plus`` and ``A_minus`` by
``w_max``: a step is ``A_plus * w_max``. sPyNNaker 7.4.1 does not: a step is
``A_plus`` itself, in the weight's unit (nA), and ``w_max`` is only the bound.
The two agree when ``w_max`` is 1. Every prediction therefore takes a
``backend`` (``"nest"`` by default). With multiplicative dependence both
backends scale the steps by the room to the bound, the same way.

NEST and sPyNNaker count the whole synaptic delay ``d`` as dendritic: the
postsynaptic spike reaches the synapse ``d`` after it is fired, so the rule
sees ``s = Δt + d`` with ``Δt = t_post - t_pre``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course._checks import check_choice, check_number, check_positive_number

__all__ = ["BACKENDS", "DEPENDENCES", "StdpRule"]

#: Weight dependences a rule may have.
DEPENDENCES = ("additive", "multiplicative")
#: Backends a prediction can be made for, as :func:`course.setup` names them;
#: a virtual board predicts what a real one computes.
BACKENDS = ("nest", "spiNNaker", "virtual")


@dataclass(frozen=True)
class StdpRule:
    """A spike-pair STDP rule with additive or multiplicative weight dependence.

    The parameters are PyNN's, as you write them; what they mean for the size
    of a step depends on the backend (see the module notes).

    Parameters
    ----------
    tau_plus, tau_minus : float, default 20.0 and 10.0
        Time constants of potentiation and depression (ms).
    A_plus, A_minus : float, default 0.01 and 0.012
        Step sizes, between 0 and 1. Additive dependence: on NEST a fraction
        of ``w_max`` (a step is ``A * w_max``), on sPyNNaker a weight (a step
        is ``A`` nA). Multiplicative dependence, on both: a fraction of the
        room to the bound.
    w_max : float, default 1.0
        Largest weight (nA); the smallest is 0 (NEST allows no other).
    w_init : float, default 0.5
        Starting weight (nA), between 0 and ``w_max``.
    delay : float, default 1.0
        Synaptic delay (ms), all of it dendritic.
    dependence : {"additive", "multiplicative"}, default "additive"
        Additive: every step has the same size (``A * w_max`` on NEST, ``A``
        on sPyNNaker). Multiplicative: potentiation ``A_plus * (w_max - w)``,
        depression ``A_minus * w``, on both backends.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, the value and what is allowed.
    """

    tau_plus: float = 20.0
    tau_minus: float = 10.0
    A_plus: float = 0.01
    A_minus: float = 0.012
    w_max: float = 1.0
    w_init: float = 0.5
    delay: float = 1.0
    dependence: str = "additive"

    def __post_init__(self) -> None:
        for name in ("tau_plus", "tau_minus", "w_max", "delay"):
            object.__setattr__(self, name, check_positive_number(name, getattr(self, name)))
        for name in ("A_plus", "A_minus"):
            value = check_number(name, getattr(self, name))
            if not 0.0 <= value <= 1.0:
                raise ValueError(
                    f"{name} must lie between 0 and 1 (a fraction of w_max on NEST, a weight "
                    f"in nA on sPyNNaker), got {value!r}"
                )
            object.__setattr__(self, name, value)
        w_init = check_number("w_init", self.w_init)
        if not 0.0 <= w_init <= self.w_max:
            raise ValueError(
                f"w_init must lie between 0 and w_max={self.w_max:g} nA, got {w_init!r}"
            )
        object.__setattr__(self, "w_init", w_init)
        check_choice("dependence", self.dependence, DEPENDENCES)

    @property
    def w_min(self) -> float:
        """Smallest weight (nA): always 0."""
        return 0.0

    def potentiation_step(self, backend: str = "nest") -> float:
        """Weight change (nA) of a pair the synapse sees at ``s → 0+``, from ``w_init``.

        Parameters
        ----------
        backend : {"nest", "spiNNaker", "virtual"}, default "nest"
            Whose reading of ``A_plus``: additive steps are ``A_plus * w_max``
            on NEST and ``A_plus`` on sPyNNaker (a virtual board stands for a
            real one).

        Returns
        -------
        float
            The step (nA).
        """
        if self.dependence == "multiplicative":
            return self.A_plus * (self.w_max - self.w_init)
        return self.A_plus * self._additive_scale(backend)

    def depression_step(self, backend: str = "nest") -> float:
        """Size (nA, positive) of the depression of a pair seen at ``s → 0-``, from ``w_init``.

        Parameters
        ----------
        backend : {"nest", "spiNNaker", "virtual"}, default "nest"
            Whose reading of ``A_minus``: additive steps are ``A_minus *
            w_max`` on NEST and ``A_minus`` on sPyNNaker.

        Returns
        -------
        float
            The step's size (nA).
        """
        if self.dependence == "multiplicative":
            return self.A_minus * self.w_init
        return self.A_minus * self._additive_scale(backend)

    def _additive_scale(self, backend: str) -> float:
        """What an additive amplitude is multiplied by (nA): ``w_max`` on NEST, 1 on sPyNNaker."""
        check_choice("backend", backend, BACKENDS)
        return self.w_max if backend == "nest" else 1.0

    def weight_change(self, delta_t, backend: str = "nest") -> np.ndarray:
        """Weight change (nA) one spike pair causes, starting from ``w_init``.

        ``potentiation_step * exp(-s / tau_plus)`` for ``s > 0`` and
        ``-depression_step * exp(s / tau_minus)`` for ``s < 0``, with
        ``s = delta_t + delay``; 0 where ``s`` is 0. This is the rule in real
        numbers: a SpiNNaker board also rounds the weight to its 16-bit steps.

        Parameters
        ----------
        delta_t : float or array_like
            ``t_post - t_pre`` of the spikes as fired (ms).
        backend : {"nest", "spiNNaker", "virtual"}, default "nest"
            Whose reading of the amplitudes (see :meth:`potentiation_step`).

        Returns
        -------
        numpy.ndarray
            Predicted weight change (nA), one per ``delta_t``.
        """
        try:
            lag = np.asarray(delta_t, dtype=float) + self.delay
        except (TypeError, ValueError):
            raise TypeError(
                f"delta_t must be spike-time differences in ms, got {delta_t!r}"
            ) from None
        up_step, down_step = self.potentiation_step(backend), self.depression_step(backend)
        with np.errstate(over="ignore"):
            up = up_step * np.exp(-np.abs(lag) / self.tau_plus)
            down = -down_step * np.exp(-np.abs(lag) / self.tau_minus)
        return np.where(lag > 0, up, np.where(lag < 0, down, 0.0))

    def synapse(self, sim):
        """The PyNN synapse type of this rule, for ``sim.Projection``.

        Parameters
        ----------
        sim : module
            The PyNN module returned by :func:`course.setup`.

        Returns
        -------
        pyNN.standardmodels.synapses.STDPMechanism
            Spike-pair timing, this rule's weight dependence, ``w_init`` as
            the starting weight and ``delay`` as the delay.

        Raises
        ------
        ValueError
            If ``delay`` is shorter than the simulator's ``min_delay``.
        """
        from course import simulator

        state = simulator.current()
        if self.delay < state.min_delay:
            raise ValueError(
                f"delay must be at least min_delay={state.min_delay:g} ms, got {self.delay!r}"
            )
        dependences = {
            "additive": sim.AdditiveWeightDependence,
            "multiplicative": sim.MultiplicativeWeightDependence,
        }
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(
                tau_plus=self.tau_plus,
                tau_minus=self.tau_minus,
                A_plus=self.A_plus,
                A_minus=self.A_minus,
            ),
            weight_dependence=dependences[self.dependence](w_min=0.0, w_max=self.w_max),
            weight=self.w_init,
            delay=self.delay,
        )
