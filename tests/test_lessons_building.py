"""Lessons 01-08 ("Building the network"): each runs quietly on NEST and computes what it says.

The tests read each lesson's results from its namespace after the run (the
``run_lesson`` fixture's ``.namespace``), not from its printed text. The
answers to the lessons' "Try it yourself" are checked by running the lesson
with the learner's change applied (``tests.conftest.run_variant``), so
every number an answer quotes comes from a run here.
"""

from __future__ import annotations

import numpy as np
import pytest

import course
from course.backends import DIFFERENCES
from tests.conftest import needs_spynnaker, run_variant

SECTION = "01_building"


def run_quietly(run_lesson, name: str, backend: str = "nest"):
    """Run a lesson; it must succeed, print nothing to stderr and leave no files."""
    run = run_lesson(f"{SECTION}/{name}", backend)
    assert run.ok, run.stderr
    if backend == "nest":
        assert run.stderr == ""
    assert run.left_behind == []
    return run


def topics() -> set[str]:
    return {difference.topic for difference in DIFFERENCES}


# --- 01 -------------------------------------------------------------------------------


def test_01_simulator(run_lesson):
    ns = run_quietly(run_lesson, "01_simulator.py").namespace
    state = ns["state"]
    assert (state.backend, state.timestep, state.min_delay, state.max_delay, state.seed) == (
        "nest",
        1.0,
        1.0,
        100.0,
        2026,
    )
    picked = ns["picked"]
    # NEST rounds each delay to the nearest timestep: exact values.
    np.testing.assert_allclose(ns["coarse"][picked], [1.0, 1.0, 3.0, 4.0, 7.0, 12.0])
    np.testing.assert_allclose(ns["fine"][picked], [1.0, 1.4, 2.6, 3.9, 6.7, 12.3], atol=1e-9)
    # The staircase of the figure: never off by more than half a step.
    assert np.abs(ns["coarse"] - ns["everything"]).max() <= 0.5
    assert np.abs(ns["fine"] - ns["everything"]).max() <= 0.05 + 1e-9
    # The lesson prints the entries that concern it: they must exist.
    assert set(ns["THIS_LESSON"]) <= topics()
    # Its exploration of ``sim`` lists the integrate-and-fire models lesson 02 uses.
    assert {"IF_curr_exp", "IF_cond_exp"} <= set(ns["cell_models"])
    # Its try-it answer (0.25 -> 0.3 on NEST, 0.2 on sPyNNaker; 0.75 -> 0.8 on both)
    # is pinned by tests/test_backend_facts.py, which reads both backends.


# --- 02 -------------------------------------------------------------------------------


def test_02_cell_types(run_lesson):
    ns = run_quietly(run_lesson, "02_cell_types.py").namespace
    assert len(ns["available"]) == 15
    assert set(ns["PORTABLE_CELL_TYPES"]) <= set(ns["available"])
    t, v, rest = ns["t"], ns["v"][:, 0], ns["p"]["v_rest"]
    before = t < ns["arrive_inh"]
    # NEST integrates IF_cond_exp to ~1e-6 mV; 0.02 mV catches any change of model
    # or parameters (the linearised estimate differs by 0.15 mV).
    assert v[before].max() - rest == pytest.approx(3.94, abs=0.02)
    assert ns["expected_v"][ns["before"]].max() - rest == pytest.approx(4.09, abs=0.01)
    assert v[~before].min() == pytest.approx(-65.11, abs=0.02)
    # The conductance jumps by exactly the weight.
    assert ns["g_exc"].max() == pytest.approx(0.02, abs=1e-4)
    assert ns["g_inh"].max() == pytest.approx(0.05, abs=1e-4)


def _lowest_below_rest(ns) -> tuple[float, float]:
    """(measured, linearised) depth of v below rest after the inhibitory spike (mV)."""
    t, v, rest = ns["t"], ns["v"][:, 0], ns["p"]["v_rest"]
    after = t >= ns["arrive_inh"]
    linear = ns["expected_v"][ns["grid"] >= ns["arrive_inh"]].min()
    return rest - v[after].min(), rest - linear


