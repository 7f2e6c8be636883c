"""Remove widget state, widget views and run timestamps from notebooks, keeping pictures and text.

A stored widget view that has no widget state behind it shows "Error displaying widget"; without the
view, JupyterLab (before Run All), nbconvert's HTML and GitHub show the output's image/png instead.
Usage: python scripts/strip_widget_state.py NOTEBOOK...
"""
import sys

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip(path):
    """Rewrite the notebook at `path` without widget state, widget views or run timestamps."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: they change on every run
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    for notebook in sys.argv[1:]:
        strip(notebook)
