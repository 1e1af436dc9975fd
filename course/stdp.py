"""The spike-pair STDP rule as one value: its parameters, its synapse, its prediction.

A :class:`StdpRule` holds the eight numbers that define a spike-pair STDP
synapse, checked once when it is made. It builds the PyNN synapse the same way
on every backend (:meth:`StdpRule.synapse`) and says what weight change one
pre/post spike pair should cause (:meth:`StdpRule.weight_change`). Tasks 4
and 5 and their self-checks all take one.

NEST and sPyNNaker count the whole synaptic delay ``d`` as dendritic: the
postsynaptic spike reaches the synapse ``d`` after it is fired, so the rule
sees ``s = Δt + d`` with ``Δt = t_post - t_pre``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course._checks import check_choice, check_number, check_positive_number

__all__ = ["DEPENDENCES", "StdpRule"]

#: Weight dependences a rule may have.
DEPENDENCES = ("additive", "multiplicative")


@dataclass(frozen=True)
class StdpRule:
    """A spike-pair STDP rule with additive or multiplicative weight dependence.

    Parameters
    ----------
    tau_plus, tau_minus : float, default 20.0 and 10.0
        Time constants of potentiation and depression (ms).
    A_plus, A_minus : float, default 0.01 and 0.012
        Step sizes, between 0 and 1: fractions of ``w_max`` (additive) or of
        the room to the bound (multiplicative).
    w_max : float, default 1.0
        Largest weight (nA); the smallest is 0 (NEST allows no other).
    w_init : float, default 0.5
        Starting weight (nA), between 0 and ``w_max``.
    delay : float, default 1.0
        Synaptic delay (ms), all of it dendritic.
    dependence : {"additive", "multiplicative"}, default "additive"
        Additive: every step is ``A * w_max``. Multiplicative: potentiation
        ``A_plus * (w_max - w)``, depression ``A_minus * w``.

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
                    f"{name} must lie between 0 and 1 (a fraction of w_max), got {value!r}"
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
    def potentiation_step(self) -> float:
        """Weight change (nA) of a pair the synapse sees at ``s → 0+``."""
        if self.dependence == "additive":
            return self.A_plus * self.w_max
        return self.A_plus * (self.w_max - self.w_init)

    @property
    def depression_step(self) -> float:
        """Size (nA, positive) of the depression of a pair seen at ``s → 0-``."""
        if self.dependence == "additive":
            return self.A_minus * self.w_max
        return self.A_minus * self.w_init

    def weight_change(self, delta_t) -> np.ndarray:
        """Weight change (nA) one spike pair causes, starting from ``w_init``.

        ``potentiation_step * exp(-s / tau_plus)`` for ``s > 0`` and
        ``-depression_step * exp(s / tau_minus)`` for ``s < 0``, with
        ``s = delta_t + delay``; 0 where ``s`` is 0.

        Parameters
        ----------
        delta_t : float or array_like
            ``t_post - t_pre`` of the spikes as fired (ms).

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
        with np.errstate(over="ignore"):
            up = self.potentiation_step * np.exp(-np.abs(lag) / self.tau_plus)
            down = -self.depression_step * np.exp(-np.abs(lag) / self.tau_minus)
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
