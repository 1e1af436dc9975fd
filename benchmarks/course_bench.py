"""Benchmark the course: site build, lesson speed on NEST, SpiNNaker mapping, builders.

Run with ``nox -s bench`` (or ``python benchmarks/course_bench.py [--skip-build]``
in an environment with the docs and spinnaker extras). Writes
``benchmarks/results/course.md`` and keeps the table it replaces as
``benchmarks/results/course.previous.md``, so a regression is visible on the
website's Performance page.

Measured:

* full site build (clean, every lesson executed) and the rebuild after editing
  one lesson (only that lesson is executed again);
* each lesson on NEST with 1 and 2 threads (``--threads``): wall and CPU time
  of the whole script (interpreter start and imports included) and real-time
  factor (CPU time inside ``sim.run`` / simulated time). The benchmark times ``sim.run`` itself: it
  runs the lesson in a child process (``--time-lesson``) that wraps PyNN's
  ``run`` before the lesson starts, so the course has no timing code;
* each lesson on the virtual SpiNNaker board (unless ``--skip-virtual``): wall
  time (the host-side mapping cost a SpiNNaker user pays on every run);
* the connection builders against the naive loops they replace
  (``benchmarks/center_surround.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from course.lessons import find_lessons, run_lesson

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BENCH = Path(__file__).resolve()
GENERATED = ("docs/_build", "docs/auto_examples", "docs/gen_modules", "docs/api/generated")


def _sphinx_build() -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "docs",
            "docs/_build/html",
        ],
        cwd=ROOT,
        check=True,
        env=dict(os.environ, MPLBACKEND="agg"),
    )
    return time.perf_counter() - start


def site_build_times(lesson: Path) -> tuple[float, float]:
    """Seconds for a clean full build, then for a rebuild after editing ``lesson``."""
    for folder in GENERATED:
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    full = _sphinx_build()
    original = lesson.read_text(encoding="utf-8")
    try:
        lesson.write_text(original + "\n# (edited by the benchmark)\n", encoding="utf-8")
        rebuild = _sphinx_build()
    finally:
        lesson.write_text(original, encoding="utf-8")
    return full, rebuild


def time_runs_of_lesson(lesson: Path, report: Path) -> None:
    """Run ``lesson`` in this process on NEST, adding up the wall time spent in ``sim.run``.

    Writes ``{"simulated_ms": ..., "run_seconds": ...}`` to ``report``, even
    when the lesson fails. Meant for a child process (``--time-lesson``).
    """
    from course.quiet import quiet_nest

    quiet_nest()
    import pyNN.nest

    totals = {"simulated_ms": 0.0, "run_seconds": 0.0, "run_cpu_seconds": 0.0}
    plain_run = pyNN.nest.run

    def timed_run(simtime, *args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = plain_run(simtime, *args, **kwargs)
        totals["run_seconds"] += time.perf_counter() - start
        totals["run_cpu_seconds"] += time.process_time() - start_cpu
        totals["simulated_ms"] += float(simtime)
        return result

    # course.setup() hands the lesson this module, so its sim.run is timed_run.
    pyNN.nest.run = timed_run
    sys.argv = [str(lesson)]
    try:
        runpy.run_path(str(lesson), run_name="__main__")
    finally:
        report.write_text(json.dumps(totals), encoding="utf-8")


def lesson_on_nest(lesson: Path, threads: int) -> dict:
    """Wall time and real-time factor of one lesson on NEST, in a fresh process."""
    env = dict(
        os.environ, COURSE_SIMULATOR="nest", COURSE_NEST_THREADS=str(threads), MPLBACKEND="agg"
    )
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "timing.json"
        start, cpu_before = time.perf_counter(), children_cpu_seconds()
        run = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--time-lesson",
                str(lesson),
                str(report),
            ],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        cpu = children_cpu_seconds() - cpu_before
        if run.returncode != 0:
            raise RuntimeError(f"{lesson.name} failed on NEST:\n{run.stderr[-2000:]}")
        timing = json.loads(report.read_text(encoding="utf-8"))
    simulated = timing["simulated_ms"]
    factor = timing["run_cpu_seconds"] / (simulated / 1000.0) if simulated else float("nan")
    return {"wall": wall, "cpu": cpu, "rtf": factor, "simulated_ms": simulated}


def children_cpu_seconds() -> float:
    """CPU time (user + system, s) of the child processes that ended so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine() -> str:
    """The processor (its model name, where Linux tells it) and its number of cores."""
    cpuinfo = Path("/proc/cpuinfo")
    model = platform.machine()
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = f"{line.split(':', 1)[1].strip()} ({platform.machine()})"
                break
    return f"{model}, {os.cpu_count()} cores"


