"""Published network models, reproduced in portable PyNN.

Unlike :mod:`course.exercises`, which holds the worked solutions of the
course's tasks, this package holds models that other people published and
that the course rebuilds from their papers and reference code:

* :mod:`course.models.microcircuit`: the Potjans & Diesmann (2014) cortical
  microcircuit.
"""
