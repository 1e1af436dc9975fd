"""Worked solutions of the course's exercise tasks, one module per task.

Each module has a function that builds the task's network in the simulator
that :func:`course.setup` returned, runs it and hands back a
:class:`course.results.Recording` — or, for the STDP tasks, a small result
holding one together with the weights read back — with keyword defaults that
reproduce the lesson. The next-step models (A, B and the open exercises)
follow the same pattern; the published microcircuit is in
:mod:`course.models.microcircuit`.
"""
