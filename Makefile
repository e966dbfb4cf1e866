# KPI Lab — every command a student, a teacher or a developer needs.
# Only python3 (>= 3.11) and make are required: the rest goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
# pip's and uv's output goes here; on an error its end is shown in the terminal.
INSTALL_LOG := $(VENV)/kpilab/install.log
PORT   ?= 8888
# The dashboard app (Voilà) listens on 8866 unless PORT is given: make dashboard PORT=9000.
DASHBOARD_PORT := $(if $(filter file,$(origin PORT)),8866,$(PORT))
# make lab: the course and the teachers' tools (pytest, nbval); make test adds Playwright
# (the browser tests, 53 MB: a third of the download), make bench adds DuckDB.
EXTRAS := .[course,test]
# make test also installs JupyterHub (the hub extra): tests/browser/test_hub.py starts a class's server for real.
EXTRAS_TEST := .[course,test,browser,hub]
EXTRAS_BENCH := .[course,test,browser,hub,bench]
# The installer: uv, itself installed from PyPI by the venv's pip at the version pinned in
# requirements.lock (3 times faster than pip here: benchmarks/bench_install.py).
# --system-certs: the system's certificates, as pip uses them (school and company proxies).
# uv's cache stays in .venv (its files are hard-linked into site-packages, so it costs little
# room): nothing is written to the home folder, and make clean removes everything.
UV_CACHE_DIR ?= $(VENV)/kpilab/uv-cache
UV_INSTALL := $(BIN)/uv pip install --python $(BIN)/python --system-certs --no-progress \
	--cache-dir $(UV_CACHE_DIR) -c requirements.lock
# Run an install step quietly: its output goes to INSTALL_LOG, shown (its end) only on an error.
define logged
	@{ $(1); } >> $(INSTALL_LOG) 2>&1 || { echo; tail -n 20 $(INSTALL_LOG); echo; \
	  echo "L'installation a échoué (voir ci-dessus). Journal complet : $(INSTALL_LOG)"; exit 1; }
endef

.PHONY: help install lab lab-prof dashboard test bench data notebooks exercises classeurs lock clean

help:
	@echo "make lab    - installe tout (la première fois) et ouvre le cours dans JupyterLab"
	@echo "make lab-prof - la vue enseignant : tous les fichiers, corrigés compris"
	@echo "make dashboard - ouvre le tableau de bord de Roue Libre comme une application (Voilà)"
	@echo "make test   - installe ou met à jour .venv et lance tous les tests"
	@echo "make bench  - mesure la vitesse de kpilab (indicateurs face à DuckDB, import, tests)"
	@echo "make data   - régénère les données de Roue Libre (datasets/)"
	@echo "make notebooks - ré-exécute les leçons et enregistre leurs sorties"
	@echo "make exercises - régénère les exercices des étudiants à partir des corrigés"
	@echo "make classeurs - régénère les classeurs des leçons (classeurs/, un .xlsx par leçon)"
	@echo "make fiches - régénère les fiches de synthèse par bloc (fiches/, PDF) et le glossaire"

# Create .venv when missing, (re)install when pyproject.toml, the pins or the lab's set-up change.
# The last step writes the French JupyterLab settings and the kernels' IPython config into .venv.
$(STAMP): pyproject.toml requirements.lock kpilab/lab.py
	@if [ -x $(BIN)/python ]; then echo "Mise à jour de l'environnement du cours ($(VENV))…"; else \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Il faut Python 3.11 ou plus récent : « $(PYTHON) » est trop ancien ou introuvable (make lab PYTHON=python3.12 pour en choisir un autre)."; exit 1; }; \
	  echo "Première installation du cours dans $(VENV) (environ 170 Mo à télécharger, une quinzaine de secondes avec une bonne connexion)…"; \
	  $(PYTHON) -m venv $(VENV) || { echo "Impossible de créer $(VENV) avec « $(PYTHON) -m venv ». Sous Debian ou Ubuntu, installe d'abord python3-venv : sudo apt install python3-venv"; rm -rf $(VENV); exit 1; }; fi
	@mkdir -p $(VENV)/kpilab && : > $(INSTALL_LOG)
	$(call logged,$(BIN)/python -m pip install --no-cache-dir --disable-pip-version-check -c requirements.lock uv)
	$(call logged,$(UV_INSTALL) -e "$(EXTRAS)")
	$(call logged,$(BIN)/python -m kpilab.lab --setup)
	@touch $(STAMP)
	@echo "Installation terminée."