def test_02_answer_a_deeper_ipsp(tmp_path, monkeypatch):
    """e_rev_I = -90 mV: the quoted IPSP peaks (0.79 -> 3.94 mV) and lowest v (0.11 -> 2.86)."""
    ns = run_variant(
        f"{SECTION}/02_cell_types.py",
        tmp_path,
        monkeypatch,
        {
            "sim.IF_cond_exp(**IF_COND_EXP_PARAMETERS), label": (
                'sim.IF_cond_exp(**{**IF_COND_EXP_PARAMETERS, "e_rev_I": -90.0}), label'
            ),
            "p = IF_COND_EXP_PARAMETERS\n": 'p = {**IF_COND_EXP_PARAMETERS, "e_rev_I": -90.0}\n',
        },
    )
    grid, arrive = ns["grid"], ns["arrive_inh"]
    ipsp = {
        e_rev: -ns["linear_psp"](grid, ns["W_INH"], arrive, ns["p"]["tau_syn_I"], e_rev).min()
        for e_rev in (-70.0, -90.0)
    }
    assert ipsp[-70.0] == pytest.approx(0.79, abs=0.005)
    assert ipsp[-90.0] == pytest.approx(3.94, abs=0.005)
    assert ipsp[-90.0] / ipsp[-70.0] == pytest.approx(5.0)
    measured, linear = _lowest_below_rest(ns)
    assert measured == pytest.approx(2.86, abs=0.005)
    assert linear == pytest.approx(3.02, abs=0.005)


def test_02_answer_b_threshold_weight(run_lesson, tmp_path, monkeypatch):
    """The neuron is silent at W_EXC = 0.1000 µS and fires at 0.1001 µS; linear estimate 0.083."""
    ns = run_quietly(run_lesson, "02_cell_types.py").namespace
    measured, linear = _lowest_below_rest(ns)
    assert measured == pytest.approx(0.11, abs=0.005)
    assert linear == pytest.approx(0.03, abs=0.005)
    peak = ns["expected_v"][ns["before"]].max() - ns["p"]["v_rest"]
    estimate = ns["W_EXC"] * (ns["p"]["v_thresh"] - ns["p"]["v_rest"]) / peak
    assert estimate == pytest.approx(0.083, abs=0.0005)
    fired = {}
    for weight in ("0.1000", "0.1001"):
        variant = run_variant(
            f"{SECTION}/02_cell_types.py",
            tmp_path,
            monkeypatch,
            {"W_EXC = 0.02 ": f"W_EXC = {weight} "},
        )
        # A spike resets v to -70 mV; without one v never goes below -65.2 mV.
        fired[weight] = variant["v"].min() < -69.0
    assert fired == {"0.1000": False, "0.1001": True}
    # 'about 17 % too low'
    assert 1 - estimate / 0.1001 == pytest.approx(0.17, abs=0.01)


# --- 03 -------------------------------------------------------------------------------


def test_03_populations(run_lesson):
    ns = run_quietly(run_lesson, "03_populations.py").namespace
    assert [pop.size for pop in ns["pops"].values()] == [100, 100]
    assert np.unique(ns["thresholds"]).tolist() == [-48.0]
    assert (ns["middle"].size, ns["every_tenth"].size, ns["chosen"].size) == (10, 10, 4)
    assert ns["refractory"][44:47].tolist() == [2.0, 5.0, 5.0]
    assert (ns["refractory"] == 5.0).sum() == 10
    np.testing.assert_array_equal(ns["line_xyz"][0], np.arange(20.0))
    assert (np.unique(ns["grid_xyz"][0]).size, np.unique(ns["grid_xyz"][1]).size) == (20, 20)
    assert ns["n_cells"] == 620


