"""The self-check of Task 5: an STDP curve, weight change against spike timing.

The curve must have the rule's shape (potentiation where post follows pre,
depression where it leads, by the synapse's view, ``Δt + delay``), its time
constants and its size: the rule's steps, in nA. Given the rule
(:class:`course.stdp.StdpRule`), the check compares all three; without it,
it can check only the shape and says so.

On a SpiNNaker board the weights lie on a grid of 16-bit steps of a few pA,
the rule's steps are ``A_plus`` and ``A_minus`` nA (not times ``w_max``), and
every change is rounded down to a whole step: the window's tails become a
staircase, the far potentiating pairs read 0 and the far depressing ones one
step. For such weights the check compares every pair with the rule's
prediction, within that rounding, instead of fitting the time constants.
"""

from __future__ import annotations

import numpy as np

from course._checks import check_positive_number
from course.check._board_weights import (
    allowed_range,
    backend_of,
    describe_weights,
    weight_resolution,
)
from course.check._findings import EMPTY, CheckResult, Findings, ms
from course.exercises.task5 import StdpCurve
from course.stdp import StdpRule

__all__ = ["task5"]

#: A fitted step this many times the rule's, or this many times smaller, is a
#: unit slip: pA for nA (1000), or nA for µA.
UNIT_SLIP = 1000.0


