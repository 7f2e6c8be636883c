"""Driving a lesson's explorer in a real JupyterLab at projector size: shared by the lessons' browser tests."""
import json
import os
import statistics
import time
from pathlib import Path

# Set GD_BROWSER_SHOTS to a folder to keep the screenshots and timings for a human to look at.
SHOTS = os.environ.get("GD_BROWSER_SHOTS")
EXPLORER, LR, LR_BOX, STATUS = ".gd-explorer", ".gd-lr", ".gd-lr-value input", ".gd-status"
PLOT = "img.gd-plot"  # an ipywidgets Image is itself the <img>
FLOOR, FLOOR_PLOT = ".gd-floor", "img.gd-floor-plot"
PRESSES = 16
DRAG_S = 2.0
PROJECTOR_FIT = (1200, 600)  # CSS px JupyterLab leaves for a notebook at 1280×720, sidebar closed
MIN_TEXT_PX, SMALLEST_FONT_PX = 11, 10 * 90 / 72  # the figure's smallest font: 10 pt at 90 dpi
WIDGET_TIMEOUT_MS = 30_000
WORDS = {
    "en": {"fastest": ["converges", "After 20 iterations: w = 2,"],
           "critical": ["bounces between two values", "After 20 iterations: w = 0,"],
           0.1: "lr = 0.1: oscillates", 0.2: "lr = 0.2 > 2/L: diverges", 0.01: "lr = 0.01: converges",
           "momentum": "β = 0.01", "best": "β = 0.583: zigzags"},
    "es": {"fastest": ["converge", "Tras 20 iteraciones: w = 2,"],
           "critical": ["salta entre dos valores", "Tras 20 iteraciones: w = 0,"],
           0.1: "lr = 0.1: oscila", 0.2: "lr = 0.2 > 2/L: diverge", 0.01: "lr = 0.01: converge",
           "momentum": "β = 0.01", "best": "β = 0.583: zigzaguea"},
}
# A widget that only swaps precomputed pictures of the same explorer: the round trip with no work.
FLOOR_CELL = """\
import ipywidgets as widgets
from gd_helpers import Explorer

frames = []
source = Explorer(lang="en", bias=BIAS)
for k in range(40):
    source.learning_rate.value = 0.002 * 1.1 ** k
    frames.append(source.plot.value)
floor_slider = widgets.IntSlider(0, min=0, max=300, layout=widgets.Layout(width="400px"))
floor_plot = widgets.Image(value=frames[0], format=source.plot.format, layout=widgets.Layout(width="100%"))
floor_slider.add_class("gd-floor")
floor_plot.add_class("gd-floor-plot")
floor_slider.observe(lambda change: setattr(floor_plot, "value", frames[change.new % 40]), "value")
widgets.VBox([floor_slider, floor_plot])
"""

KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp?.shell.currentWidget;
  return panel?.context?.isReady && panel.sessionContext?.session?.kernel?.status === 'idle';
}"""
# Close what the last test left open (unsaved, its kernel shut down) and open `paths`, the last one in
# front: no page reload. Each notebook's first code cell (its imports) runs at once, so that their kernels
# start and import side by side.
OPEN_ALONE_JS = """async (paths) => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) {
    if (widget.context) widget.context.model.dirty = false;
    widget.dispose();
  }
  await app.serviceManager.sessions.shutdownAll();
  const panels = [];
  for (const path of paths) panels.push(await app.commands.execute('docmanager:open', {path}));
  const idle = (panel) => panel.sessionContext.session?.kernel?.status === 'idle';
  await Promise.all(panels.map(async (panel) => {
    await panel.context.ready;
    await panel.sessionContext.ready;
    // run-cell sent before the kernel is idle never resolves here
    while (!idle(panel)) await new Promise((resolve) => setTimeout(resolve, 50));
    panel.content.activeCellIndex = panel.content.widgets.findIndex((cell) => cell.model.type === 'code');
    await app.commands.execute('notebook:run-cell', {widgetId: panel.id, activate: false});
  }));
}"""
# Bring a notebook to the front, opening it again if a test closed it.
FRONT_JS = """async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }"""
# Close the notebook in front, unsaved, and shut its kernel down.
CLOSE_JS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  panel.context.model.dirty = false;
  await panel.sessionContext.shutdown();
  panel.dispose();
}"""
# Run only the cells the notebook's first explorer needs: the imports, the data (X, Y) and the explorer.
RUN_EXPLORER_JS = """async () => {
  const app = window.jupyterapp, notebook = app.shell.currentWidget.content;
  app.shell.collapseLeft();
  const code = notebook.widgets.map((cell, i) => [cell, i]).filter(([cell]) => cell.model.type === 'code');
  const source = ([cell]) => cell.model.sharedModel.getSource();
  const data = code.find((cell) => /^X(, Y)? = /m.test(source(cell)));
  const explorer = code.find((cell) => source(cell).includes('Explorer('));
  if (!explorer) return false;
  for (const [, i] of [code[0], ...(data ? [data] : []), explorer]) {
    notebook.activeCellIndex = i;
    await app.commands.execute('notebook:run-cell');
  }
  return true;
}"""
APPEND_CELL_JS = """async (code) => {
  const app = window.jupyterapp, notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(code);
  return app.commands.execute('notebook:run-cell');
}"""
# Count each picture's src changes, and time from the last key down to each picture's next change.
WATCH_JS = """(selectors) => {
  window.gdWatch = {down: 0, changed: {}, count: {}};
  window.addEventListener('keydown', () => { gdWatch.down = performance.now(); gdWatch.changed = {}; }, true);
  for (const sel of selectors) {
    gdWatch.count[sel] = 0;
    new MutationObserver(() => { gdWatch.count[sel] += 1; gdWatch.changed[sel] ||= performance.now(); })
      .observe(document.querySelector(sel), {attributes: true, attributeFilter: ['src']});
  }
}"""
NEW_SRC_JS = """([sel, old]) => {
  const img = document.querySelector(sel);
  return img !== null && img.src !== old && img.complete && img.naturalWidth > 0;
}"""
# Since the last key down: ms to the picture's first new src, once that picture has loaded; false before.
PRESSED_JS = """(sel) => {
  const img = document.querySelector(sel), changed = gdWatch.changed[sel];
  return changed !== undefined && img.complete && img.naturalWidth > 0 && changed - gdWatch.down;
}"""
# After a drag: the box's new value, once the readout names the same learning rate; false before.
DRAGGED_JS = """([box, status, start]) => {
  const value = document.querySelector(box).value;
  return value !== start && document.querySelector(status).innerText.includes(`lr = ${value}:`) && value;
}"""
TEXT_HAS_JS = "([sel, text]) => document.querySelector(sel).innerText.includes(text)"


def notebook_for(root, lang, prefix):
    """Return the path, relative to root, of the single <prefix>_*.ipynb notebook of lang."""
    found = sorted((root / lang).glob(f"{prefix}_*.ipynb"))
    assert len(found) == 1, f"expected one {lang}/{prefix}_*.ipynb, found {found}"
    return found[0].relative_to(root).as_posix()


def open_and_run_explorer(page, notebook):
    """Open a notebook and run only the cells of its first explorer; wait until it shows a picture."""
    page.evaluate(OPEN_ALONE_JS, [notebook])
    run_explorer(page, notebook)


