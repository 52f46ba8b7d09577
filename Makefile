# Two entry points, both self-contained on a fresh machine with Python 3.11+ and git:
#   make run   set up .venv/, then validate the sample binder and print the report
#   make test  set up .venv/, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The sample binder's review dates are pinned to this day, so its report is stable.
REFERENCE_DAY := 2026-11-16

.PHONY: run test lint setup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/classeur check --today $(REFERENCE_DAY)
	$(BIN)/classeur access

lint: setup
	$(BIN)/ruff check tooling tests bench
	$(BIN)/ruff format --check tooling tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest --cov --cov-report=term

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
