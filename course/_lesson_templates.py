"""The text of a new lesson and of its test, as ``nox -s new_lesson`` writes them.

:func:`course.lessons.new_lesson` fills in the lesson's number, title, heading
underline and level, and the test's number, slug and path.
"""

LESSON_TEMPLATE = '''"""
.. _lesson-{number}:

{number}. {title}
{underline}

[to write: one paragraph: what this lesson teaches, what the learner builds,
and what they will see at the end.]

.. admonition:: About this lesson
   :class: lesson-frame

   :Level: {level}
   :Time: about 20 minutes
   :Prerequisites: :ref:`lesson-01`
   :You will be able to: [to write: what the learner can do afterwards]
"""

# %%
# Set up the simulator
# --------------------
# ``course.setup`` hands back the PyNN module, here called ``sim`` (see
# :term:`backend`); everything after it is plain PyNN.
import matplotlib.pyplot as plt

import course
from course import plotting

sim = course.setup(timestep=1.0)

# %%
# Build the network
# -----------------
# [to write: what each population is for, before the code that creates it.]
cells = sim.Population(10, sim.IF_curr_exp(i_offset=1.0), label="cells")
cells.record("spikes")

# %%
# Run and look at the result
# --------------------------
# [to write: what the learner should see, with numbers.]
sim.run(100.0)
recording = course.collect([cells])
print(f"spikes per neuron: {{recording.spike_counts('cells').tolist()}}")
plotting.raster(recording.spike_times("cells"), run_time=100.0)
plt.title("Raster of the cells")
plt.show()

sim.end()

# %%
# On SpiNNaker
# ------------
# [to write: what differs there, briefly; details in dropdowns.]
#
# Try it yourself
# ---------------
# [to write: one small change.] Before you run it, write down what you
# expect.
#
# .. dropdown:: Answer
#
#    [to write: the outcome, with the numbers a test checks by running the edit.]
#
# Key points
# ----------
# * [to write: three to five things to remember.]
# * [to write]
# * [to write]
'''

TEST_TEMPLATE = """

def test_lesson_{number}_{slug}(run_lesson):
    run = run_lesson("{relative}")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert run.left_behind == []
    # run.namespace holds the lesson's global names after its run on NEST:
    # assert on the numbers it computed, not on the text it printed.
    from course import Recording

    spike_counts = {{
        f"{{name}}[{{label!r}}]": value.spike_counts(label).tolist()
        for name, value in run.namespace.items()
        if isinstance(value, Recording)
        for label in value.labels
    }}
    pytest.fail(
        f"measured spike counts {{spike_counts}}: assert this lesson's outcome (spike counts "
        "or times, rates, connection counts or weight changes), each with a stated tolerance "
        "and the reason for it, in place of this call (a lesson test without an outcome "
        "assertion fails tests/test_lessons_scaffold.py)."
    )
"""
