"""The constants a SpiNNaker core works with, computed as each sPyNNaker version does.

Which sPyNNaker computes the neuron's constants, and how, decides the last
bit of every recorded value, and sometimes a whole step of a spike time. Two
versions are modelled (:data:`VERSIONS`):

``"7.4.1"`` (the default, what the SpiNNaker Jupyter hub runs)
    The host writes every parameter as an s16.15 rounded half to even
    (``int(round(Decimal(str(x)) * 2**15))``, ``DataType.encode_as_int`` in
    SpiNNFrontEndCommon's ``data_type.py``), and the core computes the
    constants itself at start-up with spinn_common's fixed-point routines,
    ported here bit for bit: :func:`expk` and :func:`expulr`
    (``src/stdfix-exp.c``) and :func:`kdivk` (sPyNNaker's
    ``neural_modelling/src/common/maths-util.h``). The LIF constants are
    ``exp_TC = expk(-kdivk(dt, tau_m))`` and ``R = kdivk(tau_m, cm)``
    (``neuron_model_lif_impl.h``, ``neuron_model_initialise``); a synapse's
    ``decay = expulr(-kdivk(dt, tau_syn))`` and
    ``init = decay_s1615_to_u032(kdivk(tau_syn, dt), 1 - decay)``
    (``synapse_types_exponential_impl.h``, ``decay_and_init``).
``"recordings"``
    The sPyNNaker that recorded the three synfire rings shipped with the
    course (:mod:`.recordings`): every constant computed in floating point
    on the host and truncated toward zero.

The two differ by a few LSB in ``exp(-dt/tau_m)`` and the synaptic factors:
for the recorded rings ``v`` moves by up to a few hundred LSB and every spike
stays; for a DC-driven cell on a slow membrane a spike can move by a step.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from course._checks import check_choice, check_text
from course.spinnaker_model.fixed_point import FRACTION_BITS, to_s1615, to_u032

__all__ = ["DEFAULT_VERSION", "RECORDINGS_VERSION", "VERSIONS", "expk", "expulr", "kdivk"]

#: The sPyNNaker versions whose arithmetic the model follows.
VERSIONS = ("7.4.1", "recordings")

#: The version the SpiNNaker Jupyter hub runs, and the model's default.
DEFAULT_VERSION = "7.4.1"

#: The older version whose boards recorded the synfire rings (:mod:`.recordings`).
RECORDINGS_VERSION = "recordings"

# spinn_common src/stdfix-exp.c: exp(k) * 2**32 for k = -13 ... 12 (``__exp_hi``),
# (1 - exp(-j/16)) * 2**32 for j = 0 ... 15 (``__expm1_mid``), and the three
# coefficients of the series for 1 - exp(-x / 2**15) (``__exp_series``).
_EXP_HI = (
    9708, 26389, 71733, 194991, 530041, 1440801, 3916503, 10646160, 28939262, 78665070,
    213833830, 581260615, 1580030169, 4294967296, 11674931555, 31735754293, 86266724208,
    234497268814, 637429664642, 1732713474316, 4710003551159, 12803117065094,
    34802480465680, 94602950235157, 257157480542844, 699026506411923,
)  # fmt: skip
_EXPM1_MID = (
    0, 260218914, 504671961, 734314346, 950043403, 1152702096, 1343082321, 1521927990,
    1689937949, 1847768698, 1996036966, 2135322113, 2266168400, 2389087112, 2504558555,
    2613033936,
)  # fmt: skip
_EXP_SERIES = (5294, 4293434720, 2081624032)

#: Saturation limits of expk's argument (bit patterns), as in ``expk``.
_EXP_ARGUMENT_MAX = 363408
_EXP_ARGUMENT_MIN = -340695

_MASK32 = 0xFFFFFFFF
_INT32_MAX = 0x7FFFFFFF


def check_version(version) -> str:
    """``version`` if it is one of :data:`VERSIONS`, else the course's own error."""
    return check_choice("version", check_text("version", version), VERSIONS)


