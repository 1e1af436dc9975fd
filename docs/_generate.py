"""Pages generated from the course's own data at build time.

The NEST-versus-SpiNNaker table is written from
:data:`course.backends.DIFFERENCES`, the same data the simulator layer uses,
so the page and the code cannot disagree.
"""

from pathlib import Path

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


def benchmark_tables(results: Path) -> str:
    """Every benchmark table in ``benchmarks/results/`` (Markdown), in name order."""
    tables = sorted(results.glob("*.md")) if results.is_dir() else []
    if not tables:
        return "No benchmark has been recorded yet: run `nox -s bench`.\n"
    return "\n".join(path.read_text(encoding="utf-8").rstrip() + "\n" for path in tables)


def write_generated_pages(folder: Path) -> None:
    """Write the generated RST snippets into ``folder`` (only when they change)."""
    folder.mkdir(exist_ok=True)
    snippets = {
        "differences_table.rst": differences_table(),
        "backends_list.rst": backends_list(),
        "portable_cell_types.rst": ", ".join(f"``{name}``" for name in PORTABLE_CELL_TYPES) + "\n",
        "benchmarks.md": benchmark_tables(folder.parent.parent / "benchmarks" / "results"),
    }
    for name, text in snippets.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
