"""Issue 19, "The explorer explains itself", done the way the teacher did it: in JupyterLab in Chromium
at 1280×720. An iterations cap keeps the teacher's value and says why (lessons 03 and 04), the momentum
slider shows the same β as the readout (lesson 04's centred x), and lesson 04's landmark buttons show
their values.

Controls are found by their CSS class or their visible words, never by their position, so that a control
added to the explorer does not move the test onto another one. The expected numbers are computed here
with gd_helpers from the lessons' data; the expected words are written out, as a reader sees them.
"""
import re

import pytest

from explorer_page import (EXPLORER, OPEN_ALONE_JS, PLOT, STATUS, WIDGET_TIMEOUT_MS, notebook_for,
                           open_and_run_explorer, report, shoot)
from gd_helpers import best_lr, best_momentum, critical_lr, seed_data
from gd_helpers.controls import MAX_ITERATIONS, REDRAW_BUDGET_S, max_epochs
from gd_helpers.text import TEXT

WORDS = {
    "en": {"capped": "capped at {cap} {unit}: more would take over {budget:g} s",
           "after_epochs": "After {n} epochs (", "after_iterations": "After {n} iterations:",
           "epochs": "epochs", "iterations": "iterations"},
    "es": {"capped": "tope de {cap} {unit}: más tardarían más de {budget:g} s",
           "after_epochs": "Tras {n} épocas (", "after_iterations": "Tras {n} iteraciones:",
           "epochs": "épocas", "iterations": "iteraciones"},
}
NUMPY, TORCH = "NumPy", "PyTorch autograd"  # the engine buttons' labels, the same in both languages
# Mark the code cells whose source contains a text (the first such cell), so that a test can reach the
# explorer of one cell among several; return the names of the marks that found no cell.
MARK_CELLS_JS = """(marks) => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  const missing = [];
  for (const [name, text] of marks) {
    const cell = cells.find((c) => c.model.type === 'code' && c.model.sharedModel.getSource().includes(text));
    if (cell) cell.node.dataset.gdCell = name; else missing.push(name);
  }
  return missing;
}"""
RUN_ALL_JS = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
# Whether every code cell of the notebook in front has run and its kernel is idle.
ALL_RAN_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const code = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  return panel.sessionContext.session?.kernel?.status === 'idle'
    && code.every((cell) => cell.model.executionCount !== null);
}"""
RUN_ALL_TIMEOUT_MS = 300_000  # lesson 04 ran all in 20-90 s here while other work loaded both cores
TEXT_IS_JS = """([sel, text]) => {
  const el = document.querySelector(sel);
  return el !== null && el.innerText.trim() === text;
}"""
TEXT_HAS_ALL_JS = """([sel, texts]) => {
  const el = document.querySelector(sel);
  return el !== null && texts.every((text) => el.innerText.includes(text));
}"""
# Whether a button's words fit inside it (a clipped label would hide the value from the room).
FITS_JS = "(el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().width > 0"


class ExplorerControls:
    """One explorer on the page (the first match of `root`), driven by its controls' classes and words."""

    def __init__(self, page, root, lang):
        self.page, self.root, self.t = page, root, TEXT[lang]
        self.readout = f"{root} .gd-iterations .widget-readout"
        self.status = f"{root} {STATUS}"

    def select_batch_size(self, label):
        """Pick a batch size in the menu whose caption is the batch size's."""
        menu = self.page.locator(f"{self.root} .widget-dropdown").filter(has_text=self.t["batch_size"])
        menu.locator("select").first.select_option(label=label)

    def iterations_to_end(self):
        """Press End on the iterations slider, as a teacher's keyboard does; return the slider's maximum."""
        handle = self.page.locator(f"{self.root} .gd-iterations .noUi-handle").first
        handle.press("End")
        return int(float(handle.get_attribute("aria-valuemax")))

    def engine(self, label):
        """Press the engine button with this label and wait until the explorer shows its run."""
        self.page.locator(f"{self.root} .widget-toggle-button", has_text=label).first.click()
        self.wait_status(f"({label})")  # the readout's timing names the engine that ran

    def wait_readout(self, value):
        """Wait until the iterations slider's own readout shows value."""
        self.page.wait_for_function(TEXT_IS_JS, arg=[self.readout, str(value)])

    def wait_status(self, *texts):
        """Wait until the explorer's readout contains every text."""
        self.page.wait_for_function(TEXT_HAS_ALL_JS, arg=[self.status, list(texts)])

    def status_text(self):
        """Return the explorer's readout."""
        return self.page.locator(self.status).first.inner_text()

    def button(self, css):
        """Return the landmark button with this class."""
        return self.page.locator(f"{self.root} .{css}").first


