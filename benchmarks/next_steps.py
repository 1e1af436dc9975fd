"""Time and size the next-steps models on NEST: model A, model B, the microcircuit.

Run it with::

    python benchmarks/next_steps.py [--max-seconds 180] [--max-gb 8]

Every configuration runs in a fresh Python process (so that its peak
resident memory is its own), on 1 and on 2 NEST threads, and reports

* build time: creating populations and projections (s of wall time);
* simulation time: inside ``sim.run`` (s of wall time);
* real-time factor: simulation time / simulated time (1 = real time);
* peak memory: the process's maximum resident set size (GB).

The microcircuit is tried at growing scales (neurons, then in-degrees); the
sweep stops before a configuration that the previous ones predict to take
more than ``--max-seconds`` or ``--max-gb``, and a configuration that goes
over anyway is stopped. The markdown table is written to
``benchmarks/results/next_steps.md``.

This is a script, not a test: its numbers depend on the machine and on what
else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "next_steps.md"

#: Microcircuit scales tried, in order: (n_scale, k_scale).
MICROCIRCUIT_SCALES = (
    (0.01, 0.1),
    (0.02, 0.1),
    (0.05, 0.1),
    (0.1, 0.1),
    (0.2, 0.1),
    (0.1, 0.3),
    (0.3, 0.1),
    (0.2, 0.3),
    (0.5, 0.1),
)
#: Simulated time of every microcircuit run (ms).
MICROCIRCUIT_RUN_TIME = 500.0
THREADS = (1, 2)


# --- one configuration, in its own process -----------------------------------------------


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0**2  # kB on Linux


def _microcircuit(config: dict) -> dict:
    """Build and run the microcircuit at one scale; return the measurements."""
    import course
    from course.models import microcircuit as mc

    sim = course.setup(
        timestep=mc.TIMESTEP,
        max_delay=mc.MAX_DELAY,
        threads=config["threads"],
        spike_precision="on_grid",
    )
    recording = mc.run_microcircuit(
        sim, n_scale=config["n_scale"], k_scale=config["k_scale"], run_time=MICROCIRCUIT_RUN_TIME
    )
    info = recording.parameters
    stats = mc.population_statistics(recording)
    sim.end()
    return {
        "build_s": info["build_seconds"],
        "run_s": info["run_seconds"],
        "simulated_ms": MICROCIRCUIT_RUN_TIME,
        "neurons": info["n_neurons"],
        "synapses": info["n_synapses"],
        "peak_gb": _peak_gb(),
        "rates": {label: stats[label]["rate_hz"] for label in ("L23e", "L4e", "L5e")},
    }


def _timed_model(config: dict) -> dict:
    """Model A or B, with build and run timed apart by wrapping ``sim.run``."""
    import course

    threads = config["threads"]
    timestep = 1.0
    sim = course.setup(timestep=timestep, threads=threads)
    original_run = sim.run
    marks = {}

    def timed_run(simtime, callbacks=None):
        marks["run_start"] = time.perf_counter()
        result = original_run(simtime, callbacks=callbacks)
        marks["run_end"] = time.perf_counter()
        return result

    sim.run = timed_run
    start = time.perf_counter()
    if config["model"] == "model A":
        from course.exercises import model_a as ma

        ma.model_a(sim)
        simulated, neurons = ma.RUN_TIME, 2 * ma.N_CELLS + ma.N_THALAMIC
    else:
        from course.exercises import model_b as mb

        model = mb.model_b(sim)
        simulated = model.recording.parameters["run_time"]
        neurons = mb.N_ROWS * mb.N_COLS * 5 // 4 + len(
            model.recording.parameters["stimulated_cells"]
        )
    end = time.perf_counter()
    sim.run = original_run
    sim.end()
    return {
        "build_s": marks["run_start"] - start,
        "run_s": marks["run_end"] - marks["run_start"],
        "collect_s": end - marks["run_end"],
        "simulated_ms": simulated,
        "neurons": neurons,
        "synapses": None,
        "peak_gb": _peak_gb(),
    }


def _limit_memory(max_gb: float):
    def limit():
        size = int(max_gb * 1024**3 * 1.1)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def run_configuration(config: dict, max_seconds: float, max_gb: float) -> dict:
    """Run one configuration in a fresh process; record failures instead of raising."""
    env = dict(os.environ, COURSE_SIMULATOR="nest", MPLBACKEND="agg")
    start = time.perf_counter()
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--worker", json.dumps(config)],
            capture_output=True,
            text=True,
            timeout=max_seconds * 1.5 + 30.0,
            env=env,
            preexec_fn=_limit_memory(max_gb),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {**config, "error": f"stopped after {max_seconds * 1.5 + 30:.0f} s"}
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {**config, "error": last[:120], "wall_s": wall}
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    return {**config, **result, "wall_s": wall}


# --- the sweep ------------------------------------------------------------------------------


def _fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def _row(result: dict) -> str:
    if "error" in result:
        scale = f"n={result.get('n_scale', '-')}, k={result.get('k_scale', '-')}"
        return f"| {result['model']} | {scale} | {result['threads']} | failed: {result['error']} |"
    rtf = result["run_s"] / (result["simulated_ms"] / 1000.0)
    scale = "as in the lesson"
    if result["model"] == "microcircuit":
        scale = f"n={result['n_scale']}, k={result['k_scale']}"
    synapses = "-" if result.get("synapses") is None else f"{result['synapses']:,}"
    rates = ""
    if "rates" in result:
        rates = " / ".join(f"{rate:.1f}" for rate in result["rates"].values())
    return (
        f"| {result['model']} | {scale} | {result['threads']} | {result['neurons']:,} | "
        f"{synapses} | {_fmt(result['build_s'])} | {_fmt(result['run_s'])} | "
        f"{_fmt(result.get('collect_s'))} | {result['simulated_ms']:.0f} | {rtf:.1f} | "
        f"{result['peak_gb']:.2f} | {rates} |"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--max-seconds", type=float, default=180.0)
    parser.add_argument("--max-gb", type=float, default=8.0)
    args = parser.parse_args(argv)
    if args.worker:
        config = json.loads(args.worker)
        if config["model"] == "microcircuit":
            result = _microcircuit(config)
        else:
            result = _timed_model(config)
        print(json.dumps(result))
        return 0

    results = []
    for model in ("model A", "model B"):
        for threads in THREADS:
            result = run_configuration(
                {"model": model, "threads": threads}, args.max_seconds, args.max_gb
            )
            print(_row(result), flush=True)
            results.append(result)

    # Cost grows with the number of synapses (n_scale * k_scale): predict the
    # next scale from the last one measured, and stop before going over.
    last = None
    stopped = ""
    for n_scale, k_scale in MICROCIRCUIT_SCALES:
        if last is not None:
            growth = (n_scale * k_scale) / (last["n_scale"] * last["k_scale"])
            seconds = (last["build_s"] + last["run_s"]) * growth
            memory = last["peak_gb"] * growth
            if seconds > args.max_seconds or memory > args.max_gb:
                stopped = (
                    f"Stopped before n={n_scale}, k={k_scale}: predicted {seconds:.0f} s and "
                    f"{memory:.1f} GB from the previous scale (limits {args.max_seconds:.0f} s, "
                    f"{args.max_gb:.0f} GB)."
                )
                break
        for threads in THREADS:
            result = run_configuration(
                {
                    "model": "microcircuit",
                    "threads": threads,
                    "n_scale": n_scale,
                    "k_scale": k_scale,
                },
                args.max_seconds,
                args.max_gb,
            )
            print(_row(result), flush=True)
            results.append(result)
            if "error" not in result:
                last = result
        if last is None or "error" in results[-1]:
            stopped = f"Stopped at n={n_scale}, k={k_scale}: {results[-1].get('error', '')}"
            break

    write_table(results, stopped, args)
    return 0


def write_table(results, stopped: str, args) -> None:
    load = os.getloadavg()
    lines = [
        "## Next-steps models on NEST: build, simulation, real-time factor, memory",
        "",
        f"Measured {date.today().isoformat()} with `python benchmarks/next_steps.py` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}. The machine was shared with other engineers while it ran "
        f"(load average {load[0]:.1f} at the end): treat the times as upper bounds.",
        "",
        "Each row is a fresh process. Build: creating populations and projections; "
        "simulation: inside `sim.run`; real-time factor: simulation time / simulated time "
        "(1 = real time, 10 = ten times slower); read-back: `get_data()` of the recorded "
        "signals (models A and B; PyNN 0.13 on NEST spends milliseconds per recorded cell "
        "and variable); peak memory: maximum resident set size of "
        "the process. Microcircuit rows give the mean rates of L2/3e / L4e / L5e "
        "(reference full-scale values 0.90 / 4.41 / 7.57 Hz, PD14's full_mean_rates).",
        "",
        "| model | scale | threads | neurons | synapses | build (s) | simulation (s) | "
        "read-back (s) | simulated (ms) | real-time factor | peak memory (GB) | rates (Hz) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[_row(result) for result in results],
        "",
    ]
    if stopped:
        lines += [stopped, ""]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
