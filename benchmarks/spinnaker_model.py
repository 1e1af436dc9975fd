"""Time course.spinnaker_model beside NEST on the same synfire ring.

Run it with::

    python benchmarks/spinnaker_model.py [--repeats 5]

The ring of lesson 14 (``IF_curr_exp``, 2 nA links, 1 ms delays), scaled to
100 neurons and run for 2 s, is stepped by the model and simulated by NEST
(PyNN, 1 thread) with on-grid and with precise spikes, in the same process.
Each time is the median of ``--repeats`` runs of build + run + read-back;
the ratio is NEST's time over the model's. The markdown table is written to
``benchmarks/results/spinnaker_model.md``.

This is a script, not a test: its numbers depend on the machine and on what
else runs on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

import course
from course.spinnaker_model import Cells, SpikeArray, simulate, synfire
from course.spinnaker_model.recordings import SYNFIRE_CELL_PARAMETERS, SYNFIRE_WEIGHT

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "spinnaker_model.md"
N_NEURONS = 100
RUN_TIME = 2000.0  # ms
DELAY = 1.0  # ms


def run_model() -> int:
    """Step the ring with the model; returns the number of spikes."""
    result = simulate(
        populations={
            "input": SpikeArray([[0.0]]),
            "ring": Cells(N_NEURONS, "IF_curr_exp", SYNFIRE_CELL_PARAMETERS),
        },
        projections=[
            ("input", "ring", [(0, 0, SYNFIRE_WEIGHT, DELAY)], "excitatory"),
            ("ring", "ring", synfire.ring_connections(DELAY, N_NEURONS), "excitatory"),
        ],
        run_time=RUN_TIME,
    )
    return sum(len(times) for times in result["ring"].spikes)


def run_nest(precision: str) -> int:
    """Simulate the ring on NEST; returns the number of spikes."""
    sim = course.setup(backend="nest", timestep=1.0, threads=1)
    input_time = course.earliest_spike_time()
    with synfire.spike_precision(sim, precision):
        ring, _ = synfire.build_ring(sim, DELAY, N_NEURONS, input_time=input_time)
        sim.run(input_time + RUN_TIME)
        spikes = synfire.read_ring(ring, input_time).spikes
    return sum(len(times) for times in spikes)


def median_seconds(function, repeats: int) -> tuple[float, int]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        spikes = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), spikes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    rows = [("model (numpy, s16.15)", *median_seconds(run_model, repeats))]
    for precision in ("on_grid", "off_grid"):
        rows.append(
            (f"NEST, {precision}", *median_seconds(lambda p=precision: run_nest(p), repeats))
        )
    model_seconds = rows[0][1]
    lines = [
        "## course.spinnaker_model beside NEST: the synfire ring",
        "",
        f"Measured {date.today().isoformat()} with `python benchmarks/spinnaker_model.py` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f} at the end (the machine was shared). "
        f"Ring of {N_NEURONS} `IF_curr_exp` neurons, 1 ms delays, {RUN_TIME:.0f} ms; median of "
        f"{repeats} runs of build + run + read-back, NEST on 1 thread.",
        "",
        "| implementation | time (s) | spikes | time / model's |",
        "|---|---|---|---|",
    ]
    for name, seconds, spikes in rows:
        lines.append(f"| {name} | {seconds:.3f} | {spikes} | {seconds / model_seconds:.1f} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
