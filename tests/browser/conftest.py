"""Fixtures for the browser tests: throwaway JupyterLab and Voilà servers and Debian's headless Chromium."""
import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The notebooks to serve (always as a copy); GD_BROWSER_NOTEBOOKS points elsewhere while developing.
NOTEBOOKS = Path(os.environ.get("GD_BROWSER_NOTEBOOKS", REPO / "notebooks"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Lay out every cell (not only the visible ones) and never ask about news.
OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
STARTUP_TIMEOUT_S = 60


@dataclass
class Lab:
    """A running JupyterLab server: its base URL, token and served folder."""
    url: str
    token: str
    root: Path


def free_port():
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(tmp):
    """Return an environment whose Jupyter config, settings and runtime files all live under tmp."""
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "user-settings", "JUPYTERLAB_WORKSPACES_DIR": "workspaces"}
    return {**os.environ, **{name: str(tmp / sub) for name, sub in dirs.items()}}


def wait_ready(url, proc, log):
    """Poll url until the server answers, failing early if the server process dies."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"JupyterLab not ready after {STARTUP_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def stop(proc, lab):
    """Ask the server to shut down (it stops its kernels), then make sure it is gone."""
    try:
        request = urllib.request.Request(f"{lab.url}/api/shutdown?token={lab.token}", method="POST")
        urllib.request.urlopen(request, timeout=5).close()
        proc.wait(timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium through playwright, skipping when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def load_lab_setup():
    """Import scripts/lab_setup.py, which writes the settings and workspace of `make lab`."""
    spec = importlib.util.spec_from_file_location("lab_setup", REPO / "scripts" / "lab_setup.py")
    lab_setup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_setup)
    return lab_setup


@contextlib.contextmanager
def running_lab(tmp, root, lesson=None):
    """Run JupyterLab on 127.0.0.1 with a random token, serving `root`, with settings under tmp.

    With a `lesson`, start it as `make lab` does: its settings, its pre-save hook and its workspace,
    which opens `lesson` (a path relative to root) with the left sidebar collapsed.
    """
    app_settings, overrides, options = tmp / "app-settings", dict(OVERRIDES), []
    app_settings.mkdir()
    if lesson is not None:
        lab_setup = load_lab_setup()
        lab_setup.write(app_settings, isolated_env(tmp)["JUPYTERLAB_WORKSPACES_DIR"], lesson)
        overrides.update(lab_setup.OVERRIDES)
        options.append(f"--ContentsManager.pre_save_hook={lab_setup.PRE_SAVE_HOOK}")
    (app_settings / "overrides.json").write_text(json.dumps(overrides))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--expose-app-in-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.app_settings_dir={app_settings}", *options]
    log = tmp / "jupyterlab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=tmp, env=isolated_env(tmp), stdout=out, stderr=subprocess.STDOUT)
    server = Lab(f"http://127.0.0.1:{port}", token, root)
    try:
        wait_ready(f"{server.url}/api/status?token={token}", proc, log)
        yield server
    finally:
        stop(proc, server)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """Serve a temporary copy of the notebooks with JupyterLab, so the repo is never written."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with running_lab(tmp, root) as server:
        yield server


@pytest.fixture(scope="session")
def lab_page(browser, lab):
    """One projector-sized page with JupyterLab loaded, for all the lessons a test process opens."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{lab.url}/lab?reset&token={lab.token}")
    page.wait_for_function("() => window.jupyterapp?.restored !== undefined")
    page.evaluate("() => window.jupyterapp.restored")
    yield page
    context.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own context) the size of a classroom projector, with generous timeouts."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    new_page = context.new_page()
    new_page.set_default_timeout(60_000)
    yield new_page
    context.close()


def stop_process(proc):
    """Stop a server with SIGTERM (it stops its kernels), killing it if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def lab_es(tmp_path):
    """Serve a copy of notebooks/es with JupyterLab in Spanish, set up the way `make lab-es` does."""
    root = tmp_path / "es"
    shutil.copytree(NOTEBOOKS / "es", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    translation = tmp_path / "user-settings" / "@jupyterlab" / "translation-extension"
    translation.mkdir(parents=True)
    (translation / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": "es_ES"}))
    lesson = next(root.glob("01_*.ipynb")).name
    with running_lab(tmp_path, root, lesson) as server:
        yield server


@pytest.fixture
def course_lab(tmp_path):
    """Serve a copy of notebooks/en set up as `make lab` sets it up, opening lesson 01."""
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS / "en", root / "en", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    lesson = next(root.glob("en/01_*.ipynb")).relative_to(root).as_posix()
    with running_lab(tmp_path, root, lesson) as server:
        yield server, lesson


@contextlib.contextmanager
def running_voila(tmp_path, **options):
    """Serve a copy of the notebooks as `make app` does (scripts/serve_app.py, with its keyword `options`);
    yield the server and its page links."""
    spec = importlib.util.spec_from_file_location("serve_app", REPO / "scripts" / "serve_app.py")
    serve_app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve_app)
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "voila.log"
    with log.open("w") as out:
        proc = subprocess.Popen(serve_app.voila_command(root, port, token, **options), cwd=tmp_path,
                                env=isolated_env(tmp_path), stdout=out, stderr=subprocess.STDOUT)
    server = Lab(f"http://127.0.0.1:{port}", token, root)
    try:
        wait_ready(f"{server.url}/?token={token}", proc, log)
        yield server, serve_app.page_links(root, port, token)
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory):
    """Serve a copy of the notebooks as `make app` does (scripts/serve_app.py); yield it and its page links."""
    with running_voila(tmp_path_factory.mktemp("voila")) as served:
        yield served
