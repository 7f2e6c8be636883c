"""Prepare the course's JupyterLab (`make lab`, `make lab-es`) before it starts.

Writes two files, both inside .venv/ (the user's own settings and workspaces stay as they are):
- overrides.json in JupyterLab's application settings folder: the widget manager never saves widget
  state into a notebook (the server's pre-save hook, scripts/strip_widget_state.py, strips the views);
- the default workspace: the lesson open with the left sidebar collapsed, so that at 1280×720 the
  notebook gets the whole width (Ctrl+B shows the file browser again). Rewritten on every start.
Usage: python scripts/lab_setup.py APP_SETTINGS_DIR WORKSPACES_DIR LESSON
"""
import json
import sys
from pathlib import Path

PRE_SAVE_HOOK = "scripts.strip_widget_state.pre_save_hook"
OVERRIDES = {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": False}}
WORKSPACE_FILE = "default-37a8.jupyterlab-workspace"  # jupyterlab_server's file name for "default"


def workspace(lesson):
    """Return JupyterLab's default workspace with `lesson` open and the left sidebar collapsed."""
    tab = f"notebook:{lesson}"
    return {"data": {"layout-restorer:data": {
                "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": [tab]}, "current": tab},
                "left": {"collapsed": True, "visible": True,
                         "widgets": ["filebrowser", "running-sessions", "@jupyterlab/toc:plugin"]},
                "right": {"collapsed": True, "visible": True, "widgets": []}},
            tab: {"data": {"path": lesson, "factory": "Notebook"}}},
            "metadata": {"id": "default"}}


def write(app_settings_dir, workspaces_dir, lesson):
    """Write overrides.json into app_settings_dir, and the workspace opening lesson into workspaces_dir."""
    for folder in (Path(app_settings_dir), Path(workspaces_dir)):
        folder.mkdir(parents=True, exist_ok=True)
    (Path(app_settings_dir) / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2) + "\n")
    (Path(workspaces_dir) / WORKSPACE_FILE).write_text(json.dumps(workspace(lesson), indent=2) + "\n")


if __name__ == "__main__":
    write(*sys.argv[1:])
