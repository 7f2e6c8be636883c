"""Notebook 01 in a real JupyterLab: it runs cleanly and its Explorer redraws on slider keys."""
import json
import os
import shutil
import statistics
import time
from pathlib import Path

import pytest

# Set GD_BROWSER_SHOTS to a folder to keep the screenshots and timings for a human to look at.
SHOTS = os.environ.get("GD_BROWSER_SHOTS")
LR = ".gd-lr"
PLOT = "img.gd-plot, .gd-plot img"  # an ipywidgets Image is itself the <img>
STATUS = ".gd-status"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
PRESSES = 10
REGIMES = {0.2: {"en": "diverges", "es": "diverge"}, 0.1: {"en": "oscillates", "es": "oscila"},
           0.01: {"en": "converges", "es": "converge"}}
RUN_ALL_TIMEOUT_MS = 300_000
WIDGET_TIMEOUT_MS = 20_000  # the Explorer renders right after Run All

KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp?.shell.currentWidget;
  return panel?.context?.isReady && panel.sessionContext?.session?.kernel?.status === 'idle';
}"""
RUN_ALL_JS = """async (timeoutMs) => {
  const {commands} = window.jupyterapp;
  await commands.execute('notebook:clear-all-cell-outputs');
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('Run All did not finish in time')), timeoutMs));
  return Promise.race([commands.execute('notebook:run-all-cells'), timeout]);
}"""
# Record when a key goes down and when the plot's src next changes, both in page time.
TIMER_JS = """(sel) => {
  window.gdTimer = {down: 0, changed: 0};
  window.addEventListener('keydown', () => { gdTimer.down = performance.now(); gdTimer.changed = 0; }, true);
  new MutationObserver(() => { gdTimer.changed ||= performance.now(); })
    .observe(document.querySelector(sel), {attributes: true, attributeFilter: ['src']});
}"""
NEW_PLOT_JS = """([sel, old]) => {
  const img = document.querySelector(sel);
  return img.src !== old && img.complete && img.naturalWidth > 0;
}"""


def notebook_for(root, lang):
    """Return the path, relative to root, of the single 01_*.ipynb notebook of lang."""
    found = sorted((root / lang).glob("01_*.ipynb"))
    assert len(found) == 1, f"expected one {lang}/01_*.ipynb, found {found}"
    return found[0].relative_to(root).as_posix()


def open_notebook(page, lab, notebook):
    """Open a notebook in JupyterLab and wait until its kernel is idle."""
    page.goto(f"{lab.url}/lab/tree/{notebook}?reset&token={lab.token}")
    page.wait_for_function(KERNEL_IDLE_JS)


def run_all(page):
    """Clear every output, run all cells and return whether every cell succeeded."""
    return page.evaluate(RUN_ALL_JS, RUN_ALL_TIMEOUT_MS)


def plot_src(page):
    """Return the current src of the Explorer's plot."""
    return page.locator(PLOT).get_attribute("src")


def status_text(page):
    """Return the text of the Explorer's readout."""
    return page.locator(STATUS).inner_text()


def wait_new_plot(page, old_src):
    """Wait until the plot shows a loaded image whose src differs from old_src."""
    page.wait_for_function(NEW_PLOT_JS, arg=[PLOT, old_src])


def timed_press(page):
    """Press ArrowRight on the learning-rate handle; return ms from keydown to the new plot src."""
    old_src = plot_src(page)
    page.locator(f"{LR} .noUi-handle").press("ArrowRight")
    wait_new_plot(page, old_src)
    return page.evaluate("gdTimer.changed - gdTimer.down")


def set_lr(page, value):
    """Type a learning rate into the slider's readout, press Enter and wait for the new plot."""
    old_src = plot_src(page)
    readout = page.locator(f"{LR} .widget-readout")
    readout.fill(str(value))
    readout.press("Enter")
    wait_new_plot(page, old_src)


def save(path):
    """Copy a result file to the GD_BROWSER_SHOTS folder, if one is set."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS)


def shoot_explorer(page, path):
    """Screenshot the output area that holds the Explorer."""
    page.locator(".jp-OutputArea", has=page.locator(LR)).first.screenshot(path=path)
    save(path)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_explorer_in_browser(lang, page, lab, tmp_path, record_property):
    """Run notebook 01 in JupyterLab, check its outputs, then drive and time the Explorer."""
    started = time.perf_counter()
    notebook = notebook_for(lab.root, lang)
    open_notebook(page, lab, notebook)
    all_ran = run_all(page)
    run_s = time.perf_counter() - started
    stderr = page.locator(STDERR).all_inner_texts()
    assert not stderr, f"{notebook} wrote to stderr or raised:\n" + "\n---\n".join(stderr)
    assert all_ran, f"a cell of {notebook} failed"

    page.locator(f"{LR} .noUi-handle").wait_for(timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_function(NEW_PLOT_JS, arg=[PLOT, ""])
    page.evaluate(TIMER_JS, PLOT)
    first_src, first_status = plot_src(page), status_text(page)
    timings = [timed_press(page) for _ in range(PRESSES)]
    assert plot_src(page) != first_src
    page.wait_for_function("([sel, old]) => document.querySelector(sel).innerText !== old",
                           arg=[STATUS, first_status])

    statuses = {}
    for lr, word in REGIMES.items():
        set_lr(page, lr)
        page.wait_for_function("([sel, word]) => document.querySelector(sel).innerText.includes(word)",
                               arg=[STATUS, f": {word[lang]}"])
        statuses[lr] = status_text(page)
        shoot_explorer(page, tmp_path / f"{lang}_lr{lr}_{word['en']}.png")
    page.screenshot(path=tmp_path / f"{lang}_page.png")
    save(tmp_path / f"{lang}_page.png")

    report = {"notebook": notebook, "keypress_to_new_src_ms": [round(t, 1) for t in timings],
              "median_ms": round(statistics.median(timings), 1), "open_and_run_all_s": round(run_s, 1),
              "test_s": round(time.perf_counter() - started, 1), "status_by_regime": statuses}
    (tmp_path / f"{lang}_timings.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    save(tmp_path / f"{lang}_timings.json")
    record_property("keypress_to_new_src_median_ms", report["median_ms"])
    print(json.dumps(report, indent=2, ensure_ascii=False))