@needs_spynnaker
@pytest.mark.spinnaker
@pytest.mark.parametrize(("block", "cores"), [((5, 5), 9), ((3, 5), 15), ((15, 15), 1)])
def test_03_answer_blocks_of_a_15_by_15_grid(block, cores):
    """The try-it answer: whole blocks of a 15 x 15 grid, one core each, on the virtual board."""
    from pyNN.space import Grid2D

    sim = course.setup("virtual", timestep=1.0)
    try:
        grid = sim.Population(
            225, sim.IF_cond_exp(), structure=Grid2D(aspect_ratio=1.0), label="grid"
        )
        course.set_max_atoms_per_core(grid, block)
        sim.run(1.0)
        assert len(grid._vertex.machine_vertices) == cores
    finally:
        sim.end()


# --- 04 -------------------------------------------------------------------------------


def test_04_recording(run_lesson):
    ns = run_quietly(run_lesson, "04_recording.py").namespace
    v_init, v_start, v = ns["v_init"], ns["v_start"], ns["v"]
    np.testing.assert_array_equal(v_init, v_start)
    np.testing.assert_array_equal(v[0], v_init)
    assert v.shape == (201, 100)
    # 100 draws from normal(-65, 2): the sample mean lies within 3 standard errors
    # (0.6 mV) and the KS distance below its 5 % critical value 0.136.
    assert v_init.mean() == pytest.approx(-65.0, abs=0.6)
    assert ns["ks_distance"] < 0.136
    # Seeded Poisson input: measured 23.2 Hz. The band allows another NEST version
    # to change the random stream (rate sd over 100 cells x 0.2 s is ~1.5 Hz).
    rate = ns["counts"].mean() / ns["RUN_TIME"] * 1000.0
    assert 18.0 <= rate <= 28.0


def test_04_initial_values_are_host_drawn_and_the_same_on_spinnaker(monkeypatch):
    """The lesson's generator (make_rng(host=True)) gives SpiNNaker NEST's numbers."""
    from course import simulator

    def draw():
        sim = course.setup("nest", timestep=1.0)
        for _ in range(2):  # the lesson's two population_seed() calls come first
            course.population_seed()
        values = sim.RandomDistribution(
            "normal", (-65.0, 2.0), rng=course.make_rng(host=True)
        ).next(100)
        sim.end()
        return values

    on_nest = draw()
    monkeypatch.setattr(simulator, "is_spinnaker", lambda: True)
    np.testing.assert_array_equal(draw(), on_nest)


def test_04_answer_uniform_start(run_lesson, tmp_path, monkeypatch):
    """One seed's result, stated as such: 18 instead of 15 spikes in 20 ms, first at 10 not 12."""

    def early(ns):
        times = np.concatenate(ns["recording"].spike_times("Exc"))
        return int(np.sum(times < 20.0)), float(times.min()), int(times.size)

    normal = early(run_quietly(run_lesson, "04_recording.py").namespace)
    uniform = early(
        run_variant(
            f"{SECTION}/04_recording.py",
            tmp_path,
            monkeypatch,
            {
                'RandomDistribution("normal", (V_MEAN, V_SD),': (
                    'RandomDistribution("uniform", (-65.0, -55.0),'
                )
            },
        )
    )
    # NEST is deterministic for fixed seeds: exact.
    assert normal == (15, 12.0, 464)
    assert uniform == (18, 10.0, 470)


# --- 05 -------------------------------------------------------------------------------