install: $(STAMP)

# The course's JupyterLab (kpilab/lab.py): French, lesson 00 open, only the student's files shown.
lab: $(STAMP)
	@$(BIN)/python -m kpilab.lab --port=$(PORT)

# The teacher's view: every file, the answer keys of exercises/corriges/ included.
lab-prof: $(STAMP)
	@$(BIN)/python -m kpilab.lab --prof --port=$(PORT)

# The dashboard of lesson 08 as a standalone app (code hidden); Voilà needs no --allow-root.
dashboard: $(STAMP)
	@echo "Tableau de bord de Roue Libre : ouvre http://localhost:$(DASHBOARD_PORT)/ dans ton navigateur (Ctrl+C pour arrêter)."
	$(BIN)/voila apps/tableau_de_bord.ipynb --no-browser --port=$(DASHBOARD_PORT)

# The browser tests need Playwright (the browser extra), the hub test JupyterHub (the hub extra) and
# its proxy (configurable-http-proxy, from npm into .venv/kpilab/hub-proxy): installed by make test only.
$(TEST_STAMP): $(STAMP)
	@echo "Ajout des outils des tests (Playwright, JupyterHub et son proxy)…"
	$(call logged,$(UV_INSTALL) -e "$(EXTRAS_TEST)")
	$(call logged,$(BIN)/python -m kpilab.hub.proxy --install)
	@touch $(TEST_STAMP)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

# The benchmarks need DuckDB too (the bench extra); not part of make test.
$(BENCH_STAMP): $(TEST_STAMP)
	$(call logged,$(UV_INSTALL) -e "$(EXTRAS_BENCH)")
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_tables.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_own_data.py
	$(BIN)/python benchmarks/bench_tests.py
	$(BIN)/python benchmarks/bench_formula_check.py

data: $(STAMP)
	$(BIN)/python -m kpilab.datasets

# Re-run the lessons in the pinned environment and save their outputs.
notebooks: $(STAMP)
	$(BIN)/python -m kpilab.notebooks notebooks/*.ipynb

# Re-run the answer keys (strict mode), then generate the student versions from them.
exercises: $(STAMP)
	KPILAB_STRICT=1 $(BIN)/python -m kpilab.notebooks exercises/corriges/*.ipynb
	$(BIN)/python -m kpilab.exercises.build

# The lessons' workbooks (kpilab/spreadsheet/lessons/): one .xlsx per lesson in classeurs/, live formulas
# beside kpilab's values; a workbook is rewritten only when its bytes change.
classeurs: $(STAMP)
	$(BIN)/python -m kpilab.spreadsheet

# The fiches de synthèse, one A4 page per bloc (fiches/*.ipynb executed, then printed to PDF by
# Chromium), and the glossary notebooks/glossaire.md gathered from the lessons' vocabulary tables.
.PHONY: fiches
fiches: $(STAMP)
	$(BIN)/python -m kpilab.handouts

# Re-pin every version from a fresh environment (maintainers only); uv is pinned too.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lock-venv/bin/python -m pip install --quiet uv -e "$(EXTRAS_BENCH)"
	{ echo "# Pinned versions used with pip's -c (constraints). Saved notebook outputs are made with these."; \
	  echo "# Regenerate: make lock (in a fresh venv)."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
