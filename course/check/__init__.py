"""Self-checks for the five exercise tasks: is YOUR solution right?

Run your own network, then hand what it recorded to the check of your task::

    import course.check

    result = course.check.task2(chain.get_data())
    print(result)

Every check reads spikes in the forms :func:`course.spike_data.spike_trains`
accepts: a :class:`course.Recording` (what :func:`course.collect` returns), a
:class:`neo.Block` or :class:`neo.Segment` (what ``Population.get_data()``
returns), or a list of spike-time arrays in ms, one per neuron.

It answers with a :class:`CheckResult`: ``passed`` is ``True`` only when
everything the task asks for was checked and is right; ``messages`` says,
line by line and in plain words, what is right (``✓``), what is wrong and
what to try (``✗``), what could not be checked and what to pass so that it
can be (``?``), and what to keep in mind (``•``). A check never raises on odd
data, such as the empty recordings a virtual SpiNNaker board returns; only
data of the wrong *type* gives a :class:`TypeError`.

Tasks 1, 2, 4 and 5 accept NEST's outcome and SpiNNaker's and say which the
data looks like: NEST's precise spikes fall between timesteps (10.50 ms), a
SpiNNaker board records every spike on the 1 ms grid, and one hop of a chain
takes less time there. For the STDP tasks the weights tell: a board stores
them in 16-bit steps, reads ``A_plus`` as a weight (not a fraction of
``w_max``) and rounds every update down to a whole step.
"""

from __future__ import annotations

from course.check._findings import CheckResult
from course.check.balanced_network import task3
from course.check.network_structure import ProjectionSummary, summarize_projection
from course.check.simple_network import task1
from course.check.starter import StarterIncomplete, todo
from course.check.stdp_curve import task5
from course.check.stdp_pairing import task4
from course.check.synfire_chain import task2

__all__ = [
    "CheckResult",
    "ProjectionSummary",
    "summarize_projection",
    "task1",
    "task2",
    "task3",
    "task4",
    "task5",
    "todo",
    "StarterIncomplete",
]
