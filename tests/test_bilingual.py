"""Each Spanish notebook and its English partner run the same code and print the same numbers."""
import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def pairs():
    """Return [(spanish, english)] notebook paths matched by their two-digit prefix."""
    es = {p.name[:2]: p for p in (NOTEBOOKS / "es").glob("[0-9][0-9]_*.ipynb")}
    en = {p.name[:2]: p for p in (NOTEBOOKS / "en").glob("[0-9][0-9]_*.ipynb")}
    assert es.keys() == en.keys(), "every notebook needs its partner in the other language"
    return [(es[k], en[k]) for k in sorted(es)]


def code_cells(path):
    """Return the notebook's code cells."""
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def shape(source):
    """Return the code's syntax tree with every string constant blanked (comments are already gone)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        if isinstance(node, ast.JoinedStr):
            node.values = [v for v in node.values if not isinstance(v, ast.Constant)]
    return ast.dump(tree)


def numbers(cell):
    """Return every number in the cell's printed text, in order (none for a cell whose output varies)."""
    if "NBVAL_IGNORE_OUTPUT" in "".join(cell["source"]):
        return []
    text = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o["output_type"] == "stream")
    return NUMBER.findall(text)


def test_there_are_pairs():
    assert len(pairs()) >= 3


@pytest.mark.parametrize("es, en", pairs(), ids=lambda p: p.name)
def test_same_code_beyond_comments_and_strings(es, en):
    a, b = code_cells(es), code_cells(en)
    assert len(a) == len(b)
    for i, (x, y) in enumerate(zip(a, b)):
        assert shape("".join(x["source"])) == shape("".join(y["source"])), f"code cell {i} differs"


@pytest.mark.parametrize("es, en", pairs(), ids=lambda p: p.name)
def test_same_printed_numbers(es, en):
    for i, (x, y) in enumerate(zip(code_cells(es), code_cells(en))):
        assert numbers(x) == numbers(y), f"code cell {i} prints other numbers"