def capped(lang, cap, unit):
    """Return the readout's words for a cap of `cap` epochs or iterations."""
    words = WORDS[lang]
    return words["capped"].format(cap=cap, unit=words[unit], budget=REDRAW_BUDGET_S)


def lesson_size(page):
    """Return N, the number of examples lesson 03's data cell printed ("N = 200, w* = …")."""
    printed = page.locator(".jp-OutputArea-output", has_text="w* =").first.inner_text()
    return int(re.search(r"N = (\d+)", printed).group(1))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_lesson_03_cap_keeps_the_teachers_epochs_and_says_why(lang, lab_page, lab):
    """Batch 1, NumPy: iterations to the end; PyTorch caps them and says why; NumPy gives them back."""
    words, page = WORDS[lang], lab_page
    open_and_run_explorer(page, notebook_for(lab.root, lang, "03"))
    n = lesson_size(page)
    numpy_cap, torch_cap = max_epochs(n, 1, "numpy"), max_epochs(n, 1, "torch")
    assert torch_cap < numpy_cap < MAX_ITERATIONS, (torch_cap, numpy_cap)  # else nothing here is capped

    ex = ExplorerControls(page, EXPLORER, lang)
    ex.select_batch_size("1")
    ex.wait_status(f"({n} ")  # batch size 1: n updates per epoch
    assert ex.iterations_to_end() == numpy_cap
    ex.wait_readout(numpy_cap)
    ex.wait_status(words["after_epochs"].format(n=numpy_cap), capped(lang, numpy_cap, "epochs"))

    ex.engine(TORCH)
    ex.wait_readout(torch_cap)
    ex.wait_status(words["after_epochs"].format(n=torch_cap), capped(lang, torch_cap, "epochs"))
    shoot(page, f"{lang}_03_capped_by_pytorch.png")

    ex.engine(NUMPY)  # the cap lifts: the teacher's value comes back, on the slider and in the run
    ex.wait_readout(numpy_cap)
    ex.wait_status(words["after_epochs"].format(n=numpy_cap))
    status = ex.status_text()
    assert words["after_epochs"].format(n=torch_cap) not in status, status
    shoot(page, f"{lang}_03_back_to_numpy.png")
    report(f"{lang}_03_cap.json", {"n": n, "numpy_cap": numpy_cap, "torch_cap": torch_cap, "status": status})


@pytest.fixture(scope="module")
def lesson_04(lab_page, lab):
    """Open English lesson 04 and Run All, as the teacher did; mark its first explorer and its centred one."""
    page = lab_page
    page.evaluate(OPEN_ALONE_JS, [notebook_for(lab.root, "en", "04")])
    page.evaluate(RUN_ALL_JS)
    page.wait_for_function(ALL_RAN_JS, timeout=RUN_ALL_TIMEOUT_MS)
    marks = [("first", "Explorer(X, Y"), ("centred", "Explorer(Xc")]
    assert page.evaluate(MARK_CELLS_JS, marks) == []
    for name, _ in marks:
        page.locator(f'[data-gd-cell="{name}"] {PLOT}').first.wait_for(timeout=WIDGET_TIMEOUT_MS)
        page.wait_for_function(TEXT_HAS_ALL_JS, arg=[f'[data-gd-cell="{name}"] {STATUS}', ["lr = "]])
    return page


