# Probity's tasks. `make help` lists them.
# Everything installs from this repository's own files: uv (pinned) from PyPI, then the
# locked dependencies from uv.lock, on the machine's Python 3.11 (uv never downloads one).

PYTHON ?= python3.11
UV_VERSION := 0.13.9
UV := $(PYTHON) -m uv
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
RUN := $(UV) run --locked

.DEFAULT_GOAL := help
.PHONY: help setup browser demo demo-data examples test lint unit docs govuk

help:  ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## Install uv and the locked dependencies into .venv
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	@$(UV) sync --locked --quiet

demo: setup  ## Rate the demonstration inspection, write its report, then serve it in the web application
	@$(RUN) probity validate examples/demo
	@$(RUN) probity rate examples/demo
	@$(RUN) probity report examples/demo --format both --out out/report
	@$(RUN) probity serve --demo

lint: setup  ## ruff (lint and format) and mypy on the core
	$(RUN) ruff check src tests bench examples scripts
	$(RUN) ruff format --check src tests bench examples scripts
	$(RUN) mypy

browser:  ## Debian's Chromium and poppler, axe-core and govuk-frontend (package-lock.json), for browser and PDF tests
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@{ [ -f node_modules/axe-core/axe.min.js ] && [ -d node_modules/govuk-frontend/dist ]; } || npm ci --no-audit --no-fund --silent

unit: setup browser  ## The tests alone: all on SQLite, then the page and browser tests on PostgreSQL
	$(RUN) pytest
	PROBITY_TEST_DATABASE=postgresql $(RUN) pytest -m "pages or browser" tests/web

test: lint unit  ## Every check and every test

docs: setup  ## Regenerate the generated parts of docs/ from the code
	$(RUN) python -c "from pathlib import Path; from probity.bundle.reference import replace_generated as r; p = Path('docs/bundle-format.md'); p.write_text(r(p.read_text()))"

demo-data: setup  ## Regenerate the demonstration bundle (examples/demo and examples/demo.xlsx)
	$(RUN) python examples/generate_demo.py
	$(RUN) probity convert examples/demo examples/demo.xlsx

examples: setup  ## Regenerate the fictional example bundles of the other frameworks (examples/youth-demo, examples/adult-2023-demo)
	$(RUN) python examples/generate_examples.py

govuk:  ## Refresh the vendored GOV.UK Frontend files from package-lock.json's version
	npm ci --no-audit --no-fund --silent
	$(RUN) python scripts/vendor_govuk.py
