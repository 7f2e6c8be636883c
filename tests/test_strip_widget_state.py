"""The pre-save hook of `make lab` stores a notebook as `make notebooks` does: no widget state, no widget
views, no run timestamps, consecutive prints merged, pictures and text kept."""
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def load(name):
    """Import scripts/<name>.py."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def saved_from_lab():
    """Return a notebook as JupyterLab sends it on save after Run All: widget views and widget state."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    explorer = nbformat.v4.new_code_cell("Explorer()", execution_count=2)
    explorer.metadata["execution"] = {"iopub.status.idle": "2026-12-06T00:00:00Z"}
    explorer.outputs = [nbformat.v4.new_output(
        "execute_result", {WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
                           "image/png": "iVBORw0KGgo=", "text/plain": "Explorer(...)"}, execution_count=2)]
    prints = nbformat.v4.new_code_cell("print(1); print(2)", execution_count=1)
    prints.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                      nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson"), prints, explorer]
    return json.loads(nbformat.writes(nb))  # a plain dict, as the contents API receives it


def test_hook_strips_state_views_and_timestamps_and_keeps_the_picture():
    model = {"type": "notebook", "format": "json", "content": saved_from_lab()}
    load("strip_widget_state").pre_save_hook(model=model, path="en/01.ipynb", contents_manager=None)
    nb = model["content"]
    assert "widgets" not in nb["metadata"]
    prints, explorer = nb["cells"][1:]
    assert ["".join(o["text"]) for o in prints["outputs"]] == ["1\n2\n"]
    assert "execution" not in explorer["metadata"]
    assert sorted(explorer["outputs"][0]["data"]) == ["image/png", "text/plain"]
    assert explorer["outputs"][0]["data"]["image/png"] == "iVBORw0KGgo="


def test_hook_leaves_other_files_alone():
    model = {"type": "file", "format": "text", "content": '{"metadata": {"widgets": 1}}'}
    load("strip_widget_state").pre_save_hook(model=model, path="notes.txt", contents_manager=None)
    assert model["content"] == '{"metadata": {"widgets": 1}}'


def test_the_server_finds_the_hook_make_lab_names_and_stores_what_make_notebooks_stores(tmp_path):
    """Jupyter Server imports the hook by the name `make lab` gives it; the saved file equals strip()'s."""
    lab_setup, strip_widget_state = load("lab_setup"), load("strip_widget_state")
    makefile = (SCRIPTS.parent / "Makefile").read_text()
    assert f"--ContentsManager.pre_save_hook={lab_setup.PRE_SAVE_HOOK}" in makefile
    notebook = saved_from_lab()
    by_script = tmp_path / "by_script.ipynb"
    by_script.write_text(json.dumps(notebook))
    manager = FileContentsManager(root_dir=str(tmp_path), pre_save_hook=lab_setup.PRE_SAVE_HOOK)
    manager.save({"type": "notebook", "format": "json", "content": notebook}, "saved.ipynb")
    strip_widget_state.strip(by_script)
    saved = (tmp_path / "saved.ipynb").read_text()
    assert WIDGET_VIEW not in saved and '"widgets"' not in saved
    assert nbformat.reads(saved, 4) == nbformat.read(by_script, 4)


def test_the_lessons_make_lab_opens_exist():
    """`make lab` opens en/01 from notebooks/, `make lab-es` opens 01 from notebooks/es/."""
    setups = [line.split() for line in (SCRIPTS.parent / "Makefile").read_text().splitlines()
              if "scripts/lab_setup.py" in line]
    lessons = [words[-1] for words in setups]
    assert len(lessons) == 2
    notebooks = SCRIPTS.parent / "notebooks"
    assert (notebooks / lessons[0]).is_file() and (notebooks / "es" / lessons[1]).is_file(), lessons


@pytest.mark.parametrize("lesson", ["en/01_gradient_descent_numpy.ipynb",
                                    "01_descenso_gradiente_numpy.ipynb"])
def test_lab_setup_turns_widget_state_off_and_opens_the_lesson_with_the_sidebar_collapsed(tmp_path, lesson):
    lab_setup = load("lab_setup")
    lab_setup.write(tmp_path / "settings", tmp_path / "workspaces", lesson)
    overrides = json.loads((tmp_path / "settings" / "overrides.json").read_text())
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": False}
    assert lab_setup.WORKSPACE_FILE == slugify("default") + WORKSPACE_EXTENSION  # the file JupyterLab loads
    workspace = json.loads((tmp_path / "workspaces" / lab_setup.WORKSPACE_FILE).read_text())
    layout = workspace["data"]["layout-restorer:data"]
    assert layout["left"]["collapsed"] is True
    assert layout["main"]["current"] == f"notebook:{lesson}"
    assert workspace["data"][f"notebook:{lesson}"]["data"]["path"] == lesson
