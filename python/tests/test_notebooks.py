"""examples/notebooks: executed in a real Jupyter kernel (nbclient + ipykernel); their outputs checked."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"


def outputs(cell, kind):
    texts = []
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == kind:
            texts.append(output.text)
    return "".join(texts)


def mime(cell):
    return {key for output in cell.outputs for key in output.get("data", {})}


@pytest.fixture(scope="module")
def backtest(tmp_path_factory):
    notebook = nbformat.read(NOTEBOOKS / "backtest.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_show_graph_renders_inline_svg(backtest):
    assert "image/svg+xml" in mime(backtest[1])


def test_the_backtest_prints_its_profile_progress_and_results(backtest):
    out, err = outputs(backtest[2], "stdout"), outputs(backtest[2], "stderr")
    assert "ProfilerInfo results" in out and "position" in out and "_binary_op" in out
    assert "100%" in err and "cycles" in err  # the progress bar
    minutes, window = 60 * 24 * 30, 120
    assert f"cycles {minutes}" in out
    rng = np.random.default_rng(7)  # the notebook's prices, computed here without csp
    prices = 100 * np.exp(np.cumsum(rng.normal(0, 0.0005, minutes)))
    printed = float(re.search(r"last mean price (\S+)", out).group(1))
    assert printed == pytest.approx(prices[-window:].mean(), abs=1e-8)  # printed to 9 decimals


def test_the_plot_is_an_inline_image(backtest):
    assert "image/png" in mime(backtest[3])


def test_a_realtime_graph_prints_while_the_kernel_is_free(backtest):
    out = outputs(backtest[4], "stdout")
    ticks = re.findall(r"live tick (\d+)", out)
    assert len(ticks) >= 3 and ticks[:3] == ["1", "2", "3"]
    assert "the kernel is free while the graph runs: True" in out and "stopped: True" in out