def load() -> str:
    """The 1-minute load average (other work sharing the cores), or "unknown"."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return "unknown"


def builder_table() -> str:
    script = ROOT / "benchmarks" / "center_surround.py"
    if not script.exists():
        return ""
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main() -> None:
    if sys.argv[1:2] == ["--time-lesson"]:
        time_runs_of_lesson(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="do not time the site build")
    parser.add_argument("--skip-virtual", action="store_true", help="do not time the mapping")
    parser.add_argument(
        "--threads", default="1,2", help="NEST thread counts to time, comma-separated"
    )
    parser.add_argument("pattern", nargs="?", default=None, help="only lessons matching this")
    args = parser.parse_args()

    lessons = find_lessons(ROOT / "examples", args.pattern)
    lines = [
        f"## Course benchmarks ({date.today().isoformat()})",
        "",
        f"Machine: {machine()}, Python {platform.python_version()}; {len(lessons)} lessons. "
        f"Load average at the start: {load()}.",
        "",
    ]
    if not args.skip_build:
        edited = (
            next(path for path in lessons if "task1" in path.name)
            if any("task1" in path.name for path in lessons)
            else lessons[0]
        )
        full, rebuild = site_build_times(edited)
        lines += [
            "| site build | seconds |",
            "|---|---:|",
            f"| full build, {len(lessons)} lessons executed | {full:.1f} |",
            f"| rebuild after editing `{edited.name}` | {rebuild:.1f} |",
            "",
        ]
        print(f"site: full {full:.1f} s, rebuild {rebuild:.1f} s", flush=True)
    else:
        lines += ["The site build was not timed in this run (`--skip-build`).", ""]

    threads = [int(count) for count in args.threads.split(",")]
    header = "| lesson |"
    for count in threads:
        header += f" NEST wall, {count} thr. (s) | NEST CPU, {count} thr. (s) | RTF, {count} thr. |"
    header += " simulated (ms) | virtual SpiNNaker mapping, wall (s) |"
    lines += [header, "|---|" + "---:|" * (3 * len(threads) + 2)]
    for lesson in lessons:
        row = f"| `{lesson.stem}` |"
        for count in threads:
            timing = lesson_on_nest(lesson, count)
            row += f" {timing['wall']:.2f} | {timing['cpu']:.2f} | {timing['rtf']:.3f} |"
        if args.skip_virtual:
            mapping = "not timed"
        else:
            virtual = run_lesson(lesson, "virtual")
            mapping = f"{virtual.seconds:.1f}" if virtual.ok else "failed"
        lines.append(f"{row} {timing['simulated_ms']:.0f} | {mapping} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "NEST CPU: user + system time of the lesson's process (starting Python and importing",
        "PyNN, NEST and matplotlib included), which other work on the machine hardly changes;",
        "wall time grows with the load. RTF: real-time factor, CPU time inside `sim.run`",
        "divided by simulated time. Lessons that simulate only a few ms (to build and read",
        "back connections) show PyNN's fixed cost per run, not simulation speed.",
        "",
    ]

    lines[2] += f" Load average at the end: {load()}."
    builders = builder_table()
    if builders:
        lines += ["### Connection builders against the loops they replace", "", builders, ""]

    RESULTS.mkdir(parents=True, exist_ok=True)
    current = RESULTS / "course.md"
    if current.exists():
        previous = current.read_text(encoding="utf-8").replace(
            "## Course benchmarks (", "## Previous course benchmarks (", 1
        )
        (RESULTS / "course.previous.md").write_text(previous, encoding="utf-8")
    current.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {current.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
