"""Classroom pieces in a real browser at projector size: JupyterLab in Spanish and the Voilà pages."""
import pytest
from explorer_page import LR, NEW_SRC_JS, PLOT, STATUS, shoot, wait_status

MENU_LABELS = ".lm-MenuBar-itemLabel"
HANDLE = f"{LR} .noUi-handle"
PAGES = {"es": ("es/00_explorador.ipynb", "Explorador del descenso de gradiente"),
         "en": ("en/00_explorer.ipynb", "Gradient descent explorer")}


def test_spanish_lab_has_spanish_menus(page, lab_es):
    """`make lab-es` turns JupyterLab's menus mostly Spanish (the language pack leaves some items in English)
    and opens lesson 01 with the file browser hidden; Ctrl+B shows it."""
    page.goto(f"{lab_es.url}/lab?token={lab_es.token}")
    page.locator(MENU_LABELS, has_text="Archivo").wait_for()
    labels = page.locator(MENU_LABELS).all_inner_texts()
    assert {"Archivo", "Editar", "Ver", "Configuración", "Ayuda"} <= set(labels), labels
    assert not {"File", "Edit", "View", "Settings", "Help"} & set(labels), labels
    page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.context?.path.startsWith('01_')")
    assert page.evaluate("() => window.jupyterapp.shell.leftCollapsed")
    shoot(page, "lab_es.png", None)
    page.keyboard.press("Control+b")
    page.locator(".jp-DirListing-itemText", has_text="01_descenso_gradiente_numpy.ipynb").wait_for()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_voila_page_redraws_on_arrow_key(lang, page, voila_app):
    """Each page needs its token, shows its title and explorer without code; → redraws the picture."""
    _, links = voila_app
    notebook, title = PAGES[lang]
    link = next(link for link in links if f"/voila/render/{notebook}?token=" in link)
    page.goto(link.split("?")[0])
    assert "/login" in page.url, "the page opened without the token"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(link)
    page.locator(HANDLE).wait_for()
    page.wait_for_function(NEW_SRC_JS, arg=[PLOT, ""])
    wait_status(page, "lr = ")
    assert page.locator("h1").first.inner_text().strip().startswith(title)
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor").count() == 0, "code shows"
    assert "gd_helpers" not in page.locator("body").inner_text()

    old = page.locator(PLOT).get_attribute("src")
    assert "lr = 0.12:" in page.locator(STATUS).inner_text()  # the page opens oscillating, unlike lesson 01
    page.locator(HANDLE).press("ArrowRight")
    page.wait_for_function(NEW_SRC_JS, arg=[PLOT, old])
    wait_status(page, "lr = 0.123:")  # the handle sits on the grid at 10^-0.92; one step of 0.01: 10^-0.91
    shoot(page, f"app_{lang}.png", None)
    assert not errors, errors
