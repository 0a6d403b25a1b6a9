# Conventional Pelican targets; every target bootstraps .venv from requirements.txt.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: html serve devserver publish clean test fetch bench bench-import venv

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

html: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

serve: html
	$(PELICAN) --listen --bind $(HOST) --port $(PORT) -o $(OUTPUTDIR) -s $(CONFFILE)

devserver: venv
	$(PELICAN) --autoreload --listen --bind $(HOST) --port $(PORT) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

publish: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF)

clean:
	rm -rf $(OUTPUTDIR) cache

test: venv
	scripts/install_test_deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fetch: venv
	$(BIN)/python scripts/fetch_members.py $(FETCH_ARGS)

bench: venv
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-import: venv
	$(BIN)/python scripts/bench_import.py $(BENCH_ARGS)
