"""The course's own exceptions, for problems a learner can fix by installing or configuring."""

from __future__ import annotations

__all__ = ["BackendUnavailableError"]


class BackendUnavailableError(RuntimeError):
    """The chosen backend cannot be used here; the message says what to do."""
