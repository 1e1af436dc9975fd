"""Execute the website's lesson notebooks, unchanged, each in a fresh Jupyter kernel.

Used by ``nox -s hub`` (the SpiNNaker hub's kernel: sPyNNaker, no NEST, a
``~/.spynnaker.cfg`` naming a virtual board) and ``nox -s laptop`` (NEST).
No backend is named: ``COURSE_SIMULATOR`` is removed, so every notebook makes
the automatic choice a learner's does, and ``--expect`` checks the line it
announced. Each notebook runs in an empty folder; files it leaves there are
reported, and so is every Python warning a notebook printed (a learner would
read it as a fault of their own). ``--report`` writes the outcome of every
lesson as JSON in the form ``python -m course.lessons --report`` uses
(tests/test_consistency.py reads the hub's).

    python .ci/execute_notebooks.py docs/auto_examples --expect "course: running on NEST"
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from course.lessons import python_warnings


def _kernel_manager(sockets: str):
    """A manager for one kernel that talks over Unix sockets in the folder ``sockets``.

    Jupyter's default, TCP, picks free ports and closes them before the kernel
    binds them: kernels started at the same moment can pick the same port, and
    one dies ("Address already in use", seen once in 31 notebooks, 3 at a
    time). A socket file in a folder of its own cannot be taken by another
    kernel. TCP stays where there are no Unix sockets (Windows).
    """
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager(kernel_name="python3")
    return AsyncKernelManager(
        kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel")
    )


def execute(notebook: str, timeout: int) -> dict:
    """Run one notebook in a new kernel, in an empty folder; return its outcome."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    start = time.perf_counter()
    nb = nbformat.read(notebook, as_version=4)
    error = ""
    with (
        tempfile.TemporaryDirectory(prefix="course-notebook-") as folder,
        tempfile.TemporaryDirectory(prefix="course-kernel-") as sockets,
    ):
        client = NotebookClient(
            nb,
            km=_kernel_manager(sockets),
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
            # Keeps the kernel's own start-up notices (not the lesson's output) out of the log.
            extra_arguments=["--log-level=ERROR"],
        )
        try:
            client.execute()
        except CellExecutionError as failure:
            error = str(failure)[-3000:]
        except Exception as failure:  # a kernel that dies is a failed lesson too
            error = f"{type(failure).__name__}: {failure}"[-3000:]
        left_behind = sorted(os.listdir(folder))
    announced = re.findall(r"^course: running on .*$", _printed(nb, "stdout"), re.MULTILINE)
    return {
        "error": error,
        "seconds": round(time.perf_counter() - start, 2),
        "left_behind": left_behind,
        "announced": announced,
        "warnings": python_warnings(_printed(nb, "stderr")),
    }


def _printed(nb, stream: str) -> str:
    """What the executed notebook's code cells printed on ``stream`` ("stdout" or "stderr")."""
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("name") == stream
    )


def main(argv: list[str] | None = None) -> int:
    """Execute every notebook below a folder; print one line each; exit 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="docs/auto_examples of a built website")
    parser.add_argument("pattern", nargs="?", default=None, help="only notebooks matching this")
    parser.add_argument("--expect", default=None, help="start of the automatic choice's line")
    parser.add_argument("--report", default=None, help="write the outcomes to this JSON file")
    parser.add_argument("--backend", default="", help="backend name written into the report")
    # One more kernel than cores: each kernel waits for messages part of the time.
    # Measured on 2 cores, the 31 laptop notebooks: 54 s with 2 kernels, 45 s with 3,
    # 49 s with 4.
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)

    os.environ.pop("COURSE_SIMULATOR", None)  # unchanged notebooks: the course chooses
    root = Path(args.folder)
    notebooks = sorted(root.glob("*/*.ipynb"))
    if args.pattern:
        notebooks = [path for path in notebooks if re.search(args.pattern, str(path))]
    if not notebooks:
        print(f"no notebooks below {root}: build the website first (nox -s docs)")
        return 1
    start = time.perf_counter()
    outcomes, failures = [], 0
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(execute, str(path), args.timeout) for path in notebooks]
        for path, future in zip(notebooks, futures, strict=True):
            outcome = future.result()
            lesson = path.relative_to(root).with_suffix(".py").as_posix()
            problems = []
            if outcome["error"]:
                problems.append(outcome["error"])
            if outcome["left_behind"]:
                problems.append(f"left files behind: {', '.join(outcome['left_behind'])}")
            problems.extend(f"printed a warning: {line}" for line in outcome["warnings"])
            wrong = [
                line for line in outcome["announced"] if not line.startswith(args.expect or "")
            ]
            if args.expect and (wrong or not outcome["announced"]):
                problems.append(f"expected the automatic choice {args.expect!r}, saw {wrong}")
            failures += bool(problems)
            status = "FAILED" if problems else "ok"
            print(f"{status:6} {outcome['seconds']:6.1f} s  {lesson}", flush=True)
            for problem in problems:
                print("\n".join("    " + line for line in problem.strip().splitlines()[-30:]))
            outcomes.append(
                {
                    "lesson": lesson,
                    "ok": not problems,
                    "seconds": outcome["seconds"],
                    "left_behind": outcome["left_behind"],
                    "warnings": outcome["warnings"],
                }
            )
    if args.report:
        report = Path(args.report)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps({"backend": args.backend, "lessons": outcomes}, indent=1))
    elapsed = time.perf_counter() - start
    print(f"notebooks: {len(notebooks) - failures} passed, {failures} failed in {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
