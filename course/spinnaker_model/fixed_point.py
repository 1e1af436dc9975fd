"""The numbers a SpiNNaker core computes with: s16.15, u0.32 and 16-bit weights.

A SpiNNaker core has no floating-point unit. sPyNNaker keeps every voltage,
current and conductance as an ``accum`` (ISO C fixed point, "s16.15"): a
signed 32-bit integer counting units of :data:`LSB` = 2\\ :sup:`-15`, so the
recorded membrane potential is always a multiple of 2\\ :sup:`-15` mV
(about 0.03 µV) between -65536 and 65536. Decay factors are ``unsigned long
fract`` ("u0.32", units of 2\\ :sup:`-32`). Synaptic weights travel as 16-bit
unsigned integers and are shifted left into s16.15 when they reach the
neuron; the shift is chosen per receptor from the largest input the core
expects in one step (:func:`ring_buffer_shift`).

Every function here works on integer *bit patterns* (numpy ``int64``), so
the arithmetic is exact and the model's results can be compared with a
board's recordings bit for bit.

Products are rounded down (an arithmetic shift right), in the versions that
made the recordings and in sPyNNaker 7.4.1 alike: the 7.4.1 binary's LIF
update floors both products, although its source names a
``MULT_ROUND_NEAREST_ACCUM``. What changed between the versions is how the
constants are made: the recordings' versions computed ``exp(-dt/tau_m)`` and
friends on the host and truncated them (:func:`to_s1615`, :func:`to_u032`);
7.4.1 rounds parameters half to even and computes the constants on the chip
(:mod:`course.spinnaker_model.onchip`).

Sources: sPyNNaker's ``neural_modelling/src/common/maths-util.h`` and
``neuron/decay.h`` (``decay_s1615``: product with a u0.32, shifted right by
32), and ``spynnaker/pyNN/models/neuron/population_vertex.py``
(``get_ring_buffer_shifts``, ``__get_weight_scale``) as of sPyNNaker 7.4.
"""

from __future__ import annotations

import math

import numpy as np

from course._checks import (
    check_integer,
    check_non_negative_number,
    check_number_array,
    check_positive_number,
)

__all__ = [
    "LSB",
    "WEIGHT_MAX",
    "decay_s1615",
    "from_s1615",
    "multiply_s1615",
    "quantise_weights",
    "ring_buffer_shift",
    "to_s1615",
    "to_u032",
]

#: Fractional bits of an s16.15 ``accum``.
FRACTION_BITS = 15

#: Value (in the quantity's unit: mV, nA or µS) of one least significant bit of an s16.15.
LSB = 2.0**-FRACTION_BITS

#: Largest 16-bit weight, and the value at which a ring-buffer slot saturates.
WEIGHT_MAX = 0xFFFF

#: Fractional bits of a u0.32 ``unsigned long fract``.
U032_BITS = 32

#: One more than the largest u0.32 bit pattern: a u0.32 factor is below 1.
U032_END = 2**U032_BITS


def _check_bits(name: str, bits, encoding: str = "value x 2**15, see to_s1615") -> np.ndarray:
    """``bits`` as an int64 array if they are whole numbers (bit patterns), else TypeError.

    ``encoding`` says, for the message, how a number becomes its pattern.
    """
    try:
        array = None if isinstance(bits, (str, bytes, dict)) else np.asarray(bits)
    except ValueError:  # ragged nesting such as [[1], [2, 3]]
        array = None
    if array is None or array.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must be bit patterns, whole numbers (an int or an array of ints; "
            f"a pattern is {encoding}), got {bits!r}"
        )
    return array.astype(np.int64, copy=False)


def _check_u032_bits(name: str, bits) -> np.ndarray:
    """``bits`` as an int64 array if they are u0.32 bit patterns, from 0 to 2**32 - 1."""
    array = _check_bits(name, bits, encoding="factor x 2**32, see to_u032")
    if array.size and (array.min() < 0 or array.max() >= U032_END):
        raise ValueError(
            f"{name} must hold u0.32 bit patterns (factor x 2**32, see to_u032) from 0 to "
            f"2**32 - 1, got {bits!r}"
        )
    return array


def to_s1615(value) -> np.ndarray:
    """Encode numbers as s16.15 bit patterns the way the host writes parameters.

    The recordings were made by sPyNNaker versions that converted parameters
    on the host by truncation toward zero (``int(x * 2**15)``); that is what
    reproduces their ``exp(-dt/tau_m)`` bit for bit.

    Parameters
    ----------
    value : float or array_like
        Value(s) in their physical unit (mV, nA, µS, ms, MΩ or dimensionless).

    Returns
    -------
    numpy.ndarray of int64
        Bit patterns (value × 2\\ :sup:`15`, truncated toward zero).

    Raises
    ------
    TypeError
        If ``value`` holds something that is not a number.
    ValueError
        If a value is not finite.
    """
    value = check_number_array("value", value)
    return np.trunc(value * 2.0**FRACTION_BITS).astype(np.int64)


def from_s1615(bits) -> np.ndarray:
    """Return the numbers that s16.15 bit patterns stand for.

    Parameters
    ----------
    bits : int or array_like of int
        Bit patterns of s16.15 numbers (value × 2\\ :sup:`15`).

    Returns
    -------
    numpy.ndarray of float
        The values, in the unit the bits were encoded in (mV, nA, µS, ...);
        exact, since each is a multiple of :data:`LSB`.

    Raises
    ------
    TypeError
        If ``bits`` are not whole numbers.
    """
    return _check_bits("bits", bits) * LSB


