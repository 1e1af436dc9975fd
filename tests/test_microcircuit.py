"""The Potjans & Diesmann microcircuit: published data, scaling rules, a small run on NEST."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.exercises import microcircuit as mc

from .conftest import needs_spynnaker


def test_published_tables_have_the_stated_sizes():
    assert sum(mc.FULL_SIZES) == 77169
    assert np.asarray(mc.CONNECTION_PROBABILITIES).shape == (8, 8)
    assert len(mc.EXTERNAL_INDEGREES) == len(mc.PUBLISHED_RATES) == 8
    # "About 0.3 billion synapses": the fixed-total-number rule gives 2.99e8.
    assert 2.9e8 < mc.full_synapse_counts().sum() < 3.1e8


def test_psp_to_psc_gives_the_published_87_8_pa():
    # 0.15 mV with C = 250 pF, tau_m = 10 ms, tau_syn = 0.5 ms is 87.81 pA
    # in every implementation of the model; 1e-4 relative covers rounding.
    assert mc.psp_to_psc(0.15, 0.25, 10.0, 0.5) == pytest.approx(0.087808, rel=1e-4)


def test_synapse_count_formula_for_one_pair():
    # L4e -> L2/3e: n = ln(1 - p) / ln(1 - 1 / (N_pre N_post)), with log1p
    # because 1 / (N_pre N_post) ~ 2e-9 loses digits in log(1 - x).
    p = mc.CONNECTION_PROBABILITIES[0][2]
    pairs = mc.FULL_SIZES[0] * mc.FULL_SIZES[2]
    expected = math.log1p(-p) / math.log1p(-1 / pairs)
    assert mc.full_synapse_counts()[0, 2] == pytest.approx(expected, rel=1e-9)


def test_full_scale_parameters_need_no_compensation():
    full = mc.microcircuit_parameters(1.0, 1.0)
    assert full.sizes == mc.FULL_SIZES
    assert full.n_neurons == 77169
    np.testing.assert_allclose(full.dc_current, 0.0, atol=1e-12)
    assert full.external_indegrees == mc.EXTERNAL_INDEGREES
    w = mc.psp_to_psc(0.15, 0.25, 10.0, 0.5)
    assert full.weights[0, 2] == pytest.approx(2 * w)  # L4e -> L2/3e doubled
    assert full.weights[0, 0] == pytest.approx(w)
    assert full.weights[0, 1] == pytest.approx(-4 * w)  # g = -4


def test_in_degree_scaling_keeps_the_mean_input():
    # van Albada et al. (2015): with in-degrees times k and weights over
    # sqrt(k), the DC current restores the full-scale mean input exactly
    # (at the published rates).
    k = 0.1
    full, scaled = mc.microcircuit_parameters(1.0, 1.0), mc.microcircuit_parameters(1.0, k)
    rates = np.asarray(mc.PUBLISHED_RATES)
    tau_s = mc.NEURON_PARAMETERS["tau_syn_E"] / 1000.0
    sizes = np.asarray(mc.FULL_SIZES, dtype=float)[:, np.newaxis]

    def mean_input(p, synapses):
        recurrent = (p.weights * synapses / sizes * rates).sum(axis=1)
        external = p.external_weight * np.asarray(p.external_indegrees) * mc.BACKGROUND_RATE
        return tau_s * (recurrent + external) + np.asarray(p.dc_current)

    full_synapses = mc.full_synapse_counts()
    expected = mean_input(full, full_synapses)
    # The scaled synapse numbers are rounded, so compare with the unrounded ones.
    k_ext = np.asarray(mc.EXTERNAL_INDEGREES) * k
    recurrent = (scaled.weights * full_synapses * k / sizes * rates).sum(axis=1)
    external = scaled.external_weight * k_ext * mc.BACKGROUND_RATE
    got = tau_s * (recurrent + external) + np.asarray(scaled.dc_current)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    # Weights grow by 1/sqrt(k), which keeps the input variance K w^2.
    np.testing.assert_allclose(scaled.weights, full.weights / math.sqrt(k))


def test_dc_background_replaces_the_poisson_mean():
    poisson = mc.microcircuit_parameters(0.1, 1.0, "poisson")
    dc = mc.microcircuit_parameters(0.1, 1.0, "dc")
    tau_s = mc.NEURON_PARAMETERS["tau_syn_E"] / 1000.0
    background = tau_s * dc.external_weight * np.asarray(mc.EXTERNAL_INDEGREES) * mc.BACKGROUND_RATE
    np.testing.assert_allclose(np.asarray(dc.dc_current) - poisson.dc_current, background)


def test_fixed_total_number_projection_on_nest():
    import course

    sim = course.setup("nest", timestep=0.1, seed=5)
    pre = sim.Population(20, sim.IF_curr_exp(), label="pre")
    post = sim.Population(30, sim.IF_curr_exp(), label="post")
    exc = mc.fixed_total_number_projection(
        sim, pre, post, 500, weight=0.1, delay=1.5, receptor_type="excitatory"
    )
    inh = mc.fixed_total_number_projection(
        sim, pre, post, 200, weight=0.4, delay=0.75, receptor_type="inhibitory"
    )
    sim.run(0.1)
    exc_rows, inh_rows = course.connections(exc), course.connections(inh)
    sim.end()
    # Exactly the asked number (a fixed total), signs by receptor, weights
    # clipped at 0, delays at least one 0.1 ms step.
    assert len(exc_rows) == 500 and len(inh_rows) == 200
    assert np.all(exc_rows[:, 2] > 0) and np.all(inh_rows[:, 2] < 0)
    assert np.all(exc_rows[:, 3] >= 0.1 - 1e-9) and np.all(inh_rows[:, 3] >= 0.1 - 1e-9)
    # 500 draws of a normal with 10 % spread: the mean lies within 1.5 % (3 SE).
    assert exc_rows[:, 2].mean() == pytest.approx(0.1, rel=0.015)
    assert exc_rows[:, 3].mean() == pytest.approx(1.5, rel=0.08)  # 50 % spread, clipped
    assert set(exc_rows[:, 0].astype(int)) <= set(range(20))


def test_small_microcircuit_fires_at_about_the_published_rates():
    import course

    sim = course.setup("nest", timestep=0.1, seed=2014, threads=2)
    recording = mc.run_microcircuit(sim, n_scale=0.01, k_scale=0.1, run_time=400.0)
    sim.end()
    stats = mc.population_statistics(recording)
    assert recording.parameters["n_neurons"] == 771
    for label, published in zip(mc.POPULATIONS, mc.PUBLISHED_RATES, strict=True):
        rate = stats[label]["rate_hz"]
        # Measured 0.89 to 1.15 times the published rate at this scale (300
        # ms window, seed 2014, two threads: NEST draws synapses and
        # background per thread). Small populations (L5i has 11 neurons) make
        # the ratio noisy (on one thread L2/3e comes out at 0.44); 0.5 to 1.6
        # admits that, not a lost DC compensation (rates fall to a third) or
        # a runaway network.
        assert 0.5 * published < rate < 1.6 * published, (label, rate, published)
        assert stats[label]["spikes"] > 0


def test_poisson_background_gives_every_neuron_its_own_train():
    import course

    sim = course.setup("nest", timestep=0.1, seed=11, threads=1)
    # Microcircuit neurons that never reach threshold, so v shows the input.
    cells = sim.Population(20, sim.IF_curr_exp(**{**mc.NEURON_PARAMETERS, "v_thresh": 0.0}))
    cells.record("v")
    generator = mc.poisson_background(sim, cells, rate=2000.0, weight=0.05, delay=1.5)
    sim.run(1000.0)
    times, v = course.collect({"cells": cells}).signal("cells", "v")
    sim.end()
    assert len(generator) == 1  # on NEST: one generator for the whole population
    depolarisation = v[times >= 100.0] - mc.NEURON_PARAMETERS["v_rest"]
    # Mean input 2000 Hz x 0.05 nA x 0.5 ms = 0.05 nA through 40 MOhm: 2 mV.
    # The time average over 900 ms and 20 cells varies by about 0.01 mV
    # (membrane correlation time 10 ms): 3 % is a generous band.
    assert depolarisation.mean() == pytest.approx(2.0, rel=0.03)
    # Independent trains: the cells' fluctuations are uncorrelated (one shared
    # train would give 1). 90 correlation times give +-0.1 per pair.
    correlations = np.corrcoef(depolarisation.T)[np.triu_indices(20, k=1)]
    assert abs(correlations.mean()) < 0.05 and correlations.max() < 0.5


def test_progress_report_prints_one_line_per_interval():
    lines = []
    report = mc.ProgressReport(600.0, 200.0, printer=lines.append)
    assert report(0.0) == 200.0
    assert report(200.0) == 400.0
    assert len(lines) == 1 and "simulated    200 of 600 ms ( 33 %)" in lines[0]


def test_local_variation():
    assert mc.local_variation([np.arange(0.0, 100.0, 10.0)])[0] == 0.0  # a clock
    # Intervals 10, 30: 2 * 20 / 40 = 1.
    assert mc.local_variation([[0.0, 10.0, 40.0]])[0] == pytest.approx(1.0)
    assert np.isnan(mc.local_variation([[1.0, 2.0]])[0])  # too few spikes
    rng = np.random.default_rng(0)
    poisson = np.cumsum(rng.exponential(10.0, size=20000))
    # CV2 of a Poisson process is 1; 20 000 intervals give +-0.01.
    assert mc.local_variation([poisson])[0] == pytest.approx(1.0, abs=0.02)


def test_statistics_of_an_empty_recording():
    # A virtual SpiNNaker board returns no spikes: rates 0, irregularity nan.
    import neo
    import quantities as pq

    from course.results import Recording

    blocks = {}
    for label in mc.POPULATIONS:
        segment = neo.Segment()
        segment.spiketrains.append(neo.SpikeTrain([] * pq.ms, t_stop=600.0 * pq.ms))
        block = neo.Block()
        block.segments.append(segment)
        blocks[label] = block
    empty = Recording(blocks=blocks, parameters={"run_time": 600.0}, backend="virtual")
    stats = mc.population_statistics(empty)
    for label in mc.POPULATIONS:
        assert stats[label]["rate_hz"] == 0.0
        assert np.isnan(stats[label]["cv_isi"]) and np.isnan(stats[label]["cv2"])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: mc.microcircuit_parameters(0.0, 0.1), ValueError, "n_scale must be greater"),
        (lambda: mc.microcircuit_parameters(0.1, 1.5), ValueError, r"k_scale must lie in \(0, 1\]"),
        (lambda: mc.microcircuit_parameters(0.1, 0.1, "noise"), ValueError, "background='noise'"),
        (lambda: mc.psp_to_psc(0.15, 0.25, 0.5, 0.5), ValueError, "must differ"),
        (lambda: mc.psp_to_psc(-1.0, 0.25, 10.0, 0.5), ValueError, "psp must be greater"),
        (lambda: mc.ProgressReport(100.0, 0.0), ValueError, "interval must be greater"),
        (lambda: mc.local_variation([], min_spikes=2), ValueError, "min_spikes must be"),
        (
            lambda: mc.poisson_background(None, None, rate=0.0, weight=0.1, delay=1.5),
            ValueError,
            "rate must be greater than 0",
        ),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_build_arguments(sim):
    with pytest.raises(TypeError, match="parameters must come from microcircuit_parameters"):
        mc.build_microcircuit(sim, {"n_scale": 0.1})
    parameters = mc.microcircuit_parameters(0.001, 0.01)
    with pytest.raises(ValueError, match="record_v must be a whole number"):
        mc.build_microcircuit(sim, parameters, record_v=-1)
    pre = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="n_synapses must be at least 1"):
        mc.fixed_total_number_projection(
            sim, pre, pre, 0, weight=0.1, delay=1.0, receptor_type="excitatory"
        )
    with pytest.raises(ValueError, match="receptor_type='gaba'"):
        mc.fixed_total_number_projection(
            sim, pre, pre, 3, weight=0.1, delay=1.0, receptor_type="gaba"
        )


def test_lesson_41_fires_near_the_published_rates(run_lesson):
    run = run_lesson("05_next_steps/41_microcircuit.py")
    assert run.ok, run.stderr
    assert run.stderr == ""
    assert "n_scale = 0.02, k_scale = 0.1: 1544 neurons, 597761 recurrent synapses" in run.stdout
    progress = [line for line in run.stdout.splitlines() if line.startswith("  simulated ")]
    assert len(progress) == 3 and "600 of 600 ms (100 %)" in progress[-1]
    lines = run.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("population  rate (Hz)"))
    rows = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in lines[header + 1 :]}
    assert list(rows) == list(mc.POPULATIONS)
    for label, (rate, published, cv_isi, cv2, _) in rows.items():
        # NEST draws synapses and background per thread, so the numbers depend
        # on the thread count: measured 0.74 to 1.01 times the published rate
        # on one and on two threads (L2/3e lowest). The band catches a lost DC
        # compensation (rates fall to a third) or a runaway, not that noise.
        assert 0.6 * published < rate < 1.25 * published, (label, rate, published)
        # The lesson's point about irregularity: the ISI CV of a short run is
        # biased low, the CV2 is not (measured 0.30-0.56 against 0.56-0.99).
        assert cv_isi < cv2, label
    assert run.left_behind == []


@needs_spynnaker
@pytest.mark.spinnaker
def test_small_microcircuit_maps_onto_the_virtual_board(tmp_path):
    # L2/3e (103 neurons) spreads over two 64-neuron cores: the case where
    # sPyNNaker 7.4.1's host-side FixedTotalNumberConnector fails and the
    # course's stand-in must take over.
    from course.lessons import run_lesson

    script = tmp_path / "microcircuit_virtual.py"
    script.write_text(
        "import course\n"
        "from course.exercises import microcircuit as mc\n"
        "sim = course.setup(timestep=0.1)\n"
        "rec = mc.run_microcircuit(sim, n_scale=0.005, k_scale=0.02, run_time=10.0)\n"
        "print('empty', rec.is_empty(), 'neurons', rec.parameters['n_neurons'])\n"
        "sim.end()\n"
    )
    run = run_lesson(script, "virtual")
    assert run.ok, run.stderr[-3000:]
    assert "empty True neurons 385" in run.stdout  # 0.5 % of 77,169, rounded per population
    assert run.left_behind == []
