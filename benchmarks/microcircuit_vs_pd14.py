"""The course's microcircuit against NEST's own implementation, side by side.

Run it with::

    python benchmarks/microcircuit_vs_pd14.py [--scales 0.1 0.2 0.5 1.0] [--seed 55]

It needs the ``microcircuit`` package from PyPI (INM-6/microcircuit-PD14-model,
"PD14" below), which ``nox -s bench`` installs. For each scale (neurons and
in-degrees scaled alike, as in PD14's own example) it runs, one after the
other and each in a fresh Python process:

* **PD14**: ``microcircuit.network.Network`` with a Poisson background, its
  spike recorders switched to memory (PD14 writes text files by default,
  which would only slow it down);
* **course**: :func:`course.models.microcircuit.build_microcircuit` through
  PyNN, set up with ``spike_precision="on_grid"`` (the grid-based
  ``iaf_psc_exp`` PD14 uses).

Both get the same timestep (0.1 ms), seed, NEST threads (the course's
:func:`~course.models.microcircuit.nest_threads` for the scale, starting from
2: 4 at full scale) and the same schedule: build, a transient of
``--transient`` ms, then ``--model-time`` ms that are timed and analysed.
Reported per run:

* build s: creating and connecting the network (PD14 includes NEST's
  ``Prepare``, which the course's first run does; the transient is reported
  apart for that reason);
* sim s per model s: wall time of the timed run over its model time
  (the real-time factor);
* total s: build + transient + timed run (what a user waits for);
* peak GB: the process's maximum resident memory, read right after the
  timed run (before spikes are converted for analysis);
* rates: mean rate per population in the timed window, as a ratio to
  :data:`~course.models.microcircuit.REFERENCE_RATES`.

Results are appended to ``benchmarks/results/microcircuit.json``; the table
``benchmarks/results/microcircuit.md`` (every invocation that ran both
implementations at a scale) and the plot ``docs/_static/microcircuit_scaling.png``
(the newest of each scale) are remade after every run. Ratios are only formed
between the two implementations of the same invocation. This is a script, not
a test: its numbers depend on the machine and on what else runs on it. A
full-scale run peaks near 15 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "benchmarks" / "results" / "microcircuit.json"
RESULTS_TABLE = ROOT / "benchmarks" / "results" / "microcircuit.md"
PLOT = ROOT / "docs" / "_static" / "microcircuit_scaling.png"
IMPLEMENTATIONS = ("pd14", "course")
RESULT_MARK = "BENCHMARK-RESULT "


class _Clock:
    """Wall and CPU seconds (all threads of this process) of consecutive phases."""

    def __init__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        self.times = {}

    def lap(self, phase: str) -> None:
        """Close the phase that ran since the last lap: ``<phase>_s`` and ``<phase>_cpu_s``."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.times[f"{phase}_s"] = wall - self._wall
        self.times[f"{phase}_cpu_s"] = cpu - self._cpu
        self._wall, self._cpu = wall, cpu


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0**2  # kB on Linux


def _threads_for(scale: float) -> int:
    from course.models import microcircuit as mc

    return mc.nest_threads(mc.microcircuit_parameters(scale, scale), 2)


# --- one run, in its own process ----------------------------------------------------------


def _run_pd14(job: dict) -> dict:
    """PD14's own Network class, timed the way its example times it."""
    import copy

    import nest
    import numpy as np
    from microcircuit import network_params, sim_params, stimulus_params
    from microcircuit.network import Network

    net_dict = copy.deepcopy(network_params.default_net_dict)
    net_dict.update(N_scaling=job["scale"], K_scaling=job["scale"], bg_input_type="poisson")
    sim_dict = copy.deepcopy(sim_params.default_sim_dict)
    stim_dict = copy.deepcopy(stimulus_params.default_stim_dict)
    with tempfile.TemporaryDirectory() as folder:
        sim_dict.update(
            data_path=folder + os.sep,
            local_num_threads=job["threads"],
            rng_seed=job["seed"],
            print_time=False,
            rec_dev=["spike_recorder"],
        )
        clock = _Clock()
        network = Network(sim_dict, net_dict, stim_dict)
        network.create()
        network.spike_recorders.set(record_to="memory")
        network.connect()
        clock.lap("build")
        network.simulate(job["transient"])
        clock.lap("transient")
        network.simulate(job["model_time"])
        clock.lap("run")
        peak = _peak_gb()
        rates = []
        for population, recorder in zip(network.pops, network.spike_recorders, strict=True):
            times = np.asarray(recorder.get("events")["times"])
            count = np.count_nonzero(times > job["transient"])
            rates.append(count / len(population) / (job["model_time"] / 1000.0))
        synapses = int(network.num_synapses.sum())
        vps = nest.total_num_virtual_procs
    return {
        **clock.times,
        "peak_gb": peak,
        "rates": rates,
        "neurons": int(network.num_neurons.sum()),
        "synapses": synapses,
        "virtual_processes": vps,
    }


