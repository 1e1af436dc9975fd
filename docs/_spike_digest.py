"""Spike counts of a lesson's recordings, so that two runs of it can be compared.

The docs build writes the digest of every lesson it executes (a sphinx-gallery
scraper in ``conf.py`` reads the lesson's names after each cell), and the
lesson tests write one for their own run (``tests/conftest.py``); the tests
require the two to be equal, which catches an unseeded random generator.
A digest lists every :class:`course.Recording` the lesson keeps in a global
name, directly or as the ``recording`` of a result, with its spike counts.
"""

from __future__ import annotations

import json
from pathlib import Path


def spike_digest(namespace: dict) -> str:
    """One JSON line per recording in ``namespace``, sorted by name."""
    from course.results import Recording

    lines = []
    for name in sorted(namespace):
        value = namespace[name]
        if not isinstance(value, Recording):
            value = _recording_of(value)
        if isinstance(value, Recording):
            counts = {label: value.spike_counts(label).tolist() for label in value.labels}
            entry = {"name": name, "backend": value.backend, "spike_counts": counts}
            lines.append(json.dumps(entry) + "\n")
    return "".join(lines)


def _recording_of(value):
    """The ``recording`` a lesson's result holds, or None.

    PyNN objects answer an unknown attribute with their own error rather than
    AttributeError (a current source's ``NonExistentParameterError``), so any
    error means "no recording here".
    """
    try:
        return getattr(value, "recording", None)
    except Exception:
        return None


def write_spike_digest(namespace: dict, path: Path) -> None:
    """Write the digest of ``namespace`` to ``path`` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(spike_digest(namespace), encoding="utf-8")