def _scale64(x: int, y: int) -> int:
    """spinn_common ``utils.h`` ``scale64``: x (u32.32) times y (u0.32), low half rounded."""
    low = (x & _MASK32) * y
    rounded = (low >> 32) + (1 if (low & _MASK32) >= _INT32_MAX else 0)
    return rounded + (x >> 32) * y


def _coefficient_product(c: int, x: int) -> int:
    """``coef_mult``: (c × x) >> 32 on unsigned 32-bit numbers."""
    return ((c * x) >> 32) & _MASK32


def _exp_series(x: int) -> int:
    """``exp_series``: 1 - exp(-x / 2**32 ...) as spinn_common evaluates it, modulo 2**32."""
    term = (_EXP_SERIES[1] - _coefficient_product(_EXP_SERIES[2], x)) & _MASK32
    return (_coefficient_product(term, x) + _EXP_SERIES[0]) & _MASK32


def _exp_u3232(n: int) -> int:
    """``__expi64``: exp(n / 2**15) × 2**32, for an s16.15 bit pattern ``n`` in range."""
    whole = n >> FRACTION_BITS
    fraction = n - (whole << FRACTION_BITS)
    if fraction <= 0:
        return _EXP_HI[13 + whole]
    whole += 1
    fraction = 32768 - fraction
    value = _EXP_HI[13 + whole]
    value -= _scale64(value, _EXPM1_MID[fraction >> 11])
    value -= _scale64(value, _exp_series((fraction & 0x7FF) << 17))
    return value


def _saturated_exp(array: np.ndarray, keep) -> np.ndarray:
    """exp of each s16.15 pattern, ``keep`` applied to exp × 2**32; saturated as in ``expk``."""
    out = np.empty(array.shape, dtype=np.int64)
    for index, n in np.ndenumerate(array):
        n = int(n)
        if n > _EXP_ARGUMENT_MAX:
            out[index] = _INT32_MAX
        elif n < _EXP_ARGUMENT_MIN:
            out[index] = 0
        else:
            out[index] = keep(_exp_u3232(n))
    return out


def _bit_patterns(name: str, bits) -> np.ndarray:
    array = np.asarray(bits)
    if array.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must be s16.15 bit patterns (whole numbers, value x 2**15), got {bits!r}"
        )
    return array.astype(np.int64)


def expk(bits) -> np.ndarray:
    """Exponential of s16.15 numbers, as spinn_common's ``expk`` computes it on a core.

    A table of exp(k) for whole k, a table of 1 - exp(-j/16) and a short
    series for the rest; the result is truncated to s16.15 (``tmp1 >> 17``).
    Arguments above 11.09 saturate to the largest s16.15, below -10.4 give 0.

    Parameters
    ----------
    bits : int or array_like of int
        The s16.15 bit patterns of x (x × 2\\ :sup:`15`).

    Returns
    -------
    numpy.ndarray of int64
        The s16.15 bit patterns of exp(x).

    Raises
    ------
    TypeError
        If ``bits`` are not whole numbers.
    """
    return _saturated_exp(_bit_patterns("bits", bits), lambda value: value >> 17)


def expulr(bits) -> np.ndarray:
    """Exponential as a u0.32 factor, as spinn_common's ``expulr`` computes it on a core.

    The same evaluation as :func:`expk`, kept to 32 fractional bits (the low
    32 bits of exp(x) × 2\\ :sup:`32`); meant for x < 0, where exp(x) < 1.

    Parameters
    ----------
    bits : int or array_like of int
        The s16.15 bit patterns of x (x × 2\\ :sup:`15`).

    Returns
    -------
    numpy.ndarray of int64
        The u0.32 bit patterns of exp(x) (exp(x) × 2\\ :sup:`32`).

    Raises
    ------
    TypeError
        If ``bits`` are not whole numbers.
    """
    return _saturated_exp(_bit_patterns("bits", bits), lambda value: value & _MASK32)


