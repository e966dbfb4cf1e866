# KPI Lab — every command a student, a teacher or a developer needs.
# Only python3 (>= 3.11) and make are required: the rest goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
PORT   ?= 8888
# JupyterLab refuses to run as root unless told it may (containers, CI).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
START  := $(firstword $(wildcard notebooks/00_*.ipynb))
# The dashboard app (Voilà) listens on 8866 unless PORT is given: make dashboard PORT=9000.
DASHBOARD_PORT := $(if $(filter file,$(origin PORT)),8866,$(PORT))

.PHONY: help install lab dashboard test bench data notebooks exercises lock clean

help:
	@echo "make lab    - installe tout (la première fois) et ouvre le cours dans JupyterLab"
	@echo "make dashboard - ouvre le tableau de bord de Roue Libre comme une application (Voilà)"
	@echo "make test   - installe ou met à jour .venv et lance tous les tests"
	@echo "make bench  - mesure la vitesse de kpilab (indicateurs face à DuckDB, import, tests)"
	@echo "make data   - régénère les données de Roue Libre (datasets/)"
	@echo "make notebooks - ré-exécute les leçons et enregistre leurs sorties"
	@echo "make exercises - régénère les exercices des étudiants à partir des corrigés"

# Create .venv when missing, (re)install when pyproject.toml or the pins change.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[course,test]"
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) --port=$(PORT) --ServerApp.root_dir="$(CURDIR)" $(START)

# The dashboard of lesson 08 as a standalone app (code hidden); Voilà needs no --allow-root.
dashboard: $(STAMP)
	@echo "Tableau de bord de Roue Libre : ouvre http://localhost:$(DASHBOARD_PORT)/ dans ton navigateur (Ctrl+C pour arrêter)."
	$(BIN)/voila apps/tableau_de_bord.ipynb --no-browser --port=$(DASHBOARD_PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

# The benchmarks need DuckDB too (the bench extra); not part of make test.
$(BENCH_STAMP): $(STAMP) pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[course,test,bench]"
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_tables.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_tests.py

data: $(STAMP)
	$(BIN)/python -m kpilab.datasets

# Re-run the lessons in the pinned environment and save their outputs.
notebooks: $(STAMP)
	$(BIN)/python -m kpilab.notebooks notebooks/*.ipynb

# Re-run the answer keys (strict mode), then generate the student versions from them.
exercises: $(STAMP)
	KPILAB_STRICT=1 $(BIN)/python -m kpilab.notebooks exercises/corriges/*.ipynb
	$(BIN)/python -m kpilab.exercises.build

# Re-pin every version from a fresh environment (maintainers only).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lock-venv/bin/python -m pip install --quiet -e ".[course,test,bench]"
	{ echo "# Pinned versions used with pip's -c (constraints). Saved notebook outputs are made with these."; \
	  echo "# Regenerate: make lock (in a fresh venv)."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
