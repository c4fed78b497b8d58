# The two commands of the README:
#   make build   set up .venv, check the data, execute the notebooks, regenerate figures and exports
#                (only what changed; make build FORCE=1 redoes everything)
#   make test    set up .venv, lint the code and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint setup check notebooks export metadata bench clean add-report

# FORCE=1 redoes every output, even those whose recorded inputs did not change
build: $(STAMP)
	$(BIN)/python -m reportlib build $(if $(FORCE),--force)

# Two workers (the machine has two cores), each taking whole test files: a file's shared fixtures (the
# end-to-end rebuild, the export) are built once, on one worker, while the other runs the rest. The files
# start in the order tests/conftest.py gives them (the longest first), not by their number of tests.
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

# ruff, configured in pyproject.toml ([tool.ruff]); `make test` runs it first.
lint: $(STAMP)
	$(BIN)/ruff check

setup: $(STAMP)

# Re-install when the dependencies change; the package itself is installed editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/python -m reportlib check

# make add-report TEXT=path ID=id NAME_ZH=… NAME_EN=… LEVEL=subdistrict CITY_ZH=… CITY_EN=… ARGS="--reviews 2024"
add-report: $(STAMP)
	$(BIN)/python -m reportlib add-report "$(TEXT)" --id "$(ID)" --name-zh "$(NAME_ZH)" --name-en "$(NAME_EN)" \
		--level "$(LEVEL)" --city-zh "$(CITY_ZH)" --city-en "$(CITY_EN)" $(ARGS)

notebooks: $(STAMP)
	$(BIN)/python -m reportlib notebooks

export: $(STAMP)
	$(BIN)/python -m reportlib export

# After changing src/reportlib/curation/schema.py or a vocabulary: data/datapackage.json and the codebook's column tables.
metadata: $(STAMP)
	$(BIN)/python -m reportlib metadata

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