def to_u032(value) -> np.ndarray:
    """Encode factors in [0, 1) as u0.32 bit patterns, e.g. a decay per step.

    Parameters
    ----------
    value : float or array_like of float
        Dimensionless factor(s) in [0, 1), such as ``exp(-dt/tau_syn)``.

    Returns
    -------
    numpy.ndarray of int64
        Bit patterns (value × 2\\ :sup:`32`, truncated toward zero).

    Raises
    ------
    TypeError
        If ``value`` holds something that is not a number.
    ValueError
        If a value is not finite or lies outside [0, 1).
    """
    value = check_number_array("value", value)
    if value.size and (value.min() < 0.0 or value.max() >= 1.0):
        raise ValueError(f"value must hold u0.32 factors from 0 to below 1, got {value!r}")
    return np.trunc(value * 2.0**U032_BITS).astype(np.int64)


def shifted_product(a: np.ndarray, b: np.ndarray, shift: int) -> np.ndarray:
    """The product of two int64 bit-pattern arrays, shifted right by ``shift`` bits.

    The arithmetic of :func:`multiply_s1615` (``shift`` 15) and
    :func:`decay_s1615` (``shift`` 32) without their checks, for the core's
    step loop, whose arrays are int64 bit patterns by construction.
    """
    return (a * b) >> shift


def multiply_s1615(a, b) -> np.ndarray:
    """Multiply two s16.15 numbers as the recorded cores did: exact product, shifted right 15.

    The shift is arithmetic, so the result is rounded toward minus infinity.
    This is visible in the recordings: a neuron relaxing to ``v_rest`` =
    -65 mV stops 20 LSB short of it, at -64.9993896484375 mV, because
    ``exp(-1/20)`` × (-20 LSB) rounds down to -20 LSB again.

    Parameters
    ----------
    a, b : array_like of int
        Bit patterns of the two s16.15 factors.

    Returns
    -------
    numpy.ndarray of int64
        Bit pattern of the product.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` are not whole numbers.
    """
    return shifted_product(_check_bits("a", a), _check_bits("b", b), FRACTION_BITS)


def decay_s1615(x, factor_u032) -> np.ndarray:
    """Scale s16.15 values by a u0.32 factor (``decay_s1615`` in sPyNNaker).

    Used for the synaptic decay each step and for the initial scaling of
    each step's arriving weight. The 64-bit product is shifted right by 32,
    so it rounds toward minus infinity, like :func:`multiply_s1615`.

    Parameters
    ----------
    x : array_like of int
        Bit patterns of the s16.15 values to scale.
    factor_u032 : int or array_like of int
        Bit patterns of the u0.32 factors (factor × 2\\ :sup:`32`,
        :func:`to_u032`).

    Returns
    -------
    numpy.ndarray of int64
        Bit patterns of the scaled s16.15 values (``x × factor``, rounded
        toward minus infinity).

    Raises
    ------
    TypeError
        If ``x`` or ``factor_u032`` are not whole numbers.
    ValueError
        If a factor's bit pattern lies outside 0 to 2\\ :sup:`32` - 1.
    """
    return shifted_product(
        _check_bits("x", x), _check_u032_bits("factor_u032", factor_u032), U032_BITS
    )


def ring_buffer_shift(max_input: float) -> int:
    """Left shift that turns a 16-bit ring-buffer entry into s16.15 input.

    sPyNNaker picks, per receptor of a core, the smallest power of two
    strictly above the largest input it expects in one step (``max_input``),
    so that the 16-bit sum of a step's weights cannot overflow:
    ``shift = ceil(log2(max_input))``, plus one when ``max_input`` is itself
    a power of two (``get_ring_buffer_shifts``). A weight then keeps
    ``15 - shift`` fractional bits.

    Parameters
    ----------
    max_input : float
        Largest expected input per step, in weight units (nA, or µS × 1024
        for conductance-based cells).

    Returns
    -------
    int
        The shift (0 when there is no input).

    Raises
    ------
    TypeError
        If ``max_input`` is not a number.
    ValueError
        If ``max_input`` is negative or not finite.
    """
    max_input = check_non_negative_number("max_input", max_input)
    if max_input == 0:
        return 0
    power = math.ceil(max(0.0, math.log2(max_input)))
    return power + 1 if 2**power <= max_input else power


def quantise_weights(weights, shift: int, global_scale: float = 1.0) -> np.ndarray:
    """The 16-bit integers that the board stores for ``weights``.

    A weight ``w`` becomes ``rint(|w| * global_scale * 2**(15 - shift))``
    (``rint`` rounds halves to even), clipped to 16 bits. On arrival it is
    shifted left by ``shift``, so the neuron sees ``int << shift`` LSB of
    input.

    Parameters
    ----------
    weights : array_like of float
        Weights (nA for current-based cells, µS for conductance-based).
    shift : int
        The receptor's ring-buffer shift (:func:`ring_buffer_shift`).
    global_scale : float, default 1.0
        1024 for conductance-based cells (sPyNNaker scales µS up by 2\\
        :sup:`10` to keep precision, and shifts the input back down by 10
        bits before using it), 1 for current-based cells.

    Returns
    -------
    numpy.ndarray of int64
        The stored 16-bit weights.

    Raises
    ------
    TypeError
        If ``weights`` hold something that is not a number, ``shift`` is not
        a whole number or ``global_scale`` not a number.
    ValueError
        If a weight is not finite, ``shift`` is negative or ``global_scale``
        is not greater than 0.
    """
    weights = check_number_array("weights", weights, unit="nA or µS")
    shift = check_integer("shift", shift, minimum=0)
    global_scale = check_positive_number("global_scale", global_scale)
    scale = global_scale * 2.0 ** (FRACTION_BITS - shift)
    stored = np.rint(np.abs(weights) * scale)
    return np.minimum(stored, WEIGHT_MAX).astype(np.int64)
