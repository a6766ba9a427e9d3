# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

PO_FILES := $(wildcard reunify/locales/*/LC_MESSAGES/reunify.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint format bench clean i18n screenshots tools package docs

# The tests read bundles back with independent PDF tools (qpdf, poppler, and jq for
# the checking page's commands). Installed
# from Debian when missing and this user may (CI runs as root); otherwise the
# tests that need them say so and skip.
PDF_TOOLS := qpdf pdftotext pdffonts pdftoppm pdfdetach jq
tools:
	@missing=""; for t in $(PDF_TOOLS); do command -v $$t >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf poppler-utils jq >/dev/null; \
		else echo "note: install qpdf, poppler-utils and jq to run the bundle's reader tests"; fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compiled catalogs are build output (not in git).
reunify/locales/%/LC_MESSAGES/reunify.mo: reunify/locales/%/LC_MESSAGES/reunify.po $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -D reunify -i $< -o $@

run: $(STAMP) $(MO_FILES)
	$(PY) -m reunify --demo

# Re-extract messages and merge them into every catalog.
i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F pyproject.toml -o reunify/locales/reunify.pot --project=reunify \
		-k NP_:1c,2 --no-location --sort-output --msgid-bugs-address="" --copyright-holder=reunify .
	$(VENV)/bin/pybabel update -i reunify/locales/reunify.pot -d reunify/locales -D reunify --no-fuzzy-matching --ignore-obsolete

# The reviewing lawyer's page of every template (tests/test_reference_docs.py: not stale).
docs: $(STAMP) $(MO_FILES)
	$(PY) -m reunify.workflows.reference --lang en > docs/templates.md
	$(PY) -m reunify.workflows.reference --lang es > docs/plantillas.md

test: $(STAMP) $(MO_FILES) tools
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	@echo "--- the vault tests again, with Windows file semantics simulated (tests/conftest.py)"
	REUNIFY_SIMULATE_WINDOWS=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/test_vault.py tests/test_portable_vault.py
	$(PY) tests/installed/wheel_smoke.py
	$(MAKE) package
	packaging/smoke.sh build/dist/reunify
	$(PY) -m ruff check reunify tests bench tools
	$(PY) -m ruff format --check reunify tests bench tools
	$(PY) -m mypy reunify

PACKAGE_STAMP := $(VENV)/.package-stamp
$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

# The one-folder app (PyInstaller) in build/dist/reunify: reunify (console) and
# reunify-gui (windowed). Windows and macOS steps: packaging/README.md.
package: $(PACKAGE_STAMP) $(MO_FILES)
	PY=$(PY) packaging/build.sh

lint: $(STAMP)
	$(PY) -m ruff check reunify tests bench tools
	$(PY) -m mypy reunify

format: $(STAMP)
	$(PY) -m ruff format reunify tests bench
	$(PY) -m ruff check --fix reunify tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache

BENCH_VAULT ?= $(CURDIR)/.bench/big.reunify

# Builds the 10,000-case vault once (about 15 minutes), then measures it.
bench: $(STAMP) $(MO_FILES)
	$(PY) -m bench.unlock
	$(PY) -m bench.case_open
	mkdir -p $(dir $(BENCH_VAULT))
	test -f $(BENCH_VAULT) || $(PY) -m bench.generate --vault $(BENCH_VAULT)
	$(PY) -m bench.run --vault $(BENCH_VAULT)

# PNGs of the main screens, Spanish and English, into screenshots/ (git ignores it).
screenshots: $(STAMP) $(MO_FILES)
	QT_QPA_PLATFORM=offscreen $(PY) -m reunify.ui.screenshots --out screenshots
