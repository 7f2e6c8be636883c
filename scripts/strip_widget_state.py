"""Remove widget state, widget views and run timestamps from notebooks, keeping pictures and text.

Consecutive prints are stored as one output, as nbval compares them, so that where the kernel happened
to flush does not change the stored file.

A stored widget view that has no widget state behind it shows "Error displaying widget"; without the
view, JupyterLab (before Run All), nbconvert's HTML and GitHub show the output's image/png instead.
`make notebooks` runs this file on every notebook; `make lab` and `make lab-es` run `pre_save_hook`
on every save, so that a notebook saved from the course's JupyterLab is stored the same way.
Usage: python scripts/strip_widget_state.py NOTEBOOK...
"""
import sys

import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_notebook(nb):
    """Return the notebook node `nb` without widget state, widget views or run timestamps, prints merged."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: they change on every run
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    CoalesceStreamsPreprocessor().preprocess(nb, {})
    return nb


def strip(path):
    """Rewrite the notebook at `path` as `strip_notebook` stores it."""
    nbformat.write(strip_notebook(nbformat.read(path, as_version=4)), path)


def pre_save_hook(model, **kwargs):
    """Jupyter Server's ContentsManager.pre_save_hook: store a saved notebook as `strip_notebook` does."""
    if model.get("type") == "notebook" and model.get("content", {}).get("nbformat") == 4:
        model["content"] = strip_notebook(nbformat.from_dict(model["content"]))


if __name__ == "__main__":
    for notebook in sys.argv[1:]:
        strip(notebook)
