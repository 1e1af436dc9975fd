"""Run a lesson with a learner's change applied, as its "Try it yourself" asks."""

from __future__ import annotations

import runpy

from tests.conftest import EXAMPLES


def run_variant(lesson: str, tmp_path, monkeypatch, replacements: dict[str, str]) -> dict:
    """Run a lesson on NEST with each ``old`` text replaced by ``new``; return its namespace.

    This is what a learner does for a "Try it yourself": edit the lesson and run
    it again. Every ``old`` must occur in the lesson exactly once, so a reworded
    lesson fails here instead of silently running unchanged.

    Parameters
    ----------
    lesson : str
        Path below ``examples/``, e.g. ``"01_building/05_synapses.py"``.
    tmp_path, monkeypatch
        The test's pytest fixtures: the variant is written to and run in ``tmp_path``.
    replacements : dict of str to str
        Text to replace, and its replacement.
    """
    import matplotlib.pyplot as plt

    path = EXAMPLES / lesson
    source = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert source.count(old) == 1, f"{old!r} occurs {source.count(old)} times in {path.name}"
        source = source.replace(old, new)
    variant = tmp_path / f"variant_{path.name}"
    variant.write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        return runpy.run_path(str(variant), run_name="__main__")
    finally:
        plt.close("all")
        variant.unlink()
