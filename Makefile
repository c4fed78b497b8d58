# The two commands of the README:
#   make build   set up .venv, check the data, execute the notebooks, regenerate figures and exports
#   make test    set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test setup check notebooks export bench clean

build: $(STAMP)
	$(BIN)/python -m reportlib build

# Two workers (the machine has two cores), each taking whole test files: a file's shared fixtures (the
# end-to-end rebuild, the export) are built once, on one worker, while the other runs the rest.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

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
