"""Elephant's one known, harmless warning, muted where the course calls Elephant."""

from __future__ import annotations

import warnings
from contextlib import contextmanager


@contextmanager
def quiet_elephant():
    """Mute one deprecation Elephant 1.2 triggers inside quantities 0.16.

    It concerns Elephant's internals (an ignored ``copy`` argument), not the
    analysis; every other warning still surfaces.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The 'copy' argument in Quantity is deprecated")
        yield
