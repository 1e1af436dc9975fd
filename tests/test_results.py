"""Recordings: tidy access, empty data from a virtual board, save/load round trips."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import matplotlib.pyplot as plt
import neo
import numpy as np
import pytest
import quantities as pq

import course
from course import plotting
from course.results import Recording, load, save
from tests.conftest import needs_spynnaker, oldest_generation_walks


def _recorded(sim):
    cells = sim.Population(3, sim.IF_curr_exp(i_offset=[0.0, 1.0, 2.0]), label="cells")
    cells.record(["spikes", "v"])
    sim.run(100.0)
    return course.collect([cells], {"i_offset": [0.0, 1.0, 2.0]})


def test_recording_speaks_in_ms(sim):
    recording = _recorded(sim)
    counts = recording.spike_counts("cells")
    # No offset: silent. 1 nA and 2 nA: regular firing, faster for the larger current.
    assert counts[0] == 0
    assert 0 < counts[1] < counts[2]
    times, v = recording.signal("cells", "v")
    assert v.shape == (len(times), 3)
    assert times[0] == 0.0 and times[-1] == pytest.approx(100.0)
    assert recording.labels == ["cells"]
    assert recording.parameters == {"i_offset": [0.0, 1.0, 2.0]}
    assert not recording.is_empty()


def test_unknown_names_are_clear_errors(sim):
    recording = _recorded(sim)
    with pytest.raises(
        KeyError, match="no population labelled 'exc' was recorded; recorded: 'cells'"
    ):
        recording.spike_times("exc")
    with pytest.raises(KeyError, match="'cells' has no recorded signal 'gsyn_exc'; recorded: 'v'"):
        recording.signal("cells", "gsyn_exc")


def _virtual_like_block(n):
    """What sPyNNaker returns after a virtual run: empty trains and signals."""
    segment = neo.Segment()
    segment.spiketrains = [neo.SpikeTrain([] * pq.ms, t_stop=0 * pq.ms) for _ in range(n)]
    segment.analogsignals = [
        neo.AnalogSignal(np.empty((0, n)), units="mV", sampling_period=1 * pq.ms, name="v")
    ]
    block = neo.Block()
    block.segments.append(segment)
    return block


def test_empty_virtual_board_data_is_handled():
    recording = Recording(
        blocks={"cells": _virtual_like_block(4)}, backend="virtual", sizes={"cells": 4}
    )
    assert recording.is_empty()
    assert recording.spike_counts("cells").tolist() == [0, 0, 0, 0]
    times, v = recording.signal("cells", "v")
    assert times.shape == (0,) and v.shape == (0, 4)
    fig, (ax1, ax2) = plt.subplots(2)
    plotting.raster(recording.spike_times("cells"), ax=ax1)
    plotting.traces(times, v, ax=ax2)
    assert "no data recorded" in ax1.texts[0].get_text()
    assert "no data recorded" in ax2.texts[0].get_text()
    plt.close(fig)


FORMATS = [".pkl", ".nix"]

#: Parameters of every kind a file keeps: JSON has no tuple, numpy array or
#: numpy number, nor dict keys that are not text.
MIXED_PARAMETERS = {
    "weight": 0.5,
    "delays": (1, 2.5),
    "rates": np.array([10.0, 20.0]),
    "seed": np.int64(7),
    "layers": {"Exc": [1, None, "x"], 2: True},
}


def _assert_same_recording(loaded, original):
    """Every field of ``loaded`` equals ``original``'s: data and record."""
    assert loaded.labels == original.labels
    assert loaded.backend == original.backend
    assert loaded.run_time == original.run_time
    assert loaded.sizes == original.sizes
    assert loaded.course_version == original.course_version
    for label in original.labels:
        for before, after in zip(
            original.spike_times(label), loaded.spike_times(label), strict=True
        ):
            np.testing.assert_array_equal(after, before)


@pytest.mark.parametrize("fmt", FORMATS)
def test_save_and_load_round_trip_exactly(sim, tmp_path, fmt):
    recording = _recorded(sim)
    paths = save(recording, tmp_path, fmt)
    assert paths == {"cells": tmp_path / f"cells{fmt}"}
    loaded = load(paths)
    _assert_same_recording(loaded, recording)
    # The record, as collect made it: NEST, 100 ms, 3 cells, this course.
    assert (loaded.backend, loaded.run_time, loaded.sizes) == ("nest", 100.0, {"cells": 3})
    assert loaded.course_version == course.__version__
    assert loaded.parameters == {"i_offset": [0.0, 1.0, 2.0]}
    np.testing.assert_array_equal(recording.signal("cells", "v")[1], loaded.signal("cells", "v")[1])
    # save does not leave its record in the recording it was given
    assert "course_recording" not in recording.blocks["cells"].annotations


