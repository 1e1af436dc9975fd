"""sphinx-gallery hooks of the course website, named in docs/conf.py by their import path.

Named by text (``"_gallery_hooks.record_spike_digest"``), the configuration is
the same in every build, so Sphinx writes only the pages that changed, and the
parallel workers that execute lessons import the hooks themselves.
"""

import warnings
from pathlib import Path

from _spike_digest import write_spike_digest

from course.quiet import quiet_nest

ROOT = Path(__file__).resolve().parents[1]

_saved_warning_filters = []
#: Spike counts of every lesson's recordings, compared by the tests with their
#: own run of the lesson (two builds must give the same spikes).
SPIKE_DIGESTS = ROOT / "build" / "spike_digests" / "docs"


def record_spike_digest(block, block_vars, gallery_conf):
    """A sphinx-gallery scraper that adds no image: after each cell it writes the
    spike counts of the lesson's recordings so far (the last cell's stay)."""
    lesson = Path(block_vars["src_file"]).stem
    write_spike_digest(block_vars["example_globals"], SPIKE_DIGESTS / f"{lesson}.jsonl")
    return ""


def reset_lesson_state(gallery_conf, fname, when):
    """Around each lesson: inside it warnings are errors (with the known NEST
    noise muted), so no warning text can reach a page; outside it Sphinx's own
    warning filters are restored."""
    if when == "before":
        (SPIKE_DIGESTS / (Path(fname).stem + ".jsonl")).unlink(missing_ok=True)
        _saved_warning_filters[:] = warnings.filters[:]
        warnings.simplefilter("error")
        quiet_nest()
    else:
        warnings.filters[:] = _saved_warning_filters
        warnings._filters_mutated()