def test_05_synapses(run_lesson):
    ns = run_quietly(run_lesson, "05_synapses.py").namespace
    same, own = ns["same"], ns["own"]
    assert (len(same), np.unique(same[:, 2]).size) == (400, 1)
    assert (len(own), np.unique(own[:, 2]).size) == (400, 400)
    # Mean of 400 clipped-normal weights: 0.04 +- 3 standard errors (0.0015 µS).
    assert own[:, 2].mean() == pytest.approx(0.04, abs=0.0015)
    assert own[:, 2].min() >= 0.0
    # NEST reads A as a fraction of w_max: the helper gives 0.002 / 0.04.
    assert ns["amplitudes"] == pytest.approx({"A_plus": 0.05, "A_minus": 0.05})
    assert len(ns["post_spikes"]) == 5
    # The all-pairs sum of the rule predicts NEST's weight to floating-point accuracy
    # (measured 0.022872 both); 0.0229 +- 0.0005 is the lesson's stated result.
    assert ns["w_end"][0] == pytest.approx(ns["predicted"], abs=1e-6)
    assert ns["w_end"][0] == pytest.approx(0.0229, abs=0.0005)
    # Delays 0.5 + 0.01 d for d = 0..133 µm, rounded to 0.1 ms.
    rows = ns["rows"]
    assert (rows[:, 3].min(), rows[:, 3].max(), len(rows)) == pytest.approx((0.5, 1.8, 400))
    # What SpiNNaker will show (course.spinnaker_model, deterministic). Quoted:
    # post spikes 19.9 ... 138.6 ms on the board, 20.0 ... 138.7 ms on NEST;
    # 0.02292 µS on the board, 0.02287 µS on NEST; with A = 0.05 by hand 0.0163 µS.
    np.testing.assert_allclose(ns["board_spikes"], [19.9, 49.0, 78.7, 108.6, 138.6], atol=0.01)
    np.testing.assert_allclose(ns["post_spikes"], [20.0, 49.1, 78.8, 108.7, 138.7], atol=0.05)
    assert ns["board_w_end"] == pytest.approx(0.02292, abs=5e-6)
    assert ns["w_end"][0] == pytest.approx(0.02287, abs=5e-6)
    assert ns["by_hand_w_end"] == pytest.approx(0.0163, abs=5e-5)
    # Quoted: the board stores this weight in steps of 2**-18 µS, i.e.
    # 2**(shift - 15) / 1024 µS (conductances are written times 1024) with a
    # 7-bit shift for the post neuron's excitatory input.
    from course import spinnaker_model as sm
    from course.stdp import StdpRule

    rule = StdpRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.002, A_minus=0.002, w_max=0.04,
                    w_init=0.02)  # fmt: skip
    board = sm.simulate(
        populations={
            "pre": sm.SpikeArray([ns["pre_times"]]),
            "post": sm.Cells(1, "IF_cond_exp", ns["IF_COND_EXP_PARAMETERS"]),
            "teacher": sm.SpikeArray([ns["teacher_times"]]),
        },
        projections=[
            ("pre", "post", [(0, 0, 0.02, 1.0)], "excitatory", rule),
            ("teacher", "post", [(0, 0, 0.1, 1.0)], "excitatory"),
        ],
        run_time=10.0,
        timestep=0.1,
    )
    assert board["post"].ring_buffer_shifts[0] == 7


@pytest.mark.parametrize(
    ("shift", "pairs", "weight", "first_post"),
    [
        # ("+ 5.0", "5") is the lesson as written: test_05_synapses pins it (0.02287 µS).
        ("- 5.0", "5", 0.0281, 12.0),
        ("+ 5.0", "20", 0.0335, 20.0),
        ("- 5.0", "20", 0.0394, 12.0),
    ],
)
def test_05_answer_teacher_before_pre(tmp_path, monkeypatch, shift, pairs, weight, first_post):
    """The try-it answer's weights after 5 and 20 pairs, teacher after or before the pre spike."""
    ns = run_variant(
        f"{SECTION}/05_synapses.py",
        tmp_path,
        monkeypatch,
        {
            "teacher_times = [t + 5.0 for t": f"teacher_times = [t {shift} for t",
            "PAIRS = 5\n": f"PAIRS = {pairs}\n",
        },
        stop_before="What SpiNNaker will show",  # the answer is NEST's weight
    )
    # NEST runs the same network the same way every time; 0.00005 µS is the rounding
    # of the quoted value.
    assert ns["w_end"][0] == pytest.approx(weight, abs=0.00005)
    assert ns["post_spikes"][0] == pytest.approx(first_post, abs=0.05)
    assert ns["w_end"][0] <= ns["W_MAX"]


