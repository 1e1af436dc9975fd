"""
.. _lesson-07:

07. A connection list: center and surround
==========================================

Not every wiring rule is a PyNN connector. The notes write their own: cells on
a line connect when a Gaussian of their distance passes a threshold, with a
delay that grows with the distance, and the result goes to
``FromListConnector``. This lesson states that rule precisely, builds it with
:func:`course.connectivity.center_surround`, draws it, and shows the settings
that reduce it to one-to-one and all-to-all wiring.

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: Beginner
   :Time: about 25 minutes
   :Prerequisites: :ref:`lesson-03`, :ref:`lesson-06`
   :You will be able to: state a distance-dependent wiring rule precisely,
      build it as a connection list fast enough for large networks, and check
      the delays a simulator stores for it.
"""

# %%
# The rule
# --------
# Presynaptic cell :math:`i` sits at position :math:`i`, postsynaptic cell
# :math:`j` at position :math:`j`, one cell spacing apart, so their distance
# is :math:`d = |i - j|`. The pair gets the probability
#
# .. math::
#
#    p(d) = s \, \exp\!\left(-\frac{d^2}{2\,w^2}\right)
#
# with width :math:`w` (cell spacings) and scale :math:`s = 1`, and is
# connected when :math:`d > d_\mathrm{thresh}` **and**
# :math:`p > p_\mathrm{thresh}`, with delay
#
# .. math::
#
#    \mathrm{delay} = d_0 + \frac{d}{v_c}, \qquad d_0 = 1\ \mathrm{ms},\quad
#    v_c = 0.35\ \text{cell spacings per ms}.
#
# **Nothing is random.** Despite the word "probability" the rule
# *thresholds* :math:`p`; it never draws a random number, so the same
# arguments always give the same list. A neighbour's spike arrives
# :math:`1 + 1/0.35 = 3.86` ms later.
#
# .. dropdown:: Units: why the notes' 0.35 "m/s" is 0.35 cell spacings per ms
#
#    The notes label :math:`v_c = 0.35` "m/s" while distances are counted in
#    cells. Both are right if the cells are 1 mm apart: 0.35 m/s is
#    0.35 mm/ms, i.e. 0.35 spacings per ms.
#
# .. dropdown:: Speed: how the course's builder beats the notes' loop
#
#    The notes loop over every pair in Python: 2.7 s for 1000 x 1000 cells,
#    hours for 100 000. Since :math:`p` depends only on :math:`|i - j|`,
#    :func:`~course.connectivity.center_surround` checks each possible
#    distance once and builds the rows for the few distances that pass with
#    numpy. It returns the same rows in the same order (the tests compare it
#    with a copy of the notes' loop).
import time

import matplotlib.pyplot as plt
import numpy as np
from pyNN.space import Line

import course
from course.connectivity import center_surround, connection_probability
from course.parameters import IF_COND_EXP_PARAMETERS

# %%
# The notes' two parameter sets
# -----------------------------
# Excitatory connections: narrow (width 1), every distance above 0, the
# *center*. Inhibitory connections: wider (width 3), but only beyond 2 cells,
# a ring around it, the *surround*.
N_CELLS = 100
settings = {
    "excitatory": {"weight": 0.008, "d_thresh": 0.0, "p_thresh": 0.1, "width": 1.0},
    "inhibitory": {"weight": 0.008, "d_thresh": 2.0, "p_thresh": 0.1, "width": 3.0},
}
lists, details = {}, {}
for kind, parameters in settings.items():
    weight = parameters["weight"]
    geometry = {key: value for key, value in parameters.items() if key != "weight"}
    lists[kind], details[kind] = center_surround(
        N_CELLS, N_CELLS, weight, **geometry, return_details=True
    )
    offsets = details[kind].offsets.astype(int).tolist()
    print(f"{kind}: {len(lists[kind])} connections; distances that pass: {offsets}")