def _run_course(job: dict) -> dict:
    """The course's microcircuit through PyNN on NEST."""
    import nest

    import course
    from course.models import microcircuit as mc

    parameters = mc.microcircuit_parameters(job["scale"], job["scale"])
    sim = course.setup(
        timestep=mc.TIMESTEP,
        max_delay=mc.MAX_DELAY,
        seed=job["seed"],
        threads=job["threads"],
        spike_precision="on_grid",
    )
    clock = _Clock()
    circuit = mc.build_microcircuit(sim, parameters)
    clock.lap("build")
    sim.run(job["transient"])
    clock.lap("transient")
    sim.run(job["model_time"])
    clock.lap("run")
    peak = _peak_gb()
    stop = job["transient"] + job["model_time"]
    recording = course.collect(circuit.populations, {"run_time": stop})
    statistics = mc.population_statistics(recording, t_start=job["transient"], t_stop=stop)
    vps = nest.total_num_virtual_procs
    sim.end()
    return {
        **clock.times,
        "peak_gb": peak,
        "rates": [statistics[label]["rate_hz"] for label in mc.POPULATIONS],
        "neurons": parameters.n_neurons,
        "synapses": parameters.n_synapses,
        "virtual_processes": vps,
    }


def _child(job: dict) -> None:
    runner = {"pd14": _run_pd14, "course": _run_course}[job["implementation"]]
    result = runner(job)
    print(RESULT_MARK + json.dumps(result), flush=True)


# --- the sweep ------------------------------------------------------------------------------