def test_nixs_collection_on_close_sees_only_the_files_own_objects(sim, tmp_path):
    # nixio ends every file with gc.collect(); save and load set the objects that
    # existed before aside, so that collection walks only what the file made. With
    # 400,000 objects held here, the oldest generation it walks stays far smaller.
    recording = _recorded(sim)
    held = [[k] for k in range(400_000)]
    with oldest_generation_walks() as walked:
        loaded = load(save(recording, tmp_path, ".nix"))
    assert len(walked) >= 2  # one full collection per file: written, then read
    assert max(walked) < 100_000, walked
    assert gc.get_freeze_count() == 0  # everything handed back
    assert loaded.sizes == {"cells": 3} and len(held) == 400_000


def test_objects_the_caller_froze_stay_frozen(sim, tmp_path):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        save(_recorded(sim), tmp_path, ".nix")
        # unfreezing would leave none; a few are freed by reference counting meanwhile
        assert gc.get_freeze_count() > 0.9 * frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("fmt", FORMATS)
def test_parameters_of_every_kind_come_back_with_their_types(tmp_path, fmt):
    recording = Recording(
        blocks={"cells": _virtual_like_block(2)}, parameters=MIXED_PARAMETERS, run_time=20.0
    )
    loaded = load(save(recording, tmp_path, fmt))
    _assert_same_recording(loaded, recording)  # sizes stay unknown ({}), as they were
    parameters = loaded.parameters
    assert parameters.keys() == MIXED_PARAMETERS.keys()
    assert parameters["weight"] == 0.5
    assert parameters["delays"] == (1, 2.5)
    assert parameters["rates"].dtype == np.float64
    np.testing.assert_array_equal(parameters["rates"], [10.0, 20.0])
    assert type(parameters["seed"]) is np.int64 and parameters["seed"] == 7
    assert parameters["layers"] == {"Exc": [1, None, "x"], 2: True}


