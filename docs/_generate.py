"""Pages generated from the course's own data at build time.

The NEST-versus-SpiNNaker table is written from
:data:`course.backends.DIFFERENCES`, the same data the simulator layer uses,
so the page and the code cannot disagree. The timing table beside it is
computed from the SpiNNaker boards' recordings, :mod:`course.spinnaker_model`
and NEST, run at build time; so is the table of sPyNNaker 7.4.1's own board
tests (LIF, Izhikevich, STDP): what the boards record, the model in both
sPyNNaker versions, and the same PyNN script on NEST.
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


#: sPyNNaker 7.4.1's integration tests with board values: the network of each (as the
#: model's populations and projections) and what its test expects the board to record.
_IZK = {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "i_offset": 0.0}
_ONE_POP_LIF = {
    "tau_m": 333.33,
    "cm": 208.33,
    "v_rest": 0.1,
    "v_reset": 0.0,
    "v_thresh": 1.0,
    "tau_syn_E": 1.0,
    "tau_syn_I": 2.0,
    "tau_refrac": 2.5,
    "i_offset": 3.0,
}
_ONE_POP_V = [0.0, 0.0146789550781, 0.029296875, 0.0438842773438, 0.0584106445312]
_TOFFSET_TIMES = [2011.0, 2148.0, 2288.0, 2427.0, 2565.0, 2703.0, 2844.0, 2982.0]
_STDP = {"tau_plus": 20.0, "tau_minus": 20.0, "A_plus": 0.01, "A_minus": 0.01}


def _times(values) -> str:
    return ", ".join(f"{t:g}" for t in values)


def _model_board_tests(version: str) -> dict[str, str]:
    """The model's outcome of each board test, in ``version``'s arithmetic."""
    from course import spinnaker_model as sm
    from course.stdp import StdpRule

    out = {}
    cells = sm.Cells(5, "IF_curr_exp", _ONE_POP_LIF, v_init=_ONE_POP_V)
    lif = sm.simulate({"pop": cells}, [], 100.0, version=version)["pop"]
    out["lif"] = f"spikes at {_times(s[0] for s in lif.spikes)} ms"
    n = 200
    izk = {**_IZK, "tau_syn_E": 2.0, "tau_syn_I": 2.0}
    ring = sm.simulate(
        {
            "ring": sm.Cells(n, "Izhikevich", izk, v_init=-75.0, u_init=0.0),
            "input": sm.SpikeArray([[50.0]]),
        },
        [
            ("ring", "ring", [(i, (i + 1) % n, 40.0, 1.0) for i in range(n)], "excitatory"),
            ("input", "ring", [(0, 0, 40.0, 1.0)], "excitatory"),
        ],
        500.0,
        version=version,
    )["ring"]
    out["synfire"] = f"{sum(s.size for s in ring.spikes)} spikes"
    steps = sm.simulate(
        {"pop": sm.Cells(32, "Izhikevich", izk, v_init=-75.0, u_init=0.0)},
        [],
        3000.0,
        version=version,
        i_offset_changes={"pop": [(1000.0, 2.0), (2000.0, 4.0)]},
    )["pop"]
    same = all(s.tolist() == steps.spikes[0].tolist() for s in steps.spikes)
    out["toffset"] = ("every cell" if same else "cell 0") + f" at {_times(steps.spikes[0])} ms"
    rule = StdpRule(**_STDP, w_max=5.0, w_init=2.5, delay=3.0)
    stdp = sm.simulate(
        {
            "pre": sm.SpikeArray([[1010.0, 1050.0]]),
            "extra": sm.SpikeArray([[1030.0]]),
            "post": sm.Cells(1, "IF_curr_exp"),
        },
        [
            ("pre", "post", [(0, 0, 5.0, 1.0)], "excitatory"),
            ("extra", "post", [(0, 0, 5.0, 1.0)], "excitatory"),
            ("pre", "post", [(0, 0, 2.5, 3.0)], "excitatory", rule),
        ],
        1100.0,
        version=version,
    )
    out["stdp"] = (
        f"post spikes at {_times(stdp['post'].spikes[0])} ms; "
        f"weight {stdp.weights[2][0]:.5f} nA ({stdp.weights[2][0] * 2048:.0f}/2048)"
    )
    return out


def _nest_board_tests() -> dict[str, str]:
    """The same PyNN scripts on NEST 3.10 (Izhikevich without tau_syn: PyNN's has none)."""
    import course

    out = {}
    sim = course.setup(backend="nest", timestep=1.0)
    pop = sim.Population(5, sim.IF_curr_exp(**_ONE_POP_LIF))
    pop.initialize(v=_ONE_POP_V)
    pop.record("spikes")
    sim.run(100.0)
    trains = pop.get_data().segments[0].spiketrains
    out["lif"] = "spikes at " + ", ".join(_times(s.magnitude.round(2)) for s in trains) + " ms"
    sim.end()

    sim = course.setup(backend="nest", timestep=1.0)
    n = 200
    ring = sim.Population(n, sim.Izhikevich(**_IZK))
    ring.initialize(v=-75.0, u=0.0)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[50.0]))
    links = [(i, (i + 1) % n, 40.0, 1.0) for i in range(n)]
    sim.Projection(ring, ring, sim.FromListConnector(links), sim.StaticSynapse())
    sim.Projection(source, ring, sim.FromListConnector([(0, 0, 40.0, 1.0)]), sim.StaticSynapse())
    ring.record("spikes")
    sim.run(500.0)
    total = sum(len(s) for s in ring.get_data().segments[0].spiketrains)
    out["synfire"] = f"{total} spikes (a weight of 40 is a 40 mV jump there)"
    sim.end()

    sim = course.setup(backend="nest", timestep=1.0)
    pop = sim.Population(32, sim.Izhikevich(**_IZK))
    pop.initialize(v=-75.0, u=0.0)
    pop.record("spikes")
    sim.run(1000.0)
    pop.set(i_offset=2.0)
    sim.run(1000.0)
    pop.set(i_offset=4.0)
    sim.run(1000.0)
    first = pop.get_data().segments[0].spiketrains[0].magnitude
    out["toffset"] = (
        f"cell 0: {first.size} spikes from {first[0]:g} ms (i_offset reaches NEST in pA: "
        "2 nA is I = 2000)"
    )
    sim.end()

    sim = course.setup(backend="nest", timestep=1.0)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[1010.0, 1050.0]))
    extra = sim.Population(1, sim.SpikeSourceArray(spike_times=[1030.0]))
    post = sim.Population(1, sim.IF_curr_exp())
    for source in (pre, extra):
        sim.Projection(
            source, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=5.0, delay=1.0)
        )
    plastic = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(**_STDP),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=5.0),
        weight=2.5,
        delay=3.0,
    )
    projection = sim.Projection(pre, post, sim.OneToOneConnector(), plastic)
    post.record("spikes")
    sim.run(1100.0)
    spikes = post.get_data().segments[0].spiketrains[0].magnitude
    weight = projection.get("weight", format="array")[0, 0]
    out["stdp"] = (
        f"post spikes at {_times(spikes.round(2))} ms; weight {weight:.5f} nA (each step A × w_max)"
    )
    sim.end()
    return out