# --- 06 -------------------------------------------------------------------------------


def test_06_connectors(run_lesson):
    run = run_quietly(run_lesson, "06_connectors.py")
    assert "SmallWorldConnector: not implemented on this backend" in run.stdout
    counts = {label: len(table) for label, table in run.namespace["tables"].items()}
    # Deterministic connectors: exact.
    assert counts["AllToAll (no autapses)"] == 870
    assert counts["OneToOne"] == 30
    assert counts["FixedNumberPre(5)"] == 150
    assert counts["FixedNumberPost(5)"] == 150
    assert counts["FromList (the notes' list)"] == 5
    assert counts["small-world ring list (3, 0.1)"] == 120
    # Random connectors (seeded): within 3 binomial standard deviations.
    assert abs(counts["FixedProbability(0.25)"] - 225) <= 3 * 13
    assert abs(counts['DistanceDependent("exp(-d)")'] - 63) <= 3 * 5


def test_06_answer_distance_below_three(tmp_path, monkeypatch):
    """'d < 3' makes 144 connections; the unrewired small-world ring 120, and another matrix."""
    ns = run_variant(
        f"{SECTION}/06_connectors.py", tmp_path, monkeypatch, {'"exp(-d)", rng=': '"d < 3", rng='}
    )
    table = ns["tables"]['DistanceDependent("exp(-d)")']
    assert len(table) == 30 + 2 * 29 + 2 * 28 == 144
    distance = np.abs(table[:, 0] - table[:, 1])
    assert sorted(set(distance.tolist())) == [0.0, 1.0, 2.0]
    from course.small_world import small_world_ring

    ring = small_world_ring(30, 3, 0.0, weight=0.001, delay=1.0, seed=7)
    assert len(ring) == 120
    ring_pairs = {(int(i), int(j)) for i, j in ring[:, :2]}
    assert (0, 29) in ring_pairs and (0, 0) not in ring_pairs


# --- 07 -------------------------------------------------------------------------------


def test_07_center_surround(run_lesson):
    ns = run_quietly(run_lesson, "07_center_surround.py").namespace
    lists, details = ns["lists"], ns["details"]
    assert len(lists["excitatory"]) == 394
    assert details["excitatory"].offsets.astype(int).tolist() == [1, 2]
    assert len(lists["inhibitory"]) == 764
    assert details["inhibitory"].offsets.astype(int).tolist() == [3, 4, 5, 6]
    assert len(ns["one_to_one"]) == 100 and ns["is_diagonal"]
    assert (len(ns["all_to_all"]), len(ns["no_autapses"])) == (10000, 9900)
    assert len(ns["big"]) == 799_964
    # The builder must stay fast: a couple of seconds is the requirement.
    assert ns["elapsed"] < 2.0
    read_back = ns["read_back"]
    assert len(read_back) == 394
    stored = {d: read_back[np.abs(read_back[:, 0] - read_back[:, 1]) == d, 3][0] for d in (1, 2)}
    assert stored == {1: 4.0, 2: 7.0}


def test_07_answer_random_center_surround():
    """Every pair d > 0 is a candidate (9900); about 149 +- 9 are kept (one draw: 136)."""
    from course.connectivity import center_surround

    rows, details = center_surround(
        100, 100, 0.008, d_thresh=0.0, p_thresh=0.0, width=1.0, return_details=True
    )
    p = details.probabilities
    # Probabilities that underflow to 0 fail p > 0: 6118 candidates, not 9900.
    assert len(rows) == 6118
    assert p.sum() == pytest.approx(148.8, abs=0.05)
    assert np.sqrt((p * (1 - p)).sum()) == pytest.approx(8.5, abs=0.05)
    kept = np.random.default_rng(1).random(len(rows)) < p
    assert kept.sum() == 136


# --- 08 -------------------------------------------------------------------------------


