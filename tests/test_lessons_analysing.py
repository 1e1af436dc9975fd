"""Lessons 11-13 (recovering, visualising, statistics): what they print on NEST."""

from __future__ import annotations

import re

import pytest

from .conftest import needs_spynnaker

# The network's own test (tests/test_network.py) measured 33 Exc and 19 Inh
# spikes for the default volley on NEST; +-3 spikes lets a NEST update move a
# cell by a spike or so without hiding a change of regime.
SPIKE_COUNT_TOLERANCE = 3


def _assert_clean(run):
    assert run.ok, run.stderr[-3000:]
    assert run.stderr == ""
    assert run.left_behind == []


def _summary_rows(stdout: str) -> dict:
    """The rows of analysis.summary_table, as {label: [column values as str]}."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("population "))
    rows = {}
    for line in lines[start + 1 :]:
        fields = line.split()
        if len(fields) != 9:
            break
        rows[fields[0]] = fields[1:]
    return rows


def test_lesson_11_recover_and_load(run_lesson):
    run = run_lesson("03_analysing/11_recover_and_load.py")
    _assert_clean(run)
    assert "populations: ['Exc', 'Inh'], recorded on nest" in run.stdout
    counts = dict(re.findall(r"^(Exc|Inh): 100 cells, (\d+) spikes", run.stdout, re.MULTILINE))
    assert abs(int(counts["Exc"]) - 33) <= SPIKE_COUNT_TOLERANCE
    assert abs(int(counts["Inh"]) - 19) <= SPIKE_COUNT_TOLERANCE
    assert "v of Exc: 61 samples x 100 cells" in run.stdout
    assert "stimulated cells (from the parameters): [45, 46, 47, 48, 49, 50, 51, 52, 53, 54]" in (
        run.stdout
    )
    # PyNN lists the recorded signals in no fixed order.
    recorded = re.search(r"has no recorded signal 'isyn_exc'; recorded: (.*)\"$", run.stdout, re.M)
    assert sorted(recorded.group(1).split(", ")) == ["'gsyn_exc'", "'gsyn_inh'", "'v'"]
    assert "written: ['Exc.pkl', 'Inh.pkl', 'Exc.nix', 'Inh.nix']" in run.stdout
    # Bit-for-bit equality of every spike time and signal sample, both formats.
    assert "pickle round trip exact: True" in run.stdout
    assert "NIX round trip exact:    True" in run.stdout


def test_lesson_12_visualising(run_lesson):
    run = run_lesson("03_analysing/12_visualising.py")
    _assert_clean(run)
    counts = dict(re.findall(r"^(Exc|Inh): (\d+) spikes", run.stdout, re.MULTILINE))
    assert abs(int(counts["Exc"]) - 33) <= SPIKE_COUNT_TOLERANCE
    assert abs(int(counts["Inh"]) - 19) <= SPIKE_COUNT_TOLERANCE


def test_lesson_13_statistics(run_lesson):
    run = run_lesson("03_analysing/13_statistics.py")
    _assert_clean(run)
    rows = _summary_rows(run.stdout)
    assert list(rows) == ["Thalamus", "Exc", "Inh"]
    # The thalamic input is drawn by numpy with a fixed seed: exact, and
    # Poisson-like as designed (40 Hz mean; CV and Fano near 1).
    assert rows["Thalamus"][:4] == ["100", "3648", "100%", "40.53"]
    thalamus_cv, thalamus_fano = float(rows["Thalamus"][5]), float(rows["Thalamus"][7])
    assert thalamus_cv == pytest.approx(1.0, abs=0.05)  # 3600 intervals: SE about 0.02
    assert thalamus_fano == pytest.approx(1.0, abs=0.3)  # 100 counts: SE of F about 0.14
    # Network response, measured 20.8 Hz (Exc) and 12.7 Hz (Inh) with CVs 1.09 and
    # 1.01: +-20 % on the rates and +-0.3 on the CVs catch a change of regime
    # (silence, runaway excitation, regular firing) but not the last spike.
    assert float(rows["Exc"][3]) == pytest.approx(20.8, rel=0.2)
    assert float(rows["Inh"][3]) == pytest.approx(12.7, rel=0.2)
    assert float(rows["Exc"][5]) == pytest.approx(1.09, abs=0.3)
    assert float(rows["Inh"][5]) == pytest.approx(1.01, abs=0.3)
    assert rows["Exc"][2] == "100%" and rows["Inh"][2] == "100%"
    # The 8 Hz input rhythm is the strongest component of every population rate.
    for label in ("Thalamus", "Exc", "Inh"):
        assert re.search(rf"^{label}\s+population-rate spectrum peaks at 8 Hz$", run.stdout, re.M)


@needs_spynnaker
@pytest.mark.spinnaker
def test_lesson_13_on_the_virtual_board_gives_empty_statistics(run_lesson):
    run = run_lesson("03_analysing/13_statistics.py", backend="virtual")
    assert run.ok, run.stderr[-3000:]
    assert run.left_behind == []
    rows = _summary_rows(run.stdout)
    # Nothing runs: every population is silent, CV and Fano undefined ("-").
    for label in ("Thalamus", "Exc", "Inh"):
        assert rows[label] == ["100", "0", "0%", "0.00", "0.00", "-", "0", "-"]
        assert f"{label:8} population-rate spectrum peaks at nan Hz" in run.stdout
