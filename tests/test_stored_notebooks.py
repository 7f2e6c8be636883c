"""Notebooks are stored so that every reader sees the explorer's picture before Run All, and only what a cell shows."""
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*/*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def outputs(notebook):
    """Return every output of the notebook's code cells."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_widget_state_and_no_widget_views(notebook):
    assert "widgets" not in json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    assert not any(WIDGET_VIEW in o.get("data", {}) for o in outputs(notebook))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_explorer_output_carries_its_picture(notebook):
    readouts = [o for o in outputs(notebook) if "2/L = " in "".join(o.get("data", {}).get("text/plain", ""))]
    assert all("image/png" in o["data"] for o in readouts)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_consecutive_prints_are_stored_as_one_output(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in (c for c in cells if c["cell_type"] == "code"):
        kinds = [(o["output_type"], o.get("name")) for o in cell["outputs"]]
        assert all(a != b or a[0] != "stream" for a, b in zip(kinds, kinds[1:])), cell["source"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_check_cell_shows_only_its_line_of_feedback(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in (c for c in cells if c["cell_type"] == "code" and "check(" in "".join(c["source"])):
        assert [o["output_type"] for o in cell["outputs"]] == ["stream"], cell["source"]
