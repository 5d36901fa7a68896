# Two commands do all set-up on a fresh machine: `make reports` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PERIOD ?= 2023-12
SEED ?= 0
JOBS ?= 2
STAMP := $(VENV)/.installed

.PHONY: env test lint typecheck pytest synth ingest reports lab docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The `evidence` kernel runs notebooks in this environment, never a stray kernel.
	$(BIN)/python -m ipykernel install --sys-prefix --name evidence --display-name "Python (evidence)"
	touch $(STAMP)

env: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check evidence tests benchmarks docs
	$(BIN)/ruff format --check evidence tests benchmarks docs

typecheck: $(STAMP)
	$(BIN)/mypy evidence

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck pytest

# Embedded default data only when data/raw holds none.
synth: $(STAMP)
	@if [ -z "$$(ls -A data/raw 2>/dev/null)" ]; then \
		$(BIN)/evidence synth --period $(PERIOD) --seed $(SEED); \
	else echo "data/raw already holds data: not generating the default set"; fi

ingest: synth
	$(BIN)/evidence ingest --period $(PERIOD)

reports: ingest
	$(BIN)/evidence run --period $(PERIOD) --countries all --studies all --formats html,pdf --jobs $(JOBS)

# LAB_ARGS: e.g. --no-browser --port 8899 (a server without a browser, for a remote machine).
# As root (a container) JupyterLab needs --allow-root: added when `id -u` is 0.
LAB_ARGS ?=
lab: $(STAMP)
	@$(BIN)/jupyter kernelspec list | grep -q '^ *evidence ' || \
		$(BIN)/python -m ipykernel install --sys-prefix --name evidence --display-name "Python (evidence)"
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# API reference (pdoc), rendered tutorials and data-contract pages into docs/_build/ (git-ignored).
docs: $(STAMP)
	$(BIN)/python docs/build_site.py --out docs/_build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache docs/_build
