"""Keep NEST's and PyNN's known, harmless messages off the learner's screen.

Each message is silenced exactly, by its text, and nothing more: every other
warning and every error still reaches the learner.
"""

from __future__ import annotations

import logging
import os
import warnings

__all__ = ["quiet_nest"]

# Messages NEST and PyNN print on import or on every call that are not about
# the learner's model.
_NEST_NOISE_WARNINGS = (
    # PyNN tries to compile its optional NEST extension models with cmake on
    # every import; the nest-simulator wheel ships no usable nest-config, so
    # the build fails. Only PyNN's extra models (stochastic synapses,
    # IF_cond_exp_gsfa_grr) are lost; no lesson uses them.
    r"Cannot find nest-config",
    r"Problem running cmake",
    r"Unable to compile NEST extensions",
    r"Unable to install NEST extensions",
    r"Cannot create build directory for nest extensions",
    # NEST 3.10 deprecations triggered inside PyNN 0.13, not by lesson code.
    r"\s*(SetStatus|GetStatus)\(\) is deprecated",
    r"\s*Provided for backward compatibility only\. Set `nest\.verbosity",
)

# PyNN's own logger reports these while probing models; they describe PyNN
# internals, not the learner's network.
_PYNN_NOISE_LOGS = ("NEST does not allow setting an initial value for",)

# PyNN 0.13 on NEST logs three warnings from this function every time an
# STDPMechanism is used ("Several STDP models are available ...", the model
# name, "By default, stdp_synapse is used"), although the choice is the
# intended one.
_PYNN_NOISE_LOG_FUNCTIONS = ("_get_nest_synapse_model",)


class _DropPyNNNoise(logging.Filter):
    """Drop PyNN log records that describe PyNN's internals, not the learner's model."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.funcName in _PYNN_NOISE_LOG_FUNCTIONS:
            return False
        message = record.getMessage()
        return not any(message.startswith(text) for text in _PYNN_NOISE_LOGS)


def quiet_nest() -> None:
    """Silence NEST's banner and the known, harmless NEST/PyNN messages.

    Sets ``PYNEST_QUIET`` before NEST is imported and ignores exactly the
    warnings listed in this module (PyNN's failed attempt to build its optional
    NEST extensions, NEST 3.10 deprecations raised inside PyNN). Every other
    warning and every error still reaches the learner. Safe to call twice.
    """
    os.environ.setdefault("PYNEST_QUIET", "1")
    # NEST's OpenMP threads otherwise spin while they wait; on a busy machine
    # that made every Connect call 400x slower (15 ms instead of 0.04 ms).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    for pattern in _NEST_NOISE_WARNINGS:
        warnings.filterwarnings("ignore", message=pattern, category=UserWarning)
    pynn_logger = logging.getLogger("PyNN")
    if not any(isinstance(f, _DropPyNNNoise) for f in pynn_logger.filters):
        pynn_logger.addFilter(_DropPyNNNoise())
