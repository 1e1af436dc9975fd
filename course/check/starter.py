"""The placeholder that marks what a learner still has to write in a task's starter script.

Each task page offers a starter script: the task's skeleton, with every part
the learner writes marked as a numbered TODO block::

    # TODO 1: make two SpikeSourceArray cells spiking at 0 and 1 ms.
    sources = course.check.todo(1, "make the two spike sources")
    # END TODO 1

The learner replaces the line between ``# TODO 1:`` and ``# END TODO 1`` with
their own code. Run before that, the script stops at the first open TODO with
one sentence saying which one, instead of a traceback from deep inside PyNN.
"""

from __future__ import annotations

from course._checks import check_positive_integer, check_text

__all__ = ["StarterIncomplete", "todo"]


class StarterIncomplete(SystemExit):
    """A starter script reached a TODO that is not written yet.

    A :class:`SystemExit`: the script stops with the message and exit status 1,
    without a traceback, in a terminal and in a notebook alike.
    """


def todo(number: int, what: str):
    """Stop a starter script at TODO ``number``, which is still to be written.

    Parameters
    ----------
    number : int
        The TODO's number in the starter script, 1 or more.
    what : str
        What the learner writes there, in a few words.

    Raises
    ------
    StarterIncomplete
        Always: the message names the TODO and what to write.
    TypeError, ValueError
        ``number`` is not a positive whole number or ``what`` is not a string.
    """
    number = check_positive_integer("number", number)
    what = check_text("what", what)
    raise StarterIncomplete(
        f"TODO {number} is not written yet: {what}. Replace the line between "
        f"'# TODO {number}:' and '# END TODO {number}' with your code, then run the script again."
    )
