"""Time the notes' center-surround loop against :func:`course.connectivity.center_surround`.

Run it with::

    python benchmarks/center_surround.py

It times the course notes' double loop (``compute_CS_list``, re-implemented
faithfully below as the reference) and the vectorised builder on square
layers of 100, 300 and 1000 cells with the notes' two parameter sets,
checks that both return exactly the same rows, times the builder alone on
100 000 cells, and prints a markdown table.
"""

from __future__ import annotations

import time

import numpy as np

from course.connectivity import center_surround

#: The notes' two parameter sets: (name, weight, d_thresh, p_thresh, width).
PARAMETER_SETS = (
    ("excitatory", 0.008, 0, 0.1, 1),
    ("inhibitory", 0.008, 2, 0.1, 3),
)
LOOP_SIZES = (100, 300, 1000)
LARGE_SIZE = 100_000


def notes_loop(n_cells_i, n_cells_j, weights, d_thresh, p_thresh, width):
    """The notes' compute_CS_list: one Python iteration per pair of cells (the reference)."""
    v_c = 0.35
    d0 = 1
    scale = 1
    connections = []
    for pre in range(n_cells_i):
        for post in range(n_cells_j):
            d_ij = np.sqrt((pre - post) ** 2)
            delay = d0 + d_ij / v_c
            if d_ij > d_thresh:
                p_ij = scale * np.exp(-0.5 * (d_ij**2 / width**2))
                if p_ij > p_thresh:
                    connections.append([pre, post, weights, delay])
    return np.array(connections, dtype=float).reshape(-1, 4)


def best_time(function, repeats: int) -> tuple[float, object]:
    """Shortest wall time (s) of ``repeats`` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    print(
        "| cells | parameters | connections | notes' loop (s) | builder (ms) | speed-up | equal |"
    )
    print("|---:|---|---:|---:|---:|---:|---|")
    for n_cells in (*LOOP_SIZES, LARGE_SIZE):
        for name, weight, d_thresh, p_thresh, width in PARAMETER_SETS:

            def fast(n=n_cells, w=weight, d=d_thresh, p=p_thresh, s=width):
                return center_surround(n, n, w, width=s, p_thresh=p, d_thresh=d)

            fast_time, rows = best_time(fast, repeats=5)
            if n_cells in LOOP_SIZES:
                loop_time, reference = best_time(
                    lambda n=n_cells, w=weight, d=d_thresh, p=p_thresh, s=width: notes_loop(
                        n, n, w, d, p, s
                    ),
                    repeats=1,
                )
                equal = bool(np.array_equal(rows, reference))
                loop_text = f"{loop_time:.3f}"
                speed_up = f"{loop_time / fast_time:,.0f}x"
            else:
                equal, loop_text, speed_up = "not run", "(hours)", "-"
            print(
                f"| {n_cells:,} | {name} | {len(rows):,} | {loop_text} | "
                f"{fast_time * 1e3:.2f} | {speed_up} | {equal} |"
            )


if __name__ == "__main__":
    main()
