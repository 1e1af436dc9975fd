"""Loaded by a lesson run in a fresh Python process for the tests (tests/conftest.py
puts this folder and docs/ on PYTHONPATH, not the source tree, so the lesson
imports the installed course): when the lesson ends, write the spike digest of
its global names to the file COURSE_TEST_SPIKE_DIGEST names."""

import atexit
import os
import sys
from pathlib import Path


def _write_digest() -> None:
    main = sys.modules.get("__main__")
    if main is None:
        return
    from _spike_digest import write_spike_digest

    write_spike_digest(vars(main), Path(os.environ["COURSE_TEST_SPIKE_DIGEST"]))


if os.environ.get("COURSE_TEST_SPIKE_DIGEST"):
    atexit.register(_write_digest)
