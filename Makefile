# Two entry points, both self-contained on a fresh machine with Python 3.11+ and git:
#   make run   set up .venv/, validate the sample binder, build every audience's site
#              into public/ and serve them at http://127.0.0.1:8000/ (Ctrl-C stops)
#   make test  set up .venv/, then lint, type-check and run the whole test suite
#   make build the sites without serving them
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The sample binder's review dates are pinned to this day, so its report is stable.
REFERENCE_DAY := 2026-11-16

.PHONY: run build test lint setup browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: build
	$(BIN)/classeur serve --out public --port 8000 --today $(REFERENCE_DAY)

build: setup
	$(BIN)/classeur check --today $(REFERENCE_DAY)
	$(BIN)/classeur access --today $(REFERENCE_DAY)
	$(BIN)/classeur build --all --out public --today $(REFERENCE_DAY)

lint: setup
	$(BIN)/ruff check tooling tests bench
	$(BIN)/ruff format --check tooling tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium, the export's PDF tests WeasyPrint, which
# needs Pango, and the steering pack's the DejaVu Sans font; they fail, never skip,
# without them.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
browser:
	@{ command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0 && [ -f $(DEJAVU) ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	  else \
	    echo "The tests need Debian's $(SYSTEM_PACKAGES): sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; \
	  fi; }

test: lint browser
	$(BIN)/python -m pytest --cov --cov-report=term

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage public test-output