def test_parameters_a_file_cannot_keep_are_refused_before_anything_is_written(tmp_path):
    recording = Recording(
        blocks={"cells": _virtual_like_block(2)}, parameters={"cell": {"model": object()}}
    )
    with pytest.raises(ValueError, match=r"parameters\['cell'\]\['model'\] is a object"):
        save(recording, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _hand_made_file(folder, annotations):
    """A neo pickle as a script other than the course's would write it."""
    from neo.io import PickleIO

    block = _virtual_like_block(2)
    block.annotations.update(annotations)
    path = folder / "cells.pkl"
    PickleIO(filename=str(path)).write_block(block)
    return path


def test_write_data_files_load_with_the_unknowns_left_unknown(sim, tmp_path):
    cells = sim.Population(2, sim.IF_curr_exp(i_offset=[0.0, 2.0]), label="cells")
    cells.record("spikes")
    sim.run(50.0)
    cells.write_data(str(tmp_path / "cells.pkl"))
    loaded = load([tmp_path / "cells.pkl"])
    # PyNN's annotations name NEST and the size; nothing keeps run time or parameters.
    assert (loaded.backend, loaded.sizes) == ("nest", {"cells": 2})
    assert (loaded.run_time, loaded.parameters, loaded.course_version) == (None, {}, None)
    assert loaded.spike_counts("cells")[0] == 0 and loaded.spike_counts("cells")[1] > 0


def test_a_file_that_does_not_say_its_backend_is_never_given_one(tmp_path):
    # sPyNNaker names itself the same on a board and a virtual board: not certain.
    path = _hand_made_file(tmp_path, {"simulator": "sPyNNaker", "size": 2})
    assert load([path]).backend is None
    assert load([path], backend="spiNNaker").backend == "spiNNaker"
    assert load([path]).sizes == {"cells": 2}


def test_backend_and_the_files_must_agree(sim, tmp_path):
    paths = save(_recorded(sim), tmp_path)
    assert load(paths, backend="nest").backend == "nest"
    with pytest.raises(ValueError, match=r"backend='virtual', but the files say .* 'nest'"):
        load(paths, backend="virtual")


def test_files_of_different_runs_are_not_mixed(tmp_path):
    first = Recording(blocks={"a": _virtual_like_block(1)}, run_time=10.0)
    second = Recording(blocks={"b": _virtual_like_block(1)}, run_time=20.0)
    paths = [save(first, tmp_path)["a"], save(second, tmp_path)["b"]]
    with pytest.raises(ValueError, match=r"run_time differs \(a.pkl: 10.0; b.pkl: 20.0\)"):
        load(paths)


def test_save_and_load_bad_input(sim, tmp_path):
    recording = _recorded(sim)
    with pytest.raises(ValueError, match=r"fmt='\.csv' is not allowed; choose one of \.pkl, \.nix"):
        save(recording, tmp_path, ".csv")
    with pytest.raises(FileNotFoundError, match=r"no saved recording at .*missing\.pkl: the file"):
        load([tmp_path / "missing.pkl"])
    with pytest.raises(ValueError, match="is a folder, not a file: pass the files to load by name"):
        load([tmp_path])


def _failing_write(io_class, monkeypatch, fail_on_call):
    """Make ``io_class.write_block`` write half a file and fail, on call ``fail_on_call``."""
    real_write = io_class.write_block
    calls = []

    def write_block(self, block, **kwargs):
        calls.append(block)
        if len(calls) == fail_on_call:
            Path(self.filename).write_bytes(b"\x80\x04 half a file")
            raise OSError(28, "No space left on device")
        return real_write(self, block, **kwargs)

    monkeypatch.setattr(io_class, "write_block", write_block)


@pytest.mark.parametrize("fail_on_call", [1, 2])
def test_a_save_that_fails_half_way_keeps_the_last_good_files(tmp_path, monkeypatch, fail_on_call):
    from neo.io import PickleIO

    def two_populations(run_time):
        blocks = {label: _virtual_like_block(2) for label in ("exc", "inh")}
        return Recording(blocks=blocks, run_time=run_time)

    good = save(two_populations(10.0), tmp_path)
    before = {path: path.read_bytes() for path in good.values()}
    _failing_write(PickleIO, monkeypatch, fail_on_call)
    with pytest.raises(OSError, match="No space left on device"):
        save(two_populations(20.0), tmp_path)
    # Both files as the last good save left them, and nothing else in the folder.
    assert {path: path.read_bytes() for path in good.values()} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["exc.pkl", "inh.pkl"]
    monkeypatch.undo()
    assert load(good).run_time == 10.0


def test_a_nix_save_that_fails_half_way_keeps_the_last_good_file(tmp_path, monkeypatch):
    from neo.io import NixIO

    good = save(Recording(blocks={"cells": _virtual_like_block(2)}), tmp_path, ".nix")
    before = good["cells"].read_bytes()
    _failing_write(NixIO, monkeypatch, 1)
    with pytest.raises(OSError, match="No space left on device"):
        save(Recording(blocks={"cells": _virtual_like_block(3)}), tmp_path, ".nix")
    assert good["cells"].read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["cells.nix"]


def _damage(path, how):
    data = path.read_bytes()
    damaged = {"empty": b"", "truncated": data[: len(data) // 2], "foreign": b"name,rate\nExc,5\n"}
    path.write_bytes(damaged[how])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("empty", r"is empty \(0 bytes\): the save or copy that wrote it did not finish; save it"),
        ("truncated", r"is truncated \(\d+ .*bytes.*\): the save or copy .* save it again"),
        ("foreign", r"is not a (neo pickle|NIX) file .* check that it is the file you meant"),
    ],
)
def test_damaged_files_get_the_courses_own_error(tmp_path, fmt, how, says):
    path = save(Recording(blocks={"cells": _virtual_like_block(2)}), tmp_path, fmt)["cells"]
    _damage(path, how)
    with pytest.raises(ValueError, match=says) as caught:
        load([path])
    assert str(path) in str(caught.value)


def test_a_truncated_nix_file_says_how_much_is_missing(tmp_path):
    path = save(Recording(blocks={"cells": _virtual_like_block(2)}), tmp_path, ".nix")["cells"]
    size = path.stat().st_size
    _damage(path, "truncated")
    with pytest.raises(ValueError, match=rf"is truncated \({size // 2} of {size} bytes\)"):
        load([path])


def test_a_pickle_of_something_else_is_refused(tmp_path):
    path = tmp_path / "cells.pkl"
    path.write_bytes(pickle.dumps({"spikes": [1.0, 2.0]}))
    with pytest.raises(ValueError, match=r"cells\.pkl holds a dict, not a neo Block"):
        load([path])


def test_load_reads_only_the_files_it_is_given(tmp_path, monkeypatch):
    save(Recording(blocks={"a": _virtual_like_block(1), "b": _virtual_like_block(1)}), tmp_path)
    from neo.io import PickleIO

    read = []

    original = PickleIO.read_block

    def read_block(self, **kwargs):
        read.append(Path(self.filename).name)
        return original(self, **kwargs)

    monkeypatch.setattr(PickleIO, "read_block", read_block)
    assert load([tmp_path / "a.pkl"]).labels == ["a"]
    assert read == ["a.pkl"]


def test_traces_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="times has 3 samples but values has 2"):
        plotting.traces([0, 1, 2], np.zeros((2, 1)))


