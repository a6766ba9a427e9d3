# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m reunify --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(PY) -m ruff check reunify tests bench
	$(PY) -m ruff format --check reunify tests bench
	$(PY) -m mypy reunify

lint: $(STAMP)
	$(PY) -m ruff check reunify tests bench
	$(PY) -m mypy reunify

format: $(STAMP)
	$(PY) -m ruff format reunify tests bench
	$(PY) -m ruff check --fix reunify tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache

bench: $(STAMP)
	$(PY) -m bench.unlock
