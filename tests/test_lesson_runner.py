"""`python -m course.lessons` (behind `nox -s spinnaker`): what fails a lesson's run."""

from __future__ import annotations

import json

import pytest

from course.lessons import main, python_warnings

#: stderr of a lesson on the virtual board, as Python and sPyNNaker print it.
STDERR = (
    "Routing\n"
    "|0%                          50%                         100%|\n"
    "2026-12-06 19:25:04 WARNING: Data from a virtual run will be empty\n"
    "/home/me/13_statistics.py:188: RuntimeWarning: invalid value encountered in scalar divide\n"
    "  return float(layer_p[band].mean() / input_p[input_band].mean())\n"
    "!WARNING: 6 log messages were generated at level WARNING or above.\n"
    "<string>:3: UserWarning: your weight is suspicious\n"
)


def test_python_warnings_are_found_and_log_records_are_not():
    assert python_warnings(STDERR) == [
        "/home/me/13_statistics.py:188: RuntimeWarning: invalid value encountered in scalar divide",
        "<string>:3: UserWarning: your weight is suspicious",
    ]
    assert python_warnings("Routing\n2026-12-06 19:25:04 WARNING: empty\n") == []


def test_python_warnings_refuses_bytes():
    with pytest.raises(TypeError, match="text must be text"):
        python_warnings(STDERR.encode())


def test_a_lesson_that_warns_leaves_files_or_fails_silently_fails_the_run(tmp_path, capsys):
    section = tmp_path / "examples" / "01_building"
    section.mkdir(parents=True)
    (section / "01_clean.py").write_text("print('fine')\n")
    (section / "02_warns.py").write_text(
        "import warnings\nwarnings.warn('suspicious weight', RuntimeWarning)\n"
    )
    (section / "03_litters.py").write_text("open('spikes.txt', 'w').close()\n")
    (section / "04_exits.py").write_text("raise SystemExit(3)\n")  # a failure that prints nothing
    report = tmp_path / "report.json"

    assert main([str(tmp_path / "examples"), "--report", str(report)]) == 1

    lines = capsys.readouterr().out.splitlines()
    statuses = [line.split()[0] for line in lines if line.endswith(".py")]
    assert statuses == ["ok", "FAILED", "FAILED", "FAILED"]
    assert (
        f"    printed a warning: {section / '02_warns.py'}:2: RuntimeWarning: suspicious weight"
        in (lines)
    )
    assert "    left files in its working folder: spikes.txt" in lines
    assert "    exited with status 3" in lines
    assert lines[-1] == "lessons: 1 passed, 3 failed"
    outcomes = {entry["lesson"]: entry for entry in json.loads(report.read_text())["lessons"]}
    assert outcomes["01_building/02_warns.py"]["warnings"] == [
        f"{section / '02_warns.py'}:2: RuntimeWarning: suspicious weight"
    ]
    assert outcomes["01_building/01_clean.py"]["warnings"] == []
