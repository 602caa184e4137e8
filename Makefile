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
.PHONY: help setup demo test lint unit

help:  ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## Install uv and the locked dependencies into .venv
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	@$(UV) sync --locked --quiet

demo: setup  ## Rate the Staffordshire and Stoke summary and print its ratings page
	@$(RUN) probity rate examples/staffordshire-and-stoke.summary.yaml

lint: setup  ## ruff (lint and format) and mypy on the core
	$(RUN) ruff check src tests
	$(RUN) ruff format --check src tests
	$(RUN) mypy

unit: setup  ## The tests alone
	$(RUN) pytest

test: lint unit  ## Every check and every test