# %%
# Each excitatory cell reaches its neighbours 1 and 2 cells away (4 targets,
# fewer at the ends of the line: 4 x 100 - 6 = 394); each inhibitory cell the
# cells 3 to 6 away (8 targets, 800 - 36 = 764). The first rows of the
# excitatory list, as ``(pre, post, weight in µS, delay in ms)``:
np.set_printoptions(precision=3, suppress=True)
print(lists["excitatory"][:5])

# %%
# Who connects to whom
# --------------------
# A zoom on cells 20 to 40: excitation on the two diagonals next to the main
# one, inhibition in two bands further out. Nobody connects to itself.
fig, ax = plt.subplots(layout="constrained", figsize=(5.6, 5.2))
styles = {"excitatory": ("o", "C0"), "inhibitory": ("+", "C3")}
for kind, rows in lists.items():
    marker, color = styles[kind]
    ax.plot(rows[:, 0], rows[:, 1], marker, color=color, linestyle="none", label=kind)
ax.set_xlim(19.5, 40.5)
ax.set_ylim(19.5, 40.5)
ax.set_xticks(range(20, 41, 5))
ax.set_yticks(range(20, 41, 5))
ax.set_aspect("equal")
ax.grid(alpha=0.3)
ax.set_xlabel("presynaptic cell i")
ax.set_ylabel("postsynaptic cell j")
ax.set_title("Center-surround connections (cells 20 to 40)")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# Probability against distance
# ----------------------------
# The two Gaussians, the probability threshold, and the distance thresholds.
# A distance connects when its point lies above the horizontal line and to
# the right of its own vertical line (the excitatory one is at 0, so
# :math:`d = 0` is left out: no self connections).
fig, ax = plt.subplots(layout="constrained", figsize=(6.4, 4.2))
curve = np.linspace(0.0, 12.0, 400)
whole = np.arange(0, 13)
for kind, parameters in settings.items():
    marker, color = styles[kind]
    p_curve = connection_probability(curve, parameters["width"])
    ax.plot(curve, p_curve, color=color, label=f"{kind}: width {parameters['width']:g}")
    p_points = connection_probability(whole, parameters["width"])
    passing = (whole > parameters["d_thresh"]) & (p_points > parameters["p_thresh"])
    ax.plot(whole[passing], p_points[passing], "o", color=color, markersize=7)
    ax.plot(whole[~passing], p_points[~passing], "o", color=color, markersize=7, mfc="white")
    ax.axvline(parameters["d_thresh"], color=color, linestyle=":", linewidth=1.2)
ax.axhline(0.1, color="0.3", linestyle="--", linewidth=1, label="p_thresh = 0.1")
ax.plot([], [], "o", color="0.4", label="connected")
ax.plot([], [], "o", color="0.4", mfc="white", label="not connected")
ax.set_xlabel("distance |i - j| (cell spacings)")
ax.set_ylabel("connection probability p(d)")
ax.set_title("The rule: p above p_thresh and d above d_thresh (dotted)")
ax.set_xlim(-0.3, 12.3)
ax.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# Special cases: one to one and all to all
# ----------------------------------------
# The same rule covers PyNN's two simplest connectors. A negative
# ``d_thresh`` keeps :math:`d = 0`. With a width so small that only
# :math:`p(0) = 1` passes, the list is one-to-one; with a width so large and
# ``p_thresh = 0`` that every pair passes, it is all-to-all (with autapses;
# ``d_thresh = 0`` drops them).
one_to_one = center_surround(N_CELLS, N_CELLS, 0.008, width=0.5, p_thresh=0.5, d_thresh=-1.0)
all_to_all = center_surround(N_CELLS, N_CELLS, 0.008, width=1e3, p_thresh=0.0, d_thresh=-1.0)
no_autapses = center_surround(N_CELLS, N_CELLS, 0.008, width=1e3, p_thresh=0.0, d_thresh=0.0)
is_diagonal = np.array_equal(one_to_one[:, 0], one_to_one[:, 1])
print(f"one-to-one-like: {len(one_to_one)} connections, all i == j: {is_diagonal}")
print(f"all-to-all-like: {len(all_to_all)} connections; without d = 0: {len(no_autapses)}")

