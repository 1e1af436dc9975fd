"""The one conversion of spikes: every form the course accepts gives the same arrays in ms."""

from __future__ import annotations

import neo
import numpy as np
import pytest
import quantities as pq

from course.results import Recording
from course.spike_data import one_train, segment_trains, spike_trains, train_in_ms
from docs._spike_digest import spike_digest


def _segment(trains_s):
    """A neo Segment with trains in seconds, listed in reverse neuron order."""
    segment = neo.Segment()
    for index, times in reversed(list(enumerate(trains_s))):
        train = neo.SpikeTrain(times * pq.s, t_stop=1.0 * pq.s)
        train.annotate(source_index=index)
        segment.spiketrains.append(train)
    return segment


def test_neo_trains_are_converted_to_ms_and_put_in_neuron_order():
    segment = _segment([[0.002, 0.001], [0.0105]])
    expected = [[1.0, 2.0], [10.5]]
    assert [t.tolist() for t in segment_trains(segment)] == expected
    block = neo.Block()
    block.segments.append(segment)
    recording = Recording(blocks={"cells": block})
    for data in (segment, block, recording, [[2.0, 1.0], [10.5]]):
        assert [t.tolist() for t in spike_trains(data)] == expected
    assert train_in_ms(neo.SpikeTrain([0.5] * pq.s, t_stop=1.0 * pq.s)).tolist() == [500.0]


def test_one_train_takes_a_flat_train_or_a_one_neuron_population():
    assert one_train([3.0, 1.0], "pre").tolist() == [1.0, 3.0]
    assert one_train(np.array([2.0]), "pre").tolist() == [2.0]
    assert one_train([[4.0]], "pre").tolist() == [4.0]
    with pytest.raises(TypeError, match="holds 2 neurons; it must be one neuron's spikes"):
        one_train([[1.0], [2.0]], "pre")


def test_times_that_are_not_finite_are_refused_or_dropped():
    with pytest.raises(ValueError, match=r"data\[0\] holds a time that is not finite"):
        spike_trains([[1.0, np.nan]])
    assert spike_trains([[1.0, np.nan]], non_finite="drop")[0].tolist() == [1.0]
    with pytest.raises(ValueError, match="non_finite='keep' is not allowed"):
        train_in_ms([1.0], non_finite="keep")


def test_the_spike_digest_lists_each_kept_recording_with_its_counts():
    block = neo.Block()
    block.segments.append(_segment([[0.001, 0.002], []]))
    recording = Recording(blocks={"cells": block})

    class Run:  # a result object that carries its recording
        pass

    run = Run()
    run.recording = recording
    digest = spike_digest({"recording": recording, "run": run, "other": 3})
    assert digest.splitlines() == [
        '{"name": "recording", "backend": "nest", "spike_counts": {"cells": [2, 0]}}',
        '{"name": "run", "backend": "nest", "spike_counts": {"cells": [2, 0]}}',
    ]
    other = neo.Block()
    other.segments.append(_segment([[0.001], []]))
    fewer = Recording(blocks={"cells": other})
    assert spike_digest({"recording": fewer}) != spike_digest({"recording": recording})


def test_segment_trains_read_pyNNs_array_form_as_neos_own_trains():
    """PyNN hands neo all spikes as one array; segment_trains reads that form directly.
    The reference is neo's own per-neuron SpikeTrains of the same list, ordered by
    PyNN's source_index: the same arrays, silent neurons included."""
    import neo
    import quantities as pq

    rng = np.random.default_rng(4)
    channels = np.array([12, 3, 7, 40, 5])  # neuron 40 stays silent
    owners = rng.choice(channels[[0, 1, 2, 4]], size=60)
    times = rng.uniform(0.0, 100.0, size=60)

    def handed_over():
        segment = neo.Segment()
        segment.spiketrains = neo.core.spiketrainlist.SpikeTrainList.from_spike_time_array(
            times, owners, channels, units="ms", t_start=0.0 * pq.ms, t_stop=100.0 * pq.ms,
            source_index=np.array([4, 0, 2, 1, 3]),
        )  # fmt: skip
        return segment

    trains = list(handed_over().spiketrains)  # neo's own SpikeTrains
    trains.sort(key=lambda train: train.annotations["source_index"])
    expected = [np.sort(train.magnitude) for train in trains]
    segment = handed_over()
    read = segment_trains(segment)
    # ... read from the array form itself: neo never built its SpikeTrains.
    assert segment.spiketrains._items is None
    assert [train.size for train in read] == [train.size for train in expected]
    assert read[1].size == 0  # neuron 40, source_index 1
    for mine, reference in zip(read, expected, strict=True):
        np.testing.assert_array_equal(mine, reference)
    # A list neo has turned into SpikeTrains already is read the same way.
    segment = handed_over()
    list(segment.spiketrains)
    for mine, reference in zip(segment_trains(segment), expected, strict=True):
        np.testing.assert_array_equal(mine, reference)
