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
            value = getattr(value, "recording", None) if hasattr(value, "recording") else None
        if isinstance(value, Recording):
            counts = {label: value.spike_counts(label).tolist() for label in value.labels}
            entry = {"name": name, "backend": value.backend, "spike_counts": counts}
            lines.append(json.dumps(entry) + "\n")
    return "".join(lines)


def write_spike_digest(namespace: dict, path: Path) -> None:
    """Write the digest of ``namespace`` to ``path`` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(spike_digest(namespace), encoding="utf-8")