def _run_job(job: dict, log) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--job", json.dumps(job)]
    environment = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    start = time.perf_counter()
    process = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=environment, check=False
    )
    wall = time.perf_counter() - start
    log.write(process.stdout + process.stderr)
    lines = [line for line in process.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if process.returncode != 0 or not lines:
        tail = (process.stderr or process.stdout)[-2000:]
        return {**job, "error": f"exit {process.returncode}: {tail}", "wall_s": wall}
    return {**job, **json.loads(lines[-1][len(RESULT_MARK) :]), "wall_s": wall}


def _load_runs() -> list:
    if RESULTS_JSON.exists():
        return json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    return []


# --- the report -----------------------------------------------------------------------------


def _complete_pairs(runs: list) -> list:
    """(pd14, course) pairs of every invocation that ran both at a scale, by scale and date.

    With ``--repeats``, the fastest run (least total time) of each stands for it.
    """
    pairs = {}
    for run in runs:
        if "error" in run:
            continue
        found = pairs.setdefault((run["scale"], run["invocation"]), {})
        fastest = found.get(run["implementation"])
        if fastest is None or _total(run) < _total(fastest):
            found[run["implementation"]] = run
    return [
        (found["pd14"], found["course"])
        for _, found in sorted(pairs.items())
        if set(found) == set(IMPLEMENTATIONS)
    ]


def _total(run: dict) -> float:
    return run["build_s"] + run["transient_s"] + run["run_s"]


def _total_cpu(run: dict) -> float:
    return run["build_cpu_s"] + run["transient_cpu_s"] + run["run_cpu_s"]


def _rate_ratios(run: dict) -> str:
    from course.models import microcircuit as mc

    return " ".join(
        f"{rate / ref:.2f}" for rate, ref in zip(run["rates"], mc.REFERENCE_RATES, strict=True)
    )


def write_report(runs: list) -> None:
    """Write the markdown table (every complete pair) and the plot (newest pair per scale)."""
    pairs = _complete_pairs(runs)
    if not pairs:
        return
    lines = [
        "## Microcircuit: the course against NEST's own implementation (PD14)",
        "",
        "| scale | run started | neurons | synapses | threads | implementation | build s "
        "| transient s "
        "| sim s per model s | total s | total CPU s | peak GB "
        "| rate / reference (L2/3e ... L6i) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for pd14, course in pairs:
        for run in (pd14, course):
            lines.append(
                f"| {run['scale']:g} | {run['invocation'].replace('T', ' ')[:16]} "
                f"| {run['neurons']:,} | {run['synapses']:,} "
                f"| {run['virtual_processes']} | {run['implementation']} "
                f"| {run['build_s']:.1f} | {run['transient_s']:.1f} "
                f"| {run['run_s'] / (run['model_time'] / 1000.0):.1f} | {_total(run):.1f} "
                f"| {_total_cpu(run):.1f} "
                f"| {run['peak_gb']:.2f} | {_rate_ratios(run)} |"
            )
        lines.append(
            f"| {course['scale']:g} | | | | | **course / PD14** "
            f"| {course['build_s'] / pd14['build_s']:.2f} "
            f"| {course['transient_s'] / pd14['transient_s']:.2f} "
            f"| {course['run_s'] / pd14['run_s']:.2f} | **{_total(course) / _total(pd14):.2f}** "
            f"| **{_total_cpu(course) / _total_cpu(pd14):.2f}** "
            f"| **{course['peak_gb'] / pd14['peak_gb']:.2f}** | |"
        )
    dates = sorted({pd14["invocation"] for pd14, _ in pairs})
    lines += [
        "",
        f"Measured {', '.join(dates)} on {pairs[0][0]['machine']} by "
        "`python benchmarks/microcircuit_vs_pd14.py`; timestep 0.1 ms, seed "
        f"{pairs[0][0]['seed']}, transient {pairs[0][0]['transient']:g} ms, timed run "
        f"{pairs[0][0]['model_time']:g} ms; both implementations with "
        "`OMP_WAIT_POLICY=PASSIVE` (the course's setting). The reference rates are "
        "PD14's `full_mean_rates`. The machine was shared with other jobs while it ran "
        "(load average 5-11 on its 2 cores), so wall-clock times carry a load that "
        "changed between runs; CPU time (all threads of the process) is the steadier "
        "comparison. With `--repeats`, the faster of the runs is shown.",
    ]
    RESULTS_TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    newest = list({pd14["scale"]: (pd14, course) for pd14, course in pairs}.values())
    fig, (ax_wall, ax_cpu, ax_memory) = plt.subplots(
        1, 3, layout="constrained", figsize=(11.0, 3.5)
    )
    for index, name in enumerate(IMPLEMENTATIONS):
        scales = [pair[index]["scale"] for pair in newest]
        model_s = [pair[index]["model_time"] / 1000.0 for pair in newest]
        label = "PD14 (NEST's own)" if name == "pd14" else "course (PyNN)"
        wall = [pair[index]["run_s"] / m for pair, m in zip(newest, model_s, strict=True)]
        cpu = [pair[index]["run_cpu_s"] / m for pair, m in zip(newest, model_s, strict=True)]
        ax_wall.plot(scales, wall, "o-", label=label)
        ax_cpu.plot(scales, cpu, "o-", label=label)
        ax_memory.plot(scales, [pair[index]["peak_gb"] for pair in newest], "o-", label=label)
    for ax in (ax_wall, ax_cpu, ax_memory):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("scale (neurons and in-degrees)")
        ax.legend(fontsize="small")
    ax_wall.set_ylabel("real-time factor (wall s / model s)")
    ax_wall.set_title("wall clock (shared machine)", fontsize="medium")
    ax_cpu.set_ylabel("CPU s / model s")
    ax_cpu.set_title("CPU time, all threads", fontsize="medium")
    ax_memory.set_ylabel("peak memory (GB)")
    ax_memory.set_title("peak resident memory", fontsize="medium")
    fig.savefig(PLOT, dpi=120)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 0.2, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=55)
    parser.add_argument("--transient", type=float, default=100.0)
    parser.add_argument("--model-time", type=float, default=1000.0)
    parser.add_argument(
        "--implementations", nargs="+", choices=IMPLEMENTATIONS, default=list(IMPLEMENTATIONS)
    )
    parser.add_argument(
        "--log", type=Path, default=Path(tempfile.gettempdir()) / "microcircuit_bench.log"
    )
    parser.add_argument("--repeats", type=int, default=1, help="runs per scale and implementation")
    parser.add_argument(
        "--report", action="store_true", help="only remake the table and plot from the JSON"
    )
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        _child(json.loads(args.job))
        return
    runs = _load_runs()
    if args.report:
        write_report(runs)
        return
    invocation = datetime.now().isoformat(timespec="seconds")
    with args.log.open("a", encoding="utf-8") as log:
        for scale in args.scales:
            for implementation in args.implementations * args.repeats:
                job = {
                    "invocation": invocation,
                    "machine": f"{platform.system()} {os.cpu_count()} cores",
                    "implementation": implementation,
                    "scale": scale,
                    "threads": _threads_for(scale),
                    "seed": args.seed,
                    "transient": args.transient,
                    "model_time": args.model_time,
                }
                print(f"scale {scale}, {implementation}, {job['threads']} threads ...", flush=True)
                result = _run_job(job, log)
                print(
                    "  "
                    + (
                        "failed: " + result["error"][-300:]
                        if "error" in result
                        else f"build {result['build_s']:.1f} s, run {result['run_s']:.1f} s, "
                        f"peak {result['peak_gb']:.2f} GB, CPU {_total_cpu(result):.0f} s, "
                        f"wall {result['wall_s']:.0f} s"
                    ),
                    flush=True,
                )
                runs.append(result)
                RESULTS_JSON.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    write_report(runs)


if __name__ == "__main__":
    main()
