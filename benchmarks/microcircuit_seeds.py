"""How the microcircuit's rates vary across seeds, at the scales the course shows.

Run it with::

    python benchmarks/microcircuit_seeds.py [--seeds 10]

For each configuration below it runs the course's microcircuit on NEST (2
threads, grid-based ``iaf_psc_exp``, timestep 0.1 ms) once per seed and
records every population's mean rate after the 100 ms transient, as a ratio
to :data:`course.models.microcircuit.REFERENCE_RATES`, and, for the lesson's
configuration, the mean ISI CV and CV2. It writes the mean, standard
deviation, minimum and maximum over the seeds to
``benchmarks/results/microcircuit_seeds.md`` and every value to
``microcircuit_seeds.json`` beside it. Lesson 41 and
``tests/test_microcircuit.py`` quote these figures and take their bands from
them.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

#: (name, n_scale, k_scale, run time in ms, how many of the seeds to use).
#: "test" is tests/test_microcircuit.py's run, "lesson" lesson 41's; the
#: k_scale series at n_scale 0.02 isolates the effect of in-degrees.
CONFIGURATIONS = (
    ("test", 0.01, 0.1, 400.0, 1.0),
    ("lesson", 0.02, 0.1, 600.0, 1.0),
    ("lesson, k 0.3", 0.02, 0.3, 600.0, 0.5),
    ("lesson, k 1", 0.02, 1.0, 600.0, 0.5),
    ("10 %", 0.1, 0.1, 1100.0, 0.5),
)
THREADS = 2


def _one_run(n_scale, k_scale, run_time, seed) -> dict:
    import course
    from course.models import microcircuit as mc

    sim = course.setup(
        timestep=mc.TIMESTEP,
        max_delay=mc.MAX_DELAY,
        seed=seed,
        threads=THREADS,
        spike_precision="on_grid",
    )
    recording = mc.run_microcircuit(sim, n_scale=n_scale, k_scale=k_scale, run_time=run_time)
    stats = mc.population_statistics(recording)
    sim.end()
    return {
        "ratio": [
            stats[label]["rate_hz"] / reference
            for label, reference in zip(mc.POPULATIONS, mc.REFERENCE_RATES, strict=True)
        ],
        "cv_isi": [stats[label]["cv_isi"] for label in mc.POPULATIONS],
        "cv2": [stats[label]["cv2"] for label in mc.POPULATIONS],
        "run_seconds": recording.parameters["run_seconds"],
    }


def _spread(values) -> str:
    finite = [value for value in values if not math.isnan(value)]
    if not finite:
        return "-"
    sd = statistics.stdev(finite) if len(finite) > 1 else 0.0
    return f"{statistics.mean(finite):.2f} ± {sd:.2f} ({min(finite):.2f}-{max(finite):.2f})"


def write_table(results: dict) -> None:
    """Markdown table: mean ± sd (min-max) over seeds, per population and configuration."""
    from course.models import microcircuit as mc

    lines = ["## Microcircuit rates across seeds", ""]
    for name, runs in results.items():
        seeds = sorted(runs, key=int)
        first = runs[seeds[0]]
        lines += [
            f"### {name}: n_scale {first['n_scale']}, k_scale {first['k_scale']}, "
            f"{first['run_time']:g} ms, seeds {seeds[0]}-{seeds[-1]} ({len(seeds)} runs)",
            "",
            "| population | rate / reference | ISI CV | CV2 |",
            "|---|---|---|---|",
        ]
        for index, label in enumerate(mc.POPULATIONS):
            lines.append(
                f"| {label} | {_spread([runs[s]['ratio'][index] for s in seeds])} "
                f"| {_spread([runs[s]['cv_isi'][index] for s in seeds])} "
                f"| {_spread([runs[s]['cv2'][index] for s in seeds])} |"
            )
        lines.append("")
    lines.append(
        "mean ± standard deviation (minimum-maximum) over the seeds; NEST, 2 threads, "
        "grid-based `iaf_psc_exp`, timestep 0.1 ms, rates after 100 ms. Made by "
        "`python benchmarks/microcircuit_seeds.py`."
    )
    (RESULTS / "microcircuit_seeds.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 1..N per configuration")
    parser.add_argument("--only", nargs="*", help="names of configurations to run")
    args = parser.parse_args(argv)
    path = RESULTS / "microcircuit_seeds.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for name, n_scale, k_scale, run_time, share in CONFIGURATIONS:
        if args.only and name not in args.only:
            continue
        runs = {}
        for seed in range(1, max(2, round(args.seeds * share)) + 1):
            run = _one_run(n_scale, k_scale, run_time, seed)
            runs[str(seed)] = {"n_scale": n_scale, "k_scale": k_scale, "run_time": run_time, **run}
            print(name, seed, " ".join(f"{r:.2f}" for r in run["ratio"]), flush=True)
        results[name] = runs
        path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        write_table(results)


if __name__ == "__main__":
    main()