#: The modules of data, argument checks and simulator set-up, and what each may import of
#: the course: the data types at the bottom, the checks above them, the simulator above both.
LAYERS = {
    "spike_data": set(),
    "_recording": {"spike_data"},
    "_checks": {"_recording"},
    "errors": set(),
    "backends": set(),
    "spinnaker_config": {"_checks", "errors"},
    "backend_choice": {"_checks", "backends", "spinnaker_config"},
    "simulator": {
        "_checks",
        "backend_choice",
        "backends",
        "errors",
        "pynn_compat",
        "quiet",
        "spinnaker_config",
    },
    "results": {"_checks", "_recording", "backends", "simulator"},
}


def _course_imports(module: str) -> set[str]:
    """The course modules ``module`` imports anywhere in its source (in functions too)."""
    import ast

    source = Path(course.__file__).with_name(f"{module}.py").read_text()
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "course":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("course.")}
    return found - {"__version__"}


@pytest.mark.parametrize("module", LAYERS)
def test_data_checks_and_simulator_import_only_the_layers_below(module):
    assert _course_imports(module) <= LAYERS[module]


def test_the_layers_hold_no_circle():
    # Each module's allowed imports come before it in LAYERS: no way back up.
    order = list(LAYERS)
    for module, allowed in LAYERS.items():
        below = {name for name in allowed if name in LAYERS}
        assert all(order.index(name) < order.index(module) for name in below), module


VIRTUAL_RUN = """
import course
from course.results import save

sim = course.setup(timestep=1.0)
cells = sim.Population(5, sim.IF_curr_exp(i_offset=2.0), label="cells")
cells.record(["spikes", "v"])
sim.run(40.0)
recording = course.collect([cells], {"i_offset": 2.0, "note": "from the hub"})
save(recording, "saved", ".pkl")
save(recording, "saved", ".nix")
sim.end()
"""


@needs_spynnaker
@pytest.mark.spinnaker
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_virtual_board_recording_loads_on_a_laptop_as_it_was_saved(
    run_on_virtual_board, tmp_path, fmt
):
    script = tmp_path / "hub.py"
    script.write_text(VIRTUAL_RUN)
    run = run_on_virtual_board(script, cwd=tmp_path)
    assert run.ok, run.stderr[-3000:]
    loaded = load([tmp_path / "saved" / f"cells{fmt}"])
    assert (loaded.backend, loaded.run_time, loaded.sizes) == ("virtual", 40.0, {"cells": 5})
    assert loaded.parameters == {"i_offset": 2.0, "note": "from the hub"}
    assert loaded.course_version == course.__version__
    # The board's empty data keeps its shape: 5 silent cells, no samples of v.
    assert loaded.spike_counts("cells").tolist() == [0] * 5
    assert loaded.is_empty()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_nest_recording_loads_as_it_was_saved_in_a_fresh_process(sim, tmp_path, fmt):
    # Saved here, read by another Python that never ran a simulation (the laptop).
    import subprocess
    import sys

    recording = _recorded(sim)
    path = save(recording, tmp_path, fmt)["cells"]
    code = (
        "from course.results import load\n"
        f"r = load([{str(path)!r}])\n"
        "print(r.backend, r.run_time, r.sizes, r.parameters, r.spike_counts('cells').tolist())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    counts = recording.spike_counts("cells").tolist()
    assert out.stdout.strip() == (
        f"nest 100.0 {{'cells': 3}} {{'i_offset': [0.0, 1.0, 2.0]}} {counts}"
    )
