"""Pages generated from the course's own data at build time.

The NEST-versus-SpiNNaker table is written from
:data:`course.backends.DIFFERENCES`, the same data the simulator layer uses,
so the page and the code cannot disagree. The timing table beside it is
computed from the SpiNNaker boards' recordings, :mod:`course.spinnaker_model`
and NEST, run at build time.
"""

from pathlib import Path

import numpy as np

from course.backends import BACKENDS, DIFFERENCES, PORTABLE_CELL_TYPES

_ISSUE_URLS = {
    "NeuralEnsemble/PyNN": "https://github.com/NeuralEnsemble/PyNN/issues/{}",
    "SpiNNakerManchester/sPyNNaker": "https://github.com/SpiNNakerManchester/sPyNNaker/issues/{}",
    "SpiNNakerManchester/PyNNExamples": "https://github.com/SpiNNakerManchester/PyNNExamples/issues/{}",
}


def _source_link(source: str) -> str:
    repo, number = source.split("#")
    url = _ISSUE_URLS[repo].format(number)
    return f"`{repo.split('/')[1]} #{number} <{url}>`__"


def _cell(text: str) -> str:
    return text.replace("\n", " ")


def differences_table() -> str:
    """The NEST-versus-SpiNNaker differences as an RST list-table."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 14 26 26 26 8",
        "   :class: differences-table",
        "",
        "   * - Topic",
        "     - NEST (PyNN 0.13, NEST 3.10)",
        "     - SpiNNaker (sPyNNaker 7.4)",
        "     - What the course does",
        "     - Reported in",
    ]
    for item in DIFFERENCES:
        sources = ", ".join(_source_link(s) for s in item.sources) or "measured here"
        lines += [
            f"   * - **{item.topic}**",
            f"     - {_cell(item.nest)}",
            f"     - {_cell(item.spinnaker)}",
            f"     - {_cell(item.course)}",
            f"     - {sources}",
        ]
    return "\n".join(lines) + "\n"


def backends_list() -> str:
    """The backends as an RST definition list."""
    lines = []
    for backend in BACKENDS.values():
        lines += [f"``{backend.name}``", f"   {backend.summary}", ""]
    return "\n".join(lines)


def _first_spikes(spikes, start: float = 0.0) -> np.ndarray:
    return np.array([s[0] - start if len(s) else np.nan for s in spikes])


def spinnaker_recordings_table() -> str:
    """Board recordings against the model and NEST, as an RST list-table."""
    from course.spinnaker_model import recordings, synfire

    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - Ring delay",
        "     - Board spikes",
        "     - Model: spikes at the same ms",
        "     - Model: largest difference",
        "     - Hop: board / NEST precise / NEST on grid (ms)",
        "     - Neuron 19 fires: board / NEST precise / NEST on grid (ms after the input)",
        "     - NEST on grid: largest v difference before the first spike",
    ]
    for delay, (run_time, signal_name) in recordings.RECORDED_DELAYS.items():
        board = recordings.load_recording(delay)
        model = synfire.model_ring(delay, run_time)
        total = sum(len(times) for times in board.spikes)
        predicted = sum(len(times) for times in model.spikes)
        matched = sum(
            int(np.isin(b, m).sum()) for b, m in zip(board.spikes, model.spikes, strict=True)
        )
        unit = "mV" if signal_name == "v" else "nA"
        error = np.abs(getattr(model, signal_name) - board.signal).max()
        firsts = [_first_spikes(board.spikes)]
        v_gap = "not recorded (the board file holds the synaptic current)"
        for precision in ("off_grid", "on_grid"):
            run = synfire.run_ring_on_nest(delay, run_time, precision)
            firsts.append(_first_spikes(run.spikes, run.input_time))
            if precision == "on_grid" and signal_name == "v":
                start = int(run.input_time)
                first_spike = int(firsts[0][0])
                gap = np.abs(
                    run.v[0, start : start + first_spike + 1] - board.signal[0, : first_spike + 1]
                )
                v_gap = f"{gap.max():.4f} mV"
        hops = " / ".join(f"{np.mean(np.diff(f)):.3f}" for f in firsts)
        laps = " / ".join(f"{f[-1]:.2f}" for f in firsts)
        lines += [
            f"   * - {delay} ms",
            f"     - {total}",
            f"     - {matched} of {total} (the model has {predicted})",
            f"     - {error:g} {unit} ({signal_name})",
            f"     - {hops}",
            f"     - {laps}",
            f"     - {v_gap}",
        ]
    return "\n".join(lines) + "\n"


def benchmark_tables(results: Path) -> str:
    """Every benchmark table in ``benchmarks/results/`` (Markdown), in name order."""
    tables = sorted(results.glob("*.md")) if results.is_dir() else []
    if not tables:
        return "No benchmark has been recorded yet: run `nox -s bench`.\n"
    return "\n".join(path.read_text(encoding="utf-8").rstrip() + "\n" for path in tables)


def _recordings_table_unless_current(folder: Path) -> str:
    """The recordings table, computed again (six NEST runs, ~5 s) only when the
    course package or NEST changed since the table in ``folder`` was written."""
    import hashlib
    import importlib.metadata

    digest = hashlib.sha256(importlib.metadata.version("nest-simulator").encode())
    package = Path(__file__).resolve().parents[1] / "course"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    table, stamp = folder / "spinnaker_recordings.rst", folder / "spinnaker_recordings.inputs"
    if table.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return table.read_text(encoding="utf-8")
    text = spinnaker_recordings_table()
    stamp.write_text(digest.hexdigest())
    return text


def write_generated_pages(folder: Path) -> None:
    """Write the generated RST snippets into ``folder`` (only when they change)."""
    folder.mkdir(exist_ok=True)
    snippets = {
        "differences_table.rst": differences_table(),
        "backends_list.rst": backends_list(),
        "portable_cell_types.rst": ", ".join(f"``{name}``" for name in PORTABLE_CELL_TYPES) + "\n",
        "benchmarks.md": benchmark_tables(folder.parent.parent / "benchmarks" / "results"),
        "spinnaker_recordings.rst": _recordings_table_unless_current(folder),
    }
    for name, text in snippets.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
