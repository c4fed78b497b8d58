# The two commands of the README:
#   make build   set up .venv, check the data, execute the notebooks, regenerate figures and exports
#                (only what changed; make build FORCE=1 redoes everything)
#   make test    set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test setup check notebooks export bench clean

# FORCE=1 redoes every output, even those whose recorded inputs did not change
build: $(STAMP)
	$(BIN)/python -m reportlib build $(if $(FORCE),--force)

test: $(STAMP)
	$(BIN)/python -m pytest

setup: $(STAMP)

# Re-install when the dependencies change; the package itself is installed editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/python -m reportlib check

notebooks: $(STAMP)
	$(BIN)/python -m reportlib notebooks

export: $(STAMP)
	$(BIN)/python -m reportlib export

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
