"""What a teacher checks before adopting a lesson, kept from coming back: layout, Spanish, exercises."""
import json
import re
from pathlib import Path

import pytest

from gd_helpers import EXERCISES

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("*/[0-9][0-9]_*.ipynb"))
SPANISH = [p for p in LESSONS if p.parent.name == "es"]
SEED_CELL = "# Implementación de regresión lineal con"  # the seed's cells print in English, as it wrote them
# Words that tripped readers, with the word the course uses instead.
NOT_IN_SPANISH = {r"\bdiverger\b": "divergir", r"\bmini-lotes?\b": "minilotes", r"\bbarómetro\b": "(no calque)",
                  r"\bcompromiso\b": "disyuntiva", r"\b1 iteraciones\b": "1 iteración",
                  r"\bpasos? hacia adelante\b": "pasada hacia delante",
                  r"\bdatos semilla\b": "datos del cuaderno original",
                  r"\bprogramaci[oó]n de (la )?tasa\b": "plan de la tasa",
                  r"\besquinas?\b(?! (superior|inferior))": "términos fuera de la diagonal",
                  r"\bse reducen? en un factor\b": "se multiplica por",
                  r"\breduce\b[^.;]{0,40}?\b\d+(\.\d+)? veces\b": "lo divide entre",
                  r"\bpero muchas menos\b": "pero hay muchas menos",
                  r"\bse anula a sí misma\b": "los términos se cancelan entre sí",
                  r"\bfunden? una multiplicación\b": "instrucción FMA (multiplicación-suma fusionada)",
                  r"\bbackward\(\)`? suma en\b": "acumula en",
                  r"\bhace bajar un factor\b": "saca un factor",
                  r"\bun centésimo\b": "una centésima",
                  r"\bdesviaci[oó]n t[ií]pica\b": "desviación estándar",
                  r"\bcostes?\b": "costo",
                  r"\bdiferencias? central(es)?\b": "diferencia centrada"}
FOR_AUTHORS = [r"NBVAL", r"\bnbval\b", r"glosario", r"glossary"]


def cells(path, kind):
    """Return the notebook's cells of one kind ("code" or "markdown")."""
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == kind]


def text(cell):
    """Return a cell's source as one string."""
    return "".join(cell["source"])


def printed(cell):
    """Return everything a code cell printed or showed as text."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", "")))
    return "".join(parts)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_code_lines_fit_a_projector(path):
    long = [line for c in cells(path, "code") for line in text(c).splitlines() if len(line) > 90]
    assert not long, f"lines over 90 characters: {long}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_stray_figure_reprs(path):
    """A figure's text stands beside its picture; alone, it is a stray `<Figure size …>` line."""
    outputs = [o for c in cells(path, "code") for o in c["outputs"]]
    stray = [o for o in outputs if "image/png" not in o.get("data", {})
             and "<Figure size" in "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))]
    assert not stray


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_the_prose_speaks_to_readers_not_to_authors(path):
    prose = " ".join(text(c) for c in cells(path, "markdown"))
    assert not [word for word in FOR_AUTHORS if re.search(word, prose, re.IGNORECASE)]


@pytest.mark.parametrize("path", SPANISH, ids=lambda p: p.name)
def test_spanish_uses_the_glossarys_words(path):
    ours = [c for c in cells(path, "code") if not text(c).startswith(SEED_CELL)]  # the seed's cells keep its words
    prose = " ".join(text(c) for c in cells(path, "markdown") + ours)
    found = {word: better for word, better in NOT_IN_SPANISH.items() if re.search(word, prose, re.IGNORECASE)}
    assert not found, f"write instead: {found}"


@pytest.mark.parametrize("path", SPANISH, ids=lambda p: p.name)
def test_spanish_cells_print_spanish_except_the_seeds(path):
    for cell in cells(path, "code"):
        if not text(cell).startswith(SEED_CELL):
            assert not re.search(r"\b(epoch|loss)\b", printed(cell).split("ejecución:")[0]), text(cell)[:80]


@pytest.mark.parametrize("path", SPANISH, ids=lambda p: p.name)
def test_spanish_prose_never_writes_a_decimal_that_reads_as_thousands(path):
    for cell in cells(path, "markdown"):
        prose = re.sub(r"`[^`]*`|\$[^$]*\$", "", text(cell))  # quoted outputs and formulas are exempt
        assert not re.findall(r"\b[1-9]\d{0,2}\.\d{3}\b", prose), prose[:200]  # "1.200": 1200 in Spain


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_exercise_is_a_stub_stored_unanswered_with_a_folded_solution(path):
    sources = [c["source"] for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    checked = [c for c in cells(path, "code") if re.search(r"\bcheck\(\"\d\d_", text(c))]
    names = {re.search(r"check\(\"(\d\d_\w+)\"", text(c))[1] for c in checked}
    assert names == {name for name in EXERCISES if name[:2] == path.name[:2]}
    for cell in checked:
        assert ("Not answered yet" in printed(cell)) or ("Todavía sin responder" in printed(cell)), text(cell)
    solutions = [s for s in map("".join, sources) if "<details>" in s]
    assert len(solutions) >= len(checked) and all("</details>" in s for s in solutions)
