"""Time the course's shortcuts beside the code they stand in for, in one process.

Run it with::

    python benchmarks/shortcuts.py [--repeats 5]

Five shortcuts, each against the path it replaces, alternating run by run:

- **connection lists** (``course.pynn_compat.connect_static_synapses_in_one_call``):
  the four recurrent ``FromListConnector`` projections of task 3's balanced
  network (400 + 100 cells, 10 % connectivity), made by PyNN 0.13's own
  ``FromListConnector.connect`` (one ``nest.Connect`` per target cell) and in
  one call;
- **connection maps** (the same repair): the same four projections with
  ``FixedNumberPreConnector`` (40 and 10 inputs per cell, as task 3 draws
  them), PyNN's own ``_standard_connect`` against its calls joined into one;
- **the clock** (``course.pynn_compat.read_the_clock_in_one_call``): 2,000
  readings of ``sim.get_current_time()`` in task 3's network after a run,
  PyNN's two kernel status reads against one;
- **NIX files in a full process** (``course.results.save`` and ``load``):
  one recording saved to NIX and read back while the process holds 600,000
  more objects, with nixio's ``gc.collect()`` walking all of them (PyNN's and
  neo's own way) and walking only the file's own;
- **STDP weights read during one run** (``simulate(weight_times=...)``):
  task 4's board prediction (15 pairings and the late presynaptic spike,
  weight read after each 100 ms), as one run and as one run per reading.

Each time is the median of ``--repeats``; the ratio is the old path's time
over the shortcut's. The results must agree (checked here, and pinned by the
tests). The table goes to ``benchmarks/results/shortcuts.md``.

This is a script, not a test: its numbers depend on the machine and on what
else runs on it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np

import course
from course import spinnaker_model as sm
from course.exercises import task3, task4

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "shortcuts.md"


def _time(function) -> tuple[float, object]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


@contextlib.contextmanager
def _repair_undone(owner, name: str, undo: bool):
    """``owner.<name>`` as PyNN has it, without the course's repair, while the block runs
    (if ``undo``)."""
    repaired = getattr(owner, name)
    if undo:
        setattr(owner, name, repaired.__wrapped__)
    try:
        yield
    finally:
        setattr(owner, name, repaired)


def _task3_cells(sim):
    """Task 3's 400 excitatory and 100 inhibitory cells."""
    exc = sim.Population(task3.N_EXC, sim.IF_curr_exp())
    return exc, sim.Population(task3.N_EXC // 4, sim.IF_curr_exp())


def connection_lists(one_call: bool) -> tuple[float, int]:
    """Seconds to make task 3's recurrent lists, and the number of connections made."""
    from pyNN.connectors import FromListConnector

    sim = course.setup("nest", timestep=task3.TIMESTEP)
    try:
        exc, inh = _task3_cells(sim)
        rng = np.random.default_rng(1)
        lists = [
            (source, target, [(i, j) for i in range(source.size) for j in range(target.size)
                              if rng.random() < task3.P_CONNECT])
            for source in (exc, inh)
            for target in (exc, inh)
        ]  # fmt: skip

        def build():
            for source, target, pairs in lists:
                receptor = "excitatory" if source is exc else "inhibitory"
                synapse = sim.StaticSynapse(weight=0.1, delay=1.0)
                connector = sim.FromListConnector(pairs)
                sim.Projection(source, target, connector, synapse, receptor_type=receptor)
            import nest

            return nest.num_connections

        with _repair_undone(FromListConnector, "connect", undo=not one_call):
            return _time(build)
    finally:
        sim.end()


def _connect_fixed_in_degree(sim, exc, inh):
    """Task 3's four recurrent projections, 10 % fixed in-degree, seeded."""
    rng = sim.NumpyRNG(seed=1)
    for source in (exc, inh):
        receptor = "excitatory" if source is exc else "inhibitory"
        weight = 0.1 if source is exc else -0.5
        for target in (exc, inh):
            connector = sim.FixedNumberPreConnector(round(task3.P_CONNECT * source.size), rng=rng)
            synapse = sim.StaticSynapse(weight=weight, delay=1.0)
            sim.Projection(source, target, connector, synapse, receptor_type=receptor)


def connection_maps(one_call: bool) -> tuple[float, list]:
    """Seconds to make task 3's recurrent fixed in-degree projections, and the connections."""
    sim = course.setup("nest", timestep=task3.TIMESTEP)  # imports PyNN and NEST quietly
    import nest
    from pyNN.connectors import MapConnector

    try:
        exc, inh = _task3_cells(sim)
        with _repair_undone(MapConnector, "_standard_connect", undo=not one_call):
            seconds, _ = _time(lambda: _connect_fixed_in_degree(sim, exc, inh))
        keys = ["source", "target", "weight", "delay"]
        table = nest.GetConnections().get(keys)
        return seconds, sorted(zip(*(table[key] for key in keys), strict=True))
    finally:
        sim.end()


def clock_readings(one_read: bool) -> tuple[float, list[float]]:
    """Seconds for 2,000 readings of the time in task 3's network, and the times (ms)."""
    sim = course.setup("nest", timestep=task3.TIMESTEP)
    try:
        exc, inh = _task3_cells(sim)
        _connect_fixed_in_degree(sim, exc, inh)
        sim.run(50.0)
        state = sim.simulator.state
        read = type(state).t.fget if one_read else type(state).t.fget.__wrapped__
        return _time(lambda: [read(state) for _ in range(2000)])
    finally:
        sim.end()


def nix_round_trip(own_objects_only: bool) -> tuple[float, int]:
    """Seconds to save one recording to NIX and load it, with 600,000 objects held."""
    from course import results

    sim = course.setup("nest", timestep=1.0)
    try:
        cells = sim.Population(20, sim.IF_curr_exp(i_offset=1.0))
        cells.record(["spikes", "v"])
        sim.run(100.0)
        recording = course.collect({"cells": cells})
    finally:
        sim.end()
    held = [{"index": k, "values": [k]} for k in range(300_000)]  # 600,000 containers
    scoped = results._collecting_only_new_objects
    if not own_objects_only:
        results._collecting_only_new_objects = contextlib.nullcontext
    try:
        with TemporaryDirectory() as folder:
            seconds, loaded = _time(lambda: results.load(results.save(recording, folder, ".nix")))
    finally:
        results._collecting_only_new_objects = scoped
    del held
    return seconds, int(loaded.spike_counts("cells").sum())


def stdp_readings(one_run: bool) -> tuple[float, list[float]]:
    """Seconds to predict task 4's weights on the board, and the weights (nA)."""
    if one_run:
        seconds, board = _time(task4.board_pairing)
        return seconds, board.weights[1:].tolist()
    reference = task4.board_pairing()  # for the network; not timed

    def one_run_per_reading():
        rule = reference.rule
        pre, post = task4._stimuli(task4.N_PAIRINGS, task4.LAG, task4.GAP, True, earliest=0.0)
        populations = {
            "pre stimulus": sm.SpikeArray([pre]),
            "post stimulus": sm.SpikeArray([post]),
            "pre": sm.Cells(1, "IF_curr_exp", task4.CELL_PARAMETERS),
            "post": sm.Cells(1, "IF_curr_exp", task4.CELL_PARAMETERS),
        }
        projections = [
            ("pre stimulus", "pre", [(0, 0, task4.DRIVE_WEIGHT, 1.0)], "excitatory"),
            ("post stimulus", "post", [(0, 0, task4.DRIVE_WEIGHT, 1.0)], "excitatory"),
            ("pre", "post", [(0, 0, rule.w_init, rule.delay)], "excitatory", rule),
        ]
        return [
            float(sm.simulate(populations, projections, run_time=k * task4.GAP).weights[-1][0])
            for k in range(1, task4.N_PAIRINGS + 2)
        ]

    return _time(one_run_per_reading)


CASES = [
    ("connection lists: task 3's recurrent projections", connection_lists,
     "PyNN: one nest.Connect per target", "one nest.Connect"),
    ("connection maps: the same, FixedNumberPreConnector", connection_maps,
     "PyNN: one nest.Connect per target", "PyNN's draws, one nest.Connect"),
    ("the clock: 2,000 readings of the time", clock_readings,
     "PyNN: two kernel status reads", "one read"),
    ("NIX save and load, 600,000 objects held", nix_round_trip,
     "nixio's gc.collect() walks them all", "it walks the file's own"),
    ("task 4 on the board model, 16 weight readings", stdp_readings,
     "one run per reading", "one run, weight_times"),
]  # fmt: skip


def measure(repeats: int) -> list[dict]:
    """Median times of each case's old path and shortcut, alternating; results compared."""
    rows = []
    for title, case, old_name, new_name in CASES:
        times = {False: [], True: []}
        outcomes = {}
        for _ in range(repeats):
            for shortcut in (False, True):
                seconds, outcome = case(shortcut)
                times[shortcut].append(seconds)
                outcomes[shortcut] = outcome
        if outcomes[False] != outcomes[True]:
            raise AssertionError(f"{title}: {outcomes[False]!r} != {outcomes[True]!r}")
        old, new = statistics.median(times[False]), statistics.median(times[True])
        rows.append({"case": title, "old": old_name, "new": new_name, "old_s": old, "new_s": new})
    return rows


def table(rows: list[dict], repeats: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "## The course's shortcuts beside the code they replace",
        "",
        f"Measured {date.today().isoformat()} with `python benchmarks/shortcuts.py` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load:.1f} at the end. Median of {repeats} runs of each, alternating, "
        "in one process; both give the same connections, spikes, recordings or weights.",
        "",
        "| what | replaced path | time (s) | shortcut | time (s) | ratio |",
        "|---|---|---:|---|---:|---:|",
    ]
    for row in rows:
        ratio = row["old_s"] / row["new_s"]
        lines.append(
            f"| {row['case']} | {row['old']} | {row['old_s']:.3f} | {row['new']} | "
            f"{row['new_s']:.3f} | {ratio:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each path (median)")
    args = parser.parse_args()
    text = table(measure(args.repeats), args.repeats)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
