"""Where the "[source]" links of the API pages point.

``sphinx.ext.viewcode`` follows every documented name to the module whose
source it shows, through the value's ``__module__``. For a module-level
instance, such as ``course.exercises.task4.RULE`` (a
:class:`course.stdp.StdpRule`), that is its class's module, where the instance
is not written. Worse, viewcode names a module's whole source page after the
first page that reached it: when the task 4 page is read before the STDP page,
every "[docs]" link on the STDP source page points at an anchor
``course.exercises.task4.StdpRule`` that no page has. Sphinx reads pages on
several processes (``-j auto``), so which page comes first changes from build
to build, and so did the broken links.

:func:`defining_module` answers viewcode's ``viewcode-follow-imported`` event:
an instance is written in the module that documents it, and classes and
functions are left to viewcode, which finds the module that defines them.
"""

import importlib
import inspect


def defining_module(app, modname: str, fullname: str) -> str | None:
    """The module whose source shows ``modname.fullname``, for viewcode.

    Parameters
    ----------
    app : sphinx.application.Sphinx or None
        The Sphinx application (unused; the event passes it).
    modname : str
        The module the name is documented in.
    fullname : str
        The documented name within that module, such as ``"RULE"`` or
        ``"StdpRule.weight_change"``.

    Returns
    -------
    str or None
        ``modname`` for anything but a class or a function (an instance is
        written where it is assigned); None otherwise, so that viewcode
        follows the name to the module that defines it.
    """
    try:
        value = importlib.import_module(modname)
        for part in fullname.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError):
        return None
    if inspect.isclass(value) or inspect.isroutine(value):
        return None
    return modname