def task5(
    delta_t,
    weight_change=None,
    *,
    rule: StdpRule | None = None,
    rel_tolerance: float = 0.1,
) -> CheckResult:
    """Check a Task 5 solution: an STDP curve, weight change against timing.

    Parameters
    ----------
    delta_t : array_like or StdpCurve
        Spike-time differences ``t_post − t_pre`` (ms), one per pair; or what
        :func:`course.exercises.task5.stdp_curve` returns, which supplies
        everything.
    weight_change : array_like
        Weight change of each pair (nA).
    rule : StdpRule
        The rule you built the synapse with: its delay (all of it dendritic,
        so the window's centre sits at ``t_post − t_pre = −delay``), its time
        constants and its steps are compared with the curve. Without it only
        the shape is checked, and the check does not pass.
    rel_tolerance : float, default 0.1
        Allowed relative error of the fitted time constants and steps.

    Returns
    -------
    CheckResult
        ``passed`` and the messages on what is right, wrong or not checked.
    """
    if isinstance(delta_t, StdpCurve):
        curve = delta_t
        delta_t, weight_change = curve.delta_t, curve.weight_change
        rule = curve.rule if rule is None else rule
    if weight_change is None:
        raise TypeError("task5 needs delta_t and weight_change (or one stdp_curve result)")
    if rule is not None and not isinstance(rule, StdpRule):
        raise TypeError(
            f"rule must be a course.stdp.StdpRule (the rule you built the synapse with), "
            f"got {type(rule).__name__}"
        )
    rel_tolerance = check_positive_number("rel_tolerance", rel_tolerance)
    try:
        lags = np.asarray(delta_t, dtype=float).ravel()
        changes = np.asarray(weight_change, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError("delta_t and weight_change must be arrays of numbers (ms, nA)") from None
    found = Findings("Task 5")
    if lags.size != changes.size:
        found.bad(
            f"{lags.size} time differences but {changes.size} weight changes: "
            "give one weight change per pair"
        )
        return found.result()
    if rule is None:
        found.unchecked(
            "the rule was not given: pass rule=StdpRule(...) with your synapse's parameters "
            "to check the delay, the time constants and the size of the steps"
        )
    delay = rule.delay if rule is not None else 0.0
    keep = np.isfinite(lags) & np.isfinite(changes)
    lags, changes = lags[keep] + delay, changes[keep]
    if lags.size == 0:
        found.bad("empty data: no pair has a measured Δt. " + EMPTY)
        return found.result()
    if np.all(np.abs(changes) < 1e-12):
        found.bad(
            "no weight changed at all. On NEST potentiation is applied only when the next "
            "presynaptic spike arrives: give each pre neuron one more, late spike. On a "
            "virtual SpiNNaker board weights are never updated."
        )
        return found.result()
    after, before = lags > 0, lags < 0
    if after.sum() < 2 or before.sum() < 2:
        found.bad(
            "cover both sides of the window: at least two pairs with post after pre and "
            "two with post before pre"
        )
        return found.result()
    if np.all(changes[after] == 0) and np.any(changes[before] != 0):
        found.bad(
            "no pair with post after pre changed the weight, although depression works. On "
            "NEST potentiation is applied only when the next presynaptic spike arrives: give "
            "each pre neuron one more, late spike"
        )
        return found.result()
    # (A board may round a far potentiation to 0.)
    if (
        np.all(changes[after] <= 0)
        and np.all(changes[before] >= 0)
        and np.any(changes[after] < 0)
        and np.any(changes[before] > 0)
    ):
        found.bad(
            "the curve is mirrored: potentiation where post fires before pre. Is your "
            "Δt computed as t_pre − t_post? The convention is t_post − t_pre"
        )
        return found.result()
    resolution = weight_resolution(changes)
    backend = backend_of(resolution)
    describe_weights(found, resolution)
    for side, wanted, name in ((after, 1, "post after pre"), (before, -1, "post before pre")):
        signs = np.sign(changes[side])
        # A board rounds a far pair's small potentiation down to 0 steps.
        wrong = signs == -wanted if resolution is not None else signs != wanted
        if not np.any(wrong):
            kind = "potentiates" if wanted > 0 else "depresses"
            rounded = int(np.count_nonzero(signs == 0))
            also = f" ({rounded} rounded to no change)" if rounded else ""
            found.good(f"{name} {kind} in all {int(side.sum())} pairs{also}")
        else:
            found.bad(
                f"{int(np.count_nonzero(wrong))} pair(s) with {name} changed the "
                "weight the wrong way; check the spike times and the delay"
            )
    sides = (
        (after, "tau_plus", "potentiation"),
        (before, "tau_minus", "depression"),
    )
    for side, tau_name, kind in sides:
        tau, step = _fit_window(lags[side], changes[side])
        if not np.isfinite(tau):
            found.bad(f"|Δw| does not decay with |Δt| on the {tau_name} side of the window")
            continue
        if rule is None:
            found.good(f"|Δw| decays exponentially on the {tau_name} side, time constant {ms(tau)}")
            continue
        wanted_step = (
            rule.potentiation_step(backend)
            if kind == "potentiation"
            else rule.depression_step(backend)
        )
        if resolution is None or _unit_slip(step, wanted_step):
            _compare_time_constant(found, tau_name, tau, getattr(rule, tau_name), rel_tolerance)
            _compare_step(found, kind, step, wanted_step, rel_tolerance)
        else:
            predicted = rule.weight_change(lags[side] - rule.delay, backend)
            _compare_on_the_grid(found, kind, changes[side], predicted, resolution, rel_tolerance)
    return found.result()


def _unit_slip(fitted: float, wanted: float) -> bool:
    """Whether a fitted step is about 1000 times too large or too small."""
    return wanted > 0 and abs(abs(np.log10(fitted / wanted)) - 3.0) < 0.3


def _compare_on_the_grid(found, kind, changes, predicted, resolution, tolerance) -> None:
    """A board's curve, pair by pair: each change within the rounding of the prediction.

    Its steps of a few pA make a staircase of the window's tails, so a fit of
    the time constant means little; each pair is compared instead.
    """
    ranges = [allowed_range(p, tolerance, resolution, n_updates=1) for p in predicted]
    outside = [
        i
        for i, (change, (low, high)) in enumerate(zip(changes, ranges, strict=True))
        if not low <= change <= high
    ]
    parameters = "tau_plus and A_plus" if kind == "potentiation" else "tau_minus and A_minus"
    if outside:
        i = outside[0]
        found.bad(
            f"{len(outside)} of {len(changes)} {kind} pairs differ from your rule's prediction "
            f"by more than the board's rounding (e.g. {changes[i] * 1000:.3g} pA where the rule "
            f"gives {predicted[i] * 1000:.3g} pA, in steps of {resolution * 1000:.3g} pA): check "
            f"{parameters}, the delay, and that an additive step there is A nA, not A * w_max"
        )
    else:
        found.good(
            f"all {len(changes)} {kind} pairs match your rule to within the board's rounding "
            f"(steps of {resolution * 1000:.3g} pA; the far pairs round to no change or one "
            "step)"
        )


def _compare_time_constant(found, name: str, fitted: float, wanted: float, tolerance) -> None:
    if abs(fitted - wanted) <= tolerance * wanted:
        found.good(f"the fitted {name} is {ms(fitted)}; you set {ms(wanted)}")
    else:
        found.bad(
            f"the fitted {name} is {ms(fitted)} but you set {ms(wanted)}: check that "
            "each pair is independent (its own neurons, far from other spikes)"
        )


def _compare_step(found, kind: str, fitted: float, wanted: float, tolerance: float) -> None:
    """The size of the rule's step at Δt + delay → 0, fitted against the rule's (nA)."""
    said = f"the {kind} step at Δt + delay → 0 is {fitted:.4g}"
    if wanted <= 0:
        found.bad(f"{said} nA, but your rule's is 0: check A_plus, A_minus and w_max")
        return
    ratio = fitted / wanted
    if abs(ratio - 1.0) <= tolerance:
        found.good(f"{said} nA, your rule's {wanted:.4g} nA")
    elif abs(np.log10(ratio) - 3.0) < 0.3:
        found.bad(
            f"{said}, {ratio:.0f} times your rule's {wanted:.4g} nA: are your Δw in pA? "
            "Give them in nA, PyNN's unit of current-based weights"
        )
    elif abs(np.log10(ratio) + 3.0) < 0.3:
        found.bad(
            f"{said}, {1 / ratio:.0f} times smaller than your rule's {wanted:.4g} nA: a unit "
            "slip (µS or µA for nA?); give Δw in nA"
        )
    else:
        found.bad(
            f"{said} nA but your rule's is {wanted:.4g} nA ({ratio:.2f} times): check "
            "A_plus, A_minus, w_max and the weight dependence you built the synapse with"
        )


def _fit_window(lags: np.ndarray, changes: np.ndarray) -> tuple[float, float]:
    """Time constant (ms) and step at |lag| → 0 (nA) of |change| = a·exp(−|lag| / tau),
    by a log-linear fit; ``nan`` when |change| does not decay."""
    magnitude = np.abs(changes)
    usable = magnitude > 0
    if np.count_nonzero(usable) < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.abs(lags[usable]), np.log(magnitude[usable]), 1)
    if slope >= 0:
        return float("nan"), float("nan")
    return float(-1.0 / slope), float(np.exp(intercept))
