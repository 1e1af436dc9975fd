"""numpydoc validation of every public function, class and method of ``course``.

The checks, and the functions that do not pass them yet, are in
``docs/_docstring_checks.py``, which the docs build reads too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import runpy
import sys
import types
from pathlib import Path

import pytest
from numpydoc.validate import get_validation_checks, validate

import course

POLICY = runpy.run_path(str(Path(__file__).resolve().parents[1] / "docs" / "_docstring_checks.py"))
CHECKS = get_validation_checks(set(POLICY["CHECKS"]))
KNOWN_FAILURES = POLICY["KNOWN_FAILURES"]


def public_objects() -> list[str]:
    """Full names of what ``course`` offers: every function or class named in a
    public module's ``__all__``, and the public methods and properties of those
    classes. An object is named where it is defined when that module is public
    (a package's re-exports are found in their own modules, whether or not
    those list them in ``__all__``), else where it is exported from (a class
    defined in a private module such as ``course.check._findings``)."""
    names = []
    for info in pkgutil.walk_packages(course.__path__, "course."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            home = obj.__module__
            if home.split(".")[0] != "course":
                continue  # a re-export from another library
            if any(part.startswith("_") for part in home.split(".")):
                full_name = f"{module.__name__}.{name}"
            else:
                full_name = f"{home}.{obj.__qualname__}"
            if full_name in names:
                continue
            names.append(full_name)
            if inspect.isclass(obj):
                names.extend(
                    f"{full_name}.{attribute}"
                    for attribute, value in vars(obj).items()
                    if not attribute.startswith("_")
                    and (inspect.isfunction(value) or isinstance(value, property))
                )
    return names


PUBLIC = public_objects()


def failed_checks(name: str) -> dict[str, str]:
    """The selected checks ``name``'s docstring fails, code -> message."""
    return {code: message for code, message in validate(name)["errors"] if code in CHECKS}


def test_the_walk_finds_the_package():
    # Guards the walk itself: a broken walk would make every other test pass.
    assert len(PUBLIC) > 100
    assert {"course.plotting.spikes.raster", "course.network.layer_network"} <= set(PUBLIC)
    assert "course.results.Recording.spike_times" in PUBLIC  # methods too
    # re-exports: from a private module, and from modules without __all__
    assert {
        "course.check.CheckResult",
        "course.models.microcircuit.network.build_microcircuit",
    } <= set(PUBLIC)


@pytest.mark.parametrize("name", [name for name in PUBLIC if name not in KNOWN_FAILURES])
def test_docstring_passes_numpydoc_validation(name):
    failures = failed_checks(name)
    assert not failures, "\n".join(f"{name}: {code} {text}" for code, text in failures.items())


def test_known_failures_still_fail_as_listed():
    """Shrink KNOWN_FAILURES when a docstring is fixed, or its object moves."""
    stale = [
        f"{name} now fails {sorted(failed_checks(name))}: update or remove its entry"
        if name in PUBLIC
        else f"{name} is no longer a public object of course: remove it"
        for name, checks in sorted(KNOWN_FAILURES.items())
        if name not in PUBLIC or set(failed_checks(name)) != set(checks)
    ]
    assert stale == []


def test_the_checks_catch_a_bad_docstring():
    """A docstring that leaves out a parameter and its return value fails."""
    module = types.ModuleType("course_docstring_probe")

    def scale(values, factor):
        """Multiply values by a factor."""
        return values * factor

    scale.__module__ = module.__name__
    module.scale = scale
    sys.modules[module.__name__] = module
    try:
        codes = {code for code, _ in validate("course_docstring_probe.scale")["errors"]}
    finally:
        del sys.modules[module.__name__]
    assert {"PR01", "RT01"} <= codes & CHECKS
