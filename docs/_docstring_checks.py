"""Which numpydoc checks the docstrings of ``course`` must pass.

Read by the docs build (``numpydoc_validation_checks`` in ``conf.py``: a
failing docstring is a warning, so an error under ``-W``) and by
``tests/test_docstrings.py``, which validates every public function, class
and method of the package, documented on the website or not.

The checks are numpydoc's, all but four:

* ``ES01`` (no extended summary) and ``EX01`` (no Examples section): the
  lessons are the examples, and every function's page lists the lessons that
  use it; a one-line summary is enough for a function whose parameters say
  the rest.
* ``SA01`` (no See Also section): links go in the text, where they explain
  something.
* ``SS05`` (summary starts with a verb in the third person): a heuristic that
  flags noun phrases ending in "s" ("Rasters of several populations ...").
"""

from __future__ import annotations

#: numpydoc's notation: every check except those named.
CHECKS = frozenset({"all", "ES01", "EX01", "SA01", "SS05"})

#: Public objects excused from the checks, each with the checks it fails: none
#: today, and keep it so. The test fails on an entry that passes or names
#: nothing, so the list cannot go stale.
KNOWN_FAILURES: dict[str, tuple[str, ...]] = {}