def spike_summary(recording) -> dict:
    """Spikes and the first and last active cell of each layer."""
    summary = {}
    for label in ("Exc", "Inh"):
        counts = recording.spike_counts(label)
        active = np.flatnonzero(counts)
        summary[label] = (int(counts.sum()), int(active.min()), int(active.max()))
    return summary


def test_08_projections(run_lesson):
    ns = run_quietly(run_lesson, "08_projections.py").namespace
    tables = ns["tables"]
    expected = {
        ("Exc", "Exc"): (394, [0.055]),
        ("Exc", "Inh"): (100, [0.1]),
        ("Inh", "Inh"): (764, [0.02]),
        ("Inh", "Exc"): (1258, [0.1]),
    }
    for key, (count, weights) in expected.items():
        assert len(tables[key]) == count, key
        assert np.unique(tables[key][:, 2]).round(4).tolist() == weights, key
    assert list(ns["net"].projections) == [
        ("Exc", "Exc"),
        ("Exc", "Inh"),
        ("Inh", "Inh"),
        ("Inh", "Exc"),
        ("Thalamus", "Exc"),
    ]
    # The network is deterministic on NEST (measured 33 and 19 spikes); +-3 spikes as
    # in tests/test_network.py.
    summary = spike_summary(ns["recording"])
    assert abs(summary["Exc"][0] - 33) <= 3
    assert abs(summary["Inh"][0] - 19) <= 3
    # The narrative: Exc cells 43-56 fire between 15 and 37 ms, Inh from 24 ms, and
    # all is silent after 41 ms (deterministic on NEST; one step of slack for a
    # NEST update).
    assert summary["Exc"][1:] == (43, 56)
    exc = np.concatenate(ns["recording"].spike_times("Exc"))
    inh = np.concatenate(ns["recording"].spike_times("Inh"))
    assert exc.min() == pytest.approx(15.0, abs=1.0) and exc.max() == pytest.approx(37.0, abs=1.0)
    assert inh.min() == pytest.approx(24.0, abs=1.0) and inh.max() <= 42.0


def test_08_answer_weaker_feedback_inhibition(tmp_path, monkeypatch):
    """A fifth of the Inh -> Exc weight: the activity never stops and reaches the whole line."""
    weaker = {
        "layer_network(sim, thalamus_spike_times=thalamic_volley(N))": (
            "layer_network(sim, thalamus_spike_times=thalamic_volley(N), "
            'weights={("Inh", "Exc"): 0.02})'
        )
    }
    ns = run_variant(f"{SECTION}/08_projections.py", tmp_path, monkeypatch, weaker)
    summary = spike_summary(ns["recording"])
    # Deterministic on NEST; +-3 spikes as for the lesson itself.
    assert abs(summary["Exc"][0] - 284) <= 3 and summary["Exc"][1:] == (37, 62)
    times = np.concatenate(ns["recording"].spike_times("Exc"))
    assert np.sum(times >= 90.0) > 0  # still firing at the end of the 100 ms run
    longer = run_variant(
        f"{SECTION}/08_projections.py",
        tmp_path,
        monkeypatch,
        {**weaker, "RUN_TIME = 100.0": "RUN_TIME = 600.0"},
    )
    assert spike_summary(longer["recording"])["Exc"][1:] == (0, 99)


@needs_spynnaker
@pytest.mark.spinnaker
def test_06_connectors_maps_on_the_virtual_board(run_lesson):
    out = run_quietly(run_lesson, "06_connectors.py", backend="virtual").stdout
    assert "SmallWorldConnector: available on this backend" in out
    # course.backends.DIFFERENCES, "Reading connections back": FixedNumberPost reads back
    # as zero connections after a virtual run (sPyNNaker 7.4).
    import re

    assert re.search(r"^FixedNumberPost\(5\)\s+0   ", out, flags=re.MULTILINE)
    assert re.search(r"^OneToOne\s+30   ", out, flags=re.MULTILINE)