def kdivk(a, b) -> np.ndarray:
    """Quotient a / b of s16.15 numbers, as sPyNNaker's ``kdivk``: (a << 15) // b.

    Parameters
    ----------
    a, b : int or array_like of int
        The s16.15 bit patterns of the dividend (>= 0) and the divisor (> 0).

    Returns
    -------
    numpy.ndarray of int64
        The s16.15 bit pattern of the quotient, rounded down.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` are not whole numbers.
    ValueError
        If a divisor is not greater than 0 or a dividend is negative.
    """
    a = _bit_patterns("a", a)
    b = _bit_patterns("b", b)
    if a.size and a.min() < 0:
        raise ValueError(f"a must hold bit patterns of numbers >= 0, got {a!r}")
    if b.size and b.min() <= 0:
        raise ValueError(f"b must hold bit patterns of numbers > 0, got {b!r}")
    return (a << FRACTION_BITS) // b


def encode(value, version: str) -> np.ndarray:
    """Parameters as the host of ``version`` writes them: s16.15 bit patterns.

    7.4.1 rounds half to even, from the decimal text of the number
    (``int(round(Decimal(str(x)) * 2**15))``); the recordings' version
    truncated toward zero (:func:`~course.spinnaker_model.fixed_point.to_s1615`).
    """
    if version == RECORDINGS_VERSION:
        return to_s1615(value)
    values = np.asarray(value, dtype=float)
    flat = [round(Decimal(str(float(x))) * (1 << FRACTION_BITS)) for x in values.ravel()]
    return np.asarray(flat, dtype=np.int64).reshape(values.shape)


def synapse_constants(
    tau_syn: np.ndarray, timestep: float, version: str
) -> tuple[np.ndarray, np.ndarray]:
    """u0.32 ``decay`` and ``init`` of exponential synapses with time constants ``tau_syn`` (ms).

    ``decay = exp(-dt/tau)`` multiplies the synaptic state every step;
    ``init = (tau/dt)(1 - decay)`` scales each step's arriving weight.
    """
    if version == RECORDINGS_VERSION:
        decay = np.exp(-timestep / tau_syn)
        return to_u032(decay), to_u032(tau_syn / timestep * (1.0 - decay))
    step = encode(timestep, version)
    tau = encode(tau_syn, version)
    decay = expulr(-kdivk(step, tau))
    # 1.0ulr - decay: 1.0 saturates to 0xFFFFFFFF; decay_s1615_to_u032 shifts by 15.
    init = ((_MASK32 - decay) * kdivk(tau, step)) >> FRACTION_BITS
    return decay, init


def lif_constants(parameters: dict, timestep: float, version: str) -> dict[str, np.ndarray]:
    """The LIF neuron's state constants: ``exp_tc``, ``r_membrane``, ``refractory_steps``.

    ``parameters`` maps PyNN names to per-neuron float arrays.
    """
    if version == RECORDINGS_VERSION:
        return {
            "exp_tc": to_s1615(np.exp(-timestep / parameters["tau_m"])),
            "r_membrane": to_s1615(parameters["tau_m"] / parameters["cm"]),
            "refractory_steps": np.ceil(np.round(parameters["tau_refrac"] / timestep, 6)).astype(
                np.int64
            ),
        }
    step = encode(timestep, version)
    tau_m = encode(parameters["tau_m"], version)
    ratio = kdivk(encode(parameters["tau_refrac"], version), step)
    # lif_ceil_accum: the whole part, plus one if any fractional bit is set.
    refractory = (ratio >> FRACTION_BITS) + ((ratio & 0x7FFF) > 0)
    return {
        "exp_tc": expk(-kdivk(step, tau_m)),
        "r_membrane": kdivk(tau_m, encode(parameters["cm"], version)),
        "refractory_steps": refractory.astype(np.int64),
    }
