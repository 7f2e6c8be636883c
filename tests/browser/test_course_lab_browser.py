"""The course's own JupyterLab (`make lab`) as a teacher meets it: the lesson opens full width, and a
lesson run, saved, shut down and reopened still shows the explorer's picture."""
import json

from conftest import NOTEBOOKS
from explorer_page import (EXPLORER, KERNEL_IDLE_JS, PLOT, WIDGET_TIMEOUT_MS, assert_fits_a_projector, report,
                           shoot)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Once the lesson the workspace opens is ready: whether the left sidebar is collapsed.
OPENED_JS = """async () => {
  const app = window.jupyterapp;
  await app.restored;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  return {path: panel.context.path, leftCollapsed: app.shell.leftCollapsed};
}"""
RUN_ALL_JS = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
SAVE_JS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.save();
  return panel.context.model.dirty;
}"""
# Shut the kernel down and close the notebook (it was saved), then open it again: no kernel runs it.
REOPEN_JS = """async (path) => {
  const app = window.jupyterapp;
  let panel = app.shell.currentWidget;
  await panel.sessionContext.shutdown();
  panel.dispose();
  await app.serviceManager.sessions.shutdownAll();
  panel = await app.commands.execute('docmanager:open', {path});
  await panel.context.ready;
  await panel.revealed;
}"""
STORED_PICTURE = ".jp-OutputArea-output img"


def stored_explorer_outputs(path):
    """Return the saved file's widget metadata and its explorer cell's outputs' mime types."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "Explorer(" in "".join(c["source"]))
    return nb["metadata"].get("widgets"), [sorted(o.get("data", {})) for o in cell["outputs"]]


def test_saved_lesson_keeps_its_picture_and_opens_full_width(page, course_lab):
    """Run All, save, shut down, reopen: the picture shows, no "model not found", nothing of widgets saved."""
    lab, lesson = course_lab
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{lab.url}/lab?token={lab.token}")
    page.wait_for_function("() => window.jupyterapp?.restored !== undefined")
    opened = page.evaluate(OPENED_JS)
    assert opened == {"path": lesson, "leftCollapsed": True}, opened
    page.wait_for_function(KERNEL_IDLE_JS)

    page.evaluate(RUN_ALL_JS)
    page.locator(f"{EXPLORER} {PLOT}").first.wait_for(timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_function(KERNEL_IDLE_JS)
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    shoot(page, "course_lab_en_01_after_run_all.png", None)
    fit = assert_fits_a_projector(page, lesson)

    assert page.evaluate(SAVE_JS) is False, "the notebook is still dirty after saving"
    widgets, mimes = stored_explorer_outputs(lab.root / lesson)
    assert widgets is None, "widget state was saved"
    assert mimes and all(WIDGET_VIEW not in m for m in mimes), mimes
    assert any("image/png" in m for m in mimes), mimes

    page.evaluate(REOPEN_JS, lesson)
    picture = page.locator(STORED_PICTURE).last
    picture.scroll_into_view_if_needed()
    page.wait_for_function("(sel) => [...document.querySelectorAll(sel)].some("
                           "(img) => img.complete && img.naturalWidth > 600)", arg=STORED_PICTURE)
    text = page.locator(".jp-Notebook").first.inner_text()
    assert "model not found" not in text and "Error displaying widget" not in text
    assert page.locator(EXPLORER).count() == 0, "a live explorer without a kernel"
    shoot(page, "course_lab_en_01_reopened.png", None)
    assert not errors, errors
    saved, stored = ((folder / lesson).read_text(encoding="utf-8") for folder in (lab.root, NOTEBOOKS))
    report("course_lab_en_01.json", {"left_collapsed": True, "fit_after_run_all": fit,
                                     "saved_file_equals_stored_file": saved == stored})
