"""Worked solutions of the course's exercise tasks, one module per task.

Each module has a function that builds the task's network in the simulator
that :func:`course.setup` returned, runs it and hands back a
:class:`course.results.Recording`, with keyword defaults that reproduce the
lesson.
"""
