"""Recordings: tidy access, empty data from a virtual board, save/load round trips."""

from __future__ import annotations

import matplotlib.pyplot as plt
import neo
import numpy as np
import pytest
import quantities as pq

import course
from course import plotting
from course.results import Recording, load, save


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


@pytest.mark.parametrize("fmt", [".pkl", ".nix"])
def test_save_and_load_round_trip_exactly(sim, tmp_path, fmt):
    recording = _recorded(sim)
    paths = save(recording, tmp_path, fmt)
    assert paths == {"cells": tmp_path / f"cells{fmt}"}
    loaded = load(paths)
    for original, again in zip(
        recording.spike_times("cells"), loaded.spike_times("cells"), strict=True
    ):
        np.testing.assert_array_equal(original, again)
    np.testing.assert_array_equal(recording.signal("cells", "v")[1], loaded.signal("cells", "v")[1])


def test_save_and_load_bad_input(sim, tmp_path):
    recording = _recorded(sim)
    with pytest.raises(ValueError, match=r"fmt='\.csv' is not allowed; choose one of \.pkl, \.nix"):
        save(recording, tmp_path, ".csv")
    with pytest.raises(FileNotFoundError, match="no saved recording at"):
        load([tmp_path / "missing.pkl"])


def test_traces_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="times has 3 samples but values has 2"):
        plotting.traces([0, 1, 2], np.zeros((2, 1)))
