# One-command entry points. Every target builds .venv/ on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv lab lab-es app test bench load notebooks

venv: $(STAMP)

# Install the pinned packages, then build matplotlib's font cache so that no
# notebook prints "building the font cache" to stderr on its first run.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,hub]"
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

# JupyterLab on localhost only; it keeps its token (printed in the terminal).
# Jupyter refuses to run as root unless told to (containers, CI machines).
# Saving stores what `make notebooks` stores: the widget manager saves no widget state (overrides.json
# in .venv/share/jupyter/lab/settings) and the pre-save hook strips the widget views, keeping pictures.
# It opens lesson 01 with the left sidebar collapsed (a workspace in .venv/, rewritten on every start).
APP_SETTINGS := $(CURDIR)/$(VENV)/share/jupyter/lab/settings
LAB_OPTIONS := --ServerApp.ip=127.0.0.1 --ContentsManager.pre_save_hook=scripts.strip_widget_state.pre_save_hook \
	$(if $(filter 0,$(shell id -u)),--allow-root)
LAB_EN := $(CURDIR)/$(VENV)/lab
lab: $(STAMP)
	$(BIN)/python scripts/lab_setup.py $(APP_SETTINGS) $(LAB_EN)/workspaces en/01_gradient_descent_numpy.ipynb
	JUPYTERLAB_WORKSPACES_DIR=$(LAB_EN)/workspaces \
		$(BIN)/jupyter lab $(LAB_OPTIONS) --ServerApp.root_dir=notebooks

# JupyterLab in Spanish on notebooks/es/. Its settings and workspaces live in .venv/lab-es/, never in
# the user's own ~/.jupyter, and the language pack's locale is set there on every start.
LAB_ES := $(CURDIR)/$(VENV)/lab-es
TRANSLATION := $(LAB_ES)/settings/@jupyterlab/translation-extension
lab-es: $(STAMP)
	mkdir -p $(TRANSLATION)
	echo '{"locale": "es_ES"}' > $(TRANSLATION)/plugin.jupyterlab-settings
	$(BIN)/python scripts/lab_setup.py $(APP_SETTINGS) $(LAB_ES)/workspaces 01_descenso_gradiente_numpy.ipynb
	JUPYTERLAB_SETTINGS_DIR=$(LAB_ES)/settings JUPYTERLAB_WORKSPACES_DIR=$(LAB_ES)/workspaces \
		$(BIN)/jupyter lab $(LAB_OPTIONS) --ServerApp.root_dir=notebooks/es

# The explorer pages (notebooks/*/00_*.ipynb) as Voilà apps, no code shown, on 127.0.0.1 behind a
# generated token; prints a direct link to each page. APP_PORT=... picks another port; APP_IP=0.0.0.0
# serves the classroom network (same token; links with this computer's address, and a warning).
APP_PORT ?= 8866
APP_IP ?= 127.0.0.1
app: $(STAMP)
	$(BIN)/python scripts/serve_app.py $(APP_PORT) $(APP_IP)

# Unit tests, browser tests (skipped without Chromium), the JupyterHub test of deploy/ (skipped without
# Node.js; it installs the proxy with npm ci) and strict nbval over every notebook,
# one process per core; --dist loadfile keeps each notebook's cells (and each test file) in one process.
# Then the browser timings alone, so that nothing else loads the machine while they measure.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile --nbval --nbval-current-env -m "not timing and not bench" tests notebooks
	$(BIN)/python -m pytest -m timing tests/browser

# The in-process split and worst case of a redraw, each lesson's kernel memory after Run All and the explorer
# page's first picture (plain kernel and Voilà), then drags in JupyterLab in Chromium (skipped without it).
bench: $(STAMP)
	$(BIN)/python bench/bench_explorer.py
	$(BIN)/python bench/kernel_memory.py
	$(BIN)/python -m pytest -m bench -s tests/browser

# The class load test of `make app` (not part of `make test`): 30 simulated students open the explorer
# page at once on 127.0.0.1 and press a key on its slider; then redraws with 1, 2, 4, 8, 16 at once.
load: $(STAMP)
	$(BIN)/python bench/load_voila.py --students 30

# Re-execute every notebook in place (after editing one), storing its outputs without widget
# state, so that the explorer's picture shows before Run All, in nbconvert's HTML and on GitHub.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*/*.ipynb
	$(BIN)/python scripts/strip_widget_state.py notebooks/*/*.ipynb