def run_explorer(page, notebook):
    """Bring `notebook` to the front, run only the cells of its first explorer; wait until it shows a picture."""
    page.evaluate(FRONT_JS, notebook)
    page.wait_for_function(KERNEL_IDLE_JS)
    assert page.evaluate(RUN_EXPLORER_JS), f"no explorer cell in {notebook}"
    page.locator(f"{LR} .noUi-handle").first.wait_for(timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_function(NEW_SRC_JS, arg=[PLOT, ""])
    page.wait_for_function(TEXT_HAS_JS, arg=[STATUS, "lr = "])  # the readout arrives after the picture


def src(page, sel=PLOT):
    """Return the current src of a picture."""
    return page.locator(sel).first.get_attribute("src")


def wait_status(page, text):
    """Wait until the explorer's readout contains text."""
    page.wait_for_function(TEXT_HAS_JS, arg=[STATUS, text])


def type_lr(page, value):
    """Type a learning rate into the explorer's box and press Enter."""
    box = page.locator(LR_BOX).first
    box.fill(str(value))
    box.press("Enter")


def drag_lr(page, dx):
    """Drag the learning-rate slider's handle dx px, as a hand does; return the value its box settles on."""
    start = page.locator(LR_BOX).first.input_value()
    handle = page.locator(f"{LR} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=20)
    page.mouse.up()
    return page.wait_for_function(DRAGGED_JS, arg=[LR_BOX, STATUS, start]).json_value()


def timed_press(page, handle, picture):
    """Press ArrowRight on a slider handle; return ms from key down to the picture's new src."""
    page.locator(handle).first.press("ArrowRight")
    return page.wait_for_function(PRESSED_JS, arg=picture).json_value()


def drag_updates(page, handle, picture, step=1):
    """Drag a slider handle `step` px per move for DRAG_S seconds; return how many new pictures arrived."""
    page.locator(handle).first.scroll_into_view_if_needed()
    box = page.locator(handle).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = page.evaluate("(sel) => gdWatch.count[sel]", picture)
    page.mouse.move(x, y)
    page.mouse.down()
    start = time.monotonic()
    while time.monotonic() - start < DRAG_S:
        x += step
        page.mouse.move(x, y)
        page.wait_for_timeout(15)
    page.mouse.up()
    page.wait_for_function(KERNEL_IDLE_JS)
    page.wait_for_timeout(300)
    return page.evaluate("(sel) => gdWatch.count[sel]", picture) - before


def measure_fit(page):
    """Return the explorer's size in CSS px and the displayed size of the picture's smallest text."""
    size = page.locator(EXPLORER).first.bounding_box()
    scale = page.evaluate(f"() => {{ const i = document.querySelector('{PLOT}'); "
                          "return i.getBoundingClientRect().width / i.naturalWidth; }")
    return size["width"], size["height"], SMALLEST_FONT_PX * scale


def shoot(page, name, target=EXPLORER):
    """Keep a screenshot of `target` (None: the whole window) in GD_BROWSER_SHOTS, when it is set."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        (page.locator(target).first if target else page).screenshot(path=Path(SHOTS) / name)


def report(name, data):
    """Print measurements, and keep them in GD_BROWSER_SHOTS, if set."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    print(text)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SHOTS) / name).write_text(text)


def assert_fits_a_projector(page, where):
    """Check the explorer fits PROJECTOR_FIT and its smallest text stays readable."""
    width, height, text_px = measure_fit(page)
    assert width <= PROJECTOR_FIT[0] and height <= PROJECTOR_FIT[1], f"{where}: {width:.0f} × {height:.0f}"
    assert text_px >= MIN_TEXT_PX, f"{where}: smallest text {text_px:.1f} px"
    return {"width": round(width), "height": round(height), "smallest_text_px": round(text_px, 1)}


def open_lesson(page, lab, lang, prefix):
    """Open a lesson, run its explorer, check it fits a projector (screenshot if asked); return the results."""
    notebook = notebook_for(lab.root, lang, prefix)
    open_and_run_explorer(page, notebook)
    shoot(page, f"{lang}_{prefix}_projector.png")
    return {"notebook": notebook, "fit": assert_fits_a_projector(page, notebook)}


def open_lessons(page, lab, lessons):
    """Open the (lang, prefix) lessons side by side and run their imports; return {lesson: notebook}."""
    notebooks = {lesson: notebook_for(lab.root, *lesson) for lesson in lessons}
    page.evaluate(OPEN_ALONE_JS, list(notebooks.values()))
    return notebooks


def run_beside_a_floor(page, notebook, bias):
    """Run an open lesson's explorer, add the floor widget (fitting w and b if `bias`), watch both pictures."""
    run_explorer(page, notebook)
    page.evaluate(APPEND_CELL_JS, FLOOR_CELL.replace("BIAS", str(bias)))
    page.locator(f"{FLOOR} .noUi-handle").wait_for(timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_function(NEW_SRC_JS, arg=[FLOOR_PLOT, ""])
    page.evaluate(WATCH_JS, [PLOT, FLOOR_PLOT])


def close_notebook(page):
    """Close the notebook in front, unsaved, and shut its kernel down."""
    page.evaluate(CLOSE_JS)


def presses_against_floor(page):
    """Time slider presses on the explorer and on the floor widget, interleaved; return the figures."""
    explorer, floor = [], []
    for _ in range(PRESSES):  # interleaved, so both see the same machine load
        explorer.append(timed_press(page, f"{LR} .noUi-handle", PLOT))
        floor.append(timed_press(page, f"{FLOOR} .noUi-handle", FLOOR_PLOT))
    return {"press_ms": [round(t, 1) for t in explorer], "floor_press_ms": [round(t, 1) for t in floor],
            "median_ms": round(statistics.median(explorer), 1),
            "floor_median_ms": round(statistics.median(floor), 1),
            "median_extra_ms": round(statistics.median(e - f for e, f in zip(explorer, floor)), 1)}


def drags_against_floor(page):
    """Count the pictures in two drags of each slider, alternating; return the counts."""
    drags = {"explorer": 0, "floor": 0}
    for step in (1, -1):  # right, then back: alternating, so that a passing hiccup weighs on both alike
        drags["explorer"] += drag_updates(page, f"{LR} .noUi-handle", PLOT, step)
        drags["floor"] += drag_updates(page, f"{FLOOR} .noUi-handle", FLOOR_PLOT, step)
    return {"pictures_in_two_2s_drags": drags}
