"""Lessons 09-10 (the thalamic stimulus, running and saving): what they print on NEST."""

from __future__ import annotations

import re

import numpy as np
import pytest

import course
from course.network import layer_network
from course.stimuli import thalamic_volley

from .conftest import needs_spynnaker

# The network's own test (tests/test_network.py) measured 33 Exc and 19 Inh
# spikes for the default volley on NEST. +-3 spikes lets a NEST update move one
# cell by a spike or so without hiding a change of regime.
SPIKE_COUNT_TOLERANCE = 3


def _population_lines(stdout: str) -> dict:
    """{label: (spikes, cells)} from lines such as 'Exc     :  33 spikes,  14 cells fired'."""
    found = re.findall(r"^(\w+)\s*:\s*(\d+) spikes,\s*(\d+) cells fired", stdout, re.MULTILINE)
    return {label: (int(spikes), int(cells)) for label, spikes, cells in found}


def _assert_clean(run):
    assert run.ok, run.stderr[-3000:]
    assert run.stderr == ""
    assert run.left_behind == []


def test_lesson_09_thalamic_stimulus(run_lesson):
    run = run_lesson("02_running/09_thalamic_stimulus.py")
    _assert_clean(run)
    # The aliasing demonstration prints exactly this.
    assert "[[]] * 4 after appending to entry 0: [[10.0], [10.0], [10.0], [10.0]]" in run.stdout
    assert "one list per source, same append:     [[10.0], [], [], []]" in run.stdout
    assert "rounded to the nearest 1 ms step:  [10.0, 10.0, 10.0, 10.0, 10.0]" in run.stdout
    # The volley is deterministic (seeded): 10 sources x 3 spikes, within 7-13 ms.
    assert "stimulated sources: 45 to 54" in run.stdout
    assert "30 spikes between 9 and 12 ms" in run.stdout
    counts = _population_lines(run.stdout)
    assert counts["Thalamus"] == (30, 10)
    assert abs(counts["Exc"][0] - 33) <= SPIKE_COUNT_TOLERANCE
    assert abs(counts["Inh"][0] - 19) <= SPIKE_COUNT_TOLERANCE
    # Excitation stays local: the 10 driven cells plus a few neighbours each side.
    assert 10 <= counts["Exc"][1] <= 18 and counts["Inh"][1] <= 14


def test_lesson_10_run_and_save(run_lesson):
    run = run_lesson("02_running/10_run_and_save.py")
    _assert_clean(run)
    assert "after the first run:  t = 30 ms" in run.stdout
    assert "after the second run: t = 60 ms" in run.stdout
    assert "segments: 1" in run.stdout
    assert "v: 61 samples x 100 cells, every 1.0 ms from 0.0 ms" in run.stdout
    found = re.findall(
        r"^(\w+): (\d+) spikes in the first run, (\d+) after", run.stdout, re.MULTILINE
    )
    split = {label: (int(first), int(after)) for label, first, after in found}
    assert abs(sum(split["Exc"]) - 33) <= SPIKE_COUNT_TOLERANCE
    assert abs(sum(split["Inh"]) - 19) <= SPIKE_COUNT_TOLERANCE
    # Activity carries on across the break at 30 ms (measured: 7 Exc, 9 Inh spikes after).
    assert split["Exc"][1] >= 3 and split["Inh"][1] >= 3
    files = dict(re.findall(r"^(\S+\.(?:pkl|nix))\s+(\d+) kB", run.stdout, re.MULTILINE))
    assert sorted(files) == ["Exc.pkl", "Exc_44-55.nix", "Exc_v.pkl"]
    # v alone is about a third of the pickle (three signals of equal size, plus spikes).
    assert int(files["Exc_v.pkl"]) < int(files["Exc.pkl"]) / 2


def test_two_runs_are_one_run():
    """What lesson 10 states: run(30) twice gives exactly the spikes of run(60)."""
    spikes = []
    for durations in ([30.0, 30.0], [60.0]):
        sim = course.setup("nest", timestep=1.0)
        try:
            net = layer_network(sim, thalamus_spike_times=thalamic_volley(100))
            for duration in durations:
                sim.run(duration)
            recording = net.collect()
        finally:
            sim.end()
        spikes.append({label: recording.spike_times(label) for label in ("Exc", "Inh")})
    for label in ("Exc", "Inh"):
        for split, whole in zip(spikes[0][label], spikes[1][label], strict=True):
            np.testing.assert_array_equal(split, whole)


@needs_spynnaker
@pytest.mark.spinnaker
def test_lesson_09_maps_onto_the_virtual_board(run_lesson):
    run = run_lesson("02_running/09_thalamic_stimulus.py", backend="virtual")
    assert run.ok, run.stderr[-3000:]
    assert run.left_behind == []
    # The volley is computed on the host, the same on both backends; nothing runs.
    assert "stimulated sources: 45 to 54" in run.stdout
    assert _population_lines(run.stdout) == {"Thalamus": (0, 0), "Exc": (0, 0), "Inh": (0, 0)}