# %%
# Fast enough for big layers
# --------------------------
# The builder's time grows with the number of connections it returns, not
# with the number of pairs. ``benchmarks/center_surround.py`` times it against
# the notes' loop: at 1000 x 1000 cells the loop takes seconds, the builder
# well under a millisecond, with identical results. A line of 100 000 cells:
start = time.perf_counter()
big = center_surround(100_000, 100_000, 0.008, width=3.0, p_thresh=0.1, d_thresh=2.0)
elapsed = time.perf_counter() - start
print(f"100 000 cells: {len(big):,} connections in {elapsed:.2f} s")

# %%
# Into a projection
# -----------------
# The rows go straight to ``FromListConnector``. After a run the simulator
# reads back the same connections; each delay is rounded to the 1 ms
# timestep (3.86 ms becomes 4 ms).
sim = course.setup(timestep=1.0)
# sphinx_gallery_thumbnail_number = 1
layer = sim.Population(
    N_CELLS, sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS), structure=Line(dx=1.0), label="layer"
)
projection = sim.Projection(
    layer,
    layer,
    sim.FromListConnector(lists["excitatory"], column_names=["weight", "delay"]),
    receptor_type="excitatory",
)
sim.run(1.0)
read_back = course.connections(projection)
print(f"read back {len(read_back)} of {len(lists['excitatory'])} connections")
asked = lists["excitatory"]
for distance in (1, 2):
    wanted = asked[np.abs(asked[:, 0] - asked[:, 1]) == distance, 3][0]
    stored = read_back[np.abs(read_back[:, 0] - read_back[:, 1]) == distance, 3]
    if stored.size:
        print(f"distance {distance}: delay {wanted:.3f} ms asked, {stored[0]:g} ms stored")
sim.end()

# %%
# On SpiNNaker
# ------------
# * The list is built on your computer and is the same on both backends; only
#   the stored delays and weights differ (weights in 16-bit
#   :term:`fixed point`).
# * The inhibitory list's longest delay, 1 + 6 / 0.35 = 18.1 ms, needs
#   :term:`delay extension` cores.
# * Lists with millions of rows take time to load onto the board; this
#   builder makes building them cheap, not loading them.
#
# Try it yourself
# ---------------
# Turn the rule into a random one: keep each pair with probability
# :math:`p(d)` instead of thresholding, by drawing
# ``np.random.default_rng(1).random(len(rows))`` against the probabilities in
# ``details``. (Hint: call ``center_surround`` with ``p_thresh=0`` to get every
# candidate pair first.) Before you draw, write down how many excitatory
# connections you expect, and how they compare with the thresholded 394.
#
# .. dropdown:: Answer
#
#    With ``d_thresh=0``, ``p_thresh=0`` and width 1 the builder returns
#    every pair whose probability is above 0 in floating point: 6118
#    candidates, the pairs up to 38 cells apart. Each is kept with
#    probability :math:`p(d) = e^{-d^2/2}`, so the expected number is the
#    sum of the probabilities, 148.8, with a binomial standard deviation of
#    :math:`\sqrt{\sum p (1 - p)} = 8.5`; the draw with seed 1 keeps 136.
#    The thresholded rule makes 394: it keeps every pair at distances 1 and
#    2 (probabilities 0.61 and 0.14) and none further, while the random rule
#    keeps only about 61 % and 14 % of them, plus a few at distance 3.
#
# Key points
# ----------
# * A wiring rule PyNN lacks becomes a list of ``(pre, post, weight, delay)``
#   rows for ``FromListConnector``.
# * Center-surround: near neighbours excite, a ring further out inhibits;
#   delays grow with distance.
# * The notes' rule thresholds a probability; it is deterministic.
# * Stored delays are rounded to the timestep (3.86 ms becomes 4 ms at 1 ms).