def board_tests_table() -> str:
    """sPyNNaker 7.4.1's board tests: the boards, the model in both versions, NEST."""
    tests = {
        "lif": (
            "One LIF population, DC input (``test_onepop/test_lif``)",
            "spikes at 76, 75, 74, 73, 72 ms",
        ),
        "synfire": (
            "Izhikevich synfire ring, 200 cells (``test_synfire_Izhikevich``)",
            "215 spikes",
        ),
        "toffset": (
            "Izhikevich, ``i_offset`` 0, 2, 4 nA set between runs (``test_set_toffset_izk``)",
            f"every cell at {_times(_TOFFSET_TIMES)} ms",
        ),
        "stdp": (
            "Pair-additive STDP (``test_STDP_pair_additive``)",
            "post spikes at 1014, 1032, 1053 ms; weight within 0.1 % of 2.50327 nA "
            "(sPyNNaker's reference formula)",
        ),
    }
    new = _model_board_tests("7.4.1")
    old = _model_board_tests("recordings")
    nest = _nest_board_tests()
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 20 20 20 20 20",
        "",
        "   * - Board test (sPyNNaker 7.4.1)",
        "     - What the test expects the board to record",
        "     - Model, 7.4.1 arithmetic (the default)",
        "     - Model, the recordings' older arithmetic",
        "     - NEST 3.10, the same PyNN script",
    ]
    for key, (name, board) in tests.items():
        lines += [
            f"   * - {name}",
            f"     - {board}",
            f"     - {new[key]}",
            f"     - {old[key]}",
            f"     - {nest[key]}",
        ]
    return "\n".join(lines) + "\n"


def benchmark_tables(results: Path) -> str:
    """Every benchmark table in ``benchmarks/results/`` (Markdown), in name order."""
    tables = sorted(results.glob("*.md")) if results.is_dir() else []
    if not tables:
        return "No benchmark has been recorded yet: run `nox -s bench`.\n"
    return "\n".join(path.read_text(encoding="utf-8").rstrip() + "\n" for path in tables)


def _computed_unless_current(folder: Path, name: str, compute) -> str:
    """The snippet ``name``, computed again (NEST and model runs, seconds) only when the
    course package or NEST changed since the snippet in ``folder`` was written."""
    import hashlib
    import importlib.metadata

    digest = hashlib.sha256(importlib.metadata.version("nest-simulator").encode())
    package = Path(__file__).resolve().parents[1] / "course"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    table, stamp = folder / name, folder / f"{name}.inputs"
    if table.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return table.read_text(encoding="utf-8")
    text = compute()
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
        "spinnaker_recordings.rst": _computed_unless_current(
            folder, "spinnaker_recordings.rst", spinnaker_recordings_table
        ),
        "board_tests.rst": _computed_unless_current(folder, "board_tests.rst", board_tests_table),
    }
    for name, text in snippets.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