def test_lesson_04_landmark_buttons_show_their_values(lesson_04):
    """The three landmark buttons carry their values in their visible words, not only formulas."""
    X, _ = seed_data()  # lesson 04's first explorer fits the seed's data
    plain, critical = best_lr(X, bias=True), critical_lr(X, bias=True)
    beta, rate = best_momentum(X, bias=True)
    expected = {"gd-fastest": ["2/(λmin+λmax)", f"{plain:.4g}"], "gd-critical": ["2/λmax", f"{critical:.4g}"],
                "gd-best-pair": ["η*, β*", f"{rate:.3g}", f"{beta:.3g}"]}
    ex = ExplorerControls(lesson_04, '[data-gd-cell="first"] .gd-explorer', "en")
    labels = {}
    for css, texts in expected.items():
        button = ex.button(css)
        button.scroll_into_view_if_needed()
        labels[css] = button.inner_text()
        assert all(text in labels[css] for text in texts), (labels[css], texts)
        assert button.evaluate(FITS_JS), f"{css}: its label does not fit: {labels[css]!r}"
    shoot(lesson_04, "en_04_landmark_buttons.png", ex.root)
    report("en_04_buttons.json", labels)


def test_lesson_04_pytorch_cap_is_said_and_lifted(lesson_04):
    """Iterations to the end (1000), PyTorch: 998 and the readout says why; NumPy: 1000 again."""
    ex = ExplorerControls(lesson_04, '[data-gd-cell="first"] .gd-explorer', "en")
    torch_cap = max_epochs(4, None, "torch", bias=True)  # the seed's 4 examples, w and b
    assert torch_cap < MAX_ITERATIONS, torch_cap
    ex.page.locator(ex.root).scroll_into_view_if_needed()
    assert ex.iterations_to_end() == MAX_ITERATIONS
    ex.wait_readout(MAX_ITERATIONS)
    ex.wait_status(WORDS["en"]["after_iterations"].format(n=MAX_ITERATIONS))
    ex.engine(TORCH)
    ex.wait_readout(torch_cap)
    ex.wait_status(WORDS["en"]["after_iterations"].format(n=torch_cap), capped("en", torch_cap, "iterations"))
    shoot(lesson_04, "en_04_capped_by_pytorch.png", ex.root)
    ex.engine(NUMPY)
    ex.wait_readout(MAX_ITERATIONS)
    ex.wait_status(WORDS["en"]["after_iterations"].format(n=MAX_ITERATIONS))
    assert "capped" not in ex.status_text()


# In the browser a slider's own readout shows the value its handle snapped to, on the 0.01 grid: β* = 0.00311
# showed as "0.00" (ExactFloatSlider ignores the snapped value, so the run kept 0.00311). The slider now
# hides its readout, and a label beside it shows the exact β, as the box beside the learning rate does.
def test_lesson_04_momentum_slider_shows_the_readouts_beta(lesson_04):
    """On the centred x, the η*, β* button sets a tiny β: the words beside the slider show it as the readout does."""
    X, _ = seed_data()
    beta, rate = best_momentum(X - X.mean(), bias=True)  # the lesson's Xc = X - X.mean()
    shown = f"{beta:.3g}"
    assert float(shown) < 0.005, shown  # a β that two decimals would show as 0.00
    ex = ExplorerControls(lesson_04, '[data-gd-cell="centred"] .gd-explorer', "en")
    button = ex.button("gd-best-pair")
    button.scroll_into_view_if_needed()
    button.click()
    # The momentum reaches the page before the redraw's readout does: once the readout says β, the
    # slider and its label show whatever they will show.
    ex.wait_status(f"lr = {rate:.4g}, β = {shown}:")
    slider = lesson_04.locator(f"{ex.root} .gd-momentum").first
    label = lesson_04.locator(f"{ex.root} .gd-momentum-value").first
    seen = {"slider": slider.inner_text(), "label": label.inner_text(), "readout": ex.status_text(),
            "gap_px": label.bounding_box()["x"] - (slider.bounding_box()["x"] + slider.bounding_box()["width"])}
    shoot(lesson_04, "en_04_centred_best_pair.png", ex.root)
    report("en_04_centred_beta.json", seen)
    assert seen["label"].strip() == shown, seen
    assert re.search(r"\d", seen["slider"]) is None, seen  # no snapped number of the slider's own
    assert 0 <= seen["gap_px"] < 20, seen  # beside the slider, on its row
