"""Classroom pieces in a real browser at projector size: JupyterLab in Spanish and the Voilà pages."""
import re
import time
import urllib.error
import urllib.request

import pytest
from conftest import running_voila
from explorer_page import LR, NEW_SRC_JS, PLOT, STATUS, shoot, wait_status

MENU_LABELS = ".lm-MenuBar-itemLabel"
CULL_IDLE_S, CULL_INTERVAL_S = 4, 1  # short, so that the test is: `make app` waits 300 s, checks every 30 s
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


def kernel_alive(server, kernel_id):
    """Return whether Voilà still has the kernel (its REST API answers 200, or 404 once it is gone)."""
    try:
        with urllib.request.urlopen(f"{server.url}/api/kernels/{kernel_id}?token={server.token}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def open_page(page, links, lang="en"):
    """Open the explorer page in `lang`, wait for its live picture, and return its kernel's id."""
    page.goto(next(link for link in links if f"/voila/render/{PAGES[lang][0]}?token=" in link))
    page.locator(HANDLE).wait_for()
    page.wait_for_function(NEW_SRC_JS, arg=[PLOT, ""])
    return re.search(r'"kernelId": ?"([0-9a-f-]+)"', page.content()).group(1)


def seconds_until_gone(server, kernel_id, timeout_s):
    """Poll until the kernel is gone; return how long that took (fails after timeout_s)."""
    start = time.monotonic()
    while kernel_alive(server, kernel_id):
        assert time.monotonic() - start < timeout_s, f"kernel {kernel_id} still alive after {timeout_s} s"
        time.sleep(0.25)
    return time.monotonic() - start


def test_voila_page_hides_engine_and_gradient(page, voila_app):
    """The page for students who do not program shows the learning rate and iterations, not the engine or
    gradient toggles (engine: NumPy or PyTorch; gradient: lesson 01's mean or the original notebook's sum)."""
    server, links = voila_app
    open_page(page, links)
    buttons = page.locator(".widget-toggle-button:visible").all_inner_texts()
    assert not {"NumPy", "PyTorch autograd", "mean (correct)", "sum (original)"} & set(buttons), buttons
    assert page.locator(".gd-iterations").is_visible()


def shutdown_refusals(server, kernel_id):
    """Return the lines of Voilà's log where it refused to shut kernel_id down."""
    log = (server.root.parent / "voila.log").read_text()
    return [line for line in log.splitlines() if f"403 POST /voila/api/shutdown/{kernel_id}" in line]


def test_closed_page_shuts_its_kernel_down(page, voila_app):
    """Closing the page sends Voilà's shutdown request with the page's _xsrf cookie, which `make app`'s
    prelaunch hook set, and Voilà accepts it with its XSRF check on (it answered 403 before,
    voila-dashboards/voila#1458): the kernel goes at once, long before culling (300 s) could take it."""
    server, links = voila_app
    kernel_id = open_page(page, links, "es")
    assert kernel_alive(server, kernel_id)
    page.close(run_before_unload=True)
    assert seconds_until_gone(server, kernel_id, 10) < 10
    assert not shutdown_refusals(server, kernel_id)


def test_shutdown_without_xsrf_is_refused(page, voila_app):
    """XSRF stays checked: a shutdown request that rides on the page's login cookie but lacks the _xsrf field
    (what another site could make the browser send) is refused and the kernel stays; with the field from the
    page's _xsrf cookie the same request passes."""
    server, links = voila_app
    kernel_id = open_page(page, links)
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies(server.url)}
    assert "_xsrf" in set(cookies), "the page set no _xsrf cookie"
    shutdown = f"{server.url}/voila/api/shutdown/{kernel_id}"
    refused = page.request.post(shutdown)
    assert refused.status == 403, f"a shutdown without _xsrf got {refused.status}: is the XSRF check off?"
    assert kernel_alive(server, kernel_id)
    assert shutdown_refusals(server, kernel_id)
    accepted = page.request.post(shutdown, form={"_xsrf": cookies["_xsrf"]})
    assert accepted.status == 204, accepted.status
    assert not kernel_alive(server, kernel_id)


def test_kernel_without_page_is_culled(browser, tmp_path):
    """A kernel whose page vanished without a word (a crashed browser) is culled after the idle timeout; an open
    page's kernel is kept however long it idles."""
    with running_voila(tmp_path, cull_idle_s=CULL_IDLE_S, cull_interval_s=CULL_INTERVAL_S) as (server, links):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.set_default_timeout(60_000)
        kernel_id = open_page(page, links)
        time.sleep(2 * (CULL_IDLE_S + CULL_INTERVAL_S))
        assert kernel_alive(server, kernel_id), "an open page lost its kernel"
        page.close(run_before_unload=False)  # no shutdown request: only culling can free the kernel
        context.close()
        seconds_until_gone(server, kernel_id, 3 * (CULL_IDLE_S + CULL_INTERVAL_S))
    log = (tmp_path / "voila.log").read_text()
    assert re.search(rf"Culling .*kernel .*{kernel_id}", log), "the kernel went, but not by culling"
